/*
 * count.c: counting kernels, one row of samples into a file's histogram.
 *
 * Label masks are made of long runs of one value, so the 8- and 16-bit
 * kernels compare eight bytes at a time against the current value and
 * add whole runs; a row of noise costs about one extra compare per sample.
 * count_u8_ref is the plain loop the unit tests check them against.
 * Values outside 0..MFW_DENSE-1 (signed, 32/64-bit and float samples) go
 * to a short per-file list; a file with more than MFW_MAX_EXTRA distinct
 * such values cannot be a mask and is marked through h->extra_lost.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"

void
count_u8_ref(uint64_t *d, const uint8_t *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[r[i]]++;
}

void
count_u8(uint64_t *d, const uint8_t *r, size_t n)
{
	size_t i = 0, j;
	uint64_t pat, x;
	uint8_t v;

	while (i < n) {
		v = r[i];
		pat = v * UINT64_C(0x0101010101010101);
		j = i + 1;
		while (j + 8 <= n) {
			memcpy(&x, r + j, 8);
			if (x != pat)
				break;
			j += 8;
		}
		while (j < n && r[j] == v)
			j++;
		d[v] += j - i;
		i = j;
	}
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
count_packed(uint64_t *d, const uint8_t *r, size_t n, int bits)
{
	unsigned per = 8u / (unsigned)bits, mask = (1u << bits) - 1, k;
	size_t i, full = n / per;

	for (i = 0; i < full; i++)
		for (k = 0; k < per; k++)
			d[(r[i] >> (8 - (k + 1) * (unsigned)bits)) & mask]++;
	for (k = 0; k < n % per; k++)
		d[(r[full] >> (8 - (k + 1) * (unsigned)bits)) & mask]++;
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
#define WIDE_KERNEL(name, type)                                         \
	int name(struct fhist *h, const type *r, size_t n)              \
	{                                                               \
		size_t i = 0, j;                                        \
		while (i < n) {                                         \
			for (j = i + 1; j < n && r[j] == r[i]; j++)     \
				;                                       \
			if (count_value(h, (int64_t)r[i], j - i) != 0)  \
				return -1;                              \
			i = j;                                          \
		}                                                       \
		return 0;                                               \
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
			h->extra_lost += j - i;
		else if (count_value(h, (int64_t)r[i], j - i) != 0)
			return -1;
		i = j;
	}
	return 0;
}

static int
count_float(struct fhist *h, double v, uint64_t n, int nd_on, int nd_nan,
    double nd_val)
{
	if (nd_on && (nd_nan ? isnan(v) : v == nd_val)) {
		h->nodata_extra += n;
		return 0;
	}
	/* Whole and finite, inside the int64 range: a label. */
	if (isfinite(v) && v == floor(v) && v >= -9.2e18 && v <= 9.2e18)
		return count_value(h, (int64_t)v, n);
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

void
count_reset(struct fhist *h)
{
	memset(h->dense, 0, ((size_t)h->maxbin + 1) * sizeof(*h->dense));
	h->maxbin = 0;
	h->nextra = 0;
	h->nonint = h->nodata_extra = h->extra_lost = 0;
	h->has_nodata = 0;
	h->nodata = 0;
	h->width = h->height = 0;
	h->bits = 0;
	h->sample_float = 0;
}
