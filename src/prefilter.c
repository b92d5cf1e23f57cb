/*
 * prefilter.c — the matcher's literal prefilter (see prefilter.h): reads
 * each rule pattern's source for required literals, builds one
 * Aho–Corasick automaton over all of them, and per text tells the
 * matcher (matcher.c) which patterns need PCRE2 and from where.
 *
 * Exactness rests on these promises, each kept conservatively:
 *  - every match of a FILTER pattern contains one of its literals, at
 *    most DIST bytes after the match's start (DIST unbounded → start 0),
 *    and, when it has a second set, one of those too;
 *  - every byte of a match is in the pattern's span, the set of bytes
 *    read from its source as ones a match may hold (every byte from 0x80
 *    up for \w, \s and the like, which (*UCP) widens), so a match lies
 *    in one run of span bytes;
 *  - a literal read right after \b (or, for a run, right before one)
 *    begins (ends) on a word boundary in every match, and between two
 *    ASCII word characters there is none, with or without (*UCP);
 *  - an EXACT pattern is an ordered list of strings, and at any offset
 *    PCRE2 would match the first string of that list that occurs there
 *    (backtracking tries alternatives, and greedy ? before empty, in
 *    exactly that order); atomic groups and possessive quantifiers
 *    break that, so they are never EXACT;
 *  - a pattern with top-level branches (A|B|C) is read branch by branch,
 *    each branch keeping these promises for the matches that go through
 *    it (a match starts where one of its branches matches), so its
 *    windows are the union of its branches';
 *  - anything the reader does not understand makes the pattern ALWAYS.
 * Case: the automaton runs over ASCII-lowercased text; literals read
 * without (?i) are confirmed byte for byte.  In UTF mode with (?i), k
 * and s also match U+212A and U+017F: a text holding either runs the
 * patterns whose caseless literals contain k or s from offset 0.
 * Non-ASCII characters are literals under (?i) only in the CJK ranges,
 * which have no case.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "xalloc.h"

#define INF		((size_t)-1)
#define MAXLIST		256	/* strings in an exact list or literal set */
#define EXACT_MAX	16	/* strings in an exact pattern's list */
#define LIT_KEEP	15	/* bytes of a filter literal the automaton seeks:
				   five CJK characters (shorter heads cost PCRE2
				   calls on job texts) */
#define TRIE_KEEP	9	/* bytes of a literal the automaton walks (cut on
				   a character boundary); the rest is compared
				   where its head is found */
#define LAZY_MAX	3	/* a gate-only literal this short is looked for
				   near windows, not by the automaton */
#define OE_PRE		1	/* struct lit's PRE, VERIFY, KELVIN, PLACE */
#define OE_VERIFY	2
#define OE_KELVIN	4
#define OE_PLACE	8
#define OE_TAIL		16	/* the automaton found the literal's head */

/* ------------------------------------------------------------------ */
/* What a piece of pattern guarantees.                                  */

struct str {
	char		*s;
	size_t		 len;
	unsigned char	 cs;	/* every byte was read case-sensitively */
	unsigned char	 ks;	/* caseless k or s inside */
};

struct rlit {
	struct str	 str;
	size_t		 dist;	/* most bytes from the match start, or INF */
	unsigned char	 wb;	/* WB_BEFORE, WB_AFTER: a \b at its start,
				   at its end in every match */
};

#define WB_BEFORE	1
#define WB_AFTER	2

struct info {
	int		 exact;		/* EX is the ordered list of strings */
	struct str	*ex;
	size_t		 nex;
	int		 req;		/* one of RQ occurs in every match */
	struct rlit	*rq;
	size_t		 nrq;
	struct rlit	*pq;		/* a set every match starts with */
	size_t		 npq;
	struct rlit	*r2;		/* a second set every match holds,
					   apart from RQ where possible */
	size_t		 nr2;
	size_t		 maxw;		/* most bytes matched, or INF */
	int		 atomic;	/* (?>...) or possessive inside */
	int		 wb;		/* the atom is \b */
	unsigned char	 span[32];	/* bit per byte: bytes a match may
					   hold (a superset) */
};

static void
str_free(struct str *s)
{
	free(s->s);
}

static struct str
str_dup(const struct str *a)
{
	struct str r = *a;

	r.s = xmalloc(a->len + 1);
	memcpy(r.s, a->s, a->len);
	r.s[a->len] = '\0';
	return r;
}

static struct str
str_cat(const struct str *a, const struct str *b)
{
	struct str r;

	r.len = a->len + b->len;
	r.s = xmalloc(r.len + 1);
	memcpy(r.s, a->s, a->len);
	memcpy(r.s + a->len, b->s, b->len);
	r.s[r.len] = '\0';
	r.cs = a->cs && b->cs;
	r.ks = a->ks || b->ks;
	return r;
}

static void
info_clear(struct info *in)
{
	for (size_t i = 0; i < in->nex; i++)
		str_free(&in->ex[i]);
	for (size_t i = 0; i < in->nrq; i++)
		str_free(&in->rq[i].str);
	for (size_t i = 0; i < in->npq; i++)
		str_free(&in->pq[i].str);
	for (size_t i = 0; i < in->nr2; i++)
		str_free(&in->r2[i].str);
	free(in->ex);
	free(in->rq);
	free(in->pq);
	free(in->r2);
	memset(in, 0, sizeof(*in));
}

static void
span_add(unsigned char *span, unsigned char c)
{
	span[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static void
span_range(unsigned char *span, unsigned lo, unsigned hi)
{
	for (unsigned c = lo; c <= hi; c++)
		span_add(span, (unsigned char)c);
}

static void
span_union(unsigned char *to, const unsigned char *from)
{
	for (size_t i = 0; i < 32; i++)
		to[i] |= from[i];
}

/* Byte C, and under CASELESS the other case of a letter (and for k and
 * s the bytes of U+212A and U+017F, which match them). */
static void
span_char(unsigned char *span, unsigned char c, int caseless)
{
	span_add(span, c);
	if (!caseless)
		return;
	if (c >= 'a' && c <= 'z')
		span_add(span, (unsigned char)(c - 'a' + 'A'));
	else if (c >= 'A' && c <= 'Z')
		span_add(span, (unsigned char)(c - 'A' + 'a'));
	else
		return;
	if (c == 'k' || c == 'K' || c == 's' || c == 'S') {
		span_add(span, 0xE2);
		span_add(span, 0x84);
		span_add(span, 0xAA);
		span_add(span, 0xC5);
		span_add(span, 0xBF);
	}
}

/*
 * The bytes of the escape class E (d, w, s, h, v): their ASCII members,
 * and every byte of 0x80 and up, since under (*UCP) they take in other
 * scripts.  0 when E is none of them.
 */
static int
span_escape(unsigned char *span, char e)
{
	switch (e) {
	case 'd':
		span_range(span, '0', '9');
		break;
	case 'w':
		span_range(span, '0', '9');
		span_range(span, 'A', 'Z');
		span_range(span, 'a', 'z');
		span_add(span, '_');
		break;
	case 's':
		span_range(span, 9, 13);
		span_add(span, ' ');
		break;
	case 'h':
		span_add(span, 9);
		span_add(span, ' ');
		break;
	case 'v':
		span_range(span, 10, 13);
		break;
	default:
		return 0;
	}
	span_range(span, 0x80, 0xFF);
	return 1;
}

static void
info_any(struct info *in, size_t maxw)
{
	memset(in, 0, sizeof(*in));
	in->maxw = maxw;
	if (maxw > 0)
		memset(in->span, 0xFF, sizeof(in->span));
}

static void
info_lit(struct info *in, const char *s, size_t len, int cs, int ks)
{
	memset(in, 0, sizeof(*in));
	in->exact = in->req = 1;
	in->ex = xcalloc(1, sizeof(*in->ex));
	in->ex[0].s = xmalloc(len + 1);
	memcpy(in->ex[0].s, s, len);
	in->ex[0].s[len] = '\0';
	in->ex[0].len = len;
	in->ex[0].cs = (unsigned char)cs;
	in->ex[0].ks = (unsigned char)ks;
	in->nex = 1;
	in->rq = xcalloc(1, sizeof(*in->rq));
	in->rq[0].str = str_dup(&in->ex[0]);
	in->rq[0].dist = 0;
	in->nrq = 1;
	in->pq = xcalloc(1, sizeof(*in->pq));
	in->pq[0].str = str_dup(&in->ex[0]);
	in->npq = 1;
	in->maxw = len;
	for (size_t i = 0; i < len; i++)
		span_char(in->span, (unsigned char)s[i], !cs || ks);
}

static size_t
add_w(size_t a, size_t b)
{
	return a == INF || b == INF ? INF : a + b;
}

/* The cross product A×B in order (A major), or 0 when too big. */
static int
cross(const struct str *a, size_t na, const struct str *b, size_t nb,
    struct str **out, size_t *nout)
{
	if (na * nb > MAXLIST)
		return 0;
	*out = xcalloc(na * nb + 1, sizeof(**out));
	*nout = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			(*out)[(*nout)++] = str_cat(&a[i], &b[j]);
	return 1;
}

static void
strs_free(struct str *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		str_free(&v[i]);
	free(v);
}

/* How good a literal set is for filtering: higher is better. */
static int
better_off(const struct rlit *a, size_t na, size_t offa, const struct rlit *b,
    size_t nb)
{
	size_t mina = INF, minb = INF, da = 0, db = 0;

	if (nb == 0)
		return na > 0;
	if (na == 0)
		return 0;
	for (size_t i = 0; i < na; i++) {
		size_t d = add_w(a[i].dist, offa);

		if (a[i].str.len < mina)
			mina = a[i].str.len;
		if (d > da)
			da = d;
	}
	for (size_t i = 0; i < nb; i++) {
		if (b[i].str.len < minb)
			minb = b[i].str.len;
		if (b[i].dist > db)
			db = b[i].dist;
	}
	/* Four bytes or more (a CJK character and a bit, a short word)
	 * are selective enough; then a set at a bounded distance from the
	 * match start is better than one that is not: PCRE2 then searches
	 * small windows before each occurrence, not the text up to it.
	 * Up to three CJK characters or nine ASCII ones, longer is better:
	 * a two-character word (项目, 运营) occurs all over job texts and
	 * is shared by dozens of patterns, each occurrence a window for
	 * each of them.  Past that a smaller set is better: every literal
	 * adds states to the automaton, and a cross product of
	 * alternatives (运营数据的分析...) gives hundreds where one factor
	 * would do.  (Three characters rather than two: 2.6 times the
	 * states, but 30 % fewer windows and 23 % fewer PCRE2 calls on
	 * job texts; the automaton's scan hides most of its cache misses
	 * by running two halves side by side.) */
	if ((mina >= 3) != (minb >= 3))
		return mina >= 3;
	if ((da == INF) != (db == INF))
		return da != INF;
	if ((mina >= 4) != (minb >= 4))
		return mina >= 4;
	if (mina > 9)
		mina = 9;
	if (minb > 9)
		minb = 9;
	if (mina != minb)
		return mina > minb;
	if (na != nb)
		return na < nb;
	return da < db;
}

static int
better(const struct rlit *a, size_t na, const struct rlit *b, size_t nb)
{
	return better_off(a, na, 0, b, nb);
}

static int
set_usable(const struct rlit *v, size_t n)
{
	if (n == 0 || n > MAXLIST)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].str.len == 0)
			return 0;
	return 1;
}

/* Replaces *BEST with a copy of V shifted by OFF when V is better. */
static void
consider(struct rlit **best, size_t *nbest, const struct rlit *v, size_t n,
    size_t off)
{
	struct rlit *c;

	if (!set_usable(v, n) || !better_off(v, n, off, *best, *nbest))
		return;
	c = xcalloc(n, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		c[i].str = str_dup(&v[i].str);
		c[i].dist = add_w(v[i].dist, off);
		c[i].wb = v[i].wb;
	}
	if (better(c, n, *best, *nbest)) {
		for (size_t i = 0; i < *nbest; i++)
			str_free(&(*best)[i].str);
		free(*best);
		*best = c;
		*nbest = n;
	} else {
		for (size_t i = 0; i < n; i++)
			str_free(&c[i].str);
		free(c);
	}
}

