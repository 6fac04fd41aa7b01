/*
 * test_programme.c - certification programmes as their learners and
 * trainers meet them: definitions refused field by field (command line
 * and API, in both languages), who may add one, a learner passing part 1
 * (no certificate, "1 of 2"), failing part 2 (still 1 of 2), passing it
 * within the window (exactly one certificate, returned by that submit,
 * listed with the programme, its PDF naming the programme), a pass
 * outside the window completing nothing until a part is passed again.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "test.h"
#include "testsrv.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: pg/a\n\n"
    "// [id:a1]\n::A1::Alpha question ONE{=right ~wrong}\n\n"
    "// [id:a2]\n::A2::Alpha question TWO{=right ~wrong}\n\n"
    "$CATEGORY: pg/b\n\n"
    "// [id:b1]\n::B1::Beta question ONE{=right ~wrong}\n\n"
    "// [id:b2]\n::B2::Beta question TWO{=right ~wrong}\n\n"
    "$CATEGORY: pg/z\n\n"
    "// [id:z1]\n::Z1::Zeta question{=right ~wrong}\n";

/* Part exams: each names a certificate of its own, which a part never
 * issues alone; pn names none, and cannot be a part. */
static const char exam_a[] =
    "{\"id\":\"pa\",\"title\":{\"en\":\"Alpha Foundations\",\"zh-TW\":\"甲基礎\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"score\","
    "\"bank\":\"pg\",\"certificate\":{\"valid_years\":3},"
    "\"sections\":[{\"category\":\"pg/a\",\"count\":2}]}";
static const char exam_b[] =
    "{\"id\":\"pb\",\"title\":{\"en\":\"Beta Planning\",\"zh-TW\":\"乙規劃\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"score\","
    "\"bank\":\"pg\",\"certificate\":{\"valid_years\":3},"
    "\"sections\":[{\"category\":\"pg/b\",\"count\":2}]}";
static const char exam_none[] =
    "{\"id\":\"pn\",\"title\":{\"en\":\"None\",\"zh-TW\":\"無\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"with_keys\","
    "\"bank\":\"pg\",\"sections\":[{\"category\":\"pg/z\",\"count\":1}]}";
static const char exam_other[] =
    "{\"id\":\"px\",\"title\":{\"en\":\"Other\",\"zh-TW\":\"其他\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"score\","
    "\"bank\":\"pg\",\"certificate\":{\"valid_years\":1},"
    "\"sections\":[{\"category\":\"pg/a\",\"count\":1}]}";
static const char exam_c[] =
    "{\"id\":\"pc\",\"title\":{\"en\":\"Gamma\",\"zh-TW\":\"丙\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"score\","
    "\"bank\":\"pg\",\"certificate\":{\"valid_years\":1},"
    "\"sections\":[{\"category\":\"pg/a\",\"count\":1}]}";
static const char exam_c_bare[] =
    "{\"id\":\"pc\",\"title\":{\"en\":\"Gamma\",\"zh-TW\":\"丙\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"score\","
    "\"bank\":\"pg\",\"sections\":[{\"category\":\"pg/a\",\"count\":1}]}";
static const char prog[] =
    "{\"id\":\"duo\",\"title\":{\"en\":\"Duo Programme\",\"zh-TW\":\"雙科學程\"},"
    "\"parts\":[{\"exam\":\"pa\"},{\"exam\":\"pb\",\"pass_percent\":100}],"
    "\"within_days\":30,\"certificate\":{\"valid_years\":2}}";

/* Takes exam as tok answering every question with text; returns the
 * submit's answer (caller decrefs). */
static json_t *
take(const char *tok, const char *exam, const char *text)
{
	char path[256];
	int status;
	json_t *att, *res;

	snprintf(path, sizeof path, "/api/v1/exams/%s/attempts", exam);
	att = testsrv_api(&srv, tok, "POST", path, "{\"lang\":\"en\"}", &status);
	CHECK(status == 201 || status == 200, "an attempt of %s starts (%d)", exam, status);
	testsrv_answer_all(&srv, tok, att, text);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	json_decref(att);
	return res;
}

