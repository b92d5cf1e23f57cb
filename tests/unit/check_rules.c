/*
 * check_rules.c — the rule loader: every error kind, reported at its
 * file:line:col (diag output captured in memory), what a good file
 * yields, folders, the default path and lint warnings.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "diag.h"
#include "rules.h"
#include "suites.h"
#include "testutil.h"

static char	 tmpdir[256];
static char	*out;		/* diag output of the last load */
static size_t	 outlen;
static FILE	*outfp;

static void
setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/check_rules.XXXXXX",
	    t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	outfp = open_memstream(&out, &outlen);
	diag_set_stream(outfp);
	diag_reset();
}

static void
teardown(void)
{
	diag_set_stream(NULL);
	fclose(outfp);
	free(out);
	out = NULL;
	tu_rmdir(tmpdir);
}

/* Writes TEXT to NAME in the temporary folder; returns its path
 * (static buffer). */
static const char *
write_file(const char *name, const char *text)
{
	static char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Loads TEXT as t.rules into a new set; *NERR gets the error count. */
static struct ruleset *
load(const char *text, int *nerr)
{
	struct ruleset *rs = ruleset_new();

	*nerr = ruleset_load(rs, write_file("t.rules", text));
	fflush(outfp);
	return rs;
}

/* Asserts that diag printed "roleaudit: DIR/t.rules:WHERE: MSG...". */
static void
assert_diag(const char *where, const char *msg)
{
	char want[1024];

	snprintf(want, sizeof(want), "roleaudit: %s/t.rules:%s: %s", tmpdir,
	    where, msg);
	fflush(outfp);
	ck_assert_msg(out != NULL && strstr(out, want) != NULL,
	    "expected «%s» in diag output «%s»", want, out ? out : "");
}

#define GOOD_HEAD "[rule]\nid = g1\ndimension = scope\nside = ops\nweight = 2\n"

START_TEST(test_good_rule_fields)
{
	int nerr;
	struct ruleset *rs = load(
	    "# comment\n"
	    "  ; another comment\n"
	    "\n"
	    "[rule]\n"
	    "id        = ops-scope.daily_zh\n"
	    "dimension = scope\n"
	    "side      = ops\n"
	    "weight    = 2.5\n"
	    "lang      = zh\n"
	    "pattern   = 日常(?:运营|业务)   \n"
	    "pattern   = 稳定运营\n"
	    "unless    = 运营商\n"
	    "unless    = 外包\n"
	    "source    = 日常业务的稳定运营 # not a comment\n"
	    "example   = 负责平台的日常运营工作\n"
	    "counter   = 负责与运营商对接\n"
	    "ucp       = yes\n"
	    "[rule]\n"
	    "id = t1\n"
	    "dimension = title\n"
	    "side = pm\n"
	    "weight = 10\n"
	    "pattern = 项目经理\n", &nerr);
	const struct rule *r;

	ck_assert_int_eq(nerr, 0);
	ck_assert_uint_eq(rs->nrules, 2);
	r = ruleset_find(rs, "ops-scope.daily_zh");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->dim, DIM_SCOPE);
	ck_assert_int_eq(r->side, SIDE_OPS);
	ck_assert_double_eq(r->weight, 2.5);
	ck_assert_str_eq(r->lang, "zh");
	ck_assert_uint_eq(r->line, 4);
	ck_assert_uint_eq(r->index, 0);
	ck_assert_uint_eq(r->npats, 2);
	ck_assert_str_eq(r->pats[0]->text, "日常(?:运营|业务)");
	ck_assert_uint_eq(r->pats[0]->line, 10);
	ck_assert_uint_eq(r->pats[0]->col, 13);
	ck_assert_uint_eq(r->nunless, 2);
	ck_assert_str_eq(r->unless[1]->text, "外包");
	ck_assert_str_eq(r->source, "日常业务的稳定运营 # not a comment");
	ck_assert_uint_eq(r->nexamples, 1);
	ck_assert_uint_eq(r->example_lines[0], 15);
	ck_assert_uint_eq(r->ncounters, 1);
	ck_assert_uint_eq(r->counter_lines[0], 16);
	ck_assert_int_eq(r->ucp, 1);
	r = ruleset_find(rs, "t1");
	ck_assert_int_eq(r->dim, DIM_TITLE);
	ck_assert_str_eq(r->lang, "any");	/* the default */
	ck_assert_ptr_null(r->source);
	ck_assert_uint_eq(r->index, 1);
	ck_assert_ptr_null(ruleset_find(rs, "nope"));
	ck_assert_uint_eq(outlen, 0);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_pcre2_error_column_in_characters)
{
	int nerr;
	struct ruleset *rs = load(GOOD_HEAD
	    "pattern   = 日常(运营|业务\n"
	    "pattern   = 运营[z-a]\n"
	    "\tpattern = x\n", &nerr);

	ck_assert_int_eq(nerr, 2);
	/* the value starts at column 13; the error is at the end, after
	 * 8 characters */
	assert_diag("6:21", "bad pattern in rule 'g1': missing closing "
	    "parenthesis");
	/* 运=13 营=14 [=15 z=16 -=17 a=18: the range's end */
	assert_diag("7:18", "bad pattern in rule 'g1': range out of order "
	    "in character class");
	ck_assert_uint_eq(rs->nrules, 0);	/* a bad rule is left out */
	ruleset_free(rs);
}
END_TEST

