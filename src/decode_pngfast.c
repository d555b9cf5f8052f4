/*
 * decode_pngfast.c: the fast path for the common PNG masks.
 *
 * libpng inflates with zlib's streaming inflate and unfilters one row per
 * call; on label masks that is most of mfweights' time, and libdeflate's
 * whole-buffer inflate is about 4x faster on them (measured with
 * bench/floor.c).  This path
 * reads the file once, walks its chunks, checks the CRC of every critical
 * chunk, joins the IDAT data in place and inflates it in one call with
 * libdeflate (which checks the zlib header and the Adler-32) into a buffer
 * of exactly the decoded size.  Then, for 8- and 16-bit rows, each row is
 * unfiltered 16 bytes at a time and cut into runs of equal samples in the
 * same pass (row_body), and the runs are counted; 1, 2 and 4-bit rows,
 * gray + alpha and colour rows, and very wide ones are unfiltered, then
 * counted by the count.c kernels (colours: labels_count_rgb_rep) while
 * in cache.  A row that the Up filter makes equal to the row above
 * (all its bytes zero) is neither unfiltered nor cut again: the row above
 * is counted once more.
 *
 * It takes only files it can tell libpng would count the same way:
 * gray (1, 2, 4, 8 or 16-bit), palette (1, 2, 4 or 8-bit) and gray +
 * alpha (8 or 16-bit, the gray sample counted) images, and
 * 8-bit RGB and RGBA when --colors is given (colours through its table,
 * as labels_count_rgb does for libpng's rows), at most PF_MAXFILE bytes
 * decoding to at most PF_MAXRAW, chunks in the usual order.  Adam7
 * images are counted pass by pass, each pass as an image of its own.  For
 * anything else, damage included (a CRC or Adler-32 error, truncation,
 * image data too short or too long, an unknown critical chunk), it
 * returns DEC_NOTMASK before counting a sample, and png_count decodes
 * the file with libpng, which stays the reference and gives its own
 * verdict and message.  A damaged file thus
 * costs a second decode, and libpng's choices stay the only ones (which
 * png_count sets: benign errors are fatal, a bad CRC on an ancillary
 * chunk is a warning).  So ancillary chunks are skipped unchecked, except
 * what libpng itself checks of them: their length, and tRNS.  The one
 * fault found while counting, a row filter type above 4, is fatal in
 * libpng as well and reported with libpng's words.
 *
 * libdeflate accepts a few malformed DEFLATE streams that zlib refuses
 * (too many codes declared in a block header, a code length repeat past
 * the last code, ...: see inflate_check.c).  So the block structure of
 * every stream is walked as zlib would walk it (zcheck_stream) and a
 * stream it cannot prove valid goes to libpng, like any other damage.
 *
 * Each thread keeps its buffers and decompressor between files (files
 * of a run are alike, and fresh large buffers cost page faults and, with
 * two threads, TLB shootdowns on every free); buffers above PF_KEEP are
 * freed after the file.  The cache is freed when the thread exits.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>
#include <png.h> /* PNG_USER_CHUNK_MALLOC_MAX only */

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "count.h"
#include "decode.h"
#include "inflate_check.h"
#include "labels.h"
#include "pngfast.h"

/* Largest file read whole, largest decoded image held (64 MiB keeps a
 * worker's peak RSS far below the 256 MiB the test suite allows):
 * bigger images go through libpng, row by row. */
#define PF_MAXFILE ((size_t)64 << 20)
#define PF_MAXRAW  ((size_t)64 << 20)
/* Buffers up to this size stay allocated for the thread's next file
 * (a 2048 x 2048 8-bit image decodes to 4 MiB); larger ones are freed
 * after the file, so that one big image does not keep RSS up. */
#define PF_KEEP    ((size_t)8 << 20)
/* 8- and 16-bit rows up to this width are unfiltered and counted in one
 * pass (pf_rows_fused); wider ones, in two (pf_rows). */
#define PF_RUNROW  65536
/* Longest chunk: libpng refuses longer ones ("chunk data is too large",
 * a benign error, which png_count makes fatal), IDAT of big images
 * excepted; we leave all of them to libpng. */
#if defined(PNG_USER_CHUNK_MALLOC_MAX) && PNG_USER_CHUNK_MALLOC_MAX > 0
#define PF_MAXCHUNK PNG_USER_CHUNK_MALLOC_MAX
#else
#define PF_MAXCHUNK 0x7fffffff
#endif
/* Files above this size have their IHDR checked before the whole file
 * is read, so that one we would not take costs no big read. */
