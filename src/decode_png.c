/*
 * decode_png.c: PNG masks through libpng's low-level API, row by row.
 *
 * Samples are counted raw: palette indices are the labels (never
 * colour-converted, tRNS ignored), gray keeps its 1..16-bit values
 * (png_set_packing unpacks without scaling; png_set_swap gives host-order
 * 16-bit), gray+alpha counts the gray channel.  Adam7 files are read pass
 * by pass, every pixel appears in exactly one pass, so one row buffer is
 * enough.  All ancillary chunks are skipped unread: masks need none, and
 * an sPLT chunk declaring 1.5 GB otherwise makes libpng 1.6 allocate it.  libpng errors longjmp back here; nothing is
 * printed, nothing exits.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>

#include "count.h"
#include "decode.h"
#include "photo.h"
#include "pngfast.h"
#include "labels.h"

/* Longest decoded row read through libpng: 8 M pixels of 16-bit gray +
 * alpha; real masks are under 100,000 pixels wide. */
#define PNG_MAX_ROW (32 << 20)

static int png_probe(const unsigned char *, size_t);
static enum dec_status png_count(struct dec_ctx *);
static void png_errfn(png_structp, png_const_charp);
static void png_warnfn(png_structp, png_const_charp);

const struct decoder dec_png = {"png", DEC_PNG, png_probe, png_count};

static int
png_probe(const unsigned char *head, size_t n)
{
	return n >= 8 && png_sig_cmp(head, 0, 8) == 0;
}

static void
png_errfn(png_structp png, png_const_charp msg)
{
	struct dec_ctx *ctx = png_get_error_ptr(png);

	snprintf(ctx->err, sizeof(ctx->err), "invalid PNG: %s", msg);
	png_longjmp(png, 1);
}

