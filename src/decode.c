/*
 * decode.c — the reader's first stage: raw input bytes to validated
 * UTF-8, whatever the piece sizes (see decode.h).
 *
 * UTF-8 input is validated here (RFC 3629) and copied; glibc's iconv
 * would pass code points above U+10FFFF and 5-byte forms through, so it
 * is not used for UTF-8.  UTF-16, UTF-32 and GB18030 go through iconv,
 * whose output is well-formed.  Neighbours: csvsrc.c is the only caller;
 * the events it gets back tell it which rows to reject.
 */
#include <config.h>

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "diag.h"
#include "xalloc.h"

struct decoder {
	enum decode_enc		 enc;
	int			 forced;
	int			 bom;
	int			 lead_done;	/* the first output was checked for U+FEFF */
	int			 nul_seen;	/* a NUL was read, at LAST_NUL */
	unsigned long long	 last_nul;	/* (file offset) */
	iconv_t			 cd;
	int			 cd_open;
	struct strbuf		 raw;		/* input held back: the sniff window
						   or a sequence cut at a piece's end */
	unsigned long long	 raw_off;	/* file offset of raw.buf[0] / the
						   next byte to decode */
	size_t			 out_total;	/* bytes emitted so far */
	int			 have_event;
	size_t			 last_event_out;
	struct decode_events	 ev;
	unsigned long		 euro;
	int			 bom_checked;	/* a forced encoding was checked
						   against the input's BOM */
	int			 failed;	/* the input cannot be read: stop */
};

/*
 * How many bytes after a UTF-16 byte-order mark are looked at to check
 * that the text really is UTF-16.  Fixed, so that the verdict depends on
 * the input, never on how it arrives.
 */
#define BOM_CHECK	1024

static const unsigned char replacement[3] = { 0xEF, 0xBF, 0xBD }; /* U+FFFD */
static const unsigned char euro_utf8[3] = { 0xE2, 0x82, 0xAC };	  /* U+20AC */

const char *
decode_enc_name(enum decode_enc e)
{
	switch (e) {
	case ENC_UTF8:		return "UTF-8";
	case ENC_UTF16LE:	return "UTF-16LE";
	case ENC_UTF16BE:	return "UTF-16BE";
	case ENC_UTF32LE:	return "UTF-32LE";
	case ENC_UTF32BE:	return "UTF-32BE";
	case ENC_GB18030:	return "GB18030";
	case ENC_CP1252:	return "Windows-1252";
	case ENC_BIG5:		return "Big5";
	case ENC_UNKNOWN:	break;
	}
	return "unknown";
}

/* Bytes per code unit: how far to skip over an invalid one. */
static size_t
enc_unit(enum decode_enc e)
{
	switch (e) {
	case ENC_UTF16LE:
	case ENC_UTF16BE:
		return 2;
	case ENC_UTF32LE:
	case ENC_UTF32BE:
		return 4;
	default:
		return 1;
	}
}

struct decoder *
decoder_new(const char *name)
{
	static const struct { const char *name; enum decode_enc enc; } names[] = {
		{ "utf-8", ENC_UTF8 }, { "utf8", ENC_UTF8 },
		{ "utf-16le", ENC_UTF16LE }, { "utf16le", ENC_UTF16LE },
		{ "utf-16be", ENC_UTF16BE }, { "utf16be", ENC_UTF16BE },
		{ "utf-32le", ENC_UTF32LE }, { "utf32le", ENC_UTF32LE },
		{ "utf-32be", ENC_UTF32BE }, { "utf32be", ENC_UTF32BE },
		{ "gb18030", ENC_GB18030 }, { "gbk", ENC_GB18030 },
		{ "cp936", ENC_GB18030 }, { "gb2312", ENC_GB18030 },
		{ "euc-cn", ENC_GB18030 },
		{ "windows-1252", ENC_CP1252 }, { "cp1252", ENC_CP1252 },
		/* as web browsers read Latin-1 (the WHATWG encoding list) */
		{ "latin1", ENC_CP1252 }, { "iso-8859-1", ENC_CP1252 },
		{ "big5", ENC_BIG5 }, { "cp950", ENC_BIG5 },
	};
	struct decoder *d;
	enum decode_enc enc = ENC_UNKNOWN;

	if (name != NULL && strcasecmp(name, "auto") != 0) {
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcasecmp(name, names[i].name) == 0)
				enc = names[i].enc;
		if (enc == ENC_UNKNOWN)
			return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->enc = enc;
	d->forced = enc != ENC_UNKNOWN;
	strbuf_init(&d->raw);
	return d;
}

