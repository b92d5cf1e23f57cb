/*
 * check_chk_github.c — `check --format github`: one ::error workflow
 * command per new finding, worst first and at most --max-annotations,
 * escaped as GitHub's toolkit expects (properties and message apart),
 * accepted findings left out, the closing summary line, and the
 * Markdown job summary appended to $GITHUB_STEP_SUMMARY with its cells
 * escaped; the input's errors and warnings annotated as they come,
 * within the same limit, and listed in the job summary.
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
static const int MIXED_EVEN[] = { TU_OPS_DAILY, TU_OPS_LONG, TU_PM_PLAN,
    TU_PM_RISK, -1 };
static const int MISMATCH[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG,
    TU_TITLE_PM, -1 };

#define EM	"\xe2\x80\x94"

START_TEST(test_annotation_and_summary_line)
{
	struct trole r[2];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "data/jobs.csv", 7, "MIX-1", "运营项目专员", "运营部",
	    "daily KPI plan", MIXED);
	tu_role(&r[1], "data/jobs.csv", 8, "OPS-1", "t", "d",
	    "daily KPI long-term", OPS);
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	out = tu_check_run(&c, r, 2, &rc);
	ck_assert_int_eq(rc, 0);
	/* ':' in the title property is escaped; in the message it is not */
	ck_assert_str_eq(out, "::error file=data/jobs.csv,line=7,"
	    "title=roleaudit mixed%3A MIX-1::MIX-1 运营项目专员 " EM " duties "
	    "mix operations and project-management work (ops 3.5, pm 2; "
	    "conflicting dimensions: scope)\n"
	    "roleaudit check: FAILED: 1 new finding; 2 roles in 1 file (2 rows "
	    "read = 2 classified + 0 rejected); 0 accepted by the baseline, 0 "
	    "ignored\n");
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_escaping)
{
	struct trole r[1];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "a,b:c%d.csv", 3, "X,1:2", "100%\nnew\r\033[1m\xc2\x9bz",
	    "d", "daily KPI plan", MIXED);
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	out = tu_check_run(&c, r, 1, &rc);
	ck_assert_int_eq(rc, 0);
	/* Properties: % CR LF : , escaped. */
	ck_assert_ptr_eq(strstr(out, "::error file=a%2Cb%3Ac%25d.csv,line=3,"
	    "title=roleaudit mixed%3A X%2C1%3A2::"), out);
	/* Message: % escaped, but : and , kept; control characters, C1
	 * too, never reach the log.  (The label was already cleaned.) */
	ck_assert_ptr_nonnull(strstr(out, "::X,1:2 100%25 new  [1m z " EM " "));
	ck_assert_int_eq(tu_count_str(out, "\n"), 2);
	ck_assert_ptr_null(strchr(out, '\r'));
	ck_assert_ptr_null(strchr(out, '\033'));
	ck_assert_ptr_null(strstr(out, "\xc2\x9b"));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_worst_first_and_limit)
{
	struct trole r[4];
	struct tu_check c;
	char *out, *a, *b;
	int rc;

	/* A title mismatch, a lopsided mixed role, a balanced one. */
	tu_role(&r[0], "a.csv", 2, "MIS-1", "PM", "d", "daily KPI long-term",
	    MISMATCH);
	tu_role(&r[1], "a.csv", 3, "MIX-1", "t", "d", "daily KPI plan", MIXED);
	tu_role(&r[2], "a.csv", 4, "MIX-2", "t", "d",
	    "daily long-term plan risk", MIXED_EVEN);
	tu_role(&r[3], "a.csv", 5, "MIX-3", "t", "d", "daily KPI plan", MIXED);
	r[3].r.ignore = "mixed";
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	out = tu_check_run(&c, r, 4, &rc);
	/* mixed before title-mismatch, the most balanced first; the
	 * accepted finding is not annotated */
	ck_assert_int_eq(tu_count_str(out, "::error "), 3);
	a = strstr(out, "mixed%3A MIX-2::");
	b = strstr(out, "mixed%3A MIX-1::");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert(a < b);
	ck_assert(b < strstr(out, "title-mismatch%3A MIS-1::"));
	ck_assert_ptr_null(strstr(out, "MIX-3::"));
	ck_assert_ptr_null(strstr(out, "::notice::"));
	ck_assert_ptr_nonnull(strstr(out, "; 0 accepted by the baseline, 1 "
	    "ignored\n"));
	free(out);
	tu_check_free(&c);

	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.max_annotations = 1;
	out = tu_check_run(&c, r, 4, &rc);
	ck_assert_int_eq(tu_count_str(out, "::error "), 1);
	ck_assert_ptr_nonnull(strstr(out, "mixed%3A MIX-2::"));
	ck_assert_ptr_nonnull(strstr(out, "::notice::2 more new findings are "
	    "not annotated; see the job summary or run roleaudit check "
	    "locally\nroleaudit check: FAILED: 3 new findings; "));
	free(out);
	tu_check_free(&c);

	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.max_annotations = 2;
	out = tu_check_run(&c, r, 4, &rc);
	ck_assert_ptr_nonnull(strstr(out, "::notice::1 more new finding is "
	    "not annotated;"));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_default_limit_is_ten)
{
	struct trole r[12];
	struct tu_check c;
	char *out, ids[12][8];
	int rc;

	for (int i = 0; i < 12; i++) {
		snprintf(ids[i], sizeof(ids[i]), "M-%d", i);
		tu_role(&r[i], "a.csv", (unsigned long)i + 2, ids[i], "t", "d",
		    "daily KPI plan", MIXED);
	}
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	out = tu_check_run(&c, r, 12, &rc);
	ck_assert_int_eq(tu_count_str(out, "::error "), 10);
	ck_assert_ptr_nonnull(strstr(out, "::notice::2 more new findings"));
	/* equal findings keep file and line order */
	ck_assert_ptr_nonnull(strstr(out, "line=2,"));
	ck_assert_ptr_null(strstr(out, "line=13,"));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_step_summary)
{
	const char *dir = tu_mkdtemp();
	char path[4200], *out, *md;
	struct trole r[2];
	struct tu_check c;
	int rc;

	snprintf(path, sizeof(path), "%s/summary.md", dir);
	tu_write_file(dir, "summary.md", "# earlier step\n");
	tu_role(&r[0], "a|b.csv", 2, "<b>X</b>", "R&D | <i>", "d",
	    "daily KPI plan", MIXED);
	tu_role(&r[1], "a|b.csv", 3, "Y", "t", "d", "daily KPI plan", MIXED);
	r[1].r.ignore = "mixed";
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.step_summary = path;
	out = tu_check_run(&c, r, 2, &rc);
	ck_assert_int_eq(rc, 0);
	md = tu_read_file(path);
	ck_assert_ptr_nonnull(md);
	/* appended, not overwritten */
	ck_assert_ptr_eq(strstr(md, "# earlier step\n## roleaudit check: "
	    "FAILED: 1 new finding\n\n2 roles in 1 file (2 rows read = 2 "
	    "classified + 0 rejected).  \n2 findings: 1 new, 0 accepted by the "
	    "baseline, 1 ignored.\n\n| State | File | Line | Role | Title | "
	    "Finding | Details |\n|---|---|---|---|---|---|---|\n"), md);
	ck_assert_ptr_nonnull(strstr(md, "\n| **new** | a\\|b.csv | 2 | "
	    "&lt;b&gt;X&lt;/b&gt; | R&amp;D \\| &lt;i&gt; | mixed | duties "
	    "mix "));
	ck_assert_ptr_nonnull(strstr(md, "\n| ignored | a\\|b.csv | 3 | Y | t "
	    "| mixed | "));
	ck_assert_ptr_null(strstr(md, "<b>"));
	ck_assert_ptr_null(strstr(md, "<i>"));
	/* standard output is unchanged by the summary */
	ck_assert_ptr_nonnull(strstr(out, "roleaudit check: FAILED: 1 new "
	    "finding; "));
	free(md);
	free(out);
	tu_check_free(&c);

	/* baseline entries no longer found: counted as on the summary line */
	tu_write_file(dir, "summary.md", "");
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.step_summary = path;
	c.stale = 2;
	out = tu_check_run(&c, r + 1, 1, &rc);
	md = tu_read_file(path);
	ck_assert_ptr_nonnull(strstr(md, "\n1 finding: 0 new, 0 accepted by "
	    "the baseline, 1 ignored; 2 baseline entries no longer occur.\n"));
	ck_assert_ptr_nonnull(strstr(out, "; 2 baseline entries no longer "
	    "occur\n"));
	free(md);
	free(out);
	tu_check_free(&c);
	tu_rmdir(dir);
}
END_TEST

