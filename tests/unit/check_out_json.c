/*
 * check_out_json.c — audit as JSON Lines and as one JSON document:
 * every line or document parses (jsonr), the verdict fields and the
 * evidence are where the schema says, strings from the input are
 * escaped (quotes, backslashes, control characters), and the summary
 * of the json format carries the per-file accounting.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonr.h"
#include "suites.h"
#include "testutil.h"
#include "writer.h"

static const int OPS[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, -1 };
static const int MIXED[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN,
    TU_TITLE_PM, -1 };

static char *
write_roles(const struct writer_ops *w, struct trole *r, size_t n,
    struct totals *t, struct file_totals *f)
{
	struct writer_opts wo = { 0 };
	struct tu_mem m;
	void *st;

	tu_totals(t, f, "jobs.csv");
	st = w->begin(tu_mem_open(&m), NULL, &wo);
	for (size_t i = 0; i < n; i++) {
		w->role(st, &r[i].r);
		tu_count(t, f, &r[i].r);
	}
	ck_assert_int_eq(w->end(st, t), 0);
	return tu_mem_close(&m);
}

START_TEST(test_jsonl_one_object_per_line)
{
	struct trole r[2];
	struct totals t;
	struct file_totals f;
	char *out, *line, *save = NULL;
	int n = 0;

	tu_role(&r[0], "jobs.csv", 2, "OPS-1", "运营专员", "运营部",
	    "daily KPI long-term", OPS);
	tu_role(&r[1], "jobs.csv", 3, "MIX-1", "项目经理", "",
	    "plan the daily KPI", MIXED);
	out = write_roles(&writer_jsonl, r, 2, &t, &f);
	/* No summary in JSON Lines: exactly one line per role. */
	ck_assert_int_eq(tu_count_str(out, "\n"), 2);
	ck_assert_int_eq(out[strlen(out) - 1], '\n');
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), n++) {
		struct jr_value *v = jsonr_parse("line", line, strlen(line));

		ck_assert_ptr_nonnull(v);
		ck_assert_int_eq(v->type, JR_OBJECT);
		ck_assert_str_eq(tu_str(v, "file"), "jobs.csv");
		ck_assert_double_eq(tu_num(v, "line"), n + 2);
		ck_assert_str_eq(tu_str(v, "id"), r[n].r.id);
		ck_assert_str_eq(tu_str(v, "title"), r[n].r.title);
		ck_assert_str_eq(tu_str(v, "department"), r[n].r.dept);
		jsonr_free(v);
	}
	ck_assert_int_eq(n, 2);
	free(out);
}
END_TEST

