/*
 * check_chk_text.c — `check --format text` and the registry of check
 * formats: one FILE:LINE line per finding with its state, the totals,
 * the verdict line (passed, FAILED, incomplete), and input text kept
 * free of control characters.  Findings come from the real policy.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "chk.h"
#include "suites.h"
#include "testutil.h"

static const int OPS[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, -1 };
static const int MIXED[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN, -1 };
static const int MISMATCH[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG,
    TU_TITLE_PM, -1 };

#define MIXED_MSG "duties mix operations and project-management work (ops " \
		  "3.5, pm 2; conflicting dimensions: scope)"

/* Five roles: a new mixed one, a clean one, a new title mismatch, a
 * mixed one its row accepts, and a mixed one the baseline lists. */
static void
fixture(struct trole r[5], struct baseline *bl)
{
	tu_role(&r[0], "jobs.csv", 2, "MIX-1", "运营项目专员", "运营部",
	    "daily KPI plan", MIXED);
	tu_role(&r[1], "jobs.csv", 3, "OPS-1", "运营专员", "运营部",
	    "daily KPI long-term", OPS);
	tu_role(&r[2], "jobs.csv", 4, "MIS-1", "项目经理", "运营部",
	    "daily KPI long-term", MISMATCH);
	tu_role(&r[3], "jobs.csv", 5, "MIX-2", "", "项目部", "daily KPI plan",
	    MIXED);
	r[3].r.ignore = "mixed";
	tu_role(&r[4], "jobs.csv", 6, "BASE-1", "t", "项目部",
	    "the daily KPI plan", MIXED);
	baseline_add(bl, "jobs.csv", "BASE-1", "mixed",
	    role_text_hash(r[4].r.text, r[4].r.ntext));
}

START_TEST(test_registry)
{
	char list[128], *tok, *save = NULL;
	int n = 0;

	snprintf(list, sizeof(list), "%s", chk_list());
	for (tok = strtok_r(list, ", ", &save); tok != NULL;
	    tok = strtok_r(NULL, ", ", &save), n++) {
		ck_assert_msg(chk_find(tok) != NULL, "'%s' not found", tok);
		ck_assert_str_eq(chk_find(tok)->id, tok);
	}
	ck_assert_int_eq(n, 4);
	ck_assert_ptr_eq(chk_find("text"), &chk_text);
	ck_assert_ptr_eq(chk_find("sarif"), &chk_sarif);
	ck_assert_ptr_null(chk_find("json"));
	ck_assert_ptr_null(chk_find("Text"));
	ck_assert_str_eq(finding_state_name(FS_NEW), "new");
	ck_assert_str_eq(finding_state_name(FS_IGNORED), "ignored");
	ck_assert_str_eq(finding_state_name(FS_BASELINE), "baseline");
}
END_TEST

START_TEST(test_findings_states_and_failed_verdict)
{
	struct baseline *bl = baseline_new();
	struct trole r[5];
	struct tu_check c;
	char *out;
	int rc;

	fixture(r, bl);
	tu_check_init(&c, &chk_text, FK_DEFAULT_FAIL_ON, -1, 0, bl);
	out = tu_check_run(&c, r, 5, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out,
	    "jobs.csv:2: mixed: MIX-1 运营项目专员 \xe2\x80\x94 " MIXED_MSG "\n"
	    "jobs.csv:4: title-mismatch: MIS-1 项目经理 \xe2\x80\x94 the title "
	    "reads as project-management but the duties read as operations "
	    "(ops 4.5, pm 0)\n"
	    "jobs.csv:5: mixed: MIX-2 \xe2\x80\x94 " MIXED_MSG
	    " (accepted: roleaudit-ignore)\n"
	    "jobs.csv:6: mixed: BASE-1 t \xe2\x80\x94 " MIXED_MSG
	    " (accepted: baseline)\n"
	    "check: 5 roles in 1 file (5 rows read = 5 classified + 0 "
	    "rejected)\n"
	    "check: 4 findings: 2 new, 1 accepted by the baseline, 1 ignored\n"
	    "check: FAILED: 2 new findings\n");
	free(out);
	tu_check_free(&c);
	baseline_free(bl);
}
END_TEST

