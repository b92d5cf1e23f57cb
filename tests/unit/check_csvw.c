/*
 * check_csvw.c — CSV cells: which leads a spreadsheet would run as a
 * formula (ASCII and full-width), quoting when a cell holds a comma,
 * quote or line break, doubled quotes, and the leading single quote
 * that makes a formula-like cell show as text.
 */
#include <config.h>

#include <string.h>

#include "csvw.h"
#include "strbuf.h"
#include "suites.h"

#define S(lit)	lit, sizeof(lit) - 1

START_TEST(test_formula_lead)
{
	static const char *const yes[] = {
		"=SUM(A1:A9)", "+1", "-1", "@cmd", "\tx", "\rx", "=",
		"\xef\xbc\x9d" "1+1",	/* ＝ */
		"\xef\xbc\x8b" "1",	/* ＋ */
		"\xef\xbc\x8d" "1",	/* － */
		"\xef\xbc\xa0" "x",	/* ＠ */
	};
	static const char *const no[] = {
		"abc", "1+1", " =1", "a=b", "'=1", "\"=1\"", "运营", "\nx",
		"-", "+",		/* a placeholder, or standard input's name */
		"\xef\xbc\x88" "1",	/* （, a full-width neighbour */
		"\xef\xbc\x91",		/* １ */
	};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(csvw_formula_lead(yes[i], strlen(yes[i])),
		    "%s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!csvw_formula_lead(no[i], strlen(no[i])),
		    "%s", no[i]);
	/* Only LEN bytes are read. */
	ck_assert_int_eq(csvw_formula_lead("=1", 0), 0);
	ck_assert_int_eq(csvw_formula_lead("", 0), 0);
	ck_assert_int_eq(csvw_formula_lead("\xef\xbc\x9d", 2), 0);
	ck_assert_int_eq(csvw_formula_lead("\xef\xbc\x9d", 3), 1);
}
END_TEST

/* The cell S as csvw_cell() writes it after a first cell "a". */
static const char *
cell(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_reset(sb);
	csvw_cell(sb, "a", 1, 1);
	csvw_cell(sb, s, len, 0);
	return strbuf_str(sb);
}

START_TEST(test_cells)
{
	struct strbuf sb = STRBUF_INIT;

	/* Plain cells as they are; a comma before every cell but the
	 * first. */
	ck_assert_str_eq(cell(&sb, S("运营专员")), "a,运营专员");
	ck_assert_str_eq(cell(&sb, S("1+1")), "a,1+1");
	ck_assert_str_eq(cell(&sb, S(" =1")), "a, =1");
	ck_assert_str_eq(cell(&sb, S("")), "a,");
	strbuf_reset(&sb);
	csvw_cell(&sb, S(""), 1);
	ck_assert_uint_eq(sb.len, 0);
	csvw_cell(&sb, S("x"), 1);
	csvw_cell(&sb, S("y"), 1);
	ck_assert_str_eq(strbuf_str(&sb), "xy");

	/* Quoted for a comma, a quote or a line break; quotes doubled. */
	ck_assert_str_eq(cell(&sb, S("负责运营,数据分析")),
	    "a,\"负责运营,数据分析\"");
	ck_assert_str_eq(cell(&sb, S("say \"hi\"")), "a,\"say \"\"hi\"\"\"");
	ck_assert_str_eq(cell(&sb, S("\"")), "a,\"\"\"\"");
	ck_assert_str_eq(cell(&sb, S("\"\"")), "a,\"\"\"\"\"\"");
	ck_assert_str_eq(cell(&sb, S("line\nbreak")), "a,\"line\nbreak\"");
	ck_assert_str_eq(cell(&sb, S("cr\rhere")), "a,\"cr\rhere\"");
	ck_assert_str_eq(cell(&sb, S("x\r\n")), "a,\"x\r\n\"");

	/* A formula lead: quoted, with a single quote first. */
	ck_assert_str_eq(cell(&sb, S("=SUM(A1:A9)")), "a,\"'=SUM(A1:A9)\"");
	ck_assert_str_eq(cell(&sb, S("+86 10 1234")), "a,\"'+86 10 1234\"");
	ck_assert_str_eq(cell(&sb, S("-1")), "a,\"'-1\"");
	ck_assert_str_eq(cell(&sb, S("@SUM(1)")), "a,\"'@SUM(1)\"");
	ck_assert_str_eq(cell(&sb, S("\tx")), "a,\"'\tx\"");
	ck_assert_str_eq(cell(&sb, S("\rx")), "a,\"'\rx\"");
	ck_assert_str_eq(cell(&sb, S("\xef\xbc\x9d" "1+1")),
	    "a,\"'\xef\xbc\x9d" "1+1\"");
	ck_assert_str_eq(cell(&sb, S("=HYPERLINK(\"http://x\",\"y\")")),
	    "a,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	strbuf_reset(&sb);
	csvw_cell(&sb, S("=1"), 1);
	ck_assert_str_eq(strbuf_str(&sb), "\"'=1\"");

	/* LEN bytes, a NUL among them included, and no more. */
	strbuf_reset(&sb);
	csvw_cell(&sb, "a\0b,c", 3, 1);
	ck_assert_uint_eq(sb.len, 3);
	ck_assert_int_eq(memcmp(sb.buf, "a\0b", 3), 0);
	strbuf_reset(&sb);
	csvw_cell(&sb, "a\0\"", 3, 1);
	ck_assert_uint_eq(sb.len, 6);
	ck_assert_int_eq(memcmp(sb.buf, "\"a\0\"\"\"", 6), 0);
	strbuf_free(&sb);
}
END_TEST

Suite *
csvw_suite(void)
{
	Suite *s = suite_create("csvw");
	TCase *tc = tcase_create("cells");

	tcase_add_test(tc, test_formula_lead);
	tcase_add_test(tc, test_cells);
	suite_add_tcase(s, tc);
	return s;
}
