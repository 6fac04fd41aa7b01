/*
 * test_mail.c - mail as its recipients get it, through a real SMTP server
 * on the loopback (Debian's python3-aiosmtpd with tests/smtp_sink.py,
 * which writes each message it accepts to a directory).
 *
 * Ann forgets her password: asking by login or by address answers the
 * same 202 as asking for nobody; the mail has a text and an HTML part in
 * her language with a link that opens a form, sets a new password once,
 * signs out every session of hers and is refused when used again or
 * after its hour. 王美玲 gets hers in Chinese. With the SMTP server
 * stopped the mail waits in the outbox (the admin sees why) and goes
 * out when it is back; a kill -9 of aicert with mail queued loses none
 * and sends none twice; without --smtp nothing is sent and the pages
 * say so.
 */
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n.h"
#include "mail.h"
#include "store.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;
static char box[160], smtp_url[64];
static int smtp_port;
static pid_t sink;
static char admin[128];

static int
free_port(void)
{
	struct sockaddr_in a = { 0 };
	socklen_t n = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &n) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* Starts the SMTP server on smtp_port, writing to box; 0 once it answers. */
static int
sink_start(void)
{
	char listen[64];

	snprintf(listen, sizeof listen, "127.0.0.1:%d", smtp_port);
	if ((sink = fork()) == 0) {
		int devnull = open("/dev/null", 1);

		dup2(devnull, 1);
		dup2(devnull, 2);
		setenv("PYTHONPATH", "tests", 1);
		execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen,
		    "-c", "smtp_sink.Sink", box, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100; i++) {
		int fd = testsrv_connect_from(NULL, smtp_port);

		if (fd >= 0) {
			close(fd);
			return 0;
		}
		usleep(50000);
	}
	return -1;
}

static void
sink_stop(void)
{
	if (sink > 0) {
		kill(sink, SIGTERM);
		waitpid(sink, NULL, 0);
		sink = 0;
	}
}

static int
box_count(void)
{
	DIR *d = opendir(box);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		n += strstr(e->d_name, ".eml") != NULL;
	closedir(d);
	return n;
}

/* Waits up to secs for message n (1, 2 ...) to arrive: 1 if it did. */
static int
box_wait(int n, double secs)
{
	double end = test_now() + secs;

	while (box_count() < n && test_now() < end)
		usleep(50000);
	return box_count() >= n;
}

struct mail {
	char *raw;
	char subject[512], to[256], msgid[256];
	char *text, *html;
};

