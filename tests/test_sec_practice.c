/*
 * test_sec_practice.c - practice that leaks keys: an exam that shows keys (or
 * right/wrong per question) must never be able to draw a question that a
 * certificate exam can draw, or a practice exam taken often enough hands
 * out the certification's keys. Through a real server and the command
 * line: saving such an exam is refused either way round (API, console
 * form, `aicert exam add`), with a message naming the other exam, how
 * many questions and which; a bank upload that would create the overlap
 * is refused with nothing imported (API, console, `aicert import`); what
 * does not overlap (other categories, other banks, reviews that show no
 * keys) is still accepted; the bundled practice exam shares nothing with
 * the certification; a database from before the rule is warned about.
 */
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;
static char coach_token[128], admin_token[128];

/* sp/a holds sp/a/deep; sp/b holds sp/b/x; sp/c is nobody else's. */
static const char bank_sp[] =
    "$CATEGORY: sp/a\n\n"
    "// [id:a1]\n::A1::Alpha one{=right ~wrong}\n\n"
    "// [id:a2]\n::A2::Alpha two{=right ~wrong}\n\n"
    "// [id:a3]\n::A3::Alpha three{=right ~wrong}\n\n"
    "$CATEGORY: sp/a/deep\n\n"
    "// [id:d1]\n::D1::Deep one{=right ~wrong}\n\n"
    "// [id:d2]\n::D2::Deep two{=right ~wrong}\n\n"
    "$CATEGORY: sp/b\n\n"
    "// [id:b1]\n::B1::Beta one{=right ~wrong}\n\n"
    "// [id:b2]\n::B2::Beta two{=right ~wrong}\n\n"
    "$CATEGORY: sp/b/x\n\n"
    "// [id:x1]\n::X1::Beta x one{=right ~wrong}\n\n"
    "// [id:x2]\n::X2::Beta x two{=right ~wrong}\n\n"
    "$CATEGORY: sp/c\n\n"
    "// [id:c1]\n::C1::Gamma one{=right ~wrong}\n\n"
    "// [id:c2]\n::C2::Gamma two{=right ~wrong}\n";

/* Two banks with the same category name. */
static const char bank_ob1[] =
    "$CATEGORY: ob/q\n\n"
    "// [id:q1]\n::Q1::First bank one{=right ~wrong}\n\n"
    "// [id:q2]\n::Q2::First bank two{=right ~wrong}\n";
static const char bank_ob2[] =
    "$CATEGORY: ob/q\n\n"
    "// [id:r1]\n::R1::Second bank one{=right ~wrong}\n\n"
    "// [id:r2]\n::R2::Second bank two{=right ~wrong}\n";

/* xa feeds shared/q, xb shared/r; the second xb adds to shared/q. */
static const char bank_xa[] =
    "$CATEGORY: shared/q\n\n"
    "// [id:sq1]\n::SQ1::Shared q one{=right ~wrong}\n\n"
    "// [id:sq2]\n::SQ2::Shared q two{=right ~wrong}\n";
static const char bank_xb[] =
    "$CATEGORY: shared/r\n\n"
    "// [id:sr1]\n::SR1::Shared r one{=right ~wrong}\n\n"
    "// [id:sr2]\n::SR2::Shared r two{=right ~wrong}\n";
static const char bank_xb_into_q[] =
    "$CATEGORY: shared/r\n\n"
    "// [id:sr1]\n::SR1::Shared r one{=right ~wrong}\n\n"
    "// [id:sr2]\n::SR2::Shared r two{=right ~wrong}\n\n"
    "$CATEGORY: shared/q\n\n"
    "// [id:leak]\n::Leak::Certified and shown{=right ~wrong}\n";
static const char bank_xb_into_r[] =
    "$CATEGORY: shared/r\n\n"
    "// [id:sr1]\n::SR1::Shared r one{=right ~wrong}\n\n"
    "// [id:sr2]\n::SR2::Shared r two{=right ~wrong}\n\n"
    "// [id:sr3]\n::SR3::Shared r three{=right ~wrong}\n";

/* An exam definition: review, certificate years (0: none), bank (NULL:
 * none), one section of count questions from category, English only. */
