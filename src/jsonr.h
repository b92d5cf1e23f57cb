/*
 * jsonr.h — a small, strict JSON reader (RFC 8259), for `report --merge`.
 *
 * It reads one document into a tree: objects, arrays, strings (with \u
 * escapes, surrogate pairs joined, lone surrogates refused), numbers,
 * true, false, null.  Strict: no comments, no trailing commas, no
 * leading zeros or '+', no raw control characters in strings, UTF-8
 * only (a BOM is refused too), nothing after the value but white space,
 * and nesting at most JSONR_MAX_DEPTH deep.  Errors are reported through
 * diag() as PATH:LINE:COL (1-based; the column counts characters).
 *
 * A file is read a window at a time, never whole, and the elements of
 * one array of the root object can be taken one by one
 * (jsonr_parse_file_stream), so that a long array costs the memory of
 * one element.
 */
#ifndef ROLEAUDIT_JSONR_H
#define ROLEAUDIT_JSONR_H

#include <stddef.h>

#define JSONR_MAX_DEPTH	64

enum jr_type {
	JR_NULL = 0,
	JR_FALSE,
	JR_TRUE,
	JR_NUMBER,
	JR_STRING,
	JR_ARRAY,
	JR_OBJECT
};

struct jr_value {
	enum jr_type	 type;
	unsigned long	 line, col;	/* where the value starts */
	char		*str;		/* string (UTF-8, NUL-terminated; may
					   hold \u0000) or the number's text */
	size_t		 len;		/* bytes in str */
	double		 num;		/* JR_NUMBER */
	struct jr_value	*items;		/* array elements or object values */
	char		**keys;		/* object keys, one per item */
	size_t		 nitems;
};

/*
 * Parses BUF (LEN bytes, BORROWED), naming PATH in errors.  Returns a
 * new tree (free with jsonr_free), or NULL after reporting the first
 * error.
 */
struct jr_value	*jsonr_parse(const char *path, const char *buf, size_t len);
/* Reads and parses PATH ("-" = standard input); same contract. */
struct jr_value	*jsonr_parse_file(const char *path);

/*
 * Given each element of a streamed array, in order: ROOT is the root
 * object as far as it is read (the members before the array; BORROWED),
 * ELEM the element (BORROWED: freed when FN returns).  FN returns 0 to
 * go on; anything else stops the parse, which then reports nothing more
 * (FN has said what was wrong).
 */
typedef int	(*jsonr_each_fn)(void *ctx, const struct jr_value *root,
		    const struct jr_value *elem);
/*
 * Like jsonr_parse_file(), but when the document is an object, each
 * element of its member KEY, when that is an array, is parsed into a
 * tree of its own, given to FN and freed: memory does not grow with
 * that array.  The tree returned holds the member as an empty array
 * (each time it occurs, if it occurs more than once).  NULL after an
 * error, or when FN stopped the parse.
 */
struct jr_value	*jsonr_parse_file_stream(const char *path, const char *key,
		    jsonr_each_fn fn, void *ctx);
void		 jsonr_free(struct jr_value *);		/* NULL is fine */

/* Object member KEY of V (BORROWED from V), or NULL when V is not an
 * object or has no such key.  The last one wins on duplicates. */
const struct jr_value *jsonr_get(const struct jr_value *v, const char *key);
/* Name of a type, for messages ("object", "string", ...). */
const char	*jsonr_type_name(enum jr_type);

/* For tests: the size of the window on a file (0: the default, 64 KiB;
 * a few bytes at least, whatever is asked). */
void		 jsonr_set_buffer_size(size_t n);
/* For tests: the most bytes jsonr held at once (the window and the
 * trees, an estimate without allocator overhead) since the last call. */
size_t		 jsonr_held_peak(void);

#endif
