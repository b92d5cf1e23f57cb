/*
 * audit.h — the driver and what the writers see.
 *
 * audit_run() reads each input (csvsrc), maps its columns (colmap), runs
 * the matcher over every role, scores and classifies it, and hands each
 * struct role to a sink.  Writers include neither <csv.h> nor <pcre2.h>:
 * they see struct role, struct verdict, struct rule metadata and the
 * per-file totals.
 */
#ifndef ROLEAUDIT_AUDIT_H
#define ROLEAUDIT_AUDIT_H

#include <stddef.h>
#include <stdio.h>

#include "classify.h"
#include "matcher.h"

struct options;

/* One role, as every writer sees it.  All pointers BORROWED, valid
 * during the sink's role() call only. */
struct role {
	const char		*path;
	unsigned long		 line;
	const char		*id;	/* never NULL: the line number when absent */
	const char		*title;	/* "" when absent */
	const char		*dept;	/* "" when absent */
	const char		*ignore; /* suppression column, "" when absent */
	size_t			 ntext;
	const struct ra_field	*text;	/* the text fields, in column order */
	const char *const	*text_names; /* their header names */
	const struct hit	*hits;	/* text hits then title hits */
	size_t			 nhits;
	size_t			 ntext_hits; /* hits[0..ntext_hits) are text hits */
	const struct miss	*misses;
	size_t			 nmisses;
	struct verdict		 v;
};

/* Per file: rows read = classified + rejected. */
struct file_totals {
	const char	*path;
	unsigned long	 rows_read;
	unsigned long	 classified;
	unsigned long	 rejected;
	unsigned long	 by_class[CLASS_COUNT];
	unsigned long	 title_mismatch;
	int		 failed;	/* could not be read at all */
};

struct totals {
	struct file_totals	*files;
	size_t			 nfiles;
	unsigned long		 rows_read, classified, rejected;
	unsigned long		 by_class[CLASS_COUNT];
	unsigned long		 title_mismatch;
	const struct ruleset	*rules;
};

/* A consumer of roles: a writer, a report aggregator, a policy. */
struct sink {
	void	*ctx;
	void	(*role)(void *ctx, const struct role *);
	/* Called once at the end; returns 0, or -1 on a write error. */
	int	(*end)(void *ctx, const struct totals *);
};

/*
 * Loads the rules OPT names (or the defaults), honouring --disable.
 * Returns a new rule set, or NULL after reporting every error.
 */
struct ruleset	*audit_load_rules(const struct options *);

/*
 * Runs the audit of OPT's files through SINK with rule set RS
 * (BORROWED).  Returns 0, or 2 when an input could not be read or had a
 * fatal error (already reported); rejected rows are counted, not fatal
 * unless --strict.
 */
int		 audit_run(const struct options *, const struct ruleset *rs,
		    struct sink *);

#endif
