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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct counts_doc d;
	char why[512];
	int rc;

	memset(&d, 0, sizeof(d));
	why[0] = '\0';
	rc = counts_read(fuzz_file(data, size), &d, why, sizeof(why));
	fuzz_check_reason("fuzz_counts", why, rc);
	if (rc == 0) {
		rc = counts_check(&d, why, sizeof(why));
		fuzz_check_reason("fuzz_counts", why, rc);
		counts_free(&d);
	}
	return 0;
}
