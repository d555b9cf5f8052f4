/*
 * test_tally.c: the pure step that decides whether a decoded file counts
 * (tally.c): ignore values, nodata, classes, --map with its metadata,
 * unknown colours, the order of the reasons and their text, and what
 * tally_add puts in a worker's totals.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <stdint.h>

#include "count.h"
#include "labels.h"
#include "tally.h"
#include "unit.h"

static uint64_t dense[MFW_DENSE], mdense[MFW_DENSE];
static uint64_t P[MFW_DENSE], I[MFW_DENSE], T[MFW_DENSE];

static void
fresh(struct fhist *h, uint64_t *d, int bits)
{
	memset(h, 0, sizeof(*h));
	memset(d, 0, MFW_DENSE * sizeof(*d));
	h->dense = d;
	h->maxbin = MFW_DENSE - 1;
	h->bits = bits;
	h->width = 10;
	h->height = 10;
}

static void
opts(struct mfw_opts *o, long classes, int64_t *ign, size_t nign)
{
	memset(o, 0, sizeof(*o));
	o->classes = classes;
	o->ignore = ign;
	o->nignore = nign;
}

static void
test_plain(void)
{
	static int64_t ign[] = {-7, 255, 70000};
	struct mfw_opts o;
	struct rules r;
	struct fhist h, m;
	struct tally t;
	struct tally_acc a;
	char why[256];

	opts(&o, 4, ign, 3);
	rules_init(&r, &o);
	CHECK(rules_ignored(&r, 255) && rules_ignored(&r, -7) &&
	    rules_ignored(&r, 70000));
	CHECK(!rules_ignored(&r, 254) && !rules_ignored(&r, -8) &&
	    !rules_ignored(&r, 0));
	fresh(&h, dense, 8);
	fresh(&m, mdense, 8);
	h.dense[0] = 50;
	h.dense[2] = 30;
	h.dense[255] = 15;
	CHECK(count_value(&h, 70000, 5) == 0);
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OK);
	CHECK(t.counted == 80 && t.ignored == 20 && t.nodata == 0);
	CHECK(t.total == 100 && t.maxlabel == 2);
	memset(&a, 0, sizeof(a));
	a.P = P, a.I = I, a.T = T, a.maxlabel = -1;
	tally_add(&a, &r, &t);
	CHECK(P[0] == 50 && P[1] == 0 && P[2] == 30 && P[255] == 0);
	CHECK(I[0] == 1 && I[1] == 0 && I[2] == 1);
	CHECK(T[0] == 80 && T[2] == 80);
	CHECK(a.images == 1 && a.px_total == 100 && a.px_ignored == 20);
	CHECK(a.depths == 1u << 7 && a.maxlabel == 2);

	/* Nodata 2: out of the counts, and of T. */
	h.has_nodata = 1;
	h.nodata = 2;
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OK);
	CHECK(t.counted == 50 && t.nodata == 30 && t.maxlabel == 0);
	o.dec.no_nodata = 1;
	rules_init(&r, &o);
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OK && t.nodata == 0);

	/* Out of range: the lowest bad value named, all counted. */
	h.has_nodata = 0;
	h.dense[7] = 3;
	h.dense[9] = 4;
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OUT_OF_RANGE);
	CHECK(t.first == 7 && t.first_n == 3 && t.nvalues == 2 && t.n_all == 7);
	tally_reason(&r, &t, why, sizeof(why));
	CHECK_STR(why,
	    "label 7 (3 pixels) is not a class 0..3 (and 1 other values, 7 "
	    "pixels in all); pass --ignore 7 or a larger --classes");
	tally_add(&a, &r, &t);
	CHECK(a.px_oor == 7 && a.images == 1);

	/* A negative label outside the dense range is lower still. */
	CHECK(count_value(&h, -3, 1) == 0);
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OUT_OF_RANGE);
	CHECK(t.first == -3 && t.nvalues == 3);
	/* Every bad value kept, sorted, for advice that names them all. */
	CHECK(t.vals[0] == -3 && t.vals[1] == 7 && t.vals[2] == 9);
	CHECK(t.vmax == 9);

	/* Without --classes: any label of the dense range is a class. */
	opts(&o, 0, NULL, 0);
	rules_init(&r, &o);
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OUT_OF_RANGE);
	tally_reason(&r, &t, why, sizeof(why));
	CHECK(strstr(why, "is outside 0..65535") != NULL);
	free(h.extra);
}

