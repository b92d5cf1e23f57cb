/*
 * fuzz_rules.c — libFuzzer harness for the rules loader + matcher.
 *
 * The input is a rules file, and after a line "#TEXT" (a comment to the
 * rules reader) a subject of its own.  The rules are loaded (every error
 * reported, never a crash), and when they load, every rule runs over
 * subjects made to provoke trouble: Chinese and English text, full-width
 * ASCII, a long run of one letter, and the input's own subject.  Limits
 * must turn runaway patterns into misses.  The matcher also runs with
 * the plain per-field scan (ROLEAUDIT_MATCHER_NAIVE); when neither run
 * reports a miss, their hits must be the same, or the harness aborts.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
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
	struct ra_field f[3];
	const char *text;
	size_t tlen;
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
	{
		const uint8_t *mark = memmem(data, size, "\n#TEXT\n", 7);
		size_t rl = mark ? (size_t)(mark - data) + 1 : size;

		text = mark ? (const char *)mark + 7 : "";
		tlen = mark ? size - rl - 6 : 0;
		/* Fields are valid UTF-8 by the time they are matched. */
		tlen = utf8_valid_prefix(text, tlen);
		if ((fp = fopen(path, "wb")) == NULL)
			abort();
		fwrite(data, 1, rl, fp);
		fclose(fp);
	}

	rs = ruleset_new();
	if (ruleset_load(rs, path) == 0 && rs->nrules > 0) {
		const char *head = "负责平台日常运营，制定项目计划与里程碑，"
		    "ＫＰＩ 提升 user retention; deliver the project on time. ";
		struct hit a[64], b[64];
		size_t na, nb, nma, nmb;

		memset(subject, 'a', sizeof(subject) - 1);
		memcpy(subject, head, strlen(head));
		f[0] = (struct ra_field){ subject, sizeof(subject) - 1 };
		f[1] = (struct ra_field){ head, strlen(head) };
		f[2] = (struct ra_field){ text, tlen };
		m = matcher_new(rs, &lim);
		na = matcher_scan(m, f, 3, &h, &ms, &nma);
		if (na > 64)
			na = 64;
		memcpy(a, h, na * sizeof(*h));
		(void)matcher_scan_title(m, head, strlen(head), &h, &ms, &nms);
		matcher_free(m);
		/* The same through the plain scan. */
		setenv("ROLEAUDIT_MATCHER_NAIVE", "1", 1);
		m = matcher_new(rs, &lim);
		unsetenv("ROLEAUDIT_MATCHER_NAIVE");
		nb = matcher_scan(m, f, 3, &h, &ms, &nmb);
		if (nb > 64)
			nb = 64;
		memcpy(b, h, nb * sizeof(*h));
		matcher_free(m);
		if (nma == 0 && nmb == 0) {
			if (na != nb)
				abort();
			for (size_t i = 0; i < na; i++)
				if (a[i].rule != b[i].rule ||
				    a[i].field != b[i].field ||
				    a[i].offset != b[i].offset ||
				    a[i].len != b[i].len)
					abort();
		}
	}
	ruleset_free(rs);
	return 0;
}
