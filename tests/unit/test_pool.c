/*
 * test_pool.c: the thread pool (pool.h): inline runs with one thread,
 * FIFO starts, every job run exactly once, back-pressure on the producer,
 * urgent jobs (before the ring, most recent first, still run during
 * pool_join), an empty pool, and worker indexes in 0..n-1.
 *
 * Nothing here sleeps to make a result right: the workers are held on
 * gates and the test waits, with a bound, for counters to reach a value.
 * Where only one worker is left free, its order of jobs is the order the
 * pool hands them out, so the checks are exact.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "pool.h"
#include "unit.h"

/* Bounded waits: long enough for a loaded machine or a sanitizer. */
#define WAIT_MS 5000

static void
nap(long us)
{
	struct timespec ts = {0, us * 1000};

	nanosleep(&ts, NULL);
}

/* Wait until *v >= want; 1 if it got there within WAIT_MS. */
static int
wait_for(atomic_int *v, int want)
{
	for (int i = 0; i < WAIT_MS * 10; i++) {
		if (atomic_load(v) >= want)
			return 1;
		nap(100);
	}
	return atomic_load(v) >= want;
}

/* A job that holds its worker until the gate opens. */
struct gate {
	atomic_int open;
	atomic_int entered;
};

static void
gate_job(void *arg, int worker)
{
	struct gate *g = arg;

	(void)worker;
	atomic_fetch_add(&g->entered, 1);
	wait_for(&g->open, 1);
}

/* A log of job starts, kept under a mutex. */
#define LOGMAX 2048

struct startlog {
	pthread_mutex_t mu;
	int n;
	int id[LOGMAX];
	int worker[LOGMAX];
	atomic_int count;
};

struct entry {
	struct startlog *log;
	int id;
};

static void
log_init(struct startlog *l)
{
	memset(l, 0, sizeof(*l));
	pthread_mutex_init(&l->mu, NULL);
}

static void
log_job(void *arg, int worker)
{
	struct entry *e = arg;
	struct startlog *l = e->log;

	pthread_mutex_lock(&l->mu);
	if (l->n < LOGMAX) {
		l->id[l->n] = e->id;
		l->worker[l->n] = worker;
		l->n++;
	}
	pthread_mutex_unlock(&l->mu);
	atomic_fetch_add(&l->count, 1);
}

/* -j 1: no thread; pool_add and pool_add_urgent run the job at once in
 * the caller, as worker 0. */
static pthread_t inline_self;
static int inline_same;

static void
inline_job(void *arg, int worker)
{
	log_job(arg, worker);
	inline_same += pthread_equal(pthread_self(), inline_self) != 0;
}

static void
test_inline(void)
{
	struct pool *p = pool_create(1, 4);
	static struct startlog l;
	struct entry e[12];
	int i, ok = 1;

	CHECK(p != NULL);
	if (p == NULL)
		return;
	log_init(&l);
	inline_self = pthread_self();
	inline_same = 0;
	for (i = 0; i < 10; i++) {
		e[i] = (struct entry){&l, i};
		pool_add(p, inline_job, &e[i]);
		ok &= l.n == i + 1; /* already ran */
	}
	e[10] = (struct entry){&l, 10};
	pool_add_urgent(p, inline_job, &e[10]);
	ok &= l.n == 11;
	CHECK(ok);
	pool_join(p);
	pool_free(p);
	CHECK(l.n == 11);
	CHECK(inline_same == 11);
	for (i = 0, ok = 1; i < l.n; i++)
		ok &= l.id[i] == i && l.worker[i] == 0;
	CHECK(ok);
	pthread_mutex_destroy(&l.mu);
}

/*
 * FIFO with 4 workers.  First with three workers held on a gate, so that
 * the one free worker takes the jobs in exactly the pool's order: the log
 * must be 0, 1, 2, ...  Then with every worker free, where the log itself
 * is racy (two workers may log in either order), only what holds in any
 * schedule is checked: each worker's own jobs start in rising order, and
 * job k cannot start before k - 3 other jobs have started (the k jobs
 * before it have left the ring; at most the 3 other workers hold one
 * each, not yet logged).
 */
