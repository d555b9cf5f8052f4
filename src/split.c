/*
 * split.c: `mfweights split` (split.h).
 *
 * Three passes over the records (records.c): the first sums and checks
 * them (against the counts documents, if given); the second loads each
 * image's classes and pixels, compactly (a class id and a count per
 * class present, no paths), for stratify.c, which needs them all at
 * once; the third writes each path to its part's list, in walk order.
 * The lists are written atomically (output.c) and put in place only
 * once the report is ready; nothing is written when the run fails.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "msg.h"
#include "output.h"
#include "records.h"
#include "split.h"
#include "stratify.h"
#include "util.h"

/* What the split gives, per part. */
struct pstat {
	uint64_t images, pixels;
	uint64_t *I, *P; /* per class */
	double maxdev;   /* largest |image share of a class - ratio| */
};

struct split {
	const struct mfw_opts *o;
	size_t n;        /* classes */
	uint64_t nimg;   /* images */
	uint64_t *I, *P; /* totals per class */
	uint64_t pixels;
	double *ratio; /* scaled to sum to 1 */
	struct pstat *ps;
	char **lists; /* the list file of each part */
};

/* Pass 1: sums, classes and paths checked. */
static int
sums(struct split *sp, struct rec_in *in, const struct rec_inputs *ri,
    size_t *pairs)
{
	struct rec r;
	uint64_t ignored = 0, nodata = 0;
	size_t k, maxc = 0;
	int got, rc = 0;

	memset(&r, 0, sizeof(r));
	*pairs = 0;
	if (rec_rewind(in) != 0)
		return MFW_BADINPUT;
	while ((got = rec_next(in, &r)) > 0) {
		if (!sp->o->null_sep && strchr(r.path, '\n') != NULL &&
		    rc == 0) {
			msg_file(r.path,
			    "holds a line break, which a list of one path a "
			    "line cannot carry: pass -0 (NUL-separated lists, "
			    "read back with --files-from and -0)");
			rc = MFW_BADINPUT;
		}
		for (k = 0; k < r.n; k++) {
			sp->I[r.v[k].c]++;
			sp->P[r.v[k].c] += r.v[k].n;
			sp->pixels += r.v[k].n;
			if (r.v[k].c + 1 > maxc)
				maxc = r.v[k].c + 1;
		}
		*pairs += r.n;
		ignored += r.ignored;
		nodata += r.nodata;
	}
	sp->nimg = rec_count(in);
	rec_free(&r);
	if (got < 0)
		return msg_status() > MFW_BADINPUT ? msg_status()
						   : MFW_BADINPUT;
	if (rc != 0)
		return rc;
	if (sp->n == 0)
		sp->n = maxc;
	else if (maxc > sp->n) {
		msg_err("the per-image lines hold class %zu, but there are %zu "
			"classes (--classes or the counts documents)",
		    maxc - 1, sp->n);
		return MFW_BADINPUT;
	}
	if (ri->have_counts &&
	    rec_inputs_check(
		ri, sp->nimg, sp->P, sp->I, maxc, ignored, nodata) != 0)
		return MFW_BADINPUT;
	if (sp->nimg == 0) {
		msg_err("no image to split: the per-image lines are empty");
		return MFW_BADINPUT;
	}
	return 0;
}

