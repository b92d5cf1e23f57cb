/*
 * check_prefilter.c — the literal prefilter: the kind each pattern is
 * read as, the first match of plain literal alternations, texts long
 * enough to be scanned in two halves, the windows where a pattern may
 * start (a top-level alternation's branch by branch, unless patterns'
 * too), (?i) k and s against U+212A and U+017F, and the widths
 * prefilter_maxw() gives.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "rules.h"
#include "suites.h"
#include "testutil.h"

static char		 tmpdir[256];
static struct ruleset	*rs;
static struct prefilter	*pf;
static struct pf_scan	*sc;
static struct pf_anch	*an;
static size_t		*start, *mlen;

static void
setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/check_prefilter.XXXXXX",
	    t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	rs = NULL;
	pf = NULL;
	sc = NULL;
	an = NULL;
	start = mlen = NULL;
}

static void
teardown(void)
{
	free(start);
	free(mlen);
	pf_anch_free(an);
	pf_scan_free(sc);
	prefilter_free(pf);
	ruleset_free(rs);
	tu_rmdir(tmpdir);
}

/*
 * Builds the set from TEXT, written as a rules file, then its
 * prefilter, scratch, windows and the START and MLEN arrays.
 */
static void
build(const char *text)
{
	char path[512];
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/p.rules", tmpdir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	rs = ruleset_new();
	ck_assert_int_eq(ruleset_load(rs, path), 0);
	pf = prefilter_new(rs);
	sc = pf_scan_new(pf);
	an = pf_anch_new(pf);
	n = prefilter_npats(pf);
	start = calloc(n ? n : 1, sizeof(*start));
	mlen = calloc(n ? n : 1, sizeof(*mlen));
	ck_assert_ptr_nonnull(start);
	ck_assert_ptr_nonnull(mlen);
}

#define RULE(id, dim, side) \
	"[rule]\nid = " id "\ndimension = " dim "\nside = " side \
	"\nweight = 1\n"

/* The number of pattern J of rule I. */
static size_t
pid(size_t i, size_t j)
{
	ck_assert_uint_lt(i, rs->nrules);
	return prefilter_pat(pf, rs->rules[i], j);
}

static void
run(const char *text, size_t len)
{
	/* Stale values must not survive a run. */
	memset(start, 0xA5, prefilter_npats(pf) * sizeof(*start));
	pf_run(sc, text, len, start, mlen, an);
}

/*
 * What PCRE2 would match first for the alternation ALT[0..NALT) of
 * plain strings: the leftmost occurrence of any of them, the earlier
 * alternative when two occur at the same offset.  Returns 0 when none
 * occurs.
 */
static int
first_of(const char *t, size_t len, const char *const *alt, size_t nalt,
    size_t *at, size_t *n)
{
	int found = 0;

	for (size_t i = 0; i < nalt; i++) {
		size_t l = strlen(alt[i]);
		const char *p = memmem(t, len, alt[i], l);

		if (p != NULL && (!found || (size_t)(p - t) < *at)) {
			found = 1;
			*at = (size_t)(p - t);
			*n = l;
		}
	}
	return found;
}

/* Checks the windows of a FILTER pattern are sorted, disjoint and on
 * character boundaries; returns whether one holds AT. */
static int
windows_hold(const struct pf_win *w, size_t n, const char *t, size_t at)
{
	int in = 0;

	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_le(w[i].lo, w[i].hi);
		if (i > 0)
			ck_assert_uint_gt(w[i].lo, w[i - 1].hi);
		ck_assert_int_ne((unsigned char)t[w[i].lo] & 0xC0, 0x80);
		ck_assert_int_ne((unsigned char)t[w[i].hi] & 0xC0, 0x80);
		if (w[i].lo <= at && at <= w[i].hi)
			in = 1;
	}
	return in;
}

#define MANAGE	"(?i)\\bmanage\\s+(?:the\\s+)?operations\\b"

