/*
 * mfweights-gdal.c: the GDAL reader of mfweights, a helper executable.
 *
 * mfweights never links libgdal: loading it costs about 100 ms and 34 MB
 * per run, and GDAL aborts the process on its fatal errors.  Instead, the
 * first time a worker meets a file that needs GDAL, dec_gdal.c starts this
 * program with the options on its command line and talks to it over a
 * socket pair (the protocol is in proto.h).  For each request the helper
 * opens one raster with an allow-list of lossless raster drivers, picks
 * the band, reads every block in its native data type (never converted)
 * and replies with the exact histogram of the band's values, or lists the
 * regular files under a /vsi path.  With --colors (and no --band), a
 * raster of 3 or 4 8-bit bands red, green, blue (and alpha) is read as a
 * colour mask instead: its histogram counts packed colours 0xRRGGBB, which
 * mfweights maps to classes through its colour table.  If GDAL crashes here, only this
 * process dies: the main process names the file as bad and starts a new
 * helper for the next file.
 *
 * GDAL is set up so that it never writes next to the user's files
 * (GDAL_PAM_ENABLED=NO: no .aux.xml), never lists the mask's directory
 * or reads sidecars (GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR), never prints
 * (a quiet error handler keeps the first error for the reply; stdout and
 * stderr are /dev/null apart from the protocol descriptor) and cannot
 * read the protocol stream through /vsistdin/.
 *
 * A header can name other files that GDAL or its libraries then open by
 * name (an ER Mapper DataFile, an HDF5 external link, a VRT source).  So
 * that such a name cannot make the helper block forever on a FIFO or read
 * a device, this program defines open(), open64(), fopen() and fopen64():
 * every open for reading, by GDAL or any library it loads, goes through
 * guarded_open() and fails with ENXIO unless it finds a regular file or a
 * directory.
 *
 * Test hooks: if MFW_GDAL_TEST_CRASH is set, a path containing it makes
 * the helper die by SIGSEGV; MFW_GDAL_TEST_FATAL makes it raise a GDAL
 * fatal error.  They let the test suite check that a crash is one bad file.
 */
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#pragma GCC diagnostic pop

#include "proto.h"

/* Values 0..DENSE-1 are counted in an array, others in a hash table. */
#define DENSE     65536
/* Hash entries: with the dense array the reply stays <= MFWG_MAX_PAIRS. */
#define MAX_HASH  (MFWG_MAX_PAIRS - DENSE)
/*
 * Largest block buffer.  GDAL drivers use blocks of one row (PNG, BMP,
 * GIF, stripped GTiff), 64x64 (HFA), 1024x1024 (JPEG 2000 by default) or
 * tiles of at most a few thousand pixels square; 64 MiB is a 4096x4096
 * Float32 tile.
 */
#define MAX_BLOCK ((uint64_t)64 << 20)
/* GDAL block cache, in MB: ReadBlock bypasses it; it only holds the
 * sibling bands of pixel-interleaved data. */
#define CACHE_MB  "64"
/*
 * Cap on the helper's data segment (heap and anonymous mappings), so that
 * a decompression bomb fails an allocation instead of eating the machine
 * (issue 4 wants peak RSS under 256 MiB; libgdal's own pages add ~40 MB).
 * Measured: idle, 6 MB of data; a lossless 5000x5000 JPEG 2000 in
 * 4096x4096 tiles peaks at 126 MB RSS; one whose header claims a single
 * 60000x60000 tile took 388 MB uncapped and fails cleanly ("memory
 * error") capped.  XXX a real JPEG 2000 with single tiles much larger than
 * 4096x4096 is refused too.
 */
#define MAX_DATA  ((rlim_t)192 << 20)

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
static const char *drivers[NSAFE + 2];
static const char *const drivers_only_vrt[] = {"VRT", NULL};

enum kind {
	K_U8,
	K_I8,
	K_U16,
	K_I16,
	K_U32,
	K_I32,
	K_U64,
	K_I64,
	K_F32,
	K_F64
};

/* A bounds-checked reader of big-endian header fields. */
struct cur {
	const unsigned char *p;
	size_t n, off;
	int bad; /* ran past the end, or a field made no sense */
};

/* Header bytes read for the size checks of truncated(). */
#define HEAD_MAX (1 << 20)

static struct {
	int band;            /* --band, 0 = automatic */
	int no_nodata;       /* --no-nodata */
	int allow_vrt;       /* --allow-vrt */
	int colors;          /* --colors: read RGB(A) rasters as colours */
	uint64_t max_pixels; /* --max-pixels, 0 = none */
	const char *crash;   /* MFW_GDAL_TEST_CRASH */
	const char *fatal;   /* MFW_GDAL_TEST_FATAL */
} opt;

/* One file's histogram and the reply being built. */
static struct {
	uint64_t dense[DENSE];
	int64_t *key; /* open addressing; cnt == 0: empty slot */
	uint64_t *cnt;
	size_t cap, n;
	int full; /* more than MAX_HASH distinct values */
	int oom;
	uint64_t huge; /* UInt64 samples above INT64_MAX */
	/* nodata that is not a label: NaN, fractional or beyond int64 */
	int nd_on, nd_nan, nd_u64_on;
	double nd_val;
	uint64_t nd_u64;
} H;

static struct mfwg_count_reply R;
/* The count request being answered: its flags and part. */
static uint32_t req_flags, req_part, req_nparts;
/*
 * The raster of the last split or part reply, kept open for the next
 * part of it that this helper is asked for: opening costs some drivers
 * far more than a part (HFA parses its whole block map, 30 ms for a
 * 16000 x 16000 file).  Closed by any other request.
 */
