/*
 * mktiff.c: write a deterministic TIFF label image for the tests.
 *
 *	mktiff OUT.tif [options]
 *
 * The labels come from a pattern and a seed; every layout the TIFF reader
 * must handle can be asked for: bit depth, signed or float samples, strips
 * (any rows per strip, or one strip for the whole image) or tiles, a
 * codec, planar separate with K samples, photometric, BigTIFF, big-endian
 * byte order and a GDAL_NODATA tag.  With --hist the exact histogram of
 * the counted band is printed as "value count" lines, in increasing value
 * order, plus "nan N" and "frac N" lines for float samples that are NaN or
 * not whole; tests compare it with mfweights' counts.  Run mktiff --help
 * for the options.
 *
 * The unit test tests/unit/test_tiff.c includes this file with
 * MKTIFF_NO_MAIN defined to use the writer, mkt_write(), directly.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tiffio.h>

#define MKT_TAG_NODATA 42113

/* What to write. */
struct mkt {
	uint32_t w, h;   /* image size */
	int bits;        /* 1, 2, 4, 8, 16, 32 or 64 */
	int sfmt;        /* SAMPLEFORMAT_UINT, _INT or _IEEEFP */
	uint32_t tw, th; /* tile size; 0 = strips */
	long rows;       /* rows per strip; 0 = one; -1 = default */
	int comp;        /* COMPRESSION_* */
	int predictor;   /* 0 = none */
	int planar;      /* PLANARCONFIG_CONTIG or _SEPARATE */
	int spp;         /* samples per pixel */
	int photo;       /* PHOTOMETRIC_* */
	int alpha;       /* the first extra sample is alpha */
	int bigtiff;
	int bigendian;
	const char *nodata; /* GDAL_NODATA text, NULL = none */
	uint32_t classes;   /* labels 0..classes-1, before offset */
	uint32_t seed;
	int pattern;         /* 0 blocks, 1 stripes, 2 constant */
	int64_t offset;      /* added to every label */
	uint32_t nan_every;  /* float: every Nth pixel is NaN */
	uint32_t frac_every; /* float: every Nth pixel is label + 0.5 */
	int band;            /* band (1-based) whose histogram is kept */
};

/* The histogram of the kept band. */
struct mkt_hist {
	uint64_t *n; /* per label index, classes entries */
	uint64_t nan, frac;
};

static void mkt_defaults(struct mkt *);
static uint32_t mkt_mix(uint32_t, uint32_t, uint32_t);
static uint32_t mkt_label(const struct mkt *, uint32_t, uint32_t, int);
static int mkt_special(const struct mkt *, uint32_t, uint32_t);
static int64_t mkt_value(const struct mkt *, uint32_t);
static const char *mkt_check(const struct mkt *);
static void mkt_put(const struct mkt *, uint8_t *, size_t, uint32_t, int);
static void mkt_fill(const struct mkt *, uint8_t *, uint32_t, uint32_t,
    uint32_t, int, int, struct mkt_hist *);
static int mkt_write(const struct mkt *, const char *, struct mkt_hist *);

static void
mkt_defaults(struct mkt *m)
{
	memset(m, 0, sizeof *m);
	m->w = 64;
	m->h = 48;
	m->bits = 8;
	m->sfmt = SAMPLEFORMAT_UINT;
	m->rows = -1;
	m->comp = COMPRESSION_NONE;
	m->planar = PLANARCONFIG_CONTIG;
	m->spp = 1;
	m->photo = PHOTOMETRIC_MINISBLACK;
	m->classes = 5;
	m->seed = 1;
	m->band = 1;
}

static uint32_t
mkt_mix(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t h = a * 0x9e3779b1u ^ b * 0x85ebca77u ^ c * 0xc2b2ae3du;

	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	h *= 0x297a2d39u;
	h ^= h >> 15;
	return h;
}

