/*
 * run.c: the job loop of one run: walk -> pool -> process -> finish.
 *
 * DESIGN.  Every file the walk (scan.c) finds is a job numbered in walk
 * order and handed to the pool (pool.c).  A worker opens it without
 * blocking, reads its head and lets the decoder table (decode.c) count it
 * into the worker's per-file histogram; a large file may instead be
 * counted in parts by several workers (parts.c), the last of them
 * finishing the job.  tally.c then says whether the file counts under the
 * rules; a counted file is added to the worker's own totals, a bad one is
 * recorded with its reason.  Totals are integers, so their merge after
 * the join is the same for any number of threads and any schedule;
 * skipped files are sorted by job number.  --per-image lines go through
 * perimg.c, which keeps walk order with bounded memory; --sampling has
 * them copied to a spool file that sample.c reads back after the join,
 * when the data set's sums are known.  report.c writes the result; nothing reaches stdout until every file is done, and
 * nothing at all when a file was bad without --keep-going.
 *
 * A system error (out of descriptors, a failed allocation in a decoder,
 * a failed read that is not the file's fault) stops the run: the walk
 * and the workers see `stop`, no further file is opened, and the run
 * exits 4 with no output.  Allocation failures elsewhere end the process
 * at once (util.c, fatal_sys).
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
#include <unistd.h>

#include "count.h"
#include "decode.h"
#include "emit.h"
#include "faults.h"
#include "layout.h"
#include "msg.h"
#include "output.h"
#include "parts.h"
#include "perimg.h"
#include "pool.h"
#include "prefetch.h"
#include "progress.h"
#include "prov.h"
#include "report.h"
#include "run.h"
#include "sample.h"
#include "scan.h"
#include "tally.h"
#include "util.h"

struct run;

struct job {
	size_t index; /* walk order */
	char *path;
	int explicit, vsi;
	struct run *r;
	struct scan_mem *mem; /* an archive member's bytes, or NULL */
};

/* Walked files passed over: how many, and the first in walk order. */
struct passed {
	unsigned long long n;
	size_t index;
	char *path;
	char *why;
};

struct skiplist {
	struct fault_item *v;
	size_t n, cap;
};

/* Per-worker state: touched by one thread only until the join. */
struct wstate {
	struct fhist h; /* the file being decoded */
	struct fhist m; /* h after --map */
	struct tally_acc acc;
	struct skiplist skip;
	void *gdal; /* the worker's GDAL helper (dec_gdal.c) */
};

struct run {
	const struct mfw_opts *o;
	struct rules rules;
	struct pool *pool;
	struct wstate *w;
	int nw;
	int badlvl;               /* a bad file's level: 1 or 3 */
	size_t next;              /* job numbers, in walk order */
	struct skiplist scanskip; /* operands and directories, main thread */
	pthread_mutex_t pomu;     /* guards the passed-over examples */
	struct passed lossy;      /* walked lossy images (JPEG, WebP) */
	struct passed other;      /* walked non-masks named as examples */
	atomic_int stop;          /* a system error: stop the run */
	struct progress_counts pc;
	struct perimg *perimg;   /* --per-image or --sampling, or NULL */
	struct sample_run *samp; /* --sampling, or NULL */
	int samp_ok;             /* its weights are written */
	struct parts_env penv;
	struct prov_list list; /* every walked path, for the provenance */
	uint64_t shard_files;  /* the walked paths of this run's shard */
	struct prefetch *pf;   /* reads ahead of the workers, or NULL */
};

static void
skiplist_add(struct skiplist *l, struct fault_item sk)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = sk;
}

/* Record a file as skipped: told at the end, grouped by fault (faults.c),
 * and listed in the output.  A system error is told now: it stops the
 * run.  tag NULL: the reason's words say the kind. */
static void
skip_file(struct run *r, struct skiplist *l, struct job *j, char *reason,
    int level, const struct fault_tag *tag)
{
	struct fault_item sk = {j->index, j->path, reason, {0, 0, {0}, 0, 0}};

	/* The first system error is told, the same failure met by other
	 * workers before they see the stop is not. */
	if (level >= MFW_SYSERR && atomic_exchange(&r->stop, 1) == 0)
		msg_file(j->path, "%s", reason);
	msg_level(level);
	if (tag != NULL)
		sk.tag = *tag;
	else
		sk.tag.kind = faults_kind_of(reason);
	skiplist_add(l, sk);
	j->path = NULL;
}

