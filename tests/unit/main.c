/*
 * main.c — the Check runner: every module's suite in one SRunner.
 * CK_FORK=no (set by make check under valgrind) runs them in-process.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "suites.h"

const char *
test_srcpath(const char *rel)
{
	static char buf[4096];
	const char *top = getenv("top_srcdir");

	snprintf(buf, sizeof(buf), "%s/%s", top ? top : ABS_TOP_SRCDIR, rel);
	return buf;
}

int
main(void)
{
	SRunner *sr = srunner_create(strbuf_suite());
	int failed;

	srunner_add_suite(sr, classify_suite());
	srunner_add_suite(sr, jsonw_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, policy_suite());
	srunner_add_suite(sr, baseline_suite());
	srunner_add_suite(sr, decode_suite());
	srunner_add_suite(sr, csvsrc_suite());
	srunner_add_suite(sr, t2s_suite());
	srunner_add_suite(sr, colmap_suite());
	srunner_add_suite(sr, report_suite());
	srunner_add_suite(sr, jsonr_suite());
	srunner_add_suite(sr, rules_suite());
	srunner_add_suite(sr, matcher_suite());
	srunner_add_suite(sr, prefilter_suite());
	srunner_add_suite(sr, csvw_suite());
	srunner_add_suite(sr, outfile_suite());
	srunner_add_suite(sr, diag_suite());
	srunner_add_suite(sr, xalloc_suite());
	srunner_add_suite(sr, writer_suite());
	srunner_add_suite(sr, out_text_suite());
	srunner_add_suite(sr, out_csv_suite());
	srunner_add_suite(sr, out_json_suite());
	srunner_add_suite(sr, chk_text_suite());
	srunner_add_suite(sr, chk_github_suite());
	srunner_add_suite(sr, chk_sarif_suite());
	srunner_add_suite(sr, chk_junit_suite());
	srunner_add_suite(sr, rep_text_suite());
	srunner_add_suite(sr, rep_md_suite());
	srunner_add_suite(sr, rep_csv_suite());
	srunner_add_suite(sr, rep_json_suite());
	srunner_add_suite(sr, rep_html_suite());
	srunner_add_suite(sr, cli_suite());
	srunner_add_suite(sr, audit_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
