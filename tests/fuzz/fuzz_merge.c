/*
 * fuzz_merge.c — libFuzzer harness for the two files roleaudit reads back
 * from earlier runs: a JSON report part (`report --merge`: jsonr.c and
 * report_merge_json()) and a baseline (`check --baseline`: baseline.c).
 *
 * Every input is given to both readers (it is written to a file alone in
 * a private temporary folder, removed at exit) and to jsonr_parse() on
 * the buffer.  What must hold, or the harness aborts:
 * - no reader crashes, and each fails exactly when it printed an error;
 * - jsonr_parse() on the buffer and report_merge_json() on the file agree
 *   on whether the text is JSON at all;
 * - jsonr_parse_file() through a window of a few bytes (its size taken
 *   from the input) gives the same tree as jsonr_parse() on the buffer,
 *   or fails with it, with the same number of errors: wherever the
 *   window cuts, nothing changes;
 * - a report part that merges, written back with `--format json` and
 *   merged again, writes the same bytes (the JSON report keeps the whole
 *   state, so a round trip loses nothing);
 * - a baseline that loads, written back and loaded again, writes the same
 *   bytes and keeps the same number of entries.
 * Neighbours: fuzz_reader.c, fuzz_rules.c, fuzz_config.c.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "diag.h"
#include "jsonr.h"
#include "report.h"
#include "strbuf.h"

static char dir[64];
static char path[96], path2[96];

static void
cleanup(void)
{
	unlink(path);
	unlink(path2);
	rmdir(dir);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	if (dir[0] != '\0')
		return;
	snprintf(dir, sizeof(dir), "%s/roleaudit-fuzz-XXXXXX",
	    tmp != NULL && strlen(tmp) < 32 ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/part.json", dir);
	snprintf(path2, sizeof(path2), "%s/again", dir);
	atexit(cleanup);
}

static void
put(const char *p, const void *data, size_t size)
{
	FILE *fp = fopen(p, "wb");

	if (fp == NULL || (size > 0 && fwrite(data, 1, size, fp) != size) ||
	    fclose(fp) != 0)
		abort();
}

/* Diagnostics go nowhere visible; their count is what matters. */
static void
quiet(void)
{
	static FILE *null;

	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
		abort();
	diag_set_stream(null);
	diag_reset();
}

/* Aborts unless A (LA bytes) and B (LB bytes) are the same; frees both. */
static void
same(char *a, size_t la, char *b, size_t lb)
{
	if (la != lb || memcmp(a, b, la) != 0)
		abort();
	free(a);
	free(b);
}

/* The report REP written as JSON into a new string (*LEN bytes). */
static char *
report_json(struct report *rep, size_t *len)
{
	char *s = NULL;
	FILE *fp = open_memstream(&s, len);

	if (fp == NULL)
		abort();
	report_finish(rep);
	if (rep_json.write(fp, rep) != 0)
		abort();
	fclose(fp);
	return s;
}

/* Merges PATH into a new report; NULL when the merge failed. */
static struct report *
merge(const char *p)
{
	struct report *rep = report_new();
	int r;

	quiet();
	r = report_merge_json(rep, p);
	if ((r != 0) != (diag_count(DIAG_ERROR) != 0))
		abort();	/* fails exactly when it says why */
	if (r != 0) {
		report_free(rep);
		return NULL;
	}
	return rep;
}

/* V as text, with every position, type and string: two trees print
 * alike only when they are alike. */
static void
dump(struct strbuf *sb, const struct jr_value *v)
{
	strbuf_addf(sb, "%lu:%lu:%d", v->line, v->col, (int)v->type);
	if (v->str != NULL) {
		strbuf_addf(sb, "(%zu:", v->len);
		strbuf_add(sb, v->str, v->len);
		strbuf_addc(sb, ')');
	}
	strbuf_addc(sb, '{');
	for (size_t i = 0; i < v->nitems; i++) {
		if (v->keys != NULL)
			strbuf_addf(sb, "%s=", v->keys[i]);
		dump(sb, &v->items[i]);
		strbuf_addc(sb, ',');
	}
	strbuf_addc(sb, '}');
}

static void
check_report(const uint8_t *data, size_t size)
{
	struct jr_value *v, *w;
	struct report *rep, *again;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	unsigned long nerr;
	char *out, *out2;
	size_t len, len2;
	int json_ok;

	quiet();
	v = jsonr_parse("fuzz", (const char *)data, size);
	if ((v == NULL) != ((nerr = diag_count(DIAG_ERROR)) != 0))
		abort();
	json_ok = v != NULL;

	put(path, data, size);
	/* the same bytes through a small window */
	quiet();
	jsonr_set_buffer_size(8 + (size > 0 ? data[0] % 9 : 0));
	w = jsonr_parse_file(path);
	jsonr_set_buffer_size(0);
	if ((w == NULL) != (v == NULL) || diag_count(DIAG_ERROR) != nerr)
		abort();
	if (v != NULL) {
		dump(&a, v);
		dump(&b, w);
		if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
			abort();
	}
	strbuf_free(&a);
	strbuf_free(&b);
	jsonr_free(v);
	jsonr_free(w);

	if ((rep = merge(path)) == NULL)
		return;
	if (!json_ok)
		abort();	/* the file merged, but the buffer is not JSON */
	out = report_json(rep, &len);
	put(path2, out, len);
	if ((again = merge(path2)) == NULL)
		abort();	/* our own output must read back */
	out2 = report_json(again, &len2);
	same(out, len, out2, len2);
	report_free(rep);
	report_free(again);
}

/* Loads PATH as a baseline; NULL when the load failed. */
static struct baseline *
load(const char *p)
{
	struct baseline *bl;

	quiet();
	bl = baseline_load(p);
	if ((bl == NULL) != (diag_count(DIAG_ERROR) != 0))
		abort();
	return bl;
}

static char *
baseline_text(struct baseline *bl, size_t *len)
{
	char *s = NULL;
	FILE *fp = open_memstream(&s, len);

	if (fp == NULL || baseline_write(bl, fp) != 0)
		abort();
	fclose(fp);
	return s;
}

static void
check_baseline(const uint8_t *data, size_t size)
{
	struct baseline *bl, *again;
	char *out, *out2;
	size_t len, len2;

	put(path, data, size);
	if ((bl = load(path)) == NULL)
		return;
	out = baseline_text(bl, &len);
	put(path2, out, len);
	if ((again = load(path2)) == NULL)
		abort();
	if (baseline_count(again) != baseline_count(bl))
		abort();
	out2 = baseline_text(again, &len2);
	same(out, len, out2, len2);
	baseline_free(bl);
	baseline_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	check_report(data, size);
	check_baseline(data, size);
	diag_set_stream(NULL);
	return 0;
}