/* The base64 body of the part of type ctype, decoded (malloc'd), or NULL. */
static char *
part(const char *raw, const char *ctype)
{
	const char *p = strstr(raw, ctype), *body, *end;
	unsigned char *out;
	size_t len;

	if (p == NULL || (body = strstr(p, "\r\n\r\n")) == NULL ||
	    (end = strstr(body + 4, "\r\n--")) == NULL)
		return NULL;
	body += 4;
	out = malloc((size_t)(end - body) + 1);
	if (sodium_base642bin(out, (size_t)(end - body), body, (size_t)(end - body), "\r\n",
	    &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	return (char *)out;
}

static void
header(const char *raw, const char *name, char *out, size_t n)
{
	const char *p = strstr(raw, name), *e;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += strlen(name);
	e = strstr(p, "\r\n");
	snprintf(out, n, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
}

/* Reads message n of the box. 0 or -1. */
static int
mail_read(int n, struct mail *m)
{
	char path[256], enc[512];
	unsigned char dec[512];
	size_t len;

	memset(m, 0, sizeof *m);
	snprintf(path, sizeof path, "%s/%d.eml", box, n);
	if ((m->raw = test_read_file(path, NULL)) == NULL)
		return -1;
	header(m->raw, "\r\nTo: ", m->to, sizeof m->to);
	header(m->raw, "\r\nMessage-ID: ", m->msgid, sizeof m->msgid);
	header(m->raw, "\r\nSubject: =?UTF-8?B?", enc, sizeof enc);
	if (strlen(enc) > 2 && sodium_base642bin(dec, sizeof dec - 1, enc, strlen(enc) - 2, NULL,
	    &len, NULL, sodium_base64_VARIANT_ORIGINAL) == 0) {
		dec[len] = '\0';
		snprintf(m->subject, sizeof m->subject, "%s", (char *)dec);
	}
	m->text = part(m->raw, "Content-Type: text/plain; charset=UTF-8");
	m->html = part(m->raw, "Content-Type: text/html; charset=UTF-8");
	return m->text && m->html ? 0 : -1;
}

static void
mail_free(struct mail *m)
{
	free(m->raw);
	free(m->text);
	free(m->html);
}

/* The token of the reset link in text, into out ("" if none). */
static const char *
link_token(const char *text, char *out, size_t n)
{
	const char *p = text ? strstr(text, "/reset/") : NULL;

	out[0] = '\0';
	if (p != NULL)
		snprintf(out, n, "%.64s", p + 7);
	return out;
}

/* The status of method path as tok (its answer freed). */
static int
api_status(const char *tok, const char *method, const char *path)
{
	int st = 0;

	json_decref(testsrv_api(&srv, tok, method, path, NULL, &st));
	return st;
}

static int
reset_ask(const char *body, const char *lang, char *answer, size_t n)
{
	struct api_opt o = { 0 };
	json_t *j;
	int st;

	o.lang = lang;
	j = testsrv_api_opt(&srv, NULL, "POST", "/api/v1/password-reset", body, &o, &st);
	if (answer != NULL) {
		char *d = j ? json_dumps(j, JSON_SORT_KEYS) : NULL;

		snprintf(answer, n, "%s", d ? d : "");
		free(d);
	}
	json_decref(j);
	return st;
}

static int
reset_set(const char *token, const char *password)
{
	char path[256], body[256];
	json_t *j;
	int st;

	snprintf(path, sizeof path, "/api/v1/password-reset/%s", token);
	snprintf(body, sizeof body, "{\"password\":\"%s\"}", password);
	j = testsrv_api(&srv, NULL, "POST", path, body, &st);
	json_decref(j);
	return st;
}

static int
db_exec(const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(srv.db, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static int
set_email(const char *login, const char *email)
{
	char path[128], body[256];
	json_t *j;
	int st;

	snprintf(path, sizeof path, "/api/v1/users/%s", login);
	snprintf(body, sizeof body, "{\"email\":\"%s\"}", email);
	j = testsrv_api(&srv, admin, "PATCH", path, body, &st);
	json_decref(j);
	return st;
}

static int
start_server(int with_smtp)
{
	int rc = with_smtp ? testsrv_start(&srv, "--smtp", smtp_url, "--mail-from",
	    "cert@example.tw", "--base-url", "https://cert.example.tw", NULL) :
	    testsrv_start(&srv, "--base-url", "https://cert.example.tw", NULL);

	return rc == 0 && testsrv_signin(&srv, "admin", "admin-pass-123", admin,
	    sizeof admin) == 200 ? 0 : -1;
}

static void
reset_flow(void)
{
	char a1[512], a2[512], a3[512], tok[80], sess[128], path[160], body[8192];
	struct mail m;
	struct resp r;
	int st;

	CHECK(reset_ask("{\"login\":\"ann\"}", "en", a1, sizeof a1) == 202,
	    "asking for a reset of ann answers 202");
	CHECK(reset_ask("{\"login\":\"nobody-here\"}", "en", a2, sizeof a2) == 202,
	    "asking for an unknown login answers 202 as well");
	CHECK(reset_ask("{\"email\":\"nobody@example.com\"}", "en", a3, sizeof a3) == 202,
	    "asking for an unknown address answers 202 as well");
	CHECK(strcmp(a1, a2) == 0 && strcmp(a1, a3) == 0,
	    "the answer is the same whether the account exists: %s / %s / %s", a1, a2, a3);
	CHECK(reset_ask("{\"login\":\"ann\",\"extra\":1}", "en", NULL, 0) == 400,
	    "an unknown field is refused");
	CHECK(box_wait(1, 15), "ann's reset mail arrives at the SMTP server");
	CHECK(box_count() == 1, "no mail for the accounts that do not exist (%d)", box_count());
	if (mail_read(1, &m) != 0) {
		CHECK(0, "ann's mail has a text and an HTML part");
		return;
	}
	CHECK_STR(m.to, "<ann@example.com>", "the reset mail's recipient");
	CHECK_STR(m.subject, "Reset your password", "the reset mail's subject in English");
	CHECK(strstr(m.text, "Hello Ann Lee") && strstr(m.text, "https://cert.example.tw/reset/"),
	    "the text greets Ann and carries the link: %s", m.text);
	CHECK(strstr(m.html, "<a href=\"https://cert.example.tw/reset/") != NULL &&
	    strstr(m.html, "&quot;ann&quot;") != NULL,
	    "the HTML part links the reset page and escapes what it quotes");
	link_token(m.text, tok, sizeof tok);
	mail_free(&m);
	CHECK(strlen(tok) == 64, "the link holds a 64-digit token (%s)", tok);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM password_resets WHERE "
	    "hex(token_hash) = upper(?1) OR token_hash = ?1", tok) == 0,
	    "the token itself is not in the database");

	CHECK(testsrv_signin(&srv, "ann", "Ann-old-pass-1", sess, sizeof sess) == 200,
	    "ann is signed in somewhere with her old password");
	snprintf(path, sizeof path, "/reset/%s", tok);
	CHECK(web_get(&srv, NULL, path, "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "name=\"password2\"") && strstr(r.body, "name=\"csrf\""),
	    "the link opens a form for the new password with a CSRF token");
	snprintf(body, sizeof body, "%s", r.body ? r.body : "");
	resp_free(&r);
	CHECK(reset_set(tok, "ann") == 400, "a password the rules refuse is refused");
	CHECK(reset_set(tok, "Ann-new-pass-2") == 200, "the link sets a new password");
	CHECK((st = api_status(sess, "GET", "/api/v1/me")) == 401,
	    "the old session is signed out (%d)", st);
	CHECK(reset_set(tok, "Ann-newer-pass-3") == 410, "the link works only once");
	CHECK(web_get(&srv, NULL, path, "en", &r) == 0 && r.status == 410 &&
	    strstr(r.body, "used already") != NULL,
	    "the used link's page says it does not work");
	resp_free(&r);
	CHECK(testsrv_signin(&srv, "ann", "Ann-new-pass-2", sess, sizeof sess) == 200,
	    "ann signs in with the new password");
	CHECK(testsrv_signin(&srv, "ann", "Ann-old-pass-1", sess, sizeof sess) == 401,
	    "the old password no longer works");

	/* An hour later the link is void. */
	CHECK(reset_ask("{\"email\":\"ANN@example.com\"}", "en", NULL, 0) == 202 &&
	    box_wait(2, 15), "asking by address (any case) sends another link");
	if (mail_read(2, &m) == 0) {
		link_token(m.text, tok, sizeof tok);
		mail_free(&m);
	}
	CHECK(db_exec("UPDATE password_resets SET expires_at = strftime('%s','now') - 1 "
	    "WHERE used_at IS NULL") == 0, "the link is aged by an hour");
	snprintf(path, sizeof path, "/reset/%s", tok);
	CHECK(web_get(&srv, NULL, path, "en", &r) == 0 && r.status == 410,
	    "an expired link's page answers 410");
	resp_free(&r);
	CHECK(reset_set(tok, "Ann-newer-pass-3") == 410, "an expired link sets nothing");
}

static void
chinese(void)
{
	struct mail m;

	CHECK(reset_ask("{\"login\":\"mei\"}", "zh-TW", NULL, 0) == 202 && box_wait(3, 15),
	    "mei's reset mail arrives");
	if (mail_read(3, &m) != 0) {
		CHECK(0, "mei's mail has both parts");
		return;
	}
	CHECK_STR(m.subject, "重設您的密碼", "the subject in Chinese");
	CHECK(strstr(m.text, "王美玲 您好：") != NULL && strstr(m.html, "lang=\"zh-TW\"") != NULL,
	    "the text and HTML are in Chinese: %s", m.text);
	mail_free(&m);
}

static void
outage(void)
{
	json_t *j;
	int st, n = box_count();

	sink_stop();
	CHECK(reset_ask("{\"login\":\"mei\"}", "zh-TW", NULL, 0) == 202,
	    "a reset is asked while the SMTP server is down");
	for (int i = 0; i < 100 && testsrv_db_int(&srv, "SELECT count(*) FROM mail_outbox "
	    "WHERE sent_at IS NULL AND attempts > 0", NULL) < 1; i++)
		usleep(100000);
	j = testsrv_api(&srv, admin, "GET", "/api/v1/outbox", NULL, &st);
	CHECK(st == 200 && json_integer_value(json_object_get(j, "queued")) == 1,
	    "the admin sees one message waiting");
	CHECK(strlen(testsrv_jstr(json_array_get(json_object_get(j, "messages"), 0),
	    "last_error")) > 0, "with the error it met");
	json_decref(j);
	CHECK((st = api_status("", "GET", "/api/v1/outbox")) == 401,
	    "the outbox is not for strangers (%d)", st);
	/* A message that could not go for two days is given up. */
	CHECK(reset_ask("{\"login\":\"ann\"}", "en", NULL, 0) == 202,
	    "another reset is asked while the SMTP server is down");
	for (int i = 0; i < 100 && testsrv_db_int(&srv, "SELECT count(*) FROM mail_outbox "
	    "WHERE sent_at IS NULL AND attempts > 0", NULL) < 2; i++)
		usleep(100000);
	CHECK(db_exec("UPDATE mail_outbox SET created_at = created_at - 2 * 86400 "
	    "WHERE \"to\" = 'ann@example.com' AND sent_at IS NULL") == 0, "it is two days old");
	json_decref(testsrv_api(&srv, admin, "POST", "/api/v1/outbox/retry", "", &st));
	for (int i = 0; i < 100 && testsrv_db_int(&srv, "SELECT count(*) FROM mail_outbox "
	    "WHERE failed_at IS NOT NULL", NULL) < 1; i++)
		usleep(100000);
	j = testsrv_api(&srv, admin, "GET", "/api/v1/outbox", NULL, &st);
	CHECK(json_integer_value(json_object_get(j, "failed")) == 1 &&
	    json_integer_value(json_object_get(j, "queued")) == 1,
	    "after one more failed try it is given up, the other still waits");
	json_decref(j);
	{
		struct websess adm;

		CHECK(web_signin(&srv, "admin", "admin-pass-123", NULL, &adm) == 0,
		    "the admin signs in");
		web_page_has(&srv, &adm, "/console/outbox", "en", "given up", "Given up: 1");
		web_page_has(&srv, &adm, "/console/outbox", "zh-TW", "已放棄", NULL);
	}
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM mail_outbox WHERE failed_at IS NOT NULL "
	    "AND text = '' AND html = ''", NULL) == 1, "and its body is not kept");
	CHECK(sink_start() == 0, "the SMTP server comes back");
	j = testsrv_api(&srv, admin, "POST", "/api/v1/outbox/retry", "", &st);
	CHECK(st == 200 && json_integer_value(json_object_get(j, "retried")) == 1,
	    "retry now makes the waiting message due");
	json_decref(j);
	CHECK(box_wait(n + 1, 15), "the waiting mail goes out when the server returns");
}

static void
crash(void)
{
	int n = box_count(), st;
	double secs;
	json_t *j;

	sink_stop();
	CHECK(reset_ask("{\"login\":\"bob\"}", "en", NULL, 0) == 202 &&
	    reset_ask("{\"login\":\"mei\"}", "en", NULL, 0) == 202,
	    "two resets are asked while the SMTP server is down");
	CHECK(testsrv_stop(&srv, SIGKILL, &secs) >= 0 || 1, "aicert is killed");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL "
	    "AND failed_at IS NULL", NULL) == 2, "both messages are in the outbox after kill -9");
	CHECK(sink_start() == 0, "the SMTP server is back");

	/* Started without --smtp: nothing goes out, the pages say so. */
	CHECK(start_server(0) == 0, "aicert starts without --smtp");
	web_page_has(&srv, NULL, "/reset", "en", "sends no email", NULL);
	web_page_has(&srv, NULL, "/reset", "zh-TW", "本伺服器不寄送電子郵件", NULL);
	j = testsrv_api(&srv, admin, "POST", "/api/v1/outbox/retry", "", &st);
	json_decref(j);
	usleep(1500000);
	CHECK(box_count() == n, "without --smtp nothing is sent (%d, %d)", box_count(), n);
	testsrv_stop(&srv, SIGTERM, &secs);

	CHECK(start_server(1) == 0, "aicert starts again with --smtp");
	j = testsrv_api(&srv, admin, "POST", "/api/v1/outbox/retry", "", &st);
	json_decref(j);
	CHECK(box_wait(n + 2, 15), "both queued messages arrive after the restart");
	usleep(1500000);
	CHECK(box_count() == n + 2, "and none twice (%d messages, %d expected)", box_count(),
	    n + 2);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL "
	    "AND failed_at IS NULL", NULL) == 0, "the outbox has nothing left to send");
}

