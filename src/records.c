/*
 * records.c: per-image files read back (records.h).
 *
 * DESIGN.  Each input file is a source with one parsed record waiting
 * (its head).  The first pass merges the sources by index through a
 * binary heap, as later passes will if it finds them to be shards of one
 * walk: every record has an index, indexes rise within each file and no
 * two are equal.  If one of these fails, the first pass still yields
 * every record once (its order only matters to callers that sum), and
 * the later passes read the files one after the other.  Memory: one
 * record per source and the heap, whatever the number of lines.  Lines
 * are read by the bounded reader (lineread.h, at most LR_REC_LINE_MAX)
 * and parsed with jansson; a bad line, a read error or a line over the
 * limit stops the pass with a message naming the file and the line.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <jansson.h>

#include "lineread.h"
#include "mfweights.h"
#include "msg.h"
#include "records.h"
#include "util.h"

struct src {
	struct lr r;
	FILE *f; /* a spool: the caller's stream, or standard input's */
	char *name;
	int own; /* f is ours to close */
	struct rec head;
	int has_head;
	int started;   /* last is set */
	uint64_t last; /* the index of the previous record */
};

enum { ORDER_FIRST, ORDER_WALK, ORDER_GIVEN };

struct rec_in {
	struct src *s;
	size_t n;
	int order;    /* ORDER_*: the order of this pass */
	int unsorted; /* the first pass found the files not to be shards */
	size_t cur;   /* ORDER_GIVEN: the source being read */
	size_t *heap; /* sources with a head, by (index, source) */
	size_t nheap;
	uint64_t count; /* records of this pass so far */
	int passes;
	int have_prev; /* first pass: the previous record of the merge */
	uint64_t prev_index;
	char *prev_path;
	size_t prev_src;
};

static void
rec_clear(struct rec *r)
{
	free(r->path);
	r->path = NULL;
	r->n = 0;
	r->has_index = 0;
	r->index = 0; /* a record without one sorts as 0 (before) */
}

