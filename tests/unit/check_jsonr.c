/*
 * check_jsonr.c — the strict JSON reader: every value type, \u escapes
 * and surrogate pairs, and errors that name line and column; a file read
 * through a small window gives what the whole buffer gives, wherever
 * the window cuts; a streamed array comes one element at a time.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "jsonr.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"

static struct jr_value *
parse(const char *s)
{
	return jsonr_parse("t.json", s, strlen(s));
}

/* Parses S, which must fail; returns the diagnostic (static buffer). */
static const char *
parse_error(const char *s, size_t len)
{
	static char msg[512];
	FILE *err = tmpfile();
	struct jr_value *v;
	size_t n;

	ck_assert_ptr_nonnull(err);
	diag_set_stream(err);
	v = jsonr_parse("t.json", s, len);
	diag_set_stream(NULL);
	ck_assert_ptr_null(v);
	rewind(err);
	n = fread(msg, 1, sizeof(msg) - 1, err);
	msg[n] = '\0';
	fclose(err);
	return msg;
}

#define ck_error(doc, want) \
	ck_assert_str_eq(parse_error(doc, strlen(doc)), "roleaudit: " want "\n")

START_TEST(test_values)
{
	struct jr_value *v = parse(" {\"a\": [1, -2.5e3, 0, true, false, null],"
	    "\n \"b\": {\"c\": \"d\"}, \"e\": {}, \"f\": []} ");
	const struct jr_value *a;

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->type, JR_OBJECT);
	ck_assert_uint_eq(v->nitems, 4);
	a = jsonr_get(v, "a");
	ck_assert_int_eq(a->type, JR_ARRAY);
	ck_assert_uint_eq(a->nitems, 6);
	ck_assert_double_eq(a->items[0].num, 1);
	ck_assert_str_eq(a->items[1].str, "-2.5e3");
	ck_assert_double_eq(a->items[1].num, -2500);
	ck_assert_int_eq(a->items[3].type, JR_TRUE);
	ck_assert_int_eq(a->items[4].type, JR_FALSE);
	ck_assert_int_eq(a->items[5].type, JR_NULL);
	ck_assert_str_eq(jsonr_get(jsonr_get(v, "b"), "c")->str, "d");
	ck_assert_uint_eq(jsonr_get(v, "b")->line, 2);
	ck_assert_uint_eq(jsonr_get(v, "b")->col, 7);
	ck_assert_uint_eq(jsonr_get(v, "e")->nitems, 0);
	ck_assert_ptr_null(jsonr_get(v, "zz"));
	ck_assert_ptr_null(jsonr_get(a, "a"));
	jsonr_free(v);
	jsonr_free(NULL);
}
END_TEST

START_TEST(test_string_escapes_and_surrogates)
{
	struct jr_value *v = parse("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", "
	    "\"\\u8fd0\\u8425\", \"\\ud83d\\ude00\", \"运营 & <x>\", "
	    "\"\\u0000z\"]");

	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->items[0].str, "a\"b\\c/d\b\f\n\r\t");
	ck_assert_str_eq(v->items[1].str, "运营");
	ck_assert_str_eq(v->items[2].str, "\xf0\x9f\x98\x80");	/* U+1F600 */
	ck_assert_str_eq(v->items[3].str, "运营 & <x>");
	ck_assert_uint_eq(v->items[4].len, 2);
	ck_assert_int_eq(v->items[4].str[0], '\0');
	jsonr_free(v);
}
END_TEST

