/*
 * testutil.c — what the suites of the output formats share (see
 * testutil.h).
 */
#include <config.h>

#define _GNU_SOURCE 1
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "classify.h"
#include "diag.h"
#include "report.h"
#include "testutil.h"

struct rule tu_rules[TU_NRULES] = {
	{ .id = "ops-daily", .dim = DIM_SCOPE, .side = SIDE_OPS, .weight = 2,
	  .index = 0, .source = "Operations work is ongoing and repetitive." },
	{ .id = "ops-kpi", .dim = DIM_METRICS, .side = SIDE_OPS,
	  .weight = 1.5, .index = 1 },
	{ .id = "ops-longterm", .dim = DIM_CYCLE, .side = SIDE_OPS,
	  .weight = 1, .index = 2 },
	{ .id = "pm-plan", .dim = DIM_SCOPE, .side = SIDE_PM, .weight = 2,
	  .index = 3 },
	{ .id = "pm-milestone", .dim = DIM_CYCLE, .side = SIDE_PM,
	  .weight = 1.5, .index = 4 },
	{ .id = "pm-risk", .dim = DIM_SKILLS, .side = SIDE_PM, .weight = 1,
	  .index = 5 },
	{ .id = "title-pm", .dim = DIM_TITLE, .side = SIDE_PM, .weight = 3,
	  .index = 6 },
	{ .id = "title-ops", .dim = DIM_TITLE, .side = SIDE_OPS, .weight = 3,
	  .index = 7 },
};

static const char *const tu_keys[TU_NRULES] = {
	"daily", "KPI", "long-term", "plan", "milestone", "risk", NULL, NULL
};

void
tu_role(struct trole *t, const char *path, unsigned long line,
    const char *id, const char *title, const char *dept, const char *text,
    const int *which)
{
	struct thresholds th;
	struct scores sc;
	size_t n = 0, ntext = 0;

	memset(t, 0, sizeof(*t));
	t->text[0] = (struct ra_field){ text, strlen(text) };
	t->names[0] = "duties";
	/* Text hits first, then title hits, as the driver orders them. */
	for (int pass = 0; pass < 2; pass++)
		for (const int *w = which; *w >= 0; w++) {
			const struct rule *ru = &tu_rules[*w];
			struct hit *h;
			const char *at;

			if ((ru->dim == DIM_TITLE) != pass)
				continue;
			h = &t->hits[n++];
			h->rule = ru;
			if (pass) {
				h->len = strlen(title);
				continue;
			}
			ntext++;
			at = strstr(text, tu_keys[*w]);
			if (at != NULL) {
				h->offset = (size_t)(at - text);
				h->len = strlen(tu_keys[*w]);
			}
		}
	score_hits(&sc, t->hits, n);
	thresholds_default(&th);
	classify(&sc, &th, &t->r.v);
	t->r.path = path;
	t->r.line = line;
	t->r.id = id;
	t->r.title = title;
	t->r.dept = dept;
	t->r.ignore = "";
	t->r.ntext = 1;
	t->r.text = t->text;
	t->r.text_names = t->names;
	t->r.hits = t->hits;
	t->r.nhits = n;
	t->r.ntext_hits = ntext;
	t->r.misses = t->miss;
}

void
tu_miss(struct trole *t, int rule, const char *why)
{
	ck_assert_uint_lt(t->r.nmisses, 2);
	t->miss[t->r.nmisses].rule = &tu_rules[rule];
	t->miss[t->r.nmisses].why = why;
	t->r.nmisses++;
}

void
tu_totals(struct totals *t, struct file_totals *f, const char *path)
{
	memset(t, 0, sizeof(*t));
	memset(f, 0, sizeof(*f));
	f->path = path;
	t->files = f;
	t->nfiles = 1;
}

void
tu_count(struct totals *t, struct file_totals *f, const struct role *r)
{
	f->rows_read++;
	f->classified++;
	f->by_class[r->v.cls]++;
	t->rows_read++;
	t->classified++;
	t->by_class[r->v.cls]++;
	if (r->v.flags & FLAG_TITLE_MISMATCH) {
		f->title_mismatch++;
		t->title_mismatch++;
	}
}

void
tu_check_init(struct tu_check *c, const struct chk_ops *ops, unsigned fail_on,
    double max_share, int per_dept, struct baseline *bl)
{
	struct policy_opts po;

	memset(c, 0, sizeof(*c));
	memset(&po, 0, sizeof(po));
	po.fail_on = fail_on;
	po.max_mixed_share = max_share;
	po.per_department = per_dept;
	c->ops = ops;
	c->o.max_annotations = -1;
	c->p = policy_new(&po, bl);
}