#define PF_PEEK    ((size_t)1 << 20)
/* Signature, IHDR, one IDAT and IEND. */
#define PF_MINFILE (8 + 25 + 12 + 12)

int pngfast_off;

struct pf_cache {
	unsigned char *file, *raw;
	size_t filecap, rawcap;
	struct libdeflate_decompressor *dd;
	unsigned char *zero; /* a zero row: the row above the first */
	size_t zerocap;
	/* The runs of a row, in pf_rows_fused. */
	uint16_t *runv;
	uint32_t *runn;
};

struct pf_img {
	uint32_t w, h;
	int bd, ct;
	int ch;             /* samples per pixel: 1, 2 (gray + alpha), 3, 4 */
	int il;             /* Adam7 interlaced */
	size_t rb;          /* bytes per row, without the filter byte */
	unsigned char *raw; /* the rows (of one pass, if interlaced) */
	size_t zoff, zlen;  /* the joined IDAT data, inside the file */
};

static void pf_cache_free(void *);
static void pf_key_init(void);
static struct pf_cache *pf_cache(void);
static int pf_grow(unsigned char **, size_t *, size_t);
static void pf_trim(struct pf_cache *);
static int pf_zero(struct pf_cache *, size_t);
static uint32_t be32(const unsigned char *);
static int type_ok(const unsigned char *);
static int ihdr_ok(const unsigned char *, struct pf_img *);
static enum dec_status pf_first_idat(struct dec_ctx *, struct pf_img *);
static enum dec_status pf_walk(
    struct dec_ctx *, unsigned char *, size_t, struct pf_img *);
static uint64_t pattern(const unsigned char *, size_t);
static int allzero(const unsigned char *, size_t);
static void unf_up(unsigned char *, const unsigned char *, size_t);
static unsigned char paeth(int, int, int);
static void unf_row(
    unsigned char *, const unsigned char *, size_t, size_t, int);
static int count_row(
    struct dec_ctx *, const unsigned char *, const struct pf_img *, uint64_t);
static int pf_rows(struct pf_cache *, struct dec_ctx *, const struct pf_img *);
static size_t row8(unsigned char *, const unsigned char *, size_t, int,
    uint16_t *, uint32_t *);
static size_t row16(unsigned char *, const unsigned char *, size_t, int,
    uint16_t *, uint32_t *);
static void add_runs(
    uint64_t *, const uint16_t *, const uint32_t *, size_t, uint64_t);
static int pf_fused_alloc(struct pf_cache *);
static int pf_rows_fused(struct pf_cache *, uint64_t *, const struct pf_img *);
static int pf_inflate(struct pf_cache *, const struct pf_img *, size_t);

static pthread_once_t pf_once = PTHREAD_ONCE_INIT;
static pthread_key_t pf_key;
static int pf_haskey;

static void
pf_cache_free(void *arg)
{
	struct pf_cache *c = arg;

	free(c->file);
	free(c->raw);
	free(c->zero);
	free(c->runv);
	free(c->runn);
	if (c->dd != NULL)
		libdeflate_free_decompressor(c->dd);
	free(c);
}

static void
pf_key_init(void)
{
	pf_haskey = pthread_key_create(&pf_key, pf_cache_free) == 0;
}

/* This thread's cache, made on first use; NULL if that fails. */
static struct pf_cache *
pf_cache(void)
{
	struct pf_cache *c;

	if (pthread_once(&pf_once, pf_key_init) != 0 || !pf_haskey)
		return NULL;
	if ((c = pthread_getspecific(pf_key)) != NULL)
		return c;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->dd = libdeflate_alloc_decompressor()) == NULL ||
	    pthread_setspecific(pf_key, c) != 0) {
		pf_cache_free(c);
		return NULL;
	}
	return c;
}

static int
pf_grow(unsigned char **p, size_t *cap, size_t n)
{
	if (n <= *cap)
		return 0;
	/* No realloc: the old contents are not needed. */
	free(*p);
	*cap = 0;
	if ((*p = malloc(n)) == NULL)
		return -1;
	*cap = n;
	return 0;
}

static void
pf_trim(struct pf_cache *c)
{
	if (c->filecap > PF_KEEP) {
		free(c->file);
		c->file = NULL;
		c->filecap = 0;
	}
	if (c->rawcap > PF_KEEP) {
		free(c->raw);
		c->raw = NULL;
		c->rawcap = 0;
	}
	if (c->zerocap > PF_KEEP) {
		free(c->zero);
		c->zero = NULL;
		c->zerocap = 0;
	}
}

