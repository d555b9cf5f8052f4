/*
 * sampling.h: per-image sampling weights from exact counts.  Pure: no
 * I/O, no global state; the same records always give the same doubles.
 *
 * A pass over the records sums the data-set statistics (samp_stats_add);
 * samp_model turns them into one term per class; samp_weight then gives
 * each record its weight.  The formulas, with N images, P[c] the pixels
 * of class c, I[c] the images that hold c:
 *
 *   rare-class (DAFormer, Hoyer et al. 2022): f[c] = P[c] / sum of P;
 *     prob[c] = softmax over the classes that can be drawn of
 *     (1 - f[c]) / T; S[c] = the images with more than min_pixels pixels
 *     of c; w[i] = sum over those c of i of prob[c] / S[c]: the chance
 *     that "draw c, then an image of S[c]" picks image i.
 *   repeat-factor (LVIS, Gupta et al. 2019, as detectron2 computes it):
 *     f[c] = I[c] / N; r[c] = max(1, sqrt(t / f[c])); w[i] = the largest
 *     r[c] of the classes in i, 1 for an image with none.
 *   inverse: K classes present; w[i] = sum over c in i of 1 / (K I[c]):
 *     the chance that "draw a class uniformly, then an image that holds
 *     it" picks i.
 *
 * Classes are those of the records: ignored and nodata pixels are not in
 * them, and a class no image holds takes no part.
 */
#ifndef SAMPLING_H
#define SAMPLING_H

#include <stddef.h>
#include <stdint.h>

#include "mfweights.h"
#include "records.h"

struct samp_params {
	enum mfw_sampling method;
	double temperature;  /* rare-class: T > 0 */
	uint64_t min_pixels; /* rare-class: an image counts for c above it */
	double threshold;    /* repeat-factor: t >= 0 */
};

/* The data-set sums of a pass over the records.  Arrays of
 * MFW_MAX_CLASSES; n is the largest class seen + 1. */
struct samp_stats {
	size_t n;
	uint64_t images;
	uint64_t *P; /* pixels of class c */
	uint64_t *I; /* images holding c */
	uint64_t *S; /* images with more than min_pixels pixels of c */
	uint64_t ignored, nodata;
};

/* What the model says of a class. */
enum samp_state { SAMP_ABSENT, SAMP_DRAWN, SAMP_NEVER };

struct samp_model {
	enum mfw_sampling method;
	uint64_t min_pixels;
	size_t n;
	double *f;    /* the class's frequency, as the method defines it */
	double *prob; /* rare-class: prob[c]; others 0 */
	double *term; /* rare-class prob/S, repeat-factor r, inverse 1/(K I) */
	unsigned char *state; /* enum samp_state */
	size_t ndrawn;        /* classes with SAMP_DRAWN */
};

void samp_stats_init(struct samp_stats *);
void samp_stats_free(struct samp_stats *);
/* Add one record. */
void samp_stats_add(
    struct samp_stats *, const struct samp_params *, const struct rec *);
/*
 * Per-class terms from the sums (arrays of s->n, allocated here).  A
 * class present in no image is SAMP_ABSENT; under rare-class, a class
 * present but in no image above min_pixels is SAMP_NEVER: it is never
 * drawn, and the softmax runs over the others.  Returns ndrawn (0: no
 * image can be drawn).
 */
size_t samp_model(
    const struct samp_params *, const struct samp_stats *, struct samp_model *);
/* The weight of one record under the model (>= 0, finite). */
double samp_weight(const struct samp_model *, const struct rec *);
void samp_model_free(struct samp_model *);

#endif
