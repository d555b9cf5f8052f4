/*
 * report.c: totals -> weights -> text -> output (report.h).  Used by the
 * run (run.c) and by `mfweights merge` (merge.c), which must print the
 * same bytes for the same counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "output.h"
#include "plot.h"
#include "report.h"
#include "util.h"

/* Print classes with a given state as one notice line, runs of
 * neighbours as ranges ("3, 5..9, 12"), cut short after a few. */
static void
list_classes(
    const struct wresult *res, size_t n, enum cstate want, const char *what)
{
	char buf[512];
	size_t c, e, o = 0, k = 0, runs = 0;

	for (c = 0; c < n; c = e) {
		if (res->state[c] != want) {
			e = c + 1;
			continue;
		}
		for (e = c + 1; e < n && res->state[e] == want; e++)
			;
		k += e - c;
		if (runs++ == 12) {
			o +=
			    (size_t)snprintf(buf + o, sizeof(buf) - o, ", ...");
			continue;
		}
		if (runs > 12)
			continue;
		if (e - c == 1)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%zu",
			    runs > 1 ? ", " : "", c);
		else
			o += (size_t)snprintf(buf + o, sizeof(buf) - o,
			    "%s%zu%s%zu", runs > 1 ? ", " : "", c,
			    e - c == 2 ? ", " : "..", e - 1);
	}
	if (k > 0)
		msg_notice(
		    "class%s %s %s: weight 0", k == 1 ? "" : "es", buf, what);
}

/*
 * Without --classes, labels are classes up to this many: more are
 * instance ids, colour codes or depth maps far more often than classes
 * (ADE20K's full set, 3688 classes, is the largest common one; its
 * benchmark uses 150).  --classes N lifts it.
 */
#define INFER_MAX 1000

/* Too many classes inferred: the error, and 1. */
static int
infer_refused(const struct totals *t, int64_t maxlabel)
{
	size_t c, present = 0, below = 0;

	if (t->n <= INFER_MAX)
		return 0;
	for (c = 0; c < t->n; c++)
		if (t->P[c] > 0) {
			present++;
			if ((int64_t)c < maxlabel)
				below = c + 1;
		}
	if (below <= INFER_MAX)
		msg_err("no --classes given and the largest label is %lld, "
			"far above the others (0..%zu): if it is void or "
			"nodata, pass --ignore %lld; if it is a class, pass "
			"--classes %lld",
		    (long long)maxlabel, below > 0 ? below - 1 : 0,
		    (long long)maxlabel, (long long)maxlabel + 1);
	else
		msg_err("no --classes given and labels run up to %lld (%zu "
			"distinct values): instance ids or another kind of "
			"file, not class labels? Give only the label masks "
			"(--include), or pass --classes %lld to count each "
			"value as a class",
		    (long long)maxlabel, present, (long long)maxlabel + 1);
	return 1;
}

/*
 * Without --classes: name the classes found and, when the largest label
 * looks like void (255 or 65535, or under a fifth of the pixels but in
 * nearly every image, as CamVid's void 11), say how to leave it out.
 */
static void
infer_notice(const struct totals *t, int64_t maxlabel)
{
	uint64_t all = 0, top;
	size_t c, below = 0;
	int voidlike;

	if (maxlabel < 0 || (size_t)maxlabel >= t->n)
		return;
	for (c = 0; c < t->n; c++)
		all += t->P[c];
	top = t->P[maxlabel];
	for (c = (size_t)maxlabel; c-- > 0;)
		if (t->P[c] > 0) {
			below = c + 1;
			break;
		}
	voidlike = maxlabel >= 2 &&
	    (maxlabel == 255 || maxlabel == 65535 ||
		(t->images >= 4 && t->I[maxlabel] * 10 >= t->images * 9 &&
		    top * 5 < all));
	if (!voidlike) {
		msg_notice("no --classes given: %zu classes, labels 0..%lld as "
			   "found (pass --classes N if there are more)",
		    t->n, (long long)maxlabel);
		return;
	}
	msg_notice("no --classes given: %zu classes, labels 0..%lld; label "
		   "%lld (in %llu of %llu images) looks like void: if it is, "
		   "pass --ignore %lld --classes %zu",
	    t->n, (long long)maxlabel, (long long)maxlabel,
	    (unsigned long long)t->I[maxlabel], (unsigned long long)t->images,
	    (long long)maxlabel, below);
}

