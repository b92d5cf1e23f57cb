#include <config.h>
#include <stdlib.h>
#include "matcher.h"
#include "xalloc.h"
struct matcher { const struct ruleset *rs; };
struct matcher *matcher_new(const struct ruleset *rs, const struct matcher_limits *l) { struct matcher *m = xcalloc(1, sizeof(*m)); (void)l; m->rs = rs; return m; }
size_t matcher_scan(struct matcher *m, const struct ra_field *f, size_t n, const struct hit **h, const struct miss **ms, size_t *nm) { (void)m; (void)f; (void)n; *h = NULL; *ms = NULL; *nm = 0; return 0; }
size_t matcher_scan_title(struct matcher *m, const char *t, size_t l, const struct hit **h, const struct miss **ms, size_t *nm) { (void)m; (void)t; (void)l; *h = NULL; *ms = NULL; *nm = 0; return 0; }
int matcher_rule_matches(struct matcher *m, const struct rule *r, const char *t, size_t l) { (void)m; (void)r; (void)t; (void)l; return 0; }
void matcher_free(struct matcher *m) { free(m); }
