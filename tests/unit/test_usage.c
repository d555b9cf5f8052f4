/*
 * test_usage.c: the nearest option to a misspelt one (usage.c), and the
 * photograph test (photo.c) on a smooth gradient and on a colour mask.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <getopt.h>
#include <stdint.h>

#include "photo.h"
#include "unit.h"
#include "usage.h"

static const struct option opts[] = {
    {"classes", required_argument, NULL, 'c'},
    {"ignore", required_argument, NULL, 'i'},
    {"include", required_argument, NULL, 1},
    {"keep-going", no_argument, NULL, 2},
    {"sample-format", required_argument, NULL, 3},
    {"sampling", required_argument, NULL, 4},
    {NULL, 0, NULL, 0},
};

static void
test_nearest(void)
{
	const char *n;
	char buf[128];

	n = usage_nearest("clases", opts);
	CHECK(n != NULL && strcmp(n, "classes") == 0);
	n = usage_nearest("calsses", opts); /* a transposition costs 1 */
	CHECK(n != NULL && strcmp(n, "classes") == 0);
	n = usage_nearest("ignroe", opts);
	CHECK(n != NULL && strcmp(n, "ignore") == 0);
	n = usage_nearest("keepgoing", opts);
	CHECK(n != NULL && strcmp(n, "keep-going") == 0);
	CHECK(usage_nearest("frobnicate", opts) == NULL);
	CHECK(usage_nearest("x", opts) == NULL);
	CHECK(usage_prefixed("sampl", opts, buf, sizeof(buf)) == 2);
	CHECK_STR(buf, "--sample-format, --sampling");
	CHECK(usage_prefixed("cl", opts, buf, sizeof(buf)) == 1);
}

static void
test_photo(void)
{
	static struct photo p;
	unsigned char row[3 * 200];
	uint32_t x, y;

	/* A gradient with a little noise: a photograph. */
	memset(&p, 0, sizeof(p));
	for (y = 0; y < 100; y++) {
		for (x = 0; x < 200; x++) {
			row[3 * x] = (unsigned char)(x + (x * 7 + y) % 3);
			row[3 * x + 1] = (unsigned char)(y + x / 3);
			row[3 * x + 2] = (unsigned char)(200 - y);
		}
		photo_row(&p, row, 200, 3);
	}
	CHECK(photo_is(&p));
	/* Blocks of five colours: a colour-coded mask. */
	memset(&p, 0, sizeof(p));
	for (y = 0; y < 100; y++) {
		for (x = 0; x < 200; x++) {
			unsigned k = (x / 40 + y / 25) % 5;

			row[3 * x] = (unsigned char)(k * 60);
			row[3 * x + 1] = (unsigned char)(255 - k * 50);
			row[3 * x + 2] = (unsigned char)(k * 30);
		}
		photo_row(&p, row, 200, 3);
	}
	CHECK(!photo_is(&p));
	CHECK(p.ncol == 5);
}

int
main(void)
{
	test_nearest();
	test_photo();
	return unit_done("test_usage");
}
