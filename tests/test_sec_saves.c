/*
 * test_sec_saves.c - saves, files and certificates under attack, against
 * a real server: a save stores only the normalized answer (extra fields refused
 * with 400 naming them, bodies past a few KB refused with 413, on the
 * JSON save, the flag and event routes and the page form); the database,
 * its WAL and backups are mode 0600; `aicert verify --status-list` warns
 * about an old list and refuses one past --max-age; and on start the
 * server issues the certificates and renders the PDFs a crash left
 * undone, while an issuance that fails is logged and shown to trainers.
 */
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cert_code.h"
#include "keys.h"
#include "status_list.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

static const char bank_sv[] =
    "$CATEGORY: sv/all\n\n"
    "// [id:s1]\n::S::Pick one SINGLEQ{=alpha ~beta ~gamma}\n\n"
    "// [id:m1]\n::M::Pick some MULTIQ{~%50%one ~%50%two ~%-100%three}\n\n"
    "// [id:t1]\n::T::The sky is blue TFQ{TRUE}\n\n"
    "// [id:a1]\n::A::Name a model family SHORTQ{=GPT}\n\n"
    "// [id:n1]\n::N::Pi to two places NUMQ{#3.14:0.005}\n\n"
    "// [id:x1]\n::X::Match the sounds MATCHQ{=cat -> meow =dog -> woof =cow -> moo}\n";

static const char bank_sc[] =
    "$CATEGORY: sc/all\n\n"
    "// [id:c1]\n::C1::First CERTQ{=right ~wrong}\n\n"
    "// [id:c2]\n::C2::Second CERTQ{=right ~wrong}\n";

static const char exam_sv[] =
    "{\"id\":\"sv\",\"title\":{\"en\":\"Saves\",\"zh-TW\":\"儲存\"},\"duration_s\":3600,"
    "\"pass_percent\":50,\"languages\":[\"en\"],\"bank\":\"sv\",\"review\":\"score\","
    "\"sections\":[{\"category\":\"sv/all\",\"count\":6}]}";

static const char exam_svc[] =
    "{\"id\":\"svc\",\"title\":{\"en\":\"Certified\",\"zh-TW\":\"認證\"},\"duration_s\":3600,"
    "\"pass_percent\":50,\"languages\":[\"en\"],\"bank\":\"sc\",\"review\":\"score\","
    "\"certificate\":{\"valid_years\":2},"
    "\"sections\":[{\"category\":\"sc/all\",\"count\":2}]}";

/* ---- requests ---- */

/* A request with a Bearer token in lang; body JSON when not NULL. */
static int
raw(const char *tok, const char *lang, const char *method, const char *path,
    const char *body, size_t len, struct resp *r)
{
	char h[400];

	snprintf(h, sizeof h, "Accept-Language: %s\r\nAuthorization: Bearer %s\r\n%s", lang, tok,
	    body ? "Content-Type: application/json\r\n" : "");
	memset(r, 0, sizeof *r);
	return http_req(srv.port, method, path, h, body, body ? (len ? len : strlen(body)) : 0, r);
}

/* PUT one save of body (a whole request body) to item of attempt id. The
 * status; the answer's JSON into *out (may be NULL). */
static int
save(const char *tok, const char *id, const json_t *it, const char *body, json_t **out)
{
	char path[256];
	int status;
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id,
	    it ? testsrv_jstr(it, "id") : "i999");
	j = testsrv_api(&srv, tok, "PUT", path, body, &status);
	if (out != NULL)
		*out = j;
	else
		json_decref(j);
	return status;
}

/* The stored response to item of attempt id as GET shows it (compact
 * JSON, malloc'd), or NULL. */
static char *
stored(const char *tok, const char *id, const json_t *it)
{
	char path[256];
	int status;
	json_t *j, *v;
	char *s = NULL;

	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	v = json_object_get(json_object_get(j, "responses"), testsrv_jstr(it, "id"));
	if (status == 200 && v != NULL)
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	return s;
}

/* CHECKs that the stored response to it is want. */
static void
stored_is(const char *tok, const char *id, const json_t *it, const char *want, const char *what)
{
	char *got = stored(tok, id, it);

	CHECK(got != NULL && strcmp(got, want) == 0, "%s: stored %.200s, want %s", what,
	    got ? got : "(nothing)", want);
	free(got);
}

