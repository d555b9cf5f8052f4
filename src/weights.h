/*
 * weights.h: class weights from exact per-class counts.  Pure: no I/O,
 * no global state; the same counts always give the same doubles.
 */
#ifndef WEIGHTS_H
#define WEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#include "mfweights.h"

/* The merged counts of a run. */
struct totals {
	size_t n;            /* classes */
	uint64_t *P;         /* pixels of class c */
	uint64_t *I;         /* images containing c */
	uint64_t *T;         /* counted pixels of the images containing c */
	uint64_t images;     /* images counted */
	uint64_t px_total;   /* every pixel of the counted images */
	uint64_t px_ignored; /* pixels equal to an --ignore value */
	uint64_t px_nodata;  /* pixels equal to the file's nodata */
	uint64_t px_oor;     /* out-of-range pixels of skipped files */
};

enum cstate { CLS_COUNTED, CLS_ABSENT, CLS_IGNORED };

struct wparams {
	enum mfw_method method;
	enum mfw_norm normalize; /* NORM_DEFAULT: the method's own */
	double enet_k, beta;
	int clip;
	double clip_min, clip_max;
	const int64_t *ignore; /* sorted */
	size_t nignore;
};

struct wresult {
	double *share; /* P[c] / sum of P over counted classes */
	double *freq;  /* P[c] / T[c], 0 when T[c] = 0 */
	double *weight;
	unsigned char *state; /* enum cstate */
	double median;        /* median of freq over counted classes */
	size_t ncounted;
};

/* Compute shares, frequencies and weights (arrays of t->n, allocated
 * here).  Absent and ignored classes get weight 0 under every method.
 * Returns the number of counted classes; with none, every weight is 0. */
size_t weights_compute(
    const struct totals *, const struct wparams *, struct wresult *);
void weights_free(struct wresult *);
/* Median of n doubles (sorts v in place); the mean of the two middle
 * values when n is even; 0 when n is 0. */
double weights_median(double *v, size_t n);
/* The method's published normalisation. */
enum mfw_norm weights_default_norm(enum mfw_method);

#endif