START_TEST(test_errors_name_line_and_column)
{
	ck_error("{\"a\": 1,}", "t.json:1:9: bad JSON: trailing comma before '}'");
	ck_error("[1,\n 2,\n 03]", "t.json:3:2: bad JSON: leading zero in a number");
	ck_error("{\"a\" 1}", "t.json:1:6: bad JSON: unexpected '1': expected "
	    "':' after the member name");
	ck_error("[\"\\ud800x\"]", "t.json:1:3: bad JSON: high surrogate \\ud800 "
	    "not followed by a low surrogate");
	ck_error("[\"\\udc00\"]", "t.json:1:3: bad JSON: lone low surrogate "
	    "\\udc00");
	ck_error("[\"\\u12\"]", "t.json:1:3: bad JSON: \\u needs four hex digits");
	ck_error("[\"\\x\"]", "t.json:1:3: bad JSON: unknown escape '\\x' in a "
	    "string");
	ck_error("[\"a\tb\"]", "t.json:1:4: bad JSON: control character 0x09 in "
	    "a string: write it as a \\u escape");
	ck_error("\"运营\xff\"", "t.json:1:4: bad JSON: invalid UTF-8 (byte 0xff) "
	    "in a string");
	ck_error("[1] x", "t.json:1:5: bad JSON: unexpected 'x' after the JSON "
	    "value");
	ck_error("", "t.json:1:1: bad JSON: unexpected end of the input: "
	    "expected a value");
	ck_error("[tru]", "t.json:1:2: bad JSON: unexpected 't': expected a "
	    "value");
	/* A part cut short (a full disk, a copy stopped half-way). */
	ck_error("[1", "t.json:1:3: bad JSON: unexpected end of the input: "
	    "expected ',' or ']' in the array that starts at line 1");
	ck_error("{\"a\": 1", "t.json:1:8: bad JSON: unexpected end of the "
	    "input: expected ',' or '}' in the object that starts at line 1");
	ck_error("{", "t.json:1:2: bad JSON: unexpected end of the input: "
	    "expected a member name in double quotes");
	ck_error("{\"a\"", "t.json:1:5: bad JSON: unexpected end of the input: "
	    "expected ':' after the member name");
	ck_error("{\"a\": \"b", "t.json:1:7: bad JSON: string not closed before "
	    "the end of the input");
	ck_error("[1 2]", "t.json:1:4: bad JSON: unexpected '2': expected ',' "
	    "or ']' in the array that starts at line 1");
	ck_error("-", "t.json:1:1: bad JSON: a number needs a digit after '-'");
	ck_error("1.", "t.json:1:3: bad JSON: a digit must follow the decimal "
	    "point");
	ck_error("+1", "t.json:1:1: bad JSON: unexpected '+': expected a value");
	ck_error("// c\n1", "t.json:1:1: bad JSON: unexpected '/': expected a "
	    "value");
	ck_error("\xef\xbb\xbf{}", "t.json:1:1: bad JSON: a byte-order mark is "
	    "not allowed");
	ck_error("\"\xc0\xaf\"", "t.json:1:2: bad JSON: invalid UTF-8 (byte 0xc0) "
	    "in a string");
	ck_error("\"\xed\xa0\x80\"", "t.json:1:2: bad JSON: invalid UTF-8 (byte "
	    "0xed) in a string");
	ck_error("1e999", "t.json:1:1: bad JSON: number 1e999 is out of range");
}
END_TEST

START_TEST(test_nul_byte_and_depth_limit)
{
	char deep[JSONR_MAX_DEPTH + 8];
	struct jr_value *v;

	ck_assert_str_eq(parse_error("[\"a\0\"]", 6), "roleaudit: t.json:1:4: "
	    "bad JSON: control character 0x00 in a string: write it as a \\u "
	    "escape\n");
	memset(deep, '[', sizeof(deep));
	ck_assert_str_eq(parse_error(deep, sizeof(deep)), "roleaudit: "
	    "t.json:1:65: bad JSON: nested deeper than 64 levels\n");
	/* exactly the limit is fine */
	{
		char ok[2 * JSONR_MAX_DEPTH + 1];

		memset(ok, '[', JSONR_MAX_DEPTH);
		memset(ok + JSONR_MAX_DEPTH, ']', JSONR_MAX_DEPTH);
		ok[2 * JSONR_MAX_DEPTH] = '\0';
		v = parse(ok);
		ck_assert_ptr_nonnull(v);
		jsonr_free(v);
	}
}
END_TEST

START_TEST(test_column_counts_characters)
{
	/* three CJK characters (9 bytes) count as three columns: column 8 */
	ck_error("[\"运营部\" x]", "t.json:1:8: bad JSON: unexpected 'x': "
	    "expected ',' or ']' in the array that starts at line 1");
}
END_TEST

/* --- a file read through a window ----------------------------------- */