/* At least n zero bytes at c->zero: 0, or -1. */
static int
pf_zero(struct pf_cache *c, size_t n)
{
	if (n <= c->zerocap)
		return 0;
	free(c->zero);
	c->zerocap = 0;
	if ((c->zero = calloc(n, 1)) == NULL)
		return -1;
	c->zerocap = n;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Chunk type letters as libpng requires them (png_check_chunk_name). */
static int
type_ok(const unsigned char *t)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!((t[i] >= 'A' && t[i] <= 'Z') ||
			(t[i] >= 'a' && t[i] <= 'z')))
			return 0;
	return 1;
}

/*
 * An IHDR this path takes: valid for libpng (sizes 1..2^31-1, standard
 * compression and filter method) and of an eligible kind.
 */
static int
ihdr_ok(const unsigned char *p, struct pf_img *im)
{
	im->w = be32(p);
	im->h = be32(p + 4);
	im->bd = p[8];
	im->ct = p[9];
	if (im->w == 0 || im->w > 0x7fffffffU || im->h == 0 ||
	    im->h > 0x7fffffffU || p[10] != 0 || p[11] != 0 || p[12] > 1)
		return 0;
	im->il = p[12];
	switch (im->bd) {
	case 1:
	case 2:
	case 4:
	case 8:
		break;
	case 16:
		if (im->ct != 0 && im->ct != 4)
			return 0;
		break;
	default:
		return 0;
	}
	switch (im->ct) {
	case 0:
	case 3:
		im->ch = 1;
		break;
	case 4: /* gray + alpha: the gray sample is counted */
		im->ch = 2;
		break;
	case 2: /* RGB and RGBA, 8-bit, through --colors */
	case 6:
		im->ch = im->ct == 2 ? 3 : 4;
		break;
	default:
		return 0;
	}
	if (im->bd < 8 && im->ch > 1)
		return 0;
	im->rb = ((size_t)im->w * (size_t)im->ch * (size_t)im->bd + 7) / 8;
	return 1;
}

/*
 * Adam7: pass k holds the pixels at columns x0 + i * dx and rows
 * y0 + j * dy.  Counting does not care where a pixel is, so each pass is
 * counted as an image of its own (a pass of no pixels has no rows).
 */
static const uint8_t a7[7][4] = {/* x0, dx, y0, dy */
    {0, 8, 0, 8}, {4, 8, 0, 8}, {0, 4, 4, 8}, {2, 4, 0, 4}, {0, 2, 2, 4},
    {1, 2, 0, 2}, {0, 1, 1, 2}};

/* Pass k of im (k 0 with no interlacing: im itself) as an image. */
static struct pf_img
pf_pass(const struct pf_img *im, int k)
{
	struct pf_img p = *im;

	if (!im->il)
		return p;
	p.w =
	    im->w > a7[k][0] ? (im->w - a7[k][0] + a7[k][1] - 1) / a7[k][1] : 0;
	p.h =
	    im->h > a7[k][2] ? (im->h - a7[k][2] + a7[k][3] - 1) / a7[k][3] : 0;
	if (p.w == 0)
		p.h = 0;
	p.rb = ((size_t)p.w * (size_t)p.ch * (size_t)p.bd + 7) / 8;
	return p;
}

/* The decoded size of im, filter bytes included; 0 if over PF_MAXRAW. */
static size_t
pf_rawsize(const struct pf_img *im)
{
	struct pf_img p;
	size_t n = 0;
	int k;

	for (k = 0; k < (im->il ? 7 : 1); k++) {
		p = pf_pass(im, k);
		if (p.h == 0)
			continue;
		if (p.rb + 1 > PF_MAXRAW || p.h > (PF_MAXRAW - n) / (p.rb + 1))
			return 0;
		n += (p.rb + 1) * p.h;
	}
	return n;
}

/*
 * At the first IDAT, where libpng's png_read_info ends and png_count checks
 * the size: the decoded image must fit PF_MAXRAW, then --max-pixels.
 */
static enum dec_status
pf_first_idat(struct dec_ctx *ctx, struct pf_img *im)
{
	if (pf_rawsize(im) == 0)
		return DEC_NOTMASK;
	/* Colour without --colors: libpng's path says why it cannot be. */
	if (im->ch >= 3 && (ctx->o == NULL || ctx->o->colors == NULL))
		return DEC_NOTMASK;
	return dec_check_size(ctx, im->w, im->h);
}

