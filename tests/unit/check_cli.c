/*
 * check_cli.c — the command line into struct options: the command word,
 * each option's value and its defaults, and every usage error: exit
 * status 2, one clear message on standard error naming the option and
 * the bad value, and the hint to --help.  --help and --version print to
 * standard output and end the run with status 0.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "suites.h"

/* Standard output or error redirected into a temporary file. */
struct capture {
	FILE	*stream;
	int	 fd, saved;
	FILE	*tmp;
};

static void
capture_begin(struct capture *c, FILE *stream)
{
	fflush(stream);
	c->stream = stream;
	c->fd = fileno(stream);
	c->saved = dup(c->fd);
	c->tmp = tmpfile();
	ck_assert_int_ge(c->saved, 0);
	ck_assert_ptr_nonnull(c->tmp);
	ck_assert_int_ge(dup2(fileno(c->tmp), c->fd), 0);
}

static char *
capture_end(struct capture *c)
{
	char *buf;
	long n;

	fflush(c->stream);
	dup2(c->saved, c->fd);
	close(c->saved);
	fseek(c->tmp, 0, SEEK_END);
	n = ftell(c->tmp);
	rewind(c->tmp);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, c->tmp), (size_t)n);
	buf[n] = '\0';
	fclose(c->tmp);
	return buf;
}

/*
 * Parses "roleaudit" and the NULL-terminated arguments into O; returns
 * cli_parse()'s status, with what went to standard error in *ERR and to
 * standard output in *OUT (free() both).  The argument vector stays
 * valid until the next call (O borrows from it).
 */
static int
parse(struct options *o, char **out, char **err, ...)
{
	static char *argv[128];
	struct capture ce, co;
	va_list ap;
	int argc = 0, rc;

	argv[argc++] = "roleaudit";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)) != NULL) {
		argc++;
		ck_assert_int_lt(argc, 128);
	}
	va_end(ap);
	capture_begin(&ce, stderr);
	capture_begin(&co, stdout);
	rc = cli_parse(o, argc, argv);
	*out = capture_end(&co);
	*err = capture_end(&ce);
	return rc;
}

/* Expects a usage error whose message is exactly MSG. */
static void
usage_error(const char *msg, ...)
{
	static char *argv[128];
	struct options o;
	struct capture ce;
	va_list ap;
	int argc = 0, rc;
	char want[512], *err;

	argv[argc++] = "roleaudit";
	va_start(ap, msg);
	while ((argv[argc] = va_arg(ap, char *)) != NULL) {
		argc++;
		ck_assert_int_lt(argc, 128);
	}
	va_end(ap);
	capture_begin(&ce, stderr);
	rc = cli_parse(&o, argc, argv);
	err = capture_end(&ce);
	snprintf(want, sizeof(want), "roleaudit: %s\nTry 'roleaudit --help' "
	    "for more information.\n", msg);
	ck_assert_msg(rc == 2, "status %d for: %s", rc, msg);
	ck_assert_str_eq(err, want);
	free(err);
}

START_TEST(test_commands)
{
	static const struct {
		const char	*word;
		enum ra_cmd	 cmd;
	} cmds[] = {
		{ "audit", CMD_AUDIT }, { "report", CMD_REPORT },
		{ "check", CMD_CHECK }, { "inspect", CMD_INSPECT },
	};
	struct options o;
	char *out, *err;

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		ck_assert_int_eq(parse(&o, &out, &err, cmds[i].word, "a.csv",
		    "b.csv", NULL), -1);
		ck_assert_int_eq(o.cmd, cmds[i].cmd);
		ck_assert_uint_eq(o.nfiles, 2);
		ck_assert_str_eq(o.files[0], "a.csv");
		ck_assert_str_eq(o.files[1], "b.csv");
		ck_assert_str_eq(err, "");
		ck_assert_str_eq(out, "");
		free(out);
		free(err);
	}
	/* rules takes a subcommand; lint's files are rule files */
	ck_assert_int_eq(parse(&o, &out, &err, "rules", "lint", "x.rules",
	    "y.rules", NULL), -1);
	ck_assert_int_eq(o.cmd, CMD_RULES);
	ck_assert_str_eq(o.subcmd, "lint");
	ck_assert_uint_eq(o.nrules_paths, 2);
	ck_assert_str_eq(o.rules_paths[1], "y.rules");
	free(out);
	free(err);
	/* check may take no file: the config lists them */
	ck_assert_int_eq(parse(&o, &out, &err, "check", NULL), -1);
	ck_assert_uint_eq(o.nfiles, 0);
	free(out);
	free(err);
}
END_TEST

