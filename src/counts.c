/*
 * counts.c: the counts document, writer and reader (counts.h).
 *
 * Layout (one JSON object, keys in this order):
 *   mfweights_counts  format version, COUNTS_VERSION
 *   tool_version, shards, list_fingerprint, list_files, files,
 *   options_fingerprint
 *                     the provenance (struct prov): which shards of
 *                     which file list, counted under which options
 *   classes, classes_given, ignore_values, band, nodata, decoder, map,
 *   colors            the parameters (struct counts_params)
 *   images, skipped_files, pixels_total, pixels_ignored, pixels_nodata,
 *   pixels_out_of_range, pixels, images_with_class, image_pixels
 *                     the counts (struct totals)
 *   skipped           [{index, path[, path_hex], reason}] in walk order
 * JSON is parsed with jansson; a key given twice is refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "counts.h"
#include "enums.h"
#include "labels.h"
#include "lineread.h"
#include "util.h"

/* The key names, for the writer and the reader alike. */
#define K_VERSION    "mfweights_counts"
#define K_TOOL       "tool_version"
#define K_SHARDS     "shards"
#define K_LIST       "list_fingerprint"
#define K_LIST_FILES "list_files"
#define K_FILES      "files"
#define K_OPTIONS    "options_fingerprint"
#define K_CLASSES    "classes"
#define K_GIVEN      "classes_given"
#define K_IGNORE     "ignore_values"
#define K_BAND       "band"
#define K_NODATA     "nodata"
#define K_DECODER    "decoder"
#define K_MAP        "map"
#define K_COLORS     "colors"
#define K_IMAGES     "images"
#define K_NSKIPPED   "skipped_files"
#define K_PX_TOTAL   "pixels_total"
#define K_PX_IGNORED "pixels_ignored"
#define K_PX_NODATA  "pixels_nodata"
#define K_PX_OOR     "pixels_out_of_range"
#define K_P          "pixels"
#define K_I          "images_with_class"
#define K_T          "image_pixels"
#define K_SKIPPED    "skipped"

static void
digest_field(FILE *f, const char *key, const char *d)
{
	if (d != NULL)
		fprintf(f, "  \"%s\": \"%s\",\n", key, d);
	else
		fprintf(f, "  \"%s\": null,\n", key);
}

static void
prov_write(FILE *f, const struct prov *p)
{
	fputs("  \"" K_TOOL "\": \"" MFW_VERSION "\",\n", f);
	fputs("  \"" K_SHARDS "\": \"", f);
	shardset_print(f, &p->set);
	fprintf(f, "\",\n  \"" K_LIST "\": \"%s\",\n", p->list);
	fprintf(f, "  \"" K_LIST_FILES "\": %llu,\n",
	    (unsigned long long)p->list_files);
	fprintf(f, "  \"" K_FILES "\": %llu,\n", (unsigned long long)p->files);
	fprintf(f, "  \"" K_OPTIONS "\": \"%s\",\n", p->options);
}

int
counts_write(FILE *f, const struct report *rp)
{
	const struct totals *t = rp->t;
	const struct mfw_opts *o = rp->o;
	size_t i;

	fprintf(f, "{\n  \"" K_VERSION "\": %d,\n", COUNTS_VERSION);
	prov_write(f, rp->prov);
	fprintf(f, "  \"" K_CLASSES "\": %zu,\n", t->n);
	fprintf(f, "  \"" K_GIVEN "\": %s,\n",
	    rp->classes_given ? "true" : "false");
	fputs("  \"" K_IGNORE "\": [", f);
	for (i = 0; i < o->nignore; i++)
		fprintf(f, "%s%lld", i ? ", " : "", (long long)o->ignore[i]);
	fputs("],\n", f);
	fprintf(f, "  \"" K_BAND "\": %d,\n", o->dec.band);
	fprintf(f, "  \"" K_NODATA "\": %s,\n",
	    o->dec.no_nodata ? "false" : "true");
	fprintf(
	    f, "  \"" K_DECODER "\": \"%s\",\n", decoder_names[o->dec.decoder]);
	digest_field(f, K_MAP, o->map ? o->map->digest : NULL);
	digest_field(f, K_COLORS, o->dec.colors ? o->dec.colors->digest : NULL);
	fprintf(
	    f, "  \"" K_IMAGES "\": %llu,\n", (unsigned long long)t->images);
	fprintf(f, "  \"" K_NSKIPPED "\": %zu,\n", rp->nskipped);
	fprintf(f, "  \"" K_PX_TOTAL "\": %llu,\n",
	    (unsigned long long)t->px_total);
	fprintf(f, "  \"" K_PX_IGNORED "\": %llu,\n",
	    (unsigned long long)t->px_ignored);
	fprintf(f, "  \"" K_PX_NODATA "\": %llu,\n",
	    (unsigned long long)t->px_nodata);
	fprintf(
	    f, "  \"" K_PX_OOR "\": %llu,\n", (unsigned long long)t->px_oor);
	emit_u64s(f, K_P, t->P, t->n);
	emit_u64s(f, K_I, t->I, t->n);
	emit_u64s(f, K_T, t->T, t->n);
	emit_skipped(f, K_SKIPPED, rp, 1);
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}

