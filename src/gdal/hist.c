/*
 * hist.c: the GDAL helper's histogram of one raster (or part), G.hist.
 *
 * read.c hands over rows of samples in their native type; this file turns
 * them into exact (value, count) pairs for the reply.  Values 0..DENSE-1,
 * which every 8- and 16-bit unsigned mask uses, go to a plain array; any
 * other value goes to an open-addressing hash table that stops growing at
 * MAX_HASH entries, so that the reply stays within MFWG_MAX_PAIRS and a
 * raster that is not a label mask fails early (G.hist.full).  Samples
 * that cannot be labels are tallied in the reply instead: float samples
 * that are not whole or do not fit int64 (nonint), samples equal to a
 * nodata that is not itself a label (nodata_extra), and UInt64 samples
 * above INT64_MAX (G.hist.huge).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../count.h"
#include "helper.h"

static size_t slot(int64_t, size_t);
static void hash_add(int64_t, uint64_t);
static void add(int64_t);
static void add_n(int64_t, uint64_t);
static void add_float(double);

/* Empty the histogram and forget the nodata, keeping the table's memory. */
void
hist_reset(void)
{
	memset(G.hist.dense, 0, sizeof(G.hist.dense));
	if (G.hist.cap > 0)
		memset(G.hist.cnt, 0, G.hist.cap * sizeof(*G.hist.cnt));
	G.hist.n = 0;
	G.hist.full = G.hist.oom = 0;
	G.hist.huge = 0;
	G.hist.nd_on = G.hist.nd_nan = G.hist.nd_u64_on = 0;
	G.hist.nd_val = 0;
	G.hist.nd_u64 = 0;
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

	if (G.hist.cap > 0) {
		mask = G.hist.cap - 1;
		for (i = slot(v, mask); G.hist.cnt[i] != 0; i = (i + 1) & mask)
			if (G.hist.key[i] == v) {
				G.hist.cnt[i] += n;
				return;
			}
	}
	if (G.hist.n >= MAX_HASH) {
		G.hist.full = 1;
		return;
	}
	if ((G.hist.n + 1) * 2 > G.hist.cap) {
		ncap = G.hist.cap ? G.hist.cap * 2 : 1024;
		nk = malloc(ncap * sizeof(*nk));
		nc = calloc(ncap, sizeof(*nc));
		if (nk == NULL || nc == NULL) {
			free(nk);
			free(nc);
			G.hist.oom = 1;
			return;
		}
		for (j = 0; j < G.hist.cap; j++) {
			if (G.hist.cnt[j] == 0)
				continue;
			for (i = slot(G.hist.key[j], ncap - 1); nc[i] != 0;
			     i = (i + 1) & (ncap - 1))
				;
			nk[i] = G.hist.key[j];
			nc[i] = G.hist.cnt[j];
		}
		free(G.hist.key);
		free(G.hist.cnt);
		G.hist.key = nk;
		G.hist.cnt = nc;
		G.hist.cap = ncap;
	}
	mask = G.hist.cap - 1;
	for (i = slot(v, mask); G.hist.cnt[i] != 0; i = (i + 1) & mask)
		;
	G.hist.key[i] = v;
	G.hist.cnt[i] = n;
	G.hist.n++;
}

static void
add(int64_t v)
{
	if ((uint64_t)v < DENSE)
		G.hist.dense[v]++;
	else
		hash_add(v, 1);
}

/* Add n samples of value v. */
static void
add_n(int64_t v, uint64_t n)
{
	if ((uint64_t)v < DENSE)
		G.hist.dense[v] += n;
	else
		hash_add(v, n);
}

/* A float sample is a label only if it is finite, whole and fits. */
static void
add_float(double d)
{
	if (G.hist.nd_on && (G.hist.nd_nan ? isnan(d) : d == G.hist.nd_val))
		G.reply.nodata_extra++;
	else if (isfinite(d) && d == trunc(d) && d >= -0x1p63 && d < 0x1p63)
		add((int64_t)d);
	else if (isfinite(d) && d == trunc(d))
		G.hist.huge++; /* whole, but no label: not "not whole" */
	else
		G.reply.nonint++;
}

/* Count n samples of one kind; rows of a block are suitably aligned. */
void
hist_row(enum kind k, const unsigned char *row, size_t n)
{
	size_t i;

	switch (k) {
	case K_U8: /* the main process's kernels: runs, sub-histograms */
		count_u8(G.hist.dense, row, n);
		break;
	case K_I8:
		for (i = 0; i < n; i++)
			add((int8_t)row[i]);
		break;
	case K_U16:
		count_u16(G.hist.dense, (const uint16_t *)(const void *)row, n);
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

			if (G.hist.nd_u64_on && u == G.hist.nd_u64)
				G.reply.nodata_extra++;
			else if (u > (uint64_t)INT64_MAX)
				G.hist.huge++;
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
void
hist_rgb(const unsigned char *r, const unsigned char *g, const unsigned char *b,
    size_t n)
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

/* The number of distinct values counted. */
uint64_t
hist_npairs(void)
{
	uint64_t np = 0;
	size_t i;

	for (i = 0; i < DENSE; i++)
		np += G.hist.dense[i] != 0;
	return np + G.hist.n;
}

/* Call fn(value, count) for each value counted: the dense values in
 * increasing order, then the others in table order. */
void
hist_each(void (*fn)(int64_t, uint64_t))
{
	size_t i;

	for (i = 0; i < DENSE; i++)
		if (G.hist.dense[i] != 0)
			fn((int64_t)i, G.hist.dense[i]);
	for (i = 0; i < G.hist.cap; i++)
		if (G.hist.cnt[i] != 0)
			fn(G.hist.key[i], G.hist.cnt[i]);
}
