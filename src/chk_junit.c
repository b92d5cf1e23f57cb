/*
 * chk_junit.c — `check --format junit`: JUnit XML, for CI systems that
 * show test reports (GitLab, Jenkins, Azure Pipelines).
 *
 * Schema:
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <testsuites name="roleaudit check" tests="T" failures="F" errors="E">
 *     <testsuite name="FILE" tests="N" failures="F" errors="E">
 *       <testcase classname="FILE" name="ID TITLE" file="FILE" line="L"/>
 *       <testcase ...>
 *         <failure type="KIND" message="MESSAGE">FILE:LINE: KIND: ...</failure>
 *         <system-out>accepted (baseline): KIND: MESSAGE</system-out>
 *       </testcase>
 *       <testcase classname="FILE" name="rejected rows">
 *         <error type="rejected-rows" message="...">line 3: 3 fields,
 *           but the header has 2: ...</error></testcase>
 *     </testsuite>
 *     <testsuite name="policy" ...>   (when --max-mixed-share is set)
 *       <testcase classname="policy" name="max-mixed-share DEPT">
 *         [<failure type="mixed-share" message="..."/>]</testcase>
 *   </testsuites>
 * One testsuite per input file, one testcase per role; a new finding is
 * a <failure>, an accepted one a line in <system-out>.  A file that
 * could not be read, or rejected rows, give an <error>, whose text is
 * the errors and warnings the run printed about that file, a line each
 * (diag.h's hook; the first MAX_MSGS of the run).  An error of the run
 * itself (a --write-baseline file it could not write: exit 2) is a last
 * testsuite "roleaudit check" with one testcase "run" in error.  Text is
 * XML-escaped (& < > " '), and characters XML 1.0 forbids (controls
 * other than TAB, LF, CR; U+FFFE, U+FFFF) become U+FFFD.  The testcases of each file are
 * kept until the end, because a testsuite's counts come first.  A run
 * that could not start (a config, a baseline or rules it cannot use) is
 * one testsuite "roleaudit check" with one testcase "run" in <error
 * type="not-run">, its text the errors, "FILE:LINE: message" a line.
 * Neighbours: chk.h, policy.h.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk.h"
#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

struct suite {
	char		*show;
	struct strbuf	 cases;
	unsigned long	 tests, failures;
};

/* The input's errors and warnings kept for the <error> bodies. */
#define MAX_MSGS	1000

struct jmsg {
	char		*path;		/* as the reader named the file */
	char		*text;		/* "LINE: message", "message" */
};

struct junit_state {
	FILE		*fp;
	struct chk_opts	 o;
	struct suite	*s;
	size_t		 n;
	size_t		 last;
	struct jmsg	*msgs;
	size_t		 nmsgs;
	unsigned long	 dropped;	/* past MAX_MSGS */
};

static void
xml(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		switch (*p) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&apos;"); break;
		case '\t': case '\n': case '\r':
			/* Kept in text; in attributes they would be
			 * normalised to spaces, so write them as refs. */
			strbuf_addf(sb, "&#%d;", *p);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				strbuf_adds(sb, "\xef\xbf\xbd");
			else if (p[0] == 0xef && p[1] == 0xbf &&
			    (p[2] == 0xbe || p[2] == 0xbf)) {
				/* U+FFFE and U+FFFF: not XML characters */
				strbuf_adds(sb, "\xef\xbf\xbd");
				p += 2;
			} else
				strbuf_addc(sb, *p);
			break;
		}
}

static struct suite *
suite_get(struct junit_state *st, const char *show)
{
	if (st->n && strcmp(st->s[st->last].show, show) == 0)
		return &st->s[st->last];
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->s[i].show, show) == 0) {
			st->last = i;
			return &st->s[i];
		}
	st->s = xreallocarray(st->s, st->n + 1, sizeof(*st->s));
	memset(&st->s[st->n], 0, sizeof(*st->s));
	st->s[st->n].show = xstrdup(show);
	st->last = st->n++;
	return &st->s[st->last];
}