START_TEST(test_kinds_and_numbering)
{
	size_t nlits, nstates, nalways, nexact, n;

	build(RULE("r-exact", "metrics", "ops") "pattern = 运营数据|KPI\n"
	    RULE("r-always", "scope", "ops") "pattern = \\w+\n"
	    RULE("r-filter", "scope", "ops") "pattern = " MANAGE "\n"
	    RULE("r-unless", "scope", "ops")
	    "pattern = 留存\npattern = 活跃度\nunless = 留存率\n");
	ck_assert_uint_eq(prefilter_kind(pf, pid(0, 0)), PF_EXACT);
	ck_assert_uint_eq(prefilter_kind(pf, pid(1, 0)), PF_ALWAYS);
	ck_assert_uint_eq(prefilter_kind(pf, pid(2, 0)), PF_FILTER);
	/* A rule with an unless pattern has no EXACT pattern, and an
	 * unless pattern is never EXACT. */
	ck_assert_uint_eq(prefilter_kind(pf, pid(3, 0)), PF_FILTER);
	ck_assert_uint_eq(prefilter_kind(pf, pid(3, 1)), PF_FILTER);
	ck_assert_uint_eq(prefilter_kind(pf,
	    prefilter_unless(pf, rs->rules[3], 0)), PF_FILTER);

	/* Rule patterns first, in rule order, then the unless patterns. */
	ck_assert_uint_eq(prefilter_npats(pf), 6);
	ck_assert_uint_eq(pid(0, 0), 0);
	ck_assert_uint_eq(pid(1, 0), 1);
	ck_assert_uint_eq(pid(2, 0), 2);
	ck_assert_uint_eq(pid(3, 0), 3);
	ck_assert_uint_eq(pid(3, 1), 4);
	ck_assert_uint_eq(prefilter_unless(pf, rs->rules[3], 0), 5);

	prefilter_stats(pf, &nlits, &nstates, &nalways, &nexact);
	ck_assert_uint_eq(nalways, 1);
	ck_assert_uint_eq(nexact, 1);
	ck_assert_uint_ge(nlits, 5);
	ck_assert_uint_gt(nstates, 1);
	prefilter_stats(pf, NULL, NULL, NULL, NULL);

	/* An unless pattern gives where it may start, or that it
	 * cannot match. */
	run("提升留存率", strlen("提升留存率"));
	ck_assert_uint_le(start[5], strlen("提升"));
	ck_assert_uint_le(start[3], strlen("提升"));
	ck_assert_uint_eq(start[4], PF_NONE);
	run("提升留存", strlen("提升留存"));
	ck_assert_uint_eq(start[5], PF_NONE);
	ck_assert_ptr_null(pf_anch_get(an, 5, &n));
}
END_TEST

START_TEST(test_exact_first_match)
{
	static const char *const alt[] = { "运营数据", "KPI" };
	static const char *const shrt[] = { "运营", "运营数据" };
	static const char *const lng[] = { "运营数据", "运营" };
	static const char *const texts[] = {
		"",
		"负责门店的日常运营",
		"提升KPI与运营数据",
		"分析运营数据并拆解KPI",
		"KPI",
		"kpi 与 Kpi 都不是",
		"运营数运营数据KPIKPI",
		"运营运营数据",
		"日常运营数据",
	};
	size_t at, n;

	build(RULE("r-exact", "metrics", "ops") "pattern = 运营数据|KPI\n"
	    RULE("r-always", "scope", "ops") "pattern = \\w+\n"
	    RULE("r-short", "scope", "ops") "pattern = 运营|运营数据\n"
	    RULE("r-long", "scope", "ops") "pattern = 运营数据|运营\n");
	ck_assert_uint_eq(prefilter_kind(pf, pid(2, 0)), PF_EXACT);
	ck_assert_uint_eq(prefilter_kind(pf, pid(3, 0)), PF_EXACT);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *t = texts[i];
		size_t len = strlen(t);

		run(t, len);
		/* PF_ALWAYS runs from 0 whatever the text. */
		ck_assert_msg(start[pid(1, 0)] == 0, "%s", t);
		if (first_of(t, len, alt, 2, &at, &n)) {
			ck_assert_msg(start[pid(0, 0)] == at &&
			    mlen[pid(0, 0)] == n, "%s: %zu+%zu, want %zu+%zu",
			    t, start[pid(0, 0)], mlen[pid(0, 0)], at, n);
		} else
			ck_assert_msg(start[pid(0, 0)] == PF_NONE, "%s", t);
		if (first_of(t, len, shrt, 2, &at, &n)) {
			ck_assert_msg(start[pid(2, 0)] == at &&
			    mlen[pid(2, 0)] == n, "%s: %zu+%zu, want %zu+%zu",
			    t, start[pid(2, 0)], mlen[pid(2, 0)], at, n);
		} else
			ck_assert_msg(start[pid(2, 0)] == PF_NONE, "%s", t);
		if (first_of(t, len, lng, 2, &at, &n)) {
			ck_assert_msg(start[pid(3, 0)] == at &&
			    mlen[pid(3, 0)] == n, "%s: %zu+%zu, want %zu+%zu",
			    t, start[pid(3, 0)], mlen[pid(3, 0)], at, n);
		} else
			ck_assert_msg(start[pid(3, 0)] == PF_NONE, "%s", t);
	}

	/* The same offset: the earlier alternative wins. */
	run("日常运营数据", strlen("日常运营数据"));
	ck_assert_uint_eq(start[pid(2, 0)], strlen("日常"));
	ck_assert_uint_eq(mlen[pid(2, 0)], strlen("运营"));
	ck_assert_uint_eq(start[pid(3, 0)], strlen("日常"));
	ck_assert_uint_eq(mlen[pid(3, 0)], strlen("运营数据"));
	/* Without (?i) the literal is matched byte for byte. */
	run("kpi", 3);
	ck_assert_uint_eq(start[pid(0, 0)], PF_NONE);
}
END_TEST

