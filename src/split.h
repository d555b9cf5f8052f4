/*
 * split.h: how a large raster is cut into parts for several workers
 * (decode.h, DEC_SPLIT).  Shared by the TIFF reader and the GDAL helper
 * (which links nothing else of mfweights), so that both cut the same way.
 *
 * Rasters of at least SPLIT_MIN pixels are cut into bands of whole units
 * (tile rows, strips, GDAL block rows) of about SPLIT_PART pixels: a part
 * is never smaller than that except the last, and there are at most
 * SPLIT_MAX_PARTS.  SPLIT_PART is a few milliseconds of decoding: small
 * enough to balance the workers' ends, large enough that opening the file
 * once per part costs little.
 */
#ifndef SPLIT_H
#define SPLIT_H

#include <stdint.h>

#define SPLIT_MIN       ((uint64_t)16 << 20)
#define SPLIT_PART      ((uint64_t)4 << 20)
#define SPLIT_MAX_PARTS 65536

/*
 * The number of parts of a w x h raster read in units of `unit` rows (1:
 * it does not split) and in *rows the rows of each part but the last, a
 * multiple of unit.
 */
static inline uint32_t
split_plan(uint64_t w, uint64_t h, uint64_t unit, uint64_t *rows)
{
	uint64_t r, min;

	*rows = h;
	if (w * h < SPLIT_MIN || unit == 0 || unit >= h)
		return 1;
	r = (SPLIT_PART + w * unit - 1) / (w * unit);
	min = (h + SPLIT_MAX_PARTS - 1) / SPLIT_MAX_PARTS;
	min = (min + unit - 1) / unit;
	if (r < min)
		r = min;
	r *= unit;
	if (r >= h)
		return 1;
	*rows = r;
	return (uint32_t)((h + r - 1) / r);
}

#endif
