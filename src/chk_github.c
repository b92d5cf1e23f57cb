/*
 * chk_github.c — `check --format github`: GitHub Actions workflow
 * commands on standard output, and a Markdown summary for the job page.
 *
 * Standard output:
 *   ::error file=FILE,line=LINE,title=roleaudit KIND: ID::TITLE — MESSAGE
 * one per new finding, worst first (policy_order_worst), at most
 * --max-annotations (default 10: GitHub shows about ten annotations
 * per step and drops the rest); then, when some were left out,
 *   ::notice::N more new findings are not annotated; see the job summary
 * and last a plain summary line:
 *   roleaudit check: FAILED: X new findings; N roles in M files (...); ...
 * Before them, as they happen, the input's errors and warnings (a
 * rejected row, a missing column; diag.h's hook) are annotated too:
 *   ::error file=FILE,line=LINE,col=COL,title=roleaudit input error::MSG
 * within the same limit, which the findings share.  The input's
 * problems are no findings: stdout and the exit status say "incomplete".
 * An error of the run itself (a --write-baseline file it could not
 * write: exit 2) is annotated first, as a run that could not start
 * annotates its errors:
 *   ::error file=FILE,title=roleaudit error::MSG
 * Escaping follows GitHub's toolkit (core/src/command.ts): in the
 * message % CR LF become %25 %0D %0A; in properties also : and , become
 * %3A and %2C.  Findings accepted by the baseline or the suppression
 * column are not annotated.
 * A run that could not start (a config, a baseline or rules it cannot
 * use) prints each error as
 *   ::error file=FILE,line=LINE,title=roleaudit error::MESSAGE
 * (without file or line when it has none), within --max-annotations,
 * then "roleaudit check: error: the check could not run; ...", and the
 * job summary lists the errors.
 *
 * When $GITHUB_STEP_SUMMARY names a file, a Markdown section is appended
 * to it: a heading with the verdict, the totals (findings by state and
 * the baseline entries no longer found, as on the summary line), a
 * table of every
 * finding (state, file, line, role, title, kind, details) and one of
 * the first SUMMARY_PROBLEMS input problems.  Cells have
 * | escaped and & < > as entities, so data cannot inject HTML.
 * Neighbours: chk.h, policy.h.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk.h"
#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

#define DEFAULT_ANNOTATIONS	10

/* Input problems listed in the job summary, at most. */
#define SUMMARY_PROBLEMS	100

struct gh_state {
	FILE		*fp;
	struct chk_opts	 o;
	size_t		 max;		/* error annotations in all */
	size_t		 shown;		/* annotations written */
	unsigned long	 problems;	/* errors and warnings seen */
	unsigned long	 problems_left;	/* of them, not annotated */
	struct strbuf	 summary;	/* Markdown rows of the first ones */
};

/* Workflow-command escaping; PROP adds the property-value rules. */
static void
gh_escape(struct strbuf *sb, const char *s, int prop)
{
	for (; *s; s++)
		switch (*s) {
		case '%': strbuf_adds(sb, "%25"); break;
		case '\r': strbuf_adds(sb, "%0D"); break;
		case '\n': strbuf_adds(sb, "%0A"); break;
		case ':':
			if (prop)
				strbuf_adds(sb, "%3A");
			else
				strbuf_addc(sb, ':');
			break;
		case ',':
			if (prop)
				strbuf_adds(sb, "%2C");
			else
				strbuf_addc(sb, ',');
			break;
		default:
			/* Other control characters (an escape sequence in
			 * the input, C1 U+0080..U+009F too) must not restyle
			 * the job log. */
			if ((unsigned char)*s == 0xc2 &&
			    (unsigned char)s[1] >= 0x80 &&
			    (unsigned char)s[1] <= 0x9f) {
				strbuf_addc(sb, ' ');
				s++;
			} else
				strbuf_addc(sb, (unsigned char)*s < 0x20 ||
				    *s == '\177' ? ' ' : *s);
			break;
		}
}