/* The label index (0..classes-1) of pixel x,y of a band (1-based). */
static uint32_t
mkt_label(const struct mkt *m, uint32_t x, uint32_t y, int band)
{
	uint32_t bs = 4 + m->seed % 13, l;

	switch (m->pattern) {
	case 1:
		l = (y / 64 + m->seed) % m->classes;
		break;
	case 2:
		l = m->seed % m->classes;
		break;
	default:
		/* Square the block draw so that classes are unbalanced. */
		l = mkt_mix(m->seed, x / bs, y / bs) % 1024;
		l = (uint32_t)((uint64_t)l * l * m->classes / (1024 * 1024));
		if (mkt_mix(m->seed + 1, x, y) % 23 == 0)
			l = mkt_mix(m->seed + 2, x, y) % m->classes;
		break;
	}
	return (l + (uint32_t)band - 1) % m->classes;
}

/* Float only: 1 if the pixel is NaN, 2 if it is a fraction, else 0. */
static int
mkt_special(const struct mkt *m, uint32_t x, uint32_t y)
{
	uint64_t i = (uint64_t)y * m->w + x;

	if (m->sfmt != SAMPLEFORMAT_IEEEFP)
		return 0;
	if (m->nan_every != 0 && i % m->nan_every == m->nan_every - 1)
		return 1;
	if (m->frac_every != 0 && i % m->frac_every == m->frac_every - 1)
		return 2;
	return 0;
}

/* The sample value of a label index. */
static int64_t
mkt_value(const struct mkt *m, uint32_t l)
{
	int64_t v = (int64_t)l + m->offset;

	if (m->sfmt == SAMPLEFORMAT_INT)
		v -= m->classes / 2;
	return v;
}

/* NULL if the options make sense, else why not. */
static const char *
mkt_check(const struct mkt *m)
{
	int64_t lo, hi;

	if (m->w == 0 || m->h == 0)
		return "zero width or height";
	if (m->classes == 0)
		return "zero classes";
	if (m->spp < 1 || m->band < 1 || m->band > m->spp)
		return "bad samples per pixel or band";
	switch (m->bits) {
	case 1:
	case 2:
	case 4:
	case 8:
	case 16:
	case 32:
	case 64:
		break;
	default:
		return "bits must be 1, 2, 4, 8, 16, 32 or 64";
	}
	if (m->sfmt == SAMPLEFORMAT_IEEEFP && m->bits != 32 && m->bits != 64)
		return "float needs 32 or 64 bits";
	if (m->sfmt == SAMPLEFORMAT_INT && m->bits < 8)
		return "signed needs 8 bits or more";
	if (m->predictor != 0 && m->comp != COMPRESSION_LZW &&
	    m->comp != COMPRESSION_ADOBE_DEFLATE &&
	    m->comp != COMPRESSION_ZSTD && m->comp != COMPRESSION_LZMA)
		return "a predictor needs lzw, deflate, zstd or lzma";
	/* Measured: libtiff 4.5.0 writes wrong samples (GDAL reads the same
	 * denormals) for the float predictor in big-endian files. */
	if (m->predictor == 3 && m->bigendian)
		return "--predictor 3 with --big-endian is broken in libtiff";
	if (m->sfmt == SAMPLEFORMAT_IEEEFP || m->bits == 64)
		return NULL;
	lo = mkt_value(m, 0);
	hi = mkt_value(m, m->classes - 1);
	if (m->sfmt == SAMPLEFORMAT_INT) {
		if (lo < -(INT64_C(1) << (m->bits - 1)) ||
		    hi >= INT64_C(1) << (m->bits - 1))
			return "labels do not fit the signed sample type";
	} else if (lo < 0 || hi >= INT64_C(1) << m->bits)
		return "labels do not fit the sample type";
	return NULL;
}

/* Store the sample of label l as sample i of a row (zeroed beforehand
 * for bits < 8). */
