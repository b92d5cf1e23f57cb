/*
 * outfile.h — --output FILE written whole or not at all.
 *
 * A regular file, or a path that does not exist yet, is written to a
 * temporary file beside it and renamed over it on success.  The new
 * file has the mode of the file it replaces and, where this user may
 * give them, its owner and group; a file that did not exist gets what
 * umask allows (0666 & ~umask).  A symbolic link is kept: the file it
 * leads to (through a chain of links, too) is what is replaced, or
 * created when the link dangles, and the temporary file is made beside
 * that file.  A device, a pipe or /dev/stdout is written directly
 * (renaming over /dev/full would replace the device); /dev/stdout when
 * standard output is a file is written through standard output, so
 * that a shell's ">>" appends.  On failure the temporary file is
 * removed and the old FILE, if any, is untouched.
 */
#ifndef ROLEAUDIT_OUTFILE_H
#define ROLEAUDIT_OUTFILE_H

#include <stdio.h>

struct outfile;

/* Opens PATH (NULL or "-" = standard output).  Returns new state, or
 * NULL after reporting why. */
struct outfile	*outfile_open(const char *path);
FILE		*outfile_fp(struct outfile *);
/* Refuses an output path that names one of the NIN files read (the
 * same file by device and inode: a link or another spelling counts):
 * writing it would destroy the input before anyone saw the result.
 * OPT is the option's name for the message.  Returns 0, or -1 after
 * reporting.  An input "-" counts when standard input is that file,
 * and a symbolic link to an input counts as the input.  NULL, "-" and
 * paths that do not exist are fine as outputs; so is a device or a
 * pipe, which is written, not replaced. */
int		 outfile_guard(const char *path, const char *opt,
		    char *const *in, size_t nin);
/* Whether A and B (neither NULL nor "-") are one file: the same path,
 * two names of one existing file, or, when neither exists yet, two
 * names that would be written as one (a dangling link and where it
 * leads, "./x" and "x"). */
int		 outfile_same(const char *a, const char *b);
/* Finishes: flushes, checks for write errors, renames into place when
 * OK is positive, else discards; OUTFILE_FAILED_RUN also notes that the
 * file was not written because the run failed.  Returns 0, or -1 after
 * reporting a write error.  Frees the state. */
#define OUTFILE_FAILED_RUN	(-1)
int		 outfile_close(struct outfile *, int ok);

#endif
