/*
 * test_consent.c - the personal-data notice, consent and export, against
 * a real server with the consent gate on: registration refused without
 * the notice's box and recorded with it; /privacy public in both
 * languages with every version; a page of an account that has not
 * accepted the current version leads to /consent and, once accepted,
 * back where it was going, never off-site; a new version asks again,
 * and a learner who signed in with an access code meets it first; a
 * version saved during an exam loses no submission; the API is not
 * gated but reads and accepts the notice; the export
 * holds the caller's data and nobody else's, and an answer key only
 * where the exam's review policy shows keys.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

/* c1 and c2 are the certification's (review "score": no keys), p1 the
 * practice's (review "with_keys"); the general feedback is shown only
 * with the keys. */
static const char bank[] =
    "$CATEGORY: c/all\n\n"
    "// [id:c1]\n::One::Consent question ONE{=right ~wrong ####zqfeedone}\n\n"
    "// [id:c2]\n::Two::Consent question TWO{=right ~wrong ####zqfeedone}\n\n"
    "$CATEGORY: p/all\n\n"
    "// [id:p1]\n::Three::Practice question THREE{=right ~wrong ####zqfeedtwo}\n";
static const char cert_exam[] =
    "{\"id\":\"certx\",\"title\":{\"en\":\"Consent Cert\",\"zh-TW\":\"同意測驗\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"c/all\",\"count\":2}]}";
static const char prac_exam[] =
    "{\"id\":\"practx\",\"title\":{\"en\":\"Consent Practice\",\"zh-TW\":\"同意練習\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"with_keys\","
    "\"sections\":[{\"category\":\"p/all\",\"count\":1}]}";

/* Takes exam answering right; returns the submit reply. */
static json_t *
take(const char *tok, const char *exam)
{
	char path[256];
	int status;
	json_t *att, *res;

	snprintf(path, sizeof path, "/api/v1/exams/%s/attempts", exam);
	att = testsrv_api(&srv, tok, "POST", path, "{\"lang\":\"en\"}", &status);
	testsrv_answer_all(&srv, tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	json_decref(att);
	return res;
}

/* The Location of r, "" if none. */
static const char *
location(const struct resp *r, char *out, size_t n)
{
	if (resp_header(r, "Location", out, n) == NULL)
		out[0] = '\0';
	return out;
}

/* Signs in by the form (the session cookie into s, whatever the gate
 * does after); 0 or -1. */
static int
signin(const char *login, const char *password, struct websess *s)
{
	web_signin(&srv, login, password, NULL, s);
	return s->cookie[0] ? 0 : -1;
}

/* Opens /consent?next=next as s and takes its form's CSRF token; the
 * page's status. */
static int
consent_page(struct websess *s, const char *next, const char *lang, char *body, size_t n)
{
	char path[300];
	struct resp r;
	int status;

	snprintf(path, sizeof path, "/consent%s%s", next ? "?next=" : "", next ? next : "");
	if (web_get(&srv, s, path, lang, &r) != 0)
		return 0;
	status = r.status;
	web_csrf_of(r.body, s->csrf, sizeof s->csrf);
	snprintf(body, n, "%s", r.body ? r.body : "");
	resp_free(&r);
	return status;
}

static void
registration(void)
{
	struct resp r;
	char pre[128], csrf[128], h[300], body[600];

	CHECK(web_get(&srv, NULL, "/register", "en", &r) == 0 && r.status == 200 &&
	    r.body && strstr(r.body, "name=\"agree\"") && strstr(r.body, "href=\"/privacy\"") &&
	    strstr(r.body, "I have read the personal data notice"),
	    "the registration form has the notice's box and links the notice");
	resp_cookie(&r, "aicert_pre", pre, sizeof pre);
	web_csrf_of(r.body, csrf, sizeof csrf);
	resp_free(&r);
	web_page_has(&srv, NULL, "/register", "zh-TW", "我已閱讀個人資料蒐集告知", "閱讀告知全文");
	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_pre=%s\r\n", pre);
	snprintf(body, sizeof body, "csrf=%s&login=newbie&name=New+Bie&password=abcdefgh1"
	    "&password2=abcdefgh1&email=newbie%%40example.tw", csrf);
	CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
	    r.status == 422 && r.body && strstr(r.body, "Tick the box"),
	    "registration without the box is refused, saying why (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = ?1", "newbie") == 0,
	    "no account is made without the notice accepted");
	snprintf(body, sizeof body, "csrf=%s&login=newbie&name=New+Bie&password=abcdefgh1"
	    "&password2=abcdefgh1&email=newbie%%40example.tw&agree=1", csrf);
	CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
	    r.status == 303, "registration with the box signs the learner in (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM consents c JOIN users u ON "
	    "u.id = c.user_id WHERE u.login = ?1 AND c.version = 1 AND c.accepted_at > 0",
	    "newbie") == 1, "the account records the version it accepted and when");
}

