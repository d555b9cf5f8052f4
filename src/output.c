/*
 * output.c: atomic output files and their clean-up on signals (output.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "msg.h"
#include "output.h"
#include "split.h"
#include "util.h"

/*
 * Temporary files that exist now.  `live` is set only once `path` holds
 * the complete name of a created file, and cleared before the name
 * changes; both happen with the signals blocked.  One slot for each
 * file that may be open at once: the report, the --per-image file and
 * the --sample-weights file of a run, or the report and the lists of
 * `mfweights split` (SPLIT_MAX_PARTS).
 */
static struct tmpslot {
	char path[PATH_MAX];
	volatile sig_atomic_t live;
} slots[SPLIT_MAX_PARTS + 2];

struct outfile {
	const char *path; /* as given, for messages */
	FILE *f;
	int fd;
	int direct; /* stdout or not a regular file: no rename */
	int is_stdout;
	struct tmpslot *slot; /* the temporary file, when not direct */
	mode_t mode;          /* of the file created */
};

static void
block(sigset_t *old)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &s, old);
}

static void
unblock(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

void
output_cleanup(void)
{
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
		if (slots[i].live)
			unlink(slots[i].path);
}

static void
onsignal(int sig)
{
	output_cleanup();
	_exit(128 + sig);
}

void
output_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	/* SIGHUP ignored when we started (nohup) stays ignored, as the user
	 * meant; SIGINT and SIGTERM always stop the run, even in a
	 * background job of a shell that started us with them ignored. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	{
		struct sigaction cur;

		if (sigaction(SIGHUP, NULL, &cur) == 0 &&
		    cur.sa_handler != SIG_IGN)
			sigaction(SIGHUP, &sa, NULL);
	}
}

/* Create the temporary file beside path in a free slot: fd, or -1. */
static int
make_temp(struct outfile *of)
{
	const char *slash = strrchr(of->path, '/');
	struct tmpslot *s = NULL;
	sigset_t old;
	size_t i;
	int fd, e;

	for (i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
		if (!slots[i].live && slots[i].path[0] == '\0')
			s = &slots[i];
	if (s == NULL) {
		errno = EMFILE;
		return -1;
	}
	if (slash != NULL &&
	    (size_t)(slash - of->path) + 20 >= sizeof(s->path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	block(&old);
	if (slash == NULL)
		snprintf(s->path, sizeof(s->path), ".mfweights-XXXXXX");
	else
		snprintf(s->path, sizeof(s->path), "%.*s/.mfweights-XXXXXX",
		    (int)(slash - of->path), of->path);
	fd = mkstemp(s->path);
	e = errno;
	if (fd >= 0) {
		s->live = 1;
		of->slot = s;
	} else
		s->path[0] = '\0';
	unblock(&old);
	errno = e;
	return fd;
}

/* Forget the slot, removing its file unless it was renamed. */
static void
drop_temp(struct outfile *of, int unlink_it)
{
	sigset_t old;

	if (of->slot == NULL)
		return;
	block(&old);
	if (unlink_it)
		unlink(of->slot->path);
	of->slot->live = 0;
	of->slot->path[0] = '\0';
	unblock(&old);
	of->slot = NULL;
}

struct outfile *
output_open(const char *path)
{
	struct outfile *of = xcalloc(1, sizeof(*of));
	struct stat sb;
	mode_t mask;

	of->fd = -1;
	of->path = path;
	if (path == NULL || strcmp(path, "-") == 0) {
		of->direct = of->is_stdout = 1;
		of->fd = STDOUT_FILENO;
		of->f = stdout;
		return of;
	}
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		/* /dev/null, a FIFO, a terminal: no rename possible. */
		of->direct = 1;
		if ((of->fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
			goto fail;
	} else {
		mask = umask(0);
		umask(mask);
		of->mode = 0666 & ~mask;
		if ((of->fd = make_temp(of)) < 0) {
			msg_file(path,
			    "cannot create a temporary file beside it: %s",
			    strerror(errno));
			free(of);
			return NULL;
		}
	}
	if ((of->f = fdopen(of->fd, "w")) == NULL)
		goto fail;
	return of;
fail:
	msg_file(path, "cannot write: %s", strerror(errno));
	if (of->fd >= 0)
		close(of->fd);
	drop_temp(of, 1);
	free(of);
	return NULL;
}

FILE *
output_stream(struct outfile *of)
{
	return of->f;
}

const char *
output_path(const struct outfile *of)
{
	return of->path != NULL ? of->path : "-";
}

int
output_commit(struct outfile *of)
{
	int e = 0, rc = 0;

	if (of->is_stdout) {
		if (fflush(stdout) != 0) {
			if (errno == EPIPE) {
				signal(SIGPIPE, SIG_DFL);
				raise(SIGPIPE);
			}
			msg_err("write error on standard output: %s",
			    strerror(errno));
			rc = -1;
		}
		free(of);
		return rc;
	}
	if (fflush(of->f) != 0 || ferror(of->f))
		e = errno ? errno : EIO;
	if (!of->direct && e == 0 && fchmod(fileno(of->f), of->mode) != 0)
		e = errno;
	if (fclose(of->f) != 0 && e == 0)
		e = errno;
	if (!of->direct && e == 0 && rename(of->slot->path, of->path) != 0)
		e = errno;
	drop_temp(of, e != 0);
	if (e != 0) {
		msg_file(of->path, "cannot write: %s", strerror(e));
		rc = -1;
	}
	free(of);
	return rc;
}

void
output_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	if (!of->is_stdout)
		fclose(of->f);
	drop_temp(of, 1);
	free(of);
}

int
output_write(const char *path, const char *buf, size_t len)
{
	struct outfile *of;

	if (path == NULL || strcmp(path, "-") == 0) {
		/* Unbuffered: the bytes go out in as few writes as can be. */
		if (fd_write_all(STDOUT_FILENO, buf, len) != 0) {
			if (errno == EPIPE) {
				signal(SIGPIPE, SIG_DFL);
				raise(SIGPIPE);
			}
			msg_err("write error on standard output: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if ((of = output_open(path)) == NULL)
		return -1;
	if (fwrite(buf, 1, len, of->f) != len) {
		msg_file(path, "cannot write: %s", strerror(errno));
		output_abort(of);
		return -1;
	}
	return output_commit(of);
}
