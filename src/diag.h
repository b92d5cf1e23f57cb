/*
 * diag.h — the only way roleaudit prints a diagnostic.
 *
 * Shape:  roleaudit: PATH:LINE:COL: message            (errors)
 *         roleaudit: PATH:LINE: warning: message       (warnings)
 *         roleaudit: PATH:LINE: note: message          (notes)
 * A part that is unknown (NULL path, line or col 0) is left out, so a
 * program-level error reads "roleaudit: message".  Lines and columns are
 * 1-based.  diag keeps a count per level; the driver turns the worst
 * level into the exit status.
 */
#ifndef ROLEAUDIT_DIAG_H
#define ROLEAUDIT_DIAG_H

#include <stdarg.h>
#include <stdio.h>

enum diag_level {
	DIAG_NOTE = 0,
	DIAG_WARNING,
	DIAG_ERROR,
	DIAG_LEVELS
};

void	diag(enum diag_level, const char *path, unsigned long line,
	    unsigned long col, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
void	vdiag(enum diag_level, const char *path, unsigned long line,
	    unsigned long col, const char *fmt, va_list)
	    __attribute__((format(printf, 5, 0)));

/* Where diagnostics go (default stderr); tests point it at a file. */
void	diag_set_stream(FILE *);
/* The stream set by diag_set_stream(); NULL means stderr. */
FILE	*diag_get_stream(void);
/* Messages counted at each level since start or the last reset. */
unsigned long diag_count(enum diag_level);
void	diag_reset(void);
/* Silence warnings and notes (errors are always printed). */
void	diag_set_quiet(int);

/*
 * A hook that sees every error and warning printed from now on (not
 * notes; not warnings under diag_set_quiet), with the message as
 * formatted: an output format copies them (check --format github
 * annotates the input's errors).  NULL removes it.
 */
typedef void	diag_hook_fn(void *ctx, enum diag_level, const char *path,
		    unsigned long line, unsigned long col, const char *msg);
void	diag_set_hook(diag_hook_fn *, void *ctx);
/* The hook set now (NULL: none), its CTX in *CTX. */
diag_hook_fn *diag_get_hook(void **ctx);

/*
 * Progress of a long run, on a terminal only: when standard error is a
 * terminal, progress is on (diag_progress_enable) and at least a second
 * has passed since the start, writes "roleaudit: WHAT" over the same
 * line at most twice a second.  Any diagnostic clears that line first,
 * and diag_progress_done() clears it at the end.  Never printed when
 * standard error is not a terminal.
 */
void	diag_progress_enable(int);
void	diag_progress(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
void	diag_progress_done(void);

#endif
