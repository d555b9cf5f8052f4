/*
 * count.c: counting kernels, one row of samples into a file's histogram.
 *
 * Label masks are made of long runs of one value, so the kernels find
 * runs and add them whole: the 8-bit one compares 16 bytes at a time
 * (SSE2) and, where runs turn short (noise, or a boundary), counts 16
 * samples one by one; a long row that starts as noise goes on with four
 * sub-histograms, so that equal values do not wait on each other's
 * stores.  Long rows (a whole tile or strip, as decode_tiff.c passes
 * them) go to count_u8_chunked, which skips uniform 32-byte blocks and
 * counts the others into four 32-bit sub-histograms, added into the
 * 64-bit histogram before any bin can overflow (issue 15: mixed rows no
 * longer make one 64-bit read-modify-write per byte, each waiting on the
 * last).  The _rep kernels count a row k times, for the runs of equal
 * rows that PNG's Up filter makes (decode_pngfast.c).  count_u8_ref is
 * the plain loop the unit tests (test_count, test_pngfast) check the
 * fast kernels against.
 * Values outside 0..MFW_DENSE-1 (signed, 32/64-bit and float samples) go
 * to a short per-file list; a file with more than MFW_MAX_EXTRA distinct
 * such values cannot be a mask and is marked through h->extra_lost.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "count.h"

void
count_u8_ref(uint64_t *d, const uint8_t *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[r[i]]++;
}

/*
 * The end of the run of value v that goes on at r[j]: the first index at
 * or after j whose byte differs from v, or n.  Sixteen bytes a compare.
 */
static inline size_t
run_end8(const uint8_t *r, size_t j, size_t n, uint8_t v)
{
#ifdef __SSE2__
	__m128i pat = _mm_set1_epi8((char)v);
	unsigned m;

	while (j + 16 <= n) {
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)(r + j)),
		    pat));
		if (m != 0xffff)
			return j + (size_t)__builtin_ctz(~m);
		j += 16;
	}
#else
	uint64_t pat = v * UINT64_C(0x0101010101010101), x;

	while (j + 8 <= n) {
		memcpy(&x, r + j, 8);
		if (x != pat)
			break;
		j += 8;
	}
#endif
	while (j < n && r[j] == v)
		j++;
	return j;
}

/*
 * Noise: four sub-histograms, so that equal values close together do not
 * wait on each other's store.  Only for long rows: clearing and merging
 * them costs about as much as counting a few thousand samples.
 */
static void
noise_u8(uint64_t *d, const uint8_t *r, size_t n, uint64_t k)
{
	uint32_t sub[4][256];
	size_t i;
	unsigned v;

	memset(sub, 0, sizeof(sub));
	for (i = 0; i + 4 <= n; i += 4) {
		sub[0][r[i]]++;
		sub[1][r[i + 1]]++;
		sub[2][r[i + 2]]++;
		sub[3][r[i + 3]]++;
	}
	for (; i < n; i++)
		sub[0][r[i]]++;
	for (v = 0; v < 256; v++)
		d[v] +=
		    ((uint64_t)sub[0][v] + sub[1][v] + sub[2][v] + sub[3][v]) *
		    k;
}

/* Rows at least this long may take the sub-histogram path. */
#define NOISE_MIN_ROW 4096

/*
 * Blocks of 16 samples: a block that is all one value starts a run, which
 * is followed to its end and added whole; a mixed block adds its leading
 * run, and when that run is short (noise, or a boundary near the block's
 * start) counts the block's samples one by one.  A long row whose first
 * 512 samples are mostly mixed goes on in noise_u8.  Measured on 4 MiB
 * of rows against the former 8-byte run kernel (GB/s, rows of 512 and
 * 8192): runs of ~100 5.8 and 6.9 (was 3.4, 3.3), constant 55 and 49
 * (28, 11), random bytes 2.1 and 4.0 (0.8, 1.3), 2-value noise 0.8 and
 * 1.9 (0.2, 0.2); the plain loop gets 0.8 to 3.8 on all of them.
 */