static void
md_cell(struct strbuf *sb, const char *raw)
{
	struct strbuf clean = STRBUF_INIT;
	const char *s;

	/* Control characters (C0, DEL, C1) become spaces first. */
	strbuf_add_printable(&clean, raw ? raw : "", raw ? strlen(raw) : 0);
	s = strbuf_str(&clean);
	strbuf_adds(sb, " ");
	for (; *s; s++)
		switch (*s) {
		case '|': strbuf_adds(sb, "\\|"); break;
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		default: strbuf_addc(sb, *s); break;
		}
	strbuf_adds(sb, " |");
	strbuf_free(&clean);
}

/*
 * The diag hook: an error or warning about the input (a rejected row, a
 * missing column, an unreadable file) becomes an annotation at once, on
 * its file and line when it has them, within the same budget as the
 * findings; the first SUMMARY_PROBLEMS go to the job summary too.
 */
static void
gh_diag(void *ctx, enum diag_level lvl, const char *path, unsigned long line,
    unsigned long col, const char *msg)
{
	struct gh_state *st = ctx;
	struct strbuf sb = STRBUF_INIT;
	char num[32];

	/* The file as findings name it: a config's files are opened by
	 * their full path but shown relative to the repository. */
	for (size_t i = 0; path != NULL && i < st->o.nfiles; i++)
		if (strcmp(path, st->o.open[i]) == 0) {
			path = st->o.show[i];
			break;
		}
	if (st->problems++ < SUMMARY_PROBLEMS) {
		strbuf_addc(&st->summary, '|');
		md_cell(&st->summary, lvl == DIAG_ERROR ? "error" : "warning");
		md_cell(&st->summary, path ? path : "");
		snprintf(num, sizeof(num), "%lu", line);
		md_cell(&st->summary, line ? num : "");
		md_cell(&st->summary, msg);
		strbuf_addc(&st->summary, '\n');
	}
	if (st->shown >= st->max) {
		st->problems_left++;
		return;
	}
	st->shown++;
	strbuf_adds(&sb, lvl == DIAG_ERROR ? "::error " : "::warning ");
	if (path != NULL) {
		strbuf_adds(&sb, "file=");
		gh_escape(&sb, path, 1);
		if (line) {
			strbuf_addf(&sb, ",line=%lu", line);
			if (col)
				strbuf_addf(&sb, ",col=%lu", col);
		}
		strbuf_addc(&sb, ',');
	}
	strbuf_adds(&sb, lvl == DIAG_ERROR ? "title=roleaudit input error::" :
	    "title=roleaudit input warning::");
	gh_escape(&sb, msg, 0);
	strbuf_addc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, st->fp);
	fflush(st->fp);
	strbuf_free(&sb);
}

static void *
gh_begin(FILE *fp, const struct chk_opts *o)
{
	struct gh_state *st = xcalloc(1, sizeof(*st));

	st->fp = fp;
	st->o = *o;
	st->max = o->max_annotations < 0 ? DEFAULT_ANNOTATIONS :
	    (size_t)o->max_annotations;
	strbuf_init(&st->summary);
	diag_set_hook(gh_diag, st);
	return st;
}

static void
verdict(struct strbuf *sb, const struct chk_run *run)
{
	if (run->failed)
		strbuf_adds(sb, "incomplete: some input could not be checked");
	else if (run->nerrors > 0) {
		strbuf_adds(sb, "error: the run did not finish cleanly");
		if (run->p->breaches)
			strbuf_addf(sb, ", %lu new finding%s", run->p->breaches,
			    run->p->breaches == 1 ? "" : "s");
	}
	else if (run->p->breaches)
		strbuf_addf(sb, "FAILED: %lu new finding%s", run->p->breaches,
		    run->p->breaches == 1 ? "" : "s");
	else
		strbuf_adds(sb, "passed");
}

/* Appends SB to the job summary PATH; a failure is only a warning: the
 * annotations still went out. */
static void
append_summary(const char *path, const struct strbuf *sb)
{
	FILE *fp;

	if ((fp = fopen(path, "a")) == NULL) {
		diag(DIAG_WARNING, path, 0, 0, "cannot append the job "
		    "summary: %s", strerror(errno));
		return;
	}
	fwrite(sb->buf, 1, sb->len, fp);
	if (ferror(fp) | fclose(fp))
		diag(DIAG_WARNING, path, 0, 0, "cannot write the job "
		    "summary: %s", strerror(errno));
}

