/* check_config.c — rcfile.c, the .roleaudit loader: every key, errors at their line,
 * application to struct options, file patterns and the parent search. */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "rcfile.h"
#include "diag.h"
#include "policy.h"
#include "suites.h"
#include "testutil.h"

static char dir[256];
static char diagbuf[8192];

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

static struct rcfile *
load_capture(const char *path)
{
	FILE *fp = fmemopen(diagbuf, sizeof(diagbuf), "w");
	struct rcfile *c;

	memset(diagbuf, 0, sizeof(diagbuf));
	diag_set_stream(fp);
	c = rcfile_load(path);
	fflush(fp);
	fclose(fp);
	diag_set_stream(NULL);
	return c;
}

START_TEST(test_every_key)
{
	const char *p = put(".roleaudit",
	    "\xef\xbb\xbf# a job-description repository\n"
	    "[rules]\n"
	    "path = rules/local.rules\n"
	    "disable = ops-kpi, pm-gantt\n"
	    "\n"
	    "[columns]\n"
	    "id = 岗位编号\n"
	    "title = 岗位名称\n"
	    "department = 部门\n"
	    "text = 岗位职责\n"
	    "text = 任职要求\n"
	    "ignore = 审核豁免\n"
	    "fill-department = yes\n"
	    "[thresholds]\n"
	    "min-evidence = 3\n"
	    "mixed_min = 2.5\n"
	    "mixed-ratio = 0.4\n"
	    "mismatch-min = 6\n"
	    "mixed-duty = 0\n"
	    "[policy]\n"
	    "fail-on = mixed, unclassified\n"
	    "max-mixed-share = 20%\n"
	    "per-department = yes\n"
	    "baseline = .roleaudit-baseline\n"
	    "max-annotations = 5\n"
	    "[input]\n"
	    "files = data/*.csv\n"
	    "encoding = gb18030\n"
	    "delimiter = tab\n"
	    "header-line = 3\n"
	    "strict = yes\n");
	struct rcfile *c;
	struct options o;
	char want[300], rules[300];

	snprintf(want, sizeof(want), "%s", p);	/* (put() reuses its buffer) */
	p = want;
	snprintf(rules, sizeof(rules), "%s/rules", dir);
	ck_assert_int_eq(mkdir(rules, 0700), 0);
	put("rules/local.rules", "");
	c = load_capture(p);

	ck_assert_msg(c != NULL, "%s", diagbuf);
	cli_defaults(&o);
	rcfile_apply(c, &o);
	snprintf(want, sizeof(want), "%s/rules/local.rules", dir);
	ck_assert_uint_eq(o.nrules_paths, 1);
	ck_assert_str_eq(o.rules_paths[0], want);
	ck_assert_uint_eq(o.ndisabled, 2);
	ck_assert_str_eq(o.disabled[1], "pm-gantt");
	ck_assert_str_eq(o.cols.id_col, "岗位编号");
	ck_assert_str_eq(o.cols.title_col, "岗位名称");
	ck_assert_str_eq(o.cols.dept_col, "部门");
	ck_assert_uint_eq(o.cols.ntext_cols, 2);
	ck_assert_str_eq(o.cols.text_cols[1], "任职要求");
	ck_assert_str_eq(o.cols.ignore_col, "审核豁免");
	ck_assert_int_eq(o.cols.fill_dept, 1);
	ck_assert_double_eq(o.th.min_evidence, 3);
	ck_assert_double_eq(o.th.mixed_min, 2.5);
	ck_assert_double_eq(o.th.mixed_ratio, 0.4);
	ck_assert_double_eq(o.th.mismatch_min, 6);
	ck_assert_double_eq(o.th.mixed_duty, 0);
	ck_assert_str_eq(o.fail_on, "mixed, unclassified");
	ck_assert_double_eq_tol(o.max_mixed_share, 0.2, 1e-12);
	ck_assert_int_eq(o.per_department, 1);
	snprintf(want, sizeof(want), "%s/.roleaudit-baseline", dir);
	ck_assert_str_eq(o.baseline, want);
	ck_assert_int_eq(o.max_annotations, 5);
	ck_assert_str_eq(o.csv.encoding, "gb18030");
	ck_assert_int_eq(o.csv.delimiter, '\t');
	ck_assert_uint_eq(o.csv.header_line, 3);
	ck_assert_int_eq(o.csv.strict, 1);
	ck_assert_uint_eq(c->files.n, 1);
	ck_assert_str_eq(c->files.v[0], "data/*.csv");
	rcfile_free(c);
}
END_TEST

