/*
 * check_report.c — the department summary: counting, sorting, the
 * review list, the JSON round trip behind --merge, and the writers'
 * safety (HTML structure and escaping, CSV formulas, CJK alignment).
 * Roles are built here from rule hits through the real scorer and
 * classifier, so no CSV reader or PCRE2 is involved.
 */
#include <config.h>

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "classify.h"
#include "diag.h"
#include "jsonr.h"
#include "matcher.h"
#include "report.h"
#include "suites.h"
#include "testutil.h"
#include "xalloc.h"

static struct rule R[] = {
	{ .id = "ops-daily", .dim = DIM_SCOPE, .side = SIDE_OPS, .weight = 2 },
	{ .id = "ops-kpi", .dim = DIM_METRICS, .side = SIDE_OPS, .weight = 1.5 },
	{ .id = "ops-longterm", .dim = DIM_CYCLE, .side = SIDE_OPS, .weight = 1 },
	{ .id = "pm-plan", .dim = DIM_SCOPE, .side = SIDE_PM, .weight = 2 },
	{ .id = "pm-milestone", .dim = DIM_CYCLE, .side = SIDE_PM, .weight = 1.5 },
	{ .id = "pm-risk", .dim = DIM_SKILLS, .side = SIDE_PM, .weight = 1 },
	{ .id = "title-pm", .dim = DIM_TITLE, .side = SIDE_PM, .weight = 3 },
	{ .id = "title-ops", .dim = DIM_TITLE, .side = SIDE_OPS, .weight = 3 },
};
enum { OD, OK_, OL, PP, PM_, PR, TP, TO };
#define NR (sizeof(R) / sizeof(R[0]))

/* Sets the rule set REP's roles were classified with: R, or (OTHER) R
 * without its last rule. */
static void
set_rules(struct report *rep, int other)
{
	struct rule *rp[NR];
	struct ruleset rs = { rp, other ? NR - 1 : NR, NULL };

	for (size_t i = 0; i < NR; i++)
		rp[i] = &R[i];
	report_set_rules(rep, &rs);
}

/* Builds role R from the rule indexes in WHICH (-1 ends the list). */
static void
mkrole(struct role *r, struct hit *hits, const char *path, unsigned long line,
    const char *id, const char *title, const char *dept, const int *which)
{
	struct thresholds th;
	struct scores sc;
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	for (; *which >= 0; which++)
		hits[n++] = (struct hit){ .rule = &R[*which] };
	score_hits(&sc, hits, n);
	thresholds_default(&th);
	classify(&sc, &th, &r->v);
	r->path = path;
	r->line = line;
	r->id = id;
	r->title = title;
	r->dept = dept;
	r->hits = hits;
	r->nhits = n;
	r->ntext_hits = n;
}

/* The fixture: ten roles in three departments and one without. */
static const struct {
	const char	*id, *title, *dept;
	int		 rules[6];
} roles[] = {
	{ "OPS-1", "运营专员", "运营部", { OD, OK_, OL, -1 } },
	{ "OPS-2", "用户运营", "运营部", { OD, OK_, -1 } },
	{ "OPS-3", "运营项目经理", "运营部", { OD, OK_, PP, PM_, -1 } },
	{ "OPS-4", "项目经理", "运营部", { OD, OK_, OL, TP, -1 } },
	{ "PMO-1", "项目经理", "项目管理部", { PP, PM_, PR, TP, -1 } },
	{ "PMO-2", "Delivery <lead> & \"PM\"", "项目管理部", { PP, PM_, OD, OL, -1 } },
	{ "PMO-3", "项目助理", "项目管理部", { PR, -1 } },
	{ "IT-1", "系统管理员", "IT", { OD, OK_, -1 } },
	{ "IT-2", "实施项目经理", "IT", { PP, PM_, OD, OK_, -1 } },
	{ "X-1", "行政专员", "", { -1 } },
};
#define NROLES (sizeof(roles) / sizeof(roles[0]))

static void
feed(struct report *rep, size_t from, size_t step)
{
	for (size_t i = from; i < NROLES; i += step) {
		struct role r;
		struct hit hits[8];

		mkrole(&r, hits, "roles.csv", (unsigned long)i + 2, roles[i].id,
		    roles[i].title, roles[i].dept, roles[i].rules);
		report_add_role(rep, &r);
	}
}

static struct rep_dept *
find(struct report *rep, const char *name)
{
	for (size_t i = 0; i < rep->ndepts; i++)
		if (strcmp(rep->depts[i]->name, name) == 0)
			return rep->depts[i];
	return NULL;
}

START_TEST(test_counts_per_department)
{
	struct report *rep = report_new();
	struct rep_dept *d;

	feed(rep, 0, 1);
	report_finish(rep);
	ck_assert_uint_eq(rep->ndepts, 4);
	d = find(rep, "运营部");
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->roles, 4);
	ck_assert_uint_eq(d->by_class[CLASS_OPS], 3);
	ck_assert_uint_eq(d->by_class[CLASS_MIXED], 1);
	ck_assert_uint_eq(d->title_mismatch, 1);	/* OPS-4 */
	ck_assert_uint_eq(d->conflicts[DIM_SCOPE], 1);	/* OPS-3 */
	ck_assert_uint_eq(d->conflicts[DIM_CYCLE], 0);
	/* score sums in thousandths: ops scope 2 x 4 roles */
	ck_assert_int_eq(d->score[DIM_SCOPE][SIDE_OPS], 8000);
	ck_assert_int_eq(d->score[DIM_METRICS][SIDE_OPS], 6000);
	ck_assert_double_eq_tol(rep_mean(d, DIM_METRICS, SIDE_OPS), 1.5, 1e-9);
	/* no department: kept, apart from the departments by its kind */
	d = find(rep, "");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->kind, REP_NO_DEPT);
	ck_assert_str_eq(rep_dept_label(d), REPORT_NO_DEPT);
	ck_assert_uint_eq(d->roles, 1);
	ck_assert_uint_eq(d->by_class[CLASS_UNCLASSIFIED], 1);
	/* (all) */
	ck_assert_uint_eq(rep->all.roles, NROLES);
	ck_assert_uint_eq(rep->all.by_class[CLASS_MIXED], 3);
	report_free(rep);
}
END_TEST

START_TEST(test_sorted_by_mixed_share_then_name)
{
	struct report *rep = report_new();

	feed(rep, 0, 1);
	report_finish(rep);
	/* mixed shares: IT 1/2, 项目管理部 1/3, 运营部 1/4, (no department) 0 */
	ck_assert_str_eq(rep->depts[0]->name, "IT");
	ck_assert_str_eq(rep->depts[1]->name, "项目管理部");
	ck_assert_str_eq(rep->depts[2]->name, "运营部");
	ck_assert_str_eq(rep_dept_label(rep->depts[3]), REPORT_NO_DEPT);
	report_free(rep);
}
END_TEST