/* A whole number in 0..COUNTS_MAX, or -1 with a reason. */
static int
get_u64(json_t *obj, const char *key, uint64_t *v, char *why, size_t n)
{
	json_t *x = json_object_get(obj, key);

	if (!json_is_integer(x) || json_integer_value(x) < 0) {
		snprintf(why, n, "\"%s\" is missing or not a whole number >= 0",
		    key);
		return -1;
	}
	*v = (uint64_t)json_integer_value(x);
	return 0;
}

/* An array of exactly n whole numbers >= 0, into v. */
static int
get_vec(json_t *doc, const char *key, size_t classes, uint64_t *v, char *why,
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
			    "\"%s\"[%zu] is not a whole number >= 0", key, i);
			return -1;
		}
		v[i] = (uint64_t)json_integer_value(x);
	}
	return 0;
}

/* A digest member: a string of 16 hex digits, or null. */
static int
get_digest(json_t *doc, const char *key, char out[17], char *why, size_t n)
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

/* A fingerprint: a string of 16 lowercase hex digits. */
static int
get_fp(json_t *doc, const char *key, char out[17], char *why, size_t n)
{
	json_t *x = json_object_get(doc, key);
	const char *v = json_is_string(x) ? json_string_value(x) : "";

	if (strlen(v) != 16 || strspn(v, "0123456789abcdef") != 16) {
		snprintf(why, n, "\"%s\" is missing or not 16 hex digits", key);
		return -1;
	}
	memcpy(out, v, 17);
	return 0;
}

/* The provenance members, checked against each other. */
static int
get_prov(json_t *doc, struct counts_doc *d, char *why, size_t n)
{
	struct prov *p = &d->prov;
	json_t *x = json_object_get(doc, K_TOOL);
	uint64_t want;

	if (!json_is_string(x) ||
	    strlen(json_string_value(x)) >= sizeof(d->tool_version)) {
		snprintf(why, n, "\"" K_TOOL "\" is missing or too long");
		return -1;
	}
	strcpy(d->tool_version, json_string_value(x));
	x = json_object_get(doc, K_SHARDS);
	if (!json_is_string(x)) {
		snprintf(why, n, "\"" K_SHARDS "\" is missing or not a string");
		return -1;
	}
	if (shardset_parse(json_string_value(x), &p->set, why, n) != 0 ||
	    get_fp(doc, K_LIST, p->list, why, n) != 0 ||
	    get_fp(doc, K_OPTIONS, p->options, why, n) != 0 ||
	    get_u64(doc, K_LIST_FILES, &p->list_files, why, n) != 0 ||
	    get_u64(doc, K_FILES, &p->files, why, n) != 0)
		return -1;
	want = shardset_files(&p->set, p->list_files);
	if (p->files != want) {
		snprintf(why, n,
		    "inconsistent provenance: shards %s of a list of %llu "
		    "files hold %llu files, not %llu",
		    json_string_value(x), (unsigned long long)p->list_files,
		    (unsigned long long)want, (unsigned long long)p->files);
		return -1;
	}
	return 0;
}

/* Every skipped file is one of the document's own: a path of its shards,
 * listed once, in walk order; no more images and skipped files than
 * files. */
static int
check_own(const struct counts_doc *d, char *why, size_t n)
{
	const struct prov *p = &d->prov;
	size_t i, x;

	for (i = 0; i < d->nskipped; i++) {
		x = d->skipped[i].index;
		if (x >= p->list_files ||
		    (i > 0 && x <= d->skipped[i - 1].index) ||
		    !shardset_has(&p->set, (uint32_t)(x % p->set.n + 1)))
			break;
	}
	if (i < d->nskipped) {
		snprintf(why, n,
		    "\"" K_SKIPPED "\"[%zu] (index %zu) is not a file of "
		    "this document's shards, in walk order",
		    i, d->skipped[i].index);
		return -1;
	}
	if (d->t.images > p->files || d->nskipped > p->files - d->t.images) {
		snprintf(why, n,
		    "inconsistent counts: %llu images and %zu skipped files "
		    "in shards of %llu files",
		    (unsigned long long)d->t.images, d->nskipped,
		    (unsigned long long)p->files);
		return -1;
	}
	return 0;
}

