/*
 * cmd_report.c — `roleaudit report`: run the audit into the department
 * summary (report.c), or with --merge read the JSON reports of shards
 * instead of CSV, then write the summary in the chosen format, whole or
 * not at all (outfile.c).
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "diag.h"
#include "outfile.h"
#include "report.h"

/*
 * Merges every part; returns 2 when one could not be read (all are
 * tried, so one run names every bad part).  *INCOMPLETE
 * is set when a part says one of its files was not read to the end: a
 * single run over that file would have failed too, so the merge writes
 * the report and fails the same way.
 */
static int
merge_parts(const struct options *opt, struct report *rep, int *incomplete)
{
	int rc = 0;

	*incomplete = 0;
	for (size_t i = 0; i < opt->nfiles; i++) {
		size_t n0 = rep->nfiles;

		if (report_merge_json(rep, opt->files[i]) != 0) {
			rc = 2;
			continue;
		}
		for (size_t k = n0; k < rep->nfiles; k++)
			if (rep->files[k].failed) {
				diag(DIAG_ERROR, opt->files[i], 0, 0, "the run "
				    "that wrote this part did not read %s to "
				    "the end: its errors are in that run's "
				    "output, and the merged report is "
				    "incomplete", rep->files[k].path);
				*incomplete = 1;
			}
	}
	return rc;
}

int
cmd_report(const struct options *opt)
{
	const struct report_format *fmt;
	struct report *rep;
	struct outfile *of;
	int rc, incomplete = 0;

	if ((fmt = report_format_find(opt->format ? opt->format : "text")) ==
	    NULL) {
		diag(DIAG_ERROR, NULL, 0, 0, "unknown report format '%s' "
		    "(use %s)", opt->format, report_format_list());
		return 2;
	}
	if (outfile_guard(opt->output, "--output", opt->files,
	    opt->nfiles) != 0)
		return 2;
	rep = report_new();
	if (opt->merge)
		rc = merge_parts(opt, rep, &incomplete);
	else {
		struct ruleset *rs = audit_load_rules(opt);
		struct sink sink;

		if (rs == NULL) {
			report_free(rep);
			return 2;
		}
		report_set_thresholds(rep, &opt->th);
		report_set_rules(rep, rs);
		sink = report_sink(rep);
		rc = audit_run(opt, rs, &sink);
		ruleset_free(rs);
	}
	/* CSV has no room for the accounting: say it on stderr, so every
	 * row read is still accounted for. */
	if (fmt == &rep_csv)
		for (size_t i = 0; i < rep->nfiles; i++)
			diag(DIAG_NOTE, rep->files[i].path, 0, 0, "%lu row%s read "
			    "= %lu classified + %lu rejected",
			    rep->files[i].rows_read,
			    rep->files[i].rows_read == 1 ? "" : "s", rep->files[i].classified,
			    rep->files[i].rejected);
	if (rc != 0 && opt->merge) {
		/* A merged report missing a part would look complete. */
		diag(DIAG_ERROR, NULL, 0, 0, "no report written: fix the "
		    "parts named above");
		report_free(rep);
		return rc;
	}
	if (incomplete)
		rc = 2;
	report_finish(rep);
	if ((of = outfile_open(opt->output)) == NULL) {
		report_free(rep);
		return 2;
	}
	if (opt->bom)
		fputs("\xEF\xBB\xBF", outfile_fp(of));
	if (fmt->write(outfile_fp(of), rep) != 0 && rc == 0)
		rc = 2;
	if (outfile_close(of, rc == 0 ? 1 : OUTFILE_FAILED_RUN) != 0)
		rc = 2;
	report_free(rep);
	return rc;
}