static void
test_fifo(void)
{
	enum { NW = 4, NJ = 1000 };
	struct pool *p = pool_create(NW, 8);
	static struct startlog l;
	static struct entry e[NJ];
	struct gate g = {0};
	int i, ok, seq[NJ], last[NW];

	CHECK(p != NULL);
	if (p == NULL)
		return;
	log_init(&l);
	for (i = 0; i < NW - 1; i++)
		pool_add(p, gate_job, &g);
	CHECK(wait_for(&g.entered, NW - 1));
	for (i = 0; i < NJ; i++) {
		e[i] = (struct entry){&l, i};
		pool_add(p, log_job, &e[i]);
	}
	CHECK(wait_for(&l.count, NJ));
	pthread_mutex_lock(&l.mu);
	CHECK(l.n == NJ);
	for (i = 0, ok = 1; i < l.n; i++)
		ok &= l.id[i] == i && l.worker[i] == l.worker[0];
	pthread_mutex_unlock(&l.mu);
	CHECK(ok);
	atomic_store(&g.open, 1);
	pool_join(p);
	pool_free(p);
	pthread_mutex_destroy(&l.mu);

	p = pool_create(NW, 8);
	CHECK(p != NULL);
	if (p == NULL)
		return;
	log_init(&l);
	for (i = 0; i < NJ; i++)
		pool_add(p, log_job, &e[i]);
	pool_join(p);
	pool_free(p);
	CHECK(l.n == NJ);
	for (i = 0; i < NJ; i++)
		seq[i] = -1;
	for (i = 0; i < NW; i++)
		last[i] = -1;
	for (i = 0, ok = 1; i < l.n; i++) {
		int w = l.worker[i], id = l.id[i];

		if (w < 0 || w >= NW || id < 0 || id >= NJ || seq[id] != -1) {
			ok = 0;
			continue;
		}
		seq[id] = i;
		ok &= id > last[w]; /* rising per worker */
		last[w] = id;
	}
	CHECK(ok);
	for (i = 0, ok = 1; i < NJ; i++)
		ok &= seq[i] >= i - (NW - 1);
	CHECK(ok);
	pthread_mutex_destroy(&l.mu);
}

/* 100,000 tiny jobs: each runs once, on a worker in 0..n-1. */
enum { MANY = 100000, MANYW = 4 };
static unsigned char ran[MANY];
static struct {
	uint64_t jobs, sum;
	int bad_worker;
} per[MANYW];

static void
many_job(void *arg, int worker)
{
	unsigned char *r = arg;

	if (worker < 0 || worker >= MANYW) {
		/* Out of range: worker 0's slot would race; no counting. */
		return;
	}
	(*r)++;
	per[worker].jobs++;
	per[worker].sum += (uint64_t)(r - ran);
}

static void
test_many(void)
{
	struct pool *p = pool_create(MANYW, 64);
	uint64_t jobs = 0, sum = 0;
	int i, ok;

	CHECK(p != NULL);
	if (p == NULL)
		return;
	memset(ran, 0, sizeof(ran));
	memset(per, 0, sizeof(per));
	for (i = 0; i < MANY; i++)
		pool_add(p, many_job, &ran[i]);
	pool_join(p);
	pool_free(p);
	for (i = 0; i < MANYW; i++) {
		jobs += per[i].jobs;
		sum += per[i].sum;
	}
	CHECK(jobs == MANY);
	CHECK(sum == (uint64_t)MANY * (MANY - 1) / 2);
	for (i = 0, ok = 1; i < MANY; i++)
		ok &= ran[i] == 1;
	CHECK(ok);
}

/*
 * Back-pressure: NW workers held on a gate, ring of QLEN.  A producer
 * thread adds jobs and counts each pool_add that returned; it can get
 * QLEN ahead and no further until the gate opens.  Once it runs free,
 * it checks after every add that no more than QLEN + NW jobs are added
 * but not finished (QLEN in the ring, NW running).
 */
enum { BP_NW = 2, BP_QLEN = 4, BP_JOBS = 2000 };

struct bp {
	struct pool *p;
	atomic_int added, finished, worst;
};

static void
bp_job(void *arg, int worker)
{
	struct bp *b = arg;

	(void)worker;
	atomic_fetch_add(&b->finished, 1);
}

static void *
bp_producer(void *arg)
{
	struct bp *b = arg;

	for (int i = 0; i < BP_JOBS; i++) {
		int ahead;

		pool_add(b->p, bp_job, b);
		ahead = atomic_fetch_add(&b->added, 1) + 1 -
		    atomic_load(&b->finished);
		if (ahead > atomic_load(&b->worst))
			atomic_store(&b->worst, ahead);
	}
	return NULL;
}

static void
test_backpressure(void)
{
	static struct bp b;
	struct gate g = {0};
	pthread_t t;
	int i;

	memset(&b, 0, sizeof(b));
	b.p = pool_create(BP_NW, BP_QLEN);
	CHECK(b.p != NULL);
	if (b.p == NULL)
		return;
	for (i = 0; i < BP_NW; i++)
		pool_add(b.p, gate_job, &g);
	CHECK(wait_for(&g.entered, BP_NW)); /* ring empty, workers held */
	CHECK(pthread_create(&t, NULL, bp_producer, &b) == 0);
	CHECK(wait_for(&b.added, BP_QLEN));
	nap(20000); /* a chance to overrun; not needed for a pass */
	CHECK(atomic_load(&b.added) == BP_QLEN);
	CHECK(atomic_load(&b.finished) == 0);
	atomic_store(&g.open, 1);
	pthread_join(t, NULL);
	pool_join(b.p);
	pool_free(b.p);
	CHECK(atomic_load(&b.added) == BP_JOBS);
	CHECK(atomic_load(&b.finished) == BP_JOBS);
	CHECK(atomic_load(&b.worst) <= BP_QLEN + BP_NW);
}

