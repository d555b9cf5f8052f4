/*
 * trunc.c: the GDAL helper's truncation checks.
 *
 * Most GDAL drivers report a file that ends before its data does.  Two of
 * the allowed ones do not: the netCDF library reads past the end of a
 * classic file as fill values, and GDAL reads a truncated PCIDSK file
 * without complaint, so a cut-off mask would be counted as zeros.  For
 * these two formats main.c asks trunc_check() before reading; it parses
 * just enough of the header to know how many bytes the data needs, with a
 * bounds-checked big-endian reader (struct cur), since the header is
 * untrusted input.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "helper.h"

/* Header bytes read for the size checks. */
#define HEAD_MAX (1 << 20)

/* A bounds-checked reader of big-endian header fields. */
struct cur {
	const unsigned char *p;
	size_t n, off;
	int bad; /* ran past the end, or a field made no sense */
};

static uint64_t be_get(struct cur *, int);
static void be_skip(struct cur *, uint64_t);
static int nc_type_size(uint64_t);
static void nc_skip_atts(struct cur *, int);
static uint64_t nc_need(const unsigned char *, size_t);
static uint64_t pcidsk_need(const unsigned char *, size_t);

/* The next size-byte field, or 0 and c->bad if there is none. */
static uint64_t
be_get(struct cur *c, int size)
{
	uint64_t v = 0;
	int i;

	if (c->bad || c->n - c->off < (size_t)size) {
		c->bad = 1;
		return 0;
	}
	for (i = 0; i < size; i++)
		v = v << 8 | c->p[c->off++];
	return v;
}

/* Skip n bytes padded to a multiple of 4, as netCDF stores values. */
static void
be_skip(struct cur *c, uint64_t n)
{
	if (c->bad || n > c->n - c->off ||
	    ((n + 3) & ~(uint64_t)3) > c->n - c->off) {
		c->bad = 1;
		return;
	}
	c->off += (size_t)((n + 3) & ~(uint64_t)3);
}

static int
nc_type_size(uint64_t t)
{
	static const int size[] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};

	return t < sizeof(size) / sizeof(size[0]) ? size[t] : 0;
}

/* Skip a netCDF attribute list; nsz is the size of a count (4 or 8). */
static void
nc_skip_atts(struct cur *c, int nsz)
{
	uint64_t tag = be_get(c, 4), n = be_get(c, nsz), i, len, ts;

	if (tag == 0 && n == 0)
		return;
	if (tag != 0x0c || n > c->n) {
		c->bad = 1;
		return;
	}
	for (i = 0; i < n && !c->bad; i++) {
		be_skip(c, be_get(c, nsz)); /* name */
		ts = (uint64_t)nc_type_size(be_get(c, 4));
		len = be_get(c, nsz);
		if (ts == 0 || len > c->n) {
			c->bad = 1;
			return;
		}
		be_skip(c, len * ts);
	}
}

/*
 * The bytes a netCDF classic file (CDF-1, CDF-2 or CDF-5) needs to hold
 * the data its header declares, or 0 if the header cannot tell.
 */
