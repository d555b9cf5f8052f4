/*
 * archive.c: zip and tar archives (any compression libarchive reads)
 * given as operands, walked like directories (archive.h).
 *
 * DESIGN.  An archive is read twice with libarchive, never unpacked to
 * disk.  The first pass reads the member headers only (a zip's central
 * directory; a tar's headers, its data skipped): it keeps the regular
 * members that pass the walk's name filter, names the ones that cannot
 * be read (a name with "..", an absolute name, an encrypted member, one
 * larger than ARC_MAX_MEMBER) and sorts them as a directory walk would
 * (component by component, byte-wise), so that a member's number in walk
 * order, and with it --shard, --per-image and the skipped list, is the
 * same as for the unpacked tree.  An archive that fails in this pass
 * (truncated, damaged, a tar whose sizes lie, not an archive) is one bad
 * operand and none of its members is counted.
 *
 * The second pass streams the members in archive order: this thread (the
 * walk's, the only reader) inflates each member into a buffer and hands
 * it on with its number; the workers decode the buffers from memory with
 * the same PNG and TIFF readers as files (decode.h, dec_pread).  Memory
 * is bounded twice: a member grows its buffer only up to ARC_MAX_MEMBER
 * (a zip bomb is refused at that size, whatever its headers say), and the
 * buffers held by all readers together stay under FLIGHT_MAX (flight.c):
 * the reader waits for the workers before it inflates more.
 *
 * Order.  Counts are sums, so members may be decoded in any order.  Only
 * --per-image (and --sampling) writes lines in walk order, holding those
 * that finish early; for an archive whose members are not stored in name
 * order, the second pass then runs once per ARC_WINDOW members in walk
 * order, reading only those, so that at most that many lines are held.
 *
 * Links (symbolic or hard) and other non-regular members are passed over
 * and counted in a notice: like a link in a walk, they are not followed.
 * Members only GDAL reads are counted by the helper through GDAL's own
 * /vsizip/ or /vsitar/ path to the same member where GDAL can read the
 * archive (zip; tar, plain or gzip).
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "flight.h"
#include "msg.h"
#include "util.h"

/* Members per second pass when lines must stay near walk order: 1,024
 * lines of 300 classes are about 4 MiB (perimg.h, PERIMG_MAX_BYTES). */
#define ARC_WINDOW 1024
/* libarchive's read block. */
#define ARC_BLOCK  65536
/* First buffer for a member whose size the headers do not give. */
#define ARC_FIRST  65536

#define NONE ((size_t)-1)

/* A listed member. */
struct ent {
	char *name; /* as stored, less any leading "./" */
	size_t ord; /* its header's number in the archive */
	char *why;  /* a bad member: never read (or NULL) */
	int given;  /* handed on */
};

struct arc {
	const struct arc_env *env;
	const char *path;
	struct ent *e;
	size_t n, cap;
	size_t *byord; /* header number -> rank, or NONE */
	size_t nord;
	size_t base; /* the first member's number in walk order */
	size_t links, others;
	const char *vsi; /* "/vsizip/", "/vsitar/" or NULL */
	char err[512];   /* why the archive failed */
};

int
arc_probe(const unsigned char *h, size_t n)
{
	static const struct {
		size_t off, len;
		const char *sig;
	} sigs[] = {
	    {0, 4, "PK\3\4"},   /* zip */
	    {0, 4, "PK\5\6"},   /* empty zip */
	    {0, 2, "\x1f\x8b"}, /* gzip */
	    {0, 3, "BZh"},      /* bzip2 */
	    {0, 6,
		"\xfd"
		"7zXZ\0"},              /* xz */
	    {0, 4, "\x28\xb5\x2f\xfd"}, /* zstd */
	    {0, 4, "\x04\x22\x4d\x18"}, /* lz4 */
	    {257, 5, "ustar"},          /* POSIX and GNU tar */
	};
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (n >= sigs[i].off + sigs[i].len &&
		    memcmp(h + sigs[i].off, sigs[i].sig, sigs[i].len) == 0)
			return 1;
	return 0;
}

