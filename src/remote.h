/*
 * remote.h: s3://, gs://, az:// and http(s):// operands (remote.c).
 */
#ifndef REMOTE_H
#define REMOTE_H

#include "archive.h"

/* Default --requests: object stores answer in tens of milliseconds, so
 * 32 requests in flight keep two decoding threads busy on small masks. */
#define REMOTE_REQUESTS 32
/* Tries of one request before its file is bad (the first and retries). */
#define REMOTE_TRIES    4

/* Non-zero if p is a URL operand: s3://, gs://, az://, http:// or
 * https://. */
int remote_is_url(const char *p);

/*
 * Walk one URL operand: list it through GDAL (env->cb->list on its /vsi
 * path), or take it as one object when it lists nothing; hand every
 * object on as the URL the user wrote plus its key's rest, numbered in
 * sorted walk order.  s3:// and http(s):// objects are fetched here with
 * up to `requests` requests in flight and handed on with their bytes;
 * gs:// and az:// ones are read by the GDAL helper.  Main thread only.
 * Returns 0, or -1 if stopped.
 */
int remote_walk(const struct arc_env *env, const char *url, int requests);

#endif
