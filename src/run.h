/*
 * run.h: one counting run: walk, count in parallel, report.
 */
#ifndef RUN_H
#define RUN_H

#include "mfweights.h"

/* Count the masks of o and write the report.  Returns the exit status. */
int mfw_run(const struct mfw_opts *);

#endif
