/*
 * test_stratify.c: iterative stratification (stratify.c) on small sets
 * whose best split is known: every part gets its share of each class's
 * images to within one, the same seed gives the same parts, and images
 * with no class fill the parts to their ratios.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include "stratify.h"
#include "unit.h"

#define NIMG 200

static size_t off[NIMG + 1];
static uint16_t cls[NIMG * 4];
static uint64_t px[NIMG * 4];

/* 200 images: class 0 in all; class 1 in every 4th; class 2 (rare) in
 * 10 of them; class 3 in 3; images 190..199 hold nothing. */
static void
build(void)
{
	size_t q = 0;

	for (size_t i = 0; i < NIMG; i++) {
		off[i] = q;
		if (i >= 190)
			continue;
		cls[q] = 0, px[q++] = 1000 + i;
		if (i % 4 == 0)
			cls[q] = 1, px[q++] = 50 + i;
		if (i % 19 == 3)
			cls[q] = 2, px[q++] = 7 + (i % 5) * 100;
		if (i == 5 || i == 77 || i == 150)
			cls[q] = 3, px[q++] = 9;
	}
	off[NIMG] = q;
}

static void
count(const unsigned char *part, size_t nparts, size_t c, size_t *n)
{
	memset(n, 0, nparts * sizeof(*n));
	for (size_t i = 0; i < NIMG; i++)
		for (size_t k = off[i]; k < off[i + 1]; k++)
			if (cls[k] == c)
				n[part[i]]++;
}

static void
test_balance(uint64_t seed)
{
	double ratio[3] = {0.8, 0.1, 0.1};
	struct strat_in in = {NIMG, 4, 3, off, cls, px, ratio, seed};
	unsigned char part[NIMG], again[NIMG];
	size_t n[3], all[3] = {0, 0, 0}, c, j, tot[4] = {190, 48, 10, 3};

	strat_run(&in, part);
	strat_run(&in, again);
	CHECK(memcmp(part, again, sizeof(part)) == 0);
	for (c = 0; c < 4; c++) {
		count(part, 3, c, n);
		for (j = 0; j < 3; j++)
			CHECK(fabs((double)n[j] - ratio[j] * (double)tot[c]) <
			    1 + 1e-9);
	}
	for (size_t i = 0; i < NIMG; i++) {
		CHECK(part[i] < 3);
		all[part[i]]++;
	}
	CHECK(all[0] == 160 && all[1] == 20 && all[2] == 20);
}

static void
test_seeds(void)
{
	double ratio[2] = {0.5, 0.5};
	struct strat_in in = {NIMG, 4, 2, off, cls, px, ratio, 1};
	unsigned char a[NIMG], b[NIMG];

	strat_run(&in, a);
	in.seed = 2;
	strat_run(&in, b);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
}

int
main(void)
{
	build();
	for (uint64_t s = 0; s < 20; s++)
		test_balance(s);
	test_seeds();
	return unit_done("test_stratify");
}
