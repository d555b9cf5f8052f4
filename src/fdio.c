/*
 * fdio.c: exact read and write loops (fdio.h).
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdio.h"

int
fd_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	int sock = 1;
	ssize_t r;

	while (n > 0) {
		/* send() on a socket never raises SIGPIPE; anything else
		 * (a file, a pipe, a tty) takes write(). */
		r = sock ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);
		if (r < 0 && sock && errno == ENOTSOCK) {
			sock = 0;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = EIO;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
fd_read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			if (got == 0)
				return 0;
			errno = EIO;
			return -1;
		}
		got += (size_t)r;
	}
	return 1;
}

ssize_t
fd_pread_full(int fd, void *buf, size_t n, off_t off)
{
	char *p = buf;
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = pread(fd, p + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}
