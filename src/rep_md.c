/*
 * rep_md.c — the report as GitHub-flavoured Markdown, short enough for a
 * CI job summary ($GITHUB_STEP_SUMMARY).
 *
 * Layout:
 *   ## roleaudit report
 *   one line: departments, roles, roles to review, rows read = classified
 *   + rejected
 *   ### Roles by department      table: department | roles | operations |
 *        project-management | mixed | unclassified | mixed share |
 *        title mismatch | conflicts (most often first); last row **(all)**
 *        (a department of the input called "(all)" or "(no department)"
 *        shows in double quotes, with a note under the table)
 *   ### Mean score per role      table: department | scope | nature |
 *        cycle | metrics | skills, each cell "ops / pm"
 *   ### Rules that fire most     table: department | rules (top 5, "ID ×N")
 *   ### To review                table: location | id | title | department |
 *        class | flags  (inside <details> when longer than 20 rows)
 *   ### Files                    bullets: file: rows read = classified + rejected
 *
 * Input strings are escaped for Markdown and HTML alike (GitHub renders
 * inline HTML): & < > " ' become entities, the Markdown punctuation
 * that works inside a table cell (| \ ` * _ [ ] ~) gets a backslash,
 * line breaks become spaces, so a cell never breaks its table.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "report.h"
#include "strbuf.h"
#include "writer.h"

/* Writes S escaped for a Markdown table cell. */
static void
md(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		case '|': case '\\': case '`': case '*': case '_': case '[':
		case ']': case '~':
			fputc('\\', fp);
			fputc(c, fp);
			break;
		default:
			fputc(c < 0x20 || c == 0x7f ? ' ' : c, fp);
		}
	}
}

static void
class_row(FILE *fp, const struct rep_dept *d, int all)
{
	char cf[64];

	rep_conflicts_str(d, cf, sizeof(cf));
	fputs("| ", fp);
	if (all)
		fputs("**(all)**", fp);
	else
		md(fp, rep_dept_label(d));
	fprintf(fp, " | %lu | %lu | %lu | %lu | %lu | %.1f%% | %lu | %s |\n",
	    d->roles, d->by_class[CLASS_OPS], d->by_class[CLASS_PM],
	    d->by_class[CLASS_MIXED], d->by_class[CLASS_UNCLASSIFIED],
	    100 * rep_mixed_share(d), d->title_mismatch, *cf ? cf : "–");
}

static void
mean_row(FILE *fp, const struct rep_dept *d, int all)
{
	fputs("| ", fp);
	if (all)
		fputs("**(all)**", fp);
	else
		md(fp, rep_dept_label(d));
	for (int k = 0; k < DIM_COUNT; k++)
		fprintf(fp, " | %.2f / %.2f", rep_mean(d, k, SIDE_OPS),
		    rep_mean(d, k, SIDE_PM));
	fputs(" |\n", fp);
}

static void
rules_row(FILE *fp, const struct report *rep, const struct rep_dept *d,
    int all)
{
	struct rep_top top[REPORT_TOP_RULES];
	size_t n = rep_top_rules(rep, d, top, REPORT_TOP_RULES);

	fputs("| ", fp);
	if (all)
		fputs("**(all)**", fp);
	else
		md(fp, rep_dept_label(d));
	fputs(" | ", fp);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", fp);
		md(fp, top[i].rule);
		fprintf(fp, " ×%lu", top[i].count);
	}
	fputs(n ? " |\n" : "– |\n", fp);
}

