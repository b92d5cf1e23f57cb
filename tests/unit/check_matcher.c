/*
 * check_matcher.c — the matcher: hits and their offsets, first hit per
 * rule, unless overlap, width folding, \b next to Chinese, title rules,
 * and PCRE2 limits that make one rule a miss while the others still hit.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "matcher.h"
#include "rules.h"
#include "suites.h"
#include "testutil.h"

static char		 tmpdir[256];
static struct ruleset	*rs;
static struct matcher	*m;

static void
setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/check_matcher.XXXXXX",
	    t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	rs = NULL;
	m = NULL;
}

static void
teardown(void)
{
	matcher_free(m);
	ruleset_free(rs);
	tu_rmdir(tmpdir);
}

/*
 * Builds the set from TEXT, a list of "ID DIM SIDE | pattern lines"
 * written as a rules file, and a matcher with LIM.
 */
static void
build(const char *text, const struct matcher_limits *lim)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/m.rules", tmpdir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	rs = ruleset_new();
	ck_assert_int_eq(ruleset_load(rs, path), 0);
	m = matcher_new(rs, lim);
}

#define RULE(id, dim, side) \
	"[rule]\nid = " id "\ndimension = " dim "\nside = " side \
	"\nweight = 1\n"

static const struct hit *
find_hit(const struct hit *h, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].rule->id, id) == 0)
			return &h[i];
	return NULL;
}

#define F(s) { (s), sizeof(s) - 1 }

START_TEST(test_hits_offsets_and_rule_order)
{
	struct ra_field f[] = { F("负责门店的日常运营"), F("提升用户留存率和活跃度") };
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nm;

	build(RULE("r-retain", "metrics", "ops") "pattern = 留存率\n"
	    RULE("r-daily", "scope", "ops") "pattern = 日常(?:运营|业务)\n"
	    RULE("r-none", "scope", "pm") "pattern = 里程碑\n", NULL);
	nh = matcher_scan(m, f, 2, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 2);
	ck_assert_uint_eq(nm, 0);
	/* rule order, not text order */
	ck_assert_str_eq(h[0].rule->id, "r-retain");
	ck_assert_uint_eq(h[0].field, 1);
	ck_assert_uint_eq(h[0].offset, strlen("提升用户"));
	ck_assert_uint_eq(h[0].len, strlen("留存率"));
	ck_assert_str_eq(h[1].rule->id, "r-daily");
	ck_assert_uint_eq(h[1].field, 0);
	ck_assert_uint_eq(h[1].offset, strlen("负责门店的"));
	ck_assert_uint_eq(h[1].len, strlen("日常运营"));

	/* no fields, empty fields */
	ck_assert_uint_eq(matcher_scan(m, f, 0, &h, &ms, &nm), 0);
	f[0].len = 0;
	f[1].len = 0;
	ck_assert_uint_eq(matcher_scan(m, f, 2, &h, &ms, &nm), 0);
	ck_assert_uint_eq(nm, 0);
}
END_TEST

START_TEST(test_first_hit_per_rule)
{
	struct ra_field f[] = {
		F("本岗位负责项目交付，确保项目按里程碑推进"),
		F("里程碑"),
	};
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nm;

	build(RULE("r-pm", "cycle", "pm")
	    "pattern = 里程碑\npattern = 项目交付\n", NULL);
	nh = matcher_scan(m, f, 2, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 1);	/* once per role */
	/* field 0 before field 1; in field 0 the earliest offset, even
	 * though it comes from the second pattern */
	ck_assert_uint_eq(h[0].field, 0);
	ck_assert_uint_eq(h[0].offset, strlen("本岗位负责"));
	ck_assert_uint_eq(h[0].len, strlen("项目交付"));

	/* field order wins over offset */
	f[0] = (struct ra_field)F("确保按期推进，对齐里程碑");
	f[1] = (struct ra_field)F("项目交付");
	nh = matcher_scan(m, f, 2, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 1);
	ck_assert_uint_eq(h[0].field, 0);
	ck_assert_uint_eq(h[0].offset, strlen("确保按期推进，对齐"));
}
END_TEST