/* An error of the run itself (a --write-baseline file it could not
 * write) is annotated first, on its file, within the limit. */
START_TEST(test_run_error_annotated)
{
	static const struct chk_error err = { "base.bl", 0,
	    "write failed: No space left on device" };
	struct trole r[2];
	struct tu_check c;
	char *out;
	int rc;

	tu_role(&r[0], "a.csv", 2, "MIX-1", "t", "d", "daily KPI plan", MIXED);
	tu_role(&r[1], "a.csv", 3, "MIX-2", "t", "d", "daily KPI plan", MIXED);
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.max_annotations = 2;
	c.errors = &err;
	c.nerrors = 1;
	out = tu_check_run(&c, r, 2, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_eq(strstr(out, "::error file=base.bl,title=roleaudit "
	    "error::write failed: No space left on device\n::error "
	    "file=a.csv,line=2,"), out);
	ck_assert_int_eq(tu_count_str(out, "::error "), 2);
	ck_assert_ptr_nonnull(strstr(out, "::notice::1 more new finding is "
	    "not annotated"));
	/* the verdict says the run failed, not only that findings are new */
	ck_assert_ptr_nonnull(strstr(out, "roleaudit check: error: the run "
	    "did not finish cleanly, 2 new findings; "));
	ck_assert_ptr_null(strstr(out, "FAILED"));
	free(out);
	tu_check_free(&c);
}
END_TEST

START_TEST(test_step_summary_unwritable_is_a_warning)
{
	const char *dir = tu_mkdtemp();
	char path[4200], *out, *err;
	struct trole r[1];
	struct tu_check c;
	int rc;

	/* a folder that does not exist */
	snprintf(path, sizeof(path), "%s/missing/summary.md", dir);
	tu_role(&r[0], "a.csv", 2, "OPS-1", "t", "d", "daily KPI long-term", OPS);
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.step_summary = path;
	tu_diag_begin();
	out = tu_check_run(&c, r, 1, &rc);
	err = tu_diag_end();
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(err, "cannot append the job summary"));
	ck_assert_ptr_nonnull(strstr(out, "roleaudit check: passed; 1 role in "
	    "1 file"));
	free(err);
	free(out);
	tu_check_free(&c);
	tu_rmdir(dir);
}
END_TEST

