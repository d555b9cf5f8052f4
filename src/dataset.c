/*
 * dataset.c: --dataset, presets of known data sets, read from JSON files.
 *
 * A preset is one JSON object (doc/presets.md describes every member):
 * "include" (the mask files' name patterns), "classes", "names",
 * "ignore", "map" ([from, to] pairs) and "map_default", "colors"
 * ([r, g, b, class] entries), "color_threshold" and "unknown_color", plus
 * "description", "sources" and "notes" for people.  The built-in presets
 * are such files in data/datasets of the source tree, installed in
 * $(DATADIR)/datasets; `--dataset ./ours.json` reads a team's own.
 *
 * Every value is checked here, once, before any file is counted, and an
 * error names the file and the line of the bad value.  jansson keeps no
 * positions for values, so the line is found again in the text by a small
 * walk over the (already validated) JSON: locate() below.  Duplicate keys
 * are refused, so the first key of a name is the one jansson kept.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "lineread.h"
#include "util.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/mfweights"
#endif

/* A preset is a few KiB of text (COCO-Stuff's, the largest, ~12 KiB). */
#define PRESET_MAX_BYTES (1 << 20)

/* One step of a path to a value: a member name, or an array index. */
struct step {
	const char *key; /* NULL: index */
	size_t index;
};

struct ctx {
	const char *path;
	const char *text;
	size_t len;
	char *err;
	size_t errlen;
};

static const char *
skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Past the string starting at p (on its opening quote). */
static const char *
skip_string(const char *p, const char *e)
{
	for (p++; p < e && *p != '"'; p++)
		if (*p == '\\')
			p++;
	return p < e ? p + 1 : e;
}

/* Past the value starting at p, which jansson has already accepted. */
static const char *
skip_value(const char *p, const char *e)
{
	int depth = 0;

	do {
		p = skip_ws(p, e);
		if (p >= e)
			return e;
		if (*p == '"')
			p = skip_string(p, e);
		else if (*p == '{' || *p == '[') {
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			depth--;
			p++;
		} else if (*p == ',' || *p == ':')
			p++;
		else
			while (p < e && strchr(",]} \t\r\n", *p) == NULL)
				p++;
	} while (depth > 0);
	return p;
}

/*
 * The line of the value at the end of the path, or of the deepest step
 * found: walk members and elements the way a JSON parser would, without
 * building anything.
 */
static int
locate(const struct ctx *c, const struct step *s, size_t n)
{
	const char *p = c->text, *e = c->text + c->len, *q, *found = NULL;
	size_t i, k;
	int line = 1;

	for (i = 0; i < n; i++) {
		p = skip_ws(p, e);
		if (p >= e || (*p != (s[i].key ? '{' : '[')))
			break;
		p++;
		for (k = 0;; k++) {
			p = skip_ws(p, e);
			if (p >= e || *p == '}' || *p == ']')
				goto done;
			if (s[i].key != NULL) {
				q = p;
				p = skip_string(p, e);
				p = skip_ws(p, e);
				if (p < e && *p == ':')
					p++;
				if ((size_t)(p - q) >= strlen(s[i].key) + 2 &&
				    strncmp(q + 1, s[i].key,
					strlen(s[i].key)) == 0 &&
				    q[1 + strlen(s[i].key)] == '"') {
					found = q;
					break;
				}
			} else if (k == s[i].index) {
				found = skip_ws(p, e);
				break;
			}
			p = skip_value(p, e);
			p = skip_ws(p, e);
			if (p < e && *p == ',')
				p++;
		}
		if (s[i].key == NULL)
			p = found;
	}
done:
	for (p = c->text; found != NULL && p < found; p++)
		line += *p == '\n';
	return line;
}

static int __attribute__((format(printf, 4, 5)))
fail(const struct ctx *c, const struct step *s, size_t n, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%d: %s", c->path, locate(c, s, n), why);
	return -1;
}

static const char *const members[] = {"name", "description", "sources", "notes",
    "include", "exclude", "include_path", "exclude_path", "classes", "names",
    "ignore", "map", "map_default", "colors", "color_threshold",
    "unknown_color", NULL};

/* A whole number in [lo, hi]. */
static int
whole(json_t *v, long long lo, long long hi, long long *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* An array of strings (non-empty ones), or -1 naming the bad entry. */
static int
strings(const struct ctx *c, json_t *doc, const char *key, size_t *n)
{
	json_t *a = json_object_get(doc, key), *v;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) == 0) {
		struct step s[] = {{key, 0}};

		return fail(c, s, 1, "\"%s\": expected a list of strings", key);
	}
	json_array_foreach(a, i, v) if (!json_is_string(v) ||
	    json_string_length(v) == 0 ||
	    strlen(json_string_value(v)) != json_string_length(v))
	{
		struct step s[] = {{key, 0}, {NULL, i}};

		return fail(c, s, 2,
		    "\"%s\" entry %zu: expected a non-empty string", key,
		    i + 1);
	}
	*n = json_array_size(a);
	return 0;
}

