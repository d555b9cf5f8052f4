/*
 * decode_tiff.c: the TIFF and BigTIFF reader, through libtiff.
 *
 * One call of count() opens the caller's descriptor with TIFFClientOpenExt
 * (reads by pread at the handle's own offset, so several handles can read
 * one descriptor at once), checks the first image (IFD 0) and counts the
 * samples of one band into the caller's histogram, one strip or tile (or,
 * for strips too large to buffer, one row) at a time.  Nothing is kept
 * between files.
 *
 * Large files split (decode.h, DEC_PARTS): the image is cut into bands of
 * whole tile rows or whole strips (cut.h), each counted
 * through its own handle by whichever worker takes it.  The plan is a
 * pure function of the header, so every part call recomputes and checks
 * it.  An image in a single strip cannot be split.
 *
 * libtiff is used only through per-handle state: error and warning
 * handlers come from TIFFOpenOptions and keep the first error text for the
 * file (warnings are dropped: ordinary GeoTIFFs warn about their geo tags),
 * so the library never prints and messages are never mixed up between
 * worker threads.  The process-global TIFFSet*Handler and TIFFSetTagExtender
 * are never called.  The file is opened without memory mapping ("rm"), so a
 * file truncated while it is read gives a read error, not SIGBUS.
 *
 * Sample values are counted raw: palette indices are labels, MinIsWhite is
 * not inverted, 16- to 64-bit samples arrive in host order (libtiff swaps
 * them and undoes predictors).  JPEG is refused: lossy labels are wrong
 * labels, and libjpeg reports corrupt data only as warnings.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tiffio.h>

#include "count.h"
#include "decode.h"
#include "labels.h"
#include "nodata.h"
#include "tiff_io.h"
#include "cut.h"

/* The GeoTIFF nodata tag written by GDAL: ASCII, one value for all bands. */
#define TAG_GDAL_NODATA 42113

/*
 * Buffer limits.  A strip is decoded whole when it fits STRIP_MAX, else
 * row by row.  DEFLATE strips are decoded whole up to DEFLATE_MAX (the
 * PNG fast path's cap on a decoded image): libtiff inflates a whole strip
 * with libdeflate in one call, but streams rows through zlib, 4 to 8
 * times slower (measured on a 20000 x 20000 file in 20 MB strips: 0.49 s
 * row by row, 0.11 s in 64-row strips).  Tiles cannot be read in pieces, so a tile over TILE_MAX (a
 * 4096 x 4096 tile of 32-bit samples) is refused before anything is
 * allocated; so is a row over ROW_MAX.
 *
 * libtiff's own allocations are capped at LIBTIFF_MAX plus the file size:
 * Debian's libtiff is built without CHUNKY_STRIP_READ_SUPPORT, so it holds
 * a whole compressed strip or tile in memory even when we read rows
 * (measured: a 20000 x 20000 single-strip DEFLATE file of 68 MB peaks at
 * 71 MB RSS).  That buffer grows only as data is actually read, so it is
 * bounded by the file; what a tiny file declares costs nothing.
 */
#define STRIP_MAX   ((uint64_t)8 << 20)
#define DEFLATE_MAX ((uint64_t)64 << 20)
#define TILE_MAX    ((uint64_t)64 << 20)
#define ROW_MAX     ((uint64_t)64 << 20)
#define LIBTIFF_MAX ((tmsize_t)128 << 20)