/*
 * Fills DST with LEN bytes of FILL (a whole number of its characters,
 * then spaces for the bytes that are left), so that the text stays
 * valid UTF-8 wherever a literal is put.
 */
static void
fill(char *dst, size_t len, const char *fillc)
{
	size_t fl = strlen(fillc), i = 0;

	for (; i + fl <= len; i += fl)
		memcpy(dst + i, fillc, fl);
	for (; i < len; i++)
		dst[i] = ' ';
}

/*
 * Writes into T a text of LEN bytes of FILLC with LIT at AT and, when
 * OTHER is not NULL, OTHER near the end.
 */
static void
compose(char *t, size_t len, const char *fillc, size_t at, const char *lit,
    const char *other)
{
	size_t ll = strlen(lit), ol = other ? strlen(other) : 0;

	fill(t, at, fillc);
	memcpy(t + at, lit, ll);
	if (other != NULL) {
		fill(t + at + ll, len - at - ll - ol - 2, fillc);
		memcpy(t + len - ol - 2, other, ol);
		memcpy(t + len - 2, "  ", 2);
	} else
		fill(t + at + ll, len - at - ll, fillc);
	t[len] = '\0';
}

/*
 * Texts of LEN bytes of FILLC holding LIT, an alternative of pattern P.
 * A text of 256 bytes or more is scanned in two halves cut at LEN/2:
 * LIT is placed at every offset from before the cut to past it, so that
 * it lies in the first half, straddles the cut or lies in the second.
 * OTHER, the other alternative, later in the text must not move the
 * first match.
 */
static void
halves(const char *fillc, size_t len, const char *lit, size_t p,
    const char *other)
{
	char *t = malloc(len + 1);
	size_t ll = strlen(lit), mid = len / 2;

	ck_assert_ptr_nonnull(t);
	for (size_t at = mid - ll - 8; at <= mid + 8; at++) {
		compose(t, len, fillc, at, lit, NULL);
		run(t, len);
		ck_assert_msg(start[p] == at && mlen[p] == ll,
		    "%s at %zu of %zu: %zu+%zu", lit, at, len, start[p],
		    mlen[p]);
		compose(t, len, fillc, at, lit, other);
		run(t, len);
		ck_assert_msg(start[p] == at && mlen[p] == ll,
		    "%s at %zu of %zu, %s after: %zu+%zu", lit, at, len,
		    other, start[p], mlen[p]);
	}
	/* Only in the second half, near the end. */
	compose(t, len, fillc, len - ll - 1, lit, NULL);
	run(t, len);
	ck_assert_uint_eq(start[p], len - ll - 1);
	ck_assert_uint_eq(mlen[p], ll);
	/* At the very start, and not at all. */
	compose(t, len, fillc, 0, lit, other);
	run(t, len);
	ck_assert_uint_eq(start[p], 0);
	ck_assert_uint_eq(mlen[p], ll);
	fill(t, len, fillc);
	run(t, len);
	ck_assert_uint_eq(start[p], PF_NONE);
	free(t);
}

