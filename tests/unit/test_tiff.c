/*
 * test_tiff.c: the TIFF decoder (src/decode_tiff.c) against exact
 * histograms, and against bad files.
 *
 * Good files are written with the writer of tests/tools/mktiff.c (included
 * below), which also returns the histogram of the band it wrote; every
 * layout the decoder handles is checked: bit depths, signed and float
 * samples, strips, one strip, tiles with clipped edges, codecs, planar
 * separate, palette, MinIsWhite, gray+alpha, --band, BigTIFF, big-endian,
 * GDAL_NODATA.  Bad files are built byte by byte (raw_build) or cut from a
 * good file whose directory comes before its data (relayout), so that a
 * truncation or a flipped byte lands in the pixel data: each must end as
 * DEC_BAD (or, for a flipped byte, possibly DEC_OK) without a crash, fast
 * and in bounded memory.  Run with no arguments from any directory; files
 * go to a mkdtemp directory that is removed at the end.  With
 * TEST_TIFF_VERBOSE set in the environment, every refusal is printed.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "count.h"
#include "decode.h"

#define MKTIFF_NO_MAIN
#include "../tools/mktiff.c"

/* A strip or tile file laid out header, IFD, arrays, data. */
struct rawimg {
	uint32_t w, h, bps, spp, sfmt, comp, photo, planar, pred;
	uint32_t rps;          /* strips: rows per strip */
	uint32_t tw, th;       /* tiles, if tw != 0 */
	uint32_t n;            /* striles */
	const uint32_t *sizes; /* bytes of each */
	const uint8_t *data;   /* all striles, concatenated */
	uint32_t next_ifd;     /* offset of IFD 1, 0 = none */
};

/* Where raw_build put things. */
struct rawpos {
	size_t offsets; /* first strile offset */
	size_t counts;  /* first strile byte count */
	size_t data;    /* first strile */
	size_t size;    /* whole file */
};

static int nfail, ncheck, verbose;
static char dir[64];
static struct fhist hist;
static struct dec_opts opts;

static void fail(const char *, ...) __attribute__((format(printf, 1, 2)));
static void check(int, const char *, ...) __attribute__((format(printf, 2, 3)));
static void put16(uint8_t *, uint32_t);
static void put32(uint8_t *, uint32_t);
static uint8_t *raw_build(const struct rawimg *, struct rawpos *);
static int quiet(TIFF *, void *, const char *, const char *, va_list);
static uint8_t *relayout(const char *, struct rawpos *);
static int write_file(const char *, const uint8_t *, size_t);
static int write_mkt(const struct mkt *, const char *, struct mkt_hist *);
static void clear_hist(void);
static enum dec_status decode(const char *, int, int, char *);
static uint64_t got_count(int64_t);
static int same_hist(const struct mkt *, const struct mkt_hist *, int);
static void good(const char *, const struct mkt *, int, int);
static void test_probe(void);
static void test_layouts(void);
static void test_types(void);
static void test_bands(void);
static void test_nodata(void);
static void test_refused(void);
static void test_truncated(void);
static void test_flipped(void);
static void test_hostile(void);
static long maxrss_kb(void);

