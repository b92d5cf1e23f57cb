/*
 * rep_json.c — the report as one JSON document: the complete state of
 * the summary, lossless, so that `report --merge` of the JSON of shards
 * gives exactly the report of one run over the whole input.  report.c
 * reads it back (report_merge_json); keep the two in step.
 *
 * Schema (version 1; keys are stable, new keys may be added):
 * {"format": "roleaudit-report", "version": 1,
 *  "thresholds": {"min_evidence": 2, "mixed_min": 2, "mixed_ratio": 0.4,
 *                 "mixed_duty": 1, "mismatch_min": 4},
 *  "thresholds_differ": true,        only in a merge of parts classified
 *                                    with other thresholds (the ones
 *                                    above are then the first part's)
 *  "rules": {"count": 57, "fingerprint": "0123456789abcdef"},
 *                                    the rules the roles were classified
 *                                    with: how many, and
 *                                    ruleset_fingerprint() in hex
 *  "rules_differ": true,             only in a merge of parts classified
 *                                    with other rules, or of one that
 *                                    did not say (the rules above are
 *                                    then the first part's that did)
 *  "totals": {"rows_read": N, "classified": N, "rejected": N,
 *             "departments": N, "review": N},
 *  "files": [{"file": "a.csv", "rows_read": N, "classified": N,
 *             "rejected": N, "failed": false}],
 *  "departments": [ DEPT, ... ],     sorted: mixed share desc, then name
 *  "all": DEPT,                      the whole input, "kind": "all",
 *                                    "name": "(all)"
 *  "review": [{"file": "a.csv", "line": 12, "id": "OPS-7", "title": "...",
 *              "department": "...", "no_department": true,  (only then)
 *              "class": "mixed",
 *              "flags": ["title-mismatch"], "conflicts": ["scope"]}]}
 * DEPT = {"name": "运营部", "kind": "department", "roles": N,
 *         "classes": {"operations": N, "project-management": N,
 *                     "mixed": N, "unclassified": N},
 *         "title_mismatch": N,
 *         "score_sums": {"scope": {"ops": 12.5, "pm": 3}, ... all five},
 *         "conflicts": {"scope": N, ... all five},
 *         "rule_hits": {"RULE-ID": N, ...},               by rule id
 *         "mixed_share": 0.3333,                          derived
 *         "mean_scores": {"scope": {"ops": 1.04, "pm": 0.25}, ...},  derived
 *         "top_conflicts": ["scope", "cycle"],             derived
 *         "top_rules": [{"rule": "RULE-ID", "count": N}]}  derived (top 5)
 * Roles without a department are in the DEPT of "kind": "no-department"
 * (named "(no department)"), and their review entries have
 * "no_department": true: the kind, not the name, tells the report's own
 * rows from a department of the input that is called "(all)" or "(no
 * department)" (whose "name" is written as it is).  A part of an older
 * roleaudit has neither key: --merge reads its "(no department)" as the
 * roles without a department.  "score_sums" are the sums of the roles'
 * dimension scores, each role's score rounded to 0.001; "conflicts" counts mixed roles whose dimension had both sides;
 * "rule_hits" counts roles a rule fired on (once per role), for every
 * rule that fired.  Derived keys are ignored by --merge and recomputed.
 * The review list holds mixed and title-mismatch roles, sorted by
 * department (in the order above), role id, file and line.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "jsonw.h"
#include "report.h"
#include "strbuf.h"

/* A sum in thousandths, written exactly ("12.5", "3", "0.125"). */
static void
milli(struct strbuf *sb, long long v)
{
	long long whole = v / REPORT_SCALE, frac = v % REPORT_SCALE;
	char buf[8];
	int n;

	if (v < 0) {		/* never: scores are not negative */
		strbuf_addc(sb, '-');
		whole = -whole;
		frac = -frac;
	}
	strbuf_addf(sb, "%lld", whole);
	if (frac == 0)
		return;
	n = snprintf(buf, sizeof(buf), "%03lld", frac);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	strbuf_addf(sb, ".%s", buf);
}

