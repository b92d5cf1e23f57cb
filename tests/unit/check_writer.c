/*
 * check_writer.c — the registry of audit formats and the functions the
 * writers share: which ids are found, display width of UTF-8 text (CJK
 * counts two columns, control characters none), the list of
 * conflicting dimensions, and the flags string.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "writer.h"

START_TEST(test_find_every_listed_format)
{
	char list[128], *tok, *save = NULL;
	int n = 0;

	/* Every id writer_list() names is found, under that id. */
	snprintf(list, sizeof(list), "%s", writer_list());
	for (tok = strtok_r(list, ", ", &save); tok != NULL;
	    tok = strtok_r(NULL, ", ", &save)) {
		const struct writer_ops *w = writer_find(tok);

		ck_assert_msg(w != NULL, "format '%s' listed but not found", tok);
		ck_assert_str_eq(w->id, tok);
		ck_assert_ptr_nonnull(w->begin);
		ck_assert_ptr_nonnull(w->role);
		ck_assert_ptr_nonnull(w->end);
		n++;
	}
	ck_assert_int_eq(n, 4);
	ck_assert_ptr_eq(writer_find("text"), &writer_text);
	ck_assert_ptr_eq(writer_find("csv"), &writer_csv);
	ck_assert_ptr_eq(writer_find("jsonl"), &writer_jsonl);
	ck_assert_ptr_eq(writer_find("json"), &writer_json);
}
END_TEST

START_TEST(test_find_refuses_unknown_and_internal)
{
	ck_assert_ptr_null(writer_find("xml"));
	ck_assert_ptr_null(writer_find(""));
	ck_assert_ptr_null(writer_find("JSON"));	/* ids are exact */
	ck_assert_ptr_null(writer_find("json "));
	/* explain is reached through --explain, not --format */
	ck_assert_ptr_null(writer_find("explain"));
	ck_assert_str_eq(writer_explain.id, "explain");
}
END_TEST

START_TEST(test_text_width)
{
	ck_assert_uint_eq(text_width("", 0), 0);
	ck_assert_uint_eq(text_width("abc", 3), 3);
	/* CJK ideographs and Hangul take two columns each */
	ck_assert_uint_eq(text_width("运营部", strlen("运营部")), 6);
	ck_assert_uint_eq(text_width("한국", strlen("한국")), 4);
	/* full-width forms are wide, half-width katakana are not */
	ck_assert_uint_eq(text_width("ＫＰＩ", strlen("ＫＰＩ")), 6);
	ck_assert_uint_eq(text_width("ｶ", strlen("ｶ")), 1);
	/* Latin with diacritics: one column per character, not per byte */
	ck_assert_uint_eq(text_width("café", strlen("café")), 4);
	/* a CJK Extension B character (four bytes) is wide */
	ck_assert_uint_eq(text_width("\xf0\xa0\x80\x80", 4), 2);
	/* control characters, C0 and C1, take no column */
	ck_assert_uint_eq(text_width("a\tb\033c", 6), 3);
	ck_assert_uint_eq(text_width("a\xc2\x85z", 4), 2);
	{
		size_t used;

		/* the widest prefix that fits: whole characters only */
		ck_assert_uint_eq(text_prefix("运营部", 9, 5, &used), 6);
		ck_assert_uint_eq(used, 4);
		ck_assert_uint_eq(text_prefix("a运营", 7, 2, &used), 1);
		ck_assert_uint_eq(used, 1);
		ck_assert_uint_eq(text_prefix("abc", 3, 9, &used), 3);
		ck_assert_uint_eq(used, 3);
		ck_assert_uint_eq(text_prefix("abc", 3, 0, NULL), 0);
	}
	/* only LEN bytes count */
	ck_assert_uint_eq(text_width("运营部", 3), 2);
	/* a character cut at LEN does not read past it */
	ck_assert_uint_eq(text_width("ab\xe8\xbf", 4), 3);
}
END_TEST

START_TEST(test_conflicts_str)
{
	char buf[64], small[12];

	conflicts_str(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	conflicts_str(1u << DIM_SCOPE, buf, sizeof(buf));
	ck_assert_str_eq(buf, "scope");
	/* dimension order, whatever the bit order asked */
	conflicts_str((1u << DIM_SKILLS) | (1u << DIM_CYCLE) | (1u << DIM_SCOPE),
	    buf, sizeof(buf));
	ck_assert_str_eq(buf, "scope,cycle,skills");
	conflicts_str((1u << DIM_COUNT) - 1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "scope,nature,cycle,metrics,skills");
	/* a short buffer keeps the names that fit, whole, and stays
	 * NUL-terminated inside its size */
	memset(small, 'X', sizeof(small));
	conflicts_str((1u << DIM_SCOPE) | (1u << DIM_NATURE), small, 10);
	ck_assert_str_eq(small, "scope");
	ck_assert_int_eq(small[10], 'X');
	ck_assert_int_eq(small[11], 'X');
	/* size 0 writes nothing */
	small[0] = 'Y';
	conflicts_str(1u << DIM_SCOPE, small, 0);
	ck_assert_int_eq(small[0], 'Y');
}
END_TEST

START_TEST(test_flags_str)
{
	ck_assert_str_eq(flags_str(0), "");
	ck_assert_str_eq(flags_str(FLAG_TITLE_MISMATCH), "title-mismatch");
	/* unknown bits are not shown */
	ck_assert_str_eq(flags_str(0x80u), "");
}
END_TEST

Suite *
writer_suite(void)
{
	Suite *s = suite_create("writer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_find_every_listed_format);
	tcase_add_test(tc, test_find_refuses_unknown_and_internal);
	tcase_add_test(tc, test_text_width);
	tcase_add_test(tc, test_conflicts_str);
	tcase_add_test(tc, test_flags_str);
	suite_add_tcase(s, tc);
	return s;
}