static long long
certs_of(const char *login)
{
	return testsrv_db_int(&srv, "SELECT count(*) FROM certificates WHERE user_id = "
	    "(SELECT id FROM users WHERE login = ?1)", login);
}

/* Runs sql on the server's database (the test moves finish times). */
static int
db_exec(const char *sql)
{
	char err[256];

	return testsrv_db_exec(&srv, sql, err, sizeof err);
}

/* The page at path as tok, in lang: its body into out. The status. */
static int
page(const char *tok, const char *path, const char *lang, char *out, size_t n)
{
	char h[256];
	struct resp r;
	int st;

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: %s\r\n", tok, lang);
	if (http_req(srv.port, "GET", path, h, NULL, 0, &r) != 0)
		return 0;
	snprintf(out, n, "%s", r.body ? r.body : "");
	st = r.status;
	resp_free(&r);
	return st;
}

static void
definitions(void)
{
	char out[8192];
	static const struct {
		const char *json, *want, *what;
	} bad[] = {
		{ "{\"id\":\"x\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},\"parts\":[{\"exam\":\"pa\"}],"
		  "\"within_days\":30,\"certificate\":{\"valid_years\":1}}", "parts: must be a list of 2 "
		  "to 10 parts", "one part" },
		{ "{\"id\":\"x\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},\"parts\":[{\"exam\":\"pa\"},"
		  "{\"exam\":\"pa\"}],\"within_days\":30,\"certificate\":{\"valid_years\":1}}",
		  "parts[2].exam: \"pa\" is already parts[1]", "an exam twice" },
		{ "{\"id\":\"x\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},\"parts\":[{\"exam\":\"pa\"},"
		  "{\"exam\":\"nope\"}],\"within_days\":30,\"certificate\":{\"valid_years\":1}}",
		  "parts[2].exam: there is no exam \"nope\"", "a missing exam" },
		{ "{\"id\":\"x\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},\"parts\":[{\"exam\":\"pa\"},"
		  "{\"exam\":\"pb\"}],\"within_days\":0,\"certificate\":{\"valid_years\":1}}",
		  "within_days: must be a whole number from 1 to 3650", "a window of 0 days" },
		{ "{\"id\":\"X!\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},\"parts\":[{\"exam\":\"pa\"},"
		  "{\"exam\":\"pb\"}],\"within_days\":3,\"certificate\":{\"valid_years\":1},\"extra\":1}",
		  "extra: unknown field", "an unknown field" },
		{ "{\"id\":\"x\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},\"parts\":[{\"exam\":\"pa\","
		  "\"pass_percent\":101},{\"exam\":\"pb\"}],\"within_days\":3}",
		  "parts[1].pass_percent: must be a number greater than 0", "a pass mark over 100" },
		{ "{\"id\":\"x\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},\"parts\":[{\"exam\":\"pa\"},"
		  "{\"exam\":\"pn\"}],\"within_days\":3,\"certificate\":{\"valid_years\":1}}",
		  "parts[2].exam: the exam \"pn\" has no \"certificate\"", "an exam without a "
		  "certificate, whose answers may be shown" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int rc = testsrv_cli(&srv, NULL, out, sizeof out, "programme", "add",
		    testsrv_file(&srv, "bad.json", bad[i].json, 0), NULL);

		CHECK(rc != 0 && strstr(out, bad[i].want) != NULL && strstr(out, "not added"),
		    "the command line refuses %s, naming the field: %s", bad[i].what, out);
	}
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM programmes", NULL) == 0,
	    "no refused programme is stored");
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "programme", "add",
	    testsrv_file(&srv, "duo.json", prog, 0), NULL) == 0 &&
	    strstr(out, "programme duo added: 2 parts") != NULL,
	    "the command line adds a sound programme: %s", out);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'programme.create' "
	    "AND detail = 'duo'", NULL) == 1, "adding it is audited");
}