/* A string of n copies of c (malloc'd). */
static char *
repeat(const char *c, size_t n)
{
	size_t l = strlen(c);
	char *s = malloc(n * l + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(s + i * l, c, l);
	s[n * l] = '\0';
	return s;
}

/* ---- the database, written directly ---- */

/* Runs sql with arg bound to ?1 (while the server is stopped): the number
 * of rows it changed, or -1. */
static int
db_exec(const char *sql, const char *arg)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = -1;

	if (sqlite3_open_v2(srv.db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (arg != NULL)
			sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(db) : -1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static int
file_mode(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* ---- what a save stores ---- */

static void
saves_api(const char *tok, json_t *att)
{
	const char *id = testsrv_jstr(att, "id");
	json_t *single = testsrv_item_with(att, "SINGLEQ"), *multi = testsrv_item_with(att, "MULTIQ");
	json_t *tf = testsrv_item_with(att, "TFQ"), *shrt = testsrv_item_with(att, "SHORTQ");
	json_t *num = testsrv_item_with(att, "NUMQ"), *match = testsrv_item_with(att, "MATCHQ"), *j;
	char *big, *body, path[256];
	struct resp r;
	int status;

	CHECK(single && multi && tf && shrt && num && match, "the attempt shows all six types");
	CHECK(save(tok, id, single, "{\"response\":{\"choice\":\"c2\"},\"seq\":1}", NULL) == 200,
	    "a plain save is taken");

	/* Junk beside the answer was once stored as sent. */
	big = repeat("x", 6000);
	body = malloc(7000);
	snprintf(body, 7000, "{\"response\":{\"choice\":\"c1\",\"junk\":\"%s\"},\"seq\":2}", big);
	status = save(tok, id, single, body, &j);
	CHECK(status == 400 && strcmp(testsrv_jstr(j, "field"), "junk") == 0 &&
	    strstr(testsrv_jstr(j, "error"), "\"junk\"") != NULL,
	    "a response with an extra field is refused with 400 naming it (%d %s)", status,
	    testsrv_jstr(j, "error"));
	json_decref(j);
	stored_is(tok, id, single, "{\"choice\":\"c2\"}", "the refused save stored nothing");
	status = save(tok, id, single, "{\"response\":{\"choice\":\"c1\"},\"seq\":3,\"note\":\"x\"}",
	    &j);
	CHECK(status == 400 && strcmp(testsrv_jstr(j, "field"), "note") == 0,
	    "a body field beside response and seq is refused with 400 naming it (%d)", status);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id, testsrv_jstr(single, "id"));
	CHECK(raw(tok, "zh-TW", "PUT", path, "{\"response\":{\"choice\":\"c1\",\"junk\":1},"
	    "\"seq\":3}", 0, &r) == 0 && r.status == 400 && strstr(r.body, "「junk」"),
	    "the refusal reads in zh-TW too (%d)", r.status);
	resp_free(&r);
	stored_is(tok, id, single, "{\"choice\":\"c2\"}", "still the first answer");

	/* The attempt's own refusals read in the caller's language too. */
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i999", id);
	CHECK(raw(tok, "en", "PUT", path, "{\"response\":{\"choice\":\"c1\"}}", 0, &r) == 0 &&
	    r.status == 400 && strstr(r.body, "no such item in this attempt") != NULL,
	    "a save to an item the attempt lacks: 400 saying so (%d)", r.status);
	resp_free(&r);
	CHECK(raw(tok, "zh-TW", "PUT", path, "{\"response\":{\"choice\":\"c1\"}}", 0, &r) == 0 &&
	    r.status == 400 && strstr(r.body, "這次作答沒有這一題") != NULL,
	    "and in zh-TW (%d)", r.status);
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id, testsrv_jstr(single, "id"));
	CHECK(raw(tok, "zh-TW", "PUT", path, "{\"response\":{\"choice\":\"c1\"},\"seq\":-1}", 0,
	    &r) == 0 && r.status == 400 && strstr(r.body, "「seq」必須是正整數") != NULL,
	    "a negative seq is refused in zh-TW (%d)", r.status);
	resp_free(&r);
	stored_is(tok, id, single, "{\"choice\":\"c2\"}", "neither changed the answer");

	/* Past a few KB: 413 before the body is read whole. */
	free(big);
	big = repeat("a", 12000);
	free(body);
	body = malloc(13000);
	snprintf(body, 13000, "{\"response\":{\"text\":\"%s\"},\"seq\":4}", big);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id, testsrv_jstr(shrt, "id"));
	CHECK(raw(tok, "en", "PUT", path, body, 0, &r) == 0 && r.status == 413 &&
	    (j = json_loadb(r.body, r.body_len, 0, NULL)) != NULL &&
	    json_string_value(json_object_get(j, "error")) != NULL,
	    "a 12 KB save: 413 with a JSON error (%d)", r.status);
	if (r.status == 413)
		json_decref(j);
	resp_free(&r);
	free(body);
	free(big);

	/* Each type's normalized form is what is stored. */
	CHECK(save(tok, id, single, "{\"response\":{\"choice\":\"c03\"},\"seq\":5}", NULL) == 200,
	    "single choice saved");
	stored_is(tok, id, single, "{\"choice\":\"c3\"}", "single choice, id written plainly");
	CHECK(save(tok, id, multi, "{\"response\":{\"choices\":[\"c2\",\"c1\",\"c2\",\"c01\"]},"
	    "\"seq\":1}", NULL) == 200, "multiple response with repeats saved");
	stored_is(tok, id, multi, "{\"choices\":[\"c2\",\"c1\"]}",
	    "multiple response: repeated choices collapse");
	CHECK(save(tok, id, multi, "{\"response\":{\"choices\":[\"c1\"],\"choice\":\"c1\"},"
	    "\"seq\":2}", &j) == 400 && strcmp(testsrv_jstr(j, "field"), "choice") == 0,
	    "a field of another type is refused by name");
	json_decref(j);
	CHECK(save(tok, id, tf, "{\"response\":{\"value\":false},\"seq\":1}", NULL) == 200,
	    "true/false saved");
	stored_is(tok, id, tf, "{\"value\":false}", "true/false");
	CHECK(save(tok, id, num, "{\"response\":{\"number\":2},\"seq\":1}", NULL) == 200,
	    "numerical saved");
	stored_is(tok, id, num, "{\"number\":2}", "numerical");
	CHECK(save(tok, id, match, "{\"response\":{\"pairs\":{\"s01\":\"a02\",\"s2\":null}},"
	    "\"seq\":1}", NULL) == 200, "matching saved");
	stored_is(tok, id, match, "{\"pairs\":{\"s1\":\"a2\",\"s2\":null}}", "matching");
	big = repeat("字", 1000);
	body = malloc(4000);
	snprintf(body, 4000, "{\"response\":{\"text\":\"%s\"},\"seq\":5}", big);
	CHECK(save(tok, id, shrt, body, NULL) == 200,
	    "a short answer of 1000 Chinese characters is taken");
	snprintf(body, 4000, "{\"text\":\"%s\"}", big);
	stored_is(tok, id, shrt, body, "a short answer as typed");
	free(big);
	big = repeat("a", 1001);
	snprintf(body, 4000, "{\"response\":{\"text\":\"%s\"},\"seq\":6}", big);
	CHECK(save(tok, id, shrt, body, NULL) == 400, "a short answer of 1001 characters: 400");
	free(big);
	free(body);
	CHECK(save(tok, id, shrt, "{\"response\":{},\"seq\":7}", NULL) == 200,
	    "an empty answer is still a save");
	stored_is(tok, id, shrt, "{}", "an empty answer");

	/* The flag and event routes: only their own fields, a small body. */
	snprintf(path, sizeof path, "/api/v1/attempts/%s/flags/%s", id, testsrv_jstr(tf, "id"));
	json_decref(testsrv_api(&srv, tok, "PUT", path, "{\"flagged\":true,\"junk\":\"x\"}", &status));
	CHECK(status == 400, "a flag with an extra field: 400 (%d)", status);
	json_decref(testsrv_api(&srv, tok, "PUT", path, "{\"flagged\":\"yes\"}", &status));
	CHECK(status == 400, "a flag that is not true or false: 400 (%d)", status);
	json_decref(testsrv_api(&srv, tok, "PUT", path, "{\"flagged\":true}", &status));
	CHECK(status == 200, "a flag is still taken (%d)", status);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/events", id);
	json_decref(testsrv_api(&srv, tok, "POST", path,
	    "{\"kind\":\"blur\",\"detail\":\"d\",\"junk\":\"x\"}",
	    &status));
	CHECK(status == 400, "an event with an extra field: 400 (%d)", status);
	big = repeat("d", 9000);
	body = malloc(9100);
	snprintf(body, 9100, "{\"kind\":\"blur\",\"detail\":\"%s\"}", big);
	json_decref(testsrv_api(&srv, tok, "POST", path, body, &status));
	CHECK(status == 413, "a 9 KB event: 413 (%d)", status);
	free(big);
	free(body);
	json_decref(testsrv_api(&srv, tok, "POST", path, "{\"kind\":\"blur\",\"detail\":\"page 1\"}",
	    &status));
	CHECK(status == 200, "an event is still logged (%d)", status);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM integrity_events WHERE detail LIKE '%junk%' "
	    "OR length(detail) > 500", NULL) == 0, "nothing refused reached the integrity log");
	CHECK(testsrv_db_int(&srv, "SELECT max(length(response)) FROM responses", NULL) >= 0 &&
	    testsrv_db_int(&srv, "SELECT max(length(response)) FROM responses", NULL) < 3100,
	    "no stored response is larger than the longest answer (%lld bytes)",
	    testsrv_db_int(&srv, "SELECT max(length(response)) FROM responses", NULL));
}

