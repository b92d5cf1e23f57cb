/*
 * main.c — parse the command line, settle it over the .roleaudit config
 * (rcfile.c), run the command, make sure standard output reached its
 * destination.  Nothing else.
 */
#include <config.h>

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "rcfile.h"

int
main(int argc, char **argv)
{
	struct options cli;
	struct rcfile_settled s;
	const struct options *opt = &s.o;
	int rc;

	memset(&s, 0, sizeof(s));
	if ((rc = cli_parse(&cli, argc, argv)) == -1) {
		/* --quiet first: it also quiets the config file's notes. */
		diag_set_quiet(cli.quiet);
		/* check reports a config it cannot use in its format too. */
		if (cli.cmd == CMD_CHECK)
			cmd_check_keep_errors();
		rc = rcfile_settle(&cli, &s);
		if (rc == -1 && cli_check_inputs(opt) != 0)
			rc = 2;
		if (rc == 2 && cli.cmd == CMD_CHECK)
			rc = cmd_check_failed(&cli);
	}
	if (rc == -1) {
		switch (opt->cmd) {
		case CMD_INSPECT:
			rc = cmd_inspect(opt);
			break;
		case CMD_RULES:
			rc = cmd_rules(opt);
			break;
		case CMD_AUDIT:
			rc = cmd_audit(opt);
			break;
		case CMD_REPORT:
			rc = cmd_report(opt);
			break;
		case CMD_CHECK:
			rc = cmd_check(opt);
			break;
		default:
			rc = 2;
			break;
		}
	}
	rcfile_settled_free(&s);
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		diag(DIAG_ERROR, NULL, 0, 0, "cannot write standard output: %s",
		    strerror(errno));
		rc = 2;
	}
	return rc;
}
