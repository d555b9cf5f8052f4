/*
 * mfweights.h: types shared by every module of mfweights.
 *
 * The pipeline, one room a step: main.c fills a struct mfw_opts and calls
 * mfw_run() (run.c, the job loop); scan.c walks the PATHs in sorted order
 * and run.c hands each file to the thread pool (pool.c); a worker opens
 * it and the decoder table (decode.c) counts every sample into a per-file
 * histogram (struct fhist, count.c), a large file possibly in parts
 * shared by several workers (parts.c); tally.c checks the histogram
 * against the counting rules and gives the file's counts or the reason it
 * is bad; after the join report.c turns the summed totals into weights
 * (weights.c) and output (emit.c and counts.c write, plot.c draws
 * --plot, output.c puts the bytes on stdout or atomically in a file).  `mfweights merge` (merge.c)
 * reads counts documents (counts.c) and ends in the same report.c.
 * Messages and the exit status go through msg.c.
 */
#ifndef MFWEIGHTS_H
#define MFWEIGHTS_H

#include <stddef.h>
#include <stdint.h>

#define MFW_VERSION "0.1.0"

/* Labels 0..MFW_DENSE-1 are counted in a dense per-file array; any other
 * value (negative, or from 32-bit and float rasters) goes to a short list. */
#define MFW_DENSE              65536
/* --classes is at most this; every class must fit the dense range. */
#define MFW_MAX_CLASSES        MFW_DENSE
/* Default --max-pixels: 2^32 + a little, above any real label raster
 * (50,000 x 50,000 = 2.5e9).  It bounds time, not memory: we stream. */
#define MFW_DEFAULT_MAX_PIXELS 5000000000ULL

/* Exit statuses, ordered: the run exits with the worst level it saw. */
enum mfw_exit {
	MFW_OK = 0,      /* weights printed, every file counted */
	MFW_SKIPPED = 1, /* weights printed, bad files skipped (--keep-going) */
	MFW_USAGE = 2,   /* bad command line */
	MFW_BADINPUT = 3, /* bad file without --keep-going, or no mask found */
	MFW_SYSERR = 4    /* out of memory, write error, failed system call */
};

enum mfw_format { FMT_JSON, FMT_CSV, FMT_LIST, FMT_TABLE, FMT_COUNTS };
enum mfw_decoder { DEC_AUTO, DEC_PNG, DEC_TIFF, DEC_GDAL };
enum mfw_method {
	METHOD_MEDIAN,
	METHOD_INVERSE,
	METHOD_INVSQRT,
	METHOD_ENET,
	METHOD_EFFECTIVE,
	METHOD_BALANCED
};
enum mfw_norm { NORM_DEFAULT, NORM_NONE, NORM_MEAN, NORM_SUM, NORM_MAX };
enum mfw_sampling {
	SAMPLING_NONE,
	SAMPLING_RARE_CLASS,
	SAMPLING_REPEAT_FACTOR,
	SAMPLING_INVERSE
};
enum mfw_sample_format { SFMT_JSONL, SFMT_CSV };

/* A part of `mfweights split`: its name and its share of the images. */
struct split_part {
	char *name;
	double ratio; /* > 0; the parts' ratios are scaled to sum to 1 */
};

struct labelmap;
struct colortable;

/*
 * What the decoders may know of the options: all of it, and nothing else
 * (decode.h).  Part of struct mfw_opts, filled by main.c.
 */
struct dec_opts {
	enum mfw_decoder decoder;        /* --decoder */
	uint64_t max_pixels;             /* --max-pixels, 0 = no limit */
	int band;                        /* --band, 0 = automatic */
	int no_nodata;                   /* --no-nodata */
	int allow_vrt;                   /* --allow-vrt */
	const struct colortable *colors; /* --colors, or NULL */
	const char *gdal_helper;         /* mfweights-gdal, NULL = none */
};

