/*
 * check_out_text.c — the human audit formats: the aligned table (header,
 * cut and padded cells, notes, colour only when asked, the summary with
 * its per-file accounting) and the explain view of one role's evidence.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "testutil.h"
#include "writer.h"

static const int OPS[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, -1 };
static const int MIXED[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN, -1 };
static const int MIXED2[] = { TU_OPS_DAILY, TU_OPS_LONG, TU_PM_PLAN,
    TU_PM_MILESTONE, -1 };
static const int MISMATCH[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG,
    TU_TITLE_PM, -1 };
static const int NONE[] = { -1 };

/* Runs writer W over the N roles in R; returns its output. */
static char *
run(const struct writer_ops *w, const struct writer_opts *wo,
    struct trole *r, size_t n, struct totals *t, int *rc)
{
	struct tu_mem m;
	void *st;

	st = w->begin(tu_mem_open(&m), NULL, wo);
	for (size_t i = 0; i < n; i++)
		w->role(st, &r[i].r);
	*rc = w->end(st, t);
	return tu_mem_close(&m);
}

/* Runs the text table over R, counting every role in one file. */
static char *
table(struct trole *r, size_t n, int color)
{
	struct writer_opts wo = { .color = color };
	struct totals t;
	struct file_totals f;
	char *out;
	int rc;

	tu_totals(&t, &f, "jobs.csv");
	for (size_t i = 0; i < n; i++)
		tu_count(&t, &f, &r[i].r);
	out = run(&writer_text, &wo, r, n, &t, &rc);
	ck_assert_int_eq(rc, 0);
	return out;
}

START_TEST(test_header_and_row_layout)
{
	struct trole r[1];
	char want[512], *out, *nl;

	tu_role(&r[0], "jobs.csv", 2, "OPS-1", "Ops lead", "Support", "daily KPI "
	    "long-term", OPS);
	out = table(r, 1, 0);
	/* The location column is the path's width plus six, so that lines
	 * up to five digits line up. */
	snprintf(want, sizeof(want), "%-14s  %-12s  %-24s  %-14s  %-18s  CONF"
	    "   OPS    PM  NOTES\n", "LOCATION", "ID", "TITLE", "DEPARTMENT",
	    "CLASS");
	ck_assert_int_eq(strncmp(out, want, strlen(want)), 0);
	nl = out + strlen(want);
	/* No notes: the line ends at the PM score, without trailing
	 * blanks. */
	snprintf(want, sizeof(want), "%-14s  %-12s  %-24s  %-14s  %-18s  "
	    "1.00   4.5   0.0\n", "jobs.csv:2", "OPS-1", "Ops lead", "Support",
	    "operations");
	ck_assert_int_eq(strncmp(nl, want, strlen(want)), 0);
	free(out);
}
END_TEST

START_TEST(test_cells_cut_padded_and_cleaned)
{
	struct trole r[2];
	char *out, *line;

	/* 16 characters of id into 12 columns: 11 and the cut mark. */
	tu_role(&r[0], "jobs.csv", 2, "ABCDEFGHIJKLMNOP",
	    "负责日常运营与数据分析的岗位名称很长", "运营部", "daily", OPS);
	/* Control characters in input text print as spaces. */
	tu_role(&r[1], "jobs.csv", 3, "X\tY", "\033[31mred\033[0m", "",
	    "daily", OPS);
	out = table(r, 2, 0);
	line = strstr(out, "jobs.csv:2");
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_nonnull(strstr(line, "  ABCDEFGHIJK~  "));
	/* Eleven CJK characters fill 22 columns, the mark one, a space the
	 * 24th; a twelfth character would not fit. */
	ck_assert_ptr_nonnull(strstr(line,
	    "  负责日常运营与数据分析~   运营部        "));
	line = strstr(out, "jobs.csv:3");
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_null(strchr(out, '\t'));
	ck_assert_ptr_nonnull(strstr(line, "  X Y           "));
	ck_assert_ptr_nonnull(strstr(line, "   [31mred [0m"));
	/* An empty department shows as "-". */
	ck_assert_ptr_nonnull(strstr(line, "  -               operations"));
	free(out);
}
END_TEST

