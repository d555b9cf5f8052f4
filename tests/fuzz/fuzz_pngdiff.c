/*
 * fuzz_pngdiff.c: the differential check of the PNG harnesses
 * (fuzz_png.c, fuzz_pngz.c): a file counted as the tool counts it (the
 * fast path first, decode_pngfast.c) and with libpng alone (pngfast_off,
 * the reference) must get the same verdict, and the same histogram if
 * counted.  Any difference aborts, so that libFuzzer keeps the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "fuzz.h"
#include "pngfast.h"

static struct fuzz_snap tool, ref;

void
fuzz_png_diff(const struct dec_opts *o, const uint8_t *data, size_t size)
{
	if (tool.dense == NULL) {
		tool.dense = calloc(MFW_DENSE, sizeof(*tool.dense));
		ref.dense = calloc(MFW_DENSE, sizeof(*ref.dense));
		if (tool.dense == NULL || ref.dense == NULL) {
			fprintf(stderr, "fuzz: out of memory\n");
			abort();
		}
	}
	fuzz_snap = &tool;
	fuzz_one(o, NULL, 0, data, size);
	pngfast_off = 1;
	fuzz_snap = &ref;
	fuzz_one(o, NULL, 0, data, size);
	pngfast_off = 0;
	fuzz_snap = NULL;
	if ((tool.st == DEC_OK) != (ref.st == DEC_OK)) {
		fprintf(stderr,
		    "fuzz: the tool %s what libpng alone %s (status %d, %d)\n",
		    tool.st == DEC_OK ? "counts" : "refuses",
		    ref.st == DEC_OK ? "counts" : "refuses", tool.st, ref.st);
		abort();
	}
	if (tool.st == DEC_OK &&
	    (tool.w != ref.w || tool.h != ref.h ||
		memcmp(tool.dense, ref.dense,
		    MFW_DENSE * sizeof(*tool.dense)) != 0)) {
		fprintf(stderr,
		    "fuzz: the fast path and libpng count %lux%lu and %lux%lu "
		    "images differently\n",
		    (unsigned long)tool.w, (unsigned long)tool.h,
		    (unsigned long)ref.w, (unsigned long)ref.h);
		abort();
	}
}
