/*
 * rep_text.c — the report as aligned plain text, for a terminal or an
 * e-mail.  Columns are padded by display width (text_width() in
 * writer.c: a CJK character takes two columns); control characters in
 * input strings print as spaces so a title cannot break the table.
 *
 * Layout (sections in this order; a section with nothing to say says so):
 *   roleaudit report: D departments, N roles, M to review
 *   Roles by department (most mixed first)
 *     department  roles  ops  pm  mixed  uncl  mixed%  mismatch  conflicts
 *     ... one row per department, then "(all)"; a department of the
 *     input called "(all)" or "(no department)" shows in double quotes,
 *     and a note under the table says so
 *   Mean score per role, ops/pm
 *     department  scope  nature  cycle  metrics  skills      ("1.5/0.25")
 *   Rules that fire most (roles per rule, top 5)
 *     department  rules                    ("OPS-DAILY 5, PM-PLAN 3")
 *   To review: mixed and title-mismatch roles
 *     location  id  title  department  class  flags   ("a.csv:12")
 *   Files
 *     a.csv: 25 rows read = 24 classified + 1 rejected
 * "conflicts" lists the dimensions where mixed roles have both sides,
 * most often first.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "strbuf.h"
#include "writer.h"
#include "xalloc.h"

struct table {
	size_t		 ncols;
	unsigned	 right;		/* bit c: right-align column c */
	char		**cells;	/* nrows * ncols, owned */
	size_t		 nrows, cap;
};

/* A copy of S with control characters (C0, DEL, C1) turned into spaces. */
static char *
clean(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_printable(&sb, s, strlen(s));
	return strbuf_detach(&sb);
}

/* Widest a name (department, id, title) prints; a longer one is cut and
 * ends in '~', as in audit's table, so one name cannot widen every row
 * of a table. */
#define NAME_MAX_W	40

/* clean(S), cut to NAME_MAX_W display columns. */
static char *
clip(const char *s)
{
	char *c = clean(s);
	size_t len = strlen(c), i;

	if (text_width(c, len) <= NAME_MAX_W)
		return c;
	i = text_prefix(c, len, NAME_MAX_W - 1, NULL);
	c[i] = '~';
	c[i + 1] = '\0';
	return c;
}

/* Adds a row; column 0 (the department, in every table built so) is
 * clipped. */
static void
row(struct table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols,
		    sizeof(*t->cells));
	}
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = c == 0 ? clip(cells[c]) :
		    clean(cells[c]);
	t->nrows++;
}

/* Widens W (T's columns) to fit CELLS. */
static void
table_fit(const struct table *t, char *const *cells, size_t *w)
{
	for (size_t c = 0; c < t->ncols; c++) {
		size_t n = text_width(cells[c], strlen(cells[c]));

		if (n > w[c])
			w[c] = n;
	}
}

/* Prints CELLS as one line of T, columns W wide. */
static void
table_line(FILE *fp, const struct table *t, char *const *cells,
    const size_t *w)
{
	struct strbuf line = STRBUF_INIT;

	strbuf_adds(&line, "  ");
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cells[c];
		size_t pad = w[c] - text_width(s, strlen(s));
		int right = (t->right >> c) & 1;

		if (c)
			strbuf_adds(&line, "  ");
		if (right)
			for (size_t i = 0; i < pad; i++)
				strbuf_addc(&line, ' ');
		strbuf_adds(&line, s);
		if (!right && c + 1 < t->ncols)
			for (size_t i = 0; i < pad; i++)
				strbuf_addc(&line, ' ');
	}
	while (line.len > 0 && line.buf[line.len - 1] == ' ')
		line.buf[--line.len] = '\0';
	fprintf(fp, "%s\n", strbuf_str(&line));
	strbuf_free(&line);
}

/* Pass 0: widens W to fit CELLS; pass 1: prints them.  Frees CELLS. */
static void
fit_or_print(FILE *fp, const struct table *t, char **cells, size_t *w,
    int pass)
{
	if (pass == 0)
		table_fit(t, cells, w);
	else
		table_line(fp, t, cells, w);
	for (size_t c = 0; c < t->ncols; c++)
		free(cells[c]);
}