void
decoder_free(struct decoder *d)
{
	if (d == NULL)
		return;
	if (d->cd_open)
		iconv_close(d->cd);
	strbuf_free(&d->raw);
	free(d->ev.v);
	free(d);
}

struct decode_events *
decoder_events(struct decoder *d)
{
	return &d->ev;
}

void
decoder_events_clear(struct decoder *d)
{
	d->ev.n = 0;
}

enum decode_enc
decoder_encoding(const struct decoder *d)
{
	return d->enc;
}

int
decoder_bom(const struct decoder *d)
{
	return d->bom;
}

int
decoder_forced(const struct decoder *d)
{
	return d->forced;
}

unsigned long
decoder_euro_fallbacks(const struct decoder *d)
{
	return d->euro;
}

/*
 * One UTF-8 sequence at P with N bytes available: its length when valid,
 * 0 when the bytes are a valid prefix cut by the end, or minus the
 * number of bytes to skip when invalid (the maximal ill-formed prefix,
 * as Unicode recommends, so one bad sequence is one error).
 */
static inline int
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0], lo = 0x80, hi = 0xBF;
	int len;

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return -1;
	if (c < 0xE0)
		len = 2;
	else if (c < 0xF0) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c < 0xF5) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else
		return -1;
	if (n < 2)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return -1;
	for (int i = 2; i < len; i++) {
		if ((size_t)i >= n)
			return 0;
		if ((p[i] & 0xC0) != 0x80)
			return -i;
	}
	return len;
}

size_t
utf8_valid_prefix(const void *s, size_t len)
{
	const unsigned char *p = s;
	size_t i = 0;
	int k;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(p + i, len - i)) <= 0)
			return i;
		i += (size_t)k;
	}
	return len;
}

/* Appends to OUT, stripping a U+FEFF that begins the whole output. */
static void
emit(struct decoder *d, struct strbuf *out, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (!d->lead_done) {
		/* Every U+FEFF at the start: a UTF-8 file with its mark
		 * converted to UTF-16 by iconv has two. */
		while (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			d->bom = 1;
			p = (const char *)p + 3;
			n -= 3;
		}
		if (n == 0)
			return;
		d->lead_done = 1;
	}
	strbuf_add(out, p, n);
	d->out_total += n;
}

/*
 * Records an event at output offset OFF unless one was already recorded
 * on the same output line: the row's message needs only the first, and
 * this keeps the list no longer than the number of lines in a piece.
 */