int
arc_cmpname(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	int x, y;

	for (; *p != '\0' && *p == *q; p++, q++)
		;
	x = *p == '/' ? 1 : *p;
	y = *q == '/' ? 1 : *q;
	return x - y;
}

static int
cmpent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = arc_cmpname(x->name, y->name);

	if (c != 0)
		return c;
	return (x->ord > y->ord) - (x->ord < y->ord);
}

static struct archive *
arc_open(struct arc *z)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		fatal_sys("cannot start reading an archive");
	archive_read_support_filter_all(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, z->path, ARC_BLOCK) != ARCHIVE_OK) {
		snprintf(z->err, sizeof(z->err), "cannot read archive: %s",
		    archive_error_string(a) ? archive_error_string(a)
					    : "unknown error");
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* libarchive's reason, for a message. */
static const char *
why_arc(struct archive *a)
{
	const char *s = archive_error_string(a);

	return s != NULL ? s : "unknown libarchive error";
}

/* The member name as shown: leading "./" dropped.  NULL: the name is
 * one whose member is bad (*why says why). */
static const char *
member_name(const char *name, const char **why)
{
	const char *p;

	*why = NULL;
	if (name == NULL || *name == '\0') {
		*why = "member without a name";
		return "";
	}
	while (name[0] == '.' && name[1] == '/')
		for (name += 2; *name == '/'; name++)
			;
	if (name[0] == '/') {
		*why = "member with an absolute name: not read";
		return name;
	}
	for (p = name; *p != '\0';
	     p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p))
		if (p[0] == '.' && p[1] == '.' &&
		    (p[2] == '/' || p[2] == '\0')) {
			*why = "member name with a \"..\" component: not read";
			break;
		}
	return name;
}

static void
add(struct arc *z, const char *name, size_t ord, char *why)
{
	if (z->n == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 256;
		z->e = xreallocarray(z->e, z->cap, sizeof(*z->e));
	}
	z->e[z->n++] = (struct ent){xstrdup(name), ord, why, 0};
}

static char *
sizewhy(const char *what, unsigned long long size)
{
	char buf[256];

	snprintf(buf, sizeof(buf),
	    "%s%llu bytes, over the %zu MiB limit for an archive member: "
	    "unpack the archive, or name the member by its GDAL /vsizip/ or "
	    "/vsitar/ path",
	    what, size, ARC_MAX_MEMBER >> 20);
	return xstrdup(buf);
}

/* Pass one: list, filter and check the members.  0, or -1 with z->err. */
static int
list(struct arc *z)
{
	struct archive *a;
	struct archive_entry *ae;
	const char *name, *why, *base;
	size_t ord;
	int r, fmt, filt;

	if ((a = arc_open(z)) == NULL)
		return -1;
	for (ord = 0;; ord++) {
		if ((r = archive_read_next_header(a, &ae)) == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			snprintf(z->err, sizeof(z->err),
			    "damaged or truncated archive, at member %zu: %s",
			    ord + 1, why_arc(a));
			archive_read_free(a);
			return -1;
		}
		if (archive_entry_filetype(ae) == AE_IFDIR)
			continue;
		if (archive_entry_hardlink(ae) != NULL ||
		    archive_entry_filetype(ae) == AE_IFLNK) {
			z->links++;
			continue;
		}
		if (archive_entry_filetype(ae) != AE_IFREG) {
			z->others++;
			continue;
		}
		name = member_name(archive_entry_pathname(ae), &why);
		base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		if (why == NULL && *base == '\0')
			continue; /* a directory stored as a file */
		if (why == NULL) {
			char *shown = arc_join(z->path, ARC_SEP, name);
			int keep = z->env->wanted(z->env->warg, shown, base);

			free(shown);
			if (!keep)
				continue;
		}
		if (why != NULL)
			add(z, name, ord, xstrdup(why));
		else if (archive_entry_is_encrypted(ae))
			add(z, name, ord,
			    xstrdup("encrypted member: mfweights reads no "
				    "passwords; decrypt the archive first"));
		else if (archive_entry_size_is_set(ae) &&
		    (uint64_t)archive_entry_size(ae) > ARC_MAX_MEMBER)
			add(z, name, ord,
			    sizewhy("member of ",
				(unsigned long long)archive_entry_size(ae)));
		else
			add(z, name, ord, NULL);
	}
	fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
	filt = archive_filter_code(a, 0);
	if (fmt == ARCHIVE_FORMAT_ZIP)
		z->vsi = "/vsizip/";
	else if (fmt == ARCHIVE_FORMAT_TAR &&
	    (filt == ARCHIVE_FILTER_NONE || filt == ARCHIVE_FILTER_GZIP))
		z->vsi = "/vsitar/";
	z->nord = ord;
	archive_read_free(a);
	return 0;
}

