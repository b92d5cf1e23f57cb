/*
 * rules.c — reads *.rules files (format in roleaudit-rules(5)), checks
 * every field, compiles the patterns with PCRE2 once, and owns the
 * result (struct ruleset).  Every error is collected, sorted by line and
 * reported through diag() as FILE:LINE:COL, so one run of `rules lint`
 * shows them all.  Neighbours: matcher.c runs the compiled patterns;
 * cmd_rules.c and the audit driver call ruleset_load_all().
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "decode.h"
#include "diag.h"
#include "rules.h"
#include "strbuf.h"
#include "t2s.h"
#include "xalloc.h"

/*
 * Deep nesting is never needed by a phrase rule and costs compile time
 * and stack; PCRE2's default is 250.
 */
#define RULE_PARENS_NEST_MAX	64

static const char *const dims[] = {
	"scope", "nature", "cycle", "metrics", "skills", "title"
};

const char *
dim_name(enum ra_dim d)
{
	return (unsigned)d <= DIM_TITLE ? dims[d] : "?";
}

const char *
side_name(enum ra_side s)
{
	return s == SIDE_OPS ? "ops" : "pm";
}

int
dim_parse(const char *s, enum ra_dim *out)
{
	for (int d = 0; d <= DIM_TITLE; d++)
		if (strcmp(s, dims[d]) == 0) {
			*out = (enum ra_dim)d;
			return 0;
		}
	return -1;
}

int
side_parse(const char *s, enum ra_side *out)
{
	if (strcmp(s, "ops") == 0)
		*out = SIDE_OPS;
	else if (strcmp(s, "pm") == 0)
		*out = SIDE_PM;
	else
		return -1;
	return 0;
}

/* Every id seen, with where: also ids of rules dropped for errors, so a
 * second definition is still called a duplicate. */
struct seen_id {
	char		*id;
	char		*file;
	unsigned long	 line;
};

struct rs_priv {
	pcre2_compile_context	*cctx;
	struct seen_id		*seen;
	size_t			 nseen;
	int			 no_jit;	/* $ROLEAUDIT_NO_JIT set */
	int			 jitted;	/* ruleset_jit() ran */
	struct file_id {
		dev_t		 dev;
		ino_t		 ino;
	}			*loaded;	/* files read, so as to read
						   each once */
	size_t			 nloaded;
};

struct ruleset *
ruleset_new(void)
{
	struct ruleset *rs = xcalloc(1, sizeof(*rs));
	struct rs_priv *pv = xcalloc(1, sizeof(*pv));

	pv->cctx = pcre2_compile_context_create(NULL);
	if (pv->cctx == NULL) {
		fputs("roleaudit: out of memory\n", stderr);
		abort();
	}
	pcre2_set_max_pattern_length(pv->cctx, RULE_PATTERN_MAX);
	pcre2_set_parens_nest_limit(pv->cctx, RULE_PARENS_NEST_MAX);
	/*
	 * The JIT's vector loads may read a few bytes past the end of a
	 * subject (never across a page), which valgrind reports; the test
	 * suite under valgrind, and anyone comparing, can turn it off.
	 */
	pv->no_jit = getenv("ROLEAUDIT_NO_JIT") != NULL &&
	    *getenv("ROLEAUDIT_NO_JIT") != '\0';
	rs->pcre = pv;
	return rs;
}

static void
pat_free(struct rule_pat *p)
{
	if (p == NULL)
		return;
	free(p->text);
	pcre2_code_free(p->code);
	free(p);
}

static void
rule_free(struct rule *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->lang);
	free(r->source);
	free(r->file);
	for (size_t i = 0; i < r->npats; i++)
		pat_free(r->pats[i]);
	free(r->pats);
	for (size_t i = 0; i < r->nunless; i++)
		pat_free(r->unless[i]);
	free(r->unless);
	for (size_t i = 0; i < r->nexamples; i++)
		free(r->examples[i]);
	free(r->examples);
	free(r->example_lines);
	for (size_t i = 0; i < r->ncounters; i++)
		free(r->counters[i]);
	free(r->counters);
	free(r->counter_lines);
	free(r);
}

