/*
 * test_sittings.c - a test centre's sittings as learners meet them: a
 * learner booked into sittings of an exam starts it only inside one of
 * their windows (told when otherwise, in their language and the server's
 * zone), the attempt records its sitting (so the console's pass rate by
 * sitting is filled), and the start page says how many attempts are left,
 * when the next one is allowed, which certificate is held and why a start
 * is impossible, instead of offering a Start button that ends in a bare
 * 409; a running attempt shows a resume banner on the home page. Sittings
 * have a room and numbered seats (from the API, the console form or the
 * learners CSV), printable seat and door lists; an import's slips print
 * in each learner's language with the exam, sitting, room, seat, opening
 * time and code expiry, and reloading them never imports again.
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

/* Signs in on the web with fields (login=...&password=... or code=...);
 * the lang cookie the answer sets into lang ("" if none). The status. */
static int
signin_lang(const char *fields, char *lang, size_t n)
{
	struct resp r;
	char pre[128], csrf[128], h[300], body[512];
	int status;

	lang[0] = '\0';
	if (web_get(&srv, NULL, "/signin", "en", &r) != 0 ||
	    !resp_cookie(&r, "aicert_pre", pre, sizeof pre) ||
	    !web_csrf_of(r.body, csrf, sizeof csrf)) {
		resp_free(&r);
		return 0;
	}
	resp_free(&r);
	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_pre=%s\r\n", pre);
	snprintf(body, sizeof body, "csrf=%s&%s", csrf, fields);
	if (http_req(srv.port, "POST", "/signin", h, body, strlen(body), &r) != 0)
		return 0;
	status = r.status;
	if (!resp_cookie(&r, "lang", lang, n))
		lang[0] = '\0';
	resp_free(&r);
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
	{
		char lang[16];

		CHECK(web_get(&srv, &w, "/lang/zh-TW?next=/", "en", &r) == 0 && r.status == 303,
		    "runner switches to zh-TW");
		resp_free(&r);
		CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = ?1 AND "
		    "lang = 'zh-TW'", "runner") == 1, "the account keeps the language chosen");
		CHECK(signin_lang("login=runner&password=runner-pass-1", lang, sizeof lang) == 303 &&
		    strcmp(lang, "zh-TW") == 0, "signing in elsewhere brings it back (%s)", lang);
	}
}


/* The first access code on a slips page, or "". */
static const char *
first_code(const char *body, char out[32])
{
	const char *p = body ? strstr(body, "class=\"slip-code\">") : NULL;

	out[0] = '\0';
	if (p != NULL)
		snprintf(out, 32, "%.19s", p + 18);
	return out;
}

