/*
 * plot.c: --plot FILE.svg (plot.h).  One row per class and three panels:
 * the class's share of the counted pixels on a log axis (a class of 0.01%
 * stays visible beside one of 70%), the share of the images that contain
 * it and its weight, both linear; each row carries a tooltip with the
 * exact counts.  The SVG text is written here by hand: it is a few kinds
 * of element, and a library would be a dependency for no gain.
 *
 * Same counts, same bytes: no date, no path, coordinates and numbers
 * printed with fixed formats in the C locale (mfweights never calls
 * setlocale), classes in id order.
 */
#include <math.h>
#include <string.h>

#include "enums.h"
#include "plot.h"
#include "util.h"

/* The canvas: 1000 px wide, the label column then three panels, each a
 * bar area followed by the value as text. */
#define W            1000
#define ROW          20  /* row height */
#define TOP          100 /* first row */
#define ID_X         46  /* right edge of the class id */
#define NAME_X       54  /* left edge of the class name */
#define NAME_MAX     20  /* characters of a name shown; the tooltip has all */
#define A_X          210 /* share of pixels, log axis */
#define A_W          280
#define B_X          580 /* share of images, linear */
#define B_W          140
#define C_X          800 /* weight, linear */
#define C_W          130
#define VAL_GAP      6
/* Past this many classes only the classes that occur get a row: 65536
 * rows of absent classes (a 16-bit mask set) help nobody. */
#define ALL_ROWS_MAX 1024

/* x as SVG text: one decimal, never "-0.0". */
static void
px(FILE *f, double x)
{
	if (!(x > 0.05) && !(x < -0.05))
		x = 0;
	fprintf(f, "%.1f", x);
}

/* x with sig significant digits, exponents without padding ("1.2e-7"). */
static void
num_g(char *buf, size_t n, double x, int sig)
{
	char *e, *d;

	snprintf(buf, n, "%.*g", sig, x);
	if ((e = strchr(buf, 'e')) == NULL)
		return;
	d = e + 1;
	if (*d == '+')
		memmove(d, d + 1, strlen(d));
	else if (*d == '-')
		d++;
	while (d[0] == '0' && d[1] != '\0')
		memmove(d, d + 1, strlen(d));
}

/* The characters of s, an invalid UTF-8 byte counting as one. */
static size_t
nchars(const unsigned char *p, size_t len)
{
	size_t i = 0, n = 0, k;

	for (; i < len; i += k ? k : 1, n++)
		k = utf8_seqlen(p + i, len - i);
	return n;
}

/*
 * Write s as XML character data: markup characters escaped, invalid UTF-8
 * and the characters XML 1.0 forbids (controls, U+FFFE, U+FFFF) as
 * U+FFFD, so that any name gives a well-formed file.  With max > 0, a
 * text of more than max characters is cut to max - 1 and an ellipsis.
 */
static void
xml_text(FILE *f, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, k, left = (size_t)-1;

	if (max > 0 && nchars(p, len) > max)
		left = max - 1;
	for (; i < len && left > 0; i += k ? k : 1, left--) {
		k = utf8_seqlen(p + i, len - i);
		if (k == 0 ||
		    (k == 3 && p[i] == 0xef && p[i + 1] == 0xbf &&
			p[i + 2] >= 0xbe))
			fputs("\xef\xbf\xbd", f);
		else if (k > 1)
			fwrite(p + i, 1, k, f);
		else if (p[i] == '&')
			fputs("&amp;", f);
		else if (p[i] == '<')
			fputs("&lt;", f);
		else if (p[i] == '>')
			fputs("&gt;", f);
		else if (p[i] == '"')
			fputs("&quot;", f);
		else if (p[i] < 0x20 || p[i] == 0x7f)
			fputs("\xef\xbf\xbd", f);
		else
			putc(p[i], f);
	}
	if (i < len)
		fputs("\xe2\x80\xa6", f);
}

/* A share as a percentage: "70.1%", "0.0123%", "1.5e-7%". */
static void
pct(char *buf, size_t n, double share)
{
	num_g(buf, n, 100 * share, 3);
	strncat(buf, "%", n - strlen(buf) - 1);
}

