/*
 * cli.h — command line into struct options.  Flags only: no I/O beyond
 * --help/--version and usage errors.  Neighbours: main.c calls
 * cli_parse(); the cmd_*.c modules read struct options.
 */
#ifndef ROLEAUDIT_CLI_H
#define ROLEAUDIT_CLI_H

#include <stddef.h>

#include "classify.h"
#include "colmap.h"
#include "csvsrc.h"
#include "matcher.h"

enum ra_cmd {
	CMD_NONE = 0,
	CMD_AUDIT,
	CMD_REPORT,
	CMD_CHECK,
	CMD_RULES,
	CMD_INSPECT
};

#define OPT_MAX_LIST	64

struct options {
	enum ra_cmd		 cmd;
	const char		*subcmd;	/* rules: list|test|lint */
	char			**files;	/* BORROWED from argv */
	size_t			 nfiles;

	struct csvsrc_opts	 csv;
	struct colmap_opts	 cols;

	const char		*rules_paths[OPT_MAX_LIST];
	size_t			 nrules_paths;
	const char		*disabled[OPT_MAX_LIST];
	size_t			 ndisabled;
	struct matcher_limits	 limits;
	struct thresholds	 th;

	const char		*format;	/* NULL = the command's default */
	const char		*output;	/* NULL = stdout */
	const char		*explain;	/* audit --explain ID */
	int			 records;	/* inspect --records */
	int			 merge;		/* report --merge: FILEs are JSON reports */
	int			 bom;		/* --bom: CSV output starts with a
						   UTF-8 byte-order mark */
	int			 color;		/* -1 auto, 0 never, 1 always */
	int			 quiet;
	unsigned		 jobs;		/* 0 = number of cores */

	/* check (see policy.h); the .roleaudit config may set them too */
	const char		*fail_on;	/* NULL = mixed,title-mismatch */
	double			 max_mixed_share; /* < 0 = no limit */
	int			 per_department;
	const char		*baseline;	/* --baseline FILE */
	const char		*write_baseline; /* --write-baseline FILE */
	int			 max_annotations; /* github; -1 = default 10 */
	const char		*config;	/* --config FILE */
	int			 no_config;	/* --no-config */
	/* The folder of the config file in use (baseline paths are
	 * relative to it), or NULL.  Set by rcfile_settle(). */
	const char		*config_dir;
	/* How each of files[] is shown in messages, baselines and SARIF
	 * (relative to the config's folder for the files it lists), or
	 * NULL to show them as given.  Set by rcfile_settle(). */
	char *const		*shown;
	/* The FILEs were named on the command line, not taken from the
	 * config's [input] files (a run over part of the input).  Set by
	 * rcfile_settle(). */
	int			 files_named;
	/* The arguments after the command word, kept so that the config
	 * file can be applied under them (the command line wins). */
	int			 argc;
	char			**argv;
};

/*
 * Parses ARGV into OPT.  Returns -1 to go on, or an exit status when
 * the run is over (0 after --help or --version, 2 after a usage error,
 * already reported).
 */
int	cli_parse(struct options *opt, int argc, char **argv);
/*
 * Applies the options in opt->argc/argv again over OPT's current values
 * (defaults, then the config file, then the command line: see
 * rcfile_settle()).
 * List options append.  Returns -1 to go on, or 2 after a usage error.
 */
int	cli_reparse(struct options *opt);
/*
 * An existing file named like a CSV export (.csv, .tsv, .txt) that an
 * option given just before it took as its value, the way "audit --rules
 * data.csv" leaves no input: returns the file and sets *OPTNAME to the
 * option as written, or returns NULL.  Output options do not count.
 */
const char *cli_swallowed_input(const struct options *, const char **optname);
/* Sets OPT to the defaults every command starts from. */
void	cli_defaults(struct options *opt);
/*
 * Checks the input list before a command reads it: standard input named
 * twice is an error (reported; returns -1), a file named twice a warning
 * (its roles would count twice).  Returns 0 otherwise.
 */
int	cli_check_inputs(const struct options *);
/* Parses a delimiter argument: one character, "\t" or "tab". */
int	cli_parse_delimiter(const char *, int *);
/* Parses a --header-line argument: 1 to CLI_MAX_HEADER_LINE. */
#define CLI_MAX_HEADER_LINE	1000000UL
int	cli_parse_header_line(const char *, unsigned long *);

/* The commands; each returns the exit status. */
int	cmd_inspect(const struct options *);
int	cmd_rules(const struct options *);
int	cmd_audit(const struct options *);
int	cmd_report(const struct options *);
int	cmd_check(const struct options *);
/* check: keep the errors reported from now on (diag.h's hook), for the
 * report of a run that cannot start; cmd_check() does it too. */
void	cmd_check_keep_errors(void);
/* check could not start (the config is unusable; CLI as parsed): writes
 * the report of the errors kept in CLI's format and output, where one
 * is possible.  Returns 2. */
int	cmd_check_failed(const struct options *cli);

#endif