/* Pass 2: the records in memory for stratify.c, then the split. */
static int
assign(struct split *sp, struct rec_in *in, size_t pairs, unsigned char *part)
{
	struct strat_in si;
	struct rec r;
	size_t *off = xcalloc(sp->nimg + 1, sizeof(size_t)), i = 0, k, q = 0;
	uint16_t *cls = xcalloc(pairs + 1, sizeof(uint16_t));
	uint64_t *px = xcalloc(pairs + 1, sizeof(uint64_t));
	int got;

	memset(&r, 0, sizeof(r));
	if (rec_rewind(in) != 0) {
		got = -1;
		goto out;
	}
	while ((got = rec_next(in, &r)) > 0) {
		if (i == sp->nimg || q + r.n > pairs) {
			got = -2;
			break;
		}
		for (k = 0; k < r.n; k++, q++) {
			cls[q] = (uint16_t)r.v[k].c;
			px[q] = r.v[k].n;
		}
		off[++i] = q;
	}
	if (got == 0 && i != sp->nimg)
		got = -2;
	if (got == -2)
		msg_err("the per-image lines changed while they were read");
	if (got != 0)
		goto out;
	si = (struct strat_in){(size_t)sp->nimg, sp->n, sp->o->nparts, off, cls,
	    px, sp->ratio, sp->o->seed};
	strat_run(&si, part);
out:
	rec_free(&r);
	free(off);
	free(cls);
	free(px);
	return got == 0 ? 0 : MFW_BADINPUT;
}

/* Pass 3: each path to its part's list, and the part's sums. */
static int
lists(struct split *sp, struct rec_in *in, const unsigned char *part,
    struct outfile **out)
{
	struct rec r;
	uint64_t i = 0;
	size_t k;
	int got, sep = sp->o->null_sep ? '\0' : '\n';

	memset(&r, 0, sizeof(r));
	if (rec_rewind(in) != 0)
		return MFW_BADINPUT;
	while ((got = rec_next(in, &r)) > 0 && i < sp->nimg) {
		struct pstat *p = &sp->ps[part[i++]];
		FILE *f = output_stream(out[part[i - 1]]);

		fputs(r.path, f);
		putc(sep, f);
		p->images++;
		for (k = 0; k < r.n; k++) {
			p->I[r.v[k].c]++;
			p->P[r.v[k].c] += r.v[k].n;
			p->pixels += r.v[k].n;
		}
	}
	rec_free(&r);
	if (got < 0 || i != sp->nimg) {
		if (got >= 0)
			msg_err("the per-image lines changed while they were "
				"read");
		return MFW_BADINPUT;
	}
	return 0;
}

static double
share(uint64_t a, uint64_t b)
{
	return b > 0 ? (double)a / (double)b : 0;
}

static void
json_u64s(FILE *f, const char *key, const uint64_t *v, size_t n, int last)
{
	fprintf(f, "\"%s\": [", key);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)v[i]);
	fputs(last ? "]" : "], ", f);
}

static void
json_shares(
    FILE *f, const char *key, const uint64_t *a, const uint64_t *b, size_t n)
{
	char buf[64];

	fprintf(f, "\"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		emit_double(buf, sizeof(buf), share(a[i], b[i]), -1);
		fprintf(f, "%s%s", i ? ", " : "", buf);
	}
	fputs("], ", f);
}

