/*
 * outfile.c — atomic output files (see outfile.h).  Used by every
 * command that writes a report.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "xalloc.h"

struct outfile {
	FILE	*fp;
	char	*path;		/* final name, NULL for stdout/direct */
	char	*tmp;		/* temporary name, NULL when direct */
	int	 is_stdout;
};

int
outfile_guard(const char *path, const char *opt, char *const *in,
    size_t nin)
{
	struct stat out, st;

	if (path == NULL || strcmp(path, "-") == 0 ||
	    stat(path, &out) != 0 || !S_ISREG(out.st_mode))
		return 0;
	for (size_t i = 0; i < nin; i++) {
		int is_stdin = in[i] != NULL && strcmp(in[i], "-") == 0;

		/* Standard input counts when it is that file
		 * (roleaudit audit -o x.csv - < x.csv). */
		if (in[i] == NULL || (is_stdin ? fstat(STDIN_FILENO, &st) :
		    stat(in[i], &st)) != 0)
			continue;
		if (st.st_dev == out.st_dev && st.st_ino == out.st_ino) {
			if (is_stdin)
				diag(DIAG_ERROR, path, 0, 0, "%s names the file "
				    "standard input reads, which it would "
				    "overwrite: give another path", opt);
			else if (strcmp(in[i], path) == 0)
				diag(DIAG_ERROR, path, 0, 0, "%s names a file "
				    "this run reads, which it would "
				    "overwrite: give another path", opt);
			else
				diag(DIAG_ERROR, path, 0, 0, "%s names a file "
				    "this run reads (%s), which it would "
				    "overwrite: give another path", opt, in[i]);
			return -1;
		}
	}
	return 0;
}

int
outfile_same(const char *a, const char *b)
{
	struct stat sa, sb;

	if (strcmp(a, b) == 0)
		return 1;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

struct outfile *
outfile_open(const char *path)
{
	struct outfile *of = xcalloc(1, sizeof(*of));
	struct stat st;
	mode_t um;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		of->fp = stdout;
		of->is_stdout = 1;
		return of;
	}
	of->path = xstrdup(path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			diag(DIAG_ERROR, path, 0, 0, "is a directory: give a "
			    "file name for --output");
			goto fail;
		}
		/* A device or a pipe: write directly. */
		if ((of->fp = fopen(path, "w")) == NULL) {
			diag(DIAG_ERROR, path, 0, 0, "cannot open for writing: %s",
			    strerror(errno));
			goto fail;
		}
		return of;
	}
	xasprintf(&of->tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(of->tmp)) == -1) {
		diag(DIAG_ERROR, path, 0, 0, "cannot create a file beside it: %s",
		    strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		goto fail;
	}
	um = umask(0);
	umask(um);
	(void)fchmod(fd, 0666 & ~um);
	if ((of->fp = fdopen(fd, "w")) == NULL) {
		diag(DIAG_ERROR, path, 0, 0, "cannot open for writing: %s",
		    strerror(errno));
		close(fd);
		unlink(of->tmp);
		goto fail;
	}
	return of;
fail:
	free(of->tmp);
	free(of->path);
	free(of);
	return NULL;
}

FILE *
outfile_fp(struct outfile *of)
{
	return of->fp;
}

/* Gives FD, the temporary file about to replace PATH, the mode of the
 * file at PATH and, where this user may, its owner and group: a file
 * readable by its group only must not become readable by all.  Nothing
 * to do when PATH is not there yet (the new file keeps the umask's
 * mode).  Returns 0, or -1 with errno set when the mode could not be
 * given. */
static int
keep_mode(int fd, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	/* The owner first (a change of owner may clear set-id bits), and
	 * the group alone when only that is allowed. */
	if (fchown(fd, st.st_uid, st.st_gid) != 0 && errno == EPERM)
		(void)fchown(fd, (uid_t)-1, st.st_gid);
	return fchmod(fd, st.st_mode & 07777);
}

int
outfile_close(struct outfile *of, int ok)
{
	int rc = 0, err, moderr = 0;

	if (of == NULL)
		return 0;
	if (of->is_stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			diag(DIAG_ERROR, NULL, 0, 0, "cannot write standard "
			    "output: %s", strerror(errno));
			rc = -1;
		}
		free(of);
		return rc;
	}
	errno = 0;
	if (fflush(of->fp) != 0 || ferror(of->fp))
		rc = -1;
	err = errno;
	if (rc == 0 && ok && of->tmp != NULL &&
	    keep_mode(fileno(of->fp), of->path) != 0)
		moderr = errno;
	if (fclose(of->fp) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0)
		diag(DIAG_ERROR, of->path, 0, 0, "write failed: %s%s",
		    strerror(err ? err : EIO), of->tmp ?
		    "; the file was left unchanged" : "");
	else if (moderr != 0) {
		diag(DIAG_ERROR, of->path, 0, 0, "cannot give the new file "
		    "the old one's permissions: %s; the file was left "
		    "unchanged", strerror(moderr));
		rc = -1;
	}
	if (of->tmp != NULL) {
		if (rc == 0 && ok) {
			if (rename(of->tmp, of->path) != 0) {
				diag(DIAG_ERROR, of->path, 0, 0, "cannot rename "
				    "the finished output into place: %s",
				    strerror(errno));
				unlink(of->tmp);
				rc = -1;
			}
		} else
			unlink(of->tmp);
	}
	free(of->tmp);
	free(of->path);
	free(of);
	return rc;
}
