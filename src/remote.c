/*
 * remote.c: URL operands (remote.h): s3://bucket/prefix, gs://, az://,
 * http:// and https://.
 *
 * DESIGN.  Listing goes through the GDAL helper (its /vsis3/, /vsigs/,
 * /vsiaz/ and /vsicurl/ file systems read credentials and endpoints from
 * the AWS_*, GS_* and AZURE_* variables and config files, as every GDAL
 * tool does); the names come back sorted as a directory walk sorts, and
 * are shown as the user wrote the URL.  An operand that lists nothing is
 * taken as one object.
 *
 * Bytes: s3:// and http(s):// objects are fetched here with libcurl's
 * multi interface, in this thread (the walk's), with up to --requests
 * transfers in flight whatever -j is, and handed to the workers as
 * buffers that the PNG and TIFF readers decode from memory (as archive
 * members are, archive.c).  Memory is bounded as for archives: an object
 * larger than ARC_MAX_MEMBER is refused, and all buffers together stay
 * under FLIGHT_MAX (flight.c).  A transfer that fails for a reason that
 * may pass (a connection error, a timeout, a short body, HTTP 429 or
 * 5xx) is retried up to REMOTE_TRIES times in all, after 100, 200, 400 ms;
 * other answers (403, 404) are final.  A failed object is a bad file
 * named with the store's own error code (NoSuchKey, NoSuchBucket,
 * AccessDenied) when its answer has one.  Requests to S3 are signed with
 * AWS Signature Version 4 by libcurl (CURLOPT_AWS_SIGV4, curl >= 7.75;
 * the "x-amz-content-sha256: UNSIGNED-PAYLOAD" header is used as the
 * payload hash since curl 7.87, curl PR #9804), from the variables GDAL
 * reads: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
 * AWS_REGION or AWS_DEFAULT_REGION, AWS_S3_ENDPOINT, AWS_HTTPS,
 * AWS_VIRTUAL_HOSTING and AWS_NO_SIGN_REQUEST.  XXX: credentials that
 * only ~/.aws/credentials holds reach the GDAL listing but not the
 * fetch; export them.  Secrets are never printed.  gs:// and az://
 * objects are read by the GDAL helper through their /vsi paths.
 */
/* The calls go through cu (below), not the typed macros of curl.h. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "flight.h"
#include "msg.h"
#include "remote.h"
#include "util.h"

/*
 * libcurl is loaded (dlopen) when the first object is fetched, not linked:
 * it and the thirty libraries it brings (TLS, LDAP, Kerberos, SSH, ...)
 * would triple the start-up time of every run, and only URL operands need
 * them.  The names are libcurl's SONAMEs on Debian (OpenSSL or GnuTLS
 * build); curl.h gives the types.
 */
static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(
	    CURLM *, struct curl_waitfd *, unsigned int, int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} cu;

static const char *const curl_sonames[] = {
    "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4"};

/* Load libcurl into cu: 0, or -1 with why filled. */
static int
curl_load(char *why, size_t n)
{
	static const struct {
		const char *name;
		size_t off;
	} syms[] = {
#define SYM(f) {"curl_" #f, offsetof(__typeof__(cu), f)}
	    SYM(global_init),
	    SYM(easy_init),
	    SYM(easy_cleanup),
	    SYM(easy_setopt),
	    SYM(easy_getinfo),
	    SYM(easy_strerror),
	    SYM(multi_init),
	    SYM(multi_cleanup),
	    SYM(multi_add_handle),
	    SYM(multi_remove_handle),
	    SYM(multi_perform),
	    SYM(multi_poll),
	    SYM(multi_info_read),
	    SYM(slist_append),
	    SYM(slist_free_all),
#undef SYM
	};
	void *h = NULL, *f;
	size_t i;

	for (i = 0;
	     h == NULL && i < sizeof(curl_sonames) / sizeof(curl_sonames[0]);
	     i++)
		h = dlopen(curl_sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		snprintf(why, n,
		    "s3:// and http(s):// objects are fetched with libcurl, "
		    "which is not installed (%s): install the package "
		    "libcurl4",
		    curl_sonames[0]);
		return -1;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		if ((f = dlsym(h, syms[i].name)) == NULL) {
			snprintf(why, n,
			    "the libcurl found has no %s (curl 7.66 or later "
			    "is needed): upgrade the package libcurl4",
			    syms[i].name);
			dlclose(h);
			return -1;
		}
		memcpy((char *)&cu + syms[i].off, &f, sizeof(f));
	}
	return 0;
}