/* Writes LEN bytes of S to DIR/NAME; returns the path (static). */
static const char *
put(const char *dir, const char *s, size_t len)
{
	static char path[600];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/doc.json", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(s, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

/* V as text, with every position, type, string and number: two trees
 * print alike only when they are alike. */
static void
dump(struct strbuf *sb, const struct jr_value *v)
{
	strbuf_addf(sb, "%lu:%lu:%s", v->line, v->col,
	    jsonr_type_name(v->type));
	if (v->type == JR_STRING || v->type == JR_NUMBER) {
		strbuf_addf(sb, "(%zu:", v->len);
		strbuf_add(sb, v->str, v->len);
		strbuf_addf(sb, "=%g)", v->num);
	}
	strbuf_addc(sb, '{');
	for (size_t i = 0; i < v->nitems; i++) {
		if (v->keys != NULL)
			strbuf_addf(sb, "%s=", v->keys[i]);
		dump(sb, &v->items[i]);
		strbuf_addc(sb, ',');
	}
	strbuf_addc(sb, '}');
}

/* The tree, or the error, that parsing gives: PATH names the input in
 * messages, so a buffer and a file read the same way are said alike. */
static char *
outcome(const char *file, const char *buf, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	struct jr_value *v;
	char *err;

	tu_diag_begin();
	v = file != NULL ? jsonr_parse_file(file) :
	    jsonr_parse("t.json", buf, len);
	err = tu_diag_end();
	if (v != NULL) {
		ck_assert_str_eq(err, "");
		dump(&sb, v);
	} else {
		/* the file's path, as the buffer's */
		const char *p = file != NULL ? strstr(err, file) : NULL;

		ck_assert_str_ne(err, "");
		if (p != NULL) {
			strbuf_add(&sb, err, (size_t)(p - err));
			strbuf_adds(&sb, "t.json");
			strbuf_adds(&sb, p + strlen(file));
		} else
			strbuf_adds(&sb, err);
	}
	free(err);
	jsonr_free(v);
	return strbuf_detach(&sb);
}

/*
 * Each document, after 0 to 23 spaces (so that every byte of it falls
 * at every place in the window, the window's end included), is read
 * from a file through windows of 8 to 16 bytes; the tree or the error
 * must be the one jsonr_parse() gives on the same bytes.
 */
START_TEST(test_window_cuts_anywhere)
{
	static const struct {
		const char	*s;
		size_t		 len;	/* 0: strlen */
	} docs[] = {
		{ "[\"运营部\", \"\xf0\x9f\x98\x80\", \"é\"]", 0 },
		{ "{\"k\\u8fd0\": \"a\\\"b\\\\c\\/\\n\\ud83d\\ude00\\u0000z\"}", 0 },
		{ "[\"\\ud83d\\ude00\", \"\\t\\ud83d\\ude00\\\\\"]", 0 },
		{ "[-12.5e+3, 0, 1E-2, 123456789012345678901234567890]", 0 },
		{ "[true, false, null, {\"a\": [false]}]", 0 },
		{ "{\"运营\": {\"项目\": [1,\n  2, \"三\"]},\n \"x\": -0.5}", 0 },
		/* errors, wherever the window cuts them */
		{ "[fals]", 0 },
		{ "[true", 0 },
		{ "[nul", 0 },
		{ "[\"运营\xe8\xbf\"]", 0 },
		{ "[\"\xe8\xbf\"]", 0 },
		{ "[\"\\ud83d\\u0041\"]", 0 },
		{ "[\"\\ud83d\\", 0 },
		{ "[\"\\u8fd\"]", 0 },
		{ "[1.e5]", 0 },
		{ "[1e+]", 0 },
		{ "[012]", 0 },
		{ "[1.5 2]", 0 },
		{ "{\"a\": 1,\n \"运\" 2}", 0 },
		{ "[\"a\0b\"]", 7 },
		{ "[1] 运", 0 },
		{ "[\"abc", 0 },
	};
	const char *dir = tu_mkdtemp();
	char buf[256];

	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		size_t len = docs[d].len ? docs[d].len : strlen(docs[d].s);

		for (size_t pad = 0; pad < 24; pad++) {
			const char *path;
			char *want;

			ck_assert_uint_lt(pad + len, sizeof(buf));
			memset(buf, ' ', pad);
			memcpy(buf + pad, docs[d].s, len);
			want = outcome(NULL, buf, pad + len);
			path = put(dir, buf, pad + len);
			for (size_t w = 8; w <= 16; w++) {
				char *got;

				jsonr_set_buffer_size(w);
				got = outcome(path, NULL, 0);
				jsonr_set_buffer_size(0);
				ck_assert_msg(strcmp(got, want) == 0, "document %zu "
				    "after %zu spaces, window %zu: got %s, want %s",
				    d, pad, w, got, want);
				free(got);
			}
			free(want);
		}
	}
	tu_rmdir(dir);
}
END_TEST

