/*
 * test_migrate.c - `aicert migrate-store`: a SQLite store a server filled
 * (the bundled content, a passed exam with its certificate, a running
 * attempt with saved answers) moved into PostgreSQL, where a server on
 * the copy shows the learner the same result and answers and verifies
 * the same certificate. A second copy into the same database is refused
 * and changes nothing; a row changed behind the copy's back is found.
 * Needs $AICERT_TEST_PG (a PostgreSQL server, as for the other groups on
 * PostgreSQL); without it only the command line's refusals are checked.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test.h"
#include "testsrv.h"

static const char bank[] =
    "$CATEGORY: m/all\n\n"
    "// [id:m1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:m2]\n::Two::Second question TWO{=right ~wrong}\n\n"
    "// [id:m3]\n::Three::Third question THREE{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"migx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"m/all\",\"count\":3}]}";

/* What the learner sees before and after the move. */
struct seen {
	char result[8192];	/* the passed attempt's result, as JSON text */
	char answers[4096];	/* the running attempt's saved answers */
	char holder[128];	/* whom the certificate verifies for */
	char status[32];	/* and how */
};

/* The running attempt's answers: each item's id and response. */
static void
answers_of(const json_t *att, char *out, size_t n)
{
	json_t *list = json_array(), *it;
	size_t i;
	char *text;

	json_array_foreach(json_object_get(att, "items"), i, it) {
		json_t *r = json_object_get(it, "response");

		if (r != NULL && !json_is_null(r))
			json_array_append_new(list, json_pack("{s:s, s:O}", "id",
			    testsrv_jstr(it, "id"), "response", r));
	}
	text = json_dumps(list, JSON_SORT_KEYS | JSON_COMPACT);
	snprintf(out, n, "%s", text ? text : "");
	free(text);
	json_decref(list);
}

/* Reads what the learner holding tok sees of the two attempts and the
 * certificate code. */
static void
look(const struct testsrv *t, const char *tok, const char *passed, const char *running,
    const char *code, struct seen *s)
{
	char path[1100];
	json_t *j;
	int status;
	char *text;

	memset(s, 0, sizeof *s);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/result", passed);
	j = testsrv_api(t, tok, "GET", path, NULL, &status);
	text = status == 200 ? json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	snprintf(s->result, sizeof s->result, "%s", text ? text : "");
	free(text);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/attempts/%s", running);
	j = testsrv_api(t, tok, "GET", path, NULL, &status);
	answers_of(j, s->answers, sizeof s->answers);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/verify/%s", code);
	j = testsrv_api(t, NULL, "GET", path, NULL, &status);
	snprintf(s->status, sizeof s->status, "%s", testsrv_jstr(j, "status"));
	snprintf(s->holder, sizeof s->holder, "%s", testsrv_jstr(j, "holder"));
	json_decref(j);
}

/* The command line's refusals: no database needed. */
static void
refusals(const struct testsrv *src)
{
	char out[4096];
	int rc;

	rc = testsrv_cli(src, NULL, out, sizeof out, "migrate-store", "--form", "x.db",
	    "--to", "postgresql://nobody@127.0.0.1:1/none", NULL);
	CHECK(rc == 2 && strstr(out, "unknown option --form") &&
	    strstr(out, "usage: aicert migrate-store"),
	    "an unknown option: the usage and exit 2 (%d): %s", rc, out);
	rc = testsrv_cli(src, NULL, out, sizeof out, "migrate-store", "--from", "x.db", NULL);
	CHECK(rc == 2 && strstr(out, "usage: aicert migrate-store"),
	    "without --to: the usage and exit 2 (%d): %s", rc, out);
	rc = testsrv_cli(src, NULL, out, sizeof out, "migrate-store", "--from", "x.db",
	    "--to", "elsewhere.db", NULL);
	CHECK(rc == 2 && strstr(out, "PostgreSQL"),
	    "a target that is not PostgreSQL: refused, exit 2 (%d): %s", rc, out);
	rc = testsrv_cli(src, NULL, out, sizeof out, "migrate-store", "--from",
	    "/nonexistent/aicert.db", "--to", "postgresql://nobody@127.0.0.1:1/none", NULL);
	CHECK(rc == 1 && strstr(out, "no database at /nonexistent/aicert.db"),
	    "a file that does not exist: refused, exit 1, not created (%d): %s", rc, out);
}

