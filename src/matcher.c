/*
 * matcher.c — runs a compiled rule set (rules.c) over a role's fields
 * and returns, per rule, its first hit or why it could not be decided.
 * Knows nothing of CSV or of output: the audit driver hands it field
 * views and passes its hits to the classifier (classify.c).
 *
 * Resource bounds.  Every pcre2_match() runs under the matcher's match
 * context: a match limit (the interpreter and, counted differently, the
 * JIT), a depth limit and a heap limit (the interpreter only: pcre2api
 * says the JIT ignores both), and a JIT stack of 32 KiB growing to
 * 1 MiB.  A JIT stack overflow is not the pattern's fault (long fields
 * overflow it on harmless patterns such as (a|b)*c), so that one call is
 * retried with the interpreter, which the other limits bound.  Any
 * other error makes the rule a miss for this role; the other rules run.
 *
 * Cost per scan: one pass over each field to see whether it holds
 * full-width characters, a copy of the fields that do, then one
 * pcre2_match() per rule, pattern and field until the first hit.  No
 * allocation once the buffers have grown to the largest role seen.
 */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "matcher.h"
#include "prefilter.h"
#include "t2s.h"
#include "xalloc.h"

#define JIT_STACK_START	(32 * 1024)
#define JIT_STACK_MAX	(1024 * 1024)
#define WHY_MAX		128
/* Under a budget, a search over more than WINDOW_MIN bytes runs in
 * windows of start positions (PCRE2's offset limit), the clock read
 * between them: PCRE2's match limit restarts at each start position,
 * so one call can otherwise run for minutes without hitting it. */
#define WINDOW_MIN	(64 * 1024)
#define WINDOW_FIRST	16
#define RA_ERR_BUDGET	(-100000)	/* not a PCRE2 code */
/* A matcher adds the text it read to the budget in steps of this many
 * bytes (a step is worth 3 ms of allowance). */
#define BYTES_FLUSH	(64 * 1024)

struct matcher_budget {
	const struct ruleset	*rs;
	uint64_t		 limit_ns;	/* for any file ... */
	uint64_t		 per_byte_ns;	/* ... plus this per byte of
						   its text read so far */
	uint64_t		 flush_ns;	/* a matcher adds its time to
						   USED once it has this much */
	clockid_t		 clock;		/* see matcher_budget_new() */
	_Atomic unsigned	 epoch;		/* bumped by each reset */
	_Atomic uint64_t	 bytes;		/* text read in this file */
	_Atomic uint64_t	*used;		/* by rule index */
	_Atomic int		*spent;
	unsigned char		*said;
};

/*
 * A field as the patterns see it: the original bytes, or its folded copy
 * with MAP listing where the folded characters are (unfold() turns an
 * offset of the copy into one of the original).
 */
struct view {
	const char	*p;
	size_t		 len;
	const size_t	*map;		/* where each folded character
					   is in P, in order (NULL: not
					   folded) */
	size_t		 nmap;
	size_t		 foff, moff;	/* where the copy is, while building */
	int		 t2s;		/* it holds Traditional characters */
};

/* Where the search for one unless pattern stands within one field. */
struct ucursor {
	size_t		 from;		/* next start offset to try */
	size_t		 us, ue;	/* the match found from there */
	int		 have;		/* us/ue are valid */
	int		 done;		/* no match at or after FROM */
	int		 wgot;		/* W and NW are set */
	const struct pf_win *w;		/* where a match can start (NULL:
					   anywhere from FROM on) */
	size_t		 nw, wi;	/* W's length, the next to search */
};

struct matcher {
	const struct ruleset	*rs;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;
	pcre2_match_data	*md;

	struct hit		*hits, *thits;		/* text, title */
	struct miss		*misses, *tmisses;
	char			(*why)[WHY_MAX];	/* by rule index */
	char			 why1[WHY_MAX];		/* rule_find */

	struct ucursor		*cur;			/* max nunless */
	struct pf_win		**ubuf;			/* their windows */
	size_t			*ubufcap;
	struct ukey {					/* UBUF holds the
							   windows of */
		const struct pf_anch *an;		/* this view's */
		size_t		 pid;			/* pattern */
		unsigned	 gen;			/* at CANDGEN */
		size_t		 nw;
		const struct pf_win *w;
	}			*ukey;
	size_t			 maxunless;
	size_t			*umaxw;			/* by ubase + u */
	size_t			*ubase;			/* by rule index */

	char			*fold;			/* folded copies */
	size_t			 foldcap;
	size_t			*map;
	size_t			 mapcap;
	struct view		*views;
	size_t			 viewcap;

	const struct prefilter	*pf;
	struct prefilter	*pfown;			/* when not shared */
	struct pf_scan		*pfs;
	size_t			 npids;
	uint64_t		*pend;			/* by rule: PCRE2 time
							   not yet charged */
	unsigned		 pend_epoch;
	uint64_t		 pend_bytes;		/* text read, not yet
							   added to the budget */
	unsigned		 bytes_epoch;
	size_t			 nmainpid;		/* pids below: rule
							   patterns */
	size_t			*patpid;		/* by rule: its first
							   pattern's pid (the
							   others follow) */
	size_t			*unlpid;		/* by rule: its first
							   unless pattern's */
	unsigned char		*pidexact;		/* by pid: PF_EXACT */
	uint32_t		*pidrule;		/* by pid: its rule */
	unsigned char		*always;		/* by rule: has a
							   PF_ALWAYS pattern */
	unsigned		 candgen;		/* counts prepare()s */
	uint64_t		*cbits;			/* the candidates, a
							   bit per rule */
	size_t			 ncwords;
	uint32_t		*alist;			/* the ALWAYS rules */
	size_t			 nalist;
	size_t			*starts;		/* by view, pid */
	size_t			*mlens;
	size_t			 startcap;		/* views */
	struct pf_anch		**anch;			/* by view */
	int			 naive;			/* no prefilter */
	int			 titled;		/* the set has a title
							   rule */
	struct matcher_budget	*budget;
	size_t			 ri;			/* rule being run */
	const size_t		*fst;			/* the field's starts,
							   NULL when naive */

