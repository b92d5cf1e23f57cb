/*
 * check_audit.c — the driver, run on small CSV files written to a
 * scratch folder with the fixed rule set of the check tests: each role
 * reaches the sink with its verdict, every row is accounted for (rows
 * read = classified + rejected, per file and in total), an unreadable
 * file fails the run without losing the others, and --jobs 1, 2 and 3
 * give the same roles in the same order with the same messages.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "diag.h"
#include "strbuf.h"
#include "suites.h"
#include "testutil.h"

static const char ROLES_CSV[] =
    "岗位编号,岗位名称,部门,岗位职责\n"
    "OPS-1,运营专员,运营部,负责日常运营，提升留存率。\n"
    "PM-1,项目经理,项目部,制定里程碑，组织验收。\n"
    "MIX-1,运营项目经理,运营部,负责日常运营和里程碑。\n"
    "R-1,too,many,fields,here\n"
    "MIS-1,项目经理,运营部,负责日常运营，对留存率负责。\n"
    ",行政专员,,负责行政。\n";

/* What a run handed to its sink. */
struct seen {
	struct strbuf	 roles;		/* one line per role */
	unsigned long	 nroles;
	int		 ended;
	struct totals	 t;
	struct file_totals f[4];
};

static void
seen_role(void *ctx, const struct role *r)
{
	struct seen *s = ctx;

	strbuf_addf(&s->roles, "%s:%lu %s [%s] [%s] %s ops=%g pm=%g c=%u "
	    "f=%u hits=%zu/%zu\n", r->path, r->line, r->id, r->title, r->dept,
	    class_name(r->v.cls), r->v.sc.side[SIDE_OPS],
	    r->v.sc.side[SIDE_PM], r->v.conflicts, r->v.flags, r->ntext_hits,
	    r->nhits);
	s->nroles++;
}

static int
seen_end(void *ctx, const struct totals *t)
{
	struct seen *s = ctx;

	s->ended++;
	s->t = *t;
	ck_assert_uint_le(t->nfiles, 4);
	memcpy(s->f, t->files, t->nfiles * sizeof(*t->files));
	s->t.files = s->f;
	return 0;
}

/* Runs the audit of FILES (NULL-terminated) with JOBS threads into S;
 * returns audit_run()'s status and what was reported in *ERR. */
static int
audit(struct seen *s, unsigned jobs, char **err, char **files)
{
	struct options o;
	struct ruleset *rs;
	struct sink sink = { s, seen_role, seen_end };
	int rc;

	memset(s, 0, sizeof(*s));
	cli_defaults(&o);
	o.rules_paths[0] = test_srcpath("tests/data/check/check.rules");
	o.nrules_paths = 1;
	o.files = files;
	for (o.nfiles = 0; files[o.nfiles] != NULL; o.nfiles++)
		continue;
	o.jobs = jobs;
	o.quiet = 1;
	rs = audit_load_rules(&o);
	ck_assert_ptr_nonnull(rs);
	tu_diag_begin();
	rc = audit_run(&o, rs, &sink);
	*err = tu_diag_end();
	ruleset_free(rs);
	ck_assert_int_eq(s->ended, 1);
	return rc;
}

static void
seen_free(struct seen *s)
{
	strbuf_free(&s->roles);
}