static GDALDatasetH keep_ds;
static char *keep_path;
static char reason[MFWG_MAX_REASON + 1];
static char gdalerr[MFWG_MAX_REASON + 1]; /* first GDAL error */
static int cur_op; /* request being served, for fatal errors */

/* Buffered protocol output. */
static unsigned char obuf[65536];
static size_t olen;

static int guarded_open(const char *, int, mode_t);
static FILE *guarded_fopen(const char *, const char *, const char *);
int open(const char *, int, ...);
int open64(const char *, int, ...);
FILE *fopen(const char *, const char *);
FILE *fopen64(const char *, const char *);
static void usage(void);
static void setup_fds(void);
static void limit_memory(void);
static int read_full(void *, size_t);
static void out_put(const void *, size_t);
static void out_flush(void);
static void CPL_STDCALL on_error(CPLErr, CPLErrorNum, const char *);
static void hide_addresses(char *);
static void set_reason(const char *, ...) __attribute__((format(printf, 1, 2)));
static void send_count(void);
static void send_list_fail(int);
static void hist_reset(void);
static void hash_add(int64_t, uint64_t);
static void add(int64_t);
static void add_float(double);
static void count_row(enum kind, const unsigned char *, size_t);
static void count_rgb(const unsigned char *, const unsigned char *,
    const unsigned char *, size_t);
static int pick_kind(GDALRasterBandH, GDALDataType, enum kind *);
static void get_nodata(GDALRasterBandH, GDALDataType);
static int lossy(GDALDatasetH, GDALRasterBandH);
static void read_band(GDALDatasetH, GDALRasterBandH, const char *);
static GDALRasterBandH pick_band(GDALDatasetH);
static int colour_bands(GDALDatasetH, GDALRasterBandH *);
static void read_rgb(GDALDatasetH, GDALRasterBandH *, const char *);
static uint64_t be_get(struct cur *, int);
static void be_skip(struct cur *, uint64_t);
static int nc_type_size(uint64_t);
static void nc_skip_atts(struct cur *, int);
static uint64_t nc_need(const unsigned char *, size_t);
static uint64_t pcidsk_need(const unsigned char *, size_t);
static int truncated(const char *, const char *);
static void test_hooks(const char *);
static void do_count(char *, uint32_t);
static void keep_close(void);
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
			opt.band = (int)b;
		} else if (strcmp(argv[i], "--max-pixels") == 0 &&
		    i + 1 < argc) {
			errno = 0;
			opt.max_pixels = strtoull(argv[++i], &end, 10);
			if (errno || *end)
				usage();
		} else if (strcmp(argv[i], "--no-nodata") == 0)
			opt.no_nodata = 1;
		else if (strcmp(argv[i], "--allow-vrt") == 0)
			opt.allow_vrt = 1;
		else if (strcmp(argv[i], "--colors") == 0)
			opt.colors = 1;
		else
			usage();
	}
	if (isatty(STDIN_FILENO))
		usage();
	for (i = 0; i < (int)NSAFE; i++)
		drivers[i] = drivers_safe[i];
	if (opt.allow_vrt)
		drivers[i] = "VRT";
	opt.crash = getenv("MFW_GDAL_TEST_CRASH");
	opt.fatal = getenv("MFW_GDAL_TEST_FATAL");
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
		if ((r = read_full(&q, sizeof(q))) == 0) {
			keep_close();
			return 0;
		}
		if (r < 0 || q.len > MFWG_MAX_PATH ||
		    (q.op != MFWG_OP_COUNT && q.op != MFWG_OP_LIST))
			return 1;
		if ((path = malloc((size_t)q.len + 3)) == NULL)
			return 1;
		/* Room to prefix "./" or "/." (see do_count). */
		if (read_full(path + 2, q.len) != 1)
			return 1;
		path[q.len + 2] = '\0';
		cur_op = (int)q.op;
		if (memchr(path + 2, '\0', q.len) != NULL) {
			memset(&R, 0, sizeof(R));
			set_reason("file name contains a NUL byte");
			if (q.op == MFWG_OP_COUNT) {
				R.status = MFWG_BAD;
				send_count();
			} else
				send_list_fail(0);
		} else if (q.op == MFWG_OP_COUNT) {
			req_part = q.part;
			req_nparts = q.nparts;
			do_count(path, q.flags);
		} else
			do_list(path + 2);
		cur_op = 0;
		free(path);
	}
}

/*
 * Open path read-only without blocking, and keep it only if it is a
 * regular file or a directory; other opens (writes, creations) are left
 * alone.  openat() is not interposed, so this cannot recurse.
 */
