/*
 * pngfast.h: the fast PNG path (decode_pngfast.c), tried by png_count
 * before libpng.
 */
#ifndef PNGFAST_H
#define PNGFAST_H

#include "decode.h"

/*
 * Count a PNG whole: one read, chunk CRCs checked, the IDAT data inflated
 * at once with libdeflate (Adler-32 checked), rows unfiltered and counted
 * while in cache.  Returns DEC_NOTMASK, having counted nothing, for any
 * file it does not take (interlaced, colour, big, or anything unusual,
 * damage included), so that libpng decodes it and gives its verdict;
 * otherwise DEC_OK, DEC_BAD (--max-pixels, a bad row filter) or
 * DEC_SYSERR, as png_count would.  Thread-safe; keeps a small buffer
 * cache per thread, freed when the thread exits.
 */
enum dec_status pngfast_count(struct dec_ctx *);

/* Non-zero: pngfast_count takes no file (set by the differential tests
 * to run libpng alone; never changed during a run). */
extern int pngfast_off;

#endif
