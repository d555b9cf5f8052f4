/*
 * dec_gdal.c: the GDAL decoder, main-process side.
 *
 * mfweights never links libgdal (it costs ~100 ms and ~34 MB per run, and
 * GDAL aborts the process on its fatal errors).  The GDAL reader is a
 * helper executable, o->gdal_helper (src/gdal/), which a
 * worker starts the first time it meets a file that needs GDAL and keeps
 * for the rest of the run: one helper per worker, so files are still read
 * in parallel, and a run that meets no GDAL file never starts one.  The
 * helper gets the path over a socket, reads the raster and answers with
 * the exact histogram as (value, count) pairs, which are added to the
 * file's struct fhist here (the protocol is in gdal/proto.h).  A large
 * single-band raster may be split (decode.h): the helper answers with
 * the number of parts, and each part is then asked of whichever
 * worker's helper takes it.
 *
 * With --colors, the helper reads a 3- or 4-band 8-bit RGB(A) raster as
 * packed colours 0xRRGGBB; each is mapped here through the colour table,
 * as labels_count_rgb() does for PNG and TIFF: a known colour counts for
 * its class, an unknown one goes to the extra list as colour_code().
 *
 * A helper that dies during a file (a signal, or GDAL's abort()) makes
 * that file a bad file naming the signal; the next file starts a new
 * helper.  Every reply is checked against the caps of proto.h and the
 * pixel total against width x height before anything is counted.
 *
 * probe() recognises, by signature only, the allow-listed formats that
 * have one and that the PNG and TIFF decoders do not take: ERDAS Imagine,
 * JPEG 2000, BMP, GIF, HDF5 (also netCDF-4 and KEA), netCDF classic,
 * PCIDSK, ER Mapper headers and VRT.  Text files, empty files and unknown
 * formats are not recognised, so a walk over them never starts a helper.
 * A VRT is recognised so that --allow-vrt can read it; without that
 * option decode.c passes it over before any helper starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "count.h"
#include "decode.h"
#include "fdio.h"
#include "gdal/proto.h"
#include "labels.h"

extern char **environ;

/* One worker's helper process. */
struct gworker {
	const struct dec_opts *o;
	pid_t pid; /* -1: no helper running */
	int fd;    /* our end of the socket pair */
};

/* Pairs read from the socket at a time. */
#define PAIRS_CHUNK 1024

static int probe(const unsigned char *, size_t);
static enum dec_status count(struct dec_ctx *);
static void gw_init(struct gworker *, const struct dec_opts *);
static void gw_stop(struct gworker *);
static int gw_reap(struct gworker *, char *, size_t, const char *);
static enum dec_status gw_start(struct gworker *, char *, size_t);
static enum dec_status gw_ensure(struct gworker *, char *, size_t);
static int send_req(
    struct gworker *, uint32_t, uint32_t, const char *, uint32_t, uint32_t);
static void clean_reason(char *);
static enum dec_status request(struct gworker *, struct dec_ctx *);
static int cmp_name(const void *, const void *);

const struct decoder dec_gdal = {"gdal", DEC_GDAL, probe, count};

