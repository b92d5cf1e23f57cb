/*
 * report.h — the department summary behind `roleaudit report`.
 *
 * A struct report is a sink for roles (audit.h): it keeps counters per
 * department — roles by class, title mismatches, score sums per
 * dimension and side, conflicting dimensions of mixed roles, how often
 * each rule fired — and the review list (mixed and title-mismatch roles:
 * file, line, id, title, department, class, flags, conflicts), which
 * past a few thousand entries goes to a temporary file.  Nothing else of
 * a role is kept, so memory grows with departments and rules, never
 * with the input.
 *
 * The same counters are read back from the JSON format (rep_json.c) by
 * report_merge_json(), so reports of shards add up to the report of the
 * whole input.  Score sums are kept as integer thousandths: a role's
 * dimension score is rounded to 0.001 once, and from then on every sum
 * is exact and independent of the order roles (or shards) arrive in.
 *
 * Writers (rep_*.c) see a finished report: report_finish() sorts the
 * departments (mixed share, descending; ties by name, bytewise), builds
 * the "(all)" totals and sorts the review list.  Only report.c knows the
 * list of formats.
 *
 * The report adds two rows of its own, the roles without a department
 * and the whole input.  They are told apart from the input's departments
 * by their kind, never by their name: the group of roles without a
 * department has the empty name (an input department never does), and a
 * department of the input may be called "(all)" or "(no department)".
 * Writers print rep_dept_label(), which shows such a department in
 * double quotes, so that it never reads as one of the report's rows.
 */
#ifndef ROLEAUDIT_REPORT_H
#define ROLEAUDIT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "audit.h"

#define REPORT_NO_DEPT	"(no department)"	/* roles with an empty department */
#define REPORT_ALL	"(all)"			/* the whole input */
#define REPORT_TOP_RULES 5			/* rules listed per department */
#define REPORT_SCALE	1000			/* score sums are in 1/1000 */

enum rep_kind {
	REP_DEPT = 0,				/* a department of the input */
	REP_NO_DEPT,				/* roles without one */
	REP_ALL					/* the whole input */
};

struct rep_dept {
	char		*name;			/* "" for REP_NO_DEPT */
	enum rep_kind	 kind;
	char		*shown;			/* a REP_DEPT named like a row
						   of the report's: its name
						   in quotes; else NULL */
	unsigned long	 roles;			/* classified roles */
	unsigned long	 by_class[CLASS_COUNT];
	unsigned long	 title_mismatch;
	long long	 score[DIM_COUNT][SIDE_COUNT];	/* sums, in 1/1000 */
	unsigned long	 conflicts[DIM_COUNT];	/* mixed roles conflicting in d */
	unsigned long	*rule_hits;		/* by report rule index */
	size_t		 nrule_hits;		/* entries allocated */
};

struct rep_review {				/* one role to look at */
	char		*file;
	unsigned long	 line;
	char		*id;
	char		*title;
	char		*dept;			/* the group's name ("": none) */
	enum ra_class	 cls;
	unsigned	 flags;			/* FLAG_* */
	unsigned	 conflicts;		/* bit d: dimension d */
};

struct rep_file {
	char		*path;
	unsigned long	 rows_read, classified, rejected;
	int		 failed;
};

struct rep_top {				/* a rule and its count */
	const char	*rule;
	unsigned long	 count;
};

struct rep_map;					/* string -> index, report.c */
struct rep_spill;				/* report.c */
struct rep_iter;				/* report.c */

/* Read-only for writers; change it only through the functions below. */
struct report {
	struct rep_dept		**depts;	/* sorted by report_finish() */
	size_t			  ndepts;
	struct rep_dept		  all;		/* built by report_finish() */
	char			**rules;	/* rule ids, in order first seen */
	size_t			  nrules;
	size_t			 *rule_order;	/* indexes into rules, by id */
	struct rep_review	 *review;	/* in memory (all of them, unless
						   spilled: see rep_review_iter) */
	size_t			  nreview;	/* in all */
	size_t			  nrevmem;	/* in REVIEW */
	struct rep_spill	 *spill;	/* the rest, in a temporary file */
	struct rep_file		 *files;
	size_t			  nfiles;
	struct thresholds	  th;
	int			  have_th;	/* th was set */
	int			  th_differ;	/* merged parts had other ones */
	unsigned long		  rs_count;	/* rules the roles were */
	char			  rs_fp[17];	/* classified with, and their
						   fingerprint (16 hex) */
	int			  have_rs;	/* rs_* were set */
	int			  rs_differ;	/* merged parts had other ones,
						   or did not say */
	size_t			  nshown;	/* departments with a ->shown */
	int			  finished;

	size_t			  capdepts, caprules, capreview, capfiles;
	struct rep_map		 *dept_map, *rule_map;
};

/* Returns a new, empty report. */
struct report	*report_new(void);
void		 report_free(struct report *);		/* NULL is fine */

