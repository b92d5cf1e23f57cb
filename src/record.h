/*
 * record.h — a CSV record as seen by everything downstream of the reader.
 *
 * Field bytes are BORROWED from the reader and valid only until the next
 * call to csvsrc_next(); copy what you keep.  Field text is valid UTF-8
 * (the reader validated it), NUL-terminated for convenience (ptr[len] ==
 * '\0'), and holds no NUL byte (such rows are rejected).
 */
#ifndef ROLEAUDIT_RECORD_H
#define ROLEAUDIT_RECORD_H

#include <stddef.h>

struct ra_field {
	const char	*ptr;
	size_t		 len;
};

struct ra_record {
	const char		*path;	  /* file name as given ("-" = stdin) */
	unsigned long		 line;	  /* physical line the record starts on */
	unsigned long		 recno;	  /* 0 = header row, then 1, 2, ... */
	size_t			 nfields;
	const struct ra_field	*fields;
};

#endif