/* The page form save (no script): a field the page does not have is
 * refused before anything is saved; a huge form is 413. */
static void
saves_form(const char *login, const char *pw, const char *tok, json_t *att)
{
	const char *id = testsrv_jstr(att, "id");
	json_t *tf = testsrv_item_with(att, "TFQ");
	struct websess ws;
	struct resp r;
	char path[128], fields[512], *big, *body;

	if (web_signin(&srv, login, pw, NULL, &ws) != 0) {
		CHECK(0, "the learner signs in through the page");
		return;
	}
	snprintf(path, sizeof path, "/attempts/%s/save", id);
	snprintf(fields, sizeof fields, "page=1&go=stay&%s=true&junk=%s", testsrv_jstr(tf, "id"),
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
	CHECK(web_post(&srv, &ws, path, fields, 1, &r) == 0 && r.status == 400 &&
	    strstr(r.body, "junk") != NULL,
	    "the page form with a field it does not have: 400 naming it (%d)", r.status);
	resp_free(&r);
	stored_is(tok, id, tf, "{\"value\":false}", "nothing of the refused form was saved");
	snprintf(fields, sizeof fields, "page=1&go=stay&%s=true&flag.%s=1", testsrv_jstr(tf, "id"),
	    testsrv_jstr(tf, "id"));
	CHECK(web_post(&srv, &ws, path, fields, 1, &r) == 0 && r.status == 303,
	    "the page form of the page's own fields still saves (%d)", r.status);
	resp_free(&r);
	stored_is(tok, id, tf, "{\"value\":true}", "the form's answer");
	big = repeat("x", 200 * 1024);
	body = malloc(201 * 1024);
	snprintf(body, 201 * 1024, "csrf=%s&page=1&go=stay&%s=%s", ws.csrf, testsrv_jstr(tf, "id"), big);
	CHECK(web_req(&srv, &ws, "POST", path, "en",
	    "Content-Type: application/x-www-form-urlencoded\r\n", body, 0, &r) == 0 &&
	    r.status == 413, "a 200 KB page form: 413 (%d)", r.status);
	resp_free(&r);
	free(big);
	free(body);
}

/* ---- file modes ---- */

static void
modes(void)
{
	mode_t old = umask(022);	/* the usual umask: files would be 0644 */
	char path[256], side[300], out[4096];
	struct testsrv fresh = srv;
	static const char *const sfx[] = { "", "-wal", "-shm" };

	for (size_t i = 0; i < 3; i++) {
		snprintf(side, sizeof side, "%s%s", srv.db, sfx[i]);
		CHECK(file_mode(side) == 0600, "while serving, %s is 0600 (%o)", side,
		    (unsigned)file_mode(side));
	}
	snprintf(fresh.db, sizeof fresh.db, "%s/fresh.db", srv.dir);
	CHECK(testsrv_cli(&fresh, NULL, out, sizeof out, "init", NULL) == 0, "aicert init: %s",
	    out);
	CHECK(file_mode(fresh.db) == 0600, "after init the database is 0600 (%o)",
	    (unsigned)file_mode(fresh.db));
	for (size_t i = 1; i < 3; i++) {
		snprintf(side, sizeof side, "%s%s", fresh.db, sfx[i]);
		CHECK(file_mode(side) == -1 || file_mode(side) == 0600,
		    "after init %s is 0600 or gone (%o)", side, (unsigned)file_mode(side));
	}
	/* A database an older aicert left 0644 is narrowed on open. */
	testsrv_stop(&srv, SIGTERM, NULL);
	for (size_t i = 0; i < 3; i++) {
		snprintf(side, sizeof side, "%s%s", srv.db, sfx[i]);
		chmod(side, 0644);
	}
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "the server restarts");
		umask(old);
		return;
	}
	for (size_t i = 0; i < 3; i++) {
		snprintf(side, sizeof side, "%s%s", srv.db, sfx[i]);
		CHECK(file_mode(side) == 0600, "after serve an old 0644 %s is 0600 (%o)", side,
		    (unsigned)file_mode(side));
	}
	snprintf(path, sizeof path, "%s/backup.db", srv.dir);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "backup", path, NULL) == 0,
	    "aicert backup: %s", out);
	CHECK(file_mode(path) == 0600, "a backup is 0600 (%o)", (unsigned)file_mode(path));
	umask(old);
}

