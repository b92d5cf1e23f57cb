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

/* Links followed before giving up, as the kernel does (MAXSYMLINKS). */
#define MAX_LINKS	40

struct outfile {
	FILE	*fp;
	char	*path;		/* the name given, for messages */
	char	*dest;		/* what is replaced: PATH, or where its
				 * links lead */
	char	*tmp;		/* temporary name, NULL when direct */
	int	 existed;	/* DEST was there when opened */
	int	 is_stdout;
};

/* The text of the symbolic link PATH, or NULL with errno set. */
static char *
read_link(const char *path)
{
	for (size_t cap = 128;; cap *= 2) {
		char *buf = xmalloc(cap);
		ssize_t n = readlink(path, buf, cap);
		int err = errno;

		if (n >= 0 && (size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (n < 0) {
			errno = err;
			return NULL;
		}
	}
}

/* Where PATH leads: PATH itself when it is no symbolic link, else the
 * end of its chain of links, which need not exist yet (a dangling
 * link).  A relative link is read from the folder it is in.  *MAGIC is
 * set when a link in the chain is one of /proc's (/dev/stdout leads to
 * /proc/self/fd/1): their text only names what is open, it is no place
 * to write a file beside, and the chain stops there.  Returns a new
 * string, or NULL with errno set (ELOOP for a loop). */
static char *
link_target(const char *path, int *magic)
{
	struct stat st, proc;
	int have_proc = stat("/proc", &proc) == 0;
	char *cur = xstrdup(path);

	*magic = 0;
	for (int hops = 0; lstat(cur, &st) == 0 && S_ISLNK(st.st_mode);
	    hops++) {
		const char *slash;
		char *to, *next;

		if (have_proc && st.st_dev == proc.st_dev) {
			*magic = 1;
			break;
		}
		if (hops == MAX_LINKS || (to = read_link(cur)) == NULL) {
			if (hops == MAX_LINKS)
				errno = ELOOP;
			free(cur);
			return NULL;
		}
		if (to[0] != '/' && (slash = strrchr(cur, '/')) != NULL) {
			xasprintf(&next, "%.*s%s", (int)(slash - cur + 1), cur,
			    to);
			free(to);
		} else
			next = to;
		free(cur);
		cur = next;
	}
	return cur;
}

/* Whether A and B, paths that do not exist, name one entry of one
 * folder. */
static int
same_place(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	const char *ba = sa ? sa + 1 : a, *bb = sb ? sb + 1 : b;
	struct stat da, db;
	char *fa, *fb;
	int same;

	if (strcmp(ba, bb) != 0)
		return 0;
	fa = sa == NULL ? xstrdup(".") : sa == a ? xstrdup("/") :
	    xstrndup(a, (size_t)(sa - a));
	fb = sb == NULL ? xstrdup(".") : sb == b ? xstrdup("/") :
	    xstrndup(b, (size_t)(sb - b));
	same = stat(fa, &da) == 0 && stat(fb, &db) == 0 &&
	    da.st_dev == db.st_dev && da.st_ino == db.st_ino;
	free(fa);
	free(fb);
	return same;
}

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
	char *ra, *rb;
	int ea, eb, ma, mb, same;

	if (strcmp(a, b) == 0)
		return 1;
	ea = stat(a, &sa) == 0;
	eb = stat(b, &sb) == 0;
	if (ea || eb)
		return ea && eb && sa.st_dev == sb.st_dev &&
		    sa.st_ino == sb.st_ino;
	/* Neither there yet: the same if both would be written as one
	 * name in one folder (a dangling link and where it leads,
	 * "./x" and "x"). */
	ra = link_target(a, &ma);
	rb = link_target(b, &mb);
	same = ra != NULL && rb != NULL && same_place(ra, rb);
	free(ra);
	free(rb);
	return same;
}

struct outfile *
outfile_open(const char *path)
{
	struct outfile *of = xcalloc(1, sizeof(*of));
	struct stat st, out;
	int fd, magic, exists;
	mode_t um;

	if (path == NULL || strcmp(path, "-") == 0) {
		of->fp = stdout;
		of->is_stdout = 1;
		return of;
	}
	of->path = xstrdup(path);
	/* A symbolic link stays: the file it leads to is replaced, or
	 * created when the link dangles. */
	if ((of->dest = link_target(path, &magic)) == NULL) {
		diag(DIAG_ERROR, path, 0, 0, "cannot follow the symbolic "
		    "link: %s", strerror(errno));
		goto fail;
	}
	exists = stat(magic ? path : of->dest, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		diag(DIAG_ERROR, path, 0, 0, "is a directory: give a "
		    "file name for --output");
		goto fail;
	}
	if (magic && exists && S_ISREG(st.st_mode) &&
	    fstat(STDOUT_FILENO, &out) == 0 && out.st_dev == st.st_dev &&
	    out.st_ino == st.st_ino) {
		/* /dev/stdout when standard output is a file: written
		 * through it, so that a shell's ">>" appends. */
		free(of->dest);
		free(of->path);
		of->dest = of->path = NULL;
		of->fp = stdout;
		of->is_stdout = 1;
		return of;
	}
	if (magic || (exists && !S_ISREG(st.st_mode))) {
		/* A device, a pipe, a file already open: write directly. */
		if ((of->fp = fopen(path, "w")) == NULL) {
			diag(DIAG_ERROR, path, 0, 0, "cannot open for writing: %s",
			    strerror(errno));
			goto fail;
		}
		return of;
	}
	of->existed = exists;
	xasprintf(&of->tmp, "%s.tmpXXXXXX", of->dest);
	if ((fd = mkstemp(of->tmp)) == -1) {
		if (strcmp(of->dest, path) == 0)
			diag(DIAG_ERROR, path, 0, 0, "cannot create a file "
			    "beside it: %s", strerror(errno));
		else
			diag(DIAG_ERROR, path, 0, 0, "cannot create a file "
			    "beside %s, where the link leads: %s", of->dest,
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
	free(of->dest);
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
			/* Said once: main()'s last flush would say it again. */
			clearerr(stdout);
			rc = -1;
		}
		free(of);
		return rc;
	}
	errno = 0;
	if (fflush(of->fp) != 0 || ferror(of->fp))
		rc = -1;
	err = errno;
	if (rc == 0 && ok > 0 && of->tmp != NULL &&
	    keep_mode(fileno(of->fp), of->dest) != 0)
		moderr = errno;
	if (fclose(of->fp) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0)
		diag(DIAG_ERROR, of->path, 0, 0, "write failed: %s%s",
		    strerror(err ? err : EIO), of->tmp == NULL ? "" :
		    of->existed ? "; the file was left unchanged" :
		    "; no file was made");
	else if (moderr != 0) {
		diag(DIAG_ERROR, of->path, 0, 0, "cannot give the new file "
		    "the old one's permissions: %s; the file was left "
		    "unchanged", strerror(moderr));
		rc = -1;
	}
	if (of->tmp != NULL) {
		if (rc == 0 && ok > 0) {
			if (rename(of->tmp, of->dest) != 0) {
				diag(DIAG_ERROR, of->path, 0, 0, "cannot rename "
				    "the finished output into place: %s",
				    strerror(errno));
				unlink(of->tmp);
				rc = -1;
			}
		} else {
			unlink(of->tmp);
			/* The run failed (its messages say why): say what
			 * became of the output the user asked for. */
			if (rc == 0 && ok == OUTFILE_FAILED_RUN)
				diag(DIAG_NOTE, of->path, 0, 0, "not written, as "
				    "the run did not finish cleanly; %s",
				    of->existed ? "the file was left unchanged" :
				    "no file was made");
		}
	}
	free(of->tmp);
	free(of->dest);
	free(of->path);
	free(of);
	return rc;
}
