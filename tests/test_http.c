/*
 * test_http.c - the foundation through a real server on a loopback port:
 * pages in both languages, security headers, 404/405, sign-in by API and
 * by form (CSRF), brute-force limits, escaping of hostile names, limits,
 * clean shutdown on SIGTERM; the command line (options checked against
 * each command's, --version, finding the share directory).
 */
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

static int
get(const char *path, const char *headers, struct resp *r)
{
	return http_req(srv.port, "GET", path, headers, NULL, 0, r);
}

static int
post_json(const char *path, const char *json, const char *extra, struct resp *r)
{
	char h[512];

	snprintf(h, sizeof h, "Content-Type: application/json\r\n%s", extra ? extra : "");
	return http_req(srv.port, "POST", path, h, json, strlen(json), r);
}

static void
pages_and_headers(void)
{
	struct resp r;
	char v[512];
	static const char *const pages[] = { "/", "/signin", "/register" };

	for (size_t i = 0; i < 3; i++) {
		CHECK(get(pages[i], "Accept-Language: en-US,en;q=0.9\r\n", &r) == 0 &&
		    r.status == 200, "GET %s in English: 200 (got %d)", pages[i], r.status);
		CHECK(r.body && strstr(r.body, "<html lang=\"en\">") && strstr(r.body, "Sign in"),
		    "%s speaks English to an English browser", pages[i]);
		CHECK(resp_header(&r, "Content-Security-Policy", v, sizeof v) &&
		    strstr(v, "frame-ancestors 'none'") && strstr(v, "script-src 'self'"),
		    "%s carries a Content-Security-Policy", pages[i]);
		CHECK(resp_header(&r, "X-Content-Type-Options", v, sizeof v) &&
		    strcmp(v, "nosniff") == 0, "%s: X-Content-Type-Options nosniff", pages[i]);
		CHECK(resp_header(&r, "Referrer-Policy", v, sizeof v) != NULL,
		    "%s: Referrer-Policy", pages[i]);
		resp_free(&r);
		CHECK(get(pages[i], "Accept-Language: zh-TW,zh;q=0.9,en;q=0.5\r\n", &r) == 0 &&
		    r.status == 200 && strstr(r.body, "<html lang=\"zh-TW\">") &&
		    strstr(r.body, "登入"), "%s speaks zh-TW to a Taiwanese browser", pages[i]);
		CHECK(strstr(r.body, "href=\"/lang/en?next=") != NULL,
		    "%s links to the other language", pages[i]);
		resp_free(&r);
	}
	CHECK(get("/lang/zh-TW?next=/signin", "Accept-Language: en\r\n", &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", v, sizeof v) &&
	    strcmp(v, "/signin") == 0, "the language link redirects back");
	CHECK(resp_cookie(&r, "lang", v, sizeof v) && strcmp(v, "zh-TW") == 0,
	    "the language link sets the lang cookie");
	resp_free(&r);
	CHECK(get("/signin", "Accept-Language: en\r\nCookie: lang=zh-TW\r\n", &r) == 0 &&
	    strstr(r.body, "登入"), "the lang cookie beats Accept-Language");
	resp_free(&r);
	CHECK(get("/lang/en?next=//evil.example/", NULL, &r) == 0 &&
	    resp_header(&r, "Location", v, sizeof v) && strcmp(v, "/") == 0,
	    "no open redirect through next=//host");
	resp_free(&r);

	CHECK(get("/no/such/page", "Accept-Language: en\r\n", &r) == 0 && r.status == 404 &&
	    strstr(r.body, "There is nothing at this address"), "unknown page: 404 page");
	resp_free(&r);
	CHECK(get("/api/v1/nope", NULL, &r) == 0 && r.status == 404 &&
	    strstr(r.body, "{\"error\":"), "unknown API path: 404 as JSON error");
	resp_free(&r);
	CHECK(http_req(srv.port, "DELETE", "/", NULL, NULL, 0, &r) == 0 &&
	    r.status == 405 && resp_header(&r, "Allow", v, sizeof v) &&
	    strcmp(v, "GET, HEAD") == 0, "DELETE / is 405 with Allow: GET, HEAD");
	resp_free(&r);
	CHECK(http_req(srv.port, "GET", "/api/v1/session", NULL, NULL, 0, &r) == 0 &&
	    r.status == 405 && resp_header(&r, "Allow", v, sizeof v) &&
	    strstr(v, "POST") && strstr(v, "DELETE"), "GET /api/v1/session is 405 (Allow: %s)", v);
	resp_free(&r);

	CHECK(get("/static/app.css", NULL, &r) == 0 && r.status == 200 &&
	    resp_header(&r, "Content-Type", v, sizeof v) && strncmp(v, "text/css", 8) == 0,
	    "the stylesheet is served as text/css");
	CHECK(resp_header(&r, "Cache-Control", v, sizeof v) && strstr(v, "max-age"),
	    "static files are cacheable");
	{
		char etag[64], h[128];

		if (resp_header(&r, "ETag", etag, sizeof etag)) {
			resp_free(&r);
			snprintf(h, sizeof h, "If-None-Match: %s\r\n", etag);
			CHECK(get("/static/app.css", h, &r) == 0 && r.status == 304,
			    "a cached stylesheet revalidates with 304");
		} else {
			CHECK(0, "static files carry an ETag");
		}
	}
	resp_free(&r);
	CHECK(get("/static/../src/main.c", NULL, &r) == 0 && r.status == 404,
	    "no path traversal out of static/");
	resp_free(&r);
}

static void
accounts(void)
{
	struct resp r;
	char out[4096], v[512], h[512], token[128];
	int rc;

	rc = testsrv_cli(&srv, "s3cret-pass\n", out, sizeof out, "user", "add",
	    "--login", "evil", "--name", "<script>alert(1)</script>", "--role",
	    "learner", NULL);
	CHECK(rc == 0, "aicert user add creates a learner (%s)", out);
	rc = testsrv_cli(&srv, "s3cret-pass\n", out, sizeof out, "user", "add",
	    "--login", "evil", "--name", "x", "--role", "learner", NULL);
	CHECK(rc == 1 && strstr(out, "already taken"), "a taken login is refused clearly: %s", out);
	rc = testsrv_cli(&srv, "short\n", out, sizeof out, "user", "add",
	    "--login", "weak", "--name", "x", "--role", "learner", NULL);
	CHECK(rc == 1 && strstr(out, "8 characters"), "a short password is refused: %s", out);
	rc = testsrv_cli(&srv, "s3cret-pass\n", out, sizeof out, "user", "add",
	    "--login", "wang", "--name", "王小明", "--name-alt", "Wang Hsiao-Ming",
	    "--role", "trainer", NULL);
	CHECK(rc == 0, "a trainer with a Chinese name is added");

	CHECK(post_json("/api/v1/session", "{\"login\":\"evil\",\"password\":\"s3cret-pass\"}",
	    NULL, &r) == 0 && r.status == 200, "API sign-in: 200 (got %d)", r.status);
	{
		json_t *j = json_loads(r.body, 0, NULL);
		const char *t = json_string_value(json_object_get(j, "token"));

		CHECK(t != NULL && strlen(t) == 43, "sign-in returns a token");
		snprintf(token, sizeof token, "%s", t ? t : "");
		json_decref(j);
	}
	CHECK(resp_header(&r, "Set-Cookie", v, sizeof v) && strstr(v, "HttpOnly") &&
	    strstr(v, "SameSite=Lax"), "the session cookie is HttpOnly, SameSite=Lax: %s", v);
	resp_free(&r);

	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: en\r\n", token);
	CHECK(get("/", h, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") &&
	    strstr(r.body, "<script>alert(1)") == NULL,
	    "a hostile name appears as text on the home page");
	resp_free(&r);
	CHECK(get("/no-such", h, &r) == 0 && r.status == 404 &&
	    strstr(r.body, "<script>alert(1)") == NULL &&
	    strstr(r.body, "&lt;script&gt;"), "and as text on the error page");
	resp_free(&r);

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", token);
	CHECK(get("/api/v1/me", h, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "\"role\":\"learner\""), "Bearer token reaches /api/v1/me");
	resp_free(&r);
	CHECK(get("/api/v1/me", NULL, &r) == 0 && r.status == 401 &&
	    strstr(r.body, "\"error\""), "no credentials: 401 JSON");
	resp_free(&r);

	CHECK(post_json("/api/v1/session", "{\"login\":\"wang\",\"password\":\"nope-nope\"}",
	    NULL, &r) == 0 && r.status == 401, "a wrong password: 401 (got %d)", r.status);
	resp_free(&r);
	CHECK(post_json("/api/v1/session", "{\"login\":\"ghost\",\"password\":\"nope-nope\"}",
	    NULL, &r) == 0 && r.status == 401, "an unknown login: the same 401");
	resp_free(&r);
	CHECK(http_req(srv.port, "POST", "/api/v1/session", "Content-Type: text/plain\r\n",
	    "{}", 2, &r) == 0 && r.status == 415, "sign-in refuses non-JSON bodies (415)");
	resp_free(&r);
	CHECK(post_json("/api/v1/session", "{not json", NULL, &r) == 0 && r.status == 400,
	    "malformed JSON: 400");
	resp_free(&r);
	{
		int last = 0, first429 = 0;

		for (int i = 0; i < 25; i++) {
			if (post_json("/api/v1/session",
			    "{\"login\":\"wang\",\"password\":\"wrong-guess\"}", NULL, &r) != 0)
				break;
			last = r.status;
			if (last == 429 && first429 == 0) {
				first429 = i + 1;
				CHECK(resp_header(&r, "Retry-After", v, sizeof v) && atoi(v) > 0,
				    "429 carries Retry-After");
			}
			resp_free(&r);
		}
		CHECK(last == 429, "25 wrong passwords in a row end in 429 (last %d, first at %d)",
		    last, first429);
	}
	CHECK(post_json("/api/v1/session", "{\"login\":\"wang\",\"password\":\"s3cret-pass\"}",
	    NULL, &r) == 0 && r.status == 429, "the locked account is refused even with the right password");
	resp_free(&r);
	CHECK(post_json("/api/v1/session", "{\"login\":\"evil\",\"password\":\"s3cret-pass\"}",
	    NULL, &r) == 0 && r.status == 200,
	    "another account behind the same address still signs in");
	resp_free(&r);

	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", token);
	CHECK(http_req(srv.port, "DELETE", "/api/v1/session", h, NULL, 0, &r) == 0 &&
	    r.status == 403, "a cookie-authenticated DELETE without CSRF token: 403");
	resp_free(&r);
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", token);
	CHECK(http_req(srv.port, "DELETE", "/api/v1/session", h, NULL, 0, &r) == 0 &&
	    r.status == 200, "sign-out with the Bearer token");
	resp_free(&r);
	CHECK(get("/api/v1/me", h, &r) == 0 && r.status == 401, "a signed-out token is dead");
	resp_free(&r);
}

static void
forms(void)
{
	struct resp r;
	char pre[128], csrf[128], h[512], body[512], v[512], session[128];

	CHECK(get("/signin", "Accept-Language: en\r\n", &r) == 0 &&
	    resp_cookie(&r, "aicert_pre", pre, sizeof pre) && web_csrf_of(r.body, csrf, sizeof csrf),
	    "the sign-in form carries a CSRF token bound to a pre-session cookie");
	resp_free(&r);
	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_pre=%s\r\nAccept-Language: en\r\n", pre);
	snprintf(body, sizeof body, "login=evil&password=s3cret-pass&next=%%2F%%2Fevil.example");
	CHECK(http_req(srv.port, "POST", "/signin", h, body, strlen(body), &r) == 0 &&
	    r.status == 403, "a form post without its CSRF token: 403 (got %d)", r.status);
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&login=evil&password=wrong-pass&next=%%2F", csrf);
	CHECK(http_req(srv.port, "POST", "/signin", h, body, strlen(body), &r) == 0 &&
	    r.status == 401 && strstr(r.body, "do not match") && strstr(r.body, "value=\"evil\""),
	    "a wrong password shows the form again with a message and the login kept");
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&code=ABCD-EFGH-JKLM-NPQR&next=%%2F", csrf);
	CHECK(http_req(srv.port, "POST", "/signin", h, body, strlen(body), &r) == 0 &&
	    r.status == 401 && strstr(r.body, "access code is not valid"),
	    "a wrong access code says so, in words for a candidate");
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&login=evil&password=s3cret-pass&next=%%2F%%2Fevil.example", csrf);
	CHECK(http_req(srv.port, "POST", "/signin", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_cookie(&r, "aicert_session", session, sizeof session) &&
	    resp_header(&r, "Location", v, sizeof v) && strcmp(v, "/") == 0,
	    "form sign-in: 303 home with a session cookie, never off-site");
	resp_free(&r);

	/* registration, then the new account's own page */
	CHECK(get("/register", "Accept-Language: zh-TW\r\n", &r) == 0 && r.status == 200 &&
	    resp_cookie(&r, "aicert_pre", pre, sizeof pre) && web_csrf_of(r.body, csrf, sizeof csrf),
	    "the registration form is open by default");
	resp_free(&r);
	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_pre=%s\r\nAccept-Language: zh-TW\r\n", pre);
	snprintf(body, sizeof body, "csrf=%s&login=lin&name=%%E6%%9E%%97%%E7%%BE%%8E%%E7%%8E%%B2"
	    "&name_alt=Lin+Mei-Ling&password=abcdefgh1&password2=abcdefgh2"
	    "&email=lin%%40example.tw", csrf);
	CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
	    r.status == 422 && strstr(r.body, "兩次輸入的密碼不一致") &&
	    strstr(r.body, "value=\"林美玲\""),
	    "mismatched passwords: the form again, in zh-TW, fields kept");
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&login=lin&name=%%E6%%9E%%97%%E7%%BE%%8E%%E7%%8E%%B2"
	    "&name_alt=Lin+Mei-Ling&password=abcdefgh1&password2=abcdefgh1&email=lin%%40&agree=1", csrf);
	CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
	    r.status == 422 && strstr(r.body, "請輸入電子郵件地址") &&
	    strstr(r.body, "value=\"lin@\""),
	    "registration without a real email address: the form again, saying so");
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&login=lin&name=%%E6%%9E%%97%%E7%%BE%%8E%%E7%%8E%%B2"
	    "&name_alt=Lin+Mei-Ling&password=abcdefgh1&password2=abcdefgh1"
	    "&email=lin%%40example.tw&agree=1", csrf);
	CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_cookie(&r, "aicert_session", session, sizeof session),
	    "registration signs the learner in");
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = 'lin' AND "
	    "email = 'lin@example.tw'", NULL) == 1, "registration keeps the learner's address");
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: zh-TW\r\n", session);
	CHECK(get("/", h, &r) == 0 && strstr(r.body, "林美玲") && strstr(r.body, "Lin Mei-Ling") &&
	    strstr(r.body, "登出"), "the new learner's name shows in both scripts");
	CHECK(web_csrf_of(r.body, csrf, sizeof csrf) != NULL, "the sign-out form carries a CSRF token");
	resp_free(&r);
	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_session=%s\r\n", session);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	CHECK(http_req(srv.port, "POST", "/signout", h, body, strlen(body), &r) == 0 &&
	    r.status == 303, "sign-out by form");
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", session);
	CHECK(get("/api/v1/me", h, &r) == 0 && r.status == 401, "the session ended");
	resp_free(&r);
}

