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
#include "msg.h"
#include "output.h"
#include "parts.h"
#include "perimg.h"
#include "pool.h"
#include "progress.h"
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
};

struct skiplist {
	struct skip *v;
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
	atomic_ullong notmask;    /* walked files that are not masks */
	atomic_int stop;          /* a system error: stop the run */
	struct progress_counts pc;
	struct perimg *perimg;   /* --per-image or --sampling, or NULL */
	struct sample_run *samp; /* --sampling, or NULL */
	int samp_ok;             /* its weights are written */
	struct parts_env penv;
};

static void
skiplist_add(struct skiplist *l, struct skip sk)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = sk;
}

/* Report a file as skipped: message now, listed in the output later.  A
 * system error stops the run. */
static void
skip_file(
    struct run *r, struct skiplist *l, struct job *j, char *reason, int level)
{
	/* A system error stops the run: the first one is told, the same
	 * failure met by other workers before they see the stop is not. */
	if (level < MFW_SYSERR || atomic_exchange(&r->stop, 1) == 0)
		msg_file(j->path, "%s", reason);
	msg_level(level);
	skiplist_add(l, (struct skip){j->index, j->path, reason});
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
	skip_file(r, &w->skip, j, xstrdup(buf), level);
}

/* The end of a file's job: its --per-image line, progress, clean-up. */
static void
job_done(struct run *r, struct job *j, int fd, char *line)
{
	if (fd >= 0)
		close(fd);
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
		tally_reason(&r->rules, &t, why, sizeof(why));
		skipf(r, w, j, t.why == TALLY_NOMEM ? MFW_SYSERR : r->badlvl,
		    "%s", why);
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
			atomic_fetch_add(&r->notmask, 1);
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
			atomic_fetch_add(&r->notmask, 1);
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
	memset(&ctx, 0, sizeof(ctx));
	ctx.o = &r->o->dec;
	ctx.path = j->path;
	ctx.h = &w->h;
	ctx.worker = w->gdal;
	ctx.fd = -1;
	ctx.parts_ok = r->nw > 1;
	if (j->vsi)
		st = dec_vsi(&ctx, &d);
	else {
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
			atomic_fetch_add(&r->notmask, 1);
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

	*j = (struct job){r->next++, it->path, it->explicit, it->vsi, r};
	if (r->perimg != NULL)
		perimg_reserve(r->perimg, j->index);
	/* --shard K/N: the i-th file (from 0) is shard i mod N + 1. */
	if (r->o->shard_n > 0 &&
	    j->index % r->o->shard_n != r->o->shard_k - 1) {
		if (r->perimg != NULL)
			perimg_put(r->perimg, j->index, NULL);
		free(it->path);
		free(it->reason);
		free(j);
		return;
	}
	atomic_fetch_add(&r->pc.queued, 1);
	if (it->reason != NULL) {
		if (r->perimg != NULL)
			perimg_put(r->perimg, j->index, NULL);
		skip_file(r, &r->scanskip, j, it->reason,
		    it->syserr ? MFW_SYSERR : r->badlvl);
		free(j);
		return;
	}
	pool_add(r->pool, process, j);
}

static int
cmpskip(const void *a, const void *b)
{
	size_t x = ((const struct skip *)a)->index;
	size_t y = ((const struct skip *)b)->index;

	return (x > y) - (x < y);
}

/* What the walk passed over, said once at the end. */
static void
walk_notices(struct run *r, const struct scan_stats *st)
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
		d |= r->w[w].acc.depths;
		mw += r->w[w].acc.miniswhite;
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
		walk_notices(r, st);
		depth_notices(r);
	}
	if (st->list_error) {
		msg_err("the file list could not be read: no weights printed");
		msg_level(MFW_BADINPUT);
	}
	rc = st->list_error ? MFW_BADINPUT : 0;
	if (st->output_clash)
		rc = MFW_USAGE;
	/* Sampling weights before the report, so that a failure leaves
	 * stdout empty; only for a run that will print weights. */
	if (rc == 0 && r->samp != NULL && msg_status() < MFW_SYSERR &&
	    (all.n == 0 || o->keep_going) && t.images > 0) {
		if ((rc = sample_prepare(r->samp, &t)) != 0)
			msg_level(rc);
		r->samp_ok = rc == 0;
	}
	if (rc == 0)
		rc = report_write(o, &t, all.v, all.n, o->classes != 0, maxl);
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

	memset(&r, 0, sizeof(r));
	memset(&st, 0, sizeof(st));
	r.o = o;
	r.nw = workers(o);
	r.badlvl = o->keep_going ? MFW_SKIPPED : MFW_BADINPUT;
	rules_init(&r.rules, o);
	atomic_init(&r.notmask, 0);
	atomic_init(&r.stop, 0);
	atomic_init(&r.pc.queued, 0);
	atomic_init(&r.pc.done, 0);
	atomic_init(&r.pc.pixels, 0);
	atomic_init(&r.pc.scanned, 0);
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
	r.penv = (struct parts_env){r.pool, r.nw, &o->dec, &r.stop, &r,
	    parts_hist, parts_dec_worker, parts_end};
	prog = progress_start(o->progress, &r.pc);
	cb = (struct scan_cb){on_item, &r, gdal_list, &o->dec, &r.stop};
	scan_run(o, &cb, &st);
	atomic_store(&r.pc.scanned, 1);
	pool_join(r.pool);
	pool_free(r.pool);
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
	return rc;
}
