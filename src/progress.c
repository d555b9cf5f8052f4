/*
 * progress.c: progress on stderr, from its own thread.  At a terminal one
 * line redrawn in place four times a second; for logs (--progress without
 * a terminal) one line every five seconds.  It only reads the atomic
 * counters of struct progress_counts, so the workers never wait for it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "progress.h"
#include "util.h"

struct progress {
	struct progress_counts *c;
	int mode;
	pthread_t tid;
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
	unsigned long long d = atomic_load(&p->c->done), q, px;
	double el = since(&p->t0), rate;
	char tot[32] = "?", eta[32] = "", buf[160];
	int n;

	q = atomic_load(&p->c->queued);
	px = atomic_load(&p->c->pixels);
	rate = el > 0 ? (double)px / el / 1e6 : 0;
	if (atomic_load(&p->c->scanned)) {
		snprintf(tot, sizeof(tot), "%llu", q);
		if (d > 0 && d < q)
			snprintf(eta, sizeof(eta), ", ETA %.0f s",
			    el / (double)d * (double)(q - d));
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

void
progress_stop(struct progress *p)
{
	if (p == NULL)
		return;
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