void
ruleset_free(struct ruleset *rs)
{
	struct rs_priv *pv;

	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->nrules; i++)
		rule_free(rs->rules[i]);
	free(rs->rules);
	if ((pv = rs->pcre) != NULL) {
		pcre2_compile_context_free(pv->cctx);
		for (size_t i = 0; i < pv->nseen; i++) {
			free(pv->seen[i].id);
			free(pv->seen[i].file);
		}
		free(pv->seen);
		free(pv->loaded);
		free(pv);
	}
	free(rs);
}

#define FP_PRIME	1099511628211ull

static uint64_t
fp_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * FP_PRIME;
}

/* S, with its length in front, so that no two lists of strings hash
 * alike by where one ends. */
static uint64_t
fp_str(uint64_t h, const char *s)
{
	char len[32];

	snprintf(len, sizeof(len), "%zu:", s ? strlen(s) : 0);
	for (const char *p = len; *p; p++)
		h = fp_byte(h, (unsigned char)*p);
	for (; s && *s; s++)
		h = fp_byte(h, (unsigned char)*s);
	return h;
}

uint64_t
ruleset_fingerprint(const struct ruleset *rs)
{
	uint64_t h = 0xcbf29ce484222325ull, bits;
	char n[48];

	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		h = fp_str(h, r->id);
		h = fp_str(h, dim_name(r->dim));
		h = fp_str(h, side_name(r->side));
		/* The bits, not a printed number: no locale, no rounding. */
		memcpy(&bits, &r->weight, sizeof(bits));
		for (int k = 0; k < 8; k++)
			h = fp_byte(h, (unsigned char)(bits >> (8 * k)));
		h = fp_str(h, r->lang);
		h = fp_byte(h, r->ucp ? 1 : 0);
		snprintf(n, sizeof(n), "%zu/%zu", r->npats, r->nunless);
		h = fp_str(h, n);
		for (size_t k = 0; k < r->npats; k++)
			h = fp_str(h, r->pats[k]->text);
		for (size_t k = 0; k < r->nunless; k++)
			h = fp_str(h, r->unless[k]->text);
	}
	return h;
}

const struct rule *
ruleset_find(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return rs->rules[i];
	return NULL;
}

int
ruleset_disable(struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		if (strcmp(rs->rules[i]->id, id) != 0)
			continue;
		rule_free(rs->rules[i]);
		memmove(&rs->rules[i], &rs->rules[i + 1],
		    (rs->nrules - i - 1) * sizeof(rs->rules[0]));
		rs->nrules--;
		for (size_t j = 0; j < rs->nrules; j++)
			rs->rules[j]->index = (unsigned)j;
		return 0;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* UTF-8 helpers.  Columns are counted in characters, 1-based.          */

/* Length of the valid UTF-8 sequence at P (at most N bytes), 0 if bad. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		if (n >= 2 && (p[1] & 0xC0) == 0x80)
			return 2;
		return 0;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && p[1] >= 0xA0)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xF4 && p[1] >= 0x90)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

/* Byte offset of the first invalid sequence in S, or (size_t)-1. */
static size_t
utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if ((n = utf8_seq(p + i, len - i)) == 0)
			return i;
		i += n;
	}
	return (size_t)-1;
}

/*
 * Full-width ASCII (U+FF01-U+FF5E) or the ideographic space (U+3000) at
 * P?  Returns the ASCII it folds to, or 0.  Shared knowledge with
 * matcher.c's folding, which documents why.
 */
static int
fullwidth_at(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x81 &&
	    p[2] <= 0xBF)
		return 0x21 + (p[2] - 0x81);
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBD && p[2] >= 0x80 &&
	    p[2] <= 0x9E)
		return 0x60 + (p[2] - 0x80);
	if (n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return ' ';
	return 0;
}

/* ------------------------------------------------------------------ */
/* The loader.                                                          */

struct lerr {
	unsigned long	 line, col;
	size_t		 seq;		/* order of report, to sort stably */
	char		*msg;
};

enum key {
	K_ID, K_DIMENSION, K_SIDE, K_WEIGHT, K_LANG, K_PATTERN, K_UNLESS,
	K_SOURCE, K_EXAMPLE, K_COUNTER, K_UCP, K_COUNT
};

static const char *const key_names[K_COUNT] = {
	"id", "dimension", "side", "weight", "lang", "pattern", "unless",
	"source", "example", "counter", "ucp"
};