static void
png_warnfn(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Count the first of every `step` samples of a row of n pixels. */
static void
count_row(uint64_t *d, const unsigned char *row, size_t n, int bd, int step)
{
	size_t i;

	if (step == 1) {
		if (bd == 16)
			count_u16(d, (const uint16_t *)(const void *)row, n);
		else
			count_u8(d, row, n);
	} else if (bd == 16) {
		const uint16_t *r = (const uint16_t *)(const void *)row;
		for (i = 0; i < n; i++)
			d[r[i * 2]]++;
	} else {
		for (i = 0; i < n; i++)
			d[row[i * 2]]++;
	}
}

/*
 * A colour PNG without --colors: a photograph (the photo folder given for
 * the mask folder) or a colour-coded mask.  The first rows tell (photo.c);
 * 8-bit, non-interlaced images only, the rest are called masks.  Runs
 * inside png_count's setjmp: its memory goes to *keep, which png_count
 * frees however it ends.
 */
static enum dec_status
no_colors(struct dec_ctx *ctx, png_structp png, png_infop info, png_uint_32 w,
    png_uint_32 h, int bd, int ct, int il, unsigned char *volatile *keep)
{
	struct photo *p = NULL;
	int ch = ct == PNG_COLOR_TYPE_RGB ? 3 : 4, photo = 0;
	png_uint_32 y;

	if (bd == 8 && il == PNG_INTERLACE_NONE &&
	    (p = calloc(1, sizeof(*p) + (size_t)w * (size_t)ch)) != NULL) {
		unsigned char *row = (unsigned char *)(p + 1);

		*keep = (unsigned char *)p;
		png_read_update_info(png, info);
		for (y = 0; y < h && y < 256; y++) {
			png_read_row(png, row, NULL);
			photo_row(p, row, w, ch);
		}
		photo = photo_is(p);
	}
	if (photo)
		return dec_bad(ctx,
		    "a photograph, not a label mask (over %u colours, "
		    "smooth shading): give the folder of masks instead",
		    PHOTO_MANY);
	return dec_bad(ctx,
	    "%s mask (expected a single-channel index "
	    "or gray mask); pass --colors to map colours to classes",
	    ct == PNG_COLOR_TYPE_RGB ? "RGB" : "RGBA");
}

static enum dec_status
png_count(struct dec_ctx *ctx)
{
	png_structp png;
	png_infop info;
	FILE *volatile f = NULL;
	unsigned char *volatile row = NULL;
	png_uint_32 w, h, y;
	int bd, ct, il, pass, step, rgb;
	struct fhist *hist = ctx->h;
	enum dec_status st;

	/* The usual masks take the fast path; libpng gets the rest. */
	if ((st = pngfast_count(ctx)) != DEC_NOTMASK)
		return st;
	if ((f = dec_fopen(ctx)) == NULL) {
		snprintf(ctx->err, sizeof(ctx->err), "%s", strerror(errno));
		return DEC_SYSERR;
	}
	png = png_create_read_struct(
	    PNG_LIBPNG_VER_STRING, ctx, png_errfn, png_warnfn);
	info = png == NULL ? NULL : png_create_info_struct(png);
	if (info == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		fclose(f);
		snprintf(ctx->err, sizeof(ctx->err), "out of memory");
		return DEC_SYSERR;
	}
	if (setjmp(png_jmpbuf(png))) {
		st = DEC_BAD;
		goto out;
	}
	png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
	/* We apply --max-pixels ourselves; libpng's 1e6 default is too low
	 * for remote-sensing rasters. */
	png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
	png_set_check_for_invalid_index(png, 0);
	/* Benign errors are errors: extra or missing image data, an
	 * oversized chunk.  A mask that is not exactly what its header says
	 * is a bad file, never a silently different count. */
	png_set_benign_errors(png, 0);
	png_init_io(png, f);
	png_read_info(png, info);
	png_get_IHDR(png, info, &w, &h, &bd, &ct, &il, NULL, NULL);
	if ((st = dec_check_size(ctx, w, h)) != DEC_OK)
		goto out;
	rgb = ct & PNG_COLOR_MASK_COLOR && ct != PNG_COLOR_TYPE_PALETTE;
	if (rgb && ctx->o->colors == NULL) {
		st = no_colors(ctx, png, info, w, h, bd, ct, il, &row);
		goto out;
	}
	if (rgb && bd != 8) {
		st = dec_bad(ctx,
		    "16-bit colour mask: --colors reads 8-bit "
		    "RGB and RGBA only");
		goto out;
	}
	/* libpng keeps two rows and we one: bound them before they are
	 * allocated (a 2^31-pixel-wide IHDR would cost 6 GB). */
	if ((uint64_t)w * (bd == 16 ? 2 : 1) *
		(uint64_t)png_get_channels(png, info) >
	    PNG_MAX_ROW) {
		st = dec_bad(ctx,
		    "rows of %lu pixels exceed the %d MiB row "
		    "limit",
		    (unsigned long)w, PNG_MAX_ROW >> 20);
		goto out;
	}
	hist->width = w;
	hist->height = h;
	hist->bits = bd;
	hist->maxbin = bd == 16 || rgb ? 65535 : (1u << bd) - 1;
	step = ct == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
	if (bd < 8)
		png_set_packing(png);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (bd == 16)
		png_set_swap(png);
#endif
	png_read_update_info(png, info);
	row = malloc(png_get_rowbytes(png, info));
	if (row == NULL) {
		snprintf(ctx->err, sizeof(ctx->err), "out of memory");
		st = DEC_SYSERR;
		goto out;
	}
	if (rgb) {
		/* Colour masks: one pass per row; Adam7 passes the same way. */
		int ch = ct == PNG_COLOR_TYPE_RGB ? 3 : 4, npass;

		npass = il == PNG_INTERLACE_NONE ? 1 : 7;
		for (pass = 0; pass < npass; pass++) {
			png_uint_32 pw =
			    npass == 1 ? w : PNG_PASS_COLS(w, pass);
			png_uint_32 ph =
			    npass == 1 ? h : PNG_PASS_ROWS(h, pass);

			if (pw == 0 || ph == 0)
				continue;
			for (y = 0; y < ph; y++) {
				png_read_row(png, row, NULL);
				if (labels_count_rgb(hist, ctx->o->colors, row,
					pw, ch) != 0) {
					snprintf(ctx->err, sizeof(ctx->err),
					    "out of memory");
					st = DEC_SYSERR;
					goto out;
				}
			}
		}
	} else if (il == PNG_INTERLACE_NONE) {
		for (y = 0; y < h; y++) {
			png_read_row(png, row, NULL);
			count_row(hist->dense, row, w, bd, step);
		}
	} else {
		for (pass = 0; pass < 7; pass++) {
			png_uint_32 pw = PNG_PASS_COLS(w, pass);
			png_uint_32 ph = PNG_PASS_ROWS(h, pass);

			if (pw == 0 || ph == 0)
				continue;
			for (y = 0; y < ph; y++) {
				png_read_row(png, row, NULL);
				count_row(hist->dense, row, pw, bd, step);
			}
		}
	}
	png_read_end(png, NULL);
	st = DEC_OK;
out:
	png_destroy_read_struct(&png, &info, NULL);
	free(row);
	fclose(f);
	return st;
}
