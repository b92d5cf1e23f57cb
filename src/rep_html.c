/*
 * rep_html.c — the report as one self-contained HTML page: no script,
 * no external font, style sheet, image or request of any kind (the CSP
 * meta forbids them all but inline style), so it can be mailed, archived
 * or opened offline.  It prints on A4 and reads in Chinese and English.
 *
 * Page (section ids are stable, for scripts that scrape the file):
 *   <header>            title; departments, roles, roles to review, and
 *                       rows read = classified + rejected
 *   #summary            table: department, roles, operations,
 *                       project-management, mixed, unclassified, mixed
 *                       share, title mismatch, conflicts; last row (all)
 *                       (a department of the input called "(all)" or "(no
 *                       department)" shows in double quotes everywhere,
 *                       with a note under this table)
 *   #heatmap            table department × dimension: mixed roles whose
 *                       dimension has both sides; the cell's shade is the
 *                       share of the department's mixed roles
 *   #departments        one <article class="dept"> per department, most
 *                       mixed first: an inline <svg> bar chart of roles by
 *                       class (labels and numbers), mean score per role by
 *                       dimension (ops / pm), the rules that fire most
 *   #review             table of mixed and title-mismatch roles: location
 *                       (file:line), id, title, department, class, flags
 *   #files              per file: rows read = classified + rejected
 * Exactly one <svg> per department; the heat map is a table.
 *
 * Every string from the input (department, id, title, file, rule id) is
 * HTML-escaped (& < > " ' and control characters), in text and in
 * attributes alike.  UI labels are English; the font stack lists common
 * CJK fonts so Chinese text renders on Linux, Windows and macOS.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "report.h"
#include "writer.h"

static const char *const class_color[CLASS_COUNT] = {
	"#2f6db5", "#d9822b", "#c0392b", "#9aa0a6"
};

/* Writes S with & < > " ' escaped and control characters as spaces. */
static void
html(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			fputc(c < 0x20 || c == 0x7f ? ' ' : c, fp);
		}
	}
}

static const char style[] =
"@page { size: A4; margin: 14mm 12mm; }\n"
"* { box-sizing: border-box; }\n"
"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
"body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", "
"\"Microsoft YaHei\", \"PingFang SC\", \"Hiragino Sans GB\", \"Noto Sans\", "
"\"Segoe UI\", \"Helvetica Neue\", Arial, sans-serif;\n"
"  color: #1f2328; background: #fff; margin: 0 auto; padding: 16px 24px;\n"
"  max-width: 1100px; font-size: 14px; line-height: 1.45; }\n"
"h1 { font-size: 22px; margin: 0 0 4px; }\n"
"h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 1px solid #d0d7de;"
" padding-bottom: 3px; break-after: avoid; page-break-after: avoid; }\n"
"h3 { font-size: 15px; margin: 0 0 4px; overflow-wrap: anywhere; }\n"
".lede { color: #57606a; margin: 0; }\n"
".note { color: #57606a; font-size: 12px; margin: 4px 0 8px; }\n"
"table { border-collapse: collapse; width: 100%; font-size: 12.5px; }\n"
"th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left;"
" vertical-align: top; overflow-wrap: break-word; }\n"
".name { display: inline-block; max-width: 22em; overflow-wrap: anywhere; }\n"
"th { background: #f6f8fa; }\n"
"td.n, th.n { text-align: right; font-variant-numeric: tabular-nums;"
" white-space: nowrap; }\n"
"tr { break-inside: avoid; page-break-inside: avoid; }\n"
"tr.all td { font-weight: bold; background: #f6f8fa; }\n"
"table.heat td.n { min-width: 64px; }\n"
".grid { display: grid; grid-template-columns: repeat(auto-fill,"
" minmax(320px, 1fr)); gap: 12px; }\n"
".dept { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px;"
" break-inside: avoid; page-break-inside: avoid; }\n"
".dept svg { display: block; width: 100%; height: auto; margin: 4px 0; }\n"
".dept table { font-size: 12px; }\n"
".meta { color: #57606a; font-size: 12px; margin: 0 0 4px; }\n"
".rules { font-size: 12px; margin: 6px 0 0; overflow-wrap: anywhere; }\n"
".legend span { display: inline-block; margin-right: 12px; font-size: 12px; }\n"
".sw { display: inline-block; width: 10px; height: 10px; margin-right: 4px;"
" vertical-align: middle; }\n"
"ul.files { padding-left: 20px; }\n"
"footer { color: #8c959f; font-size: 11px; margin-top: 24px; }\n"
"@media print { body { padding: 0; max-width: none; font-size: 11px; }\n"
"  .grid { grid-template-columns: 1fr 1fr; }\n"
"  section { break-inside: auto; } }\n";

