/*
 * http.c - libmicrohttpd glue: limits, sessions, the route table's rules,
 * slow work on the pool, security headers, the access log; see http.h.
 *
 * The only file that includes microhttpd.h, but for multipart.c (the
 * post processor reading upload bodies). A request's life: first callback
 * (allocate, check Content-Length), body chunks (collect up to the limit),
 * last callback (route, authenticate, read an upload's parts, authorize,
 * check CSRF, run the handler inline or on the pool with the connection
 * suspended), the completion callback (access log, free). Around
 * requests, the connection callback gives each connection a header
 * deadline (hdrwatch.h). What a handler calls lives beside it: reading
 * the request in http_req.c, answering it in http_reply.c (http_int.h
 * holds what the three share).
 */
#include "http.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hdrwatch.h"
#include "http_int.h"
#include "i18n.h"
#include "multipart.h"
#include "pool.h"
#include "timefmt.h"

#define SESSION_COOKIE "aicert_session"
#define PRE_COOKIE "aicert_pre"
#define LANG_COOKIE "lang"

static struct MHD_Daemon *daemon_;
static struct app *app_;
static atomic_int inflight;

/* Per-connection state behind struct req. */
struct conn {
	struct req r;
	struct MHD_Connection *c;
	struct timespec start;
	int too_large;
	int done;		/* handler finished on the pool, or resumed */
	int queued;
	size_t body_cap;
	size_t body_max;	/* this route's bound (route_body_max) */
	int route_status;	/* route_find's 404 or 405 when r.route is NULL */
	char allow[64];		/* its Allow for a 405 */
	size_t out_len;		/* the reply's body, once queued */
};

static const char csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* ---- the request's life ---- */

/* The header deadline's watch of connection c (NULL: none). */
static struct hdrwatch *
conn_watch(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/* A connection opens (watched until its first request's headers are in)
 * or closes (no longer watched; its socket is still open). */
static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		*socket_context = ci != NULL ? hdrwatch_open(ci->connect_fd) : NULL;
	} else {
		hdrwatch_close(*socket_context);
		*socket_context = NULL;
	}
}

static enum MHD_Result
collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct req *r = cls;
	struct kv **list = kind == MHD_HEADER_KIND ? &r->headers :
	    kind == MHD_COOKIE_KIND ? &r->cookies : &r->query;

	if (key != NULL)
		http_kv_add(r->arena, list, key, value);
	return MHD_YES;
}

/* With --trust-proxy: the last entry of X-Forwarded-For (the address
 * the proxy in front saw) into host, if it is an IP address. 1 if so. */
static int
forwarded_addr(const struct req *r, char *host, size_t n)
{
	const char *xff = http_header(r, "X-Forwarded-For"), *last;
	unsigned char bin[sizeof(struct in6_addr)];
	char ip[INET6_ADDRSTRLEN];
	size_t len;

	if (xff == NULL)
		return 0;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	len = strcspn(last, " \t");
	if (len == 0 || len >= sizeof ip)
		return 0;
	memcpy(ip, last, len);
	ip[len] = '\0';
	if (inet_pton(AF_INET, ip, bin) != 1 && inet_pton(AF_INET6, ip, bin) != 1)
		return 0;
	snprintf(host, n, "%s", ip);
	return 1;
}

/* Dotted decimal, as inet_ntop writes it, for every request's peer
 * without the locale-aware machinery. out holds INET_ADDRSTRLEN. */
static void
ipv4_text(const struct in_addr *in, char *out)
{
	const unsigned char *b = (const unsigned char *)&in->s_addr;

	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];

		if (v >= 100)
			*out++ = (char)('0' + v / 100);
		if (v >= 10)
			*out++ = (char)('0' + v / 10 % 10);
		*out++ = (char)('0' + v % 10);
		*out++ = i < 3 ? '.' : '\0';
	}
}

/* The client's address: the socket's peer, or with --trust-proxy what the
 * proxy in front forwarded. Call after the headers are collected. */
