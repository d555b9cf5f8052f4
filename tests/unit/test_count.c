/*
 * test_count.c: the fast kernels against the plain reference loop, on
 * runs, noise and every row length around the 8-byte stride; the long-row
 * 8-bit kernel on random, run-heavy and adversarial rows, with its
 * sub-histograms flushed at small injected limits and, on a row of more
 * than 2^32 samples, at the real one.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "count.h"
#include "unit.h"

static uint64_t a[MFW_DENSE], b[MFW_DENSE];
static uint32_t seed = 12345;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void
test_u8(void)
{
	uint8_t row[300] = {0};
	size_t n, i;
	int kind;

	for (kind = 0; kind < 3; kind++)
		for (n = 0; n < sizeof(row); n++) {
			for (i = 0; i < n; i++)
				row[i] = kind == 0 ? (uint8_t)rnd()
				    : kind == 1
				    ? (uint8_t)(i / 13 % 4)
				    : (uint8_t)(rnd() % 50 == 0 ? 7 : 2);
			memset(a, 0, 256 * 8);
			memset(b, 0, 256 * 8);
			count_u8(a, row, n);
			count_u8_ref(b, row, n);
			CHECK(memcmp(a, b, 256 * 8) == 0);
		}
}

/* Fill row[0..n) with one of the long-row test patterns. */
static void
fill_long(uint8_t *row, size_t n, int kind)
{
	size_t i = 0, len;
	uint8_t v = 0;

	while (i < n) {
		switch (kind) {
		case 0: /* random bytes */
			row[i++] = (uint8_t)rnd();
			continue;
		case 1: /* runs of 1..300 of 8 values */
			len = 1 + rnd() % 300;
			v = (uint8_t)(rnd() % 8);
			break;
		case 2: /* runs around the block and lead sizes */
			len = (size_t[]){
			    1, 2, 7, 8, 9, 31, 32, 33, 63, 64, 65}[rnd() % 11];
			v = (uint8_t)(v + 1 + rnd() % 2);
			break;
		case 3: /* two values alternating: every block mixed */
			row[i] = (uint8_t)(i & 1 ? 255 : 0);
			i++;
			continue;
		case 4: /* one value, a different byte at each block's end */
			row[i] = (uint8_t)(i % 32 == 31 ? 9 : 4);
			i++;
			continue;
		default: /* rare noise in one value */
			row[i] = (uint8_t)(rnd() % 50 == 0 ? rnd() : 3);
			i++;
			continue;
		}
		while (len-- > 0 && i < n)
			row[i++] = v;
	}
}

/* count_u8 (long rows) and count_u8_chunked, flushed every chunk
 * samples, against the plain loop counted k times. */
static void
test_u8_long(void)
{
	static uint8_t row[9000];
	static const size_t lens[] = {
	    0, 1, 31, 32, 33, 100, 2047, 2048, 2049, 4099, 9000};
	static const size_t chunks[] = {
	    1, 2, 3, 31, 32, 33, 100, 4096, UINT32_MAX};
	size_t li, ci, n, i, skip;
	uint64_t k;
	int kind, ok;

	for (kind = 0; kind < 6; kind++)
		for (li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
			n = lens[li];
			fill_long(row, n, kind);
			for (skip = 0; skip < 3; skip++) {
				memset(a, 0, 256 * 8);
				memset(b, 0, 256 * 8);
				count_u8(a, row + skip, n - (n > skip) * skip);
				count_u8_ref(
				    b, row + skip, n - (n > skip) * skip);
				CHECK(memcmp(a, b, 256 * 8) == 0);
			}
			for (ci = 0; ci < sizeof(chunks) / sizeof(chunks[0]);
			     ci++)
				for (k = 1; k <= 3; k += 2) {
					memset(a, 0, 256 * 8);
					memset(b, 0, 256 * 8);
					count_u8_chunked(
					    a, row, n, k, chunks[ci]);
					count_u8_ref(b, row, n);
					for (ok = 1, i = 0; i < 256; i++)
						ok &= a[i] == b[i] * k;
					CHECK(ok);
				}
		}
}

/*
 * More than 2^32 samples of one value in one row: a 32-bit bin would wrap
 * without the flush.  The row's first 2^32 bytes are one 2 MiB block of
 * zeros (a memfd) mapped again and again, populated in bulk, so that the
 * test costs no memory and few page faults; its last 8,197 bytes hold a
 * mix of values, so that the run that crosses the flush boundary is
 * followed by mixed blocks.
 */
