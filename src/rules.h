/*
 * rules.h — the rule set: *.rules files loaded, validated and compiled.
 *
 * Only rules.c and matcher.c include <pcre2.h>; everything else sees a
 * rule's metadata through struct rule and treats the compiled patterns
 * as opaque.  The file format is documented in roleaudit-rules(5).
 */
#ifndef ROLEAUDIT_RULES_H
#define ROLEAUDIT_RULES_H

#include <stddef.h>

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

struct rule_pat;			/* a compiled pattern, opaque */

struct rule {
	char		*id;
	enum ra_dim	 dim;
	enum ra_side	 side;
	double		 weight;
	char		*lang;		/* "zh", "en", "any" */
	char		*source;	/* the article's sentence, may be NULL */
	char		*file;		/* where it was defined */
	unsigned long	 line;
	unsigned	 index;		/* position in the set, 0-based */
	int		 ucp;		/* compiled with PCRE2_UCP */
	struct rule_pat	**pats;		/* one or more */
	size_t		 npats;
	struct rule_pat	*unless;	/* may be NULL */
	char		**examples;	/* must match */
	size_t		 nexamples;
	char		**counters;	/* must not match */
	size_t		 ncounters;
};

struct ruleset {
	struct rule	**rules;
	size_t		 nrules;
	void		*pcre;		/* compile context etc., rules.c only */
};

struct ruleset	*ruleset_new(void);
/*
 * Loads PATH (a *.rules file, or a folder whose *.rules files are read
 * in name order) into RS.  Every error is reported through diag() as
 * FILE:LINE:COL: message and loading goes on; returns the number of
 * errors (0 = all good).  Duplicate ids across files are errors.
 */
int		 ruleset_load(struct ruleset *, const char *path);
/* Drops the rule ID; returns 0, or -1 when there is no such rule. */
int		 ruleset_disable(struct ruleset *, const char *id);
/* Finds the default rules folder: $ROLEAUDIT_RULES, the build tree, or
 * the installed $(pkgdatadir)/rules.  Returns a static string. */
const char	*ruleset_default_path(void);
const struct rule *ruleset_find(const struct ruleset *, const char *id);
void		 ruleset_free(struct ruleset *);

#endif
