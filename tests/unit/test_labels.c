/*
 * test_labels.c: the label files (labels.h): --map pairs and their
 * lookups, --colors in both layouts and its table, --names, the codes of
 * unknown colours, and counting RGB(A) rows through the colour table.
 * Error messages are checked only for their stable parts (the file name
 * and the line), so that their wording may improve.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <ftw.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "count.h"
#include "labels.h"
#include "unit.h"

static char dir[] = "/tmp/test_labels.XXXXXX";
static char err[512];

/* Write a fixture; returns its path (static, valid until the next call). */
static const char *
fixture(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* err names the file and, if line is not NULL, holds ":LINE:". */
static int
err_at(const char *path, const char *line)
{
	return strstr(err, path) != NULL &&
	    (line == NULL || strstr(err, line) != NULL);
}

static void
test_map(void)
{
	struct labelmap m, m2;
	const char *p;
	int64_t v;
	char digest[17];

	memset(&m, 0, sizeof(m));
	p = fixture("map.csv",
	    "from,to\n"
	    "# Cityscapes ids\n"
	    "\n"
	    "   \n"
	    "26,18\n"
	    "  8 , 1\n"
	    "-1,255\n"
	    "7,0\r\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == 0);
	CHECK(m.n == 4);
	if (m.n == 4) {
		CHECK(m.from[0] == -1 && m.from[1] == 7 && m.from[2] == 8 &&
		    m.from[3] == 26);
		CHECK(m.to[0] == 255 && m.to[1] == 0 && m.to[2] == 1 &&
		    m.to[3] == 18);
	}
	CHECK(strlen(m.digest) == 16);
	CHECK(labels_map(&m, 7, &v) == 0 && v == 0);
	CHECK(labels_map(&m, 8, &v) == 0 && v == 1);
	CHECK(labels_map(&m, -1, &v) == 0 && v == 255);
	CHECK(labels_map(&m, 26, &v) == 0 && v == 18);
	v = 12345;
	CHECK(labels_map(&m, 9, &v) == -1 && v == 12345);
	CHECK(labels_map(&m, -2, &v) == -1);
	CHECK(labels_map(&m, 27, &v) == -1);
	/* --map-default: every unlisted label. */
	m.has_default = 1;
	m.def = 255;
	CHECK(labels_map(&m, 9, &v) == 0 && v == 255);
	CHECK(labels_map(&m, 7, &v) == 0 && v == 0);
	snprintf(digest, sizeof(digest), "%s", m.digest);
	labels_free_map(&m);
	CHECK(m.n == 0 && m.from == NULL);

	/* No header, other order: the same pairs, the same digest. */
	memset(&m2, 0, sizeof(m2));
	p = fixture("map2.csv", "7,0\n8,1\n26,18\n-1,255\n");
	CHECK(labels_load_map(p, &m2, err, sizeof(err)) == 0);
	CHECK(m2.n == 4);
	CHECK_STR(m2.digest, digest);
	labels_free_map(&m2);
	memset(&m2, 0, sizeof(m2));
	p = fixture("map3.csv", "7,1\n8,1\n26,18\n-1,255\n");
	CHECK(labels_load_map(p, &m2, err, sizeof(err)) == 0);
	CHECK(strcmp(m2.digest, digest) != 0);
	labels_free_map(&m2);

	/* Errors. */
	memset(&m, 0, sizeof(m));
	p = fixture("twice.csv", "1,2\n77,4\n77,5\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == -1);
	CHECK(err_at(p, NULL) && strstr(err, "77") != NULL);
	CHECK(m.n == 0 && m.from == NULL);
	p = fixture("bad.csv", "1,2\nx,3\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":2:"));
	/* Skipped lines still count for the line number. */
	p = fixture("bad4.csv", "# c\n\n1,2\n1\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":4:"));
	p = fixture("three.csv", "from,to\n1,2,3\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":2:"));
	p = fixture("big.csv", "7,0\n99999999999999999999,1\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":2:"));
	p = fixture("frac.csv", "7,0\n1.5,1\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":2:"));
	/* A header's first field is a word: a first line that is a bad
	 * number is an error, not a header dropped in silence. */
	p = fixture("first.csv", "1.5,1\n7,0\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":1:"));
	labels_free_map(&m);
	p = fixture("empty.csv", "from,to\n# nothing\n");
	CHECK(labels_load_map(p, &m, err, sizeof(err)) == -1);
	CHECK(err_at(p, NULL));
	snprintf(err, sizeof(err), "-");
	CHECK(labels_load_map("/nonexistent/map.csv", &m, err, sizeof(err)) ==
	    -1);
	CHECK(strstr(err, "/nonexistent/map.csv") != NULL);
	CHECK(m.n == 0 && m.from == NULL);
}

static void
test_colors(void)
{
	struct colortable c;
	const char *p;

	memset(&c, 0, sizeof(c));
	p = fixture("colors.csv",
	    "r,g,b,class,name\n"
	    "0,0,0,0,background\n"
	    "255,0,0,1,road\n"
	    "0,255,0,2\n"
	    "# a comment\n"
	    "\n"
	    "10, 20, 30, 1, road2\n"
	    "0,0,255,2,sky\r\n"
	    "255,255,255,65534\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == 0);
	CHECK(c.lut != NULL);
	if (c.lut == NULL)
		return;
	CHECK(c.n == 6);
	CHECK(c.lut[0x000000] == 1);
	CHECK(c.lut[0xff0000] == 2);
	CHECK(c.lut[0x00ff00] == 3);
	CHECK(c.lut[0x0a141e] == 2);
	CHECK(c.lut[0x0000ff] == 3);
	CHECK(c.lut[0xffffff] == 65535);
	CHECK(c.lut[0x123456] == 0 && c.lut[0x000001] == 0);
	CHECK(c.nnames >= 3);
	if (c.nnames >= 3) {
		CHECK(c.names[0] && strcmp(c.names[0], "background") == 0);
		CHECK(c.names[1] && strcmp(c.names[1], "road") == 0);
		CHECK(c.names[2] && strcmp(c.names[2], "sky") == 0);
	}
	CHECK(strlen(c.digest) == 16);
	labels_free_colors(&c);
	CHECK(c.lut == NULL && c.names == NULL && c.n == 0);

	/* CamVid's class_dict.csv: the class is the row number. */
	p = fixture("class_dict.csv",
	    "name,r,g,b\n"
	    "Animal,64,128,64\n"
	    "Archway,192,0,128\n"
	    "\n"
	    "Bicyclist,0,128,192\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == 0);
	CHECK(c.lut != NULL);
	if (c.lut == NULL)
		return;
	CHECK(c.n == 3);
	CHECK(c.lut[0x408040] == 1);
	CHECK(c.lut[0xc00080] == 2);
	CHECK(c.lut[0x0080c0] == 3);
	CHECK(c.nnames == 3);
	if (c.nnames == 3) {
		CHECK(c.names[0] && strcmp(c.names[0], "Animal") == 0);
		CHECK(c.names[1] && strcmp(c.names[1], "Archway") == 0);
		CHECK(c.names[2] && strcmp(c.names[2], "Bicyclist") == 0);
	}
	labels_free_colors(&c);

	/* A colour listed twice with one class is fine. */
	p = fixture("same.csv", "1,2,3,4\n1,2,3,4\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == 0);
	CHECK(c.lut != NULL && c.lut[0x010203] == 5);
	labels_free_colors(&c);

	/* Errors: the table is freed, the message names FILE:LINE. */
	p = fixture("two.csv", "0,0,0,0\n0,0,0,1\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":2:"));
	CHECK(c.lut == NULL && c.n == 0);
	p = fixture("byte.csv", "0,0,256,1\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":1:"));
	CHECK(c.lut == NULL);
	p = fixture("neg.csv", "r,g,b,class\n1,2,-1,3\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":2:"));
	p = fixture("class.csv", "1,2,3,65535\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":1:"));
	p = fixture("negclass.csv", "1,2,3,-1\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":1:"));
	p = fixture("short.csv", "1,2,3\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":1:"));
	p = fixture("camvid_bad.csv", "name,r,g,b\nX,1,2\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == -1);
	CHECK(err_at(p, ":2:"));
	p = fixture("nocolour.csv", "r,g,b,class\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == -1);
	CHECK(err_at(p, NULL));
	CHECK(c.lut == NULL);
}

static void
test_names(void)
{
	char **names = NULL;
	size_t n = 0, i;
	const char *p;

	p = fixture("names.txt", "background\nroad\r\nsky");
	CHECK(labels_load_names(p, &names, &n, err, sizeof(err)) == 0);
	CHECK(n == 3);
	if (n == 3) {
		CHECK_STR(names[0], "background");
		CHECK_STR(names[1], "road");
		CHECK_STR(names[2], "sky");
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	snprintf(err, sizeof(err), "-");
	CHECK(labels_load_names("/nonexistent/names.txt", &names, &n, err,
		  sizeof(err)) == -1);
	CHECK(strstr(err, "/nonexistent/names.txt") != NULL);
}

static void
test_codes(void)
{
	static const uint32_t rgb[] = {0x000000, 0xffffff, 0x123456, 0x800000};

	for (size_t i = 0; i < sizeof(rgb) / sizeof(rgb[0]); i++) {
		int64_t v = colour_code(rgb[i]);

		CHECK(v < 0);
		CHECK(colour_is_code(v));
		CHECK(colour_of_code(v) == rgb[i]);
	}
	CHECK(colour_code(0) == -1);
	CHECK(colour_code(0xffffff) == -0x1000000);
	CHECK(!colour_is_code(-1 - (int64_t)0x1000000));
	CHECK(!colour_is_code(INT64_MIN));
	CHECK(!colour_is_code(0));
	CHECK(!colour_is_code(1));
	CHECK(!colour_is_code(65535));
	CHECK(!colour_is_code(0xffffff));
	CHECK(!colour_is_code(INT64_MAX));
}

/* The count for v in h's extra list, or 0. */
static uint64_t
extra_n(const struct fhist *h, int64_t v)
{
	for (size_t i = 0; i < h->nextra; i++)
		if (h->extra[i].v == v)
			return h->extra[i].n;
	return 0;
}

static uint64_t dense[MFW_DENSE];

static void
test_count(void)
{
	struct colortable c;
	struct fhist h;
	/* red red black ? ? red ?? black white, ? reappearing at the end */
	static const uint32_t px[] = {0xff0000, 0xff0000, 0x000000, 0x010203,
	    0x010203, 0xff0000, 0xfffffe, 0x000000, 0xffffff, 0x010203};
	enum { N = sizeof(px) / sizeof(px[0]) };
	uint8_t row3[N * 3], row4[N * 4];
	const char *p;
	int ch;

	memset(&c, 0, sizeof(c));
	p = fixture("count.csv", "0,0,0,0\n255,0,0,1\n255,255,255,300\n");
	CHECK(labels_load_colors(p, &c, err, sizeof(err)) == 0);
	if (c.lut == NULL)
		return;
	for (size_t i = 0; i < N; i++) {
		for (int k = 0; k < 3; k++) {
			row3[i * 3 + k] = (uint8_t)(px[i] >> (16 - 8 * k));
			row4[i * 4 + k] = row3[i * 3 + k];
		}
		row4[i * 4 + 3] = (uint8_t)(i * 37); /* alpha: ignored */
	}
	for (ch = 3; ch <= 4; ch++) {
		const uint8_t *row = ch == 3 ? row3 : row4;

		memset(&h, 0, sizeof(h));
		memset(dense, 0, sizeof(dense));
		h.dense = dense;
		CHECK(labels_count_rgb(&h, &c, row, N, ch) == 0);
		CHECK(dense[0] == 2 && dense[1] == 3 && dense[300] == 1);
		CHECK(h.nextra == 2);
		CHECK(extra_n(&h, colour_code(0x010203)) == 3);
		CHECK(extra_n(&h, colour_code(0xfffffe)) == 1);
		CHECK(dense[2] == 0 && h.extra_lost == 0 && h.nonint == 0);

		/* The same row 5 times more. */
		CHECK(labels_count_rgb_rep(&h, &c, row, N, ch, 5) == 0);
		CHECK(dense[0] == 12 && dense[1] == 18 && dense[300] == 6);
		CHECK(h.nextra == 2);
		CHECK(extra_n(&h, colour_code(0x010203)) == 18);
		CHECK(extra_n(&h, colour_code(0xfffffe)) == 6);

		/* No pixel: nothing. */
		CHECK(labels_count_rgb(&h, &c, row, 0, ch) == 0);
		CHECK(dense[0] == 12 && h.nextra == 2);
		free(h.extra);
	}
	labels_free_colors(&c);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("test_labels");
		return 1;
	}
	test_map();
	test_colors();
	test_names();
	test_codes();
	test_count();
	CHECK(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0);
	return unit_done("test_labels");
}