static void
mkt_put(const struct mkt *m, uint8_t *row, size_t i, uint32_t l, int sp)
{
	int64_t v = mkt_value(m, l);
	size_t bit;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	float f;
	double d;

	if (m->sfmt == SAMPLEFORMAT_IEEEFP) {
		d = sp == 1 ? NAN : sp == 2 ? (double)v + 0.5 : (double)v;
		if (m->bits == 32) {
			f = (float)d;
			memcpy(row + i * 4, &f, 4);
		} else
			memcpy(row + i * 8, &d, 8);
		return;
	}
	switch (m->bits) {
	case 1:
	case 2:
	case 4:
		bit = i * (size_t)m->bits;
		row[bit >> 3] |= (uint8_t)(v << (8 - m->bits - (bit & 7)));
		break;
	case 8:
		row[i] = (uint8_t)v;
		break;
	case 16:
		u16 = (uint16_t)v;
		memcpy(row + i * 2, &u16, 2);
		break;
	case 32:
		u32 = (uint32_t)v;
		memcpy(row + i * 4, &u32, 4);
		break;
	default:
		u64 = (uint64_t)v;
		memcpy(row + i * 8, &u64, 8);
		break;
	}
}

/*
 * Fill one decoded row of n pixels starting at x,y: all samples when
 * plane < 0 (contiguous), else only that plane's sample.  Pixels past the
 * image (tile padding) are written as label 0 and not counted.
 */
static void
mkt_fill(const struct mkt *m, uint8_t *row, uint32_t x, uint32_t y, uint32_t n,
    int plane, int inside, struct mkt_hist *hist)
{
	uint32_t i, l;
	int s, s0, s1, sp, stride = plane < 0 ? m->spp : 1;

	s0 = plane < 0 ? 0 : plane;
	s1 = plane < 0 ? m->spp : plane + 1;
	memset(row, 0, ((size_t)n * stride * m->bits + 7) / 8);
	for (i = 0; i < n; i++) {
		int in = inside && x + i < m->w;

		for (s = s0; s < s1; s++) {
			l = in ? mkt_label(m, x + i, y, s + 1) : 0;
			sp = in ? mkt_special(m, x + i, y) : 0;
			mkt_put(m, row, (size_t)i * stride + (s - s0), l, sp);
			if (!in || hist == NULL || s + 1 != m->band)
				continue;
			if (sp == 1)
				hist->nan++;
			else if (sp == 2)
				hist->frac++;
			else
				hist->n[l]++;
		}
	}
}

/* Write the image; fill hist (may be NULL; else hist->n has classes
 * zeroed entries).  0 or -1 with a message on stderr. */
