/*
 * test_erase.c - a person erased, and logs kept no longer than needed.
 * 王小明 passes an exam with a short written answer, has his certificate
 * checked, then erases his account from /me (a page that says what will
 * happen, then his login and password typed; a mismatch or a wrong
 * password erases nothing): he can no longer sign in, his certificate's
 * page says withdrawn at the holder's request and shows no name, his
 * attempt stays as an anonymous row for the statistics (its choices kept,
 * its written answer gone), and the database file and its WAL hold
 * neither his names, nor his login, nor his answer. A learner erases
 * herself through the API (wrong password 403), an admin erases another
 * through the API and the console (the second time 404), a trainer
 * cannot. Then the retention: rows dated back are deleted past the
 * period and their addresses cut to /24 and /48 past a week.
 */
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: e/all\n\n"
    "// [id:e1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:e2]\n::Two::Second question TWO{=right ~wrong}\n\n"
    "// [id:e3]\n::Three::SHORTQ name a colour{=blue}\n";
static const char exam[] =
    "{\"id\":\"erx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"e/all\",\"count\":3}]}";

#define ANSWER "ZebraMarmaladeAnswer"

/* GET path in lang as s (NULL anonymous): the body into out; the status. */
static int
page(const struct websess *s, const char *path, const char *lang, char *out, size_t n)
{
	struct resp r;
	int st = 0;

	out[0] = '\0';
	if (web_get(&srv, s, path, lang, &r) == 0) {
		st = r.status;
		snprintf(out, n, "%s", r.body ? r.body : "");
		resp_free(&r);
	}
	return st;
}

/* POST fields to path as s (with its token): the status, the body into
 * out. */
static int
post(const struct websess *s, const char *path, const char *fields, int csrf, char *out,
    size_t n)
{
	struct resp r;
	int st = 0;

	out[0] = '\0';
	if (web_post(&srv, s, path, fields, csrf, &r) == 0) {
		st = r.status;
		snprintf(out, n, "%s", r.body ? r.body : "");
		resp_free(&r);
	}
	return st;
}

/* Takes the exam as tok, the choices "right" and the short answer text;
 * the submit's answer (a new reference) or NULL. */
static json_t *
take(const char *tok, const char *text)
{
	json_t *att, *res;
	char path[256], body[256];
	int status;

	att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/erx/attempts", "{\"lang\":\"en\"}",
	    &status);
	if (att == NULL)
		return NULL;
	testsrv_answer_all(&srv, tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", testsrv_jstr(att, "id"),
	    testsrv_jstr(testsrv_item_with(att, "SHORTQ"), "id"));
	snprintf(body, sizeof body, "{\"response\":{\"text\":\"%s\"},\"seq\":1}", text);
	json_decref(testsrv_api(&srv, tok, "PUT", path, body, &status));
	CHECK(status == 200, "the short answer is saved (%d)", status);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	json_decref(att);
	return res;
}

/* 1 if the file path holds the bytes of s. */
static int
file_has(const char *path, const char *s)
{
	FILE *f = fopen(path, "rb");
	size_t n = strlen(s), len = 0, cap = 0;
	char *buf = NULL, chunk[65536];
	size_t got;
	int found = 0;

	if (f == NULL)
		return 0;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + got > cap) {
			cap = (len + got) * 2;
			buf = realloc(buf, cap);
		}
		memcpy(buf + len, chunk, got);
		len += got;
	}
	fclose(f);
	for (size_t i = 0; buf != NULL && i + n <= len && !found; i++)
		found = memcmp(buf + i, s, n) == 0;
	free(buf);
	return found;
}

/* 1 if the database or its WAL holds s. */
static int
db_has(const char *s)
{
	char wal[sizeof srv.db + 8];

	snprintf(wal, sizeof wal, "%s-wal", srv.db);
	return file_has(srv.db, s) || file_has(wal, s);
}

