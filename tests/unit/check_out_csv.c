/*
 * check_out_csv.c — audit as CSV: the stable header, one row per role
 * with the verdict fields, RFC 4180 quoting, formula-like cells made
 * inert for spreadsheets, and the heaviest evidence first.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "testutil.h"
#include "writer.h"

#define HEADER	"file,line,id,title,department,class,confidence,ops_score," \
		"pm_score,scope,nature,cycle,metrics,skills,flags,conflicts," \
		"title_lean,top_evidence\n"

static const int OPS[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, -1 };

/* Writes the roles in R as CSV; returns the output. */
static char *
csv(struct trole *r, size_t n)
{
	struct writer_opts wo = { 0 };
	struct totals t;
	struct file_totals f;
	struct tu_mem m;
	void *st;

	tu_totals(&t, &f, "jobs.csv");
	st = writer_csv.begin(tu_mem_open(&m), NULL, &wo);
	for (size_t i = 0; i < n; i++) {
		writer_csv.role(st, &r[i].r);
		tu_count(&t, &f, &r[i].r);
	}
	ck_assert_int_eq(writer_csv.end(st, &t), 0);
	return tu_mem_close(&m);
}

START_TEST(test_header_even_without_roles)
{
	char *out = csv(NULL, 0);

	ck_assert_str_eq(out, HEADER);
	free(out);
}
END_TEST

START_TEST(test_row_fields)
{
	static const int mixed[] = { TU_OPS_DAILY, TU_OPS_LONG, TU_PM_PLAN,
	    TU_PM_MILESTONE, TU_PM_RISK, -1 };
	struct trole r[3];
	char *out;

	tu_role(&r[0], "jobs.csv", 2, "OPS-1", "运营专员", "运营部",
	    "daily KPI long-term", OPS);
	tu_role(&r[1], "jobs.csv", 3, "MIX-1", "Lead", "",
	    "daily long-term plan milestone risk", mixed);
	tu_role(&r[2], "jobs.csv", 4, "MIS-1", "PM", "IT", "daily KPI long-term",
	    (const int[]){ TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, TU_TITLE_PM,
	    -1 });
	out = csv(r, 3);
	ck_assert_str_eq(out, HEADER
	    "jobs.csv,2,OPS-1,运营专员,运营部,operations,1.00,4.5,0,ops,,ops,ops,,"
	    ",,,ops-daily;ops-kpi;ops-longterm\n"
	    "jobs.csv,3,MIX-1,Lead,,mixed,0.67,3,4.5,both,,both,,pm,,"
	    "scope;cycle,,ops-daily;pm-plan;pm-milestone;ops-longterm;pm-risk\n"
	    "jobs.csv,4,MIS-1,PM,IT,operations,1.00,4.5,0,ops,,ops,ops,,"
	    "title-mismatch,,pm,ops-daily;ops-kpi;ops-longterm\n");
	free(out);
}
END_TEST

START_TEST(test_top_evidence_is_five_heaviest_text_rules)
{
	static const int all[] = { TU_OPS_LONG, TU_PM_RISK, TU_OPS_KPI,
	    TU_PM_MILESTONE, TU_OPS_DAILY, TU_PM_PLAN, TU_TITLE_OPS, -1 };
	struct trole r[1];
	char *out, *ev;

	tu_role(&r[0], "jobs.csv", 2, "X", "t", "d", "", all);
	out = csv(r, 1);
	/* By weight, ties by rule order; the sixth is left out, and title
	 * rules are not evidence about the duties. */
	ev = strrchr(out, ',');
	ck_assert_str_eq(ev, ",ops-daily;pm-plan;ops-kpi;pm-milestone;"
	    "ops-longterm\n");
	ck_assert_ptr_null(strstr(out, "title-ops"));
	ck_assert_ptr_null(strstr(out, "pm-risk"));
	free(out);
}
END_TEST

START_TEST(test_quoting)
{
	struct trole r[1];
	char *out;

	tu_role(&r[0], "dir, with comma/jobs.csv", 2, "A\"1", "line\nbreak",
	    "R&D, \"core\"", "daily KPI long-term", OPS);
	out = csv(r, 1);
	ck_assert_ptr_nonnull(strstr(out, "\n\"dir, with comma/jobs.csv\",2,"
	    "\"A\"\"1\",\"line\nbreak\",\"R&D, \"\"core\"\"\",operations,"));
	free(out);
}
END_TEST

START_TEST(test_formula_cells_are_inert)
{
	static const char *const bad[] = { "=1+1", "+SUM(A1)", "-2+3",
	    "@cmd", "\tTAB", "\rCR", "＝1", "＋1", "－1", "＠x" };
	char want[128], *out;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct trole r[1];

		tu_role(&r[0], "jobs.csv", 2, "ID", bad[i], "d",
		    "daily KPI long-term", OPS);
		out = csv(r, 1);
		/* quoted, with a single quote in front */
		snprintf(want, sizeof(want), ",ID,\"'%s\",d,", bad[i]);
		ck_assert_msg(strstr(out, want) != NULL, "cell %zu not "
		    "neutralised: %s", i, out);
		free(out);
	}
	/* in the id, the department and the file name too */
	{
		struct trole r[1];

		tu_role(&r[0], "=x.csv", 2, "=ID", "t", "@dept",
		    "daily KPI long-term", OPS);
		out = csv(r, 1);
		ck_assert_ptr_nonnull(strstr(out, "\n\"'=x.csv\",2,\"'=ID\",t,"
		    "\"'@dept\",operations,"));
		free(out);
	}
	/* a sign elsewhere in the cell is fine */
	{
		struct trole r[1];

		tu_role(&r[0], "jobs.csv", 2, "A-1", "a=b", "d", "daily", OPS);
		out = csv(r, 1);
		ck_assert_ptr_nonnull(strstr(out, ",A-1,a=b,d,"));
		free(out);
	}
}
END_TEST

START_TEST(test_unclassified_and_title_lean)
{
	struct trole r[2];
	char *out;

	tu_role(&r[0], "jobs.csv", 2, "U", "t", "d", "", (const int[]){ -1 });
	tu_role(&r[1], "jobs.csv", 3, "T", "运维", "d", "",
	    (const int[]){ TU_TITLE_OPS, -1 });
	out = csv(r, 2);
	ck_assert_ptr_nonnull(strstr(out, "\njobs.csv,2,U,t,d,unclassified,1.00,"
	    "0,0,,,,,,,,,\n"));
	/* the title leans, the duties say nothing: no mismatch */
	ck_assert_ptr_nonnull(strstr(out, "\njobs.csv,3,T,运维,d,unclassified,"
	    "1.00,0,0,,,,,,,,ops,\n"));
	free(out);
}
END_TEST

Suite *
out_csv_suite(void)
{
	Suite *s = suite_create("out_csv");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_header_even_without_roles);
	tcase_add_test(tc, test_row_fields);
	tcase_add_test(tc, test_top_evidence_is_five_heaviest_text_rules);
	tcase_add_test(tc, test_quoting);
	tcase_add_test(tc, test_formula_cells_are_inert);
	tcase_add_test(tc, test_unclassified_and_title_lean);
	suite_add_tcase(s, tc);
	return s;
}