static void
privacy_page(void)
{
	web_page_has(&srv, NULL, "/privacy", "en", "Personal data notice", "Article 8");
	web_page_has(&srv, NULL, "/privacy", "en", "Your rights (Article 3 of the Act)",
	    "Version 1, ");
	web_page_has(&srv, NULL, "/privacy", "zh-TW", "個人資料蒐集告知", "第8條");
	web_page_has(&srv, NULL, "/privacy", "zh-TW", "第1版，", "不提供個人資料的影響");
}

/* A learner made on the command line has accepted nothing: the gate. */
static void
gate(void)
{
	struct websess s;
	struct resp r;
	char loc[300], page[65536], f[300];

	CHECK(signin("ann", "ann-pass-123", &s) == 0, "ann signs in by the form");
	CHECK(web_get(&srv, &s, "/me", "en", &r) == 0 && r.status == 303 &&
	    strcmp(location(&r, loc, sizeof loc), "/consent?next=/me") == 0,
	    "her first page leads to the notice, remembering where she was going (%d %s)",
	    r.status, loc);
	resp_free(&r);
	CHECK(web_get(&srv, &s, "/exams/certx", "en", &r) == 0 && r.status == 303 &&
	    strncmp(location(&r, loc, sizeof loc), "/consent", 8) == 0,
	    "so does a public page while signed in (%d)", r.status);
	resp_free(&r);
	CHECK(web_get(&srv, &s, "/privacy", "en", &r) == 0 && r.status == 200,
	    "the notice itself opens (%d)", r.status);
	resp_free(&r);
	CHECK(consent_page(&s, "/me", "en", page, sizeof page) == 200 &&
	    strstr(page, "Before you go on") && strstr(page, "Article 8") &&
	    strstr(page, "Accept and continue") && s.csrf[0],
	    "the consent page shows the notice and a form");
	CHECK(consent_page(&s, "/me", "zh-TW", page, sizeof page) == 200 &&
	    strstr(page, "繼續之前") && strstr(page, "接受並繼續"), "and in zh-TW");
	CHECK(web_post(&srv, &s, "/consent", "version=1&next=%2Fme", 1, &r) == 0 &&
	    r.status == 422 && r.body && strstr(r.body, "Tick the box"),
	    "accepting without the box is refused (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &s, "/consent", "version=1&agree=1&next=%2Fme", 0, &r) == 0 &&
	    r.status == 403, "a post without the form's token is refused (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &s, "/consent", "version=1&agree=1&next=%2F%2Fevil.example", 1,
	    &r) == 0 && r.status == 303 && strcmp(location(&r, loc, sizeof loc), "/") == 0,
	    "accepting with next=//evil.example goes home, not off-site (%s)", loc);
	resp_free(&r);
	CHECK(web_get(&srv, &s, "/me", "en", &r) == 0 && r.status == 200 && r.body &&
	    strstr(r.body, "Download my data") && strstr(r.body, "href=\"/api/v1/me/export\""),
	    "then her account page opens, with the export button (%d)", r.status);
	resp_free(&r);
	snprintf(f, sizeof f, "/consent?next=https://evil.example/x");
	CHECK(web_get(&srv, &s, f, "en", &r) == 0 && r.status == 303 &&
	    strcmp(location(&r, loc, sizeof loc), "/") == 0,
	    "once accepted, /consent?next=https://evil.example leads home (%s)", loc);
	resp_free(&r);
	CHECK(web_get(&srv, &s, "/consent?next=%2F%5Cevil.example", "en", &r) == 0 &&
	    r.status == 303 && strcmp(location(&r, loc, sizeof loc), "/") == 0,
	    "and next=/\\evil.example too (%s)", loc);
	resp_free(&r);
}