static void
report_json(FILE *f, const struct split *sp)
{
	const struct mfw_opts *o = sp->o;
	char b[64];
	double worst = 0;
	size_t j;

	fprintf(f, "{\n  \"images\": %llu,\n  \"classes\": %zu,\n",
	    (unsigned long long)sp->nimg, sp->n);
	fprintf(f, "  \"seed\": %llu,\n", (unsigned long long)o->seed);
	fprintf(
	    f, "  \"pixels_counted\": %llu,\n", (unsigned long long)sp->pixels);
	if (o->nnames > 0) {
		fputs("  \"names\": [", f);
		for (j = 0; j < sp->n; j++) {
			fputs(j ? ", " : "", f);
			emit_json_string(
			    f, j < o->nnames && o->names[j] ? o->names[j] : "");
		}
		fputs("],\n", f);
	}
	fputs("  ", f);
	json_u64s(f, "images_with_class", sp->I, sp->n, 0);
	fputs("\n  ", f);
	json_u64s(f, "pixels", sp->P, sp->n, 1);
	fputs(",\n  \"parts\": [", f);
	for (j = 0; j < o->nparts; j++) {
		const struct pstat *p = &sp->ps[j];

		fputs(j ? ",\n    {" : "\n    {", f);
		fputs("\"name\": ", f);
		emit_json_string(f, o->parts[j].name);
		fputs(", \"list\": ", f);
		emit_json_string(f, sp->lists[j]);
		emit_double(b, sizeof(b), sp->ratio[j], -1);
		fprintf(f, ", \"ratio\": %s, \"images\": %llu, ", b,
		    (unsigned long long)p->images);
		emit_double(b, sizeof(b), share(p->images, sp->nimg), -1);
		fprintf(f, "\"image_share\": %s, \"pixels_counted\": %llu, ", b,
		    (unsigned long long)p->pixels);
		emit_double(b, sizeof(b), share(p->pixels, sp->pixels), -1);
		fprintf(f, "\"pixel_share\": %s, ", b);
		json_u64s(f, "images_with_class", p->I, sp->n, 0);
		json_shares(f, "class_image_share", p->I, sp->I, sp->n);
		json_u64s(f, "pixels", p->P, sp->n, 0);
		json_shares(f, "class_pixel_share", p->P, sp->P, sp->n);
		emit_double(b, sizeof(b), p->maxdev, -1);
		fprintf(f, "\"max_class_deviation\": %s}", b);
		worst = fmax(worst, p->maxdev);
	}
	emit_double(b, sizeof(b), worst, -1);
	fprintf(f, "\n  ],\n  \"max_class_deviation\": %s\n}\n", b);
}

static void
report_csv(FILE *f, const struct split *sp)
{
	char r[64], a[64], b[64];
	size_t j, c;

	fputs("part,class,ratio,images,image_share,pixels,pixel_share\n", f);
	for (j = 0; j < sp->o->nparts; j++)
		for (c = 0; c < sp->n; c++) {
			emit_double(r, sizeof(r), sp->ratio[j], -1);
			emit_double(
			    a, sizeof(a), share(sp->ps[j].I[c], sp->I[c]), -1);
			emit_double(
			    b, sizeof(b), share(sp->ps[j].P[c], sp->P[c]), -1);
			emit_csv_string(f, sp->o->parts[j].name);
			fprintf(f, ",%zu,%s,%llu,%s,%llu,%s\n", c, r,
			    (unsigned long long)sp->ps[j].I[c], a,
			    (unsigned long long)sp->ps[j].P[c], b);
		}
}

/* A person's view: each class's share of images (and pixels) per part. */
static void
report_table(FILE *f, const struct split *sp)
{
	const struct mfw_opts *o = sp->o;
	size_t j, c;

	fprintf(f, "%-5s %10s", "class", "images");
	for (j = 0; j < o->nparts; j++)
		fprintf(f, "  %15.15s", o->parts[j].name);
	fprintf(f, "\n%-5s %10llu", "all", (unsigned long long)sp->nimg);
	for (j = 0; j < o->nparts; j++)
		fprintf(f, "  %6.2f%% (%5.2f%%)",
		    100 * share(sp->ps[j].images, sp->nimg),
		    100 * sp->ratio[j]);
	putc('\n', f);
	for (c = 0; c < sp->n; c++) {
		fprintf(f, "%-5zu %10llu", c, (unsigned long long)sp->I[c]);
		for (j = 0; j < o->nparts; j++)
			fprintf(f, "  %6.2f%% %6.2f%%",
			    100 * share(sp->ps[j].I[c], sp->I[c]),
			    100 * share(sp->ps[j].P[c], sp->P[c]));
		putc('\n', f);
	}
	fputs("each part: share of the images (target in brackets); per "
	      "class: share of its images, then of its pixels\n",
	    f);
}

