/*
 * weights.c: median-frequency balancing (Eigen & Fergus 2015) and the
 * other weighting schemes, from exact integer counts.
 *
 *   freq[c]   = P[c] / T[c]      (T: counted pixels of images holding c)
 *   median    = median of freq over counted classes (even: mean of the
 *               two middle values, as MATLAB's countEachLabel recipe)
 *   weight[c] = median / freq[c]
 *
 * "Counted" classes occur and are not ignored; every other class has
 * weight 0 under every method, normalisation and clip.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "weights.h"

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
weights_median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmpd);
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

enum mfw_norm
weights_default_norm(enum mfw_method m)
{
	/* Cui et al. 2019 scale their weights to sum to the class count. */
	return m == METHOD_EFFECTIVE ? NORM_MEAN : NORM_NONE;
}

static int
ignored(const struct wparams *wp, size_t c)
{
	size_t lo = 0, hi = wp->nignore;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (wp->ignore[mid] == (int64_t)c)
			return 1;
		if (wp->ignore[mid] < (int64_t)c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static double
method_weight(const struct totals *t, const struct wparams *wp,
    const struct wresult *r, size_t c, double sumP)
{
	double p = (double)t->P[c];

	switch (wp->method) {
	case METHOD_MEDIAN:
		return r->median / r->freq[c];
	case METHOD_INVERSE:
		return 1 / r->share[c];
	case METHOD_INVSQRT:
		return 1 / sqrt(r->share[c]);
	case METHOD_ENET:
		return 1 / log(wp->enet_k + r->share[c]);
	case METHOD_EFFECTIVE:
		/* (1 - beta) / (1 - beta^P), with 1 - beta^P computed as
		 * -expm1(P ln beta) so it keeps its digits near 0. */
		return (1 - wp->beta) / -expm1(p * log(wp->beta));
	case METHOD_BALANCED:
		return sumP / ((double)r->ncounted * p);
	}
	return 0;
}

size_t
weights_compute(
    const struct totals *t, const struct wparams *wp, struct wresult *r)
{
	size_t c, k = 0;
	double sumP = 0, sum = 0, max = 0, *tmp;
	enum mfw_norm norm;

	r->share = xcalloc(t->n, sizeof(double));
	r->freq = xcalloc(t->n, sizeof(double));
	r->weight = xcalloc(t->n, sizeof(double));
	r->state = xcalloc(t->n, 1);
	tmp = xcalloc(t->n, sizeof(double));
	for (c = 0; c < t->n; c++) {
		if (ignored(wp, c))
			r->state[c] = CLS_IGNORED;
		else if (t->I[c] == 0 || t->P[c] == 0)
			r->state[c] = CLS_ABSENT;
		else {
			r->state[c] = CLS_COUNTED;
			r->freq[c] = (double)t->P[c] / (double)t->T[c];
			tmp[k++] = r->freq[c];
			sumP += (double)t->P[c];
		}
	}
	r->ncounted = k;
	r->median = weights_median(tmp, k);
	free(tmp);
	if (k == 0)
		return 0;
	for (c = 0; c < t->n; c++)
		if (r->state[c] == CLS_COUNTED)
			r->share[c] = (double)t->P[c] / sumP;
	for (c = 0; c < t->n; c++)
		if (r->state[c] == CLS_COUNTED) {
			r->weight[c] = method_weight(t, wp, r, c, sumP);
			sum += r->weight[c];
			max = fmax(max, r->weight[c]);
		}
	norm = wp->normalize == NORM_DEFAULT ? weights_default_norm(wp->method)
					     : wp->normalize;
	for (c = 0; c < t->n; c++) {
		if (r->state[c] != CLS_COUNTED)
			continue;
		if (norm == NORM_MEAN)
			r->weight[c] = r->weight[c] * (double)k / sum;
		else if (norm == NORM_SUM)
			r->weight[c] /= sum;
		else if (norm == NORM_MAX)
			r->weight[c] /= max;
		if (wp->clip)
			r->weight[c] = fmin(
			    fmax(r->weight[c], wp->clip_min), wp->clip_max);
	}
	return k;
}

void
weights_free(struct wresult *r)
{
	free(r->share);
	free(r->freq);
	free(r->weight);
	free(r->state);
	memset(r, 0, sizeof(*r));
}