START_TEST(test_ties_sorted_by_name)
{
	struct report *rep = report_new();
	const char *names[] = { "b", "a", "c" };
	int none[] = { OD, OK_, -1 };

	for (int i = 0; i < 3; i++) {
		struct role r;
		struct hit hits[4];

		mkrole(&r, hits, "x.csv", 2, "id", "t", names[i], none);
		report_add_role(rep, &r);
	}
	report_finish(rep);
	ck_assert_str_eq(rep->depts[0]->name, "a");
	ck_assert_str_eq(rep->depts[1]->name, "b");
	ck_assert_str_eq(rep->depts[2]->name, "c");
	report_free(rep);
}
END_TEST

START_TEST(test_review_list_holds_mixed_and_mismatch_only)
{
	struct report *rep = report_new();

	feed(rep, 0, 1);
	report_finish(rep);
	/* mixed: OPS-3, PMO-2, IT-2; title mismatch: OPS-4 */
	ck_assert_uint_eq(rep->nreview, 4);
	/* in department order (IT first), then by id */
	ck_assert_str_eq(rep->review[0].id, "IT-2");
	ck_assert_str_eq(rep->review[1].id, "PMO-2");
	ck_assert_str_eq(rep->review[2].id, "OPS-3");
	ck_assert_str_eq(rep->review[3].id, "OPS-4");
	ck_assert_uint_eq(rep->review[3].flags, FLAG_TITLE_MISMATCH);
	ck_assert_int_eq(rep->review[3].cls, CLASS_OPS);
	ck_assert_uint_eq(rep->review[0].conflicts, 1u << DIM_SCOPE);
	ck_assert_str_eq(rep->review[1].title, "Delivery <lead> & \"PM\"");
	report_free(rep);
}
END_TEST