/* 10^e as a tick label: "100", "1", "0.01", "1e-5", "1e4", then unit. */
static void
decade_label(char *buf, size_t n, int e, const char *unit)
{
	if (e >= 0 && e <= 3)
		snprintf(buf, n, "1%.*s%s", e, "000", unit);
	else if (e < 0 && e >= -3)
		snprintf(buf, n, "0.%.*s1%s", -e - 1, "00", unit);
	else
		snprintf(buf, n, "1e%d%s", e, unit);
}

/* The smallest of 1, 2, 5 times a power of ten that is >= x (> 0). */
static double
nice_ceil(double x)
{
	double p = pow(10, floor(log10(x)));

	if (x <= p * 1.0000001)
		return p;
	if (x <= 2 * p * 1.0000001)
		return 2 * p;
	if (x <= 5 * p * 1.0000001)
		return 5 * p;
	return 10 * p;
}

/*
 * A panel's axis, left to right from x over w pixels: linear from 0 to
 * max, or (log) from 10^lo to 10^hi with a label every step-th decade.
 */
struct axis {
	int x, w;
	int log;
	int lo, hi, step;
	double max;
};

static void
axis_log(struct axis *a, double min, double max)
{
	double dpx;

	a->log = 1;
	a->lo = (int)floor(log10(min));
	a->hi = (int)ceil(log10(max));
	if (a->hi <= a->lo)
		a->hi = a->lo + 1;
	/* Labels about 45 px apart at least. */
	dpx = (double)a->w / (a->hi - a->lo);
	a->step = dpx >= 45 ? 1 : (int)ceil(45 / dpx);
}

/* The length of v's bar; a positive value on a log axis gets at least 2
 * px, so that the rarest class is never drawn as nothing. */
static double
axis_len(const struct axis *a, double v)
{
	double l;

	if (!(v > 0))
		return 0;
	if (!a->log)
		l = v / a->max * a->w;
	else
		l = (log10(v) - a->lo) / (a->hi - a->lo) * a->w;
	return l < 2 && a->log ? 2 : l > a->w ? a->w : l;
}

struct layout {
	struct axis share, images, weight;
	size_t nrows; /* rows drawn */
	int all;      /* every class has a row */
};

static int
drawn(const struct report *rp, const struct layout *ly, size_t c)
{
	return ly->all || rp->r->state[c] == CLS_COUNTED;
}

/*
 * Shares on a log axis from the decade of the rarest class to 100%.
 * Weights on a linear axis, unless the counted classes' weights are more
 * than 100 times apart: then most bars would be a hairline beside the
 * largest, and the axis is log too.
 */
static void
find_layout(const struct report *rp, struct layout *ly)
{
	const struct wresult *r = rp->r;
	double smin = 1, wmin = 0, wmax = 0;
	size_t c;

	ly->all = rp->t->n <= ALL_ROWS_MAX;
	ly->nrows = 0;
	for (c = 0; c < rp->t->n; c++) {
		ly->nrows += drawn(rp, ly, c);
		if (r->state[c] != CLS_COUNTED)
			continue;
		if (r->share[c] > 0 && r->share[c] < smin)
			smin = r->share[c];
		if (r->weight[c] > 0 && (wmin == 0 || r->weight[c] < wmin))
			wmin = r->weight[c];
		if (r->weight[c] > wmax)
			wmax = r->weight[c];
	}
	ly->share = (struct axis){.x = A_X, .w = A_W};
	axis_log(&ly->share, smin < 0.1 ? smin : 0.1, 1);
	ly->images = (struct axis){.x = B_X, .w = B_W, .max = 1};
	ly->weight = (struct axis){.x = C_X, .w = C_W};
	if (wmin > 0 && wmax / wmin > 100)
		axis_log(&ly->weight, wmin, wmax);
	else
		ly->weight.max = wmax > 0 ? nice_ceil(wmax) : 1;
}

/* A vertical grid line at x over the rows, and its label above them. */
static void
tick(FILE *f, double x, size_t bottom, const char *label)
{
	fputs("<line class=\"g\" x1=\"", f);
	px(f, x);
	fputs("\" x2=\"", f);
	px(f, x);
	fprintf(f, "\" y1=\"%d\" y2=\"%zu\"/>\n", TOP - 4, bottom);
	if (label == NULL)
		return;
	fputs("<text class=\"k\" x=\"", f);
	px(f, x);
	fprintf(f, "\" y=\"92\">%s</text>\n", label);
}

