/*
 * nodata.c: the meaning of a GDAL_NODATA text (nodata.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nodata.h"

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

enum nodata_kind
nodata_parse(const char *text, struct nodata *out)
{
	char buf[64], *end;
	size_t n;
	long long ll;
	double d;

	while (blank(*text))
		text++;
	n = strlen(text);
	while (n > 0 && blank(text[n - 1]))
		n--;
	if (n == 0 || n >= sizeof buf)
		return NODATA_BAD;
	memcpy(buf, text, n);
	buf[n] = '\0';

	errno = 0;
	ll = strtoll(buf, &end, 10);
	if (*end == '\0' && errno == 0) {
		out->label = ll;
		return NODATA_LABEL;
	}
	d = strtod(buf, &end);
	if (*end != '\0')
		return NODATA_BAD;
	if (!isnan(d) && d == floor(d) && d >= -0x1p63 && d < 0x1p63) {
		out->label = (int64_t)d;
		return NODATA_LABEL;
	}
	out->value = d;
	return NODATA_VALUE;
}