void
rec_free(struct rec *r)
{
	free(r->path);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static struct rec_in *
in_new(size_t n)
{
	struct rec_in *in = xcalloc(1, sizeof(*in));

	in->s = xcalloc(n ? n : 1, sizeof(*in->s));
	in->n = n;
	in->heap = xcalloc(n ? n : 1, sizeof(*in->heap));
	in->order = ORDER_FIRST;
	return in;
}

/* Read the spool f (flushed before each pass) through s->r. */
static void
src_spool(struct src *s, FILE *f, const char *name)
{
	s->f = f;
	lr_fdopen(&s->r, fileno(f), name, '\n', LR_TEXT, LR_REC_LINE_MAX, 0);
}

struct rec_in *
rec_from_stream(FILE *f, const char *name)
{
	struct rec_in *in = in_new(1);

	in->s[0].name = xstrdup(name);
	src_spool(&in->s[0], f, in->s[0].name);
	return in;
}

/* A reader's error: its message, its level.  -1. */
static int
lr_fail(int rc, const char *err)
{
	msg_err("%s", err);
	msg_level(rc == LR_SYS ? MFW_SYSERR : MFW_BADINPUT);
	return -1;
}

/*
 * Standard input, copied line by line to an unlinked temporary file, so
 * that the limits apply as it is read (an endless stream stops at its
 * first line over the limit).  The temporary file, or NULL after a
 * message.
 */
static FILE *
spool_stdin(void)
{
	struct lr r;
	char err[PATH_MAX + 256], *line;
	size_t len;
	int rc;
	FILE *t = tmpfile();

	if (t == NULL) {
		msg_err("cannot create a temporary file for standard input: %s",
		    strerror(errno));
		msg_level(MFW_SYSERR);
		return NULL;
	}
	lr_open(&r, "-", '\n', LR_TEXT, LR_REC_LINE_MAX, 0, err, sizeof(err));
	while ((rc = lr_next(&r, &line, &len, err, sizeof(err))) == LR_LINE)
		if (fwrite(line, 1, len, t) != len ||
		    (!r.cut && putc('\n', t) == EOF))
			break;
	lr_close(&r);
	if (rc < 0 || ferror(t) || fflush(t) != 0) {
		if (rc < 0)
			lr_fail(rc, err);
		else {
			msg_err("cannot copy standard input to a temporary "
				"file: %s",
			    strerror(errno));
			msg_level(MFW_SYSERR);
		}
		fclose(t);
		return NULL;
	}
	return t;
}

struct rec_in *
rec_open(char *const *paths, size_t n)
{
	struct rec_in *in = in_new(n);
	char err[PATH_MAX + 256];
	size_t i;
	FILE *t;
	int rc;

	for (i = 0; i < n; i++) {
		struct src *s = &in->s[i];

		s->name = xstrdup(paths[i]);
		if (strcmp(paths[i], "-") == 0) {
			if ((t = spool_stdin()) == NULL)
				goto fail;
			s->own = 1;
			src_spool(s, t, "standard input");
			continue;
		}
		rc = lr_open(&s->r, paths[i], '\n', LR_TEXT, LR_REC_LINE_MAX, 0,
		    err, sizeof(err));
		if (rc != 0) {
			msg_file(paths[i], "cannot read: %s",
			    strerror(s->r.open_errno));
			msg_level(rc == LR_SYS ? MFW_SYSERR : MFW_BADINPUT);
			goto fail;
		}
	}
	return in;
fail:
	rec_close(in);
	return NULL;
}

void
rec_close(struct rec_in *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->n; i++) {
		lr_close(&in->s[i].r);
		if (in->s[i].own && in->s[i].f != NULL)
			fclose(in->s[i].f);
		free(in->s[i].name);
		rec_free(&in->s[i].head);
	}
	free(in->s);
	free(in->heap);
	free(in->prev_path);
	free(in);
}

uint64_t
rec_count(const struct rec_in *in)
{
	return in->count;
}

/* A whole number >= 0 under key: 1, 0 if absent and optional, or -1. */
static int
get_u64(
    json_t *o, const char *key, uint64_t *v, int optional, char *why, size_t n)
{
	json_t *x = json_object_get(o, key);

	if (x == NULL && optional)
		return 0;
	if (!json_is_integer(x) || json_integer_value(x) < 0) {
		snprintf(why, n, "\"%s\" is missing or not a whole number >= 0",
		    key);
		return -1;
	}
	*v = (uint64_t)json_integer_value(x);
	return 1;
}

static char *
unhex(const char *h)
{
	size_t len = strlen(h), i;
	char *s;
	int hi, lo;

	if (len % 2 != 0)
		return NULL;
	s = xmalloc(len / 2 + 1);
	for (i = 0; i < len / 2; i++) {
		hi = h[2 * i] >= '0' && h[2 * i] <= '9'  ? h[2 * i] - '0'
		    : h[2 * i] >= 'a' && h[2 * i] <= 'f' ? h[2 * i] - 'a' + 10
							 : -1;
		lo = h[2 * i + 1] >= '0' && h[2 * i + 1] <= '9'
		    ? h[2 * i + 1] - '0'
		    : h[2 * i + 1] >= 'a' && h[2 * i + 1] <= 'f'
		    ? h[2 * i + 1] - 'a' + 10
		    : -1;
		if (hi < 0 || lo < 0 || (hi | lo) == 0) {
			free(s);
			return NULL;
		}
		s[i] = (char)(hi << 4 | lo);
	}
	s[len / 2] = '\0';
	return s;
}

/* A class key as --per-image writes it: decimal, no leading zero, a
 * class id below MFW_MAX_CLASSES.  The class, or -1. */