/*
 * Walk the chunks: IHDR first; then ancillary chunks, at most one PLTE
 * (palette images only) and one valid tRNS before the IDAT chunks, which
 * must follow each other; then ancillary chunks and IEND.  No chunk may
 * be longer than PF_MAXCHUNK.  Critical chunks must have their CRC
 * right.  The IDAT data are moved down over the chunk headers between
 * them, so that they end up joined at p + im->zoff.  DEC_OK, DEC_NOTMASK
 * (not taken) or DEC_BAD (--max-pixels).
 */
static enum dec_status
pf_walk(struct dec_ctx *ctx, unsigned char *p, size_t n, struct pf_img *im)
{
	static const unsigned char sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
	size_t off = 8, len, zend = 0, npal = 0;
	int plte = 0, trns = 0, idat = 0; /* idat: 0 before, 1 in, 2 after */
	enum dec_status st;
	const unsigned char *t;

	if (n < PF_MINFILE || memcmp(p, sig, 8) != 0)
		return DEC_NOTMASK;
	for (;;) {
		if (n - off < 12)
			return DEC_NOTMASK;
		len = be32(p + off);
		t = p + off + 4;
		if (len > PF_MAXCHUNK || len > n - off - 12 || !type_ok(t))
			return DEC_NOTMASK;
		if (off == 8 && memcmp(t, "IHDR", 4) != 0)
			return DEC_NOTMASK;
		/* libpng reads tRNS, and may find it "invalid", "out of
		 * place" or "duplicate": take only the plain ones. */
		if (memcmp(t, "tRNS", 4) == 0) {
			if (idat != 0 || trns || (im->ct == 0 && len != 2) ||
			    (im->ct == 2 && len != 6) || im->ct == 4 ||
			    im->ct == 6 ||
			    (im->ct == 3 && (len == 0 || len > npal)))
				return DEC_NOTMASK;
			trns = 1;
		}
		/* Bit 5 of the first letter: ancillary (lower case). */
		if ((t[0] & 0x20) != 0) {
			if (idat == 1)
				idat = 2;
			off += 12 + len;
			continue;
		}
		if (libdeflate_crc32(0, t, len + 4) != be32(t + 4 + len))
			return DEC_NOTMASK;
		if (memcmp(t, "IHDR", 4) == 0) {
			if (off != 8 || len != 13 || !ihdr_ok(t + 4, im))
				return DEC_NOTMASK;
		} else if (memcmp(t, "PLTE", 4) == 0) {
			if (plte || idat != 0 || im->ct != 3 || len == 0 ||
			    len % 3 != 0 || len > 768)
				return DEC_NOTMASK;
			plte = 1;
			/* libpng drops the entries past 2^depth. */
			npal =
			    len / 3 < (1u << im->bd) ? len / 3 : 1u << im->bd;
		} else if (memcmp(t, "IDAT", 4) == 0) {
			if (idat == 2 || (im->ct == 3 && !plte))
				return DEC_NOTMASK;
			if (idat == 0) {
				if ((st = pf_first_idat(ctx, im)) != DEC_OK)
					return st;
				idat = 1;
				im->zoff = zend = off + 8;
			}
			memmove(p + zend, t + 4, len);
			zend += len;
		} else if (memcmp(t, "IEND", 4) == 0) {
			if (idat == 0 || len != 0)
				return DEC_NOTMASK;
			im->zlen = zend - im->zoff;
			return DEC_OK;
		} else
			return DEC_NOTMASK; /* unknown critical chunk */
		off += 12 + len;
	}
}

/*
 * The bpp (1 to 4) bytes before r, the pixel to the left, repeated over
 * 8 bytes, as memcpy would load them.
 */
static uint64_t
pattern(const unsigned char *r, size_t bpp)
{
	unsigned char b[8];
	uint64_t v;
	size_t i;

	if (bpp == 1)
		return r[-1] * UINT64_C(0x0101010101010101);
	for (i = 0; i < 8; i++)
		b[i] = r[(ptrdiff_t)(i % bpp) - (ptrdiff_t)bpp];
	memcpy(&v, b, 8);
	return v;
}

