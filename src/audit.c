/*
 * audit.c — the driver: for each input, open the reader, map the
 * columns, and feed every role through matcher -> scorer -> classifier
 * into a sink.  Knows neither libcsv nor PCRE2 (csvsrc and matcher do).
 *
 * With --jobs N > 1 the matching runs on N worker threads (pipeline.c
 * style, all in this file): the main thread reads rows into batches (a
 * copy of each row's text, title, id, department), a fixed number of
 * batches is in flight, each worker has its own matcher (sharing one
 * prefilter), and the main thread takes the batches back in input order
 * to score, classify and hand each role to the sink.  Diagnostics stay
 * in input order: what the reader reports while a row is read is kept
 * with that row and printed when the row is emitted, followed by the
 * row's own warnings, exactly as a single-threaded run prints them.
 */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "colmap.h"
#include "csvsrc.h"
#include "decode.h"
#include "diag.h"
#include "prefilter.h"
#include "strbuf.h"
#include "xalloc.h"

struct ruleset *
audit_load_rules(const struct options *opt)
{
	struct ruleset *rs;
	int errors = 0;

	rs = ruleset_load_all(opt->rules_paths, opt->nrules_paths,
	    opt->disabled, opt->ndisabled, &errors);
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
	struct matcher_budget *budget;
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

/*
 * Departments down a file, on the main thread in input order.  With
 * --fill-dept an empty one is the last non-empty one above it, as a
 * spreadsheet's merged cell keeps its value in its first row only;
 * without, such roles are counted for a note.  The note needs them
 * between departments, as merged cells leave them: a file whose
 * departments simply stop part-way is not a sheet of merged cells.
 */
struct deptfill {
	int		 on;		/* --fill-dept */
	int		 seen;		/* a non-empty department came */
	struct strbuf	 last;		/* with ON: that department */
	unsigned long	 n;		/* roles filled, or fillable */
	unsigned long	 open;		/* fillable since the last department */
	unsigned long	 closed;	/* fillable, a department below them */
	unsigned long	 top;		/* with none above them to take */
	unsigned long	 topline;	/* the line of the first of those */
	struct strbuf	 trim;		/* the department, trimmed */
};

/* Length of the white space (ASCII blanks, U+00A0, U+3000) that P
 * starts with, or that ends at P + N when AT_END. */
static size_t
blank_run(const char *p, size_t n, int at_end)
{
	size_t k = 0;

	while (k < n) {
		const unsigned char *c = (const unsigned char *)
		    (at_end ? p + n - k - 1 : p + k);

		if (*c == ' ' || (*c >= '\t' && *c <= '\r'))
			k++;
		else if (!at_end && n - k >= 2 && c[0] == 0xC2 && c[1] == 0xA0)
			k += 2;
		else if (at_end && n - k >= 2 && c[0] == 0xA0 && c[-1] == 0xC2)
			k += 2;
		else if (!at_end && n - k >= 3 && c[0] == 0xE3 &&
		    c[1] == 0x80 && c[2] == 0x80)
			k += 3;
		else if (at_end && n - k >= 3 && c[0] == 0x80 &&
		    c[-1] == 0x80 && c[-2] == 0xE3)
			k += 3;
		else
			break;
	}
	return k;
}

/*
 * The department of REC: the cell without the white space around it
 * (Excel keeps a typed trailing space; a cell of spaces is empty), or
 * with --fill-dept the one above.  The string lives until the next call.
 */
static const char *
dept_of(const struct ra_record *rec, long col, struct deptfill *df)
{
	const char *d = field_str(rec, col);
	size_t n = strlen(d), lead = blank_run(d, n, 0);

	if (lead < n && (lead > 0 || blank_run(d, n, 1) > 0)) {
		strbuf_reset(&df->trim);
		strbuf_add(&df->trim, d + lead, n - lead - blank_run(d + lead,
		    n - lead, 1));
		d = strbuf_str(&df->trim);
	} else if (lead == n)
		d = "";
	if (*d != '\0') {
		df->seen = 1;
		df->closed += df->open;
		df->open = 0;
		if (df->on) {
			strbuf_reset(&df->last);
			strbuf_adds(&df->last, d);
		}
		return d;
	}
	if (!df->seen) {
		if (df->top++ == 0)
			df->topline = rec->line;
		return d;
	}
	df->n++;
	df->open++;
	return df->on ? strbuf_str(&df->last) : d;
}

/*
 * The second half of a role, on the main thread in input order: its
 * warnings, its verdict, the counts, the sink.  ROLE has its text,
 * title, id, department, hits and misses set; LINE and PATH too.
 */
static void
finish_role(const struct options *opt, struct matcher_budget *bud,
    int has_id, struct role *role, struct sink *sink, struct file_totals *ft)
{
	struct scores sc;
	char idbuf[32];

	/* A rule out of its time budget is said once per file, at the
	 * first row (in input order) it was not evaluated on. */
	for (size_t i = 0; i < role->nmisses; i++)
		if (strcmp(role->misses[i].why, MATCHER_WHY_BUDGET) == 0) {
			if (matcher_budget_first(bud, role->misses[i].rule))
				diag(DIAG_WARNING, role->path, 0, 0, "rule %s "
				    "not evaluated for the rest of the file: "
				    "time budget (see --rule-budget)",
				    role->misses[i].rule->id);
		} else
			diag(DIAG_WARNING, role->path, role->line, 0,
			    "rule %s not evaluated: %s",
			    role->misses[i].rule->id, role->misses[i].why);
	score_hits(&sc, role->hits, role->nhits);
	classify(&sc, &opt->th, &role->v);
	if (!has_id || *role->id == '\0') {
		snprintf(idbuf, sizeof(idbuf), "line-%lu", role->line);
		role->id = idbuf;
	}
	ft->classified++;
	ft->by_class[role->v.cls]++;
	if (role->v.flags & FLAG_TITLE_MISMATCH)
		ft->title_mismatch++;
	sink->role(sink->ctx, role);
}

/* Audits one data record on the calling thread. */
static void
audit_role(const struct options *opt, struct matcher *m, struct scratch *s,
    const struct colmap *cm, const char *const *text_names,
    const struct ra_record *rec, struct deptfill *df, struct sink *sink,
    struct file_totals *ft)
{
	const struct hit *h;
	const struct miss *ms;
	size_t nh, nms;
	struct role role;

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
	role.path = rec->path;
	role.line = rec->line;
	role.id = field_str(rec, cm->id);
	role.dept = dept_of(rec, cm->dept, df);
	role.ignore = field_str(rec, cm->ignore);
	role.ntext = cm->ntext;
	role.text = s->text;
	role.text_names = text_names;
	role.hits = s->hits;
	role.nhits = s->nhits;
	role.misses = s->misses;
	role.nmisses = s->nmisses;
	finish_role(opt, s->budget, cm->id >= 0, &role, sink, ft);
}

/* ------------------------------------------------------------------ */
/* The threaded pipeline.                                               */

/* A batch is closed at this many rows or bytes of copied text, so that
 * the memory in flight stays bounded whatever the input. */
#define BATCH_ROWS	128
#define BATCH_BYTES	(256 * 1024)
/* A captured-diagnostics stream is restarted past this size. */
#define CAPTURE_MAX	(1024 * 1024)

struct brow {
	unsigned long	 line;
	size_t		 pre_off, pre_len;	/* reader messages before it */
	size_t		 id_off, title_off, title_len, dept_off, ignore_off;
	size_t		 text0;			/* into batch tf[] */
	size_t		 hit0, nhits, ntext_hits;
	size_t		 miss0, nmisses;
};

struct bmiss {
	const struct rule	*rule;
	char			 why[128];
};

enum bstate { B_FREE, B_FILLED, B_WORKING, B_DONE };

struct batch {
	enum bstate	 state;
	unsigned long	 seq;
	struct strbuf	 arena;		/* every copied string, NUL-ended */
	struct brow	*rows;
	size_t		 nrows, caprows;
	size_t		*tf_off, *tf_len; /* ntext per row */
	size_t		 ntf, captf;
	size_t		 ntext;		/* text fields per row */
	struct hit	*hits;
	size_t		 nhits, caphits;
	struct bmiss	*misses;
	size_t		 nmisses, capmisses;
	/* Results as pointers, rebuilt by the main thread at emission. */
	struct ra_field	*fv;
	size_t		 capfv;
	struct miss	*mv;
	size_t		 capmv;
};

struct pool {
	pthread_mutex_t	 mu;
	pthread_cond_t	 work;		/* a batch was filled, or quit */
	pthread_cond_t	 done;		/* a batch was matched */
	struct batch	*b;
	size_t		 nb;
	unsigned long	 next_seq;	/* the next batch a worker takes */
	unsigned long	 submitted;	/* batches filled so far (main) */
	int		 quit;
	pthread_t	*tid;
	struct matcher	**m;
	size_t		 nworkers;
	const struct prefilter *pf;
	struct matcher_budget *budget;
	FILE		*out;		/* where diag printed before (NULL:
					   stderr), restored after a capture */
	FILE		*cap;		/* diagnostics captured while reading */
	char		*capbuf;
	size_t		 capsize, capdone;
};

static size_t
arena_add(struct strbuf *a, const char *p, size_t len)
{
	size_t off = a->len;

	strbuf_add(a, p, len);
	strbuf_addc(a, '\0');
	return off;
}

/* Matches every row of B with M (a worker's own matcher). */
static void
batch_match(struct batch *b, struct matcher *m)
{
	const char *a = b->arena.buf;

	b->nhits = b->nmisses = 0;
	if (b->ntext > b->capfv) {
		b->capfv = b->ntext;
		b->fv = xreallocarray(b->fv, b->capfv, sizeof(*b->fv));
	}
	for (size_t r = 0; r < b->nrows; r++) {
		struct brow *row = &b->rows[r];
		const struct hit *h;
		const struct miss *ms;
		size_t nh, nms;

		for (size_t i = 0; i < b->ntext; i++) {
			b->fv[i].ptr = a + b->tf_off[row->text0 + i];
			b->fv[i].len = b->tf_len[row->text0 + i];
		}
		row->hit0 = b->nhits;
		row->miss0 = b->nmisses;
		for (int title = 0; title < 2; title++) {
			if (title == 0)
				nh = matcher_scan(m, b->fv, b->ntext, &h, &ms,
				    &nms);
			else if (row->title_len > 0)
				nh = matcher_scan_title(m, a + row->title_off,
				    row->title_len, &h, &ms, &nms);
			else
				break;
			if (b->nhits + nh > b->caphits) {
				b->caphits = (b->nhits + nh) * 2;
				b->hits = xreallocarray(b->hits, b->caphits,
				    sizeof(*b->hits));
			}
			if (nh)
				memcpy(b->hits + b->nhits, h, nh * sizeof(*h));
			b->nhits += nh;
			if (title == 0)
				row->ntext_hits = nh;
			if (b->nmisses + nms > b->capmisses) {
				b->capmisses = (b->nmisses + nms) * 2;
				b->misses = xreallocarray(b->misses,
				    b->capmisses, sizeof(*b->misses));
			}
			/* The reason is the matcher's until its next scan:
			 * keep a copy. */
			for (size_t i = 0; i < nms; i++) {
				struct bmiss *bm = &b->misses[b->nmisses++];

				bm->rule = ms[i].rule;
				snprintf(bm->why, sizeof(bm->why), "%s",
				    ms[i].why);
			}
		}
		row->nhits = b->nhits - row->hit0;
		row->nmisses = b->nmisses - row->miss0;
	}
}

static void *
worker(void *arg)
{
	struct pool *p = ((void **)arg)[0];
	struct matcher *m = ((void **)arg)[1];
	struct batch *b;

	free(arg);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		b = NULL;
		for (size_t i = 0; i < p->nb; i++)
			if (p->b[i].state == B_FILLED &&
			    p->b[i].seq == p->next_seq) {
				b = &p->b[i];
				break;
			}
		if (b == NULL) {
			if (p->quit)
				break;
			pthread_cond_wait(&p->work, &p->mu);
			continue;
		}
		b->state = B_WORKING;
		p->next_seq++;
		pthread_mutex_unlock(&p->mu);
		batch_match(b, m);
		pthread_mutex_lock(&p->mu);
		b->state = B_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static struct pool *
pool_new(const struct options *opt, const struct ruleset *rs, size_t n,
    struct matcher_budget *bud)
{
	struct pool *p = xcalloc(1, sizeof(*p));

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	/* Two batches per worker keep each busy while the main thread
	 * reads and emits; a few more absorb uneven rows. */
	p->nb = 2 * n + 2;
	p->b = xcalloc(p->nb, sizeof(*p->b));
	p->pf = matcher_prefilter_new(rs);
	p->out = diag_get_stream();
	p->m = xcalloc(n, sizeof(*p->m));
	p->tid = xcalloc(n, sizeof(*p->tid));
	for (size_t i = 0; i < n; i++) {
		void **arg = xcalloc(2, sizeof(*arg));

		p->m[i] = matcher_new_shared(rs, &opt->limits, p->pf);
		matcher_set_budget(p->m[i], bud);
		p->budget = bud;
		arg[0] = p;
		arg[1] = p->m[i];
		if (pthread_create(&p->tid[i], NULL, worker, arg) != 0) {
			free(arg);
			matcher_free(p->m[i]);
			break;
		}
		p->nworkers++;
	}
	return p;
}

static void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < p->nworkers; i++) {
		pthread_join(p->tid[i], NULL);
		matcher_free(p->m[i]);
	}
	for (size_t i = 0; i < p->nb; i++) {
		struct batch *b = &p->b[i];

		strbuf_free(&b->arena);
		free(b->rows);
		free(b->tf_off);
		free(b->tf_len);
		free(b->hits);
		free(b->misses);
		free(b->fv);
		free(b->mv);
	}
	if (p->cap != NULL)
		fclose(p->cap);
	free(p->capbuf);
	prefilter_free((struct prefilter *)p->pf);
	free(p->b);
	free(p->m);
	free(p->tid);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p);
}

