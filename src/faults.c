/*
 * faults.c: bad files grouped by fault (faults.h).
 *
 * DESIGN.  Workers record each bad file with its reason and a tag (kind
 * and bad values) in their own skipped lists; nothing is printed then,
 * except system errors, which stop the run at once.  After the join the
 * run sorts the lists by walk order and calls faults_tell(), so what is
 * printed is the same for any number of threads.  Files fall into groups:
 * by kind, and for the kinds whose advice is in the reason itself by the
 * reason's words with its numbers left out.  The budget, MAX_LINES in
 * all: every file its line when they fit; else, for one fault,
 * MAX_EXAMPLES file lines and the fault's line; for several, one line
 * per fault (its first file named) and one for the faults past the
 * budget; then one closing line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults.h"
#include "labels.h"
#include "mfweights.h"
#include "msg.h"
#include "util.h"

#define MAX_LINES    12 /* below this, every bad file has its line */
#define MAX_EXAMPLES 5  /* file lines when one fault is met */
#define MAX_VALUES   32 /* values tracked per group */

struct vcount {
	int64_t v;
	size_t files;
};

struct group {
	int kind;
	char *key; /* the reason with numbers left out, or NULL */
	size_t files;
	size_t first; /* index in the sorted list of its first file */
	struct vcount val[MAX_VALUES];
	size_t nval;
	int partial; /* some bad values are not in val */
	int64_t vmax;
};

/* The words of a reason, each run of digits as '#'. */
static char *
words(const char *s)
{
	char *k = xmalloc(strlen(s) + 1), *o = k;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (o == k || o[-1] != '#')
				*o++ = '#';
		} else
			*o++ = *s;
	}
	*o = '\0';
	return k;
}

static int
valued(int kind)
{
	return kind == FAULT_LABEL || kind == FAULT_UNMAPPED ||
	    kind == FAULT_COLOUR;
}

static void
add_value(struct group *g, int64_t v)
{
	size_t i;

	for (i = 0; i < g->nval; i++)
		if (g->val[i].v == v) {
			g->val[i].files++;
			return;
		}
	if (g->nval == MAX_VALUES) {
		g->partial = 1;
		return;
	}
	g->val[g->nval++] = (struct vcount){v, 1};
}

static int
cmpv(const void *a, const void *b)
{
	int64_t x = ((const struct vcount *)a)->v;
	int64_t y = ((const struct vcount *)b)->v;

	return (x > y) - (x < y);
}

/* Colours: the commonest first. */
static int
cmpfiles(const void *a, const void *b)
{
	size_t x = ((const struct vcount *)a)->files;
	size_t y = ((const struct vcount *)b)->files;

	return x != y ? (x < y) - (x > y) : cmpv(a, b);
}

int
faults_kind_of(const char *r)
{
	if (strncmp(r, "lossy ", 6) == 0)
		return FAULT_LOSSY;
	if (strstr(r, "photograph") != NULL)
		return FAULT_PHOTO;
	if (strstr(r, "pass --colors") != NULL)
		return FAULT_RGB;
	if (strncmp(r, "not a mask", 10) == 0)
		return FAULT_NOTMASK;
	return FAULT_OTHER;
}

/* Append printf text to buf at *o, never past n. */
static void __attribute__((format(printf, 4, 5)))
cat(char *buf, size_t n, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*o >= n - 1)
		return;
	va_start(ap, fmt);
	r = vsnprintf(buf + *o, n - *o, fmt, ap);
	va_end(ap);
	if (r > 0)
		*o += (size_t)r < n - *o ? (size_t)r : n - *o - 1;
}

