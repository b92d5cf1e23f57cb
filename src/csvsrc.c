#include <config.h>
#include <stdlib.h>
#include "csvsrc.h"
#include "diag.h"
void csvsrc_opts_init(struct csvsrc_opts *o) { *o = (struct csvsrc_opts){0}; }
struct csvsrc *csvsrc_open(const char *p, const struct csvsrc_opts *o) { (void)o; diag(DIAG_ERROR, p, 0, 0, "reader not built yet"); return NULL; }
struct csvsrc *csvsrc_open_mem(const char *n, const void *b, size_t l, const struct csvsrc_opts *o) { (void)b; (void)l; return csvsrc_open(n, o); }
int csvsrc_next(struct csvsrc *s, struct ra_record *r) { (void)s; (void)r; return -1; }
const struct csvsrc_info *csvsrc_info(const struct csvsrc *s) { (void)s; return NULL; }
void csvsrc_free(struct csvsrc *s) { (void)s; }
