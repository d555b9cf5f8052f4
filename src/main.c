/*
 * main.c: the command line.  Parses options into a struct mfw_opts and
 * calls mfw_run(); nothing below this file reads argv or the environment.
 * Every option here is also in usage() and in man/mfweights.1; the test
 * suite checks that the three agree.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mfweights.h"
#include "dataset.h"
#include "enums.h"
#include "labels.h"
#include "merge.h"
#include "msg.h"
#include "output.h"
#include "remote.h"
#include "run.h"
#include "sample.h"
#include "split.h"
#include "usage.h"
#include "util.h"

enum {
	OPT_ALLOW_PARTIAL = 256,
	OPT_ALLOW_VRT,
	OPT_BAND,
	OPT_BETA,
	OPT_COLORS,
	OPT_CLIP,
	OPT_DATASET,
	OPT_DECODER,
	OPT_ENET_K,
	OPT_EXCLUDE,
	OPT_FILES_FROM,
	OPT_FOLLOW,
	OPT_INCLUDE,
	OPT_KEEP_GOING,
	OPT_MAP,
	OPT_MAP_DEFAULT,
	OPT_MAX_PIXELS,
	OPT_METHOD,
	OPT_MIN_PIXELS,
	OPT_NAMES,
	OPT_NO_NODATA,
	OPT_NORMALIZE,
	OPT_PER_IMAGE,
	OPT_PLOT,
	OPT_PRECISION,
	OPT_PREFIX,
	OPT_PROGRESS,
	OPT_RATIOS,
	OPT_REPEAT_THRESHOLD,
	OPT_SAMPLE_FORMAT,
	OPT_SAMPLE_WEIGHTS,
	OPT_SAMPLING,
	OPT_REQUESTS,
	OPT_SEED,
	OPT_SHARD,
	OPT_TEMPERATURE,
	OPT_UNKNOWN_COLOR
};

/* Sorted by long name. */
/* clang-format off */
static const struct option longopts[] = {
	{"allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL},
	{"allow-vrt", no_argument, NULL, OPT_ALLOW_VRT},
	{"band", required_argument, NULL, OPT_BAND},
	{"beta", required_argument, NULL, OPT_BETA},
	{"classes", required_argument, NULL, 'c'},
	{"clip", required_argument, NULL, OPT_CLIP},
	{"colors", required_argument, NULL, OPT_COLORS},
	{"dataset", required_argument, NULL, OPT_DATASET},
	{"decoder", required_argument, NULL, OPT_DECODER},
	{"enet-k", required_argument, NULL, OPT_ENET_K},
	{"exclude", required_argument, NULL, OPT_EXCLUDE},
	{"files-from", required_argument, NULL, OPT_FILES_FROM},
	{"follow", no_argument, NULL, OPT_FOLLOW},
	{"format", required_argument, NULL, 'f'},
	{"help", no_argument, NULL, 'h'},
	{"ignore", required_argument, NULL, 'i'},
	{"include", required_argument, NULL, OPT_INCLUDE},
	{"keep-going", no_argument, NULL, OPT_KEEP_GOING},
	{"map", required_argument, NULL, OPT_MAP},
	{"map-default", required_argument, NULL, OPT_MAP_DEFAULT},
	{"max-pixels", required_argument, NULL, OPT_MAX_PIXELS},
	{"method", required_argument, NULL, OPT_METHOD},
	{"min-pixels", required_argument, NULL, OPT_MIN_PIXELS},
	{"names", required_argument, NULL, OPT_NAMES},
	{"no-nodata", no_argument, NULL, OPT_NO_NODATA},
	{"normalize", required_argument, NULL, OPT_NORMALIZE},
	{"null", no_argument, NULL, '0'},
	{"output", required_argument, NULL, 'o'},
	{"per-image", required_argument, NULL, OPT_PER_IMAGE},
	{"plot", required_argument, NULL, OPT_PLOT},
	{"precision", required_argument, NULL, OPT_PRECISION},
	{"prefix", required_argument, NULL, OPT_PREFIX},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"quiet", no_argument, NULL, 'q'},
	{"ratios", required_argument, NULL, OPT_RATIOS},
	{"repeat-threshold", required_argument, NULL, OPT_REPEAT_THRESHOLD},
	{"requests", required_argument, NULL, OPT_REQUESTS},
	{"sample-format", required_argument, NULL, OPT_SAMPLE_FORMAT},
	{"sample-weights", required_argument, NULL, OPT_SAMPLE_WEIGHTS},
	{"sampling", required_argument, NULL, OPT_SAMPLING},
	{"seed", required_argument, NULL, OPT_SEED},
	{"shard", required_argument, NULL, OPT_SHARD},
	{"temperature", required_argument, NULL, OPT_TEMPERATURE},
	{"threads", required_argument, NULL, 'j'},
	{"unknown-color", required_argument, NULL, OPT_UNKNOWN_COLOR},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0}
};
/* clang-format on */

