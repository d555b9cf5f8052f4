/*
 * run.c: one run of mfweights: walk, count in parallel, merge, print.
 *
 * Every file is a job numbered in walk order.  A worker opens it without
 * blocking, reads its head, lets the matching decoder count it into the
 * worker's per-file histogram, and then either folds that histogram into
 * the worker's own totals (the file decoded completely and every label is
 * a class or ignored) or records the file as skipped with its reason.
 * Totals are integers, so their merge after the join is the same for any
 * number of threads and any schedule; skipped files are sorted by job
 * number.  Nothing reaches stdout until every file is done, and nothing
 * at all when a file was bad without --keep-going.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "count.h"
#include "decode.h"
#include "emit.h"
#include "labels.h"
#include "msg.h"
#include "pool.h"
#include "run.h"
#include "scan.h"
#include "util.h"
#include "weights.h"

struct run;

struct job {
	size_t index; /* walk order */
	char *path;
	int explicit, vsi;
	struct run *r;
};

struct skiplist {
	struct skip *v;
	size_t n, cap;
};

/*
 * A large file split into parts (decode.h, DEC_PARTS).  The worker that
 * opened it posts urgent jobs for the other workers and takes parts
 * itself; every participant claims the next part from `next`, counts its
 * parts into its own histogram and, when no part is left, adds that into
 * `acc`.  The last participant to leave folds `acc` as the whole file's
 * histogram, exactly as if one worker had decoded it.  On a failure the
 * lowest failing part wins (parts are claimed in order, so every part
 * before it has run): the same file reason as a whole-file decode.
 */
struct split {
	struct job *j;
	const struct decoder *d;
	int fd;
	uint32_t nparts;
	atomic_uint next; /* the next part to claim */
	pthread_mutex_t mu;
	int users;        /* participants not yet done, under mu */
	struct fhist acc; /* sum of the participants' parts, under mu */
	uint32_t badpart; /* lowest failed part, UINT32_MAX = none; mu */
	atomic_int failed;
	enum dec_status st;
	char err[DEC_ERRLEN];
};

/* Per-worker state: touched by one thread only until the join. */
struct wstate {
	struct fhist h;
	struct fhist m;      /* h after --map */
	uint64_t *P, *I, *T; /* MFW_DENSE each */
	uint64_t images, px_total, px_ignored, px_nodata;
	uint64_t px_oor;     /* pixels of out-of-range labels, bad files */
	uint64_t depths;     /* bit n-1 set: an n-bit mask was counted */
	uint64_t miniswhite; /* MinIsWhite TIFFs counted */
	int64_t maxlabel;    /* largest counted label, -1 = none */
	struct skiplist skip;
	void *gdal;
	char *piline; /* this file's --per-image line, or NULL */
};

struct run {
	const struct mfw_opts *o;
	struct pool *pool;
	struct wstate *w;
	int nw;
	size_t next;              /* job numbers, in walk order */
	struct skiplist scanskip; /* operands and directories, main thread */
	unsigned char *ignmap;    /* MFW_DENSE bits: value is --ignore'd */
	atomic_ullong notmask;    /* walked files that are not masks */
	/* Progress: written by workers, read by the progress thread. */
	atomic_ullong queued, done, pixels;
	atomic_int scanned; /* the walk is over: queued is the total */
	/* --per-image: lines come back in any order and are written in
	 * walk order through a min-heap keyed by job number.  The bounded
	 * pool queue bounds how far ahead of the oldest job a line can be. */
	FILE *perimg;
	pthread_mutex_t pimu;
	size_t pinext;
	struct piline {
		size_t index;
		char *line;
	} * heap;
	size_t nheap, capheap;
	int pierr; /* errno of the first write error */
};

static volatile sig_atomic_t gotsig;
static char tmpout[4096]; /* temporary output to unlink on a signal */

static void
onsignal(int sig)
{
	if (tmpout[0] != '\0')
		unlink(tmpout);
	_exit(128 + sig);
}

static void
rm_tmpout(void)
{
	if (tmpout[0] != '\0')
		unlink(tmpout);
	tmpout[0] = '\0';
}

