/*
 * jsonw.h — JSON string escaping and number formatting shared by every
 * JSON-shaped writer (audit json/jsonl, inspect --records, reports,
 * SARIF).  Input text is valid UTF-8 (validated by the reader); it is
 * passed through, with '"', '\\' and U+0000–U+001F (and U+007F) escaped.
 */
#ifndef ROLEAUDIT_JSONW_H
#define ROLEAUDIT_JSONW_H

#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

/* Appends S (LEN bytes) as a quoted JSON string. */
void	jsonw_str(struct strbuf *, const char *s, size_t len);
void	jsonw_cstr(struct strbuf *, const char *s);	/* NULL -> null */
/* Appends an object key: ", " unless FIRST, then "K": . */
void	jsonw_key(struct strbuf *, const char *k, int first);
/* Appends a number: integral values without a fraction, others with up
 * to four significant decimals ("2", "3.5", "0.875"). */
void	jsonw_num(struct strbuf *, double);

#endif
