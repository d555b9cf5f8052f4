/*
 * merge.h: `mfweights merge FILE...`.
 */
#ifndef MERGE_H
#define MERGE_H

#include "mfweights.h"

/* Sum the counts documents o->paths and report as run.c would. */
int mfw_merge(const struct mfw_opts *);

#endif
