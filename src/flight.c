/*
 * flight.c: the bytes in flight (flight.h).  One count for the process
 * under a mutex: a reader waits while the count plus its file would pass
 * FLIGHT_MAX and some bytes are held, so one file always gets through
 * and the readers never wait on each other for ever.  The workers that
 * give bytes back never wait here, so there is no deadlock.
 */
#include <pthread.h>
#include <stdlib.h>

#include "flight.h"
#include "util.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t room = PTHREAD_COND_INITIALIZER;
static size_t held;

void
flight_take(size_t n)
{
	pthread_mutex_lock(&mu);
	while (held > 0 &&
	    n > FLIGHT_MAX - (held < FLIGHT_MAX ? held : FLIGHT_MAX))
		pthread_cond_wait(&room, &mu);
	held += n;
	pthread_mutex_unlock(&mu);
}

void
flight_give(size_t n)
{
	pthread_mutex_lock(&mu);
	held -= n < held ? n : held;
	pthread_cond_broadcast(&room);
	pthread_mutex_unlock(&mu);
}

size_t
flight_held(void)
{
	size_t n;

	pthread_mutex_lock(&mu);
	n = held;
	pthread_mutex_unlock(&mu);
	return n;
}

static void
buf_release(struct scan_mem *sm)
{
	struct flight_buf *b = (struct flight_buf *)sm;

	flight_give(b->cap);
	free(b->buf);
	free(b->vsi);
	free(b);
}

struct flight_buf *
flight_buf_new(const char *vsi)
{
	struct flight_buf *b = xcalloc(1, sizeof(*b));

	b->vsi = vsi != NULL ? xstrdup(vsi) : NULL;
	b->m.vsi = b->vsi;
	b->m.release = buf_release;
	return b;
}

void
flight_buf_grow(struct flight_buf *b, size_t cap)
{
	if (cap <= b->cap)
		return;
	flight_take(cap - b->cap);
	b->buf = xreallocarray(b->buf, cap, 1);
	b->cap = cap;
}

struct scan_mem *
flight_buf_mem(struct flight_buf *b)
{
	if (b->buf == NULL)
		flight_buf_grow(b, 1); /* an empty file is bytes too */
	b->m.buf = b->buf;
	b->m.len = b->len;
	return &b->m;
}
