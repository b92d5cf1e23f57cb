/* check_jsonw.c — JSON escaping and numbers. */
#include <config.h>

#include <string.h>

#include "jsonw.h"
#include "suites.h"

START_TEST(test_escapes_controls_quotes_backslash)
{
	struct strbuf sb = STRBUF_INIT;
	const char in[] = "a\"b\\c\n\r\t\x01\x1f\x7f<script>运营";

	jsonw_str(&sb, in, sizeof(in) - 1);
	ck_assert_str_eq(sb.buf,
	    "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\\u007f<script>运营\"");
	strbuf_reset(&sb);
	jsonw_cstr(&sb, NULL);
	ck_assert_str_eq(sb.buf, "null");
	strbuf_reset(&sb);
	jsonw_key(&sb, "a", 1);
	jsonw_key(&sb, "部门\"", 0);
	ck_assert_str_eq(sb.buf, "\"a\": , \"部门\\\"\": ");
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_numbers)
{
	struct strbuf sb = STRBUF_INIT;

	jsonw_num(&sb, 2);
	strbuf_addc(&sb, ' ');
	jsonw_num(&sb, 3.5);
	strbuf_addc(&sb, ' ');
	jsonw_num(&sb, 0.875);
	strbuf_addc(&sb, ' ');
	jsonw_num(&sb, 1.0 / 3);
	strbuf_addc(&sb, ' ');
	jsonw_num(&sb, -0.00001);
	ck_assert_str_eq(sb.buf, "2 3.5 0.875 0.3333 0");
	strbuf_free(&sb);
}
END_TEST

Suite *
jsonw_suite(void)
{
	Suite *s = suite_create("jsonw");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_escapes_controls_quotes_backslash);
	tcase_add_test(tc, test_numbers);
	suite_add_tcase(s, tc);
	return s;
}