/* Waits up to secs for a message to `to` whose subject is subject;
 * reads it into m (1) or gives 0. Messages before index from are not
 * looked at. */
static int
mail_find(int from, const char *to, const char *subject, struct mail *m, double secs)
{
	double end = test_now() + secs;

	do {
		for (int i = from; i <= box_count(); i++) {
			if (mail_read(i, m) == 0 && strstr(m->to, to) &&
			    strcmp(m->subject, subject) == 0)
				return 1;
			mail_free(m);
		}
		usleep(100000);
	} while (test_now() < end);
	return 0;
}

static void
kick(void)
{
	int st;

	json_decref(testsrv_api(&srv, admin, "POST", "/api/v1/outbox/retry", "", &st));
}

/* A message queued by another part of aicert (the welcome of a learner
 * without a password): queued while the server is down, sent when it is
 * back, in each recipient's language. */
static void
set_password_mail(void)
{
	struct store *s;
	char *err = NULL;
	double secs;
	struct mail m;
	int from = box_count() + 1;
	json_t *v = json_pack("{s:s, s:s, s:s, s:s}", "name", "Ann Lee", "login", "ann",
	    "link", "https://cert.example.tw/reset/00ff", "minutes", "60");
	json_t *w = json_pack("{s:s, s:s, s:s, s:s}", "name", "王美玲", "login", "mei",
	    "link", "https://cert.example.tw/reset/11ee", "minutes", "60");

	testsrv_stop(&srv, SIGTERM, &secs);
	if ((s = store_open(srv.db, &err)) == NULL) {
		CHECK(0, "the database opens: %s", err ? err : "");
		free(err);
		return;
	}
	CHECK(mail_queue(s, "ann@example.com", "en", "set_password", v) == 0 &&
	    mail_queue(s, "mei@example.tw", "zh-TW", "set_password", w) == 0 &&
	    mail_queue(s, NULL, "en", "set_password", v) == 0,
	    "set-password mail is queued (none for an account without an address)");
	store_close(s);
	json_decref(v);
	json_decref(w);
	CHECK(start_server(1) == 0, "aicert serves again");
	CHECK(mail_find(from, "ann@", "Set a password for your account", &m, 15) &&
	    strstr(m.html, "<a href=\"https://cert.example.tw/reset/00ff\">"),
	    "ann's set-password mail arrives, with its link");
	mail_free(&m);
	CHECK(mail_find(from, "mei@", "為您的帳號設定密碼", &m, 15) &&
	    strstr(m.text, "王美玲 您好"), "mei's set-password mail arrives in Chinese");
	mail_free(&m);
}