static int
probe(const unsigned char *h, size_t n)
{
	static const unsigned char jp2[12] = {
	    0, 0, 0, 12, 'j', 'P', ' ', ' ', '\r', '\n', 0x87, '\n'};
	static const unsigned char j2k[4] = {0xff, 0x4f, 0xff, 0x51};
	static const unsigned char hdf5[8] = {
	    0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

	if (n >= 15 && memcmp(h, "EHFA_HEADER_TAG", 15) == 0)
		return 1; /* ERDAS Imagine .img */
	if ((n >= 12 && memcmp(h, jp2, 12) == 0) ||
	    (n >= 4 && memcmp(h, j2k, 4) == 0))
		return 1; /* JPEG 2000 file or codestream */
	/* BMP: "BM", then 4 reserved bytes that are zero, so no text. */
	if (n >= 14 && h[0] == 'B' && h[1] == 'M' && h[6] == 0 && h[7] == 0 &&
	    h[8] == 0 && h[9] == 0)
		return 1;
	if (n >= 6 &&
	    (memcmp(h, "GIF87a", 6) == 0 || memcmp(h, "GIF89a", 6) == 0))
		return 1;
	if (n >= 8 && memcmp(h, hdf5, 8) == 0)
		return 1; /* HDF5, netCDF-4, KEA */
	if (n >= 4 && memcmp(h, "CDF", 3) == 0 &&
	    (h[3] == 1 || h[3] == 2 || h[3] == 5))
		return 1; /* netCDF classic, 64-bit offset, CDF-5 */
	if (n >= 8 && memcmp(h, "PCIDSK  ", 8) == 0)
		return 1;
	if (n >= 14 && memcmp(h, "DatasetHeader ", 14) == 0)
		return 1; /* ER Mapper .ers header */
	return dec_is_vrt(h, n);
}

static enum dec_status
count(struct dec_ctx *ctx)
{
	struct gworker tmp, *w = ctx->worker;
	enum dec_status st;

	ctx->err[0] = '\0';
	if (ctx->o->gdal_helper == NULL)
		return dec_bad(ctx, "this build has no GDAL reader");
	if (dec_tiff_nodata_bad(ctx))
		return dec_bad(ctx, "%s", DEC_NODATA_BAD);
	if (w == NULL) {
		/* No per-worker state: use a helper for this file only. */
		gw_init(&tmp, ctx->o);
		w = &tmp;
	}
	st = request(w, ctx);
	if (w == &tmp)
		gw_stop(&tmp);
	return st;
}

/*
 * Ask the helper to count ctx->path and add the reply to ctx->h.  Any
 * fault of the helper (death, short or malformed reply) makes this file
 * bad and leaves no helper running.
 */
static enum dec_status
request(struct gworker *w, struct dec_ctx *ctx)
{
	struct mfwg_count_reply rp;
	struct mfwg_pair pr[PAIRS_CHUNK];
	struct fhist *h = ctx->h;
	const struct colortable *ct = ctx->o->colors;
	char why[MFWG_MAX_REASON + 1];
	uint64_t left, sum = 0, k, i, maxv = 0;
	int64_t v;
	uint16_t cls;
	uint32_t flags;
	enum dec_status st;
	int oom = 0;

	if ((st = gw_ensure(w, ctx->err, sizeof(ctx->err))) != DEC_OK)
		return st;
	if (strlen(ctx->path) > MFWG_MAX_PATH)
		return dec_bad(ctx, "path too long for the GDAL reader");
	flags = ctx->fd >= 0 ? MFWG_F_LOCAL : 0;
	if (ctx->parts_ok && ctx->nparts == 0)
		flags |= MFWG_F_PARTS_OK;
	if (send_req(w, MFWG_OP_COUNT, flags, ctx->path, ctx->part,
		ctx->nparts) != 0 ||
	    fd_read_full(w->fd, &rp, sizeof(rp)) != 1)
		goto died;
	if (rp.status > MFWG_PARTS || rp.reason_len > MFWG_MAX_REASON ||
	    rp.npairs > MFWG_MAX_PAIRS ||
	    (rp.status != MFWG_OK && rp.npairs != 0) ||
	    (rp.status == MFWG_PARTS &&
		(!(flags & MFWG_F_PARTS_OK) || rp.nparts < 2 ||
		    rp.nparts > MFWG_MAX_PARTS || rp.colour || rp.exiting)) ||
	    (rp.status == MFWG_OK &&
		(rp.rows == 0 || rp.rows > rp.height ||
		    (ctx->nparts == 0 && rp.rows != rp.height))) ||
	    (rp.exiting && rp.status == MFWG_OK) ||
	    (rp.colour &&
		(ct == NULL || rp.status != MFWG_OK || rp.bits != 8 ||
		    rp.has_nodata || rp.nonint || rp.nodata_extra)))
		goto malformed;
	if (fd_read_full(w->fd, why, rp.reason_len) != 1)
		goto died;
	why[rp.reason_len] = '\0';
	clean_reason(why);
	/*
	 * A file GDAL failed on may have left a driver's global state
	 * broken (libnetcdf 4.9 does: a later file then hangs the helper),
	 * so a helper that refused a file is not trusted with the next one.
	 * The restart costs about 70 ms, once per bad GDAL file.
	 */
	if (rp.exiting || rp.status == MFWG_BAD || rp.status == MFWG_NOTMASK)
		gw_stop(w);
	switch (rp.status) {
	case MFWG_NOTMASK:
		snprintf(ctx->err, sizeof(ctx->err), "%s", why);
		return DEC_NOTMASK;
	case MFWG_BAD:
		return dec_bad(ctx, "%s", why[0] ? why : "GDAL cannot read it");
	case MFWG_TOOBIG:
		if (dec_check_size(ctx, rp.width, rp.height) == DEC_OK)
			return dec_bad(ctx,
			    "%u x %u pixels exceed --max-pixels", rp.width,
			    rp.height);
		return DEC_BAD;
	case MFWG_PARTS:
		ctx->nparts = rp.nparts;
		return DEC_PARTS;
	}
	for (left = rp.npairs; left > 0; left -= k) {
		k = left < PAIRS_CHUNK ? left : PAIRS_CHUNK;
		if (fd_read_full(w->fd, pr, (size_t)k * sizeof(pr[0])) != 1)
			goto died;
		for (i = 0; i < k; i++) {
			if (pr[i].n == 0 || sum + pr[i].n < sum)
				goto malformed;
			sum += pr[i].n;
			if (rp.colour) {
				/* A packed colour, mapped to its class. */
				if (pr[i].v < 0 || pr[i].v > 0xffffff)
					goto malformed;
				cls =
				    ct->lut[colour_key(ct, (uint32_t)pr[i].v)];
				v = cls != 0 ? cls - 1
					     : colour_code((uint32_t)pr[i].v);
				if (!oom && count_value(h, v, pr[i].n) != 0)
					oom = 1;
				continue;
			}
			if (pr[i].v >= 0 && pr[i].v < MFW_DENSE &&
			    (uint64_t)pr[i].v > maxv)
				maxv = (uint64_t)pr[i].v;
			if (!oom && count_value(h, pr[i].v, pr[i].n) != 0)
				oom = 1;
		}
	}
	if (rp.colour)
		h->maxbin = MFW_DENSE - 1; /* classes of the colour table */
	else if (maxv > h->maxbin)
		h->maxbin = (uint32_t)maxv;
	if (oom) {
		snprintf(ctx->err, sizeof(ctx->err), "out of memory");
		return DEC_SYSERR;
	}
	if ((st = dec_check_size(ctx, rp.width, rp.height)) != DEC_OK)
		return st;
	if (rp.bits < 1 || rp.bits > 64)
		goto malformed;
	h->width = rp.width;
	h->height = rp.height;
	h->bits = rp.bits;
	h->sample_float = rp.sample_float != 0;
	h->has_nodata = rp.has_nodata != 0;
	h->nodata = rp.nodata;
	h->nonint = rp.nonint;
	h->nodata_extra = rp.nodata_extra;
	/* Every pixel (of the part) must be accounted for exactly once. */
	sum += rp.nonint + rp.nodata_extra;
	if (sum != (uint64_t)rp.width * rp.rows && ctx->nparts == 0)
		return dec_bad(ctx,
		    "the GDAL reader counted %llu samples in a %u x %u image",
		    (unsigned long long)sum, rp.width, rp.height);
	if (sum != (uint64_t)rp.width * rp.rows)
		return dec_bad(ctx,
		    "the GDAL reader counted %llu samples in %u of the %u "
		    "rows of a %u x %u image",
		    (unsigned long long)sum, rp.rows, rp.height, rp.width,
		    rp.height);
	/* Samples that are not whole (h->nonint) make the file bad in
	 * tally.c, with the TIFF reader's words. */
	return DEC_OK;
malformed:
	gw_stop(w);
	return dec_bad(ctx, "the GDAL reader sent a malformed reply");
died:
	gw_reap(w, ctx->err, sizeof(ctx->err), "");
	return DEC_BAD;
}

void *
gdal_worker_new(const struct dec_opts *o)
{
	struct gworker *w = malloc(sizeof(*w));

	if (w != NULL)
		gw_init(w, o);
	return w;
}

void
gdal_worker_free(void *p)
{
	struct gworker *w = p;

	if (w == NULL)
		return;
	gw_stop(w);
	free(w);
}

int
gdal_list(const void *arg, const char *path, char ***names, size_t *n,
    char *err, size_t errlen)
{
	const struct dec_opts *o = arg;
	struct gworker w;
	struct mfwg_list_reply rp;
	char why[MFWG_MAX_REASON + 1], **v = NULL;
	size_t i, nv = 0;
	uint32_t len;

	*names = NULL;
	*n = 0;
	if (o->gdal_helper == NULL) {
		snprintf(err, errlen, "this build has no GDAL reader");
		return -1;
	}
	if (strlen(path) > MFWG_MAX_PATH) {
		snprintf(err, errlen, "path too long for the GDAL reader");
		return -1;
	}
	gw_init(&w, o);
	if (gw_start(&w, err, errlen) != DEC_OK)
		return -1;
	if (send_req(&w, MFWG_OP_LIST, 0, path, 0, 0) != 0 ||
	    fd_read_full(w.fd, &rp, sizeof(rp)) != 1)
		goto died;
	if (rp.status > MFWG_BAD || rp.reason_len > MFWG_MAX_REASON ||
	    rp.count > MFWG_MAX_LIST || (rp.status != MFWG_OK && rp.count))
		goto malformed;
	if (fd_read_full(w.fd, why, rp.reason_len) != 1)
		goto died;
	why[rp.reason_len] = '\0';
	clean_reason(why);
	if (rp.status != MFWG_OK || rp.exiting) {
		snprintf(err, errlen, "%s", why[0] ? why : "cannot list it");
		gw_stop(&w);
		return -1;
	}
	nv = (size_t)rp.count;
	if ((v = calloc(nv ? nv : 1, sizeof(*v))) == NULL)
		goto oom;
	for (i = 0; i < nv; i++) {
		if (fd_read_full(w.fd, &len, sizeof(len)) != 1)
			goto died;
		if (len == 0 || len > MFWG_MAX_PATH)
			goto malformed;
		if ((v[i] = malloc((size_t)len + 1)) == NULL)
			goto oom;
		if (fd_read_full(w.fd, v[i], len) != 1)
			goto died;
		v[i][len] = '\0';
		if (strlen(v[i]) != len)
			goto malformed;
	}
	gw_stop(&w);
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_name);
	*names = v;
	*n = nv;
	return 0;
died:
	gw_reap(&w, err, errlen, " while listing");
	goto fail;
malformed:
	gw_stop(&w);
	snprintf(err, errlen, "the GDAL reader sent a malformed reply");
	goto fail;
oom:
	gw_stop(&w);
	snprintf(err, errlen, "out of memory");
fail:
	for (i = 0; v != NULL && i < nv; i++)
		free(v[i]);
	free(v);
	return -1;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
gw_init(struct gworker *w, const struct dec_opts *o)
{
	w->o = o;
	w->pid = -1;
	w->fd = -1;
}

/* Start a helper unless one is running; reap one that died idle. */
static enum dec_status
gw_ensure(struct gworker *w, char *err, size_t errlen)
{
	int ws;

	if (w->pid > 0 && waitpid(w->pid, &ws, WNOHANG) == w->pid) {
		close(w->fd);
		w->fd = -1;
		w->pid = -1;
	}
	if (w->pid > 0)
		return DEC_OK;
	return gw_start(w, err, errlen);
}

/*
 * Start the helper on one end of a socket pair, its stdin and stdout; its
 * stderr is /dev/null and every other descriptor is closed.  It inherits
 * no blocked or ignored signal that matters.  Wait for its hello, so a
 * helper that cannot load libgdal is reported here.
 */
static enum dec_status
gw_start(struct gworker *w, char *err, size_t errlen)
{
	const struct dec_opts *o = w->o;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	struct mfwg_hello hi;
	char band[16], maxpx[32], *argv[10];
	int sv[2], t, e, i, argc = 0;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, errlen, "cannot start the GDAL reader: %s",
		    strerror(errno));
		return DEC_SYSERR;
	}
	/* Keep both ends above 2, so the dup2 below cannot clash. */
	for (i = 0; i < 2; i++)
		if (sv[i] <= STDERR_FILENO) {
			t = fcntl(sv[i], F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
			close(sv[i]);
			sv[i] = t;
		}
	if (sv[0] < 0 || sv[1] < 0) {
		e = errno;
		if (sv[0] >= 0)
			close(sv[0]);
		if (sv[1] >= 0)
			close(sv[1]);
		snprintf(err, errlen, "cannot start the GDAL reader: %s",
		    strerror(e));
		return DEC_SYSERR;
	}
	snprintf(band, sizeof(band), "%d", o->band);
	snprintf(
	    maxpx, sizeof(maxpx), "%llu", (unsigned long long)o->max_pixels);
	argv[argc++] = (char *)(uintptr_t)o->gdal_helper;
	argv[argc++] = (char *)(uintptr_t) "--band";
	argv[argc++] = band;
	argv[argc++] = (char *)(uintptr_t) "--max-pixels";
	argv[argc++] = maxpx;
	if (o->no_nodata)
		argv[argc++] = (char *)(uintptr_t) "--no-nodata";
	if (o->allow_vrt)
		argv[argc++] = (char *)(uintptr_t) "--allow-vrt";
	if (o->colors != NULL)
		argv[argc++] = (char *)(uintptr_t) "--colors";
	argv[argc] = NULL;

	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGQUIT);
	sigaddset(&dfl, SIGCHLD);
	/* Each call can fail only for want of memory (or a bad argument,
	 * which would be ours): any failure is a failed start. */
	if ((e = posix_spawn_file_actions_init(&fa)) != 0) {
		close(sv[0]);
		close(sv[1]);
		snprintf(err, errlen, "cannot start the GDAL reader: %s",
		    strerror(e));
		return DEC_SYSERR;
	}
	if ((e = posix_spawnattr_init(&at)) == 0) {
		if ((e = posix_spawn_file_actions_adddup2(
			 &fa, sv[1], STDIN_FILENO)) == 0 &&
		    (e = posix_spawn_file_actions_adddup2(
			 &fa, sv[1], STDOUT_FILENO)) == 0 &&
		    (e = posix_spawn_file_actions_addopen(
			 &fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0)) == 0 &&
		    (e = posix_spawn_file_actions_addclosefrom_np(
			 &fa, STDERR_FILENO + 1)) == 0 &&
		    (e = posix_spawnattr_setsigmask(&at, &none)) == 0 &&
		    (e = posix_spawnattr_setsigdefault(&at, &dfl)) == 0 &&
		    (e = posix_spawnattr_setflags(&at,
			 POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) == 0)
			e = posix_spawn(
			    &w->pid, o->gdal_helper, &fa, &at, argv, environ);
		posix_spawnattr_destroy(&at);
	}
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (e != 0) {
		close(sv[0]);
		w->pid = -1;
		snprintf(err, errlen, "cannot start the GDAL reader %s: %s",
		    o->gdal_helper, strerror(e));
		return e == ENOMEM || e == EAGAIN ? DEC_SYSERR : DEC_BAD;
	}
	w->fd = sv[0];
	if (fd_read_full(w->fd, &hi, sizeof(hi)) != 1) {
		/* 127 before a word: the dynamic loader's "cannot open
		 * shared object file" (its message went to /dev/null). */
		if (gw_reap(w, err, errlen, " while starting") == 127)
			snprintf(err, errlen,
			    "the GDAL reader %s did not start (status 127): a "
			    "shared library it needs is missing; `ldd %s` "
			    "names it",
			    o->gdal_helper, o->gdal_helper);
		return DEC_BAD;
	}
	if (hi.magic != MFWG_MAGIC || hi.version != MFWG_VERSION) {
		gw_stop(w);
		snprintf(err, errlen,
		    "%s is not the GDAL reader of this "
		    "mfweights",
		    o->gdal_helper);
		return DEC_BAD;
	}
	return DEC_OK;
}

