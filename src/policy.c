/*
 * policy.c — findings from verdicts, the suppression column, the
 * baseline and the mixed-share limit (contract in policy.h).  Pure
 * bookkeeping: no output but diag() warnings about a suppression cell
 * that names nothing known.  Neighbours: cmd_check.c feeds roles,
 * baseline.c answers lookups, chk_*.c print p->findings.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "diag.h"
#include "matcher.h"
#include "policy.h"
#include "strbuf.h"
#include "xalloc.h"

static const char *const kind_names[FK_COUNT] = {
	"mixed", "title-mismatch", "unclassified", "not-evaluated",
	"mixed-share"
};

static const char *const kind_descs[FK_COUNT] = {
	"The role's duties mix operations and project-management work.",
	"The role's title names one kind of role, its duties read as the other.",
	"The role's text carries too little evidence to classify it.",
	"A rule could not be evaluated on the role (a PCRE2 resource limit).",
	"The share of mixed roles is above the allowed maximum."
};

const char *
finding_kind_name(enum finding_kind k)
{
	return k < FK_COUNT ? kind_names[k] : "?";
}

const char *
finding_kind_desc(enum finding_kind k)
{
	return k < FK_COUNT ? kind_descs[k] : "?";
}

int
finding_kind_parse(const char *s, enum finding_kind *out)
{
	for (int k = 0; k < FK_COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum finding_kind)k;
			return 0;
		}
	return -1;
}

/*
 * Splits S into tokens separated by ASCII commas, semicolons and white
 * space, and the full-width ， ； 、 that a Chinese spreadsheet user
 * types.  Calls FN for each; stops early when it returns nonzero.
 */
static int
each_token(const char *s, int (*fn)(void *, const char *, size_t), void *arg)
{
	while (*s) {
		size_t n = 0;
		int r;

		if (*s == ',' || *s == ';' || *s == ' ' || *s == '\t' ||
		    *s == '\r' || *s == '\n') {
			s++;
			continue;
		}
		if (strncmp(s, "\xef\xbc\x8c", 3) == 0 ||	/* ， */
		    strncmp(s, "\xef\xbc\x9b", 3) == 0 ||	/* ； */
		    strncmp(s, "\xe3\x80\x81", 3) == 0) {	/* 、 */
			s += 3;
			continue;
		}
		while (s[n] && !strchr(",; \t\r\n", s[n]) &&
		    strncmp(s + n, "\xef\xbc\x8c", 3) != 0 &&
		    strncmp(s + n, "\xef\xbc\x9b", 3) != 0 &&
		    strncmp(s + n, "\xe3\x80\x81", 3) != 0)
			n++;
		if ((r = fn(arg, s, n)) != 0)
			return r;
		s += n;
	}
	return 0;
}

struct kinds_arg {
	unsigned	 mask;
	const char	*bad;
	size_t		 badlen;
};

static int
kinds_tok(void *varg, const char *s, size_t n)
{
	struct kinds_arg *a = varg;

	for (int k = 0; k < FK_MIXED_SHARE; k++)
		if (strlen(kind_names[k]) == n &&
		    strncmp(s, kind_names[k], n) == 0) {
			a->mask |= FK_BIT(k);
			return 0;
		}
	a->bad = s;
	a->badlen = n;
	return -1;
}

int
policy_parse_kinds(const char *s, unsigned *mask, const char **bad,
    size_t *badlen)
{
	struct kinds_arg a = { 0, NULL, 0 };

	if (each_token(s, kinds_tok, &a) != 0) {
		*bad = a.bad;
		*badlen = a.badlen;
		return -1;
	}
	*mask = a.mask;
	return 0;
}

const char *
finding_key(const struct finding *f)
{
	return f->kind == FK_NOT_EVALUATED && f->rule ? f->rule :
	    finding_kind_name(f->kind);
}

