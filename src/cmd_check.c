/*
 * cmd_check.c — `roleaudit check`: the audit of cmd_audit.c, then the
 * policy (policy.c), for CI.  The options arrive settled over the
 * .roleaudit config (rcfile.c, called from main.c): defaults, the
 * config, then the command line, which wins; with no FILE, the files
 * the config lists.  Exit 0 when the policy holds, 1 on a breach, 2
 * when the rules, the baseline or an input could not be used.  Output
 * by the chk_*.c writers; the baseline (baseline.c) accepts old
 * findings.  The baseline names each input by its path relative to the
 * config's folder (baseline_path()), however the command line spelled
 * it, and with a config every format shows it by that name (a file
 * outside the folder as typed; in SARIF by its absolute path); a run
 * whose inputs were not all read in full does not write a baseline.
 * A run that cannot start once its format is known (a config, baseline
 * or rules it cannot use) still writes that format's report of the
 * errors (chk_ops.not_run), unless --output names a file it reads.
 * A --write-baseline that fails once the run is over exits 2 too: its
 * errors go to the writer as the run's own (chk_run.errors).
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "baseline.h"
#include "chk.h"
#include "cli.h"
#include "rcfile.h"
#include "diag.h"
#include "outfile.h"
#include "strbuf.h"
#include "policy.h"
#include "xalloc.h"

struct check_sink {
	const struct chk_ops	*ops;
	void			*state;
	struct policy		*p;
	char *const		*open;	/* paths opened ... */
	char *const		*show;	/* ... and as shown */
	char *const		*key;	/* ... and as the baseline names
					   them (NULL: no baseline) */
	size_t			 nfiles;
	size_t			 last;
	const char		*baseline;	/* --baseline, or NULL */
	struct baseline		*bl;
	const char		*write_baseline;
	int			 partial;	/* FILEs named: part of the input */
	int			 failed;	/* the baseline was not written */
	int			 write_failed;	/* the output was not */
	const char		*config_dir;	/* the config's folder, or NULL */
};

/* The displayed name of the file a role came from. */
static const char *
show_path(struct check_sink *cs, const char *path)
{
	if (cs->last < cs->nfiles && strcmp(cs->open[cs->last], path) == 0)
		return cs->show[cs->last];
	for (size_t i = 0; i < cs->nfiles; i++)
		if (strcmp(cs->open[i], path) == 0) {
			cs->last = i;
			return cs->show[i];
		}
	return path;
}

static void
cs_role(void *ctx, const struct role *r)
{
	struct check_sink *cs = ctx;
	const char *show = show_path(cs, r->path);
	size_t n = policy_role(cs->p, r, show);

	/* The role's findings are the last N; with none yet the array may
	 * still be NULL, and NULL + 0 is undefined in C. */
	if (cs->ops->role != NULL)
		cs->ops->role(cs->state, r, show, n == 0 ? NULL :
		    cs->p->findings + cs->p->nfindings - n, n);
}

static int write_baseline(struct check_sink *);
static void keep_error(void *, enum diag_level, const char *, unsigned long,
    unsigned long, const char *);
static struct chk_error *kept_shown(const char *, int, size_t *);
static void kept_shown_free(struct chk_error *, size_t);

/* Did this run look for findings of a baseline entry's KEY? */
static int
sought(const char *key, void *arg)
{
	const struct policy *p = arg;

	return policy_seeks(p->o.fail_on, key);
}

/* What a new baseline keeps of the old one: the entries of kinds this
 * run did not look for, and, when the run was over files named on the
 * command line (part of the input), those of the files it did not read.
 * Counted apart for the note. */
struct carry {
	const struct check_sink	*cs;
	size_t			 kinds, files;
};