static void
event(struct decoder *d, struct strbuf *out, size_t off,
    enum decode_event_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
event(struct decoder *d, struct strbuf *out, size_t off,
    enum decode_event_kind kind, const char *fmt, ...)
{
	struct decode_event *e;
	va_list ap;

	if (d->have_event && d->ev.n > 0) {
		size_t base = d->out_total - out->len; /* offset of out->buf[0] */

		if (d->last_event_out >= base) {
			const char *s = out->buf + (d->last_event_out - base);
			const char *end = out->buf + (off - base);
			int newline = 0;

			for (; s < end; s++)
				if (*s == '\n' || *s == '\r') {
					newline = 1;
					break;
				}
			if (!newline)
				return;
		}
	}
	if (d->ev.n == d->ev.cap) {
		d->ev.cap = d->ev.cap ? d->ev.cap * 2 : 16;
		d->ev.v = xreallocarray(d->ev.v, d->ev.cap, sizeof(*d->ev.v));
	}
	e = &d->ev.v[d->ev.n++];
	e->out_off = off;
	e->kind = kind;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	d->have_event = 1;
	d->last_event_out = off;
}

#define HI_BITS	0x8080808080808080ULL
#define LO_BITS	0x0101010101010101ULL

/*
 * Validates and copies UTF-8 from P[0..LEN); file offset of P[0] is OFF.
 * Returns how many bytes were used: the rest (a sequence cut at the
 * end, never at EOF) must be kept for the next call.
 */
static size_t
feed_utf8(struct decoder *d, const unsigned char *p, size_t len,
    unsigned long long off, int eof, struct strbuf *out)
{
	size_t i = 0, run = 0;
	unsigned c;
	int k;

	while (i < len) {
		/* Eight ASCII bytes, none NUL, at a time: the usual case. */
		while (i + 8 <= len) {
			uint64_t v;

			memcpy(&v, p + i, 8);
			if ((v & HI_BITS) || ((v - LO_BITS) & ~v & HI_BITS))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = p[i];
		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		/* Inline checks for the common well-formed forms (CJK text is
		 * mostly E1-EF lead bytes); utf8_seq handles the rest. */
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < len &&
		    (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF && i + 1 < len &&
		    (p[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (p[i] == 0) {
			/* Kept in the stream; the row holding it is rejected. */
			emit(d, out, p + run, i + 1 - run);
			run = i + 1;
			/* NULs every other byte are UTF-16 read as bytes
			 * (one starts the file, or one came two bytes
			 * before: the same however the file is cut into
			 * pieces); a lone one is a stray byte.  An ASCII
			 * character's NUL comes first in big-endian, at an
			 * even offset, and second in little-endian. */
			unsigned long long at = off + i;
			int u16 = at <= 1 ||
			    (d->nul_seen && at - d->last_nul == 2);

			d->nul_seen = 1;
			d->last_nul = at;
			event(d, out, d->out_total - 1, DEC_NUL,
			    "NUL byte at file offset %llu: not text (%s)", at,
			    !u16 ? "a stray byte: remove it, or export the "
			    "file again" : at % 2 == 0 ? "a UTF-16 file "
			    "without byte-order mark? use --encoding utf-16be" :
			    "a UTF-16 file without byte-order mark? use "
			    "--encoding utf-16le");
			i++;
			continue;
		}
		k = utf8_seq(p + i, len - i);
		if (k > 0) {
			i += (size_t)k;
			continue;
		}
		if (k == 0 && !eof)
			break;		/* cut by the piece's end: carry it */
		emit(d, out, p + run, i - run);
		emit(d, out, replacement, sizeof(replacement));
		if (k == 0)
			event(d, out, d->out_total - 3, DEC_TRUNCATED,
			    "the file ends inside a UTF-8 character (file "
			    "offset %llu): it is truncated", off + i);
		else
			event(d, out, d->out_total - 3, DEC_INVALID,
			    "invalid UTF-8 (byte 0x%02X) at file offset %llu; "
			    "if the file was saved as GBK/GB18030 (Excel in "
			    "Chinese) use --encoding gb18030, as Windows-1252 "
			    "(Excel in English) --encoding windows-1252",
			    p[i], off + i);
		i += k == 0 ? len - i : (size_t)-k;
		run = i;
	}
	emit(d, out, p + run, i - run);
	return i;
}

/* Records a NUL event for each line of new output that holds one. */
static void
scan_nul(struct decoder *d, struct strbuf *out, size_t from)
{
	const char *s = out->buf + from, *end = out->buf + out->len, *z;
	size_t base = d->out_total - out->len;

	while (s < end && (z = memchr(s, '\0', (size_t)(end - s))) != NULL) {
		event(d, out, base + (size_t)(z - out->buf), DEC_NUL,
		    "NUL character (U+0000): not text");
		s = z + 1;
	}
}

/* Like feed_utf8, through iconv (UTF-16, UTF-32, GB18030, Windows-1252,
 * Big5). */
static size_t
feed_iconv(struct decoder *d, const unsigned char *p, size_t len,
    unsigned long long off, int eof, struct strbuf *out)
{
	char *ip = (char *)(uintptr_t)p;
	size_t ileft = len, unit = enc_unit(d->enc);

	while (ileft > 0) {
		size_t start = out->len, oleft, r;
		char *op;
		int err;

		strbuf_grow(out, ileft * 2 + 16);
		op = out->buf + out->len;
		oleft = out->cap - out->len - 1;
		r = iconv(d->cd, &ip, &ileft, &op, &oleft);
		err = r == (size_t)-1 ? errno : 0;
		out->len = (size_t)(op - out->buf);
		out->buf[out->len] = '\0';
		if (out->len > start) {
			/* What iconv wrote in place, accounted as emit() does. */
			size_t n = out->len - start;

			if (!d->lead_done) {
				while (n >= 3 && memcmp(out->buf + start,
				    "\xEF\xBB\xBF", 3) == 0) {
					d->bom = 1;
					memmove(out->buf + start,
					    out->buf + start + 3, n - 3);
					n -= 3;
					out->len -= 3;
					out->buf[out->len] = '\0';
				}
				if (n > 0)
					d->lead_done = 1;
			}
			d->out_total += n;
			if (n > 0 && memchr(out->buf + start, '\0', n) != NULL)
				scan_nul(d, out, start);
		}
		if (err == 0 || err == E2BIG)
			continue;
		if (err == EINVAL) {
			if (!eof)
				break;	/* carry the cut sequence */
			emit(d, out, replacement, sizeof(replacement));
			event(d, out, d->out_total - 3, DEC_TRUNCATED,
			    "the file ends inside a %s character (file offset "
			    "%llu): it is truncated, or not %s",
			    decode_enc_name(d->enc),
			    off + (unsigned long long)((unsigned char *)ip - p),
			    decode_enc_name(d->enc));
			ip += ileft;
			ileft = 0;
			break;
		}
		if (err != EILSEQ) {
			/* Not expected from iconv; never lose the rest silently. */
			emit(d, out, replacement, sizeof(replacement));
			event(d, out, d->out_total - 3, DEC_INVALID,
			    "cannot decode %s at file offset %llu: %s",
			    decode_enc_name(d->enc),
			    off + (unsigned long long)((unsigned char *)ip - p),
			    strerror(err));
			ip += ileft;
			ileft = 0;
			break;
		}
		if (d->enc == ENC_GB18030 && (unsigned char)*ip == 0x80) {
			/* GB18030 has no single-byte 0x80; Windows' CP936
			 * (what Excel writes as "ANSI" in China) reads it as
			 * the euro sign. */
			emit(d, out, euro_utf8, sizeof(euro_utf8));
			d->euro++;
			ip++;
			ileft--;
			continue;
		}
		emit(d, out, replacement, sizeof(replacement));
		{
			unsigned long long at = off +
			    (unsigned long long)((unsigned char *)ip - p);
			const unsigned char *b = (const unsigned char *)ip;

			/*
			 * The message names only bytes that every piece size
			 * shows: iconv reports EILSEQ at a lead byte (0x81-0xFE)
			 * only once it has seen the byte after it (a lead at a
			 * piece's end is EINVAL, carried over), and a byte that
			 * cannot lead is judged alone.  Looking further ahead
			 * would make the message depend on where a piece ends.
			 */
			if (d->enc == ENC_GB18030 && b[0] >= 0x81 &&
			    b[0] <= 0xFE && ileft > 1)
				event(d, out, d->out_total - 3, DEC_INVALID,
				    "bytes not valid in GB18030 (0x%02X 0x%02X: "
				    "no character) at file offset %llu; if the "
				    "file is not GBK/GB18030 give --encoding",
				    b[0], b[1], at);
			else if (d->enc == ENC_GB18030)
				event(d, out, d->out_total - 3, DEC_INVALID,
				    "byte not valid in GB18030 (0x%02X: no "
				    "character starts with it) at file offset "
				    "%llu; if the file is not GBK/GB18030 give "
				    "--encoding", b[0], at);
			else if (d->enc == ENC_CP1252 || d->enc == ENC_BIG5)
				event(d, out, d->out_total - 3, DEC_INVALID,
				    "byte not valid in %s (0x%02X: no character%s) "
				    "at file offset %llu; if the file is not %s "
				    "give --encoding", decode_enc_name(d->enc),
				    b[0], d->enc == ENC_BIG5 ? " starts with it "
				    "there" : "", at, decode_enc_name(d->enc));
			else
				event(d, out, d->out_total - 3, DEC_INVALID,
				    "invalid %s (an unpaired surrogate or a code "
				    "point above U+10FFFF) at file offset %llu",
				    decode_enc_name(d->enc), at);
		}
		if (ileft < unit) {
			ip += ileft;
			ileft = 0;
		} else {
			ip += unit;
			ileft -= unit;
		}
	}
	return (size_t)((unsigned char *)ip - p);
}

/*
 * Whether P[0..N) reads as FROM, an iconv name (for GB18030 a lone 0x80
 * is allowed, as decoding allows it; a sequence cut at the end is not
 * held against it).
 */
static int
iconv_clean(const unsigned char *p, size_t n, const char *from)
{
	iconv_t cd = iconv_open("UTF-8", from);
	int gb = strcmp(from, "GB18030") == 0;
	char out[4096], *ip = (char *)(uintptr_t)p, *op;
	size_t ileft = n, oleft;
	int clean = 1;

	if (cd == (iconv_t)-1)
		return 1;	/* cannot tell; open_iconv will report it */
	while (ileft > 0) {
		op = out;
		oleft = sizeof(out);
		if (iconv(cd, &ip, &ileft, &op, &oleft) != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		if (errno == EILSEQ && gb && (unsigned char)*ip == 0x80) {
			ip++;
			ileft--;
			continue;
		}
		if (errno != EINVAL)
			clean = 0;
		break;
	}
	iconv_close(cd);
	return clean;
}

/*
 * Whether P[0..N), which is not UTF-8, reads as Windows-1252 rather than
 * GBK: its non-ASCII bytes stand alone between ASCII ones (an accented
 * letter, a curly quote, a dash: "team\x92s", "Caf\xE9") at least four
 * times as often as they come in runs (Chinese text is runs of two-byte
 * characters; a GBK character whose second byte is ASCII is rare), and
 * none of them is one of the five bytes Windows-1252 leaves undefined.
 * A run cut by the window's end is not counted.
 */
static int
cp1252_like(const unsigned char *p, size_t n)
{
	size_t alone = 0, runs = 0, i = 0;

	while (i < n) {
		size_t j = i;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		while (j < n && p[j] >= 0x80) {
			if (p[j] == 0x81 || p[j] == 0x8D || p[j] == 0x8F ||
			    p[j] == 0x90 || p[j] == 0x9D)
				return 0;
			j++;
		}
		if (j == n)
			break;
		if (j - i == 1)
			alone++;
		else
			runs++;
		i = j;
	}
	return alone > 0 && alone >= 4 * runs;
}

/*
 * Whether P[0..N), which is not UTF-8 nor Windows-1252, reads as Big5
 * rather than GBK.  Both write a Chinese character as a lead byte from
 * 0x81 up and a second byte; Big5's second byte is 0x40-0x7E for two
 * in five of its characters (一 A4 40, 上 A4 57), while the Simplified
 * characters of GBK text are nearly all in GB2312, whose second bytes
 * are 0xA1-0xFE (one in 50,000 on the development postings).  Big5
 * when at least 4 characters, and one in ten, have an ASCII second byte,
 * and the whole window decodes as Big5 (GBK's rarer characters, lead
 * bytes 0x81-0xA0 with an ASCII second byte, do not).
 */
static int
big5_like(const unsigned char *p, size_t n)
{
	size_t pairs = 0, low = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x81)
			continue;
		if (i + 1 == n)
			break;
		pairs++;
		low += p[i + 1] >= 0x40 && p[i + 1] <= 0x7E;
		i++;
	}
	return low >= 4 && low * 10 >= pairs && iconv_clean(p, n, "CP950");
}

/* The encoding a byte-order mark at P[0..N) names, or ENC_UNKNOWN. */
static enum decode_enc
bom_of(const unsigned char *p, size_t n)
{
	if (n >= 4 && memcmp(p, "\x00\x00\xFE\xFF", 4) == 0)
		return ENC_UTF32BE;
	if (n >= 4 && memcmp(p, "\xFF\xFE\x00\x00", 4) == 0)
		return ENC_UTF32LE;
	if (n >= 2 && memcmp(p, "\xFE\xFF", 2) == 0)
		return ENC_UTF16BE;
	if (n >= 2 && memcmp(p, "\xFF\xFE", 2) == 0)
		return ENC_UTF16LE;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		return ENC_UTF8;
	if (n >= 4 && memcmp(p, "\x84\x31\x95\x33", 4) == 0)
		return ENC_GB18030;
	return ENC_UNKNOWN;
}

/* Bytes in a byte-order mark for ENC. */
static size_t
bom_len(enum decode_enc e)
{
	switch (e) {
	case ENC_UTF16LE:
	case ENC_UTF16BE:
		return 2;
	case ENC_UTF8:
		return 3;
	default:
		return 4;
	}
}

/*
 * A forced encoding against the input's BOM (held in d->raw: 4 bytes, or
 * fewer at EOF).  A mark that names another encoding is an error: reading
 * on would turn every row into mojibake without a single invalid byte
 * (UTF-8 read as GB18030 mostly decodes), and the user asked for one
 * thing while the file says another.  UTF-16LE text may begin with U+FEFF
 * U+0000, which looks like a UTF-32LE mark, so that pair is allowed.
 * Returns 0, or -1 after reporting.
 */
static int
check_forced_bom(struct decoder *d, const char *path)
{
	enum decode_enc b = bom_of((const unsigned char *)d->raw.buf,
	    d->raw.len);

	d->bom_checked = 1;
	if (b == ENC_UNKNOWN || b == d->enc ||
	    (b == ENC_UTF32LE && d->enc == ENC_UTF16LE))
		return 0;
	diag(DIAG_ERROR, path, 0, 0, "the file starts with a %s byte-order "
	    "mark, but --encoding %s was given: leave out --encoding (the "
	    "mark says %s), or remove the mark (tail -c +%zu FILE > NEW.csv)",
	    decode_enc_name(b), decode_enc_name(d->enc), decode_enc_name(b),
	    bom_len(b) + 1);
	return -1;
}

/*
 * After a UTF-16 mark, real CSV text has NUL bytes: every ASCII
 * character (digits, delimiters, line breaks) has one.  None in the
 * first BOM_CHECK bytes after the mark means the mark is wrong, typically
 * a UTF-8 file saved with a UTF-16 mark; decoding it as UTF-16 would
 * give nothing but CJK-looking nonsense.  Returns 0, or -1 after
 * reporting.
 */
static int
check_utf16_bom(struct decoder *d, const unsigned char *p, size_t n,
    const char *path)
{
	if (n > 2 + BOM_CHECK)
		n = 2 + BOM_CHECK;
	if (n < 4 || memchr(p + 2, '\0', n - 2) != NULL)
		return 0;
	diag(DIAG_ERROR, path, 0, 0, "the file starts with a %s byte-order "
	    "mark, but the text after it is not %s (it has no NUL bytes; "
	    "a UTF-8 file with a wrong mark?): remove the mark "
	    "(tail -c +3 FILE > NEW.csv) and read the new file",
	    decode_enc_name(d->enc), decode_enc_name(d->enc));
	return -1;
}

/*
 * Picks the encoding from the held-back input once that is decidable:
 * a BOM (needs 4 bytes, or EOF; a UTF-16 one BOM_CHECK more, to check
 * it), else the sniff window's content.  Returns 1 when decided, 0 when
 * more input is needed, -1 after reporting a mark that is wrong.
 */
static int
sniff(struct decoder *d, int eof, const char *path)
{
	const unsigned char *p = (const unsigned char *)d->raw.buf;
	size_t n = d->raw.len, nv = 0, ni = 0, i = 0;
	enum decode_enc b;
	int k, lone = 1;

	if (n < 4 && !eof)
		return 0;
	b = bom_of(p, n);
	if (b == ENC_UTF16LE || b == ENC_UTF16BE) {
		/* Wait for the bytes the mark is checked against. */
		if (n < 2 + BOM_CHECK && !eof)
			return 0;
		d->enc = b;
		return check_utf16_bom(d, p, n, path) == 0 ? 1 : -1;
	}
	if (b != ENC_UNKNOWN) {
		d->enc = b;
		return 1;
	}
	if (n < DECODE_SNIFF && !eof)
		return 0;
	if (n > DECODE_SNIFF)
		n = DECODE_SNIFF;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i);
		if (k == 0)
			break;		/* cut by the window's end */
		if (k > 0) {
			nv++;
			i += (size_t)k;
		} else {
			/* (one bad byte between ASCII ones, or not) */
			if (k != -1 || (i > 0 && p[i - 1] >= 0x80) ||
			    (i + 1 < n && p[i + 1] >= 0x80))
				lone = 0;
			ni++;
			i += (size_t)-k;
		}
	}
	/*
	 * Valid UTF-8 is UTF-8.  A UTF-8 file with a few damaged bytes is
	 * still UTF-8 (its rows with bad bytes are then rejected, with a
	 * hint): decoding it as GB18030 would garble every row silently
	 * (a UTF-8 "Café" with one stray Windows-1252 quote).  GBK and
	 * Big5 text is nowhere near this ratio: at most 0.8 valid sequences
	 * for each invalid one in 21,000 windows of 40 bytes to 5 KB of the
	 * development postings in GBK, about 0.2 in Big5.  Nor is it when
	 * each bad byte stands alone between ASCII ones (a stray Windows-
	 * 1252 quote in "Café's", however short the file): GBK and Big5
	 * characters are byte pairs, and Chinese text in them has pairs
	 * that run on.  Bytes that are valid in none of the encodings are
	 * read as UTF-8 too, so that every row holding them is rejected
	 * rather than read as gibberish.
	 */
	if (ni == 0 || (nv >= 4 && nv >= 4 * ni) || (nv >= 1 && lone))
		d->enc = ENC_UTF8;
	else if (cp1252_like(p, n))
		d->enc = ENC_CP1252;
	else if (big5_like(p, n))
		d->enc = ENC_BIG5;
	else if (iconv_clean(p, n, "GB18030"))
		d->enc = ENC_GB18030;
	else
		d->enc = ENC_UTF8;
	return 1;
}

static int
open_iconv(struct decoder *d, const char *path)
{
	const char *from;

	switch (d->enc) {
	case ENC_UTF16LE:	from = "UTF-16LE"; break;
	case ENC_UTF16BE:	from = "UTF-16BE"; break;
	case ENC_UTF32LE:	from = "UTF-32LE"; break;
	case ENC_UTF32BE:	from = "UTF-32BE"; break;
	case ENC_GB18030:	from = "GB18030"; break;
	case ENC_CP1252:	from = "WINDOWS-1252"; break;
	case ENC_BIG5:		from = "CP950"; break;
	default:		return 0;
	}
	d->cd = iconv_open("UTF-8", from);
	if (d->cd == (iconv_t)-1) {
		diag(DIAG_ERROR, path, 0, 0, "cannot decode %s: %s (the C "
		    "library's iconv lacks it)", from, strerror(errno));
		return -1;
	}
	d->cd_open = 1;
	return 0;
}

int
decoder_feed(struct decoder *d, const void *in, size_t len, int eof,
    struct strbuf *out, const char *path)
{
	const unsigned char *p = in;
	size_t used, n = len;
	int from_raw = 0;

	if (d->failed)
		return -1;
	if (d->enc == ENC_UNKNOWN) {
		int r;

		strbuf_add(&d->raw, in, len);
		if ((r = sniff(d, eof, path)) == -1) {
			d->failed = 1;
			return -1;
		}
		if (r == 0)
			return 0;
	} else if (d->forced && !d->bom_checked) {
		/* Hold the first 4 bytes to check the mark against. */
		strbuf_add(&d->raw, in, len);
		if (d->raw.len < 4 && !eof)
			return 0;
		if (check_forced_bom(d, path) == -1) {
			d->failed = 1;
			return -1;
		}
	} else if (d->raw.len > 0)
		strbuf_add(&d->raw, in, len);
	if (d->raw.len > 0) {
		/* Bytes held back come first, joined with this piece. */
		p = (const unsigned char *)d->raw.buf;
		n = d->raw.len;
		from_raw = 1;
	}
	if (d->enc != ENC_UTF8 && !d->cd_open && open_iconv(d, path) == -1)
		return -1;
	if (n == 0)
		return 0;	/* nothing to decode (IN may be NULL) */
	if (d->enc == ENC_UTF8)
		used = feed_utf8(d, p, n, d->raw_off, eof, out);
	else
		used = feed_iconv(d, p, n, d->raw_off, eof, out);
	d->raw_off += used;
	if (from_raw) {
		memmove(d->raw.buf, d->raw.buf + used, n - used);
		d->raw.len = n - used;
		d->raw.buf[d->raw.len] = '\0';
	} else if (used < n)
		strbuf_add(&d->raw, p + used, n - used);
	return 0;
}

size_t
utf8_chars(const void *s, size_t len)
{
	const unsigned char *p = s;
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += (p[i] & 0xC0) != 0x80;
	return n;
}
