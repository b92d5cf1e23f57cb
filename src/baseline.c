/*
 * baseline.c — the baseline file (format in baseline.h): load, look up,
 * write.  Entries live in an array kept sorted by key so a lookup is a
 * binary search; the file is small next to the data.  Neighbours:
 * policy.c (lookups), cmd_check.c (load and write).
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct baseline {
	struct bl_entry	*e;
	size_t		 n, cap;
	int		 sorted;
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

void
baseline_add(struct baseline *bl, const char *file, const char *id,
    const char *key, uint64_t hash)
{
	push(bl, xstrdup(file), xstrdup(id), xstrdup(key), hash, 0);
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
		if (nf != 4) {
			diag(DIAG_ERROR, path, lineno, 0, "expected 4 fields "
			    "separated by tabs (file, id, finding, text-hash), "
			    "found %zu%s", nf, nf == 5 ? " or more" : "");
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
	struct bl_entry k = { (char *)file, (char *)id, (char *)key, hash, 0, 0 };
	size_t lo = 0, hi;

	if (bl == NULL)
		return 0;
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

size_t
baseline_report_stale(const struct baseline *bl, const char *path,
    const char *const *files, size_t nfiles)
{
	const struct bl_entry **st;
	size_t n = 0;

	if (bl == NULL)
		return 0;
	st = xcalloc(bl->n ? bl->n : 1, sizeof(*st));
	for (size_t i = 0; i < bl->n; i++)
		if (!bl->e[i].used && checked(bl->e[i].file, files, nfiles))
			st[n++] = &bl->e[i];
	qsort(st, n, sizeof(*st), line_cmp);
	for (size_t i = 0; i < n; i++)
		diag(DIAG_NOTE, path, st[i]->line, 0, "baseline entry no "
		    "longer occurs: %s %s %s (the role was fixed, changed or "
		    "removed; rewrite the baseline with --write-baseline)",
		    st[i]->file, st[i]->id, st[i]->key);
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
	free(bl);
}