/* A run of exact items, as a literal set at DIST. */
static void
consider_run(struct rlit **best, size_t *nbest, const struct str *ex,
    size_t nex, size_t dist, unsigned char wb)
{
	struct rlit *v;

	if (nex == 0 || nex > MAXLIST)
		return;
	v = xcalloc(nex, sizeof(*v));
	for (size_t i = 0; i < nex; i++) {
		v[i].str = ex[i];	/* borrowed for the call */
		v[i].dist = 0;
		v[i].wb = wb;
	}
	consider(best, nbest, v, nex, dist);
	free(v);
}

/* Every literal set seen while reading one concatenation: the second
 * set (info.r2) is picked among them once the first is known. */
struct cands {
	struct rlit	**v;
	size_t		 *n;
	size_t		  len, cap;
};

static void
cands_add(struct cands *c, const struct rlit *v, size_t n)
{
	if (!set_usable(v, n))
		return;
	if (c->len == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
		c->n = xreallocarray(c->n, c->cap, sizeof(*c->n));
	}
	c->v[c->len] = xcalloc(n, sizeof(**c->v));
	for (size_t i = 0; i < n; i++) {
		c->v[c->len][i].str = str_dup(&v[i].str);
		c->v[c->len][i].dist = 0;
	}
	c->n[c->len++] = n;
}

static void
cands_add_run(struct cands *c, const struct str *ex, size_t nex)
{
	struct rlit *v;

	if (nex == 0 || nex > MAXLIST)
		return;
	v = xcalloc(nex, sizeof(*v));
	for (size_t i = 0; i < nex; i++)
		v[i].str = ex[i];	/* borrowed for the call */
	cands_add(c, v, nex);
	free(v);
}

/* Does some literal of B occur inside some literal of A?  Then every
 * occurrence of that A literal holds B too, and B gates nothing. */
static int
set_inside(const struct rlit *b, size_t nb, const struct rlit *a, size_t na)
{
	for (size_t i = 0; i < nb; i++)
		for (size_t k = 0; k < na; k++)
			if (b[i].str.len <= a[k].str.len &&
			    memmem(a[k].str.s, a[k].str.len, b[i].str.s,
			    b[i].str.len) != NULL)
				return 1;
	return 0;
}

/* Moves the best candidate that is not inside OUT's first set into
 * OUT->r2; frees the candidates. */
static void
cands_pick(struct cands *c, struct info *out)
{
	size_t best = (size_t)-1;

	for (size_t i = 0; out->nrq > 0 && i < c->len; i++) {
		if (set_inside(c->v[i], c->n[i], out->rq, out->nrq))
			continue;
		if (best == (size_t)-1 || better(c->v[i], c->n[i],
		    c->v[best], c->n[best]))
			best = i;
	}
	for (size_t i = 0; i < c->len; i++) {
		if (i == best) {
			out->r2 = c->v[i];
			out->nr2 = c->n[i];
			continue;
		}
		for (size_t k = 0; k < c->n[i]; k++)
			str_free(&c->v[i][k].str);
		free(c->v[i]);
	}
	free(c->v);
	free(c->n);
}

/* Concatenation of ITEMS[0..n); they are consumed. */
static void
info_concat(struct info *out, struct info *items, size_t n)
{
	struct str *run = NULL, *t;
	size_t nrun = 0, runoff = 0, off = 0, nt;
	int inrun = 0, allexact = 1;
	unsigned char runwb = 0;	/* a \b before the run */
	struct str *all = NULL;
	size_t nall = 0;
	struct cands cd = { NULL, NULL, 0, 0 };

	memset(out, 0, sizeof(*out));
	if (n == 0) {		/* the empty string */
		out->exact = 1;
		out->ex = xcalloc(1, sizeof(*out->ex));
		out->ex[0].s = xstrdup("");
		out->ex[0].cs = 1;
		out->nex = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct info *it = &items[i];

		if (it->atomic)
			out->atomic = 1;
		/* The whole sequence as one exact list. */
		if (allexact && it->exact) {
			if (i == 0) {
				all = xcalloc(it->nex, sizeof(*all));
				for (size_t k = 0; k < it->nex; k++)
					all[k] = str_dup(&it->ex[k]);
				nall = it->nex;
			} else if (cross(all, nall, it->ex, it->nex, &t, &nt)) {
				strs_free(all, nall);
				all = t;
				nall = nt;
			} else
				allexact = 0;
		} else
			allexact = 0;
		/* Runs of exact items give longer literals. */
		if (it->exact) {
			if (!inrun) {
				run = xcalloc(it->nex, sizeof(*run));
				for (size_t k = 0; k < it->nex; k++)
					run[k] = str_dup(&it->ex[k]);
				nrun = it->nex;
				runoff = off;
				inrun = 1;
				runwb = i > 0 && items[i - 1].wb ? WB_BEFORE :
				    0;
			} else if (run != NULL &&
			    cross(run, nrun, it->ex, it->nex, &t, &nt)) {
				strs_free(run, nrun);
				run = t;
				nrun = nt;
			} else if (run != NULL) {
				cands_add_run(&cd, run, nrun);
				consider_run(&out->rq, &out->nrq, run, nrun,
				    runoff, runwb);
				if (runoff == 0)
					consider_run(&out->pq, &out->npq, run,
					    nrun, 0, 0);
				strs_free(run, nrun);
				run = NULL;
				nrun = 0;
			}
		} else if (inrun) {
			/* The run ends here: before a \b, its strings end
			 * on a word boundary. */
			if (run != NULL) {
				cands_add_run(&cd, run, nrun);
				consider_run(&out->rq, &out->nrq, run, nrun,
				    runoff, (unsigned char)(runwb |
				    (it->wb ? WB_AFTER : 0)));
			}
			if (run != NULL && runoff == 0)
				consider_run(&out->pq, &out->npq, run, nrun, 0,
				    0);
			strs_free(run, nrun);
			run = NULL;
			nrun = 0;
			inrun = 0;
		}
		if (it->req) {
			/* After a \b, the item's literals that begin every
			 * match of it begin on a word boundary. */
			if (i > 0 && items[i - 1].wb)
				for (size_t k = 0; k < it->nrq; k++)
					if (it->rq[k].dist == 0)
						it->rq[k].wb |= WB_BEFORE;
			cands_add(&cd, it->rq, it->nrq);
			consider(&out->rq, &out->nrq, it->rq, it->nrq, off);
		}
		if (it->nr2)
			cands_add(&cd, it->r2, it->nr2);
		if (off == 0 && it->npq)
			consider(&out->pq, &out->npq, it->pq, it->npq, 0);
		off = add_w(off, it->maxw);
	}
	if (inrun && run != NULL) {
		cands_add_run(&cd, run, nrun);
		consider_run(&out->rq, &out->nrq, run, nrun, runoff, runwb);
		if (runoff == 0)
			consider_run(&out->pq, &out->npq, run, nrun, 0, 0);
	}
	strs_free(run, nrun);
	out->req = out->nrq > 0;
	cands_pick(&cd, out);
	out->maxw = off;
	if (allexact && all != NULL) {
		out->exact = 1;
		out->ex = all;
		out->nex = nall;
	} else
		strs_free(all, nall);
	for (size_t i = 0; i < n; i++) {
		span_union(out->span, items[i].span);
		info_clear(&items[i]);
	}
}

/* Alternation of ITEMS[0..n) (n >= 1); they are consumed. */
static void
info_alt(struct info *out, struct info *items, size_t n)
{
	size_t nex = 0, nrq = 0, npq = 0, nr2 = 0;
	int exact = 1, req = 1, pre = 1, any2 = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		exact = exact && items[i].exact;
		req = req && items[i].req;
		pre = pre && items[i].npq > 0;
		nex += items[i].nex;
		nrq += items[i].nrq;
		npq += items[i].npq;
		nr2 += items[i].nr2 ? items[i].nr2 : items[i].nrq;
		any2 = any2 || items[i].nr2 > 0;
		if (items[i].atomic)
			out->atomic = 1;
		if (items[i].maxw == INF || out->maxw == INF)
			out->maxw = INF;
		else if (items[i].maxw > out->maxw)
			out->maxw = items[i].maxw;
	}
	if (exact && nex <= MAXLIST) {
		out->exact = 1;
		out->ex = xcalloc(nex ? nex : 1, sizeof(*out->ex));
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < items[i].nex; k++)
				out->ex[out->nex++] = str_dup(&items[i].ex[k]);
	}
	if (req && nrq <= MAXLIST) {
		out->req = 1;
		out->rq = xcalloc(nrq ? nrq : 1, sizeof(*out->rq));
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < items[i].nrq; k++) {
				out->rq[out->nrq].str =
				    str_dup(&items[i].rq[k].str);
				out->rq[out->nrq].wb = items[i].rq[k].wb;
				out->rq[out->nrq++].dist = items[i].rq[k].dist;
			}
	}
	/* Each branch's second set, or its first where it has none (a
	 * weaker gate for that branch, still true of all its matches). */
	if (req && any2 && nr2 <= MAXLIST) {
		out->r2 = xcalloc(nr2, sizeof(*out->r2));
		for (size_t i = 0; i < n; i++) {
			const struct rlit *v = items[i].nr2 ? items[i].r2 :
			    items[i].rq;
			size_t nv = items[i].nr2 ? items[i].nr2 :
			    items[i].nrq;

			for (size_t k = 0; k < nv; k++)
				out->r2[out->nr2++].str = str_dup(&v[k].str);
		}
	}
	if (pre && npq <= MAXLIST) {
		out->pq = xcalloc(npq, sizeof(*out->pq));
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < items[i].npq; k++)
				out->pq[out->npq++].str =
				    str_dup(&items[i].pq[k].str);
	}
	for (size_t i = 0; i < n; i++) {
		span_union(out->span, items[i].span);
		info_clear(&items[i]);
	}
}

/* A quantified atom; IN is consumed into OUT. */
static void
info_quant(struct info *out, struct info *in, size_t min, size_t max,
    int lazy, int poss)
{
	memset(out, 0, sizeof(*out));
	if (max > 0)
		memcpy(out->span, in->span, sizeof(out->span));
	out->atomic = in->atomic || (poss && min != max);
	if (max == INF || in->maxw == INF)
		out->maxw = (max == 0) ? 0 : INF;
	else
		out->maxw = in->maxw * max;
	if (min >= 1 && in->req) {
		out->req = 1;
		out->rq = in->rq;
		out->nrq = in->nrq;
		in->rq = NULL;
		in->nrq = 0;
		out->pq = in->pq;
		out->npq = in->npq;
		in->pq = NULL;
		in->npq = 0;
		out->r2 = in->r2;
		out->nr2 = in->nr2;
		in->r2 = NULL;
		in->nr2 = 0;
	}
	if (in->exact && !out->atomic) {
		if (min == 0 && max == 1) {
			struct str e = { xstrdup(""), 0, 1, 0 };

			out->exact = 1;
			out->ex = xcalloc(in->nex + 1, sizeof(*out->ex));
			if (lazy)
				out->ex[out->nex++] = e;
			for (size_t k = 0; k < in->nex; k++)
				out->ex[out->nex++] = str_dup(&in->ex[k]);
			if (!lazy)
				out->ex[out->nex++] = e;
		} else if (min == max && min >= 1 && min <= 4) {
			struct str *all = NULL, *t;
			size_t nall = 0, nt;
			int ok = 1;

			all = xcalloc(in->nex, sizeof(*all));
			for (size_t k = 0; k < in->nex; k++)
				all[k] = str_dup(&in->ex[k]);
			nall = in->nex;
			for (size_t c = 1; c < min && ok; c++) {
				if (cross(all, nall, in->ex, in->nex, &t, &nt)) {
					strs_free(all, nall);
					all = t;
					nall = nt;
				} else
					ok = 0;
			}
			if (ok) {
				out->exact = 1;
				out->ex = all;
				out->nex = nall;
			} else
				strs_free(all, nall);
		}
	}
	info_clear(in);
}

/* ------------------------------------------------------------------ */
/* The pattern reader.                                                  */

struct ps {
	const char	*p, *end;
	int		 fail;
};

static void parse_alt(struct ps *, int caseless, struct info *);