START_TEST(test_unless_overlap)
{
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nm;

	build(RULE("r-ops", "scope", "ops")
	    "pattern = 运营\nunless = 运营商\nunless = 电信运\n", NULL);

	/* the only hit overlaps an unless match: dropped */
	{
		struct ra_field f[] = { F("负责与运营商对接") };
		ck_assert_uint_eq(matcher_scan(m, f, 1, &h, &ms, &nm), 0);
	}
	/* an unless match that starts before the hit and reaches into it */
	{
		struct ra_field f[] = { F("电信运营") };
		ck_assert_uint_eq(matcher_scan(m, f, 1, &h, &ms, &nm), 0);
	}
	/* an unless match elsewhere does not drop the hit */
	{
		struct ra_field f[] = { F("负责日常运营，对接运营商") };
		nh = matcher_scan(m, f, 1, &h, &ms, &nm);
		ck_assert_uint_eq(nh, 1);
		ck_assert_uint_eq(h[0].offset, strlen("负责日常"));
	}
	/* after a dropped hit the search goes on to the next one */
	{
		struct ra_field f[] = { F("对接运营商，负责社群运营") };
		nh = matcher_scan(m, f, 1, &h, &ms, &nm);
		ck_assert_uint_eq(nh, 1);
		ck_assert_uint_eq(h[0].offset, strlen("对接运营商，负责社群"));
		ck_assert_uint_eq(h[0].len, strlen("运营"));
	}
	/* an unless in another field does not count */
	{
		struct ra_field f[] = { F("运营商"), F("用户运营") };
		nh = matcher_scan(m, f, 2, &h, &ms, &nm);
		ck_assert_uint_eq(nh, 1);
		ck_assert_uint_eq(h[0].field, 1);
		ck_assert_uint_eq(h[0].offset, strlen("用户"));
	}
	/* several unless matches before the hits, each checked in turn */
	{
		struct ra_field f[] = { F("运营商运营商电信运营商运营") };
		nh = matcher_scan(m, f, 1, &h, &ms, &nm);
		ck_assert_uint_eq(nh, 1);
		ck_assert_uint_eq(h[0].offset, strlen("运营商运营商电信运营商"));
	}
}
END_TEST

START_TEST(test_width_folding_offsets)
{
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nm;
	const struct hit *k, *p, *n;
	/* full-width K P I, digits and the ideographic space */
	struct ra_field f[] = {
		F("负责提升ＫＰＩ指标"),
		F("任期１２个月，Project\xE3\x80\x80Manager"),
	};

	build(RULE("r-kpi", "metrics", "ops") "pattern = \\bKPI\\b\n"
	    RULE("r-12", "cycle", "ops") "pattern = \\d+个月\n"
	    RULE("r-pm", "skills", "pm") "pattern = (?i)project manager\n",
	    NULL);
	nh = matcher_scan(m, f, 2, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 3);
	k = find_hit(h, nh, "r-kpi");
	n = find_hit(h, nh, "r-12");
	p = find_hit(h, nh, "r-pm");
	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_nonnull(p);
	/* offsets and lengths in the ORIGINAL bytes */
	ck_assert_uint_eq(k->field, 0);
	ck_assert_uint_eq(k->offset, strlen("负责提升"));
	ck_assert_uint_eq(k->len, strlen("ＫＰＩ"));
	ck_assert_uint_eq(n->field, 1);
	ck_assert_uint_eq(n->offset, strlen("任期"));
	ck_assert_uint_eq(n->len, strlen("１２个月"));
	ck_assert_uint_eq(p->offset, strlen("任期１２个月，"));
	ck_assert_uint_eq(p->len, strlen("Project\xE3\x80\x80Manager"));
	ck_assert_int_eq(memcmp(f[1].ptr + p->offset, "Project", 7), 0);

	/* a field with no full-width text keeps plain offsets */
	f[0] = (struct ra_field)F("提升KPI");
	nh = matcher_scan(m, f, 1, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 1);
	ck_assert_uint_eq(h[0].offset, strlen("提升"));
	ck_assert_uint_eq(h[0].len, 3);
}
END_TEST

