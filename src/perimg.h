/*
 * perimg.h: the --per-image writer.  Workers finish files in any order;
 * lines are written in walk order.  Memory is bounded: the producer
 * (the walk, in the main thread) waits before handing on a file while
 * too many finished lines are held behind an unfinished one.
 */
#ifndef PERIMG_H
#define PERIMG_H

#include <stddef.h>
#include <stdio.h>

struct perimg;

/* Start writing to path ("-": stdout; NULL: no file) and, if not NULL,
 * to spool as well.  NULL after a message. */
struct perimg *perimg_open(const char *path, FILE *spool);
/* Producer: wait until job number index may be handed on (walk order,
 * every index from 0 up, once each). */
void perimg_reserve(struct perimg *, size_t index);
/* Job index is done, with its line (malloc'd, taken over) or NULL (a
 * file not counted).  Thread-safe. */
void perimg_put(struct perimg *, size_t index, char *line);
/* Entries held out of order now, and their line bytes (for tests). */
size_t perimg_held(struct perimg *, size_t *bytes);
/* The most line bytes held while the producer may still run. */
#define PERIMG_MAX_BYTES ((size_t)4 << 20)
/* After the last put: flush what is written.  0, or -1 after a message
 * (a write error: the run cannot succeed). */
int perimg_flush(struct perimg *);
/* Put the file in place (ok) or drop it, keeping the old one.  0, or -1
 * after a message. */
int perimg_close(struct perimg *, int ok);

#endif