/* The length of the UTF-8 character at P (1 for a stray byte). */
static size_t
u8len(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 :
	    c >= 0xC0 ? 2 : 1;

	return (size_t)(end - p) < n ? (size_t)(end - p) : n;
}

static uint32_t
u8dec(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	switch (n) {
	case 2:
		return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	case 3:
		return ((uint32_t)(u[0] & 0x0F) << 12) |
		    ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
	case 4:
		return ((uint32_t)(u[0] & 0x07) << 18) |
		    ((uint32_t)(u[1] & 0x3F) << 12) |
		    ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
	default:
		return u[0];
	}
}

/* One literal character C (LEN bytes at S) read under CASELESS. */
static void
lit_char(struct info *in, const char *s, size_t len, int caseless)
{
	unsigned char c = (unsigned char)s[0];
	char low;

	if (!caseless) {
		info_lit(in, s, len, 1, 0);
		return;
	}
	if (len == 1) {
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		low = (char)c;
		if (c >= 'a' && c <= 'z')
			info_lit(in, &low, 1, 0, c == 'k' || c == 's');
		else
			info_lit(in, &low, 1, 1, 0);
		return;
	}
	/* CJK punctuation, kana, ideographs: no case. */
	if (len == 3) {
		uint32_t cp = u8dec(s, len);

		if (cp >= 0x2E80 && cp <= 0x9FFF) {
			info_lit(in, s, len, 1, 0);
			return;
		}
	}
	info_any(in, 4);
}

static int
parse_num(struct ps *ps, size_t *v)
{
	size_t n = 0;
	int any = 0;

	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
		n = n * 10 + (size_t)(*ps->p - '0');
		if (n > 65535)
			return -1;
		ps->p++;
		any = 1;
	}
	*v = n;
	return any ? 0 : -1;
}

/* Skips a character class; P is just past '['. */
static void
skip_class(struct ps *ps)
{
	if (ps->p < ps->end && *ps->p == '^')
		ps->p++;
	if (ps->p < ps->end && *ps->p == ']')
		ps->p++;
	while (ps->p < ps->end) {
		char c = *ps->p;

		if (c == ']') {
			ps->p++;
			return;
		}
		if (c == '\\') {
			if (ps->p + 1 >= ps->end)
				break;
			if (ps->p[1] == 'Q' || ps->p[1] == 'E') {
				ps->fail = 1;
				return;
			}
			ps->p += 2;
			if (ps->p < ps->end && *ps->p == '{') {
				while (ps->p < ps->end && *ps->p != '}')
					ps->p++;
				if (ps->p < ps->end)
					ps->p++;
			}
			continue;
		}
		if (c == '[' && ps->p + 1 < ps->end && ps->p[1] == ':') {
			const char *q = ps->p + 2;

			while (q + 1 < ps->end && !(q[0] == ':' && q[1] == ']'))
				q++;
			if (q + 1 < ps->end) {
				ps->p = q + 2;
				continue;
			}
		}
		ps->p += u8len(ps->p, ps->end);
	}
	ps->fail = 1;			/* unterminated */
}

/*
 * The bytes the class [P, END) (after '[', before ']') can match, into
 * SPAN: exact for ASCII members, every byte of 0x80 and up for others.
 * What is not read here (POSIX names, \p, ranges past ASCII) gives
 * every byte, as does a negated class save for its ASCII members that
 * are not letters.
 */
static void
class_span(const char *p, const char *end, int caseless, unsigned char *span)
{
	unsigned char out[32] = { 0 };
	int neg = 0, prev = -1;

	if (p < end && *p == '^') {
		neg = 1;
		p++;
	}
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		int ch = -1;

		if (c == '[' || (c == '-' && prev >= 0 && p + 1 < end)) {
			if (c == '-' && !neg && (unsigned char)p[1] < 0x80 &&
			    p[1] != '\\' && p[1] != '[' &&
			    (unsigned char)p[1] >= (unsigned)prev) {
				for (int k = prev; k <= (unsigned char)p[1]; k++)
					span_char(out, (unsigned char)k,
					    caseless);
				p += 2;
				prev = -1;
				continue;
			}
			memset(span, 0xFF, 32);
			return;
		}
		if (c == '\\') {
			char e = p + 1 < end ? p[1] : 0;

			p += 2;
			if (!neg && span_escape(out, e)) {
				prev = -1;
				continue;
			}
			switch (e) {
			case 'n': ch = '\n'; break;
			case 't': ch = '\t'; break;
			case 'r': ch = '\r'; break;
			case 'f': ch = '\f'; break;
			default:
				if ((unsigned char)e < 0x80 && e != 0 &&
				    !(e >= '0' && e <= '9') &&
				    !(e >= 'a' && e <= 'z') &&
				    !(e >= 'A' && e <= 'Z'))
					ch = (unsigned char)e;
			}
			if (ch < 0) {
				memset(span, 0xFF, 32);
				return;
			}
		} else if (c >= 0x80) {
			size_t n = u8len(p, end);

			if (neg) {
				p += n;
				prev = -1;
				continue;
			}
			if (caseless && n == 3) {
				uint32_t cp = u8dec(p, n);

				if (cp < 0x2E80 || cp > 0x9FFF)
					span_range(out, 0x80, 0xFF);
			} else if (caseless)
				span_range(out, 0x80, 0xFF);
			for (size_t k = 0; k < n; k++)
				span_add(out, (unsigned char)p[k]);
			p += n;
			prev = -1;
			continue;
		} else {
			ch = c;
			p++;
		}
		span_char(out, (unsigned char)ch, caseless);
		prev = ch;
	}
	if (neg) {
		/* Every byte but the ASCII non-letters named. */
		for (size_t i = 0; i < 32; i++)
			span[i] = (unsigned char)~out[i];
		for (int k = 'A'; k <= 'Z'; k++) {
			span_add(span, (unsigned char)k);
			span_add(span, (unsigned char)(k - 'A' + 'a'));
		}
		span_range(span, 0x80, 0xFF);
		return;
	}
	memcpy(span, out, 32);
}

/*
 * One atom at P into IN; returns 1, or 0 when what is there is no atom
 * (an option setting (?i) that changed *CASELESS, or a comment).
 */
static int
parse_atom(struct ps *ps, int *caseless, struct info *in)
{
	char c = *ps->p;

	memset(in, 0, sizeof(*in));
	if (c == '\\') {
		char e;

		if (ps->p + 1 >= ps->end) {
			ps->fail = 1;
			return 0;
		}
		e = ps->p[1];
		ps->p += 2;
		switch (e) {
		case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G':
			info_any(in, 0);
			in->wb = e == 'b';
			return 1;
		case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
		case 'h': case 'H': case 'v': case 'V': case 'N': case 'R':
			info_any(in, 4);
			memset(in->span, 0, sizeof(in->span));
			if (!span_escape(in->span, e))
				memset(in->span, 0xFF, sizeof(in->span));
			return 1;
		case 'X':
			info_any(in, INF);
			return 1;
		case 'p': case 'P':
			if (ps->p < ps->end && *ps->p == '{') {
				while (ps->p < ps->end && *ps->p != '}')
					ps->p++;
				if (ps->p >= ps->end) {
					ps->fail = 1;
					return 0;
				}
			}
			if (ps->p < ps->end)
				ps->p++;
			info_any(in, 4);
			return 1;
		case 'n':
			lit_char(in, "\n", 1, *caseless);
			return 1;
		case 't':
			lit_char(in, "\t", 1, *caseless);
			return 1;
		case 'r':
			lit_char(in, "\r", 1, *caseless);
			return 1;
		case 'f':
			lit_char(in, "\f", 1, *caseless);
			return 1;
		default:
			if ((unsigned char)e < 0x80 && !(e >= '0' && e <= '9') &&
			    !(e >= 'a' && e <= 'z') && !(e >= 'A' && e <= 'Z')) {
				lit_char(in, ps->p - 1, 1, *caseless);
				return 1;
			}
			ps->fail = 1;		/* \Q, \x, \1, \K, \g ... */
			return 0;
		}
	}
	if (c == '.') {
		ps->p++;
		info_any(in, 4);
		return 1;
	}
	if (c == '^' || c == '$') {
		ps->p++;
		info_any(in, 0);
		return 1;
	}
	if (c == '[') {
		const char *from = ++ps->p;

		skip_class(ps);
		info_any(in, 4);
		if (!ps->fail)
			class_span(from, ps->p - 1, *caseless, in->span);
		return !ps->fail;
	}
	if (c == '(') {
		int cl = *caseless, assert = 0, atomic = 0;

		ps->p++;
		if (ps->p < ps->end && *ps->p == '*') {
			ps->fail = 1;		/* verbs */
			return 0;
		}
		if (ps->p < ps->end && *ps->p == '?') {
			const char *q = ps->p + 1;

			if (q >= ps->end) {
				ps->fail = 1;
				return 0;
			}
			if (*q == '#') {
				while (ps->p < ps->end && *ps->p != ')')
					ps->p++;
				if (ps->p >= ps->end) {
					ps->fail = 1;
					return 0;
				}
				ps->p++;
				return 0;
			} else if (*q == ':' || *q == '|') {
				ps->p = q + 1;
			} else if (*q == '>') {
				ps->p = q + 1;
				atomic = 1;
			} else if (*q == '=' || *q == '!') {
				ps->p = q + 1;
				assert = 1;
			} else if (*q == '<' && q + 1 < ps->end &&
			    (q[1] == '=' || q[1] == '!')) {
				ps->p = q + 2;
				assert = 1;
			} else if (*q == '<' || *q == '\'' ||
			    (*q == 'P' && q + 1 < ps->end && q[1] == '<')) {
				char close = *q == '\'' ? '\'' : '>';

				while (q < ps->end && *q != close)
					q++;
				if (q >= ps->end) {
					ps->fail = 1;
					return 0;
				}
				ps->p = q + 1;
			} else {
				/* Option letters: i, -i, s, m only. */
				int on = 1, ncl = *caseless;

				for (; q < ps->end && *q != ')' && *q != ':';
				    q++) {
					if (*q == '-')
						on = 0;
					else if (*q == 'i')
						ncl = on;
					else if (*q != 's' && *q != 'm') {
						ps->fail = 1;
						return 0;
					}
				}
				if (q >= ps->end) {
					ps->fail = 1;
					return 0;
				}
				if (*q == ')') {
					ps->p = q + 1;
					*caseless = ncl;
					return 0;
				}
				ps->p = q + 1;
				cl = ncl;
			}
		}
		parse_alt(ps, cl, in);
		if (ps->fail)
			return 0;
		if (ps->p >= ps->end || *ps->p != ')') {
			/* An unclosed group: what was read inside is
			 * dropped with the rest of the pattern. */
			info_clear(in);
			ps->fail = 1;
			return 0;
		}
		ps->p++;
		if (assert) {
			info_clear(in);
			info_any(in, 0);
		} else if (atomic) {
			in->atomic = 1;
		}
		return 1;
	}
	if (c == ')' || c == '|') {
		ps->fail = 1;		/* callers stop before these */
		return 0;
	}
	if (c == '*' || c == '+' || c == '?' || c == '{') {
		ps->fail = 1;
		return 0;
	}
	{
		size_t n = u8len(ps->p, ps->end);

		lit_char(in, ps->p, n, *caseless);
		ps->p += n;
	}
	return 1;
}

/* A quantifier after an atom, if any: sets MIN, MAX, LAZY, POSS. */
static int
parse_quant(struct ps *ps, size_t *min, size_t *max, int *lazy, int *poss)
{
	char c;

	if (ps->p >= ps->end)
		return 0;
	c = *ps->p;
	if (c == '?') {
		*min = 0;
		*max = 1;
	} else if (c == '*') {
		*min = 0;
		*max = INF;
	} else if (c == '+') {
		*min = 1;
		*max = INF;
	} else if (c == '{') {
		ps->p++;
		if (parse_num(ps, min) != 0) {
			ps->fail = 1;
			return 0;
		}
		*max = *min;
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			if (ps->p < ps->end && *ps->p == '}')
				*max = INF;
			else if (parse_num(ps, max) != 0) {
				ps->fail = 1;
				return 0;
			}
		}
		if (ps->p >= ps->end || *ps->p != '}' || *max < *min) {
			ps->fail = 1;
			return 0;
		}
	} else
		return 0;
	ps->p++;
	*lazy = *poss = 0;
	if (ps->p < ps->end && *ps->p == '?') {
		*lazy = 1;
		ps->p++;
	} else if (ps->p < ps->end && *ps->p == '+') {
		*poss = 1;
		ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '*' ||
	    *ps->p == '+' || *ps->p == '{'))
		ps->fail = 1;
	return 1;
}

