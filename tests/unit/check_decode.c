/*
 * check_decode.c — the decoder: detection, BOMs, strict UTF-8, GB18030
 * with the CP936 euro, UTF-16 surrogates, sequences cut at a piece's
 * end or at EOF, and the events that name bad bytes.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "diag.h"
#include "strbuf.h"
#include "suites.h"

struct result {
	struct strbuf	 out;
	enum decode_enc	 enc;
	int		 bom;
	size_t		 nev;
	char		 first[256];
	size_t		 first_off;
};

/* Decodes IN (LEN bytes) fed CHUNK bytes at a time (0 = at once). */
static void
decode(struct result *r, const char *enc, const void *in, size_t len,
    size_t chunk)
{
	struct decoder *d = decoder_new(enc);
	const char *p = in;

	ck_assert_ptr_nonnull(d);
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->out);
	if (chunk == 0)
		chunk = len ? len : 1;
	for (size_t i = 0; i < len; i += chunk) {
		size_t n = len - i < chunk ? len - i : chunk;

		ck_assert_int_eq(decoder_feed(d, p + i, n, 0, &r->out, "t"), 0);
	}
	ck_assert_int_eq(decoder_feed(d, NULL, 0, 1, &r->out, "t"), 0);
	r->enc = decoder_encoding(d);
	r->bom = decoder_bom(d);
	r->nev = decoder_events(d)->n;
	if (r->nev) {
		strcpy(r->first, decoder_events(d)->v[0].msg);
		r->first_off = decoder_events(d)->v[0].out_off;
	}
	decoder_free(d);
}

START_TEST(test_utf8_validator)
{
	static const struct { const char *s; size_t len, valid; } cases[] = {
		{ "abc", 3, 3 },
		{ "中文", 6, 6 },
		{ "\xF0\xA0\x80\x80", 4, 4 },		/* U+20000 */
		{ "a\xF4\x90\x80\x80", 5, 1 },		/* above U+10FFFF */
		{ "a\xC0\x80", 3, 1 },			/* overlong NUL */
		{ "\xE0\x80\xAF", 3, 0 },		/* overlong */
		{ "ab\xED\xA0\x80", 5, 2 },		/* surrogate */
		{ "\xF5\x80\x80\x80", 4, 0 },
		{ "\xF8\x88\x80\x80\x80", 5, 0 },	/* 5-byte form */
		{ "x\xFE", 2, 1 },
		{ "x\xFF", 2, 1 },
		{ "\xE4\xB8", 2, 0 },			/* cut */
		{ "\xEF\xBF\xBF", 3, 3 },		/* U+FFFF is allowed */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_uint_eq(utf8_valid_prefix(cases[i].s, cases[i].len),
		    cases[i].valid);
}
END_TEST

START_TEST(test_names)
{
	struct decoder *d;

	ck_assert_ptr_null(decoder_new("latin-9"));
	d = decoder_new("GBK");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(decoder_encoding(d), ENC_GB18030);
	ck_assert_int_eq(decoder_forced(d), 1);
	decoder_free(d);
	d = decoder_new("auto");
	ck_assert_int_eq(decoder_encoding(d), ENC_UNKNOWN);
	ck_assert_int_eq(decoder_forced(d), 0);
	decoder_free(d);
	decoder_free(NULL);
	ck_assert_str_eq(decode_enc_name(ENC_UTF16LE), "UTF-16LE");
	/* Every name --help, the man page and the unknown-encoding
	 * message list. */
	{
		static const char *const listed[] = { "utf-8", "utf-16le",
		    "utf-16be", "utf-32le", "utf-32be", "gb18030", "gbk",
		    "cp936", "gb2312", "euc-cn", "windows-1252", "cp1252",
		    "latin1", "iso-8859-1", "big5", "cp950", "UTF-8" };

		for (size_t i = 0; i < sizeof(listed) / sizeof(listed[0]);
		    i++) {
			d = decoder_new(listed[i]);
			ck_assert_msg(d != NULL, "%s", listed[i]);
			decoder_free(d);
		}
	}
}
END_TEST

START_TEST(test_boms)
{
	static const struct {
		const char *in; size_t len; enum decode_enc enc; const char *out;
	} cases[] = {
		{ "\xEF\xBB\xBF" "a,中", 8, ENC_UTF8, "a,中" },
		{ "\xFF\xFE" "a\0-\x4e", 6, ENC_UTF16LE, "a中" },
		{ "\xFE\xFF" "\0a\x4e-", 6, ENC_UTF16BE, "a中" },
		{ "\xFF\xFE\0\0" "a\0\0\0", 8, ENC_UTF32LE, "a" },
		{ "\0\0\xFE\xFF" "\0\0\0a", 8, ENC_UTF32BE, "a" },
		{ "\x84\x31\x95\x33" "\xD6\xD0", 6, ENC_GB18030, "中" },
		/* A UTF-8 file with its mark, converted by iconv: two. */
		{ "\xEF\xBB\xBF\xEF\xBB\xBF" "a", 7, ENC_UTF8, "a" },
		{ "\xFF\xFE\xFF\xFE" "a\0", 6, ENC_UTF16LE, "a" },
		{ "\xFE\xFF\xFE\xFF" "\0a", 6, ENC_UTF16BE, "a" },
		{ "\x84\x31\x95\x33\x84\x31\x95\x33" "\xD6\xD0", 10,
		    ENC_GB18030, "中" },
	};
	struct result r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t chunk = 0; chunk <= cases[i].len; chunk++) {
			decode(&r, NULL, cases[i].in, cases[i].len, chunk);
			ck_assert_int_eq(r.enc, cases[i].enc);
			ck_assert_int_eq(r.bom, 1);
			ck_assert_str_eq(r.out.buf, cases[i].out);
			ck_assert_uint_eq(r.nev, 0);
			strbuf_free(&r.out);
		}
	/* Only a leading U+FEFF is a BOM. */
	decode(&r, NULL, "a\xEF\xBB\xBF", 4, 0);
	ck_assert_int_eq(r.bom, 0);
	ck_assert_str_eq(r.out.buf, "a\xEF\xBB\xBF");
	strbuf_free(&r.out);
}
END_TEST