/*
 * Diagnostics the reader prints while the main thread reads ahead are
 * captured (diag's stream points at a memory stream meanwhile) and
 * kept with the row they precede.
 */
static void
capture_begin(struct pool *p)
{
	if (p->cap == NULL || p->capdone > CAPTURE_MAX) {
		if (p->cap != NULL)
			fclose(p->cap);
		free(p->capbuf);
		p->capbuf = NULL;
		p->capsize = p->capdone = 0;
		p->cap = open_memstream(&p->capbuf, &p->capsize);
	}
	if (p->cap != NULL)
		diag_set_stream(p->cap);
}

/* Ends a capture; appends what was printed to A, returns its length. */
static size_t
capture_end(struct pool *p, struct strbuf *a, size_t *off)
{
	size_t n = 0;

	diag_set_stream(p->out);
	*off = a->len;
	if (p->cap == NULL)
		return 0;
	fflush(p->cap);
	if (p->capsize > p->capdone) {
		n = p->capsize - p->capdone;
		strbuf_add(a, p->capbuf + p->capdone, n);
		p->capdone = p->capsize;
	}
	return n;
}

/* Prints captured diagnostics where diag prints. */
static void
emit_text(struct pool *p, const char *s, size_t n)
{
	FILE *fp = p->out != NULL ? p->out : stderr;

	if (n) {
		fwrite(s, 1, n, fp);
		fflush(fp);
	}
}