uint64_t
fnv1a64(uint64_t h, const void *vp, size_t len)
{
	const unsigned char *p = vp;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
role_text_hash_raw(const struct ra_field *text, size_t ntext)
{
	uint64_t h = FNV64_INIT;

	for (size_t i = 0; i < ntext; i++) {
		h = fnv1a64(h, text[i].ptr, text[i].len);
		h = fnv1a64(h, "\x1f", 1);
	}
	return h;
}

uint64_t
role_text_hash(const struct ra_field *text, size_t ntext)
{
	uint64_t h = FNV64_INIT;

	for (size_t i = 0; i < ntext; i++) {
		const char *p = text[i].ptr, *end = p + text[i].len, *cr;

		/* CRLF and a lone CR hash as LF: a checkout with other
		 * line endings, or a sheet saved again, is no edit. */
		while ((cr = memchr(p, '\r', (size_t)(end - p))) != NULL) {
			h = fnv1a64(h, p, (size_t)(cr - p));
			h = fnv1a64(h, "\n", 1);
			p = cr + 1 < end && cr[1] == '\n' ? cr + 2 : cr + 1;
		}
		h = fnv1a64(h, p, (size_t)(end - p));
		h = fnv1a64(h, "\x1f", 1);
	}
	return h;
}

int
policy_seeks(unsigned fail_on, const char *key)
{
	enum finding_kind k;

	/* Not a kind name: a rule id, which only not-evaluated names. */
	if (finding_kind_parse(key, &k) != 0)
		k = FK_NOT_EVALUATED;
	return k != FK_MIXED_SHARE && (fail_on & FK_BIT(k)) != 0;
}

/* --- per-department counters ------------------------------------------ */

struct dept {
	char		*name;
	char		*path;		/* where its first role is */
	unsigned long	 line;
	unsigned long	 roles, mixed;
	struct dept	*next;		/* hash chain */
};

struct depts {
	struct dept	**tab;		/* NBUCKETS chains */
	struct dept	**order;	/* first-seen order */
	size_t		 n, cap;
};

#define NBUCKETS	1024

static struct dept *
dept_get(struct policy *p, const char *name, const char *path,
    unsigned long line)
{
	struct depts *d = p->depts;
	size_t b = (size_t)(fnv1a64(FNV64_INIT, name, strlen(name)) % NBUCKETS);
	struct dept *e;

	if (d == NULL) {
		d = p->depts = xcalloc(1, sizeof(*d));
		d->tab = xcalloc(NBUCKETS, sizeof(*d->tab));
	}
	for (e = d->tab[b]; e != NULL; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e;
	e = xcalloc(1, sizeof(*e));
	e->name = xstrdup(name);
	e->path = xstrdup(path);
	e->line = line;
	e->next = d->tab[b];
	d->tab[b] = e;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->order = xreallocarray(d->order, d->cap, sizeof(*d->order));
	}
	d->order[d->n++] = e;
	return e;
}

static void
depts_free(struct depts *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->order[i]->name);
		free(d->order[i]->path);
		free(d->order[i]);
	}
	free(d->order);
	free(d->tab);
	free(d);
}

/* --- the policy -------------------------------------------------------- */

struct policy *
policy_new(const struct policy_opts *o, struct baseline *bl)
{
	struct policy *p = xcalloc(1, sizeof(*p));

	p->o = *o;
	p->bl = bl;
	return p;
}

static struct finding *
add_finding(struct policy *p, enum finding_kind k)
{
	struct finding *f;

	if (p->nfindings == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->findings = xreallocarray(p->findings, p->cap,
		    sizeof(*p->findings));
	}
	f = &p->findings[p->nfindings++];
	memset(f, 0, sizeof(*f));
	f->kind = k;
	return f;
}

/* What one row's suppression cell says. */
struct ignore {
	unsigned	 kinds;
	const char	*toks[64];	/* rule ids, pointing into the cell */
	size_t		 lens[64];
	size_t		 ntoks;
	struct policy	*p;
	const char	*path;
	unsigned long	 line;
};