/*
 * Urgent jobs.  Worker A is held on a gate; worker B runs P, which waits
 * until the main thread has queued R0..R2 in the ring, then adds U0, U1,
 * U2 urgently and returns.  B alone is free, so it must run U2, U1, U0
 * (most recent first), then R0, R1, R2.
 */
struct urg {
	struct pool *p;
	struct entry u[3];
	atomic_int started, ring_full;
	int worker;
};

static void
urg_parent(void *arg, int worker)
{
	struct urg *u = arg;

	u->worker = worker;
	atomic_store(&u->started, 1);
	wait_for(&u->ring_full, 1);
	for (int i = 0; i < 3; i++)
		pool_add_urgent(u->p, log_job, &u->u[i]);
}

static void
test_urgent(void)
{
	static struct startlog l;
	static struct urg u;
	struct entry r[3];
	struct gate g = {0};
	int i, ok, want[6] = {102, 101, 100, 0, 1, 2};

	log_init(&l);
	memset(&u, 0, sizeof(u));
	u.p = pool_create(2, 8);
	u.worker = -1;
	CHECK(u.p != NULL);
	if (u.p == NULL)
		return;
	for (i = 0; i < 3; i++) {
		u.u[i] = (struct entry){&l, 100 + i};
		r[i] = (struct entry){&l, i};
	}
	pool_add(u.p, gate_job, &g);
	pool_add(u.p, urg_parent, &u);
	CHECK(wait_for(&g.entered, 1));
	CHECK(wait_for(&u.started, 1));
	for (i = 0; i < 3; i++)
		pool_add(u.p, log_job, &r[i]);
	atomic_store(&u.ring_full, 1);
	CHECK(wait_for(&l.count, 6));
	pthread_mutex_lock(&l.mu);
	CHECK(l.n == 6);
	for (i = 0, ok = 1; i < 6 && i < l.n; i++)
		ok &= l.id[i] == want[i] && l.worker[i] == u.worker;
	pthread_mutex_unlock(&l.mu);
	CHECK(ok);
	CHECK(u.worker == 0 || u.worker == 1);
	atomic_store(&g.open, 1);
	pool_join(u.p);
	pool_free(u.p);
	pthread_mutex_destroy(&l.mu);
}

/*
 * A job that adds an urgent job while pool_join is waiting: the other
 * worker must still be there to run it.  The parent waits (bounded) for
 * the child to start before it returns, so the child cannot simply run
 * on the parent's worker afterwards.
 */
struct late {
	struct pool *p;
	atomic_int joining, child_ran, child_early;
	int parent_worker, child_worker;
};

static void
late_child(void *arg, int worker)
{
	struct late *t = arg;

	t->child_worker = worker;
	atomic_store(&t->child_ran, 1);
}

static void
late_parent(void *arg, int worker)
{
	struct late *t = arg;

	t->parent_worker = worker;
	wait_for(&t->joining, 1);
	nap(10000); /* most likely inside pool_join now; either is right */
	pool_add_urgent(t->p, late_child, t);
	if (wait_for(&t->child_ran, 1))
		atomic_store(&t->child_early, 1);
}

static void
test_urgent_join(void)
{
	static struct late t;

	memset(&t, 0, sizeof(t));
	t.parent_worker = t.child_worker = -1;
	t.p = pool_create(2, 4);
	CHECK(t.p != NULL);
	if (t.p == NULL)
		return;
	pool_add(t.p, late_parent, &t);
	atomic_store(&t.joining, 1);
	pool_join(t.p);
	pool_free(t.p);
	CHECK(atomic_load(&t.child_ran) == 1);
	CHECK(atomic_load(&t.child_early) == 1);
	CHECK(t.parent_worker == 0 || t.parent_worker == 1);
	CHECK(t.child_worker == 1 - t.parent_worker);
}

/* Join and free with no job at all; freeing NULL is harmless. */
static void
test_empty(void)
{
	int n[] = {1, 2, 8};

	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		struct pool *p = pool_create(n[i], 1);

		CHECK(p != NULL);
		if (p == NULL)
			continue;
		pool_join(p);
		pool_free(p);
	}
	pool_free(NULL);
}

/* Worker indexes with 8 workers and a ring of one slot. */
static atomic_int seen_bad, seen_mask;

static void
index_job(void *arg, int worker)
{
	(void)arg;
	if (worker < 0 || worker >= 8)
		atomic_fetch_add(&seen_bad, 1);
	else
		atomic_fetch_or(&seen_mask, 1 << worker);
}

static void
test_indexes(void)
{
	struct pool *p = pool_create(8, 1);

	CHECK(p != NULL);
	if (p == NULL)
		return;
	for (int i = 0; i < 5000; i++)
		pool_add(p, index_job, NULL);
	pool_join(p);
	pool_free(p);
	CHECK(atomic_load(&seen_bad) == 0);
	CHECK(atomic_load(&seen_mask) != 0);
	CHECK((atomic_load(&seen_mask) & ~0xff) == 0);
}

int
main(void)
{
	test_inline();
	test_fifo();
	test_many();
	test_backpressure();
	test_urgent();
	test_urgent_join();
	test_empty();
	test_indexes();
	return unit_done("test_pool");
}