START_TEST(test_detection)
{
	struct result r;
	/* GB18030 for 岗位职责 and 运营. */
	static const char gbk[] = "\xb8\xda\xce\xbb\xd6\xb0\xd4\xf0,\xd4\xcb\xd3\xaa\n";
	struct strbuf big = STRBUF_INIT;

	decode(&r, NULL, "id,text\n1,ok\n", 13, 0);
	ck_assert_int_eq(r.enc, ENC_UTF8);
	strbuf_free(&r.out);
	decode(&r, NULL, "", 0, 0);
	ck_assert_int_eq(r.enc, ENC_UTF8);
	strbuf_free(&r.out);
	decode(&r, NULL, gbk, sizeof(gbk) - 1, 1);
	ck_assert_int_eq(r.enc, ENC_GB18030);
	ck_assert_str_eq(r.out.buf, "岗位职责,运营\n");
	strbuf_free(&r.out);
	/* Mostly UTF-8 with one bad byte: UTF-8, and the byte is named. */
	for (int i = 0; i < 20; i++)
		strbuf_adds(&big, "运营专员,");
	strbuf_adds(&big, "\n坏\xFF\n");
	decode(&r, NULL, big.buf, big.len, 7);
	ck_assert_int_eq(r.enc, ENC_UTF8);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_str_eq(r.first, "invalid UTF-8 (byte 0xFF) at file offset "
	    "264; if the file was saved as GBK/GB18030 (Excel in Chinese) use "
	    "--encoding gb18030, as Windows-1252 (Excel in English) "
	    "--encoding windows-1252");
	strbuf_free(&r.out);
	/* A few accented words in UTF-8 and one stray Windows-1252 quote:
	 * UTF-8, the quote's row named (it was read as GB18030: Caf茅). */
	decode(&r, NULL, "Caf\xC3\xA9,na\xC3\xAFve\nr\xC3\xA9sum\xC3\xA9\n"
	    "team\x92s\n", 29, 0);
	ck_assert_int_eq(r.enc, ENC_UTF8);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_str_eq(r.out.buf, "Café,naïve\nrésumé\nteam\xEF\xBF\xBDs\n");
	strbuf_free(&r.out);
	/* However few the valid sequences, when each bad byte stands
	 * alone between ASCII ones (one é and one quote: it was GB18030,
	 * Caf茅 ... 抯, every row read without a word). */
	decode(&r, NULL, "a,b\nCaf\xC3\xA9,team\x92s\n", 17, 0);
	ck_assert_int_eq(r.enc, ENC_UTF8);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_str_eq(r.out.buf, "a,b\nCafé,team\xEF\xBF\xBDs\n");
	strbuf_free(&r.out);
	/* ... but a bad byte in a run of them is GBK's pair: 运营 (D4CB
	 * D3AA) beside a é-like pair stays GB18030. */
	decode(&r, NULL, "a,b\n\xC3\xA9,\xD4\xCB\xD3\xAA\n", 12, 0);
	ck_assert_int_eq(r.enc, ENC_GB18030);
	ck_assert_str_eq(r.out.buf, "a,b\n茅,运营\n");
	strbuf_free(&r.out);
	/* Bytes valid in neither: UTF-8, so that each bad row is named. */
	decode(&r, NULL, "a,b\n\xFF\xFE,x\n", 10, 0);
	ck_assert_int_eq(r.enc, ENC_UTF8);
	strbuf_free(&r.out);
	/* The decision sees the first 64 KiB, however they arrive: an
	 * invalid byte past the window does not change it. */
	strbuf_reset(&big);
	while (big.len < DECODE_SNIFF + 10)
		strbuf_adds(&big, "ascii only text,");
	strbuf_adds(&big, "\n\xD6\xD0\n");
	for (size_t chunk = 1000; chunk < 70000; chunk += 23000) {
		decode(&r, NULL, big.buf, big.len, chunk);
		ck_assert_int_eq(r.enc, ENC_UTF8);
		ck_assert_uint_eq(r.nev, 1);
		strbuf_free(&r.out);
	}
	strbuf_free(&big);
}
END_TEST

