/*
 * fuzz_opts.c: libFuzzer harness for the command line: src/main.c's
 * option parsing and checks, every option value included, in process.
 *
 * The input is the argument vector, arguments separated by NUL or
 * newline (at most 40).  main.c is compiled into the harness with exit()
 * turned into a return to the harness, the work (run, merge, sample,
 * split) left out, and stdout never closed.  The harness works in an
 * empty directory of its own and every '/' of the input becomes '_', so
 * that a path named by an option (-o, --files-from, tables) stays there;
 * the files made are removed after each input.  The exit status must be
 * one of the documented ones.  Run with -detect_leaks=0: an exit in
 * the middle of main.c leaves its allocations.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enums.h"
#include "fuzz.h"
#include "labels.h"
#include "merge.h"
#include "mfweights.h"
#include "msg.h"
#include "output.h"
#include "run.h"
#include "sample.h"
#include "split.h"
#include "util.h"

#define FUZZ_MAXARGS 40

static jmp_buf back;
static int status;

int mfw_cli_main(int, char **);
static void fuzz_exit(int) __attribute__((noreturn));
static int fuzz_work(const struct mfw_opts *);
static int fuzz_fclose(FILE *);
static void clean_dir(void);

static void
fuzz_exit(int st)
{
	status = st;
	longjmp(back, 1);
}

/* The work that the options ask for: nothing, it passed the checks. */
static int
fuzz_work(const struct mfw_opts *o)
{
	(void)o;
	return MFW_OK;
}

static int
fuzz_fclose(FILE *f)
{
	return f == stdout ? fflush(f) : fclose(f);
}

/* clang-format off */
#define exit(s)             fuzz_exit(s)
#define main                mfw_cli_main
#define mfw_run(o)          fuzz_work(o)
#define mfw_merge(o)        fuzz_work(o)
#define mfw_sample(o)       fuzz_work(o)
#define mfw_split(o)        fuzz_work(o)
#define fclose(f)           fuzz_fclose(f)
#define output_signals()    ((void)0)
#define util_atfatal(f)     ((void)(f))
/* clang-format on */
#include "main.c"

/* An exit in the middle of main.c leaves its allocations: the replay
 * driver runs without leak detection, as run.sh runs the fuzzer. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}
#undef exit
#undef main
#undef fclose

static void
clean_dir(void)
{
	DIR *d;
	struct dirent *e;

	if ((d = opendir(".")) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlink(e->d_name);
	closedir(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char name[] = "mfweights";
	char *buf, *argv[FUZZ_MAXARGS + 2];
	size_t i;
	int argc = 1;

	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = name;
	argv[1] = buf;
	for (i = 0; i < size; i++) {
		if (buf[i] == '/')
			buf[i] = '_';
		if (buf[i] == '\n')
			buf[i] = '\0';
	}
	for (i = 0; i <= size && argc <= FUZZ_MAXARGS; i++)
		if (i == 0 || buf[i - 1] == '\0')
			argv[argc++] = buf + i;
	argv[argc] = NULL;
	optind = 0; /* getopt_long starts afresh */
	status = -1;
	fuzz_sandbox(1);
	if (setjmp(back) == 0)
		status = mfw_cli_main(argc, argv);
	clean_dir();
	fuzz_sandbox(0);
	free(buf);
	if (status < MFW_OK || status > MFW_SYSERR) {
		fprintf(stderr, "fuzz_opts: exit status %d\n", status);
		abort();
	}
	return 0;
}
