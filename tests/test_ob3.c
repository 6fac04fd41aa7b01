/*
 * test_ob3.c - a certificate as an Open Badges 3.0 credential, as a
 * holder, an employer and a wallet meet it: 王小明 passes an exam and
 * downloads the credential; who else may; its shape and that the same
 * certificate gives the same bytes; the published status list (ETag, the
 * bit flipping on revocation); aicert's own verifier (the API, the page
 * in both languages, `aicert verify --credential`) on the credential, on
 * tampered copies and after the revocation; then, when node, the npm
 * checkers and ../shared are at hand, independent implementations
 * (tests/browser/ob3-check.mjs): the OB3 JSON schema, jsonld.js's
 * canonical form byte for byte, @digitalbazaar's proof and status checks.
 */
#include <ctype.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "ob3.h"
#include "test.h"
#include "testsrv.h"

static struct testsrv srv;
static char att_id[64];

static const char bank[] =
    "$CATEGORY: c/all\n\n"
    "// [id:c1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:c2]\n::Two::Second question TWO{=right ~wrong}\n\n"
    "// [id:c3]\n::Three::Third question THREE{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"obx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"c/all\",\"count\":3}]}";

/* Passes obx as the holder of tok; the certificate's serial into out. */
static void
pass_exam(const char *tok, char *out, size_t n)
{
	int status;
	json_t *att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/obx/attempts",
	    "{\"lang\":\"en\"}", &status), *res;
	char path[256];

	testsrv_answer_all(&srv, tok, att, "right");
	snprintf(att_id, sizeof att_id, "%s", testsrv_jstr(att, "id"));
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	snprintf(out, n, "%s", testsrv_jstr(json_object_get(res, "certificate"), "serial"));
	json_decref(att);
	json_decref(res);
}

/* GET path as tok (NULL: anonymous): the status, the body into *body
 * (malloc'd, caller frees; NULL if not wanted). */
static int
get(const char *path, const char *tok, char **body)
{
	char h[256] = "";
	struct resp r;
	int st;

	if (tok != NULL)
		snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", tok);
	if (http_req(srv.port, "GET", path, h, NULL, 0, &r) != 0)
		return 0;
	st = r.status;
	if (body != NULL)
		*body = r.body ? strndup(r.body, r.body_len) : strdup("");
	resp_free(&r);
	return st;
}

/* POST the credential text to /api/v1/credentials/verify: its "status". */
static char *
api_verdict(const char *text, char *why, size_t n)
{
	static char st[32];
	struct resp r;
	json_t *j = NULL;

	st[0] = why[0] = '\0';
	if (http_req(srv.port, "POST", "/api/v1/credentials/verify",
	    "Content-Type: application/json\r\n", text, strlen(text), &r) == 0) {
		j = json_loadb(r.body ? r.body : "", r.body_len, 0, NULL);
		snprintf(st, sizeof st, "%s", r.status == 200 ? testsrv_jstr(j, "status") : "http");
		snprintf(why, n, "%d %s", r.status, testsrv_jstr(j, "detail"));
		resp_free(&r);
	}
	json_decref(j);
	return st;
}

/* The credential's bit in the status list text: 0, 1, or -1. */
static int
list_bit(const char *list, long idx)
{
	json_t *j = json_loads(list, 0, NULL);
	unsigned char *bits = NULL;
	size_t nbits = 0;
	int bit = -1;

	if (ob3_bits_decode(json_string_value(json_object_get(json_object_get(j,
	    "credentialSubject"), "encodedList")), &bits, &nbits) == 0 && nbits >= OB3_STATUS_BITS &&
	    idx >= 0 && (size_t)idx < nbits)
		bit = bits[idx / 8] >> (7 - idx % 8) & 1;
	free(bits);
	json_decref(j);
	return bit;
}

/* A copy of cred with one change made by edit. */
static char *
tamper(json_t *cred, void (*edit)(json_t *))
{
	json_t *c = json_deep_copy(cred);
	char *s;

	edit(c);
	s = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	return s;
}

static void
edit_score(json_t *c)
{
	json_object_set_new(json_array_get(json_object_get(json_object_get(c,
	    "credentialSubject"), "result"), 0), "value", json_string("99"));
}