/*
 * A run of two or more plain literal characters at P, none of them
 * quantified, read as one literal into IN (as their concatenation would
 * be, without building it a character at a time).  Returns 0, reading
 * nothing, when there is no such run.
 */
static int
parse_run(struct ps *ps, int caseless, struct info *in)
{
	const char *q = ps->p;
	char *buf;
	size_t n = 0, chars = 0;
	int cs = 1, ks = 0;

	while (q < ps->end) {
		unsigned char c = (unsigned char)*q;
		size_t k;

		if (strchr("\\.^$[]()|*+?{}", c) != NULL || c == '\0')
			break;
		k = u8len(q, ps->end);
		if (c >= 0x80 && caseless) {
			uint32_t cp = k == 3 ? u8dec(q, k) : 0;

			if (cp < 0x2E80 || cp > 0x9FFF)
				break;		/* may have a case */
		}
		if (q + k < ps->end && strchr("*+?{", q[k]) != NULL)
			break;			/* quantified: on its own */
		q += k;
		chars++;
	}
	if (chars < 2)
		return 0;
	buf = xmalloc((size_t)(q - ps->p) + 1);
	for (const char *r = ps->p; r < q; r++) {
		unsigned char c = (unsigned char)*r;

		if (caseless && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (caseless && c >= 'a' && c <= 'z') {
			cs = 0;
			if (c == 'k' || c == 's')
				ks = 1;
		}
		buf[n++] = (char)c;
	}
	info_lit(in, buf, n, cs, ks);
	free(buf);
	ps->p = q;
	return 1;
}

/* A sequence up to '|', ')' or the end. */
static void
parse_seq(struct ps *ps, int *caseless, struct info *out)
{
	struct info *items = NULL;
	size_t n = 0, cap = 0;

	while (ps->p < ps->end && *ps->p != '|' && *ps->p != ')' &&
	    !ps->fail) {
		struct info a, q;
		size_t min, max;
		int lazy, poss;

		if (parse_run(ps, *caseless, &a)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				items = xreallocarray(items, cap,
				    sizeof(*items));
			}
			items[n++] = a;
			continue;
		}
		if (!parse_atom(ps, caseless, &a))
			continue;
		if (parse_quant(ps, &min, &max, &lazy, &poss)) {
			info_quant(&q, &a, min, max, lazy, poss);
			a = q;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			items = xreallocarray(items, cap, sizeof(*items));
		}
		items[n++] = a;
	}
	if (ps->fail) {
		for (size_t i = 0; i < n; i++)
			info_clear(&items[i]);
		free(items);
		memset(out, 0, sizeof(*out));
		return;
	}
	info_concat(out, items, n);
	free(items);
}

/* Alternatives up to ')' or the end.  An option set in one alternative
 * holds in the later ones of the same group, as in PCRE2. */
static void
parse_alt(struct ps *ps, int caseless, struct info *out)
{
	struct info *items = NULL;
	size_t n = 0, cap = 0;
	int cl = caseless;

	for (;;) {
		struct info s;

		parse_seq(ps, &cl, &s);
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			items = xreallocarray(items, cap, sizeof(*items));
		}
		items[n++] = s;
		if (ps->fail || ps->p >= ps->end || *ps->p != '|')
			break;
		ps->p++;
	}
	if (ps->fail) {
		for (size_t i = 0; i < n; i++)
			info_clear(&items[i]);
		free(items);
		memset(out, 0, sizeof(*out));
		return;
	}
	if (n == 1)
		*out = items[0];
	else
		info_alt(out, items, n);
	free(items);
}

/* ------------------------------------------------------------------ */
/* The automaton.                                                       */

struct user {
	uint32_t	 pid;
	uint16_t	 order;		/* place in an exact list */
	uint8_t		 grp;		/* 1: the filter set; 2: the gate set */
	uint8_t		 win;		/* a rule pattern of kind FILTER, whose
					   ks flag is in bit 1: it gets
					   windows (set once all are read) */
	uint8_t		 wb;		/* WB_BEFORE, WB_AFTER */
	size_t		 dist;
};

struct lit {
	char		*s;		/* as read: lowercased when caseless */
	size_t		 len;
	int		 cs;		/* case-sensitive */
	int		 verify;	/* cs with ASCII letters: the automaton
					   folds case, confirm byte for byte */
	int		 pre;		/* a FILTER pattern's: keep every
					   place (its windows) */
	int		 place;	/* some FILTER rule pattern's windows
					   need its places */
	int		 kelvin;	/* U+212A or U+017F, which (?i) k
					   and s match: no users */
	int		 lazy;		/* only ever a gate literal: not in
					   the automaton; windows() looks
					   for it near a window itself */
	struct user	*users;
	size_t		 nusers;
};

struct prefilter {
	const struct ruleset	*rs;
	size_t			*base;		/* by rule index */
	size_t			*ubase;		/* by rule index: unless pids */
	size_t			 nmain;		/* pids below: rule patterns */
	size_t			 npub;		/* pids below: rule and unless
						   patterns; the rest are
						   branches */
	size_t			 npats;		/* all pids */
	size_t			 pidcap;
	uint32_t		*parent;	/* by branch pid: its pattern */
	uint32_t		*sub0, *nsub;	/* by pattern: its branches */
	unsigned char		*kind;		/* by pid */
	unsigned char		*ks;		/* by pid: runs from 0 when
						   the text has U+212A/017F */
	unsigned char		*need;		/* by pid: groups to see */
	size_t			*gatew;		/* by pid: with group 2, the
						   most bytes a match spans */
	struct plit {
		uint32_t	 lit;
		uint8_t		 wb;		/* WB_BEFORE, WB_AFTER */
		size_t		 dist;
	}			*plit;		/* each pid's literals: */
	size_t			*p1off, *p1n;	/* its filter set */
	size_t			*p2off, *p2n;	/* its gate set */
	unsigned char		(*span)[32];	/* by pid: bytes a match may
						   hold, when SPANOK */
	unsigned char		*spanok;
	const unsigned char	**spantab;	/* by pid: SPAN as a byte
						   table (0 or 1 by byte),
						   one per distinct span */
	unsigned char		*stabs;		/* those tables */
	size_t			*tmpl;		/* start template */
	int			 any_ks;

	struct lit		*lits;
	size_t			 nlits;
	uint32_t		*lhash;		/* literal number + 1, by hash */
	size_t			 lhcap;

	unsigned char		 cls[256];	/* byte -> class */
	size_t			 ncls;
	uint64_t		 rdiv;		/* ceil(2^40 / ncls): a row
					   offset times it, >> 40, is its
					   state, with no division */
	uint32_t		*delta;		/* [state*ncls + class]: the
						   target's row (state*ncls) */
	const uint32_t		*col[256];	/* by byte: delta + its class,
						   to index by a row */
	uint32_t		 outrow;	/* the rows from here on are
						   of states with outputs */
	size_t			 maxlen;	/* longest literal head the
						   automaton walks */
	struct orange {
		uint32_t	 start, count;	/* into outv */
	}			*outr;		/* by state */
	struct oent {
		uint32_t	 id;		/* the literal */
		uint32_t	 len;		/* its length (texts and rule
						   files stay below 4 GiB) */
		uint8_t		 fl;		/* OE_* */
		uint8_t		 hk;		/* bytes the automaton read */
	}			*outv;		/* what a scan needs of a literal
						   ending in a state, without
						   reading struct lit */
	struct user		*uall;		/* every literal's users, by
						   literal */
	size_t			 nstates;
	size_t			 nalways, nexact;
};

struct occ {
	size_t		 at;
	uint32_t	 next;		/* the literal's next place, or NOCC */
};

#define NOCC	UINT32_MAX

struct hit {
	uint32_t	 end;		/* offset just past the last byte */
	uint32_t	 row;		/* the state's row in delta */
};

struct pf_scan {
	const struct prefilter	*pf;
	size_t			*first;		/* by literal */
	unsigned		*gen;		/* by literal */
	unsigned		 curgen;
	uint32_t		*seen;
	size_t			 nseen;
	uint32_t		*order;		/* by pid */
	unsigned		*pgen;		/* by pid */
	unsigned char		*have;		/* by pid: groups seen */
	uint32_t		*touched;	/* pids seen */
	size_t			 ntouched;
	struct hit		*hit;		/* the automaton's output */
	struct hit		*hitb;		/* the second half's */
	size_t			 hitcap;
};

/*
 * One text's literal places, kept for the windows pf_anch_get() works
 * out when the matcher asks (most patterns are never asked: their rule
 * hit earlier, or their sets are missing).
 */
struct pf_anch {
	const struct prefilter	*pf;
	const unsigned char	*t;		/* the text pf_run() read */
	size_t			 len;
	const size_t		*start;		/* its start offsets */
	int			 kshit;		/* it holds U+212A or U+017F */
	struct occ		*occ;		/* every place of a literal of a
						   FILTER pattern's sets */
	size_t			 nocc, occcap;
	uint32_t		*head, *tail;	/* by literal: its places */
	unsigned		*lgen;		/* by literal: GEN when placed */
	unsigned		 gen;
	struct pf_win		*win;		/* the last pattern's windows */
	size_t			 wincap;
	size_t			*gate;		/* its gate literal places */
	size_t			 gatecap;
	struct gcur {
		size_t		 at;		/* first place found, or PF_NONE */
		size_t		 upto;		/* when PF_NONE: none before */
	}			*gcur;		/* by lazy gate literal */
	size_t			 gcurcap;
	struct pf_win		*bwin;		/* a branch's windows */
	size_t			 bwincap;
};

