/*
 * testsrv.h - drive the real aicert binary: start a server on a loopback
 * port with its own temporary database, speak HTTP/1.1 to it, run CLI
 * commands against the same database, stop it with a signal. Also the
 * helpers every server test shares: sign-in, JSON API requests, reading
 * the server's answers and its database. Depends on jansson and SQLite.
 */
#ifndef AICERT_TESTSRV_H
#define AICERT_TESTSRV_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

struct testsrv {
	pid_t pid;
	int port;
	char dir[64];		/* temporary directory holding the database */
	char db[192];		/* its file, or a PostgreSQL connection string */
	char pgname[32];	/* the PostgreSQL database's name, if on one */
};

struct resp {
	int status;
	char *head;		/* status line and headers */
	char *body;
	size_t body_len;
};

/* Makes a temporary directory and database path (no server yet). */
void testsrv_init(struct testsrv *t);
/* 1 if t's store is a PostgreSQL database ($AICERT_TEST_PG): the checks
 * that open the SQLite file themselves skip then. */
int testsrv_is_pg(const struct testsrv *t);
/* Starts `aicert serve` on 127.0.0.1 with an ephemeral port; extra
 * arguments follow (NULL-terminated); without "--access-log" among them
 * the access log is off. 0 or -1. */
int testsrv_start(struct testsrv *t, ...);
/* Sends sig and waits; returns the exit status (-1 on timeout) and the
 * seconds it took in *secs. */
int testsrv_stop(struct testsrv *t, int sig, double *secs);

/* One request on a fresh connection; headers are "Name: value\r\n" lines
 * (may be NULL). 0, or -1 if the connection failed. */
int http_req(int port, const char *method, const char *path,
    const char *headers, const char *body, size_t body_len, struct resp *out);
/* The same from the loopback address src ("127.0.0.2" ...; NULL: any), so
 * that limits per address can be tested with several clients. */
int http_req_from(const char *src, int port, const char *method, const char *path,
    const char *headers, const char *body, size_t body_len, struct resp *out);
/* A TCP connection to 127.0.0.1:port from src (NULL: any): the socket, or
 * -1. */
int testsrv_connect_from(const char *src, int port);
void resp_free(struct resp *r);
/* Copies the first value of header name into out; NULL if absent. */
const char *resp_header(const struct resp *r, const char *name, char *out,
    size_t outlen);
/* The value of cookie name from the Set-Cookie headers, into out. */
const char *resp_cookie(const struct resp *r, const char *name, char *out,
    size_t outlen);

/* Runs `aicert --db DB ARGS...` (NULL-terminated) with stdin_text on its
 * standard input, capturing stdout+stderr into out. Returns the exit code. */
int testsrv_cli(const struct testsrv *t, const char *stdin_text, char *out,
    size_t outlen, ...);

/* `aicert user add --login LOGIN --name NAME --role ROLE` on t's database
 * with password on stdin: 0, or the command's nonzero exit status. */
int testsrv_user(const struct testsrv *t, const char *login, const char *name,
    const char *role, const char *password);

/* Writes data (len bytes; 0 means strlen) to name in t's directory and
 * returns its path, valid until 8 more calls. */
const char *testsrv_file(const struct testsrv *t, const char *name,
    const char *data, size_t len);

/* Signs in through POST /api/v1/session; the token into tok ("" if the
 * sign-in failed). Returns the status (200), 0 if the request failed. */
int testsrv_signin(const struct testsrv *t, const char *login,
    const char *password, char *tok, size_t n);
/* The same with the request body json as given ({"code":"..."} for an
 * access code). */
int testsrv_session(const struct testsrv *t, const char *json, char *tok,
    size_t n);

/* How a JSON API request differs from the usual; zero fields are the
 * usual. */
struct api_opt {
	const char *lang;	/* Accept-Language; NULL: "en" */
	const char *ctype;	/* Content-Type; NULL: application/json with a body */
	const char *extra;	/* more "Name: value\r\n" lines */
	size_t len;		/* body length; 0: strlen(body) */
	struct resp *keep;	/* not NULL: receives the response (caller resp_frees) */
};

/* One request to t as the holder of token tok (NULL or "": anonymous)
 * with body (may be NULL) and options o (may be NULL). Returns the answer
 * as JSON (NULL if it is not JSON; the caller json_decrefs it) and sets
 * *status to its status, 0 if the request failed. */
json_t *testsrv_api_opt(const struct testsrv *t, const char *tok, const char *method,
    const char *path, const char *body, const struct api_opt *o, int *status);
/* The same with the usual options. */
json_t *testsrv_api(const struct testsrv *t, const char *tok, const char *method,
    const char *path, const char *body, int *status);

/* The string member key of j, "" if j has none (never NULL). */
const char *testsrv_jstr(const json_t *j, const char *key);
/* The item of an attempt view (its "items") whose prompt holds marker,
 * or NULL; borrowed from attempt. */
json_t *testsrv_item_with(const json_t *attempt, const char *marker);
/* The id of the choice of item (an item of an attempt view) whose text is
 * text, "" if it has none (never NULL); borrowed from item. */
const char *testsrv_choice_id(const json_t *item, const char *text);
/* As the holder of tok, saves for every item of the attempt view att the
 * choice whose text is text (seq 1); an item without one is left alone.
 * Returns how many saves the server took (200). */
int testsrv_answer_all(const struct testsrv *t, const char *tok, const json_t *att,
    const char *text);

/* The first column of the first row of sql (with arg, if not NULL, bound
 * to ?1) on t's database opened read-only; -1 if it cannot be read. */
/* Runs sql (SQLite's dialect; on PostgreSQL as the server's driver
 * rewrites it) on t's store with one argument per letter of fmt: t a
 * string, i a long long, b a blob (const void *, size_t). The first
 * row's first column goes to out as text (out may be NULL). Returns the
 * rows changed, or 1 for a row read, 0 for none; -1 on an error. */
int testsrv_db_run(const struct testsrv *t, char *out, size_t outlen, const char *sql,
    const char *fmt, ...);
/* Runs sql, one or more statements without parameters (SQLite's
 * dialect, rewritten on PostgreSQL), on t's store. 0, or -1 with why in
 * err. */
int testsrv_db_exec(const struct testsrv *t, const char *sql, char *err, size_t errlen);
long long testsrv_db_int(const struct testsrv *t, const char *sql, const char *arg);

/* A keep-alive HTTP/1.1 connection for benchmarks and load. */
struct kconn {
	int fd;
	char buf[262144];
	size_t len;
};

/* Connects to 127.0.0.1:port (TCP_NODELAY). 0 or -1. */
int kconn_open(struct kconn *c, int port);
/* One request on c, waiting for its whole response; headers are
 * "Name: value\r\n" lines. Returns the status or -1; body_out (may be
 * NULL) gets the body cut to n - 1 bytes, *body_len (may be NULL) its
 * full length. */
int kconn_req(struct kconn *c, const char *method, const char *path,
    const char *headers, const char *body, char *body_out, size_t n,
    size_t *body_len);
void kconn_close(struct kconn *c);

#endif
