/*
 * out_text.c — the human formats of audit: the aligned table (text) and
 * one role's evidence (explain).
 *
 * text: a header line (before the first role), then one line per role:
 *   LOCATION  ID  TITLE  DEPARTMENT  CLASS  CONF  OPS  PM  NOTES
 * LOCATION is FILE:LINE (editors jump to it); TITLE and DEPARTMENT are
 * cut to fit their column (CJK counts two columns, a cut ends in "~");
 * NOTES names the conflicting dimensions of a mixed role and the flags
 * (title-mismatch).  Then a summary: roles per class, and per file
 * "rows read = classified + rejected".  Colour (class names) only when
 * asked for: on a terminal without NO_COLOR, or --color=always.
 *
 * explain: for the role whose id is --explain, its verdict, then every
 * rule that fired, grouped by dimension and side, with the column,
 * offset, matched text and the article's sentence behind the rule.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "diag.h"
#include "strbuf.h"
#include "writer.h"
#include "xalloc.h"

struct text_state {
	FILE		*fp;
	int		 color;
	const char	*explain;
	const struct thresholds *th;
	unsigned long	 found;
	size_t		 locw;		/* location column width */
	int		 headed;	/* header line printed */
};

static const char *const class_color[CLASS_COUNT] = {
	"\033[32m", "\033[34m", "\033[1;35m", "\033[2m"
};

/* Writes LEN bytes of input text S with control characters as spaces:
 * a tab would break the layout, an escape sequence restyle the terminal. */
static void
put_printable(FILE *fp, const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_printable(&sb, s, len);
	fwrite(strbuf_str(&sb), 1, sb.len, fp);
	strbuf_free(&sb);
}

/* Appends input text RAW cut or padded to exactly W display columns,
 * control characters turned into spaces. */
static void
add_cell(struct strbuf *sb, const char *raw, size_t w)
{
	struct strbuf clean = STRBUF_INIT;
	const char *s;
	size_t len, used = 0;

	strbuf_add_printable(&clean, raw, strlen(raw));
	s = strbuf_str(&clean);
	len = clean.len;

	if (text_width(s, len) <= w) {
		strbuf_add(sb, s, len);
		used = text_width(s, len);
	} else {
		strbuf_add(sb, s, text_prefix(s, len, w ? w - 1 : 0, &used));
		strbuf_addc(sb, '~');
		used++;
	}
	while (used++ < w)
		strbuf_addc(sb, ' ');
	strbuf_free(&clean);
}

static void *
text_begin(FILE *fp, const struct ruleset *rs, const struct writer_opts *wo)
{
	struct text_state *st = xcalloc(1, sizeof(*st));

	(void)rs;
	st->fp = fp;
	st->color = wo->color;
	return st;
}

/* The header line, printed before the first role so that the location
 * column can be as wide as that file's locations. */
static void
text_header(struct text_state *st)
{
	struct strbuf sb = STRBUF_INIT;

	add_cell(&sb, "LOCATION", st->locw);
	strbuf_adds(&sb, "  ");
	add_cell(&sb, "ID", 12);
	strbuf_adds(&sb, "  ");
	add_cell(&sb, "TITLE", 24);
	strbuf_adds(&sb, "  ");
	add_cell(&sb, "DEPARTMENT", 14);
	strbuf_adds(&sb, "  ");
	add_cell(&sb, "CLASS", 18);
	strbuf_adds(&sb, "  CONF   OPS    PM  NOTES\n");
	fputs(strbuf_str(&sb), st->fp);
	strbuf_free(&sb);
}

