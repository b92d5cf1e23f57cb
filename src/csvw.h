/*
 * csvw.h — writing CSV cells that are safe to open in a spreadsheet.
 * Shared by the audit and report CSV writers.
 */
#ifndef ROLEAUDIT_CSVW_H
#define ROLEAUDIT_CSVW_H

#include <stddef.h>

#include "strbuf.h"

/* Would a spreadsheet run S as a formula?  A leading = + - @ TAB or CR,
 * or the full-width ＝ ＋ － ＠ that Excel and WPS also accept; not a
 * lone "-" or "+" (a placeholder, or standard input's name). */
int	csvw_formula_lead(const char *s, size_t len);
/*
 * Appends S (LEN bytes) as one RFC 4180 cell, preceded by a comma unless
 * FIRST: quoted when it holds a comma, quote or line break, and quoted
 * with a leading single quote when it looks like a formula (OWASP "CSV
 * injection"), so the spreadsheet shows it as text.
 */
void	csvw_cell(struct strbuf *, const char *s, size_t len, int first);

#endif
