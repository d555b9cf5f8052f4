/*
 * decode.c: the decoder table and the rules that belong to it rather than
 * to one decoder.  Formats are recognised by their first bytes, in table
 * order, GDAL last.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decode.h"
#include "fdio.h"

static const struct decoder *const table[] = {&dec_png, &dec_tiff, &dec_gdal};
#define NTABLE (sizeof(table) / sizeof(table[0]))

/* The decoder for a head, or NULL: no known signature, or not the
 * format that --decoder forces. */
static const struct decoder *
pick(const struct dec_opts *o, const unsigned char *head, size_t n)
{
	const struct decoder *d = NULL;
	size_t i;

	for (i = 0; i < NTABLE; i++)
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
	for (i = 0; i < NTABLE; i++)
		if (table[i]->id == o->decoder)
			return table[i]->probe(head, n) ? table[i] : NULL;
	return NULL;
}

int
dec_is_vrt(const unsigned char *h, size_t n)
{
	size_t i = 0;

	while (i < n &&
	    (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n'))
		i++;
	return n - i >= 11 && memcmp(h + i, "<VRTDataset", 11) == 0;
}

/*
 * Images that are not masks, named so that the message says what to do:
 * lossy formats change labels at every edge, so no reader for them is
 * wanted.  Signatures: JPEG SOI marker FF D8 FF (ITU-T T.81, B.1.1.3);
 * WebP RIFF container, first chunk "VP8 " lossy, "VP8L" lossless, "VP8X"
 * extended (the WebP Container Specification, developers.google.com/speed/
 * webp/docs/riff_container).
 * Returns 1 and a reason in err, or 0.
 */
static int
named_nonmask(const unsigned char *h, size_t n, char *err, size_t len)
{
	if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff) {
		snprintf(err, len,
		    "lossy JPEG: label masks must be lossless (PNG, TIFF)");
		return 1;
	}
	if (n >= 16 && memcmp(h, "RIFF", 4) == 0 &&
	    memcmp(h + 8, "WEBP", 4) == 0) {
		if (memcmp(h + 12, "VP8 ", 4) == 0)
			snprintf(err, len,
			    "lossy WebP: label masks must be lossless (PNG, "
			    "TIFF)");
		else
			snprintf(err, len,
			    "not a mask: WebP, which mfweights does not read; "
			    "save the masks as PNG");
		return 1;
	}
	return 0;
}

enum dec_status
dec_file(struct dec_ctx *ctx, const unsigned char *head, size_t n,
    const struct decoder **used)
{
	const struct decoder *d;
	enum dec_status st;

	ctx->err[0] = '\0';
	*used = NULL;
	if ((d = pick(ctx->o, head, n)) == NULL) {
		named_nonmask(head, n, ctx->err, sizeof(ctx->err));
		return DEC_NOTMASK;
	}
	/* A VRT reads other files by name: only when asked to. */
	if (d == &dec_gdal && !ctx->o->allow_vrt && dec_is_vrt(head, n)) {
		snprintf(ctx->err, sizeof(ctx->err),
		    "a VRT file: read only with --allow-vrt");
		return DEC_NOTMASK;
	}
	*used = d;
	/* Bytes in memory that only GDAL reads: GDAL reads them again
	 * through its own path to the archive member, if it has one. */
	if (d == &dec_gdal && ctx->buf != NULL) {
		if (ctx->vsi == NULL)
			return dec_bad(ctx,
			    "only the GDAL reader takes this format, and GDAL "
			    "cannot read inside this archive: unpack it");
		ctx->path = ctx->vsi;
		ctx->buf = NULL;
	}
	st = d->count(ctx);
	/* Only GDAL answers "no driver": for a file whose signature picked
	 * it, that means truncated or corrupt, not some other format. */
	if (st == DEC_NOTMASK)
		return dec_bad(ctx,
		    "no GDAL driver can read it, although its signature is "
		    "known: truncated or corrupt");
	return st;
}

enum dec_status
dec_vsi(struct dec_ctx *ctx, const struct decoder **used)
{
	ctx->err[0] = '\0';
	*used = &dec_gdal;
	return dec_gdal.count(ctx);
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

ssize_t
dec_pread(const struct dec_ctx *ctx, void *p, size_t n, uint64_t off)
{
	if (ctx->buf == NULL) {
		if (off > (uint64_t)INT64_MAX) {
			errno = EINVAL;
			return -1;
		}
		return fd_pread_full(ctx->fd, p, n, (off_t)off);
	}
	if (off >= ctx->len)
		return 0;
	if (n > ctx->len - off)
		n = ctx->len - (size_t)off;
	memcpy(p, ctx->buf + off, n);
	return (ssize_t)n;
}

int
dec_size(const struct dec_ctx *ctx, uint64_t *size)
{
	struct stat sb;

	if (ctx->buf != NULL) {
		*size = ctx->len;
		return 0;
	}
	if (fstat(ctx->fd, &sb) != 0)
		return -1;
	*size = sb.st_size > 0 ? (uint64_t)sb.st_size : 0;
	return 0;
}

FILE *
dec_fopen(const struct dec_ctx *ctx)
{
	FILE *f;
	int fd, e;

	/* The buffer is only read: "r" never writes through the cast. */
	if (ctx->buf != NULL)
		return fmemopen((void *)(uintptr_t)ctx->buf, ctx->len, "r");
	if ((fd = dup(ctx->fd)) < 0)
		return NULL;
	if (lseek(fd, 0, SEEK_SET) != 0 || (f = fdopen(fd, "rb")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	return f;
}
