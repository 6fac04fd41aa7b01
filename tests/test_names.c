/*
 * test_names.c - access-code learners keep a way back, and names are
 * corrected, never diverged. A learner imported with a code signs in
 * with it, lands on /welcome, sets a password and signs in with it
 * afterwards; a trainer's new code stops the old one (and the password)
 * and brings the learner back to /welcome; another trainer can do
 * neither. The learner sees the names certificates print, asks for a
 * correction (one open at a time), the trainer corrects them with a
 * reason: the certificate is re-issued with the new name, the old one
 * says replaced, and the audit trail holds the old and the new names. A
 * re-imported CSV with another name for the account is refused with the
 * account's name in the message, and changes nothing.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: n/all\n\n"
    "// [id:n1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:n2]\n::Two::Second question TWO{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"namx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"n/all\",\"count\":2}]}";

/* Signs in with an access code through the /signin form: the status, the
 * Location into loc and the browser session into s. */
static int
code_signin(const char *code, struct websess *s, char *loc, size_t n)
{
	struct resp r;
	char pre[128], csrf[128], h[300], body[512], tok[128];
	int status;

	memset(s, 0, sizeof *s);
	loc[0] = '\0';
	if (web_get(&srv, NULL, "/signin", "en", &r) != 0 ||
	    !resp_cookie(&r, "aicert_pre", pre, sizeof pre) ||
	    !web_csrf_of(r.body, csrf, sizeof csrf)) {
		resp_free(&r);
		return -1;
	}
	resp_free(&r);
	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_pre=%s\r\n", pre);
	snprintf(body, sizeof body, "csrf=%s&code=%s&next=%%2Fme", csrf, code);
	if (http_req(srv.port, "POST", "/signin", h, body, strlen(body), &r) != 0)
		return -1;
	status = r.status;
	resp_header(&r, "Location", loc, n);
	if (resp_cookie(&r, "aicert_session", tok, sizeof tok))
		snprintf(s->cookie, sizeof s->cookie, "aicert_session=%s", tok);
	resp_free(&r);
	if (status == 303 && web_get(&srv, s, "/me", "en", &r) == 0) {
		web_csrf_of(r.body, s->csrf, sizeof s->csrf);
		resp_free(&r);
	}
	return status;
}

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

static void
welcome(const char *code)
{
	struct websess w, again;
	struct resp r;
	char loc[512], body[65536], tok[64];

	CHECK(code_signin(code, &w, loc, sizeof loc) == 303 &&
	    strcmp(loc, "/welcome?next=/me") == 0,
	    "a code sign-in lands on /welcome (%s)", loc);
	CHECK(page(&w, "/welcome", "en", body, sizeof body) == 200 &&
	    strstr(body, "Set a password now") && strstr(body, "Skip for now") &&
	    strstr(body, "<code>lee</code>"), "/welcome asks for a password, shows the login");
	CHECK(page(&w, "/welcome", "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, "請現在設定密碼") && strstr(body, "稍後再說"), "and in zh-TW");
	CHECK(web_post(&srv, &w, "/welcome", "password=lee-secret-77&password2=other-secret-77",
	    1, &r) == 0 && r.status == 422 && strstr(r.body, "not the same"),
	    "two different passwords are refused (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &w, "/welcome", "password=lee-secret-77&password2=lee-secret-77",
	    0, &r) == 0 && r.status == 403, "the form needs its CSRF token (%d)", r.status);
	resp_free(&r);
	CHECK(page(&w, "/welcome", "en", body, sizeof body) == 200 &&
	    strstr(body, "name=\"email\"") && strstr(body, "Email address (optional)"),
	    "/welcome also offers an e-mail address, optional");
	CHECK(web_post(&srv, &w, "/welcome", "password=lee-secret-77&password2=lee-secret-77"
	    "&email=lee%40", 1, &r) == 0 && r.status == 422 && strstr(r.body, "name@example.com") &&
	    testsrv_db_int(&srv, "SELECT password = '!' AND email IS NULL FROM users "
	    "WHERE login = ?1", "lee") == 1,
	    "an address that is none is refused and nothing changes (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &w, "/welcome", "password=lee-secret-77&password2=lee-secret-77"
	    "&email=lee%40example.tw", 1, &r) == 0 && r.status == 303,
	    "the password is set (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = ?1 AND "
	    "email = 'lee@example.tw'", "lee") == 1, "with the address given beside it");
	CHECK(page(&w, "/me?password_set=1", "en", body, sizeof body) == 200 &&
	    strstr(body, "Your password is set"), "/me says so, and the session goes on");
	CHECK(page(&w, "/welcome", "en", body, sizeof body) == 303,
	    "/welcome no longer offers to set one: it is no way to change a password");
	CHECK(web_post(&srv, &w, "/signout", "", 1, &r) == 0 && r.status == 303, "signed out");
	resp_free(&r);
	CHECK(web_signin(&srv, "lee", "lee-secret-77", NULL, &again) == 0 &&
	    page(&again, "/me", "en", body, sizeof body) == 200 && strstr(body, "李小華"),
	    "and back in with login and password");
	CHECK(testsrv_signin(&srv, "lee", "lee-secret-77", tok, sizeof tok) == 200,
	    "the API signs in with the password too");
	CHECK(code_signin(code, &w, loc, sizeof loc) == 401, "the used code works no more");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'user.password' "
	    "AND detail = ?", "lee") == 1, "the password set is audited");
}