static long
class_key(const char *k)
{
	long v = 0;
	size_t i;

	if (k[0] == '\0' || (k[0] == '0' && k[1] != '\0') || strlen(k) > 5)
		return -1;
	for (i = 0; k[i] != '\0'; i++) {
		if (k[i] < '0' || k[i] > '9')
			return -1;
		v = v * 10 + (k[i] - '0');
	}
	return v < MFW_MAX_CLASSES ? v : -1;
}

static int
cmpcls(const void *a, const void *b)
{
	uint32_t x = ((const struct rec_cls *)a)->c;
	uint32_t y = ((const struct rec_cls *)b)->c;

	return (x > y) - (x < y);
}

static int
parse_obj(json_t *o, struct rec *r, char *why, size_t n)
{
	json_t *path = json_object_get(o, "path");
	json_t *hex = json_object_get(o, "path_hex");
	json_t *counts = json_object_get(o, "counts"), *x;
	const char *k;
	long c;
	int got;

	if (!json_is_string(path) || (hex != NULL && !json_is_string(hex))) {
		snprintf(why, n, "no \"path\": not a --per-image line");
		return -1;
	}
	r->path = hex ? unhex(json_string_value(hex))
		      : xstrdup(json_string_value(path));
	if (r->path == NULL) {
		snprintf(why, n, "\"path_hex\" is not the hex bytes of a path");
		return -1;
	}
	if ((got = get_u64(o, "index", &r->index, 1, why, n)) < 0)
		return -1;
	r->has_index = got;
	if (get_u64(o, "width", &r->width, 0, why, n) < 0 ||
	    get_u64(o, "height", &r->height, 0, why, n) < 0 ||
	    get_u64(o, "pixels_ignored", &r->ignored, 0, why, n) < 0 ||
	    get_u64(o, "pixels_nodata", &r->nodata, 0, why, n) < 0)
		return -1;
	if (!json_is_object(counts)) {
		snprintf(why, n, "\"counts\" is missing or not an object");
		return -1;
	}
	json_object_foreach(counts, k, x)
	{
		if ((c = class_key(k)) < 0) {
			snprintf(why, n,
			    "\"counts\" has the key \"%.40s\", which is not a "
			    "class 0..%d",
			    k, MFW_MAX_CLASSES - 1);
			return -1;
		}
		if (!json_is_integer(x) || json_integer_value(x) <= 0) {
			snprintf(why, n,
			    "the count of class %ld is not a whole number > 0",
			    c);
			return -1;
		}
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 16;
			r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
		}
		r->v[r->n++] = (struct rec_cls){
		    (uint32_t)c, (uint64_t)json_integer_value(x)};
	}
	if (r->n > 1) /* qsort takes no NULL, even for no element */
		qsort(r->v, r->n, sizeof(*r->v), cmpcls);
	return 0;
}

/* The next record of s into s->head: 1, 0 at the end, -1 after a
 * message. */
static int
src_read(struct src *s)
{
	json_error_t je;
	json_t *o;
	size_t len;
	char why[256], err[PATH_MAX + 256], *line;
	int rc;

	rec_clear(&s->head);
	s->has_head = 0;
	do {
		rc = lr_next(&s->r, &line, &len, err, sizeof(err));
		if (rc == LR_EOF)
			return 0;
		if (rc < 0)
			return lr_fail(rc, err);
	} while (len == 0);
	o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (o == NULL) {
		if (s->r.cut)
			msg_file(s->name,
			    "line %zu is cut short: the run that wrote this "
			    "file did not finish; count those images again",
			    s->r.lineno);
		else
			msg_file(s->name, "line %zu: not JSON: %s", s->r.lineno,
			    strip_ctrl(je.text));
		msg_level(MFW_BADINPUT);
		return -1;
	}
	rc = json_is_object(o) ? parse_obj(o, &s->head, why, sizeof(why))
			       : (snprintf(why, sizeof(why),
				      "not a JSON object: not a --per-image "
				      "line"),
				     -1);
	json_decref(o);
	if (rc != 0) {
		msg_file(s->name, "line %zu: %s", s->r.lineno, why);
		msg_level(MFW_BADINPUT);
		return -1;
	}
	s->has_head = 1;
	return 1;
}

