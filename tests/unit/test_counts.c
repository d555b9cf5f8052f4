/*
 * test_counts.c: the counts document written and read back (counts.c):
 * every count and parameter survives the round trip, paths that are not
 * UTF-8 come back byte for byte, sums are checked against what a document
 * can hold (and name the count that would overflow), and documents that
 * disagree on what a count means are told apart.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <stdint.h>
#include <unistd.h>

#include "counts.h"
#include "labels.h"
#include "unit.h"

static char dir[] = "/tmp/test_counts.XXXXXX";

/* Write rp to dir/name and read it back into d. */
static int
roundtrip(const struct report *rp, const char *name, struct counts_doc *d,
    char *why, size_t n)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	CHECK(counts_write(f, rp) == 0);
	CHECK(fclose(f) == 0);
	return counts_read(path, d, why, n);
}

static void
test_roundtrip(void)
{
	uint64_t P[3] = {9223372036854775000ULL, 0, 7};
	uint64_t I[3] = {2, 0, 1};
	uint64_t T[3] = {9223372036854775007ULL, 0, 100};
	int64_t ign[2] = {-4, 255};
	struct labelmap map;
	struct colortable ct;
	char p0[] = "a/b.png", r0[] = "bad \"one\"";
	char p1[] = "caf\xe9\n.png", r1[] = "worse";
	struct skip sk[2] = {{3, p0, r0}, {17, p1, r1}};
	struct totals t = {3, P, I, T, 2, 0, 5, 0, 11};
	struct mfw_opts o;
	struct report rp;
	struct counts_doc d, e;
	struct prov pv;
	char why[256];

	memset(&pv, 0, sizeof(pv));
	CHECK(shardset_parse("whole", &pv.set, why, sizeof(why)) == 0);
	strcpy(pv.list, "00112233445566ff");
	strcpy(pv.options, "aabbccddeeff0011");
	pv.list_files = pv.files = 20;
	t.px_total = P[0] + P[2] + 5;
	memset(&o, 0, sizeof(o));
	memset(&map, 0, sizeof(map));
	memset(&ct, 0, sizeof(ct));
	strcpy(map.digest, "0123456789abcdef");
	strcpy(ct.digest, "fedcba9876543210");
	o.ignore = ign;
	o.nignore = 2;
	o.dec.band = 3;
	o.dec.no_nodata = 1;
	o.map = &map;
	o.dec.colors = &ct;
	rp = (struct report){&o, &t, NULL, sk, 2, 1, &pv, NULL};
	CHECK(roundtrip(&rp, "a.json", &d, why, sizeof(why)) == 0);
	CHECK(d.p.classes == 3 && d.p.classes_given == 1);
	CHECK(d.p.nignore == 2 && d.p.ignore[0] == -4 && d.p.ignore[1] == 255);
	CHECK(d.p.band == 3 && d.p.nodata == 0);
	CHECK_STR(d.p.map, "0123456789abcdef");
	CHECK_STR(d.p.colors, "fedcba9876543210");
	CHECK(d.t.n == 3 && d.t.images == 2 && d.t.px_total == t.px_total);
	CHECK(d.t.px_ignored == 5 && d.t.px_nodata == 0 && d.t.px_oor == 11);
	CHECK(memcmp(d.t.P, P, sizeof(P)) == 0);
	CHECK(memcmp(d.t.I, I, sizeof(I)) == 0);
	CHECK(memcmp(d.t.T, T, sizeof(T)) == 0);
	CHECK(d.nskipped == 2 && d.skipped[0].index == 3 &&
	    d.skipped[1].index == 17);
	CHECK_STR(d.skipped[0].path, "a/b.png");
	CHECK_STR(d.skipped[0].reason, "bad \"one\"");
	CHECK_STR(d.skipped[1].path, "caf\xe9\n.png");
	CHECK(counts_incompatible(&d.p, &d.p) == NULL);
	CHECK_STR(d.prov.list, "00112233445566ff");
	CHECK_STR(d.prov.options, "aabbccddeeff0011");
	CHECK(
	    d.prov.set.n == 1 && d.prov.files == 20 && d.prov.list_files == 20);

	/* Shard 2/4 of the 20: file 3 is shard 4's, not its own. */
	shardset_free(&pv.set);
	CHECK(shardset_parse("2/4", &pv.set, why, sizeof(why)) == 0);
	pv.files = 5;
	CHECK(roundtrip(&rp, "c.json", &e, why, sizeof(why)) == -1);
	CHECK(strstr(why, "(index 3) is not a file of") != NULL);
	sk[0].index = 1;
	sk[1].index = 13;
	CHECK(roundtrip(&rp, "c.json", &e, why, sizeof(why)) == 0);
	counts_free(&e);
	pv.files = 6;
	CHECK(roundtrip(&rp, "c.json", &e, why, sizeof(why)) == -1);
	CHECK(strstr(why, "hold 5 files, not 6") != NULL);
	shardset_free(&pv.set);
	CHECK(shardset_parse("whole", &pv.set, why, sizeof(why)) == 0);
	pv.files = 20;

	/* Another document: the same but for the map. */
	o.map = NULL;
	CHECK(roundtrip(&rp, "b.json", &e, why, sizeof(why)) == 0);
	CHECK_STR(e.p.map, "");
	CHECK_STR(
	    counts_incompatible(&d.p, &e.p), "the label map (--map) differs");
	counts_free(&e);

	/* Sums: P[0] twice passes 2^63 - 1 and is named. */
	{
		uint64_t aP[MFW_DENSE] = {0}, aI[MFW_DENSE] = {0},
			 aT[MFW_DENSE] = {0};
		struct totals acc = {0, aP, aI, aT, 0, 0, 0, 0, 0};

		CHECK(counts_add(&acc, &d, why, sizeof(why)) == 0);
		CHECK(acc.n == 3 && aP[0] == P[0] && acc.px_oor == 11);
		CHECK(counts_add(&acc, &d, why, sizeof(why)) == -1);
		CHECK(strstr(why, "\"pixels_total\"") != NULL);
		/* Unchanged after a refused sum. */
		CHECK(aP[0] == P[0] && acc.images == 2);
	}
	counts_free(&d);
	prov_free(&pv);
}