/* The diag hook: a message about a file, kept for its <error>. */
static void
junit_diag(void *ctx, enum diag_level lvl, const char *path,
    unsigned long line, unsigned long col, const char *msg)
{
	struct junit_state *st = ctx;
	struct jmsg *m;

	if (path == NULL)
		return;
	if (st->nmsgs == MAX_MSGS) {
		st->dropped++;
		return;
	}
	if (st->msgs == NULL)
		st->msgs = xcalloc(MAX_MSGS, sizeof(*st->msgs));
	m = &st->msgs[st->nmsgs++];
	m->path = xstrdup(path);
	if (line && col)
		xasprintf(&m->text, "line %lu, column %lu: %s%s", line, col,
		    lvl == DIAG_WARNING ? "warning: " : "", msg);
	else if (line)
		xasprintf(&m->text, "line %lu: %s%s", line,
		    lvl == DIAG_WARNING ? "warning: " : "", msg);
	else
		xasprintf(&m->text, "%s%s", lvl == DIAG_WARNING ?
		    "warning: " : "", msg);
}

static void *
junit_begin(FILE *fp, const struct chk_opts *o)
{
	struct junit_state *st = xcalloc(1, sizeof(*st));

	st->fp = fp;
	st->o = *o;
	diag_set_hook(junit_diag, st);
	return st;
}

/* The messages about PATH, one a line; NULL when there are none. */
static char *
messages_of(const struct junit_state *st, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < st->nmsgs; i++)
		if (strcmp(st->msgs[i].path, path) == 0) {
			strbuf_adds(&sb, st->msgs[i].text);
			strbuf_addc(&sb, '\n');
		}
	if (sb.len == 0) {
		strbuf_free(&sb);
		return NULL;
	}
	if (st->dropped)
		strbuf_addf(&sb, "(%lu more messages about the input are "
		    "on standard error)\n", st->dropped);
	return strbuf_detach(&sb);
}

static void
failure(struct strbuf *sb, const struct finding *f)
{
	struct strbuf t = STRBUF_INIT;

	strbuf_adds(sb, "\n      <failure type=\"");
	xml(sb, finding_kind_name(f->kind));
	strbuf_adds(sb, "\" message=\"");
	xml(sb, f->message);
	strbuf_adds(sb, "\">");
	if (f->path)
		strbuf_addf(&t, "%s:%lu: ", f->path, f->line);
	strbuf_addf(&t, "%s: ", finding_kind_name(f->kind));
	chk_role_label(&t, f);
	strbuf_adds(&t, " \xe2\x80\x94 ");
	strbuf_adds(&t, f->message);
	xml(sb, strbuf_str(&t));
	strbuf_adds(sb, "</failure>");
	strbuf_free(&t);
}

static void
junit_role(void *vst, const struct role *r, const char *display,
    const struct finding *f, size_t n)
{
	struct junit_state *st = vst;
	struct suite *su = suite_get(st, display);
	struct strbuf *sb = &su->cases;
	int failed = 0, accepted = 0;

	su->tests++;
	strbuf_adds(sb, "    <testcase classname=\"");
	xml(sb, display);
	strbuf_adds(sb, "\" name=\"");
	xml(sb, r->id);
	if (r->title && *r->title) {
		strbuf_addc(sb, ' ');
		xml(sb, r->title);
	}
	strbuf_adds(sb, "\" file=\"");
	xml(sb, display);
	strbuf_addf(sb, "\" line=\"%lu\"", r->line);
	for (size_t i = 0; i < n; i++) {
		if (f[i].state != FS_NEW) {
			accepted++;
			continue;
		}
		if (!failed++)
			strbuf_addc(sb, '>');
		failure(sb, &f[i]);
	}
	if (failed)
		su->failures++;
	if (accepted) {
		if (!failed)
			strbuf_addc(sb, '>');
		strbuf_adds(sb, "\n      <system-out>");
		for (size_t i = 0, k = 0; i < n; i++) {
			struct strbuf t = STRBUF_INIT;

			if (f[i].state == FS_NEW)
				continue;
			strbuf_addf(&t, "%saccepted (%s): %s: %s", k++ ? "\n" : "",
			    f[i].state == FS_BASELINE ? "baseline" :
			    st->o.ignore_col ? st->o.ignore_col :
			    "roleaudit-ignore", finding_kind_name(f[i].kind),
			    f[i].message);
			xml(sb, strbuf_str(&t));
			strbuf_free(&t);
		}
		strbuf_adds(sb, "</system-out>");
	}
	strbuf_adds(sb, failed || accepted ? "\n    </testcase>\n" : "/>\n");
}