/* "11 (367 files), 12 (3 files)": the values of a group, lowest first. */
static void
list_values(char *buf, size_t n, size_t *o, struct group *g)
{
	size_t i, shown = g->nval < 6 ? g->nval : 6;

	qsort(g->val, g->nval, sizeof(*g->val),
	    g->kind == FAULT_COLOUR ? cmpfiles : cmpv);
	for (i = 0; i < shown; i++) {
		if (g->kind == FAULT_COLOUR) {
			uint32_t rgb = colour_of_code(g->val[i].v);

			cat(buf, n, o, "%s(%u, %u, %u)", i ? ", " : "",
			    rgb >> 16, rgb >> 8 & 0xff, rgb & 0xff);
		} else
			cat(buf, n, o, "%s%lld", i ? ", " : "",
			    (long long)g->val[i].v);
		cat(buf, n, o, " in %zu file%s", g->val[i].files,
		    g->val[i].files == 1 ? "" : "s");
	}
	if (g->kind == FAULT_COLOUR && (shown < g->nval || g->partial))
		cat(buf, n, o, ", and others");
	else if (shown < g->nval || g->partial)
		cat(buf, n, o, ", and others up to %lld", (long long)g->vmax);
}

/* Labels that are not classes: the fix that makes every file count. */
static void
label_fix(char *buf, size_t n, size_t *o, const struct group *g,
    const struct fault_env *e)
{
	int all = !g->partial && g->nval <= FAULT_NV;
	int neg = g->nval > 0 && g->val[0].v < 0;
	int cls = e->classes > 0 && !neg && g->vmax < MFW_MAX_CLASSES;
	size_t i;

	if (all) {
		cat(buf, n, o, "; pass --ignore ");
		for (i = 0; i < g->nval; i++)
			cat(buf, n, o, "%s%lld", i ? "," : "",
			    (long long)g->val[i].v);
		cat(buf, n, o, " if %s void",
		    g->nval == 1 ? "it is" : "they are");
		if (cls)
			cat(buf, n, o, ", or --classes %lld if %s classes",
			    (long long)g->vmax + 1,
			    g->nval == 1 ? "it is one of the" : "they are");
		return;
	}
	cat(buf, n, o,
	    "; so many values look like instance ids or another kind of "
	    "file: give only the label masks (--include, --exclude)");
	if (cls)
		cat(buf, n, o, ", or pass --classes %lld to count each value",
		    (long long)g->vmax + 1);
}

/* The line of a group of bad values: files (the first named, unless
 * first is NULL), values, fix. */
static void
tell_group(struct group *g, const struct fault_env *e, const char *first)
{
	char buf[1024];
	size_t o = 0;

	cat(buf, sizeof(buf), &o, "%zu file%s", g->files,
	    g->files == 1 ? "" : "s");
	if (first != NULL) {
		char *q = msg_quote(first);

		cat(buf, sizeof(buf), &o, " like %s", q);
		free(q);
	}
	switch (g->kind) {
	case FAULT_LABEL:
		if (e->classes > 0)
			cat(buf, sizeof(buf), &o,
			    " hold labels that are not classes 0..%ld: ",
			    e->classes - 1);
		else
			cat(buf, sizeof(buf), &o,
			    " hold values outside 0..%d: ", MFW_DENSE - 1);
		list_values(buf, sizeof(buf), &o, g);
		label_fix(buf, sizeof(buf), &o, g, e);
		break;
	case FAULT_UNMAPPED:
		cat(buf, sizeof(buf), &o, " hold values --map does not list: ");
		list_values(buf, sizeof(buf), &o, g);
		cat(buf, sizeof(buf), &o,
		    "; add them to the --map file or pass --map-default V");
		break;
	case FAULT_COLOUR:
		cat(buf, sizeof(buf), &o,
		    " hold colours --colors does not list: ");
		list_values(buf, sizeof(buf), &o, g);
		cat(buf, sizeof(buf), &o,
		    "; add them to the --colors file or pass --unknown-color "
		    "ignore");
		break;
	default:
		break;
	}
	msg_err("%s", buf);
}

