/*
 * check_rep_text.c — the report as aligned text, beyond the CJK
 * alignment check_report.c covers: the headline, each section in order,
 * right-aligned numbers, the review list with its flags, "none" when
 * nothing is to review, control characters as spaces, and the file
 * accounting with its total.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "suites.h"
#include "testutil.h"

START_TEST(test_sections_in_order)
{
	static const char *const heads[] = {
		"roleaudit report: 3 departments, 5 roles, 2 to review\n",
		"\nRoles by department (most mixed first)\n",
		"\nMean score per role, ops/pm\n",
		"\nRules that fire most (roles per rule, top 5)\n",
		"\nTo review: mixed and title-mismatch roles\n",
		"\nFiles\n",
	};
	struct report *rep = tu_report_fixture();
	char *out = tu_report_render(&rep_text, rep);
	const char *at = out;

	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		const char *p = strstr(at, heads[i]);

		ck_assert_msg(p != NULL, "section %zu missing or out of order", i);
		at = p + strlen(heads[i]);
	}
	ck_assert_ptr_eq(strstr(out, heads[0]), out);
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_rows)
{
	struct report *rep = tu_report_fixture();
	char *out = tu_report_render(&rep_text, rep);

	/* numbers right-aligned under their headings; "-" for nothing */
	ck_assert_ptr_nonnull(strstr(out, "\n  department       roles  ops  pm  "
	    "mixed  uncl  mixed%  mismatch  conflicts\n"
	    "  运营部               3    2   0      1     0   33.3%         1  "
	    "scope\n"
	    "  (no department)      1    0   0      0     1    0.0%         0  "
	    "-\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  (all)                5    2   1      "
	    "1     1   20.0%         1  scope\n"));
	ck_assert_ptr_nonnull(strstr(out, "  项目部           0.00/2.00  "
	    "0.00/0.00  0.00/1.50  0.00/0.00  0.00/1.00\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  运营部           ops-daily 3, "
	    "ops-kpi 3, ops-longterm 2, pm-plan 1\n"
	    "  (no department)  -\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  location  id     title         "
	    "department  class       flags\n"
	    "  a.csv:4   MIS-1  项目经理      运营部      operations  "
	    "title-mismatch\n"
	    "  a.csv:3   MIX-1  运营项目经理  运营部      mixed       "
	    "conflicts: scope\n"));
	ck_assert_str_eq(strstr(out, "\nFiles\n"), "\nFiles\n"
	    "  a.csv: 6 rows read = 5 classified + 1 rejected\n"
	    "  total: 6 rows read = 5 classified + 1 rejected\n"
	    "\nThresholds: min-evidence 2, mixed-min 2, mixed-ratio 0.4, "
	    "mixed-duty 1, mismatch-min 4\n");
	/* no line ends in a blank */
	ck_assert_ptr_null(strstr(out, " \n"));
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_empty_report_and_control_characters)
{
	static const int mixed[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN,
	    TU_TITLE_PM, -1 };
	struct report *rep = report_new();
	struct totals t;
	struct file_totals f;
	struct trole r;
	char *out;

	report_finish(rep);
	out = tu_report_render(&rep_text, rep);
	ck_assert_ptr_eq(strstr(out, "roleaudit report: 0 departments, 0 roles, "
	    "0 to review\n"), out);
	ck_assert_ptr_nonnull(strstr(out, "\nTo review: mixed and title-mismatch "
	    "roles\n  none\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nFiles\n  total: 0 rows read = 0 "
	    "classified + 0 rejected\n"));
	free(out);
	report_free(rep);

	rep = report_new();
	tu_role(&r, "x\033[2J.csv", 2, "ID\t1", "\033]0;t\007", "d\r\n",
	    "", mixed);
	report_add_role(rep, &r.r);
	tu_totals(&t, &f, "x\033[2J.csv");
	tu_count(&t, &f, &r.r);
	f.failed = 1;
	report_add_totals(rep, &t);
	report_finish(rep);
	out = tu_report_render(&rep_text, rep);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		ck_assert_msg(*p >= 0x20 || *p == '\n', "raw control byte "
		    "0x%02x", *p);
	ck_assert_ptr_nonnull(strstr(out, "  x [2J.csv:2  ID 1   ]0;t   d"));
	ck_assert_ptr_nonnull(strstr(out, "  x [2J.csv: 1 row read = 1 "
	    "classified + 0 rejected (not read to the end: see the errors)\n"));
	free(out);
	report_free(rep);
}
END_TEST

Suite *
rep_text_suite(void)
{
	Suite *s = suite_create("rep_text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sections_in_order);
	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_empty_report_and_control_characters);
	suite_add_tcase(s, tc);
	return s;
}