START_TEST(test_long_text_two_halves)
{
	size_t p;

	build(RULE("r-exact", "metrics", "ops") "pattern = 运营数据|KPI\n"
	    RULE("r-long", "metrics", "ops")
	    "pattern = 一个相当长的字面量用来拉长重叠区域\n");
	p = pid(0, 0);
	ck_assert_uint_eq(prefilter_kind(pf, p), PF_EXACT);
	/* Sizes on either side of 256 and an odd one. */
	halves("abc ", 1000, "KPI", p, "运营数据");
	halves("abc ", 1001, "运营数据", p, "KPI");
	halves("的", 999, "KPI", p, "运营数据");
	halves("的", 1000, "运营数据", p, "KPI");
	halves("的", 1001, "KPI", p, "运营数据");
	halves("x", 256, "运营数据", p, "KPI");
	halves("x", 255, "KPI", p, "运营数据");
}
END_TEST

START_TEST(test_windows)
{
	const struct pf_win *w;
	size_t p, n, at;
	const char *t;
	char *buf;

	build(RULE("r-filter", "scope", "ops") "pattern = " MANAGE "\n"
	    RULE("r-exact", "metrics", "ops") "pattern = KPI\n"
	    RULE("r-always", "metrics", "ops") "pattern = \\d+\n");
	p = pid(0, 0);
	ck_assert_uint_eq(prefilter_kind(pf, p), PF_FILTER);

	/* A match: it starts inside a window. */
	t = "we manage the operations";
	run(t, strlen(t));
	ck_assert_uint_le(start[p], 3);
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert_uint_ge(n, 1);
	ck_assert(windows_hold(w, n, t, 3));

	t = "We MANAGE\tOperations.";
	run(t, strlen(t));
	ck_assert_uint_le(start[p], 3);
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(windows_hold(w, n, t, 3));

	/* Both words, but a full stop between them: no match can begin
	 * anywhere.  NULL would mean "search from the start offset to
	 * the end"; the pattern must be skipped, by PF_NONE or by no
	 * window at all. */
	t = "we manage. Operations run";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_msg(start[p] == PF_NONE || (w != NULL && n == 0),
	    "start %zu, windows %p", start[p], (const void *)w);
	/* Neither word, or only one of them: PF_NONE. */
	t = "负责门店的日常运营";
	run(t, strlen(t));
	ck_assert_uint_eq(start[p], PF_NONE);
	t = "we manage people";
	run(t, strlen(t));
	ck_assert_uint_eq(start[p], PF_NONE);

	/* Two matches far apart in a long text, with stops between. */
	buf = calloc(1, 2048);
	ck_assert_ptr_nonnull(buf);
	strcpy(buf, "manage operations. ");
	for (size_t i = 0; i < 60; i++)
		strcat(buf, "负责门店。manage. ");
	at = strlen(buf);
	strcat(buf, "manage   the operations, ok");
	run(buf, strlen(buf));
	ck_assert_uint_eq(start[p], 0);
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(windows_hold(w, n, buf, 0));
	ck_assert(windows_hold(w, n, buf, at));
	for (size_t i = 0; i < n; i++)
		ck_assert_uint_le(w[i].hi, strlen(buf));
	free(buf);

	/* The windows are only for FILTER patterns, and only with AN. */
	t = "KPI 12";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(1, 0)], 0);
	ck_assert_uint_eq(mlen[pid(1, 0)], 3);
	ck_assert_uint_eq(start[pid(2, 0)], 0);
	ck_assert_ptr_null(pf_anch_get(an, pid(1, 0), &n));
	ck_assert_ptr_null(pf_anch_get(an, pid(2, 0), &n));
	ck_assert_ptr_null(pf_anch_get(NULL, p, &n));
	t = "we manage the operations";
	pf_run(sc, t, strlen(t), start, mlen, NULL);
	ck_assert_uint_le(start[p], 3);
}
END_TEST

/*
 * The automaton walks a literal's first bytes only and compares the
 * rest where it finds them: a head alone is no place of the literal,
 * nor is a literal cut by the end of the text.
 */