static void
seats(const char *admin, const char *rival)
{
	char body[512], path[128], hall[24];
	long long now = (long long)time(NULL);
	struct websess w;
	struct resp r;
	const char *a, *b;
	json_t *j;
	int status;

	snprintf(body, sizeof body, "{\"name\":\"Hall 1\",\"room\":\"R101\",\"opens_at\":%lld,"
	    "\"closes_at\":%lld,\"members\":[{\"login\":\"late\",\"seat\":1},"
	    "{\"login\":\"failer\",\"seat\":2},\"runner\"]}", now + 86400, now + 90000);
	j = call(admin, "POST", "/api/v1/exams/room-cert/sittings", body, &status);
	snprintf(hall, sizeof hall, "%lld", (long long)json_integer_value(json_object_get(j, "id")));
	CHECK(status == 201, "a sitting with a room and seats is booked (%d)", status);
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM sitting_members m JOIN users u ON "
	    "u.id = m.user_id WHERE m.sitting_id = ?1 AND ((u.login = 'late' AND m.seat = 1) OR "
	    "(u.login = 'failer' AND m.seat = 2) OR (u.login = 'runner' AND m.seat IS NULL))",
	    hall) == 3, "each member has the seat given, or none");
	j = call(admin, "POST", "/api/v1/exams/room-cert/sittings", "{\"name\":\"Hall 2\","
	    "\"members\":[{\"login\":\"late\",\"seat\":3},{\"login\":\"runner\",\"seat\":3}]}", &status);
	CHECK(status == 422 && strstr(testsrv_jstr(j, "error"), "Seat 3"),
	    "a seat given twice is refused, naming it (%d %s)", status, testsrv_jstr(j, "error"));
	json_decref(j);
	j = call(admin, "POST", "/api/v1/exams/room-cert/sittings", "{\"name\":\"Hall 3\","
	    "\"members\":[{\"login\":\"late\",\"desk\":3}]}", &status);
	CHECK(status == 400 && strcmp(testsrv_jstr(j, "field"), "desk") == 0,
	    "a member's unknown field is a 400 naming it (%d)", status);
	json_decref(j);
	j = call(admin, "POST", "/api/v1/exams/room-cert/sittings", "{\"name\":\"Hall 4\","
	    "\"capacity\":30}", &status);
	CHECK(status == 400, "an unknown field of the sitting is refused (%d)", status);
	json_decref(j);
	j = call(rival, "POST", "/api/v1/exams/room-cert/sittings", "{\"name\":\"Hall 5\","
	    "\"room\":\"X\"}", &status);
	CHECK(status == 403, "another trainer cannot book a sitting of the exam (%d)", status);
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM sittings WHERE name LIKE 'Hall %' "
	    "AND name <> 'Hall 1'", NULL) == 0, "the refused sittings changed nothing");
	j = call(admin, "GET", "/api/v1/exams/room-cert/sittings", NULL, &status);
	{
		size_t i;
		json_t *s;
		int found = 0;

		json_array_foreach(j, i, s)
			found |= strcmp(testsrv_jstr(s, "name"), "Hall 1") == 0 &&
			    strcmp(testsrv_jstr(s, "room"), "R101") == 0 &&
			    json_integer_value(json_object_get(s, "members")) == 3;
		CHECK(found, "the sittings list gives Hall 1 its room and three members");
	}
	json_decref(j);

	/* The printable lists: seats by seat, the door by name. */
	CHECK(web_signin(&srv, "coach", "trainer-pass", "/console", &w) == 0, "coach signs in");
	snprintf(path, sizeof path, "/console/exams/room-cert/sittings/%s", hall);
	CHECK(web_get(&srv, &w, path, "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "Seat list") && strstr(r.body, "R101") &&
	    (a = strstr(r.body, "<code>late</code>")) && (b = strstr(r.body, "<code>failer</code>")) &&
	    a < b && strstr(r.body, "<code>runner</code>") > b,
	    "the seat list runs by seat, the unseated last (%d)", r.status);
	resp_free(&r);
	snprintf(path, sizeof path, "/console/exams/room-cert/sittings/%s?list=door", hall);
	CHECK(web_get(&srv, &w, path, "zh-TW", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "報到名單") && strstr(r.body, "到場") && strstr(r.body, "證件查驗") &&
	    (a = strstr(r.body, "<code>failer</code>")) && (b = strstr(r.body, "<code>late</code>")) &&
	    a < b, "the door list runs by name, with columns to tick and for the ID, in zh-TW (%d)",
	    r.status);
	resp_free(&r);
	{
		struct websess rv;

		CHECK(web_signin(&srv, "rival", "rival-pass", "/console", &rv) == 0, "rival signs in");
		CHECK(web_get(&srv, &rv, path, "en", &r) == 0 && r.status == 403,
		    "another trainer gets 403 on the lists (%d)", r.status);
		resp_free(&r);
	}
	web_page_has(&srv, &w, "/console/exams/room-cert", "en", "R101", "?list=door");
}


