/*
 * proto.h: the pipe protocol between mfweights (dec_gdal.c) and its GDAL
 * helper (mfweights-gdal).
 *
 * The helper reads requests on its standard input and writes replies on
 * its standard output (both one end of a socket pair), one reply per request,
 * in order.  Both ends are built from the same tree and run on the same
 * machine, so the records are fixed-layout structs in host byte order; every
 * variable part is length prefixed and every length has a cap that both sides
 * check, so a broken or hostile helper cannot make the main process allocate
 * without bound.
 *
 *   start:   helper -> struct mfwg_hello, once GDAL is initialised
 *   count:   struct mfwg_req {MFWG_OP_COUNT, flags, len, part, nparts}
 *            + len path bytes
 *            <- struct mfwg_count_reply + reason_len bytes
 *               + npairs struct mfwg_pair (value, pixel count)
 *   list:    struct mfwg_req {MFWG_OP_LIST, 0, len} + len path bytes
 *            <- struct mfwg_list_reply + reason_len bytes
 *               + count times (uint32_t len + len name bytes)
 *
 * The helper's options (band, nodata, VRT, pixel limit, colour) are fixed
 * for its life and passed on its command line.  With --colors, a raster of
 * 3 or 4 8-bit bands R, G, B(, A) read without --band is a colour raster:
 * the reply sets "colour" and its pairs are packed colours 0xRRGGBB, which
 * the caller maps to classes through its colour table.
 *
 * Parts (decode.h, DEC_PARTS): with MFWG_F_PARTS_OK and nparts 0, the
 * helper may answer MFWG_PARTS with nparts (>= 2) for a large single-band
 * raster, counting nothing; the caller then asks for each part, nparts
 * and part set, possibly of other helpers.  A part is a band of whole
 * block rows; the plan is a function of the raster alone, which the
 * helper recomputes and checks for every part.  A reply's rows says how
 * many rows were counted: width x rows samples must be accounted for.
 *
 * A helper that dies mid-request simply closes its end of the socket; the
 * caller reaps it and names the signal.  One that can still answer before
 * it exits (a GDAL fatal error) sets "exiting" in its last reply, so the
 * caller reaps it at once and does not blame the next file.
 */
#ifndef MFWG_PROTO_H
#define MFWG_PROTO_H

#include <stdint.h>

#include "../cut.h"

#define MFWG_MAGIC   0x4d465747u /* "MFWG" */
#define MFWG_VERSION 3

/* Longest path in a request, and longest name in a listing. */
#define MFWG_MAX_PATH   65536
/* Longest reason text; fits a struct dec_ctx err. */
#define MFWG_MAX_REASON 240
/* Distinct values per file; a raster with more is not a label mask. */
#define MFWG_MAX_PAIRS  1000000
/* Regular files in one /vsi listing. */
#define MFWG_MAX_LIST   1000000

enum mfwg_op {
	MFWG_OP_COUNT = 1, /* count one raster */
	MFWG_OP_LIST = 2   /* list the regular files under a path */
};

/* Request flag: the path names a local regular file, never a /vsi one. */
#define MFWG_F_LOCAL    0x1u
/* Request flag: the caller can spread a large raster over helpers. */
#define MFWG_F_PARTS_OK 0x2u
/* Most parts of a split raster. */
#define MFWG_MAX_PARTS  CUT_MAX_PARTS

enum mfwg_status {
	MFWG_OK = 0,      /* counted (count) or listed (list) */
	MFWG_BAD = 1,     /* a raster that cannot be counted: reason */
	MFWG_NOTMASK = 2, /* no allowed driver recognises the file */
	MFWG_TOOBIG = 3,  /* width x height exceeds --max-pixels */
	MFWG_PARTS = 4    /* large: ask again for each of nparts parts */
};

struct mfwg_hello {
	uint32_t magic;
	uint32_t version;
};

struct mfwg_req {
	uint32_t op;     /* enum mfwg_op */
	uint32_t flags;  /* MFWG_F_* */
	uint32_t len;    /* path bytes that follow, <= MFWG_MAX_PATH */
	uint32_t part;   /* count only this part of nparts ... */
	uint32_t nparts; /* ... or, if 0, the whole raster */
	uint32_t pad;
};

struct mfwg_count_reply {
	uint32_t status;        /* enum mfwg_status */
	uint32_t reason_len;    /* <= MFWG_MAX_REASON */
	uint32_t width, height; /* set for OK and TOOBIG */
	int32_t bits;           /* bits per sample as stored */
	int32_t sample_float;   /* samples are floating point */
	int32_t has_nodata;     /* an integral nodata applies */
	uint32_t exiting;       /* the helper exits after this reply */
	uint32_t colour;        /* pairs are 0xRRGGBB colours (--colors) */
	uint32_t nparts;        /* MFWG_PARTS: parts, 2..MFWG_MAX_PARTS */
	int64_t nodata;
	uint64_t nonint;       /* NaN, infinite, fractional, too large */
	uint64_t nodata_extra; /* samples equal to a non-integral nodata */
	uint64_t npairs;       /* <= MFWG_MAX_PAIRS */
	uint32_t rows;         /* MFWG_OK: rows counted (height, or a part) */
	uint32_t pad;
};

struct mfwg_pair {
	int64_t v;
	uint64_t n; /* > 0 */
};

struct mfwg_list_reply {
	uint32_t status;     /* MFWG_OK or MFWG_BAD */
	uint32_t reason_len; /* <= MFWG_MAX_REASON */
	uint32_t exiting;    /* the helper exits after this reply */
	uint32_t pad;
	uint64_t count; /* <= MFWG_MAX_LIST */
};

#endif
