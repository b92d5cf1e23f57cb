/*
 * writer.h — the registry of per-role output formats.  Adding a format
 * touches writer.c (the list) and its own out_*.c file.  Each writer's
 * output schema is documented at the top of its file and in
 * roleaudit(1).
 */
#ifndef ROLEAUDIT_WRITER_H
#define ROLEAUDIT_WRITER_H

#include <stdio.h>

#include "audit.h"

struct writer_opts {
	int		 color;		/* 1 = use ANSI colour */
	const char	*explain;	/* role id for the explain writer */
	const struct thresholds *th;	/* explain: what kept a finding off */
};

struct writer_ops {
	const char	*id;
	const char	*desc;
	/* Returns new writer state writing to FP (BORROWED). */
	void		*(*begin)(FILE *fp, const struct ruleset *,
			    const struct writer_opts *);
	void		 (*role)(void *, const struct role *);
	/* Writes the footer, frees the state; 0, or -1 on a write error. */
	int		 (*end)(void *, const struct totals *);
};

/* The audit formats: text, csv, jsonl, json (and explain, internal). */
const struct writer_ops	*writer_find(const char *id);
const char		*writer_list(void);	/* "text, csv, jsonl, json" */

extern const struct writer_ops	writer_text, writer_csv, writer_jsonl,
				writer_json, writer_explain;

/* Helpers shared by writers. */
/* Display columns of UTF-8 text (East Asian wide characters count 2). */
size_t		 text_width(const char *s, size_t len);
/* Bytes of the longest prefix of S (LEN bytes of UTF-8) that is at most
 * W display columns wide, whole characters only; its width in *USED. */
size_t		 text_prefix(const char *s, size_t len, size_t w, size_t *used);
/* Comma-separated names of the dimensions in MASK ("scope,cycle"). */
void		 conflicts_str(unsigned mask, char *buf, size_t size);
/* Space-separated flag names ("title-mismatch"), "" when none. */
const char	*flags_str(unsigned flags);

#endif
