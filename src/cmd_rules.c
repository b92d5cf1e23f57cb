/*
 * cmd_rules.c — `roleaudit rules list|test|lint`: show the rules, run
 * every rule's examples and counters through the real matcher, or check
 * the rule files and warn about weak rules.  Neighbours: rules.c loads
 * and lints, matcher.c matches; main.c turns the return into the exit
 * status (0 ok, 1 a rule test failed, 2 usage or bad rules).
 *
 * Output of `rules list --format json` (read by scripts such as the
 * benchmark baseline; keys are only ever added):
 *   [ { "id": str, "dimension": str, "side": "ops"|"pm", "weight": num,
 *       "lang": "zh"|"en"|"any", "ucp": bool, "source": str|null,
 *       "patterns": [str...], "unless": [str...], "file": str,
 *       "line": num }, ... ]
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "matcher.h"
#include "rules.h"

static void
json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

static void
json_pats(FILE *fp, struct rule_pat *const *pats, size_t n)
{
	fputc('[', fp);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputs(", ", fp);
		json_str(fp, pats[i]->text);
	}
	fputc(']', fp);
}

static void
list_json(const struct ruleset *rs)
{
	if (rs->nrules == 0) {
		fputs("[]\n", stdout);
		return;
	}
	fputs("[\n", stdout);
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		fputs("  {\"id\": ", stdout);
		json_str(stdout, r->id);
		printf(", \"dimension\": \"%s\", \"side\": \"%s\", "
		    "\"weight\": %g, \"lang\": ", dim_name(r->dim),
		    side_name(r->side), r->weight);
		json_str(stdout, r->lang);
		printf(", \"ucp\": %s, \"source\": ", r->ucp ? "true" : "false");
		if (r->source != NULL)
			json_str(stdout, r->source);
		else
			fputs("null", stdout);
		fputs(", \"patterns\": ", stdout);
		json_pats(stdout, r->pats, r->npats);
		fputs(", \"unless\": ", stdout);
		json_pats(stdout, r->unless, r->nunless);
		fputs(", \"file\": ", stdout);
		json_str(stdout, r->file);
		printf(", \"line\": %lu}%s\n", r->line,
		    i + 1 < rs->nrules ? "," : "");
	}
	fputs("]\n", stdout);
}

/*
 * The rules per dimension, side and language of the text score (a rule
 * of lang "any" counts for both), and the cells no rule covers: the
 * article sets the two roles apart along five dimensions, and a rule
 * set should speak to each in each language it reads.
 */
static void
coverage(const struct ruleset *rs)
{
	static const char *const langs[2] = { "zh", "en" };
	size_t n[DIM_COUNT][SIDE_COUNT][2], missing = 0;

	memset(n, 0, sizeof(n));
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		if (r->dim >= DIM_COUNT)
			continue;
		for (int l = 0; l < 2; l++)
			if (strcmp(r->lang, langs[l]) == 0 ||
			    strcmp(r->lang, "any") == 0)
				n[r->dim][r->side][l]++;
	}
	printf("\nRules per dimension, side and language (title rules "
	    "apart):\n%-9s  %6s  %6s  %6s  %6s\n", "", "ops zh", "ops en",
	    "pm zh", "pm en");
	for (int d = 0; d < DIM_COUNT; d++) {
		printf("%-9s", dim_name((enum ra_dim)d));
		for (int sd = 0; sd < SIDE_COUNT; sd++)
			for (int l = 0; l < 2; l++) {
				printf("  %6zu", n[d][sd][l]);
				missing += n[d][sd][l] == 0;
			}
		putchar('\n');
	}
	if (missing == 0) {
		printf("All %d cells covered.\n", DIM_COUNT * SIDE_COUNT * 2);
		return;
	}
	printf("Not covered (%zu of %d):", missing, DIM_COUNT * SIDE_COUNT * 2);
	for (int d = 0; d < DIM_COUNT; d++)
		for (int sd = 0; sd < SIDE_COUNT; sd++)
			for (int l = 0; l < 2; l++)
				if (n[d][sd][l] == 0)
					printf(" %s/%s/%s", dim_name((enum ra_dim)d),
					    side_name((enum ra_side)sd), langs[l]);
	putchar('\n');
}