/* Emits every role of the matched batch B, in order. */
static void
batch_emit(const struct options *opt, struct pool *p, struct batch *b,
    const char *path,
    const struct colmap *cm, const char *const *names, struct sink *sink,
    struct file_totals *ft)
{
	const char *a = b->arena.buf;

	if (b->ntext > b->capfv) {
		b->capfv = b->ntext;
		b->fv = xreallocarray(b->fv, b->capfv, sizeof(*b->fv));
	}
	if (b->nmisses > b->capmv) {
		b->capmv = b->nmisses;
		b->mv = xreallocarray(b->mv, b->capmv, sizeof(*b->mv));
	}
	for (size_t i = 0; i < b->nmisses; i++) {
		b->mv[i].rule = b->misses[i].rule;
		b->mv[i].why = b->misses[i].why;
	}
	for (size_t r = 0; r < b->nrows; r++) {
		struct brow *row = &b->rows[r];
		struct role role;

		emit_text(p, a + row->pre_off, row->pre_len);
		for (size_t i = 0; i < b->ntext; i++) {
			b->fv[i].ptr = a + b->tf_off[row->text0 + i];
			b->fv[i].len = b->tf_len[row->text0 + i];
		}
		memset(&role, 0, sizeof(role));
		role.path = path;
		role.line = row->line;
		role.id = a + row->id_off;
		role.title = a + row->title_off;
		role.dept = a + row->dept_off;
		role.ignore = a + row->ignore_off;
		role.ntext = b->ntext;
		role.text = b->fv;
		role.text_names = names;
		role.hits = b->hits ? b->hits + row->hit0 : NULL;
		role.nhits = row->nhits;
		role.ntext_hits = row->ntext_hits;
		role.misses = b->mv ? b->mv + row->miss0 : NULL;
		role.nmisses = row->nmisses;
		finish_role(opt, p->budget, cm->id >= 0, &role, sink, ft);
	}
}

