/*
 * http.h - the request every handler receives, and how it answers.
 *
 * Handlers never see libmicrohttpd: everything they need from the request
 * (headers, cookies, query, body and an upload's parts, route params,
 * session) is copied into struct req before they run, so a handler may
 * run on a worker thread while its connection is suspended. Every
 * allocation comes from r->arena and dies with the request. A handler
 * fills r->out through the reply_* functions and returns the HTTP status.
 */
#ifndef AICERT_HTTP_H
#define AICERT_HTTP_H

#include <jansson.h>
#include <stddef.h>

#include "account.h"
#include "app.h"
#include "arena.h"
#include "buf.h"
#include "route.h"
#include "session.h"

struct kv {
	const char *key, *value;
	struct kv *next;
};

struct part;

struct req {
	struct arena *arena;
	const struct app *app;
	struct store *store;
	const char *method, *path, *addr;
	const struct route *route;
	struct route_params params;
	struct kv *headers, *cookies, *query, *form;
	char *body;			/* NUL-terminated; body_len bytes */
	size_t body_len;
	/* A multipart/form-data body, read before the handler runs: its
	 * parts in order (multipart.h), or NULL with parts_err why it could
	 * not be read (NULL too when it has no part, or another type). */
	const struct part *parts;
	const char *parts_err;
	struct user user;		/* user.id == 0: anonymous */
	const char *token;		/* the session token in use, or NULL */
	int bearer;			/* authenticated by Authorization: Bearer */
	const char *lang;		/* "en" or "zh-TW" */
	char csrf[CSRF_LEN + 1];	/* the token forms on this page carry */
	int api;			/* path under /api/: errors are JSON */

	/* output */
	int status;
	struct buf out;
	const char *content_type;
	struct kv *out_headers;
	int cacheable;			/* static asset: may be cached */
	/* A body sent as it is made instead of out (reply_stream). */
	long (*stream)(void *ctx, char *buf, size_t max);
	void (*stream_free)(void *ctx);
	void *stream_ctx;

	/* deferred (req_defer) */
	int (*finish)(struct req *r);
	void *ctx;			/* the handler's, for finish */
};

/* A handler that hands its work to another thread (store_write_then)
 * calls req_defer first, then queues the work, then returns REQ_DEFERRED
 * and touches r no more: no thread waits; the connection is set aside
 * until the work calls req_resume(r) (from any thread, once); then
 * finish(r) runs on a connection thread and returns the status, as a
 * handler does. */
#define REQ_DEFERRED 1
void req_defer(struct req *r, int (*finish)(struct req *r));
void req_resume(struct req *r);

/* Request data; NULL when absent. Names of headers are case-insensitive. */
const char *req_param(const struct req *r, const char *name);
const char *req_header(const struct req *r, const char *name);
const char *req_cookie(const struct req *r, const char *name);
const char *req_query(const struct req *r, const char *name);
/* A field of an application/x-www-form-urlencoded body, or a plain
 * (not file) field of a multipart/form-data one. */
const char *req_form(struct req *r, const char *name);
/* The first field of the form that is not in names (NULL-terminated),
 * or NULL when every field is known. */
const char *req_form_unknown(struct req *r, const char *const *names);
/* The body parsed as a JSON object (a new reference: the caller decrefs),
 * or NULL if it is not one. */
json_t *req_json(struct req *r);

/* Adds a response header (both strings copied). */
void reply_header(struct req *r, const char *name, const char *value);
/* Sets a cookie: Path=/, HttpOnly, SameSite=Lax, Secure on https;
 * max_age < 0 deletes it, 0 makes a browser-session cookie. */
void reply_cookie(struct req *r, const char *name, const char *value,
    long max_age);
/* Sends v (reference stolen) as JSON; returns status. */
int reply_json(struct req *r, int status, json_t *v);
/* An error: {"error": message} under /api/, else the error page; message
 * is a catalog key or plain text. Returns status. */
int reply_error(struct req *r, int status, const char *message);
/* The status for a domain module's refusal, a catalog key (account.h,
 * signin.h ...): "internal_error" (or NULL) 500; "..._not_found" 404;
 * "..._not_yours" 403; "account_last_admin" and "account_self" (the
 * change would leave no administrator, or is one's own demotion) 409;
 * any other key, a request that cannot be done as asked, 400. */
int reply_status_of(const char *err);
/* An error about one field of the request (an unknown one, say):
 * {"error": text, "field": name} under /api/, else the error page.
 * message is a catalog key whose text holds "{field}", replaced by the
 * field's name (cut to 64 bytes; what is not printable UTF-8 shown as
 * '?'), or else ends where the name is to follow. Returns status. */
int reply_error_field(struct req *r, int status, const char *message,
    const char *field);
/* Answers status with a body made piece by piece, never held whole:
 * once the headers are sent, read(ctx, buf, max) is called (on a
 * connection thread, for each piece the client is ready for) to fill
 * buf with up to max bytes; it returns how many, 0 at the end, or -1 to
 * cut the connection (the client sees a truncated body). free(ctx) runs
 * once when the response is done with, sent or not. ctx must not hold
 * r's arena (freed when the request completes). Sent chunked, without
 * Content-Length. Returns status. */
int reply_stream(struct req *r, int status, long (*read)(void *ctx, char *buf,
    size_t max), void (*free_ctx)(void *ctx), void *ctx);
/* 303 See Other to a local path. */
int reply_redirect(struct req *r, const char *location);
/* Renders template page inside the layout with ctx (reference stolen),
 * adding the common fields (lang, user, csrf, path, languages). */
int reply_page(struct req *r, int status, const char *page, json_t *ctx);

/* A local path that is safe to redirect to (starts with one "/"), or "/". */
const char *req_safe_next(const char *next);

/* Starts serving app on listen ("HOST:PORT"; port 0 picks one). Prints
 * "aicert: listening on http://HOST:PORT" on stdout. 0 or -1. */
int http_start(struct app *app, const char *listen);
/* Stops accepting, lets requests in flight finish (at most wait_ms), stops. */
void http_stop(int wait_ms);

#endif