/* Is class id v a class of the preset or one of its ignore values? */
static int
target_ok(json_t *doc, long long classes, long long v)
{
	json_t *ig = json_object_get(doc, "ignore"), *x;
	size_t i;

	if (classes == 0 || (v >= 0 && v < classes))
		return 1;
	json_array_foreach(ig, i, x) if (json_integer_value(x) == v) return 1;
	return 0;
}

/* The bounds of the numbers of a "map" pair and a "colors" entry. */
static const long long map_lo[] = {INT64_MIN, INT64_MIN};
static const long long map_hi[] = {INT64_MAX, INT64_MAX};
static const long long col_lo[] = {0, 0, 0, 0};
static const long long col_hi[] = {255, 255, 255, MFW_MAX_CLASSES - 2};

/*
 * The list KEY, if the preset has it: tuples of n whole numbers, each in
 * [lo[k], hi[k]], whose last is a class or an ignore value (the "map"
 * pairs and the "colors" entries).
 */
static int
check_tuples(const struct ctx *c, json_t *doc, const char *key, size_t n,
    const long long *lo, const long long *hi, const char *form,
    long long classes)
{
	json_t *v = json_object_get(doc, key), *e;
	struct step s[] = {{key, 0}, {NULL, 0}};
	size_t i, k;
	long long x = 0;

	if (v == NULL)
		return 0;
	if (!json_is_array(v) || json_array_size(v) == 0)
		return fail(
		    c, s, 1, "\"%s\": expected a list of %s", key, form);
	json_array_foreach(v, i, e)
	{
		s[1].index = i;
		for (k = 0;
		     json_is_array(e) && json_array_size(e) == n && k < n; k++)
			if (whole(json_array_get(e, k), lo[k], hi[k], &x) != 0)
				break;
		if (k != n)
			return fail(c, s, 2, "\"%s\" entry %zu: expected %s",
			    key, i + 1, form);
		if (!target_ok(doc, classes, x))
			return fail(c, s, 2,
			    "\"%s\" entry %zu: %lld is neither a class "
			    "(0..%lld) nor an ignore value",
			    key, i + 1, x, classes - 1);
	}
	return 0;
}

/* The member KEY, if the preset has it: a whole number in [lo, hi] that
 * makes sense only beside the member NEEDS. */
static int
check_number(const struct ctx *c, json_t *doc, const char *key,
    const char *needs, long long lo, long long hi)
{
	json_t *v = json_object_get(doc, key);
	struct step s[] = {{key, 0}};
	long long x;

	if (v == NULL)
		return 0;
	if (json_object_get(doc, needs) == NULL)
		return fail(c, s, 1, "\"%s\" needs \"%s\"", key, needs);
	if (whole(v, lo, hi, &x) != 0)
		return fail(c, s, 1,
		    "\"%s\": expected a whole number from %lld to %lld", key,
		    lo, hi);
	return 0;
}

