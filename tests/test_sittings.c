/*
 * test_sittings.c - a test centre's sittings as learners meet them: a
 * learner booked into sittings of an exam starts it only inside one of
 * their windows (told when otherwise, in their language and the server's
 * zone), the attempt records its sitting (so the console's pass rate by
 * sitting is filled), and the start page says how many attempts are left,
 * when the next one is allowed, which certificate is held and why a start
 * is impossible, instead of offering a Start button that ends in a bare
 * 409; a running attempt shows a resume banner on the home page.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: s/all\n\n"
    "// [id:s1]\n::One::Sitting one{=right ~wrong ~other}\n\n"
    "// [id:s2]\n::Two::Sitting two{=right ~wrong ~other}\n\n"
    "// [id:s3]\n::Three::Sitting three{=right ~wrong ~other}\n";

/* Certifying, three attempts an hour apart. */
static const char exam_cert[] =
    "{\"id\":\"room-cert\",\"title\":{\"en\":\"Room Cert\",\"zh-TW\":\"考場認證\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"attempts\":3,"
    "\"wait_between_attempts_s\":3600,\"languages\":[\"en\"],"
    "\"certificate\":{\"valid_years\":1},\"sections\":[{\"category\":\"s/all\",\"count\":3}]}";

static json_t *
call(const char *tok, const char *method, const char *path, const char *body, int *status)
{
	return testsrv_api(&srv, tok, method, path, body, status);
}

/* Starts room-cert as tok, answers every item with text and submits;
 * the attempt's id into id. */
static int
take(const char *tok, const char *text, char *id, size_t n)
{
	char path[256];
	int status, st;
	json_t *att = call(tok, "POST", "/api/v1/exams/room-cert/attempts", "{\"lang\":\"en\"}",
	    &status);

	snprintf(id, n, "%s", testsrv_jstr(att, "id"));
	if (status == 201) {
		testsrv_answer_all(&srv, tok, att, text);
		snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
		json_decref(call(tok, "POST", path, NULL, &st));
	}
	json_decref(att);
	return status;
}

static void
sitting_windows(const char *admin)
{
	char body[512], late[64], ontime[64], id[64];
	long long now = (long long)time(NULL);
	struct api_opt zh = { .lang = "zh-TW" };
	struct websess w;
	struct resp r;
	json_t *j;
	int status;

	/* Room A opens in an hour; Room B is open now. */
	snprintf(body, sizeof body, "{\"name\":\"Room A\",\"opens_at\":%lld,\"closes_at\":%lld,"
	    "\"members\":[\"late\",\"ontime\"]}", now + 3600, now + 7200);
	json_decref(call(admin, "POST", "/api/v1/exams/room-cert/sittings", body, &status));
	CHECK(status == 201, "Room A is booked (%d)", status);
	snprintf(body, sizeof body, "{\"name\":\"Room B\",\"opens_at\":%lld,\"closes_at\":%lld,"
	    "\"members\":[\"ontime\"]}", now - 60, now + 3600);
	json_decref(call(admin, "POST", "/api/v1/exams/room-cert/sittings", body, &status));
	CHECK(status == 201, "Room B is booked (%d)", status);

	testsrv_signin(&srv, "late", "late-pass-1", late, sizeof late);
	j = call(late, "POST", "/api/v1/exams/room-cert/attempts", "{\"lang\":\"en\"}", &status);
	CHECK(status == 403 && strstr(testsrv_jstr(j, "error"), "Room A") &&
	    strstr(testsrv_jstr(j, "error"), "Taiwan time") &&
	    json_integer_value(json_object_get(json_object_get(j, "sitting"), "opens_at")) == now + 3600,
	    "a learner whose sitting opens in an hour cannot start yet: 403 naming the sitting, "
	    "its window and the zone (%d %s)", status, testsrv_jstr(j, "error"));
	json_decref(j);
	j = testsrv_api_opt(&srv, late, "POST", "/api/v1/exams/room-cert/attempts",
	    "{\"lang\":\"en\"}", &zh, &status);
	CHECK(status == 403 && strstr(testsrv_jstr(j, "error"), "場次「Room A」") &&
	    strstr(testsrv_jstr(j, "error"), "（"), "in zh-TW the refusal is in Chinese (%s)",
	    testsrv_jstr(j, "error"));
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM attempts a JOIN users u ON "
	    "u.id = a.user_id WHERE u.login = ?1", "late") == 0, "the refused start made no attempt");

	/* The page: the reason, no Start button; the button's POST, a page too. */
	CHECK(web_signin(&srv, "late", "late-pass-1", "/", &w) == 0, "late signs in on the web");
	CHECK(web_get(&srv, &w, "/exams/room-cert", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "cannot start this exam now") && strstr(r.body, "Room A") &&
	    !strstr(r.body, "action=\"/exams/room-cert/start\""),
	    "the start page says why it cannot start, with no Start button (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &w, "/exams/room-cert/start", "lang=en", 1, &r) == 0 &&
	    r.status == 403 && strstr(r.body, "Room A") && strstr(r.body, "<h1>Room Cert</h1>"),
	    "starting anyway shows the exam page with the window, not a bare status (%d)", r.status);
	resp_free(&r);

	/* In one of their windows: the attempt records that sitting. */
	testsrv_signin(&srv, "ontime", "ontime-pass-1", ontime, sizeof ontime);
	CHECK(take(ontime, "right", id, sizeof id) == 201, "a learner in an open sitting starts");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM attempts a JOIN sittings s ON "
	    "s.id = a.sitting_id WHERE a.public_id = ?1 AND s.name = 'Room B'", id) == 1,
	    "the attempt records the sitting it was started in");
	web_page_has(&srv, NULL, "/", "en", "Room Cert", NULL);
}

