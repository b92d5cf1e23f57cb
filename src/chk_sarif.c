/*
 * chk_sarif.c — `check --format sarif`: SARIF 2.1.0 for code scanning
 * (GitHub's upload-sarif and other SARIF viewers).
 *
 * Schema (one run):
 *   {"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
 *    "version": "2.1.0",
 *    "runs": [{
 *      "tool": {"driver": {"name": "roleaudit", "version": V,
 *        "rules": [ one per finding kind, index = enum finding_kind:
 *          {"id": "mixed", "name": "MixedRole",
 *           "shortDescription": {"text"}, "fullDescription": {"text"},
 *           "help": {"text"}, "defaultConfiguration": {"level"}} ]}},
 *      "invocations": [{"executionSuccessful": B,
 *        "toolExecutionNotifications": [
 *          {"level": "error"|"warning", "message": {"text"},
 *           "locations": [ FILE (and LINE) ]} ]}],
 *      "originalUriBaseIds": {"SRCROOT": {"uri": "file:///.../"}},
 *      "columnKind": "unicodeCodePoints",
 *      "results": [ one per finding:
 *        {"ruleId": KIND, "ruleIndex": N, "level": "error",
 *         "message": {"text": "ID TITLE: MESSAGE"},
 *         "locations": [{"physicalLocation": {
 *            "artifactLocation": {"uri": "data/ops.csv",
 *                                 "uriBaseId": "SRCROOT"},
 *            "region": {"startLine": LINE}}}],
 *         "partialFingerprints": {"roleauditFinding/v1": HEX16},
 *         "baselineState": "new" | "unchanged",
 *         "suppressions": [{"kind": "inSource" | "external",
 *                           "justification": ...}]   (accepted only)
 *         "properties": {"department", "roleId", "class", "opsScore",
 *                        "pmScore", "textHash"}} ]}]}
 *        (a mixed-share result: {"department", "mixedRoles", "roles",
 *        "share"} instead)
 * URIs are the paths check shows (relative to the repository, i.e. the
 * .roleaudit folder), percent-encoded (RFC 3986: only unreserved bytes
 * and '/' kept), relative to uriBaseId SRCROOT; an absolute path
 * becomes a file:// URI with no uriBaseId.  The run says where SRCROOT
 * is (originalUriBaseIds): the file URI, ending in '/', of the config's
 * folder, or with no config of the working directory.  The fingerprint
 * hashes the kind (or rule id), file, role id and the role's text hash
 * — never the text — so an alert keeps its identity when rows move.
 * No snippet, no file contents: HR text stays out of the log.
 * executionSuccessful is false when rows were rejected, a file could
 * not be read, a rule was not evaluated or the run met an error of its
 * own (a --write-baseline file it could not write).
 * The notifications: first the run's own errors (at their file), then
 * the files' errors (up to 1000 with them), then the rules
 * not evaluated (up to 1000), then a count of those left out — so the
 * warnings of a long run never crowd out a file's rejected rows.
 * A run that could not start (a config, a baseline or rules it cannot
 * use) is still a whole log: the driver without rules, the invocation
 * failed with one error notification per error (at the file and line
 * it names, if any) and "results": [] (upload-sarif refuses a run
 * without the array).
 * Neighbours: chk.h, jsonw.h.
 */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk.h"
#include "jsonw.h"
#include "strbuf.h"
#include "xalloc.h"

#define MAX_NOTES	1000

/* Notification objects, comma-joined, at most MAX_NOTES of them. */
struct noteset {
	struct strbuf	 sb;
	size_t		 n;
	unsigned long	 dropped;	/* notifications beyond MAX_NOTES */
	const char	*root;		/* SRCROOT's path, or NULL */
};

struct sarif_state {
	FILE		*fp;
	struct chk_opts	 o;
	struct noteset	 warns;		/* rules not evaluated, by role */
};

static const char *const rule_names[FK_COUNT] = {
	"MixedRole", "TitleMismatch", "UnclassifiedRole", "RuleNotEvaluated",
	"MixedShare"
};

