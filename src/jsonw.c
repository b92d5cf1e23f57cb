/*
 * jsonw.c — JSON escaping (RFC 8259) for the JSON-shaped writers.
 * Neighbours: out_json.c, cmd_inspect.c, and the report writers.
 */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonw.h"

/* Bytes that end a run of bytes copied as they are: controls, '"', '\\'
 * and DEL. */
static const unsigned char plain_done[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1,
	[0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1,
	[0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1,
	[0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1,
	[0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
	[0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
	[0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1
};

/* Whether the eight bytes of W may hold one that ends a run: a byte
 * below 0x20, '"', '\\' or DEL (a word of plain text is skipped whole). */
static int
word_done(uint64_t w)
{
	const uint64_t one = 0x0101010101010101u, high = one * 0x80;
	uint64_t q = w ^ (one * '"'), b = w ^ (one * '\\'),
	    d = w ^ (one * 0x7f);

	return (((w - one * 0x20) & ~w) | ((q - one) & ~q) |
	    ((b - one) & ~b) | ((d - one) & ~d)) & high ? 1 : 0;
}

void
jsonw_str(struct strbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	strbuf_grow(sb, len + 2);
	strbuf_addc(sb, '"');
	for (i = 0; i < len; i++) {
		unsigned char c;
		const char *esc = NULL;
		char u[7];
		uint64_t w;

		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if (!word_done(w)) {
				i += 7;
				continue;
			}
		}
		c = (unsigned char)s[i];
		if (!plain_done[c])
			continue;
		strbuf_add(sb, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':  esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
		}
		strbuf_adds(sb, esc);
	}
	strbuf_add(sb, s + run, len - run);
	strbuf_addc(sb, '"');
}

void
jsonw_cstr(struct strbuf *sb, const char *s)
{
	if (s == NULL)
		strbuf_adds(sb, "null");
	else
		jsonw_str(sb, s, strlen(s));
}

void
jsonw_key(struct strbuf *sb, const char *k, int first)
{
	size_t kl = strlen(k);
	char *p;

	for (size_t i = 0; i < kl; i++)
		if (plain_done[(unsigned char)k[i]]) {
			if (!first)
				strbuf_adds(sb, ", ");
			jsonw_str(sb, k, kl);
			strbuf_adds(sb, ": ");
			return;
		}
	/* The usual key, nothing to escape: in one piece. */
	strbuf_grow(sb, kl + 6);
	p = sb->buf + sb->len;
	if (!first) {
		*p++ = ',';
		*p++ = ' ';
	}
	*p++ = '"';
	memcpy(p, k, kl);
	p += kl;
	*p++ = '"';
	*p++ = ':';
	*p++ = ' ';
	*p = '\0';
	sb->len = (size_t)(p - sb->buf);
}

void
jsonw_num(struct strbuf *sb, double v)
{
	char buf[64];
	size_t n;

	if (!isfinite(v)) {
		strbuf_adds(sb, "null");
		return;
	}
	if (fabs(v) < 1e15 && v == (double)(long long)v) {
		/* Integers (every score) without printf: "%.0f" is what
		 * a profile of the jsonl writer showed first. */
		if (v < 0) {
			strbuf_addc(sb, '-');
			v = -v;
		}
		strbuf_addu(sb, (unsigned long long)v);
		return;
	}
	snprintf(buf, sizeof(buf), "%.4f", v);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	strbuf_adds(sb, buf);
}
