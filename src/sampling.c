/*
 * sampling.c: the sampling formulas (sampling.h).
 *
 * Sources, checked against their published code:
 *   rare-class: DAFormer's mmseg/datasets/uda_dataset.py
 *     (get_rcs_class_probs: f over the counted pixels of every image,
 *     torch.softmax((1 - f) / T); an image belongs to class c's list when
 *     it has more than min_pixels pixels of c) and
 *     tools/convert_datasets/gta.py (per-image counts of the train ids,
 *     the ignore label left out).  Its defaults: T = 0.01, min_pixels =
 *     3000.  DAFormer computes in float32 and stops when a class has no
 *     image above min_pixels; here doubles, and such a class is dropped
 *     from the softmax.
 *   repeat-factor: detectron2's RepeatFactorTrainingSampler.
 *     repeat_factors_from_category_frequency (LVIS paper, appendix B.2);
 *     LVIS configs use t = 0.001.
 * Sums run in ascending class order, so that a record's weight does not
 * depend on anything but the counts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sampling.h"
#include "util.h"

void
samp_stats_init(struct samp_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->P = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	s->I = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	s->S = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
}

void
samp_stats_free(struct samp_stats *s)
{
	free(s->P);
	free(s->I);
	free(s->S);
	memset(s, 0, sizeof(*s));
}

void
samp_stats_add(
    struct samp_stats *s, const struct samp_params *sp, const struct rec *r)
{
	size_t k;

	for (k = 0; k < r->n; k++) {
		uint32_t c = r->v[k].c;

		s->P[c] += r->v[k].n;
		s->I[c]++;
		if (r->v[k].n > sp->min_pixels)
			s->S[c]++;
		if (c >= s->n)
			s->n = (size_t)c + 1;
	}
	s->images++;
	s->ignored += r->ignored;
	s->nodata += r->nodata;
}

static void
rare_class(const struct samp_params *sp, const struct samp_stats *s,
    struct samp_model *m)
{
	double sumP = 0, zmax = -HUGE_VAL, sume = 0;
	size_t c;

	for (c = 0; c < m->n; c++)
		sumP += (double)s->P[c];
	for (c = 0; c < m->n; c++) {
		if (s->I[c] == 0)
			continue;
		m->f[c] = (double)s->P[c] / sumP;
		if (s->S[c] == 0) {
			m->state[c] = SAMP_NEVER;
			continue;
		}
		m->state[c] = SAMP_DRAWN;
		m->ndrawn++;
		/* prob[c] holds the logit until the sum is known. */
		m->prob[c] = (1 - m->f[c]) / sp->temperature;
		zmax = fmax(zmax, m->prob[c]);
	}
	/* softmax(z) = exp(z - max z) / sum: the largest term is 1, so
	 * neither overflows however small T is. */
	for (c = 0; c < m->n; c++)
		if (m->state[c] == SAMP_DRAWN) {
			m->prob[c] = exp(m->prob[c] - zmax);
			sume += m->prob[c];
		}
	for (c = 0; c < m->n; c++)
		if (m->state[c] == SAMP_DRAWN) {
			m->prob[c] /= sume;
			m->term[c] = m->prob[c] / (double)s->S[c];
		}
}

size_t
samp_model(const struct samp_params *sp, const struct samp_stats *s,
    struct samp_model *m)
{
	size_t c, k = 0;

	memset(m, 0, sizeof(*m));
	m->method = sp->method;
	m->min_pixels = sp->min_pixels;
	m->n = s->n;
	m->f = xcalloc(m->n ? m->n : 1, sizeof(double));
	m->prob = xcalloc(m->n ? m->n : 1, sizeof(double));
	m->term = xcalloc(m->n ? m->n : 1, sizeof(double));
	m->state = xcalloc(m->n ? m->n : 1, 1);
	if (sp->method == SAMPLING_RARE_CLASS) {
		rare_class(sp, s, m);
		return m->ndrawn;
	}
	for (c = 0; c < m->n; c++)
		k += s->I[c] > 0;
	for (c = 0; c < m->n; c++) {
		if (s->I[c] == 0)
			continue;
		m->state[c] = SAMP_DRAWN;
		m->ndrawn++;
		m->f[c] = (double)s->I[c] / (double)s->images;
		if (sp->method == SAMPLING_REPEAT_FACTOR)
			m->term[c] = fmax(1, sqrt(sp->threshold / m->f[c]));
		else
			m->term[c] = 1 / ((double)k * (double)s->I[c]);
	}
	/* Repeat factors: an image with no class repeats once. */
	return sp->method == SAMPLING_REPEAT_FACTOR && s->images > 0
	    ? (m->ndrawn ? m->ndrawn : 1)
	    : m->ndrawn;
}

double
samp_weight(const struct samp_model *m, const struct rec *r)
{
	double w = m->method == SAMPLING_REPEAT_FACTOR ? 1 : 0;
	size_t k;

	for (k = 0; k < r->n; k++) {
		uint32_t c = r->v[k].c;

		if (c >= m->n || m->state[c] != SAMP_DRAWN)
			continue;
		if (m->method == SAMPLING_REPEAT_FACTOR)
			w = fmax(w, m->term[c]);
		else if (m->method == SAMPLING_INVERSE ||
		    r->v[k].n > m->min_pixels)
			w += m->term[c];
	}
	return w;
}

void
samp_model_free(struct samp_model *m)
{
	free(m->f);
	free(m->prob);
	free(m->term);
	free(m->state);
	memset(m, 0, sizeof(*m));
}