/* unit: "%" for shares (the values are scaled by 100), "" for weights. */
static void
ticks(FILE *f, const struct axis *a, size_t bottom, const char *unit)
{
	int pct = *unit == '%', e;
	char b[64];

	if (!a->log) {
		for (e = 0; e <= 2; e++) {
			num_g(
			    b, sizeof(b), (pct ? 100 : 1) * a->max * e / 2, 3);
			strcat(b, unit);
			tick(f, a->x + a->w * e / 2.0, bottom, b);
		}
		return;
	}
	for (e = a->lo; e <= a->hi; e++) {
		decade_label(b, sizeof(b), e + 2 * pct, unit);
		tick(f, a->x + (double)(e - a->lo) / (a->hi - a->lo) * a->w,
		    bottom, (a->hi - e) % a->step == 0 ? b : NULL);
	}
}

static void
header(FILE *f, const struct report *rp, const struct layout *ly, int h)
{
	const struct totals *t = rp->t;
	const struct mfw_opts *o = rp->o;
	uint64_t counted = t->px_total - t->px_ignored - t->px_nodata;
	size_t bottom = TOP + ly->nrows * ROW;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\">\n",
	    W, h, W, h);
	fputs("<title>mfweights: class balance</title>\n"
	      "<style>\n"
	      "text{font:12px sans-serif;fill:#222}\n"
	      ".h{font-weight:bold}\n"
	      ".t{font-size:16px;font-weight:bold}\n"
	      ".d{fill:#777}\n"
	      ".k{font-size:11px;fill:#777;text-anchor:middle}\n"
	      ".r{text-anchor:end}\n"
	      ".g{stroke:#ddd;stroke-width:1}\n"
	      ".one{stroke:#999;stroke-width:1;stroke-dasharray:3 3}\n"
	      ".z{fill:#f2f2f2}\n"
	      ".a{fill:#4c72b0}\n"
	      ".b{fill:#55a868}\n"
	      ".c{fill:#c44e52}\n"
	      "</style>\n",
	    f);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", W, h);
	fprintf(f,
	    "<text class=\"t\" x=\"10\" y=\"26\">Class balance of %llu "
	    "image%s</text>\n",
	    (unsigned long long)t->images, t->images == 1 ? "" : "s");
	fprintf(f,
	    "<text class=\"d\" x=\"10\" y=\"46\">%zu classes; %llu pixels "
	    "counted, %llu ignored, %llu nodata; %zu file%s skipped; "
	    "weights: %s</text>\n",
	    t->n, (unsigned long long)counted,
	    (unsigned long long)t->px_ignored, (unsigned long long)t->px_nodata,
	    rp->nskipped, rp->nskipped == 1 ? "" : "s",
	    method_names[o->method]);
	fprintf(f,
	    "<text class=\"h\" x=\"10\" y=\"74\">class</text>\n"
	    "<text class=\"h\" x=\"%d\" y=\"74\">share of counted pixels "
	    "(log)</text>\n"
	    "<text class=\"h\" x=\"%d\" y=\"74\">images containing it</text>\n"
	    "<text class=\"h\" x=\"%d\" y=\"74\">weight%s</text>\n",
	    A_X, B_X, C_X, ly->weight.log ? " (log)" : "");
	ticks(f, &ly->share, bottom, "%");
	ticks(f, &ly->images, bottom, "%");
	ticks(f, &ly->weight, bottom, "");
	/* A dashed line at weight 1, the median class's weight. */
	if (ly->weight.log ? ly->weight.lo <= 0 && ly->weight.hi >= 0
			   : ly->weight.max >= 1) {
		double x = C_X + axis_len(&ly->weight, 1);

		fputs("<line class=\"one\" x1=\"", f);
		px(f, x);
		fputs("\" x2=\"", f);
		px(f, x);
		fprintf(f, "\" y1=\"%d\" y2=\"%zu\"/>\n", TOP - 4, bottom);
	}
}

