/*
 * dataset.h: --dataset, the presets of known data sets (and a team's own
 * preset files): which files are masks, the classes and their names, the
 * ignore values and the label map or colour table, read from a JSON file.
 * Used by main.c only, before any thread starts.
 */
#ifndef DATASET_H
#define DATASET_H

#include <stddef.h>
#include <stdio.h>

#include "labels.h"
#include "mfweights.h"

/* Which options the command line gave: a preset fills only the others. */
struct dataset_given {
	int classes, ignore, include, exclude, map, map_default, colors,
	    unknown_color, names;
};

/* What a loaded preset owns beyond main.c's tables: the class names and
 * the path patterns, which o points to. */
struct dataset {
	char **names;
	size_t nnames;
	char **include_path, **exclude_path;
	size_t ninclude_path, nexclude_path;
};

/*
 * Load the preset ARG (a built-in name, or a file: a name with a '/' or
 * ending in .json) and set every field of o, map and colors that g says
 * the command line left alone.  Strings put in o->include and the array
 * o->ignore are the caller's to free, as are map and colors; o->names
 * points into ds (dataset_free).  Returns 0, or -1 with one line in err:
 * "FILE:LINE: what" for a bad file, or why the name is unknown; -2 with
 * "FILE: reason" for a system error reading it (EIO).
 */
int dataset_apply(const char *arg, struct mfw_opts *o, struct labelmap *map,
    struct colortable *colors, const struct dataset_given *g,
    struct dataset *ds, char *err, size_t errlen);

/*
 * Print "NAME  DESCRIPTION" for each built-in preset, sorted by name.
 * Returns 0, or -1 with the reason in err (no presets directory, a bad
 * preset file).
 */
int dataset_list(FILE *out, char *err, size_t errlen);

/* The directory of the built-in presets, or NULL if none is found. */
const char *dataset_dir(void);

void dataset_free(struct dataset *);

#endif
