/*
 * check_chk_sarif.c — `check --format sarif`: the document parses and
 * has SARIF 2.1.0's shape, one rule per finding kind with the level the
 * policy gives it, one result per finding with a percent-encoded URI,
 * baseline state and suppressions, a fingerprint that follows the role
 * and not its line, tool notifications for rules not evaluated and
 * rejected rows, and never a byte of the role's text.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "chk.h"
#include "jsonr.h"
#include "suites.h"
#include "testutil.h"

static const int OPS[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, -1 };
static const int MIXED[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN, -1 };

/* Runs C over R and parses the output; *OUT keeps the text. */
static struct jr_value *
sarif(struct tu_check *c, struct trole *r, size_t n, char **out)
{
	struct jr_value *v;
	int rc;

	*out = tu_check_run(c, r, n, &rc);
	ck_assert_int_eq(rc, 0);
	v = jsonr_parse("sarif", *out, strlen(*out));
	ck_assert_ptr_nonnull(v);
	return v;
}

static const struct jr_value *
run0(const struct jr_value *v)
{
	const struct jr_value *runs = tu_get(v, "runs");

	ck_assert_uint_eq(runs->nitems, 1);
	return &runs->items[0];
}

START_TEST(test_document_shape_and_rules)
{
	struct trole r[1];
	struct tu_check c;
	const struct jr_value *run, *rules;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "a.csv", 2, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	tu_check_init(&c, &chk_sarif, FK_BIT(FK_MIXED) | FK_BIT(FK_UNCLASSIFIED),
	    -1, 0, NULL);
	v = sarif(&c, r, 1, &out);
	ck_assert_str_eq(tu_str(v, "version"), "2.1.0");
	ck_assert_str_eq(tu_str(v, "$schema"),
	    "https://json.schemastore.org/sarif-2.1.0.json");
	run = run0(v);
	ck_assert_str_eq(tu_str(tu_get(tu_get(run, "tool"), "driver"), "name"),
	    "roleaudit");
	ck_assert_str_eq(tu_str(tu_get(tu_get(run, "tool"), "driver"), "version"),
	    PACKAGE_VERSION);
	ck_assert_str_eq(tu_str(run, "columnKind"), "unicodeCodePoints");
	rules = tu_get(tu_get(tu_get(run, "tool"), "driver"), "rules");
	/* one rule per kind, at the kind's index */
	ck_assert_uint_eq(rules->nitems, FK_COUNT);
	for (int k = 0; k < FK_COUNT; k++) {
		const struct jr_value *ru = &rules->items[k];
		const char *want = k == FK_MIXED || k == FK_UNCLASSIFIED ||
		    k == FK_MIXED_SHARE ? "error" : "warning";

		ck_assert_str_eq(tu_str(ru, "id"),
		    finding_kind_name((enum finding_kind)k));
		ck_assert_str_eq(tu_str(tu_get(ru, "shortDescription"), "text"),
		    finding_kind_desc((enum finding_kind)k));
		ck_assert(strlen(tu_str(tu_get(ru, "help"), "text")) > 20);
		ck_assert_str_eq(tu_str(tu_get(ru, "defaultConfiguration"), "level"),
		    want);
	}
	ck_assert_str_eq(tu_str(&rules->items[FK_MIXED], "name"), "MixedRole");
	/* a clean run: no result, and successful */
	ck_assert_uint_eq(tu_get(run, "results")->nitems, 0);
	ck_assert_int_eq(tu_get(&tu_get(run, "invocations")->items[0],
	    "executionSuccessful")->type, JR_TRUE);
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_results_states_and_no_role_text)
{
	struct baseline *bl = baseline_new();
	struct trole r[3];
	struct tu_check c;
	const struct jr_value *res, *e, *loc, *pr;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "data/岗位 表.csv", 7, "MIX-1", "运营项目专员", "运营部",
	    "SECRET-A daily KPI plan", MIXED);
	tu_role(&r[1], "./data/b.csv", 8, "MIX-2", "", "项目部",
	    "SECRET-B daily KPI plan", MIXED);
	r[1].r.ignore = "mixed";
	tu_role(&r[2], "/srv/jobs.csv", 9, "MIX-3", "t", "",
	    "SECRET-C daily KPI plan", MIXED);
	baseline_add(bl, "/srv/jobs.csv", "MIX-3", "mixed",
	    role_text_hash(r[2].r.text, 1));
	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, bl);
	c.o.baseline = ".roleaudit-baseline";
	v = sarif(&c, r, 3, &out);
	/* HR text never reaches the log */
	ck_assert_ptr_null(strstr(out, "SECRET"));
	res = tu_get(run0(v), "results");
	ck_assert_uint_eq(res->nitems, 3);

	e = &res->items[0];
	ck_assert_str_eq(tu_str(e, "ruleId"), "mixed");
	ck_assert_double_eq(tu_get(e, "ruleIndex")->num, FK_MIXED);
	ck_assert_str_eq(tu_str(e, "level"), "error");
	ck_assert_str_eq(tu_str(tu_get(e, "message"), "text"), "MIX-1 运营项目专员: "
	    "duties mix operations and project-management work (ops 3.5, pm 2; "
	    "conflicting dimensions: scope)");
	loc = tu_get(&tu_get(e, "locations")->items[0], "physicalLocation");
	/* RFC 3986: the space and the UTF-8 bytes are percent-encoded */
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uri"),
	    "data/%E5%B2%97%E4%BD%8D%20%E8%A1%A8.csv");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uriBaseId"),
	    "SRCROOT");
	ck_assert_double_eq(tu_get(tu_get(loc, "region"), "startLine")->num, 7);
	ck_assert_str_eq(tu_str(e, "baselineState"), "new");
	ck_assert_ptr_null(jsonr_get(e, "suppressions"));
	pr = tu_get(e, "properties");
	ck_assert_str_eq(tu_str(pr, "department"), "运营部");
	ck_assert_str_eq(tu_str(pr, "roleId"), "MIX-1");
	ck_assert_str_eq(tu_str(pr, "class"), "mixed");
	ck_assert_double_eq(tu_get(pr, "opsScore")->num, 3.5);
	ck_assert_double_eq(tu_get(pr, "pmScore")->num, 2);
	ck_assert_uint_eq(strlen(tu_str(pr, "textHash")), 16);
	ck_assert_uint_eq(strlen(tu_str(tu_get(e, "partialFingerprints"),
	    "roleauditFinding/v1")), 16);

	/* "./" is dropped; accepted in the row: an in-source suppression */
	e = &res->items[1];
	loc = tu_get(&tu_get(e, "locations")->items[0], "physicalLocation");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uri"),
	    "data/b.csv");
	ck_assert_str_eq(tu_str(e, "baselineState"), "new");
	ck_assert_str_eq(tu_str(&tu_get(e, "suppressions")->items[0], "kind"),
	    "inSource");
	ck_assert_str_eq(tu_str(&tu_get(e, "suppressions")->items[0],
	    "justification"), "accepted in the row's roleaudit-ignore column");

	/* an absolute path is a file:// URI without a base; the baseline
	 * makes it unchanged and externally suppressed */
	e = &res->items[2];
	loc = tu_get(&tu_get(e, "locations")->items[0], "physicalLocation");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uri"),
	    "file:///srv/jobs.csv");
	ck_assert_ptr_null(jsonr_get(tu_get(loc, "artifactLocation"),
	    "uriBaseId"));
	ck_assert_str_eq(tu_str(e, "baselineState"), "unchanged");
	ck_assert_str_eq(tu_str(&tu_get(e, "suppressions")->items[0], "kind"),
	    "external");
	ck_assert_str_eq(tu_str(&tu_get(e, "suppressions")->items[0],
	    "justification"), "listed in the baseline .roleaudit-baseline");
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
	baseline_free(bl);
}
END_TEST

