/*
 * labels.c: parse the small CSV files that describe labels.
 *
 *   --map FILE      "from,to" per line (Cityscapes ids to train ids)
 *   --colors FILE   "r,g,b,class[,name]", or CamVid's class_dict.csv
 *                   "name,r,g,b" where the class is the row number; the
 *                   layout is told by the header line
 *   --names FILE    one class name per line
 *
 * Blank lines and lines starting with '#' are skipped; a first line whose
 * first field is not a number is a header.  Colours go into a table of
 * 2^24 16-bit entries, so a pixel's class is one load, never a hash
 * lookup; calloc'd pages that no colour touches are never committed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "labels.h"
#include "mfweights.h"
#include "util.h"

#define MAXFIELDS 8

static void
hexdigest(uint64_t h, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * UINT64_C(0x100000001b3);
	return h;
}

/* Split a line at commas, trimming blanks; returns the field count. */
static int
split(char *line, char **f)
{
	int n = 0;
	char *p = line, *e;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < MAXFIELDS) {
		while (*p == ' ' || *p == '\t')
			p++;
		f[n++] = p;
		e = strchr(p, ',');
		if (e != NULL)
			*e = '\0';
		for (char *t = p + strlen(p);
		     t > p && isspace((unsigned char)t[-1]); t--)
			t[-1] = '\0';
		if (e == NULL)
			break;
		p = e + 1;
	}
	return n;
}

static int
integer(const char *s, int64_t *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0)
		return -1;
	*v = x;
	return 0;
}

/*
 * A first line is a header when its first field cannot start a number
 * ("from", "name", "r"): "1.5" or "99999999999999999999" are numbers
 * gone wrong, and an error, not a header to skip silently.
 */
static int
header(const char *field)
{
	return field[0] != '\0' && !isdigit((unsigned char)field[0]) &&
	    field[0] != '-' && field[0] != '+';
}

static int
skipline(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '\0' || *line == '\n' || *line == '\r' || *line == '#';
}

struct pair {
	int64_t from, to;
};

static int
cmppair(const void *a, const void *b)
{
	int64_t x = ((const struct pair *)a)->from;
	int64_t y = ((const struct pair *)b)->from;

	return (x > y) - (x < y);
}

int
labels_map_pairs(struct labelmap *m, const int64_t (*pairs)[2], size_t n,
    char *err, size_t errlen)
{
	struct pair *p;
	size_t i;
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	if (n == 0) {
		snprintf(err, errlen, "no from,to pair");
		return -1;
	}
	p = xcalloc(n, sizeof(*p));
	for (i = 0; i < n; i++) {
		p[i].from = pairs[i][0];
		p[i].to = pairs[i][1];
	}
	qsort(p, n, sizeof(*p), cmppair);
	for (i = 1; i < n; i++)
		if (p[i].from == p[i - 1].from) {
			snprintf(err, errlen, "label %lld is mapped twice",
			    (long long)p[i].from);
			free(p);
			return -1;
		}
	m->n = n;
	m->from = xcalloc(n, sizeof(int64_t));
	m->to = xcalloc(n, sizeof(int64_t));
	for (i = 0; i < n; i++) {
		m->from[i] = p[i].from;
		m->to[i] = p[i].to;
		h = fnv(h, &p[i], sizeof(p[i]));
	}
	hexdigest(h, m->digest);
	free(p);
	return 0;
}

int
labels_load_map(const char *path, struct labelmap *m, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *line = NULL, *fld[MAXFIELDS], why[128];
	size_t cap = 0, lineno = 0, n = 0, ncap = 0;
	int64_t(*p)[2] = NULL;
	int first = 1, nf;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (skipline(line))
			continue;
		nf = split(line, fld);
		if (first) {
			first = 0;
			if (header(fld[0]))
				continue;
		}
		if (n == ncap) {
			ncap = ncap ? ncap * 2 : 64;
			p = xreallocarray(p, ncap, sizeof(*p));
		}
		if (nf != 2 || integer(fld[0], &p[n][0]) < 0 ||
		    integer(fld[1], &p[n][1]) < 0) {
			snprintf(err, errlen,
			    "%s:%zu: expected two whole "
			    "numbers, from,to",
			    path, lineno);
			goto fail;
		}
		n++;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (labels_map_pairs(m, (const int64_t(*)[2])p, n, why, sizeof(why)) !=
	    0) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	free(p);
	free(line);
	fclose(f);
	return 0;
fail:
	free(p);
	free(line);
	fclose(f);
	return -1;
}