/* A learner who signs in by access codes alone (no password yet) and
 * asks for a reset gets the set-password mail, whose link sets the first
 * password. */
static void
first_password_by_mail(void)
{
	struct mail m;
	char tok[80];
	int from = box_count() + 1;

	CHECK(testsrv_user(&srv, "cody", "Cody Wu", "learner", "Cody-old-pass-1") == 0 &&
	    set_email("cody", "cody@example.tw") == 200 &&
	    db_exec("UPDATE users SET password = '!' WHERE login = 'cody'") == 0,
	    "cody signs in by access codes only, with an address");
	CHECK(reset_ask("{\"login\":\"cody\"}", "en", NULL, 0) == 202,
	    "cody asks for a reset: 202 as for anyone");
	kick();
	CHECK(mail_find(from, "cody@", "Set a password for your account", &m, 15) &&
	    strstr(m.text, "has no password yet") && link_token(m.text, tok, sizeof tok)[0],
	    "the mail asks cody to set a first password, with its link");
	mail_free(&m);
	CHECK(reset_set(tok, "Cody-first-pass-2") == 200,
	    "the link sets cody's first password");
	CHECK(testsrv_signin(&srv, "cody", "Cody-first-pass-2", tok, sizeof tok) == 200,
	    "and cody signs in with it");
}

