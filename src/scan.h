/*
 * scan.h: the walk over the PATH operands.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "mfweights.h"

/* One candidate file, or (reason set) an operand or directory that could
 * not be walked.  The callee owns path and reason. */
struct scan_item {
	char *path;
	char *reason; /* NULL, or why this path is a bad input */
	int explicit; /* named on the command line: open it even
				 * through a symbolic link; a non-mask is bad */
	int vsi;      /* a GDAL virtual file system path */
	int syserr;   /* reason is a system error (out of descriptors or
		       * memory), not the path's fault */
};

typedef void (*scan_fn)(void *arg, struct scan_item *);
/*
 * List the regular files under an operand that is not a local path (a
 * GDAL /vsi path), sorted byte-wise: 0 and a malloc'd array of malloc'd
 * names, or -1 with a reason in err.
 */
typedef int (*scan_list_fn)(const void *arg, const char *path, char ***names,
    size_t *n, char *err, size_t errlen);

/* What the walk calls, and when it stops. */
struct scan_cb {
	scan_fn item; /* each candidate file, in walk order */
	void *arg;
	scan_list_fn list; /* NULL: /vsi operands are bad */
	const void *list_arg;
	const atomic_int *stop; /* non-zero: stop walking (or NULL) */
};

/* What the walk passed over, for the closing notices. */
struct scan_stats {
	uint64_t special;    /* FIFOs, sockets, devices */
	uint64_t links;      /* symbolic links not followed */
	uint64_t loops;      /* links back to a directory being walked */
	uint64_t sidecars;   /* GDAL .aux.xml, .ovr, .msk files */
	uint64_t filtered;   /* left out by --include / --exclude */
	uint64_t duplicates; /* same device and inode met again */
	int list_error;      /* --files-from could not be read whole */
	int output_clash;    /* an input is an output file: write nothing */
};

/* Duplicates named one by one; the rest are only counted. */
#define SCAN_DUP_NOTICES 10

/* Walk every operand in order, calling cb->item for each candidate in a
 * deterministic order (each directory's entries sorted byte-wise).
 * Returns 0, or -1 if stopped by *cb->stop becoming non-zero. */
int scan_run(
    const struct mfw_opts *, const struct scan_cb *cb, struct scan_stats *);

#endif
