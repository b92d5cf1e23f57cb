/*
 * check_chk_junit.c — `check --format junit`: one testsuite per input
 * file in the order given and one testcase per role, a <failure> per
 * new finding and <system-out> for accepted ones, <error> cases for
 * rejected rows and unreadable files, the policy suite for the mixed
 * share, counts that add up, XML escaping of everything from the
 * input (characters XML 1.0 forbids become U+FFFD), and the run's
 * messages about a file in the text of its first <error>.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk.h"
#include "diag.h"
#include "suites.h"
#include "testutil.h"

static const int OPS[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, -1 };
static const int MIXED[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN, -1 };

#define EM	"\xe2\x80\x94"
#define MIXED_MSG "duties mix operations and project-management work (ops " \
		  "3.5, pm 2; conflicting dimensions: scope)"

START_TEST(test_suites_cases_and_counts)
{
	struct trole r[3];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "d", "daily KPI plan", MIXED);
	tu_role(&r[1], "a.csv", 3, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	tu_role(&r[2], "a.csv", 4, "MIX-2", "", "d", "daily KPI plan", MIXED);
	r[2].r.ignore = "mixed";
	tu_check_init(&c, &chk_junit, FK_DEFAULT_FAIL_ON, 0.25, 0, NULL);
	/* b.csv yielded no role but had a rejected row */
	c.paths[0] = "a.csv";
	c.paths[1] = "b.csv";
	c.rejected = (const unsigned long[]){ 0, 1 };
	out = tu_check_run(&c, r, 3, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"roleaudit check\" tests=\"5\" failures=\"2\" "
	    "errors=\"1\">\n"
	    "  <testsuite name=\"a.csv\" tests=\"3\" failures=\"1\" "
	    "errors=\"0\">\n"
	    "    <testcase classname=\"a.csv\" name=\"MIX-1 t\" file=\"a.csv\" "
	    "line=\"2\">\n"
	    "      <failure type=\"mixed\" message=\"" MIXED_MSG "\">a.csv:2: "
	    "mixed: MIX-1 t " EM " " MIXED_MSG "</failure>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"a.csv\" name=\"OPS-1 t\" file=\"a.csv\" "
	    "line=\"3\"/>\n"
	    "    <testcase classname=\"a.csv\" name=\"MIX-2\" file=\"a.csv\" "
	    "line=\"4\">\n"
	    "      <system-out>accepted (roleaudit-ignore): mixed: " MIXED_MSG
	    "</system-out>\n"
	    "    </testcase>\n"
	    "  </testsuite>\n"
	    "  <testsuite name=\"b.csv\" tests=\"1\" failures=\"0\" "
	    "errors=\"1\">\n"
	    "    <testcase classname=\"b.csv\" name=\"rejected rows\">\n"
	    "      <error type=\"rejected-rows\" message=\"1 of 1 rows were "
	    "rejected as malformed and not checked\"/>\n"
	    "    </testcase>\n"
	    "  </testsuite>\n"
	    "  <testsuite name=\"policy\" tests=\"1\" failures=\"1\" "
	    "errors=\"0\">\n"
	    "    <testcase classname=\"policy\" name=\"max-mixed-share (all)\">\n"
	    "      <failure type=\"mixed-share\" message=\"all roles: 2 of 3 "
	    "roles are mixed (66.7%), above the allowed 25.0%\">a.csv:2: "
	    "mixed-share: (all) " EM " all roles: 2 of 3 roles are mixed "
	    "(66.7%), above the allowed 25.0%</failure>\n"
	    "    </testcase>\n"
	    "  </testsuite>\n"
	    "</testsuites>\n");
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_policy_suite_passes_or_is_absent)
{
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	/* a limit that holds: one passing policy case */
	tu_check_init(&c, &chk_junit, FK_DEFAULT_FAIL_ON, 0.5, 0, NULL);
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_ptr_nonnull(strstr(out, "<testsuites name=\"roleaudit check\" "
	    "tests=\"2\" failures=\"0\" errors=\"0\">\n"));
	ck_assert_ptr_nonnull(strstr(out, "  <testsuite name=\"policy\" "
	    "tests=\"1\" failures=\"0\" errors=\"0\">\n    <testcase "
	    "classname=\"policy\" name=\"max-mixed-share\"/>\n  </testsuite>\n"));
	free(out);
	tu_check_free(&c);
	/* no limit: no policy suite */
	tu_check_init(&c, &chk_junit, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_ptr_null(strstr(out, "policy"));
	ck_assert_ptr_nonnull(strstr(out, "tests=\"1\" failures=\"0\" "
	    "errors=\"0\">\n"));
	free(out);
	tu_check_free(&c);
}
END_TEST

/* A run over gone.csv, which could not be read, then b.csv with one
 * operations role. */
static void
unreadable_setup(struct tu_check *c, struct trole *r)
{
	static const int failed[2] = { 1, 0 };

	tu_role(r, "b.csv", 2, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	tu_check_init(c, &chk_junit, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c->paths[0] = "gone.csv";
	c->file_failed = failed;
	c->failed = 1;
}

START_TEST(test_unreadable_file)
{
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	unreadable_setup(&c, r);
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_int_eq(rc, 0);
	/* files in the order given, the unreadable one first */
	ck_assert_ptr_nonnull(strstr(out, "errors=\"1\">\n  <testsuite "
	    "name=\"gone.csv\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
	    "    <testcase classname=\"gone.csv\" name=\"read\">\n"
	    "      <error type=\"unreadable\" message=\"the file could not be "
	    "checked (see the messages on standard error)\"/>\n"));
	ck_assert(strstr(out, "name=\"gone.csv\"") <
	    strstr(out, "name=\"b.csv\""));
	free(out);
	tu_check_free(&c);
}
END_TEST

/* What the reader says while the run goes. */
static void
file_messages(void)
{
	diag(DIAG_ERROR, "gone.csv", 1, 0, "no text column (found: a, b)");
	diag(DIAG_ERROR, "b.csv", 3, 0, "3 fields, but the header has 2");
	diag(DIAG_WARNING, "b.csv", 5, 2, "stray <quote>");
	diag(DIAG_NOTE, "b.csv", 0, 0, "notes are left out");
	diag(DIAG_ERROR, NULL, 0, 0, "and so are messages about no file");
}

START_TEST(test_error_text_is_the_messages)
{
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	unreadable_setup(&c, r);
	c.rejected = (const unsigned long[]){ 0, 2 };
	c.during = file_messages;
	tu_diag_begin();
	out = tu_check_run(&c, r, 1, &rc);
	free(tu_diag_end());
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out,
	    "    <testcase classname=\"gone.csv\" name=\"read\">\n"
	    "      <error type=\"unreadable\" message=\"the file could not be "
	    "checked\">line 1: no text column (found: a, b)&#10;</error>\n"
	    "    </testcase>\n"));
	ck_assert_ptr_nonnull(strstr(out,
	    "    <testcase classname=\"b.csv\" name=\"rejected rows\">\n"
	    "      <error type=\"rejected-rows\" message=\"2 of 3 rows were "
	    "rejected as malformed and not checked\">line 3: 3 fields, but "
	    "the header has 2&#10;line 5, column 2: warning: stray &lt;quote"
	    "&gt;&#10;</error>\n"));
	ck_assert_ptr_null(strstr(out, "notes are"));
	ck_assert_ptr_null(strstr(out, "no file"));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_xml_escaping)
{
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "R&D <\"q\">.csv", 2, "<id>&'", "a\x01" "b\tc\x7f" "d"
	    "\xef\xbf\xbe" "e\xef\xbf\xbf", "d", "daily KPI plan", MIXED);
	tu_check_init(&c, &chk_junit, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_ptr_nonnull(strstr(out, "<testsuite name=\"R&amp;D "
	    "&lt;&quot;q&quot;&gt;.csv\""));
	/* TAB as a reference (an attribute would turn it into a space);
	 * other controls as U+FFFD */
	ck_assert_ptr_nonnull(strstr(out, "name=\"&lt;id&gt;&amp;&apos; "
	    "a\xef\xbf\xbd" "b&#9;c\xef\xbf\xbd" "d\xef\xbf\xbd" "e"
	    "\xef\xbf\xbd\""));
	/* U+FFFE and U+FFFF are no XML characters either */
	ck_assert_ptr_null(strstr(out, "\xef\xbf\xbe"));
	ck_assert_ptr_null(strstr(out, "\xef\xbf\xbf"));
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		ck_assert_msg(*p >= 0x20 || *p == '\n', "raw control byte "
		    "0x%02x", *p);
	ck_assert_ptr_null(strstr(out, "<id>"));
	ck_assert_ptr_null(strstr(out, "R&D"));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_two_findings_one_failed_case)
{
	static const int mismatch_mixed[] = { TU_OPS_DAILY, TU_OPS_KPI,
	    TU_PM_PLAN, TU_TITLE_PM, -1 };
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	/* unclassified and mixed both failing on one role: two <failure>
	 * elements, and the testcase counts once */
	tu_role(&r[0], "a.csv", 2, "X", "t", "d", "daily KPI plan",
	    mismatch_mixed);
	tu_miss(&r[0], TU_PM_RISK, "match limit");
	tu_check_init(&c, &chk_junit, FK_BIT(FK_MIXED) |
	    FK_BIT(FK_NOT_EVALUATED), -1, 0, NULL);
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_int_eq(tu_count_str(out, "<failure "), 2);
	ck_assert_ptr_nonnull(strstr(out, "<failure type=\"not-evaluated\" "
	    "message=\"rule pm-risk was not evaluated on this role: match "
	    "limit\">"));
	ck_assert_ptr_nonnull(strstr(out, "tests=\"1\" failures=\"1\" "
	    "errors=\"0\">\n    <testcase"));
	free(out);
	tu_check_free(&c);
}
END_TEST

/* A run that could not start: a well-formed report with one testcase in
 * error, its message the first error, its text every error, escaped. */
START_TEST(test_failed_run)
{
	const struct chk_error e[] = {
		{ ".roleaudit", 5, "unknown finding kind 'x<y>' in fail-on" },
		{ ".roleaudit", 0, "1 error in the config file" },
	};
	struct chk_opts o;
	struct tu_mem m;
	char *out;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(chk_junit.not_run(tu_mem_open(&m), &o, e, 2), 0);
	out = tu_mem_close(&m);
	ck_assert_str_eq(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"roleaudit check\" tests=\"1\" failures=\"0\" "
	    "errors=\"1\">\n"
	    "  <testsuite name=\"roleaudit check\" tests=\"1\" failures=\"0\" "
	    "errors=\"1\">\n"
	    "    <testcase classname=\"roleaudit check\" name=\"run\">\n"
	    "      <error type=\"not-run\" message=\"the check could not run: "
	    "unknown finding kind &apos;x&lt;y&gt;&apos; in fail-on\">"
	    ".roleaudit:5: unknown finding kind &apos;x&lt;y&gt;&apos; in "
	    "fail-on&#10;.roleaudit: 1 error in the config file&#10;</error>\n"
	    "    </testcase>\n  </testsuite>\n</testsuites>\n");
	free(out);
}
END_TEST

/* An error of the run itself (a --write-baseline file it could not
 * write) is a last suite with one testcase in error, counted in the
 * totals; the files' suites are as before. */
START_TEST(test_run_error_suite)
{
	static const struct chk_error err = { "base.bl", 0,
	    "write failed: <full>" };
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "d", "daily KPI plan", MIXED);
	tu_check_init(&c, &chk_junit, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.errors = &err;
	c.nerrors = 1;
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "<testsuites name=\"roleaudit check\" "
	    "tests=\"2\" failures=\"1\" errors=\"1\">\n  <testsuite "
	    "name=\"a.csv\" tests=\"1\" failures=\"1\" errors=\"0\">\n"));
	ck_assert_ptr_nonnull(strstr(out, "  </testsuite>\n  <testsuite "
	    "name=\"roleaudit check\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
	    "    <testcase classname=\"roleaudit check\" name=\"run\">\n"
	    "      <error type=\"error\" message=\"write failed: &lt;full&gt;\">"
	    "base.bl: write failed: &lt;full&gt;&#10;</error>\n"
	    "    </testcase>\n  </testsuite>\n</testsuites>\n"));
	free(out);
	tu_check_free(&c);
}
END_TEST

Suite *
chk_junit_suite(void)
{
	Suite *s = suite_create("chk_junit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_suites_cases_and_counts);
	tcase_add_test(tc, test_policy_suite_passes_or_is_absent);
	tcase_add_test(tc, test_unreadable_file);
	tcase_add_test(tc, test_error_text_is_the_messages);
	tcase_add_test(tc, test_xml_escaping);
	tcase_add_test(tc, test_two_findings_one_failed_case);
	tcase_add_test(tc, test_failed_run);
	tcase_add_test(tc, test_run_error_suite);
	suite_add_tcase(s, tc);
	return s;
}