static const char bank[] =
    "$CATEGORY: c/all\n\n"
    "// [id:c1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:c2]\n::Two::Second question TWO{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"mailx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"c/all\",\"count\":2}]}";

/* login passes mailx; its certificate's serial into serial. */
static void
pass(const char *login, const char *password, char *serial, size_t n)
{
	char tok[128], path[160];
	json_t *att, *res;
	int st;

	serial[0] = '\0';
	testsrv_signin(&srv, login, password, tok, sizeof tok);
	att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/mailx/attempts",
	    "{\"lang\":\"en\"}", &st);
	testsrv_answer_all(&srv, tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &st);
	snprintf(serial, n, "%s", testsrv_jstr(json_object_get(res, "certificate"), "serial"));
	json_decref(att);
	json_decref(res);
}

/* Bob keeps his address up to date on his account page and wants no
 * mail when a certificate is issued. */
static void
account_page(void)
{
	struct websess bob;
	struct resp r;
	char loc[256];

	CHECK(web_signin(&srv, "bob", "Bob-pass-word-9", NULL, &bob) == 0, "bob signs in");
	web_page_has(&srv, &bob, "/me", "en", "value=\"bob@example.com\"",
	    "Mail me when a certificate is issued");
	web_page_has(&srv, &bob, "/me", "zh-TW", "核發證書時寄信通知我", NULL);
	CHECK(web_post(&srv, &bob, "/me/mail", "email=bob2%40example.com&notify_issued=1", 1,
	    &r) == 0 && r.status == 303 && resp_header(&r, "Location", loc, sizeof loc) &&
	    strstr(loc, "account_password_wrong"), "a new address without the password is refused");
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE email = 'bob@example.com'",
	    NULL) == 1, "and the address stays");
	CHECK(web_post(&srv, &bob, "/me/mail", "email=bob2%40example.com&password=Bob-pass-word-9"
	    "&notify_revoked=1&notify_expiry=1", 0, &r) == 0 && r.status == 403,
	    "the form without its CSRF token is refused (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &bob, "/me/mail", "email=bob2%40&password=Bob-pass-word-9", 1,
	    &r) == 0 && r.status == 303 && resp_header(&r, "Location", loc, sizeof loc) &&
	    strstr(loc, "email_invalid"), "a malformed address is refused");
	resp_free(&r);
	CHECK(web_post(&srv, &bob, "/me/mail", "email=bob2%40example.com&password=Bob-pass-word-9"
	    "&notify_revoked=1&notify_expiry=1", 1, &r) == 0 && r.status == 303,
	    "bob changes his address with his password and turns off the issued mail");
	resp_free(&r);
	web_page_has(&srv, &bob, "/me?mail=saved", "en", "value=\"bob2@example.com\"",
	    "Email settings saved.");
	CHECK(testsrv_db_int(&srv, "SELECT notify_issued * 100 + notify_revoked * 10 + "
	    "notify_expiry FROM users WHERE login = 'bob'", NULL) == 11,
	    "his choices are stored");
}