/* The fingerprint of the only result of a run over R. */
static void
fingerprint(struct trole *r, char fp[17])
{
	struct tu_check c;
	struct jr_value *v;
	const struct jr_value *res;
	char *out;

	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	v = sarif(&c, r, 1, &out);
	res = tu_get(run0(v), "results");
	ck_assert_uint_eq(res->nitems, 1);
	snprintf(fp, 17, "%s", tu_str(tu_get(&res->items[0], "partialFingerprints"),
	    "roleauditFinding/v1"));
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
}

START_TEST(test_fingerprint_follows_the_role)
{
	struct trole r[1];
	char a[17], b[17], moved[17], other_id[17], other_text[17];

	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "d", "daily KPI plan", MIXED);
	fingerprint(r, a);
	fingerprint(r, b);
	ck_assert_str_eq(a, b);
	/* the row moved and its title changed: the same alert */
	tu_role(&r[0], "a.csv", 40, "MIX-1", "new title", "d", "daily KPI plan",
	    MIXED);
	fingerprint(r, moved);
	ck_assert_str_eq(a, moved);
	tu_role(&r[0], "a.csv", 2, "MIX-2", "t", "d", "daily KPI plan", MIXED);
	fingerprint(r, other_id);
	ck_assert_str_ne(a, other_id);
	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "d", "daily KPI plan!", MIXED);
	fingerprint(r, other_text);
	ck_assert_str_ne(a, other_text);
}
END_TEST

