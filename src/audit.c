/*
 * audit.c — the driver: for each input, open the reader, map the
 * columns, and feed every role through matcher -> scorer -> classifier
 * into a sink.  Knows neither libcsv nor PCRE2 (csvsrc and matcher do).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "colmap.h"
#include "csvsrc.h"
#include "diag.h"
#include "xalloc.h"

struct ruleset *
audit_load_rules(const struct options *opt)
{
	struct ruleset *rs = ruleset_new();
	int errors = 0;

	if (opt->nrules_paths == 0)
		errors += ruleset_load(rs, ruleset_default_path());
	for (size_t i = 0; i < opt->nrules_paths; i++)
		errors += ruleset_load(rs, opt->rules_paths[i]);
	for (size_t i = 0; i < opt->ndisabled; i++)
		if (ruleset_disable(rs, opt->disabled[i]) != 0) {
			diag(DIAG_ERROR, NULL, 0, 0, "--disable %s: no rule "
			    "has that id (see 'roleaudit rules list')",
			    opt->disabled[i]);
			errors++;
		}
	if (errors == 0 && rs->nrules == 0) {
		diag(DIAG_ERROR, NULL, 0, 0, "no rules loaded: give --rules "
		    "PATH or set ROLEAUDIT_RULES");
		errors++;
	}
	if (errors) {
		diag(DIAG_ERROR, NULL, 0, 0, "%d error%s in the rules", errors,
		    errors == 1 ? "" : "s");
		ruleset_free(rs);
		return NULL;
	}
	return rs;
}

/* Growable arrays reused across roles, so a role costs no allocation. */
struct scratch {
	struct hit	*hits;
	size_t		 nhits, caphits;
	struct miss	*misses;
	size_t		 nmisses, capmisses;
	struct ra_field	*text;
	size_t		 captext;
};

static void
push_hits(struct scratch *s, const struct hit *h, size_t n)
{
	if (s->nhits + n > s->caphits) {
		s->caphits = (s->nhits + n) * 2;
		s->hits = xreallocarray(s->hits, s->caphits, sizeof(*h));
	}
	if (n)
		memcpy(s->hits + s->nhits, h, n * sizeof(*h));
	s->nhits += n;
}

static void
push_misses(struct scratch *s, const struct miss *m, size_t n)
{
	if (s->nmisses + n > s->capmisses) {
		s->capmisses = (s->nmisses + n) * 2;
		s->misses = xreallocarray(s->misses, s->capmisses, sizeof(*m));
	}
	if (n)
		memcpy(s->misses + s->nmisses, m, n * sizeof(*m));
	s->nmisses += n;
}

static const char *
field_str(const struct ra_record *rec, long col)
{
	if (col < 0 || (size_t)col >= rec->nfields)
		return "";
	return rec->fields[col].ptr;
}

/* Audits one data record; returns its class. */
static void
audit_role(const struct options *opt, struct matcher *m, struct scratch *s,
    const struct colmap *cm, const char *const *text_names,
    const struct ra_record *rec, struct sink *sink, struct file_totals *ft)
{
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nms;
	struct scores sc;
	struct role role;
	char idbuf[32];

	if (cm->ntext > s->captext) {
		s->captext = cm->ntext;
		s->text = xreallocarray(s->text, s->captext, sizeof(*s->text));
	}
	for (size_t i = 0; i < cm->ntext; i++) {
		if (cm->text[i] < rec->nfields)
			s->text[i] = rec->fields[cm->text[i]];
		else
			s->text[i] = (struct ra_field){ "", 0 };
	}
	s->nhits = s->nmisses = 0;
	nh = matcher_scan(m, s->text, cm->ntext, &h, &ms, &nms);
	push_hits(s, h, nh);
	push_misses(s, ms, nms);

	memset(&role, 0, sizeof(role));
	role.ntext_hits = s->nhits;
	role.title = field_str(rec, cm->title);
	if (*role.title != '\0') {
		nh = matcher_scan_title(m, role.title, strlen(role.title), &h,
		    &ms, &nms);
		push_hits(s, h, nh);
		push_misses(s, ms, nms);
	}
	for (size_t i = 0; i < s->nmisses; i++)
		diag(DIAG_WARNING, rec->path, rec->line, 0,
		    "rule %s not evaluated: %s", s->misses[i].rule->id,
		    s->misses[i].why);

	score_hits(&sc, s->hits, s->nhits);
	classify(&sc, &opt->th, &role.v);

	role.path = rec->path;
	role.line = rec->line;
	role.id = field_str(rec, cm->id);
	if (cm->id < 0 || *role.id == '\0') {
		snprintf(idbuf, sizeof(idbuf), "line-%lu", rec->line);
		role.id = idbuf;
	}
	role.dept = field_str(rec, cm->dept);
	role.ignore = field_str(rec, cm->ignore);
	role.ntext = cm->ntext;
	role.text = s->text;
	role.text_names = text_names;
	role.hits = s->hits;
	role.nhits = s->nhits;
	role.misses = s->misses;
	role.nmisses = s->nmisses;

	ft->classified++;
	ft->by_class[role.v.cls]++;
	if (role.v.flags & FLAG_TITLE_MISMATCH)
		ft->title_mismatch++;
	sink->role(sink->ctx, &role);
}