/* One bar and its value as text after it. */
static void
bar(FILE *f, const struct axis *a, const char *cls, size_t y, double v,
    const char *text)
{
	double l = axis_len(a, v);

	fprintf(f, "<rect class=\"%s\" x=\"%d\" y=\"%zu\" width=\"", cls, a->x,
	    y + 4);
	px(f, l);
	fputs("\" height=\"12\"/>\n<text x=\"", f);
	px(f, a->x + l + VAL_GAP);
	fprintf(f, "\" y=\"%zu\">%s</text>\n", y + 14, text);
}

static void
row(FILE *f, const struct report *rp, const struct layout *ly, size_t c,
    size_t i)
{
	const struct totals *t = rp->t;
	const struct wresult *r = rp->r;
	const struct mfw_opts *o = rp->o;
	const char *name =
	    c < o->nnames && o->names[c] != NULL ? o->names[c] : "";
	size_t y = TOP + i * ROW;
	double imgs = t->images ? (double)t->I[c] / (double)t->images : 0;
	char b[64];

	fprintf(f, "<g>\n<title>class %zu", c);
	if (*name != '\0') {
		fputs(" (", f);
		xml_text(f, name, 0);
		putc(')', f);
	}
	if (r->state[c] == CLS_IGNORED) {
		fputs(": an --ignore value, weight 0", f);
	} else {
		fprintf(f, ": %llu pixels (", (unsigned long long)t->P[c]);
		num_g(b, sizeof(b), 100 * r->share[c], 4);
		fprintf(f, "%s%% of counted), in %llu of %llu images, weight ",
		    b, (unsigned long long)t->I[c],
		    (unsigned long long)t->images);
		emit_double(b, sizeof(b), r->weight[c], -1);
		fputs(b, f);
	}
	fputs("</title>\n", f);
	if (i % 2 == 1)
		fprintf(f,
		    "<rect class=\"z\" x=\"0\" y=\"%zu\" width=\"%d\" "
		    "height=\"%d\"/>\n",
		    y, W, ROW);
	fprintf(f, "<text class=\"r\" x=\"%d\" y=\"%zu\">%zu</text>\n", ID_X,
	    y + 14, c);
	if (*name != '\0') {
		fprintf(f, "<text x=\"%d\" y=\"%zu\">", NAME_X, y + 14);
		xml_text(f, name, NAME_MAX);
		fputs("</text>\n", f);
	}
	if (r->state[c] != CLS_COUNTED) {
		fprintf(f, "<text class=\"d\" x=\"%d\" y=\"%zu\">%s</text>\n",
		    A_X + VAL_GAP, y + 14,
		    r->state[c] == CLS_IGNORED ? "ignored" : "absent");
		fprintf(f, "<text class=\"d\" x=\"%d\" y=\"%zu\">0</text>\n",
		    C_X + VAL_GAP, y + 14);
		fputs("</g>\n", f);
		return;
	}
	pct(b, sizeof(b), r->share[c]);
	bar(f, &ly->share, "a", y, r->share[c], b);
	pct(b, sizeof(b), imgs);
	bar(f, &ly->images, "b", y, imgs, b);
	num_g(b, sizeof(b), r->weight[c], 3);
	bar(f, &ly->weight, "c", y, r->weight[c], b);
	fputs("</g>\n", f);
}

int
plot_svg(FILE *f, const struct report *rp)
{
	struct layout ly;
	size_t c, i, bottom;

	find_layout(rp, &ly);
	bottom = TOP + ly.nrows * ROW;
	header(f, rp, &ly, (int)bottom + 36);
	for (c = 0, i = 0; c < rp->t->n; c++)
		if (drawn(rp, &ly, c))
			row(f, rp, &ly, c, i++);
	fprintf(f, "<text class=\"d\" x=\"10\" y=\"%zu\">", bottom + 24);
	if (!ly.all)
		fprintf(f, "%zu absent or ignored classes have no row. ",
		    rp->t->n - ly.nrows);
	fputs("Share: the class&#8217;s pixels over all counted pixels. "
	      "Images: the share of images that contain it. "
	      "Dashed: weight 1.</text>\n</svg>\n",
	    f);
	return ferror(f) ? -1 : 0;
}
