/*
 * rcfile.c — loads the .roleaudit INI file (keys in roleaudit(1),
 * CONFIG FILE) and settles every command's options: defaults, the
 * file, then the command line.  Line by line, every error reported
 * with its line, so one run shows all of them.  Neighbours: main.c
 * calls rcfile_settle(); cli.c parses the command line (again) and
 * delimiters; policy.c validates the fail-on list.
 */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "rcfile.h"
#include "decode.h"
#include "diag.h"
#include "policy.h"
#include "rules.h"
#include "strbuf.h"
#include "xalloc.h"

char *
rcfile_find(void)
{
	struct strbuf up = STRBUF_INIT;
	char *found = NULL;

	/* Walk up by relative paths until the folder is its own parent
	 * (the root); relative paths keep user names out of messages. */
	for (int depth = 0; depth < 256; depth++) {
		struct stat here, parent;
		char *cand, *par;

		xasprintf(&cand, "%s%s", strbuf_str(&up), RCFILE_NAME);
		/* Whatever is there (a folder, a broken link) is the
		 * config meant, and rcfile_load() says what is wrong with
		 * it: passing over it to a parent's would run with
		 * settings nobody chose. */
		if (lstat(cand, &here) == 0) {
			found = cand;
			break;
		}
		free(cand);
		xasprintf(&cand, "%s.", strbuf_str(&up));
		xasprintf(&par, "%s..", strbuf_str(&up));
		if (stat(cand, &here) != 0 || stat(par, &parent) != 0 ||
		    (here.st_dev == parent.st_dev &&
		    here.st_ino == parent.st_ino)) {
			free(cand);
			free(par);
			break;
		}
		free(cand);
		free(par);
		strbuf_adds(&up, "../");
	}
	strbuf_free(&up);
	return found;
}

static void
list_add(struct rcfile_list *l, const char *v, unsigned long line)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->line = xreallocarray(l->line, l->n + 1, sizeof(*l->line));
	l->v[l->n] = xstrdup(v);
	l->line[l->n++] = line;
}

static void
list_free(struct rcfile_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->line);
}