START_TEST(test_literal_tails)
{
	const char *t;

	build(RULE("r-exact", "scope", "ops")
	    "pattern = Stakeholder management|项目管理办公室\n"
	    RULE("r-filter", "scope", "ops")
	    "pattern = (?i)\\bstakeholders\\b\n");
	ck_assert_uint_eq(prefilter_kind(pf, pid(0, 0)), PF_EXACT);
	ck_assert_uint_eq(prefilter_kind(pf, pid(1, 0)), PF_FILTER);

	t = "Stakeholder manager, STAKEHOLDING, 项目管理办法";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], PF_NONE);
	ck_assert_uint_eq(start[pid(1, 0)], PF_NONE);
	t = "Stakeholder managemen";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], PF_NONE);
	t = "Stakeholder manager and Stakeholder management";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], 24);
	ck_assert_uint_eq(mlen[pid(0, 0)], 22);
	t = "负责项目管理办公室";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], 6);
	t = "key STAKEHOLDERS";
	run(t, strlen(t));
	ck_assert_uint_le(start[pid(1, 0)], 4);
	t = "stakeholder managemenT";	/* case-sensitive tail */
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], PF_NONE);
}
END_TEST

/*
 * A short literal that only gates ("on" here) is not sought by the
 * automaton but near each window: a window is kept only when one lies
 * within the pattern's width, in the same run of span bytes, in either
 * case.
 */
START_TEST(test_lazy_gate)
{
	const struct pf_win *w;
	size_t p, n;
	const char *t;
	char buf[512];

	build(RULE("r-gate", "scope", "ops")
	    "pattern = (?i)\\bprocurement[^.]{0,40}\\bon\\b\n");
	p = pid(0, 0);
	ck_assert_uint_eq(prefilter_kind(pf, p), PF_FILTER);

	t = "we run procurement handled on time";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(windows_hold(w, n, t, 7));
	t = "we run PROCUREMENT, all ON time";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(windows_hold(w, n, t, 7));

	/* No "on" at all, one past a full stop, one too far. */
	t = "we run procurement handled quickly";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_msg(start[p] == PF_NONE || (w != NULL && n == 0),
	    "no gate: %zu windows", n);
	t = "we run procurement handled. on time";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_msg(start[p] == PF_NONE || (w != NULL && n == 0),
	    "gate past a stop: %zu windows", n);
	/* (40 characters of [^.] may take 160 bytes) */
	snprintf(buf, sizeof(buf), "procurement%200s on time", "x");
	run(buf, strlen(buf));
	w = pf_anch_get(an, p, &n);
	ck_assert_msg(start[p] == PF_NONE || (w != NULL && n == 0),
	    "gate too far: %zu windows", n);

	/* Two windows: the first has no gate near it, the second has. */
	snprintf(buf, sizeof(buf), "procurement%200s procurement is on", "x");
	run(buf, strlen(buf));
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(!windows_hold(w, n, buf, 0));
	ck_assert(windows_hold(w, n, buf, 212));
}
END_TEST

/*
 * A top-level alternation is read branch by branch: each branch's first
 * literal needs that branch's own second literal, and the windows are
 * the branches' together.  Unless patterns get windows too.
 */
START_TEST(test_branches)
{
	const struct pf_win *w, *uw;
	struct pf_win *ubuf = NULL;
	size_t p, u, n, un, ucap = 0;
	const char *t;

	build(RULE("r-alt", "skills", "pm")
	    "pattern = (?i)\\bteam\\s+leadership\\b|\\bmotivat\\w+\\s+teams?\\b\n"
	    "unless = (?i)\\bsports\\s+teams?\\b\n");
	p = pid(0, 0);
	u = prefilter_unless(pf, rs->rules[0], 0);
	ck_assert_uint_eq(prefilter_kind(pf, p), PF_FILTER);
	ck_assert_uint_eq(prefilter_kind(pf, u), PF_FILTER);

	/* "team" alone: the first branch needs "leadership", the second
	 * "motivat" (merged, the second branch's "team" let it pass). */
	t = "join the team and the team room";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_msg(start[p] == PF_NONE || (w != NULL && n == 0),
	    "start %zu, windows %zu", start[p], w ? n : (size_t)-1);

	/* Each branch finds its own match; both are in the windows. */
	t = "strong team leadership; we motivate teams daily";
	run(t, strlen(t));
	ck_assert_uint_le(start[p], 7);
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(windows_hold(w, n, t, 7));
	ck_assert(windows_hold(w, n, t, 27));

	/* The unless pattern's windows, kept apart from the rule
	 * pattern's: asking for them leaves W as it was. */
	t = "motivate sports teams and team leadership";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(windows_hold(w, n, t, 0));
	ck_assert(windows_hold(w, n, t, 26));
	uw = pf_anch_get_into(an, u, &un, &ubuf, &ucap);
	ck_assert_ptr_nonnull(uw);
	ck_assert(windows_hold(uw, un, t, 9));
	ck_assert(!windows_hold(uw, un, t, 26));
	ck_assert(windows_hold(w, n, t, 0));
	ck_assert(windows_hold(w, n, t, 26));
	free(ubuf);
}
END_TEST