/* Fills src through its server: a passed exam with a certificate, a
 * running bundled practice exam with two answers saved. The attempts'
 * ids into passed and running (n bytes each), the certificate's code into
 * code (ncode bytes). 0 or -1. */
static int
fill(struct testsrv *src, char *passed, char *running, size_t n, char *code, size_t ncode)
{
	char out[4096], tok[64], path[256], body[256];
	json_t *att, *res;
	int status, saved = 0;
	size_t i;
	json_t *it;

	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(src, NULL, out, sizeof out, "import", "--bank", "m",
	    testsrv_file(src, "m.gift", bank, 0), NULL);
	testsrv_cli(src, NULL, out, sizeof out, "exam", "add",
	    testsrv_file(src, "migx.json", exam, 0), NULL);
	testsrv_cli(src, "holder-pass\n", out, sizeof out, "user", "add", "--login", "wang",
	    "--name", "王小明", "--name-alt", "Wang Hsiao-Ming", "--role", "learner", NULL);
	if (testsrv_start(src, NULL) != 0)
		return -1;
	testsrv_signin(src, "wang", "holder-pass", tok, sizeof tok);
	att = testsrv_api(src, tok, "POST", "/api/v1/exams/migx/attempts", "{\"lang\":\"en\"}",
	    &status);
	snprintf(passed, n, "%s", testsrv_jstr(att, "id"));
	testsrv_answer_all(src, tok, att, "right");
	json_decref(att);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", passed);
	res = testsrv_api(src, tok, "POST", path, NULL, &status);
	{
		const char *url = testsrv_jstr(json_object_get(res, "certificate"),
		    "verify_url"), *v = strstr(url, "/V/");

		snprintf(code, ncode, "%s", v ? v + 3 : "");
	}
	json_decref(res);
	att = testsrv_api(src, tok, "POST", "/api/v1/exams/ai-literacy-practice/attempts",
	    "{\"lang\":\"en\"}", &status);
	snprintf(running, n, "%s", testsrv_jstr(att, "id"));
	json_array_foreach(json_object_get(att, "items"), i, it) {
		json_t *c = json_array_get(json_object_get(it, "choices"), i % 2);

		if (saved == 2 || c == NULL)
			continue;
		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", running,
		    testsrv_jstr(it, "id"));
		snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":1}",
		    testsrv_jstr(c, "id"));
		json_decref(testsrv_api(src, tok, "PUT", path, body, &status));
		saved += status == 200;
	}
	json_decref(att);
	return *passed && *running && *code && saved == 2 ? 0 : -1;
}