static void
limits(void)
{
	struct resp r;
	char *big;
	size_t n = 17u * 1024 * 1024;

	CHECK(http_req(srv.port, "POST", "/api/v1/session",
	    "Content-Type: application/json\r\nContent-Length: 999999999\r\n", NULL, 0, &r) == 0 &&
	    r.status == 413, "a declared 1 GB body is refused with 413 before it is sent (got %d)",
	    r.status);
	resp_free(&r);
	big = malloc(n);
	memset(big, 'a', n);
	CHECK(http_req(srv.port, "POST", "/api/v1/session",
	    "Content-Type: application/json\r\n", big, n, &r) == 0 && r.status == 413,
	    "a 17 MB body is refused with 413 (got %d)", r.status);
	resp_free(&r);
	free(big);
	big = malloc(200000);
	memset(big, 'x', 199999);
	big[199999] = '\0';
	{
		char *hdr = malloc(200100);

		snprintf(hdr, 200100, "X-Big: %s\r\n", big);
		CHECK(http_req(srv.port, "GET", "/", hdr, NULL, 0, &r) == 0 && r.status == 431,
		    "a 200 KB header is refused: 431 (got %d)", r.status);
		resp_free(&r);
		/* The per-connection buffer is kept small for exam days; a
		 * browser's headers with a generous 6 KB of them still fit. */
		big[6000] = '\0';
		snprintf(hdr, 200100, "Accept-Language: zh-TW,zh;q=0.9\r\nCookie: lang=zh-TW; "
		    "other=%s\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n", big);
		CHECK(http_req(srv.port, "GET", "/", hdr, NULL, 0, &r) == 0 && r.status == 200 &&
		    strstr(r.body, "lang=\"zh-TW\"") != NULL,
		    "a request with 6 KB of headers is served (%d)", r.status);
		resp_free(&r);
		free(hdr);
	}
	free(big);
}

