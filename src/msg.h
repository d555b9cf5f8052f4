/*
 * msg.h: every message mfweights writes to stderr, and the exit status.
 * Each message is one line, written with a single write(2) so lines of
 * concurrent workers never interleave.  The status is the worst level
 * recorded (enum mfw_exit order); callers record, the run exits once.
 */
#ifndef MSG_H
#define MSG_H

#include <stddef.h>

/* Set the quiet flag (-q drops notices, never errors). */
void msg_setquiet(int);
/* "mfweights: FMT" */
void msg_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "mfweights: 'PATH': FMT", the path quoted for a shell when needed. */
void msg_file(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "mfweights: notice: FMT", unless quiet. */
void msg_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Say whether a progress line is being redrawn on stderr (a terminal):
 * messages then clear it before they print. */
void msg_setprogress(int);
/* Record an exit level; the worst one wins. */
void msg_level(int);
/* The worst level recorded so far (0 if none). */
int msg_status(void);
/*
 * Quote a file name for stderr: printed as-is when it holds only safe
 * characters, else in single quotes with each unprintable or invalid
 * byte written as $'\xHH', as ls --quoting-style=shell-escape does.
 * Returns a malloc'd string (exits on out of memory).
 */
char *msg_quote(const char *);

#endif
