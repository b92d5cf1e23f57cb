/*
 * check_rep_html.c — the report as HTML, beyond the self-containment
 * and escaping checks in check_report.c: the headline numbers, the
 * sections in their stable order, the summary and heat map rows, each
 * department's chart bars and meta line, the review and file lists, and
 * a well-nested page when there is nothing to show.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "suites.h"
#include "testutil.h"

START_TEST(test_sections_and_numbers)
{
	static const char *const ids[] = { "<header>", "<section id=\"summary\">",
	    "<section id=\"heatmap\">", "<section id=\"departments\">",
	    "<section id=\"review\">", "<section id=\"files\">", "<footer>" };
	struct report *rep = tu_report_fixture();
	char *out = tu_report_render(&rep_html, rep);
	const char *at = out;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const char *p = strstr(at, ids[i]);

		ck_assert_msg(p != NULL, "%s missing or out of order", ids[i]);
		at = p;
	}
	ck_assert_ptr_nonnull(strstr(out, "<p class=\"lede\">3 departments · 5 "
	    "roles · 2 to review · 6 rows read = 5 classified + 1 rejected</p>"));
	ck_assert_ptr_nonnull(strstr(out, "<tr><td><span class=\"name\">运营部</span></td><td class=\"n\">3"
	    "</td><td class=\"n\">2</td><td class=\"n\">0</td><td class=\"n\">1"
	    "</td><td class=\"n\">0</td><td class=\"n\">33.3%</td><td "
	    "class=\"n\">1</td><td>scope</td></tr>\n"));
	ck_assert_ptr_nonnull(strstr(out, "<tr class=\"all\"><td><span class=\"name\">(all)</span></td><td "
	    "class=\"n\">5</td>"));
	/* heat map: 运营部's one mixed role conflicts in scope: 100% */
	ck_assert_ptr_nonnull(strstr(out, "<tr><td><span class=\"name\">运营部</span></td><td class=\"n\">1"
	    "</td><td class=\"n\" style=\"background: rgba(192, 57, 43, 0.90); "
	    "color: #fff\">1 (100%)</td><td class=\"n\">0</td>"));
	/* one card per department, most mixed first, with its chart */
	ck_assert_int_eq(tu_count_str(out, "<article class=\"dept\">"), 3);
	ck_assert_ptr_nonnull(strstr(out, "<article class=\"dept\">\n<h3>运营部"
	    "</h3>\n<p class=\"meta\">3 roles · mixed share 33.3% · 1 title "
	    "mismatch</p>\n<svg "));
	ck_assert_ptr_nonnull(strstr(out, "<h3>项目部</h3>\n<p class=\"meta\">1 "
	    "role · mixed share 0.0% · 0 title mismatches</p>"));
	/* 2 of 3 roles: a bar of 100 of 150 units */
	ck_assert_ptr_nonnull(strstr(out, "<rect x=\"156\" y=\"8\" width=\"100\" "
	    "height=\"18\" fill=\"#2f6db5\"/>\n<text x=\"314\" y=\"21\" "
	    "font-size=\"13\" fill=\"#1f2328\">2 (67%)</text>"));
	ck_assert_ptr_nonnull(strstr(out, "<b>Rules that fire most:</b> "
	    "<code>ops-daily</code> ×3, <code>ops-kpi</code> ×3"));
	ck_assert_ptr_nonnull(strstr(out, "<tr><td><span class=\"name\">a.csv:4</span></td><td>"
	    "<span class=\"name\">MIS-1</span></td><td><span class=\"name\">项目经理</span></td><td>"
	    "<span class=\"name\">运营部</span></td><td>operations</td><td>"
	    "title-mismatch</td></tr>\n"));
	ck_assert_ptr_nonnull(strstr(out, "<li>a.csv: 6 rows read = 5 classified "
	    "+ 1 rejected</li>\n</ul>\n<p class=\"thresholds\">Thresholds: "
	    "min-evidence 2, mixed-min 2, mixed-ratio 0.4, mixed-duty 1, "
	    "mismatch-min 4.</p>\n</section>\n"));
	ck_assert_str_eq(out + strlen(out) - strlen("</html>\n"), "</html>\n");
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_empty_report)
{
	struct report *rep = report_new();
	struct totals t;
	struct file_totals f;
	char *out;

	tu_totals(&t, &f, "gone.csv");
	f.failed = 1;
	report_add_totals(rep, &t);
	report_finish(rep);
	out = tu_report_render(&rep_html, rep);
	ck_assert_int_eq(tu_count_str(out, "<svg"), 0);
	ck_assert_int_eq(tu_count_str(out, "<section "), 5);
	ck_assert_int_eq(tu_count_str(out, "</section>"), 5);
	ck_assert_int_eq(tu_count_str(out, "<table"),
	    tu_count_str(out, "</table>"));
	ck_assert_ptr_nonnull(strstr(out, "<p class=\"lede\">0 departments · 0 "
	    "roles · 0 to review · 0 rows read"));
	ck_assert_ptr_nonnull(strstr(out, "roles</h2>\n<p>None.</p>\n"
	    "</section>"));
	ck_assert_ptr_nonnull(strstr(out, "<li>gone.csv: 0 rows read = 0 "
	    "classified + 0 rejected <b>(not read to the end)</b></li>"));
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_control_characters_in_names)
{
	static const int ops[] = { TU_OPS_DAILY, TU_OPS_KPI, -1 };
	struct report *rep = report_new();
	struct trole r;
	char *out;

	tu_role(&r, "a.csv", 2, "1", "t", "a\033b\x7f" "c\"d", "", ops);
	report_add_role(rep, &r.r);
	report_finish(rep);
	out = tu_report_render(&rep_html, rep);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_null(strchr(out, '\x7f'));
	/* in text and in the chart's attribute alike */
	ck_assert_ptr_nonnull(strstr(out, "<h3>a b c&quot;d</h3>"));
	ck_assert_ptr_nonnull(strstr(out, "aria-label=\"Roles by class in "
	    "a b c&quot;d\">"));
	free(out);
	report_free(rep);
}
END_TEST

Suite *
rep_html_suite(void)
{
	Suite *s = suite_create("rep_html");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sections_and_numbers);
	tcase_add_test(tc, test_empty_report);
	tcase_add_test(tc, test_control_characters_in_names);
	suite_add_tcase(s, tc);
	return s;
}