/* DIR/P, or P when it is absolute or DIR is ".". */
static char *
join(const char *dir, const char *p)
{
	char *s;

	if (p[0] == '/' || strcmp(dir, ".") == 0)
		return xstrdup(p);
	xasprintf(&s, "%s/%s", dir, p);
	return s;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static int
parse_num(const char *s, double *out, int percent_ok)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	/* NaN compares false with every limit: it would do nothing. */
	if (errno || end == s || !isfinite(v) || v < 0)
		return -1;
	if (percent_ok && *end == '%') {
		v /= 100;
		end++;
	}
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int
parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* S_UNKNOWN: inside a section already reported; its keys would only
 * add noise. */
enum section { S_NONE, S_RULES, S_COLUMNS, S_THRESHOLDS, S_POLICY, S_INPUT,
    S_UNKNOWN };

struct loader {
	struct rcfile	*c;
	const char	*path;
	unsigned long	 line;
	int		 errors;
	int		 unknown;	/* the last key was unknown */
	/* Scalar keys seen, to refuse a second value (which one would win
	 * is a guess the reader of the file should not have to make). */
	char		 seen[64][32];
	size_t		 nseen;
};

static void lerr(struct loader *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
lerr(struct loader *L, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(DIAG_ERROR, L->path, L->line, 0, fmt, ap);
	va_end(ap);
	L->errors++;
}

static int
once(struct loader *L, const char *sect, const char *key)
{
	char k[32];

	snprintf(k, sizeof(k), "%s.%s", sect, key);
	for (size_t i = 0; i < L->nseen; i++)
		if (strcmp(L->seen[i], k) == 0) {
			lerr(L, "'%s' is set twice in [%s]; keep one", key, sect);
			return 0;
		}
	if (L->nseen < 64)
		memcpy(L->seen[L->nseen++], k, sizeof(k));
	return 1;
}

static void
set_str(struct loader *L, const char *sect, const char *key, char **dst,
    const char *val)
{
	if (!once(L, sect, key))
		return;
	if (*val == '\0') {
		lerr(L, "'%s' needs a value", key);
		return;
	}
	free(*dst);
	*dst = xstrdup(val);
}

static void
set_num(struct loader *L, const char *sect, const char *key, int *has,
    double *dst, const char *val, double max)
{
	double v;

	if (!once(L, sect, key))
		return;
	if (parse_num(val, &v, max == 1) != 0 || (max > 0 && v > max)) {
		lerr(L, "bad %s '%s': give a number%s", key, val, max == 1 ?
		    " from 0 to 1 (or a percentage such as 25%)" :
		    " of 0 or more");
		return;
	}
	*has = 1;
	*dst = v;
}

static void
add_list(struct loader *L, struct rcfile_list *l, const char *key,
    const char *val, size_t max, const char *dir)
{
	char *j;

	if (*val == '\0') {
		lerr(L, "'%s' needs a value", key);
		return;
	}
	if (l->n >= max) {
		lerr(L, "too many '%s' values (at most %zu)", key, max);
		return;
	}
	j = dir ? join(dir, val) : xstrdup(val);
	list_add(l, j, L->line);
	free(j);
}

static void
key_rules(struct loader *L, const char *k, char *v)
{
	struct rcfile *c = L->c;

	if (strcmp(k, "path") == 0) {
		size_t n = c->rules_paths.n;
		struct stat st;

		add_list(L, &c->rules_paths, k, v, OPT_MAX_LIST, c->dir);
		if (c->rules_paths.n > n &&
		    stat(c->rules_paths.v[n], &st) != 0)
			lerr(L, "[rules] path = %s: cannot read rules: %s "
			    "(paths are relative to the folder of the config "
			    "file)", v, strerror(errno));
	} else if (strcmp(k, "disable") == 0) {
		/* A list is handy here: disable = a, b, c */
		for (char *t = strtok(v, ", \t"); t; t = strtok(NULL, ", \t"))
			add_list(L, &c->disable, k, t, OPT_MAX_LIST, NULL);
	} else
	{
		lerr(L, "unknown key '%s' in [rules] (use path or disable)", k);
		L->unknown = 1;
	}
}

static void
key_columns(struct loader *L, const char *k, const char *v)
{
	struct rcfile *c = L->c;

	if (strcmp(k, "id") == 0)
		set_str(L, "columns", k, &c->id_col, v);
	else if (strcmp(k, "title") == 0)
		set_str(L, "columns", k, &c->title_col, v);
	else if (strcmp(k, "department") == 0)
		set_str(L, "columns", k, &c->dept_col, v);
	else if (strcmp(k, "ignore") == 0)
		set_str(L, "columns", k, &c->ignore_col, v);
	else if (strcmp(k, "text") == 0)
		add_list(L, &c->text_cols, k, v, COLMAP_MAX_TEXT, NULL);
	else if (strcmp(k, "fill-department") == 0) {
		if (once(L, "columns", k) && parse_bool(v, &c->fill_dept))
			lerr(L, "bad fill-department '%s': use yes or no", v);
	} else {
		lerr(L, "unknown key '%s' in [columns] (use id, title, "
		    "department, text, ignore or fill-department)", k);
		L->unknown = 1;
	}
}

static void
key_thresholds(struct loader *L, const char *k, const char *v)
{
	struct rcfile *c = L->c;

	if (strcmp(k, "min-evidence") == 0)
		set_num(L, "thresholds", k, &c->has_min_evidence,
		    &c->min_evidence, v, 0);
	else if (strcmp(k, "mixed-min") == 0)
		set_num(L, "thresholds", k, &c->has_mixed_min, &c->mixed_min,
		    v, 0);
	else if (strcmp(k, "mixed-ratio") == 0)
		set_num(L, "thresholds", k, &c->has_mixed_ratio,
		    &c->mixed_ratio, v, 1);
	else if (strcmp(k, "mixed-duty") == 0)
		set_num(L, "thresholds", k, &c->has_mixed_duty,
		    &c->mixed_duty, v, 0);
	else if (strcmp(k, "mismatch-min") == 0)
		set_num(L, "thresholds", k, &c->has_mismatch_min,
		    &c->mismatch_min, v, 0);
	else {
		lerr(L, "unknown key '%s' in [thresholds] (use min-evidence, "
		    "mixed-min, mixed-ratio, mixed-duty or mismatch-min)", k);
		L->unknown = 1;
	}
}

static void
key_policy(struct loader *L, const char *k, const char *v)
{
	struct rcfile *c = L->c;

	if (strcmp(k, "fail-on") == 0) {
		unsigned mask;
		const char *bad;
		size_t badlen;

		if (!once(L, "policy", k))
			return;
		if (policy_parse_kinds(v, &mask, &bad, &badlen) != 0)
			lerr(L, "unknown finding kind '%.*s' in fail-on (use "
			    "mixed, title-mismatch, unclassified or "
			    "not-evaluated)", (int)badlen, bad);
		else if (mask == 0)
			/* Empty, it would switch the check off unseen. */
			lerr(L, "'%s' needs a value (mixed, title-mismatch, "
			    "unclassified or not-evaluated)", k);
		else {
			free(c->fail_on);
			c->fail_on = xstrdup(v);
		}
	} else if (strcmp(k, "max-mixed-share") == 0)
		set_num(L, "policy", k, &c->has_max_mixed_share,
		    &c->max_mixed_share, v, 1);
	else if (strcmp(k, "per-department") == 0) {
		if (once(L, "policy", k) && parse_bool(v, &c->per_department))
			lerr(L, "bad per-department '%s': use yes or no", v);
	} else if (strcmp(k, "baseline") == 0) {
		if (!once(L, "policy", k))
			return;
		if (*v == '\0')
			lerr(L, "'%s' needs a value", k);
		else {
			free(c->baseline);
			c->baseline = join(c->dir, v);
		}
	} else if (strcmp(k, "max-annotations") == 0) {
		double n;

		if (!once(L, "policy", k))
			return;
		if (parse_num(v, &n, 0) || n > 10000 || n != (unsigned)n)
			lerr(L, "bad max-annotations '%s': give a whole number "
			    "from 0 to 10000", v);
		else
			c->max_annotations = (int)n;
	} else {
		lerr(L, "unknown key '%s' in [policy] (use fail-on, "
		    "max-mixed-share, per-department, baseline or "
		    "max-annotations)", k);
		L->unknown = 1;
	}
}

static void
key_input(struct loader *L, const char *k, const char *v)
{
	struct rcfile *c = L->c;

	if (strcmp(k, "files") == 0)
		add_list(L, &c->files, k, v, 4096, NULL);
	else if (strcmp(k, "encoding") == 0) {
		struct decoder *d;

		if (!once(L, "input", k))
			return;
		if (*v == '\0')
			lerr(L, "'%s' needs a value", k);
		else if ((d = decoder_new(v)) == NULL)
			lerr(L, "unknown encoding '%s': use utf-8, "
			    "utf-16le, utf-16be, utf-32le, utf-32be, gb18030 "
			    "(also gbk, cp936, gb2312, euc-cn), windows-1252 "
			    "(also cp1252, latin1, iso-8859-1) or big5 (also "
			    "cp950)", v);
		else {
			decoder_free(d);
			free(c->encoding);
			c->encoding = xstrdup(v);
		}
	}
	else if (strcmp(k, "delimiter") == 0) {
		if (once(L, "input", k) &&
		    cli_parse_delimiter(v, &c->delimiter) != 0)
			lerr(L, "bad delimiter '%s': use one character such as "
			    ", ; | or \\t", v);
	} else if (strcmp(k, "header-line") == 0) {
		if (once(L, "input", k) &&
		    cli_parse_header_line(v, &c->header_line) != 0)
			lerr(L, "bad header-line '%s': give a line number from "
			    "1 to %lu", v, CLI_MAX_HEADER_LINE);
	} else if (strcmp(k, "strict") == 0) {
		if (once(L, "input", k) && parse_bool(v, &c->strict))
			lerr(L, "bad strict '%s': use yes or no", v);
	} else {
		lerr(L, "unknown key '%s' in [input] (use files, encoding, "
		    "delimiter, header-line or strict)", k);
		L->unknown = 1;
	}
}

char *
rcfile_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * Reads PATH, reporting each error at its line.  Returns the config,
 * *ERRORS set to how many errors were reported, or NULL (nothing to
 * read, reported).
 */
static struct rcfile *
load(const char *path, int *errors)
{
	struct loader L;
	struct rcfile *c;
	enum section sect = S_NONE;
	struct stat st;
	FILE *fp;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;

	*errors = 1;
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && lstat(path, &st) == 0)
			diag(DIAG_ERROR, path, 0, 0, "cannot read the config "
			    "file: a symbolic link to a missing file");
		else
			diag(DIAG_ERROR, path, 0, 0, "cannot read the config "
			    "file: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		diag(DIAG_ERROR, path, 0, 0, "cannot read the config file: "
		    "it is a folder");
		fclose(fp);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->path = xstrdup(path);
	c->dir = rcfile_dir_of(path);
	c->per_department = -1;
	c->fill_dept = -1;
	c->strict = -1;
	c->max_annotations = -1;
	memset(&L, 0, sizeof(L));
	L.c = c;
	L.path = path;
	while ((len = getline(&buf, &cap, fp)) != -1) {
		char *s = buf, *eq, *k, *v, *under;

		L.line++;
		if (L.line == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;		/* a BOM from a Windows editor */
		if (strlen(s) != (size_t)(len - (s - buf))) {
			lerr(&L, "NUL byte in the line");
			continue;
		}
		s = trim(s);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');

			if (e == NULL || *trim(e + 1) != '\0') {
				lerr(&L, "bad section header: write [name]");
				sect = S_NONE;
				continue;
			}
			*e = '\0';
			s = trim(s + 1);
			if (strcmp(s, "rules") == 0)
				sect = S_RULES;
			else if (strcmp(s, "columns") == 0)
				sect = S_COLUMNS;
			else if (strcmp(s, "thresholds") == 0)
				sect = S_THRESHOLDS;
			else if (strcmp(s, "policy") == 0)
				sect = S_POLICY;
			else if (strcmp(s, "input") == 0)
				sect = S_INPUT;
			else {
				lerr(&L, "unknown section [%s] (use rules, "
				    "columns, thresholds, policy or input)", s);
				sect = S_UNKNOWN;
			}
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			lerr(&L, "expected 'key = value' or [section]");
			continue;
		}
		*eq = '\0';
		k = trim(s);
		v = trim(eq + 1);
		/* mixed_ratio = mixed-ratio, with a warning: the keys are
		 * spelled with '-'. */
		under = strchr(k, '_') ? xstrdup(k) : NULL;
		for (char *p = k; *p; p++)
			if (*p == '_')
				*p = '-';
		L.unknown = 0;
		switch (sect) {
		case S_NONE:
			lerr(&L, "'%s' is outside a section: put it under "
			    "[rules], [columns], [thresholds], [policy] or "
			    "[input]", k);
			break;
		case S_RULES:
			key_rules(&L, k, v);
			break;
		case S_COLUMNS:
			key_columns(&L, k, v);
			break;
		case S_THRESHOLDS:
			key_thresholds(&L, k, v);
			break;
		case S_POLICY:
			key_policy(&L, k, v);
			break;
		case S_INPUT:
			key_input(&L, k, v);
			break;
		case S_UNKNOWN:
			L.unknown = 1;
			break;
		}
		if (under != NULL && !L.unknown)
			diag(DIAG_WARNING, path, L.line, 0, "'%s': the key is "
			    "spelled %s", under, k);
		free(under);
	}
	if (ferror(fp)) {
		diag(DIAG_ERROR, path, 0, 0, "read error: %s", strerror(errno));
		L.errors++;
	}
	free(buf);
	fclose(fp);
	*errors = L.errors;
	return c;
}

static void
errors_total(const char *path, int errors)
{
	diag(DIAG_ERROR, path, 0, 0, "%d error%s in the config file",
	    errors, errors == 1 ? "" : "s");
}

struct rcfile *
rcfile_load(const char *path)
{
	int errors;
	struct rcfile *c = load(path, &errors);

	if (c != NULL && errors) {
		errors_total(path, errors);
		rcfile_free(c);
		return NULL;
	}
	return c;
}

int
rcfile_check_disable(const struct rcfile *c, const char *const *paths,
    size_t npaths)
{
	struct ruleset *rs;
	FILE *quiet, *was = diag_get_stream();
	int nerr, errors = 0;

	if (c->disable.n == 0)
		return 0;
	/* Loaded without a word: the command loads them again and says
	 * what is wrong with them. */
	if ((quiet = fopen("/dev/null", "w")) == NULL)
		return 0;
	diag_set_stream(quiet);
	rs = ruleset_load_all(paths, npaths, NULL, 0, &nerr);
	diag_set_stream(was);
	fclose(quiet);
	/* A rule with errors is left out of the set, yet its id exists. */
	for (size_t i = 0; nerr == 0 && i < c->disable.n; i++)
		if (ruleset_find(rs, c->disable.v[i]) == NULL) {
			diag(DIAG_ERROR, c->path, c->disable.line[i], 0,
			    "[rules] disable = %s: no rule has this id (see "
			    "'roleaudit rules list')", c->disable.v[i]);
			errors++;
		}
	ruleset_free(rs);
	return errors;
}

void
rcfile_apply(const struct rcfile *c, struct options *o)
{
	for (size_t i = 0; i < c->rules_paths.n && i < OPT_MAX_LIST; i++)
		o->rules_paths[i] = c->rules_paths.v[i];
	if (c->rules_paths.n)
		o->nrules_paths = c->rules_paths.n;
	for (size_t i = 0; i < c->disable.n && i < OPT_MAX_LIST; i++)
		o->disabled[i] = c->disable.v[i];
	if (c->disable.n)
		o->ndisabled = c->disable.n;
	o->cols.config = c->path;
	if (c->id_col) {
		o->cols.id_col = c->id_col;
		o->cols.from_config |= COLMAP_CFG_ID;
	}
	if (c->title_col) {
		o->cols.title_col = c->title_col;
		o->cols.from_config |= COLMAP_CFG_TITLE;
	}
	if (c->dept_col) {
		o->cols.dept_col = c->dept_col;
		o->cols.from_config |= COLMAP_CFG_DEPT;
	}
	if (c->ignore_col)
		o->cols.ignore_col = c->ignore_col;
	for (size_t i = 0; i < c->text_cols.n && i < COLMAP_MAX_TEXT; i++)
		o->cols.text_cols[i] = c->text_cols.v[i];
	if (c->text_cols.n) {
		o->cols.ntext_cols = c->text_cols.n;
		o->cols.from_config |= COLMAP_CFG_TEXT;
	}
	if (c->has_min_evidence)
		o->th.min_evidence = c->min_evidence;
	if (c->has_mixed_min)
		o->th.mixed_min = c->mixed_min;
	if (c->has_mixed_ratio)
		o->th.mixed_ratio = c->mixed_ratio;
	if (c->has_mixed_duty)
		o->th.mixed_duty = c->mixed_duty;
	if (c->has_mismatch_min)
		o->th.mismatch_min = c->mismatch_min;
	if (c->fail_on)
		o->fail_on = c->fail_on;
	if (c->has_max_mixed_share)
		o->max_mixed_share = c->max_mixed_share;
	if (c->per_department >= 0)
		o->per_department = c->per_department;
	if (c->baseline)
		o->baseline = c->baseline;
	if (c->max_annotations >= 0)
		o->max_annotations = c->max_annotations;
	if (c->encoding)
		o->csv.encoding = c->encoding;
	if (c->delimiter)
		o->csv.delimiter = c->delimiter;
	if (c->header_line)
		o->csv.header_line = c->header_line;
	if (c->fill_dept >= 0)
		o->cols.fill_dept = c->fill_dept;
	if (c->strict >= 0)
		o->csv.strict = c->strict;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file by its device and inode, or by its name when it has none
 * (cannot be looked at: the reader will say why). */
struct seen {
	int		 by_id;
	dev_t		 dev;
	ino_t		 ino;
	const char	*s;
	size_t		 i;
};

static int
seen_same(const struct seen *x, const struct seen *y)
{
	if (x->by_id != y->by_id)
		return 0;
	if (x->by_id)
		return x->dev == y->dev && x->ino == y->ino;
	return strcmp(x->s, y->s) == 0;
}

static int
seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int r;

	if (x->by_id != y->by_id)
		return x->by_id < y->by_id ? -1 : 1;
	if (x->by_id) {
		if (x->dev != y->dev)
			return x->dev < y->dev ? -1 : 1;
		if (x->ino != y->ino)
			return x->ino < y->ino ? -1 : 1;
	} else if ((r = strcmp(x->s, y->s)) != 0)
		return r;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Keeps the first of each file in OPEN[0..N) (and its SHOW), in order;
 * returns how many are left.  A file is itself however it is spelled
 * (data/x.csv, ./data/x.csv, data/../data/x.csv, a link to it).  By
 * sorting, not by comparing every pair: a pattern may match tens of
 * thousands of files.
 */
static size_t
drop_repeats(char **open, char **show, size_t n)
{
	struct seen *v;
	unsigned char *dup;
	size_t o = 0;

	if (n < 2)
		return n;
	v = xreallocarray(NULL, n, sizeof(*v));
	dup = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		memset(&v[i], 0, sizeof(v[i]));
		if (stat(open[i], &st) == 0) {
			v[i].by_id = 1;
			v[i].dev = st.st_dev;
			v[i].ino = st.st_ino;
		}
		v[i].s = open[i];
		v[i].i = i;
	}
	qsort(v, n, sizeof(*v), seen_cmp);
	for (size_t k = 1; k < n; k++)
		if (seen_same(&v[k], &v[k - 1]))
			dup[v[k].i] = 1;
	for (size_t i = 0; i < n; i++) {
		if (dup[i]) {
			free(open[i]);
			free(show[i]);
			continue;
		}
		open[o] = open[i];
		show[o++] = show[i];
	}
	free(v);
	free(dup);
	return o;
}

int
rcfile_expand_files(const struct rcfile *c, char ***openp, char ***showp,
    size_t *np)
{
	char **open = NULL, **show = NULL;
	size_t n = 0, cap = 0, dirlen = strlen(c->dir);
	int errors = 0;

	for (size_t i = 0; i < c->files.n; i++) {
		char *pat = join(c->dir, c->files.v[i]);
		glob_t g;
		int r = glob(pat, 0, NULL, &g);

		if (r == GLOB_NOMATCH || (r == 0 && g.gl_pathc == 0)) {
			diag(DIAG_ERROR, c->path, c->files.line[i], 0, "files = "
			    "%s matches no file (patterns are relative to the "
			    "folder of the config file)", c->files.v[i]);
			errors++;
		} else if (r != 0) {
			diag(DIAG_ERROR, c->path, c->files.line[i], 0, "files = "
			    "%s: cannot read the folders it names", c->files.v[i]);
			errors++;
		} else {
			size_t files = 0;

			/* glob() sorts by the locale; sort bytewise so the
			 * order (and every output) is the same everywhere. */
			qsort(g.gl_pathv, g.gl_pathc, sizeof(char *), str_cmp);
			for (size_t j = 0; j < g.gl_pathc; j++) {
				const char *p = g.gl_pathv[j], *rel = p;
				struct stat st;

				/* A folder is no input (a star or a trailing
				 * slash may match some): only files are read. */
				if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
					continue;
				files++;
				if (c->files.v[i][0] != '/' &&
				    strcmp(c->dir, ".") != 0 &&
				    strncmp(p, c->dir, dirlen) == 0 &&
				    p[dirlen] == '/')
					rel = p + dirlen + 1;
				if (n == cap) {
					cap = cap ? cap * 2 : 16;
					open = xreallocarray(open, cap,
					    sizeof(*open));
					show = xreallocarray(show, cap,
					    sizeof(*show));
				}
				open[n] = xstrdup(p);
				show[n] = xstrdup(rel[0] == '.' && rel[1] == '/' ?
				    rel + 2 : rel);
				n++;
			}
			if (files == 0) {
				diag(DIAG_ERROR, c->path, c->files.line[i], 0,
				    "files = %s matches only folders (name the "
				    "files in them, such as %s/*.csv)",
				    c->files.v[i], c->files.v[i]);
				errors++;
			}
		}
		if (r == 0)
			globfree(&g);
		free(pat);
	}
	if (errors) {
		rcfile_files_free(open, n);
		rcfile_files_free(show, n);
		return -1;
	}
	n = drop_repeats(open, show, n);
	*openp = open;
	*showp = show;
	*np = n;
	return 0;
}

void
rcfile_files_free(char **v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

void
rcfile_free(struct rcfile *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->dir);
	list_free(&c->rules_paths);
	list_free(&c->disable);
	free(c->id_col);
	free(c->title_col);
	free(c->dept_col);
	free(c->ignore_col);
	list_free(&c->text_cols);
	free(c->fail_on);
	free(c->baseline);
	list_free(&c->files);
	free(c->encoding);
	free(c);
}

/* FILE argument as shown: as given, without a leading "./". */
static char *
arg_show(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		for (p += 2; *p == '/'; p++)
			;
	return xstrdup(p);
}

int
rcfile_settle(const struct options *cli, struct rcfile_settled *s)
{
	struct options *o = &s->o;
	int takes_files = cli->cmd != CMD_RULES;
	const char *swopt;

	memset(s, 0, sizeof(*s));
	if (cli->config != NULL && cli->no_config) {
		diag(DIAG_ERROR, NULL, 0, 0, "--config and --no-config "
		    "contradict each other");
		fputs("Try 'roleaudit --help' for more information.\n",
		    stderr);
		return 2;
	}
	if (cli->fail_on != NULL) {
		unsigned mask;
		const char *bad;
		size_t badlen;

		/* Empty, it would switch the check off unseen. */
		if (policy_parse_kinds(cli->fail_on, &mask, &bad,
		    &badlen) == 0 && mask == 0) {
			diag(DIAG_ERROR, NULL, 0, 0, "--fail-on needs a value "
			    "(mixed, title-mismatch, unclassified or "
			    "not-evaluated)");
			return 2;
		}
	}
	if (!cli->no_config) {
		char *path = cli->config ? xstrdup(cli->config) : rcfile_find();
		int errors = 0;

		if (path != NULL && (s->cfg = load(path, &errors)) == NULL)
			errors = 1;
		/* The ids the config drops, unless the command line gives
		 * its own list, must name rules of the set in use. */
		else if (s->cfg != NULL && cli->ndisabled == 0)
			errors += rcfile_check_disable(s->cfg,
			    cli->nrules_paths ? cli->rules_paths :
			    (const char *const *)s->cfg->rules_paths.v,
			    cli->nrules_paths ? cli->nrules_paths :
			    s->cfg->rules_paths.n);
		if (s->cfg != NULL && errors) {
			errors_total(path, errors);
			rcfile_free(s->cfg);
			s->cfg = NULL;
		}
		free(path);
		if (errors)
			return 2;
	}
	cli_defaults(o);
	o->cmd = cli->cmd;
	o->argc = cli->argc;
	o->argv = cli->argv;
	if (s->cfg != NULL) {
		rcfile_apply(s->cfg, o);
		o->config_dir = s->cfg->dir;
	}
	/* A list on the command line replaces the config's list: a rule
	 * set given by hand is meant whole, not added to. */
	if (cli->nrules_paths)
		o->nrules_paths = 0;
	if (cli->ndisabled)
		o->ndisabled = 0;
	if (cli->cols.ntext_cols)
		o->cols.ntext_cols = 0;
	/* (cli_reparse() clears the from_config bit of a column the
	 * command line names.) */
	if (cli_reparse(o) != -1)
		return 2;	/* cannot happen: CLI parsed the same argv */

	if (!takes_files)
		return -1;
	if (cli->nfiles > 0) {
		s->n = cli->nfiles;
		s->open = xcalloc(s->n, sizeof(*s->open));
		s->show = xcalloc(s->n, sizeof(*s->show));
		for (size_t i = 0; i < s->n; i++) {
			s->open[i] = xstrdup(cli->files[i]);
			s->show[i] = arg_show(cli->files[i]);
		}
	} else if (cli->explain != NULL && access(cli->explain, F_OK) == 0) {
		/* audit --explain data.csv: the file was read as the ID
		 * (and the config's files, if any, would be searched for
		 * a role of that id). */
		diag(DIAG_ERROR, NULL, 0, 0, "no input file given: --explain "
		    "took '%s' as the role id; give the id first: --explain "
		    "ID FILE...", cli->explain);
		return 2;
	} else if (cli->merge) {
		diag(DIAG_ERROR, NULL, 0, 0, "no input file given: name the "
		    "'report --format json' outputs to merge");
		return 2;
	} else if (s->cfg != NULL && s->cfg->files.n > 0) {
		if (rcfile_expand_files(s->cfg, &s->open, &s->show, &s->n) != 0)
			return 2;
	} else if (cli_swallowed_input(cli, &swopt) != NULL) {
		diag(DIAG_ERROR, NULL, 0, 0, "no input file given: %s took "
		    "'%s' as its value; give the option its value, then the "
		    "files", swopt, cli_swallowed_input(cli, &swopt));
		return 2;
	} else {
		diag(DIAG_ERROR, NULL, 0, 0, "no input file given%s: name the "
		    "CSV files, or list them in .roleaudit under [input] "
		    "files = PATTERN", s->cfg || cli->no_config ? "" :
		    " and no .roleaudit found");
		return 2;
	}
	o->files = s->open;
	o->nfiles = s->n;
	o->shown = s->show;
	o->files_named = cli->nfiles > 0;
	return -1;
}

void
rcfile_settled_free(struct rcfile_settled *s)
{
	rcfile_files_free(s->open, s->n);
	rcfile_files_free(s->show, s->n);
	rcfile_free(s->cfg);
	memset(s, 0, sizeof(*s));
}
