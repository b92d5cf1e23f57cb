/*
 * check_rep_md.c — the report as GitHub-flavoured Markdown: the
 * headline, each table row, the review list (folded when long), the
 * file accounting, and input strings escaped so that a cell never
 * breaks its table or injects HTML.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "suites.h"
#include "testutil.h"

START_TEST(test_sections_and_rows)
{
	struct report *rep = tu_report_fixture();
	char *out = tu_report_render(&rep_markdown, rep);

	ck_assert_ptr_eq(strstr(out, "## roleaudit report\n\n3 departments, 5 "
	    "roles, 2 to review; 6 rows read = 5 classified + 1 rejected.\n"),
	    out);
	ck_assert_ptr_nonnull(strstr(out, "|---|--:|--:|--:|--:|--:|--:|--:|---|\n"
	    "| 运营部 | 3 | 2 | 0 | 1 | 0 | 33.3% | 1 | scope |\n"
	    "| (no department) | 1 | 0 | 0 | 0 | 1 | 0.0% | 0 | – |\n"
	    "| 项目部 | 1 | 0 | 1 | 0 | 0 | 0.0% | 0 | – |\n"
	    "| **(all)** | 5 | 2 | 1 | 1 | 1 | 20.0% | 1 | scope |\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n### Mean score per role (ops / pm)"
	    "\n\n| department | scope | nature | cycle | metrics | skills |\n"
	    "|---|--:|--:|--:|--:|--:|\n"
	    "| 运营部 | 2.00 / 0.67 | 0.00 / 0.00 | 0.67 / 0.00 | 1.50 / 0.00 "
	    "| 0.00 / 0.00 |\n"));
	ck_assert_ptr_nonnull(strstr(out, "| 项目部 | 0.00 / 2.00 | 0.00 / 0.00 "
	    "| 0.00 / 1.50 | 0.00 / 0.00 | 0.00 / 1.00 |\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n### Rules that fire most (roles per "
	    "rule, top 5)\n\n| department | rules |\n|---|---|\n"
	    "| 运营部 | ops-daily ×3, ops-kpi ×3, ops-longterm ×2, pm-plan ×1 |\n"
	    "| (no department) | – |\n"));
	ck_assert_ptr_nonnull(strstr(out, "| **(all)** | ops-daily ×3, ops-kpi "
	    "×3, ops-longterm ×2, pm-plan ×2, pm-milestone ×1 |\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n### To review: mixed and "
	    "title-mismatch roles\n\n| location | id | title | department | "
	    "class | flags |\n|---|---|---|---|---|---|\n"
	    "| a.csv:4 | MIS-1 | 项目经理 | 运营部 | operations | title-mismatch |\n"
	    "| a.csv:3 | MIX-1 | 运营项目经理 | 运营部 | mixed | conflicts: "
	    "scope |\n"));
	ck_assert_ptr_null(strstr(out, "<details>"));
	/* the file accounting and the thresholds close the document */
	ck_assert_str_eq(strstr(out, "\n### Files\n"), "\n### Files\n\n"
	    "- a.csv: 6 rows read = 5 classified + 1 rejected\n"
	    "\nThresholds: min-evidence 2, mixed-min 2, mixed-ratio 0.4, "
	    "mixed-duty 1, mismatch-min 4.\n");
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_escaping)
{
	static const int mixed[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN,
	    TU_TITLE_OPS, -1 };
	struct report *rep = report_new();
	struct trole r[1];
	char *out;

	tu_role(&r[0], "in|put.csv", 2, "<script>", "a'b\"c\nd\re",
	    "R&D | *x*_[y]~`z\\", "", mixed);
	report_add_role(rep, &r[0].r);
	report_finish(rep);
	out = tu_report_render(&rep_markdown, rep);
	ck_assert_ptr_nonnull(strstr(out, "\n| R&amp;D \\| \\*x\\*\\_\\[y\\]\\~"
	    "\\`z\\\\ | 1 | 0 | 0 | 1 | 0 | 100.0% | 0 | scope |\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n| in\\|put.csv:2 | &lt;script&gt; | "
	    "a&#39;b&quot;c d e | R&amp;D "));
	ck_assert_ptr_null(strstr(out, "<script>"));
	ck_assert_ptr_null(strstr(out, "\r"));
	/* every table line has as many unescaped bars as its header */
	for (char *line = strstr(out, "\n| location"); line != NULL &&
	    line[1] == '|'; line = strchr(line + 1, '\n')) {
		int bars = 0;

		for (char *p = line + 1; *p != '\n' && *p != '\0'; p++)
			if (*p == '|' && p[-1] != '\\')
				bars++;
		ck_assert_int_eq(bars, 7);
	}
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_empty_and_long_review)
{
	static const int mixed[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN, -1 };
	struct report *rep = report_new();
	char *out, ids[21][8];

	report_finish(rep);
	out = tu_report_render(&rep_markdown, rep);
	ck_assert_ptr_nonnull(strstr(out, "0 departments, 0 roles, 0 to review; "
	    "0 rows read = 0 classified + 0 rejected.\n"));
	ck_assert_ptr_nonnull(strstr(out, "| **(all)** | 0 | 0 | 0 | 0 | 0 | "
	    "0.0% | 0 | – |\n"));
	ck_assert_ptr_nonnull(strstr(out, "mixed and title-mismatch roles\n\n"
	    "None.\n"));
	free(out);
	report_free(rep);

	/* more than twenty roles to review fold into <details> */
	rep = report_new();
	for (int i = 0; i < 21; i++) {
		struct trole r;

		snprintf(ids[i], sizeof(ids[i]), "M-%02d", i);
		tu_role(&r, "a.csv", (unsigned long)i + 2, ids[i], "t", "d", "",
		    mixed);
		report_add_role(rep, &r.r);
	}
	report_finish(rep);
	out = tu_report_render(&rep_markdown, rep);
	ck_assert_ptr_nonnull(strstr(out, "<details><summary>21 roles</summary>"
	    "\n\n| location |"));
	ck_assert_ptr_nonnull(strstr(out, "| a.csv:22 | M-20 | t | d | mixed | "
	    "conflicts: scope |\n\n</details>\n"));
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_file_not_read_to_the_end)
{
	struct report *rep = report_new();
	struct totals t;
	struct file_totals f;
	char *out;

	tu_totals(&t, &f, "broken.csv");
	f.rows_read = 4;
	f.classified = 3;
	f.rejected = 1;
	f.failed = 1;
	report_add_totals(rep, &t);
	report_finish(rep);
	out = tu_report_render(&rep_markdown, rep);
	ck_assert_ptr_nonnull(strstr(out, "\n- broken.csv: 4 rows read = 3 "
	    "classified + 1 rejected (**not read to the end**)\n"));
	free(out);
	report_free(rep);
}
END_TEST

Suite *
rep_md_suite(void)
{
	Suite *s = suite_create("rep_md");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sections_and_rows);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_empty_and_long_review);
	tcase_add_test(tc, test_file_not_read_to_the_end);
	suite_add_tcase(s, tc);
	return s;
}