char *
arc_join(const char *a, const char *sep, const char *b)
{
	size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
	char *s = xmalloc(n);

	snprintf(s, n, "%s%s%s", a, sep, b);
	return s;
}

static void
give(struct arc *z, size_t k, struct scan_mem *m, char *why)
{
	struct ent *e = &z->e[k];
	struct scan_item it;

	memset(&it, 0, sizeof(it));
	it.path = arc_join(z->path, ARC_SEP, e->name);
	it.reason = why;
	it.mem = m;
	it.indexed = 1;
	it.index = z->base + k;
	e->given = 1;
	z->env->cb->item(z->env->cb->arg, &it);
}

/*
 * Inflate the current member into memory: 0 and *out, or -1 and a reason
 * in *why (malloc'd); fatal set if the archive cannot go on.
 */
static int
inflate_member(struct arc *z, struct archive *a, struct archive_entry *ae,
    struct scan_mem **out, char **why)
{
	struct flight_buf *m;
	size_t cap;
	unsigned char one;
	la_ssize_t r;
	char *vsi = NULL, *p;

	if (z->vsi != NULL) {
		p = arc_join(z->vsi, "", z->path);
		vsi = arc_join(p, "/", archive_entry_pathname(ae));
		free(p);
	}
	m = flight_buf_new(vsi);
	free(vsi);
	cap = archive_entry_size_is_set(ae) ? (size_t)archive_entry_size(ae)
					    : ARC_FIRST;
	flight_buf_grow(m, cap > 0 ? cap : 1);
	for (;;) {
		if (m->len < m->cap)
			r = archive_read_data(
			    a, m->buf + m->len, m->cap - m->len);
		else if ((r = archive_read_data(a, &one, 1)) == 1) {
			/* More than the buffer holds. */
			if (m->cap >= ARC_MAX_MEMBER) {
				*why = sizewhy("member inflates past ",
				    (unsigned long long)m->cap);
				goto fail;
			}
			flight_buf_grow(m,
			    m->cap * 2 < ARC_MAX_MEMBER ? m->cap * 2
							: ARC_MAX_MEMBER);
			m->buf[m->len++] = one;
			continue;
		}
		if (r < 0) {
			*why = arc_join("cannot read member: ", "", why_arc(a));
			goto fail;
		}
		if (r == 0)
			break;
		m->len += (size_t)r;
	}
	*out = flight_buf_mem(m);
	return 0;
fail:
	m->m.release(&m->m);
	return -1;
}

static int
stopped(const struct arc *z)
{
	const atomic_int *s = z->env->cb->stop;

	return s != NULL && atomic_load(s);
}

/* Hand on member k (the current header, a's). */
static void
member(struct arc *z, struct archive *a, struct archive_entry *ae, size_t k)
{
	const struct arc_env *env = z->env;
	struct ent *e = &z->e[k];
	struct scan_mem *m = NULL;
	char *why = NULL;
	size_t idx = z->base + k;

	if (env->shard_n > 0 && idx % env->shard_n != env->shard_k - 1)
		give(z, k, NULL, NULL); /* another shard's: not read */
	else if (e->why != NULL) {
		give(z, k, NULL, e->why);
		e->why = NULL;
	} else if (inflate_member(z, a, ae, &m, &why) == 0)
		give(z, k, m, NULL);
	else
		give(z, k, NULL, why);
}

