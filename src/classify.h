/*
 * classify.h — scores and the verdict.  Pure functions: hits in,
 * numbers and a class out.  No I/O, no PCRE2, no CSV.
 */
#ifndef ROLEAUDIT_CLASSIFY_H
#define ROLEAUDIT_CLASSIFY_H

#include <stddef.h>

#include "rules.h"

struct hit;

enum ra_class {
	CLASS_OPS = 0,
	CLASS_PM,
	CLASS_MIXED,
	CLASS_UNCLASSIFIED,
	CLASS_COUNT
};

const char	*class_name(enum ra_class);	/* "operations", ... */

struct scores {
	double	 dim[DIM_COUNT][SIDE_COUNT];
	double	 side[SIDE_COUNT];		/* sums over the dimensions */
	double	 title[SIDE_COUNT];		/* title rules, kept apart */
};

struct thresholds {
	double	 min_evidence;	/* below this total: unclassified */
	double	 mixed_min;	/* the weaker side needs at least this ... */
	double	 mixed_ratio;	/* ... and at least this share of the stronger */
	double	 mixed_duty;	/* ... and this much in scope, nature, cycle */
	double	 mismatch_min;	/* the text's side needs this for title-mismatch */
};

void	thresholds_default(struct thresholds *);

#define FLAG_TITLE_MISMATCH	0x1u

/* What kept a finding off (not an output flag; --explain says it). */
#define WHY_NO_DUTY		0x1u	/* mixed but for --mixed-duty */
#define WHY_THIN_MISMATCH	0x2u	/* title-mismatch but for --mismatch-min */

struct verdict {
	enum ra_class	 cls;
	double		 confidence;	/* 0..1 */
	struct scores	 sc;
	unsigned	 conflicts;	/* bit d set: dimension d has both sides */
	int		 title_lean;	/* -1 none, SIDE_OPS or SIDE_PM */
	unsigned	 flags;		/* FLAG_* */
	unsigned	 why;		/* WHY_* */
};

/* Adds each hit's weight once to its dimension and side. */
void	score_hits(struct scores *, const struct hit *, size_t nhits);
/* SIDE's weight in its duties: the scope, nature and cycle dimensions. */
double	scores_duty(const struct scores *, int side);
/* The weaker side; in a tie, the one with less weight in its duties
 * (SIDE_OPS when those tie too). */
int	scores_weak_side(const struct scores *);
/* The verdict for SC under TH; SC is copied into V. */
void	classify(const struct scores *sc, const struct thresholds *th,
	    struct verdict *v);

#endif
