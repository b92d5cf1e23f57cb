/*
 * colmap.c — finds which header columns hold a role's id, title,
 * department and text, by English or Chinese name, or as the user
 * forces with --id-col, --title-col, --dept-col and --text-col.
 * Neighbours: gets the header record from csvsrc; the drivers
 * (cmd_inspect.c, the audit driver) use the indexes it fills.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colmap.h"
#include "diag.h"
#include "strbuf.h"
#include "t2s.h"

/*
 * Known names, already normalised (see norm()): ASCII lower case, with
 * spaces, tabs, ideographic spaces, '_', '-' and '.' removed, so that
 * "Job ID", "job_id" and "JobId" are one name, and Traditional Chinese
 * characters in their Simplified forms (t2s.h), so that 職責 is 职责.
 */
static const char *const id_names[] = {
	"id", "jobid", "roleid", "positionid", "postid", "jobcode",
	"rolecode", "positioncode", "jobno", "jobnumber", "reqid",
	"requisitionid",
	"工号", "岗位编号", "职位编号", "编号", "岗位代码", "职位代码",
	"岗位id", "职位id", "岗位编码", "职位编码", "序号",
	/* Traditional Chinese (Taiwan, Hong Kong) in Simplified
	 * characters, as norm() folds them: 職缺編號 is 职缺编号 */
	"职缺编号", NULL
};
static const char *const title_names[] = {
	"title", "jobtitle", "position", "positiontitle", "positionname",
	"role", "rolename", "roletitle", "jobname", "post", "postname",
	"岗位名称", "职位", "职位名称", "岗位", "职务", "职务名称", "岗位名",
	"职位名",
	/* Taiwan */
	"职称", "职缺名称", "职缺", NULL
};
static const char *const dept_names[] = {
	"department", "dept", "departmentname", "deptname", "division",
	"team", "unit", "businessunit", "org", "organization",
	"organisation",
	"部门", "所属部门", "部门名称", "事业部", "团队", "组织", "科室",
	"所在部门", "单位", NULL
};
static const char *const text_names[] = {
	"description", "jobdescription", "roledescription", "jd",
	"responsibilities", "jobresponsibilities", "keyresponsibilities",
	"requirements", "jobrequirements", "duties", "qualifications",
	"text", "summary", "details", "skills",
	"岗位职责", "任职要求", "职责描述", "工作内容", "岗位描述", "职位描述",
	"任职资格", "工作职责", "职位要求", "岗位要求", "职责", "要求", "描述",
	"主要职责", "职位职责", "岗位说明", "职位说明", "工作描述", "技能要求",
	"职位详情", "岗位详情",
	/* Taiwan */
	"职务说明", "职缺描述", "条件要求", "职务内容", NULL
};
static const char default_ignore[] = "roleauditignore";

/* Normalises NAME into OUT (size OUTSZ, always terminated). */
static void
norm(const char *p, size_t len, char *out, size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 1 < outsz; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ' ' || c == '\t' || c == '_' || c == '-' || c == '.' ||
		    c == '\r' || c == '\n')
			continue;
		/* U+3000 IDEOGRAPHIC SPACE, common in Chinese headers. */
		if (c == 0xE3 && i + 2 < len && (unsigned char)p[i + 1] == 0x80 &&
		    (unsigned char)p[i + 2] == 0x80) {
			i += 2;
			continue;
		}
		if (c >= 0xE3 && c <= 0xEF && i + 2 < len && o + 3 < outsz) {
			uint32_t u = t2s_get3(p + i);

			if (t2s_folds(u)) {
				t2s_put3(out + o, t2s_lookup(u));
				o += 3;
				i += 2;
				continue;
			}
		}
		out[o++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	out[o] = '\0';
}

static int
in_list(const char *n, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(n, *list) == 0)
			return 1;
	return 0;
}

static int
taken(const struct colmap *m, size_t col)
{
	if (m->id == (long)col || m->title == (long)col || m->dept == (long)col ||
	    m->ignore == (long)col)
		return 1;
	for (size_t i = 0; i < m->ntext; i++)
		if (m->text[i] == col)
			return 1;
	return 0;
}

/* First free column whose normalised name is in LIST, or -1. */
static long
find_auto(const struct colmap *m, const struct ra_record *hdr,
    const char *const *list)
{
	char n[256];

	for (size_t i = 0; i < hdr->nfields; i++) {
		if (taken(m, i))
			continue;
		norm(hdr->fields[i].ptr, hdr->fields[i].len, n, sizeof(n));
		if (in_list(n, list))
			return (long)i;
	}
	return -1;
}