size_t
faults_tell(const struct fault_item *v, size_t n, const struct fault_env *e)
{
	struct group *g = NULL;
	size_t ng = 0, i, k, lines = 0, shown, rest = 0, restg = 0;
	size_t maxex, budget;
	int onlypath = 1;

	if (n == 0)
		return 0;
	g = xcalloc(n < 64 ? n : 64, sizeof(*g));
	for (i = 0; i < n; i++) {
		const struct fault_tag *t = &v[i].tag;
		char *key = valued(t->kind) ? NULL : words(v[i].reason);

		for (k = 0; k < ng; k++)
			if (g[k].kind == t->kind &&
			    (key == NULL || strcmp(g[k].key, key) == 0))
				break;
		if (k == ng && ng == 64) {
			k = 63; /* the last group takes the rest */
			free(key);
		} else if (k == ng)
			g[ng++] = (struct group){
			    t->kind, key, 0, i, {{0, 0}}, 0, 0, t->vmax};
		else
			free(key);
		g[k].files++;
		if (valued(t->kind)) {
			for (unsigned j = 0; j < t->nv && j < FAULT_NV; j++)
				add_value(&g[k], t->v[j]);
			if (t->nvalues > t->nv)
				g[k].partial = 1;
			if (t->vmax > g[k].vmax)
				g[k].vmax = t->vmax;
		}
		if (t->kind != FAULT_PATH)
			onlypath = 0;
	}
	/* Few enough files: each has its line, and a fault line is needed
	 * only where the files' values add up to another fix. */
	for (k = 0, i = 0; k < ng; k++)
		i += valued(g[k].kind) && g[k].files > 1 && g[k].nval > 1;
	budget = MAX_LINES - 3;
	if (n + i + 1 <= MAX_LINES) {
		maxex = n;
		for (k = 0; k < ng; k++)
			g[k].files =
			    valued(g[k].kind) && g[k].nval > 1 ? g[k].files : 1;
	} else if (ng == 1)
		maxex = e->quiet ? 1 : MAX_EXAMPLES;
	else {
		/* Several faults: one line each, its first file named. */
		maxex = 0;
		if (e->quiet)
			budget = 3;
	}
	/* File lines: the first few bad files in walk order. */
	shown = n < maxex ? n : maxex;
	for (i = 0; i < shown; i++, lines++)
		msg_file(v[i].path, "%s", v[i].reason);
	/* Fault lines: for groups with files not shown, or several files
	 * whose values add up. */
	for (k = 0; k < ng; k++) {
		int needed = g[k].first >= shown ||
		    (g[k].files > 1 &&
			(valued(g[k].kind) || g[k].files > shown));

		if (!needed)
			continue;
		if (lines - shown >= budget) {
			rest += g[k].files;
			restg++;
			continue;
		}
		if (!valued(g[k].kind)) {
			char *q = msg_quote(v[g[k].first].path);

			if (g[k].files == 1)
				msg_file(v[g[k].first].path, "%s",
				    v[g[k].first].reason);
			else
				msg_err("%zu files like %s: %s", g[k].files, q,
				    v[g[k].first].reason);
			free(q);
		} else
			tell_group(&g[k], e,
			    g[k].first >= shown ? v[g[k].first].path : NULL);
		lines++;
	}
	if (restg > 0) {
		msg_err("%zu more file%s with %zu other fault%s", rest,
		    rest == 1 ? "" : "s", restg, restg == 1 ? "" : "s");
		lines++;
	}
	if (!e->keep_going && !onlypath) {
		if (e->counted > 0)
			msg_err("no weights printed: %zu bad file%s; "
				"--keep-going skips %s and counts the other "
				"%llu",
			    n, n == 1 ? "" : "s", n == 1 ? "it" : "them",
			    (unsigned long long)e->counted);
		else
			msg_err("no weights printed: %s",
			    n == 1 ? "the file is bad" : "every file is bad");
		lines++;
	} else if (e->keep_going) {
		msg_err("%zu bad file%s skipped", n, n == 1 ? "" : "s");
		lines++;
	}
	for (k = 0; k < ng; k++)
		free(g[k].key);
	free(g);
	return lines;
}