START_TEST(test_notifications_and_execution_successful)
{
	struct trole r[2];
	struct tu_check c;
	const struct jr_value *inv, *notes, *n0, *loc;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "a.csv", 3, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	tu_miss(&r[0], TU_PM_RISK, "match limit");
	tu_role(&r[1], "b.csv", 2, "OPS-2", "t", "d", "daily KPI long-term", OPS);
	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.rejected = (const unsigned long[]){ 0, 2 };
	v = sarif(&c, r, 2, &out);
	inv = &tu_get(run0(v), "invocations")->items[0];
	ck_assert_int_eq(tu_get(inv, "executionSuccessful")->type, JR_FALSE);
	notes = tu_get(inv, "toolExecutionNotifications");
	ck_assert_uint_eq(notes->nitems, 2);
	/* the file's error first, then the rule's warning */
	ck_assert_str_eq(tu_str(&notes->items[0], "level"), "error");
	ck_assert_str_eq(tu_str(tu_get(&notes->items[0], "message"), "text"),
	    "2 of 3 rows were rejected as malformed and not checked (the "
	    "messages on standard error name each line)");
	n0 = &notes->items[1];
	ck_assert_str_eq(tu_str(n0, "level"), "warning");
	ck_assert_str_eq(tu_str(tu_get(n0, "message"), "text"), "rule pm-risk was not "
	    "evaluated on role OPS-1: match limit");
	loc = tu_get(&tu_get(n0, "locations")->items[0], "physicalLocation");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uri"), "a.csv");
	ck_assert_double_eq(tu_get(tu_get(loc, "region"), "startLine")->num, 3);
	/* not-evaluated is not in --fail-on: no result for it */
	ck_assert_uint_eq(tu_get(run0(v), "results")->nitems, 0);
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_unreadable_file_and_failed_run)
{
	struct trole r[1];
	struct tu_check c;
	const struct jr_value *inv, *notes;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "a.csv", 2, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.paths[0] = "gone.csv";
	c.file_failed = (const int[]){ 1, 0 };
	c.failed = 1;
	v = sarif(&c, r, 1, &out);
	inv = &tu_get(run0(v), "invocations")->items[0];
	ck_assert_int_eq(tu_get(inv, "executionSuccessful")->type, JR_FALSE);
	notes = tu_get(inv, "toolExecutionNotifications");
	ck_assert_uint_eq(notes->nitems, 1);
	ck_assert_str_eq(tu_str(tu_get(&notes->items[0], "message"), "text"),
	    "gone.csv could not be checked (see the messages on standard "
	    "error)");
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
}
END_TEST

/* A run that met an error of its own (a --write-baseline file it could
 * not write) exits 2 with every finding: the log says the run failed,
 * and why first, at the file. */
