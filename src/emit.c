/*
 * emit.c: the results as text: JSON, CSV, list and table reports (the
 * counts format is counts.c's, called from here), and the --per-image
 * lines.  Key and column order is fixed, numbers are printed in the C
 * locale (mfweights never calls setlocale), counts as integers and
 * doubles either as the shortest text that reads back exactly or with
 * --precision decimals.  Everything is written to a FILE the caller
 * gives; output.c puts the bytes in place.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "counts.h"
#include "emit.h"
#include "enums.h"
#include "tally.h"
#include "util.h"

/* The name of class c, or "" past the names given. */
static const char *
class_name(const struct mfw_opts *o, size_t c)
{
	return c < o->nnames && o->names[c] != NULL ? o->names[c] : "";
}

void
emit_csv_string(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

/* ",field", quoted as RFC 4180 asks. */
static void
csv_field(FILE *f, const char *s)
{
	putc(',', f);
	emit_csv_string(f, s);
}

void
emit_double(char *buf, size_t n, double x, int prec)
{
	int p;
	char *dot, *e;

	if (!isfinite(x))
		x = 0;
	if (prec >= 0) {
		snprintf(buf, n, "%.*f", prec, x);
		if ((dot = strchr(buf, '.')) != NULL) {
			e = buf + strlen(buf);
			while (e > dot + 1 && e[-1] == '0')
				*--e = '\0';
			if (e == dot + 1)
				*dot = '\0';
		}
		if (strcmp(buf, "-0") == 0)
			strcpy(buf, "0");
		return;
	}
	for (p = 15; p <= 17; p++) {
		snprintf(buf, n, "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			break;
	}
}

int
emit_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, k;
	int bad = 0;

	putc('"', f);
	while (i < len) {
		k = utf8_seqlen(p + i, len - i);
		if (k == 0) {
			fputs("\\ufffd", f);
			bad = 1;
			i++;
			continue;
		}
		if (k > 1) {
			fwrite(p + i, 1, k, f);
		} else if (p[i] == '"' || p[i] == '\\') {
			fprintf(f, "\\%c", p[i]);
		} else if (p[i] == '\n') {
			fputs("\\n", f);
		} else if (p[i] == '\t') {
			fputs("\\t", f);
		} else if (p[i] == '\r') {
			fputs("\\r", f);
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			fprintf(f, "\\u%04x", p[i]);
		} else {
			putc(p[i], f);
		}
		i += k;
	}
	putc('"', f);
	return bad;
}

void
emit_u64s(FILE *f, const char *key, const uint64_t *v, size_t n)
{
	fprintf(f, "  \"%s\": [", key);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)v[i]);
	fputs("],\n", f);
}

static void
json_doubles(FILE *f, const char *key, const double *v, size_t n, int prec)
{
	char b[64];

	if (key != NULL)
		fprintf(f, "  \"%s\": ", key);
	putc('[', f);
	for (size_t i = 0; i < n; i++) {
		emit_double(b, sizeof(b), v[i], prec);
		fprintf(f, "%s%s", i ? ", " : "", b);
	}
	putc(']', f);
	if (key != NULL)
		fputs(",\n", f);
}

static void
json_states(FILE *f, const char *key, const struct report *rp, enum cstate want)
{
	int first = 1;

	fprintf(f, "  \"%s\": [", key);
	for (size_t c = 0; c < rp->t->n; c++)
		if (rp->r->state[c] == want) {
			fprintf(f, "%s%zu", first ? "" : ", ", c);
			first = 0;
		}
	fputs("],\n", f);
}

