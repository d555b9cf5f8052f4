/*
 * scan.c: walk the PATH operands and hand candidate files to a callback.
 *
 * DESIGN.  The walk is iterative: an explicit stack holds, per depth, the
 * directory's path and its sorted listing (names plus lstat results), so
 * a tree 1,000 levels deep costs neither C stack nor file descriptors:
 * a directory is opened, read whole, stat'ed entry by entry with fstatat
 * on its descriptor and closed before any child is visited.  Memory is
 * one listing per level, never the whole data set.  Entries are sorted
 * with strcmp (byte-wise, locale-free), so the order, and with it every
 * message and the skipped list, is the same on every machine.
 *
 * What is handed on: regular files, after the sidecar and --include /
 * --exclude name filters.  An entry that cannot be examined (fstatat
 * fails with anything but ENOENT, a vanish since readdir: a directory
 * readable but not searchable, EIO, a name too long) is a bad file,
 * named in walk order, whatever the filters.  What is passed over and counted for a notice:
 * FIFOs, sockets and devices (never opened, so never blocked on),
 * symbolic links (unless --follow), GDAL sidecars.  The same file met
 * twice (same st_dev and st_ino) is handed on once; the set that detects
 * it holds only files that can be met twice: those with several links,
 * or any file when several operands are given or links are followed.
 * With --follow, a link to a directory being walked (an ancestor) is a
 * loop and is not entered.  Operands that are not local paths (GDAL /vsi
 * paths) are listed by the caller's callback (struct scan_cb, list) and
 * their members handed on in the order it gives; scan.c itself only
 * walks the local file system.  The walk stops early when the caller
 * sets cb->stop (a system error).  Everything here runs in the main
 * thread.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "lineread.h"
#include "msg.h"
#include "remote.h"
#include "scan.h"
#include "util.h"

/* Empty entries in a row that a --files-from list may hold (/dev/zero
 * read with -0 is an endless run of them). */
#define LIST_EMPTY_MAX 65536

struct ent {
	char *name;
	mode_t mode;
	dev_t dev;
	ino_t ino;
	nlink_t nlink;
	int err; /* fstatat failed (not ENOENT): a bad file */
};

struct level {
	char *path;
	dev_t dev;
	ino_t ino;
	struct ent *e;
	size_t n, i;
};

/* Files met so far, as 64-bit mixes of (st_dev, st_ino): 16 bytes per
 * file at the worst load, so a million-line --files-from costs 16 MB.
 * Two files colliding in 64 bits is a 1e-7 chance at 1e6 files. */
struct idset {
	uint64_t *slot; /* 0 = empty */
	size_t cap, n;
};

struct walk {
	const struct mfw_opts *o;
	const struct scan_cb *cb;
	struct scan_stats *st;
	struct idset seen;
	int track_all; /* every file goes in the seen set */
	struct level *lv;
	size_t depth, cap;
	/* The output files that exist (-o, --per-image, --plot): an input
	 * that is one of them would be overwritten. */
	struct outfile {
		const char *opt, *path;
		dev_t dev;
		ino_t ino;
	} out[3];
	int nout;
};

