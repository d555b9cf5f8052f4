/*
 * main.c: the GDAL reader of mfweights, a helper executable: its serve
 * loop.
 *
 * mfweights never links libgdal: loading it costs about 100 ms and 34 MB
 * per run, and GDAL aborts the process on its fatal errors.  Instead, the
 * first time a worker meets a file that needs GDAL, dec_gdal.c starts this
 * program with the options on its command line and talks to it over a
 * socket pair (the protocol is in proto.h).  For each request the helper
 * opens one raster with an allow-list of lossless raster drivers, has
 * read.c pick the band and count every block into hist.c's histogram, and
 * replies with the exact histogram of the band's values; or it lists the
 * regular files under a /vsi path.  With --colors (and no --band), a
 * raster of 3 or 4 8-bit bands red, green, blue (and alpha) is read as a
 * colour mask instead: its histogram counts packed colours 0xRRGGBB,
 * which mfweights maps to classes through its colour table.  If GDAL
 * crashes here, only this process dies: the main process names the file
 * as bad and starts a new helper for the next file.  guard.c keeps GDAL
 * from blocking on FIFOs or reading devices named inside headers.
 *
 * GDAL is set up so that it never writes next to the user's files
 * (GDAL_PAM_ENABLED=NO: no .aux.xml), never lists the mask's directory
 * or reads sidecars (GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR), never prints
 * (a quiet error handler keeps the first error for the reply; stdout and
 * stderr are /dev/null apart from the protocol descriptor) and cannot
 * read the protocol stream through /vsistdin/.
 *
 * Test hooks, for the test suite only: if MFW_GDAL_TEST_CRASH is set, a
 * path containing it makes the helper die by SIGSEGV; MFW_GDAL_TEST_FATAL
 * makes it raise a GDAL fatal error.  They let the test suite check that
 * a crash costs one bad file (test_hooks() below).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../fdio.h"
#include "helper.h"

/* GDAL block cache, in MB: ReadBlock bypasses it; it only holds the
 * sibling bands of pixel-interleaved data. */
#define CACHE_MB "64"
/*
 * Cap on the helper's data segment (heap and anonymous mappings), so that
 * a decompression bomb fails an allocation instead of eating the machine
 * (a bad file must cost under 256 MiB of peak RSS, which
 * tests/cli/bad_corpus.sh checks; libgdal's own pages add ~40 MB).
 * Measured: idle, 6 MB of data; a lossless 5000x5000 JPEG 2000 in
 * 4096x4096 tiles peaks at 126 MB RSS; one whose header claims a single
 * 60000x60000 tile took 388 MB uncapped and fails cleanly ("memory
 * error") capped.  XXX a real JPEG 2000 with single tiles much larger than
 * 4096x4096 is refused too.
 */
#define MAX_DATA ((rlim_t)192 << 20)

#define IN_FD  3 /* protocol descriptors after setup */
#define OUT_FD 4

/* Drivers that store rasters losslessly in a binary format.  Never XYZ,
 * AAIGrid or other text grids, never JPEG; VRT is added by --allow-vrt.
 * Not GPKG either: its tiles may be JPEG or lossy WebP, which the raster
 * API does not reveal. */
static const char *const drivers_safe[] = {"GTiff", "COG", "PNG", "HFA",
    "JP2OpenJPEG", "BMP", "GIF", "BIGGIF", "netCDF", "HDF5", "KEA", "PCIDSK",
    "RST", "SAGA", "ERS"};
#define NSAFE (sizeof(drivers_safe) / sizeof(drivers_safe[0]))
/* The allow-list in use: drivers_safe, VRT with --allow-vrt, NULL. */
static const char *drivers[NSAFE + 2];
static const char *const drivers_only_vrt[] = {"VRT", NULL};

struct helper G;

static void usage(void);
static void setup_fds(void);
static void limit_memory(void);
static void out_put(const void *, size_t);
static void out_flush(void);
static void CPL_STDCALL on_error(CPLErr, CPLErrorNum, const char *);
static void hide_addresses(char *);
static void put_pair(int64_t, uint64_t);
static void send_count(void);
static void send_list_fail(int);
static void test_hooks(const char *);
static void do_count(char *, uint32_t);
static void keep_close(void);
static int cmp_str(const void *, const void *);
static void do_list(const char *);

