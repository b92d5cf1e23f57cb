/*
 * testutil.h — what the suites of the output formats share: roles built
 * from rule hits through the real scorer and classifier (no CSV reader,
 * no PCRE2), output captured in memory, per-file totals, and a scratch
 * folder under $TMPDIR or /tmp.
 */
#ifndef ROLEAUDIT_TEST_TESTUTIL_H
#define ROLEAUDIT_TEST_TESTUTIL_H

#include <stdio.h>

#include "audit.h"
#include "chk.h"
#include "jsonr.h"
#include "policy.h"

/* The rules roles are built from; tu_rules[i] has keyword tu_keys[i]. */
enum {
	TU_OPS_DAILY = 0,	/* scope, ops, 2 */
	TU_OPS_KPI,		/* metrics, ops, 1.5 */
	TU_OPS_LONG,		/* cycle, ops, 1 */
	TU_PM_PLAN,		/* scope, pm, 2 */
	TU_PM_MILESTONE,	/* cycle, pm, 1.5 */
	TU_PM_RISK,		/* skills, pm, 1 */
	TU_TITLE_PM,		/* title, pm, 3 */
	TU_TITLE_OPS,		/* title, ops, 3 */
	TU_NRULES
};
extern struct rule	 tu_rules[TU_NRULES];

/* A role and the storage it points into. */
struct trole {
	struct role		 r;
	struct hit		 hits[TU_NRULES];
	struct ra_field		 text[1];
	const char		*names[1];
	struct miss		 miss[2];
};

/*
 * Builds T: one text column "duties" holding TEXT, and a hit for each
 * rule index in WHICH (-1 ends the list).  A text rule's hit points at
 * its keyword in TEXT when there, a title rule's at the whole title.
 * The verdict comes from the default thresholds.
 */
void	tu_role(struct trole *t, const char *path, unsigned long line,
	    const char *id, const char *title, const char *dept,
	    const char *text, const int *which);
/* Adds a rule that was not evaluated on T (rule RULE, reason WHY). */
void	tu_miss(struct trole *t, int rule, const char *why);

/* Counts role R into file totals F and the run totals T. */
void	tu_count(struct totals *t, struct file_totals *f, const struct role *r);
/* Sets T to one file F (PATH) with no rows yet. */
void	tu_totals(struct totals *t, struct file_totals *f, const char *path);

/*
 * A `check` run in memory: roles go through policy P (each role() call
 * of the writer sees the findings just made), then policy_finish(), then
 * the writer's end().  Files are counted in the order their paths first
 * appear (after PATHS); REJECTED[i] adds rejected rows to the i-th file,
 * FILE_FAILED[i] marks it unread, and FAILED marks the run incomplete.  Returns the output; *RC is
 * end()'s result.
 */
struct tu_check {
	const struct chk_ops	*ops;
	struct chk_opts		 o;
	struct policy		*p;
	const unsigned long	*rejected;	/* per file, may be NULL */
	const int		*file_failed;	/* per file, may be NULL */
	const char		*paths[4];	/* files counted first, even
						   without roles (NULL ends) */
	int			 failed;
	size_t			 stale;
	const struct chk_error	*errors;	/* the run's own, may be NULL */
	size_t			 nerrors;		/* baseline entries gone */
	void			(*during)(void); /* called after begin(),
						   before the roles (may be
						   NULL): diagnostics of the
						   run */
	/* set by tu_check_run() */
	struct totals		 t;
	struct file_totals	 f[4];
};
void	 tu_check_init(struct tu_check *, const struct chk_ops *,
	    unsigned fail_on, double max_share, int per_dept,
	    struct baseline *bl);
char	*tu_check_run(struct tu_check *, struct trole *r, size_t n, int *rc);
void	 tu_check_free(struct tu_check *);

/*
 * A finished report over five roles of a.csv (6 rows read, 1 rejected):
 *   line 2 OPS-1 运营部 operations      line 5 PM-1 项目部 project-management
 *   line 3 MIX-1 运营部 mixed (scope)   line 6 U-1 (no department)
 *   line 4 MIS-1 运营部 operations, title-mismatch      unclassified
 * Departments: 运营部, (no department), 项目部; review: MIS-1, MIX-1.
 */
struct report	*tu_report_fixture(void);
/* Writes finished REP with FMT; returns the output. */
struct report_format;
char	*tu_report_render(const struct report_format *fmt,
	    const struct report *rep);

/* Output captured in memory. */
struct tu_mem {
	FILE	*fp;
	char	*buf;
	size_t	 len;
};
FILE	*tu_mem_open(struct tu_mem *);
/* Closes the stream; returns the text written (free() it). */
char	*tu_mem_close(struct tu_mem *);

/* Sends diag() messages to a temporary file until tu_diag_end(), which
 * returns what was reported (free() it) and restores standard error. */
void	 tu_diag_begin(void);
char	*tu_diag_end(void);

/* How often NEEDLE occurs in HAY. */
int	 tu_count_str(const char *hay, const char *needle);

/* Member KEY of the JSON object V, which must be there (and, for the
 * last two, a string or a number). */
const struct jr_value *tu_get(const struct jr_value *v, const char *key);
const char	*tu_str(const struct jr_value *v, const char *key);
double		 tu_num(const struct jr_value *v, const char *key);

/* A new scratch folder (static buffer), and its removal with everything
 * in it (folders emptied in turn, links removed and never followed). */
const char *tu_mkdtemp(void);
void	 tu_rmdir(const char *dir);
/* Writes TEXT to DIR/NAME; returns the path (static buffer). */
const char *tu_write_file(const char *dir, const char *name, const char *text);
/* Reads the whole of PATH (free() it), or NULL. */
char	*tu_read_file(const char *path);

#endif
