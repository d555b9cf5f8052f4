/*
 * fuzz_counts.c: libFuzzer harness for the counts document reader
 * (counts.c: counts_read, then counts_check as merge does).  The input
 * is the document.  Besides the sanitizers, a document read must have
 * its reason empty, one refused a reason of one printable line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counts.h"
#include "fuzz.h"

static void check_reason(const char *, int);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void
check_reason(const char *why, int rc)
{
	const char *p;

	if (rc != 0 && why[0] == '\0') {
		fprintf(stderr, "fuzz_counts: refused without a reason\n");
		abort();
	}
	for (p = why; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f) {
			fprintf(
			    stderr, "fuzz_counts: control byte in: %s\n", why);
			abort();
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct counts_doc d;
	char why[512];
	int rc;

	memset(&d, 0, sizeof(d));
	why[0] = '\0';
	rc = counts_read(fuzz_file(data, size), &d, why, sizeof(why));
	check_reason(why, rc);
	if (rc == 0) {
		rc = counts_check(&d, why, sizeof(why));
		check_reason(why, rc);
		counts_free(&d);
	}
	return 0;
}
