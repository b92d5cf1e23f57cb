/*
 * rules.h — the rule set: *.rules files loaded, validated and compiled.
 *
 * Only rules.c and matcher.c include <pcre2.h>; everything else sees a
 * rule's metadata through struct rule and treats the compiled patterns
 * as opaque (struct rule_pat's code member).  The file format is
 * documented in roleaudit-rules(5).
 */
#ifndef ROLEAUDIT_RULES_H
#define ROLEAUDIT_RULES_H

#include <stddef.h>
#include <stdint.h>

enum ra_dim {
	DIM_SCOPE = 0,
	DIM_NATURE,
	DIM_CYCLE,
	DIM_METRICS,
	DIM_SKILLS,
	DIM_COUNT,		/* the five dimensions of the text score */
	DIM_TITLE = DIM_COUNT	/* title rules: the title's own lean */
};

enum ra_side {
	SIDE_OPS = 0,
	SIDE_PM,
	SIDE_COUNT
};

const char	*dim_name(enum ra_dim);		/* "scope", ..., "title" */
const char	*side_name(enum ra_side);	/* "ops", "pm" */
int		 dim_parse(const char *, enum ra_dim *);	/* 0 ok, -1 */
int		 side_parse(const char *, enum ra_side *);

/* Longest pattern accepted, in bytes. */
#define RULE_PATTERN_MAX	4096

/*
 * One pattern (or unless pattern) of a rule, as written and compiled.
 * CODE is a pcre2_code * that only rules.c and matcher.c look into.
 */
struct rule_pat {
	char		*text;		/* the pattern as written */
	unsigned long	 line;		/* where: line and 1-based character */
	unsigned long	 col;		/*   column of its first character */
	void		*code;		/* pcre2_code *, owned */
};

struct rule {
	char		*id;
	enum ra_dim	 dim;
	enum ra_side	 side;
	double		 weight;
	char		*lang;		/* "zh", "en", "any" */
	char		*source;	/* the article's sentence, may be NULL */
	char		*file;		/* where it was defined */
	unsigned long	 line;		/* ... its [rule] line */
	unsigned	 index;		/* position in the set, 0-based */
	int		 ucp;		/* compiled with PCRE2_UCP */
	struct rule_pat	**pats;		/* one or more */
	size_t		 npats;
	struct rule_pat	**unless;	/* zero or more */
	size_t		 nunless;
	char		**examples;	/* must match */
	unsigned long	*example_lines;	/* line of each example */
	size_t		 nexamples;
	char		**counters;	/* must not match */
	unsigned long	*counter_lines;	/* line of each counter */
	size_t		 ncounters;
};

struct ruleset {
	struct rule	**rules;
	size_t		 nrules;
	void		*pcre;		/* compile context etc., rules.c only */
};

/* Returns a new, empty rule set; free it with ruleset_free(). */
struct ruleset	*ruleset_new(void);
/*
 * Loads PATH (BORROWED: a *.rules file, or a folder whose *.rules files
 * are read in name order) into RS.  Every error is reported through
 * diag() as FILE:LINE:COL: message and loading goes on; a rule with an
 * error is left out of the set.  Returns the number of errors (0 = all
 * good).  Duplicate ids, also across files and calls, are errors.
 */
int		 ruleset_load(struct ruleset *, const char *path);
/*
 * Convenience for the commands: a new rule set from PATHS (the default
 * path when NPATHS is 0), minus the ids in DISABLED (an unknown id is
 * an error).  Strings are BORROWED.  Errors are reported through diag()
 * and counted in *NERRORS.  Always returns a new set (possibly holding
 * only the good rules); the caller frees it.
 */
struct ruleset	*ruleset_load_all(const char *const *paths, size_t npaths,
		    const char *const *disabled, size_t ndisabled,
		    int *nerrors);
/*
 * Drops the rule ID (BORROWED) and renumbers the others.  Matchers made
 * from RS before this call are no longer valid.  Returns 0, or -1 when
 * there is no such rule.
 */
int		 ruleset_disable(struct ruleset *, const char *id);
/*
 * JIT-compiles every pattern of RS, once (later calls return at once;
 * loading does not): the matcher calls it, on a thread of its own while
 * it builds the prefilter.  Not to be called on one set from two threads
 * at once.
 */
void		 ruleset_jit(const struct ruleset *);
/*
 * Reports, as diag() warnings, what `rules lint` warns about: a rule
 * with no source, no example or no counter; a pattern that no literal
 * can start (nothing to prefilter on); a pattern that can match the
 * empty string; a full-width character in a pattern (text is folded to
 * ASCII before matching, so it would never match).  Returns the number
 * of warnings.
 */
int		 ruleset_lint(const struct ruleset *);
/* Finds the default rules folder: $ROLEAUDIT_RULES, the build tree, or
 * the installed $(pkgdatadir)/rules.  Returns a static string. */
const char	*ruleset_default_path(void);
/*
 * A fingerprint of what in RS decides verdicts: FNV-1a 64 over each
 * rule, in load order -- id, dimension, side, weight (its IEEE-754
 * bits), language, UCP, how many patterns and unless patterns, and
 * those -- each string with its length in front.  Sources, examples,
 * counters, files and lines are left out: they change no verdict.
 */
uint64_t	 ruleset_fingerprint(const struct ruleset *);
/* The rule ID, or NULL.  The rule is BORROWED from RS. */
const struct rule *ruleset_find(const struct ruleset *, const char *id);
/* Releases RS and all its rules; NULL is allowed. */
void		 ruleset_free(struct ruleset *);

#endif
