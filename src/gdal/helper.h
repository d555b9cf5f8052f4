/*
 * helper.h: what the files of the GDAL helper (mfweights-gdal) share.
 *
 * The helper serves one request at a time on one thread, so its state is
 * one struct, G, instead of globals spread over five files:
 *
 *   main.c   the serve loop: options, descriptors, GDAL set-up, requests
 *            in, replies out, the raster kept open for its next part
 *   read.c   band choice, sample kinds, nodata, the block readers
 *   hist.c   the histogram the readers count into
 *   trunc.c  the truncation checks GDAL itself does not make
 *   guard.c  the libc open() and fopen() interposers (shares nothing)
 *
 * A count request goes main.c -> read.c -> hist.c, which fill G.reply and
 * G.hist; main.c then sends them.  The wire format is proto.h's alone.
 */
#ifndef MFWG_HELPER_H
#define MFWG_HELPER_H

#include <stddef.h>
#include <stdint.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#pragma GCC diagnostic pop

#include "proto.h"

/* Values 0..DENSE-1 are counted in an array, others in a hash table. */
#define DENSE    65536
/* Hash entries: with the dense array the reply stays <= MFWG_MAX_PAIRS. */
#define MAX_HASH (MFWG_MAX_PAIRS - DENSE)

/* How a band's samples are stored: the cases of hist_row(). */
enum kind {
	K_U8,
	K_I8,
	K_U16,
	K_I16,
	K_U32,
	K_I32,
	K_U64,
	K_I64,
	K_F32,
	K_F64
};

/*
 * The helper's whole state.  Options are set once by main(); everything
 * else belongs to the request being served and is reset when the next
 * one starts, except the raster kept open for a further part.
 */
struct helper {
	/* The command line and test hooks, fixed for the helper's life. */
	struct {
		int band;            /* --band, 0 = automatic */
		int no_nodata;       /* --no-nodata */
		int allow_vrt;       /* --allow-vrt */
		int colors;          /* --colors: RGB(A) rasters as colours */
		uint64_t max_pixels; /* --max-pixels, 0 = none */
		const char *crash;   /* MFW_GDAL_TEST_CRASH (test hook) */
		const char *fatal;   /* MFW_GDAL_TEST_FATAL (test hook) */
	} opt;

	/* One file's (or part's) histogram; hist_reset() clears it. */
	struct {
		uint64_t dense[DENSE]; /* counts of the values 0..DENSE-1 */
		int64_t *key;          /* other values, open addressing ... */
		uint64_t *cnt;         /* ... and their counts; 0: empty slot */
		size_t cap;            /* slots of key and cnt, a power of 2 */
		size_t n;              /* slots in use */
		int full;              /* more than MAX_HASH distinct values */
		int oom;               /* the hash table could not grow */
		uint64_t huge;         /* whole samples outside int64 */
		/* A nodata that is not a label (get_nodata() in read.c):
		 * samples equal to it go to reply.nodata_extra. */
		int nd_on;       /* a float nodata applies */
		int nd_nan;      /* it is NaN (nd_val unused) */
		double nd_val;   /* else its value, as the band stores it */
		int nd_u64_on;   /* a UInt64 nodata above INT64_MAX applies */
		uint64_t nd_u64; /* its value */
	} hist;

	/* The count reply being built: read.c sets the raster's facts and
	 * the status, hist.c the nonint and nodata_extra tallies. */
	struct mfwg_count_reply reply;
	/* The reply's reason, on one line (set_reason()). */
	char reason[MFWG_MAX_REASON + 1];
	/* The request's first GDAL error, for the reason (on_error()). */
	char gdalerr[MFWG_MAX_REASON + 1];

	/* The count request being answered: its MFWG_F_* flags, and its
	 * part of nparts (nparts 0: the whole raster). */
	uint32_t req_flags;
	uint32_t req_part;
	uint32_t req_nparts;
	/* The enum mfwg_op being served, 0 between requests: a GDAL fatal
	 * error answers it before the helper exits. */
	int cur_op;

	/*
	 * The raster of the last parts or part reply and its path, kept open
	 * for the next part of it that this helper is asked for: opening
	 * costs some drivers far more than a part (HFA parses its whole
	 * block map, 30 ms for a 16000 x 16000 file).  Closed by any other
	 * request.
	 */
	GDALDatasetH keep_ds;
	char *keep_path;

	/* Protocol output not yet written (out_put(), out_flush()). */
	unsigned char obuf[65536];
	size_t olen;
};

extern struct helper G;

/* main.c: set G.reason from a format, on one line (GDAL messages hold
 * newlines) and with pointers hidden, so that replies do not vary from
 * run to run. */
void set_reason(const char *, ...) __attribute__((format(printf, 1, 2)));

/* hist.c: count into G.hist and the reply's tallies.  Nothing fails:
 * a value that does not fit sets G.hist.full or G.hist.oom, which the
 * readers check after each block. */
void hist_reset(void);
void hist_row(enum kind, const unsigned char *, size_t);
void hist_rgb(const unsigned char *, const unsigned char *,
    const unsigned char *, size_t);
uint64_t hist_npairs(void);
void hist_each(void (*)(int64_t, uint64_t));

/* read.c: choose and read the bands of an open raster into G.hist and
 * G.reply; on failure each sets G.reason (and read_band() and read_rgb()
 * a status other than MFWG_OK). */
GDALRasterBandH read_pick_band(GDALDatasetH);
int read_colour_bands(GDALDatasetH, GDALRasterBandH *);
void read_band(GDALDatasetH, GDALRasterBandH, const char *);
void read_rgb(GDALDatasetH, GDALRasterBandH *, const char *);

/* trunc.c: non-zero, with G.reason set, if a netCDF classic or PCIDSK
 * file is shorter than its header declares. */
int trunc_check(const char *, const char *);

#endif
