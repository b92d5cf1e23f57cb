/*
 * cli.c — the command line: the command word, then getopt_long over the
 * options every command shares.  Usage goes to stdout with status 0 for
 * --help and to stderr with status 2 on misuse.  Neighbours: main.c
 * calls cli_parse(); cmd_*.c read struct options.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "diag.h"

/*
 * The help, in pieces each marked with the commands it concerns:
 * 'roleaudit --help' prints them all, 'roleaudit COMMAND --help' the
 * usage of COMMAND and the pieces that concern it.
 */
#define H(c)	(1u << (c))
#define H_ALL	(H(CMD_NONE) | H(CMD_AUDIT) | H(CMD_REPORT) | H(CMD_CHECK) | \
		 H(CMD_RULES) | H(CMD_INSPECT))
#define H_READ	(H(CMD_NONE) | H(CMD_AUDIT) | H(CMD_REPORT) | H(CMD_CHECK) | \
		 H(CMD_INSPECT))
#define H_RULES	(H(CMD_NONE) | H(CMD_AUDIT) | H(CMD_REPORT) | H(CMD_CHECK) | \
		 H(CMD_RULES))
#define H_OUT	(H(CMD_NONE) | H(CMD_AUDIT) | H(CMD_REPORT) | H(CMD_CHECK))

