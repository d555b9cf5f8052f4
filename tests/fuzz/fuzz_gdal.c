/*
 * fuzz_gdal.c: libFuzzer harness for the GDAL reader: dec_gdal in this
 * process and the mfweights-gdal helper it starts and keeps, exactly as
 * a worker of the tool does.  The reader is forced (--decoder gdal), so
 * every input with a known signature goes to GDAL, PNG and TIFF included.
 * The helper opens the input through /proc/PID/fd/N of the memfd.
 *
 * The helper is not instrumented: libFuzzer's coverage covers only the
 * main-process side, and a GDAL crash in the helper is not a crash here,
 * it must come back as DEC_BAD ("GDAL reader crashed"), which fuzz.h
 * checks.  To collect such inputs anyway, set FUZZ_GDAL_CRASH_DIR to a
 * directory (each is saved there) or FUZZ_GDAL_CRASH_ABORT=1 (abort, so
 * libFuzzer stops and keeps it).  The helper is found at $MFW_GDAL_HELPER,
 * else at FUZZ_GDAL_HELPER (set by the Makefile), else next to this
 * program.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

static struct dec_opts opts;
static void *worker;
static char helper[PATH_MAX];

static void save_crash(const uint8_t *, size_t);
static int sanitized(const char *);

int
LLVMFuzzerInitialize(int *argc, char **argv[])
{
	const char *env = getenv("MFW_GDAL_HELPER");
	ssize_t n;
	char *slash;

	(void)argc;
	(void)argv;
	fuzz_opts(&opts, DEC_GDAL);
	opts.allow_vrt = getenv("FUZZ_ALLOW_VRT") != NULL;
	if (env != NULL && *env != '\0')
		snprintf(helper, sizeof(helper), "%s", env);
#ifdef FUZZ_GDAL_HELPER
	if (helper[0] == '\0' && access(FUZZ_GDAL_HELPER, X_OK) == 0)
		snprintf(helper, sizeof(helper), "%s", FUZZ_GDAL_HELPER);
#endif
	if (helper[0] == '\0' &&
	    (n = readlink("/proc/self/exe", helper, sizeof(helper) - 32)) > 0) {
		helper[n] = '\0';
		if ((slash = strrchr(helper, '/')) != NULL)
			strcpy(slash + 1, "mfweights-gdal");
	}
	if (access(helper, X_OK) != 0) {
		fprintf(stderr,
		    "fuzz_gdal: no GDAL helper (tried '%s'); set "
		    "MFW_GDAL_HELPER\n",
		    helper);
		exit(1);
	}
	opts.gdal_helper = helper;
	fuzz_watch_helper(!sanitized(helper));
	if ((worker = gdal_worker_new(&opts)) == NULL) {
		fprintf(stderr, "fuzz_gdal: out of memory\n");
		exit(1);
	}
	return 0;
}

/* Non-zero if the program at path is built with ASan, TSan or MSan. */
static int
sanitized(const char *path)
{
	static const char *const mark[] = {
	    "__asan_init", "__tsan_init", "__msan_init"};
	FILE *f;
	char *buf;
	size_t n, i;
	int found = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	if ((buf = malloc(64 << 20)) == NULL) {
		fclose(f);
		return 0;
	}
	n = fread(buf, 1, 64 << 20, f);
	fclose(f);
	for (i = 0; i < 3 && !found; i++)
		found = memmem(buf, n, mark[i], strlen(mark[i])) != NULL;
	free(buf);
	return found;
}

/* Keep an input that crashed the helper, named by a hash of it. */
static void
save_crash(const uint8_t *data, size_t size)
{
	const char *dir = getenv("FUZZ_GDAL_CRASH_DIR");
	uint64_t hsh = 1469598103934665603ULL;
	char path[PATH_MAX];
	FILE *f;
	size_t i;

	if (dir == NULL || *dir == '\0')
		return;
	for (i = 0; i < size; i++)
		hsh = (hsh ^ data[i]) * 1099511628211ULL;
	snprintf(path, sizeof(path), "%s/helper-crash-%016llx", dir,
	    (unsigned long long)hsh);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(data, 1, size, f);
		fclose(f);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int st = fuzz_one(&opts, worker, 1, data, size);
	const char *why = fuzz_last_reason();

	if (st == DEC_BAD &&
	    (strncmp(why, "GDAL reader crashed", 19) == 0 ||
		strncmp(why, "GDAL fatal error", 16) == 0 ||
		strncmp(why, "GDAL reader exited", 18) == 0)) {
		fprintf(stderr, "fuzz_gdal: %s\n", why);
		save_crash(data, size);
		if (getenv("FUZZ_GDAL_CRASH_ABORT") != NULL)
			abort();
	}
	return 0;
}
