/*
 * counts.h: the counts document (--format counts), the exact integers of
 * a run and the parameters two parts must share to be summed.  Written
 * and read here, side by side, with one table of key names, so that
 * what one writes the other reads (tests/unit/test_counts.c round-trips
 * them).  `mfweights merge` (merge.c) sums documents read here.
 *
 * Every count in a document is below 2^63: that is what JSON readers
 * (jansson here, and most others) read exactly, so sums are checked
 * against it (COUNTS_MAX) before they are written.
 */
#ifndef COUNTS_H
#define COUNTS_H

#include <stdint.h>
#include <stdio.h>

#include "emit.h"
#include "prov.h"
#include "weights.h"

#define COUNTS_VERSION 2
#define COUNTS_MAX     ((uint64_t)INT64_MAX)

/* The parameters that change what a count means. */
struct counts_params {
	size_t classes;
	int classes_given;
	int64_t *ignore; /* sorted, unique */
	size_t nignore;
	int band;
	int nodata; /* the files' nodata is honoured (no --no-nodata) */
	char map[17], colors[17]; /* digests (labels.h), "" = none */
};

/* One document, as read. */
struct counts_doc {
	struct counts_params p;
	struct prov prov;      /* which part of which whole; set.n is 0
				* for a document of version 1, which has none */
	char tool_version[32]; /* the mfweights that wrote it */
	struct totals t;       /* P, I, T hold p.classes entries */
	struct skip *skipped;  /* index = walk order in the part's run */
	size_t nskipped;
};

/* Write rp as a counts document, with rp->prov as its provenance.
 * Returns 0, or -1 on a write error. */
int counts_write(FILE *, const struct report *rp);
/*
 * Read the document in path ("-": stdin).  Returns 0, or -1 with a
 * reason in why (the caller names the file).  The counts are read as
 * written; counts_check says whether they make sense together.  On success the caller
 * frees d with counts_free.
 */
int counts_read(const char *path, struct counts_doc *d, char *why, size_t n);
void counts_free(struct counts_doc *);
/*
 * The sums a run's counts always satisfy (class pixels + ignored +
 * nodata = total; per class P <= T, I <= images, P > 0 iff I > 0 iff
 * T > 0).  0, or -1 with why: the document was edited or corrupted.
 */
int counts_check(const struct counts_doc *d, char *why, size_t n);
/* Why two documents cannot be summed, or NULL. */
const char *counts_incompatible(
    const struct counts_params *, const struct counts_params *);
/*
 * Add d's counts into acc (acc->n classes, at least d's; its arrays
 * zero-filled beyond what was added).  Returns 0, or -1 with why naming
 * the count whose sum would pass COUNTS_MAX; acc is then unchanged.
 */
int counts_add(
    struct totals *acc, const struct counts_doc *d, char *why, size_t n);

#endif