/*
 * The column the user named: by exact name (ASCII case-insensitive, the
 * name compared whole), else a 1-based column number.  -1 if none.
 */
static long
find_user(const struct ra_record *hdr, const char *want)
{
	size_t wl = strlen(want);
	char *end;
	unsigned long v;

	for (size_t i = 0; i < hdr->nfields; i++)
		if (hdr->fields[i].len == wl &&
		    strncasecmp(hdr->fields[i].ptr, want, wl) == 0)
			return (long)i;
	if (wl > 0 && wl < 10 && strspn(want, "0123456789") == wl) {
		v = strtoul(want, &end, 10);
		if (v >= 1 && v <= hdr->nfields)
			return (long)(v - 1);
	}
	return -1;
}

/* A header name for messages: control characters shown escaped. */
static void
add_name(struct strbuf *sb, const struct ra_field *f)
{
	if (f->len == 0)
		strbuf_adds(sb, "\"\"");
	for (size_t k = 0; k < f->len && k < 200; k++) {
		unsigned char c = (unsigned char)f->ptr[k];

		if (c < 0x20 || c == 0x7F)
			strbuf_addf(sb, "\\x%02X", c);
		else
			strbuf_addc(sb, c);
	}
}

/* "id, name, dept" for messages; control characters shown escaped. */
static void
found_list(struct strbuf *sb, const struct ra_record *hdr)
{
	for (size_t i = 0; i < hdr->nfields; i++) {
		const struct ra_field *f = &hdr->fields[i];

		if (sb->len > 1000) {
			strbuf_adds(sb, ", ...");
			return;
		}
		if (i > 0)
			strbuf_adds(sb, ", ");
		add_name(sb, f);
	}
	if (hdr->nfields == 0)
		strbuf_adds(sb, "no columns");
}

/* Reports "WHAT (found: a, b, c)HINT" at the header's line. */
static void
missing(const struct ra_record *hdr, const char *what, const char *hint)
{
	struct strbuf found = STRBUF_INIT;

	found_list(&found, hdr);
	diag(DIAG_ERROR, hdr->path, hdr->line, 0, "%s (found: %s)%s", what,
	    strbuf_str(&found), hint);
	strbuf_free(&found);
}

/* Where a column was named: the option, or the config file's key. */
struct named {
	const char	*opt;		/* "--text-col" */
	const char	*key;		/* "text" */
	unsigned	 bit;		/* COLMAP_CFG_TEXT */
};

static const struct named n_id = { "--id-col", "id", COLMAP_CFG_ID };
static const struct named n_title = { "--title-col", "title",
    COLMAP_CFG_TITLE };
static const struct named n_dept = { "--dept-col", "department",
    COLMAP_CFG_DEPT };
static const struct named n_text = { "--text-col", "text", COLMAP_CFG_TEXT };

static void
missing_user(const struct ra_record *hdr, const char *want,
    const struct named *n, const struct colmap_opts *o)
{
	struct strbuf what = STRBUF_INIT;

	if ((o->from_config & n->bit) && o->config != NULL)
		strbuf_addf(&what, "no column '%s' for [columns] %s in "
		    "%s", want, n->key, o->config);
	else
		strbuf_addf(&what, "no column '%s' for %s", want, n->opt);
	missing(hdr, strbuf_str(&what), "; give a header name or a column "
	    "number");
	strbuf_free(&what);
}

static int
user_col(long *slot, const struct ra_record *hdr, const char *want,
    const struct named *n, const struct colmap_opts *o)
{
	if (want == NULL)
		return 0;
	if ((*slot = find_user(hdr, want)) >= 0)
		return 0;
	missing_user(hdr, want, n, o);
	return -1;
}