static const char *
exam(const char *id, const char *review, int cert, const char *bank,
    const char *category, int count)
{
	static char buf[4][1024];
	static int next;
	char *b = buf[next++ % 4], certs[64] = "", banks[128] = "";

	if (cert > 0)
		snprintf(certs, sizeof certs, "\"certificate\":{\"valid_years\":%d},", cert);
	if (bank != NULL)
		snprintf(banks, sizeof banks, "\"bank\":\"%s\",", bank);
	snprintf(b, 1024, "{\"id\":\"%s\",\"title\":{\"en\":\"Exam %s\",\"zh-TW\":\"測驗 %s\"},"
	    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"%s\","
	    "%s%s\"sections\":[{\"category\":\"%s\",\"count\":%d}]}",
	    id, id, id, review, certs, banks, category, count);
	return b;
}

/* POST /api/v1/exams as token in lang: the status; the messages of a 422,
 * joined, into msg. */
static int
save_exam_as(const char *token, const char *def, const char *lang, char *msg, size_t n)
{
	int status;
	json_t *j = testsrv_api_opt(&srv, token, "POST", "/api/v1/exams", def,
	    &(struct api_opt){ .lang = lang }, &status), *e;
	size_t i, o = 0;

	msg[0] = '\0';
	json_array_foreach(json_object_get(j, "errors"), i, e)
		o += (size_t)snprintf(msg + o, o < n ? n - o : 0, "%s\n",
		    json_string_value(json_object_get(e, "message")) ?: "");
	json_decref(j);
	return status;
}

/* The same as the trainer. */
static int
save_exam(const char *def, const char *lang, char *msg, size_t n)
{
	return save_exam_as(coach_token, def, lang, msg, n);
}

/* Uploads text as bank (file name file) through the API; the status, the
 * messages of a 422 into msg. */
static int
upload(const char *bank, const char *file, const char *text, char *msg, size_t n)
{
	char path[256];
	int status;
	json_t *j, *e;
	size_t i, o = 0;

	snprintf(path, sizeof path, "/api/v1/banks?bank=%s&filename=%s", bank, file);
	j = testsrv_api_opt(&srv, coach_token, "POST", path, text,
	    &(struct api_opt){ .ctype = "text/plain" }, &status);
	msg[0] = '\0';
	json_array_foreach(json_object_get(j, "errors"), i, e)
		o += (size_t)snprintf(msg + o, o < n ? n - o : 0, "%s:%d: %s\n",
		    json_string_value(json_object_get(e, "file")) ?: "",
		    (int)json_integer_value(json_object_get(e, "line")),
		    json_string_value(json_object_get(e, "message")) ?: "");
	json_decref(j);
	return status;
}

/* The number of versions of bank, -1 if the request failed. */
static int
versions(const char *bank)
{
	char path[256];
	int status, n;
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/banks/%s/versions", bank);
	j = testsrv_api(&srv, coach_token, "GET", path, NULL, &status);
	n = status == 200 ? (int)json_array_size(j) : -1;
	json_decref(j);
	return n;
}

/* The stored review of exam id as token sees it ("" if none or the
 * request failed; a static buffer), the status of GET /api/v1/exams/{id}
 * in *status. */
static const char *
review_of(const char *token, const char *id, int *status)
{
	static char out[32];
	char path[256];
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/exams/%s", id);
	j = testsrv_api(&srv, token, "GET", path, NULL, status);
	snprintf(out, sizeof out, "%s", *status == 200 ?
	    json_string_value(json_object_get(j, "review")) ?: "" : "");
	json_decref(j);
	return out;
}

/* 1 if exam id is known to be absent: GET answers 404. */
static int
absent(const char *id)
{
	int status;

	review_of(coach_token, id, &status);
	return status == 404;
}

/* The stored review of the trainer's exam id ("" if none). */
static const char *
review(const char *id)
{
	int status;

	return review_of(coach_token, id, &status);
}

