/*
 * test_revoke.c - a revoked certificate as everyone meets it, and a
 * certificate found from its paper copy. 王小明 passes, his trainer revokes
 * the certificate: the verification page says so above everything else
 * in both languages and no longer gives an end date, his own pages show
 * the reason instead of a download, the PDF route refuses it to him, the
 * console marks it with no revoke button and lists it (a second trainer
 * sees none of it); after a re-issue the old serial names the new one.
 * The lookup by serial and name (either script, any case or width) or
 * by serial and check code answers as the QR does, a mismatch never says
 * which part was wrong, unknown parameters are refused, tries are limited
 * per address and logged with the way they were made.
 */
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_code.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: c/all\n\n"
    "// [id:c1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:c2]\n::Two::Second question TWO{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"revx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"c/all\",\"count\":2}]}";

/* s percent-encoded into out (every byte but unreserved ASCII). */
static const char *
urlenc(const char *s, char *out, size_t n)
{
	size_t o = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < n; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, n - o, "%%%02X", *p);
	}
	out[o] = '\0';
	return out;
}

/* GET /api/v1/lookup with the query q (already encoded), anonymous. */
static json_t *
lookup(const char *q, int *status)
{
	char path[4096];

	snprintf(path, sizeof path, "/api/v1/lookup?%s", q);
	return testsrv_api(&srv, NULL, "GET", path, NULL, status);
}

static const char *
jstatus(const json_t *j)
{
	return testsrv_jstr(j, "status");
}

/* GET path in lang as s (NULL anonymous): the body into out ("" on
 * failure); returns the status. */
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

/* The first 360 px screen of a page, as far as a test can tell: what
 * comes before the claims list's holder row. */
static int
before_holder(const char *body, const char *what)
{
	const char *h = strstr(body, "class=\"holder\""), *w = strstr(body, what);

	return h != NULL && w != NULL && w < h;
}