START_TEST(test_top_rules_and_conflicts)
{
	struct report *rep = report_new();
	struct rep_top top[REPORT_TOP_RULES];
	int order[DIM_COUNT];
	size_t n;
	char buf[64];

	feed(rep, 0, 1);
	report_finish(rep);
	n = rep_top_rules(rep, &rep->all, top, REPORT_TOP_RULES);
	ck_assert_uint_eq(n, 5);
	/* ops-daily fires on 7 roles, ops-kpi on 6, pm-plan and
	 * pm-milestone on 4 each (tie: by id), then ops-longterm on 3
	 * and pm-risk and title-pm on 2 each. */
	ck_assert_str_eq(top[0].rule, "ops-daily");
	ck_assert_uint_eq(top[0].count, 7);
	ck_assert_str_eq(top[1].rule, "ops-kpi");
	ck_assert_uint_eq(top[1].count, 6);
	ck_assert_str_eq(top[2].rule, "pm-milestone");
	ck_assert_str_eq(top[3].rule, "pm-plan");
	ck_assert_uint_eq(top[3].count, 4);
	ck_assert_str_eq(top[4].rule, "ops-longterm");
	ck_assert_uint_eq(top[4].count, 3);
	n = rep_top_rules(rep, &rep->all, top, 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(top[0].rule, "ops-daily");
	/* PMO-2 conflicts in scope and cycle; the others in scope only */
	n = rep_top_conflicts(&rep->all, order);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(order[0], DIM_SCOPE);
	ck_assert_int_eq(order[1], DIM_CYCLE);
	rep_conflicts_str(&rep->all, buf, sizeof(buf));
	ck_assert_str_eq(buf, "scope,cycle");
	report_free(rep);
}
END_TEST

/* Writes REP (finished) in FMT to a new string. */
static char *
render(struct report *rep, const struct report_format *fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	report_finish(rep);
	ck_assert_int_eq(fmt->write(fp, rep), 0);
	fclose(fp);
	return buf;
}

/* Writes REP as JSON into a file under DIR; returns its path (static). */
static const char *
save_json(struct report *rep, const char *dir, const char *name)
{
	static char path[4][512];
	static int k;
	char *s = render(rep, &rep_json);
	FILE *fp;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", dir, name);
	fp = fopen(path[k], "w");
	ck_assert_ptr_nonnull(fp);
	fputs(s, fp);
	fclose(fp);
	free(s);
	return path[k];
}

START_TEST(test_merge_of_shards_equals_one_run)
{
	char dir[] = "/tmp/roleaudit-check.XXXXXX";
	struct report *whole = report_new(), *merged = report_new();
	const struct report_format *fmts[] = { &rep_json, &rep_text,
	    &rep_markdown, &rep_csv, &rep_html };
	struct thresholds th;
	const char *p;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	thresholds_default(&th);
	feed(whole, 0, 1);
	report_set_thresholds(whole, &th);
	set_rules(whole, 0);
	/* three shards that cut departments apart */
	for (size_t s = 0; s < 3; s++) {
		struct report *part = report_new();
		char name[32];

		feed(part, s, 3);
		report_set_thresholds(part, &th);
		set_rules(part, 0);
		snprintf(name, sizeof(name), "part%zu.json", s);
		p = save_json(part, dir, name);
		report_free(part);
		ck_assert_int_eq(report_merge_json(merged, p), 0);
		unlink(p);
	}
	/* The same file names and lines went in, so every format must be
	 * byte for byte the same. */
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		char *a = render(whole, fmts[i]), *b = render(merged, fmts[i]);

		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
	rmdir(dir);
	report_free(whole);
	report_free(merged);
}
END_TEST

START_TEST(test_merge_is_lossless_for_fractional_scores)
{
	static struct rule frac = { .id = "odd-weight", .dim = DIM_NATURE,
	    .side = SIDE_OPS, .weight = 0.1 };
	char dir[] = "/tmp/roleaudit-check.XXXXXX";
	struct report *a = report_new(), *m = report_new();
	const char *p;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (int i = 0; i < 7; i++) {
		struct role r;
		struct hit h = { .rule = &frac };
		int none[] = { -1 };
		struct hit hits[1];

		mkrole(&r, hits, "f.csv", 2, "id", "t", "d", none);
		r.hits = &h;
		r.nhits = 1;
		r.ntext_hits = 1;
		r.v.sc.dim[DIM_NATURE][SIDE_OPS] = 0.1 * (i + 1);
		report_add_role(a, &r);
	}
	p = save_json(a, dir, "a.json");
	ck_assert_int_eq(report_merge_json(m, p), 0);
	ck_assert_int_eq(report_merge_json(m, p), 0);
	report_finish(a);
	report_finish(m);
	/* 0.1 + 0.2 + ... + 0.7 = 2.8, kept exactly as 2800 thousandths */
	ck_assert_int_eq(a->depts[0]->score[DIM_NATURE][SIDE_OPS], 2800);
	ck_assert_int_eq(m->depts[0]->score[DIM_NATURE][SIDE_OPS], 5600);
	ck_assert_uint_eq(m->depts[0]->roles, 14);
	ck_assert_uint_eq(rep_rule_count(m->depts[0], 0), 14);
	unlink(p);
	rmdir(dir);
	report_free(a);
	report_free(m);
}
END_TEST

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

START_TEST(test_html_is_self_contained_and_escaped)
{
	struct report *rep = report_new();
	struct role r;
	struct hit hits[8];
	int mixed[] = { OD, OK_, PP, PM_, -1 };
	char *h;

	feed(rep, 0, 1);
	mkrole(&r, hits, "in'put&.csv", 9, "<script>alert(1)</script>",
	    "\"Ops\" & 'PM' <b>", "R&D <dept>", mixed);
	report_add_role(rep, &r);
	h = render(rep, &rep_html);
	ck_assert_ptr_nonnull(strstr(h, "<meta charset=\"utf-8\">"));
	ck_assert_ptr_nonnull(strstr(h, "<meta http-equiv=\"Content-Security-"
	    "Policy\" content=\"default-src 'none'; style-src "
	    "'unsafe-inline'\">"));
	ck_assert_ptr_null(strstr(h, "<script"));
	ck_assert_ptr_null(strstr(h, "http://"));
	ck_assert_ptr_null(strstr(h, "https://"));
	ck_assert_ptr_null(strstr(h, "src="));
	ck_assert_ptr_null(strstr(h, "href="));
	ck_assert_ptr_null(strstr(h, "url("));
	ck_assert_int_eq(count(h, "<svg"), (int)rep->ndepts);
	ck_assert_int_eq(count(h, "<article class=\"dept\">"), (int)rep->ndepts);
	ck_assert_ptr_nonnull(strstr(h, "<section id=\"heatmap\">"));
	ck_assert_ptr_nonnull(strstr(h, "<section id=\"review\">"));
	ck_assert_ptr_nonnull(strstr(h, "@page { size: A4"));
	ck_assert_ptr_nonnull(strstr(h, "\"Noto Sans CJK SC\""));
	ck_assert_ptr_nonnull(strstr(h, "page-break-inside: avoid"));
	ck_assert_ptr_nonnull(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(h, "&quot;Ops&quot; &amp; &#39;PM&#39; "
	    "&lt;b&gt;"));
	ck_assert_ptr_nonnull(strstr(h, "R&amp;D &lt;dept&gt;"));
	ck_assert_ptr_nonnull(strstr(h, "in&#39;put&amp;.csv:9"));
	ck_assert_ptr_null(strstr(h, "<b>\""));
	ck_assert_ptr_null(strstr(h, "R&D"));
	free(h);
	/* and intact in JSON */
	h = render(rep, &rep_json);
	ck_assert_ptr_nonnull(strstr(h, "\"id\": \"<script>alert(1)</script>\""));
	ck_assert_ptr_nonnull(strstr(h, "\"title\": \"\\\"Ops\\\" & 'PM' <b>\""));
	ck_assert_ptr_nonnull(strstr(h, "\"name\": \"R&D <dept>\""));
	free(h);
	report_free(rep);
}
END_TEST

START_TEST(test_csv_neutralises_formulas)
{
	struct report *rep = report_new();
	struct role r;
	struct hit hits[4];
	int ops[] = { OD, OK_, -1 };
	char *c;

	mkrole(&r, hits, "x.csv", 2, "1", "t", "=HYPERLINK(\"x\")", ops);
	report_add_role(rep, &r);
	mkrole(&r, hits, "x.csv", 3, "2", "t", "＋运营", ops);
	report_add_role(rep, &r);
	c = render(rep, &rep_csv);
	ck_assert_ptr_nonnull(strstr(c, "\n\"'=HYPERLINK(\"\"x\"\")\",1,"));
	ck_assert_ptr_nonnull(strstr(c, "\n\"'＋运营\",1,"));
	ck_assert_ptr_nonnull(strstr(c, "\n(all),2,2,0,0,0,0,0,"));
	free(c);
	report_free(rep);
}
END_TEST

START_TEST(test_text_aligns_cjk_by_display_width)
{
	struct report *rep = report_new();
	char *t, *a, *b;

	feed(rep, 0, 1);
	t = render(rep, &rep_text);
	/* The widest name is "(no department)", 15 columns; "运营部" is 3
	 * characters but 6 columns, so it gets 9 spaces of padding where
	 * "(all)" gets 10, and the roles column lines up. */
	a = strstr(t, "\n  运营部");
	b = strstr(t, "\n  (all)");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(strncmp(a + 3, "运营部" "               " "4  ",
	    strlen("运营部" "               " "4  ")), 0);
	ck_assert_int_eq(strncmp(b + 3, "(all)" "               " "10  ",
	    strlen("(all)" "               " "10  ")), 0);
	free(t);
	report_free(rep);
}
END_TEST

START_TEST(test_merge_rejects_bad_parts_with_location)
{
	char dir[] = "/tmp/roleaudit-check.XXXXXX", path[600], msg[1024];
	struct report *rep = report_new();
	FILE *fp, *err = tmpfile();
	size_t n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/bad.json", dir);
	fp = fopen(path, "w");
	fputs("{\"format\": \"roleaudit-report\", \"version\": 1,\n"
	    "\"departments\": [{\"name\": \"a\", \"roles\": 2, "
	    "\"title_mismatch\": 0,\n"
	    "  \"classes\": {\"operations\": 1, \"project-management\": 0, "
	    "\"mixed\": 0, \"unclassified\": 0}}],\n"
	    "\"review\": [], \"files\": []}\n", fp);
	fclose(fp);
	diag_set_stream(err);
	ck_assert_int_eq(report_merge_json(rep, path), -1);
	diag_set_stream(NULL);
	rewind(err);
	n = fread(msg, 1, sizeof(msg) - 1, err);
	msg[n] = '\0';
	fclose(err);
	ck_assert_ptr_nonnull(strstr(msg, "bad.json:3:14: department \"a\": the "
	    "classes add up to 1, not to its 2 roles"));
	report_finish(rep);
	ck_assert_uint_eq(rep->ndepts, 0);	/* nothing half-merged */
	unlink(path);
	rmdir(dir);
	report_free(rep);
}
END_TEST

/* A part written before title-mismatch and mixed had their last
 * thresholds flagged on any weight and asked for no duty: it reads as
 * mismatch_min 0 and mixed_duty 0, and beside a current part the merge
 * says the counts mix two policies. */
START_TEST(test_merge_part_without_mismatch_min)
{
	char dir[] = "/tmp/roleaudit-check.XXXXXX", path[2][600], msg[1024];
	char thr[256];
	const char *th[2] = { "\"mixed_ratio\": 0.4",
	    "\"mixed_ratio\": 0.4, \"mixed_duty\": 1, \"mismatch_min\": 4" };
	struct report *rep = report_new();
	FILE *fp, *err = tmpfile();
	size_t n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (int i = 0; i < 2; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/p%d.json", dir, i);
		ck_assert_ptr_nonnull(fp = fopen(path[i], "w"));
		fprintf(fp, "{\"format\": \"roleaudit-report\", "
		    "\"version\": 1,\n\"thresholds\": {\"min_evidence\": 2, "
		    "\"mixed_min\": 2, %s},\n\"departments\": [], "
		    "\"review\": [], \"files\": []}\n", th[i]);
		fclose(fp);
	}
	diag_set_stream(err);
	ck_assert_int_eq(report_merge_json(rep, path[0]), 0);
	ck_assert_int_eq(report_merge_json(rep, path[1]), 0);
	diag_set_stream(NULL);
	rewind(err);
	n = fread(msg, 1, sizeof(msg) - 1, err);
	msg[n] = '\0';
	fclose(err);
	ck_assert_double_eq(rep->th.mismatch_min, 0);
	ck_assert_double_eq(rep->th.mixed_duty, 0);

	ck_assert_ptr_nonnull(strstr(msg, "p1.json: warning: classified with "
	    "other thresholds"));
	/* the readable reports do not print one part's thresholds as all's */
	rep_thresholds_str(rep, thr, sizeof(thr));
	ck_assert_str_eq(thr, "not the same in all the merged parts (see the "
	    "warnings of report --merge)");
	for (int i = 0; i < 2; i++)
		unlink(path[i]);
	rmdir(dir);
	report_free(rep);
}
END_TEST

/* A merge of parts classified differently writes JSON that says so
 * (its thresholds are the first part's), and merging that JSON again
 * warns again and prints no thresholds as if they held for all. */
START_TEST(test_merge_remembers_thresholds_differ)
{
	char dir[] = "/tmp/roleaudit-check.XXXXXX", path[600], msg[1024];
	char thr[256];
	struct report *rep = tu_report_fixture(), *again = report_new();
	char *out;
	FILE *fp, *err = tmpfile();
	size_t n;

	out = tu_report_render(&rep_json, rep);
	ck_assert_ptr_null(strstr(out, "thresholds_differ"));
	free(out);
	rep->th_differ = 1;
	out = tu_report_render(&rep_json, rep);
	ck_assert_ptr_nonnull(strstr(out, "\"thresholds_differ\": true,\n"));
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ab.json", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(out, fp);
	fclose(fp);
	free(out);
	diag_set_stream(err);
	ck_assert_int_eq(report_merge_json(again, path), 0);
	diag_set_stream(NULL);
	rewind(err);
	n = fread(msg, 1, sizeof(msg) - 1, err);
	msg[n] = '\0';
	fclose(err);
	ck_assert_int_eq(again->th_differ, 1);
	ck_assert_ptr_nonnull(strstr(msg, "ab.json: warning: this part is "
	    "itself a merge of parts classified with other thresholds"));
	rep_thresholds_str(again, thr, sizeof(thr));
	ck_assert_str_eq(thr, "not the same in all the merged parts (see the "
	    "warnings of report --merge)");
	unlink(path);
	rmdir(dir);
	report_free(rep);
	report_free(again);
}
END_TEST

/*
 * A long review list goes to a temporary file in sorted runs: every
 * format writes the same as when it stays in memory, the JSON merges
 * back to the same, and a merge spilling its parts' lists does too.
 */
START_TEST(test_long_review_list_spills_alike)
{
	static const char *const depts[] = { "运营部", "项目管理部", "",
	    "IT", "PMO" };
	const struct report_format *fmts[] = { &rep_text, &rep_markdown,
	    &rep_csv, &rep_json, &rep_html };
	char dir[] = "/tmp/roleaudit-check.XXXXXX";
	struct report *mem = report_new(), *sp = report_new();
	struct report *m1 = report_new(), *m2 = report_new();
	int mixed[] = { OD, OK_, PP, PM_, -1 };
	int mis[] = { OD, OK_, OL, TP, -1 };
	unsigned seed = 7;
	char ids[600][16], titles[600][24];
	const char *p;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	report_set_review_memory(sp, 7);
	report_set_review_memory(m2, 5);
	set_rules(mem, 0);
	set_rules(sp, 0);
	for (int i = 0; i < 600; i++) {
		struct role r;
		struct hit hits[8];

		seed = seed * 1103515245u + 12345u;
		/* repeated ids, so that file and line break ties */
		snprintf(ids[i], sizeof(ids[i]), "R-%u", (seed >> 8) % 150);
		snprintf(titles[i], sizeof(titles[i]), "title %d", i);
		mkrole(&r, hits, i % 3 ? "b.csv" : "a.csv",
		    (unsigned long)(seed >> 4) % 97 + 2, ids[i], titles[i],
		    depts[(seed >> 12) % 5], i % 4 ? mixed : mis);
		report_add_role(mem, &r);
		report_add_role(sp, &r);
	}
	report_finish(mem);
	report_finish(sp);
	ck_assert_uint_eq(sp->nreview, 600);
	ck_assert_uint_eq(mem->nreview, 600);
	ck_assert_uint_lt(sp->nrevmem, 7);
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		char *a = tu_report_render(fmts[f], mem);
		char *b = tu_report_render(fmts[f], sp);

		/* (no ck_assert_str_eq: Check cannot carry such long text) */
		ck_assert_msg(strcmp(a, b) == 0, "format %zu differs", f);
		free(a);
		free(b);
	}
	/* two iterators at once read the same list */
	{
		struct rep_iter *x = rep_iter_new(sp), *y = rep_iter_new(sp);
		const struct rep_review *ex, *ey;
		size_t n = 0;

		while ((ex = rep_iter_next(x)) != NULL) {
			ck_assert_ptr_nonnull(ey = rep_iter_next(y));
			ck_assert_str_eq(ex->id, ey->id);
			ck_assert_str_eq(ex->title, ey->title);
			n++;
		}
		ck_assert_ptr_null(rep_iter_next(y));
		ck_assert_uint_eq(n, 600);
		rep_iter_free(x);
		rep_iter_free(y);
	}
	/* merged back, in memory and spilling */
	p = save_json(sp, dir, "sp.json");
	ck_assert_int_eq(report_merge_json(m1, p), 0);
	ck_assert_int_eq(report_merge_json(m2, p), 0);
	report_finish(m1);
	report_finish(m2);
	{
		char *a = tu_report_render(&rep_json, mem);
		char *b = tu_report_render(&rep_json, m1);
		char *c = tu_report_render(&rep_json, m2);

		ck_assert_msg(strcmp(a, b) == 0, "merged in memory differs");
		ck_assert_msg(strcmp(a, c) == 0, "merged and spilled differs");
		free(a);
		free(b);
		free(c);
	}
	unlink(p);
	rmdir(dir);
	report_free(mem);
	report_free(sp);
	report_free(m1);
	report_free(m2);
}
END_TEST

