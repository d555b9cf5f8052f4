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
 * The Adler-32 is made right too: the joined IDAT data are inflated (with
 * libdeflate, or zlib if libdeflate refuses them) and the checksum of
 * what came out is written after the DEFLATE stream, in whichever chunk
 * it falls (FUZZ_PNG_RAW keeps the bytes as they are).
 *
 * Differential check: each input is counted twice, as the tool does and
 * with the fast path off (pngfast_off, libpng alone, the reference), and
 * abort() marks any difference: one counts and the other refuses, or
 * both count but not the same histogram (fuzz_png_diff).
 * FUZZ_PNG_NODIFF turns the check off.
 *
 * Inputs of odd size are counted with a --colors table (every colour
 * whose low two bits of blue are zero is a class), so that RGB and RGBA
 * images reach the fast path's colour rows too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

#include "fuzz.h"
#include "labels.h"
#include "pngfast.h"

/* Largest inflated size whose Adler-32 is made right. */
#define FUZZ_PNG_OUT ((size_t)16 << 20)

static struct dec_opts opts;
static uint32_t crctab[256];
static int raw, nodiff;
static struct colortable colors;
static struct libdeflate_decompressor *dd;
static uint8_t *out;

static uint32_t crc(const uint8_t *, size_t);
static void count(const uint8_t *, size_t);
static void fix_adler(uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint32_t c, n, k;

	(void)argc;
	(void)argv;
	fuzz_opts(&opts, DEC_PNG);
	raw = getenv("FUZZ_PNG_RAW") != NULL;
	nodiff = getenv("FUZZ_PNG_NODIFF") != NULL;
	colors.lut = calloc((size_t)1 << 24, sizeof(*colors.lut));
	dd = libdeflate_alloc_decompressor();
	out = malloc(FUZZ_PNG_OUT);
	if (colors.lut == NULL || dd == NULL || out == NULL) {
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
	if (nodiff)
		fuzz_one(&opts, NULL, 0, data, size);
	else
		fuzz_png_diff(&opts, data, size);
}

/*
 * The Adler-32 of the zlib stream in the IDAT chunks of buf made right:
 * the data are joined, inflated, and the checksum of the output is
 * written back after the DEFLATE stream, chunk boundaries allowed for.
 */
static void
fix_adler(uint8_t *buf, size_t size)
{
	size_t off, len, zn = 0, in_used = 0, out_n = 0, k, *pos;
	uint8_t *z;
	uint32_t a;
	z_stream zs;

	if ((z = malloc(size)) == NULL ||
	    (pos = malloc(size * sizeof(*pos))) == NULL) {
		free(z);
		return;
	}
	for (off = 8; size - off >= 12; off += 12 + len) {
		len = (size_t)buf[off] << 24 | (size_t)buf[off + 1] << 16 |
		    (size_t)buf[off + 2] << 8 | buf[off + 3];
		if (len > size - off - 12)
			break;
		if (memcmp(buf + off + 4, "IDAT", 4) == 0)
			for (k = 0; k < len; k++) {
				pos[zn] = off + 8 + k;
				z[zn++] = buf[off + 8 + k];
			}
	}
	if (zn > 2 &&
	    libdeflate_deflate_decompress_ex(dd, z + 2, zn - 2, out,
		FUZZ_PNG_OUT, &in_used, &out_n) == LIBDEFLATE_SUCCESS)
		a = libdeflate_adler32(1, out, out_n);
	else if (zn > 2) {
		/* zlib may take what libdeflate refuses. */
		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, -15) != Z_OK)
			goto done;
		zs.next_in = z + 2;
		zs.avail_in = (uInt)(zn - 2);
		zs.next_out = out;
		zs.avail_out = FUZZ_PNG_OUT;
		if (inflate(&zs, Z_FINISH) != Z_STREAM_END) {
			inflateEnd(&zs);
			goto done;
		}
		in_used = zn - 2 - zs.avail_in;
		a = libdeflate_adler32(1, out, zs.total_out);
		inflateEnd(&zs);
	} else
		goto done;
	for (k = 0; k < 4 && 2 + in_used + k < zn; k++)
		buf[pos[2 + in_used + k]] = (uint8_t)(a >> (24 - 8 * k));
done:
	free(z);
	free(pos);
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
	fix_adler(buf, size);
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
