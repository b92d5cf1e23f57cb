/*
 * csvsrc.c — the reader: read a file in chunks, decode it to UTF-8
 * (decode.c), sniff the delimiter from the header line, tokenise with
 * libcsv, and hand out one record at a time with the physical line it
 * starts on.  Malformed rows are reported through diag and skipped.
 * Neighbours: decode.c below, colmap.c and the cmd_*.c drivers above.
 * Only this file includes <csv.h>.
 *
 * How lines and errors are tracked.  libcsv reports no positions, so
 * the decoded text is fed to it one physical line at a time (a piece
 * ends just after CR, LF or CRLF, or at the end of the decoded chunk).
 * A row can end only at a line break, so after each piece we know the
 * line every row starts on, where a strict-mode error happened, and
 * which decode events (invalid bytes, NUL) fall inside the row.
 *
 * Resync.  After a libcsv error (a stray quote, text after a closing
 * quote, a field over the cap) the row is rejected, the parser is
 * re-initialised and input is dropped up to the end of that physical
 * line; parsing resumes on the next line.  All of this depends only on
 * byte positions, never on where chunks end, so the records and the
 * messages are the same for any read size (the unit tests feed 1, 2, 3
 * ... bytes at a time to prove it).
 *
 * A row's reason for rejection: invalid bytes or NUL win (they explain
 * the rest); otherwise the first problem met, in input order.
 */
#include <config.h>

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvsrc.h"
#include "decode.h"
#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

#define DEF_MAX_FIELD	(1024 * 1024)
#define DEF_MAX_FIELDS	10000
#define DEF_MAX_ROW	(8 * 1024 * 1024)
#define DEF_CHUNK	(64 * 1024)
#define CSV_BLK		4096
/*
 * Zero bytes kept after a row's last field.  PCRE2's JIT scans a subject
 * with 16-byte SIMD loads that may reach past its end (harmless: never
 * past the page), and valgrind reports each such load of memory that is
 * not allocated or not initialised; this slack keeps those loads inside
 * the block and on defined bytes, so the row can be matched in place.
 */
#define ROW_PAD		32

/* libcsv's parser states (libcsv.c), read to name a strict error. */
#define LIBCSV_FIELD_BEGUN		2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED	3

struct csvsrc {
	char			*path;
	int			 fd;		/* -1 for a memory source */
	int			 close_fd;
	const unsigned char	*mem;
	size_t			 memlen, mempos;
	unsigned char		*inbuf;
	struct csvsrc_opts	 o;		/* caps resolved */

	int			 input_eof;	/* no more raw input */
	int			 dec_flushed;	/* decoder told about EOF */
	int			 finished;	/* csv_fini done */
	int			 fatal;

	struct decoder		*dec;
	struct strbuf		 dbuf;		/* decoded text not yet parsed */
	size_t			 dpos;
	size_t			 dbase;		/* stream offset of dbuf.buf[0] */
	size_t			 ev_pos;	/* next decode event to apply */
	size_t			 next_lf, next_cr; /* cached line-break search */

	unsigned char		 magic[8];	/* the file's first bytes */
	size_t			 nmagic;
	int			 magic_done;	/* checked and decoded */

	/* Delimiter sniffing over the header line, resumable. */
	int			 delim_known;
	size_t			 sniff_pos;
	size_t			 sniff_start;	/* where the header line begins */
	int			 sep_checked;	/* --delimiter given: the first
						   line was looked at for sep= */
	int			 sniff_inq, sniff_started;
	int			 sniff_text;	/* the line holds more
						   than spaces and tabs */
	unsigned long		 sniff_count[4];

	struct csv_parser	 parser;
	int			 parser_live;

	/* Physical lines. */
	unsigned long		 line;		/* line of the next byte */
	int			 after_cr;
	int			 line_has_content;
	size_t			 line_chars;	/* characters already fed on it */
	unsigned long		 n_lf, n_cr, n_crlf;
	int			 skipping;	/* dropping to the line's end */
	unsigned long		 skip_left;	/* lines above the header */

