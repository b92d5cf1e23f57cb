/*
 * cmd_audit.c — `roleaudit audit`: load the rules, run the driver into
 * the chosen writer, write the output whole or not at all.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "diag.h"
#include "outfile.h"
#include "writer.h"

struct writer_sink {
	const struct writer_ops	*ops;
	void			*state;
};

static void
ws_role(void *ctx, const struct role *r)
{
	struct writer_sink *ws = ctx;

	ws->ops->role(ws->state, r);
}

static int
ws_end(void *ctx, const struct totals *t)
{
	struct writer_sink *ws = ctx;

	/* Machine formats carry no summary line: the accounting goes to
	 * stderr, so every row read is still accounted for. */
	if (ws->ops == &writer_csv || ws->ops == &writer_jsonl)
		for (size_t i = 0; i < t->nfiles; i++)
			diag(DIAG_NOTE, t->files[i].path, 0, 0, "%lu row%s read "
			    "= %lu classified + %lu rejected",
			    t->files[i].rows_read,
			    t->files[i].rows_read == 1 ? "" : "s", t->files[i].classified,
			    t->files[i].rejected);
	return ws->ops->end(ws->state, t);
}

/* Colour: --color always/never, else only on a terminal without NO_COLOR. */
static int
want_color(const struct options *opt, const char *output)
{
	const char *nc = getenv("NO_COLOR");

	if (opt->color >= 0)
		return opt->color;
	if (nc != NULL && *nc != '\0')
		return 0;
	if (output != NULL && strcmp(output, "-") != 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

int
cmd_audit(const struct options *opt)
{
	const struct writer_ops *ops;
	struct writer_opts wo;
	struct writer_sink ws;
	struct sink sink;
	struct ruleset *rs;
	struct outfile *of;
	int rc;

	if (opt->explain != NULL)
		ops = &writer_explain;
	else if ((ops = writer_find(opt->format ? opt->format : "text")) == NULL) {
		diag(DIAG_ERROR, NULL, 0, 0, "unknown audit format '%s' "
		    "(use %s)", opt->format, writer_list());
		return 2;
	}
	if (outfile_guard(opt->output, "--output", opt->files,
	    opt->nfiles) != 0)
		return 2;
	if ((rs = audit_load_rules(opt)) == NULL)
		return 2;
	if ((of = outfile_open(opt->output)) == NULL) {
		ruleset_free(rs);
		return 2;
	}
	memset(&wo, 0, sizeof(wo));
	wo.color = ops == &writer_text && want_color(opt, opt->output);
	wo.explain = opt->explain;
	wo.th = &opt->th;
	ws.ops = ops;
	if (opt->bom)
		fputs("\xEF\xBB\xBF", outfile_fp(of));
	ws.state = ops->begin(outfile_fp(of), rs, &wo);
	sink.ctx = &ws;
	sink.role = ws_role;
	sink.end = ws_end;
	rc = audit_run(opt, rs, &sink);
	if (outfile_close(of, rc == 0 ? 1 : OUTFILE_FAILED_RUN) != 0)
		rc = 2;
	ruleset_free(rs);
	return rc;
}