static void
peer_addr(struct conn *cn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(cn->c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[INET6_ADDRSTRLEN] = "-";

	if (app_->trust_proxy && forwarded_addr(&cn->r, host, sizeof host)) {
		cn->r.addr = arena_strdup(cn->r.arena, host);
		return;
	}

	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			ipv4_text(&((const struct sockaddr_in *)(const void *)sa)->sin_addr, host);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			    host, sizeof host);
	}
	cn->r.addr = arena_strdup(cn->r.arena, host);
}

/* Who is asking: a Bearer token, else the session cookie. */
static void
authenticate(struct req *r)
{
	const char *auth = http_header(r, "Authorization");
	const char *token = NULL;

	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0) {
		token = auth + 7;
		r->bearer = 1;
	} else {
		token = http_cookie(r, SESSION_COOKIE);
	}
	if (token != NULL && session_lookup(r->store, r->arena, token, &r->user))
		r->token = arena_strdup(r->arena, token);
	else
		r->bearer = 0;
}

/* The CSRF binding: the session token, else a pre-session cookie that is
 * set here when missing (sign-in and registration forms need one). */
const char *
http_csrf_binding(struct req *r)
{
	const char *pre;

	if (r->token != NULL)
		return r->token;
	pre = http_cookie(r, PRE_COOKIE);
	if (pre == NULL || strlen(pre) != SESSION_TOKEN_LEN) {
		char fresh[SESSION_TOKEN_LEN + 1];

		session_random_token(fresh);
		pre = arena_strdup(r->arena, fresh);
		reply_cookie(r, PRE_COOKIE, pre, 0);
	}
	return pre;
}

static int
csrf_ok(struct req *r, const char *binding)
{
	const char *tok;

	if (r->bearer)
		return 1;	/* no ambient credential: nothing to forge */
	tok = http_header(r, "X-CSRF-Token");
	if (tok == NULL)
		tok = req_form(r, "csrf");
	return csrf_check(binding, tok);
}

/* 1 if r's body keeps rule b; else 0 after the 413 or 400 reply. */
static int
body_ok(struct req *r, const struct route_body *b)
{
	json_t *in;
	const char *k, *unknown = NULL;
	json_t *v;

	if (r->body_len > b->max) {
		reply_error(r, 413, "body_too_large");
		return 0;
	}
	if (b->fields == NULL || r->body_len == 0)
		return 1;
	if ((in = req_json(r)) == NULL) {
		reply_error(r, 400, "json_invalid");
		return 0;
	}
	json_object_foreach(in, k, v) {
		const char *const *f = b->fields;

		while (*f != NULL && strcmp(*f, k) != 0)
			f++;
		if (*f == NULL) {
			unknown = arena_strdup(r->arena, k);
			break;
		}
	}
	json_decref(in);
	if (unknown == NULL)
		return 1;
	reply_error_field(r, 400, "json_unknown_field", unknown);
	return 0;
}

/* Runs the route's rules and handler; sets r->status. 1 if the handler
 * deferred: then r belongs to the deferred work and is not touched. */
static int
handle(struct req *r)
{
	const struct route *rt = r->route;
	int status;

	store_set_actor(r->user.id, r->addr);	/* for the audit trail */
	store_clear_write_error();	/* reply_error reads this request's own */
	if (rt->role != ROLE_NONE && r->user.id == 0) {
		if (r->api) {
			reply_error(r, 401, "signin_required");
		} else {
			struct buf loc = BUF_INIT;

			buf_str(&loc, "/signin?next=");
			buf_url(&loc, r->path);
			reply_redirect(r, arena_strdup(r->arena, loc.data));
			buf_free(&loc);
		}
		return 0;
	}
	if (r->user.role < rt->role) {
		reply_error(r, 403, "forbidden");
		return 0;
	}
	if (r->app->gate != NULL && r->app->gate(r) != 0)
		return 0;
	if ((rt->flags & RT_CSRF) && !csrf_ok(r, http_csrf_binding(r))) {
		reply_error(r, 403, "csrf_failed");
		return 0;
	}
	if (rt->body != NULL && !body_ok(r, rt->body))
		return 0;
	if ((status = rt->fn(r)) == REQ_DEFERRED)
		return 1;
	r->status = status;
	return 0;
}

/* A streamed body (reply_stream): its context, read and freed through
 * libmicrohttpd's callbacks. */
