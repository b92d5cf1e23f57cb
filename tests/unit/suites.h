/*
 * suites.h — one Check suite per module; main.c runs them all.
 * Each check_<module>.c defines <module>_suite().
 */
#ifndef ROLEAUDIT_TEST_SUITES_H
#define ROLEAUDIT_TEST_SUITES_H

#include <check.h>

Suite	*strbuf_suite(void);
Suite	*classify_suite(void);
Suite	*jsonw_suite(void);
Suite	*config_suite(void);
Suite	*policy_suite(void);
Suite	*baseline_suite(void);
Suite	*decode_suite(void);
Suite	*csvsrc_suite(void);
Suite	*colmap_suite(void);
Suite	*report_suite(void);
Suite	*jsonr_suite(void);
Suite	*rules_suite(void);
Suite	*matcher_suite(void);
Suite	*t2s_suite(void);
Suite	*prefilter_suite(void);
Suite	*csvw_suite(void);
Suite	*outfile_suite(void);
Suite	*diag_suite(void);
Suite	*xalloc_suite(void);
Suite	*writer_suite(void);
Suite	*out_text_suite(void);
Suite	*out_csv_suite(void);
Suite	*out_json_suite(void);
Suite	*chk_text_suite(void);
Suite	*chk_github_suite(void);
Suite	*chk_sarif_suite(void);
Suite	*chk_junit_suite(void);
Suite	*rep_text_suite(void);
Suite	*rep_md_suite(void);
Suite	*rep_csv_suite(void);
Suite	*rep_json_suite(void);
Suite	*rep_html_suite(void);
Suite	*cli_suite(void);
Suite	*audit_suite(void);

/* Absolute path of a file under the source tree (static buffer). */
const char *test_srcpath(const char *rel);

#endif