static void
shutdown_clean(void)
{
	double secs = 0;
	int rc = testsrv_stop(&srv, SIGTERM, &secs);
	sqlite3 *db;
	sqlite3_stmt *st;
	char key[160];
	struct stat stt;

	CHECK(rc == 0 && secs < 2.0, "SIGTERM stops the server within 2 s (exit %d, %.2f s)",
	    rc, secs);
	if (testsrv_is_pg(&srv)) {
		CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login IN "
		    "('admin','evil','wang','lin')", NULL) == 4,
		    "every acknowledged account is stored");
	} else if (sqlite3_open_v2(srv.db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			CHECK(strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0,
			    "integrity_check is ok after shutdown");
		sqlite3_finalize(st);
		if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			CHECK(strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0,
			    "the database is in WAL mode");
		sqlite3_finalize(st);
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM users WHERE login IN "
		    "('admin','evil','wang','lin')", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			CHECK(sqlite3_column_int(st, 0) == 4, "every acknowledged account is stored");
		sqlite3_finalize(st);
		sqlite3_close(db);
	} else {
		CHECK(0, "the database opens after shutdown");
	}
	snprintf(key, sizeof key, "%s/aicert.key", srv.dir);
	CHECK(stat(key, &stt) == 0 && (stt.st_mode & 0777) == 0600,
	    "the signing key is a 0600 file beside the database");
}