START_TEST(test_unknown_key_and_bad_values)
{
	int nerr;
	struct ruleset *rs = load(
	    "[rule]\n"
	    "id = a1\n"
	    "dimension = scop\n"
	    "side = both\n"
	    "weight = 0\n"
	    "lang = fr\n"
	    "ucp = maybe\n"
	    "colour = red\n"
	    "pattern = x\n"
	    "[rule]\n"
	    "id = a2\n"
	    "dimension = scope\n"
	    "side = pm\n"
	    "weight = 10.5\n"
	    "pattern = y\n"
	    "[rule]\n"
	    "id = a3\n"
	    "dimension = scope\n"
	    "side = pm\n"
	    "weight = abc\n"
	    "pattern = z\n", &nerr);

	ck_assert_int_eq(nerr, 8);
	assert_diag("3:13", "bad dimension 'scop': use scope, nature, cycle, "
	    "metrics, skills or title");
	assert_diag("4:8", "bad side 'both': use ops or pm");
	assert_diag("5:10", "bad weight '0': use a number greater than 0");
	assert_diag("6:8", "bad lang 'fr': use zh, en or any");
	assert_diag("7:7", "bad ucp 'maybe': use yes or no");
	assert_diag("8:1", "unknown key 'colour': use id, dimension");
	assert_diag("14:10", "bad weight '10.5'");
	assert_diag("20:10", "bad weight 'abc'");
	ck_assert_uint_eq(rs->nrules, 0);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_missing_fields_at_rule_line)
{
	int nerr;
	struct ruleset *rs = load(
	    "# header\n"
	    "  [rule]\n"
	    "id = m1\n"
	    "\n"
	    "[rule]\n"
	    "dimension = scope\n"
	    "side = ops\n"
	    "weight = 1\n"
	    "pattern = x\n", &nerr);

	ck_assert_int_eq(nerr, 5);
	assert_diag("2:3", "rule 'm1' has no dimension");
	assert_diag("2:3", "rule 'm1' has no side");
	assert_diag("2:3", "rule 'm1' has no weight");
	assert_diag("2:3", "rule 'm1' has no pattern");
	assert_diag("5:1", "rule has no id");
	ck_assert_uint_eq(rs->nrules, 0);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_duplicate_ids_in_file_and_across_files)
{
	int nerr;
	struct ruleset *rs = load(GOOD_HEAD "pattern = a\n"
	    GOOD_HEAD "pattern = b\n", &nerr);
	char want[1024];

	ck_assert_int_eq(nerr, 1);
	snprintf(want, sizeof(want), "duplicate rule id 'g1', first defined "
	    "at %s/t.rules:1: give this rule another id", tmpdir);
	assert_diag("8:6", want);
	ck_assert_uint_eq(rs->nrules, 1);
	ck_assert_str_eq(rs->rules[0]->pats[0]->text, "a");

	/* a second file, loaded into the same set */
	nerr = ruleset_load(rs, write_file("u.rules", "\n" GOOD_HEAD
	    "pattern = c\n"));
	fflush(outfp);
	ck_assert_int_eq(nerr, 1);
	snprintf(want, sizeof(want), "roleaudit: %s/u.rules:3:6: duplicate "
	    "rule id 'g1', first defined at %s/t.rules:1", tmpdir, tmpdir);
	ck_assert_msg(strstr(out, want) != NULL, "no «%s» in «%s»", want, out);
	ck_assert_uint_eq(rs->nrules, 1);
	ruleset_free(rs);
}
END_TEST

