/*
 * baseline.c — the baseline file (format in baseline.h): load, look up,
 * write.  Entries live in an array kept sorted by key so a lookup is a
 * binary search; the file is small next to the data.  The paths
 * roles are shown with map to the baseline's (baseline_path()) through
 * aliases.  Neighbours: policy.c (lookups), cmd_check.c (load and
 * write).
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

struct bl_entry {
	char		*file, *id, *key;
	uint64_t	 hash;
	unsigned long	 line;		/* in the loaded file; 0 = added */
	int		 used;
};

struct bl_alias {
	char		*shown, *file;
};

struct baseline {
	struct bl_entry	*e;
	size_t		 n, cap;
	int		 sorted;
	struct bl_alias	*a;		/* sorted by shown when asorted */
	size_t		 na, acap;
	int		 asorted;
};

struct baseline *
baseline_new(void)
{
	struct baseline *bl = xcalloc(1, sizeof(*bl));

	bl->sorted = 1;
	return bl;
}

static int
entry_cmp(const void *va, const void *vb)
{
	const struct bl_entry *a = va, *b = vb;
	int c;

	if ((c = strcmp(a->file, b->file)) != 0)
		return c;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	/* Equal keys keep file order, so stale notes come out in order. */
	return a->line < b->line ? -1 : a->line > b->line;
}

static void
push(struct baseline *bl, char *file, char *id, char *key, uint64_t hash,
    unsigned long line)
{
	if (bl->n == bl->cap) {
		bl->cap = bl->cap ? bl->cap * 2 : 16;
		bl->e = xreallocarray(bl->e, bl->cap, sizeof(*bl->e));
	}
	bl->e[bl->n++] = (struct bl_entry){ file, id, key, hash, line, 0 };
	bl->sorted = 0;
}

/*
 * ABS (absolute) by its names: "." and empty segments dropped, ".."
 * taking the segment before it (none above the root).  New string.
 */
static char *
lexical(const char *abs)
{
	char *s = xstrdup(abs), *p = s, **seg;
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	seg = xcalloc(strlen(s) / 2 + 1, sizeof(*seg));
	while (*p != '\0') {
		char *q;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		q = p + strcspn(p, "/");
		if (*q != '\0')
			*q++ = '\0';
		if (strcmp(p, "..") == 0) {
			if (n > 0)
				n--;
		} else if (strcmp(p, ".") != 0)
			seg[n++] = p;
		p = q;
	}
	if (n == 0)
		strbuf_addc(&sb, '/');
	for (size_t i = 0; i < n; i++) {
		strbuf_addc(&sb, '/');
		strbuf_adds(&sb, seg[i]);
	}
	free(seg);
	free(s);
	return strbuf_detach(&sb);
}

/* PATH taken from the absolute folder BASE (as written, not cleaned). */
static char *
joined(const char *base, const char *path)
{
	char *s;

	if (path[0] == '/')
		return xstrdup(path);
	xasprintf(&s, "%s/%s", base, path);
	return s;
}

/* FILE relative to DIR, both as lexical() gives them.  New string. */
static char *
relative(const char *dir, const char *file)
{
	char *d = xstrdup(dir), *r;
	const char *rest;
	size_t ups = 0;
	struct strbuf sb = STRBUF_INIT;

	/* Up from DIR to the first folder that holds FILE. */
	for (;;) {
		size_t k = strlen(d);

		if (strcmp(d, "/") == 0) {
			rest = file + 1;
			break;
		}
		if (strncmp(file, d, k) == 0 &&
		    (file[k] == '/' || file[k] == '\0')) {
			rest = file + k + (file[k] == '/');
			break;
		}
		*strrchr(d, '/') = '\0';
		if (d[0] == '\0')
			strcpy(d, "/");
		ups++;
	}
	for (size_t i = 0; i < ups; i++)
		strbuf_adds(&sb, i + 1 < ups || *rest ? "../" : "..");
	strbuf_adds(&sb, rest);
	if (sb.len == 0)
		strbuf_addc(&sb, '.');
	free(d);
	r = strbuf_detach(&sb);
	return r;
}

char *
baseline_path_in(const char *cwd, const char *dir, const char *file)
{
	char *jf, *jd, *f, *d, *r;

	if (strcmp(file, "-") == 0)
		return xstrdup(file);
	jf = joined(cwd, file);
	jd = joined(cwd, dir != NULL ? dir : ".");
	f = lexical(jf);
	d = lexical(jd);
	r = relative(d, f);
	free(jf);
	free(jd);
	free(f);
	free(d);
	return r;
}

