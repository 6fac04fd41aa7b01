/*
 * fuzz_multipart.c - libFuzzer target for multipart/form-data uploads:
 * multipart_parse() (multipart.c, libmicrohttpd's post processor), and
 * req_form() of http_req.c reading the plain fields of the same body, as the
 * upload pages post them.
 *
 * Each input is a Content-Type value, a '\n', then the body. The post
 * processor reads the type from a real connection, so every input is
 * POSTed to a libmicrohttpd daemon run in this process (no thread, no
 * listening socket: one end of a socketpair is handed to it). A body is
 * either refused with a reason, or it yields parts that each have a
 * name and whose data occurs in the body byte for byte; written out
 * again with the same boundary they must read back the same (names,
 * file names, data); and the first plain (not file) fields must be
 * found by req_form by name. Crashes it finds are kept in
 * tests/fuzz/regress/multipart/.
 */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "http.h"
#include "multipart.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct MHD_Daemon *daemon_;

/* The request being served: its body as received, then what the post
 * processor made of it. */
static struct {
	struct arena *a;
	char *body;
	size_t len;
	const char *ct;		/* its Content-Type, as libmicrohttpd read it */
	struct part *parts;
	const char *err;
	int done;
} cur;

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	if (*con_cls == NULL) {
		*con_cls = &cur;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		cur.body = arena_grow(cur.a, cur.body, cur.len,
		    cur.len + *upload_size + 1, 1);
		memcpy(cur.body + cur.len, upload, *upload_size);
		cur.len += *upload_size;
		cur.body[cur.len] = '\0';
		*upload_size = 0;
		return MHD_YES;
	}
	cur.ct = arena_strdup(cur.a, MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE));
	cur.parts = multipart_parse(c, cur.a, cur.body, cur.len, &cur.err);
	cur.done = 1;
	resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	daemon_ = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL,
	    on_request, NULL, MHD_OPTION_END);
	if (daemon_ == NULL) {
		fputs("fuzz_multipart: cannot start libmicrohttpd\n", stderr);
		exit(1);
	}
	return 0;
}

static unsigned
connections(void)
{
	const union MHD_DaemonInfo *i =
	    MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

	return i != NULL ? i->num_connections : 0;
}

/* POSTs body[0..len) with Content-Type ct to the daemon and waits for
 * the connection to end; cur says what the handler saw (cur.done 0 when
 * libmicrohttpd refused the request before it). */
static void
post(const char *ct, const char *body, size_t len)
{
	struct sockaddr_in sa;
	struct buf req = BUF_INIT;
	size_t sent = 0;
	int sv[2];
	char sink[4096];

	cur.body = NULL;
	cur.len = 0;
	cur.ct = NULL;
	cur.parts = NULL;
	cur.err = NULL;
	cur.done = 0;
	buf_printf(&req, "POST /upload HTTP/1.1\r\nHost: fuzz\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n", ct, len);
	buf_raw(&req, body, len);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 ||
	    fcntl(sv[1], F_SETFL, O_NONBLOCK) != 0 ||
	    MHD_add_connection(daemon_, sv[0], (struct sockaddr *)&sa,
	    sizeof sa) != MHD_YES)
		abort();
	for (long round = 0;; round++) {
		ssize_t n;

		if (round > 10000000)
			abort();	/* a hang */
		if (sent < req.len && (n = send(sv[1], req.data + sent,
		    req.len - sent, MSG_NOSIGNAL)) > 0)
			sent += (size_t)n;
		MHD_run(daemon_);
		n = read(sv[1], sink, sizeof sink);
		if (n == 0 || (n < 0 && errno != EAGAIN))
			break;		/* answered (or refused) and closed */
	}
	close(sv[1]);
	while (connections() > 0)
		MHD_run(daemon_);
	buf_free(&req);
}

/* The boundary as the post processor takes it from ct: all after
 * "boundary=", without enclosing quotes. */