static void
slips(void)
{
	char fields[1024], loc[256] = "", code1[32], code2[32], sid[24];
	long long codes;
	struct websess w, other;
	struct resp r;
	const char *zh, *en;

	snprintf(sid, sizeof sid, "%lld", testsrv_db_int(&srv,
	    "SELECT id FROM sittings WHERE name = ?1", "Hall 1"));
	CHECK(web_signin(&srv, "coach", "trainer-pass", "/console", &w) == 0, "coach signs in");
	/* A seat taken by another learner of the sitting refuses the file. */
	snprintf(fields, sizeof fields, "csv=login%%2Cname%%2Cseat%%0Anew9%%2CNew+Nine%%2C1%%0A"
	    "&encoding=utf-8&sitting=%s&codes_days=2", sid);
	CHECK(web_post(&srv, &w, "/console/people", fields, 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "another learner has that seat"),
	    "a seat another learner has is refused by line (%d)", r.status);
	resp_free(&r);
	snprintf(fields, sizeof fields, "csv=login%%2Cname%%2Cseat%%0Anew9%%2CNew+Nine%%2C7%%0A"
	    "new8%%2CNew+Eight%%2C7%%0A&encoding=utf-8&sitting=%s&codes_days=2", sid);
	CHECK(web_post(&srv, &w, "/console/people", fields, 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "Seat 7 is already given on line 2"),
	    "a seat given twice in the file is refused (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login LIKE 'new%'", NULL) == 0,
	    "and nothing was imported");

	snprintf(fields, sizeof fields, "csv=login%%2Cname%%2Cseat%%2Clang%%0A"
	    "zh1%%2C%%E7%%8E%%8B%%E5%%B0%%8F%%E6%%98%%8E%%2C3%%2Czh-TW%%0A"
	    "en1%%2CAnn+Lee%%2C4%%2Cen%%0Anol%%2CNo+Lang%%2C5%%2C%%0A"
	    "&encoding=utf-8&sitting=%s&codes_days=2", sid);
	CHECK(web_post(&srv, &w, "/console/people", fields, 1, &r) == 0 && r.status == 303 &&
	    resp_header(&r, "Location", loc, sizeof loc) &&
	    strncmp(loc, "/console/people/slips/", 22) == 0,
	    "an import redirects to its slips (%d %s)", r.status, loc);
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login = 'zh1' AND "
	    "lang = 'zh-TW'", NULL) == 1, "the lang column becomes the account's language");
	codes = testsrv_db_int(&srv, "SELECT count(*) FROM access_codes", NULL);
	CHECK(web_get(&srv, &w, loc, "en", &r) == 0 && r.status == 200 &&
	    (zh = strstr(r.body, "lang=\"zh-TW\"")) && strstr(zh, "座位") &&
	    strstr(zh, "考場認證") && strstr(zh, "R101") && strstr(zh, "Hall 1") &&
	    strstr(zh, "登入碼有效至") && strstr(zh, "開放時間") &&
	    (en = strstr(r.body, "lang=\"en\"")) && strstr(en, "Seat") && strstr(en, "Room Cert") &&
	    strstr(en, "Code valid until") && *first_code(r.body, code1),
	    "each slip is in its learner's language with exam, sitting, room, seat, opening "
	    "time and code expiry (%d)", r.status);
	{
		const char *nol = r.body ? strstr(r.body, "No Lang") : NULL;

		CHECK(nol && strstr(nol, "Seat") && strstr(nol, "<strong>5</strong>"),
		    "a learner without a language gets the console's (en), seat 5");
	}
	resp_free(&r);
	{
		char f[128], lang[16];

		snprintf(f, sizeof f, "code=%s", code1);
		CHECK(signin_lang(f, lang, sizeof lang) == 303 && strcmp(lang, "zh-TW") == 0,
		    "the zh-TW learner signs in with the slip's code, and the site turns to "
		    "zh-TW (%s)", lang);
	}
	CHECK(web_get(&srv, &w, loc, "zh-TW", &r) == 0 && r.status == 200 &&
	    strcmp(first_code(r.body, code2), code1) == 0 && strstr(r.body, "No Lang") &&
	    strstr(strstr(r.body, "No Lang"), "座位") &&
	    testsrv_db_int(&srv, "SELECT count(*) FROM access_codes", NULL) == codes,
	    "reloading shows the same codes and makes none; the unset learner follows the "
	    "console into zh-TW (%d)", r.status);
	resp_free(&r);
	CHECK(web_signin(&srv, "coach", "trainer-pass", "/console", &other) == 0,
	    "coach signs in again elsewhere");
	CHECK(web_get(&srv, &other, loc, "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "no longer shown") && strstr(r.body, "import the same CSV again") &&
	    !strstr(r.body, "slip-code"),
	    "another session sees no codes, and how to get new ones (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, &other, "/console/people/slips/AAAAAAAAAAAAAAAAAAAAAA", "zh-TW",
	    "這批登入碼單已無法再顯示", NULL);

	/* The API import takes the same columns and says what it gave. */
	{
		char path[160];
		struct api_opt o = { .ctype = "text/csv" };
		char tok[64];
		json_t *j, *row;
		int status;

		testsrv_signin(&srv, "coach", "trainer-pass", tok, sizeof tok);
		snprintf(path, sizeof path, "/api/v1/users/import?codes_days=1&sitting=%s", sid);
		j = testsrv_api_opt(&srv, tok, "POST", path, "login,name,seat,lang\n"
		    "api1,Api One,11,zh-TW\n", &o, &status);
		row = json_array_get(json_object_get(j, "learners"), 0);
		CHECK(status == 201 && json_integer_value(json_object_get(row, "seat")) == 11 &&
		    strcmp(testsrv_jstr(row, "lang"), "zh-TW") == 0 &&
		    json_integer_value(json_object_get(row, "code_expires_at")) > time(NULL) + 80000,
		    "the API import gives the seat, the language and the code's expiry (%d)", status);
		json_decref(j);
	}

	/* The console's sitting form: a room, and login:seat. */
	CHECK(web_post(&srv, &w, "/console/exams/room-cert/sittings", "name=Hall+6&room=R6&"
	    "members=zh1%3A9%0Aen1%3A9", 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "Seat 9 is given to two learners"),
	    "the form refuses a seat given twice (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &w, "/console/exams/room-cert/sittings", "name=Hall+6&room=R6&"
	    "members=zh1%3A9%0Aen1", 1, &r) == 0 && r.status == 303,
	    "the form books a room and a seat (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM sittings s JOIN sitting_members m ON "
	    "m.sitting_id = s.id JOIN users u ON u.id = m.user_id WHERE s.name = 'Hall 6' AND "
	    "s.room = 'R6' AND ((u.login = 'zh1' AND m.seat = 9) OR (u.login = ?1 AND "
	    "m.seat IS NULL))", "en1") == 2, "zh1 has seat 9, en1 none, in room R6");
}

void
test_sittings(void)
{
	static const char *const learners[] = { "late", "ontime", "failer", "runner" };
	char out[4096], admin[64], coach[64], rival[64], pw[64];

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "trainer-pass");
	testsrv_user(&srv, "rival", "Rival", "trainer", "rival-pass");
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "s",
	    testsrv_file(&srv, "s.gift", bank, 0), NULL) == 0, "the bank imports: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "room-cert.json", exam_cert, 0), NULL) == 0,
	    "the exam is added: %s", out);
	for (size_t i = 0; i < sizeof learners / sizeof *learners; i++) {
		snprintf(pw, sizeof pw, "%s-pass-1", learners[i]);
		testsrv_user(&srv, learners[i], learners[i], "learner", pw);
	}
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	testsrv_signin(&srv, "coach", "trainer-pass", coach, sizeof coach);
	testsrv_signin(&srv, "rival", "rival-pass", rival, sizeof rival);
	sitting_windows(admin);
	pass_rate_by_sitting(coach);
	start_page_standing();
	seats(admin, rival);
	slips();
	testsrv_stop(&srv, SIGTERM, NULL);
}