/* A testcase with an <error>; BODY (may be NULL): the messages. */
static void
error_case(struct suite *su, const char *name, const char *type,
    const char *msg, const char *body)
{
	struct strbuf *sb = &su->cases;

	su->tests++;
	strbuf_adds(sb, "    <testcase classname=\"");
	xml(sb, su->show);
	strbuf_adds(sb, "\" name=\"");
	xml(sb, name);
	strbuf_adds(sb, "\">\n      <error type=\"");
	xml(sb, type);
	strbuf_adds(sb, "\" message=\"");
	xml(sb, msg);
	if (body == NULL)
		strbuf_adds(sb, "\"/>\n    </testcase>\n");
	else {
		strbuf_adds(sb, "\">");
		xml(sb, body);
		strbuf_adds(sb, "</error>\n    </testcase>\n");
	}
}

/* The errors E, "FILE:LINE: message" a line. */
static void
error_lines(struct strbuf *t, const struct chk_error *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i].path != NULL && e[i].line)
			strbuf_addf(t, "%s:%lu: ", e[i].path, e[i].line);
		else if (e[i].path != NULL)
			strbuf_addf(t, "%s: ", e[i].path);
		strbuf_addf(t, "%s\n", e[i].msg);
	}
}

/* The suite of the run's own errors (exit 2), or nothing: one testcase
 * in error, as in junit_fail(). */
static void
run_errors(struct strbuf *sb, const struct chk_run *run)
{
	struct strbuf t = STRBUF_INIT;

	if (run->nerrors == 0)
		return;
	error_lines(&t, run->errors, run->nerrors);
	strbuf_adds(sb, "  <testsuite name=\"roleaudit check\" tests=\"1\" "
	    "failures=\"0\" errors=\"1\">\n    <testcase classname=\"roleaudit "
	    "check\" name=\"run\">\n      <error type=\"error\" message=\"");
	xml(sb, run->errors[0].msg);
	strbuf_adds(sb, "\">");
	xml(sb, strbuf_str(&t));
	strbuf_adds(sb, "</error>\n    </testcase>\n  </testsuite>\n");
	strbuf_free(&t);
}

