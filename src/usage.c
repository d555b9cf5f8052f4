/*
 * usage.c: what the command line says when it is used wrongly or asked
 * about a mode (usage.h): the nearest option to a misspelt one, and the
 * help of merge, sample and split.  The main help stays in main.c, beside
 * the option table it describes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usage.h"
#include "util.h"

/*
 * Optimal string alignment distance (Levenshtein with transpositions of
 * neighbours, each edit costing 1): "clases" is 1 from "classes",
 * "calsses" 1 as well.  Names are short, so two rows... three rows of
 * ints on the stack would do; these are capped at 64 characters.
 */
static size_t
osa(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t d[65][65];

	if (la > 64 || lb > 64)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t c = a[i - 1] != b[j - 1], v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < v)
				v = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

const char *
usage_nearest(const char *word, const struct option *opts)
{
	const char *best = NULL;
	size_t bd = (size_t)-1, d, len = strlen(word), i;
	/* A third of the word may be wrong, at least one letter, at most
	 * three: "--clases" finds --classes, "--foo" finds nothing. */
	size_t most = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3;

	for (i = 0; opts[i].name != NULL; i++) {
		d = osa(word, opts[i].name);
		if (d < bd) {
			bd = d;
			best = opts[i].name;
		}
	}
	return bd <= most ? best : NULL;
}

size_t
usage_prefixed(
    const char *word, const struct option *opts, char *buf, size_t len)
{
	size_t i, k = 0, o = 0, n = strlen(word);

	buf[0] = '\0';
	for (i = 0; opts[i].name != NULL; i++) {
		if (strncmp(opts[i].name, word, n) != 0)
			continue;
		if (o + strlen(opts[i].name) + 5 < len)
			o += (size_t)snprintf(buf + o, len - o, "%s--%s",
			    k ? ", " : "", opts[i].name);
		k++;
	}
	return k;
}

void
usage_bad_option(
    const char *arg, int ch, int optopt_, const struct option *opts)
{
	const char *near;
	char word[64], list[256];
	size_t n;

	if (ch == ':') {
		for (n = 0; opts[n].name != NULL; n++)
			if (opts[n].val == optopt_)
				break;
		if (strncmp(arg, "--", 2) == 0 || optopt_ >= 256)
			fprintf(stderr, "mfweights: --%s needs a value\n",
			    opts[n].name ? opts[n].name : arg + 2);
		else
			fprintf(
			    stderr, "mfweights: -%c needs a value\n", optopt_);
	} else if (optopt_ != 0 || strncmp(arg, "--", 2) != 0)
		fprintf(stderr, "mfweights: unknown option -%c\n",
		    optopt_ ? optopt_ : '?');
	else {
		snprintf(word, sizeof(word), "%s", arg + 2);
		word[strcspn(word, "=")] = '\0';
		if (usage_prefixed(word, opts, list, sizeof(list)) > 1)
			fprintf(stderr, "mfweights: --%s is ambiguous: %s\n",
			    word, list);
		else if ((near = usage_nearest(word, opts)) != NULL)
			fprintf(stderr,
			    "mfweights: unknown option --%s; did you mean "
			    "--%s?\n",
			    word, near);
		else
			fprintf(
			    stderr, "mfweights: unknown option --%s\n", word);
	}
}