int
report_write(const struct mfw_opts *o, const struct totals *t,
    const struct skip *skipped, size_t nskipped, int classes_given,
    int64_t maxlabel, const struct prov *prov, const char *partial)
{
	struct wresult res;
	struct wparams wp;
	struct report rp;
	char *buf = NULL;
	size_t len = 0, k;
	FILE *mf;
	int rc;

	memset(&res, 0, sizeof(res));
	rc = msg_status();
	if (rc >= MFW_SYSERR)
		return rc;
	if (nskipped > 0 && !o->keep_going) {
		msg_err("%zu bad file%s: no weights printed (--keep-going "
			"skips bad files)",
		    nskipped, nskipped == 1 ? "" : "s");
		return MFW_BADINPUT;
	}
	/* A counts document with no image is still a valid part: a shard
	 * past the end of the list, or one whose files were all skipped.
	 * The merge decides. */
	if (t->images == 0 && o->format != FMT_COUNTS) {
		msg_err(nskipped > 0 ? "no mask could be counted"
				     : "no mask files found");
		return MFW_BADINPUT;
	}
	/* --names: one name per class; without --classes the count is
	 * known only now. */
	if (o->names_file != NULL && o->nnames != t->n &&
	    o->format != FMT_COUNTS) {
		msg_err("--names: %s: %zu name%s for %zu classes%s: give one "
			"name per class",
		    o->names_file, o->nnames, o->nnames == 1 ? "" : "s", t->n,
		    classes_given ? ""
				  : " (inferred from the largest label; "
				    "or pass --classes N)");
		return MFW_USAGE;
	}
	if (o->format != FMT_COUNTS) {
		if (!classes_given && infer_refused(t, maxlabel))
			return MFW_BADINPUT;
		if (!classes_given)
			infer_notice(t, maxlabel);
		wp = (struct wparams){o->method, o->normalize, o->enet_k,
		    o->beta, o->clip, o->clip_min, o->clip_max, o->ignore,
		    o->nignore};
		k = t->n > 0 ? weights_compute(t, &wp, &res) : 0;
		if (k == 0) {
			msg_err("every pixel is ignored or nodata: no weights");
			weights_free(&res);
			return MFW_BADINPUT;
		}
		list_classes(&res, t->n, CLS_ABSENT, "absent from every image");
	}
	rp = (struct report){
	    o, t, &res, skipped, nskipped, classes_given, prov, partial};
	/* The picture first: when it cannot be written, neither is the
	 * report, as with any failed run. */
	if (o->plot != NULL && o->format != FMT_COUNTS) {
		if ((mf = open_memstream(&buf, &len)) == NULL)
			fatal_sys("open_memstream");
		if (plot_svg(mf, &rp) != 0 || fclose(mf) != 0)
			fatal_sys("plot buffer");
		rc = output_write(o->plot, buf, len);
		free(buf);
		buf = NULL;
		if (rc != 0) {
			weights_free(&res);
			msg_level(MFW_SYSERR);
			return msg_status();
		}
	}
	if ((mf = open_memstream(&buf, &len)) == NULL)
		fatal_sys("open_memstream");
	if (emit_report(mf, &rp) != 0 || fclose(mf) != 0)
		fatal_sys("output buffer");
	if (output_write(o->output, buf, len) != 0)
		msg_level(MFW_SYSERR);
	free(buf);
	weights_free(&res);
	return msg_status();
}
