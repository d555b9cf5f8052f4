/*
 * usage.h: help for misuse and for the modes (usage.c).
 */
#ifndef USAGE_H
#define USAGE_H

#include <stddef.h>
#include <stdio.h>

struct option;

/* The long option (without "--") nearest to word, if one is close
 * enough to be what was meant, else NULL.  opts ends with a NULL name. */
const char *usage_nearest(const char *word, const struct option *opts);
/* The long options that start with word, as "--a, --b" in buf; returns
 * how many there are. */
size_t usage_prefixed(
    const char *word, const struct option *opts, char *buf, size_t len);
/*
 * Say on stderr what is wrong with the option arg that getopt_long
 * answered ch ('?' unknown or ambiguous, ':' missing its value) with
 * optopt: the nearest valid long option, or the ones a prefix may mean.
 */
void usage_bad_option(
    const char *arg, int ch, int optopt, const struct option *opts);
/* Print the help of a mode ("merge", "sample", "split") to f; -1 if
 * there is no such mode. */
int usage_mode_help(const char *mode, FILE *f);

/* The usage lines (the manual's SYNOPSIS), and the whole --help. */
void usage_lines(FILE *f);
void usage_help(FILE *f);

#endif
