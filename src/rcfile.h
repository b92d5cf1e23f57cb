/*
 * rcfile.h — the project config file, .roleaudit (INI), so that a
 * job-description repository's CI runs `roleaudit check` with no flags.
 *
 * Found in the working directory or the nearest parent (rcfile_find),
 * or named with --config.  Paths in it (rules, baseline, input files)
 * are relative to the folder that holds it.  Every problem is reported
 * as FILE:LINE: message and loading goes on to find the rest; any
 * error makes rcfile_load() fail (exit 2).  The keys are listed in
 * doc/config-man.txt.  Neighbours: cmd_check.c loads it and applies it
 * to struct options before the command line, which wins.
 */
#ifndef ROLEAUDIT_RCFILE_H
#define ROLEAUDIT_RCFILE_H

#include <stddef.h>

#define RCFILE_NAME	".roleaudit"

struct options;

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
	double		 min_evidence, mixed_min, mixed_ratio;
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
};

/*
 * Looks for .roleaudit in the working directory, then in each parent up
 * to the file system's root.  Returns a new relative path
 * (".roleaudit", "../.roleaudit", ...), or NULL when there is none.
 */
char		*rcfile_find(void);
/*
 * Reads PATH.  Returns a new config, or NULL after reporting every
 * error as PATH:LINE: message.
 */
struct rcfile	*rcfile_load(const char *path);
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

#endif
