/* check_policy.c — findings, suppression column, baseline lookups and the
 * mixed-share limit, on roles built here (no CSV, no PCRE2). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "classify.h"
#include "diag.h"
#include "matcher.h"
#include "policy.h"
#include "suites.h"

static struct rule R[] = {
	{ .id = "ops-kpi", .dim = DIM_METRICS, .side = SIDE_OPS, .weight = 2 },
	{ .id = "ops-daily", .dim = DIM_CYCLE, .side = SIDE_OPS, .weight = 2 },
	{ .id = "pm-milestone", .dim = DIM_CYCLE, .side = SIDE_PM, .weight = 2 },
	{ .id = "pm-deliver", .dim = DIM_NATURE, .side = SIDE_PM, .weight = 2 },
	{ .id = "title-pm", .dim = DIM_TITLE, .side = SIDE_PM, .weight = 3 },
};

/* A role with the hits WHICH (indexes into R, -1 ends) and its verdict. */
struct trole {
	struct role		 r;
	struct hit		 hits[8];
	struct ra_field		 text[2];
	struct miss		 miss[2];
};

static void
mkrole(struct trole *t, const char *id, const char *dept, const char *text,
    const char *ignore, const int *which)
{
	struct thresholds th;
	struct scores sc;
	size_t n = 0;

	memset(t, 0, sizeof(*t));
	for (; which && which[n] >= 0; n++)
		t->hits[n] = (struct hit){ .rule = &R[which[n]] };
	t->text[0] = (struct ra_field){ text, strlen(text) };
	t->r.path = "jobs.csv";
	t->r.line = 7;
	t->r.id = id;
	t->r.title = "运营项目专员";
	t->r.dept = dept;
	t->r.ignore = ignore;
	t->r.ntext = 1;
	t->r.text = t->text;
	t->r.hits = t->hits;
	t->r.nhits = n;
	t->r.ntext_hits = n;
	score_hits(&sc, t->hits, n);
	thresholds_default(&th);
	classify(&sc, &th, &t->r.v);
}

static const int MIXED[] = { 1, 2, -1 };		/* ops 2, pm 2 */
static const int MIXED2[] = { 0, 1, 2, 3, -1 };		/* ops 4, pm 4 */
static const int OPS[] = { 0, 1, -1 };
static const int OPS_PMTITLE[] = { 0, 1, 4, -1 };

static struct policy *
mkpolicy(unsigned fail_on, double share, int perdept, struct baseline *bl)
{
	struct policy_opts o;

	memset(&o, 0, sizeof(o));
	o.fail_on = fail_on;
	o.max_mixed_share = share;
	o.per_department = perdept;
	return policy_new(&o, bl);
}

START_TEST(test_kinds_parse)
{
	unsigned m;
	const char *bad;
	size_t badlen;

	ck_assert_int_eq(policy_parse_kinds("mixed, unclassified;not-evaluated",
	    &m, &bad, &badlen), 0);
	ck_assert_uint_eq(m, FK_BIT(FK_MIXED) | FK_BIT(FK_UNCLASSIFIED) |
	    FK_BIT(FK_NOT_EVALUATED));
	ck_assert_int_eq(policy_parse_kinds("mixed,bogus,unclassified", &m,
	    &bad, &badlen), -1);
	ck_assert_uint_eq(badlen, 5);
	ck_assert_int_eq(strncmp(bad, "bogus", 5), 0);
	/* the share is set by --max-mixed-share, not by --fail-on */
	ck_assert_int_eq(policy_parse_kinds("mixed-share", &m, &bad, &badlen), -1);
	ck_assert_int_eq(policy_parse_kinds("", &m, &bad, &badlen), 0);
	ck_assert_uint_eq(m, 0);
}
END_TEST

START_TEST(test_seeks_only_fail_on)
{
	unsigned m = FK_BIT(FK_UNCLASSIFIED);

	ck_assert_int_eq(policy_seeks(m, "unclassified"), 1);
	ck_assert_int_eq(policy_seeks(m, "mixed"), 0);
	ck_assert_int_eq(policy_seeks(m, "title-mismatch"), 0);
	ck_assert_int_eq(policy_seeks(m, "ops-kpi"), 0);	/* a rule id */
	ck_assert_int_eq(policy_seeks(FK_DEFAULT_FAIL_ON, "mixed"), 1);
	ck_assert_int_eq(policy_seeks(FK_BIT(FK_NOT_EVALUATED), "ops-kpi"), 1);
	ck_assert_int_eq(policy_seeks(~0u, "mixed-share"), 0);
}
END_TEST