START_TEST(test_unset_keys_keep_defaults)
{
	struct rcfile *c = load_capture(put("min", "[policy]\nfail-on = mixed\n"));
	struct options o;
	struct thresholds def;

	ck_assert_ptr_nonnull(c);
	cli_defaults(&o);
	rcfile_apply(c, &o);
	thresholds_default(&def);
	ck_assert_uint_eq(o.nrules_paths, 0);
	ck_assert_double_eq(o.max_mixed_share, -1);
	ck_assert_int_eq(o.max_annotations, -1);
	ck_assert_double_eq(o.th.mixed_ratio, def.mixed_ratio);
	ck_assert_ptr_null(o.cols.id_col);
	ck_assert_uint_eq(o.csv.header_line, 0);
	ck_assert_int_eq(o.cols.fill_dept, 0);
	ck_assert_int_eq(o.csv.strict, 0);
	rcfile_free(c);
}
END_TEST

START_TEST(test_all_errors_with_lines)
{
	const char *p = put("bad",
	    "stray = 1\n"			/* 1 */
	    "[rulez]\n"				/* 2 */
	    "path = ignored-in-unknown-section\n"
	    "[policy]\n"			/* 4 */
	    "fail-on = mixed, bogus\n"		/* 5 */
	    "max-mixed-share = 1.5\n"		/* 6 */
	    "per-department = maybe\n"		/* 7 */
	    "colour = red\n"			/* 8 */
	    "[thresholds]\n"
	    "min-evidence = -1\n"		/* 10 */
	    "min-evidence = 2\n"		/* 11 */
	    "[input]\n"
	    "delimiter = ab\n"			/* 13 */
	    "no equals sign\n"			/* 14 */
	    "header-line = 0\n"			/* 15 */
	    "strict = maybe\n"			/* 16 */
	    "[columns]\n"			/* 17 */
	    "fill-department = maybe\n"		/* 18 */
	    "[columns\n");			/* 19 */
	struct rcfile *c = load_capture(p);
	char want[300];

	ck_assert_ptr_null(c);
#define HAS(line, text) do { \
	snprintf(want, sizeof(want), "roleaudit: %s:%d: %s", p, line, text); \
	ck_assert_msg(strstr(diagbuf, want) != NULL, "missing <%s> in:\n%s", \
	    want, diagbuf); } while (0)
	HAS(1, "'stray' is outside a section");
	HAS(2, "unknown section [rulez]");
	HAS(5, "unknown finding kind 'bogus' in fail-on");
	HAS(6, "bad max-mixed-share '1.5'");
	HAS(7, "bad per-department 'maybe'");
	HAS(8, "unknown key 'colour' in [policy]");
	HAS(10, "bad min-evidence '-1'");
	HAS(11, "'min-evidence' is set twice in [thresholds]");
	HAS(13, "bad delimiter 'ab'");
	HAS(14, "expected 'key = value' or [section]");
	HAS(15, "bad header-line '0'");
	HAS(16, "bad strict 'maybe': use yes or no");
	HAS(18, "bad fill-department 'maybe'");
	HAS(19, "bad section header");
	ck_assert_ptr_null(strstr(diagbuf, ":3:"));
	snprintf(want, sizeof(want), "roleaudit: %s: 14 errors in the config "
	    "file\n", p);
	ck_assert_msg(strstr(diagbuf, want) != NULL, "%s", diagbuf);
}
END_TEST

/* NaN and infinity are not numbers a limit can use. */
START_TEST(test_nan_and_inf_rejected)
{
	const char *p = put("nan",
	    "[policy]\n"
	    "max-mixed-share = nan\n"		/* 2 */
	    "[thresholds]\n"
	    "min-evidence = inf\n"		/* 4 */
	    "mixed-ratio = NAN\n");		/* 5 */
	struct rcfile *c = load_capture(p);
	char want[300];

	ck_assert_ptr_null(c);
	HAS(2, "bad max-mixed-share 'nan'");
	HAS(4, "bad min-evidence 'inf'");
	HAS(5, "bad mixed-ratio 'NAN'");
}
END_TEST