static const struct help_piece {
	unsigned	 cmds;
	const char	*text;
} help[] = {
	{ H(CMD_NONE),
"usage: roleaudit COMMAND [OPTIONS] [FILE...]\n"
"\n"
"Audits job descriptions: classifies each role in a CSV export as\n"
"operations-like or project-management-like and flags roles that mix both.\n"
"\n"
"Commands:\n"
"  audit FILE...          one verdict per role\n"
"  report FILE...         one summary per department: roles by class, mixed\n"
"                         share, conflicting dimensions, top rules, roles to\n"
"                         review (--merge PART.json...: combine shard reports)\n"
"  check [FILE...]        audit, then apply a policy, for CI (exit 1 on a\n"
"                         breach); no FILE: the files .roleaudit lists\n"
"  rules list|test|lint   show, self-test or check the rules\n"
"  inspect FILE...        what the reader detected: encoding, delimiter,\n"
"                         columns, row counts (--records: every record as JSON)\n"
"\n" },
	{ H_READ,
"Input options:\n"
"  -d, --delimiter C      field delimiter: , ; | or \\t (default: detected)\n"
"  -e, --encoding ENC     utf-8, utf-16le, utf-16be, utf-32le, utf-32be,\n"
"                         gb18030 (gbk, cp936, gb2312), windows-1252\n"
"                         (latin1), big5 (cp950) (default: detected)\n"
"      --id-col NAME      column holding the role id\n"
"      --title-col NAME   column holding the title\n"
"      --dept-col NAME    column holding the department\n"
"      --text-col NAME    a column holding the role's text (repeatable)\n"
"      --fill-dept        an empty department is the one above it (merged\n"
"                         cells in a sheet; --no-fill-dept: left empty)\n"
"      --header-line N    the header is on line N; the lines above it (a\n"
"                         sheet's title) are skipped (default 1)\n"
"      --max-field BYTES  longest field accepted (default 1048576)\n"
"      --max-fields N     most fields in a row (default 10000)\n"
"      --max-row BYTES    longest row accepted (default 8388608)\n"
"      --strict           the first malformed row is fatal (exit 2;\n"
"                         --no-strict: it is rejected and the run goes on)\n"
"\n" },
	{ H_RULES,
"Rule options:\n"
"  -r, --rules PATH       rules file or folder (repeatable; replaces the defaults)\n"
"      --disable ID       drop rule ID (repeatable)\n"
"      --min-evidence N   total weight below which a role is unclassified (default 2)\n"
"      --mixed-min N      weight the weaker side needs for mixed (default 2)\n"
"      --mixed-ratio R    weaker/stronger share needed for mixed (default 0.4)\n"
"      --mixed-duty N     weight the weaker side needs in scope, nature and\n"
"                         cycle (its duties) for mixed (default 1)\n"
"      --mismatch-min N   weight the duties need to flag title-mismatch (default 4)\n"
"      --match-limit N    PCRE2 match limit per rule and role (default 1000000)\n"
"      --depth-limit N    PCRE2 depth limit (default 10000)\n"
"      --rule-budget MS   time a rule may use per file, plus 50 ms a MB of\n"
"                         text, before it is skipped for the rest of the file\n"
"                         (default 2000; 0 = none)\n"
"  -j, --jobs N           matching threads (default: the number of cores)\n"
"\n" },
	{ H(CMD_NONE) | H(CMD_CHECK),
"Check options (also [policy] in .roleaudit; see roleaudit(1)):\n"
"      --fail-on KINDS    finding kinds that fail: mixed, title-mismatch,\n"
"                         unclassified, not-evaluated (default\n"
"                         mixed,title-mismatch)\n"
"      --max-mixed-share F  fail when more than F (0-1, or 25%) of the roles are\n"
"                         mixed\n"
"      --per-department   apply --max-mixed-share to each department\n"
"                         (--no-per-department: to the whole input)\n"
"      --baseline FILE    accept the findings FILE lists; fail on new ones\n"
"                         (--no-baseline: ignore the config's baseline)\n"
"      --write-baseline FILE  record the current findings in FILE\n"
"      --max-annotations N  github: annotate the N worst findings (default 10)\n"
"\n" },
	{ H_ALL,
"Configuration (every command):\n"
"      --config FILE      read FILE instead of the nearest .roleaudit\n"
"      --no-config        read no .roleaudit\n"
"\n" },
	{ H_ALL,
"Output options:\n" },
	{ H_OUT | H(CMD_RULES),
"  -f, --format FMT       audit: text, csv, jsonl, json (default text)\n"
"                         report: text, markdown, csv, json, html (default text)\n"
"                         check: text, github, sarif, junit (default text)\n"
"                         rules list: text, json (default text)\n" },
	{ H_OUT,
"  -o, --output FILE      write to FILE (whole or not at all) instead of stdout\n" },
	{ H(CMD_NONE) | H(CMD_AUDIT),
"      --explain ID       audit: print one role's evidence by dimension (text,\n"
"                         whatever --format says)\n" },
	{ H(CMD_NONE) | H(CMD_REPORT),
"      --merge            report: the FILEs are 'report --format json' outputs\n"
"                         of shards; write the report of the whole input\n"
"                         (reads the output options only)\n" },
	{ H(CMD_NONE) | H(CMD_AUDIT) | H(CMD_REPORT),
"      --bom              csv: start with a UTF-8 byte-order mark, so that\n"
"                         Excel opens the file as UTF-8 (Chinese text shows\n"
"                         garbled otherwise)\n" },
	{ H(CMD_NONE) | H(CMD_AUDIT),
"      --color WHEN       audit text: auto, always, never (default auto:\n"
"                         a terminal without NO_COLOR)\n" },
	{ H_ALL,
"  -q, --quiet            no warnings or notes on stderr\n"
"  -h, --help             this help (after a command: that command's)\n"
"  -V, --version          the version\n"
"\n" },
	{ H_ALL,
"FILE may be - for standard input.\n"
"Exit status: 0 success; 1 a policy breach (check) or a failed rule\n"
"self-test; 2 usage error, unreadable input, bad rules or config, or a\n"
"write error.  See roleaudit(1) and roleaudit-rules(5).\n" },
};

/* A command's own first lines, before its pieces of the help. */
static const char *const cmd_usage[] = {
	[CMD_AUDIT] = "usage: roleaudit audit [OPTIONS] FILE...\n\n"
	    "One verdict per role: operations, project-management, mixed or\n"
	    "unclassified, with the evidence.\n\n",
	[CMD_REPORT] = "usage: roleaudit report [OPTIONS] FILE...\n"
	    "       roleaudit report --merge [OPTIONS] PART.json...\n\n"
	    "One summary per department: roles by class, mixed share,\n"
	    "conflicting dimensions, top rules, roles to review.\n\n",
	[CMD_CHECK] = "usage: roleaudit check [OPTIONS] [FILE...]\n\n"
	    "The audit, then a policy, for CI: exit 1 on a breach.  No FILE:\n"
	    "the files .roleaudit lists.\n\n",
	[CMD_RULES] = "usage: roleaudit rules list|test|lint [OPTIONS] "
	    "[FILE...]\n\n"
	    "Show (list, --format json too), self-test (test) or check (lint)\n"
	    "the rules.\n\n",
	[CMD_INSPECT] = "usage: roleaudit inspect [OPTIONS] FILE...\n\n"
	    "What the reader detected: encoding, delimiter, columns, row\n"
	    "counts (--records: every record as JSON).\n\n",
};

