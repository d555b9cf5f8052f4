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
 *
 * Provenance (prov.h): every part must be shards of the reference's
 * file list, cut with its N, counted under its options; no shard may be
 * held by two parts (one sweep over all ranges sorted by first shard);
 * weights need every shard of N unless --allow-partial.  The result
 * holds the union of the parts' shards ("whole" when complete), so a
 * merge written as counts is itself a part for the next level of a
 * tree of merges.  A version 1 document, without provenance, is taken
 * only alone.
 */
#include <stdlib.h>
#include <string.h>

#include "counts.h"
#include "merge.h"
#include "msg.h"
#include "prov.h"
#include "report.h"
#include "util.h"

/* A part read whole: its path and what it covers. */
struct mpart {
	const char *path;
	struct prov prov;
};

struct mskip {
	struct skip s;
	size_t part;
};

/* A range of shards and the part that holds it. */
struct mrange {
	struct shard_range r;
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

static int
cmpmrange(const void *a, const void *b)
{
	const struct mrange *x = a, *y = b;

	if (x->r.lo != y->r.lo)
		return x->r.lo < y->r.lo ? -1 : 1;
	return (x->part > y->part) - (x->part < y->part);
}

/*
 * Why part b cannot be merged with the reference a (the same list, cut
 * into as many shards, counted under the same options), or NULL.  The
 * reason goes into why.
 */
static const char *
prov_mismatch(const struct prov *a, const struct prov *b, char *why, size_t n)
{
	if (strcmp(a->list, b->list) != 0 || a->list_files != b->list_files)
		snprintf(why, n,
		    "a shard of another file list (%llu files, fingerprint "
		    "%s; not %llu files, %s): every shard must walk the same "
		    "paths, in the same order",
		    (unsigned long long)b->list_files, b->list,
		    (unsigned long long)a->list_files, a->list);
	else if (a->set.n != b->set.n && b->set.n == 1)
		snprintf(why, n,
		    "it counts the whole list, the other one shard of %lu",
		    (unsigned long)a->set.n);
	else if (a->set.n != b->set.n)
		snprintf(why, n,
		    "shards of %lu, not of %lu (--shard K/N): merge shards "
		    "cut with one N",
		    (unsigned long)b->set.n, (unsigned long)a->set.n);
	else if (strcmp(a->options, b->options) != 0)
		snprintf(why, n,
		    "counted with other options (--decoder, --max-pixels, "
		    "--allow-vrt, --map-default or --unknown-color): the "
		    "options fingerprints differ");
	else
		return NULL;
	return why;
}

static int
same_set(const struct shardset *a, const struct shardset *b)
{
	return a->nr == b->nr && memcmp(a->r, b->r, a->nr * sizeof(*a->r)) == 0;
}

/* "s" when a set string holds more than one shard. */
static const char *
plural(const char *set)
{
	return strpbrk(set, ",-") ? "s" : "";
}

/*
 * Name every part that holds a shard an earlier part holds too: the
 * same shards twice, or overlapping sets.  One sweep over the ranges
 * sorted by first shard; each part is named at most once.  Returns the
 * number of parts named.
 */
static size_t
overlaps(const struct mpart *p, size_t np)
{
	struct mrange *all;
	struct shardset common;
	char *cs, *ps;
	size_t n = 0, i, j, named = 0, owner = 0;
	uint32_t maxhi = 0;
	unsigned char *told = xcalloc(np ? np : 1, 1);

	for (i = 0; i < np; i++)
		n += p[i].prov.set.nr;
	all = xcalloc(n ? n : 1, sizeof(*all));
	for (i = n = 0; i < np; i++)
		for (j = 0; j < p[i].prov.set.nr; j++)
			all[n++] = (struct mrange){p[i].prov.set.r[j], i};
	qsort(all, n, sizeof(*all), cmpmrange);
	for (i = 0; i < n; i++) {
		size_t k = all[i].part;

		if (all[i].r.lo <= maxhi && !told[k]) {
			told[k] = 1;
			named++;
			shardset_common(
			    &p[owner].prov.set, &p[k].prov.set, &common);
			cs = shardset_str(&common);
			ps = shardset_str(&p[k].prov.set);
			if (same_set(&p[owner].prov.set, &p[k].prov.set))
				msg_file(p[k].path,
				    "the same shard%s as %s (%s): given "
				    "twice, it would be counted twice",
				    plural(ps), p[owner].path, ps);
			else
				msg_file(p[k].path,
				    "overlaps %s: both hold shard%s %s, which "
				    "would be counted twice",
				    p[owner].path, plural(cs), cs);
			free(cs);
			free(ps);
			shardset_free(&common);
		}
		if (all[i].r.hi > maxhi) {
			maxhi = all[i].r.hi;
			owner = k;
		}
	}
	free(all);
	free(told);
	return named;
}

int
mfw_merge(const struct mfw_opts *o)
{
	struct mfw_opts mo = *o;
	struct counts_params ref;
	struct counts_doc d;
	struct totals t;
	struct mpart *parts = NULL;
	struct mskip *ms = NULL;
	struct skip *sk = NULL;
	struct prov merged;
	struct shardset missing = {0, NULL, 0};
	const struct shardset **sets = NULL;
	const char *refpath = NULL, *bad;
	char why[512], *partial = NULL, *miss;
	size_t nms = 0, np = 0, i, k;
	int rc = MFW_OK;

	memset(&t, 0, sizeof(t));
	memset(&ref, 0, sizeof(ref));
	memset(&merged, 0, sizeof(merged));
	parts = xcalloc(o->npaths ? o->npaths : 1, sizeof(*parts));
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
		/* Without provenance nothing can be checked: alone only. */
		if (d.prov.set.n == 0 &&
		    (o->npaths > 1 || o->format == FMT_COUNTS)) {
			msg_file(path,
			    "a counts document of version 1, which does not "
			    "say which shard of which file list it holds: it "
			    "can be merged only alone, and not into a counts "
			    "document; count that part again with this "
			    "mfweights");
			rc = MFW_BADINPUT;
			counts_free(&d);
			continue;
		}
		if (d.prov.set.n == 0)
			msg_file(path,
			    "warning: a counts document of version 1, without "
			    "provenance: its counts are taken as they are");
		if (refpath != NULL &&
		    ((bad = counts_incompatible(&ref, &d.p)) != NULL ||
			(bad = prov_mismatch(&parts[0].prov, &d.prov, why,
			     sizeof(why))) != NULL)) {
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
		/* The first good part is the reference. */
		if (refpath == NULL) {
			refpath = path;
			ref = d.p;
			ref.ignore = xcalloc(d.p.nignore, sizeof(int64_t));
			if (d.p.nignore > 0)
				memcpy(ref.ignore, d.p.ignore,
				    d.p.nignore * sizeof(int64_t));
		}
		parts[np].path = path;
		prov_copy(&parts[np++].prov, &d.prov);
		ms = xreallocarray(ms, nms + d.nskipped, sizeof(*ms));
		for (k = 0; k < d.nskipped; k++) {
			ms[nms++] = (struct mskip){d.skipped[k], i};
			d.skipped[k].path = d.skipped[k].reason = NULL;
		}
		counts_free(&d);
	}
	if (ref.classes_given)
		t.n = ref.classes;
	if (overlaps(parts, np) > 0)
		rc = MFW_BADINPUT;
	/* What the merge covers: the parts' list, options and shards. */
	if (np > 0) {
		prov_copy(&merged, &parts[0].prov);
		shardset_free(&merged.set);
		sets = xcalloc(np, sizeof(*sets));
		merged.files = 0;
		for (i = 0; i < np; i++) {
			sets[i] = &parts[i].prov.set;
			merged.files += parts[i].prov.files;
		}
		shardset_union(sets, np, &merged.set, &missing);
	}
	/* Every shard: the whole list, as one run over it would say, so
	 * that the root of a tree of merges is that run's document. */
	if (missing.nr == 0 && merged.set.nr > 0) {
		merged.set.n = 1;
		merged.set.nr = 1;
		merged.set.r[0] = (struct shard_range){1, 1};
	}
	miss = missing.nr > 0 ? shardset_str(&missing) : NULL;
	if (miss != NULL && o->format != FMT_COUNTS && !o->allow_partial) {
		msg_err("shards missing: %s (merge every shard, or give "
			"--allow-partial)",
		    miss);
		rc = MFW_BADINPUT;
	}
	if (rc != MFW_OK) {
		msg_err("no weights printed: the counts documents cannot be "
			"merged as given");
		free(miss);
		goto out;
	}
	if (miss != NULL && o->format != FMT_COUNTS) {
		partial = shardset_str(&merged.set);
		msg_err("warning: weights of part of the data set, shards %s; "
			"missing: %s (--allow-partial)",
		    partial, miss);
	}
	free(miss);
	if (nms > 1)
		qsort(ms, nms, sizeof(*ms), cmpmskip);
	sk = xcalloc(nms, sizeof(*sk));
	for (i = 0; i < nms; i++) {
		sk[i] = ms[i].s;
		msg_file(sk[i].path, "%s", sk[i].reason);
	}
	/* A merge written as counts may hold no image: a branch of a tree
	 * of merges whose shards are past the end of the list. */
	if (t.images == 0 && o->format != FMT_COUNTS) {
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
	rc = report_write(&mo, &t, sk, nms, ref.classes_given, (int64_t)t.n - 1,
	    &merged, partial);
out:
	for (i = 0; i < np; i++)
		prov_free(&parts[i].prov);
	free(parts);
	free(sets);
	free(partial);
	prov_free(&merged);
	shardset_free(&missing);
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