/* Check the whole document; nothing is applied unless all of it is good. */
static int
check(const struct ctx *c, json_t *doc, long long *classes)
{
	const char *key;
	json_t *v, *e;
	size_t i, n;
	long long x;

	json_object_foreach(doc, key, v)
	{
		struct step s[] = {{key, 0}};

		for (i = 0; members[i] != NULL; i++)
			if (strcmp(members[i], key) == 0)
				break;
		if (members[i] == NULL)
			return fail(c, s, 1,
			    "unknown member \"%s\" (see doc/presets.md)", key);
		if ((strcmp(key, "name") == 0 ||
			strcmp(key, "description") == 0 ||
			strcmp(key, "notes") == 0) &&
		    !json_is_string(v))
			return fail(c, s, 1, "\"%s\": expected a string", key);
	}
	if (json_object_get(doc, "sources") != NULL &&
	    strings(c, doc, "sources", &n) != 0)
		return -1;
	for (i = 0; i < 4; i++) {
		static const char *const lists[] = {
		    "include", "exclude", "include_path", "exclude_path"};

		if (json_object_get(doc, lists[i]) != NULL &&
		    strings(c, doc, lists[i], &n) != 0)
			return -1;
	}
	*classes = 0;
	if ((v = json_object_get(doc, "classes")) != NULL &&
	    whole(v, 1, MFW_MAX_CLASSES, classes) != 0) {
		struct step s[] = {{"classes", 0}};

		return fail(c, s, 1,
		    "\"classes\": expected a whole number from 1 to %d",
		    MFW_MAX_CLASSES);
	}
	if (json_object_get(doc, "names") != NULL) {
		if (strings(c, doc, "names", &n) != 0)
			return -1;
		if (*classes == 0)
			*classes = (long long)n;
		else if ((long long)n != *classes) {
			struct step s[] = {{"names", 0}};

			return fail(c, s, 1,
			    "\"names\" has %zu names for %lld classes", n,
			    *classes);
		}
	}
	if ((v = json_object_get(doc, "ignore")) != NULL) {
		struct step s[] = {{"ignore", 0}, {NULL, 0}};

		if (!json_is_array(v) || json_array_size(v) == 0)
			return fail(c, s, 1,
			    "\"ignore\": expected a list of whole numbers");
		json_array_foreach(
		    v, i, e) if (whole(e, INT64_MIN, INT64_MAX, &x) != 0)
		{
			s[1].index = i;
			return fail(c, s, 2,
			    "\"ignore\" entry %zu: expected a whole "
			    "number",
			    i + 1);
		}
	}
	if (check_tuples(c, doc, "map", 2, map_lo, map_hi,
		"[from, to], two whole numbers", *classes) != 0)
		return -1;
	if (check_number(c, doc, "map_default", "map", INT64_MIN, INT64_MAX) !=
	    0)
		return -1;
	if (check_tuples(c, doc, "colors", 4, col_lo, col_hi,
		"[r, g, b, class], r, g, b in 0..255", *classes) != 0)
		return -1;
	if (check_number(c, doc, "color_threshold", "colors", 1, 255) != 0)
		return -1;
	if ((v = json_object_get(doc, "unknown_color")) != NULL &&
	    (!json_is_string(v) ||
		(strcmp(json_string_value(v), "error") != 0 &&
		    strcmp(json_string_value(v), "ignore") != 0))) {
		struct step s[] = {{"unknown_color", 0}};

		return fail(c, s, 1,
		    "\"unknown_color\": expected \"error\" or \"ignore\"");
	}
	if (json_object_get(doc, "map") != NULL &&
	    json_object_get(doc, "colors") != NULL) {
		struct step s[] = {{"map", 0}};

		return fail(c, s, 1,
		    "give \"map\" or \"colors\", not both: a colour table "
		    "gives the classes directly");
	}
	return 0;
}

/* Read a whole preset file through the bounded reader (lineread.h);
 * "FILE: reason" on failure, *sys set for a system error (EIO). */
static char *
slurp(const char *path, size_t *len, int *sys, char *err, size_t errlen)
{
	char why[256], *buf;
	int rc;

	if ((rc = lr_slurp(
		 path, PRESET_MAX_BYTES, &buf, len, why, sizeof(why))) != 0) {
		*sys = rc == LR_SYS;
		/* "FILE: No such file or directory", as before. */
		snprintf(err, errlen, "%s: %s", path,
		    strncmp(why, "cannot open: ", 13) == 0 ? why + 13 : why);
		return NULL;
	}
	return buf;
}

/* Parse and check PATH; the document, or NULL with err set (and *sys
 * for a system error). */
static json_t *
load(const char *path, long long *classes, char **text, int *sys, char *err,
    size_t errlen)
{
	struct ctx c = {path, NULL, 0, err, errlen};
	json_error_t je;
	json_t *doc;

	*sys = 0;
	if ((*text = slurp(path, &c.len, sys, err, errlen)) == NULL)
		return NULL;
	c.text = *text;
	doc = json_loadb(c.text, c.len, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path,
		    je.line > 0 ? je.line : 1, strip_ctrl(je.text));
		return NULL;
	}
	if (!json_is_object(doc)) {
		json_decref(doc);
		snprintf(err, errlen, "%s:1: expected a JSON object", path);
		return NULL;
	}
	if (check(&c, doc, classes) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

const char *
dataset_dir(void)
{
	static char buf[PATH_MAX + 64];
	static const char *const rel[] = {
	    "../data/datasets",           /* run from build/ in the tree */
	    "../share/mfweights/datasets" /* an installed, moved tree */
	};
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i;

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			for (i = 0; i < sizeof(rel) / sizeof(*rel); i++) {
				snprintf(
				    buf, sizeof(buf), "%s/%s", exe, rel[i]);
				if (access(buf, R_OK | X_OK) == 0)
					return buf;
			}
		}
	}
	if (access(DATADIR "/datasets", R_OK | X_OK) == 0)
		return DATADIR "/datasets";
	return NULL;
}

