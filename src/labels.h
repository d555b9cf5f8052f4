/*
 * labels.h: the label tables given by files: --map (label remapping),
 * --colors (colour-coded masks) and --names (class names).  Loaded once
 * in main.c before any thread starts, read-only afterwards.
 */
#ifndef LABELS_H
#define LABELS_H

#include <stddef.h>
#include <stdint.h>

/* --map: from,to pairs, sorted by from. */
struct labelmap {
	size_t n;
	int64_t *from, *to;
	int has_default; /* --map-default given */
	int64_t def;
	char digest[17]; /* FNV-1a 64 of the sorted pairs, hex */
};

/* --colors: 24-bit colour to class. */
struct colortable {
	size_t n;
	uint16_t *lut; /* 1 << 24 entries: class + 1, 0 = unknown */
	char **names;  /* per class id up to nnames, or NULL */
	size_t nnames;
	int unknown_ignore; /* --unknown-color ignore */
	unsigned threshold; /* > 0: channels binarised at it before lookup */
	uint64_t hash;      /* FNV-1a 64 of the colours so far */
	char digest[17];
};

/*
 * Unknown colours.  A colour that --colors does not list is kept in the
 * file's histogram as a negative value, -1 - 0xRRGGBB, beside the labels
 * (count.h, the extra list), so that tally.c can refuse the file naming
 * the colour, or ignore its pixels (--unknown-color ignore).  Codes exist
 * only in runs with --colors; --map passes them through unmapped.
 */
static inline int64_t
colour_code(uint32_t rgb)
{
	return -1 - (int64_t)rgb;
}

/* Is v (a histogram value of a run with --colors) an unknown colour? */
static inline int
colour_is_code(int64_t v)
{
	return v < 0 && v >= -1 - (int64_t)0xffffff;
}

/* The table entry of colour rgb: itself, or with a threshold each
 * channel made 0 or 255 (DeepGlobe's masks are saved with noise). */
static inline uint32_t
colour_key(const struct colortable *c, uint32_t rgb)
{
	uint32_t t = c->threshold;

	if (t == 0)
		return rgb;
	return ((rgb >> 16) >= t ? 0xff0000u : 0) |
	    (((rgb >> 8) & 0xff) >= t ? 0xff00u : 0) |
	    ((rgb & 0xff) >= t ? 0xffu : 0);
}

static inline uint32_t
colour_of_code(int64_t v)
{
	return (uint32_t)(-1 - v);
}

/*
 * Each returns 0; or -1 (bad content, a bad path: the user's input) or
 * -2 (a read error such as EIO: a system error), with "FILE:LINE:
 * reason" in err.  Out of memory ends the run (status 4).
 */
int labels_load_map(
    const char *path, struct labelmap *, char *err, size_t errlen);
int labels_load_colors(
    const char *path, struct colortable *, char *err, size_t errlen);
/* Names: "-" reads standard input; free with labels_free_names. */
int labels_load_names(
    const char *path, char ***names, size_t *n, char *err, size_t errlen);
/*
 * The same tables from data (a --dataset preset), errors without a file
 * name.  labels_map_pairs fills m from n (from, to) pairs;
 * labels_color_add adds one colour (allocating the table on the first);
 * labels_color_threshold makes every colour count as its channels
 * binarised at t (0 or 255 each: >= t is 255), see colour_key().
 */
int labels_map_pairs(struct labelmap *m, const int64_t (*pairs)[2], size_t n,
    char *err, size_t errlen);
int labels_color_add(struct colortable *, unsigned r, unsigned g, unsigned b,
    int64_t cls, const char *name, char *err, size_t errlen);
void labels_color_threshold(struct colortable *, unsigned t);
void labels_free_names(char **names, size_t n);
/* The class named s (exact, else in any case) among names, or -1. */
int64_t labels_class_named(char *const *names, size_t n, const char *s);
/* Map v; returns 0 and sets *out, or -1 if v has no mapping. */
int labels_map(const struct labelmap *, int64_t v, int64_t *out);
/*
 * Count n pixels of 8-bit RGB(A) (channels 3 or 4) through the colour
 * table: known colours add to their class, unknown ones go to h's extra
 * list as colour_code(0xRRGGBB).  Returns -1 only when out of memory.
 */
struct fhist;
int labels_count_rgb(struct fhist *, const struct colortable *,
    const uint8_t *row, size_t n, int channels);
/* The same row counted k times (k equal rows). */
int labels_count_rgb_rep(struct fhist *, const struct colortable *,
    const uint8_t *row, size_t n, int channels, uint64_t k);
void labels_free_map(struct labelmap *);
void labels_free_colors(struct colortable *);

#endif