/* The mode named in misuse messages' pointer to its help. */
static const char *mode_word = "";

/* --help: the usage lines; misuse: one line pointing at the help. */
static void
usage(FILE *f)
{
	if (f == stderr)
		fprintf(f,
		    "mfweights: see 'mfweights %s--help' or 'man "
		    "mfweights'\n",
		    mode_word);
	else
		usage_lines(f);
}

/* An option getopt_long does not know, or one missing its value. */
static void __attribute__((noreturn)) bad_option(char *const argv[], int ch)
{
	usage_bad_option(argv[optind - 1], ch, optopt, longopts);
	usage(stderr);
	exit(MFW_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "mfweights: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	exit(MFW_USAGE);
}

/* Parse a whole integer in [lo, hi] or exit with a usage error. */
static long long
num(const char *opt, const char *s, long long lo, long long hi)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi) {
		fprintf(stderr,
		    "mfweights: %s: invalid value '%s' (a whole "
		    "number from %lld to %lld)\n",
		    opt, s, lo, hi);
		usage(stderr);
		exit(MFW_USAGE);
	}
	return v;
}

static double
real(const char *opt, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !(v >= lo && v <= hi)) {
		fprintf(stderr,
		    "mfweights: %s: invalid value '%s' (a number "
		    "from %g to %g)\n",
		    opt, s, lo, hi);
		usage(stderr);
		exit(MFW_USAGE);
	}
	return v;
}

static int
pick(const char *opt, const char *s, const char *const *names)
{
	int i = enum_lookup(names, s);

	if (i >= 0)
		return i;
	fprintf(stderr, "mfweights: %s: unknown value '%s' (one of", opt, s);
	for (i = 0; names[i] != NULL; i++)
		fprintf(stderr, "%s %s", i ? "," : "", names[i]);
	fputs(")\n", stderr);
	usage(stderr);
	exit(MFW_USAGE);
}

static int
cmpi64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Every default in one place. */
static void
defaults(struct mfw_opts *o)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	o->classes = 0; /* infer from the data */
	o->format = FMT_JSON;
	o->output = NULL; /* stdout */
	o->threads = n < 1 ? 1 : n > 256 ? 256 : (int)n;
	o->requests = REMOTE_REQUESTS; /* remote.h */
	o->precision = -1;             /* shortest round-trip text */
	o->dec.decoder = DEC_AUTO;
	o->dec.max_pixels = MFW_DEFAULT_MAX_PIXELS;
	o->dec.band = 0; /* band 1 of single-band rasters */
	o->method = METHOD_MEDIAN;
	o->normalize = NORM_DEFAULT; /* the method's published form */
	o->enet_k = 1.02;            /* Paszke et al. 2016 */
	o->beta = 0.9999;            /* Cui et al. 2019 */
	o->sampling = SAMPLING_NONE;
	o->sample_format = SFMT_JSONL;
	o->temperature = 0.01;       /* DAFormer (Hoyer et al. 2022) */
	o->min_pixels = 3000;        /* DAFormer's rare_class_sampling */
	o->repeat_threshold = 0.001; /* detectron2's LVIS configs */
	o->seed = 1;
	o->prefix = "split-";
}