/* A temporary file that fills up (here: a file size limit) keeps the
 * list in memory, with a warning: nothing is lost. */
START_TEST(test_review_spill_full_disk_loses_nothing)
{
	struct report *mem = report_new(), *sp = report_new();
	int mixed[] = { OD, OK_, PP, PM_, -1 };
	struct rlimit old, lim;
	char ids[200][16], msg[2048];
	FILE *err = tmpfile();
	char *a, *b;
	size_t n;

	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 600;		/* a few records, then EFBIG */
	signal(SIGXFSZ, SIG_IGN);
	report_set_review_memory(sp, 16);
	diag_set_stream(err);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	for (int i = 0; i < 200; i++) {
		struct role r;
		struct hit hits[8];

		snprintf(ids[i], sizeof(ids[i]), "R-%03d", (i * 37) % 200);
		mkrole(&r, hits, "a.csv", (unsigned long)i + 2, ids[i], "t",
		    i % 2 ? "运营部" : "PMO", mixed);
		report_add_role(mem, &r);
		report_add_role(sp, &r);
	}
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	diag_set_stream(NULL);
	report_finish(mem);
	report_finish(sp);
	a = tu_report_render(&rep_json, mem);
	b = tu_report_render(&rep_json, sp);
	ck_assert_msg(strcmp(a, b) == 0, "the report differs");
	rewind(err);
	n = fread(msg, 1, sizeof(msg) - 1, err);
	msg[n] = '\0';
	fclose(err);
	ck_assert_ptr_nonnull(strstr(msg, "warning: cannot write the list of "
	    "roles to review to a temporary file"));
	free(a);
	free(b);
	report_free(mem);
	report_free(sp);
}
END_TEST

