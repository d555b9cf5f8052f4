/*
 * archive.h: zip and tar archives given as operands, walked like
 * directories (archive.c).
 */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <stddef.h>

#include "scan.h"

/* Bytes of a file's head that arc_probe looks at. */
#define ARC_HEADLEN    512
/* A member larger than this is refused, never loaded. */
#define ARC_MAX_MEMBER ((size_t)16 << 20)
/* Between an archive's name and a member's: "train.zip//a/b.png". */
#define ARC_SEP        "//"

/* Non-zero if the first n bytes of a file are those of an archive that
 * arc_walk reads: zip, tar, or a compressed stream (gzip, bzip2, xz,
 * zstd, lz4) that may hold a tar. */
int arc_probe(const unsigned char *head, size_t n);

/* Directory-walk order of two paths: component by component, byte-wise
 * ("a/x" before "a.png", as a walk enters a before it meets a.png). */
int arc_cmpname(const char *a, const char *b);

/* a, sep and b in a new string. */
char *arc_join(const char *a, const char *sep, const char *b);

/* What the walk of one archive needs of scan.c. */
struct arc_env {
	const struct scan_cb *cb;
	/* The walk's name filter (sidecars, --include, --exclude on the
	 * base name, a preset's patterns on the path shown): non-zero to
	 * keep the member. */
	int (*wanted)(void *warg, const char *path, const char *base);
	void *warg;
	unsigned shard_k, shard_n; /* --shard: members of other shards are
				    * handed on unread */
	int ordered;               /* members must be handed on near walk order
		      * (--per-image, --sampling) */
};

/*
 * Walk the archive at path: every regular member that passes the filter
 * is handed to env->cb->item as "PATH//MEMBER", numbered in the sorted
 * order of member names (struct scan_item, index) and with its bytes in
 * memory (mem), or with a reason (a bad member).  An archive that cannot
 * be listed is one bad item for path.  Main thread only.  Returns 0, or
 * -1 if stopped by *env->cb->stop.
 */
int arc_walk(const struct arc_env *env, const char *path);

#endif
