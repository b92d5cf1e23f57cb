/*
 * check_outfile.c — --output written whole or not at all: the file
 * appears only when it is committed, a discarded or failed write leaves
 * the old file and no temporary file behind, a missing folder or a
 * directory fails cleanly, the new file's mode follows the umask, a
 * replaced file keeps its mode and owner, a symbolic link is kept and
 * the file it leads to replaced (or created), a FIFO or /dev/stdout is
 * written directly instead of being replaced, and an output that is one
 * of the run's inputs, by any name, is refused.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "suites.h"
#include "testutil.h"

static char	 tmpdir[256];
static char	 target[512];
static char	 diagpath[512];
static FILE	*diagfp;

static void
setup(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/check_outfile.XXXXXX",
	    t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	/* The output folder holds nothing but what outfile writes;
	 * diagnostics go to a file beside it. */
	snprintf(target, sizeof(target), "%s/out", tmpdir);
	ck_assert_int_eq(mkdir(target, 0700), 0);
	snprintf(target, sizeof(target), "%s/out/report.csv", tmpdir);
	snprintf(diagpath, sizeof(diagpath), "%s/diag.txt", tmpdir);
	diagfp = fopen(diagpath, "w+");
	ck_assert_ptr_nonnull(diagfp);
	diag_set_stream(diagfp);
	diag_reset();
}

static void
teardown(void)
{
	diag_set_stream(NULL);
	diag_reset();
	fclose(diagfp);
	tu_rmdir(tmpdir);
}

/* The names in the output folder, sorted, joined by spaces. */
static const char *
listing(void)
{
	static char buf[1024];
	char dir[512];
	struct dirent **v;
	int n;

	snprintf(dir, sizeof(dir), "%s/out", tmpdir);
	n = scandir(dir, &v, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") != 0 &&
		    strcmp(v[i]->d_name, "..") != 0) {
			if (buf[0] != '\0')
				strcat(buf, " ");
			strncat(buf, v[i]->d_name,
			    sizeof(buf) - strlen(buf) - 2);
		}
		free(v[i]);
	}
	free(v);
	return buf;
}

/* The content of PATH (static buffer), or NULL when it does not
 * exist. */
static const char *
slurp(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL) {
		ck_assert_int_eq(errno, ENOENT);
		return NULL;
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* What diag wrote since setup. */
static const char *
diagtext(void)
{
	static char buf[4096];
	size_t n;

	fflush(diagfp);
	rewind(diagfp);
	n = fread(buf, 1, sizeof(buf) - 1, diagfp);
	buf[n] = '\0';
	return buf;
}

START_TEST(test_commit_new_file)
{
	struct outfile *of = outfile_open(target);
	char tmpname[600];
	const char *l;

	ck_assert_ptr_nonnull(of);
	ck_assert_ptr_nonnull(outfile_fp(of));
	ck_assert_ptr_ne(outfile_fp(of), stdout);
	fputs("id,kind\n1,ops\n", outfile_fp(of));
	fflush(outfile_fp(of));
	/* Until it is committed, only a temporary file beside it. */
	ck_assert_ptr_null(slurp(target));
	l = listing();
	ck_assert_msg(strncmp(l, "report.csv.tmp", 14) == 0 &&
	    strchr(l, ' ') == NULL, "%s", l);
	snprintf(tmpname, sizeof(tmpname), "%s/out/%s", tmpdir, l);
	ck_assert_str_eq(slurp(tmpname), "id,kind\n1,ops\n");

	ck_assert_int_eq(outfile_close(of, 1), 0);
	ck_assert_str_eq(slurp(target), "id,kind\n1,ops\n");
	ck_assert_str_eq(listing(), "report.csv");
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);
	ck_assert_str_eq(diagtext(), "");
}
END_TEST

