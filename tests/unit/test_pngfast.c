/*
 * test_pngfast.c: the fast PNG path (decode_pngfast.c) against libpng,
 * and the counting kernels it uses against count_u8_ref.
 *
 * Every PNG is made here, with libpng's writer (every colour type and bit
 * depth, each row filter, Adam7, IDAT split into tiny chunks, widths 1 to
 * 65, several label patterns) or by hand (chunk layouts libpng's writer
 * never makes: a bad filter type, too much or too little image data,
 * extra data after the zlib stream, IDAT split by another chunk, unknown
 * critical chunks, a bad CRC on an ancillary chunk, trailing bytes, tRNS
 * chunks libpng calls invalid, a chunk over libpng's length limit).  Each
 * is decoded with libpng alone (pngfast_off) and through png_count with
 * the fast path on: the status and the histogram must be identical.  Files
 * the fast path is meant to take must not be deferred to libpng, and a
 * deferred file must be left uncounted.  Damaged copies of small files
 * (CRC, Adler-32, deflate bits, truncation at every 7th byte) must get the
 * same verdict both ways, as must random changes with the CRCs made
 * right again.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libdeflate.h>
#include <png.h>

#include "count.h"
#include "decode.h"
#include "labels.h"
#include "pngfast.h"
#include "unit.h"

struct buf {
	unsigned char *p;
	size_t n, cap;
};

struct spec {
	uint32_t w, h;
	int bd, ct, interlace;
	int filter;  /* PNG_FILTER_* mask, 0 = libpng's default */
	size_t idat; /* compression buffer size, 0 = default */
	int level;   /* -1 = default */
	int pat;     /* 0 blobs, 1 noise, 2 constant, 3 stripes,
				 * 4 noise with repeated rows */
	int trns, text;
	int flat; /* channels after the first follow the label */
	uint32_t seed;
};

/* Each row filter alone, and libpng's choice among all. */
static const int filters[] = {PNG_FILTER_NONE, PNG_FILTER_SUB, PNG_FILTER_UP,
    PNG_FILTER_AVG, PNG_FILTER_PAETH, PNG_ALL_FILTERS};
static uint64_t dense_a[MFW_DENSE], dense_b[MFW_DENSE];
static struct dec_opts opts;
static int ntaken, ndeferred;

static uint32_t
mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	return x ^ (x >> 16);
}

/* A label for (x, y): blobs and bands, noise, a constant, or stripes. */
static unsigned
label(const struct spec *s, uint32_t x, uint32_t y, unsigned maxv)
{
	unsigned cx, cy, v;

	switch (s->pat) {
	case 4:
		/* Noise, but rows 12 to 19 repeat row 11. */
		if (y >= 12 && y < 20)
			y = 11;
		/* FALLTHROUGH */
	case 1:
		return mix(s->seed * 7919 + y * 65537 + x) % (maxv + 1);
	case 2:
		return maxv / 3;
	case 3:
		return (x / 3 + y) % (maxv + 1 < 5 ? maxv + 1 : 5);
	default:
		cx = s->w / 3 + s->seed % 7;
		cy = s->h / 2;
		v = (x - cx) * (x - cx) + (y - cy) * (y - cy) <
			(s->w * s->w) / 9 + 3
		    ? 1
		    : 0;
		if (y % 17 < 4)
			v = 2;
		if (x > 2 * s->w / 3 && y > s->h / 3)
			v = maxv;
		if (mix(x * 31 + y * 131 + s->seed) % 97 == 0)
			v = maxv / 2;
		return v % (maxv + 1);
	}
}

static void
put(unsigned char *row, size_t i, int bd, unsigned v)
{
	size_t bit;

	if (bd == 16) {
		row[2 * i] = (unsigned char)(v >> 8);
		row[2 * i + 1] = (unsigned char)v;
	} else if (bd == 8)
		row[i] = (unsigned char)v;
	else {
		bit = i * (size_t)bd;
		row[bit / 8] |= (unsigned char)(v << (8 - bd - (int)(bit % 8)));
	}
}

static void
reserve(struct buf *b, size_t more)
{
	if (b->n + more > b->cap) {
		b->cap = (b->n + more) * 2;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			abort();
	}
}

