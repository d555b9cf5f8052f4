/*
 * progress.h: the progress line on stderr, drawn by its own thread from
 * counters the run updates.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdatomic.h>

#include "mfweights.h"

/* Written by the run's threads, read by the progress thread. */
struct progress_counts {
	atomic_ullong queued; /* files handed on so far */
	atomic_ullong done;   /* files finished */
	atomic_ullong pixels; /* pixels decoded */
	atomic_int scanned;   /* the walk is over: queued is the total */
	atomic_ullong total;  /* files counted ahead of the walk */
	atomic_int counted;   /* total is known */
};

struct progress;

/* mode: 0 none (returns NULL), 1 a line redrawn at a terminal, 2 a log
 * line every few seconds.  c must outlive the progress. */
struct progress *progress_start(int mode, struct progress_counts *c);
/*
 * Count the files the walk of o will hand on, ahead of it, in a thread of
 * its own, so that the line shows a percentage and the time left long
 * before the walk ends: directory entries (names only, no stat but where
 * the file system gives no type) and --files-from entries of a regular
 * file, read through a descriptor of its own.  Memory: one directory's
 * subdirectory names per level.  p NULL: a no-op.  o must outlive p.
 */
void progress_count_ahead(struct progress *p, const struct mfw_opts *o);
/* Draw the last line and stop the thread; NULL is a no-op. */
void progress_stop(struct progress *);

#endif