START_TEST(test_replace_and_discard)
{
	struct outfile *of;

	put(target, "old\n");
	/* Discarded: the old file as it was, no temporary file. */
	of = outfile_open(target);
	ck_assert_ptr_nonnull(of);
	fputs("new\n", outfile_fp(of));
	ck_assert_str_eq(slurp(target), "old\n");
	ck_assert_int_eq(outfile_close(of, 0), 0);
	ck_assert_str_eq(slurp(target), "old\n");
	ck_assert_str_eq(listing(), "report.csv");

	/* A discarded new file leaves nothing at all. */
	ck_assert_int_eq(unlink(target), 0);
	of = outfile_open(target);
	ck_assert_ptr_nonnull(of);
	fputs("new\n", outfile_fp(of));
	ck_assert_int_eq(outfile_close(of, 0), 0);
	ck_assert_str_eq(listing(), "");

	/* Committed over an old file: replaced whole. */
	put(target, "old and longer than the new content\n");
	of = outfile_open(target);
	ck_assert_ptr_nonnull(of);
	fputs("new\n", outfile_fp(of));
	ck_assert_str_eq(slurp(target),
	    "old and longer than the new content\n");
	ck_assert_int_eq(outfile_close(of, 1), 0);
	ck_assert_str_eq(slurp(target), "new\n");
	ck_assert_str_eq(listing(), "report.csv");
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);

	/* Closing nothing is allowed. */
	ck_assert_int_eq(outfile_close(NULL, 1), 0);
}
END_TEST

/* Discarded because the run failed: a note says what became of FILE;
 * discarded for another reason (the caller reported it), no note. */
START_TEST(test_failed_run_is_noted)
{
	struct outfile *of;
	char msg[1024];
	size_t n;

	put(target, "old\n");
	of = outfile_open(target);
	ck_assert_ptr_nonnull(of);
	fputs("new\n", outfile_fp(of));
	ck_assert_int_eq(outfile_close(of, OUTFILE_FAILED_RUN), 0);
	ck_assert_str_eq(slurp(target), "old\n");
	ck_assert_int_eq(unlink(target), 0);
	of = outfile_open(target);
	ck_assert_ptr_nonnull(of);
	ck_assert_int_eq(outfile_close(of, OUTFILE_FAILED_RUN), 0);
	ck_assert_str_eq(listing(), "");
	of = outfile_open(target);
	ck_assert_ptr_nonnull(of);
	ck_assert_int_eq(outfile_close(of, 0), 0);
	fflush(diagfp);
	rewind(diagfp);
	n = fread(msg, 1, sizeof(msg) - 1, diagfp);
	msg[n] = '\0';
	ck_assert_ptr_nonnull(strstr(msg, "report.csv: note: not written, as "
	    "the run did not finish cleanly; the file was left unchanged\n"));
	ck_assert_ptr_nonnull(strstr(msg, "report.csv: note: not written, as "
	    "the run did not finish cleanly; no file was made\n"));
	ck_assert_ptr_null(strstr(strstr(msg, "no file was made") + 1,
	    "not written"));
}
END_TEST

START_TEST(test_mode_follows_umask)
{
	static const mode_t masks[] = { 022, 077, 027 };
	struct stat st;
	mode_t old = umask(022);

	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		struct outfile *of;

		umask(masks[i]);
		of = outfile_open(target);
		ck_assert_ptr_nonnull(of);
		fputs("x\n", outfile_fp(of));
		ck_assert_int_eq(outfile_close(of, 1), 0);
		ck_assert_int_eq(stat(target, &st), 0);
		ck_assert_msg((st.st_mode & 07777) == (0666 & ~masks[i]),
		    "umask %03o: mode %03o", (unsigned)masks[i],
		    (unsigned)(st.st_mode & 07777));
		ck_assert_int_eq(unlink(target), 0);
	}
	umask(old);
}
END_TEST

/* Replacing a file keeps its permissions and, when allowed, its owner
 * and group: an export readable by HR only stays so, whatever the
 * umask. */
