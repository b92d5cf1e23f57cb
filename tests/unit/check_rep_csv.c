/*
 * check_rep_csv.c — the report as CSV, beyond the formula check in
 * check_report.c: the stable header, one row per department in report
 * order and "(all)" last, and each column's value and format.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "suites.h"
#include "testutil.h"

#define HEADER "department,roles,operations,project_management,mixed," \
	"unclassified,mixed_share,title_mismatch,mean_scope_ops,mean_scope_pm," \
	"mean_nature_ops,mean_nature_pm,mean_cycle_ops,mean_cycle_pm," \
	"mean_metrics_ops,mean_metrics_pm,mean_skills_ops,mean_skills_pm," \
	"conflicts_scope,conflicts_nature,conflicts_cycle,conflicts_metrics," \
	"conflicts_skills,top_conflicts,top_rules,kind\n"

START_TEST(test_rows)
{
	struct report *rep = tu_report_fixture();
	char *out = tu_report_render(&rep_csv, rep);

	ck_assert_str_eq(out, HEADER
	    "运营部,3,2,0,1,0,0.3333,1,2,0.6667,0,0,0.6667,0,1.5,0,0,0,"
	    "1,0,0,0,0,scope,ops-daily=3;ops-kpi=3;ops-longterm=2;pm-plan=1,"
	    "department\n"
	    "(no department),1,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,"
	    "no-department\n"
	    "项目部,1,0,1,0,0,0,0,0,2,0,0,0,1.5,0,0,0,1,0,0,0,0,0,,"
	    "pm-milestone=1;pm-plan=1;pm-risk=1,department\n"
	    "(all),5,2,1,1,1,0.2,1,1.2,0.8,0,0,0.4,0.3,0.9,0,0,0.2,"
	    "1,0,0,0,0,scope,ops-daily=3;ops-kpi=3;ops-longterm=2;pm-plan=2;"
	    "pm-milestone=1,all\n");
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_empty_report_has_header_and_all)
{
	struct report *rep = report_new();
	char *out;

	report_finish(rep);
	out = tu_report_render(&rep_csv, rep);
	ck_assert_str_eq(out, HEADER
	    "(all),0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,all\n");
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_quoted_department)
{
	static const int ops[] = { TU_OPS_DAILY, TU_OPS_KPI, -1 };
	struct report *rep = report_new();
	struct trole r;
	char *out;

	tu_role(&r, "a.csv", 2, "1", "t", "Sales, \"East\"\nteam", "", ops);
	report_add_role(rep, &r.r);
	report_finish(rep);
	out = tu_report_render(&rep_csv, rep);
	ck_assert_ptr_nonnull(strstr(out, "\n\"Sales, \"\"East\"\"\nteam\",1,1,"));
	free(out);
	report_free(rep);
}
END_TEST

Suite *
rep_csv_suite(void)
{
	Suite *s = suite_create("rep_csv");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_empty_report_has_header_and_all);
	tcase_add_test(tc, test_quoted_department);
	suite_add_tcase(s, tc);
	return s;
}
