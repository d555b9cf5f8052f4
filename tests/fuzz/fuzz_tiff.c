/*
 * fuzz_tiff.c: libFuzzer harness for the TIFF and BigTIFF reader
 * (dec_tiff, libtiff).  Inputs without a TIFF header are passed over, as
 * the tool passes over them.  See fuzz.h.
 */
#include "fuzz.h"

static struct dec_opts opts;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_opts(&opts, DEC_TIFF);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(&opts, NULL, 0, data, size);
	return 0;
}