/* A byte-order mark cut by the window is still seen; a file that
 * cannot be read says so, once. */
START_TEST(test_file_bom_and_read_error)
{
	const char *dir = tu_mkdtemp();
	const char *path = put(dir, "\xef\xbb\xbf{}", 5);
	char *err;

	jsonr_set_buffer_size(1);	/* raised to the look-ahead */
	tu_diag_begin();
	ck_assert_ptr_null(jsonr_parse_file(path));
	err = tu_diag_end();
	jsonr_set_buffer_size(0);
	ck_assert_ptr_nonnull(strstr(err, "doc.json:1:1: bad JSON: a "
	    "byte-order mark is not allowed\n"));
	free(err);
	tu_diag_begin();
	ck_assert_ptr_null(jsonr_parse_file(dir));	/* a folder */
	err = tu_diag_end();
	ck_assert_int_eq(tu_count_str(err, "roleaudit: "), 1);
	ck_assert_ptr_nonnull(strstr(err, ": cannot read: "));
	free(err);
	tu_rmdir(dir);
}
END_TEST

/* --- a streamed array ----------------------------------------------- */

struct seen {
	struct strbuf	 sb;		/* what the callback saw */
	size_t		 n, stop_at;	/* stop_at: 1-based, 0 never */
};

static int
each(void *ctx, const struct jr_value *root, const struct jr_value *e)
{
	struct seen *s = ctx;

	/* the members read before the array, and nothing of it */
	strbuf_addf(&s->sb, "[%zu members", root->nitems);
	for (size_t i = 0; i < root->nitems; i++)
		strbuf_addf(&s->sb, " %s", root->keys[i]);
	strbuf_adds(&s->sb, "] ");
	dump(&s->sb, e);
	strbuf_addc(&s->sb, '\n');
	if (++s->n == s->stop_at) {
		diag(DIAG_ERROR, "cb", 0, 0, "stopped at %zu", s->n);
		return 1;
	}
	return 0;
}

static struct jr_value *
stream(const char *dir, const char *doc, struct seen *s, size_t stop_at,
    char **err)
{
	const char *path = put(dir, doc, strlen(doc));
	struct jr_value *v;

	memset(s, 0, sizeof(*s));
	s->stop_at = stop_at;
	tu_diag_begin();
	v = jsonr_parse_file_stream(path, "list", each, s);
	*err = tu_diag_end();
	return v;
}