static inline void
u8_rep(uint64_t *d, const uint8_t *r, size_t n, uint64_t k)
{
	size_t i = 0, j, mixed = 0;
	unsigned lead;

	while (i + 16 <= n) {
#ifdef __SSE2__
		lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)(r + i)),
		    _mm_set1_epi8((char)r[i])));
		lead = lead == 0xffff ? 16 : (unsigned)__builtin_ctz(~lead);
#else
		for (lead = 1; lead < 16 && r[i + lead] == r[i]; lead++)
			;
#endif
		if (lead == 16) {
			j = run_end8(r, i + 16, n, r[i]);
			d[r[i]] += (j - i) * k;
			i = j;
		} else if (lead >= 4) {
			d[r[i]] += lead * k;
			i += lead;
		} else {
			for (j = i + 16; i < j; i++)
				d[r[i]] += k;
			if (++mixed == 24 && i <= 512 &&
			    n - i >= NOISE_MIN_ROW) {
				noise_u8(d, r + i, n - i, k);
				return;
			}
		}
	}
	for (; i < n; i++)
		d[r[i]] += k;
}

/*
 * Samples a 32-bit sub-histogram bin may take before a flush: all the
 * samples of a chunk, so that no bin can overflow.  The unit tests pass
 * smaller chunks to count_u8_chunked to reach the flush boundary.
 */
#define SUB_CHUNK ((size_t)UINT32_MAX)

/* Add the sub-histograms, k times each, into d and clear them. */
static void
sub_flush(uint64_t *d, uint32_t sub[4][256], uint64_t k)
{
	uint64_t s;
	unsigned v;

	for (v = 0; v < 256; v++) {
		s = (uint64_t)sub[0][v] + sub[1][v] + sub[2][v] + sub[3][v];
		if (s != 0)
			d[v] += s * k;
	}
	memset(sub, 0, 4 * sizeof(sub[0]));
}

/*
 * A long row (a whole tile or strip, as the TIFF reader passes them):
 * blocks of 32 samples.  A block that is all one value starts a run,
 * followed to its end and added whole; any other block is counted sample
 * by sample into four 32-bit sub-histograms, in turn, so that equal
 * neighbours do not wait on each other's stores (a 64-bit histogram
 * would make each increment of a repeated value wait for the previous
 * one).  Counts never pass m, the chunk's length, so a bin cannot
 * overflow before the flush at the end of the chunk.  Measured on 16 MiB
 * of 256x256 tiles (CPU time, busy machine; bench/README.md), against
 * the former kernel called row by row: land cover 3.1-3.4 GB/s (was
 * 3.4-3.6, with 6 % more instructions), runs of mean length 3 1.5-1.9
 * (1.0), random of 8 values 2.2 (1.4), land cover with 5 % noise
 * 1.4-1.6 (1.0); adding a mixed block's leading run whole, as u8_rep
 * does, did not pay.
 */

static void
chunk_u8(uint32_t sub[4][256], const uint8_t *r, size_t m)
{
	size_t i = 0, j;
	int same;

	while (i + 32 <= m) {
#ifdef __SSE2__
		__m128i pat = _mm_set1_epi8((char)r[i]);

		same = _mm_movemask_epi8(_mm_and_si128(
			   _mm_cmpeq_epi8(
			       _mm_loadu_si128(
				   (const __m128i *)(const void *)(r + i)),
			       pat),
			   _mm_cmpeq_epi8(
			       _mm_loadu_si128(
				   (const __m128i *)(const void *)(r + i + 16)),
			       pat))) == 0xffff;
#else
		uint64_t x[4], pat = r[i] * UINT64_C(0x0101010101010101);

		memcpy(x, r + i, 32);
		same = x[0] == pat && x[1] == pat && x[2] == pat && x[3] == pat;
#endif
		if (same) {
			j = run_end8(r, i + 32, m, r[i]);
			sub[0][r[i]] += (uint32_t)(j - i);
			i = j;
		} else {
			for (j = i + 32; i < j; i += 4) {
				sub[0][r[i]]++;
				sub[1][r[i + 1]]++;
				sub[2][r[i + 2]]++;
				sub[3][r[i + 3]]++;
			}
		}
	}
	for (; i < m; i++)
		sub[i & 3][r[i]]++;
}

