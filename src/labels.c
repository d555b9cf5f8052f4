/*
 * labels.c: parse the small CSV files that describe labels.
 *
 *   --map FILE      "from,to" per line (Cityscapes ids to train ids);
 *                   with a header, columns from,to or id,trainId
 *   --colors FILE   "r,g,b,class[,name]"; with a header, the columns are
 *                   found by name (r, g, b, class, name; extra columns
 *                   such as CamVid's class_11 are passed over), and
 *                   without a class column the class is the row number,
 *                   as in CamVid's class_dict.csv "name,r,g,b"
 *   --names FILE    one class name per line, or the "name" column of a
 *                   CSV table with a header (a class_dict.csv)
 *
 * The files are read as repositories ship them: through the bounded
 * reader (lineread.h: a UTF-8 BOM and CRLF line ends dropped, limits on
 * line and file size), fields split as CSV (blanks around a field
 * dropped, "quoted, fields" with "" for a quote).  Blank lines and lines
 * starting with '#' are skipped; a first line whose first field is not a
 * number is a header.  Errors are "FILE:LINE: reason".  Colours go into
 * a table of 2^24 16-bit entries, so a pixel's class is one load, never
 * a hash lookup; calloc'd pages that no colour touches are never
 * committed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "count.h"
#include "labels.h"
#include "lineread.h"
#include "mfweights.h"
#include "prov.h"
#include "util.h"

/* Fields of a line; a table with more is refused, naming the line. */
#define MAXFIELDS 64

