/*
 * merge.c: `mfweights merge FILE...`: sum counts documents written by
 * `--format counts` (one per shard, task or machine) and print weights
 * as a single run over all of them would, byte for byte.
 *
 * Parts must agree on every parameter that changes what a count means:
 * the ignore values, the band, the nodata rule and, when it was given,
 * the number of classes.  Parts whose class count was inferred are padded
 * to the largest.  Integers are summed with an overflow check; skipped
 * files are listed in walk order (their index), parts in the order given.
 * JSON is parsed with jansson.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "msg.h"
#include "run.h"
#include "util.h"

struct part {
	size_t classes;
	int classes_given, nodata;
	long long band;
	int64_t *ignore;
	size_t nignore;
	char map[17], colors[17]; /* digests, "" = none */
};

struct mskip {
	struct skip s;
	size_t part;
};

static int
cmpmskip(const void *a, const void *b)
{
	const struct mskip *x = a, *y = b;

	if (x->s.index != y->s.index)
		return x->s.index < y->s.index ? -1 : 1;
	return (x->part > y->part) - (x->part < y->part);
}

/* A non-negative integer member, or -1 with a reason. */
static int
get_u64(json_t *obj, const char *key, uint64_t *v, char *why, size_t n)
{
	json_t *x = json_object_get(obj, key);

	if (!json_is_integer(x) || json_integer_value(x) < 0) {
		snprintf(why, n,
		    "\"%s\" is missing or not a whole number "
		    ">= 0",
		    key);
		return -1;
	}
	*v = (uint64_t)json_integer_value(x);
	return 0;
}

static int
add_u64(uint64_t *acc, uint64_t v, char *why, size_t n, const char *key)
{
	if (*acc > UINT64_MAX - v) {
		snprintf(why, n, "the sum of \"%s\" overflows 64 bits", key);
		return -1;
	}
	*acc += v;
	return 0;
}

/* Sum array key into acc (grown to cap entries, zero-filled). */
static int
add_vec(json_t *doc, const char *key, size_t classes, uint64_t *acc, char *why,
    size_t n)
{
	json_t *a = json_object_get(doc, key), *x;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) != classes) {
		snprintf(why, n, "\"%s\" is not an array of %zu counts", key,
		    classes);
		return -1;
	}
	json_array_foreach(a, i, x)
	{
		if (!json_is_integer(x) || json_integer_value(x) < 0) {
			snprintf(why, n,
			    "\"%s\"[%zu] is not a whole number "
			    ">= 0",
			    key, i);
			return -1;
		}
		if (add_u64(&acc[i], (uint64_t)json_integer_value(x), why, n,
			key) != 0)
			return -1;
	}
	return 0;
}

/* A digest member: a string of 16 hex digits, or null. */
static int
digest(json_t *doc, const char *key, char out[17], char *why, size_t n)
{
	json_t *x = json_object_get(doc, key);

	out[0] = '\0';
	if (x == NULL || json_is_null(x))
		return 0;
	if (!json_is_string(x) || strlen(json_string_value(x)) != 16) {
		snprintf(why, n, "\"%s\" is not a digest or null", key);
		return -1;
	}
	memcpy(out, json_string_value(x), 17);
	return 0;
}

static int
read_params(json_t *doc, struct part *p, char *why, size_t n)
{
	json_t *x, *v;
	uint64_t u;
	size_t i;

	x = json_object_get(doc, "mfweights_counts");
	if (!json_is_integer(x) || json_integer_value(x) != 1) {
		snprintf(why, n,
		    "not a counts document of version 1 (write "
		    "it with --format counts)");
		return -1;
	}
	if (get_u64(doc, "classes", &u, why, n) != 0)
		return -1;
	if (u > MFW_MAX_CLASSES) {
		snprintf(why, n, "\"classes\" is above %d", MFW_MAX_CLASSES);
		return -1;
	}
	p->classes = (size_t)u;
	x = json_object_get(doc, "classes_given");
	v = json_object_get(doc, "nodata");
	if (!json_is_boolean(x) || !json_is_boolean(v)) {
		snprintf(why, n,
		    "\"classes_given\" or \"nodata\" is not true "
		    "or false");
		return -1;
	}
	p->classes_given = json_is_true(x);
	p->nodata = json_is_true(v);
	x = json_object_get(doc, "band");
	if (!json_is_integer(x)) {
		snprintf(why, n, "\"band\" is not a whole number");
		return -1;
	}
	p->band = json_integer_value(x);
	if (digest(doc, "map", p->map, why, n) != 0 ||
	    digest(doc, "colors", p->colors, why, n) != 0)
		return -1;
	x = json_object_get(doc, "ignore_values");
	if (!json_is_array(x)) {
		snprintf(why, n, "\"ignore_values\" is not an array");
		return -1;
	}
	p->nignore = json_array_size(x);
	p->ignore = xcalloc(p->nignore, sizeof(*p->ignore));
	json_array_foreach(x, i, v)
	{
		if (!json_is_integer(v)) {
			snprintf(why, n,
			    "\"ignore_values\" holds a value that "
			    "is not a whole number");
			return -1;
		}
		p->ignore[i] = json_integer_value(v);
	}
	return 0;
}