/* A built-in name: letters, digits, '.', '_', '-', not a path.  Names
 * are lower case; "Cityscapes" is taken as "cityscapes". */
static int
is_name(const char *s, char low[65])
{
	size_t i;

	if (*s == '\0' || *s == '.' || strlen(s) > 64)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		low[i] = (char)tolower((unsigned char)s[i]);
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", low[i]) ==
		    NULL)
			return 0;
	}
	low[i] = '\0';
	return 1;
}

static int
is_file_arg(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL ||
	    (n >= 5 && strcmp(arg + n - 5, ".json") == 0);
}

/* The file of ARG, malloc'd, or NULL with err set. */
static char *
resolve(const char *arg, char *err, size_t errlen)
{
	const char *dir;
	char *p, low[65];

	if (is_file_arg(arg))
		return xstrdup(arg);
	if (!is_name(arg, low)) {
		snprintf(err, errlen,
		    "--dataset: '%s' is not a preset name; give a file as "
		    "./%s",
		    arg, arg);
		return NULL;
	}
	if ((dir = dataset_dir()) == NULL) {
		snprintf(err, errlen,
		    "--dataset %s: no presets directory (looked beside the "
		    "program and in %s/datasets); reinstall, or give a "
		    "preset file",
		    arg, DATADIR);
		return NULL;
	}
	p = xmalloc(strlen(dir) + strlen(low) + 7);
	sprintf(p, "%s/%s.json", dir, low);
	if (access(p, F_OK) != 0) {
		snprintf(err, errlen,
		    "--dataset: no preset '%s' (mfweights --dataset list "
		    "names them; a file of your own is given as ./%s.json)",
		    arg, arg);
		free(p);
		return NULL;
	}
	return p;
}

static int64_t
ival(json_t *v)
{
	return (int64_t)json_integer_value(v);
}

static int
apply_map(json_t *doc, struct mfw_opts *o, struct labelmap *map,
    const struct dataset_given *g, const struct ctx *c)
{
	json_t *m = json_object_get(doc, "map"), *e;
	int64_t(*pairs)[2];
	size_t i, n = json_array_size(m);
	char why[128];
	int rc;

	if (m == NULL || g->map)
		return 0;
	pairs = xcalloc(n, sizeof(*pairs));
	json_array_foreach(m, i, e)
	{
		pairs[i][0] = ival(json_array_get(e, 0));
		pairs[i][1] = ival(json_array_get(e, 1));
	}
	rc = labels_map_pairs(
	    map, (const int64_t(*)[2])pairs, n, why, sizeof(why));
	free(pairs);
	if (rc != 0) {
		snprintf(c->err, c->errlen, "%s: %s", c->path, why);
		return -1;
	}
	if (!g->map_default && json_object_get(doc, "map_default") != NULL) {
		map->has_default = 1;
		map->def = ival(json_object_get(doc, "map_default"));
	}
	o->map = map;
	return 0;
}

static int
apply_colors(json_t *doc, struct mfw_opts *o, struct colortable *colors,
    const struct dataset_given *g, const struct ctx *c)
{
	json_t *t = json_object_get(doc, "colors"), *e, *u;
	size_t i;
	char why[128];

	if (t == NULL || g->colors)
		return 0;
	json_array_foreach(t, i, e)
	{
		if (labels_color_add(colors,
			(unsigned)ival(json_array_get(e, 0)),
			(unsigned)ival(json_array_get(e, 1)),
			(unsigned)ival(json_array_get(e, 2)),
			ival(json_array_get(e, 3)), NULL, why,
			sizeof(why)) != 0) {
			struct step s[] = {{"colors", 0}, {NULL, i}};

			return fail(
			    c, s, 2, "\"colors\" entry %zu: %s", i + 1, why);
		}
	}
	if ((u = json_object_get(doc, "color_threshold")) != NULL)
		labels_color_threshold(colors, (unsigned)ival(u));
	if (!g->unknown_color &&
	    (u = json_object_get(doc, "unknown_color")) != NULL)
		colors->unknown_ignore =
		    strcmp(json_string_value(u), "ignore") == 0;
	o->dec.colors = colors;
	return 0;
}

/* Check a map's pairs for a label given twice, naming the line. */
static int
map_dups(const struct ctx *c, json_t *doc)
{
	json_t *m = json_object_get(doc, "map"), *e, *f;
	size_t i, j;

	json_array_foreach(m, i, e) for (j = 0; j < i; j++)
	{
		f = json_array_get(m, j);
		if (ival(json_array_get(e, 0)) == ival(json_array_get(f, 0))) {
			struct step s[] = {{"map", 0}, {NULL, i}};

			return fail(c, s, 2,
			    "\"map\" entry %zu: label %lld is mapped "
			    "twice",
			    i + 1, (long long)ival(json_array_get(e, 0)));
		}
	}
	return 0;
}