/* The delimiter a one-field header holds most of, or 0. */
static int
other_delim(const struct ra_field *f)
{
	static const char cand[4] = { ',', '\t', ';', '|' };
	size_t count[4] = { 0, 0, 0, 0 }, best = 0;

	for (size_t i = 0; i < f->len; i++)
		for (size_t k = 0; k < 4; k++)
			if (f->ptr[i] == cand[k])
				count[k]++;
	for (size_t k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return count[best] ? cand[best] : 0;
}

/*
 * Warns when a column left unread has a name that also reads as the
 * KEY column found by name, COL (two "department" columns, or 部门 and
 * department): the first is read, and the user should know which.
 */
static void
other_named(const struct colmap *m, const struct ra_record *hdr, long col,
    const char *const *list, const struct named *nm)
{
	struct strbuf sb = STRBUF_INIT;
	char n[256];

	if (col < 0)
		return;
	for (size_t i = (size_t)col + 1; i < hdr->nfields; i++) {
		if (taken(m, i))
			continue;
		norm(hdr->fields[i].ptr, hdr->fields[i].len, n, sizeof(n));
		if (!in_list(n, list))
			continue;
		strbuf_addf(&sb, "column %ld (", col + 1);
		add_name(&sb, &hdr->fields[col]);
		strbuf_addf(&sb, ") is read as the %s; column %zu (", nm->key,
		    i + 1);
		add_name(&sb, &hdr->fields[i]);
		strbuf_addf(&sb, ") would be too and is not read: choose with "
		    "%s", nm->opt);
		diag(DIAG_WARNING, hdr->path, hdr->line, 0, "%s",
		    strbuf_str(&sb));
		strbuf_free(&sb);
		return;
	}
}

/* The id, title or department slot that holds column C, or NULL.  Only
 * the user's choices are in the slots when the text columns are
 * resolved. */
static const struct named *
user_named(const struct colmap *m, long c)
{
	if (m->id == c)
		return &n_id;
	if (m->title == c)
		return &n_title;
	if (m->dept == c)
		return &n_dept;
	return NULL;
}

/* A column named like a text column but read as the id, title or
 * department, or -1. */
static long
text_named_taken(const struct colmap *m, const struct ra_record *hdr)
{
	char n[256];

	for (size_t i = 0; i < hdr->nfields; i++) {
		norm(hdr->fields[i].ptr, hdr->fields[i].len, n, sizeof(n));
		if (in_list(n, text_names) && user_named(m, (long)i) != NULL)
			return (long)i;
	}
	return -1;
}

/*
 * Warns when no column was found for NM because the column named like
 * one (a "title" column) is read as text through --text-col: the user
 * may not know that the titles are not read.
 */
static void
text_took(const struct colmap *m, const struct ra_record *hdr,
    const char *const *list, const struct named *nm)
{
	struct strbuf sb = STRBUF_INIT;
	char n[256];

	for (size_t i = 0; i < m->ntext; i++) {
		const struct ra_field *f = &hdr->fields[m->text[i]];

		norm(f->ptr, f->len, n, sizeof(n));
		if (!in_list(n, list))
			continue;
		strbuf_addf(&sb, "column %zu (", m->text[i] + 1);
		add_name(&sb, f);
		strbuf_addf(&sb, ") is read as text (--text-col), so no "
		    "column is read as the %s: name one with %s", nm->key,
		    nm->opt);
		diag(DIAG_WARNING, hdr->path, hdr->line, 0, "%s",
		    strbuf_str(&sb));
		strbuf_free(&sb);
		return;
	}
}

int
colmap_resolve(struct colmap *m, const struct ra_record *hdr,
    const struct colmap_opts *o)
{
	int rc = 0;
	long c;
	char n[256];

	m->id = m->title = m->dept = m->ignore = -1;
	m->ntext = 0;

	/* What the user named comes first, then names are recognised in
	 * the columns left. */
	rc |= user_col(&m->id, hdr, o->id_col, &n_id, o);
	rc |= user_col(&m->title, hdr, o->title_col, &n_title, o);
	rc |= user_col(&m->dept, hdr, o->dept_col, &n_dept, o);
	if (o->ignore_col != NULL &&
	    (m->ignore = find_user(hdr, o->ignore_col)) < 0 &&
	    strcasecmp(o->ignore_col, "roleaudit-ignore") != 0) {
		/* Optional, like the default name; but another name the
		 * user gave that no column has is likely a typo: every
		 * row's own suppressions would be ignored without a word. */
		struct strbuf found = STRBUF_INIT;

		found_list(&found, hdr);
		diag(DIAG_WARNING, hdr->path, hdr->line, 0, "no column '%s' "
		    "for [columns] ignore%s%s (found: %s): the rows' own "
		    "suppressions are not read", o->ignore_col,
		    o->config ? " in " : "", o->config ? o->config : "",
		    strbuf_str(&found));
		strbuf_free(&found);
	}
	for (size_t i = 0; i < o->ntext_cols; i++) {
		const struct named *other;

		if ((c = find_user(hdr, o->text_cols[i])) < 0) {
			missing_user(hdr, o->text_cols[i], &n_text, o);
			rc = -1;
		} else if ((other = user_named(m, c)) != NULL) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "column %ld (", c + 1);
			add_name(&sb, &hdr->fields[c]);
			strbuf_addf(&sb, ") is named for both %s and %s: a "
			    "column is read for one purpose; name another",
			    other->opt, n_text.opt);
			diag(DIAG_ERROR, hdr->path, hdr->line, 0, "%s",
			    strbuf_str(&sb));
			strbuf_free(&sb);
			rc = -1;
		} else if (!taken(m, (size_t)c) && m->ntext < COLMAP_MAX_TEXT)
			m->text[m->ntext++] = (size_t)c;
	}
	if (o->ignore_col == NULL)
		for (size_t i = 0; i < hdr->nfields && m->ignore < 0; i++) {
			norm(hdr->fields[i].ptr, hdr->fields[i].len, n,
			    sizeof(n));
			if (strcmp(n, default_ignore) == 0)
				m->ignore = (long)i;
		}
	if (o->id_col == NULL)
		m->id = find_auto(m, hdr, id_names);
	if (o->title_col == NULL)
		m->title = find_auto(m, hdr, title_names);
	if (o->dept_col == NULL)
		m->dept = find_auto(m, hdr, dept_names);
	if (o->ntext_cols == 0)
		for (size_t i = 0; i < hdr->nfields; i++) {
			if (taken(m, i))
				continue;
			norm(hdr->fields[i].ptr, hdr->fields[i].len, n,
			    sizeof(n));
			if (!in_list(n, text_names))
				continue;
			if (m->ntext == COLMAP_MAX_TEXT) {
				diag(DIAG_WARNING, hdr->path, hdr->line, 0,
				    "more than %d text columns: only the first "
				    "%d are read (name them with --text-col)",
				    COLMAP_MAX_TEXT, COLMAP_MAX_TEXT);
				break;
			}
			m->text[m->ntext++] = i;
		}
	if (rc == 0 && o->ntext_cols > 0) {
		if (o->id_col == NULL && m->id < 0)
			text_took(m, hdr, id_names, &n_id);
		if (o->title_col == NULL && m->title < 0)
			text_took(m, hdr, title_names, &n_title);
		if (o->dept_col == NULL && m->dept < 0)
			text_took(m, hdr, dept_names, &n_dept);
	}
	if (rc == 0 && m->ntext > 0) {
		if (o->id_col == NULL)
			other_named(m, hdr, m->id, id_names, &n_id);
		if (o->title_col == NULL)
			other_named(m, hdr, m->title, title_names, &n_title);
		if (o->dept_col == NULL)
			other_named(m, hdr, m->dept, dept_names, &n_dept);
	}
	if (m->ntext == 0 && rc == 0 && hdr->nfields == 1 &&
	    (c = other_delim(&hdr->fields[0])) != 0) {
		/* The whole header in one field: split at a delimiter
		 * (--delimiter, .roleaudit) the file does not use. */
		char hint[96];

		snprintf(hint, sizeof(hint), "; the header is one column "
		    "holding %s: if that is the delimiter, give "
		    "--delimiter '%s'", c == '\t' ? "tabs" : c == ',' ?
		    "commas" : c == ';' ? "semicolons" : "pipes",
		    c == '\t' ? "tab" : (char []){ (char)c, 0 });
		missing(hdr, "no text column", hint);
		rc = -1;
	} else if (m->ntext == 0 && rc == 0 &&
	    (c = text_named_taken(m, hdr)) >= 0) {
		/* The text column was found, but given to another purpose
		 * (--title-col description). */
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "no text column: column %ld (", c + 1);
		add_name(&sb, &hdr->fields[c]);
		strbuf_addf(&sb, ") would be, but is read as the %s (%s); "
		    "name the text with --text-col NAME", user_named(m, c)->key,
		    user_named(m, c)->opt);
		diag(DIAG_ERROR, hdr->path, hdr->line, 0, "%s",
		    strbuf_str(&sb));
		strbuf_free(&sb);
		rc = -1;
	} else if (m->ntext == 0 && rc == 0) {
		/* Nothing recognised at all: often a sheet's title above
		 * the header (Excel exports). */
		missing(hdr, "no text column", m->id < 0 && m->title < 0 &&
		    m->dept < 0 ? "; use --text-col NAME, or --header-line N "
		    "when the column names are on line N (below a title)" :
		    "; use --text-col NAME");
		rc = -1;
	}
	return rc ? -1 : 0;
}

void
colmap_free(struct colmap *m)
{
	if (m == NULL)
		return;
	m->id = m->title = m->dept = m->ignore = -1;
	m->ntext = 0;
}
