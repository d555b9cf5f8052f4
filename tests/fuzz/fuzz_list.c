/*
 * fuzz_list.c: libFuzzer harness for --files-from lists: the input is
 * the list, read by scan_run (scan.c) as a run does, newline-separated,
 * or NUL-separated (-0) when the first byte is odd.  It works in an
 * empty directory of its own and every '/' of the input becomes '_', so
 * that no entry walks the machine.  Each entry the walk yields must be
 * a path the list named, and a whole list must be read without a read
 * error, unless it is a newline list holding a NUL byte (refused, as
 * -0 lists are the fix).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "msg.h"
#include "scan.h"

static size_t nitems;

static void item(void *, struct scan_item *);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	msg_setquiet(1);
	return 0;
}

static void
item(void *arg, struct scan_item *it)
{
	(void)arg;
	if (it->path == NULL || it->path[0] == '\0') {
		fprintf(stderr, "fuzz_list: an item with no path\n");
		abort();
	}
	nitems++;
	free(it->path);
	free(it->reason);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mfw_opts o;
	struct scan_cb cb;
	struct scan_stats st;
	uint8_t *buf;
	size_t i, entries = 1;
	int nul = 0;

	if (size < 1 || (buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	for (i = 0; i + 1 < size; i++) {
		if (buf[i] == '/')
			buf[i] = '_';
		if (buf[i] == (data[0] & 1 ? '\0' : '\n'))
			entries++;
		else if (buf[i] == '\0')
			nul = 1;
	}
	memset(&o, 0, sizeof(o));
	memset(&cb, 0, sizeof(cb));
	memset(&st, 0, sizeof(st));
	o.files_from = fuzz_file(buf, size - 1);
	o.null_sep = data[0] & 1;
	o.threads = 1;
	cb.item = item;
	nitems = 0;
	fuzz_sandbox(1);
	scan_run(&o, &cb, &st);
	fuzz_sandbox(0);
	free(buf);
	if (nitems > entries) {
		fprintf(stderr, "fuzz_list: %zu items from %zu entries\n",
		    nitems, entries);
		abort();
	}
	if (st.list_error && !nul) {
		fprintf(stderr, "fuzz_list: a memfd list not read whole\n");
		abort();
	}
	return 0;
}