static void
table_print(FILE *fp, struct table *t)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));

	for (size_t r = 0; r < t->nrows; r++)
		table_fit(t, t->cells + r * t->ncols, w);
	for (size_t r = 0; r < t->nrows; r++)
		table_line(fp, t, t->cells + r * t->ncols, w);
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(w);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

/* The six cells of review entry E of REP, cleaned (the caller frees
 * them). */
static void
review_cells(const struct report *rep, const struct rep_review *e,
    char **cells)
{
	struct strbuf loc = STRBUF_INIT, fl = STRBUF_INIT;
	char cf[64];

	strbuf_addf(&loc, "%s:%lu", e->file, e->line);
	if (e->flags & FLAG_TITLE_MISMATCH)
		strbuf_adds(&fl, "title-mismatch");
	if (e->conflicts) {
		conflicts_str(e->conflicts, cf, sizeof(cf));
		strbuf_addf(&fl, "%sconflicts: %s", fl.len ? "; " : "", cf);
	}
	cells[0] = clean(strbuf_str(&loc));
	cells[1] = clip(e->id);
	cells[2] = clip(e->title);
	cells[3] = clip(rep_review_dept(rep, e));
	cells[4] = clean(class_name(e->cls));
	cells[5] = clean(strbuf_str(&fl));
	strbuf_free(&loc);
	strbuf_free(&fl);
}

static void
class_row(struct table *t, const struct rep_dept *d)
{
	char n[6][32], pct[16], cf[64];
	const char *cells[9];

	snprintf(n[0], sizeof(n[0]), "%lu", d->roles);
	for (int c = 0; c < CLASS_COUNT; c++)
		snprintf(n[c + 1], sizeof(n[0]), "%lu", d->by_class[c]);
	snprintf(n[5], sizeof(n[5]), "%lu", d->title_mismatch);
	snprintf(pct, sizeof(pct), "%.1f%%", 100 * rep_mixed_share(d));
	rep_conflicts_str(d, cf, sizeof(cf));
	cells[0] = rep_dept_label(d);
	cells[1] = n[0];
	cells[2] = n[1 + CLASS_OPS];
	cells[3] = n[1 + CLASS_PM];
	cells[4] = n[1 + CLASS_MIXED];
	cells[5] = n[1 + CLASS_UNCLASSIFIED];
	cells[6] = pct;
	cells[7] = n[5];
	cells[8] = *cf ? cf : "-";
	row(t, cells);
}

static void
mean_row(struct table *t, const struct rep_dept *d)
{
	char m[DIM_COUNT][48];
	const char *cells[DIM_COUNT + 1];

	cells[0] = rep_dept_label(d);
	for (int k = 0; k < DIM_COUNT; k++) {
		snprintf(m[k], sizeof(m[k]), "%.2f/%.2f", rep_mean(d, k,
		    SIDE_OPS), rep_mean(d, k, SIDE_PM));
		cells[k + 1] = m[k];
	}
	row(t, cells);
}

static void
rules_row(struct table *t, const struct report *rep, const struct rep_dept *d)
{
	struct rep_top top[REPORT_TOP_RULES];
	size_t n = rep_top_rules(rep, d, top, REPORT_TOP_RULES);
	struct strbuf sb = STRBUF_INIT;
	const char *cells[2];

	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s %lu", i ? ", " : "", top[i].rule,
		    top[i].count);
	cells[0] = rep_dept_label(d);
	cells[1] = n ? strbuf_str(&sb) : "-";
	row(t, cells);
	strbuf_free(&sb);
}

