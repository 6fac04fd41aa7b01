/*
 * test_sec_auth.c - attacks on signing in, closed for good:
 * a stranger's wrong passwords do not lock a learner out from her own
 * address; the limits cannot be flushed by many logins or addresses, not
 * even past the table's size, and IPv6 counts per /64 (units); a password
 * reset ends the account's sessions at once; registration answers a taken
 * login like any other refusal and is limited per address; common
 * passwords are refused on the page, by the API and by `aicert user add`;
 * the access log cannot be forged; a connection trickling its headers is
 * cut off while the same address is still served. The HTTP parts run a
 * real server and speak from several loopback addresses (127.0.0.2 ...).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "password.h"
#include "ratelimit.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

#define HEADER_TIMEOUT "2"

/* ---- units: the limits' table ---- */

/* Fails login from addr n times at t. */
static void
fail_n(const char *login, const char *addr, int n, time_t t)
{
	for (int i = 0; i < n; i++)
		ratelimit_fail(login, addr, t);
}

/* The i-th of many distinct IPv4 addresses in 10.0.0.0/8. */
static const char *
nth_addr(int i, char out[32])
{
	snprintf(out, 32, "10.%d.%d.%d", i >> 16 & 255, i >> 8 & 255, i & 255);
	return out;
}

static void
limits_pairs(void)
{
	time_t t = 2000000;

	ratelimit_reset();
	fail_n("lena", "203.0.113.9", RL_ACCOUNT_FREE + 5, t);
	CHECK(ratelimit_check("lena", "203.0.113.9", t) > 0,
	    "the address failing for lena is throttled for her account");
	CHECK(ratelimit_check("lena", "198.51.100.7", t) == 0,
	    "lena from an address that has not been failing is not locked out");
	CHECK(ratelimit_check("", "198.51.100.7", t) == 0,
	    "an access code from her address is not either");
	fail_n("kim", "203.0.113.9", RL_ACCOUNT_FREE, t);
	fail_n("lena", "198.51.100.8", RL_ACCOUNT_FREE, t);
	ratelimit_clear_account("LENA");
	CHECK(ratelimit_check("lena", "203.0.113.9", t) == 0 &&
	    ratelimit_check("lena", "198.51.100.8", t) == 0,
	    "a trainer's clear lets lena in again from every address");
	CHECK(ratelimit_check("kim", "203.0.113.9", t) > 0,
	    "clearing lena leaves another account's lock alone");
}

static void
limits_flood(void)
{
	time_t t = 2000000;
	char login[32], addr[32];
	int i, wait;

	ratelimit_reset();
	fail_n("lena", "203.0.113.9", RL_ACCOUNT_FREE, t);
	fail_n("", "192.0.2.50", RL_ADDR_MAX, t);
	for (i = 0; i < 10000; i++) {
		snprintf(login, sizeof login, "flood%d", i);
		ratelimit_fail(login, nth_addr(i, addr), t + 1);
	}
	CHECK((wait = ratelimit_check("lena", "203.0.113.9", t + 1)) > 0,
	    "10,000 made-up logins from 10,000 addresses do not unlock lena (wait %d)", wait);
	CHECK(ratelimit_check("", "192.0.2.50", t + 1) > 0,
	    "nor an address locked for spraying");

	/* More addresses than the table holds: nothing live is dropped, and
	 * addresses without a slot share one limit instead of none. */
	ratelimit_reset();
	fail_n("lena", "203.0.113.9", RL_ACCOUNT_FREE + 5, t);
	for (i = 0; i < RL_SLOTS + 5000; i++)
		ratelimit_fail("", nth_addr(i + 20000, addr), t);
	CHECK(ratelimit_check("lena", "203.0.113.9", t) > 0,
	    "with the table full, a locked pair stays locked");
	CHECK(ratelimit_check("", "172.16.0.1", t) > 0,
	    "with the table full, failures without a slot are limited together, not forgotten");
	CHECK(ratelimit_check("", "172.16.0.1", t + RL_WINDOW + 1) == 0,
	    "that global limit ends with its window");
}

