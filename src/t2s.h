/*
 * t2s.h — Traditional Chinese characters folded to their Simplified
 * forms, so that rules written in Simplified Chinese read Traditional
 * text too (運營 is read as 运营).  Only characters whose UTF-8 length
 * stays three bytes are in the table.  Those that are Simplified
 * characters too (GB2312: 後, 於) are folded in Traditional text but do
 * not tell Traditional text apart.  The table (t2s-data.c) is generated
 * from OpenCC's data by gen-t2s.py.
 */
#ifndef ROLEAUDIT_T2S_H
#define ROLEAUDIT_T2S_H

#include <stddef.h>
#include <stdint.h>

/* The table, by Traditional code point (t2s-data.c). */
extern const size_t t2s_n;
extern const uint16_t t2s_from[], t2s_to[];
/* Bit C (of the 65,536): code point C has a Simplified form and is no
 * Simplified character itself: text holding it is Traditional. */
extern const uint64_t t2s_bits[1024];
/* Bit C: code point C has a Simplified form (t2s_lookup() changes it). */
extern const uint64_t t2s_fold_bits[1024];

static inline int
t2s_has(uint32_t c)
{
	return c < 65536 && (t2s_bits[c >> 6] >> (c & 63)) & 1;
}

static inline int
t2s_folds(uint32_t c)
{
	return c < 65536 && (t2s_fold_bits[c >> 6] >> (c & 63)) & 1;
}

/* The code point of the three-byte UTF-8 character at P (lead byte
 * E0-EF, two continuation bytes after it). */
static inline uint32_t
t2s_get3(const void *p)
{
	const unsigned char *u = p;

	return ((uint32_t)(u[0] & 0x0F) << 12) |
	    ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
}

/* Writes C (U+0800-U+FFFF) at P as three bytes of UTF-8. */
static inline void
t2s_put3(void *p, uint32_t c)
{
	unsigned char *u = p;

	u[0] = (unsigned char)(0xE0 | (c >> 12));
	u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	u[2] = (unsigned char)(0x80 | (c & 0x3F));
}

/* C's Simplified form, or C when it has none. */
uint32_t	t2s_lookup(uint32_t c);
/*
 * Whether S (LEN bytes of valid UTF-8) is Traditional Chinese: one of
 * its first 48 CJK characters is in t2s_bits.
 */
int		t2s_traditional(const char *s, size_t len);

#endif
