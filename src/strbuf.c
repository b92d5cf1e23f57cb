/*
 * strbuf.c — growable byte buffer used by the reader, the writers and
 * the rule loader.  Allocation failure is fatal (xalloc).
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

void
strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void
strbuf_grow(struct strbuf *sb, size_t n)
{
	size_t want = sb->len + n + 1;

	if (want <= sb->cap)
		return;
	if (want < sb->cap * 2)
		want = sb->cap * 2;
	if (want < 64)
		want = 64;
	sb->buf = xrealloc(sb->buf, want);
	sb->cap = want;
}

void
strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_add_printable(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	while (p < e) {
		const unsigned char *run = p;

		/* Copy the longest run of printable bytes at once. */
		while (p < e && *p >= 0x20 && *p != 0x7f &&
		    !(*p == 0xc2 && p + 1 < e && p[1] >= 0x80 && p[1] <= 0x9f))
			p++;
		strbuf_add(sb, run, (size_t)(p - run));
		if (p < e) {
			strbuf_addc(sb, ' ');
			p += *p == 0xc2 ? 2 : 1;
		}
	}
}

void
strbuf_addu(struct strbuf *sb, unsigned long long v)
{
	char buf[24];
	size_t i = sizeof(buf);

	/* Digits from the right: the writers print a number or several
	 * per role, and printf's parsing shows in a profile.  Most are
	 * one digit (scores, weights). */
	if (v < 10) {
		strbuf_addc(sb, (int)('0' + v));
		return;
	}
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	strbuf_add(sb, buf + i, sizeof(buf) - i);
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *
strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");

	strbuf_init(sb);
	return p;
}

const char *
strbuf_str(struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}