/* Traditional characters are read as their Simplified forms, Taiwan's
 * 專案 and 營運 as 项目 and 运营; offsets stay those of the text. */
START_TEST(test_traditional_folding)
{
	const struct hit *h, *a, *b, *c;
	const struct miss *ms;
	size_t nh, nm;
	struct ra_field f[] = {
		F("負責ＫＰＩ與專案計劃，日常營運"),
		F("著名品牌的运营"),
	};

	build(RULE("r-plan", "scope", "pm") "pattern = 项目计划\n"
	    RULE("r-ops", "scope", "ops") "pattern = 日常运营\n"
	    RULE("r-kpi", "metrics", "ops") "pattern = \\bKPI与\n"
	    RULE("r-zhu", "skills", "ops") "pattern = 着名\n",
	    NULL);
	nh = matcher_scan(m, f, 2, &h, &ms, &nm);
	a = find_hit(h, nh, "r-plan");
	b = find_hit(h, nh, "r-ops");
	c = find_hit(h, nh, "r-kpi");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(a->field, 0);
	ck_assert_uint_eq(a->offset, strlen("負責ＫＰＩ與"));
	ck_assert_uint_eq(a->len, strlen("專案計劃"));
	ck_assert_uint_eq(b->offset, strlen("負責ＫＰＩ與專案計劃，"));
	ck_assert_uint_eq(b->len, strlen("日常營運"));
	/* width folding in the same field still maps back */
	ck_assert_uint_eq(c->offset, strlen("負責"));
	ck_assert_uint_eq(c->len, strlen("ＫＰＩ與"));
	/* 著 is a Simplified character too: never read as 着 */
	ck_assert_ptr_null(find_hit(h, nh, "r-zhu"));
	ck_assert_uint_eq(nh, 3);

	/* Simplified text is read as it is */
	f[0] = (struct ra_field)F("负责专案计划与营运");
	nh = matcher_scan(m, f, 1, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 0);
}
END_TEST

/* Taiwan's 營運 is read as 运营, but not where 營 ends 經營 */
START_TEST(test_taiwan_words_not_across_words)
{
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nm;
	struct ra_field f[] = { F("負責門市經營運作與營運數據") };

	build(RULE("r-jy", "scope", "ops") "pattern = 经营运作\n"
	    RULE("r-yy", "metrics", "ops") "pattern = 运营数据\n"
	    RULE("r-bad", "nature", "ops") "pattern = 经运营\n", NULL);
	nh = matcher_scan(m, f, 1, &h, &ms, &nm);
	ck_assert_ptr_nonnull(find_hit(h, nh, "r-jy"));
	ck_assert_ptr_nonnull(find_hit(h, nh, "r-yy"));
	ck_assert_ptr_null(find_hit(h, nh, "r-bad"));
	ck_assert_uint_eq(nh, 2);
}
END_TEST

/* 於 and 後 are in GB2312 as well: folded in Traditional text (溝通
 * tells it), left alone in Simplified text. */
START_TEST(test_traditional_gb2312_pairs)
{
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nm;
	struct ra_field f[] = { F("善於溝通，上線後跟進") };

	build(RULE("r-comm", "skills", "ops") "pattern = 善于沟通\n"
	    RULE("r-after", "cycle", "ops") "pattern = 上线后\n", NULL);
	nh = matcher_scan(m, f, 1, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 2);
	ck_assert_uint_eq(h[0].offset, 0);
	f[0] = (struct ra_field)F("善於沟通，上线後跟进");
	nh = matcher_scan(m, f, 1, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 0);
}
END_TEST

