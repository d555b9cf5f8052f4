/*
 * test_weights.c: the weight math against values worked out by hand.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include "unit.h"
#include "weights.h"

static struct wparams
params(enum mfw_method m, const int64_t *ign, size_t nign)
{
	struct wparams wp;

	memset(&wp, 0, sizeof(wp));
	wp.method = m;
	wp.normalize = NORM_DEFAULT;
	wp.enet_k = 1.02;
	wp.beta = 0.9999;
	wp.ignore = ign;
	wp.nignore = nign;
	return wp;
}

/* Issue 2's reference: 16000 images of 512x512, nothing ignored. */
static void
test_reference(void)
{
	uint64_t P[] = {3139143220ULL, 832395811ULL, 222764968ULL};
	uint64_t I[] = {16000, 15412, 14356};
	uint64_t T[3];
	struct totals t = {3, P, I, T, 16000, 0, 0, 0, 0};
	struct wparams wp = params(METHOD_MEDIAN, NULL, 0);
	struct wresult r;

	for (int c = 0; c < 3; c++)
		T[c] = I[c] * 262144ULL;
	CHECK(weights_compute(&t, &wp, &r) == 3);
	CHECK_REL(r.freq[0], 0.74843007, 5e-8);
	CHECK_REL(r.freq[1], 0.20603024, 5e-8);
	CHECK_REL(r.freq[2], 0.05919343, 1e-7);
	CHECK_REL(r.weight[0], 0.27528322, 1e-8);
	CHECK(r.weight[1] == 1);
	CHECK_REL(r.weight[2], 3.48062665, 1e-8);
	CHECK(r.median == r.freq[1]);
	weights_free(&r);
}

static void
test_median(void)
{
	double odd[] = {3, 1, 2}, even[] = {4, 1, 3, 2}, one[] = {5};

	CHECK(weights_median(odd, 3) == 2);
	/* Even count: the mean of the two middle values, (2 + 3) / 2. */
	CHECK(weights_median(even, 4) == 2.5);
	CHECK(weights_median(one, 1) == 5);
	CHECK(weights_median(NULL, 0) == 0);
}

/*
 * Four classes, class 3 absent, class 1 ignored: counted are 0 and 2, an
 * even count.  Image A (100 px): 60 of 0, 40 of 2.  Image B (50 px):
 * 50 of 0.  freq0 = 110/150, freq2 = 40/100; median = (11/15 + 2/5)/2 =
 * 17/30; w0 = (17/30)/(11/15) = 17/22; w2 = (17/30)/(2/5) = 17/12.
 */
static void
test_even_absent_ignored(void)
{
	uint64_t P[] = {110, 0, 40, 0}, I[] = {2, 0, 1, 0},
		 T[] = {150, 0, 100, 0};
	int64_t ign[] = {1, 255};
	struct totals t = {4, P, I, T, 2, 160, 10, 0, 0};
	struct wparams wp = params(METHOD_MEDIAN, ign, 2);
	struct wresult r;

	CHECK(weights_compute(&t, &wp, &r) == 2);
	CHECK_REL(r.median, 17.0 / 30, 1e-15);
	CHECK_REL(r.weight[0], 17.0 / 22, 1e-15);
	CHECK_REL(r.weight[2], 17.0 / 12, 1e-15);
	CHECK(r.weight[1] == 0 && r.weight[3] == 0);
	CHECK(r.state[1] == CLS_IGNORED && r.state[3] == CLS_ABSENT);
	CHECK(r.state[0] == CLS_COUNTED && r.state[2] == CLS_COUNTED);
	/* share over counted classes: 110/150 and 40/150. */
	CHECK_REL(r.share[0], 110.0 / 150, 1e-15);
	CHECK_REL(r.share[2], 40.0 / 150, 1e-15);
	weights_free(&r);
}