/* ---- the status list's age ---- */

static void
list_age(void)
{
	struct signing_key k;
	struct cert_claims cl;
	char path[256], pem[256], out[4096], *code, *list;
	const char *pub, *oldf, *newf;
	long long now = (long long)time(NULL);

	snprintf(path, sizeof path, "%s/aicert.key", srv.dir);
	if (keys_load(path, &k) != 0) {
		CHECK(0, "the signing key file reads");
		return;
	}
	memset(&cl, 0, sizeof cl);
	snprintf(cl.serial, sizeof cl.serial, "AIC-2026-777777");
	snprintf(cl.holder, sizeof cl.holder, "王小明");
	snprintf(cl.exam, sizeof cl.exam, "svc");
	cl.score_bp = 9000;
	cl.passed = 1;
	cl.issued_day = (long)(now / 86400);
	sodium_hex2bin(cl.key_id, 8, k.id, 16, NULL, NULL, NULL);
	code = cert_code_make(&cl, k.sk);
	keys_public_pem(k.pk, pem, sizeof pem);
	pub = testsrv_file(&srv, "issuer.pem", pem, 0);
	list = status_list_make(NULL, 0, k.sk, k.id, now - 3 * 86400);
	oldf = testsrv_file(&srv, "old-list.txt", list ? list : "", 0);
	free(list);
	list = status_list_make(NULL, 0, k.sk, k.id, now - 60);
	newf = testsrv_file(&srv, "new-list.txt", list ? list : "", 0);
	free(list);
	if (code == NULL) {
		CHECK(0, "a test certificate code is made");
		return;
	}
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "verify", code, "--key", pub,
	    "--status-list", newf, NULL) == 0 && strstr(out, "warning") == NULL &&
	    strstr(out, "VALID"), "a fresh list: valid, no warning: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "verify", code, "--key", pub,
	    "--status-list", oldf, NULL) == 0 && strstr(out, "warning") &&
	    strstr(out, "3 days"), "a 3-day-old list: valid with a warning: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "verify", code, "--key", pub,
	    "--status-list", oldf, "--max-age", "86400", NULL) == 1 && strstr(out, "INVALID") &&
	    strstr(out, "--max-age"), "past --max-age: INVALID, exit 1: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "verify", code, "--key", pub,
	    "--status-list", newf, "--max-age", "3600", NULL) == 0,
	    "within --max-age: exit 0: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "verify", code, "--key", pub,
	    "--status-list", newf, "--max-age", "soon", NULL) == 2 && strstr(out, "usage"),
	    "a --max-age that is not seconds: usage, exit 2: %s", out);
	free(code);
}