struct stream {
	long (*read)(void *ctx, char *buf, size_t max);
	void (*free)(void *ctx);
	void *ctx;
};

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *st = cls;
	long n;

	(void)pos;
	n = st->read(st->ctx, buf, max);
	if (n < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (n == 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return (ssize_t)n;
}

static void
stream_done(void *cls)
{
	struct stream *st = cls;

	if (st == NULL)
		return;
	if (st->free != NULL)
		st->free(st->ctx);
	free(st);
}

int
reply_stream(struct req *r, int status, long (*read)(void *ctx, char *buf, size_t max),
    void (*free_ctx)(void *ctx), void *ctx)
{
	buf_reset(&r->out);
	r->stream = read;
	r->stream_free = free_ctx;
	r->stream_ctx = ctx;
	return r->status = status;
}

/* Frees a streamed body that was never handed to a response. */
static void
stream_drop(struct req *r)
{
	if (r->stream != NULL && r->stream_free != NULL)
		r->stream_free(r->stream_ctx);
	r->stream = NULL;
}

static enum MHD_Result
queue(struct conn *cn)
{
	struct req *r = &cn->r;
	size_t len = 0;
	char *body = buf_steal(&r->out, &len);
	struct MHD_Response *resp;
	enum MHD_Result ret;

	cn->out_len = len;
	if (r->status == 0)
		r->status = 500;
	if (r->stream != NULL) {
		struct stream *st = malloc(sizeof *st);

		free(body);
		if (st == NULL) {
			stream_drop(r);
			return MHD_NO;
		}
		*st = (struct stream){ r->stream, r->stream_free, r->stream_ctx };
		r->stream = NULL;	/* the response owns it now */
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024,
		    stream_read, st, stream_done);
		if (resp == NULL) {
			stream_done(st);
			return MHD_NO;
		}
	} else if ((resp = MHD_create_response_from_buffer(len, body,
	    MHD_RESPMEM_MUST_FREE)) == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type",
	    r->content_type ? r->content_type : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (!r->api) {	/* what only a document (a page) can use */
		MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
		MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	}
	if (r->app->secure_cookies)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000");
	if (!r->cacheable)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->status == 413 || r->status == 431)
		MHD_add_response_header(resp, "Connection", "close");
	for (struct kv *h = r->out_headers; h != NULL; h = h->next)
		MHD_add_response_header(resp, h->key, h->value);
	ret = MHD_queue_response(cn->c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	cn->queued = 1;
	return ret;
}

static void
run_slow(void *arg)
{
	struct conn *cn = arg;

	if (handle(&cn->r))
		return;		/* deferred: req_resume resumes */
	cn->done = 1;
	MHD_resume_connection(cn->c);
}

void
req_defer(struct req *r, int (*finish)(struct req *r))
{
	struct conn *cn = (struct conn *)(void *)r;	/* r is cn's first member */

	r->finish = finish;
	/* Before the work is queued: resuming an unsuspended connection
	 * would be lost. An RT_SLOW route's was suspended for the pool. */
	if (!(r->route->flags & RT_SLOW))
		MHD_suspend_connection(cn->c);
}

void
req_resume(struct req *r)
{
	struct conn *cn = (struct conn *)(void *)r;

	cn->done = 1;
	MHD_resume_connection(cn->c);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct conn *cn = *con_cls;
	struct req *r;
	const char *ct;
	int status;

	(void)cls;
	(void)version;
	if (cn == NULL) {
		const char *cl;
		struct arena *a = arena_new();

		hdrwatch_headers_in(conn_watch(c));
		cn = arena_alloc(a, sizeof *cn);
		cn->r.arena = a;
		cn->c = c;
		clock_gettime(CLOCK_MONOTONIC, &cn->start);
		atomic_fetch_add(&inflight, 1);
		*con_cls = cn;
		r = &cn->r;
		r->app = app_;
		r->store = app_->store;
		r->method = arena_strdup(a, method);
		r->path = arena_strdup(a, url);
		r->api = strncmp(url, "/api/", 5) == 0;
		MHD_get_connection_values(c, MHD_HEADER_KIND, collect, r);
		MHD_get_connection_values(c, MHD_COOKIE_KIND, collect, r);
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, r);
		peer_addr(cn);
		r->lang = i18n_choose(http_query(r, "lang") ? http_query(r, "lang") :
		    http_cookie(r, LANG_COOKIE), http_header(r, "Accept-Language"));
		/* The route is known from the request line: its body bound
		 * applies before a byte of the body is read. */
		r->route = route_find(app_->routes, app_->nroutes, r->method, r->path,
		    r->arena, &r->params, &cn->route_status, cn->allow, sizeof cn->allow);
		cn->body_max = route_body_max(r->route, app_->max_body);
		cl = http_header(r, "Content-Length");
		if (cl != NULL && strtoull(cl, NULL, 10) > cn->body_max) {
			reply_error(r, 413, "body_too_large");
			return queue(cn);
		}
		return MHD_YES;
	}
	r = &cn->r;
	if (*upload_size > 0) {
		size_t n = *upload_size;

		*upload_size = 0;
		if (cn->too_large || r->body_len + n > cn->body_max) {
			cn->too_large = 1;
			return MHD_YES;
		}
		if (r->body_len + n + 1 > cn->body_cap) {
			size_t cap = cn->body_cap ? cn->body_cap : 4096;

			while (cap < r->body_len + n + 1)
				cap *= 2;
			r->body = arena_grow(r->arena, r->body, r->body_len, cap, 1);
			cn->body_cap = cap;
		}
		memcpy(r->body + r->body_len, upload, n);
		r->body_len += n;
		r->body[r->body_len] = '\0';
		return MHD_YES;
	}
	if (cn->queued)
		return MHD_YES;
	if (cn->done) {
		if (r->finish != NULL) {
			int (*finish)(struct req *) = r->finish;

			r->finish = NULL;
			store_set_actor(r->user.id, r->addr);
			store_clear_write_error();
			r->status = finish(r);
		}
		return queue(cn);
	}
	if (cn->too_large) {
		reply_error(r, 413, "body_too_large");
		return queue(cn);
	}
	authenticate(r);
	if (r->route == NULL) {
		status = cn->route_status;
		if (status == 405)
			reply_header(r, "Allow", cn->allow);
		reply_error(r, status, status == 405 ? "method_not_allowed" : "not_found");
		return queue(cn);
	}
	/* Here, on libmicrohttpd's thread, as the post processor asks the
	 * connection for the Content-Type; a handler may run on the pool. */
	ct = http_header(r, "Content-Type");
	if (ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0)
		r->parts = multipart_parse(c, r->arena, r->body, r->body_len,
		    &r->parts_err);
	if (r->route->flags & RT_SLOW) {
		MHD_suspend_connection(c);
		pool_submit(run_slow, cn);
		return MHD_YES;
	}
	if (handle(r))
		return MHD_YES;	/* deferred: req_resume resumes */
	return queue(cn);
}