START_TEST(test_notes_conflicts_and_title_mismatch)
{
	struct trole r[3];
	char *out, *line, *end;

	tu_role(&r[0], "jobs.csv", 2, "MIX-1", "运营项目专员", "运营部",
	    "daily long-term plan milestone", MIXED2);
	tu_role(&r[1], "jobs.csv", 3, "MIS-1", "项目经理", "运营部",
	    "daily KPI long-term", MISMATCH);
	tu_role(&r[2], "jobs.csv", 4, "MIX-2", "t", "d", "daily KPI plan", MIXED);
	out = table(r, 3, 0);
	line = strstr(out, "jobs.csv:2");
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(r[0].r.v.cls, CLASS_MIXED);
	ck_assert_ptr_nonnull(strstr(line, "mixed               0.86   3.0   "
	    "3.5  conflicts: scope,cycle\n"));
	line = strstr(out, "jobs.csv:3");
	ck_assert_ptr_nonnull(strstr(line, "operations          1.00   4.5   "
	    "0.0  title-mismatch (title reads pm)\n"));
	line = strstr(out, "jobs.csv:4");
	end = strchr(line, '\n');
	ck_assert_ptr_nonnull(strstr(line, "0.57   3.5   2.0  conflicts: "
	    "scope\n"));
	ck_assert_ptr_null(memchr(line, '~', (size_t)(end - line)));
	free(out);
}
END_TEST

START_TEST(test_color_only_when_asked)
{
	struct trole r[2];
	char *out;

	tu_role(&r[0], "jobs.csv", 2, "MIX-1", "t", "d", "daily KPI plan",
	    MIXED);
	tu_role(&r[1], "jobs.csv", 3, "OPS-1", "t", "d", "daily KPI long-term",
	    OPS);
	out = table(r, 2, 1);
	ck_assert_ptr_nonnull(strstr(out, "\033[1;35mmixed             "
	    "\033[0m  0.57"));
	ck_assert_ptr_nonnull(strstr(out, "\033[32moperations        "
	    "\033[0m  1.00"));
	/* the header and the summary stay plain */
	ck_assert_int_eq(strncmp(out, "LOCATION", 8), 0);
	ck_assert_ptr_null(strstr(strstr(out, "\n\n"), "\033"));
	free(out);
	out = table(r, 2, 0);
	ck_assert_ptr_null(strchr(out, '\033'));
	free(out);
}
END_TEST

START_TEST(test_summary_accounting)
{
	struct trole r[3];
	struct writer_opts wo = { 0 };
	struct totals t;
	struct file_totals f[2];
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "A", "t", "d", "daily KPI long-term", OPS);
	tu_role(&r[1], "a.csv", 3, "B", "t", "d", "daily KPI plan", MIXED);
	tu_role(&r[2], "b.csv", 2, "C", "t", "d", "", NONE);
	tu_totals(&t, &f[0], "a.csv");
	memset(&f[1], 0, sizeof(f[1]));
	f[1].path = "b.csv";
	t.nfiles = 2;
	tu_count(&t, &f[0], &r[0].r);
	tu_count(&t, &f[0], &r[1].r);
	tu_count(&t, &f[1], &r[2].r);
	/* a.csv had a rejected row; b.csv stopped early */
	f[0].rows_read++;
	f[0].rejected++;
	t.rows_read++;
	t.rejected++;
	f[1].failed = 1;
	out = run(&writer_text, &wo, r, 3, &t, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "\n\n3 roles: 1 operations, 0 "
	    "project-management, 1 mixed, 1 unclassified; 0 title-mismatch\n"
	    "a.csv: 3 rows read = 2 classified + 1 rejected\n"
	    "b.csv: 1 row read = 1 classified + 0 rejected (file not fully "
	    "read)\n"));
	/* the output ends with the summary */
	ck_assert_str_eq(out + strlen(out) - strlen("(file not fully read)\n"),
	    "(file not fully read)\n");
	free(out);
}
END_TEST

START_TEST(test_no_roles_and_singular)
{
	struct trole r[1];
	struct writer_opts wo = { 0 };
	struct totals t;
	struct file_totals f;
	char *out;
	int rc;

	tu_totals(&t, &f, "empty.csv");
	out = run(&writer_text, &wo, NULL, 0, &t, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "no roles\n\n0 roles: 0 operations, 0 "
	    "project-management, 0 mixed, 0 unclassified; 0 title-mismatch\n"
	    "empty.csv: 0 rows read = 0 classified + 0 rejected\n");
	free(out);
	tu_role(&r[0], "one.csv", 2, "P", "项目经理", "d", "daily KPI long-term",
	    MISMATCH);
	out = table(r, 1, 0);
	ck_assert_ptr_null(strstr(out, "no roles"));
	ck_assert_ptr_nonnull(strstr(out, "\n1 role: 1 operations, 0 "
	    "project-management, 0 mixed, 0 unclassified; 1 title-mismatch\n"));
	free(out);
}
END_TEST

