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

/* Print classes with a given state as one notice line. */
static void
list_classes(
    const struct wresult *res, size_t n, enum cstate want, const char *what)
{
	char buf[1024];
	size_t c, o = 0, k = 0;

	for (c = 0; c < n; c++) {
		if (res->state[c] != want)
			continue;
		if (o < sizeof(buf) - 32)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%zu",
			    k ? ", " : "", c);
		else if (o < sizeof(buf) - 4)
			o +=
			    (size_t)snprintf(buf + o, sizeof(buf) - o, ", ...");
		k++;
	}
	if (k > 0)
		msg_notice(
		    "class%s %s %s: weight 0", k == 1 ? "" : "es", buf, what);
}

int
report_write(const struct mfw_opts *o, const struct totals *t,
    const struct skip *skipped, size_t nskipped, int classes_given,
    int64_t maxlabel)
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
		if (!classes_given)
			msg_notice("no --classes given: %zu classes (largest "
				   "label %lld)",
			    t->n, (long long)maxlabel);
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
	rp = (struct report){o, t, &res, skipped, nskipped, classes_given};
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