/* Why two parts cannot be summed, or NULL. */
static const char *
incompatible(const struct part *a, const struct part *b)
{
	if (a->nignore != b->nignore ||
	    (a->nignore > 0 &&
		memcmp(a->ignore, b->ignore, a->nignore * sizeof(int64_t)) !=
		    0))
		return "the ignore values (--ignore) differ";
	if (strcmp(a->map, b->map) != 0)
		return "the label map (--map) differs";
	if (strcmp(a->colors, b->colors) != 0)
		return "the colour table (--colors) differs";
	if (a->band != b->band)
		return "the band (--band) differs";
	if (a->nodata != b->nodata)
		return "the nodata rule (--no-nodata) differs";
	if (a->classes_given != b->classes_given)
		return "one part was counted with --classes, the other without";
	if (a->classes_given && a->classes != b->classes)
		return "the number of classes (--classes) differs";
	return NULL;
}

static char *
unhex(const char *h)
{
	size_t n = strlen(h), i;
	char *s;
	unsigned int byte;

	if (n % 2 != 0)
		return NULL;
	s = xmalloc(n / 2 + 1);
	for (i = 0; i < n / 2; i++) {
		if (sscanf(h + 2 * i, "%2x", &byte) != 1 || byte == 0) {
			free(s);
			return NULL;
		}
		s[i] = (char)byte;
	}
	s[n / 2] = '\0';
	return s;
}

static int
read_skipped(
    json_t *doc, size_t part, struct mskip **v, size_t *nv, char *why, size_t n)
{
	json_t *a = json_object_get(doc, "skipped"), *x;
	size_t i;

	if (!json_is_array(a)) {
		snprintf(why, n, "\"skipped\" is not an array");
		return -1;
	}
	json_array_foreach(a, i, x)
	{
		json_t *idx = json_object_get(x, "index");
		json_t *path = json_object_get(x, "path");
		json_t *hex = json_object_get(x, "path_hex");
		json_t *rs = json_object_get(x, "reason");
		char *p;

		if (!json_is_integer(idx) || json_integer_value(idx) < 0 ||
		    !json_is_string(path) || !json_is_string(rs) ||
		    (hex != NULL && !json_is_string(hex))) {
			snprintf(why, n,
			    "\"skipped\"[%zu] lacks an index, a "
			    "path or a reason",
			    i);
			return -1;
		}
		p = hex ? unhex(json_string_value(hex))
			: xstrdup(json_string_value(path));
		if (p == NULL) {
			snprintf(
			    why, n, "\"skipped\"[%zu] has a bad path_hex", i);
			return -1;
		}
		*v = xreallocarray(*v, *nv + 1, sizeof(**v));
		(*v)[(*nv)++] =
		    (struct mskip){{(size_t)json_integer_value(idx), p,
				       xstrdup(json_string_value(rs))},
			part};
	}
	return 0;
}

static uint64_t
u64at(json_t *doc, const char *key, size_t i)
{
	json_t *x = i == (size_t)-1
	    ? json_object_get(doc, key)
	    : json_array_get(json_object_get(doc, key), i);

	return (uint64_t)json_integer_value(x);
}

/*
 * The sums a run's counts always satisfy: counted + ignored + nodata
 * pixels = total, and per class P <= T, I <= images, P > 0 iff I > 0.
 * A document that breaks one was edited or corrupted.
 */
static int
consistent(json_t *doc, size_t classes, char *why, size_t n)
{
	uint64_t sum = 0, images = u64at(doc, "images", (size_t)-1);
	uint64_t P, I, T;
	size_t c;

	for (c = 0; c < classes; c++) {
		P = u64at(doc, "pixels", c);
		I = u64at(doc, "images_with_class", c);
		T = u64at(doc, "image_pixels", c);
		if (P > T || I > images || (P == 0) != (I == 0) ||
		    (I == 0) != (T == 0) || sum > UINT64_MAX - P) {
			snprintf(why, n,
			    "inconsistent counts for class %zu "
			    "(pixels %llu, images %llu, image pixels %llu)",
			    c, (unsigned long long)P, (unsigned long long)I,
			    (unsigned long long)T);
			return -1;
		}
		sum += P;
	}
	if (sum > UINT64_MAX - u64at(doc, "pixels_ignored", (size_t)-1) ||
	    sum + u64at(doc, "pixels_ignored", (size_t)-1) >
		UINT64_MAX - u64at(doc, "pixels_nodata", (size_t)-1) ||
	    sum + u64at(doc, "pixels_ignored", (size_t)-1) +
		    u64at(doc, "pixels_nodata", (size_t)-1) !=
		u64at(doc, "pixels_total", (size_t)-1)) {
		snprintf(why, n,
		    "inconsistent counts: the class pixels, "
		    "ignored and nodata pixels do not add up to "
		    "pixels_total");
		return -1;
	}
	return 0;
}