START_TEST(test_replace_keeps_mode)
{
	static const mode_t modes[] = { 0640, 0600, 0664, 0444 };
	struct stat st;
	mode_t old = umask(022);

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct outfile *of;

		umask(i % 2 ? 077 : 022);
		put(target, "old\n");
		ck_assert_int_eq(chmod(target, modes[i]), 0);
		of = outfile_open(target);
		ck_assert_ptr_nonnull(of);
		fputs("new\n", outfile_fp(of));
		ck_assert_int_eq(outfile_close(of, 1), 0);
		ck_assert_str_eq(slurp(target), "new\n");
		ck_assert_int_eq(stat(target, &st), 0);
		ck_assert_msg((st.st_mode & 07777) == modes[i],
		    "mode %03o became %03o", (unsigned)modes[i],
		    (unsigned)(st.st_mode & 07777));
		ck_assert_int_eq(unlink(target), 0);
	}
	umask(old);

	/* Another owner and group, where this user may give them (root):
	 * kept too. */
	put(target, "old\n");
	if (chown(target, 4242, 4343) == 0) {
		struct outfile *of = outfile_open(target);

		ck_assert_ptr_nonnull(of);
		ck_assert_int_eq(outfile_close(of, 1), 0);
		ck_assert_int_eq(stat(target, &st), 0);
		ck_assert_uint_eq(st.st_uid, 4242);
		ck_assert_uint_eq(st.st_gid, 4343);
	}
	ck_assert_str_eq(listing(), "report.csv");
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);
}
END_TEST

START_TEST(test_missing_folder_and_directory)
{
	char path[600];

	/* A folder that does not exist: no state, one error, nothing
	 * created. */
	snprintf(path, sizeof(path), "%s/out/missing/report.csv", tmpdir);
	ck_assert_ptr_null(outfile_open(path));
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 1);
	ck_assert_str_eq(listing(), "");
	{
		char want[800];

		snprintf(want, sizeof(want), "roleaudit: %s: cannot create "
		    "a file beside it: %s\n", path, strerror(ENOENT));
		ck_assert_str_eq(diagtext(), want);
	}

	/* A directory is no file name. */
	snprintf(path, sizeof(path), "%s/out", tmpdir);
	ck_assert_ptr_null(outfile_open(path));
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 2);
	ck_assert_ptr_nonnull(strstr(diagtext(), ": is a directory: give a "
	    "file name for --output\n"));
	ck_assert_str_eq(listing(), "");
}
END_TEST

/* Writes 64 KiB to the target through an outfile under a file size
 * limit of 1 KiB (the writes fail with EFBIG); returns outfile_close(). */
static int
write_past_limit(void)
{
	struct rlimit rl, old;
	struct outfile *of;
	void (*oldsig)(int);
	char big[4096];
	int rc;

	of = outfile_open(target);
	ck_assert_ptr_nonnull(of);
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	rl = old;
	rl.rlim_cur = 1024;
	oldsig = signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	for (int i = 0; i < 16; i++)
		fwrite(big, 1, sizeof(big), outfile_fp(of));
	rc = outfile_close(of, 1);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, oldsig);
	return rc;
}

START_TEST(test_write_error_keeps_old_file)
{
	put(target, "old\n");
	ck_assert_int_eq(write_past_limit(), -1);
	ck_assert_str_eq(slurp(target), "old\n");
	ck_assert_str_eq(listing(), "report.csv");
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 1);
	{
		char want[800];

		snprintf(want, sizeof(want), "roleaudit: %s: write failed: "
		    "%s; the file was left unchanged\n", target,
		    strerror(EFBIG));
		ck_assert_str_eq(diagtext(), want);
	}
}
END_TEST

/* The same with no file there before: none is left, and the message
 * does not speak of a file left unchanged. */
START_TEST(test_write_error_makes_no_file)
{
	char want[800];

	ck_assert_int_eq(write_past_limit(), -1);
	ck_assert_str_eq(listing(), "");
	snprintf(want, sizeof(want), "roleaudit: %s: write failed: %s; no "
	    "file was made\n", target, strerror(EFBIG));
	ck_assert_str_eq(diagtext(), want);
}
END_TEST