/* Heap order: by index, then by source (records without an index sort
 * as 0; the first pass then reads on, and the next reads as given). */
static int
before(const struct rec_in *in, size_t a, size_t b)
{
	uint64_t x = in->s[a].head.index, y = in->s[b].head.index;

	return x != y ? x < y : a < b;
}

static void
heap_push(struct rec_in *in, size_t src)
{
	size_t i = in->nheap++, up;

	while (i > 0 && before(in, src, in->heap[up = (i - 1) / 2])) {
		in->heap[i] = in->heap[up];
		i = up;
	}
	in->heap[i] = src;
}

static size_t
heap_pop(struct rec_in *in)
{
	size_t top = in->heap[0], last = in->heap[--in->nheap], i = 0, c;

	while ((c = 2 * i + 1) < in->nheap) {
		if (c + 1 < in->nheap &&
		    before(in, in->heap[c + 1], in->heap[c]))
			c++;
		if (!before(in, in->heap[c], last))
			break;
		in->heap[i] = in->heap[c];
		i = c;
	}
	if (in->nheap > 0)
		in->heap[i] = last;
	return top;
}

int
rec_rewind(struct rec_in *in)
{
	char err[PATH_MAX + 256];
	size_t i;
	int rc;

	if (in->passes++ > 0) {
		/* A later pass: the first one decided the order. */
		if (in->unsorted && in->order != ORDER_GIVEN && in->n > 1)
			msg_notice("the per-image files are not the shards of "
				   "one walk: their images are taken file by "
				   "file, in the order given");
		in->order = in->unsorted ? ORDER_GIVEN : ORDER_WALK;
	}
	in->count = 0;
	in->nheap = 0;
	in->cur = 0;
	in->have_prev = 0;
	for (i = 0; i < in->n; i++) {
		struct src *s = &in->s[i];

		/* A spool's last lines may wait in its stdio buffer. */
		if (s->f != NULL && fflush(s->f) != 0) {
			msg_file(s->name, "cannot write: %s", strerror(errno));
			msg_level(MFW_SYSERR);
			return -1;
		}
		if ((rc = lr_rewind(&s->r, err, sizeof(err))) != 0)
			return lr_fail(rc, err);
		s->started = 0;
		s->has_head = 0;
		if (in->order == ORDER_GIVEN)
			continue;
		if ((rc = src_read(s)) < 0)
			return -1;
		if (rc > 0)
			heap_push(in, i);
	}
	return 0;
}

static void
swap_out(struct src *s, struct rec *r)
{
	struct rec t = *r;

	*r = s->head;
	s->head = t;
	s->has_head = 0;
}

/* The first pass's checks: are the files shards of one walk? */
static int
first_checks(struct rec_in *in, size_t src, const struct rec *r)
{
	struct src *s = &in->s[src];

	if (!r->has_index || (s->started && r->index <= s->last))
		in->unsorted = 1;
	s->started = 1;
	s->last = r->index;
	if (r->has_index && in->have_prev && r->index == in->prev_index) {
		if (strcmp(r->path, in->prev_path) == 0) {
			msg_file(s->name,
			    "line %zu: image %llu (%s) is also in %s: the same "
			    "per-image lines were given twice",
			    s->r.lineno, (unsigned long long)r->index, r->path,
			    in->s[in->prev_src].name);
			msg_level(MFW_BADINPUT);
			return -1;
		}
		in->unsorted = 1;
	}
	in->have_prev = 1;
	in->prev_index = r->index;
	in->prev_src = src;
	free(in->prev_path);
	in->prev_path = xstrdup(r->path);
	return 0;
}