static const char *const rule_help[FK_COUNT] = {
	"Split the duties between an operations role (steady, repeated work "
	"measured by KPIs) and a project role (a bounded goal, a schedule, "
	"delivery), or accept the finding in the baseline or the "
	"roleaudit-ignore column.",
	"Rename the role to match its duties, or rewrite the duties.",
	"Describe the role's scope, nature, cycle, metrics and skills so "
	"that it can be classified.",
	"A rule hit a PCRE2 resource limit on this row: simplify the rule's "
	"pattern or raise --match-limit/--depth-limit.",
	"Too many roles in the department mix the two kinds of work: review "
	"the mixed roles listed with it."
};

/* RFC 3986 percent-encoding of a path, '/' kept. */
static void
uri_path(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			strbuf_addc(sb, *p);
		else {
			strbuf_addc(sb, '%');
			strbuf_addc(sb, hex[*p >> 4]);
			strbuf_addc(sb, hex[*p & 15]);
		}
	}
}

/* Appends to SB the absolute path ROOT/REL with "." and ".." segments
 * taken out (lexically: the names are shown, not looked up). */
static void
join_path(struct strbuf *sb, const char *root, const char *rel)
{
	size_t base = sb->len;
	const char *parts[2] = { root, rel };

	for (int k = 0; k < 2; k++) {
		const char *p = parts[k];

		while (*p) {
			size_t n = strcspn(p, "/");

			if ((n == 2 && p[0] == '.' && p[1] == '.')) {
				/* up one: back to the previous '/' */
				while (sb->len > base && sb->buf[sb->len - 1] != '/')
					sb->len--;
				if (sb->len > base)
					sb->len--;
			} else if (n > 0 && !(n == 1 && p[0] == '.')) {
				strbuf_addc(sb, '/');
				strbuf_add(sb, p, n);
			}
			p += n;
			while (*p == '/')
				p++;
		}
	}
	if (sb->len == base)
		strbuf_addc(sb, '/');
	sb->buf[sb->len] = '\0';
}

/* PATH as a SARIF artifactLocation: relative to SRCROOT, or an absolute
 * file:// URI when it is absolute or, with ROOT known, leads out of it
 * ("../x.csv": code scanning cannot place a location above SRCROOT). */
static void
artifact(struct strbuf *sb, const char *path, const char *root)
{
	struct strbuf u = STRBUF_INIT;
	int up = path[0] == '.' && path[1] == '.' &&
	    (path[2] == '/' || path[2] == '\0');

	if (path[0] == '/' || (up && root != NULL && root[0] == '/')) {
		struct strbuf abs = STRBUF_INIT;

		if (path[0] == '/')
			strbuf_adds(&abs, path);
		else
			join_path(&abs, root, path);
		strbuf_adds(&u, "file://");
		uri_path(&u, strbuf_str(&abs));
		strbuf_free(&abs);
		strbuf_adds(sb, "\"artifactLocation\": {\"uri\": ");
		jsonw_cstr(sb, strbuf_str(&u));
	} else {
		uri_path(&u, path[0] == '.' && path[1] == '/' ? path + 2 : path);
		strbuf_adds(sb, "\"artifactLocation\": {\"uri\": ");
		jsonw_cstr(sb, strbuf_str(&u));
		strbuf_adds(sb, ", \"uriBaseId\": \"SRCROOT\"");
	}
	strbuf_addc(sb, '}');
	strbuf_free(&u);
}

static void
location(struct strbuf *sb, const char *path, unsigned long line,
    const char *root)
{
	strbuf_adds(sb, "[{\"physicalLocation\": {");
	artifact(sb, path, root);
	if (line)
		strbuf_addf(sb, ", \"region\": {\"startLine\": %lu}", line);
	strbuf_adds(sb, "}}]");
}

static void
note(struct noteset *ns, const char *level, const char *path,
    unsigned long line, const char *text)
{
	struct strbuf *sb = &ns->sb;

	if (ns->n >= MAX_NOTES) {
		ns->dropped++;
		return;
	}
	strbuf_adds(sb, ns->n++ ? ",\n        " : "\n        ");
	strbuf_adds(sb, "{\"level\": ");
	jsonw_cstr(sb, level);
	strbuf_adds(sb, ", \"message\": {\"text\": ");
	jsonw_cstr(sb, text);
	strbuf_addc(sb, '}');
	if (path != NULL) {
		strbuf_adds(sb, ", \"locations\": ");
		location(sb, path, line, ns->root);
	}
	strbuf_addc(sb, '}');
}

