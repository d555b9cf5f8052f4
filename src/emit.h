/*
 * emit.h: the results as text (reports and --per-image lines).  emit.c
 * and counts.c format everything mfweights prints on stdout; output.c
 * writes it.
 */
#ifndef EMIT_H
#define EMIT_H

#include <stdio.h>

#include "mfweights.h"
#include "weights.h"

/* A file left out of the counts, with why. */
struct skip {
	size_t index; /* walk order, for a stable listing */
	char *path;
	char *reason;
};

struct prov;

struct report {
	const struct mfw_opts *o;
	const struct totals *t;
	const struct wresult *r;
	const struct skip *skipped; /* sorted by index */
	size_t nskipped;
	int classes_given;       /* --classes was given (counts format) */
	const struct prov *prov; /* what the counts cover (prov.h) */
	const char *partial;     /* the shards a partial merge holds, or NULL */
};

/* Write the report in o->format to f.  Returns 0, or -1 on a write error
 * (errno set). */
int emit_report(FILE *, const struct report *);
/*
 * Format x into buf: with prec >= 0, at most prec decimals and no
 * trailing zeros ("0.28", "1"); with prec < 0, the shortest of %.15g,
 * %.16g, %.17g that reads back as x.  Non-finite values print as 0.
 */
void emit_double(char *buf, size_t n, double x, int prec);
/* Write s as a JSON string: escaped per RFC 8259, invalid UTF-8 bytes as
 * U+FFFD.  Returns non-zero if s was not valid UTF-8. */
int emit_json_string(FILE *, const char *s);
/* `"path": "..."`, plus `"path_hex": "..."` with its exact bytes when
 * the path is not valid UTF-8, so that a reader can recover it. */
void emit_json_path(FILE *, const char *path);
/* s as one CSV field, quoted as RFC 4180 asks when it holds a comma, a
 * quote or a line break. */
void emit_csv_string(FILE *, const char *s);
/* Pieces shared with counts.c: `  "key": [v, ...],` and the list of
 * skipped files (with their walk index for counts documents). */
void emit_u64s(FILE *, const char *key, const uint64_t *v, size_t n);
void emit_skipped(
    FILE *, const char *key, const struct report *, int with_index);
/*
 * A counted file's --per-image line (JSON, newline-terminated): path,
 * walk number, size, ignored and nodata pixels, and the pixels of each
 * class present (records.c reads it back).  Returns a malloc'd string.
 */
struct rules;
struct tally;
char *emit_perimg_line(
    const char *path, size_t index, const struct rules *, const struct tally *);

#endif
