/*
 * records.h: per-image records, the lines that --per-image writes, read
 * back for `mfweights sample`, `mfweights split` and --sampling.
 *
 * A record is one counted image: its path, its walk number and the pixels
 * of each class present (ignored and nodata pixels already left out by
 * the run that wrote it).  Records stream from their files, a few at a
 * time: nothing here holds a data set in memory.  Several files are the
 * shards of one walk when every record has an index, the indexes rise
 * within each file and no index repeats: the records then come in walk
 * order, merged by index, as one run over every file would have written
 * them.  Otherwise they come file by file in the order given.
 */
#ifndef RECORDS_H
#define RECORDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "counts.h"

/* A class present in an image and its pixels (> 0). */
struct rec_cls {
	uint32_t c;
	uint64_t n;
};

struct rec {
	char *path;     /* its exact bytes (path_hex decoded) */
	uint64_t index; /* walk number, if has_index */
	int has_index;
	uint64_t width, height, ignored, nodata;
	struct rec_cls *v; /* ascending by class */
	size_t n, cap;
};

struct rec_in;

/*
 * Open per-image files ("-": standard input, copied to a temporary file
 * so that it can be read more than once).  NULL after a message naming
 * the file, its exit level recorded (msg_level): bad input (standard
 * input with a line too long) or a system error.
 */
struct rec_in *rec_open(char *const *paths, size_t n);
/* Read an open stream that the caller owns (a run's spool); name is for
 * messages. */
struct rec_in *rec_from_stream(FILE *f, const char *name);
/*
 * Start a pass over every record.  The first pass decides the order of
 * the later ones (walk order if the files allow it, else as given, with
 * a notice); its own order may differ, so it must only sum.  0, or -1
 * after a message.
 */
int rec_rewind(struct rec_in *);
/* The next record of the pass into r (whose buffers are reused): 1, 0 at
 * the end, or -1 after a message naming the file and line. */
int rec_next(struct rec_in *, struct rec *r);
/* The records this pass has yielded so far. */
uint64_t rec_count(const struct rec_in *);
void rec_close(struct rec_in *);
void rec_free(struct rec *);

/* What a file holds, by its first line. */
enum rec_kind {
	REC_PERIMAGE,
	REC_COUNTS,
	REC_UNKNOWN, /* neither, or it cannot be opened: why says */
	REC_BAD,     /* a bad first line (too long, a NUL byte) or a bad
			read (a directory): why is "FILE:LINE: reason" */
	REC_SYSERR   /* a system error (EIO): why names the file */
};
/* The kind of file path: a per-image file (also an empty one), a counts
 * document, or not: why says what was found.  Its first line is read as
 * records are (at most LR_REC_LINE_MAX), but a longer one that starts a
 * counts document on one line is one (at most LR_DOC_MAX). */
enum rec_kind rec_kind_of(const char *path, char *why, size_t n);

/*
 * The inputs of `mfweights sample` and `mfweights split`: per-image files
 * and counts documents, told apart by content.  The documents (read by
 * counts.c, refused if they cannot be merged) give the class count and
 * the sums the records must match: a per-image file missing, cut short
 * or from another run shows there.
 */
struct rec_inputs {
	char **perimg; /* the per-image files, in the order given */
	size_t nperimg;
	int have_counts;        /* some counts documents were given */
	struct totals t;        /* their sums */
	struct counts_params p; /* the first one's parameters */
};
/* Sort files into in.  0, or an exit level after messages naming each
 * file that is neither or cannot be read or merged. */
int rec_inputs_read(struct rec_inputs *in, char *const *files, size_t n);
void rec_inputs_free(struct rec_inputs *);
/* The records' sums (arrays of n classes) against the documents': 0, or
 * -1 after a message naming what differs. */
int rec_inputs_check(const struct rec_inputs *, uint64_t images,
    const uint64_t *P, const uint64_t *I, size_t n, uint64_t ignored,
    uint64_t nodata);

#endif
