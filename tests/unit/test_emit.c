/*
 * test_emit.c: number and string formatting of the output writer.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include "emit.h"
#include "unit.h"

static void
test_double(void)
{
	char b[64];

	emit_double(b, sizeof(b), 0.27528322, 2);
	CHECK_STR(b, "0.28");
	emit_double(b, sizeof(b), 1.0, 2);
	CHECK_STR(b, "1");
	emit_double(b, sizeof(b), 3.48062665, 2);
	CHECK_STR(b, "3.48");
	emit_double(b, sizeof(b), 2.5, 0);
	CHECK_STR(b, "2"); /* round half to even, as printf */
	emit_double(b, sizeof(b), -0.0001, 2);
	CHECK_STR(b, "0");
	emit_double(b, sizeof(b), 0.1, -1);
	CHECK_STR(b, "0.1");
	emit_double(b, sizeof(b), 1.0 / 3, -1);
	CHECK_STR(b, "0.3333333333333333");
	CHECK(strtod(b, NULL) == 1.0 / 3);
	emit_double(b, sizeof(b), 0.30000000000000004, -1);
	CHECK_STR(b, "0.30000000000000004");
	emit_double(b, sizeof(b), 1, -1);
	CHECK_STR(b, "1");
	emit_double(b, sizeof(b), NAN, -1);
	CHECK_STR(b, "0");
}

static void
test_string(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int bad;

	bad = emit_json_string(f,
	    "a\"b\\c\nd\x01\x7f"
	    "\xc3\xa9"
	    "\xff");
	fclose(f);
	CHECK(bad == 1);
	CHECK_STR(buf, "\"a\\\"b\\\\c\\nd\\u0001\\u007f\xc3\xa9\\ufffd\"");
	free(buf);
}

int
main(void)
{
	test_double();
	test_string();
	return unit_done("test_emit");
}
