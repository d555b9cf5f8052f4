/*
 * fuzz_records.c: libFuzzer harness for per-image records (records.c),
 * read as `mfweights sample` and `split` read them: rec_kind_of on each
 * file, then two passes of rec_rewind and rec_next.  The input is one
 * per-image file, or two (the shards of one walk, or not) when its first
 * byte is odd: split at the first newline past the middle, so that the
 * merge by index and its checks see two sources.
 *
 * Besides the sanitizers: every record has a path and classes in
 * strictly ascending order below MFW_MAX_CLASSES, each with pixels > 0;
 * a first pass that ends without an error is followed by a second one
 * that does too, with the same records (their number and a sum over
 * their fields that does not depend on their order).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "mfweights.h"
#include "msg.h"
#include "records.h"

static char paths[2][64];
static int fds[2] = {-1, -1};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i;

	(void)argc;
	(void)argv;
	msg_setquiet(1);
	for (i = 0; i < 2; i++) {
		if ((fds[i] = memfd_create("fuzz-records", 0)) < 0) {
			fprintf(stderr, "fuzz_records: memfd_create: %s\n",
			    strerror(errno));
			abort();
		}
		snprintf(paths[i], sizeof(paths[i]), "/proc/%ld/fd/%d",
		    (long)getpid(), fds[i]);
	}
	return 0;
}

static void
put(int i, const uint8_t *p, size_t n)
{
	size_t off;
	ssize_t w;

	if (ftruncate(fds[i], 0) != 0)
		abort();
	for (off = 0; off < n; off += (size_t)w)
		if ((w = pwrite(fds[i], p + off, n - off, (off_t)off)) <= 0)
			abort();
}

static void
bad(const char *what)
{
	fprintf(stderr, "fuzz_records: %s\n", what);
	abort();
}

/* One pass: 0 at its end, -1 on an error; *count and *sum of its
 * records. */
static int
pass(struct rec_in *in, uint64_t *count, uint64_t *sum)
{
	struct rec r;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	*count = 0;
	*sum = 0;
	if (rec_rewind(in) != 0)
		return -1;
	while ((rc = rec_next(in, &r)) == 1) {
		if (r.path == NULL)
			bad("a record with no path");
		for (i = 0; i < r.n; i++) {
			if (r.v[i].c >= MFW_MAX_CLASSES || r.v[i].n == 0)
				bad("a class out of range or with no pixels");
			if (i > 0 && r.v[i].c <= r.v[i - 1].c)
				bad("classes not strictly ascending");
			*sum += r.v[i].c * 0x9e3779b97f4a7c15ULL ^ r.v[i].n;
		}
		*sum += r.index + r.width * 3 + r.height * 5 + r.ignored * 7 +
		    r.nodata * 11 + strlen(r.path) * 13;
		(*count)++;
	}
	rec_free(&r);
	if (rc == 0 && *count != rec_count(in))
		bad("rec_count differs from the records yielded");
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[2] = {paths[0], paths[1]}, why[512];
	const uint8_t *cut;
	uint64_t c1, s1, c2, s2;
	struct rec_in *in;
	size_t n = 1, half;
	int i;

	if (size == 0)
		return 0;
	if (data[0] & 1) {
		n = 2;
		half = (size - 1) / 2;
		cut = memchr(data + 1 + half, '\n', size - 1 - half);
		half = cut ? (size_t)(cut - (data + 1)) + 1 : size - 1;
		put(0, data + 1, half);
		put(1, data + 1 + half, size - 1 - half);
	} else {
		put(0, data + 1, size - 1);
	}
	for (i = 0; i < (int)n; i++) {
		why[0] = '\0';
		switch (rec_kind_of(paths[i], why, sizeof(why))) {
		case REC_PERIMAGE:
		case REC_COUNTS:
			break;
		default:
			fuzz_check_reason("fuzz_records", why, 1);
		}
	}
	if ((in = rec_open(argv, n)) == NULL)
		bad("rec_open refused a regular file");
	if (pass(in, &c1, &s1) == 0) {
		if (pass(in, &c2, &s2) != 0)
			bad("a second pass failed after a clean first one");
		if (c1 != c2 || s1 != s2)
			bad("the second pass yields other records");
	}
	rec_close(in);
	return 0;
}
