/*
 * fuzz_pngz.c: libFuzzer harness that mutates the DEFLATE bit stream of
 * a PNG itself, and keeps everything else valid.
 *
 * The input is two bytes of parameters and a raw DEFLATE stream.  The
 * harness inflates the stream (with libdeflate, or zlib if libdeflate
 * refuses it), shapes an 8-bit gray image of exactly the size that came
 * out (rows from the first parameter byte), and writes a PNG around it:
 * a zlib header (a 32 KiB window, or a smaller one), the stream, the
 * right Adler-32, IDAT chunks split as the second parameter byte says,
 * right CRCs.  So block headers, code lengths, codes and distances are
 * what the fuzzer changes, and nothing else can make a file refused.
 *
 * Two checks abort: zcheck_stream (inflate_check.c) and libdeflate
 * accepting a stream that zlib refuses when inflated one row per call
 * with the header's window, as libpng does; and the differential of
 * fuzz_png_diff (the tool and libpng alone disagree on the file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

#include "fuzz.h"
#include "inflate_check.h"

/* Largest image made (bytes of rows, filter bytes included). */
#define PZ_MAXOUT ((size_t)1 << 20)

static struct dec_opts opts;
static struct libdeflate_decompressor *dd;
static uint8_t *out, *png, *row;

static size_t inflate_raw(const uint8_t *, size_t, size_t *);
static int zlib_rows(const uint8_t *, size_t, size_t, uint32_t);
static size_t put_chunk(uint8_t *, const char *, const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_opts(&opts, DEC_PNG);
	dd = libdeflate_alloc_decompressor();
	out = malloc(PZ_MAXOUT);
	row = malloc(PZ_MAXOUT);
	if (dd == NULL || out == NULL || row == NULL) {
		fprintf(stderr, "fuzz_pngz: out of memory\n");
		exit(1);
	}
	return 0;
}

/* Inflate the raw stream: the bytes out, *used the input taken.  What
 * libdeflate refuses, zlib tries; a failure keeps zlib's partial output. */
static size_t
inflate_raw(const uint8_t *z, size_t n, size_t *used)
{
	size_t got = 0;
	z_stream s;

	if (libdeflate_deflate_decompress_ex(
		dd, z, n, out, PZ_MAXOUT, used, &got) == LIBDEFLATE_SUCCESS)
		return got;
	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, -15) != Z_OK)
		return 0;
	s.next_in = (Bytef *)(uintptr_t)z;
	s.avail_in = (uInt)n;
	s.next_out = out;
	s.avail_out = (uInt)PZ_MAXOUT;
	inflate(&s, Z_FINISH);
	*used = n - s.avail_in;
	got = s.total_out;
	inflateEnd(&s);
	return got;
}

/*
 * zlib's verdict on the zlib stream z as libpng asks it: inflated one
 * row (w + 1 bytes) per call, h rows, the window of the header, and the
 * stream ends with the last row.  1 if it accepts.
 */
static int
zlib_rows(const uint8_t *z, size_t n, size_t rb, uint32_t h)
{
	z_stream s;
	uint32_t y;
	int ret = Z_OK, ok = 0;

	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, 0) != Z_OK)
		return 0;
	s.next_in = (Bytef *)(uintptr_t)z;
	s.avail_in = (uInt)n;
	for (y = 0; y < h; y++) {
		s.next_out = row;
		s.avail_out = (uInt)rb;
		while (s.avail_out > 0) {
			ret = inflate(&s, Z_NO_FLUSH);
			if (ret != Z_OK)
				break;
		}
		if (s.avail_out > 0)
			goto done;
	}
	s.next_out = row;
	s.avail_out = 1;
	if (ret != Z_STREAM_END)
		ret = inflate(&s, Z_NO_FLUSH);
	ok = ret == Z_STREAM_END && s.avail_out == 1 && s.avail_in == 0;
done:
	inflateEnd(&s);
	return ok;
}