/* The GDAL helper: beside this executable (build tree), else installed. */
static const char *
find_helper(void)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 32);
	char *slash;

	if (n > 0) {
		buf[n] = '\0';
		if ((slash = strrchr(buf, '/')) != NULL) {
			strcpy(slash + 1, "mfweights-gdal");
			if (access(buf, X_OK) == 0)
				return buf;
		}
	}
	if (access(LIBEXECDIR "/mfweights-gdal", X_OK) == 0)
		return LIBEXECDIR "/mfweights-gdal";
	return NULL;
}

/* --ignore V[,V...]: one rule for every field, first, last or between:
 * each must be a whole number, so an empty one ("1,", ",1", "1,,2") is
 * an error, never skipped. */
/* --ignore values that are class names (-i Void), until resolved. */
static char **ignore_names;
static size_t nignore_names;

static void
add_ignore(struct mfw_opts *o, const char *arg)
{
	const char *p = arg, *comma;
	char *tok;

	for (;;) {
		comma = strchr(p, ',');
		tok = comma ? strndup(p, (size_t)(comma - p)) : xstrdup(p);
		if (tok == NULL)
			fatal_sys("malloc");
		if (tok[0] == '\0')
			bad_usage("--ignore: invalid value '%s' (an empty "
				  "value; write V or V,W)",
			    arg);
		/* A class name: resolved once the names are read. */
		if (!isdigit((unsigned char)tok[0]) && tok[0] != '-' &&
		    tok[0] != '+') {
			ignore_names = xreallocarray(ignore_names,
			    nignore_names + 1, sizeof(*ignore_names));
			ignore_names[nignore_names++] = tok;
			goto next;
		}
		o->ignore = xreallocarray(
		    o->ignore, o->nignore + 1, sizeof(*o->ignore));
		o->ignore[o->nignore++] =
		    num("--ignore", tok, INT64_MIN, INT64_MAX);
		free(tok);
	next:
		if (comma == NULL)
			break;
		p = comma + 1;
	}
}

static void
add_glob(char ***v, size_t *n, const char *arg)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(arg);
}

static void
parse_shard(struct mfw_opts *o, const char *arg)
{
	char *copy = xstrdup(arg), *slash = strchr(copy, '/');

	if (slash == NULL)
		bad_usage("--shard: invalid value '%s' (K/N)", arg);
	*slash = '\0';
	o->shard_n = (unsigned)num("--shard", slash + 1, 1, 1000000000);
	o->shard_k = (unsigned)num("--shard", copy, 1, o->shard_n);
	free(copy);
}

static void
parse_clip(struct mfw_opts *o, const char *arg)
{
	char *copy = xstrdup(arg), *colon = strchr(copy, ':');

	if (colon == NULL)
		bad_usage("--clip: invalid value '%s' (MIN:MAX)", arg);
	*colon = '\0';
	o->clip_min = real("--clip", copy, 0, HUGE_VAL);
	o->clip_max = real("--clip", colon + 1, 0, HUGE_VAL);
	if (o->clip_min > o->clip_max)
		bad_usage("--clip: MIN is above MAX in '%s'", arg);
	o->clip = 1;
	free(copy);
}

/* A part name: letters, digits, '.', '_' and '-', not starting with '.'
 * (it becomes part of a file name). */
static int
part_name_ok(const char *s)
{
	if (s[0] == '\0' || s[0] == '.' || strlen(s) > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '.' && *s != '_' &&
		    *s != '-')
			return 0;
	return 1;
}

/* --ratios [NAME=]RATIO,...: 2 to SPLIT_MAX_PARTS parts, named all or
 * none (then part1, part2, ...). */