/* The note that says how many were dropped, when some were. */
static void
left_out(struct noteset *tail, unsigned long dropped)
{
	char *msg;

	if (dropped == 0)
		return;
	xasprintf(&msg, "%lu more notifications left out", dropped);
	note(tail, "warning", NULL, 0, msg);
	free(msg);
}

/* The N sets of notifications, comma-joined, in order. */
static void
notes_write(FILE *fp, struct noteset *const *sets, int n)
{
	int any = 0;

	for (int k = 0; k < n; k++) {
		if (sets[k]->n == 0)
			continue;
		if (any++)
			fputc(',', fp);
		fwrite(strbuf_str(&sets[k]->sb), 1, sets[k]->sb.len, fp);
	}
}

/* The run's "originalUriBaseIds": where SRCROOT is, as a file URI that
 * ends in '/'; nothing when it is not known. */
static void
uri_base_ids(struct strbuf *sb, const struct chk_opts *o)
{
	struct strbuf u = STRBUF_INIT;

	if (o->srcroot == NULL || o->srcroot[0] != '/')
		return;
	strbuf_adds(&u, "file://");
	uri_path(&u, o->srcroot);
	if (u.buf[u.len - 1] != '/')
		strbuf_addc(&u, '/');
	strbuf_adds(sb, "\n    \"originalUriBaseIds\": {\"SRCROOT\": "
	    "{\"uri\": ");
	jsonw_cstr(sb, strbuf_str(&u));
	strbuf_adds(sb, "}},");
	strbuf_free(&u);
}

/* The log up to the driver's name and version, the object left open. */
static void
log_start(struct strbuf *sb)
{
	strbuf_addf(sb, "{\n  \"$schema\": \"https://json.schemastore.org/"
	    "sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	    "    \"tool\": {\"driver\": {\"name\": \"roleaudit\", "
	    "\"version\": \"%s\"", PACKAGE_VERSION);
}

static void *
sarif_begin(FILE *fp, const struct chk_opts *o)
{
	struct sarif_state *st = xcalloc(1, sizeof(*st));

	st->fp = fp;
	st->o = *o;
	st->warns.root = st->o.srcroot;
	return st;
}

static void
sarif_role(void *vst, const struct role *r, const char *display,
    const struct finding *f, size_t n)
{
	struct sarif_state *st = vst;

	(void)f;
	(void)n;
	for (size_t i = 0; i < r->nmisses; i++) {
		char *msg;

		xasprintf(&msg, "rule %s was not evaluated on role %s: %s",
		    r->misses[i].rule->id, r->id, r->misses[i].why);
		note(&st->warns, "warning", display, r->line, msg);
		free(msg);
	}
}