/* Copy the list of strings KEY, if the preset has it, into *v. */
static void
take_strings(json_t *doc, const char *key, char ***v, size_t *n)
{
	json_t *a = json_object_get(doc, key), *e;
	size_t i;

	if (a == NULL)
		return;
	*n = json_array_size(a);
	*v = xcalloc(*n, sizeof(**v));
	json_array_foreach(a, i, e)(*v)[i] = xstrdup(json_string_value(e));
}

int
dataset_apply(const char *arg, struct mfw_opts *o, struct labelmap *map,
    struct colortable *colors, const struct dataset_given *g,
    struct dataset *ds, char *err, size_t errlen)
{
	char *path, *text = NULL;
	struct ctx c = {NULL, NULL, 0, err, errlen};
	long long classes;
	json_t *doc, *v, *e;
	size_t i;
	int rc = -1, sys;

	memset(ds, 0, sizeof(*ds));
	if ((path = resolve(arg, err, errlen)) == NULL)
		return -1;
	if ((doc = load(path, &classes, &text, &sys, err, errlen)) == NULL) {
		rc = sys ? -2 : -1;
		goto out;
	}
	c.path = path;
	c.text = text;
	c.len = strlen(text);
	if (map_dups(&c, doc) != 0)
		goto out;
	if (!g->classes && classes > 0)
		o->classes = (long)classes;
	if (!g->ignore && (v = json_object_get(doc, "ignore")) != NULL) {
		free(o->ignore);
		o->nignore = json_array_size(v);
		o->ignore = xcalloc(o->nignore, sizeof(*o->ignore));
		json_array_foreach(v, i, e) o->ignore[i] = ival(e);
	}
	if (!g->include) {
		take_strings(doc, "include", &o->include, &o->ninclude);
		take_strings(
		    doc, "include_path", &ds->include_path, &ds->ninclude_path);
		o->include_path = ds->include_path;
		o->ninclude_path = ds->ninclude_path;
	}
	if (!g->exclude) {
		take_strings(doc, "exclude", &o->exclude, &o->nexclude);
		take_strings(
		    doc, "exclude_path", &ds->exclude_path, &ds->nexclude_path);
		o->exclude_path = ds->exclude_path;
		o->nexclude_path = ds->nexclude_path;
	}
	if (!g->names && !g->colors &&
	    (v = json_object_get(doc, "names")) != NULL) {
		ds->nnames = json_array_size(v);
		ds->names = xcalloc(ds->nnames, sizeof(*ds->names));
		json_array_foreach(v, i, e) ds->names[i] =
		    xstrdup(json_string_value(e));
		o->names = ds->names;
		o->nnames = ds->nnames;
	}
	if (apply_map(doc, o, map, g, &c) != 0 ||
	    apply_colors(doc, o, colors, g, &c) != 0)
		goto out;
	rc = 0;
out:
	if (doc != NULL)
		json_decref(doc);
	free(text);
	free(path);
	return rc;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
dataset_list(FILE *out, char *err, size_t errlen)
{
	const char *dir = dataset_dir();
	DIR *d;
	struct dirent *de;
	char **names = NULL, *path, *text;
	size_t n = 0, i, len;
	long long classes;
	json_t *doc, *desc;
	int rc = 0, sys;

	if (dir == NULL || (d = opendir(dir)) == NULL) {
		snprintf(err, errlen,
		    "--dataset list: no presets directory (looked beside the "
		    "program and in %s/datasets)",
		    DATADIR);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n] = xstrdup(de->d_name);
			names[n++][len - 5] = '\0';
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmpstr);
	for (i = 0; i < n && rc == 0; i++) {
		path = path_join(dir, names[i]);
		path = xreallocarray(path, strlen(path) + 6, 1);
		strcat(path, ".json");
		if ((doc = load(path, &classes, &text, &sys, err, errlen)) ==
		    NULL)
			rc = -1;
		else {
			desc = json_object_get(doc, "description");
			fprintf(out, "%-16s %s\n", names[i],
			    desc ? json_string_value(desc) : "");
			json_decref(doc);
		}
		free(text);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static void
free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
dataset_free(struct dataset *ds)
{
	free_strings(ds->names, ds->nnames);
	free_strings(ds->include_path, ds->ninclude_path);
	free_strings(ds->exclude_path, ds->nexclude_path);
	memset(ds, 0, sizeof(*ds));
}