/* Saving exams: revealing against certificate exams, both ways round. */
static void
saving(void)
{
	char msg[4096];
	int st;

	st = save_exam(exam("sp-cert", "by_section", 2, "sp", "sp/a", 2), "en", msg, sizeof msg);
	CHECK(st == 201, "a certificate exam over sp/a is saved (%d %s)", st, msg);

	st = save_exam(exam("sp-keys", "with_keys", 0, "sp", "sp/a/deep", 1), "en", msg,
	    sizeof msg);
	CHECK(st == 422 && strstr(msg, "\"with_keys\"") && strstr(msg, "\"sp-cert\"") &&
	    strstr(msg, "2 of them") && strstr(msg, "sp/a/deep") && strstr(msg, "d1, d2"),
	    "a with_keys exam over sp/a/deep, which the certificate exam draws too: 422 naming "
	    "sp-cert, 2 questions, d1, d2, sp/a/deep (%d %s)", st, msg);
	CHECK(absent("sp-keys"), "and it was not saved");

	st = save_exam(exam("sp-item", "by_item", 0, "sp", "sp/a", 1), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "\"by_item\"") && strstr(msg, "\"sp-cert\"") &&
	    strstr(msg, "5 of them") && strstr(msg, "a1, a2, a3, …") &&
	    strstr(msg, "sp/a, sp/a/deep"),
	    "a by_item exam over sp/a: 422 naming sp-cert, 5 questions, a1, a2, a3 (%d %s)", st, msg);

	st = save_exam(exam("sp-keys", "with_keys", 0, "sp", "sp/a/deep", 1), "zh-TW", msg,
	    sizeof msg);
	CHECK(st == 422 && strstr(msg, "認證測驗「sp-cert」") && strstr(msg, "d1、d2"),
	    "in zh-TW the refusal reads in zh-TW (%d %s)", st, msg);

	st = save_exam(exam("sp-score", "score", 0, "sp", "sp/a", 1), "en", msg, sizeof msg);
	CHECK(st == 201, "a score-only exam over the same category is saved (%d %s)", st, msg);
	st = save_exam(exam("sp-section", "by_section", 0, "sp", "sp/a/deep", 1), "en", msg,
	    sizeof msg);
	CHECK(st == 201, "a by_section exam over its subcategory is saved (%d %s)", st, msg);

	st = save_exam(exam("sp-score", "with_keys", 0, "sp", "sp/a", 1), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "\"sp-cert\""),
	    "turning that exam's review to with_keys: 422 (%d %s)", st, msg);
	CHECK(strcmp(review("sp-score"), "score") == 0,
	    "and it still reviews \"score\" (%s)", review("sp-score"));

	st = save_exam(exam("sp-keys-b", "with_keys", 0, "sp", "sp/b/x", 1), "en", msg, sizeof msg);
	CHECK(st == 201, "a with_keys exam over a category no certificate exam draws is saved "
	    "(%d %s)", st, msg);
	st = save_exam(exam("sp-cert-b", "score", 1, "sp", "sp/b", 2), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "\"sp-keys-b\"") && strstr(msg, "\"with_keys\"") &&
	    strstr(msg, "2 of them") && strstr(msg, "sp/b/x") && strstr(msg, "x1, x2"),
	    "a certificate exam over sp/b, whose sp/b/x a with_keys exam shows: 422 naming "
	    "sp-keys-b, 2 questions, x1, x2 (%d %s)", st, msg);
	CHECK(absent("sp-cert-b"), "and it was not saved");

	st = save_exam(exam("sp-self", "with_keys", 1, "sp", "sp/c", 1), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "cannot review \"with_keys\""),
	    "a certificate exam that would show its own keys: 422 (%d %s)", st, msg);
	st = save_exam(exam("sp-self", "by_section", 1, "sp", "sp/c", 1), "en", msg, sizeof msg);
	CHECK(st == 201, "the same exam reviewing by_section is saved (%d %s)", st, msg);
}

/* An exam that names no bank draws a category from every bank. */
static void
banks(void)
{
	char msg[4096];
	int st;

	CHECK(upload("ob1", "ob1.gift", bank_ob1, msg, sizeof msg) == 201 &&
	    upload("ob2", "ob2.gift", bank_ob2, msg, sizeof msg) == 201,
	    "two banks with the same category ob/q upload (%s)", msg);
	st = save_exam(exam("ob-cert", "score", 1, "ob1", "ob/q", 1), "en", msg, sizeof msg);
	CHECK(st == 201, "a certificate exam over ob/q of bank ob1 is saved (%d %s)", st, msg);
	st = save_exam(exam("ob-keys-2", "with_keys", 0, "ob2", "ob/q", 1), "en", msg, sizeof msg);
	CHECK(st == 201, "a with_keys exam over ob/q of bank ob2 is saved: other questions "
	    "(%d %s)", st, msg);
	/* Exams naming no bank are the admins' to make. */
	st = save_exam_as(admin_token, exam("ob-keys", "with_keys", 0, NULL, "ob/q", 1), "en",
	    msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "\"ob-cert\"") && strstr(msg, "2 of them") &&
	    strstr(msg, "q1, q2"), "a with_keys exam over ob/q naming no bank draws ob1's "
	    "questions too: 422 naming ob-cert, q1, q2 (%d %s)", st, msg);
}