static void
limits_ipv6(void)
{
	time_t t = 2000000;
	int i, free_hits = 0;

	ratelimit_reset();
	for (i = 0; i < RL_ACCOUNT_FREE; i++)
		ratelimit_fail("lena", i % 2 ? "2001:db8:1:2::1" : "2001:db8:1:2:abcd:ef01:2345:6789", t);
	CHECK(ratelimit_check("lena", "2001:db8:1:2:ffff::5", t) > 0,
	    "failures from hosts of one IPv6 /64 count together");
	CHECK(ratelimit_check("lena", "2001:db8:1:3::1", t) == 0,
	    "the next /64 is another address");
	fail_n("lena", "203.0.113.20", RL_ACCOUNT_FREE, t);
	CHECK(ratelimit_check("lena", "::ffff:203.0.113.20", t) > 0,
	    "an IPv4-mapped IPv6 address counts as its IPv4 address");
	CHECK(ratelimit_check("lena", "203.0.113.21", t) == 0, "IPv4 counts per address");
	for (i = 0; i < 5; i++) {
		char host[64];

		snprintf(host, sizeof host, "2001:db8:9:9::%x", i + 1);
		free_hits += ratelimit_hit(host, 5, 60, t) == 0;
	}
	CHECK(free_hits == 5 && ratelimit_hit("2001:db8:9:9:1234::77", 5, 60, t) > 0,
	    "verifications count per /64 too: the sixth from the same /64 waits");
	CHECK(ratelimit_hit("2001:db8:9:a::1", 5, 60, t) == 0, "another /64 does not");
}

static void
limits_registration(void)
{
	time_t t = 2000000;
	int i, ok = 1;

	ratelimit_reset();
	for (i = 0; i < RL_REG_FAIL_MAX; i++) {
		ok &= ratelimit_register_check("192.0.2.7", t) == 0;
		ratelimit_register_done("192.0.2.7", 0, t);
	}
	CHECK(ok && ratelimit_register_check("192.0.2.7", t) > 0,
	    "%d refused registrations from one address, then it waits", RL_REG_FAIL_MAX);
	for (i = 0; i < 500; i++)
		ratelimit_register_done("192.0.2.8", 1, t);
	CHECK(ratelimit_register_check("192.0.2.8", t) == 0,
	    "500 accounts created from one address within the hour are not stopped");
	ratelimit_reset();
}

static void
password_rule(void)
{
	CHECK(password_load_common("templates/common-passwords.txt") == 0,
	    "the bundled list of common passwords loads");
	CHECK_STR(password_weakness("Password123", "lena", "Lena", NULL), "password_common",
	    "a common password in another case");
	CHECK_STR(password_weakness("qwertyuiop", NULL, NULL, NULL), "password_common",
	    "a keyboard row");
	CHECK_STR(password_weakness("Lena-Chen-2024", "lena-chen-2024", "Lena", NULL),
	    "password_personal", "the login as password");
	CHECK_STR(password_weakness("林小娜林小娜", "lena", "林小娜林小娜", NULL),
	    "password_personal", "the name as password");
	CHECK(password_weakness("violet-kite-93", "lena", "Lena", "林小娜") == NULL,
	    "an uncommon password of one's own is fine");
	password_free_common();
	CHECK(password_weakness("password123", NULL, NULL, NULL) == NULL,
	    "without a list only the other rules apply (tests that never load it)");
}

/* ---- HTTP ---- */

/* POST /api/v1/session for login from src: the status; the token into tok. */
static int
signin_from(const char *src, const char *login, const char *password, char *tok, size_t n)
{
	char body[256];
	struct resp r;
	int status = 0;
	const char *p;

	tok[0] = '\0';
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	if (http_req_from(src, srv.port, "POST", "/api/v1/session",
	    "Content-Type: application/json\r\n", body, strlen(body), &r) == 0) {
		status = r.status;
		if (status == 200 && (p = strstr(r.body, "\"token\":\"")) != NULL)
			snprintf(tok, n, "%.*s", (int)strcspn(p + 9, "\""), p + 9);
	}
	resp_free(&r);
	return status;
}

/* A Bearer request: the status (0 if it failed). */
static int
bearer(const char *tok, const char *method, const char *path, const char *body)
{
	char h[300];
	struct resp r;
	int status = 0;

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: en\r\n%s", tok,
	    body ? "Content-Type: application/json\r\n" : "");
	if (http_req(srv.port, method, path, h, body, body ? strlen(body) : 0, &r) == 0)
		status = r.status;
	resp_free(&r);
	return status;
}

