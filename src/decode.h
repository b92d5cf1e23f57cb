/*
 * decode.h — bytes in any supported encoding to validated UTF-8, in
 * chunks of any size.
 *
 * The decoder is fed raw input a piece at a time and appends UTF-8 to a
 * caller's buffer.  It never stops on bad input: each invalid sequence,
 * each NUL and a character cut off by the end of the file is replaced by
 * U+FFFD in the output and reported as an event that carries the output
 * offset of the replacement, so that the reader can reject exactly the
 * row that holds it.  At most one event is recorded per output line
 * (the first is what the row's message needs), which bounds the event
 * list by the size of one piece.
 *
 * Output is the same whatever the pieces' sizes: a sequence cut at a
 * piece's end is carried over, and auto-detection looks at the same
 * prefix of the input (DECODE_SNIFF bytes, or the whole input if it is
 * shorter) however it arrives.
 *
 * Neighbours: csvsrc.c drives it; only this module uses iconv.
 */
#ifndef ROLEAUDIT_DECODE_H
#define ROLEAUDIT_DECODE_H

#include <stddef.h>

#include "strbuf.h"

/* How much input auto-detection looks at before choosing. */
#define DECODE_SNIFF	(64 * 1024)

enum decode_enc {
	ENC_UNKNOWN = 0,	/* auto: not decided yet */
	ENC_UTF8,
	ENC_UTF16LE,
	ENC_UTF16BE,
	ENC_UTF32LE,
	ENC_UTF32BE,
	ENC_GB18030,		/* also GBK and CP936, which it extends */
	ENC_CP1252,		/* Windows-1252: what Excel in English saves
				   as "CSV" on Windows; read for Latin-1 too */
	ENC_BIG5		/* Big5 as Windows' CP950 (Excel in Taiwan
				   and Hong Kong): Traditional Chinese */
};

enum decode_event_kind {
	DEC_INVALID = 1,	/* bytes not valid in the encoding */
	DEC_TRUNCATED,		/* the input ends inside a character */
	DEC_NUL			/* a NUL character: not text */
};

struct decode_event {
	size_t			 out_off; /* offset in the whole output stream */
	enum decode_event_kind	 kind;
	char			 msg[256]; /* what and where, for the user */
};

struct decode_events {
	struct decode_event	*v;	/* owned by the decoder */
	size_t			 n;
	size_t			 cap;
};

struct decoder;

/*
 * Returns a new decoder.  ENCODING NULL (or "auto") detects: a BOM
 * decides; else the first DECODE_SNIFF bytes decide between UTF-8 (they
 * are valid UTF-8, or nearly all of their non-ASCII sequences are),
 * Windows-1252 (non-ASCII bytes stand mostly alone, between ASCII ones,
 * as accented letters and curly quotes do), Big5 (they come in pairs, a
 * good share of them with an ASCII second byte, as Big5's commonest
 * characters have) and GB18030 (pairs of non-ASCII bytes, as GBK's
 * Simplified Chinese characters are).  Otherwise ENCODING names one
 * (case-insensitive: utf-8, utf8, utf-16le, utf-16be, utf-32le,
 * utf-32be, gb18030, gbk, cp936, gb2312, windows-1252, cp1252, latin1,
 * iso-8859-1, big5, cp950).
 * Returns NULL for an unknown name (nothing printed).
 */
struct decoder	*decoder_new(const char *encoding);
void		 decoder_free(struct decoder *);

/*
 * Decodes IN[0..LEN) (BORROWED) and appends UTF-8 to OUT.  EOF says that
 * no more input follows: a sequence cut at the end is then an error
 * rather than carried over, and auto-detection decides on what it has.
 * Events are appended to the decoder's list (decoder_events); the
 * caller empties it with decoder_events_clear when it has used them.
 * Returns 0, or -1 when the input cannot be read (reported through diag
 * under PATH; every later call returns -1 too): iconv cannot be set up,
 * a forced encoding contradicts the input's byte-order mark, or a UTF-16
 * mark is followed by text that is not UTF-16 (no NUL byte in the first
 * KiB after it).
 */
int		 decoder_feed(struct decoder *, const void *in, size_t len,
		    int eof, struct strbuf *out, const char *path);

/* The events recorded since the last clear (BORROWED). */
struct decode_events *decoder_events(struct decoder *);
void		 decoder_events_clear(struct decoder *);

/* ENC_UNKNOWN until decided. */
enum decode_enc	 decoder_encoding(const struct decoder *);
/* Display name of an encoding: "UTF-8", "UTF-16LE", "GB18030", ... */
const char	*decode_enc_name(enum decode_enc);
/* 1 when the input began with a byte-order mark (now stripped). */
int		 decoder_bom(const struct decoder *);
/* 1 when the encoding was given rather than detected. */
int		 decoder_forced(const struct decoder *);
/* Single 0x80 bytes read as the euro sign, as Windows' CP936 does. */
unsigned long	 decoder_euro_fallbacks(const struct decoder *);

/*
 * Checks that S[0..LEN) is well-formed UTF-8 (RFC 3629: no overlongs,
 * surrogates or code points above U+10FFFF).  Returns the length of the
 * valid prefix (LEN when all is valid).  A sequence cut by the end
 * counts as invalid.
 */
size_t		 utf8_valid_prefix(const void *s, size_t len);
/*
 * Characters in S[0..LEN) of valid UTF-8 (the bytes that are not
 * continuation bytes): a column number, or an offset a person reads.
 */
size_t		 utf8_chars(const void *s, size_t len);

#endif