START_TEST(test_run_error_fails_the_invocation)
{
	static const struct chk_error err = { "base.bl", 0,
	    "write failed: No space left on device" };
	struct trole r[1];
	struct tu_check c;
	const struct jr_value *inv, *n, *loc;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "d", "daily KPI plan", MIXED);
	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.errors = &err;
	c.nerrors = 1;
	v = sarif(&c, r, 1, &out);
	inv = &tu_get(run0(v), "invocations")->items[0];
	ck_assert_int_eq(tu_get(inv, "executionSuccessful")->type, JR_FALSE);
	n = tu_get(inv, "toolExecutionNotifications");
	ck_assert_uint_eq(n->nitems, 1);
	ck_assert_str_eq(tu_str(&n->items[0], "level"), "error");
	ck_assert_str_eq(tu_str(tu_get(&n->items[0], "message"), "text"),
	    "write failed: No space left on device");
	loc = tu_get(&tu_get(&n->items[0], "locations")->items[0],
	    "physicalLocation");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uri"),
	    "base.bl");
	ck_assert_ptr_null(jsonr_get(loc, "region"));
	/* the findings are all there */
	ck_assert_uint_eq(tu_get(run0(v), "results")->nitems, 1);
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_mixed_share_result)
{
	struct trole r[2];
	struct tu_check c;
	const struct jr_value *res, *pr;
	struct jr_value *v;
	char *out;

	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "运营部", "daily KPI plan",
	    MIXED);
	tu_role(&r[1], "a.csv", 3, "OPS-1", "t", "运营部", "daily KPI long-term",
	    OPS);
	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, 0.25, 1, NULL);
	v = sarif(&c, r, 2, &out);
	res = tu_get(run0(v), "results");
	ck_assert_uint_eq(res->nitems, 2);
	ck_assert_str_eq(tu_str(&res->items[1], "ruleId"), "mixed-share");
	ck_assert_double_eq(tu_get(&res->items[1], "ruleIndex")->num,
	    FK_MIXED_SHARE);
	pr = tu_get(&res->items[1], "properties");
	ck_assert_str_eq(tu_str(pr, "department"), "运营部");
	ck_assert_double_eq(tu_get(pr, "mixedRoles")->num, 1);
	ck_assert_double_eq(tu_get(pr, "roles")->num, 2);
	ck_assert_double_eq(tu_get(pr, "share")->num, 0.5);
	/* a department is no role */
	ck_assert_ptr_null(jsonr_get(pr, "roleId"));
	ck_assert_ptr_null(jsonr_get(pr, "textHash"));
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
}
END_TEST

/* N roles of a.csv with a rule not evaluated each, and room for EXTRA
 * more after them. */
static struct trole *
unevaluated(size_t n, size_t extra)
{
	struct trole *r = calloc(n + extra, sizeof(*r));

	ck_assert_ptr_nonnull(r);
	for (size_t i = 0; i < n; i++) {
		tu_role(&r[i], "a.csv", i + 2, "OPS", "t", "d", "daily", OPS);
		tu_miss(&r[i], TU_PM_RISK, "match limit");
	}
	return r;
}

START_TEST(test_many_notifications_are_capped)
{
	enum { N = 1005 };
	struct trole *r = unevaluated(N, 0);
	struct tu_check c;
	const struct jr_value *notes;
	struct jr_value *v;
	char *out;

	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	v = sarif(&c, r, N, &out);
	notes = tu_get(&tu_get(run0(v), "invocations")->items[0],
	    "toolExecutionNotifications");
	/* a thousand, then one that counts the rest */
	ck_assert_uint_eq(notes->nitems, 1001);
	ck_assert_str_eq(tu_str(tu_get(&notes->items[999], "message"), "text"),
	    "rule pm-risk was not evaluated on role OPS: match limit");
	ck_assert_str_eq(tu_str(tu_get(&notes->items[1000], "message"), "text"),
	    "5 more notifications left out");
	ck_assert_ptr_null(jsonr_get(&notes->items[1000], "locations"));
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
	free(r);
}
END_TEST

/* Past the cap, the warnings do not crowd out a file's rejected rows. */
START_TEST(test_capped_warnings_keep_file_errors)
{
	enum { N = 1005 };
	struct trole *r = unevaluated(N, 1);
	struct tu_check c;
	const struct jr_value *notes, *loc;
	struct jr_value *v;
	char *out;

	tu_role(&r[N], "b.csv", 2, "OPS-2", "t", "d", "daily", OPS);
	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.rejected = (const unsigned long[]){ 0, 4 };
	v = sarif(&c, r, N + 1, &out);
	notes = tu_get(&tu_get(run0(v), "invocations")->items[0],
	    "toolExecutionNotifications");
	ck_assert_uint_eq(notes->nitems, 1002);
	ck_assert_str_eq(tu_str(&notes->items[0], "level"), "error");
	ck_assert_str_eq(tu_str(tu_get(&notes->items[0], "message"), "text"),
	    "4 of 5 rows were rejected as malformed and not checked (the "
	    "messages on standard error name each line)");
	loc = tu_get(&tu_get(&notes->items[0], "locations")->items[0],
	    "physicalLocation");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uri"),
	    "b.csv");
	ck_assert_str_eq(tu_str(tu_get(&notes->items[1000], "message"), "text"),
	    "rule pm-risk was not evaluated on role OPS: match limit");
	ck_assert_str_eq(tu_str(tu_get(&notes->items[1001], "message"), "text"),
	    "5 more notifications left out");
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
	free(r);
}
END_TEST

/* A run that could not start (a config it cannot use): a whole log, the
 * invocation failed, each error a notification at its file and line, and
 * an empty results array (upload-sarif refuses a run without one). */
