/*
 * check_diag.c — diagnostics: the "roleaudit: PATH:LINE:COL: message"
 * shape with the unknown parts left out, the warning and note words,
 * the counts per level and their reset, quiet mode, the stream they go
 * to, and no progress line when standard error is not a terminal.
 */
#include <config.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "suites.h"
#include "testutil.h"

static char	 tmpdir[256];
static FILE	*fp;

static void
setup(void)
{
	const char *t = getenv("TMPDIR");
	char path[512];

	snprintf(tmpdir, sizeof(tmpdir), "%s/check_diag.XXXXXX",
	    t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/diag.txt", tmpdir);
	fp = fopen(path, "w+");
	ck_assert_ptr_nonnull(fp);
	diag_set_stream(fp);
	diag_set_quiet(0);
	diag_reset();
}

static void
teardown(void)
{
	diag_set_stream(NULL);
	diag_set_quiet(0);
	diag_reset();
	fclose(fp);
	tu_rmdir(tmpdir);
}

/* What was written to FP since the last call. */
static const char *
taken(void)
{
	static char buf[4096];
	size_t n;

	fflush(fp);
	rewind(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	rewind(fp);
	ck_assert_int_eq(ftruncate(fileno(fp), 0), 0);
	return buf;
}

START_TEST(test_shapes)
{
	diag(DIAG_ERROR, "jd.csv", 12, 5, "bad quote");
	ck_assert_str_eq(taken(), "roleaudit: jd.csv:12:5: bad quote\n");
	diag(DIAG_ERROR, "jd.csv", 12, 0, "ragged row");
	ck_assert_str_eq(taken(), "roleaudit: jd.csv:12: ragged row\n");
	diag(DIAG_ERROR, "jd.csv", 0, 0, "cannot open");
	ck_assert_str_eq(taken(), "roleaudit: jd.csv: cannot open\n");
	/* A column without a line is left out too. */
	diag(DIAG_ERROR, "jd.csv", 0, 7, "no line");
	ck_assert_str_eq(taken(), "roleaudit: jd.csv: no line\n");
	diag(DIAG_ERROR, NULL, 3, 4, "out of luck");
	ck_assert_str_eq(taken(), "roleaudit: out of luck\n");

	diag(DIAG_WARNING, "r.rules", 40, 0, "rule %s never fires",
	    "ops-1");
	ck_assert_str_eq(taken(),
	    "roleaudit: r.rules:40: warning: rule ops-1 never fires\n");
	diag(DIAG_WARNING, NULL, 0, 0, "%d rows skipped", 3);
	ck_assert_str_eq(taken(), "roleaudit: warning: 3 rows skipped\n");
	diag(DIAG_NOTE, "r.rules", 41, 2, "defined here");
	ck_assert_str_eq(taken(),
	    "roleaudit: r.rules:41:2: note: defined here\n");
	diag(DIAG_NOTE, NULL, 0, 0, "%s", "100% done");
	ck_assert_str_eq(taken(), "roleaudit: note: 100% done\n");
	/* Chinese text and a path with spaces, as they are. */
	diag(DIAG_ERROR, "岗位 说明.csv", 2, 0, "列“岗位职责”为空");
	ck_assert_str_eq(taken(), "roleaudit: 岗位 说明.csv:2: 列“岗位职责”为空\n");
}
END_TEST

static void
via_vdiag(enum diag_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(lvl, "f", 1, 0, fmt, ap);
	va_end(ap);
}

START_TEST(test_vdiag)
{
	via_vdiag(DIAG_WARNING, "%s=%lu", "rows", 42UL);
	ck_assert_str_eq(taken(), "roleaudit: f:1: warning: rows=42\n");
	ck_assert_uint_eq(diag_count(DIAG_WARNING), 1);
}
END_TEST

START_TEST(test_counts_and_quiet)
{
	diag(DIAG_ERROR, NULL, 0, 0, "e1");
	diag(DIAG_ERROR, NULL, 0, 0, "e2");
	diag(DIAG_WARNING, NULL, 0, 0, "w1");
	diag(DIAG_NOTE, NULL, 0, 0, "n1");
	diag(DIAG_NOTE, NULL, 0, 0, "n2");
	diag(DIAG_NOTE, NULL, 0, 0, "n3");
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 2);
	ck_assert_uint_eq(diag_count(DIAG_WARNING), 1);
	ck_assert_uint_eq(diag_count(DIAG_NOTE), 3);
	ck_assert_uint_eq(diag_count(DIAG_LEVELS), 0);
	taken();

	/* Quiet: warnings and notes are not printed but still counted,
	 * so the exit status does not change; errors are printed. */
	diag_set_quiet(1);
	diag(DIAG_WARNING, "a", 1, 0, "hidden");
	diag(DIAG_NOTE, "a", 1, 0, "hidden");
	ck_assert_str_eq(taken(), "");
	diag(DIAG_ERROR, "a", 1, 0, "shown");
	ck_assert_str_eq(taken(), "roleaudit: a:1: shown\n");
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 3);
	ck_assert_uint_eq(diag_count(DIAG_WARNING), 2);
	ck_assert_uint_eq(diag_count(DIAG_NOTE), 4);
	diag_set_quiet(0);
	diag(DIAG_NOTE, NULL, 0, 0, "back");
	ck_assert_str_eq(taken(), "roleaudit: note: back\n");

	diag_reset();
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);
	ck_assert_uint_eq(diag_count(DIAG_WARNING), 0);
	ck_assert_uint_eq(diag_count(DIAG_NOTE), 0);

	/* A level past the last counts and reads as an error. */
	diag((enum diag_level)7, "x", 0, 0, "odd");
	ck_assert_str_eq(taken(), "roleaudit: x: odd\n");
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 1);
}
END_TEST