START_TEST(test_long_location_pushes_its_row_only)
{
	struct trole r[2];
	char *out, *a, *b;

	/* "x.csv" gives an 11-column location; line 1234567 needs 13. */
	tu_role(&r[0], "x.csv", 2, "A", "t", "d", "daily KPI long-term", OPS);
	tu_role(&r[1], "x.csv", 1234567, "B", "t", "d", "daily KPI long-term",
	    OPS);
	out = table(r, 2, 0);
	a = strstr(out, "x.csv:2 ");
	b = strstr(out, "x.csv:1234567");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(strncmp(a, "x.csv:2      A ", 15), 0);
	ck_assert_int_eq(strncmp(b, "x.csv:1234567  B ", 17), 0);
	free(out);
}
END_TEST

/* --- explain ------------------------------------------------------------ */

static char *
explain(struct trole *r, size_t n, const char *id, int *rc, char **err)
{
	static struct thresholds th;
	struct writer_opts wo = { .explain = id, .th = &th };
	struct totals t;
	struct file_totals f;
	char *out;

	thresholds_default(&th);
	tu_totals(&t, &f, "jobs.csv");
	tu_diag_begin();
	out = run(&writer_explain, &wo, r, n, &t, rc);
	*err = tu_diag_end();
	return out;
}

/* Explains role ID of R and checks that the text holds WANT. */
static void
explain_has(struct trole *r, size_t n, const char *id, const char *want)
{
	char *out, *err;
	int rc;

	out = explain(r, n, id, &rc, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(out, want) != NULL, "no \"%s\" in:\n%s", want,
	    out);
	free(out);
	free(err);
}

/* Duties that read as the other side but weigh too little for a
 * title-mismatch: explain says why there is no flag. */
START_TEST(test_explain_thin_mismatch)
{
	static const int thin[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_TITLE_PM, -1 };
	static const int flag[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG,
	    TU_TITLE_PM, -1 };
	struct trole r[2];

	tu_role(&r[0], "jobs.csv", 2, "THIN", "项目经理", "d", "daily KPI",
	    thin);
	tu_role(&r[1], "jobs.csv", 3, "FLAG", "项目经理", "d",
	    "daily KPI long-term", flag);
	explain_has(r, 2, "THIN", "class: operations, confidence 0.88; "
	    "ops 3.5, pm 0\ntitle reads: pm (the duties read otherwise, but "
	    "weigh 3.5, below --mismatch-min 4: no title-mismatch)\n");
	explain_has(r, 2, "FLAG", "\ntitle reads: pm (title-mismatch: "
	    "the duties read otherwise)\n");
}
END_TEST

START_TEST(test_explain_one_role)
{
	static const int which[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN,
	    TU_TITLE_PM, -1 };
	struct trole r[2];
	char *out, *err;
	int rc;

	tu_role(&r[0], "jobs.csv", 2, "OTHER", "t", "d", "daily KPI long-term",
	    OPS);
	tu_role(&r[1], "jobs.csv", 3, "MIX-1", "项目经理", "运营部",
	    "plan the daily KPI", which);
	tu_miss(&r[1], TU_PM_RISK, "match limit");
	out = explain(r, 2, "MIX-1", &rc, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_null(strstr(out, "OTHER"));
	ck_assert_int_eq(strncmp(out, "jobs.csv:3: MIX-1 项目经理 (运营部)\n"
	    "class: mixed, confidence 0.57; ops 3.5, pm 2\n"
	    "conflicting dimensions: scope\n"
	    "title reads: pm\n"
	    "\n  scope: ops 2, pm 2  <- conflict\n"
	    "    ops  +2    ops-daily\n"
	    "           duties @9: \"daily\"\n"
	    "           article: Operations work is ongoing and repetitive.\n"
	    "    pm   +2    pm-plan\n"
	    "           duties @0: \"plan\"\n"
	    "\n  nature: ops 0, pm 0\n"
	    "    (no rule fired)\n", strlen("jobs.csv:3: MIX-1 项目经理 (运营部)\n"
	    "class: mixed, confidence 0.57; ops 3.5, pm 2\n"
	    "conflicting dimensions: scope\n"
	    "title reads: pm\n"
	    "\n  scope: ops 2, pm 2  <- conflict\n"
	    "    ops  +2    ops-daily\n"
	    "           duties @9: \"daily\"\n"
	    "           article: Operations work is ongoing and repetitive.\n"
	    "    pm   +2    pm-plan\n"
	    "           duties @0: \"plan\"\n"
	    "\n  nature: ops 0, pm 0\n"
	    "    (no rule fired)\n")), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n  metrics: ops 1.5, pm 0\n"
	    "    ops  +1.5  ops-kpi\n           duties @15: \"KPI\"\n"));
	/* Title rules are listed apart, against the title. */
	ck_assert_ptr_nonnull(strstr(out, "\n  title:\n    pm   +3    title-pm\n"
	    "           title @0: \"项目经理\"\n"));
	ck_assert_ptr_nonnull(strstr(out, "  not evaluated: pm-risk (match "
	    "limit)\n"));
	/* explain has no table summary */
	ck_assert_ptr_null(strstr(out, "rows read"));
	free(out);
	free(err);
}
END_TEST