static void
cli_keys(void)
{
	char out[2048];
	int rc = testsrv_cli(&srv, NULL, out, sizeof out, "key", "show", NULL);

	CHECK(rc == 0 && strstr(out, "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA") &&
	    strstr(out, "key id "), "aicert key show prints an Ed25519 public key PEM");
	CHECK(strstr(out, "PRIVATE") == NULL, "and never the private key");
}

/* Runs the shell command made from fmt with stdout and stderr into out;
 * its exit status, or -1. */
static int __attribute__((format(printf, 3, 4)))
cli_sh(char *out, size_t n, const char *fmt, ...)
{
	char cmd[2048];
	size_t got = 0, r;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	out[0] = '\0';
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	while (got < n - 1 && (r = fread(out + got, 1, n - 1 - got, p)) > 0)
		got += r;
	out[got] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The binary under test as an absolute path, into out. */
static const char *
cli_bin(char *out, size_t n)
{
	const char *bin = getenv("AICERT_BIN") ? getenv("AICERT_BIN") : "./aicert";
	char real[PATH_MAX];

	snprintf(out, n, "%s", realpath(bin, real) ? real : bin);
	return out;
}

/* Every command refuses an option it does not take, or one missing its
 * value, with its usage and exit 2, before doing anything. */
static void
cli_options(void)
{
	static const struct {
		const char *args, *says, *usage;
	} bad[] = {
		{ "serve --bogus 1", "unknown option --bogus", "usage: aicert serve" },
		{ "serve --listne 127.0.0.1:0", "unknown option --listne", "usage: aicert serve" },
		{ "serve --listen", "option --listen needs a value", "usage: aicert serve" },
		{ "serve --listen --base-url http://x", "option --listen needs a value",
		  "usage: aicert serve" },
		{ "init --issuer x", "unknown option --issuer", "usage: aicert init" },
		{ "user add --login cli1 --name Cli --role learner --emial c@example.org",
		  "unknown option --emial", "usage: aicert user add" },
		{ "user add --name Cli --role learner --login", "option --login needs a value",
		  "usage: aicert user add" },
		{ "key show --verbose", "unknown option --verbose", "usage: aicert key show" },
		{ "key rotate --force", "unknown option --force", "usage: aicert key show" },
		{ "import --bnk b x.gift", "unknown option --bnk", "usage: aicert import" },
		{ "import x.gift --bank", "option --bank needs a value", "usage: aicert import" },
		{ "export bank b --fromat gift", "unknown option --fromat", "usage: aicert export" },
		{ "lint --encodng latin1 x.gift", "unknown option --encodng", "usage: aicert lint" },
		{ "exam add --ownr x x.json", "unknown option --ownr", "usage: aicert exam add" },
		{ "verify CODE --kye k.pem", "unknown option --kye", "usage: aicert verify" },
		{ "verify CODE --key", "option --key needs a value", "usage: aicert verify" },
		{ "backup --forse DEST", "unknown option --forse", "usage: aicert backup" },
		{ "backup --force=yes DEST", "option --force takes no value", "usage: aicert backup" },
	};
	char bin[PATH_MAX], out[4096], dest[256];
	struct stat st;
	int rc;

	cli_bin(bin, sizeof bin);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		rc = cli_sh(out, sizeof out, "cd %s && echo cli-pass-123 | timeout 20 %s "
		    "--db %s %s 2>&1", srv.dir, bin, srv.db, bad[i].args);
		CHECK(rc == 2 && strstr(out, bad[i].says) && strstr(out, bad[i].usage),
		    "aicert %s: refused with '%s', the usage and exit 2 (exit %d): %s",
		    bad[i].args, bad[i].says, rc, out);
	}
	snprintf(dest, sizeof dest, "%s/DEST", srv.dir);
	CHECK(stat(dest, &st) != 0, "a refused backup wrote nothing");
	rc = testsrv_cli(&srv, "cli-pass-123\n", out, sizeof out, "user", "add", "--login",
	    "cli1", "--name", "Cli", "--role", "learner", NULL);
	CHECK(rc == 0, "the refused user add created nothing: the same login is free (%s)", out);

	rc = cli_sh(out, sizeof out, "%s --bogus serve 2>&1", bin);
	CHECK(rc == 2 && strstr(out, "unknown option --bogus") &&
	    strstr(out, "usage: aicert [--db PATH]"),
	    "an unknown global option: the usage and exit 2 (%d): %s", rc, out);
	rc = cli_sh(out, sizeof out, "%s --db 2>&1", bin);
	CHECK(rc == 2 && strstr(out, "option --db needs a value"),
	    "a global --db without its value: exit 2 (%d): %s", rc, out);

	/* What worked keeps working: --db=PATH after the command, --help. */
	rc = cli_sh(out, sizeof out, "%s key show --db=%s 2>&1", bin, srv.db);
	CHECK(rc == 0 && strstr(out, "BEGIN PUBLIC KEY"),
	    "key show --db=PATH works (%d): %s", rc, out);
	rc = cli_sh(out, sizeof out, "%s serve --help 2>/dev/null", bin);
	CHECK(rc == 0 && strncmp(out, "usage: aicert serve", 19) == 0 &&
	    strstr(out, "--per-ip-limit"), "serve --help prints its usage on stdout (%d): %s",
	    rc, out);
}

