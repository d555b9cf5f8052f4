/*
 * fdio.h: the exact read and write loops on file descriptors, written
 * once.  They retry on EINTR and short transfers and never raise
 * SIGPIPE.  No dependency on the rest of mfweights, so the GDAL helper
 * links this file too.
 */
#ifndef FDIO_H
#define FDIO_H

#include <stddef.h>
#include <sys/types.h>

/* Write all n bytes.  0, or -1 with errno set (EPIPE: the reader is
 * gone, never a signal). */
int fd_write_all(int fd, const void *buf, size_t n);
/* Read exactly n bytes: 1 done, 0 end of file before the first byte,
 * -1 on an error or end of file part way (errno EIO then). */
int fd_read_full(int fd, void *buf, size_t n);
/* Read up to n bytes at offset off: the bytes read (fewer than n only
 * at end of file), or -1 with errno set. */
ssize_t fd_pread_full(int fd, void *buf, size_t n, off_t off);

#endif
