/*
 * prov.h: the provenance of a counts document: which part of which whole
 * it holds.  A whole is one ordered file list as walked (its fingerprint
 * and length) counted under one set of counting options (their
 * fingerprint); a part is a set of its N shards (--shard K/N), a run
 * without --shard being the one shard of N = 1 ("whole").  Merges check
 * these before summing (merge.c) and write the union of their parts, so
 * that a tree of merges keeps every check at every level.
 */
#ifndef PROV_H
#define PROV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mfweights.h"

/* Shards lo..hi of a set, from 1, both included. */
struct shard_range {
	uint32_t lo, hi;
};

/* A set of shards of n, as sorted, disjoint, non-adjacent ranges. */
struct shardset {
	uint32_t n;
	struct shard_range *r;
	size_t nr;
};

struct prov {
	char list[17];       /* fingerprint of the walked paths, hex */
	uint64_t list_files; /* paths in the whole list */
	char options[17];    /* fingerprint of the counting options, hex */
	struct shardset set; /* the shards held */
	uint64_t files;      /* paths of the list in those shards */
};

/* The streaming fingerprint of an ordered path list: every shard walks
 * the whole list, so each computes it without holding the list. */
struct prov_list {
	uint64_t h, n;
};

/* FNV-1a 64 of n bytes at p, continuing from h (start: FNV_BASIS). */
#define FNV_BASIS UINT64_C(0xcbf29ce484222325)
uint64_t fnv1a64(uint64_t h, const void *p, size_t n);

void prov_list_init(struct prov_list *);
/* Add the path at place index (from 0) of the walk (main thread only). */
void prov_list_add(struct prov_list *, uint64_t index, const char *path);
/*
 * The provenance of a run: its list, options and --shard; files is the
 * number of paths the run's shard took.  Free with prov_free.
 */
void prov_of_run(struct prov *, const struct mfw_opts *,
    const struct prov_list *, uint64_t files);
void prov_free(struct prov *);
/* Copy src into dst (deep). */
void prov_copy(struct prov *dst, const struct prov *src);

/*
 * Parse "whole" or "SET/N", SET being comma-separated shards and ranges
 * such as "1-3,5".  Returns 0, or -1 with a reason in why.
 */
int shardset_parse(const char *s, struct shardset *, char *why, size_t n);
/* Write s as shardset_parse reads it ("whole", "1-3,5/16"). */
void shardset_print(FILE *, const struct shardset *);
/* The same, as a malloc'd string. */
char *shardset_str(const struct shardset *);
/* Does s hold shard k? */
int shardset_has(const struct shardset *, uint32_t k);
/* The paths of a list of m that the shards of s take. */
uint64_t shardset_files(const struct shardset *, uint64_t m);
/*
 * The union of the sets a[0..k-1] (all of one n) into out, and what of
 * 1..n none of them holds into missing (either may be NULL).
 */
void shardset_union(const struct shardset *const *a, size_t k,
    struct shardset *out, struct shardset *missing);
/* The shards both a and b hold, into out (nr 0: none). */
void shardset_common(
    const struct shardset *a, const struct shardset *b, struct shardset *out);
void shardset_free(struct shardset *);

#endif