static void
fail(const char *fmt, ...)
{
	va_list ap;

	nfail++;
	fputs("FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void
check(int ok, const char *fmt, ...)
{
	va_list ap;

	ncheck++;
	if (ok)
		return;
	nfail++;
	fputs("FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* A classic little-endian TIFF of one IFD at offset 8, before the data.
 * Returns a malloc'd buffer of pos->size bytes. */
static uint8_t *
raw_build(const struct rawimg *r, struct rawpos *pos)
{
	struct {
		uint16_t tag, type;
		uint32_t count, val;
	} e[20];
	size_t ne = 0, i, ifd = 8, arr, data, total;
	uint32_t off;
	uint8_t *b;
	int tiled = r->tw != 0;

#define TAG(t, ty, c, v)                                                       \
	(e[ne].tag = (t), e[ne].type = (ty), e[ne].count = (c),                \
	    e[ne].val = (v), ne++)
	TAG(256, 4, 1, r->w);
	TAG(257, 4, 1, r->h);
	TAG(258, 3, 1, r->bps);
	TAG(259, 3, 1, r->comp);
	TAG(262, 3, 1, r->photo);
	if (!tiled)
		TAG(273, 4, r->n, 0);
	TAG(277, 3, 1, r->spp);
	if (!tiled) {
		TAG(278, 4, 1, r->rps);
		TAG(279, 4, r->n, 0);
	}
	TAG(284, 3, 1, r->planar);
	if (r->pred != 0)
		TAG(317, 3, 1, r->pred);
	if (tiled) {
		TAG(322, 4, 1, r->tw);
		TAG(323, 4, 1, r->th);
		TAG(324, 4, r->n, 0);
		TAG(325, 4, r->n, 0);
	}
	if (r->sfmt != 0)
		TAG(339, 3, 1, r->sfmt);
#undef TAG
	arr = ifd + 2 + 12 * ne + 4;
	data = arr + (r->n > 1 ? 8 * (size_t)r->n : 0);
	total = data;
	for (i = 0; i < r->n; i++)
		total += r->sizes[i];
	if ((b = calloc(1, total)) == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	memcpy(b, "II*\0", 4);
	put32(b + 4, (uint32_t)ifd);
	put16(b + ifd, (uint32_t)ne);
	for (i = 0; i < ne; i++) {
		uint8_t *p = b + ifd + 2 + 12 * i;

		put16(p, e[i].tag);
		put16(p + 2, e[i].type);
		put32(p + 4, e[i].count);
		if (e[i].tag == 273 || e[i].tag == 324 || e[i].tag == 279 ||
		    e[i].tag == 325) {
			int isoff = e[i].tag == 273 || e[i].tag == 324;
			size_t at =
			    r->n > 1 ? arr + (isoff ? 0 : 4 * (size_t)r->n) : 0;

			if (r->n > 1)
				put32(p + 8, (uint32_t)at);
			else
				at = (size_t)(p + 8 - b);
			if (isoff)
				pos->offsets = at;
			else
				pos->counts = at;
		} else if (e[i].type == 3)
			put16(p + 8, e[i].val);
		else
			put32(p + 8, e[i].val);
	}
	put32(b + ifd + 2 + 12 * ne, r->next_ifd);
	off = (uint32_t)data;
	for (i = 0; i < r->n; i++) {
		put32(b + pos->offsets + 4 * i, off);
		put32(b + pos->counts + 4 * i, r->sizes[i]);
		off += r->sizes[i];
	}
	if (total > data)
		memcpy(b + data, r->data, total - data);
	pos->data = data;
	pos->size = total;
	return b;
}

static int
quiet(TIFF *tif, void *ud, const char *module, const char *fmt, va_list ap)
{
	(void)tif;
	(void)ud;
	(void)module;
	(void)fmt;
	(void)ap;
	return 1;
}

/* The file at path (written by mkt_write; no palette, no extra samples)
 * with its compressed striles copied behind a raw_build directory. */
static uint8_t *
relayout(const char *path, struct rawpos *pos)
{
	TIFFOpenOptions *o = TIFFOpenOptionsAlloc();
	struct rawimg r;
	uint32_t *sizes, i;
	uint8_t *data, *b;
	uint64_t total = 0, at = 0;
	uint16_t v16;
	TIFF *tif;

	TIFFOpenOptionsSetErrorHandlerExtR(o, quiet, NULL);
	TIFFOpenOptionsSetWarningHandlerExtR(o, quiet, NULL);
	tif = TIFFOpenExt(path, "r", o);
	TIFFOpenOptionsFree(o);
	if (tif == NULL) {
		fprintf(stderr, "relayout: cannot open %s\n", path);
		exit(1);
	}
	memset(&r, 0, sizeof r);
	TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &r.w);
	TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &r.h);
#define GET16(tag, dst) (TIFFGetFieldDefaulted(tif, (tag), &v16), (dst) = v16)
	GET16(TIFFTAG_BITSPERSAMPLE, r.bps);
	GET16(TIFFTAG_SAMPLESPERPIXEL, r.spp);
	GET16(TIFFTAG_SAMPLEFORMAT, r.sfmt);
	GET16(TIFFTAG_COMPRESSION, r.comp);
	GET16(TIFFTAG_PLANARCONFIG, r.planar);
	GET16(TIFFTAG_PREDICTOR, r.pred);
#undef GET16
	TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &v16);
	r.photo = v16;
	if (r.pred == 1)
		r.pred = 0;
	if (TIFFIsTiled(tif)) {
		TIFFGetField(tif, TIFFTAG_TILEWIDTH, &r.tw);
		TIFFGetField(tif, TIFFTAG_TILELENGTH, &r.th);
		r.n = TIFFNumberOfTiles(tif);
	} else {
		TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &r.rps);
		r.n = TIFFNumberOfStrips(tif);
	}
	sizes = calloc(r.n, sizeof *sizes);
	for (i = 0; i < r.n; i++)
		total += sizes[i] = (uint32_t)TIFFGetStrileByteCount(tif, i);
	data = malloc(total ? total : 1);
	if (sizes == NULL || data == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	for (i = 0; i < r.n; i++) {
		tmsize_t got = TIFFIsTiled(tif)
		    ? TIFFReadRawTile(tif, i, data + at, sizes[i])
		    : TIFFReadRawStrip(tif, i, data + at, sizes[i]);

		if (got != (tmsize_t)sizes[i]) {
			fprintf(stderr, "relayout: short strile\n");
			exit(1);
		}
		at += sizes[i];
	}
	TIFFClose(tif);
	r.sizes = sizes;
	r.data = data;
	b = raw_build(&r, pos);
	free(sizes);
	free(data);
	return b;
}

/* Unlinked first: ext4 flushes a file truncated and rewritten on close
 * (auto_da_alloc), which made this test 20 times slower. */
static int
write_file(const char *path, const uint8_t *b, size_t n)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "wb");

	if (f == NULL || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(1);
	}
	return 0;
}

/* mkt_write to a fresh file (see write_file). */
static int
write_mkt(const struct mkt *m, const char *path, struct mkt_hist *e)
{
	unlink(path);
	return mkt_write(m, path, e);
}