static void
test_order(void)
{
	struct mfw_opts o;
	struct rules r;
	struct fhist h, m;
	struct tally t;
	char why[256];

	opts(&o, 2, NULL, 0);
	rules_init(&r, &o);
	fresh(&h, dense, 32);
	fresh(&m, mdense, 32);
	h.dense[5] = 1;
	h.extra_lost = 2;
	h.nonint = 3;
	/* Non-whole samples come first, then too many values. */
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_NONINT && t.n_all == 3);
	tally_reason(&r, &t, why, sizeof(why));
	CHECK_STR(why,
	    "3 samples are not whole numbers (NaN, infinite or "
	    "fractional)");
	h.nonint = 0;
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_TOO_MANY);
	tally_reason(&r, &t, why, sizeof(why));
	CHECK(strstr(why, "not a label mask") != NULL);
	h.extra_lost = 0;
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OUT_OF_RANGE);
	/* Every pixel is somewhere. */
	CHECK(t.total == 1);
}

static void
test_colours(void)
{
	struct mfw_opts o;
	struct colortable ct;
	struct rules r;
	struct fhist h, m;
	struct tally t;
	char why[256];

	memset(&ct, 0, sizeof(ct));
	opts(&o, 3, NULL, 0);
	o.dec.colors = &ct;
	rules_init(&r, &o);
	fresh(&h, dense, 8);
	fresh(&m, mdense, 8);
	h.dense[1] = 10;
	CHECK(count_value(&h, colour_code(0x102030), 4) == 0);
	CHECK(count_value(&h, colour_code(0xff0000), 6) == 0);
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_UNKNOWN_COLOUR);
	/* The commonest unknown colour is named. */
	CHECK(colour_of_code(t.first) == 0xff0000 && t.first_n == 6);
	CHECK(t.nvalues == 2 && t.n_all == 10);
	tally_reason(&r, &t, why, sizeof(why));
	CHECK_STR(why,
	    "unknown colour (255, 0, 0): 6 pixels (and 1 other colours, 10 "
	    "pixels in all); add it to --colors or pass --unknown-color "
	    "ignore");
	ct.unknown_ignore = 1;
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OK);
	CHECK(t.ignored == 10 && t.counted == 10);
	free(h.extra);
}

static void
test_map(void)
{
	int64_t from[] = {0, 1, 7}, to[] = {0, 0, 1};
	struct labelmap map = {3, from, to, 0, 0, ""};
	struct mfw_opts o;
	struct rules r;
	struct fhist h, m;
	struct tally t;
	struct tally_acc a;
	char why[256];

	opts(&o, 2, NULL, 0);
	o.map = &map;
	rules_init(&r, &o);
	fresh(&h, dense, 16);
	fresh(&m, mdense, 0);
	h.dense[0] = 5;
	h.dense[1] = 6;
	h.dense[7] = 7;
	h.dense[300] = 9; /* the file's nodata: out before the map */
	h.has_nodata = 1;
	h.nodata = 300;
	h.miniswhite = 1;
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OK);
	CHECK(t.h == &m && m.dense[0] == 11 && m.dense[1] == 7);
	CHECK(t.counted == 18 && t.nodata == 9 && t.total == 27);
	/* The remapped histogram keeps what the file was. */
	CHECK(m.bits == 16 && m.width == 10 && m.height == 10);
	CHECK(m.miniswhite == 1 && m.sample_float == 0);
	memset(&a, 0, sizeof(a));
	a.P = P, a.I = I, a.T = T, a.maxlabel = -1;
	memset(P, 0, sizeof(P));
	memset(I, 0, sizeof(I));
	memset(T, 0, sizeof(T));
	tally_add(&a, &r, &t);
	CHECK(a.depths == 1u << 15 && a.miniswhite == 1);
	CHECK(P[0] == 11 && P[1] == 7 && T[1] == 18);
	count_reset(&m);

	/* Unmapped values: the lowest named. */
	h.dense[4] = 2;
	h.dense[3] = 1;
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_UNMAPPED);
	CHECK(t.first == 3 && t.first_n == 1 && t.nvalues == 2);
	tally_reason(&r, &t, why, sizeof(why));
	CHECK_STR(why,
	    "label 3 (1 pixels) has no mapping in --map (and 1 "
	    "other values, 3 pixels in all); add it or pass "
	    "--map-default");
	count_reset(&m);
	map.has_default = 1;
	map.def = 1;
	CHECK(tally_file(&r, &h, &m, &t) == TALLY_OK);
	CHECK(m.dense[1] == 10);
	count_reset(&m);
	free(m.extra);
	free(h.extra);
}

int
main(void)
{
	test_plain();
	test_order();
	test_colours();
	test_map();
	return unit_done("test_tally");
}