/* IN is detected as ENC and decodes to OUT, with no event, whatever the
 * piece size. */
static void
detected(const char *in, size_t len, enum decode_enc enc, const char *out)
{
	struct result r;

	for (size_t chunk = 0; chunk <= len; chunk++) {
		decode(&r, NULL, in, len, chunk);
		ck_assert_int_eq(r.enc, enc);
		ck_assert_str_eq(r.out.buf, out);
		ck_assert_uint_eq(r.nev, 0);
		strbuf_free(&r.out);
	}
}

/*
 * Windows-1252, what Excel in English saves as CSV: non-ASCII bytes
 * alone between ASCII ones.  "team\x92s" also reads as GB18030 (0x92
 * 0x73 is a character there), which garbled it before.
 */
START_TEST(test_cp1252)
{
	static const char en[] = "id,text\n1,\"the team\x92s KPIs, "
	    "day\x96" "to\x96" "day \x93ops\x94\"\n2,Caf\xE9 lead\n";
	static const char en2[] = "a\n1,team\x92s\n";
	/* 岗位职责 in GBK, with one curly quote beside it: still GBK */
	static const char zh[] = "\xb8\xda\xce\xbb\xd6\xb0\xd4\xf0 \x93x\n";
	struct result r;

	detected(en, sizeof(en) - 1, ENC_CP1252, "id,text\n1,\"the team’s "
	    "KPIs, day–to–day “ops”\"\n2,Café lead\n");
	decode(&r, NULL, en2, sizeof(en2) - 1, 0);
	ck_assert_int_eq(r.enc, ENC_CP1252);
	ck_assert_str_eq(r.out.buf, "a\n1,team’s\n");
	strbuf_free(&r.out);
	decode(&r, NULL, zh, sizeof(zh) - 1, 0);
	ck_assert_int_eq(r.enc, ENC_GB18030);
	strbuf_free(&r.out);
	/* 0x81 is not a Windows-1252 character: not detected as it ... */
	decode(&r, NULL, "a\n\x81x\n", 5, 0);
	ck_assert_int_ne(r.enc, ENC_CP1252);
	strbuf_free(&r.out);
	/* ... and named when the encoding is given */
	decode(&r, "windows-1252", "a\n\x81x\n\xE9\n", 7, 0);
	ck_assert_int_eq(r.enc, ENC_CP1252);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_str_eq(r.first, "byte not valid in Windows-1252 (0x81: no "
	    "character) at file offset 2; if the file is not Windows-1252 "
	    "give --encoding");
	ck_assert_str_eq(r.out.buf, "a\n\xEF\xBF\xBDx\né\n");
	strbuf_free(&r.out);
	/* the names */
	decode(&r, "latin1", "\xE9", 1, 0);
	ck_assert_str_eq(r.out.buf, "é");
	strbuf_free(&r.out);
	decode(&r, "CP1252", "\x80", 1, 0);
	ck_assert_str_eq(r.out.buf, "€");
	strbuf_free(&r.out);
	ck_assert_str_eq(decode_enc_name(ENC_CP1252), "Windows-1252");
}
END_TEST