int
labels_map(const struct labelmap *m, int64_t v, int64_t *out)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->from[mid] == v) {
			*out = m->to[mid];
			return 0;
		}
		if (m->from[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (m->has_default) {
		*out = m->def;
		return 0;
	}
	return -1;
}

static int
byte(const char *s, unsigned *v)
{
	int64_t x;

	if (integer(s, &x) < 0 || x < 0 || x > 255)
		return -1;
	*v = (unsigned)x;
	return 0;
}

static void
set_name(struct colortable *c, int64_t cls, const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return;
	if ((size_t)cls >= c->nnames) {
		c->names =
		    xreallocarray(c->names, (size_t)cls + 1, sizeof(*c->names));
		for (i = c->nnames; i <= (size_t)cls; i++)
			c->names[i] = NULL;
		c->nnames = (size_t)cls + 1;
	}
	if (c->names[cls] == NULL)
		c->names[cls] = xstrdup(name);
}

int
labels_color_add(struct colortable *c, unsigned r, unsigned g, unsigned b,
    int64_t cls, const char *name, char *err, size_t errlen)
{
	uint32_t rgb = r << 16 | g << 8 | b;

	if (c->lut == NULL) {
		c->lut = xcalloc((size_t)1 << 24, sizeof(uint16_t));
		c->hash = UINT64_C(0xcbf29ce484222325);
	}
	if (cls < 0 || cls >= MFW_MAX_CLASSES - 1) {
		snprintf(err, errlen, "class %lld is outside 0..%d",
		    (long long)cls, MFW_MAX_CLASSES - 2);
		return -1;
	}
	if (c->lut[rgb] != 0 && c->lut[rgb] != cls + 1) {
		snprintf(err, errlen, "colour %u,%u,%u is given two classes", r,
		    g, b);
		return -1;
	}
	c->lut[rgb] = (uint16_t)(cls + 1);
	set_name(c, cls, name);
	c->hash = fnv(c->hash, &rgb, sizeof(rgb));
	c->hash = fnv(c->hash, &cls, sizeof(cls));
	c->n++;
	hexdigest(c->hash, c->digest);
	return 0;
}

void
labels_color_threshold(struct colortable *c, unsigned t)
{
	c->threshold = t;
	c->hash = fnv(c->hash, "threshold", 9);
	c->hash = fnv(c->hash, &t, sizeof(t));
	hexdigest(c->hash, c->digest);
}

int
labels_load_colors(
    const char *path, struct colortable *c, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *line = NULL, *fld[MAXFIELDS], why[128];
	size_t cap = 0, lineno = 0, row = 0;
	int first = 1, camvid = 0, nf;
	unsigned r, g, b;
	int64_t cls;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (skipline(line))
			continue;
		nf = split(line, fld);
		if (first) {
			first = 0;
			if (header(fld[0])) {
				/* CamVid's header starts with "name". */
				camvid = strcasecmp(fld[0], "name") == 0;
				continue;
			}
		}
		if (camvid) {
			if (nf != 4 || byte(fld[1], &r) || byte(fld[2], &g) ||
			    byte(fld[3], &b))
				goto syntax;
			cls = (int64_t)row;
		} else if (nf < 4 || nf > 5 || byte(fld[0], &r) ||
		    byte(fld[1], &g) || byte(fld[2], &b) ||
		    integer(fld[3], &cls))
			goto syntax;
		if (labels_color_add(c, r, g, b, cls,
			camvid        ? fld[0]
			    : nf == 5 ? fld[4]
				      : NULL,
			why, sizeof(why)) != 0) {
			snprintf(err, errlen, "%s:%zu: %s", path, lineno, why);
			goto fail;
		}
		row++;
	}
	if (c->n == 0) {
		snprintf(err, errlen, "%s: no colour", path);
		goto fail;
	}
	free(line);
	fclose(f);
	return 0;
syntax:
	snprintf(err, errlen, "%s:%zu: expected %s", path, lineno,
	    camvid ? "name,r,g,b"
		   : "r,g,b,class[,name] with r, g, b in 0..255");
fail:
	free(line);
	fclose(f);
	labels_free_colors(c);
	return -1;
}

int
labels_load_names(
    const char *path, char ***names, size_t *n, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	*names = NULL;
	*n = 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	return 0;
}

void
labels_free_map(struct labelmap *m)
{
	free(m->from);
	free(m->to);
	memset(m, 0, sizeof(*m));
}

void
labels_free_colors(struct colortable *c)
{
	for (size_t i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	free(c->lut);
	memset(c, 0, sizeof(*c));
}

int
labels_count_rgb(struct fhist *h, const struct colortable *c,
    const uint8_t *row, size_t n, int channels)
{
	return labels_count_rgb_rep(h, c, row, n, channels, 1);
}

int
labels_count_rgb_rep(struct fhist *h, const struct colortable *c,
    const uint8_t *row, size_t n, int channels, uint64_t k)
{
	size_t i = 0, j;
	uint32_t rgb;
	uint16_t cls;

	while (i < n) {
		const uint8_t *p = row + i * (size_t)channels;

		rgb = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
		/* A run of one colour costs one table load. */
		for (j = i + 1; j < n; j++) {
			const uint8_t *q = row + j * (size_t)channels;

			if (q[0] != p[0] || q[1] != p[1] || q[2] != p[2])
				break;
		}
		if ((cls = c->lut[colour_key(c, rgb)]) != 0)
			h->dense[cls - 1] += (j - i) * k;
		else if (count_value(h, colour_code(rgb), (j - i) * k) != 0)
			return -1;
		i = j;
	}
	return 0;
}
