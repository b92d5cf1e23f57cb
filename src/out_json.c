/*
 * out_json.c — audit as JSON Lines (jsonl) and as one JSON document
 * (json).  UTF-8, control characters escaped (jsonw.c).
 *
 * jsonl: one object per role, one per line:
 *   {"file": "x.csv", "line": 3, "id": "OP-01", "title": "...",
 *    "department": "...", "class": "operations" | "project-management" |
 *    "mixed" | "unclassified", "confidence": 0.88, "ops_score": 7,
 *    "pm_score": 0, "flags": ["title-mismatch"], "conflicts": ["scope"],
 *    "title_lean": "ops" | "pm" | null,
 *    "dimensions": {"scope": {"ops": 2, "pm": 0}, "nature": {...},
 *                   "cycle": {...}, "metrics": {...}, "skills": {...}},
 *    "evidence": [{"rule": "ID", "dimension": "scope", "side": "ops",
 *                  "weight": 2, "column": "岗位职责", "offset": 12,
 *                  "text": "matched text"}],
 *    "not_evaluated": [{"rule": "ID", "reason": "match limit"}]}
 *   Evidence holds one entry per rule that fired (its first hit);
 *   title rules have "dimension": "title" and "column" the title's.
 *   "offset" is in bytes from the start of the field.
 *
 * json: {"roles": [ the same objects ],
 *        "summary": {"roles": N, "classes": {"operations": N, ...},
 *                    "title_mismatch": N,
 *                    "files": [{"file": "x.csv", "rows_read": N,
 *                               "classified": N, "rejected": N}]}}
 * Keys listed here are stable; new keys may be added.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "strbuf.h"
#include "writer.h"
#include "xalloc.h"

struct json_state {
	FILE		*fp;
	struct strbuf	 sb;
	int		 doc;		/* json, not jsonl */
	unsigned long	 n;
	struct strbuf	 dimkey[DIM_COUNT]; /* "scope": {"ops":  and the
					   others, with their ", " */
};

/* A string literal, known to need no escaping, in one copy. */
#define LIT(sb, s)	strbuf_add((sb), (s), sizeof(s) - 1)

static void
role_object(struct strbuf *sb, const struct strbuf *dimkey,
    const struct role *r)
{
	strbuf_reset(sb);
	strbuf_addc(sb, '{');
	LIT(sb, "\"file\": ");
	jsonw_cstr(sb, r->path);
	LIT(sb, ", \"line\": ");
	strbuf_addu(sb, r->line);
	LIT(sb, ", \"id\": ");
	jsonw_cstr(sb, r->id);
	LIT(sb, ", \"title\": ");
	jsonw_cstr(sb, r->title);
	LIT(sb, ", \"department\": ");
	jsonw_cstr(sb, r->dept);
	LIT(sb, ", \"class\": ");
	jsonw_cstr(sb, class_name(r->v.cls));
	LIT(sb, ", \"confidence\": ");
	jsonw_num(sb, (double)(long)(r->v.confidence * 100 + 0.5) / 100);
	LIT(sb, ", \"ops_score\": ");
	jsonw_num(sb, r->v.sc.side[SIDE_OPS]);
	LIT(sb, ", \"pm_score\": ");
	jsonw_num(sb, r->v.sc.side[SIDE_PM]);
	LIT(sb, ", \"flags\": ");
	strbuf_addc(sb, '[');
	if (r->v.flags & FLAG_TITLE_MISMATCH)
		jsonw_cstr(sb, "title-mismatch");
	strbuf_addc(sb, ']');
	LIT(sb, ", \"conflicts\": ");
	strbuf_addc(sb, '[');
	for (int d = 0, k = 0; d < DIM_COUNT; d++)
		if (r->v.conflicts & (1u << d)) {
			if (k++)
				strbuf_adds(sb, ", ");
			jsonw_cstr(sb, dim_name((enum ra_dim)d));
		}
	strbuf_addc(sb, ']');
	LIT(sb, ", \"title_lean\": ");
	jsonw_cstr(sb, r->v.title_lean >= 0 ?
	    side_name((enum ra_side)r->v.title_lean) : NULL);
	LIT(sb, ", \"dimensions\": ");
	strbuf_addc(sb, '{');
	for (int d = 0; d < DIM_COUNT; d++) {
		strbuf_add(sb, dimkey[d].buf, dimkey[d].len);
		jsonw_num(sb, r->v.sc.dim[d][SIDE_OPS]);
		LIT(sb, ", \"pm\": ");
		jsonw_num(sb, r->v.sc.dim[d][SIDE_PM]);
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, '}');
	LIT(sb, ", \"evidence\": ");
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < r->nhits; i++) {
		const struct hit *h = &r->hits[i];
		int title = i >= r->ntext_hits;
		const char *txt = title ? r->title : r->text[h->field].ptr;

		if (i)
			strbuf_adds(sb, ", ");
		strbuf_addc(sb, '{');
		LIT(sb, "\"rule\": ");
		jsonw_cstr(sb, h->rule->id);
		LIT(sb, ", \"dimension\": ");
		jsonw_cstr(sb, dim_name(h->rule->dim));
		LIT(sb, ", \"side\": ");
		jsonw_cstr(sb, side_name(h->rule->side));
		LIT(sb, ", \"weight\": ");
		jsonw_num(sb, h->rule->weight);
		LIT(sb, ", \"column\": ");
		jsonw_cstr(sb, title ? "title" : r->text_names[h->field]);
		LIT(sb, ", \"offset\": ");
		strbuf_addu(sb, h->offset);
		LIT(sb, ", \"text\": ");
		jsonw_str(sb, txt + h->offset, h->len);
		strbuf_addc(sb, '}');
	}
	strbuf_addc(sb, ']');
	LIT(sb, ", \"not_evaluated\": ");
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < r->nmisses; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		strbuf_adds(sb, "{\"rule\": ");
		jsonw_cstr(sb, r->misses[i].rule->id);
		strbuf_adds(sb, ", \"reason\": ");
		jsonw_cstr(sb, r->misses[i].why);
		strbuf_addc(sb, '}');
	}
	strbuf_adds(sb, "]}");
}

