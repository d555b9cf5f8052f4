/*
 * prov.c: provenance of counts documents (prov.h): the fingerprints of a
 * run's file list and counting options, and sets of shards.
 *
 * Fingerprints are FNV-1a 64, in hex.  The list's covers each walked
 * path and its terminating NUL, in walk order, so that two lists agree
 * only when they hold the same paths in the same order (paths hold no
 * NUL, so no two lists give the same byte stream).  XXX 64 bits: two
 * different lists (or option sets) agree by chance with odds of 2^-64
 * per pair, which is far below the chance of a disk error; FNV is no
 * defence against a list built on purpose to collide.
 *
 * The options' covers everything that changes what is counted in a
 * file, as one canonical text: the classes (or "inferred"), the ignore
 * values, --band, the nodata rule, the --map table and --map-default,
 * the --colors table and --unknown-color, --decoder, --max-pixels and
 * --allow-vrt.  What changes which files are walked (operands,
 * --files-from, --include, --exclude, --follow) is in the list's.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "prov.h"
#include "util.h"

uint64_t
fnv1a64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * UINT64_C(0x100000001b3);
	return h;
}

static void
hex16(uint64_t h, char out[17])
{
	snprintf(out, 17, "%016" PRIx64, h);
}

void
prov_list_init(struct prov_list *l)
{
	l->h = 0;
	l->n = 0;
}

/*
 * Each path is hashed with its place in the walk and the hashes are
 * summed: the same ordered list gives the same fingerprint whatever order
 * the paths are handed on in (archive members and remote files reach
 * run.c as they are read, not in walk order), and a path moved to another
 * place changes it.
 */
void
prov_list_add(struct prov_list *l, uint64_t index, const char *path)
{
	uint64_t h = fnv1a64(FNV_BASIS, &index, sizeof(index));

	h = fnv1a64(h, path, strlen(path) + 1);
	/* FNV's last byte is weakly mixed; finish as splitmix64 does. */
	h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
	l->h += h ^ (h >> 31);
	l->n++;
}

/* The canonical text of the counting options, hashed. */
static void
options_fingerprint(const struct mfw_opts *o, char out[17])
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *f;

	if ((f = open_memstream(&text, &len)) == NULL)
		fatal_sys("open_memstream");
	if (o->classes > 0)
		fprintf(f, "classes=%ld\n", o->classes);
	else
		fputs("classes=inferred\n", f);
	fputs("ignore=", f);
	for (i = 0; i < o->nignore; i++)
		fprintf(f, "%s%" PRId64, i ? "," : "", o->ignore[i]);
	fprintf(f, "\nband=%d\nnodata=%d\n", o->dec.band, !o->dec.no_nodata);
	if (o->map != NULL) {
		fprintf(f, "map=%s\n", o->map->digest);
		if (o->map->has_default)
			fprintf(f, "map-default=%" PRId64 "\n", o->map->def);
	}
	if (o->dec.colors != NULL)
		fprintf(f, "colors=%s\nunknown-color=%s\n",
		    o->dec.colors->digest,
		    o->dec.colors->unknown_ignore ? "ignore" : "error");
	fprintf(f, "decoder=%d\nmax-pixels=%" PRIu64 "\nallow-vrt=%d\n",
	    (int)o->dec.decoder, o->dec.max_pixels, o->dec.allow_vrt);
	if (fclose(f) != 0)
		fatal_sys("open_memstream");
	hex16(fnv1a64(FNV_BASIS, text, len), out);
	free(text);
}

void
prov_of_run(struct prov *p, const struct mfw_opts *o, const struct prov_list *l,
    uint64_t files)
{
	memset(p, 0, sizeof(*p));
	hex16(l->h, p->list);
	p->list_files = l->n;
	options_fingerprint(o, p->options);
	p->set.n = o->shard_n > 0 ? o->shard_n : 1;
	p->set.r = xmalloc(sizeof(*p->set.r));
	p->set.r[0].lo = p->set.r[0].hi = o->shard_n > 0 ? o->shard_k : 1;
	p->set.nr = 1;
	p->files = files;
}

void
prov_free(struct prov *p)
{
	shardset_free(&p->set);
}

void
prov_copy(struct prov *dst, const struct prov *src)
{
	*dst = *src;
	dst->set.r =
	    xcalloc(src->set.nr ? src->set.nr : 1, sizeof(*src->set.r));
	if (src->set.nr > 0)
		memcpy(
		    dst->set.r, src->set.r, src->set.nr * sizeof(*src->set.r));
}

void
shardset_free(struct shardset *s)
{
	free(s->r);
	s->r = NULL;
	s->nr = 0;
}

/* Append lo..hi (at or after the last range) to s, joining neighbours. */
static void
push(struct shardset *s, size_t *cap, uint32_t lo, uint32_t hi)
{
	if (s->nr > 0 && lo <= s->r[s->nr - 1].hi + 1) {
		if (hi > s->r[s->nr - 1].hi)
			s->r[s->nr - 1].hi = hi;
		return;
	}
	if (s->nr == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		s->r = xreallocarray(s->r, *cap, sizeof(*s->r));
	}
	s->r[s->nr++] = (struct shard_range){lo, hi};
}

