/*
 * plot.h: --plot, the class balance of a report as one SVG picture.
 * Called by report.c once the weights are known, for runs and merges
 * alike, so the same counts give the same bytes.
 */
#ifndef PLOT_H
#define PLOT_H

#include <stdio.h>

#include "emit.h"

/*
 * Write the SVG of rp (weights computed, rp->r filled) to f: one row per
 * class with its share of the counted pixels on a log axis, the share of
 * images that contain it and its weight, names where known.  The text is
 * plain ASCII apart from class names (UTF-8, invalid bytes replaced) and
 * depends only on the report.  Returns 0, or -1 on a write error.
 */
int plot_svg(FILE *, const struct report *rp);

#endif