static int
keep_old(const char *file, const char *key, void *arg)
{
	struct carry *c = arg;
	const struct check_sink *cs = c->cs;

	if (cs->partial && cs->key != NULL) {
		size_t i;

		for (i = 0; i < cs->nfiles; i++)
			if (strcmp(cs->key[i], file) == 0)
				break;
		if (i == cs->nfiles) {
			c->files++;
			return 1;
		}
	}
	if (!sought(key, cs->p)) {
		c->kinds++;
		return 1;
	}
	return 0;
}

/* After the last role: the policy's verdict, the baseline, the output. */
static int
cs_end(void *ctx, const struct totals *t)
{
	struct check_sink *cs = ctx;
	struct chk_run run;
	const char **whole;
	struct chk_error *errs = NULL;
	size_t nwhole = 0;
	int rc = 0, incomplete;

	policy_finish(cs->p);
	memset(&run, 0, sizeof(run));
	run.t = t;
	run.p = cs->p;
	/* t->files[i] is the i-th input (the driver keeps the order); after
	 * a --strict stop the inputs left were not read at all. */
	run.show = (const char *const *)cs->show;
	incomplete = t->nfiles < cs->nfiles;
	whole = xcalloc(cs->nfiles ? cs->nfiles : 1, sizeof(*whole));
	for (size_t i = 0; i < t->nfiles; i++)
		if (t->files[i].failed) {
			run.failed = 1;
			incomplete = 1;
		} else if (cs->key != NULL)
			whole[nwhole++] = cs->key[i];
	/* An entry is stale only where its file was read to the end: a
	 * file that stopped early may still hold the role.  A run over the
	 * whole input (no FILE named) also finds the entries of files that
	 * are gone. */
	if (cs->bl != NULL)
		run.stale = baseline_report_stale(cs->bl, cs->baseline, whole,
		    nwhole, !cs->partial && !incomplete, sought, cs->p);
	free(whole);
	/* A baseline written from part of the input would drop what the
	 * rest accepts.  Its errors are the run's, not the input's: kept
	 * from the writer's hook, the report shows them apart
	 * (run.errors), as why the run exits 2. */
	if (cs->write_baseline != NULL) {
		void *hctx;
		diag_hook_fn *hook = diag_get_hook(&hctx);

		diag_set_hook(keep_error, NULL);
		if (incomplete) {
			diag(DIAG_ERROR, cs->write_baseline, 0, 0, "baseline "
			    "not written: an input could not be read in full; "
			    "fix it and run again");
			cs->failed = 1;
		} else if (write_baseline(cs) != 0)
			cs->failed = 1;
		diag_set_hook(hook, hctx);
		run.errors = errs = kept_shown(cs->config_dir,
		    cs->ops == &chk_sarif, &run.nerrors);
	}
	if (cs->ops->end(cs->state, &run) != 0) {
		cs->write_failed = 1;
		rc = -1;
	}
	kept_shown_free(errs, run.nerrors);
	return rc;
}

/* Shown path of a FILE argument: as given, without a leading "./". */
static char *
arg_show(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		for (p += 2; *p == '/'; p++)
			;
	return xstrdup(p);
}

/*
 * How check shows an input under a config: KEY, its path relative to
 * the config's folder (baseline_path()).  A file outside that folder is
 * shown as typed (TYPED), or by its absolute path for SARIF (ABS set),
 * where a relative URI would be taken from the repository's root.
 */
static char *
shown_in_repo(const char *key, const char *file, const char *typed, int abs)
{
	char *r, *s;

	if (strcmp(key, "..") != 0 && strncmp(key, "../", 3) != 0)
		return xstrdup(key);
	if (!abs)
		return xstrdup(typed);
	/* (Relative to "/": the folders resolved as for KEY.) */
	r = baseline_path("/", file);
	xasprintf(&s, "/%s", r);
	free(r);
	return s;
}