static int
finish(struct split *sp, struct outfile **out)
{
	const struct mfw_opts *o = sp->o;
	char *buf = NULL;
	size_t len = 0, j, c;
	FILE *mf;
	int rc = 0;

	for (j = 0; j < o->nparts; j++)
		for (c = 0; c < sp->n; c++)
			if (sp->I[c] > 0)
				sp->ps[j].maxdev = fmax(sp->ps[j].maxdev,
				    fabs(share(sp->ps[j].I[c], sp->I[c]) -
					sp->ratio[j]));
	if ((mf = open_memstream(&buf, &len)) == NULL)
		fatal_sys("open_memstream");
	if (o->format == FMT_CSV)
		report_csv(mf, sp);
	else if (o->format == FMT_TABLE)
		report_table(mf, sp);
	else
		report_json(mf, sp);
	if (fclose(mf) != 0)
		fatal_sys("output buffer");
	for (j = 0; j < o->nparts; j++) {
		if (rc == 0 && output_commit(out[j]) != 0)
			rc = MFW_SYSERR;
		else if (rc != 0)
			output_abort(out[j]);
		out[j] = NULL;
	}
	if (rc == 0 && output_write(o->output, buf, len) != 0)
		rc = MFW_SYSERR;
	free(buf);
	return rc;
}

int
mfw_split(const struct mfw_opts *o)
{
	struct split sp;
	struct rec_inputs ri;
	struct rec_in *in = NULL;
	struct outfile **out;
	unsigned char *part = NULL;
	double sum = 0;
	size_t j, pairs = 0;
	int rc;

	memset(&sp, 0, sizeof(sp));
	sp.o = o;
	sp.I = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	sp.P = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	sp.ratio = xcalloc(o->nparts, sizeof(double));
	sp.ps = xcalloc(o->nparts, sizeof(*sp.ps));
	sp.lists = xcalloc(o->nparts, sizeof(*sp.lists));
	out = xcalloc(o->nparts, sizeof(*out));
	for (j = 0; j < o->nparts; j++)
		sum += o->parts[j].ratio;
	for (j = 0; j < o->nparts; j++) {
		sp.ratio[j] = o->parts[j].ratio / sum;
		sp.lists[j] =
		    xmalloc(strlen(o->prefix) + strlen(o->parts[j].name) + 5);
		sprintf(sp.lists[j], "%s%s.txt", o->prefix, o->parts[j].name);
	}
	rc = rec_inputs_read(&ri, o->paths, o->npaths);
	if (rc == 0 && ri.nperimg == 0) {
		msg_err("split: no per-image file among the files given "
			"(write them with --per-image)");
		rc = MFW_USAGE;
	}
	if (rc != 0)
		goto out;
	if ((in = rec_open(ri.perimg, ri.nperimg)) == NULL) {
		rc = msg_status() ? msg_status() : MFW_SYSERR; /* its level */
		goto out;
	}
	sp.n = o->classes ? (size_t)o->classes : ri.have_counts ? ri.t.n : 0;
	if ((rc = sums(&sp, in, &ri, &pairs)) != 0)
		goto out;
	part = xcalloc(sp.nimg, 1);
	if ((rc = assign(&sp, in, pairs, part)) != 0)
		goto out;
	for (j = 0; j < o->nparts; j++) {
		sp.ps[j].I = xcalloc(sp.n + 1, sizeof(uint64_t));
		sp.ps[j].P = xcalloc(sp.n + 1, sizeof(uint64_t));
		if ((out[j] = output_open(sp.lists[j])) == NULL) {
			rc = MFW_SYSERR;
			goto out;
		}
	}
	if ((rc = lists(&sp, in, part, out)) != 0)
		goto out;
	rc = finish(&sp, out);
out:
	for (j = 0; j < o->nparts; j++) {
		output_abort(out[j]);
		free(sp.ps[j].I);
		free(sp.ps[j].P);
		free(sp.lists[j]);
	}
	free(out);
	free(part);
	rec_close(in);
	rec_inputs_free(&ri);
	free(sp.I);
	free(sp.P);
	free(sp.ratio);
	free(sp.ps);
	free(sp.lists);
	if (rc != 0)
		msg_level(rc);
	return msg_status() > rc ? msg_status() : rc;
}
