/*
 * scan.h: the walk over the PATH operands.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "mfweights.h"

/*
 * A file's whole bytes in memory (an archive member, archive.c): what
 * the decoders read instead of a descriptor.  Whoever ends the job calls
 * release once, from any thread; it frees the struct.
 */
struct scan_mem {
	const unsigned char *buf;
	size_t len;
	const char *vsi; /* the same bytes as a GDAL /vsi path, or NULL */
	void (*release)(struct scan_mem *);
};

/* One candidate file, or (reason set) an operand or directory that could
 * not be walked.  The callee owns path, reason and mem. */
struct scan_item {
	char *path;
	char *reason;         /* NULL, or why this path is a bad input */
	int explicit;         /* named on the command line: open it even
				 * through a symbolic link; a non-mask is bad */
	int vsi;              /* a GDAL virtual file system path */
	int syserr;           /* reason is a system error (out of descriptors or
		       * memory), not the path's fault */
	struct scan_mem *mem; /* the bytes, for an archive member */
	int indexed;          /* index is the file's number in walk order (an
		       * archive member, handed on out of that order) */
	size_t index;
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
	/* Take n file numbers in walk order at once, for the members of an
	 * archive that come in another order (struct scan_item, index):
	 * returns the first. */
	size_t (*take)(void *arg, size_t n);
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

/* The walk's name filters: 1 if a file of this name is handed on, 0 if
 * --include or --exclude leave it out, -1 for a GDAL side file. */
int scan_name_ok(const struct mfw_opts *, const char *name);

/* Walk every operand in order, calling cb->item for each candidate in a
 * deterministic order (each directory's entries sorted byte-wise).
 * Returns 0, or -1 if stopped by *cb->stop becoming non-zero. */
int scan_run(
    const struct mfw_opts *, const struct scan_cb *cb, struct scan_stats *);

#endif
