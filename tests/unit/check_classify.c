/* check_classify.c — scorer and classifier: pure functions, exact numbers. */
#include <config.h>

#include <string.h>

#include "classify.h"
#include "matcher.h"
#include "suites.h"

static struct rule R[8] = {
	{ .id = "o-scope", .dim = DIM_SCOPE, .side = SIDE_OPS, .weight = 2 },
	{ .id = "o-metrics", .dim = DIM_METRICS, .side = SIDE_OPS, .weight = 1.5 },
	{ .id = "p-scope", .dim = DIM_SCOPE, .side = SIDE_PM, .weight = 2 },
	{ .id = "p-cycle", .dim = DIM_CYCLE, .side = SIDE_PM, .weight = 1 },
	{ .id = "t-pm", .dim = DIM_TITLE, .side = SIDE_PM, .weight = 3 },
	{ .id = "t-ops", .dim = DIM_TITLE, .side = SIDE_OPS, .weight = 3 },
	{ .id = "o-cycle", .dim = DIM_CYCLE, .side = SIDE_OPS, .weight = 1 },
	{ .id = "p-skills", .dim = DIM_SKILLS, .side = SIDE_PM, .weight = 2 },
};

static void
verdict_th(const int *which, size_t n, const struct thresholds *th,
    struct verdict *v)
{
	struct hit hits[8] = { { 0 } };
	struct scores sc;

	for (size_t i = 0; i < n && i < 8; i++)
		hits[i] = (struct hit){ .rule = &R[which[i]] };
	score_hits(&sc, hits, n);
	classify(&sc, th, v);
}

static void
verdict_of(const int *which, size_t n, struct verdict *v)
{
	struct thresholds th;

	thresholds_default(&th);
	verdict_th(which, n, &th, v);
}

START_TEST(test_scores_sum_per_dimension_and_side)
{
	int w[] = { 0, 1, 2, 4 };
	struct verdict v;

	verdict_of(w, 4, &v);
	ck_assert_double_eq(v.sc.dim[DIM_SCOPE][SIDE_OPS], 2);
	ck_assert_double_eq(v.sc.dim[DIM_METRICS][SIDE_OPS], 1.5);
	ck_assert_double_eq(v.sc.dim[DIM_SCOPE][SIDE_PM], 2);
	ck_assert_double_eq(v.sc.side[SIDE_OPS], 3.5);
	ck_assert_double_eq(v.sc.side[SIDE_PM], 2);
	/* title rules stay out of the text score */
	ck_assert_double_eq(v.sc.title[SIDE_PM], 3);
}
END_TEST

START_TEST(test_no_evidence_is_unclassified)
{
	struct verdict v;

	verdict_of(NULL, 0, &v);
	ck_assert_int_eq(v.cls, CLASS_UNCLASSIFIED);
	ck_assert_double_eq(v.confidence, 1);
	ck_assert_int_eq(v.title_lean, -1);
	ck_assert_uint_eq(v.flags, 0);
}
END_TEST

START_TEST(test_thin_evidence_is_unclassified)
{
	int w[] = { 3 };	/* pm 1 < min_evidence 2 */
	struct verdict v;

	verdict_of(w, 1, &v);
	ck_assert_int_eq(v.cls, CLASS_UNCLASSIFIED);
	ck_assert_double_eq_tol(v.confidence, 0.5, 1e-9);
}
END_TEST

START_TEST(test_one_side_wins)
{
	int w[] = { 0, 1 };	/* ops 3.5, pm 0 */
	struct verdict v;

	verdict_of(w, 2, &v);
	ck_assert_int_eq(v.cls, CLASS_OPS);
	ck_assert_str_eq(class_name(v.cls), "operations");
	/* share 1.0, damped by 3.5 / 4 */
	ck_assert_double_eq_tol(v.confidence, 0.875, 1e-9);
	ck_assert_uint_eq(v.conflicts, 0);
}
END_TEST

