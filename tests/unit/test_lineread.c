/*
 * test_lineread.c: the bounded reader's spool interface (lineread.h):
 * lr_fdopen on a descriptor the caller keeps, lr_rewind, the cut flag of
 * a last line without its delimiter, and a line over the limit (toolong,
 * its first bytes kept, the buffer never past the limit).
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <stdio.h>
#include <unistd.h>

#include "lineread.h"
#include "unit.h"

static char err[512];

/* A temporary file holding text, its descriptor ready to read. */
static FILE *
spool(const char *text, size_t len)
{
	FILE *f = tmpfile();

	CHECK(f != NULL);
	if (f == NULL)
		exit(1);
	CHECK(fwrite(text, 1, len, f) == len);
	CHECK(fflush(f) == 0);
	CHECK(lseek(fileno(f), 0, SEEK_SET) == 0);
	return f;
}

static void
test_rewind(void)
{
	FILE *f = spool("one\n\ntwo", 8);
	struct lr r;
	char *line;
	size_t len;
	int pass;

	lr_fdopen(&r, fileno(f), "spool", '\n', LR_TEXT, 16, 0);
	for (pass = 0; pass < 2; pass++) {
		CHECK(lr_rewind(&r, err, sizeof(err)) == 0);
		CHECK(lr_next(&r, &line, &len, err, sizeof(err)) == LR_LINE);
		CHECK_STR(line, "one");
		CHECK(!r.cut);
		CHECK(lr_next(&r, &line, &len, err, sizeof(err)) == LR_LINE);
		CHECK(len == 0 && !r.cut);
		CHECK(lr_next(&r, &line, &len, err, sizeof(err)) == LR_LINE);
		CHECK_STR(line, "two");
		CHECK(r.cut && r.lineno == 3);
		CHECK(lr_next(&r, &line, &len, err, sizeof(err)) == LR_EOF);
	}
	lr_close(&r);
	/* The caller's descriptor stays open. */
	CHECK(lseek(fileno(f), 0, SEEK_SET) == 0);
	fclose(f);
}

static void
test_toolong(void)
{
	char text[300];
	FILE *f;
	struct lr r;
	char *line;
	size_t len;

	memset(text, 'x', sizeof(text));
	text[0] = '{';
	text[sizeof(text) - 1] = '\n';
	f = spool(text, sizeof(text));
	lr_fdopen(&r, fileno(f), "long", '\n', 0, 200, 0);
	CHECK(lr_next(&r, &line, &len, err, sizeof(err)) == LR_BAD);
	CHECK(strstr(err, "long:1: the line is longer than 200 bytes") == err);
	CHECK(r.toolong && r.line[0] == '{');
	CHECK(r.lcap <= 201);
	/* Read again with room: the line, whole. */
	CHECK(lr_rewind(&r, err, sizeof(err)) == 0);
	CHECK(!r.toolong);
	r.line_max = 400;
	CHECK(lr_next(&r, &line, &len, err, sizeof(err)) == LR_LINE);
	CHECK(len == sizeof(text) - 1 && line[0] == '{');
	lr_close(&r);
	fclose(f);
}

static void
test_pipe(void)
{
	int fd[2];
	struct lr r;

	CHECK(pipe(fd) == 0);
	lr_fdopen(&r, fd[0], "pipe", '\n', 0, 16, 0);
	CHECK(lr_rewind(&r, err, sizeof(err)) == LR_BAD);
	CHECK(strstr(err, "pipe: cannot read it again") == err);
	lr_close(&r);
	close(fd[0]);
	close(fd[1]);
}

int
main(void)
{
	test_rewind();
	test_toolong();
	test_pipe();
	return unit_done("test_lineread");
}
