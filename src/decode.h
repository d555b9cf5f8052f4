/*
 * decode.h: the decoder interface.
 *
 * A decoder counts every sample of one image (band 1, or --band, of the
 * first image in the file) into a struct fhist.  The caller owns the file
 * descriptor (an open regular file positioned anywhere; decoders use pread
 * or their own dup) and the histogram.  A decoder never exits, never prints
 * and never keeps state between files: errors come back as a status and a
 * one-line reason in ctx->err.  On any status other than DEC_OK the
 * histogram holds partial counts that the caller must discard.  Decoders
 * see only struct dec_opts, the few options that change how a file reads.
 *
 * Decoders are tried in table order on the file's first bytes (by content,
 * never by extension); the GDAL reader comes last and runs in a helper
 * process (dec_gdal.c), so a run that meets no GDAL file never loads it.
 * dec_file() is the one entry for a whole file: it picks the decoder and
 * applies the rules that are the table's, not a decoder's (a VRT needs
 * --allow-vrt; a known signature that its reader refuses is a broken
 * file, not a file of some other kind).
 */
#ifndef DECODE_H
#define DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "mfweights.h"

enum dec_status {
	DEC_OK = 0,      /* every sample counted */
	DEC_BAD = 1,     /* recognised but cannot be counted: err says why */
	DEC_NOTMASK = 2, /* not an image this decoder (or any) knows */
	DEC_SYSERR = 3,  /* out of memory or a failed system call */
	DEC_PARTS = 4    /* large: count it in ctx->nparts parts (below) */
};

#define DEC_ERRLEN 256

struct dec_ctx {
	const struct dec_opts *o; /* band, pixel limit, nodata, VRT, colours */
	const char *path;         /* for GDAL and messages only */
	int fd;                   /* open regular file, owned by the caller */
	/* Or, with fd -1, the whole file in memory (an archive member, a
	 * remote object), owned by the caller: read it through dec_pread,
	 * dec_size and dec_fopen, never through fd. */
	const unsigned char *buf;
	size_t len;
	const char *vsi; /* with buf: the same bytes as a GDAL /vsi path, or
			  * NULL (GDAL cannot reach them) */
	struct fhist *h; /* where samples are counted */
	void *worker;    /* per-worker state (GDAL helper pipe) */
	/*
	 * Counting a large file in parts, on several workers (parts.c).
	 * With parts_ok set and nparts 0, a decoder that can (TIFF, GDAL)
	 * may, after checking the file, set nparts (>= 2) and return
	 * DEC_PARTS without counting anything.  The caller then calls it
	 * again once per part, nparts set and part in 0..nparts-1, from any
	 * threads, each call on its own histogram; a part call counts only
	 * that part of the image (the metadata of h is filled as for a whole
	 * file) and fails with DEC_BAD if the file no longer cuts into
	 * nparts (cut.h).  The sum of the parts' histograms is the whole
	 * file's.  nparts 0 and parts_ok 0: count it all.
	 */
	int parts_ok;
	uint32_t part, nparts;
	char err[DEC_ERRLEN]; /* reason, set when status != DEC_OK */
};

struct decoder {
	const char *name;
	enum mfw_decoder id;
	/* Non-zero if the first n bytes of a file look like this format. */
	int (*probe)(const unsigned char *head, size_t n);
	enum dec_status (*count)(struct dec_ctx *);
};

/* Bytes of the file head read for probing. */
#define DEC_HEADLEN 16

extern const struct decoder dec_png, dec_tiff, dec_gdal;

/*
 * Is ctx's file a TIFF whose GDAL_NODATA tag is not a number?  The TIFF
 * reader refuses such a file (DEC_NODATA_BAD says why) and the GDAL
 * reader, which would read a prefix of the text or 0, asks first, so
 * that both readers agree.  0 for any other file, --no-nodata included.
 */
int dec_tiff_nodata_bad(struct dec_ctx *);
#define DEC_NODATA_BAD                                                         \
	"its GDAL_NODATA tag is not a number (GDAL would read a prefix of "    \
	"it, or 0); pass --no-nodata to count every value"

/*
 * Count a whole file whose first n bytes are head: pick the decoder (by
 * signature, or the one --decoder forces) and count.  Returns the
 * decoder's status; DEC_NOTMASK when no decoder takes the file (err
 * then says why when there is more to say than "unknown format", as for
 * a VRT without --allow-vrt).  On DEC_PARTS, *used is the decoder to
 * call for each part.
 */
enum dec_status dec_file(struct dec_ctx *, const unsigned char *head, size_t n,
    const struct decoder **used);
/* A /vsi path (no descriptor, no head): the GDAL reader's. */
enum dec_status dec_vsi(struct dec_ctx *, const struct decoder **used);
/* printf into ctx->err; always returns DEC_BAD. */
enum dec_status dec_bad(struct dec_ctx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Check w x h against --max-pixels (0 = none).  DEC_OK or DEC_BAD. */
enum dec_status dec_check_size(struct dec_ctx *, uint64_t w, uint64_t h);
/* Read up to n bytes at off from the file (descriptor or memory): the
 * bytes read, fewer only at the end, or -1 with errno set. */
ssize_t dec_pread(const struct dec_ctx *, void *p, size_t n, uint64_t off);
/* The file's size: 0, or -1 with errno set. */
int dec_size(const struct dec_ctx *, uint64_t *size);
/* A stdio stream over the whole file from its first byte, for libraries
 * that read FILEs; the caller fcloses it.  NULL with errno set. */
FILE *dec_fopen(const struct dec_ctx *);
/* "<VRTDataset" after white space: a GDAL virtual raster. */
int dec_is_vrt(const unsigned char *head, size_t n);

/* dec_gdal.c: per-worker helper process handling. */
void *gdal_worker_new(const struct dec_opts *);
void gdal_worker_free(void *);
/*
 * List the regular files under a /vsi path through the helper, sorted
 * byte-wise.  Returns 0 and fills *names (malloc'd array of malloc'd
 * strings) or -1 with a reason in err.  arg is a const struct dec_opts *
 * (the signature is scan.h's scan_list_fn).
 */
int gdal_list(const void *arg, const char *path, char ***names, size_t *n,
    char *err, size_t errlen);

#endif
