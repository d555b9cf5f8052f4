/*
 * parts.c: one large file counted by several workers (parts.h).
 *
 * DESIGN.  The worker that opened the file posts one urgent job per idle
 * worker it may use (pool.h: urgent jobs start before any queued one) and
 * takes parts itself.  Every participant claims the next part number from
 * an atomic counter, so parts are claimed in order, counts its parts into
 * its own histogram and, when none is left, adds that histogram into the
 * file's sum under the file's mutex.  The participant that leaves last
 * hands the sum to env->end.  On a failure the others stop claiming;
 * because parts are claimed in order, every part before the lowest
 * failing one has run, so the lowest failure is the one a single worker
 * would have met: messages do not depend on -j.  The file's descriptor
 * is shared by the participants (decoders read it with pread, never at a
 * shared offset) and closed by the last.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "count.h"
#include "parts.h"
#include "util.h"

struct parts {
	const struct parts_env *env;
	void *job;
	const char *path;
	const struct decoder *d;
	int fd;
	uint32_t nparts;
	atomic_uint next;  /* the next part to claim */
	atomic_int failed; /* a part failed: claim no more */
	pthread_mutex_t mu;
	int users;          /* participants not yet done; mu */
	struct fhist sum;   /* sum of the participants' parts; mu */
	uint32_t badpart;   /* lowest failed part, UINT32_MAX = none; mu */
	enum dec_status st; /* its status; mu */
	char err[DEC_ERRLEN];
};

static void
finish(struct parts *s, int worker)
{
	const struct parts_env *env = s->env;

	if (s->fd >= 0)
		close(s->fd);
	env->end(env->run, s->job, worker, &s->sum,
	    s->badpart == UINT32_MAX ? DEC_OK : s->st,
	    s->err[0] ? s->err : "cannot be decoded");
	pthread_mutex_destroy(&s->mu);
	free(s->sum.dense);
	free(s->sum.extra);
	free(s);
}

/* One participant: take parts until none is left. */
static void
work(struct parts *s, int worker)
{
	const struct parts_env *env = s->env;
	struct fhist *h = env->hist(env->run, worker);
	struct dec_ctx ctx;
	enum dec_status st;
	uint32_t p;
	int last;

	while (!atomic_load(env->stop) && !atomic_load(&s->failed) &&
	    (p = atomic_fetch_add(&s->next, 1)) < s->nparts) {
		memset(&ctx, 0, sizeof(ctx));
		ctx.o = env->dopts;
		ctx.path = s->path;
		ctx.fd = s->fd;
		ctx.h = h;
		ctx.worker = env->dec_worker(env->run, worker);
		ctx.part = p;
		ctx.nparts = s->nparts;
		if ((st = s->d->count(&ctx)) == DEC_OK)
			continue;
		pthread_mutex_lock(&s->mu);
		if (p < s->badpart) {
			s->badpart = p;
			/* A part cannot ask to be cut again. */
			s->st = st == DEC_PARTS ? DEC_BAD : st;
			memcpy(s->err, ctx.err, sizeof(s->err));
		}
		pthread_mutex_unlock(&s->mu);
		/* Parts after p are not needed; parts before it all run. */
		atomic_store(&s->failed, 1);
		break;
	}
	pthread_mutex_lock(&s->mu);
	if (s->badpart == UINT32_MAX && count_merge(&s->sum, h) != 0) {
		s->badpart = 0;
		s->st = DEC_SYSERR;
		snprintf(s->err, sizeof(s->err), "out of memory");
	}
	/* Stopped before the end: the sum is not the file's. */
	if (s->badpart == UINT32_MAX && atomic_load(env->stop)) {
		s->badpart = 0;
		s->st = DEC_BAD;
		snprintf(s->err, sizeof(s->err), "the run was stopped");
	}
	last = --s->users == 0;
	pthread_mutex_unlock(&s->mu);
	count_reset(h);
	if (last)
		finish(s, worker);
}

static void
part_job(void *arg, int worker)
{
	work(arg, worker);
}

void
parts_start(const struct parts_env *env, void *job, const char *path,
    const struct decoder *d, int fd, uint32_t nparts, int worker)
{
	struct parts *s = xcalloc(1, sizeof(*s));
	int i, helpers;

	s->env = env;
	s->job = job;
	s->path = path;
	s->d = d;
	s->fd = fd;
	s->nparts = nparts;
	atomic_init(&s->next, 0);
	atomic_init(&s->failed, 0);
	pthread_mutex_init(&s->mu, NULL);
	s->sum.dense = xcalloc(MFW_DENSE, sizeof(uint64_t));
	s->badpart = UINT32_MAX;
	helpers = env->nworkers - 1;
	if ((uint32_t)helpers > nparts - 1)
		helpers = (int)(nparts - 1);
	s->users = 1 + helpers;
	for (i = 0; i < helpers; i++)
		pool_add_urgent(env->pool, part_job, s);
	work(s, worker);
}