static int
md_write(FILE *fp, const struct report *rep)
{
	unsigned long rd, cl, rj;
	char th[256], rs[128];
	int fold = rep->nreview > 20;

	rep_file_totals(rep, &rd, &cl, &rj);
	fprintf(fp, "## roleaudit report\n\n%zu department%s, %lu role%s, "
	    "%zu to review; %lu row%s read = %lu classified + %lu rejected.\n",
	    rep->ndepts, rep->ndepts == 1 ? "" : "s", rep->all.roles,
	    rep->all.roles == 1 ? "" : "s", rep->nreview, rd,
	    rd == 1 ? "" : "s", cl, rj);

	fputs("\n### Roles by department\n\nMost mixed first. *Conflicts*: "
	    "dimensions where mixed roles have both sides, most often first."
	    "\n\n| department | roles | operations | project-management | "
	    "mixed | unclassified | mixed share | title mismatch | conflicts |"
	    "\n|---|--:|--:|--:|--:|--:|--:|--:|---|\n", fp);
	for (size_t i = 0; i < rep->ndepts; i++)
		class_row(fp, rep->depts[i], 0);
	class_row(fp, &rep->all, 1);
	if (rep->nshown > 0)
		fputs("\nIn this table and below, " REPORT_SHOWN_NOTE ".\n", fp);

	fputs("\n### Mean score per role (ops / pm)\n\n| department | scope | "
	    "nature | cycle | metrics | skills |\n|---|--:|--:|--:|--:|--:|\n",
	    fp);
	for (size_t i = 0; i < rep->ndepts; i++)
		mean_row(fp, rep->depts[i], 0);
	mean_row(fp, &rep->all, 1);

	fprintf(fp, "\n### Rules that fire most (roles per rule, top %d)\n\n"
	    "| department | rules |\n|---|---|\n", REPORT_TOP_RULES);
	for (size_t i = 0; i < rep->ndepts; i++)
		rules_row(fp, rep, rep->depts[i], 0);
	rules_row(fp, rep, &rep->all, 1);

	fputs("\n### To review: mixed and title-mismatch roles\n\n", fp);
	if (rep->nreview == 0)
		fputs("None.\n", fp);
	else {
		if (fold)
			fprintf(fp, "<details><summary>%zu roles</summary>\n\n",
			    rep->nreview);
		fputs("| location | id | title | department | class | flags |\n"
		    "|---|---|---|---|---|---|\n", fp);
		struct rep_iter *it = rep_iter_new(rep);
		const struct rep_review *e;

		while ((e = rep_iter_next(it)) != NULL) {
			char cf[64];

			fputs("| ", fp);
			md(fp, e->file);
			fprintf(fp, ":%lu | ", e->line);
			md(fp, e->id);
			fputs(" | ", fp);
			md(fp, e->title);
			fputs(" | ", fp);
			md(fp, rep_review_dept(rep, e));
			fprintf(fp, " | %s | ", class_name(e->cls));
			if (e->flags & FLAG_TITLE_MISMATCH)
				fputs("title-mismatch", fp);
			if (e->conflicts) {
				conflicts_str(e->conflicts, cf, sizeof(cf));
				fprintf(fp, "%sconflicts: %s", e->flags ? "; " :
				    "", cf);
			}
			fputs(" |\n", fp);
		}
		rep_iter_free(it);
		if (fold)
			fputs("\n</details>\n", fp);
	}

	fputs("\n### Files\n\n", fp);
	for (size_t i = 0; i < rep->nfiles; i++) {
		const struct rep_file *f = &rep->files[i];

		fputs("- ", fp);
		md(fp, f->path);
		fprintf(fp, ": %lu row%s read = %lu classified + %lu "
		    "rejected%s\n", f->rows_read, f->rows_read == 1 ? "" : "s", f->classified, f->rejected,
		    f->failed ? " (**not read to the end**)" : "");
	}
	rep_thresholds_str(rep, th, sizeof(th));
	if (*th)
		fprintf(fp, "\nThresholds: %s.\n", th);
	rep_rules_str(rep, rs, sizeof(rs));
	if (*rs)
		fprintf(fp, "\nRules: %s.\n", rs);
	return ferror(fp) ? -1 : 0;
}

const struct report_format rep_markdown = {
	"markdown", "GitHub-flavoured Markdown (CI job summary)", md_write
};