struct entry {				/* one KEY = VALUE line of a block */
	enum key	 key;
	char		*val;
	unsigned long	 line;
	unsigned long	 col;		/* column of the value's first char */
};

struct loader {
	struct ruleset	*rs;
	const char	*path;		/* file being read, BORROWED */
	struct lerr	*errs;
	size_t		 nerrs, caperrs;
	/* the open block, if any */
	int		 inblock;
	unsigned long	 bline, bcol;	/* its [rule] line */
	int		 bbad;		/* an error was found in it */
	struct entry	*ents;
	size_t		 nents, capents;
};

static void lerr_add(struct loader *, unsigned long, unsigned long,
    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
lerr_add(struct loader *ld, unsigned long line, unsigned long col,
    const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	if (ld->nerrs == ld->caperrs) {
		ld->caperrs = ld->caperrs ? 2 * ld->caperrs : 16;
		ld->errs = xreallocarray(ld->errs, ld->caperrs,
		    sizeof(*ld->errs));
	}
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ld->errs[ld->nerrs].line = line;
	ld->errs[ld->nerrs].col = col;
	ld->errs[ld->nerrs].seq = ld->nerrs;
	ld->errs[ld->nerrs].msg = strbuf_detach(&sb);
	ld->nerrs++;
	if (ld->inblock)
		ld->bbad = 1;
}

static int
lerr_cmp(const void *a, const void *b)
{
	const struct lerr *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Reports the collected errors of one file in line order; returns the
 * count and empties the list. */
static int
lerr_flush(struct loader *ld)
{
	int n = (int)ld->nerrs;

	if (ld->nerrs > 1)
		qsort(ld->errs, ld->nerrs, sizeof(*ld->errs), lerr_cmp);
	for (size_t i = 0; i < ld->nerrs; i++) {
		diag(DIAG_ERROR, ld->path, ld->errs[i].line, ld->errs[i].col,
		    "%s", ld->errs[i].msg);
		free(ld->errs[i].msg);
	}
	ld->nerrs = 0;
	return n;
}

static void
block_clear(struct loader *ld)
{
	for (size_t i = 0; i < ld->nents; i++)
		free(ld->ents[i].val);
	ld->nents = 0;
	ld->inblock = 0;
	ld->bbad = 0;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
id_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/*
 * A weight: digits with an optional fraction, in (0, 10].  Parsed by
 * hand so the locale's decimal point does not matter.
 */
static int
parse_weight(const char *s, double *out)
{
	double v = 0, scale = 1;
	int digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		v = v * 10 + (*s - '0');
		if (v > 1e6)
			return -1;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			scale /= 10;
			v += (*s - '0') * scale;
		}
	}
	if (*s != '\0' || digits == 0 || !(v > 0) || v > 10)
		return -1;
	*out = v;
	return 0;
}

static struct rule_pat *
pat_new(const struct entry *e)
{
	struct rule_pat *p = xcalloc(1, sizeof(*p));

	p->text = xstrdup(e->val);
	p->line = e->line;
	p->col = e->col;
	return p;
}

/* Compiles P; on error reports it at the offending character. */
static int
pat_compile(struct loader *ld, struct rule_pat *p, int ucp, const char *id,
    const char *what)
{
	struct rs_priv *pv = ld->rs->pcre;
	/* USE_OFFSET_LIMIT: the matcher's time budget searches a long
	 * field in windows of start positions. */
	uint32_t opts = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C |
	    PCRE2_USE_OFFSET_LIMIT;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	size_t len = strlen(p->text);
	int err;

	if (ucp)
		opts |= PCRE2_UCP;
	p->code = pcre2_compile((PCRE2_SPTR)p->text, len, opts, &err, &off,
	    pv->cctx);
	if (p->code == NULL) {
		if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", err);
		if (off > len)
			off = len;
		lerr_add(ld, p->line, p->col + utf8_chars(p->text, off),
		    "bad %s in rule '%s': %s", what, id, (char *)msg);
		return -1;
	}
	return 0;
}

void
ruleset_jit(const struct ruleset *rs)
{
	struct rs_priv *pv = rs->pcre;

	if (pv->jitted)
		return;
	/*
	 * JIT is best effort: when it is not available or fails (no
	 * executable memory), pcre2_match() runs the interpreter.
	 */
	for (size_t i = 0; !pv->no_jit && i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		for (size_t j = 0; j < r->npats; j++)
			(void)pcre2_jit_compile(r->pats[j]->code,
			    PCRE2_JIT_COMPLETE);
		for (size_t j = 0; j < r->nunless; j++)
			(void)pcre2_jit_compile(r->unless[j]->code,
			    PCRE2_JIT_COMPLETE);
	}
	pv->jitted = 1;
}

static const struct seen_id *
seen_find(const struct rs_priv *pv, const char *id)
{
	for (size_t i = 0; i < pv->nseen; i++)
		if (strcmp(pv->seen[i].id, id) == 0)
			return &pv->seen[i];
	return NULL;
}

static void
seen_add(struct rs_priv *pv, const char *id, const char *file,
    unsigned long line)
{
	pv->seen = xreallocarray(pv->seen, pv->nseen + 1, sizeof(*pv->seen));
	pv->seen[pv->nseen].id = xstrdup(id);
	pv->seen[pv->nseen].file = xstrdup(file);
	pv->seen[pv->nseen].line = line;
	pv->nseen++;
}

static void
push_str(char ***arr, unsigned long **lines, size_t *n, const struct entry *e)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
	*lines = xreallocarray(*lines, *n + 1, sizeof(**lines));
	(*arr)[*n] = xstrdup(e->val);
	(*lines)[*n] = e->line;
	(*n)++;
}