static void
edit_holder(json_t *c)
{
	json_object_set_new(json_array_get(json_object_get(json_object_get(c,
	    "credentialSubject"), "identifier"), 0), "identityHash", json_string("李四"));
}

static void
edit_until(json_t *c)
{
	json_object_set_new(c, "validUntil", json_string("2099-01-01T00:00:00Z"));
}

static void
edit_index(json_t *c)
{
	json_object_set_new(json_object_get(c, "credentialStatus"), "statusListIndex",
	    json_string("7"));
}

static void
edit_extra(json_t *c)
{
	json_object_set_new(c, "awardedDate", json_string("2020-01-01T00:00:00Z"));
}

static void
edit_drop_status(json_t *c)
{
	json_object_del(c, "credentialStatus");
}

/* Copies of cred with awkward text, each with aicert's canonical form,
 * for the node checker to compare with jsonld.js's: variant-N.json and
 * variant-N.nq (quotes, backslashes, controls, a character beyond
 * U+FFFF beside one of U+E000..U+FFFF (JavaScript sorts by UTF-16 units),
 * one name, no expiry, many results, competency alignments). */
static void
write_variants(json_t *cred, struct arena *ar)
{
	static const char *const names[] = {
	    "Q\"uote \\ back\tslash\nline\r\b\f\x01\x7f end",
	    "\xf0\x9f\x98\x80 smile", "\xee\x80\x80 private", "É", "" };
	const char *why = NULL;

	for (size_t i = 0; i < 8; i++) {
		json_t *c = json_deep_copy(cred), *sub = json_object_get(c, "credentialSubject");
		json_t *ids = json_object_get(sub, "identifier");
		char name[32], *nq, *text;

		if (i < 5) {
			json_object_set_new(json_array_get(ids, 0), "identityHash",
			    json_string(names[i]));
			json_object_set_new(json_array_get(ids, 1), "identityHash",
			    json_string(names[(i + 1) % 5]));
			json_object_set_new(c, "name", json_string(names[(i + 2) % 5]));
		} else if (i == 5) {
			json_array_remove(ids, 1);
			json_object_del(c, "validUntil");
		} else if (i == 7) {
			/* competency areas as alignments, one name in Chinese */
			json_object_set_new(json_object_get(sub, "achievement"), "alignment",
			    json_pack("[{s:[s], s:s, s:s, s:s, s:s, s:s}, {s:[s], s:s, s:s, s:s, s:s, s:s}]",
			    "type", "Alignment", "targetName", "Concepts / 基本概念", "targetCode", "AIL.1",
			    "targetFramework", "AI literacy", "targetType", "ceasn:Competency",
			    "targetUrl", "https://certs.example.org/frameworks/ai-literacy#AIL.1",
			    "type", "Alignment", "targetName", "Data", "targetCode", "AIL.2",
			    "targetFramework", "AI literacy", "targetType", "ceasn:Competency",
			    "targetUrl", "https://certs.example.org/frameworks/ai-literacy#AIL.2"));
		} else {
			json_t *r = json_object_get(sub, "result");

			json_array_append_new(r, json_pack("{s:[s], s:s}", "type", "Result",
			    "value", "50"));
			json_array_append_new(r, json_pack("{s:[s], s:s}", "type", "Result",
			    "value", "51"));
		}
		nq = ob3_canon(ar, c, OB3_CREDENTIAL, &why);
		text = json_dumps(c, JSON_COMPACT);
		snprintf(name, sizeof name, "variant-%zu.json", i);
		testsrv_file(&srv, name, text, 0);
		snprintf(name, sizeof name, "variant-%zu.nq", i);
		testsrv_file(&srv, name, nq ? nq : "(aicert refused it)\n", 0);
		free(text);
		json_decref(c);
	}
}

/* Runs cmd (a shell line), its output into out. The exit status. */
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

/* The independent checkers, when node, the npm packages and ../shared
 * are there; else a visible skip saying which is missing. */