/* What the reader would say about a run's input. */
static void
input_problems(void)
{
	diag(DIAG_ERROR, "/repo/data/bad.csv", 4, 0, "3 fields, but the "
	    "header has 2: quote every field that holds a ','");
	diag(DIAG_NOTE, "data/bad.csv", 0, 0, "a note is no annotation");
	diag(DIAG_WARNING, "data/a,b.csv", 1, 7, "given more than once");
	diag(DIAG_ERROR, NULL, 0, 0, "no file at all");
}

START_TEST(test_input_problems)
{
	static char *const open_names[] = { "/repo/data/bad.csv" };
	static char *const show_names[] = { "data/bad.csv" };
	const char *dir = tu_mkdtemp();
	char path[4200], *out, *err, *md;
	const unsigned long rejected[1] = { 1 };
	struct trole r[2];
	struct tu_check c;
	FILE *fp;
	size_t n;
	int rc;

	snprintf(path, sizeof(path), "%s/summary.md", dir);
	tu_role(&r[0], "data/jobs.csv", 7, "MIX-1", "t", "d", "x", MIXED);
	tu_role(&r[1], "data/jobs.csv", 9, "MIX-2", "t", "d", "x", MIXED_EVEN);
	tu_check_init(&c, &chk_github, FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	c.o.max_annotations = 4;
	c.o.step_summary = path;
	/* A config's file: opened by its full path, shown relative. */
	c.o.open = open_names;
	c.o.show = show_names;
	c.o.nfiles = 1;
	c.during = input_problems;
	c.rejected = rejected;
	c.failed = 1;
	tu_diag_begin();
	out = tu_check_run(&c, r, 2, &rc);
	err = tu_diag_end();
	ck_assert_int_eq(rc, 0);
	/* Every message still on standard error. */
	ck_assert_str_eq(err, "roleaudit: /repo/data/bad.csv:4: 3 fields, but "
	    "the header has 2: quote every field that holds a ','\n"
	    "roleaudit: data/bad.csv: note: a note is no annotation\n"
	    "roleaudit: data/a,b.csv:1:7: warning: given more than once\n"
	    "roleaudit: no file at all\n");
	/* The three problems first, then the one finding (the worst) the
	 * limit of four leaves room for. */
	ck_assert_str_eq(out, "::error file=data/bad.csv,line=4,title=roleaudit "
	    "input error::3 fields, but the header has 2: quote every field "
	    "that holds a ','\n"
	    "::warning file=data/a%2Cb.csv,line=1,col=7,title=roleaudit input "
	    "warning::given more than once\n"
	    "::error title=roleaudit input error::no file at all\n"
	    "::error file=data/jobs.csv,line=9,title=roleaudit mixed%3A MIX-2::"
	    "MIX-2 t " EM " duties mix operations and project-management work "
	    "(ops 3, pm 3; conflicting dimensions: scope)\n"
	    "::notice::1 more new finding is not annotated; see the job summary "
	    "or run roleaudit check locally\n"
	    "roleaudit check: incomplete: some input could not be checked; 2 "
	    "roles in 1 file (3 rows read = 2 classified + 1 rejected); 0 "
	    "accepted by the baseline, 0 ignored\n");
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	md = calloc(1, 8192);
	n = fread(md, 1, 8191, fp);
	fclose(fp);
	ck_assert_uint_gt(n, 0);
	ck_assert_ptr_nonnull(strstr(md, "Input problems (3):\n\n| Level | "
	    "File | Line | Message |\n|---|---|---|---|\n"
	    "| error | data/bad.csv | 4 | 3 fields, but the header has 2: quote "
	    "every field that holds a ',' |\n"
	    "| warning | data/a,b.csv | 1 | given more than once |\n"
	    "| error |  |  | no file at all |\n"));
	/* After the run, diagnostics are no longer copied. */
	tu_diag_begin();
	diag(DIAG_ERROR, "x.csv", 1, 0, "later");
	free(tu_diag_end());
	free(md);
	free(err);
	free(out);
	tu_check_free(&c);
	tu_rmdir(dir);
}
END_TEST

/* A run that could not start: each error an ::error on its file and line
 * (escaped as the findings are), none without a file, within the limit,
 * then the summary line; and the job summary lists them. */
START_TEST(test_failed_run)
{
	const struct chk_error e[] = {
		{ ".roleaudit", 6, "bad max-mixed-share '150%': give a number" },
		{ "a,b:c.bl", 0, "cannot read the baseline" },
		{ NULL, 0, "1 error in the rules" },
	};
	const char *dir = tu_mkdtemp();
	struct chk_opts o;
	struct tu_mem m;
	char *out, *sum, path[4200];

	memset(&o, 0, sizeof(o));
	o.max_annotations = -1;
	ck_assert_int_eq(chk_github.not_run(tu_mem_open(&m), &o, e, 3), 0);
	out = tu_mem_close(&m);
	ck_assert_str_eq(out,
	    "::error file=.roleaudit,line=6,title=roleaudit error::bad "
	    "max-mixed-share '150%25': give a number\n"
	    "::error file=a%2Cb%3Ac.bl,title=roleaudit error::cannot read the "
	    "baseline\n"
	    "::error title=roleaudit error::1 error in the rules\n"
	    "roleaudit check: error: the check could not run; see the messages "
	    "on standard error\n");
	free(out);

	o.max_annotations = 1;
	snprintf(path, sizeof(path), "%s/summary.md", dir);
	o.step_summary = path;
	ck_assert_int_eq(chk_github.not_run(tu_mem_open(&m), &o, e, 3), 0);
	out = tu_mem_close(&m);
	ck_assert_int_eq(tu_count_str(out, "::error "), 1);
	ck_assert_ptr_nonnull(strstr(out, "::notice::2 more errors are not "
	    "annotated; see the job log\n"));
	free(out);
	sum = tu_read_file(path);
	ck_assert_ptr_nonnull(sum);
	ck_assert_ptr_nonnull(strstr(sum, "## roleaudit check: error: the "
	    "check could not run\n"));
	ck_assert_ptr_nonnull(strstr(sum, "| .roleaudit | 6 | bad "
	    "max-mixed-share '150%': give a number |\n"));
	ck_assert_ptr_nonnull(strstr(sum, "|  |  | 1 error in the rules |\n"));
	free(sum);
	tu_rmdir(dir);
}
END_TEST

Suite *
chk_github_suite(void)
{
	Suite *s = suite_create("chk_github");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_annotation_and_summary_line);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_worst_first_and_limit);
	tcase_add_test(tc, test_default_limit_is_ten);
	tcase_add_test(tc, test_step_summary);
	tcase_add_test(tc, test_run_error_annotated);
	tcase_add_test(tc, test_input_problems);
	tcase_add_test(tc, test_step_summary_unwritable_is_a_warning);
	tcase_add_test(tc, test_failed_run);
	suite_add_tcase(s, tc);
	return s;
}
