/*
 * scan.h: the walk over the PATH operands.
 */
#ifndef SCAN_H
#define SCAN_H

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
};

typedef void (*scan_fn)(void *arg, struct scan_item *);

/* What the walk passed over, for the closing notices. */
struct scan_stats {
	uint64_t special;    /* FIFOs, sockets, devices */
	uint64_t links;      /* symbolic links not followed */
	uint64_t loops;      /* links back to a directory being walked */
	uint64_t sidecars;   /* GDAL .aux.xml, .ovr, .msk files */
	uint64_t filtered;   /* left out by --include / --exclude */
	uint64_t duplicates; /* same device and inode met again */
	int list_error;      /* --files-from could not be read whole */
};

/* Duplicates named one by one; the rest are only counted. */
#define SCAN_DUP_NOTICES 10

/* Walk every operand in order, calling fn for each candidate in a
 * deterministic order (each directory's entries sorted byte-wise).
 * Returns 0, or -1 if stopped by *stop becoming non-zero. */
int scan_run(const struct mfw_opts *, scan_fn, void *arg, struct scan_stats *,
    volatile int *stop);

#endif