int
rec_next(struct rec_in *in, struct rec *r)
{
	size_t src;
	int rc;

	rec_clear(r);
	if (in->order == ORDER_GIVEN) {
		while (in->cur < in->n) {
			if ((rc = src_read(&in->s[in->cur])) < 0)
				return -1;
			if (rc > 0) {
				swap_out(&in->s[in->cur], r);
				in->count++;
				return 1;
			}
			in->cur++;
		}
		return 0;
	}
	if (in->nheap == 0)
		return 0;
	src = heap_pop(in);
	swap_out(&in->s[src], r);
	/* The lineno of the record just taken, for messages. */
	if (in->order == ORDER_FIRST && first_checks(in, src, r) != 0)
		return -1;
	if ((rc = src_read(&in->s[src])) < 0)
		return -1;
	if (rc > 0)
		heap_push(in, src);
	in->count++;
	return 1;
}

/*
 * The kind of path by its first non-blank line, read with lines of at
 * most max bytes; as rec_kind_of, and *lead is the first byte of a line
 * over max (0 if none).
 */
static enum rec_kind
sniff(const char *path, size_t max, int *lead, char *why, size_t n)
{
	struct lr r;
	char *line;
	size_t len;
	json_error_t je;
	json_t *o = NULL;
	enum rec_kind k = REC_UNKNOWN;
	struct stat sb;
	int rc;

	*lead = 0;
	if ((rc = lr_open(&r, path, '\n', LR_TEXT, max, 0, why, n)) != 0) {
		if (rc == LR_SYS) {
			snprintf(why, n, "%s: cannot read: %s", path,
			    strerror(r.open_errno));
			return REC_SYSERR;
		}
		snprintf(why, n, "cannot read: %s", strerror(r.open_errno));
		return REC_UNKNOWN;
	}
	if (fstat(r.fd, &sb) == 0 &&
	    (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode))) {
		/* Opened again and read twice: a pipe would lose lines. */
		snprintf(why, n,
		    "a pipe, and per-image files are read more than once: give "
		    "a file, or the pipe as standard input (-)");
		lr_close(&r);
		return REC_UNKNOWN;
	}
	do
		rc = lr_next(&r, &line, &len, why, n);
	while (rc == LR_LINE && len == 0);
	if (rc == LR_EOF)
		k = REC_PERIMAGE; /* empty: a shard with no image */
	else if (rc < 0) {
		k = rc == LR_SYS ? REC_SYSERR : REC_BAD;
		if (r.toolong)
			*lead = (unsigned char)r.line[strspn(r.line, " \t")];
	} else if ((o = json_loadb(line, len, 0, &je)) != NULL &&
	    json_is_object(o) && json_object_get(o, "path") != NULL)
		k = REC_PERIMAGE;
	else if ((o != NULL && json_is_object(o) &&
		     json_object_get(o, "mfweights_counts") != NULL) ||
	    (len > 0 && line[0] == '{' && o == NULL))
		k = REC_COUNTS; /* counts.c reads it whole and judges */
	else
		snprintf(
		    why, n, "neither --per-image lines nor a counts document");
	json_decref(o);
	lr_close(&r);
	return k;
}

enum rec_kind
rec_kind_of(const char *path, char *why, size_t n)
{
	enum rec_kind k;
	char *again;
	int lead;

	if (strcmp(path, "-") == 0)
		return REC_PERIMAGE;
	k = sniff(path, LR_REC_LINE_MAX, &lead, why, n);
	if (lead != '{')
		return k;
	/* A line over the limit may be a counts document on one line (its
	 * arrays of 65,536 classes pass it): read it as counts.c will.  A
	 * record that long keeps its error. */
	again = xmalloc(n);
	if (sniff(path, LR_DOC_MAX, &lead, again, n) == REC_COUNTS)
		k = REC_COUNTS;
	free(again);
	return k;
}

