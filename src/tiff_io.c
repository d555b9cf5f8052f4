/*
 * tiff_io.c: libtiff's client I/O over a decoder's file (tiff_io.h): its
 * descriptor, read with pread, or its bytes in memory (an archive member,
 * a remote object), through dec_pread.  Never written, never mapped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>

#include "tiff_io.h"

static tmsize_t
tio_read(thandle_t th, void *buf, tmsize_t n)
{
	struct tio *io = th;
	ssize_t got;

	if (n < 0 || (got = dec_pread(io->ctx, buf, (size_t)n, io->off)) < 0)
		return -1;
	io->off += (uint64_t)got;
	return (tmsize_t)got;
}

static tmsize_t
tio_write(thandle_t th, void *buf, tmsize_t n)
{
	(void)th;
	(void)buf;
	(void)n;
	errno = EBADF;
	return -1;
}

static toff_t
tio_seek(thandle_t th, toff_t off, int whence)
{
	struct tio *io = th;
	uint64_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = io->off;
		break;
	case SEEK_END:
		base = io->size;
		break;
	default:
		errno = EINVAL;
		return (toff_t)-1;
	}
	if (off > (uint64_t)INT64_MAX - base) {
		errno = EINVAL;
		return (toff_t)-1;
	}
	io->off = base + off;
	return io->off;
}

/* The descriptor is the caller's. */
static int
tio_close(thandle_t th)
{
	(void)th;
	return 0;
}

static toff_t
tio_size(thandle_t th)
{
	return ((struct tio *)th)->size;
}

/* Never mapped: a file truncated under us must be a read error. */
static int
tio_map(thandle_t th, void **base, toff_t *size)
{
	(void)th;
	(void)base;
	(void)size;
	return 0;
}

static void
tio_unmap(thandle_t th, void *base, toff_t size)
{
	(void)th;
	(void)base;
	(void)size;
}

TIFF *
tio_open(struct tio *io, const char *name, TIFFOpenOptions *opts)
{
	return TIFFClientOpenExt(name, "rm", io, tio_read, tio_write, tio_seek,
	    tio_close, tio_size, tio_map, tio_unmap, opts);
}