static void
batch_reset(struct batch *b, size_t ntext)
{
	/* A batch that once held a huge row gives the memory back. */
	if (b->arena.cap > 4 * BATCH_BYTES)
		strbuf_free(&b->arena);
	strbuf_reset(&b->arena);
	b->nrows = b->ntf = b->nhits = b->nmisses = 0;
	b->ntext = ntext;
}

/* Copies REC's role into B. */
static void
batch_add(struct batch *b, const struct colmap *cm,
    const struct ra_record *rec, struct deptfill *df, size_t pre_off,
    size_t pre_len)
{
	struct brow *row;
	const char *t;

	if (b->nrows == b->caprows) {
		b->caprows = b->caprows ? b->caprows * 2 : 16;
		b->rows = xreallocarray(b->rows, b->caprows, sizeof(*b->rows));
	}
	if (b->ntf + cm->ntext > b->captf) {
		b->captf = (b->ntf + cm->ntext) * 2;
		b->tf_off = xreallocarray(b->tf_off, b->captf,
		    sizeof(*b->tf_off));
		b->tf_len = xreallocarray(b->tf_len, b->captf,
		    sizeof(*b->tf_len));
	}
	row = &b->rows[b->nrows++];
	memset(row, 0, sizeof(*row));
	row->line = rec->line;
	row->pre_off = pre_off;
	row->pre_len = pre_len;
	row->text0 = b->ntf;
	for (size_t i = 0; i < cm->ntext; i++) {
		const struct ra_field *f = cm->text[i] < rec->nfields ?
		    &rec->fields[cm->text[i]] : NULL;

		b->tf_off[b->ntf] = arena_add(&b->arena, f ? f->ptr : "",
		    f ? f->len : 0);
		b->tf_len[b->ntf++] = f ? f->len : 0;
	}
	t = field_str(rec, cm->title);
	row->title_len = strlen(t);
	row->title_off = arena_add(&b->arena, t, row->title_len);
	t = field_str(rec, cm->id);
	row->id_off = arena_add(&b->arena, t, strlen(t));
	t = dept_of(rec, cm->dept, df);
	row->dept_off = arena_add(&b->arena, t, strlen(t));
	t = field_str(rec, cm->ignore);
	row->ignore_off = arena_add(&b->arena, t, strlen(t));
}