START_TEST(test_passed_singular_and_ignore_column_name)
{
	struct trole r[2];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	tu_check_init(&c, &chk_text, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "check: 1 role in 1 file (1 row read = 1 "
	    "classified + 0 rejected)\ncheck: 0 findings: 0 new, 0 accepted "
	    "by the baseline, 0 ignored\ncheck: passed\n");
	free(out);
	tu_check_free(&c);

	/* One finding, accepted under the configured column's name, and a
	 * second file with a rejected row. */
	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "d", "daily KPI plan", MIXED);
	r[0].r.ignore = "mixed";
	tu_role(&r[1], "b.csv", 2, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	tu_check_init(&c, &chk_text, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.ignore_col = "jd-ignore";
	c.rejected = (const unsigned long[]){ 0, 1 };
	out = tu_check_run(&c, r, 2, &rc);
	ck_assert_ptr_nonnull(strstr(out, MIXED_MSG " (accepted: jd-ignore)\n"));
	ck_assert_ptr_nonnull(strstr(out, "check: 2 roles in 2 files (3 rows "
	    "read = 2 classified + 1 rejected)\ncheck: 1 finding: 0 new, 0 "
	    "accepted by the baseline, 1 ignored\ncheck: passed\n"));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_incomplete_wins_over_failed)
{
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "d", "daily KPI plan", MIXED);
	tu_check_init(&c, &chk_text, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.failed = 1;
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_ptr_nonnull(strstr(out, "check: 1 finding: 1 new, 0 accepted "
	    "by the baseline, 0 ignored\ncheck: incomplete: some input could "
	    "not be checked (see the messages above)\n"));
	ck_assert_ptr_null(strstr(out, "FAILED"));
	ck_assert_ptr_null(strstr(out, "passed"));
	free(out);
	tu_check_free(&c);
}
END_TEST

/* A run error (a baseline it could not write) is the verdict: exit 2,
 * so neither "passed" nor only "FAILED". */
START_TEST(test_run_error_verdict)
{
	static const struct chk_error err = { "base.bl", 0,
	    "write failed: No space left on device" };
	static const char *const want[] = { "\ncheck: error: the run did not "
	    "finish cleanly (see the messages above)\n", "\ncheck: error: the "
	    "run did not finish cleanly (see the messages above); 1 new "
	    "finding\n" };
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	for (int k = 0; k < 2; k++) {	/* no new finding, then one */
		tu_role(&r[0], "a.csv", 2, k ? "MIX-1" : "OPS-1", "t", "d",
		    k ? "daily KPI plan" : "daily KPI long-term",
		    k ? MIXED : OPS);
		tu_check_init(&c, &chk_text, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
		c.errors = &err;
		c.nerrors = 1;
		out = tu_check_run(&c, r, 1, &rc);
		ck_assert_ptr_nonnull(strstr(out, want[k]));
		ck_assert_ptr_null(strstr(out, "passed"));
		ck_assert_ptr_null(strstr(out, "FAILED"));
		free(out);
		tu_check_free(&c);
	}
}
END_TEST

START_TEST(test_mixed_share_and_no_location)
{
	struct trole r[2];
	struct tu_check c;
	struct finding *f;
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "运营部", "daily KPI plan",
	    MIXED);
	tu_role(&r[1], "a.csv", 3, "OPS-1", "t", "运营部", "daily KPI long-term",
	    OPS);
	tu_check_init(&c, &chk_text, FK_DEFAULT_FAIL_ON, 0.25, 0, NULL);
	out = tu_check_run(&c, r, 2, &rc);
	/* the run's share comes last, located at the first role */
	ck_assert_ptr_nonnull(strstr(out, "\na.csv:2: mixed-share: (all) "
	    "\xe2\x80\x94 all roles: 1 of 2 roles are mixed (50.0%), above the "
	    "allowed 25.0%\ncheck: "));
	free(out);
	/* A finding without a location is reported under the program's
	 * name. */
	f = &c.p->findings[c.p->nfindings - 1];
	ck_assert_int_eq(f->kind, FK_MIXED_SHARE);
	free(f->path);
	f->path = NULL;
	{
		struct chk_run run = { .t = &c.t, .p = c.p };
		struct tu_mem m;
		void *st = chk_text.begin(tu_mem_open(&m), &c.o);

		ck_assert_int_eq(chk_text.end(st, &run), 0);
		out = tu_mem_close(&m);
	}
	ck_assert_ptr_nonnull(strstr(out, "\nroleaudit: mixed-share: (all) "
	    "\xe2\x80\x94 all roles: "));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_control_characters_in_labels)
{
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "ID\033[2J", "ti\ttle\xc2\x9b" "1m", "d",
	    "daily KPI plan", MIXED);
	tu_check_init(&c, &chk_text, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_null(strchr(out, '\t'));
	ck_assert_ptr_null(strstr(out, "\xc2\x9b"));
	ck_assert_ptr_nonnull(strstr(out, "a.csv:2: mixed: ID [2J ti tle 1m "
	    "\xe2\x80\x94 "));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_totals_line)
{
	struct totals t;
	struct file_totals f[2];
	struct chk_run run = { .t = &t };
	struct strbuf sb = STRBUF_INIT;

	memset(&t, 0, sizeof(t));
	t.files = f;
	t.nfiles = 2;
	t.rows_read = 10;
	t.classified = 7;
	t.rejected = 3;
	chk_totals_line(&sb, &run);
	ck_assert_str_eq(strbuf_str(&sb), "7 roles in 2 files (10 rows read = "
	    "7 classified + 3 rejected)");
	strbuf_free(&sb);
}
END_TEST

Suite *
chk_text_suite(void)
{
	Suite *s = suite_create("chk_text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_findings_states_and_failed_verdict);
	tcase_add_test(tc, test_passed_singular_and_ignore_column_name);
	tcase_add_test(tc, test_incomplete_wins_over_failed);
	tcase_add_test(tc, test_run_error_verdict);
	tcase_add_test(tc, test_mixed_share_and_no_location);
	tcase_add_test(tc, test_control_characters_in_labels);
	tcase_add_test(tc, test_totals_line);
	suite_add_tcase(s, tc);
	return s;
}