static void
clear_hist(void)
{
	uint64_t *dense = hist.dense;
	struct xval *extra = hist.extra;
	size_t cap = hist.capextra;

	memset(dense, 0, MFW_DENSE * sizeof *dense);
	memset(&hist, 0, sizeof hist);
	hist.dense = dense;
	hist.extra = extra;
	hist.capextra = cap;
}

/* Run the decoder on a file, as a worker would, with the descriptor
 * deliberately not at offset 0. */
static enum dec_status
decode(const char *path, int band, int no_nodata, char *err)
{
	struct dec_ctx ctx;
	unsigned char head[DEC_HEADLEN];
	enum dec_status st;
	ssize_t n;

	clear_hist();
	memset(&ctx, 0, sizeof ctx);
	opts.band = band;
	opts.no_nodata = no_nodata;
	ctx.o = &opts;
	ctx.path = path;
	ctx.h = &hist;
	if ((ctx.fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
	n = read(ctx.fd, head, sizeof head);
	if (n < 4 || !dec_tiff.probe(head, (size_t)n)) {
		close(ctx.fd);
		snprintf(err, DEC_ERRLEN, "probe failed");
		return DEC_NOTMASK;
	}
	st = dec_tiff.count(&ctx);
	check(st == DEC_OK || ctx.err[0] != '\0', "%s: status %d, no reason",
	    path, st);
	check(strchr(ctx.err, '\n') == NULL, "%s: newline in reason", path);
	close(ctx.fd);
	if (verbose && st != DEC_OK)
		printf("    status %d: %s\n", st, ctx.err);
	snprintf(err, DEC_ERRLEN, "%s", ctx.err);
	return st;
}

/* Pixels of value v in the histogram. */
static uint64_t
got_count(int64_t v)
{
	size_t i;
	uint64_t n = 0;

	if (v >= 0 && v < MFW_DENSE)
		return hist.dense[v];
	for (i = 0; i < hist.nextra; i++)
		if (hist.extra[i].v == v)
			n += hist.extra[i].n;
	return n;
}

/* The decoded histogram equals the written one; nd_float: NaN and
 * fractions were declared nodata (else they are non-integral). */
static int
same_hist(const struct mkt *m, const struct mkt_hist *e, int nd_float)
{
	uint64_t want = 0, got = 0, v;
	uint32_t l;
	size_t i;

	for (l = 0; l < m->classes; l++) {
		want += e->n[l];
		if (got_count(mkt_value(m, l)) != e->n[l]) {
			printf("    value %lld: got %llu, want %llu\n",
			    (long long)mkt_value(m, l),
			    (unsigned long long)got_count(mkt_value(m, l)),
			    (unsigned long long)e->n[l]);
			return 0;
		}
	}
	for (i = 0; i < MFW_DENSE; i++) {
		got += hist.dense[i];
		if (hist.dense[i] != 0 && i > hist.maxbin) {
			printf("    bin %zu above maxbin %u\n", i,
			    (unsigned)hist.maxbin);
			return 0;
		}
	}
	for (i = 0; i < hist.nextra; i++)
		got += hist.extra[i].n;
	if (got != want) {
		printf("    %llu samples counted, want %llu\n",
		    (unsigned long long)got, (unsigned long long)want);
		return 0;
	}
	v = nd_float ? hist.nodata_extra : hist.nonint;
	if (v != e->nan + e->frac ||
	    (nd_float ? hist.nonint : hist.nodata_extra) != 0) {
		printf("    nonint %llu, nodata_extra %llu, want %llu\n",
		    (unsigned long long)hist.nonint,
		    (unsigned long long)hist.nodata_extra,
		    (unsigned long long)(e->nan + e->frac));
		return 0;
	}
	return hist.width == m->w && hist.height == m->h &&
	    hist.bits == m->bits &&
	    hist.sample_float == (m->sfmt == SAMPLEFORMAT_IEEEFP);
}

/* Write m, decode it (band 0 = automatic) and compare. */
static void
good(const char *what, const struct mkt *m, int band, int nd_float)
{
	char path[128], err[DEC_ERRLEN];
	struct mkt_hist e;
	enum dec_status st;

	snprintf(path, sizeof path, "%s/good.tif", dir);
	e.n = calloc(m->classes, sizeof *e.n);
	e.nan = e.frac = 0;
	if (e.n == NULL || write_mkt(m, path, &e) != 0) {
		fail("%s: cannot write", what);
		free(e.n);
		return;
	}
	st = decode(path, band, 0, err);
	if (st != DEC_OK)
		fail("%s: status %d: %s", what, st, err);
	else
		check(same_hist(m, &e, nd_float), "%s: histogram", what);
	free(e.n);
}

static void
test_probe(void)
{
	static const struct {
		const char *head;
		int want;
	} t[] = {{"II*\0", 1}, {"MM\0*", 1}, {"II+\0", 1}, {"MM\0+", 1},
	    {"II\0*", 0}, {"MM*\0", 0}, {"\x89PNG", 0}, {"II*", 0}, {"", 0}};
	size_t i, n;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		n = i == 7 ? 3 : i == 8 ? 0 : 4;
		check(dec_tiff.probe((const unsigned char *)t[i].head, n) ==
			t[i].want,
		    "probe %zu", i);
	}
}

/* Bit depths x strip/tile layouts x codecs, and the row-by-row path. */
static void
test_layouts(void)
{
	static const int bits[] = {1, 2, 4, 8, 16};
	static const int codecs[] = {COMPRESSION_NONE, COMPRESSION_LZW,
	    COMPRESSION_ADOBE_DEFLATE, COMPRESSION_PACKBITS, COMPRESSION_ZSTD,
	    COMPRESSION_LZMA};
	static const struct {
		long rows;
		uint32_t tw, th;
	} lay[] = {{-1, 0, 0}, {0, 0, 0}, {7, 0, 0}, {1, 0, 0}, {0, 16, 16},
	    {0, 32, 16}, {0, 128, 128}};
	char what[128];
	struct mkt m;
	size_t b, c, l;

	for (b = 0; b < sizeof bits / sizeof bits[0]; b++)
		for (l = 0; l < sizeof lay / sizeof lay[0]; l++)
			for (c = 0; c < sizeof codecs / sizeof codecs[0]; c++) {
				mkt_defaults(&m);
				m.w = 77;
				m.h = 41;
				m.bits = bits[b];
				m.classes = bits[b] < 4 ? 1u << bits[b] : 13;
				m.seed = (uint32_t)(b * 100 + l * 10 + c);
				m.rows = lay[l].rows;
				m.tw = lay[l].tw;
				m.th = lay[l].th;
				m.comp = codecs[c];
				m.bigtiff = c == 2;
				m.bigendian = c == 3;
				if (bits[b] == 16 &&
				    (codecs[c] == COMPRESSION_LZW ||
					codecs[c] == COMPRESSION_LZMA))
					m.predictor = 2;
				snprintf(what, sizeof what,
				    "bits %d layout "
				    "%zu codec %d",
				    bits[b], l, codecs[c]);
				good(what, &m, 0, 0);
			}

	/* A strip over STRIP_MAX (8 MiB), read row by row; DEFLATE strips
	 * are read whole up to DEFLATE_MAX (64 MiB). */
	mkt_defaults(&m);
	m.w = 2048;
	m.h = 2100;
	m.bits = 16;
	m.classes = 3000;
	m.pattern = 1;
	m.rows = 0;
	m.comp = COMPRESSION_LZW;
	good("one 8.6 MB LZW strip", &m, 0, 0);
	m.comp = COMPRESSION_ADOBE_DEFLATE;
	good("one 8.6 MB deflate strip, whole", &m, 0, 0);
	m.comp = COMPRESSION_NONE;
	m.planar = PLANARCONFIG_SEPARATE;
	m.spp = 2;
	m.band = 2;
	good("one 8.6 MB raw strip, plane 2", &m, 2, 0);
}

/* Signed, wide and float samples. */
static void
test_types(void)
{
	static const struct {
		int bits, sfmt, comp, pred, be;
		uint32_t classes;
		int64_t offset;
	} t[] = {
	    {8, SAMPLEFORMAT_INT, COMPRESSION_NONE, 0, 0, 200, 0},
	    {16, SAMPLEFORMAT_INT, COMPRESSION_LZW, 2, 1, 3000, 0},
	    {32, SAMPLEFORMAT_UINT, COMPRESSION_ADOBE_DEFLATE, 2, 0, 70000,
		100},
	    {32, SAMPLEFORMAT_INT, COMPRESSION_ZSTD, 0, 1, 500, 0},
	    {64, SAMPLEFORMAT_UINT, COMPRESSION_NONE, 0, 1, 300,
		INT64_C(1) << 40},
	    {64, SAMPLEFORMAT_INT, COMPRESSION_LZMA, 0, 0, 300, 0},
	    {32, SAMPLEFORMAT_IEEEFP, COMPRESSION_ADOBE_DEFLATE, 3, 0, 20, 0},
	    {64, SAMPLEFORMAT_IEEEFP, COMPRESSION_LZW, 3, 0, 20, 0},
	    {64, SAMPLEFORMAT_IEEEFP, COMPRESSION_ZSTD, 2, 1, 20, 0},
	    {32, SAMPLEFORMAT_IEEEFP, COMPRESSION_NONE, 0, 1, 70000, 0},
	};
	char what[128];
	struct mkt m;
	size_t i;
	int tiled;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		for (tiled = 0; tiled < 2; tiled++) {
			mkt_defaults(&m);
			m.w = 53;
			m.h = 37;
			m.bits = t[i].bits;
			m.sfmt = t[i].sfmt;
			m.comp = t[i].comp;
			m.predictor = t[i].pred;
			m.bigendian = t[i].be;
			m.classes = t[i].classes;
			m.offset = t[i].offset;
			m.rows = 5;
			m.tw = m.th = tiled ? 16 : 0;
			if (m.sfmt == SAMPLEFORMAT_IEEEFP) {
				m.nan_every = 7;
				m.frac_every = 5;
			}
			snprintf(
			    what, sizeof what, "type %zu tiled %d", i, tiled);
			good(what, &m, 0, 0);
		}
}

/* Palette, MinIsWhite, gray+alpha, --band, contiguous and separate. */
static void
test_bands(void)
{
	char what[128], path[128], err[DEC_ERRLEN];
	struct mkt m;
	int b, sep, bits;
	enum dec_status st;

	for (bits = 1; bits <= 16; bits *= 2) {
		mkt_defaults(&m);
		m.photo = PHOTOMETRIC_PALETTE;
		m.bits = bits;
		m.classes = bits < 8 ? 1u << bits : 200;
		snprintf(what, sizeof what, "palette %d-bit", bits);
		good(what, &m, 0, 0);
		m.photo = PHOTOMETRIC_MINISWHITE;
		snprintf(what, sizeof what, "miniswhite %d-bit", bits);
		good(what, &m, 0, 0);
	}
	for (sep = 0; sep < 2; sep++) {
		mkt_defaults(&m);
		m.spp = 2;
		m.alpha = 1;
		m.planar = sep ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG;
		m.tw = m.th = sep ? 0 : 16;
		m.bits = sep ? 16 : 4;
		good(
		    sep ? "gray+alpha separate" : "gray+alpha tiled", &m, 0, 0);
		for (b = 1; b <= 4; b++) {
			mkt_defaults(&m);
			m.w = 45;
			m.h = 29;
			m.spp = 4;
			m.band = b;
			m.classes = 16;
			m.planar =
			    sep ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG;
			for (bits = 2; bits <= 64; bits *= 2) {
				m.bits = bits;
				m.classes = bits < 4 ? 1u << bits : 16;
				m.tw = m.th = bits == 16 ? 16 : 0;
				m.rows = bits == 8 ? 0 : 3;
				m.comp = bits == 32 ? COMPRESSION_LZW
						    : COMPRESSION_NONE;
				snprintf(what, sizeof what,
				    "%d-bit band %d "
				    "of 4, %s",
				    bits, b, sep ? "separate" : "contiguous");
				good(what, &m, b, 0);
			}
		}
	}
	mkt_defaults(&m);
	m.photo = PHOTOMETRIC_RGB;
	m.spp = 3;
	m.band = 2;
	good("band 2 of RGB", &m, 2, 0);

	/* Without --band: refused, saying why. */
	snprintf(path, sizeof path, "%s/good.tif", dir);
	write_mkt(&m, path, NULL);
	st = decode(path, 0, 0, err);
	check(st == DEC_BAD && strstr(err, "RGB mask") != NULL &&
		strstr(err, "--band") != NULL,
	    "RGB refused: %d %s", st, err);
	st = decode(path, 4, 0, err);
	check(st == DEC_BAD && strstr(err, "band 4") != NULL,
	    "band 4 of 3: %d %s", st, err);
	mkt_defaults(&m);
	m.spp = 3;
	write_mkt(&m, path, NULL);
	st = decode(path, 0, 0, err);
	check(st == DEC_BAD && strstr(err, "multi-band") != NULL &&
		strstr(err, "--band") != NULL,
	    "3 bands refused: %d %s", st, err);
	m.spp = 2;
	write_mkt(&m, path, NULL);
	st = decode(path, 0, 0, err);
	check(st == DEC_BAD && strstr(err, "--band") != NULL,
	    "2 bands without alpha refused: %d %s", st, err);
	m.spp = 1;
	write_mkt(&m, path, NULL);
	st = decode(path, 2, 0, err);
	check(st == DEC_BAD && strstr(err, "band 2") != NULL,
	    "band 2 of 1: %d %s", st, err);
}

/* GDAL_NODATA: integral values, NaN and fractions, --no-nodata. */
static void
test_nodata(void)
{
	static const struct {
		const char *text;
		int sfmt, has;
		int64_t val;
		int ndfloat; /* NaN/fraction samples become nodata */
	} t[] = {
	    {"3", SAMPLEFORMAT_UINT, 1, 3, 0},
	    {"255", SAMPLEFORMAT_UINT, 1, 255, 0},
	    {"255.0", SAMPLEFORMAT_UINT, 1, 255, 0},
	    {" 0 ", SAMPLEFORMAT_UINT, 1, 0, 0},
	    {"-9999", SAMPLEFORMAT_INT, 1, -9999, 0},
	    {"-2", SAMPLEFORMAT_INT, 1, -2, 0},
	    {"nan", SAMPLEFORMAT_IEEEFP, 0, 0, 1},
	    {"NaN", SAMPLEFORMAT_IEEEFP, 0, 0, 1},
	    {"-3.4028234663852886e+38", SAMPLEFORMAT_IEEEFP, 0, 0, 0},
	    {"4", SAMPLEFORMAT_IEEEFP, 1, 4, 0},
	    {"nan", SAMPLEFORMAT_UINT, 0, 0, 0},
	    {"0.5", SAMPLEFORMAT_UINT, 0, 0, 0},
	};
	/* Text that is no number: GDAL reads a prefix of it, or 0, so the
	 * TIFF reader refuses the file, unless --no-nodata. */
	static const char *const junk[] = {"junk", "", "5abc", "5 6"};
	char what[128], path[128], err[DEC_ERRLEN];
	struct mkt m;
	size_t i;
	enum dec_status st;

	snprintf(path, sizeof path, "%s/good.tif", dir);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		mkt_defaults(&m);
		m.sfmt = t[i].sfmt;
		m.bits = m.sfmt == SAMPLEFORMAT_IEEEFP ? 32 : 16;
		m.nodata = t[i].text;
		m.tw = m.th = i % 2 ? 16 : 0;
		if (m.sfmt == SAMPLEFORMAT_IEEEFP)
			m.nan_every = 9;
		snprintf(what, sizeof what, "nodata '%s'", t[i].text);
		good(what, &m, 0, t[i].ndfloat);
		check(hist.has_nodata == t[i].has &&
			(!t[i].has || hist.nodata == t[i].val),
		    "%s: has_nodata %d nodata %lld", what, hist.has_nodata,
		    (long long)hist.nodata);
		st = decode(path, 0, 1, err);
		check(
		    st == DEC_OK && !hist.has_nodata && hist.nodata_extra == 0,
		    "%s with --no-nodata", what);
	}
	for (i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		struct mkt_hist e = {NULL, 0, 0};

		mkt_defaults(&m);
		m.nodata = junk[i];
		e.n = calloc(m.classes, sizeof *e.n);
		snprintf(what, sizeof what, "nodata '%s'", junk[i]);
		if (e.n == NULL || write_mkt(&m, path, &e) != 0) {
			fail("%s: cannot write", what);
			free(e.n);
			continue;
		}
		free(e.n);
		st = decode(path, 0, 0, err);
		check(st != DEC_OK && strstr(err, "GDAL_NODATA") != NULL,
		    "%s: refused", what);
		st = decode(path, 0, 1, err);
		check(st == DEC_OK, "%s with --no-nodata", what);
	}
	/* A fractional nodata matches those samples exactly. */
	mkt_defaults(&m);
	m.sfmt = SAMPLEFORMAT_IEEEFP;
	m.bits = 64;
	m.frac_every = 3;
	m.classes = 1;
	m.nodata = "0.5";
	good("nodata 0.5, float64", &m, 0, 1);
}

