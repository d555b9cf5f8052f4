/*
 * report.h: the last step of a run and of a merge: totals in, weights
 * computed, the report formatted and written, the exit status out.
 */
#ifndef REPORT_H
#define REPORT_H

#include "emit.h"
#include "prov.h"
#include "weights.h"

/*
 * Decide the exit status from the counts and the skipped files, compute
 * the weights and write the output (o->format, o->output).  skipped must
 * be sorted in walk order.  maxlabel is for the notice when the class
 * count was inferred.  Nothing is written when a system error was
 * recorded before (msg_status).  prov is what the counts cover (written
 * in counts documents); partial, when not NULL, names the shards of an
 * incomplete merge (merge --allow-partial) for the JSON report.  Returns
 * the exit status.
 */
int report_write(const struct mfw_opts *, const struct totals *,
    const struct skip *skipped, size_t nskipped, int classes_given,
    int64_t maxlabel, const struct prov *prov, const char *partial);

#endif
