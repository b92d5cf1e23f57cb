/*
 * diag.c — diagnostics on stderr in one shape (see diag.h), with counts
 * per level.  Used by every module; depends on nothing but stdio.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"

static FILE		*diag_stream;
static diag_hook_fn	*diag_hook;
static void		*diag_hook_ctx;
static unsigned long	 diag_counts[DIAG_LEVELS];
static int		 diag_quiet;
static int		 prog_on;	/* enabled and stderr is a terminal */
static int		 prog_shown;	/* a progress line is on screen */
static double		 prog_start, prog_last;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
diag_progress_enable(int on)
{
	prog_on = on && isatty(STDERR_FILENO);
	prog_start = prog_last = now();
}

void
diag_progress_done(void)
{
	if (prog_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		prog_shown = 0;
	}
}

void
diag_progress(const char *fmt, ...)
{
	va_list ap;
	double t;

	if (!prog_on)
		return;
	t = now();
	if (t - prog_start < 1.0 || t - prog_last < 0.5)
		return;
	prog_last = t;
	fputs("\rroleaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
	fflush(stderr);
	prog_shown = 1;
}

void
diag_set_stream(FILE *fp)
{
	diag_stream = fp;
}

FILE *
diag_get_stream(void)
{
	return diag_stream;
}

void
diag_set_quiet(int q)
{
	diag_quiet = q;
}

unsigned long
diag_count(enum diag_level lvl)
{
	return lvl < DIAG_LEVELS ? diag_counts[lvl] : 0;
}

void
diag_reset(void)
{
	for (int i = 0; i < DIAG_LEVELS; i++)
		diag_counts[i] = 0;
}

void
vdiag(enum diag_level lvl, const char *path, unsigned long line,
    unsigned long col, const char *fmt, va_list ap)
{
	FILE *fp = diag_stream ? diag_stream : stderr;

	if (lvl >= DIAG_LEVELS)
		lvl = DIAG_ERROR;
	diag_counts[lvl]++;
	if (diag_quiet && lvl < DIAG_ERROR)
		return;
	if (fp == stderr)
		diag_progress_done();
	fputs("roleaudit: ", fp);
	if (path != NULL) {
		fputs(path, fp);
		if (line > 0) {
			fprintf(fp, ":%lu", line);
			if (col > 0)
				fprintf(fp, ":%lu", col);
		}
		fputs(": ", fp);
	}
	if (lvl == DIAG_WARNING)
		fputs("warning: ", fp);
	else if (lvl == DIAG_NOTE)
		fputs("note: ", fp);
	if (diag_hook != NULL && lvl >= DIAG_WARNING) {
		char msg[2048];
		va_list aq;

		va_copy(aq, ap);
		vsnprintf(msg, sizeof(msg), fmt, aq);
		va_end(aq);
		vfprintf(fp, fmt, ap);
		fputc('\n', fp);
		fflush(fp);
		diag_hook(diag_hook_ctx, lvl, path, line, col, msg);
		return;
	}
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	fflush(fp);
}

void
diag_set_hook(diag_hook_fn *fn, void *ctx)
{
	diag_hook = fn;
	diag_hook_ctx = ctx;
}

diag_hook_fn *
diag_get_hook(void **ctx)
{
	*ctx = diag_hook_ctx;
	return diag_hook;
}

void
diag(enum diag_level lvl, const char *path, unsigned long line,
    unsigned long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(lvl, path, line, col, fmt, ap);
	va_end(ap);
}