/* Files that are TIFF but not countable. */
static void
test_refused(void)
{
	static const uint8_t px[256];
	static const uint32_t sz64[] = {sizeof px};
	static const struct {
		const char *what;
		uint32_t w, h, bps, spp, sfmt, photo;
		const char *reason;
	} t[] = {
	    {"12-bit", 8, 8, 12, 1, 1, 1, "unsupported sample type"},
	    {"16-bit float", 8, 4, 16, 1, 3, 1, "unsupported sample type"},
	    {"signed 4-bit", 8, 8, 4, 1, 2, 1, "unsupported sample type"},
	    {"complex", 8, 2, 32, 1, 6, 1, "sample format"},
	    {"YCbCr", 8, 8, 8, 3, 1, 6, "YCbCr"},
	    {"CMYK", 4, 4, 8, 4, 1, 5, "RGB mask"},
	};
	char path[128], err[DEC_ERRLEN];
	struct rawimg r;
	struct rawpos pos;
	struct mkt m;
	uint8_t *b;
	size_t i;
	enum dec_status st;

	snprintf(path, sizeof path, "%s/bad.tif", dir);
	mkt_defaults(&m);
	m.comp = COMPRESSION_JPEG;
	m.rows = 16;
	write_mkt(&m, path, NULL);
	st = decode(path, 0, 0, err);
	check(st == DEC_BAD && strstr(err, "JPEG") != NULL &&
		strstr(err, "lossy") != NULL,
	    "JPEG refused: %d %s", st, err);

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&r, 0, sizeof r);
		r.w = t[i].w;
		r.h = t[i].h;
		r.bps = t[i].bps;
		r.spp = t[i].spp;
		r.sfmt = t[i].sfmt;
		r.photo = t[i].photo;
		r.comp = 1;
		r.planar = 1;
		r.rps = r.h;
		r.n = 1;
		r.sizes = sz64;
		r.data = px;
		b = raw_build(&r, &pos);
		write_file(path, b, pos.size);
		free(b);
		st = decode(path, 0, 0, err);
		check(st == DEC_BAD && strstr(err, t[i].reason) != NULL,
		    "%s refused: %d %s", t[i].what, st, err);
	}
}