static void
new_code(const char *coach, const char *coach2, const char *learner_tok)
{
	struct websess w;
	char loc[512], a[64], b[64], body[65536], tok[64];
	struct resp r;
	json_t *j;
	int status;

	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/lee/code", "{\"days\":2}", &status);
	snprintf(a, sizeof a, "%s", testsrv_jstr(j, "code"));
	CHECK(status == 201 && strlen(a) == 19 && strcmp(testsrv_jstr(j, "name"), "李小華") == 0 &&
	    json_integer_value(json_object_get(j, "code_expires_at")) > 0,
	    "the trainer issues a new code (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/lee/code", "{}", &status);
	snprintf(b, sizeof b, "%s", testsrv_jstr(j, "code"));
	CHECK(status == 201 && strlen(b) == 19 && strcmp(a, b) != 0, "and another (%d)", status);
	json_decref(j);
	CHECK(code_signin(a, &w, loc, sizeof loc) == 401, "the older code stops working");
	CHECK(testsrv_signin(&srv, "lee", "lee-secret-77", tok, sizeof tok) != 200,
	    "so does the password the learner may have lost");
	CHECK(code_signin(b, &w, loc, sizeof loc) == 303 && strncmp(loc, "/welcome", 8) == 0,
	    "the new code signs in, to /welcome again");
	CHECK(page(&w, "/me", "en", body, sizeof body) == 200,
	    "the learner may skip setting a password for now");
	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/lee/code", "{}", &status);
	snprintf(b, sizeof b, "%s", testsrv_jstr(j, "code"));
	json_decref(j);
	CHECK(code_signin(b, &w, loc, sizeof loc) == 303 && strncmp(loc, "/welcome", 8) == 0 &&
	    page(&w, "/welcome", "en", body, sizeof body) == 200 &&
	    strstr(body, "Set a password now"), "and is asked again at the next code sign-in");
	CHECK(web_post(&srv, &w, "/welcome", "password=lee-again-88&password2=lee-again-88",
	    1, &r) == 0 && r.status == 303, "a new password (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_signin(&srv, "lee", "lee-again-88", tok, sizeof tok) == 200,
	    "which signs in");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'user.code' "
	    "AND detail = ?", "lee") == 3, "each new code is audited");

	j = testsrv_api(&srv, coach2, "POST", "/api/v1/users/lee/code", "{}", &status);
	CHECK(status == 403, "another trainer cannot give the learner a code (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, learner_tok, "POST", "/api/v1/users/lee/code", "{}", &status);
	CHECK(status == 403, "nor can a learner (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/coach2/code", "{}", &status);
	CHECK(status == 403, "a trainer's account gets no code (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/lee/code", "{\"days\":2,\"x\":1}",
	    &status);
	CHECK(status == 400, "an unknown field is refused (%d)", status);
	json_decref(j);
}

/* Passes the exam as tok: the certificate's serial and code into serial
 * and code. */
