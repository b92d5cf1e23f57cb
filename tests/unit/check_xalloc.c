/*
 * check_xalloc.c — allocation: copies that are new memory and end in a
 * NUL, zero sizes that still give memory, growth that keeps the
 * content, and an array size that overflows, which stops the program
 * with status 2 and "roleaudit: out of memory".
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "suites.h"
#include "xalloc.h"

START_TEST(test_copies)
{
	const char *src = "负责日常运营";
	char *p, *q;

	p = xstrdup(src);
	ck_assert_ptr_ne(p, src);
	ck_assert_str_eq(p, src);
	free(p);
	p = xstrdup("");
	ck_assert_str_eq(p, "");
	free(p);

	/* At most N bytes, and no further than a NUL. */
	p = xstrndup("abcdef", 3);
	ck_assert_str_eq(p, "abc");
	free(p);
	p = xstrndup("ab\0cd", 5);
	ck_assert_str_eq(p, "ab");
	free(p);
	p = xstrndup("abc", 0);
	ck_assert_str_eq(p, "");
	free(p);
	/* N past the end of the string: nothing past its NUL is read
	 * (valgrind, when make check runs under it, would see it). */
	q = xmalloc(4);
	memcpy(q, "abc", 4);
	p = xstrndup(q, 4096);
	ck_assert_str_eq(p, "abc");
	free(p);
	free(q);

	/* LEN bytes, NULs among them, and one more. */
	p = xmemdup0("a\0b", 3);
	ck_assert_int_eq(memcmp(p, "a\0b\0", 4), 0);
	free(p);
	p = xmemdup0(NULL, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p[0], '\0');
	free(p);

	ck_assert_int_eq(xasprintf(&q, "%s:%lu:%d", "jd.csv", 12UL, -3), 12);
	ck_assert_str_eq(q, "jd.csv:12:-3");
	free(q);
	ck_assert_int_eq(xasprintf(&q, "%s", ""), 0);
	ck_assert_str_eq(q, "");
	free(q);
}
END_TEST

START_TEST(test_sizes_and_growth)
{
	unsigned char *p;
	int *v;

	/* Zero sizes still give memory of their own. */
	p = xmalloc(0);
	ck_assert_ptr_nonnull(p);
	free(p);
	p = xcalloc(0, 0);
	ck_assert_ptr_nonnull(p);
	free(p);
	p = xrealloc(NULL, 0);
	ck_assert_ptr_nonnull(p);
	free(p);

	p = xcalloc(64, 3);
	for (size_t i = 0; i < 64 * 3; i++)
		ck_assert_int_eq(p[i], 0);
	memset(p, 0xAB, 64 * 3);
	p = xrealloc(p, 4096);
	for (size_t i = 0; i < 64 * 3; i++)
		ck_assert_int_eq(p[i], 0xAB);
	free(p);

	/* An array grown element by element keeps what it held. */
	v = NULL;
	for (int n = 1; n <= 1000; n++) {
		v = xreallocarray(v, (size_t)n, sizeof(*v));
		v[n - 1] = n * 7;
	}
	for (int n = 1; n <= 1000; n++)
		ck_assert_int_eq(v[n - 1], n * 7);
	v = xreallocarray(v, 10, sizeof(*v));
	ck_assert_int_eq(v[9], 70);
	free(v);
	/* Zero elements, or zero-sized ones, are no overflow. */
	p = xreallocarray(NULL, 0, SIZE_MAX);
	ck_assert_ptr_nonnull(p);
	free(p);
	p = xreallocarray(NULL, SIZE_MAX, 0);
	ck_assert_ptr_nonnull(p);
	free(p);
}
END_TEST

/*
 * Runs xreallocarray(NULL, N, SZ) in a child whose standard error is a
 * pipe; returns its exit status and leaves what it wrote in OUT.
 */
static int
overflow_child(size_t n, size_t sz, char *out, size_t outsz)
{
	int fds[2], st;
	size_t len = 0;
	ssize_t r;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		close(fds[1]);
		free(xreallocarray(NULL, n, sz));
		_exit(0);	/* not reached when it overflows */
	}
	close(fds[1]);
	while (len < outsz - 1 &&
	    (r = read(fds[0], out + len, outsz - 1 - len)) > 0)
		len += (size_t)r;
	out[len] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

START_TEST(test_overflow_stops)
{
	char out[4096];

	ck_assert_int_eq(overflow_child(SIZE_MAX / 2 + 1, 2, out,
	    sizeof(out)), 2);
	/* The message first (valgrind, when make check runs under it,
	 * may add lines of its own after it). */
	ck_assert_msg(strncmp(out, "roleaudit: out of memory\n", 25) == 0,
	    "%s", out);
	ck_assert_int_eq(overflow_child(SIZE_MAX / 16, 17, out,
	    sizeof(out)), 2);
	/* A size that fits returns. */
	ck_assert_int_eq(overflow_child(1, 1, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

Suite *
xalloc_suite(void)
{
	Suite *s = suite_create("xalloc");
	TCase *tc = tcase_create("alloc");

	tcase_add_test(tc, test_copies);
	tcase_add_test(tc, test_sizes_and_growth);
	tcase_add_test(tc, test_overflow_stops);
	suite_add_tcase(s, tc);
	return s;
}