/* The working directory (new string), or NULL. */
static char *
cwd_new(void)
{
	size_t cap = 256;

	for (;;) {
		char *buf = xmalloc(cap);

		if (getcwd(buf, cap) != NULL)
			return buf;
		free(buf);
		if (errno != ERANGE || cap > 1 << 20)
			return NULL;
		cap *= 2;
	}
}

/* PATH (absolute, as written) with its links and ".." resolved where
 * it exists, by its names where not.  New string. */
static char *
resolved(const char *path)
{
	char *r = realpath(path, NULL), *l;

	if (r != NULL) {
		/* (lexical() is the one form: no trailing slash.) */
		l = lexical(r);
		free(r);
		return l;
	}
	return lexical(path);
}

char *
baseline_path(const char *dir, const char *file)
{
	char *cwd, *jf, *jd, *folder, *f, *d, *r, *slash;
	const char *name;

	if (strcmp(file, "-") == 0)
		return xstrdup(file);
	if ((cwd = cwd_new()) == NULL)
		return baseline_path_in("/", dir, file);
	jf = joined(cwd, file);
	jd = joined(cwd, dir != NULL ? dir : ".");
	/* The file's folder resolved, its own name kept: a link to a CSV
	 * is named as the link. */
	slash = strrchr(jf, '/');
	name = slash + 1;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		folder = xstrdup(jf);
		name = "";
	} else
		folder = slash == jf ? xstrdup("/") :
		    xstrndup(jf, (size_t)(slash - jf));
	d = resolved(folder);
	free(folder);
	xasprintf(&folder, "%s/%s", d, name);
	free(d);
	f = lexical(folder);
	d = resolved(jd);
	r = relative(d, f);
	free(folder);
	free(f);
	free(d);
	free(jf);
	free(jd);
	free(cwd);
	return r;
}

static int
alias_cmp(const void *va, const void *vb)
{
	const struct bl_alias *a = va, *b = vb;

	return strcmp(a->shown, b->shown);
}

void
baseline_alias(struct baseline *bl, const char *shown, const char *file)
{
	if (bl->na == bl->acap) {
		bl->acap = bl->acap ? bl->acap * 2 : 16;
		bl->a = xreallocarray(bl->a, bl->acap, sizeof(*bl->a));
	}
	bl->a[bl->na++] = (struct bl_alias){ xstrdup(shown), xstrdup(file) };
	bl->asorted = 0;
}

/* The baseline's name for the file shown as SHOWN. */
static const char *
alias_of(struct baseline *bl, const char *shown)
{
	struct bl_alias k = { (char *)shown, NULL }, *m;

	if (bl->na == 0)
		return shown;
	if (!bl->asorted) {
		qsort(bl->a, bl->na, sizeof(*bl->a), alias_cmp);
		bl->asorted = 1;
	}
	m = bsearch(&k, bl->a, bl->na, sizeof(*bl->a), alias_cmp);
	return m != NULL ? m->file : shown;
}

void
baseline_add(struct baseline *bl, const char *file, const char *id,
    const char *key, uint64_t hash)
{
	push(bl, xstrdup(alias_of(bl, file)), xstrdup(id), xstrdup(key),
	    hash, 0);
}

size_t
baseline_carry(struct baseline *to, const struct baseline *from,
    int (*keep)(const char *file, const char *key, void *arg), void *arg)
{
	size_t n = 0;

	for (size_t i = 0; i < from->n; i++) {
		const struct bl_entry *e = &from->e[i];

		if (!keep(e->file, e->key, arg))
			continue;
		push(to, xstrdup(e->file), xstrdup(e->id), xstrdup(e->key),
		    e->hash, 0);
		n++;
	}
	return n;
}

static void
sort(struct baseline *bl)
{
	if (!bl->sorted && bl->n > 1)
		qsort(bl->e, bl->n, sizeof(*bl->e), entry_cmp);
	bl->sorted = 1;
}

/* Undoes the \t \n \r \\ escapes in place; -1 on a bad escape. */
static int
unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		switch (*++s) {
		case 't': *w++ = '\t'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case '\\': *w++ = '\\'; break;
		default: return -1;
		}
	}
	*w = '\0';
	return 0;
}

static int
parse_hash(const char *s, uint64_t *out)
{
	uint64_t h = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		h = h << 4 | (uint64_t)d;
	}
	if (i != 16)
		return -1;
	*out = h;
	return 0;
}

