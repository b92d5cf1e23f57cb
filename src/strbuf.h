/*
 * strbuf.h — a growable byte buffer.  Always NUL-terminated after any
 * operation (the NUL is not counted in len), so buf may be used as a C
 * string when the content has no embedded NUL.
 */
#ifndef ROLEAUDIT_STRBUF_H
#define ROLEAUDIT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct strbuf {
	char	*buf;	/* owned; NULL until the first append */
	size_t	 len;
	size_t	 cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void	 strbuf_init(struct strbuf *);
void	 strbuf_free(struct strbuf *);		/* releases buf, back to empty */
void	 strbuf_reset(struct strbuf *);		/* len = 0, keeps the memory */
void	 strbuf_grow(struct strbuf *, size_t);	/* room for n more bytes */
void	 strbuf_adds(struct strbuf *, const char *);
/* Appends V in decimal (as "%llu" would, without printf's cost). */
void	 strbuf_addu(struct strbuf *, unsigned long long v);
void	 strbuf_addf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strbuf_vaddf(struct strbuf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
char	*strbuf_detach(struct strbuf *);	/* returns new string; sb empty */
const char *strbuf_str(struct strbuf *);	/* never NULL */
/*
 * Appends LEN bytes of UTF-8 text S (BORROWED) with every control
 * character -- C0, DEL and the C1 range U+0080..U+009F -- turned into
 * one space, so that text from the input cannot move the cursor,
 * recolour or retitle a terminal or a CI log.
 */
void	 strbuf_add_printable(struct strbuf *, const char *s, size_t len);

/* Inline: the writers append a few bytes at a time, a dozen times and
 * more per role, mostly string literals of a known length. */
static inline void
strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
		strbuf_grow(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void
strbuf_addc(struct strbuf *sb, int c)
{
	if (sb->len + 2 > sb->cap)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

#endif
