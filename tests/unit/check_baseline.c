/* check_baseline.c — the baseline file: round trip, escapes, lookups of
 * duplicates, stale entries, errors with their line, and the errno of a
 * failed write. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "diag.h"
#include "suites.h"

static char dir[256];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "%s/ra-baseline.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *
put(const char *name, const char *text)
{
	static char path[300];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Runs FN's diagnostics into a buffer; returns them (static). */
static char diagbuf[4096];

static FILE *
capture(void)
{
	FILE *fp = fmemopen(diagbuf, sizeof(diagbuf), "w");

	memset(diagbuf, 0, sizeof(diagbuf));
	diag_set_stream(fp);
	return fp;
}

static void
release(FILE *fp)
{
	fflush(fp);
	fclose(fp);
	diag_set_stream(NULL);
}

START_TEST(test_round_trip_sorted_and_escaped)
{
	struct baseline *bl = baseline_new(), *back;
	char path[300];
	FILE *fp;
	char text[1024];
	size_t n;

	baseline_add(bl, "data/b.csv", "Z-1", "mixed", 0x1234);
	baseline_add(bl, "data/a.csv", "id\twith tab", "title-mismatch",
	    0xfedcba9876543210ULL);
	baseline_add(bl, "data/a.csv", "A\\1", "mixed", 1);
	snprintf(path, sizeof(path), "%s/bl.tsv", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	ck_assert_int_eq(baseline_write(bl, fp), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(fp = fopen(path, "r"));
	n = fread(text, 1, sizeof(text) - 1, fp);
	text[n] = '\0';
	fclose(fp);
	ck_assert_str_eq(text,
	    "roleaudit-baseline\t1\n"
	    "# file\tid\tfinding\ttext-hash\n"
	    "data/a.csv\tA\\\\1\tmixed\t0000000000000001\n"
	    "data/a.csv\tid\\twith tab\ttitle-mismatch\tfedcba9876543210\n"
	    "data/b.csv\tZ-1\tmixed\t0000000000001234\n");
	ck_assert_ptr_nonnull(back = baseline_load(path));
	ck_assert_uint_eq(baseline_count(back), 3);
	ck_assert_int_eq(baseline_take(back, "data/a.csv", "id\twith tab",
	    "title-mismatch", 0xfedcba9876543210ULL), 1);
	ck_assert_int_eq(baseline_take(back, "data/a.csv", "A\\1", "mixed", 1), 1);
	/* another hash, kind or file is another finding */
	ck_assert_int_eq(baseline_take(back, "data/b.csv", "Z-1", "mixed", 0x1235), 0);
	ck_assert_int_eq(baseline_take(back, "data/b.csv", "Z-1", "unclassified",
	    0x1234), 0);
	baseline_free(bl);
	baseline_free(back);
}
END_TEST

START_TEST(test_duplicates_taken_once_each)
{
	struct baseline *bl = baseline_new();

	baseline_add(bl, "f.csv", "X", "mixed", 7);
	baseline_add(bl, "f.csv", "X", "mixed", 7);
	ck_assert_int_eq(baseline_take(bl, "f.csv", "X", "mixed", 7), 1);
	ck_assert_int_eq(baseline_take(bl, "f.csv", "X", "mixed", 7), 1);
	ck_assert_int_eq(baseline_take(bl, "f.csv", "X", "mixed", 7), 0);
	ck_assert_int_eq(baseline_take(NULL, "f.csv", "X", "mixed", 7), 0);
	baseline_free(bl);
	baseline_free(NULL);
}
END_TEST

START_TEST(test_stale_entries_are_notes)
{
	const char *p = put("bl.tsv", "roleaudit-baseline\t1\n"
	    "a.csv\tOLD\tmixed\t00000000000000aa\n"
	    "# comment\n\n"
	    "a.csv\tKEPT\tmixed\t00000000000000bb\n"
	    "other.csv\tX\tmixed\t00000000000000cc\n");
	struct baseline *bl = baseline_load(p);
	const char *files[] = { "a.csv" };
	FILE *fp;
	char want[512];

	ck_assert_ptr_nonnull(bl);
	ck_assert_int_eq(baseline_take(bl, "a.csv", "KEPT", "mixed", 0xbb), 1);
	/* No file read in full (check stopped at the first): none stale. */
	fp = capture();
	ck_assert_uint_eq(baseline_report_stale(bl, "bl.tsv", files, 0), 0);
	release(fp);
	ck_assert_str_eq(diagbuf, "");
	fp = capture();
	/* other.csv was not checked in this run: not stale */
	ck_assert_uint_eq(baseline_report_stale(bl, "bl.tsv", files, 1), 1);
	release(fp);
	snprintf(want, sizeof(want), "roleaudit: bl.tsv:2: note: baseline "
	    "entry no longer occurs: a.csv OLD mixed (the role was fixed, "
	    "changed or removed; rewrite the baseline with --write-baseline)\n");
	ck_assert_str_eq(diagbuf, want);
	baseline_free(bl);
}
END_TEST

START_TEST(test_errors_name_the_line)
{
	const char *p;
	FILE *fp;

	p = put("bad1.tsv", "file\tid\tkind\thash\n");
	fp = capture();
	ck_assert_ptr_null(baseline_load(p));
	release(fp);
	ck_assert_ptr_nonnull(strstr(diagbuf, "bad1.tsv:1: not a roleaudit "
	    "baseline"));

	p = put("bad2.tsv", "roleaudit-baseline\t1\n"
	    "a.csv\tX\tmixed\n"
	    "a.csv\tX\tmixed\tnothex0000000000\n"
	    "a.csv\tX\\q\tmixed\t0000000000000000\n");
	fp = capture();
	ck_assert_ptr_null(baseline_load(p));
	release(fp);
	ck_assert_ptr_nonnull(strstr(diagbuf, "bad2.tsv:2: expected 4 fields"));
	ck_assert_ptr_nonnull(strstr(diagbuf, "bad2.tsv:3: bad text-hash"));
	ck_assert_ptr_nonnull(strstr(diagbuf, "bad2.tsv:4: bad backslash"));

	fp = capture();
	ck_assert_ptr_null(baseline_load("/nonexistent/roleaudit.baseline"));
	release(fp);
	ck_assert_ptr_nonnull(strstr(diagbuf, "cannot read the baseline"));
}
END_TEST

/* A write to a full disk fails with the errno of the write that failed
 * (ENOSPC), not a generic one; unbuffered, and buffered with more than
 * one piece to write. */
START_TEST(test_write_error_keeps_errno)
{
	struct baseline *bl = baseline_new();
	char id[32];
	FILE *fp;

	if ((fp = fopen("/dev/full", "w")) == NULL)
		return;		/* no /dev/full here */
	setvbuf(fp, NULL, _IONBF, 0);
	baseline_add(bl, "a.csv", "X", "mixed", 1);
	errno = 0;
	ck_assert_int_eq(baseline_write(bl, fp), -1);
	ck_assert_int_eq(errno, ENOSPC);
	fclose(fp);

	for (int i = 0; i < 4000; i++) {
		snprintf(id, sizeof(id), "ROLE-%05d", i);
		baseline_add(bl, "data/some-long-file-name.csv", id,
		    "title-mismatch", (uint64_t)i);
	}
	ck_assert_ptr_nonnull(fp = fopen("/dev/full", "w"));
	errno = 0;
	ck_assert_int_eq(baseline_write(bl, fp), -1);
	ck_assert_int_eq(errno, ENOSPC);
	fclose(fp);
	baseline_free(bl);
}
END_TEST

Suite *
baseline_suite(void)
{
	Suite *s = suite_create("baseline");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip_sorted_and_escaped);
	tcase_add_test(tc, test_duplicates_taken_once_each);
	tcase_add_test(tc, test_stale_entries_are_notes);
	tcase_add_test(tc, test_errors_name_the_line);
	tcase_add_test(tc, test_write_error_keeps_errno);
	suite_add_tcase(s, tc);
	return s;
}
