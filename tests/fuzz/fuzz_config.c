/*
 * fuzz_config.c — libFuzzer harness for the .roleaudit config loader
 * (rcfile.c), which reads only from a path.
 *
 * The input is written to a .roleaudit file alone in a private temporary
 * folder and loaded twice.  What must hold, or the harness aborts:
 * loading never crashes; both loads give the same diagnostics (nothing
 * depends on state left by an earlier load); a config that loads printed
 * no error and, applied over the defaults, leaves options that point at
 * the config's own strings; and its [input] file patterns, when they stay
 * inside the folder, expand to files that exist (only the config itself
 * is there).  Patterns that leave the folder are not expanded, so a
 * fuzzed "/" pattern cannot walk the machine's file system.  The folder
 * is removed at exit.  Neighbours: fuzz_reader.c and fuzz_rules.c.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "rcfile.h"

static char dir[64];
static char path[96];

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

/* Loads PATH with diagnostics going into a new string (*OUT). */
static struct rcfile *
load(char **out, size_t *outlen)
{
	FILE *dfp = open_memstream(out, outlen);
	struct rcfile *c;

	if (dfp == NULL)
		abort();
	diag_set_stream(dfp);
	diag_reset();
	c = rcfile_load(path);
	if (c != NULL && diag_count(DIAG_ERROR) != 0)
		abort();	/* any error must make the load fail */
	if (c == NULL && diag_count(DIAG_ERROR) == 0)
		abort();	/* a failed load must say why */
	fclose(dfp);
	diag_set_stream(NULL);
	return c;
}

/*
 * Whether every [input] pattern stays inside the config's folder: not
 * absolute, no "..", and no component that starts with a dot and holds
 * a wildcard (".*" matches ".."; glob()'s other wildcards never match a
 * leading dot).
 */
static int
patterns_local(const struct rcfile *c)
{
	for (size_t i = 0; i < c->files.n; i++) {
		const char *p = c->files.v[i];

		if (p[0] == '/' || strstr(p, "..") != NULL)
			return 0;
		for (const char *q = p; *q != '\0'; q++) {
			size_t n;

			if (*q != '.' || (q != p && q[-1] != '/'))
				continue;
			n = strcspn(q, "/");
			for (size_t k = 0; k < n; k++)
				if (q[k] == '*' || q[k] == '?' || q[k] == '[' ||
				    q[k] == '\\')
					return 0;
		}
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rcfile *c1, *c2;
	char *d1 = NULL, *d2 = NULL;
	size_t l1 = 0, l2 = 0;
	FILE *fp;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "%s", "/tmp/fuzz-config-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(path, sizeof(path), "%s/%s", dir, RCFILE_NAME);
		atexit(cleanup);
	}
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	fclose(fp);

	c1 = load(&d1, &l1);
	c2 = load(&d2, &l2);
	if ((c1 == NULL) != (c2 == NULL) || l1 != l2 ||
	    (l1 > 0 && memcmp(d1, d2, l1) != 0))
		abort();	/* the same file loaded twice must read the same */
	free(d1);
	free(d2);
	rcfile_free(c2);
	if (c1 != NULL) {
		struct options o;
		char **open = NULL, **show = NULL;
		size_t n = 0;
		struct stat st;

		cli_defaults(&o);
		rcfile_apply(c1, &o);
		if (c1->rules_paths.n > 0 && c1->rules_paths.n <= OPT_MAX_LIST &&
		    o.rules_paths[0] != c1->rules_paths.v[0])
			abort();
		if (c1->encoding != NULL && o.csv.encoding != c1->encoding)
			abort();
		if (patterns_local(c1)) {
			FILE *null = fopen("/dev/null", "w");

			diag_set_stream(null);
			if (rcfile_expand_files(c1, &open, &show, &n) == 0) {
				for (size_t i = 0; i < n; i++)
					if (stat(open[i], &st) != 0 ||
					    show[i][0] == '\0')
						abort();
				rcfile_files_free(open, n);
				rcfile_files_free(show, n);
			}
			diag_set_stream(NULL);
			if (null != NULL)
				fclose(null);
		}
		rcfile_free(c1);
	}
	return 0;
}