/* First buffer of an object whose size the answer does not give. */
#define RM_FIRST 65536

struct scheme {
	const char *url, *vsi;
	int fetch; /* fetched here (else read by GDAL) */
};

static const struct scheme schemes[] = {
    {"s3://", "/vsis3/", 1},
    {"gs://", "/vsigs/", 0},
    {"az://", "/vsiaz/", 0},
    {"https://", "/vsicurl/https://", 1},
    {"http://", "/vsicurl/http://", 1},
};
#define NSCHEMES (sizeof(schemes) / sizeof(schemes[0]))

/* One object. */
struct obj {
	char *name; /* as shown: the URL */
	char *rest; /* the key (s3) or URL tail after the operand */
};

/* One transfer. */
struct req {
	size_t k; /* object number (rank) */
	CURL *e;
	struct curl_slist *hdrs;
	struct flight_buf *m;
	int tries;
	int toobig;
	char errbuf[CURL_ERROR_SIZE];
};

struct walkr {
	const struct arc_env *env;
	const struct scheme *sc;
	const char *url;
	struct obj *o;
	size_t n, base;
	/* S3 settings, from the environment. */
	char sigv4[128];
	const char *key, *secret, *token, *endpoint;
	int https, vhost, nosign;
	char region[64];
};

int
remote_is_url(const char *p)
{
	size_t i;

	for (i = 0; i < NSCHEMES; i++)
		if (strncmp(p, schemes[i].url, strlen(schemes[i].url)) == 0)
			return 1;
	return 0;
}

static const struct scheme *
scheme_of(const char *p)
{
	size_t i;

	for (i = 0; i < NSCHEMES; i++)
		if (strncmp(p, schemes[i].url, strlen(schemes[i].url)) == 0)
			return &schemes[i];
	return NULL;
}

static int
yes(const char *v, int dflt)
{
	if (v == NULL || *v == '\0')
		return dflt;
	return strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 ||
	    strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0;
}

static void
s3_env(struct walkr *w)
{
	const char *r = getenv("AWS_REGION");

	if (r == NULL || *r == '\0')
		r = getenv("AWS_DEFAULT_REGION");
	snprintf(w->region, sizeof(w->region), "%s",
	    r != NULL && *r != '\0' ? r : "us-east-1");
	w->key = getenv("AWS_ACCESS_KEY_ID");
	w->secret = getenv("AWS_SECRET_ACCESS_KEY");
	w->token = getenv("AWS_SESSION_TOKEN");
	w->endpoint = getenv("AWS_S3_ENDPOINT");
	w->https = yes(getenv("AWS_HTTPS"), 1);
	w->vhost = yes(getenv("AWS_VIRTUAL_HOSTING"), 1);
	w->nosign = yes(getenv("AWS_NO_SIGN_REQUEST"), 0) || w->key == NULL ||
	    w->secret == NULL;
	snprintf(w->sigv4, sizeof(w->sigv4), "aws:amz:%s:s3", w->region);
}

/* Percent-encode a key, keeping '/' (RFC 3986 unreserved set). */
static char *
enc(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = xmalloc(strlen(s) * 3 + 1), *p = o;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~' || c == '/')
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return o;
}

/* printf into a new string. */
static char *xfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* The HTTP URL of an object: the operand's own for http(s); for s3, the
 * endpoint's, path-style or virtual-hosted as GDAL would ask. */
