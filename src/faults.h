/*
 * faults.h: bad files told in a few lines, grouped by fault.
 *
 * A run may meet thousands of files that fail for one reason (void label
 * 11 without --ignore 11, a folder of JPEG photographs).  Instead of one
 * line per file, faults_tell() prints a few examples in walk order, then
 * one line per fault with the number of files, the values involved and
 * the one fix that works, then what the run does about it.  Any number of
 * files gives at most about a dozen lines.
 */
#ifndef FAULTS_H
#define FAULTS_H

#include <stddef.h>
#include <stdint.h>

/* What went wrong with a file, as far as advice needs it. */
enum fault_kind {
	FAULT_OTHER = 0, /* grouped by the reason's words */
	FAULT_PATH,      /* a path that cannot be walked (missing, denied) */
	FAULT_LABEL,     /* labels that are not classes (v: the values) */
	FAULT_UNMAPPED,  /* values --map does not list (v: the values) */
	FAULT_COLOUR,    /* a colour --colors does not list (v[0]: code) */
	FAULT_LOSSY,     /* a lossy format: JPEG, lossy WebP */
	FAULT_PHOTO,     /* a photograph, not a mask */
	FAULT_RGB,       /* a colour mask without --colors */
	FAULT_NOTMASK    /* no raster signature mfweights knows */
};

#define FAULT_NV 8

/* A bad file's fault: set where the file is refused, read at the end. */
struct fault_tag {
	int kind;            /* enum fault_kind */
	unsigned nv;         /* values in v */
	int64_t v[FAULT_NV]; /* the lowest bad values, sorted */
	int64_t vmax;        /* the largest bad value */
	uint64_t nvalues;    /* distinct bad values in the file */
};

/* What the advice depends on. */
struct fault_env {
	long classes;     /* --classes, 0 = not given */
	int keep_going;   /* --keep-going */
	int quiet;        /* -q: fewer examples */
	uint64_t counted; /* files counted, for the --keep-going hint */
};

/* A bad file: as struct skip (emit.h), with its fault. */
struct fault_item {
	size_t index; /* walk order */
	char *path;
	char *reason;
	struct fault_tag tag;
};

/*
 * Tell the bad files of v (sorted by walk order): examples, one line per
 * fault, and (without --keep-going) why no weights are printed.  Single
 * threaded: call after the workers are joined.  Returns the number of
 * lines written.
 */
size_t faults_tell(
    const struct fault_item *v, size_t n, const struct fault_env *);

/* The kind of a decoder's or walk's reason text that names a kind of its
 * own (lossy formats, colour masks, photographs), else FAULT_OTHER. */
int faults_kind_of(const char *reason);

#endif