/*
 * A literal right after \b gets no window where a word character
 * precedes it ("plan" in "explanation"), and a window starts after the
 * last byte no match can hold (the span of these patterns has only
 * their own letters and white space: not ',' nor 's').
 */
START_TEST(test_word_boundary_and_span)
{
	const struct pf_win *w;
	size_t p, q, n;
	const char *t;

	build(RULE("r-plan", "scope", "pm") "pattern = (?i)\\bplan\\w*\n"
	    RULE("r-it", "scope", "ops")
	    "pattern = (?i)\\b(?:it|hr)\\s+(?:and\\s+)?finance\\b\n");
	p = pid(0, 0);
	q = pid(1, 0);
	ck_assert_uint_eq(prefilter_kind(pf, p), PF_FILTER);
	ck_assert_uint_eq(prefilter_kind(pf, q), PF_FILTER);

	/* "plan" only inside a word: no window. */
	t = "an explanation";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_msg(start[p] == PF_NONE || (w != NULL && n == 0),
	    "start %zu, %zu windows", start[p], w ? n : 0);
	/* A word of its own: the window holds the match start. */
	t = "an explanation of the plans";
	run(t, strlen(t));
	w = pf_anch_get(an, p, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert_uint_eq(n, 1);
	ck_assert(windows_hold(w, n, t, 22));

	/* 's' is no byte of the second pattern: "it" in "fitness" is not
	 * in the run of "finance". */
	t = "fitness finance";
	run(t, strlen(t));
	w = pf_anch_get(an, q, &n);
	ck_assert_msg(start[q] == PF_NONE || (w != NULL && n == 0),
	    "start %zu, %zu windows", start[q], w ? n : 0);
	t = "with IT and finance";
	run(t, strlen(t));
	w = pf_anch_get(an, q, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(windows_hold(w, n, t, 5));
	/* Clipped: no window reaches back over the comma. */
	t = "finance, it and finance";
	run(t, strlen(t));
	w = pf_anch_get(an, q, &n);
	ck_assert_ptr_nonnull(w);
	ck_assert(windows_hold(w, n, t, 9));
	for (size_t i = 0; i < n; i++)
		ck_assert_uint_ge(w[i].lo, 8);
}
END_TEST

START_TEST(test_kelvin_and_long_s)
{
	const struct pf_win *w;
	size_t n;
	const char *t;

	build(RULE("r-kpi", "metrics", "ops") "pattern = (?i)kpi\n"
	    RULE("r-sla", "metrics", "ops") "pattern = (?i)\\bsla\\b\n"
	    RULE("r-pm", "metrics", "pm") "pattern = (?i)pmo\n"
	    RULE("r-cs", "metrics", "ops") "pattern = KPI\n");
	ck_assert_uint_eq(prefilter_kind(pf, pid(0, 0)), PF_FILTER);

	t = "\xE2\x84\xAApi";	/* KELVIN SIGN, p, i */
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], 0);
	/* Patterns without caseless k or s are not concerned. */
	ck_assert_uint_eq(start[pid(2, 0)], PF_NONE);
	ck_assert_uint_eq(start[pid(3, 0)], PF_NONE);

	/* After other text too, from 0. */
	t = "提升\xE2\x84\xAApi";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], 0);

	/* A plain kpi later must not narrow the search to its windows:
	 * the match at 0 would be lost. */
	t = "\xE2\x84\xAApi, then KPI";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], 0);
	w = pf_anch_get(an, pid(0, 0), &n);
	ck_assert_msg(w == NULL || windows_hold(w, n, t, 0),
	    "%zu windows miss offset 0", n);
	ck_assert_uint_eq(start[pid(3, 0)], strlen("\xE2\x84\xAApi, then "));

	/* LATIN SMALL LETTER LONG S. */
	t = "our \xC5\xBFla";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(1, 0)], 0);
	ck_assert_uint_eq(start[pid(0, 0)], 0);

	/* Without either character: the usual literals. */
	t = "the SLA and kPi";
	run(t, strlen(t));
	ck_assert_uint_le(start[pid(1, 0)], 4);
	ck_assert_uint_le(start[pid(0, 0)], strlen("the SLA and "));
	ck_assert_uint_eq(start[pid(3, 0)], PF_NONE);
	t = "nothing here";
	run(t, strlen(t));
	ck_assert_uint_eq(start[pid(0, 0)], PF_NONE);
	ck_assert_uint_eq(start[pid(1, 0)], PF_NONE);
}
END_TEST

