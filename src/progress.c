/*
 * progress.c: progress on stderr, from its own thread.  At a terminal one
 * line redrawn in place four times a second; for logs (--progress without
 * a terminal) one line every five seconds.  It only reads the atomic
 * counters of struct progress_counts, so the workers never wait for it.
 *
 * The total: the walk hands files to the workers as it finds them,
 * throttled by their queue, so it ends only shortly before the run does.
 * A second thread (progress_count_ahead) counts the same files without
 * opening any: a walk of names, using the walk's own name filters
 * (scan.c), and a count of the entries of a --files-from file.  Its
 * number is an estimate (a file listed twice or a hard link counts
 * twice); once the walk is over the exact count replaces it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "progress.h"
#include "scan.h"
#include "util.h"

/* Deeper trees are counted no further (the total stays unknown). */
#define COUNT_DEPTH 256

struct progress {
	struct progress_counts *c;
	int mode;
	pthread_t tid;
	pthread_t ctid; /* the counting thread, if counting */
	int counting;
	const struct mfw_opts *o;
	atomic_int quit; /* the counting thread: stop now */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
	struct timespec t0;
};

static double
since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
line(struct progress *p, int final)
{
	unsigned long long d = atomic_load(&p->c->done), q, px, total = 0;
	double el = since(&p->t0), rate;
	char tot[32] = "?", eta[48] = "", buf[176];
	int known = 0;
	int n;

	q = atomic_load(&p->c->queued);
	px = atomic_load(&p->c->pixels);
	rate = el > 0 ? (double)px / el / 1e6 : 0;
	if (atomic_load(&p->c->scanned))
		total = q, known = 1;
	else if (atomic_load(&p->c->counted)) {
		total = atomic_load(&p->c->total);
		total = total > q ? total : q;
		known = 1;
	}
	if (known) {
		snprintf(tot, sizeof(tot), "%llu", total);
		if (d > 0 && d < total)
			snprintf(eta, sizeof(eta), ", %.0f%%, ETA %.0f s",
			    100.0 * (double)d / (double)total,
			    el / (double)d * (double)(total - d));
	}
	n = snprintf(buf, sizeof(buf),
	    "%smfweights: %llu/%s files, %.0f Mpx/s, %.1f s%s%s%s",
	    p->mode == 1 ? "\r" : "", d, tot, rate, el, eta,
	    p->mode == 1 ? "\033[K" : "", p->mode == 1 && !final ? "" : "\n");
	if (n > 0)
		(void)!write(STDERR_FILENO, buf, strlen(buf));
}

static void *
progress_main(void *arg)
{
	struct progress *p = arg;
	struct timespec until;
	long step = p->mode == 1 ? 250 : 5000; /* ms */

	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += step / 1000;
		until.tv_nsec += step % 1000 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&p->cv, &p->mu, &until) != 0 &&
		    !p->stop)
			line(p, 0);
	}
	pthread_mutex_unlock(&p->mu);
	line(p, 1);
	return NULL;
}

struct progress *
progress_start(int mode, struct progress_counts *c)
{
	struct progress *p;
	int e;

	if (mode == 0)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->c = c;
	p->mode = mode;
	atomic_init(&p->quit, 0);
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if ((e = thread_start(&p->tid, progress_main, p)) != 0) {
		errno = e;
		fatal_sys("cannot start the progress thread");
	}
	msg_setprogress(mode == 1);
	return p;
}

/* Count the files under a directory into *n; -1 when stopped or too
 * deep. */
static int
count_dir(
    struct progress *p, const char *path, int depth, unsigned long long *n)
{
	char **sub = NULL;
	size_t nsub = 0, i;
	struct dirent *de;
	int rc = 0, fd;
	DIR *d;

