/*
 * tally.c: a file's histogram under the counting rules (tally.h).
 */
#include <stdio.h>
#include <string.h>

#include "count.h"
#include "labels.h"
#include "tally.h"

void
rules_init(struct rules *r, const struct mfw_opts *o)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->classes = o->classes;
	r->ignore = o->ignore;
	r->nignore = o->nignore;
	r->no_nodata = o->dec.no_nodata;
	r->map = o->map;
	r->colors = o->dec.colors;
	for (i = 0; i < o->nignore; i++)
		if (o->ignore[i] >= 0 && o->ignore[i] < MFW_DENSE)
			r->ign[o->ignore[i] >> 3] |=
			    (unsigned char)(1u << (o->ignore[i] & 7));
}

int
rules_ignored(const struct rules *r, int64_t v)
{
	size_t lo = 0, hi = r->nignore;

	if (v >= 0 && v < MFW_DENSE)
		return r->ign[v >> 3] >> (v & 7) & 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->ignore[mid] == v)
			return 1;
		if (r->ignore[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static void bad_value(struct tally *, int64_t, uint64_t);

/*
 * --map: remap h into m.  The file's nodata speaks of raw values, so it
 * is taken out first; every other raw value needs a mapping (or
 * --map-default).  Unknown colour codes pass through untouched.  Every
 * field but the counts is h's, so that notices about bit depths and
 * MinIsWhite files see the file as decoded.
 */
static enum tally_why
remap(const struct rules *r, const struct fhist *h, struct fhist *m,
    struct tally *t)
{
	int ndon = h->has_nodata && !r->no_nodata;
	uint64_t n;
	int64_t v, mv;
	size_t k;

	m->maxbin = 0;
	m->nonint = h->nonint;
	m->extra_lost = h->extra_lost;
	m->huge = h->huge;
	m->nodata_extra = h->nodata_extra;
	m->has_nodata = 0; /* taken out here: mapped values have none */
	m->nodata = 0;
	m->width = h->width;
	m->height = h->height;
	m->bits = h->bits;
	m->sample_float = h->sample_float;
	m->miniswhite = h->miniswhite;
	for (k = 0; k <= (size_t)h->maxbin + h->nextra; k++) {
		if (k <= h->maxbin)
			v = (int64_t)k, n = h->dense[k];
		else
			v = h->extra[k - h->maxbin - 1].v,
			n = h->extra[k - h->maxbin - 1].n;
		if (n == 0)
			continue;
		if (ndon && v == h->nodata) {
			m->nodata_extra += n;
			continue;
		}
		if (r->colors != NULL && colour_is_code(v))
			mv = v;
		else if (labels_map(r->map, v, &mv) != 0) {
			bad_value(t, v, n);
			continue;
		}
		if (count_value(m, mv, n) != 0)
			return TALLY_NOMEM;
		if (mv >= 0 && mv < MFW_DENSE && (uint32_t)mv > m->maxbin)
			m->maxbin = (uint32_t)mv;
	}
	return t->nvalues > 0 ? TALLY_UNMAPPED : TALLY_OK;
}

/* A bad value met: keep the lowest ones and the largest, count them
 * all. */
static void
bad_value(struct tally *t, int64_t v, uint64_t n)
{
	size_t k = t->nvalues < TALLY_NV ? t->nvalues : TALLY_NV, i;

	if (t->nvalues == 0 || v < t->first)
		t->first = v, t->first_n = n;
	if (t->nvalues == 0 || v > t->vmax)
		t->vmax = v;
	/* Insert v into the sorted lowest TALLY_NV. */
	for (i = k; i > 0 && t->vals[i - 1] > v; i--)
		if (i < TALLY_NV)
			t->vals[i] = t->vals[i - 1];
	if (i < TALLY_NV)
		t->vals[i] = v;
	t->nvalues++;
	t->n_all += n;
}

enum tally_why
tally_file(const struct rules *r, const struct fhist *h, struct fhist *scratch,
    struct tally *t)
{
	int64_t maxc = r->classes ? r->classes : MFW_DENSE, v;
	struct tally unk;
	uint64_t n;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->maxlabel = -1;
	if (r->map != NULL) {
		if ((t->why = remap(r, h, scratch, t)) != TALLY_OK)
			return t->why;
		h = scratch;
	}
	t->h = h;
	t->ndon = h->has_nodata && !r->no_nodata;
	t->nodata = h->nodata_extra;
	t->total = h->nonint + h->nodata_extra + h->extra_lost + h->huge;
	memset(&unk, 0, sizeof(unk));
	for (v = 0; v <= (int64_t)h->maxbin; v++) {
		if ((n = h->dense[v]) == 0)
			continue;
		t->total += n;
		if (rules_ignored(r, v))
			t->ignored += n;
		else if (t->ndon && h->nodata == v)
			t->nodata += n;
		else if (v >= maxc)
			bad_value(t, v, n);
		else
			t->counted += n, t->maxlabel = v;
	}
	for (i = 0; i < h->nextra; i++) {
		v = h->extra[i].v;
		n = h->extra[i].n;
		t->total += n;
		if (r->colors != NULL && colour_is_code(v)) {
			if (r->colors->unknown_ignore) {
				t->ignored += n;
				continue;
			}
			/* Name the commonest unknown colour. */
			if (unk.nvalues++ == 0 || n > unk.first_n)
				unk.first = v, unk.first_n = n;
			unk.n_all += n;
		} else if (rules_ignored(r, v))
			t->ignored += n;
		else if (t->ndon && h->nodata == v)
			t->nodata += n;
		else
			bad_value(t, v, n);
	}
	if (h->nonint > 0) {
		t->n_all = h->nonint;
		return t->why = TALLY_NONINT;
	}
	if (h->huge > 0) {
		t->n_all = h->huge;
		return t->why = TALLY_HUGE;
	}
	if (h->extra_lost > 0)
		return t->why = TALLY_TOO_MANY;
	if (unk.nvalues > 0) {
		t->first = unk.first;
		t->first_n = unk.first_n;
		t->nvalues = unk.nvalues;
		t->n_all = unk.n_all;
		return t->why = TALLY_UNKNOWN_COLOUR;
	}
	if (t->nvalues > 0)
		return t->why = TALLY_OUT_OF_RANGE;
	return t->why = TALLY_OK;
}

void
tally_reason(
    const struct rules *r, const struct tally *t, char *buf, size_t len)
{
	char more[96] = "";
	uint32_t rgb;

	if (t->nvalues > 1)
		snprintf(more, sizeof(more),
		    " (and %zu other %s, %llu pixels in all)", t->nvalues - 1,
		    t->why == TALLY_UNKNOWN_COLOUR ? "colours" : "values",
		    (unsigned long long)t->n_all);
	switch (t->why) {
	case TALLY_OK:
		snprintf(buf, len, "counted");
		break;
	case TALLY_UNMAPPED:
		snprintf(buf, len,
		    "label %lld (%llu pixels) has no mapping in --map%s; add "
		    "it or pass --map-default",
		    (long long)t->first, (unsigned long long)t->first_n, more);
		break;
	case TALLY_NONINT:
		snprintf(buf, len, "%llu %s (NaN, infinite or fractional)",
		    (unsigned long long)t->n_all,
		    t->n_all == 1 ? "sample is not a whole number"
				  : "samples are not whole numbers");
		break;
	case TALLY_HUGE:
		snprintf(buf, len,
		    "%llu %s outside the label range -2^63..2^63-1: not a "
		    "label mask",
		    (unsigned long long)t->n_all,
		    t->n_all == 1 ? "sample is a whole number"
				  : "samples are whole numbers");
		break;
	case TALLY_TOO_MANY:
		snprintf(buf, len,
		    "more than %d distinct values outside 0..%d: not a label "
		    "mask",
		    MFW_MAX_EXTRA, MFW_DENSE - 1);
		break;
	case TALLY_UNKNOWN_COLOUR:
		rgb = colour_of_code(t->first);
		snprintf(buf, len,
		    "unknown colour (%u, %u, %u): %llu pixels%s; add it to "
		    "--colors or pass --unknown-color ignore",
		    rgb >> 16, rgb >> 8 & 0xff, rgb & 0xff,
		    (unsigned long long)t->first_n, more);
		break;
	case TALLY_OUT_OF_RANGE:
		if (r->classes)
			snprintf(buf, len,
			    "label %lld (%llu pixels) is not a class 0..%ld%s; "
			    "pass --ignore %lld or a larger --classes",
			    (long long)t->first, (unsigned long long)t->first_n,
			    r->classes - 1, more, (long long)t->first);
		else
			snprintf(buf, len,
			    "label %lld (%llu pixels) is outside 0..%d%s; pass "
			    "--ignore %lld",
			    (long long)t->first, (unsigned long long)t->first_n,
			    MFW_DENSE - 1, more, (long long)t->first);
		break;
	case TALLY_NOMEM:
		snprintf(buf, len, "out of memory");
		break;
	}
}

void
tally_add(struct tally_acc *a, const struct rules *r, const struct tally *t)
{
	const struct fhist *h = t->h;
	uint64_t n;
	int64_t v;

	if (t->why == TALLY_OUT_OF_RANGE)
		a->px_oor += t->n_all;
	if (t->why != TALLY_OK)
		return;
	for (v = 0; v <= t->maxlabel; v++) {
		if ((n = h->dense[v]) == 0 || rules_ignored(r, v) ||
		    (t->ndon && h->nodata == v))
			continue;
		a->P[v] += n;
		a->I[v]++;
		a->T[v] += t->counted;
	}
	if (t->maxlabel > a->maxlabel)
		a->maxlabel = t->maxlabel;
	if (h->bits >= 1 && h->bits <= 64 && !h->sample_float)
		a->depths |= UINT64_C(1) << (h->bits - 1);
	if (h->bits > 8 && !h->sample_float && t->maxlabel > a->deepmax)
		a->deepmax = t->maxlabel;
	a->miniswhite += h->miniswhite != 0;
	a->images++;
	a->px_total += t->total;
	a->px_ignored += t->ignored;
	a->px_nodata += t->nodata;
}