/* A file named twice, by its folder and by another spelling of its
 * name, is read once: its ids do not clash with themselves. */
START_TEST(test_file_named_twice_is_read_once)
{
	int nerr;
	struct ruleset *rs = load(GOOD_HEAD "pattern = a\n", &nerr);
	char again[1024];

	ck_assert_int_eq(nerr, 0);
	ck_assert_int_eq(ruleset_load(rs, tmpdir), 0);
	snprintf(again, sizeof(again), "%s/.//t.rules", tmpdir);
	ck_assert_int_eq(ruleset_load(rs, again), 0);
	ck_assert_uint_eq(rs->nrules, 1);
	fflush(outfp);
	ck_assert_ptr_null(strstr(out, "duplicate"));
	ruleset_free(rs);
}
END_TEST

START_TEST(test_syntax_errors)
{
	int nerr;
	struct ruleset *rs = load(
	    "id = early\n"
	    "[rules]\n"
	    "[rule]\n"
	    "id = s1\n"
	    "id = s2\n"
	    "dimension = scope\n"
	    "side = ops\n"
	    "weight = 1\n"
	    "pattern =   \n"
	    "   just some words\n"
	    " = value\n"
	    "pattern = ok\n"
	    "id = bad id\n", &nerr);

	ck_assert_int_eq(nerr, 7);
	assert_diag("1:1", "'id' before the first [rule]: start each rule "
	    "with a [rule] line");
	assert_diag("2:1", "unknown section '[rules]': a rules file holds "
	    "only [rule] blocks");
	assert_diag("5:6", "'id' given twice in one rule (first at line 4): "
	    "keep one");
	assert_diag("9:10", "empty value for 'pattern': give a value after "
	    "'='");
	assert_diag("10:4", "expected 'key = value' or '[rule]'");
	assert_diag("11:2", "no key before '='");
	assert_diag("13:6", "'id' given twice in one rule");
	ruleset_free(rs);
}
END_TEST

START_TEST(test_bad_id_and_long_pattern)
{
	int nerr;
	char *text, *p;
	size_t n = RULE_PATTERN_MAX + 1;
	struct ruleset *rs;

	text = malloc(n + 256);
	p = text + sprintf(text, "[rule]\nid = 运营-1\ndimension = scope\n"
	    "side = ops\nweight = 1\npattern = ");
	memset(p, 'x', n);
	strcpy(p + n, "\n");
	rs = load(text, &nerr);
	free(text);
	ck_assert_int_eq(nerr, 2);
	assert_diag("2:6", "bad character '运' in id '运营-1': use letters, "
	    "digits, '-', '_' and '.'");
	assert_diag("6:11", "pattern is 4097 bytes long, more than the 4096 "
	    "allowed");
	ruleset_free(rs);
}
END_TEST

