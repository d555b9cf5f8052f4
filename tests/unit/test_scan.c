/*
 * test_scan.c: the walk (scan.h) over a small tree built in a temporary
 * directory: byte-wise order and recursion, --include / --exclude,
 * sidecars, FIFOs, symbolic links with and without --follow, link loops,
 * hard links named twice, file and missing operands, the stop flag,
 * --files-from (newline and NUL separated) and /vsi operands through the
 * list callback.
 *
 * Single-threaded: not run under ThreadSanitizer (tests/run.sh).
 * suites: plain asan
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "scan.h"
#include "unit.h"

/* What the walk handed on, in order; the test owns the strings. */
#define MAXITEMS 64

struct got {
	size_t n;
	struct scan_item it[MAXITEMS];
	size_t stop_after; /* set *stop after this many items (0: never) */
	atomic_int stop;
};

static void
collect(void *arg, struct scan_item *it)
{
	struct got *g = arg;

	if (g->n < MAXITEMS)
		g->it[g->n++] = *it;
	else {
		free(it->path);
		free(it->reason);
	}
	if (g->stop_after != 0 && g->n == g->stop_after)
		atomic_store(&g->stop, 1);
}

static void
got_free(struct got *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->it[i].path);
		free(g->it[i].reason);
	}
	g->n = 0;
}

/* The fake GDAL lister: a fixed list, whatever the path. */
struct fake {
	const char *const *names;
	size_t n;
	const char *fail; /* non-NULL: fail with this reason */
	int calls;
	char path[64];
};

static int
fake_list(const void *arg, const char *path, char ***names, size_t *n,
    char *err, size_t errlen)
{
	/* The walk passes list_arg as const; the fake counts its calls. */
	struct fake *f = (struct fake *)(uintptr_t)arg;

	f->calls++;
	snprintf(f->path, sizeof(f->path), "%s", path);
	if (f->fail != NULL) {
		snprintf(err, errlen, "%s", f->fail);
		return -1;
	}
	*names = malloc(f->n * sizeof(**names));
	for (size_t i = 0; i < f->n; i++)
		(*names)[i] = strdup(f->names[i]);
	*n = f->n;
	return 0;
}

/* The run's inputs; main() resets them before each case. */
static struct mfw_opts o;
static struct scan_stats st;
static struct got g;
static struct scan_cb cb;

static void
reset(char **paths, size_t npaths)
{
	got_free(&g);
	memset(&g, 0, sizeof(g));
	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	o.paths = paths;
	o.npaths = npaths;
	cb = (struct scan_cb){collect, &g, NULL, NULL, &g.stop, NULL};
}

/* Items i.. are the given paths, each with no reason. */
static int
paths_are(size_t i, const char *const *want, size_t n)
{
	if (g.n < i + n)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (strcmp(g.it[i + k].path, want[k]) != 0 ||
		    g.it[i + k].reason != NULL)
			return 0;
	return 1;
}

