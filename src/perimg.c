/*
 * perimg.c: the ordered --per-image writer (perimg.h).
 *
 * DESIGN.  Each finished job puts its line (or NULL) under one mutex into
 * a min-heap keyed by job number; whatever is at the head of the walk
 * order is written out at once.  What the heap holds is what finished
 * behind the oldest unfinished job: one slow file (a huge PNG, which no
 * worker can share) would otherwise make it grow with every small file
 * finished after it.  So perimg_reserve() makes the producer wait while
 * the heap holds PERIMG_MAX_BYTES of lines or PERIMG_MAX_HELD entries;
 * the workers then run dry on the queue and the memory stays bounded by
 * those limits plus one queue of jobs.  No deadlock: the oldest job was
 * handed on before any later one, so it finishes whatever the producer
 * does, and its put wakes the producer.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "output.h"
#include "perimg.h"
#include "util.h"

/* PERIMG_MAX_BYTES (perimg.h), 4 MiB: about 1,000 lines of 300 classes,
 * or 30,000 of a few classes. */
/* Entries held (NULL ones, of files not counted, cost 16 bytes). */
#define PERIMG_MAX_HELD 65536

struct held {
	size_t index;
	char *line;
};

struct perimg {
	struct outfile *out; /* --per-image FILE, or NULL */
	FILE *f;
	FILE *spool; /* --sampling's copy of the lines (sample.c), or NULL */
	pthread_mutex_t mu;
	pthread_cond_t room; /* the producer waits here */
	size_t next;         /* the next job number to write */
	struct held *heap;
	size_t nheap, capheap;
	size_t bytes;  /* line bytes held */
	int waiting;   /* the producer waits on room */
	int err;       /* errno of the first write error */
	int spool_err; /* the same for the spool */
};

struct perimg *
perimg_open(const char *path, FILE *spool)
{
	struct perimg *p = xcalloc(1, sizeof(*p));

	if (path != NULL && (p->out = output_open(path)) == NULL) {
		free(p);
		return NULL;
	}
	p->f = p->out != NULL ? output_stream(p->out) : NULL;
	p->spool = spool;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->room, NULL);
	return p;
}

static void
heap_push(struct perimg *p, struct held e)
{
	size_t i, up;

	if (p->nheap == p->capheap) {
		p->capheap = p->capheap ? p->capheap * 2 : 64;
		p->heap = xreallocarray(p->heap, p->capheap, sizeof(*p->heap));
	}
	for (i = p->nheap++; i > 0; i = up) {
		up = (i - 1) / 2;
		if (p->heap[up].index <= e.index)
			break;
		p->heap[i] = p->heap[up];
	}
	p->heap[i] = e;
}

static struct held
heap_pop(struct perimg *p)
{
	struct held top = p->heap[0], last = p->heap[--p->nheap];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < p->nheap) {
		if (c + 1 < p->nheap && p->heap[c + 1].index < p->heap[c].index)
			c++;
		if (last.index <= p->heap[c].index)
			break;
		p->heap[i] = p->heap[c];
		i = c;
	}
	if (p->nheap > 0)
		p->heap[i] = last;
	return top;
}

void
perimg_reserve(struct perimg *p, size_t index)
{
	pthread_mutex_lock(&p->mu);
	while (index > p->next &&
	    (p->bytes >= PERIMG_MAX_BYTES || p->nheap >= PERIMG_MAX_HELD)) {
		p->waiting = 1;
		pthread_cond_wait(&p->room, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
}

void
perimg_put(struct perimg *p, size_t index, char *line)
{
	struct held e;

	pthread_mutex_lock(&p->mu);
	heap_push(p, (struct held){index, line});
	if (line != NULL)
		p->bytes += strlen(line);
	while (p->nheap > 0 && p->heap[0].index == p->next) {
		e = heap_pop(p);
		p->next++;
		if (e.line != NULL) {
			p->bytes -= strlen(e.line);
			if (p->err == 0 && p->f != NULL &&
			    fputs(e.line, p->f) == EOF)
				p->err = errno ? errno : EIO;
			if (p->spool_err == 0 && p->spool != NULL &&
			    fputs(e.line, p->spool) == EOF)
				p->spool_err = errno ? errno : EIO;
			free(e.line);
		}
	}
	if (p->waiting) {
		p->waiting = 0;
		pthread_cond_signal(&p->room);
	}
	pthread_mutex_unlock(&p->mu);
}

size_t
perimg_held(struct perimg *p, size_t *bytes)
{
	size_t n;

	pthread_mutex_lock(&p->mu);
	n = p->nheap;
	*bytes = p->bytes;
	pthread_mutex_unlock(&p->mu);
	return n;
}

int
perimg_flush(struct perimg *p)
{
	if (p->err == 0 && p->f != NULL && fflush(p->f) != 0)
		p->err = errno ? errno : EIO;
	if (p->spool_err == 0 && p->spool != NULL && fflush(p->spool) != 0)
		p->spool_err = errno ? errno : EIO;
	if (p->spool_err != 0) {
		msg_err("cannot write the temporary copy of the per-image "
			"counts that --sampling needs: %s",
		    strerror(p->spool_err));
		return -1;
	}
	if (p->err != 0) {
		msg_file(
		    output_path(p->out), "write error: %s", strerror(p->err));
		return -1;
	}
	return 0;
}

int
perimg_close(struct perimg *p, int ok)
{
	int rc = 0;

	/* Every job has put its line: the heap is empty. */
	while (p->nheap > 0)
		free(heap_pop(p).line);
	free(p->heap);
	if (p->err != 0)
		ok = 0;
	if (p->out == NULL)
		;
	else if (ok)
		rc = output_commit(p->out);
	else
		output_abort(p->out);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->room);
	free(p);
	return rc;
}