static void *
json_begin_common(FILE *fp, int doc)
{
	struct json_state *st = xcalloc(1, sizeof(*st));

	st->fp = fp;
	st->doc = doc;
	for (int d = 0; d < DIM_COUNT; d++) {
		jsonw_key(&st->dimkey[d], dim_name((enum ra_dim)d), d == 0);
		LIT(&st->dimkey[d], "{\"ops\": ");
	}
	if (doc)
		fputs("{\"roles\": [", fp);
	return st;
}

static void *
jsonl_begin(FILE *fp, const struct ruleset *rs, const struct writer_opts *wo)
{
	(void)rs;
	(void)wo;
	return json_begin_common(fp, 0);
}

static void *
json_begin(FILE *fp, const struct ruleset *rs, const struct writer_opts *wo)
{
	(void)rs;
	(void)wo;
	return json_begin_common(fp, 1);
}

static void
json_role(void *vst, const struct role *r)
{
	struct json_state *st = vst;

	role_object(&st->sb, st->dimkey, r);
	if (st->doc)
		fputs(st->n ? ",\n  " : "\n  ", st->fp);
	fwrite(st->sb.buf, 1, st->sb.len, st->fp);
	if (!st->doc)
		fputc('\n', st->fp);
	st->n++;
}

static int
json_end(void *vst, const struct totals *t)
{
	struct json_state *st = vst;
	struct strbuf *sb = &st->sb;
	int rc;

	if (st->doc) {
		strbuf_reset(sb);
		strbuf_adds(sb, st->n ? "\n],\n\"summary\": {" : "],\n\"summary\": {");
		jsonw_key(sb, "roles", 1);
		strbuf_addf(sb, "%lu", t->classified);
		jsonw_key(sb, "classes", 0);
		strbuf_addc(sb, '{');
		for (int c = 0; c < CLASS_COUNT; c++) {
			jsonw_key(sb, class_name((enum ra_class)c), c == 0);
			strbuf_addf(sb, "%lu", t->by_class[c]);
		}
		strbuf_addc(sb, '}');
		jsonw_key(sb, "title_mismatch", 0);
		strbuf_addf(sb, "%lu", t->title_mismatch);
		jsonw_key(sb, "files", 0);
		strbuf_addc(sb, '[');
		for (size_t i = 0; i < t->nfiles; i++) {
			const struct file_totals *f = &t->files[i];

			strbuf_adds(sb, i ? ", {" : "{");
			jsonw_key(sb, "file", 1);
			jsonw_cstr(sb, f->path);
			jsonw_key(sb, "rows_read", 0);
			strbuf_addf(sb, "%lu", f->rows_read);
			jsonw_key(sb, "classified", 0);
			strbuf_addf(sb, "%lu", f->classified);
			jsonw_key(sb, "rejected", 0);
			strbuf_addf(sb, "%lu", f->rejected);
			strbuf_addc(sb, '}');
		}
		strbuf_adds(sb, "]}}\n");
		fwrite(sb->buf, 1, sb->len, st->fp);
	}
	rc = ferror(st->fp) ? -1 : 0;
	strbuf_free(sb);
	for (int d = 0; d < DIM_COUNT; d++)
		strbuf_free(&st->dimkey[d]);
	free(st);
	return rc;
}

const struct writer_ops writer_jsonl = {
	"jsonl", "one JSON object per role per line", jsonl_begin, json_role,
	json_end
};

const struct writer_ops writer_json = {
	"json", "one JSON document: roles and summary", json_begin, json_role,
	json_end
};
