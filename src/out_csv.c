/*
 * out_csv.c — audit as CSV, one row per role (RFC 4180, CRLF-free: LF
 * line ends, UTF-8 without BOM).
 *
 * Columns (stable; new ones are only ever added at the end):
 *   file, line, id, title, department, class, confidence, ops_score,
 *   pm_score, scope, nature, cycle, metrics, skills, flags, conflicts,
 *   title_lean, top_evidence
 * scope..skills hold each dimension's lean: "ops", "pm", "both" or "".
 * flags and conflicts are ';'-separated names.  top_evidence lists the
 * heaviest rules that fired (up to five), ';'-separated.
 *
 * Spreadsheet safety: a cell that starts with = + - @ TAB or CR (or
 * their full-width forms ＝ ＋ － ＠) would run as a formula in Excel
 * or WPS; such a cell is prefixed with a single quote.  Scores are never
 * negative, so numbers are not affected.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "strbuf.h"
#include "writer.h"
#include "xalloc.h"

struct csv_state {
	FILE		*fp;
	struct strbuf	 sb;
};

/* Appends one cell, quoted when needed, neutralised when formula-like. */
static void
cell(struct strbuf *sb, const char *s, size_t len, int first)
{
	csvw_cell(sb, s, len, first);
}

static void
cells(struct strbuf *sb, const char *s)
{
	cell(sb, s, strlen(s), 0);
}

static void *
csv_begin(FILE *fp, const struct ruleset *rs, const struct writer_opts *wo)
{
	struct csv_state *st = xcalloc(1, sizeof(*st));

	(void)rs;
	(void)wo;
	st->fp = fp;
	fputs("file,line,id,title,department,class,confidence,ops_score,"
	    "pm_score,scope,nature,cycle,metrics,skills,flags,conflicts,"
	    "title_lean,top_evidence\n", fp);
	return st;
}

static int
by_weight(const void *a, const void *b)
{
	const struct hit *x = *(const struct hit *const *)a;
	const struct hit *y = *(const struct hit *const *)b;

	if (x->rule->weight != y->rule->weight)
		return x->rule->weight < y->rule->weight ? 1 : -1;
	return x->rule->index < y->rule->index ? -1 :
	    x->rule->index > y->rule->index;
}

static void
csv_role(void *vst, const struct role *r)
{
	struct csv_state *st = vst;
	struct strbuf *sb = &st->sb;
	char buf[256];
	const struct hit **top;
	size_t n = r->ntext_hits;

	strbuf_reset(sb);
	cell(sb, r->path, strlen(r->path), 1);
	snprintf(buf, sizeof(buf), "%lu", r->line);
	cells(sb, buf);
	cells(sb, r->id);
	cells(sb, r->title);
	cells(sb, r->dept);
	cells(sb, class_name(r->v.cls));
	snprintf(buf, sizeof(buf), "%.2f", r->v.confidence);
	cells(sb, buf);
	snprintf(buf, sizeof(buf), "%g", r->v.sc.side[SIDE_OPS]);
	cells(sb, buf);
	snprintf(buf, sizeof(buf), "%g", r->v.sc.side[SIDE_PM]);
	cells(sb, buf);
	for (int d = 0; d < DIM_COUNT; d++) {
		double o = r->v.sc.dim[d][SIDE_OPS], p = r->v.sc.dim[d][SIDE_PM];

		cells(sb, o > 0 && p > 0 ? "both" : o > 0 ? "ops" :
		    p > 0 ? "pm" : "");
	}
	cells(sb, flags_str(r->v.flags));
	conflicts_str(r->v.conflicts, buf, sizeof(buf));
	for (char *c = buf; *c; c++)
		if (*c == ',')
			*c = ';';
	cells(sb, buf);
	cells(sb, r->v.title_lean >= 0 ?
	    side_name((enum ra_side)r->v.title_lean) : "");
	top = xcalloc(n ? n : 1, sizeof(*top));
	for (size_t i = 0; i < n; i++)
		top[i] = &r->hits[i];
	qsort(top, n, sizeof(*top), by_weight);
	{
		struct strbuf ev = STRBUF_INIT;

		for (size_t i = 0; i < n && i < 5; i++) {
			if (i)
				strbuf_addc(&ev, ';');
			strbuf_adds(&ev, top[i]->rule->id);
		}
		cells(sb, strbuf_str(&ev));
		strbuf_free(&ev);
	}
	free(top);
	strbuf_addc(sb, '\n');
	fwrite(sb->buf, 1, sb->len, st->fp);
}

static int
csv_end(void *vst, const struct totals *t)
{
	struct csv_state *st = vst;
	int rc = ferror(st->fp) ? -1 : 0;

	(void)t;
	strbuf_free(&st->sb);
	free(st);
	return rc;
}

const struct writer_ops writer_csv = {
	"csv", "one CSV row per role", csv_begin, csv_role, csv_end
};