/* 1 if byte c goes into an access-log field as itself. */
static int
log_plain(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '"' && c != '\\';
}

/* s as one access-log field: every byte but printable ASCII other than
 * the double quote and the backslash (so also spaces, control bytes and
 * UTF-8) written as \xHH, so that a request (a path with %0a) can neither
 * forge a line nor split a field. s itself when nothing needs escaping,
 * else a copy from a. */
static const char *
log_field(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0, len = 0;
	char *out, *o;

	if (s == NULL)
		return "-";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++, len++)
		n += log_plain(*p) ? 1 : 4;
	if (n == len)
		return s;
	o = out = arena_alloc(a, n + 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (!log_plain(*p)) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

/*
 * Memory a big request freed (importing 10,000 people, a results CSV)
 * stays in its thread's malloc arena, resident for the rest of the day
 * unless it is given back: about 13 MB after such an import, on top of
 * the exam day's connections. A request that read or wrote BIG_REQUEST
 * bytes or more has the pool give it back (malloc_trim walks every arena,
 * so not on a thread that serves connections), one at a time.
 */
#define BIG_REQUEST (256 * 1024)
static atomic_int trim_queued;

static void
give_back(void *unused)
{
	(void)unused;
	malloc_trim(0);
	atomic_store(&trim_queued, 0);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *con_cls;
	struct timespec end;
	double ms;
	int big;

	(void)cls;
	(void)toe;
	if (cn == NULL)
		return;
	hdrwatch_rearm(conn_watch(c));	/* the next request's headers, if any */
	clock_gettime(CLOCK_MONOTONIC, &end);
	ms = (double)(end.tv_sec - cn->start.tv_sec) * 1e3 +
	    (double)(end.tv_nsec - cn->start.tv_nsec) / 1e6;
	if (app_->access_log != NULL) {
		char when[TIMEFMT_UTC_LEN + 1];

		timefmt_utc((long long)time(NULL), when);
		fprintf(app_->access_log, "%s %s %s %s %d %.1fms\n", when,
		    log_field(cn->r.arena, cn->r.addr),
		    log_field(cn->r.arena, cn->r.method),
		    log_field(cn->r.arena, cn->r.path),
		    cn->queued ? cn->r.status : 0, ms);
	}
	buf_free(&cn->r.out);
	stream_drop(&cn->r);
	*con_cls = NULL;
	big = cn->r.body_len + cn->out_len >= BIG_REQUEST;
	arena_free(cn->r.arena);
	atomic_fetch_sub(&inflight, 1);
	if (big && atomic_exchange(&trim_queued, 1) == 0)
		pool_submit(give_back, NULL);
}

static void
on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("aicert: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

int
http_start(struct app *app, const char *listen)
{
	char host[256], *colon;
	struct addrinfo hints, *ai = NULL;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
	    MHD_USE_ERROR_LOG;
	const char *port;

	app_ = app;
	snprintf(host, sizeof host, "%s", listen);
	colon = strrchr(host, ':');
	if (colon == NULL) {
		fprintf(stderr, "aicert: --listen wants HOST:PORT, got %s\n", listen);
		return -1;
	}
	*colon = '\0';
	port = colon + 1;
	if (host[0] == '[' && colon[-1] == ']') {
		colon[-1] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (getaddrinfo(host[0] ? host : NULL, port, &hints, &ai) != 0 || ai == NULL) {
		fprintf(stderr, "aicert: cannot listen on %s\n", listen);
		return -1;
	}
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (pool_start(app->workers) != 0) {
		freeaddrinfo(ai);
		return -1;
	}
	if (app->header_timeout > 0 && hdrwatch_start(app->header_timeout) != 0) {
		fprintf(stderr, "aicert: cannot start the header deadline\n");
		freeaddrinfo(ai);
		pool_stop();
		return -1;
	}
	daemon_ = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_THREAD_POOL_SIZE, app->threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, app->conn_timeout,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, app->per_ip_limit,
	    MHD_OPTION_CONNECTION_LIMIT, app->max_connections,
	    /* Per connection: the request line and headers must fit in
	     * about half of it (7 KB; browsers send 1-2 KB, proxies cap a
	     * header line at 8 KB). libmicrohttpd zeroes it on every request,
	     * so all of it is resident: 15 KiB keeps 10,000 exam-day
	     * connections within 200 MB. */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(15 * 1024),
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    /* Without a header deadline the list ends here. */
	    app->header_timeout > 0 ? MHD_OPTION_NOTIFY_CONNECTION : MHD_OPTION_END,
	    on_connection, NULL,
	    MHD_OPTION_END);
	freeaddrinfo(ai);
	if (daemon_ == NULL) {
		fprintf(stderr, "aicert: cannot listen on %s (in use?)\n", listen);
		hdrwatch_stop();
		pool_stop();
		return -1;
	}
	info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	printf("aicert: listening on http://%s%s%s:%u\n",
	    strchr(host, ':') ? "[" : "", host[0] ? host : "0.0.0.0",
	    strchr(host, ':') ? "]" : "", info ? (unsigned)info->port : 0);
	fflush(stdout);
	return 0;
}

void
http_stop(int wait_ms)
{
	MHD_socket fd;

	if (daemon_ == NULL)
		return;
	fd = MHD_quiesce_daemon(daemon_);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (int waited = 0; atomic_load(&inflight) > 0 && waited < wait_ms; waited += 10)
		usleep(10000);
	pool_stop();
	MHD_stop_daemon(daemon_);
	hdrwatch_stop();
	daemon_ = NULL;
}
