/*
 * enums.c: the option enums' names (enums.h).  The order of each table
 * is the order of its enum.
 */
#include <string.h>

#include "enums.h"

const char *const format_names[] = {
    "json", "csv", "list", "table", "counts", NULL};
const char *const decoder_names[] = {"auto", "png", "tiff", "gdal", NULL};
const char *const method_names[] = {
    "median", "inverse", "inverse-sqrt", "enet", "effective", "balanced", NULL};
const char *const norm_names[] = {
    "default", "none", "mean", "sum", "max", NULL};
const char *const unknown_color_names[] = {"error", "ignore", NULL};
const char *const sampling_names[] = {
    "none", "rare-class", "repeat-factor", "inverse", NULL};
const char *const sample_format_names[] = {"jsonl", "csv", NULL};

int
enum_lookup(const char *const *table, const char *name)
{
	for (int i = 0; table[i] != NULL; i++)
		if (strcmp(table[i], name) == 0)
			return i;
	return -1;
}