static int
junit_end(void *vst, const struct chk_run *run)
{
	struct junit_state *st = vst;
	const struct totals *t = run->t;
	const struct policy *p = run->p;
	struct strbuf sb = STRBUF_INIT, pol = STRBUF_INIT, rerr = STRBUF_INIT;
	unsigned long tests = 0, failures = 0, errors = 0, pfail = 0, ptests = 0;
	size_t *errs, *order, *fsuite, norder = 0;
	unsigned char *seen;
	int rc;

	diag_set_hook(NULL, NULL);
	errs = xcalloc(t->nfiles + st->n + 1, sizeof(*errs));
	fsuite = xcalloc(t->nfiles + 1, sizeof(*fsuite));
	/* Files in the order given, even those that yielded no role. */
	for (size_t i = 0; i < t->nfiles; i++) {
		const char *show = run->show ? run->show[i] : t->files[i].path;
		struct suite *su = suite_get(st, show);
		size_t k = (size_t)(su - st->s);
		char msg[160];

		char *body = messages_of(st, t->files[i].path);

		fsuite[i] = k;

		/* The file's messages go with its first error. */
		if (t->files[i].failed) {
			error_case(su, "read", "unreadable", body ? "the file "
			    "could not be checked" : "the file could not be "
			    "checked (see the messages on standard error)",
			    body);
			errs[k]++;
		}
		if (t->files[i].rejected) {
			snprintf(msg, sizeof(msg), "%lu of %lu rows were "
			    "rejected as malformed and not checked",
			    t->files[i].rejected, t->files[i].rows_read);
			error_case(su, "rejected rows", "rejected-rows", msg,
			    t->files[i].failed ? NULL : body);
			errs[k]++;
		}
		free(body);
	}
	for (size_t i = 0; i < p->nfindings; i++) {
		const struct finding *f = &p->findings[i];

		if (f->kind != FK_MIXED_SHARE)
			continue;
		ptests++;
		pfail++;
		strbuf_adds(&pol, "    <testcase classname=\"policy\" name=\"");
		xml(&pol, "max-mixed-share ");
		xml(&pol, f->id);
		strbuf_adds(&pol, "\">");
		failure(&pol, f);
		strbuf_adds(&pol, "\n    </testcase>\n");
	}
	if (p->o.max_mixed_share >= 0 && ptests == 0) {
		ptests++;
		strbuf_adds(&pol, "    <testcase classname=\"policy\" "
		    "name=\"max-mixed-share\"/>\n");
	}
	/* Suites in the order the files were given: a file that yielded
	 * no role got its suite only in the loop above, after the files
	 * that did. */
	order = xcalloc(st->n + 1, sizeof(*order));
	seen = xcalloc(st->n + 1, 1);
	for (size_t i = 0; i <= t->nfiles + st->n; i++) {
		size_t k = i < t->nfiles ? fsuite[i] : i - t->nfiles;

		if (k < st->n && !seen[k]) {
			seen[k] = 1;
			order[norder++] = k;
		}
	}
	for (size_t i = 0; i < st->n; i++) {
		tests += st->s[i].tests;
		failures += st->s[i].failures;
		errors += errs[i];
	}
	run_errors(&rerr, run);
	if (rerr.len > 0) {
		tests++;
		errors++;
	}
	strbuf_addf(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"roleaudit check\" tests=\"%lu\" "
	    "failures=\"%lu\" errors=\"%lu\">\n", tests + ptests,
	    failures + pfail, errors);
	fwrite(sb.buf, 1, sb.len, st->fp);
	for (size_t o = 0; o < norder; o++) {
		size_t i = order[o];
		struct suite *su = &st->s[i];

		strbuf_reset(&sb);
		strbuf_adds(&sb, "  <testsuite name=\"");
		xml(&sb, su->show);
		strbuf_addf(&sb, "\" tests=\"%lu\" failures=\"%lu\" "
		    "errors=\"%zu\">\n", su->tests, su->failures, errs[i]);
		fwrite(sb.buf, 1, sb.len, st->fp);
		fwrite(strbuf_str(&su->cases), 1, su->cases.len, st->fp);
		fputs("  </testsuite>\n", st->fp);
		strbuf_free(&su->cases);
		free(su->show);
	}
	if (ptests) {
		fprintf(st->fp, "  <testsuite name=\"policy\" tests=\"%lu\" "
		    "failures=\"%lu\" errors=\"0\">\n", ptests, pfail);
		fwrite(pol.buf, 1, pol.len, st->fp);
		fputs("  </testsuite>\n", st->fp);
	}
	fwrite(strbuf_str(&rerr), 1, rerr.len, st->fp);
	fputs("</testsuites>\n", st->fp);
	rc = ferror(st->fp) ? -1 : 0;
	strbuf_free(&sb);
	strbuf_free(&pol);
	strbuf_free(&rerr);
	free(errs);
	free(order);
	free(seen);
	free(fsuite);
	free(st->s);
	for (size_t i = 0; i < st->nmsgs; i++) {
		free(st->msgs[i].path);
		free(st->msgs[i].text);
	}
	free(st->msgs);
	free(st);
	return rc;
}

/*
 * A run that could not start (a config, a baseline or rules it cannot
 * use): one testsuite with one testcase in error, whose message is the
 * first error and whose text all of them (error_lines()).
 */
static int
junit_fail(FILE *fp, const struct chk_opts *o, const struct chk_error *e,
    size_t n)
{
	struct strbuf sb = STRBUF_INIT, t = STRBUF_INIT;
	int rc;

	(void)o;
	error_lines(&t, e, n);
	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"roleaudit check\" tests=\"1\" failures=\"0\" "
	    "errors=\"1\">\n  <testsuite name=\"roleaudit check\" tests=\"1\" "
	    "failures=\"0\" errors=\"1\">\n    <testcase classname=\"roleaudit "
	    "check\" name=\"run\">\n      <error type=\"not-run\" "
	    "message=\"the check could not run");
	if (n > 0) {
		strbuf_adds(&sb, ": ");
		xml(&sb, e[0].msg);
	} else
		strbuf_adds(&sb, " (see the messages on standard error)");
	strbuf_adds(&sb, "\">");
	xml(&sb, strbuf_str(&t));
	strbuf_adds(&sb, "</error>\n    </testcase>\n  </testsuite>\n"
	    "</testsuites>\n");
	fwrite(sb.buf, 1, sb.len, fp);
	rc = ferror(fp) ? -1 : 0;
	strbuf_free(&sb);
	strbuf_free(&t);
	return rc;
}

const struct chk_ops chk_junit = { "junit", junit_begin, junit_role,
    junit_end, junit_fail };