/* Prints the help for CMD (CMD_NONE: all of it) to standard output. */
static void
print_help(enum ra_cmd cmd)
{
	if (cmd != CMD_NONE)
		fputs(cmd_usage[cmd], stdout);
	for (size_t i = 0; i < sizeof(help) / sizeof(help[0]); i++)
		if (help[i].cmds & H(cmd))
			fputs(help[i].text, stdout);
}

enum {
	O_ID_COL = 256, O_TITLE_COL, O_DEPT_COL, O_TEXT_COL, O_MAX_FIELD,
	O_MAX_FIELDS, O_MAX_ROW,
	O_STRICT, O_DISABLE, O_MIN_EVIDENCE, O_MIXED_MIN, O_MIXED_RATIO,
	O_MIXED_DUTY, O_MISMATCH_MIN,
	O_MATCH_LIMIT, O_DEPTH_LIMIT, O_EXPLAIN, O_COLOR, O_RECORDS,
	O_MERGE,
	O_FAIL_ON, O_MAX_MIXED_SHARE, O_PER_DEPARTMENT, O_BASELINE,
	O_WRITE_BASELINE, O_MAX_ANNOTATIONS, O_CONFIG, O_NO_CONFIG,
	O_RULE_BUDGET, O_HEADER_LINE, O_FILL_DEPT, O_NO_FILL_DEPT,
	O_NO_PER_DEPARTMENT, O_NO_BASELINE, O_BOM, O_NO_STRICT
};

#define SHORT_OPTS	"d:e:r:f:o:j:qhV"

static const struct option long_opts[] = {
	{ "delimiter",	  required_argument, NULL, 'd' },
	{ "encoding",	  required_argument, NULL, 'e' },
	{ "id-col",	  required_argument, NULL, O_ID_COL },
	{ "title-col",	  required_argument, NULL, O_TITLE_COL },
	{ "dept-col",	  required_argument, NULL, O_DEPT_COL },
	{ "text-col",	  required_argument, NULL, O_TEXT_COL },
	{ "header-line",  required_argument, NULL, O_HEADER_LINE },
	{ "fill-dept",	  no_argument,	     NULL, O_FILL_DEPT },
	{ "no-fill-dept", no_argument,	     NULL, O_NO_FILL_DEPT },
	{ "max-field",	  required_argument, NULL, O_MAX_FIELD },
	{ "max-fields",	  required_argument, NULL, O_MAX_FIELDS },
	{ "max-row",	  required_argument, NULL, O_MAX_ROW },
	{ "strict",	  no_argument,	     NULL, O_STRICT },
	{ "no-strict",	  no_argument,	     NULL, O_NO_STRICT },
	{ "rules",	  required_argument, NULL, 'r' },
	{ "disable",	  required_argument, NULL, O_DISABLE },
	{ "min-evidence", required_argument, NULL, O_MIN_EVIDENCE },
	{ "mixed-min",	  required_argument, NULL, O_MIXED_MIN },
	{ "mixed-ratio",  required_argument, NULL, O_MIXED_RATIO },
	{ "mixed-duty",	  required_argument, NULL, O_MIXED_DUTY },
	{ "mismatch-min", required_argument, NULL, O_MISMATCH_MIN },
	{ "match-limit",  required_argument, NULL, O_MATCH_LIMIT },
	{ "rule-budget",  required_argument, NULL, O_RULE_BUDGET },
	{ "depth-limit",  required_argument, NULL, O_DEPTH_LIMIT },
	{ "format",	  required_argument, NULL, 'f' },
	{ "output",	  required_argument, NULL, 'o' },
	{ "explain",	  required_argument, NULL, O_EXPLAIN },
	{ "color",	  required_argument, NULL, O_COLOR },
	{ "colour",	  required_argument, NULL, O_COLOR },
	{ "records",	  no_argument,	     NULL, O_RECORDS },
	{ "merge",	  no_argument,	     NULL, O_MERGE },
	{ "bom",	  no_argument,	     NULL, O_BOM },
	{ "fail-on",	  required_argument, NULL, O_FAIL_ON },
	{ "max-mixed-share", required_argument, NULL, O_MAX_MIXED_SHARE },
	{ "per-department", no_argument,     NULL, O_PER_DEPARTMENT },
	{ "no-per-department", no_argument,  NULL, O_NO_PER_DEPARTMENT },
	{ "baseline",	  required_argument, NULL, O_BASELINE },
	{ "no-baseline",  no_argument,	     NULL, O_NO_BASELINE },
	{ "write-baseline", required_argument, NULL, O_WRITE_BASELINE },
	{ "max-annotations", required_argument, NULL, O_MAX_ANNOTATIONS },
	{ "config",	  required_argument, NULL, O_CONFIG },
	{ "no-config",	  no_argument,	     NULL, O_NO_CONFIG },
	{ "jobs",	  required_argument, NULL, 'j' },
	{ "quiet",	  no_argument,	     NULL, 'q' },
	{ "help",	  no_argument,	     NULL, 'h' },
	{ "version",	  no_argument,	     NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int usage_error(const char *, ...)
    __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("roleaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'roleaudit --help' for more information.\n", stderr);
	return 2;
}

int
cli_parse_delimiter(const char *s, int *out)
{
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0 ||
	    strcmp(s, "TAB") == 0 || strcmp(s, "\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\r' || s[0] == '\n' ||
	    (unsigned char)s[0] >= 0x80)
		return -1;
	*out = (unsigned char)s[0];
	return 0;
}

int
cli_parse_header_line(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end != '\0' || v == 0 || v > CLI_MAX_HEADER_LINE)
		return -1;
	*out = v;
	return 0;
}

