/*
 * pool.h: a fixed pool of worker threads fed through a bounded queue.
 * A job is a function and an argument; the function also receives the
 * index (0..n-1) of the worker running it, so callers can keep private
 * per-worker state without locks.  With one thread, pool_add runs the job
 * inline in the caller's thread and no thread is ever created.
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>

struct pool;
typedef void (*pool_fn)(void *arg, int worker);

/* Start nthreads workers (>= 1) with a queue of qlen jobs.  NULL and errno
 * set if a thread cannot be created. */
struct pool *pool_create(int nthreads, size_t qlen);
/* Queue a job; blocks while the queue is full (back-pressure on the
 * producer).  Jobs start in the order added. */
void pool_add(struct pool *, pool_fn, void *arg);
/*
 * Queue a job ahead of the ring, from a worker (a job splitting its file
 * into parts for idle workers).  Never blocks; urgent jobs start before
 * any queued one, most recent first.  Workers exit only once both are
 * empty, so a job added by a running job always runs.
 */
void pool_add_urgent(struct pool *, pool_fn, void *arg);
/* Wait until every queued job has finished and the workers have exited. */
void pool_join(struct pool *);
void pool_free(struct pool *);

#endif
