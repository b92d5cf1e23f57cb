/*
 * prefilter.h — decides, with one pass of a multi-literal automaton over
 * a text, which rule patterns can match it at all and from which offset
 * PCRE2 must start; answers patterns that are plain literal alternations
 * without PCRE2.
 *
 * Each pattern's source is read conservatively for the literals every
 * match must contain (a set: one of them occurs in any match) and the
 * most bytes a match can start before that literal.  A pattern the
 * reader does not fully understand, or without a usable literal, always
 * runs from offset 0.  The prefilter is read-only once built and may be
 * shared between threads; each thread has its own struct pf_scan.
 */
#ifndef ROLEAUDIT_PREFILTER_H
#define ROLEAUDIT_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "rules.h"

#define PF_NONE	((size_t)-1)	/* the pattern cannot match this text */

enum pf_kind {
	PF_ALWAYS = 0,	/* no usable literal: run PCRE2 from 0 */
	PF_FILTER,	/* run PCRE2 from the offset given, if any */
	PF_EXACT	/* a plain literal alternation: the offset and length
			   given are its first match */
};

struct prefilter;
struct pf_scan;
struct pf_anch;

/* Returns a new prefilter for RS (BORROWED; must outlive it). */
struct prefilter *prefilter_new(const struct ruleset *rs);
/* Releases PF; NULL is allowed. */
void		 prefilter_free(struct prefilter *);
/* Number of patterns (of every rule, unless patterns too) the
 * prefilter numbers. */
size_t		 prefilter_npats(const struct prefilter *);
/* The number of pattern J of rule R, to index the arrays of pf_run(). */
size_t		 prefilter_pat(const struct prefilter *, const struct rule *r,
		    size_t j);
/*
 * The number of unless pattern U of rule R.  Unless patterns are never
 * PF_EXACT; a FILTER one has a start offset (or PF_NONE: it cannot
 * match the text) and windows, as a rule pattern has.
 */
size_t		 prefilter_unless(const struct prefilter *, const struct rule *r,
		    size_t u);
/* What kind pattern PID is. */
enum pf_kind	 prefilter_kind(const struct prefilter *, size_t pid);
/*
 * The most bytes a match of PATTERN (BORROWED, its source) can span, or
 * (size_t)-1 when that is unbounded or the pattern is not understood.
 * Lookarounds count zero; the span is the match's [start, end).
 */
size_t		 prefilter_maxw(const char *pattern);
/* Number of literals in the automaton and its states (for tests, bench). */
void		 prefilter_stats(const struct prefilter *, size_t *nlits,
		    size_t *nstates, size_t *nalways, size_t *nexact);

/* Returns new per-thread scratch for PF (BORROWED). */
struct pf_scan	*pf_scan_new(const struct prefilter *pf);
/* Releases S; NULL is allowed. */
void		 pf_scan_free(struct pf_scan *);
/*
 * Scans TEXT (BORROWED, LEN bytes of valid UTF-8, LEN below 4 GiB) and fills START and
 * MLEN (prefilter_npats() entries each, owned by the caller): for each
 * pattern, PF_NONE when it cannot match, else the offset (on a character
 * boundary) from which PCRE2 must search (0 for PF_ALWAYS), and for
 * PF_EXACT patterns the first match's offset and length in MLEN.
 */
void		 pf_run(struct pf_scan *, const char *text, size_t len,
		    size_t *start, size_t *mlen, struct pf_anch *an);

/*
 * The patterns the last pf_run() with S found a literal of, in *PIDS
 * (valid until the next pf_run() with S); returns their number.  Every
 * pattern that can match that text is among them, or is PF_ALWAYS.
 */
size_t		 pf_touched(const struct pf_scan *s, const uint32_t **pids);

/*
 * Where a pattern may start.  When AN (may be NULL) is given to pf_run,
 * it keeps the places of the literals, and each FILTER pattern (rule or
 * unless) has the windows of start positions where a match can begin (a
 * literal of its set occurs at most its distance later): sorted,
 * disjoint, LO <= HI, both on character boundaries.  PCRE2 need only try those, each window
 * as one call with HI as its offset limit.  pf_anch_get() works them out
 * when asked and returns them (valid until the next pf_anch_get() on AN
 * or pf_run() into it; the text and START given to pf_run() must still
 * be there) and their number in *N, or NULL when the pattern must be
 * searched from its start offset to the end instead.
 */
struct pf_win {
	size_t		 lo, hi;	/* first and last start position */
};

struct pf_anch	*pf_anch_new(const struct prefilter *);
void		 pf_anch_free(struct pf_anch *);
const struct pf_win *pf_anch_get(struct pf_anch *, size_t pid, size_t *n);
/* The same, into *BUF (grown as needed, *CAP entries; the caller frees
 * it), which later calls on AN leave alone. */
const struct pf_win *pf_anch_get_into(struct pf_anch *, size_t pid,
		    size_t *n, struct pf_win **buf, size_t *cap);

#endif