static uint32_t
lit_hash(const char *s, size_t len, int cs)
{
	uint32_t h = 2166136261u ^ (uint32_t)cs;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Places literal I in the hash table (of LHCAP slots, a power of two). */
static void
lit_place(struct prefilter *pf, size_t i)
{
	size_t m = pf->lhcap - 1;
	size_t k = lit_hash(pf->lits[i].s, pf->lits[i].len,
	    pf->lits[i].cs) & m;

	while (pf->lhash[k] != 0)
		k = (k + 1) & m;
	pf->lhash[k] = (uint32_t)i + 1;
}

/* The number of literal S, added when new. */
static size_t
lit_add(struct prefilter *pf, const struct str *s, size_t *cap)
{
	size_t m, k;

	if (pf->lhcap > 0) {
		m = pf->lhcap - 1;
		for (k = lit_hash(s->s, s->len, s->cs) & m; pf->lhash[k] != 0;
		    k = (k + 1) & m) {
			const struct lit *l = &pf->lits[pf->lhash[k] - 1];

			if (l->len == s->len && l->cs == s->cs &&
			    memcmp(l->s, s->s, s->len) == 0)
				return pf->lhash[k] - 1;
		}
	}
	if (pf->nlits == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		pf->lits = xreallocarray(pf->lits, *cap, sizeof(*pf->lits));
	}
	memset(&pf->lits[pf->nlits], 0, sizeof(pf->lits[0]));
	pf->lits[pf->nlits].s = xmalloc(s->len + 1);
	memcpy(pf->lits[pf->nlits].s, s->s, s->len);
	pf->lits[pf->nlits].s[s->len] = '\0';
	pf->lits[pf->nlits].len = s->len;
	pf->lits[pf->nlits].cs = s->cs;
	pf->nlits++;
	if (pf->nlits * 2 > pf->lhcap) {	/* at most half full */
		free(pf->lhash);
		pf->lhcap = pf->lhcap ? pf->lhcap * 2 : 256;
		pf->lhash = xcalloc(pf->lhcap, sizeof(*pf->lhash));
		for (size_t i = 0; i < pf->nlits; i++)
			lit_place(pf, i);
	} else
		lit_place(pf, pf->nlits - 1);
	return pf->nlits - 1;
}

/*
 * The automaton looks for a filter or gate literal by its first
 * LIT_KEEP bytes (cut on a character boundary).  A place of the whole
 * literal is a place of its head, so windows and gates stay a superset;
 * the cross products of alternatives (运营数据的分析...) collapse into
 * a few heads instead of filling the table with states.
 */
static struct str
lit_head(const struct str *s)
{
	struct str h = *s;
	if (h.len > LIT_KEEP) {
		h.len = LIT_KEEP;
		while (h.len > 0 && ((unsigned char)h.s[h.len] & 0xC0) == 0x80)
			h.len--;
	}
	return h;
}

static void
user_add(struct lit *l, size_t pid, size_t order, size_t dist, int grp)
{
	l->users = xreallocarray(l->users, l->nusers + 1, sizeof(*l->users));
	l->users[l->nusers].pid = (uint32_t)pid;
	l->users[l->nusers].order = (uint16_t)order;
	l->users[l->nusers].grp = (uint8_t)grp;
	l->users[l->nusers].win = 0;
	l->users[l->nusers].wb = 0;
	l->users[l->nusers].dist = dist;
	l->nusers++;
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/*
 * Registers PID as a FILTER pattern whose matches all hold a literal of
 * IN's first set (and of its second, when it has one).
 */
static void
add_filter(struct prefilter *pf, size_t pid, const struct info *in,
    size_t *litcap)
{
	struct str h;
	size_t id;

	pf->kind[pid] = PF_FILTER;
	for (size_t i = 0; i < in->nrq; i++) {
		if (in->rq[i].str.ks)
			pf->ks[pid] = 1;
		h = lit_head(&in->rq[i].str);
		id = lit_add(pf, &h, litcap);
		user_add(&pf->lits[id], pid, i, in->rq[i].dist, 1);
		/* A head cut short does not end where the literal does. */
		pf->lits[id].users[pf->lits[id].nusers - 1].wb =
		    h.len < in->rq[i].str.len ? in->rq[i].wb & WB_BEFORE :
		    in->rq[i].wb;
		pf->lits[id].pre = 1;
	}
	pf->need[pid] = 1;
	/* Every byte of a match is in its span: when the span leaves
	 * bytes out, a match lies within one run of span bytes, which
	 * bounds where it can start and, below, which gate literal it can
	 * hold. */
	for (size_t i = 0; i < 32; i++)
		if (in->span[i] != 0xFF) {
			memcpy(pf->span[pid], in->span, 32);
			pf->spanok[pid] = 1;
			break;
		}
	/* A second set gates the windows: a match starting in [LO, HI]
	 * lies within [LO, HI + maxw] and within the span run of its first
	 * literal, so one of its second literals must occur there too. */
	if (in->nr2 > 0 && set_usable(in->r2, in->nr2)) {
		for (size_t i = 0; i < in->nr2; i++) {
			if (in->r2[i].str.ks)
				pf->ks[pid] = 1;
			h = lit_head(&in->r2[i].str);
			id = lit_add(pf, &h, litcap);
			user_add(&pf->lits[id], pid, i, 0, 2);
			pf->lits[id].pre = 1;
		}
		pf->need[pid] = 3;
		pf->gatew[pid] = in->maxw;
	}
}

/*
 * Reads the top-level branches of pattern TEXT, each as a pattern of its
 * own, into *ITEMS; returns their number, 0 when TEXT does not parse.
 */
static size_t
parse_branches(const char *text, struct info **itemsp)
{
	struct ps ps = { text, text + strlen(text), 0 };
	struct info *items = NULL;
	size_t n = 0, cap = 0;
	int cl = 0;

	for (;;) {
		struct info b;

		parse_seq(&ps, &cl, &b);
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			items = xreallocarray(items, cap, sizeof(*items));
		}
		items[n++] = b;
		if (ps.fail || ps.p >= ps.end || *ps.p != '|')
			break;
		ps.p++;
	}
	if (ps.fail || ps.p != ps.end) {
		for (size_t i = 0; i < n; i++)
			info_clear(&items[i]);
		free(items);
		return 0;
	}
	*itemsp = items;
	return n;
}

/* Reads pattern PID of rule R and records its literals. */
static void
add_pattern(struct prefilter *pf, const struct rule *r, size_t pid,
    const char *text, int unless, size_t *litcap)
{
	struct info in, *br = NULL;
	size_t id, nb, nex = 0;
	int exact, split;

	pf->kind[pid] = PF_ALWAYS;
	if ((nb = parse_branches(text, &br)) == 0)
		return;
	/* A long exact list (a cross product of alternatives) would fill
	 * the automaton with states; its filter set is far smaller. */
	exact = !unless && r->nunless == 0;
	for (size_t b = 0; exact && b < nb; b++) {
		exact = br[b].exact && !br[b].atomic;
		nex += br[b].nex;
		for (size_t i = 0; exact && i < br[b].nex; i++)
			if (br[b].ex[i].len == 0 || !br[b].ex[i].cs)
				exact = 0;
	}
	exact = exact && nex > 0 && nex <= EXACT_MAX;
	/*
	 * Otherwise a top-level alternation is filtered branch by branch:
	 * each branch has its own literal sets, gate and span, and the
	 * pattern can start where one of its branches can.  (Merged, one
	 * branch's literal would pass another branch's gate.)
	 */
	split = !exact && nb >= 2 && pf->npats + nb <= pf->pidcap;
	for (size_t b = 0; split && b < nb; b++)
		split = br[b].req && set_usable(br[b].rq, br[b].nrq);
	if (split) {
		pf->kind[pid] = PF_FILTER;
		pf->sub0[pid] = (uint32_t)pf->npats;
		pf->nsub[pid] = (uint32_t)nb;
		for (size_t b = 0; b < nb; b++) {
			size_t sp = pf->npats++;

			pf->parent[sp] = (uint32_t)pid;
			add_filter(pf, sp, &br[b], litcap);
			if (pf->ks[sp])
				pf->ks[pid] = 1;
			info_clear(&br[b]);
		}
		free(br);
		return;
	}
	if (nb == 1)
		in = br[0];
	else
		info_alt(&in, br, nb);		/* consumes the branches */
	free(br);
	if (exact) {
		pf->kind[pid] = PF_EXACT;
		for (size_t i = 0; i < in.nex; i++) {
			id = lit_add(pf, &in.ex[i], litcap);

			user_add(&pf->lits[id], pid, i, 0, 1);
		}
		goto out;
	}
	if (!in.req || !set_usable(in.rq, in.nrq))
		goto out;
	add_filter(pf, pid, &in, litcap);
out:
	info_clear(&in);
}

/* The bytes of L the automaton walks: TRIE_KEEP, cut on a character. */
static size_t
trie_len(const struct lit *l)
{
	size_t n = l->len;

	if (n > TRIE_KEEP) {
		n = TRIE_KEEP;
		while (n > 0 && ((unsigned char)l->s[n] & 0xC0) == 0x80)
			n--;
	}
	return n;
}

static void
build_automaton(struct prefilter *pf)
{
	size_t cap = 64, nst = 1, ncls;
	uint32_t *fail, *queue, *endst, *owner, *nextown;
	size_t *nown;
	unsigned used[256] = { 0 };
	uint32_t **outs;
	size_t *nouts, nv = 0;

	/* Byte classes: each byte some literal holds, the rest as one. */
	for (size_t i = 0; i < pf->nlits; i++)
		for (size_t k = 0; !pf->lits[i].lazy &&
		    k < trie_len(&pf->lits[i]); k++)
			used[lower((unsigned char)pf->lits[i].s[k])] = 1;
	ncls = 1;
	for (int b = 0; b < 256; b++)
		if (used[b])
			pf->cls[b] = (unsigned char)ncls++;
	for (int b = 'A'; b <= 'Z'; b++)
		pf->cls[b] = pf->cls[b - 'A' + 'a'];
	pf->ncls = ncls;
	pf->rdiv = ((UINT64_C(1) << 40) + ncls - 1) / ncls;

	pf->delta = xmalloc(cap * ncls * sizeof(*pf->delta));
	memset(pf->delta, 0xFF, cap * ncls * sizeof(*pf->delta));
	endst = xcalloc(pf->nlits ? pf->nlits : 1, sizeof(*endst));
	/* The trie.  Two literals may end in one state (KPI read
	 * case-sensitively and kpi under (?i)). */
	for (size_t i = 0; i < pf->nlits; i++) {
		uint32_t s = 0;

		if (pf->lits[i].lazy) {
			endst[i] = UINT32_MAX;
			continue;
		}
		for (size_t k = 0; k < trie_len(&pf->lits[i]); k++) {
			unsigned c = pf->cls[(unsigned char)pf->lits[i].s[k]];
			uint32_t *t = &pf->delta[s * ncls + c];

			if (*t == UINT32_MAX) {
				if (nst == cap) {
					cap *= 2;
					pf->delta = xreallocarray(pf->delta,
					    cap * ncls, sizeof(*pf->delta));
					memset(pf->delta + nst * ncls, 0xFF,
					    (cap - nst) * ncls *
					    sizeof(*pf->delta));
				}
				t = &pf->delta[s * ncls + c];
				*t = (uint32_t)nst++;
			}
			s = *t;
		}
		endst[i] = s;
	}
	nown = xcalloc(nst, sizeof(*nown));
	for (size_t i = 0; i < pf->nlits; i++)
		if (endst[i] != UINT32_MAX)
			nown[endst[i]]++;
	/* The literals ending in each state, as lists: looking them up by
	 * a scan of every literal per state grows as states × literals. */
	owner = xcalloc(nst, sizeof(*owner));
	nextown = xcalloc(pf->nlits ? pf->nlits : 1, sizeof(*nextown));
	for (size_t i = pf->nlits; i-- > 0;) {
		if (endst[i] == UINT32_MAX)
			continue;
		nextown[i] = owner[endst[i]];
		owner[endst[i]] = (uint32_t)i + 1;
	}
	pf->nstates = nst;
	fail = xcalloc(nst, sizeof(*fail));
	queue = xcalloc(nst, sizeof(*queue));
	outs = xcalloc(nst, sizeof(*outs));
	nouts = xcalloc(nst, sizeof(*nouts));
	{
		size_t qh = 0, qt = 0;

		for (size_t c = 0; c < ncls; c++) {
			uint32_t *t = &pf->delta[c];

			if (*t == UINT32_MAX)
				*t = 0;
			else {
				fail[*t] = 0;
				queue[qt++] = *t;
			}
		}
		while (qh < qt) {
			uint32_t s = queue[qh++];

			/* Outputs: own literal, then those of the fail
			 * state (a literal that is a suffix of this one). */
			nouts[s] = nown[s] + nouts[fail[s]];
			if (nouts[s]) {
				size_t k = 0;

				outs[s] = xcalloc(nouts[s], sizeof(**outs));
				for (uint32_t i = owner[s]; i != 0;
				    i = nextown[i - 1])
					outs[s][k++] = i - 1;
				for (size_t j = 0; j < nouts[fail[s]]; j++)
					outs[s][k++] = outs[fail[s]][j];
			}
			for (size_t c = 0; c < ncls; c++) {
				uint32_t *t = &pf->delta[s * ncls + c];

				if (*t == UINT32_MAX)
					*t = pf->delta[fail[s] * ncls + c];
				else {
					fail[*t] = pf->delta[fail[s] * ncls + c];
					queue[qt++] = *t;
				}
			}
		}
	}
	pf->outr = xcalloc(nst, sizeof(*pf->outr));
	for (size_t s = 0; s < nst; s++)
		nv += nouts[s];
	pf->outv = xcalloc(nv ? nv : 1, sizeof(*pf->outv));
	nv = 0;
	for (size_t s = 0; s < nst; s++) {
		pf->outr[s].start = (uint32_t)nv;
		pf->outr[s].count = (uint32_t)nouts[s];
		for (size_t j = 0; j < nouts[s]; j++) {
			const struct lit *l = &pf->lits[outs[s][j]];

			pf->outv[nv].id = outs[s][j];
			pf->outv[nv].len = (uint32_t)l->len;
			pf->outv[nv].hk = (uint8_t)trie_len(l);
			pf->outv[nv++].fl = (uint8_t)((l->pre ? OE_PRE : 0) |
			    (trie_len(l) < l->len ? OE_TAIL : 0) |
			    (l->verify ? OE_VERIFY : 0) |
			    (l->kelvin ? OE_KELVIN : 0) |
			    (l->place ? OE_PLACE : 0));
		}
		free(outs[s]);
	}
	free(outs);
	free(nouts);
	free(fail);
	free(queue);
	free(nown);
	free(owner);
	free(nextown);
	free(endst);
	/* The scan's hot loop is one dependent load per byte: number the
	 * states without outputs first (the root stays 0), so that a
	 * state has outputs when its row is at least OUTROW (a compare,
	 * off the chain of loads), and store each target as its row
	 * offset (no multiply). */
	{
		uint32_t *renum = xcalloc(nst, sizeof(*renum));
		uint32_t *nd = xreallocarray(NULL, nst * ncls, sizeof(*nd));
		struct orange *no = xcalloc(nst, sizeof(*no));
		size_t k = 0;

		if (nst * ncls >= UINT32_MAX) {
			fputs("roleaudit: prefilter: automaton too big\n",
			    stderr);
			abort();
		}
		for (size_t s = 0; s < nst; s++)
			if (pf->outr[s].count == 0)
				renum[s] = (uint32_t)k++;
		pf->outrow = (uint32_t)(k * ncls);
		for (size_t s = 0; s < nst; s++)
			if (pf->outr[s].count != 0)
				renum[s] = (uint32_t)k++;
		for (size_t s = 0; s < nst; s++) {
			no[renum[s]] = pf->outr[s];
			for (size_t c = 0; c < ncls; c++)
				nd[renum[s] * ncls + c] = (uint32_t)(renum[
				    pf->delta[s * ncls + c]] * ncls);
		}
		free(pf->delta);
		free(pf->outr);
		free(renum);
		pf->delta = nd;
		pf->outr = no;
	}
	for (int b = 0; b < 256; b++)
		pf->col[b] = pf->delta + pf->cls[b];
}

size_t
prefilter_maxw(const char *pattern)
{
	struct ps ps = { pattern, pattern + strlen(pattern), 0 };
	struct info in;
	size_t w;

	parse_alt(&ps, 0, &in);
	w = ps.fail || ps.p != ps.end ? INF : in.maxw;
	info_clear(&in);
	/* Caseless ASCII letters were counted as one byte, but k and s
	 * also match U+212A (3 bytes) and U+017F (2): allow three bytes
	 * for every byte counted. */
	if (w != INF)
		w = w > INF / 3 ? INF : w * 3;
	return w;
}

struct prefilter *
prefilter_new(const struct ruleset *rs)
{
	struct prefilter *pf = xcalloc(1, sizeof(*pf));
	size_t litcap = 0, n = 0;

	pf->rs = rs;
	pf->base = xcalloc(rs->nrules ? rs->nrules : 1, sizeof(*pf->base));
	for (size_t i = 0; i < rs->nrules; i++) {
		pf->base[i] = n;
		n += rs->rules[i]->npats;
	}
	pf->nmain = n;
	pf->ubase = xcalloc(rs->nrules ? rs->nrules : 1, sizeof(*pf->ubase));
	for (size_t i = 0; i < rs->nrules; i++) {
		pf->ubase[i] = n;
		n += rs->rules[i]->nunless;
	}
	pf->npub = pf->npats = n;
	/* Room for the branches of top-level alternations: at most one
	 * more than a pattern's '|'. */
	{
		size_t cap = n;

		for (size_t i = 0; i < rs->nrules; i++) {
			const struct rule *r = rs->rules[i];

			for (size_t j = 0; j < r->npats + r->nunless; j++) {
				const char *t = j < r->npats ? r->pats[j]->text :
				    r->unless[j - r->npats]->text;
				size_t bars = 0;

				for (; *t; t++)
					bars += *t == '|';
				cap += bars ? bars + 1 : 0;
			}
		}
		pf->pidcap = cap;
	}
	pf->kind = xcalloc(pf->pidcap ? pf->pidcap : 1, 1);
	pf->ks = xcalloc(pf->pidcap ? pf->pidcap : 1, 1);
	pf->need = xcalloc(pf->pidcap ? pf->pidcap : 1, 1);
	pf->gatew = xcalloc(pf->pidcap ? pf->pidcap : 1, sizeof(*pf->gatew));
	pf->span = xcalloc(pf->pidcap ? pf->pidcap : 1, sizeof(*pf->span));
	pf->spanok = xcalloc(pf->pidcap ? pf->pidcap : 1, 1);
	pf->tmpl = xcalloc(pf->pidcap ? pf->pidcap : 1, sizeof(*pf->tmpl));
	pf->parent = xcalloc(pf->pidcap ? pf->pidcap : 1,
	    sizeof(*pf->parent));
	pf->sub0 = xcalloc(n ? n : 1, sizeof(*pf->sub0));
	pf->nsub = xcalloc(n ? n : 1, sizeof(*pf->nsub));
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		for (size_t j = 0; j < r->npats; j++)
			add_pattern(pf, r, pf->base[i] + j, r->pats[j]->text,
			    0, &litcap);
		for (size_t u = 0; u < r->nunless; u++)
			add_pattern(pf, r, pf->ubase[i] + u,
			    r->unless[u]->text, 1, &litcap);
	}
	n = pf->npats;		/* the branches too */
	for (size_t p = 0; p < n; p++) {
		pf->tmpl[p] = pf->kind[p] == PF_ALWAYS ? 0 : PF_NONE;
		if (pf->kind[p] == PF_ALWAYS)
			pf->nalways++;
		else if (pf->kind[p] == PF_EXACT)
			pf->nexact++;
		if (pf->ks[p])
			pf->any_ks = 1;
	}
	/* (?i) k and s match U+212A and U+017F too: the automaton finds
	 * them, and a text holding one runs those patterns from 0. */
	if (pf->any_ks) {
		struct str k = { "\xE2\x84\xAA", 3, 1, 0 };
		struct str l = { "\xC5\xBF", 2, 1, 0 };

		size_t id;

		/* Not pf->lits[lit_add(...)]: lit_add() may move LITS. */
		id = lit_add(pf, &k, &litcap);
		pf->lits[id].kelvin = 1;
		id = lit_add(pf, &l, &litcap);
		pf->lits[id].kelvin = 1;
	}
	for (size_t i = 0; i < pf->nlits; i++) {
		struct lit *l = &pf->lits[i];

		for (size_t k = 0; l->cs && !l->verify && k < l->len; k++)
			if ((l->s[k] >= 'A' && l->s[k] <= 'Z') ||
			    (l->s[k] >= 'a' && l->s[k] <= 'z'))
				l->verify = 1;
		/* A short literal that only gates is looked for near the
		 * windows that need it (windows()): the common ones ("and",
		 * ",", "the", "有") made two in five of the automaton's hits.
		 * Longer ones are rare and cheaper in the automaton. */
		l->lazy = l->nusers > 0 && !l->kelvin && l->len <= LAZY_MAX;
		for (size_t u = 0; u < l->nusers; u++) {
			size_t p = l->users[u].pid;

			l->users[u].win = pf->kind[p] == PF_FILTER ? 1 : 0;
			if (l->users[u].grp != 2)
				l->lazy = 0;
			if (l->users[u].win)
				l->place = 1;
			if (l->users[u].win && pf->ks[p])
				l->users[u].win |= 2;
		}
		if (!l->lazy && trie_len(l) > pf->maxlen)
			pf->maxlen = trie_len(l);
	}
	/* need: 2, the gate set is checked by pf_run(); 4, it holds a
	 * lazy literal and only windows() checks it. */
	for (size_t i = 0; i < pf->nlits; i++)
		for (size_t u = 0; pf->lits[i].lazy && u < pf->lits[i].nusers;
		    u++) {
			size_t p = pf->lits[i].users[u].pid;

			pf->need[p] = (unsigned char)((pf->need[p] & ~2) | 4);
		}
	/* The users of all literals in one array, by literal: a scan reads
	 * those of each literal it found. */
	{
		size_t tot = 0, o = 0;

		for (size_t i = 0; i < pf->nlits; i++)
			tot += pf->lits[i].nusers;
		pf->uall = xreallocarray(NULL, tot ? tot : 1,
		    sizeof(*pf->uall));
		for (size_t i = 0; i < pf->nlits; i++) {
			struct lit *l = &pf->lits[i];

			if (l->nusers > 0)
				memcpy(pf->uall + o, l->users,
				    l->nusers * sizeof(*l->users));
			free(l->users);
			l->users = pf->uall + o;
			o += l->nusers;
		}
	}
	/* The spans as byte tables, a test per byte where the walks of
	 * windows() and same_run() read them; patterns with one span
	 * share a table. */
	{
		size_t ns = 0, *rep = xcalloc(n ? n : 1, sizeof(*rep));

		pf->spantab = xcalloc(n ? n : 1, sizeof(*pf->spantab));
		pf->stabs = xcalloc(n ? n : 1, 256);
		for (size_t p = 0; p < n; p++) {
			size_t k;

			if (!pf->spanok[p])
				continue;
			for (k = 0; k < ns; k++)	/* seen before? */
				if (memcmp(pf->span[rep[k]], pf->span[p],
				    32) == 0)
					break;
			if (k == ns) {
				for (int c = 0; c < 256; c++)
					pf->stabs[ns * 256 + c] =
					    (pf->span[p][c >> 3] >> (c & 7)) & 1;
				rep[ns++] = p;
			}
			pf->spantab[p] = pf->stabs + k * 256;
		}
		free(rep);
	}
	/* Each FILTER rule pattern's literals, by set, for its windows. */
	{
		size_t np = n ? n : 1, tot = 0;

		pf->p1off = xcalloc(np, sizeof(*pf->p1off));
		pf->p1n = xcalloc(np, sizeof(*pf->p1n));
		pf->p2off = xcalloc(np, sizeof(*pf->p2off));
		pf->p2n = xcalloc(np, sizeof(*pf->p2n));
		for (size_t i = 0; i < pf->nlits; i++)
			for (size_t u = 0; u < pf->lits[i].nusers; u++) {
				const struct user *us = &pf->lits[i].users[u];

				if (!us->win)
					continue;
				if (us->grp == 1)
					pf->p1n[us->pid]++;
				else
					pf->p2n[us->pid]++;
				tot++;
			}
		pf->plit = xcalloc(tot ? tot : 1, sizeof(*pf->plit));
		tot = 0;
		for (size_t p = 0; p < n; p++) {
			pf->p1off[p] = tot;
			tot += pf->p1n[p];
			pf->p1n[p] = 0;
			pf->p2off[p] = tot;
			tot += pf->p2n[p];
			pf->p2n[p] = 0;
		}
		for (size_t i = 0; i < pf->nlits; i++)
			for (size_t u = 0; u < pf->lits[i].nusers; u++) {
				const struct user *us = &pf->lits[i].users[u];
				struct plit *pl;

				if (!us->win)
					continue;
				if (us->grp == 1)
					pl = &pf->plit[pf->p1off[us->pid] +
					    pf->p1n[us->pid]++];
				else
					pl = &pf->plit[pf->p2off[us->pid] +
					    pf->p2n[us->pid]++];
				pl->lit = (uint32_t)i;
				pl->dist = us->dist;
				pl->wb = us->wb;
			}
	}
	build_automaton(pf);
	return pf;
}