/* A config of TEXT whose files do not expand: the message holds WANT. */
static void
expand_fails(const char *text, const char *want)
{
	struct rcfile *c = load_capture(put(".roleaudit", text));
	char **open, **show;
	size_t n;
	FILE *fp;

	ck_assert_ptr_nonnull(c);
	fp = fmemopen(diagbuf, sizeof(diagbuf), "w");
	diag_set_stream(fp);
	ck_assert_int_eq(rcfile_expand_files(c, &open, &show, &n), -1);
	fclose(fp);
	diag_set_stream(NULL);
	ck_assert_msg(strstr(diagbuf, want) != NULL, "missing <%s> in:\n%s",
	    want, diagbuf);
	rcfile_free(c);
}

START_TEST(test_expand_files)
{
	struct rcfile *c;
	char **open, **show, sub[300];
	size_t n;

	snprintf(sub, sizeof(sub), "%s/data", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put("data/b.csv", "id\n");
	put("data/a.csv", "id\n");
	put("data/notes.txt", "x\n");
	c = load_capture(put(".roleaudit", "[input]\nfiles = data/*.csv\n"
	    "files = data/a.csv\n"));
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(rcfile_expand_files(c, &open, &show, &n), 0);
	ck_assert_uint_eq(n, 2);	/* a.csv matched twice, kept once */
	ck_assert_str_eq(show[0], "data/a.csv");
	ck_assert_str_eq(show[1], "data/b.csv");
	snprintf(sub, sizeof(sub), "%s/data/a.csv", dir);
	ck_assert_str_eq(open[0], sub);
	rcfile_files_free(open, n);
	rcfile_files_free(show, n);
	rcfile_free(c);

	expand_fails("[input]\nfiles = nope/*.csv\n",
	    ".roleaudit:2: files = nope/*.csv matches no file");

	/* Folders are never inputs: "data/STAR" keeps the files only, and
	 * a pattern that matches only folders (".STAR/", found by fuzzing:
	 * "." and "..", the first shown as an empty name) is an error. */
	snprintf(sub, sizeof(sub), "%s/data/sub.csv", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	c = load_capture(put(".roleaudit", "[input]\nfiles = data/*\n"));
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(rcfile_expand_files(c, &open, &show, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(show[0], "data/a.csv");
	ck_assert_str_eq(show[1], "data/b.csv");
	ck_assert_str_eq(show[2], "data/notes.txt");
	rcfile_files_free(open, n);
	rcfile_files_free(show, n);
	rcfile_free(c);
	expand_fails("[input]\nfiles = .*/\n",
	    ".roleaudit:2: files = .*/ matches only folders");

	/* Many files, each matched by two patterns: each kept once, the
	 * first pattern's order first. */
	snprintf(sub, sizeof(sub), "%s/many", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	for (int i = 0; i < 2000; i++) {
		char name[64];

		snprintf(name, sizeof(name), "many/r%04d.csv", i);
		put(name, "id\n");
	}
	c = load_capture(put(".roleaudit", "[input]\nfiles = many/r1*.csv\n"
	    "files = many/*.csv\nfiles = many/r0000.csv\n"));
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(rcfile_expand_files(c, &open, &show, &n), 0);
	ck_assert_uint_eq(n, 2000);
	ck_assert_str_eq(show[0], "many/r1000.csv");
	ck_assert_str_eq(show[999], "many/r1999.csv");
	ck_assert_str_eq(show[1000], "many/r0000.csv");
	ck_assert_str_eq(show[1999], "many/r0999.csv");
	rcfile_files_free(open, n);
	rcfile_files_free(show, n);
	rcfile_free(c);
}
END_TEST

START_TEST(test_find_in_parent)
{
	char cwd[4096], sub[300];
	char *found;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(sub, sizeof(sub), "%s/a", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put(".roleaudit", "[policy]\n");
	ck_assert_int_eq(chdir(sub), 0);
	found = rcfile_find();
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found, "../../.roleaudit");
	free(found);
	put("a/b/.roleaudit", "[policy]\n");
	found = rcfile_find();
	ck_assert_str_eq(found, ".roleaudit");
	free(found);
	ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

START_TEST(test_settle_cli_wins)
{
	struct rcfile_settled st;
	char cfg[300], sub[300];
	char *argv1[] = { "roleaudit", "audit", "--config", cfg, "--text-col",
	    "Z", "--mixed-ratio", "0.3", NULL };
	char *argv2[] = { "roleaudit", "report", "--config", cfg, "./x.csv",
	    NULL };
	struct options cli;

	snprintf(sub, sizeof(sub), "%s/data", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put("data/a.csv", "id\n");
	put("my.rules", "");
	snprintf(cfg, sizeof(cfg), "%s", put(".roleaudit", "[rules]\n"
	    "path = my.rules\n[columns]\ntext = A\ntext = B\nid = Ref\n"
	    "[thresholds]\nmixed-ratio = 0.4\nmin-evidence = 3\n"
	    "[input]\nfiles = data/*.csv\n"));

	/* No FILE: the config's files; its columns and thresholds, but
	 * the command line's --text-col list and --mixed-ratio win. */
	ck_assert_int_eq(cli_parse(&cli, 8, argv1), -1);
	ck_assert_int_eq(rcfile_settle(&cli, &st), -1);
	ck_assert_int_eq(st.o.cmd, CMD_AUDIT);
	ck_assert_uint_eq(st.o.cols.ntext_cols, 1);
	ck_assert_str_eq(st.o.cols.text_cols[0], "Z");
	ck_assert_str_eq(st.o.cols.id_col, "Ref");
	/* (messages name the config for its columns, the option for
	 * the command line's) */
	ck_assert_uint_eq(st.o.cols.from_config, COLMAP_CFG_ID);
	ck_assert_str_eq(st.o.cols.config, cfg);
	ck_assert(st.o.th.mixed_ratio == 0.3);
	ck_assert(st.o.th.min_evidence == 3);
	ck_assert_uint_eq(st.o.nrules_paths, 1);
	snprintf(sub, sizeof(sub), "%s/my.rules", dir);
	ck_assert_str_eq(st.o.rules_paths[0], sub);
	ck_assert_uint_eq(st.o.nfiles, 1);
	ck_assert_str_eq(st.o.shown[0], "data/a.csv");
	snprintf(sub, sizeof(sub), "%s/data/a.csv", dir);
	ck_assert_str_eq(st.o.files[0], sub);
	rcfile_settled_free(&st);

	/* A FILE argument replaces the config's files, shown as given. */
	ck_assert_int_eq(cli_parse(&cli, 5, argv2), -1);
	ck_assert_int_eq(rcfile_settle(&cli, &st), -1);
	ck_assert_uint_eq(st.o.nfiles, 1);
	ck_assert_str_eq(st.o.files[0], "./x.csv");
	ck_assert_str_eq(st.o.shown[0], "x.csv");
	ck_assert_uint_eq(st.o.cols.ntext_cols, 2);
	ck_assert_uint_eq(st.o.cols.from_config, COLMAP_CFG_ID |
	    COLMAP_CFG_TEXT);
	rcfile_settled_free(&st);
}
END_TEST

/* audit --explain data.csv: the file was read as the role id. */
START_TEST(test_settle_explain_file_as_id)
{
	struct rcfile_settled st;
	char csv[300];
	char *argv[] = { "roleaudit", "audit", "--no-config", "--explain", csv,
	    NULL };
	struct options cli;
	FILE *fp;
	int rc;

	snprintf(csv, sizeof(csv), "%s", put("roles.csv", "id,text\n"));
	ck_assert_int_eq(cli_parse(&cli, 5, argv), -1);
	ck_assert_str_eq(cli.explain, csv);
	memset(diagbuf, 0, sizeof(diagbuf));
	fp = fmemopen(diagbuf, sizeof(diagbuf), "w");
	diag_set_stream(fp);
	rc = rcfile_settle(&cli, &st);
	fclose(fp);
	diag_set_stream(NULL);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(diagbuf, "--explain took '") != NULL &&
	    strstr(diagbuf, "give the id first") != NULL, "%s", diagbuf);
	rcfile_settled_free(&st);
}
END_TEST

/* Runs rcfile_settle() on ARGV, its messages in diagbuf. */
static int
settle_capture(int argc, char **argv, struct rcfile_settled *st)
{
	struct options cli;
	FILE *fp;
	int rc;

	ck_assert_int_eq(cli_parse(&cli, argc, argv), -1);
	memset(diagbuf, 0, sizeof(diagbuf));
	fp = fmemopen(diagbuf, sizeof(diagbuf), "w");
	diag_set_stream(fp);
	rc = rcfile_settle(&cli, st);
	fclose(fp);
	diag_set_stream(NULL);
	return rc;
}

#define IN(s)	ck_assert_msg(strstr(diagbuf, (s)) != NULL, "no \"%s\" in:\n%s", \
	(s), diagbuf)
#define NOTIN(s) ck_assert_msg(strstr(diagbuf, (s)) == NULL, "\"%s\" in:\n%s", \
	(s), diagbuf)

/* An unknown encoding is a bad value at its line, listed with the
 * others, for every command (rules list too). */
START_TEST(test_encoding_at_its_line)
{
	struct rcfile_settled st;
	char cfg[300];
	char *argv[] = { "roleaudit", "rules", "list", "--config", cfg, NULL };
	struct rcfile *c;

	ck_assert_ptr_null(load_capture(put(".roleaudit", "[input]\n"
	    "encoding = klingon\n[policy]\nfail-on = bogus\n")));
	IN(".roleaudit:2: unknown encoding 'klingon': use utf-8,");
	IN(".roleaudit:4: unknown finding kind 'bogus'");
	IN(".roleaudit: 2 errors in the config file");

	snprintf(cfg, sizeof(cfg), "%s", put(".roleaudit",
	    "[input]\nencoding = klingon\n"));
	ck_assert_int_eq(settle_capture(5, argv, &st), 2);
	IN(".roleaudit:2: unknown encoding 'klingon'");
	rcfile_settled_free(&st);

	ck_assert_ptr_nonnull(c = load_capture(put(".roleaudit",
	    "[input]\nencoding = GBK\n")));
	ck_assert_str_eq(diagbuf, "");
	rcfile_free(c);
}
END_TEST

/* [rules] disable and path are checked at their lines, not blamed on
 * --disable or left without a place. */
START_TEST(test_rules_keys_at_their_lines)
{
	struct rcfile_settled st;
	char cfg[300];
	char *argv[] = { "roleaudit", "rules", "list", "--config", cfg, NULL };
	char *argv_cli[] = { "roleaudit", "rules", "list", "--config", cfg,
	    "--disable", "one", NULL };

	put("my.rules", "[rule]\nid = one\ndimension = scope\nside = ops\n"
	    "weight = 1\nlang = en\npattern = roadmap\n");
	snprintf(cfg, sizeof(cfg), "%s", put(".roleaudit", "[rules]\n"
	    "path = my.rules\ndisable = one, nope\n[policy]\n"
	    "fail-on = bogus\n"));
	ck_assert_int_eq(settle_capture(5, argv, &st), 2);
	IN(".roleaudit:3: [rules] disable = nope: no rule has this id");
	IN(".roleaudit:5: unknown finding kind 'bogus'");
	IN(".roleaudit: 2 errors in the config file");
	NOTIN("--disable");
	NOTIN("'one'");
	rcfile_settled_free(&st);

	/* --disable replaces the config's list: its ids are not checked. */
	ck_assert_int_eq(settle_capture(7, argv_cli, &st), 2);
	NOTIN("[rules] disable");
	rcfile_settled_free(&st);

	ck_assert_ptr_null(load_capture(put(".roleaudit", "[rules]\n"
	    "path = nosuchdir\n")));
	IN(".roleaudit:2: [rules] path = nosuchdir: cannot read rules: ");
}
END_TEST

/* An empty fail-on would switch the check off: an error, as for an
 * empty baseline. */
START_TEST(test_empty_fail_on)
{
	struct rcfile_settled st;
	char *argv[] = { "roleaudit", "check", "--no-config", "--fail-on", "",
	    "x.csv", NULL };

	ck_assert_ptr_null(load_capture(put(".roleaudit", "[policy]\n"
	    "fail-on =\n")));
	IN(".roleaudit:2: 'fail-on' needs a value");
	ck_assert_ptr_null(load_capture(put(".roleaudit", "[policy]\n"
	    "fail-on = ,\n")));
	IN(".roleaudit:2: 'fail-on' needs a value");
	ck_assert_int_eq(settle_capture(6, argv, &st), 2);
	IN("--fail-on needs a value");
	rcfile_settled_free(&st);
}
END_TEST

/* One file spelled two ways is read once, under its first spelling. */
START_TEST(test_expand_same_file_once)
{
	struct rcfile *c;
	char **open, **show, sub[300], to[300];
	size_t n;

	snprintf(sub, sizeof(sub), "%s/data", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put("data/a.csv", "id\n");
	put("data/b.csv", "id\n");
	snprintf(sub, sizeof(sub), "%s/link.csv", dir);
	snprintf(to, sizeof(to), "%s/data/b.csv", dir);
	ck_assert_int_eq(symlink(to, sub), 0);
	c = load_capture(put(".roleaudit", "[input]\nfiles = data/*.csv\n"
	    "files = ./data/a.csv\nfiles = data/../data/b.csv\n"
	    "files = link.csv\n"));
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(rcfile_expand_files(c, &open, &show, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(show[0], "data/a.csv");
	ck_assert_str_eq(show[1], "data/b.csv");
	rcfile_files_free(open, n);
	rcfile_files_free(show, n);
	rcfile_free(c);
}
END_TEST

START_TEST(test_config_and_no_config)
{
	struct rcfile_settled st;
	char *argv[] = { "roleaudit", "audit", "--config", "x", "--no-config",
	    "x.csv", NULL };
	int fd = dup(2), null = open("/dev/null", O_WRONLY), rc;

	/* (the "Try --help" line goes to stderr) */
	fflush(stderr);
	dup2(null, 2);
	rc = settle_capture(6, argv, &st);
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	close(null);
	ck_assert_int_eq(rc, 2);
	IN("--config and --no-config contradict each other");
	rcfile_settled_free(&st);
}
END_TEST

/* A .roleaudit that is no file is an error, not passed over for a
 * parent folder's. */
START_TEST(test_find_not_a_file)
{
	char cwd[4096], sub[300];
	char *found;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	put(".roleaudit", "[policy]\n");
	snprintf(sub, sizeof(sub), "%s/a", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(chdir(sub), 0);
	ck_assert_int_eq(mkdir(".roleaudit", 0700), 0);
	found = rcfile_find();
	ck_assert_str_eq(found, ".roleaudit");
	ck_assert_ptr_null(load_capture(found));
	IN(".roleaudit: cannot read the config file: it is a folder");
	free(found);
	ck_assert_int_eq(rmdir(".roleaudit"), 0);
	ck_assert_int_eq(symlink("gone", ".roleaudit"), 0);
	found = rcfile_find();
	ck_assert_str_eq(found, ".roleaudit");
	ck_assert_ptr_null(load_capture(found));
	IN(".roleaudit: cannot read the config file: a symbolic link to a "
	    "missing file");
	free(found);
	ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

/* fail_on is read as fail-on, with a warning naming the spelling. */
START_TEST(test_underscore_key_warns)
{
	struct rcfile *c = load_capture(put(".roleaudit", "[policy]\n"
	    "fail_on = mixed\n[thresholds]\nmixed-min = 2\n"));

	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->fail_on, "mixed");
	IN(".roleaudit:2: warning: 'fail_on': the key is spelled fail-on");
	NOTIN(":4:");
	rcfile_free(c);
	ck_assert_ptr_null(load_capture(put(".roleaudit", "[policy]\n"
	    "no_such = 1\n")));
	NOTIN("warning");
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_every_key);
	tcase_add_test(tc, test_unset_keys_keep_defaults);
	tcase_add_test(tc, test_all_errors_with_lines);
	tcase_add_test(tc, test_nan_and_inf_rejected);
	tcase_add_test(tc, test_expand_files);
	tcase_add_test(tc, test_find_in_parent);
	tcase_add_test(tc, test_settle_cli_wins);
	tcase_add_test(tc, test_settle_explain_file_as_id);
	tcase_add_test(tc, test_encoding_at_its_line);
	tcase_add_test(tc, test_rules_keys_at_their_lines);
	tcase_add_test(tc, test_empty_fail_on);
	tcase_add_test(tc, test_expand_same_file_once);
	tcase_add_test(tc, test_config_and_no_config);
	tcase_add_test(tc, test_find_not_a_file);
	tcase_add_test(tc, test_underscore_key_warns);
	suite_add_tcase(s, tc);
	return s;
}