static int
ignore_tok(void *varg, const char *s, size_t n)
{
	struct ignore *ig = varg;
	char name[128];

	for (int k = 0; k < FK_COUNT; k++)
		if (strlen(kind_names[k]) == n &&
		    strncmp(s, kind_names[k], n) == 0) {
			/* A department's share is no row's to accept. */
			if (k == FK_MIXED_SHARE)
				diag(DIAG_WARNING, ig->path, ig->line, 0, "%s "
				    "column: 'mixed-share' is a department's "
				    "finding, not a role's; a row cannot accept "
				    "it (raise --max-mixed-share instead)",
				    ig->p->o.ignore_col ? ig->p->o.ignore_col :
				    "roleaudit-ignore");
			ig->kinds |= FK_BIT(k);
			return 0;
		}
	snprintf(name, sizeof(name), "%.*s", (int)(n < 120 ? n : 120), s);
	if (ig->p->o.rs != NULL && ruleset_find(ig->p->o.rs, name) == NULL)
		diag(DIAG_WARNING, ig->path, ig->line, 0, "%s column: '%s' "
		    "is neither a finding kind (%s, %s, %s, %s) nor a rule id; "
		    "it accepts nothing", ig->p->o.ignore_col ?
		    ig->p->o.ignore_col : "roleaudit-ignore", name,
		    kind_names[0], kind_names[1], kind_names[2], kind_names[3]);
	if (ig->ntoks < 64) {
		ig->toks[ig->ntoks] = s;
		ig->lens[ig->ntoks++] = n;
	}
	return 0;
}

static int
ignores_rule(const struct ignore *ig, const char *id)
{
	size_t n = strlen(id);

	for (size_t i = 0; i < ig->ntoks; i++)
		if (ig->lens[i] == n && strncmp(ig->toks[i], id, n) == 0)
			return 1;
	return 0;
}

static const char *
side_word(int side)
{
	return side == SIDE_OPS ? "operations" : "project-management";
}

/* The message of a role finding: numbers and dimension names only, never
 * the role's text, so it is safe in CI logs and SARIF. */
static char *
role_message(const struct finding *f, const struct verdict *v,
    const struct thresholds *th, const char *why)
{
	struct strbuf sb = STRBUF_INIT;

	switch (f->kind) {
	case FK_MIXED:
		strbuf_addf(&sb, "duties mix operations and project-management "
		    "work (ops %g, pm %g", v->sc.side[SIDE_OPS],
		    v->sc.side[SIDE_PM]);
		if (v->conflicts) {
			int k = 0;

			strbuf_adds(&sb, "; conflicting dimensions: ");
			for (int d = 0; d < DIM_COUNT; d++)
				if (v->conflicts & (1u << d))
					strbuf_addf(&sb, "%s%s", k++ ? ", " : "",
					    dim_name((enum ra_dim)d));
		}
		strbuf_adds(&sb, ")");
		break;
	case FK_TITLE_MISMATCH:
		strbuf_addf(&sb, "the title reads as %s but the duties read as "
		    "%s (ops %g, pm %g)", side_word(v->title_lean),
		    v->cls == CLASS_OPS ? "operations" : "project-management",
		    v->sc.side[SIDE_OPS], v->sc.side[SIDE_PM]);
		break;
	case FK_UNCLASSIFIED:
		strbuf_addf(&sb, "too little evidence to classify the role (ops "
		    "%g, pm %g; at least %g needed, without a tie)",
		    v->sc.side[SIDE_OPS], v->sc.side[SIDE_PM], th->min_evidence);
		break;
	case FK_NOT_EVALUATED:
		strbuf_addf(&sb, "rule %s was not evaluated on this role: %s",
		    f->rule, why);
		break;
	default:
		break;
	}
	return strbuf_detach(&sb);
}

