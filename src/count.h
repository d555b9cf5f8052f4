/*
 * count.h: the counting kernels.  Each adds one row of samples to a
 * file's histogram.  They are pure, keep no state and are thread-safe on
 * distinct histograms.  count_*_ref are the plain reference versions the
 * unit tests hold the fast kernels to.
 */
#ifndef COUNT_H
#define COUNT_H

#include <stddef.h>
#include <stdint.h>

#include "mfweights.h"

void count_u8(uint64_t *dense, const uint8_t *row, size_t n);
void count_u8_ref(uint64_t *dense, const uint8_t *row, size_t n);
/*
 * count_u8's long-row kernel, exported for the unit tests: n samples
 * counted k times, through 32-bit sub-histograms added into dense after
 * every chunk samples (count_u8 uses UINT32_MAX, the most that cannot
 * overflow a bin; chunk must be at least 1).
 */
void count_u8_chunked(
    uint64_t *dense, const uint8_t *row, size_t n, uint64_t k, size_t chunk);
void count_u16(uint64_t *dense, const uint16_t *row, size_t n);
/*
 * The same row counted k times (k rows that decode to the same samples,
 * as PNG's Up filter makes them): 8-bit samples; big-endian 16-bit
 * samples as stored in a PNG row; n samples of bits (1, 2 or 4) packed MSB
 * first.  The PNG fast path (decode_pngfast.c) counts with these.
 */
void count_u8_rep(uint64_t *dense, const uint8_t *row, size_t n, uint64_t k);
void count_u16be_rep(uint64_t *dense, const uint8_t *row, size_t n, uint64_t k);
void count_packed_rep(
    uint64_t *dense, const uint8_t *row, size_t n, int bits, uint64_t k);
/* n samples of bits (1, 2 or 4) each, packed MSB first. */
void count_packed(uint64_t *dense, const uint8_t *row, size_t n, int bits);
/* Signed and wide samples: values outside the dense range go to extra.
 * They return -1 only when growing the extra list fails (out of memory). */
int count_i8(struct fhist *, const int8_t *row, size_t n);
int count_i16(struct fhist *, const int16_t *row, size_t n);
int count_u32(struct fhist *, const uint32_t *row, size_t n);
int count_i32(struct fhist *, const int32_t *row, size_t n);
int count_i64(struct fhist *, const int64_t *row, size_t n);
int count_u64(struct fhist *, const uint64_t *row, size_t n);
/* Float samples: a whole, finite value is a label; NaN, inf and fractions
 * go to h->nonint, except those equal to a non-integral nodata (nd_nan set:
 * NaN is nodata; else nd_val), which go to h->nodata_extra. */
int count_f32(struct fhist *, const float *row, size_t n, int nd_on, int nd_nan,
    double nd_val);
int count_f64(struct fhist *, const double *row, size_t n, int nd_on,
    int nd_nan, double nd_val);
/* Add n pixels of value v (any value) to the histogram. */
int count_value(struct fhist *, int64_t v, uint64_t n);
/*
 * Add src (a part of a file, see decode.h) into dst: bins, extra values
 * (dst->extra_lost past MFW_MAX_EXTRA, as when counting), the special
 * counts, and src's size and sample fields when src has counted anything.
 * Returns -1 only when growing the extra list fails.
 */
int count_merge(struct fhist *dst, const struct fhist *src);
/* Reset a histogram after a file: clear dense[0..maxbin] and extra. */
void count_reset(struct fhist *);

#endif