static void
dept_object(struct strbuf *sb, const struct report *rep,
    const struct rep_dept *d, const char *indent)
{
	struct rep_top top[REPORT_TOP_RULES];
	int order[DIM_COUNT];
	size_t n;

	strbuf_adds(sb, "{");
	jsonw_key(sb, "name", 1);
	jsonw_cstr(sb, d->kind == REP_DEPT ? d->name : rep_dept_label(d));
	jsonw_key(sb, "kind", 0);
	jsonw_cstr(sb, rep_kind_name(d->kind));
	jsonw_key(sb, "roles", 0);
	strbuf_addf(sb, "%lu", d->roles);
	jsonw_key(sb, "classes", 0);
	strbuf_addc(sb, '{');
	for (int c = 0; c < CLASS_COUNT; c++) {
		jsonw_key(sb, class_name((enum ra_class)c), c == 0);
		strbuf_addf(sb, "%lu", d->by_class[c]);
	}
	strbuf_addc(sb, '}');
	jsonw_key(sb, "title_mismatch", 0);
	strbuf_addf(sb, "%lu", d->title_mismatch);
	strbuf_addf(sb, ",\n%s ", indent);
	jsonw_key(sb, "score_sums", 1);
	strbuf_addc(sb, '{');
	for (int k = 0; k < DIM_COUNT; k++) {
		jsonw_key(sb, dim_name((enum ra_dim)k), k == 0);
		strbuf_adds(sb, "{\"ops\": ");
		milli(sb, d->score[k][SIDE_OPS]);
		strbuf_adds(sb, ", \"pm\": ");
		milli(sb, d->score[k][SIDE_PM]);
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, '}');
	strbuf_addf(sb, ",\n%s ", indent);
	jsonw_key(sb, "conflicts", 1);
	strbuf_addc(sb, '{');
	for (int k = 0; k < DIM_COUNT; k++) {
		jsonw_key(sb, dim_name((enum ra_dim)k), k == 0);
		strbuf_addf(sb, "%lu", d->conflicts[k]);
	}
	strbuf_addc(sb, '}');
	strbuf_addf(sb, ",\n%s ", indent);
	jsonw_key(sb, "rule_hits", 1);
	strbuf_addc(sb, '{');
	n = 0;
	for (size_t i = 0; i < rep->nrules; i++) {
		size_t r = rep->rule_order[i];
		unsigned long c = rep_rule_count(d, r);

		if (c == 0)
			continue;
		jsonw_key(sb, rep->rules[r], n++ == 0);
		strbuf_addf(sb, "%lu", c);
	}
	strbuf_addc(sb, '}');
	strbuf_addf(sb, ",\n%s ", indent);
	jsonw_key(sb, "mixed_share", 1);
	jsonw_num(sb, rep_mixed_share(d));
	jsonw_key(sb, "mean_scores", 0);
	strbuf_addc(sb, '{');
	for (int k = 0; k < DIM_COUNT; k++) {
		jsonw_key(sb, dim_name((enum ra_dim)k), k == 0);
		strbuf_adds(sb, "{\"ops\": ");
		jsonw_num(sb, rep_mean(d, k, SIDE_OPS));
		strbuf_adds(sb, ", \"pm\": ");
		jsonw_num(sb, rep_mean(d, k, SIDE_PM));
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, '}');
	strbuf_addf(sb, ",\n%s ", indent);
	jsonw_key(sb, "top_conflicts", 1);
	strbuf_addc(sb, '[');
	n = rep_top_conflicts(d, order);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		jsonw_cstr(sb, dim_name((enum ra_dim)order[i]));
	}
	strbuf_addc(sb, ']');
	jsonw_key(sb, "top_rules", 0);
	strbuf_addc(sb, '[');
	n = rep_top_rules(rep, d, top, REPORT_TOP_RULES);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(sb, i ? ", {" : "{");
		jsonw_key(sb, "rule", 1);
		jsonw_cstr(sb, top[i].rule);
		jsonw_key(sb, "count", 0);
		strbuf_addf(sb, "%lu}", top[i].count);
	}
	strbuf_adds(sb, "]}");
}

static void
review_object(struct strbuf *sb, const struct rep_review *e)
{
	int n = 0;

	strbuf_addc(sb, '{');
	jsonw_key(sb, "file", 1);
	jsonw_cstr(sb, e->file);
	jsonw_key(sb, "line", 0);
	strbuf_addf(sb, "%lu", e->line);
	jsonw_key(sb, "id", 0);
	jsonw_cstr(sb, e->id);
	jsonw_key(sb, "title", 0);
	jsonw_cstr(sb, e->title);
	jsonw_key(sb, "department", 0);
	jsonw_cstr(sb, *e->dept ? e->dept : REPORT_NO_DEPT);
	if (*e->dept == '\0') {
		jsonw_key(sb, "no_department", 0);
		strbuf_adds(sb, "true");
	}
	jsonw_key(sb, "class", 0);
	jsonw_cstr(sb, class_name(e->cls));
	jsonw_key(sb, "flags", 0);
	strbuf_addc(sb, '[');
	if (e->flags & FLAG_TITLE_MISMATCH)
		jsonw_cstr(sb, "title-mismatch");
	strbuf_addc(sb, ']');
	jsonw_key(sb, "conflicts", 0);
	strbuf_addc(sb, '[');
	for (int k = 0; k < DIM_COUNT; k++)
		if (e->conflicts & (1u << k)) {
			if (n++)
				strbuf_adds(sb, ", ");
			jsonw_cstr(sb, dim_name((enum ra_dim)k));
		}
	strbuf_adds(sb, "]}");
}