START_TEST(test_defaults)
{
	struct options o;
	char *out, *err;

	ck_assert_int_eq(parse(&o, &out, &err, "audit", "a.csv", NULL), -1);
	ck_assert_ptr_null(o.format);
	ck_assert_ptr_null(o.output);
	ck_assert_int_eq(o.color, -1);
	ck_assert_uint_eq(o.jobs, 0);
	ck_assert_double_eq(o.max_mixed_share, -1);
	ck_assert_int_eq(o.max_annotations, -1);
	ck_assert_double_eq(o.th.min_evidence, 2);
	ck_assert_double_eq(o.th.mixed_min, 2);
	ck_assert_double_eq(o.th.mixed_ratio, 0.4);
	ck_assert_double_eq(o.th.mixed_duty, 1);
	ck_assert_double_eq(o.th.mismatch_min, 4);
	ck_assert_int_eq(o.csv.strict, 0);
	ck_assert_uint_eq(o.nrules_paths, 0);
	/* the arguments after the command are kept for the config pass */
	ck_assert_int_eq(o.argc, 2);
	ck_assert_str_eq(o.argv[0], "audit");
	free(out);
	free(err);
}
END_TEST

START_TEST(test_option_values)
{
	struct options o;
	char *out, *err;

	ck_assert_int_eq(parse(&o, &out, &err, "check", "-d", "tab", "-e",
	    "gb18030", "--id-col", "编号", "--title-col", "T", "--dept-col",
	    "D", "--text-col", "X", "--text-col", "Y", "--max-field", "100",
	    "--max-fields", "7", "--max-row", "1000", "--strict",
	    "--header-line", "4", "--fill-dept", "-r", "a",
	    "--rules=b", "--disable", "r1", "--min-evidence", "3.5",
	    "--mixed-min", "1", "--mixed-ratio", "0.5", "--mismatch-min", "2.5",
	    "--mixed-duty", "0",
	    "--match-limit", "99",
	    "--depth-limit", "55", "--rule-budget", "0", "-f", "sarif", "-o",
	    "out.sarif", "--colour", "never", "-j", "3", "-q", "--fail-on",
	    "mixed", "--max-mixed-share", "0.25", "--per-department",
	    "--baseline", "bl", "--write-baseline", "wb",
	    "--max-annotations", "0", "--config", "rc", "--no-config",
	    "in.csv", NULL), -1);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(o.csv.delimiter, '\t');
	ck_assert_str_eq(o.csv.encoding, "gb18030");
	ck_assert_str_eq(o.cols.id_col, "编号");
	ck_assert_str_eq(o.cols.title_col, "T");
	ck_assert_str_eq(o.cols.dept_col, "D");
	ck_assert_uint_eq(o.cols.ntext_cols, 2);
	ck_assert_str_eq(o.cols.text_cols[1], "Y");
	ck_assert_uint_eq(o.csv.max_field, 100);
	ck_assert_uint_eq(o.csv.max_fields, 7);
	ck_assert_uint_eq(o.csv.max_row, 1000);
	ck_assert_int_eq(o.csv.strict, 1);
	ck_assert_uint_eq(o.csv.header_line, 4);
	ck_assert_int_eq(o.cols.fill_dept, 1);
	ck_assert_uint_eq(o.nrules_paths, 2);
	ck_assert_str_eq(o.rules_paths[0], "a");
	ck_assert_str_eq(o.rules_paths[1], "b");
	ck_assert_uint_eq(o.ndisabled, 1);
	ck_assert_double_eq(o.th.min_evidence, 3.5);
	ck_assert_double_eq(o.th.mixed_min, 1);
	ck_assert_double_eq(o.th.mixed_ratio, 0.5);
	ck_assert_double_eq(o.th.mismatch_min, 2.5);
	ck_assert_double_eq(o.th.mixed_duty, 0);
	ck_assert_uint_eq(o.limits.match_limit, 99);
	ck_assert_uint_eq(o.limits.depth_limit, 55);
	ck_assert_int_eq(o.limits.budget_ms, -1);	/* 0 = no budget */
	ck_assert_str_eq(o.format, "sarif");
	ck_assert_str_eq(o.output, "out.sarif");
	ck_assert_int_eq(o.color, 0);
	ck_assert_uint_eq(o.jobs, 3);
	ck_assert_int_eq(o.quiet, 1);
	ck_assert_str_eq(o.fail_on, "mixed");
	ck_assert_double_eq(o.max_mixed_share, 0.25);
	ck_assert_int_eq(o.per_department, 1);
	ck_assert_str_eq(o.baseline, "bl");
	ck_assert_str_eq(o.write_baseline, "wb");
	ck_assert_int_eq(o.max_annotations, 0);
	ck_assert_str_eq(o.config, "rc");
	ck_assert_int_eq(o.no_config, 1);
	ck_assert_uint_eq(o.nfiles, 1);
	ck_assert_str_eq(o.files[0], "in.csv");
	free(out);
	free(err);
	/* a percent, as the config file takes it */
	ck_assert_int_eq(parse(&o, &out, &err, "check", "--max-mixed-share",
	    "25%", "in.csv", NULL), -1);
	ck_assert_double_eq(o.max_mixed_share, 0.25);
	free(out);
	free(err);
	/* options after the files are read too */
	ck_assert_int_eq(parse(&o, &out, &err, "report", "a.csv", "--merge",
	    "-fhtml", "-q", "b.json", NULL), -1);
	ck_assert_int_eq(o.merge, 1);
	ck_assert_str_eq(o.format, "html");
	ck_assert_uint_eq(o.nfiles, 2);
	ck_assert_int_eq(o.bom, 0);
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "report", "a.csv",
	    "--rule-budget", "250", "b.csv", NULL), -1);
	ck_assert_int_eq(o.limits.budget_ms, 250);
	free(out);
	free(err);
	/* --merge reads parts classified already: an input, rule or
	 * threshold option, before or after it, would change nothing */
	ck_assert_int_eq(parse(&o, &out, &err, "report", "--mixed-ratio",
	    "0.2", "--merge", "a.json", NULL), 2);
	ck_assert_str_eq(err, "roleaudit: --mixed-ratio is not read by report "
	    "--merge: the parts were classified when they were written (give "
	    "it to the runs that write them)\nTry 'roleaudit --help' for more "
	    "information.\n");
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "report", "--merge", "a.json",
	    "-d", ";", NULL), 2);
	ck_assert_ptr_nonnull(strstr(err, "--delimiter is not read by report "
	    "--merge"));
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "audit", "--bom", "a.csv",
	    "-f", "csv", NULL), -1);
	ck_assert_int_eq(o.bom, 1);
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "report", "-fcsv", "--bom",
	    "a.csv", NULL), -1);
	ck_assert_int_eq(o.bom, 1);
	free(out);
	free(err);
}
END_TEST

