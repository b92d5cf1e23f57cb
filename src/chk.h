/*
 * chk.h — the output formats of `roleaudit check`: text, github, sarif,
 * junit (one chk_*.c file each; its header comment documents the
 * schema).  A writer sees each role with its new findings as the run
 * goes (role(), optional), then the whole policy at the end.  Writers
 * know neither libcsv nor PCRE2, and never print a role's text: only
 * ids, titles, departments, numbers and rule ids.
 */
#ifndef ROLEAUDIT_CHK_H
#define ROLEAUDIT_CHK_H

#include <stdio.h>

#include "audit.h"
#include "policy.h"
#include "strbuf.h"

struct chk_opts {
	int		 max_annotations;	/* github; < 0 = 10 */
	const char	*step_summary;	/* github: $GITHUB_STEP_SUMMARY or NULL */
	const char	*baseline;	/* the baseline's path, for messages */
	const char	*ignore_col;	/* the suppression column's name */
	/* The inputs as opened (what diagnostics name) and as shown
	 * (relative to the repository); NFILES of each, may be 0. */
	char *const	*open;
	char *const	*show;
	size_t		 nfiles;
	/* sarif: the absolute folder that shown relative paths start from
	 * (the config's, else the working directory), or NULL. */
	const char	*srcroot;
};

/* An error that stopped a run before it read anything (a config, a
 * baseline or rules it cannot use), as diag() reported it; PATH as
 * shown (NULL: none), LINE 0 when unknown. */
struct chk_error {
	const char	*path;
	unsigned long	 line;
	const char	*msg;
};

/* What the writers get at the end.  All BORROWED. */
struct chk_run {
	const struct totals	*t;
	const char *const	*show;	/* display path of t->files[i] */
	const struct policy	*p;
	size_t			 stale;	/* baseline entries no longer found */
	int			 failed; /* an input or the rules failed (exit 2) */
	/* Errors of the run that are not about its input (a baseline it
	 * could not write: exit 2), paths as shown; NERRORS may be 0. */
	const struct chk_error	*errors;
	size_t			 nerrors;
};

struct chk_ops {
	const char	*id;
	/* Returns new writer state writing to FP (BORROWED). */
	void		*(*begin)(FILE *fp, const struct chk_opts *);
	/* One role (BORROWED, as shown at DISPLAY) and the N findings the
	 * policy just made for it (BORROWED, valid during the call; NULL
	 * when N is 0). */
	void		 (*role)(void *, const struct role *,
			    const char *display, const struct finding *, size_t n);
	/* Writes everything left and frees the state; 0, or -1 on a write
	 * error. */
	int		 (*end)(void *, const struct chk_run *);
	/* Instead of the three above, for a run that could not start (exit
	 * 2): writes to FP a complete document that says so, with the N
	 * errors (BORROWED; N may be 0); 0, or -1 on a write error.  NULL
	 * when standard error says it all (text). */
	int		 (*not_run)(FILE *fp, const struct chk_opts *,
			    const struct chk_error *, size_t n);
};

extern const struct chk_ops chk_text, chk_github, chk_sarif, chk_junit;

/* The writer called ID, or NULL. */
const struct chk_ops	*chk_find(const char *id);
const char		*chk_list(void);	/* "text, github, sarif, junit" */

/* Helpers shared by the writers (chk_text.c). */
/* "new", "ignored" or "baseline". */
const char	*finding_state_name(enum finding_state);
/* Appends "ID TITLE" (or just ID) for F. */
void		 chk_role_label(struct strbuf *, const struct finding *);
/* The totals line: "N roles in M files (R rows read = C classified + J
 * rejected)". */
void		 chk_totals_line(struct strbuf *, const struct chk_run *);

#endif
