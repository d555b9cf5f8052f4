/*
 * decode.c: the decoder table and helpers shared by the decoders.
 * Formats are recognised by their first bytes, in table order, GDAL last.
 */
#include <stdarg.h>
#include <stdio.h>

#include "decode.h"

static const struct decoder *const table[] = {&dec_png, &dec_tiff, &dec_gdal};

const struct decoder *
dec_pick(const struct mfw_opts *o, const unsigned char *head, size_t n)
{
	const struct decoder *d = NULL;
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i]->probe(head, n)) {
			d = table[i];
			break;
		}
	if (d == NULL || o->decoder == DEC_AUTO)
		return d;
	/* A forced reader takes every image GDAL can read, but a file of
	 * another format than a forced PNG or TIFF reader's is no mask. */
	if (o->decoder == DEC_GDAL)
		return &dec_gdal;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i]->id == o->decoder)
			return table[i]->probe(head, n) ? table[i] : NULL;
	return NULL;
}

enum dec_status
dec_bad(struct dec_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
	return DEC_BAD;
}

enum dec_status
dec_check_size(struct dec_ctx *ctx, uint64_t w, uint64_t h)
{
	if (w == 0 || h == 0)
		return dec_bad(ctx,
		    "image has zero width or height "
		    "(%llu x %llu)",
		    (unsigned long long)w, (unsigned long long)h);
	if (w > UINT32_MAX || h > UINT32_MAX)
		return dec_bad(ctx,
		    "image dimensions %llu x %llu are too "
		    "large",
		    (unsigned long long)w, (unsigned long long)h);
	if (ctx->o->max_pixels != 0 && w * h > ctx->o->max_pixels)
		return dec_bad(ctx,
		    "%llu x %llu = %llu pixels exceeds "
		    "--max-pixels %llu",
		    (unsigned long long)w, (unsigned long long)h,
		    (unsigned long long)(w * h),
		    (unsigned long long)ctx->o->max_pixels);
	return DEC_OK;
}
