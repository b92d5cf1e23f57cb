/*
 * csvsrc.h — the reader: a file's bytes, decoded to UTF-8, tokenised by
 * libcsv, handed out one record at a time (the header row first).
 *
 * Streaming: memory is bounded by the caps below, never by the file.
 * A malformed row (wrong field count, unterminated quote, invalid bytes,
 * NUL, over-long field, too many fields) is reported through diag() as
 * "roleaudit: FILE:LINE: reason", counted in rows_rejected, and skipped;
 * with opts.strict the first one ends the file (csvsrc_next returns -1).
 * Only csvsrc.c includes <csv.h>; only decode.c uses iconv.
 */
#ifndef ROLEAUDIT_CSVSRC_H
#define ROLEAUDIT_CSVSRC_H

#include <stddef.h>

#include "record.h"

struct csvsrc_opts {
	const char	*encoding;	/* NULL = detect; else "utf-8", "utf-16le",
					   "utf-16be", "gb18030", "gbk",
					   "windows-1252", ... */
	int		 delimiter;	/* 0 = sniff from the header line */
	size_t		 max_field;	/* bytes; 0 = default 1 MiB */
	size_t		 max_fields;	/* per row; 0 = default 10000 */
	size_t		 max_row;	/* bytes per row; 0 = default 8 MiB */
	size_t		 chunk;		/* read size; 0 = default 64 KiB (tests
					   use 1, 2, 3 ... to prove invariance) */
	int		 strict;	/* first bad row is fatal */
	unsigned long	 header_line;	/* the header's line; 0 or 1 = the
					   first (--header-line) */
	int		 keep_empty;	/* hand out rows whose every field is
					   empty or blank (else skipped,
					   rows_empty) */
};

/* Fills the defaults: detect encoding and delimiter, 1 MiB fields,
 * 10000 fields, 8 MiB rows, 64 KiB reads, not strict. */
void	csvsrc_opts_init(struct csvsrc_opts *);

/* What the reader detected and counted, for inspect and the summaries. */
struct csvsrc_info {
	const char	*encoding;	/* "UTF-8", "UTF-16LE", "GB18030", ... */
	int		 bom;		/* a byte-order mark was present */
	int		 delimiter;	/* the one in use */
	int		 delimiter_sniffed; /* 1 = detected, 0 = given, 2 = the
					   file's first line "sep=X" */
	const char	*line_endings;	/* "CRLF", "LF", "CR", "mixed", "none" */
	unsigned long	 rows_read;	/* data rows (header not counted) */
	unsigned long	 rows_accepted;
	unsigned long	 rows_rejected;
	unsigned long	 rows_empty;	/* every field empty or blank: skipped
					   like a blank line, not counted as
					   read */
	unsigned long	 lines;		/* physical lines seen */
	unsigned long	 lines_skipped;	/* above the header (--header-line,
					   or the sep= line) */
	int		 sep_line;	/* a first line sep=X is skipped */
	int		 encoding_given; /* 1 = --encoding, 0 = detected */
	unsigned long	 euro_fallbacks; /* GB18030: lone 0x80 read as the
					   euro sign (Windows CP936) */
	unsigned long long bytes;	/* raw bytes read */
};

struct csvsrc;

/*
 * Opens PATH ("-" = stdin).  Returns a new reader, or NULL after
 * reporting why through diag() (missing file, a directory, unreadable).
 */
struct csvsrc	*csvsrc_open(const char *path, const struct csvsrc_opts *);
/* A reader over a memory buffer (BORROWED; must outlive the reader). */
struct csvsrc	*csvsrc_open_mem(const char *name, const void *buf, size_t len,
		    const struct csvsrc_opts *);

/*
 * Next record into *rec (fields BORROWED until the next call).
 * Returns 1 for a record, 0 at the end of input, -1 on a fatal error
 * (already reported: I/O error, undecodable header, strict mode).
 * The first record returned is the header (rec->recno == 0); data
 * records have recno = their number among the rows read (rejected ones
 * included), so gaps show where rows were dropped.  Unless keep_empty
 * is set, a row whose every field is empty or white space (a blank
 * spreadsheet row, ",,," or " , ,") is skipped like a blank line and
 * counted in rows_empty only.  An empty file has no header: the first
 * call returns 0.
 */
int		 csvsrc_next(struct csvsrc *, struct ra_record *rec);

const struct csvsrc_info *csvsrc_info(const struct csvsrc *);
void		 csvsrc_free(struct csvsrc *);

#endif