START_TEST(test_word_boundary_next_to_chinese)
{
	/* UCP off: \b and \w are ASCII, so 提升KPI指标 has word boundaries
	 * around KPI; with ucp = yes the Chinese letters are word
	 * characters and there are none. */
	build(RULE("r-ascii", "metrics", "ops") "pattern = \\bKPI\\b\n"
	    RULE("r-ucp", "metrics", "ops") "pattern = \\bKPI\\b\nucp = yes\n",
	    NULL);
	ck_assert_int_eq(matcher_rule_matches(m, rs->rules[0], "提升KPI指标",
	    strlen("提升KPI指标")), 1);
	ck_assert_int_eq(matcher_rule_matches(m, rs->rules[0], "KPIs",
	    4), 0);
	ck_assert_int_eq(matcher_rule_matches(m, rs->rules[1], "提升KPI指标",
	    strlen("提升KPI指标")), 0);
	ck_assert_int_eq(matcher_rule_matches(m, rs->rules[1], "提升 KPI 指标",
	    strlen("提升 KPI 指标")), 1);
}
END_TEST

START_TEST(test_title_rules_apart)
{
	struct ra_field f[] = { F("高级项目经理，负责日常运营") };
	const struct hit *h, *th;
	const struct miss *ms;
	size_t nh, nm;
	struct hit one;
	const char *why = "x";

	build(RULE("t-pm", "title", "pm") "pattern = 项目经理\n"
	    RULE("x-ops", "scope", "ops") "pattern = 日常运营\n", NULL);
	nh = matcher_scan(m, f, 1, &h, &ms, &nm);
	ck_assert_uint_eq(nh, 1);
	ck_assert_str_eq(h[0].rule->id, "x-ops");

	nh = matcher_scan_title(m, "高级项目经理", strlen("高级项目经理"), &th,
	    &ms, &nm);
	ck_assert_uint_eq(nh, 1);
	ck_assert_str_eq(th[0].rule->id, "t-pm");
	ck_assert_uint_eq(th[0].field, 0);
	ck_assert_uint_eq(th[0].offset, strlen("高级"));
	/* the text results are still there */
	ck_assert_str_eq(h[0].rule->id, "x-ops");
	nh = matcher_scan_title(m, "运营专员", strlen("运营专员"), &th, &ms,
	    &nm);
	ck_assert_uint_eq(nh, 0);

	ck_assert_int_eq(matcher_rule_find(m, rs->rules[0], "ＸＸ项目经理",
	    strlen("ＸＸ项目经理"), &one, &why), 1);
	ck_assert_ptr_null(why);
	ck_assert_uint_eq(one.offset, strlen("ＸＸ"));
}
END_TEST

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(test_match_limit_is_a_miss_others_hit)
{
	size_t n = 1024 * 1024;
	char *big = malloc(n + 1);
	struct ra_field f[2];
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nm;
	double t0;

	build(RULE("u-redos", "scope", "ops") "pattern = (a+)+$\n"
	    RULE("u-redos2", "scope", "ops") "pattern = (a|aa)*[bc]\n"
	    RULE("u-fine", "metrics", "ops") "pattern = 留存率\n"
	    RULE("u-tail", "skills", "pm") "pattern = a!\n", NULL);
	memset(big, 'a', n);
	big[n - 1] = '!';	/* (a+)+$ cannot succeed: it backtracks */
	big[n] = '\0';
	f[0] = (struct ra_field){ big, n };
	f[1] = (struct ra_field)F("提升留存率");

	t0 = now();
	nh = matcher_scan(m, f, 2, &h, &ms, &nm);
	fprintf(stderr, "matcher: 1 MiB of 'a' under (a+)+$ and (a|aa)*[bc]: "
	    "%.3f s (for information)\n", now() - t0);
	ck_assert_uint_eq(nm, 2);
	ck_assert_str_eq(ms[0].rule->id, "u-redos");
	ck_assert_str_eq(ms[0].why, "match limit");
	ck_assert_str_eq(ms[1].rule->id, "u-redos2");
	/* the JIT's stack overflows first; the interpreter retry then
	 * stops at a limit of its own */
	ck_assert(strcmp(ms[1].why, "depth limit") == 0 ||
	    strcmp(ms[1].why, "match limit") == 0 ||
	    strcmp(ms[1].why, "heap limit") == 0);
	ck_assert_uint_eq(nh, 2);
	ck_assert_ptr_nonnull(find_hit(h, nh, "u-fine"));
	ck_assert_uint_eq(find_hit(h, nh, "u-tail")->offset, n - 2);

	/* rule_find says why too */
	{
		const char *why = NULL;

		ck_assert_int_eq(matcher_rule_find(m, rs->rules[0], big, n,
		    NULL, &why), -1);
		ck_assert_str_eq(why, "match limit");
	}
	free(big);
}
END_TEST

