/*
 * guard.c: the GDAL helper's open() and fopen() guards.
 *
 * A raster's header can name other files that GDAL or the libraries it
 * loads then open by name: an ER Mapper header's DataFile, an HDF5
 * external link, a VRT source.  If such a name is a FIFO, opening it
 * blocks the helper forever; if it is a device, the helper reads it as
 * data.  mfweights' own walk never hands such files over, but it cannot
 * see the names inside headers.
 *
 * So this file redefines the libc functions open(), open64(), fopen()
 * and fopen64(), on purpose: the helper's definitions take precedence
 * over libc's for every caller in the process, libgdal and its libraries
 * included.  Every open for reading goes through guarded_open() and
 * fails with ENXIO unless it finds a regular file or a directory; opens
 * for writing or creating are passed on unchanged.  Nothing else in the
 * helper calls into this file; linking it is what makes it work.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int guarded_open(const char *, int, mode_t);
static FILE *guarded_fopen(const char *, const char *, const char *);
int open(const char *, int, ...);
int open64(const char *, int, ...);
FILE *fopen(const char *, const char *);
FILE *fopen64(const char *, const char *);

/*
 * Open path read-only without blocking, and keep it only if it is a
 * regular file or a directory; other opens (writes, creations) are left
 * alone.  openat() is not interposed, so this cannot recurse.
 */
static int
guarded_open(const char *path, int flags, mode_t mode)
{
	struct stat st;
	int fd, fl, e;

	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_PATH)))
		return openat(AT_FDCWD, path, flags, mode);
	if ((fd = openat(AT_FDCWD, path, flags | O_NONBLOCK, mode)) < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		e = errno;
	else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		e = ENXIO;
	else
		e = 0;
	if (e != 0) {
		close(fd);
		errno = e;
		return -1;
	}
	if (!(flags & O_NONBLOCK) &&
	    ((fl = fcntl(fd, F_GETFL)) < 0 ||
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return guarded_open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return guarded_open(path, flags, mode);
}

/*
 * fopen for reading through guarded_open(); other modes go to libc's
 * function named real, found with dlsym() since this file hides it.
 */
static FILE *
guarded_fopen(const char *path, const char *mode, const char *real)
{
	FILE *(*libc_fopen)(const char *, const char *);
	FILE *f;
	int fd, e;

	if (mode[0] != 'r' || strchr(mode, '+') != NULL) {
		*(void **)&libc_fopen = dlsym(RTLD_NEXT, real);
		if (libc_fopen == NULL) {
			errno = ENOSYS;
			return NULL;
		}
		return libc_fopen(path, mode);
	}
	fd = guarded_open(
	    path, O_RDONLY | (strchr(mode, 'e') ? O_CLOEXEC : 0), 0);
	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, "r")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

FILE *
fopen(const char *path, const char *mode)
{
	return guarded_fopen(path, mode, "fopen");
}

FILE *
fopen64(const char *path, const char *mode)
{
	return guarded_fopen(path, mode, "fopen64");
}