static void
result(struct strbuf *sb, const struct finding *f, const struct chk_opts *o)
{
	struct strbuf t = STRBUF_INIT;
	char hex[17];
	uint64_t fp;

	strbuf_adds(sb, "{\"ruleId\": ");
	jsonw_cstr(sb, finding_kind_name(f->kind));
	strbuf_addf(sb, ", \"ruleIndex\": %d, \"level\": \"error\", "
	    "\"message\": {\"text\": ", (int)f->kind);
	chk_role_label(&t, f);
	strbuf_adds(&t, ": ");
	strbuf_adds(&t, f->message);
	jsonw_cstr(sb, strbuf_str(&t));
	strbuf_addc(sb, '}');
	if (f->path != NULL) {
		strbuf_adds(sb, ",\n       \"locations\": ");
		location(sb, f->path, f->line, o->srcroot);
	}
	/* Identity across runs: what and which role, not where or the text. */
	fp = fnv1a64(FNV64_INIT, finding_key(f), strlen(finding_key(f)) + 1);
	fp = fnv1a64(fp, f->path ? f->path : "", f->path ? strlen(f->path) + 1 : 1);
	fp = fnv1a64(fp, f->id, strlen(f->id) + 1);
	snprintf(hex, sizeof(hex), "%016" PRIx64, f->text_hash);
	fp = fnv1a64(fp, hex, 16);	/* as text: the same on every host */
	snprintf(hex, sizeof(hex), "%016" PRIx64, fp);
	strbuf_adds(sb, ",\n       \"partialFingerprints\": "
	    "{\"roleauditFinding/v1\": ");
	jsonw_cstr(sb, hex);
	strbuf_addf(sb, "}, \"baselineState\": \"%s\"",
	    f->state == FS_BASELINE ? "unchanged" : "new");
	if (f->state == FS_IGNORED) {
		strbuf_reset(&t);
		strbuf_addf(&t, "accepted in the row's %s column",
		    o->ignore_col ? o->ignore_col : "roleaudit-ignore");
		strbuf_adds(sb, ",\n       \"suppressions\": [{\"kind\": "
		    "\"inSource\", \"justification\": ");
		jsonw_cstr(sb, strbuf_str(&t));
		strbuf_adds(sb, "}]");
	} else if (f->state == FS_BASELINE) {
		strbuf_reset(&t);
		strbuf_addf(&t, "listed in the baseline %s",
		    o->baseline ? o->baseline : "");
		strbuf_adds(sb, ",\n       \"suppressions\": [{\"kind\": "
		    "\"external\", \"justification\": ");
		jsonw_cstr(sb, strbuf_str(&t));
		strbuf_adds(sb, "}]");
	}
	/* A department's share is no role's: it carries no role id. */
	strbuf_adds(sb, ",\n       \"properties\": {\"department\": ");
	jsonw_cstr(sb, f->dept);
	if (f->kind == FK_MIXED_SHARE) {
		strbuf_addf(sb, ", \"mixedRoles\": %lu, \"roles\": %lu, "
		    "\"share\": ", f->mixed, f->roles);
		jsonw_num(sb, f->share);
	} else {
		strbuf_adds(sb, ", \"roleId\": ");
		jsonw_cstr(sb, f->id);
		strbuf_adds(sb, ", \"class\": ");
		jsonw_cstr(sb, class_name(f->cls));
		strbuf_adds(sb, ", \"opsScore\": ");
		jsonw_num(sb, f->ops);
		strbuf_adds(sb, ", \"pmScore\": ");
		jsonw_num(sb, f->pm);
		snprintf(hex, sizeof(hex), "%016" PRIx64, f->text_hash);
		strbuf_adds(sb, ", \"textHash\": ");
		jsonw_cstr(sb, hex);
	}
	strbuf_adds(sb, "}}");
	strbuf_free(&t);
}

