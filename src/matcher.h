/*
 * matcher.h — runs a rule set over a role's text fields.
 *
 * A rule counts once per role: the matcher reports, for each rule that
 * hit, the first hit (field index, byte offset, length).  A rule that
 * exceeded a PCRE2 resource limit on this role is reported as not
 * evaluated, and the other rules still run.  Text is valid UTF-8
 * (validated upstream), so matching skips PCRE2's UTF check.
 * Full-width ASCII in the text (U+FF01-U+FF5E, and U+3000 as a space)
 * matches as its ASCII form; offsets and lengths always refer to the
 * original bytes.  One matcher per thread; it owns its match data.
 */
#ifndef ROLEAUDIT_MATCHER_H
#define ROLEAUDIT_MATCHER_H

#include <stddef.h>

#include "record.h"
#include "rules.h"

struct hit {
	const struct rule	*rule;
	size_t			 field;	/* index into the fields given */
	size_t			 offset; /* byte offset in that field */
	size_t			 len;	/* bytes matched */
};

struct miss {				/* a rule not evaluated */
	const struct rule	*rule;
	const char		*why;	/* "match limit", "depth limit", ... */
};

/* The limits used when a field of struct matcher_limits is 0. */
#define MATCHER_MATCH_LIMIT	1000000u
#define MATCHER_DEPTH_LIMIT	10000u	/* the interpreter only */
#define MATCHER_HEAP_LIMIT_KIB	20480u	/* 20 MiB; the interpreter only */

/* The time a rule may use in one file (--rule-budget), in ms, plus
 * MATCHER_BUDGET_NS_PER_BYTE for each byte of text read in it so far
 * (50 ms a MB: the slowest default rule takes under 1 ms a MB). */
#define MATCHER_BUDGET_MS	2000
#define MATCHER_BUDGET_NS_PER_BYTE	50u

struct matcher_limits {
	unsigned	 match_limit;	/* 0 = default */
	unsigned	 depth_limit;
	unsigned	 heap_limit_kib;
	long		 budget_ms;	/* 0 = MATCHER_BUDGET_MS, < 0 = off */
};

/* The reason a rule over its time budget is not evaluated. */
#define MATCHER_WHY_BUDGET	"time budget"

/*
 * Returns a new matcher for RS (BORROWED: it must outlive the matcher
 * and not change, e.g. by ruleset_disable()).  LIMITS may be NULL for
 * the defaults.  Free it with matcher_free().
 */
struct matcher	*matcher_new(const struct ruleset *, const struct matcher_limits *);
/*
 * Scans FIELDS (BORROWED) with every text rule (title rules are left
 * out: see matcher_scan_title).  For each rule the first hit counts: in
 * field order, then by offset.  Hits are in rule order, at most one per
 * rule; a rule that found no hit because a PCRE2 limit or error stopped
 * it is in MISSES instead.  Both arrays are owned by the matcher and
 * valid until the next matcher_scan().  Returns the number of hits.
 */
size_t		 matcher_scan(struct matcher *, const struct ra_field *fields,
		    size_t nfields, const struct hit **hits,
		    const struct miss **misses, size_t *nmisses);
/*
 * The same for the title rules only, over TITLE (BORROWED, LEN bytes);
 * hits have field 0.  The arrays are apart from matcher_scan()'s and
 * valid until the next matcher_scan_title().  Returns the number of hits.
 */
size_t		 matcher_scan_title(struct matcher *, const char *title,
		    size_t len, const struct hit **hits,
		    const struct miss **misses, size_t *nmisses);
/*
 * Runs rule R (any rule of the set, title rules too) over TEXT, with
 * unless and width folding, as a scan would.  Returns 1 and fills *HIT
 * (may be NULL) on a hit, 0 on none, -1 when a limit or error stopped
 * it, with the reason in *WHY (may be NULL; a string owned by the
 * matcher, valid until the next call).
 */
int		 matcher_rule_find(struct matcher *, const struct rule *,
		    const char *text, size_t len, struct hit *hit,
		    const char **why);
/* Does rule R match TEXT (for rules test and title rules)? 1, 0, or -1
 * when a limit was hit. */
int		 matcher_rule_matches(struct matcher *, const struct rule *,
		    const char *text, size_t len);
/*
 * The same as matcher_new() with a prefilter PF (BORROWED, may be NULL
 * for one of its own) that several matchers, one per thread, share.
 */
struct prefilter;
struct matcher	*matcher_new_shared(const struct ruleset *,
		    const struct matcher_limits *, const struct prefilter *pf);
/*
 * The prefilter of RS for matcher_new_shared() (free it with
 * prefilter_free() after the matchers), built while another thread
 * JIT-compiles RS's patterns (ruleset_jit()): the two take about the same
 * time, and start-up is most of a small file's run.  Without a thread,
 * one after the other.
 */
struct prefilter *matcher_prefilter_new(const struct ruleset *);
/*
 * With NAIVE set, every pattern runs over every field from offset 0,
 * without the literal prefilter: the reference the differential test
 * compares the prefiltered scan against.  Results are identical.
 */
void		 matcher_set_naive(struct matcher *, int naive);
/* Releases M; NULL is allowed. */
void		 matcher_free(struct matcher *);

/*
 * A time budget per rule for one file, shared by the matchers of every
 * thread.  Once a rule has spent more than LIMITS' budget_ms in PCRE2
 * (summed over rows and threads), plus MATCHER_BUDGET_NS_PER_BYTE for
 * each byte of text the matchers have read in the file (counted in
 * steps of 64 KiB per matcher), the matchers stop running it and
 * report it as a miss with why MATCHER_WHY_BUDGET; one pcre2_match()
 * over a long field is cut into windows of start positions so that it
 * too stops near the budget.  Returns a new budget for RS (BORROWED),
 * or NULL when LIMITS turns the budget off.
 */
struct matcher_budget;
struct matcher_budget *matcher_budget_new(const struct ruleset *,
		    const struct matcher_limits *);
/* Starts a new file: every rule has its whole budget again. */
void		 matcher_budget_reset(struct matcher_budget *);
/* Returns 1 the first time it is called for R since the reset, else 0
 * (so that the driver says once per file that R is out of budget). */
int		 matcher_budget_first(struct matcher_budget *, const struct rule *);
/* Releases B; NULL is allowed. */
void		 matcher_budget_free(struct matcher_budget *);
/* Makes M charge its PCRE2 time to B (BORROWED; NULL: no budget). */
void		 matcher_set_budget(struct matcher *, struct matcher_budget *);

#endif