void
prefilter_free(struct prefilter *pf)
{
	if (pf == NULL)
		return;
	for (size_t i = 0; i < pf->nlits; i++)
		free(pf->lits[i].s);
	free(pf->uall);
	free(pf->lits);
	free(pf->base);
	free(pf->ubase);
	free(pf->kind);
	free(pf->ks);
	free(pf->need);
	free(pf->gatew);
	free(pf->parent);
	free(pf->sub0);
	free(pf->nsub);
	free(pf->lhash);
	free(pf->plit);
	free(pf->p1off);
	free(pf->p1n);
	free(pf->p2off);
	free(pf->p2n);
	free(pf->span);
	free(pf->spanok);
	free(pf->spantab);
	free(pf->stabs);
	free(pf->tmpl);
	free(pf->delta);
	free(pf->outr);
	free(pf->outv);
	free(pf);
}

size_t
prefilter_npats(const struct prefilter *pf)
{
	return pf->npats;
}

size_t
prefilter_pat(const struct prefilter *pf, const struct rule *r, size_t j)
{
	return pf->base[r->index] + j;
}

size_t
prefilter_unless(const struct prefilter *pf, const struct rule *r, size_t u)
{
	return pf->ubase[r->index] + u;
}

enum pf_kind
prefilter_kind(const struct prefilter *pf, size_t pid)
{
	return (enum pf_kind)pf->kind[pid];
}

