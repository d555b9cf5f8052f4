/*
 * floor.c: the decode-only floors of `make bench`.
 *
 *	bench-floor [-j N] [-s N] read|inflate|tiffdec|tiffcount|count|fastcount
 *	    PATH...
 *
 * Runs N threads over the files of the PATHs (a directory stands for its
 * files, sorted, dot files left out; each thread takes the next part from
 * an atomic counter) and does the least work any decoder must do: "read"
 * reads every byte into a buffer (an in-process `cat`); "inflate" also
 * inflates the image data with libdeflate, whole, into a buffer of the
 * decoded size: for PNG the concatenated IDAT data (chunk walk, no CRC
 * check, no unfiltering, no counting), for TIFF every raw tile or strip
 * of band 1 read through libtiff (TIFFReadRawTile, TIFFReadRawStrip).
 * Buffers are reused, as a decoder's are.  mfweights does strictly more
 * than "inflate", so its time over this floor's is its overhead.
 * "tiffdec" decodes every tile or strip of band 1 of each TIFF through
 * libtiff alone (TIFFReadEncodedTile, TIFFReadEncodedStrip: its own read
 * and its own DEFLATE codec) into a reused buffer, no counting; other
 * files are skipped.  Against "inflate" it tells what libtiff's codec
 * path costs over a raw read and libdeflate.  "tiffcount" is the TIFF
 * decode-and-count floor: "tiffdec", then each 8-bit tile or strip
 * counted as a tuned counter would count it (uniform 32-byte blocks
 * added at once, other bytes into four 32-bit sub-histograms, added up
 * once per part); other files are skipped.  "count" is the textbook
 * decode-and-count: "inflate", then (PNG) each row unfiltered byte by
 * byte as the PNG specification writes it, and every sample counted with
 * a plain d[v]++ loop (gray and palette; 8-bit TIFF tiles likewise).
 * "fastcount" is the same decode-and-count written as a tuned decoder
 * would write it (fast_png): the best decode-and-count floor here.
 *
 * A part is a whole file, unless -s N cuts every TIFF into parts of N
 * tiles or strips (in file order) outside "read" mode, so that threads
 * share one large file; a thread keeps a TIFF open while its next part
 * is of the same file.  Prints the number of files, parts, decoded bytes
 * (counted samples in "count" mode) and files skipped, to check that work
 * was done.  Files are told apart by name: ".tif" or ".tiff" is a TIFF.
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

enum mode { M_READ, M_INFLATE, M_TIFFDEC, M_COUNT, M_FAST, M_TIFFCOUNT };

/* Tiles or strips [first, last) of band 1 of file; all when last is 0. */
struct part {
	const char *file;
	uint32_t first, last;
};

struct shared {
	char **files;
	size_t nfiles, fcap;
	struct part *parts;
	size_t nparts, pcap;
	enum mode mode;
	atomic_size_t next;
	atomic_ullong bytes;
	atomic_int fails, skips;
};

struct bufs {
	unsigned char *f, *z, *o, *raw; /* file, IDAT data, output, tile */
	size_t fcap, zcap, ocap, rawcap;
	TIFF *tif; /* kept open for the next part of tifpath */
	const char *tifpath;
};

static void usage(void) __attribute__((noreturn));
static int cmpstr(const void *, const void *);
static int add_file(struct shared *, const char *, const char *);
static int add_path(struct shared *, const char *);
static int add_part(struct shared *, const char *, uint32_t, uint32_t);
static int is_tiff(const char *);
static int grow(unsigned char **, size_t *, size_t);
static int slurp(const char *, struct bufs *, size_t *);
static uint32_t be32(const unsigned char *);
static long long inflate_png(
    struct libdeflate_decompressor *, struct bufs *, size_t, enum mode);
static TIFF *open_tiff(const char *);
static uint32_t band1_striles(TIFF *);
static long long do_tiff(struct libdeflate_decompressor *, struct bufs *,
    const struct part *, enum mode);