static size_t
put_chunk(uint8_t *p, const char *type, const uint8_t *d, size_t n)
{
	uint32_t c;

	p[0] = (uint8_t)(n >> 24);
	p[1] = (uint8_t)(n >> 16);
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	memcpy(p + 4, type, 4);
	if (n > 0)
		memmove(p + 8, d, n);
	c = libdeflate_crc32(0, p + 4, n + 4);
	p[8 + n] = (uint8_t)(c >> 24);
	p[9 + n] = (uint8_t)(c >> 16);
	p[10 + n] = (uint8_t)(c >> 8);
	p[11 + n] = (uint8_t)c;
	return 12 + n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
	uint8_t *z, ihdr[13];
	size_t n, used = 0, got, zn, off, k, split, part;
	uint32_t w, h, a;
	unsigned cinfo, hsel;

	if (size < 3)
		return 0;
	n = size - 2;
	got = inflate_raw(data + 2, n, &used);
	/* Rows: 1 to 8, if they divide what came out. */
	hsel = (data[0] & 7u) + 1;
	h = got >= 2 * hsel && got % hsel == 0 ? hsel : 1;
	w = got / h > 1 ? (uint32_t)(got / h - 1) : 1;
	/* A 32 KiB window mostly; else 256 bytes to 16 KiB. */
	cinfo = (data[0] & 0x38) != 0 ? 7 : data[0] >> 6;
	/* Trailing bytes after the stream are kept one time in 16. */
	if ((data[1] & 0xf0) != 0xf0)
		n = used;
	if ((z = malloc(n + 6)) == NULL || (png = malloc(n + 128)) == NULL) {
		free(z);
		return 0;
	}
	z[0] = (uint8_t)(cinfo << 4 | 8);
	z[1] = (uint8_t)(31 - ((unsigned)z[0] << 8) % 31);
	memcpy(z + 2, data + 2, n);
	a = libdeflate_adler32(1, out, got);
	z[n + 2] = (uint8_t)(a >> 24);
	z[n + 3] = (uint8_t)(a >> 16);
	z[n + 4] = (uint8_t)(a >> 8);
	z[n + 5] = (uint8_t)a;
	zn = n + 6;

	/* zcheck and libdeflate take it: zlib must as well. */
	if (got == (size_t)(w + 1) * h &&
	    libdeflate_zlib_decompress(dd, z, zn, row, got, NULL) ==
		LIBDEFLATE_SUCCESS &&
	    zcheck_stream(z, zn, got) && !zlib_rows(z, zn, (size_t)w + 1, h)) {
		fprintf(stderr,
		    "fuzz_pngz: zcheck_stream and libdeflate accept a "
		    "stream zlib refuses\n");
		abort();
	}

	memcpy(png, sig, 8);
	off = 8;
	ihdr[0] = (uint8_t)(w >> 24);
	ihdr[1] = (uint8_t)(w >> 16);
	ihdr[2] = (uint8_t)(w >> 8);
	ihdr[3] = (uint8_t)w;
	ihdr[4] = (uint8_t)(h >> 24);
	ihdr[5] = (uint8_t)(h >> 16);
	ihdr[6] = (uint8_t)(h >> 8);
	ihdr[7] = (uint8_t)h;
	ihdr[8] = 8;
	ihdr[9] = 0;
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	off += put_chunk(png + off, "IHDR", ihdr, 13);
	/* IDAT chunks of split bytes (all in one if 0). */
	split = data[1] & 0x0f;
	split = split == 0 ? zn : split * split * 7;
	for (k = 0; k < zn; k += part) {
		part = zn - k < split ? zn - k : split;
		png = realloc(png, off + part + 12 + 12);
		if (png == NULL)
			goto out;
		off += put_chunk(png + off, "IDAT", z + k, part);
	}
	off += put_chunk(png + off, "IEND", NULL, 0);
	fuzz_png_diff(&opts, png, off);
out:
	free(png);
	free(z);
	png = NULL;
	return 0;
}