static void
lockout(void)
{
	char tok[128];
	int i, last = 0;

	for (i = 0; i < RL_ACCOUNT_FREE + 2; i++)
		last = signin_from("127.0.0.2", "lena", "not-her-password", tok, sizeof tok);
	CHECK(last == 429, "a stranger's wrong passwords end in 429 for the stranger (%d)", last);
	CHECK(signin_from("127.0.0.2", "lena", "lena-pass-2024", tok, sizeof tok) == 429,
	    "the failing address stays throttled, even with the right password");
	CHECK(signin_from("127.0.0.3", "lena", "lena-pass-2024", tok, sizeof tok) == 200 &&
	    tok[0] != '\0', "lena signs in from her own address all the same");
}

static void
reset_ends_sessions(void)
{
	char mei[128], a1[128], a2[128], tok[128];
	struct resp r;
	int status;

	CHECK(signin_from(NULL, "mei", "mei-pass-2024", mei, sizeof mei) == 200,
	    "mei signs in");
	CHECK(signin_from(NULL, "admin", "admin-pass-123", a1, sizeof a1) == 200 &&
	    signin_from(NULL, "admin", "admin-pass-123", a2, sizeof a2) == 200,
	    "the admin signs in twice");
	CHECK(bearer(mei, "GET", "/api/v1/me", NULL) == 200, "mei's session works");
	CHECK((status = bearer(a1, "PATCH", "/api/v1/users/mei",
	    "{\"password\":\"mei-new-pass-77\"}")) == 200, "the admin resets mei's password (%d)",
	    status);
	CHECK((status = bearer(mei, "GET", "/api/v1/me", NULL)) == 401,
	    "mei's old session is refused right after the reset (%d)", status);
	CHECK(signin_from(NULL, "mei", "mei-new-pass-77", tok, sizeof tok) == 200,
	    "mei signs in with the new password");
	CHECK((status = bearer(a1, "PATCH", "/api/v1/users/admin",
	    "{\"password\":\"admin-new-pass-88\"}")) == 200, "the admin changes their own (%d)",
	    status);
	CHECK(bearer(a1, "GET", "/api/v1/me", NULL) == 200,
	    "their own password change keeps the session that made it");
	CHECK(bearer(a2, "GET", "/api/v1/me", NULL) == 401, "and ends their other sessions");
	{
		static const char common[] = "{\"password\":\"Sunshine1\"}";
		static const char name[] = "{\"password\":\"Lin Mei-Ling\"}";
		char h[300];

		snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: en\r\n"
		    "Content-Type: application/json\r\n", a1);
		CHECK(http_req(srv.port, "PATCH", "/api/v1/users/mei", h, common,
		    strlen(common), &r) == 0 && r.status == 400 && strstr(r.body, "too common"),
		    "an admin's reset to a common password is refused, saying why (%d)", r.status);
		resp_free(&r);
		CHECK(http_req(srv.port, "PATCH", "/api/v1/users/mei", h, name,
		    strlen(name), &r) == 0 && r.status == 400 &&
		    strstr(r.body, "login or your name"),
		    "a reset to the learner's name is refused (%d)", r.status);
		resp_free(&r);
	}
}

/* The registration form's pre-session cookie and CSRF token. */
struct regform {
	char pre[128], csrf[128];
};

static int
reg_form(struct regform *f)
{
	struct resp r;
	int ok;

	memset(f, 0, sizeof *f);
	ok = http_req(srv.port, "GET", "/register", "Accept-Language: en\r\n", NULL, 0, &r) == 0 &&
	    resp_cookie(&r, "aicert_pre", f->pre, sizeof f->pre) &&
	    web_csrf_of(r.body, f->csrf, sizeof f->csrf) && f->csrf[0];
	resp_free(&r);
	return ok ? 0 : -1;
}

/* Posts the registration form from src in lang: login, name, the password
 * twice (pw2: the second, NULL for the same). */
static int
reg_post(const struct regform *f, const char *src, const char *lang, const char *login,
    const char *pw, const char *pw2, struct resp *r)
{
	char h[400], body[600];

	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_pre=%s\r\nAccept-Language: %s\r\n", f->pre, lang);
	snprintf(body, sizeof body, "csrf=%s&login=%s&name=Reg+Ister&email=reg%%40example.com"
	    "&password=%s&password2=%s&agree=1", f->csrf, login, pw, pw2 ? pw2 : pw);
	return http_req_from(src, srv.port, "POST", "/register", h, body, strlen(body), r);
}