/* One second pass: hand on the members ranked lo..hi-1.  0, or -1 with
 * z->err (the archive failed under us). */
static int
pass(struct arc *z, size_t lo, size_t hi)
{
	struct archive *a;
	struct archive_entry *ae;
	const char *name, *why;
	size_t ord, k, left = hi - lo;
	int r;

	if ((a = arc_open(z)) == NULL)
		return -1;
	for (ord = 0; left > 0 && !stopped(z); ord++) {
		if ((r = archive_read_next_header(a, &ae)) != ARCHIVE_OK &&
		    r != ARCHIVE_WARN) {
			snprintf(z->err, sizeof(z->err), "%s",
			    r == ARCHIVE_EOF ? "the archive changed while it "
					       "was read"
					     : why_arc(a));
			archive_read_free(a);
			return -1;
		}
		if (ord >= z->nord || (k = z->byord[ord]) == NONE || k < lo ||
		    k >= hi)
			continue;
		name = member_name(archive_entry_pathname(ae), &why);
		if (strcmp(name, z->e[k].name) != 0) {
			snprintf(z->err, sizeof(z->err),
			    "the archive changed while it was read");
			archive_read_free(a);
			return -1;
		}
		member(z, a, ae, k);
		left--;
	}
	archive_read_free(a);
	return 0;
}

/* What was passed over, once per archive. */
static void
notices(struct arc *z)
{
	char *q;

	if (z->links == 0 && z->others == 0)
		return;
	q = msg_quote(z->path);
	if (z->links > 0)
		msg_notice("%s: %zu link member%s passed over (links in an "
			   "archive are not followed)",
		    q, z->links, z->links == 1 ? "" : "s");
	if (z->others > 0)
		msg_notice("%s: %zu device, FIFO or other special member%s "
			   "passed over",
		    q, z->others, z->others == 1 ? "" : "s");
	free(q);
}

static void
bad_archive(struct arc *z)
{
	struct scan_item it;

	memset(&it, 0, sizeof(it));
	it.path = xstrdup(z->path);
	it.reason = xstrdup(z->err);
	it.explicit = 1;
	z->env->cb->item(z->env->cb->arg, &it);
}

int
arc_walk(const struct arc_env *env, const char *path)
{
	struct arc z;
	size_t i, lo, win;
	int sorted = 1, rc = 0;

	memset(&z, 0, sizeof(z));
	z.env = env;
	z.path = path;
	if (list(&z) != 0) {
		bad_archive(&z);
		goto out;
	}
	notices(&z);
	if (z.n > 1)
		qsort(z.e, z.n, sizeof(*z.e), cmpent);
	z.byord = xcalloc(z.nord ? z.nord : 1, sizeof(*z.byord));
	for (i = 0; i < z.nord; i++)
		z.byord[i] = NONE;
	for (i = 0; i < z.n; i++) {
		z.byord[z.e[i].ord] = i;
		if (i > 0 && z.e[i].ord < z.e[i - 1].ord)
			sorted = 0;
	}
	if (z.n == 0)
		goto out;
	z.base = env->cb->take(env->cb->arg, z.n);
	win = env->ordered && !sorted ? ARC_WINDOW : z.n;
	for (lo = 0; lo < z.n && !stopped(&z); lo += win)
		if (pass(&z, lo, lo + win < z.n ? lo + win : z.n) != 0)
			break;
	if (stopped(&z)) {
		rc = -1;
		goto out;
	}
	/* The archive failed part way: every member not handed on says
	 * so, and carries the number it was given. */
	for (i = 0; i < z.n; i++)
		if (!z.e[i].given) {
			char buf[640];

			snprintf(buf, sizeof(buf),
			    "not read: the archive failed before it: %s",
			    z.err);
			give(&z, i, NULL, xstrdup(buf));
		}
out:
	for (i = 0; i < z.n; i++) {
		free(z.e[i].name);
		free(z.e[i].why);
	}
	free(z.e);
	free(z.byord);
	return rc;
}
