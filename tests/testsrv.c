/*
 * testsrv.c - a server under test, a tiny HTTP client, and the JSON API
 * and database helpers the server tests share; see testsrv.h.
 */
#include "testsrv.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sql_pg.h"

#define MAX_ARGS 32

static const char *
bin(void)
{
	return getenv("AICERT_BIN") ? getenv("AICERT_BIN") : "./aicert";
}

/* $AICERT_TEST_PG: a PostgreSQL server as a URL without a database
 * (postgresql://user@host:port; make test-pg starts one) where each test
 * server gets a database of its own instead of a SQLite file. */
static const char *
test_pg(void)
{
	const char *pg = getenv("AICERT_TEST_PG");

	return pg != NULL && *pg != '\0' ? pg : NULL;
}

int
testsrv_is_pg(const struct testsrv *t)
{
	return strncmp(t->db, "postgresql://", 13) == 0;
}

void
testsrv_init(struct testsrv *t)
{
	static int seq;

	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/aicert-http-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		abort();
	snprintf(t->db, sizeof t->db, "%s/aicert.db", t->dir);
	if (test_pg() != NULL) {
		char sql[96], admin[160];
		PGconn *c;
		PGresult *r;

		snprintf(admin, sizeof admin, "%s/postgres", test_pg());
		c = PQconnectdb(admin);
		snprintf(t->pgname, sizeof t->pgname, "t%d_%d", (int)getpid(), ++seq);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", t->pgname);
		r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "testsrv: %s", PQerrorMessage(c));
			abort();
		}
		PQclear(r);
		PQfinish(c);
		snprintf(t->db, sizeof t->db, "%s/%s", test_pg(), t->pgname);
	}
}

/* The signing key of a PostgreSQL store is a file of its own: the test
 * server's lives in its folder. */
static void
key_env(const struct testsrv *t)
{
	char key[128];

	if (!testsrv_is_pg(t))
		return;
	snprintf(key, sizeof key, "%s/aicert.key", t->dir);
	setenv("AICERT_KEY", key, 1);
}