size_t
policy_role(struct policy *p, const struct role *r, const char *display)
{
	struct thresholds thd;
	const struct thresholds *th = p->o.th;
	struct verdict vbuf;
	const struct verdict *v = &r->v;
	struct ignore ig;
	size_t first = p->nfindings;
	uint64_t hash, raw;
	int rescore = 0;

	if (th == NULL) {
		thresholds_default(&thd);
		th = &thd;
	}
	if (display == NULL)
		display = r->path;
	if (p->first_path == NULL) {
		p->first_path = xstrdup(display);
		p->first_line = r->line;
	}
	p->roles++;

	memset(&ig, 0, sizeof(ig));
	ig.p = p;
	ig.path = display;
	ig.line = r->line;
	if (r->ignore != NULL)
		each_token(r->ignore, ignore_tok, &ig);

	/* Ignoring a rule id takes its evidence out and classifies again. */
	for (size_t i = 0; i < r->nhits && ig.ntoks; i++)
		if (ignores_rule(&ig, r->hits[i].rule->id))
			rescore = 1;
	if (rescore) {
		struct hit *kept = xcalloc(r->nhits, sizeof(*kept));
		struct scores sc;
		size_t n = 0;

		for (size_t i = 0; i < r->nhits; i++)
			if (!ignores_rule(&ig, r->hits[i].rule->id))
				kept[n++] = r->hits[i];
		score_hits(&sc, kept, n);
		classify(&sc, th, &vbuf);
		free(kept);
		v = &vbuf;
	}

	if (p->o.max_mixed_share >= 0) {
		if (p->o.per_department) {
			/* Roles without a department are keyed by the empty
			 * name, which no department has (names are trimmed). */
			struct dept *d = dept_get(p, r->dept, display, r->line);

			d->roles++;
			if (v->cls == CLASS_MIXED)
				d->mixed++;
		}
	}
	if (v->cls == CLASS_MIXED)
		p->mixed_roles++;

	hash = role_text_hash(r->text, r->ntext);
	for (int k = 0; k <= FK_NOT_EVALUATED; k++) {
		size_t nmiss = k == FK_NOT_EVALUATED ? r->nmisses : 1;

		if (k == FK_NOT_EVALUATED)
			p->not_evaluated += r->nmisses;
		if (!(p->o.fail_on & FK_BIT(k)))
			continue;
		if (k == FK_MIXED && v->cls != CLASS_MIXED)
			continue;
		if (k == FK_TITLE_MISMATCH && !(v->flags & FLAG_TITLE_MISMATCH))
			continue;
		if (k == FK_UNCLASSIFIED && v->cls != CLASS_UNCLASSIFIED)
			continue;
		for (size_t i = 0; i < nmiss; i++) {
			struct finding *f;
			const char *why = NULL;

			if (k == FK_NOT_EVALUATED) {
				const char *rid = r->misses[i].rule->id;
				int dup = 0;

				if (ignores_rule(&ig, rid))
					continue;
				for (size_t j = 0; j < i; j++)
					if (r->misses[j].rule == r->misses[i].rule)
						dup = 1;
				if (dup)
					continue;
				why = r->misses[i].why;
			}
			f = add_finding(p, (enum finding_kind)k);
			f->path = xstrdup(display);
			f->line = r->line;
			f->id = xstrdup(r->id);
			f->title = xstrdup(r->title ? r->title : "");
			f->dept = xstrdup(r->dept ? r->dept : "");
			if (k == FK_NOT_EVALUATED)
				f->rule = xstrdup(r->misses[i].rule->id);
			f->text_hash = hash;
			f->cls = v->cls;
			f->ops = v->sc.side[SIDE_OPS];
			f->pm = v->sc.side[SIDE_PM];
			f->conflicts = v->conflicts;
			f->message = role_message(f, v, th, why);
			if (ig.kinds & FK_BIT(k))
				f->state = FS_IGNORED;
			/* A baseline written before line breaks were hashed
			 * alike holds the hash of the bytes: it still
			 * accepts the finding (tried only when needed). */
			else if (baseline_take(p->bl, f->path, f->id,
			    finding_key(f), hash) || (p->bl != NULL &&
			    (raw = role_text_hash_raw(r->text, r->ntext)) !=
			    hash && baseline_take(p->bl, f->path, f->id,
			    finding_key(f), raw)))
				f->state = FS_BASELINE;
			else {
				f->state = FS_NEW;
				p->breaches++;
			}
			p->by_state[f->state]++;
		}
	}
	return p->nfindings - first;
}