int
main(int argc, char **argv)
{
	struct mfwg_hello hello = {MFWG_MAGIC, MFWG_VERSION};
	struct mfwg_req q;
	char *path, *end;
	long b;
	int i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--band") == 0 && i + 1 < argc) {
			errno = 0;
			b = strtol(argv[++i], &end, 10);
			if (errno || *end || b < 0 || b > 65535)
				usage();
			G.opt.band = (int)b;
		} else if (strcmp(argv[i], "--max-pixels") == 0 &&
		    i + 1 < argc) {
			errno = 0;
			G.opt.max_pixels = strtoull(argv[++i], &end, 10);
			if (errno || *end)
				usage();
		} else if (strcmp(argv[i], "--no-nodata") == 0)
			G.opt.no_nodata = 1;
		else if (strcmp(argv[i], "--allow-vrt") == 0)
			G.opt.allow_vrt = 1;
		else if (strcmp(argv[i], "--colors") == 0)
			G.opt.colors = 1;
		else
			usage();
	}
	if (isatty(STDIN_FILENO))
		usage();
	for (i = 0; i < (int)NSAFE; i++)
		drivers[i] = drivers_safe[i];
	if (G.opt.allow_vrt)
		drivers[i] = "VRT";
	G.opt.crash = getenv("MFW_GDAL_TEST_CRASH");
	G.opt.fatal = getenv("MFW_GDAL_TEST_FATAL");
	/* Die with mfweights, even if it is killed outright. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		return 1;
	signal(SIGPIPE, SIG_DFL);
	setup_fds();
	limit_memory();

	CPLSetErrorHandler(on_error);
	CPLSetConfigOption("GDAL_PAM_ENABLED", "NO");
	CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
	CPLSetConfigOption("GDAL_CACHEMAX", CACHE_MB);
	/* mfweights runs one helper per worker thread already. */
	CPLSetConfigOption("GDAL_NUM_THREADS", "1");
	CPLSetConfigOption("CPL_DEBUG", "OFF");
	GDALAllRegister();

	out_put(&hello, sizeof(hello));
	out_flush();
	for (;;) {
		if ((r = fd_read_full(IN_FD, &q, sizeof(q))) == 0) {
			keep_close();
			return 0;
		}
		if (r < 0 || q.len > MFWG_MAX_PATH ||
		    (q.op != MFWG_OP_COUNT && q.op != MFWG_OP_LIST))
			return 1;
		if ((path = malloc((size_t)q.len + 3)) == NULL)
			return 1;
		/* Room to prefix "./" or "/." (see do_count). */
		if (fd_read_full(IN_FD, path + 2, q.len) != 1)
			return 1;
		path[q.len + 2] = '\0';
		G.cur_op = (int)q.op;
		if (memchr(path + 2, '\0', q.len) != NULL) {
			keep_close(); /* any request but the next part */
			memset(&G.reply, 0, sizeof(G.reply));
			set_reason("file name contains a NUL byte");
			if (q.op == MFWG_OP_COUNT) {
				G.reply.status = MFWG_BAD;
				send_count();
			} else
				send_list_fail(0);
		} else if (q.op == MFWG_OP_COUNT) {
			G.req_part = q.part;
			G.req_nparts = q.nparts;
			do_count(path, q.flags);
		} else
			do_list(path + 2);
		G.cur_op = 0;
		free(path);
	}
}

static void
usage(void)
{
	fputs("usage: mfweights-gdal [--band B] [--max-pixels N] "
	      "[--no-nodata] [--allow-vrt] [--colors]\n"
	      "The GDAL reader of mfweights(1); mfweights starts it and talks "
	      "to it over a socket.\n",
	    stderr);
	exit(2);
}

/*
 * Move the protocol socket to IN_FD and OUT_FD and point 0, 1 and 2 at
 * /dev/null, so that nothing GDAL or a library prints, and no /vsistdin/
 * or /vsistdout/ path, can touch the protocol stream.
 */
