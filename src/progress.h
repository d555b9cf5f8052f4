/*
 * progress.h: the progress line on stderr, drawn by its own thread from
 * counters the run updates.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdatomic.h>

/* Written by the run's threads, read by the progress thread. */
struct progress_counts {
	atomic_ullong queued; /* files handed on so far */
	atomic_ullong done;   /* files finished */
	atomic_ullong pixels; /* pixels decoded */
	atomic_int scanned;   /* the walk is over: queued is the total */
};

struct progress;

/* mode: 0 none (returns NULL), 1 a line redrawn at a terminal, 2 a log
 * line every few seconds.  c must outlive the progress. */
struct progress *progress_start(int mode, struct progress_counts *c);
/* Draw the last line and stop the thread; NULL is a no-op. */
void progress_stop(struct progress *);

#endif