/* Builds a report of N roles, a quarter of them in each of four
 * departments, every one of them mixed or a title mismatch, so every
 * one is in the review list. */
static struct report *
many_roles(int n)
{
	static const char *const depts[] = { "运营部", "项目管理部", "IT", "" };
	int mixed[] = { OD, OK_, PP, PM_, -1 };
	int mis[] = { OD, OK_, OL, TP, -1 };
	struct report *rep = report_new();
	struct thresholds th;

	thresholds_default(&th);
	report_set_thresholds(rep, &th);
	set_rules(rep, 0);
	for (int i = 0; i < n; i++) {
		struct role r;
		struct hit hits[8];
		char id[32], title[64];

		snprintf(id, sizeof(id), "R-%07d", (i * 7919) % n);
		snprintf(title, sizeof(title), "用户运营和项目经理 %d", i);
		mkrole(&r, hits, i % 2 ? "a.csv" : "b.csv",
		    (unsigned long)i + 2, id, title, depts[i % 4],
		    i % 5 ? mixed : mis);
		report_add_role(rep, &r);
	}
	report_finish(rep);
	ck_assert_uint_eq(rep->nreview, (size_t)n);
	return rep;
}

/*
 * A part's review list is read an entry at a time: the merge of a part
 * of 40000 entries writes what the report that wrote the part writes,
 * and what jsonr holds at most while reading it is no more than for a
 * part of 10000 -- one entry, the departments and the 64 KiB window --
 * where reading the part whole would hold all of it.
 */
START_TEST(test_merge_streams_long_review_list)
{
	const struct report_format *fmts[] = { &rep_json, &rep_text };
	const char *dir = tu_mkdtemp();
	struct report *small = many_roles(10000), *big = many_roles(40000);
	struct report *m10 = report_new(), *m40 = report_new();
	const char *p10, *p40;
	size_t peak10, peak40;
	long size40;
	FILE *fp;

	p10 = save_json(small, dir, "p10.json");
	p40 = save_json(big, dir, "p40.json");
	ck_assert_ptr_nonnull(fp = fopen(p40, "rb"));
	fseek(fp, 0, SEEK_END);
	size40 = ftell(fp);
	fclose(fp);
	(void)jsonr_held_peak();
	ck_assert_int_eq(report_merge_json(m10, p10), 0);
	peak10 = jsonr_held_peak();
	ck_assert_int_eq(report_merge_json(m40, p40), 0);
	peak40 = jsonr_held_peak();
	ck_assert_uint_gt((size_t)size40, 4 * 1024 * 1024);
	ck_assert_uint_lt(peak40, 128 * 1024);
	ck_assert_uint_le(peak40, peak10 + 1024);
	report_finish(m40);
	ck_assert_uint_eq(m40->nreview, 40000);
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		char *a = tu_report_render(fmts[f], big);
		char *b = tu_report_render(fmts[f], m40);

		ck_assert_msg(strcmp(a, b) == 0, "format %zu differs", f);
		free(a);
		free(b);
	}
	report_free(small);
	report_free(big);
	report_free(m10);
	report_free(m40);
	tu_rmdir(dir);
}
END_TEST

/* Merges TEXT as a part into REP; returns the result, *MSG what was
 * said (free() it). */
static int
merge_text(struct report *rep, const char *dir, const char *text, char **msg)
{
	const char *path = tu_write_file(dir, "part.json", text);
	int rc;

	tu_diag_begin();
	rc = report_merge_json(rep, path);
	*msg = tu_diag_end();
	return rc;
}

#define PART_HEAD "{\"format\": \"roleaudit-report\", \"version\": 1, " \
	"\"thresholds\": {\"min_evidence\": 2, \"mixed_min\": 2, " \
	"\"mixed_ratio\": 0.4, \"mixed_duty\": 1, \"mismatch_min\": 4}, " \
	"\"rules\": {\"count\": 8, \"fingerprint\": \"0123456789abcdef\"},\n"
#define PART_DEPT "\"departments\": [{\"name\": \"a\", \"roles\": 2, " \
	"\"title_mismatch\": 0, \"classes\": {\"operations\": 0, " \
	"\"project-management\": 0, \"mixed\": 2, \"unclassified\": 0}, " \
	"\"score_sums\": {\"scope\": {\"ops\": 2, \"pm\": 2}, \"nature\": " \
	"{\"ops\": 0, \"pm\": 0}, \"cycle\": {\"ops\": 0, \"pm\": 0}, " \
	"\"metrics\": {\"ops\": 0, \"pm\": 0}, \"skills\": {\"ops\": 0, " \
	"\"pm\": 0}}, \"conflicts\": {\"scope\": 2, \"nature\": 0, \"cycle\": " \
	"0, \"metrics\": 0, \"skills\": 0}, \"rule_hits\": {}}],\n"
