/*
 * fuzz_common.c: the part every mfweights fuzz harness shares (fuzz.h).
 *
 * One input is one file: it is written to a memfd, and the decoder that
 * dec_pick() chooses for its head counts it into a zeroed struct fhist,
 * exactly as run.c's worker does.  Besides the sanitizers, the decoder
 * contract of decode.h is checked after every input and abort() marks a
 * violation, so libFuzzer keeps the input as a crash:
 *   - the status is one of enum dec_status, never DEC_SYSERR (a hostile
 *     file must be a bad file, exit 3, not a system error, exit 4);
 *   - a failure has a reason of one printable line;
 *   - success counted every one of width x height samples exactly once,
 *     and no bin above maxbin (count_reset clears only up to maxbin);
 *   - after count_reset the histogram is all zero again.
 * For the GDAL harness the helper process is watched as well: its peak
 * RSS must stay under FUZZ_HELPER_RSS_MB, and its address space is capped
 * so that a runaway allocation cannot take the machine down.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "count.h"
#include "fuzz.h"

/* Peak RSS allowed to the GDAL helper, and its address-space cap. */
#define FUZZ_HELPER_RSS_MB 1024
#define FUZZ_HELPER_AS     ((rlim_t)3072 << 20)

static void fail(const char *, ...)
    __attribute__((format(printf, 1, 2), noreturn));
static void check_helpers(void);
static uint64_t env_u64(const char *, uint64_t);
static void unsandbox(void);

/* Bins compared with zero at a time after count_reset. */
#define ZCHUNK 8192

static struct fhist H;
static const uint64_t zero[ZCHUNK];
static int memfd = -1;
static char reason[DEC_ERRLEN];
static pid_t limited[64];
static size_t nlimited;
static int watch = 1;

struct fuzz_snap *fuzz_snap;

static void
fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: decoder contract violated: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static uint64_t
env_u64(const char *name, uint64_t dflt)
{
	const char *s = getenv(name);
	char *end;
	unsigned long long v;

	if (s == NULL || *s == '\0')
		return dflt;
	errno = 0;
	v = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' ? dflt : (uint64_t)v;
}

void
fuzz_opts(struct dec_opts *o, enum mfw_decoder d)
{
	memset(o, 0, sizeof(*o));
	o->decoder = d;
	o->max_pixels = env_u64("FUZZ_MAX_PIXELS", FUZZ_MAX_PIXELS);
}

void
fuzz_watch_helper(int on)
{
	watch = on;
}

const char *
fuzz_last_reason(void)
{
	return reason;
}

/*
 * Watch the helpers this thread started: cap the address space of each
 * new one, and fail if one has used more than FUZZ_HELPER_RSS_MB.  Only
 * the helper can be blamed on the input just run: it is checked after
 * every input, so the first input over the limit is the one kept.
 */
