/*
 * matcher.h — runs a rule set over a role's text fields.
 *
 * A rule counts once per role: the matcher reports, for each rule that
 * hit, the first hit (field index, byte offset, length).  A rule that
 * exceeded a PCRE2 resource limit on this role is reported as not
 * evaluated, and the other rules still run.  Text is valid UTF-8
 * (validated upstream), so matching skips PCRE2's UTF check.
 * One matcher per thread; it owns its match data.
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

struct matcher_limits {
	unsigned	 match_limit;	/* 0 = default */
	unsigned	 depth_limit;
	unsigned	 heap_limit_kib;
};

struct matcher;

struct matcher	*matcher_new(const struct ruleset *, const struct matcher_limits *);
/*
 * Scans FIELDS (BORROWED).  Hits are in rule order, at most one per
 * rule; both arrays are owned by the matcher and valid until the next
 * scan.  Returns the number of hits.
 */
size_t		 matcher_scan(struct matcher *, const struct ra_field *fields,
		    size_t nfields, const struct hit **hits,
		    const struct miss **misses, size_t *nmisses);
/*
 * Scans a role's TITLE (BORROWED) with the title rules only (dimension
 * title); same contract as matcher_scan.  The arrays it returns replace
 * those of the previous scan.
 */
size_t		 matcher_scan_title(struct matcher *, const char *title,
		    size_t len, const struct hit **hits,
		    const struct miss **misses, size_t *nmisses);
/* Does rule R match TEXT (for rules test and title rules)? 1, 0, or -1
 * when a limit was hit. */
int		 matcher_rule_matches(struct matcher *, const struct rule *,
		    const char *text, size_t len);
void		 matcher_free(struct matcher *);

#endif