/* Where a hit is, in characters: 负责提升 is four, twelve bytes. */
START_TEST(test_explain_offset_in_characters)
{
	static const int which[] = { TU_OPS_KPI, -1 };
	struct trole r[1];
	char *out, *err;
	int rc;

	tu_role(&r[0], "jobs.csv", 2, "ZH-1", "运营专员", "运营部",
	    "负责提升KPI", which);
	ck_assert_uint_eq(r[0].hits[0].offset, 12);
	out = explain(r, 1, "ZH-1", &rc, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(strstr(out, "duties @4: \"KPI\"") != NULL, "%s", out);
	free(out);
	free(err);
}
END_TEST

START_TEST(test_explain_every_role_with_the_id)
{
	struct trole r[2];
	char *out, *err;
	int rc;

	/* Ids repeat across files; each role is shown, blank-separated. */
	tu_role(&r[0], "a.csv", 2, "DUP", "", "", "daily KPI long-term", OPS);
	tu_role(&r[1], "b.csv", 5, "DUP", "", "", "\033]0;x\007daily", OPS);
	r[1].hits[0].offset = 0;
	r[1].hits[0].len = strlen(r[1].text[0].ptr);
	r[1].r.nhits = r[1].r.ntext_hits = 1;
	out = explain(r, 2, "DUP", &rc, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(strncmp(out, "a.csv:2: DUP\n", 13), 0);
	ck_assert_ptr_nonnull(strstr(out, "\n\nb.csv:5: DUP\n"));
	/* no title: no "title reads" line; matched text printed safely */
	ck_assert_ptr_null(strstr(out, "title reads"));
	ck_assert_ptr_nonnull(strstr(out, "duties @0: \" ]0;x daily\"\n"));
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_null(strchr(out, '\007'));
	free(out);
	free(err);
}
END_TEST

START_TEST(test_explain_missing_id_is_an_error)
{
	struct trole r[1];
	char *out, *err;
	int rc;

	tu_role(&r[0], "jobs.csv", 2, "OPS-1", "t", "d", "daily", OPS);
	out = explain(r, 1, "NOPE", &rc, &err);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(err, "no role with id 'NOPE' in the "
	    "input"));
	free(out);
	free(err);
}
END_TEST

Suite *
out_text_suite(void)
{
	Suite *s = suite_create("out_text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_header_and_row_layout);
	tcase_add_test(tc, test_cells_cut_padded_and_cleaned);
	tcase_add_test(tc, test_notes_conflicts_and_title_mismatch);
	tcase_add_test(tc, test_color_only_when_asked);
	tcase_add_test(tc, test_summary_accounting);
	tcase_add_test(tc, test_no_roles_and_singular);
	tcase_add_test(tc, test_long_location_pushes_its_row_only);
	tcase_add_test(tc, test_explain_one_role);
	tcase_add_test(tc, test_explain_thin_mismatch);
	tcase_add_test(tc, test_explain_offset_in_characters);
	tcase_add_test(tc, test_explain_every_role_with_the_id);
	tcase_add_test(tc, test_explain_missing_id_is_an_error);
	suite_add_tcase(s, tc);
	return s;
}
