/*
 * jsonr.c — a strict JSON reader into a tree (jsonr.h), used by
 * report.c to read the JSON reports of shards for `report --merge`.
 * Recursive descent with a depth cap, so hostile input cannot exhaust
 * the stack; the first error is reported through diag() with the line
 * and column it was found at, and the whole tree is dropped.
 *
 * A file is read through a fixed window (JSONR_BUFSIZE), refilled as the
 * parser moves on, and one array of the root object may be handed out
 * an element at a time (jsonr_parse_file_stream), so a part's long
 * review list costs one entry of memory, not the whole file: the
 * project's contract is that memory does not grow with the input.
 * Every look-ahead goes through avail()/peek(), which refill, and no
 * pointer into the window is kept across them (a number's text is
 * copied as it is read).
 * Neighbours: jsonw.c writes JSON; this file only reads it.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "jsonr.h"
#include "strbuf.h"
#include "xalloc.h"

#define JSONR_BUFSIZE	65536	/* the window on a file */
#define LOOKAHEAD	8	/* the most bytes looked at at once ("false") */

struct parser {
	const char	*path;
	const unsigned char *p, *end;	/* the bytes read and not yet parsed */
	unsigned long	 line, col;	/* of *p */
	int		 failed;
	FILE		*fp;		/* NULL: all of the input is in p..end */
	unsigned char	*buf;		/* fp's window */
	size_t		 bufsize;
	int		 eof;		/* nothing more to read from fp */
	const char	*key;		/* stream this member of the root... */
	jsonr_each_fn	 fn;		/* ...to this */
	void		*ctx;
};

/*
 * What jsonr holds, for jsonr_held_peak(): the window and the trees
 * (nodes, member names, strings).  An estimate -- allocator overhead and
 * the spare room of growing arrays are left out -- but one that grows
 * with whatever is kept of the input.
 */
static size_t held, held_peak;
static size_t bufsize_set;		/* jsonr_set_buffer_size() */

static void
hold(size_t n)
{
	held += n;
	if (held > held_peak)
		held_peak = held;
}

static void
unhold(size_t n)
{
	held = n < held ? held - n : 0;
}

size_t
jsonr_held_peak(void)
{
	size_t n = held_peak;

	held_peak = held;
	return n;
}

void
jsonr_set_buffer_size(size_t n)
{
	bufsize_set = n == 0 ? 0 : n < LOOKAHEAD ? LOOKAHEAD : n;
}