static void
pass(const char *tok, char *serial, size_t ns, char *code, size_t nc)
{
	char path[128];
	json_t *att, *res, *c;
	int status;

	att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/namx/attempts", "{\"lang\":\"en\"}",
	    &status);
	testsrv_answer_all(&srv, tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	c = json_object_get(res, "certificate");
	snprintf(serial, ns, "%s", testsrv_jstr(c, "serial"));
	snprintf(code, nc, "%s", strstr(testsrv_jstr(c, "verify_url"), "/V/") ?
	    strstr(testsrv_jstr(c, "verify_url"), "/V/") + 3 : "");
	json_decref(att);
	json_decref(res);
}

static void
names(const char *coach, const char *coach2, const char *admin)
{
	struct websess w;
	struct resp r;
	char tok[64], serial[64], code[1024], body[65536], path[1200], newserial[64];
	json_t *j, *v;
	int status;

	CHECK(testsrv_signin(&srv, "lee", "lee-again-88", tok, sizeof tok) == 200 &&
	    web_signin(&srv, "lee", "lee-again-88", NULL, &w) == 0, "the learner signs in");
	pass(tok, serial, sizeof serial, code, sizeof code);
	CHECK(*serial && *code, "passing issues a certificate");

	CHECK(page(&w, "/me", "en", body, sizeof body) == 200 &&
	    strstr(body, "Your name on certificates") &&
	    strstr(body, "<dd id=\"my-name\">李小華</dd>") &&
	    strstr(body, "<dd id=\"my-name-alt\">Lee Hsiao-Hua</dd>") &&
	    strstr(body, "Request a correction"), "/me shows both names as printed, and the form");
	CHECK(page(&w, "/me", "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, "證書上的姓名") && strstr(body, "申請更正姓名"), "and in zh-TW");
	CHECK(web_post(&srv, &w, "/me/name", "name=%E6%9D%8E%E5%B0%8F%E8%8F%AF&"
	    "name_alt=Lee+Hsiao-Hua", 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "already the names"), "asking for the names it has is refused (%d)",
	    r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &w, "/me/name", "name=%E6%9D%8E%E6%9B%89%E8%8F%AF&"
	    "name_alt=Lee+Hsiao-Hua&note=%E6%9B%89+not+%E5%B0%8F", 0, &r) == 0 && r.status == 403,
	    "the request needs its CSRF token (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &w, "/me/name", "name=%E6%9D%8E%E6%9B%89%E8%8F%AF&"
	    "name_alt=Lee+Hsiao-Hua&note=%E6%9B%89+not+%E5%B0%8F", 1, &r) == 0 && r.status == 303,
	    "the learner asks for 李曉華 (%d)", r.status);
	resp_free(&r);
	CHECK(page(&w, "/me?name_requested=1", "en", body, sizeof body) == 200 &&
	    strstr(body, "Your request is sent") && strstr(body, "waiting for your trainer: 李曉華") &&
	    strstr(body, "action=\"/me/name") == NULL,
	    "/me says the request waits, with no second form");
	CHECK(web_post(&srv, &w, "/me/name", "name=X", 1, &r) == 0 && r.status == 409 &&
	    strstr(r.body, "already have a correction request"),
	    "a second open request is refused (%d)", r.status);
	resp_free(&r);

	j = testsrv_api(&srv, coach, "GET", "/api/v1/name-requests", NULL, &status);
	v = json_array_get(json_object_get(j, "requests"), 0);
	CHECK(status == 200 && strcmp(testsrv_jstr(v, "login"), "lee") == 0 &&
	    strcmp(testsrv_jstr(v, "requested_name"), "李曉華") == 0 &&
	    strcmp(testsrv_jstr(v, "name"), "李小華") == 0, "the trainer sees the request");
	json_decref(j);
	j = testsrv_api(&srv, coach2, "GET", "/api/v1/name-requests", NULL, &status);
	CHECK(status == 200 && json_array_size(json_object_get(j, "requests")) == 0,
	    "another trainer does not");
	json_decref(j);
	j = testsrv_api(&srv, admin, "GET", "/api/v1/name-requests", NULL, &status);
	CHECK(status == 200 && json_array_size(json_object_get(j, "requests")) == 1,
	    "the admin does");
	json_decref(j);

	j = testsrv_api(&srv, coach2, "POST", "/api/v1/users/lee/name",
	    "{\"name\":\"X\",\"reason\":\"mine\"}", &status);
	CHECK(status == 403, "another trainer cannot correct the name (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, tok, "POST", "/api/v1/users/lee/name",
	    "{\"name\":\"X\",\"reason\":\"mine\"}", &status);
	CHECK(status == 403, "nor the learner (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/lee/name",
	    "{\"name\":\"李曉華\"}", &status);
	CHECK(status == 400, "a correction needs a reason (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/lee/name",
	    "{\"name\":\"李曉華\",\"reason\":\"typo\",\"role\":\"admin\"}", &status);
	CHECK(status == 400, "an unknown field is refused (%d)", status);
	json_decref(j);
	CHECK(page(NULL, "/console/people", "en", body, sizeof body) != 200, "(anonymous)");
	{
		struct websess cw;

		CHECK(web_signin(&srv, "coach", "coach-pass1", NULL, &cw) == 0 &&
		    page(&cw, "/console/people", "en", body, sizeof body) == 200 &&
		    strstr(body, "<code>lee</code>") && strstr(body, "value=\"李曉華\"") &&
		    strstr(body, "曉 not 小"), "the console lists the request, the names filled in");
		CHECK(page(&cw, "/console/people", "zh-TW", body, sizeof body) == 200 &&
		    strstr(body, "更正姓名") && strstr(body, "新的登入碼"), "in zh-TW too");
	}

	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/lee/name",
	    "{\"name\":\"李曉華\",\"name_alt\":\"Lee Hsiao-Hua\",\"reason\":\"typo on the sign-up "
	    "sheet\"}", &status);
	v = json_array_get(json_object_get(j, "reissued"), 0);
	snprintf(newserial, sizeof newserial, "%s", testsrv_jstr(v, "serial"));
	CHECK(status == 200 && json_is_true(json_object_get(j, "changed")) && *newserial &&
	    strcmp(testsrv_jstr(v, "supersedes"), serial) == 0 &&
	    json_array_size(json_object_get(j, "reissued")) == 1,
	    "the trainer corrects the name: the certificate is re-issued (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/users/lee/name",
	    "{\"name\":\"李曉華\",\"reason\":\"again\"}", &status);
	CHECK(status == 200 && json_is_false(json_object_get(j, "changed")) &&
	    json_array_size(json_object_get(j, "reissued")) == 0,
	    "the same names again change nothing (%d)", status);
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/verify/%s", code);
	j = testsrv_api(&srv, NULL, "GET", path, NULL, &status);
	CHECK(strcmp(testsrv_jstr(j, "status"), "revoked") == 0 &&
	    strcmp(testsrv_jstr(j, "superseded_by"), newserial) == 0,
	    "the old certificate verifies as replaced by the new one");
	json_decref(j);
	snprintf(path, sizeof path, "/v/%s", code);
	CHECK(page(NULL, path, "en", body, sizeof body) == 200 &&
	    strstr(body, "Replaced by certificate") && strstr(body, newserial),
	    "its verification page says replaced, naming the new one");
	j = testsrv_api(&srv, tok, "GET", "/api/v1/certificates", NULL, &status);
	{
		size_t i;
		int found = 0;

		json_array_foreach(j, i, v) {
			if (strcmp(testsrv_jstr(v, "serial"), newserial) == 0 &&
			    strcmp(testsrv_jstr(v, "status"), "valid") == 0) {
				const char *u = strstr(testsrv_jstr(v, "verify_url"), "/V/");
				json_t *vv;

				snprintf(path, sizeof path, "/api/v1/verify/%s", u ? u + 3 : "");
				vv = testsrv_api(&srv, NULL, "GET", path, NULL, &status);
				found = strcmp(testsrv_jstr(vv, "holder"), "李曉華") == 0;
				json_decref(vv);
			}
		}
		CHECK(found, "the new certificate is valid and carries 李曉華");
	}
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'user.name' AND "
	    "detail LIKE '%李小華%' AND detail LIKE '%李曉華%' AND detail LIKE ?",
	    "%typo on the sign-up sheet%") == 1,
	    "the audit row holds the old and new names and the reason");
	CHECK(page(&w, "/me", "en", body, sizeof body) == 200 &&
	    strstr(body, "<dd id=\"my-name\">李曉華</dd>") && strstr(body, "Request a correction"),
	    "/me shows the corrected name, the request closed");
	j = testsrv_api(&srv, coach, "GET", "/api/v1/name-requests", NULL, &status);
	CHECK(json_array_size(json_object_get(j, "requests")) == 0, "no request is open");
	json_decref(j);
}