START_TEST(test_verdict_and_evidence)
{
	struct trole r[1];
	struct totals t;
	struct file_totals f;
	const struct jr_value *ev, *e, *d;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "jobs.csv", 3, "MIX-1", "项目经理", "运营部",
	    "plan the daily KPI", MIXED);
	tu_miss(&r[0], TU_PM_RISK, "depth limit");
	out = write_roles(&writer_jsonl, r, 1, &t, &f);
	v = jsonr_parse("out", out, strlen(out));
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(tu_str(v, "class"), "mixed");
	ck_assert_double_eq_tol(tu_num(v, "confidence"), 0.57, 1e-9);
	ck_assert_double_eq(tu_num(v, "ops_score"), 3.5);
	ck_assert_double_eq(tu_num(v, "pm_score"), 2);
	ck_assert_int_eq(tu_get(v, "flags")->nitems, 0);
	ck_assert_int_eq(tu_get(v, "conflicts")->nitems, 1);
	ck_assert_str_eq(tu_get(v, "conflicts")->items[0].str, "scope");
	ck_assert_str_eq(tu_str(v, "title_lean"), "pm");
	d = tu_get(v, "dimensions");
	ck_assert_uint_eq(d->nitems, DIM_COUNT);
	ck_assert_double_eq(tu_num(tu_get(d, "scope"), "ops"), 2);
	ck_assert_double_eq(tu_num(tu_get(d, "scope"), "pm"), 2);
	ck_assert_double_eq(tu_num(tu_get(d, "metrics"), "ops"), 1.5);
	ck_assert_double_eq(tu_num(tu_get(d, "skills"), "pm"), 0);
	/* One entry per rule, text hits then title hits. */
	ev = tu_get(v, "evidence");
	ck_assert_uint_eq(ev->nitems, 4);
	e = &ev->items[0];
	ck_assert_str_eq(tu_str(e, "rule"), "ops-daily");
	ck_assert_str_eq(tu_str(e, "dimension"), "scope");
	ck_assert_str_eq(tu_str(e, "side"), "ops");
	ck_assert_double_eq(tu_num(e, "weight"), 2);
	ck_assert_str_eq(tu_str(e, "column"), "duties");
	ck_assert_double_eq(tu_num(e, "offset"), 9);
	ck_assert_str_eq(tu_str(e, "text"), "daily");
	e = &ev->items[2];
	ck_assert_str_eq(tu_str(e, "rule"), "pm-plan");
	ck_assert_double_eq(tu_num(e, "offset"), 0);
	ck_assert_str_eq(tu_str(e, "text"), "plan");
	e = &ev->items[3];
	ck_assert_str_eq(tu_str(e, "rule"), "title-pm");
	ck_assert_str_eq(tu_str(e, "dimension"), "title");
	ck_assert_str_eq(tu_str(e, "column"), "title");
	ck_assert_str_eq(tu_str(e, "text"), "项目经理");
	ck_assert_uint_eq(tu_get(v, "not_evaluated")->nitems, 1);
	e = &tu_get(v, "not_evaluated")->items[0];
	ck_assert_str_eq(tu_str(e, "rule"), "pm-risk");
	ck_assert_str_eq(tu_str(e, "reason"), "depth limit");
	jsonr_free(v);
	free(out);
}
END_TEST

START_TEST(test_flags_and_null_title_lean)
{
	struct trole r[2];
	struct totals t;
	struct file_totals f;
	char *out;

	tu_role(&r[0], "jobs.csv", 2, "A", "t", "d", "daily KPI long-term", OPS);
	tu_role(&r[1], "jobs.csv", 3, "B", "PM", "d", "daily KPI long-term",
	    (const int[]){ TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, TU_TITLE_PM,
	    -1 });
	out = write_roles(&writer_jsonl, r, 2, &t, &f);
	ck_assert_ptr_nonnull(strstr(out, "\"flags\": [], \"conflicts\": [], "
	    "\"title_lean\": null,"));
	ck_assert_ptr_nonnull(strstr(out, "\"flags\": [\"title-mismatch\"], "
	    "\"conflicts\": [], \"title_lean\": \"pm\","));
	ck_assert_ptr_nonnull(strstr(out, "\"confidence\": 1, "));
	ck_assert_ptr_nonnull(strstr(out, "\"not_evaluated\": []}\n"));
	free(out);
}
END_TEST

START_TEST(test_input_strings_escaped)
{
	static const char text[] = "say \"daily\"\\ \x01\x1f\x7f\n\t end";
	struct trole r[1];
	struct totals t;
	struct file_totals f;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "C:\\data\\\"q\".csv", 2, "<id>\"\n", "\033[2J标题",
	    "R&D\tdept", text, OPS);
	/* the evidence covers the whole field */
	r[0].hits[0].offset = 0;
	r[0].hits[0].len = sizeof(text) - 1;
	out = write_roles(&writer_jsonl, r, 1, &t, &f);
	/* one line: no raw control character is left */
	ck_assert_int_eq(tu_count_str(out, "\n"), 1);
	for (const char *p = out; *p != '\n'; p++)
		ck_assert_msg((unsigned char)*p >= 0x20 && *p != 0x7f,
		    "raw control byte 0x%02x", (unsigned char)*p);
	ck_assert_ptr_nonnull(strstr(out, "\"file\": \"C:\\\\data\\\\\\\"q\\\""
	    ".csv\""));
	ck_assert_ptr_nonnull(strstr(out, "\"id\": \"<id>\\\"\\n\""));
	ck_assert_ptr_nonnull(strstr(out, "\"title\": \"\\u001b[2J标题\""));
	ck_assert_ptr_nonnull(strstr(out, "\"department\": \"R&D\\tdept\""));
	ck_assert_ptr_nonnull(strstr(out, "\"text\": \"say \\\"daily\\\"\\\\ "
	    "\\u0001\\u001f\\u007f\\n\\t end\""));
	/* and it reads back as the same strings */
	v = jsonr_parse("out", out, strlen(out));
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(tu_str(v, "file"), "C:\\data\\\"q\".csv");
	ck_assert_str_eq(tu_str(v, "id"), "<id>\"\n");
	ck_assert_str_eq(tu_str(v, "title"), "\033[2J标题");
	ck_assert_str_eq(tu_str(&tu_get(v, "evidence")->items[0], "text"), text);
	jsonr_free(v);
	free(out);
}
END_TEST