struct baseline *
baseline_load(const char *path)
{
	struct baseline *bl;
	FILE *fp;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int errors = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		diag(DIAG_ERROR, path, 0, 0, "cannot read the baseline: %s "
		    "(write one with --write-baseline)", strerror(errno));
		return NULL;
	}
	bl = baseline_new();
	while ((len = getline(&buf, &cap, fp)) != -1) {
		char *f[5], *p = buf;
		size_t nf = 0;
		uint64_t h;

		lineno++;
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (lineno == 1) {
			char want[64];

			snprintf(want, sizeof(want), "%s\t%d", BASELINE_MAGIC,
			    BASELINE_VERSION);
			if (strcmp(buf, want) != 0) {
				diag(DIAG_ERROR, path, 1, 0, "not a roleaudit "
				    "baseline: the first line must be '%s<TAB>%d'",
				    BASELINE_MAGIC, BASELINE_VERSION);
				errors++;
				break;
			}
			continue;
		}
		if (len == 0 || buf[0] == '#')
			continue;
		if (strlen(buf) != (size_t)len) {
			diag(DIAG_ERROR, path, lineno, 0, "NUL byte in the line");
			errors++;
			continue;
		}
		while (nf < 5) {
			f[nf++] = p;
			if ((p = strchr(p, '\t')) == NULL)
				break;
			*p++ = '\0';
		}
		if (nf != 4 && (strncmp(buf, "<<<<<<<", 7) == 0 ||
		    strncmp(buf, "=======", 7) == 0 ||
		    strncmp(buf, ">>>>>>>", 7) == 0)) {
			diag(DIAG_ERROR, path, lineno, 0, "a merge conflict "
			    "marker: keep the lines of both sides and delete "
			    "the markers, or write the baseline again with "
			    "--write-baseline");
			errors++;
			continue;
		}
		if (nf != 4) {
			diag(DIAG_ERROR, path, lineno, 0, "expected 4 fields "
			    "separated by tabs (file, id, finding, text-hash), "
			    "found %zu%s: a baseline is written by "
			    "--write-baseline; write it again, or mend the line",
			    nf, nf == 5 ? " or more" : "");
			errors++;
			continue;
		}
		if (unescape(f[0]) || unescape(f[1]) || unescape(f[2])) {
			diag(DIAG_ERROR, path, lineno, 0, "bad backslash escape "
			    "(use \\t, \\n, \\r or \\\\)");
			errors++;
			continue;
		}
		if (parse_hash(f[3], &h)) {
			diag(DIAG_ERROR, path, lineno, 0, "bad text-hash '%s': "
			    "expected 16 hex digits", f[3]);
			errors++;
			continue;
		}
		push(bl, xstrdup(f[0]), xstrdup(f[1]), xstrdup(f[2]), h, lineno);
	}
	if (ferror(fp)) {
		diag(DIAG_ERROR, path, 0, 0, "read error: %s", strerror(errno));
		errors++;
	} else if (lineno == 0) {
		diag(DIAG_ERROR, path, 0, 0, "empty file: not a roleaudit "
		    "baseline (write one with --write-baseline)");
		errors++;
	}
	free(buf);
	fclose(fp);
	if (errors) {
		baseline_free(bl);
		return NULL;
	}
	sort(bl);
	return bl;
}

int
baseline_take(struct baseline *bl, const char *file, const char *id,
    const char *key, uint64_t hash)
{
	struct bl_entry k;
	size_t lo = 0, hi;

	if (bl == NULL)
		return 0;
	file = alias_of(bl, file);
	k = (struct bl_entry){ (char *)file, (char *)id, (char *)key, hash, 0,
	    0 };
	sort(bl);
	hi = bl->n;
	/* Lower bound on (file, id, key, hash), ignoring the line. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct bl_entry *m = &bl->e[mid];
		int c = strcmp(m->file, file);

		if (c == 0)
			c = strcmp(m->id, id);
		if (c == 0)
			c = strcmp(m->key, key);
		if (c == 0 && m->hash != hash)
			c = m->hash < hash ? -1 : 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Duplicates (two rows, same id and text) take one entry each. */
	for (; lo < bl->n; lo++) {
		struct bl_entry *m = &bl->e[lo];

		k.line = m->line;
		if (entry_cmp(m, &k) != 0)
			break;
		if (!m->used) {
			m->used = 1;
			return 1;
		}
	}
	return 0;
}

static int
line_cmp(const void *va, const void *vb)
{
	const struct bl_entry *const *a = va, *const *b = vb;

	return (*a)->line < (*b)->line ? -1 : (*a)->line > (*b)->line;
}

static int
checked(const char *file, const char *const *files, size_t nfiles)
{
	if (files == NULL)
		return 1;
	for (size_t i = 0; i < nfiles; i++)
		if (strcmp(files[i], file) == 0)
			return 1;
	return 0;
}