static void
summary_row(FILE *fp, const struct rep_dept *d, int all)
{
	char cf[64];

	rep_conflicts_str(d, cf, sizeof(cf));
	fputs(all ? "<tr class=\"all\"><td><span class=\"name\">" :
	    "<tr><td><span class=\"name\">", fp);
	html(fp, rep_dept_label(d));
	fprintf(fp, "</span></td><td class=\"n\">%lu</td><td class=\"n\">%lu</td>"
	    "<td class=\"n\">%lu</td><td class=\"n\">%lu</td>"
	    "<td class=\"n\">%lu</td><td class=\"n\">%.1f%%</td>"
	    "<td class=\"n\">%lu</td><td>%s</td></tr>\n", d->roles,
	    d->by_class[CLASS_OPS], d->by_class[CLASS_PM],
	    d->by_class[CLASS_MIXED], d->by_class[CLASS_UNCLASSIFIED],
	    100 * rep_mixed_share(d), d->title_mismatch, *cf ? cf : "–");
}

static void
heat_row(FILE *fp, const struct rep_dept *d, int all)
{
	unsigned long mixed = d->by_class[CLASS_MIXED];

	fputs(all ? "<tr class=\"all\"><td><span class=\"name\">" :
	    "<tr><td><span class=\"name\">", fp);
	html(fp, rep_dept_label(d));
	fprintf(fp, "</span></td><td class=\"n\">%lu</td>", mixed);
	for (int k = 0; k < DIM_COUNT; k++) {
		unsigned long c = d->conflicts[k];
		double a = mixed ? (double)c / mixed : 0;

		if (c == 0) {
			fputs("<td class=\"n\">0</td>", fp);
			continue;
		}
		fprintf(fp, "<td class=\"n\" style=\"background: rgba(192, 57, "
		    "43, %.2f); color: %s\">%lu (%.0f%%)</td>", 0.12 + 0.78 * a,
		    a > 0.5 ? "#fff" : "#1f2328", c, 100 * a);
	}
	fputs("</tr>\n", fp);
}

/* The bar chart of D's roles by class: one bar per class, scaled to the
 * department's roles, with the class name and the count beside it. */
static void
chart(FILE *fp, const struct rep_dept *d)
{
	const int w = 384, label = 156, bar = 150, rowh = 26, top = 4;
	const int h = top * 2 + rowh * CLASS_COUNT;

	fprintf(fp, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "role=\"img\" aria-label=\"Roles by class in ", w, h, w, h);
	html(fp, rep_dept_label(d));
	fputs("\"><title>Roles by class in ", fp);
	html(fp, rep_dept_label(d));
	fputs("</title>\n", fp);
	for (int c = 0; c < CLASS_COUNT; c++) {
		unsigned long n = d->by_class[c];
		double share = d->roles ? (double)n / d->roles : 0;
		int y = top + c * rowh, bw = (int)(share * bar + 0.5);

		if (n > 0 && bw < 2)
			bw = 2;	/* a non-zero count stays visible */
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"12\" fill=\"#1f2328\">%s</text>\n", label - 6,
		    y + 17, class_name((enum ra_class)c));
		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" "
		    "fill=\"#eef1f4\"/>\n", label, y + 4, bar);
		if (bw > 0)
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"18\" fill=\"%s\"/>\n", label, y + 4, bw,
			    class_color[c]);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
		    "fill=\"#1f2328\">%lu (%.0f%%)</text>\n", label + bar + 8,
		    y + 17, n, 100 * share);
	}
	fputs("</svg>\n", fp);
}