/*
 * Progress on a terminal (diag_progress decides whether and when to
 * show it): rows and bytes read of the file at hand.
 */
static double progress_start;	/* when the current file was opened */

static double
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress(const char *path, const struct csvsrc *src)
{
	const struct csvsrc_info *in = csvsrc_info(src);
	double dt;

	if ((in->rows_read & 1023) != 0)
		return;
	dt = mono_now() - progress_start;
	diag_progress("%s: %lu rows, %.1f MB, %.1f MB/s", path,
	    in->rows_read, (double)in->bytes / 1e6,
	    dt > 0 ? (double)in->bytes / 1e6 / dt : 0.0);
}

/*
 * The data rows of SRC through the pool: returns csvsrc_next()'s last
 * result (0 at the end, -1 on a fatal error).
 */
static int
pipeline_file(const struct options *opt, struct pool *p, struct csvsrc *src,
    const char *path, const struct colmap *cm, const char *const *names,
    struct deptfill *df, struct sink *sink, struct file_totals *ft)
{
	struct strbuf tail = STRBUF_INIT;
	struct ra_record rec;
	unsigned long seq = p->submitted, head = seq;
	int r = 1;

	for (;;) {
		struct batch *b;

		/* Emit the oldest batches that are matched; wait for the
		 * oldest when every slot is taken or the input is over. */
		while (head < seq) {
			int must = r != 1 || seq - head == p->nb, ready;

			b = &p->b[head % p->nb];
			pthread_mutex_lock(&p->mu);
			while (must && b->state != B_DONE)
				pthread_cond_wait(&p->done, &p->mu);
			ready = b->state == B_DONE;
			pthread_mutex_unlock(&p->mu);
			if (!ready)
				break;
			batch_emit(opt, p, b, path, cm, names, sink, ft);
			pthread_mutex_lock(&p->mu);
			b->state = B_FREE;
			pthread_mutex_unlock(&p->mu);
			head++;
		}
		if (r != 1)
			break;
		b = &p->b[seq % p->nb];
		batch_reset(b, cm->ntext);
		while (b->nrows < BATCH_ROWS && b->arena.len < BATCH_BYTES) {
			size_t poff, plen;

			capture_begin(p);
			r = csvsrc_next(src, &rec);
			plen = capture_end(p, r == 1 ? &b->arena : &tail,
			    &poff);
			if (r != 1)
				break;
			batch_add(b, cm, &rec, df, poff, plen);
			progress(path, src);
		}
		if (b->nrows == 0)
			continue;
		pthread_mutex_lock(&p->mu);
		b->seq = seq++;
		b->state = B_FILLED;
		pthread_cond_broadcast(&p->work);
		pthread_mutex_unlock(&p->mu);
	}
	p->submitted = seq;
	emit_text(p, tail.buf, tail.len);
	strbuf_free(&tail);
	return r;
}