void
test_migrate(void)
{
	struct testsrv src, dst;
	struct seen before, after;
	char passed[64], running[64], code[1024], out[16384], tok[64], key[256];
	char saved[512];
	char *pg = getenv("AICERT_TEST_PG") ? strdup(getenv("AICERT_TEST_PG")) : NULL;
	long long users, attempts;
	struct stat st;
	int rc;

	/* the file to move is SQLite's whatever the other groups run on */
	unsetenv("AICERT_TEST_PG");
	testsrv_init(&src);
	refusals(&src);
	if (pg == NULL || *pg == '\0') {
		SKIP("migrate: AICERT_TEST_PG is not set, so there is no PostgreSQL to "
		    "migrate into (sh tests/pg/pgtmp.sh start DIR gives one)");
		free(pg);
		return;
	}
	CHECK(fill(&src, passed, running, sizeof passed, code, sizeof code) == 0,
	    "the SQLite store holds a certificate and a running attempt with saves");
	testsrv_signin(&src, "wang", "holder-pass", tok, sizeof tok);
	look(&src, tok, passed, running, code, &before);
	CHECK(strcmp(before.status, "valid") == 0 && strstr(before.result, "\"passed\":true"),
	    "before the move: passed, and the certificate verifies (%s)", before.status);
	testsrv_stop(&src, SIGTERM, NULL);

	setenv("AICERT_TEST_PG", pg, 1);
	testsrv_init(&dst);
	rc = testsrv_cli(&dst, NULL, out, sizeof out, "migrate-store", "--from", src.db,
	    "--to", dst.db, "--with-key", NULL);
	CHECK(rc == 0 && strstr(out, "verified: ") && strstr(out, "certificates "),
	    "migrate-store copies the store and verifies it (%d): %s", rc, out);
	snprintf(key, sizeof key, "%s/aicert.key", dst.dir);
	CHECK(stat(key, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "--with-key put the signing key where the PostgreSQL store reads it, mode 0600");

	users = testsrv_db_int(&dst, "SELECT count(*) FROM users", NULL);
	attempts = testsrv_db_int(&dst, "SELECT count(*) FROM attempts", NULL);
	rc = testsrv_cli(&dst, NULL, out, sizeof out, "migrate-store", "--from", src.db,
	    "--to", dst.db, NULL);
	CHECK(rc == 1 && strstr(out, "is not empty"),
	    "a second copy into the same database is refused (%d): %s", rc, out);
	CHECK(users > 1 && attempts == 2 &&
	    testsrv_db_int(&dst, "SELECT count(*) FROM users", NULL) == users &&
	    testsrv_db_int(&dst, "SELECT count(*) FROM attempts", NULL) == attempts,
	    "and changes nothing (%lld users, %lld attempts)", users, attempts);
	rc = testsrv_cli(&dst, NULL, out, sizeof out, "migrate-store", "--verify-only",
	    "--from", src.db, "--to", dst.db, NULL);
	CHECK(rc == 0 && strstr(out, "verified: "),
	    "--verify-only checks the copy again (%d): %s", rc, out);

	/* one answer changed behind the copy's back, then put back */
	testsrv_db_run(&dst, saved, sizeof saved, "SELECT response FROM responses WHERE "
	    "attempt_id = (SELECT id FROM attempts WHERE public_id = ?) ORDER BY position",
	    "t", running);
	testsrv_db_run(&dst, NULL, 0, "UPDATE responses SET response = ? WHERE response = ?",
	    "tt", "{\"choice\":\"forged\"}", saved);
	rc = testsrv_cli(&dst, NULL, out, sizeof out, "migrate-store", "--verify-only",
	    "--from", src.db, "--to", dst.db, NULL);
	CHECK(rc == 1 && strstr(out, "responses differs") && !strstr(out, "users differs"),
	    "a changed answer in the copy is found and its table named (%d): %s", rc, out);
	testsrv_db_run(&dst, NULL, 0, "UPDATE responses SET response = ? WHERE response = ?",
	    "tt", saved, "{\"choice\":\"forged\"}");

	if (testsrv_start(&dst, NULL) != 0) {
		CHECK(0, "a server starts on the copy");
		goto done;
	}
	CHECK(testsrv_signin(&dst, "wang", "holder-pass", tok, sizeof tok) == 200,
	    "the learner signs in on the copy with the same password");
	look(&dst, tok, passed, running, code, &after);
	CHECK_STR(after.result, before.result, "the learner's result on the copy");
	CHECK(*before.answers != '\0' && strcmp(after.answers, before.answers) == 0,
	    "the running attempt's saved answers are the same: %s / %s", after.answers,
	    before.answers);
	CHECK(strcmp(after.status, "valid") == 0 && strcmp(after.holder, before.holder) == 0,
	    "the certificate's code verifies on the copy (%s, %s)", after.status, after.holder);
	rc = testsrv_cli(&dst, "newer-pass1\n", out, sizeof out, "user", "add", "--login",
	    "newer", "--name", "Newer", "--role", "learner", NULL);
	CHECK(rc == 0 && testsrv_db_int(&dst, "SELECT id FROM users WHERE login = ?",
	    "newer") == users + 1, "a new account on the copy is numbered after the copied "
	    "ones (%d): %s", rc, out);
	testsrv_stop(&dst, SIGTERM, NULL);
done:
	free(pg);
}