static void
reimport(const char *coach)
{
	struct api_opt o = { .ctype = "text/csv" };
	json_t *j, *e;
	int status;
	const char *msg;

	j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/users/import?codes_days=1",
	    "login,name,name_alt\nlee,李小華,Lee Hsiao-Hua\n", &o, &status);
	e = json_array_get(json_object_get(j, "errors"), 0);
	msg = testsrv_jstr(e, "message");
	CHECK(status == 422 && strstr(msg, "“李曉華 / Lee Hsiao-Hua”") &&
	    strstr(msg, "“李小華 / Lee Hsiao-Hua”") &&
	    strstr(msg, "never changes a name"),
	    "a CSV naming the learner otherwise is refused, saying both names (%d %s)", status,
	    msg);
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = ? AND "
	    "name = '李曉華'", "lee") == 1, "the account keeps its name");
	o.lang = "zh-TW";
	j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/users/import",
	    "login,name\nlee,Lee X\n", &o, &status);
	e = json_array_get(json_object_get(j, "errors"), 0);
	CHECK(status == 422 && strstr(testsrv_jstr(e, "message"), "匯入不會變更姓名"),
	    "in zh-TW too (%d)", status);
	json_decref(j);
	o.lang = NULL;
	j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/users/import",
	    "login,name\nlee,李曉華\n", &o, &status);
	CHECK(status == 201 && strcmp(testsrv_jstr(json_array_get(json_object_get(j,
	    "learners"), 0), "name"), "李曉華") == 0, "the stored name imports fine (%d)", status);
	json_decref(j);
}