/* The help of the modes other than the counting run, by mode name. */
static const struct {
	const char *mode, *text;
} modes[] = {
    {"merge",
	"usage: mfweights merge [options] file ...\n"
	"\n"
	"Sum counts documents (written by runs with --format counts, one "
	"per part\n"
	"of a data set; - reads standard input) and print the weights a "
	"single run\n"
	"over the whole data set would print.  Every part must have been "
	"counted\n"
	"with the same --classes, --ignore and --map.\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT      json, csv, list, table or counts (default "
	"json)\n"
	"  -o, --output FILE     write to FILE (atomically) instead of "
	"stdout\n"
	"      --method NAME     median, inverse, inverse-sqrt, enet, "
	"effective\n"
	"                        or balanced (default median)\n"
	"      --normalize MODE  none, mean, sum or max\n"
	"      --clip MIN:MAX    clip the weights of counted classes\n"
	"      --enet-k K, --beta B  parameters of enet and effective\n"
	"      --precision D     print weights with at most D decimals\n"
	"      --names FILE      class names, one a line\n"
	"      --plot FILE.svg   also draw the class balance\n"
	"  -q, --quiet           no notices\n"
	"\n"
	"Example:\n"
	"  mfweights -c 11 -i 11 -f counts --shard 1/2 data/ > p1.json\n"
	"  mfweights -c 11 -i 11 -f counts --shard 2/2 data/ > p2.json\n"
	"  mfweights merge p1.json p2.json\n"
	"\n"
	"man mfweights (Sharding and merging) has the details.\n"},
    {"sample",
	"usage: mfweights sample --sampling method [options] file ...\n"
	"\n"
	"Read per-image counts (written by runs with --per-image FILE, one "
	"file\n"
	"per shard or one for the data set) and write one sampling weight "
	"per\n"
	"image, for PyTorch's WeightedRandomSampler or detectron2's "
	"repeat-factor\n"
	"sampler.  Counts documents (--format counts) among the files "
	"check that\n"
	"no per-image file is missing.\n"
	"\n"
	"Options:\n"
	"      --sampling NAME   rare-class, repeat-factor or inverse "
	"(needed)\n"
	"      --sample-format F jsonl or csv (default jsonl)\n"
	"      --temperature T   T of rare-class (default 0.01)\n"
	"      --min-pixels N    rare-class: an image counts for a class "
	"above N\n"
	"                        pixels of it (default 3000)\n"
	"      --repeat-threshold T  t of repeat-factor (default 0.001)\n"
	"  -o, --output FILE     write to FILE instead of stdout\n"
	"      --sample-weights FILE  the same as --output\n"
	"  -q, --quiet           no notices\n"
	"\n"
	"Example:\n"
	"  mfweights -c 11 -i 11 --per-image counts.jsonl data/ > w.json\n"
	"  mfweights sample --sampling rare-class counts.jsonl > s.jsonl\n"
	"\n"
	"man mfweights (Sampling weights) has the details.\n"},
    {"split",
	"usage: mfweights split --ratios list [options] file ...\n"
	"\n"
	"Read per-image counts (written by runs with --per-image FILE) "
	"and divide\n"
	"the images into parts, such as train, validation and test sets, "
	"in which\n"
	"every class is represented in proportion.  Each part's list of "
	"images is\n"
	"written to PREFIXNAME.txt; a summary goes to stdout.\n"
	"\n"
	"Options:\n"
	"      --ratios LIST     the parts, [NAME=]RATIO,... (needed; "
	"such as\n"
	"                        train=8,val=1,test=1)\n"
	"      --seed N          the seed of the split (default 1)\n"
	"      --prefix P        write part NAME's list to PNAME.txt "
	"(default split-)\n"
	"  -0, --null            write the lists NUL-separated\n"
	"  -f, --format FMT      the summary: json, csv or table (default "
	"json)\n"
	"  -q, --quiet           no notices\n"
	"\n"
	"Example:\n"
	"  mfweights -c 11 -i 11 --per-image counts.jsonl data/ > w.json\n"
	"  mfweights split --ratios train=8,val=1,test=1 counts.jsonl\n"
	"\n"
	"man mfweights (Splits) has the details.\n"},
};

int
usage_mode_help(const char *mode, FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(*modes); i++)
		if (strcmp(modes[i].mode, mode) == 0) {
			fputs(modes[i].text, f);
			return 0;
		}
	return -1;
}

static const char usage_text[] =
    "usage: mfweights [-0hqV] [-c classes] [-f format] [-i value] "
    "[-j threads]\n"
    "                 [-o file] [options] path ...\n"
    "       mfweights merge [options] file ...\n"
    "       mfweights sample --sampling method [options] file ...\n"
    "       mfweights split --ratios list [options] file ...\n";

void
usage_lines(FILE *f)
{
	fputs(usage_text, f);
}