/* --version; the share directory found beside a build in a checkout, and
 * a binary that finds none refusing init and serve with the directories
 * it tried, while commands that need none keep working. */
static void
cli_share(void)
{
	char bin[PATH_MAX], out[4096], version[128], alone[PATH_MAX], db[PATH_MAX];
	struct stat st;
	int rc;

	cli_bin(bin, sizeof bin);
	rc = cli_sh(version, sizeof version, "%s --version", bin);
	CHECK(rc == 0 && strncmp(version, "aicert ", 7) == 0 && strlen(version) > 8 &&
	    strchr(version, '\n') == version + strlen(version) - 1 &&
	    strchr(version + 7, ' ') == NULL,
	    "aicert --version prints one line 'aicert VERSION' (%d): %s", rc, version);
	version[strcspn(version, "\n")] = '\0';

	/* From another directory, without --share: found from the binary. */
	snprintf(db, sizeof db, "%s/from-build.db", srv.dir);
	rc = cli_sh(out, sizeof out, "cd / && env -u AICERT_SHARE %s --db %s init 2>&1",
	    bin, db);
	CHECK(rc == 0 && strstr(out, "loaded bundled bank ai-literacy") &&
	    strstr(out, "exam ai-literacy-cert added"),
	    "the built binary finds the checkout's templates and questions (%d): %s", rc, out);

	snprintf(alone, sizeof alone, "%s/alone/bin", srv.dir);
	snprintf(db, sizeof db, "%s/alone/new.db", srv.dir);
	if (stat("/usr/share/aicert/templates", &st) == 0) {
		SKIP("cli: /usr/share/aicert is installed, a lone binary would find it");
		return;
	}
	if (cli_sh(out, sizeof out, "mkdir -p %s && cp %s %s/aicert", alone, bin, alone) != 0) {
		CHECK(0, "copy the binary to %s: %s", alone, out);
		return;
	}
	rc = cli_sh(out, sizeof out, "cd / && env -u AICERT_SHARE %s/aicert --db %s init 2>&1",
	    alone, db);
	CHECK(rc == 1 && strstr(out, "no share directory") && strstr(out, alone) &&
	    strstr(out, "/usr/share/aicert") && strstr(out, "--share DIR"),
	    "a binary with no share directory refuses init, naming where it looked (%d): %s",
	    rc, out);
	CHECK(stat(db, &st) != 0, "and creates no database");
	rc = cli_sh(out, sizeof out, "cd / && env -u AICERT_SHARE timeout 20 %s/aicert "
	    "--db %s serve --listen 127.0.0.1:0 2>&1", alone, db);
	CHECK(rc == 1 && strncmp(out, version, strlen(version)) == 0 &&
	    out[strlen(version)] == ' ' && strstr(out, "no share directory"),
	    "serve starts with the version line, then refuses without a share "
	    "directory (%d): %s", rc, out);
	rc = cli_sh(out, sizeof out, "cd / && env -u AICERT_SHARE %s/aicert --db %s key show 2>&1",
	    alone, srv.db);
	CHECK(rc == 0 && strstr(out, "BEGIN PUBLIC KEY"),
	    "key show needs no share directory (%d): %s", rc, out);
}

void
test_http(void)
{
	char out[1024];
	int rc;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "init", NULL);
	CHECK(rc == 0 && strstr(out, "admin account 'admin' created"),
	    "aicert init creates the database and the admin: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "init", NULL);
	CHECK(rc == 0 && strstr(out, "admin account") == NULL,
	    "a second init keeps what exists");
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "the server starts (is %s built?)",
		    getenv("AICERT_BIN") ? getenv("AICERT_BIN") : "./aicert");
		return;
	}
	pages_and_headers();
	accounts();
	forms();
	limits();
	{
		struct resp r;

		CHECK(post_json("/api/v1/session",
		    "{\"login\":\"admin\",\"password\":\"admin-pass-123\"}", NULL, &r) == 0 &&
		    r.status == 200 && strstr(r.body, "\"role\":\"admin\""),
		    "the admin signs in with $AICERT_ADMIN_PASSWORD");
		resp_free(&r);
	}
	shutdown_clean();
	cli_keys();
	cli_options();
	cli_share();
}