static char *
http_url(const struct walkr *w, const struct obj *ob)
{
	const char *bk, *slash, *sch = w->https ? "https://" : "http://";
	char *bucket, *key, *u;

	if (strcmp(w->sc->url, "s3://") != 0)
		return xstrdup(ob->name);
	bk = ob->name + strlen("s3://");
	slash = strchr(bk, '/');
	bucket =
	    xfmt("%.*s", (int)(slash ? (size_t)(slash - bk) : strlen(bk)), bk);
	key = enc(slash ? slash + 1 : "");
	if (w->endpoint == NULL || *w->endpoint == '\0')
		u = xfmt("https://%s.s3.%s.amazonaws.com/%s", bucket, w->region,
		    key);
	else if (w->vhost)
		u = xfmt("%s%s.%s/%s", sch, bucket, w->endpoint, key);
	else
		u = xfmt("%s%s/%s/%s", sch, w->endpoint, bucket, key);
	free(bucket);
	free(key);
	return u;
}

static size_t
on_data(char *p, size_t sz, size_t nm, void *arg)
{
	struct req *q = arg;
	struct flight_buf *m = q->m;
	size_t n = sz * nm, cap;

	if (m->len + n > ARC_MAX_MEMBER) {
		q->toobig = 1;
		return 0;
	}
	if (m->len + n > m->cap) {
		cap = m->cap ? m->cap : RM_FIRST;
		while (cap < m->len + n)
			cap *= 2;
		flight_buf_grow(m, cap < ARC_MAX_MEMBER ? cap : ARC_MAX_MEMBER);
	}
	memcpy(m->buf + m->len, p, n);
	m->len += n;
	return n;
}

static void
give(struct walkr *w, size_t k, struct scan_mem *m, char *why)
{
	struct scan_item it;

	memset(&it, 0, sizeof(it));
	it.path = xstrdup(w->o[k].name);
	it.reason = why;
	it.mem = m;
	it.indexed = 1;
	it.index = w->base + k;
	w->env->cb->item(w->env->cb->arg, &it);
}

static int
stopped(const struct walkr *w)
{
	const atomic_int *s = w->env->cb->stop;

	return s != NULL && atomic_load(s);
}