static void perr(struct parser *, unsigned long, unsigned long,
    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
perr(struct parser *ps, unsigned long line, unsigned long col,
    const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = 1;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag(DIAG_ERROR, ps->path, line, col, "bad JSON: %s", strbuf_str(&sb));
	strbuf_free(&sb);
}

/*
 * Makes N (at most LOOKAHEAD) bytes readable at p, reading on in the
 * file when they are not, and returns how many are: fewer only at the
 * end of the input.  The bytes not yet parsed move to the start of the
 * window, so a pointer into it is good only until the next call.
 */
static size_t
avail(struct parser *ps, size_t n)
{
	size_t have = (size_t)(ps->end - ps->p);

	if (have >= n || ps->fp == NULL || ps->eof)
		return have;
	memmove(ps->buf, ps->p, have);
	ps->p = ps->buf;
	while (have < n && !ps->eof) {
		size_t want = ps->bufsize - have;
		size_t got = fread(ps->buf + have, 1, want, ps->fp);

		have += got;
		if (got < want) {
			if (ferror(ps->fp) && !ps->failed) {
				/* Said once; the parse then fails at this
				 * "end" without a second message. */
				diag(DIAG_ERROR, ps->path, 0, 0, "cannot read: "
				    "%s", strerror(errno));
				ps->failed = 1;
			}
			ps->eof = 1;
		}
	}
	ps->end = ps->buf + have;
	return have;
}

/* The byte at p, or -1 at the end of the input. */
static int
peek(struct parser *ps)
{
	return avail(ps, 1) > 0 ? *ps->p : -1;
}

/* Moves past one byte; a UTF-8 continuation byte does not start a new
 * column, so columns count characters. */
static void
adv(struct parser *ps)
{
	if (*ps->p == '\n') {
		ps->line++;
		ps->col = 1;
	} else if ((*ps->p & 0xc0) != 0x80)
		ps->col++;
	ps->p++;
}

static void
skip_ws(struct parser *ps)
{
	int c;

	while ((c = peek(ps)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		adv(ps);
}

static const char *
what_is_here(struct parser *ps)
{
	static char buf[32];

	if (peek(ps) < 0)
		return "end of the input";
	if (*ps->p >= 0x20 && *ps->p < 0x7f) {
		snprintf(buf, sizeof(buf), "'%c'", *ps->p);
		return buf;
	}
	snprintf(buf, sizeof(buf), "byte 0x%02x", *ps->p);
	return buf;
}

/* Length of the valid UTF-8 sequence at P (at most N bytes), 0 if bad.
 * Overlong forms, surrogates and values past U+10FFFF are bad. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned long cp;
	size_t len;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

static void
put_utf8(struct strbuf *sb, unsigned long cp)
{
	char b[4];

	if (cp < 0x80) {
		strbuf_addc(sb, (int)cp);
		return;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 4);
	}
}

/* Four hex digits after "\u"; -1 when they are not there. */
static long
hex4(struct parser *ps)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int c;

		if ((c = peek(ps)) < 0)
			return -1;
		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (c - 'A' + 10);
		else
			return -1;
		adv(ps);
	}
	return v;
}

/* Parses a string at the opening quote into SB.  Returns 0 or -1. */
static int
parse_string(struct parser *ps, struct strbuf *sb)
{
	unsigned long line = ps->line, col = ps->col;

	adv(ps);			/* the opening quote */
	for (;;) {
		unsigned long el, ec;
		size_t n;
		long cp, lo;

		if (peek(ps) < 0) {
			perr(ps, line, col, "string not closed before the end "
			    "of the input");
			return -1;
		}
		if (*ps->p == '"') {
			adv(ps);
			return 0;
		}
		if (*ps->p < 0x20) {
			perr(ps, ps->line, ps->col, "control character 0x%02x "
			    "in a string: write it as a \\u escape", *ps->p);
			return -1;
		}
		if (*ps->p != '\\') {
			n = avail(ps, 4);	/* first: it may move p */
			n = utf8_len(ps->p, n);
			if (n == 0) {
				perr(ps, ps->line, ps->col, "invalid UTF-8 "
				    "(byte 0x%02x) in a string", *ps->p);
				return -1;
			}
			strbuf_add(sb, ps->p, n);
			while (n--)
				adv(ps);
			continue;
		}
		el = ps->line;
		ec = ps->col;
		adv(ps);
		if (peek(ps) < 0) {
			perr(ps, line, col, "string not closed before the end "
			    "of the input");
			return -1;
		}
		switch (*ps->p) {
		case '"':  strbuf_addc(sb, '"');  adv(ps); continue;
		case '\\': strbuf_addc(sb, '\\'); adv(ps); continue;
		case '/':  strbuf_addc(sb, '/');  adv(ps); continue;
		case 'b':  strbuf_addc(sb, '\b'); adv(ps); continue;
		case 'f':  strbuf_addc(sb, '\f'); adv(ps); continue;
		case 'n':  strbuf_addc(sb, '\n'); adv(ps); continue;
		case 'r':  strbuf_addc(sb, '\r'); adv(ps); continue;
		case 't':  strbuf_addc(sb, '\t'); adv(ps); continue;
		case 'u':  adv(ps); break;
		default:
			perr(ps, el, ec, "unknown escape '\\%c' in a string",
			    *ps->p >= 0x20 && *ps->p < 0x7f ? *ps->p : '?');
			return -1;
		}
		if ((cp = hex4(ps)) < 0) {
			perr(ps, el, ec, "\\u needs four hex digits");
			return -1;
		}
		if (cp >= 0xdc00 && cp <= 0xdfff) {
			perr(ps, el, ec, "lone low surrogate \\u%04lx", cp);
			return -1;
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			/* A high surrogate must be followed by a low one: the
			 * pair is one character past U+FFFF. */
			if (avail(ps, 2) < 2 || ps->p[0] != '\\' ||
			    ps->p[1] != 'u') {
				perr(ps, el, ec, "high surrogate \\u%04lx not "
				    "followed by a low surrogate", cp);
				return -1;
			}
			adv(ps);
			adv(ps);
			lo = hex4(ps);
			if (lo < 0xdc00 || lo > 0xdfff) {
				perr(ps, el, ec, "high surrogate \\u%04lx not "
				    "followed by a low surrogate", cp);
				return -1;
			}
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		put_utf8(sb, (unsigned long)cp);
	}
}

/* Keeps string S (LEN bytes and a NUL) in V. */
static void
set_str(struct jr_value *v, char *s, size_t len)
{
	v->str = s;
	v->len = len;
	hold(len + 1);
}

static int
is_digit(struct parser *ps)
{
	int c = peek(ps);

	return c >= '0' && c <= '9';
}

/* Moves past one byte, keeping it in SB: a number's text is copied as
 * it is read, as the window may move under it. */
static void
take(struct parser *ps, struct strbuf *sb)
{
	strbuf_addc(sb, *ps->p);
	adv(ps);
}

static int
parse_number(struct parser *ps, struct jr_value *v)
{
	struct strbuf sb = STRBUF_INIT;
	char *end;
	size_t len;
	int c;

	if (*ps->p == '-')
		take(ps, &sb);
	if (!is_digit(ps)) {
		perr(ps, v->line, v->col, "a number needs a digit after '-'");
		goto fail;
	}
	if (*ps->p == '0') {
		take(ps, &sb);
		if (is_digit(ps)) {
			perr(ps, v->line, v->col, "leading zero in a number");
			goto fail;
		}
	} else
		while (is_digit(ps))
			take(ps, &sb);
	if (peek(ps) == '.') {
		take(ps, &sb);
		if (!is_digit(ps)) {
			perr(ps, ps->line, ps->col, "a digit must follow the "
			    "decimal point");
			goto fail;
		}
		while (is_digit(ps))
			take(ps, &sb);
	}
	if ((c = peek(ps)) == 'e' || c == 'E') {
		take(ps, &sb);
		if ((c = peek(ps)) == '+' || c == '-')
			take(ps, &sb);
		if (!is_digit(ps)) {
			perr(ps, ps->line, ps->col, "a digit must follow the "
			    "exponent");
			goto fail;
		}
		while (is_digit(ps))
			take(ps, &sb);
	}
	v->type = JR_NUMBER;
	len = sb.len;
	set_str(v, strbuf_detach(&sb), len);
	errno = 0;
	v->num = strtod(v->str, &end);
	if (errno == ERANGE && (v->num > 1 || v->num < -1)) {
		perr(ps, v->line, v->col, "number %s is out of range", v->str);
		return -1;
	}
	return 0;
fail:
	strbuf_free(&sb);
	return -1;
}

static int
literal(struct parser *ps, const char *word, enum jr_type t,
    struct jr_value *v)
{
	size_t n = strlen(word);

	if (avail(ps, n) < n || memcmp(ps->p, word, n) != 0) {
		perr(ps, v->line, v->col, "unexpected %s: expected a value",
		    what_is_here(ps));
		return -1;
	}
	while (n--)
		adv(ps);
	v->type = t;
	return 0;
}

static void free_value(struct jr_value *);
static int parse_value(struct parser *, struct jr_value *, int depth,
    const struct jr_value *stream_root);

static void
push_item(struct jr_value *v, size_t *cap, struct jr_value *item, char *key)
{
	if (v->nitems == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		v->items = xreallocarray(v->items, *cap, sizeof(*v->items));
		if (v->type == JR_OBJECT)
			v->keys = xreallocarray(v->keys, *cap, sizeof(*v->keys));
	}
	v->items[v->nitems] = *item;
	hold(sizeof(*item));
	if (v->type == JR_OBJECT) {
		v->keys[v->nitems] = key;
		hold(sizeof(key) + strlen(key) + 1);
	}
	v->nitems++;
}

/*
 * Parses an array into V.  With STREAM_ROOT (the root object, as far as
 * it is read), each element is given to ps->fn and dropped instead, so
 * V stays empty.
 */
static int
parse_array(struct parser *ps, struct jr_value *v, int depth,
    const struct jr_value *stream_root)
{
	size_t cap = 0;

	v->type = JR_ARRAY;
	adv(ps);
	skip_ws(ps);
	if (peek(ps) == ']') {
		adv(ps);
		return 0;
	}
	for (;;) {
		struct jr_value item;

		if (parse_value(ps, &item, depth + 1, NULL) != 0)
			return -1;
		if (stream_root != NULL) {
			int stop = ps->fn(ps->ctx, stream_root, &item);

			free_value(&item);
			if (stop) {
				/* The callback said why; nothing more is. */
				ps->failed = 1;
				return -1;
			}
		} else
			push_item(v, &cap, &item, NULL);
		skip_ws(ps);
		if (peek(ps) == ',') {
			adv(ps);
			skip_ws(ps);
			if (peek(ps) == ']') {
				perr(ps, ps->line, ps->col, "trailing comma "
				    "before ']'");
				return -1;
			}
			continue;
		}
		if (peek(ps) == ']') {
			adv(ps);
			return 0;
		}
		perr(ps, ps->line, ps->col, "unexpected %s: expected ',' or "
		    "']' in the array that starts at line %lu", what_is_here(ps),
		    v->line);
		return -1;
	}
}

static int
parse_object(struct parser *ps, struct jr_value *v, int depth)
{
	struct strbuf key = STRBUF_INIT;
	size_t cap = 0;

	v->type = JR_OBJECT;
	adv(ps);
	skip_ws(ps);
	if (peek(ps) == '}') {
		adv(ps);
		return 0;
	}
	for (;;) {
		struct jr_value item;
		int stream;

		if (peek(ps) != '"') {
			perr(ps, ps->line, ps->col, "unexpected %s: expected "
			    "a member name in double quotes", what_is_here(ps));
			goto fail;
		}
		strbuf_reset(&key);
		if (parse_string(ps, &key) != 0)
			goto fail;
		skip_ws(ps);
		if (peek(ps) != ':') {
			perr(ps, ps->line, ps->col, "unexpected %s: expected "
			    "':' after the member name", what_is_here(ps));
			goto fail;
		}
		adv(ps);
		/* The root's member ps->key is streamed when an array. */
		stream = depth == 1 && ps->key != NULL &&
		    key.len == strlen(ps->key) &&
		    memcmp(strbuf_str(&key), ps->key, key.len) == 0;
		if (parse_value(ps, &item, depth + 1, stream ? v : NULL) != 0)
			goto fail;
		push_item(v, &cap, &item, xmemdup0(strbuf_str(&key), key.len));
		skip_ws(ps);
		if (peek(ps) == ',') {
			adv(ps);
			skip_ws(ps);
			if (peek(ps) == '}') {
				perr(ps, ps->line, ps->col, "trailing comma "
				    "before '}'");
				goto fail;
			}
			continue;
		}
		if (peek(ps) == '}') {
			adv(ps);
			strbuf_free(&key);
			return 0;
		}
		perr(ps, ps->line, ps->col, "unexpected %s: expected ',' or "
		    "'}' in the object that starts at line %lu", what_is_here(ps),
		    v->line);
		goto fail;
	}
fail:
	strbuf_free(&key);
	return -1;
}

/* Parses one value into V (always initialised, so the caller may free
 * it on failure); STREAM_ROOT as for parse_array().  Returns 0 or -1. */
static int
parse_value(struct parser *ps, struct jr_value *v, int depth,
    const struct jr_value *stream_root)
{
	int c;

	memset(v, 0, sizeof(*v));
	skip_ws(ps);
	v->line = ps->line;
	v->col = ps->col;
	if (depth > JSONR_MAX_DEPTH) {
		perr(ps, ps->line, ps->col, "nested deeper than %d levels",
		    JSONR_MAX_DEPTH);
		return -1;
	}
	if ((c = peek(ps)) < 0) {
		perr(ps, ps->line, ps->col, "unexpected end of the input: "
		    "expected a value");
		return -1;
	}
	switch (c) {
	case '{':
		if (parse_object(ps, v, depth) != 0)
			goto fail;
		return 0;
	case '[':
		if (parse_array(ps, v, depth, stream_root) != 0)
			goto fail;
		return 0;
	case '"': {
		struct strbuf sb = STRBUF_INIT;
		size_t len;

		if (parse_string(ps, &sb) != 0) {
			strbuf_free(&sb);
			return -1;
		}
		v->type = JR_STRING;
		len = sb.len;
		set_str(v, sb.buf != NULL ? strbuf_detach(&sb) : xstrdup(""),
		    len);
		return 0;
	}
	case 't':
		return literal(ps, "true", JR_TRUE, v);
	case 'f':
		return literal(ps, "false", JR_FALSE, v);
	case 'n':
		return literal(ps, "null", JR_NULL, v);
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			if (parse_number(ps, v) != 0)
				goto fail;
			return 0;
		}
		perr(ps, ps->line, ps->col, "unexpected %s: expected a value",
		    what_is_here(ps));
		return -1;
	}
fail:
	free_value(v);
	memset(v, 0, sizeof(*v));
	return -1;
}

static void
free_value(struct jr_value *v)
{
	for (size_t i = 0; i < v->nitems; i++) {
		free_value(&v->items[i]);
		unhold(sizeof(v->items[i]));
		if (v->keys != NULL) {
			unhold(sizeof(v->keys[i]) + strlen(v->keys[i]) + 1);
			free(v->keys[i]);
		}
	}
	free(v->items);
	free(v->keys);
	if (v->str != NULL)
		unhold(v->len + 1);
	free(v->str);
}

/* Parses the document PS is set on (path, p..end or fp). */
static struct jr_value *
parse_document(struct parser *ps)
{
	struct jr_value *v = xcalloc(1, sizeof(*v));

	hold(sizeof(*v));
	ps->line = ps->col = 1;
	if (avail(ps, 3) >= 3 && memcmp(ps->p, "\xef\xbb\xbf", 3) == 0) {
		perr(ps, 1, 1, "a byte-order mark is not allowed");
		goto fail;
	}
	if (parse_value(ps, v, 1, NULL) != 0)
		goto fail;
	skip_ws(ps);
	if (peek(ps) >= 0) {
		perr(ps, ps->line, ps->col, "unexpected %s after the JSON value",
		    what_is_here(ps));
		goto fail;
	}
	if (ps->failed)		/* a read error, where the input seemed to end */
		goto fail;
	return v;
fail:
	jsonr_free(v);
	return NULL;
}

struct jr_value *
jsonr_parse(const char *path, const char *buf, size_t len)
{
	struct parser ps;

	memset(&ps, 0, sizeof(ps));
	ps.path = path;
	ps.p = (const unsigned char *)buf;
	ps.end = ps.p + len;
	return parse_document(&ps);
}

struct jr_value *
jsonr_parse_file_stream(const char *path, const char *key, jsonr_each_fn fn,
    void *ctx)
{
	struct parser ps;
	struct jr_value *v;
	int stdin_ = strcmp(path, "-") == 0;

	memset(&ps, 0, sizeof(ps));
	ps.fp = stdin_ ? stdin : fopen(path, "rb");
	if (ps.fp == NULL) {
		diag(DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	ps.path = path;
	ps.bufsize = bufsize_set ? bufsize_set : JSONR_BUFSIZE;
	ps.buf = xmalloc(ps.bufsize);
	hold(ps.bufsize);
	ps.p = ps.end = ps.buf;
	if (key != NULL && fn != NULL) {
		ps.key = key;
		ps.fn = fn;
		ps.ctx = ctx;
	}
	v = parse_document(&ps);
	free(ps.buf);
	unhold(ps.bufsize);
	if (!stdin_)
		fclose(ps.fp);
	return v;
}

struct jr_value *
jsonr_parse_file(const char *path)
{
	return jsonr_parse_file_stream(path, NULL, NULL, NULL);
}


void
jsonr_free(struct jr_value *v)
{
	if (v == NULL)
		return;
	free_value(v);
	unhold(sizeof(*v));
	free(v);
}

const struct jr_value *
jsonr_get(const struct jr_value *v, const char *key)
{
	if (v == NULL || v->type != JR_OBJECT)
		return NULL;
	for (size_t i = v->nitems; i-- > 0;)
		if (strcmp(v->keys[i], key) == 0)
			return &v->items[i];
	return NULL;
}

const char *
jsonr_type_name(enum jr_type t)
{
	static const char *const names[] = { "null", "false", "true",
	    "number", "string", "array", "object" };

	return t <= JR_OBJECT ? names[t] : "?";
}