static void
push_pat(struct rule_pat ***arr, size_t *n, const struct entry *e)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
	(*arr)[(*n)++] = pat_new(e);
}

/*
 * The block is complete: check it as a whole, compile its patterns and
 * add it to the set when nothing was wrong.
 */
static void
block_finish(struct loader *ld)
{
	struct rs_priv *pv = ld->rs->pcre;
	struct rule *r;
	const struct entry *first[K_COUNT] = { NULL };
	const struct seen_id *dup;
	const char *id;
	size_t npatlines = 0;

	if (!ld->inblock)
		return;
	r = xcalloc(1, sizeof(*r));
	r->file = xstrdup(ld->path);
	r->line = ld->bline;
	r->weight = 0;

	for (size_t i = 0; i < ld->nents; i++) {
		const struct entry *e = &ld->ents[i];
		const char *v = e->val;

		switch (e->key) {
		case K_ID: case K_DIMENSION: case K_SIDE: case K_WEIGHT:
		case K_LANG: case K_SOURCE: case K_UCP:
			if (first[e->key] != NULL) {
				lerr_add(ld, e->line, e->col, "'%s' given twice "
				    "in one rule (first at line %lu): keep one",
				    key_names[e->key], first[e->key]->line);
				continue;
			}
			first[e->key] = e;
			break;
		default:
			break;
		}
		switch (e->key) {
		case K_ID:
			for (size_t j = 0; v[j] != '\0'; j++) {
				size_t n;

				if (id_char_ok((unsigned char)v[j]))
					continue;
				n = utf8_seq((const unsigned char *)v + j,
				    strlen(v + j));
				lerr_add(ld, e->line, e->col + utf8_chars(v, j),
				    "bad character '%.*s' in id '%s': use "
				    "letters, digits, '-', '_' and '.'",
				    (int)(n ? n : 1), v + j, v);
				break;
			}
			r->id = xstrdup(v);
			break;
		case K_DIMENSION:
			if (dim_parse(v, &r->dim))
				lerr_add(ld, e->line, e->col, "bad dimension "
				    "'%s': use scope, nature, cycle, metrics, "
				    "skills or title", v);
			break;
		case K_SIDE:
			if (side_parse(v, &r->side))
				lerr_add(ld, e->line, e->col, "bad side '%s': "
				    "use ops or pm", v);
			break;
		case K_WEIGHT:
			if (parse_weight(v, &r->weight))
				lerr_add(ld, e->line, e->col, "bad weight '%s': "
				    "use a number greater than 0 and at most "
				    "10", v);
			break;
		case K_LANG:
			if (strcmp(v, "zh") && strcmp(v, "en") &&
			    strcmp(v, "any"))
				lerr_add(ld, e->line, e->col, "bad lang '%s': "
				    "use zh, en or any", v);
			else
				r->lang = xstrdup(v);
			break;
		case K_UCP:
			if (!strcmp(v, "yes") || !strcmp(v, "true") ||
			    !strcmp(v, "1"))
				r->ucp = 1;
			else if (!strcmp(v, "no") || !strcmp(v, "false") ||
			    !strcmp(v, "0"))
				r->ucp = 0;
			else
				lerr_add(ld, e->line, e->col, "bad ucp '%s': "
				    "use yes or no", v);
			break;
		case K_PATTERN:
		case K_UNLESS:
			if (e->key == K_PATTERN)
				npatlines++;
			if (strlen(v) > RULE_PATTERN_MAX) {
				lerr_add(ld, e->line, e->col, "%s is %zu bytes "
				    "long, more than the %d allowed: split it "
				    "into several pattern lines",
				    key_names[e->key], strlen(v),
				    RULE_PATTERN_MAX);
				break;
			}
			if (e->key == K_PATTERN)
				push_pat(&r->pats, &r->npats, e);
			else
				push_pat(&r->unless, &r->nunless, e);
			break;
		case K_SOURCE:
			r->source = xstrdup(v);
			break;
		case K_EXAMPLE:
			push_str(&r->examples, &r->example_lines,
			    &r->nexamples, e);
			break;
		case K_COUNTER:
			push_str(&r->counters, &r->counter_lines,
			    &r->ncounters, e);
			break;
		case K_COUNT:
			break;
		}
	}

	id = r->id ? r->id : "?";
	if (first[K_ID] == NULL)
		lerr_add(ld, ld->bline, ld->bcol, "rule has no id: add "
		    "'id = NAME' (letters, digits, '-', '_', '.')");
	if (first[K_DIMENSION] == NULL)
		lerr_add(ld, ld->bline, ld->bcol, "rule '%s' has no dimension: "
		    "add 'dimension = ' scope, nature, cycle, metrics, skills "
		    "or title", id);
	if (first[K_SIDE] == NULL)
		lerr_add(ld, ld->bline, ld->bcol, "rule '%s' has no side: add "
		    "'side = ops' or 'side = pm'", id);
	if (first[K_WEIGHT] == NULL)
		lerr_add(ld, ld->bline, ld->bcol, "rule '%s' has no weight: add "
		    "'weight = ' a number greater than 0 and at most 10", id);
	if (npatlines == 0)
		lerr_add(ld, ld->bline, ld->bcol, "rule '%s' has no pattern: "
		    "add at least one 'pattern = ' line", id);
	if (r->lang == NULL)
		r->lang = xstrdup("any");

	if (r->id != NULL) {
		if ((dup = seen_find(pv, r->id)) != NULL)
			lerr_add(ld, first[K_ID]->line, first[K_ID]->col,
			    "duplicate rule id '%s', first defined at %s:%lu: "
			    "give this rule another id", r->id, dup->file,
			    dup->line);
		else
			seen_add(pv, r->id, ld->path, ld->bline);
	}

	for (size_t i = 0; i < r->npats; i++)
		pat_compile(ld, r->pats[i], r->ucp, id, "pattern");
	for (size_t i = 0; i < r->nunless; i++)
		pat_compile(ld, r->unless[i], r->ucp, id, "unless pattern");

	if (ld->bbad) {
		rule_free(r);
	} else {
		r->index = (unsigned)ld->rs->nrules;
		ld->rs->rules = xreallocarray(ld->rs->rules, ld->rs->nrules + 1,
		    sizeof(*ld->rs->rules));
		ld->rs->rules[ld->rs->nrules++] = r;
	}
	block_clear(ld);
}

