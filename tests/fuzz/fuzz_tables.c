/*
 * fuzz_tables.c: libFuzzer harness for the tables of labels.c: --map
 * (labels_load_map, then labels_map over a few values), --colors
 * (labels_load_colors) and --names (labels_load_names).  The first byte
 * picks the table, the rest is the file.  A table loaded must work (the
 * map maps, the names are strings), one refused must say why in one
 * printable line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "labels.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t probe[] = {
	    0, 1, 2, 255, 256, 65535, -1, INT64_MAX, INT64_MIN};
	struct labelmap m;
	struct colortable c;
	char **names = NULL, why[512];
	const char *path;
	size_t n = 0, i;
	int64_t v;
	int rc;

	if (size < 1)
		return 0;
	path = fuzz_file(data + 1, size - 1);
	why[0] = '\0';
	switch (data[0] % 3) {
	case 0:
		memset(&m, 0, sizeof(m));
		rc = labels_load_map(path, &m, why, sizeof(why));
		fuzz_check_reason("fuzz_tables", why, rc);
		if (rc == 0) {
			for (i = 0; i < sizeof(probe) / sizeof(probe[0]); i++)
				labels_map(&m, probe[i], &v);
			labels_free_map(&m);
		}
		break;
	case 1:
		memset(&c, 0, sizeof(c));
		rc = labels_load_colors(path, &c, why, sizeof(why));
		fuzz_check_reason("fuzz_tables", why, rc);
		if (rc == 0)
			labels_free_colors(&c);
		break;
	default:
		rc = labels_load_names(path, &names, &n, why, sizeof(why));
		fuzz_check_reason("fuzz_tables", why, rc);
		if (rc == 0) {
			for (i = 0; i < n; i++)
				if (names[i] != NULL &&
				    strlen(names[i]) > size) {
					fprintf(stderr,
					    "fuzz_tables: name "
					    "longer than the file\n");
					abort();
				}
			for (i = 0; i < n; i++)
				free(names[i]);
			free(names);
		}
		break;
	}
	return 0;
}
