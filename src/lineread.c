/*
 * lineread.c: the bounded line reader (lineread.h).
 *
 * The file is read with read(2) in 64 KiB chunks, so that an error is
 * seen with its errno (EISDIR, EIO) and never confused with the end of
 * the file, as getline(3) confuses them with out of memory.  The line
 * buffer grows by doubling up to the line limit, through xreallocarray:
 * out of memory ends the run with status 4.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lineread.h"
#include "util.h"

#define CHUNK ((size_t)64 << 10)

/* A size in bytes as "64 KiB", "16 MiB". */
static void
human(uint64_t n, char *out, size_t len)
{
	if (n >= (1 << 30) && n % (1 << 30) == 0)
		snprintf(out, len, "%llu GiB", (unsigned long long)(n >> 30));
	else if (n >= (1 << 20) && n % (1 << 20) == 0)
		snprintf(out, len, "%llu MiB", (unsigned long long)(n >> 20));
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(out, len, "%llu KiB", (unsigned long long)(n >> 10));
	else
		snprintf(out, len, "%llu bytes", (unsigned long long)n);
}

/* An errno met opening or reading: the user's input, or the system's? */
static int
kind(int e)
{
	return e == ENOENT || e == EISDIR || e == EACCES || e == ENOTDIR ||
		e == ELOOP || e == ENAMETOOLONG || e == ENXIO || e == EINVAL ||
		e == EPERM
	    ? LR_BAD
	    : LR_SYS;
}

static const char *
shown(const char *path)
{
	return strcmp(path, "-") == 0 ? "standard input" : path;
}

static int
open_fd(
    const char *path, int named, int *fd, int *own, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0) {
		*fd = STDIN_FILENO;
		*own = 0;
		return 0;
	}
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		int e = errno;

		if (named)
			snprintf(err, errlen, "%s: %s", path, strerror(e));
		else
			snprintf(err, errlen, "cannot open: %s", strerror(e));
		errno = e;
		return kind(e);
	}
	*own = 1;
	return 0;
}

int
lr_open(struct lr *r, const char *path, int delim, int flags, size_t line_max,
    uint64_t file_max, char *err, size_t errlen)
{
	int rc, fd, own;

	if ((rc = open_fd(path, !(flags & LR_WHOLE), &fd, &own, err, errlen)) !=
	    0) {
		memset(r, 0, sizeof(*r));
		r->name = shown(path);
		r->fd = -1;
		r->open_errno = errno;
		return rc;
	}
	lr_fdopen(r, fd, shown(path), delim, flags, line_max, file_max);
	r->own = own;
	return 0;
}

void
lr_fdopen(struct lr *r, int fd, const char *name, int delim, int flags,
    size_t line_max, uint64_t file_max)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->fd = fd;
	r->delim = delim;
	r->flags = flags;
	r->line_max = line_max;
	r->file_max = file_max;
	r->buf = xmalloc(CHUNK);
	r->lcap = line_max < 256 ? line_max + 1 : 256;
	r->line = xmalloc(r->lcap);
}

int
lr_rewind(struct lr *r, char *err, size_t errlen)
{
	if (lseek(r->fd, 0, SEEK_SET) != 0) {
		int e = errno;

		snprintf(err, errlen, "%s: cannot read it again: %s", r->name,
		    strerror(e));
		return e == ESPIPE ? LR_BAD : kind(e);
	}
	r->total = 0;
	r->lineno = 0;
	r->pos = r->end = 0;
	r->eof = r->cut = r->toolong = 0;
	return 0;
}

/* "NAME:LINE: " of the line being read; "" for a whole read, whose
 * caller names the file itself. */
static const char *
where(const struct lr *r, char *out)
{
	if (r->flags & LR_WHOLE)
		out[0] = '\0';
	else
		snprintf(
		    out, PATH_MAX + 32, "%s:%zu: ", r->name, r->lineno + 1);
	return out;
}

