/*
 * fuzz_main.c: a plain main() for the fuzz harnesses, so that they build
 * with any C compiler (gcc with -fsanitize=address,undefined in CI) and
 * replay a corpus without libFuzzer.
 *
 *	replay_NAME [-v] FILE|DIR...
 *
 * Each FILE, and each regular file under each DIR (walked in name order,
 * symbolic links not followed), goes once through LLVMFuzzerTestOneInput.
 * A contract violation or a sanitizer error aborts; otherwise the exit
 * status is 0.  -v prints one line per input with the decoder's reason.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int verbose;
static unsigned long ninputs;

static void replay_file(const char *);
static void replay_dir(const char *);
static int cmp_name(const void *, const void *);

static void
replay_file(const char *path)
{
	FILE *f;
	uint8_t *buf;
	const char *why;
	long len;
	size_t got;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	/* One byte more, so that an empty file is not malloc(0). */
	if ((buf = malloc((size_t)len + 1)) == NULL) {
		fprintf(stderr, "replay: %s: out of memory\n", path);
		exit(2);
	}
	got = fread(buf, 1, (size_t)len, f);
	fclose(f);
	if (verbose)
		fprintf(stderr, "replay: %s: ", path);
	LLVMFuzzerTestOneInput(buf, got);
	why = fuzz_last_reason();
	if (verbose)
		fprintf(stderr, "%s\n", *why ? why : "(counted, or not taken)");
	free(buf);
	ninputs++;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
replay_dir(const char *dir)
{
	DIR *d;
	struct dirent *e;
	struct stat sb = {0};
	char **names = NULL, *p;
	size_t n = 0, cap = 0, i;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		exit(2);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL) {
				fprintf(stderr, "replay: out of memory\n");
				exit(2);
			}
		}
		if ((names[n++] = strdup(e->d_name)) == NULL) {
			fprintf(stderr, "replay: out of memory\n");
			exit(2);
		}
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		if (asprintf(&p, "%s/%s", dir, names[i]) < 0) {
			fprintf(stderr, "replay: out of memory\n");
			exit(2);
		}
		if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode))
			replay_file(p);
		else if (S_ISDIR(sb.st_mode))
			replay_dir(p);
		free(p);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	struct stat sb;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-v") == 0) {
		verbose = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			return 2;
		}
		if (S_ISDIR(sb.st_mode))
			replay_dir(argv[i]);
		else
			replay_file(argv[i]);
	}
	printf("replayed %lu inputs\n", ninputs);
	return 0;
}
