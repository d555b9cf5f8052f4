/*
 * layout.h: data-set layouts that mix masks of several kinds (layout.c).
 */
#ifndef LAYOUT_H
#define LAYOUT_H

#include "mfweights.h"

/*
 * Before a walk without --include: look shallowly into the directory
 * operands for a known layout that keeps masks of several kinds side by
 * side (Cityscapes, PASCAL VOC, CamVid, labels beside instances).  If one
 * is found, say which --include or folder to give and return 1: the run
 * stops before counting.  Else 0.
 */
int layout_check(const struct mfw_opts *);

#endif