START_TEST(test_maxw)
{
	/* Every byte counted is allowed three: caseless k and s also
	 * match 3-byte U+212A and 2-byte U+017F. */
	ck_assert_uint_eq(prefilter_maxw("abc"), 9);
	ck_assert_uint_eq(prefilter_maxw("(?i)kpi"), 9);
	ck_assert_uint_eq(prefilter_maxw("\\bKPI\\b"), 9);
	ck_assert_uint_eq(prefilter_maxw("ab|cde"), 9);
	ck_assert_uint_eq(prefilter_maxw("a?b"), 6);
	ck_assert_uint_eq(prefilter_maxw("a{2,4}"), 12);
	ck_assert_uint_eq(prefilter_maxw("运营"), 18);
	/* A lookaround counts zero. */
	ck_assert_uint_eq(prefilter_maxw("(?=xyz)ab"), 6);
	ck_assert_uint_eq(prefilter_maxw("^$"), 0);
	/* Unbounded, or not understood. */
	ck_assert_uint_eq(prefilter_maxw("a+"), (size_t)-1);
	ck_assert_uint_eq(prefilter_maxw("ab*c"), (size_t)-1);
	ck_assert_uint_eq(prefilter_maxw("a{2,}"), (size_t)-1);
	ck_assert_uint_eq(prefilter_maxw(MANAGE), (size_t)-1);
	/* An unclosed group, also after literals and inside another
	 * (make check under valgrind sees what is left allocated). */
	ck_assert_uint_eq(prefilter_maxw("(ab"), (size_t)-1);
	ck_assert_uint_eq(prefilter_maxw("运营(数据|指标"), (size_t)-1);
	ck_assert_uint_eq(prefilter_maxw("((?:ab)cd"), (size_t)-1);
	ck_assert_uint_eq(prefilter_maxw("ab)"), (size_t)-1);
	ck_assert_uint_eq(prefilter_maxw("\\x{212A}"), (size_t)-1);
}
END_TEST

START_TEST(test_empty_ruleset)
{
	size_t n = 7;

	rs = ruleset_new();
	pf = prefilter_new(rs);
	sc = pf_scan_new(pf);
	an = pf_anch_new(pf);
	ck_assert_uint_eq(prefilter_npats(pf), 0);
	pf_run(sc, "text", 4, NULL, NULL, an);
	pf_run(sc, "", 0, NULL, NULL, NULL);
	prefilter_stats(pf, &n, NULL, NULL, NULL);
	ck_assert_uint_eq(n, 0);
	prefilter_free(NULL);
	pf_scan_free(NULL);
	pf_anch_free(NULL);
}
END_TEST

Suite *
prefilter_suite(void)
{
	Suite *s = suite_create("prefilter");
	TCase *tc = tcase_create("run");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_kinds_and_numbering);
	tcase_add_test(tc, test_exact_first_match);
	tcase_add_test(tc, test_long_text_two_halves);
	tcase_add_test(tc, test_windows);
	tcase_add_test(tc, test_lazy_gate);
	tcase_add_test(tc, test_literal_tails);
	tcase_add_test(tc, test_branches);
	tcase_add_test(tc, test_word_boundary_and_span);
	tcase_add_test(tc, test_kelvin_and_long_s);
	tcase_add_test(tc, test_maxw);
	tcase_add_test(tc, test_empty_ruleset);
	suite_add_tcase(s, tc);
	return s;
}