static int
get_params(json_t *doc, struct counts_params *p, char *why, size_t n)
{
	json_t *x, *v;
	uint64_t u;
	size_t i;

	x = json_object_get(doc, K_VERSION);
	if (!json_is_integer(x) ||
	    (json_integer_value(x) != COUNTS_VERSION &&
		json_integer_value(x) != 1)) {
		snprintf(why, n,
		    "not a counts document of version %d (write it with "
		    "--format counts)",
		    COUNTS_VERSION);
		return -1;
	}
	if (get_u64(doc, K_CLASSES, &u, why, n) != 0)
		return -1;
	if (u > MFW_MAX_CLASSES) {
		snprintf(
		    why, n, "\"" K_CLASSES "\" is above %d", MFW_MAX_CLASSES);
		return -1;
	}
	p->classes = (size_t)u;
	x = json_object_get(doc, K_GIVEN);
	v = json_object_get(doc, K_NODATA);
	if (!json_is_boolean(x) || !json_is_boolean(v)) {
		snprintf(why, n,
		    "\"" K_GIVEN "\" or \"" K_NODATA "\" is not true or false");
		return -1;
	}
	p->classes_given = json_is_true(x);
	p->nodata = json_is_true(v);
	x = json_object_get(doc, K_BAND);
	if (!json_is_integer(x) || json_integer_value(x) < 0 ||
	    json_integer_value(x) > 65535) {
		snprintf(
		    why, n, "\"" K_BAND "\" is not a whole number 0..65535");
		return -1;
	}
	p->band = (int)json_integer_value(x);
	if (get_digest(doc, K_MAP, p->map, why, n) != 0 ||
	    get_digest(doc, K_COLORS, p->colors, why, n) != 0)
		return -1;
	x = json_object_get(doc, K_IGNORE);
	if (!json_is_array(x)) {
		snprintf(why, n, "\"" K_IGNORE "\" is not an array");
		return -1;
	}
	p->nignore = json_array_size(x);
	p->ignore = xcalloc(p->nignore, sizeof(*p->ignore));
	json_array_foreach(x, i, v)
	{
		if (!json_is_integer(v)) {
			snprintf(why, n,
			    "\"" K_IGNORE "\" holds a value that is not a "
			    "whole number");
			return -1;
		}
		p->ignore[i] = json_integer_value(v);
	}
	return 0;
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
get_skipped(json_t *doc, struct counts_doc *d, char *why, size_t n)
{
	json_t *a = json_object_get(doc, K_SKIPPED), *x;
	size_t i;

	if (!json_is_array(a)) {
		snprintf(why, n, "\"" K_SKIPPED "\" is not an array");
		return -1;
	}
	d->skipped = xcalloc(json_array_size(a), sizeof(*d->skipped));
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
			    "\"" K_SKIPPED
			    "\"[%zu] lacks an index, a path or a "
			    "reason",
			    i);
			return -1;
		}
		p = hex ? unhex(json_string_value(hex))
			: xstrdup(json_string_value(path));
		if (p == NULL) {
			snprintf(why, n,
			    "\"" K_SKIPPED "\"[%zu] has a bad path_hex", i);
			return -1;
		}
		d->skipped[d->nskipped++] =
		    (struct skip){(size_t)json_integer_value(idx), p,
			xstrdup(json_string_value(rs))};
	}
	return 0;
}

/*
 * The sums a run's counts always satisfy: counted + ignored + nodata
 * pixels = total, and per class P <= T, I <= images, P > 0 iff I > 0.
 * A document that breaks one was edited or corrupted.
 */
int
counts_check(const struct counts_doc *d, char *why, size_t n)
{
	const struct totals *t = &d->t;
	uint64_t sum = 0;
	size_t c;

	for (c = 0; c < t->n; c++) {
		if (t->P[c] > t->T[c] || t->I[c] > t->images ||
		    (t->P[c] == 0) != (t->I[c] == 0) ||
		    (t->I[c] == 0) != (t->T[c] == 0) ||
		    sum > UINT64_MAX - t->P[c]) {
			snprintf(why, n,
			    "inconsistent counts for class %zu (pixels %llu, "
			    "images %llu, image pixels %llu)",
			    c, (unsigned long long)t->P[c],
			    (unsigned long long)t->I[c],
			    (unsigned long long)t->T[c]);
			return -1;
		}
		sum += t->P[c];
	}
	if (sum > UINT64_MAX - t->px_ignored ||
	    sum + t->px_ignored > UINT64_MAX - t->px_nodata ||
	    sum + t->px_ignored + t->px_nodata != t->px_total) {
		snprintf(why, n,
		    "inconsistent counts: the class pixels, ignored and nodata "
		    "pixels do not add up to " K_PX_TOTAL);
		return -1;
	}
	return 0;
}

