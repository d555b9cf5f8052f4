/*
 * floor.c: the decode-only floors of `make bench`.
 *
 *	bench-floor [-j N] read|inflate|count DIR
 *
 * Runs N threads over the files of DIR (each thread takes the next file
 * from an atomic counter) and does the least work any decoder must do:
 * "read" reads every byte into a buffer (an in-process `cat`); "inflate"
 * also inflates the image data with libdeflate, whole, into a buffer of
 * the decoded size: for PNG the concatenated IDAT data (chunk walk, no
 * CRC check, no unfiltering, no counting), for TIFF every raw tile or
 * strip read through libtiff.  Buffers are reused, as a decoder's are.
 * mfweights does strictly more than "inflate", so its time over this
 * floor's is its overhead.  "count" is the textbook decode-and-count:
 * "inflate", then (PNG) each row unfiltered byte by byte as the PNG
 * specification writes it, and every sample counted with a plain d[v]++
 * loop (gray and palette; 8-bit TIFF tiles likewise).  Prints the number
 * of files and of decoded bytes (of counted samples in "count" mode), to
 * check that work was done.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>
#include <tiffio.h>

enum mode { M_READ, M_INFLATE, M_COUNT };

struct shared {
	char **files;
	size_t nfiles;
	enum mode mode;
	atomic_size_t next;
	atomic_ullong bytes;
	atomic_int fails;
};

static void usage(void) __attribute__((noreturn));
static int cmpstr(const void *, const void *);
struct bufs {
	unsigned char *f, *z, *o, *raw; /* file, IDAT data, output, tile */
	size_t fcap, zcap, ocap, rawcap;
};

static int grow(unsigned char **, size_t *, size_t);
static int slurp(const char *, struct bufs *, size_t *);
static uint32_t be32(const unsigned char *);
static long long inflate_png(
    struct libdeflate_decompressor *, struct bufs *, size_t, int);
static long long inflate_tiff(
    struct libdeflate_decompressor *, struct bufs *, const char *, int);
static int quiet(TIFF *, void *, const char *, const char *, va_list);
static int paeth(int, int, int);
static long long count_png(unsigned char *, uint32_t, uint32_t, int);
static void *worker(void *);

