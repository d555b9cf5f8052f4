/*
 * stratify.c: iterative stratification (stratify.h).
 *
 * The algorithm of Sechidis, Tsoumakas and Vlahavas (On the
 * Stratification of Multi-Label Data, ECML PKDD 2011), classes as labels
 * and images as examples.  Each part j wants ratio[j] x I[c] images of
 * each class c (d_img) and ratio[j] x N images in all (d_tot).  Take the
 * class with the fewest images not yet placed (ties at random); place
 * each of its images, in a random order, in a part that wants it, then
 * update every count the image touches; repeat.  Images that hold no
 * class go last, each to the part that wants the most images.
 *
 * The paper places an image in the part that wants the class most (ties:
 * the part that wants the most images, then at random).  Here pixels are
 * a second objective: any part that still wants at least one image of
 * the class may take it, and among those the one where the image does
 * most for the pixels does, the one whose placement lowers most the sum
 * over the image's classes of each part's squared relative pixel
 * shortfall (d_px, ratio[j] x P[c] minus what it has, over P[c]; see
 * px_gain); ties: more images of the class wanted, then more images in
 * all, then at random.  Only when no part wants a whole image does the paper's
 * rule choose.  A part thus never passes its share of a class's images
 * by a whole image while another part lacks one, and within that bound
 * the pixels go where they are short.
 *
 * Time: O(K^2 + sum of classes per image x parts) for K classes; memory:
 * the inverted lists (an index per image and class) and K x parts
 * doubles.
 */
#include <stdlib.h>
#include <string.h>

#include "stratify.h"
#include "util.h"

#define UNPLACED 0xff

/* SplitMix64 (Steele, Lea and Flood 2014): small, fast, and the same
 * numbers on every machine. */
static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in 0..n-1, n >= 1, without modulo bias. */
static uint64_t
below(uint64_t *s, uint64_t n)
{
	uint64_t floor = (0 - n) % n, x;

	do
		x = rnd(s);
	while (x < floor);
	return x % n;
}

struct st {
	const struct strat_in *in;
	unsigned char *part;
	double *d_img, *d_px, *d_tot; /* [j * ncls + c], [j] */
	uint64_t *remaining;          /* images of c not yet placed */
	double *invP;                 /* 1 / the pixels of c */
	uint64_t rng;
	size_t *tie; /* nparts */
};

static void
place(struct st *s, size_t i, size_t j)
{
	const struct strat_in *in = s->in;
	size_t k;

	s->part[i] = (unsigned char)j;
	s->d_tot[j] -= 1;
	for (k = in->off[i]; k < in->off[i + 1]; k++) {
		size_t c = in->cls[k];

		s->remaining[c]--;
		s->d_img[j * in->ncls + c] -= 1;
		s->d_px[j * in->ncls + c] -= (double)in->px[k];
	}
}

/*
 * How much placing image i in part j lowers the sum over classes of the
 * squared relative pixel shortfall, (d_px[j][c] / P[c])^2: with a[c] =
 * px[i][c] / P[c], the drop is 2 sum a[c] d_px[j][c] / P[c] - sum a[c]^2,
 * and the second sum is the same for every part.
 */
static double
px_gain(const struct st *s, size_t i, size_t j)
{
	const struct strat_in *in = s->in;
	double g = 0;
	size_t k;

	for (k = in->off[i]; k < in->off[i + 1]; k++) {
		size_t c = in->cls[k];

		g += (double)in->px[k] * s->invP[c] *
		    (s->d_px[j * in->ncls + c] * s->invP[c]);
	}
	return g;
}

/* Compare parts a and b for image i of class c: > 0 if a is the better
 * home. */
static int
better(const struct st *s, size_t i, size_t a, size_t b, size_t c)
{
	size_t n = s->in->ncls;
	double x, y;

	x = px_gain(s, i, a), y = px_gain(s, i, b);
	if (x != y)
		return x > y ? 1 : -1;
	x = s->d_img[a * n + c], y = s->d_img[b * n + c];
	if (x != y)
		return x > y ? 1 : -1;
	x = s->d_tot[a], y = s->d_tot[b];
	return x > y ? 1 : x < y ? -1 : 0;
}

static size_t
choose(struct st *s, size_t i, size_t c)
{
	const struct strat_in *in = s->in;
	size_t j, nt = 0, n = in->ncls;
	double maxd = -1e300;
	int any = 0;

	for (j = 0; j < in->nparts; j++) {
		any |= s->d_img[j * n + c] >= 1;
		if (s->d_img[j * n + c] > maxd)
			maxd = s->d_img[j * n + c];
	}
	for (j = 0; j < in->nparts; j++) {
		double d = s->d_img[j * n + c];
		int cmp = 0;

		if (any ? d < 1 : d != maxd)
			continue;
		if (nt == 0 || (cmp = better(s, i, j, s->tie[0], c)) > 0) {
			s->tie[0] = j;
			nt = 1;
		} else if (cmp == 0)
			s->tie[nt++] = j;
	}
	return nt == 1 ? s->tie[0] : s->tie[below(&s->rng, nt)];
}