void
count_u8_chunked(
    uint64_t *d, const uint8_t *r, size_t n, uint64_t k, size_t chunk)
{
	uint32_t sub[4][256];
	size_t m;

	memset(sub, 0, sizeof(sub));
	for (; n > 0; r += m, n -= m) {
		m = n < chunk ? n : chunk;
		chunk_u8(sub, r, m);
		sub_flush(d, sub, k);
	}
}

/*
 * Rows at least this long go to count_u8_chunked: clearing and adding
 * up its sub-histograms costs about as much as counting a thousand
 * samples on the run path.
 */
#define SUB_MIN_ROW 2048

void
count_u8(uint64_t *d, const uint8_t *r, size_t n)
{
	if (n >= SUB_MIN_ROW)
		count_u8_chunked(d, r, n, 1, SUB_CHUNK);
	else
		u8_rep(d, r, n, 1);
}

void
count_u8_rep(uint64_t *d, const uint8_t *r, size_t n, uint64_t k)
{
	u8_rep(d, r, n, k);
}

void
count_u16(uint64_t *d, const uint16_t *r, size_t n)
{
	size_t i = 0, j;
	uint64_t pat, x;
	uint16_t v;

	while (i < n) {
		v = r[i];
		pat = v * UINT64_C(0x0001000100010001);
		j = i + 1;
		while (j + 4 <= n) {
			memcpy(&x, r + j, 8);
			if (x != pat)
				break;
			j += 4;
		}
		while (j < n && r[j] == v)
			j++;
		d[v] += j - i;
		i = j;
	}
}

void
count_u16be_rep(uint64_t *d, const uint8_t *r, size_t n, uint64_t k)
{
	unsigned char pb[8];
	size_t i = 0, j;
	uint64_t pat, x;
	unsigned v;

	while (i < n) {
		v = (unsigned)r[2 * i] << 8 | r[2 * i + 1];
		pb[0] = pb[2] = pb[4] = pb[6] = r[2 * i];
		pb[1] = pb[3] = pb[5] = pb[7] = r[2 * i + 1];
		memcpy(&pat, pb, 8);
		j = i + 1;
		while (j + 4 <= n) {
			memcpy(&x, r + 2 * j, 8);
			if (x != pat)
				break;
			j += 4;
		}
		while (j < n && r[2 * j] == pb[0] && r[2 * j + 1] == pb[1])
			j++;
		d[v] += (j - i) * k;
		i = j;
	}
}

void
count_packed(uint64_t *d, const uint8_t *r, size_t n, int bits)
{
	count_packed_rep(d, r, n, bits, 1);
}

/* Runs of equal bytes are expanded once: masks are mostly such runs. */
void
count_packed_rep(uint64_t *d, const uint8_t *r, size_t n, int bits, uint64_t k)
{
	unsigned per = 8u / (unsigned)bits, mask = (1u << bits) - 1, s;
	size_t i = 0, j, full = n / per;
	uint64_t c;

	while (i < full) {
		j = run_end8(r, i + 1, full, r[i]);
		c = (j - i) * k;
		for (s = 0; s < per; s++)
			d[(r[i] >> (8 - (s + 1) * (unsigned)bits)) & mask] += c;
		i = j;
	}
	for (s = 0; s < n % per; s++)
		d[(r[full] >> (8 - (s + 1) * (unsigned)bits)) & mask] += k;
}

