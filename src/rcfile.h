/*
 * rcfile.h — the project config file, .roleaudit (INI), so that a
 * job-description repository's CI runs `roleaudit check` with no flags.
 *
 * Found in the working directory or the nearest parent (rcfile_find),
 * or named with --config.  Paths in it (rules, baseline, input files)
 * are relative to the folder that holds it.  Every problem is reported
 * as FILE:LINE: message and loading goes on to find the rest; any
 * error makes rcfile_load() fail (exit 2).  The keys are listed in
 * roleaudit(1), CONFIG FILE.  Neighbours: main.c settles every
 * command's options with rcfile_settle() (defaults, this file, then
 * the command line, which wins); cmd_check.c reads the policy keys.
 */
#ifndef ROLEAUDIT_RCFILE_H
#define ROLEAUDIT_RCFILE_H

#include <stddef.h>

#include "cli.h"

#define RCFILE_NAME	".roleaudit"

struct rcfile_list {
	char		**v;		/* owned strings */
	unsigned long	 *line;		/* where each was set */
	size_t		  n;
};

struct rcfile {
	char		*path;		/* the file as opened */
	char		*dir;		/* its folder ("." when in the cwd) */
	/* [rules] */
	struct rcfile_list rules_paths;	/* already joined to dir */
	struct rcfile_list disable;
	/* [columns] */
	char		*id_col, *title_col, *dept_col, *ignore_col;
	struct rcfile_list text_cols;
	/* [thresholds]; has_* = set in the file */
	int		 has_min_evidence, has_mixed_min, has_mixed_ratio;
	int		 has_mixed_duty, has_mismatch_min;
	double		 min_evidence, mixed_min, mixed_ratio, mixed_duty;
	double		 mismatch_min;
	/* [policy] */
	char		*fail_on;	/* validated kind list */
	int		 has_max_mixed_share;
	double		 max_mixed_share;
	int		 per_department;	/* -1 unset, 0, 1 */
	char		*baseline;	/* joined to dir */
	int		 max_annotations;	/* -1 unset */
	/* [input] */
	struct rcfile_list files;	/* glob patterns, relative to dir */
	char		*encoding;
	int		 delimiter;	/* 0 unset */
	unsigned long	 header_line;	/* 0 unset */
	int		 fill_dept;	/* -1 unset */
	int		 strict;	/* -1 unset */
};

/*
 * Looks for .roleaudit in the working directory, then in each parent up
 * to the file system's root.  Returns a new relative path
 * (".roleaudit", "../.roleaudit", ...), or NULL when there is none.
 */
char		*rcfile_find(void);
/* The folder of the config file PATH ("." for a bare name); new. */
char		*rcfile_dir_of(const char *path);
/*
 * Reads PATH.  Returns a new config, or NULL after reporting every
 * error as PATH:LINE: message.
 */
struct rcfile	*rcfile_load(const char *path);
/*
 * Reports each id of CFG's [rules] disable that no rule of the set
 * PATHS (none: the default rules) has, at its line.  Returns how many.
 * Says nothing when the set itself cannot be loaded: the command that
 * loads it says why.
 */
int		 rcfile_check_disable(const struct rcfile *cfg,
		    const char *const *paths, size_t npaths);
/*
 * Sets OPT's fields from CFG: only what the file sets, so call it on
 * defaults and apply the command line afterwards.  OPT borrows CFG's
 * strings: CFG must outlive OPT's use.
 */
void		 rcfile_apply(const struct rcfile *cfg, struct options *opt);
/*
 * Expands CFG's [input] files patterns (sorted, each pattern in turn,
 * a file matched twice kept once).  *OPEN gets the paths to open
 * (joined to the config's folder), *SHOW the same paths relative to
 * that folder, for messages, baselines and SARIF.  Both are new arrays
 * of new strings (*N each; free with rcfile_files_free).  Returns 0, or
 * -1 after reporting a pattern that matches nothing at its line.
 */
int		 rcfile_expand_files(const struct rcfile *cfg, char ***open,
		    char ***show, size_t *n);
void		 rcfile_files_free(char **v, size_t n);
void		 rcfile_free(struct rcfile *);

/* The options a command runs with, and what they borrow from. */
struct rcfile_settled {
	struct options	 o;	/* what the command reads */
	struct rcfile	*cfg;	/* the config file, or NULL */
	char		**open;	/* o.files, owned */
	char		**show;	/* o.shown, owned */
	size_t		  n;
};

/*
 * Settles the options every command runs with: the defaults, then the
 * config file (--config FILE, else the nearest .roleaudit; none with
 * --no-config), then the command line again, which wins.  A list given
 * on the command line (--rules, --disable, --text-col) replaces the
 * config's list.  Every key applies to every command ([policy] only
 * matters to check).  With no FILE, audit, report, check and inspect
 * read the files the config's [input] lists; their shown names are
 * relative to the config's folder, a FILE argument is shown as given
 * (without a leading "./").  CLI is BORROWED and must outlive S.
 * Returns -1 to go on with S->o, or 2 after reporting the problem (a bad
 * config, no input file).  Call rcfile_settled_free(S) either way.
 */
int		 rcfile_settle(const struct options *cli,
		    struct rcfile_settled *s);
/* Frees what S owns (S itself is the caller's). */
void		 rcfile_settled_free(struct rcfile_settled *s);

#endif