static int
key_lookup(const char *s, size_t len, enum key *out)
{
	for (int k = 0; k < K_COUNT; k++)
		if (strlen(key_names[k]) == len &&
		    memcmp(key_names[k], s, len) == 0) {
			*out = (enum key)k;
			return 0;
		}
	return -1;
}

/* One line, without its line ending; LINE is modifiable. */
static void
parse_line(struct loader *ld, char *line, size_t len, unsigned long lno)
{
	size_t i = 0, ks, ke, vs, ve, eq, bad;
	struct entry *e;
	enum key k;

	if (memchr(line, '\0', len) != NULL) {
		size_t at = (size_t)((char *)memchr(line, '\0', len) - line);

		lerr_add(ld, lno, utf8_chars(line, at) + 1, "NUL byte in a "
		    "rules file: save it as UTF-8 text");
		return;
	}
	if ((bad = utf8_invalid_at(line, len)) != (size_t)-1) {
		lerr_add(ld, lno, utf8_chars(line, bad) + 1, "invalid UTF-8 "
		    "(byte 0x%02X): save the rules file as UTF-8",
		    (unsigned char)line[bad]);
		return;
	}
	while (i < len && is_blank(line[i]))
		i++;
	if (i == len || line[i] == '#' || line[i] == ';')
		return;
	if (line[i] == '[') {
		size_t end = len;

		while (end > i && is_blank(line[end - 1]))
			end--;
		if (end - i == 6 && memcmp(line + i, "[rule]", 6) == 0) {
			block_finish(ld);
			ld->inblock = 1;
			ld->bbad = 0;
			ld->bline = lno;
			ld->bcol = utf8_chars(line, i) + 1;
			return;
		}
		lerr_add(ld, lno, utf8_chars(line, i) + 1, "unknown section "
		    "'%.*s': a rules file holds only [rule] blocks",
		    (int)(end - i), line + i);
		return;
	}
	ks = i;
	{
		char *p = memchr(line + i, '=', len - i);

		if (p == NULL) {
			lerr_add(ld, lno, utf8_chars(line, i) + 1, "expected "
			    "'key = value' or '[rule]'");
			return;
		}
		eq = (size_t)(p - line);
	}
	ke = eq;
	while (ke > ks && is_blank(line[ke - 1]))
		ke--;
	vs = eq + 1;
	while (vs < len && is_blank(line[vs]))
		vs++;
	ve = len;
	while (ve > vs && is_blank(line[ve - 1]))
		ve--;
	if (ke == ks) {
		lerr_add(ld, lno, utf8_chars(line, eq) + 1, "no key before "
		    "'=': write 'key = value'");
		return;
	}
	if (key_lookup(line + ks, ke - ks, &k)) {
		lerr_add(ld, lno, utf8_chars(line, ks) + 1, "unknown key "
		    "'%.*s': use id, dimension, side, weight, lang, pattern, "
		    "unless, source, example, counter or ucp",
		    (int)(ke - ks), line + ks);
		return;
	}
	if (!ld->inblock) {
		lerr_add(ld, lno, utf8_chars(line, ks) + 1, "'%s' before the "
		    "first [rule]: start each rule with a [rule] line",
		    key_names[k]);
		return;
	}
	if (ve == vs) {
		lerr_add(ld, lno, utf8_chars(line, eq) + 2, "empty value for "
		    "'%s': give a value after '='", key_names[k]);
		return;
	}
	if (ld->nents == ld->capents) {
		ld->capents = ld->capents ? 2 * ld->capents : 16;
		ld->ents = xreallocarray(ld->ents, ld->capents,
		    sizeof(*ld->ents));
	}
	e = &ld->ents[ld->nents++];
	e->key = k;
	e->val = xmemdup0(line + vs, ve - vs);
	e->line = lno;
	e->col = utf8_chars(line, vs) + 1;
}