/* The thresholds the roles were classified with (for the JSON). */
void		 report_set_thresholds(struct report *, const struct thresholds *);

/* The rules the roles were classified with (for the JSON): their count
 * and ruleset_fingerprint(). */
void		 report_set_rules(struct report *, const struct ruleset *);

/* Counts role R (BORROWED; what is kept is copied). */
void		 report_add_role(struct report *, const struct role *r);
/* Records the per-file accounting of T (BORROWED, copied). */
void		 report_add_totals(struct report *, const struct totals *t);

/*
 * A sink that feeds REP (BORROWED; must outlive the sink): role() is
 * report_add_role(), end() is report_add_totals() and returns 0.
 */
struct sink	 report_sink(struct report *rep);

/*
 * Adds the JSON report in PATH ("-" = standard input) to REP, as if its
 * roles had been counted here.  Returns 0, or -1 after reporting every
 * problem as PATH:LINE:COL: message (REP is then unchanged).
 */
int		 report_merge_json(struct report *, const char *path);

/* Sorts departments and the review list and builds "(all)".  Idempotent. */
void		 report_finish(struct report *);
/*
 * The review list of a finished report, in order, one entry at a time:
 * rep_iter_next() returns the next (BORROWED until the next call) or
 * NULL at the end.  A long list does not stay in memory: past a few
 * thousand entries they go to a temporary file in sorted runs, merged
 * department by department as they are read back, so memory does not
 * grow with the input.  Several iterators may read one report.
 */
struct rep_iter	*rep_iter_new(const struct report *);
const struct rep_review *rep_iter_next(struct rep_iter *);
void		 rep_iter_free(struct rep_iter *);		/* NULL is fine */
/* Entries kept in memory before a run is written out (tests use a
 * small number; 0 restores the default). */
void		 report_set_review_memory(struct report *, size_t n);

/* Helpers for writers; every argument BORROWED. */
/* What to print for D: "(no department)" or "(all)" for the report's own
 * rows, the name of a department of the input -- in double quotes when
 * it would read as one of those rows ("(all)", "(no department)", or
 * such a name already in quotes). */
const char	*rep_dept_label(const struct rep_dept *d);
/* rep_dept_label() of review entry E's department. */
const char	*rep_review_dept(const struct report *,
		    const struct rep_review *e);
/* "department", "no-department" or "all": D's kind, as JSON and CSV
 * name it. */
const char	*rep_kind_name(enum rep_kind);
/* The note a readable format prints when a department is shown in
 * quotes (rep->nshown > 0). */
#define REPORT_SHOWN_NOTE "a name in double quotes is a department of " \
	"the input that is called like one of the report's own rows, " \
	"(all) and (no department)"
double		 rep_mixed_share(const struct rep_dept *);	/* 0 when no roles */
double		 rep_mean(const struct rep_dept *, int dim, int side);
unsigned long	 rep_rule_count(const struct rep_dept *, size_t rule);
/* The up-to-MAX rules that fired most in D (ties by id) into OUT;
 * returns how many.  OUT's strings are BORROWED from REP. */
size_t		 rep_top_rules(const struct report *, const struct rep_dept *d,
		    struct rep_top *out, size_t max);
/* The dimensions that conflict in D's mixed roles, most often first
 * (ties in dimension order), into ORDER; returns how many (count > 0). */
size_t		 rep_top_conflicts(const struct rep_dept *d, int order[DIM_COUNT]);
/* "scope,cycle" of rep_top_conflicts into BUF; "" when none. */
void		 rep_conflicts_str(const struct rep_dept *d, char *buf, size_t size);
/* "min-evidence 2, mixed-min 2, ..., mismatch-min 4": the thresholds the
 * roles were classified with, as their options are named, into BUF; ""
 * when the report does not know them, and a sentence saying so when
 * merged parts had different ones. */
void		 rep_thresholds_str(const struct report *, char *buf, size_t size);
/* "not the same in all the merged parts (...)" into BUF when merged parts
 * were classified with other rules, or did not say which; else "" (the
 * rule set is in the JSON, and the same for every role). */
void		 rep_rules_str(const struct report *, char *buf, size_t size);
/* Totals over the files: rows read, classified, rejected. */
void		 rep_file_totals(const struct report *, unsigned long *read,
		    unsigned long *classified, unsigned long *rejected);

/* The report formats: text, markdown, csv, json, html. */
struct report_format {
	const char	*id;
	const char	*desc;
	/* Writes finished REP to FP; returns 0, or -1 on a write error. */
	int		 (*write)(FILE *fp, const struct report *rep);
};

extern const struct report_format rep_text, rep_markdown, rep_csv, rep_json,
				  rep_html;

const struct report_format *report_format_find(const char *id);
const char	*report_format_list(void);	/* "text, markdown, ..." */

#endif