static void
dept_card(FILE *fp, const struct report *rep, const struct rep_dept *d)
{
	struct rep_top top[REPORT_TOP_RULES];
	size_t n = rep_top_rules(rep, d, top, REPORT_TOP_RULES);

	fputs("<article class=\"dept\">\n<h3>", fp);
	html(fp, rep_dept_label(d));
	fprintf(fp, "</h3>\n<p class=\"meta\">%lu role%s · mixed share %.1f%% "
	    "· %lu title mismatch%s</p>\n", d->roles, d->roles == 1 ? "" : "s",
	    100 * rep_mixed_share(d), d->title_mismatch,
	    d->title_mismatch == 1 ? "" : "es");
	chart(fp, d);
	fputs("<table><tr><th>mean score</th>", fp);
	for (int k = 0; k < DIM_COUNT; k++)
		fprintf(fp, "<th class=\"n\">%s</th>", dim_name((enum ra_dim)k));
	fputs("</tr>\n", fp);
	for (int s = 0; s < SIDE_COUNT; s++) {
		fprintf(fp, "<tr><td>%s</td>", s == SIDE_OPS ? "operations" :
		    "project mgmt");
		for (int k = 0; k < DIM_COUNT; k++)
			fprintf(fp, "<td class=\"n\">%.2f</td>", rep_mean(d, k, s));
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n<p class=\"rules\"><b>Rules that fire most:</b> ", fp);
	if (n == 0)
		fputs("none", fp);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", fp);
		fputs("<code>", fp);
		html(fp, top[i].rule);
		fprintf(fp, "</code> ×%lu", top[i].count);
	}
	fputs("</p>\n</article>\n", fp);
}