static void
hexdigest(uint64_t h, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/*
 * One table file being read: the bounded reader (lineread.h), the fields
 * of the current line and where errors go.
 */
struct table {
	struct lr r;
	char *fld[MAXFIELDS];
	int nf;
	char *err;
	size_t errlen;
};

static int
blank(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Split a line at commas, in place, as CSV does: blanks around a field
 * are dropped, a field in double quotes may hold commas and "" stands
 * for one quote.  Returns the field count, or -1 with *why.
 */
static int
split(char *p, char **f, const char **why)
{
	int n = 0;
	char *w, *t;

	for (;;) {
		if (n == MAXFIELDS) {
			*why = "more than 64 fields";
			return -1;
		}
		while (blank(*p))
			p++;
		if (*p == '"') {
			w = f[n++] = ++p;
			for (;;) {
				if (*p == '\0') {
					*why = "a quoted field is not closed "
					       "on its line";
					return -1;
				}
				if (*p == '"' && p[1] != '"')
					break;
				*w++ = *p;
				p += *p == '"' ? 2 : 1;
			}
			*w = '\0';
			for (p++; blank(*p); p++)
				;
			if (*p != ',' && *p != '\0') {
				*why = "text after a closing quote";
				return -1;
			}
		} else {
			f[n++] = p;
			p += strcspn(p, ",");
			for (t = p; t > f[n - 1] && blank(t[-1]); t--)
				;
			if (*p == '\0') {
				*t = '\0';
				return n;
			}
			if (t < p)
				*t = '\0';
		}
		if (*p == '\0')
			return n;
		*p++ = '\0';
	}
}

static int
tbl_open(struct table *t, const char *path, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	t->err = err;
	t->errlen = errlen;
	return lr_open(
	    &t->r, path, '\n', LR_TEXT, LR_LINE_MAX, LR_TABLE_MAX, err, errlen);
}

/* Set a "FILE:LINE: reason" error; returns LR_BAD. */
static int tbl_bad(struct table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
tbl_bad(struct table *t, const char *fmt, ...)
{
	va_list ap;
	int k = snprintf(t->err, t->errlen, "%s:%zu: ", t->r.name, t->r.lineno);

	va_start(ap, fmt);
	if (k >= 0 && (size_t)k < t->errlen)
		vsnprintf(t->err + k, t->errlen - (size_t)k, fmt, ap);
	va_end(ap);
	return LR_BAD;
}

/*
 * The next line that is not blank and not a comment ('#' first), split
 * into t->fld.  Returns LR_LINE, LR_EOF or an LR_ error.
 */
static int
tbl_next(struct table *t)
{
	char *line;
	const char *why;
	size_t len;
	int rc;

	for (;;) {
		if ((rc = lr_next(&t->r, &line, &len, t->err, t->errlen)) !=
		    LR_LINE)
			return rc;
		while (blank(*line))
			line++;
		if (*line == '\0' || *line == '#')
			continue;
		if ((t->nf = split(line, t->fld, &why)) < 0)
			return tbl_bad(t, "%s", why);
		return LR_LINE;
	}
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

/*
 * The column of a header whose name is one of the '|'-separated names
 * (case and '_' ignored), or -1.
 */
static int
column(char *const *f, int nf, const char *names)
{
	for (int i = 0; i < nf; i++) {
		const char *a, *b = names;

		for (;;) {
			for (a = f[i]; *a != '\0' && *b != '\0' && *b != '|';
			     a++, b++) {
				while (*a == '_')
					a++;
				while (*b == '_')
					b++;
				if (tolower((unsigned char)*a) != *b)
					break;
			}
			if (*a == '\0' && (*b == '\0' || *b == '|'))
				return i;
			b = strchr(b, '|');
			if (b == NULL)
				break;
			b++;
		}
	}
	return -1;
}

/*
 * A data row of a table with a header: at most the header's fields,
 * and at least up to the last column that is needed.
 */
static int
row_fits(struct table *t, int hnf, int need)
{
	if (t->nf > hnf)
		return tbl_bad(t, "%d fields, the header has %d", t->nf, hnf);
	if (t->nf <= need)
		return tbl_bad(t, "%d fields, the header has %d", t->nf, hnf);
	return 0;
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
		h = fnv1a64(h, &p[i], sizeof(p[i]));
	}
	hexdigest(h, m->digest);
	free(p);
	return 0;
}

int
labels_load_map(const char *path, struct labelmap *m, char *err, size_t errlen)
{
	struct table t;
	size_t n = 0, ncap = 0;
	struct pair *p = NULL;
	int first = 1, hnf = 0, cf = 0, ct = 1, rc;
	char why[256];

	if ((rc = tbl_open(&t, path, err, errlen)) != 0)
		return rc;
	while ((rc = tbl_next(&t)) == LR_LINE) {
		if (first) {
			first = 0;
			if (header(t.fld[0])) {
				/* from,to; or Cityscapes' id,trainId. */
				hnf = t.nf;
				cf = column(
				    t.fld, t.nf, "from|id|label|labelid");
				ct = column(t.fld, t.nf, "to|trainid");
				if (t.nf == 2 && (cf < 0 || ct < 0))
					cf = 0, ct = 1;
				if (cf < 0 || ct < 0) {
					rc = tbl_bad(&t,
					    "the header names no from and to "
					    "columns");
					goto fail;
				}
				continue;
			}
		}
		if (n == ncap) {
			ncap = ncap ? ncap * 2 : 64;
			p = xreallocarray(p, ncap, sizeof(*p));
		}
		if (hnf > 0 && (rc = row_fits(&t, hnf, cf > ct ? cf : ct)) != 0)
			goto fail;
		if ((hnf == 0 && t.nf != 2) ||
		    integer(t.fld[cf], &p[n].from) < 0 ||
		    integer(t.fld[ct], &p[n].to) < 0) {
			rc = tbl_bad(&t, "expected two whole numbers, from,to");
			goto fail;
		}
		n++;
	}
	if (rc < 0)
		goto fail;
	if (labels_map_pairs(m, (const int64_t(*)[2])p, n, why, sizeof(why)) !=
	    0) {
		snprintf(err, errlen, "%s: %s", t.r.name, why);
		rc = LR_BAD;
		goto fail;
	}
	free(p);
	lr_close(&t.r);
	return 0;
fail:
	free(p);
	lr_close(&t.r);
	return rc;
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

/* The columns of a colour table: r, g, b, class (-1: the row number)
 * and name (-1: none); hnf is the header's field count, 0 without. */
struct ccols {
	int r, g, b, cls, name, hnf;
};

static int
color_header(struct table *t, struct ccols *k)
{
	k->hnf = t->nf;
	k->r = column(t->fld, t->nf, "r|red");
	k->g = column(t->fld, t->nf, "g|green");
	k->b = column(t->fld, t->nf, "b|blue");
	k->cls = column(t->fld, t->nf, "class|classid|id|label|labelid|index");
	k->name = column(t->fld, t->nf, "name|classname|labelname");
	if (k->r < 0 || k->g < 0 || k->b < 0)
		return tbl_bad(t,
		    "the header names no r, g and b columns "
		    "(write r,g,b,class or name,r,g,b)");
	return 0;
}

static int
color_row(struct table *t, const struct ccols *k, size_t row, unsigned rgb[3],
    int64_t *cls, const char **name)
{
	int need = k->r;

	if (k->hnf == 0) {
		if (t->nf < 4 || t->nf > 5 || byte(t->fld[0], &rgb[0]) ||
		    byte(t->fld[1], &rgb[1]) || byte(t->fld[2], &rgb[2]) ||
		    integer(t->fld[3], cls))
			return tbl_bad(t,
			    "expected r,g,b,class[,name] with "
			    "r, g, b in 0..255");
		*name = t->nf == 5 ? t->fld[4] : NULL;
		return 0;
	}
	need = k->g > need ? k->g : need;
	need = k->b > need ? k->b : need;
	need = k->cls > need ? k->cls : need;
	if (row_fits(t, k->hnf, need) != 0)
		return LR_BAD;
	if (byte(t->fld[k->r], &rgb[0]) || byte(t->fld[k->g], &rgb[1]) ||
	    byte(t->fld[k->b], &rgb[2]))
		return tbl_bad(t, "r, g and b must be whole numbers in 0..255");
	*cls = (int64_t)row;
	if (k->cls >= 0 && integer(t->fld[k->cls], cls) < 0)
		return tbl_bad(t, "the class must be a whole number");
	*name = k->name >= 0 && k->name < t->nf ? t->fld[k->name] : NULL;
	return 0;
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
	c->hash = fnv1a64(c->hash, &rgb, sizeof(rgb));
	c->hash = fnv1a64(c->hash, &cls, sizeof(cls));
	c->n++;
	hexdigest(c->hash, c->digest);
	return 0;
}

void
labels_color_threshold(struct colortable *c, unsigned t)
{
	c->threshold = t;
	c->hash = fnv1a64(c->hash, "threshold", 9);
	c->hash = fnv1a64(c->hash, &t, sizeof(t));
	hexdigest(c->hash, c->digest);
}

int
labels_load_colors(
    const char *path, struct colortable *c, char *err, size_t errlen)
{
	struct table t;
	struct ccols k = {0, 1, 2, 3, -1, 0};
	size_t row = 0;
	int first = 1, rc;
	unsigned v[3];
	const char *name = NULL;
	int64_t cls = 0;
	char why[256];

	if ((rc = tbl_open(&t, path, err, errlen)) != 0)
		return rc;
	while ((rc = tbl_next(&t)) == LR_LINE) {
		if (first) {
			first = 0;
			if (header(t.fld[0])) {
				if ((rc = color_header(&t, &k)) != 0)
					goto fail;
				continue;
			}
		}
		if ((rc = color_row(&t, &k, row, v, &cls, &name)) != 0)
			goto fail;
		if (labels_color_add(c, v[0], v[1], v[2], cls, name, why,
			sizeof(why)) != 0) {
			rc = tbl_bad(&t, "%s", why);
			goto fail;
		}
		row++;
	}
	if (rc < 0)
		goto fail;
	if (c->n == 0) {
		snprintf(err, errlen, "%s: no colour", t.r.name);
		rc = LR_BAD;
		goto fail;
	}
	lr_close(&t.r);
	return 0;
fail:
	lr_close(&t.r);
	labels_free_colors(c);
	return rc;
}

int
labels_load_names(
    const char *path, char ***names, size_t *n, char *err, size_t errlen)
{
	struct table t;
	char *line, *whole, *name, *f[MAXFIELDS];
	const char *why = "";
	size_t len, cap = 0;
	int rc, col = -1, first = 1, nf;

	*names = NULL;
	*n = 0;
	if ((rc = tbl_open(&t, path, err, errlen)) != 0)
		return rc;
	while ((rc = lr_next(&t.r, &line, &len, err, errlen)) == LR_LINE) {
		while (blank(*line))
			line++;
		if (*line == '\0' || *line == '#')
			continue;
		whole = xstrdup(line);
		for (len = strlen(whole); len > 0 && blank(whole[len - 1]);)
			whole[--len] = '\0';
		/* One name a line, or a CSV table with a "name" column. */
		nf = split(line, f, &why);
		if (first) {
			first = 0;
			if (nf > 1 &&
			    (col = column(f, nf, "name|classname|labelname")) >=
				0) {
				free(whole);
				continue;
			}
		}
		name = col < 0 ? nf == 1 ? f[0] : whole
		    : col < nf ? f[col]
			       : NULL;
		if (name == NULL || *name == '\0') {
			free(whole);
			rc = nf < 0 ? tbl_bad(&t, "%s", why)
			    : name == NULL
			    ? tbl_bad(&t, "no name column (%d fields)", nf)
			    : tbl_bad(&t, "an empty name");
			goto fail;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*names = xreallocarray(*names, cap, sizeof(**names));
		}
		(*names)[(*n)++] = xstrdup(name);
		free(whole);
	}
	if (rc == LR_EOF && *n == 0) {
		snprintf(err, errlen, "%s: no name", t.r.name);
		rc = LR_BAD;
	}
	if (rc == LR_EOF) {
		lr_close(&t.r);
		return 0;
	}
fail:
	lr_close(&t.r);
	labels_free_names(*names, *n);
	*names = NULL;
	*n = 0;
	return rc;
}

void
labels_free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Is s a class name of names[]?  Exact first, then in any case. */
int64_t
labels_class_named(char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return (int64_t)i;
	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcasecmp(names[i], s) == 0)
			return (int64_t)i;
	return -1;
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