static void
wfn(png_structp png, png_bytep d, size_t n)
{
	struct buf *b = png_get_io_ptr(png);

	reserve(b, n);
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

static void
ffn(png_structp png)
{
	(void)png;
}

static void
errfn(png_structp png, png_const_charp msg)
{
	(void)png;
	fprintf(stderr, "libpng write: %s\n", msg);
	abort();
}

/* Write the PNG of a spec into b (b->n = 0 first). */
static void
make_png(const struct spec *s, struct buf *b)
{
	png_structp png;
	png_infop info;
	png_color pal[256];
	png_byte alpha[4] = {0, 10, 20, 30};
	png_text txt;
	int ch = s->ct == PNG_COLOR_TYPE_GRAY_ALPHA ? 2
	    : s->ct == PNG_COLOR_TYPE_RGB           ? 3
	    : s->ct == 6                            ? 4
						    : 1;
	unsigned maxv = s->bd == 16 ? 65535 : (1u << s->bd) - 1;
	size_t rb = ((size_t)s->w * (size_t)ch * (size_t)s->bd + 7) / 8, x;
	unsigned char *row = malloc(rb);
	int i, pass, npass;
	uint32_t y;

	if (s->bd == 16 && s->pat == 1)
		maxv = 700; /* 16-bit noise: a few hundred labels */
	b->n = 0;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, errfn, NULL);
	info = png_create_info_struct(png);
	png_set_write_fn(png, b, wfn, ffn);
	png_set_IHDR(png, info, s->w, s->h, s->bd, s->ct,
	    s->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (s->ct == PNG_COLOR_TYPE_PALETTE) {
		for (i = 0; i < 256; i++)
			pal[i].red = pal[i].green = pal[i].blue = (png_byte)i;
		png_set_PLTE(png, info, pal, 1 << s->bd);
		if (s->trns)
			png_set_tRNS(png, info, alpha,
			    1 << s->bd < 4 ? 1 << s->bd : 4, NULL);
	}
	if (s->trns && s->ct == PNG_COLOR_TYPE_RGB) {
		png_color_16 key;

		memset(&key, 0, sizeof(key));
		key.red = 1;
		key.green = 2;
		key.blue = 3;
		png_set_tRNS(png, info, NULL, 0, &key);
	}
	if (s->text) {
		memset(&txt, 0, sizeof(txt));
		txt.compression = PNG_TEXT_COMPRESSION_NONE;
		txt.key = (png_charp)(uintptr_t) "Comment";
		txt.text = (png_charp)(uintptr_t) "test_pngfast";
		png_set_text(png, info, &txt, 1);
		png_set_gAMA(png, info, 1.0);
	}
	if (s->filter)
		png_set_filter(png, PNG_FILTER_TYPE_BASE, s->filter);
	if (s->level >= 0)
		png_set_compression_level(png, s->level);
	if (s->idat)
		png_set_compression_buffer_size(png, s->idat);
	png_write_info(png, info);
	npass = s->interlace ? png_set_interlace_handling(png) : 1;
	for (pass = 0; pass < npass; pass++)
		for (y = 0; y < s->h; y++) {
			memset(row, 0, rb);
			for (x = 0; x < s->w; x++) {
				unsigned l = label(s, (uint32_t)x, y, maxv);

				put(row, x * (size_t)ch, s->bd, l);
				for (i = 1; i < ch; i++)
					put(row, x * (size_t)ch + (size_t)i,
					    s->bd,
					    s->flat
						? (l * 37u * (unsigned)i) & maxv
						: (unsigned)(x * 5 + y) & maxv);
			}
			png_write_row(png, row);
		}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
}

static int
cmpx(const void *a, const void *b)
{
	const struct xval *x = a, *y = b;

	return x->v < y->v ? -1 : x->v > y->v;
}

/* The same values outside the dense range (unknown colours), any order. */
static int
same_extra(struct fhist *a, struct fhist *b)
{
	size_t i;

	if (a->nextra != b->nextra || a->extra_lost != b->extra_lost ||
	    a->nonint != b->nonint)
		return 0;
	if (a->nextra == 0)
		return 1;
	qsort(a->extra, a->nextra, sizeof(*a->extra), cmpx);
	qsort(b->extra, b->nextra, sizeof(*b->extra), cmpx);
	for (i = 0; i < a->nextra; i++)
		if (a->extra[i].v != b->extra[i].v ||
		    a->extra[i].n != b->extra[i].n)
			return 0;
	return 1;
}

/* A file holding the bytes: unlinked, read through its descriptor. */
static FILE *
to_file(const unsigned char *p, size_t n)
{
	FILE *f = tmpfile();

	if (f == NULL || fwrite(p, 1, n, f) != n || fflush(f) != 0)
		abort();
	return f;
}

static enum dec_status
decode(
    FILE *f, uint64_t *dense, struct fhist *h, char *err, int fast, int direct)
{
	struct dec_ctx ctx;
	enum dec_status st;

	memset(&ctx, 0, sizeof(ctx));
	free(h->extra);
	memset(h, 0, sizeof(*h));
	memset(dense, 0, sizeof(dense_a));
	h->dense = dense;
	ctx.o = &opts;
	ctx.path = "test.png";
	ctx.fd = fileno(f);
	ctx.h = h;
	pngfast_off = !fast;
	st = direct ? pngfast_count(&ctx) : dec_png.count(&ctx);
	pngfast_off = 0;
	snprintf(err, DEC_ERRLEN, "%s", ctx.err);
	return st;
}

/*
 * The bytes through libpng alone and through png_count with the fast path:
 * same status, same counts.  want_fast: 1 the fast path must take the
 * file, 0 it must defer it untouched, -1 either.  Returns the status.
 */
static enum dec_status
compare(const unsigned char *p, size_t n, int want_fast, const char *what)
{
	struct fhist ha = {0}, hb = {0};
	char ea[DEC_ERRLEN], eb[DEC_ERRLEN];
	enum dec_status sa, sb, sf;
	FILE *f = to_file(p, n);
	int ok = 1;

	sa = decode(f, dense_a, &ha, ea, 0, 0);
	sf = decode(f, dense_b, &hb, eb, 1, 1);
	if (sf == DEC_NOTMASK) {
		ndeferred++;
		if (want_fast == 1) {
			fprintf(stderr, "%s: fast path deferred it\n", what);
			ok = 0;
		}
		for (size_t i = 0; i < MFW_DENSE; i++)
			if (dense_b[i] != 0) {
				fprintf(stderr,
				    "%s: deferred after "
				    "counting\n",
				    what);
				ok = 0;
				break;
			}
	} else {
		ntaken++;
		if (want_fast == 0) {
			fprintf(stderr, "%s: fast path took it\n", what);
			ok = 0;
		}
	}
	sb = decode(f, dense_b, &hb, eb, 1, 0);
	if (sa != sb) {
		fprintf(stderr, "%s: libpng %d (%s), fast %d (%s)\n", what, sa,
		    ea, sb, eb);
		ok = 0;
	} else if (sa == DEC_OK &&
	    (ha.width != hb.width || ha.height != hb.height ||
		ha.bits != hb.bits || ha.maxbin != hb.maxbin ||
		memcmp(dense_a, dense_b, sizeof(dense_a)) != 0 ||
		!same_extra(&ha, &hb))) {
		fprintf(stderr, "%s: counts differ\n", what);
		ok = 0;
	}
	CHECK(ok);
	free(ha.extra);
	free(hb.extra);
	fclose(f);
	return sa;
}

/*
 * RGB and RGBA through --colors: a table that knows one colour in four
 * (unknown ones are counted as extra values), every filter, widths 1 to
 * 65, Adam7, and a valid RGB tRNS.
 */
static void
test_colour(struct buf *b)
{
	struct colortable ct;
	struct spec s;
	char what[160];
	size_t fi, v;
	uint32_t w;
	int il, rgba;

	memset(&ct, 0, sizeof(ct));
	ct.lut = calloc((size_t)1 << 24, sizeof(*ct.lut));
	if (ct.lut == NULL)
		abort();
	for (v = 0; v < (size_t)1 << 24; v += 4)
		ct.lut[v] = (uint16_t)(1 + v % 300);
	opts.colors = &ct;
	for (rgba = 0; rgba < 2; rgba++)
		for (fi = 0; fi < sizeof(filters) / sizeof(filters[0]); fi++)
			for (w = 1; w <= 65; w += (w < 20 ? 1 : 7))
				for (il = 0; il < 2; il++) {
					memset(&s, 0, sizeof(s));
					s.ct = rgba ? 6 : 2;
					s.bd = 8;
					s.w = w;
					s.h = 1 + (w * 5 + fi) % 29;
					s.interlace = il;
					s.filter = filters[fi];
					s.level = -1;
					s.pat = (int)(w + fi) % 5;
					s.seed = w + 7;
					s.trns = !rgba && w % 3 == 0;
					s.flat = w % 2 == 0;
					s.idat = w % 4 == 0 ? 6 : 0;
					make_png(&s, b);
					snprintf(what, sizeof(what),
					    "colour ct %d filter %d w %u h %u "
					    "il %d",
					    s.ct, s.filter, s.w, s.h, il);
					CHECK(compare(b->p, b->n, 1, what) ==
					    DEC_OK);
				}
	/* Wide rows of runs: the table lookups of runs, repeated rows. */
	memset(&s, 0, sizeof(s));
	s.ct = 2;
	s.bd = 8;
	s.w = 3001;
	s.h = 60;
	s.filter = PNG_ALL_FILTERS;
	s.level = -1;
	s.flat = 1;
	for (fi = 0; fi < sizeof(filters) / sizeof(filters[0]); fi++)
		for (s.pat = 0; s.pat < 5; s.pat++) {
			s.filter = filters[fi];
			make_png(&s, b);
			snprintf(what, sizeof(what),
			    "colour 3001 wide, pat %d filter %d", s.pat,
			    s.filter);
			CHECK(compare(b->p, b->n, 1, what) == DEC_OK);
		}
	opts.colors = NULL;
	free(ct.lut);
}

static void
test_written(void)
{
	static const int depths[][2] = {{PNG_COLOR_TYPE_GRAY, 1},
	    {PNG_COLOR_TYPE_GRAY, 2}, {PNG_COLOR_TYPE_GRAY, 4},
	    {PNG_COLOR_TYPE_GRAY, 8}, {PNG_COLOR_TYPE_GRAY, 16},
	    {PNG_COLOR_TYPE_PALETTE, 1}, {PNG_COLOR_TYPE_PALETTE, 2},
	    {PNG_COLOR_TYPE_PALETTE, 4}, {PNG_COLOR_TYPE_PALETTE, 8},
	    {PNG_COLOR_TYPE_GRAY_ALPHA, 8}, {PNG_COLOR_TYPE_GRAY_ALPHA, 16},
	    {PNG_COLOR_TYPE_RGB, 8}};
	struct buf b = {NULL, 0, 0};
	struct spec s;
	char what[160];
	enum dec_status st;
	size_t d, fi;
	uint32_t w;
	int il, pat, eligible;

	for (d = 0; d < sizeof(depths) / sizeof(depths[0]); d++)
		for (fi = 0; fi < sizeof(filters) / sizeof(filters[0]); fi++)
			for (w = 1; w <= 65; w += (w < 20 ? 1 : 7))
				for (il = 0; il < 2; il++) {
					memset(&s, 0, sizeof(s));
					s.ct = depths[d][0];
					s.bd = depths[d][1];
					s.w = w;
					s.h = 1 + (w * 7 + fi) % 23;
					s.interlace = il;
					s.filter = filters[fi];
					s.level = -1;
					s.pat = (int)(w + fi) % 4;
					s.seed = w;
					s.trns = w % 3 == 0;
					s.text = w % 5 == 0;
					s.idat = w % 4 == 0 ? 6 : 0;
					make_png(&s, &b);
					eligible =
					    s.ct == 0 || s.ct == 3 || s.ct == 4;
					snprintf(what, sizeof(what),
					    "ct %d "
					    "bd %d filter %d w %u h %u il %d",
					    s.ct, s.bd, s.filter, s.w, s.h, il);
					/* RGB: refused, without --colors. */
					st = compare(b.p, b.n, eligible, what);
					CHECK(st ==
					    (s.ct == 2 ? DEC_BAD : DEC_OK));
				}
	test_colour(&b);
	/* Wide rows (the 16-byte blocks, the two-pass path past 65536
	 * samples) and every pattern on each filter, 8- and 16-bit noise
	 * with repeated rows (counting by runs after by difference). */
	for (pat = 0; pat < 6; pat++)
		for (fi = 0; fi < sizeof(filters) / sizeof(filters[0]); fi++) {
			memset(&s, 0, sizeof(s));
			s.ct = 0;
			s.bd = pat == 3 || pat == 5 ? 16 : 8;
			s.w = 517 + (uint32_t)pat * 1000;
			s.h = 40;
			s.filter = filters[fi];
			s.level = pat == 2 ? 0 : -1;
			s.pat = pat == 5 ? 4 : pat;
			s.seed = (uint32_t)fi;
			s.interlace = pat % 2;
			make_png(&s, &b);
			snprintf(what, sizeof(what),
			    "wide pat %d filter %d il %d", pat, s.filter,
			    s.interlace);
			CHECK(compare(b.p, b.n, 1, what) == DEC_OK);
		}
	memset(&s, 0, sizeof(s));
	s.ct = 0;
	s.bd = 8;
	s.w = 70000;
	s.h = 3;
	s.filter = PNG_ALL_FILTERS;
	s.level = -1;
	make_png(&s, &b);
	CHECK(compare(b.p, b.n, 1, "70000 wide") == DEC_OK);
	s.bd = 16;
	s.w = 66000;
	s.pat = 3;
	make_png(&s, &b);
	CHECK(compare(b.p, b.n, 1, "66000 wide, 16-bit") == DEC_OK);
	/* Files over 1 MiB: IHDR checked first, then read whole or left. */
	s.bd = 8;
	s.w = 1100;
	s.h = 1000;
	s.pat = 1;
	s.level = 0;
	make_png(&s, &b);
	CHECK(b.n > 1100000);
	CHECK(compare(b.p, b.n, 1, "stored, 1.1 MB") == DEC_OK);
	s.interlace = 1;
	make_png(&s, &b);
	CHECK(compare(b.p, b.n, 1, "stored, 1.1 MB, Adam7") == DEC_OK);
	free(b.p);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Recompute the CRC of every whole chunk. */
static void
fix_crcs(unsigned char *p, size_t n)
{
	size_t off = 8, len;
	uint32_t crc;

	while (off + 12 <= n) {
		len = get32(p + off);
		if (len > n - off - 12)
			break;
		crc = libdeflate_crc32(0, p + off + 4, len + 4);
		p[off + 8 + len] = (unsigned char)(crc >> 24);
		p[off + 9 + len] = (unsigned char)(crc >> 16);
		p[off + 10 + len] = (unsigned char)(crc >> 8);
		p[off + 11 + len] = (unsigned char)crc;
		off += 12 + len;
	}
}

/* Damaged copies of a few small files: same verdict both ways. */
static void
test_damaged(void)
{
	static const int kinds[][3] = {/* ct, bd, filter */
	    {0, 8, PNG_ALL_FILTERS}, {3, 4, PNG_FILTER_PAETH},
	    {0, 16, PNG_FILTER_UP}, {0, 1, PNG_FILTER_SUB}};
	struct buf b = {NULL, 0, 0};
	struct spec s;
	unsigned char *c;
	char what[80];
	size_t k, i, cut;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		memset(&s, 0, sizeof(s));
		s.ct = kinds[k][0];
		s.bd = kinds[k][1];
		s.filter = kinds[k][2];
		s.w = 37;
		s.h = 29;
		s.level = -1;
		s.seed = (uint32_t)k;
		s.idat = k == 1 ? 40 : 0;
		s.text = k == 2;
		s.trns = k == 1;
		make_png(&s, &b);
		c = malloc(b.n);
		for (cut = 0; cut < b.n; cut += 7) {
			snprintf(
			    what, sizeof(what), "kind %zu cut at %zu", k, cut);
			compare(b.p, cut, -1, what);
		}
		/* Flip one bit at a time in every 3rd byte: CRCs,
		 * lengths, types, IHDR fields, deflate data, Adler-32. */
		for (i = 8; i < b.n; i += 3) {
			memcpy(c, b.p, b.n);
			c[i] ^= (unsigned char)(1u << (i % 8));
			snprintf(what, sizeof(what),
			    "kind %zu bit flip at "
			    "%zu",
			    k, i);
			compare(c, b.n, -1, what);
		}
		/* Random changes with every CRC made right again, so that
		 * the damage reaches IHDR fields, lengths, zlib and rows. */
		for (i = 0; i < 400; i++) {
			uint32_t r = mix((uint32_t)(k * 1000 + i));
			int m;

			memcpy(c, b.p, b.n);
			for (m = 0; m < 1 + (int)(r % 3); m++) {
				r = mix(r);
				c[8 + r % (b.n - 8)] = (unsigned char)(r >> 8);
			}
			fix_crcs(c, b.n);
			snprintf(
			    what, sizeof(what), "kind %zu mutant %zu", k, i);
			compare(c, b.n, -1, what);
		}
		free(c);
	}
	free(b.p);
}

/* Hand-made files: a PNG writer that puts chunks where we say. */
static void
chunk(struct buf *b, const char *type, const unsigned char *d, size_t n,
    int badcrc)
{
	unsigned char h[8];
	uint32_t crc;

	h[0] = (unsigned char)(n >> 24);
	h[1] = (unsigned char)(n >> 16);
	h[2] = (unsigned char)(n >> 8);
	h[3] = (unsigned char)n;
	memcpy(h + 4, type, 4);
	reserve(b, n + 12);
	memcpy(b->p + b->n, h, 8);
	if (n > 0)
		memcpy(b->p + b->n + 8, d, n);
	crc = libdeflate_crc32(0, b->p + b->n + 4, n + 4) ^ (badcrc ? 1 : 0);
	b->p[b->n + 8 + n] = (unsigned char)(crc >> 24);
	b->p[b->n + 9 + n] = (unsigned char)(crc >> 16);
	b->p[b->n + 10 + n] = (unsigned char)(crc >> 8);
	b->p[b->n + 11 + n] = (unsigned char)crc;
	b->n += n + 12;
}

enum {
	H_PLAIN,
	H_BADFILTER,
	H_SHORT,
	H_LONG,
	H_EXTRA,
	H_SPLIT_ANC,
	H_ZERO_IDATS,
	H_ONE_BYTE_IDATS,
	H_CRITICAL,
	H_ANC_BADCRC,
	H_TRAILING,
	H_NOPLTE,
	H_PLTE_GRAY,
	H_TWO_PLTE,
	H_PLTE_BADCRC,
	H_IEND_LEN,
	H_IHDR_BAD,
	H_TRNS_LATE,
	H_TRNS_LONG,
	H_TRNS_GRAY,
	H_TRNS_DUP,
	H_TRNS_EARLY,
	H_BIG_ANC,
	H_LAST
};

/*
 * An 8-bit gray (or palette) 23 x 11 image, raw rows zlib-compressed by
 * libdeflate, laid out as the case asks.  Returns whether the fast path
 * should take it.
 */
static int
hand_png(struct buf *b, int kase)
{
	static const unsigned char sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
	unsigned char ihdr[13] = {0, 0, 0, 23, 0, 0, 0, 11, 8, 0, 0, 0, 0};
	unsigned char raw[24 * 12], z[1024], pal[768];
	struct libdeflate_compressor *dc = libdeflate_alloc_compressor(6);
	size_t rawn = 24 * 11, zn, i;
	int pal8 = kase == H_NOPLTE || kase == H_TWO_PLTE ||
	    kase == H_PLTE_BADCRC || kase == H_TRNS_LATE ||
	    kase == H_TRNS_LONG || kase == H_TRNS_DUP || kase == H_TRNS_EARLY;
	static unsigned char big[8000001];

	for (i = 0; i < sizeof(raw); i++)
		raw[i] =
		    (unsigned char)(i % 24 == 0 ? i / 24 % 5 : (i / 7) % 3);
	if (kase == H_BADFILTER)
		raw[24 * 6] = 5;
	if (kase == H_SHORT)
		rawn -= 3;
	if (kase == H_LONG)
		rawn += 10;
	zn = libdeflate_zlib_compress(dc, raw, rawn, z, sizeof(z));
	libdeflate_free_compressor(dc);
	if (zn == 0)
		abort();
	if (kase == H_EXTRA) {
		memset(z + zn, 0, 5);
		zn += 5;
	}
	if (pal8)
		ihdr[9] = 3;
	if (kase == H_IHDR_BAD)
		ihdr[11] = 1; /* filter method 1 */
	for (i = 0; i < sizeof(pal); i++)
		pal[i] = (unsigned char)i;
	b->n = 0;
	reserve(b, 8);
	memcpy(b->p, sig, 8);
	b->n = 8;
	chunk(b, "IHDR", ihdr, 13, 0);
	chunk(
	    b, "tEXt", (const unsigned char *)"a\0b", 3, kase == H_ANC_BADCRC);
	if (kase == H_BIG_ANC) /* over libpng's 8,000,000-byte limit */
		chunk(b, "zzZz", big, sizeof(big), 0);
	if (kase == H_TRNS_EARLY)
		chunk(b, "tRNS", pal, 2, 0);
	if (kase == H_TRNS_GRAY)
		chunk(b, "tRNS", pal, 3, 0);
	if (pal8 && kase != H_NOPLTE)
		chunk(b, "PLTE", pal, kase == H_TRNS_LONG ? 12 : 768,
		    kase == H_PLTE_BADCRC);
	if (kase == H_TRNS_LONG || kase == H_TRNS_DUP)
		chunk(b, "tRNS", pal, 10, 0);
	if (kase == H_TRNS_DUP)
		chunk(b, "tRNS", pal, 10, 0);
	if (kase == H_TWO_PLTE)
		chunk(b, "PLTE", pal, 12, 0);
	if (kase == H_PLTE_GRAY)
		chunk(b, "PLTE", pal, 30, 0);
	if (kase == H_SPLIT_ANC) {
		chunk(b, "IDAT", z, zn / 2, 0);
		chunk(b, "tEXt", (const unsigned char *)"c\0d", 3, 0);
		chunk(b, "IDAT", z + zn / 2, zn - zn / 2, 0);
	} else if (kase == H_ZERO_IDATS) {
		chunk(b, "IDAT", z, 0, 0);
		chunk(b, "IDAT", z, zn, 0);
		chunk(b, "IDAT", z, 0, 0);
	} else if (kase == H_ONE_BYTE_IDATS) {
		for (i = 0; i < zn; i++)
			chunk(b, "IDAT", z + i, 1, 0);
	} else
		chunk(b, "IDAT", z, zn, 0);
	if (kase == H_CRITICAL) /* libpng skips it: NEVER handles it */
		chunk(b, "ABCD", z, 4, 0);
	if (kase == H_TRNS_LATE)
		chunk(b, "tRNS", pal, 2, 0);
	chunk(b, "IEND", z, kase == H_IEND_LEN ? 2 : 0, 0);
	if (kase == H_TRAILING)
		chunk(b, "JUNK", z, 8, 1);
	return kase == H_PLAIN || kase == H_ZERO_IDATS ||
	    kase == H_ONE_BYTE_IDATS || kase == H_ANC_BADCRC ||
	    kase == H_TRAILING || kase == H_BADFILTER;
}

static void
test_hand(void)
{
	struct buf b = {NULL, 0, 0};
	char what[40];
	enum dec_status st;
	int k, want;

	for (k = 0; k < H_LAST; k++) {
		want = hand_png(&b, k);
		snprintf(what, sizeof(what), "hand-made case %d", k);
		st = compare(b.p, b.n, want, what);
		if (k == H_PLAIN || k == H_ONE_BYTE_IDATS)
			CHECK(st == DEC_OK);
		if (k == H_BADFILTER || k == H_NOPLTE || k == H_TRNS_LONG ||
		    k == H_TRNS_GRAY || k == H_TRNS_DUP || k == H_TRNS_EARLY ||
		    k == H_BIG_ANC) {
			if (st != DEC_BAD)
				fprintf(stderr, "case %d: status %d\n", k, st);
			CHECK(st == DEC_BAD);
		}
	}
	free(b.p);
}

/* --max-pixels: both ways the same refusal. */
static void
test_max_pixels(void)
{
	struct buf b = {NULL, 0, 0};
	struct spec s;

	memset(&s, 0, sizeof(s));
	s.ct = 0;
	s.bd = 8;
	s.w = 40;
	s.h = 30;
	s.level = -1;
	make_png(&s, &b);
	opts.max_pixels = 1199;
	CHECK(compare(b.p, b.n, 1, "max-pixels") == DEC_BAD);
	opts.max_pixels = 1200;
	CHECK(compare(b.p, b.n, 1, "max-pixels") == DEC_OK);
	opts.max_pixels = 0;
	free(b.p);
}

/* The kernels the fast path counts with, against the reference loop. */
static void
test_kernels(void)
{
	static uint8_t row[20000], pk[6000];
	static uint16_t w16[3000];
	uint64_t k;
	size_t n, i, v,
	    lens[] = {
		0, 1, 15, 16, 17, 31, 33, 255, 600, 4100, 5000, 9000, 20000};
	int kind, bits;
	uint32_t r = 1;

	for (kind = 0; kind < 5; kind++)
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			n = lens[i];
			for (v = 0; v < n; v++) {
				r = mix(r + 1);
				row[v] = (uint8_t)(kind == 0 ? r
					: kind == 1          ? r % 2
					: kind == 2          ? v / 40 % 3
					: kind == 3 ? (r % 7 == 0 ? r : 9)
						    : 4);
			}
			for (k = 1; k <= 3; k += 2) {
				memset(dense_a, 0, 256 * 8);
				memset(dense_b, 0, 256 * 8);
				count_u8_rep(dense_a, row, n, k);
				count_u8(dense_a, row, n);
				for (v = 0; v < k + 1; v++)
					count_u8_ref(dense_b, row, n);
				CHECK(memcmp(dense_a, dense_b, 256 * 8) == 0);
			}
		}
	for (n = 0; n < 3000; n += 1 + n / 3) {
		for (v = 0; v < n; v++)
			w16[v] = (uint16_t)(v % 5 ? v / 50 : mix((uint32_t)v));
		for (v = 0; v < n; v++) {
			pk[2 * v] = (uint8_t)(w16[v] >> 8);
			pk[2 * v + 1] = (uint8_t)w16[v];
		}
		memset(dense_a, 0, sizeof(dense_a));
		memset(dense_b, 0, sizeof(dense_b));
		count_u16be_rep(dense_a, pk, n, 3);
		for (v = 0; v < n; v++)
			dense_b[w16[v]] += 3;
		CHECK(memcmp(dense_a, dense_b, sizeof(dense_a)) == 0);
	}
	for (bits = 1; bits <= 4; bits *= 2)
		for (n = 0; n < 300; n++) {
			for (v = 0; v < (n * (size_t)bits + 7) / 8; v++)
				pk[v] = (uint8_t)(v % 9 < 5
					? 0xff
					: mix((uint32_t)(v + n)));
			memset(dense_a, 0, 16 * 8);
			memset(dense_b, 0, 16 * 8);
			count_packed_rep(dense_a, pk, n, bits, 2);
			for (v = 0; v < n; v++) {
				size_t bit = v * (size_t)bits;
				unsigned s =
				    8 - (unsigned)bits - (unsigned)(bit % 8);

				dense_b[(pk[bit / 8] >> s) &
				    ((1u << bits) - 1)] += 2;
			}
			CHECK(memcmp(dense_a, dense_b, 16 * 8) == 0);
		}
}

int
main(void)
{
	test_kernels();
	test_written();
	test_damaged();
	test_hand();
	test_max_pixels();
	printf("fast path took %d files, deferred %d\n", ntaken, ndeferred);
	CHECK(ntaken > 500 && ndeferred > 500);
	return unit_done("test_pngfast");
}