static int
mkt_write(const struct mkt *m, const char *path, struct mkt_hist *hist)
{
	static char nodata_name[] = "GDALNoDataValue";
	TIFFFieldInfo fi = {MKT_TAG_NODATA, -1, -1, TIFF_ASCII, FIELD_CUSTOM, 1,
	    0, nodata_name};
	char mode[8] = "w";
	const char *why;
	TIFF *tif;
	uint8_t *buf = NULL;
	uint16_t *cmap = NULL, extra[64];
	uint32_t x, y, r, rows;
	size_t ncmap, i, line, tline;
	int plane, nplanes, ret = -1, nextra;

	if ((why = mkt_check(m)) != NULL) {
		fprintf(stderr, "mktiff: %s\n", why);
		return -1;
	}
	if (m->bigtiff)
		strcat(mode, "8");
	strcat(mode, m->bigendian ? "b" : "l");
	if ((tif = TIFFOpen(path, mode)) == NULL) {
		fprintf(stderr, "mktiff: cannot create %s\n", path);
		return -1;
	}
	TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, m->w);
	TIFFSetField(tif, TIFFTAG_IMAGELENGTH, m->h);
	TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, m->bits);
	TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, m->spp);
	TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, m->sfmt);
	TIFFSetField(tif, TIFFTAG_PLANARCONFIG, m->planar);
	TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, m->photo);
	TIFFSetField(tif, TIFFTAG_COMPRESSION, m->comp);
	if (m->predictor != 0)
		TIFFSetField(tif, TIFFTAG_PREDICTOR, m->predictor);
	if (m->comp == COMPRESSION_JPEG)
		TIFFSetField(tif, TIFFTAG_JPEGQUALITY, 90);
	nextra = m->spp - (m->photo == PHOTOMETRIC_RGB ? 3 : 1);
	if (nextra > 0 && nextra <= 64) {
		for (i = 0; i < (size_t)nextra; i++)
			extra[i] = EXTRASAMPLE_UNSPECIFIED;
		if (m->alpha)
			extra[0] = EXTRASAMPLE_UNASSALPHA;
		TIFFSetField(
		    tif, TIFFTAG_EXTRASAMPLES, (uint16_t)nextra, extra);
	}
	if (m->photo == PHOTOMETRIC_PALETTE) {
		ncmap = (size_t)1 << m->bits;
		if ((cmap = calloc(ncmap * 3, sizeof *cmap)) == NULL)
			goto fail;
		for (i = 0; i < ncmap; i++) {
			cmap[i] = (uint16_t)(mkt_mix(1, (uint32_t)i, 0));
			cmap[ncmap + i] =
			    (uint16_t)(mkt_mix(2, (uint32_t)i, 0));
			cmap[2 * ncmap + i] = (uint16_t)(i * 257);
		}
		TIFFSetField(tif, TIFFTAG_COLORMAP, cmap, cmap + ncmap,
		    cmap + 2 * ncmap);
	}
	if (m->nodata != NULL) {
		if (TIFFMergeFieldInfo(tif, &fi, 1) != 0)
			goto fail;
		TIFFSetField(tif, MKT_TAG_NODATA, m->nodata);
	}
	nplanes = m->planar == PLANARCONFIG_SEPARATE ? m->spp : 1;

	if (m->tw != 0) {
		TIFFSetField(tif, TIFFTAG_TILEWIDTH, m->tw);
		TIFFSetField(tif, TIFFTAG_TILELENGTH, m->th);
		tline = (size_t)TIFFTileRowSize(tif);
		if ((buf = malloc(tline * m->th)) == NULL)
			goto fail;
		for (plane = 0; plane < nplanes; plane++)
			for (y = 0; y < m->h; y += m->th)
				for (x = 0; x < m->w; x += m->tw) {
					for (r = 0; r < m->th; r++)
						mkt_fill(m, buf + r * tline, x,
						    y + r, m->tw,
						    nplanes > 1 ? plane : -1,
						    y + r < m->h, hist);
					if (TIFFWriteEncodedTile(tif,
						TIFFComputeTile(tif, x, y, 0,
						    (uint16_t)plane),
						buf,
						(tmsize_t)(tline * m->th)) < 0)
						goto fail;
				}
	} else {
		rows = m->rows == 0 ? m->h
		    : m->rows < 0   ? TIFFDefaultStripSize(tif, 0)
				    : (uint32_t)m->rows;
		TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rows);
		line = (size_t)TIFFScanlineSize(tif);
		if ((buf = malloc(line)) == NULL)
			goto fail;
		for (plane = 0; plane < nplanes; plane++)
			for (y = 0; y < m->h; y++) {
				mkt_fill(m, buf, 0, y, m->w,
				    nplanes > 1 ? plane : -1, 1, hist);
				if (TIFFWriteScanline(
					tif, buf, y, (uint16_t)plane) < 0)
					goto fail;
			}
	}
	if (!TIFFWriteDirectory(tif))
		goto fail;
	ret = 0;
fail:
	if (ret != 0)
		fprintf(stderr, "mktiff: cannot write %s\n", path);
	TIFFClose(tif);
	free(buf);
	free(cmap);
	return ret;
}

#ifndef MKTIFF_NO_MAIN

static void mkt_print_hist(const struct mkt *, const struct mkt_hist *, FILE *);
static void usage(FILE *, int) __attribute__((noreturn));
static long num(const char *, const char *, long, long);

/* "value count" lines in increasing value order, then nan and frac. */
static void
mkt_print_hist(const struct mkt *m, const struct mkt_hist *hist, FILE *f)
{
	uint32_t l;

	for (l = 0; l < m->classes; l++)
		if (hist->n[l] != 0)
			fprintf(f, "%" PRId64 " %" PRIu64 "\n", mkt_value(m, l),
			    hist->n[l]);
	if (hist->nan != 0)
		fprintf(f, "nan %" PRIu64 "\n", hist->nan);
	if (hist->frac != 0)
		fprintf(f, "frac %" PRIu64 "\n", hist->frac);
}