#define PART_ENTRY(id, dept) "{\"file\": \"f.csv\", \"line\": 2, \"id\": " \
	"\"" id "\", \"title\": \"t\", \"department\": \"" dept "\", " \
	"\"class\": \"mixed\", \"flags\": [], \"conflicts\": [\"scope\"]}"
#define PART_FILES "\"files\": [{\"file\": \"f.csv\", \"rows_read\": 2, " \
	"\"classified\": 2, \"rejected\": 0}]"

/*
 * A part must add up, or the merged report would contradict itself: its
 * files' classified rows are its departments' roles, each file entry's
 * rows read are classified + rejected, and its review list is as long as
 * its totals say.  A part without thresholds is merged with a warning.
 */
START_TEST(test_merge_checks_the_sums)
{
	const char *dir = tu_mkdtemp();
	struct report *rep = report_new();
	char *msg;

	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD PART_DEPT
	    "\"review\": [],\n\"files\": [{\"file\": \"f.csv\", "
	    "\"rows_read\": 5, \"classified\": 5, \"rejected\": 0}]}", &msg),
	    -1);
	ck_assert_ptr_nonnull(strstr(msg, "the part does not add up: its "
	    "files classified 5 roles, its departments hold 2"));
	free(msg);
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD PART_DEPT
	    "\"review\": [],\n\"files\": [{\"file\": \"f.csv\", "
	    "\"rows_read\": 5, \"classified\": 2, \"rejected\": 0}]}", &msg),
	    -1);
	ck_assert_ptr_nonnull(strstr(msg, "a file entry does not add up: 5 "
	    "rows read, but 2 classified + 0 rejected"));
	free(msg);
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD "\"totals\": "
	    "{\"rows_read\": 2, \"classified\": 2, \"rejected\": 0, "
	    "\"departments\": 1, \"review\": 2},\n" PART_DEPT "\"review\": ["
	    PART_ENTRY("1", "a") "],\n" PART_FILES "}", &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "the part does not add up: its "
	    "totals name 2 roles to review, its review list holds 1"));
	free(msg);
	report_finish(rep);
	ck_assert_uint_eq(rep->ndepts, 0);	/* nothing of them merged */
	ck_assert_int_eq(merge_text(rep, dir, "{\"format\": "
	    "\"roleaudit-report\", \"version\": 1,\n" PART_DEPT "\"review\": ["
	    PART_ENTRY("1", "a") ", " PART_ENTRY("2", "a") "],\n" PART_FILES
	    "}", &msg), 0);
	ck_assert_ptr_nonnull(strstr(msg, "warning: the part does not say "
	    "which thresholds classified it"));
	ck_assert_int_eq(rep->th_differ, 1);
	free(msg);
	report_free(rep);
	tu_rmdir(dir);
}
END_TEST

/*
 * With the review list streamed, the order of the part decides what is
 * checked first: departments before the list are checked before its
 * entries (as roleaudit writes them), departments after it are checked
 * at the end, and the entries' departments then.  Whatever is wrong,
 * nothing of the part is merged.
 */
START_TEST(test_merge_stream_follows_the_part)
{
	const char *dir = tu_mkdtemp();
	struct report *rep = report_new(), *ref = report_new();
	char *msg, *a, *b;

	/* the list before the departments reads the same */
	ck_assert_int_eq(merge_text(ref, dir, PART_HEAD PART_DEPT
	    "\"review\": [" PART_ENTRY("1", "a") ", " PART_ENTRY("2", "a")
	    "],\n" PART_FILES "}", &msg), 0);
	free(msg);
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD "\"review\": ["
	    PART_ENTRY("1", "a") ", " PART_ENTRY("2", "a") "],\n" PART_DEPT
	    PART_FILES "}", &msg), 0);
	ck_assert_str_eq(msg, "");
	free(msg);
	report_finish(ref);
	report_finish(rep);
	a = tu_report_render(&rep_json, ref);
	b = tu_report_render(&rep_json, rep);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);

	/* an entry of an unknown department, the departments after the
	 * list: named at the first such entry, once they are read */
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD "\"review\": ["
	    PART_ENTRY("1", "a") ",\n" PART_ENTRY("2", "b") ", "
	    PART_ENTRY("3", "b") "],\n" PART_DEPT PART_FILES "}", &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "part.json:3:69: review entry for "
	    "department \"b\", which is not among the departments\n"));
	ck_assert_int_eq(tu_count_str(msg, "roleaudit: "), 1);
	free(msg);
	/* ... and before it, at the entry */
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD PART_DEPT
	    "\"review\": [" PART_ENTRY("1", "a") ",\n" PART_ENTRY("2", "b")
	    "],\n" PART_FILES "}", &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "part.json:4:69: review entry for "
	    "department \"b\", which is not among the departments\n"));
	free(msg);
	/* a bad department before the list is named, not the bad entry */
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD
	    "\"departments\": [{\"name\": \"a\"}],\n\"review\": ["
	    PART_ENTRY("1", "x") "],\n" PART_FILES "}", &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "part.json:2:17: department \"a\" "
	    "has no \"roles\"\n"));
	ck_assert_int_eq(tu_count_str(msg, "roleaudit: "), 1);
	free(msg);
	/* a bad entry after good ones; a part cut short after the list */
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD PART_DEPT
	    "\"review\": [" PART_ENTRY("1", "a") ",\n 7],\n" PART_FILES "}",
	    &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "part.json:4:2: a review entry must "
	    "be an object\n"));
	free(msg);
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD PART_DEPT
	    "\"review\": [" PART_ENTRY("1", "a") "],\n\"files\": [",
	    &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "bad JSON: unexpected end of the "
	    "input"));
	free(msg);
	/* read whole, the last of two would count: refused */
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD PART_DEPT
	    "\"review\": [" PART_ENTRY("1", "a") "],\n" PART_FILES
	    ",\n\"review\": []}", &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "part.json:5:11: \"review\" is given "
	    "twice in the report\n"));
	free(msg);
	ck_assert_int_eq(merge_text(rep, dir, PART_HEAD PART_DEPT
	    "\"review\": [" PART_ENTRY("1", "a") "],\n" PART_FILES
	    ",\n\"departments\": []}", &msg), -1);
	ck_assert_ptr_nonnull(strstr(msg, "part.json:5:16: \"departments\" is "
	    "given twice in the report\n"));
	free(msg);
	/* none of the bad parts left a trace */
	report_finish(rep);
	a = tu_report_render(&rep_json, ref);
	b = tu_report_render(&rep_json, rep);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	report_free(rep);
	report_free(ref);
	tu_rmdir(dir);
}
END_TEST

/*
 * Departments of the input called like the report's own rows -- "(all)",
 * "(no department)", and one of those in quotes -- stay apart from the
 * roles without a department and from the totals: in the counts, in
 * every format (the kind in JSON and CSV, quotes and a note in the
 * readable ones), and through a merge, whose report is the same.  A
 * part of an older roleaudit (no "kind") still has its "(no department)"
 * read as the roles without one.
 */