static int
write_baseline(struct check_sink *cs)
{
	const char *path = cs->write_baseline;
	struct policy *p = cs->p;
	struct baseline *bl = baseline_new();
	struct outfile *of;
	unsigned long n = 0;
	struct carry c = { cs, 0, 0 };
	int rc = 0;

	for (size_t i = 0; i < cs->nfiles; i++)
		baseline_alias(bl, cs->show[i], cs->key[i]);
	for (size_t i = 0; i < p->nfindings; i++) {
		const struct finding *f = &p->findings[i];

		/* Rows that accept a finding themselves need no entry, and a
		 * department's share is not a role's finding. */
		if (f->kind == FK_MIXED_SHARE || f->state == FS_IGNORED)
			continue;
		baseline_add(bl, f->path, f->id, finding_key(f), f->text_hash);
		n++;
	}
	/* What --fail-on did not look for this run, or the files it did
	 * not read when named one by one, is still accepted: rewriting the
	 * baseline from a narrower run keeps it. */
	if (cs->bl != NULL)
		baseline_carry(bl, cs->bl, keep_old, &c);
	if ((of = outfile_open(path)) == NULL)
		rc = -1;
	else {
		FILE *fp = outfile_fp(of);
		struct stat st;
		int err;

		/* Unbuffered (baseline_write() writes in large pieces): a
		 * write that fails leaves nothing buffered, so its errno is
		 * the one to report, not what a final flush finds. */
		if (fp != stdout)
			setvbuf(fp, NULL, _IONBF, 0);
		if (baseline_write(bl, fp) != 0 && fp != stdout) {
			err = errno;
			diag(DIAG_ERROR, path, 0, 0, "write failed: %s%s",
			    strerror(err), stat(path, &st) != 0 ?
			    "; no file was made" : !S_ISREG(st.st_mode) ? "" :
			    "; the file was left unchanged");
			clearerr(fp);
			rc = -1;
		}
		if (outfile_close(of, rc == 0) != 0)
			rc = -1;
	}
	baseline_free(bl);
	if (rc == 0) {
		struct strbuf why = STRBUF_INIT;

		if (c.kinds > 0)
			strbuf_addf(&why, " (and %zu entr%s kept whose kind "
			    "--fail-on left out)", c.kinds, c.kinds == 1 ? "y" :
			    "ies");
		if (c.files > 0)
			strbuf_addf(&why, " (and %zu entr%s kept of files this "
			    "run did not read: run check without FILE "
			    "arguments to drop the entries of deleted files)",
			    c.files, c.files == 1 ? "y" : "ies");
		diag(DIAG_NOTE, path, 0, 0, "baseline written: %lu finding%s "
		    "accepted%s", n, n == 1 ? "" : "s", strbuf_str(&why));
		strbuf_free(&why);
		/* They are accepted from now on, this run included. */
		for (size_t i = 0; i < p->nfindings; i++) {
			struct finding *f = &p->findings[i];

			if (f->state == FS_NEW && f->kind != FK_MIXED_SHARE) {
				f->state = FS_BASELINE;
				p->by_state[FS_NEW]--;
				p->by_state[FS_BASELINE]++;
				p->breaches--;
			}
		}
	}
	return rc;
}

/*
 * The errors of a run that could not start (a config, a baseline or
 * rules it cannot use), kept by diag.h's hook until the writer begins,
 * so that the report in the format asked for says why: a SARIF log
 * that an upload step finds, annotations on the config's lines.
 */
#define MAX_KEPT	1000

struct kept_error {
	char		*path;
	unsigned long	 line;
	char		*msg;
};

static struct kept_error	*kept;
static size_t			 nkept;

static void
keep_error(void *ctx, enum diag_level lvl, const char *path,
    unsigned long line, unsigned long col, const char *msg)
{
	(void)ctx;
	(void)col;
	if (lvl != DIAG_ERROR || nkept == MAX_KEPT)
		return;
	kept = xreallocarray(kept, nkept + 1, sizeof(*kept));
	kept[nkept].path = path ? xstrdup(path) : NULL;
	kept[nkept].line = line;
	kept[nkept].msg = xstrdup(msg);
	nkept++;
}

