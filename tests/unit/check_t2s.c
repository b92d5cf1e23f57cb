/* check_t2s.c — t2s.c, the Traditional to Simplified character table:
 * known pairs, Simplified characters left alone, and the bitmap saying
 * exactly which characters the table holds. */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "t2s.h"
#include "suites.h"

START_TEST(test_known_pairs)
{
	ck_assert_uint_eq(t2s_lookup(0x904B), 0x8FD0);	/* 運 运 */
	ck_assert_uint_eq(t2s_lookup(0x71DF), 0x8425);	/* 營 营 */
	ck_assert_uint_eq(t2s_lookup(0x9805), 0x9879);	/* 項 项 */
	ck_assert_uint_eq(t2s_lookup(0x7D93), 0x7ECF);	/* 經 经 */
	ck_assert_uint_eq(t2s_lookup(0x5C08), 0x4E13);	/* 專 专 */
	ck_assert(t2s_has(0x904B));
	/* 後 is in GB2312 too: folded in Traditional text, but it does not
	 * make a text Traditional */
	ck_assert_uint_eq(t2s_lookup(0x5F8C), 0x540E);	/* 後 后 */
	ck_assert(t2s_folds(0x5F8C));
	ck_assert(!t2s_has(0x5F8C));
	/* a chain is followed to its end: 薴 苧 苎 */
	ck_assert_uint_eq(t2s_lookup(0x85B4), 0x82CE);
}
END_TEST

/* Characters that are Simplified too (GB2312), and everything else. */
START_TEST(test_left_alone)
{
	static const uint32_t same[] = {
		0x8457,		/* 著: also Simplified (著名) */
		0x77AD,		/* 瞭 */
		0x8FD0,		/* 运: already Simplified */
		0x9879,		/* 项 */
		'A', 0xFF2B,	/* ASCII, full-width K */
		0x3000, 0xFFFF, 0x10000, 0x20000,
	};

	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		ck_assert_msg(!t2s_folds(same[i]), "U+%04X", (unsigned)same[i]);
		ck_assert_msg(!t2s_has(same[i]), "U+%04X", (unsigned)same[i]);
		ck_assert_uint_eq(t2s_lookup(same[i]), same[i]);
	}
}
END_TEST

/* The bitmap and the table agree on every code point; every target is
 * a three-byte character that maps to itself (folding is one step). */
START_TEST(test_bitmap_matches_table)
{
	unsigned n = 0;

	for (uint32_t c = 0; c < 65536; c++) {
		uint32_t s = t2s_lookup(c);

		ck_assert_msg(t2s_folds(c) == (s != c), "U+%04X", (unsigned)c);
		ck_assert_msg(!t2s_has(c) || t2s_folds(c), "U+%04X",
		    (unsigned)c);
		if (s == c)
			continue;
		n++;
		ck_assert(c >= 0x800 && s >= 0x800 && s <= 0xFFFF);
		ck_assert_msg(!t2s_folds(s), "U+%04X -> U+%04X folds again",
		    (unsigned)c, (unsigned)s);
	}
	ck_assert_uint_gt(n, 2000);
}
END_TEST

/* A text is Traditional when one of its first 48 CJK characters is a
 * Traditional-only one; ASCII, GB2312 pairs and later ones do not count. */
START_TEST(test_traditional_text)
{
	char buf[600];
	size_t n = 0;

	ck_assert(t2s_traditional("負責日常運營", strlen("負責日常運營")));
	ck_assert(!t2s_traditional("负责日常运营", strlen("负责日常运营")));
	ck_assert(!t2s_traditional("善於溝", strlen("善於")));	/* 於 */
	ck_assert(!t2s_traditional("", 0));
	/* after 200 bytes of ASCII, the first CJK character */
	memset(buf, 'a', 200);
	memcpy(buf + 200, "運", 3);
	ck_assert(t2s_traditional(buf, 203));
	/* the 48th CJK character counts, the 49th does not */
	for (n = 0; n < 47 * 3; n += 3)
		memcpy(buf + n, "运", 3);
	memcpy(buf + n, "運", 3);
	ck_assert(t2s_traditional(buf, n + 3));
	memcpy(buf + n, "运", 3);
	memcpy(buf + n + 3, "運", 3);
	ck_assert(!t2s_traditional(buf, n + 6));
	/* a cut character at the end is not read past */
	ck_assert(!t2s_traditional("\xE9\x81", 2));
}
END_TEST

Suite *
t2s_suite(void)
{
	Suite *s = suite_create("t2s");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_known_pairs);
	tcase_add_test(tc, test_left_alone);
	tcase_add_test(tc, test_bitmap_matches_table);
	tcase_add_test(tc, test_traditional_text);
	suite_add_tcase(s, tc);
	return s;
}
