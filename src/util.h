/*
 * util.h: allocation wrappers that exit with the system-error status,
 * and small string helpers shared by modules.
 */
#ifndef UTIL_H
#define UTIL_H

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
/* Cleanup run before exiting on a fatal error (removes a temp output). */
void util_atfatal(void (*fn)(void));
/* Exit with MFW_SYSERR after printing "mfweights: WHAT: strerror". */
void fatal_sys(const char *what) __attribute__((noreturn));

#endif
