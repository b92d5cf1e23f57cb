/*
 * fuzz_rules.c — libFuzzer harness for the rules loader + matcher.
 *
 * The input is a rules file.  It is loaded (every error reported, never
 * a crash), and when it loads, every rule runs over subjects made to
 * provoke trouble: Chinese and English text, full-width ASCII, a long
 * run of one letter.  Limits must turn runaway patterns into misses.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "matcher.h"
#include "rules.h"

static char path[64];

/* The temporary rules file goes when the fuzzer exits. */
static void
cleanup(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char subject[3000];
	struct ra_field f[2];
	struct ruleset *rs;
	struct matcher *m;
	struct matcher_limits lim = { .match_limit = 10000, .depth_limit = 1000,
	    .heap_limit_kib = 1024 };
	const struct hit *h;
	const struct miss *ms;
	size_t nms;
	FILE *fp;

	if (path[0] == '\0') {
		int fd;

		snprintf(path, sizeof(path), "/tmp/fuzz-rules-XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		close(fd);
		atexit(cleanup);
		diag_set_stream(fopen("/dev/null", "w"));
	}
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);

	rs = ruleset_new();
	if (ruleset_load(rs, path) == 0 && rs->nrules > 0) {
		const char *head = "负责平台日常运营，制定项目计划与里程碑，"
		    "ＫＰＩ 提升 user retention; deliver the project on time. ";

		memset(subject, 'a', sizeof(subject) - 1);
		memcpy(subject, head, strlen(head));
		f[0] = (struct ra_field){ subject, sizeof(subject) - 1 };
		f[1] = (struct ra_field){ head, strlen(head) };
		m = matcher_new(rs, &lim);
		(void)matcher_scan(m, f, 2, &h, &ms, &nms);
		(void)matcher_scan_title(m, head, strlen(head), &h, &ms, &nms);
		matcher_free(m);
	}
	ruleset_free(rs);
	return 0;
}