/* ---- certificates a crash left undone ---- */

/* Starts svc as tok, answers every item right, submits: the attempt id
 * into id; the submit's answer. */
static json_t *
pass_cert_exam(const char *tok, char *id, size_t n)
{
	json_t *att, *res;
	char path[256];
	int status;

	att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/svc/attempts", "{\"lang\":\"en\"}",
	    &status);
	snprintf(id, n, "%s", testsrv_jstr(att, "id"));
	testsrv_answer_all(&srv, tok, att, "right");
	json_decref(att);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	CHECK(status == 200 && json_is_true(json_object_get(res, "passed")),
	    "the certificate exam is passed (%d)", status);
	return res;
}

/* The serial of attempt id's certificate through the API into out (""
 * if none); the status of the request. */
static int
serial_of(const char *tok, const char *id, char *out, size_t n)
{
	char path[256];
	int status;
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/attempts/%s/result", id);
	j = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	snprintf(out, n, "%s", status == 200 ? testsrv_jstr(json_object_get(j, "certificate"), "serial") :
	    "");
	json_decref(j);
	return status;
}

static void
crash_gap(const char *ta, const char *tb, const char *tc, const char *boss)
{
	char a[64], b[64], c[64], sa[64], sb[64], sc[64], path[256];
	struct resp r;
	json_t *j;
	int status;

	json_decref(pass_cert_exam(ta, a, sizeof a));
	json_decref(pass_cert_exam(tb, b, sizeof b));
	json_decref(pass_cert_exam(tc, c, sizeof c));
	serial_of(tb, b, sb, sizeof sb);
	serial_of(tc, c, sc, sizeof sc);
	snprintf(path, sizeof path, "/api/v1/certificates/%s/revoke", sc);
	json_decref(testsrv_api(&srv, boss, "POST", path, "{\"reason\":\"misconduct\"}", &status));
	CHECK(status == 200, "a certificate is revoked (%d)", status);
	testsrv_stop(&srv, SIGTERM, NULL);
	/* What a kill -9 between the grading commit and the issuance leaves,
	 * and one between the issuance and the rendering. */
	CHECK(db_exec("DELETE FROM certificates WHERE attempt_id = "
	    "(SELECT id FROM attempts WHERE public_id = ?1)", a) == 1,
	    "a passed attempt loses its certificate");
	CHECK(db_exec("UPDATE certificates SET pdf = NULL, pdf_sha256 = NULL WHERE serial = ?1",
	    sb) == 1, "a certificate loses its PDF");
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "the server restarts");
		return;
	}
	CHECK(testsrv_db_int(&srv,
	    "SELECT count(*) FROM certificates c JOIN attempts a ON a.id = c.attempt_id "
	    "WHERE a.public_id = ?1", a) == 1,
	    "on start, the passed attempt without a certificate gets exactly one");
	CHECK(testsrv_db_int(&srv,
	    "SELECT count(*) FROM certificates WHERE serial = ?1 AND pdf IS NOT NULL "
	    "AND pdf_sha256 IS NOT NULL", sb) == 1,
	    "on start, the certificate without a PDF is rendered");
	CHECK(testsrv_db_int(&srv,
	    "SELECT count(*) FROM certificates c JOIN attempts a ON a.id = c.attempt_id "
	    "WHERE a.public_id = ?1", c) == 1 && testsrv_db_int(&srv, "SELECT count(*) FROM certificates "
	    "WHERE serial = ?1 AND revoked_at IS NOT NULL", sc) == 1,
	    "a revoked certificate is not issued again");
	serial_of(ta, a, sa, sizeof sa);
	CHECK(sa[0] != '\0', "the learner sees the certificate");
	snprintf(path, sizeof path, "/api/v1/certificates/%s.pdf", sa);
	CHECK(raw(ta, "en", "GET", path, NULL, 0, &r) == 0 && r.status == 200 &&
	    r.body_len > 4 && memcmp(r.body, "%PDF", 4) == 0,
	    "and downloads its PDF (%d)", r.status);
	resp_free(&r);
	j = testsrv_api(&srv, ta, "GET", "/api/v1/certificates", NULL, &status);
	CHECK(status == 200 && json_array_size(j) == 1, "one certificate, not two");
	json_decref(j);
}