char *
tu_check_run(struct tu_check *c, struct trole *r, size_t n, int *rc)
{
	struct chk_run run;
	struct tu_mem m;
	void *st;

	memset(&c->t, 0, sizeof(c->t));
	memset(c->f, 0, sizeof(c->f));
	c->t.files = c->f;
	for (size_t k = 0; k < 4 && c->paths[k] != NULL; k++)
		c->f[c->t.nfiles++].path = c->paths[k];
	st = c->ops->begin(tu_mem_open(&m), &c->o);
	if (c->during != NULL)
		c->during();
	for (size_t i = 0; i < n; i++) {
		size_t k, nf, first = c->p->nfindings;

		for (k = 0; k < c->t.nfiles; k++)
			if (strcmp(c->f[k].path, r[i].r.path) == 0)
				break;
		if (k == c->t.nfiles) {
			ck_assert_uint_lt(k, 4);
			c->f[c->t.nfiles++].path = r[i].r.path;
		}
		tu_count(&c->t, &c->f[k], &r[i].r);
		nf = policy_role(c->p, &r[i].r, NULL);
		ck_assert_uint_eq(first + nf, c->p->nfindings);
		if (c->ops->role != NULL)
			c->ops->role(st, &r[i].r, r[i].r.path, nf ?
			    &c->p->findings[first] : NULL, nf);
	}
	for (size_t k = 0; k < c->t.nfiles; k++) {
		if (c->rejected != NULL) {
			c->f[k].rejected += c->rejected[k];
			c->f[k].rows_read += c->rejected[k];
			c->t.rejected += c->rejected[k];
			c->t.rows_read += c->rejected[k];
		}
		if (c->file_failed != NULL)
			c->f[k].failed = c->file_failed[k];
	}
	policy_finish(c->p);
	memset(&run, 0, sizeof(run));
	run.t = &c->t;
	run.p = c->p;
	run.failed = c->failed;
	run.stale = c->stale;
	run.errors = c->errors;
	run.nerrors = c->nerrors;
	*rc = c->ops->end(st, &run);
	return tu_mem_close(&m);
}

void
tu_check_free(struct tu_check *c)
{
	policy_free(c->p);
	c->p = NULL;
}

struct report *
tu_report_fixture(void)
{
	static const int ops[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG, -1 };
	static const int mixed[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_PM_PLAN, -1 };
	static const int mismatch[] = { TU_OPS_DAILY, TU_OPS_KPI, TU_OPS_LONG,
	    TU_TITLE_PM, -1 };
	static const int pm[] = { TU_PM_PLAN, TU_PM_MILESTONE, TU_PM_RISK, -1 };
	static const int none[] = { -1 };
	struct report *rep = report_new();
	struct thresholds th;
	struct trole r[5];
	struct totals t;
	struct file_totals f;

	tu_role(&r[0], "a.csv", 2, "OPS-1", "运营专员", "运营部", "", ops);
	tu_role(&r[1], "a.csv", 3, "MIX-1", "运营项目经理", "运营部", "", mixed);
	tu_role(&r[2], "a.csv", 4, "MIS-1", "项目经理", "运营部", "", mismatch);
	tu_role(&r[3], "a.csv", 5, "PM-1", "PMO lead", "项目部", "", pm);
	tu_role(&r[4], "a.csv", 6, "U-1", "", "", "", none);
	tu_totals(&t, &f, "a.csv");
	for (int i = 0; i < 5; i++) {
		report_add_role(rep, &r[i].r);
		tu_count(&t, &f, &r[i].r);
	}
	f.rows_read++;
	f.rejected++;
	t.rows_read++;
	t.rejected++;
	report_add_totals(rep, &t);
	thresholds_default(&th);
	report_set_thresholds(rep, &th);
	report_finish(rep);
	return rep;
}

char *
tu_report_render(const struct report_format *fmt, const struct report *rep)
{
	struct tu_mem m;

	ck_assert_int_eq(fmt->write(tu_mem_open(&m), rep), 0);
	return tu_mem_close(&m);
}

FILE *
tu_mem_open(struct tu_mem *m)
{
	memset(m, 0, sizeof(*m));
	m->fp = open_memstream(&m->buf, &m->len);
	ck_assert_ptr_nonnull(m->fp);
	return m->fp;
}

char *
tu_mem_close(struct tu_mem *m)
{
	ck_assert_int_eq(fclose(m->fp), 0);
	m->fp = NULL;
	ck_assert_ptr_nonnull(m->buf);
	return m->buf;
}

static FILE *diag_fp;

void
tu_diag_begin(void)
{
	diag_fp = tmpfile();
	ck_assert_ptr_nonnull(diag_fp);
	diag_set_stream(diag_fp);
}

char *
tu_diag_end(void)
{
	char *buf;
	long n;

	diag_set_stream(NULL);
	fflush(diag_fp);
	n = ftell(diag_fp);
	rewind(diag_fp);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, diag_fp), (size_t)n);
	buf[n] = '\0';
	fclose(diag_fp);
	diag_fp = NULL;
	return buf;
}

int
tu_count_str(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

const char *
tu_mkdtemp(void)
{
	static char dir[4096];
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/roleaudit-check.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

void
tu_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[8192];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		/* A link is removed, never followed. */
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			tu_rmdir(path);
		else
			ck_assert_int_eq(unlink(path), 0);
	}
	closedir(d);
	ck_assert_int_eq(rmdir(dir), 0);
}

const char *
tu_write_file(const char *dir, const char *name, const char *text)
{
	static char path[8192];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

char *
tu_read_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

const struct jr_value *
tu_get(const struct jr_value *v, const char *key)
{
	const struct jr_value *x = jsonr_get(v, key);

	ck_assert_msg(x != NULL, "no key \"%s\"", key);
	return x;
}

const char *
tu_str(const struct jr_value *v, const char *key)
{
	const struct jr_value *x = tu_get(v, key);

	ck_assert_int_eq(x->type, JR_STRING);
	return x->str;
}

double
tu_num(const struct jr_value *v, const char *key)
{
	const struct jr_value *x = tu_get(v, key);

	ck_assert_int_eq(x->type, JR_NUMBER);
	return x->num;
}