static int
is_ignored(const struct run *r, int64_t v)
{
	size_t lo = 0, hi = r->o->nignore;

	if (v >= 0 && v < MFW_DENSE)
		return r->ignmap[v >> 3] >> (v & 7) & 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->o->ignore[mid] == v)
			return 1;
		if (r->o->ignore[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Report a file as skipped: message now, listed in the output later. */
static void
skip_file(struct skiplist *l, struct job *j, char *reason, int level)
{
	msg_file(j->path, "%s", reason);
	msg_level(level);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = (struct skip){j->index, j->path, reason};
	j->path = NULL;
}

static void skipf(struct wstate *w, struct job *j, int level, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
skipf(struct wstate *w, struct job *j, int level, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	skip_file(&w->skip, j, xstrdup(buf), level);
}

static void
heap_push(struct run *r, struct piline e)
{
	size_t i, p;

	if (r->nheap == r->capheap) {
		r->capheap = r->capheap ? r->capheap * 2 : 64;
		r->heap = xreallocarray(r->heap, r->capheap, sizeof(*r->heap));
	}
	for (i = r->nheap++; i > 0; i = p) {
		p = (i - 1) / 2;
		if (r->heap[p].index <= e.index)
			break;
		r->heap[i] = r->heap[p];
	}
	r->heap[i] = e;
}

static struct piline
heap_pop(struct run *r)
{
	struct piline top = r->heap[0], last = r->heap[--r->nheap];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < r->nheap) {
		if (c + 1 < r->nheap && r->heap[c + 1].index < r->heap[c].index)
			c++;
		if (last.index <= r->heap[c].index)
			break;
		r->heap[i] = r->heap[c];
		i = c;
	}
	if (r->nheap > 0)
		r->heap[i] = last;
	return top;
}

/* Job number index is done, with a line to write or NULL. */
static void
perimg_put(struct run *r, size_t index, char *line)
{
	struct piline e;

	pthread_mutex_lock(&r->pimu);
	heap_push(r, (struct piline){index, line});
	while (r->nheap > 0 && r->heap[0].index == r->pinext) {
		e = heap_pop(r);
		r->pinext++;
		if (e.line != NULL && r->pierr == 0 &&
		    fputs(e.line, r->perimg) == EOF)
			r->pierr = errno ? errno : EIO;
		free(e.line);
	}
	pthread_mutex_unlock(&r->pimu);
}

/* Format a counted file's --per-image line: path, size, class counts. */
static void
per_image_line(struct run *r, struct wstate *w, struct job *j,
    const struct fhist *h, int64_t maxl, uint64_t ign, uint64_t nd, int ndon)
{
	char *buf = NULL;
	size_t len = 0, k;
	int64_t v;
	int first = 1;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		fatal_sys("open_memstream");
	fputs("{\"path\": ", f);
	if (emit_json_string(f, j->path)) {
		fputs(", \"path_hex\": \"", f);
		for (k = 0; j->path[k] != '\0'; k++)
			fprintf(f, "%02x", (unsigned char)j->path[k]);
		putc('"', f);
	}
	fprintf(f,
	    ", \"width\": %lu, \"height\": %lu, \"pixels_ignored\": "
	    "%llu, \"pixels_nodata\": %llu, \"counts\": {",
	    (unsigned long)h->width, (unsigned long)h->height,
	    (unsigned long long)ign, (unsigned long long)nd);
	for (v = 0; v <= maxl; v++) {
		if (h->dense[v] == 0 || is_ignored(r, v) ||
		    (ndon && h->nodata == v))
			continue;
		fprintf(f, "%s\"%lld\": %llu", first ? "" : ", ", (long long)v,
		    (unsigned long long)h->dense[v]);
		first = 0;
	}
	fputs("}}\n", f);
	if (fclose(f) != 0)
		fatal_sys("open_memstream");
	w->piline = buf;
}

/*
 * --map: remap a decoded histogram into the worker's second one.  The
 * file's nodata speaks of raw values, so it is taken out first; every
 * other raw value needs a mapping (or --map-default).  Colour codes of
 * unknown colours (negative) pass through untouched.  Returns 0, or -1
 * after skipping the file.
 */
static int
remap(struct run *r, struct wstate *w, struct job *j)
{
	const struct mfw_opts *o = r->o;
	struct fhist *h = &w->h, *m = &w->m;
	int ndon = h->has_nodata && !o->no_nodata;
	uint64_t n, bad_n = 0, bad_first_n = 0;
	int64_t v, mv, bad_first = 0;
	size_t i, nbad = 0, k;

	m->maxbin = 0;
	m->nonint = h->nonint;
	m->extra_lost = h->extra_lost;
	m->nodata_extra = h->nodata_extra;
	m->width = h->width;
	m->height = h->height;
	for (k = 0; k <= (size_t)h->maxbin + h->nextra; k++) {
		if (k <= h->maxbin)
			v = (int64_t)k, n = h->dense[k];
		else
			v = h->extra[k - h->maxbin - 1].v,
			n = h->extra[k - h->maxbin - 1].n;
		if (n == 0)
			continue;
		if (ndon && v == h->nodata) {
			m->nodata_extra += n;
			continue;
		}
		if (o->colors != NULL && v < 0)
			mv = v;
		else if (labels_map(o->map, v, &mv) != 0) {
			if (nbad++ == 0 || v < bad_first)
				bad_first = v, bad_first_n = n;
			bad_n += n;
			continue;
		}
		if (count_value(m, mv, n) != 0)
			fatal_sys("malloc");
		if (mv >= 0 && mv < MFW_DENSE && (uint32_t)mv > m->maxbin)
			m->maxbin = (uint32_t)mv;
	}
	if (nbad > 0) {
		char more[80] = "";

		if (nbad > 1)
			snprintf(more, sizeof(more),
			    " (and %zu other "
			    "values, %llu pixels in all)",
			    nbad - 1, (unsigned long long)bad_n);
		skipf(w, j, o->keep_going ? MFW_SKIPPED : MFW_BADINPUT,
		    "label %lld (%llu pixels) has no mapping in --map%s; add "
		    "it or pass --map-default",
		    (long long)bad_first, (unsigned long long)bad_first_n,
		    more);
		for (i = 0; i <= m->maxbin; i++)
			m->dense[i] = 0;
		return -1;
	}
	return 0;
}

/*
 * Check one decoded file and fold it into the worker's totals.  A label
 * that is neither ignored, nor the file's nodata, nor a class makes the
 * whole file bad: nothing of it is counted.
 */
static void
fold(struct run *r, struct wstate *w, struct job *j)
{
	const struct mfw_opts *o = r->o;
	struct fhist *h = &w->h;
	uint64_t ign, nd, counted = 0, total, n;
	uint64_t bad_n = 0, bad_first_n = 0, unk_n = 0, unk_first_n = 0;
	int64_t v, bad_first = 0, unk_first = 0;
	int64_t maxc = o->classes ? o->classes : MFW_DENSE, maxl = -1;
	size_t nbadv = 0, nunk = 0, i;
	int badlvl = o->keep_going ? MFW_SKIPPED : MFW_BADINPUT;
	int ndon;

	if (o->map != NULL) {
		if (remap(r, w, j) != 0)
			return;
		h = &w->m;
	}
	ndon = h->has_nodata && !o->no_nodata;
	ign = 0;
	nd = h->nodata_extra;
	total = h->nonint + h->nodata_extra + h->extra_lost;
	for (v = 0; v <= (int64_t)h->maxbin; v++) {
		if ((n = h->dense[v]) == 0)
			continue;
		total += n;
		if (is_ignored(r, v))
			ign += n;
		else if (ndon && h->nodata == v)
			nd += n;
		else if (v >= maxc) {
			if (nbadv++ == 0)
				bad_first = v, bad_first_n = n;
			bad_n += n;
		} else
			counted += n, maxl = v;
	}
	for (i = 0; i < h->nextra; i++) {
		v = h->extra[i].v;
		n = h->extra[i].n;
		total += n;
		if (o->colors != NULL && v < 0) {
			/* An unknown colour, coded -1 - 0xRRGGBB. */
			if (o->colors->unknown_ignore) {
				ign += n;
				continue;
			}
			if (nunk++ == 0 || n > unk_first_n)
				unk_first = v, unk_first_n = n;
			unk_n += n;
		} else if (is_ignored(r, v))
			ign += n;
		else if (ndon && h->nodata == v)
			nd += n;
		else {
			if (nbadv++ == 0 || v < bad_first)
				bad_first = v, bad_first_n = n;
			bad_n += n;
		}
	}
	if (h->nonint > 0) {
		skipf(w, j, badlvl,
		    "%llu samples are not whole numbers "
		    "(NaN, infinite or fractional)",
		    (unsigned long long)h->nonint);
		return;
	}
	if (h->extra_lost > 0) {
		skipf(w, j, badlvl,
		    "more than %d distinct values outside "
		    "0..%d: not a label mask",
		    MFW_MAX_EXTRA, MFW_DENSE - 1);
		return;
	}
	if (nunk > 0) {
		uint32_t rgb = (uint32_t)(-1 - unk_first);
		char more[80] = "";

		if (nunk > 1)
			snprintf(more, sizeof(more),
			    " (and %zu other "
			    "colours, %llu pixels in all)",
			    nunk - 1, (unsigned long long)unk_n);
		skipf(w, j, badlvl,
		    "unknown colour (%u, %u, %u): %llu "
		    "pixels%s; add it to --colors or pass --unknown-color "
		    "ignore",
		    rgb >> 16, rgb >> 8 & 0xff, rgb & 0xff,
		    (unsigned long long)unk_first_n, more);
		return;
	}
	if (nbadv > 0) {
		char more[80] = "";

		w->px_oor += bad_n;
		if (nbadv > 1)
			snprintf(more, sizeof(more),
			    " (and %zu other values, "
			    "%llu pixels in all)",
			    nbadv - 1, (unsigned long long)bad_n);
		if (o->classes)
			skipf(w, j, badlvl,
			    "label %lld (%llu pixels) is "
			    "not a class 0..%ld%s; pass --ignore %lld or a "
			    "larger --classes",
			    (long long)bad_first,
			    (unsigned long long)bad_first_n, o->classes - 1,
			    more, (long long)bad_first);
		else
			skipf(w, j, badlvl,
			    "label %lld (%llu pixels) is "
			    "outside 0..%d%s; pass --ignore %lld",
			    (long long)bad_first,
			    (unsigned long long)bad_first_n, MFW_DENSE - 1,
			    more, (long long)bad_first);
		return;
	}
	for (v = 0; v <= maxl; v++) {
		if ((n = h->dense[v]) == 0 || is_ignored(r, v) ||
		    (ndon && h->nodata == v))
			continue;
		w->P[v] += n;
		w->I[v]++;
		w->T[v] += counted;
	}
	if (r->perimg != NULL)
		per_image_line(r, w, j, h, maxl, ign, nd, ndon);
	if (maxl > w->maxlabel)
		w->maxlabel = maxl;
	if (h->bits >= 1 && h->bits <= 64 && !h->sample_float)
		w->depths |= UINT64_C(1) << (h->bits - 1);
	w->miniswhite += w->h.miniswhite != 0;
	w->images++;
	w->px_total += total;
	w->px_ignored += ign;
	w->px_nodata += nd;
}

/* The end of a file's job: its --per-image line, progress, cleanup. */
static void
job_done(struct run *r, struct wstate *w, struct job *j, int fd)
{
	if (fd >= 0)
		close(fd);
	if (r->perimg != NULL) {
		perimg_put(r, j->index, w->piline);
		w->piline = NULL;
	}
	atomic_fetch_add(&r->done, 1);
	free(j->path);
	free(j);
}

/* The last participant of a split file: fold or skip the whole file. */
static void
split_end(struct split *s, struct wstate *w)
{
	struct run *r = s->j->r;
	int badlvl = r->o->keep_going ? MFW_SKIPPED : MFW_BADINPUT;

	/* After a signal nothing is reported: the run exits 130 or 143. */
	if (!gotsig && s->badpart != UINT32_MAX)
		skipf(w, s->j, s->st == DEC_SYSERR ? MFW_SYSERR : badlvl, "%s",
		    s->err[0] ? s->err : "cannot be decoded");
	else if (!gotsig) {
		if (count_merge(&w->h, &s->acc) != 0)
			fatal_sys("malloc");
		if (r->o->progress)
			atomic_fetch_add(&r->pixels,
			    (unsigned long long)w->h.width * w->h.height);
		fold(r, w, s->j);
		count_reset(&w->h);
		if (r->o->map != NULL)
			count_reset(&w->m);
	}
	job_done(r, w, s->j, s->fd);
	pthread_mutex_destroy(&s->mu);
	free(s->acc.dense);
	free(s->acc.extra);
	free(s);
}

/* One participant of a split file: take parts until none is left. */
static void
split_work(struct split *s, struct wstate *w)
{
	struct run *r = s->j->r;
	struct dec_ctx ctx;
	enum dec_status st = DEC_OK;
	uint32_t p;
	int last;

	while (!gotsig && !atomic_load(&s->failed) &&
	    (p = atomic_fetch_add(&s->next, 1)) < s->nparts) {
		memset(&ctx, 0, sizeof(ctx));
		ctx.o = r->o;
		ctx.path = s->j->path;
		ctx.fd = s->fd;
		ctx.h = &w->h;
		ctx.worker = w->gdal;
		ctx.part = p;
		ctx.nparts = s->nparts;
		if ((st = s->d->count(&ctx)) == DEC_OK)
			continue;
		pthread_mutex_lock(&s->mu);
		if (p < s->badpart) {
			s->badpart = p;
			s->st = st == DEC_PARTS ? DEC_BAD : st;
			memcpy(s->err, ctx.err, sizeof(s->err));
		}
		pthread_mutex_unlock(&s->mu);
		/* Parts after p are not needed; parts before it all run. */
		atomic_store(&s->failed, 1);
		break;
	}
	pthread_mutex_lock(&s->mu);
	if (s->badpart == UINT32_MAX && count_merge(&s->acc, &w->h) != 0) {
		s->badpart = 0;
		s->st = DEC_SYSERR;
		snprintf(s->err, sizeof(s->err), "out of memory");
	}
	last = --s->users == 0;
	pthread_mutex_unlock(&s->mu);
	count_reset(&w->h);
	if (last)
		split_end(s, w);
}

static void
split_job(void *arg, int wid)
{
	struct split *s = arg;

	split_work(s, &s->j->r->w[wid]);
}

/*
 * The decoder asked for its file to be split in ctx->nparts: hand the
 * descriptor and the job to a struct split, call in the idle workers and
 * take part ourselves.
 */
static void
split_start(struct run *r, struct wstate *w, struct job *j,
    const struct decoder *d, int fd, uint32_t nparts)
{
	struct split *s = xcalloc(1, sizeof(*s));
	int i, helpers;

	s->j = j;
	s->d = d;
	s->fd = fd;
	s->nparts = nparts;
	atomic_init(&s->next, 0);
	atomic_init(&s->failed, 0);
	pthread_mutex_init(&s->mu, NULL);
	s->acc.dense = xcalloc(MFW_DENSE, sizeof(uint64_t));
	s->badpart = UINT32_MAX;
	helpers = r->nw - 1;
	if ((uint32_t)helpers > nparts - 1)
		helpers = (int)(nparts - 1);
	s->users = 1 + helpers;
	for (i = 0; i < helpers; i++)
		pool_add_urgent(r->pool, split_job, s);
	split_work(s, w);
}

static void
process(void *arg, int wid)
{
	struct job *j = arg;
	struct run *r;
	struct wstate *w;
	struct dec_ctx ctx;
	const struct decoder *d;
	unsigned char head[DEC_HEADLEN];
	ssize_t got = 0;
	struct stat sb;
	enum dec_status st;
	int fd = -1, fl, badlvl;

	r = j->r;
	w = &r->w[wid];
	badlvl = r->o->keep_going ? MFW_SKIPPED : MFW_BADINPUT;
	if (gotsig)
		goto done;
	memset(&ctx, 0, sizeof(ctx));
	ctx.o = r->o;
	ctx.path = j->path;
	ctx.h = &w->h;
	ctx.worker = w->gdal;
	ctx.fd = -1;
	ctx.parts_ok = r->nw > 1;
	if (j->vsi) {
		d = &dec_gdal;
		goto decode;
	}
	fd = open(j->path,
	    O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
		(j->explicit ? 0 : O_NOFOLLOW));
	if (fd < 0) {
		if (errno == ENOENT)
			skipf(w, j, badlvl,
			    "vanished before it could be "
			    "read");
		else if (errno == ELOOP && !j->explicit)
			atomic_fetch_add(&r->notmask, 1);
		else if (errno == EMFILE || errno == ENFILE || errno == ENOMEM)
			skipf(w, j, MFW_SYSERR, "cannot open: %s",
			    strerror(errno));
		else
			skipf(w, j, badlvl, "cannot open: %s", strerror(errno));
		goto done;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (j->explicit)
			skipf(w, j, badlvl, "not a regular file");
		else
			atomic_fetch_add(&r->notmask, 1);
		goto done;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 ||
	    (got = pread(fd, head, sizeof(head), 0)) < 0) {
		skipf(w, j, badlvl, "cannot read: %s", strerror(errno));
		goto done;
	}
	if ((d = dec_pick(r->o, head, (size_t)got)) == NULL) {
		if (j->explicit)
			skipf(w, j, badlvl, "not a mask: %s",
			    got == 0 ? "empty file"
				     : "no PNG, TIFF or "
				       "other known raster signature");
		else
			atomic_fetch_add(&r->notmask, 1);
		goto done;
	}
decode:
	ctx.fd = fd;
	st = d->count(&ctx);
	if (st == DEC_PARTS) {
		count_reset(&w->h);
		split_start(r, w, j, d, fd, ctx.nparts);
		return;
	}
	if (r->o->progress)
		atomic_fetch_add(
		    &r->pixels, (unsigned long long)w->h.width * w->h.height);
	if (st == DEC_OK)
		fold(r, w, j);
	else if (st == DEC_NOTMASK && !j->explicit)
		atomic_fetch_add(&r->notmask, 1);
	else
		skipf(w, j, st == DEC_SYSERR ? MFW_SYSERR : badlvl, "%s",
		    ctx.err[0] ? ctx.err : "cannot be decoded");
	count_reset(&w->h);
	if (r->o->map != NULL)
		count_reset(&w->m);
done:
	job_done(r, w, j, fd);
}

static void
on_item(void *arg, struct scan_item *it)
{
	struct run *r = arg;
	struct job *j = xmalloc(sizeof(*j));

	*j = (struct job){r->next++, it->path, it->explicit, it->vsi, r};
	/* --shard K/N: the i-th file (from 0) is shard i mod N + 1. */
	if (r->o->shard_n > 0 &&
	    j->index % r->o->shard_n != r->o->shard_k - 1) {
		if (r->perimg != NULL)
			perimg_put(r, j->index, NULL);
		free(it->path);
		free(it->reason);
		free(j);
		return;
	}
	atomic_fetch_add(&r->queued, 1);
	if (it->reason != NULL) {
		if (r->perimg != NULL)
			perimg_put(r, j->index, NULL);
		skip_file(&r->scanskip, j, it->reason,
		    r->o->keep_going ? MFW_SKIPPED : MFW_BADINPUT);
		free(j);
		return;
	}
	pool_add(r->pool, process, j);
}

/*
 * Progress on stderr, from its own thread: at a terminal one line redrawn
 * in place four times a second; for logs (--progress without a terminal)
 * one line every five seconds.  It only reads the atomic counters.
 */
struct progress {
	struct run *r;
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
progress_line(struct progress *p, int final)
{
	struct run *r = p->r;
	unsigned long long d = atomic_load(&r->done), q, px;
	double el = since(&p->t0), rate;
	char tot[32] = "?", eta[32] = "", line[160];
	int n;

	q = atomic_load(&r->queued);
	px = atomic_load(&r->pixels);
	rate = el > 0 ? (double)px / el / 1e6 : 0;
	if (atomic_load(&r->scanned)) {
		snprintf(tot, sizeof(tot), "%llu", q);
		if (d > 0 && d < q)
			snprintf(eta, sizeof(eta), ", ETA %.0f s",
			    el / (double)d * (double)(q - d));
	}
	n = snprintf(line, sizeof(line),
	    "%smfweights: %llu/%s files, "
	    "%.0f Mpx/s, %.1f s%s%s%s",
	    r->o->progress == 1 ? "\r" : "", d, tot, rate, el, eta,
	    r->o->progress == 1 ? "\033[K" : "",
	    r->o->progress == 1 && !final ? "" : "\n");
	if (n > 0)
		(void)!write(STDERR_FILENO, line, strlen(line));
}

static void *
progress_main(void *arg)
{
	struct progress *p = arg;
	struct timespec until;
	long step = p->r->o->progress == 1 ? 250 : 5000; /* ms */

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
			progress_line(p, 0);
	}
	pthread_mutex_unlock(&p->mu);
	progress_line(p, 1);
	return NULL;
}

static void
progress_start(struct progress *p, struct run *r)
{
	memset(p, 0, sizeof(*p));
	p->r = r;
	if (!r->o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->tid, NULL, progress_main, p) != 0)
		fatal_sys("cannot start the progress thread");
	msg_setprogress(r->o->progress == 1);
}

static void
progress_stop(struct progress *p)
{
	if (!p->r->o->progress)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->tid, NULL);
	msg_setprogress(0);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
}

