/*
 * split.h: `mfweights split`: divide the images of per-image files into
 * parts with given ratios, each class's images (and pixels) spread in
 * proportion (stratify.c), one file list per part and a report of each
 * class's share in each part against the target.
 */
#ifndef SPLIT_H
#define SPLIT_H

#include "mfweights.h"

/* The most parts (--ratios); a part's number fits a byte. */
#define SPLIT_MAX_PARTS 64

/* Split o->paths (per-image files, counts documents).  Returns the exit
 * status. */
int mfw_split(const struct mfw_opts *);

#endif