static void
parse_ratios(struct mfw_opts *o, const char *arg)
{
	char *copy = xstrdup(arg), *tok, *save = NULL, *eq;
	size_t i, named = 0;

	for (i = 0; i < o->nparts; i++)
		free(o->parts[i].name);
	o->nparts = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->nparts == SPLIT_MAX_PARTS)
			bad_usage("--ratios: more than %d parts in '%s'",
			    SPLIT_MAX_PARTS, arg);
		o->parts =
		    xreallocarray(o->parts, o->nparts + 1, sizeof(*o->parts));
		if ((eq = strchr(tok, '=')) != NULL) {
			*eq = '\0';
			if (!part_name_ok(tok))
				bad_usage("--ratios: '%s' is not a part name "
					  "(letters, digits, '.', '_', '-')",
				    tok);
			for (i = 0; i < o->nparts; i++)
				if (strcmp(o->parts[i].name, tok) == 0)
					bad_usage("--ratios: part '%s' is "
						  "named twice",
					    tok);
			o->parts[o->nparts].name = xstrdup(tok);
			named++;
		} else {
			char def[32];

			snprintf(def, sizeof(def), "part%zu", o->nparts + 1);
			o->parts[o->nparts].name = xstrdup(def);
		}
		o->parts[o->nparts].ratio =
		    real("--ratios", eq ? eq + 1 : tok, 0, HUGE_VAL);
		if (!(o->parts[o->nparts].ratio > 0))
			bad_usage(
			    "--ratios: a ratio must be above 0 in '%s'", arg);
		o->nparts++;
	}
	free(copy);
	if (o->nparts < 2)
		bad_usage("--ratios: '%s' gives %zu part%s; give at least two, "
			  "such as train=8,val=2",
		    arg, o->nparts, o->nparts == 1 ? "" : "s");
	if (named != 0 && named != o->nparts)
		bad_usage("--ratios: name every part or none in '%s'", arg);
}

/* --dataset list: the built-in presets, one a line. */
static int
list_datasets(void)
{
	char err[512];

	if (dataset_list(stdout, err, sizeof(err)) != 0) {
		fprintf(stderr, "mfweights: %s\n", err);
		return MFW_SYSERR;
	}
	return fclose(stdout) == 0 ? MFW_OK : MFW_SYSERR;
}

enum mode { MODE_RUN, MODE_MERGE, MODE_SAMPLE, MODE_SPLIT };

static const char *const mode_names[] = {
    "mfweights", "mfweights merge", "mfweights sample", "mfweights split"};

/* The options that belong to some modes only: refuse them elsewhere. */
static void
check_mode(enum mode m, const struct mfw_opts *o, int seen_split_opt,
    int seen_sampling_opt)
{
	if (m != MODE_SPLIT && seen_split_opt)
		bad_usage("--ratios, --seed and --prefix belong to mfweights "
			  "split");
	if ((m == MODE_MERGE || m == MODE_SPLIT) && seen_sampling_opt)
		bad_usage("%s does not write sampling weights: use mfweights "
			  "sample",
		    mode_names[m]);
	if (m == MODE_RUN && o->sampling != SAMPLING_NONE &&
	    o->sample_weights == NULL)
		bad_usage("--sampling needs --sample-weights FILE: standard "
			  "output keeps the class weights");
	if (m != MODE_MERGE && o->allow_partial)
		bad_usage("--allow-partial belongs to mfweights merge");
	if (m == MODE_RUN && o->sample_weights != NULL &&
	    o->sampling == SAMPLING_NONE)
		bad_usage("--sample-weights needs --sampling METHOD");
	if (m == MODE_RUN && o->sampling != SAMPLING_NONE && o->shard_n > 0)
		bad_usage("--sampling needs the whole data set, not one "
			  "--shard: write --per-image in each shard and run "
			  "mfweights sample on all of them");
	if (m == MODE_RUN && o->sample_weights != NULL &&
	    strcmp(o->sample_weights, "-") == 0 &&
	    ((o->output == NULL || strcmp(o->output, "-") == 0) ||
		(o->per_image != NULL && strcmp(o->per_image, "-") == 0)))
		bad_usage("--sample-weights - needs --output FILE for the "
			  "weights and --per-image elsewhere than -");
	if (m == MODE_SAMPLE && o->sampling == SAMPLING_NONE)
		bad_usage("sample: --sampling METHOD is needed (rare-class, "
			  "repeat-factor or inverse)");
	if (m == MODE_SAMPLE && o->sample_weights != NULL && o->output != NULL)
		bad_usage(
		    "sample: give --sample-weights or --output, not both");
	if (m == MODE_SPLIT && o->nparts == 0)
		bad_usage("split: --ratios is needed, such as "
			  "--ratios train=8,val=1,test=1");
	if (m == MODE_SPLIT && o->format != FMT_JSON && o->format != FMT_CSV &&
	    o->format != FMT_TABLE)
		bad_usage("split: --format is json, csv or table");
}