static void
npm_checks(void)
{
	const char *conf;
	char cmd[2048], out[16384], abs[1024];

	if (access("tests/browser/node_modules/@digitalbazaar/vc/package.json", R_OK) != 0 ||
	    sh("command -v node >/dev/null 2>&1", out, sizeof out) != 0) {
		SKIP("ob3: node or the npm checkers (make npm-deps) missing: the credential "
		    "was not checked by jsonld.js, ajv and @digitalbazaar/vc");
		return;
	}
	if ((conf = test_conformance_dir("ob3: the OB3 schema and context")) == NULL)
		return;
	if (realpath(conf, abs) == NULL)
		snprintf(abs, sizeof abs, "%s", conf);
	snprintf(cmd, sizeof cmd, "node tests/browser/ob3-check.mjs %s %s 2>&1", srv.dir, abs);
	CHECK(sh(cmd, out, sizeof out) == 0, "the independent checkers accept the credential, "
	    "its status before and after revocation, and refuse the tampered copy:\n%s", out);
	CHECK(strstr(out, "ok: jsonld.js canonicalizes") != NULL,
	    "jsonld.js's canonical N-Quads equal aicert's byte for byte");
	CHECK(strstr(out, "ok: the credential validates against the OB3") != NULL,
	    "the credential validates against the OB3 JSON schema");
}

