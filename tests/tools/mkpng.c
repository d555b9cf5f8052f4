/*
 * mkpng.c: write a label-mask PNG for the mfweights test suite.
 *
 *	mkpng OUT.png [options]
 *
 * The image is written row by row with libpng's write API, so a
 * 12000 x 12000 constant mask costs a few hundred kilobytes of memory and
 * well under a second.  Every pixel's label is a pure function of (x, y)
 * and the options (a seeded pattern of blobs and bands, a constant, or a
 * cycled list of values, optionally sprinkled with a void value), which
 * lets --hist print the exact histogram of what was written: the oracle
 * the CLI tests compare mfweights' counts with.  A few --corrupt kinds
 * patch the finished file (fixing the chunk CRC where needed) so that the
 * tests get bad files with exactly one fault each.
 *
 * The PNG is built in memory, then written to OUT.png; "-" writes stdout.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <png.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum pattern { PAT_BLOBS, PAT_CONST, PAT_VALUES };
enum corrupt {
	COR_NONE,
	COR_CRC,      /* flip a bit of the first IDAT's CRC */
	COR_IHDR_CRC, /* flip a bit of the IHDR CRC */
	COR_ADLER,    /* flip the last Adler-32 byte, CRC fixed */
	COR_DEFLATE,  /* flip bits inside the deflate data, CRC fixed */
	COR_WIDTH0,   /* IHDR width 0, CRC fixed */
	COR_NOIEND    /* drop the IEND chunk */
};

#define MAXBLOBS  12
#define MAXVALUES 4096

struct blob {
	int rect;               /* 1: rectangle x0..x1 x y0..y1; 0: disk */
	int64_t cx, cy, r2;     /* disk centre and squared radius */
	int64_t x0, y0, x1, y1; /* rectangle, half-open */
	unsigned label;
};

struct opts {
	const char *out;
	uint32_t width, height;
	int depth; /* bits per sample */
	int ctype; /* PNG_COLOR_TYPE_* */
	int interlace;
	unsigned classes;
	uint64_t seed;
	enum pattern pat;
	unsigned cval; /* --const */
	unsigned values[MAXVALUES];
	size_t nvalues;
	int sprinkle; /* --sprinkle given */
	unsigned sval;
	unsigned rate; /* per mille */
	int filter;    /* -1 = libpng's default */
	size_t idat;   /* 0 = libpng's default */
	int level;     /* -1 = libpng's default */
	int trns, gama, text;
	int hist;
	enum corrupt corrupt;
	struct blob blobs[MAXBLOBS];
	int nblobs;
};