/* Kill and reap the helper, if any. */
static void
gw_stop(struct gworker *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	if (w->pid > 0) {
		kill(w->pid, SIGKILL);
		while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	w->pid = -1;
}

/*
 * The helper closed its end: it is exiting.  Reap it and say how it
 * ended; return its exit status, or -1 if it did not exit (a signal, or
 * it was killed here).  A helper that is somehow still alive is killed.
 */
static int
gw_reap(struct gworker *w, char *err, size_t errlen, const char *when)
{
	int ws = 0, tries;
	pid_t r = 0;

	close(w->fd);
	w->fd = -1;
	/* Give it a second to finish exiting (it normally has), then
	 * insist: a helper that closed the socket alive is of no use. */
	for (tries = 0; tries < 200; tries++) {
		r = waitpid(w->pid, &ws, WNOHANG);
		if (r < 0 && errno == EINTR)
			continue;
		if (r != 0)
			break;
		usleep(5000);
	}
	if (r == 0) {
		kill(w->pid, SIGKILL);
		while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	w->pid = -1;
	if (r > 0 && WIFSIGNALED(ws))
		snprintf(err, errlen, "GDAL reader crashed%s (signal %d)", when,
		    WTERMSIG(ws));
	else if (r > 0 && WIFEXITED(ws)) {
		snprintf(err, errlen, "GDAL reader exited%s (status %d)", when,
		    WEXITSTATUS(ws));
		return WEXITSTATUS(ws);
	} else
		snprintf(err, errlen, "GDAL reader stopped answering%s", when);
	return -1;
}

static int
send_req(struct gworker *w, uint32_t op, uint32_t flags, const char *path,
    uint32_t part, uint32_t nparts)
{
	struct mfwg_req q = {
	    op, flags, (uint32_t)strlen(path), part, nparts, 0};

	if (fd_write_all(w->fd, &q, sizeof(q)) != 0)
		return -1;
	return fd_write_all(w->fd, path, q.len);
}

/* GDAL messages may quote file names: keep them printable ASCII (the
 * helper already turned control characters into spaces). */
static void
clean_reason(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}
