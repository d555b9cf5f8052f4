/*
 * test_sampling.c: the sampling formulas (sampling.c) against values
 * worked out by hand (and, for the softmax, with Python's math.exp) on
 * four images:
 *   0: class 0 x 100, class 1 x 50     2: class 0 x 10, class 2 x 5000
 *   1: class 0 x 200                   3: nothing counted (all ignored)
 * so N = 4, I = [3, 1, 1], P = [310, 50, 5000].
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include "sampling.h"
#include "unit.h"

static struct rec_cls c0[] = {{0, 100}, {1, 50}};
static struct rec_cls c1[] = {{0, 200}};
static struct rec_cls c2[] = {{0, 10}, {2, 5000}};
static struct rec img[4];

static void
setup(void)
{
	memset(img, 0, sizeof(img));
	img[0].v = c0, img[0].n = 2;
	img[1].v = c1, img[1].n = 1;
	img[2].v = c2, img[2].n = 2;
	img[3].ignored = 64;
}

/* The weights of the four images under sp; returns the classes drawn. */
static size_t
weigh(const struct samp_params *sp, double w[4], struct samp_model *m)
{
	struct samp_stats st;
	size_t k;

	samp_stats_init(&st);
	for (int i = 0; i < 4; i++)
		samp_stats_add(&st, sp, &img[i]);
	CHECK(st.n == 3 && st.images == 4 && st.ignored == 64);
	CHECK(st.P[0] == 310 && st.P[1] == 50 && st.P[2] == 5000);
	CHECK(st.I[0] == 3 && st.I[1] == 1 && st.I[2] == 1);
	k = samp_model(sp, &st, m);
	for (int i = 0; i < 4; i++)
		w[i] = samp_weight(m, &img[i]);
	samp_stats_free(&st);
	return k;
}

/* detectron2: f = [3/4, 1/4, 1/4], t = 0.5: r = [1, sqrt 2, sqrt 2]; an
 * image repeats as its rarest class says, one with no class once. */
static void
test_repeat(void)
{
	struct samp_params sp = {SAMPLING_REPEAT_FACTOR, 0, 0, 0.5};
	struct samp_model m;
	double w[4];

	CHECK(weigh(&sp, w, &m) == 3);
	CHECK_REL(m.f[0], 0.75, 0);
	CHECK_REL(m.term[0], 1, 0);
	CHECK_REL(w[0], sqrt(2), 1e-15);
	CHECK_REL(w[1], 1, 0);
	CHECK_REL(w[2], sqrt(2), 1e-15);
	CHECK_REL(w[3], 1, 0);
	samp_model_free(&m);
	/* t = 0: every factor is 1. */
	sp.threshold = 0;
	weigh(&sp, w, &m);
	CHECK(w[0] == 1 && w[1] == 1 && w[2] == 1 && w[3] == 1);
	samp_model_free(&m);
}

/* K = 3: 1/(3 I[c]) = [1/9, 1/3, 1/3]; the weights sum to 1. */
static void
test_inverse(void)
{
	struct samp_params sp = {SAMPLING_INVERSE, 0, 0, 0};
	struct samp_model m;
	double w[4];

	CHECK(weigh(&sp, w, &m) == 3);
	CHECK_REL(w[0], 4.0 / 9, 1e-15);
	CHECK_REL(w[1], 1.0 / 9, 1e-15);
	CHECK_REL(w[2], 4.0 / 9, 1e-15);
	CHECK(w[3] == 0);
	samp_model_free(&m);
}

/*
 * DAFormer, T = 1, min_pixels = 20: S = [2, 1, 1] (image 2 has only 10
 * pixels of class 0); prob = softmax(1 - P/5360); image 0 is drawn for
 * class 0 (half the time) and class 1, image 1 for class 0, image 2 for
 * class 2.  Python: 0.6282838943979674, 0.20271103918797534,
 * 0.1690050664140573.
 */
static void
test_rare_class(void)
{
	struct samp_params sp = {SAMPLING_RARE_CLASS, 1, 20, 0};
	struct samp_model m;
	double w[4];

	CHECK(weigh(&sp, w, &m) == 3);
	CHECK_REL(m.f[2], 5000.0 / 5360, 1e-15);
	CHECK_REL(w[0], 0.6282838943979674, 1e-14);
	CHECK_REL(w[1], 0.20271103918797534, 1e-14);
	CHECK_REL(w[2], 0.1690050664140573, 1e-14);
	CHECK(w[3] == 0);
	CHECK_REL(w[0] + w[1] + w[2], 1, 1e-15);
	samp_model_free(&m);

	/* min_pixels = 60 takes class 1 out (50 pixels): the softmax runs
	 * over classes 0 and 2, with T = 0.1.  Python: 0.49992078189044875
	 * and 0.00015843621910252597. */
	sp.min_pixels = 60;
	sp.temperature = 0.1;
	CHECK(weigh(&sp, w, &m) == 2);
	CHECK(m.state[1] == SAMP_NEVER && m.state[0] == SAMP_DRAWN);
	CHECK_REL(w[0], 0.49992078189044875, 1e-13);
	CHECK_REL(w[1], 0.49992078189044875, 1e-13);
	CHECK_REL(w[2], 0.00015843621910252597, 1e-12);
	samp_model_free(&m);

	/* No image above min_pixels: nothing can be drawn. */
	sp.min_pixels = 5000;
	CHECK(weigh(&sp, w, &m) == 0);
	CHECK(w[0] == 0 && w[1] == 0 && w[2] == 0);
	samp_model_free(&m);

	/* A tiny T: the softmax neither overflows nor gives NaN. */
	sp.min_pixels = 20;
	sp.temperature = 1e-6;
	weigh(&sp, w, &m);
	CHECK(isfinite(w[0]) && isfinite(w[2]) && w[0] > 0.99);
	samp_model_free(&m);
}

int
main(void)
{
	setup();
	test_repeat();
	test_inverse();
	test_rare_class();
	return unit_done("test_sampling");
}
