/*
 * flight.h: a bound on the file bytes held in memory between the reader
 * that fetched them (an archive's walk, remote requests) and the worker
 * that decodes them.
 */
#ifndef FLIGHT_H
#define FLIGHT_H

#include <stddef.h>

/* Bytes held at most (one file larger than this is let through alone,
 * but readers refuse such files first: ARC_MAX_MEMBER). */
#define FLIGHT_MAX ((size_t)32 << 20)

/* Wait until n more bytes may be held, then count them.  Thread-safe. */
void flight_take(size_t n);
/* n bytes taken before are free again.  Thread-safe. */
void flight_give(size_t n);
/* Bytes held now (for tests). */
size_t flight_held(void);

#endif