static uint64_t
nc_need(const unsigned char *p, size_t n)
{
	struct cur c = {p, n, 4, 0};
	uint64_t numrecs, tag, ndims, nvars, *dim = NULL, *rb = NULL;
	uint64_t *rs = NULL, i, j, id, nd, cnt, ts, vsize, begin, slab, end;
	uint64_t need = 0, recsize = 0, nrec = 0, streaming;
	int ver, nsz, osz, isrec;

	if (n < 8 || memcmp(p, "CDF", 3) != 0)
		return 0;
	ver = p[3];
	if (ver != 1 && ver != 2 && ver != 5)
		return 0;
	nsz = ver == 5 ? 8 : 4;
	osz = ver == 1 ? 4 : 8;
	streaming = nsz == 8 ? UINT64_MAX : UINT32_MAX;
	numrecs = be_get(&c, nsz);
	tag = be_get(&c, 4);
	ndims = be_get(&c, nsz);
	if (!(tag == 0 && ndims == 0) &&
	    (tag != 0x0a || ndims > 65536 || ndims > n))
		return 0;
	if ((dim = calloc(ndims + 1, sizeof(*dim))) == NULL)
		return 0;
	for (i = 0; i < ndims && !c.bad; i++) {
		be_skip(&c, be_get(&c, nsz)); /* name */
		dim[i] = be_get(&c, nsz);
	}
	nc_skip_atts(&c, nsz);
	tag = be_get(&c, 4);
	nvars = be_get(&c, nsz);
	if (!(tag == 0 && nvars == 0) &&
	    (tag != 0x0b || nvars > 65536 || nvars > n))
		c.bad = 1;
	if (!c.bad &&
	    ((rb = calloc(nvars + 1, sizeof(*rb))) == NULL ||
		(rs = calloc(nvars + 1, sizeof(*rs))) == NULL))
		c.bad = 1;
	for (i = 0; i < nvars && !c.bad; i++) {
		be_skip(&c, be_get(&c, nsz)); /* name */
		nd = be_get(&c, nsz);
		if (nd > 1024)
			c.bad = 1;
		cnt = 1;
		isrec = 0;
		for (j = 0; j < nd && !c.bad; j++) {
			id = be_get(&c, nsz);
			if (id >= ndims)
				c.bad = 1;
			else if (j == 0 && dim[id] == 0)
				isrec = 1;
			else if (__builtin_mul_overflow(cnt, dim[id], &cnt))
				c.bad = 1;
		}
		nc_skip_atts(&c, nsz);
		ts = (uint64_t)nc_type_size(be_get(&c, 4));
		vsize = be_get(&c, nsz);
		begin = be_get(&c, osz);
		if (c.bad || ts == 0 ||
		    __builtin_mul_overflow(cnt, ts, &slab)) {
			c.bad = 1;
			break;
		}
		if (isrec) {
			rb[nrec] = begin;
			rs[nrec++] = slab;
			if (__builtin_add_overflow(recsize, vsize, &recsize))
				c.bad = 1;
		} else if (__builtin_add_overflow(begin, slab, &end))
			c.bad = 1;
		else if (end > need)
			need = end;
	}
	/* One record variable: its records are not padded. */
	if (nrec == 1)
		recsize = rs[0];
	for (i = 0; i < nrec && !c.bad && numrecs != streaming && numrecs > 0;
	     i++)
		if (__builtin_mul_overflow(numrecs - 1, recsize, &end) ||
		    __builtin_add_overflow(end, rb[i], &end) ||
		    __builtin_add_overflow(end, rs[i], &end))
			c.bad = 1;
		else if (end > need)
			need = end;
	free(dim);
	free(rb);
	free(rs);
	return c.bad ? 0 : need;
}

/*
 * The bytes a PCIDSK file declares in its header (a 16-character block
 * count at offset 16, in 512-byte blocks), or 0.
 */
static uint64_t
pcidsk_need(const unsigned char *p, size_t n)
{
	uint64_t blocks = 0;
	size_t i;

	if (n < 32 || memcmp(p, "PCIDSK  ", 8) != 0)
		return 0;
	for (i = 16; i < 32 && p[i] == ' '; i++)
		;
	if (i == 32)
		return 0;
	for (; i < 32; i++) {
		if (p[i] < '0' || p[i] > '9' || blocks > UINT64_MAX / 5120)
			return 0;
		blocks = blocks * 10 + (uint64_t)(p[i] - '0');
	}
	return blocks * 512;
}

/*
 * Non-zero, with a reason, if the file at path, opened by driver drv, is
 * shorter than its header says.  Only netCDF and PCIDSK are checked; a
 * file that cannot be read here is left for the driver to judge.
 */
int
trunc_check(const char *path, const char *drv)
{
	VSIStatBufL st;
	VSILFILE *f;
	unsigned char *head;
	size_t n;
	uint64_t need;

	if (strcmp(drv, "netCDF") != 0 && strcmp(drv, "PCIDSK") != 0)
		return 0;
	if (VSIStatL(path, &st) != 0 || (f = VSIFOpenL(path, "rb")) == NULL)
		return 0;
	if ((head = malloc(HEAD_MAX)) == NULL) {
		VSIFCloseL(f);
		return 0;
	}
	n = VSIFReadL(head, 1, HEAD_MAX, f);
	VSIFCloseL(f);
	need = drv[0] == 'n' ? nc_need(head, n) : pcidsk_need(head, n);
	free(head);
	if (need == 0 || (uint64_t)st.st_size >= need)
		return 0;
	set_reason("truncated: the %s header declares %" PRIu64 " bytes, "
		   "the file has %" PRIu64,
	    drv, need, (uint64_t)st.st_size);
	return 1;
}
