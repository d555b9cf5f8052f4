/*
 * run.h: the last step of a run, shared with `mfweights merge`.
 */
#ifndef RUN_H
#define RUN_H

#include "emit.h"
#include "weights.h"

/*
 * Decide the exit status from the counts and the skipped files, compute
 * the weights and write the output (o->format, o->output).  skipped must
 * be sorted in walk order.  maxlabel is for the notice when the class
 * count was inferred.  Returns the exit status.
 */
int mfw_report(const struct mfw_opts *, const struct totals *,
    const struct skip *skipped, size_t nskipped, int classes_given,
    int64_t maxlabel);

/* merge.c: `mfweights merge`: sum counts documents and report. */
int mfw_merge(const struct mfw_opts *);

#endif