START_TEST(test_mixed_names_conflicting_dimensions)
{
	int w[] = { 0, 1, 2, 3 };	/* ops 3.5, pm 3 */
	struct verdict v;

	verdict_of(w, 4, &v);
	ck_assert_int_eq(v.cls, CLASS_MIXED);
	ck_assert_uint_eq(v.conflicts, 1u << DIM_SCOPE);
	ck_assert_double_eq_tol(v.confidence, 3 / 3.5, 1e-9);
}
END_TEST

START_TEST(test_weak_other_side_is_not_mixed)
{
	int w[] = { 0, 1, 3 };	/* ops 3.5, pm 1: below mixed_min */
	struct verdict v;

	verdict_of(w, 3, &v);
	ck_assert_int_eq(v.cls, CLASS_OPS);
	ck_assert_uint_eq(v.conflicts, 0);
}
END_TEST

START_TEST(test_title_mismatch)
{
	int w[] = { 0, 1, 6, 4 };	/* text ops 4.5, title pm */
	int ok[] = { 2, 3, 4 };	/* text pm, title pm */
	int mixed[] = { 0, 1, 2, 3, 4 };
	struct verdict v;

	verdict_of(w, 4, &v);
	ck_assert_int_eq(v.cls, CLASS_OPS);
	ck_assert_int_eq(v.title_lean, SIDE_PM);
	ck_assert_uint_eq(v.flags & FLAG_TITLE_MISMATCH, FLAG_TITLE_MISMATCH);
	verdict_of(ok, 3, &v);
	ck_assert_int_eq(v.cls, CLASS_PM);
	ck_assert_uint_eq(v.flags, 0);
	verdict_of(mixed, 5, &v);
	ck_assert_int_eq(v.cls, CLASS_MIXED);
	ck_assert_uint_eq(v.flags, 0);
}
END_TEST

/* The duties must weigh mismatch_min (default 4) to contradict a title. */
START_TEST(test_title_mismatch_needs_weight)
{
	int thin[] = { 0, 1, 4 };	/* text ops 3.5, title pm */
	int edge[] = { 0, 1, 6, 5 };	/* text ops 4.5, title ops */
	struct thresholds th;
	struct verdict v;

	verdict_of(thin, 3, &v);
	ck_assert_int_eq(v.cls, CLASS_OPS);
	ck_assert_int_eq(v.title_lean, SIDE_PM);
	ck_assert_uint_eq(v.flags, 0);
	ck_assert_uint_eq(v.why, WHY_THIN_MISMATCH);
	thresholds_default(&th);
	th.mismatch_min = 3.5;		/* the bound itself flags */
	verdict_th(thin, 3, &th, &v);
	ck_assert_uint_eq(v.flags, FLAG_TITLE_MISMATCH);
	th.mismatch_min = 3.6;
	verdict_th(thin, 3, &th, &v);
	ck_assert_uint_eq(v.flags, 0);
	/* the threshold never flags a title that agrees */
	th.mismatch_min = 0;
	verdict_th(edge, 4, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_OPS);
	ck_assert_uint_eq(v.flags, 0);
}
END_TEST

/* Mixed runs both roles: the weaker side needs a duty (scope, nature
 * or cycle), not only the other role's skills or measures. */