static void
share_finding(struct policy *p, const char *dept, const char *path,
    unsigned long line, unsigned long mixed, unsigned long roles)
{
	struct finding *f;
	double share = roles ? (double)mixed / (double)roles : 0;

	if (share <= p->o.max_mixed_share)
		return;
	f = add_finding(p, FK_MIXED_SHARE);
	f->path = path ? xstrdup(path) : NULL;
	f->line = line;
	f->id = xstrdup(dept == NULL ? "(all)" : *dept == '\0' ?
	    "(no department)" : dept);
	f->title = xstrdup("");
	f->dept = xstrdup(dept ? dept : "");
	f->mixed = mixed;
	f->roles = roles;
	f->share = share;
	f->cls = CLASS_MIXED;
	xasprintf(&f->message, "%s%s%s: %lu of %lu roles are mixed (%.1f%%), "
	    "above the allowed %.1f%%", dept == NULL ? "all roles" :
	    *dept == '\0' ? "roles without a department" : "department '",
	    dept != NULL && *dept != '\0' ? dept : "",
	    dept != NULL && *dept != '\0' ? "'" : "", mixed, roles,
	    share * 100, p->o.max_mixed_share * 100);
	f->state = FS_NEW;
	p->breaches++;
}

unsigned long
policy_finish(struct policy *p)
{
	if (p->o.max_mixed_share < 0)
		return p->breaches;
	if (p->o.per_department) {
		struct depts *d = p->depts;

		for (size_t i = 0; d != NULL && i < d->n; i++)
			share_finding(p, d->order[i]->name, d->order[i]->path,
			    d->order[i]->line, d->order[i]->mixed,
			    d->order[i]->roles);
	} else
		share_finding(p, NULL, p->first_path, p->first_line,
		    p->mixed_roles, p->roles);
	return p->breaches;
}

static const struct policy *sort_p;

static int
worst_cmp(const void *va, const void *vb)
{
	const struct finding *a = &sort_p->findings[*(const size_t *)va];
	const struct finding *b = &sort_p->findings[*(const size_t *)vb];
	static const int rank[FK_COUNT] = { 1, 2, 3, 4, 0 };
	int c;

	if ((a->state == FS_NEW) != (b->state == FS_NEW))
		return a->state == FS_NEW ? -1 : 1;
	if (rank[a->kind] != rank[b->kind])
		return rank[a->kind] - rank[b->kind];
	if (a->kind == FK_MIXED) {
		/* The more balanced the two sides, the more mixed. */
		double wa = a->ops < a->pm ? a->ops : a->pm;
		double wb = b->ops < b->pm ? b->ops : b->pm;

		if (wa != wb)
			return wa > wb ? -1 : 1;
	}
	if (a->kind == FK_MIXED_SHARE && a->share != b->share)
		return a->share > b->share ? -1 : 1;
	if ((c = strcmp(a->path ? a->path : "", b->path ? b->path : "")) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a < b ? -1 : a > b;
}

size_t *
policy_order_worst(const struct policy *p)
{
	size_t *idx = xcalloc(p->nfindings ? p->nfindings : 1, sizeof(*idx));

	for (size_t i = 0; i < p->nfindings; i++)
		idx[i] = i;
	/* qsort has no context argument in C99; the policy is not shared
	 * between threads, so a file-scope pointer is safe here. */
	sort_p = p;
	qsort(idx, p->nfindings, sizeof(*idx), worst_cmp);
	sort_p = NULL;
	return idx;
}

void
policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nfindings; i++) {
		struct finding *f = &p->findings[i];

		free(f->path);
		free(f->id);
		free(f->title);
		free(f->dept);
		free(f->rule);
		free(f->message);
	}
	free(p->findings);
	free(p->first_path);
	depts_free(p->depts);
	free(p);
}