	/* The row being built. */
	int			 row_active;
	int			 row_done;
	unsigned long		 row_line;
	unsigned long		 field_line;	/* where the current field began */
	int			 row_bad;	/* 0, 1 = other, 2 = decode */
	char			 reason[320];
	struct strbuf		 rowbuf;
	size_t			*foff, *flen;
	struct ra_field		*fields;
	size_t			 nfields, fcap;

	int			 have_header;
	size_t			 hdr_nfields;
	unsigned long		 recno;
	struct csvsrc_info	 info;
};

/* libcsv's realloc hook takes no context: the cap of the parser being
 * run is set just before each call into libcsv. */
static _Thread_local size_t csv_realloc_cap;

static void *
capped_realloc(void *p, size_t n)
{
	if (n > csv_realloc_cap)
		return NULL;	/* libcsv then fails with CSV_ENOMEM */
	return realloc(p, n);
}

/* No trimming: spaces around fields are data (RFC 4180). */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

void
csvsrc_opts_init(struct csvsrc_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_field = DEF_MAX_FIELD;
	o->max_fields = DEF_MAX_FIELDS;
	o->max_row = DEF_MAX_ROW;
	o->chunk = DEF_CHUNK;
}

static void
parser_start(struct csvsrc *s)
{
	/* csv_init cannot fail for a non-NULL parser; checked anyway. */
	if (csv_init(&s->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
		abort();
	csv_set_delim(&s->parser, (unsigned char)s->info.delimiter);
	csv_set_space_func(&s->parser, no_space);
	csv_set_realloc_func(&s->parser, capped_realloc);
	csv_set_blk_size(&s->parser, CSV_BLK);
	s->parser_live = 1;
}

static void
parser_stop(struct csvsrc *s)
{
	if (s->parser_live)
		csv_free(&s->parser);
	s->parser_live = 0;
}

static struct csvsrc *
src_new(const char *path, const struct csvsrc_opts *opts)
{
	struct csvsrc *s;
	struct csvsrc_opts def;

	csvsrc_opts_init(&def);
	s = xcalloc(1, sizeof(*s));
	s->o = opts ? *opts : def;
	if (s->o.max_field == 0)
		s->o.max_field = def.max_field;
	if (s->o.max_fields == 0)
		s->o.max_fields = def.max_fields;
	if (s->o.max_row == 0)
		s->o.max_row = def.max_row;
	if (s->o.chunk == 0)
		s->o.chunk = def.chunk;
	s->dec = decoder_new(s->o.encoding);
	if (s->dec == NULL) {
		diag(DIAG_ERROR, NULL, 0, 0, "unknown encoding '%s': use "
		    "utf-8, utf-16le, utf-16be, utf-32le, utf-32be, gb18030 "
		    "(also gbk, cp936, gb2312, euc-cn), windows-1252 (also "
		    "cp1252, latin1, iso-8859-1) or big5 (also cp950)",
		    s->o.encoding);
		free(s);
		return NULL;
	}
	s->path = xstrdup(path);
	s->fd = -1;
	s->line = 1;
	s->skip_left = s->o.header_line > 1 ? s->o.header_line - 1 : 0;
	strbuf_init(&s->dbuf);
	strbuf_init(&s->rowbuf);
	s->next_lf = s->next_cr = SIZE_MAX;
	s->info.encoding = "UTF-8";
	s->info.line_endings = "none";
	s->info.encoding_given = decoder_forced(s->dec);
	if (s->o.delimiter) {
		s->info.delimiter = s->o.delimiter;
		s->delim_known = 1;
		parser_start(s);
	} else
		s->info.delimiter_sniffed = 1;
	return s;
}

struct csvsrc *
csvsrc_open(const char *path, const struct csvsrc_opts *opts)
{
	struct csvsrc *s;
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag(DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		diag(DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		diag(DIAG_ERROR, path, 0, 0, "is a directory: give a CSV file");
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	if ((s = src_new(path, opts)) == NULL) {
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	s->fd = fd;
	s->close_fd = fd != STDIN_FILENO;
	s->inbuf = xmalloc(s->o.chunk);
	return s;
}

struct csvsrc *
csvsrc_open_mem(const char *name, const void *buf, size_t len,
    const struct csvsrc_opts *opts)
{
	struct csvsrc *s;

	if ((s = src_new(name, opts)) == NULL)
		return NULL;
	s->mem = buf;
	s->memlen = len;
	return s;
}

void
csvsrc_free(struct csvsrc *s)
{
	if (s == NULL)
		return;
	parser_stop(s);
	if (s->close_fd)
		close(s->fd);
	decoder_free(s->dec);
	strbuf_free(&s->dbuf);
	strbuf_free(&s->rowbuf);
	free(s->foff);
	free(s->flen);
	free(s->fields);
	free(s->inbuf);
	free(s->path);
	free(s);
}

const struct csvsrc_info *
csvsrc_info(const struct csvsrc *s)
{
	return &s->info;
}

/* --- the row being built ------------------------------------------------ */

static void bad(struct csvsrc *, int decode, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Marks the row rejected; a decode reason replaces any other. */
static void
bad(struct csvsrc *s, int decode, const char *fmt, ...)
{
	va_list ap;

	if (s->row_bad == 2 || (s->row_bad == 1 && !decode))
		return;
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
	s->row_bad = decode ? 2 : 1;
}

/*
 * The field being read is over --max-field.  A quoted field over
 * several lines is most often a quote never meant to open one: say
 * which lines it swallowed.
 */
static void
too_long(struct csvsrc *s)
{
	if (s->line > s->field_line)
		bad(s, 0, "field %zu, quoted from line %lu, is longer than "
		    "%zu bytes at line %lu: lines %lu-%lu were read as one "
		    "field; close the quote at line %lu or double it (\"\"), "
		    "or raise --max-field if the field is real", s->nfields + 1,
		    s->field_line, s->o.max_field, s->line, s->field_line,
		    s->line, s->field_line);
	else
		bad(s, 0, "field %zu is longer than %zu bytes (raise "
		    "--max-field if it is real)", s->nfields + 1,
		    s->o.max_field);
}

static void
row_begin(struct csvsrc *s)
{
	s->row_active = 1;
	s->row_line = s->field_line = s->line;
	s->row_bad = 0;
	s->nfields = 0;
	strbuf_reset(&s->rowbuf);
}

static void
on_field(void *data, size_t len, void *vs)
{
	struct csvsrc *s = vs;

	s->field_line = s->line;	/* the next field starts here */
	if (s->row_bad)
		return;			/* rejected: keep nothing */
	if (s->nfields >= s->o.max_fields) {
		bad(s, 0, "more than %zu fields in the row (raise "
		    "--max-fields if it is real)", s->o.max_fields);
		return;
	}
	if (len > s->o.max_field) {
		too_long(s);
		return;
	}
	if (s->rowbuf.len + len + 1 > s->o.max_row) {
		bad(s, 0, "the row is longer than %zu bytes (raise --max-row "
		    "if it is real)", s->o.max_row);
		return;
	}
	if (s->nfields == s->fcap) {
		s->fcap = s->fcap ? s->fcap * 2 : 32;
		s->foff = xreallocarray(s->foff, s->fcap, sizeof(*s->foff));
		s->flen = xreallocarray(s->flen, s->fcap, sizeof(*s->flen));
		s->fields = xreallocarray(s->fields, s->fcap,
		    sizeof(*s->fields));
	}
	s->foff[s->nfields] = s->rowbuf.len;
	s->flen[s->nfields] = len;
	s->nfields++;
	strbuf_grow(&s->rowbuf, len + 1);
	if (len)
		memcpy(s->rowbuf.buf + s->rowbuf.len, data, len);
	s->rowbuf.len += len + 1;
	s->rowbuf.buf[s->rowbuf.len - 1] = '\0';
}

static void
on_row(int c, void *vs)
{
	struct csvsrc *s = vs;

	(void)c;
	s->row_done = 1;
}

/* --- the delimiter -------------------------------------------------------- */

static const char sniff_delims[4] = { ',', '\t', ';', '|' };

/*
 * The delimiter of a first line "sep=X" (or "\"sep=X\""), the hint
 * Excel reads and writes above the header; 0 when LINE is not one.
 */
static int
sep_line(const char *line, size_t len)
{
	if (len == 7 && line[0] == '"' && line[6] == '"') {
		line++;
		len -= 2;
	}
	if (len != 5 || strncasecmp(line, "sep=", 4) != 0)
		return 0;
	if (line[4] != '\t' && (line[4] < 0x20 || line[4] >= 0x7F ||
	    line[4] == '"'))
		return 0;
	return (unsigned char)line[4];
}

/*
 * Counts candidate delimiters outside quotes on the header line (blank
 * lines before it are skipped, as libcsv skips them).  Returns 1 when
 * the line is complete (or EOF, or it exceeds max_row) and the choice
 * made: the most frequent, ties going to the earlier in , TAB ; |, and
 * ',' when there is none.  A first line "sep=X" (no --header-line)
 * gives the delimiter instead, and is skipped as a line above the
 * header (given_sep() skips it when --delimiter is given).
 */
static int
sniff_delimiter(struct csvsrc *s, int eof)
{
	const char *b = s->dbuf.buf;
	size_t i = s->sniff_pos, n = s->dbuf.len;
	int done = 0, best = 0;

	for (; i < n; i++) {
		char c = b[i];

		if (!s->sniff_started) {
			if (c == '\r' || c == '\n')
				continue;
			s->sniff_started = 1;
			s->sniff_start = i;
		}
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			s->sniff_text = 1;
		if (c == '"')
			s->sniff_inq = !s->sniff_inq;
		else if (s->sniff_inq)
			continue;
		else if ((c == '\r' || c == '\n') && !s->sniff_text) {
			/* A line of spaces and tabs is no header: the
			 * reader skips it as a blank row; so does this. */
			s->sniff_started = 0;
			memset(s->sniff_count, 0, sizeof(s->sniff_count));
		} else if (c == '\r' || c == '\n') {
			done = 1;
			break;
		} else
			for (int k = 0; k < 4; k++)
				if (c == sniff_delims[k])
					s->sniff_count[k]++;
	}
	s->sniff_pos = i;
	if (!done && !eof && n - s->dpos <= s->o.max_row)
		return 0;
	if (s->sniff_started && s->sniff_start == s->dpos &&
	    s->o.header_line <= 1 && s->info.lines_skipped == 0) {
		int c = sep_line(b + s->sniff_start, i - s->sniff_start);

		if (c != 0) {
			s->info.delimiter = c;
			s->info.delimiter_sniffed = 2;
			s->info.sep_line = 1;
			s->delim_known = 1;
			s->skip_left = 1;
			parser_start(s);
			return 1;
		}
	}
	for (int k = 1; k < 4; k++)
		if (s->sniff_count[k] > s->sniff_count[best])
			best = k;
	s->info.delimiter = s->sniff_count[best] ? sniff_delims[best] : ',';
	s->delim_known = 1;
	parser_start(s);
	return 1;
}

/*
 * With --delimiter given, a first line "sep=X" is still Excel's hint and
 * no header: it is skipped, and the given delimiter stays.  Returns 1
 * when more input is needed to tell, else 0 (decided).
 */
static int
given_sep(struct csvsrc *s)
{
	const char *b = s->dbuf.buf + s->dpos;
	size_t n = s->dbuf.len - s->dpos, k;

	for (k = 0; k < n && k < 8 && b[k] != '\r' && b[k] != '\n'; k++)
		;
	if (k == n && k < 8 && !s->dec_flushed)
		return 1;		/* the line may go on */
	s->sep_checked = 1;
	if (s->o.header_line <= 1 && s->line == 1 && s->dbase + s->dpos == 0 &&
	    sep_line(b, k) != 0) {
		s->skip_left = 1;
		s->info.sep_line = 1;
	}
	return 0;
}

/* --- feeding libcsv a line at a time ------------------------------------- */

/* Applies decode events that lie before stream offset END. */
static void
apply_events(struct csvsrc *s, size_t end, int use)
{
	struct decode_events *ev = decoder_events(s->dec);

	while (s->ev_pos < ev->n && ev->v[s->ev_pos].out_off < end) {
		if (use && s->row_active)
			bad(s, 1, "%s", ev->v[s->ev_pos].msg);
		s->ev_pos++;
	}
}

/* Names a strict-mode error at byte E of the piece P. */
static void
parse_error(struct csvsrc *s, const char *p, size_t e)
{
	unsigned long col = (unsigned long)(s->line_chars +
	    utf8_chars(p, e) + 1);
	char where[64];
	int st = csv_error(&s->parser);

	if (s->line == s->row_line)
		snprintf(where, sizeof(where), "column %lu", col);
	else
		snprintf(where, sizeof(where), "line %lu, column %lu", s->line,
		    col);
	if (st == CSV_ENOMEM || st == CSV_ETOOBIG)
		too_long(s);
	else if (st != CSV_EPARSE)
		bad(s, 0, "cannot parse at %s: %s", where, csv_strerror(st));
	else if (s->parser.pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED &&
	    s->line > s->field_line)
		bad(s, 0, "text after a closing quote at %s: the field "
		    "quoted from line %lu closes there, so lines %lu-%lu were "
		    "read as one field; a quoted field must end at a delimiter "
		    "or the line's end, and a quote inside it must be doubled "
		    "(\"\")", where, s->field_line, s->field_line, s->line);
	else if (s->parser.pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED)
		bad(s, 0, "text after a closing quote at %s: a quoted field "
		    "must end at a delimiter or the line's end, and a quote "
		    "inside it must be doubled (\"\")", where);
	else
		bad(s, 0, "stray quote (\") at %s: a field holding a quote "
		    "must be quoted as a whole, with the quote doubled (\"\")",
		    where);
}

/* Next line break at or after I in dbuf, or dbuf.len; cached. */
static size_t
next_break(struct csvsrc *s, size_t i)
{
	const char *b = s->dbuf.buf;
	size_t n = s->dbuf.len;
	const char *q;

	if (s->next_lf == SIZE_MAX || (s->next_lf < i && s->next_lf != n)) {
		q = memchr(b + i, '\n', n - i);
		s->next_lf = q ? (size_t)(q - b) : n;
	}
	if (s->next_cr == SIZE_MAX || (s->next_cr < i && s->next_cr != n)) {
		q = memchr(b + i, '\r', n - i);
		s->next_cr = q ? (size_t)(q - b) : n;
	}
	return s->next_lf < s->next_cr ? s->next_lf : s->next_cr;
}

/* A line ends at break byte C (CR or LF): the next line starts. */
static void
line_break(struct csvsrc *s, char c)
{
	s->line++;
	s->line_chars = 0;
	s->line_has_content = 0;
	if (c == '\r') {
		s->n_cr++;
		s->after_cr = 1;
	} else
		s->n_lf++;
}

/* The LF right after a CR: the same line break, counted as CRLF. */
static void
crlf(struct csvsrc *s)
{
	s->n_cr--;
	s->n_crlf++;
}

/*
 * Parses decoded text until a row is complete or the buffer is used up.
 */
static void
parse_some(struct csvsrc *s)
{
	while (s->dpos < s->dbuf.len && !s->row_done) {
		const char *b = s->dbuf.buf;
		size_t i = s->dpos, n = s->dbuf.len, k, end, content;
		int brk, crlf_lf = 0;

		/* An LF right after a CR belongs to the same line break. */
		if (s->after_cr) {
			s->after_cr = 0;
			crlf_lf = b[i] == '\n';
		}
		k = crlf_lf ? i : next_break(s, i);
		content = k - i;
		brk = k < n;
		end = brk ? k + 1 : n;

		if (content > 0) {
			s->line_has_content = 1;
			if (!s->row_active && !s->skipping)
				row_begin(s);
		}
		if (s->skipping) {
			apply_events(s, s->dbase + end, 0);
		} else {
			size_t len = end - i, r;

			csv_realloc_cap = s->o.max_field + 2;
			r = csv_parse(&s->parser, b + i, len, on_field, on_row, s);
			if (r < len) {
				/* A strict error or the field cap: reject the
				 * row, restart the parser, drop the line. */
				apply_events(s, s->dbase + i + r, 1);
				apply_events(s, s->dbase + end, 0);
				if (!s->row_active)
					row_begin(s);
				parse_error(s, b + i, r);
				parser_stop(s);
				parser_start(s);
				s->row_done = 1;
				s->skipping = !brk;
			} else
				apply_events(s, s->dbase + end, 1);
		}
		if (brk && crlf_lf)
			crlf(s);
		else if (brk) {
			line_break(s, b[k]);
			s->skipping = 0;
		} else
			s->line_chars += utf8_chars(b + i, content);
		s->dpos = end;
	}
}

/*
 * Drops the lines above the header (--header-line): a sheet's title
 * and notes, which are not CSV rows and are never parsed, sniffed or
 * checked; only their line breaks are counted.
 */
static void
skip_lines(struct csvsrc *s)
{
	const char *b = s->dbuf.buf;

	while (s->skip_left > 0 && s->dpos < s->dbuf.len) {
		size_t i = s->dpos, k;

		if (s->after_cr) {	/* CR LF is one line break */
			s->after_cr = 0;
			if (b[i] == '\n') {
				crlf(s);
				s->dpos = i + 1;
				continue;
			}
		}
		k = next_break(s, i);
		if (k == s->dbuf.len) {		/* the line goes on */
			if (k > i)
				s->line_has_content = 1;
			s->dpos = k;
			break;
		}
		line_break(s, b[k]);
		s->skip_left--;
		s->info.lines_skipped++;
		s->dpos = k + 1;
	}
	apply_events(s, s->dbase + s->dpos, 0);
	s->sniff_pos = s->dpos;
}

/* --- input --------------------------------------------------------------- */

/*
 * Files that are no CSV at all, known by their first bytes: a workbook
 * saved as .xlsx or .xls instead of exported, a PDF.  Their bytes would
 * only give "NUL character" or "invalid UTF-8" on line 1; say what the
 * file is and what to do.  Returns -1 after reporting.
 */
static int
not_csv(struct csvsrc *s)
{
	static const struct {
		const char	*magic;
		size_t		 len;
		const char	*what;
	} kinds[] = {
		{ "PK\x03\x04", 4, "a zip archive (an Excel .xlsx "
		    "workbook, an .ods sheet or a .docx is one): open it, "
		    "save the sheet as CSV (Excel: Save As, \"CSV UTF-8\") "
		    "and give roleaudit that file" },
		{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Office "
		    "file (an Excel 97-2003 .xls workbook, a .doc): open "
		    "it, save the sheet as CSV (Excel: Save As, \"CSV "
		    "UTF-8\") and give roleaudit that file" },
		{ "%PDF-", 5, "a PDF document: export the table it shows "
		    "as CSV from the sheet it came from" },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (s->nmagic >= kinds[i].len &&
		    memcmp(s->magic, kinds[i].magic, kinds[i].len) == 0) {
			diag(DIAG_ERROR, s->path, 0, 0, "not CSV but %s",
			    kinds[i].what);
			return -1;
		}
	return 0;
}

/* The first bytes, held back until not_csv() could look at them, go to
 * the decoder.  Returns 0, or -1 (fatal, reported). */
static int
magic_flush(struct csvsrc *s)
{
	s->magic_done = 1;
	if (not_csv(s) != 0)
		return -1;
	if (s->nmagic == 0)
		return 0;
	return decoder_feed(s->dec, s->magic, s->nmagic, 0, &s->dbuf, s->path);
}

/* Reads and decodes the next chunk.  Returns 0, or -1 (fatal, reported). */
static int
read_more(struct csvsrc *s)
{
	const void *p;
	size_t n;

	if (s->dpos == s->dbuf.len && (s->delim_known || s->skip_left > 0)) {
		/* All parsed: start the buffer afresh. */
		s->dbase += s->dbuf.len;
		strbuf_reset(&s->dbuf);
		s->dpos = 0;
		s->ev_pos = 0;
		decoder_events_clear(s->dec);
	}
	s->next_lf = s->next_cr = SIZE_MAX;
	if (s->input_eof) {
		s->dec_flushed = 1;
		return decoder_feed(s->dec, NULL, 0, 1, &s->dbuf, s->path);
	}
	if (s->fd == -1) {
		n = s->memlen - s->mempos;
		if (n > s->o.chunk)
			n = s->o.chunk;
		p = s->mem + s->mempos;
		s->mempos += n;
	} else {
		ssize_t r;

		do
			r = read(s->fd, s->inbuf, s->o.chunk);
		while (r == -1 && errno == EINTR);
		if (r == -1) {
			diag(DIAG_ERROR, s->path, 0, 0, "read error: %s",
			    strerror(errno));
			return -1;
		}
		n = (size_t)r;
		p = s->inbuf;
	}
	if (n == 0) {
		if (!s->magic_done && magic_flush(s) == -1)
			return -1;
		s->input_eof = 1;
		return 0;
	}
	if (!s->magic_done) {
		size_t k = sizeof(s->magic) - s->nmagic;

		if (k > n)
			k = n;
		memcpy(s->magic + s->nmagic, p, k);
		s->nmagic += k;
		s->info.bytes += k;
		p = (const char *)p + k;
		n -= k;
		if (s->nmagic < sizeof(s->magic))
			return 0;
		if (magic_flush(s) == -1)
			return -1;
		if (n == 0)
			return 0;
	}
	s->info.bytes += n;
	return decoder_feed(s->dec, p, n, 0, &s->dbuf, s->path);
}

static void
update_info(struct csvsrc *s)
{
	enum decode_enc e = decoder_encoding(s->dec);
	int kinds = (s->n_lf > 0) + (s->n_cr > 0) + (s->n_crlf > 0);

	if (e != ENC_UNKNOWN)
		s->info.encoding = decode_enc_name(e);
	s->info.bom = decoder_bom(s->dec);
	s->info.euro_fallbacks = decoder_euro_fallbacks(s->dec);
	s->info.lines = s->line - 1 + (unsigned long)s->line_has_content;
	if (kinds > 1)
		s->info.line_endings = "mixed";
	else if (s->n_crlf)
		s->info.line_endings = "CRLF";
	else if (s->n_lf)
		s->info.line_endings = "LF";
	else if (s->n_cr)
		s->info.line_endings = "CR";
	else
		s->info.line_endings = "none";
}

/* --- records ------------------------------------------------------------- */

/* The delimiter as a message names it. */
static const char *
delim_name(int c)
{
	switch (c) {
	case '\t':	return "a tab";
	case ';':	return "a ';'";
	case '|':	return "a '|'";
	default:	return "a ','";
	}
}

/* Is [P, P+N) only white space: ASCII blanks, line breaks, U+00A0 (no-break
 * space) and U+3000 (the ideographic space of Chinese text)? */
static int
blank(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r'))
			continue;
		if (p[i] == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) {
			i++;
			continue;
		}
		if (p[i] == 0xE3 && i + 2 < n && p[i + 1] == 0x80 &&
		    p[i + 2] == 0x80) {
			i += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

/* A blank spreadsheet row: Excel saves one as ",,," (no data in it), or
 * with the spaces a cleared cell kept. */
static int
all_empty(const struct csvsrc *s)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (s->flen[i] != 0 && !blank((const unsigned char *)
		    s->rowbuf.buf + s->foff[i], s->flen[i]))
			return 0;
	return 1;
}

/*
 * A complete row: hand it out (1), drop it as rejected or empty (0), or
 * stop the file (-1: the header is unusable, or strict mode).
 */
static int
finish_row(struct csvsrc *s, struct ra_record *rec)
{
	s->row_done = 0;
	s->row_active = 0;
	if (!s->have_header) {
		/* A blank row above the header (a line of spaces, an empty
		 * first row of a sheet) is skipped like a blank line;
		 * keep_empty hands it out as parsed. */
		if (!s->o.keep_empty && !s->row_bad && all_empty(s))
			return 0;
		if (s->row_bad) {
			diag(DIAG_ERROR, s->path, s->row_line, 0,
			    "%s; the header row is unusable", s->reason);
			return -1;
		}
		s->have_header = 1;
		s->hdr_nfields = s->nfields;
	} else {
		if (!s->o.keep_empty && !s->row_bad && all_empty(s)) {
			s->info.rows_empty++;
			return 0;
		}
		/* keep_empty hands out a blank row as parsed: the row other
		 * commands skip is no fault, whatever its field count. */
		int empty = s->o.keep_empty && !s->row_bad && all_empty(s);

		s->info.rows_read++;
		if (empty)
			;
		else if (!s->row_bad && s->nfields > s->hdr_nfields)
			bad(s, 0, "%zu fields, but the header has %zu: quote "
			    "every field that holds %s", s->nfields,
			    s->hdr_nfields, delim_name(s->info.delimiter));
		else if (!s->row_bad && s->nfields < s->hdr_nfields)
			bad(s, 0, "%zu field%s, but the header has %zu: add the "
			    "missing fields (empty ones too), and quote every "
			    "field that holds a line break", s->nfields,
			    s->nfields == 1 ? "" : "s", s->hdr_nfields);
		if (s->row_bad) {
			s->info.rows_rejected++;
			diag(DIAG_ERROR, s->path, s->row_line, 0, "%s%s",
			    s->reason, s->o.strict ? " (--strict: stopping)" :
			    "");
			return s->o.strict ? -1 : 0;
		}
		s->info.rows_accepted++;
		s->recno = s->info.rows_read;
	}
	strbuf_grow(&s->rowbuf, ROW_PAD);
	memset(s->rowbuf.buf + s->rowbuf.len, 0, ROW_PAD);
	for (size_t i = 0; i < s->nfields; i++) {
		s->fields[i].ptr = s->rowbuf.buf + s->foff[i];
		s->fields[i].len = s->flen[i];
	}
	rec->path = s->path;
	rec->line = s->row_line;
	rec->recno = s->recno;
	rec->nfields = s->nfields;
	rec->fields = s->fields;
	return 1;
}

/* At EOF: csv_fini, which submits a last row without a line break. */
static void
finish_input(struct csvsrc *s)
{
	s->finished = 1;
	if (!s->parser_live)
		return;
	csv_realloc_cap = s->o.max_field + 2;
	if (csv_fini(&s->parser, on_field, on_row, s) != 0) {
		unsigned long last = s->line - 1 +
		    (unsigned long)s->line_has_content;

		if (!s->row_active)
			row_begin(s);
		if (last > s->field_line)
			bad(s, 0, "unterminated quoted field starting at line "
			    "%lu: its quote is never closed, so lines %lu-%lu "
			    "were read as one field; close the quote or double "
			    "it (\"\")", s->field_line, s->field_line, last);
		else
			bad(s, 0, "unterminated quoted field starting at line "
			    "%lu: the file ends before its closing quote; close the "
			    "quote or double it (\"\")",
			    s->field_line);
		s->row_done = 1;
	}
}

int
csvsrc_next(struct csvsrc *s, struct ra_record *rec)
{
	int r;

	if (s->fatal)
		return -1;
	for (;;) {
		if (s->row_done) {
			r = finish_row(s, rec);
			update_info(s);
			if (r == -1)
				s->fatal = 1;
			if (r != 0)
				return r;
			continue;
		}
		if (s->skip_left > 0 && s->dpos < s->dbuf.len) {
			skip_lines(s);
			continue;
		}
		/* The delimiter is chosen once the header line is whole;
		 * a sep= line is then skipped first. */
		if (!s->delim_known && s->dbuf.len > 0 &&
		    sniff_delimiter(s, s->dec_flushed) && s->skip_left > 0)
			continue;
		if (s->o.delimiter && !s->sep_checked &&
		    s->dpos < s->dbuf.len && given_sep(s) == 0)
			continue;
		if (s->delim_known && s->dpos < s->dbuf.len &&
		    (s->sep_checked || !s->o.delimiter)) {
			parse_some(s);
			continue;
		}
		if (s->finished) {
			update_info(s);
			return 0;
		}
		if (!s->dec_flushed) {
			if (read_more(s) == -1) {
				s->fatal = 1;
				update_info(s);
				return -1;
			}
			continue;
		}
		if (!s->delim_known)
			sniff_delimiter(s, 1);
		if (s->dpos < s->dbuf.len)
			continue;
		finish_input(s);
	}
}