/* Truncated at every byte of the data region, every layout and codec. */
static void
test_truncated(void)
{
	static const int codecs[] = {COMPRESSION_NONE, COMPRESSION_LZW,
	    COMPRESSION_ADOBE_DEFLATE, COMPRESSION_PACKBITS, COMPRESSION_ZSTD,
	    COMPRESSION_LZMA};
	char src[128], path[128], err[DEC_ERRLEN];
	struct rawpos pos;
	struct mkt m;
	uint8_t *b;
	size_t c, cut, step;
	int tiled, bad;
	enum dec_status st;

	snprintf(src, sizeof src, "%s/src.tif", dir);
	snprintf(path, sizeof path, "%s/cut.tif", dir);
	for (c = 0; c < sizeof codecs / sizeof codecs[0]; c++)
		for (tiled = 0; tiled < 3; tiled++) {
			mkt_defaults(&m);
			m.w = 40;
			m.h = 35;
			m.bits = 16;
			m.classes = 300;
			m.comp = codecs[c];
			m.rows = tiled == 2 ? 0 : 8;
			m.tw = m.th = tiled == 1 ? 16 : 0;
			write_mkt(&m, src, NULL);
			b = relayout(src, &pos);
			write_file(path, b, pos.size);
			st = decode(path, 0, 0, err);
			check(st == DEC_OK, "relayout codec %d: %d %s",
			    codecs[c], st, err);
			step = (pos.size - pos.data) / 40 + 1;
			bad = 0;
			for (cut = 8; cut < pos.size;
			     cut += cut < pos.data ? 7 : step) {
				write_file(path, b, cut);
				st = decode(path, 0, 0, err);
				if (st != DEC_BAD && !bad++)
					fail("codec %d tiled %d cut at %zu of "
					     "%zu: status %d",
					    codecs[c], tiled, cut, pos.size,
					    st);
				ncheck++;
			}
			write_file(path, b, pos.size - 1);
			st = decode(path, 0, 0, err);
			check(st == DEC_BAD &&
				strstr(err, tiled == 1 ? "tile" : "strip") !=
				    NULL,
			    "last byte cut, codec "
			    "%d: %d %s",
			    codecs[c], st, err);
			free(b);
		}
}