START_TEST(test_mixed_needs_a_duty_on_the_weaker_side)
{
	int skills[] = { 0, 1, 7 };	/* ops 3.5 (scope), pm 2 (skills) */
	int tie_one[] = { 0, 7 };	/* 2:2, duties on the ops side only */
	int tie_both[] = { 0, 2 };	/* 2:2, duties on both sides */
	struct thresholds th;
	struct verdict v;

	verdict_of(skills, 3, &v);
	ck_assert_int_eq(v.cls, CLASS_OPS);
	ck_assert_uint_eq(v.conflicts, 0);
	ck_assert_uint_eq(v.why, WHY_NO_DUTY);	/* explain says so */
	ck_assert_uint_eq(v.flags, 0);
	ck_assert_int_eq(scores_weak_side(&v.sc), SIDE_PM);
	verdict_of(tie_one, 2, &v);
	ck_assert_int_eq(v.cls, CLASS_UNCLASSIFIED);
	ck_assert_uint_eq(v.why, WHY_NO_DUTY);
	/* in a tie the weaker side is the one with fewer duties */
	ck_assert_int_eq(scores_weak_side(&v.sc), SIDE_PM);
	verdict_of(tie_both, 2, &v);
	ck_assert_int_eq(v.cls, CLASS_MIXED);
	ck_assert_uint_eq(v.why, 0);
	ck_assert_uint_eq(v.conflicts, 1u << DIM_SCOPE);
	/* --mixed-duty 0: the skills alone make it mixed, as before */
	thresholds_default(&th);
	th.mixed_duty = 0;
	verdict_th(skills, 3, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_MIXED);
	verdict_th(tie_one, 2, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_MIXED);
	/* a higher bound than the weaker side's duties: not mixed */
	th.mixed_duty = 2.5;
	verdict_th(tie_both, 2, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_UNCLASSIFIED);
}
END_TEST

START_TEST(test_thresholds_change_the_verdict)
{
	struct hit hits[] = { { .rule = &R[0] }, { .rule = &R[3] } };
	struct scores sc;
	struct thresholds th;
	struct verdict v;

	score_hits(&sc, hits, 2);	/* ops 2, pm 1 */
	thresholds_default(&th);
	classify(&sc, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_OPS);
	th.mixed_min = 1;
	classify(&sc, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_MIXED);
	th.min_evidence = 5;
	classify(&sc, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_UNCLASSIFIED);
}
END_TEST

START_TEST(test_default_thresholds)
{
	struct thresholds th;
	struct scores sc;
	struct verdict v;

	thresholds_default(&th);
	ck_assert_double_eq(th.min_evidence, 2);
	ck_assert_double_eq(th.mixed_min, 2);
	ck_assert_double_eq_tol(th.mixed_ratio, 0.4, 1e-12);
	ck_assert_double_eq(th.mixed_duty, 1);
	ck_assert_double_eq(th.mismatch_min, 4);
	/* ops 5, pm 2: the weaker side is exactly 0.4 of the stronger */
	memset(&sc, 0, sizeof(sc));
	sc.dim[DIM_SCOPE][SIDE_OPS] = sc.side[SIDE_OPS] = 5;
	sc.dim[DIM_CYCLE][SIDE_PM] = sc.side[SIDE_PM] = 2;
	classify(&sc, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_MIXED);
	ck_assert_uint_eq(v.conflicts, 0);
	/* ops 6, pm 2: a third, not enough for mixed */
	sc.dim[DIM_SCOPE][SIDE_OPS] = sc.side[SIDE_OPS] = 6;
	classify(&sc, &th, &v);
	ck_assert_int_eq(v.cls, CLASS_OPS);
}
END_TEST

Suite *
classify_suite(void)
{
	Suite *s = suite_create("classify");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_scores_sum_per_dimension_and_side);
	tcase_add_test(tc, test_no_evidence_is_unclassified);
	tcase_add_test(tc, test_thin_evidence_is_unclassified);
	tcase_add_test(tc, test_one_side_wins);
	tcase_add_test(tc, test_mixed_names_conflicting_dimensions);
	tcase_add_test(tc, test_weak_other_side_is_not_mixed);
	tcase_add_test(tc, test_title_mismatch);
	tcase_add_test(tc, test_title_mismatch_needs_weight);
	tcase_add_test(tc, test_mixed_needs_a_duty_on_the_weaker_side);
	tcase_add_test(tc, test_thresholds_change_the_verdict);
	tcase_add_test(tc, test_default_thresholds);
	suite_add_tcase(s, tc);
	return s;
}