/* How the counted samples are stored. */
enum kind {
	K_BITS,
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

/* The libtiff messages of one file. */
struct terr {
	char msg[DEC_ERRLEN]; /* first error, "" if none */
	const char *name;     /* the name libtiff puts in its messages */
	int guessed;          /* libtiff guessed the strip byte counts */
};

/* One file being counted. */
struct tiff {
	struct dec_ctx *ctx;
	TIFF *tif;
	struct terr e;
	uint32_t w, h;
	uint16_t bits, spp, planar, sfmt, photo, comp;
	uint16_t plane;  /* plane read: the band, or 0 if contiguous */
	uint16_t sample; /* sample counted within a decoded pixel */
	uint16_t stride; /* samples per pixel in a decoded row */
	enum kind kind;
	int nd_on, nd_nan; /* non-integral nodata for float samples */
	double nd_val;
	uint8_t *buf;    /* one strip, tile or row */
	uint8_t *gather; /* the counted band of one row, if stride > 1 */
	int colour;      /* RGB(A) counted through --colors */
	uint32_t y0, y1; /* the rows counted: all, or one part's */
};

static int probe(const unsigned char *, size_t);
static enum dec_status count(struct dec_ctx *);
static int on_error(TIFF *, void *, const char *, const char *, va_list)
    __attribute__((format(printf, 4, 0)));
static int on_warning(TIFF *, void *, const char *, const char *, va_list)
    __attribute__((format(printf, 4, 0)));
static const char *why(struct tiff *);
static enum dec_status open_tiff(struct tiff *, struct tio *, struct dec_ctx *);
static int nodata_text(struct tiff *, char text[64]);
static uint32_t plan(struct tiff *, uint32_t *);
static enum dec_status check_layout(struct tiff *);
static enum dec_status pick_band(struct tiff *);
static int read_nodata(struct tiff *);
static enum dec_status check_strile(struct tiff *, uint32_t, uint64_t);
static enum dec_status read_strips(struct tiff *);
static enum dec_status read_tiles(struct tiff *);
static uint64_t row_bytes(const struct tiff *, uint32_t);
static int count_rows(struct tiff *, uint64_t, uint32_t, uint32_t);
static size_t gather_size(const struct tiff *, uint32_t);
static int count_row(struct tiff *, const uint8_t *, size_t);

const struct decoder dec_tiff = {"tiff", DEC_TIFF, probe, count};

static int
probe(const unsigned char *p, size_t n)
{
	if (n < 4)
		return 0;
	if (p[0] == 'I' && p[1] == 'I')
		return (p[2] == 42 || p[2] == 43) && p[3] == 0;
	if (p[0] == 'M' && p[1] == 'M')
		return p[2] == 0 && (p[3] == 42 || p[3] == 43);
	return 0;
}

/*
 * Keep the first error of the file as one line, without the leading
 * "NAME: " libtiff puts in many messages (the caller names the file).
 * Returning 1 stops libtiff from calling the global handlers.
 */
static int
on_error(TIFF *tif, void *ud, const char *module, const char *fmt, va_list ap)
{
	struct terr *e = ud;
	char text[DEC_ERRLEN];
	const char *s = text;
	size_t nl;
	char *p;

	(void)tif;
	if (e == NULL || e->msg[0] != '\0')
		return 1;
	vsnprintf(text, sizeof text, fmt, ap);
	nl = strlen(e->name);
	if (nl > 0 && strncmp(s, e->name, nl) == 0 && s[nl] == ':')
		s += nl + 1;
	while (*s == ' ')
		s++;
	e->msg[0] = '\0';
	nl = module != NULL ? strlen(module) : 0;
	if (nl > 0 && strcmp(module, e->name) != 0 &&
	    !(strncmp(s, module, nl) == 0 && s[nl] == ':'))
		snprintf(e->msg, sizeof e->msg, "%.60s: ", module);
	nl = strlen(e->msg);
	snprintf(e->msg + nl, sizeof e->msg - nl, "%s", s);
	for (p = e->msg; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = ' ';
	return 1;
}

/*
 * Warnings are dropped, except the one saying that libtiff made up the
 * byte counts of an uncompressed strip ("Bogus/Wrong/missing
 * StripByteCounts ... calculating from imagelength"): counts from guessed
 * data could be wrong, so such a file is refused.
 */
static int
on_warning(TIFF *tif, void *ud, const char *module, const char *fmt, va_list ap)
{
	struct terr *e = ud;
	char text[DEC_ERRLEN];

	(void)tif;
	(void)module;
	if (e == NULL || strstr(fmt, "calculating from imagelength") == NULL)
		return 1;
	vsnprintf(text, sizeof text, fmt, ap);
	if (strstr(text, "ByteCounts") != NULL)
		e->guessed = 1;
	return 1;
}

/* pread from our own offset: handles on one descriptor never race. */
/* libtiff's reason for the last failure. */
static const char *
why(struct tiff *t)
{
	return t->e.msg[0] != '\0' ? t->e.msg : "unknown libtiff error";
}

/* Open ctx's file as t->tif, its errors kept in t->e; io must outlive
 * t->tif.  DEC_OK, or the status and reason of the failure. */
static enum dec_status
open_tiff(struct tiff *t, struct tio *io, struct dec_ctx *ctx)
{
	TIFFOpenOptions *opts;
	tmsize_t cap;

	t->ctx = ctx;
	t->e.name = ctx->path != NULL ? ctx->path : "";
	if (dec_size(ctx, &io->size) != 0) {
		snprintf(
		    ctx->err, sizeof ctx->err, "fstat: %s", strerror(errno));
		return DEC_SYSERR;
	}
	io->ctx = ctx;
	io->off = 0;
	if ((opts = TIFFOpenOptionsAlloc()) == NULL) {
		snprintf(ctx->err, sizeof ctx->err, "out of memory");
		return DEC_SYSERR;
	}
	TIFFOpenOptionsSetErrorHandlerExtR(opts, on_error, &t->e);
	TIFFOpenOptionsSetWarningHandlerExtR(opts, on_warning, &t->e);
	cap = LIBTIFF_MAX;
	if (io->size < (uint64_t)INT64_MAX / 2)
		cap += (tmsize_t)io->size;
	TIFFOpenOptionsSetMaxSingleMemAlloc(opts, cap);
	t->tif = tio_open(io, t->e.name, opts);
	TIFFOpenOptionsFree(opts);
	if (t->tif == NULL)
		return dec_bad(ctx, "cannot read TIFF directory: %s", why(t));
	return DEC_OK;
}

/*
 * Count band 1 (or --band) of the first image of a TIFF file.  See
 * decode.h for the contract; the histogram's size fields, maxbin and
 * nodata are filled before the first sample is counted.
 */
static enum dec_status
count(struct dec_ctx *ctx)
{
	struct tiff t;
	struct tio io;
	enum dec_status st;
	uint32_t nparts, rows;

	memset(&t, 0, sizeof t);
	if ((st = open_tiff(&t, &io, ctx)) != DEC_OK)
		return st;
	st = check_layout(&t);
	t.y0 = 0;
	t.y1 = t.h;
	if (st == DEC_OK && (ctx->nparts > 0 || ctx->parts_ok)) {
		nparts = plan(&t, &rows);
		if (ctx->nparts == 0 && nparts > 1) {
			ctx->nparts = nparts;
			st = DEC_PARTS;
		} else if (ctx->nparts > 0 &&
		    (nparts != ctx->nparts || ctx->part >= nparts))
			st = dec_bad(ctx, "changed while it was read");
		else if (ctx->nparts > 0) {
			t.y0 = ctx->part * rows;
			t.y1 = t.h - t.y0 < rows ? t.h : t.y0 + rows;
		}
	}
	if (st == DEC_OK) {
		if (TIFFIsTiled(t.tif))
			st = read_tiles(&t);
		else
			st = read_strips(&t);
	}
	TIFFClose(t.tif);
	free(t.buf);
	free(t.gather);
	return st;
}

/*
 * How this image splits: the number of parts (1: it does not) and in
 * *rows the rows of each part but the last.  Parts are whole tile rows or
 * whole strips (cut.h); single-strip images do not split.
 */
static uint32_t
plan(struct tiff *t, uint32_t *rows)
{
	uint32_t unit = 0, tw, n;
	uint64_t r;

	*rows = t->h;
	if (TIFFIsTiled(t->tif)) {
		if (!TIFFGetField(t->tif, TIFFTAG_TILEWIDTH, &tw) ||
		    !TIFFGetField(t->tif, TIFFTAG_TILELENGTH, &unit))
			return 1;
	} else
		TIFFGetFieldDefaulted(t->tif, TIFFTAG_ROWSPERSTRIP, &unit);
	n = cut_plan(t->w, t->h, unit, &r);
	*rows = (uint32_t)r;
	return n;
}

/* Read the header fields, refuse what cannot be counted, fill h. */
static enum dec_status
check_layout(struct tiff *t)
{
	struct dec_ctx *ctx = t->ctx;
	struct fhist *h = ctx->h;
	TIFF *tif = t->tif;
	enum dec_status st;

	if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &t->w) ||
	    !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &t->h))
		return dec_bad(ctx, "image width or height missing");
	if (t->w == 0 || t->h == 0)
		return dec_bad(ctx, "image of zero size (%lu x %lu)",
		    (unsigned long)t->w, (unsigned long)t->h);
	if ((st = dec_check_size(ctx, t->w, t->h)) != DEC_OK)
		return st;
	TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &t->bits);
	TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &t->spp);
	TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &t->sfmt);
	TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &t->planar);
	TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &t->comp);
	if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &t->photo))
		t->photo = PHOTOMETRIC_MINISBLACK;

	if (t->comp == COMPRESSION_JPEG || t->comp == COMPRESSION_OJPEG)
		return dec_bad(ctx,
		    "JPEG-compressed mask: lossy compression "
		    "alters label values");
	/* SGILog codecs change the sample type when decoding starts. */
	if (t->comp == COMPRESSION_SGILOG || t->comp == COMPRESSION_SGILOG24)
		return dec_bad(ctx,
		    "SGILog-compressed image: HDR luminance, "
		    "not a label mask");
	if (!TIFFIsCODECConfigured(t->comp))
		return dec_bad(ctx,
		    "compression scheme %u is not supported "
		    "by this libtiff",
		    (unsigned)t->comp);
	if (t->spp == 0)
		return dec_bad(ctx, "zero samples per pixel");
	if ((st = pick_band(t)) != DEC_OK)
		return st;

	switch (t->sfmt) {
	case SAMPLEFORMAT_UINT:
	case SAMPLEFORMAT_VOID:
		switch (t->bits) {
		case 1:
		case 2:
		case 4:
			t->kind = t->stride > 1 ? K_U8 : K_BITS;
			break;
		case 8:
			t->kind = K_U8;
			break;
		case 16:
			t->kind = K_U16;
			break;
		case 32:
			t->kind = K_U32;
			break;
		case 64:
			t->kind = K_U64;
			break;
		default:
			goto badbits;
		}
		break;
	case SAMPLEFORMAT_INT:
		switch (t->bits) {
		case 8:
			t->kind = K_I8;
			break;
		case 16:
			t->kind = K_I16;
			break;
		case 32:
			t->kind = K_I32;
			break;
		case 64:
			t->kind = K_I64;
			break;
		default:
			goto badbits;
		}
		break;
	case SAMPLEFORMAT_IEEEFP:
		if (t->bits == 32)
			t->kind = K_F32;
		else if (t->bits == 64)
			t->kind = K_F64;
		else
			goto badbits;
		break;
	default:
		return dec_bad(ctx,
		    "unsupported sample format %u (complex "
		    "or unknown)",
		    (unsigned)t->sfmt);
	}

	if (t->e.guessed)
		return dec_bad(ctx,
		    "invalid strip byte counts (truncated or "
		    "corrupt file)");

	h->width = t->w;
	h->height = t->h;
	h->bits = t->bits;
	h->sample_float = t->sfmt == SAMPLEFORMAT_IEEEFP;
	h->miniswhite = t->photo == PHOTOMETRIC_MINISWHITE;
	switch (t->kind) {
	case K_BITS:
	case K_U8:
	case K_U16:
		h->maxbin = (UINT32_C(1) << t->bits) - 1;
		break;
	case K_I8:
		h->maxbin = INT8_MAX;
		break;
	case K_I16:
		h->maxbin = INT16_MAX;
		break;
	default:
		h->maxbin = MFW_DENSE - 1;
		break;
	}
	if (t->colour)
		h->maxbin = MFW_DENSE - 1; /* classes of the colour table */
	else if (!ctx->o->no_nodata && read_nodata(t) != 0)
		return dec_bad(ctx, "%s", DEC_NODATA_BAD);
	return DEC_OK;

