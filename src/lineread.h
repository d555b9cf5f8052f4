/*
 * lineread.h: the one bounded reader for every input file the tool reads
 * besides images: --map, --colors and --names tables, --files-from
 * lists, counts documents, per-image records (records.c) and --dataset
 * preset files (dataset.c, at most PRESET_MAX_BYTES, 1 MiB).
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
#define LR_LINE_MAX     ((size_t)64 << 10)
/* A --map, --colors or --names table: 16 MiB (65,536 classes). */
#define LR_TABLE_MAX    ((uint64_t)16 << 20)
/* A per-image record (a --per-image line, read back by sample, split
 * and --sampling): 4 MiB.  Its longest form is 65,536 classes written
 * as ", \"65535\": 18446744073709551615" (31 bytes each, 1.94 MiB) plus
 * its path twice (escaped and as path_hex, at most 7 bytes a byte:
 * 28 KiB for a 4 KiB path); 4 MiB leaves room for twice that.  A
 * per-image file is streamed: no total limit. */
#define LR_REC_LINE_MAX ((size_t)4 << 20)
/* A counts document: 256 MiB (its skipped list may name a million
 * files; jansson's tree of it takes several times as much memory). */
#define LR_DOC_MAX      ((uint64_t)256 << 20)

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
	int cut;        /* the last line ended the file, with no delimiter */
	int toolong;    /* lr_next refused a line over line_max; line then
			   holds its first line_max bytes, NUL-terminated */
};

/*
 * Open path ("-" is standard input) for lines ending in delim ('\n' or
 * '\0').  Returns 0, or LR_BAD / LR_SYS with "PATH: reason" in err.
 */
int lr_open(struct lr *, const char *path, int delim, int flags,
    size_t line_max, uint64_t file_max, char *err, size_t errlen);
/* Read fd, which the caller opened and closes (a spool), as lr_open
 * reads a path; name is for messages and must outlive the reader. */
void lr_fdopen(struct lr *, int fd, const char *name, int delim, int flags,
    size_t line_max, uint64_t file_max);
/* Read again from the start of the file (a pipe cannot).  Returns 0, or
 * LR_BAD / LR_SYS with "NAME: reason" in err. */
int lr_rewind(struct lr *, char *err, size_t errlen);
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