/* The API is not gated; it reads and accepts the notice. */
static void
api(void)
{
	char tok[80];
	int status;
	json_t *j;

	testsrv_signin(&srv, "bob", "bob-pass-1234", tok, sizeof tok);
	j = testsrv_api(&srv, tok, "GET", "/api/v1/me", NULL, &status);
	CHECK(status == 200, "an API request of an account that has not accepted is answered (%d)",
	    status);
	json_decref(j);
	j = testsrv_api(&srv, tok, "GET", "/api/v1/me/consent", NULL, &status);
	CHECK(status == 200 && json_integer_value(json_object_get(j, "version")) == 1 &&
	    json_is_false(json_object_get(j, "accepted")) &&
	    strstr(testsrv_jstr(j, "text"), "Article 8") != NULL,
	    "GET /api/v1/me/consent: version 1, not accepted, the text (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, tok, "POST", "/api/v1/me/consent", "{\"version\":7}", &status);
	CHECK(status == 409, "accepting a version that is not current: 409 (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, tok, "POST", "/api/v1/me/consent", "{\"version\":1,\"all\":1}",
	    &status);
	CHECK(status == 400, "an unknown field: 400 (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, tok, "POST", "/api/v1/me/consent", "{\"version\":1}", &status);
	CHECK(status == 200, "accepting version 1 (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, tok, "GET", "/api/v1/me/consent", NULL, &status);
	CHECK(json_is_true(json_object_get(j, "accepted")) &&
	    json_array_size(json_object_get(j, "acceptances")) == 1, "now accepted, once");
	json_decref(j);
}

/* The admin saves a new version: everyone is asked again. */
static void
new_version(void)
{
	struct websess admin, s;
	struct resp r;
	char loc[300], page[65536];

	signin("admin", "admin-pass-123", &admin);
	/* staff are not stopped by the gate: the console opens at once */
	CHECK(web_get(&srv, &admin, "/console", "en", &r) == 0 && r.status == 200,
	    "an admin who has not accepted the notice opens the console (%d)", r.status);
	resp_free(&r);
	consent_page(&admin, NULL, "en", page, sizeof page);
	CHECK(web_post(&srv, &admin, "/consent", "version=1&agree=1", 1, &r) == 0 &&
	    r.status == 303, "the admin accepts version 1 too (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, &admin, "/console/notice", "en", "Notice in English", "Article 8");
	CHECK(web_post(&srv, &admin, "/console/notice", "text_en=&text_zh=x", 1, &r) == 0 &&
	    r.status == 422, "a notice without its English text is refused (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &admin, "/console/notice", "text_en=Second+notice+zqv2en"
	    "&text_zh=%E7%AC%AC%E4%BA%8C%E7%89%88zqv2zh", 1, &r) == 0 && r.status == 303,
	    "the admin saves a new version (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, NULL, "/privacy", "en", "zqv2en", "Earlier versions");
	web_page_has(&srv, NULL, "/privacy", "zh-TW", "第二版zqv2zh", "先前的版本");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = ?1",
	    "consent.publish") == 1, "the new version is audited");

	signin("ann", "ann-pass-123", &s);
	CHECK(web_get(&srv, &s, "/me", "en", &r) == 0 && r.status == 303 &&
	    strncmp(location(&r, loc, sizeof loc), "/consent", 8) == 0,
	    "ann, who accepted version 1, is asked again (%d %s)", r.status, loc);
	resp_free(&r);
	CHECK(consent_page(&s, "/me", "en", page, sizeof page) == 200 &&
	    strstr(page, "has changed") && strstr(page, "zqv2en"),
	    "the page says the notice changed and shows the new text");
	CHECK(web_post(&srv, &s, "/consent", "version=1&agree=1", 1, &r) == 0 &&
	    r.status == 409, "accepting the old version no longer counts (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &s, "/consent", "version=2&agree=1&next=%2Fme", 1, &r) == 0 &&
	    r.status == 303 && strcmp(location(&r, loc, sizeof loc), "/me") == 0,
	    "accepting version 2 leads on to /me (%s)", loc);
	resp_free(&r);
	web_page_has(&srv, &s, "/me", "en", "Download my data", NULL);
}

/* The export: ann's data, none of bob's; keys under the review policy. */
static void
export(void)
{
	char ann[80], bob[80], serial_a[64], serial_b[64], disp[200], want[120];
	struct api_opt o = { 0 };
	struct resp r = { 0 };
	json_t *res, *doc, *a;
	int status;
	size_t i;

	testsrv_signin(&srv, "ann", "ann-pass-123", ann, sizeof ann);
	testsrv_signin(&srv, "bob", "bob-pass-1234", bob, sizeof bob);
	res = take(ann, "certx");
	snprintf(serial_a, sizeof serial_a, "%s",
	    testsrv_jstr(json_object_get(res, "certificate"), "serial"));
	json_decref(res);
	json_decref(take(ann, "practx"));
	res = take(bob, "certx");
	snprintf(serial_b, sizeof serial_b, "%s",
	    testsrv_jstr(json_object_get(res, "certificate"), "serial"));
	json_decref(res);
	CHECK(serial_a[0] && serial_b[0], "ann and bob each hold a certificate");

	o.keep = &r;
	doc = testsrv_api_opt(&srv, ann, "GET", "/api/v1/me/export", NULL, &o, &status);
	CHECK(status == 200 && doc != NULL, "ann downloads her data (%d)", status);
	snprintf(want, sizeof want, "attachment; filename=\"aicert-export-ann-");
	CHECK(resp_header(&r, "Content-Disposition", disp, sizeof disp) &&
	    strncmp(disp, want, strlen(want)) == 0 && strstr(disp, ".json\"") &&
	    strlen(disp) == strlen(want) + 16, "as a file aicert-export-ann-DATE.json (%s)", disp);
	CHECK(r.body && strstr(r.body, "Ann Lin") && strstr(r.body, serial_a) &&
	    strstr(r.body, "Consent question ONE") && strstr(r.body, "Practice question THREE"),
	    "it holds her name, her certificate and the questions she was shown");
	CHECK(r.body && !strstr(r.body, "Bob Chen") && !strstr(r.body, serial_b) &&
	    !strstr(r.body, "\"bob\""), "and nothing of bob's");
	CHECK(r.body && !strstr(r.body, "$argon2") && !strstr(r.body, "\"password\""),
	    "nor her password hash");
	CHECK(r.body && !strstr(r.body, "zqfeedone") && strstr(r.body, "zqfeedtwo"),
	    "keys and feedback only of the practice exam, whose review shows them");
	CHECK_STR(testsrv_jstr(json_object_get(doc, "account"), "login"), "ann",
	    "the account is hers");
	CHECK(json_array_size(json_object_get(doc, "consents")) == 2,
	    "both versions she accepted are listed");
	CHECK(json_array_size(json_object_get(doc, "attempts")) == 2 &&
	    json_array_size(json_object_get(doc, "certificates")) == 1,
	    "her two attempts and one certificate");
	a = json_array_get(json_object_get(doc, "attempts"), 0);
	CHECK(json_object_size(json_object_get(a, "responses")) == 2 &&
	    json_is_object(json_object_get(a, "result")), "an attempt with her responses and score");
	CHECK(strstr(testsrv_jstr(json_array_get(json_object_get(doc, "certificates"), 0),
	    "verify_url"), "/V/") != NULL, "the certificate with its verification link");
	{
		int accepted = 0;
		json_t *e;

		json_array_foreach(json_object_get(doc, "audit"), i, e)
			accepted |= strcmp(testsrv_jstr(e, "action"), "consent.accept") == 0;
		CHECK(accepted, "the audit entries about her");
	}
	CHECK(r.body && strstr(r.body, "ann@example.tw") && strstr(r.body, "zqmail-ann") &&
	    strstr(r.body, "zqreq-ann") && !strstr(r.body, "zqmail-bob") &&
	    !strstr(r.body, "zqreq-bob"), "her address, her mail and her requests from the "
	    "tables other modules add, none of bob's");
	CHECK(json_object_get(json_object_get(doc, "records"), "sessions") != NULL &&
	    !strstr(r.body ? r.body : "", "token_hash"),
	    "her sessions among the other records, without their tokens");
	json_decref(doc);
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = ?1",
	    "account.export") == 1, "the export is audited");

	memset(&r, 0, sizeof r);
	doc = testsrv_api_opt(&srv, bob, "GET", "/api/v1/me/export", NULL, &o, &status);
	CHECK(status == 200 && r.body && strstr(r.body, serial_b) && !strstr(r.body, serial_a) &&
	    !strstr(r.body, "Ann Lin"), "bob's export holds his certificate and nothing of ann's");
	json_decref(doc);
	resp_free(&r);
	doc = testsrv_api(&srv, NULL, "GET", "/api/v1/me/export", NULL, &status);
	CHECK(status == 401, "nobody's export without signing in (%d)", status);
	json_decref(doc);
}

/* A version saved during an exam: the page form's submission goes
 * through (nothing typed is lost); the next page asks. */
static void
mid_exam(void)
{
	struct api_opt form = { .ctype = "application/x-www-form-urlencoded" };
	char tok[80], admin[80], path[200], loc[300];
	struct websess s;
	struct resp r;
	json_t *att;
	int status;

	CHECK(web_signin(&srv, "ann", "ann-pass-123", NULL, &s) == 0, "ann signs in by the form");
	testsrv_signin(&srv, "ann", "ann-pass-123", tok, sizeof tok);
	att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/practx/attempts", "{\"lang\":\"en\"}",
	    &status);
	snprintf(path, sizeof path, "/attempts/%s/submit", testsrv_jstr(att, "id"));
	json_decref(att);
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	json_decref(testsrv_api_opt(&srv, admin, "POST", "/console/notice",
	    "text_en=Third+%3Cscript%3Ealert(1)%3C%2Fscript%3E&text_zh=%E7%AC%AC%E4%B8%89%E7%89%88",
	    &form, &status));
	CHECK(status == 303, "a third version is saved while ann sits the practice (%d)", status);
	CHECK(web_get(&srv, NULL, "/privacy", "en", &r) == 0 && r.status == 200 && r.body &&
	    strstr(r.body, "Third &lt;script&gt;alert(1)&lt;/script&gt;") &&
	    !strstr(r.body, "<script>alert"), "markup in the notice is shown as text");
	resp_free(&r);
	CHECK(web_post(&srv, &s, path, "", 1, &r) == 0 && r.status == 303 &&
	    strstr(location(&r, loc, sizeof loc), "/result") != NULL,
	    "her submission by the page's form still goes through (%d %s)", r.status, loc);
	resp_free(&r);
	CHECK(web_get(&srv, &s, "/me", "en", &r) == 0 && r.status == 303 &&
	    strncmp(location(&r, loc, sizeof loc), "/consent", 8) == 0,
	    "then the next page asks for the new version (%s)", loc);
	resp_free(&r);
}

/* A learner imported with an access code meets the notice on the first
 * page after signing in with the code. */
static void
access_code(void)
{
	struct api_opt csv = { .ctype = "text/csv" };
	char coach[80], code[64], pre[128], csrf[128], h[300], body[400], tok[128], loc[300];
	struct websess s;
	struct resp r;
	json_t *j;
	int status;

	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/users/import?codes_days=1",
	    "login,name\ncody,Cody Wu\n", &csv, &status);
	snprintf(code, sizeof code, "%s",
	    testsrv_jstr(json_array_get(json_object_get(j, "learners"), 0), "code"));
	json_decref(j);
	CHECK(status == 201 && code[0], "the trainer imports a learner with an access code (%d)",
	    status);
	web_get(&srv, NULL, "/signin", "zh-TW", &r);
	resp_cookie(&r, "aicert_pre", pre, sizeof pre);
	web_csrf_of(r.body, csrf, sizeof csrf);
	resp_free(&r);
	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_pre=%s\r\n", pre);
	snprintf(body, sizeof body, "csrf=%s&code=%s&next=%%2Fme", csrf, code);
	CHECK(http_req(srv.port, "POST", "/signin", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_cookie(&r, "aicert_session", tok, sizeof tok),
	    "cody signs in with the code (%d)", r.status);
	resp_free(&r);
	memset(&s, 0, sizeof s);
	snprintf(s.cookie, sizeof s.cookie, "aicert_session=%s", tok);
	CHECK(web_get(&srv, &s, "/me", "zh-TW", &r) == 0 && r.status == 303 &&
	    strcmp(location(&r, loc, sizeof loc), "/consent?next=/me") == 0,
	    "his first page is the notice (%d %s)", r.status, loc);
	resp_free(&r);
	web_page_has(&srv, &s, "/consent?next=/me", "zh-TW", "個人資料蒐集告知", "接受並繼續");
}

void
test_consent(void)
{
	char out[4096];
	sqlite3 *db = NULL;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "c",
	    testsrv_file(&srv, "c.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "certx.json", cert_exam, strlen(cert_exam)), NULL) == 0 &&
	    testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "practx.json", prac_exam, strlen(prac_exam)), NULL) == 0,
	    "exams added: %s", out);
	testsrv_cli(&srv, "ann-pass-123\n", out, sizeof out, "user", "add", "--login", "ann",
	    "--name", "Ann Lin", "--role", "learner", NULL);
	testsrv_cli(&srv, "bob-pass-1234\n", out, sizeof out, "user", "add", "--login", "bob",
	    "--name", "Bob Chen", "--role", "learner", NULL);
	/* Tables as other modules add them: an outbox keyed by the
	 * account's address, requests keyed by the account. */
	CHECK(sqlite3_open(srv.db, &db) == SQLITE_OK && sqlite3_exec(db,
	    "UPDATE users SET email = 'ann@example.tw' WHERE login = 'ann';"
	    "UPDATE users SET email = 'bob@example.tw' WHERE login = 'bob';"
	    "CREATE TABLE x_outbox (id INTEGER PRIMARY KEY, \"to\" TEXT, text TEXT);"
	    "INSERT INTO x_outbox(\"to\", text) VALUES ('ANN@example.tw', 'zqmail-ann'), "
	    "  ('bob@example.tw', 'zqmail-bob');"
	    "CREATE TABLE x_requests (id INTEGER PRIMARY KEY, user_id INTEGER, name TEXT);"
	    "INSERT INTO x_requests(user_id, name) SELECT id, 'zqreq-' || login FROM users;",
	    NULL, NULL, NULL) == SQLITE_OK, "tables of other modules are added");
	sqlite3_close(db);
	if (testsrv_start(&srv, "--consent-gate", "on", NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	privacy_page();
	registration();
	gate();
	api();
	new_version();
	export();
	mid_exam();
	access_code();
	testsrv_stop(&srv, 15, NULL);
}