	/* ROLEAUDIT_MATCHER_STATS: pcre2_match() calls and start positions
	 * per pattern, printed to stderr by matcher_free() (to find which
	 * patterns cost the most). */
	struct pstat {
		const struct rule_pat	*pat;
		unsigned long		 calls, bytes;
		int			 kind;		/* -1: unless */
	}			*stats;
	size_t			 nstats;
};

static void
oom(void *p)
{
	if (p == NULL) {
		fputs("roleaudit: out of memory\n", stderr);
		abort();
	}
}

struct matcher *
matcher_new(const struct ruleset *rs, const struct matcher_limits *lim)
{
	return matcher_new_shared(rs, lim, NULL);
}

static void *
jit_thread(void *arg)
{
	ruleset_jit(arg);
	return NULL;
}

struct prefilter *
matcher_prefilter_new(const struct ruleset *rs)
{
	struct prefilter *pf;
	pthread_t t;
	int threaded;

	/* (ruleset_jit() returns at once when it has run already) */
	threaded = pthread_create(&t, NULL, jit_thread, (void *)rs) == 0;
	pf = prefilter_new(rs);
	if (threaded)
		pthread_join(t, NULL);
	else
		ruleset_jit(rs);
	return pf;
}

struct matcher *
matcher_new_shared(const struct ruleset *rs, const struct matcher_limits *lim,
    const struct prefilter *pf)
{
	struct matcher *m = xcalloc(1, sizeof(*m));
	uint32_t maxcap = 0, cap;
	size_t maxunless = 1, n = rs->nrules ? rs->nrules : 1;

	m->rs = rs;
	m->mctx = pcre2_match_context_create(NULL);
	oom(m->mctx);
	pcre2_set_match_limit(m->mctx, lim && lim->match_limit ?
	    lim->match_limit : MATCHER_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, lim && lim->depth_limit ?
	    lim->depth_limit : MATCHER_DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mctx, lim && lim->heap_limit_kib ?
	    lim->heap_limit_kib : MATCHER_HEAP_LIMIT_KIB);
	/* Without a stack of its own the JIT has 32 KiB of machine stack;
	 * when even this cannot be had, JIT_STACKLIMIT sends the call to
	 * the interpreter. */
	m->jstack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX,
	    NULL);
	if (m->jstack != NULL)
		pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);

	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		for (size_t j = 0; j < r->npats; j++)
			if (pcre2_pattern_info(r->pats[j]->code,
			    PCRE2_INFO_CAPTURECOUNT, &cap) == 0 && cap > maxcap)
				maxcap = cap;
		for (size_t j = 0; j < r->nunless; j++)
			if (pcre2_pattern_info(r->unless[j]->code,
			    PCRE2_INFO_CAPTURECOUNT, &cap) == 0 && cap > maxcap)
				maxcap = cap;
		if (r->nunless > maxunless)
			maxunless = r->nunless;
	}
	/* One match data for every pattern: room for the most captures,
	 * so a match never comes back as "ovector too small". */
	m->md = pcre2_match_data_create(maxcap + 1, NULL);
	oom(m->md);
	m->hits = xcalloc(n, sizeof(*m->hits));
	m->thits = xcalloc(n, sizeof(*m->thits));
	m->misses = xcalloc(n, sizeof(*m->misses));
	m->tmisses = xcalloc(n, sizeof(*m->tmisses));
	m->why = xcalloc(n, sizeof(*m->why));
	m->cur = xcalloc(maxunless, sizeof(*m->cur));
	m->ubuf = xcalloc(maxunless, sizeof(*m->ubuf));
	m->ubufcap = xcalloc(maxunless, sizeof(*m->ubufcap));
	m->ukey = xcalloc(maxunless, sizeof(*m->ukey));
	m->maxunless = maxunless;
	if (pf == NULL)
		pf = m->pfown = matcher_prefilter_new(rs);
	ruleset_jit(rs);	/* done already, unless PF came from elsewhere */
	m->pf = pf;
	m->pfs = pf_scan_new(pf);
	m->npids = prefilter_npats(pf);
	for (size_t i = 0; i < rs->nrules; i++) {
		m->nmainpid += rs->rules[i]->npats;
		if (rs->rules[i]->dim == DIM_TITLE)
			m->titled = 1;
	}
	/* The prefilter's numbering, looked up once per rule and pattern
	 * here rather than on every row. */
	m->patpid = xcalloc(n, sizeof(*m->patpid));
	m->pend = xcalloc(n, sizeof(*m->pend));
	m->unlpid = xcalloc(n, sizeof(*m->unlpid));
	m->pidexact = xcalloc(m->npids ? m->npids : 1, 1);
	m->pidrule = xcalloc(m->npids ? m->npids : 1, sizeof(*m->pidrule));
	m->always = xcalloc(n, 1);
	m->ncwords = (n + 63) / 64;
	m->cbits = xcalloc(m->ncwords, sizeof(*m->cbits));
	m->alist = xcalloc(n, sizeof(*m->alist));
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		for (size_t j = 0; j < r->npats; j++) {
			size_t pid = prefilter_pat(pf, r, j);

			if (j == 0)
				m->patpid[i] = pid;
			if (pid != m->patpid[i] + j) {
				fputs("roleaudit: prefilter numbering\n", stderr);
				abort();
			}
			m->pidexact[pid] = prefilter_kind(pf, pid) == PF_EXACT;
			m->pidrule[pid] = (uint32_t)i;
			if (prefilter_kind(pf, pid) == PF_ALWAYS)
				m->always[i] = 1;
		}
		for (size_t u = 0; u < r->nunless; u++) {
			size_t pid = prefilter_unless(pf, r, u);

			if (u == 0)
				m->unlpid[i] = pid;
			if (pid != m->unlpid[i] + u) {
				fputs("roleaudit: prefilter numbering\n", stderr);
				abort();
			}
		}
	}
	for (size_t i = 0; i < rs->nrules; i++)
		if (m->always[i])
			m->alist[m->nalist++] = (uint32_t)i;
	/* How far before a hit an unless match that reaches into it can
	 * start. */
	m->ubase = xcalloc(n, sizeof(*m->ubase));
	{
		size_t nu = 0;

		for (size_t i = 0; i < rs->nrules; i++) {
			m->ubase[i] = nu;
			nu += rs->rules[i]->nunless;
		}
		m->umaxw = xcalloc(nu ? nu : 1, sizeof(*m->umaxw));
		for (size_t i = 0; i < rs->nrules; i++)
			for (size_t u = 0; u < rs->rules[i]->nunless; u++)
				m->umaxw[m->ubase[i] + u] = prefilter_maxw(
				    rs->rules[i]->unless[u]->text);
	}
	if (getenv("ROLEAUDIT_MATCHER_STATS") != NULL) {
		for (size_t i = 0; i < rs->nrules; i++)
			m->nstats += rs->rules[i]->npats +
			    rs->rules[i]->nunless;
		m->stats = xcalloc(m->nstats + 1, sizeof(*m->stats));
		m->nstats = 0;
		for (size_t i = 0; i < rs->nrules; i++) {
			const struct rule *r = rs->rules[i];

			for (size_t j = 0; j < r->npats; j++) {
				m->stats[m->nstats].kind = (int)prefilter_kind(
				    pf, prefilter_pat(pf, r, j));
				m->stats[m->nstats++].pat = r->pats[j];
			}
			for (size_t j = 0; j < r->nunless; j++) {
				m->stats[m->nstats].kind = -1;
				m->stats[m->nstats++].pat = r->unless[j];
			}
		}
	}
	/* The reference scan, for comparing whole runs from the shell. */
	m->naive = getenv("ROLEAUDIT_MATCHER_NAIVE") != NULL;
	return m;
}