START_TEST(test_delimiter_forms)
{
	int d;

	ck_assert_int_eq(cli_parse_delimiter(";", &d), 0);
	ck_assert_int_eq(d, ';');
	ck_assert_int_eq(cli_parse_delimiter("\\t", &d), 0);
	ck_assert_int_eq(d, '\t');
	ck_assert_int_eq(cli_parse_delimiter("TAB", &d), 0);
	ck_assert_int_eq(d, '\t');
	ck_assert_int_eq(cli_parse_delimiter("\t", &d), 0);
	ck_assert_int_eq(cli_parse_delimiter("", &d), -1);
	ck_assert_int_eq(cli_parse_delimiter(",,", &d), -1);
	ck_assert_int_eq(cli_parse_delimiter("\"", &d), -1);
	ck_assert_int_eq(cli_parse_delimiter("\n", &d), -1);
	ck_assert_int_eq(cli_parse_delimiter("，", &d), -1);	/* not ASCII */
}
END_TEST

START_TEST(test_header_line_forms)
{
	unsigned long n = 7;

	ck_assert_int_eq(cli_parse_header_line("1", &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(cli_parse_header_line("1000000", &n), 0);
	ck_assert_uint_eq(n, 1000000);
	ck_assert_int_eq(cli_parse_header_line("0", &n), -1);
	ck_assert_int_eq(cli_parse_header_line("1000001", &n), -1);
	ck_assert_int_eq(cli_parse_header_line("-2", &n), -1);
	ck_assert_int_eq(cli_parse_header_line(" 2", &n), -1);
	ck_assert_int_eq(cli_parse_header_line("2x", &n), -1);
	ck_assert_int_eq(cli_parse_header_line("", &n), -1);
	ck_assert_int_eq(cli_parse_header_line("99999999999999999999999", &n),
	    -1);
	ck_assert_uint_eq(n, 1000000);	/* untouched by a bad value */
}
END_TEST

START_TEST(test_help_and_version)
{
	struct options o;
	char *out, *err;

	ck_assert_int_eq(parse(&o, &out, &err, "--help", NULL), 0);
	ck_assert_ptr_eq(strstr(out, "usage: roleaudit COMMAND"), out);
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "audit", "-h", "a.csv", NULL), 0);
	ck_assert_ptr_eq(strstr(out, "usage: roleaudit audit [OPTIONS] FILE..."),
	    out);
	/* a command's help: its options, not another command's */
	ck_assert_ptr_nonnull(strstr(out, "--explain ID"));
	ck_assert_ptr_null(strstr(out, "--fail-on"));
	ck_assert_ptr_null(strstr(out, "--merge"));
	ck_assert_ptr_null(strstr(out, "Commands:"));
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "check", "--help", NULL), 0);
	ck_assert_ptr_eq(strstr(out, "usage: roleaudit check"), out);
	ck_assert_ptr_nonnull(strstr(out, "--fail-on KINDS"));
	ck_assert_ptr_nonnull(strstr(out, "--output FILE"));
	ck_assert_ptr_null(strstr(out, "--explain"));
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "inspect", "--help", NULL), 0);
	ck_assert_ptr_null(strstr(out, "--output"));
	ck_assert_ptr_null(strstr(out, "--rules PATH"));
	ck_assert_ptr_nonnull(strstr(out, "--encoding ENC"));
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "-V", NULL), 0);
	ck_assert_str_eq(out, "roleaudit " PACKAGE_VERSION "\n");
	free(out);
	free(err);
	ck_assert_int_eq(parse(&o, &out, &err, "report", "--version", NULL), 0);
	ck_assert_str_eq(out, "roleaudit " PACKAGE_VERSION "\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(test_command_errors)
{
	usage_error("no command given", NULL);
	usage_error("unknown option '--bogus=1'", "audit", "--bogus=1", "x.csv",
	    NULL);
	usage_error("unknown command 'audt'", "audt", NULL);
	usage_error("a command must come first, not '-q'", "-q", "audit", NULL);
	usage_error("rules needs list, test or lint", "rules", NULL);
	usage_error("unknown rules command 'run': use list, test or lint",
	    "rules", "run", NULL);
	usage_error("--merge belongs to the report command", "audit",
	    "--merge", "a.csv", NULL);
	/* A byte-order mark only for the CSV formats. */
	usage_error("--bom goes with audit or report --format csv", "audit",
	    "--bom", "a.csv", NULL);
	usage_error("--bom goes with audit or report --format csv", "report",
	    "-f", "html", "--bom", "a.csv", NULL);
	usage_error("--bom goes with audit or report --format csv", "check",
	    "-f", "csv", "--bom", "a.csv", NULL);
	usage_error("--bom goes with audit or report --format csv", "audit",
	    "-f", "csv", "--explain", "X", "--bom", "a.csv", NULL);
	/* An option another command reads would do nothing here. */
	usage_error("--fail-on belongs to check", "audit", "--fail-on",
	    "mixed", "a.csv", NULL);
	usage_error("--write-baseline belongs to check", "report",
	    "--write-baseline", "b", "a.csv", NULL);
	usage_error("--explain belongs to audit", "check", "--explain", "X",
	    "a.csv", NULL);
	usage_error("--records belongs to inspect", "audit", "--records",
	    "a.csv", NULL);
	usage_error("--output belongs to audit, report and check (inspect and "
	    "rules write to standard output: redirect it)", "inspect", "-o",
	    "x.txt", "a.csv", NULL);
	usage_error("--format belongs to audit, report, check and rules list "
	    "(inspect has one format; --records gives JSON)", "inspect",
	    "--format=json", "a.csv", NULL);
	usage_error("--format belongs to rules list, not rules test", "rules",
	    "test", "-f", "json", NULL);
}
END_TEST

START_TEST(test_unknown_and_missing)
{
	usage_error("unknown option '--bogus'", "audit", "--bogus", NULL);
	usage_error("unknown option '-z'", "audit", "-z", NULL);
	/* inside a cluster, the option itself is named */
	usage_error("unknown option '-z'", "audit", "-zq", NULL);
	usage_error("unknown option '-z'", "audit", "-qz", NULL);
	usage_error("unknown option '-z'", "audit", "--strict", "-qz", NULL);
	usage_error("option '--strict' takes no value", "audit", "--strict=1",
	    NULL);
	usage_error("option '--rules' needs a value", "audit", "--rules", NULL);
	usage_error("option '-d' needs a value", "audit", "-d", NULL);
	usage_error("option '-j' needs a value", "audit", "-qj", NULL);
}
END_TEST

START_TEST(test_bad_values)
{
	usage_error("bad delimiter '::': use one character such as , ; | or "
	    "\\t", "audit", "-d", "::", NULL);
	usage_error("bad --max-field '0': give a number of bytes from 1 to "
	    "1073741824", "audit", "--max-field", "0", NULL);
	usage_error("bad --max-field '1073741825': give a number of bytes from "
	    "1 to 1073741824", "audit", "--max-field", "1073741825", NULL);
	usage_error("bad --max-fields '-3': give a number from 1 to 1000000",
	    "audit", "--max-fields", "-3", NULL);
	usage_error("bad --max-row '12k': give a number of bytes from 1 to "
	    "1073741824", "audit", "--max-row", "12k", NULL);
	usage_error("bad --min-evidence '-1'", "audit", "--min-evidence", "-1",
	    NULL);
	usage_error("bad --mixed-min ''", "audit", "--mixed-min", "", NULL);
	usage_error("bad --mismatch-min 'x'", "audit", "--mismatch-min", "x",
	    NULL);
	usage_error("bad --mixed-duty '-2'", "audit", "--mixed-duty", "-2",
	    NULL);
	usage_error("bad --mixed-ratio '1.5': give a number from 0 to 1",
	    "audit", "--mixed-ratio", "1.5", NULL);
	usage_error("bad --match-limit '4294967296'", "audit", "--match-limit",
	    "4294967296", NULL);
	usage_error("bad --depth-limit 'x'", "audit", "--depth-limit", "x",
	    NULL);
	usage_error("bad --rule-budget '-5': give milliseconds, 0 for none",
	    "audit", "--rule-budget", "-5", NULL);
	usage_error("bad --color 'yes': use auto, always or never", "audit",
	    "--color", "yes", NULL);
	usage_error("bad --max-mixed-share '2': give a fraction from 0 to 1, "
	    "or a percent such as 25%", "check", "--max-mixed-share", "2",
	    NULL);
	usage_error("bad --max-mixed-share '250%': give a fraction from 0 to "
	    "1, or a percent such as 25%", "check", "--max-mixed-share", "250%",
	    NULL);
	usage_error("bad --max-annotations '10001': give 0 to 10000", "check",
	    "--max-annotations", "10001", NULL);
	usage_error("bad --jobs '0': give 1 to 256", "audit", "-j", "0", NULL);
	usage_error("bad --jobs '257': give 1 to 256", "audit", "--jobs=257",
	    NULL);
}
END_TEST

START_TEST(test_nan_and_inf_are_bad_numbers)
{
	/* nan compares false with every limit: it would turn the limit
	 * off without a word */
	usage_error("bad --max-mixed-share 'nan': give a fraction from 0 to 1, "
	    "or a percent such as 25%", "check", "--max-mixed-share", "nan",
	    NULL);
	usage_error("bad --mixed-ratio 'NAN': give a number from 0 to 1",
	    "audit", "--mixed-ratio", "NAN", NULL);
	usage_error("bad --min-evidence 'inf'", "audit", "--min-evidence",
	    "inf", NULL);
	usage_error("bad --mixed-min '1e999'", "audit", "--mixed-min", "1e999",
	    NULL);
}
END_TEST

START_TEST(test_too_many_list_options)
{
	static char *argv[OPT_MAX_LIST * 2 + 8];
	struct options o;
	struct capture ce;
	char *err;
	int argc = 0, rc;

	argv[argc++] = "roleaudit";
	argv[argc++] = "audit";
	for (int i = 0; i <= OPT_MAX_LIST; i++) {
		argv[argc++] = "--disable";
		argv[argc++] = "r";
	}
	argv[argc] = NULL;
	capture_begin(&ce, stderr);
	rc = cli_parse(&o, argc, argv);
	err = capture_end(&ce);
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_eq(strstr(err, "roleaudit: too many --disable options\n"),
	    err);
	free(err);
}
END_TEST

START_TEST(test_check_inputs)
{
	char *a[] = { "a.csv", "b.csv", "a.csv" };
	char *b[] = { "-", "x.csv", "-" };
	struct options o;
	struct capture ce;
	char *err;

	cli_defaults(&o);
	o.files = a;
	o.nfiles = 3;
	ck_assert_int_eq(cli_check_inputs(&o), 0);
	o.files = b;
	capture_begin(&ce, stderr);
	diag_set_stream(NULL);
	ck_assert_int_eq(cli_check_inputs(&o), -1);
	err = capture_end(&ce);
	ck_assert_ptr_nonnull(strstr(err, "standard input (-) given twice"));
	free(err);
	o.nfiles = 2;
	ck_assert_int_eq(cli_check_inputs(&o), 0);
}
END_TEST

START_TEST(test_reparse_applies_the_command_line_again)
{
	struct options o;
	char *out, *err;

	ck_assert_int_eq(parse(&o, &out, &err, "check", "-f", "junit",
	    "--max-mixed-share", "0.3", "a.csv", NULL), -1);
	free(out);
	free(err);
	/* as if a config file had set other values: the command line wins */
	o.format = "text";
	o.max_mixed_share = 0.9;
	o.per_department = 1;
	ck_assert_int_eq(cli_reparse(&o), -1);
	ck_assert_str_eq(o.format, "junit");
	ck_assert_double_eq(o.max_mixed_share, 0.3);
	ck_assert_int_eq(o.per_department, 1);
	ck_assert_uint_eq(o.nfiles, 1);
	ck_assert_str_eq(o.files[0], "a.csv");
}
END_TEST

/* The --no- forms turn off what a config file turned on. */
START_TEST(test_no_forms_override_the_config)
{
	struct options o;
	char *out, *err;

	ck_assert_int_eq(parse(&o, &out, &err, "check", "--no-fill-dept",
	    "--no-per-department", "--no-baseline", "--no-strict", "a.csv",
	    NULL), -1);
	free(out);
	free(err);
	/* as if .roleaudit had said fill-department = yes, per-department
	 * = yes, baseline = bl and strict = yes */
	o.cols.fill_dept = 1;
	o.per_department = 1;
	o.baseline = "bl";
	o.csv.strict = 1;
	ck_assert_int_eq(cli_reparse(&o), -1);
	ck_assert_int_eq(o.csv.strict, 0);
	ck_assert_int_eq(o.cols.fill_dept, 0);
	ck_assert_int_eq(o.per_department, 0);
	ck_assert_ptr_null(o.baseline);
	/* the last of a pair wins, as with every option */
	ck_assert_int_eq(parse(&o, &out, &err, "check", "--no-fill-dept",
	    "--fill-dept", "--baseline", "x", "--no-baseline",
	    "--no-per-department", "--per-department", "a.csv", NULL), -1);
	free(out);
	free(err);
	ck_assert_int_eq(o.cols.fill_dept, 1);
	ck_assert_int_eq(o.per_department, 1);
	ck_assert_ptr_null(o.baseline);
}
END_TEST

/* An option that took the CSV file meant as input as its value. */
START_TEST(test_swallowed_input)
{
	struct options o;
	char *out, *err, dir[256], path[300], other[300];
	const char *name = NULL;
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/ra-cli.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/roles.csv", dir);
	snprintf(other, sizeof(other), "%s/report.json", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fclose(fp);
	ck_assert_ptr_nonnull(fp = fopen(other, "w"));
	fclose(fp);
#define SWALLOWED(want_opt, ...) do { \
	ck_assert_int_eq(parse(&o, &out, &err, __VA_ARGS__, NULL), -1); \
	free(out); free(err); name = NULL; \
	if ((want_opt) == NULL) \
		ck_assert_ptr_null(cli_swallowed_input(&o, &name)); \
	else { \
		ck_assert_str_eq(cli_swallowed_input(&o, &name), path); \
		ck_assert_str_eq(name, (want_opt)); \
	} } while (0)
	SWALLOWED("--rules", "audit", "--rules", path);
	SWALLOWED("-r", "audit", "-qr", path);
	SWALLOWED("--baseline", "check", "--baseline", path);
	SWALLOWED("--text-col", "report", "-q", "--text-col", path);
	/* outputs, a value in the same word, a file not named like CSV,
	 * an operand: nothing */
	SWALLOWED(NULL, "audit", "-o", path);
	SWALLOWED(NULL, "check", "--write-baseline", path);
	SWALLOWED(NULL, "audit", "-rq", path);
	SWALLOWED(NULL, "audit", "--rules=x", path);
	SWALLOWED(NULL, "check", "--baseline", other);
	SWALLOWED(NULL, "audit", "-q", path);
#undef SWALLOWED
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(unlink(other), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_commands);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_option_values);
	tcase_add_test(tc, test_header_line_forms);
	tcase_add_test(tc, test_delimiter_forms);
	tcase_add_test(tc, test_help_and_version);
	tcase_add_test(tc, test_command_errors);
	tcase_add_test(tc, test_unknown_and_missing);
	tcase_add_test(tc, test_bad_values);
	tcase_add_test(tc, test_nan_and_inf_are_bad_numbers);
	tcase_add_test(tc, test_too_many_list_options);
	tcase_add_test(tc, test_check_inputs);
	tcase_add_test(tc, test_reparse_applies_the_command_line_again);
	tcase_add_test(tc, test_no_forms_override_the_config);
	tcase_add_test(tc, test_swallowed_input);
	suite_add_tcase(s, tc);
	return s;
}