void
prefilter_stats(const struct prefilter *pf, size_t *nlits, size_t *nstates,
    size_t *nalways, size_t *nexact)
{
	if (nlits != NULL)
		*nlits = pf->nlits;
	if (nstates != NULL)
		*nstates = pf->nstates;
	if (nalways != NULL)
		*nalways = pf->nalways;
	if (nexact != NULL)
		*nexact = pf->nexact;
}

struct pf_scan *
pf_scan_new(const struct prefilter *pf)
{
	struct pf_scan *s = xcalloc(1, sizeof(*s));
	size_t n = pf->nlits ? pf->nlits : 1;
	size_t np = pf->npats ? pf->npats : 1;

	s->pf = pf;
	s->first = xcalloc(n, sizeof(*s->first));
	s->gen = xcalloc(n, sizeof(*s->gen));
	s->seen = xcalloc(n, sizeof(*s->seen));
	s->order = xcalloc(np, sizeof(*s->order));
	s->pgen = xcalloc(np, sizeof(*s->pgen));
	s->have = xcalloc(np, sizeof(*s->have));
	s->touched = xcalloc(np, sizeof(*s->touched));
	return s;
}

void
pf_scan_free(struct pf_scan *s)
{
	if (s == NULL)
		return;
	free(s->first);
	free(s->gen);
	free(s->seen);
	free(s->order);
	free(s->pgen);
	free(s->have);
	free(s->touched);
	free(s->hit);
	free(s->hitb);
	free(s);
}

struct pf_anch *
pf_anch_new(const struct prefilter *pf)
{
	struct pf_anch *a = xcalloc(1, sizeof(*a));
	size_t nl = pf->nlits ? pf->nlits : 1;

	a->pf = pf;
	/* Never NULL: pf_anch_get() returns it for "no window". */
	a->wincap = 64;
	a->win = xreallocarray(NULL, a->wincap, sizeof(*a->win));
	a->head = xcalloc(nl, sizeof(*a->head));
	a->tail = xcalloc(nl, sizeof(*a->tail));
	a->lgen = xcalloc(nl, sizeof(*a->lgen));
	return a;
}

void
pf_anch_free(struct pf_anch *a)
{
	if (a == NULL)
		return;
	free(a->occ);
	free(a->head);
	free(a->tail);
	free(a->lgen);
	free(a->gate);
	free(a->gcur);
	free(a->win);
	free(a->bwin);
	free(a);
}

