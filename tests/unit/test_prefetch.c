/*
 * test_prefetch.c: the read-ahead window (prefetch.c): which files are
 * taken to be advised as the walk adds them and the workers start them;
 * files that are missing, empty or FIFOs are passed over without
 * blocking; -j 1 has no prefetcher.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prefetch.h"
#include "unit.h"

#define NF 60

int
main(void)
{
	char dir[] = "/tmp/test_prefetch.XXXXXX", path[NF][64];
	struct prefetch *p;
	size_t i;
	FILE *f;

	CHECK(prefetch_new(1, 32) == NULL); /* -j 1: off, and NULL is ok */
	prefetch_add(NULL, 0, "x");
	prefetch_start(NULL, 0);
	CHECK(prefetch_taken(NULL) == 0);
	prefetch_free(NULL);

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	for (i = 0; i < NF; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/f%02zu", dir, i);
		if (i == 3) /* a FIFO: opened without blocking, never read */
			CHECK(mkfifo(path[i], 0600) == 0);
		else if (i == 4) /* missing */
			continue;
		else if ((f = fopen(path[i], "w")) != NULL) {
			fprintf(f, "%*zu", (int)(i * 100), i); /* f00 empty */
			fclose(f);
		}
	}
	/* Ring of 2 x 8 + 2 + 1 = 19 jobs: the walk's bound with 2 workers
	 * and a queue of 16. */
	p = prefetch_new(2, 16);
	for (i = 0; i < 19; i++)
		prefetch_add(p, i, path[i]);
	/* Nothing started: the first PREFETCH_AHEAD files, by the walk. */
	CHECK(prefetch_taken(p) == PREFETCH_AHEAD);
	prefetch_add(p, 19, path[19]); /* ring full: not taken, no harm */
	CHECK(prefetch_taken(p) == PREFETCH_AHEAD);
	/* Job 0 starts: the window moves by one. */
	prefetch_start(p, 0);
	CHECK(prefetch_taken(p) == PREFETCH_AHEAD + 1);
	/* Out of order, then back: the window follows the largest. */
	prefetch_start(p, 2);
	CHECK(prefetch_taken(p) == 19);
	prefetch_start(p, 1);
	CHECK(prefetch_taken(p) == 19);
	/* Jobs 3..18 started: dropped from the ring; the walk goes on to
	 * job 38 (19 was dropped), of which 20..34 are in the window. */
	prefetch_start(p, 18);
	for (i = 20; i <= 38; i++)
		prefetch_add(p, i, path[i]);
	CHECK(prefetch_taken(p) == 19 + 15);
	prefetch_start(p, 30); /* window to 46: 35..38 */
	CHECK(prefetch_taken(p) == 38);
	/* Gaps in the numbering (--shard): the window counts jobs. */
	prefetch_add(p, 45, path[45]);
	prefetch_add(p, 50, path[50]);
	CHECK(prefetch_taken(p) == 39);
	prefetch_start(p, 44); /* window to 60 */
	CHECK(prefetch_taken(p) == 40);
	prefetch_free(p);

	for (i = 0; i < NF; i++)
		unlink(path[i]);
	rmdir(dir);
	return unit_done("test_prefetch");
}