static int
guarded_open(const char *path, int flags, mode_t mode)
{
	struct stat st;
	int fd, fl, e;

	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_PATH)))
		return openat(AT_FDCWD, path, flags, mode);
	if ((fd = openat(AT_FDCWD, path, flags | O_NONBLOCK, mode)) < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		e = errno;
	else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		e = ENXIO;
	else
		e = 0;
	if (e != 0) {
		close(fd);
		errno = e;
		return -1;
	}
	if (!(flags & O_NONBLOCK) &&
	    ((fl = fcntl(fd, F_GETFL)) < 0 ||
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return guarded_open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return guarded_open(path, flags, mode);
}

/* fopen for reading through guarded_open(); other modes to libc's. */
static FILE *
guarded_fopen(const char *path, const char *mode, const char *real)
{
	FILE *(*libc_fopen)(const char *, const char *);
	FILE *f;
	int fd, e;

	if (mode[0] != 'r' || strchr(mode, '+') != NULL) {
		*(void **)&libc_fopen = dlsym(RTLD_NEXT, real);
		if (libc_fopen == NULL) {
			errno = ENOSYS;
			return NULL;
		}
		return libc_fopen(path, mode);
	}
	fd = guarded_open(
	    path, O_RDONLY | (strchr(mode, 'e') ? O_CLOEXEC : 0), 0);
	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, "r")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

FILE *
fopen(const char *path, const char *mode)
{
	return guarded_fopen(path, mode, "fopen");
}

FILE *
fopen64(const char *path, const char *mode)
{
	return guarded_fopen(path, mode, "fopen64");
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

/* Read exactly n bytes: 1 done, 0 end of file before any byte, -1 error. */
static int
read_full(void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(IN_FD, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

static void
out_flush(void)
{
	size_t off = 0;
	ssize_t r;

	while (off < olen) {
		r = write(OUT_FD, obuf + off, olen - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			_exit(1); /* mfweights went away */
		off += (size_t)r;
	}
	olen = 0;
}

static void
out_put(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t k;

	while (n > 0) {
		if (olen == sizeof(obuf))
			out_flush();
		k = sizeof(obuf) - olen;
		if (k > n)
			k = n;
		memcpy(obuf + olen, s, k);
		olen += k;
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
	if (gdalerr[0] == '\0')
		snprintf(gdalerr, sizeof(gdalerr), "%s", msg);
	if (cls != CE_Fatal)
		return;
	memset(&R, 0, sizeof(R));
	set_reason("GDAL fatal error: %s", msg);
	R.exiting = 1;
	if (cur_op == MFWG_OP_COUNT) {
		R.status = MFWG_BAD;
		send_count();
	} else if (cur_op == MFWG_OP_LIST)
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
static void
set_reason(const char *fmt, ...)
{
	va_list ap;
	unsigned char *p;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	for (p = (unsigned char *)reason; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = ' ';
	hide_addresses(reason);
	n = strlen(reason);
	while (n > 0 && reason[n - 1] == ' ')
		reason[--n] = '\0';
}

/* Send R, the reason and, if the status is OK, the histogram. */
static void
send_count(void)
{
	struct mfwg_pair pr;
	size_t i;
	uint64_t np = 0;

	R.reason_len = (uint32_t)strlen(reason);
	if (R.status == MFWG_OK) {
		for (i = 0; i < DENSE; i++)
			np += H.dense[i] != 0;
		np += H.n;
	}
	R.npairs = np;
	out_put(&R, sizeof(R));
	out_put(reason, R.reason_len);
	if (R.status == MFWG_OK) {
		for (i = 0; i < DENSE; i++)
			if (H.dense[i] != 0) {
				pr.v = (int64_t)i;
				pr.n = H.dense[i];
				out_put(&pr, sizeof(pr));
			}
		for (i = 0; i < H.cap; i++)
			if (H.cnt[i] != 0) {
				pr.v = H.key[i];
				pr.n = H.cnt[i];
				out_put(&pr, sizeof(pr));
			}
	}
	out_flush();
}

static void
send_list_fail(int exiting)
{
	struct mfwg_list_reply lr = {MFWG_BAD, 0, 0, 0, 0};

	lr.exiting = (uint32_t)exiting;
	lr.reason_len = (uint32_t)strlen(reason);
	out_put(&lr, sizeof(lr));
	out_put(reason, lr.reason_len);
	out_flush();
}

static void
hist_reset(void)
{
	memset(H.dense, 0, sizeof(H.dense));
	if (H.cap > 0)
		memset(H.cnt, 0, H.cap * sizeof(*H.cnt));
	H.n = 0;
	H.full = H.oom = 0;
	H.huge = 0;
	H.nd_on = H.nd_nan = H.nd_u64_on = 0;
	H.nd_val = 0;
	H.nd_u64 = 0;
}

static size_t
slot(int64_t v, size_t mask)
{
	uint64_t x = (uint64_t)v * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(x >> 32) & mask;
}

/* Add n samples of a value outside the dense range. */
static void
hash_add(int64_t v, uint64_t n)
{
	size_t i, j, mask, ncap;
	int64_t *nk;
	uint64_t *nc;

	if (H.cap > 0) {
		mask = H.cap - 1;
		for (i = slot(v, mask); H.cnt[i] != 0; i = (i + 1) & mask)
			if (H.key[i] == v) {
				H.cnt[i] += n;
				return;
			}
	}
	if (H.n >= MAX_HASH) {
		H.full = 1;
		return;
	}
	if ((H.n + 1) * 2 > H.cap) {
		ncap = H.cap ? H.cap * 2 : 1024;
		nk = malloc(ncap * sizeof(*nk));
		nc = calloc(ncap, sizeof(*nc));
		if (nk == NULL || nc == NULL) {
			free(nk);
			free(nc);
			H.oom = 1;
			return;
		}
		for (j = 0; j < H.cap; j++) {
			if (H.cnt[j] == 0)
				continue;
			for (i = slot(H.key[j], ncap - 1); nc[i] != 0;
			     i = (i + 1) & (ncap - 1))
				;
			nk[i] = H.key[j];
			nc[i] = H.cnt[j];
		}
		free(H.key);
		free(H.cnt);
		H.key = nk;
		H.cnt = nc;
		H.cap = ncap;
	}
	mask = H.cap - 1;
	for (i = slot(v, mask); H.cnt[i] != 0; i = (i + 1) & mask)
		;
	H.key[i] = v;
	H.cnt[i] = n;
	H.n++;
}

static void
add(int64_t v)
{
	if ((uint64_t)v < DENSE)
		H.dense[v]++;
	else
		hash_add(v, 1);
}

/* Add n samples of value v. */
static void
add_n(int64_t v, uint64_t n)
{
	if ((uint64_t)v < DENSE)
		H.dense[v] += n;
	else
		hash_add(v, n);
}

/* A float sample is a label only if it is finite, whole and fits. */
static void
add_float(double d)
{
	if (H.nd_on && (H.nd_nan ? isnan(d) : d == H.nd_val))
		R.nodata_extra++;
	else if (isfinite(d) && d == trunc(d) && d >= -0x1p63 && d < 0x1p63)
		add((int64_t)d);
	else
		R.nonint++;
}

/* Count n samples of one kind; rows of a block are suitably aligned. */
static void
count_row(enum kind k, const unsigned char *row, size_t n)
{
	size_t i;

	switch (k) {
	case K_U8:
		for (i = 0; i < n; i++)
			H.dense[row[i]]++;
		break;
	case K_I8:
		for (i = 0; i < n; i++)
			add((int8_t)row[i]);
		break;
	case K_U16:
		for (i = 0; i < n; i++)
			H.dense[((const uint16_t *)(const void *)row)[i]]++;
		break;
	case K_I16:
		for (i = 0; i < n; i++)
			add(((const int16_t *)(const void *)row)[i]);
		break;
	case K_U32:
		for (i = 0; i < n; i++)
			add(((const uint32_t *)(const void *)row)[i]);
		break;
	case K_I32:
		for (i = 0; i < n; i++)
			add(((const int32_t *)(const void *)row)[i]);
		break;
	case K_U64:
		for (i = 0; i < n; i++) {
			uint64_t u = ((const uint64_t *)(const void *)row)[i];

			if (H.nd_u64_on && u == H.nd_u64)
				R.nodata_extra++;
			else if (u > (uint64_t)INT64_MAX)
				H.huge++;
			else
				add((int64_t)u);
		}
		break;
	case K_I64:
		for (i = 0; i < n; i++)
			add(((const int64_t *)(const void *)row)[i]);
		break;
	case K_F32:
		for (i = 0; i < n; i++)
			add_float(((const float *)(const void *)row)[i]);
		break;
	case K_F64:
		for (i = 0; i < n; i++)
			add_float(((const double *)(const void *)row)[i]);
		break;
	}
}

/*
 * Count n pixels of three 8-bit bands as packed colours 0xRRGGBB.  Masks
 * are mostly runs of one colour, and a run costs one histogram update.
 */
static void
count_rgb(const unsigned char *r, const unsigned char *g,
    const unsigned char *b, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i + 1;
		     j < n && r[j] == r[i] && g[j] == g[i] && b[j] == b[i]; j++)
			;
		add_n((int64_t)r[i] << 16 | (int64_t)g[i] << 8 | b[i], j - i);
		i = j;
	}
}

/* Map a GDAL data type to a sample kind; 0 and a reason if none fits. */
static int
pick_kind(GDALRasterBandH b, GDALDataType dt, enum kind *k)
{
	const char *pt;

	switch (dt) {
	case GDT_Byte:
		pt = GDALGetMetadataItem(b, "PIXELTYPE", "IMAGE_STRUCTURE");
		*k = pt && strcmp(pt, "SIGNEDBYTE") == 0 ? K_I8 : K_U8;
		return 1;
#if GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 7, 0)
	case GDT_Int8:
		*k = K_I8;
		return 1;
#endif
	case GDT_UInt16:
		*k = K_U16;
		return 1;
	case GDT_Int16:
		*k = K_I16;
		return 1;
	case GDT_UInt32:
		*k = K_U32;
		return 1;
	case GDT_Int32:
		*k = K_I32;
		return 1;
#if GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 5, 0)
	case GDT_UInt64:
		*k = K_U64;
		return 1;
	case GDT_Int64:
		*k = K_I64;
		return 1;
#endif
	case GDT_Float32:
		*k = K_F32;
		return 1;
	case GDT_Float64:
		*k = K_F64;
		return 1;
	default:
		set_reason(
		    "%s samples cannot be labels", GDALGetDataTypeName(dt));
		return 0;
	}
}

/*
 * The band's nodata, unless --no-nodata.  An integral value is reported
 * for the main process to exclude; a NaN, fractional or out-of-range one
 * on a float band makes matching samples nodata_extra.  A PNG's tRNS,
 * which GDAL reports as nodata, is transparency, never nodata.
 */
static void
get_nodata(GDALRasterBandH b, GDALDataType dt)
{
	int has = 0;
	double d;

	if (opt.no_nodata)
		return;
#if GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 5, 0)
	if (dt == GDT_Int64) {
		int64_t v = GDALGetRasterNoDataValueAsInt64(b, &has);

		if (has) {
			R.has_nodata = 1;
			R.nodata = v;
		}
		return;
	}
	if (dt == GDT_UInt64) {
		uint64_t u = GDALGetRasterNoDataValueAsUInt64(b, &has);

		if (has && u <= (uint64_t)INT64_MAX) {
			R.has_nodata = 1;
			R.nodata = (int64_t)u;
		} else if (has) {
			H.nd_u64_on = 1;
			H.nd_u64 = u;
		}
		return;
	}
#endif
	d = GDALGetRasterNoDataValue(b, &has);
	if (!has)
		return;
	if (isfinite(d) && d == trunc(d) && d >= -0x1p63 && d < 0x1p63) {
		R.has_nodata = 1;
		R.nodata = (int64_t)d;
	} else if (dt == GDT_Float32 || dt == GDT_Float64) {
		H.nd_on = 1;
		H.nd_nan = isnan(d);
		/* Float32 samples compare with the value as stored. */
		H.nd_val = dt == GDT_Float32 ? (double)(float)d : d;
	}
}

/* Non-zero, with a reason, if the raster's compression loses data. */
static int
lossy(GDALDatasetH ds, GDALRasterBandH b)
{
	const char *rev, *comp;

	rev = GDALGetMetadataItem(
	    ds, "COMPRESSION_REVERSIBILITY", "IMAGE_STRUCTURE");
	comp = GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE");
	if (comp == NULL)
		comp = GDALGetMetadataItem(b, "COMPRESSION", "IMAGE_STRUCTURE");
	if (rev != NULL && strncasecmp(rev, "LOSSY", 5) == 0) {
		set_reason("lossy %s compression: labels would be altered",
		    comp ? comp : "");
		return 1;
	}
	if (comp != NULL &&
	    (strcasecmp(comp, "JPEG") == 0 ||
		strcasecmp(comp, "YCbCr JPEG") == 0 ||
		strcasecmp(comp, "OJPEG") == 0)) {
		set_reason("JPEG-compressed mask: lossy compression alters "
			   "label values");
		return 1;
	}
	return 0;
}

/*
 * Choose the band: --band B, else the only band, else band 1 of a
 * gray+alpha pair.  NULL with a reason otherwise.
 */
static GDALRasterBandH
pick_band(GDALDatasetH ds)
{
	int nb = GDALGetRasterCount(ds), nsub = 0;
	char **sub;

	if (nb <= 0) {
		sub = GDALGetMetadata(ds, "SUBDATASETS");
		while (sub != NULL && sub[nsub] != NULL)
			nsub++;
		if (nsub > 0)
			set_reason("no raster band: the file holds %d "
				   "subdatasets",
			    nsub / 2);
		else
			set_reason("no raster band");
		return NULL;
	}
	if (opt.band > 0) {
		if (opt.band > nb) {
			set_reason("no band %d: the image has %d band%s",
			    opt.band, nb, nb == 1 ? "" : "s");
			return NULL;
		}
		return GDALGetRasterBand(ds, opt.band);
	}
	if (nb == 1)
		return GDALGetRasterBand(ds, 1);
	if (nb == 2 &&
	    GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, 2)) ==
		GCI_AlphaBand)
		return GDALGetRasterBand(ds, 1);
	set_reason("multi-band image (%d bands); use --band to count one "
		   "band",
	    nb);
	return NULL;
}

/*
 * With --colors and no --band, is ds a colour raster: 3 or 4 bands whose
 * colour interpretations are red, green, blue (and alpha or none), or that
 * carry no interpretation at all?  1 with bands 1-3 in rgb if so, 0 if
 * not; -1 with a reason if it is one but its samples are not 8-bit.
 */
static int
colour_bands(GDALDatasetH ds, GDALRasterBandH *rgb)
{
	static const GDALColorInterp want[3] = {
	    GCI_RedBand, GCI_GreenBand, GCI_BlueBand};
	int nb = GDALGetRasterCount(ds), i, named = 1, none = 1;
	GDALColorInterp ci;
	GDALDataType dt;

	if (!opt.colors || opt.band > 0 || (nb != 3 && nb != 4))
		return 0;
	for (i = 0; i < nb; i++) {
		ci = GDALGetRasterColorInterpretation(
		    GDALGetRasterBand(ds, i + 1));
		if (ci != GCI_Undefined)
			none = 0;
		if (i < 3 ? ci != want[i]
			  : ci != GCI_AlphaBand && ci != GCI_Undefined)
			named = 0;
	}
	if (!named && !none)
		return 0;
	for (i = 0; i < 3; i++) {
		rgb[i] = GDALGetRasterBand(ds, i + 1);
		dt = GDALGetRasterDataType(rgb[i]);
		if (dt != GDT_Byte) {
			set_reason("%d-bit colour raster: --colors reads "
				   "8-bit RGB(A) only",
			    GDALGetDataTypeSizeBits(dt));
			return -1;
		}
	}
	return 1;
}

/*
 * Count the colours of bands rgb[0..2] into H and R, block by block as
 * read_band() does, the three bands' blocks at the same offset together.
 * The alpha band, if any, is not read.  Set a reason on failure.
 */
static void
read_rgb(GDALDatasetH ds, GDALRasterBandH *rgb, const char *drv)
{
	int w, h, bx, by, cx, cy, nbx, nby, ix, iy, ax, ay, y, i;
	unsigned char *buf[3] = {NULL, NULL, NULL};
	size_t off;
	uint64_t bytes;

	R.status = MFWG_BAD;
	if (req_nparts != 0) {
		set_reason("changed while it was read");
		return;
	}
	if (lossy(ds, rgb[0]))
		return;
	R.bits = 8;
	w = GDALGetRasterBandXSize(rgb[0]);
	h = GDALGetRasterBandYSize(rgb[0]);
	if (w <= 0 || h <= 0) {
		set_reason("image has zero width or height (%d x %d)", w, h);
		return;
	}
	R.width = (uint32_t)w;
	R.height = (uint32_t)h;
	if (opt.max_pixels != 0 && (uint64_t)w * (uint64_t)h > opt.max_pixels) {
		R.status = MFWG_TOOBIG;
		return;
	}
	GDALGetBlockSize(rgb[0], &bx, &by);
	for (i = 1; i < 3; i++) {
		GDALGetBlockSize(rgb[i], &cx, &cy);
		if (cx != bx || cy != by ||
		    GDALGetRasterBandXSize(rgb[i]) != w ||
		    GDALGetRasterBandYSize(rgb[i]) != h) {
			set_reason("colour bands of different sizes or "
				   "block sizes");
			return;
		}
	}
	bytes = (uint64_t)(bx > 0 ? bx : 0) * (uint64_t)(by > 0 ? by : 0);
	if (bytes == 0) {
		set_reason("invalid block size %d x %d", bx, by);
		return;
	}
	if (3 * bytes > MAX_BLOCK) {
		set_reason("blocks of %d x %d x 3 samples (%" PRIu64 " bytes) "
			   "are larger than the limit of %" PRIu64 " bytes",
		    bx, by, 3 * bytes, MAX_BLOCK);
		return;
	}
	for (i = 0; i < 3; i++)
		if ((buf[i] = malloc((size_t)bytes)) == NULL) {
			set_reason("out of memory for a %" PRIu64 "-byte block",
			    bytes);
			goto out;
		}
	nbx = (int)(((int64_t)w + bx - 1) / bx);
	nby = (int)(((int64_t)h + by - 1) / by);
	for (iy = 0; iy < nby; iy++)
		for (ix = 0; ix < nbx; ix++) {
			for (i = 0; i < 3; i++)
				if (GDALReadBlock(rgb[i], ix, iy, buf[i]) !=
				    CE_None)
					break;
			if (i < 3 ||
			    GDALGetActualBlockSize(rgb[0], ix, iy, &ax, &ay) !=
				CE_None) {
				set_reason("GDAL %s driver: %s", drv,
				    gdalerr[0] ? gdalerr
					       : "cannot read a block");
				goto out;
			}
			/* Edge blocks are padded: count only the image. */
			for (y = 0; y < ay; y++) {
				off = (size_t)y * (size_t)bx;
				count_rgb(buf[0] + off, buf[1] + off,
				    buf[2] + off, (size_t)ax);
			}
			if (H.full || H.oom)
				goto done;
		}
done:
	if (H.oom)
		set_reason("out of memory in the GDAL reader");
	else if (H.full)
		set_reason("more than %d distinct colours: not a colour mask",
		    MFWG_MAX_PAIRS);
	else {
		R.status = MFWG_OK;
		R.colour = 1;
		R.rows = (uint32_t)h;
	}
out:
	for (i = 0; i < 3; i++)
		free(buf[i]);
}

/* Count every sample of band b into H and R; set a reason on failure. */
static void
read_band(GDALDatasetH ds, GDALRasterBandH b, const char *drv)
{
	GDALDataType dt = GDALGetRasterDataType(b);
	enum kind k;
	int w, h, bx, by, nbx, nby, ix, iy, ax, ay, y, sz, nbits;
	int np, prows, iy0, iy1;
	uint64_t prows64;
	const char *nb;
	unsigned char *buf;
	uint64_t bytes;

	R.status = MFWG_BAD;
	if (lossy(ds, b) || !pick_kind(b, dt, &k))
		return;
	sz = GDALGetDataTypeSizeBytes(dt);
	R.bits = GDALGetDataTypeSizeBits(dt);
	if ((nb = GDALGetMetadataItem(b, "NBITS", "IMAGE_STRUCTURE")) &&
	    (nbits = atoi(nb)) > 0 && nbits < R.bits)
		R.bits = nbits;
	R.sample_float = dt == GDT_Float32 || dt == GDT_Float64;
	w = GDALGetRasterBandXSize(b);
	h = GDALGetRasterBandYSize(b);
	if (w <= 0 || h <= 0) {
		set_reason("image has zero width or height (%d x %d)", w, h);
		return;
	}
	R.width = (uint32_t)w;
	R.height = (uint32_t)h;
	if (opt.max_pixels != 0 && (uint64_t)w * (uint64_t)h > opt.max_pixels) {
		R.status = MFWG_TOOBIG;
		return;
	}
	if (strcmp(drv, "PNG") != 0)
		get_nodata(b, dt);
	GDALGetBlockSize(b, &bx, &by);
	bytes = (uint64_t)(bx > 0 ? bx : 0) * (uint64_t)(by > 0 ? by : 0) *
	    (uint64_t)sz;
	if (bytes == 0 || sz <= 0) {
		set_reason("invalid block size %d x %d", bx, by);
		return;
	}
	if (bytes > MAX_BLOCK) {
		set_reason("blocks of %d x %d samples (%" PRIu64 " bytes) are "
			   "larger than the limit of %" PRIu64 " bytes",
		    bx, by, bytes, MAX_BLOCK);
		return;
	}
	if ((buf = malloc((size_t)bytes)) == NULL) {
		set_reason("out of memory for a %" PRIu64 "-byte block", bytes);
		return;
	}
	nbx = (int)(((int64_t)w + bx - 1) / bx);
	nby = (int)(((int64_t)h + by - 1) / by);
	/* Split: the whole raster asked for, answer with the plan; a part,
	 * count its block rows only. */
	/* Single-band rasters split by block rows (cut.h). */
	np = (int)cut_plan(
	    (uint64_t)w, (uint64_t)h, by > 0 ? (uint64_t)by : 0, &prows64);
	prows = (int)prows64;
	iy0 = 0;
	iy1 = nby;
	if (req_nparts == 0 && (req_flags & MFWG_F_PARTS_OK) && np > 1) {
		free(buf);
		R.status = MFWG_PARTS;
		R.nparts = (uint32_t)np;
		return;
	}
	if (req_nparts != 0) {
		if ((uint32_t)np != req_nparts || req_part >= req_nparts) {
			free(buf);
			set_reason("changed while it was read");
			return;
		}
		iy0 = (int)req_part * (prows / by);
		iy1 = iy0 + prows / by < nby ? iy0 + prows / by : nby;
	}
	R.rows = (uint32_t)((int64_t)iy1 * by < h ? (int64_t)iy1 * by : h) -
	    (uint32_t)iy0 * (uint32_t)by;
	for (iy = iy0; iy < iy1; iy++)
		for (ix = 0; ix < nbx; ix++) {
			if (GDALReadBlock(b, ix, iy, buf) != CE_None ||
			    GDALGetActualBlockSize(b, ix, iy, &ax, &ay) !=
				CE_None) {
				set_reason("GDAL %s driver: %s", drv,
				    gdalerr[0] ? gdalerr
					       : "cannot read a block");
				free(buf);
				return;
			}
			/* Edge blocks are padded: count only the image. */
			for (y = 0; y < ay; y++)
				count_row(k,
				    buf + (size_t)y * (size_t)bx * (size_t)sz,
				    (size_t)ax);
			if (H.full || H.oom)
				goto out;
		}
out:
	free(buf);
	if (H.oom)
		set_reason("out of memory in the GDAL reader");
	else if (H.full)
		set_reason("more than %d distinct values: not a label mask",
		    MFWG_MAX_PAIRS);
	else if (H.huge > 0)
		set_reason("%" PRIu64 " samples are above the largest label "
			   "%" PRId64,
		    H.huge, INT64_MAX);
	else
		R.status = MFWG_OK;
}

static uint64_t
be_get(struct cur *c, int size)
{
	uint64_t v = 0;
	int i;

	if (c->bad || c->n - c->off < (size_t)size) {
		c->bad = 1;
		return 0;
	}
	for (i = 0; i < size; i++)
		v = v << 8 | c->p[c->off++];
	return v;
}

/* Skip n bytes padded to a multiple of 4, as netCDF stores values. */
static void
be_skip(struct cur *c, uint64_t n)
{
	if (c->bad || n > c->n - c->off ||
	    ((n + 3) & ~(uint64_t)3) > c->n - c->off) {
		c->bad = 1;
		return;
	}
	c->off += (size_t)((n + 3) & ~(uint64_t)3);
}

static int
nc_type_size(uint64_t t)
{
	static const int size[] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};

	return t < sizeof(size) / sizeof(size[0]) ? size[t] : 0;
}

/* Skip a netCDF attribute list; nsz is the size of a count (4 or 8). */
static void
nc_skip_atts(struct cur *c, int nsz)
{
	uint64_t tag = be_get(c, 4), n = be_get(c, nsz), i, len, ts;

	if (tag == 0 && n == 0)
		return;
	if (tag != 0x0c || n > c->n) {
		c->bad = 1;
		return;
	}
	for (i = 0; i < n && !c->bad; i++) {
		be_skip(c, be_get(c, nsz)); /* name */
		ts = (uint64_t)nc_type_size(be_get(c, 4));
		len = be_get(c, nsz);
		if (ts == 0 || len > c->n) {
			c->bad = 1;
			return;
		}
		be_skip(c, len * ts);
	}
}

/*
 * The bytes a netCDF classic file (CDF-1, CDF-2 or CDF-5) needs to hold
 * the data its header declares, or 0 if the header cannot tell.  The
 * netCDF library reads past the end of a truncated file as fill values,
 * so without this check a truncated file would be counted as zeros.
 */
static uint64_t
nc_need(const unsigned char *p, size_t n)
{
	struct cur c = {p, n, 4, 0};
	uint64_t numrecs, tag, ndims, nvars, *dim = NULL, *rb = NULL;
	uint64_t *rs = NULL, i, j, id, nd, cnt, ts, vsize, begin, slab, end;
	uint64_t need = 0, recsize = 0, nrec = 0, streaming;
	int ver, nsz, osz, isrec;

	if (n < 8 || memcmp(p, "CDF", 3) != 0)
		return 0;
	ver = p[3];
	if (ver != 1 && ver != 2 && ver != 5)
		return 0;
	nsz = ver == 5 ? 8 : 4;
	osz = ver == 1 ? 4 : 8;
	streaming = nsz == 8 ? UINT64_MAX : UINT32_MAX;
	numrecs = be_get(&c, nsz);
	tag = be_get(&c, 4);
	ndims = be_get(&c, nsz);
	if (!(tag == 0 && ndims == 0) &&
	    (tag != 0x0a || ndims > 65536 || ndims > n))
		return 0;
	if ((dim = calloc(ndims + 1, sizeof(*dim))) == NULL)
		return 0;
	for (i = 0; i < ndims && !c.bad; i++) {
		be_skip(&c, be_get(&c, nsz)); /* name */
		dim[i] = be_get(&c, nsz);
	}
	nc_skip_atts(&c, nsz);
	tag = be_get(&c, 4);
	nvars = be_get(&c, nsz);
	if (!(tag == 0 && nvars == 0) &&
	    (tag != 0x0b || nvars > 65536 || nvars > n))
		c.bad = 1;
	if (!c.bad &&
	    ((rb = calloc(nvars + 1, sizeof(*rb))) == NULL ||
		(rs = calloc(nvars + 1, sizeof(*rs))) == NULL))
		c.bad = 1;
	for (i = 0; i < nvars && !c.bad; i++) {
		be_skip(&c, be_get(&c, nsz)); /* name */
		nd = be_get(&c, nsz);
		if (nd > 1024)
			c.bad = 1;
		cnt = 1;
		isrec = 0;
		for (j = 0; j < nd && !c.bad; j++) {
			id = be_get(&c, nsz);
			if (id >= ndims)
				c.bad = 1;
			else if (j == 0 && dim[id] == 0)
				isrec = 1;
			else if (__builtin_mul_overflow(cnt, dim[id], &cnt))
				c.bad = 1;
		}
		nc_skip_atts(&c, nsz);
		ts = (uint64_t)nc_type_size(be_get(&c, 4));
		vsize = be_get(&c, nsz);
		begin = be_get(&c, osz);
		if (c.bad || ts == 0 ||
		    __builtin_mul_overflow(cnt, ts, &slab)) {
			c.bad = 1;
			break;
		}
		if (isrec) {
			rb[nrec] = begin;
			rs[nrec++] = slab;
			if (__builtin_add_overflow(recsize, vsize, &recsize))
				c.bad = 1;
		} else if (__builtin_add_overflow(begin, slab, &end))
			c.bad = 1;
		else if (end > need)
			need = end;
	}
	/* One record variable: its records are not padded. */
	if (nrec == 1)
		recsize = rs[0];
	for (i = 0; i < nrec && !c.bad && numrecs != streaming && numrecs > 0;
	     i++)
		if (__builtin_mul_overflow(numrecs - 1, recsize, &end) ||
		    __builtin_add_overflow(end, rb[i], &end) ||
		    __builtin_add_overflow(end, rs[i], &end))
			c.bad = 1;
		else if (end > need)
			need = end;
	free(dim);
	free(rb);
	free(rs);
	return c.bad ? 0 : need;
}

/*
 * The bytes a PCIDSK file declares in its header (a 16-character block
 * count at offset 16, in 512-byte blocks), or 0.  GDAL reads a truncated
 * PCIDSK file without complaint.
 */
static uint64_t
pcidsk_need(const unsigned char *p, size_t n)
{
	uint64_t blocks = 0;
	size_t i;

	if (n < 32 || memcmp(p, "PCIDSK  ", 8) != 0)
		return 0;
	for (i = 16; i < 32 && p[i] == ' '; i++)
		;
	if (i == 32)
		return 0;
	for (; i < 32; i++) {
		if (p[i] < '0' || p[i] > '9' || blocks > UINT64_MAX / 5120)
			return 0;
		blocks = blocks * 10 + (uint64_t)(p[i] - '0');
	}
	return blocks * 512;
}

/*
 * Non-zero, with a reason, if the file is shorter than its header says,
 * for the formats whose GDAL drivers would read the missing part as zeros
 * (netCDF classic, PCIDSK).  Other drivers report truncation themselves.
 */
static int
truncated(const char *path, const char *drv)
{
	VSIStatBufL st;
	VSILFILE *f;
	unsigned char *head;
	size_t n;
	uint64_t need;

	if (strcmp(drv, "netCDF") != 0 && strcmp(drv, "PCIDSK") != 0)
		return 0;
	if (VSIStatL(path, &st) != 0 || (f = VSIFOpenL(path, "rb")) == NULL)
		return 0;
	if ((head = malloc(HEAD_MAX)) == NULL) {
		VSIFCloseL(f);
		return 0;
	}
	n = VSIFReadL(head, 1, HEAD_MAX, f);
	VSIFCloseL(f);
	need = drv[0] == 'n' ? nc_need(head, n) : pcidsk_need(head, n);
	free(head);
	if (need == 0 || (uint64_t)st.st_size >= need)
		return 0;
	set_reason("truncated: the %s header declares %" PRIu64 " bytes, "
		   "the file has %" PRIu64,
	    drv, need, (uint64_t)st.st_size);
	return 1;
}

/* The test suite's way to make this helper crash on a chosen file. */
static void
test_hooks(const char *path)
{
	if (opt.crash != NULL && *opt.crash && strstr(path, opt.crash)) {
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	if (opt.fatal != NULL && *opt.fatal && strstr(path, opt.fatal))
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

	req_flags = flags;
	memset(&R, 0, sizeof(R));
	reason[0] = gdalerr[0] = '\0';
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
	if (keep_ds != NULL &&
	    (req_nparts == 0 || strcmp(path, keep_path) != 0))
		keep_close();
	if (keep_ds != NULL) {
		/* A further part of the raster this helper split or read a
		 * part of last: already opened and checked. */
		ds = keep_ds;
		keep_ds = NULL;
		free(keep_path);
		keep_path = NULL;
		goto band;
	}
	test_hooks(path);
	drv = GDALIdentifyDriverEx(path, GDAL_OF_RASTER, drivers, NULL);
	if (drv == NULL) {
		R.status = MFWG_NOTMASK;
		if (VSIStatExL(path, &st, VSI_STAT_EXISTS_FLAG) != 0) {
			R.status = MFWG_BAD;
			set_reason("no such file");
		} else if (!opt.allow_vrt &&
		    GDALIdentifyDriverEx(
			path, GDAL_OF_RASTER, drivers_only_vrt, NULL) != NULL)
			set_reason("a VRT file: read only with --allow-vrt");
		else
			set_reason("no GDAL raster driver of the allowed "
				   "list recognises it");
		send_count();
		return;
	}
	gdalerr[0] = '\0';
	ds = GDALOpenEx(path,
	    GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, drivers,
	    NULL, NULL);
	if (ds == NULL) {
		R.status = MFWG_BAD;
		set_reason("GDAL %s driver cannot open it: %s",
		    GDALGetDriverShortName(drv),
		    gdalerr[0] ? gdalerr : "unknown error");
		send_count();
		return;
	}
	dn = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
	if (truncated(path, dn)) {
		R.status = MFWG_BAD;
		goto close;
	}
	if ((c = colour_bands(ds, rgb)) > 0) {
		read_rgb(ds, rgb, dn);
		goto close;
	}
	if (c < 0) {
		R.status = MFWG_BAD;
		goto close;
	}
band:
	dn = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
	if ((b = pick_band(ds)) == NULL)
		R.status = MFWG_BAD;
	else
		read_band(ds, b, dn);
close:
	if ((R.status == MFWG_PARTS ||
		(R.status == MFWG_OK && req_nparts != 0)) &&
	    (keep_path = strdup(path)) != NULL)
		keep_ds = ds;
	else
		GDALClose(ds);
	send_count();
}

/* Close the raster kept for further parts, if any. */
static void
keep_close(void)
{
	if (keep_ds != NULL)
		GDALClose(keep_ds);
	keep_ds = NULL;
	free(keep_path);
	keep_path = NULL;
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
	reason[0] = gdalerr[0] = '\0';
	CPLErrorReset();
	test_hooks(path);
	if (VSIStatExL(
		path, &st, VSI_STAT_EXISTS_FLAG | VSI_STAT_NATURE_FLAG) != 0) {
		set_reason("no such file or directory%s%s",
		    gdalerr[0] ? ": " : "", gdalerr);
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
		    "cannot list it%s%s", gdalerr[0] ? ": " : "", gdalerr);
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
