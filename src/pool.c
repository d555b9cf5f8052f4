/*
 * pool.c: fixed thread pool with a bounded FIFO queue.
 *
 * DESIGN.  One producer (the directory walk in the main thread) adds jobs;
 * N workers take them.  The queue is a ring of qlen slots guarded by one
 * mutex with two condition variables: `notfull` wakes the producer,
 * `notempty` wakes workers.  pool_add blocks while the ring is full, which
 * bounds memory however many files the walk finds; a worker wakes it only
 * once the ring is half empty, and the producer signals only when a
 * worker is idle, so that a run of small files costs a few context
 * switches, not two per file.  Jobs start in FIFO order but finish in
 * any order; callers that need a stable result (the counts) must make it
 * order-independent, which integer sums are.  The pool owns nothing of a
 * job's argument.  Urgent jobs (pool_add_urgent: the parts of a file
 * split across workers) go on an unbounded stack that workers take
 * before the ring; only running jobs add them, a few per split file.
 * pool_join sets `closing`; workers exit once the ring and the urgent
 * stack are empty, closing is set and no job is running (a running job
 * may still add urgent jobs).  With one thread there is no ring at all:
 * pool_add calls the job directly, the reference path (pigz -p 1).
 * Workers start with SIGINT, SIGTERM and SIGHUP blocked (util.c,
 * thread_start): only the main thread takes them (output.h).  A failed
 * pthread_create is reported to the caller; any other failing pthread
 * call can only be a programming error (EINVAL, EDEADLK) and aborts
 * with a message, checked in the wrappers below.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "pool.h"
#include "util.h"

struct job {
	pool_fn fn;
	void *arg;
};

struct urgent {
	struct job j;
	struct urgent *next;
};

struct worker {
	struct pool *p;
	int id;
	pthread_t tid;
};

struct pool {
	int n; /* workers; 1 = inline */
	struct worker *w;
	struct job *ring;
	size_t qlen, head, count;
	struct urgent *urgent; /* a stack, taken before the ring */
	int running;           /* jobs being run */
	int idle;              /* workers waiting on notempty */
	int full;              /* the producer waits on notfull */
	int closing;
	pthread_mutex_t mu;
	pthread_cond_t notfull, notempty;
};

static void *pool_main(void *);

static void
check(int e, const char *what)
{
	if (e != 0) {
		msg_err("internal error: %s: %s", what, strerror(e));
		abort();
	}
}

static void
lock(struct pool *p)
{
	check(pthread_mutex_lock(&p->mu), "pthread_mutex_lock");
}

static void
unlock(struct pool *p)
{
	check(pthread_mutex_unlock(&p->mu), "pthread_mutex_unlock");
}

static void
wait_on(struct pool *p, pthread_cond_t *cv)
{
	check(pthread_cond_wait(cv, &p->mu), "pthread_cond_wait");
}

static void
wake(pthread_cond_t *cv, int all)
{
	check(all ? pthread_cond_broadcast(cv) : pthread_cond_signal(cv),
	    "pthread_cond_signal");
}

static void *
pool_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;
	struct urgent *u;
	struct job j;

	lock(p);
	for (;;) {
		/* A running job may still add urgent jobs: wait for it. */
		while (p->count == 0 && p->urgent == NULL &&
		    (!p->closing || p->running > 0)) {
			p->idle++;
			wait_on(p, &p->notempty);
			p->idle--;
		}
		if ((u = p->urgent) != NULL) {
			p->urgent = u->next;
			j = u->j;
			free(u);
		} else if (p->count > 0) {
			j = p->ring[p->head];
			p->head = (p->head + 1) % p->qlen;
			p->count--;
			/* Wake the producer only at half empty: one switch
			 * per qlen/2 jobs, not one per job. */
			if (p->full && p->count <= p->qlen / 2) {
				p->full = 0;
				wake(&p->notfull, 0);
			}
		} else
			break;
		p->running++;
		unlock(p);
		j.fn(j.arg, w->id);
		lock(p);
		if (--p->running == 0 && p->closing)
			wake(&p->notempty, 1);
	}
	unlock(p);
	return NULL;
}

struct pool *
pool_create(int nthreads, size_t qlen)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	int i, e;

	p->n = nthreads < 1 ? 1 : nthreads;
	if (p->n == 1)
		return p;
	p->qlen = qlen < 1 ? 1 : qlen;
	p->ring = xcalloc(p->qlen, sizeof(*p->ring));
	p->w = xcalloc((size_t)p->n, sizeof(*p->w));
	check(pthread_mutex_init(&p->mu, NULL), "pthread_mutex_init");
	check(pthread_cond_init(&p->notfull, NULL), "pthread_cond_init");
	check(pthread_cond_init(&p->notempty, NULL), "pthread_cond_init");
	for (i = 0; i < p->n; i++) {
		p->w[i].p = p;
		p->w[i].id = i;
		if ((e = thread_start(&p->w[i].tid, pool_main, &p->w[i])) !=
		    0) {
			/* Stop the ones already running, then report. */
			p->n = i;
			pool_join(p);
			pool_free(p);
			errno = e;
			return NULL;
		}
	}
	return p;
}

void
pool_add(struct pool *p, pool_fn fn, void *arg)
{
	if (p->ring == NULL) {
		fn(arg, 0);
		return;
	}
	lock(p);
	while (p->count == p->qlen) {
		p->full = 1;
		wait_on(p, &p->notfull);
	}
	p->ring[(p->head + p->count) % p->qlen] = (struct job){fn, arg};
	p->count++;
	if (p->idle > 0)
		wake(&p->notempty, 0);
	unlock(p);
}

void
pool_add_urgent(struct pool *p, pool_fn fn, void *arg)
{
	struct urgent *u;

	if (p->ring == NULL) {
		fn(arg, 0);
		return;
	}
	u = xmalloc(sizeof(*u));
	u->j = (struct job){fn, arg};
	lock(p);
	u->next = p->urgent;
	p->urgent = u;
	wake(&p->notempty, 0);
	unlock(p);
}

void
pool_join(struct pool *p)
{
	int i;

	if (p->ring == NULL || p->closing)
		return;
	lock(p);
	p->closing = 1;
	wake(&p->notempty, 1);
	unlock(p);
	for (i = 0; i < p->n; i++)
		check(pthread_join(p->w[i].tid, NULL), "pthread_join");
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	if (p->ring != NULL) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->notfull);
		pthread_cond_destroy(&p->notempty);
	}
	free(p->ring);
	free(p->w);
	free(p);
}
