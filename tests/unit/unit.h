/* unit.h: a tiny assertion harness for the unit tests. */
#ifndef UNIT_H
#define UNIT_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_fails, unit_checks;

#define CHECK(cond)                                                            \
	do {                                                                   \
		unit_checks++;                                                 \
		if (!(cond)) {                                                 \
			unit_fails++;                                          \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			    __LINE__, #cond);                                  \
		}                                                              \
	} while (0)

/* |a - b| <= rel * |b| (or exact when b is 0). */
#define CHECK_REL(a, b, rel)                                                   \
	do {                                                                   \
		double a_ = (a), b_ = (b);                                     \
		unit_checks++;                                                 \
		if (!(fabs(a_ - b_) <= (rel)*fabs(b_))) {                      \
			unit_fails++;                                          \
			fprintf(stderr,                                        \
			    "%s:%d: %s = %.17g, expected "                     \
			    "%.17g\n",                                         \
			    __FILE__, __LINE__, #a, a_, b_);                   \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		unit_checks++;                                                 \
		if (strcmp(a_, b_) != 0) {                                     \
			unit_fails++;                                          \
			fprintf(stderr,                                        \
			    "%s:%d: %s = \"%s\", expected "                    \
			    "\"%s\"\n",                                        \
			    __FILE__, __LINE__, #a, a_, b_);                   \
		}                                                              \
	} while (0)

static int
unit_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_fails);
	return unit_fails ? 1 : 0;
}

#endif
