/*
 * output.h: putting results where the user asked, whole or not at all.
 *
 * A regular file (-o FILE, --per-image FILE) is written to a temporary
 * file beside it and renamed over it once complete, so that a reader
 * never sees half of it and a failed or interrupted run leaves the old
 * file as it was.  Anything else (stdout, /dev/null, a FIFO) is written
 * directly.  SIGINT, SIGTERM and SIGHUP remove the temporary files and
 * end the process with status 128 + signal; so does a fatal error
 * (util.c, fatal_sys).
 *
 * Threads: output_open, output_commit and output_abort run in the main
 * thread only, the one thread that takes those signals (pool.c and
 * progress.c start theirs with them blocked).  That, and the signals
 * being blocked while a temporary name is made and published, is what
 * makes the clean-up race-free: the handler sees either no temporary
 * file or a complete name.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stddef.h>
#include <stdio.h>

struct outfile;

/* Install the signal handlers; call once from main before any thread. */
void output_signals(void);
/*
 * Open path for writing, "-" or NULL for stdout.  NULL after a message
 * naming path (a system error).  The stream (output_stream) is written
 * with stdio by any one thread at a time.
 */
struct outfile *output_open(const char *path);
FILE *output_stream(struct outfile *);
/* The path as given to output_open. */
const char *output_path(const struct outfile *);
/* Flush and put the file in place.  0, or -1 after a message.  A closed
 * pipe on stdout ends the process as SIGPIPE would. */
int output_commit(struct outfile *);
/* Drop what was written: the old file, if any, stays as it was. */
void output_abort(struct outfile *);
/* Write len bytes of buf to path ("-" or NULL: stdout) whole.  0, or -1
 * after a message. */
int output_write(const char *path, const char *buf, size_t len);
/* Remove every temporary file now (async-signal-safe; for fatal_sys). */
void output_cleanup(void);

#endif