static void
text_role(void *vst, const struct role *r)
{
	struct text_state *st = vst;
	struct strbuf sb = STRBUF_INIT;
	char loc[4096], conf[128];
	const char *cls = class_name(r->v.cls);

	/* Locations of one file line up when its lines have up to five
	 * digits; a longer one pushes its own row out, never truncated. */
	if (!st->headed) {
		st->locw = text_width(r->path, strlen(r->path)) + 6;
		if (st->locw < 8)
			st->locw = 8;
		text_header(st);
		st->headed = 1;
	}
	snprintf(loc, sizeof(loc), "%s:%lu", r->path, r->line);
	strbuf_adds(&sb, loc);
	for (size_t w = text_width(loc, strlen(loc)); w < st->locw; w++)
		strbuf_addc(&sb, ' ');
	strbuf_adds(&sb, "  ");
	add_cell(&sb, r->id, 12);
	strbuf_adds(&sb, "  ");
	add_cell(&sb, r->title, 24);
	strbuf_adds(&sb, "  ");
	add_cell(&sb, *r->dept ? r->dept : "-", 14);
	strbuf_adds(&sb, "  ");
	if (st->color)
		strbuf_adds(&sb, class_color[r->v.cls]);
	add_cell(&sb, cls, 18);
	if (st->color)
		strbuf_adds(&sb, "\033[0m");
	strbuf_addf(&sb, "  %4.2f %5.1f %5.1f", r->v.confidence,
	    r->v.sc.side[SIDE_OPS], r->v.sc.side[SIDE_PM]);
	if (r->v.cls == CLASS_MIXED && r->v.conflicts) {
		conflicts_str(r->v.conflicts, conf, sizeof(conf));
		strbuf_addf(&sb, "  conflicts: %s", conf);
	}
	if (r->v.flags & FLAG_TITLE_MISMATCH)
		strbuf_addf(&sb, "  title-mismatch (title reads %s)",
		    side_name((enum ra_side)r->v.title_lean));
	while (sb.len > 0 && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	strbuf_addc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, st->fp);
	strbuf_free(&sb);
}

/* The closing summary shared by text and explain. */
static void
summary(FILE *fp, const struct totals *t)
{
	fprintf(fp, "\n%lu role%s: %lu operations, %lu project-management, "
	    "%lu mixed, %lu unclassified; %lu title-mismatch\n",
	    t->classified, t->classified == 1 ? "" : "s",
	    t->by_class[CLASS_OPS], t->by_class[CLASS_PM],
	    t->by_class[CLASS_MIXED], t->by_class[CLASS_UNCLASSIFIED],
	    t->title_mismatch);
	for (size_t i = 0; i < t->nfiles; i++) {
		const struct file_totals *f = &t->files[i];

		fprintf(fp, "%s: %lu row%s read = %lu classified + %lu "
		    "rejected%s\n", f->path, f->rows_read,
		    f->rows_read == 1 ? "" : "s", f->classified, f->rejected,
		    f->failed ? " (file not fully read)" : "");
	}
}

static int
text_end(void *vst, const struct totals *t)
{
	struct text_state *st = vst;
	int rc;

	if (!st->headed)
		fputs("no roles\n", st->fp);
	summary(st->fp, t);
	rc = ferror(st->fp) ? -1 : 0;
	free(st);
	return rc;
}

const struct writer_ops writer_text = {
	"text", "aligned table, one line per role", text_begin, text_role,
	text_end
};

/* --- explain ------------------------------------------------------------ */

static void *
explain_begin(FILE *fp, const struct ruleset *rs, const struct writer_opts *wo)
{
	struct text_state *st = xcalloc(1, sizeof(*st));

	(void)rs;
	st->fp = fp;
	st->explain = wo->explain;
	st->th = wo->th;
	st->color = wo->color;
	return st;
}

static void
explain_hit(FILE *fp, const struct role *r, const struct hit *h, int title)
{
	const struct rule *ru = h->rule;
	const char *col = title ? "title" : r->text_names[h->field];
	const char *txt = title ? r->title : r->text[h->field].ptr;

	fprintf(fp, "    %-4s +%-4g %s\n", side_name(ru->side), ru->weight,
	    ru->id);
	fputs("           ", fp);
	put_printable(fp, col, strlen(col));
	/* In characters: "@4" is the fifth character of 负责日常运营
	 * (the JSON outputs give bytes, for programs). */
	fprintf(fp, " @%zu: \"", utf8_chars(txt, h->offset));
	put_printable(fp, txt + h->offset, h->len);
	fputs("\"\n", fp);
	if (ru->source != NULL)
		fprintf(fp, "           article: %s\n", ru->source);
}

