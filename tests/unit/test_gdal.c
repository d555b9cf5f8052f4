/*
 * test_gdal.c: the main-process side of the GDAL reader (dec_gdal.c)
 * without GDAL.  The probe is checked on signatures and on text; then
 * this very binary plays the helper (it re-executes itself through
 * /proc/self/exe with TEST_GDAL_FAKE set to a mode) and answers with good,
 * malformed, lying or crashing replies, which dec_gdal.c must turn into
 * counts or into bad files, never into a crash, a hang or wrong counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "count.h"
#include "decode.h"
#include "gdal/proto.h"
#include "unit.h"

static uint64_t dense[MFW_DENSE];

/* ---- the fake helper ---- */

static void
put(const void *p, size_t n)
{
	const char *s = p;
	ssize_t r;

	while (n > 0) {
		if ((r = write(1, s, n)) <= 0)
			_exit(1);
		s += r;
		n -= (size_t)r;
	}
}

static int
get(void *p, size_t n)
{
	char *s = p;
	ssize_t r;

	while (n > 0) {
		if ((r = read(0, s, n)) <= 0)
			return -1;
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

static void
reply(uint32_t status, const char *why, uint32_t w, uint32_t h, uint64_t nonint,
    const struct mfwg_pair *p, uint64_t np)
{
	struct mfwg_count_reply r;

	memset(&r, 0, sizeof(r));
	r.status = status;
	r.reason_len = (uint32_t)strlen(why);
	r.width = w;
	r.height = h;
	r.rows = h;
	r.bits = 32;
	r.nonint = nonint;
	r.npairs = np;
	if (status == MFWG_OK && nonint == 0) {
		r.has_nodata = 1;
		r.nodata = 1;
	}
	put(&r, sizeof(r));
	put(why, r.reason_len);
	put(p, (size_t)np * sizeof(*p));
}

static int
fake(const char *mode)
{
	struct mfwg_hello hi = {MFWG_MAGIC, MFWG_VERSION};
	struct mfwg_req q;
	struct mfwg_list_reply lr;
	struct mfwg_pair good[2] = {{1, 3}, {70000, 1}}, three = {0, 3},
			 zero[2] = {{0, 4}, {1, 0}}, half[2] = {{1, 1}, {2, 1}};
	struct mfwg_count_reply sr;
	char path[256];
	uint32_t len;

	if (strcmp(mode, "nolib") == 0) /* as ld.so, a library missing */
		return 127;
	if (strcmp(mode, "badmagic") == 0)
		hi.magic = 0;
	put(&hi, sizeof(hi));
	if (strcmp(mode, "exit3") == 0)
		return 3;
	while (get(&q, sizeof(q)) == 0) {
		if (q.len >= sizeof(path) || get(path, q.len) != 0)
			return 1;
		path[q.len] = '\0';
		if (strstr(path, "boom") != NULL) {
			signal(SIGSEGV, SIG_DFL);
			raise(SIGSEGV);
		}
		if (q.op == MFWG_OP_LIST) {
			memset(&lr, 0, sizeof(lr));
			lr.count = 3;
			put(&lr, sizeof(lr));
			len = 1;
			put(&len, 4);
			put("b", 1);
			put(&len, 4);
			put(strcmp(mode, "lstnul") == 0 ? "\0" : "c", 1);
			put(&len, 4);
			put("a", 1);
		} else if (strcmp(mode, "badstatus") == 0)
			reply(9, "", 0, 0, 0, NULL, 0);
		else if (strcmp(mode, "badsum") == 0)
			reply(MFWG_OK, "", 2, 2, 0, &three, 1);
		else if (strcmp(mode, "zeron") == 0)
			reply(MFWG_OK, "", 2, 2, 0, zero, 2);
		else if (strcmp(mode, "nonint") == 0)
			reply(MFWG_OK, "", 2, 2, 1, &three, 1);
		else if (strcmp(mode, "toobig") == 0)
			reply(MFWG_TOOBIG, "", 100, 100, 0, NULL, 0);
		else if (strcmp(mode, "notmask") == 0)
			reply(
			    MFWG_NOTMASK, "not\nfor us\xff", 0, 0, 0, NULL, 0);
		else if (strcmp(mode, "hugepairs") == 0)
			reply(MFWG_OK, "", 2, 2, 0, good, MFWG_MAX_PAIRS + 1);
		else if (strncmp(mode, "split", 5) == 0 &&
		    (q.flags & MFWG_F_PARTS_OK)) {
			/* A 2 x 2 raster in two parts (split1: in one). */
			memset(&sr, 0, sizeof(sr));
			sr.status = MFWG_PARTS;
			sr.width = sr.height = 2;
			sr.nparts = strcmp(mode, "split1") == 0 ? 1 : 2;
			put(&sr, sizeof(sr));
		} else if (strcmp(mode, "split") == 0 && q.nparts == 2) {
			/* Part q.part: one row, labels 1 and 2 (part 1:
			 * claims two rows, as a lying helper would). */
			memset(&sr, 0, sizeof(sr));
			sr.width = sr.height = 2;
			sr.bits = 8;
			sr.rows = q.part == 0 ? 1 : 2;
			sr.npairs = 2;
			put(&sr, sizeof(sr));
			put(half, sizeof(half));
		} else
			reply(MFWG_OK, "", 2, 2, 0, good, 2);
	}
	return 0;
}

/* ---- the tests ---- */

static void
test_probe(void)
{
	static const struct {
		const char *head;
		size_t n;
		int want;
	} t[] = {
	    {"EHFA_HEADER_TAG\0", 16, 1},
	    {"\0\0\0\x0cjP  \r\n\x87\n\0\0\0\x14", 16, 1},
	    {"\xff\x4f\xff\x51\0\x2f", 6, 1},
	    {"BM\x36\x04\0\0\0\0\0\0\x36\x04\0\0(\0", 16, 1},
	    {"GIF89a\x25\0\x17\0", 10, 1},
	    {"\x89HDF\r\n\x1a\n\0\0\0\0", 12, 1},
	    {"CDF\x01\0\0\0\0", 8, 1},
	    {"CDF\x02\0\0\0\0", 8, 1},
	    {"PCIDSK  SDK V1.0", 16, 1},
	    {"DatasetHeader Be", 16, 1},
	    {"<VRTDataset rast", 16, 1},
	    {"\n  <VRTDataset r", 16, 1},
	    /* not ours: PNG, TIFF, text, empty, near misses */
	    {"\x89PNG\r\n\x1a\n", 8, 0},
	    {"II*\0\x08\0\0\0", 8, 0},
	    {"BMW and Audi\n", 13, 0},
	    {"CDF\x03\0\0\0\0", 8, 0},
	    {"ncols 4\nnrows 3\n", 16, 0},
	    {"0 0 1\n1 0 2\n", 12, 0},
	    {"<?xml version=\"1", 16, 0},
	    {"SQLite format 3", 16, 0},
	    {"\xff\xd8\xff\xe0", 4, 0},
	    {"", 0, 0},
	    {"EHFA_HEADER", 11, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int got =
		    dec_gdal.probe((const unsigned char *)t[i].head, t[i].n);

		if (got != t[i].want)
			fprintf(stderr, "probe case %zu\n", i);
		CHECK(got == t[i].want);
	}
}

/*
 * Count path with a fake helper in mode "split*": parts_ok, and nparts
 * in the low byte and part in the next of want (0: the whole file).
 */
static enum dec_status
run_split(const char *mode, struct dec_opts *o, int parts_ok, unsigned want,
    struct fhist *h, char *err)
{
	struct dec_ctx c;
	enum dec_status st;

	setenv("TEST_GDAL_FAKE", mode, 1);
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.path = "x";
	c.fd = -1;
	c.h = h;
	c.parts_ok = parts_ok;
	c.nparts = want & 0xff;
	c.part = want >> 8;
	st = dec_gdal.count(&c);
	strcpy(err, c.err);
	return st;
}

/* Count path with a fake helper in the given mode. */
static enum dec_status
run_fake(const char *mode, struct dec_opts *o, void *w, const char *path,
    int fd, struct fhist *h, char *err)
{
	struct dec_ctx c;
	enum dec_status st;

	setenv("TEST_GDAL_FAKE", mode, 1);
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.path = path;
	c.fd = fd;
	c.h = h;
	c.worker = w;
	st = dec_gdal.count(&c);
	strcpy(err, c.err);
	return st;
}

/* The same through the decoder table (decode.c, dec_file), with the
 * head of the file open on fd. */
static enum dec_status
run_file(const char *mode, struct dec_opts *o, const char *path, int fd,
    struct fhist *h, char *err)
{
	const struct decoder *d;
	unsigned char head[DEC_HEADLEN];
	struct dec_ctx c;
	enum dec_status st;
	ssize_t n = pread(fd, head, sizeof(head), 0);

	setenv("TEST_GDAL_FAKE", mode, 1);
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.path = path;
	c.fd = fd;
	c.h = h;
	st = dec_file(&c, head, n > 0 ? (size_t)n : 0, &d);
	strcpy(err, c.err);
	return st;
}

static void
test_fake(void)
{
	struct dec_opts o;
	struct fhist h;
	char err[DEC_ERRLEN], dir[] = "/tmp/test_gdal.XXXXXX", file[64];
	char **names;
	size_t n;
	void *w;
	int fd;

	memset(&o, 0, sizeof(o));
	memset(&h, 0, sizeof(h));
	h.dense = dense;
	o.gdal_helper = "/proc/self/exe";
	o.max_pixels = 50;

	/* A good reply lands in the histogram, nodata and all. */
	w = gdal_worker_new(&o);
	CHECK(w != NULL);
	CHECK(run_fake("ok", &o, w, "/vsimem/x", -1, &h, err) == DEC_OK);
	CHECK(h.dense[1] == 3);
	CHECK(h.nextra == 1 && h.extra[0].v == 70000 && h.extra[0].n == 1);
	CHECK(h.maxbin >= 1);
	CHECK(h.has_nodata && h.nodata == 1);
	CHECK(h.width == 2 && h.height == 2);
	count_reset(&h);

	/* A crash is this file's fault only; the next file gets a new
	 * helper (the mode is read by each new helper). */
	CHECK(run_fake("ok", &o, w, "boom", -1, &h, err) == DEC_BAD);
	CHECK_STR(err, "GDAL reader crashed (signal 11)");
	count_reset(&h);
	CHECK(run_fake("ok", &o, w, "fine", -1, &h, err) == DEC_OK);
	count_reset(&h);
	gdal_worker_free(w);

	/* Lies and garbage, each with a fresh helper (no worker). */
	CHECK(run_fake("badsum", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK_STR(err, "the GDAL reader counted 3 samples in a 2 x 2 image");
	count_reset(&h);

	/* Splitting: the helper's plan comes back as DEC_PARTS, only when
	 * asked; a part must account for width x rows samples; a plan of
	 * fewer than 2 parts is a malformed reply. */
	CHECK(run_split("split", &o, 0, 0, &h, err) == DEC_OK);
	CHECK(h.dense[1] == 3 && h.dense[2] == 0 && h.nextra == 1);
	count_reset(&h);
	CHECK(run_split("split", &o, 1, 0, &h, err) == DEC_PARTS);
	count_reset(&h);
	CHECK(run_split("split", &o, 0, 2, &h, err) == DEC_OK);
	CHECK(h.dense[1] == 1 && h.dense[2] == 1 && h.width == 2);
	count_reset(&h);
	CHECK(run_split("split", &o, 0, 2 | 0x100, &h, err) == DEC_BAD);
	CHECK_STR(err,
	    "the GDAL reader counted 2 samples in 2 of the 2 rows "
	    "of a 2 x 2 image");
	count_reset(&h);
	CHECK(run_split("split1", &o, 1, 0, &h, err) == DEC_BAD);
	CHECK_STR(err, "the GDAL reader sent a malformed reply");
	count_reset(&h);
	CHECK(run_fake("zeron", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK_STR(err, "the GDAL reader sent a malformed reply");
	count_reset(&h);
	CHECK(run_fake("badstatus", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK_STR(err, "the GDAL reader sent a malformed reply");
	CHECK(run_fake("hugepairs", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK_STR(err, "the GDAL reader sent a malformed reply");
	/* Counted, the fraction tallied: tally.c refuses the file. */
	CHECK(run_fake("nonint", &o, NULL, "x", -1, &h, err) == DEC_OK);
	CHECK(h.nonint == 1);
	count_reset(&h);
	CHECK(run_fake("toobig", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK(strstr(err, "--max-pixels 50") != NULL);
	CHECK(run_fake("exit3", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK_STR(err, "GDAL reader exited (status 3)");
	CHECK(run_fake("nolib", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK(strstr(err,
		  "did not start (status 127): a shared library it "
		  "needs is missing; `ldd ") != NULL);
	CHECK(run_fake("badmagic", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK_STR(err,
	    "/proc/self/exe is not the GDAL reader of this "
	    "mfweights");

	/* Not a mask: control and non-ASCII bytes never reach a message. */
	CHECK(run_fake("notmask", &o, NULL, "/vsizip/z/x", -1, &h, err) ==
	    DEC_NOTMASK);
	CHECK_STR(err, "not?for us?");
	/* ... but a file with a known signature that GDAL rejects is bad. */
	CHECK(mkdtemp(dir) != NULL);
	snprintf(file, sizeof(file), "%s/t.img", dir);
	fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, "EHFA_HEADER_TAG\0", 16) == 16);
	CHECK(run_file("notmask", &o, file, fd, &h, err) == DEC_BAD);
	CHECK(strstr(err, "truncated or corrupt") != NULL);
	/* A VRT without --allow-vrt never reaches a helper. */
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(pwrite(fd, "<VRTDataset>\n", 13, 0) == 13);
	CHECK(run_file("exit3", &o, file, fd, &h, err) == DEC_NOTMASK);
	CHECK(strstr(err, "--allow-vrt") != NULL);
	close(fd);
	unlink(file);
	rmdir(dir);

	/* Listing: sorted; a NUL inside a name is refused. */
	setenv("TEST_GDAL_FAKE", "lst", 1);
	CHECK(gdal_list(&o, "/vsizip/z", &names, &n, err, sizeof(err)) == 0);
	CHECK(n == 3);
	if (n == 3) {
		CHECK_STR(names[0], "a");
		CHECK_STR(names[1], "b");
		CHECK_STR(names[2], "c");
		while (n > 0)
			free(names[--n]);
		free(names);
	}
	setenv("TEST_GDAL_FAKE", "lstnul", 1);
	CHECK(gdal_list(&o, "/vsizip/z", &names, &n, err, sizeof(err)) != 0);
	CHECK_STR(err, "the GDAL reader sent a malformed reply");
	setenv("TEST_GDAL_FAKE", "ok", 1);
	CHECK(gdal_list(&o, "/vsizip/boom", &names, &n, err, sizeof(err)) != 0);
	CHECK_STR(err, "GDAL reader crashed while listing (signal 11)");

	/* No reader, or one that cannot be started. */
	o.gdal_helper = NULL;
	CHECK(run_fake("ok", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK_STR(err, "this build has no GDAL reader");
	o.gdal_helper = "/nonexistent/mfweights-gdal";
	CHECK(run_fake("ok", &o, NULL, "x", -1, &h, err) == DEC_BAD);
	CHECK(strstr(err, "cannot start the GDAL reader") != NULL);
	free(h.extra);
}

int
main(void)
{
	const char *mode = getenv("TEST_GDAL_FAKE");

	if (mode != NULL)
		return fake(mode);
	signal(SIGPIPE, SIG_IGN);
	test_probe();
	test_fake();
	return unit_done("test_gdal");
}