static void
emit_json(FILE *f, const struct report *rp)
{
	const struct totals *t = rp->t;
	const struct wresult *r = rp->r;
	const struct mfw_opts *o = rp->o;
	char b[64];
	size_t i;
	uint64_t counted = t->px_total - t->px_ignored - t->px_nodata;

	fputs("{\n", f);
	/* Only a merge --allow-partial of some shards says so: any other
	 * report is the same bytes as one run's. */
	if (rp->partial != NULL)
		fprintf(f, "  \"partial_shards\": \"%s\",\n", rp->partial);
	fprintf(f, "  \"classes\": %zu,\n", t->n);
	fprintf(f, "  \"method\": \"%s\",\n", method_names[o->method]);
	fprintf(f, "  \"images\": %llu,\n", (unsigned long long)t->images);
	fprintf(f, "  \"skipped_files\": %zu,\n", rp->nskipped);
	fprintf(
	    f, "  \"pixels_total\": %llu,\n", (unsigned long long)t->px_total);
	fprintf(
	    f, "  \"pixels_counted\": %llu,\n", (unsigned long long)counted);
	fprintf(f, "  \"pixels_ignored\": %llu,\n",
	    (unsigned long long)t->px_ignored);
	fprintf(f, "  \"pixels_nodata\": %llu,\n",
	    (unsigned long long)t->px_nodata);
	if (o->nnames > 0) {
		fputs("  \"names\": [", f);
		for (i = 0; i < t->n; i++) {
			if (i > 0)
				fputs(", ", f);
			emit_json_string(f, class_name(o, i));
		}
		fputs("],\n", f);
	}
	emit_u64s(f, "pixels", t->P, t->n);
	emit_u64s(f, "images_with_class", t->I, t->n);
	emit_u64s(f, "image_pixels", t->T, t->n);
	json_doubles(f, "share", r->share, t->n, -1);
	json_doubles(f, "frequency", r->freq, t->n, -1);
	emit_double(b, sizeof(b), r->median, -1);
	fprintf(f, "  \"median_frequency\": %s,\n", b);
	json_doubles(f, "weights", r->weight, t->n, o->precision);
	json_states(f, "absent", rp, CLS_ABSENT);
	json_states(f, "ignored", rp, CLS_IGNORED);
	fputs("  \"ignore_values\": [", f);
	for (i = 0; i < o->nignore; i++)
		fprintf(f, "%s%lld", i ? ", " : "", (long long)o->ignore[i]);
	fputs("],\n", f);
	emit_skipped(f, "skipped", rp, 0);
	fputs("}\n", f);
}

static void
emit_csv(FILE *f, const struct report *rp)
{
	const struct totals *t = rp->t;
	const struct wresult *r = rp->r;
	char s[64], q[64], w[64];

	fputs("class,pixels,images,image_pixels,share,frequency,weight", f);
	fputs(rp->o->nnames > 0 ? ",name\n" : "\n", f);
	for (size_t c = 0; c < t->n; c++) {
		emit_double(s, sizeof(s), r->share[c], -1);
		emit_double(q, sizeof(q), r->freq[c], -1);
		emit_double(w, sizeof(w), r->weight[c], rp->o->precision);
		fprintf(f, "%zu,%llu,%llu,%llu,%s,%s,%s", c,
		    (unsigned long long)t->P[c], (unsigned long long)t->I[c],
		    (unsigned long long)t->T[c], s, q, w);
		if (rp->o->nnames > 0)
			csv_field(f, class_name(rp->o, c));
		putc('\n', f);
	}
}

/* The width of the name column of -f table: 0 without names, else
 * the longest name, at most 24 columns. */
static int
table_name_width(const struct report *rp)
{
	size_t c, len, w = 0;

	if (rp->o->nnames == 0)
		return 0;
	for (c = 0; c < rp->t->n; c++)
		if ((len = strlen(class_name(rp->o, c))) > w)
			w = len;
	return w < 4 ? 4 : w > 24 ? 24 : (int)w;
}

/* A name in a column of width w: cut to fit, control bytes as '?'. */
static void
table_name(FILE *f, const char *s, int w)
{
	int i;

	for (i = 0; i < w && s[i] != '\0'; i++)
		putc(
		    (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i], f);
	fprintf(f, "%*s", w - i + 1, "");
}