static void
explain_role(void *vst, const struct role *r)
{
	struct text_state *st = vst;
	FILE *fp = st->fp;
	char conf[128];

	if (strcmp(r->id, st->explain) != 0)
		return;
	if (st->found++)
		fputc('\n', fp);
	fprintf(fp, "%s:%lu: ", r->path, r->line);
	put_printable(fp, r->id, strlen(r->id));
	if (*r->title) {
		fputc(' ', fp);
		put_printable(fp, r->title, strlen(r->title));
	}
	if (*r->dept) {
		fputs(" (", fp);
		put_printable(fp, r->dept, strlen(r->dept));
		fputc(')', fp);
	}
	fprintf(fp, "\nclass: %s, confidence %.2f; ops %g, pm %g\n",
	    class_name(r->v.cls), r->v.confidence, r->v.sc.side[SIDE_OPS],
	    r->v.sc.side[SIDE_PM]);
	if (r->v.conflicts) {
		conflicts_str(r->v.conflicts, conf, sizeof(conf));
		fprintf(fp, "conflicting dimensions: %s\n", conf);
	}
	if (r->v.why & WHY_NO_DUTY) {
		const struct scores *sc = &r->v.sc;
		int weak = scores_weak_side(sc);

		fprintf(fp, "not mixed: the %s side's duties (scope, nature, "
		    "cycle) weigh %g, below --mixed-duty %g: skills and "
		    "measures alone do not run the other role\n",
		    side_name((enum ra_side)weak), scores_duty(sc, weak),
		    st->th != NULL ? st->th->mixed_duty : 0);
	}
	if (r->v.title_lean >= 0) {
		fprintf(fp, "title reads: %s",
		    side_name((enum ra_side)r->v.title_lean));
		if (r->v.flags & FLAG_TITLE_MISMATCH)
			fputs(" (title-mismatch: the duties read otherwise)", fp);
		else if (r->v.why & WHY_THIN_MISMATCH)
			fprintf(fp, " (the duties read otherwise, but weigh "
			    "%g, below --mismatch-min %g: no title-mismatch)",
			    r->v.sc.side[r->v.cls == CLASS_OPS ? SIDE_OPS :
			    SIDE_PM], st->th != NULL ? st->th->mismatch_min : 0);
		fputc('\n', fp);
	}
	for (int d = 0; d < DIM_COUNT; d++) {
		int any = 0;

		for (size_t i = 0; i < r->ntext_hits; i++)
			if ((int)r->hits[i].rule->dim == d)
				any = 1;
		fprintf(fp, "\n  %s: ops %g, pm %g%s\n", dim_name((enum ra_dim)d),
		    r->v.sc.dim[d][SIDE_OPS], r->v.sc.dim[d][SIDE_PM],
		    (r->v.conflicts & (1u << d)) ? "  <- conflict" : "");
		if (!any)
			fputs("    (no rule fired)\n", fp);
		for (int side = 0; side < SIDE_COUNT; side++)
			for (size_t i = 0; i < r->ntext_hits; i++)
				if ((int)r->hits[i].rule->dim == d &&
				    (int)r->hits[i].rule->side == side)
					explain_hit(fp, r, &r->hits[i], 0);
	}
	if (r->nhits > r->ntext_hits) {
		fputs("\n  title:\n", fp);
		for (size_t i = r->ntext_hits; i < r->nhits; i++)
			explain_hit(fp, r, &r->hits[i], 1);
	}
	for (size_t i = 0; i < r->nmisses; i++)
		fprintf(fp, "  not evaluated: %s (%s)\n", r->misses[i].rule->id,
		    r->misses[i].why);
}

static int
explain_end(void *vst, const struct totals *t)
{
	struct text_state *st = vst;
	int rc = ferror(st->fp) ? -1 : 0;

	(void)t;
	if (st->found == 0) {
		diag(DIAG_ERROR, NULL, 0, 0, "no role with id '%s' in the "
		    "input (ids come from the id column; without one, "
		    "line-N)", st->explain);
		rc = -1;
	}
	free(st);
	return rc;
}

const struct writer_ops writer_explain = {
	"explain", "one role's evidence", explain_begin, explain_role,
	explain_end
};
