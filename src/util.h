/*
 * util.h: allocation wrappers that exit with the system-error status,
 * and small string helpers shared by modules.
 */
#ifndef UTIL_H
#define UTIL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
/* Join a directory and a name with one '/'. */
char *path_join(const char *dir, const char *name);
/* Length of the valid UTF-8 sequence at s (1-4), or 0 if invalid. */
size_t utf8_seqlen(const unsigned char *s, size_t n);
/* Clean-up run before exiting on a fatal error (removes temporary
 * output files); it must be async-signal-safe. */
void util_atfatal(void (*fn)(void));
/*
 * Print "mfweights: WHAT: strerror(errno)" and end the process with
 * MFW_SYSERR, from any thread.  It calls _exit, not exit: other threads
 * may be inside libpng, libtiff or the pool, and exit() would run
 * destructors under them.  Nothing is lost: stdout is written once, at
 * the end, and messages go out with write(2).
 */
void fatal_sys(const char *what) __attribute__((noreturn));
/*
 * pthread_create for threads that must never take SIGINT, SIGTERM or
 * SIGHUP (output.h: only the main thread does).  Returns 0 or an error
 * number.
 */
int thread_start(pthread_t *, void *(*fn)(void *), void *arg);

/* Replace control bytes in s with '?', in place (a library's error text
 * may quote the raw bytes of a bad file); returns s. */
char *strip_ctrl(char *s);

#endif
