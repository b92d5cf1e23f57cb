/*
 * baseline.h — findings accepted by a baseline file, so that a
 * repository can adopt `roleaudit check` without fixing every old role
 * first: only findings not in the baseline fail the check.
 *
 * Format (UTF-8 text, one entry per line, fields separated by TAB):
 *
 *   roleaudit-baseline	1
 *   # file	id	finding	text-hash
 *   data/ops.csv	OP-03	mixed	3b1f0c9a2d4e5f60
 *
 * The first line names the format and its version.  Lines starting
 * with '#' and empty lines are comments.  "file" is the CSV's path
 * relative to the .roleaudit config's folder (the working directory
 * with no config), in the one form baseline_path() gives, however the
 * input was spelled, "id" the role id, "finding" the finding kind (or
 * the rule id for not-evaluated), "text-hash" 16 lowercase hex digits
 * of FNV-1a 64 over the role's text fields (see role_text_hash()).
 * The entry stops matching when the role's text changes.  TAB, LF, CR
 * and backslash inside a field are written \t \n \r \\.  Entries are
 * sorted, so the file diffs well and does not depend on row order.
 * Neighbours: policy.c asks baseline_take() for each finding; cmd_check.c
 * loads and writes the file.
 */
#ifndef ROLEAUDIT_BASELINE_H
#define ROLEAUDIT_BASELINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BASELINE_MAGIC	"roleaudit-baseline"
#define BASELINE_VERSION 1

struct baseline;

/* Returns a new, empty baseline. */
struct baseline	*baseline_new(void);
/*
 * Loads PATH into a new baseline.  Returns NULL after reporting every
 * problem as PATH:LINE: message (missing file, wrong first line, a line
 * without four fields, a bad hash).
 */
struct baseline	*baseline_load(const char *path);
/*
 * How a baseline names FILE, an input path as opened (relative to the
 * working directory, or absolute): relative to the folder DIR (the
 * config's, relative to the working directory or absolute; NULL = the
 * working directory), with "." and ".." segments and repeated slashes
 * resolved, so that every spelling of one file (./a.csv, data//a.csv,
 * ../data/a.csv from a subfolder, an absolute path) gives one name.  A
 * file outside DIR gets ".." segments.  The folders (DIR and FILE's)
 * are resolved with realpath() where they exist, links included; FILE's
 * own name is kept.  "-" (standard input) stays "-".  Returns a new
 * string.
 */
char		*baseline_path(const char *dir, const char *file);
/*
 * The same by the names alone, without looking at the file system:
 * relative paths are taken from CWD, an absolute folder.  (What
 * baseline_path() does where no folder exists.)
 */
char		*baseline_path_in(const char *cwd, const char *dir,
		    const char *file);
/*
 * Findings at the file shown as SHOWN are those of FILE (its
 * baseline_path()) in baseline_take() and baseline_add() from now on
 * (strings copied): the path a role is shown with need not be the
 * baseline's.
 */
void		 baseline_alias(struct baseline *, const char *shown,
		    const char *file);
/* Adds an entry (strings copied; FILE through the aliases). */
void		 baseline_add(struct baseline *, const char *file,
		    const char *id, const char *key, uint64_t hash);
/*
 * Is this finding listed (FILE through the aliases)?  Marks one
 * matching entry as used and returns 1; returns 0 when none is left
 * unused.
 */
int		 baseline_take(struct baseline *, const char *file,
		    const char *id, const char *key, uint64_t hash);
/*
 * Reports every entry never taken whose file is one of FILES (NFILES,
 * as the baseline names them; entries for files this run did not read
 * in full are not stale) as a note at its line (PATH is the baseline's
 * path, for the message).  FILES NULL: every entry.  COMPLETE: FILES is
 * the whole input, so an entry of another file is stale too (its file
 * was renamed or deleted).  SOUGHT (NULL: all)
 * says whether this run looked for findings of an entry's key (ARG is
 * passed on); an entry it did not look for is not stale either: one
 * note counts those and names their keys.  Returns how many are stale.
 */
size_t		 baseline_report_stale(const struct baseline *, const char *path,
		    const char *const *files, size_t nfiles, int complete,
		    int (*sought)(const char *key, void *arg), void *arg);
/* Copies into TO the entries of FROM (as FROM names their files) that
 * KEEP says yes to, given the entry's file and key (ARG is passed on).
 * Returns how many. */
size_t		 baseline_carry(struct baseline *to, const struct baseline *from,
		    int (*keep)(const char *file, const char *key, void *arg),
		    void *arg);
size_t		 baseline_count(const struct baseline *);
/* Writes the baseline, sorted, to FP (BORROWED).  0, or -1 with errno
 * set by the first write that failed. */
int		 baseline_write(struct baseline *, FILE *fp);
void		 baseline_free(struct baseline *);

#endif
