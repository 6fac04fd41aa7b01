/*
 * test_cert.c - certificates as an employer meets them: pass an exam as
 * 王小明 through the API, download the PDF, read its QR with zbarimg,
 * open the page it names, verify online and offline, tamper, revoke,
 * re-issue, expire, rotate the key.
 */
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cert_code.h"
#include "keys.h"
#include "test.h"
#include "testsrv.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: c/all\n\n"
    "// [id:c1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:c2]\n::Two::Second question TWO{=right ~wrong}\n\n"
    "// [id:c3]\n::Three::Third question THREE{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"certx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"c/all\",\"count\":3}]}";

/* Takes certx answering every question right; returns the submit reply. */
static json_t *
pass_exam(const char *tok)
{
	int status;
	json_t *att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/certx/attempts",
	    "{\"lang\":\"en\"}", &status), *res;
	char path[256];

	testsrv_answer_all(&srv, tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	json_decref(att);
	return res;
}

/* The code part of a verify URL. */
static const char *
code_of(const char *url)
{
	const char *v = url ? strstr(url, "/V/") : NULL;

	return v ? v + 3 : "";
}

/* Runs a shell command, capturing its output; returns its exit status. */
static int
sh(const char *cmd, char *out, size_t n)
{
	FILE *p = popen(cmd, "r");
	size_t got = 0;
	int st;

	if (p == NULL)
		return -1;
	while (got < n - 1 && fgets(out + got, (int)(n - got), p) != NULL)
		got = strlen(out);
	out[got] = '\0';
	st = pclose(p);
	return WEXITSTATUS(st);
}

static int
have(const char *tool)
{
	char cmd[128], out[256];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1 && echo yes", tool);
	return sh(cmd, out, sizeof out) == 0 && strstr(out, "yes") != NULL;
}

static void
verify_json(const char *code, const char *want, const char *what)
{
	char path[1024];
	int status;
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/verify/%s", code);
	j = testsrv_api(&srv, NULL, "GET", path, NULL, &status);
	CHECK(status == 200 && json_string_value(json_object_get(j, "status")) &&
	    strcmp(json_string_value(json_object_get(j, "status")), want) == 0,
	    "%s: the API says %s (got %s)", what, want,
	    json_string_value(json_object_get(j, "status")) ?
	    json_string_value(json_object_get(j, "status")) : "nothing");
	json_decref(j);
}