int
counts_read(const char *path, struct counts_doc *d, char *why, size_t n)
{
	json_error_t je;
	json_t *doc;
	struct totals *t = &d->t;
	char *text;
	size_t len;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	/* Read whole through the bounded reader (lineread.h): a read error
	 * is an error, a document over LR_DOC_MAX is refused. */
	if (lr_slurp(path, LR_DOC_MAX, &text, &len, why, n) != 0)
		return -1;
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (doc == NULL) {
		snprintf(why, n, "not a counts document: %s (line %d)",
		    strip_ctrl(je.text), je.line);
		return -1;
	}
	/* Version 1 has no provenance: set.n stays 0 (counts.h). */
	if (get_params(doc, &d->p, why, n) != 0 ||
	    (json_integer_value(json_object_get(doc, K_VERSION)) != 1 &&
		get_prov(doc, d, why, n) != 0))
		goto out;
	t->n = d->p.classes;
	t->P = xcalloc(t->n, sizeof(uint64_t));
	t->I = xcalloc(t->n, sizeof(uint64_t));
	t->T = xcalloc(t->n, sizeof(uint64_t));
	if (get_u64(doc, K_IMAGES, &t->images, why, n) ||
	    get_u64(doc, K_PX_TOTAL, &t->px_total, why, n) ||
	    get_u64(doc, K_PX_IGNORED, &t->px_ignored, why, n) ||
	    get_u64(doc, K_PX_NODATA, &t->px_nodata, why, n) ||
	    get_u64(doc, K_PX_OOR, &t->px_oor, why, n) ||
	    get_vec(doc, K_P, t->n, t->P, why, n) ||
	    get_vec(doc, K_I, t->n, t->I, why, n) ||
	    get_vec(doc, K_T, t->n, t->T, why, n) ||
	    get_skipped(doc, d, why, n) ||
	    (d->prov.set.n > 0 && check_own(d, why, n)))
		goto out;
	rc = 0;
out:
	json_decref(doc);
	if (rc != 0)
		counts_free(d);
	return rc;
}

void
counts_free(struct counts_doc *d)
{
	for (size_t i = 0; i < d->nskipped; i++) {
		free(d->skipped[i].path);
		free(d->skipped[i].reason);
	}
	free(d->skipped);
	free(d->p.ignore);
	free(d->t.P);
	free(d->t.I);
	free(d->t.T);
	prov_free(&d->prov);
	memset(d, 0, sizeof(*d));
}

const char *
counts_incompatible(
    const struct counts_params *a, const struct counts_params *b)
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

/* acc + v stays within COUNTS_MAX. */
static int
fits(uint64_t acc, uint64_t v)
{
	return acc <= COUNTS_MAX && v <= COUNTS_MAX - acc;
}

int
counts_add(struct totals *acc, const struct counts_doc *d, char *why, size_t n)
{
	const struct totals *t = &d->t;
	const char *key = NULL;
	size_t c;

	if (!fits(acc->images, t->images))
		key = K_IMAGES;
	else if (!fits(acc->px_total, t->px_total))
		key = K_PX_TOTAL;
	else if (!fits(acc->px_ignored, t->px_ignored))
		key = K_PX_IGNORED;
	else if (!fits(acc->px_nodata, t->px_nodata))
		key = K_PX_NODATA;
	else if (!fits(acc->px_oor, t->px_oor))
		key = K_PX_OOR;
	for (c = 0; c < t->n && key == NULL; c++) {
		if (!fits(acc->P[c], t->P[c]))
			key = K_P;
		else if (!fits(acc->I[c], t->I[c]))
			key = K_I;
		else if (!fits(acc->T[c], t->T[c]))
			key = K_T;
	}
	if (key != NULL) {
		snprintf(why, n,
		    "the sum of \"%s\" overflows the 2^63 - 1 a counts "
		    "document can hold",
		    key);
		return -1;
	}
	acc->images += t->images;
	acc->px_total += t->px_total;
	acc->px_ignored += t->px_ignored;
	acc->px_nodata += t->px_nodata;
	acc->px_oor += t->px_oor;
	for (c = 0; c < t->n; c++) {
		acc->P[c] += t->P[c];
		acc->I[c] += t->I[c];
		acc->T[c] += t->T[c];
	}
	if (t->n > acc->n)
		acc->n = t->n;
	return 0;
}
