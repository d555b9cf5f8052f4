/*
 * parts.h: one large file counted by several workers at once.
 *
 * When a decoder answers DEC_PARTS (decode.h), the worker that opened the
 * file calls parts_start(): idle workers are called in through the pool's
 * urgent jobs, every participant counts parts into its own histogram, and
 * the last one to leave receives the sum, exactly the histogram one
 * worker would have counted, or the failure of the lowest failing part,
 * exactly the reason one worker would have met first.  parts.c knows
 * nothing of the run: what it needs of it comes in struct parts_env.
 */
#ifndef PARTS_H
#define PARTS_H

#include <stdatomic.h>
#include <stdint.h>

#include "decode.h"
#include "pool.h"

struct parts_env {
	struct pool *pool;
	int nworkers;
	const struct dec_opts *dopts;
	const atomic_int *stop; /* non-zero: take no further part */
	void *run;              /* passed back to the callbacks below */
	/* The worker's part histogram: all zero when handed out; parts.c
	 * leaves it all zero again. */
	struct fhist *(*hist)(void *run, int worker);
	/* The worker's decoder state (struct dec_ctx, worker). */
	void *(*dec_worker)(void *run, int worker);
	/*
	 * Called once, by the last participant (worker), after the file's
	 * descriptor is closed: st is DEC_OK and sum the whole file's
	 * histogram, or the failing status with its reason in err.  sum is
	 * freed when end returns.
	 */
	void (*end)(void *run, void *job, int worker, struct fhist *sum,
	    enum dec_status st, const char *err);
};

/*
 * Count the file open on fd (taken over) in nparts parts with decoder d;
 * path is for d and messages.  Called by the worker that got DEC_PARTS;
 * returns once it has no part left to count, which may be before the
 * file is done: env->end says when it is.  env must outlive every part.
 */
void parts_start(const struct parts_env *env, void *job, const char *path,
    const struct decoder *d, int fd, uint32_t nparts, int worker);

#endif