static void
notices(void)
{
	char ann_serial[64], mei_serial[64], bob_serial[64], path[200], sql[300];
	struct mail m;
	struct websess mei;
	struct resp r;
	int from = box_count() + 1, st, before;

	CHECK(web_signin(&srv, "mei", "Mei-old-pass-1", NULL, &mei) == 0 &&
	    web_get(&srv, &mei, "/lang/zh-TW", "zh-TW", &r) == 0, "mei reads Chinese");
	resp_free(&r);
	pass("ann", "Ann-new-pass-2", ann_serial, sizeof ann_serial);
	pass("mei", "Mei-old-pass-1", mei_serial, sizeof mei_serial);
	CHECK(*ann_serial && *mei_serial, "ann and mei pass and hold certificates");
	CHECK(mail_find(from, "ann@", "Your certificate: AI Basics", &m, 20),
	    "ann is mailed her certificate");
	snprintf(path, sizeof path, "https://cert.example.tw/api/v1/certificates/%s.pdf",
	    ann_serial);
	CHECK(m.text && strstr(m.text, path) && strstr(m.html, path),
	    "with the PDF's link in both parts: %s", m.text ? m.text : "");
	mail_free(&m);
	CHECK(mail_find(from, "mei@", "您的證書：人工智慧基礎", &m, 20) &&
	    strstr(m.text, mei_serial), "mei is mailed hers in Chinese");
	mail_free(&m);

	{
		pass("bob", "Bob-pass-word-9", bob_serial, sizeof bob_serial);
		CHECK(*bob_serial && !mail_find(from, "bob", "Your certificate: AI Basics", &m, 3),
		    "bob, who wants no such mail, gets none for his certificate");
	}
	snprintf(path, sizeof path, "/api/v1/certificates/%s/revoke", ann_serial);
	json_decref(testsrv_api(&srv, admin, "POST", path,
	    "{\"reason\":\"Exam misconduct <b>\"}", &st));
	CHECK(st == 200, "the admin revokes ann's certificate (%d)", st);
	CHECK(mail_find(from, "ann@", "Certificate revoked: AI Basics", &m, 20) &&
	    strstr(m.text, "Exam misconduct <b>") && strstr(m.html, "Exam misconduct &lt;b&gt;"),
	    "ann is told of the revocation with its reason, escaped in the HTML");
	mail_free(&m);

	snprintf(sql, sizeof sql, "UPDATE certificates SET expires_at = strftime('%%s','now') "
	    "+ 80 * 86400 + 3600 WHERE serial = '%s'", ann_serial);
	CHECK(db_exec(sql) == 0, "ann's revoked certificate would expire in 80 days");
	snprintf(sql, sizeof sql, "UPDATE certificates SET expires_at = strftime('%%s','now') "
	    "+ 80 * 86400 + 3600 WHERE serial = '%s'", bob_serial);
	CHECK(db_exec(sql) == 0, "bob's, valid for 80 days from its issue, too");
	kick();
	snprintf(sql, sizeof sql, "UPDATE certificates SET issued_at = issued_at - 3 * 365 * 86400, "
	    "expires_at = strftime('%%s','now') + 80 * 86400 + 3600 WHERE serial = '%s'",
	    mei_serial);
	CHECK(db_exec(sql) == 0, "mei's three-year certificate now expires in 80 days");
	kick();
	CHECK(mail_find(from, "mei@", "您的證書將於 81 天後到期：人工智慧基礎", &m, 20),
	    "mei is reminded within 90 days, in Chinese");
	mail_free(&m);
	snprintf(sql, sizeof sql, "UPDATE certificates SET expires_at = strftime('%%s','now') "
	    "+ 20 * 86400 - 3600 WHERE serial = '%s'", mei_serial);
	CHECK(db_exec(sql) == 0, "and then in 20 days");
	kick();
	CHECK(mail_find(from, "mei@", "您的證書將於 20 天後到期：人工智慧基礎", &m, 20),
	    "mei is reminded within 30 days");
	mail_free(&m);
	before = box_count();
	kick();
	usleep(1500000);
	CHECK(box_count() == before, "each reminder goes once, and none for a revoked "
	    "certificate or one valid for less than the notice (%d, %d)", box_count(), before);
	usleep(300000);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL "
	    "AND (text <> '' OR html <> '')", NULL) == 0 && testsrv_db_int(&srv,
	    "SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL", NULL) >= 10,
	    "a sent message's body (its links, names) is not kept");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM cert_notices", NULL) == 6,
	    "six notices are recorded: three issued, one revoked, two reminders");
}

