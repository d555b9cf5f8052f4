/*
 * enums.h: the names of the option enums (mfweights.h), one table each,
 * indexed by value and ended by NULL.  main.c parses options with them;
 * emit.c and counts.c print them.
 */
#ifndef ENUMS_H
#define ENUMS_H

extern const char *const format_names[];        /* enum mfw_format */
extern const char *const decoder_names[];       /* enum mfw_decoder */
extern const char *const method_names[];        /* enum mfw_method */
extern const char *const norm_names[];          /* enum mfw_norm */
extern const char *const unknown_color_names[]; /* --unknown-color */
extern const char *const sampling_names[];      /* enum mfw_sampling */
extern const char *const sample_format_names[]; /* enum mfw_sample_format */

/* The index of name in a table, or -1. */
int enum_lookup(const char *const *table, const char *name);

#endif