START_TEST(test_invalid_utf8_crlf_bom)
{
	int nerr;
	struct ruleset *rs = load(
	    "\xEF\xBB\xBF[rule]\r\n"
	    "id = c1\r\n"
	    "dimension = scope\r\n"
	    "side = ops\r\n"
	    "weight = 1\r\n"
	    "pattern = 运营\r\n"
	    "source = 运\xE8\xBF\r\n", &nerr);

	ck_assert_int_eq(nerr, 1);
	assert_diag("7:11", "invalid UTF-8 (byte 0xE8): save the rules file "
	    "as UTF-8");
	ruleset_free(rs);

	diag_reset();
	rs = load("[rule]\r\nid = c2\r\ndimension = scope\r\nside = ops\r\n"
	    "weight = 1\r\npattern = 运营 \r\n", &nerr);
	ck_assert_int_eq(nerr, 0);
	ck_assert_str_eq(rs->rules[0]->pats[0]->text, "运营");
	ruleset_free(rs);
}
END_TEST

START_TEST(test_missing_path_and_folders)
{
	struct ruleset *rs = ruleset_new();
	char path[512], want[1024];
	int nerr;

	snprintf(path, sizeof(path), "%s/none.rules", tmpdir);
	ck_assert_int_eq(ruleset_load(rs, path), 1);
	fflush(outfp);
	snprintf(want, sizeof(want), "roleaudit: %s: cannot read rules: No "
	    "such file or directory\n", path);
	ck_assert_str_eq(out, want);

	/* an empty folder is an error */
	snprintf(path, sizeof(path), "%s/d", tmpdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(ruleset_load(rs, path), 1);

	/* name order, whatever readdir says; other names are ignored */
	write_file("d/b.rules", "[rule]\nid = b\ndimension = scope\n"
	    "side = ops\nweight = 1\npattern = b\n");
	write_file("d/a.rules", "[rule]\nid = a\ndimension = scope\n"
	    "side = ops\nweight = 1\npattern = a\n");
	write_file("d/c.rules.bak", "junk\n");
	write_file("d/notes.txt", "junk\n");
	nerr = ruleset_load(rs, path);
	ck_assert_int_eq(nerr, 0);
	ck_assert_uint_eq(rs->nrules, 2);
	ck_assert_str_eq(rs->rules[0]->id, "a");
	ck_assert_str_eq(rs->rules[1]->id, "b");
	snprintf(want, sizeof(want), "%s/d/a.rules", tmpdir);
	ck_assert_str_eq(rs->rules[0]->file, want);
	ruleset_free(rs);
}
END_TEST

START_TEST(test_load_all_and_disable)
{
	const char *paths[1], *dis[2] = { "g1", "nope" };
	struct ruleset *rs;
	int nerr;

	paths[0] = write_file("t.rules", GOOD_HEAD "pattern = a\n"
	    "[rule]\nid = g2\ndimension = nature\nside = pm\nweight = 1\n"
	    "pattern = b\n");
	rs = ruleset_load_all(paths, 1, dis, 1, &nerr);
	ck_assert_int_eq(nerr, 0);
	ck_assert_uint_eq(rs->nrules, 1);
	ck_assert_str_eq(rs->rules[0]->id, "g2");
	ck_assert_uint_eq(rs->rules[0]->index, 0);
	ruleset_free(rs);

	rs = ruleset_load_all(paths, 1, dis, 2, &nerr);
	ck_assert_int_eq(nerr, 1);
	fflush(outfp);
	ck_assert_ptr_nonnull(strstr(out, "roleaudit: --disable nope: no rule "
	    "has this id"));
	ck_assert_int_eq(ruleset_disable(rs, "g2"), 0);
	ck_assert_int_eq(ruleset_disable(rs, "g2"), -1);
	ck_assert_uint_eq(rs->nrules, 0);
	ruleset_free(rs);
	ruleset_free(NULL);
}
END_TEST

START_TEST(test_default_path)
{
	const char *old = getenv("ROLEAUDIT_RULES");
	char *saved = old ? strdup(old) : NULL;

	setenv("ROLEAUDIT_RULES", "/some/where", 1);
	ck_assert_str_eq(ruleset_default_path(), "/some/where");
	unsetenv("ROLEAUDIT_RULES");
	/* this test program lives in the build tree */
	ck_assert_str_eq(ruleset_default_path(), ABS_TOP_SRCDIR "/rules");
	if (saved != NULL) {
		setenv("ROLEAUDIT_RULES", saved, 1);
		free(saved);
	}
}
END_TEST

START_TEST(test_lint_warnings)
{
	int nerr, nwarn;
	struct ruleset *rs = load(
	    "[rule]\n"
	    "id = w1\n"
	    "dimension = skills\n"
	    "side = pm\n"
	    "weight = 1\n"
	    "pattern = (?i)\\b\\w+ing\\b\n"
	    "pattern = x*\n"
	    "pattern = 提升ＫＰＩ\n"
	    "[rule]\n"
	    "id = w2\n"
	    "dimension = skills\n"
	    "side = pm\n"
	    "weight = 1\n"
	    "source = 风险管理能力\n"
	    "example = 风险管理\n"
	    "counter = 风险\n"
	    "pattern = 风险管理\n", &nerr);

	ck_assert_int_eq(nerr, 0);
	nwarn = ruleset_lint(rs);
	fflush(outfp);
	ck_assert_int_eq(nwarn, 7);
	assert_diag("1", "warning: rule 'w1' has no source");
	assert_diag("1", "warning: rule 'w1' has no example");
	assert_diag("1", "warning: rule 'w1' has no counter");
	assert_diag("6:11", "warning: rule 'w1': no literal can start this "
	    "pattern");
	assert_diag("7:11", "warning: rule 'w1': pattern can match the empty "
	    "string");
	assert_diag("7:11", "warning: rule 'w1': no literal can start");
	assert_diag("8:13", "warning: rule 'w1': full-width 'Ｋ' in a pattern "
	    "never matches");
	ck_assert_ptr_null(strstr(out, "'w2'"));
	ruleset_free(rs);
}
END_TEST

START_TEST(test_names)
{
	enum ra_dim d;
	enum ra_side s;

	ck_assert_int_eq(dim_parse("metrics", &d), 0);
	ck_assert_int_eq(d, DIM_METRICS);
	ck_assert_int_eq(dim_parse("title", &d), 0);
	ck_assert_int_eq(d, DIM_TITLE);
	ck_assert_int_eq(dim_parse("Title", &d), -1);
	ck_assert_str_eq(dim_name(DIM_NATURE), "nature");
	ck_assert_int_eq(side_parse("pm", &s), 0);
	ck_assert_int_eq(s, SIDE_PM);
	ck_assert_int_eq(side_parse("", &s), -1);
	ck_assert_str_eq(side_name(SIDE_OPS), "ops");
}
END_TEST

Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("loader");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_good_rule_fields);
	tcase_add_test(tc, test_pcre2_error_column_in_characters);
	tcase_add_test(tc, test_unknown_key_and_bad_values);
	tcase_add_test(tc, test_missing_fields_at_rule_line);
	tcase_add_test(tc, test_duplicate_ids_in_file_and_across_files);
	tcase_add_test(tc, test_file_named_twice_is_read_once);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_bad_id_and_long_pattern);
	tcase_add_test(tc, test_invalid_utf8_crlf_bom);
	tcase_add_test(tc, test_missing_path_and_folders);
	tcase_add_test(tc, test_load_all_and_disable);
	tcase_add_test(tc, test_default_path);
	tcase_add_test(tc, test_lint_warnings);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
