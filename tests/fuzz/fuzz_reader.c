/*
 * fuzz_reader.c — libFuzzer harness for the decoder + reader.
 *
 * Byte 0 picks the options (delimiter detected or forced, encoding
 * detected or forced, strict mode, a small field cap), byte 1 the chunk
 * size and the header's line (--header-line 1 to 4).  The rest is the file.  The input is read whole (64 KiB chunks)
 * and chunked; records, rejected rows and every diagnostic must be the
 * same, and rows read must equal accepted + rejected, or the harness
 * aborts.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvsrc.h"
#include "diag.h"
#include "strbuf.h"

static const char *const encodings[] = {
	NULL, "utf-8", "gb18030", "utf-16le", "utf-16be", "windows-1252"
};
static const int delims[] = { 0, ',', ';', '\t', '|' };

/* Reads everything into OUT (records and diagnostics, serialised). */
static void
run(const uint8_t *data, size_t size, const struct csvsrc_opts *o,
    struct strbuf *out)
{
	struct csvsrc *src;
	struct ra_record rec;
	const struct csvsrc_info *info;
	char *diagbuf = NULL;
	size_t diaglen = 0;
	FILE *dfp = open_memstream(&diagbuf, &diaglen);
	int r;

	diag_set_stream(dfp);
	src = csvsrc_open_mem("fuzz.csv", data, size, o);
	if (src == NULL)
		abort();	/* memory input never fails to open */
	while ((r = csvsrc_next(src, &rec)) == 1) {
		strbuf_addf(out, "R%lu@%lu:", rec.recno, rec.line);
		for (size_t i = 0; i < rec.nfields; i++) {
			if (rec.fields[i].ptr[rec.fields[i].len] != '\0')
				abort();	/* promised NUL termination */
			strbuf_addf(out, "%zu:", rec.fields[i].len);
			strbuf_add(out, rec.fields[i].ptr, rec.fields[i].len);
		}
		strbuf_addc(out, '\n');
	}
	info = csvsrc_info(src);
	if (info->rows_read != info->rows_accepted + info->rows_rejected)
		abort();
	strbuf_addf(out, "end %d read %lu acc %lu rej %lu enc %s delim %d "
	    "skipped %lu\n", r, info->rows_read, info->rows_accepted,
	    info->rows_rejected, info->encoding, info->delimiter,
	    info->lines_skipped);
	csvsrc_free(src);
	fclose(dfp);
	diag_set_stream(NULL);
	strbuf_add(out, diagbuf, diaglen);
	free(diagbuf);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvsrc_opts o;
	struct strbuf whole = STRBUF_INIT, chunked = STRBUF_INIT;

	if (size < 2)
		return 0;
	csvsrc_opts_init(&o);
	o.delimiter = delims[data[0] % 5];
	o.encoding = encodings[(data[0] / 5) % 6];
	o.strict = (data[0] & 0x80) != 0;
	if (data[0] & 0x40)
		o.max_field = 64;
	o.header_line = 1 + (unsigned long)(data[1] / 17 % 4);
	run(data + 2, size - 2, &o, &whole);
	o.chunk = 1 + data[1] % 17;
	run(data + 2, size - 2, &o, &chunked);
	if (whole.len != chunked.len ||
	    memcmp(whole.buf, chunked.buf, whole.len) != 0) {
		fprintf(stderr, "whole:\n%s\nchunked (%zu):\n%s\n",
		    whole.buf, o.chunk, chunked.buf);
		abort();
	}
	strbuf_free(&whole);
	strbuf_free(&chunked);
	return 0;
}