static int
cmpent(const void *a, const void *b)
{
	return strcmp(
	    ((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

static uint64_t
idmix(dev_t dev, ino_t ino)
{
	uint64_t x = (uint64_t)ino * UINT64_C(0x9e3779b97f4a7c15) ^
	    ((uint64_t)dev + UINT64_C(0x632be59bd9b4e019));

	x ^= x >> 31;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 29;
	return x ? x : 1;
}

/* Insert a key; returns 1 if it was already there. */
static int
idset_add(struct idset *s, uint64_t key)
{
	size_t i;

	if (s->n * 2 >= s->cap) {
		struct idset t = {NULL, s->cap ? s->cap * 2 : 1024, 0};

		t.slot = xcalloc(t.cap, sizeof(*t.slot));
		for (i = 0; i < s->cap; i++)
			if (s->slot[i] != 0)
				idset_add(&t, s->slot[i]);
		free(s->slot);
		*s = t;
	}
	for (i = key % s->cap; s->slot[i] != 0; i = (i + 1) % s->cap)
		if (s->slot[i] == key)
			return 1;
	s->slot[i] = key;
	s->n++;
	return 0;
}

/* A system error, not the path's fault: the run stops with status 4. */
static int
sys_errno(int e)
{
	return e == EMFILE || e == ENFILE || e == ENOMEM;
}

/* A link that leads nowhere (dangling, or a loop of links): passed over
 * with the other links, as without --follow. */
static int
dangling(int e)
{
	return e == ENOENT || e == ELOOP;
}

static void
emit_bad(struct walk *w, const char *path, const char *why, int err)
{
	struct scan_item it = {
	    .path = xstrdup(path), .explicit = 1, .syserr = sys_errno(err)};
	size_t n = strlen(why) + (err ? strlen(strerror(err)) + 3 : 0) + 1;

	it.reason = xmalloc(n);
	if (err)
		snprintf(it.reason, n, "%s: %s", why, strerror(err));
	else
		snprintf(it.reason, n, "%s", why);
	w->cb->item(w->cb->arg, &it);
}

static int
endswith(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcasecmp(s + a - b, suf) == 0;
}

int
scan_name_ok(const struct mfw_opts *o, const char *name)
{
	size_t i;
	int in = o->ninclude == 0;

	if (endswith(name, ".aux.xml") || endswith(name, ".ovr") ||
	    endswith(name, ".msk"))
		return -1;
	for (i = 0; i < o->ninclude && !in; i++)
		in = fnmatch(o->include[i], name, 0) == 0;
	for (i = 0; i < o->nexclude && in; i++)
		in = fnmatch(o->exclude[i], name, 0) != 0;
	return in;
}

/*
 * Name filters of the walk: sidecars, then --include and --exclude on the
 * file name, then a --dataset preset's path patterns on the whole path as
 * walked ('*' crosses '/'), which tell a data set's masks from images of
 * the same name by their folder (LoveDA's masks_png/ and images_png/).
 */
static int
any_match(char *const *pat, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fnmatch(pat[i], s, 0) == 0)
			return 1;
	return 0;
}

static char cwd[4096];
static pthread_once_t cwd_once = PTHREAD_ONCE_INIT;

static void
get_cwd(void)
{
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		cwd[0] = '\0';
}

/*
 * A path pattern matches the path as walked, or, for a relative one, the
 * same path from the root: a walk of "." inside LoveDA's masks_png/ has
 * paths "./1.png", whose folder only the absolute path names.
 */
static int
path_match(char *const *pat, size_t n, const char *path)
{
	char *abs;
	int in;

	if (any_match(pat, n, path))
		return 1;
	if (n == 0 || path[0] == '/')
		return 0;
	pthread_once(&cwd_once, get_cwd);
	if (cwd[0] == '\0')
		return 0;
	abs = path_join(cwd, path);
	in = any_match(pat, n, abs);
	free(abs);
	return in;
}

static int
wanted(struct walk *w, const char *path, const char *name)
{
	const struct mfw_opts *o = w->o;
	int in = scan_name_ok(o, name);

	if (in < 0) {
		w->st->sidecars++;
		return 0;
	}
	in = in > 0 &&
	    (o->ninclude_path == 0 ||
		path_match(o->include_path, o->ninclude_path, path)) &&
	    !path_match(o->exclude_path, o->nexclude_path, path);
	if (!in)
		w->st->filtered++;
	return in;
}

static int
stopped(const struct walk *w)
{
	return w->st->output_clash ||
	    (w->cb->stop != NULL && atomic_load(w->cb->stop));
}

/* Note an output file that exists, to be compared with every input. */
static void
add_out(struct walk *w, const char *opt, const char *path)
{
	struct stat sb;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &sb) != 0 ||
	    !S_ISREG(sb.st_mode))
		return;
	w->out[w->nout++] = (struct outfile){opt, path, sb.st_dev, sb.st_ino};
}

/* Is the input sb one of the output files?  Then say so and stop: the
 * run must write nothing, --keep-going or not. */
static int
is_output(struct walk *w, const char *path, const struct stat *sb)
{
	for (int i = 0; i < w->nout; i++)
		if (w->out[i].dev == sb->st_dev &&
		    w->out[i].ino == sb->st_ino) {
			char *q = msg_quote(path);

			msg_err("%s is also the %s file %s: writing it would "
				"destroy an input; choose another %s",
			    q, w->out[i].opt, w->out[i].path, w->out[i].opt);
			free(q);
			w->st->output_clash = 1;
			msg_level(MFW_USAGE);
			return 1;
		}
	return 0;
}

/* Hand a regular file on, unless the same file was met before. */
static void
give(struct walk *w, char *path, const struct stat *sb, int explicit)
{
	struct scan_item it = {.path = path, .explicit = explicit};

	if (w->nout > 0 && is_output(w, path, sb)) {
		free(path);
		return;
	}
	if ((w->track_all || sb->st_nlink > 1) &&
	    idset_add(&w->seen, idmix(sb->st_dev, sb->st_ino))) {
		/* Name the first few; run.c sums up the rest. */
		if (w->st->duplicates++ < SCAN_DUP_NOTICES) {
			char *q = msg_quote(path);

			msg_notice("%s is a file already counted (same device "
				   "and inode); counted once",
			    q);
			free(q);
		}
		free(path);
		return;
	}
	w->cb->item(w->cb->arg, &it);
}

/* Read, lstat and sort one directory.  Returns 0, or errno. */
static int
list_dir(const char *path, int nofollow, struct level *l)
{
	int fd, e;
	DIR *d;
	struct dirent *de;
	struct stat sb;
	size_t cap = 0;

	l->e = NULL;
	l->n = l->i = 0;
	fd = open(path,
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0)
		return errno;
	if (fstat(fd, &sb) != 0 || (d = fdopendir(fd)) == NULL) {
		e = errno;
		close(fd);
		return e;
	}
	l->dev = sb.st_dev;
	l->ino = sb.st_ino;
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		e = 0;
		if (fstatat(fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			/* Vanished since readdir: nothing to count.  Any
			 * other failure (a directory that is readable but
			 * not searchable, EIO, ...) is told in walk order. */
			if ((e = errno) == ENOENT)
				continue;
			memset(&sb, 0, sizeof(sb));
		}
		if (l->n == cap) {
			cap = cap ? cap * 2 : 64;
			l->e = xreallocarray(l->e, cap, sizeof(*l->e));
		}
		l->e[l->n++] = (struct ent){xstrdup(de->d_name), sb.st_mode,
		    sb.st_dev, sb.st_ino, sb.st_nlink, e};
	}
	e = errno;
	closedir(d);
	if (e != 0) {
		while (l->n > 0)
			free(l->e[--l->n].name);
		free(l->e);
		l->e = NULL;
		return e;
	}
	if (l->n > 1)
		qsort(l->e, l->n, sizeof(*l->e), cmpent);
	return 0;
}

static void
push(struct walk *w, char *path, int nofollow)
{
	struct level l = {path, 0, 0, NULL, 0, 0};
	int e;

	if ((e = list_dir(path, nofollow, &l)) != 0) {
		emit_bad(w, path, "cannot read directory", e);
		free(path);
		return;
	}
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->lv = xreallocarray(w->lv, w->cap, sizeof(*w->lv));
	}
	w->lv[w->depth++] = l;
}

