/*
 * xalloc.h — allocation that never fails visibly.
 *
 * Every function here aborts the program with a message on stderr when
 * memory is exhausted, so callers never test for NULL.  All return new
 * memory that the caller owns and releases with free().
 */
#ifndef ROLEAUDIT_XALLOC_H
#define ROLEAUDIT_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xmemdup0(const void *, size_t);	/* copy of len bytes plus a NUL */
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