badbits:
	return dec_bad(ctx, "unsupported sample type: %u-bit %s", t->bits,
	    t->sfmt == SAMPLEFORMAT_IEEEFP    ? "floating point"
		: t->sfmt == SAMPLEFORMAT_INT ? "signed integer"
					      : "integer");
}

/*
 * Choose the band: --band if given; else the only one, the gray band of
 * gray+alpha, or the palette index.  Colour images and other multi-band
 * rasters need --band.
 */
static enum dec_status
pick_band(struct tiff *t)
{
	struct dec_ctx *ctx = t->ctx;
	uint16_t nextra = 0, *extra = NULL;
	int band = ctx->o->band;

	if (band <= 0 && ctx->o->colors != NULL && t->spp >= 3 &&
	    t->photo == PHOTOMETRIC_RGB) {
		if (t->bits != 8 || t->sfmt == SAMPLEFORMAT_IEEEFP)
			return dec_bad(ctx,
			    "%u-bit colour mask: --colors "
			    "reads 8-bit RGB and RGBA only",
			    (unsigned)t->bits);
		if (t->planar == PLANARCONFIG_SEPARATE)
			return dec_bad(ctx,
			    "planar colour mask: --colors "
			    "reads interleaved RGB only");
		t->colour = 1;
		t->plane = 0;
		t->sample = 0;
		t->stride = t->spp;
		return DEC_OK;
	}
	if (band > 0 && band > t->spp)
		return dec_bad(ctx,
		    "no band %d: the image has %u sample%s "
		    "per pixel",
		    band, (unsigned)t->spp, t->spp == 1 ? "" : "s");
	if (band <= 0) {
		if (t->photo == PHOTOMETRIC_YCBCR)
			return dec_bad(ctx,
			    "YCbCr colour mask (expected a "
			    "single-band index mask)");
		/* A colour photometric on fewer samples is a mislabelled
		 * gray image: counted. */
		if (t->spp >= 3 && t->photo != PHOTOMETRIC_MINISBLACK &&
		    t->photo != PHOTOMETRIC_MINISWHITE &&
		    t->photo != PHOTOMETRIC_PALETTE)
			return dec_bad(ctx,
			    "RGB mask (expected a single-band "
			    "index mask); use --band to count one band");
		if (t->spp == 2) {
			TIFFGetField(
			    t->tif, TIFFTAG_EXTRASAMPLES, &nextra, &extra);
			if (nextra != 1 || extra == NULL ||
			    (extra[0] != EXTRASAMPLE_ASSOCALPHA &&
				extra[0] != EXTRASAMPLE_UNASSALPHA))
				return dec_bad(ctx,
				    "multi-band image (2 "
				    "bands, the second not alpha); use "
				    "--band to count one band");
		} else if (t->spp > 2)
			return dec_bad(ctx,
			    "multi-band image (%u bands); "
			    "use --band to count one band",
			    (unsigned)t->spp);
		band = 1;
	} else if (t->photo == PHOTOMETRIC_YCBCR) {
		/* Subsampled YCbCr has no per-band rows to count. */
		return dec_bad(ctx,
		    "YCbCr colour mask (expected a single-band "
		    "index mask)");
	}
	if (t->planar == PLANARCONFIG_SEPARATE) {
		t->plane = (uint16_t)(band - 1);
		t->sample = 0;
		t->stride = 1;
	} else {
		t->plane = 0;
		t->sample = (uint16_t)(band - 1);
		t->stride = t->spp;
	}
	return DEC_OK;
}