/*
 * Big5 (CP950), what Excel saves in Taiwan and Hong Kong: pairs like
 * GBK's, but two characters in five have an ASCII second byte, which
 * Simplified text in GBK nearly never has.  Read as GB18030 it decoded
 * into nonsense without one invalid byte.
 */
START_TEST(test_big5)
{
	/* 職稱,工作內容 / 1,營運專員,負責日常營運 */
	static const char tw[] = "\xC2\xBE\xBA\xD9,\xA4\x75\xA7\x40"
	    "\xA4\xBA\xAE\x65\n1,\xC0\xE7\xB9\x42\xB1\x4D\xAD\xFB,"
	    "\xAD\x74\xB3\x64\xA4\xE9\xB1\x60\xC0\xE7\xB9\x42\n";
	struct result r;

	detected(tw, sizeof(tw) - 1, ENC_BIG5,
	    "職稱,工作內容\n1,營運專員,負責日常營運\n");
	decode(&r, "cp950", "\xA4\x40", 2, 0);
	ck_assert_str_eq(r.out.buf, "一");
	strbuf_free(&r.out);
	/* a lead byte with no second byte that Big5 allows */
	decode(&r, "big5", "a\n\xA4\x30\n", 5, 0);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_str_eq(r.first, "byte not valid in Big5 (0xA4: no character "
	    "starts with it there) at file offset 2; if the file is not Big5 "
	    "give --encoding");
	strbuf_free(&r.out);
	ck_assert_str_eq(decode_enc_name(ENC_BIG5), "Big5");
}
END_TEST

START_TEST(test_gb18030)
{
	/* 中, U+20000 (4 bytes), € as A2E3, € as CP936's lone 0x80,
	 * and FE51 (2022 mapping). */
	static const char in[] = "\xD6\xD0\x95\x32\x82\x36\xA2\xE3\x80\xFE\x51";
	struct result ref, r;

	decode(&ref, "gb18030", in, sizeof(in) - 1, 0);
	ck_assert_str_eq(ref.out.buf, "中\xF0\xA0\x80\x80€€\xF0\xA0\x82\x87");
	ck_assert_uint_eq(ref.nev, 0);
	for (size_t chunk = 1; chunk < sizeof(in); chunk++) {
		decode(&r, "gb18030", in, sizeof(in) - 1, chunk);
		ck_assert_str_eq(r.out.buf, ref.out.buf);
		ck_assert_uint_eq(r.nev, 0);
		strbuf_free(&r.out);
	}
	strbuf_free(&ref.out);
}
END_TEST