static int
cmpskip(const void *a, const void *b)
{
	size_t x = ((const struct skip *)a)->index;
	size_t y = ((const struct skip *)b)->index;

	return (x > y) - (x < y);
}

static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Write the finished output.  A regular --output file is written to a
 * temporary file in its directory and renamed over it, so a reader never
 * sees half of it; anything else (/dev/null, a FIFO, stdout) is written
 * directly.  A closed pipe on stdout ends the run as SIGPIPE would.
 */
static int
write_output(const struct mfw_opts *o, const char *buf, size_t len)
{
	struct stat sb;
	const char *slash;
	mode_t mask;
	int fd, e;

	if (o->output == NULL || strcmp(o->output, "-") == 0) {
		if (write_all(STDOUT_FILENO, buf, len) != 0) {
			if (errno == EPIPE) {
				signal(SIGPIPE, SIG_DFL);
				raise(SIGPIPE);
			}
			msg_err("write error on standard output: %s",
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (stat(o->output, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if ((fd = open(o->output, O_WRONLY | O_CLOEXEC)) < 0 ||
		    write_all(fd, buf, len) != 0) {
			msg_file(
			    o->output, "cannot write: %s", strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		return close(fd);
	}
	slash = strrchr(o->output, '/');
	if (slash == NULL)
		snprintf(tmpout, sizeof(tmpout), ".mfweights-XXXXXX");
	else if ((size_t)(slash - o->output) + 20 < sizeof(tmpout))
		snprintf(tmpout, sizeof(tmpout), "%.*s/.mfweights-XXXXXX",
		    (int)(slash - o->output), o->output);
	else {
		msg_file(o->output, "path too long");
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if ((fd = mkstemp(tmpout)) < 0) {
		e = errno;
		tmpout[0] = '\0';
		msg_file(o->output,
		    "cannot create a temporary file beside "
		    "it: %s",
		    strerror(e));
		return -1;
	}
	if (write_all(fd, buf, len) != 0 || fchmod(fd, 0666 & ~mask) != 0 ||
	    close(fd) != 0 || rename(tmpout, o->output) != 0) {
		e = errno;
		rm_tmpout();
		msg_file(o->output, "cannot write: %s", strerror(e));
		return -1;
	}
	tmpout[0] = '\0';
	return 0;
}

static void
notices(struct run *r, const struct scan_stats *st)
{
	unsigned long long nm = atomic_load(&r->notmask);

	if (nm > 0)
		msg_notice("%llu file%s passed over: not a mask image", nm,
		    nm == 1 ? "" : "s");
	if (st->special > 0)
		msg_notice("%llu FIFO%s, socket%s or device%s passed over",
		    (unsigned long long)st->special, "s", "s", "s");
	if (st->links > 0)
		msg_notice("%llu symbolic link%s not followed (see --follow)",
		    (unsigned long long)st->links, st->links == 1 ? "" : "s");
	if (st->duplicates > SCAN_DUP_NOTICES)
		msg_notice("%llu more files already counted (same device and "
			   "inode) passed over",
		    (unsigned long long)(st->duplicates - SCAN_DUP_NOTICES));
	if (st->sidecars > 0)
		msg_notice("%llu GDAL side file%s (.aux.xml, .ovr, .msk) "
			   "passed over",
		    (unsigned long long)st->sidecars,
		    st->sidecars == 1 ? "" : "s");
}

/*
 * Masks of several integer bit depths in one run are worth a word: a
 * 16-bit copy of 8-bit masks may hold scaled labels (257 x k).  MinIsWhite
 * TIFFs are counted raw, as stored; say so once.
 */
static void
depth_notices(struct run *r)
{
	uint64_t d = 0, mw = 0;
	char buf[128];
	size_t o = 0;
	int b, k = 0;

	for (int w = 0; w < r->nw; w++) {
		d |= r->w[w].depths;
		mw += r->w[w].miniswhite;
	}
	for (b = 1; b <= 64; b++)
		if (d >> (b - 1) & 1)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%d",
			    k++ ? ", " : "", b);
	/* Only a mix across the 8-bit line: 1/2/4/8-bit palettes and gray
	 * store labels alike, a 16-bit copy may not. */
	if ((d & 0xff) != 0 && (d >> 8) != 0)
		msg_notice("masks of several bit depths were counted (%s "
			   "bits): check that no labels were rescaled",
		    buf);
	if (mw > 0)
		msg_notice("%llu MinIsWhite TIFF%s counted with raw values "
			   "(0 is white in the file, label 0 here)",
		    (unsigned long long)mw, mw == 1 ? "" : "s");
}

/* Print classes with a given state as one notice line. */
static void
list_classes(
    const struct wresult *res, size_t n, enum cstate want, const char *what)
{
	char buf[1024];
	size_t c, o = 0, k = 0;

	for (c = 0; c < n; c++) {
		if (res->state[c] != want)
			continue;
		if (o < sizeof(buf) - 32)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%zu",
			    k ? ", " : "", c);
		else if (o < sizeof(buf) - 4)
			o +=
			    (size_t)snprintf(buf + o, sizeof(buf) - o, ", ...");
		k++;
	}
	if (k > 0)
		msg_notice(
		    "class%s %s %s: weight 0", k == 1 ? "" : "es", buf, what);
}

static void
skiplist_add(struct skiplist *l, struct skip sk)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = sk;
}

int
mfw_report(const struct mfw_opts *o, const struct totals *t,
    const struct skip *skipped, size_t nskipped, int classes_given,
    int64_t maxlabel)
{
	struct wresult res;
	struct wparams wp;
	struct report rp;
	char *buf = NULL;
	size_t len = 0, k;
	FILE *mf;
	int rc;

	memset(&res, 0, sizeof(res));
	rc = msg_status();
	if (rc >= MFW_SYSERR)
		return rc;
	if (nskipped > 0 && !o->keep_going) {
		msg_err("%zu bad file%s: no weights printed (--keep-going "
			"skips bad files)",
		    nskipped, nskipped == 1 ? "" : "s");
		return MFW_BADINPUT;
	}
	/* A counts document with no image is still a valid part: a shard
	 * past the end of the list, or one whose files were all skipped.
	 * The merge decides. */
	if (t->images == 0 && o->format != FMT_COUNTS) {
		msg_err(nskipped > 0 ? "no mask could be counted"
				     : "no mask files found");
		return MFW_BADINPUT;
	}
	if (o->format != FMT_COUNTS) {
		if (!classes_given)
			msg_notice("no --classes given: %zu classes (largest "
				   "label %lld)",
			    t->n, (long long)maxlabel);
		wp = (struct wparams){o->method, o->normalize, o->enet_k,
		    o->beta, o->clip, o->clip_min, o->clip_max, o->ignore,
		    o->nignore};
		k = t->n > 0 ? weights_compute(t, &wp, &res) : 0;
		if (k == 0) {
			msg_err("every pixel is ignored or nodata: no weights");
			weights_free(&res);
			return MFW_BADINPUT;
		}
		list_classes(&res, t->n, CLS_ABSENT, "absent from every image");
	}
	rp = (struct report){o, t, &res, skipped, nskipped, classes_given};
	if ((mf = open_memstream(&buf, &len)) == NULL)
		fatal_sys("open_memstream");
	if (emit_report(mf, &rp) != 0 || fclose(mf) != 0)
		fatal_sys("output buffer");
	if (write_output(o, buf, len) != 0)
		msg_level(MFW_SYSERR);
	free(buf);
	weights_free(&res);
	return msg_status();
}

/* Merge the workers' totals and skipped lists, then report. */
static int
finish(struct run *r, const struct scan_stats *st)
{
	const struct mfw_opts *o = r->o;
	struct totals t;
	struct skiplist all = {NULL, 0, 0};
	int64_t maxl = -1;
	size_t c, i;
	int w, rc;

	memset(&t, 0, sizeof(t));
	for (w = 0; w < r->nw; w++)
		if (r->w[w].maxlabel > maxl)
			maxl = r->w[w].maxlabel;
	t.n = o->classes ? (size_t)o->classes : (size_t)(maxl + 1);
	t.P = xcalloc(t.n, sizeof(uint64_t));
	t.I = xcalloc(t.n, sizeof(uint64_t));
	t.T = xcalloc(t.n, sizeof(uint64_t));
	for (w = 0; w < r->nw; w++) {
		struct wstate *ws = &r->w[w];

		for (c = 0; c < t.n; c++) {
			t.P[c] += ws->P[c];
			t.I[c] += ws->I[c];
			t.T[c] += ws->T[c];
		}
		t.images += ws->images;
		t.px_total += ws->px_total;
		t.px_ignored += ws->px_ignored;
		t.px_nodata += ws->px_nodata;
		t.px_oor += ws->px_oor;
		for (i = 0; i < ws->skip.n; i++)
			skiplist_add(&all, ws->skip.v[i]);
		ws->skip.n = 0;
	}
	for (i = 0; i < r->scanskip.n; i++)
		skiplist_add(&all, r->scanskip.v[i]);
	r->scanskip.n = 0;
	if (all.n > 1)
		qsort(all.v, all.n, sizeof(*all.v), cmpskip);
	notices(r, st);
	depth_notices(r);
	if (st->list_error) {
		msg_err("the file list could not be read: no weights printed");
		msg_level(MFW_BADINPUT);
	}
	rc = st->list_error
	    ? MFW_BADINPUT
	    : mfw_report(o, &t, all.v, all.n, o->classes != 0, maxl);
	for (i = 0; i < all.n; i++) {
		free(all.v[i].path);
		free(all.v[i].reason);
	}
	free(all.v);
	free(t.P);
	free(t.I);
	free(t.T);
	return rc;
}

/* A regular PNG file (or one that cannot be read): one worker is enough. */
static int
png_file(const char *path)
{
	unsigned char head[DEC_HEADLEN];
	struct stat sb;
	ssize_t got;
	int fd;

	if (strncmp(path, "/vsi", 4) == 0 || stat(path, &sb) != 0 ||
	    !S_ISREG(sb.st_mode))
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0)
		return 1;
	got = pread(fd, head, sizeof(head), 0);
	close(fd);
	return got < 0 || dec_png.probe(head, (size_t)got);
}

int
mfw_run(const struct mfw_opts *o)
{
	struct run r;
	struct scan_stats st;
	struct progress prog;
	struct sigaction sa;
	volatile int stop = 0;
	size_t i;
	int w, rc;

	memset(&r, 0, sizeof(r));
	memset(&st, 0, sizeof(st));
	r.o = o;
	r.nw = o->threads < 1 ? 1 : o->threads;
	/* Only PNG file operands (a PNG cannot split across workers; a
	 * TIFF or a GDAL raster may): no more workers than files.  A single
	 * PNG then runs inline, as cheap as --version plus its decode. */
	if (o->files_from == NULL && (size_t)r.nw > o->npaths) {
		for (i = 0; i < o->npaths; i++)
			if (!png_file(o->paths[i]))
				break;
		if (i == o->npaths)
			r.nw = (int)o->npaths;
	}
	atomic_init(&r.notmask, 0);
	atomic_init(&r.queued, 0);
	atomic_init(&r.done, 0);
	atomic_init(&r.pixels, 0);
	atomic_init(&r.scanned, 0);
	r.ignmap = xcalloc(MFW_DENSE / 8, 1);
	for (i = 0; i < o->nignore; i++)
		if (o->ignore[i] >= 0 && o->ignore[i] < MFW_DENSE)
			r.ignmap[o->ignore[i] >> 3] |=
			    (unsigned char)(1u << (o->ignore[i] & 7));
	r.w = xcalloc((size_t)r.nw, sizeof(*r.w));
	for (w = 0; w < r.nw; w++) {
		r.w[w].h.dense = xcalloc(MFW_DENSE, sizeof(uint64_t));
		r.w[w].h.maxbin = MFW_DENSE - 1;
		r.w[w].P = xcalloc(MFW_DENSE, sizeof(uint64_t));
		r.w[w].I = xcalloc(MFW_DENSE, sizeof(uint64_t));
		r.w[w].T = xcalloc(MFW_DENSE, sizeof(uint64_t));
		if (o->map != NULL) {
			r.w[w].m.dense = xcalloc(MFW_DENSE, sizeof(uint64_t));
			r.w[w].m.maxbin = MFW_DENSE - 1;
		}
		r.w[w].maxlabel = -1;
		r.w[w].gdal = gdal_worker_new(o);
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Writes to a dead GDAL helper must fail with EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	util_atfatal(rm_tmpout);

	if (o->per_image != NULL) {
		r.perimg = strcmp(o->per_image, "-") == 0
		    ? stdout
		    : fopen(o->per_image, "we");
		if (r.perimg == NULL) {
			msg_file(
			    o->per_image, "cannot create: %s", strerror(errno));
			return MFW_SYSERR;
		}
		pthread_mutex_init(&r.pimu, NULL);
	}
	if ((r.pool = pool_create(r.nw, (size_t)r.nw * 32)) == NULL)
		fatal_sys("cannot start worker threads");
	progress_start(&prog, &r);
	scan_run(o, on_item, &r, &st, &stop);
	atomic_store(&r.scanned, 1);
	pool_join(r.pool);
	pool_free(r.pool);
	progress_stop(&prog);

	if (r.perimg != NULL) {
		if ((r.perimg != stdout && fclose(r.perimg) != 0) ||
		    (r.perimg == stdout && fflush(stdout) != 0))
			r.pierr = r.pierr ? r.pierr : errno;
		if (r.pierr != 0) {
			msg_file(
			    o->per_image, "write error: %s", strerror(r.pierr));
			msg_level(MFW_SYSERR);
		}
		free(r.heap);
		pthread_mutex_destroy(&r.pimu);
	}
	rc = finish(&r, &st);

	for (w = 0; w < r.nw; w++) {
		gdal_worker_free(r.w[w].gdal);
		free(r.w[w].h.dense);
		free(r.w[w].h.extra);
		free(r.w[w].m.dense);
		free(r.w[w].m.extra);
		free(r.w[w].P);
		free(r.w[w].I);
		free(r.w[w].T);
		free(r.w[w].skip.v);
	}
	free(r.scanskip.v);
	free(r.w);
	free(r.ignmap);
	return rc;
}