static void
api_add(const char *coach, const char *rival, const char *learner)
{
	static const char mine[] =
	    "{\"id\":\"mine\",\"title\":{\"en\":\"Mine\",\"zh-TW\":\"我的\"},"
	    "\"parts\":[{\"exam\":\"pc\"},{\"exam\":\"pb\"}],\"within_days\":10,"
	    "\"certificate\":{\"valid_years\":1}}";
	static const char rivals[] =
	    "{\"id\":\"theirs\",\"title\":{\"en\":\"T\",\"zh-TW\":\"T\"},"
	    "\"parts\":[{\"exam\":\"pa\"},{\"exam\":\"px\"}],\"within_days\":10,"
	    "\"certificate\":{\"valid_years\":1}}";
	struct api_opt zh = { .lang = "zh-TW" };
	json_t *j;
	int st;

	j = testsrv_api(&srv, learner, "POST", "/api/v1/programmes", mine, &st);
	CHECK(st == 403, "a learner cannot add a programme (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, rival, "POST", "/api/v1/programmes", mine, &st);
	CHECK(st == 403, "a trainer cannot join another trainer's exams (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, rival, "POST", "/api/v1/programmes", rivals, &st);
	CHECK(st == 403, "nor one of theirs with one of another's (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/programmes", mine, &st);
	CHECK(st == 201 && strcmp(testsrv_jstr(j, "id"), "mine") == 0,
	    "the trainer who manages both exams adds a programme of them (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/programmes", mine, &st);
	CHECK(st == 200, "and updates it (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/programmes", prog, &st);
	CHECK(st == 403, "but not the admins' programme (%d)", st);
	json_decref(j);
	j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/programmes",
	    "{\"id\":\"mine\",\"title\":{\"en\":\"Mine\",\"zh-TW\":\"我的\"},"
	    "\"parts\":[{\"exam\":\"pc\"},{\"exam\":\"pb\"}],\"within_days\":9999,"
	    "\"certificate\":{\"valid_years\":1}}", &zh, &st);
	CHECK(st == 422 && strcmp(testsrv_jstr(json_array_get(json_object_get(j, "errors"), 0),
	    "field"), "within_days") == 0 && strstr(testsrv_jstr(json_array_get(
	    json_object_get(j, "errors"), 0), "message"), "1 到 3650 的整數") != NULL,
	    "a refused value is named by its field, in the caller's language (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/programmes",
	    "{\"id\":\"mine\",\"titel\":{}}", &st);
	CHECK(st == 400 && strstr(testsrv_jstr(json_array_get(json_object_get(j, "errors"), 0),
	    "message"), "unknown field \"titel\"") != NULL, "an unknown field is a 400 (%d)", st);
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = "
	    "'programme.update' AND detail = 'mine'", NULL) == 1, "the update is audited");
	/* a part keeps its certificate: replacing pc without one is refused */
	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams", exam_c_bare, &st);
	CHECK(st == 422 && strstr(testsrv_jstr(json_array_get(json_object_get(j, "errors"), 0),
	    "message"), "is a part of a certification programme") != NULL,
	    "a part exam cannot lose its certificate (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, learner, "GET", "/api/v1/programmes/duo?sort=1", NULL, &st);
	CHECK(st == 400, "an unknown query option is a 400 (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, learner, "GET", "/api/v1/programmes", NULL, &st);
	CHECK(st == 200 && json_array_size(j) == 3, "a learner lists both, and the bundled "
	    "one (%d, %zu)", st, json_array_size(j));
	json_decref(j);
}

/* The bundled programme: two subject exams of the bundled bank, loaded
 * by init with the exams, neither sharing a shown key with practice. */
static void
bundled(void)
{
	struct testsrv fresh;
	char out[16384];
	int rc;

	testsrv_init(&fresh);
	rc = testsrv_cli(&fresh, NULL, out, sizeof out, "init", NULL);
	CHECK(rc == 0 && strstr(out, "exam ai-planning-fundamentals added: 50 questions, 75 min, "
	    "pass 70%") && strstr(out, "exam ai-planning-generative added: 50 questions, 75 min, "
	    "pass 70%") && strstr(out, "programme ai-application-planning added: 2 parts within "
	    "365 days, certificate for 3 years") && !strstr(out, "not loaded") &&
	    !strstr(out, "warning"), "init loads the bundled programme and its two exams, "
	    "which pass the rule on shown keys: %s", out);
	CHECK(testsrv_db_int(&fresh, "SELECT count(*) FROM programme_parts WHERE programme_id = "
	    "'ai-application-planning'", NULL) == 2, "the bundled programme has two parts");
}

/* The holder's programme certificate: its credential names the
 * programme; a trainer of another exam cannot revoke it, the part's
 * trainer can, and the next pass completing the programme issues a new
 * one; a re-issue keeps the programme. */
static void
revoked(const char *coach, const char *rival, const char *wang)
{
	char serial[64], path[256];
	json_t *j, *res;
	int st;

	j = testsrv_api(&srv, wang, "GET", "/api/v1/certificates", NULL, &st);
	snprintf(serial, sizeof serial, "%s", testsrv_jstr(json_array_get(j, 0), "serial"));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/certificates/%s/credential", serial);
	j = testsrv_api(&srv, wang, "GET", path, NULL, &st);
	CHECK(st == 200 && strstr(testsrv_jstr(json_object_get(json_object_get(j,
	    "credentialSubject"), "achievement"), "id"), "/programmes/duo") != NULL,
	    "its Open Badges credential's achievement is the programme (%d)", st);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/certificates/%s/revoke", serial);
	j = testsrv_api(&srv, rival, "POST", path, "{\"reason\":\"test\"}", &st);
	CHECK(st == 403, "a trainer of no part cannot revoke it (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", path, "{\"reason\":\"test\"}", &st);
	CHECK(st == 200, "the part exams' trainer revokes it (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, wang, "GET", "/api/v1/programmes/duo", NULL, &st);
	CHECK(json_is_null(json_object_get(json_object_get(j, "progress"), "certificate")),
	    "revoked, the programme holds no certificate of the learner's");
	json_decref(j);
	res = take(wang, "pa", "right");
	CHECK(json_is_object(json_object_get(res, "certificate")) && certs_of("wang") == 2,
	    "the next pass that completes the programme issues a new certificate (%lld)",
	    certs_of("wang"));
	snprintf(serial, sizeof serial, "%s", testsrv_jstr(json_object_get(res, "certificate"),
	    "serial"));
	json_decref(res);
	snprintf(path, sizeof path, "/api/v1/certificates/%s/reissue", serial);
	j = testsrv_api(&srv, coach, "POST", path, NULL, &st);
	CHECK(st == 201 && testsrv_db_int(&srv, "SELECT count(*) FROM certificates WHERE "
	    "programme_id = 'duo' AND superseded_by IS NULL AND revoked_at IS NULL AND user_id = "
	    "(SELECT id FROM users WHERE login = 'wang')", NULL) == 1 && testsrv_db_int(&srv,
	    "SELECT count(*) FROM certificates WHERE programme_id = 'duo' AND exam_en = "
	    "'Duo Programme' AND score_bp = 10000", NULL) == 3,
	    "a re-issue is the programme's certificate again (%d)", st);
	json_decref(j);
}

void
test_programme(void)
{
	char out[65536], coach[64], rival[64], wang[64], lee[64], path[256], verify[1024];
	json_t *res, *j;
	int st;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "coach-pass1");
	testsrv_user(&srv, "rival", "Rival", "trainer", "rival-pass1");
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "pg",
	    testsrv_file(&srv, "pg.gift", bank, 0), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "pa.json", exam_a, 0), testsrv_file(&srv, "pb.json", exam_b, 0),
	    testsrv_file(&srv, "pc.json", exam_c, 0), testsrv_file(&srv, "pn.json", exam_none, 0),
	    NULL) == 0 && strstr(out, "exam pn added"), "part exams added: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "rival",
	    testsrv_file(&srv, "px.json", exam_other, 0), NULL) == 0, "rival's exam: %s", out);
	testsrv_cli(&srv, "wang-pass1\n", out, sizeof out, "user", "add", "--login", "wang",
	    "--name", "王小明", "--name-alt", "Wang Hsiao-Ming", "--role", "learner", NULL);
	testsrv_cli(&srv, "lee-pass12\n", out, sizeof out, "user", "add", "--login", "lee",
	    "--name", "李四", "--role", "learner", NULL);
	bundled();
	definitions();
	if (testsrv_start(&srv, "--base-url", "http://prog.example.tw", NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	testsrv_signin(&srv, "rival", "rival-pass1", rival, sizeof rival);
	testsrv_signin(&srv, "wang", "wang-pass1", wang, sizeof wang);
	testsrv_signin(&srv, "lee", "lee-pass12", lee, sizeof lee);
	api_add(coach, rival, wang);

	/* Part 1 passed: no certificate, 1 of 2. */
	res = take(wang, "pa", "right");
	CHECK(json_is_true(json_object_get(res, "passed")) &&
	    json_is_null(json_object_get(res, "certificate")),
	    "passing part 1 alone gives no certificate, though its exam names one");
	snprintf(path, sizeof path, "/attempts/%s/result", testsrv_jstr(res, "id"));
	json_decref(res);
	CHECK(certs_of("wang") == 0, "none is stored either");
	j = testsrv_api(&srv, wang, "GET", "/api/v1/programmes/duo", NULL, &st);
	CHECK(st == 200 && json_integer_value(json_object_get(json_object_get(j, "progress"),
	    "passed")) == 1 && !json_is_true(json_object_get(json_object_get(j, "progress"),
	    "complete")), "the programme shows the learner 1 of 2 parts passed (%d)", st);
	json_decref(j);
	st = page(wang, path, "en", out, sizeof out);
	CHECK(st == 200 && strstr(out, "Part 1 of 2, Alpha Foundations: passed 100% on ") &&
	    strstr(out, "Part 2 of 2, Beta Planning: not yet") && strstr(out, "1 of 2 parts passed"),
	    "the result page says part 1 is passed and part 2 not yet (%d)", st);
	st = page(wang, "/programmes/duo", "zh-TW", out, sizeof out);
	CHECK(st == 200 && strstr(out, "雙科學程") && strstr(out, "第 2 部分（共 2 部分）乙規劃：尚未通過") &&
	    strstr(out, "href=\"/exams/pb\""), "the programme page, in Chinese, links to the part "
	    "still to pass (%d)", st);
	st = page(wang, "/exams/pa", "en", out, sizeof out);
	CHECK(st == 200 && strstr(out, "Duo Programme") && strstr(out, "method=\"post\""),
	    "the part exam's page shows the programme, and the part may be taken again (%d)", st);

	/* Part 2 failed (its mark 100%): still 1 of 2. */
	res = take(wang, "pb", "wrong");
	CHECK(json_is_null(json_object_get(res, "certificate")) && certs_of("wang") == 0,
	    "a failed part completes nothing");
	json_decref(res);

	/* Part 2 passed within the window: one certificate, this submit's. */
	res = take(wang, "pb", "right");
	{
		json_t *c = json_object_get(res, "certificate");
		char serial[64], pdf[128];

		snprintf(serial, sizeof serial, "%s", testsrv_jstr(c, "serial"));
		CHECK(json_is_object(c) && serial[0], "the submit that completes the programme "
		    "returns its certificate");
		/* the verification page, below, names it too */
		snprintf(verify, sizeof verify, "/v/%s", strstr(testsrv_jstr(c, "verify_url"), "/V/") ?
		    strstr(testsrv_jstr(c, "verify_url"), "/V/") + 3 : "x");
		json_decref(res);
		CHECK(certs_of("wang") == 1, "exactly one certificate is issued (%lld)",
		    certs_of("wang"));
		j = testsrv_api(&srv, wang, "GET", "/api/v1/certificates", NULL, &st);
		CHECK(st == 200 && json_array_size(j) == 1 &&
		    strcmp(testsrv_jstr(json_array_get(j, 0), "programme"), "duo") == 0 &&
		    strcmp(testsrv_jstr(json_array_get(j, 0), "exam"), "Duo Programme") == 0,
		    "the learner's list names it with the programme");
		json_decref(j);
		j = testsrv_api(&srv, wang, "GET", "/api/v1/programmes/duo", NULL, &st);
		CHECK(strcmp(testsrv_jstr(json_object_get(j, "progress"), "certificate"), serial) == 0,
		    "the programme's progress names the certificate held");
		json_decref(j);
		/* its PDF names the programme and its parts */
		snprintf(path, sizeof path, "/api/v1/certificates/%s.pdf", serial);
		{
			char h[128];
			struct resp r;

			snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", wang);
			if (http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 && r.status == 200) {
				char cmd[512];
				FILE *p;
				size_t got;

				snprintf(pdf, sizeof pdf, "%s", testsrv_file(&srv, "prog.pdf", r.body,
				    r.body_len));
				snprintf(cmd, sizeof cmd, "pdftotext -layout %s - 2>/dev/null", pdf);
				p = popen(cmd, "r");
				got = p ? fread(out, 1, sizeof out - 1, p) : 0;
				out[got] = '\0';
				if (p)
					pclose(p);
				CHECK(strstr(out, "has completed the programme") &&
				    strstr(out, "Duo Programme") && strstr(out, "Alpha Foundations") &&
				    strstr(out, "Beta Planning"), "the PDF names the programme and its "
				    "parts: %.300s", out);
			} else
				CHECK(0, "the holder downloads the PDF (%d)", r.status);
			resp_free(&r);
		}
	}
	st = page(wang, verify, "en", out, sizeof out);
	CHECK(st == 200 && strstr(out, "Duo Programme") && strstr(out, "Beta Planning"),
	    "the verification page names the programme and its parts (%d)", st);
	res = take(wang, "pb", "right");
	CHECK(certs_of("wang") == 1 && json_is_null(json_object_get(res, "certificate")),
	    "passing a part again issues no second certificate (%lld)", certs_of("wang"));
	json_decref(res);
	revoked(coach, rival, wang);

	/* Outside the window: part 1 passed 40 days ago does not count. */
	res = take(lee, "pa", "right");
	json_decref(res);
	CHECK(db_exec("UPDATE attempts SET finished_at = finished_at - 3456000000 "
	    "WHERE user_id = (SELECT id FROM users WHERE login = 'lee')") == 0,
	    "lee's pass of part 1 is moved 40 days back");
	res = take(lee, "pb", "right");
	CHECK(json_is_null(json_object_get(res, "certificate")) && certs_of("lee") == 0,
	    "a part passed outside the 30-day window completes nothing");
	json_decref(res);
	res = take(lee, "pa", "right");
	CHECK(json_is_object(json_object_get(res, "certificate")) && certs_of("lee") == 1,
	    "passing part 1 again, within 30 days of part 2, completes it");
	json_decref(res);
	/* A crash between grading and issuing: the next start issues it. */
	testsrv_stop(&srv, 15, NULL);
	CHECK(db_exec("DELETE FROM cert_notices WHERE cert_id IN (SELECT id FROM certificates "
	    "WHERE user_id = (SELECT id FROM users WHERE login = 'lee')); DELETE FROM certificates "
	    "WHERE user_id = (SELECT id FROM users WHERE login = 'lee')") == 0 &&
	    certs_of("lee") == 0, "lee's certificate is gone, as if the server died before it");
	if (testsrv_start(&srv, NULL) == 0) {
		CHECK(certs_of("lee") == 1 && testsrv_db_int(&srv, "SELECT count(*) FROM "
		    "certificates WHERE programme_id = 'duo' AND user_id = (SELECT id FROM users "
		    "WHERE login = 'lee')", NULL) == 1, "the next start issues it (%lld)",
		    certs_of("lee"));
		testsrv_stop(&srv, 15, NULL);
	} else
		CHECK(0, "the server starts again");
}