START_TEST(test_stream_in_order)
{
	const char *dir = tu_mkdtemp();
	const char *doc = "{\"a\": 1, \"b\": {\"list\": [9]},\n"
	    " \"list\": [{\"n\": [1]}, 2,\n  \"三\", [], null],\n"
	    " \"z\": true}";
	struct seen s;
	struct jr_value *v;
	const struct jr_value *l;
	char *err;

	for (size_t w = 0; w < 2; w++) {
		jsonr_set_buffer_size(w ? 8 : 0);
		v = stream(dir, doc, &s, 0, &err);
		jsonr_set_buffer_size(0);
		ck_assert_str_eq(err, "");
		ck_assert_ptr_nonnull(v);
		ck_assert_uint_eq(s.n, 5);
		ck_assert_str_eq(strbuf_str(&s.sb),
		    "[2 members a b] 2:11:object{n=2:17:array{2:18:number(1:1=1){},},}\n"
		    "[2 members a b] 2:23:number(1:2=2){}\n"
		    "[2 members a b] 3:3:string(3:三=0){}\n"
		    "[2 members a b] 3:8:array{}\n"
		    "[2 members a b] 3:12:null{}\n");
		/* the member stays, empty; a nested "list" is not streamed */
		ck_assert_uint_eq(v->nitems, 4);
		l = jsonr_get(v, "list");
		ck_assert_int_eq(l->type, JR_ARRAY);
		ck_assert_uint_eq(l->nitems, 0);
		ck_assert_uint_eq(l->line, 2);
		ck_assert_uint_eq(l->col, 10);
		ck_assert_uint_eq(jsonr_get(jsonr_get(v, "b"), "list")->nitems,
		    1);
		ck_assert_int_eq(jsonr_get(v, "z")->type, JR_TRUE);
		jsonr_free(v);
		strbuf_free(&s.sb);
		free(err);
	}
	/* not an array, or not an object: parsed whole, no callback */
	v = stream(dir, "{\"list\": \"x\"}", &s, 0, &err);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_str_eq(jsonr_get(v, "list")->str, "x");
	jsonr_free(v);
	free(err);
	v = stream(dir, "[{\"list\": [1]}]", &s, 0, &err);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_uint_eq(jsonr_get(&v->items[0], "list")->nitems, 1);
	jsonr_free(v);
	free(err);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_stream_stops_and_errors)
{
	const char *dir = tu_mkdtemp();
	const char *doc = "{\"list\": [1, 2, 3, 4]}";
	struct seen s;
	char *err;

	/* the callback stops the parse; jsonr adds nothing to its word */
	ck_assert_ptr_null(stream(dir, doc, &s, 2, &err));
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(err, "roleaudit: cb: stopped at 2\n");
	strbuf_free(&s.sb);
	free(err);
	/* an error in an element, after the array, or before it: the
	 * elements before it were given, and it is named where it is */
	ck_assert_ptr_null(stream(dir, "{\"list\": [1,\n {\"a\": tru}]}", &s,
	    0, &err));
	ck_assert_uint_eq(s.n, 1);
	ck_assert_ptr_nonnull(strstr(err, "doc.json:2:8: bad JSON: unexpected "
	    "'t': expected a value\n"));
	strbuf_free(&s.sb);
	free(err);
	ck_assert_ptr_null(stream(dir, "{\"list\": [1, 2], \"b\" 1}", &s, 0,
	    &err));
	ck_assert_uint_eq(s.n, 2);
	ck_assert_ptr_nonnull(strstr(err, "doc.json:1:22: bad JSON: unexpected "
	    "'1': expected ':' after the member name\n"));
	strbuf_free(&s.sb);
	free(err);
	ck_assert_ptr_null(stream(dir, "{\"list\": [1, 2,]}", &s, 0, &err));
	ck_assert_uint_eq(s.n, 2);
	ck_assert_ptr_nonnull(strstr(err, "doc.json:1:16: bad JSON: trailing "
	    "comma before ']'\n"));
	strbuf_free(&s.sb);
	free(err);
	tu_rmdir(dir);
}
END_TEST

/* A streamed array of 20000 elements costs what one does; kept whole,
 * it costs what all do. */
START_TEST(test_stream_holds_one_element)
{
	const char *dir = tu_mkdtemp();
	struct strbuf doc = STRBUF_INIT;
	const char *path;
	struct jr_value *v;
	struct seen s;
	size_t whole, streamed;

	strbuf_adds(&doc, "{\"head\": \"x\", \"list\": [");
	for (int i = 0; i < 20000; i++)
		strbuf_addf(&doc, "%s{\"id\": \"R-%d\", \"t\": \"运营和项目\"}",
		    i ? ",\n" : "", i);
	strbuf_adds(&doc, "]}");
	path = put(dir, doc.buf, doc.len);
	(void)jsonr_held_peak();
	v = jsonr_parse_file(path);
	ck_assert_ptr_nonnull(v);
	jsonr_free(v);
	whole = jsonr_held_peak();
	memset(&s, 0, sizeof(s));
	v = jsonr_parse_file_stream(path, "list", each, &s);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(s.n, 20000);
	jsonr_free(v);
	streamed = jsonr_held_peak();
	strbuf_free(&s.sb);
	ck_assert_uint_gt(whole, (size_t)doc.len);
	ck_assert_uint_lt(streamed, 65536 + 4096);
	strbuf_free(&doc);
	tu_rmdir(dir);
}
END_TEST

Suite *
jsonr_suite(void)
{
	Suite *s = suite_create("jsonr");
	TCase *tc = tcase_create("core");

	/* test_window_cuts_anywhere writes 528 small files and reads each
	 * nine times: more than Check's default 4 s on a busy machine
	 * (make check -j2), and slower still under the sanitizers. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_string_escapes_and_surrogates);
	tcase_add_test(tc, test_errors_name_line_and_column);
	tcase_add_test(tc, test_nul_byte_and_depth_limit);
	tcase_add_test(tc, test_column_counts_characters);
	tcase_add_test(tc, test_window_cuts_anywhere);
	tcase_add_test(tc, test_file_bom_and_read_error);
	tcase_add_test(tc, test_stream_in_order);
	tcase_add_test(tc, test_stream_stops_and_errors);
	tcase_add_test(tc, test_stream_holds_one_element);
	suite_add_tcase(s, tc);
	return s;
}