/* Fetch GDAL_NODATA, registered or (as libtiff does for unknown tags)
 * anonymous, without assuming how libtiff passes its count, into text.
 * Returns 1 with the text, 0 if the file has none, -1 if it is too long
 * to be a number. */
static int
nodata_text(struct tiff *t, char text[64])
{
	const TIFFField *f;
	const char *s = NULL;
	uint32_t n32 = 0;
	uint16_t n16 = 0;
	size_t n;

	f = TIFFFindField(t->tif, TAG_GDAL_NODATA, TIFF_ANY);
	if (f == NULL || TIFFFieldDataType(f) != TIFF_ASCII)
		return 0;
	if (TIFFFieldPassCount(f)) {
		if (TIFFFieldReadCount(f) == TIFF_VARIABLE2) {
			if (!TIFFGetField(t->tif, TAG_GDAL_NODATA, &n32, &s))
				return 0;
			n = n32;
		} else {
			if (!TIFFGetField(t->tif, TAG_GDAL_NODATA, &n16, &s))
				return 0;
			n = n16;
		}
	} else {
		if (!TIFFGetField(t->tif, TAG_GDAL_NODATA, &s) || s == NULL)
			return 0;
		n = strlen(s);
	}
	if (s == NULL)
		return 0;
	/* The count may include the terminating NUL. */
	n = strnlen(s, n);
	if (n >= 64)
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	return 1;
}