int
mfw_merge(const struct mfw_opts *o)
{
	struct mfw_opts mo = *o;
	struct part first, cur;
	struct totals t;
	struct mskip *ms = NULL;
	struct skip *sk = NULL;
	size_t nms = 0, i;
	uint64_t *P, *I, *T, u;
	char why[256];
	const char *bad;
	json_error_t je;
	json_t *doc;
	int rc = MFW_OK;

	memset(&t, 0, sizeof(t));
	memset(&first, 0, sizeof(first));
	P = xcalloc(MFW_MAX_CLASSES, sizeof(*P));
	I = xcalloc(MFW_MAX_CLASSES, sizeof(*I));
	T = xcalloc(MFW_MAX_CLASSES, sizeof(*T));
	for (i = 0; i < o->npaths; i++) {
		const char *path = o->paths[i];

		memset(&cur, 0, sizeof(cur));
		why[0] = '\0';
		if (strcmp(path, "-") == 0)
			doc = json_loadf(stdin, JSON_REJECT_DUPLICATES, &je);
		else
			doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
		if (doc == NULL) {
			msg_file(path, "not a counts document: %s (line %d)",
			    je.text, je.line);
			rc = MFW_BADINPUT;
			continue;
		}
		if (read_params(doc, &cur, why, sizeof(why)) != 0)
			goto bad;
		if (i == 0 || first.ignore == NULL) {
			first = cur;
			cur.ignore = NULL;
		} else if ((bad = incompatible(&first, &cur)) != NULL) {
			snprintf(why, sizeof(why),
			    "cannot be merged with %s: "
			    "%s",
			    o->paths[0], bad);
			goto bad;
		}
		if (first.classes_given)
			t.n = first.classes;
		else if (cur.classes > t.n)
			t.n = cur.classes;
		if (get_u64(doc, "images", &u, why, sizeof(why)) ||
		    add_u64(&t.images, u, why, sizeof(why), "images") ||
		    get_u64(doc, "pixels_total", &u, why, sizeof(why)) ||
		    add_u64(&t.px_total, u, why, sizeof(why), "pixels") ||
		    get_u64(doc, "pixels_ignored", &u, why, sizeof(why)) ||
		    add_u64(&t.px_ignored, u, why, sizeof(why), "pixels") ||
		    get_u64(doc, "pixels_nodata", &u, why, sizeof(why)) ||
		    add_u64(&t.px_nodata, u, why, sizeof(why), "pixels") ||
		    get_u64(doc, "pixels_out_of_range", &u, why, sizeof(why)) ||
		    add_u64(&t.px_oor, u, why, sizeof(why), "pixels") ||
		    add_vec(doc, "pixels", cur.classes, P, why, sizeof(why)) ||
		    add_vec(doc, "images_with_class", cur.classes, I, why,
			sizeof(why)) ||
		    add_vec(doc, "image_pixels", cur.classes, T, why,
			sizeof(why)) ||
		    read_skipped(doc, i, &ms, &nms, why, sizeof(why)))
			goto bad;
		if (consistent(doc, cur.classes, why, sizeof(why)) != 0)
			goto bad;
		free(cur.ignore);
		json_decref(doc);
		continue;
	bad:
		msg_file(path, "%s", why);
		free(cur.ignore);
		json_decref(doc);
		rc = MFW_BADINPUT;
	}
	if (rc == MFW_OK) {
		if (nms > 1)
			qsort(ms, nms, sizeof(*ms), cmpmskip);
		sk = xcalloc(nms, sizeof(*sk));
		for (i = 0; i < nms; i++) {
			sk[i] = ms[i].s;
			msg_file(sk[i].path, "%s", sk[i].reason);
		}
		if (t.images == 0) {
			msg_err("no mask was counted in any part");
			rc = MFW_BADINPUT;
			goto out;
		}
		t.P = P;
		t.I = I;
		t.T = T;
		mo.ignore = first.ignore;
		mo.nignore = first.nignore;
		mo.band = (int)first.band;
		mo.no_nodata = !first.nodata;
		mo.classes = first.classes_given ? (long)t.n : 0;
		mo.keep_going = 1; /* parts with skips were --keep-going */
		if (nms > 0)       /* exit 1, as the single run did */
			msg_level(MFW_SKIPPED);
		rc = mfw_report(
		    &mo, &t, sk, nms, first.classes_given, (int64_t)t.n - 1);
	} else
		msg_err("no weights printed: a counts document is unusable");
out:
	for (i = 0; i < nms; i++) {
		free(ms[i].s.path);
		free(ms[i].s.reason);
	}
	free(ms);
	free(sk);
	free(first.ignore);
	free(P);
	free(I);
	free(T);
	return rc;
}