static int
all_flags(int explicit, int vsi)
{
	for (size_t i = 0; i < g.n; i++)
		if (g.it[i].explicit != explicit || g.it[i].vsi != vsi)
			return 0;
	return 1;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A writable copy of a literal, for the char ** fields of the options;
 * all freed at the end. */
static char *owned[128];
static size_t nowned;

static char *
own(const char *s)
{
	char *c = strdup(s);

	if (c == NULL || nowned == NELEM(owned)) {
		perror("test_scan");
		exit(1);
	}
	return owned[nowned++] = c;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

static void
put_bytes(const char *path, const char *b, size_t n)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	fwrite(b, 1, n, f);
	fclose(f);
}

/* The tree; every path is relative to the temporary directory. */
static void
build(void)
{
	int ok = 1;

	ok &= mkdir("t", 0777) == 0;
	put("t/B", "");
	put("t/a", "");
	put("t/a.png", "");
	put("t/a0", "");
	put("t/c.png", "");
	put("t/\xc3\xa9", "");
	ok &= mkdir("t/sub", 0777) == 0;
	ok &= mkdir("t/sub/y", 0777) == 0;
	put("t/sub/y/x.png", "");
	put("t/sub/z.png", "");

	ok &= mkdir("f", 0777) == 0;
	put("f/a.png", "");
	put("f/b.tif", "");
	put("f/c.jpg", "");
	put("f/skip.png", "");
	put("f/x.tif.aux.xml", "");
	put("f/x.ovr", "");
	put("f/x.MSK", "");
	ok &= mkdir("f/dir", 0777) == 0;
	put("f/dir/e.png", "");

	ok &= mkdir("s", 0777) == 0;
	ok &= mkfifo("s/fifo", 0666) == 0;
	put("s/r.png", "");

	ok &= mkdir("l", 0777) == 0;
	put("l/target.png", "");
	ok &= symlink("../t/c.png", "l/ln") == 0;
	ok &= symlink("../t/sub", "l/dl") == 0;
	ok &= symlink("nowhere", "l/dang") == 0;

	ok &= mkdir("p", 0777) == 0;
	ok &= mkdir("p/q", 0777) == 0;
	put("p/f.png", "");
	put("p/q/g.png", "");
	ok &= symlink(".", "p/self") == 0;
	ok &= symlink("..", "p/q/back") == 0;

	ok &= mkdir("h1", 0777) == 0;
	ok &= mkdir("h2", 0777) == 0;
	put("h1/x.png", "");
	ok &= link("h1/x.png", "h2/x.png") == 0;

	ok &= mkdir("n", 0777) == 0;
	put("n/a\nb.png", "");
	CHECK(ok);
}

static void
test_order(void)
{
	char *p[] = {own("t")};
	const char *want[] = {"t/B", "t/a", "t/a.png", "t/a0", "t/c.png",
	    "t/sub/y/x.png", "t/sub/z.png", "t/\xc3\xa9"};

	reset(p, 1);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == NELEM(want));
	CHECK(paths_are(0, want, NELEM(want)));
	CHECK(all_flags(0, 0));
	CHECK(st.filtered == 0 && st.sidecars == 0 && st.special == 0);
	CHECK(st.links == 0 && st.loops == 0 && st.duplicates == 0);
	/* A trailing slash on the operand does not double it. */
	p[0] = own("t/");
	reset(p, 1);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == NELEM(want) && strcmp(g.it[0].path, "t/B") == 0);
}

static void
test_filters(void)
{
	char *p[] = {own("f")}, *inc[] = {own("*.png"), own("*.tif")},
	     *exc[] = {own("skip*")};
	const char *want[] = {"f/a.png", "f/b.tif", "f/dir/e.png"};
	const char *all[] = {
	    "f/a.png", "f/b.tif", "f/c.jpg", "f/dir/e.png", "f/skip.png"};

	reset(p, 1);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == NELEM(all) && paths_are(0, all, NELEM(all)));
	CHECK(st.sidecars == 3 && st.filtered == 0);

	reset(p, 1);
	o.include = inc;
	o.ninclude = NELEM(inc);
	o.exclude = exc;
	o.nexclude = NELEM(exc);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == NELEM(want) && paths_are(0, want, NELEM(want)));
	CHECK(st.filtered == 2); /* c.jpg, skip.png */
	CHECK(st.sidecars == 3); /* before the globs */

	/* A glob sees the file name, not the path. */
	inc[0] = own("f/*.png");
	reset(p, 1);
	o.include = inc;
	o.ninclude = 1;
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 0 && st.filtered == 5);
}

static void
test_special(void)
{
	char *p[] = {own("s")}, *fifo[] = {own("s/fifo")};

	reset(p, 1);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1 && strcmp(g.it[0].path, "s/r.png") == 0);
	CHECK(st.special == 1);
	/* Named as an operand: a bad input, and stat only (no hang). */
	reset(fifo, 1);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1 && g.it[0].reason != NULL && g.it[0].explicit == 1);
	CHECK(g.n == 1 && strcmp(g.it[0].path, "s/fifo") == 0);
}

static void
test_links(void)
{
	char *p[] = {own("l")}, *ln[] = {own("l/ln")};
	const char *nofollow[] = {"l/target.png"};
	const char *follow[] = {
	    "l/dl/y/x.png", "l/dl/z.png", "l/ln", "l/target.png"};

	reset(p, 1);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1 && paths_are(0, nofollow, 1));
	CHECK(st.links == 3);

	reset(p, 1);
	o.follow = 1;
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == NELEM(follow) && paths_are(0, follow, NELEM(follow)));
	CHECK(st.links == 1); /* the dangling one */
	CHECK(st.loops == 0 && st.duplicates == 0);

	/* An operand is opened through its link even without --follow. */
	reset(ln, 1);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1 && paths_are(0, (const char *[]){"l/ln"}, 1));
	CHECK(g.n == 1 && g.it[0].explicit == 1 && st.links == 0);
}