/*
 * Points file descriptor 2 at a file of the test folder while FN runs,
 * and returns what was written to it (static buffer).
 */
static const char *
on_stderr(void (*fn)(void))
{
	static char buf[4096];
	char path[512];
	FILE *in;
	size_t n;
	int save, fd;

	snprintf(path, sizeof(path), "%s/stderr.txt", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	save = dup(STDERR_FILENO);
	ck_assert_int_ge(save, 0);
	ck_assert_int_ge(dup2(fd, STDERR_FILENO), 0);
	close(fd);
	fn();
	fflush(stderr);
	ck_assert_int_ge(dup2(save, STDERR_FILENO), 0);
	close(save);
	in = fopen(path, "r");
	ck_assert_ptr_nonnull(in);
	n = fread(buf, 1, sizeof(buf) - 1, in);
	buf[n] = '\0';
	fclose(in);
	return buf;
}

static void
default_stream(void)
{
	diag_set_stream(NULL);
	diag(DIAG_WARNING, "p", 2, 0, "to standard error");
	diag_set_stream(fp);
}

static void
progress(void)
{
	diag_progress_enable(1);
	for (int i = 0; i < 3; i++)
		diag_progress("%d rows", i);
	diag_progress_done();
	diag_progress_enable(0);
}

START_TEST(test_streams_and_progress)
{
	/* NULL is standard error again. */
	ck_assert_str_eq(on_stderr(default_stream),
	    "roleaudit: p:2: warning: to standard error\n");
	ck_assert_str_eq(taken(), "");
	diag(DIAG_NOTE, NULL, 0, 0, "here");
	ck_assert_str_eq(taken(), "roleaudit: note: here\n");
	/* Standard error is a file here, not a terminal: no progress. */
	ck_assert_str_eq(on_stderr(progress), "");
}
END_TEST

Suite *
diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("messages");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_shapes);
	tcase_add_test(tc, test_vdiag);
	tcase_add_test(tc, test_counts_and_quiet);
	tcase_add_test(tc, test_streams_and_progress);
	suite_add_tcase(s, tc);
	return s;
}
