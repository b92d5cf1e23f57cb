/*
 * report.c — the department summary: a sink that counts roles per
 * department, the merge of JSON reports of shards, the sorting every
 * format shares, and the list of report formats (the only place that
 * knows it).  Neighbours: cmd_report.c drives it; rep_*.c write it;
 * jsonr.c reads the parts for --merge.
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "diag.h"
#include "jsonr.h"
#include "report.h"
#include "xalloc.h"

/* --- a string -> index map (open addressing, FNV-1a) ----------------- */

struct rep_map {
	const char	**keys;		/* BORROWED from the report's arrays */
	size_t		 *vals;
	size_t		  cap, n;	/* cap is a power of two */
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct rep_map *
map_new(void)
{
	struct rep_map *m = xcalloc(1, sizeof(*m));

	m->cap = 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	return m;
}

static void
map_free(struct rep_map *m)
{
	if (m == NULL)
		return;
	free(m->keys);
	free(m->vals);
	free(m);
}

static void map_put(struct rep_map *, const char *, size_t);

static void
map_grow(struct rep_map *m)
{
	const char **keys = m->keys;
	size_t *vals = m->vals, cap = m->cap;

	m->cap *= 2;
	m->n = 0;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	for (size_t i = 0; i < cap; i++)
		if (keys[i] != NULL)
			map_put(m, keys[i], vals[i]);
	free(keys);
	free(vals);
}

/* Index of KEY, or SIZE_MAX when absent. */
static size_t
map_get(const struct rep_map *m, const char *key)
{
	size_t i = (size_t)hash_str(key) & (m->cap - 1);

	while (m->keys[i] != NULL) {
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return SIZE_MAX;
}

/* Sets KEY (BORROWED: must live as long as the map) to VAL. */
static void
map_put(struct rep_map *m, const char *key, size_t val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		map_grow(m);
	i = (size_t)hash_str(key) & (m->cap - 1);
	while (m->keys[i] != NULL) {
		if (strcmp(m->keys[i], key) == 0) {
			m->vals[i] = val;
			return;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

/* --- building ---------------------------------------------------------- */

/* --- the review list, spilled to a temporary file when long ---------- */

#define REVIEW_MEM	16384	/* entries kept in memory (about 2 MB) */

struct rep_seg {			/* one department's entries in a run */
	char		*dept;
	off_t		 off;
	size_t		 n;
};

struct rep_spill {
	FILE		*fp;		/* tmpfile(), once needed */
	off_t		 end;		/* bytes written */
	struct rep_seg	*seg;
	size_t		 nseg, capseg;
	size_t		 memmax;	/* entries kept in memory */
};

/* A record: these fields, then the four strings with their NULs. */
struct rec_head {
	uint32_t	 len[4];	/* file, id, title, dept (with NUL) */
	uint64_t	 line;
	uint32_t	 cls, flags, conflicts;
};

static void
review_free(struct rep_review *e)
{
	free(e->file);
	free(e->id);
	free(e->title);
	free(e->dept);
}

static void
spill_free(struct rep_spill *sp)
{
	if (sp == NULL)
		return;
	if (sp->fp != NULL)
		fclose(sp->fp);
	for (size_t i = 0; i < sp->nseg; i++)
		free(sp->seg[i].dept);
	free(sp->seg);
	free(sp);
}

/* Id, file, line: the order within a department. */
static int
by_id(const struct rep_review *x, const struct rep_review *y)
{
	int c;

	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Department (by name), then by_id(): the order of a run. */
static int
by_run(const void *a, const void *b)
{
	const struct rep_review *x = a, *y = b;
	int c = strcmp(x->dept, y->dept);

	return c != 0 ? c : by_id(x, y);
}

static void
rec_write(FILE *fp, const struct rep_review *e, off_t *end)
{
	const char *str[4] = { e->file, e->id, e->title, e->dept };
	struct rec_head h;

	memset(&h, 0, sizeof(h));
	for (int k = 0; k < 4; k++)
		h.len[k] = (uint32_t)(strlen(str[k]) + 1);
	h.line = e->line;
	h.cls = (uint32_t)e->cls;
	h.flags = e->flags;
	h.conflicts = e->conflicts;
	fwrite(&h, sizeof(h), 1, fp);
	*end += (off_t)sizeof(h);
	for (int k = 0; k < 4; k++) {
		fwrite(str[k], 1, h.len[k], fp);
		*end += h.len[k];
	}
}

/* A temporary file in TMPDIR (else /tmp), already unlinked: tmpfile()
 * would ignore TMPDIR.  NULL with errno set. */
static const char *
spill_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

static FILE *
spill_file(void)
{
	char *path;
	FILE *fp = NULL;
	int fd, err;

	xasprintf(&path, "%s/roleaudit-review.XXXXXX", spill_dir());
	if ((fd = mkstemp(path)) != -1) {
		unlink(path);
		if ((fp = fdopen(fd, "w+")) == NULL) {
			err = errno;
			close(fd);
			errno = err;
		}
	}
	free(path);
	return fp;
}

/*
 * Writes the entries in memory to the temporary file as one run, sorted
 * by department name, id, file and line, with a segment per department.
 * If the file cannot be made or written, the entries stay in memory
 * (and so do all later ones), with a warning: nothing is lost.
 */
static void
spill_run(struct report *rep)
{
	struct rep_spill *sp = rep->spill;
	off_t start = sp->end;
	size_t nseg0 = sp->nseg;

	if (sp->fp == NULL && (sp->fp = spill_file()) == NULL) {
		diag(DIAG_WARNING, NULL, 0, 0, "cannot make a temporary file "
		    "in %s for the list of roles to review (%s): it stays in "
		    "memory (set TMPDIR to a folder that can take it)",
		    spill_dir(), strerror(errno));
		sp->memmax = SIZE_MAX;
		return;
	}
	qsort(rep->review, rep->nrevmem, sizeof(*rep->review), by_run);
	for (size_t i = 0; i < rep->nrevmem; i++) {
		const struct rep_review *e = &rep->review[i];

		if (sp->nseg == nseg0 ||
		    strcmp(sp->seg[sp->nseg - 1].dept, e->dept) != 0) {
			if (sp->nseg == sp->capseg) {
				sp->capseg = sp->capseg ? sp->capseg * 2 : 16;
				sp->seg = xreallocarray(sp->seg, sp->capseg,
				    sizeof(*sp->seg));
			}
			sp->seg[sp->nseg].dept = xstrdup(e->dept);
			sp->seg[sp->nseg].off = sp->end;
			sp->seg[sp->nseg++].n = 0;
		}
		rec_write(sp->fp, e, &sp->end);
		sp->seg[sp->nseg - 1].n++;
	}
	if (fflush(sp->fp) != 0 || ferror(sp->fp)) {
		diag(DIAG_WARNING, NULL, 0, 0, "cannot write the list of "
		    "roles to review to a temporary file in %s (%s): it stays "
		    "in memory (set TMPDIR to a folder that can take it)",
		    spill_dir(), strerror(errno));
		clearerr(sp->fp);
		(void)ftruncate(fileno(sp->fp), start);
		(void)fseeko(sp->fp, start, SEEK_SET);
		sp->end = start;
		while (sp->nseg > nseg0)
			free(sp->seg[--sp->nseg].dept);
		sp->memmax = SIZE_MAX;
		return;
	}
	for (size_t i = 0; i < rep->nrevmem; i++)
		review_free(&rep->review[i]);
	rep->nrevmem = 0;
}

void
report_set_review_memory(struct report *rep, size_t n)
{
	rep->spill->memmax = n ? n : REVIEW_MEM;
}

/* A place to read entries from: a segment of the file, or a slice of
 * the entries in memory. */
struct rep_head {
	int			 mem;
	off_t			 off;		/* file: next record */
	size_t			 left;		/* file: records left */
	size_t			 mi, mend;	/* memory: the slice */
	int			 have;		/* E holds an entry */
	struct rep_review	 e;		/* file: strings in BUF */
	char			*buf;
	size_t			 bufcap;
};

struct rep_iter {
	const struct report	*rep;
	size_t			 i;		/* no runs: the next entry */
	size_t			 dept;		/* runs: the department merged,
						   + 1 (0: none yet) */
	struct rep_head		*h;
	size_t			 nh, caph;
	struct rep_head		*last;		/* returned last: advance it */
};

/* Reads N bytes at OFF of the temporary file; a failure there (the
 * file is ours, and was written whole) leaves no way to finish the
 * report: exit 2 with the reason. */
static void
spill_read(const struct rep_spill *sp, void *buf, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fileno(sp->fp), (char *)buf + got, n - got,
		    off + (off_t)got);

		if (r <= 0) {
			diag(DIAG_ERROR, NULL, 0, 0, "cannot read back the "
			    "list of roles to review from its temporary file: "
			    "%s", r == 0 ? "it is shorter than written" :
			    strerror(errno));
			exit(2);
		}
		got += (size_t)r;
	}
}

/* Loads H's next entry into H->e (H->have 0 at its end). */
static void
head_load(const struct report *rep, struct rep_head *h)
{
	struct rec_head rh;
	size_t total = 0;
	char *p;

	if (h->mem) {
		h->have = h->mi < h->mend;
		if (h->have)
			h->e = rep->review[h->mi];
		return;
	}
	if (h->left == 0) {
		h->have = 0;
		return;
	}
	spill_read(rep->spill, &rh, sizeof(rh), h->off);
	for (int k = 0; k < 4; k++)
		total += rh.len[k];
	if (total > h->bufcap) {
		h->bufcap = total;
		h->buf = xrealloc(h->buf, total);
	}
	spill_read(rep->spill, h->buf, total, h->off + (off_t)sizeof(rh));
	h->off += (off_t)(sizeof(rh) + total);
	h->left--;
	p = h->buf;
	h->e.file = p;
	h->e.id = p += rh.len[0];
	h->e.title = p += rh.len[1];
	h->e.dept = p += rh.len[2];
	h->e.line = (unsigned long)rh.line;
	h->e.cls = (enum ra_class)rh.cls;
	h->e.flags = rh.flags;
	h->e.conflicts = rh.conflicts;
	h->have = 1;
}

static struct rep_head *
head_add(struct rep_iter *it)
{
	struct rep_head *h;

	if (it->nh == it->caph) {
		it->caph = it->caph ? it->caph * 2 : 8;
		it->h = xreallocarray(it->h, it->caph, sizeof(*it->h));
	}
	h = &it->h[it->nh++];
	memset(h, 0, sizeof(*h));
	return h;
}

struct rep_iter *
rep_iter_new(const struct report *rep)
{
	struct rep_iter *it = xcalloc(1, sizeof(*it));

	it->rep = rep;
	return it;
}

void
rep_iter_free(struct rep_iter *it)
{
	if (it == NULL)
		return;
	for (size_t i = 0; i < it->nh; i++)
		free(it->h[i].buf);
	free(it->h);
	free(it);
}

/* Sets IT's heads to department NAME's segments and memory slice. */
static void
heads_for(struct rep_iter *it, const char *name)
{
	const struct report *rep = it->rep;
	const struct rep_spill *sp = rep->spill;
	size_t i = 0;

	for (size_t k = 0; k < it->nh; k++)
		free(it->h[k].buf);
	it->nh = 0;
	for (size_t k = 0; k < sp->nseg; k++) {
		struct rep_head *h;

		if (strcmp(sp->seg[k].dept, name) != 0)
			continue;
		h = head_add(it);
		h->off = sp->seg[k].off;
		h->left = sp->seg[k].n;
		head_load(rep, h);
	}
	while (i < rep->nrevmem && strcmp(rep->review[i].dept, name) != 0)
		i++;
	if (i < rep->nrevmem) {
		struct rep_head *h = head_add(it);

		h->mem = 1;
		h->mi = i;
		while (i < rep->nrevmem &&
		    strcmp(rep->review[i].dept, name) == 0)
			i++;
		h->mend = i;
		head_load(rep, h);
	}
}

const struct rep_review *
rep_iter_next(struct rep_iter *it)
{
	const struct report *rep = it->rep;

	if (rep->spill->nseg == 0)
		return it->i < rep->nrevmem ? &rep->review[it->i++] : NULL;
	if (it->last != NULL) {
		if (it->last->mem)
			it->last->mi++;
		head_load(rep, it->last);
		it->last = NULL;
	}
	for (;;) {
		struct rep_head *min = NULL;

		for (size_t k = 0; k < it->nh; k++)
			if (it->h[k].have && (min == NULL ||
			    by_id(&it->h[k].e, &min->e) < 0))
				min = &it->h[k];
		if (min != NULL) {
			it->last = min;
			return &min->e;
		}
		if (it->dept >= rep->ndepts)
			return NULL;
		heads_for(it, rep->depts[it->dept++]->name);
	}
}

/* Calls FN on every entry of SRC, in no particular order. */
static void
review_each(const struct report *src,
    void (*fn)(void *, const struct rep_review *), void *ctx)
{
	const struct rep_spill *sp = src->spill;
	struct rep_head h;

	memset(&h, 0, sizeof(h));
	for (size_t k = 0; k < sp->nseg; k++) {
		h.off = sp->seg[k].off;
		h.left = sp->seg[k].n;
		for (head_load(src, &h); h.have; head_load(src, &h))
			fn(ctx, &h.e);
	}
	free(h.buf);
	for (size_t i = 0; i < src->nrevmem; i++)
		fn(ctx, &src->review[i]);
}

struct report *
report_new(void)
{
	struct report *rep = xcalloc(1, sizeof(*rep));

	rep->dept_map = map_new();
	rep->rule_map = map_new();
	rep->all.name = xstrdup(REPORT_ALL);
	rep->all.kind = REP_ALL;
	thresholds_default(&rep->th);
	rep->spill = xcalloc(1, sizeof(*rep->spill));
	rep->spill->memmax = REVIEW_MEM;
	return rep;
}

static void
dept_free(struct rep_dept *d)
{
	if (d == NULL)
		return;
	free(d->name);
	free(d->shown);
	free(d->rule_hits);
	free(d);
}

void
report_free(struct report *rep)
{
	if (rep == NULL)
		return;
	for (size_t i = 0; i < rep->ndepts; i++)
		dept_free(rep->depts[i]);
	free(rep->depts);
	free(rep->all.name);
	free(rep->all.rule_hits);
	for (size_t i = 0; i < rep->nrules; i++)
		free(rep->rules[i]);
	free(rep->rules);
	free(rep->rule_order);
	for (size_t i = 0; i < rep->nrevmem; i++)
		review_free(&rep->review[i]);
	free(rep->review);
	spill_free(rep->spill);
	for (size_t i = 0; i < rep->nfiles; i++)
		free(rep->files[i].path);
	free(rep->files);
	map_free(rep->dept_map);
	map_free(rep->rule_map);
	free(rep);
}

void
report_set_thresholds(struct report *rep, const struct thresholds *th)
{
	rep->th = *th;
	rep->have_th = 1;
}

void
report_set_rules(struct report *rep, const struct ruleset *rs)
{
	rep->rs_count = rs->nrules;
	snprintf(rep->rs_fp, sizeof(rep->rs_fp), "%016llx",
	    (unsigned long long)ruleset_fingerprint(rs));
	rep->have_rs = 1;
}

/* Whether NAME, without the double quotes around it (any number of
 * pairs), is the label of one of the report's own rows. */
static int
label_like(const char *name)
{
	size_t len = strlen(name), k = 0;

	while (2 * k + 2 <= len && name[k] == '"' && name[len - 1 - k] == '"')
		k++;
	len -= 2 * k;
	return (len == strlen(REPORT_ALL) &&
	    strncmp(name + k, REPORT_ALL, len) == 0) ||
	    (len == strlen(REPORT_NO_DEPT) &&
	    strncmp(name + k, REPORT_NO_DEPT, len) == 0);
}

/* The group of department NAME ("" = no department), created on demand. */
static struct rep_dept *
dept_get(struct report *rep, const char *name)
{
	struct rep_dept *d;
	size_t i;

	if ((i = map_get(rep->dept_map, name)) != SIZE_MAX)
		return rep->depts[i];
	if (rep->ndepts == rep->capdepts) {
		rep->capdepts = rep->capdepts ? rep->capdepts * 2 : 16;
		rep->depts = xreallocarray(rep->depts, rep->capdepts,
		    sizeof(*rep->depts));
	}
	d = xcalloc(1, sizeof(*d));
	d->name = xstrdup(name);
	d->kind = *name == '\0' ? REP_NO_DEPT : REP_DEPT;
	if (d->kind == REP_DEPT && label_like(name))
		xasprintf(&d->shown, "\"%s\"", name);
	rep->depts[rep->ndepts] = d;
	map_put(rep->dept_map, d->name, rep->ndepts);
	rep->ndepts++;
	rep->finished = 0;
	return d;
}

static size_t
rule_get(struct report *rep, const char *id)
{
	size_t i;

	if ((i = map_get(rep->rule_map, id)) != SIZE_MAX)
		return i;
	if (rep->nrules == rep->caprules) {
		rep->caprules = rep->caprules ? rep->caprules * 2 : 32;
		rep->rules = xreallocarray(rep->rules, rep->caprules,
		    sizeof(*rep->rules));
	}
	rep->rules[rep->nrules] = xstrdup(id);
	map_put(rep->rule_map, rep->rules[rep->nrules], rep->nrules);
	return rep->nrules++;
}

static void
dept_add_rule(struct rep_dept *d, size_t rule, unsigned long n)
{
	if (rule >= d->nrule_hits) {
		size_t cap = d->nrule_hits ? d->nrule_hits : 16;

		while (cap <= rule)
			cap *= 2;
		d->rule_hits = xreallocarray(d->rule_hits, cap,
		    sizeof(*d->rule_hits));
		memset(d->rule_hits + d->nrule_hits, 0,
		    (cap - d->nrule_hits) * sizeof(*d->rule_hits));
		d->nrule_hits = cap;
	}
	d->rule_hits[rule] += n;
}

static void
review_push(struct report *rep, const char *file, unsigned long line,
    const char *id, const char *title, const char *dept, enum ra_class cls,
    unsigned flags, unsigned conflicts)
{
	struct rep_review *e;

	if (rep->nrevmem == rep->capreview) {
		rep->capreview = rep->capreview ? rep->capreview * 2 : 16;
		rep->review = xreallocarray(rep->review, rep->capreview,
		    sizeof(*rep->review));
	}
	e = &rep->review[rep->nrevmem++];
	rep->nreview++;
	e->file = xstrdup(file);
	e->line = line;
	e->id = xstrdup(id);
	e->title = xstrdup(title);
	e->dept = xstrdup(dept);
	e->cls = cls;
	e->flags = flags;
	e->conflicts = conflicts;
	rep->finished = 0;
	if (rep->nrevmem >= rep->spill->memmax)
		spill_run(rep);
}

void
report_add_role(struct report *rep, const struct role *r)
{
	struct rep_dept *d = dept_get(rep, r->dept ? r->dept : "");
	enum ra_class cls = r->v.cls < CLASS_COUNT ? r->v.cls :
	    CLASS_UNCLASSIFIED;

	d->roles++;
	d->by_class[cls]++;
	if (r->v.flags & FLAG_TITLE_MISMATCH)
		d->title_mismatch++;
	for (int k = 0; k < DIM_COUNT; k++)
		for (int s = 0; s < SIDE_COUNT; s++)
			d->score[k][s] += llround(r->v.sc.dim[k][s] *
			    REPORT_SCALE);
	if (cls == CLASS_MIXED)
		for (int k = 0; k < DIM_COUNT; k++)
			if (r->v.conflicts & (1u << k))
				d->conflicts[k]++;
	/* Duties evidence only: a title rule says what the role is called,
	 * not what it does, and would crowd the list. */
	for (size_t i = 0; i < r->ntext_hits; i++)
		dept_add_rule(d, rule_get(rep, r->hits[i].rule->id), 1);
	if (cls == CLASS_MIXED || (r->v.flags & FLAG_TITLE_MISMATCH))
		review_push(rep, r->path ? r->path : "-", r->line,
		    r->id ? r->id : "", r->title ? r->title : "", d->name, cls,
		    r->v.flags & FLAG_TITLE_MISMATCH,
		    cls == CLASS_MIXED ? r->v.conflicts : 0);
	rep->finished = 0;
}

static void
file_push(struct report *rep, const char *path, unsigned long read,
    unsigned long classified, unsigned long rejected, int failed)
{
	struct rep_file *f;

	if (rep->nfiles == rep->capfiles) {
		rep->capfiles = rep->capfiles ? rep->capfiles * 2 : 8;
		rep->files = xreallocarray(rep->files, rep->capfiles,
		    sizeof(*rep->files));
	}
	f = &rep->files[rep->nfiles++];
	f->path = xstrdup(path ? path : "-");
	f->rows_read = read;
	f->classified = classified;
	f->rejected = rejected;
	f->failed = failed;
}

void
report_add_totals(struct report *rep, const struct totals *t)
{
	for (size_t i = 0; i < t->nfiles; i++)
		file_push(rep, t->files[i].path, t->files[i].rows_read,
		    t->files[i].classified, t->files[i].rejected,
		    t->files[i].failed);
}

static void
sink_role(void *ctx, const struct role *r)
{
	report_add_role(ctx, r);
}

static int
sink_end(void *ctx, const struct totals *t)
{
	report_add_totals(ctx, t);
	return 0;
}

struct sink
report_sink(struct report *rep)
{
	struct sink s = { rep, sink_role, sink_end };

	return s;
}

/*
 * The key of the group that a review entry of part REP names as NAME:
 * NAME when REP has that department, else, for "(no department)" -- how
 * an older roleaudit wrote the roles without one -- the group of those
 * ("").  NULL when there is none.
 */
static const char *
review_key(const struct report *rep, const char *name)
{
	if (map_get(rep->dept_map, name) != SIZE_MAX)
		return name;
	if (strcmp(name, REPORT_NO_DEPT) == 0 &&
	    map_get(rep->dept_map, "") != SIZE_MAX)
		return "";
	return NULL;
}

struct absorb {
	struct report		*dst;
	const struct report	*src;
};

static void
absorb_review(void *ctx, const struct rep_review *e)
{
	struct absorb *a = ctx;
	const char *key = review_key(a->src, e->dept);

	review_push(a->dst, e->file, e->line, e->id, e->title,
	    key ? key : e->dept, e->cls, e->flags, e->conflicts);
}

/* Adds everything SRC counted into DST (SRC is left as it was). */
static void
report_absorb(struct report *dst, const struct report *src)
{
	size_t *rmap = xcalloc(src->nrules ? src->nrules : 1, sizeof(*rmap));
	struct absorb a = { dst, src };

	for (size_t i = 0; i < src->nrules; i++)
		rmap[i] = rule_get(dst, src->rules[i]);
	for (size_t i = 0; i < src->ndepts; i++) {
		const struct rep_dept *s = src->depts[i];
		struct rep_dept *d = dept_get(dst, s->name);

		d->roles += s->roles;
		for (int c = 0; c < CLASS_COUNT; c++)
			d->by_class[c] += s->by_class[c];
		d->title_mismatch += s->title_mismatch;
		for (int k = 0; k < DIM_COUNT; k++) {
			for (int sd = 0; sd < SIDE_COUNT; sd++)
				d->score[k][sd] += s->score[k][sd];
			d->conflicts[k] += s->conflicts[k];
		}
		for (size_t r = 0; r < s->nrule_hits && r < src->nrules; r++)
			if (s->rule_hits[r])
				dept_add_rule(d, rmap[r], s->rule_hits[r]);
	}
	review_each(src, absorb_review, &a);
	for (size_t i = 0; i < src->nfiles; i++)
		file_push(dst, src->files[i].path, src->files[i].rows_read,
		    src->files[i].classified, src->files[i].rejected,
		    src->files[i].failed);
	dst->finished = 0;
	free(rmap);
}

/* --- reading a JSON report back (rep_json.c documents the schema) ----- */

struct jctx {
	const char	*path;
	int		 errors;
};

static void jerr(struct jctx *, const struct jr_value *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
jerr(struct jctx *jc, const struct jr_value *v, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag(DIAG_ERROR, jc->path, v ? v->line : 0, v ? v->col : 0, "%s", buf);
	jc->errors++;
}

/* Member KEY of OBJ of type T; reports and returns NULL when missing. */
static const struct jr_value *
need(struct jctx *jc, const struct jr_value *obj, const char *key,
    enum jr_type t, const char *where)
{
	const struct jr_value *v = jsonr_get(obj, key);

	if (v == NULL) {
		jerr(jc, obj, "%s has no \"%s\"", where, key);
		return NULL;
	}
	if (v->type != t && !(t == JR_TRUE && v->type == JR_FALSE)) {
		jerr(jc, v, "\"%s\" in %s must be a%s %s, not %s", key, where,
		    t == JR_ARRAY || t == JR_OBJECT ? "n" : "",
		    t == JR_TRUE ? "boolean" : jsonr_type_name(t),
		    jsonr_type_name(v->type));
		return NULL;
	}
	return v;
}

/* A count: a whole number from 0 up, written without fraction. */
static int
as_count(struct jctx *jc, const struct jr_value *v, const char *what,
    unsigned long *out)
{
	char *end;
	unsigned long long n;

	if (v == NULL)
		return -1;
	if (v->type != JR_NUMBER || v->str[0] == '-' ||
	    strspn(v->str, "0123456789") != v->len) {
		jerr(jc, v, "%s must be a whole number from 0 up", what);
		return -1;
	}
	errno = 0;
	n = strtoull(v->str, &end, 10);
	if (errno || n > ULONG_MAX) {
		jerr(jc, v, "%s is too large", what);
		return -1;
	}
	*out = (unsigned long)n;
	return 0;
}

static int
get_count(struct jctx *jc, const struct jr_value *obj, const char *key,
    const char *where, unsigned long *out)
{
	const struct jr_value *v = need(jc, obj, key, JR_NUMBER, where);
	char what[512];

	snprintf(what, sizeof(what), "\"%s\" in %s", key, where);
	return v ? as_count(jc, v, what, out) : -1;
}

/* A score sum: a number from 0 up with at most 3 decimals' worth of
 * precision, kept in thousandths. */
static int
get_score(struct jctx *jc, const struct jr_value *obj, const char *key,
    const char *where, long long *out)
{
	const struct jr_value *v = need(jc, obj, key, JR_NUMBER, where);
	double x;

	if (v == NULL)
		return -1;
	x = v->num * REPORT_SCALE;
	if (!(x >= 0) || x > 9e15) {
		jerr(jc, v, "\"%s\" in %s must be a score sum from 0 up", key,
		    where);
		return -1;
	}
	*out = llround(x);
	return 0;
}

static int
class_parse(const char *s, enum ra_class *out)
{
	for (int c = 0; c < CLASS_COUNT; c++)
		if (strcmp(s, class_name((enum ra_class)c)) == 0) {
			*out = (enum ra_class)c;
			return 0;
		}
	return -1;
}

static int
dim_mask(struct jctx *jc, const struct jr_value *arr, unsigned *mask)
{
	*mask = 0;
	for (size_t i = 0; i < arr->nitems; i++) {
		const struct jr_value *v = &arr->items[i];
		int d = DIM_COUNT;

		/* By name through dim_name(), the writers' own spelling. */
		if (v->type == JR_STRING)
			for (d = 0; d < DIM_COUNT; d++)
				if (strcmp(v->str, dim_name((enum ra_dim)d)) == 0)
					break;
		if (d == DIM_COUNT) {
			jerr(jc, v, "unknown dimension in \"conflicts\": use "
			    "scope, nature, cycle, metrics or skills");
			return -1;
		}
		*mask |= 1u << d;
	}
	return 0;
}

/*
 * The key of department object O named NAME: "" for the roles without a
 * department, else the name.  "kind" tells which; a part without it was
 * written before there was one, and named that group "(no department)"
 * (or "").  Returns NULL after an error.
 */
static const char *
dept_key(struct jctx *jc, const struct jr_value *o, const struct jr_value *name)
{
	const struct jr_value *kind = jsonr_get(o, "kind");

	if (kind == NULL)
		return strcmp(name->str, REPORT_NO_DEPT) == 0 ? "" : name->str;
	if (kind->type == JR_STRING &&
	    strcmp(kind->str, rep_kind_name(REP_NO_DEPT)) == 0)
		return "";
	if (kind->type != JR_STRING ||
	    strcmp(kind->str, rep_kind_name(REP_DEPT)) != 0) {
		jerr(jc, kind, "\"kind\" of a department must be \"%s\" or "
		    "\"%s\"", rep_kind_name(REP_DEPT),
		    rep_kind_name(REP_NO_DEPT));
		return NULL;
	}
	if (*name->str == '\0') {
		jerr(jc, name, "a department of kind \"%s\" needs a name",
		    rep_kind_name(REP_DEPT));
		return NULL;
	}
	return name->str;
}

static void
read_dept(struct jctx *jc, struct report *rep, const struct jr_value *o)
{
	const struct jr_value *name, *cls, *sc, *cf, *rh;
	struct rep_dept tmp, *d;
	unsigned long sum = 0;
	const char *key;
	char where[300];

	memset(&tmp, 0, sizeof(tmp));
	if (o->type != JR_OBJECT) {
		jerr(jc, o, "a department must be an object");
		return;
	}
	if ((name = need(jc, o, "name", JR_STRING, "a department")) == NULL ||
	    (key = dept_key(jc, o, name)) == NULL)
		return;
	if (*key == '\0')
		snprintf(where, sizeof(where), "the roles without a department");
	else
		snprintf(where, sizeof(where), "department \"%.200s\"",
		    name->str);
	if (map_get(rep->dept_map, key) != SIZE_MAX) {
		jerr(jc, name, "%s is listed twice", where);
		return;
	}
	if (get_count(jc, o, "roles", where, &tmp.roles) != 0 ||
	    get_count(jc, o, "title_mismatch", where, &tmp.title_mismatch) != 0)
		return;
	if ((cls = need(jc, o, "classes", JR_OBJECT, where)) == NULL)
		return;
	for (int c = 0; c < CLASS_COUNT; c++) {
		if (get_count(jc, cls, class_name((enum ra_class)c), where,
		    &tmp.by_class[c]) != 0)
			return;
		sum += tmp.by_class[c];
	}
	if (sum != tmp.roles) {
		jerr(jc, cls, "%s: the classes add up to %lu, not to its %lu "
		    "roles", where, sum, tmp.roles);
		return;
	}
	if ((sc = need(jc, o, "score_sums", JR_OBJECT, where)) == NULL ||
	    (cf = need(jc, o, "conflicts", JR_OBJECT, where)) == NULL ||
	    (rh = need(jc, o, "rule_hits", JR_OBJECT, where)) == NULL)
		return;
	for (int k = 0; k < DIM_COUNT; k++) {
		const char *dn = dim_name((enum ra_dim)k);
		const struct jr_value *dv = need(jc, sc, dn, JR_OBJECT, where);

		if (dv == NULL)
			return;
		for (int s = 0; s < SIDE_COUNT; s++)
			if (get_score(jc, dv, side_name((enum ra_side)s), where,
			    &tmp.score[k][s]) != 0)
				return;
		if (get_count(jc, cf, dn, where, &tmp.conflicts[k]) != 0)
			return;
	}
	d = dept_get(rep, key);
	d->roles = tmp.roles;
	d->title_mismatch = tmp.title_mismatch;
	memcpy(d->by_class, tmp.by_class, sizeof(d->by_class));
	memcpy(d->score, tmp.score, sizeof(d->score));
	memcpy(d->conflicts, tmp.conflicts, sizeof(d->conflicts));
	for (size_t i = 0; i < rh->nitems; i++) {
		unsigned long n;
		char what[512];

		snprintf(what, sizeof(what), "rule \"%.100s\" in %s",
		    rh->keys[i], where);
		if (as_count(jc, &rh->items[i], what, &n) != 0)
			return;
		if (rh->keys[i][0] == '\0') {
			jerr(jc, &rh->items[i], "empty rule id in %s", where);
			return;
		}
		if (n)
			dept_add_rule(d, rule_get(rep, rh->keys[i]), n);
	}
}

/*
 * A merge of one part, read as it streams: the review entries come one
 * at a time (jsonr_parse_file_stream), into TMP, a report of the part
 * alone that is added to the merge only when the whole part was good.
 */
struct merge {
	struct jctx		 jc;
	struct report		*tmp;
	int			 started;	/* the review list was reached */
	int			 depts_read;	/* the departments are in TMP */
	unsigned long		 dline, dcol;	/* where they were read from */
	/* Departments named by review entries before the departments
	 * were read (a part that lists them after the review), each with
	 * its first entry's place: checked once they are.  At most one
	 * per department, so they grow with departments, not entries. */
	struct pend_dept {
		char		*name;
		unsigned long	 line, col;
	}			*pend;
	size_t			 npend, cappend;
	struct rep_map		*pend_map;	/* name -> index in pend */
};

/* A review entry before the departments names KEY, at AT. */
static void
pend_add(struct merge *m, const char *key, const struct jr_value *at)
{
	struct pend_dept *pd;

	if (map_get(m->pend_map, key) != SIZE_MAX)
		return;
	if (m->npend == m->cappend) {
		m->cappend = m->cappend ? m->cappend * 2 : 16;
		m->pend = xreallocarray(m->pend, m->cappend, sizeof(*m->pend));
	}
	pd = &m->pend[m->npend];
	pd->name = xstrdup(key);
	pd->line = at->line;
	pd->col = at->col;
	map_put(m->pend_map, pd->name, m->npend++);
}

static void
read_review(struct merge *m, const struct jr_value *o)
{
	struct jctx *jc = &m->jc;
	const struct jr_value *file, *id, *title, *dept, *cls, *flags, *cf, *nd;
	unsigned long line;
	enum ra_class c;
	unsigned fl = 0, mask = 0;
	const char *w = "a review entry", *key;

	if (o->type != JR_OBJECT) {
		jerr(jc, o, "a review entry must be an object");
		return;
	}
	if ((file = need(jc, o, "file", JR_STRING, w)) == NULL ||
	    get_count(jc, o, "line", w, &line) != 0 ||
	    (id = need(jc, o, "id", JR_STRING, w)) == NULL ||
	    (title = need(jc, o, "title", JR_STRING, w)) == NULL ||
	    (dept = need(jc, o, "department", JR_STRING, w)) == NULL ||
	    (cls = need(jc, o, "class", JR_STRING, w)) == NULL ||
	    (flags = need(jc, o, "flags", JR_ARRAY, w)) == NULL ||
	    (cf = need(jc, o, "conflicts", JR_ARRAY, w)) == NULL)
		return;
	if (class_parse(cls->str, &c) != 0) {
		jerr(jc, cls, "unknown class \"%.100s\"", cls->str);
		return;
	}
	for (size_t i = 0; i < flags->nitems; i++) {
		const struct jr_value *f = &flags->items[i];

		if (f->type != JR_STRING || strcmp(f->str, "title-mismatch")) {
			jerr(jc, f, "unknown flag: the only flag is "
			    "\"title-mismatch\"");
			return;
		}
		fl |= FLAG_TITLE_MISMATCH;
	}
	if (dim_mask(jc, cf, &mask) != 0)
		return;
	/* Roles without a department: "no_department", or "" (a part of
	 * an older roleaudit: "(no department)", see review_key()). */
	nd = jsonr_get(o, "no_department");
	key = nd != NULL && nd->type == JR_TRUE ? "" : dept->str;
	if (m->depts_read && (key = review_key(m->tmp, key)) == NULL) {
		jerr(jc, dept, "review entry for department \"%.100s\", "
		    "which is not among the departments", dept->str);
		return;
	}
	/* (Before the departments, the key is settled when the part is
	 * added: report_absorb().) */
	if (!m->depts_read && review_key(m->tmp, key) == NULL)
		pend_add(m, key, dept);
	review_push(m->tmp, file->str, line, id->str, title->str, key, c, fl,
	    mask);
}

/* After the departments are read: the review entries that named one
 * before, in the order of their first entries. */
static void
check_pending(struct merge *m)
{
	for (size_t i = 0; i < m->npend && !m->jc.errors; i++) {
		const struct pend_dept *pd = &m->pend[i];
		struct jr_value at;

		if (review_key(m->tmp, pd->name) != NULL)
			continue;
		memset(&at, 0, sizeof(at));
		at.line = pd->line;
		at.col = pd->col;
		jerr(&m->jc, &at, "review entry for department \"%.100s\", "
		    "which is not among the departments", pd->name);
	}
}

static void
read_file_entry(struct jctx *jc, struct report *rep, const struct jr_value *o)
{
	const struct jr_value *path, *failed;
	unsigned long rd, cl, rj;
	const char *w = "a file entry";

	if (o->type != JR_OBJECT) {
		jerr(jc, o, "a file entry must be an object");
		return;
	}
	if ((path = need(jc, o, "file", JR_STRING, w)) == NULL ||
	    get_count(jc, o, "rows_read", w, &rd) != 0 ||
	    get_count(jc, o, "classified", w, &cl) != 0 ||
	    get_count(jc, o, "rejected", w, &rj) != 0)
		return;
	if (rd != cl + rj) {
		jerr(jc, o, "a file entry does not add up: %lu rows read, "
		    "but %lu classified + %lu rejected (write the part again "
		    "with 'roleaudit report --format json')", rd, cl, rj);
		return;
	}
	failed = jsonr_get(o, "failed");
	file_push(rep, path->str, rd, cl, rj,
	    failed != NULL && failed->type == JR_TRUE);
}

/*
 * A part must add up: its files' classified rows are its departments'
 * roles, and its review list is as long as its totals say.  A merged
 * report would otherwise contradict itself without a word.
 */
static void
check_sums(struct jctx *jc, const struct report *part,
    const struct jr_value *root)
{
	const struct jr_value *t, *n;
	unsigned long roles = 0, cl = 0;

	for (size_t i = 0; i < part->ndepts; i++)
		roles += part->depts[i]->roles;
	for (size_t i = 0; i < part->nfiles; i++)
		cl += part->files[i].classified;
	/* (A part that lists no file says nothing to check against.) */
	if (part->nfiles > 0 && roles != cl) {
		jerr(jc, jsonr_get(root, "files"), "the part does not add up: "
		    "its files classified %lu role%s, its departments hold %lu "
		    "(write it again with 'roleaudit report --format json')",
		    cl, cl == 1 ? "" : "s", roles);
		return;
	}
	if ((t = jsonr_get(root, "totals")) != NULL && t->type == JR_OBJECT &&
	    (n = jsonr_get(t, "review")) != NULL && n->type == JR_NUMBER &&
	    n->num != (double)part->nreview)
		jerr(jc, n, "the part does not add up: its totals name %s "
		    "role%s to review, its review list holds %zu (write it "
		    "again with 'roleaudit report --format json')", n->str,
		    n->num == 1 ? "" : "s", part->nreview);
}

/* "rules" of ROOT into PART, when there: {"count": N, "fingerprint":
 * 16 lowercase hex digits}.  Returns 0, or -1 after an error. */
static int
read_rules(struct jctx *jc, struct report *part, const struct jr_value *root)
{
	const struct jr_value *v = jsonr_get(root, "rules"), *fp;
	const char *w = "\"rules\"";

	if (v == NULL)
		return 0;
	if (v->type != JR_OBJECT) {
		jerr(jc, v, "\"rules\" in the report must be an object");
		return -1;
	}
	if (get_count(jc, v, "count", w, &part->rs_count) != 0 ||
	    (fp = need(jc, v, "fingerprint", JR_STRING, w)) == NULL)
		return -1;
	if (fp->len != 16 || strspn(fp->str, "0123456789abcdef") != 16) {
		jerr(jc, fp, "\"fingerprint\" in \"rules\" must be 16 "
		    "lowercase hex digits");
		return -1;
	}
	memcpy(part->rs_fp, fp->str, 17);
	part->have_rs = 1;
	return 0;
}

/*
 * The rules of PART (from ROOT, at PATH) into REP.  As for thresholds,
 * a part classified with other rules than the parts before it, or that
 * does not say which (written by an older roleaudit), is merged with a
 * warning, and the merge is marked: its readable formats print no rule
 * set as if it held for all, its JSON keeps the first part's with
 * "rules_differ".
 */
static void
merge_rules(struct report *rep, const struct report *part,
    const struct jr_value *root, const char *path)
{
	const struct jr_value *v = jsonr_get(root, "rules_differ");

	if (!part->have_rs) {
		diag(DIAG_WARNING, path, 0, 0, "the part does not say which "
		    "rules classified it (an older roleaudit wrote it): the "
		    "merged counts may mix two rule sets");
		rep->rs_differ = 1;
	}
	if (v != NULL && v->type == JR_TRUE) {
		diag(DIAG_WARNING, path, 0, 0, "this part is itself a merge "
		    "of parts classified with other rules: the merged counts "
		    "mix two rule sets");
		rep->rs_differ = 1;
	}
	if (!part->have_rs)
		return;
	if (!rep->have_rs) {
		rep->rs_count = part->rs_count;
		memcpy(rep->rs_fp, part->rs_fp, sizeof(rep->rs_fp));
		rep->have_rs = 1;
	} else if (rep->rs_count != part->rs_count ||
	    strcmp(rep->rs_fp, part->rs_fp) != 0) {
		diag(DIAG_WARNING, path, 0, 0, "classified with other rules "
		    "than the parts before it (%lu rules, fingerprint %s; "
		    "before it: %lu rules, fingerprint %s): the merged counts "
		    "mix two rule sets", part->rs_count, part->rs_fp,
		    rep->rs_count, rep->rs_fp);
		rep->rs_differ = 1;
	}
}

static int
thresholds_differ(const struct thresholds *a, const struct thresholds *b)
{
	return a->min_evidence != b->min_evidence ||
	    a->mixed_min != b->mixed_min || a->mixed_ratio != b->mixed_ratio ||
	    a->mixed_duty != b->mixed_duty || a->mismatch_min != b->mismatch_min;
}

/* "format" and "version" of ROOT; with PARTIAL (ROOT read as far as the
 * review list), only those already there.  Returns 0 or -1. */
static int
check_header(struct jctx *jc, const struct jr_value *root, int partial)
{
	const struct jr_value *v;

	v = jsonr_get(root, "format");
	if ((v != NULL || !partial) && (v == NULL || v->type != JR_STRING ||
	    strcmp(v->str, "roleaudit-report") != 0)) {
		jerr(jc, v ? v : root, "not a roleaudit report: \"format\" "
		    "must be \"roleaudit-report\" (write the parts with "
		    "'roleaudit report --format json')");
		return -1;
	}
	v = jsonr_get(root, "version");
	if ((v != NULL || !partial) && (v == NULL || v->type != JR_NUMBER ||
	    strcmp(v->str, "1") != 0)) {
		jerr(jc, v ? v : root, "unsupported report version (this "
		    "roleaudit reads version 1)");
		return -1;
	}
	return 0;
}

static void
read_depts(struct merge *m, const struct jr_value *root)
{
	const struct jr_value *arr;

	if ((arr = need(&m->jc, root, "departments", JR_ARRAY, "the report")))
		for (size_t i = 0; i < arr->nitems && !m->jc.errors; i++)
			read_dept(&m->jc, m->tmp, &arr->items[i]);
	m->depts_read = 1;
	if (arr != NULL) {
		m->dline = arr->line;
		m->dcol = arr->col;
	}
}

/*
 * A review entry, as the part streams.  What comes before the list is
 * checked first, as a part roleaudit wrote has it there -- format,
 * version, departments -- so that a bad part is named by the same
 * error as when it was read whole.  Returns non-zero after an error.
 */
static int
merge_review(void *ctx, const struct jr_value *root, const struct jr_value *e)
{
	struct merge *m = ctx;

	if (!m->started) {
		m->started = 1;
		if (check_header(&m->jc, root, 1) != 0)
			return 1;
		if (jsonr_get(root, "departments") != NULL)
			read_depts(m, root);
		if (m->jc.errors)
			return 1;
	}
	read_review(m, e);
	return m->jc.errors != 0;
}

int
report_merge_json(struct report *rep, const char *path)
{
	struct jr_value *root;
	const struct jr_value *v, *arr;
	struct merge m;
	size_t nreview = 0;

	memset(&m, 0, sizeof(m));
	m.jc.path = path;
	m.tmp = report_new();
	m.pend_map = map_new();
	/* The review list may be long: its entries are not kept. */
	if ((root = jsonr_parse_file_stream(path, "review", merge_review,
	    &m)) == NULL) {
		m.jc.errors++;
		goto out;
	}
	if (root->type != JR_OBJECT) {
		jerr(&m.jc, root, "not a roleaudit report: it must be a JSON "
		    "object (write the parts with 'roleaudit report --format "
		    "json')");
		goto out;
	}
	if (check_header(&m.jc, root, 0) != 0)
		goto out;
	if ((v = jsonr_get(root, "thresholds")) != NULL &&
	    v->type == JR_OBJECT) {
		const struct jr_value *a = jsonr_get(v, "min_evidence"),
		    *b = jsonr_get(v, "mixed_min"), *c = jsonr_get(v, "mixed_ratio"),
		    *d = jsonr_get(v, "mismatch_min"),
		    *e = jsonr_get(v, "mixed_duty");

		/* A part without mismatch_min or mixed_duty was written
		 * before those thresholds were: title-mismatch flagged on
		 * any weight, mixed asked for no duty (both read as 0). */
		if (a && b && c && a->type == JR_NUMBER &&
		    b->type == JR_NUMBER && c->type == JR_NUMBER &&
		    (d == NULL || d->type == JR_NUMBER) &&
		    (e == NULL || e->type == JR_NUMBER)) {
			struct thresholds th = {
				.min_evidence = a->num, .mixed_min = b->num,
				.mixed_ratio = c->num,
				.mixed_duty = e ? e->num : 0,
				.mismatch_min = d ? d->num : 0
			};

			report_set_thresholds(m.tmp, &th);
		}
	}
	if (read_rules(&m.jc, m.tmp, root) != 0)
		goto out;
	if (!m.depts_read)
		read_depts(&m, root);
	else if ((v = jsonr_get(root, "departments")) != NULL &&
	    (v->line != m.dline || v->col != m.dcol)) {
		/* Read whole, the last one would count; streamed, the
		 * review entries were checked against the first. */
		jerr(&m.jc, v, "\"departments\" is given twice in the report");
		goto out;
	}
	if (m.jc.errors)
		goto out;
	/* Each "review" was streamed: read whole, the last would count. */
	for (size_t i = 0; i < root->nitems; i++)
		if (strcmp(root->keys[i], "review") == 0 && nreview++ == 1) {
			jerr(&m.jc, &root->items[i], "\"review\" is given twice "
			    "in the report");
			goto out;
		}
	if (need(&m.jc, root, "review", JR_ARRAY, "the report") == NULL)
		goto out;
	check_pending(&m);
	if (!m.jc.errors &&
	    (arr = need(&m.jc, root, "files", JR_ARRAY, "the report")))
		for (size_t i = 0; i < arr->nitems && !m.jc.errors; i++)
			read_file_entry(&m.jc, m.tmp, &arr->items[i]);
	if (!m.jc.errors)
		check_sums(&m.jc, m.tmp, root);
	if (m.jc.errors)
		goto out;
	if (!m.tmp->have_th) {
		/* Written by roleaudit, a part says its thresholds. */
		diag(DIAG_WARNING, path, 0, 0, "the part does not say which "
		    "thresholds classified it: the merged counts may mix two "
		    "policies");
		rep->th_differ = 1;
	}
	if ((v = jsonr_get(root, "thresholds_differ")) != NULL &&
	    v->type == JR_TRUE) {
		diag(DIAG_WARNING, path, 0, 0, "this part is itself a merge "
		    "of parts classified with other thresholds: the merged "
		    "counts mix two policies");
		rep->th_differ = 1;
	}
	if (m.tmp->have_th) {
		if (rep->have_th && thresholds_differ(&rep->th, &m.tmp->th)) {
			diag(DIAG_WARNING, path, 0, 0, "classified with other "
			    "thresholds than the parts before it: the merged "
			    "counts mix two policies");
			rep->th_differ = 1;
		} else if (!rep->have_th)
			report_set_thresholds(rep, &m.tmp->th);
	}
	merge_rules(rep, m.tmp, root, path);
	report_absorb(rep, m.tmp);
out:
	report_free(m.tmp);
	for (size_t i = 0; i < m.npend; i++)
		free(m.pend[i].name);
	free(m.pend);
	map_free(m.pend_map);
	jsonr_free(root);
	return m.jc.errors ? -1 : 0;
}

/* --- finishing and helpers for the writers ---------------------------- */

static int
by_share(const void *a, const void *b)
{
	const struct rep_dept *x = *(const struct rep_dept *const *)a;
	const struct rep_dept *y = *(const struct rep_dept *const *)b;
	/* Exact comparison of x.mixed/x.roles and y.mixed/y.roles; a
	 * department without roles counts as share 0. */
	unsigned long long lx = (unsigned long long)x->by_class[CLASS_MIXED] *
	    (y->roles ? y->roles : 1);
	unsigned long long ly = (unsigned long long)y->by_class[CLASS_MIXED] *
	    (x->roles ? x->roles : 1);
	int c;

	if (x->roles == 0)
		lx = 0;
	if (y->roles == 0)
		ly = 0;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	/* The roles without a department sort by their label, after a
	 * department of the input that has it for a name. */
	if ((c = strcmp(x->kind == REP_NO_DEPT ? REPORT_NO_DEPT : x->name,
	    y->kind == REP_NO_DEPT ? REPORT_NO_DEPT : y->name)) != 0)
		return c;
	return (int)x->kind - (int)y->kind;
}

static const struct report *sort_rep;	/* for the sorts; qsort has no ctx */

static int
by_rule_id(const void *a, const void *b)
{
	return strcmp(sort_rep->rules[*(const size_t *)a],
	    sort_rep->rules[*(const size_t *)b]);
}

static int
by_review(const void *a, const void *b)
{
	const struct rep_review *x = a, *y = b;
	size_t dx = map_get(sort_rep->dept_map, x->dept);
	size_t dy = map_get(sort_rep->dept_map, y->dept);

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return by_id(x, y);
}

void
report_finish(struct report *rep)
{
	struct rep_dept *all = &rep->all;

	if (rep->finished)
		return;
	if (rep->ndepts > 1)
		qsort(rep->depts, rep->ndepts, sizeof(*rep->depts), by_share);
	rep->nshown = 0;
	for (size_t i = 0; i < rep->ndepts; i++) {
		map_put(rep->dept_map, rep->depts[i]->name, i);
		if (rep->depts[i]->shown != NULL)
			rep->nshown++;
	}
	sort_rep = rep;
	/* Spilled runs are merged by department as they are read back
	 * (rep_iter_next); the entries still in memory are one more run. */
	if (rep->nrevmem > 1)
		qsort(rep->review, rep->nrevmem, sizeof(*rep->review),
		    rep->spill->nseg > 0 ? by_run : by_review);
	free(rep->rule_order);
	rep->rule_order = xcalloc(rep->nrules ? rep->nrules : 1,
	    sizeof(*rep->rule_order));
	for (size_t i = 0; i < rep->nrules; i++)
		rep->rule_order[i] = i;
	if (rep->nrules > 1)
		qsort(rep->rule_order, rep->nrules, sizeof(*rep->rule_order),
		    by_rule_id);
	sort_rep = NULL;

	free(all->rule_hits);
	{
		char *name = all->name;

		memset(all, 0, sizeof(*all));
		all->name = name;
		all->kind = REP_ALL;
	}
	for (size_t i = 0; i < rep->ndepts; i++) {
		const struct rep_dept *d = rep->depts[i];

		all->roles += d->roles;
		all->title_mismatch += d->title_mismatch;
		for (int c = 0; c < CLASS_COUNT; c++)
			all->by_class[c] += d->by_class[c];
		for (int k = 0; k < DIM_COUNT; k++) {
			for (int s = 0; s < SIDE_COUNT; s++)
				all->score[k][s] += d->score[k][s];
			all->conflicts[k] += d->conflicts[k];
		}
		for (size_t r = 0; r < d->nrule_hits; r++)
			if (d->rule_hits[r])
				dept_add_rule(all, r, d->rule_hits[r]);
	}
	rep->finished = 1;
}

const char *
rep_dept_label(const struct rep_dept *d)
{
	switch (d->kind) {
	case REP_NO_DEPT:
		return REPORT_NO_DEPT;
	case REP_ALL:
		return REPORT_ALL;
	default:
		return d->shown ? d->shown : d->name;
	}
}

const char *
rep_review_dept(const struct report *rep, const struct rep_review *e)
{
	size_t i = map_get(rep->dept_map, e->dept);

	if (i == SIZE_MAX)	/* never: an entry's group is a department */
		return *e->dept ? e->dept : REPORT_NO_DEPT;
	return rep_dept_label(rep->depts[i]);
}

const char *
rep_kind_name(enum rep_kind k)
{
	static const char *const name[] = { "department", "no-department",
	    "all" };

	return (unsigned)k < sizeof(name) / sizeof(name[0]) ? name[k] : "?";
}

double
rep_mixed_share(const struct rep_dept *d)
{
	return d->roles ? (double)d->by_class[CLASS_MIXED] / d->roles : 0;
}

double
rep_mean(const struct rep_dept *d, int dim, int side)
{
	if (d->roles == 0)
		return 0;
	return (double)d->score[dim][side] / REPORT_SCALE / d->roles;
}

unsigned long
rep_rule_count(const struct rep_dept *d, size_t rule)
{
	return rule < d->nrule_hits ? d->rule_hits[rule] : 0;
}

size_t
rep_top_rules(const struct report *rep, const struct rep_dept *d,
    struct rep_top *out, size_t max)
{
	size_t n = 0;

	/* Insertion into a short sorted list: max is small (5). */
	for (size_t r = 0; r < rep->nrules; r++) {
		unsigned long c = rep_rule_count(d, r);
		size_t at;

		if (c == 0)
			continue;
		for (at = n; at > 0; at--) {
			const struct rep_top *p = &out[at - 1];

			if (p->count > c || (p->count == c &&
			    strcmp(p->rule, rep->rules[r]) < 0))
				break;
		}
		if (at >= max)
			continue;
		if (n < max)
			n++;
		memmove(&out[at + 1], &out[at], (n - 1 - at) * sizeof(*out));
		out[at].rule = rep->rules[r];
		out[at].count = c;
	}
	return n;
}

size_t
rep_top_conflicts(const struct rep_dept *d, int order[DIM_COUNT])
{
	size_t n = 0;

	for (int k = 0; k < DIM_COUNT; k++) {
		size_t at;

		if (d->conflicts[k] == 0)
			continue;
		for (at = n; at > 0 && d->conflicts[order[at - 1]] <
		    d->conflicts[k]; at--)
			order[at] = order[at - 1];
		order[at] = k;
		n++;
	}
	return n;
}

void
rep_conflicts_str(const struct rep_dept *d, char *buf, size_t size)
{
	int order[DIM_COUNT];
	size_t n = rep_top_conflicts(d, order), len = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *name = dim_name((enum ra_dim)order[i]);
		int w = snprintf(buf + len, size - len, "%s%s", i ? "," : "",
		    name);

		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

void
rep_thresholds_str(const struct report *rep, char *buf, size_t size)
{
	const struct thresholds *th = &rep->th;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (rep->th_differ)
		snprintf(buf, size, "not the same in all the merged parts (see "
		    "the warnings of report --merge)");
	else if (rep->have_th)
		snprintf(buf, size, "min-evidence %g, mixed-min %g, mixed-ratio "
		    "%g, mixed-duty %g, mismatch-min %g", th->min_evidence,
		    th->mixed_min, th->mixed_ratio, th->mixed_duty,
		    th->mismatch_min);
}

void
rep_rules_str(const struct report *rep, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (rep->rs_differ)
		snprintf(buf, size, "not the same in all the merged parts (see "
		    "the warnings of report --merge)");
}

void
rep_file_totals(const struct report *rep, unsigned long *read,
    unsigned long *classified, unsigned long *rejected)
{
	*read = *classified = *rejected = 0;
	for (size_t i = 0; i < rep->nfiles; i++) {
		*read += rep->files[i].rows_read;
		*classified += rep->files[i].classified;
		*rejected += rep->files[i].rejected;
	}
}

/* --- the formats -------------------------------------------------------- */

static const struct report_format *const formats[] = {
	&rep_text, &rep_markdown, &rep_csv, &rep_json, &rep_html, NULL
};

const struct report_format *
report_format_find(const char *id)
{
	if (strcmp(id, "md") == 0)
		id = "markdown";
	for (size_t i = 0; formats[i] != NULL; i++)
		if (strcmp(formats[i]->id, id) == 0)
			return formats[i];
	return NULL;
}

const char *
report_format_list(void)
{
	return "text, markdown, csv, json, html";
}