/* The file's nodata into the histogram (nodata.h gives the rule).
 * Returns -1 for a text that is not a number. */
static int
read_nodata(struct tiff *t)
{
	char text[64];
	struct nodata nd;
	int r = nodata_text(t, text);

	if (r <= 0)
		return r;
	switch (nodata_parse(text, &nd)) {
	case NODATA_LABEL:
		t->ctx->h->has_nodata = 1;
		t->ctx->h->nodata = nd.label;
		return 0;
	case NODATA_VALUE:
		if (t->kind == K_F32 || t->kind == K_F64) {
			t->nd_on = 1;
			t->nd_nan = isnan(nd.value);
			t->nd_val = nd.value;
		}
		return 0;
	default:
		return -1;
	}
}

int
dec_tiff_nodata_bad(struct dec_ctx *ctx)
{
	struct tiff t;
	struct tio io;
	unsigned char head[4];
	char text[64], err[sizeof ctx->err];
	struct nodata nd;
	int bad = 0, r;

	if (ctx->o->no_nodata || dec_pread(ctx, head, 4, 0) != 4 ||
	    !probe(head, 4))
		return 0;
	memcpy(err, ctx->err, sizeof err);
	memset(&t, 0, sizeof t);
	if (open_tiff(&t, &io, ctx) == DEC_OK) {
		r = nodata_text(&t, text);
		bad = r < 0 || (r > 0 && nodata_parse(text, &nd) == NODATA_BAD);
		TIFFClose(t.tif);
	}
	/* A file libtiff cannot open is GDAL's to judge. */
	memcpy(ctx->err, err, sizeof err);
	return bad;
}