void
cmd_check_keep_errors(void)
{
	diag_set_hook(keep_error, NULL);
}

static void
kept_free(void)
{
	for (size_t i = 0; i < nkept; i++) {
		free(kept[i].path);
		free(kept[i].msg);
	}
	free(kept);
	kept = NULL;
	nkept = 0;
}

/* The absolute folder that relative paths are shown from, for SARIF's
 * SRCROOT: the config's (DIR), else the working directory; new, or NULL
 * when it cannot be found. */
static char *
srcroot_of(const char *dir)
{
	return realpath(dir != NULL ? dir : ".", NULL);
}

/* An error's file as the report shows it: as an input would be, under
 * a config (its folder is the repository's top), else as opened. */
static char *
error_path(const char *path, const char *config_dir, int abs)
{
	char *key, *typed = arg_show(path), *r;

	if (config_dir == NULL)
		return typed;
	key = baseline_path(config_dir, path);
	r = shown_in_repo(key, path, typed, abs);
	free(key);
	free(typed);
	return r;
}

/* The errors kept, their files as the report shows them (error_path();
 * ABS for SARIF), *N of them; free with kept_shown_free(). */
static struct chk_error *
kept_shown(const char *config_dir, int abs, size_t *n)
{
	struct chk_error *e = xcalloc(nkept ? nkept : 1, sizeof(*e));

	for (size_t i = 0; i < nkept; i++) {
		e[i].path = kept[i].path == NULL ? NULL :
		    error_path(kept[i].path, config_dir, abs);
		e[i].line = kept[i].line;
		e[i].msg = kept[i].msg;
	}
	*n = nkept;
	return e;
}

/* Frees E (N errors, may be NULL) and forgets the errors kept. */
static void
kept_shown_free(struct chk_error *e, size_t n)
{
	for (size_t i = 0; e != NULL && i < n; i++)
		free((char *)e[i].path);
	free(e);
	kept_free();
}

/*
 * Writes the report of a run that could not start in the format of
 * OPS (none for text: standard error says it all) to OUTPUT, whole or
 * not at all, and forgets the errors kept.
 */
static void
report_failure(const struct chk_ops *ops, const char *output,
    const struct chk_opts *co, const char *config_dir)
{
	struct chk_opts o = *co;
	struct chk_error *e;
	struct outfile *of;
	size_t n;
	char *root;

	diag_set_hook(NULL, NULL);
	if (ops->not_run == NULL) {
		kept_free();
		return;
	}
	o.srcroot = root = srcroot_of(config_dir);
	e = kept_shown(config_dir, ops == &chk_sarif, &n);
	if ((of = outfile_open(output)) != NULL)
		outfile_close(of, ops->not_run(outfile_fp(of), &o, e, n) == 0);
	kept_shown_free(e, n);
	free(root);
}

/* Whether OUT (NULL, "-": standard output) is a file the run would read:
 * the report of its failure must not replace it. */
static int
names_input(const char *out, const struct options *cli)
{
	const char *other[3] = { cli->baseline, cli->write_baseline,
	    cli->config };

	if (out == NULL || strcmp(out, "-") == 0)
		return 0;
	for (size_t i = 0; i < cli->nfiles; i++)
		if (strcmp(cli->files[i], "-") != 0 &&
		    outfile_same(out, cli->files[i]))
			return 1;
	for (size_t i = 0; i < 3; i++)
		if (other[i] != NULL && strcmp(other[i], "-") != 0 &&
		    outfile_same(out, other[i]))
			return 1;
	return 0;
}