/* Bob forgot his password and his mail does not arrive: the admin prints
 * him a new one; a trainer who does not manage him may not. */
static void
console_password(void)
{
	struct websess adm, coach;
	struct resp r;
	char loc[256], pw[32] = "", bobtok[128], *p;
	int st;

	CHECK(testsrv_user(&srv, "coach", "Coach", "trainer", "Coach-pass-word-1") == 0 &&
	    web_signin(&srv, "coach", "Coach-pass-word-1", NULL, &coach) == 0 &&
	    web_signin(&srv, "admin", "admin-pass-123", NULL, &adm) == 0,
	    "the admin and a trainer sign in");
	web_page_has(&srv, &adm, "/console/people", "en", "Print a new password", NULL);
	web_page_has(&srv, &adm, "/console", "zh-TW", "href=\"/console/outbox\"", "郵件寄件匣");
	web_page_has(&srv, &adm, "/console/outbox", "en", "Password reset (en)", "Certificate issued");
	CHECK(testsrv_signin(&srv, "bob", "Bob-pass-word-9", bobtok, sizeof bobtok) == 200,
	    "bob is signed in somewhere");
	CHECK(web_post(&srv, &coach, "/console/people/password", "login=bob", 1, &r) == 0 &&
	    r.status == 403, "a trainer who does not manage bob cannot (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &adm, "/console/people/password", "login=bob", 0, &r) == 0 &&
	    r.status == 403, "nor anyone without the form's CSRF token (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &adm, "/console/people/password", "login=bob", 1, &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", loc, sizeof loc),
	    "the admin sets bob a new password (%d)", r.status);
	resp_free(&r);
	if (web_get(&srv, &adm, loc, "en", &r) == 0 && r.status == 200 && r.body &&
	    (p = strstr(r.body, "id=\"new-password\">")) != NULL)
		snprintf(pw, sizeof pw, "%.14s", p + strlen("id=\"new-password\">"));
	resp_free(&r);
	CHECK(strlen(pw) == 14, "the slip shows the new password (%s)", pw);
	CHECK((st = api_status(bobtok, "GET", "/api/v1/me")) == 401,
	    "bob's old session is ended (%d)", st);
	CHECK(testsrv_signin(&srv, "bob", pw, bobtok, sizeof bobtok) == 200,
	    "bob signs in with the printed password");
	CHECK(web_get(&srv, &coach, loc, "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, pw) == NULL, "another session is never shown the slip");
	resp_free(&r);
}

static void
addresses(void)
{
	char out[512];

	CHECK(set_email("ann", "not an address") == 400, "a malformed address is refused");
	CHECK(set_email("nobody-here", "x@example.com") == 404, "an unknown account is 404");
	CHECK(testsrv_cli(&srv, "Bob-pass-word-9\n", out, sizeof out, "user", "add",
	    "--login", "bob", "--name", "Bob", "--role", "learner", "--email", "bob@example.com",
	    NULL) == 0, "user add --email: %s", out);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = 'bob' AND "
	    "email = 'bob@example.com'", NULL) == 1, "user add --email stores the address");
	{
		struct api_opt o = { 0 };
		json_t *j;
		int st;

		o.ctype = "text/csv";
		j = testsrv_api_opt(&srv, admin, "POST", "/api/v1/users/import",
		    "login,name,email\ncsv1,CSV One,csv1@example.com\ncsv2,CSV Two,not-mail\n", &o, &st);
		CHECK(st == 422 && json_integer_value(json_object_get(json_array_get(json_object_get(j,
		    "errors"), 0), "line")) == 3, "the learners CSV refuses a malformed email (%d)", st);
		json_decref(j);
		j = testsrv_api_opt(&srv, admin, "POST", "/api/v1/users/import",
		    "login,name,email\ncsv1,CSV One,csv1@example.com\ncsv2,CSV Two,\n", &o, &st);
		CHECK(st == 201 && testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE "
		    "(login = 'csv1' AND email = 'csv1@example.com') OR (login = 'csv2' AND "
		    "email IS NULL)", NULL) == 2, "the learners CSV's email column is stored (%d)", st);
		json_decref(j);
	}
	CHECK(testsrv_cli(&srv, "Carl-pass-word-9\n", out, sizeof out, "user", "add",
	    "--login", "carl", "--name", "Carl", "--role", "learner", "--email", "carl@", NULL) != 0,
	    "user add refuses a malformed address");
}