/* Appends KEY to SB's ", "-separated list unless it is there. */
static void
add_key(struct strbuf *sb, const char *key)
{
	size_t k = strlen(key);

	for (const char *p = sb->buf; p != NULL && *p != '\0'; ) {
		size_t len = strcspn(p, ",");

		if (len == k && strncmp(p, key, k) == 0)
			return;
		p += len;
		if (*p == ',')
			p += 2;
	}
	if (sb->len > 0)
		strbuf_adds(sb, ", ");
	strbuf_adds(sb, key);
}

size_t
baseline_report_stale(const struct baseline *bl, const char *path,
    const char *const *files, size_t nfiles, int complete,
    int (*sought)(const char *key, void *arg), void *arg)
{
	const struct bl_entry **st;
	struct strbuf keys = STRBUF_INIT;
	size_t n = 0, unsought = 0;

	if (bl == NULL)
		return 0;
	st = xcalloc(bl->n ? bl->n : 1, sizeof(*st));
	for (size_t i = 0; i < bl->n; i++) {
		if (bl->e[i].used || (!complete &&
		    !checked(bl->e[i].file, files, nfiles)))
			continue;
		/* A finding this run did not look for was not missed. */
		if (sought != NULL && !sought(bl->e[i].key, arg)) {
			unsought++;
			add_key(&keys, bl->e[i].key);
			continue;
		}
		st[n++] = &bl->e[i];
	}
	if (unsought > 0)
		diag(DIAG_NOTE, path, 0, 0, "%zu baseline entr%s not checked: "
		    "--fail-on leaves out %s (%s)", unsought,
		    unsought == 1 ? "y" : "ies",
		    unsought == 1 ? "its finding" : "their findings", keys.buf);
	strbuf_free(&keys);
	qsort(st, n, sizeof(*st), line_cmp);
	for (size_t i = 0; i < n; i++)
		diag(DIAG_NOTE, path, st[i]->line, 0, "baseline entry no "
		    "longer occurs: %s %s %s (%s; rewrite the baseline with "
		    "--write-baseline)", st[i]->file, st[i]->id, st[i]->key,
		    checked(st[i]->file, files, nfiles) ? "the role was fixed, "
		    "changed or removed" : "its file is no longer among the "
		    "inputs: renamed or deleted");
	free(st);
	return n;
}

size_t
baseline_count(const struct baseline *bl)
{
	return bl ? bl->n : 0;
}

static void
add_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '\t': strbuf_adds(sb, "\\t"); break;
		case '\n': strbuf_adds(sb, "\\n"); break;
		case '\r': strbuf_adds(sb, "\\r"); break;
		case '\\': strbuf_adds(sb, "\\\\"); break;
		default: strbuf_addc(sb, *s); break;
		}
}

/* Writes SB out and empties it; remembers the first failure's errno in
 * *ERR. */
static void
flush_to(struct strbuf *sb, FILE *fp, int *err)
{
	errno = 0;
	if (sb->len > 0 && fwrite(sb->buf, 1, sb->len, fp) != sb->len &&
	    *err == 0)
		*err = errno ? errno : EIO;
	strbuf_reset(sb);
}

int
baseline_write(struct baseline *bl, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	int err = 0;

	sort(bl);
	strbuf_addf(&sb, "%s\t%d\n# file\tid\tfinding\ttext-hash\n",
	    BASELINE_MAGIC, BASELINE_VERSION);
	for (size_t i = 0; i < bl->n; i++) {
		add_escaped(&sb, bl->e[i].file);
		strbuf_addc(&sb, '\t');
		add_escaped(&sb, bl->e[i].id);
		strbuf_addc(&sb, '\t');
		add_escaped(&sb, bl->e[i].key);
		strbuf_addf(&sb, "\t%016" PRIx64 "\n", bl->e[i].hash);
		if (sb.len > 65536)
			flush_to(&sb, fp, &err);
	}
	flush_to(&sb, fp, &err);
	strbuf_free(&sb);
	if (err == 0 && ferror(fp))
		err = EIO;
	errno = err;
	return err ? -1 : 0;
}

void
baseline_free(struct baseline *bl)
{
	if (bl == NULL)
		return;
	for (size_t i = 0; i < bl->n; i++) {
		free(bl->e[i].file);
		free(bl->e[i].id);
		free(bl->e[i].key);
	}
	free(bl->e);
	for (size_t i = 0; i < bl->na; i++) {
		free(bl->a[i].shown);
		free(bl->a[i].file);
	}
	free(bl->a);
	free(bl);
}