/* Every byte of small files flipped in turn: never a crash. */
static void
test_flipped(void)
{
	static const int codecs[] = {COMPRESSION_LZW, COMPRESSION_ADOBE_DEFLATE,
	    COMPRESSION_PACKBITS, COMPRESSION_ZSTD, COMPRESSION_LZMA,
	    COMPRESSION_NONE};
	char src[128], path[128], err[DEC_ERRLEN];
	struct rawpos pos;
	struct mkt m;
	uint8_t *b;
	size_t c, i;
	enum dec_status st;

	snprintf(src, sizeof src, "%s/src.tif", dir);
	snprintf(path, sizeof path, "%s/flip.tif", dir);
	for (c = 0; c < sizeof codecs / sizeof codecs[0]; c++) {
		mkt_defaults(&m);
		m.w = 24;
		m.h = 20;
		m.bits = c == 5 ? 4 : 8;
		m.classes = 9;
		m.comp = codecs[c];
		m.rows = 6;
		m.tw = m.th = c % 2 ? 16 : 0;
		m.predictor = c == 0 ? 2 : 0;
		write_mkt(&m, src, NULL);
		b = relayout(src, &pos);
		for (i = 4; i < pos.size; i++) {
			b[i] ^= 0x5a;
			write_file(path, b, pos.size);
			b[i] ^= 0x5a;
			st = decode(path, 0, 0, err);
			check(st == DEC_OK || st == DEC_BAD,
			    "flip %zu codec %d: %d", i, codecs[c], st);
		}
		free(b);
	}
}

