/*
 * policy.h — the findings of `roleaudit check` and the policy that
 * turns them into a pass or a breach.
 *
 * A finding is one thing about one role that the policy looks at (a
 * mixed role, a title that contradicts the duties, ...), or one
 * department (or the whole run) whose share of mixed roles is above
 * --max-mixed-share.  Findings are created only for the kinds named in
 * --fail-on, and for mixed-share when a maximum is set.  Each role
 * finding then has a state:
 *   new         a breach: the policy fails (exit 1)
 *   ignored     accepted by the role's suppression column
 *               (roleaudit-ignore: finding kinds or rule ids)
 *   baseline    accepted because the baseline file lists it
 * Ignoring a rule id drops that rule's evidence for the row and
 * classifies the row again, so "ignore one misleading phrase" works.
 *
 * The policy keeps copies of what it needs (findings are small); the
 * roles themselves are not kept.  Neighbours: cmd_check.c feeds it
 * roles through a sink; baseline.c says what is already accepted; the
 * chk_*.c writers print the findings.
 */
#ifndef ROLEAUDIT_POLICY_H
#define ROLEAUDIT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "classify.h"

enum finding_kind {
	FK_MIXED = 0,
	FK_TITLE_MISMATCH,
	FK_UNCLASSIFIED,
	FK_NOT_EVALUATED,	/* a rule hit a PCRE2 limit on this role */
	FK_MIXED_SHARE,		/* per department or overall; not a role */
	FK_COUNT
};

#define FK_BIT(k)	(1u << (k))
#define FK_DEFAULT_FAIL_ON	(FK_BIT(FK_MIXED) | FK_BIT(FK_TITLE_MISMATCH))

enum finding_state {
	FS_NEW = 0,
	FS_IGNORED,
	FS_BASELINE
};

/* "mixed", "title-mismatch", "unclassified", "not-evaluated",
 * "mixed-share". */
const char	*finding_kind_name(enum finding_kind);
/* One-line description of a kind, for SARIF rules and help. */
const char	*finding_kind_desc(enum finding_kind);
/* Parses a kind name; 0, or -1 when S is not one. */
int		 finding_kind_parse(const char *s, enum finding_kind *);
/*
 * Parses a --fail-on list ("mixed,title-mismatch"; commas, semicolons
 * or spaces) into a mask of FK_BIT()s.  mixed-share is not accepted
 * (it is set by --max-mixed-share).  Returns 0, or -1 with *BAD
 * pointing into S at the first bad name (not NUL-terminated; *BADLEN
 * is its length).
 */
int		 policy_parse_kinds(const char *s, unsigned *mask,
		    const char **bad, size_t *badlen);

struct finding {
	enum finding_kind	 kind;
	enum finding_state	 state;
	char			*path;	/* as displayed; NULL: no location */
	unsigned long		 line;	/* 0 = none */
	char			*id;	/* role id, or the department */
	char			*title;	/* "" when none */
	char			*dept;	/* "" when none */
	char			*rule;	/* not-evaluated: the rule id; else NULL */
	char			*message; /* one line, no role text */
	uint64_t		 text_hash;
	/* The verdict behind a role finding. */
	enum ra_class		 cls;
	double			 ops, pm;
	unsigned		 conflicts;
	/* mixed-share: the numbers. */
	unsigned long		 mixed, roles;
	double			 share;
};

/* The key a finding is accepted by in a baseline or a suppression
 * column: the rule id for not-evaluated, else the kind name. */
const char	*finding_key(const struct finding *);

/*
 * FNV-1a 64 over a role's text fields, each followed by 0x1f, so the
 * hash depends on the text only (not on the row's position or other
 * columns) and "ab","c" differs from "a","bc".  CRLF and CR hash as LF,
 * so a file's line endings do not count.  _raw: the bytes as they are
 * (what baselines held before).
 */
uint64_t	 role_text_hash(const struct ra_field *text, size_t ntext);
uint64_t	 role_text_hash_raw(const struct ra_field *text, size_t ntext);
/* FNV-1a 64 of LEN bytes, continuing from H (start with FNV64_INIT). */
#define FNV64_INIT	0xcbf29ce484222325ULL
uint64_t	 fnv1a64(uint64_t h, const void *p, size_t len);

struct baseline;

/*
 * Does a run failing on FAIL_ON (an FK_BIT mask) look for findings of
 * KEY, a baseline entry's finding (a kind name, or a rule id for
 * not-evaluated)?  1 or 0.
 */
int		 policy_seeks(unsigned fail_on, const char *key);

struct policy_opts {
	unsigned		 fail_on;	/* FK_BIT mask */
	double			 max_mixed_share; /* < 0 = no limit */
	int			 per_department;
	const struct thresholds	*th;		/* for re-classifying */
	const struct ruleset	*rs;		/* may be NULL (tests) */
	const char		*ignore_col;	/* for messages */
};

struct policy {
	struct policy_opts	 o;
	struct finding		*findings;
	size_t			 nfindings, cap;
	unsigned long		 roles;
	unsigned long		 mixed_roles;	/* after suppressions */
	unsigned long		 by_state[3];	/* role findings per state */
	unsigned long		 breaches;	/* new findings of any kind */
	unsigned long		 not_evaluated;	/* rule-role pairs */
	struct baseline		*bl;		/* BORROWED, may be NULL */
	void			*depts;		/* per-department counters */
	char			*first_path;	/* first file seen */
	unsigned long		 first_line;	/* its first role's line */
};

/* Returns a new policy; BL (may be NULL) is BORROWED and must outlive
 * it.  O's pointers are BORROWED too. */
struct policy	*policy_new(const struct policy_opts *o, struct baseline *bl);
/*
 * Looks at one role (BORROWED); DISPLAY is the path to show (BORROWED;
 * NULL = r->path).  Appends its findings; returns how many, which are
 * the last N of p->findings.
 */
size_t		 policy_role(struct policy *, const struct role *r,
		    const char *display);
/* After the last role: adds the mixed-share findings.  Returns the
 * number of breaches (new findings). */
unsigned long	 policy_finish(struct policy *);
/*
 * The findings' indexes, worst first (for annotations): new before
 * accepted; then mixed-share, mixed (most balanced first),
 * title-mismatch, unclassified, not-evaluated; then file and line.
 * Returns a new array of p->nfindings indexes (free()).
 */
size_t		*policy_order_worst(const struct policy *);
void		 policy_free(struct policy *);

#endif