static void
usage(FILE *f, int status)
{
	fputs("usage: mktiff OUT.tif [--width W] [--height H] [--bits N]\n"
	      "    [--signed | --float] [--tile TW[xTH] | --rows N]\n"
	      "    [--compress none|lzw|deflate|packbits|zstd|lzma|jpeg]\n"
	      "    [--predictor N] [--separate] [--spp K] [--alpha]\n"
	      "    [--photometric minisblack|miniswhite|palette|rgb]\n"
	      "    [--bigtiff] [--big-endian] [--nodata TEXT] [--classes N]\n"
	      "    [--seed S] [--pattern blocks|stripes|const] [--offset O]\n"
	      "    [--nan-every N] [--frac-every N] [--band B] [--hist]\n"
	      "--rows 0 writes one strip for the whole image; --hist prints\n"
	      "the histogram of --band (default 1) as \"value count\" lines.\n",
	    f);
	exit(status);
}

/* A whole number in [lo, hi] for an option, or exit 2. */
static long
num(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "mktiff: --%s: bad number '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	/* clang-format off */
	static const struct option lopts[] = {
	    {"alpha", no_argument, NULL, 'A'},
	    {"band", required_argument, NULL, 'B'},
	    {"big-endian", no_argument, NULL, 'E'},
	    {"bigtiff", no_argument, NULL, '8'},
	    {"bits", required_argument, NULL, 'b'},
	    {"classes", required_argument, NULL, 'c'},
	    {"compress", required_argument, NULL, 'z'},
	    {"float", no_argument, NULL, 'f'},
	    {"frac-every", required_argument, NULL, 'F'},
	    {"height", required_argument, NULL, 'H'},
	    {"help", no_argument, NULL, 'h'},
	    {"hist", no_argument, NULL, 'p'},
	    {"nan-every", required_argument, NULL, 'N'},
	    {"nodata", required_argument, NULL, 'n'},
	    {"offset", required_argument, NULL, 'o'},
	    {"pattern", required_argument, NULL, 'P'},
	    {"photometric", required_argument, NULL, 'm'},
	    {"predictor", required_argument, NULL, 'r'},
	    {"rows", required_argument, NULL, 'R'},
	    {"seed", required_argument, NULL, 's'},
	    {"separate", no_argument, NULL, 'S'},
	    {"signed", no_argument, NULL, 'i'},
	    {"spp", required_argument, NULL, 'k'},
	    {"tile", required_argument, NULL, 't'},
	    {"width", required_argument, NULL, 'W'},
	    {NULL, 0, NULL, 0}};
	/* clang-format on */
	struct mkt m;
	struct mkt_hist hist;
	const char *out = NULL;
	char *x;
	int c, print = 0, spp_set = 0;

	mkt_defaults(&m);
	while ((c = getopt_long(argc, argv, "-", lopts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (out != NULL)
				usage(stderr, 2);
			out = optarg;
			break;
		case 'A':
			m.alpha = 1;
			break;
		case 'B':
			m.band = (int)num("band", optarg, 1, 64);
			break;
		case 'E':
			m.bigendian = 1;
			break;
		case '8':
			m.bigtiff = 1;
			break;
		case 'b':
			m.bits = (int)num("bits", optarg, 1, 64);
			break;
		case 'c':
			m.classes =
			    (uint32_t)num("classes", optarg, 1, 1L << 30);
			break;
		case 'z':
			if (strcmp(optarg, "none") == 0)
				m.comp = COMPRESSION_NONE;
			else if (strcmp(optarg, "lzw") == 0)
				m.comp = COMPRESSION_LZW;
			else if (strcmp(optarg, "deflate") == 0)
				m.comp = COMPRESSION_ADOBE_DEFLATE;
			else if (strcmp(optarg, "packbits") == 0)
				m.comp = COMPRESSION_PACKBITS;
			else if (strcmp(optarg, "zstd") == 0)
				m.comp = COMPRESSION_ZSTD;
			else if (strcmp(optarg, "lzma") == 0)
				m.comp = COMPRESSION_LZMA;
			else if (strcmp(optarg, "jpeg") == 0)
				m.comp = COMPRESSION_JPEG;
			else
				usage(stderr, 2);
			break;
		case 'f':
			m.sfmt = SAMPLEFORMAT_IEEEFP;
			if (m.bits < 32)
				m.bits = 32;
			break;
		case 'F':
			m.frac_every =
			    (uint32_t)num("frac-every", optarg, 0, 1L << 30);
			break;
		case 'H':
			m.h = (uint32_t)num("height", optarg, 1, 1L << 30);
			break;
		case 'p':
			print = 1;
			break;
		case 'N':
			m.nan_every =
			    (uint32_t)num("nan-every", optarg, 0, 1L << 30);
			break;
		case 'n':
			m.nodata = optarg;
			break;
		case 'o':
			m.offset = num("offset", optarg, 0, 1L << 40);
			break;
		case 'P':
			if (strcmp(optarg, "blocks") == 0)
				m.pattern = 0;
			else if (strcmp(optarg, "stripes") == 0)
				m.pattern = 1;
			else if (strcmp(optarg, "const") == 0)
				m.pattern = 2;
			else
				usage(stderr, 2);
			break;
		case 'm':
			if (strcmp(optarg, "minisblack") == 0)
				m.photo = PHOTOMETRIC_MINISBLACK;
			else if (strcmp(optarg, "miniswhite") == 0)
				m.photo = PHOTOMETRIC_MINISWHITE;
			else if (strcmp(optarg, "palette") == 0)
				m.photo = PHOTOMETRIC_PALETTE;
			else if (strcmp(optarg, "rgb") == 0) {
				m.photo = PHOTOMETRIC_RGB;
				if (!spp_set)
					m.spp = 3;
			} else
				usage(stderr, 2);
			break;
		case 'r':
			m.predictor = (int)num("predictor", optarg, 1, 3);
			break;
		case 'R':
			m.rows = num("rows", optarg, 0, 1L << 30);
			break;
		case 's':
			m.seed = (uint32_t)num("seed", optarg, 0, 1L << 30);
			break;
		case 'S':
			m.planar = PLANARCONFIG_SEPARATE;
			break;
		case 'i':
			m.sfmt = SAMPLEFORMAT_INT;
			break;
		case 'k':
			m.spp = (int)num("spp", optarg, 1, 64);
			spp_set = 1;
			break;
		case 't':
			m.tw = (uint32_t)strtoul(optarg, &x, 10);
			m.th =
			    *x == 'x' ? (uint32_t)strtoul(x + 1, &x, 10) : m.tw;
			if (*x != '\0' || m.tw == 0 || m.th == 0 ||
			    m.tw % 16 != 0 || m.th % 16 != 0) {
				fprintf(stderr,
				    "mktiff: --tile: sizes must be "
				    "multiples of 16\n");
				return 2;
			}
			break;
		case 'W':
			m.w = (uint32_t)num("width", optarg, 1, 1L << 30);
			break;
		case 'h':
			usage(stdout, 0);
		default:
			usage(stderr, 2);
		}
	}
	if (out == NULL)
		usage(stderr, 2);
	if (m.alpha && m.spp == 1)
		m.spp = 2;
	if ((hist.n = calloc(m.classes, sizeof *hist.n)) == NULL) {
		fprintf(stderr, "mktiff: out of memory\n");
		return 1;
	}
	hist.nan = hist.frac = 0;
	if (mkt_write(&m, out, &hist) != 0)
		return 1;
	if (print)
		mkt_print_hist(&m, &hist, stdout);
	free(hist.n);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mktiff: write error\n");
		return 1;
	}
	return 0;
}

#endif /* MKTIFF_NO_MAIN */