struct name_val {
	const char *name;
	int v;
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct name_val ctypes[] = {
    {"gray", PNG_COLOR_TYPE_GRAY},
    {"palette", PNG_COLOR_TYPE_PALETTE},
    {"graya", PNG_COLOR_TYPE_GRAY_ALPHA},
    {"rgb", PNG_COLOR_TYPE_RGB},
    {"rgba", PNG_COLOR_TYPE_RGB_ALPHA},
};
static const struct name_val filters[] = {
    {"none", PNG_FILTER_NONE},
    {"sub", PNG_FILTER_SUB},
    {"up", PNG_FILTER_UP},
    {"avg", PNG_FILTER_AVG},
    {"paeth", PNG_FILTER_PAETH},
    {"all", PNG_ALL_FILTERS},
};
static const struct name_val corrupts[] = {
    {"crc", COR_CRC},
    {"ihdr-crc", COR_IHDR_CRC},
    {"adler", COR_ADLER},
    {"deflate", COR_DEFLATE},
    {"width0", COR_WIDTH0},
    {"noiend", COR_NOIEND},
};

struct membuf {
	unsigned char *p;
	size_t n, cap;
};

static void usage(void) __attribute__((noreturn));
static void die(const char *, ...)
    __attribute__((format(printf, 1, 2), noreturn));
static unsigned long parse_num(
    const char *, const char *, unsigned long, unsigned long);
static int lookup(const struct name_val *, size_t, const char *);
static void parse_values(struct opts *, const char *);
static void parse_args(struct opts *, int, char **);
static uint64_t mix64(uint64_t);
static void make_blobs(struct opts *);
static unsigned label_at(const struct opts *, uint32_t, uint32_t);
static void fill_labels(const struct opts *, uint32_t, unsigned *);
static void pack_row(
    const struct opts *, uint32_t, const unsigned *, unsigned char *);
static void put_sample(unsigned char *, size_t, int, unsigned);
static size_t channels(int);
static void png_err(png_structp, png_const_charp) __attribute__((noreturn));
static void png_warn(png_structp, png_const_charp);
static void mem_write(png_structp, png_bytep, size_t);
static void mem_flush(png_structp);
static void write_png(const struct opts *, struct membuf *);
static void print_hist(const struct opts *);
static uint32_t crc32_of(const unsigned char *, size_t);
static uint32_t get32(const unsigned char *);
static void put32(unsigned char *, uint32_t);
static size_t find_chunk(const struct membuf *, const char *, int);
static void apply_corrupt(const struct opts *, struct membuf *);

static void
usage(void)
{
	fputs("usage: mkpng OUT.png [-w W] [-h H] [--depth 1|2|4|8|16]\n"
	      "    [--type gray|palette|graya|rgb|rgba] [--interlace]\n"
	      "    [--classes N] [--seed S] [--const V | --values a,b,...]\n"
	      "    [--sprinkle V] [--rate PERMILLE]\n"
	      "    [--filter none|sub|up|avg|paeth|all] [--idat BYTES]\n"
	      "    [--level 0-9] [--trns] [--gama] [--text]\n"
	      "    [--corrupt crc|ihdr-crc|adler|deflate|width0|noiend]"
	      " [--hist]\n",
	    stderr);
	exit(2);
}

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkpng: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned long
parse_num(const char *what, const char *s, unsigned long lo, unsigned long hi)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < lo ||
	    v > hi)
		die("%s: bad value '%s' (%lu..%lu)", what, s, lo, hi);
	return v;
}

/* The value of a named choice (--type, --filter, --corrupt). */
static int
lookup(const struct name_val *tab, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, tab[i].name) == 0)
			return tab[i].v;
	die("unknown value '%s'", s);
}

static void
parse_values(struct opts *o, const char *s)
{
	char buf[32];
	const char *p = s, *comma;
	size_t len;

	o->nvalues = 0;
	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof(buf) || o->nvalues == MAXVALUES)
			die("--values: bad list '%s'", s);
		memcpy(buf, p, len);
		buf[len] = '\0';
		o->values[o->nvalues++] =
		    (unsigned)parse_num("--values", buf, 0, 65535);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	o->pat = PAT_VALUES;
}

