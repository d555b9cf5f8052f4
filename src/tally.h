/*
 * tally.h: one file's histogram checked against the counting rules.
 *
 * Pure: no I/O, no global state, nothing allocated but the extra list of
 * a remapped histogram.  tally_file() says whether a decoded file can be
 * counted and, if not, why (a structured reason, so that callers can
 * group files that fail for the same reason); the caller decides what a
 * bad file costs.  tally_add() adds a counted file to a worker's totals.
 * A label that is neither a class, nor ignored, nor the file's nodata
 * makes the whole file bad: nothing of it is counted.
 */
#ifndef TALLY_H
#define TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "mfweights.h"

/* The rules every file is counted by, fixed for a run. */
struct rules {
	long classes;          /* --classes, 0 = any label below MFW_DENSE */
	const int64_t *ignore; /* --ignore, sorted, unique */
	size_t nignore;
	int no_nodata;                    /* --no-nodata */
	const struct labelmap *map;       /* --map, or NULL */
	const struct colortable *colors;  /* --colors, or NULL */
	unsigned char ign[MFW_DENSE / 8]; /* dense --ignore bitmap */
};

enum tally_why {
	TALLY_OK = 0,
	TALLY_UNMAPPED,       /* a value --map does not list */
	TALLY_NONINT,         /* float samples that are not whole numbers */
	TALLY_TOO_MANY,       /* too many distinct values: not a label mask */
	TALLY_HUGE,           /* whole samples outside the int64 labels */
	TALLY_UNKNOWN_COLOUR, /* a colour --colors does not list */
	TALLY_OUT_OF_RANGE,   /* a label that is not a class */
	TALLY_NOMEM           /* out of memory while remapping */
};

/* Bad values a tally keeps, so that advice can name them all. */
#define TALLY_NV 8

/* What a file holds under the rules. */
struct tally {
	enum tally_why why;
	const struct fhist *h; /* the histogram counted (after --map) */
	int ndon;              /* h's nodata value applies */
	int64_t maxlabel;      /* largest counted label, -1 = none */
	uint64_t counted, ignored, nodata, total; /* pixels */
	/*
	 * The reason's details.  UNMAPPED and OUT_OF_RANGE: the lowest bad
	 * value; UNKNOWN_COLOUR: the commonest colour's code (labels.h);
	 * its pixels, the number of distinct bad values and their pixels in
	 * all.  NONINT: n_all samples.
	 */
	int64_t first;
	uint64_t first_n;
	size_t nvalues;
	uint64_t n_all;
	/* UNMAPPED and OUT_OF_RANGE: the lowest TALLY_NV bad values, in
	 * order (min(nvalues, TALLY_NV) of them), and the largest. */
	int64_t vals[TALLY_NV];
	int64_t vmax;
};

/* A worker's totals: touched by one thread until the run merges them. */
struct tally_acc {
	uint64_t *P, *I, *T; /* MFW_DENSE each (weights.h, struct totals) */
	uint64_t images, px_total, px_ignored, px_nodata;
	uint64_t px_oor;     /* out-of-range label pixels of bad files */
	uint64_t depths;     /* bit n-1 set: an n-bit integer mask counted */
	uint64_t miniswhite; /* MinIsWhite TIFFs counted */
	int64_t maxlabel;    /* largest counted label, -1 = none */
	int64_t deepmax;     /* the same in integer masks of > 8 bits */
};

/* The rules of a run's options.  o must outlive r. */
void rules_init(struct rules *r, const struct mfw_opts *o);
/* v is an --ignore value. */
int rules_ignored(const struct rules *, int64_t v);

/*
 * Check h, remapping it into scratch first with --map (scratch: a
 * histogram with its own all-zero dense array; the caller resets it with
 * count_reset afterwards).  Fills t and returns t->why.
 */
enum tally_why tally_file(const struct rules *, const struct fhist *h,
    struct fhist *scratch, struct tally *t);
/* The reason of a bad tally as one line, as messages print it. */
void tally_reason(
    const struct rules *, const struct tally *, char *buf, size_t n);
/* Add a counted file (TALLY_OK) to acc, or the out-of-range pixels of a
 * file refused for TALLY_OUT_OF_RANGE; other reasons add nothing. */
void tally_add(struct tally_acc *, const struct rules *, const struct tally *);

#endif
