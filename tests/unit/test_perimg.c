/*
 * test_perimg.c: the --per-image writer keeps walk order and bounded
 * memory.  Job 0 is held back, as a huge file would hold it, while the
 * producer hands on 20,000 more: the producer must stop once the lines
 * held behind job 0 reach PERIMG_MAX_BYTES, and every line must come out
 * in order once job 0 is done.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "perimg.h"
#include "unit.h"

#define NJOBS   20000
#define LINELEN 1000

static atomic_size_t reserved;
static struct perimg *pi;
static size_t seen_bytes, seen_reserved;

static char *
line(size_t i)
{
	char *s = malloc(LINELEN + 1);

	memset(s, 'x', LINELEN);
	snprintf(s, 24, "%zu ", i);
	s[strlen(s)] = ' ';
	s[LINELEN - 1] = '\n';
	s[LINELEN] = '\0';
	return s;
}

/* The slow job 0: finishes after the producer had time to run ahead. */
static void *
slow(void *arg)
{
	struct timespec ts = {0, 300 * 1000000L};

	(void)arg;
	nanosleep(&ts, NULL);
	perimg_held(pi, &seen_bytes);
	seen_reserved = atomic_load(&reserved);
	perimg_put(pi, 0, line(0));
	return NULL;
}

int
main(void)
{
	char dir[] = "/tmp/test_perimg.XXXXXX", path[64], *buf = NULL;
	size_t i, cap = 0, n = 0, want = 0;
	pthread_t t;
	FILE *f;
	int ok = 1;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/lines.jsonl", dir);
	CHECK((pi = perimg_open(path, NULL)) != NULL);
	CHECK(pthread_create(&t, NULL, slow, NULL) == 0);
	perimg_reserve(pi, 0);
	for (i = 1; i <= NJOBS; i++) {
		perimg_reserve(pi, i);
		atomic_store(&reserved, i);
		perimg_put(pi, i, line(i));
	}
	CHECK(pthread_join(t, NULL) == 0);
	/* Held behind job 0: at most the limit plus the line that crossed
	 * it; the producer stopped right there. */
	CHECK(seen_bytes <= PERIMG_MAX_BYTES + LINELEN);
	CHECK(seen_reserved <= PERIMG_MAX_BYTES / LINELEN + 2);
	CHECK(perimg_flush(pi) == 0);
	CHECK(perimg_close(pi, 1) == 0);
	CHECK((f = fopen(path, "r")) != NULL);
	while (f != NULL && getline(&buf, &cap, f) > 0) {
		if (strtoul(buf, NULL, 10) != want++ || strlen(buf) != LINELEN)
			ok = 0;
		n++;
	}
	CHECK(ok && n == NJOBS + 1);
	if (f != NULL)
		fclose(f);
	free(buf);
	unlink(path);
	rmdir(dir);
	return unit_done("test_perimg");
}
