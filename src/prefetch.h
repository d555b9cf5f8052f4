/*
 * prefetch.h: read the files ahead of the workers while they decode
 * (prefetch.c).  Thread-safe; every call takes NULL as "off".
 */
#ifndef PREFETCH_H
#define PREFETCH_H

#include <stddef.h>

struct prefetch;

/*
 * A prefetcher for a pool of workers fed through a queue of queue jobs;
 * NULL (off) for fewer than two workers, where the walk runs each job
 * inline and is never ahead.
 */
struct prefetch *prefetch_new(int workers, size_t queue);
/* The walk's next file (job index, walk order); path is copied. */
void prefetch_add(struct prefetch *, size_t index, const char *path);
/* A worker takes job index: advise the files now inside the window. */
void prefetch_start(struct prefetch *, size_t index);
/* Files taken to be advised so far (probed or read ahead): for tests. */
size_t prefetch_taken(struct prefetch *);
/* The window: files asked for ahead of the last one started.  4, 16 and
 * 32 measured alike on cold gray3 and street runs (bench/README.md,
 * issue 15 figures: a loaded machine, where read-ahead cut the blocking
 * reads twelvefold but not the wall time); 16 keeps a deeper queue for
 * slower disks at a bound of 16 x PREFETCH_MAX bytes. */
#define PREFETCH_AHEAD 16
/* After the pool is joined. */
void prefetch_free(struct prefetch *);

#endif