int
cmd_check_failed(const struct options *cli)
{
	const struct chk_ops *ops = chk_find(cli->format ? cli->format :
	    "text");
	struct chk_opts co;
	char *cfg, *dir = NULL;

	if (ops == NULL || names_input(cli->output, cli)) {
		diag_set_hook(NULL, NULL);
		kept_free();
		return 2;
	}
	/* The config's folder, as a run that had started would take it:
	 * the config's own errors are shown in it, as the repository's. */
	cfg = cli->no_config ? NULL : cli->config ? xstrdup(cli->config) :
	    rcfile_find();
	if (cfg != NULL)
		dir = rcfile_dir_of(cfg);
	memset(&co, 0, sizeof(co));
	co.max_annotations = cli->max_annotations;
	co.step_summary = ops == &chk_github ?
	    getenv("GITHUB_STEP_SUMMARY") : NULL;
	report_failure(ops, cli->output, &co, dir);
	free(cfg);
	free(dir);
	return 2;
}

int
cmd_check(const struct options *o)
{
	char *const *show = o->shown;
	char **own_show = NULL;
	const struct chk_ops *ops, *fail_ops = NULL;
	struct chk_opts co;
	struct policy_opts po;
	struct policy *p = NULL;
	struct baseline *bl = NULL;
	struct ruleset *rs = NULL;
	struct outfile *of = NULL;
	struct check_sink cs;
	struct sink sink;
	const char *bad;
	size_t badlen;
	char **key = NULL, *srcroot = NULL;
	int rc = 2, arc;

	cmd_check_keep_errors();	/* (main.c's, and this run's) */
	/* main.c settled the options over the config file and named the
	 * files; a caller that did not gets the paths shown as given. */
	if (show == NULL) {
		own_show = xcalloc(o->nfiles ? o->nfiles : 1, sizeof(*own_show));
		for (size_t i = 0; i < o->nfiles; i++)
			own_show[i] = arg_show(o->files[i]);
		show = own_show;
	}
	if (o->nfiles == 0) {
		diag(DIAG_ERROR, NULL, 0, 0, "no input file given: name the "
		    "CSV files, or list them in .roleaudit under [input] "
		    "files = PATTERN");
		goto out;
	}
	if (outfile_guard(o->output, "--output", o->files, o->nfiles) != 0 ||
	    outfile_guard(o->write_baseline, "--write-baseline", o->files,
	    o->nfiles) != 0)
		goto out;
	if (o->baseline != NULL && outfile_guard(o->output, "--output",
	    (char *const []){ (char *)o->baseline }, 1) != 0)
		goto out;
	if (o->output != NULL && o->write_baseline != NULL &&
	    strcmp(o->output, "-") != 0 &&
	    outfile_same(o->output, o->write_baseline)) {
		diag(DIAG_ERROR, o->output, 0, 0, "--output and "
		    "--write-baseline name the same file: give each its own");
		goto out;
	}

	memset(&po, 0, sizeof(po));
	po.fail_on = FK_DEFAULT_FAIL_ON;
	if (o->fail_on != NULL &&
	    policy_parse_kinds(o->fail_on, &po.fail_on, &bad, &badlen) != 0) {
		diag(DIAG_ERROR, NULL, 0, 0, "bad --fail-on: unknown finding "
		    "kind '%.*s' (use mixed, title-mismatch, unclassified or "
		    "not-evaluated)", (int)badlen, bad);
		goto out;
	}
	po.max_mixed_share = o->max_mixed_share;
	po.per_department = o->per_department;
	po.th = &o->th;
	po.ignore_col = o->cols.ignore_col ? o->cols.ignore_col :
	    "roleaudit-ignore";
	if (o->per_department && o->max_mixed_share < 0)
		diag(DIAG_WARNING, NULL, 0, 0, "--per-department has no "
		    "effect without --max-mixed-share");

	if ((ops = chk_find(o->format ? o->format : "text")) == NULL) {
		diag(DIAG_ERROR, NULL, 0, 0, "unknown check format '%s' (use "
		    "%s)", o->format, chk_list());
		goto out;
	}
	/* The inputs as a baseline names them, relative to the config's
	 * folder: the same file however it was spelled, from wherever. */
	if (o->baseline != NULL || o->write_baseline != NULL ||
	    o->config_dir != NULL) {
		key = xcalloc(o->nfiles, sizeof(*key));
		for (size_t i = 0; i < o->nfiles; i++)
			key[i] = baseline_path(o->config_dir, o->files[i]);
	}
	/* With a config, every format shows an input by that same name, so
	 * that a location (a SARIF URI under SRCROOT, a GitHub annotation)
	 * names the file in the repository, not where check ran from. */
	if (o->config_dir != NULL) {
		char **cshow = xcalloc(o->nfiles, sizeof(*cshow));

		for (size_t i = 0; i < o->nfiles; i++)
			cshow[i] = shown_in_repo(key[i], o->files[i], show[i],
			    ops == &chk_sarif);
		rcfile_files_free(own_show, o->nfiles);
		show = own_show = cshow;
	}
	memset(&co, 0, sizeof(co));
	co.max_annotations = o->max_annotations;
	co.step_summary = ops == &chk_github ?
	    getenv("GITHUB_STEP_SUMMARY") : NULL;
	/* Findings that --write-baseline accepts are listed in that file. */
	co.baseline = o->baseline != NULL ? o->baseline : o->write_baseline;
	co.ignore_col = po.ignore_col;
	co.open = o->files;
	co.show = show;
	co.nfiles = o->nfiles;
	co.srcroot = srcroot = ops == &chk_sarif ? srcroot_of(o->config_dir) :
	    NULL;
	/* From here on, a run that cannot start says so in its format (the
	 * options are sound and --output names no input). */
	fail_ops = ops;
	/* The file --write-baseline writes needs no old one (it only keeps
	 * the old entries --fail-on did not look for), so a baseline that
	 * does not exist yet (the config names it, this run writes the
	 * first one) is not an error then. */
	if (o->baseline != NULL && !(o->write_baseline != NULL &&
	    access(o->baseline, F_OK) != 0 && errno == ENOENT) &&
	    (bl = baseline_load(o->baseline)) == NULL)
		goto out;
	for (size_t i = 0; bl != NULL && i < o->nfiles; i++)
		baseline_alias(bl, show[i], key[i]);
	if ((rs = audit_load_rules(o)) == NULL)
		goto out;
	po.rs = rs;
	/* (An output that cannot be opened takes no report either.) */
	fail_ops = NULL;
	if ((of = outfile_open(o->output)) == NULL)
		goto out;

	p = policy_new(&po, bl);
	memset(&cs, 0, sizeof(cs));
	cs.ops = ops;
	cs.state = ops->begin(outfile_fp(of), &co);
	cs.p = p;
	cs.open = o->files;
	cs.show = show;
	cs.nfiles = o->nfiles;
	sink.ctx = &cs;
	sink.role = cs_role;
	sink.end = cs_end;

	cs.key = key;
	cs.baseline = o->baseline;
	cs.bl = bl;
	cs.write_baseline = o->write_baseline;
	cs.partial = o->files_named;
	cs.config_dir = o->config_dir;

	arc = audit_run(o, rs, &sink);
	if (cs.failed)
		arc = 2;
	/* A SARIF log saying a file could not be read is still whole and
	 * worth uploading; only a failed write is discarded. */
	if (outfile_close(of, !cs.write_failed) != 0)
		arc = 2;
	of = NULL;
	rc = arc ? 2 : p->breaches ? 1 : 0;
out:
	if (rc == 2 && fail_ops != NULL)
		report_failure(fail_ops, o->output, &co, o->config_dir);
	diag_set_hook(NULL, NULL);	/* (the writer's end() removed it) */
	kept_free();
	if (of != NULL)
		outfile_close(of, 0);
	policy_free(p);
	baseline_free(bl);
	ruleset_free(rs);
	rcfile_files_free(own_show, o->nfiles);
	rcfile_files_free(key, o->nfiles);
	free(srcroot);
	return rc;
}
