/*
 * msg.c: stderr messages and the exit level.  A message is formatted into
 * a local buffer and written with one write(2), so worker threads need no
 * lock and lines never interleave.  File names are quoted so that a name
 * holding a newline or escape sequence stays on one unambiguous line.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mfweights.h"
#include "msg.h"
#include "util.h"

static atomic_int worst;
static atomic_int progress; /* a progress line may be on the terminal */
static int quiet;

static void vsay(const char *, const char *, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

void
msg_setquiet(int q)
{
	quiet = q;
}

void
msg_setprogress(int on)
{
	atomic_store(&progress, on);
}

void
msg_level(int lvl)
{
	int cur = atomic_load(&worst);

	while (lvl > cur && !atomic_compare_exchange_weak(&worst, &cur, lvl))
		;
}

int
msg_status(void)
{
	return atomic_load(&worst);
}

static void
vsay(const char *prefix, const char *path, const char *fmt, va_list ap)
{
	char small[1024], *buf = small, *q = NULL;
	size_t n, cap = sizeof(small), need;
	va_list ap2;
	int r;

	if (path != NULL)
		q = msg_quote(path);
	va_copy(ap2, ap);
	r = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	/* "\r\033[K" + "mfweights: " + prefix + path + ": " + text + "\n" */
	need =
	    32 + strlen(prefix) + (q ? strlen(q) : 0) + (r > 0 ? (size_t)r : 0);
	if (need > cap && (buf = malloc(need)) != NULL)
		cap = need;
	else if (need > cap)
		buf = small; /* out of memory: a cut message still helps */
	/* Clear a progress line first; the next redraw puts it back. */
	n = (size_t)snprintf(buf, cap, "%smfweights: %s%s%s",
	    atomic_load(&progress) ? "\r\033[K" : "", prefix, q ? q : "",
	    q ? ": " : "");
	if (n < cap) {
		r = vsnprintf(buf + n, cap - n, fmt, ap);
		if (r > 0)
			n += (size_t)r;
	}
	if (n >= cap - 1)
		n = cap - 2;
	/* Library messages may carry newlines and the bytes of a bad file
	 * (jansson quotes the token it refused): keep one line per message
	 * and no control byte reaches the terminal. */
	for (size_t i = atomic_load(&progress) ? 4 : 0; i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\r')
			buf[i] = ' ';
		else if ((unsigned char)buf[i] < 0x20 && buf[i] != '\t')
			buf[i] = '?';
		else if (buf[i] == 0x7f)
			buf[i] = '?';
	buf[n++] = '\n';
	(void)!write(STDERR_FILENO, buf, n);
	free(q);
	if (buf != small)
		free(buf);
}

void
msg_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", NULL, fmt, ap);
	va_end(ap);
}

void
msg_file(const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", path, fmt, ap);
	va_end(ap);
}

void
msg_notice(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vsay("notice: ", NULL, fmt, ap);
	va_end(ap);
}

static int
safechar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("._/+-,:@%=", c) != NULL;
}

char *
msg_quote(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i, k, o = 0;
	int plain = len > 0, inq = 0;
	char *out;

	for (i = 0; i < len; i++)
		if (!safechar(p[i]))
			plain = 0;
	if (plain)
		return xstrdup(s);
	/* Worst case: every byte becomes '$'\xHH'' (9 bytes). */
	out = xmalloc(len * 9 + 3);
	for (i = 0; i < len; i += k) {
		k = utf8_seqlen(p + i, len - i);
		if (k == 1 && (p[i] < 0x20 || p[i] == 0x7f))
			k = 0;
		if (k == 0) {
			if (inq)
				out[o++] = '\'', inq = 0;
			o += (size_t)sprintf(out + o, "$'\\x%02x'", p[i]);
			k = 1;
		} else if (p[i] == '\'') {
			if (inq)
				out[o++] = '\'', inq = 0;
			memcpy(out + o, "\\'", 2);
			o += 2;
		} else {
			if (!inq)
				out[o++] = '\'', inq = 1;
			memcpy(out + o, p + i, k);
			o += k;
		}
	}
	if (inq)
		out[o++] = '\'';
	if (o == 0)
		out[o++] = '\'', out[o++] = '\'';
	out[o] = '\0';
	return out;
}