static void
lookups_before_revocation(const char *serial, const char *code)
{
	char q[2048], e1[512], e2[512], check[CERT_CHECK_LEN + 1], typed[32], path[2048];
	char body[65536], *verify_dump, *lookup_dump;
	json_t *j, *v;
	int status, st2;

	cert_check_code(code, check);
	snprintf(path, sizeof path, "/api/v1/verify/%s", code);
	v = testsrv_api(&srv, NULL, "GET", path, NULL, &status);
	snprintf(q, sizeof q, "serial=%s&name=%s", serial, urlenc("王小明", e1, sizeof e1));
	j = lookup(q, &status);
	verify_dump = json_dumps(v, JSON_SORT_KEYS);
	lookup_dump = json_dumps(j, JSON_SORT_KEYS);
	CHECK(status == 200 && strcmp(jstatus(j), "valid") == 0 && verify_dump && lookup_dump &&
	    strcmp(verify_dump, lookup_dump) == 0,
	    "serial and the Chinese name answer exactly as scanning the code (%d)", status);
	free(verify_dump);
	free(lookup_dump);
	json_decref(j);
	json_decref(v);

	snprintf(q, sizeof q, "serial=%s&name=%s", serial,
	    urlenc("  wang   HSIAO-ming ", e1, sizeof e1));
	j = lookup(q, &status);
	CHECK(status == 200 && strcmp(jstatus(j), "valid") == 0,
	    "the romanised name in any case, spaces collapsed (%d)", status);
	json_decref(j);
	snprintf(q, sizeof q, "serial=%s&name=%s", serial,
	    urlenc("Ｗａｎｇ　Ｈｓｉａｏ－Ｍｉｎｇ", e1, sizeof e1));
	j = lookup(q, &status);
	CHECK(status == 200 && strcmp(jstatus(j), "valid") == 0,
	    "the name typed in full-width letters (%d)", status);
	json_decref(j);
	/* the check code as a person types it: lower case, no hyphen, a space */
	snprintf(typed, sizeof typed, "%.4s %.4s", check, check + 5);
	for (char *p = typed; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	snprintf(q, sizeof q, "serial=%s&check=%s", serial, urlenc(typed, e1, sizeof e1));
	j = lookup(q, &status);
	CHECK(status == 200 && strcmp(jstatus(j), "valid") == 0 &&
	    strcmp(testsrv_jstr(j, "serial"), serial) == 0,
	    "serial and the check code typed loosely (%s) (%d)", typed, status);
	json_decref(j);

	/* mismatches: one answer, whichever part was wrong */
	{
		struct api_opt o = { 0 };
		struct resp r1, r2, r3;

		snprintf(q, sizeof q, "/api/v1/lookup?serial=%s&name=%s", serial,
		    urlenc("李四", e1, sizeof e1));
		o.keep = &r1;
		json_decref(testsrv_api_opt(&srv, NULL, "GET", q, NULL, &o, &status));
		snprintf(q, sizeof q, "/api/v1/lookup?serial=AIC-1999-999999&name=%s",
		    urlenc("王小明", e1, sizeof e1));
		o.keep = &r2;
		json_decref(testsrv_api_opt(&srv, NULL, "GET", q, NULL, &o, &st2));
		snprintf(q, sizeof q, "/api/v1/lookup?serial=%s&check=%s", serial,
		    strcmp(check, "0000-0000") ? "0000-0000" : "1111-1111");
		o.keep = &r3;
		json_decref(testsrv_api_opt(&srv, NULL, "GET", q, NULL, &o, &st2));
		CHECK(r1.status == 404 && r2.status == 404 && r3.status == 404 &&
		    strcmp(r1.body, r2.body) == 0 && strcmp(r2.body, r3.body) == 0,
		    "a wrong name, serial or check code: the same 404 (%d %d %d) %s", r1.status,
		    r2.status, r3.status, r1.body);
		CHECK(strstr(r1.body, "serial") == NULL || strstr(r1.body, "name") != NULL,
		    "the 404 names no single culprit: %s", r1.body);
		resp_free(&r1);
		resp_free(&r2);
		resp_free(&r3);
	}
	snprintf(q, sizeof q, "serial=%s&name=x&extra=1", serial);
	j = lookup(q, &status);
	CHECK(status == 400 && strstr(testsrv_jstr(j, "error"), "extra"),
	    "an unknown parameter is 400, named (%d)", status);
	json_decref(j);
	snprintf(q, sizeof q, "serial=%s", serial);
	j = lookup(q, &status);
	CHECK(status == 400, "a serial alone is 400 (%d)", status);
	json_decref(j);
	snprintf(q, sizeof q, "serial=%s&name=x&check=%s", serial, check);
	j = lookup(q, &status);
	CHECK(status == 400, "a name and a check code at once is 400 (%d)", status);
	json_decref(j);

	/* the page: a form in both languages, then the same page as the QR's */
	CHECK(page(NULL, "/verify", "en", body, sizeof body) == 200 &&
	    strstr(body, "Verify a certificate") && strstr(body, "name=\"serial\"") &&
	    strstr(body, "name=\"check\"") && strstr(body, "method=\"get\"") &&
	    strstr(body, "<a href=\"/verify/credential\">Check the credential</a>"),
	    "/verify is a form that works without script, and points to the credential check");
	CHECK(page(NULL, "/verify", "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, "查驗證書") && strstr(body, "檢查碼") &&
	    strstr(body, "<a href=\"/verify/credential\">查驗數位憑證</a>"), "/verify in zh-TW");
	CHECK(page(NULL, "/", "en", body, sizeof body) == 200 &&
	    strstr(body, "href=\"/verify\""), "the home page links /verify");
	snprintf(path, sizeof path, "/verify?serial=%s&name=%s", serial,
	    urlenc("Wang Hsiao-Ming", e1, sizeof e1));
	CHECK(page(NULL, path, "en", body, sizeof body) == 200 && strstr(body, "status-big valid") &&
	    strstr(body, "王小明") && strstr(body, serial),
	    "/verify by name shows the verification page");
	snprintf(path, sizeof path, "/verify?serial=%s&name=&check=%s", serial,
	    urlenc(check, e2, sizeof e2));
	CHECK(page(NULL, path, "zh-TW", body, sizeof body) == 200 && strstr(body, "有效") &&
	    strstr(body, "status-big valid"), "/verify by check code in zh-TW");
	snprintf(path, sizeof path, "/verify?serial=%s&name=%s&check=", serial,
	    urlenc("王大明", e1, sizeof e1));
	CHECK(page(NULL, path, "zh-TW", body, sizeof body) == 404 &&
	    strstr(body, "沒有符合") && strstr(body, "value=\"王大明\""),
	    "a mismatch shows the form again, as typed, with the one message");
	CHECK(page(NULL, "/verify?serial=x&name=y&debug=1", "en", body, sizeof body) == 400,
	    "/verify refuses an unknown parameter");
	CHECK(page(NULL, "/verify?serial=%22%3E%3Cscript%3Ex&name=%3Cscript%3Ealert(1)", "en", body,
	    sizeof body) == 404 && strstr(body, "<script>") == NULL &&
	    strstr(body, "&lt;script&gt;alert(1)"), "what was typed comes back escaped");
}

void
test_revoke(void)
{
	char out[8192], tok[64], coach[64], code[1024], serial[64], path[1100], attempt[64];
	char body[65536], newserial[64];
	struct websess wang, coachw, coach2w, adminw;
	json_t *res, *j;
	struct resp r;
	int status;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "coach-pass1");
	testsrv_user(&srv, "coach2", "Coach Two", "trainer", "coach-pass2");
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "c",
	    testsrv_file(&srv, "c.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "revx.json", exam, strlen(exam)), NULL) == 0, "exam added: %s", out);
	testsrv_cli(&srv, "holder-pass\n", out, sizeof out, "user", "add", "--login", "wang",
	    "--name", "王小明", "--name-alt", "Wang Hsiao-Ming", "--role", "learner", NULL);
	if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", "--verify-limit", "60",
	    NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "wang", "holder-pass", tok, sizeof tok);
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	{
		json_t *att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/revx/attempts",
		    "{\"lang\":\"en\"}", &status);

		testsrv_answer_all(&srv, tok, att, "right");
		snprintf(attempt, sizeof attempt, "%s", testsrv_jstr(att, "id"));
		snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", attempt);
		res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
		json_decref(att);
	}
	j = json_object_get(res, "certificate");
	snprintf(serial, sizeof serial, "%s", testsrv_jstr(j, "serial"));
	snprintf(code, sizeof code, "%s", strstr(testsrv_jstr(j, "verify_url"), "/V/") ?
	    strstr(testsrv_jstr(j, "verify_url"), "/V/") + 3 : "");
	CHECK(*serial && *code && strcmp(testsrv_jstr(j, "status"), "valid") == 0,
	    "passing issues a valid certificate");
	json_decref(res);
	if (!*serial || !*code)
		return;
	CHECK(web_signin(&srv, "wang", "holder-pass", NULL, &wang) == 0 &&
	    web_signin(&srv, "coach", "coach-pass1", NULL, &coachw) == 0 &&
	    web_signin(&srv, "coach2", "coach-pass2", NULL, &coach2w) == 0 &&
	    web_signin(&srv, "admin", "admin-pass-123", NULL, &adminw) == 0, "everyone signs in");

	CHECK(page(&wang, "/exams/revx", "en", body, sizeof body) == 200 &&
	    strstr(body, serial) && strstr(body, code),
	    "the exam's page links the certificate held to its code's page, not its serial's");
	lookups_before_revocation(serial, code);

	/* the revocation, from the console's form */
	snprintf(path, sizeof path, "/console/certificates/%s/revoke", serial);
	CHECK(web_post(&srv, &coachw, path, "exam=revx&reason=Exam+misconduct+%E4%BD%9C%E5%BC%8A",
	    1, &r) == 0 && r.status == 303, "the trainer revokes from the console (%d)", r.status);
	resp_free(&r);

	/* the verification page: date and reason first, no end date */
	snprintf(path, sizeof path, "/v/%s", code);
	CHECK(page(NULL, path, "en", body, sizeof body) == 200 &&
	    strstr(body, "Revoked on") && strstr(body, "Exam misconduct 作弊") &&
	    before_holder(body, "Revoked on") && before_holder(body, "Exam misconduct"),
	    "the page in English: revocation date and reason before the claims");
	CHECK(strstr(body, "Valid until") == NULL, "no \"Valid until\" on a revoked certificate");
	CHECK(page(NULL, path, "zh-TW", body, sizeof body) == 200 && strstr(body, "撤銷日期") &&
	    strstr(body, "中華民國") && before_holder(body, "撤銷日期") &&
	    before_holder(body, "Exam misconduct 作弊") && strstr(body, "有效期限至") == NULL,
	    "the page in zh-TW: 撤銷日期 and the reason first, no 有效期限至");

	/* the holder's pages and APIs */
	j = testsrv_api(&srv, tok, "GET", "/api/v1/certificates", NULL, &status);
	CHECK(status == 200 && strcmp(jstatus(json_array_get(j, 0)), "revoked") == 0 &&
	    json_integer_value(json_object_get(json_array_get(j, 0), "revoked_at")) > 0 &&
	    strcmp(testsrv_jstr(json_array_get(j, 0), "revoke_reason"),
	    "Exam misconduct 作弊") == 0 &&
	    json_is_null(json_object_get(json_array_get(j, 0), "superseded_by")),
	    "the certificates API says revoked, when and why");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/certificates/%s.pdf", serial);
	CHECK(page(&wang, "/me", "en", body, sizeof body) == 200 &&
	    strstr(body, "Exam misconduct 作弊") && strstr(body, "can no longer be downloaded") &&
	    strstr(body, path) == NULL, "/me: the notice instead of the download");
	snprintf(path, sizeof path, "/attempts/%s/result", attempt);
	CHECK(page(&wang, path, "zh-TW", body, sizeof body) == 200 && strstr(body, "撤銷") &&
	    strstr(body, "Exam misconduct 作弊") && strstr(body, "/api/v1/certificates/") == NULL,
	    "the result page: the notice instead of the download (the score report stays)");
	snprintf(path, sizeof path, "/api/v1/certificates/%s.pdf", serial);
	CHECK(page(&wang, "/exams/revx", "en", body, sizeof body) == 200 &&
	    strstr(body, serial) == NULL && strstr(body, path) == NULL,
	    "the exam's page no longer counts the revoked certificate as held");
	CHECK(web_req(&srv, &wang, "GET", path, "en", "Accept: text/html\r\n", NULL, 0, &r) == 0 &&
	    r.status == 410 && strstr(r.body, "Exam misconduct 作弊") &&
	    strstr(r.body, "<html"), "the PDF route refuses its holder with a page (%d)", r.status);
	resp_free(&r);
	j = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	CHECK(status == 410 && strcmp(jstatus(j), "revoked") == 0, "and in JSON (%d)", status);
	json_decref(j);
	CHECK(web_get(&srv, &coachw, path, "en", &r) == 0 && r.status == 200 &&
	    r.body_len > 4 && memcmp(r.body, "%PDF", 4) == 0,
	    "the exam's trainer still downloads it for the records (%d)", r.status);
	resp_free(&r);

	/* the console */
	snprintf(path, sizeof path, "/console/certificates/%s/revoke", serial);
	CHECK(page(&coachw, "/console/exams/revx", "en", body, sizeof body) == 200 &&
	    strstr(body, "badge bad\">Revoked") && strstr(body, "Exam misconduct 作弊") &&
	    strstr(body, path) == NULL, "the results table: revoked, the reason, no revoke form");
	CHECK(strstr(body, "href=\"/console/certificates?exam=revx\""),
	    "the exam's page links its revoked certificates");
	j = testsrv_api(&srv, coach, "GET", "/api/v1/exams/revx/results", NULL, &status);
	{
		json_t *rows = json_is_array(j) ? j : json_object_get(j, "rows"), *row;
		size_t i;
		int seen = 0;

		json_array_foreach(rows, i, row)
			if (strcmp(testsrv_jstr(row, "serial"), serial) == 0)
				seen = strcmp(testsrv_jstr(row, "cert_status"), "revoked") == 0 &&
				    json_integer_value(json_object_get(row, "revoked_at")) > 0;
		CHECK(status == 200 && seen, "the results API says the certificate is revoked");
	}
	json_decref(j);
	CHECK(page(&coachw, "/api/v1/exams/revx/results.csv", "en", body, sizeof body) == 200 &&
	    strstr(body, ",certificate_status\r\n") && strstr(body, ",revoked\r\n"),
	    "the results CSV says the certificate is revoked");
	CHECK(page(&coachw, "/console/certificates", "en", body, sizeof body) == 200 &&
	    strstr(body, serial) && strstr(body, "Exam misconduct 作弊"),
	    "the console's list of revoked certificates");
	CHECK(page(&coachw, "/console/certificates?exam=revx", "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, serial) && strstr(body, "已撤銷的證書"), "filtered by exam, in zh-TW");
	CHECK(page(&adminw, "/console/certificates", "en", body, sizeof body) == 200 &&
	    strstr(body, serial), "the admin sees it");
	CHECK(page(&coach2w, "/console/certificates", "en", body, sizeof body) == 200 &&
	    strstr(body, serial) == NULL, "another trainer does not");
	CHECK(page(&coach2w, "/console/certificates?exam=revx", "en", body, sizeof body) == 403,
	    "nor by naming the exam");
	CHECK(page(&coachw, "/console/certificates?exam=revx&x=1", "en", body, sizeof body) == 400,
	    "an unknown parameter is refused");
	CHECK(page(&coachw, "/console/certificates.csv?exam=revx", "en", body, sizeof body) == 200 &&
	    strstr(body, "serial,exam,holder") && strstr(body, serial) &&
	    strstr(body, "Exam misconduct 作弊"), "the CSV");
	CHECK(page(&coach2w, "/console/certificates.csv", "en", body, sizeof body) == 200 &&
	    strstr(body, serial) == NULL, "another trainer's CSV holds none of it");

	/* re-issued: the old serial names the new one, in the page's language */
	snprintf(path, sizeof path, "/api/v1/certificates/%s/reissue", serial);
	j = testsrv_api(&srv, coach, "POST", path, NULL, &status);
	snprintf(newserial, sizeof newserial, "%s", testsrv_jstr(j, "serial"));
	json_decref(j);
	CHECK(status == 201 && *newserial, "re-issued (%d)", status);
	{
		char q[512], e1[256];

		snprintf(q, sizeof q, "serial=%s&name=%s", serial, urlenc("王小明", e1, sizeof e1));
		j = lookup(q, &status);
		CHECK(status == 200 && strcmp(jstatus(j), "revoked") == 0 &&
		    strcmp(testsrv_jstr(j, "superseded_by"), newserial) == 0,
		    "the old serial looked up: revoked, superseded_by the new one");
		json_decref(j);
	}
	snprintf(path, sizeof path, "/v/%s", code);
	CHECK(page(NULL, path, "zh-TW", body, sizeof body) == 200 &&
	    strstr(body, "已由證書") && strstr(body, newserial) &&
	    strstr(body, "superseded by") == NULL,
	    "the old certificate's page in zh-TW names its replacement in Chinese");
	CHECK(page(NULL, path, "en", body, sizeof body) == 200 &&
	    strstr(body, "Replaced by certificate") && strstr(body, newserial),
	    "and in English");
	{
		const char *a = strstr(body, "<dd class=\"reason\"><a href=\"/v/");
		char next[1100];

		CHECK(a != NULL, "the replacement is linked to its own page");
		if (a != NULL) {
			a += strlen("<dd class=\"reason\"><a href=\"");
			snprintf(next, sizeof next, "%.*s", (int)strcspn(a, "\""), a);
			CHECK(page(NULL, next, "en", body, sizeof body) == 200 &&
			    strstr(body, "status-big valid") && strstr(body, newserial),
			    "which shows the new certificate valid");
		}
	}
	CHECK(page(&coachw, "/console/certificates", "en", body, sizeof body) == 200 &&
	    strstr(body, newserial), "the console's list shows the replacement");
	/* a re-issue of a valid certificate: its recorded reason is English */
	{
		char second[64];

		snprintf(path, sizeof path, "/api/v1/certificates/%s/reissue", newserial);
		j = testsrv_api(&srv, coach, "POST", path, NULL, &status);
		snprintf(second, sizeof second, "%s", testsrv_jstr(j, "serial"));
		json_decref(j);
		CHECK(page(&coachw, "/console/certificates", "zh-TW", body, sizeof body) == 200 &&
		    strstr(body, second) && strstr(body, "已重新核發") &&
		    strstr(body, "superseded by") == NULL,
		    "the console's list says re-issued in zh-TW, not the recorded English");
		CHECK(page(&wang, "/me", "zh-TW", body, sizeof body) == 200 &&
		    strstr(body, "取代") && strstr(body, "superseded by") == NULL,
		    "/me says which certificate replaced it, in zh-TW");
	}

	/* the lookup is limited per address like the QR's check */
	{
		char q[512];
		int got = 0, first = 0;
		char ra[32] = "";

		snprintf(q, sizeof q, "/api/v1/lookup?serial=%s&name=nobody", serial);
		for (int i = 0; i < 70 && got != 429; i++) {
			if (http_req_from("127.0.0.9", srv.port, "GET", q, NULL, NULL, 0, &r) != 0)
				break;
			got = r.status;
			if (got == 429 && first == 0) {
				first = i + 1;
				resp_header(&r, "Retry-After", ra, sizeof ra);
			}
			resp_free(&r);
		}
		CHECK(got == 429 && first > 50 && atoi(ra) > 0,
		    "lookups from one address: 429 with Retry-After after the limit (%d at %d)",
		    got, first);
	}
	testsrv_stop(&srv, SIGTERM, NULL);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = "
	    "'certificates.export'", NULL) >= 2, "the CSV downloads are audited");
	CHECK(testsrv_db_int(&srv, "SELECT sum(n) FROM verifications WHERE via = 'serial+name' "
	    "AND status = 'valid'", NULL) >= 3 &&
	    testsrv_db_int(&srv, "SELECT sum(n) FROM verifications WHERE via = 'serial+check' "
	    "AND status = 'valid'", NULL) >= 2 &&
	    testsrv_db_int(&srv, "SELECT sum(n) FROM verifications WHERE via = 'serial+name' "
	    "AND status = 'invalid'", NULL) >= 2,
	    "the log says how each certificate was looked up, misses included");
}