void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nstats; i++)
		if (m->stats[i].calls > 0)
			fprintf(stderr, "roleaudit: stats: %lu calls %lu bytes "
			    "kind %d %s\n", m->stats[i].calls,
			    m->stats[i].bytes, m->stats[i].kind,
			    m->stats[i].pat->text);
	free(m->stats);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jstack);
	free(m->hits);
	free(m->thits);
	free(m->misses);
	free(m->tmisses);
	free(m->why);
	free(m->cur);
	for (size_t u = 0; u < m->maxunless; u++)
		free(m->ubuf[u]);
	free(m->ubuf);
	free(m->ubufcap);
	free(m->ukey);
	free(m->umaxw);
	free(m->ubase);
	free(m->patpid);
	free(m->pend);
	free(m->unlpid);
	free(m->pidexact);
	free(m->pidrule);
	free(m->always);
	free(m->cbits);
	free(m->alist);
	free(m->fold);
	free(m->map);
	free(m->views);
	pf_scan_free(m->pfs);
	prefilter_free(m->pfown);
	free(m->starts);
	free(m->mlens);
	for (size_t i = 0; i < m->startcap; i++)
		pf_anch_free(m->anch[i]);
	free(m->anch);
	free(m);
}

/* ------------------------------------------------------------------ */
/* Width folding.                                                       */

/*
 * Job texts typed with a Chinese input method often carry full-width
 * Latin letters and digits (ＫＰＩ, １２个月) and the ideographic space;
 * rules are written in ASCII.  U+FF01-U+FF5E is EF BC 81-BF and
 * EF BD 80-9E in UTF-8, U+3000 is E3 80 80; each folds to one byte.
 */
static int
needs_fold(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;

	while (len >= 3 && (p = memchr(p, 0xEF, (size_t)(end - p))) != NULL) {
		if (end - p < 3)
			break;
		if ((p[1] == 0xBC && p[2] >= 0x81) ||
		    (p[1] == 0xBD && p[2] <= 0x9E))
			return 1;
		p++;
	}
	p = (const unsigned char *)s;
	while (len >= 3 && (p = memchr(p, 0xE3, (size_t)(end - p))) != NULL) {
		if (end - p < 3)
			break;
		if (p[1] == 0x80 && p[2] == 0x80)
			return 1;
		p++;
	}
	return 0;
}

/*
 * Traditional Chinese (Hong Kong, Taiwan): rules are written in
 * Simplified characters, so in a field that t2s_traditional() finds
 * Traditional, a character with a Simplified form of the same UTF-8
 * length is read as that form (運營 as 运营, 項目經理 as 项目经理;
 * t2s.h), offsets unchanged: fold() below.  Then Taiwan's words for
 * the article's two roles are read as the Mainland's: 專案 (专案, a
 * project) as 项目 and 營運 (营运, operations) as 运营.  Same lengths,
 * so offsets stay.  Not where the first character ends a word of its
 * own: 經營運作 is 经营 + 运作, 大專案例 大专 + 案例.
 */
