/*
 * check_colmap.c — column mapping: English and Chinese names, case and
 * spaces ignored, the user's overrides by name or number, and the
 * messages for missing columns.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colmap.h"
#include "diag.h"
#include "suites.h"

/* Builds a header record from "a|b|c" (static storage, one at a time). */
static const struct ra_record *
header(const char *spec)
{
	static char buf[1024];
	static struct ra_field f[64];
	static struct ra_record rec;
	char *p = buf;

	snprintf(buf, sizeof(buf), "%s", spec);
	rec.path = "x.csv";
	rec.line = 1;
	rec.recno = 0;
	rec.nfields = 0;
	rec.fields = f;
	for (;;) {
		char *bar = strchr(p, '|');

		if (bar)
			*bar = '\0';
		f[rec.nfields].ptr = p;
		f[rec.nfields].len = strlen(p);
		rec.nfields++;
		if (!bar)
			break;
		p = bar + 1;
	}
	return &rec;
}

/* Resolves; the diagnostics printed go to *MSG (caller frees). */
static int
resolve(struct colmap *m, const char *spec, const struct colmap_opts *o,
    char **msg)
{
	size_t n;
	FILE *fp = open_memstream(msg, &n);
	int rc;

	diag_set_stream(fp);
	rc = colmap_resolve(m, header(spec), o);
	diag_set_stream(NULL);
	fclose(fp);
	return rc;
}

/*
 * Headers found by name: English (case, spaces and "_" ignored),
 * Simplified Chinese (U+3000 ideographic space inside a name ignored
 * too) and the Traditional names of a Big5 export from Taiwan.  Each
 * has id, title and department first; then text columns T0 and T1 and
 * the ignore column IGNORE (-1: none).
 */
START_TEST(test_names)
{
	static const struct { const char *spec; size_t t0, t1; long ignore; }
	    cases[] = {
		{ "Job ID|Job Title|DEPT|Notes|Responsibilities|"
		    "job_requirements", 4, 5, -1 },
		{ "岗位编号|岗位\xE3\x80\x80名称|所属部门|岗位职责|任职要求|"
		    "备注|roleaudit-ignore", 3, 4, 6 },
		{ "職缺編號|職稱|部門|工作內容|任職要求|備註|roleaudit-ignore",
		    3, 4, 6 },
	};
	struct colmap m;
	struct colmap_opts o = { 0 };
	char *msg;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(resolve(&m, cases[i].spec, &o, &msg), 0);
		ck_assert_str_eq(msg, "");
		ck_assert_int_eq(m.id, 0);
		ck_assert_int_eq(m.title, 1);
		ck_assert_int_eq(m.dept, 2);
		ck_assert_uint_eq(m.ntext, 2);
		ck_assert_uint_eq(m.text[0], cases[i].t0);
		ck_assert_uint_eq(m.text[1], cases[i].t1);
		ck_assert_int_eq(m.ignore, cases[i].ignore);
		free(msg);
		colmap_free(&m);
	}
	colmap_free(NULL);
}
END_TEST

START_TEST(test_overrides)
{
	struct colmap m;
	struct colmap_opts o = { 0 };
	char *msg;

	o.id_col = "CODE";
	o.title_col = "2";
	o.text_cols[o.ntext_cols++] = "body";
	o.text_cols[o.ntext_cols++] = "4";
	o.text_cols[o.ntext_cols++] = "Body";	/* the same column again */
	ck_assert_int_eq(resolve(&m, "code|name|body|extra|department", &o,
	    &msg), 0);
	ck_assert_str_eq(msg, "");
	ck_assert_int_eq(m.id, 0);
	ck_assert_int_eq(m.title, 1);
	ck_assert_int_eq(m.dept, 4);
	ck_assert_uint_eq(m.ntext, 2);
	ck_assert_uint_eq(m.text[0], 2);
	ck_assert_uint_eq(m.text[1], 3);
	free(msg);
}
END_TEST

START_TEST(test_missing)
{
	struct colmap m;
	struct colmap_opts o = { 0 };
	char *msg;

	ck_assert_int_eq(resolve(&m, "id|name|dept", &o, &msg), -1);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: no text column (found: "
	    "id, name, dept); use --text-col NAME\n");
	ck_assert_int_eq(m.id, 0);
	ck_assert_int_eq(m.dept, 2);
	free(msg);

	o.dept_col = "Abteilung";
	o.text_cols[o.ntext_cols++] = "9";
	ck_assert_int_eq(resolve(&m, "id|name|desc", &o, &msg), -1);
	ck_assert_str_eq(msg,
	    "roleaudit: x.csv:1: no column 'Abteilung' for --dept-col (found: "
	    "id, name, desc); give a header name or a column number\n"
	    "roleaudit: x.csv:1: no column '9' for --text-col (found: "
	    "id, name, desc); give a header name or a column number\n");
	free(msg);

	/* Named by a config file: its key and path, not the option. */
	o.from_config = COLMAP_CFG_DEPT | COLMAP_CFG_TEXT;
	o.config = "repo/.roleaudit";
	ck_assert_int_eq(resolve(&m, "id|name|desc", &o, &msg), -1);
	ck_assert_str_eq(msg,
	    "roleaudit: x.csv:1: no column 'Abteilung' for [columns] "
	    "department in repo/.roleaudit (found: id, name, desc); give a "
	    "header name or a column number\n"
	    "roleaudit: x.csv:1: no column '9' for [columns] text in "
	    "repo/.roleaudit (found: id, name, desc); give a header name or "
	    "a column number\n");
	free(msg);
}
END_TEST