static int
sarif_end(void *vst, const struct chk_run *run)
{
	struct sarif_state *st = vst;
	const struct policy *p = run->p;
	const struct totals *t = run->t;
	struct strbuf sb = STRBUF_INIT;
	struct noteset errs = { STRBUF_INIT, 0, 0, st->o.srcroot },
	    tail = { STRBUF_INIT, 0, 0, st->o.srcroot };
	int ok, rc;

	/* The run's own errors first: why it exits 2. */
	for (size_t i = 0; i < run->nerrors; i++)
		note(&errs, "error", run->errors[i].path, run->errors[i].line,
		    run->errors[i].msg);
	for (size_t i = 0; i < t->nfiles; i++) {
		const struct file_totals *ft = &t->files[i];
		const char *show = run->show ? run->show[i] : ft->path;
		char *msg;

		if (ft->failed) {
			xasprintf(&msg, "%s could not be checked (see the "
			    "messages on standard error)", show);
			note(&errs, "error", show, 0, msg);
			free(msg);
		}
		if (ft->rejected) {
			xasprintf(&msg, "%lu of %lu rows were rejected as "
			    "malformed and not checked (the messages on "
			    "standard error name each line)", ft->rejected,
			    ft->rows_read);
			note(&errs, "error", show, 0, msg);
			free(msg);
		}
	}
	left_out(&tail, errs.dropped + st->warns.dropped);
	ok = !run->failed && run->nerrors == 0 && t->rejected == 0 &&
	    p->not_evaluated == 0;

	log_start(&sb);
	strbuf_adds(&sb, ", \"rules\": [");
	for (int k = 0; k < FK_COUNT; k++) {
		strbuf_adds(&sb, k ? ",\n      " : "\n      ");
		strbuf_adds(&sb, "{\"id\": ");
		jsonw_cstr(&sb, finding_kind_name((enum finding_kind)k));
		strbuf_adds(&sb, ", \"name\": ");
		jsonw_cstr(&sb, rule_names[k]);
		strbuf_adds(&sb, ", \"shortDescription\": {\"text\": ");
		jsonw_cstr(&sb, finding_kind_desc((enum finding_kind)k));
		strbuf_adds(&sb, "}, \"fullDescription\": {\"text\": ");
		jsonw_cstr(&sb, finding_kind_desc((enum finding_kind)k));
		strbuf_adds(&sb, "}, \"help\": {\"text\": ");
		jsonw_cstr(&sb, rule_help[k]);
		strbuf_addf(&sb, "}, \"defaultConfiguration\": {\"level\": "
		    "\"%s\"}}", k == FK_MIXED_SHARE ||
		    (p->o.fail_on & FK_BIT(k)) ? "error" : "warning");
	}
	strbuf_addf(&sb, "]}},\n    \"invocations\": [{\"executionSuccessful\": "
	    "%s, \"toolExecutionNotifications\": [", ok ? "true" : "false");
	fwrite(sb.buf, 1, sb.len, st->fp);
	{
		struct noteset *sets[3] = { &errs, &st->warns, &tail };

		notes_write(st->fp, sets, 3);
	}
	strbuf_reset(&sb);
	strbuf_adds(&sb, "]}],");
	uri_base_ids(&sb, &st->o);
	strbuf_adds(&sb, "\n    \"columnKind\": \"unicodeCodePoints\",\n"
	    "    \"results\": [");
	for (size_t i = 0; i < p->nfindings; i++) {
		strbuf_adds(&sb, i ? ",\n      " : "\n      ");
		result(&sb, &p->findings[i], &st->o);
		if (sb.len > 65536) {
			fwrite(sb.buf, 1, sb.len, st->fp);
			strbuf_reset(&sb);
		}
	}
	strbuf_adds(&sb, "]\n  }]\n}\n");
	fwrite(sb.buf, 1, sb.len, st->fp);
	rc = ferror(st->fp) ? -1 : 0;
	strbuf_free(&sb);
	strbuf_free(&errs.sb);
	strbuf_free(&tail.sb);
	strbuf_free(&st->warns.sb);
	free(st);
	return rc;
}

/*
 * A run that could not start (a config, a baseline or rules it cannot
 * use): a whole log all the same, so that the upload step shows why.
 * No rule ran: no rules, and no results -- but an empty array, which
 * upload-sarif requires of every run.
 */
static int
sarif_fail(FILE *fp, const struct chk_opts *o, const struct chk_error *e,
    size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct noteset errs = { STRBUF_INIT, 0, 0, o->srcroot },
	    tail = { STRBUF_INIT, 0, 0, o->srcroot };
	int rc;

	for (size_t i = 0; i < n; i++)
		note(&errs, "error", e[i].path, e[i].line, e[i].msg);
	if (n == 0)
		note(&errs, "error", NULL, 0, "roleaudit check could not run "
		    "(see the messages on standard error)");
	left_out(&tail, errs.dropped);
	log_start(&sb);
	strbuf_adds(&sb, "}},\n    \"invocations\": [{\"executionSuccessful\": "
	    "false, \"toolExecutionNotifications\": [");
	fwrite(sb.buf, 1, sb.len, fp);
	{
		struct noteset *sets[2] = { &errs, &tail };

		notes_write(fp, sets, 2);
	}
	strbuf_reset(&sb);
	strbuf_adds(&sb, "]}],");
	uri_base_ids(&sb, o);
	strbuf_adds(&sb, "\n    \"columnKind\": \"unicodeCodePoints\",\n"
	    "    \"results\": []\n  }]\n}\n");
	fwrite(sb.buf, 1, sb.len, fp);
	rc = ferror(fp) ? -1 : 0;
	strbuf_free(&sb);
	strbuf_free(&errs.sb);
	strbuf_free(&tail.sb);
	return rc;
}

const struct chk_ops chk_sarif = { "sarif", sarif_begin, sarif_role,
    sarif_end, sarif_fail };