int
testsrv_start(struct testsrv *t, ...)
{
	const char *argv[MAX_ARGS];
	int n = 0, fds[2];
	char line[512];
	size_t got = 0;
	va_list ap;
	FILE *f;

	if (t->dir[0] == '\0')
		testsrv_init(t);
	key_env(t);
	argv[n++] = bin();
	argv[n++] = "--db";
	argv[n++] = t->db;
	argv[n++] = "--share";
	argv[n++] = ".";
	argv[n++] = "serve";
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	va_start(ap, t);
	while (n < MAX_ARGS - 5 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	/* No access log unless the caller asks for one; no consent gate
	 * either (the consent group's tests ask for it): the other tests'
	 * accounts have accepted no notice. */
	{
		int logged = 0, gated = 0;

		for (int i = 6; i < n; i++) {
			logged |= strcmp(argv[i], "--access-log") == 0;
			gated |= strcmp(argv[i], "--consent-gate") == 0;
		}
		if (!logged) {
			argv[n++] = "--access-log";
			argv[n++] = "off";
		}
		if (!gated) {
			argv[n++] = "--consent-gate";
			argv[n++] = "off";
		}
	}
	argv[n] = NULL;
	if (pipe(fds) != 0)
		return -1;
	t->pid = fork();
	if (t->pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	t->port = 0;
	while (fgets(line, sizeof line, f) != NULL && got++ < 20) {
		const char *p = strstr(line, "listening on http://127.0.0.1:");

		if (p != NULL) {
			t->port = atoi(p + strlen("listening on http://127.0.0.1:"));
			break;
		}
	}
	/* Keep draining stdout in the background so the server never blocks
	 * on a full pipe: hand the descriptor to a child that discards. */
	if (fork() == 0) {
		char sink[4096];

		while (fread(sink, 1, sizeof sink, f) > 0)
			;
		_exit(0);
	}
	fclose(f);
	return t->port > 0 ? 0 : -1;
}

int
testsrv_stop(struct testsrv *t, int sig, double *secs)
{
	struct timespec a, b;
	int status = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	kill(t->pid, sig);
	for (int i = 0; i < 1000; i++) {
		pid_t r = waitpid(t->pid, &status, WNOHANG);

		if (r == t->pid)
			break;
		if (i == 999) {
			kill(t->pid, SIGKILL);
			waitpid(t->pid, &status, 0);
			status = -1;
		}
		usleep(10000);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (secs != NULL)
		*secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	if (status == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int
http_req(int port, const char *method, const char *path, const char *headers,
    const char *body, size_t body_len, struct resp *out)
{
	return http_req_from(NULL, port, method, path, headers, body, body_len, out);
}

int
testsrv_connect_from(const char *src, int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	if (src != NULL && (inet_pton(AF_INET, src, &sa.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0)) {
		close(fd);
		return -1;
	}
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int
http_req_from(const char *src, int port, const char *method, const char *path,
    const char *headers, const char *body, size_t body_len, struct resp *out)
{
	char *req = NULL, *buf = NULL, *sep;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd, reqlen;

	memset(out, 0, sizeof *out);
	if ((fd = testsrv_connect_from(src, port)) < 0)
		return -1;
	{
		char cl[48] = "";

		if (body != NULL)
			snprintf(cl, sizeof cl, "Content-Length: %zu\r\n", body_len);
		reqlen = asprintf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		    "Connection: close\r\n%s%s\r\n", method, path, port,
		    headers ? headers : "", cl);
	}
	/* The server may answer early (413, 431) and close: no SIGPIPE, and
	 * its answer is read all the same. */
	if (reqlen < 0 || send(fd, req, (size_t)reqlen, MSG_NOSIGNAL) != reqlen ||
	    (body != NULL && body_len > 0 &&
	    send(fd, body, body_len, MSG_NOSIGNAL) != (ssize_t)body_len)) {
		/* read what came */
	}
	free(req);
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };

		if (poll(&p, 1, 10000) <= 0)
			break;
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			buf = realloc(buf, cap + 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (buf == NULL)
		return -1;
	buf[len] = '\0';
	if ((sep = strstr(buf, "\r\n\r\n")) == NULL) {
		free(buf);
		return -1;
	}
	*sep = '\0';
	out->head = buf;
	out->body = sep + 4;
	out->body_len = len - (size_t)(out->body - buf);
	sscanf(buf, "HTTP/1.%*d %d", &out->status);
	return 0;
}

void
resp_free(struct resp *r)
{
	free(r->head);
	memset(r, 0, sizeof *r);
}

const char *
resp_header(const struct resp *r, const char *name, char *out, size_t outlen)
{
	size_t n = strlen(name);

	for (const char *p = r->head; p != NULL && *p; ) {
		const char *eol = strstr(p, "\r\n");

		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			size_t vl;

			while (*v == ' ')
				v++;
			vl = eol ? (size_t)(eol - v) : strlen(v);
			if (vl >= outlen)
				vl = outlen - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}

const char *
resp_cookie(const struct resp *r, const char *name, char *out, size_t outlen)
{
	size_t n = strlen(name);

	for (const char *p = r->head; p != NULL && *p; ) {
		const char *eol = strstr(p, "\r\n");

		if (strncasecmp(p, "Set-Cookie: ", 12) == 0 &&
		    strncmp(p + 12, name, n) == 0 && p[12 + n] == '=') {
			const char *v = p + 12 + n + 1;
			size_t vl = strcspn(v, ";\r\n");

			if (vl >= outlen)
				vl = outlen - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}

int
testsrv_cli(const struct testsrv *t, const char *stdin_text, char *out,
    size_t outlen, ...)
{
	const char *argv[MAX_ARGS];
	int n = 0, in[2], outp[2], status = 0;
	size_t got = 0;
	ssize_t r;
	va_list ap;
	pid_t pid;

	key_env(t);
	argv[n++] = bin();
	argv[n++] = "--db";
	argv[n++] = t->db;
	argv[n++] = "--share";
	argv[n++] = ".";
	va_start(ap, outlen);
	while (n < MAX_ARGS - 1 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	if (pipe(in) != 0 || pipe(outp) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(outp[1], STDOUT_FILENO);
		dup2(outp[1], STDERR_FILENO);
		close(in[1]);
		close(outp[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	if (stdin_text != NULL && write(in[1], stdin_text, strlen(stdin_text)) < 0)
		perror("write");
	close(in[1]);
	while (outlen > 0 && got < outlen - 1 &&
	    (r = read(outp[0], out + got, outlen - 1 - got)) > 0)
		got += (size_t)r;
	if (outlen > 0)
		out[got] = '\0';
	close(outp[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
kconn_open(struct kconn *c, int port)
{
	struct sockaddr_in sa;
	int one = 1;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->len = 0;
	if ((c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		kconn_close(c);
		return -1;
	}
	return 0;
}

void
kconn_close(struct kconn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int
kconn_req(struct kconn *c, const char *method, const char *path, const char *headers,
    const char *body, char *body_out, size_t n, size_t *body_len)
{
	char *req = NULL;
	int len = asprintf(&req, "%s %s HTTP/1.1\r\nHost: x\r\n%sContent-Length: %zu\r\n\r\n%s",
	    method, path, headers ? headers : "", body ? strlen(body) : 0, body ? body : "");
	int status = -1;

	if (len < 0)
		return -1;
	if (write(c->fd, req, (size_t)len) != len) {
		free(req);
		return -1;
	}
	free(req);
	for (;;) {
		char *end = c->len ? memmem(c->buf, c->len, "\r\n\r\n", 4) : NULL;
		ssize_t got;

		if (end != NULL) {
			char *cl = memmem(c->buf, (size_t)(end - c->buf), "Content-Length: ", 16);
			size_t blen = cl ? strtoul(cl + 16, NULL, 10) : 0;
			size_t need = (size_t)(end - c->buf) + 4 + blen;

			if (need > sizeof c->buf)
				return -1;	/* larger than a benchmark needs */
			if (c->len >= need) {
				sscanf(c->buf, "HTTP/1.1 %d", &status);
				if (body_out != NULL && n > 0) {
					size_t k = blen < n - 1 ? blen : n - 1;

					memcpy(body_out, end + 4, k);
					body_out[k] = '\0';
				}
				if (body_len != NULL)
					*body_len = blen;
				memmove(c->buf, c->buf + need, c->len - need);
				c->len -= need;
				return status;
			}
		}
		if (c->len == sizeof c->buf)
			return -1;
		got = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
		if (got <= 0)
			return -1;
		c->len += (size_t)got;
	}
}

int
testsrv_user(const struct testsrv *t, const char *login, const char *name,
    const char *role, const char *password)
{
	char in[256], out[1024];

	snprintf(in, sizeof in, "%s\n", password);
	return testsrv_cli(t, in, out, sizeof out, "user", "add", "--login", login,
	    "--name", name, "--role", role, NULL);
}

const char *
testsrv_file(const struct testsrv *t, const char *name, const char *data, size_t len)
{
	static char paths[8][512];
	static int next;
	char *p = paths[next++ % 8];
	FILE *f;

	snprintf(p, sizeof paths[0], "%s/%s", t->dir, name);
	if ((f = fopen(p, "wb")) != NULL) {
		fwrite(data, 1, len ? len : strlen(data), f);
		fclose(f);
	}
	return p;
}

int
testsrv_session(const struct testsrv *t, const char *json, char *tok, size_t n)
{
	struct resp r;
	const char *p;
	int status = 0;

	tok[0] = '\0';
	if (http_req(t->port, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
	    json, strlen(json), &r) == 0) {
		status = r.status;
		if (r.status == 200 && (p = strstr(r.body, "\"token\":\"")) != NULL)
			snprintf(tok, n, "%.*s", (int)strcspn(p + 9, "\""), p + 9);
	}
	resp_free(&r);
	return status;
}

int
testsrv_signin(const struct testsrv *t, const char *login, const char *password,
    char *tok, size_t n)
{
	/* jansson escapes the login: tests sign in hostile ones too. */
	json_t *in = json_pack("{s:s, s:s}", "login", login, "password", password);
	char *body = in ? json_dumps(in, JSON_COMPACT) : NULL;
	int status = 0;

	tok[0] = '\0';
	json_decref(in);
	if (body != NULL)
		status = testsrv_session(t, body, tok, n);
	free(body);
	return status;
}

json_t *
testsrv_api_opt(const struct testsrv *t, const char *tok, const char *method,
    const char *path, const char *body, const struct api_opt *o, int *status)
{
	static const struct api_opt usual;
	char h[1024];
	struct resp r;
	json_t *j = NULL;
	int n;

	if (o == NULL)
		o = &usual;
	n = snprintf(h, sizeof h, "Accept-Language: %s\r\n", o->lang ? o->lang : "en");
	if (tok != NULL && tok[0] != '\0')
		n += snprintf(h + n, sizeof h - (size_t)n, "Authorization: Bearer %s\r\n", tok);
	if (o->ctype != NULL || body != NULL)
		n += snprintf(h + n, sizeof h - (size_t)n, "Content-Type: %s\r\n",
		    o->ctype ? o->ctype : "application/json");
	if (o->extra != NULL)
		snprintf(h + n, sizeof h - (size_t)n, "%s", o->extra);
	*status = 0;
	if (http_req(t->port, method, path, h, body,
	    body ? (o->len ? o->len : strlen(body)) : 0, &r) == 0) {
		*status = r.status;
		j = json_loadb(r.body, r.body_len, 0, NULL);
	}
	if (o->keep != NULL)
		*o->keep = r;
	else
		resp_free(&r);
	return j;
}

json_t *
testsrv_api(const struct testsrv *t, const char *tok, const char *method,
    const char *path, const char *body, int *status)
{
	return testsrv_api_opt(t, tok, method, path, body, NULL, status);
}

const char *
testsrv_jstr(const json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));

	return s ? s : "";
}

json_t *
testsrv_item_with(const json_t *attempt, const char *marker)
{
	size_t i;
	json_t *it;

	json_array_foreach(json_object_get(attempt, "items"), i, it)
		if (strstr(testsrv_jstr(it, "prompt"), marker) != NULL)
			return it;
	return NULL;
}

const char *
testsrv_choice_id(const json_t *item, const char *text)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(item, "choices"), i, c)
		if (strcmp(testsrv_jstr(c, "text"), text) == 0)
			return testsrv_jstr(c, "id");
	return "";
}

int
testsrv_answer_all(const struct testsrv *t, const char *tok, const json_t *att,
    const char *text)
{
	char path[256], body[256];
	int saved = 0, status;
	size_t i;
	json_t *it;

	json_array_foreach(json_object_get(att, "items"), i, it) {
		const char *choice = testsrv_choice_id(it, text);

		if (*choice == '\0')
			continue;
		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s",
		    testsrv_jstr(att, "id"), testsrv_jstr(it, "id"));
		snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":1}", choice);
		json_decref(testsrv_api(t, tok, "PUT", path, body, &status));
		saved += status == 200;
	}
	return saved;
}

/* testsrv_db_int on PostgreSQL: the SQL as the server's driver rewrites
 * it, the argument as text. */
static long long
pg_db_int(const struct testsrv *t, const char *sql, const char *arg)
{
	PGconn *c = PQconnectdb(t->db);
	int n;
	char *text = sql_pg(sql, &n);
	const char *args[1] = { arg };
	PGresult *r = PQexecParams(c, text, n, NULL, args, NULL, NULL, 0);
	long long v = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
	    !PQgetisnull(r, 0, 0)) {
		const char *s = PQgetvalue(r, 0, 0);

		v = *s == 't' ? 1 : *s == 'f' ? 0 : atoll(s);
	} else if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "testsrv: %s", PQerrorMessage(c));
	}
	PQclear(r);
	PQfinish(c);
	free(text);
	return v;
}

int
testsrv_db_run(const struct testsrv *t, char *out, size_t outlen, const char *sql,
    const char *fmt, ...)
{
	const char *vals[8];
	int lens[8], fmts[8], n = 0, rc = -1;
	char ints[8][24];
	va_list ap;

	if (out != NULL && outlen > 0)
		out[0] = '\0';
	va_start(ap, fmt);
	for (; *fmt != '\0' && n < 8; fmt++, n++) {
		fmts[n] = 0;
		lens[n] = 0;
		if (*fmt == 'i') {
			snprintf(ints[n], sizeof ints[n], "%lld", va_arg(ap, long long));
			vals[n] = ints[n];
		} else if (*fmt == 'b') {
			vals[n] = va_arg(ap, const char *);
			lens[n] = (int)va_arg(ap, size_t);
			fmts[n] = 1;
		} else {
			vals[n] = va_arg(ap, const char *);
		}
	}
	va_end(ap);
	if (testsrv_is_pg(t)) {
		PGconn *c = PQconnectdb(t->db);
		int np;
		char *text = sql_pg(sql, &np);
		PGresult *r = PQexecParams(c, text, np, NULL, vals, lens, fmts, 0);
		ExecStatusType rs = PQresultStatus(r);

		if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
			rc = rs == PGRES_COMMAND_OK ? atoi(PQcmdTuples(r)) : PQntuples(r);
			if (out != NULL && rs == PGRES_TUPLES_OK && PQntuples(r) > 0)
				snprintf(out, outlen, "%s", PQgetvalue(r, 0, 0));
		} else {
			fprintf(stderr, "testsrv: %s", PQerrorMessage(c));
		}
		PQclear(r);
		PQfinish(c);
		free(text);
		return rc;
	} else {
		sqlite3 *db = NULL;
		sqlite3_stmt *st = NULL;

		if (sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
		    (sqlite3_busy_timeout(db, 5000), 1) &&
		    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
			int step;

			for (int i = 0; i < n; i++)
				if (fmts[i])
					sqlite3_bind_blob(st, i + 1, vals[i], lens[i], SQLITE_STATIC);
				else if (vals[i] == ints[i])
					sqlite3_bind_int64(st, i + 1, atoll(vals[i]));
				else
					sqlite3_bind_text(st, i + 1, vals[i], -1, SQLITE_STATIC);
			step = sqlite3_step(st);
			if (step == SQLITE_ROW) {
				rc = 1;
				if (out != NULL && sqlite3_column_text(st, 0) != NULL)
					snprintf(out, outlen, "%s",
					    (const char *)sqlite3_column_text(st, 0));
			} else if (step == SQLITE_DONE) {
				rc = sqlite3_changes(db);
			}
		}
		sqlite3_finalize(st);
		sqlite3_close(db);
		return rc;
	}
}

int
testsrv_db_exec(const struct testsrv *t, const char *sql, char *err, size_t errlen)
{
	int rc = -1;

	snprintf(err, errlen, "cannot open the database");
	if (testsrv_is_pg(t)) {
		PGconn *c = PQconnectdb(t->db);
		int n;
		char *text = sql_pg(sql, &n);
		PGresult *r = PQexec(c, text);

		rc = PQresultStatus(r) == PGRES_COMMAND_OK ||
		    PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : -1;
		snprintf(err, errlen, "%s", rc == 0 ? "" : PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
		free(text);
	} else {
		sqlite3 *db = NULL;

		if (sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
			sqlite3_busy_timeout(db, 5000);
			rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
			snprintf(err, errlen, "%s", rc == 0 ? "" : sqlite3_errmsg(db));
		}
		sqlite3_close(db);
	}
	return rc;
}

long long
testsrv_db_int(const struct testsrv *t, const char *sql, const char *arg)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (testsrv_is_pg(t))
		return pg_db_int(t, sql, arg);
	if (sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 2000);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (arg != NULL)
			sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}