START_TEST(test_bad_bytes)
{
	struct result r;

	/* GB18030: an invalid lead byte; the rest still decodes. */
	decode(&r, "gb18030", "a\xFF" "b\n", 4, 0);
	ck_assert_str_eq(r.out.buf, "a\xEF\xBF\xBD" "b\n");
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_uint_eq(r.first_off, 1);
	ck_assert_ptr_nonnull(strstr(r.first, "not valid in GB18030 (0xFF"));
	ck_assert_ptr_nonnull(strstr(r.first, "file offset 1"));
	strbuf_free(&r.out);

	/* Truncated at EOF, whatever the piece size. */
	for (size_t chunk = 0; chunk <= 3; chunk++) {
		decode(&r, "gb18030", "a\n\xD6", 3, chunk);
		ck_assert_uint_eq(r.nev, 1);
		ck_assert_str_eq(r.first, "the file ends inside a GB18030 "
		    "character (file offset 2): it is truncated, or not "
		    "GB18030");
		strbuf_free(&r.out);
		decode(&r, "utf-8", "a\n\xE4\xB8", 4, chunk);
		ck_assert_uint_eq(r.nev, 1);
		ck_assert_str_eq(r.first, "the file ends inside a UTF-8 "
		    "character (file offset 2): it is truncated");
		strbuf_free(&r.out);
		decode(&r, "utf-16le", "a\0\n\0b", 5, chunk);
		ck_assert_uint_eq(r.nev, 1);
		ck_assert_ptr_nonnull(strstr(r.first, "inside a UTF-16LE"));
		strbuf_free(&r.out);
	}

	/* UTF-16: an unpaired surrogate. */
	decode(&r, "utf-16le", "a\0\x00\xD8" "b\0", 6, 0);
	ck_assert_str_eq(r.out.buf, "a\xEF\xBF\xBD" "b");
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_ptr_nonnull(strstr(r.first, "file offset 2"));
	strbuf_free(&r.out);

	/* NUL is not text, in UTF-8 and UTF-16 alike. */
	decode(&r, "utf-8", "a\0b", 3, 0);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_uint_eq(r.first_off, 1);
	ck_assert_ptr_nonnull(strstr(r.first, "NUL byte at file offset 1"));
	strbuf_free(&r.out);
	/* A lone NUL is a stray byte; NULs every other byte, UTF-16 read
	 * as bytes: the same message however the input is cut. */
	for (size_t chunk = 0; chunk <= 12; chunk++) {
		decode(&r, "utf-8", "id,text\n1,a\0b\n", 14, chunk);
		ck_assert_uint_eq(r.nev, 1);
		ck_assert_str_eq(r.first, "NUL byte at file offset 11: not "
		    "text (a stray byte: remove it, or export the file "
		    "again)");
		strbuf_free(&r.out);
		decode(&r, "utf-8", "i\0d\0\n\0x\0", 8, chunk);
		ck_assert_uint_eq(r.nev, 2);
		ck_assert_str_eq(r.first, "NUL byte at file offset 1: not "
		    "text (a UTF-16 file without byte-order mark? use "
		    "--encoding utf-16le)");
		strbuf_free(&r.out);
		/* Big-endian: the NUL comes first, at an even offset. */
		decode(&r, "utf-8", "\0i\0d\0\n\0x", 8, chunk);
		ck_assert_uint_eq(r.nev, 2);
		ck_assert_str_eq(r.first, "NUL byte at file offset 0: not "
		    "text (a UTF-16 file without byte-order mark? use "
		    "--encoding utf-16be)");
		strbuf_free(&r.out);
		decode(&r, "utf-8", "id,text\n1,\0a\0b\0\n", 16, chunk);
		ck_assert_msg(r.nev == 1, "chunk %zu nev %zu", chunk, r.nev);
		ck_assert_ptr_nonnull(strstr(r.first, "a stray byte"));
		strbuf_free(&r.out);
	}
	decode(&r, "utf-16le", "a\0\0\0b\0", 6, 0);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_uint_eq(r.first_off, 1);
	strbuf_free(&r.out);

	/* One event per line is enough: the row needs the first. */
	decode(&r, "utf-8", "\xFF\xFF\xFF\n\xFF\n", 6, 0);
	ck_assert_uint_eq(r.nev, 2);
	strbuf_free(&r.out);
}
END_TEST

/* The message of an invalid GB18030 sequence names only bytes that every
 * piece size shows, so it is the same however the input arrives. */
START_TEST(test_gb18030_message_chunks)
{
	struct result r;
	static const struct { const char *in; size_t len; const char *msg; } c[] = {
		{ "\xFF" "A\n", 3, "byte not valid in GB18030 (0xFF: no "
		    "character starts with it) at file offset 0" },
		{ "\x81\x20\n", 3, "bytes not valid in GB18030 (0x81 0x20: "
		    "no character) at file offset 0" },
		{ "a\xFE\xFF\n", 4, "bytes not valid in GB18030 (0xFE 0xFF: "
		    "no character) at file offset 1" },
	};

	for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++)
		for (size_t chunk = 0; chunk <= 3; chunk++) {
			decode(&r, "gb18030", c[k].in, c[k].len, chunk);
			ck_assert_uint_eq(r.nev, 1);
			ck_assert_msg(strncmp(r.first, c[k].msg,
			    strlen(c[k].msg)) == 0, "case %zu chunk %zu: %s",
			    k, chunk, r.first);
			strbuf_free(&r.out);
		}
}
END_TEST