static void
t2s_words(char *s, size_t len)
{
	static const struct {
		const char	*from, *to;
		const char	*ends;	/* characters before FROM that end a
					   word with its first */
	} pair[] = {
		{ "专案", "项目", "大中" },
		{ "营运", "运营", "经国民公私合联自军阵露兵扎宿夜本连集令野" },
	};

	for (size_t k = 0; k < sizeof(pair) / sizeof(pair[0]); k++) {
		char *p = s, *end = s + len;

		while ((p = memmem(p, (size_t)(end - p), pair[k].from, 6)) !=
		    NULL) {
			int word = 0;

			for (const char *e = pair[k].ends; p - s >= 3 && *e &&
			    !word; e += 3)
				word = memcmp(p - 3, e, 3) == 0;
			if (!word)
				memcpy(p, pair[k].to, 6);
			p += 6;
		}
	}
}

/*
 * Folds S into OUT and lists in MAP the folded offsets of the characters
 * that shrank from three bytes to one, in order (*NMAP of them); returns
 * the folded length.  Offset O of OUT is O + 2 * (the folds before O) in
 * S (unfold()).  With T2S, Traditional characters are folded too (they
 * keep their length: no MAP entry).
 */
/* The offset of the first byte C in P[I, LEN), or LEN. */
static size_t
next_byte(const unsigned char *p, size_t i, size_t len, int c)
{
	const unsigned char *q = memchr(p + i, c, len - i);

	return q != NULL ? (size_t)(q - p) : len;
}

static size_t
fold(const char *s, size_t len, char *out, size_t *map, size_t *nmap,
    int t2s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, nm = 0, nef, ne3;

	/* Without T2S, the next EF and E3, each looked for again only once
	 * passed (memchr, not a test per byte). */
	nef = t2s ? len : next_byte(p, 0, len, 0xEF);
	ne3 = t2s ? len : next_byte(p, 0, len, 0xE3);
	while (i < len) {
		size_t j = i;

		if (t2s)
			while (j < len && p[j] < 0xE3)
				j++;
		else {
			if (nef < i)
				nef = next_byte(p, i, len, 0xEF);
			if (ne3 < i)
				ne3 = next_byte(p, i, len, 0xE3);
			j = nef < ne3 ? nef : ne3;
		}
		memcpy(out + o, p + i, j - i);
		o += j - i;
		i = j;
		if (i >= len)
			break;
		if (i + 2 < len && p[i] == 0xEF && p[i + 1] == 0xBC &&
		    p[i + 2] >= 0x81) {
			map[nm++] = o;
			out[o++] = (char)(p[i + 2] - 0x60);
			i += 3;
		} else if (i + 2 < len && p[i] == 0xEF && p[i + 1] == 0xBD &&
		    p[i + 2] >= 0x80 && p[i + 2] <= 0x9E) {
			map[nm++] = o;
			out[o++] = (char)(p[i + 2] - 0x20);
			i += 3;
		} else if (i + 2 < len && p[i] == 0xE3 && p[i + 1] == 0x80 &&
		    p[i + 2] == 0x80) {
			map[nm++] = o;
			out[o++] = ' ';
			i += 3;
		} else if (t2s && i + 2 < len && p[i] <= 0xEF) {
			uint32_t c = t2s_get3(p + i);

			t2s_put3(out + o, t2s_folds(c) ? t2s_lookup(c) : c);
			o += 3;
			i += 3;
		} else
			out[o++] = (char)p[i++];
	}
	*nmap = nm;
	if (t2s)
		t2s_words(out, o);
	return o;
}