/* A console form and the command line refuse the same way. */
static void
console_and_cli(const struct websess *coach)
{
	static const char form[] =
	    "id=sp-form&title_en=Form&title_zh=%E8%A1%A8&desc_en=&desc_zh=&minutes=10&grace=30"
	    "&pass=50&attempts=0&wait_hours=0&cert_years=0&opens=&closes=&review=with_keys"
	    "&lang_en=1&shuffle_items=1&bank=sp&nsections=1&s0.category=sp%2Fa&s0.count=1"
	    "&s0.min=&s0.title_en=&s0.title_zh=&s0.easy=&s0.medium=&s0.hard=";
	char out[8192];
	struct resp r;
	int rc;

	CHECK(web_post(&srv, coach, "/console/exams/new", form, 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "role=\"alert\"") && strstr(r.body, "sp-cert") &&
	    strstr(r.body, "a1, a2, a3"), "the console's exam form: 422, the overlap shown "
	    "on the form (%d)", r.status);
	resp_free(&r);
	CHECK(absent("sp-form"), "and nothing was saved");

	rc = testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", testsrv_file(&srv,
	    "sp-cli.json", exam("sp-cli", "with_keys", 0, "sp", "sp/a", 1), 0), NULL);
	CHECK(rc == 1 && strstr(out, "sp-cli.json:0: error: ") && strstr(out, "\"sp-cert\"") &&
	    strstr(out, "5 of them") && strstr(out, "exam not added"),
	    "`aicert exam add` of a with_keys exam over sp/a: exit 1, the overlap on stderr "
	    "(%d %s)", rc, out);
	CHECK(absent("sp-cli"), "and nothing was saved");
}

/* Bank updates that would create the overlap. */
static void
imports(const struct websess *coach)
{
	static const char boundary[] = "SpBoundary";
	char msg[4096], out[8192], ct[128], body[4096];
	struct resp r;
	int st, rc;

	CHECK(upload("xa", "xa.gift", bank_xa, msg, sizeof msg) == 201 &&
	    upload("xb", "xb.gift", bank_xb, msg, sizeof msg) == 201, "banks xa and xb upload");
	st = save_exam_as(admin_token, exam("x-keys", "with_keys", 0, NULL, "shared/q", 1), "en",
	    msg, sizeof msg);
	CHECK(st == 201, "a with_keys exam over shared/q of any bank is saved (%d %s)", st, msg);
	st = save_exam(exam("x-cert", "by_section", 1, "xb", "shared", 1), "en", msg, sizeof msg);
	CHECK(st == 201, "a certificate exam over shared of bank xb (only shared/r there) is "
	    "saved (%d %s)", st, msg);

	st = upload("xb", "xb2.gift", bank_xb_into_q, msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "xb2.gift:0: ") && strstr(msg, "\"x-keys\"") &&
	    strstr(msg, "\"x-cert\"") && strstr(msg, "1 of them") && strstr(msg, "shared/q") &&
	    strstr(msg, "(leak)"), "uploading into xb a question in shared/q, which both "
	    "exams would draw: 422 naming x-keys, x-cert, leak (%d %s)", st, msg);
	CHECK(versions("xb") == 1, "and bank xb is still at version 1 (%d)", versions("xb"));

	snprintf(ct, sizeof ct, "Content-Type: multipart/form-data; boundary=%s\r\n", boundary);
	snprintf(body, sizeof body, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	    "%s\r\n--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"xb2.gift\"\r\n"
	    "\r\n%s\r\n--%s\r\nContent-Disposition: form-data; name=\"bank\"\r\n\r\nxb\r\n--%s--\r\n",
	    boundary, coach->csrf, boundary, bank_xb_into_q, boundary, boundary);
	CHECK(web_req(&srv, coach, "POST", "/console/banks/upload", "en", ct, body, 0, &r) == 0 &&
	    r.status == 422 && strstr(r.body, "x-cert") && strstr(r.body, "shared/q") &&
	    strstr(r.body, "Nothing was changed"), "the same upload in the console: 422 with the "
	    "reason (%d)", r.status);
	resp_free(&r);
	CHECK(versions("xb") == 1, "and bank xb is still at version 1 (%d)", versions("xb"));

	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "xb",
	    testsrv_file(&srv, "xb2.gift", bank_xb_into_q, 0), NULL);
	CHECK(rc == 1 && strstr(out, "xb2.gift:0: error: ") && strstr(out, "\"x-cert\"") &&
	    strstr(out, "nothing was imported"), "`aicert import` of it: exit 1, FILE:0: error: "
	    "naming x-cert (%d %s)", rc, out);
	CHECK(versions("xb") == 1, "and bank xb is still at version 1 (%d)", versions("xb"));

	st = upload("xb", "xb3.gift", bank_xb_into_r, msg, sizeof msg);
	CHECK(st == 201 && versions("xb") == 2, "a new question in shared/r, which no exam "
	    "showing keys draws, imports as version 2 (%d %s)", st, msg);
}

