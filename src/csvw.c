/*
 * csvw.c — formula-safe CSV cells (see csvw.h).  Neighbours: out_csv.c
 * (audit) and rep_csv.c (report).
 */
#include <config.h>

#include <string.h>

#include "csvw.h"

int
csvw_formula_lead(const char *s, size_t len)
{
	static const char *const wide[] = { "\xef\xbc\x9d", "\xef\xbc\x8b",
	    "\xef\xbc\x8d", "\xef\xbc\xa0" };	/* ＝ ＋ － ＠ */

	/* A lone "-" or "+" is no formula: an export's placeholder for
	 * "none", or standard input's name. */
	if (len == 0 || (len == 1 && (*s == '-' || *s == '+')))
		return 0;
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
	    *s == '\r')
		return 1;
	for (size_t i = 0; len >= 3 && i < sizeof(wide) / sizeof(wide[0]); i++)
		if (memcmp(s, wide[i], 3) == 0)
			return 1;
	return 0;
}

void
csvw_cell(struct strbuf *sb, const char *s, size_t len, int first)
{
	int formula = csvw_formula_lead(s, len);
	int quote = formula;

	if (!first)
		strbuf_addc(sb, ',');
	for (size_t i = 0; !quote && i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote) {
		strbuf_add(sb, s, len);
		return;
	}
	strbuf_addc(sb, '"');
	if (formula)
		strbuf_addc(sb, '\'');
	for (size_t i = 0, run = 0; i <= len; i++) {
		if (i == len || s[i] == '"') {
			strbuf_add(sb, s + run, i - run);
			if (i < len)
				strbuf_add(sb, "\"\"", 2);
			run = i + 1;
		}
	}
	strbuf_addc(sb, '"');
}