static void
pass_rate_by_sitting(const char *coach)
{
	struct websess w;
	struct resp r;
	const char *row;

	CHECK(web_signin(&srv, "coach", "trainer-pass", "/console", &w) == 0, "coach signs in");
	CHECK(web_get(&srv, &w, "/console/exams/room-cert", "en", &r) == 0 && r.status == 200 &&
	    (row = strstr(r.body, "<th scope=\"row\">Room B</th>")) != NULL &&
	    strstr(row, "<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">100%</td>"),
	    "pass rate by sitting shows Room B: 1 attempt, 1 passed, 100%% (%d)", r.status);
	resp_free(&r);
	(void)coach;
}

static void
start_page_standing(void)
{
	char tok[64], id[64];
	struct websess w;
	struct resp r;
	json_t *j;
	int status;

	/* Passed, certificate held: no Start, the certificate linked. */
	CHECK(web_signin(&srv, "ontime", "ontime-pass-1", "/", &w) == 0, "ontime signs in");
	CHECK(web_get(&srv, &w, "/exams/room-cert", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "already passed") && strstr(r.body, "/api/v1/certificates/") &&
	    !strstr(r.body, "action=\"/exams/room-cert/start\""),
	    "a learner who passed sees it, with a link to the certificate, and no Start (%d)",
	    r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &w, "/exams/room-cert/start", "lang=en", 1, &r) == 0 &&
	    r.status == 409 && strstr(r.body, "already passed"),
	    "starting anyway: 409 with the page saying why (%d)", r.status);
	resp_free(&r);
	CHECK(web_get(&srv, &w, "/exams/room-cert", "zh-TW", &r) == 0 &&
	    strstr(r.body, "您已通過此測驗"), "in zh-TW too");
	resp_free(&r);

	/* Failed once: attempts left and the next allowed time. */
	testsrv_signin(&srv, "failer", "failer-pass-1", tok, sizeof tok);
	CHECK(take(tok, "wrong", id, sizeof id) == 201, "an unbooked learner starts as before");
	CHECK(web_signin(&srv, "failer", "failer-pass-1", "/", &w) == 0, "failer signs in");
	CHECK(web_get(&srv, &w, "/exams/room-cert", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "Attempts left: <strong>2</strong>") &&
	    strstr(r.body, "Next attempt allowed from:") && strstr(r.body, "You may try again from") &&
	    !strstr(r.body, "action=\"/exams/room-cert/start\""),
	    "after a fail: attempts left, the next allowed time, and why not now (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &w, "/exams/room-cert/start", "lang=en", 1, &r) == 0 &&
	    r.status == 409 && strstr(r.body, "You may try again from"),
	    "the POST says when, on a page (%d)", r.status);
	resp_free(&r);
	j = call(tok, "POST", "/api/v1/exams/room-cert/attempts", "{\"lang\":\"en\"}", &status);
	CHECK(status == 409 && json_integer_value(json_object_get(j, "retry_at")) > time(NULL) + 3500 &&
	    strstr(testsrv_jstr(j, "error"), "try again from"),
	    "the API says when too, as retry_at (%d)", status);
	json_decref(j);

	/* Running: the home page offers to resume it. */
	testsrv_signin(&srv, "runner", "runner-pass-1", tok, sizeof tok);
	json_decref(call(tok, "POST", "/api/v1/exams/room-cert/attempts", "{\"lang\":\"en\"}",
	    &status));
	CHECK(web_signin(&srv, "runner", "runner-pass-1", "/", &w) == 0, "runner signs in");
	CHECK(web_get(&srv, &w, "/", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "An exam is in progress") && strstr(r.body, "/attempts/"),
	    "a running attempt shows a resume banner on the home page (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, &w, "/", "zh-TW", "您有進行中的測驗", "繼續作答");
}

void
test_sittings(void)
{
	static const char *const learners[] = { "late", "ontime", "failer", "runner" };
	char out[4096], admin[64], coach[64], pw[64];

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "trainer-pass\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "s",
	    testsrv_file(&srv, "s.gift", bank, 0), NULL) == 0, "the bank imports: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "room-cert.json", exam_cert, 0), NULL) == 0,
	    "the exam is added: %s", out);
	for (size_t i = 0; i < sizeof learners / sizeof *learners; i++) {
		snprintf(pw, sizeof pw, "%s-pass-1\n", learners[i]);
		testsrv_cli(&srv, pw, out, sizeof out, "user", "add", "--login", learners[i],
		    "--name", learners[i], "--role", "learner", NULL);
	}
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	testsrv_signin(&srv, "coach", "trainer-pass", coach, sizeof coach);
	sitting_windows(admin);
	pass_rate_by_sitting(coach);
	start_page_standing();
	testsrv_stop(&srv, SIGTERM, NULL);
}
