/*
 * flight.h: a bound on the file bytes held in memory between the reader
 * that fetched them (an archive's walk, remote requests) and the worker
 * that decodes them.
 */
#ifndef FLIGHT_H
#define FLIGHT_H

#include <stddef.h>

#include "scan.h"

/* Bytes held at most (one file larger than this is let through alone,
 * but readers refuse such files first: ARC_MAX_MEMBER). */
#define FLIGHT_MAX ((size_t)32 << 20)

/* Wait until n more bytes may be held, then count them.  Thread-safe. */
void flight_take(size_t n);
/* n bytes taken before are free again.  Thread-safe. */
void flight_give(size_t n);
/* Bytes held now (for tests). */
size_t flight_held(void);

/* A file's bytes in memory, counted in flight: what archive.c and
 * remote.c hand to the workers (struct scan_mem, first). */
struct flight_buf {
	struct scan_mem m;
	unsigned char *buf;
	size_t len, cap; /* bytes in buf; its room, all counted in flight */
	char *vsi;       /* the same bytes as a GDAL path, or NULL */
};

/* An empty buffer (vsi copied, or NULL); m.release frees it and gives
 * its bytes back, from any thread. */
struct flight_buf *flight_buf_new(const char *vsi);
/* Room for cap (> cap now) bytes, counted in flight: may wait. */
void flight_buf_grow(struct flight_buf *, size_t cap);
/* The len bytes held, as a job's bytes (m.buf never NULL then). */
struct scan_mem *flight_buf_mem(struct flight_buf *);

#endif