/* A header left whole by the wrong --delimiter: the hint names the one
 * it holds most of. */
START_TEST(test_wrong_delimiter)
{
	struct colmap m;
	struct colmap_opts o = { 0 };
	char *msg;

	ck_assert_int_eq(resolve(&m, "id,title;x,description", &o, &msg), -1);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: no text column (found: "
	    "id,title;x,description); the header is one column holding "
	    "commas: if that is the delimiter, give --delimiter ','\n");
	free(msg);
	ck_assert_int_eq(resolve(&m, "岗位名称\t岗位职责", &o, &msg), -1);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: no text column (found: "
	    "岗位名称\\x09岗位职责); the header is one column holding tabs: "
	    "if that is the delimiter, give --delimiter 'tab'\n");
	free(msg);
	/* One column with no delimiter in it: the usual hint. */
	ck_assert_int_eq(resolve(&m, "Job descriptions 2026", &o, &msg), -1);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: no text column (found: "
	    "Job descriptions 2026); use --text-col NAME, or --header-line N "
	    "when the column names are on line N (below a title)\n");
	free(msg);
}
END_TEST

/* A second column that would read as the id, title or department is
 * named in a warning; two text columns are both read, with no word. */
START_TEST(test_two_named_alike)
{
	struct colmap m;
	struct colmap_opts o = { 0 };
	char *msg;

	ck_assert_int_eq(resolve(&m, "id|id|department|部门|description|"
	    "description", &o, &msg), 0);
	ck_assert_int_eq(m.id, 0);
	ck_assert_int_eq(m.dept, 2);
	ck_assert_uint_eq(m.ntext, 2);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: warning: column 1 (id) is "
	    "read as the id; column 2 (id) would be too and is not read: "
	    "choose with --id-col\n"
	    "roleaudit: x.csv:1: warning: column 3 (department) is read as "
	    "the department; column 4 (部门) would be too and is not read: "
	    "choose with --dept-col\n");
	free(msg);
	/* chosen by the user: no warning */
	o.id_col = "2";
	o.dept_col = "部门";
	ck_assert_int_eq(resolve(&m, "id|id|department|部门|description",
	    &o, &msg), 0);
	ck_assert_int_eq(m.id, 1);
	ck_assert_int_eq(m.dept, 3);
	ck_assert_str_eq(msg, "");
	free(msg);
}
END_TEST

/* An ignore column named in the config that the header lacks is a
 * warning (a typo would silently drop every row's own suppressions);
 * the default name, roleaudit-ignore, is optional and says nothing. */
START_TEST(test_ignore_column_named_but_missing)
{
	struct colmap m;
	struct colmap_opts o = { 0 };
	char *msg;

	ck_assert_int_eq(resolve(&m, "id|description", &o, &msg), 0);
	ck_assert_str_eq(msg, "");
	free(msg);
	o.ignore_col = "waive";
	o.config = ".roleaudit";
	ck_assert_int_eq(resolve(&m, "id|description|wavie", &o, &msg), 0);
	ck_assert_int_eq(m.ignore, -1);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: warning: no column 'waive' "
	    "for [columns] ignore in .roleaudit (found: id, description, "
	    "wavie): the rows' own suppressions are not read\n");
	free(msg);
	ck_assert_int_eq(resolve(&m, "id|description|Waive", &o, &msg), 0);
	ck_assert_int_eq(m.ignore, 2);
	ck_assert_str_eq(msg, "");
	free(msg);
}
END_TEST

/* One column named for two purposes: an error when the user named it
 * twice, a message naming the option that took it when the text column
 * found by name went elsewhere, and a warning when --text-col takes the
 * column that would be the title. */
START_TEST(test_one_column_two_purposes)
{
	struct colmap m;
	struct colmap_opts o = { 0 };
	char *msg;

	o.title_col = "field";
	o.text_cols[0] = "field";
	o.ntext_cols = 1;
	ck_assert_int_eq(resolve(&m, "field", &o, &msg), -1);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: column 1 (field) is named "
	    "for both --title-col and --text-col: a column is read for one "
	    "purpose; name another\n");
	free(msg);
	memset(&o, 0, sizeof(o));
	o.title_col = "description";
	ck_assert_int_eq(resolve(&m, "id|title|department|description", &o,
	    &msg), -1);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: no text column: column 4 "
	    "(description) would be, but is read as the title (--title-col); "
	    "name the text with --text-col NAME\n");
	free(msg);
	memset(&o, 0, sizeof(o));
	o.text_cols[0] = "title";
	o.ntext_cols = 1;
	ck_assert_int_eq(resolve(&m, "id|title|department|description", &o,
	    &msg), 0);
	ck_assert_int_eq(m.title, -1);
	ck_assert_uint_eq(m.ntext, 1);
	ck_assert_str_eq(msg, "roleaudit: x.csv:1: warning: column 2 (title) "
	    "is read as text (--text-col), so no column is read as the title: "
	    "name one with --title-col\n");
	free(msg);
}
END_TEST

Suite *
colmap_suite(void)
{
	Suite *s = suite_create("colmap");
	TCase *tc = tcase_create("colmap");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_overrides);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tc, test_wrong_delimiter);
	tcase_add_test(tc, test_two_named_alike);
	tcase_add_test(tc, test_ignore_column_named_but_missing);
	tcase_add_test(tc, test_one_column_two_purposes);
	suite_add_tcase(s, tc);
	return s;
}