/* An issuance that fails is logged, shown to trainers, retried on start. */
static void
issue_failure(const char *tok, const char *boss_login, const char *boss_pw)
{
	char id[64], path[256], s[64];
	struct websess ws;
	struct resp r;

	testsrv_stop(&srv, SIGTERM, NULL);
	/* U+0085 (NEL), a C1 control: no certificate may carry it. */
	CHECK(db_exec("UPDATE users SET name = 'Bad' || char(133) || 'Name' WHERE login = ?1",
	    "pf") == 1, "a learner's name gets a C1 control character");
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "the server restarts");
		return;
	}
	json_decref(pass_cert_exam(tok, id, sizeof id));
	CHECK(serial_of(tok, id, s, sizeof s) == 200 && s[0] == '\0',
	    "no certificate with that name");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'cert.issue_failed' "
	    "AND detail LIKE '%' || ?1 || '%control%'", id) == 1,
	    "an audit row cert.issue_failed names the attempt and why");
	if (web_signin(&srv, boss_login, boss_pw, NULL, &ws) != 0) {
		CHECK(0, "the administrator signs in");
		return;
	}
	snprintf(path, sizeof path, "/console/attempts/%s", id);
	CHECK(web_get(&srv, &ws, path, "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "Certificate not issued: the holder") != NULL,
	    "the console's attempt page says the certificate was not issued and why (%d)",
	    r.status);
	resp_free(&r);
	CHECK(web_get(&srv, &ws, path, "zh-TW", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "證書未核發：the holder") != NULL, "and in zh-TW (%d)", r.status);
	resp_free(&r);
	CHECK(web_get(&srv, &ws, "/console/exams/svc", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "Certificate not issued:") != NULL,
	    "the exam's results say so too (%d)", r.status);
	resp_free(&r);
	/* The name is fixed; the next start issues it. */
	testsrv_stop(&srv, SIGTERM, NULL);
	db_exec("UPDATE users SET name = 'Good Name' WHERE login = ?1", "pf");
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "the server restarts");
		return;
	}
	serial_of(tok, id, s, sizeof s);
	CHECK(s[0] != '\0', "on start the failed issuance is retried and succeeds");
	CHECK(testsrv_db_int(&srv,
	    "SELECT count(*) FROM attempts WHERE public_id = ?1 AND cert_error IS NULL",
	    id) == 1, "and the failure is no longer shown");
}