/*
 * A strip or tile must exist and hold data; an uncompressed one must hold
 * all its bytes (libtiff would read past it into the next one).
 */
static enum dec_status
check_strile(struct tiff *t, uint32_t s, uint64_t want)
{
	const char *what = TIFFIsTiled(t->tif) ? "tile" : "strip";
	uint32_t n;
	uint64_t have;

	n = TIFFIsTiled(t->tif) ? TIFFNumberOfTiles(t->tif)
				: TIFFNumberOfStrips(t->tif);
	if (s >= n)
		return dec_bad(t->ctx, "%s %lu is missing (the file has %lu)",
		    what, (unsigned long)s, (unsigned long)n);
	have = TIFFGetStrileByteCount(t->tif, s);
	if (have == 0)
		return dec_bad(t->ctx, "%s %lu has no data (byte count 0)",
		    what, (unsigned long)s);
	if (t->comp == COMPRESSION_NONE && have < want)
		return dec_bad(t->ctx,
		    "%s %lu holds %llu bytes, %llu "
		    "expected",
		    what, (unsigned long)s, (unsigned long long)have,
		    (unsigned long long)want);
	return DEC_OK;
}

/*
 * Strips: whole strips when one fits STRIP_MAX (DEFLATE_MAX), else rows
 * (a single strip
 * holding the whole image, for one).  Only the plane of the counted band
 * is read, and only rows y0..y1-1 (which begin and end on strips).
 */