/* A number 1..max at *s, advancing *s; 0 if there is none. */
static uint32_t
number(const char **s, uint32_t max)
{
	uint64_t v = 0;
	const char *p = *s;

	if (*p < '0' || *p > '9' || *p == '0')
		return 0;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p++ - '0');
		if (v > max)
			return 0;
	}
	*s = p;
	return (uint32_t)v;
}

int
shardset_parse(const char *s, struct shardset *set, char *why, size_t n)
{
	const char *slash, *p, *q;
	uint32_t lo, hi, last = 0;
	size_t cap = 0;

	memset(set, 0, sizeof(*set));
	if (strcmp(s, "whole") == 0)
		s = "1/1";
	slash = strrchr(s, '/');
	q = slash ? slash + 1 : "";
	if (slash == NULL || (set->n = number(&q, 1000000000)) == 0 ||
	    *q != '\0')
		goto bad;
	for (p = s; p < slash;) {
		if ((lo = number(&p, set->n)) == 0)
			goto bad;
		hi = lo;
		if (*p == '-') {
			p++;
			if ((hi = number(&p, set->n)) == 0 || hi < lo)
				goto bad;
		}
		/* Ranges in rising order, apart: one way to write a set. */
		if (lo <= last || (last > 0 && lo == last + 1))
			goto bad;
		push(set, &cap, lo, hi);
		last = hi;
		if (p < slash && *p++ != ',')
			goto bad;
		if (p == slash && p[-1] == ',')
			goto bad;
	}
	if (set->nr > 0)
		return 0;
bad:
	snprintf(why, n,
	    "\"shards\" is not \"whole\" or SET/N (such as \"3/16\" or "
	    "\"1-4,9/16\")");
	shardset_free(set);
	return -1;
}

void
shardset_print(FILE *f, const struct shardset *s)
{
	size_t i;

	if (s->n == 1 && s->nr == 1) {
		fputs("whole", f);
		return;
	}
	for (i = 0; i < s->nr; i++) {
		fprintf(f, "%s%" PRIu32, i ? "," : "", s->r[i].lo);
		if (s->r[i].hi > s->r[i].lo)
			fprintf(f, "-%" PRIu32, s->r[i].hi);
	}
	fprintf(f, "/%" PRIu32, s->n);
}

char *
shardset_str(const struct shardset *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal_sys("open_memstream");
	shardset_print(f, s);
	if (fclose(f) != 0)
		fatal_sys("open_memstream");
	return buf;
}

int
shardset_has(const struct shardset *s, uint32_t k)
{
	size_t lo = 0, hi = s->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->r[mid].hi < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nr && s->r[lo].lo <= k;
}

uint64_t
shardset_files(const struct shardset *s, uint64_t m)
{
	/* Path i (from 0) goes to shard i mod n + 1: shards 1..m mod n
	 * take m / n + 1 paths, the others m / n. */
	uint64_t q = m / s->n, r = m % s->n, sum = 0;
	size_t i;

	for (i = 0; i < s->nr; i++) {
		uint64_t lo = s->r[i].lo, hi = s->r[i].hi;

		sum += (hi - lo + 1) * q;
		if (lo <= r)
			sum += (hi < r ? hi : r) - lo + 1;
	}
	return sum;
}

static int
cmprange(const void *a, const void *b)
{
	const struct shard_range *x = a, *y = b;

	return (x->lo > y->lo) - (x->lo < y->lo);
}

void
shardset_union(const struct shardset *const *a, size_t k, struct shardset *out,
    struct shardset *missing)
{
	struct shard_range *all;
	struct shardset u = {k > 0 ? a[0]->n : 1, NULL, 0};
	size_t n = 0, i, j, cap = 0;

	for (i = 0; i < k; i++)
		n += a[i]->nr;
	all = xcalloc(n ? n : 1, sizeof(*all));
	for (i = n = 0; i < k; i++)
		for (j = 0; j < a[i]->nr; j++)
			all[n++] = a[i]->r[j];
	qsort(all, n, sizeof(*all), cmprange);
	for (i = 0; i < n; i++)
		push(&u, &cap, all[i].lo, all[i].hi);
	free(all);
	if (missing != NULL) {
		uint32_t next = 1;
		size_t mcap = 0;

		*missing = (struct shardset){u.n, NULL, 0};
		for (i = 0; i < u.nr; i++) {
			if (u.r[i].lo > next)
				push(missing, &mcap, next, u.r[i].lo - 1);
			next = u.r[i].hi + 1;
		}
		if (next <= u.n)
			push(missing, &mcap, next, u.n);
	}
	if (out != NULL)
		*out = u;
	else
		shardset_free(&u);
}

void
shardset_common(
    const struct shardset *a, const struct shardset *b, struct shardset *out)
{
	size_t i = 0, j = 0, cap = 0;

	*out = (struct shardset){a->n, NULL, 0};
	while (i < a->nr && j < b->nr) {
		uint32_t lo = a->r[i].lo > b->r[j].lo ? a->r[i].lo : b->r[j].lo;
		uint32_t hi = a->r[i].hi < b->r[j].hi ? a->r[i].hi : b->r[j].hi;

		if (lo <= hi)
			push(out, &cap, lo, hi);
		if (a->r[i].hi < b->r[j].hi)
			i++;
		else
			j++;
	}
}