START_TEST(test_failed_run_is_a_whole_log)
{
	const struct chk_error e[] = {
		{ ".roleaudit", 5, "unknown finding kind 'x' in fail-on" },
		{ "/etc/ra/bl", 0, "cannot read the baseline" },
		{ NULL, 0, "1 error in the rules" },
	};
	struct chk_opts o;
	struct tu_mem m;
	const struct jr_value *run, *inv, *notes, *loc;
	struct jr_value *v;
	char *out;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(chk_sarif.not_run(tu_mem_open(&m), &o, e, 3), 0);
	out = tu_mem_close(&m);
	v = jsonr_parse("sarif", out, strlen(out));
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(tu_str(v, "version"), "2.1.0");
	run = run0(v);
	ck_assert_str_eq(tu_str(tu_get(tu_get(run, "tool"), "driver"), "name"),
	    "roleaudit");
	ck_assert_int_eq(tu_get(run, "results")->type, JR_ARRAY);
	ck_assert_uint_eq(tu_get(run, "results")->nitems, 0);
	inv = &tu_get(run, "invocations")->items[0];
	ck_assert_int_eq(tu_get(inv, "executionSuccessful")->type, JR_FALSE);
	notes = tu_get(inv, "toolExecutionNotifications");
	ck_assert_uint_eq(notes->nitems, 3);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_str_eq(tu_str(&notes->items[i], "level"), "error");
		ck_assert_str_eq(tu_str(tu_get(&notes->items[i], "message"),
		    "text"), e[i].msg);
	}
	loc = tu_get(&tu_get(&notes->items[0], "locations")->items[0],
	    "physicalLocation");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uri"),
	    ".roleaudit");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uriBaseId"),
	    "SRCROOT");
	ck_assert_double_eq(tu_get(tu_get(loc, "region"), "startLine")->num, 5);
	loc = tu_get(&tu_get(&notes->items[1], "locations")->items[0],
	    "physicalLocation");
	ck_assert_str_eq(tu_str(tu_get(loc, "artifactLocation"), "uri"),
	    "file:///etc/ra/bl");
	ck_assert_ptr_null(jsonr_get(loc, "region"));
	ck_assert_ptr_null(jsonr_get(&notes->items[2], "locations"));
	jsonr_free(v);
	free(out);

	/* no error kept (a caller that did not keep them): still says so */
	ck_assert_int_eq(chk_sarif.not_run(tu_mem_open(&m), &o, NULL, 0), 0);
	out = tu_mem_close(&m);
	v = jsonr_parse("sarif", out, strlen(out));
	ck_assert_ptr_nonnull(v);
	inv = &tu_get(run0(v), "invocations")->items[0];
	ck_assert_int_eq(tu_get(inv, "executionSuccessful")->type, JR_FALSE);
	ck_assert_uint_eq(tu_get(inv, "toolExecutionNotifications")->nitems, 1);
	jsonr_free(v);
	free(out);
}
END_TEST

/* Where SRCROOT is: a file URI of the folder, percent-encoded, ending in
 * '/'; relative locations use it, absolute ones do not; no
 * originalUriBaseIds when the folder is not known. */