static int
cmp_win(const void *a, const void *b)
{
	const struct pf_win *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Windows closer than this are searched as one: a pcre2_match() call
 * costs more than scanning a few dozen bytes. */
#define WIN_GAP	64

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Sorts N windows by LO, N places.  The lists are short and made of a
 * few sorted runs (one per literal), where an insertion sort beats
 * qsort() and its calls through a pointer.
 */
static void
sort_wins(struct pf_win *v, size_t n)
{
	if (n > 48) {
		qsort(v, n, sizeof(*v), cmp_win);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct pf_win x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1].lo > x.lo; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void
sort_places(size_t *v, size_t n)
{
	if (n > 48) {
		qsort(v, n, sizeof(*v), cmp_size);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		size_t x = v[i], j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Bytes the run test reads on each side before it gives up (and keeps
 * the window). */
#define RUN_LOOK	512

/* A word character for \b with or without (*UCP). */
static int
ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* SPAN is a pattern's byte table (spantab). */
static int
in_span(const unsigned char *span, unsigned char c)
{
	return span[c];
}

/*
 * Whether gate place G (the first at or after the window's LO, which
 * lies in AT's run of SPAN bytes or RUN_LOOK and more before AT) can be
 * in the same run of SPAN bytes as AT (the place of a first-set
 * literal): a match holds a literal of each set and only SPAN bytes, so
 * the bytes between them are all in SPAN.  When G lies after AT and
 * outside its run, no later place is inside.  Past RUN_LOOK bytes it
 * answers yes.
 */
static int
same_run(const unsigned char *span, const unsigned char *t, size_t at,
    size_t g)
{
	if (g <= at || g - at > RUN_LOOK)
		return 1;
	while (at < g && in_span(span, t[at]))
		at++;
	return at == g;
}

/* Do bytes [FROM, len) of literal L, read as the automaton reads it
 * (folded when caseless, byte for byte when case-sensitive), match at
 * P?  FROM 0: does L start at P? */
static int
tail_at(const struct lit *l, const unsigned char *p, size_t from)
{
	if (l->cs)
		return memcmp(p + from, l->s + from, l->len - from) == 0;
	for (size_t k = from; k < l->len; k++)
		if (lower(p[k]) != (unsigned char)l->s[k])
			return 0;
	return 1;
}

/* The first place of L in T[0..LEN) that starts in [FROM, LIM], or
 * PF_NONE. */
static size_t
lit_find(const struct lit *l, const unsigned char *t, size_t len,
    size_t from, size_t lim)
{
	unsigned char c = (unsigned char)l->s[0], u = c;

	if (l->len == 0 || l->len > len)
		return PF_NONE;
	if (lim > len - l->len)
		lim = len - l->len;
	if (!l->cs && c >= 'a' && c <= 'z')
		u = (unsigned char)(c - 'a' + 'A');
	while (from <= lim) {
		size_t n = lim - from + 1;
		const unsigned char *p = memchr(t + from, c, n), *q;

		if (u != c && (q = memchr(t + from, u, p != NULL ?
		    (size_t)(p - (t + from)) : n)) != NULL)
			p = q;
		if (p == NULL)
			return PF_NONE;
		if (tail_at(l, p, 0))
			return (size_t)(p - t);
		from = (size_t)(p - t) + 1;
	}
	return PF_NONE;
}

/*
 * The first place of gate literal L at or after LO, looked for up to
 * LIM; PF_NONE when there is none up to LIM.  C remembers what earlier
 * calls (with a LO no greater) found.
 */
static size_t
gate_next(struct gcur *c, const struct lit *l, const unsigned char *t,
    size_t len, size_t lo, size_t lim)
{
	size_t from;

	if (c->at != PF_NONE) {
		if (c->at >= lo)
			return c->at;
		from = lo;
	} else
		from = c->upto > lo ? c->upto : lo;
	if (from > lim) {
		c->at = PF_NONE;
		c->upto = from;
		return PF_NONE;
	}
	c->at = lit_find(l, t, len, from, lim);
	c->upto = c->at != PF_NONE ? c->at + 1 : lim + 1;
	return c->at;
}

/*
 * The windows of start positions of FILTER pattern PID in the text
 * pf_run() last read into AN: a literal of its set at AT, at most DIST
 * bytes after a match's start, means a match can only start in
 * [AT - DIST, AT], and after the last byte before AT that no match can
 * hold.  A pattern with a gate set keeps only the windows [LO, HI]
 * where a gate literal starts within [LO, HI + its width] and in the
 * same run of span bytes: a match holds one.  Sorted, merged when they
 * overlap or nearly touch.
 */
/* Merges V[0..N), sorted, where windows overlap or nearly touch;
 * returns how many are left. */
static size_t
merge_wins(struct pf_win *v, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (o > 0 && v[i].lo <= v[o - 1].hi + WIN_GAP) {
			if (v[i].hi > v[o - 1].hi)
				v[o - 1].hi = v[i].hi;
		} else
			v[o++] = v[i];
	}
	return o;
}

/* The list *WINP, allocated if need be: no window is an empty list,
 * not NULL ("search from the start offset"). */
static struct pf_win *
wins_list(struct pf_win **winp, size_t *capp)
{
	if (*winp == NULL) {
		*capp = 64;
		*winp = xreallocarray(NULL, *capp, sizeof(**winp));
	}
	return *winp;
}

static const struct pf_win *branch_windows(struct pf_anch *, size_t,
		    size_t *, struct pf_win **, size_t *);

static const struct pf_win *
windows(struct pf_anch *an, size_t pid, size_t *n, struct pf_win **winp,
    size_t *capp)
{
	const struct prefilter *pf;
	const unsigned char *t;
	size_t total = 0, cat = PF_NONE, cbar = PF_NONE;
	struct pf_win *v;
	int sorted = 1;

	if (an == NULL || an->start == NULL)
		return NULL;
	pf = an->pf;
	t = an->t;
	if (pf->kind[pid] != PF_FILTER ||
	    an->start[pid] == PF_NONE || (an->kshit && pf->ks[pid]))
		return NULL;
	if (pid < pf->npub && pf->nsub[pid] > 0)
		return branch_windows(an, pid, n, winp, capp);
	for (size_t k = 0; k < pf->p1n[pid]; k++) {
		const struct plit *pl = &pf->plit[pf->p1off[pid] + k];

		size_t ll = pf->lits[pl->lit].len;

		if (an->lgen[pl->lit] != an->gen)
			continue;
		for (uint32_t i = an->head[pl->lit]; i != NOCC;
		    i = an->occ[i].next) {
			size_t at = an->occ[i].at, lo;

			/* A \b at the literal's start or end, between two
			 * ASCII word characters, cannot hold: no match
			 * holds this place. */
			if ((pl->wb & WB_BEFORE) && at > 0 &&
			    ascii_word(t[at]) && ascii_word(t[at - 1]))
				continue;
			if ((pl->wb & WB_AFTER) && at + ll < an->len &&
			    ascii_word(t[at + ll - 1]) && ascii_word(t[at + ll]))
				continue;

			lo = pl->dist >= at ? 0 : at - pl->dist;
			/* A match holds no byte outside the span: it
			 * starts after the last such byte before AT, BAR.
			 * The last place's BAR holds too when only span
			 * bytes lie between the two. */
			if (pf->spanok[pid] && at > lo) {
				const unsigned char *sp = pf->spantab[pid];
				size_t x = at, bar = PF_NONE, stop =
				    at - lo > RUN_LOOK ? at - RUN_LOOK : lo;

				if (cat != PF_NONE && cat <= at && cat >= stop) {
					while (x > cat && in_span(sp, t[x - 1]))
						x--;
					if (x > cat)
						bar = x;
					else
						bar = cbar;
				}
				if (bar == PF_NONE) {
					while (x > stop && in_span(sp, t[x - 1]))
						x--;
					if (x > stop)
						bar = x;
				}
				cat = at;
				cbar = bar;
				if (bar != PF_NONE && bar > lo)
					lo = bar;
			}
			while (lo > 0 && (t[lo] & 0xC0) == 0x80)
				lo--;
			if (total == *capp) {
				*capp = *capp ? *capp * 2 : 64;
				*winp = xreallocarray(*winp, *capp,
				    sizeof(**winp));
			}
			if (total > 0 && lo < (*winp)[total - 1].lo)
				sorted = 0;
			(*winp)[total].lo = lo;
			(*winp)[total++].hi = at;
		}
	}
	v = wins_list(winp, capp);
	if (!sorted)
		sort_wins(v, total);
	if (pf->need[pid] & 6) {
		size_t ng = 0, nl = 0, j = 0, m = 0, w = pf->gatew[pid];
		const struct plit *g2 = &pf->plit[pf->p2off[pid]];

		/* The gate literals the automaton found, by place, and
		 * a cursor for each lazy one. */
		sorted = 1;
		if (pf->p2n[pid] > an->gcurcap) {
			an->gcurcap = pf->p2n[pid];
			an->gcur = xreallocarray(an->gcur, an->gcurcap,
			    sizeof(*an->gcur));
		}
		for (size_t k = 0; k < pf->p2n[pid]; k++) {
			uint32_t lit = g2[k].lit;

			if (pf->lits[lit].lazy) {
				an->gcur[nl].at = PF_NONE;
				an->gcur[nl++].upto = 0;
				continue;
			}
			if (an->lgen[lit] != an->gen)
				continue;
			for (uint32_t i = an->head[lit]; i != NOCC;
			    i = an->occ[i].next) {
				if (ng == an->gatecap) {
					an->gatecap = an->gatecap ?
					    an->gatecap * 2 : 64;
					an->gate = xreallocarray(an->gate,
					    an->gatecap, sizeof(*an->gate));
				}
				if (ng > 0 && an->occ[i].at < an->gate[ng - 1])
					sorted = 0;
				an->gate[ng++] = an->occ[i].at;
			}
		}
		if (!sorted)
			sort_places(an->gate, ng);
		/* Windows come by LO, which only grows: the first gate
		 * place at or past LO is the only one to look at, and each
		 * lazy literal is looked for once over the stretches the
		 * windows need. */
		for (size_t i = 0; i < total; i++) {
			size_t at = v[i].hi, lim, g = PF_NONE;

			lim = w >= an->len || at + w >= an->len ? an->len :
			    at + w;
			while (j < ng && an->gate[j] < v[i].lo)
				j++;
			if (j < ng)
				g = an->gate[j];
			for (size_t k = 0, c = 0; c < nl; k++) {
				size_t x;

				if (!pf->lits[g2[k].lit].lazy)
					continue;
				x = gate_next(&an->gcur[c++],
				    &pf->lits[g2[k].lit], t, an->len, v[i].lo,
				    g < lim ? g : lim);
				if (x < g)
					g = x;
			}
			if (g != PF_NONE && g <= lim && (!pf->spanok[pid] ||
			    same_run(pf->spantab[pid], t, at, g)))
				v[m++] = v[i];
		}
		total = m;
	}
	*n = merge_wins(v, total);
	return v;
}

/*
 * The windows of a pattern read branch by branch: those of each branch
 * that can match, together, sorted and merged.  NULL when one branch
 * must be searched from its start offset.
 */
static const struct pf_win *
branch_windows(struct pf_anch *an, size_t pid, size_t *n,
    struct pf_win **winp, size_t *capp)
{
	const struct prefilter *pf = an->pf;
	size_t total = 0;
	struct pf_win *v;

	for (size_t b = 0; b < pf->nsub[pid]; b++) {
		size_t sp = pf->sub0[pid] + b, k;
		const struct pf_win *w;

		if (an->start[sp] == PF_NONE)
			continue;
		if ((w = windows(an, sp, &k, &an->bwin, &an->bwincap)) == NULL)
			return NULL;
		if (total + k > *capp) {
			*capp = total + k > 64 ? (total + k) * 2 : 64;
			*winp = xreallocarray(*winp, *capp, sizeof(**winp));
		}
		if (k > 0)
			memcpy(*winp + total, w, k * sizeof(*w));
		total += k;
	}
	v = wins_list(winp, capp);
	sort_wins(v, total);
	*n = merge_wins(v, total);
	return v;
}

const struct pf_win *
pf_anch_get(struct pf_anch *an, size_t pid, size_t *n)
{
	return an == NULL ? NULL : windows(an, pid, n, &an->win, &an->wincap);
}

const struct pf_win *
pf_anch_get_into(struct pf_anch *an, size_t pid, size_t *n,
    struct pf_win **buf, size_t *cap)
{
	return an == NULL ? NULL : windows(an, pid, n, buf, cap);
}

/*
 * Runs the automaton over T[0, LEN) and leaves in SC->hit, in text
 * order, each place where it entered a state with outputs; returns
 * their number.  The loop is one dependent table load per byte, so a
 * longer text is cut in two halves scanned side by side: the loads of
 * one overlap the other's.  The second half starts MAXLEN - 1 bytes
 * early (its state is exact from the cut on) and keeps only the hits
 * that end past the cut.
 */
static size_t
scan(struct pf_scan *sc, const unsigned char *t, size_t len)
{
	const struct prefilter *pf = sc->pf;
	const uint32_t *const *col = pf->col;
	uint32_t outrow = pf->outrow;
	size_t lap = pf->maxlen ? pf->maxlen - 1 : 0;
	size_t na = 0, nb = 0, mid, bs, i;
	uint32_t sa = 0, sb = 0;
	struct hit *ha, *hb;

	if (len + 1 > sc->hitcap) {
		sc->hitcap = len + 1 > 1024 ? len + 1 : 1024;
		free(sc->hit);
		free(sc->hitb);
		sc->hit = xreallocarray(NULL, sc->hitcap, sizeof(*sc->hit));
		sc->hitb = xreallocarray(NULL, sc->hitcap, sizeof(*sc->hit));
	}
	ha = sc->hit;
	hb = sc->hitb;
	if (len < 256 || len / 2 <= lap) {
		for (i = 0; i < len; i++) {
			sa = col[t[i]][sa];
			ha[na].end = (uint32_t)(i + 1);
			ha[na].row = sa;
			na += sa >= outrow;
		}
		return na;
	}
	mid = len / 2;
	bs = mid - lap;		/* A: [0, mid), B: [bs, len) */
	/* B's first LAP bytes only bring its state up to date. */
	for (i = 0; i < lap; i++) {
		sa = col[t[i]][sa];
		sb = col[t[bs + i]][sb];
		ha[na].end = (uint32_t)(i + 1);
		ha[na].row = sa;
		na += sa >= outrow;
	}
	for (; i < mid; i++) {
		sa = col[t[i]][sa];
		sb = col[t[bs + i]][sb];
		ha[na].end = (uint32_t)(i + 1);
		ha[na].row = sa;
		na += sa >= outrow;
		hb[nb].end = (uint32_t)(bs + i + 1);
		hb[nb].row = sb;
		nb += sb >= outrow;
	}
	for (i = bs + mid; i < len; i++) {
		sb = col[t[i]][sb];
		hb[nb].end = (uint32_t)(i + 1);
		hb[nb].row = sb;
		nb += sb >= outrow;
	}
	memcpy(ha + na, hb, nb * sizeof(*hb));
	return na + nb;
}

size_t
pf_touched(const struct pf_scan *s, const uint32_t **pids)
{
	*pids = s->touched;
	return s->ntouched;
}

/* Adds AT to the places of literal ID in AN, which come in order. */
static void
place(struct pf_anch *an, uint32_t id, size_t at)
{
	uint32_t i;

	if (an->nocc == an->occcap) {
		an->occcap = an->occcap ? an->occcap * 2 : 256;
		an->occ = xreallocarray(an->occ, an->occcap,
		    sizeof(*an->occ));
	}
	i = (uint32_t)an->nocc++;
	an->occ[i].at = at;
	an->occ[i].next = NOCC;
	if (an->lgen[id] != an->gen) {
		an->lgen[id] = an->gen;
		an->head[id] = i;
	} else
		an->occ[an->tail[id]].next = i;
	an->tail[id] = i;
}

void
pf_run(struct pf_scan *sc, const char *text, size_t len, size_t *start,
    size_t *mlen, struct pf_anch *an)
{
	const struct prefilter *pf = sc->pf;
	const unsigned char *t = (const unsigned char *)text;
	size_t nhit;
	int kshit = 0;

	if (++sc->curgen == 0) {
		memset(sc->gen, 0, (pf->nlits ? pf->nlits : 1) *
		    sizeof(*sc->gen));
		memset(sc->pgen, 0, (pf->npats ? pf->npats : 1) *
		    sizeof(*sc->pgen));
		sc->curgen = 1;
	}
	sc->nseen = sc->ntouched = 0;
	if (an != NULL) {
		if (++an->gen == 0) {
			memset(an->lgen, 0, (pf->nlits ? pf->nlits : 1) *
			    sizeof(*an->lgen));
			an->gen = 1;
		}
		an->nocc = 0;
		an->t = t;
		an->len = len;
		an->start = start;
	}
	if (len >= UINT32_MAX) {
		/* Fields are capped far below (--max-field <= 1 GiB). */
		fputs("roleaudit: pf_run: text over 4 GiB\n", stderr);
		abort();
	}
	nhit = scan(sc, t, len);
	for (size_t h = 0; h < nhit; h++) {
		/* Exact: a row is st * ncls < 2^32, so the error
		 * st * (rdiv * ncls - 2^40) < 2^32 stays below 2^40. */
		uint32_t st = (uint32_t)(((uint64_t)sc->hit[h].row *
		    pf->rdiv) >> 40);
		size_t end = sc->hit[h].end;

		const struct oent *oe = pf->outv + pf->outr[st].start;
		const struct oent *oend = oe + pf->outr[st].count;

		for (; oe < oend; oe++) {
			uint32_t id = oe->id;
			size_t at = end - oe->hk;

			if (sc->gen[id] == sc->curgen && !(oe->fl & OE_PRE))
				continue;
			if ((oe->fl & OE_TAIL) && (at + oe->len > len ||
			    !tail_at(&pf->lits[id], t + at, oe->hk)))
				continue;
			/* (a tail, when there is one, was compared above) */
			if ((oe->fl & OE_VERIFY) &&
			    memcmp(t + at, pf->lits[id].s, oe->hk) != 0)
				continue;
			if (oe->fl & OE_KELVIN) {
				kshit = 1;
				continue;
			}
			if ((oe->fl & OE_PLACE) && an != NULL)
				place(an, id, at);
			if (sc->gen[id] == sc->curgen)
				continue;
			sc->gen[id] = sc->curgen;
			sc->first[id] = at;
			sc->seen[sc->nseen++] = id;
		}
	}
	if (pf->npats > 0)
		memcpy(start, pf->tmpl, pf->npats * sizeof(*start));
	for (size_t k = 0; k < sc->nseen; k++) {
		const struct lit *l = &pf->lits[sc->seen[k]];
		size_t at = sc->first[sc->seen[k]];

		for (size_t u = 0; u < l->nusers; u++) {
			const struct user *us = &l->users[u];
			size_t p = us->pid, c;

			if (sc->pgen[p] != sc->curgen) {
				sc->pgen[p] = sc->curgen;
				sc->have[p] = 0;
				sc->touched[sc->ntouched++] = (uint32_t)p;
			}
			sc->have[p] |= (unsigned char)us->grp;
			if (us->grp != 1)
				continue;
			if (pf->kind[p] == PF_EXACT) {
				if (start[p] == PF_NONE || at < start[p] ||
				    (at == start[p] && us->order <
				    sc->order[p])) {
					start[p] = at;
					mlen[p] = l->len;
					sc->order[p] = us->order;
				}
				continue;
			}
			if (us->dist == INF || us->dist >= at)
				c = 0;
			else {
				c = at - us->dist;
				while (c > 0 && (t[c] & 0xC0) == 0x80)
					c--;
			}
			if (c < start[p])
				start[p] = c;
		}
	}
	/* A pattern runs only when each of its literal sets occurs (a
	 * gate set with a lazy literal counts as seen: windows() looks
	 * for it). */
	for (size_t k = 0; k < sc->ntouched; k++) {
		size_t p = sc->touched[k];

		if ((sc->have[p] & pf->need[p] & 3) != (pf->need[p] & 3))
			start[p] = PF_NONE;
	}
	/* (?i) k and s match U+212A and U+017F too: such text runs the
	 * patterns whose caseless literals hold k or s, from 0. */
	if (kshit) {
		for (size_t p = 0; p < pf->npats; p++) {
			if (!pf->ks[p])
				continue;
			start[p] = 0;
			if (sc->pgen[p] != sc->curgen) {
				sc->pgen[p] = sc->curgen;
				sc->touched[sc->ntouched++] = (uint32_t)p;
			}
		}
	}
	/* A pattern read branch by branch starts where its first branch
	 * that can match does. */
	if (pf->npats > pf->npub) {
		size_t nt = sc->ntouched;

		for (size_t k = 0; k < nt; k++) {
			size_t sp = sc->touched[k], p;

			if (sp < pf->npub)
				continue;
			p = pf->parent[sp];
			if (start[sp] < start[p])
				start[p] = start[sp];
			if (sc->pgen[p] != sc->curgen) {
				sc->pgen[p] = sc->curgen;
				sc->have[p] = 0;
				sc->touched[sc->ntouched++] = (uint32_t)p;
			}
		}
	}
	if (an != NULL)
		an->kshit = kshit;
}