int
rec_inputs_read(struct rec_inputs *ri, char *const *files, size_t n)
{
	struct counts_doc d;
	const char *refpath = NULL, *bad;
	char why[PATH_MAX + 256];
	enum rec_kind k;
	size_t i;
	int rc = 0;

	memset(ri, 0, sizeof(*ri));
	ri->perimg = xcalloc(n ? n : 1, sizeof(*ri->perimg));
	ri->t.P = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	ri->t.I = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	ri->t.T = xcalloc(MFW_MAX_CLASSES, sizeof(uint64_t));
	for (i = 0; i < n; i++) {
		switch (k = rec_kind_of(files[i], why, sizeof(why))) {
		case REC_PERIMAGE:
			ri->perimg[ri->nperimg++] = files[i];
			continue;
		case REC_UNKNOWN:
			msg_file(files[i], "%s", why);
			rc = MFW_BADINPUT;
			continue;
		case REC_BAD:
		case REC_SYSERR:
			msg_err("%s", why);
			msg_level(k == REC_SYSERR ? MFW_SYSERR : MFW_BADINPUT);
			rc = MFW_BADINPUT;
			continue;
		case REC_COUNTS:
			break;
		}
		if (counts_read(files[i], &d, why, sizeof(why)) != 0) {
			msg_file(files[i], "%s", why);
			rc = MFW_BADINPUT;
			continue;
		}
		if (refpath == NULL) {
			refpath = files[i];
			ri->p = d.p;
			ri->p.ignore =
			    xcalloc(d.p.nignore + 1, sizeof(int64_t));
			if (d.p.nignore > 0)
				memcpy(ri->p.ignore, d.p.ignore,
				    d.p.nignore * sizeof(int64_t));
		} else if ((bad = counts_incompatible(&ri->p, &d.p)) != NULL) {
			msg_file(files[i], "cannot be used with %s: %s",
			    refpath, bad);
			rc = MFW_BADINPUT;
		}
		if (rc == 0 &&
		    (counts_add(&ri->t, &d, why, sizeof(why)) != 0 ||
			counts_check(&d, why, sizeof(why)) != 0)) {
			msg_file(files[i], "%s", why);
			rc = MFW_BADINPUT;
		}
		ri->have_counts = 1;
		counts_free(&d);
	}
	if (ri->have_counts && ri->p.classes_given)
		ri->t.n = ri->p.classes;
	return rc;
}

void
rec_inputs_free(struct rec_inputs *ri)
{
	free(ri->perimg);
	free(ri->p.ignore);
	free(ri->t.P);
	free(ri->t.I);
	free(ri->t.T);
	memset(ri, 0, sizeof(*ri));
}

int
rec_inputs_check(const struct rec_inputs *ri, uint64_t images,
    const uint64_t *P, const uint64_t *I, size_t n, uint64_t ignored,
    uint64_t nodata)
{
	const struct totals *t = &ri->t;
	size_t c, m = n > t->n ? n : t->n;
	const char *what = NULL;

	if (images != t->images) {
		msg_err(
		    "the per-image files hold %llu images, the counts "
		    "documents %llu: a per-image file is missing, cut short "
		    "or from another run",
		    (unsigned long long)images, (unsigned long long)t->images);
		return -1;
	}
	for (c = 0; c < m && what == NULL; c++)
		if ((c < n ? P[c] : 0) != t->P[c])
			what = "pixels";
		else if ((c < n ? I[c] : 0) != t->I[c])
			what = "images";
	if (what != NULL) {
		msg_err("class %zu has other %s in the per-image files than in "
			"the counts documents: they come from different runs",
		    c - 1, what);
		return -1;
	}
	if (ignored != t->px_ignored || nodata != t->px_nodata) {
		msg_err("the ignored or nodata pixels of the per-image files "
			"differ from the counts documents': they come from "
			"different runs");
		return -1;
	}
	return 0;
}