static void
emit_table(FILE *f, const struct report *rp)
{
	const struct totals *t = rp->t;
	const struct wresult *r = rp->r;
	char w[64];
	int bar, i;

	int nw = table_name_width(rp);

	fprintf(f, "%5s ", "class");
	if (nw > 0)
		fprintf(f, "%-*s ", nw, "name");
	fprintf(f, "%15s %10s %8s %12s  %s\n", "pixels", "images", "share",
	    "weight", "share of counted pixels");
	for (size_t c = 0; c < t->n; c++) {
		emit_double(w, sizeof(w), r->weight[c],
		    rp->o->precision >= 0 ? rp->o->precision : 6);
		fprintf(f, "%5zu ", c);
		if (nw > 0)
			table_name(f, class_name(rp->o, c), nw);
		fprintf(f, "%15llu %10llu %7.2f%% %12s  ",
		    (unsigned long long)t->P[c], (unsigned long long)t->I[c],
		    100 * r->share[c], w);
		if (r->state[c] == CLS_IGNORED) {
			fputs("(ignored)\n", f);
			continue;
		}
		if (r->state[c] == CLS_ABSENT) {
			fputs("(absent)\n", f);
			continue;
		}
		bar = (int)lround(r->share[c] * 40);
		for (i = 0; i < bar; i++)
			putc('#', f);
		putc('\n', f);
	}
	fprintf(
	    f, "%llu images, median frequency ", (unsigned long long)t->images);
	emit_double(w, sizeof(w), r->median, 6);
	fprintf(f,
	    "%s, %llu pixels ignored, %llu nodata, %zu files "
	    "skipped\n",
	    w, (unsigned long long)t->px_ignored,
	    (unsigned long long)t->px_nodata, rp->nskipped);
}

void
emit_json_path(FILE *f, const char *path)
{
	size_t j;

	fputs("\"path\": ", f);
	if (emit_json_string(f, path)) {
		fputs(", \"path_hex\": \"", f);
		for (j = 0; path[j] != '\0'; j++)
			fprintf(f, "%02x", (unsigned char)path[j]);
		putc('"', f);
	}
}

void
emit_skipped(FILE *f, const char *key, const struct report *rp, int with_index)
{
	size_t i;

	fprintf(f, "  \"%s\": [", key);
	for (i = 0; i < rp->nskipped; i++) {
		const struct skip *s = &rp->skipped[i];

		fputs(i ? ",\n    {" : "\n    {", f);
		if (with_index)
			fprintf(f, "\"index\": %zu, ", s->index);
		emit_json_path(f, s->path);
		fputs(", \"reason\": ", f);
		emit_json_string(f, s->reason);
		putc('}', f);
	}
	fputs(rp->nskipped ? "\n  ]\n" : "]\n", f);
}

char *
emit_perimg_line(const char *path, size_t index, const struct rules *r,
    const struct tally *t)
{
	const struct fhist *h = t->h;
	char *buf = NULL;
	size_t len = 0;
	int64_t v;
	int first = 1;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		fatal_sys("open_memstream");
	putc('{', f);
	emit_json_path(f, path);
	fprintf(f,
	    ", \"index\": %zu, \"width\": %lu, \"height\": %lu, "
	    "\"pixels_ignored\": "
	    "%llu, \"pixels_nodata\": %llu, \"counts\": {",
	    index, (unsigned long)h->width, (unsigned long)h->height,
	    (unsigned long long)t->ignored, (unsigned long long)t->nodata);
	for (v = 0; v <= t->maxlabel; v++) {
		if (h->dense[v] == 0 || rules_ignored(r, v) ||
		    (t->ndon && h->nodata == v))
			continue;
		fprintf(f, "%s\"%lld\": %llu", first ? "" : ", ", (long long)v,
		    (unsigned long long)h->dense[v]);
		first = 0;
	}
	fputs("}}\n", f);
	if (fclose(f) != 0)
		fatal_sys("open_memstream");
	return buf;
}

int
emit_report(FILE *f, const struct report *rp)
{
	switch (rp->o->format) {
	case FMT_JSON:
		emit_json(f, rp);
		break;
	case FMT_CSV:
		emit_csv(f, rp);
		break;
	case FMT_LIST:
		json_doubles(
		    f, NULL, rp->r->weight, rp->t->n, rp->o->precision);
		putc('\n', f);
		break;
	case FMT_TABLE:
		emit_table(f, rp);
		break;
	case FMT_COUNTS:
		counts_write(f, rp);
		break;
	}
	if (ferror(f)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