void
test_mail(void)
{
	double secs;

	if (access("/usr/bin/python3", X_OK) != 0 ||
	    system("/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null") != 0) {
		MISSING("python3-aiosmtpd (tools/deps.sh installs it): the mail tests");
		return;
	}
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_init(&srv);
	{
		char out[4096];

		testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "c",
		    testsrv_file(&srv, "c.gift", bank, strlen(bank)), NULL);
		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add",
		    testsrv_file(&srv, "mailx.json", exam, strlen(exam)), NULL) == 0,
		    "the exam is added: %s", out);
	}
	snprintf(box, sizeof box, "%s/mailbox", srv.dir);
	smtp_port = free_port();
	snprintf(smtp_url, sizeof smtp_url, "smtp://127.0.0.1:%d", smtp_port);
	if (sink_start() != 0) {
		CHECK(0, "the SMTP server starts on port %d", smtp_port);
		return;
	}
	if (start_server(1) != 0) {
		CHECK(0, "aicert serves with --smtp");
		sink_stop();
		return;
	}
	CHECK(testsrv_user(&srv, "ann", "Ann Lee", "learner", "Ann-old-pass-1") == 0 &&
	    testsrv_user(&srv, "mei", "王美玲", "learner", "Mei-old-pass-1") == 0,
	    "learners ann and mei exist");
	CHECK(set_email("ann", "ann@example.com") == 200 && set_email("mei", "mei@example.tw") == 200,
	    "the admin gives them addresses");
	addresses();
	reset_flow();
	chinese();
	outage();
	crash();
	set_password_mail();
	account_page();
	notices();
	console_password();
	first_password_by_mail();
	testsrv_stop(&srv, SIGTERM, &secs);
	sink_stop();
}