static void
parse_args(struct opts *o, int argc, char **argv)
{
	/* clang-format off */
	static const struct option longopts[] = {
	    {"classes", required_argument, NULL, 'n'},
	    {"const", required_argument, NULL, 'C'},
	    {"corrupt", required_argument, NULL, 'X'},
	    {"depth", required_argument, NULL, 'd'},
	    {"filter", required_argument, NULL, 'F'},
	    {"gama", no_argument, NULL, 'G'},
	    {"height", required_argument, NULL, 'h'},
	    {"hist", no_argument, NULL, 'H'},
	    {"idat", required_argument, NULL, 'I'},
	    {"interlace", no_argument, NULL, 'i'},
	    {"level", required_argument, NULL, 'L'},
	    {"rate", required_argument, NULL, 'r'},
	    {"seed", required_argument, NULL, 's'},
	    {"sprinkle", required_argument, NULL, 'S'},
	    {"text", no_argument, NULL, 'T'},
	    {"trns", no_argument, NULL, 'R'},
	    {"type", required_argument, NULL, 't'},
	    {"values", required_argument, NULL, 'V'},
	    {"width", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0}};
	/* clang-format on */
	int c;

	memset(o, 0, sizeof(*o));
	o->width = 64;
	o->height = 48;
	o->depth = 8;
	o->ctype = PNG_COLOR_TYPE_GRAY;
	o->classes = 4;
	o->seed = 1;
	o->rate = 30;
	o->filter = -1;
	o->level = -1;
	while ((c = getopt_long(argc, argv, "d:h:n:s:t:w:", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'C':
			o->pat = PAT_CONST;
			o->cval =
			    (unsigned)parse_num("--const", optarg, 0, 65535);
			break;
		case 'd':
			o->depth = (int)parse_num("--depth", optarg, 1, 16);
			break;
		case 'F':
			o->filter = lookup(filters, NELEM(filters), optarg);
			break;
		case 't':
			o->ctype = lookup(ctypes, NELEM(ctypes), optarg);
			break;
		case 'X':
			o->corrupt = (enum corrupt)lookup(
			    corrupts, NELEM(corrupts), optarg);
			break;
		case 'G':
			o->gama = 1;
			break;
		case 'h':
			o->height = (uint32_t)parse_num(
			    "--height", optarg, 1, PNG_UINT_31_MAX);
			break;
		case 'H':
			o->hist = 1;
			break;
		case 'i':
			o->interlace = 1;
			break;
		case 'I':
			o->idat = parse_num("--idat", optarg, 6, 1UL << 30);
			break;
		case 'L':
			o->level = (int)parse_num("--level", optarg, 0, 9);
			break;
		case 'n':
			o->classes =
			    (unsigned)parse_num("--classes", optarg, 1, 65536);
			break;
		case 'r':
			o->rate =
			    (unsigned)parse_num("--rate", optarg, 0, 1000);
			break;
		case 'R':
			o->trns = 1;
			break;
		case 's':
			o->seed = parse_num("--seed", optarg, 0, ULONG_MAX);
			break;
		case 'S':
			o->sprinkle = 1;
			o->sval =
			    (unsigned)parse_num("--sprinkle", optarg, 0, 65535);
			break;
		case 'T':
			o->text = 1;
			break;
		case 'V':
			parse_values(o, optarg);
			break;
		case 'w':
			o->width = (uint32_t)parse_num(
			    "--width", optarg, 1, PNG_UINT_31_MAX);
			break;
		default:
			usage();
		}
	}
	/* GNU getopt permutes, so OUT may come anywhere. */
	if (optind != argc - 1)
		usage();
	o->out = argv[optind];
}

/* splitmix64's finaliser: a good 64-bit mix for position hashes. */
static uint64_t
mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The seeded pattern: a background of class 0 with a horizontal band
 * and a few disks and rectangles of the other classes, later shapes on
 * top, so the classes get unequal shares as in real masks.
 */
static void
make_blobs(struct opts *o)
{
	uint64_t s = o->seed * 0x2545f4914f6cdd1dULL + 7;
	int64_t w = o->width, h = o->height, m = w > h ? w : h, r;
	struct blob *b;
	int i;

	if (o->classes < 2)
		return;
	o->nblobs = 3 + (int)(mix64(s++) % (MAXBLOBS - 3));
	for (i = 0; i < o->nblobs; i++) {
		b = &o->blobs[i];
		b->label = 1 + (unsigned)(mix64(s++) % (o->classes - 1));
		if (i == 0) {
			/* A band across the image ("road"). */
			b->rect = 1;
			b->x0 = 0;
			b->x1 = w;
			b->y0 = (int64_t)(mix64(s++) % (uint64_t)h);
			b->y1 = b->y0 + 1 +
			    (int64_t)(mix64(s++) % (uint64_t)(h / 4 + 1));
		} else if (mix64(s++) & 1) {
			b->rect = 1;
			b->x0 = (int64_t)(mix64(s++) % (uint64_t)w);
			b->y0 = (int64_t)(mix64(s++) % (uint64_t)h);
			b->x1 = b->x0 + 1 +
			    (int64_t)(mix64(s++) % (uint64_t)(w / 3 + 1));
			b->y1 = b->y0 + 1 +
			    (int64_t)(mix64(s++) % (uint64_t)(h / 3 + 1));
		} else {
			b->rect = 0;
			b->cx = (int64_t)(mix64(s++) % (uint64_t)w);
			b->cy = (int64_t)(mix64(s++) % (uint64_t)h);
			r = 1 + (int64_t)(mix64(s++) % (uint64_t)(m / 5 + 1));
			b->r2 = r * r;
		}
	}
}

static unsigned
label_at(const struct opts *o, uint32_t x, uint32_t y)
{
	const struct blob *b;
	uint64_t pos = (uint64_t)y * o->width + x;
	int64_t dx, dy;
	unsigned v = 0;
	int i;

	if (o->sprinkle && o->rate > 0 &&
	    mix64(pos ^ (o->seed << 40) ^ 0x5bd1e995ULL) % 1000 < o->rate)
		return o->sval;
	switch (o->pat) {
	case PAT_CONST:
		return o->cval;
	case PAT_VALUES:
		return o->values[pos % o->nvalues];
	case PAT_BLOBS:
		break;
	}
	for (i = 0; i < o->nblobs; i++) {
		b = &o->blobs[i];
		if (b->rect) {
			if (x >= b->x0 && x < b->x1 && y >= b->y0 && y < b->y1)
				v = b->label;
		} else {
			dx = (int64_t)x - b->cx;
			dy = (int64_t)y - b->cy;
			if (dx * dx + dy * dy <= b->r2)
				v = b->label;
		}
	}
	return v;
}

static void
fill_labels(const struct opts *o, uint32_t y, unsigned *lab)
{
	uint32_t x;

	if (o->pat == PAT_CONST && !o->sprinkle) {
		for (x = 0; x < o->width; x++)
			lab[x] = o->cval;
		return;
	}
	for (x = 0; x < o->width; x++)
		lab[x] = label_at(o, x, y);
}

/* Samples per pixel of a PNG colour type. */
static size_t
channels(int ctype)
{
	switch (ctype) {
	case PNG_COLOR_TYPE_GRAY_ALPHA:
		return 2;
	case PNG_COLOR_TYPE_RGB:
		return 3;
	case PNG_COLOR_TYPE_RGB_ALPHA:
		return 4;
	default:
		return 1;
	}
}

/* Store sample number i (of depth bits) into a PNG row, MSB first. */
static void
put_sample(unsigned char *row, size_t i, int depth, unsigned v)
{
	size_t bit;
	int shift;

	switch (depth) {
	case 16:
		row[2 * i] = (unsigned char)(v >> 8);
		row[2 * i + 1] = (unsigned char)v;
		break;
	case 8:
		row[i] = (unsigned char)v;
		break;
	default:
		bit = i * (size_t)depth;
		shift = 8 - depth - (int)(bit % 8);
		row[bit / 8] |= (unsigned char)(v << shift);
		break;
	}
}

/*
 * One PNG row from the labels.  Gray and palette store the label; gray +
 * alpha adds a varying alpha (which must not be counted); RGB/RGBA put
 * the label in red and unrelated values in green, blue and alpha.
 */
static void
pack_row(
    const struct opts *o, uint32_t y, const unsigned *lab, unsigned char *row)
{
	unsigned maxv = (1U << o->depth) - 1;
	size_t ch = channels(o->ctype), x;

	memset(row, 0, ((size_t)o->width * ch * (size_t)o->depth + 7) / 8);
	for (x = 0; x < o->width; x++) {
		put_sample(row, x * ch, o->depth, lab[x]);
		switch (o->ctype) {
		case PNG_COLOR_TYPE_GRAY_ALPHA:
			put_sample(row, x * ch + 1, o->depth,
			    (unsigned)(x * 37 + y * 11 + 5) & maxv);
			break;
		case PNG_COLOR_TYPE_RGB:
		case PNG_COLOR_TYPE_RGB_ALPHA:
			put_sample(row, x * ch + 1, o->depth,
			    (lab[x] * 50 + 20) & maxv);
			put_sample(row, x * ch + 2, o->depth,
			    (unsigned)(x + y) & maxv);
			if (ch == 4)
				put_sample(row, x * ch + 3, o->depth, maxv);
			break;
		default:
			break;
		}
	}
}

static void
png_err(png_structp p, png_const_charp msg)
{
	(void)p;
	die("libpng: %s", msg);
}

static void
png_warn(png_structp p, png_const_charp msg)
{
	(void)p;
	fprintf(stderr, "mkpng: libpng warning: %s\n", msg);
}

static void
mem_write(png_structp p, png_bytep data, size_t n)
{
	struct membuf *m = png_get_io_ptr(p);
	size_t cap;

	if (n > SIZE_MAX - m->n)
		die("output too large");
	if (m->n + n > m->cap) {
		cap = m->cap != 0 ? m->cap : 65536;
		while (cap < m->n + n)
			cap *= 2;
		if ((m->p = realloc(m->p, cap)) == NULL)
			die("out of memory");
		m->cap = cap;
	}
	memcpy(m->p + m->n, data, n);
	m->n += n;
}

static void
mem_flush(png_structp p)
{
	(void)p;
}

static void
write_png(const struct opts *o, struct membuf *m)
{
	png_structp p;
	png_infop info;
	png_color pal[256];
	png_byte alpha[256];
	png_text txt;
	unsigned char *row;
	unsigned *lab;
	size_t ch, rowbytes;
	uint32_t y;
	int npal, i, pass, npass;

	ch = channels(o->ctype);
	rowbytes = ((size_t)o->width * ch * (size_t)o->depth + 7) / 8;
	if ((row = malloc(rowbytes)) == NULL ||
	    (lab = malloc((size_t)o->width * sizeof(*lab))) == NULL)
		die("out of memory");
	p = png_create_write_struct(
	    PNG_LIBPNG_VER_STRING, NULL, png_err, png_warn);
	if (p == NULL || (info = png_create_info_struct(p)) == NULL)
		die("png_create_write_struct failed");
	png_set_write_fn(p, m, mem_write, mem_flush);
	png_set_IHDR(p, info, o->width, o->height, o->depth, o->ctype,
	    o->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (o->ctype == PNG_COLOR_TYPE_PALETTE) {
		/* Colours far from gray: a luminance conversion would
		 * change the labels, which is what the tests look for. */
		npal = 1 << o->depth;
		for (i = 0; i < npal; i++) {
			pal[i].red = (png_byte)(i * 67 + 13);
			pal[i].green = (png_byte)(i * 151 + 7);
			pal[i].blue = (png_byte)(i * 29 + 101);
		}
		png_set_PLTE(p, info, pal, npal);
		if (o->trns) {
			for (i = 0; i < npal; i++)
				alpha[i] = (png_byte)(i == 0 ? 0 : 255 - i);
			png_set_tRNS(p, info, alpha, npal < 4 ? npal : 4, NULL);
		}
	}
	if (o->gama)
		png_set_gAMA(p, info, 1.0 / 2.2);
	if (o->text) {
		memset(&txt, 0, sizeof(txt));
		txt.compression = PNG_TEXT_COMPRESSION_NONE;
		txt.key = (png_charp)(uintptr_t) "Comment";
		txt.text = (png_charp)(uintptr_t) "written by mkpng";
		png_set_text(p, info, &txt, 1);
	}
	if (o->filter >= 0)
		png_set_filter(p, PNG_FILTER_TYPE_BASE, o->filter);
	else if (o->pat == PAT_CONST)
		png_set_filter(p, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	if (o->level >= 0)
		png_set_compression_level(p, o->level);
	if (o->idat > 0)
		png_set_compression_buffer_size(p, o->idat);
	png_write_info(p, info);
	/* With interlace handling libpng takes whole rows on each of the
	 * seven passes and picks the pass's pixels itself. */
	npass = o->interlace ? png_set_interlace_handling(p) : 1;
	for (pass = 0; pass < npass; pass++)
		for (y = 0; y < o->height; y++) {
			fill_labels(o, y, lab);
			pack_row(o, y, lab, row);
			png_write_row(p, row);
		}
	png_write_end(p, info);
	png_destroy_write_struct(&p, &info);
	free(row);
	free(lab);
}

/* Print "value count" for every label written, in increasing order. */
static void
print_hist(const struct opts *o)
{
	uint64_t *h;
	unsigned *lab;
	uint32_t x, y;
	size_t v;

	if ((h = calloc(65536, sizeof(*h))) == NULL ||
	    (lab = malloc((size_t)o->width * sizeof(*lab))) == NULL)
		die("out of memory");
	for (y = 0; y < o->height; y++) {
		if (o->pat == PAT_CONST && !o->sprinkle) {
			h[o->cval] += o->width;
			continue;
		}
		fill_labels(o, y, lab);
		for (x = 0; x < o->width; x++)
			h[lab[x]]++;
	}
	for (v = 0; v < 65536; v++)
		if (h[v] != 0)
			printf("%zu %" PRIu64 "\n", v, h[v]);
	free(h);
	free(lab);
}

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffU;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320U & (0U - (c & 1)));
	}
	return c ^ 0xffffffffU;
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Offset of the first (last if last != 0) chunk of this type, or 0. */
static size_t
find_chunk(const struct membuf *m, const char *type, int last)
{
	size_t off = 8, found = 0, len;

	while (off + 12 <= m->n) {
		len = get32(m->p + off);
		if (memcmp(m->p + off + 4, type, 4) == 0) {
			found = off;
			if (!last)
				break;
		}
		off += 12 + len;
	}
	return found;
}

static void
apply_corrupt(const struct opts *o, struct membuf *m)
{
	size_t off = 0, len;
	int fixcrc = 1;

	switch (o->corrupt) {
	case COR_NONE:
		return;
	case COR_NOIEND:
		if ((off = find_chunk(m, "IEND", 0)) == 0)
			die("no IEND");
		m->n = off;
		return;
	case COR_IHDR_CRC:
	case COR_WIDTH0:
		off = find_chunk(m, "IHDR", 0);
		if (o->corrupt == COR_WIDTH0)
			put32(m->p + off + 8, 0);
		else
			fixcrc = 0;
		break;
	case COR_CRC:
		off = find_chunk(m, "IDAT", 0);
		fixcrc = 0;
		break;
	case COR_ADLER:
		off = find_chunk(m, "IDAT", 1);
		break;
	case COR_DEFLATE:
		off = find_chunk(m, "IDAT", 0);
		break;
	}
	if (off == 0)
		die("chunk to corrupt not found");
	len = get32(m->p + off);
	switch (o->corrupt) {
	case COR_CRC:
	case COR_IHDR_CRC:
		m->p[off + 8 + len] ^= 0x01;
		break;
	case COR_ADLER:
		/* The Adler-32 is the last 4 bytes of the zlib stream; the
		 * last IDAT holds at least its final byte. */
		if (len == 0)
			die("empty last IDAT");
		m->p[off + 8 + len - 1] ^= 0x01;
		break;
	case COR_DEFLATE:
		if (len < 8)
			die("IDAT too short to corrupt");
		m->p[off + 8 + len / 2] ^= 0x5a;
		m->p[off + 8 + len / 2 + 1] ^= 0xa5;
		break;
	default:
		break;
	}
	if (fixcrc)
		put32(m->p + off + 8 + len, crc32_of(m->p + off + 4, len + 4));
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct membuf m = {NULL, 0, 0};
	unsigned maxv, i;
	FILE *f;

	parse_args(&o, argc, argv);
	switch (o.ctype) {
	case PNG_COLOR_TYPE_GRAY:
		if (o.depth != 1 && o.depth != 2 && o.depth != 4 &&
		    o.depth != 8 && o.depth != 16)
			die("gray: depth must be 1, 2, 4, 8 or 16");
		break;
	case PNG_COLOR_TYPE_PALETTE:
		if (o.depth != 1 && o.depth != 2 && o.depth != 4 &&
		    o.depth != 8)
			die("palette: depth must be 1, 2, 4 or 8");
		break;
	default:
		if (o.depth != 8 && o.depth != 16)
			die("this colour type needs depth 8 or 16");
		break;
	}
	maxv = (1U << o.depth) - 1;
	if ((o.pat == PAT_BLOBS && o.classes - 1 > maxv) ||
	    (o.pat == PAT_CONST && o.cval > maxv) ||
	    (o.sprinkle && o.sval > maxv))
		die("a label does not fit %d bits", o.depth);
	for (i = 0; i < o.nvalues; i++)
		if (o.values[i] > maxv)
			die("--values: %u does not fit %d bits", o.values[i],
			    o.depth);
	if (o.trns && o.ctype != PNG_COLOR_TYPE_PALETTE)
		die("--trns needs --type palette");
	make_blobs(&o);
	write_png(&o, &m);
	apply_corrupt(&o, &m);
	if (strcmp(o.out, "-") == 0)
		f = stdout;
	else if ((f = fopen(o.out, "wb")) == NULL)
		die("%s: %s", o.out, strerror(errno));
	if (fwrite(m.p, 1, m.n, f) != m.n || (f != stdout && fclose(f) != 0))
		die("%s: write error", o.out);
	free(m.p);
	if (o.hist)
		print_hist(&o);
	return ferror(stdout) || fflush(stdout) != 0 ? 1 : 0;
}
