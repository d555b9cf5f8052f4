/*
 * layout.c: known data-set layouts met by a walk without --include
 * (layout.h).
 *
 * DESIGN.  Several public data sets keep masks of different kinds side
 * by side, and counting all of them gives a wrong answer that looks
 * right (Cityscapes' instance ids as 33,001 classes) or floods of bad
 * files (CamVid's photographs beside their masks).  Before the walk
 * starts, each directory operand is looked at, shallowly: at most
 * MAX_DIRS directories, MAX_DEPTH levels down, the first few
 * subdirectories of each in sorted order (a data set's splits and
 * cities all look alike), file names only.  Nothing is opened but
 * directories.  The layouts, from the data sets' own documentation:
 *
 *  - Cityscapes (cityscapesScripts, README): gtFine/gtCoarse files named
 *    CITY_SEQ_FRAME_gtFine_{color,instanceIds,labelIds,labelTrainIds}.png
 *    in one folder; labelTrainIds (made by createTrainIdLabelImgs.py)
 *    hold the 19 training classes and 255.
 *  - PASCAL VOC 2012 (devkit doc): SegmentationClass (class ids 0..20,
 *    255 on borders) beside SegmentationObject (instance ids).
 *  - CamVid as SegNet's tutorial ships it: train, val, test (photos)
 *    beside trainannot, valannot, testannot (11 classes, 11 void).
 *  - Mapillary Vistas and others: labels beside instances (or
 *    panoptic), semantic beside instance (KITTI).
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "layout.h"
#include "msg.h"
#include "util.h"

#define MAX_DIRS  48
#define MAX_DEPTH 4
#define MAX_SUBS  3 /* subdirectories looked into per directory */
#define MAX_ENTS  4096

/* Cityscapes' mask families, by the end of the file name. */
static const char *const city[] = {
    "_color.png", "_instanceIds.png", "_labelIds.png", "_labelTrainIds.png"};
#define NCITY (sizeof(city) / sizeof(city[0]))

struct look {
	const struct mfw_opts *o;
	size_t dirs;
	int found; /* a layout was told */
};

static int
ends(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int
excluded(const struct mfw_opts *o, const char *name)
{
	for (size_t i = 0; i < o->nexclude; i++)
		if (fnmatch(o->exclude[i], name, 0) == 0)
			return 1;
	return 0;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
has(char **v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return 1;
	return 0;
}

/* Sibling folders of masks of several kinds: say which to count. */
static int
siblings(const char *dir, char **sub, size_t n)
{
	char *q = msg_quote(dir);
	int hit = 1;

	if (has(sub, n, "SegmentationClass") &&
	    has(sub, n, "SegmentationObject"))
		msg_err("%s: a PASCAL VOC tree: SegmentationClass (classes) "
			"beside SegmentationObject (instances) and "
			"JPEGImages; count the classes: mfweights "
			"%s/SegmentationClass --classes 21 --ignore 255",
		    q, q);
	else if (has(sub, n, "trainannot") && has(sub, n, "train"))
		msg_err("%s: a CamVid tree: photographs in train, val, test "
			"beside their masks in trainannot, valannot, "
			"testannot; count the masks: mfweights "
			"%s/trainannot --classes 11 --ignore 11",
		    q, q);
	else if (has(sub, n, "labels") &&
	    (has(sub, n, "instances") || has(sub, n, "panoptic")))
		msg_err("%s: class masks in labels beside instance masks in "
			"%s; count the classes: mfweights %s/labels",
		    q, has(sub, n, "instances") ? "instances" : "panoptic", q);
	else if (has(sub, n, "semantic") &&
	    (has(sub, n, "instance") || has(sub, n, "semantic_rgb")))
		msg_err("%s: class masks in semantic beside %s; count the "
			"classes: mfweights %s/semantic",
		    q, has(sub, n, "instance") ? "instance" : "semantic_rgb",
		    q);
	else
		hit = 0;
	free(q);
	return hit;
}

/* Files of several Cityscapes families in one folder. */
static int
cityscapes(const struct look *l, const char *dir, char **file, size_t n)
{
	char kinds[160];
	size_t i, k, o = 0, nk = 0;
	int seen[NCITY] = {0};
	char *q;

	for (i = 0; i < n; i++)
		for (k = 0; k < NCITY; k++)
			if (ends(file[i], city[k]) &&
			    strstr(file[i], "_gt") != NULL &&
			    !excluded(l->o, file[i]))
				seen[k] = 1;
	for (k = 0; k < NCITY; k++)
		if (seen[k]) {
			o += (size_t)snprintf(kinds + o, sizeof(kinds) - o,
			    "%s*%s", nk ? ", " : "", city[k]);
			nk++;
		}
	if (nk < 2)
		return 0;
	q = msg_quote(dir);
	if (seen[3])
		msg_err("%s: a Cityscapes tree, with masks of %zu kinds side "
			"by side (%s); count one kind: --include "
			"'*_labelTrainIds.png' --classes 19 --ignore 255",
		    q, nk, kinds);
	else
		msg_err("%s: a Cityscapes tree, with masks of %zu kinds side "
			"by side (%s); count one kind: --include "
			"'*_labelIds.png'",
		    q, nk, kinds);
	free(q);
	return 1;
}

/* Look at one directory; descend into its first subdirectories. */
static void
look_dir(struct look *l, const char *path, int depth)
{
	char **sub = NULL, **file = NULL;
	size_t nsub = 0, nfile = 0, i;
	struct dirent *de;
	DIR *d;

	if (l->found || l->dirs >= MAX_DIRS || (d = opendir(path)) == NULL)
		return;
	l->dirs++;
	while ((de = readdir(d)) != NULL && nsub + nfile < MAX_ENTS) {
		int isdir;

		if (de->d_name[0] == '.')
			continue;
		if (de->d_type == DT_UNKNOWN) {
			struct stat sb;
			char *p = path_join(path, de->d_name);

			isdir = lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
			free(p);
		} else
			isdir = de->d_type == DT_DIR;
		if (isdir) {
			sub = xreallocarray(sub, nsub + 1, sizeof(*sub));
			sub[nsub++] = xstrdup(de->d_name);
		} else if (de->d_type == DT_REG || de->d_type == DT_UNKNOWN) {
			file = xreallocarray(file, nfile + 1, sizeof(*file));
			file[nfile++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (siblings(path, sub, nsub) || cityscapes(l, path, file, nfile))
		l->found = 1;
	if (nsub > 1)
		qsort(sub, nsub, sizeof(*sub), cmpstr);
	for (i = 0; i < nsub && i < MAX_SUBS && depth < MAX_DEPTH; i++) {
		char *p = path_join(path, sub[i]);

		look_dir(l, p, depth + 1);
		free(p);
	}
	for (i = 0; i < nsub; i++)
		free(sub[i]);
	for (i = 0; i < nfile; i++)
		free(file[i]);
	free(sub);
	free(file);
}

int
layout_check(const struct mfw_opts *o)
{
	struct look l = {o, 0, 0};
	struct stat sb;

	/* An --include, or a --dataset preset, says what to count. */
	if (o->ninclude > 0 || o->ninclude_path > 0 || o->dataset != NULL)
		return 0;
	for (size_t i = 0; i < o->npaths && !l.found; i++)
		if (strncmp(o->paths[i], "/vsi", 4) != 0 &&
		    stat(o->paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			look_dir(&l, o->paths[i], 0);
	return l.found;
}