static void
feed_label_like(struct report *rep)
{
	static const int mixed[] = { OD, OK_, PP, -1 }, ops[] = { OD, -1 };
	static const char *const dept[] = { "(all)", "(no department)", "",
	    "\"(all)\"", "(no department)" };
	struct role r;
	struct hit hits[8];

	for (size_t i = 0; i < sizeof(dept) / sizeof(dept[0]); i++) {
		mkrole(&r, hits, "d.csv", (unsigned long)i + 2, "R", "t",
		    dept[i], i == 1 || i == 2 ? mixed : ops);
		report_add_role(rep, &r);
	}
}

START_TEST(test_departments_named_like_report_rows)
{
	char dir[] = "/tmp/roleaudit-check.XXXXXX";
	const struct report_format *fmts[] = { &rep_json, &rep_text,
	    &rep_markdown, &rep_csv, &rep_html };
	struct report *rep = report_new(), *merged = report_new();
	struct rep_dept *d;
	struct thresholds th;
	char *out;
	const char *p;

	thresholds_default(&th);
	report_set_thresholds(rep, &th);
	set_rules(rep, 0);
	feed_label_like(rep);
	report_finish(rep);
	ck_assert_uint_eq(rep->ndepts, 4);
	ck_assert_ptr_nonnull(d = find(rep, "(no department)"));
	ck_assert_int_eq(d->kind, REP_DEPT);
	ck_assert_uint_eq(d->roles, 2);
	ck_assert_str_eq(rep_dept_label(d), "\"(no department)\"");
	ck_assert_ptr_nonnull(d = find(rep, ""));
	ck_assert_int_eq(d->kind, REP_NO_DEPT);
	ck_assert_uint_eq(d->roles, 1);
	ck_assert_str_eq(rep_dept_label(find(rep, "\"(all)\"")),
	    "\"\"(all)\"\"");
	ck_assert_str_eq(rep_dept_label(&rep->all), REPORT_ALL);
	ck_assert_uint_eq(rep->all.roles, 5);
	ck_assert_uint_eq(rep->nshown, 3);

	out = render(rep, &rep_json);
	ck_assert_ptr_nonnull(strstr(out, "{\"name\": \"(no department)\", "
	    "\"kind\": \"department\", \"roles\": 2,"));
	ck_assert_ptr_nonnull(strstr(out, "{\"name\": \"(no department)\", "
	    "\"kind\": \"no-department\", \"roles\": 1,"));
	ck_assert_ptr_nonnull(strstr(out, "\"all\": {\"name\": \"(all)\", "
	    "\"kind\": \"all\", \"roles\": 5,"));
	ck_assert_ptr_nonnull(strstr(out, "\"department\": \"(no department)\", "
	    "\"no_department\": true,"));
	ck_assert_int_eq(tu_count_str(out, "\"no_department\""), 1);
	free(out);
	out = render(rep, &rep_csv);
	ck_assert_ptr_nonnull(strstr(out, "\n(all),1,"));
	ck_assert_ptr_nonnull(strstr(out, "\n(no department),2,"));
	ck_assert_ptr_nonnull(strstr(out, "\n(no department),1,"));
	ck_assert_ptr_nonnull(strstr(out, "\n\"\"\"(all)\"\"\",1,"));
	ck_assert_int_eq(tu_count_str(out, ",department\n"), 3);
	ck_assert_int_eq(tu_count_str(out, ",no-department\n"), 1);
	ck_assert_int_eq(tu_count_str(out, ",all\n"), 1);
	ck_assert_ptr_nonnull(strstr(out, "\n(all),5,"));
	free(out);
	out = render(rep, &rep_text);
	ck_assert_ptr_nonnull(strstr(out, "\n  \"(no department)\"  "));
	ck_assert_ptr_nonnull(strstr(out, "\n  (no department)    "));
	ck_assert_ptr_nonnull(strstr(out, "\n  \"(all)\"   "));
	ck_assert_ptr_nonnull(strstr(out, "\n  \"\"(all)\"\"   "));
	ck_assert_ptr_nonnull(strstr(out, "\n  (all)   "));
	ck_assert_ptr_nonnull(strstr(out, "\n  (a name in double quotes is a "
	    "department"));
	free(out);
	out = render(rep, &rep_markdown);
	ck_assert_ptr_nonnull(strstr(out, "| &quot;(all)&quot; | 1 |"));
	ck_assert_ptr_nonnull(strstr(out, "| **(all)** | 5 |"));
	ck_assert_ptr_nonnull(strstr(out, "| &quot;(no department)&quot; | 2 |"));
	ck_assert_ptr_nonnull(strstr(out, "| (no department) | 1 |"));
	ck_assert_ptr_nonnull(strstr(out, REPORT_SHOWN_NOTE));
	free(out);
	out = render(rep, &rep_html);
	ck_assert_ptr_nonnull(strstr(out, "<h3>&quot;(all)&quot;</h3>"));
	ck_assert_ptr_nonnull(strstr(out, "<h3>(no department)</h3>"));
	ck_assert_ptr_nonnull(strstr(out, REPORT_SHOWN_NOTE));
	free(out);

	/* merged back: the same report, in every format */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	p = save_json(rep, dir, "part.json");
	ck_assert_int_eq(report_merge_json(merged, p), 0);
	unlink(p);
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		char *a = render(rep, fmts[i]), *b = render(merged, fmts[i]);

		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
	report_free(merged);

	/* a part of an older roleaudit: no kinds, "(no department)" is the
	 * roles without a department, in the list and in the review */
	merged = report_new();
	p = tu_write_file(dir, "old.json", "{\"format\": \"roleaudit-report\", "
	    "\"version\": 1, \"departments\": [{\"name\": \"(no department)\", "
	    "\"roles\": 1, \"classes\": {\"operations\": 0, "
	    "\"project-management\": 0, \"mixed\": 1, \"unclassified\": 0}, "
	    "\"title_mismatch\": 0, \"score_sums\": {\"scope\": {\"ops\": 2, "
	    "\"pm\": 2}, \"nature\": {\"ops\": 0, \"pm\": 0}, \"cycle\": "
	    "{\"ops\": 0, \"pm\": 0}, \"metrics\": {\"ops\": 1.5, \"pm\": 0}, "
	    "\"skills\": {\"ops\": 0, \"pm\": 0}}, \"conflicts\": {\"scope\": 1, "
	    "\"nature\": 0, \"cycle\": 0, \"metrics\": 0, \"skills\": 0}, "
	    "\"rule_hits\": {}}], \"review\": [{\"file\": \"d.csv\", "
	    "\"line\": 4, \"id\": \"R\", \"title\": \"t\", \"department\": "
	    "\"(no department)\", \"class\": \"mixed\", \"flags\": [], "
	    "\"conflicts\": [\"scope\"]}], \"files\": []}\n");
	tu_diag_begin();
	ck_assert_int_eq(report_merge_json(merged, p), 0);
	free(tu_diag_end());
	report_finish(merged);
	ck_assert_uint_eq(merged->ndepts, 1);
	ck_assert_int_eq(merged->depts[0]->kind, REP_NO_DEPT);
	out = render(merged, &rep_json);
	ck_assert_ptr_nonnull(strstr(out, "\"no_department\": true"));
	free(out);
	unlink(p);
	rmdir(dir);
	report_free(merged);
	report_free(rep);
}
END_TEST

