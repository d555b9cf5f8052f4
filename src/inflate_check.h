/*
 * inflate_check.h: does zlib accept the structure of a zlib stream that
 * libdeflate decoded?  (inflate_check.c)
 */
#ifndef INFLATE_CHECK_H
#define INFLATE_CHECK_H

#include <stddef.h>

/*
 * 1 if zlib's inflate, driven as libpng drives it, accepts the zlib
 * header and the DEFLATE block structure of the n bytes at p, which
 * decode to rawn bytes; 0 if that is not proven (the caller then asks
 * libpng).  The data and the Adler-32 are not checked: libdeflate does.
 */
int zcheck_stream(const unsigned char *p, size_t n, size_t rawn);

#endif