static int
load_file(struct loader *ld, const char *path)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lno = 0;
	struct stat st;

	ld->path = path;
	if ((fp = fopen(path, "r")) == NULL) {
		diag(DIAG_ERROR, path, 0, 0, "cannot open rules: %s",
		    strerror(errno));
		return 1;
	}
	if (fstat(fileno(fp), &st) != 0)
		memset(&st, 0, sizeof(st));
	else if (S_ISDIR(st.st_mode)) {
		fclose(fp);
		diag(DIAG_ERROR, path, 0, 0, "is a folder, not a rules file");
		return 1;
	}
	/* A file named twice (--rules dir --rules dir/x.rules, or by two
	 * spellings) is read once: twice, its ids would clash with
	 * themselves. */
	if (st.st_ino != 0) {
		struct rs_priv *pv = ld->rs->pcre;

		for (size_t i = 0; i < pv->nloaded; i++)
			if (pv->loaded[i].dev == st.st_dev &&
			    pv->loaded[i].ino == st.st_ino) {
				fclose(fp);
				return 0;
			}
		pv->loaded = xreallocarray(pv->loaded, pv->nloaded + 1,
		    sizeof(*pv->loaded));
		pv->loaded[pv->nloaded].dev = st.st_dev;
		pv->loaded[pv->nloaded++].ino = st.st_ino;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		size_t len = (size_t)n;
		char *p = line;

		lno++;
		if (len > 0 && p[len - 1] == '\n')
			len--;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (lno == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;		/* a BOM from Windows editors */
			len -= 3;
		}
		p[len] = '\0';
		parse_line(ld, p, len, lno);
	}
	if (ferror(fp)) {
		lerr_add(ld, lno + 1, 0, "read error: %s", strerror(errno));
	}
	free(line);
	fclose(fp);
	block_finish(ld);
	return lerr_flush(ld);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