START_TEST(test_srcroot)
{
	static const char *const roots[] = { "/srv/jobs repo", "/srv/x/", "/" };
	static const char *const uris[] = { "file:///srv/jobs%20repo/",
	    "file:///srv/x/", "file:///" };
	const struct chk_error e[] = { { ".roleaudit", 3, "bad" } };
	struct trole r[2];
	struct tu_check c;
	const struct jr_value *run, *res, *loc;
	struct jr_value *v;
	struct tu_mem m;
	char *out;

	for (size_t i = 0; i < 3; i++) {
		tu_role(&r[0], "data/a.csv", 2, "MIX-1", "t", "d",
		    "daily KPI plan", MIXED);
		tu_role(&r[1], "/elsewhere/b.csv", 2, "MIX-2", "t", "d",
		    "daily KPI plan", MIXED);
		tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
		c.o.srcroot = roots[i];
		v = sarif(&c, r, 2, &out);
		run = run0(v);
		ck_assert_str_eq(tu_str(tu_get(tu_get(run, "originalUriBaseIds"),
		    "SRCROOT"), "uri"), uris[i]);
		res = tu_get(run, "results");
		loc = tu_get(tu_get(&tu_get(&res->items[0],
		    "locations")->items[0], "physicalLocation"),
		    "artifactLocation");
		ck_assert_str_eq(tu_str(loc, "uri"), "data/a.csv");
		ck_assert_str_eq(tu_str(loc, "uriBaseId"), "SRCROOT");
		loc = tu_get(tu_get(&tu_get(&res->items[1],
		    "locations")->items[0], "physicalLocation"),
		    "artifactLocation");
		ck_assert_str_eq(tu_str(loc, "uri"), "file:///elsewhere/b.csv");
		ck_assert_ptr_null(jsonr_get(loc, "uriBaseId"));
		jsonr_free(v);
		free(out);
		tu_check_free(&c);

		/* the log of a run that could not start says it too */
		ck_assert_int_eq(chk_sarif.not_run(tu_mem_open(&m), &c.o, e, 1),
		    0);
		out = tu_mem_close(&m);
		v = jsonr_parse("sarif", out, strlen(out));
		ck_assert_ptr_nonnull(v);
		ck_assert_str_eq(tu_str(tu_get(tu_get(run0(v),
		    "originalUriBaseIds"), "SRCROOT"), "uri"), uris[i]);
		jsonr_free(v);
		free(out);
	}
	/* not known: left out */
	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	v = sarif(&c, r, 0, &out);
	ck_assert_ptr_null(jsonr_get(run0(v), "originalUriBaseIds"));
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
}
END_TEST

/* A file above SRCROOT ("../x.csv", as typed with no config) cannot be
 * placed relative to it: its absolute file:// URI, without uriBaseId. */
START_TEST(test_path_above_srcroot)
{
	static const char *const paths[] = { "../jobs/a.csv",
	    "../../a b.csv", "../../../../x.csv", "..", "../y/./z/../a.csv" };
	static const char *const uris[] = { "file:///srv/jobs/a.csv",
	    "file:///a%20b.csv", "file:///x.csv", "file:///srv",
	    "file:///srv/y/a.csv" };
	struct trole r[1];
	struct tu_check c;
	const struct jr_value *loc;
	struct jr_value *v;
	char *out;

	for (size_t i = 0; i < 5; i++) {
		tu_role(&r[0], paths[i], 2, "MIX-1", "t", "d",
		    "daily KPI plan", MIXED);
		tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
		c.o.srcroot = "/srv/repo";
		v = sarif(&c, r, 1, &out);
		loc = tu_get(tu_get(&tu_get(&tu_get(run0(v),
		    "results")->items[0], "locations")->items[0],
		    "physicalLocation"), "artifactLocation");
		ck_assert_str_eq(tu_str(loc, "uri"), uris[i]);
		ck_assert_ptr_null(jsonr_get(loc, "uriBaseId"));
		jsonr_free(v);
		free(out);
		tu_check_free(&c);
	}
	/* "..name" is a name, not a step up */
	tu_role(&r[0], "..data/a.csv", 2, "MIX-1", "t", "d", "daily KPI plan",
	    MIXED);
	tu_check_init(&c, &chk_sarif, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.srcroot = "/srv/repo";
	v = sarif(&c, r, 1, &out);
	loc = tu_get(tu_get(&tu_get(&tu_get(run0(v), "results")->items[0],
	    "locations")->items[0], "physicalLocation"), "artifactLocation");
	ck_assert_str_eq(tu_str(loc, "uri"), "..data/a.csv");
	ck_assert_str_eq(tu_str(loc, "uriBaseId"), "SRCROOT");
	jsonr_free(v);
	free(out);
	tu_check_free(&c);
}
END_TEST

Suite *
chk_sarif_suite(void)
{
	Suite *s = suite_create("chk_sarif");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_document_shape_and_rules);
	tcase_add_test(tc, test_results_states_and_no_role_text);
	tcase_add_test(tc, test_fingerprint_follows_the_role);
	tcase_add_test(tc, test_notifications_and_execution_successful);
	tcase_add_test(tc, test_unreadable_file_and_failed_run);
	tcase_add_test(tc, test_mixed_share_result);
	tcase_add_test(tc, test_run_error_fails_the_invocation);
	tcase_add_test(tc, test_many_notifications_are_capped);
	tcase_add_test(tc, test_capped_warnings_keep_file_errors);
	tcase_add_test(tc, test_failed_run_is_a_whole_log);
	tcase_add_test(tc, test_srcroot);
	tcase_add_test(tc, test_path_above_srcroot);
	suite_add_tcase(s, tc);
	return s;
}