static struct req *
req_new(struct walkr *w, size_t k)
{
	struct req *q = xcalloc(1, sizeof(*q));
	char *u;

	q->k = k;
	q->m = flight_buf_new(NULL);
	if ((q->e = cu.easy_init()) == NULL)
		fatal_sys("cannot start a transfer");
	u = http_url(w, &w->o[k]);
	cu.easy_setopt(q->e, CURLOPT_URL, u);
	free(u);
	cu.easy_setopt(q->e, CURLOPT_PRIVATE, q);
	cu.easy_setopt(q->e, CURLOPT_WRITEFUNCTION, on_data);
	cu.easy_setopt(q->e, CURLOPT_WRITEDATA, q);
	cu.easy_setopt(q->e, CURLOPT_ERRORBUFFER, q->errbuf);
	cu.easy_setopt(q->e, CURLOPT_NOSIGNAL, 1L);
	cu.easy_setopt(q->e, CURLOPT_FOLLOWLOCATION, 1L);
	cu.easy_setopt(q->e, CURLOPT_MAXREDIRS, 5L);
	cu.easy_setopt(q->e, CURLOPT_CONNECTTIMEOUT, 20L);
	/* A stalled transfer: under 1 byte/s for 60 s. */
	cu.easy_setopt(q->e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	cu.easy_setopt(q->e, CURLOPT_LOW_SPEED_TIME, 60L);
	if (strcmp(w->sc->url, "s3://") == 0 && !w->nosign) {
		cu.easy_setopt(q->e, CURLOPT_AWS_SIGV4, w->sigv4);
		cu.easy_setopt(q->e, CURLOPT_USERNAME, w->key);
		cu.easy_setopt(q->e, CURLOPT_PASSWORD, w->secret);
		q->hdrs = cu.slist_append(
		    NULL, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
		if (w->token != NULL && *w->token != '\0') {
			char *h = xfmt("x-amz-security-token: %s", w->token);

			q->hdrs = cu.slist_append(q->hdrs, h);
			free(h);
		}
		cu.easy_setopt(q->e, CURLOPT_HTTPHEADER, q->hdrs);
	}
	return q;
}

static void
req_free(struct req *q)
{
	cu.easy_cleanup(q->e);
	cu.slist_free_all(q->hdrs);
	if (q->m != NULL)
		q->m->m.release(&q->m->m);
	free(q);
}

/* The store's <Code> and <Message>, if the answer is an S3 error. */
static void
s3_error(
    const struct flight_buf *m, char *code, size_t nc, char *msg, size_t nm)
{
	const char *b = (const char *)m->buf, *p, *e;

	code[0] = msg[0] = '\0';
	if (b == NULL || m->len == 0 || memchr(b, '\0', m->len) != NULL)
		return;
	/* The buffer has room: on_data never fills it to the last byte
	 * without growing, but be safe and copy. */
	{
		char *s = xfmt("%.*s", (int)m->len, b);

		if ((p = strstr(s, "<Code>")) != NULL &&
		    (e = strstr(p, "</Code>")) != NULL)
			snprintf(code, nc, "%.*s", (int)(e - p - 6), p + 6);
		if ((p = strstr(s, "<Message>")) != NULL &&
		    (e = strstr(p, "</Message>")) != NULL)
			snprintf(msg, nm, "%.*s", (int)(e - p - 9), p + 9);
		free(s);
	}
}

/* A transfer ended: 1 to try again, 0 when handed on. */
static int
done(struct walkr *w, struct req *q, CURLcode rc)
{
	long status = 0;
	char why[512], code[64], msg[160];

	cu.easy_getinfo(q->e, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_OK && status >= 200 && status < 300) {
		struct flight_buf *m = q->m;

		q->m = NULL;
		give(w, q->k, flight_buf_mem(m), NULL);
		return 0;
	}
	if (q->toobig) {
		snprintf(why, sizeof(why),
		    "object larger than the %zu MiB limit for a remote file: "
		    "copy it to a local disk",
		    ARC_MAX_MEMBER >> 20);
		give(w, q->k, NULL, xstrdup(why));
		return 0;
	}
	if (++q->tries < REMOTE_TRIES &&
	    (rc != CURLE_OK || status == 429 || status >= 500))
		return 1;
	if (rc != CURLE_OK)
		snprintf(why, sizeof(why), "cannot fetch%s: %s",
		    q->tries > 1 ? " (after retries)" : "",
		    q->errbuf[0] ? q->errbuf : cu.easy_strerror(rc));
	else {
		s3_error(q->m, code, sizeof(code), msg, sizeof(msg));
		snprintf(why, sizeof(why), "%s (HTTP %ld%s%s%s%s)",
		    status == 404       ? "no such object or bucket"
			: status == 403 ? "access denied"
					: "the server refused it",
		    status, code[0] ? ", " : "", code, msg[0] ? ": " : "", msg);
	}
	give(w, q->k, NULL, xstrdup(why));
	return 0;
}

static void
pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Fetch and hand on every object, requests in flight at most. */
static void
fetch_all(struct walkr *w, int requests)
{
	const struct arc_env *env = w->env;
	CURLM *mh = cu.multi_init();
	size_t next = 0, idx;
	int running = 0, inflight = 0, left;
	CURLMsg *msg;

	if (mh == NULL)
		fatal_sys("cannot start transfers");
	while ((next < w->n || inflight > 0) && !stopped(w)) {
		while (next < w->n && inflight < requests) {
			idx = w->base + next;
			if (env->shard_n > 0 &&
			    idx % env->shard_n != env->shard_k - 1)
				give(w, next, NULL, NULL);
			else {
				cu.multi_add_handle(mh, req_new(w, next)->e);
				inflight++;
			}
			next++;
		}
		cu.multi_perform(mh, &running);
		while ((msg = cu.multi_info_read(mh, &left)) != NULL) {
			struct req *q;
			char *pv;

			if (msg->msg != CURLMSG_DONE)
				continue;
			cu.easy_getinfo(
			    msg->easy_handle, CURLINFO_PRIVATE, &pv);
			q = (struct req *)(void *)pv;
			cu.multi_remove_handle(mh, q->e);
			if (done(w, q, msg->data.result)) {
				/* Back off, then the same transfer again. */
				pause_ms(100L << (q->tries - 1));
				q->m->len = 0;
				q->errbuf[0] = '\0';
				cu.multi_add_handle(mh, q->e);
				continue;
			}
			req_free(q);
			inflight--;
		}
		if (inflight > 0)
			cu.multi_poll(mh, NULL, 0, 100, NULL);
	}
	cu.multi_cleanup(mh);
}

/* An object read by the GDAL helper: a scan_mem with no bytes. */
static void
give_gdal(struct walkr *w, size_t k, const char *vsi)
{
	give(w, k, &flight_buf_new(vsi)->m, NULL);
}

static int
cmpobj(const void *a, const void *b)
{
	return arc_cmpname(
	    ((const struct obj *)a)->name, ((const struct obj *)b)->name);
}

static void
bad_operand(const struct arc_env *env, const char *url, const char *why)
{
	struct scan_item it;

	memset(&it, 0, sizeof(it));
	it.path = xstrdup(url);
	it.reason = xstrdup(why);
	it.explicit = 1;
	env->cb->item(env->cb->arg, &it);
}

int
remote_walk(const struct arc_env *env, const char *url, int requests)
{
	static int curl_ready;
	struct walkr w;
	char **names = NULL, err[256];
	size_t nn = 0, i, plen;
	char *vsi;
	const char *base;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	w.env = env;
	w.url = url;
	w.sc = scheme_of(url);
	vsi = arc_join(w.sc->vsi, url + strlen(w.sc->url), "");
	plen = strlen(vsi);
	err[0] = '\0';
	if (env->cb->list == NULL ||
	    env->cb->list(
		env->cb->list_arg, vsi, &names, &nn, err, sizeof(err)) != 0 ||
	    nn == 0) {
		/* Not a prefix that lists: one object. */
		free(names);
		names = xmalloc(sizeof(*names));
		names[0] = xstrdup(vsi);
		nn = 1;
	}
	w.o = xcalloc(nn, sizeof(*w.o));
	for (i = 0; i < nn; i++) {
		const char *tail = strncmp(names[i], vsi, plen) == 0
		    ? names[i] + plen
		    : names[i];

		base = strrchr(names[i], '/');
		base = base ? base + 1 : names[i];
		w.o[w.n].name = arc_join(url, "", tail);
		if (*base == '\0' ||
		    !env->wanted(env->warg, w.o[w.n].name, base)) {
			free(w.o[w.n].name);
			free(names[i]);
			continue;
		}
		w.o[w.n].rest = names[i];
		w.n++;
	}
	free(names);
	if (w.n > 1)
		qsort(w.o, w.n, sizeof(*w.o), cmpobj);
	if (w.n == 0) {
		char why[400];

		snprintf(why, sizeof(why), "no file under this URL%s%s%s",
		    err[0] ? " (the listing failed: " : "", err,
		    err[0] ? ")" : "");
		bad_operand(env, url, why);
		goto out;
	}
	w.base = env->cb->take(env->cb->arg, w.n);
	if (w.sc->fetch && curl_ready == 0) {
		char why[300];

		if (curl_load(why, sizeof(why)) != 0) {
			/* GDAL's /vsis3/ and /vsicurl/ read them instead,
			 * one request per worker. */
			msg_notice("%s; until then GDAL reads the objects, one "
				   "request at a time per thread",
			    why);
			curl_ready = -1;
		} else {
			if (cu.global_init(CURL_GLOBAL_DEFAULT) != 0)
				fatal_sys("cannot start libcurl");
			curl_ready = 1;
		}
	}
	if (!w.sc->fetch || curl_ready < 0) {
		for (i = 0; i < w.n && !stopped(&w); i++) {
			size_t idx = w.base + i;

			if (env->shard_n > 0 &&
			    idx % env->shard_n != env->shard_k - 1)
				give(&w, i, NULL, NULL);
			else
				give_gdal(&w, i, w.o[i].rest);
		}
	} else {
		s3_env(&w);
		fetch_all(&w, requests);
	}
	rc = stopped(&w) ? -1 : 0;
out:
	for (i = 0; i < w.n; i++) {
		free(w.o[i].name);
		free(w.o[i].rest);
	}
	free(w.o);
	free(vsi);
	return rc;
}