	if (depth > COUNT_DEPTH)
		return -1;
	fd = open(path,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC |
		(depth > 0 && !p->o->follow ? O_NOFOLLOW : 0));
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return 0; /* the walk will say why */
	}
	while ((de = readdir(d)) != NULL && !atomic_load(&p->quit)) {
		unsigned char t = de->d_type;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (t == DT_UNKNOWN || (t == DT_LNK && p->o->follow)) {
			struct stat sb;

			if ((t == DT_LNK ? fstatat(fd, de->d_name, &sb, 0)
					 : fstatat(fd, de->d_name, &sb,
					       AT_SYMLINK_NOFOLLOW)) != 0)
				continue;
			t = S_ISDIR(sb.st_mode)   ? DT_DIR
			    : S_ISREG(sb.st_mode) ? DT_REG
						  : DT_UNKNOWN;
		}
		if (t == DT_DIR) {
			sub = xreallocarray(sub, nsub + 1, sizeof(*sub));
			sub[nsub++] = path_join(path, de->d_name);
		} else if (t == DT_REG && scan_name_ok(p->o, de->d_name) > 0)
			(*n)++;
	}
	closedir(d);
	for (i = 0; i < nsub; i++) {
		if (rc == 0 && atomic_load(&p->quit))
			rc = -1;
		if (rc == 0)
			rc = count_dir(p, sub[i], depth + 1, n);
		free(sub[i]);
	}
	free(sub);
	return atomic_load(&p->quit) ? -1 : rc;
}

/* The entries of a --files-from regular file: non-empty records. */
static int
count_list(struct progress *p, unsigned long long *n)
{
	const char *f = p->o->files_from;
	char sep = p->o->null_sep ? '\0' : '\n', buf[65536];
	int fd, prev = 1; /* the last byte was a separator */
	struct stat sb;
	off_t off = 0;
	ssize_t got;

	/* Standard input is read with pread: its offset stays the walk's. */
	fd = strcmp(f, "-") == 0 ? STDIN_FILENO
				 : open(f, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (fd != STDIN_FILENO)
			close(fd);
		return -1; /* a pipe: only the walk can read it */
	}
	while ((got = pread(fd, buf, sizeof(buf), off)) > 0 &&
	    !atomic_load(&p->quit)) {
		for (ssize_t i = 0; i < got; i++) {
			if (buf[i] == sep)
				prev = 1;
			else if (prev)
				(*n)++, prev = 0;
		}
		off += got;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return got < 0 || atomic_load(&p->quit) ? -1 : 0;
}

static void *
count_main(void *arg)
{
	struct progress *p = arg;
	const struct mfw_opts *o = p->o;
	unsigned long long n = 0;
	struct stat sb;
	int rc = 0;

	for (size_t i = 0; i < o->npaths && rc == 0; i++) {
		if (strncmp(o->paths[i], "/vsi", 4) == 0)
			rc = -1; /* listed by GDAL: not counted here */
		else if (stat(o->paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = count_dir(p, o->paths[i], 0, &n);
		else
			n++;
	}
	if (rc == 0 && o->files_from != NULL)
		rc = count_list(p, &n);
	if (rc != 0)
		return NULL;
	/* --shard K/N keeps the files numbered K-1, K-1+N, ... */
	if (o->shard_n > 0)
		n = n / o->shard_n + (n % o->shard_n >= o->shard_k);
	atomic_store(&p->c->total, n);
	atomic_store(&p->c->counted, 1);
	return NULL;
}

void
progress_count_ahead(struct progress *p, const struct mfw_opts *o)
{
	if (p == NULL)
		return;
	p->o = o;
	/* No thread, no total: the line shows "?" until the walk ends. */
	p->counting = thread_start(&p->ctid, count_main, p) == 0;
}

void
progress_stop(struct progress *p)
{
	if (p == NULL)
		return;
	if (p->counting) {
		atomic_store(&p->quit, 1);
		pthread_join(p->ctid, NULL);
	}
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->tid, NULL);
	msg_setprogress(0);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
}