/* str parses and prints back as itself. */
static void
check_set(const char *str, uint64_t m, uint64_t files)
{
	struct shardset s;
	char why[256], *back;

	CHECK(shardset_parse(str, &s, why, sizeof(why)) == 0);
	back = shardset_str(&s);
	CHECK_STR(back, str);
	CHECK(shardset_files(&s, m) == files);
	free(back);
	shardset_free(&s);
}

static void
test_shards(void)
{
	const char *bad[] = {"", "/4", "0/4", "5/4", "1/0", "2-1/4", "1,1/4",
	    "1,2/4", "3,1/4", "1,/4", ",1/4", "1-/4", "01/4", "1/4x", "1 /4",
	    "whole/1", "1/1000000001"};
	struct shardset a, b, c, u, miss;
	const struct shardset *v[3];
	char why[256], *s;
	size_t i;

	/* 10 files in 4 shards: 3, 3, 2, 2. */
	check_set("whole", 10, 10);
	check_set("1/4", 10, 3);
	check_set("3/4", 10, 2);
	check_set("1-2,4/4", 10, 8);
	check_set("7/8", 3, 0);
	check_set("1-1000000000/1000000000", 5, 5);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(shardset_parse(bad[i], &a, why, sizeof(why)) == -1);
		CHECK(strstr(why, "\"shards\"") != NULL);
	}
	CHECK(shardset_parse("1-3,7/10", &a, why, sizeof(why)) == 0);
	CHECK(shardset_parse("4/10", &b, why, sizeof(why)) == 0);
	CHECK(shardset_parse("3,9/10", &c, why, sizeof(why)) == 0);
	CHECK(shardset_has(&a, 2) && shardset_has(&a, 7) &&
	    !shardset_has(&a, 4) && !shardset_has(&a, 10));
	v[0] = &a, v[1] = &b, v[2] = &c;
	shardset_union(v, 3, &u, &miss);
	s = shardset_str(&u);
	CHECK_STR(s, "1-4,7,9/10");
	free(s);
	s = shardset_str(&miss);
	CHECK_STR(s, "5-6,8,10/10");
	free(s);
	shardset_free(&u);
	shardset_free(&miss);
	shardset_common(&a, &c, &u);
	s = shardset_str(&u);
	CHECK_STR(s, "3/10");
	free(s);
	shardset_free(&u);
	shardset_common(&a, &b, &u);
	CHECK(u.nr == 0);
	shardset_free(&u);
	shardset_free(&a);
	shardset_free(&b);
	shardset_free(&c);
}

static void
test_bad(void)
{
	struct counts_doc d;
	char why[256], path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/bad.json", dir);
	f = fopen(path, "w");
	fputs("{\"mfweights_counts\": 1, \"classes\": 1}", f);
	fclose(f);
	CHECK(counts_read(path, &d, why, sizeof(why)) == -1);
	CHECK(strstr(why, "classes_given") != NULL);
	f = fopen(path, "w");
	fputs("{\"mfweights_counts\": 1, \"mfweights_counts\": 1}", f);
	fclose(f);
	CHECK(counts_read(path, &d, why, sizeof(why)) == -1);
	CHECK(strstr(why, "not a counts document") != NULL);
	/* Beyond what jansson reads exactly: refused, never rounded. */
	f = fopen(path, "w");
	fputs(
	    "{\"mfweights_counts\": 1, \"classes\": 18446744073709551615}", f);
	fclose(f);
	CHECK(counts_read(path, &d, why, sizeof(why)) == -1);
	unlink(path);
}

int
main(void)
{
	char path[256];

	CHECK(mkdtemp(dir) != NULL);
	test_roundtrip();
	test_bad();
	test_shards();
	snprintf(path, sizeof(path), "%s/a.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b.json", dir);
	unlink(path);
	rmdir(dir);
	return unit_done("test_counts");
}
