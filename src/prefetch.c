/*
 * prefetch.c: start reading the next files before a worker needs them.
 *
 * DESIGN.  On a cold page cache a worker that opens its file waits for
 * the disk, then decodes while the disk idles: the run takes the sum of
 * reading and decoding.  The walk (scan.c, --files-from) knows the files
 * ahead of the workers, so run.c hands each path to prefetch_add in walk
 * order and each worker calls prefetch_start as it takes a file; the
 * files numbered up to PREFETCH_AHEAD past the last one started are
 * opened, and their first PREFETCH_MAX bytes are handed to the kernel
 * with posix_fadvise(POSIX_FADV_WILLNEED), which queues the reads and
 * returns at once.  The disk then works while the workers decode, with
 * at most PREFETCH_AHEAD files (and PREFETCH_AHEAD x PREFETCH_MAX bytes)
 * asked for ahead of them: a fixed bound, whatever the data set.  The
 * page cache holds the bytes, not this process: RSS does not grow.
 *
 * Whoever finds a file inside the window advises it: the walk itself for
 * the first files (nothing started yet), then the workers.  A file is
 * advised once (its path is taken out of the ring under the lock and
 * advised outside it).  Files the workers have started are dropped
 * unadvised: it is too late for them.
 *
 * Warm cache: opening a file only to learn that it is cached would cost
 * a few system calls a file, which a run of small cached files notices.
 * So each advised file is first probed with a 1-byte preadv2(RWF_NOWAIT)
 * at its last byte, which fails with EAGAIN unless that page is cached;
 * after PREFETCH_WARM hits in a row only one file in PREFETCH_SAMPLE is
 * probed, until a miss turns prefetching fully back on.
 *
 * Nothing here is a result: a file that cannot be opened or advised is
 * left for its worker, which reports it.  FIFOs and devices are opened
 * without blocking and never read.  -j 1 runs jobs inline in the walk,
 * which is then never ahead of its worker: prefetch_new returns NULL and
 * every call is a no-op.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "prefetch.h"
#include "util.h"

/* Bytes of one file asked for: the rest follows by the kernel's own
 * readahead as the decoder reads on. */
#ifndef PREFETCH_MAX
#define PREFETCH_MAX ((off_t)4 << 20)
#endif
/* Cached files in a row before probing only one file in PREFETCH_SAMPLE. */
#define PREFETCH_WARM   64
#define PREFETCH_SAMPLE 16

struct pent {
	size_t index; /* walk order */
	char *path;   /* NULL once taken to be advised */
};

struct prefetch {
	pthread_mutex_t mu;
	struct pent *ring;
	size_t cap, head, n; /* n entries from ring[head], circular */
	size_t started;      /* 1 + the largest index started, 0: none */
	unsigned hits;       /* files found cached in a row */
	unsigned long seen;  /* files considered since warm */
	size_t taken;        /* files taken to be advised */
};

static void advise(struct prefetch *, char *);
static size_t take(struct prefetch *, char **, size_t);

struct prefetch *
prefetch_new(int workers, size_t queue)
{
	struct prefetch *p;

	if (workers < 2)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	/* The walk is at most the queue and one job a worker ahead. */
	p->cap = queue + (size_t)workers + 1;
	p->ring = xcalloc(p->cap, sizeof(*p->ring));
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		fatal_sys("cannot create a mutex");
	return p;
}

/*
 * Take out of the ring, under the lock, the paths to advise: those not
 * yet taken inside the window, at most max.  Returns how many.
 */
static size_t
take(struct prefetch *p, char **out, size_t max)
{
	size_t i, k = 0, end = p->started + PREFETCH_AHEAD;
	struct pent *e;

	for (i = 0; i < p->n && k < max; i++) {
		e = &p->ring[(p->head + i) % p->cap];
		if (e->index >= end)
			break;
		if (e->path != NULL) {
			out[k++] = e->path;
			e->path = NULL;
		}
	}
	p->taken += k;
	return k;
}

void
prefetch_add(struct prefetch *p, size_t index, const char *path)
{
	char *todo[1];
	size_t k = 0;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	if (p->n < p->cap) {
		p->ring[(p->head + p->n) % p->cap] =
		    (struct pent){index, xstrdup(path)};
		p->n++;
		k = take(p, todo, 1);
	}
	pthread_mutex_unlock(&p->mu);
	if (k == 1)
		advise(p, todo[0]);
}

void
prefetch_start(struct prefetch *p, size_t index)
{
	char *todo[PREFETCH_AHEAD];
	struct pent *e;
	size_t k, i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	if (index + 1 > p->started)
		p->started = index + 1;
	/* Files started (or passed over) are too late to advise. */
	while (p->n > 0 && (e = &p->ring[p->head])->index < p->started) {
		free(e->path);
		e->path = NULL;
		p->head = (p->head + 1) % p->cap;
		p->n--;
	}
	k = take(p, todo, PREFETCH_AHEAD);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < k; i++)
		advise(p, todo[i]);
}

/*
 * Ask the kernel to read the head of a file, unless it looks cached.
 * Frees path.  The hit counters are hints, read and written without the
 * lock by design: a lost update only changes how often files are probed.
 */
static void
advise(struct prefetch *p, char *path)
{
	struct stat sb;
	struct iovec iov;
	unsigned char c;
	unsigned hits = __atomic_load_n(&p->hits, __ATOMIC_RELAXED);
	unsigned long seen = __atomic_add_fetch(&p->seen, 1, __ATOMIC_RELAXED);
	int fd;

	if (hits >= PREFETCH_WARM && seen % PREFETCH_SAMPLE != 0)
		goto out;
	fd = open(
	    path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
	if (fd < 0)
		goto out;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
		iov = (struct iovec){&c, 1};
		if (preadv2(fd, &iov, 1, sb.st_size - 1, RWF_NOWAIT) == 1) {
			__atomic_store_n(&p->hits, hits + 1, __ATOMIC_RELAXED);
		} else {
			__atomic_store_n(&p->hits, 0, __ATOMIC_RELAXED);
			(void)posix_fadvise(fd, 0,
			    sb.st_size < PREFETCH_MAX ? sb.st_size
						      : PREFETCH_MAX,
			    POSIX_FADV_WILLNEED);
		}
	}
	close(fd);
out:
	free(path);
}

size_t
prefetch_taken(struct prefetch *p)
{
	size_t k;

	if (p == NULL)
		return 0;
	pthread_mutex_lock(&p->mu);
	k = p->taken;
	pthread_mutex_unlock(&p->mu);
	return k;
}

void
prefetch_free(struct prefetch *p)
{
	if (p == NULL)
		return;
	for (; p->n > 0; p->n--, p->head = (p->head + 1) % p->cap)
		free(p->ring[p->head].path);
	pthread_mutex_destroy(&p->mu);
	free(p->ring);
	free(p);
}
