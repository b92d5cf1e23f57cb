/*
 * rep_csv.c — the report as CSV: one row per department (most mixed
 * first), then one row "(all)" for the whole input.  RFC 4180, LF line
 * ends, UTF-8 without BOM.  The last column, kind, tells the rows the
 * report adds from the departments of the input: "department",
 * "no-department" (named "(no department)") or "all" (named "(all)"); a
 * department of the input keeps its name as it is, even "(all)".
 *
 * Columns (stable; new ones are only ever added at the end):
 *   department, roles, operations, project_management, mixed,
 *   unclassified, mixed_share, title_mismatch,
 *   mean_scope_ops, mean_scope_pm, mean_nature_ops, mean_nature_pm,
 *   mean_cycle_ops, mean_cycle_pm, mean_metrics_ops, mean_metrics_pm,
 *   mean_skills_ops, mean_skills_pm,
 *   conflicts_scope, conflicts_nature, conflicts_cycle, conflicts_metrics,
 *   conflicts_skills, top_conflicts, top_rules, kind
 * mixed_share is a fraction (0.25); means have up to four decimals;
 * conflicts_* count mixed roles with both sides in that dimension;
 * top_conflicts lists those dimensions most often first, ';'-separated;
 * top_rules the five rules that fired on most roles, "ID=count;...".
 * The review list and file accounting are not in this format (use json,
 * text, markdown or html).
 *
 * Spreadsheet safety (csvw.c), as in out_csv.c: a cell starting with = + - @ TAB
 * or CR (or full-width ＝ ＋ － ＠) is quoted and prefixed with a single
 * quote, so Excel or WPS never runs it as a formula.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "csvw.h"
#include "jsonw.h"
#include "report.h"
#include "strbuf.h"

/* Appends one cell, quoted when needed, neutralised when formula-like. */
static void
cell(struct strbuf *sb, const char *s, int first)
{
	csvw_cell(sb, s, strlen(s), first);
}

static void
num(struct strbuf *sb, double v)
{
	strbuf_addc(sb, ',');
	jsonw_num(sb, v);
}

static void
dept_row(struct strbuf *sb, const struct report *rep, const struct rep_dept *d)
{
	struct rep_top top[REPORT_TOP_RULES];
	struct strbuf rules = STRBUF_INIT;
	char cf[64], *p;
	size_t n;

	cell(sb, d->kind == REP_DEPT ? d->name : rep_dept_label(d), 1);
	strbuf_addf(sb, ",%lu,%lu,%lu,%lu,%lu", d->roles,
	    d->by_class[CLASS_OPS], d->by_class[CLASS_PM],
	    d->by_class[CLASS_MIXED], d->by_class[CLASS_UNCLASSIFIED]);
	num(sb, rep_mixed_share(d));
	strbuf_addf(sb, ",%lu", d->title_mismatch);
	for (int k = 0; k < DIM_COUNT; k++) {
		num(sb, rep_mean(d, k, SIDE_OPS));
		num(sb, rep_mean(d, k, SIDE_PM));
	}
	for (int k = 0; k < DIM_COUNT; k++)
		strbuf_addf(sb, ",%lu", d->conflicts[k]);
	rep_conflicts_str(d, cf, sizeof(cf));
	for (p = cf; *p; p++)
		if (*p == ',')
			*p = ';';
	cell(sb, cf, 0);
	n = rep_top_rules(rep, d, top, REPORT_TOP_RULES);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&rules, "%s%s=%lu", i ? ";" : "", top[i].rule,
		    top[i].count);
	cell(sb, strbuf_str(&rules), 0);
	cell(sb, rep_kind_name(d->kind), 0);
	strbuf_addc(sb, '\n');
	strbuf_free(&rules);
}

static int
csv_write(FILE *fp, const struct report *rep)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "department,roles,operations,project_management,mixed,"
	    "unclassified,mixed_share,title_mismatch");
	for (int k = 0; k < DIM_COUNT; k++)
		strbuf_addf(&sb, ",mean_%s_ops,mean_%s_pm",
		    dim_name((enum ra_dim)k), dim_name((enum ra_dim)k));
	for (int k = 0; k < DIM_COUNT; k++)
		strbuf_addf(&sb, ",conflicts_%s", dim_name((enum ra_dim)k));
	strbuf_adds(&sb, ",top_conflicts,top_rules,kind\n");
	for (size_t i = 0; i < rep->ndepts; i++) {
		dept_row(&sb, rep, rep->depts[i]);
		fwrite(sb.buf, 1, sb.len, fp);
		strbuf_reset(&sb);
	}
	dept_row(&sb, rep, &rep->all);
	fwrite(sb.buf, 1, sb.len, fp);
	strbuf_free(&sb);
	return ferror(fp) ? -1 : 0;
}

const struct report_format rep_csv = {
	"csv", "one CSV row per department and one for (all)", csv_write
};