static const char *
boundary_of(struct arena *a, const char *ct)
{
	const char *b = strstr(ct + 19, "boundary=");
	size_t n;

	if (b == NULL)
		return NULL;
	b += 9;
	n = strlen(b);
	if (n >= 2 && b[0] == '"' && b[n - 1] == '"')
		return arena_strndup(a, b + 1, n - 2);
	return b;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *in = (const char *)data, *nl = memchr(in, '\n', size);
	size_t ctlen = nl != NULL ? (size_t)(nl - in) : size;
	size_t len = nl != NULL ? size - ctlen - 1 : 0, nparts = 0, nplain = 0;
	char *ct = arena_strndup(a, in, ctlen);
	const char *body = nl != NULL ? nl + 1 : "", *bd, *delim;
	struct part *parts, *p, *q;
	struct buf again = BUF_INIT;
	struct req r;
	struct kv hdr = { "Content-Type", NULL, NULL };

	/* A header value holds no line break or NUL. */
	for (size_t i = 0; i < ctlen; i++)
		if (ct[i] == '\r' || ct[i] == '\0')
			ct[i] = ' ';
	cur.a = a;
	post(ct, body, len);
	if (!cur.done)
		goto done;	/* refused by libmicrohttpd: not ours */
	if (cur.len != len || memcmp(cur.body ? cur.body : "", body, len) != 0)
		abort();
	parts = cur.parts;
	if (parts != NULL && cur.err != NULL)
		abort();
	if (cur.err != NULL && cur.err[0] == '\0')
		abort();
	for (p = parts; p != NULL; p = p->next) {
		if (p->name == NULL || p->data == NULL || p->len > len ||
		    p->data[p->len] != '\0' ||
		    (p->len > 0 && memmem(body, len, p->data, p->len) == NULL))
			abort();
		nparts++;
	}

	/* The plain fields by name, as an upload form's csrf is read. */
	memset(&r, 0, sizeof r);
	hdr.value = cur.ct != NULL ? cur.ct : "";
	r.arena = a;
	r.headers = &hdr;
	r.body = cur.body;
	r.body_len = len;
	r.parts = parts;
	for (p = parts; p != NULL && nplain < 16; p = p->next) {
		if (p->filename != NULL)
			continue;
		nplain++;
		if (req_form(&r, p->name) == NULL)
			abort();
	}

	/* Written out again with the same boundary, the parts read back the
	 * same. */
	if (parts == NULL || (bd = boundary_of(a, cur.ct)) == NULL)
		goto done;
	delim = arena_printf(a, "\r\n--%s", bd);
	for (p = parts; p != NULL; p = p->next)
		if (memmem(p->data, p->len, delim, strlen(delim)) != NULL ||
		    strstr(p->name, "name=") != NULL ||
		    (p->filename != NULL && strstr(p->filename, "name=") != NULL))
			goto done;	/* from a nested multipart/mixed, or
					 * a name the processor's plain search
					 * for name= would read apart */
	for (p = parts; p != NULL; p = p->next) {
		buf_printf(&again, "--%s\r\nContent-Disposition: form-data; name=\"%s\"",
		    bd, p->name);
		if (p->filename != NULL)
			buf_printf(&again, "; filename=\"%s\"", p->filename);
		buf_str(&again, "\r\n\r\n");
		buf_raw(&again, p->data, p->len);
		buf_str(&again, "\r\n");
	}
	buf_printf(&again, "--%s--\r\n", bd);
	post(ct, again.data, again.len);
	if (!cur.done || cur.err != NULL)
		abort();
	for (p = parts, q = cur.parts; p != NULL && q != NULL; p = p->next, q = q->next)
		if (strcmp(p->name, q->name) != 0 || p->len != q->len ||
		    memcmp(p->data, q->data, p->len) != 0 ||
		    (p->filename == NULL) != (q->filename == NULL) ||
		    (p->filename != NULL && strcmp(p->filename, q->filename) != 0))
			abort();
	if (p != NULL || q != NULL)
		abort();
done:
	buf_free(&again);
	arena_free(a);
	return 0;
}