has_rules_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 6 && name[0] != '.' && strcmp(name + n - 6, ".rules") == 0;
}

int
ruleset_load(struct ruleset *rs, const char *path)
{
	struct loader ld;
	struct stat st;
	int nerr = 0;

	memset(&ld, 0, sizeof(ld));
	ld.rs = rs;
	if (stat(path, &st) != 0) {
		diag(DIAG_ERROR, path, 0, 0, "cannot read rules: %s",
		    strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		char **names = NULL;
		size_t nnames = 0;

		if (d == NULL) {
			diag(DIAG_ERROR, path, 0, 0, "cannot read rules "
			    "folder: %s", strerror(errno));
			return 1;
		}
		while ((de = readdir(d)) != NULL) {
			if (!has_rules_suffix(de->d_name))
				continue;
			names = xreallocarray(names, nnames + 1,
			    sizeof(*names));
			xasprintf(&names[nnames++], "%s%s%s", path,
			    path[strlen(path) - 1] == '/' ? "" : "/",
			    de->d_name);
		}
		closedir(d);
		if (nnames > 1)
			qsort(names, nnames, sizeof(*names), name_cmp);
		if (nnames == 0) {
			diag(DIAG_ERROR, path, 0, 0, "no *.rules files in this "
			    "folder");
			nerr = 1;
		}
		for (size_t i = 0; i < nnames; i++) {
			nerr += load_file(&ld, names[i]);
			free(names[i]);
		}
		free(names);
	} else {
		nerr = load_file(&ld, path);
	}
	free(ld.errs);
	free(ld.ents);
	return nerr;
}

struct ruleset *
ruleset_load_all(const char *const *paths, size_t npaths,
    const char *const *disabled, size_t ndisabled, int *nerrors)
{
	struct ruleset *rs = ruleset_new();
	int nerr = 0;

	if (npaths == 0)
		nerr += ruleset_load(rs, ruleset_default_path());
	for (size_t i = 0; i < npaths; i++)
		nerr += ruleset_load(rs, paths[i]);
	for (size_t i = 0; i < ndisabled; i++)
		if (ruleset_disable(rs, disabled[i]) != 0) {
			/* A rule with errors is not in the set, but it exists. */
			if (seen_find(rs->pcre, disabled[i]) != NULL)
				continue;
			diag(DIAG_ERROR, NULL, 0, 0, "--disable %s: no rule has "
			    "this id (see 'roleaudit rules list')", disabled[i]);
			nerr++;
		}
	*nerrors = nerr;
	return rs;
}

/* ------------------------------------------------------------------ */
/* Lint.                                                                */

/*
 * A pattern whose first byte can be one of a few (a caseless word, a
 * short alternation) still lets PCRE2 skip ahead; past this many, or
 * with no start bitmap at all, it is tried at nearly every position.
 */
#define START_BYTES_MAX	32

static int
bitmap_count(const uint8_t *bitmap)
{
	int n = 0;

	if (bitmap == NULL)
		return 256;
	for (int i = 0; i < 32; i++)
		for (uint8_t b = bitmap[i]; b != 0; b &= (uint8_t)(b - 1))
			n++;
	return n;
}

static int
lint_pat(const struct rule *r, const struct rule_pat *p, int is_unless)
{
	const unsigned char *t = (const unsigned char *)p->text;
	size_t len = strlen(p->text);
	const char *what = is_unless ? "unless pattern" : "pattern";
	uint32_t type = 0, minlen = 1;
	const uint8_t *bitmap = NULL;
	int nwarn = 0;

	for (size_t i = 0; i < len; i++) {
		int a = fullwidth_at(t + i, len - i);

		if (a == 0)
			continue;
		diag(DIAG_WARNING, r->file, p->line, p->col +
		    utf8_chars(p->text, i), "rule '%s': full-width '%.3s' in "
		    "a %s never matches, because text is folded to ASCII "
		    "before matching: write '%c'%s", r->id, (const char *)t + i,
		    what, a, a == ' ' ? " (a space)" : "");
		nwarn++;
		break;		/* one is enough to make the point */
	}
	/* Traditional text is matched in Simplified characters (t2s.h):
	 * a Traditional character in a pattern only matches text that was
	 * not folded. */
	for (size_t i = 0; i + 2 < len; i++) {
		char sc[4];

		if (t[i] < 0xE3 || t[i] > 0xEF || !t2s_has(t2s_get3(t + i)))
			continue;
		t2s_put3(sc, t2s_lookup(t2s_get3(t + i)));
		sc[3] = '\0';
		diag(DIAG_WARNING, r->file, p->line, p->col +
		    utf8_chars(p->text, i), "rule '%s': Traditional '%.3s' in "
		    "a %s misses Traditional text, which is matched in "
		    "Simplified characters: write '%s'", r->id,
		    (const char *)t + i, what, sc);
		nwarn++;
		break;
	}
	pcre2_pattern_info(p->code, PCRE2_INFO_MINLENGTH, &minlen);
	if (minlen == 0) {
		diag(DIAG_WARNING, r->file, p->line, p->col, "rule '%s': %s can "
		    "match the empty string, so it hits every text: require at "
		    "least one character", r->id, what);
		nwarn++;
	}
	if (is_unless)
		return nwarn;
	pcre2_pattern_info(p->code, PCRE2_INFO_FIRSTCODETYPE, &type);
	pcre2_pattern_info(p->code, PCRE2_INFO_FIRSTBITMAP, &bitmap);
	if (type == 0 && bitmap_count(bitmap) > START_BYTES_MAX) {
		diag(DIAG_WARNING, r->file, p->line, p->col, "rule '%s': no "
		    "literal can start this pattern, so it is tried at every "
		    "position of every text: begin it with a word if you can",
		    r->id);
		nwarn++;
	}
	return nwarn;
}

int
ruleset_lint(const struct ruleset *rs)
{
	int nwarn = 0;

	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];

		if (r->source == NULL) {
			diag(DIAG_WARNING, r->file, r->line, 0, "rule '%s' has "
			    "no source: add 'source = ' with the article's "
			    "sentence it comes from", r->id);
			nwarn++;
		}
		if (r->nexamples == 0) {
			diag(DIAG_WARNING, r->file, r->line, 0, "rule '%s' has "
			    "no example: add 'example = ' with a text it must "
			    "match", r->id);
			nwarn++;
		}
		if (r->ncounters == 0) {
			diag(DIAG_WARNING, r->file, r->line, 0, "rule '%s' has "
			    "no counter: add 'counter = ' with a near miss it "
			    "must not match", r->id);
			nwarn++;
		}
		for (size_t j = 0; j < r->npats; j++)
			nwarn += lint_pat(r, r->pats[j], 0);
		for (size_t j = 0; j < r->nunless; j++)
			nwarn += lint_pat(r, r->unless[j], 1);
	}
	return nwarn;
}

/* ------------------------------------------------------------------ */

const char *
ruleset_default_path(void)
{
	static char exe[PATH_MAX], build[PATH_MAX];
	const char *env = getenv("ROLEAUDIT_RULES");
	ssize_t n;
	size_t blen;

	if (env != NULL && *env != '\0')
		return env;
	/*
	 * A program run from the build tree uses the source tree's rules,
	 * so `make check` and a developer's ./src/roleaudit never pick up
	 * an older installed copy.
	 */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0 && realpath(ABS_TOP_BUILDDIR, build) != NULL) {
		exe[n] = '\0';
		blen = strlen(build);
		if (strncmp(exe, build, blen) == 0 && exe[blen] == '/')
			return ABS_TOP_SRCDIR "/rules";
	}
	return PKGDATADIR "/rules";
}