static void
pop(struct walk *w)
{
	struct level *l = &w->lv[--w->depth];

	while (l->i < l->n)
		free(l->e[l->i++].name);
	free(l->e);
	free(l->path);
}

static int
is_ancestor(struct walk *w, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < w->depth; i++)
		if (w->lv[i].dev == dev && w->lv[i].ino == ino)
			return 1;
	return 0;
}

static int
walk_dir(struct walk *w, char *root)
{
	struct stat sb;

	push(w, root, 0);
	while (w->depth > 0) {
		struct level *l = &w->lv[w->depth - 1];
		struct ent *e;
		char *path;

		if (stopped(w))
			return -1;
		if (l->i == l->n) {
			pop(w);
			continue;
		}
		e = &l->e[l->i++];
		path = path_join(l->path, e->name);
		sb.st_mode = e->mode;
		sb.st_dev = e->dev;
		sb.st_ino = e->ino;
		sb.st_nlink = e->nlink;
		if (e->err != 0) {
			/* Its name may not be the whole story (a directory
			 * named like a mask): no filter applies. */
			emit_bad(w, path, "cannot examine", e->err);
			free(e->name);
			free(path);
			continue;
		}
		if (S_ISLNK(e->mode)) {
			int bad = w->o->follow && stat(path, &sb) != 0;

			if (bad && !dangling(errno)) {
				emit_bad(w, path, "cannot follow link", errno);
				free(e->name);
				free(path);
				continue;
			}
			if (!w->o->follow || bad) {
				w->st->links++;
				free(e->name);
				free(path);
				continue;
			}
			if (S_ISDIR(sb.st_mode) &&
			    is_ancestor(w, sb.st_dev, sb.st_ino)) {
				char *q = msg_quote(path);

				msg_notice("%s: symbolic link loop, not "
					   "followed",
				    q);
				free(q);
				w->st->loops++;
				free(e->name);
				free(path);
				continue;
			}
		}
		if (S_ISDIR(sb.st_mode)) {
			free(e->name);
			push(w, path, !S_ISLNK(e->mode));
		} else if (S_ISREG(sb.st_mode)) {
			if (wanted(w, path, e->name))
				give(w, path, &sb, 0);
			else
				free(path);
			free(e->name);
		} else {
			w->st->special++;
			free(e->name);
			free(path);
		}
	}
	return 0;
}

