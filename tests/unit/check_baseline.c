/* check_baseline.c — the baseline file: round trip, escapes, lookups of
 * duplicates, stale entries, errors with their line, the one form of an
 * input's path however it is spelled, shown paths mapped to it, and the
 * errno of a failed write. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "diag.h"
#include "suites.h"
#include "testutil.h"

static char dir[256];

static void
setup(void)
{
	const char *d = tu_mkdtemp();

	ck_assert_uint_lt(strlen(d), sizeof(dir));
	memcpy(dir, d, strlen(d) + 1);
}

static void
teardown(void)
{
	tu_rmdir(dir);
}

static const char *
put(const char *name, const char *text)
{
	return tu_write_file(dir, name, text);
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

/* Writes BL to bl.tsv in the test's folder (its name into PATH) and
 * reads it back into TEXT. */
static void
written(struct baseline *bl, char *path, size_t psize, char *text,
    size_t tsize)
{
	FILE *fp;
	size_t n;

	snprintf(path, psize, "%s/bl.tsv", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	ck_assert_int_eq(baseline_write(bl, fp), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(fp = fopen(path, "r"));
	n = fread(text, 1, tsize - 1, fp);
	text[n] = '\0';
	fclose(fp);
}

START_TEST(test_round_trip_sorted_and_escaped)
{
	struct baseline *bl = baseline_new(), *back;
	char path[300];
	char text[1024];

	baseline_add(bl, "data/b.csv", "Z-1", "mixed", 0x1234);
	baseline_add(bl, "data/a.csv", "id\twith tab", "title-mismatch",
	    0xfedcba9876543210ULL);
	baseline_add(bl, "data/a.csv", "A\\1", "mixed", 1);
	written(bl, path, sizeof(path), text, sizeof(text));
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
	ck_assert_uint_eq(baseline_report_stale(bl, "bl.tsv", files, 0, 0, NULL,
	    NULL), 0);
	release(fp);
	ck_assert_str_eq(diagbuf, "");
	fp = capture();
	/* other.csv was not checked in this run: not stale */
	ck_assert_uint_eq(baseline_report_stale(bl, "bl.tsv", files, 1, 0,
	    NULL, NULL), 1);
	release(fp);
	snprintf(want, sizeof(want), "roleaudit: bl.tsv:2: note: baseline "
	    "entry no longer occurs: a.csv OLD mixed (the role was fixed, "
	    "changed or removed; rewrite the baseline with --write-baseline)\n");
	ck_assert_str_eq(diagbuf, want);
	/* a.csv is the whole input: other.csv is gone, its entry stale */
	fp = capture();
	ck_assert_uint_eq(baseline_report_stale(bl, "bl.tsv", files, 1, 1,
	    NULL, NULL), 2);
	release(fp);
	ck_assert_str_eq(diagbuf, "roleaudit: bl.tsv:2: note: baseline "
	    "entry no longer occurs: a.csv OLD mixed (the role was fixed, "
	    "changed or removed; rewrite the baseline with --write-baseline)\n"
	    "roleaudit: bl.tsv:6: note: baseline entry no longer occurs: "
	    "other.csv X mixed (its file is no longer among the inputs: "
	    "renamed or deleted; rewrite the baseline with --write-baseline)\n");
	baseline_free(bl);
}
END_TEST

/* The run looks for "mixed" only. */
static int
only_mixed(const char *key, void *arg)
{
	(void)arg;
	return strcmp(key, "mixed") == 0;
}

START_TEST(test_entries_not_sought_are_not_stale)
{
	const char *p = put("bl.tsv", "roleaudit-baseline\t1\n"
	    "a.csv\tM\tmixed\t00000000000000aa\n"
	    "a.csv\tT1\ttitle-mismatch\t00000000000000bb\n"
	    "a.csv\tT2\ttitle-mismatch\t00000000000000cc\n"
	    "a.csv\tR\tops-kpi\t00000000000000dd\n");
	struct baseline *bl = baseline_load(p);
	const char *files[] = { "a.csv" };
	FILE *fp;

	ck_assert_ptr_nonnull(bl);
	fp = capture();
	/* Only M was looked for and missed: one note each, then one for
	 * the three this run did not look for. */
	ck_assert_uint_eq(baseline_report_stale(bl, "bl.tsv", files, 1, 0,
	    only_mixed, NULL), 1);
	release(fp);
	ck_assert_str_eq(diagbuf, "roleaudit: bl.tsv: note: 3 baseline "
	    "entries not checked: --fail-on leaves out their findings "
	    "(ops-kpi, title-mismatch)\n"
	    "roleaudit: bl.tsv:2: note: baseline entry no longer occurs: "
	    "a.csv M mixed (the role was fixed, changed or removed; rewrite "
	    "the baseline with --write-baseline)\n");
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

/* The path of an input by its names: relative to the folder, "." and
 * ".." and doubled slashes resolved, from wherever it was given. */
START_TEST(test_path_in_normal_form)
{
	static const struct {
		const char *cwd, *dir, *file, *want;
	} t[] = {
		{ "/r", NULL, "./a.csv", "a.csv" },
		{ "/r", ".", "././a.csv", "a.csv" },
		{ "/r", ".", "a//b.csv", "a/b.csv" },
		{ "/r", ".", "a/./b/../b.csv", "a/b.csv" },
		{ "/r", ".", "../x.csv", "../x.csv" },
		{ "/r", ".", "../../../x.csv", "../x.csv" },
		/* from a subfolder, the config's folder above */
		{ "/r/data", "..", "operations.csv", "data/operations.csv" },
		{ "/r/data", "..", "./operations.csv", "data/operations.csv" },
		{ "/r/sub", "..", "../x.csv", "x.csv" },
		{ "/r/sub", "../", "..//data/x.csv", "data/x.csv" },
		{ "/r/a/b", "/r/c", "../x/y.csv", "../a/x/y.csv" },
		/* absolute paths, inside and outside the folder */
		{ "/elsewhere", "/r", "/r/data/ops.csv", "data/ops.csv" },
		{ "/r", "/r/", "/r/./data/../data//ops.csv", "data/ops.csv" },
		{ "/r", "/r", "/etc/x.csv", "../etc/x.csv" },
		{ "/r", "/r/a/b", "/r/x.csv", "../../x.csv" },
		{ "/r", "/r/data", "/r/data", "." },
		{ "/r", "/r/data/x", "/r/data", ".." },
		{ "/", NULL, "a.csv", "a.csv" },
		{ "/", "..", "a.csv", "a.csv" },
		{ "/r", "/", "a.csv", "r/a.csv" },
		/* a name that only starts like the folder is not in it */
		{ "/", "/r/data", "/r/data2/x.csv", "../data2/x.csv" },
		/* standard input */
		{ "/r/sub", "..", "-", "-" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = baseline_path_in(t[i].cwd, t[i].dir, t[i].file);

		ck_assert_msg(strcmp(got, t[i].want) == 0, "%s from %s, folder "
		    "%s: got '%s', want '%s'", t[i].file, t[i].cwd,
		    t[i].dir ? t[i].dir : "(cwd)", got, t[i].want);
		free(got);
	}
}
END_TEST

static void
mk(const char *rel)
{
	char p[400];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	ck_assert_int_eq(mkdir(p, 0755), 0);
}

static void
ln(const char *target, const char *rel)
{
	char p[400];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	ck_assert_int_eq(symlink(target, p), 0);
}

static void
path_is(const char *folder, const char *file, const char *want)
{
	char *got = baseline_path(folder, file);

	ck_assert_msg(strcmp(got, want) == 0, "%s, folder %s: got '%s', "
	    "want '%s'", file, folder ? folder : "(cwd)", got, want);
	free(got);
}

/* On the file system: every spelling of one input from the top, from a
 * subfolder, absolute, or through a linked folder gives one name; a
 * linked file keeps its own name; a folder that does not exist is
 * taken by its names. */
START_TEST(test_path_on_disk)
{
	char old[PATH_MAX], p[600], top[400];

	ck_assert_ptr_nonnull(getcwd(old, sizeof(old)));
	mk("repo");
	mk("repo/data");
	mk("repo/sub");
	put("repo/data/a.csv", "id\n");
	ln("a.csv", "repo/data/current.csv");
	ln("data", "repo/link");
	ln("repo", "repolink");
	snprintf(top, sizeof(top), "%s/repo", dir);

	ck_assert_int_eq(chdir(top), 0);
	path_is(NULL, "data/a.csv", "data/a.csv");
	path_is(".", "./data/a.csv", "data/a.csv");
	path_is(".", "data//a.csv", "data/a.csv");
	path_is(".", "sub/../data/./a.csv", "data/a.csv");
	path_is(".", "link/a.csv", "data/a.csv");
	path_is(".", "data/current.csv", "data/current.csv");
	path_is(".", "missing//x.csv", "missing/x.csv");
	path_is(".", "-", "-");
	snprintf(p, sizeof(p), "%s/repo/data/a.csv", dir);
	path_is(".", p, "data/a.csv");
	snprintf(p, sizeof(p), "%s/repolink/data/a.csv", dir);
	path_is(".", p, "data/a.csv");

	/* From data/: the config (and baseline) one folder up. */
	snprintf(p, sizeof(p), "%s/repo/data", dir);
	ck_assert_int_eq(chdir(p), 0);
	path_is("..", "a.csv", "data/a.csv");
	path_is("..", "./a.csv", "data/a.csv");
	path_is("..", "../data/a.csv", "data/a.csv");
	path_is("..", "../link/a.csv", "data/a.csv");
	path_is("../", "../sub/../data//a.csv", "data/a.csv");
	path_is(top, "a.csv", "data/a.csv");
	snprintf(p, sizeof(p), "%s/repolink", dir);
	path_is(p, "a.csv", "data/a.csv");
	path_is("..", "../missing/x.csv", "missing/x.csv");
	/* Outside the folder: ".." segments. */
	snprintf(p, sizeof(p), "%s/other.csv", dir);
	path_is("..", p, "../other.csv");
	ck_assert_int_eq(chdir(old), 0);
}
END_TEST

/* A role shown as "a.csv" (given from data/) finds and writes the entry
 * the baseline has as "data/a.csv". */
START_TEST(test_alias_maps_shown_paths)
{
	struct baseline *bl = baseline_new(), *w = baseline_new();
	char path[300], text[512];

	baseline_add(bl, "data/a.csv", "X", "mixed", 7);
	baseline_add(bl, "data/a.csv", "Y", "mixed", 8);
	baseline_alias(bl, "a.csv", "data/a.csv");
	baseline_alias(bl, "/abs/b.csv", "b.csv");
	ck_assert_int_eq(baseline_take(bl, "a.csv", "X", "mixed", 7), 1);
	ck_assert_int_eq(baseline_take(bl, "data/a.csv", "Y", "mixed", 8), 1);
	ck_assert_int_eq(baseline_take(bl, "a.csv", "X", "mixed", 7), 0);
	ck_assert_int_eq(baseline_take(bl, "b.csv", "X", "mixed", 7), 0);

	baseline_alias(w, "/abs/b.csv", "b.csv");
	baseline_alias(w, "a.csv", "data/a.csv");
	baseline_add(w, "a.csv", "X", "mixed", 7);
	baseline_add(w, "/abs/b.csv", "Z", "mixed", 9);
	baseline_add(w, "c.csv", "W", "mixed", 10);
	written(w, path, sizeof(path), text, sizeof(text));
	ck_assert_str_eq(text,
	    "roleaudit-baseline\t1\n"
	    "# file\tid\tfinding\ttext-hash\n"
	    "b.csv\tZ\tmixed\t0000000000000009\n"
	    "c.csv\tW\tmixed\t000000000000000a\n"
	    "data/a.csv\tX\tmixed\t0000000000000007\n");
	baseline_free(bl);
	baseline_free(w);
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

static int
keep_mixed(const char *file, const char *key, void *arg)
{
	(void)file;
	(void)arg;
	return strcmp(key, "mixed") == 0;
}

/* Entries carried into a new baseline keep their own file names (no
 * alias applies) and only those KEEP says yes to. */
START_TEST(test_carry_keeps_what_was_not_sought)
{
	struct baseline *old = baseline_new(), *w = baseline_new();
	char path[300], text[512];

	baseline_add(old, "data/a.csv", "X", "mixed", 7);
	baseline_add(old, "data/a.csv", "Y", "unclassified", 8);
	baseline_add(old, "b.csv", "Z", "mixed", 9);
	baseline_alias(w, "b.csv", "elsewhere/b.csv");
	baseline_add(w, "c.csv", "W", "unclassified", 10);
	ck_assert_uint_eq(baseline_carry(w, old, keep_mixed, NULL), 2);
	written(w, path, sizeof(path), text, sizeof(text));
	ck_assert_str_eq(text,
	    "roleaudit-baseline\t1\n"
	    "# file\tid\tfinding\ttext-hash\n"
	    "b.csv\tZ\tmixed\t0000000000000009\n"
	    "c.csv\tW\tunclassified\t000000000000000a\n"
	    "data/a.csv\tX\tmixed\t0000000000000007\n");
	unlink(path);
	baseline_free(old);
	baseline_free(w);
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
	tcase_add_test(tc, test_entries_not_sought_are_not_stale);
	tcase_add_test(tc, test_errors_name_the_line);
	tcase_add_test(tc, test_path_in_normal_form);
	tcase_add_test(tc, test_path_on_disk);
	tcase_add_test(tc, test_alias_maps_shown_paths);
	tcase_add_test(tc, test_write_error_keeps_errno);
	tcase_add_test(tc, test_carry_keeps_what_was_not_sought);
	suite_add_tcase(s, tc);
	return s;
}