static int
json_write(FILE *fp, const struct report *rep)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long rd, cl, rj;

	rep_file_totals(rep, &rd, &cl, &rj);
	strbuf_adds(&sb, "{\"format\": \"roleaudit-report\", \"version\": 1,\n");
	jsonw_key(&sb, "thresholds", 1);
	strbuf_adds(&sb, "{\"min_evidence\": ");
	jsonw_num(&sb, rep->th.min_evidence);
	strbuf_adds(&sb, ", \"mixed_min\": ");
	jsonw_num(&sb, rep->th.mixed_min);
	strbuf_adds(&sb, ", \"mixed_ratio\": ");
	jsonw_num(&sb, rep->th.mixed_ratio);
	strbuf_adds(&sb, ", \"mixed_duty\": ");
	jsonw_num(&sb, rep->th.mixed_duty);
	strbuf_adds(&sb, ", \"mismatch_min\": ");
	jsonw_num(&sb, rep->th.mismatch_min);
	strbuf_adds(&sb, "},\n");
	/* A merge of parts classified differently: the thresholds above
	 * are the first part's, and a later merge must know. */
	if (rep->th_differ)
		strbuf_adds(&sb, "\"thresholds_differ\": true,\n");
	if (rep->have_rs)
		strbuf_addf(&sb, "\"rules\": {\"count\": %lu, \"fingerprint\": "
		    "\"%s\"},\n", rep->rs_count, rep->rs_fp);
	/* The same for rules: those above are the first part's that said. */
	if (rep->rs_differ)
		strbuf_adds(&sb, "\"rules_differ\": true,\n");
	jsonw_key(&sb, "totals", 1);
	strbuf_addf(&sb, "{\"rows_read\": %lu, \"classified\": %lu, "
	    "\"rejected\": %lu, \"departments\": %zu, \"review\": %zu},\n",
	    rd, cl, rj, rep->ndepts, rep->nreview);
	jsonw_key(&sb, "files", 1);
	strbuf_addc(&sb, '[');
	for (size_t i = 0; i < rep->nfiles; i++) {
		const struct rep_file *f = &rep->files[i];

		strbuf_adds(&sb, i ? ",\n  {" : "\n  {");
		jsonw_key(&sb, "file", 1);
		jsonw_cstr(&sb, f->path);
		strbuf_addf(&sb, ", \"rows_read\": %lu, \"classified\": %lu, "
		    "\"rejected\": %lu, \"failed\": %s}", f->rows_read,
		    f->classified, f->rejected, f->failed ? "true" : "false");
	}
	strbuf_adds(&sb, "],\n");
	jsonw_key(&sb, "departments", 1);
	strbuf_addc(&sb, '[');
	for (size_t i = 0; i < rep->ndepts; i++) {
		strbuf_adds(&sb, i ? ",\n  " : "\n  ");
		dept_object(&sb, rep, rep->depts[i], "  ");
		fwrite(sb.buf, 1, sb.len, fp);
		strbuf_reset(&sb);
	}
	strbuf_adds(&sb, "],\n");
	jsonw_key(&sb, "all", 1);
	dept_object(&sb, rep, &rep->all, "");
	strbuf_adds(&sb, ",\n");
	jsonw_key(&sb, "review", 1);
	strbuf_addc(&sb, '[');
	{
		struct rep_iter *it = rep_iter_new(rep);
		const struct rep_review *e;

		for (size_t i = 0; (e = rep_iter_next(it)) != NULL; i++) {
			strbuf_adds(&sb, i ? ",\n  " : "\n  ");
			review_object(&sb, e);
			fwrite(sb.buf, 1, sb.len, fp);
			strbuf_reset(&sb);
		}
		rep_iter_free(it);
	}
	strbuf_adds(&sb, "]}\n");
	fwrite(sb.buf, 1, sb.len, fp);
	strbuf_free(&sb);
	return ferror(fp) ? -1 : 0;
}

const struct report_format rep_json = {
	"json", "the complete summary as JSON (lossless; input of --merge)",
	json_write
};