static void
check_helpers(void)
{
	char p[64], line[256];
	FILE *f;
	pid_t kids[64];
	size_t nk = 0, i, j;
	long pid;
	unsigned long kb;
	struct rlimit rl;

	snprintf(p, sizeof(p), "/proc/%ld/task/%ld/children", (long)getpid(),
	    (long)gettid());
	if ((f = fopen(p, "r")) == NULL)
		return;
	while (nk < 64 && fscanf(f, "%ld", &pid) == 1)
		kids[nk++] = (pid_t)pid;
	fclose(f);
	for (i = 0; i < nk; i++) {
		for (j = 0; j < nlimited && limited[j] != kids[i]; j++)
			;
		if (j == nlimited) {
			rl.rlim_cur = rl.rlim_max = FUZZ_HELPER_AS;
			if (prlimit(kids[i], RLIMIT_AS, &rl, NULL) == 0) {
				if (nlimited == 64)
					nlimited = 0;
				limited[nlimited++] = kids[i];
			}
		}
		snprintf(p, sizeof(p), "/proc/%ld/status", (long)kids[i]);
		if ((f = fopen(p, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "VmHWM: %lu kB", &kb) == 1 &&
			    kb > (unsigned long)FUZZ_HELPER_RSS_MB * 1024)
				fail("the GDAL helper %ld reached %lu MB RSS",
				    (long)kids[i], kb / 1024);
		fclose(f);
	}
}

void
fuzz_check_reason(const char *who, const char *why, int rc)
{
	const char *p;

	if (rc != 0 && why[0] == '\0')
		fail("%s: refused without a reason", who);
	/* FUZZ_ALLOW_CTRL: fuzz past a known finding (see findings/). */
	if (getenv("FUZZ_ALLOW_CTRL") != NULL)
		return;
	for (p = why; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			fail("%s: control byte 0x%02x in: %s", who,
			    (unsigned char)*p, why);
}

static char sandbox_dir[] = "/tmp/mfw-fuzz.XXXXXX";
static char sandbox_sub[sizeof(sandbox_dir) + 2];

static void
unsandbox(void)
{
	rmdir(sandbox_sub);
	rmdir(sandbox_dir);
}

void
fuzz_sandbox(int in)
{
	static int home = -1;

	if (home < 0) {
		if ((home = open(".", O_RDONLY | O_DIRECTORY)) < 0 ||
		    mkdtemp(sandbox_dir) == NULL)
			fail("work directory: %s", strerror(errno));
		snprintf(sandbox_sub, sizeof(sandbox_sub), "%s/d", sandbox_dir);
		if (mkdir(sandbox_sub, 0700) != 0 || atexit(unsandbox) != 0)
			fail("work directory: %s", strerror(errno));
	}
	if (in ? chdir(sandbox_sub) != 0 : fchdir(home) != 0)
		fail("chdir: %s", strerror(errno));
}

const char *
fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	size_t off;
	ssize_t n;

	if (fd < 0) {
		if ((fd = memfd_create("fuzz-file", 0)) < 0)
			fail("memfd_create: %s", strerror(errno));
		snprintf(
		    path, sizeof(path), "/proc/%ld/fd/%d", (long)getpid(), fd);
	}
	if (ftruncate(fd, 0) != 0)
		fail("ftruncate: %s", strerror(errno));
	for (off = 0; off < size; off += (size_t)n)
		if ((n = pwrite(fd, data + off, size - off, (off_t)off)) <= 0)
			fail("pwrite: %s", strerror(errno));
	return path;
}

int
fuzz_one(const struct dec_opts *o, void *worker, int want_path,
    const uint8_t *data, size_t size)
{
	const struct decoder *d;
	struct dec_ctx ctx;
	unsigned char head[DEC_HEADLEN];
	char path[64];
	uint64_t sum, px;
	uint32_t maxbin;
	size_t i, off;
	ssize_t n;
	int st;

	if (H.dense == NULL) {
		H.dense = calloc(MFW_DENSE, sizeof(*H.dense));
		if (H.dense == NULL)
			fail("out of memory");
		H.maxbin = MFW_DENSE - 1;
	}
	if (memfd < 0 && (memfd = memfd_create("fuzz-input", 0)) < 0)
		fail("memfd_create: %s", strerror(errno));
	if (ftruncate(memfd, 0) != 0)
		fail("ftruncate: %s", strerror(errno));
	for (off = 0; off < size; off += (size_t)n) {
		n = pwrite(memfd, data + off, size - off, (off_t)off);
		if (n <= 0)
			fail("pwrite: %s", strerror(errno));
	}
	/* Decoders must not rely on the file offset. */
	lseek(memfd, (off_t)(size / 2), SEEK_SET);

	memset(head, 0, sizeof(head));
	memcpy(head, data, size < sizeof(head) ? size : sizeof(head));
	reason[0] = '\0';
	if (fuzz_snap != NULL)
		fuzz_snap->st = -1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.o = o;
	ctx.fd = memfd;
	ctx.h = &H;
	ctx.worker = worker;
	if (want_path)
		snprintf(path, sizeof(path), "/proc/%ld/fd/%d", (long)getpid(),
		    memfd);
	else
		snprintf(path, sizeof(path), "fuzz-input");
	ctx.path = path;
	/* Large TIFFs split as with -j2; one participant takes every part
	 * in order, into the same histogram, as parts.c does. */
	ctx.parts_ok = 1;
	st =
	    dec_file(&ctx, head, size < sizeof(head) ? size : sizeof(head), &d);
	if (d == NULL)
		return -1;
	if (st == DEC_PARTS) {
		for (sum = 0, i = 0; i <= H.maxbin && i < MFW_DENSE; i++)
			sum += H.dense[i];
		if (ctx.nparts < 2 || sum != 0 || H.nextra != 0)
			fail("%s: split in %lu parts after counting", d->name,
			    (unsigned long)ctx.nparts);
		count_reset(&H);
		st = DEC_OK;
		for (ctx.part = 0; ctx.part < ctx.nparts && st == DEC_OK;
		     ctx.part++)
			st = d->count(&ctx);
		if (st == DEC_PARTS)
			fail("%s: a part asked to split", d->name);
	}

	if (memchr(ctx.err, '\0', sizeof(ctx.err)) == NULL)
		fail("reason not terminated");
	snprintf(reason, sizeof(reason), "%s", ctx.err);
	for (i = 0; ctx.err[i] != '\0'; i++)
		if ((unsigned char)ctx.err[i] < ' ' || ctx.err[i] == 0x7f)
			fail("reason has control byte 0x%02x: %s",
			    (unsigned char)ctx.err[i], ctx.err);
	switch (st) {
	case DEC_OK:
		break;
	case DEC_BAD:
	case DEC_NOTMASK:
		if (ctx.err[0] == '\0')
			fail("%s: status %d without a reason", d->name, st);
		break;
	case DEC_SYSERR:
		if (getenv("FUZZ_ALLOW_SYSERR") == NULL)
			fail("%s: system error on an input: %s", d->name,
			    ctx.err);
		break;
	default:
		fail("%s: unknown status %d", d->name, st);
	}
	if (H.maxbin >= MFW_DENSE)
		fail("%s: maxbin %lu", d->name, (unsigned long)H.maxbin);
	maxbin = H.maxbin;
	if (st == DEC_OK) {
		sum = H.nonint + H.nodata_extra + H.extra_lost + H.huge;
		for (i = 0; i <= H.maxbin; i++)
			sum += H.dense[i];
		for (i = 0; i < H.nextra; i++)
			sum += H.extra[i].n;
		px = (uint64_t)H.width * H.height;
		if (px == 0 || sum != px)
			fail("%s: counted %llu samples in a %lu x %lu image",
			    d->name, (unsigned long long)sum,
			    (unsigned long)H.width, (unsigned long)H.height);
		if (o->max_pixels != 0 && px > o->max_pixels)
			fail("%s: %llu pixels over --max-pixels", d->name,
			    (unsigned long long)px);
	}
	if (fuzz_snap != NULL) {
		fuzz_snap->st = st;
		fuzz_snap->w = H.width;
		fuzz_snap->h = H.height;
		memcpy(fuzz_snap->dense, H.dense, MFW_DENSE * sizeof(*H.dense));
	}
	/* count_reset clears bins 0..maxbin only: a sample counted above
	 * maxbin would stay and be counted again in the next file. */
	count_reset(&H);
	for (i = 0; i < MFW_DENSE; i += ZCHUNK)
		if (memcmp(H.dense + i, zero, sizeof(zero)) != 0)
			fail("%s: a bin in %zu..%zu is counted above maxbin "
			     "%lu",
			    d->name, i, i + ZCHUNK - 1, (unsigned long)maxbin);
	/* As in run.c, the next file starts with the maxbin count_reset
	 * left (0): a decoder must set it before it counts. */
	if (want_path && watch)
		check_helpers();
	return st;
}