/*
 * The rule set's fingerprint follows what decides verdicts (a weight, a
 * pattern, the order) and nothing else (a rule's source); a merge of
 * parts classified with other rules, or of a part that does not say,
 * warns, naming the part and both rule sets, and marks the report.
 */
START_TEST(test_merge_warns_on_other_rules)
{
	struct rule a = { .id = "x", .dim = DIM_SCOPE, .side = SIDE_OPS,
	    .weight = 2, .lang = "zh" }, b = a, *ra[2] = { &a, &R[0] },
	    *rb[2] = { &b, &R[0] };
	struct rule_pat pa = { .text = "运营" }, pb = pa, *ppa = &pa,
	    *ppb = &pb;
	struct ruleset sa = { ra, 2, NULL }, sb = { rb, 2, NULL };
	const char *dir = tu_mkdtemp(), *p[3];
	struct report *rep;
	char *msg, *out, buf[128];

	a.pats = &ppa;
	a.npats = 1;
	b.pats = &ppb;
	b.npats = 1;
	b.source = "another sentence";
	ck_assert(ruleset_fingerprint(&sa) == ruleset_fingerprint(&sb));
	b.weight = 2.5;
	ck_assert(ruleset_fingerprint(&sa) != ruleset_fingerprint(&sb));
	b.weight = 2;
	pb.text = "运营|维护";
	ck_assert(ruleset_fingerprint(&sa) != ruleset_fingerprint(&sb));
	pb.text = pa.text;
	rb[0] = &R[0];
	rb[1] = &b;
	ck_assert(ruleset_fingerprint(&sa) != ruleset_fingerprint(&sb));

	/* parts: R, R again, R less a rule; then one that does not say */
	for (int i = 0; i < 3; i++) {
		char name[16];

		rep = report_new();
		if (i < 2)
			set_rules(rep, 0);
		else
			set_rules(rep, 1);
		feed(rep, 0, 1);
		snprintf(name, sizeof(name), "p%d.json", i);
		p[i] = xstrdup(save_json(rep, dir, name));
		report_free(rep);
	}
	rep = report_new();
	tu_diag_begin();
	ck_assert_int_eq(report_merge_json(rep, p[0]), 0);
	ck_assert_int_eq(report_merge_json(rep, p[1]), 0);
	msg = tu_diag_end();
	ck_assert_str_eq(msg, "");
	free(msg);
	ck_assert_int_eq(rep->rs_differ, 0);
	ck_assert_uint_eq(rep->rs_count, NR);
	rep_rules_str(rep, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	tu_diag_begin();
	ck_assert_int_eq(report_merge_json(rep, p[2]), 0);
	msg = tu_diag_end();
	ck_assert_ptr_nonnull(strstr(msg, "p2.json: warning: classified with "
	    "other rules than the parts before it (7 rules, fingerprint "));
	ck_assert_ptr_nonnull(strstr(msg, "; before it: 8 rules, fingerprint "));
	free(msg);
	ck_assert_int_eq(rep->rs_differ, 1);
	ck_assert_uint_eq(rep->rs_count, NR);
	rep_rules_str(rep, buf, sizeof(buf));
	ck_assert_str_eq(buf, "not the same in all the merged parts (see the "
	    "warnings of report --merge)");
	out = render(rep, &rep_json);
	ck_assert_ptr_nonnull(strstr(out, "\n\"rules\": {\"count\": 8, "
	    "\"fingerprint\": \""));
	ck_assert_ptr_nonnull(strstr(out, "\n\"rules_differ\": true,\n"));
	free(out);
	report_free(rep);

	/* a part that does not say */
	rep = report_new();
	feed(rep, 0, 1);
	free((char *)p[2]);
	p[2] = xstrdup(save_json(rep, dir, "old.json"));
	report_free(rep);
	rep = report_new();
	tu_diag_begin();
	ck_assert_int_eq(report_merge_json(rep, p[2]), 0);
	ck_assert_int_eq(report_merge_json(rep, p[0]), 0);
	msg = tu_diag_end();
	ck_assert_ptr_nonnull(strstr(msg, "old.json: warning: the part does "
	    "not say which rules classified it"));
	free(msg);
	ck_assert_int_eq(rep->rs_differ, 1);
	ck_assert_int_eq(rep->have_rs, 1);
	report_free(rep);
	for (int i = 0; i < 3; i++)
		free((char *)p[i]);
	tu_rmdir(dir);
}
END_TEST

Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	/* Check's default of 4 s per test is too short for the 40,000-entry
	 * merge and the spilled review list under the sanitizers on a busy
	 * machine. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_counts_per_department);
	tcase_add_test(tc, test_sorted_by_mixed_share_then_name);
	tcase_add_test(tc, test_ties_sorted_by_name);
	tcase_add_test(tc, test_review_list_holds_mixed_and_mismatch_only);
	tcase_add_test(tc, test_top_rules_and_conflicts);
	tcase_add_test(tc, test_merge_of_shards_equals_one_run);
	tcase_add_test(tc, test_merge_is_lossless_for_fractional_scores);
	tcase_add_test(tc, test_html_is_self_contained_and_escaped);
	tcase_add_test(tc, test_csv_neutralises_formulas);
	tcase_add_test(tc, test_text_aligns_cjk_by_display_width);
	tcase_add_test(tc, test_merge_rejects_bad_parts_with_location);
	tcase_add_test(tc, test_merge_part_without_mismatch_min);
	tcase_add_test(tc, test_merge_remembers_thresholds_differ);
	tcase_add_test(tc, test_long_review_list_spills_alike);
	tcase_add_test(tc, test_review_spill_full_disk_loses_nothing);
	tcase_add_test(tc, test_merge_streams_long_review_list);
	tcase_add_test(tc, test_merge_stream_follows_the_part);
	tcase_add_test(tc, test_merge_checks_the_sums);
	tcase_add_test(tc, test_departments_named_like_report_rows);
	tcase_add_test(tc, test_merge_warns_on_other_rules);
	suite_add_tcase(s, tc);
	return s;
}