static int
allzero(const unsigned char *r, size_t n)
{
	uint64_t x;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, r + i, 8);
		if (x != 0)
			return 0;
	}
	for (; i < n; i++)
		if (r[i] != 0)
			return 0;
	return 1;
}

static void
unf_up(unsigned char *r, const unsigned char *p, size_t n)
{
	size_t i = 0;

#ifdef __SSE2__
	for (; i + 16 <= n; i += 16)
		_mm_storeu_si128((__m128i *)(void *)(r + i),
		    _mm_add_epi8(
			_mm_loadu_si128((const __m128i *)(const void *)(r + i)),
			_mm_loadu_si128(
			    (const __m128i *)(const void *)(p + i))));
#endif
	for (; i < n; i++)
		r[i] = (unsigned char)(r[i] + p[i]);
}

static unsigned char
paeth(int a, int b, int c)
{
	int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);

	if (pa <= pb && pa <= pc)
		return (unsigned char)a;
	return (unsigned char)(pb <= pc ? b : c);
}

/*
 * Count one unfiltered row k times: its samples, the gray samples of gray
 * + alpha, the colours of RGB(A) through --colors.  -1: out of memory.
 */
static int
count_row(struct dec_ctx *ctx, const unsigned char *row,
    const struct pf_img *im, uint64_t k)
{
	uint64_t *d = ctx->h->dense;
	size_t i;

	if (im->ch >= 3)
		return labels_count_rgb_rep(
		    ctx->h, ctx->o->colors, row, im->w, im->ch, k);
	if (im->ch == 2 && im->bd == 8)
		for (i = 0; i < im->w; i++)
			d[row[2 * i]] += k;
	else if (im->ch == 2)
		for (i = 0; i < im->w; i++)
			d[(unsigned)row[4 * i] << 8 | row[4 * i + 1]] += k;
	else if (im->bd == 8)
		count_u8_rep(d, row, im->w, k);
	else if (im->bd == 16)
		count_u16be_rep(d, row, im->w, k);
	else
		count_packed_rep(d, row, im->w, im->bd, k);
	return 0;
}

/*
 * Unfilter and count every row, in two passes per row (1, 2 and 4-bit
 * rows, gray + alpha, colour, rows wider than PF_RUNROW samples).  A row
 * is counted when the next row that differs from it comes up, so that
 * runs of equal rows are counted once, with their number.  -1 if the
 * zero row cannot be had (nothing counted yet), -2 out of memory while
 * counting.
 */
static int
pf_rows(struct pf_cache *c, struct dec_ctx *ctx, const struct pf_img *im)
{
	size_t bpp = im->bd < 8 ? 1 : (size_t)im->ch * (size_t)im->bd / 8;
	size_t stride = im->rb + 1;
	unsigned char *cur;
	const unsigned char *prev = NULL;
	uint64_t k = 0;
	uint32_t y;
	int f;

	if (pf_zero(c, im->rb) != 0)
		return -1;
	for (y = 0; y < im->h; y++) {
		cur = im->raw + (size_t)y * stride + 1;
		f = cur[-1];
		if (prev != NULL && f == 2 && allzero(cur, im->rb)) {
			k++;
			continue;
		}
		if (prev != NULL && count_row(ctx, prev, im, k) != 0)
			return -2;
		unf_row(cur, prev != NULL ? prev : c->zero, im->rb, bpp, f);
		prev = cur;
		k = 1;
	}
	return count_row(ctx, prev, im, k) != 0 ? -2 : 0;
}

#ifdef __SSE2__
#define LOAD16(p)  _mm_loadu_si128((const __m128i *)(const void *)(p))
/* Bit i set where bytes i of a and b are equal. */
#define EQ16(a, b) ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8((a), (b))))
#endif

/* Byte t of the row after unfiltering, given the bytes before it. */
static inline __attribute__((always_inline)) unsigned char
unf_byte(
    const unsigned char *r, const unsigned char *p, size_t t, size_t bpp, int f)
{
	int a = t >= bpp ? r[t - bpp] : 0;
	int c = t >= bpp ? p[t - bpp] : 0;

	switch (f) {
	case 1:
		return (unsigned char)(r[t] + a);
	case 2:
		return (unsigned char)(r[t] + p[t]);
	case 3:
		return (unsigned char)(r[t] + ((a + p[t]) >> 1));
	case 4:
		return (unsigned char)(r[t] + paeth(a, p[t], c));
	default:
		return r[t];
	}
}