static void
list_text(const struct ruleset *rs)
{
	int wid = 2, wdim = 9, wside = 4, wweight = 6;
	char w[32];

	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];
		int n;

		if ((n = (int)strlen(r->id)) > wid)
			wid = n;
		if ((n = snprintf(w, sizeof(w), "%g", r->weight)) > wweight)
			wweight = n;
	}
	printf("%-*s  %-*s  %-*s  %*s  %s\n", wid, "ID", wdim, "DIMENSION",
	    wside, "SIDE", wweight, "WEIGHT", "LANG");
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		snprintf(w, sizeof(w), "%g", r->weight);
		printf("%-*s  %-*s  %-*s  %*s  %s\n", wid, r->id, wdim,
		    dim_name(r->dim), wside, side_name(r->side), wweight, w,
		    r->lang);
	}
	coverage(rs);
}

/* Runs every example and counter; prints each failure; returns the
 * number of failures. */
static unsigned long
test_rules(const struct ruleset *rs, const struct matcher_limits *lim)
{
	struct matcher *m = matcher_new(rs, lim);
	unsigned long nex = 0, nco = 0, nfail = 0;

	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];
		const char *why;
		int rc;

		for (size_t j = 0; j < r->nexamples; j++, nex++) {
			const char *t = r->examples[j];

			rc = matcher_rule_find(m, r, t, strlen(t), NULL, &why);
			if (rc == 1)
				continue;
			nfail++;
			if (rc == 0)
				printf("%s:%lu: rule %s: example did not match: "
				    "%s\n", r->file, r->example_lines[j], r->id,
				    t);
			else
				printf("%s:%lu: rule %s: example not evaluated "
				    "(%s): %s\n", r->file, r->example_lines[j],
				    r->id, why, t);
		}
		for (size_t j = 0; j < r->ncounters; j++, nco++) {
			const char *t = r->counters[j];

			rc = matcher_rule_find(m, r, t, strlen(t), NULL, &why);
			if (rc == 0)
				continue;
			nfail++;
			if (rc == 1)
				printf("%s:%lu: rule %s: counter matched: %s\n",
				    r->file, r->counter_lines[j], r->id, t);
			else
				printf("%s:%lu: rule %s: counter not evaluated "
				    "(%s): %s\n", r->file, r->counter_lines[j],
				    r->id, why, t);
		}
	}
	printf("%zu rule%s, %lu example%s, %lu counter%s: %lu failed\n",
	    rs->nrules, rs->nrules == 1 ? "" : "s", nex, nex == 1 ? "" : "s",
	    nco, nco == 1 ? "" : "s", nfail);
	matcher_free(m);
	return nfail;
}

int
cmd_rules(const struct options *o)
{
	struct ruleset *rs;
	int nerr, rc = 0;

	if (strcmp(o->subcmd, "list") == 0 && o->format != NULL &&
	    strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0) {
		diag(DIAG_ERROR, NULL, 0, 0, "rules list: unknown format '%s': "
		    "use text or json", o->format);
		return 2;
	}
	rs = ruleset_load_all(o->rules_paths, o->nrules_paths, o->disabled,
	    o->ndisabled, &nerr);
	if (nerr > 0) {
		ruleset_free(rs);
		return 2;
	}
	/* What audit would refuse is not "OK" (an empty file, or a
	 * folder whose rules are all disabled). */
	if (rs->nrules == 0 && strcmp(o->subcmd, "list") != 0) {
		diag(DIAG_ERROR, NULL, 0, 0, "no rules loaded: a rules file "
		    "holds [rule] blocks (see roleaudit-rules(5)); audit "
		    "would refuse this set");
		ruleset_free(rs);
		return 2;
	}
	if (strcmp(o->subcmd, "list") == 0) {
		if (o->format != NULL && strcmp(o->format, "json") == 0)
			list_json(rs);
		else
			list_text(rs);
	} else if (strcmp(o->subcmd, "test") == 0) {
		rc = test_rules(rs, &o->limits) > 0 ? 1 : 0;
	} else {
		int nwarn = ruleset_lint(rs);

		if (nwarn > 0)
			printf("%zu rule%s OK (%d warning%s)\n", rs->nrules,
			    rs->nrules == 1 ? "" : "s",
			    nwarn, nwarn == 1 ? "" : "s");
		else
			printf("%zu rule%s OK\n", rs->nrules,
			    rs->nrules == 1 ? "" : "s");
	}
	ruleset_free(rs);
	return rc;
}