static enum dec_status
read_strips(struct tiff *t)
{
	struct dec_ctx *ctx = t->ctx;
	TIFF *tif = t->tif;
	uint64_t line, bytes;
	uint32_t rps = 0, row, rows, strip, last = UINT32_MAX;
	tmsize_t got;
	enum dec_status st;

	line = (uint64_t)TIFFScanlineSize64(tif);
	if (line == 0)
		return dec_bad(ctx, "cannot size a row: %s", why(t));
	if (line > ROW_MAX)
		return dec_bad(ctx, "rows of %llu bytes are too large",
		    (unsigned long long)line);
	if (line != row_bytes(t, t->w))
		return dec_bad(
		    ctx, "unexpected row size %llu", (unsigned long long)line);
	TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rps);
	if (rps == 0)
		return dec_bad(ctx, "zero rows per strip");
	if (rps > t->h)
		rps = t->h;
	bytes = line * rps;
	if (bytes > (t->comp == COMPRESSION_ADOBE_DEFLATE ||
				t->comp == COMPRESSION_DEFLATE
			    ? DEFLATE_MAX
			    : STRIP_MAX))
		bytes = line;
	if ((t->buf = malloc(bytes)) == NULL ||
	    (t->stride > 1 &&
		(t->gather = malloc(gather_size(t, t->w))) == NULL)) {
		snprintf(ctx->err, sizeof ctx->err, "out of memory");
		return DEC_SYSERR;
	}

	if (bytes == line) {
		for (row = t->y0; row < t->y1; row++) {
			strip = TIFFComputeStrip(tif, row, t->plane);
			if (strip != last) {
				rows = t->h - row < rps ? t->h - row : rps;
				st = check_strile(t, strip, line * rows);
				if (st != DEC_OK)
					return st;
				last = strip;
			}
			if (TIFFReadScanline(tif, t->buf, row, t->plane) < 0)
				return dec_bad(ctx,
				    "read error at row %lu: "
				    "%s",
				    (unsigned long)row, why(t));
			if (count_row(t, t->buf, t->w) < 0)
				goto nomem;
		}
		return DEC_OK;
	}
	for (row = t->y0; row < t->y1; row += rows) {
		rows = t->h - row < rps ? t->h - row : rps;
		strip = TIFFComputeStrip(tif, row, t->plane);
		if ((st = check_strile(t, strip, line * rows)) != DEC_OK)
			return st;
		got = TIFFReadEncodedStrip(
		    tif, strip, t->buf, (tmsize_t)(line * rows));
		if (got < 0)
			return dec_bad(ctx, "read error in strip %lu: %s",
			    (unsigned long)strip, why(t));
		if ((uint64_t)got < line * rows)
			return dec_bad(ctx,
			    "strip %lu is short: %lld of "
			    "%llu bytes",
			    (unsigned long)strip, (long long)got,
			    (unsigned long long)(line * rows));
		if (count_rows(t, line, t->w, rows) < 0)
			goto nomem;
	}
	return DEC_OK;
nomem:
	snprintf(ctx->err, sizeof ctx->err, "out of memory");
	return DEC_SYSERR;
}

/* Tiles of rows y0..y1-1 (whole tile rows), left to right and top to
 * bottom, edge tiles clipped. */
static enum dec_status
read_tiles(struct tiff *t)
{
	struct dec_ctx *ctx = t->ctx;
	TIFF *tif = t->tif;
	uint32_t tw = 0, th = 0, x, y, cols, rows, tile;
	uint64_t size, line;
	tmsize_t got;
	enum dec_status st;

	if (!TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw) ||
	    !TIFFGetField(tif, TIFFTAG_TILELENGTH, &th) || tw == 0 || th == 0)
		return dec_bad(ctx, "bad tile size %lu x %lu",
		    (unsigned long)tw, (unsigned long)th);
	size = (uint64_t)TIFFTileSize64(tif);
	line = (uint64_t)TIFFTileRowSize64(tif);
	if (size == 0 || line == 0)
		return dec_bad(ctx, "cannot size a tile: %s", why(t));
	if (size > TILE_MAX)
		return dec_bad(ctx,
		    "tiles of %lu x %lu take %llu bytes, over "
		    "the limit of %llu",
		    (unsigned long)tw, (unsigned long)th,
		    (unsigned long long)size, (unsigned long long)TILE_MAX);
	if (line != row_bytes(t, tw) || line * th > size)
		return dec_bad(ctx, "inconsistent tile size");
	if ((t->buf = malloc(size)) == NULL ||
	    (t->stride > 1 &&
		(t->gather = malloc(gather_size(t, tw))) == NULL)) {
		snprintf(ctx->err, sizeof ctx->err, "out of memory");
		return DEC_SYSERR;
	}

	for (y = t->y0; y < t->y1; y += rows) {
		rows = t->h - y < th ? t->h - y : th;
		for (x = 0; x < t->w; x += cols) {
			cols = t->w - x < tw ? t->w - x : tw;
			tile = TIFFComputeTile(tif, x, y, 0, t->plane);
			if ((st = check_strile(t, tile, size)) != DEC_OK)
				return st;
			got = TIFFReadEncodedTile(
			    tif, tile, t->buf, (tmsize_t)size);
			if (got < 0)
				return dec_bad(ctx,
				    "read error in tile %lu: "
				    "%s",
				    (unsigned long)tile, why(t));
			if ((uint64_t)got < line * rows)
				return dec_bad(ctx, "tile %lu is short",
				    (unsigned long)tile);
			if (count_rows(t, line, cols, rows) < 0) {
				snprintf(
				    ctx->err, sizeof ctx->err, "out of memory");
				return DEC_SYSERR;
			}
		}
	}
	return DEC_OK;
}