/* Upper bounds of --max-field / --max-row and of --max-fields. */
#define CLI_MAX_BYTES	(1024UL * 1024 * 1024)
#define CLI_MAX_FIELDS	1000000UL

static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	if (*s == '\0' || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || v == 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int
parse_double(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	/* "nan" and "inf" parse too, but compare false with any limit. */
	if (errno || end == s || *end != '\0' || !isfinite(v) || v < 0)
		return -1;
	*out = v;
	return 0;
}

static int
push(const char **list, size_t *n, const char *v, const char *what)
{
	if (*n >= OPT_MAX_LIST)
		return usage_error("too many %s options", what);
	list[(*n)++] = v;
	return -1;
}

static int parse_opts(struct options *, int, char **);

void
cli_defaults(struct options *opt)
{
	memset(opt, 0, sizeof(*opt));
	csvsrc_opts_init(&opt->csv);
	thresholds_default(&opt->th);
	opt->color = -1;
	opt->max_mixed_share = -1;
	opt->max_annotations = -1;
}

/* Whether PATH is a regular file named like a CSV export. */
static int
looks_like_input(const char *path)
{
	static const char *const ext[] = { ".csv", ".tsv", ".txt" };
	size_t n = strlen(path);
	struct stat sb;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (n > 4 && strcasecmp(path + n - 4, ext[i]) == 0)
			return 1;
	return 0;
}

const char *
cli_swallowed_input(const struct options *o, const char **optname)
{
	static char shortname[3];

	for (int i = 1; i + 1 < o->argc; i++) {
		const char *a = o->argv[i], *v = o->argv[i + 1];

		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '\0')
			continue;
		if (a[1] == '-') {
			for (size_t k = 0; long_opts[k].name; k++)
				if (long_opts[k].has_arg == required_argument &&
				    strcmp(a + 2, long_opts[k].name) == 0 &&
				    long_opts[k].val != 'o' &&
				    long_opts[k].val != O_WRITE_BASELINE &&
				    looks_like_input(v)) {
					*optname = a;
					return v;
				}
			continue;
		}
		/* A cluster (-qr): its last letter takes the next argument
		 * when it takes one and nothing follows it in the cluster. */
		{
			char c = a[strlen(a) - 1];
			const char *p = strchr(SHORT_OPTS, c);

			for (const char *q = a + 1; q < a + strlen(a) - 1; q++) {
				const char *qp = strchr(SHORT_OPTS, *q);

				if (qp != NULL && qp[1] == ':')
					p = NULL;	/* -rX: X is -r's value */
			}
			if (p != NULL && p[1] == ':' && c != 'o' &&
			    looks_like_input(v)) {
				shortname[0] = '-';
				shortname[1] = c;
				*optname = shortname;
				return v;
			}
		}
	}
	return NULL;
}

