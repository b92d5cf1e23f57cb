/*
 * check_rep_json.c — the report as JSON, beyond the merge round trip in
 * check_report.c: the format and version, the thresholds, the totals
 * and files (with "failed"), departments in report order with exact
 * score sums and the derived keys, and the review objects.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonr.h"
#include "report.h"
#include "suites.h"
#include "testutil.h"

START_TEST(test_document)
{
	struct report *rep = tu_report_fixture();
	char *out = tu_report_render(&rep_json, rep);
	const struct jr_value *d, *rv, *f;
	struct jr_value *v = jsonr_parse("report", out, strlen(out));

	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(tu_get(v, "format")->str, "roleaudit-report");
	ck_assert_double_eq(tu_num(v, "version"), 1);
	ck_assert_ptr_nonnull(strstr(out, "\"thresholds\": {\"min_evidence\": 2, "
	    "\"mixed_min\": 2, \"mixed_ratio\": 0.4, \"mixed_duty\": 1, "
	    "\"mismatch_min\": 4},\n"));
	ck_assert_ptr_nonnull(strstr(out, "\"totals\": {\"rows_read\": 6, "
	    "\"classified\": 5, \"rejected\": 1, \"departments\": 3, "
	    "\"review\": 2},\n"));
	f = tu_get(v, "files");
	ck_assert_uint_eq(f->nitems, 1);
	ck_assert_str_eq(tu_get(&f->items[0], "file")->str, "a.csv");
	ck_assert_int_eq(tu_get(&f->items[0], "failed")->type, JR_FALSE);
	/* departments in report order */
	d = tu_get(v, "departments");
	ck_assert_uint_eq(d->nitems, 3);
	ck_assert_str_eq(tu_get(&d->items[0], "name")->str, "运营部");
	ck_assert_str_eq(tu_get(&d->items[1], "name")->str, "(no department)");
	ck_assert_str_eq(tu_get(&d->items[2], "name")->str, "项目部");
	ck_assert_double_eq(tu_num(&d->items[0], "roles"), 3);
	ck_assert_double_eq(tu_num(tu_get(&d->items[0], "classes"), "operations"), 2);
	ck_assert_double_eq(tu_num(&d->items[0], "title_mismatch"), 1);
	ck_assert_double_eq(tu_num(tu_get(&d->items[0], "conflicts"), "scope"), 1);
	ck_assert_double_eq(tu_num(tu_get(&d->items[0], "rule_hits"), "pm-plan"), 1);
	/* rules that did not fire, and title rules, are not counted */
	ck_assert_ptr_null(jsonr_get(tu_get(&d->items[0], "rule_hits"),
	    "pm-risk"));
	ck_assert_ptr_null(jsonr_get(tu_get(&d->items[0], "rule_hits"),
	    "title-pm"));
	ck_assert_double_eq_tol(tu_num(&d->items[0], "mixed_share"), 0.3333,
	    1e-9);
	ck_assert_double_eq_tol(tu_num(tu_get(tu_get(&d->items[0], "mean_scores"),
	    "cycle"), "ops"), 0.6667, 1e-9);
	ck_assert_str_eq(tu_get(&d->items[0], "top_conflicts")->items[0].str,
	    "scope");
	ck_assert_uint_eq(tu_get(&d->items[0], "top_rules")->nitems, 4);
	/* (all): exact sums in the JSON text */
	ck_assert_str_eq(tu_get(tu_get(v, "all"), "name")->str, "(all)");
	ck_assert_ptr_nonnull(strstr(out, "\"score_sums\": {\"scope\": {\"ops\": "
	    "6, \"pm\": 4}, \"nature\": {\"ops\": 0, \"pm\": 0}, \"cycle\": "
	    "{\"ops\": 2, \"pm\": 1.5}, \"metrics\": {\"ops\": 4.5, \"pm\": 0}, "
	    "\"skills\": {\"ops\": 0, \"pm\": 1}}"));
	/* review */
	rv = tu_get(v, "review");
	ck_assert_uint_eq(rv->nitems, 2);
	ck_assert_ptr_nonnull(strstr(out, "\"review\": [\n  {\"file\": \"a.csv\", "
	    "\"line\": 4, \"id\": \"MIS-1\", \"title\": \"项目经理\", "
	    "\"department\": \"运营部\", \"class\": \"operations\", \"flags\": "
	    "[\"title-mismatch\"], \"conflicts\": []},\n  {\"file\": \"a.csv\", "
	    "\"line\": 3, \"id\": \"MIX-1\", \"title\": \"运营项目经理\", "
	    "\"department\": \"运营部\", \"class\": \"mixed\", \"flags\": [], "
	    "\"conflicts\": [\"scope\"]}]}\n"));
	jsonr_free(v);
	free(out);
	report_free(rep);
}
END_TEST

START_TEST(test_thousandths_and_failed_file)
{
	static struct rule odd = { .id = "odd", .dim = DIM_NATURE,
	    .side = SIDE_PM, .weight = 0.125 };
	struct report *rep = report_new();
	struct totals t;
	struct file_totals f;
	struct trole r;
	char *out;
	struct jr_value *v;

	tu_role(&r, "a.csv", 2, "1", "t", "d", "", (const int[]){ -1 });
	r.hits[0].rule = &odd;
	r.r.nhits = r.r.ntext_hits = 1;
	r.r.v.sc.dim[DIM_NATURE][SIDE_PM] = 0.125;
	report_add_role(rep, &r.r);
	report_add_role(rep, &r.r);
	report_add_role(rep, &r.r);
	tu_totals(&t, &f, "a.csv");
	f.failed = 1;
	report_add_totals(rep, &t);
	report_finish(rep);
	out = tu_report_render(&rep_json, rep);
	/* 3 x 0.125 = 0.375, written exactly */
	ck_assert_ptr_nonnull(strstr(out, "\"nature\": {\"ops\": 0, \"pm\": "
	    "0.375}"));
	ck_assert_ptr_nonnull(strstr(out, "\"failed\": true}"));
	v = jsonr_parse("report", out, strlen(out));
	ck_assert_ptr_nonnull(v);
	jsonr_free(v);
	free(out);
	report_free(rep);
}
END_TEST

Suite *
rep_json_suite(void)
{
	Suite *s = suite_create("rep_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_document);
	tcase_add_test(tc, test_thousandths_and_failed_file);
	suite_add_tcase(s, tc);
	return s;
}