/* The class with the fewest images left to place (> 0), ties at random;
 * ncls if none is left. */
static size_t
next_class(struct st *s)
{
	const struct strat_in *in = s->in;
	uint64_t min = UINT64_MAX, nt = 0, pick;
	size_t c;

	for (c = 0; c < in->ncls; c++) {
		if (s->remaining[c] == 0 || s->remaining[c] > min)
			continue;
		if (s->remaining[c] < min)
			min = s->remaining[c], nt = 0;
		nt++;
	}
	if (nt == 0)
		return in->ncls;
	pick = nt > 1 ? below(&s->rng, nt) : 0;
	for (c = 0; c < in->ncls; c++)
		if (s->remaining[c] == min && pick-- == 0)
			break;
	return c;
}

void
strat_run(const struct strat_in *in, unsigned char *part)
{
	struct st s;
	size_t *order, *coff, *fill, *list, i, j, k, c, t, nt;
	uint64_t *P;

	memset(&s, 0, sizeof(s));
	s.in = in;
	s.part = part;
	s.rng = in->seed;
	s.d_img = xcalloc(in->nparts * in->ncls + 1, sizeof(double));
	s.d_px = xcalloc(in->nparts * in->ncls + 1, sizeof(double));
	s.d_tot = xcalloc(in->nparts, sizeof(double));
	s.remaining = xcalloc(in->ncls + 1, sizeof(uint64_t));
	s.tie = xcalloc(in->nparts, sizeof(size_t));
	P = xcalloc(in->ncls + 1, sizeof(uint64_t));
	order = xcalloc(in->nimg + 1, sizeof(size_t));
	coff = xcalloc(in->ncls + 1, sizeof(size_t));
	fill = xcalloc(in->ncls + 1, sizeof(size_t));
	list = xcalloc(in->off[in->nimg] + 1, sizeof(size_t));

	/* A random order of the images (Fisher-Yates). */
	for (i = 0; i < in->nimg; i++) {
		order[i] = i;
		part[i] = UNPLACED;
	}
	for (i = in->nimg; i > 1; i--) {
		k = (size_t)below(&s.rng, i);
		t = order[i - 1], order[i - 1] = order[k], order[k] = t;
	}
	/* Each class's images, in that order. */
	for (k = 0; k < in->off[in->nimg]; k++) {
		s.remaining[in->cls[k]]++;
		P[in->cls[k]] += in->px[k];
	}
	for (c = 1; c <= in->ncls; c++)
		coff[c] = coff[c - 1] + s.remaining[c - 1];
	for (t = 0; t < in->nimg; t++)
		for (i = order[t], k = in->off[i]; k < in->off[i + 1]; k++) {
			c = in->cls[k];
			list[coff[c] + fill[c]++] = i;
		}
	s.invP = xcalloc(in->ncls + 1, sizeof(double));
	for (c = 0; c < in->ncls; c++)
		s.invP[c] = P[c] > 0 ? 1 / (double)P[c] : 0;
	for (j = 0; j < in->nparts; j++) {
		s.d_tot[j] = in->ratio[j] * (double)in->nimg;
		for (c = 0; c < in->ncls; c++) {
			s.d_img[j * in->ncls + c] =
			    in->ratio[j] * (double)s.remaining[c];
			s.d_px[j * in->ncls + c] = in->ratio[j] * (double)P[c];
		}
	}
	while ((c = next_class(&s)) < in->ncls)
		for (k = coff[c]; k < coff[c + 1]; k++)
			if (part[i = list[k]] == UNPLACED)
				place(&s, i, choose(&s, i, c));
	/* Images with no class: to the parts that want the most images. */
	for (t = 0; t < in->nimg; t++) {
		if (part[i = order[t]] != UNPLACED)
			continue;
		for (j = 0, nt = 0; j < in->nparts; j++)
			if (nt == 0 || s.d_tot[j] > s.d_tot[s.tie[0]])
				s.tie[0] = j, nt = 1;
			else if (s.d_tot[j] == s.d_tot[s.tie[0]])
				s.tie[nt++] = j;
		place(&s, i, nt == 1 ? s.tie[0] : s.tie[below(&s.rng, nt)]);
	}
	free(s.d_img);
	free(s.d_px);
	free(s.d_tot);
	free(s.remaining);
	free(s.invP);
	free(s.tie);
	free(P);
	free(order);
	free(coff);
	free(fill);
	free(list);
}