START_TEST(test_text_hash)
{
	struct ra_field a[2] = { { "ab", 2 }, { "c", 1 } };
	struct ra_field b[2] = { { "a", 1 }, { "bc", 2 } };
	struct ra_field c[2] = { { "ab", 2 }, { "c", 1 } };

	struct ra_field lf[2] = { { "x\ny\n", 4 }, { "z", 1 } };
	struct ra_field crlf[2] = { { "x\r\ny\r", 5 }, { "z", 1 } };
	struct ra_field two[2] = { { "x\n\ny\n", 5 }, { "z", 1 } };

	ck_assert(role_text_hash(a, 2) != role_text_hash(b, 2));
	ck_assert(role_text_hash(a, 2) == role_text_hash(c, 2));
	/* line endings do not count; line breaks do */
	ck_assert(role_text_hash(lf, 2) == role_text_hash(crlf, 2));
	ck_assert(role_text_hash(lf, 2) != role_text_hash(two, 2));
	ck_assert(role_text_hash_raw(lf, 2) != role_text_hash_raw(crlf, 2));
	ck_assert(role_text_hash(lf, 2) == role_text_hash_raw(lf, 2));
	/* FNV-1a 64 of "a" is a published test vector */
	ck_assert(fnv1a64(FNV64_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
}
END_TEST

START_TEST(test_mixed_is_a_breach)
{
	struct policy *p = mkpolicy(FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	struct trole t;

	mkrole(&t, "R-1", "运营部", "负责日常运营和项目里程碑", "", MIXED);
	ck_assert_int_eq(t.r.v.cls, CLASS_MIXED);
	ck_assert_uint_eq(policy_role(p, &t.r, "data/jobs.csv"), 1);
	ck_assert_int_eq(p->findings[0].kind, FK_MIXED);
	ck_assert_int_eq(p->findings[0].state, FS_NEW);
	ck_assert_str_eq(p->findings[0].path, "data/jobs.csv");
	ck_assert_str_eq(p->findings[0].id, "R-1");
	ck_assert_uint_eq(p->findings[0].line, 7);
	/* the message has numbers and dimension names, not the role's text */
	ck_assert_ptr_null(strstr(p->findings[0].message, "里程碑"));
	ck_assert_ptr_nonnull(strstr(p->findings[0].message, "ops 2, pm 2"));
	ck_assert_uint_eq(policy_finish(p), 1);
	policy_free(p);
}
END_TEST

START_TEST(test_fail_on_selects_kinds)
{
	struct policy *p = mkpolicy(FK_BIT(FK_UNCLASSIFIED), -1, 0, NULL);
	struct trole t;

	mkrole(&t, "R-1", "", "x", "", MIXED);
	ck_assert_uint_eq(policy_role(p, &t.r, NULL), 0);
	mkrole(&t, "R-2", "", "y", "", NULL);
	ck_assert_uint_eq(policy_role(p, &t.r, NULL), 1);
	ck_assert_int_eq(p->findings[0].kind, FK_UNCLASSIFIED);
	ck_assert_str_eq(p->findings[0].path, "jobs.csv");
	ck_assert_uint_eq(policy_finish(p), 1);
	policy_free(p);
}
END_TEST

START_TEST(test_title_mismatch)
{
	struct policy *p = mkpolicy(FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	struct trole t;

	mkrole(&t, "R-3", "", "x", "", OPS_PMTITLE);
	ck_assert_uint_eq(policy_role(p, &t.r, NULL), 1);
	ck_assert_int_eq(p->findings[0].kind, FK_TITLE_MISMATCH);
	ck_assert_ptr_nonnull(strstr(p->findings[0].message,
	    "title reads as project-management but the duties read as "
	    "operations"));
	policy_free(p);
}
END_TEST

START_TEST(test_ignore_column_kinds)
{
	struct policy *p = mkpolicy(FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	struct trole t;

	/* full-width separators, as typed in a Chinese spreadsheet */
	mkrole(&t, "R-1", "", "x", "title-mismatch，mixed", MIXED);
	ck_assert_uint_eq(policy_role(p, &t.r, NULL), 1);
	ck_assert_int_eq(p->findings[0].state, FS_IGNORED);
	ck_assert_uint_eq(p->by_state[FS_IGNORED], 1);
	ck_assert_uint_eq(policy_finish(p), 0);
	policy_free(p);
}
END_TEST

START_TEST(test_ignore_rule_reclassifies)
{
	struct policy *p = mkpolicy(FK_DEFAULT_FAIL_ON, -1, 0, NULL);
	struct trole t;

	/* without the pm rules the role is operations: no finding */
	mkrole(&t, "R-1", "", "x", "pm-milestone pm-deliver", MIXED2);
	ck_assert_int_eq(t.r.v.cls, CLASS_MIXED);
	ck_assert_uint_eq(policy_role(p, &t.r, NULL), 0);
	ck_assert_uint_eq(p->mixed_roles, 0);
	/* an id that names no hit changes nothing */
	mkrole(&t, "R-2", "", "x", "ops-nothing", MIXED2);
	ck_assert_uint_eq(policy_role(p, &t.r, NULL), 1);
	ck_assert_uint_eq(policy_finish(p), 1);
	policy_free(p);
}
END_TEST

START_TEST(test_baseline_accepts_same_text_only)
{
	struct baseline *bl = baseline_new();
	struct policy *p;
	struct trole t;
	struct ra_field f = { "负责日常运营和项目里程碑", 0 };

	f.len = strlen(f.ptr);
	baseline_add(bl, "data/jobs.csv", "R-1", "mixed", role_text_hash(&f, 1));
	p = mkpolicy(FK_DEFAULT_FAIL_ON, -1, 0, bl);
	mkrole(&t, "R-1", "", f.ptr, "", MIXED);
	ck_assert_uint_eq(policy_role(p, &t.r, "data/jobs.csv"), 1);
	ck_assert_int_eq(p->findings[0].state, FS_BASELINE);
	/* the same role with other text is new again */
	mkrole(&t, "R-1", "", "负责日常运营和项目里程碑。", "", MIXED);
	ck_assert_uint_eq(policy_role(p, &t.r, "data/jobs.csv"), 1);
	ck_assert_int_eq(p->findings[1].state, FS_NEW);
	ck_assert_uint_eq(policy_finish(p), 1);
	policy_free(p);
	baseline_free(bl);
}
END_TEST

/* An entry written before line endings were read alike holds the hash
 * of the text's bytes, CRLF and all: it still accepts the finding. */
START_TEST(test_baseline_accepts_raw_hash)
{
	struct baseline *bl = baseline_new();
	struct policy *p;
	struct trole t;
	struct ra_field f = { "负责日常运营\r\n和项目里程碑", 0 };

	f.len = strlen(f.ptr);
	ck_assert(role_text_hash_raw(&f, 1) != role_text_hash(&f, 1));
	baseline_add(bl, "data/jobs.csv", "R-1", "mixed",
	    role_text_hash_raw(&f, 1));
	p = mkpolicy(FK_DEFAULT_FAIL_ON, -1, 0, bl);
	mkrole(&t, "R-1", "", f.ptr, "", MIXED);
	ck_assert_uint_eq(policy_role(p, &t.r, "data/jobs.csv"), 1);
	ck_assert_int_eq(p->findings[0].state, FS_BASELINE);
	ck_assert(p->findings[0].text_hash == role_text_hash(&f, 1));
	ck_assert_uint_eq(policy_finish(p), 0);
	policy_free(p);
	baseline_free(bl);
}
END_TEST

START_TEST(test_not_evaluated)
{
	struct policy *p = mkpolicy(FK_BIT(FK_NOT_EVALUATED), -1, 0, NULL);
	struct trole t;

	mkrole(&t, "R-9", "", "x", "", OPS);
	t.miss[0] = (struct miss){ &R[2], "match limit" };
	t.miss[1] = (struct miss){ &R[2], "match limit" };	/* once only */
	t.r.misses = t.miss;
	t.r.nmisses = 2;
	ck_assert_uint_eq(policy_role(p, &t.r, NULL), 1);
	ck_assert_str_eq(p->findings[0].rule, "pm-milestone");
	ck_assert_str_eq(finding_key(&p->findings[0]), "pm-milestone");
	ck_assert_uint_eq(p->not_evaluated, 2);
	policy_free(p);
}
END_TEST

START_TEST(test_mixed_share_overall)
{
	struct policy *p = mkpolicy(0, 0.25, 0, NULL);
	struct trole t;

	mkrole(&t, "A", "运营部", "x", "", MIXED);
	t.r.line = 2;
	policy_role(p, &t.r, "a.csv");
	for (int i = 0; i < 2; i++) {
		mkrole(&t, "B", "运营部", "y", "", OPS);
		t.r.line = 3 + i;
		policy_role(p, &t.r, "a.csv");
	}
	ck_assert_uint_eq(policy_finish(p), 1);	/* 1/3 > 25% */
	ck_assert_int_eq(p->findings[0].kind, FK_MIXED_SHARE);
	ck_assert_str_eq(p->findings[0].id, "(all)");
	ck_assert_str_eq(p->findings[0].path, "a.csv");
	/* At the first role, not at the header. */
	ck_assert_uint_eq(p->findings[0].line, 2);
	ck_assert_ptr_nonnull(strstr(p->findings[0].message,
	    "1 of 3 roles are mixed (33.3%), above the allowed 25.0%"));
	policy_free(p);
}
END_TEST

START_TEST(test_mixed_share_per_department)
{
	struct policy *p = mkpolicy(0, 0.5, 1, NULL);
	struct trole t;

	mkrole(&t, "A", "运营部", "x", "", OPS);
	t.r.line = 2;
	policy_role(p, &t.r, "a.csv");
	mkrole(&t, "B", "项目部", "x", "", MIXED);
	t.r.line = 3;
	policy_role(p, &t.r, "a.csv");
	mkrole(&t, "C", "运营部", "x", "", MIXED);
	t.r.line = 4;
	policy_role(p, &t.r, "a.csv");
	/* 运营部 1/2 is not above 50%; 项目部 1/1 is */
	ck_assert_uint_eq(policy_finish(p), 1);
	ck_assert_str_eq(p->findings[0].id, "项目部");
	ck_assert_uint_eq(p->findings[0].line, 3);
	policy_free(p);
}
END_TEST

/* Roles without a department are a group of their own, kept apart from
 * a department that happens to be named "(none)". */
START_TEST(test_mixed_share_no_department)
{
	struct policy *p = mkpolicy(0, 0.5, 1, NULL);
	struct trole t;

	mkrole(&t, "A", "", "x", "", MIXED);
	t.r.line = 2;
	policy_role(p, &t.r, "a.csv");
	mkrole(&t, "B", "(none)", "x", "", OPS);
	t.r.line = 3;
	policy_role(p, &t.r, "a.csv");
	ck_assert_uint_eq(policy_finish(p), 1);	/* 1/1, and 0/1 */
	ck_assert_str_eq(p->findings[0].id, "(no department)");
	ck_assert_str_eq(p->findings[0].dept, "");
	ck_assert_uint_eq(p->findings[0].line, 2);
	ck_assert_ptr_nonnull(strstr(p->findings[0].message,
	    "roles without a department: 1 of 1 roles are mixed"));
	policy_free(p);
}
END_TEST

START_TEST(test_worst_order)
{
	struct policy *p = mkpolicy(FK_DEFAULT_FAIL_ON | FK_BIT(FK_UNCLASSIFIED),
	    -1, 0, NULL);
	struct trole t;
	size_t *o;

	mkrole(&t, "U", "", "x", "", NULL);
	policy_role(p, &t.r, NULL);
	mkrole(&t, "M2", "", "x", "", MIXED);
	policy_role(p, &t.r, NULL);
	mkrole(&t, "M4", "", "x", "", MIXED2);
	policy_role(p, &t.r, NULL);
	mkrole(&t, "I", "", "x", "mixed", MIXED2);
	policy_role(p, &t.r, NULL);
	o = policy_order_worst(p);
	ck_assert_str_eq(p->findings[o[0]].id, "M4");	/* most balanced */
	ck_assert_str_eq(p->findings[o[1]].id, "M2");
	ck_assert_str_eq(p->findings[o[2]].id, "U");
	ck_assert_str_eq(p->findings[o[3]].id, "I");	/* accepted last */
	free(o);
	policy_free(p);
}
END_TEST

Suite *
policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_kinds_parse);
	tcase_add_test(tc, test_seeks_only_fail_on);
	tcase_add_test(tc, test_text_hash);
	tcase_add_test(tc, test_mixed_is_a_breach);
	tcase_add_test(tc, test_fail_on_selects_kinds);
	tcase_add_test(tc, test_title_mismatch);
	tcase_add_test(tc, test_ignore_column_kinds);
	tcase_add_test(tc, test_ignore_rule_reclassifies);
	tcase_add_test(tc, test_baseline_accepts_same_text_only);
	tcase_add_test(tc, test_baseline_accepts_raw_hash);
	tcase_add_test(tc, test_not_evaluated);
	tcase_add_test(tc, test_mixed_share_overall);
	tcase_add_test(tc, test_mixed_share_per_department);
	tcase_add_test(tc, test_mixed_share_no_department);
	tcase_add_test(tc, test_worst_order);
	suite_add_tcase(s, tc);
	return s;
}
