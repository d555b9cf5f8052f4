/*
 * fuzz.h: shared part of the mfweights fuzz harnesses.
 *
 * Each harness (fuzz_png.c, fuzz_tiff.c, fuzz_gdal.c) defines
 * LLVMFuzzerTestOneInput and hands the input to fuzz_one(), which does
 * what run.c's worker does with one file: it writes the bytes to a memfd,
 * picks the decoder from the head with dec_pick() (so the harness calls a
 * decoder only on what the tool would give it), counts into a zeroed
 * struct fhist and resets it.  Built with clang and -fsanitize=fuzzer the
 * harnesses are libFuzzer targets; linked with fuzz_main.c they replay
 * files and directories, so gcc CI runs the corpus without clang.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

/* --max-pixels while fuzzing: OSS-Fuzz's 1e8, so that one input decodes
 * in well under the 10 s timeout.  FUZZ_MAX_PIXELS overrides it. */
#define FUZZ_MAX_PIXELS 100000000ULL

/* What fuzz_one counted, kept for a differential harness: status (-1:
 * no decoder took the input), size and the MFW_DENSE bins. */
struct fuzz_snap {
	int st;
	uint32_t w, h;
	uint64_t *dense;
};
/* If set, fuzz_one fills it before it resets the histogram. */
extern struct fuzz_snap *fuzz_snap;

/* Options with the tool's defaults, the given reader forced. */
void fuzz_opts(struct dec_opts *, enum mfw_decoder);
/*
 * Count one input as run.c would: memfd, dec_pick, count, checks of the
 * decoder contract (abort() on a violation, so that libFuzzer keeps the
 * input), count_reset.  worker is the GDAL per-worker state or NULL;
 * with want_path the decoder gets a /proc path that another process (the
 * GDAL helper) can open.  Returns the decoder status, or -1 if no decoder
 * took the input.
 */
int fuzz_one(const struct dec_opts *, void *worker, int want_path,
    const uint8_t *data, size_t size);
/* Whether fuzz_one watches the GDAL helper's memory (default on; off for
 * a sanitizer-built helper, whose shadow memory is not the reader's). */
void fuzz_watch_helper(int);
/* Last reason given by a decoder (for the replay driver's -v). */
const char *fuzz_last_reason(void);

/*
 * The input as a file: written to a memfd (one per process, rewritten
 * each time); returns a path to it that open() and fopen() take.
 */
const char *fuzz_file(const uint8_t *data, size_t size);

/*
 * A parser's reason checked (fuzz_common.c): rc non-zero needs a reason,
 * and a reason is one printable line; abort() naming who otherwise.
 */
void fuzz_check_reason(const char *who, const char *why, int rc);

/*
 * Into (in non-zero) or out of the harness's work directory, an empty
 * directory in an empty one under /tmp, made on first use, removed at
 * exit, so that paths of an input (which must have no '/') stay there.
 * Out of it, the replay driver's relative paths are good again.
 */
void fuzz_sandbox(int in);

/*
 * Count a PNG as the tool does and with libpng alone (fuzz_pngdiff.c);
 * abort() if the verdicts (counted or not) or the histograms differ.
 */
void fuzz_png_diff(const struct dec_opts *, const uint8_t *, size_t);

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
/* Optional, as in libFuzzer: a harness with nothing to set up has none. */
int LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

#endif