static void
registration(void)
{
	struct regform f;
	struct resp taken, weak, r;
	char login[32], v[32];
	int i, last = 0, created = 0;

	if (reg_form(&f) != 0) {
		CHECK(0, "the registration form carries a CSRF token");
		return;
	}
	CHECK(reg_post(&f, "127.0.0.4", "en", "lena", "violet-kite-93", NULL, &taken) == 0 &&
	    reg_post(&f, "127.0.0.4", "en", "newbie", "password123", NULL, &weak) == 0,
	    "two refused registrations are answered");
	CHECK(taken.status == 422 && taken.status == weak.status,
	    "a taken login gets the same status as a weak password (%d, %d)",
	    taken.status, weak.status);
	CHECK(taken.body != NULL && strstr(taken.body, "This login cannot be used. Choose another.") &&
	    !strstr(taken.body, "exist") && !strstr(taken.body, "taken"),
	    "a taken login is refused in neutral words that do not say it exists");
	CHECK(weak.body != NULL && strstr(weak.body, "too common"),
	    "a common password is refused, saying why");
	resp_free(&taken);
	resp_free(&weak);
	CHECK(reg_post(&f, "127.0.0.4", "zh-TW", "lena", "violet-kite-93", NULL, &r) == 0 &&
	    r.status == 422 && strstr(r.body, "此帳號無法使用，請另選一個。"),
	    "the same in zh-TW (%d)", r.status);
	resp_free(&r);
	CHECK(reg_post(&f, "127.0.0.4", "en", "newbie-2024", "NEWBIE-2024", NULL, &r) == 0 &&
	    r.status == 422 && strstr(r.body, "login or your name"),
	    "a password equal to the login is refused (%d)", r.status);
	resp_free(&r);

	/* A script probing logins from one address is stopped ... */
	for (i = 0; i < RL_REG_FAIL_MAX; i++) {
		if (reg_post(&f, "127.0.0.5", "en", "lena", "violet-kite-93", NULL, &r) != 0)
			break;
		last = r.status;
		resp_free(&r);
	}
	CHECK(last == 422, "%d refused registrations are answered one by one", RL_REG_FAIL_MAX);
	CHECK(reg_post(&f, "127.0.0.5", "en", "probe-free", "violet-kite-93", NULL, &r) == 0 &&
	    r.status == 429 && resp_header(&r, "Retry-After", v, sizeof v) && atoi(v) > 0,
	    "then that address gets 429 with Retry-After, even for a free login (%d)", r.status);
	resp_free(&r);
	CHECK(reg_post(&f, "127.0.0.6", "en", "other-room", "violet-kite-93", NULL, &r) == 0 &&
	    r.status == 303, "another address still registers (%d)", r.status);
	resp_free(&r);
	/* ... while a room registering from one address is not. */
	for (i = 0; i < RL_REG_FAIL_MAX + 10; i++) {
		snprintf(login, sizeof login, "room-%02d", i);
		if (reg_post(&f, "127.0.0.7", "en", login, "reg-pass-4821", NULL, &r) != 0)
			break;
		created += r.status == 303;
		resp_free(&r);
	}
	CHECK(created == RL_REG_FAIL_MAX + 10,
	    "%d candidates register from one address (%d did)", RL_REG_FAIL_MAX + 10, created);
}

static void
cli_passwords(void)
{
	char out[2048];
	int rc;

	rc = testsrv_cli(&srv, "iloveyou1\n", out, sizeof out, "user", "add", "--login", "weakling",
	    "--name", "Weak Ling", "--role", "learner", NULL);
	CHECK(rc == 1 && strstr(out, "too common"),
	    "aicert user add refuses a common password (%d: %s)", rc, out);
	rc = testsrv_cli(&srv, "Weak Ling\n", out, sizeof out, "user", "add", "--login", "weakling",
	    "--name", "Weak Ling", "--role", "learner", NULL);
	CHECK(rc == 1 && strstr(out, "login or your name"),
	    "aicert user add refuses the name as password (%d: %s)", rc, out);
	rc = testsrv_cli(&srv, "violet-kite-93\n", out, sizeof out, "user", "add", "--login",
	    "weakling", "--name", "Weak Ling", "--role", "learner", NULL);
	CHECK(rc == 0, "and takes an uncommon one (%d: %s)", rc, out);
}

