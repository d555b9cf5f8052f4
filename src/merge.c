/*
 * merge.c: `mfweights merge FILE...`: sum counts documents written by
 * `--format counts` (one per shard, task or machine) and print weights
 * as a single run over all of them would, byte for byte.
 *
 * The first document read whole is the reference: every other must
 * agree with it on what a count means (counts.c, counts_incompatible);
 * a part whose class count was inferred is padded to the largest.  Sums
 * are checked against what a counts document can hold.  Every bad part
 * is named, then nothing is printed; skipped files are listed in walk
 * order (their index), parts in the order given.  Documents are read by
 * counts.c, the report is report.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "counts.h"
#include "merge.h"
#include "msg.h"
#include "report.h"
#include "util.h"

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

int
mfw_merge(const struct mfw_opts *o)
{
	struct mfw_opts mo = *o;
	struct counts_params ref;
	struct counts_doc d;
	struct totals t;
	struct mskip *ms = NULL;
	struct skip *sk = NULL;
	const char *refpath = NULL, *bad;
	char why[256];
	size_t nms = 0, i, k;
	int rc = MFW_OK;

	memset(&t, 0, sizeof(t));
	memset(&ref, 0, sizeof(ref));
	t.P = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	t.I = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	t.T = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	for (i = 0; i < o->npaths; i++) {
		const char *path = o->paths[i];

		if (counts_read(path, &d, why, sizeof(why)) != 0) {
			msg_file(path, "%s", why);
			rc = MFW_BADINPUT;
			continue;
		}
		if (refpath == NULL) {
			refpath = path;
			ref = d.p;
			ref.ignore = xcalloc(d.p.nignore, sizeof(int64_t));
			if (d.p.nignore > 0)
				memcpy(ref.ignore, d.p.ignore,
				    d.p.nignore * sizeof(int64_t));
		} else if ((bad = counts_incompatible(&ref, &d.p)) != NULL) {
			msg_file(
			    path, "cannot be merged with %s: %s", refpath, bad);
			rc = MFW_BADINPUT;
			counts_free(&d);
			continue;
		}
		/* An overflowing sum is named before an inconsistency, so
		 * that a part whose counts are too large says so. */
		if (counts_add(&t, &d, why, sizeof(why)) != 0 ||
		    counts_check(&d, why, sizeof(why)) != 0) {
			msg_file(path, "%s", why);
			rc = MFW_BADINPUT;
			counts_free(&d);
			continue;
		}
		ms = xreallocarray(ms, nms + d.nskipped, sizeof(*ms));
		for (k = 0; k < d.nskipped; k++) {
			ms[nms++] = (struct mskip){d.skipped[k], i};
			d.skipped[k].path = d.skipped[k].reason = NULL;
		}
		counts_free(&d);
	}
	if (ref.classes_given)
		t.n = ref.classes;
	if (rc != MFW_OK) {
		msg_err("no weights printed: a counts document is unusable");
		goto out;
	}
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
	mo.ignore = ref.ignore;
	mo.nignore = ref.nignore;
	mo.dec.band = ref.band;
	mo.dec.no_nodata = !ref.nodata;
	mo.classes = ref.classes_given ? (long)t.n : 0;
	mo.keep_going = 1; /* parts with skips were --keep-going */
	if (nms > 0)       /* exit 1, as the single run did */
		msg_level(MFW_SKIPPED);
	rc =
	    report_write(&mo, &t, sk, nms, ref.classes_given, (int64_t)t.n - 1);
out:
	for (i = 0; i < nms; i++) {
		free(ms[i].s.path);
		free(ms[i].s.reason);
	}
	free(ms);
	free(sk);
	free(ref.ignore);
	free(t.P);
	free(t.I);
	free(t.T);
	return rc;
}