START_TEST(test_fifo_written_directly)
{
	struct outfile *of;
	struct stat st;
	char buf[64];
	ssize_t n;
	int rfd;

	ck_assert_int_eq(mkfifo(target, 0600), 0);
	/* A reader first, so that opening for writing does not wait. */
	rfd = open(target, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rfd, 0);
	of = outfile_open(target);
	ck_assert_ptr_nonnull(of);
	fputs("through the pipe\n", outfile_fp(of));
	ck_assert_int_eq(outfile_close(of, 1), 0);
	n = read(rfd, buf, sizeof(buf) - 1);
	ck_assert_int_eq(n, 17);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "through the pipe\n");
	close(rfd);
	/* Still the FIFO, and nothing beside it. */
	ck_assert_int_eq(lstat(target, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_str_eq(listing(), "report.csv");
}
END_TEST

/* A symbolic link to a regular file: the file it leads to is replaced,
 * its mode kept, the temporary file made beside it (not beside the
 * link), and the link stays a link. */
START_TEST(test_symlink_to_regular_file)
{
	char lnk[600], chain[600], away[600], tmpname[600], buf[600];
	struct outfile *of;
	struct stat st;
	const char *l;
	ssize_t n;

	put(target, "old\n");
	ck_assert_int_eq(chmod(target, 0640), 0);
	snprintf(lnk, sizeof(lnk), "%s/out/link.csv", tmpdir);
	ck_assert_int_eq(symlink("report.csv", lnk), 0);
	of = outfile_open(lnk);
	ck_assert_ptr_nonnull(of);
	fputs("new\n", outfile_fp(of));
	fflush(outfile_fp(of));
	l = listing();
	ck_assert_msg(strncmp(l, "link.csv report.csv report.csv.tmp", 34) == 0,
	    "%s", l);
	snprintf(tmpname, sizeof(tmpname), "%s/out/%s", tmpdir, l + 20);
	ck_assert_str_eq(slurp(tmpname), "new\n");
	ck_assert_str_eq(slurp(target), "old\n");
	ck_assert_int_eq(outfile_close(of, 1), 0);
	ck_assert_str_eq(slurp(target), "new\n");
	ck_assert_str_eq(listing(), "link.csv report.csv");
	ck_assert_int_eq(lstat(lnk, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	n = readlink(lnk, buf, sizeof(buf) - 1);
	ck_assert_int_eq(n, 10);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "report.csv");
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);

	/* A chain of links, the first in another folder and relative to
	 * it; discarded, then committed. */
	snprintf(away, sizeof(away), "%s/away", tmpdir);
	ck_assert_int_eq(mkdir(away, 0700), 0);
	snprintf(chain, sizeof(chain), "%s/away/chain.csv", tmpdir);
	ck_assert_int_eq(symlink("../out/link.csv", chain), 0);
	of = outfile_open(chain);
	ck_assert_ptr_nonnull(of);
	fputs("discarded\n", outfile_fp(of));
	ck_assert_int_eq(outfile_close(of, 0), 0);
	ck_assert_str_eq(slurp(target), "new\n");
	ck_assert_str_eq(listing(), "link.csv report.csv");
	of = outfile_open(chain);
	ck_assert_ptr_nonnull(of);
	fputs("through two links\n", outfile_fp(of));
	ck_assert_int_eq(outfile_close(of, 1), 0);
	ck_assert_str_eq(slurp(target), "through two links\n");
	ck_assert_str_eq(listing(), "link.csv report.csv");
	ck_assert_int_eq(lstat(chain, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);
}
END_TEST

/* A link to a file that does not exist yet creates that file (with the
 * umask's mode) and keeps the link; a link into a missing folder or a
 * loop of links fails and creates nothing. */
START_TEST(test_dangling_symlink)
{
	char lnk[600], loop[600], want[2048];
	struct outfile *of;
	struct stat st;
	mode_t old = umask(027);

	snprintf(lnk, sizeof(lnk), "%s/out/link.csv", tmpdir);
	ck_assert_int_eq(symlink("report.csv", lnk), 0);
	of = outfile_open(lnk);
	ck_assert_ptr_nonnull(of);
	fputs("new\n", outfile_fp(of));
	ck_assert_int_eq(outfile_close(of, 1), 0);
	umask(old);
	ck_assert_str_eq(slurp(target), "new\n");
	ck_assert_str_eq(listing(), "link.csv report.csv");
	ck_assert_int_eq(lstat(lnk, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(lstat(target, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);

	ck_assert_int_eq(unlink(lnk), 0);
	ck_assert_int_eq(unlink(target), 0);
	ck_assert_int_eq(symlink("missing/report.csv", lnk), 0);
	ck_assert_ptr_null(outfile_open(lnk));
	snprintf(loop, sizeof(loop), "%s/out/loop", tmpdir);
	ck_assert_int_eq(symlink("loop", loop), 0);
	ck_assert_ptr_null(outfile_open(loop));
	snprintf(want, sizeof(want), "roleaudit: %s: cannot create a file "
	    "beside %s/out/missing/report.csv, where the link leads: %s\n"
	    "roleaudit: %s: cannot follow the symbolic link: %s\n", lnk,
	    tmpdir, strerror(ENOENT), loop, strerror(ELOOP));
	ck_assert_str_eq(diagtext(), want);
	ck_assert_str_eq(listing(), "link.csv loop");
}
END_TEST

/* /dev/stdout and /dev/fd/N lead through /proc to a file that is
 * already open: written directly, never replaced, so that a shell's
 * ">>" still appends. */
START_TEST(test_proc_fd_written_directly)
{
	char path[64];
	struct outfile *of;
	struct stat before, after;
	int fd, saved;

	if (access("/proc/self/fd", F_OK) != 0)
		return;
	put(target, "first\n");
	ck_assert_int_eq(stat(target, &before), 0);
	fd = open(target, O_WRONLY | O_APPEND);
	ck_assert_int_ge(fd, 0);
	/* The file standard output writes is written through it. */
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
	of = outfile_open("/proc/self/fd/1");
	ck_assert_ptr_nonnull(of);
	ck_assert_ptr_eq(outfile_fp(of), stdout);
	fputs("second\n", outfile_fp(of));
	ck_assert_int_eq(outfile_close(of, 1), 0);
	ck_assert_int_eq(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
	close(saved);
	ck_assert_str_eq(slurp(target), "first\nsecond\n");
	/* Another descriptor's file is opened and written, not replaced. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	of = outfile_open(path);
	ck_assert_ptr_nonnull(of);
	fputs("third\n", outfile_fp(of));
	ck_assert_int_eq(outfile_close(of, 1), 0);
	close(fd);
	ck_assert_str_eq(slurp(target), "third\n");
	ck_assert_int_eq(stat(target, &after), 0);
	ck_assert_uint_eq(after.st_ino, before.st_ino);
	ck_assert_str_eq(listing(), "report.csv");
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);
}
END_TEST

START_TEST(test_standard_output)
{
	struct outfile *of = outfile_open(NULL);

	ck_assert_ptr_nonnull(of);
	ck_assert_ptr_eq(outfile_fp(of), stdout);
	ck_assert_int_eq(outfile_close(of, 1), 0);
	of = outfile_open("-");
	ck_assert_ptr_nonnull(of);
	ck_assert_ptr_eq(outfile_fp(of), stdout);
	ck_assert_int_eq(outfile_close(of, 0), 0);
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);
}
END_TEST

START_TEST(test_guard_refuses_an_input)
{
	char other[600], lnk[600], slnk[600], dangling[600], fifo[600];
	char want[4096];
	char *in[3];
	FILE *fp;

	snprintf(other, sizeof(other), "%s/out/other.csv", tmpdir);
	snprintf(lnk, sizeof(lnk), "%s/out/link.csv", tmpdir);
	snprintf(fifo, sizeof(fifo), "%s/out/pipe", tmpdir);
	snprintf(slnk, sizeof(slnk), "%s/out/symlink.csv", tmpdir);
	snprintf(dangling, sizeof(dangling), "%s/out/dangling.csv", tmpdir);
	for (int i = 0; i < 2; i++) {
		fp = fopen(i ? other : target, "w");
		ck_assert_ptr_nonnull(fp);
		fputs("title,description\n", fp);
		fclose(fp);
	}
	ck_assert_int_eq(link(target, lnk), 0);
	ck_assert_int_eq(symlink("report.csv", slnk), 0);
	ck_assert_int_eq(symlink("new.csv", dangling), 0);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	/* Inputs: standard input, the target and a FIFO. */
	in[0] = "-";
	in[1] = target;
	in[2] = fifo;
	/* No output, standard output, a new file, another file, a FIFO
	 * (written, not replaced): nothing to refuse. */
	ck_assert_int_eq(outfile_guard(NULL, "--output", in, 3), 0);
	ck_assert_int_eq(outfile_guard("-", "--output", in, 3), 0);
	ck_assert_int_eq(outfile_guard("no-such-file", "--output", in, 3), 0);
	ck_assert_int_eq(outfile_guard(other, "--output", in, 3), 0);
	ck_assert_int_eq(outfile_guard(fifo, "--output", in, 3), 0);
	ck_assert_int_eq(outfile_guard(dangling, "--output", in, 3), 0);
	ck_assert_uint_eq(diag_count(DIAG_ERROR), 0);
	/* The same name, a hard link and a symbolic link to an input. */
	ck_assert_int_eq(outfile_guard(target, "--write-baseline", in, 3), -1);
	ck_assert_int_eq(outfile_guard(lnk, "--output", in, 3), -1);
	ck_assert_int_eq(outfile_guard(slnk, "--output", in, 3), -1);
	snprintf(want, sizeof(want), "roleaudit: %s: --write-baseline names "
	    "a file this run reads, which it would overwrite: give another "
	    "path\nroleaudit: %s: --output names a file this run reads (%s), "
	    "which it would overwrite: give another path\nroleaudit: %s: "
	    "--output names a file this run reads (%s), which it would "
	    "overwrite: give another path\n", target, lnk, target, slnk,
	    target);
	ck_assert_str_eq(diagtext(), want);
	/* Nothing was written or removed. */
	ck_assert_str_eq(listing(), "dangling.csv link.csv other.csv pipe "
	    "report.csv symlink.csv");
	/* One file under two names, one name twice, two files. */
	ck_assert_int_eq(outfile_same(lnk, target), 1);
	ck_assert_int_eq(outfile_same(slnk, target), 1);
	ck_assert_int_eq(outfile_same("not/there", "not/there"), 1);
	ck_assert_int_eq(outfile_same(other, target), 0);
	ck_assert_int_eq(outfile_same("not/there", target), 0);
	/* Two names of one file that does not exist yet: a dangling link
	 * and the file it leads to, two spellings of one path. */
	snprintf(other, sizeof(other), "%s/out/new.csv", tmpdir);
	ck_assert_int_eq(outfile_same(dangling, other), 1);
	snprintf(lnk, sizeof(lnk), "%s/out/./new.csv", tmpdir);
	ck_assert_int_eq(outfile_same(lnk, other), 1);
	snprintf(lnk, sizeof(lnk), "%s/out/other.csv", tmpdir);
	ck_assert_int_eq(outfile_same(dangling, lnk), 0);
	snprintf(lnk, sizeof(lnk), "%s/out/new.json", tmpdir);
	ck_assert_int_eq(outfile_same(lnk, other), 0);
}
END_TEST

Suite *
outfile_suite(void)
{
	Suite *s = suite_create("outfile");
	TCase *tc = tcase_create("atomic");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_commit_new_file);
	tcase_add_test(tc, test_replace_and_discard);
	tcase_add_test(tc, test_failed_run_is_noted);
	tcase_add_test(tc, test_mode_follows_umask);
	tcase_add_test(tc, test_replace_keeps_mode);
	tcase_add_test(tc, test_missing_folder_and_directory);
	tcase_add_test(tc, test_write_error_keeps_old_file);
	tcase_add_test(tc, test_write_error_makes_no_file);
	tcase_add_test(tc, test_fifo_written_directly);
	tcase_add_test(tc, test_symlink_to_regular_file);
	tcase_add_test(tc, test_dangling_symlink);
	tcase_add_test(tc, test_proc_fd_written_directly);
	tcase_add_test(tc, test_standard_output);
	tcase_add_test(tc, test_guard_refuses_an_input);
	suite_add_tcase(s, tc);
	return s;
}
