/*
 * check_jsonr.c — the strict JSON reader: every value type, \u escapes
 * and surrogate pairs, and errors that name line and column.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "jsonr.h"
#include "suites.h"

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

Suite *
jsonr_suite(void)
{
	Suite *s = suite_create("jsonr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_string_escapes_and_surrogates);
	tcase_add_test(tc, test_errors_name_line_and_column);
	tcase_add_test(tc, test_nul_byte_and_depth_limit);
	tcase_add_test(tc, test_column_counts_characters);
	suite_add_tcase(s, tc);
	return s;
}