/* Runs sql on the database, read-write. 0 or -1. */
static int
db_exec(const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(srv.db, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	sqlite3_close(db);
	return rc;
}

static void
retention(void)
{
	char sql[2048];
	long long now = (long long)time(NULL), day = 86400;
	int gone = 0;

	testsrv_stop(&srv, SIGTERM, NULL);
	snprintf(sql, sizeof sql,
	    "INSERT INTO verifications(at, serial, status, addr) VALUES (%lld, 'OLD', 'valid', "
	    "'203.0.113.77');"
	    "INSERT INTO verifications(at, serial, status, addr) VALUES (%lld, 'WEEK', 'valid', "
	    "'198.51.100.23');"
	    "INSERT INTO verifications(at, serial, status, addr) VALUES (%lld, 'NEW', 'valid', "
	    "'192.0.2.5');"
	    "INSERT INTO integrity_events(attempt_id, at, kind, detail) SELECT min(id), %lld, "
	    "'blur', 'OLDEVENT' FROM attempts;"
	    "INSERT INTO integrity_events(attempt_id, at, kind, detail) SELECT min(id), %lld, "
	    "'blur', 'NEWEVENT' FROM attempts;"
	    "INSERT INTO audit(at, action, detail, addr) VALUES (%lld, 'test.old', 'V6', "
	    "'2001:db8:abcd:12::1');",
	    now - 200 * day, now - 10 * day, now - day, (now - 40 * day) * 1000,
	    (now - day) * 1000, now - 10 * day);
	CHECK(db_exec(sql) == 0, "old rows are dated back in the database");
	CHECK(testsrv_start(&srv, "--retention-days", "30", NULL) == 0,
	    "the server starts with --retention-days 30");
	for (int i = 0; i < 100 && !gone; i++) {
		gone = testsrv_db_int(&srv, "SELECT count(*) FROM verifications WHERE serial = 'OLD'",
		    NULL) == 0;
		if (!gone)
			usleep(50000);
	}
	CHECK(gone, "a verification 200 days old is deleted as the server starts");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM verifications WHERE serial = 'WEEK' "
	    "AND addr = '198.51.100.0/24'", NULL) == 1,
	    "a verification 10 days old stays, its IPv4 address cut to /24");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM verifications WHERE serial = 'NEW' "
	    "AND addr = '192.0.2.5'", NULL) == 1, "yesterday's keeps its whole address");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM integrity_events WHERE detail = "
	    "'OLDEVENT'", NULL) == 0 && testsrv_db_int(&srv, "SELECT count(*) FROM "
	    "integrity_events WHERE detail = 'NEWEVENT'", NULL) == 1,
	    "an integrity event 40 days old is deleted, yesterday's kept");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE detail = 'V6' AND "
	    "addr = '2001:db8:abcd::/48'", NULL) == 1,
	    "an audit row 10 days old keeps its IPv6 address cut to /48");
}

