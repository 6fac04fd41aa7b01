/*
 * http_int.h - what the three files of the HTTP layer share, and no one
 * else: http.c (libmicrohttpd's life cycle, sessions and CSRF),
 * http_req.c (reading the request), http_reply.c (writing the answer).
 *
 * The list helpers are static inline so that the connection's own
 * lookups on every request (http.c: headers, cookies, the query) stay
 * as cheap as when the three files were one.
 */
#ifndef AICERT_HTTP_INT_H
#define AICERT_HTTP_INT_H

#include <string.h>
#include <strings.h>

#include "http.h"

/* The value of key in list kv (the first match; names compared
 * case-insensitively when nocase), or NULL. */
static inline const char *
http_kv_get(const struct kv *kv, const char *key, int nocase)
{
	for (; kv != NULL; kv = kv->next)
		if ((nocase ? strcasecmp(kv->key, key) : strcmp(kv->key, key)) == 0)
			return kv->value;
	return NULL;
}

/* req_header, req_cookie and req_query (http.h) as http.c reads them on
 * every request, inline. */
static inline const char *
http_header(const struct req *r, const char *name)
{
	return http_kv_get(r->headers, name, 1);
}

static inline const char *
http_cookie(const struct req *r, const char *name)
{
	return http_kv_get(r->cookies, name, 0);
}

static inline const char *
http_query(const struct req *r, const char *name)
{
	return http_kv_get(r->query, name, 0);
}

/* Prepends key=value (both copied into a; NULL value as "") to *list. */
static inline void
http_kv_add(struct arena *a, struct kv **list, const char *key, const char *value)
{
	struct kv *kv = arena_alloc(a, sizeof *kv);

	kv->key = arena_strdup(a, key);
	kv->value = arena_strdup(a, value ? value : "");
	kv->next = *list;
	*list = kv;
}

/* The CSRF binding of r (http.c): its session token, else a pre-session
 * cookie, set on r's reply when missing. From r's arena or r itself. */
const char *http_csrf_binding(struct req *r);

#endif
