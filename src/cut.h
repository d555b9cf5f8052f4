/*
 * cut.h: the plan that cuts a large raster into parts, so that several
 * workers can count one file (decode.h, DEC_PARTS; parts.c coordinates
 * them).  Shared by the TIFF reader and the GDAL helper (which links
 * nothing else of mfweights), so that both cut the same way.
 *
 * Rasters of at least CUT_MIN pixels are cut into bands of whole units
 * (tile rows, strips, GDAL block rows) of about CUT_PART pixels: a part
 * is never smaller than that except the last, and there are at most
 * CUT_MAX_PARTS.  CUT_PART is a few milliseconds of decoding: small
 * enough to balance the workers' ends, large enough that opening the file
 * once per part costs little.
 */
#ifndef CUT_H
#define CUT_H

#include <stdint.h>

#define CUT_MIN       ((uint64_t)16 << 20)
#define CUT_PART      ((uint64_t)4 << 20)
#define CUT_MAX_PARTS 65536

/*
 * The number of parts of a w x h raster read in units of `unit` rows (1:
 * it does not split) and in *rows the rows of each part but the last, a
 * multiple of unit.
 */
static inline uint32_t
cut_plan(uint64_t w, uint64_t h, uint64_t unit, uint64_t *rows)
{
	uint64_t r, min;

	*rows = h;
	if (w * h < CUT_MIN || unit == 0 || unit >= h)
		return 1;
	r = (CUT_PART + w * unit - 1) / (w * unit);
	min = (h + CUT_MAX_PARTS - 1) / CUT_MAX_PARTS;
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