/* The bundled practice exam still shows keys and shares nothing with the
 * certification: read from the database itself, independently of the
 * server's own check. */
static void
bundled(void)
{
	static const char sql[] =
	    "WITH sec AS (SELECT e.id, json_extract(e.definition, '$.bank') AS bank, "
	    "  json_extract(s.value, '$.category') AS cat "
	    "  FROM exams e, json_each(e.definition, '$.sections') s), "
	    "reach AS (SELECT DISTINCT sec.id AS exam, i.id AS item FROM sec "
	    "  JOIN item_versions iv ON iv.category = sec.cat "
	    "    OR substr(iv.category, 1, length(sec.cat) + 1) = sec.cat || '/' "
	    "  JOIN items i ON i.id = iv.item_id JOIN banks b ON b.id = i.bank_id "
	    "  WHERE sec.bank IS NULL OR b.name = sec.bank) "
	    "SELECT (SELECT count(*) FROM reach WHERE exam = 'ai-literacy-practice'), "
	    "  (SELECT count(*) FROM reach WHERE exam = 'ai-literacy-cert'), "
	    "  (SELECT count(*) FROM reach p JOIN reach c ON c.item = p.item "
	    "   WHERE p.exam = 'ai-literacy-practice' AND c.exam = 'ai-literacy-cert')";
	sqlite3 *db;
	sqlite3_stmt *st;
	int practice = -1, cert = -1, shared = -1, status;

	CHECK(strcmp(review_of(admin_token, "ai-literacy-practice", &status), "with_keys") == 0,
	    "the bundled practice exam is there and reviews with keys (%d)", status);
	if (sqlite3_open_v2(srv.db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			practice = sqlite3_column_int(st, 0);
			cert = sqlite3_column_int(st, 1);
			shared = sqlite3_column_int(st, 2);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	CHECK(practice >= 10 && cert >= 50 && shared == 0, "the bundled practice exam (%d "
	    "questions) and the certification (%d) share no question (%d shared)",
	    practice, cert, shared);
}

/* A database from before the rule may hold such a pair already (written
 * here straight into the table): every start warns about it. */
static void
legacy(void)
{
	char out[8192];
	sqlite3 *db;
	int rc, changed = 0;

	rc = testsrv_cli(&srv, NULL, out, sizeof out, "init", NULL);
	CHECK(rc == 0 && strstr(out, "warning: exam") == NULL,
	    "a start with no overlap stored warns about none (%d %s)", rc, out);
	if (sqlite3_open(srv.db, &db) == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		changed = sqlite3_exec(db, "UPDATE exams SET definition = json_set(definition, "
		    "'$.review', 'with_keys') WHERE id = 'sp-score'", NULL, NULL, NULL) == SQLITE_OK &&
		    sqlite3_changes(db) == 1;
	}
	sqlite3_close(db);
	CHECK(changed, "an old database's with_keys exam over sp/a is simulated");
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "init", NULL);
	CHECK(rc == 0 && strstr(out, "aicert: warning: exam sp-score: ") &&
	    strstr(out, "\"sp-cert\"") && strstr(out, "5 of them"),
	    "the next start warns: sp-score shows the keys of sp-cert's questions (%d %s)", rc, out);
}

void
test_sec_practice(void)
{
	struct websess coach;
	char out[4096], msg[4096];

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "coach", "coach-pass1", coach_token, sizeof coach_token);
	testsrv_signin(&srv, "admin", "admin-pass-123", admin_token, sizeof admin_token);
	CHECK(coach_token[0] != '\0' && admin_token[0] != '\0',
	    "the trainer and the admin sign in through the API");
	CHECK(web_signin(&srv, "coach", "coach-pass1", NULL, &coach) == 0,
	    "the trainer signs in by the form");
	CHECK(upload("sp", "sp.gift", bank_sp, msg, sizeof msg) == 201,
	    "the trainer uploads bank sp (%s)", msg);

	saving();
	banks();
	console_and_cli(&coach);
	imports(&coach);
	bundled();
	legacy();

	testsrv_stop(&srv, SIGTERM, NULL);
}