static int
html_write(FILE *fp, const struct report *rep)
{
	unsigned long rd, cl, rj;
	char th[256], rs[128];

	rep_file_totals(rep, &rd, &cl, &rj);
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"roleaudit\">\n"
	    "<title>roleaudit report</title>\n<style>\n%s</style>\n</head>\n"
	    "<body>\n", style);

	fprintf(fp, "<header>\n<h1>Role audit: operations vs. project "
	    "management</h1>\n<p class=\"lede\">%zu department%s · %lu role%s · "
	    "%zu to review · %lu row%s read = %lu classified + %lu rejected</p>\n"
	    "</header>\n", rep->ndepts, rep->ndepts == 1 ? "" : "s",
	    rep->all.roles, rep->all.roles == 1 ? "" : "s", rep->nreview, rd,
	    rd == 1 ? "" : "s", cl, rj);

	fputs("<section id=\"summary\">\n<h2>Roles by department</h2>\n"
	    "<p class=\"note\">Most mixed first. <i>Conflicts</i>: dimensions "
	    "where mixed roles carry both sides, most often first.</p>\n"
	    "<table>\n<tr><th>department</th><th class=\"n\">roles</th>"
	    "<th class=\"n\">operations</th><th class=\"n\">project-management"
	    "</th><th class=\"n\">mixed</th><th class=\"n\">unclassified</th>"
	    "<th class=\"n\">mixed share</th><th class=\"n\">title mismatch</th>"
	    "<th>conflicts</th></tr>\n", fp);
	for (size_t i = 0; i < rep->ndepts; i++)
		summary_row(fp, rep->depts[i], 0);
	summary_row(fp, &rep->all, 1);
	fputs("</table>\n", fp);
	if (rep->nshown > 0)
		fputs("<p class=\"note\">In this table and below, "
		    REPORT_SHOWN_NOTE ".</p>\n", fp);
	fputs("</section>\n", fp);

	fputs("<section id=\"heatmap\">\n<h2>Conflicting dimensions in mixed "
	    "roles</h2>\n<p class=\"note\">Mixed roles whose duties carry both "
	    "operations and project-management evidence in that dimension; the "
	    "shade is the share of the department's mixed roles.</p>\n"
	    "<table class=\"heat\">\n<tr><th>department</th>"
	    "<th class=\"n\">mixed</th>", fp);
	for (int k = 0; k < DIM_COUNT; k++)
		fprintf(fp, "<th class=\"n\">%s</th>", dim_name((enum ra_dim)k));
	fputs("</tr>\n", fp);
	for (size_t i = 0; i < rep->ndepts; i++)
		heat_row(fp, rep->depts[i], 0);
	heat_row(fp, &rep->all, 1);
	fputs("</table>\n</section>\n", fp);

	fputs("<section id=\"departments\">\n<h2>Departments</h2>\n"
	    "<p class=\"legend\">", fp);
	for (int c = 0; c < CLASS_COUNT; c++)
		fprintf(fp, "<span><i class=\"sw\" style=\"background: %s\">"
		    "</i>%s</span>", class_color[c],
		    class_name((enum ra_class)c));
	fputs("</p>\n<div class=\"grid\">\n", fp);
	for (size_t i = 0; i < rep->ndepts; i++)
		dept_card(fp, rep, rep->depts[i]);
	fputs("</div>\n</section>\n", fp);

	fputs("<section id=\"review\">\n<h2>To review: mixed and "
	    "title-mismatch roles</h2>\n", fp);
	if (rep->nreview == 0)
		fputs("<p>None.</p>\n", fp);
	else {
		fputs("<table>\n<tr><th>location</th><th>id</th><th>title</th>"
		    "<th>department</th><th>class</th><th>flags</th></tr>\n", fp);
		struct rep_iter *it = rep_iter_new(rep);
		const struct rep_review *e;

		while ((e = rep_iter_next(it)) != NULL) {
			char cf[64];

			fputs("<tr><td><span class=\"name\">", fp);
			html(fp, e->file);
			fprintf(fp, ":%lu</span></td><td><span class=\"name\">",
			    e->line);
			html(fp, e->id);
			fputs("</span></td><td><span class=\"name\">", fp);
			html(fp, e->title);
			fputs("</span></td><td><span class=\"name\">", fp);
			html(fp, rep_review_dept(rep, e));
			fprintf(fp, "</span></td><td>%s</td><td>",
			    class_name(e->cls));
			if (e->flags & FLAG_TITLE_MISMATCH)
				fputs("title-mismatch", fp);
			if (e->conflicts) {
				conflicts_str(e->conflicts, cf, sizeof(cf));
				fprintf(fp, "%sconflicts: %s", e->flags ?
				    "<br>" : "", cf);
			}
			fputs("</td></tr>\n", fp);
		}
		rep_iter_free(it);
		fputs("</table>\n", fp);
	}
	fputs("</section>\n", fp);

	fputs("<section id=\"files\">\n<h2>Files</h2>\n<ul class=\"files\">\n",
	    fp);
	for (size_t i = 0; i < rep->nfiles; i++) {
		const struct rep_file *f = &rep->files[i];

		fputs("<li>", fp);
		html(fp, f->path);
		fprintf(fp, ": %lu row%s read = %lu classified + %lu rejected%s"
		    "</li>\n", f->rows_read, f->rows_read == 1 ? "" : "s", f->classified, f->rejected,
		    f->failed ? " <b>(not read to the end)</b>" : "");
	}
	fputs("</ul>\n", fp);
	rep_thresholds_str(rep, th, sizeof(th));
	if (*th)
		fprintf(fp, "<p class=\"thresholds\">Thresholds: %s.</p>\n", th);
	rep_rules_str(rep, rs, sizeof(rs));
	if (*rs)
		fprintf(fp, "<p class=\"ruleset\">Rules: %s.</p>\n", rs);
	fputs("</section>\n<footer>Made by roleaudit report."
	    "</footer>\n</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}

const struct report_format rep_html = {
	"html", "one self-contained HTML page with charts (prints on A4)",
	html_write
};
