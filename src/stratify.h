/*
 * stratify.h: iterative stratification of images by the classes they
 * hold (Sechidis, Tsoumakas and Vlahavas 2011), with each class's pixels
 * as a second objective.  Pure: no I/O; the same input and seed give the
 * same parts on every machine (integer random numbers, IEEE doubles).
 */
#ifndef STRATIFY_H
#define STRATIFY_H

#include <stddef.h>
#include <stdint.h>

struct strat_in {
	size_t nimg, ncls, nparts; /* nparts <= 255 */
	const size_t *off;         /* nimg + 1: image i holds the classes */
	const uint16_t *cls;       /* cls[off[i]] .. cls[off[i + 1] - 1] */
	const uint64_t *px;        /* with these pixels (> 0) */
	const double *ratio;       /* nparts shares, summing to 1 */
	uint64_t seed;
};

/* Give each image i its part, part[i] < nparts. */
void strat_run(const struct strat_in *, unsigned char *part);

#endif