/* --help of the counting mode: usage lines, options, exit status. */
void
usage_help(FILE *f)
{
	usage_lines(f);
	fputs(
	    "\nCount the label pixels of segmentation masks (PNG, TIFF, GDAL "
	    "rasters)\n"
	    "and print class weights, by default median frequency balancing.\n"
	    "\nCounting:\n"
	    "  -c, --classes N       label values 0..N-1 are the classes\n"
	    "                        (default: largest label seen + 1)\n"
	    "  -i, --ignore V[,V..]  leave pixels of value V out of every "
	    "count\n"
	    "                        (repeatable)\n"
	    "      --include GLOB    walk only files whose name matches "
	    "(repeatable)\n"
	    "      --exclude GLOB    skip files whose name matches "
	    "(repeatable)\n"
	    "      --follow          follow symbolic links met inside "
	    "directories\n"
	    "      --keep-going      skip bad files, list them, exit 1\n"
	    "      --max-pixels N    refuse images larger than N pixels (0: no "
	    "limit;\n"
	    "                        default 5000000000)\n"
	    "  -j, --threads N       worker threads (default: online CPUs)\n"
	    "      --files-from FILE read paths from FILE, one a line (- = "
	    "stdin)\n"
	    "  -0, --null            paths in --files-from end with NUL, not "
	    "newline\n"
	    "      --shard K/N       count only the K-th of N parts of the "
	    "file list\n"
	    "      --allow-partial   merge: print weights of some shards "
	    "only\n"
	    "      --requests N      remote (s3://, https://) transfers in "
	    "flight\n"
	    "                        (default 32)\n"
	    "\nLabels:\n"
	    "      --dataset NAME    the masks, classes, names, ignore values "
	    "and map or\n"
	    "                        colours of a known data set (list: "
	    "--dataset list),\n"
	    "                        or of a preset FILE.json; options given "
	    "win\n"
	    "      --map FILE        remap labels first: CSV of from,to\n"
	    "      --map-default V   the label of values --map does not list\n"
	    "      --colors FILE     read RGB masks: CSV of r,g,b,class[,name] "
	    "or\n"
	    "                        CamVid's name,r,g,b\n"
	    "      --unknown-color W error or ignore a colour --colors lacks\n"
	    "      --names FILE      class names, one a line\n"
	    "\nReading:\n"
	    "      --decoder NAME    auto, png, tiff or gdal (default auto)\n"
	    "      --band B          count band B (from 1) of multi-band "
	    "rasters\n"
	    "      --no-nodata       count a raster's nodata value as a label\n"
	    "      --allow-vrt       let GDAL open VRT files\n"
	    "\nWeights:\n"
	    "      --method NAME     median, inverse, inverse-sqrt, enet, "
	    "effective\n"
	    "                        or balanced (default median)\n"
	    "      --normalize MODE  none, mean, sum or max (default: the "
	    "method's)\n"
	    "      --clip MIN:MAX    clip the weights of counted classes\n"
	    "      --enet-k K        k of the enet method (default 1.02)\n"
	    "      --beta B          beta of the effective method (default "
	    "0.9999)\n"
	    "\nOutput:\n"
	    "  -f, --format FMT      json, csv, list, table or counts (default "
	    "json)\n"
	    "  -o, --output FILE     write to FILE (atomically) instead of "
	    "stdout\n"
	    "      --precision D     print weights with at most D decimals\n"
	    "      --per-image FILE  write each image's class counts as JSON "
	    "Lines\n"
	    "                        (sample, split: read them from FILE)\n"
	    "      --plot FILE.svg   also draw each class's share of pixels "
	    "and images\n"
	    "                        and its weight as an SVG picture\n"
	    "      --progress        show progress on stderr even when not a "
	    "terminal\n"
	    "  -q, --quiet           no notices or progress on stderr, only "
	    "errors\n"
	    "  -h, --help            print this help and exit\n"
	    "  -V, --version         print the version and exit\n"
	    "\nSampling weights, one per image (run, or mfweights sample):\n"
	    "      --sampling NAME   rare-class, repeat-factor or inverse\n"
	    "      --sample-weights FILE  write them to FILE (a run needs "
	    "it)\n"
	    "      --sample-format F jsonl or csv (default jsonl)\n"
	    "      --temperature T   T of rare-class (default 0.01)\n"
	    "      --min-pixels N    rare-class: an image counts for a class "
	    "above N\n"
	    "                        pixels of it (default 3000)\n"
	    "      --repeat-threshold T  t of repeat-factor (default 0.001)\n"
	    "\nSplits (mfweights split):\n"
	    "      --ratios LIST     the parts, [NAME=]RATIO,... "
	    "(train=8,val=1,test=1)\n"
	    "      --seed N          the seed of the split (default 1)\n"
	    "      --prefix P        write part NAME's list to PNAME.txt "
	    "(default split-)\n"
	    "\nmfweights merge sums counts documents (from --format counts) "
	    "and prints\n"
	    "weights with the output and weight options above.  mfweights "
	    "sample and\n"
	    "mfweights split read --per-image files (and counts documents to "
	    "check them).\n"
	    "\nExit status: 0 ok, 1 files skipped (--keep-going), 2 usage "
	    "error,\n"
	    "3 bad input (no weights printed), 4 system error.\n",
	    f);
}
