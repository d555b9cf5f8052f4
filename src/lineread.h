/*
 * lineread.h: the one bounded reader for every input file the tool reads
 * besides images: --map, --colors and --names tables, --files-from
 * lists and counts documents.
 *
 * One policy: a line longer than its limit, or a file longer than its
 * limit, is an error naming FILE:LINE; a read error (EISDIR, EIO) is an
 * error, never the end of the file; running out of memory ends the run
 * with status 4 (xmalloc), never passes for the end of the file.
 */
#ifndef LINEREAD_H
#define LINEREAD_H

#include <stddef.h>
#include <stdint.h>

/* A line of a table or a list: 64 KiB (a path is at most 4 KiB). */
#define LR_LINE_MAX  ((size_t)64 << 10)
/* A --map, --colors or --names table: 16 MiB (65,536 classes). */
#define LR_TABLE_MAX ((uint64_t)16 << 20)
/* A counts document: 256 MiB (its skipped list may name a million
 * files; jansson's tree of it takes several times as much memory). */
#define LR_DOC_MAX   ((uint64_t)256 << 20)

/* What lr_next returns. */
#define LR_LINE 1 /* a line in *line */
#define LR_EOF  0
#define LR_BAD  (-1) /* bad content or a bad path: the user's input */
#define LR_SYS  (-2) /* a system error (EIO, ...): status 4 */

/* Flags of lr_open. */
#define LR_TEXT  1 /* a table: drop a UTF-8 BOM and a CR before LF */
#define LR_WHOLE 2 /* lr_slurp: messages do not name the file */

struct lr {
	const char *name; /* as given, for messages; "-" is stdin */
	int fd, own, delim, flags;
	size_t line_max;
	uint64_t file_max; /* 0: no limit (lists are streamed) */
	uint64_t total;    /* bytes read so far */
	size_t lineno;
	char *buf; /* read buffer */
	size_t pos, end;
	char *line;
	size_t lcap;
	int eof;
	int open_errno; /* lr_open failed: its errno */
};

/*
 * Open path ("-" is standard input) for lines ending in delim ('\n' or
 * '\0').  Returns 0, or LR_BAD / LR_SYS with "PATH: reason" in err.
 */
int lr_open(struct lr *, const char *path, int delim, int flags,
    size_t line_max, uint64_t file_max, char *err, size_t errlen);
/*
 * The next line, without its delimiter, NUL-terminated, in *line (valid
 * until the next call) and its length in *len.  A last line without a
 * delimiter counts.  A NUL byte inside a '\n'-separated line is an error
 * (LR_BAD, "PATH:LINE: a NUL byte ...").  Returns LR_LINE, LR_EOF, or
 * LR_BAD / LR_SYS with "PATH:LINE: reason" in err.
 */
int lr_next(struct lr *, char **line, size_t *len, char *err, size_t errlen);
void lr_close(struct lr *);
/*
 * The whole of path ("-" is standard input), at most max bytes, in a
 * malloc'd NUL-terminated *buf of *len bytes.  Returns 0, LR_BAD or LR_SYS
 * with the reason in err: the path only when it cannot be opened (the
 * caller names the file).
 */
int lr_slurp(const char *path, uint64_t max, char **buf, size_t *len, char *err,
    size_t errlen);

#endif