int
count_value(struct fhist *h, int64_t v, uint64_t n)
{
	size_t i;

	if (v >= 0 && v < MFW_DENSE) {
		h->dense[v] += n;
		return 0;
	}
	for (i = 0; i < h->nextra; i++)
		if (h->extra[i].v == v) {
			h->extra[i].n += n;
			/* Keep the last value hit first: runs and few values. */
			if (i > 0) {
				struct xval t = h->extra[i];
				h->extra[i] = h->extra[0];
				h->extra[0] = t;
			}
			return 0;
		}
	if (h->nextra == MFW_MAX_EXTRA) {
		h->extra_lost += n;
		return 0;
	}
	if (h->nextra == h->capextra) {
		size_t cap = h->capextra ? h->capextra * 2 : 16;
		struct xval *p = realloc(h->extra, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		h->extra = p;
		h->capextra = cap;
	}
	h->extra[h->nextra++] = (struct xval){v, n};
	return 0;
}

/* Runs of equal wide values are added with one count_value call. */
#define WIDE_KERNEL(name, type)                                                \
	int name(struct fhist *h, const type *r, size_t n)                     \
	{                                                                      \
		size_t i = 0, j;                                               \
		while (i < n) {                                                \
			for (j = i + 1; j < n && r[j] == r[i]; j++)            \
				;                                              \
			if (count_value(h, (int64_t)r[i], j - i) != 0)         \
				return -1;                                     \
			i = j;                                                 \
		}                                                              \
		return 0;                                                      \
	}

WIDE_KERNEL(count_i8, int8_t)
WIDE_KERNEL(count_i16, int16_t)
WIDE_KERNEL(count_u32, uint32_t)
WIDE_KERNEL(count_i32, int32_t)
WIDE_KERNEL(count_i64, int64_t)

int
count_u64(struct fhist *h, const uint64_t *r, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i + 1; j < n && r[j] == r[i]; j++)
			;
		/* Above INT64_MAX no label or ignore value can match. */
		if (r[i] > (uint64_t)INT64_MAX)
			h->huge += j - i;
		else if (count_value(h, (int64_t)r[i], j - i) != 0)
			return -1;
		i = j;
	}
	return 0;
}

static int
count_float(
    struct fhist *h, double v, uint64_t n, int nd_on, int nd_nan, double nd_val)
{
	if (nd_on && (nd_nan ? isnan(v) : v == nd_val)) {
		h->nodata_extra += n;
		return 0;
	}
	/* Whole and finite, inside the int64 range: a label; whole
	 * outside it, no label either, but not for being a fraction. */
	if (isfinite(v) && v == floor(v)) {
		if (v >= -0x1p63 && v < 0x1p63)
			return count_value(h, (int64_t)v, n);
		h->huge += n;
		return 0;
	}
	h->nonint += n;
	return 0;
}

int
count_f32(struct fhist *h, const float *r, size_t n, int nd_on, int nd_nan,
    double nd_val)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i + 1; j < n && r[j] == r[i]; j++)
			;
		if (count_float(h, r[i], j - i, nd_on, nd_nan, nd_val) != 0)
			return -1;
		i = j;
	}
	return 0;
}

int
count_f64(struct fhist *h, const double *r, size_t n, int nd_on, int nd_nan,
    double nd_val)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i + 1; j < n && r[j] == r[i]; j++)
			;
		if (count_float(h, r[i], j - i, nd_on, nd_nan, nd_val) != 0)
			return -1;
		i = j;
	}
	return 0;
}

int
count_merge(struct fhist *dst, const struct fhist *src)
{
	size_t i;

	if (src->width == 0)
		return 0; /* took no part */
	for (i = 0; i <= src->maxbin; i++)
		dst->dense[i] += src->dense[i];
	if (src->maxbin > dst->maxbin)
		dst->maxbin = src->maxbin;
	for (i = 0; i < src->nextra; i++)
		if (count_value(dst, src->extra[i].v, src->extra[i].n) != 0)
			return -1;
	dst->nonint += src->nonint;
	dst->extra_lost += src->extra_lost;
	dst->huge += src->huge;
	dst->nodata_extra += src->nodata_extra;
	dst->has_nodata = src->has_nodata;
	dst->nodata = src->nodata;
	dst->width = src->width;
	dst->height = src->height;
	dst->bits = src->bits;
	dst->sample_float = src->sample_float;
	dst->miniswhite = src->miniswhite;
	return 0;
}

void
count_reset(struct fhist *h)
{
	memset(h->dense, 0, ((size_t)h->maxbin + 1) * sizeof(*h->dense));
	h->maxbin = 0;
	h->nextra = 0;
	h->nonint = h->nodata_extra = h->extra_lost = h->huge = 0;
	h->has_nodata = 0;
	h->nodata = 0;
	h->width = h->height = 0;
	h->bits = 0;
	h->sample_float = 0;
	h->miniswhite = 0;
}
