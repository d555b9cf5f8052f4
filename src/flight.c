/*
 * flight.c: the bytes in flight (flight.h).  One count for the process
 * under a mutex: a reader waits while the count plus its file would pass
 * FLIGHT_MAX and some bytes are held, so one file always gets through
 * and the readers never wait on each other for ever.  The workers that
 * give bytes back never wait here, so there is no deadlock.
 */
#include <pthread.h>

#include "flight.h"

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
