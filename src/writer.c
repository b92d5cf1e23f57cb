/*
 * writer.c — the list of per-role formats and small helpers they share.
 * The only place that knows which audit formats exist.
 */
#include <config.h>

#include <string.h>

#include "writer.h"

static const struct writer_ops *const writers[] = {
	&writer_text, &writer_csv, &writer_jsonl, &writer_json, NULL
};

const struct writer_ops *
writer_find(const char *id)
{
	for (size_t i = 0; writers[i] != NULL; i++)
		if (strcmp(writers[i]->id, id) == 0)
			return writers[i];
	return NULL;
}

const char *
writer_list(void)
{
	return "text, csv, jsonl, json";
}

static int
is_wide(unsigned long cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) ||
	    (cp >= 0x2e80 && cp <= 0x303e) ||
	    (cp >= 0x3041 && cp <= 0x33ff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xa000 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) ||
	    (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x20000 && cp <= 0x3fffd);
}

size_t
text_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	size_t w = 0;

	while (p < e) {
		unsigned long cp;
		int n;

		if (*p < 0x80) {
			cp = *p;
			n = 1;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p & 0x1f;
			n = 2;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			n = 3;
		} else {
			cp = *p & 0x07;
			n = 4;
		}
		for (int i = 1; i < n && p + i < e; i++)
			cp = (cp << 6) | (p[i] & 0x3f);
		p += n;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			continue;
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}

size_t
text_prefix(const char *s, size_t len, size_t w, size_t *used)
{
	size_t i = 0, u = 0;

	while (i < len) {
		size_t n = 1, cw;

		while (i + n < len && ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n++;
		cw = text_width(s + i, n);
		if (u + cw > w)
			break;
		u += cw;
		i += n;
	}
	if (used != NULL)
		*used = u;
	return i;
}

void
conflicts_str(unsigned mask, char *buf, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (int d = 0; d < DIM_COUNT; d++) {
		const char *name = dim_name((enum ra_dim)d);
		size_t len = strlen(name);

		if (!(mask & (1u << d)))
			continue;
		if (n + len + 2 > size)
			break;
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, name, len + 1);
		n += len;
	}
}

const char *
flags_str(unsigned flags)
{
	return (flags & FLAG_TITLE_MISMATCH) ? "title-mismatch" : "";
}