static void
setup_fds(void)
{
	int nul;

	if (dup2(STDIN_FILENO, IN_FD) < 0 || dup2(STDOUT_FILENO, OUT_FD) < 0)
		exit(1);
	if ((nul = openat(AT_FDCWD, "/dev/null", O_RDWR)) < 0)
		exit(1);
	if (dup2(nul, STDIN_FILENO) < 0 || dup2(nul, STDOUT_FILENO) < 0 ||
	    dup2(nul, STDERR_FILENO) < 0)
		exit(1);
	if (nul > STDERR_FILENO)
		close(nul);
	fcntl(IN_FD, F_SETFD, FD_CLOEXEC);
	fcntl(OUT_FD, F_SETFD, FD_CLOEXEC);
}

/* Lower RLIMIT_DATA to MAX_DATA, except under sanitizers, whose shadow
 * memory counts as data. */
static void
limit_memory(void)
{
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
	struct rlimit rl;

	if (getrlimit(RLIMIT_DATA, &rl) == 0 &&
	    (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > MAX_DATA)) {
		rl.rlim_cur = MAX_DATA;
		setrlimit(RLIMIT_DATA, &rl);
	}
#endif
}

/* Write out the buffered output; if that fails, mfweights went away and
 * there is no one left to answer. */
static void
out_flush(void)
{
	if (fd_write_all(OUT_FD, G.obuf, G.olen) != 0)
		_exit(1);
	G.olen = 0;
}

static void
out_put(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t k;

	while (n > 0) {
		if (G.olen == sizeof(G.obuf))
			out_flush();
		k = sizeof(G.obuf) - G.olen;
		if (k > n)
			k = n;
		memcpy(G.obuf + G.olen, s, k);
		G.olen += k;
		s += k;
		n -= k;
	}
}

/*
 * The only GDAL error handler.  It keeps the first error of a request for
 * the reply.  A fatal error would abort() when this returns, so it answers
 * the current request with the message and exits instead.
 */
static void CPL_STDCALL
on_error(CPLErr cls, CPLErrorNum num, const char *msg)
{
	(void)num;
	if (cls < CE_Failure || msg == NULL)
		return;
	if (G.gdalerr[0] == '\0')
		snprintf(G.gdalerr, sizeof(G.gdalerr), "%s", msg);
	if (cls != CE_Fatal)
		return;
	memset(&G.reply, 0, sizeof(G.reply));
	set_reason("GDAL fatal error: %s", msg);
	G.reply.exiting = 1;
	if (G.cur_op == MFWG_OP_COUNT) {
		G.reply.status = MFWG_BAD;
		send_count();
	} else if (G.cur_op == MFWG_OP_LIST)
		send_list_fail(1);
	_exit(70);
}

/*
 * Some GDAL messages print pointers ("VSIFReadL(0x55d254f1fb00,6*4)").
 * Messages end up in the output, which must not vary from run to run, so
 * hexadecimal numbers of 10 digits or more become "0x...".
 */
static void
hide_addresses(char *s)
{
	char *p = s, *q;

	while ((p = strstr(p, "0x")) != NULL) {
		q = p + 2;
		while (isxdigit((unsigned char)*q))
			q++;
		if (q - p - 2 >= 10) {
			memcpy(p + 2, "...", 3);
			memmove(p + 5, q, strlen(q) + 1);
			p += 5;
		} else
			p = q;
	}
}