/* Offset O of folded view V in the field's own text. */
static size_t
unfold(const struct view *v, size_t o)
{
	size_t lo = 0, hi = v->nmap;

	while (lo < hi) {		/* the folds before O */
		size_t mid = lo + (hi - lo) / 2;

		if (v->map[mid] < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return o + 2 * lo;
}

/* Sets up m->views[0..n) for FIELDS, folding those that need it. */
static void
prepare(struct matcher *m, const struct ra_field *fields, size_t n)
{
	size_t flen = 0, mlen = 0;

	if (n > m->viewcap) {
		m->views = xreallocarray(m->views, n, sizeof(*m->views));
		m->viewcap = n;
	}
	for (size_t i = 0; i < n; i++) {
		struct view *v = &m->views[i];

		v->p = fields[i].ptr;
		v->len = fields[i].len;
		v->map = NULL;
		v->foff = (size_t)-1;
		v->t2s = t2s_traditional(v->p, v->len);
		if (!v->t2s && !needs_fold(v->p, v->len))
			continue;
		v->foff = flen;
		v->moff = mlen;
		flen += v->len;
		mlen += v->len / 3 + 1;	/* a fold takes three bytes */
	}
	if (!m->naive) {
		if (n > m->startcap) {
			m->starts = xreallocarray(m->starts, n * m->npids + 1,
			    sizeof(*m->starts));
			m->mlens = xreallocarray(m->mlens, n * m->npids + 1,
			    sizeof(*m->mlens));
			m->anch = xreallocarray(m->anch, n, sizeof(*m->anch));
			for (size_t i = m->startcap; i < n; i++)
				m->anch[i] = pf_anch_new(m->pf);
			m->startcap = n;
		}
	}
	if (flen == 0 && mlen == 0)
		goto filter;
	if (flen > m->foldcap) {
		m->fold = xrealloc(m->fold, flen);
		m->foldcap = flen;
	}
	if (mlen > m->mapcap) {
		m->map = xreallocarray(m->map, mlen, sizeof(*m->map));
		m->mapcap = mlen;
	}
	for (size_t i = 0; i < n; i++) {
		struct view *v = &m->views[i];

		if (v->foff == (size_t)-1)
			continue;
		v->len = fold(v->p, v->len, m->fold + v->foff, m->map + v->moff,
		    &v->nmap, v->t2s);
		v->p = m->fold + v->foff;
		v->map = m->map + v->moff;
	}
filter:
	/* One pass of the literal automaton per view: which patterns can
	 * match it, and from where. */
	memset(m->cbits, 0, m->ncwords * sizeof(*m->cbits));
	if (++m->candgen == 0) {	/* no view is marked with 0 */
		memset(m->ukey, 0, m->maxunless * sizeof(*m->ukey));
		m->candgen = 1;
	}
	if (!m->naive)
		for (size_t i = 0; i < n; i++) {
			const uint32_t *pids;
			size_t np;

			pf_run(m->pfs, m->views[i].p, m->views[i].len,
			    m->starts + i * m->npids, m->mlens + i * m->npids,
			    m->anch[i]);
			/* Only a rule with a literal in some view (or a
			 * pattern without one) can hit: the others are
			 * not looked at. */
			np = pf_touched(m->pfs, &pids);
			for (size_t k = 0; k < np; k++) {
				uint32_t ri;

				if (pids[k] >= m->nmainpid)
					continue;
				ri = m->pidrule[pids[k]];
				m->cbits[ri / 64] |= (uint64_t)1 << (ri % 64);
			}
		}
	/* The rules that always run are candidates too. */
	for (size_t k = 0; k < m->nalist; k++)
		m->cbits[m->alist[k] / 64] |= (uint64_t)1 << (m->alist[k] % 64);
}

/* ------------------------------------------------------------------ */
/* Matching.                                                            */

static size_t
next_char(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return len + 1;
	i++;
	while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static uint64_t
now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One pcre2_match() from START, trying start positions up to LIM. */
static int
match1(struct matcher *m, const struct rule_pat *p, const struct view *v,
    size_t start, size_t lim, uint32_t opt)
{
	int rc;

	if (m->stats != NULL)
		for (size_t i = 0; i < m->nstats; i++)
			if (m->stats[i].pat == p) {
				m->stats[i].calls++;
				m->stats[i].bytes += (lim < v->len ? lim :
				    v->len) - start + 1;
				break;
			}
	pcre2_set_offset_limit(m->mctx, lim >= v->len ? PCRE2_UNSET : lim);
	rc = pcre2_match(p->code, (PCRE2_SPTR)v->p, v->len, start,
	    PCRE2_NO_UTF_CHECK | opt, m->md, m->mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(p->code, (PCRE2_SPTR)v->p, v->len, start,
		    PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT | opt, m->md, m->mctx);
	return rc;
}

/* Charges NS to the current rule; returns 1 when it is now over. */
static int
charge(struct matcher *m, uint64_t ns)
{
	struct matcher_budget *b = m->budget;
	unsigned epoch = atomic_load(&b->epoch);
	uint64_t used;

	if (m->pend_epoch != epoch) {	/* a new file: start afresh */
		memset(m->pend, 0, (m->rs->nrules ? m->rs->nrules : 1) *
		    sizeof(*m->pend));
		m->pend_epoch = epoch;
	}
	m->pend[m->ri] += ns;
	if (m->pend[m->ri] < b->flush_ns)
		return 0;
	used = atomic_fetch_add(&b->used[m->ri], m->pend[m->ri]) +
	    m->pend[m->ri];
	m->pend[m->ri] = 0;
	if (used > b->limit_ns + atomic_load(&b->bytes) * b->per_byte_ns) {
		atomic_store(&b->spent[m->ri], 1);
		return 1;
	}
	return 0;
}

/* The search under a budget: windows of start positions over a long
 * stretch, growing while they are fast; the clock read between them. */
static int
match_budget(struct matcher *m, const struct rule_pat *p,
    const struct view *v, size_t start, size_t lim, uint32_t opt)
{
	size_t w = WINDOW_FIRST;
	uint64_t t0 = now_ns(m->budget->clock), t1;
	int rc;

	if ((opt & PCRE2_ANCHORED) || lim - start <= WINDOW_MIN) {
		rc = match1(m, p, v, start, lim, opt);
		if (charge(m, now_ns(m->budget->clock) - t0) &&
		    rc == PCRE2_ERROR_NOMATCH)
			rc = RA_ERR_BUDGET;
		return rc;
	}
	for (;;) {
		size_t l2 = lim - start > w ? start + w : lim;

		rc = match1(m, p, v, start, l2, opt);
		t1 = now_ns(m->budget->clock);
		if (rc != PCRE2_ERROR_NOMATCH || l2 == lim) {
			charge(m, t1 - t0);
			return rc;
		}
		if (charge(m, t1 - t0))
			return RA_ERR_BUDGET;
		if (t1 - t0 < 1000000u && w < ((size_t)1 << 30))
			w *= 2;
		t0 = t1;
		/* The next window starts past L2, on a character. */
		start = next_char(v->p, v->len, l2);
		if (start > lim)
			return PCRE2_ERROR_NOMATCH;
	}
}

/* One search from START over start positions up to LIM; on a match, *S
 * and *E are the span. */
static int
run_lim(struct matcher *m, const struct rule_pat *p, const struct view *v,
    size_t start, size_t lim, size_t *s, size_t *e)
{
	PCRE2_SIZE *ov;
	int rc;

	if (m->budget != NULL)
		rc = match_budget(m, p, v, start, lim, 0);
	else
		rc = match1(m, p, v, start, lim, 0);
	if (rc >= 0) {
		ov = pcre2_get_ovector_pointer(m->md);
		*s = ov[0];
		*e = ov[1];
		if (*s > *e)	/* \K in a lookahead: keep a sane span */
			*s = *e;
	}
	return rc;
}

/*
 * Do [US,UE) and [S,E) overlap?  An empty span overlaps a span that
 * holds its position, and an empty span at the same place.
 */
static int
overlaps(size_t us, size_t ue, size_t s, size_t e)
{
	if (s == e)
		return (us <= s && s < ue) || (us == s && ue == s);
	if (us == ue)
		return s <= us && us < e;
	return us < e && s < ue;
}

/*
 * The windows of unless pattern PID in the view AN was run over, into
 * C, through slot U's buffer: worked out once per view, however many
 * of the rule's patterns hit there.
 */
static void
unless_windows(struct matcher *m, struct pf_anch *an, size_t pid, size_t u,
    struct ucursor *c)
{
	struct ukey *k = &m->ukey[u];

	if (an == NULL) {
		c->w = NULL;
		return;
	}
	if (k->an != an || k->pid != pid || k->gen != m->candgen) {
		k->an = an;
		k->pid = pid;
		k->gen = m->candgen;
		k->w = pf_anch_get_into(an, pid, &k->nw, &m->ubuf[u],
		    &m->ubufcap[u]);
	}
	c->w = k->w;
	c->nw = k->nw;
	c->wi = 0;
}

/*
 * The first match of unless pattern P in V starting in [C->from, E],
 * searched only in the windows the prefilter gave C (sorted): the
 * leftmost match starts in the first window that has one.  A window
 * reaching past E is searched again for a later hit.
 */
static int
run_unless_win(struct matcher *m, const struct rule_pat *p,
    const struct view *v, struct ucursor *c, size_t e)
{
	while (c->wi < c->nw && c->w[c->wi].hi < c->from)
		c->wi++;
	while (c->wi < c->nw && c->w[c->wi].lo <= e) {
		const struct pf_win *w = &c->w[c->wi];
		int rc = run_lim(m, p, v, w->lo > c->from ? w->lo : c->from,
		    w->hi < e ? w->hi : e, &c->us, &c->ue);

		if (rc != PCRE2_ERROR_NOMATCH || w->hi > e)
			return rc;
		c->wi++;
	}
	return PCRE2_ERROR_NOMATCH;
}

/*
 * Is the hit [S,E) of rule R cancelled by an unless match overlapping
 * it?  Each unless pattern's cursor walks the start positions of the
 * field in order: hits of one pattern in one field come in increasing
 * order, so an unless match wholly before this hit is before the next
 * ones too.  Returns 1, 0, or a negative PCRE2 error.
 */
static int
unless_hits(struct matcher *m, const struct rule *r, const struct view *v,
    struct pf_anch *an, size_t s, size_t e)
{
	for (size_t u = 0; u < r->nunless; u++) {
		struct ucursor *c = &m->cur[u];
		size_t w = m->umaxw[m->ubase[r->index] + u];
		int rc;

		/* A match that starts MAXW bytes or more before the hit
		 * ends before it, and before every later hit: skip those
		 * start positions (back to a character boundary). */
		if (!c->have && !c->done && w != (size_t)-1 && s > w &&
		    s - w > c->from) {
			c->from = s - w;
			while (c->from > 0 &&
			    ((unsigned char)v->p[c->from] & 0xC0) == 0x80)
				c->from--;
		}
		while (!c->done) {
			if (!c->have) {
				/* Only an unless match starting at or before
				 * E can overlap this hit: the start positions
				 * past E wait for a later hit, if any. */
				if (!c->wgot) {
					c->wgot = 1;
					unless_windows(m, an,
					    m->unlpid[r->index] + u, u, c);
				}
				if (c->w != NULL)
					rc = run_unless_win(m, r->unless[u], v,
					    c, e);
				else
					rc = run_lim(m, r->unless[u], v,
					    c->from, e, &c->us, &c->ue);
				if (rc == PCRE2_ERROR_NOMATCH) {
					c->from = next_char(v->p, v->len, e);
					if (c->from > v->len)
						c->done = 1;
					break;
				}
				if (rc < 0)
					return rc;
				c->have = 1;
			}
			if (overlaps(c->us, c->ue, s, e))
				return 1;
			if (c->us >= e)
				break;		/* after this hit: keep it */
			/* Before the hit: look for a match starting later,
			 * which may still reach into the hit. */
			c->have = 0;
			c->from = next_char(v->p, v->len, c->us);
			if (c->from > v->len)
				c->done = 1;
		}
	}
	return 0;
}

/*
 * The first hit of pattern P of rule R in V that no unless cancels.
 * After a cancelled hit the search goes on from its end.  Returns 1
 * (span in *S, *E), 0, or a negative PCRE2 error.
 */
static int
find_pat(struct matcher *m, const struct rule *r, const struct rule_pat *p,
    const struct view *v, struct pf_anch *anch, size_t start, size_t lim,
    const struct pf_win *win, size_t nwin, size_t *s, size_t *e)
{
	size_t wi = 0;
	int rc;

	for (size_t u = 0; u < r->nunless; u++) {
		memset(&m->cur[u], 0, sizeof(m->cur[u]));
		/* The prefilter knows where an unless match can begin, or
		 * that none can in this field. */
		if (m->fst != NULL) {
			size_t st = m->fst[m->unlpid[r->index] + u];

			if (st == PF_NONE)
				m->cur[u].done = 1;
			else
				m->cur[u].from = st;
		}
	}
	for (;;) {
		if (win != NULL) {
			/* Only in the windows the prefilter found can a
			 * match begin: search them in order, each bounded
			 * by its last start position, as an unbounded
			 * search would find the leftmost match. */
			while (wi < nwin && win[wi].hi < start)
				wi++;
			rc = PCRE2_ERROR_NOMATCH;
			while (wi < nwin && win[wi].lo <= lim && (rc =
			    run_lim(m, p, v,
			    win[wi].lo > start ? win[wi].lo : start,
			    win[wi].hi < lim ? win[wi].hi : lim, s, e)) ==
			    PCRE2_ERROR_NOMATCH)
				wi++;
		} else
			rc = run_lim(m, p, v, start, lim, s, e);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0)
			return rc;
		if (r->nunless == 0)
			return 1;
		if ((rc = unless_hits(m, r, v, anch, *s, *e)) <= 0)
			return rc == 0 ? 1 : rc;
		start = *e > *s ? *e : next_char(v->p, v->len, *s);
		if (start > v->len || start > lim)
			return 0;
	}
}

static const char *
why_of(int rc, char *buf)
{
	switch (rc) {
	case RA_ERR_BUDGET:
		return MATCHER_WHY_BUDGET;
	case PCRE2_ERROR_MATCHLIMIT:
		return "match limit";
	case PCRE2_ERROR_DEPTHLIMIT:
		return "depth limit";
	case PCRE2_ERROR_HEAPLIMIT:
		return "heap limit";
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return "JIT stack limit";
	default:
		if (pcre2_get_error_message(rc, (PCRE2_UCHAR *)buf, WHY_MAX) < 0)
			snprintf(buf, WHY_MAX, "PCRE2 error %d", rc);
		return buf;
	}
}

/*
 * Rule R over the views: the first hit in field order, then by offset
 * (the earliest pattern on a tie).  A limit on one pattern or field
 * does not stop the others: a hit found anyway is certain, so it
 * counts; only a rule left with no hit and an error is a miss.
 * Returns 1 (*H filled), 0, or -1 (*WHY set).
 */
static int
scan_rule(struct matcher *m, const struct rule *r, const struct view *views,
    size_t nviews, struct hit *h, const char **why, char *whybuf)
{
	int err = 0;

	for (size_t f = 0; f < nviews; f++) {
		const struct view *v = &views[f];
		size_t bs = 0, be = 0, s, e;
		int found = 0, rc;

		m->fst = m->naive ? NULL : m->starts + f * m->npids;
		for (size_t j = 0; j < r->npats; j++) {
			size_t st = 0;

			if (!m->naive) {
				size_t pid = m->patpid[r->index] + j;

				st = m->starts[f * m->npids + pid];
				if (st == PF_NONE)
					continue;
				if (m->pidexact[pid]) {
					/* A plain literal: its first
					 * occurrence is its first match. */
					if (!found || st < bs) {
						found = 1;
						bs = st;
						be = st + m->mlens[f * m->npids +
						    pid];
					}
					continue;
				}
			}
			{
				const struct pf_win *an = NULL;
				size_t nan = 0;

				/* A later pattern wins only by starting
				 * before the best hit so far: search no
				 * start positions past it (and work out no
				 * windows for one that starts past it). */
				if (found && st > bs)
					continue;
				if (!m->naive)
					an = pf_anch_get(m->anch[f],
					    m->patpid[r->index] + j, &nan);
				rc = find_pat(m, r, r->pats[j], v,
				    m->naive ? NULL : m->anch[f], st,
				    found ? bs : v->len, an, nan, &s, &e);
			}
			if (rc < 0) {
				if (err == 0)
					err = rc;
			} else if (rc == 1 && (!found || s < bs)) {
				found = 1;
				bs = s;
				be = e;
			}
		}
		if (found) {
			h->rule = r;
			h->field = f;
			if (v->map != NULL) {
				h->offset = unfold(v, bs);
				h->len = unfold(v, be) - h->offset;
			} else {
				h->offset = bs;
				h->len = be - bs;
			}
			return 1;
		}
	}
	if (err != 0) {
		*why = why_of(err, whybuf);
		return -1;
	}
	return 0;
}

/* The rule after I (or the first, for (size_t)-1) to look at. */
static size_t
next_rule(const struct matcher *m, size_t i)
{
	size_t w, b;
	uint64_t x;

	i++;
	if (m->naive || i >= m->rs->nrules)
		return i;
	w = i / 64;
	b = i % 64;
	x = m->cbits[w] & (~(uint64_t)0 << b);
	while (x == 0) {
		if (++w >= m->ncwords)
			return m->rs->nrules;
		x = m->cbits[w];
	}
	return w * 64 + (size_t)__builtin_ctzll(x);
}

/*
 * Every rule of the set whose title-ness is TITLE over the views, of
 * those the prefilter left as candidates.
 */
static size_t
scan_all(struct matcher *m, int title, const struct view *views,
    size_t nviews, struct hit *hits, struct miss *misses, size_t *nmisses)
{
	const struct ruleset *rs = m->rs;
	size_t nh = 0, nm = 0, i = (size_t)-1;

	/* The prefilter's candidates in rule order (every rule when
	 * searching plainly): a rule none of whose literals occurs
	 * cannot hit. */
	while ((i = next_rule(m, i)) < rs->nrules) {
		const struct rule *r = rs->rules[i];
		const char *why = NULL;
		int rc;

		if ((r->dim == DIM_TITLE) != title)
			continue;
		m->ri = i;
		if (m->budget != NULL && atomic_load(&m->budget->spent[i])) {
			misses[nm].rule = r;
			misses[nm].why = MATCHER_WHY_BUDGET;
			nm++;
			continue;
		}
		rc = scan_rule(m, r, views, nviews, &hits[nh], &why,
		    m->why[i]);
		if (rc == 1) {
			nh++;
		} else if (rc < 0) {
			misses[nm].rule = r;
			misses[nm].why = why;
			nm++;
		}
	}
	*nmisses = nm;
	return nh;
}

/* Adds N bytes of text to the file's budget: each rule may use
 * MATCHER_BUDGET_NS_PER_BYTE more for each, so that a rule no slower on
 * a big file than on a small one is never cut off part-way. */
static void
count_bytes(struct matcher *m, size_t n)
{
	struct matcher_budget *b = m->budget;
	unsigned epoch;

	if (b == NULL)
		return;
	epoch = atomic_load(&b->epoch);
	if (m->bytes_epoch != epoch) {
		m->pend_bytes = 0;
		m->bytes_epoch = epoch;
	}
	m->pend_bytes += n;
	if (m->pend_bytes >= BYTES_FLUSH) {
		atomic_fetch_add(&b->bytes, m->pend_bytes);
		m->pend_bytes = 0;
	}
}

size_t
matcher_scan(struct matcher *m, const struct ra_field *fields, size_t nfields,
    const struct hit **hits, const struct miss **misses, size_t *nmisses)
{
	size_t nh, nb = 0;

	for (size_t i = 0; i < nfields; i++)
		nb += fields[i].len;
	count_bytes(m, nb);
	prepare(m, fields, nfields);
	nh = scan_all(m, 0, m->views, nfields, m->hits, m->misses, nmisses);
	*hits = m->hits;
	*misses = m->misses;
	return nh;
}

size_t
matcher_scan_title(struct matcher *m, const char *title, size_t len,
    const struct hit **hits, const struct miss **misses, size_t *nmisses)
{
	struct ra_field f = { title, len };
	size_t nh;

	/* Without a title rule there is nothing to look for. */
	if (!m->titled) {
		*hits = m->thits;
		*misses = m->tmisses;
		*nmisses = 0;
		return 0;
	}
	prepare(m, &f, 1);
	nh = scan_all(m, 1, m->views, 1, m->thits, m->tmisses, nmisses);
	*hits = m->thits;
	*misses = m->tmisses;
	return nh;
}

int
matcher_rule_find(struct matcher *m, const struct rule *r, const char *text,
    size_t len, struct hit *hit, const char **why)
{
	struct ra_field f = { text, len };
	struct hit h;
	const char *w = NULL;
	int rc;

	prepare(m, &f, 1);
	rc = scan_rule(m, r, m->views, 1, &h, &w, m->why1);
	if (rc == 1 && hit != NULL)
		*hit = h;
	if (why != NULL)
		*why = w;
	return rc;
}

int
matcher_rule_matches(struct matcher *m, const struct rule *r,
    const char *text, size_t len)
{
	return matcher_rule_find(m, r, text, len, NULL, NULL);
}

void
matcher_set_naive(struct matcher *m, int naive)
{
	m->naive = naive;
}

struct matcher_budget *
matcher_budget_new(const struct ruleset *rs, const struct matcher_limits *lim)
{
	struct matcher_budget *b;
	long ms = lim ? lim->budget_ms : 0;
	size_t n = rs->nrules ? rs->nrules : 1;

	if (ms < 0)
		return NULL;
	if (ms == 0)
		ms = MATCHER_BUDGET_MS;
	b = xcalloc(1, sizeof(*b));
	b->rs = rs;
	b->limit_ns = (uint64_t)ms * 1000000u;
	b->per_byte_ns = MATCHER_BUDGET_NS_PER_BYTE;
	/* Adding every call's time to the shared counters made the
	 * threads fight over their cache lines: each matcher sums its own
	 * and adds it in steps of at most 1 ms (a sixteenth of a small
	 * budget), so a rule may overrun by a step per thread. */
	b->flush_ns = b->limit_ns / 16 < 1000000u ? b->limit_ns / 16 :
	    1000000u;
	/*
	 * The clock is read around every search: the precise clock took
	 * 2.4 % of a run.  The coarse one (Linux, a tick of 1-10 ms) costs
	 * a memory read.  Summed over many searches it is right on average:
	 * a search shorter than a tick is charged a whole tick or nothing,
	 * the tick with a chance equal to its share of a tick.  It serves
	 * budgets of a hundred ticks and more.
	 */
	b->clock = CLOCK_MONOTONIC;
#ifdef CLOCK_MONOTONIC_COARSE
	{
		struct timespec res;

		if (clock_getres(CLOCK_MONOTONIC_COARSE, &res) == 0 &&
		    res.tv_sec == 0 &&
		    (uint64_t)res.tv_nsec * 100 <= b->limit_ns)
			b->clock = CLOCK_MONOTONIC_COARSE;
	}
#endif
	b->used = xcalloc(n, sizeof(*b->used));
	b->spent = xcalloc(n, sizeof(*b->spent));
	b->said = xcalloc(n, sizeof(*b->said));
	matcher_budget_reset(b);
	return b;
}

void
matcher_budget_reset(struct matcher_budget *b)
{
	if (b == NULL)
		return;
	atomic_fetch_add(&b->epoch, 1);
	atomic_store(&b->bytes, 0);
	for (size_t i = 0; i < b->rs->nrules; i++) {
		atomic_store(&b->used[i], 0);
		atomic_store(&b->spent[i], 0);
		b->said[i] = 0;
	}
}

int
matcher_budget_first(struct matcher_budget *b, const struct rule *r)
{
	if (b == NULL)
		return 0;
	for (size_t i = 0; i < b->rs->nrules; i++)
		if (b->rs->rules[i] == r) {
			if (b->said[i])
				return 0;
			b->said[i] = 1;
			return 1;
		}
	return 0;
}

void
matcher_budget_free(struct matcher_budget *b)
{
	if (b == NULL)
		return;
	free((void *)b->used);
	free((void *)b->spent);
	free(b->said);
	free(b);
}

void
matcher_set_budget(struct matcher *m, struct matcher_budget *b)
{
	m->budget = b;
}