void
test_sec_saves(void)
{
	char out[4096], tok[64], ta[64], tb[64], tc[64], tf[64], boss[64];
	json_t *att;
	int status;

	testsrv_init(&srv);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "sv",
	    testsrv_file(&srv, "sv.gift", bank_sv, 0), NULL) == 0, "the test bank imports: %s",
	    out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "sc",
	    testsrv_file(&srv, "sc.gift", bank_sc, 0), NULL) == 0, "the cert bank imports: %s",
	    out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add",
	    testsrv_file(&srv, "sv.json", exam_sv, 0), testsrv_file(&srv, "svc.json", exam_svc, 0),
	    NULL) == 0, "the test exams are added: %s", out);
	testsrv_cli(&srv, "learner-n-pw\n", out, sizeof out, "user", "add", "--login", "ln",
	    "--name", "Learner N", "--role", "learner", NULL);
	testsrv_cli(&srv, "learner-a-pw\n", out, sizeof out, "user", "add", "--login", "pa",
	    "--name", "Learner A", "--role", "learner", NULL);
	testsrv_cli(&srv, "learner-b-pw\n", out, sizeof out, "user", "add", "--login", "pb",
	    "--name", "Learner B", "--role", "learner", NULL);
	testsrv_cli(&srv, "learner-c-pw\n", out, sizeof out, "user", "add", "--login", "pc",
	    "--name", "Learner C", "--role", "learner", NULL);
	testsrv_cli(&srv, "learner-f-pw\n", out, sizeof out, "user", "add", "--login", "pf",
	    "--name", "Learner F", "--role", "learner", NULL);
	testsrv_cli(&srv, "boss-password-1\n", out, sizeof out, "user", "add", "--login", "boss",
	    "--name", "Boss", "--role", "admin", NULL);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "ln", "learner-n-pw", tok, sizeof tok);
	att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/sv/attempts", "{\"lang\":\"en\"}", &status);
	CHECK(status == 201, "an attempt starts (%d)", status);
	saves_api(tok, att);
	saves_form("ln", "learner-n-pw", tok, att);
	json_decref(att);
	modes();
	list_age();
	testsrv_signin(&srv, "pa", "learner-a-pw", ta, sizeof ta);
	testsrv_signin(&srv, "pb", "learner-b-pw", tb, sizeof tb);
	testsrv_signin(&srv, "pc", "learner-c-pw", tc, sizeof tc);
	testsrv_signin(&srv, "pf", "learner-f-pw", tf, sizeof tf);
	testsrv_signin(&srv, "boss", "boss-password-1", boss, sizeof boss);
	crash_gap(ta, tb, tc, boss);
	issue_failure(tf, "boss", "boss-password-1");
	testsrv_stop(&srv, SIGTERM, NULL);
}
