/*
 * sample.h: per-image sampling weights, written as JSON Lines or CSV,
 * one line per counted image in walk order: by `mfweights sample` from
 * per-image files (and counts documents to check them against), and by
 * a counting run with --sampling, which spools its per-image lines to a
 * temporary file and reads them back after the join.  The formulas are
 * sampling.c's; the records come through records.c.
 */
#ifndef SAMPLE_H
#define SAMPLE_H

#include <stdio.h>

#include "mfweights.h"
#include "weights.h"

/* `mfweights sample [options] FILE...`.  Returns the exit status. */
int mfw_sample(const struct mfw_opts *);

struct sample_run;
/* --sampling in a run: open the output and the spool, before any file
 * is counted.  NULL after a message (a system error). */
struct sample_run *sample_start(const struct mfw_opts *);
/* Where the run's per-image lines are copied (perimg.c writes it). */
FILE *sample_spool(struct sample_run *);
/*
 * After the join, before the report: compute the weights and write them
 * to the output's temporary file.  t: the run's totals, to check the
 * spool against.  Returns 0, or an exit level after a message.
 */
int sample_prepare(struct sample_run *, const struct totals *t);
/* Put the weights in place (ok) or drop them; free.  0, or -1 after a
 * message. */
int sample_end(struct sample_run *, int ok);

#endif