/* Audits one file into FT; returns 0, or 2 on a fatal problem. */
static int
audit_file(const struct options *opt, struct matcher *m, struct scratch *s,
    const char *path, struct sink *sink, struct file_totals *ft)
{
	struct csvsrc *src;
	struct ra_record rec;
	struct colmap cm;
	char **names = NULL;
	const struct csvsrc_info *info;
	int r, rc = 0;

	ft->path = path;
	if ((src = csvsrc_open(path, &opt->csv)) == NULL) {
		ft->failed = 1;
		return 2;
	}
	r = csvsrc_next(src, &rec);
	if (r == 0) {
		diag(DIAG_ERROR, path, 0, 0, "empty file: no header row");
		rc = 2;
		goto out;
	}
	if (r < 0) {
		rc = 2;
		goto out;
	}
	if (colmap_resolve(&cm, &rec, &opt->cols) != 0) {
		rc = 2;
		goto out;
	}
	names = xcalloc(cm.ntext + 1, sizeof(*names));
	for (size_t i = 0; i < cm.ntext; i++)
		names[i] = xstrdup(field_str(&rec, (long)cm.text[i]));
	while ((r = csvsrc_next(src, &rec)) == 1)
		audit_role(opt, m, s, &cm, (const char *const *)names, &rec,
		    sink, ft);
	if (r < 0)
		rc = 2;
	colmap_free(&cm);
out:
	info = csvsrc_info(src);
	if (info != NULL) {
		ft->rows_read = info->rows_read;
		ft->rejected = info->rows_rejected;
	}
	if (rc)
		ft->failed = 1;
	if (names != NULL)
		for (size_t i = 0; names[i] != NULL; i++)
			free(names[i]);
	free(names);
	csvsrc_free(src);
	return rc;
}

int
audit_run(const struct options *opt, const struct ruleset *rs,
    struct sink *sink)
{
	struct matcher *m = matcher_new(rs, &opt->limits);
	struct scratch s;
	struct totals t;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	memset(&t, 0, sizeof(t));
	t.rules = rs;
	t.files = xcalloc(opt->nfiles ? opt->nfiles : 1, sizeof(*t.files));
	for (size_t i = 0; i < opt->nfiles; i++) {
		struct file_totals *ft = &t.files[t.nfiles++];

		if (audit_file(opt, m, &s, opt->files[i], sink, ft) != 0)
			rc = 2;
		t.rows_read += ft->rows_read;
		t.classified += ft->classified;
		t.rejected += ft->rejected;
		t.title_mismatch += ft->title_mismatch;
		for (int c = 0; c < CLASS_COUNT; c++)
			t.by_class[c] += ft->by_class[c];
		if (opt->csv.strict && rc)
			break;
	}
	if (sink->end(sink->ctx, &t) != 0)
		rc = 2;
	free(t.files);
	free(s.hits);
	free(s.misses);
	free(s.text);
	matcher_free(m);
	return rc;
}