static void
usage(void)
{
	fputs("usage: bench-floor [-j N] read|inflate|count DIR\n", stderr);
	exit(2);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Buffers are kept per thread and only grow, as a decoder's would. */
static int
grow(unsigned char **p, size_t *cap, size_t n)
{
	unsigned char *q;

	if (n <= *cap)
		return 0;
	if ((q = realloc(*p, n)) == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int
slurp(const char *path, struct bufs *b, size_t *n)
{
	struct stat sb;
	ssize_t got;
	size_t off = 0;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) != 0 ||
	    grow(&b->f, &b->fcap, (size_t)sb.st_size + 1) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (off < (size_t)sb.st_size &&
	    (got = read(fd, b->f + off, (size_t)sb.st_size - off)) > 0)
		off += (size_t)got;
	close(fd);
	*n = off;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Unfilter and count a decoded gray or palette PNG: samples, or -1. */
static long long
count_png(unsigned char *o, uint32_t w, uint32_t h, int bd)
{
	static _Thread_local uint64_t d[65536];
	size_t bpp = bd == 16 ? 2 : 1, rb = ((size_t)w * (size_t)bd + 7) / 8;
	unsigned char *r, *p = NULL;
	size_t i, x;
	uint32_t y;
	int a, b, c;

	for (y = 0; y < h; y++, p = r) {
		r = o + (size_t)y * (rb + 1) + 1;
		for (i = 0; i < rb; i++) {
			a = i >= bpp ? r[i - bpp] : 0;
			b = p != NULL ? p[i] : 0;
			c = i >= bpp && p != NULL ? p[i - bpp] : 0;
			switch (r[-1]) {
			case 0:
				break;
			case 1:
				r[i] = (unsigned char)(r[i] + a);
				break;
			case 2:
				r[i] = (unsigned char)(r[i] + b);
				break;
			case 3:
				r[i] = (unsigned char)(r[i] + (a + b) / 2);
				break;
			case 4:
				r[i] = (unsigned char)(r[i] + paeth(a, b, c));
				break;
			default:
				return -1;
			}
		}
		for (x = 0; x < w; x++)
			if (bd == 8)
				d[r[x]]++;
			else if (bd == 16)
				d[r[2 * x] << 8 | r[2 * x + 1]]++;
			else
				d[(r[x * (size_t)bd / 8] >>
				      (8 - bd - (int)(x * (size_t)bd % 8))) &
				    ((1 << bd) - 1)]++;
	}
	return (long long)w * h;
}

/* Inflate the IDAT data of a PNG in memory: decoded bytes, or -1. */
static long long
inflate_png(
    struct libdeflate_decompressor *dd, struct bufs *b, size_t n, int count)
{
	const unsigned char *p = b->f;
	static const int chans[7] = {1, 0, 3, 1, 2, 0, 4};
	size_t off = 8, zn = 0, len, outn, got;
	uint32_t w = 0, h = 0;
	int bd = 8, ct = 0;
	long long r = -1;

	if (grow(&b->z, &b->zcap, n) != 0)
		return -1;
	while (off + 12 <= n) {
		len = be32(p + off);
		if (len > n - off - 12)
			break;
		if (memcmp(p + off + 4, "IHDR", 4) == 0 && len == 13) {
			w = be32(p + off + 8);
			h = be32(p + off + 12);
			bd = p[off + 16];
			ct = p[off + 17] < 7 ? p[off + 17] : 1;
		} else if (memcmp(p + off + 4, "IDAT", 4) == 0) {
			memcpy(b->z + zn, p + off + 8, len);
			zn += len;
		}
		off += 12 + len;
	}
	if (w == 0)
		return -1;
	outn = ((size_t)w * (size_t)chans[ct] * (size_t)bd + 7) / 8 + 1;
	outn *= h;
	if (grow(&b->o, &b->ocap, outn) == 0 &&
	    libdeflate_zlib_decompress(dd, b->z, zn, b->o, outn, &got) ==
		LIBDEFLATE_SUCCESS)
		r = (long long)got;
	if (r >= 0 && count && (ct == 0 || ct == 3))
		r = count_png(b->o, w, h, bd);
	return r;
}

static int
quiet(TIFF *t, void *ud, const char *mod, const char *fmt, va_list ap)
{
	(void)t, (void)ud, (void)mod, (void)fmt, (void)ap;
	return 1;
}

/* Inflate every tile or strip of a DEFLATE TIFF: decoded bytes, or -1. */
static long long
inflate_tiff(struct libdeflate_decompressor *dd, struct bufs *b,
    const char *path, int count)
{
	static _Thread_local uint64_t d[256];
	tmsize_t k;
	TIFFOpenOptions *oo = TIFFOpenOptionsAlloc();
	TIFF *t;
	tmsize_t outn, rn;
	uint64_t *bc;
	uint32_t i, nb;
	size_t got;
	long long r = 0;
	int tiled;

	TIFFOpenOptionsSetErrorHandlerExtR(oo, quiet, NULL);
	TIFFOpenOptionsSetWarningHandlerExtR(oo, quiet, NULL);
	t = TIFFOpenExt(path, "rm", oo);
	TIFFOpenOptionsFree(oo);
	if (t == NULL)
		return -1;
	tiled = TIFFIsTiled(t);
	nb = tiled ? TIFFNumberOfTiles(t) : TIFFNumberOfStrips(t);
	outn = tiled ? TIFFTileSize(t) : TIFFStripSize(t);
	if (!TIFFGetField(t,
		tiled ? TIFFTAG_TILEBYTECOUNTS : TIFFTAG_STRIPBYTECOUNTS,
		&bc) ||
	    outn <= 0 || grow(&b->o, &b->ocap, (size_t)outn) != 0)
		r = -1;
	for (i = 0; r >= 0 && i < nb; i++) {
		if (grow(&b->raw, &b->rawcap, (size_t)bc[i]) != 0) {
			r = -1;
			break;
		}
		rn = tiled ? TIFFReadRawTile(t, i, b->raw, (tmsize_t)bc[i])
			   : TIFFReadRawStrip(t, i, b->raw, (tmsize_t)bc[i]);
		if (rn < 0 ||
		    libdeflate_zlib_decompress(dd, b->raw, (size_t)rn, b->o,
			(size_t)outn, &got) != LIBDEFLATE_SUCCESS)
			r = -1;
		else if (count) {
			for (k = 0; k < (tmsize_t)got; k++)
				d[b->o[k]]++;
			r += (long long)got;
		} else
			r += (long long)got;
	}
	TIFFClose(t);
	return r;
}

static void *
worker(void *arg)
{
	struct shared *s = arg;
	struct libdeflate_decompressor *dd = libdeflate_alloc_decompressor();
	struct bufs b;
	size_t i, n;
	long long r;

	memset(&b, 0, sizeof(b));

	while ((i = atomic_fetch_add(&s->next, 1)) < s->nfiles) {
		const char *f = s->files[i];
		size_t fl = strlen(f);

		if (s->mode != M_READ && fl > 4 &&
		    strcmp(f + fl - 4, ".tif") == 0) {
			r = inflate_tiff(dd, &b, f, s->mode == M_COUNT);
		} else {
			if (slurp(f, &b, &n) != 0) {
				atomic_fetch_add(&s->fails, 1);
				continue;
			}
			r = s->mode == M_READ
			    ? (long long)n
			    : inflate_png(dd, &b, n, s->mode == M_COUNT);
		}
		if (r < 0)
			atomic_fetch_add(&s->fails, 1);
		else
			atomic_fetch_add(&s->bytes, (unsigned long long)r);
	}
	libdeflate_free_decompressor(dd);
	free(b.f);
	free(b.z);
	free(b.o);
	free(b.raw);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct shared s;
	pthread_t tid[64];
	struct dirent *e;
	DIR *d;
	size_t cap = 0;
	int c, j = 1, k;

	while ((c = getopt(argc, argv, "j:")) != -1) {
		if (c != 'j' || (j = atoi(optarg)) < 1 || j > 64)
			usage();
	}
	if (argc - optind != 2)
		usage();
	memset(&s, 0, sizeof(s));
	if (strcmp(argv[optind], "read") == 0)
		s.mode = M_READ;
	else if (strcmp(argv[optind], "inflate") == 0)
		s.mode = M_INFLATE;
	else if (strcmp(argv[optind], "count") == 0)
		s.mode = M_COUNT;
	else
		usage();
	if ((d = opendir(argv[optind + 1])) == NULL) {
		perror(argv[optind + 1]);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (s.nfiles == cap) {
			cap = cap ? cap * 2 : 256;
			s.files = realloc(s.files, cap * sizeof(*s.files));
			if (s.files == NULL)
				return 1;
		}
		if (asprintf(&s.files[s.nfiles++], "%s/%s", argv[optind + 1],
			e->d_name) < 0)
			return 1;
	}
	closedir(d);
	qsort(s.files, s.nfiles, sizeof(*s.files), cmpstr);
	for (k = 0; k < j; k++)
		if (pthread_create(&tid[k], NULL, worker, &s) != 0)
			return 1;
	for (k = 0; k < j; k++)
		pthread_join(tid[k], NULL);
	printf("%zu files, %llu bytes, %d failed\n", s.nfiles,
	    (unsigned long long)atomic_load(&s.bytes), atomic_load(&s.fails));
	return atomic_load(&s.fails) ? 1 : 0;
}