/* The job summary of a run that could not start: its errors. */
static void
fail_summary(const char *path, const struct chk_error *e, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char num[32];

	strbuf_adds(&sb, "## roleaudit check: error: the check could not "
	    "run\n\n");
	if (n > 0)
		strbuf_adds(&sb, "| File | Line | Message |\n|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%lu", e[i].line);
		strbuf_addc(&sb, '|');
		md_cell(&sb, e[i].path ? e[i].path : "");
		md_cell(&sb, e[i].line ? num : "");
		md_cell(&sb, e[i].msg);
		strbuf_addc(&sb, '\n');
	}
	strbuf_addc(&sb, '\n');
	append_summary(path, &sb);
	strbuf_free(&sb);
}

/* "; N baseline entries no longer occur", when some do not. */
static void
stale_count(struct strbuf *sb, size_t stale)
{
	if (stale > 0)
		strbuf_addf(sb, "; %zu baseline entr%s no longer occur%s",
		    stale, stale == 1 ? "y" : "ies", stale == 1 ? "s" : "");
}

static int
write_summary(struct gh_state *st, const struct chk_run *run)
{
	const struct policy *p = run->p;
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "## roleaudit check: ");
	verdict(&sb, run);
	strbuf_adds(&sb, "\n\n");
	chk_totals_line(&sb, run);
	strbuf_addf(&sb, ".  \n%zu finding%s: %lu new, %lu accepted by the "
	    "baseline, %lu ignored", p->nfindings,
	    p->nfindings == 1 ? "" : "s", p->breaches,
	    p->by_state[FS_BASELINE], p->by_state[FS_IGNORED]);
	stale_count(&sb, run->stale);
	strbuf_adds(&sb, ".\n\n");
	if (p->nfindings) {
		strbuf_adds(&sb, "| State | File | Line | Role | Title | "
		    "Finding | Details |\n|---|---|---|---|---|---|---|\n");
		for (size_t i = 0; i < p->nfindings; i++) {
			const struct finding *f = &p->findings[i];
			char line[32];

			snprintf(line, sizeof(line), "%lu", f->line);
			strbuf_addc(&sb, '|');
			md_cell(&sb, f->state == FS_NEW ? "**new**" :
			    finding_state_name(f->state));
			md_cell(&sb, f->path ? f->path : "");
			md_cell(&sb, f->line ? line : "");
			md_cell(&sb, f->id);
			md_cell(&sb, f->title);
			md_cell(&sb, finding_kind_name(f->kind));
			md_cell(&sb, f->message);
			strbuf_addc(&sb, '\n');
		}
		strbuf_addc(&sb, '\n');
	}
	if (st->problems > 0) {
		strbuf_addf(&sb, "Input problems (%lu):\n\n| Level | File | "
		    "Line | Message |\n|---|---|---|---|\n", st->problems);
		strbuf_add(&sb, st->summary.buf, st->summary.len);
		if (st->problems > SUMMARY_PROBLEMS)
			strbuf_addf(&sb, "\n%lu more in the job log.\n",
			    st->problems - SUMMARY_PROBLEMS);
		strbuf_addc(&sb, '\n');
	}
	append_summary(st->o.step_summary, &sb);
	strbuf_free(&sb);
	return 0;
}

/* An error of check itself, on its file and line when it has them. */
static void
error_annotation(struct strbuf *sb, const struct chk_error *e)
{
	strbuf_adds(sb, "::error ");
	if (e->path != NULL) {
		strbuf_adds(sb, "file=");
		gh_escape(sb, e->path, 1);
		if (e->line)
			strbuf_addf(sb, ",line=%lu", e->line);
		strbuf_addc(sb, ',');
	}
	strbuf_adds(sb, "title=roleaudit error::");
	gh_escape(sb, e->msg, 0);
	strbuf_addc(sb, '\n');
}

