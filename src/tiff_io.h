/*
 * tiff_io.h: libtiff's client I/O over a decoder's file (tiff_io.c).
 */
#ifndef TIFF_IO_H
#define TIFF_IO_H

#include <stdint.h>
#include <tiffio.h>

#include "decode.h"

struct tio {
	const struct dec_ctx *ctx; /* its descriptor or buffer */
	uint64_t off, size;
};

/* Open io->ctx's file for reading as name, io->size set by the caller;
 * io must outlive the TIFF.  NULL on failure (opts' handlers say why). */
TIFF *tio_open(struct tio *io, const char *name, TIFFOpenOptions *opts);

#endif