/* --plot: a picture of weights, so not of a counts document; one file
 * for it alone. */
static void
check_plot(const struct mfw_opts *o)
{
	struct stat a, b;
	int out_is_stdout = o->output == NULL || strcmp(o->output, "-") == 0;

	if (o->plot == NULL)
		return;
	if (o->format == FMT_COUNTS)
		bad_usage("--plot draws weights, which --format counts does "
			  "not compute: plot at the merge");
	if (strcmp(o->plot, "-") == 0) {
		if (out_is_stdout)
			bad_usage("--plot - needs --output FILE for the "
				  "weights");
		if (o->per_image != NULL && strcmp(o->per_image, "-") == 0)
			bad_usage("--plot - and --per-image - would both "
				  "write to standard output");
		return;
	}
	if ((!out_is_stdout &&
		(strcmp(o->plot, o->output) == 0 ||
		    (stat(o->plot, &a) == 0 && stat(o->output, &b) == 0 &&
			a.st_dev == b.st_dev && a.st_ino == b.st_ino))) ||
	    (o->per_image != NULL && strcmp(o->plot, o->per_image) == 0))
		bad_usage(
		    "--plot %s: the same file as another output", o->plot);
}

/* A --map, --colors or --names file could not be read: one line, no
 * usage text; a read error (EIO) is a system error. */
static void
table_fail(const char *opt, int rc, const char *err)
{
	fprintf(stderr, "mfweights: %s: %s\n", opt, err);
	exit(rc == -2 ? MFW_SYSERR : MFW_USAGE);
}

/* -i NAME: the class of that name, now that the names are known. */
static void
resolve_ignore_names(struct mfw_opts *o)
{
	size_t i;
	int64_t c;

	for (i = 0; i < nignore_names; i++) {
		c = labels_class_named(o->names, o->nnames, ignore_names[i]);
		if (c < 0) {
			fprintf(stderr,
			    o->nnames == 0
				? "mfweights: --ignore: '%s' is not a number; "
				  "a class name needs --names or --colors with "
				  "names\n"
				: "mfweights: --ignore: '%s' is not a class "
				  "name of --names or --colors\n",
			    ignore_names[i]);
			exit(MFW_USAGE);
		}
		o->ignore = xreallocarray(
		    o->ignore, o->nignore + 1, sizeof(*o->ignore));
		o->ignore[o->nignore++] = c;
		free(ignore_names[i]);
	}
	free(ignore_names);
	ignore_names = NULL;
	nignore_names = 0;
}