static int
gh_end(void *vst, const struct chk_run *run)
{
	struct gh_state *st = vst;
	const struct policy *p = run->p;
	size_t *order = policy_order_worst(p);
	size_t max = st->max, shown = st->shown, fshown = 0;
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	int rc;

	diag_set_hook(NULL, NULL);

	/* Why the run exits 2 though its findings are all there. */
	for (size_t i = 0; i < run->nerrors && shown < max; i++, shown++) {
		error_annotation(&sb, &run->errors[i]);
		fwrite(sb.buf, 1, sb.len, st->fp);
		strbuf_reset(&sb);
	}
	for (size_t i = 0; i < p->nfindings; i++) {
		const struct finding *f = &p->findings[order[i]];

		if (f->state != FS_NEW || shown >= max)
			continue;
		shown++;
		fshown++;
		strbuf_reset(&sb);
		strbuf_adds(&sb, "::error ");
		if (f->path != NULL) {
			strbuf_adds(&sb, "file=");
			gh_escape(&sb, f->path, 1);
			if (f->line)
				strbuf_addf(&sb, ",line=%lu", f->line);
			strbuf_addc(&sb, ',');
		}
		strbuf_reset(&tmp);
		strbuf_addf(&tmp, "roleaudit %s: %s", finding_kind_name(f->kind),
		    f->id);
		strbuf_adds(&sb, "title=");
		gh_escape(&sb, strbuf_str(&tmp), 1);
		strbuf_adds(&sb, "::");
		strbuf_reset(&tmp);
		chk_role_label(&tmp, f);
		strbuf_adds(&tmp, " \xe2\x80\x94 ");
		strbuf_adds(&tmp, f->message);
		gh_escape(&sb, strbuf_str(&tmp), 0);
		strbuf_addc(&sb, '\n');
		fwrite(sb.buf, 1, sb.len, st->fp);
	}
	strbuf_reset(&sb);
	if (p->breaches > fshown)
		strbuf_addf(&sb, "::notice::%lu more new finding%s %s not "
		    "annotated; see the job summary or run roleaudit check "
		    "locally\n", p->breaches - fshown,
		    p->breaches - fshown == 1 ? "" : "s",
		    p->breaches - fshown == 1 ? "is" : "are");
	if (st->problems_left > 0)
		strbuf_addf(&sb, "::notice::%lu more input problem%s %s not "
		    "annotated; see the job log\n", st->problems_left,
		    st->problems_left == 1 ? "" : "s",
		    st->problems_left == 1 ? "is" : "are");
	strbuf_adds(&sb, "roleaudit check: ");
	verdict(&sb, run);
	strbuf_adds(&sb, "; ");
	chk_totals_line(&sb, run);
	strbuf_addf(&sb, "; %lu accepted by the baseline, %lu ignored",
	    p->by_state[FS_BASELINE], p->by_state[FS_IGNORED]);
	stale_count(&sb, run->stale);
	strbuf_addc(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, st->fp);
	rc = ferror(st->fp) ? -1 : 0;
	if (st->o.step_summary != NULL && *st->o.step_summary != '\0' &&
	    write_summary(st, run) != 0)
		rc = -1;
	strbuf_free(&sb);
	strbuf_free(&tmp);
	strbuf_free(&st->summary);
	free(order);
	free(st);
	return rc;
}

/*
 * A run that could not start (a config, a baseline or rules it cannot
 * use): each error annotated (error_annotation()), within the limit;
 * the summary line; and the job summary's section.
 */
static int
gh_fail(FILE *fp, const struct chk_opts *o, const struct chk_error *e,
    size_t n)
{
	size_t max = o->max_annotations < 0 ? DEFAULT_ANNOTATIONS :
	    (size_t)o->max_annotations;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	for (size_t i = 0; i < n && i < max; i++)
		error_annotation(&sb, &e[i]);
	if (n > max)
		strbuf_addf(&sb, "::notice::%zu more error%s %s not annotated; "
		    "see the job log\n", n - max, n - max == 1 ? "" : "s",
		    n - max == 1 ? "is" : "are");
	strbuf_adds(&sb, "roleaudit check: error: the check could not run; "
	    "see the messages on standard error\n");
	fwrite(sb.buf, 1, sb.len, fp);
	rc = ferror(fp) ? -1 : 0;
	if (o->step_summary != NULL && *o->step_summary != '\0')
		fail_summary(o->step_summary, e, n);
	strbuf_free(&sb);
	return rc;
}

const struct chk_ops chk_github = { "github", gh_begin, NULL, gh_end,
    gh_fail };
