/*
 * check_csvsrc.c — the reader: records, lines, rejections and resync,
 * and the same records and messages whatever the read size (every
 * input is fed 1, 2, 3 ... bytes at a time and compared with one read).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvsrc.h"
#include "diag.h"
#include "strbuf.h"
#include "suites.h"

struct input {
	const char	*name;
	const char	*buf;
	size_t		 len;
	const char	*encoding;
	int		 delimiter;
	size_t		 max_field, max_fields;
	int		 strict;
	unsigned long	 header_line;
	int		 keep_empty;
};

#define S(lit)	lit, sizeof(lit) - 1

static const struct input inputs[] = {
	{ "utf8-bom-crlf", S("\xEF\xBB\xBF岗位编号,岗位名称,岗位职责\r\n"
	    "1,运营专员,\"负责日常运营,\r\n数据分析\"\r\n"
	    "2,项目经理,\"说\"\"明\"\"\"\r\n"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "gb18030", S("\xb8\xda\xce\xbb\xb1\xe0\xba\xc5\x2c\xb8\xda\xce\xbb\xc3\xfb\xb3"
	    "\xc6\x2c\xb8\xda\xce\xbb\xd6\xb0\xd4\xf0\x0d\x0a\x31\x2c\xd4\xcb"
	    "\xd3\xaa\xd7\xa8\xd4\xb1\x2c\x22\xb8\xba\xd4\xf0\xc8\xd5\xb3\xa3"
	    "\xd4\xcb\xd3\xaa\x2c\x20\xca\xfd\xbe\xdd\xb7\xd6\xce\xf6\x0d\x0a"
	    "\xb6\xe0\xd0\xd0\x22\x0d\x0a\x32\x2c\xcf\xee\xc4\xbf\xbe\xad\xc0"
	    "\xed\x2c\x95\x32\x82\x36\x20\xc0\xa9\xd5\xb9\x20\xa2\xe3\x0d\x0a"),
	    NULL, 0, 0, 0, 0, 0, 0 },
	{ "utf16le-tab", S("\xff\xfe\x16\x7f\xf7\x53\x09\x00\x4c\x80\x4d\x4f\x09\x00\xcf\x63"
	    "\xf0\x8f\x0d\x00\x0a\x00\x31\x00\x09\x00\xd0\x8f\x25\x84\x09\x00"
	    "\x22\x00\x2b\x54\x09\x00\x36\x52\x68\x88\x26\x7b\x22\x00\x0d\x00"
	    "\x0a\x00\x32\x00\x09\x00\x79\x98\xee\x76\x09\x00\x40\xd8\x00\xdc"
	    "\x0d\x00\x0a\x00"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "utf16be-tab", S("\xfe\xff\x7f\x16\x53\xf7\x00\x09\x80\x4c\x4f\x4d\x00\x09\x63\xcf"
	    "\x8f\xf0\x00\x0d\x00\x0a\x00\x31\x00\x09\x8f\xd0\x84\x25\x00\x09"
	    "\x00\x22\x54\x2b\x00\x09\x52\x36\x88\x68\x7b\x26\x00\x22\x00\x0d"
	    "\x00\x0a\x00\x32\x00\x09\x98\x79\x76\xee\x00\x09\xd8\x40\xdc\x00"
	    "\x00\x0d\x00\x0a"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "bad-rows", S("id,text\n"
	    "1,ok\n"
	    "2,a\"b\n"
	    "3,\"x\"y\n"
	    "4,\"multi\nline\" tail\n"
	    "5,fine\n"
	    "6,too,many\n"
	    "\n"
	    "7,中文\xff\n"
	    "8,nul\0here\n"
	    "9,last\n"
	    "10,\"unterminated\n"
	    "11,x\n"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "cr-only", S("a,b\r1,2\r3,\"x\ry\"\r\r4,5"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "caps", S("a,b\n"
	    "1,short\n"
	    "2,waytoolongfield\n"
	    "3,123456789\n"
	    "4,12345678\n"
	    "5,\"1234567890abc\nmore\"\n"
	    "6,x,y,z\n"
	    "7,ok\n"
	    "8,\"1234\n5678\n9abc\n"
	    "9,ok\n"), NULL, 0, 8, 3, 0, 0, 0 },
	{ "gb18030-truncated", S("\xb8\xda\xce\xbb,\xc3\xfb\r\n1,\xd6\xd0\r\n2,\xd6"),
	    NULL, 0, 0, 0, 0, 0, 0 },
	{ "strict", S("id,text\n1,ok\n2,a\"b\n3,never\n"), NULL, 0, 0, 0, 1, 0, 0 },
	{ "sniff-semicolon", S("a;b;\"c,d\"\r\n1;2;3\r\n"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "gbk-pipe", S("id|\xc3\xfb\r\n1|\x81\x7c\x82\x7c\x83\x7c\x84\x7c\r\n"),
	    NULL, 0, 0, 0, 0, 0, 0 },
	{ "blank-lines", S("\n\na,b\n\n1,2\n \n3,4"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "crlf-in-quotes", S("a,b\r\n1,\"x\r\ny\"\r\n2,\"\r\n\"\r\n"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "forced-tab-gbk", S("a\tb\r\n1\t\x80\x31\r\n"), "gbk", '\t', 0, 0, 0, 0, 0 },
	{ "empty", S(""), NULL, 0, 0, 0, 0, 0, 0 },
	{ "bom-only", S("\xEF\xBB\xBF"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "header-stray-quote", S("a,b\"\n1,2\n"), NULL, 0, 0, 0, 0, 0, 0 },
	/* A sheet's title and a note above the header: skipped unparsed
	 * (the note's lone quote), the delimiter sniffed from the header
	 * (';', though the title holds commas). */
	{ "title-crlf", S("某公司岗位说明书,,,\r\n制表:\"人力资源部\r\n"
	    "岗位编号;岗位职责\r\n1;\"负责运营;\r\n数据\"\r\n2;x\r\n"),
	    NULL, 0, 0, 0, 0, 3, 0 },
	{ "title-cr-blank", S("Title\r\ra,b\r1,2\r"), NULL, 0, 0, 0, 0, 2, 0 },
	{ "title-past-end", S("only a title\n\n"), NULL, 0, 0, 0, 0, 4, 0 },
	{ "title-utf16le", S("\xff\xfeT\0\"\0\r\0\n\0a\0\t\0b\0\r\0\n\0"
	    "1\0\t\0\x2d\x4e\r\0\n\0"), NULL, 0, 0, 0, 0, 2, 0 },
	/* Blank spreadsheet rows (",,,"): skipped and counted, a row with
	 * one non-empty field kept; with keep_empty every record. */
	{ "empty-rows", S("a,b,c\n,,\n1,,\n\"\",,\n,, \n,\n"), NULL, 0, 0, 0, 0,
	    0, 0 },
	{ "blank-rows", S("a,b,c\n\t,\t\t,\n\" \n\",,\n\xC2\xA0,\xE3\x80\x80,\n"
	    "\xE3\x80\x80\xC2\xA0 ,,\n\xC2\xA0x,,\n\xE3\x80\x81,,\n"), NULL, 0, 0, 0,
	    0, 0, 0 },
	{ "empty-rows-kept", S("a,b,c\n,,\n1,,\n\"\",,\n,, \n,\n"), NULL, 0, 0, 0,
	    0, 0, 1 },
	/* Lines of spaces and tabs above the header are no header, for
	 * the delimiter's detection and the reader alike. */
	{ "blank-above-header", S("\n \t\n \n\t\nid;text\n1;x\n"), NULL, 0, 0,
	    0, 0, 0, 0 },
	/* Excel's "sep=X" first line: the delimiter, though the header
	 * holds more commas; skipped like a line above the header. */
	{ "sep-line", S("sep=;\r\na,b;c\r\n1,2;3\r\n"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "sep-quoted-utf16le", S("\xff\xfe\"\0s\0e\0p\0=\0\t\0\"\0\n\0"
	    "a\0,\0b\0\t\0c\0\n\0"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "sep-only", S("SEP=|\n"), NULL, 0, 0, 0, 0, 0, 0 },
	/* With --delimiter: skipped all the same, the given delimiter
	 * stays (a config's delimiter = ; over Excel-made files). */
	{ "sep-given", S("sep=;\na,b\n1,2\n"), NULL, ',', 0, 0, 0, 0, 0 },
	{ "sep-given-eof", S("sep=;"), NULL, ';', 0, 0, 0, 0, 0 },
	{ "sep-given-long", S("sep=;x\na,b\n"), NULL, ',', 0, 0, 0, 0, 0 },
	/* Not the hint: below a blank line, below --header-line's title,
	 * or more than one character. */
	{ "sep-after-blank", S("\nsep=;\na;b\n"), NULL, 0, 0, 0, 0, 0, 0 },
	{ "sep-header-line", S("sep=;\na|b\n1|2\n"), NULL, 0, 0, 0, 0, 2, 0 },
	{ "sep-two", S("sep=;;\na,b\n"), NULL, 0, 0, 0, 0, 0, 0 },
	/* A workbook or a PDF given instead of its CSV export; a header
	 * that merely starts like one. */
	{ "xlsx", S("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xml"),
	    NULL, 0, 0, 0, 0, 0, 0 },
	{ "xls", S("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"), NULL, 0, 0,
	    0, 0, 0, 0 },
	{ "pdf", S("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), "utf-8", ',', 0, 0, 0, 0,
	    0 },
	{ "pk-header", S("PK,PDF-\n1,2\n"), NULL, 0, 0, 0, 0, 0, 0 },
};

static void
esc(struct strbuf *sb, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\n')
			strbuf_adds(sb, "\\n");
		else if (c == '\r')
			strbuf_adds(sb, "\\r");
		else if (c == '\t')
			strbuf_adds(sb, "\\t");
		else if (c == '|' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c < 0x20)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addc(sb, c);
	}
}

/* Everything the reader says about IN read CHUNK bytes at a time. */
static char *
run(const struct input *in, size_t chunk)
{
	struct csvsrc_opts o;
	struct csvsrc *s;
	struct ra_record rec;
	struct strbuf sb = STRBUF_INIT;
	const struct csvsrc_info *info;
	char *msgs = NULL;
	size_t nmsgs = 0;
	FILE *fp = open_memstream(&msgs, &nmsgs);
	int r;

	ck_assert_ptr_nonnull(fp);
	csvsrc_opts_init(&o);
	o.encoding = in->encoding;
	o.delimiter = in->delimiter;
	if (in->max_field)
		o.max_field = in->max_field;
	if (in->max_fields)
		o.max_fields = in->max_fields;
	o.strict = in->strict;
	o.header_line = in->header_line;
	o.keep_empty = in->keep_empty;
	o.chunk = chunk;
	diag_set_stream(fp);
	s = csvsrc_open_mem("t.csv", in->buf, in->len, &o);
	ck_assert_ptr_nonnull(s);
	while ((r = csvsrc_next(s, &rec)) == 1) {
		strbuf_addf(&sb, "%lu#%lu:", rec.line, rec.recno);
		for (size_t i = 0; i < rec.nfields; i++) {
			ck_assert_int_eq(rec.fields[i].ptr[rec.fields[i].len], 0);
			ck_assert_ptr_null(memchr(rec.fields[i].ptr, 0,
			    rec.fields[i].len));
			strbuf_addc(&sb, '|');
			esc(&sb, rec.fields[i].ptr, rec.fields[i].len);
		}
		strbuf_addc(&sb, '\n');
	}
	ck_assert_int_eq(csvsrc_next(s, &rec), r);	/* stays at the end */
	info = csvsrc_info(s);
	ck_assert_uint_eq(info->rows_read,
	    info->rows_accepted + info->rows_rejected);
	strbuf_addf(&sb, "end %d: read %lu accepted %lu rejected %lu; %s "
	    "bom=%d delim=%d eol=%s lines=%lu\n", r, info->rows_read,
	    info->rows_accepted, info->rows_rejected, info->encoding,
	    info->bom, info->delimiter, info->line_endings, info->lines);
	if (info->lines_skipped > 0)
		strbuf_addf(&sb, "skipped %lu\n", info->lines_skipped);
	if (info->rows_empty > 0)
		strbuf_addf(&sb, "empty %lu\n", info->rows_empty);
	csvsrc_free(s);
	diag_set_stream(NULL);
	fclose(fp);
	strbuf_add(&sb, msgs, nmsgs);
	free(msgs);
	return strbuf_detach(&sb);
}

static const struct input *
find(const char *name)
{
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		if (strcmp(inputs[i].name, name) == 0)
			return &inputs[i];
	ck_abort_msg("no input %s", name);
	return NULL;
}

static void
expect(const char *name, const char *want)
{
	char *got = run(find(name), 0);

	if (strcmp(got, want) != 0)
		fprintf(stderr, "--- %s: got\n%s--- want\n%s", name, got, want);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_chunk_invariance)
{
	const struct input *in = &inputs[_i];
	char *ref = run(in, 0);

	for (size_t chunk = 1; chunk <= in->len + 1; chunk++) {
		char *got = run(in, chunk);

		if (strcmp(got, ref) != 0)
			fprintf(stderr, "--- %s, chunk %zu: got\n%s--- one "
			    "read gave\n%s", in->name, chunk, got, ref);
		ck_assert_str_eq(got, ref);
		free(got);
	}
	free(ref);
}
END_TEST

START_TEST(test_utf8_bom_crlf)
{
	expect("utf8-bom-crlf",
	    "1#0:|岗位编号|岗位名称|岗位职责\n"
	    "2#1:|1|运营专员|负责日常运营,\\r\\n数据分析\n"
	    "4#2:|2|项目经理|说\"明\"\n"
	    "end 0: read 2 accepted 2 rejected 0; UTF-8 bom=1 delim=44 eol=CRLF lines=4\n");
}
END_TEST

START_TEST(test_gb18030)
{
	expect("gb18030",
	    "1#0:|岗位编号|岗位名称|岗位职责\n"
	    "2#1:|1|运营专员|负责日常运营, 数据分析\\r\\n多行\n"
	    "4#2:|2|项目经理|𠀀 扩展 €\n"
	    "end 0: read 2 accepted 2 rejected 0; GB18030 bom=0 delim=44 eol=CRLF lines=4\n");
}
END_TEST

START_TEST(test_utf16le_tab)
{
	expect("utf16le-tab",
	    "1#0:|编号|职位|描述\n"
	    "2#1:|1|运营|含\\t制表符\n"
	    "3#2:|2|项目|𠀀\n"
	    "end 0: read 2 accepted 2 rejected 0; UTF-16LE bom=1 delim=9 eol=CRLF lines=3\n");
}
END_TEST

START_TEST(test_bad_rows)
{
	expect("bad-rows",
	    "1#0:|id|text\n"
	    "2#1:|1|ok\n"
	    "7#5:|5|fine\n"
	    "12#9:|9|last\n"
	    "end 0: read 10 accepted 3 rejected 7; UTF-8 bom=0 delim=44 eol=LF lines=14\n"
	    "roleaudit: t.csv:3: stray quote (\") at column 4: a field holding a quote must be quoted as a whole, with the quote doubled (\"\")\n"
	    "roleaudit: t.csv:4: text after a closing quote at column 6: a quoted field must end at a delimiter or the line's end, and a quote inside it must be doubled (\"\")\n"
	    "roleaudit: t.csv:5: text after a closing quote at line 6, column 6: the field quoted from line 5 closes there, so lines 5-6 were read as one field; a quoted field must end at a delimiter or the line's end, and a quote inside it must be doubled (\"\")\n"
	    "roleaudit: t.csv:8: 3 fields, but the header has 2: quote every field that holds a ','\n"
	    "roleaudit: t.csv:10: invalid UTF-8 (byte 0xFF) at file offset 73; if the file was saved as GBK/GB18030 (Excel in Chinese) use --encoding gb18030, as Windows-1252 (Excel in English) --encoding windows-1252\n"
	    "roleaudit: t.csv:11: NUL byte at file offset 80: not text (a stray byte: remove it, or export the file again)\n"
	    "roleaudit: t.csv:13: unterminated quoted field starting at line 13: its quote is never closed, so lines 13-14 were read as one field; close the quote or double it (\"\")\n");
}
END_TEST

START_TEST(test_cr_only)
{
	expect("cr-only",
	    "1#0:|a|b\n"
	    "2#1:|1|2\n"
	    "3#2:|3|x\\ry\n"
	    "6#3:|4|5\n"
	    "end 0: read 3 accepted 3 rejected 0; UTF-8 bom=0 delim=44 eol=CR lines=6\n");
}
END_TEST

START_TEST(test_caps)
{
	expect("caps",
	    "1#0:|a|b\n"
	    "2#1:|1|short\n"
	    "5#4:|4|12345678\n"
	    "9#8:|7|ok\n"
	    "13#10:|9|ok\n"
	    "end 0: read 10 accepted 4 rejected 6; UTF-8 bom=0 delim=44 eol=LF lines=13\n"
	    "roleaudit: t.csv:3: field 2 is longer than 8 bytes (raise --max-field if it is real)\n"
	    "roleaudit: t.csv:4: field 2 is longer than 8 bytes (raise --max-field if it is real)\n"
	    "roleaudit: t.csv:6: field 2 is longer than 8 bytes (raise --max-field if it is real)\n"
	    "roleaudit: t.csv:7: stray quote (\") at column 5: a field holding a quote must be quoted as a whole, with the quote doubled (\"\")\n"
	    "roleaudit: t.csv:8: more than 3 fields in the row (raise --max-fields if it is real)\n"
	    "roleaudit: t.csv:10: field 2, quoted from line 10, is longer than 8 bytes at line 12: lines 10-12 were read as one field; close the quote at line 10 or double it (\"\"), or raise --max-field if the field is real\n");
}
END_TEST

START_TEST(test_gb18030_truncated)
{
	expect("gb18030-truncated",
	    "1#0:|岗位|名\n"
	    "2#1:|1|中\n"
	    "end 0: read 2 accepted 1 rejected 1; GB18030 bom=0 delim=44 eol=CRLF lines=3\n"
	    "roleaudit: t.csv:3: the file ends inside a GB18030 character (file offset 17): it is truncated, or not GB18030\n");
}
END_TEST

START_TEST(test_strict)
{
	expect("strict",
	    "1#0:|id|text\n"
	    "2#1:|1|ok\n"
	    "end -1: read 2 accepted 1 rejected 1; UTF-8 bom=0 delim=44 eol=LF lines=3\n"
	    "roleaudit: t.csv:3: stray quote (\") at column 4: a field holding a quote must be quoted as a whole, with the quote doubled (\"\") (--strict: stopping)\n");
}
END_TEST

START_TEST(test_blank_lines)
{
	/* a line of one space is a blank line too, not a short row */
	expect("blank-lines",
	    "3#0:|a|b\n"
	    "5#1:|1|2\n"
	    "7#2:|3|4\n"
	    "end 0: read 2 accepted 2 rejected 0; UTF-8 bom=0 delim=44 eol=LF lines=7\n"
	    "empty 1\n");
}
END_TEST

START_TEST(test_crlf_in_quotes)
{
	expect("crlf-in-quotes",
	    "1#0:|a|b\n"
	    "2#1:|1|x\\r\\ny\n"
	    "4#2:|2|\\r\\n\n"
	    "end 0: read 2 accepted 2 rejected 0; UTF-8 bom=0 delim=44 eol=CRLF lines=5\n");
}
END_TEST

START_TEST(test_forced_tab_gbk)
{
	expect("forced-tab-gbk",
	    "1#0:|a|b\n"
	    "2#1:|1|€1\n"
	    "end 0: read 1 accepted 1 rejected 0; GB18030 bom=0 delim=9 eol=CRLF lines=2\n");
}
END_TEST

START_TEST(test_empty)
{
	expect("empty",
	    "end 0: read 0 accepted 0 rejected 0; UTF-8 bom=0 delim=44 eol=none lines=0\n");
}
END_TEST

START_TEST(test_header_stray_quote)
{
	expect("header-stray-quote",
	    "end -1: read 0 accepted 0 rejected 0; UTF-8 bom=0 delim=44 eol=LF lines=1\n"
	    "roleaudit: t.csv:1: stray quote (\") at column 4: a field holding a quote must be quoted as a whole, with the quote doubled (\"\"); the header row is unusable\n");
}
END_TEST

START_TEST(test_gbk_pipe)
{
	expect("gbk-pipe",
	    "1#0:|id|名\n"
	    "2#1:|1|亅倈億剕\n"
	    "end 0: read 1 accepted 1 rejected 0; GB18030 bom=0 delim=124 eol=CRLF lines=2\n");
}
END_TEST

START_TEST(test_sniff_semicolon)
{
	expect("sniff-semicolon",
	    "1#0:|a|b|c,d\n"
	    "2#1:|1|2|3\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=59 eol=CRLF lines=2\n");
}
END_TEST

START_TEST(test_title_crlf)
{
	expect("title-crlf",
	    "3#0:|岗位编号|岗位职责\n"
	    "4#1:|1|负责运营;\\r\\n数据\n"
	    "6#2:|2|x\n"
	    "end 0: read 2 accepted 2 rejected 0; UTF-8 bom=0 delim=59 eol=CRLF lines=6\n"
	    "skipped 2\n");
}
END_TEST

START_TEST(test_title_cr_blank)
{
	expect("title-cr-blank",
	    "3#0:|a|b\n"
	    "4#1:|1|2\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=44 eol=CR lines=4\n"
	    "skipped 1\n");
}
END_TEST

START_TEST(test_title_past_end)
{
	expect("title-past-end",
	    "end 0: read 0 accepted 0 rejected 0; UTF-8 bom=0 delim=44 eol=LF lines=2\n"
	    "skipped 2\n");
}
END_TEST

START_TEST(test_title_utf16le)
{
	expect("title-utf16le",
	    "2#0:|a|b\n"
	    "3#1:|1|中\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-16LE bom=1 delim=9 eol=CRLF lines=3\n"
	    "skipped 1\n");
}
END_TEST

START_TEST(test_blank_above_header)
{
	expect("blank-above-header",
	    "5#0:|id|text\n"
	    "6#1:|1|x\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=59 eol=LF lines=6\n");
}
END_TEST

START_TEST(test_sep_line)
{
	expect("sep-line",
	    "2#0:|a,b|c\n"
	    "3#1:|1,2|3\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=59 eol=CRLF lines=3\n"
	    "skipped 1\n");
	expect("sep-quoted-utf16le",
	    "2#0:|a,b|c\n"
	    "end 0: read 0 accepted 0 rejected 0; UTF-16LE bom=1 delim=9 eol=LF lines=2\n"
	    "skipped 1\n");
	expect("sep-only",
	    "end 0: read 0 accepted 0 rejected 0; UTF-8 bom=0 delim=124 eol=LF lines=1\n"
	    "skipped 1\n");
	expect("sep-after-blank",
	    "2#0:|sep=|\n"
	    "3#1:|a|b\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=59 eol=LF lines=3\n");
	expect("sep-given",
	    "2#0:|a|b\n"
	    "3#1:|1|2\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=44 eol=LF lines=3\n"
	    "skipped 1\n");
	expect("sep-given-eof",
	    "end 0: read 0 accepted 0 rejected 0; UTF-8 bom=0 delim=59 eol=none lines=1\n");
	expect("sep-given-long",
	    "1#0:|sep=;x\n"
	    "end 0: read 1 accepted 0 rejected 1; UTF-8 bom=0 delim=44 eol=LF lines=2\n"
	    "roleaudit: t.csv:2: 2 fields, but the header has 1: quote every field that holds a ','\n");
	expect("sep-header-line",
	    "2#0:|a|b\n"
	    "3#1:|1|2\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=124 eol=LF lines=3\n"
	    "skipped 1\n");
	expect("sep-two",
	    "1#0:|sep=||\n"
	    "end 0: read 1 accepted 0 rejected 1; UTF-8 bom=0 delim=59 eol=LF lines=2\n"
	    "roleaudit: t.csv:2: 1 field, but the header has 3: add the "
	    "missing fields (empty ones too), and quote every field that "
	    "holds a line break\n");
}
END_TEST

START_TEST(test_not_csv)
{
	expect("xlsx",
	    "end -1: read 0 accepted 0 rejected 0; UTF-8 bom=0 delim=0 eol=none lines=0\n"
	    "roleaudit: t.csv: not CSV but a zip archive (an Excel .xlsx "
	    "workbook, an .ods sheet or a .docx is one): open it, save the "
	    "sheet as CSV (Excel: Save As, \"CSV UTF-8\") and give "
	    "roleaudit that file\n");
	expect("xls",
	    "end -1: read 0 accepted 0 rejected 0; UTF-8 bom=0 delim=0 eol=none lines=0\n"
	    "roleaudit: t.csv: not CSV but an old Office file (an Excel "
	    "97-2003 .xls workbook, a .doc): open it, save the sheet as CSV "
	    "(Excel: Save As, \"CSV UTF-8\") and give roleaudit that file\n");
	/* Whatever --encoding and --delimiter say. */
	expect("pdf",
	    "end -1: read 0 accepted 0 rejected 0; UTF-8 bom=0 delim=44 eol=none lines=0\n"
	    "roleaudit: t.csv: not CSV but a PDF document: export the table "
	    "it shows as CSV from the sheet it came from\n");
	expect("pk-header",
	    "1#0:|PK|PDF-\n"
	    "2#1:|1|2\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=44 eol=LF lines=2\n");
}
END_TEST

START_TEST(test_empty_rows)
{
	expect("empty-rows",
	    "1#0:|a|b|c\n"
	    "3#1:|1||\n"
	    "end 0: read 1 accepted 1 rejected 0; UTF-8 bom=0 delim=44 eol=LF lines=6\n"
	    "empty 4\n");
	/* blank: tabs, a quoted line break, U+00A0 and U+3000; not blank:
	 * U+00A0 before a letter, U+3001 (an ideographic comma) */
	expect("blank-rows",
	    "1#0:|a|b|c\n"
	    "7#1:|\xC2\xA0x||\n"
	    "8#2:|\xE3\x80\x81||\n"
	    "end 0: read 2 accepted 2 rejected 0; UTF-8 bom=0 delim=44 eol=LF lines=8\n"
	    "empty 4\n");
	expect("empty-rows-kept",
	    "1#0:|a|b|c\n"
	    "2#1:|||\n"
	    "3#2:|1||\n"
	    "4#3:|||\n"
	    "5#4:|||\x20\n"
	    "6#5:||\n"
	    "end 0: read 5 accepted 5 rejected 0; UTF-8 bom=0 delim=44 eol=LF lines=6\n");
}
END_TEST

Suite *
csvsrc_suite(void)
{
	Suite *s = suite_create("csvsrc");
	TCase *tc = tcase_create("records");
	TCase *tc2 = tcase_create("chunks");

	tcase_add_test(tc, test_utf8_bom_crlf);
	tcase_add_test(tc, test_gb18030);
	tcase_add_test(tc, test_utf16le_tab);
	tcase_add_test(tc, test_bad_rows);
	tcase_add_test(tc, test_cr_only);
	tcase_add_test(tc, test_caps);
	tcase_add_test(tc, test_gb18030_truncated);
	tcase_add_test(tc, test_strict);
	tcase_add_test(tc, test_blank_lines);
	tcase_add_test(tc, test_crlf_in_quotes);
	tcase_add_test(tc, test_forced_tab_gbk);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_header_stray_quote);
	tcase_add_test(tc, test_gbk_pipe);
	tcase_add_test(tc, test_sniff_semicolon);
	tcase_add_test(tc, test_title_crlf);
	tcase_add_test(tc, test_title_cr_blank);
	tcase_add_test(tc, test_title_past_end);
	tcase_add_test(tc, test_title_utf16le);
	tcase_add_test(tc, test_empty_rows);
	tcase_add_test(tc, test_blank_above_header);
	tcase_add_test(tc, test_sep_line);
	tcase_add_test(tc, test_not_csv);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(tc2, test_chunk_invariance, 0,
	    (int)(sizeof(inputs) / sizeof(inputs[0])));
	tcase_set_timeout(tc2, 300);
	suite_add_tcase(s, tc2);
	return s;
}