static void
test_loop(void)
{
	char *p[] = {own("p")};
	const char *want[] = {"p/f.png", "p/q/g.png"};

	reset(p, 1);
	o.follow = 1;
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == NELEM(want) && paths_are(0, want, NELEM(want)));
	CHECK(st.loops == 2); /* p/q/back -> .., p/self -> . */
	CHECK(st.links == 0);
}

static void
test_duplicates(void)
{
	char *p[] = {own("h1"), own("h2")},
	     *same[] = {own("t/a.png"), own("t/a.png")};

	reset(p, 2);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1 && paths_are(0, (const char *[]){"h1/x.png"}, 1));
	CHECK(st.duplicates == 1);
	/* One file named twice (a single link): counted once. */
	reset(same, 2);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1 && paths_are(0, (const char *[]){"t/a.png"}, 1));
	CHECK(st.duplicates == 1);
}

static void
test_operands(void)
{
	char *file[] = {own("t/a.png")}, *missing[] = {own("nope"), own("t/B")};

	reset(file, 1);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1 && paths_are(0, (const char *[]){"t/a.png"}, 1));
	CHECK(all_flags(1, 0));

	/* A missing operand: an item with a reason; the walk goes on. */
	reset(missing, 2);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 2);
	if (g.n == 2) {
		CHECK_STR(g.it[0].path, "nope");
		CHECK(g.it[0].reason != NULL &&
		    strstr(g.it[0].reason, strerror(ENOENT)) != NULL);
		CHECK(g.it[0].explicit == 1 && g.it[0].vsi == 0);
		CHECK(paths_are(1, (const char *[]){"t/B"}, 1));
	}
}

static void
test_stop(void)
{
	char *p[] = {own("t")},
	     *files[] = {own("t/B"), own("t/a"), own("t/a0"), own("t/c.png")};

	reset(p, 1);
	g.stop_after = 3;
	CHECK(scan_run(&o, &cb, &st) == -1);
	CHECK(g.n == 3);
	/* Between operands too. */
	reset(files, NELEM(files));
	g.stop_after = 3;
	CHECK(scan_run(&o, &cb, &st) == -1);
	CHECK(g.n == 3);
	/* Set before the run: nothing at all. */
	reset(p, 1);
	atomic_store(&g.stop, 1);
	CHECK(scan_run(&o, &cb, &st) == -1);
	CHECK(g.n == 0);
}

/* Run with fd 2 on /dev/null: the expected error stays off the output. */
static int
run_quiet(void)
{
	int save = dup(2), null = open("/dev/null", O_WRONLY), rc;

	fflush(stderr);
	dup2(null, 2);
	rc = scan_run(&o, &cb, &st);
	dup2(save, 2);
	close(save);
	close(null);
	return rc;
}

static void
test_files_from(void)
{
	char *p[] = {own("t/a0")};
	const char *want[] = {
	    "t/a0", "t/a.png", "t/sub/y/x.png", "t/sub/z.png"};
	static const char nul[] = "n/a\nb.png\0t/B\0t/sub\0";
	static const char empty[] = "t/B\0\0t/a0\0";

	put("list.txt", "t/a.png\n\nt/sub\nl/ln\nnope2\nt/B");
	reset(p, 1);
	o.files_from = "list.txt";
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 6 && paths_are(0, want, NELEM(want)));
	if (g.n == 6) {
		CHECK(g.it[0].explicit == 1);
		CHECK(g.it[1].explicit == 0 && g.it[2].explicit == 0);
		CHECK_STR(g.it[4].path, "nope2");
		CHECK(g.it[4].reason != NULL);
		CHECK(paths_are(5, (const char *[]){"t/B"}, 1));
		CHECK(g.it[5].explicit == 0);
	}
	CHECK(st.links == 1); /* l/ln: a member of a walk, not followed */
	CHECK(st.list_error == 0);

	/* NUL-separated: a newline is part of a name. */
	put_bytes("list0", nul, sizeof(nul) - 1);
	reset(NULL, 0);
	o.files_from = "list0";
	o.null_sep = 1;
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 4 &&
	    paths_are(0,
		(const char *[]){
		    "n/a\nb.png", "t/B", "t/sub/y/x.png", "t/sub/z.png"},
		4));

	/* An empty entry is skipped, as an empty line is (the man page:
	 * "Empty lines are skipped"). */
	put_bytes("list00", empty, sizeof(empty) - 1);
	reset(NULL, 0);
	o.files_from = "list00";
	o.null_sep = 1;
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 2 && paths_are(0, (const char *[]){"t/B", "t/a0"}, 2));

	/* The same file in the list twice is counted once. */
	put("list2", "t/B\nt/B\n");
	reset(NULL, 0);
	o.files_from = "list2";
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1 && st.duplicates == 1);

	reset(NULL, 0);
	o.files_from = "no-such-list";
	CHECK(run_quiet() == 0);
	CHECK(g.n == 0 && st.list_error == 1);
}