/* Audits one file into FT; returns 0, or 2 on a fatal problem. */
static int
audit_file(const struct options *opt, struct matcher *m, struct pool *pool,
    struct scratch *s, const char *path, struct sink *sink,
    struct file_totals *ft)
{
	struct csvsrc *src;
	struct ra_record rec;
	struct colmap cm;
	struct deptfill df = { opt->cols.fill_dept, 0, STRBUF_INIT, 0, 0, 0,
	    0, 0, STRBUF_INIT };
	char **names = NULL;
	const struct csvsrc_info *info;
	int r, rc = 0;

	ft->path = path;
	progress_start = mono_now();
	if ((src = csvsrc_open(path, &opt->csv)) == NULL) {
		ft->failed = 1;
		return 2;
	}
	r = csvsrc_next(src, &rec);
	if (r == 0 && csvsrc_info(src)->sep_line)
		diag(DIAG_ERROR, path, 0, 0, "no header row: the file ends "
		    "after its sep= line");
	else if (r == 0 && csvsrc_info(src)->lines_skipped > 0)
		diag(DIAG_ERROR, path, 0, 0, "no header row: the file ends "
		    "before line %lu (--header-line)", opt->csv.header_line);
	else if (r == 0 && csvsrc_info(src)->lines > 0)
		diag(DIAG_ERROR, path, 0, 0, "no header row: the file holds "
		    "only blank lines or blank rows (a CSV export starts with "
		    "a row of column names)");
	else if (r == 0)
		diag(DIAG_ERROR, path, 0, 0, "empty file: no header row (a CSV export "
		    "starts with a row of column names)");
	if (r == 0) {
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
	if (pool != NULL)
		r = pipeline_file(opt, pool, src, path, &cm,
		    (const char *const *)names, &df, sink, ft);
	else
		while ((r = csvsrc_next(src, &rec)) == 1) {
			audit_role(opt, m, s, &cm, (const char *const *)names,
			    &rec, &df, sink, ft);
			progress(path, src);
		}
	if (r < 0)
		rc = 2;
	/* Without --fill-dept, a hint only when a third of the roles or
	 * more lack the department of the roles above and below them: a
	 * few missing ones are just missing. */
	if (df.on && df.n > 0)
		diag(DIAG_NOTE, path, 0, 0, "%lu role%s took the department "
		    "above (--fill-dept)", df.n, df.n == 1 ? "" : "s");
	/* A shard cut from a sheet may start inside a merged cell: its
	 * first roles have no department above them in this file. */
	if (df.on && df.seen && df.top > 0)
		diag(DIAG_NOTE, path, df.topline, 0, "%lu role%s above the "
		    "first department ha%s none to take (--fill-dept) and "
		    "%s counted under (no department); a file cut from a "
		    "longer sheet should start at a department's first row",
		    df.top, df.top == 1 ? "" : "s", df.top == 1 ? "s" : "ve",
		    df.top == 1 ? "is" : "are");
	else if (!df.on && df.closed >= 2 &&
	    df.closed * 3 >= csvsrc_info(src)->rows_accepted)
		diag(DIAG_NOTE, path, 0, 0, "%lu roles below one with a "
		    "department have none (merged cells in a sheet? "
		    "--fill-dept gives them the department above)", df.n);
	colmap_free(&cm);
	strbuf_free(&df.last);
	strbuf_free(&df.trim);
out:
	info = csvsrc_info(src);
	if (info != NULL) {
		ft->rows_read = info->rows_read;
		ft->rejected = info->rows_rejected;
		if (info->rows_empty > 0)
			diag(DIAG_NOTE, path, 0, 0, "%lu empty row%s skipped "
			    "(every field empty or blank, as a spreadsheet "
			    "saves a blank row)", info->rows_empty,
			    info->rows_empty == 1 ? "" : "s");
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

/* --jobs 0: one worker per online core. */
static size_t
jobs_of(const struct options *opt)
{
	long n;

	if (opt->jobs > 0)
		return opt->jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > 64 ? 64 : (size_t)n;
}

int
audit_run(const struct options *opt, const struct ruleset *rs,
    struct sink *sink)
{
	struct matcher_budget *bud;
	struct matcher *m = NULL;
	struct pool *pool = NULL;
	size_t jobs = jobs_of(opt);
	struct scratch s;
	struct totals t;
	int rc = 0;

	bud = matcher_budget_new(rs, &opt->limits);
	/* One job: no threads at all, the row is matched where it is read. */
	if (jobs > 1) {
		pool = pool_new(opt, rs, jobs, bud);
		if (pool->nworkers == 0) {
			pool_free(pool);
			pool = NULL;
		}
	}
	if (pool == NULL) {
		m = matcher_new(rs, &opt->limits);
		matcher_set_budget(m, bud);
	}
	/* Progress only where it cannot garble the output: not with -q,
	 * and not when the output itself goes to the terminal. */
	diag_progress_enable(!opt->quiet && !((opt->output == NULL ||
	    strcmp(opt->output, "-") == 0) && isatty(STDOUT_FILENO)));
	memset(&s, 0, sizeof(s));
	s.budget = bud;
	memset(&t, 0, sizeof(t));
	t.rules = rs;
	t.files = xcalloc(opt->nfiles ? opt->nfiles : 1, sizeof(*t.files));
	for (size_t i = 0; i < opt->nfiles; i++) {
		struct file_totals *ft = &t.files[t.nfiles++];

		matcher_budget_reset(bud);
		if (audit_file(opt, m, pool, &s, opt->files[i], sink, ft) != 0)
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
	diag_progress_done();
	if (sink->end(sink->ctx, &t) != 0)
		rc = 2;
	free(t.files);
	free(s.hits);
	free(s.misses);
	free(s.text);
	matcher_free(m);
	pool_free(pool);
	matcher_budget_free(bud);
	return rc;
}
