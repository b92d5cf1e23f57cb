/*
 * colmap.h — which header column serves as id, title, department and
 * text, found by English or Chinese name (case- and space-insensitive)
 * or forced by the user.  No I/O except diag() for errors.
 */
#ifndef ROLEAUDIT_COLMAP_H
#define ROLEAUDIT_COLMAP_H

#include <stddef.h>

#include "record.h"

#define COLMAP_MAX_TEXT	32

struct colmap_opts {
	const char	*id_col;	/* NULL = find by name */
	const char	*title_col;
	const char	*dept_col;
	const char	*text_cols[COLMAP_MAX_TEXT]; /* user's --text-col list */
	size_t		 ntext_cols;
	const char	*ignore_col;	/* suppression column name; NULL = default */
	int		 fill_dept;	/* an empty department takes the one
					   above it (merged cells) */
	/* The columns named by a config file rather than an option (for
	 * messages): COLMAP_CFG_* bits, and that file's path. */
	unsigned	 from_config;
	const char	*config;
};

#define COLMAP_CFG_ID		0x1u
#define COLMAP_CFG_TITLE	0x2u
#define COLMAP_CFG_DEPT		0x4u
#define COLMAP_CFG_TEXT		0x8u

struct colmap {
	long	 id;		/* column index, -1 = none */
	long	 title;
	long	 dept;
	long	 ignore;
	size_t	 ntext;
	size_t	 text[COLMAP_MAX_TEXT];
};

/*
 * Maps HDR's columns.  Returns 0, or -1 after reporting through diag()
 * (at HDR's path and line) a missing column with the list of headers
 * that were found.  A missing id, title or department column that the
 * user did not ask for is not an error (id falls back to the line
 * number; department to "(none)").  No text column is an error.
 */
int	colmap_resolve(struct colmap *, const struct ra_record *hdr,
	    const struct colmap_opts *);
void	colmap_free(struct colmap *);

#endif