void
test_ob3(void)
{
	char out[16384], tok[64], other[64], coach[64], coach2[64], admin[64];
	char serial[64], path[256], why[256], cmd[2048];
	char *body = NULL, *body2 = NULL, *list = NULL, *list2 = NULL, *t;
	json_t *cred, *j;
	struct resp r;
	long idx;
	int st;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, "coach2-pass1\n", out, sizeof out, "user", "add", "--login", "coach2",
	    "--name", "Coach Two", "--role", "trainer", NULL);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "c",
	    testsrv_file(&srv, "c.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "obx.json", exam, strlen(exam)), NULL) == 0, "exam added: %s", out);
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
	testsrv_signin(&srv, "coach2", "coach2-pass1", coach2, sizeof coach2);
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	pass_exam(tok, serial, sizeof serial);
	CHECK(serial[0] != '\0', "passing issues a certificate");

	/* who may have it */
	snprintf(path, sizeof path, "/api/v1/certificates/%s/credential", serial);
	CHECK((st = get(path, tok, &body)) == 200, "the holder downloads the credential (%d)", st);
	CHECK((st = get(path, other, NULL)) == 403, "another learner may not (%d)", st);
	CHECK((st = get(path, coach2, NULL)) == 403, "nor a trainer of other exams (%d)", st);
	CHECK((st = get(path, NULL, NULL)) == 401, "nor anyone signed out (%d)", st);
	CHECK((st = get(path, coach, &body2)) == 200, "the exam's trainer may (%d)", st);
	CHECK(get(path, admin, NULL) == 200, "and an admin");
	CHECK((st = get("/api/v1/certificates/AIC-2000-999999/credential", tok, NULL)) == 404,
	    "an unknown serial is 404 (%d)", st);
	CHECK(body != NULL && body2 != NULL && strcmp(body, body2) == 0,
	    "the same certificate gives the same credential, byte for byte");

	/* the holder's pages offer it next to the PDF */
	{
		char h[256];

		snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: zh-TW\r\n", tok);
		snprintf(why, sizeof why, "href=\"/api/v1/certificates/%s/credential\" download>"
		    "下載數位憑證</a>", serial);
		CHECK(http_req(srv.port, "GET", "/me", h, NULL, 0, &r) == 0 && r.status == 200 &&
		    r.body && strstr(r.body, why), "the account page links 下載數位憑證 (%d)", r.status);
		resp_free(&r);
		snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: en\r\n", tok);
		snprintf(why, sizeof why, "href=\"/api/v1/certificates/%s/credential\" download>"
		    "Download for your wallet</a>", serial);
		snprintf(path, sizeof path, "/attempts/%s/result", att_id);
		CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 && r.status == 200 &&
		    r.body && strstr(r.body, why), "the result page links Download for your wallet "
		    "(%d)", r.status);
		resp_free(&r);
	}

	/* its shape */
	cred = json_loads(body ? body : "", 0, NULL);
	j = json_object_get(cred, "credentialSubject");
	CHECK_STR(json_string_value(json_array_get(json_object_get(cred, "@context"), 1)),
	    OB3_CTX_OB, "the OB 3.0 context");
	CHECK_STR(json_string_value(json_array_get(json_object_get(cred, "type"), 1)),
	    "OpenBadgeCredential", "its type");
	CHECK_STR(testsrv_jstr(json_object_get(cred, "issuer"), "id"),
	    "http://cert.example.tw/api/v1/issuer", "the issuer's profile URL");
	CHECK_STR(testsrv_jstr(json_array_get(json_object_get(j, "identifier"), 0), "identityHash"),
	    "王小明", "the holder's name");
	CHECK_STR(testsrv_jstr(json_array_get(json_object_get(j, "identifier"), 1), "identityHash"),
	    "Wang Hsiao-Ming", "the holder's name in the other script");
	CHECK_STR(testsrv_jstr(json_object_get(j, "achievement"), "id"),
	    "http://cert.example.tw/exams/obx", "the achievement is the exam");
	CHECK_STR(testsrv_jstr(json_array_get(json_object_get(j, "result"), 0), "value"), "100",
	    "the score");
	CHECK_STR(testsrv_jstr(json_array_get(json_object_get(cred, "proof"), 0), "cryptosuite"), "eddsa-rdfc-2022",
	    "an eddsa-rdfc-2022 proof");
	CHECK(strncmp(testsrv_jstr(json_array_get(json_object_get(cred, "proof"), 0), "verificationMethod"),
	    "http://cert.example.tw/api/v1/issuer#key-", 41) == 0,
	    "its key is named under the issuer's profile");
	idx = strtol(testsrv_jstr(json_object_get(cred, "credentialStatus"), "statusListIndex"),
	    NULL, 10);
	CHECK(idx == testsrv_db_int(&srv, "SELECT status_index FROM certificates WHERE serial = ?1",
	    serial), "its status-list place is the certificate's (%ld)", idx);
	CHECK_STR(testsrv_jstr(json_object_get(cred, "credentialStatus"), "statusListCredential"),
	    "http://cert.example.tw/api/v1/status/1", "it points to the published status list");

	/* the status list */
	CHECK(http_req(srv.port, "GET", "/api/v1/status/1", NULL, NULL, 0, &r) == 0 &&
	    r.status == 200, "the status list is public (%d)", r.status);
	{
		char etag[64] = "", h[128];

		resp_header(&r, "ETag", etag, sizeof etag);
		list = r.body ? strndup(r.body, r.body_len) : NULL;
		resp_free(&r);
		CHECK(etag[0] == '"', "it has an ETag (%s)", etag);
		snprintf(h, sizeof h, "If-None-Match: %s\r\n", etag);
		CHECK(http_req(srv.port, "GET", "/api/v1/status/1", h, NULL, 0, &r) == 0 &&
		    r.status == 304, "a cache holding it is told it has not changed (%d)", r.status);
		resp_free(&r);
	}
	CHECK(list != NULL && list_bit(list, idx) == 0, "the certificate's bit is clear");
	CHECK(strcmp(api_verdict(body ? body : "", why, sizeof why), "valid") == 0,
	    "the API verifies the credential as valid (%s)", why);
	CHECK(http_req(srv.port, "POST", "/api/v1/credentials/verify",
	    "Content-Type: application/json\r\n", body, strlen(body), &r) == 0 && r.body &&
	    strstr(r.body, "\"exam_id\":\"obx\"") && strstr(r.body, "\"serial\":\"") &&
	    strstr(r.body, "\"holder\":\"王小明\"") && strstr(r.body, "\"in_registry\":true"),
	    "its verdict names the holder, exam and serial as a code's does: %.300s", r.body);
	resp_free(&r);

	/* what the holder hands over, checked offline */
	{
		char *keys = NULL, *a = NULL;
		const char *kf, *cf, *lf;
		struct arena *ar = arena_new();
		const char *w = NULL;

		get("/.well-known/aicert-keys.json", NULL, &keys);
		kf = testsrv_file(&srv, "keys.json", keys, 0);
		cf = testsrv_file(&srv, "credential.json", body, 0);
		lf = testsrv_file(&srv, "status-before.json", list, 0);
		a = ob3_canon(ar, cred, OB3_CREDENTIAL, &w);
		testsrv_file(&srv, "canon.nq", a ? a : "", 0);
		CHECK(a != NULL && strstr(a, "\"王小明\"") != NULL, "aicert reads its credential as RDF");
		st = testsrv_cli(&srv, NULL, out, sizeof out, "verify", "--credential", cf, "--keys",
		    kf, "--status", lf, NULL);
		CHECK(st == 0 && strstr(out, "VALID") && strstr(out, "王小明"),
		    "aicert verify --credential says VALID offline (%d): %s", st, out);
		st = testsrv_cli(&srv, NULL, out, sizeof out, "verify", "--credential", cf, NULL);
		CHECK(st == 0, "and with the database's key set (%d): %s", st, out);
		st = testsrv_cli(&srv, NULL, out, sizeof out, "verify", "--credential", NULL);
		CHECK(st == 2, "--credential without a file is a usage error (%d)", st);
		st = testsrv_cli(&srv, NULL, out, sizeof out, "verify", "AAAA", "--status", lf, NULL);
		CHECK(st == 2, "a code with --status (a credential's option) is a usage error (%d)", st);
		st = testsrv_cli(&srv, NULL, out, sizeof out, "verify", "--credential",
		    testsrv_file(&srv, "nothing.json", "{}", 0), "--keys", kf, NULL);
		CHECK(st == 1 && strstr(out, "INVALID"), "an empty object is INVALID (%d)", st);
		free(keys);
		arena_free(ar);
	}

	/* tampered copies fail everywhere */
	{
		static void (*const edits[])(json_t *) = { edit_score, edit_holder, edit_until,
		    edit_index, edit_extra, edit_drop_status };
		static const char *const what[] = { "a raised score", "another holder",
		    "a later expiry", "another status place", "an added claim", "no status" };

		for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
			t = tamper(cred, edits[i]);
			CHECK(strcmp(api_verdict(t, why, sizeof why), "invalid") == 0,
			    "the API refuses a copy with %s (%s)", what[i], why);
			if (i == 0) {
				testsrv_file(&srv, "tampered.json", t, 0);
				st = testsrv_cli(&srv, NULL, out, sizeof out, "verify", "--credential",
				    testsrv_file(&srv, "t.json", t, 0), NULL);
				CHECK(st == 1 && strstr(out, "INVALID"),
				    "aicert verify --credential refuses it (%d): %s", st, out);
			}
			free(t);
		}
		t = tamper(cred, edit_score);
		CHECK(http_req(srv.port, "POST", "/api/v1/credentials/verify",
		    "Content-Type: application/json\r\nAccept-Language: zh-TW\r\n", t, strlen(t),
		    &r) == 0 && r.body && strstr(r.body, "簽章不符"),
		    "a Chinese reader is told why in Chinese: the signature does not match");
		resp_free(&r);
		free(t);
		CHECK(strcmp(api_verdict("not json", why, sizeof why), "invalid") == 0,
		    "text that is not JSON is invalid (%s)", why);
	}

	/* the page, in both languages */
	CHECK(get("/verify/credential", NULL, &t) == 200 && strstr(t, "Check a digital credential") &&
	    strstr(t, "type=\"file\"") && strstr(t, "<textarea"), "the page offers a file and a text box");
	free(t);
	{
		char *form = malloc(strlen(body) * 3 + 32), *p;

		p = form + sprintf(form, "credential=");
		for (const char *s = body; *s; s++)
			p += isalnum((unsigned char)*s) ? sprintf(p, "%c", *s) :
			    sprintf(p, "%%%02X", (unsigned char)*s);
		CHECK(http_req(srv.port, "POST", "/verify/credential",
		    "Content-Type: application/x-www-form-urlencoded\r\nAccept-Language: zh-TW\r\n",
		    form, strlen(form), &r) == 0 && r.status == 200 && r.body &&
		    strstr(r.body, "有效") && strstr(r.body, "王小明") && strstr(r.body, "查驗數位憑證"),
		    "the page, in Chinese, shows the pasted credential valid for 王小明 (%d)", r.status);
		resp_free(&r);
		free(form);
	}
	{
		char mp[70000];
		int n = snprintf(mp, sizeof mp, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
		    "filename=\"c.json\"\r\nContent-Type: application/json\r\n\r\n%s\r\n"
		    "--XyZ\r\nContent-Disposition: form-data; name=\"credential\"\r\n\r\n\r\n--XyZ--\r\n",
		    t = tamper(cred, edit_holder));

		CHECK(http_req(srv.port, "POST", "/verify/credential",
		    "Content-Type: multipart/form-data; boundary=XyZ\r\nAccept-Language: en\r\n",
		    mp, (size_t)n, &r) == 0 && r.status == 200 && r.body &&
		    strstr(r.body, "Not a valid credential"),
		    "an uploaded tampered file is shown as not valid (%d)", r.status);
		resp_free(&r);
		free(t);
	}
	{
		char *big = malloc(70 * 1024);

		memset(big, ' ', 70 * 1024 - 1);
		big[0] = '{';
		big[70 * 1024 - 2] = '}';
		big[70 * 1024 - 1] = '\0';
		CHECK(http_req(srv.port, "POST", "/api/v1/credentials/verify",
		    "Content-Type: application/json\r\n", big, strlen(big), &r) == 0 &&
		    r.status == 413, "a credential over 64 KB is refused (%d)", r.status);
		resp_free(&r);
		free(big);
	}

	/* revocation flips the bit */
	snprintf(path, sizeof path, "/api/v1/certificates/%s/revoke", serial);
	j = testsrv_api(&srv, coach, "POST", path, "{\"reason\":\"exam misconduct\"}", &st);
	CHECK(st == 200, "the trainer revokes the certificate (%d)", st);
	json_decref(j);
	CHECK(get("/api/v1/status/1", NULL, &list2) == 200 && list_bit(list2, idx) == 1,
	    "the published status list now has the certificate's bit set");
	testsrv_file(&srv, "status-after.json", list2, 0);
	CHECK(strcmp(api_verdict(body, why, sizeof why), "revoked") == 0,
	    "the API now says the credential is revoked (%s)", why);
	snprintf(path, sizeof path, "/api/v1/certificates/%s/credential", serial);
	CHECK(get(path, tok, &t) == 200 && strcmp(t, body) == 0,
	    "a revoked certificate's credential is still given; its status says revoked");
	free(t);
	snprintf(cmd, sizeof cmd, "%s/status-after.json", srv.dir);
	st = testsrv_cli(&srv, NULL, out, sizeof out, "verify", "--credential",
	    testsrv_file(&srv, "c2.json", body, 0), "--status", cmd, NULL);
	CHECK(st == 2 && strstr(out, "REVOKED"),
	    "aicert verify --credential --status says REVOKED (%d): %s", st, out);

	{
		struct arena *ar = arena_new();
		json_t *c = json_deep_copy(cred);
		json_t *ids = json_object_get(json_object_get(c, "credentialSubject"), "identifier");
		const char *w = NULL;

		write_variants(cred, ar);
		/* Two names alike: RDFC-1.0's n-degree step tells their blank
		 * nodes apart (the node checker compares it with jsonld.js). */
		json_array_set(ids, 1, json_array_get(ids, 0));
		CHECK(ob3_canon(ar, c, OB3_CREDENTIAL, &w) != NULL,
		    "a credential with two identical names has a canonical form (%s)", w ? w : "");
		{
			char *text = json_dumps(c, JSON_COMPACT), *nq = ob3_canon(ar, c, OB3_CREDENTIAL, &w);

			testsrv_file(&srv, "variant-7.json", text, 0);
			testsrv_file(&srv, "variant-7.nq", nq ? nq : "(aicert refused it)\n", 0);
			free(text);
		}
		json_decref(c);
		arena_free(ar);
	}
	npm_checks();

	json_decref(cred);
	free(body);
	free(body2);
	free(list);
	free(list2);
	testsrv_stop(&srv, SIGTERM, NULL);
}