/* Hand-made hostile directories. */
static void
test_hostile(void)
{
	static uint8_t px[4096];
	static const uint32_t one[] = {sizeof px};
	static const uint32_t small[] = {200};
	char path[128], err[DEC_ERRLEN];
	struct rawimg r, r0;
	struct rawpos pos;
	uint8_t *b;
	enum dec_status st;
	size_t i;

	snprintf(path, sizeof path, "%s/hostile.tif", dir);
	for (i = 0; i < sizeof px; i++)
		px[i] = (uint8_t)(i % 7);
	memset(&r0, 0, sizeof r0);
	r0.w = 64;
	r0.h = 64;
	r0.bps = 8;
	r0.spp = 1;
	r0.comp = 1;
	r0.photo = 1;
	r0.planar = 1;
	r0.rps = 64;
	r0.n = 1;
	r0.sizes = one;
	r0.data = px;

	/* The base file is good: 4096 pixels, values 0..6. */
	b = raw_build(&r0, &pos);
	write_file(path, b, pos.size);
	st = decode(path, 0, 0, err);
	check(st == DEC_OK && hist.dense[0] == 586 && hist.dense[6] == 585,
	    "raw base: %d %s", st, err);

	/* IFD 0 links to itself: IFD 0 is still counted. */
	put32(b + 8 + 2 + 12 * 10, 8);
	write_file(path, b, pos.size);
	st = decode(path, 0, 0, err);
	check(st == DEC_OK && hist.dense[0] == 586, "IFD loop: %d %s", st, err);
	free(b);

	/* Zero width, zero height. */
	r = r0;
	r.w = 0;
	b = raw_build(&r, &pos);
	write_file(path, b, pos.size);
	free(b);
	check(decode(path, 0, 0, err) == DEC_BAD, "zero width: %s", err);
	r = r0;
	r.h = 0;
	b = raw_build(&r, &pos);
	write_file(path, b, pos.size);
	free(b);
	check(decode(path, 0, 0, err) == DEC_BAD, "zero height: %s", err);

	/* Strip offset past the end of the file. */
	b = raw_build(&r0, &pos);
	put32(b + pos.offsets, 1u << 30);
	write_file(path, b, pos.size);
	check(decode(path, 0, 0, err) == DEC_BAD, "offset outside: %s", err);
	/* Strip offset inside, but the strip runs past the end. */
	put32(b + pos.offsets, (uint32_t)pos.size - 100);
	write_file(path, b, pos.size);
	check(decode(path, 0, 0, err) == DEC_BAD, "strip past end: %s", err);
	/* Strip byte count 0. */
	put32(b + pos.offsets, (uint32_t)pos.data);
	put32(b + pos.counts, 0);
	write_file(path, b, pos.size);
	st = decode(path, 0, 0, err);
	check(st == DEC_BAD, "byte count 0: %d %s", st, err);
	free(b);

	/* Several strips, one of them of zero bytes. */
	{
		static const uint32_t four[] = {1024, 1024, 0, 1024};

		r = r0;
		r.rps = 16;
		r.n = 4;
		r.sizes = four;
		b = raw_build(&r, &pos);
		write_file(path, b, pos.size);
		free(b);
		st = decode(path, 0, 0, err);
		check(st == DEC_BAD, "strip 2 of 0 bytes: %d %s", st, err);
	}

	/* Huge images declared by tiny files: refused or failing at once,
	 * in bounded memory (checked by the caller). */
	r = r0;
	r.w = 50000;
	r.h = 50000;
	r.rps = 50000;
	r.sizes = small;
	b = raw_build(&r, &pos);
	write_file(path, b, pos.size);
	free(b);
	check(decode(path, 0, 0, err) == DEC_BAD, "50000^2 raw: %s", err);
	r.comp = COMPRESSION_ADOBE_DEFLATE;
	b = raw_build(&r, &pos);
	write_file(path, b, pos.size);
	free(b);
	check(decode(path, 0, 0, err) == DEC_BAD, "50000^2 deflate: %s", err);
	r.bps = 64;
	r.sfmt = 3;
	r.w = 1u << 24;
	r.h = 64;
	b = raw_build(&r, &pos);
	write_file(path, b, pos.size);
	free(b);
	check(decode(path, 0, 0, err) == DEC_BAD, "2^24-wide float64: %s", err);
	r = r0;
	r.w = 100000;
	r.h = 100000;
	r.rps = 1;
	r.n = 1;
	b = raw_build(&r, &pos);
	write_file(path, b, pos.size);
	free(b);
	st = decode(path, 0, 0, err);
	check(st == DEC_BAD && strstr(err, "max") != NULL,
	    "1e10 pixels over --max-pixels: %d %s", st, err);
	r = r0;
	r.w = r.h = 40000;
	r.tw = r.th = 32768;
	r.comp = COMPRESSION_ADOBE_DEFLATE;
	b = raw_build(&r, &pos);
	write_file(path, b, pos.size);
	free(b);
	st = decode(path, 0, 0, err);
	check(st == DEC_BAD, "32768^2 tile: %d %s", st, err);
	/* A tile larger than the image is fine if its data is there. */
	{
		static uint8_t tile[64 * 64];
		static const uint32_t tsz[] = {sizeof tile};

		memset(tile, 5, sizeof tile);
		r = r0;
		r.w = 20;
		r.h = 10;
		r.tw = r.th = 64;
		r.sizes = tsz;
		r.data = tile;
		b = raw_build(&r, &pos);
		write_file(path, b, pos.size);
		free(b);
		st = decode(path, 0, 0, err);
		check(st == DEC_OK && hist.dense[5] == 200,
		    "tile larger than image: %d %s", st, err);
	}
	/* Tile offsets missing for some tiles. */
	r = r0;
	r.w = r.h = 64;
	r.tw = r.th = 16;
	r.n = 1;
	b = raw_build(&r, &pos);
	write_file(path, b, pos.size);
	free(b);
	check(decode(path, 0, 0, err) == DEC_BAD, "too few tiles: %s", err);
	/* Not even a directory. */
	write_file(path, (const uint8_t *)"II*\0\x08\0\0\0\xff\xff", 10);
	check(decode(path, 0, 0, err) == DEC_BAD, "broken IFD: %s", err);
	write_file(path, (const uint8_t *)"MM\0+\0\x08\0\0", 8);
	check(
	    decode(path, 0, 0, err) == DEC_BAD, "BigTIFF header only: %s", err);
}

static long
maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int
main(void)
{
	static const char *const files[] = {"good.tif", "bad.tif", "src.tif",
	    "cut.tif", "flip.tif", "hostile.tif"};
	const char *tmp = getenv("TMPDIR");
	char path[128];
	long rss0;
	size_t i;

	verbose = getenv("TEST_TIFF_VERBOSE") != NULL;
	if (tmp == NULL || *tmp == '\0' || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/test_tiff.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	if ((hist.dense = calloc(MFW_DENSE, sizeof *hist.dense)) == NULL)
		return 1;
	opts.max_pixels = MFW_DEFAULT_MAX_PIXELS;

	test_probe();
	rss0 = maxrss_kb();
	test_hostile();
	check(maxrss_kb() - rss0 < 100 * 1024,
	    "hostile files raised the peak RSS by %ld kB", maxrss_kb() - rss0);
	test_layouts();
	test_types();
	test_bands();
	test_nodata();
	test_refused();
	test_truncated();
	test_flipped();

	free(hist.dense);
	free(hist.extra);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	printf("test_tiff: %d checks, %d failed\n", ncheck, nfail);
	return nfail != 0;
}