START_TEST(test_json_document_and_summary)
{
	struct trole r[3];
	struct totals t;
	struct file_totals f;
	const struct jr_value *s, *fl;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "jobs.csv", 2, "A", "t", "d", "daily KPI long-term", OPS);
	tu_role(&r[1], "jobs.csv", 3, "B", "项目经理", "d",
	    "plan the daily KPI", MIXED);
	tu_role(&r[2], "jobs.csv", 4, "C", "PM", "d", "daily KPI long-term",
	    (const int[]){ TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, TU_TITLE_PM,
	    -1 });
	out = write_roles(&writer_json, r, 3, &t, &f);
	v = jsonr_parse("out", out, strlen(out));
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(tu_get(v, "roles")->nitems, 3);
	ck_assert_str_eq(tu_str(&tu_get(v, "roles")->items[1], "id"), "B");
	ck_assert_str_eq(tu_str(&tu_get(v, "roles")->items[1], "class"), "mixed");
	s = tu_get(v, "summary");
	ck_assert_double_eq(tu_num(s, "roles"), 3);
	ck_assert_double_eq(tu_num(tu_get(s, "classes"), "operations"), 2);
	ck_assert_double_eq(tu_num(tu_get(s, "classes"), "project-management"), 0);
	ck_assert_double_eq(tu_num(tu_get(s, "classes"), "mixed"), 1);
	ck_assert_double_eq(tu_num(tu_get(s, "classes"), "unclassified"), 0);
	ck_assert_double_eq(tu_num(s, "title_mismatch"), 1);
	fl = tu_get(s, "files");
	ck_assert_uint_eq(fl->nitems, 1);
	ck_assert_str_eq(tu_str(&fl->items[0], "file"), "jobs.csv");
	ck_assert_double_eq(tu_num(&fl->items[0], "rows_read"), 3);
	ck_assert_double_eq(tu_num(&fl->items[0], "classified"), 3);
	ck_assert_double_eq(tu_num(&fl->items[0], "rejected"), 0);
	jsonr_free(v);
	free(out);
}
END_TEST

START_TEST(test_json_document_without_roles)
{
	struct totals t;
	struct file_totals f;
	struct jr_value *v;
	char *out;

	out = write_roles(&writer_json, NULL, 0, &t, &f);
	ck_assert_str_eq(out, "{\"roles\": [],\n\"summary\": {\"roles\": 0, "
	    "\"classes\": {\"operations\": 0, \"project-management\": 0, "
	    "\"mixed\": 0, \"unclassified\": 0}, \"title_mismatch\": 0, "
	    "\"files\": [{\"file\": \"jobs.csv\", \"rows_read\": 0, "
	    "\"classified\": 0, \"rejected\": 0}]}}\n");
	v = jsonr_parse("out", out, strlen(out));
	ck_assert_ptr_nonnull(v);
	jsonr_free(v);
	free(out);
	/* JSON Lines writes nothing at all */
	out = write_roles(&writer_jsonl, NULL, 0, &t, &f);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

Suite *
out_json_suite(void)
{
	Suite *s = suite_create("out_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_jsonl_one_object_per_line);
	tcase_add_test(tc, test_verdict_and_evidence);
	tcase_add_test(tc, test_flags_and_null_title_lean);
	tcase_add_test(tc, test_input_strings_escaped);
	tcase_add_test(tc, test_json_document_and_summary);
	tcase_add_test(tc, test_json_document_without_roles);
	suite_add_tcase(s, tc);
	return s;
}