static int
text_write(FILE *fp, const struct report *rep)
{
	static const char *const class_head[] = { "department", "roles",
	    "ops", "pm", "mixed", "uncl", "mixed%", "mismatch", "conflicts" };
	static const char *const mean_head[] = { "department", "scope",
	    "nature", "cycle", "metrics", "skills" };
	static const char *const rules_head[] = { "department", "rules" };
	static const char *const review_head[] = { "location", "id", "title",
	    "department", "class", "flags" };
	struct table t;
	unsigned long rd, cl, rj;
	char th[256], rs[128];

	fprintf(fp, "roleaudit report: %zu department%s, %lu role%s, %zu to "
	    "review\n", rep->ndepts, rep->ndepts == 1 ? "" : "s",
	    rep->all.roles, rep->all.roles == 1 ? "" : "s", rep->nreview);

	fputs("\nRoles by department (most mixed first)\n", fp);
	memset(&t, 0, sizeof(t));
	t.ncols = 9;
	t.right = 0xfe & ~(1u << 8);
	row(&t, class_head);
	for (size_t i = 0; i < rep->ndepts; i++)
		class_row(&t, rep->depts[i]);
	class_row(&t, &rep->all);
	table_print(fp, &t);
	fputs("  (ops = operations, pm = project-management, uncl = "
	    "unclassified;\n   conflicts: dimensions where mixed roles have "
	    "both sides, most often first)\n", fp);
	if (rep->nshown > 0)
		fputs("  (a name in double quotes is a department of the input "
		    "that is called\n   like one of the report's own rows, (all) "
		    "and (no department))\n", fp);

	fputs("\nMean score per role, ops/pm\n", fp);
	t.ncols = DIM_COUNT + 1;
	t.right = 0x3e;
	row(&t, mean_head);
	for (size_t i = 0; i < rep->ndepts; i++)
		mean_row(&t, rep->depts[i]);
	mean_row(&t, &rep->all);
	table_print(fp, &t);

	fprintf(fp, "\nRules that fire most (roles per rule, top %d)\n",
	    REPORT_TOP_RULES);
	t.ncols = 2;
	t.right = 0;
	row(&t, rules_head);
	for (size_t i = 0; i < rep->ndepts; i++)
		rules_row(&t, rep, rep->depts[i]);
	rules_row(&t, rep, &rep->all);
	table_print(fp, &t);

	fputs("\nTo review: mixed and title-mismatch roles\n", fp);
	if (rep->nreview == 0)
		fputs("  none\n", fp);
	else {
		/* Two passes over the list, which need not fit in
		 * memory: the widths, then the lines. */
		size_t w[6] = { 0 };
		char *cells[6];

		t.ncols = 6;
		t.right = 0;
		for (int pass = 0; pass < 2; pass++) {
			struct rep_iter *it = rep_iter_new(rep);
			const struct rep_review *e;

			for (int c = 0; c < 6; c++)
				cells[c] = clean(review_head[c]);
			fit_or_print(fp, &t, cells, w, pass);
			while ((e = rep_iter_next(it)) != NULL) {
				review_cells(rep, e, cells);
				fit_or_print(fp, &t, cells, w, pass);
			}
			rep_iter_free(it);
		}
	}

	fputs("\nFiles\n", fp);
	for (size_t i = 0; i < rep->nfiles; i++) {
		const struct rep_file *f = &rep->files[i];
		char *p = clean(f->path);

		fprintf(fp, "  %s: %lu row%s read = %lu classified + %lu "
		    "rejected%s\n", p, f->rows_read, f->rows_read == 1 ? "" : "s", f->classified, f->rejected,
		    f->failed ? " (not read to the end: see the errors)" : "");
		free(p);
	}
	rep_file_totals(rep, &rd, &cl, &rj);
	fprintf(fp, "  total: %lu row%s read = %lu classified + %lu rejected\n",
	    rd, rd == 1 ? "" : "s", cl, rj);
	rep_thresholds_str(rep, th, sizeof(th));
	if (*th)
		fprintf(fp, "\nThresholds: %s\n", th);
	rep_rules_str(rep, rs, sizeof(rs));
	if (*rs)
		fprintf(fp, "%sRules: %s\n", *th ? "" : "\n", rs);
	return ferror(fp) ? -1 : 0;
}

const struct report_format rep_text = {
	"text", "aligned tables for a terminal", text_write
};