static void
test_vsi(void)
{
	static const char *const names[] = {"/vsizip/x.zip/a.png",
	    "/vsizip/x.zip/c.jpg", "/vsizip/x.zip/d.ovr",
	    "/vsizip/x.zip/dir/b.png", "/vsizip/x.zip/dir/skip.png",
	    "/vsizip/x.zip/e.png"};
	const char *want[] = {"/vsizip/x.zip/a.png", "/vsizip/x.zip/dir/b.png",
	    "/vsizip/x.zip/e.png"};
	char *p[] = {own("/vsizip/x.zip")}, *inc[] = {own("*.png")},
	     *exc[] = {own("skip*"), own("dir*")};
	struct fake f = {names, NELEM(names), NULL, 0, ""};

	reset(p, 1);
	cb.list = fake_list;
	cb.list_arg = &f;
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(f.calls == 1);
	CHECK_STR(f.path, "/vsizip/x.zip");
	CHECK(g.n == NELEM(names) - 1); /* d.ovr is a sidecar */
	CHECK(all_flags(0, 1));
	CHECK(st.sidecars == 1);

	/* The globs see the base name: "dir*" leaves dir/b.png alone. */
	reset(p, 1);
	cb.list = fake_list;
	cb.list_arg = &f;
	o.include = inc;
	o.ninclude = 1;
	o.exclude = exc;
	o.nexclude = NELEM(exc);
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == NELEM(want) && paths_are(0, want, NELEM(want)));
	CHECK(all_flags(0, 1));
	CHECK(st.filtered == 2 && st.sidecars == 1);

	/* The lister fails: its reason, on the operand. */
	f.fail = "boom";
	reset(p, 1);
	cb.list = fake_list;
	cb.list_arg = &f;
	CHECK(scan_run(&o, &cb, &st) == 0);
	CHECK(g.n == 1);
	if (g.n == 1) {
		CHECK_STR(g.it[0].path, "/vsizip/x.zip");
		CHECK(g.it[0].reason != NULL &&
		    strstr(g.it[0].reason, "boom") != NULL);
	}

	/* No lister (no GDAL): a reason, and the walk goes on. */
	f.calls = 0;
	{
		char *two[] = {own("/vsizip/x.zip"), own("t/B")};

		reset(two, 2);
		CHECK(scan_run(&o, &cb, &st) == 0);
		CHECK(g.n == 2 && f.calls == 0);
		if (g.n == 2) {
			CHECK_STR(g.it[0].path, "/vsizip/x.zip");
			CHECK(g.it[0].reason != NULL &&
			    g.it[0].reason[0] != '\0');
			CHECK(paths_are(1, (const char *[]){"t/B"}, 1));
		}
	}
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_scan.XXXXXX", *dir, cwd[4096];

	msg_setquiet(1); /* the duplicate and loop notices */
	if ((dir = mkdtemp(tmpl)) == NULL || getcwd(cwd, sizeof(cwd)) == NULL ||
	    chdir(dir) != 0) {
		perror("test_scan");
		return 1;
	}
	build();
	test_order();
	test_filters();
	test_special();
	test_links();
	test_loop();
	test_duplicates();
	test_operands();
	test_stop();
	test_files_from();
	test_vsi();
	got_free(&g);
	while (nowned > 0)
		free(owned[--nowned]);
	CHECK(chdir(cwd) == 0);
	CHECK(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0);
	return unit_done("test_scan");
}