void
test_cert(void)
{
	char out[8192], tok[64], other[64], coach[64], url[1024], code[1024], cmd[4096];
	const char *pub;
	json_t *res, *cert, *j;
	struct resp r;
	int status;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "c",
	    testsrv_file(&srv, "c.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "certx.json", exam, strlen(exam)), NULL) == 0, "exam added: %s", out);
	testsrv_cli(&srv, "holder-pass\n", out, sizeof out, "user", "add", "--login", "wang",
	    "--name", "王小明", "--name-alt", "Wang Hsiao-Ming", "--role", "learner", NULL);
	testsrv_cli(&srv, "other-pass1\n", out, sizeof out, "user", "add", "--login", "lee",
	    "--name", "李四", "--role", "learner", NULL);
	if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "wang", "holder-pass", tok, sizeof tok);
	testsrv_signin(&srv, "lee", "other-pass1", other, sizeof other);
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);

	res = pass_exam(tok);
	cert = json_object_get(res, "certificate");
	CHECK(json_is_true(json_object_get(res, "passed")) && json_is_object(cert),
	    "passing issues a certificate at once");
	snprintf(url, sizeof url, "%s", json_string_value(json_object_get(cert, "verify_url")) ?
	    json_string_value(json_object_get(cert, "verify_url")) : "");
	snprintf(code, sizeof code, "%s", code_of(url));
	CHECK(strncmp(url, "HTTP://CERT.EXAMPLE.TW/V/", 25) == 0 && strlen(code) > 50,
	    "the verify URL is on the issuer's base URL, upper case: %.60s...", url);
	{
		char path[256];

		snprintf(path, sizeof path, "%s", json_string_value(json_object_get(cert, "pdf_url")) ?
		    json_string_value(json_object_get(cert, "pdf_url")) : "/none");
		snprintf(out, sizeof out, "Authorization: Bearer %s\r\n", other);
		CHECK(http_req(srv.port, "GET", path, out, NULL, 0, &r) == 0 && r.status == 403,
		    "another learner cannot download it (%d)", r.status);
		resp_free(&r);
		snprintf(out, sizeof out, "Authorization: Bearer %s\r\n", tok);
		CHECK(http_req(srv.port, "GET", path, out, NULL, 0, &r) == 0 && r.status == 200 &&
		    r.body_len > 1000 && memcmp(r.body, "%PDF", 4) == 0,
		    "the holder downloads the PDF (%d, %zu bytes)", r.status, r.body_len);
	}
	pub = testsrv_file(&srv, "cert.pdf", r.body, r.body_len);
	{
		unsigned char h[32];
		char hex[65], path[1100];

		crypto_hash_sha256(h, (const unsigned char *)r.body, r.body_len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		resp_free(&r);
		snprintf(path, sizeof path, "/api/v1/verify/%s", code);
		j = testsrv_api(&srv, NULL, "GET", path, NULL, &status);
		CHECK(status == 200 && strcmp(json_string_value(json_object_get(j, "status")), "valid") == 0 &&
		    strcmp(json_string_value(json_object_get(j, "holder")), "王小明") == 0,
		    "the code verifies online as valid, for 王小明");
		CHECK(json_string_value(json_object_get(j, "pdf_sha256")) &&
		    strcmp(json_string_value(json_object_get(j, "pdf_sha256")), hex) == 0,
		    "the verification names the SHA-256 of the PDF as downloaded");
		/* the registry's exact times, which the PDF prints in the
		 * issuer's zone, not the code's UTC day: after 16:00 UTC the
		 * page said the day before the PDF (and the revocation) */
		CHECK(json_integer_value(json_object_get(j, "issued_at")) == testsrv_db_int(&srv,
		    "SELECT issued_at FROM certificates WHERE serial = ?",
		    json_string_value(json_object_get(j, "serial"))) &&
		    json_integer_value(json_object_get(j, "expires_at")) == testsrv_db_int(&srv,
		    "SELECT expires_at FROM certificates WHERE serial = ?",
		    json_string_value(json_object_get(j, "serial"))),
		    "its issue and end times are the registry's, as the PDF prints them (%lld)",
		    (long long)json_integer_value(json_object_get(j, "issued_at")));
		json_decref(j);
		/* A checked code's answer is remembered per language: English,
		 * Chinese, then English again each name the exam in theirs. */
		for (int k = 0; k < 3; k++) {
			const char *want = k == 1 ? "\"exam\":\"人工智慧基礎\"" :
			    "\"exam\":\"AI Basics\"";

			CHECK(http_req(srv.port, "GET", path, k == 1 ? "Accept-Language: zh-TW\r\n" :
			    "Accept-Language: en\r\n", NULL, 0, &r) == 0 && r.status == 200 &&
			    strstr(r.body, want) != NULL,
			    "verification #%d in %s names the exam in that language", k + 2,
			    k == 1 ? "zh-TW" : "en");
			resp_free(&r);
		}
	}
	if (have("pdftoppm") && have("zbarimg")) {
		snprintf(cmd, sizeof cmd, "cd %s && pdftoppm -r 150 -png %s page >/dev/null 2>&1 && "
		    "zbarimg --raw -q page-1.png 2>/dev/null", srv.dir, pub);
		CHECK(sh(cmd, out, sizeof out) == 0 && strncmp(out, url, strlen(url)) == 0,
		    "the QR in the PDF decodes to the verify URL (%.60s)", out);
	} else {
		SKIP("pdftoppm or zbarimg missing: QR not scanned");
	}
	if (have("pdftotext")) {
		/* The line a person types from a paper copy: the issuer's
		 * verification address, the serial and the check code
		 * (docs/certificate-format.md), worked out here again. */
		static const char abc[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
		crypto_hash_sha256_state st;
		unsigned char h[32];
		char cc[10], want[200];
		uint64_t v;

		crypto_hash_sha256_init(&st);
		crypto_hash_sha256_update(&st, (const unsigned char *)"aicert-check-v1", 16);
		crypto_hash_sha256_update(&st, (const unsigned char *)code, strlen(code));
		crypto_hash_sha256_final(&st, h);
		v = (uint64_t)h[0] << 32 | (uint64_t)h[1] << 24 | (uint64_t)h[2] << 16 |
		    (uint64_t)h[3] << 8 | h[4];
		for (int i = 0, o = 0; i < 8; i++) {
			if (i == 4)
				cc[o++] = '-';
			cc[o++] = abc[(v >> (35 - 5 * i)) & 31];
		}
		cc[9] = '\0';
		snprintf(want, sizeof want, "驗證 Verify: HTTP://CERT.EXAMPLE.TW/verify \u00b7 %s "
		    "\u00b7 %s", json_string_value(json_object_get(cert, "serial")), cc);
		snprintf(cmd, sizeof cmd, "cd %s && pdftotext %s - 2>&1", srv.dir, pub);
		CHECK(sh(cmd, out, sizeof out) == 0 && strstr(out, want) != NULL,
		    "the PDF prints \"%s\" to type in without the QR", want);
	}
	{
		char path[1200], lower[1100];

		snprintf(path, sizeof path, "/V/%s", code);
		snprintf(out, sizeof out, "Accept-Language: zh-TW\r\n");
		CHECK(http_req(srv.port, "GET", path, out, NULL, 0, &r) == 0 && r.status == 200 &&
		    strstr(r.body, "有效") && strstr(r.body, "王小明") && strstr(r.body, "人工智慧基礎") &&
		    strstr(r.body, "中華民國"), "the page the QR opens says valid, in zh-TW");
		resp_free(&r);
		for (size_t i = 0; code[i] && i < sizeof lower - 1; i++)
			lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
		lower[strlen(code)] = '\0';
		snprintf(path, sizeof path, "/v/%s", lower);
		CHECK(http_req(srv.port, "GET", path, "Accept-Language: en\r\n", NULL, 0, &r) == 0 &&
		    r.status == 200 && strstr(r.body, "Valid"), "the code is accepted in lower case");
		resp_free(&r);
	}
	{
		char bad[1024], path[1200];

		snprintf(bad, sizeof bad, "%s", code);
		bad[20] = bad[20] == 'A' ? 'B' : 'A';
		verify_json(bad, "invalid", "one character changed");
		/* Why, in the asker's language. */
		snprintf(path, sizeof path, "/api/v1/verify/%s", bad);
		CHECK(http_req(srv.port, "GET", path, "Accept-Language: en\r\n", NULL, 0, &r) == 0 &&
		    r.status == 200 && strstr(r.body, "the code was altered") != NULL,
		    "an altered code: the reason says so (%d %s)", r.status, r.body ? r.body : "");
		resp_free(&r);
		CHECK(http_req(srv.port, "GET", path, "Accept-Language: zh-TW\r\n", NULL, 0,
		    &r) == 0 && r.status == 200 && strstr(r.body, "此代碼已遭竄改") != NULL,
		    "and in zh-TW (%d %s)", r.status, r.body ? r.body : "");
		resp_free(&r);
		CHECK(http_req(srv.port, "GET", "/api/v1/verify/AAAAAAAA", "Accept-Language: zh-TW\r\n",
		    NULL, 0, &r) == 0 && r.status == 200 && strstr(r.body, "\"代碼太短\""),
		    "why a code is not one, in the asker's language: %s", r.body ? r.body : "");
		resp_free(&r);
		CHECK(http_req(srv.port, "GET", "/api/v1/verify/AAAAAAAA", "Accept-Language: en\r\n",
		    NULL, 0, &r) == 0 && r.status == 200 && strstr(r.body, "\"code too short\""),
		    "in English too: %s", r.body ? r.body : "");
		resp_free(&r);
	}

	/* offline: only the public key file */
	testsrv_cli(&srv, NULL, out, sizeof out, "key", "show", NULL);
	pub = testsrv_file(&srv, "issuer.pem", out, strlen(out));
	{
		char moved[256];

		snprintf(moved, sizeof moved, "%s.away", srv.db);
		testsrv_stop(&srv, SIGTERM, NULL);
		rename(srv.db, moved);	/* no database at all */
		snprintf(cmd, sizeof cmd, "%s verify '%s' --key %s 2>&1",
		    getenv("AICERT_BIN") ? getenv("AICERT_BIN") : "./aicert", url, pub);
		CHECK(sh(cmd, out, sizeof out) == 0 && strstr(out, "王小明") && strstr(out, "VALID"),
		    "aicert verify: valid offline with only the public key: %s", out);
		{
			char keep = url[40];

			url[40] = keep == 'A' ? 'B' : 'A';
			snprintf(cmd, sizeof cmd, "%s verify '%s' --key %s 2>&1",
			    getenv("AICERT_BIN") ? getenv("AICERT_BIN") : "./aicert", url, pub);
			CHECK(strlen(url) > 40 && sh(cmd, out, sizeof out) == 1,
			    "a tampered code: exit 1 offline: %s", out);
			url[40] = keep;
		}
		rename(moved, srv.db);
		if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", NULL) != 0) {
			CHECK(0, "server restarts");
			return;
		}
	}

	/* an expired certificate, and one from another installation */
	{
		struct signing_key k, stranger;
		struct cert_claims cl;
		char path[256], *c;

		snprintf(path, sizeof path, "%s/aicert.key", srv.dir);
		if (keys_load(path, &k) == 0) {
			memset(&cl, 0, sizeof cl);
			snprintf(cl.serial, sizeof cl.serial, "AIC-2020-999999");
			snprintf(cl.holder, sizeof cl.holder, "王小明");
			snprintf(cl.exam, sizeof cl.exam, "certx");
			cl.score_bp = 9000;
			cl.passed = 1;
			cl.issued_day = 18000;
			cl.expires_day = 18500;
			sodium_hex2bin(cl.key_id, 8, k.id, 16, NULL, NULL, NULL);
			c = cert_code_make(&cl, k.sk);
			verify_json(c ? c : "x", "expired", "a certificate past its expiry");
			free(c);
			snprintf(path, sizeof path, "%s/stranger.key", srv.dir);
			keys_create(path, &stranger);
			sodium_hex2bin(cl.key_id, 8, stranger.id, 16, NULL, NULL, NULL);
			cl.expires_day = 0;
			c = cert_code_make(&cl, stranger.sk);
			verify_json(c ? c : "x", "invalid", "a key from another installation");
			free(c);
		} else {
			CHECK(0, "the signing key file reads");
		}
	}

	/* revocation: online at once, and in the signed status list */
	{
		char path[256], serial[64];

		snprintf(serial, sizeof serial, "%s", json_string_value(json_object_get(cert, "serial")));
		snprintf(path, sizeof path, "/api/v1/certificates/%s/revoke", serial);
		j = testsrv_api(&srv, tok, "POST", path, "{\"reason\":\"mine\"}", &status);
		CHECK(status == 403, "a learner cannot revoke (%d)", status);
		json_decref(j);
		j = testsrv_api(&srv, coach, "POST", path, "{\"reason\":\"exam misconduct\"}", &status);
		CHECK(status == 200, "a trainer revokes (%d)", status);
		json_decref(j);
		verify_json(code, "revoked", "right after revocation");
		CHECK(http_req(srv.port, "GET", "/api/v1/status-list", NULL, NULL, 0, &r) == 0 &&
		    r.status == 200 && strstr(r.body, serial), "the status list names the serial");
		pub = testsrv_file(&srv, "status.txt", r.body, r.body_len);
		resp_free(&r);
		snprintf(cmd, sizeof cmd, "%s verify '%s' --key %s/issuer.pem --status-list %s 2>&1",
		    getenv("AICERT_BIN") ? getenv("AICERT_BIN") : "./aicert", url, srv.dir, pub);
		CHECK(sh(cmd, out, sizeof out) == 2 && strstr(out, "REVOKED"),
		    "offline with the status list: revoked, exit 2: %s", out);
		snprintf(path, sizeof path, "/api/v1/certificates/%s/reissue", serial);
		j = testsrv_api(&srv, coach, "POST", path, NULL, &status);
		CHECK(status == 201 && json_string_value(json_object_get(j, "serial")) &&
		    strcmp(json_string_value(json_object_get(j, "serial")), serial) != 0,
		    "re-issue gives a new serial (%d)", status);
		json_decref(j);
		j = testsrv_api(&srv, tok, "GET", "/api/v1/certificates", NULL, &status);
		CHECK(status == 200 && json_array_size(j) == 2, "the learner lists both certificates");
		json_decref(j);
	}

	/* key rotation: old certificates still verify */
	{
		testsrv_stop(&srv, SIGTERM, NULL);
		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "key", "rotate", NULL) == 0,
		    "aicert key rotate: %s", out);
		if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", NULL) != 0) {
			CHECK(0, "server restarts");
			return;
		}
		j = testsrv_api(&srv, NULL, "GET", "/.well-known/aicert-keys.json", NULL, &status);
		CHECK(status == 200 && json_array_size(json_object_get(j, "keys")) == 2,
		    "the key set lists the current and the retired key");
		json_decref(j);
		verify_json(code, "revoked", "a certificate signed by the retired key still checks");
	}
	json_decref(res);
	testsrv_stop(&srv, SIGTERM, NULL);
	{
		/* Verifications are logged without waiting; a clean stop still
		 * writes every one queued. */
		long long logged = testsrv_db_int(&srv, "SELECT sum(n) FROM verifications", NULL);
		long long valid = testsrv_db_int(&srv, "SELECT sum(n) FROM verifications "
		    "WHERE status = 'valid'", NULL);

		CHECK(logged >= 8 && valid >= 3, "every verification is logged (%lld, %lld valid)",
		    logged, valid);
	}
}
