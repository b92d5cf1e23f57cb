/*
 * chk_text.c — `check --format text` (the default), and the registry of
 * check formats with the helpers they share.
 *
 * Schema: one line per finding, in input order (mixed-share last):
 *   FILE:LINE: KIND: ID TITLE — MESSAGE
 *   FILE:LINE: KIND: ID TITLE — MESSAGE (accepted: baseline)
 *   FILE:LINE: KIND: ID TITLE — MESSAGE (accepted: roleaudit-ignore)
 * KIND is mixed, title-mismatch, unclassified, not-evaluated or
 * mixed-share (whose ID is the department, or "(all)").  A finding
 * without a location starts with "roleaudit:".  Then the summary:
 *   check: N roles in M files (R rows read = C classified + J rejected)
 *   check: F findings: X new, Y accepted by the baseline, Z ignored
 *   check: FAILED: X new findings | check: passed | check: incomplete: ...
 *   | check: error: ... (a run error, such as a baseline it could not write)
 * Editors and CI logs jump to FILE:LINE.  Neighbours: chk.h, policy.h.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk.h"
#include "strbuf.h"
#include "xalloc.h"

static const struct chk_ops *const chk_all[] = {
	&chk_text, &chk_github, &chk_sarif, &chk_junit, NULL
};

const struct chk_ops *
chk_find(const char *id)
{
	for (size_t i = 0; chk_all[i] != NULL; i++)
		if (strcmp(chk_all[i]->id, id) == 0)
			return chk_all[i];
	return NULL;
}

const char *
chk_list(void)
{
	return "text, github, sarif, junit";
}

const char *
finding_state_name(enum finding_state s)
{
	return s == FS_NEW ? "new" : s == FS_IGNORED ? "ignored" : "baseline";
}

void
chk_role_label(struct strbuf *sb, const struct finding *f)
{
	/* Input text: no control character reaches a terminal or CI log. */
	strbuf_add_printable(sb, f->id, strlen(f->id));
	if (f->title != NULL && *f->title != '\0') {
		strbuf_addc(sb, ' ');
		strbuf_add_printable(sb, f->title, strlen(f->title));
	}
}

void
chk_totals_line(struct strbuf *sb, const struct chk_run *run)
{
	const struct totals *t = run->t;

	strbuf_addf(sb, "%lu role%s in %zu file%s (%lu row%s read = %lu "
	    "classified + %lu rejected)", t->classified,
	    t->classified == 1 ? "" : "s", t->nfiles, t->nfiles == 1 ? "" : "s",
	    t->rows_read, t->rows_read == 1 ? "" : "s", t->classified, t->rejected);
}

struct text_state {
	FILE			*fp;
	struct chk_opts		 o;
};

static void *
text_begin(FILE *fp, const struct chk_opts *o)
{
	struct text_state *st = xcalloc(1, sizeof(*st));

	st->fp = fp;
	st->o = *o;
	return st;
}

static int
text_end(void *vst, const struct chk_run *run)
{
	struct text_state *st = vst;
	const struct policy *p = run->p;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	for (size_t i = 0; i < p->nfindings; i++) {
		const struct finding *f = &p->findings[i];

		strbuf_reset(&sb);
		if (f->path != NULL) {
			strbuf_adds(&sb, f->path);
			if (f->line)
				strbuf_addf(&sb, ":%lu", f->line);
		} else
			strbuf_adds(&sb, "roleaudit");
		strbuf_addf(&sb, ": %s: ", finding_kind_name(f->kind));
		chk_role_label(&sb, f);
		strbuf_adds(&sb, " \xe2\x80\x94 ");	/* em dash */
		strbuf_adds(&sb, f->message);
		if (f->state == FS_BASELINE)
			strbuf_adds(&sb, " (accepted: baseline)");
		else if (f->state == FS_IGNORED)
			strbuf_addf(&sb, " (accepted: %s)", st->o.ignore_col ?
			    st->o.ignore_col : "roleaudit-ignore");
		strbuf_addc(&sb, '\n');
		fwrite(sb.buf, 1, sb.len, st->fp);
	}
	strbuf_reset(&sb);
	strbuf_adds(&sb, "check: ");
	chk_totals_line(&sb, run);
	strbuf_addf(&sb, "\ncheck: %zu finding%s: %lu new, %lu accepted by the "
	    "baseline, %lu ignored", p->nfindings,
	    p->nfindings == 1 ? "" : "s", p->breaches,
	    p->by_state[FS_BASELINE], p->by_state[FS_IGNORED]);
	if (run->stale > 0)
		strbuf_addf(&sb, "; %zu baseline entr%s no longer occur%s",
		    run->stale, run->stale == 1 ? "y" : "ies",
		    run->stale == 1 ? "s" : "");
	strbuf_addc(&sb, '\n');
	if (run->failed)
		strbuf_adds(&sb, "check: incomplete: some input could not be "
		    "checked (see the messages above)\n");
	else if (run->nerrors > 0) {
		strbuf_adds(&sb, "check: error: the run did not finish "
		    "cleanly (see the messages above)");
		if (p->breaches)
			strbuf_addf(&sb, "; %lu new finding%s", p->breaches,
			    p->breaches == 1 ? "" : "s");
		strbuf_addc(&sb, '\n');
	}
	else if (p->breaches)
		strbuf_addf(&sb, "check: FAILED: %lu new finding%s\n",
		    p->breaches, p->breaches == 1 ? "" : "s");
	else
		strbuf_adds(&sb, "check: passed\n");
	fwrite(sb.buf, 1, sb.len, st->fp);
	strbuf_free(&sb);
	rc = ferror(st->fp) ? -1 : 0;
	free(st);
	return rc;
}

const struct chk_ops chk_text = { "text", text_begin, NULL, text_end, NULL };
