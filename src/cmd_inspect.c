/*
 * cmd_inspect.c — `roleaudit inspect`: what the reader made of each
 * file.  Neighbours: reads with csvsrc, maps columns with colmap, and
 * writes stdout directly (it has one fixed format of its own).
 *
 * Plain output, one block per file (blocks separated by a blank line):
 *
 *   file:          PATH
 *   encoding:      NAME[, byte-order mark] (detected|given)[; ...]
 *   delimiter:     comma (,)|semicolon (;)|tab|pipe (|)|'C' (detected|given)
 *   line endings:  CRLF|LF|CR|mixed|none
 *   lines:         N
 *   header:        line N, M columns [(K lines above it skipped)]
 *                  | none (the file is empty | no line past those skipped)
 *   columns:
 *        1  id          NAME
 *        2  text        NAME
 *        3  -           NAME
 *   rows:          R read, A accepted, J rejected[; E empty rows skipped]
 *   [chinese:       Traditional in T of A rows (the rules read it in
 *                   Simplified characters)]
 *
 * The role column is fixed-width ASCII and the header name comes last,
 * so the table stays aligned whatever script the names are in.
 *
 * With --records: every record, the header included, as a JSON array of
 * arrays of strings, one record per line, one array per file.  Control
 * characters are written as \uXXXX; other text passes through (it is
 * valid UTF-8: the reader checked it).
 *
 * Exit status: 2 when a file cannot be read, the header is unusable, a
 * column is missing, or --strict stopped a file; with --records, 1 when
 * a row was rejected; else 0.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "colmap.h"
#include "csvsrc.h"
#include "diag.h"
#include "strbuf.h"
#include "t2s.h"
#include "xalloc.h"

static void
json_string(struct strbuf *sb, const char *p, size_t len)
{
	size_t run = 0;

	strbuf_addc(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
			continue;
		strbuf_add(sb, p + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, c);
		} else
			strbuf_addf(sb, "\\u%04x", c);
	}
	strbuf_add(sb, p + run, len - run);
	strbuf_addc(sb, '"');
}

static int
inspect_records(const char *path, const struct options *o)
{
	struct csvsrc *src;
	struct ra_record rec;
	struct strbuf sb = STRBUF_INIT;
	struct csvsrc_opts co = o->csv;
	int r, first = 1, rc = 0;

	co.keep_empty = 1;	/* every record as parsed, empty ones too */
	if ((src = csvsrc_open(path, &co)) == NULL)
		return 2;
	fputs("[", stdout);
	while ((r = csvsrc_next(src, &rec)) == 1) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, first ? "\n[" : ",\n[");
		first = 0;
		for (size_t i = 0; i < rec.nfields; i++) {
			if (i > 0)
				strbuf_addc(&sb, ',');
			json_string(&sb, rec.fields[i].ptr, rec.fields[i].len);
		}
		strbuf_addc(&sb, ']');
		fwrite(sb.buf, 1, sb.len, stdout);
	}
	fputs(first ? "]\n" : "\n]\n", stdout);
	if (r == -1)
		rc = 2;
	else if (csvsrc_info(src)->rows_rejected > 0)
		rc = 1;
	strbuf_free(&sb);
	csvsrc_free(src);
	return rc;
}

static void
put_name(const struct ra_field *f)
{
	if (f->len == 0) {
		fputs("(no name)", stdout);
		return;
	}
	for (size_t i = 0; i < f->len; i++) {
		unsigned char c = (unsigned char)f->ptr[i];

		if (c < 0x20 || c == 0x7F)
			printf("\\x%02X", c);
		else
			putchar(c);
	}
}

static const char *
delim_name(int d)
{
	static char buf[16];

	switch (d) {
	case ',':	return "comma (,)";
	case ';':	return "semicolon (;)";
	case '\t':	return "tab";
	case '|':	return "pipe (|)";
	case 0:		return "none (the header was not read)";
	}
	if (d < 0x20 || d >= 0x7F)
		snprintf(buf, sizeof(buf), "0x%02X", (unsigned)d & 0xFF);
	else
		snprintf(buf, sizeof(buf), "'%c'", d);
	return buf;
}

static const char *
role_of(const struct colmap *m, size_t col)
{
	if (m->id == (long)col)
		return "id";
	if (m->title == (long)col)
		return "title";
	if (m->dept == (long)col)
		return "department";
	if (m->ignore == (long)col)
		return "ignore";
	for (size_t i = 0; i < m->ntext; i++)
		if (m->text[i] == col)
			return "text";
	return "-";
}