START_TEST(test_depth_and_match_limits_from_options)
{
	struct matcher_limits lim = { .match_limit = 100000, .depth_limit = 20 };
	const char *why = NULL;
	const char *text = "abababababababababababababababababababab!";

	/* (*NO_JIT): the depth limit binds the interpreter only */
	build(RULE("d1", "scope", "ops") "pattern = (*NO_JIT)^(?:(a)|b)*$\n"
	    RULE("d2", "scope", "ops") "pattern = (a+)+$\n", &lim);
	ck_assert_int_eq(matcher_rule_find(m, rs->rules[0], text,
	    strlen(text), NULL, &why), -1);
	ck_assert_str_eq(why, "depth limit");
	/* a limit hit on one role leaves the next role alone */
	ck_assert_int_eq(matcher_rule_matches(m, rs->rules[1], "xaa", 3), 1);

	/* with the default depth limit, the match limit binds (the JIT
	 * counts differently but stops too; ROLEAUDIT_NO_JIT may be set) */
	matcher_free(m);
	lim.depth_limit = 0;
	m = matcher_new(rs, &lim);
	ck_assert_int_eq(matcher_rule_find(m, rs->rules[1],
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", 31, NULL, &why), -1);
	ck_assert_str_eq(why, "match limit");
}
END_TEST

START_TEST(test_empty_ruleset)
{
	struct ra_field f[] = { F("任意文本") };
	const struct hit *h;
	const struct miss *ms;
	size_t nm = 9;

	rs = ruleset_new();
	m = matcher_new(rs, NULL);
	ck_assert_uint_eq(matcher_scan(m, f, 1, &h, &ms, &nm), 0);
	ck_assert_uint_eq(nm, 0);
	matcher_free(NULL);
}
END_TEST

Suite *
matcher_suite(void)
{
	Suite *s = suite_create("matcher");
	TCase *tc = tcase_create("scan");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_hits_offsets_and_rule_order);
	tcase_add_test(tc, test_first_hit_per_rule);
	tcase_add_test(tc, test_unless_overlap);
	tcase_add_test(tc, test_width_folding_offsets);
	tcase_add_test(tc, test_traditional_folding);
	tcase_add_test(tc, test_traditional_gb2312_pairs);
	tcase_add_test(tc, test_taiwan_words_not_across_words);
	tcase_add_test(tc, test_word_boundary_next_to_chinese);
	tcase_add_test(tc, test_title_rules_apart);
	tcase_add_test(tc, test_match_limit_is_a_miss_others_hit);
	tcase_add_test(tc, test_depth_and_match_limits_from_options);
	tcase_add_test(tc, test_empty_ruleset);
	suite_add_tcase(s, tc);
	return s;
}