int
cli_reparse(struct options *opt)
{
	/* optind = 0 makes glibc's getopt start over, permutation state
	 * included; the first pass already moved the operands last. */
	optind = 0;
	return parse_opts(opt, opt->argc, opt->argv);
}

int
cli_parse(struct options *opt, int argc, char **argv)
{
	const char *cmd;

	cli_defaults(opt);

	if (argc < 2)
		return usage_error("%s", "no command given");
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		print_help(CMD_NONE);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("roleaudit %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(cmd, "audit") == 0)
		opt->cmd = CMD_AUDIT;
	else if (strcmp(cmd, "report") == 0)
		opt->cmd = CMD_REPORT;
	else if (strcmp(cmd, "check") == 0)
		opt->cmd = CMD_CHECK;
	else if (strcmp(cmd, "rules") == 0)
		opt->cmd = CMD_RULES;
	else if (strcmp(cmd, "inspect") == 0)
		opt->cmd = CMD_INSPECT;
	else if (cmd[0] == '-')
		return usage_error("a command must come first, not '%s'", cmd);
	else
		return usage_error("unknown command '%s'", cmd);

	argc--;
	argv++;
	opt->argc = argc;
	opt->argv = argv;
	/* 0, not 1: glibc then forgets a cluster left half-read by an
	 * earlier parse (after -zq failed at z it would go on at q). */
	optind = 0;
	return parse_opts(opt, argc, argv);
}

/*
 * Options that only some commands read.  Given to another command they
 * would do nothing, and a user who wrote 'inspect -o FILE' or 'audit
 * --fail-on mixed' expects them to: refuse them.  (Input and rule
 * options, read by most commands, and --color are left alone.)
 */
#define CM(c)	(1u << (c))

static int
out_of_scope(enum ra_cmd cmd, int c)
{
	static const struct {
		int		 val;
		unsigned	 cmds;
		const char	*name, *where;
	} t[] = {
		{ O_FAIL_ON, CM(CMD_CHECK), "--fail-on", "check" },
		{ O_MAX_MIXED_SHARE, CM(CMD_CHECK), "--max-mixed-share",
		    "check" },
		{ O_PER_DEPARTMENT, CM(CMD_CHECK), "--per-department",
		    "check" },
		{ O_NO_PER_DEPARTMENT, CM(CMD_CHECK), "--no-per-department",
		    "check" },
		{ O_BASELINE, CM(CMD_CHECK), "--baseline", "check" },
		{ O_NO_BASELINE, CM(CMD_CHECK), "--no-baseline", "check" },
		{ O_WRITE_BASELINE, CM(CMD_CHECK), "--write-baseline",
		    "check" },
		{ O_MAX_ANNOTATIONS, CM(CMD_CHECK), "--max-annotations",
		    "check" },
		{ O_EXPLAIN, CM(CMD_AUDIT), "--explain", "audit" },
		{ O_RECORDS, CM(CMD_INSPECT), "--records", "inspect" },
		{ 'o', CM(CMD_AUDIT) | CM(CMD_REPORT) | CM(CMD_CHECK),
		    "--output", "audit, report and check (inspect and rules "
		    "write to standard output: redirect it)" },
		{ 'f', CM(CMD_AUDIT) | CM(CMD_REPORT) | CM(CMD_CHECK) |
		    CM(CMD_RULES), "--format", "audit, report, check and "
		    "rules list (inspect has one format; --records gives "
		    "JSON)" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].val == c && !(t[i].cmds & CM(cmd)))
			return usage_error("%s belongs to %s", t[i].name,
			    t[i].where);
	return -1;
}

/* Does report --merge read option C? */
static int
merge_reads(int c)
{
	switch (c) {
	case 'f': case 'o': case 'q': case 'h': case 'V': case O_BOM:
	case O_COLOR: case O_CONFIG: case O_NO_CONFIG: case O_MERGE:
	case '?': case ':':
		return 1;
	}
	return 0;
}

/* The long name of option C, for messages. */
static const char *
long_name(int c)
{
	for (size_t i = 0; long_opts[i].name != NULL; i++)
		if (long_opts[i].val == c)
			return long_opts[i].name;
	return "?";
}

static int
parse_opts(struct options *opt, int argc, char **argv)
{
	const char *merge_unread = NULL;
	size_t sz;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" SHORT_OPTS, long_opts,
	    NULL)) != -1) {
		if ((rc = out_of_scope(opt->cmd, c)) != -1)
			return rc;
		if (merge_unread == NULL && !merge_reads(c))
			merge_unread = long_name(c);
		switch (c) {
		case 'd':
			if (cli_parse_delimiter(optarg, &opt->csv.delimiter))
				return usage_error("bad delimiter '%s': use one "
				    "character such as , ; | or \\t", optarg);
			break;
		case 'e':
			opt->csv.encoding = optarg;
			break;
		case O_ID_COL:
			opt->cols.id_col = optarg;
			opt->cols.from_config &= ~COLMAP_CFG_ID;
			break;
		case O_TITLE_COL:
			opt->cols.title_col = optarg;
			opt->cols.from_config &= ~COLMAP_CFG_TITLE;
			break;
		case O_DEPT_COL:
			opt->cols.dept_col = optarg;
			opt->cols.from_config &= ~COLMAP_CFG_DEPT;
			break;
		case O_TEXT_COL:
			if (opt->cols.ntext_cols >= COLMAP_MAX_TEXT)
				return usage_error("%s", "too many --text-col options");
			opt->cols.text_cols[opt->cols.ntext_cols++] = optarg;
			opt->cols.from_config &= ~COLMAP_CFG_TEXT;
			break;
		case O_FILL_DEPT:
			opt->cols.fill_dept = 1;
			break;
		case O_NO_FILL_DEPT:
			opt->cols.fill_dept = 0;
			break;
		case O_HEADER_LINE:
			if (cli_parse_header_line(optarg,
			    &opt->csv.header_line) != 0)
				return usage_error("bad --header-line '%s': give "
				    "a line number from 1 to %lu", optarg,
				    CLI_MAX_HEADER_LINE);
			break;
		/* The reader's caps: bounded so that its arithmetic on
		 * them cannot overflow, and memory stays bounded. */
		case O_MAX_FIELD:
			if (parse_size(optarg, &opt->csv.max_field) ||
			    opt->csv.max_field > CLI_MAX_BYTES)
				return usage_error("bad --max-field '%s': give a "
				    "number of bytes from 1 to %lu", optarg,
				    (unsigned long)CLI_MAX_BYTES);
			break;
		case O_MAX_FIELDS:
			if (parse_size(optarg, &opt->csv.max_fields) ||
			    opt->csv.max_fields > CLI_MAX_FIELDS)
				return usage_error("bad --max-fields '%s': give a "
				    "number from 1 to %lu", optarg,
				    (unsigned long)CLI_MAX_FIELDS);
			break;
		case O_MAX_ROW:
			if (parse_size(optarg, &opt->csv.max_row) ||
			    opt->csv.max_row > CLI_MAX_BYTES)
				return usage_error("bad --max-row '%s': give a "
				    "number of bytes from 1 to %lu", optarg,
				    (unsigned long)CLI_MAX_BYTES);
			break;
		case O_STRICT:
			opt->csv.strict = 1;
			break;
		case O_NO_STRICT:
			opt->csv.strict = 0;
			break;
		case 'r':
			rc = push(opt->rules_paths, &opt->nrules_paths, optarg,
			    "--rules");
			break;
		case O_DISABLE:
			rc = push(opt->disabled, &opt->ndisabled, optarg,
			    "--disable");
			break;
		case O_MIN_EVIDENCE:
			if (parse_double(optarg, &opt->th.min_evidence))
				return usage_error("bad --min-evidence '%s'", optarg);
			break;
		case O_MIXED_MIN:
			if (parse_double(optarg, &opt->th.mixed_min))
				return usage_error("bad --mixed-min '%s'", optarg);
			break;
		case O_MIXED_RATIO:
			if (parse_double(optarg, &opt->th.mixed_ratio) ||
			    opt->th.mixed_ratio > 1)
				return usage_error("bad --mixed-ratio '%s': give "
				    "a number from 0 to 1", optarg);
			break;
		case O_MIXED_DUTY:
			if (parse_double(optarg, &opt->th.mixed_duty))
				return usage_error("bad --mixed-duty '%s'", optarg);
			break;
		case O_MISMATCH_MIN:
			if (parse_double(optarg, &opt->th.mismatch_min))
				return usage_error("bad --mismatch-min '%s'", optarg);
			break;
		case O_MATCH_LIMIT:
			if (parse_size(optarg, &sz) || sz > 0xffffffffu)
				return usage_error("bad --match-limit '%s'", optarg);
			opt->limits.match_limit = (unsigned)sz;
			break;
		case O_RULE_BUDGET:
			if (strcmp(optarg, "0") == 0)
				sz = 0;
			else if (parse_size(optarg, &sz) || sz > 86400000u)
				return usage_error("bad --rule-budget '%s': give "
				    "milliseconds, 0 for none", optarg);
			opt->limits.budget_ms = sz == 0 ? -1 : (long)sz;
			break;
		case O_DEPTH_LIMIT:
			if (parse_size(optarg, &sz) || sz > 0xffffffffu)
				return usage_error("bad --depth-limit '%s'", optarg);
			opt->limits.depth_limit = (unsigned)sz;
			break;
		case 'f':
			opt->format = optarg;
			break;
		case 'o':
			opt->output = optarg;
			break;
		case O_EXPLAIN:
			opt->explain = optarg;
			break;
		case O_COLOR:
			if (strcmp(optarg, "auto") == 0)
				opt->color = -1;
			else if (strcmp(optarg, "always") == 0)
				opt->color = 1;
			else if (strcmp(optarg, "never") == 0)
				opt->color = 0;
			else
				return usage_error("bad --color '%s': use auto, "
				    "always or never", optarg);
			break;
		case O_BOM:
			opt->bom = 1;
			break;
		case O_RECORDS:
			opt->records = 1;
			break;
		case O_MERGE:
			if (opt->cmd != CMD_REPORT)
				return usage_error("%s", "--merge belongs to the "
				    "report command");
			opt->merge = 1;
			break;
		case O_FAIL_ON:
			opt->fail_on = optarg;
			break;
		case O_MAX_MIXED_SHARE: {
			/* 0.25 or 25%, as the config file takes it */
			char num[64];
			size_t n = strlen(optarg);
			int pct = n > 1 && n < sizeof(num) &&
			    optarg[n - 1] == '%';

			snprintf(num, sizeof(num), "%.*s", (int)(pct ? n - 1 :
			    n), optarg);
			int bad = parse_double(pct ? num : optarg,
			    &opt->max_mixed_share);

			if (!bad && pct)
				opt->max_mixed_share /= 100;
			if (bad || opt->max_mixed_share > 1)
				return usage_error("bad --max-mixed-share '%s': "
				    "give a fraction from 0 to 1, or a percent "
				    "such as 25%%", optarg);
			break;
		}
		case O_PER_DEPARTMENT:
			opt->per_department = 1;
			break;
		case O_NO_PER_DEPARTMENT:
			opt->per_department = 0;
			break;
		case O_BASELINE:
			opt->baseline = optarg;
			break;
		case O_NO_BASELINE:
			opt->baseline = NULL;
			break;
		case O_WRITE_BASELINE:
			opt->write_baseline = optarg;
			break;
		case O_MAX_ANNOTATIONS:
			if (strcmp(optarg, "0") == 0)
				sz = 0;
			else if (parse_size(optarg, &sz) || sz > 10000)
				return usage_error("bad --max-annotations '%s': "
				    "give 0 to 10000", optarg);
			opt->max_annotations = (int)sz;
			break;
		case O_CONFIG:
			opt->config = optarg;
			break;
		case O_NO_CONFIG:
			opt->no_config = 1;
			break;
		case 'j':
			if (parse_size(optarg, &sz) || sz > 256)
				return usage_error("bad --jobs '%s': give 1 to 256",
				    optarg);
			opt->jobs = (unsigned)sz;
			break;
		case 'q':
			opt->quiet = 1;
			break;
		case 'h':
			print_help(opt->cmd);
			return 0;
		case 'V':
			printf("roleaudit %s\n", PACKAGE_VERSION);
			return 0;
		/* A short option is named by itself: inside a cluster
		 * such as -qz, optind has not moved past it yet, and
		 * argv[optind - 1] is some earlier argument. */
		case ':':
			if (strncmp(argv[optind - 1], "--", 2) != 0)
				return usage_error("option '-%c' needs a value",
				    optopt);
			return usage_error("option '%s' needs a value",
			    argv[optind - 1]);
		default:
			if (optopt > 0 && optopt < 256 &&
			    strchr(SHORT_OPTS, optopt) == NULL)
				return usage_error("unknown option '-%c'", optopt);
			/* --strict=1: an option that takes no value. */
			if (strncmp(argv[optind - 1], "--", 2) == 0 &&
			    strchr(argv[optind - 1], '=') != NULL) {
				const char *a = argv[optind - 1] + 2;
				size_t n = (size_t)(strchr(a, '=') - a);

				for (size_t i = 0; long_opts[i].name; i++)
					if (long_opts[i].has_arg == no_argument &&
					    strlen(long_opts[i].name) == n &&
					    strncmp(long_opts[i].name, a, n) == 0)
						return usage_error("option '--%s' "
						    "takes no value",
						    long_opts[i].name);
			}
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
		if (rc != -1)
			return rc;
	}
	argc -= optind;
	argv += optind;

	if (opt->cmd == CMD_RULES) {
		if (argc < 1)
			return usage_error("%s", "rules needs list, test or lint");
		opt->subcmd = argv[0];
		if (strcmp(opt->subcmd, "list") && strcmp(opt->subcmd, "test") &&
		    strcmp(opt->subcmd, "lint"))
			return usage_error("unknown rules command '%s': use "
			    "list, test or lint", opt->subcmd);
		argc--;
		argv++;
		if (opt->format != NULL && strcmp(opt->subcmd, "list") != 0)
			return usage_error("--format belongs to rules list, "
			    "not rules %s", opt->subcmd);
		/* rules lint FILE... is the same as --rules FILE... */
		for (int i = 0; i < argc; i++)
			if ((rc = push(opt->rules_paths, &opt->nrules_paths,
			    argv[i], "--rules")) != -1)
				return rc;
		return -1;
	}
	/* The parts were read and classified when they were written: an
	 * input, rule or threshold option would change nothing. */
	if (opt->merge && merge_unread != NULL)
		return usage_error("--%s is not read by report --merge: the "
		    "parts were classified when they were written (give it to "
		    "the runs that write them)", merge_unread);
	if (opt->bom && (opt->format == NULL ||
	    strcmp(opt->format, "csv") != 0 || opt->explain != NULL ||
	    (opt->cmd != CMD_AUDIT && opt->cmd != CMD_REPORT)))
		return usage_error("%s", "--bom goes with audit or report "
		    "--format csv");
	/* No FILE is allowed here: the .roleaudit config may list them
	 * (rcfile_settle() says so when it does not). */
	opt->files = argv;
	opt->nfiles = (size_t)argc;
	return -1;
}

int
cli_check_inputs(const struct options *opt)
{
	for (size_t i = 0; i < opt->nfiles; i++)
		for (size_t j = 0; j < i; j++) {
			if (strcmp(opt->files[i], opt->files[j]) != 0)
				continue;
			if (strcmp(opt->files[i], "-") == 0) {
				diag(DIAG_ERROR, NULL, 0, 0, "standard input (-) "
				    "given twice: it can be read only once");
				return -1;
			}
			diag(DIAG_WARNING, opt->files[i], 0, 0, "given more "
			    "than once: its roles are counted each time");
			break;
		}
	return 0;
}