/*
 * Count the first n pixels of each of the rows in t->buf, line bytes
 * apart.  Rows with no padding between them are one sample run: they are
 * counted in one call, which lets the 8-bit kernel take a whole tile or
 * strip through its sub-histograms (count.c).  -1: out of memory.
 */
static int
count_rows(struct tiff *t, uint64_t line, uint32_t n, uint32_t rows)
{
	uint32_t r;

	if (t->stride == 1 && line * 8 == (uint64_t)n * t->bits)
		return count_row(t, t->buf, (size_t)n * rows);
	for (r = 0; r < rows; r++)
		if (count_row(t, t->buf + r * line, n) < 0)
			return -1;
	return 0;
}

/* Bytes of a decoded row of n pixels of the plane read. */
static uint64_t
row_bytes(const struct tiff *t, uint32_t n)
{
	return ((uint64_t)n * t->stride * t->bits + 7) / 8;
}

/* Bytes of one gathered band of n pixels: at most a row of the plane. */
static size_t
gather_size(const struct tiff *t, uint32_t n)
{
	return (size_t)n * (t->bits < 8 ? 1 : t->bits / 8);
}

/*
 * Count the chosen sample of the first n pixels of a decoded row; a band
 * of an interleaved row is first gathered into t->gather.  -1: out of
 * memory.
 */
static int
count_row(struct tiff *t, const uint8_t *row, size_t n)
{
	struct fhist *h = t->ctx->h;
	size_t i, bytes, bit;
	unsigned mask;

	if (t->colour)
		return labels_count_rgb(
		    h, t->ctx->o->colors, row, n, t->stride);
	if (t->stride > 1) {
		if (t->bits < 8) {
			mask = (1u << t->bits) - 1;
			for (i = 0; i < n; i++) {
				bit = (i * t->stride + t->sample) * t->bits;
				t->gather[i] =
				    (uint8_t)((row[bit >> 3] >>
						  (8 - t->bits - (bit & 7))) &
					mask);
			}
		} else {
			bytes = t->bits / 8;
			for (i = 0; i < n; i++)
				memcpy(t->gather + i * bytes,
				    row + (i * t->stride + t->sample) * bytes,
				    bytes);
		}
		row = t->gather;
	}
	switch (t->kind) {
	case K_BITS:
		count_packed(h->dense, row, n, t->bits);
		return 0;
	case K_U8:
		count_u8(h->dense, row, n);
		return 0;
	case K_U16:
		count_u16(h->dense, (const uint16_t *)(const void *)row, n);
		return 0;
	case K_I8:
		return count_i8(h, (const int8_t *)row, n);
	case K_I16:
		return count_i16(h, (const int16_t *)(const void *)row, n);
	case K_U32:
		return count_u32(h, (const uint32_t *)(const void *)row, n);
	case K_I32:
		return count_i32(h, (const int32_t *)(const void *)row, n);
	case K_U64:
		return count_u64(h, (const uint64_t *)(const void *)row, n);
	case K_I64:
		return count_i64(h, (const int64_t *)(const void *)row, n);
	case K_F32:
		return count_f32(h, (const float *)(const void *)row, n,
		    t->nd_on, t->nd_nan, t->nd_val);
	case K_F64:
		return count_f64(h, (const double *)(const void *)row, n,
		    t->nd_on, t->nd_nan, t->nd_val);
	}
	return 0;
}