/* Feeds IN in CHUNK-byte pieces; returns the first failing status (or 0)
 * and the diagnostics in *MSG (new). */
static int
feed_status(const char *enc, const void *in, size_t len, size_t chunk,
    char **msg)
{
	struct decoder *d = decoder_new(enc);
	struct strbuf out = STRBUF_INIT;
	size_t mlen = 0;
	FILE *fp = open_memstream(msg, &mlen);
	int rc = 0;

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(fp);
	diag_set_stream(fp);
	for (size_t i = 0; i < len && rc == 0; i += chunk) {
		size_t n = len - i < chunk ? len - i : chunk;

		rc = decoder_feed(d, (const char *)in + i, n, 0, &out, "t.csv");
	}
	if (rc == 0)
		rc = decoder_feed(d, NULL, 0, 1, &out, "t.csv");
	/* Once failed, a decoder stays failed. */
	if (rc != 0)
		ck_assert_int_eq(decoder_feed(d, "x", 1, 0, &out, "t.csv"), -1);
	diag_set_stream(NULL);
	fclose(fp);
	strbuf_free(&out);
	decoder_free(d);
	return rc;
}

START_TEST(test_bom_mismatch)
{
	static const char utf8bom[] = "\xEF\xBB\xBFid,text\n1,\xE8\xBF\x90\n";
	static const char utf16bom_utf8[] = "\xFF\xFEid,text\n1,x\n";
	static const char utf16[] = "\xFF\xFEi\0d\0\n\0";
	char *msg;

	for (size_t chunk = 1; chunk <= 5; chunk++) {
		/* A forced encoding that contradicts the mark. */
		ck_assert_int_eq(feed_status("gb18030", utf8bom,
		    sizeof(utf8bom) - 1, chunk, &msg), -1);
		ck_assert_str_eq(msg, "roleaudit: t.csv: the file starts with "
		    "a UTF-8 byte-order mark, but --encoding GB18030 was "
		    "given: leave out --encoding (the mark says UTF-8), or "
		    "remove the mark (tail -c +4 FILE > NEW.csv)\n");
		free(msg);
		/* The same mark, forced or not, is fine. */
		ck_assert_int_eq(feed_status("utf-8", utf8bom,
		    sizeof(utf8bom) - 1, chunk, &msg), 0);
		ck_assert_str_eq(msg, "");
		free(msg);
		ck_assert_int_eq(feed_status("utf-16le", utf16,
		    sizeof(utf16) - 1, chunk, &msg), 0);
		free(msg);
		ck_assert_int_eq(feed_status(NULL, utf16, sizeof(utf16) - 1,
		    chunk, &msg), 0);
		free(msg);
		/* A UTF-16 mark on text without a NUL byte. */
		ck_assert_int_eq(feed_status(NULL, utf16bom_utf8,
		    sizeof(utf16bom_utf8) - 1, chunk, &msg), -1);
		ck_assert_ptr_nonnull(strstr(msg, "t.csv: the file starts "
		    "with a UTF-16LE byte-order mark, but the text after it "
		    "is not UTF-16LE"));
		free(msg);
	}
}
END_TEST

/* Characters, not bytes: what a column number or an --explain offset
 * counts. */
START_TEST(test_utf8_chars)
{
	ck_assert_uint_eq(utf8_chars("", 0), 0);
	ck_assert_uint_eq(utf8_chars("KPI", 3), 3);
	ck_assert_uint_eq(utf8_chars("负责KPI", strlen("负责KPI")), 5);
	ck_assert_uint_eq(utf8_chars("负责KPI", 6), 2);
	ck_assert_uint_eq(utf8_chars("Café ＫＰＩ \xF0\x9F\x98\x80", 20), 10);
}
END_TEST

Suite *
decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_utf8_chars);
	tcase_add_test(tc, test_utf8_validator);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_boms);
	tcase_add_test(tc, test_detection);
	tcase_add_test(tc, test_gb18030);
	tcase_add_test(tc, test_cp1252);
	tcase_add_test(tc, test_big5);
	tcase_add_test(tc, test_bad_bytes);
	tcase_add_test(tc, test_gb18030_message_chunks);
	tcase_add_test(tc, test_bom_mismatch);
	suite_add_tcase(s, tc);
	return s;
}
