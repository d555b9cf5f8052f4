/*
 * nodata.h: the meaning of a GDAL_NODATA text (nodata.c), one rule for
 * every reader that meets one.
 */
#ifndef NODATA_H
#define NODATA_H

#include <stdint.h>

enum nodata_kind {
	NODATA_BAD = -1, /* not a number ("5abc", ""): refuse the file */
	NODATA_LABEL,    /* a whole number in int64 range: a label to drop */
	NODATA_VALUE     /* NaN, a fraction or a huge value: float samples */
};

struct nodata {
	int64_t label; /* NODATA_LABEL */
	double value;  /* NODATA_VALUE */
};

/*
 * Read text as GDAL writes nodata: blanks around it are dropped; a whole
 * number in int64 range (for text with a dot or an exponent, within
 * +-9.2e18, the range count.c takes for float labels) is a label; any
 * other number (NaN in any case, a fraction, a huge value) is a value
 * that only float samples can hold.  Text that is no number is refused:
 * GDAL reads it as its numeric prefix or 0, and two readers must not
 * count one file differently.  Pure.
 */
enum nodata_kind nodata_parse(const char *text, struct nodata *out);

#endif