static void
test_u8_overflow(void)
{
	size_t blk = (size_t)2 << 20, body = (size_t)1 << 32, tail = 8197;
	size_t n = body + tail, off, i;
	uint64_t nz = 0;
	uint8_t *row;
	int fd = -1, ok;

	row = sizeof(size_t) < 8
	    ? MAP_FAILED
	    : mmap(NULL, n, PROT_NONE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ok = row != MAP_FAILED && (fd = memfd_create("zeros", 0)) >= 0 &&
	    ftruncate(fd, (off_t)blk) == 0;
	for (off = 0; ok && off < body; off += blk)
		ok = mmap(row + off, blk, PROT_READ,
			 MAP_SHARED | MAP_FIXED | MAP_POPULATE, fd,
			 0) != MAP_FAILED;
	ok = ok &&
	    mmap(row + body, tail, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED;
	if (fd >= 0)
		close(fd);
	if (!ok) {
		fprintf(stderr,
		    "test_count: cannot map a 4 GiB row: the "
		    "overflow test is not run\n");
		if (row != MAP_FAILED)
			munmap(row, n);
		return;
	}
	for (i = body; i < n; i++)
		row[i] = (uint8_t)(rnd() % 3 == 0 ? rnd() % 4 : 0);
	memset(a, 0, 256 * 8);
	memset(b, 0, 256 * 8);
	count_u8_ref(b, row + body, tail);
	for (i = 1; i < 256; i++)
		nz += b[i];
	count_u8(a, row, n);
	CHECK(a[0] == n - nz);
	CHECK(memcmp(a + 1, b + 1, 255 * 8) == 0);
	munmap(row, n);
}

static void
test_u16(void)
{
	uint16_t row[200] = {0};
	size_t n, i;

	for (n = 0; n < 200; n++) {
		for (i = 0; i < n; i++)
			row[i] = i % 3 ? (uint16_t)(i / 9) : (uint16_t)rnd();
		memset(a, 0, sizeof(a));
		memset(b, 0, sizeof(b));
		count_u16(a, row, n);
		for (i = 0; i < n; i++)
			b[row[i]]++;
		CHECK(memcmp(a, b, sizeof(a)) == 0);
	}
}

static void
test_packed(void)
{
	/* 0b11100100 0b00011011: 2-bit 3,2,1,0,0,1,2,3; 1-bit, 4-bit too. */
	uint8_t row[] = {0xe4, 0x1b};

	memset(a, 0, 64);
	count_packed(a, row, 7, 2); /* last sample (3) is padding */
	CHECK(a[0] == 2 && a[1] == 2 && a[2] == 2 && a[3] == 1);
	memset(a, 0, 64);
	count_packed(a, row, 16, 1);
	CHECK(a[1] == 8 && a[0] == 8);
	memset(a, 0, 160);
	count_packed(a, row, 3, 4);
	CHECK(a[14] == 1 && a[4] == 1 && a[1] == 1);
}

static void
test_wide(void)
{
	struct fhist h;
	int32_t r32[] = {-9999, -9999, 5, 70000, 5, -9999};
	float rf[] = {1, 1, 2.5f, NAN, 3, INFINITY, -1};
	uint64_t r64[] = {UINT64_MAX, 4};

	memset(&h, 0, sizeof(h));
	h.dense = a;
	memset(a, 0, sizeof(a));
	CHECK(count_i32(&h, r32, 6) == 0);
	CHECK(a[5] == 2 && h.nextra == 2);
	CHECK(h.extra[0].v + h.extra[1].v == -9999 + 70000);
	CHECK(h.extra[0].n + h.extra[1].n == 4);
	h.maxbin = 65535;
	count_reset(&h);
	CHECK(count_f32(&h, rf, 7, 0, 0, 0) == 0);
	CHECK(a[1] == 2 && a[3] == 1 && h.nonint == 3 && h.nextra == 1);
	h.maxbin = 65535;
	count_reset(&h);
	CHECK(count_f32(&h, rf, 7, 1, 1, 0) == 0); /* NaN is nodata */
	CHECK(h.nonint == 2 && h.nodata_extra == 1);
	h.maxbin = 65535;
	count_reset(&h);
	CHECK(count_u64(&h, r64, 2) == 0);
	/* Above INT64_MAX: whole, but no label (h.huge, not "too many"). */
	CHECK(h.huge == 1 && h.extra_lost == 0 && a[4] == 1);
	h.maxbin = 65535;
	count_reset(&h);
	for (int64_t v = 0; v < MFW_MAX_EXTRA + 10; v++)
		count_value(&h, -1 - v, 1);
	CHECK(h.nextra == MFW_MAX_EXTRA && h.extra_lost == 10);
	free(h.extra);
}

/* A row of 32-bit samples counted whole equals its parts merged. */
static void
test_merge(void)
{
	static uint64_t c[MFW_DENSE];
	static int32_t row[9000];
	struct fhist whole, part, sum;
	size_t i, cut[] = {0, 1000, 1001, 5000, 9000}, k;

	for (i = 0; i < 9000; i++) /* 4,500 distinct negatives */
		row[i] = i % 2 == 0 ? -1 - (int32_t)i : (int32_t)(rnd() % 300);
	memset(&whole, 0, sizeof(whole));
	memset(&part, 0, sizeof(part));
	memset(&sum, 0, sizeof(sum));
	whole.dense = a;
	part.dense = b;
	sum.dense = c;
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK(count_i32(&whole, row, 9000) == 0);
	CHECK(whole.extra_lost == 4500 - MFW_MAX_EXTRA);
	for (k = 0; k + 1 < sizeof(cut) / sizeof(cut[0]); k++) {
		CHECK(count_i32(&part, row + cut[k], cut[k + 1] - cut[k]) == 0);
		part.maxbin = 299;
		part.width = 9000;
		part.height = 1;
		CHECK(count_merge(&sum, &part) == 0);
		part.maxbin = MFW_DENSE - 1;
		count_reset(&part);
	}
	CHECK(memcmp(a, c, 300 * sizeof(*a)) == 0);
	CHECK(sum.maxbin == 299 && sum.width == 9000);
	CHECK(sum.nextra == MFW_MAX_EXTRA && whole.nextra == MFW_MAX_EXTRA);
	CHECK(sum.extra_lost == whole.extra_lost);
	/* No part at all: nothing changes. */
	part.width = 0;
	CHECK(count_merge(&sum, &part) == 0 && sum.width == 9000);
	free(whole.extra);
	free(part.extra);
	free(sum.extra);
}

int
main(void)
{
	test_u8();
	test_u8_long();
	test_u8_overflow();
	test_u16();
	test_packed();
	test_wide();
	test_merge();
	return unit_done("test_count");
}