static int quiet(TIFF *, void *, const char *, const char *, va_list);
static void count_tile(const unsigned char *, size_t, uint32_t (*)[256]);
static int paeth(int, int, int);
static long long count_png(unsigned char *, uint32_t, uint32_t, int);
static long long fast_png(unsigned char *, uint32_t, uint32_t, int);
static void *worker(void *);

static void
usage(void)
{
	fputs("usage: bench-floor [-j N] [-s N] "
	      "read|inflate|tiffdec|tiffcount|count|fastcount "
	      "PATH...\n",
	    stderr);
	exit(2);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append dir/name (name alone when dir is NULL) to the file list. */
static int
add_file(struct shared *s, const char *dir, const char *name)
{
	char **q, *f;

	if (s->nfiles == s->fcap) {
		s->fcap = s->fcap ? s->fcap * 2 : 256;
		if ((q = realloc(s->files, s->fcap * sizeof(*q))) == NULL)
			return -1;
		s->files = q;
	}
	if (dir == NULL)
		f = strdup(name);
	else if (asprintf(&f, "%s/%s", dir, name) < 0)
		f = NULL;
	if (f == NULL)
		return -1;
	s->files[s->nfiles++] = f;
	return 0;
}

/* A file, or the files of a directory sorted by name. */
static int
add_path(struct shared *s, const char *path)
{
	struct dirent *e;
	struct stat sb;
	size_t from = s->nfiles;
	DIR *d;

	if (stat(path, &sb) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return add_file(s, NULL, path);
	if ((d = opendir(path)) == NULL) {
		perror(path);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.' && add_file(s, path, e->d_name) != 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	qsort(s->files + from, s->nfiles - from, sizeof(*s->files), cmpstr);
	return 0;
}

static int
add_part(struct shared *s, const char *file, uint32_t first, uint32_t last)
{
	struct part *q;

	if (s->nparts == s->pcap) {
		s->pcap = s->pcap ? s->pcap * 2 : 256;
		if ((q = realloc(s->parts, s->pcap * sizeof(*q))) == NULL)
			return -1;
		s->parts = q;
	}
	s->parts[s->nparts].file = file;
	s->parts[s->nparts].first = first;
	s->parts[s->nparts++].last = last;
	return 0;
}

static int
is_tiff(const char *f)
{
	size_t n = strlen(f);

	return (n > 4 && strcmp(f + n - 4, ".tif") == 0) ||
	    (n > 5 && strcmp(f + n - 5, ".tiff") == 0);
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

/*
 * The same work done the way a tuned decoder does it (a
 * "dedicated PNG path"): one switch per row, not per byte, loops the
 * compiler vectorises (None, Up), a branch-free Paeth, each row counted
 * right after it is unfiltered, while in L1, into four sub-histograms
 * (8-bit) so that runs of one value do not wait on one counter.  No run
 * detection and no skipping of repeated rows: those are mfweights' own
 * ideas, which a floor should not borrow.  Samples, or -1.
 */
static long long
fast_png(unsigned char *o, uint32_t w, uint32_t h, int bd)
{
	static _Thread_local uint64_t d[65536], q[4][256];
	size_t bpp = bd == 16 ? 2 : 1, rb = ((size_t)w * (size_t)bd + 7) / 8;
	unsigned char *r, *p;
	size_t i, x;
	uint32_t y;
	int a, b, c, pa, pb, pc, pr;

	if (bd != 8 && bd != 16)
		return count_png(o, w, h, bd);
	p = o + 1; /* the row above the first is taken as zero below */
	for (y = 0; y < h; y++, p = r) {
		r = o + (size_t)y * (rb + 1) + 1;
		switch (y == 0 && r[-1] >= 2 ? 5 + r[-1] : r[-1]) {
		case 0:
			break;
		case 1:
			for (i = bpp; i < rb; i++)
				r[i] = (unsigned char)(r[i] + r[i - bpp]);
			break;
		case 2:
			for (i = 0; i < rb; i++)
				r[i] = (unsigned char)(r[i] + p[i]);
			break;
		case 3:
			for (i = 0; i < bpp; i++)
				r[i] = (unsigned char)(r[i] + p[i] / 2);
			for (; i < rb; i++)
				r[i] = (unsigned char)(r[i] +
				    ((r[i - bpp] + p[i]) >> 1));
			break;
		case 4:
			for (i = 0; i < bpp; i++)
				r[i] = (unsigned char)(r[i] + p[i]);
			for (; i < rb; i++) {
				a = r[i - bpp];
				b = p[i];
				c = p[i - bpp];
				pa = abs(b - c);
				pb = abs(a - c);
				pc = abs(a + b - 2 * c);
				pr = pb <= pc ? b : c;
				r[i] = (unsigned char)(r[i] +
				    (pa <= pb && pa <= pc ? a : pr));
			}
			break;
		case 7: /* first row: Up is None, Average and Paeth are Sub */
			break;
		case 8:
			for (i = bpp; i < rb; i++)
				r[i] =
				    (unsigned char)(r[i] + (r[i - bpp] >> 1));
			break;
		case 9:
			for (i = bpp; i < rb; i++)
				r[i] = (unsigned char)(r[i] + r[i - bpp]);
			break;
		default:
			return -1;
		}
		if (bd == 16) {
			for (x = 0; x < w; x++)
				d[r[2 * x] << 8 | r[2 * x + 1]]++;
			continue;
		}
		for (x = 0; x + 4 <= w; x += 4) {
			q[0][r[x]]++;
			q[1][r[x + 1]]++;
			q[2][r[x + 2]]++;
			q[3][r[x + 3]]++;
		}
		for (; x < w; x++)
			q[0][r[x]]++;
	}
	for (i = 0; i < 256; i++) {
		d[i] += q[0][i] + q[1][i] + q[2][i] + q[3][i];
		q[0][i] = q[1][i] = q[2][i] = q[3][i] = 0;
	}
	return (long long)w * h;
}

/* Inflate the IDAT data of a PNG in memory: decoded bytes, or -1. */
static long long
inflate_png(struct libdeflate_decompressor *dd, struct bufs *b, size_t n,
    enum mode count)
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
	if (r >= 0 && count == M_COUNT && (ct == 0 || ct == 3))
		r = count_png(b->o, w, h, bd);
	else if (r >= 0 && count == M_FAST && (ct == 0 || ct == 3))
		r = fast_png(b->o, w, h, bd);
	return r;
}

static int
quiet(TIFF *t, void *ud, const char *mod, const char *fmt, va_list ap)
{
	(void)t, (void)ud, (void)mod, (void)fmt, (void)ap;
	return 1;
}

static TIFF *
open_tiff(const char *path)
{
	TIFFOpenOptions *oo;
	TIFF *t;

	if ((oo = TIFFOpenOptionsAlloc()) == NULL)
		return NULL;
	TIFFOpenOptionsSetErrorHandlerExtR(oo, quiet, NULL);
	TIFFOpenOptionsSetWarningHandlerExtR(oo, quiet, NULL);
	t = TIFFOpenExt(path, "rm", oo); /* no mapping, as mfweights */
	TIFFOpenOptionsFree(oo);
	return t;
}

/* Tiles or strips of band 1: all, or the first plane's when separate. */
static uint32_t
band1_striles(TIFF *t)
{
	uint32_t nb =
	    TIFFIsTiled(t) ? TIFFNumberOfTiles(t) : TIFFNumberOfStrips(t);
	uint16_t pc = PLANARCONFIG_CONTIG, spp = 1;

	TIFFGetFieldDefaulted(t, TIFFTAG_PLANARCONFIG, &pc);
	TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLESPERPIXEL, &spp);
	return pc == PLANARCONFIG_SEPARATE && spp > 1 ? nb / spp : nb;
}

/*
 * The TIFF floor's counting: a 32-byte block of one value is added at
 * once, any other byte goes to one of four 32-bit sub-histograms in turn
 * (no store waits on the one before); do_tiff adds them up per part,
 * which cannot overflow below 2^32 samples a part.
 */
static void
count_tile(const unsigned char *o, size_t n, uint32_t (*q)[256])
{
	uint64_t x[4], pat;
	size_t i = 0, k;

	for (; i + 32 <= n; i += 32) {
		pat = o[i] * UINT64_C(0x0101010101010101);
		memcpy(x, o + i, 32);
		if (x[0] == pat && x[1] == pat && x[2] == pat && x[3] == pat) {
			q[0][o[i]] += 32;
			continue;
		}
		for (k = i; k < i + 32; k += 4) {
			q[0][o[k]]++;
			q[1][o[k + 1]]++;
			q[2][o[k + 2]]++;
			q[3][o[k + 3]]++;
		}
	}
	for (; i < n; i++)
		q[0][o[i]]++;
}

/*
 * The tiles or strips of a part of a TIFF: inflated with libdeflate from
 * the raw bytes ("inflate", "count") or decoded by libtiff ("tiffdec").
 * Decoded bytes (counted samples), or -1.
 */
static long long
do_tiff(struct libdeflate_decompressor *dd, struct bufs *b,
    const struct part *p, enum mode mode)
{
	static _Thread_local uint64_t d[256];
	TIFF *t;
	tmsize_t k, outn, rn;
	uint64_t *bc;
	uint32_t i, last;
	size_t got;
	long long r = 0;
	int tiled;

	if (b->tifpath != p->file) {
		if (b->tif != NULL)
			TIFFClose(b->tif);
		b->tifpath = p->file;
		b->tif = open_tiff(p->file);
	}
	if ((t = b->tif) == NULL)
		return -1;
	tiled = TIFFIsTiled(t);
	last = band1_striles(t);
	if (p->last != 0 && p->last < last)
		last = p->last;
	outn = tiled ? TIFFTileSize(t) : TIFFStripSize(t);
	if (outn <= 0 || grow(&b->o, &b->ocap, (size_t)outn) != 0)
		return -1;
	if (mode == M_TIFFDEC || mode == M_TIFFCOUNT) {
		static _Thread_local uint32_t q[4][256];
		uint16_t bps = 8;

		TIFFGetFieldDefaulted(t, TIFFTAG_BITSPERSAMPLE, &bps);
		if (mode == M_TIFFCOUNT && bps != 8)
			return -2;
		for (i = p->first; i < last; i++) {
			rn = tiled ? TIFFReadEncodedTile(t, i, b->o, outn)
				   : TIFFReadEncodedStrip(t, i, b->o, outn);
			if (rn < 0)
				return -1;
			if (mode == M_TIFFCOUNT)
				count_tile(b->o, (size_t)rn, q);
			r += (long long)rn;
		}
		for (k = 0; mode == M_TIFFCOUNT && k < 256; k++) {
			d[k] += (uint64_t)q[0][k] + q[1][k] + q[2][k] + q[3][k];
			q[0][k] = q[1][k] = q[2][k] = q[3][k] = 0;
		}
		return r;
	}
	if (!TIFFGetField(t,
		tiled ? TIFFTAG_TILEBYTECOUNTS : TIFFTAG_STRIPBYTECOUNTS, &bc))
		return -1;
	for (i = p->first; i < last; i++) {
		if (grow(&b->raw, &b->rawcap, (size_t)bc[i]) != 0)
			return -1;
		rn = tiled ? TIFFReadRawTile(t, i, b->raw, (tmsize_t)bc[i])
			   : TIFFReadRawStrip(t, i, b->raw, (tmsize_t)bc[i]);
		if (rn < 0 ||
		    libdeflate_zlib_decompress(dd, b->raw, (size_t)rn, b->o,
			(size_t)outn, &got) != LIBDEFLATE_SUCCESS)
			return -1;
		if (mode == M_COUNT || mode == M_FAST)
			for (k = 0; k < (tmsize_t)got; k++)
				d[b->o[k]]++;
		r += (long long)got;
	}
	return r;
}

static void *
worker(void *arg)
{
	struct shared *s = arg;
	struct libdeflate_decompressor *dd = libdeflate_alloc_decompressor();
	const struct part *p;
	struct bufs b;
	size_t i, n;
	long long r;

	memset(&b, 0, sizeof(b));
	if (dd == NULL) {
		atomic_fetch_add(&s->fails, 1);
		return NULL;
	}
	while ((i = atomic_fetch_add(&s->next, 1)) < s->nparts) {
		p = &s->parts[i];
		if (s->mode != M_READ && is_tiff(p->file)) {
			r = do_tiff(dd, &b, p, s->mode);
		} else if (s->mode == M_TIFFDEC || s->mode == M_TIFFCOUNT) {
			atomic_fetch_add(&s->skips, 1);
			continue;
		} else {
			if (slurp(p->file, &b, &n) != 0) {
				atomic_fetch_add(&s->fails, 1);
				continue;
			}
			r = s->mode == M_READ ? (long long)n
					      : inflate_png(dd, &b, n, s->mode);
		}
		if (r == -2)
			atomic_fetch_add(&s->skips, 1);
		else if (r < 0)
			atomic_fetch_add(&s->fails, 1);
		else
			atomic_fetch_add(&s->bytes, (unsigned long long)r);
	}
	if (b.tif != NULL)
		TIFFClose(b.tif);
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
	TIFF *t;
	size_t f;
	long split = 0;
	uint32_t nb, i, last;
	int c, j = 1, k;

	while ((c = getopt(argc, argv, "j:s:")) != -1) {
		if (c == 'j' && (j = atoi(optarg)) >= 1 && j <= 64)
			continue;
		if (c == 's' && (split = atol(optarg)) >= 0 &&
		    split <= UINT32_MAX)
			continue;
		usage();
	}
	if (argc - optind < 2)
		usage();
	memset(&s, 0, sizeof(s));
	if (strcmp(argv[optind], "read") == 0)
		s.mode = M_READ;
	else if (strcmp(argv[optind], "inflate") == 0)
		s.mode = M_INFLATE;
	else if (strcmp(argv[optind], "tiffdec") == 0)
		s.mode = M_TIFFDEC;
	else if (strcmp(argv[optind], "count") == 0)
		s.mode = M_COUNT;
	else if (strcmp(argv[optind], "fastcount") == 0)
		s.mode = M_FAST;
	else if (strcmp(argv[optind], "tiffcount") == 0)
		s.mode = M_TIFFCOUNT;
	else
		usage();
	for (k = optind + 1; k < argc; k++)
		if (add_path(&s, argv[k]) != 0)
			return 1;
	for (f = 0; f < s.nfiles; f++) {
		nb = 0;
		if (split > 0 && s.mode != M_READ && is_tiff(s.files[f]) &&
		    (t = open_tiff(s.files[f])) != NULL) {
			nb = band1_striles(t);
			TIFFClose(t);
		}
		if (nb == 0) {
			if (add_part(&s, s.files[f], 0, 0) != 0)
				return 1;
			continue;
		}
		for (i = 0; i < nb; i = last) {
			last = nb - i < split ? nb : i + (uint32_t)split;
			if (add_part(&s, s.files[f], i, last) != 0)
				return 1;
		}
	}
	for (k = 0; k < j; k++)
		if (pthread_create(&tid[k], NULL, worker, &s) != 0)
			return 1;
	for (k = 0; k < j; k++)
		pthread_join(tid[k], NULL);
	printf("%zu files, %zu parts, %llu bytes, %d failed, %d skipped\n",
	    s.nfiles, s.nparts, (unsigned long long)atomic_load(&s.bytes),
	    atomic_load(&s.fails), atomic_load(&s.skips));
	return atomic_load(&s.fails) ? 1 : 0;
}