static void
console_code(void)
{
	struct websess cw;
	struct resp r;
	char loc[512], body[65536];

	CHECK(web_signin(&srv, "coach", "coach-pass1", NULL, &cw) == 0, "the trainer's browser");
	CHECK(web_post(&srv, &cw, "/console/people/code", "login=lee&codes_days=2", 1, &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", loc, sizeof loc) &&
	    strncmp(loc, "/console/people/slips/", 22) == 0,
	    "the console's new code leads to its slip (%d)", r.status);
	resp_free(&r);
	CHECK(page(&cw, loc, "en", body, sizeof body) == 200 && strstr(body, "李曉華") &&
	    strstr(body, "lee"), "the slip prints the corrected name");
	CHECK(web_post(&srv, &cw, "/console/people/code", "login=coach2&codes_days=2", 1, &r) == 0 &&
	    r.status == 403 && strstr(r.body, "not one of yours"), "not for a trainer's account (%d)",
	    r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &cw, "/console/people/name", "login=lee&name=Lee&reason=", 1, &r) == 0 &&
	    r.status == 400 && strstr(r.body, "Give a reason"),
	    "the console's correction needs a reason (%d)", r.status);
	resp_free(&r);
}

void
test_names(void)
{
	char out[8192], coach[64], coach2[64], admin[64], ltok[64], a[64];
	struct api_opt o = { .ctype = "text/csv" };
	json_t *j;
	int status;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "coach-pass1");
	testsrv_user(&srv, "coach2", "Coach Two", "trainer", "coach-pass2");
	testsrv_user(&srv, "other", "Other Learner", "learner", "other-pass-1");
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "n",
	    testsrv_file(&srv, "n.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "namx.json", exam, strlen(exam)), NULL) == 0, "exam added: %s", out);
	if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	testsrv_signin(&srv, "coach2", "coach-pass2", coach2, sizeof coach2);
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	testsrv_signin(&srv, "other", "other-pass-1", ltok, sizeof ltok);
	j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/users/import?codes_days=3",
	    "login,name,name_alt\nlee,李小華,Lee Hsiao-Hua\n", &o, &status);
	snprintf(a, sizeof a, "%s", testsrv_jstr(json_array_get(json_object_get(j, "learners"), 0),
	    "code"));
	CHECK(status == 201 && strlen(a) == 19, "the trainer imports a learner with a code (%d)",
	    status);
	json_decref(j);
	welcome(a);
	new_code(coach, coach2, ltok);
	names(coach, coach2, admin);
	reimport(coach);
	console_code();
	testsrv_stop(&srv, 0, NULL);
}