void
test_erase(void)
{
	char out[8192], tok[64], kimtok[64], coach[64], admintok[64], code[1024], serial[64];
	char body[65536], path[1200];
	struct websess wang, adminw, coachw;
	json_t *res, *j;
	int status, clean = 0, others;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "coach-pass1");
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "e",
	    testsrv_file(&srv, "e.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "erx.json", exam, strlen(exam)), NULL) == 0, "exam added: %s", out);
	testsrv_cli(&srv, "holder-pass\n", out, sizeof out, "user", "add", "--login", "wangxm77",
	    "--name", "王小明", "--name-alt", "Wang Hsiao-Ming", "--role", "learner", NULL);
	testsrv_user(&srv, "kimself", "Kim Selferase", "learner", "kim-pass-12");
	testsrv_user(&srv, "leeadmin", "Lee Adminerase", "learner", "lee-pass-12");
	testsrv_user(&srv, "parkcon", "Park Consoleerase", "learner", "park-pass-12");
	/* Rows of his in the tables the consent, mail and names modules
	 * add, which the erasure walks (erase_extra_tables). */
	others = db_exec("UPDATE users SET email = 'wang.mail@example.tw' WHERE login = 'wangxm77';"
	    "INSERT INTO consents(user_id, version, accepted_at) SELECT id, 1, 1 FROM users "
	    "WHERE login = 'wangxm77';"
	    "INSERT INTO mail_outbox(\"to\", lang, kind, subject, text, html, created_at, next_at) "
	    "VALUES ('wang.mail@example.tw', 'en', 'reset', 's', 'OutboxMarkerWang', 'h', 1, 1);"
	    "INSERT INTO name_requests(user_id, name, note, created_at) SELECT id, 'x', "
	    "'NameReqMarkerWang', 1 FROM users WHERE login = 'wangxm77';"
	    "INSERT INTO password_resets(token_hash, user_id, created_at, expires_at) "
	    "SELECT randomblob(32), id, 1, 2 FROM users WHERE login = 'wangxm77'") == 0;
	CHECK(others, "his address, a consent, a mail, a name request and a reset link are "
	    "in the other modules' tables");
	if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "wangxm77", "holder-pass", tok, sizeof tok);
	testsrv_signin(&srv, "kimself", "kim-pass-12", kimtok, sizeof kimtok);
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	testsrv_signin(&srv, "admin", "admin-pass-123", admintok, sizeof admintok);
	res = take(tok, ANSWER);
	j = json_object_get(res, "certificate");
	snprintf(serial, sizeof serial, "%s", testsrv_jstr(j, "serial"));
	snprintf(code, sizeof code, "%s", strstr(testsrv_jstr(j, "verify_url"), "/V/") ?
	    strstr(testsrv_jstr(j, "verify_url"), "/V/") + 3 : "");
	CHECK(*serial && *code, "王小明 passes and holds a certificate");
	json_decref(res);
	json_decref(take(kimtok, "KimOwnAnswer"));
	snprintf(path, sizeof path, "/v/%s", code);
	CHECK(page(NULL, path, "en", body, sizeof body) == 200 && strstr(body, "王小明"),
	    "before: the certificate's page names him");
	CHECK(db_has("王小明") && db_has("wangxm77") && db_has(ANSWER),
	    "before: the database holds his name, login and answer (the search works)");
	CHECK(db_has("wang.mail@example.tw") && db_has("OutboxMarkerWang") &&
	    db_has("NameReqMarkerWang"), "before: and his address, mail and name request");

	CHECK(web_signin(&srv, "wangxm77", "holder-pass", NULL, &wang) == 0 &&
	    web_signin(&srv, "admin", "admin-pass-123", NULL, &adminw) == 0 &&
	    web_signin(&srv, "coach", "coach-pass1", NULL, &coachw) == 0, "everyone signs in");

	/* who may not */
	json_decref(testsrv_api(&srv, coach, "POST", "/api/v1/users/wangxm77/erase", NULL,
	    &status));
	CHECK(status == 403, "a trainer cannot erase a learner, even of their own exam (%d)",
	    status);
	json_decref(testsrv_api(&srv, NULL, "POST", "/api/v1/users/wangxm77/erase", NULL,
	    &status));
	CHECK(status == 401, "nor can a stranger (%d)", status);
	json_decref(testsrv_api(&srv, kimtok, "POST", "/api/v1/users/wangxm77/erase", NULL,
	    &status));
	CHECK(status == 403, "nor another learner (%d)", status);
	json_decref(testsrv_api(&srv, admintok, "POST", "/api/v1/users/coach/erase", NULL,
	    &status));
	CHECK(status == 409, "staff accounts are not erased (%d)", status);
	CHECK(post(&coachw, "/console/users/wangxm77/erase", "confirm=wangxm77", 1, out,
	    sizeof out) == 403, "nor does the console let a trainer");

	/* 王小明 from his page: two steps, both languages */
	CHECK(page(&wang, "/me", "en", body, sizeof body) == 200 &&
	    strstr(body, "href=\"/me/erase\"") && strstr(body, "Erase my account"),
	    "/me offers to erase the account");
	CHECK(page(&wang, "/me/erase", "en", body, sizeof body) == 200 &&
	    strstr(body, "withdrawn at the holder") && strstr(body, "cannot be undone") &&
	    strstr(body, "Continue to erase") && !strstr(body, "name=\"password\""),
	    "step 1 says what will happen, and asks for nothing yet");
	CHECK(page(&wang, "/me/erase", "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, "刪除我的帳號") && strstr(body, "應持有人要求撤回") &&
	    strstr(body, "無法復原"), "step 1 in zh-TW");
	CHECK(page(&wang, "/me/erase?step=confirm", "en", body, sizeof body) == 200 &&
	    strstr(body, "type your login") && strstr(body, "name=\"password\"") &&
	    strstr(body, "name=\"csrf\""), "step 2 asks for the login typed and the password");
	CHECK(page(&wang, "/me/erase?step=confirm", "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, "請輸入您的帳號以確認"), "step 2 in zh-TW");
	CHECK(post(&wang, "/me/erase", "login=wangxm77&password=holder-pass", 0, out,
	    sizeof out) == 403 && strstr(out, "form has expired"),
	    "without the form's token: refused (CSRF)");
	CHECK(post(&wang, "/me/erase", "login=someoneelse&password=holder-pass", 1, body,
	    sizeof body) == 400 && strstr(body, "does not match"),
	    "a login that is not his: nothing erased, and says why");
	CHECK(post(&wang, "/me/erase", "login=wangxm77&password=wrong-pass", 1, body,
	    sizeof body) == 403 && strstr(body, "password is wrong"),
	    "a wrong password: 403, nothing erased");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = 'wangxm77'", NULL)
	    == 1, "after both refusals the account is still there");
	CHECK(post(&wang, "/me/erase", "login=WangXM77&password=holder-pass", 1, body,
	    sizeof body) == 200 && strstr(body, "Account erased") && !strstr(body, "/signout"),
	    "login and password typed: erased, and signed out");
	CHECK(page(&wang, "/me", "en", body, sizeof body) == 303, "the old session is gone");
	CHECK(testsrv_signin(&srv, "wangxm77", "holder-pass", out, sizeof out) == 401,
	    "the old login and password no longer sign in");
	json_decref(testsrv_api(&srv, tok, "GET", "/api/v1/me", NULL, &status));
	CHECK(status == 401, "nor does the API token (%d)", status);

	/* the certificate */
	CHECK(page(NULL, path, "en", body, sizeof body) == 200 && strstr(body, "Revoked") &&
	    strstr(body, "withdrawn at the holder"), "the page says withdrawn");
	CHECK(!strstr(body, "王小明") && !strstr(body, "Wang Hsiao-Ming"),
	    "and names no one");
	CHECK(page(NULL, path, "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, "應持有人要求撤回") && !strstr(body, "王小明"),
	    "in zh-TW too: 應持有人要求撤回, no name");
	snprintf(out, sizeof out, "/api/v1/verify/%s", code);
	j = testsrv_api(&srv, NULL, "GET", out, NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "status"), "revoked") == 0 &&
	    json_object_get(j, "holder") == NULL && json_is_true(json_object_get(j, "withdrawn")) &&
	    strcmp(testsrv_jstr(j, "revoke_reason"), "withdrawn at the holder's request") == 0,
	    "the JSON check: revoked, withdrawn, no holder");
	json_decref(j);

	/* the statistics keep the anonymous attempt */
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM attempts a JOIN users u ON u.id = "
	    "a.user_id WHERE u.login LIKE 'erased-%' AND a.score > 0", NULL) == 1,
	    "his attempt stays, with its score, under an opaque account");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM responses r JOIN attempts a ON "
	    "a.id = r.attempt_id JOIN users u ON u.id = a.user_id WHERE u.login LIKE 'erased-%'",
	    NULL) == 2, "its two choices stay, its written answer is gone");
	j = testsrv_api(&srv, coach, "GET", "/api/v1/exams/erx/item-stats", NULL, &status);
	CHECK(status == 200, "the item statistics still answer (%d)", status);
	{
		char *dump = json_dumps(j, JSON_COMPACT);

		CHECK(dump != NULL && strstr(dump, "{\"n\":2,") != NULL,
		    "and still count both attempts: %.200s", dump ? dump : "");
		free(dump);
	}
	json_decref(j);

	/* the file */
	for (int i = 0; i < 100 && !clean; i++) {
		clean = !db_has("王小明") && !db_has("Wang Hsiao-Ming") && !db_has("wangxm77") &&
		    !db_has(ANSWER);
		if (!clean)
			usleep(100000);
	}
	CHECK(clean, "the database file and its WAL hold none of his name, login or answer "
	    "(王小明 %d, Wang Hsiao-Ming %d, wangxm77 %d, answer %d)", db_has("王小明"),
	    db_has("Wang Hsiao-Ming"), db_has("wangxm77"), db_has(ANSWER));
	CHECK(db_has("KimOwnAnswer"), "another learner's answer is still there");
	CHECK(!db_has("wang.mail@example.tw") && !db_has("OutboxMarkerWang") &&
	    !db_has("NameReqMarkerWang") &&
	    testsrv_db_int(&srv, "SELECT (SELECT count(*) FROM consents c JOIN users u ON "
	    "u.id = c.user_id WHERE u.login LIKE 'erased-%') + (SELECT count(*) FROM "
	    "password_resets p JOIN users u ON u.id = p.user_id WHERE u.login LIKE 'erased-%')",
	    NULL) == 0, "nor his address, consents, mail, name request or reset link");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'user.erase'",
	    NULL) == 1, "the erasure is audited (without his data: the file search)");

	/* Kim through the API */
	json_decref(testsrv_api(&srv, kimtok, "POST", "/api/v1/me/erase",
	    "{\"password\":\"nope-nope\"}", &status));
	CHECK(status == 403, "the API: a wrong password is 403 (%d)", status);
	json_decref(testsrv_api(&srv, kimtok, "POST", "/api/v1/me/erase",
	    "{\"password\":\"kim-pass-12\",\"also\":1}", &status));
	CHECK(status == 400, "an unknown field is 400 (%d)", status);
	json_decref(testsrv_api(&srv, kimtok, "POST", "/api/v1/me/erase",
	    "{\"password\":\"kim-pass-12\"}", &status));
	CHECK(status == 200, "the right password erases (%d)", status);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = 'kimself' OR "
	    "name LIKE 'Kim%'", NULL) == 0, "Kim's login and name are gone");

	/* Lee by the admin's API, Park by the console */
	j = testsrv_api(&srv, admintok, "POST", "/api/v1/users/leeadmin/erase", NULL, &status);
	CHECK(status == 200 && strncmp(testsrv_jstr(j, "login"), "erased-", 7) == 0,
	    "an admin erases a learner; the answer gives the opaque login (%d)", status);
	json_decref(j);
	json_decref(testsrv_api(&srv, admintok, "POST", "/api/v1/users/leeadmin/erase", NULL,
	    &status));
	CHECK(status == 404, "erasing again: 404 (%d)", status);
	CHECK(page(&adminw, "/console/users", "en", body, sizeof body) == 200 &&
	    strstr(body, "/console/users/parkcon/erase") && !strstr(body, "/console/users/coach/erase"),
	    "the console offers to erase learners, not staff");
	CHECK(post(&adminw, "/console/users/parkcon/erase", "confirm=wrong", 1, out, sizeof out)
	    == 400, "the console wants the login typed");
	CHECK(post(&adminw, "/console/users/parkcon/erase", "confirm=parkcon", 1, out, sizeof out)
	    == 303, "then erases");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login IN ('parkcon', "
	    "'leeadmin') OR name LIKE 'Park%' OR name LIKE 'Lee%'", NULL) == 0,
	    "Park and Lee are gone");
	CHECK(page(&adminw, "/console/users", "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, "erased-"), "the console lists the erased accounts by their opaque login");

	retention();
	testsrv_stop(&srv, SIGTERM, NULL);
}