START_TEST(test_roles_and_verdicts)
{
	const char *dir = tu_mkdtemp();
	char path[4200], *files[2] = { path, NULL }, *err;
	struct strbuf want = STRBUF_INIT;
	struct seen s;

	snprintf(path, sizeof(path), "%s", tu_write_file(dir, "roles.csv",
	    ROLES_CSV));
	ck_assert_int_eq(audit(&s, 1, &err, files), 0);
	strbuf_addf(&want,
	    "%1$s:2 OPS-1 [运营专员] [运营部] operations ops=4 pm=0 c=0 f=0 "
	    "hits=2/3\n"
	    "%1$s:3 PM-1 [项目经理] [项目部] project-management ops=0 pm=4 c=0 "
	    "f=0 hits=2/3\n"
	    "%1$s:4 MIX-1 [运营项目经理] [运营部] mixed ops=2 pm=2 c=4 f=0 "
	    "hits=2/4\n"
	    "%1$s:6 MIS-1 [项目经理] [运营部] operations ops=4 pm=0 c=0 f=1 "
	    "hits=2/3\n"
	    "%1$s:7 line-7 [行政专员] [] unclassified ops=0 pm=0 c=0 f=0 "
	    "hits=0/0\n", path);
	ck_assert_str_eq(strbuf_str(&s.roles), strbuf_str(&want));
	strbuf_free(&want);
	/* the ragged row is rejected with its line, and the run goes on */
	ck_assert_ptr_nonnull(strstr(err, ":5:"));
	ck_assert_int_eq(tu_count_str(err, "\n"), 1);
	free(err);
	seen_free(&s);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_accounting)
{
	const char *dir = tu_mkdtemp();
	char a[4200], b[4200], gone[4200], *files[4] = { a, gone, b, NULL };
	char *err;
	struct seen s;
	unsigned long cls = 0;

	snprintf(a, sizeof(a), "%s", tu_write_file(dir, "a.csv", ROLES_CSV));
	snprintf(b, sizeof(b), "%s", tu_write_file(dir, "b.csv",
	    "id,title,duties\n1,运营,负责日常运营\n2,x\n3,y,验收\n\"4,z\n"));
	snprintf(gone, sizeof(gone), "%s/missing.csv", dir);
	/* an unreadable input fails the run, but every other file is read */
	ck_assert_int_eq(audit(&s, 1, &err, files), 2);
	ck_assert_ptr_nonnull(strstr(err, "missing.csv"));
	ck_assert_uint_eq(s.t.nfiles, 3);
	ck_assert_str_eq(s.f[0].path, a);
	ck_assert_uint_eq(s.f[0].rows_read, 6);
	ck_assert_uint_eq(s.f[0].classified, 5);
	ck_assert_uint_eq(s.f[0].rejected, 1);
	ck_assert_int_eq(s.f[0].failed, 0);
	ck_assert_uint_eq(s.f[0].by_class[CLASS_MIXED], 1);
	ck_assert_uint_eq(s.f[0].title_mismatch, 1);
	ck_assert_int_eq(s.f[1].failed, 1);
	ck_assert_uint_eq(s.f[1].rows_read, 0);
	ck_assert_uint_eq(s.f[2].classified, 2);
	ck_assert_uint_eq(s.f[2].rejected, 2);
	for (size_t i = 0; i < s.t.nfiles; i++)
		ck_assert_uint_eq(s.f[i].rows_read, s.f[i].classified +
		    s.f[i].rejected);
	ck_assert_uint_eq(s.t.rows_read, s.t.classified + s.t.rejected);
	ck_assert_uint_eq(s.t.classified, 7);
	ck_assert_uint_eq(s.t.rejected, 3);
	ck_assert_uint_eq(s.t.classified, s.nroles);
	for (int c = 0; c < CLASS_COUNT; c++)
		cls += s.t.by_class[c];
	ck_assert_uint_eq(cls, s.t.classified);
	ck_assert_ptr_nonnull(s.t.rules);
	free(err);
	seen_free(&s);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_jobs_give_the_same_results)
{
	static const char *const rows[] = {
		"负责日常运营，提升留存率。", "制定里程碑，组织验收。",
		"负责日常运营和里程碑。", "负责行政。", "\"多行\n日常运营\"",
	};
	const char *dir = tu_mkdtemp();
	char a[4200], b[4200], *files[3] = { a, b, NULL }, *err[3];
	struct strbuf csv = STRBUF_INIT;
	struct seen s[3];
	static const unsigned jobs[3] = { 1, 2, 3 };

	/* More rows than one batch holds, rejected rows among them, and a
	 * second file, so that batches cross file boundaries. */
	strbuf_adds(&csv, "id,title,department,duties\n");
	for (int i = 0; i < 700; i++) {
		if (i % 97 == 13)
			strbuf_addf(&csv, "BAD-%d,a,b\n", i);
		else
			strbuf_addf(&csv, "R-%d,%s,D%d,%s\n", i, i % 3 ?
			    "运营专员" : "项目经理", i % 5, rows[i % 5]);
	}
	snprintf(a, sizeof(a), "%s", tu_write_file(dir, "a.csv",
	    strbuf_str(&csv)));
	snprintf(b, sizeof(b), "%s", tu_write_file(dir, "b.csv", ROLES_CSV));
	strbuf_free(&csv);
	for (int k = 0; k < 3; k++)
		ck_assert_int_eq(audit(&s[k], jobs[k], &err[k], files), 0);
	for (int k = 1; k < 3; k++) {
		ck_assert_str_eq(strbuf_str(&s[k].roles), strbuf_str(&s[0].roles));
		/* the same messages, in input order */
		ck_assert_str_eq(err[k], err[0]);
		ck_assert_uint_eq(s[k].t.rows_read, s[0].t.rows_read);
		ck_assert_uint_eq(s[k].t.classified, s[0].t.classified);
		ck_assert_uint_eq(s[k].t.rejected, s[0].t.rejected);
		ck_assert_uint_eq(s[k].t.title_mismatch, s[0].t.title_mismatch);
		for (int c = 0; c < CLASS_COUNT; c++)
			ck_assert_uint_eq(s[k].t.by_class[c], s[0].t.by_class[c]);
		for (size_t i = 0; i < 2; i++) {
			ck_assert_uint_eq(s[k].f[i].rows_read, s[0].f[i].rows_read);
			ck_assert_uint_eq(s[k].f[i].rejected, s[0].f[i].rejected);
		}
	}
	/* 700 rows, 8 of them short (i % 97 == 13), plus b.csv */
	ck_assert_uint_eq(s[0].f[0].rows_read, 700);
	ck_assert_uint_eq(s[0].f[0].rejected, 8);
	ck_assert_uint_eq(s[0].t.classified, 692 + 5);
	ck_assert_uint_eq(s[0].t.rows_read, s[0].t.classified + s[0].t.rejected);
	ck_assert_int_eq(tu_count_str(err[0], "\n"), 9);
	for (int k = 0; k < 3; k++) {
		free(err[k]);
		seen_free(&s[k]);
	}
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_empty_file_and_strict)
{
	const char *dir = tu_mkdtemp();
	char a[4200], b[4200], *files[3] = { a, b, NULL }, *err;
	struct options o;
	struct ruleset *rs;
	struct seen s;
	struct sink sink = { &s, seen_role, seen_end };

	snprintf(a, sizeof(a), "%s", tu_write_file(dir, "empty.csv", ""));
	snprintf(b, sizeof(b), "%s", tu_write_file(dir, "b.csv", ROLES_CSV));
	ck_assert_int_eq(audit(&s, 1, &err, files), 2);
	ck_assert_ptr_nonnull(strstr(err, "empty file: no header row"));
	ck_assert_int_eq(s.f[0].failed, 1);
	ck_assert_uint_eq(s.f[1].classified, 5);
	free(err);
	seen_free(&s);

	/* --strict: the first malformed row is fatal and the run stops */
	memset(&s, 0, sizeof(s));
	cli_defaults(&o);
	o.rules_paths[0] = test_srcpath("tests/data/check/check.rules");
	o.nrules_paths = 1;
	files[0] = b;
	files[1] = a;
	o.files = files;
	o.nfiles = 2;
	o.jobs = 1;
	o.quiet = 1;
	o.csv.strict = 1;
	rs = audit_load_rules(&o);
	tu_diag_begin();
	ck_assert_int_eq(audit_run(&o, rs, &sink), 2);
	err = tu_diag_end();
	ck_assert_int_eq(s.ended, 1);
	ck_assert_uint_eq(s.t.nfiles, 1);
	ck_assert_int_eq(s.f[0].failed, 1);
	ck_assert_uint_eq(s.nroles, 3);		/* the rows before line 5 */
	ruleset_free(rs);
	free(err);
	seen_free(&s);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_load_rules_errors)
{
	const char *dir = tu_mkdtemp();
	struct options o;
	char path[4200], *err;

	cli_defaults(&o);
	snprintf(path, sizeof(path), "%s/none.rules", dir);
	o.rules_paths[0] = path;
	o.nrules_paths = 1;
	tu_diag_begin();
	ck_assert_ptr_null(audit_load_rules(&o));
	err = tu_diag_end();
	ck_assert_ptr_nonnull(strstr(err, "none.rules"));
	ck_assert_ptr_nonnull(strstr(err, "error in the rules"));
	free(err);
	/* disabling an unknown rule is an error too */
	o.rules_paths[0] = test_srcpath("tests/data/check/check.rules");
	o.disabled[0] = "no-such-rule";
	o.ndisabled = 1;
	tu_diag_begin();
	ck_assert_ptr_null(audit_load_rules(&o));
	err = tu_diag_end();
	ck_assert_ptr_nonnull(strstr(err, "no-such-rule"));
	free(err);
	tu_rmdir(dir);
}
END_TEST

Suite *
audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_roles_and_verdicts);
	tcase_add_test(tc, test_accounting);
	tcase_add_test(tc, test_jobs_give_the_same_results);
	tcase_add_test(tc, test_empty_file_and_strict);
	tcase_add_test(tc, test_load_rules_errors);
	suite_add_tcase(s, tc);
	return s;
}
