/*
 * fuzz_png.c: libFuzzer harness for the PNG reader (dec_png: the fast
 * path of decode_pngfast.c, and libpng for what it does not take).
 * Inputs without a PNG signature are passed over, as the tool passes
 * over them.  See fuzz.h.
 *
 * A mutated chunk almost never keeps a valid CRC, and a critical chunk
 * whose CRC is wrong is refused before its data is looked at: so that the
 * fuzzer reaches IHDR, PLTE and IDAT handling, the CRC of every chunk is
 * recomputed before the input is counted.  Bad CRCs are covered by
 * tests/bad; set FUZZ_PNG_RAW to fuzz the bytes as they are.
 *
 * Differential check: each input is counted twice, as the tool does and
 * with the fast path off (pngfast_off, libpng alone, the reference), and
 * abort() marks a difference: both count but not the same histogram, or
 * the fast path refuses what libpng counts.  The fast path counting what
 * libpng refuses is the documented leniency of libdeflate on a few
 * malformed DEFLATE streams (decode_pngfast.c, XXX); it aborts only with
 * FUZZ_PNG_STRICT set.  FUZZ_PNG_NODIFF turns the check off.
 *
 * Inputs of odd size are counted with a --colors table (every colour
 * whose low two bits of blue are zero is a class), so that RGB and RGBA
 * images reach the fast path's colour rows too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "labels.h"
#include "pngfast.h"

static struct dec_opts opts;
static uint32_t crctab[256];
static int raw, nodiff, strict;
static struct fuzz_snap tool, ref;
static struct colortable colors;

static uint32_t crc(const uint8_t *, size_t);
static void count(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint32_t c, n, k;

	(void)argc;
	(void)argv;
	fuzz_opts(&opts, DEC_PNG);
	raw = getenv("FUZZ_PNG_RAW") != NULL;
	nodiff = getenv("FUZZ_PNG_NODIFF") != NULL;
	strict = getenv("FUZZ_PNG_STRICT") != NULL;
	tool.dense = calloc(MFW_DENSE, sizeof(*tool.dense));
	ref.dense = calloc(MFW_DENSE, sizeof(*ref.dense));
	colors.lut = calloc((size_t)1 << 24, sizeof(*colors.lut));
	if (tool.dense == NULL || ref.dense == NULL || colors.lut == NULL) {
		fprintf(stderr, "fuzz_png: out of memory\n");
		exit(1);
	}
	for (n = 0; n < (1u << 24); n += 4)
		colors.lut[n] = (uint16_t)(1 + n % 1000);
	for (n = 0; n < 256; n++) {
		for (c = n, k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crctab[n] = c;
	}
	return 0;
}

/* The PNG CRC-32 of n bytes. */
static uint32_t
crc(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n-- > 0)
		c = crctab[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

/* Count as the tool does, then with libpng alone, and compare. */
static void
count(const uint8_t *data, size_t size)
{
	opts.colors = size % 2 == 1 ? &colors : NULL;
	if (nodiff) {
		fuzz_one(&opts, NULL, 0, data, size);
		return;
	}
	fuzz_snap = &tool;
	fuzz_one(&opts, NULL, 0, data, size);
	pngfast_off = 1;
	fuzz_snap = &ref;
	fuzz_one(&opts, NULL, 0, data, size);
	pngfast_off = 0;
	fuzz_snap = NULL;
	if (tool.st == DEC_OK && ref.st == DEC_OK) {
		if (tool.w != ref.w || tool.h != ref.h ||
		    memcmp(tool.dense, ref.dense,
			MFW_DENSE * sizeof(*tool.dense)) != 0) {
			fprintf(stderr,
			    "fuzz_png: the fast path and libpng "
			    "count %lux%lu and %lux%lu images differently\n",
			    (unsigned long)tool.w, (unsigned long)tool.h,
			    (unsigned long)ref.w, (unsigned long)ref.h);
			abort();
		}
	} else if (ref.st == DEC_OK) {
		fprintf(stderr,
		    "fuzz_png: libpng counts what the tool "
		    "refuses (status %d)\n",
		    tool.st);
		abort();
	} else if (tool.st == DEC_OK && strict) {
		fprintf(stderr,
		    "fuzz_png: the fast path counts what libpng "
		    "refuses (status %d)\n",
		    ref.st);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;
	size_t off, len;
	uint32_t c;

	if (raw || size < 8 || (buf = malloc(size)) == NULL) {
		count(data, size);
		return 0;
	}
	memcpy(buf, data, size);
	for (off = 8; size - off >= 12; off += 12 + len) {
		len = (size_t)buf[off] << 24 | (size_t)buf[off + 1] << 16 |
		    (size_t)buf[off + 2] << 8 | buf[off + 3];
		if (len > size - off - 12)
			break;
		c = crc(buf + off + 4, len + 4);
		buf[off + 8 + len] = (uint8_t)(c >> 24);
		buf[off + 9 + len] = (uint8_t)(c >> 16);
		buf[off + 10 + len] = (uint8_t)(c >> 8);
		buf[off + 11 + len] = (uint8_t)c;
	}
	count(buf, size);
	free(buf);
	return 0;
}