/* Refill the read buffer.  Returns 1, 0 at the end, or an LR_ error. */
static int
fill(struct lr *r, char *err, size_t errlen)
{
	ssize_t got;
	char lim[32], at[PATH_MAX + 32];

	if (r->eof)
		return 0;
	do
		got = read(r->fd, r->buf, CHUNK);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		int e = errno;

		snprintf(err, errlen, "%scannot read: %s", where(r, at),
		    strerror(e));
		return kind(e);
	}
	if (got == 0) {
		r->eof = 1;
		return 0;
	}
	r->total += (uint64_t)got;
	if (r->file_max != 0 && r->total > r->file_max) {
		human(r->file_max, lim, sizeof(lim));
		snprintf(err, errlen,
		    "%sthe file is longer than %s, the limit for "
		    "this input",
		    where(r, at), lim);
		return LR_BAD;
	}
	r->pos = 0;
	r->end = (size_t)got;
	return 1;
}

int
lr_next(struct lr *r, char **line, size_t *len, char *err, size_t errlen)
{
	size_t n = 0, take;
	char *p, lim[32];
	int rc, any = 0;

	r->cut = 0;
	for (;;) {
		if (r->pos == r->end) {
			if ((rc = fill(r, err, errlen)) < 0)
				return rc;
			if (rc == 0) {
				if (!any)
					return LR_EOF;
				r->cut = 1;
				break;
			}
		}
		any = 1;
		p = memchr(r->buf + r->pos, r->delim, r->end - r->pos);
		take = (p ? (size_t)(p - r->buf) : r->end) - r->pos;
		/* Over the limit: keep its first line_max bytes, then fail. */
		if ((r->toolong = take > r->line_max - n))
			take = r->line_max - n;
		if (n + take + 1 > r->lcap) {
			/* Doubling, but never past the limit. */
			while (n + take + 1 > r->lcap)
				r->lcap = r->lcap > r->line_max / 2
				    ? r->line_max + 1
				    : r->lcap * 2;
			r->line = xreallocarray(r->line, r->lcap, 1);
		}
		memcpy(r->line + n, r->buf + r->pos, take);
		n += take;
		r->pos += take;
		if (r->toolong) {
			r->line[n] = '\0';
			human(r->line_max, lim, sizeof(lim));
			snprintf(err, errlen,
			    "%s:%zu: the line is longer than %s, the "
			    "limit for a line",
			    r->name, r->lineno + 1, lim);
			return LR_BAD;
		}
		if (p != NULL) {
			r->pos++;
			break;
		}
	}
	r->lineno++;
	r->line[n] = '\0';
	if (r->delim != '\0' && memchr(r->line, '\0', n) != NULL) {
		snprintf(err, errlen, "%s:%zu: a NUL byte: %s", r->name,
		    r->lineno,
		    r->flags & LR_TEXT
			? "not a text file"
			: "a NUL-separated list? pass -0 to read one");
		return LR_BAD;
	}
	if (r->flags & LR_TEXT) {
		if (n > 0 && r->line[n - 1] == '\r')
			r->line[--n] = '\0';
		if (r->lineno == 1 && n >= 3 &&
		    memcmp(r->line, "\xef\xbb\xbf", 3) == 0) {
			memmove(r->line, r->line + 3, n - 2);
			n -= 3;
		}
	}
	*line = r->line;
	*len = n;
	return LR_LINE;
}

void
lr_close(struct lr *r)
{
	if (r->own && r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r->line);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

int
lr_slurp(const char *path, uint64_t max, char **buf, size_t *len, char *err,
    size_t errlen)
{
	struct lr r;
	size_t cap = CHUNK, n = 0;
	char *b;
	int rc;

	*buf = NULL;
	*len = 0;
	if ((rc = lr_open(&r, path, '\n', LR_WHOLE, 1, max, err, errlen)) != 0)
		return rc;
	b = xmalloc(cap + 1);
	while ((rc = fill(&r, err, errlen)) > 0) {
		if (n + r.end > cap) {
			while (n + r.end > cap)
				cap *= 2;
			b = xreallocarray(b, cap + 1, 1);
		}
		memcpy(b + n, r.buf, r.end);
		n += r.end;
	}
	lr_close(&r);
	if (rc < 0) {
		free(b);
		return rc;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}