/* Set the reply's reason on one line: GDAL messages may hold newlines. */
void
set_reason(const char *fmt, ...)
{
	va_list ap;
	unsigned char *p;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(G.reason, sizeof(G.reason), fmt, ap);
	va_end(ap);
	for (p = (unsigned char *)G.reason; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = ' ';
	hide_addresses(G.reason);
	n = strlen(G.reason);
	while (n > 0 && G.reason[n - 1] == ' ')
		G.reason[--n] = '\0';
}

static void
put_pair(int64_t v, uint64_t n)
{
	struct mfwg_pair pr;

	pr.v = v;
	pr.n = n;
	out_put(&pr, sizeof(pr));
}

/* Send G.reply, the reason and, if the status is OK, the histogram. */
static void
send_count(void)
{
	G.reply.reason_len = (uint32_t)strlen(G.reason);
	G.reply.npairs = G.reply.status == MFWG_OK ? hist_npairs() : 0;
	out_put(&G.reply, sizeof(G.reply));
	out_put(G.reason, G.reply.reason_len);
	if (G.reply.status == MFWG_OK)
		hist_each(put_pair);
	out_flush();
}

static void
send_list_fail(int exiting)
{
	struct mfwg_list_reply lr = {MFWG_BAD, 0, 0, 0, 0};

	lr.exiting = (uint32_t)exiting;
	lr.reason_len = (uint32_t)strlen(G.reason);
	out_put(&lr, sizeof(lr));
	out_put(G.reason, lr.reason_len);
	out_flush();
}

/* Test hook: the test suite's way to make this helper crash, or raise a
 * GDAL fatal error, on a chosen file. */
static void
test_hooks(const char *path)
{
	if (G.opt.crash != NULL && *G.opt.crash && strstr(path, G.opt.crash)) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	if (G.opt.fatal != NULL && *G.opt.fatal && strstr(path, G.opt.fatal))
		CPLError(CE_Fatal, CPLE_AppDefined, "test fatal error");
}

/*
 * Count one raster.  path has two spare bytes in front: a local file whose
 * name GDAL would take for a /vsi path or a driver prefix ("HDF5:...")
 * is opened as "/./vsi..." or "./name:..." instead.
 */
static void
do_count(char *buf, uint32_t flags)
{
	char *path = buf + 2;
	GDALDriverH drv;
	GDALDatasetH ds;
	GDALRasterBandH b, rgb[3];
	VSIStatBufL st;
	const char *dn;
	int c;

	G.req_flags = flags;
	memset(&G.reply, 0, sizeof(G.reply));
	G.reason[0] = G.gdalerr[0] = '\0';
	hist_reset();
	CPLErrorReset();
	if (flags & MFWG_F_LOCAL) {
		if (strncmp(path, "/vsi", 4) == 0) {
			memcpy(buf, "/.", 2);
			path = buf;
		} else if (path[0] != '/' && strchr(path, ':') != NULL) {
			memcpy(buf, "./", 2);
			path = buf;
		}
	}
	if (G.keep_ds != NULL &&
	    (G.req_nparts == 0 || strcmp(path, G.keep_path) != 0))
		keep_close();
	if (G.keep_ds != NULL) {
		/* A further part of the raster this helper split or read a
		 * part of last: already opened and checked. */
		ds = G.keep_ds;
		G.keep_ds = NULL;
		free(G.keep_path);
		G.keep_path = NULL;
		goto band;
	}
	test_hooks(path);
	drv = GDALIdentifyDriverEx(path, GDAL_OF_RASTER, drivers, NULL);
	if (drv == NULL) {
		G.reply.status = MFWG_NOTMASK;
		if (VSIStatExL(path, &st, VSI_STAT_EXISTS_FLAG) != 0) {
			G.reply.status = MFWG_BAD;
			set_reason("no such file");
		} else if (!G.opt.allow_vrt &&
		    GDALIdentifyDriverEx(
			path, GDAL_OF_RASTER, drivers_only_vrt, NULL) != NULL)
			set_reason("a VRT file: read only with --allow-vrt");
		else
			set_reason("no GDAL raster driver of the allowed "
				   "list recognises it");
		send_count();
		return;
	}
	G.gdalerr[0] = '\0';
	ds = GDALOpenEx(path,
	    GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, drivers,
	    NULL, NULL);
	if (ds == NULL) {
		G.reply.status = MFWG_BAD;
		set_reason("GDAL %s driver cannot open it: %s",
		    GDALGetDriverShortName(drv),
		    G.gdalerr[0] ? G.gdalerr : "unknown error");
		send_count();
		return;
	}
	dn = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
	if (trunc_check(path, dn)) {
		G.reply.status = MFWG_BAD;
		goto close;
	}
	if ((c = read_colour_bands(ds, rgb)) > 0) {
		read_rgb(ds, rgb, dn);
		goto close;
	}
	if (c < 0) {
		G.reply.status = MFWG_BAD;
		goto close;
	}
band:
	dn = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
	if ((b = read_pick_band(ds)) == NULL)
		G.reply.status = MFWG_BAD;
	else
		read_band(ds, b, dn);
close:
	if ((G.reply.status == MFWG_PARTS ||
		(G.reply.status == MFWG_OK && G.req_nparts != 0)) &&
	    (G.keep_path = strdup(path)) != NULL)
		G.keep_ds = ds;
	else
		GDALClose(ds);
	send_count();
}

/* Close the raster kept for further parts, if any. */
static void
keep_close(void)
{
	if (G.keep_ds != NULL)
		GDALClose(G.keep_ds);
	G.keep_ds = NULL;
	free(G.keep_path);
	G.keep_path = NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * List the regular files under a /vsi path, recursively, as full paths.
 * A path that is itself a file lists as itself.  The main process sorts
 * again; sorting here only makes the helper's own output stable.
 */
static void
do_list(const char *path)
{
	struct mfwg_list_reply lr = {MFWG_OK, 0, 0, 0, 0};
	VSIStatBufL st;
	VSIDIR *dir;
	const VSIDIREntry *e;
	char **names = NULL, **nn, *full;
	size_t n = 0, cap = 0, i, pl = strlen(path), el;
	int mode;
	uint32_t len;

	keep_close();
	G.reason[0] = G.gdalerr[0] = '\0';
	CPLErrorReset();
	test_hooks(path);
	if (VSIStatExL(
		path, &st, VSI_STAT_EXISTS_FLAG | VSI_STAT_NATURE_FLAG) != 0) {
		set_reason("no such file or directory%s%s",
		    G.gdalerr[0] ? ": " : "", G.gdalerr);
		send_list_fail(0);
		return;
	}
	if (VSI_ISREG(st.st_mode)) {
		lr.count = 1;
		out_put(&lr, sizeof(lr));
		len = (uint32_t)pl;
		out_put(&len, sizeof(len));
		out_put(path, pl);
		out_flush();
		return;
	}
	if (!VSI_ISDIR(st.st_mode) ||
	    (dir = VSIOpenDir(path, -1, NULL)) == NULL) {
		set_reason(
		    "cannot list it%s%s", G.gdalerr[0] ? ": " : "", G.gdalerr);
		send_list_fail(0);
		return;
	}
	while (pl > 1 && path[pl - 1] == '/')
		pl--;
	while ((e = VSIGetNextDirEntry(dir)) != NULL) {
		el = strlen(e->pszName);
		if (pl + 1 + el > MFWG_MAX_PATH)
			continue;
		if ((full = malloc(pl + el + 2)) == NULL)
			goto oom;
		memcpy(full, path, pl);
		full[pl] = '/';
		memcpy(full + pl + 1, e->pszName, el + 1);
		mode = e->nMode;
		if (!e->bModeKnown) {
			if (VSIStatExL(full, &st, VSI_STAT_NATURE_FLAG) != 0) {
				free(full);
				continue;
			}
			mode = (int)st.st_mode;
		}
		if (!VSI_ISREG(mode)) {
			free(full);
			continue;
		}
		if (n == MFWG_MAX_LIST) {
			free(full);
			VSICloseDir(dir);
			set_reason("more than %d files", MFWG_MAX_LIST);
			goto fail;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nn = realloc(names, cap * sizeof(*nn))) == NULL) {
				free(full);
				goto oom;
			}
			names = nn;
		}
		names[n++] = full;
	}
	VSICloseDir(dir);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	lr.count = n;
	out_put(&lr, sizeof(lr));
	for (i = 0; i < n; i++) {
		len = (uint32_t)strlen(names[i]);
		out_put(&len, sizeof(len));
		out_put(names[i], len);
		free(names[i]);
	}
	free(names);
	out_flush();
	return;
oom:
	VSICloseDir(dir);
	set_reason("out of memory listing it");
fail:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	send_list_fail(0);
}