int
main(int argc, char *argv[])
{
	struct mfw_opts o;
	struct labelmap map;
	struct colortable colors;
	const char *map_path = NULL, *colors_path = NULL, *names_path = NULL;
	const char *dataset_arg = NULL;
	struct dataset_given given;
	struct dataset ds;
	char err[512], **inputs = NULL;
	size_t i, k, ninputs = 0;
	int ch, rc, force_progress = 0;
	int seen_split_opt = 0, seen_sampling_opt = 0;
	enum mode mode = MODE_RUN;

	defaults(&o);
	memset(&given, 0, sizeof(given));
	memset(&ds, 0, sizeof(ds));
	memset(&map, 0, sizeof(map));
	memset(&colors, 0, sizeof(colors));
	for (i = 1; argc > 1 && i < sizeof(mode_names) / sizeof(*mode_names);
	     i++)
		if (strcmp(argv[1], mode_names[i] + strlen("mfweights ")) ==
		    0) {
			mode = (enum mode)i;
			argv++;
			argc--;
			break;
		}
	if (mode == MODE_MERGE)
		mode_word = "merge ";
	else if (mode == MODE_SAMPLE)
		mode_word = "sample ";
	else if (mode == MODE_SPLIT)
		mode_word = "split ";
	opterr = 0; /* bad_option says it better */
	while ((ch = getopt_long(
		    argc, argv, ":0c:f:hi:j:o:qV", longopts, NULL)) != -1) {
		switch (ch) {
		case '0':
			o.null_sep = 1;
			break;
		case OPT_ALLOW_PARTIAL:
			o.allow_partial = 1;
			break;
		case OPT_ALLOW_VRT:
			o.dec.allow_vrt = 1;
			break;
		case OPT_BAND:
			o.dec.band = (int)num("--band", optarg, 1, 65535);
			break;
		case OPT_COLORS:
			colors_path = optarg;
			given.colors = 1;
			break;
		case OPT_DATASET:
			dataset_arg = o.dataset = optarg;
			break;
		case OPT_MAP:
			map_path = optarg;
			given.map = 1;
			break;
		case OPT_MAP_DEFAULT:
			map.has_default = given.map_default = 1;
			map.def =
			    num("--map-default", optarg, INT64_MIN, INT64_MAX);
			break;
		case OPT_NAMES:
			names_path = optarg;
			given.names = 1;
			break;
		case OPT_PER_IMAGE:
			/* sample and split read per-image files. */
			if (mode == MODE_SAMPLE || mode == MODE_SPLIT) {
				inputs = xreallocarray(
				    inputs, ninputs + 1, sizeof(*inputs));
				inputs[ninputs++] = optarg;
			} else
				o.per_image = optarg;
			break;
		case OPT_MIN_PIXELS:
			o.min_pixels =
			    (uint64_t)num("--min-pixels", optarg, 0, LLONG_MAX);
			seen_sampling_opt = 1;
			break;
		case OPT_PREFIX:
			o.prefix = optarg;
			seen_split_opt = 1;
			break;
		case OPT_RATIOS:
			parse_ratios(&o, optarg);
			seen_split_opt = 1;
			break;
		case OPT_REPEAT_THRESHOLD:
			o.repeat_threshold =
			    real("--repeat-threshold", optarg, 0, 1);
			seen_sampling_opt = 1;
			break;
		case OPT_SAMPLE_FORMAT:
			o.sample_format = pick(
			    "--sample-format", optarg, sample_format_names);
			seen_sampling_opt = 1;
			break;
		case OPT_SAMPLE_WEIGHTS:
			o.sample_weights = optarg;
			seen_sampling_opt = 1;
			break;
		case OPT_SAMPLING:
			o.sampling = pick("--sampling", optarg, sampling_names);
			seen_sampling_opt = 1;
			break;
		case OPT_SEED:
			o.seed = (uint64_t)num("--seed", optarg, 0, LLONG_MAX);
			seen_split_opt = 1;
			break;
		case OPT_TEMPERATURE:
			o.temperature = real("--temperature", optarg, 0, 1e6);
			if (!(o.temperature > 0))
				bad_usage("--temperature: invalid value '%s' "
					  "(T > 0)",
				    optarg);
			seen_sampling_opt = 1;
			break;
		case OPT_PLOT:
			o.plot = optarg;
			break;
		case OPT_UNKNOWN_COLOR:
			colors.unknown_ignore = pick(
			    "--unknown-color", optarg, unknown_color_names);
			given.unknown_color = 1;
			break;
		case OPT_BETA:
			o.beta = real("--beta", optarg, 0, 1);
			if (o.beta <= 0 || o.beta >= 1)
				bad_usage("--beta: invalid value '%s' "
					  "(0 < beta < 1)",
				    optarg);
			break;
		case 'c':
			o.classes =
			    (long)num("--classes", optarg, 1, MFW_MAX_CLASSES);
			given.classes = 1;
			break;
		case OPT_CLIP:
			parse_clip(&o, optarg);
			break;
		case OPT_DECODER:
			o.dec.decoder =
			    pick("--decoder", optarg, decoder_names);
			break;
		case OPT_ENET_K:
			o.enet_k = real("--enet-k", optarg, 1, HUGE_VAL);
			if (o.enet_k <= 1)
				bad_usage("--enet-k: invalid value '%s' "
					  "(k > 1)",
				    optarg);
			break;
		case OPT_EXCLUDE:
			add_glob(&o.exclude, &o.nexclude, optarg);
			given.exclude = 1;
			break;
		case OPT_FILES_FROM:
			if (o.files_from != NULL) {
				fprintf(stderr,
				    "mfweights: --files-from given twice (%s, "
				    "%s): give one list, e.g. cat the lists "
				    "into --files-from -\n",
				    o.files_from, optarg);
				return MFW_USAGE;
			}
			o.files_from = optarg;
			break;
		case OPT_FOLLOW:
			o.follow = 1;
			break;
		case 'f':
			o.format = pick("--format", optarg, format_names);
			break;
		case 'h':
			if (mode != MODE_RUN) {
				usage_mode_help(
				    mode_names[mode] + strlen("mfweights "),
				    stdout);
				return fclose(stdout) == 0 ? MFW_OK
							   : MFW_SYSERR;
			}
			usage_help(stdout);
			return fclose(stdout) == 0 ? MFW_OK : MFW_SYSERR;
		case 'i':
			add_ignore(&o, optarg);
			given.ignore = 1;
			break;
		case OPT_INCLUDE:
			add_glob(&o.include, &o.ninclude, optarg);
			given.include = 1;
			break;
		case 'j':
			o.threads = (int)num("--threads", optarg, 1, 256);
			break;
		case OPT_KEEP_GOING:
			o.keep_going = 1;
			break;
		case OPT_MAX_PIXELS:
			o.dec.max_pixels =
			    (uint64_t)num("--max-pixels", optarg, 0, LLONG_MAX);
			break;
		case OPT_METHOD:
			o.method = pick("--method", optarg, method_names);
			break;
		case OPT_NO_NODATA:
			o.dec.no_nodata = 1;
			break;
		case OPT_NORMALIZE:
			o.normalize = pick("--normalize", optarg, norm_names);
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_PRECISION:
			o.precision = (int)num("--precision", optarg, 0, 17);
			break;
		case OPT_PROGRESS:
			force_progress = 1;
			break;
		case OPT_SHARD:
			parse_shard(&o, optarg);
			break;
		case OPT_REQUESTS:
			o.requests = (int)num("--requests", optarg, 1, 1024);
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'V':
			printf("mfweights %s\n", MFW_VERSION);
			return fclose(stdout) == 0 ? MFW_OK : MFW_SYSERR;
		default:
			bad_option(argv, ch);
		}
	}
	if (dataset_arg != NULL && strcmp(dataset_arg, "list") == 0)
		return list_datasets();
	if (optind >= argc && ninputs == 0 &&
	    (o.files_from == NULL || mode != MODE_RUN)) {
		fputs(mode == MODE_MERGE   ? "mfweights: merge: no counts file "
					     "given\n"
			: mode == MODE_RUN ? "mfweights: no path given\n"
					   : "mfweights: no per-image file "
					     "given\n",
		    stderr);
		usage(stderr);
		return MFW_USAGE;
	}
	check_mode(mode, &o, seen_split_opt, seen_sampling_opt);
	if (dataset_arg != NULL) {
		if (mode != MODE_RUN)
			bad_usage("--dataset belongs to a count, not to %s",
			    mode_names[mode]);
		if ((rc = dataset_apply(dataset_arg, &o, &map, &colors, &given,
			 &ds, err, sizeof(err))) != 0) {
			/* exit, not return: what the preset has set stays
			 * reachable, as after bad_usage(). */
			fprintf(stderr, "mfweights: %s\n", err);
			exit(rc == -2 ? MFW_SYSERR : MFW_USAGE);
		}
	}
	if (mode == MODE_SAMPLE || mode == MODE_SPLIT) {
		/* The --per-image files first, then the operands. */
		for (; optind < argc; optind++) {
			inputs =
			    xreallocarray(inputs, ninputs + 1, sizeof(*inputs));
			inputs[ninputs++] = argv[optind];
		}
		o.paths = inputs;
		o.npaths = ninputs;
	} else {
		o.paths = argv + optind;
		o.npaths = (size_t)(argc - optind);
	}
	/* Sort and de-duplicate the ignore values: lookups bisect them. */
	if (o.nignore > 1) {
		qsort(o.ignore, o.nignore, sizeof(*o.ignore), cmpi64);
		for (i = 1, k = 1; i < o.nignore; i++)
			if (o.ignore[i] != o.ignore[k - 1])
				o.ignore[k++] = o.ignore[i];
		o.nignore = k;
	}
	if (map.has_default && o.map == NULL && map_path == NULL)
		bad_usage("--map-default needs --map");
	check_plot(&o);
	if (o.per_image != NULL && strcmp(o.per_image, "-") == 0 &&
	    (o.output == NULL || strcmp(o.output, "-") == 0))
		bad_usage("--per-image - needs --output FILE for the weights");
	if (map_path != NULL) {
		if ((rc = labels_load_map(map_path, &map, err, sizeof(err))) !=
		    0)
			table_fail("--map", rc, err);
		o.map = &map;
	}
	if (colors_path != NULL) {
		int unk = colors.unknown_ignore;

		if ((rc = labels_load_colors(
			 colors_path, &colors, err, sizeof(err))) != 0)
			table_fail("--colors", rc, err);
		colors.unknown_ignore = unk;
		o.dec.colors = &colors;
		o.names = colors.names;
		o.nnames = colors.nnames;
	}
	if (names_path != NULL && strcmp(names_path, "-") == 0 &&
	    o.files_from != NULL && strcmp(o.files_from, "-") == 0)
		bad_usage("--names - and --files-from - both read standard "
			  "input: give one of them a file");
	if (names_path != NULL) {
		if ((rc = labels_load_names(names_path, &o.names, &o.nnames,
			 err, sizeof(err))) != 0)
			table_fail("--names", rc, err);
		o.names_file = names_path;
		if (o.classes > 0 && o.nnames != (size_t)o.classes) {
			fprintf(stderr,
			    "mfweights: --names: %s: %zu name%s for %ld "
			    "classes (--classes %ld): give one name per "
			    "class\n",
			    names_path, o.nnames, o.nnames == 1 ? "" : "s",
			    o.classes, o.classes);
			labels_free_names(o.names, o.nnames);
			return MFW_USAGE;
		}
	}
	resolve_ignore_names(&o);
	/* Sort and de-duplicate the ignore values: lookups bisect them. */
	if (o.nignore > 1) {
		qsort(o.ignore, o.nignore, sizeof(*o.ignore), cmpi64);
		for (i = 1, k = 1; i < o.nignore; i++)
			if (o.ignore[i] != o.ignore[k - 1])
				o.ignore[k++] = o.ignore[i];
		o.nignore = k;
	}
	o.dec.gdal_helper = find_helper();
	msg_setquiet(o.quiet);
	/* Progress: redrawn at a terminal, log lines when forced to a file. */
	if (!o.quiet && mode == MODE_RUN)
		o.progress = isatty(STDERR_FILENO) ? 1 : force_progress ? 2 : 0;
	if (o.null_sep && o.files_from == NULL && mode != MODE_SPLIT)
		bad_usage("-0 needs --files-from (or, in split, writes "
			  "NUL-separated lists)");
	/* Temporary output files go when a signal or a fatal error ends
	 * the run; install this before any thread starts. */
	output_signals();
	util_atfatal(output_cleanup);
	rc = mode == MODE_MERGE   ? mfw_merge(&o)
	    : mode == MODE_SAMPLE ? mfw_sample(&o)
	    : mode == MODE_SPLIT  ? mfw_split(&o)
				  : mfw_run(&o);
	free(inputs);
	for (i = 0; i < o.nparts; i++)
		free(o.parts[i].name);
	free(o.parts);
	free(o.ignore);
	for (i = 0; i < o.ninclude; i++)
		free(o.include[i]);
	for (i = 0; i < o.nexclude; i++)
		free(o.exclude[i]);
	free(o.include);
	free(o.exclude);
	if (names_path != NULL)
		labels_free_names(o.names, o.nnames);
	labels_free_map(&map);
	labels_free_colors(&colors);
	dataset_free(&ds);
	if (fclose(stdout) != 0 && rc < MFW_SYSERR) {
		msg_err("write error on standard output");
		rc = MFW_SYSERR;
	}
	return rc;
}