static int
walk_vsi(struct walk *w, const char *root)
{
	char **names = NULL, err[256];
	size_t n = 0, i;
	const char *base;

	if (w->cb->list == NULL) {
		emit_bad(w, root, "this build has no GDAL reader", 0);
		return 0;
	}
	if (w->cb->list(w->cb->list_arg, root, &names, &n, err, sizeof(err)) !=
	    0) {
		emit_bad(w, root, err, 0);
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct scan_item it = {.path = names[i], .vsi = 1};

		if (stopped(w)) {
			free(names[i]);
			continue;
		}
		base = strrchr(names[i], '/');
		base = base ? base + 1 : names[i];
		if (wanted(w, names[i], base))
			w->cb->item(w->cb->arg, &it);
		else
			free(names[i]);
	}
	free(names);
	return 0;
}

static int
arc_wanted(void *w, const char *path, const char *base)
{
	return wanted(w, path, base);
}

/* A regular file named as an operand: is it an archive (archive.h)? */
static int
is_archive(const char *p)
{
	unsigned char head[ARC_HEADLEN];
	ssize_t got;
	int fd;

	if ((fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0)
		return 0;
	got = pread(fd, head, sizeof(head), 0);
	close(fd);
	return got > 0 && arc_probe(head, (size_t)got);
}

static int
walk_archive(struct walk *w, const char *p)
{
	const struct mfw_opts *o = w->o;
	struct arc_env env = {w->cb, arc_wanted, w, o->shard_k, o->shard_n,
	    o->per_image != NULL || o->sampling != SAMPLING_NONE};

	return arc_walk(&env, p);
}

/*
 * One PATH: a directory is walked, a file handed on, an archive walked
 * as a directory (archive.c), a /vsi path listed through GDAL.  An operand of the command line is followed through a
 * link and a non-mask there is a bad file; a path from --files-from is
 * treated as a member of a walk.
 */
static int
operand(struct walk *w, const char *p, int explicit)
{
	struct stat sb;

	if (stopped(w))
		return -1;
	if (strncmp(p, "/vsi", 4) == 0)
		return walk_vsi(w, p);
	if (remote_is_url(p) && w->cb->take != NULL) {
		struct arc_env env = {
		    w->cb, arc_wanted, w, w->o->shard_k, w->o->shard_n, 0};

		return remote_walk(&env, p, w->o->requests);
	}
	if ((explicit ? stat(p, &sb) : lstat(p, &sb)) != 0) {
		emit_bad(w, p, "cannot access", errno);
		return 0;
	}
	if (!explicit && S_ISLNK(sb.st_mode)) {
		int bad = w->o->follow && stat(p, &sb) != 0;

		if (bad && !dangling(errno)) {
			emit_bad(w, p, "cannot follow link", errno);
			return 0;
		}
		if (!w->o->follow || bad) {
			w->st->links++;
			return 0;
		}
	}
	if (S_ISDIR(sb.st_mode))
		return walk_dir(w, xstrdup(p));
	if (S_ISREG(sb.st_mode) && explicit && w->cb->take != NULL &&
	    is_archive(p))
		return walk_archive(w, p);
	if (S_ISREG(sb.st_mode))
		give(w, xstrdup(p), &sb, explicit);
	else if (explicit)
		emit_bad(w, p, "not a regular file or directory", 0);
	else
		w->st->special++;
	return 0;
}

/*
 * Read --files-from one path at a time through the bounded reader (the
 * list is never held whole): a line longer than LR_LINE_MAX, a read
 * error, a NUL byte in a newline-separated list (a -0 list given without
 * -0) stop the run with the list named; an empty entry (a blank line,
 * two NULs in a row) is skipped, but a long run of them is no list.
 */
static int
read_list(struct walk *w)
{
	const struct mfw_opts *o = w->o;
	struct lr r;
	char err[PATH_MAX + 256], *line;
	size_t len, empty = 0;
	int rc = 0, lrc;

	lrc = lr_open(&r, o->files_from, o->null_sep ? '\0' : '\n', 0,
	    LR_LINE_MAX, 0, err, sizeof(err));
	if (lrc != 0) {
		msg_file(o->files_from, "cannot open file list: %s",
		    strerror(r.open_errno));
		w->st->list_error = 1;
		if (lrc == LR_SYS)
			msg_level(MFW_SYSERR);
		return 0;
	}
	while (rc == 0 &&
	    (lrc = lr_next(&r, &line, &len, err, sizeof(err))) == LR_LINE) {
		if (len > 0) {
			empty = 0;
			rc = operand(w, line, 0);
		} else if (++empty > LIST_EMPTY_MAX) {
			snprintf(err, sizeof(err),
			    "%s:%zu: more than %d empty entries in a row: not "
			    "a list of paths",
			    r.name, r.lineno, LIST_EMPTY_MAX);
			lrc = LR_BAD;
			break;
		}
	}
	if (lrc < 0) {
		msg_err("--files-from: %s", err);
		w->st->list_error = 1;
		if (lrc == LR_SYS)
			msg_level(MFW_SYSERR);
	}
	lr_close(&r);
	return rc;
}

int
scan_run(
    const struct mfw_opts *o, const struct scan_cb *cb, struct scan_stats *st)
{
	struct walk w = {.o = o, .cb = cb, .st = st};
	size_t i;
	int rc = 0;

	w.track_all = o->npaths > 1 || o->follow || o->files_from != NULL;
	add_out(&w, "-o", o->output);
	add_out(&w, "--per-image", o->per_image);
	add_out(&w, "--plot", o->plot);
	for (i = 0; i < o->npaths && rc == 0; i++)
		rc = operand(&w, o->paths[i], 1);
	if (o->files_from != NULL && rc == 0)
		rc = read_list(&w);
	while (w.depth > 0)
		pop(&w);
	free(w.lv);
	free(w.seen.slot);
	return rc;
}
