/* check_strbuf.c — the growable buffer. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "suites.h"

START_TEST(test_add_and_format)
{
	struct strbuf sb = STRBUF_INIT;

	ck_assert_str_eq(strbuf_str(&sb), "");
	strbuf_adds(&sb, "运营");
	strbuf_addc(&sb, ',');
	strbuf_addf(&sb, "%d-%s", 42, "pm");
	ck_assert_str_eq(sb.buf, "运营,42-pm");
	ck_assert_uint_eq(sb.len, strlen("运营,42-pm"));
	strbuf_reset(&sb);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_str_eq(sb.buf, "");
	strbuf_free(&sb);
	ck_assert_ptr_null(sb.buf);
}
END_TEST

START_TEST(test_grow_large_and_embedded_nul)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	for (int i = 0; i < 100000; i++)
		strbuf_add(&sb, "ab\0", 3);
	ck_assert_uint_eq(sb.len, 300000);
	ck_assert_int_eq(sb.buf[2], '\0');
	ck_assert_int_eq(sb.buf[299999], '\0');
	ck_assert_int_eq(sb.buf[299998], 'b');
	s = strbuf_detach(&sb);
	ck_assert_ptr_null(sb.buf);
	ck_assert_int_eq(s[0], 'a');
	free(s);
}
END_TEST

START_TEST(test_add_printable)
{
	struct strbuf sb = STRBUF_INIT;
	/* ESC, TAB, DEL, C1 CSI (C2 9B), then NBSP (C2 A0) and CJK kept;
	 * a lone C2 at the very end is left as it is. */
	const char in[] = "a\033[1m\tb\177c\302\233d\302\240运\302";

	strbuf_add_printable(&sb, in, sizeof(in) - 1);
	ck_assert_str_eq(sb.buf, "a [1m b c d\302\240运\302");
	strbuf_free(&sb);
}
END_TEST

Suite *
strbuf_suite(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_add_and_format);
	tcase_add_test(tc, test_grow_large_and_embedded_nul);
	tcase_add_test(tc, test_add_printable);
	suite_add_tcase(s, tc);
	return s;
}