/*
 * Sub, Average or Paeth on the 8 bytes at t.  In masks most filtered
 * bytes are zero and the row above is flat: 8 zero bytes whose predictor
 * is the pixel to the left repeat that pixel, which is written at once;
 * other bytes are unfiltered one by one.  The predictor is the left pixel
 * a for Sub, and for Average and Paeth when the row above holds the same
 * pixel b = a there: (a + a) / 2 = a, and Paeth's distances are then
 * |a - c|, |a - c| and 2|a - c|, so it picks a whatever c is.
 */
static inline __attribute__((always_inline)) void
unf_half(unsigned char *r, const unsigned char *p, size_t t, size_t bpp, int f)
{
	uint64_t x, b, pat = 0;
	size_t u;

	memcpy(&x, r + t, 8);
	memcpy(&b, p + t, 8);
	if (t >= bpp)
		pat = pattern(r + t, bpp);
	if (x == 0 && (f == 1 || b == pat)) {
		memcpy(r + t, &pat, 8);
		return;
	}
	for (u = t; u < t + 8; u++)
		r[u] = unf_byte(r, p, u, bpp, f);
}

/* Unfilter a row of n bytes in place (filter f, row above p). */
static void
unf_row(unsigned char *r, const unsigned char *p, size_t n, size_t bpp, int f)
{
	size_t t = 0;

	if (f == 0)
		return;
	if (f == 2) {
		unf_up(r, p, n);
		return;
	}
	for (; t + 8 <= n; t += 8)
		unf_half(r, p, t, bpp, f);
	for (; t < n; t++)
		r[t] = unf_byte(r, p, t, bpp, f);
}

/* The sample at byte t: 8-bit, or 16-bit big-endian. */
#define SAMPLE(r, t, bpp)                                                      \
	((bpp) == 1 ? (unsigned)(r)[t] : (unsigned)(r)[t] << 8 | (r)[(t) + 1])

/*
 * Unfilter one row of n bytes in place (filter f, row above p: a zero row
 * for the first) and cut it into runs of equal samples: run j is runn[j]
 * samples of value runv[j].  Returns the number of runs.  bpp is 1
 * (8-bit samples) or 2 (16-bit).  Sixteen bytes at a time: a block that
 * goes on with the current run costs one compare; Up is one add and Sub
 * four (prefix sums); Average and Paeth blocks of zero bytes under a flat
 * stretch of the row above equal to the left pixel go on with the run
 * (see unf_half), others are unfiltered byte by byte.  Inlined for each
 * filter type and sample size, so that f and bpp are constants.
 */
static inline __attribute__((always_inline)) size_t
row_body(unsigned char *r, const unsigned char *p, size_t n, uint16_t *runv,
    uint32_t *runn, const int f, const size_t bpp)
{
	size_t i = 0, s = 0, nr = 0, t;
	unsigned v = 0; /* the run so far: 0 samples of 0 */

#ifdef __SSE2__
	__m128i bv = _mm_setzero_si128(), x, out, z = _mm_setzero_si128();
	unsigned neq;

	for (; i + 16 <= n; i += 16) {
		x = LOAD16(r + i);
		if (f == 0) {
			out = x;
		} else if (f == 2) {
			out = _mm_add_epi8(x, LOAD16(p + i));
		} else if (f == 1) {
			/* Prefix sums per byte lane, plus the left pixel. */
			if (bpp == 1)
				x = _mm_add_epi8(x, _mm_slli_si128(x, 1));
			x = _mm_add_epi8(x, _mm_slli_si128(x, 2));
			x = _mm_add_epi8(x, _mm_slli_si128(x, 4));
			x = _mm_add_epi8(x, _mm_slli_si128(x, 8));
			out = _mm_add_epi8(x, bv);
		} else {
			/* Zero bytes under the left pixel: see unf_half. */
			if (EQ16(x, z) == 0xffff &&
			    EQ16(LOAD16(p + i), bv) == 0xffff) {
				out = bv;
			} else {
				for (t = i; t < i + 16; t += 8)
					unf_half(r, p, t, bpp, f);
				out = LOAD16(r + i);
			}
		}
		if (f != 0)
			_mm_storeu_si128((__m128i *)(void *)(r + i), out);
		/* Each sample that differs from the run's value ends it. */
		neq = ~EQ16(out, bv) & 0xffff;
		if (bpp == 2)
			neq = (neq | neq >> 1) & 0x5555;
		while (neq != 0) {
			t = (size_t)__builtin_ctz(neq);
			runv[nr] = (uint16_t)v;
			runn[nr++] = (uint32_t)((i + t - s) / bpp);
			v = SAMPLE(r, i + t, bpp);
			s = i + t;
			if (bpp == 1) {
				bv = _mm_set1_epi8((char)v);
				neq =
				    ~EQ16(out, bv) & 0xffff & ~((2u << t) - 1);
			} else {
				/* Host (little-endian) order of the two
				 * bytes as they are in memory. */
				bv = _mm_set1_epi16(
				    (short)(v >> 8 | (v & 0xff) << 8));
				neq = ~EQ16(out, bv) & 0xffff;
				neq = (neq | neq >> 1) & 0x5555 &
				    ~((4u << t) - 1);
			}
		}
	}
#endif
	for (t = i; t < n; t++)
		r[t] = unf_byte(r, p, t, bpp, f);
	for (; i < n; i += bpp)
		if (SAMPLE(r, i, bpp) != v) {
			runv[nr] = (uint16_t)v;
			runn[nr++] = (uint32_t)((i - s) / bpp);
			v = SAMPLE(r, i, bpp);
			s = i;
		}
	runv[nr] = (uint16_t)v;
	runn[nr++] = (uint32_t)((n - s) / bpp);
	return nr;
}