static void skipf(struct run *r, struct wstate *w, struct job *j, int level,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
skipf(struct run *r, struct wstate *w, struct job *j, int level,
    const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	skip_file(r, &w->skip, j, xstrdup(buf), level, NULL);
}

/* A walked file that is not a mask: counted, the first one kept as the
 * example of its kind.  Per non-mask file only, so a lock is cheap. */
static void
passed_over(struct run *r, const struct job *j, const char *why)
{
	struct passed *p =
	    strncmp(why, "lossy ", 6) == 0 ? &r->lossy : &r->other;

	pthread_mutex_lock(&r->pomu);
	if (p->n++ == 0 || j->index < p->index) {
		free(p->path);
		free(p->why);
		p->index = j->index;
		p->path = xstrdup(j->path);
		p->why = xstrdup(why);
	}
	pthread_mutex_unlock(&r->pomu);
}

/* The end of a file's job: its --per-image line, progress, clean-up. */
static void
job_done(struct run *r, struct job *j, int fd, char *line)
{
	if (fd >= 0)
		close(fd);
	if (j->mem != NULL)
		j->mem->release(j->mem);
	if (r->perimg != NULL)
		perimg_put(r->perimg, j->index, line);
	else
		free(line);
	atomic_fetch_add(&r->pc.done, 1);
	free(j->path);
	free(j);
}

/*
 * A file decoded whole (h): count it, or skip it with the reason.
 * Returns its --per-image line, or NULL.
 */
static char *
settle(struct run *r, struct wstate *w, struct job *j, const struct fhist *h)
{
	struct tally t;
	char why[512], *line = NULL;

	if (r->o->progress)
		atomic_fetch_add(
		    &r->pc.pixels, (unsigned long long)h->width * h->height);
	tally_file(&r->rules, h, &w->m, &t);
	tally_add(&w->acc, &r->rules, &t);
	if (t.why == TALLY_OK) {
		if (r->perimg != NULL)
			line =
			    emit_perimg_line(j->path, j->index, &r->rules, &t);
	} else {
		struct fault_tag tag = {FAULT_OTHER, 0, {0}, t.vmax, t.nvalues};

		tally_reason(&r->rules, &t, why, sizeof(why));
		if (t.why == TALLY_OUT_OF_RANGE || t.why == TALLY_UNMAPPED) {
			tag.kind = t.why == TALLY_UNMAPPED ? FAULT_UNMAPPED
							   : FAULT_LABEL;
			tag.nv = t.nvalues < TALLY_NV ? (unsigned)t.nvalues
						      : TALLY_NV;
			memcpy(tag.v, t.vals, tag.nv * sizeof(*tag.v));
		} else if (t.why == TALLY_UNKNOWN_COLOUR) {
			tag.kind = FAULT_COLOUR;
			tag.nv = 1;
			tag.v[0] = tag.vmax = t.first;
		}
		skip_file(r, &w->skip, j, xstrdup(why),
		    t.why == TALLY_NOMEM ? MFW_SYSERR : r->badlvl, &tag);
	}
	if (r->rules.map != NULL)
		count_reset(&w->m);
	return line;
}

/* parts.c callbacks (struct parts_env). */
static struct fhist *
parts_hist(void *arg, int wid)
{
	return &((struct run *)arg)->w[wid].h;
}

static void *
parts_dec_worker(void *arg, int wid)
{
	return ((struct run *)arg)->w[wid].gdal;
}

static void
parts_end(void *arg, void *job, int wid, struct fhist *sum, enum dec_status st,
    const char *err)
{
	struct run *r = arg;
	struct wstate *w = &r->w[wid];
	struct job *j = job;
	char *line = NULL;

	if (atomic_load(&r->stop))
		; /* the run ends with a system error: nothing to say */
	else if (st != DEC_OK)
		skipf(r, w, j, st == DEC_SYSERR ? MFW_SYSERR : r->badlvl, "%s",
		    err);
	else
		line = settle(r, w, j, sum);
	job_done(r, j, -1, line);
}

/* Open a walked file: its descriptor, or -1 after dealing with it. */
static int
open_file(struct run *r, struct wstate *w, struct job *j, unsigned char *head,
    size_t *nhead)
{
	struct stat sb;
	ssize_t got;
	int fd, fl;

	fd = open(j->path,
	    O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
		(j->explicit ? 0 : O_NOFOLLOW));
	if (fd < 0) {
		if (errno == ENOENT)
			skipf(r, w, j, r->badlvl,
			    "vanished before it could be read");
		else if (errno == ELOOP && !j->explicit)
			passed_over(r, j, "a symbolic link, not followed");
		else if (errno == EMFILE || errno == ENFILE || errno == ENOMEM)
			skipf(r, w, j, MFW_SYSERR, "cannot open: %s",
			    strerror(errno));
		else
			skipf(r, w, j, r->badlvl, "cannot open: %s",
			    strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (j->explicit)
			skipf(r, w, j, r->badlvl, "not a regular file");
		else
			passed_over(r, j, "not a regular file");
		close(fd);
		return -1;
	}
	/* Opened without blocking (a FIFO put in its place would block);
	 * a regular file now reads normally. */
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 ||
	    (got = pread(fd, head, DEC_HEADLEN, 0)) < 0) {
		skipf(r, w, j, r->badlvl, "cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	*nhead = (size_t)got;
	return fd;
}

static void
process(void *arg, int wid)
{
	struct job *j = arg;
	struct run *r = j->r;
	struct wstate *w = &r->w[wid];
	const struct decoder *d = NULL;
	unsigned char head[DEC_HEADLEN];
	struct dec_ctx ctx;
	enum dec_status st;
	size_t nhead = 0;
	char *line = NULL;
	int fd = -1;

	if (atomic_load(&r->stop))
		goto done;
	prefetch_start(r->pf, j->index);
	memset(&ctx, 0, sizeof(ctx));
	ctx.o = &r->o->dec;
	ctx.path = j->path;
	ctx.h = &w->h;
	ctx.worker = w->gdal;
	ctx.fd = -1;
	ctx.parts_ok = r->nw > 1;
	if (j->vsi)
		st = dec_vsi(&ctx, &d);
	else if (j->mem != NULL && j->mem->buf == NULL) {
		ctx.path = j->mem->vsi; /* a remote file GDAL reads */
		st = dec_vsi(&ctx, &d);
	} else if (j->mem != NULL) {
		ctx.buf = j->mem->buf;
		ctx.len = j->mem->len;
		ctx.vsi = j->mem->vsi;
		ctx.parts_ok = 0;
		nhead = ctx.len < DEC_HEADLEN ? ctx.len : DEC_HEADLEN;
		st = dec_file(&ctx, ctx.buf, nhead, &d);
	} else {
		if ((fd = open_file(r, w, j, head, &nhead)) < 0)
			goto done;
		ctx.fd = fd;
		st = dec_file(&ctx, head, nhead, &d);
	}
	switch (st) {
	case DEC_PARTS:
		count_reset(&w->h);
		parts_start(&r->penv, j, j->path, d, fd, ctx.nparts, wid);
		return;
	case DEC_OK:
		line = settle(r, w, j, &w->h);
		break;
	case DEC_NOTMASK:
		if (!j->explicit) {
			passed_over(r, j,
			    ctx.err[0]       ? ctx.err
				: nhead == 0 ? "an empty file"
					     : "not an image mfweights "
					       "reads");
			break;
		}
		if (ctx.err[0] == '\0')
			snprintf(ctx.err, sizeof(ctx.err), "not a mask: %s",
			    nhead == 0 ? "empty file"
				       : "no PNG, TIFF or other known "
					 "raster signature");
		skipf(r, w, j, r->badlvl, "%s", ctx.err);
		break;
	default:
		if (r->o->progress)
			atomic_fetch_add(&r->pc.pixels,
			    (unsigned long long)w->h.width * w->h.height);
		skipf(r, w, j, st == DEC_SYSERR ? MFW_SYSERR : r->badlvl, "%s",
		    ctx.err[0] ? ctx.err : "cannot be decoded");
		break;
	}
	count_reset(&w->h);
done:
	job_done(r, j, fd, line);
}

/* The walk found a file (or a path it could not walk): number it and
 * hand it on. */
static void
on_item(void *arg, struct scan_item *it)
{
	struct run *r = arg;
	struct job *j = xmalloc(sizeof(*j));

	*j = (struct job){it->indexed ? it->index : r->next++, it->path,
	    it->explicit, it->vsi, r, it->mem};
	prov_list_add(&r->list, j->index, it->path);
	/* Archive members come out of walk order: archive.c bounds what
	 * --per-image holds. */
	if (r->perimg != NULL && !it->indexed)
		perimg_reserve(r->perimg, j->index);
	/* --shard K/N: the i-th file (from 0) is shard i mod N + 1. */
	if (r->o->shard_n > 0 &&
	    j->index % r->o->shard_n != r->o->shard_k - 1) {
		if (r->perimg != NULL)
			perimg_put(r->perimg, j->index, NULL);
		if (it->mem != NULL)
			it->mem->release(it->mem);
		free(it->path);
		free(it->reason);
		free(j);
		return;
	}
	r->shard_files++;
	atomic_fetch_add(&r->pc.queued, 1);
	if (it->reason != NULL) {
		if (r->perimg != NULL)
			perimg_put(r->perimg, j->index, NULL);
		skip_file(r, &r->scanskip, j, it->reason,
		    it->syserr ? MFW_SYSERR : r->badlvl,
		    &(struct fault_tag){FAULT_PATH, 0, {0}, 0, 0});
		free(j);
		return;
	}
	if (!j->vsi)
		prefetch_add(r->pf, j->index, j->path);
	pool_add(r->pool, process, j);
}

static int
cmpskip(const void *a, const void *b)
{
	size_t x = ((const struct fault_item *)a)->index;
	size_t y = ((const struct fault_item *)b)->index;

	return (x > y) - (x < y);
}

/* Passed-over files of one kind: how many, the first, why; as the
 * error of a run that found no mask, else as a notice.  1 if said. */
static int
tell_passed(const struct passed *p, int nothing)
{
	char *q;

	if (p->n == 0)
		return 0;
	q = msg_quote(p->path);
	if (nothing)
		msg_err("no mask files found: %llu file%s passed over, such "
			"as %s: %s",
		    p->n, p->n == 1 ? "" : "s", q, p->why);
	else if (p->n == 1)
		msg_notice("%s passed over: %s", q, p->why);
	else
		msg_notice(
		    "%llu files passed over, such as %s: %s", p->n, q, p->why);
	free(q);
	return 1;
}

/*
 * What the walk passed over, said once at the end.  Lossy images always
 * (masks saved as JPEG are a common mistake); other files that are not
 * masks (text, JSON, ...) only when nothing could be counted, where they
 * say what the folder holds instead.  nothing: no mask at all was found
 * (nor a bad file): what was passed over is the error, even with -q.
 * Returns 1 if that error was said.
 */
static int
walk_notices(
    struct run *r, const struct scan_stats *st, uint64_t images, int nothing)
{
	int told = tell_passed(&r->lossy, nothing);

	if (images == 0)
		told |= tell_passed(&r->other, nothing);
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
	return told && nothing;
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
	int64_t deep = -1;
	char buf[128];
	size_t o = 0;
	int b, k = 0;

	for (int w = 0; w < r->nw; w++) {
		d |= r->w[w].acc.depths;
		mw += r->w[w].acc.miniswhite;
		if (r->w[w].acc.deepmax > deep)
			deep = r->w[w].acc.deepmax;
	}
	for (b = 1; b <= 64; b++)
		if (d >> (b - 1) & 1)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%d",
			    k++ ? ", " : "", b);
	/* Only a mix across the 8-bit line: 1/2/4/8-bit palettes and gray
	 * store labels alike, a 16-bit copy may not.  An 8-bit label k
	 * scaled to 16 bits is 257 x k (or 256 x k), above 255: deeper
	 * masks whose labels all fit 8 bits were not scaled, and saying
	 * nothing then spares a notice no one could act on. */
	if ((d & 0xff) != 0 && (d >> 8) != 0 && deep > 255)
		msg_notice("masks of several bit depths were counted (%s "
			   "bits), the deeper ones with labels up to %lld: if "
			   "those are 8-bit labels scaled up (257 x k), "
			   "scale them back",
		    buf, (long long)deep);
	if (mw > 0)
		msg_notice("%llu MinIsWhite TIFF%s counted with raw values "
			   "(0 is white in the file, label 0 here)",
		    (unsigned long long)mw, mw == 1 ? "" : "s");
}

/* An archive's members: n file numbers in walk order, taken at once. */
static size_t
on_take(void *arg, size_t n)
{
	struct run *r = arg;
	size_t first = r->next;

	r->next += n;
	return first;
}

/* Merge the workers' totals and skipped lists, then report. */
static int
finish(struct run *r, const struct scan_stats *st)
{
	const struct mfw_opts *o = r->o;
	struct totals t;
	struct skiplist all = {NULL, 0, 0};
	struct prov pv;
	int64_t maxl = -1;
	size_t c, i;
	int w, rc, nothing = 0;

	memset(&t, 0, sizeof(t));
	for (w = 0; w < r->nw; w++)
		if (r->w[w].acc.maxlabel > maxl)
			maxl = r->w[w].acc.maxlabel;
	t.n = o->classes ? (size_t)o->classes : (size_t)(maxl + 1);
	t.P = xcalloc(t.n, sizeof(uint64_t));
	t.I = xcalloc(t.n, sizeof(uint64_t));
	t.T = xcalloc(t.n, sizeof(uint64_t));
	for (w = 0; w < r->nw; w++) {
		struct wstate *ws = &r->w[w];

		for (c = 0; c < t.n; c++) {
			t.P[c] += ws->acc.P[c];
			t.I[c] += ws->acc.I[c];
			t.T[c] += ws->acc.T[c];
		}
		t.images += ws->acc.images;
		t.px_total += ws->acc.px_total;
		t.px_ignored += ws->acc.px_ignored;
		t.px_nodata += ws->acc.px_nodata;
		t.px_oor += ws->acc.px_oor;
		for (i = 0; i < ws->skip.n; i++)
			skiplist_add(&all, ws->skip.v[i]);
		ws->skip.n = 0;
	}
	for (i = 0; i < r->scanskip.n; i++)
		skiplist_add(&all, r->scanskip.v[i]);
	r->scanskip.n = 0;
	if (all.n > 1)
		qsort(all.v, all.n, sizeof(*all.v), cmpskip);
	/* After a system error the run was cut short: what it passed over
	 * is no news. */
	if (msg_status() < MFW_SYSERR) {
		struct fault_env fe = {
		    o->classes, o->keep_going, o->quiet, t.images};

		nothing = walk_notices(r, st, t.images,
		    t.images == 0 && all.n == 0 && o->format != FMT_COUNTS);
		depth_notices(r);
		faults_tell(all.v, all.n, &fe);
	}
	if (st->list_error) {
		msg_err("the file list could not be read: no weights printed");
		msg_level(MFW_BADINPUT);
	}
	rc = st->list_error ? MFW_BADINPUT : 0;
	if (st->output_clash)
		rc = MFW_USAGE;
	/* Bad files without --keep-going, or nothing but files passed
	 * over: told above, no weights. */
	if (rc == 0 && ((all.n > 0 && !o->keep_going) || nothing) &&
	    msg_status() < MFW_SYSERR) {
		msg_level(MFW_BADINPUT);
		rc = MFW_BADINPUT;
	}
	/* Sampling weights before the report, so that a failure leaves
	 * stdout empty; only for a run that will print weights. */
	if (rc == 0 && r->samp != NULL && msg_status() < MFW_SYSERR &&
	    (all.n == 0 || o->keep_going) && t.images > 0) {
		if ((rc = sample_prepare(r->samp, &t)) != 0)
			msg_level(rc);
		r->samp_ok = rc == 0;
	}
	prov_of_run(&pv, o, &r->list, r->shard_files);
	if (rc == 0) {
		/* The output lists skipped files without their tags. */
		struct skip *sk = xcalloc(all.n + 1, sizeof(*sk));

		for (i = 0; i < all.n; i++)
			sk[i] = (struct skip){
			    all.v[i].index, all.v[i].path, all.v[i].reason};
		rc = report_write(
		    o, &t, sk, all.n, o->classes != 0, maxl, &pv, NULL);
		free(sk);
	}
	prov_free(&pv);
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

/* Workers: no more than the file operands when they are all PNGs (a
 * PNG cannot be counted in parts; a TIFF or a GDAL raster may), so that
 * a single PNG runs inline, as cheap as --version plus its decode. */
static int
workers(const struct mfw_opts *o)
{
	int nw = o->threads < 1 ? 1 : o->threads;
	size_t i;

	if (o->files_from == NULL && (size_t)nw > o->npaths) {
		for (i = 0; i < o->npaths; i++)
			if (!png_file(o->paths[i]))
				break;
		if (i == o->npaths)
			nw = (int)o->npaths;
	}
	return nw;
}

int
mfw_run(const struct mfw_opts *o)
{
	struct run r;
	struct scan_stats st;
	struct scan_cb cb;
	struct progress *prog;
	int w, rc, ok;

	/* Masks of several kinds side by side: say which to count. */
	if (layout_check(o))
		return MFW_USAGE;
	memset(&r, 0, sizeof(r));
	memset(&st, 0, sizeof(st));
	r.o = o;
	r.nw = workers(o);
	r.badlvl = o->keep_going ? MFW_SKIPPED : MFW_BADINPUT;
	prov_list_init(&r.list);
	rules_init(&r.rules, o);
	pthread_mutex_init(&r.pomu, NULL);
	atomic_init(&r.stop, 0);
	atomic_init(&r.pc.queued, 0);
	atomic_init(&r.pc.done, 0);
	atomic_init(&r.pc.pixels, 0);
	atomic_init(&r.pc.scanned, 0);
	atomic_init(&r.pc.total, 0);
	atomic_init(&r.pc.counted, 0);
	r.w = xcalloc((size_t)r.nw, sizeof(*r.w));
	for (w = 0; w < r.nw; w++) {
		r.w[w].h.dense = xcalloc(MFW_DENSE, sizeof(uint64_t));
		r.w[w].h.maxbin = MFW_DENSE - 1;
		r.w[w].acc.P = xcalloc(MFW_DENSE, sizeof(uint64_t));
		r.w[w].acc.I = xcalloc(MFW_DENSE, sizeof(uint64_t));
		r.w[w].acc.T = xcalloc(MFW_DENSE, sizeof(uint64_t));
		if (o->map != NULL) {
			r.w[w].m.dense = xcalloc(MFW_DENSE, sizeof(uint64_t));
			r.w[w].m.maxbin = MFW_DENSE - 1;
		}
		r.w[w].acc.maxlabel = -1;
		r.w[w].acc.deepmax = -1;
		r.w[w].gdal = gdal_worker_new(&o->dec);
	}
	/* Writes to a dead GDAL helper must fail with EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);

	if (o->sampling != SAMPLING_NONE && (r.samp = sample_start(o)) == NULL)
		return MFW_SYSERR;
	if ((o->per_image != NULL || r.samp != NULL) &&
	    (r.perimg = perimg_open(o->per_image,
		 r.samp != NULL ? sample_spool(r.samp) : NULL)) == NULL)
		return MFW_SYSERR;
	if ((r.pool = pool_create(r.nw, (size_t)r.nw * 32)) == NULL)
		fatal_sys("cannot start worker threads");
	r.pf = prefetch_new(r.nw, (size_t)r.nw * 32);
	r.penv = (struct parts_env){r.pool, r.nw, &o->dec, &r.stop, &r,
	    parts_hist, parts_dec_worker, parts_end};
	prog = progress_start(o->progress, &r.pc);
	progress_count_ahead(prog, o);
	cb =
	    (struct scan_cb){on_item, &r, gdal_list, &o->dec, &r.stop, on_take};
	scan_run(o, &cb, &st);
	atomic_store(&r.pc.scanned, 1);
	pool_join(r.pool);
	pool_free(r.pool);
	prefetch_free(r.pf);
	progress_stop(prog);

	/* A --per-image write error is a system error: no weights. */
	if (r.perimg != NULL && perimg_flush(r.perimg) != 0)
		msg_level(MFW_SYSERR);
	rc = finish(&r, &st);
	if (r.perimg != NULL) {
		/* Lines of a run that failed for want of resources may miss
		 * files: keep the old file, as for the report. */
		ok = rc < MFW_SYSERR && !st.output_clash;
		if (perimg_close(r.perimg, ok) != 0 && ok) {
			msg_level(MFW_SYSERR);
			rc = msg_status();
		}
	}
	if (r.samp != NULL) {
		ok = r.samp_ok && rc <= MFW_SKIPPED;
		if (sample_end(r.samp, ok) != 0 && ok) {
			msg_level(MFW_SYSERR);
			rc = msg_status();
		}
	}

	for (w = 0; w < r.nw; w++) {
		gdal_worker_free(r.w[w].gdal);
		free(r.w[w].h.dense);
		free(r.w[w].h.extra);
		free(r.w[w].m.dense);
		free(r.w[w].m.extra);
		free(r.w[w].acc.P);
		free(r.w[w].acc.I);
		free(r.w[w].acc.T);
		free(r.w[w].skip.v);
	}
	free(r.scanskip.v);
	free(r.w);
	free(r.lossy.path);
	free(r.lossy.why);
	free(r.other.path);
	free(r.other.why);
	pthread_mutex_destroy(&r.pomu);
	return rc;
}