static int
inspect_report(const char *path, const struct options *o, int first)
{
	struct csvsrc *src;
	const struct csvsrc_info *in;
	struct ra_record rec;
	struct colmap map;
	struct ra_field *hdr = NULL;
	size_t nhdr = 0;
	unsigned long hdr_line = 0, trad = 0;
	int r, rc = 0, have_header = 0;

	if ((src = csvsrc_open(path, &o->csv)) == NULL)
		return 2;
	colmap_free(&map);
	if ((r = csvsrc_next(src, &rec)) == 1) {
		/* Keep the header: its fields live only until the next call. */
		have_header = 1;
		hdr_line = rec.line;
		nhdr = rec.nfields;
		hdr = xcalloc(nhdr ? nhdr : 1, sizeof(*hdr));
		for (size_t i = 0; i < nhdr; i++) {
			hdr[i].ptr = xmemdup0(rec.fields[i].ptr,
			    rec.fields[i].len);
			hdr[i].len = rec.fields[i].len;
		}
		if (colmap_resolve(&map, &rec, &o->cols) == -1)
			rc = 2;
		/* Rows whose text the matcher reads as Traditional. */
		while ((r = csvsrc_next(src, &rec)) == 1)
			for (size_t i = 0; rc == 0 && i < map.ntext; i++)
				if (map.text[i] < rec.nfields &&
				    t2s_traditional(rec.fields[map.text[i]].ptr,
				    rec.fields[map.text[i]].len)) {
					trad++;
					break;
				}
	}
	if (r == -1)
		rc = 2;
	in = csvsrc_info(src);

	if (!first)
		putchar('\n');
	printf("file:          %s\n", path);
	printf("encoding:      %s%s (%s)", in->encoding,
	    in->bom ? ", byte-order mark" : "",
	    in->encoding_given ? "given" : "detected");
	if (in->euro_fallbacks)
		printf("; %lu lone 0x80 byte%s read as the euro sign, as "
		    "Windows CP936 does", in->euro_fallbacks,
		    in->euro_fallbacks == 1 ? "" : "s");
	putchar('\n');
	if (in->delimiter == 0)
		printf("delimiter:     %s\n", delim_name(0));
	else
		printf("delimiter:     %s (%s)\n", delim_name(in->delimiter),
		    in->delimiter_sniffed == 2 ? "the file's sep= line" :
		    in->delimiter_sniffed ? "detected" : "given");
	printf("line endings:  %s\n", in->line_endings);
	printf("lines:         %lu\n", in->lines);
	if (!have_header)
		printf("header:        none (%s)\n", r == -1 ? "unusable" :
		    in->sep_line ? "the file ends after its sep= line" :
		    in->lines_skipped > 0 ? "no line past those skipped" :
		    "the file is empty");
	else {
		printf("header:        line %lu, %zu column%s", hdr_line, nhdr,
		    nhdr == 1 ? "" : "s");
		if (in->lines_skipped > 0)
			printf(" (%lu line%s above it skipped)",
			    in->lines_skipped,
			    in->lines_skipped == 1 ? "" : "s");
		putchar('\n');
		printf("columns:\n");
		for (size_t i = 0; i < nhdr; i++) {
			printf("  %4zu  %-10s  ", i + 1, role_of(&map, i));
			put_name(&hdr[i]);
			putchar('\n');
		}
	}
	printf("rows:          %lu read, %lu accepted, %lu rejected",
	    in->rows_read, in->rows_accepted, in->rows_rejected);
	if (in->rows_empty > 0)
		printf("; %lu empty row%s skipped", in->rows_empty,
		    in->rows_empty == 1 ? "" : "s");
	putchar('\n');
	if (trad > 0)
		printf("chinese:       Traditional in %lu of %lu rows (the "
		    "rules read it in Simplified characters)\n", trad,
		    in->rows_accepted);
	if (r == -1 && have_header)
		printf("note:          reading stopped early (see the error "
		    "above)\n");

	for (size_t i = 0; i < nhdr; i++)
		free((void *)(uintptr_t)hdr[i].ptr);
	free(hdr);
	colmap_free(&map);
	csvsrc_free(src);
	return rc;
}

int
cmd_inspect(const struct options *o)
{
	int rc = 0, r;

	for (size_t i = 0; i < o->nfiles; i++) {
		if (o->records)
			r = inspect_records(o->files[i], o);
		else
			r = inspect_report(o->files[i], o, i == 0);
		if (r > rc)
			rc = r;
	}
	return rc;
}