static size_t
row8(unsigned char *r, const unsigned char *p, size_t n, int f, uint16_t *runv,
    uint32_t *runn)
{
	switch (f) {
	case 1:
		return row_body(r, p, n, runv, runn, 1, 1);
	case 2:
		return row_body(r, p, n, runv, runn, 2, 1);
	case 3:
		return row_body(r, p, n, runv, runn, 3, 1);
	case 4:
		return row_body(r, p, n, runv, runn, 4, 1);
	default:
		return row_body(r, p, n, runv, runn, 0, 1);
	}
}

static size_t
row16(unsigned char *r, const unsigned char *p, size_t n, int f, uint16_t *runv,
    uint32_t *runn)
{
	switch (f) {
	case 1:
		return row_body(r, p, n, runv, runn, 1, 2);
	case 2:
		return row_body(r, p, n, runv, runn, 2, 2);
	case 3:
		return row_body(r, p, n, runv, runn, 3, 2);
	case 4:
		return row_body(r, p, n, runv, runn, 4, 2);
	default:
		return row_body(r, p, n, runv, runn, 0, 2);
	}
}

static void
add_runs(uint64_t *d, const uint16_t *runv, const uint32_t *runn, size_t nr,
    uint64_t k)
{
	size_t j;

	for (j = 0; j < nr; j++)
		d[runv[j]] += runn[j] * k;
}

/* The fused path's buffers, made once per thread: 0, or -1. */
static int
pf_fused_alloc(struct pf_cache *c)
{
	if (pf_zero(c, 2 * PF_RUNROW) != 0)
		return -1;
	if (c->runv != NULL)
		return 0;
	c->runv = malloc((PF_RUNROW + 1) * sizeof(*c->runv));
	c->runn = malloc((PF_RUNROW + 1) * sizeof(*c->runn));
	if (c->runv == NULL || c->runn == NULL) {
		free(c->runv);
		free(c->runn);
		c->runv = NULL;
		c->runn = NULL;
		return -1;
	}
	return 0;
}

/*
 * The fused path for 8- and 16-bit rows of up to PF_RUNROW samples: as
 * pf_rows, but each row is cut into runs as it is unfiltered (row_body),
 * and its runs are counted once the next differing row comes up, times
 * the rows equal to it.  -1 if the buffers cannot be had (pf_rows then
 * does the work).
 *
 * Tried and dropped: counting each row by its difference with the row
 * above (a lazy per-value histogram): no faster on the bench's 8-bit
 * sets, 25 % slower on its 16-bit set, and more code.
 */
static int
pf_rows_fused(struct pf_cache *c, uint64_t *d, const struct pf_img *im)
{
	size_t stride = im->rb + 1, nr = 0;
	unsigned char *cur;
	const unsigned char *prev;
	uint64_t k = 0;
	uint32_t y;
	int f;

	if (pf_fused_alloc(c) != 0)
		return -1;
	prev = c->zero;
	for (y = 0; y < im->h; y++) {
		cur = im->raw + (size_t)y * stride + 1;
		f = cur[-1];
		if (y > 0 && f == 2 && allzero(cur, im->rb)) {
			k++;
			continue;
		}
		add_runs(d, c->runv, c->runn, nr, k);
		if (im->bd == 8)
			nr = row8(cur, prev, im->rb, f, c->runv, c->runn);
		else
			nr = row16(cur, prev, im->rb, f, c->runv, c->runn);
		prev = cur;
		k = 1;
	}
	add_runs(d, c->runv, c->runn, nr, k);
	return 0;
}