/* A class with no pixels anywhere: no counted class, every weight 0. */
static void
test_nothing_counted(void)
{
	uint64_t P[] = {0, 0}, I[] = {0, 0}, T[] = {0, 0};
	struct totals t = {2, P, I, T, 1, 10, 10, 0, 0};
	struct wparams wp = params(METHOD_MEDIAN, NULL, 0);
	struct wresult r;

	CHECK(weights_compute(&t, &wp, &r) == 0);
	CHECK(r.weight[0] == 0 && r.weight[1] == 0);
	weights_free(&r);
}

/*
 * Other methods on P = [300, 100], one image each of 400 px; share =
 * [3/4, 1/4], K = 2, sum P = 400.
 */
static void
test_methods(void)
{
	uint64_t P[] = {300, 100, 0}, I[] = {1, 1, 0}, T[] = {400, 400, 0};
	struct totals t = {3, P, I, T, 1, 400, 0, 0, 0};
	struct wparams wp;
	struct wresult r;
	double e0, e1;

	wp = params(METHOD_INVERSE, NULL, 0); /* 1 / share */
	weights_compute(&t, &wp, &r);
	CHECK_REL(r.weight[0], 4.0 / 3, 1e-15);
	CHECK_REL(r.weight[1], 4.0, 1e-15);
	CHECK(r.weight[2] == 0);
	weights_free(&r);

	wp = params(METHOD_INVSQRT, NULL, 0); /* 1 / sqrt(share) */
	weights_compute(&t, &wp, &r);
	CHECK_REL(r.weight[0], 1 / sqrt(0.75), 1e-15);
	CHECK_REL(r.weight[1], 2.0, 1e-15);
	weights_free(&r);

	wp = params(METHOD_ENET, NULL, 0); /* 1 / ln(1.02 + share) */
	weights_compute(&t, &wp, &r);
	CHECK_REL(r.weight[0], 1 / log(1.77), 1e-15);
	CHECK_REL(r.weight[1], 1 / log(1.27), 1e-15);
	weights_free(&r);

	wp = params(METHOD_BALANCED, NULL, 0); /* sum P / (K P[c]) */
	weights_compute(&t, &wp, &r);
	CHECK_REL(r.weight[0], 400.0 / 600, 1e-15);
	CHECK_REL(r.weight[1], 2.0, 1e-15);
	weights_free(&r);

	/* (1 - b) / (1 - b^P), then scaled so the counted weights average
	 * 1 (Cui et al.: they sum to K). */
	wp = params(METHOD_EFFECTIVE, NULL, 0);
	wp.beta = 0.99;
	weights_compute(&t, &wp, &r);
	e0 = 0.01 / (1 - pow(0.99, 300));
	e1 = 0.01 / (1 - pow(0.99, 100));
	CHECK_REL(r.weight[0], 2 * e0 / (e0 + e1), 1e-12);
	CHECK_REL(r.weight[1], 2 * e1 / (e0 + e1), 1e-12);
	weights_free(&r);

	/* Normalisation and clipping touch counted classes only. */
	wp = params(METHOD_INVERSE, NULL, 0);
	wp.normalize = NORM_SUM; /* 4/3 and 4 sum to 16/3 */
	weights_compute(&t, &wp, &r);
	CHECK_REL(r.weight[0], 0.25, 1e-15);
	CHECK_REL(r.weight[1], 0.75, 1e-15);
	CHECK(r.weight[2] == 0);
	weights_free(&r);
	wp.normalize = NORM_MAX;
	weights_compute(&t, &wp, &r);
	CHECK_REL(r.weight[0], 1.0 / 3, 1e-15);
	CHECK(r.weight[1] == 1);
	weights_free(&r);
	wp.normalize = NORM_MEAN;
	wp.clip = 1;
	wp.clip_min = 0.5;
	wp.clip_max = 1.2; /* mean-normalised: 0.5 and 1.5 */
	weights_compute(&t, &wp, &r);
	CHECK_REL(r.weight[0], 0.5, 1e-15);
	CHECK_REL(r.weight[1], 1.2, 1e-15);
	CHECK(r.weight[2] == 0);
	weights_free(&r);
}

int
main(void)
{
	test_reference();
	test_median();
	test_even_absent_ignored();
	test_nothing_counted();
	test_methods();
	return unit_done("test_weights");
}