struct mfw_opts {
	char **paths; /* PATH operands, in command-line order */
	size_t npaths;
	long classes;    /* N; 0 = infer from the largest label */
	int64_t *ignore; /* --ignore values, sorted, unique */
	size_t nignore;
	char **include; /* --include globs (file name) */
	size_t ninclude;
	char **exclude; /* --exclude globs (file name) */
	size_t nexclude;
	const char *dataset; /* --dataset NAME or FILE, or NULL */
	char **include_path; /* a --dataset preset's globs on the whole path */
	size_t ninclude_path;
	char **exclude_path;
	size_t nexclude_path;
	enum mfw_format format;  /* -f */
	const char *output;      /* -o, NULL = stdout */
	int threads;             /* -j, >= 1 */
	int requests;            /* --requests: remote transfers in flight */
	int precision;           /* --precision, -1 = shortest round-trip */
	int keep_going;          /* --keep-going */
	int follow;              /* --follow: follow links met in walks */
	int quiet;               /* -q: no notices */
	struct dec_opts dec;     /* what the decoders use */
	enum mfw_method method;  /* --method */
	enum mfw_norm normalize; /* --normalize */
	double enet_k;           /* --enet-k */
	double beta;             /* --beta */
	int clip;                /* --clip given */
	double clip_min, clip_max;
	const char *files_from;     /* --files-from, "-" = stdin */
	int null_sep;               /* -0: the list is NUL-separated */
	unsigned shard_k, shard_n;  /* --shard K/N, 0/0 = all files */
	int allow_partial;          /* merge --allow-partial */
	int progress;               /* 0 none, 1 redrawn line, 2 log lines */
	const struct labelmap *map; /* --map, or NULL */
	char **names;               /* --names or the colour file's names */
	size_t nnames;
	const char *names_file; /* --names: one name per class, checked */
	const char *per_image;  /* --per-image FILE, "-" = stdout */
	/* Sampling weights and splits (sample.c, split.c).  For `sample`
	 * and `split`, paths holds the input files. */
	enum mfw_sampling sampling;           /* --sampling */
	const char *sample_weights;           /* --sample-weights FILE */
	enum mfw_sample_format sample_format; /* --sample-format */
	double temperature;                   /* --temperature, rare-class T */
	uint64_t min_pixels;                  /* --min-pixels, rare-class */
	double repeat_threshold;  /* --repeat-threshold, repeat-factor t */
	struct split_part *parts; /* --ratios */
	size_t nparts;
	uint64_t seed;      /* --seed */
	const char *prefix; /* --prefix of the split's lists */
	const char *plot;   /* --plot FILE.svg, "-" = stdout, or NULL */
};

/* Distinct values outside the dense range kept per file; past this the
 * file cannot be a label mask (see fhist.extra_lost). */
#define MFW_MAX_EXTRA 4096

/* A value outside the dense range, with its pixel count. */
struct xval {
	int64_t v;
	uint64_t n;
};

/*
 * One file's histogram.  The dense array belongs to the worker and is all
 * zero when a file starts; a decoder adds each sample and sets maxbin to
 * the largest dense index it may have touched (from the bit depth), so the
 * fold and clear after the file touch only that prefix.
 */
struct fhist {
	uint64_t *dense;    /* MFW_DENSE bins */
	uint32_t maxbin;    /* bins above this are known to be zero */
	struct xval *extra; /* values < 0 or >= MFW_DENSE, unsorted */
	size_t nextra, capextra;
	uint64_t nonint;     /* float samples that are NaN, inf or not whole */
	uint64_t extra_lost; /* samples not recorded: too many distinct
				 * values outside the dense range */
	uint64_t huge;       /* whole samples outside int64, the label range */
	uint64_t nodata_extra; /* samples equal to a non-integral nodata */
	int has_nodata;        /* the file declares an integral nodata */
	int64_t nodata;
	uint32_t width, height;
	int bits;         /* bits per sample as stored */
	int sample_float; /* samples are floating point */
	int miniswhite;   /* a TIFF that says 0 is white: counted raw */
};

/* run.c */
int mfw_run(const struct mfw_opts *);

#endif