/*
 * Inflate the image data of im into c->raw: 0, or -1 if libdeflate
 * refuses it, it is not exactly rawn bytes and the whole stream, or zlib
 * might refuse it (zcheck_stream).  Out of line: inlined, it made
 * pngfast_count's row loops slower.
 */
static __attribute__((noinline)) int
pf_inflate(struct pf_cache *c, const struct pf_img *im, size_t rawn)
{
	size_t in_used, out_got;

	if (libdeflate_zlib_decompress_ex(c->dd, c->file + im->zoff, im->zlen,
		c->raw, rawn, &in_used, &out_got) != LIBDEFLATE_SUCCESS ||
	    out_got != rawn || in_used != im->zlen ||
	    !zcheck_stream(c->file + im->zoff, im->zlen, rawn))
		return -1;
	return 0;
}

enum dec_status
pngfast_count(struct dec_ctx *ctx)
{
	struct pf_cache *c;
	struct pf_img im;
	uint64_t size;
	struct fhist *h = ctx->h;
	size_t n, rawn, stride;
	enum dec_status st;
	unsigned char head[8 + 8 + 13];
	struct pf_img pass;
	uint32_t y;
	size_t off;
	int rows, k;

	if (pngfast_off || dec_size(ctx, &size) != 0 || size < PF_MINFILE ||
	    size > PF_MAXFILE || (c = pf_cache()) == NULL)
		return DEC_NOTMASK;
	n = (size_t)size;
	memset(&im, 0, sizeof(im));
	/* A big file: is its IHDR one we take, before reading it all? */
	if (n > PF_PEEK &&
	    (dec_pread(ctx, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
		memcmp(head + 12, "IHDR", 4) != 0 || !ihdr_ok(head + 16, &im) ||
		pf_rawsize(&im) == 0))
		return DEC_NOTMASK;
	if (pf_grow(&c->file, &c->filecap, n) != 0 ||
	    dec_pread(ctx, c->file, n, 0) != (ssize_t)n) {
		st = DEC_NOTMASK;
		goto out;
	}
	if ((st = pf_walk(ctx, c->file, n, &im)) != DEC_OK)
		goto out;
	rawn = pf_rawsize(&im);
	st = DEC_NOTMASK;
	/* The zero row (the row above every pass's first) before anything
	 * is counted: past this point only running out of memory for
	 * extra values can fail, and then nothing is left to libpng. */
	if (pf_grow(&c->raw, &c->rawcap, rawn) != 0 || pf_zero(c, im.rb) != 0 ||
	    pf_inflate(c, &im, rawn) != 0)
		goto out;
	for (k = 0, off = 0; k < (im.il ? 7 : 1); k++) {
		pass = pf_pass(&im, k);
		stride = pass.rb + 1;
		for (y = 0; y < pass.h; y++, off += stride)
			if (c->raw[off] > 4) {
				st = dec_bad(ctx,
				    "invalid PNG: bad adaptive filter "
				    "value");
				goto out;
			}
	}
	h->width = im.w;
	h->height = im.h;
	h->bits = im.bd;
	h->maxbin = im.bd == 16 || im.ch >= 3 ? 65535 : (1u << im.bd) - 1;
	rows = 0;
	for (k = 0, off = 0; k < (im.il ? 7 : 1) && rows == 0; k++) {
		pass = pf_pass(&im, k);
		if (pass.h == 0)
			continue;
		pass.raw = c->raw + off;
		off += (pass.rb + 1) * pass.h;
		/* The fused path counts nothing when it fails; pf_rows then
		 * does the pass. */
		if ((pass.bd == 8 || pass.bd == 16) && pass.ch == 1 &&
		    pass.w <= PF_RUNROW &&
		    pf_rows_fused(c, h->dense, &pass) == 0)
			continue;
		rows = pf_rows(c, ctx, &pass);
	}
	if (rows != 0) {
		st = DEC_SYSERR;
		snprintf(ctx->err, sizeof(ctx->err), "out of memory");
	} else
		st = DEC_OK;
out:
	pf_trim(c);
	return st;
}