static void
access_log(const char *log)
{
	struct resp r;
	char *text = NULL;
	int found = 0, forged = 0, bad = 0;

	CHECK(http_req_from("127.0.0.8", srv.port, "GET",
	    "/x%0a2099-01-01T00:00:00Z%20203.0.113.66%20GET%20/forged%20200%200.1ms%22%5c",
	    NULL, NULL, 0, &r) == 0 && r.status == 404, "a path with %%0a is answered (%d)", r.status);
	resp_free(&r);
	/* The line is written when the request completes: wait for it. */
	for (int i = 0; i < 40 && !found; i++) {
		free(text);
		text = test_read_file(log, NULL);
		found = text != NULL && strstr(text, "127.0.0.8 GET /x\\x0a2099") != NULL;
		if (!found)
			usleep(50000);
	}
	CHECK(found, "the path is logged with its newline as \\x0a, on the request's own line");
	CHECK(found && strstr(text, "/forged\\x20200\\x200.1ms\\x22\\x5c 404 "),
	    "spaces, quotes and backslashes are escaped too, the status follows");
	for (char *line = text; line != NULL && *line; ) {
		char *eol = strchr(line, '\n');
		int fields = 1;

		if (eol != NULL)
			*eol = '\0';
		forged += strncmp(line, "2099-", 5) == 0;
		for (char *p = line; *p; p++)
			fields += *p == ' ';
		bad += fields != 6;
		line = eol ? eol + 1 : NULL;
	}
	CHECK(found && forged == 0, "no forged line in the access log");
	CHECK(found && bad == 0, "every access-log line has its six fields");
	free(text);
}

static void
slow_headers(void)
{
	static const char head[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
	double start = test_now(), closed = 0;
	int fd = testsrv_connect_from("127.0.0.9", srv.port), served = 0;
	struct resp r;

	if (fd < 0 || write(fd, head, sizeof head - 1) != (ssize_t)(sizeof head - 1)) {
		CHECK(0, "a slow client connects");
		if (fd >= 0)
			close(fd);
		return;
	}
	/* A byte a second, far more often than the idle timeout. */
	for (int i = 0; i < 10 && closed == 0; i++) {
		struct pollfd p = { fd, POLLIN, 0 };
		char c;

		if (poll(&p, 1, 1000) > 0 && recv(fd, &c, 1, MSG_DONTWAIT) <= 0) {
			closed = test_now() - start;
			break;
		}
		if (send(fd, "a", 1, MSG_NOSIGNAL) != 1) {
			closed = test_now() - start;
			break;
		}
		if (i == 0) {
			served = http_req_from("127.0.0.9", srv.port, "GET", "/healthz", NULL, NULL,
			    0, &r) == 0 && r.status == 200;
			resp_free(&r);
		}
	}
	close(fd);
	CHECK(served, "a normal request from the same address is served meanwhile");
	CHECK(closed > 0 && closed <= atoi(HEADER_TIMEOUT) + 3,
	    "a connection trickling its headers is closed by the %s s header deadline "
	    "(closed after %.1f s; 0: still open after 10 s)", HEADER_TIMEOUT, closed);
}

void
test_sec_auth(void)
{
	char out[2048], log[160];

	limits_pairs();
	limits_flood();
	limits_ipv6();
	limits_registration();
	password_rule();

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	CHECK(testsrv_cli(&srv, "lena-pass-2024\n", out, sizeof out, "user", "add", "--login",
	    "lena", "--name", "Lena Chen", "--name-alt", "林小娜", "--role", "learner", NULL) == 0,
	    "a learner is added: %s", out);
	CHECK(testsrv_cli(&srv, "mei-pass-2024\n", out, sizeof out, "user", "add", "--login",
	    "mei", "--name", "Lin Mei-Ling", "--role", "learner", NULL) == 0,
	    "another learner is added: %s", out);
	snprintf(log, sizeof log, "%s/access.log", srv.dir);
	if (testsrv_start(&srv, "--access-log", log, "--header-timeout", HEADER_TIMEOUT,
	    NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	lockout();
	reset_ends_sessions();
	registration();
	cli_passwords();
	access_log(log);
	slow_headers();
	testsrv_stop(&srv, SIGTERM, NULL);
}
