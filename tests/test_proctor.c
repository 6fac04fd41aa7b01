/*
 * test_proctor.c - the proctor at a test centre: a proctor account sees
 * and acts on the sittings it is assigned to and nothing else; it checks
 * candidates in at the door (ID document and its last characters, or
 * identity confirmed; the seat), every action audited; an exam that
 * requires check-in refuses to start for a candidate not checked in (in
 * the candidate's language); the room lists every seat's state, time
 * left, answers and integrity events, newest first, and follows a
 * candidate from not arrived to submitted.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "testsrv.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: p/all\n\n"
    "// [id:p1]\n::One::Door one{=right ~wrong}\n\n"
    "// [id:p2]\n::Two::Door two{=right ~wrong}\n";

/* Requires check-in. */
static const char exam_door[] =
    "{\"id\":\"door\",\"title\":{\"en\":\"Door Exam\",\"zh-TW\":\"報到測驗\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"checkin\":true,\"languages\":[\"en\"],"
    "\"sections\":[{\"category\":\"p/all\",\"count\":2}]}";

/* The rival trainer's: no check-in. */
static const char exam_other[] =
    "{\"id\":\"other\",\"title\":{\"en\":\"Other\",\"zh-TW\":\"其他\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
    "\"sections\":[{\"category\":\"p/all\",\"count\":2}]}";

static json_t *
call(const char *tok, const char *method, const char *path, const char *body, int *status)
{
	return testsrv_api(&srv, tok, method, path, body, status);
}

/* A page as tok (a session cookie) in lang: status, body into r. */
static int
page(const char *tok, const char *lang, const char *method, const char *path,
    const char *form, struct resp *r)
{
	char h[512];

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: %s\r\n%s", tok,
	    lang, form ? "Content-Type: application/x-www-form-urlencoded\r\n" : "");
	if (http_req(srv.port, method, path, h, form, form ? strlen(form) : 0, r) != 0)
		return 0;
	return r->status;
}

/* The seat of login in room (a GET .../room answer), NULL if none. */
static json_t *
seat_of(json_t *room, const char *login)
{
	size_t i;
	json_t *s;

	json_array_foreach(json_object_get(room, "seats"), i, s)
		if (strcmp(testsrv_jstr(s, "login"), login) == 0)
			return s;
	return NULL;
}

/* Runs sql on the server's database (a separate connection, WAL). */
static void
db_exec(const char *sql)
{
	char err[256];

	CHECK(testsrv_db_exec(&srv, sql, err, sizeof err) == 0, "the test's SQL runs: %s", err);
}

static void
assignment(const char *coach, const char *rival, const char *pat, const char *rex,
    long long *door_id, long long *other_id)
{
	json_t *j;
	int st;
	struct resp r;

	j = call(coach, "POST", "/api/v1/exams/door/sittings", "{\"name\":\"Morning A\","
	    "\"room\":\"301\",\"members\":[\"ann\",{\"login\":\"bo\",\"seat\":7},\"cy\"],"
	    "\"proctors\":[\"pat\"]}", &st);
	*door_id = (long long)json_integer_value(json_object_get(j, "id"));
	CHECK(st == 201 && *door_id > 0, "the trainer books a sitting with proctor pat (%d %s)", st,
	    testsrv_jstr(j, "error") ? testsrv_jstr(j, "error") : "");
	json_decref(j);
	j = call(coach, "POST", "/api/v1/exams/door/sittings", "{\"name\":\"Bad\","
	    "\"proctors\":[\"ann\"]}", &st);
	CHECK(st == 422 && strstr(testsrv_jstr(j, "error"), "ann") &&
	    strstr(testsrv_jstr(j, "error"), "not a proctor"),
	    "a learner named as proctor is refused by name, nothing booked (%d %s)", st,
	    testsrv_jstr(j, "error"));
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM sittings WHERE name = 'Bad'", NULL) == 0,
	    "the refused sitting was not created");
	j = call(coach, "POST", "/api/v1/exams/door/sittings", "{\"name\":\"Bad\","
	    "\"proctors\":\"pat\"}", &st);
	CHECK(st == 400, "proctors that are not a list: 400 (%d)", st);
	json_decref(j);
	j = call(rival, "POST", "/api/v1/exams/other/sittings", "{\"name\":\"Rival room\","
	    "\"members\":[\"dee\"],\"proctors\":[\"rex\"]}", &st);
	*other_id = (long long)json_integer_value(json_object_get(j, "id"));
	CHECK(st == 201, "the rival books their own sitting with proctor rex (%d)", st);
	json_decref(j);
	CHECK(page(coach, "en", "POST", "/console/exams/door/sittings", "name=Afternoon&room=302"
	    "&opens=&closes=&members=&proctors=pat%2C+rex", &r) == 303 &&
	    testsrv_db_int(&srv, "SELECT count(*) FROM sitting_proctors p JOIN sittings s ON "
	    "s.id = p.sitting_id WHERE s.name = 'Afternoon'", NULL) == 2,
	    "the console's sitting form assigns proctors by login (%d)", r.status);
	resp_free(&r);
	CHECK(page(coach, "en", "POST", "/console/exams/door/sittings", "name=Evening&proctors=ann",
	    &r) == 422 && strstr(r.body, "not a proctor account") &&
	    strstr(r.body, "value=\"ann\""), "a learner in the form's proctors is refused, "
	    "the form kept (%d)", r.status);
	resp_free(&r);
	/* The trainer makes a proctor of its own for its sitting. */
	{
		char path[128];

		snprintf(path, sizeof path, "/api/v1/sittings/%lld/proctors", *door_id);
		j = call(coach, "POST", path, "{\"login\":\"quinn\",\"name\":\"Quinn\","
		    "\"password\":\"quinn-door-pass-9\"}", &st);
		CHECK(st == 200 && json_is_true(json_object_get(j, "created")),
		    "the trainer creates proctor quinn for its sitting (%d)", st);
		json_decref(j);
		CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users u JOIN sitting_proctors p ON "
		    "p.user_id = u.id WHERE u.login = 'quinn' AND u.role = 'proctor' AND "
		    "u.created_by = (SELECT id FROM users WHERE login = 'coach')", NULL) == 1,
		    "quinn is a proctor account of the trainer's, assigned to the sitting");
		j = call(rival, "POST", path, "{\"login\":\"rex\"}", &st);
		CHECK(st == 403, "the rival trainer cannot add proctors to it (%d)", st);
		json_decref(j);
		j = call(pat, "POST", path, "{\"login\":\"rex\"}", &st);
		CHECK(st == 403, "nor can its proctor (%d)", st);
		json_decref(j);
		snprintf(path, sizeof path, "/api/v1/sittings/%lld/proctors", *other_id);
		j = call(rival, "POST", path, "{\"login\":\"quinn\"}", &st);
		CHECK(st == 422, "the rival cannot take the trainer's proctor quinn (%d)", st);
		json_decref(j);
	}
	j = call(coach, "GET", "/api/v1/exams/door/sittings", NULL, &st);
	CHECK(st == 200 && json_string_value(json_array_get(json_object_get(json_array_get(j, 0),
	    "proctors"), 0)) && strcmp(json_string_value(json_array_get(json_object_get(
	    json_array_get(j, 0), "proctors"), 0)), "pat") == 0,
	    "the sittings list names the proctors");
	json_decref(j);

	/* What pat reaches: its sitting, nothing else. */
	{
		char path[128];

		snprintf(path, sizeof path, "/api/v1/sittings/%lld/room", *door_id);
		json_decref(call(pat, "GET", path, NULL, &st));
		CHECK(st == 200, "pat opens its sitting's room (%d)", st);
		json_decref(call(rex, "GET", path, NULL, &st));
		CHECK(st == 403, "rex, another sitting's proctor, does not (%d)", st);
		json_decref(call(rival, "GET", path, NULL, &st));
		CHECK(st == 403, "nor does the rival trainer (%d)", st);
		snprintf(path, sizeof path, "/api/v1/sittings/%lld/room", *other_id);
		json_decref(call(pat, "GET", path, NULL, &st));
		CHECK(st == 403, "pat cannot open the rival's room (%d)", st);
		json_decref(call(pat, "GET", "/api/v1/sittings/99999/room", NULL, &st));
		CHECK(st == 403, "nor a sitting that does not exist: the same answer (%d)", st);
		json_decref(call(pat, "GET", "/api/v1/exams/door", NULL, &st));
		CHECK(st == 403, "pat cannot read the exam's definition (%d)", st);
		json_decref(call(pat, "GET", "/api/v1/exams/door/results", NULL, &st));
		CHECK(st == 403, "nor its results (%d)", st);
		json_decref(call(pat, "GET", "/api/v1/banks/p/questions", NULL, &st));
		CHECK(st == 403, "nor the bank's questions and keys (%d)", st);
		json_decref(call(pat, "GET", "/api/v1/users", NULL, &st));
		CHECK(st == 403, "nor the accounts (%d)", st);
		CHECK(page(pat, "en", "GET", "/console/sittings", NULL, &r) == 200 &&
		    strstr(r.body, "Morning A") && !strstr(r.body, "Rival room") &&
		    strstr(r.body, "My sittings"), "pat's sittings page lists its sitting only, "
		    "linked from the header");
		resp_free(&r);
		CHECK(page(pat, "en", "GET", "/console", NULL, &r) == 403,
		    "the trainer's console is not pat's (%d)", r.status);
		resp_free(&r);
	}
}

static void
checkin(const char *pat, const char *ann, const char *coach, long long sid)
{
	char path[128], form[256];
	json_t *j;
	int st;
	struct resp r;
	static const struct { const char *body; int status; const char *what; } bad[] = {
		{ "{\"login\":\"ann\",\"id_type\":\"passport\"}", 400, "no last characters" },
		{ "{\"login\":\"ann\",\"id_type\":\"passport\",\"id_last4\":\"12345\"}", 400,
		  "five characters" },
		{ "{\"login\":\"ann\",\"id_type\":\"passport\",\"id_last4\":\"12\",\"confirmed\":true}",
		  400, "both the characters and identity confirmed" },
		{ "{\"login\":\"ann\",\"id_type\":\"library_card\",\"id_last4\":\"1234\"}", 400,
		  "an unknown document type" },
		{ "{\"login\":\"ann\",\"confirmed\":\"yes\"}", 400, "confirmed not a boolean" },
		{ "{\"login\":\"dee\",\"confirmed\":true}", 404, "a candidate of another sitting" },
		{ "{\"login\":\"ann\",\"confirmed\":true,\"seat\":7}", 409, "bo's seat" },
		{ "{\"login\":\"ann\",\"confirmed\":true,\"extra\":1}", 400, "an unknown field" },
	};

	snprintf(path, sizeof path, "/api/v1/sittings/%lld/checkin", sid);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		j = call(pat, "POST", path, bad[i].body, &st);
		CHECK(st == bad[i].status && testsrv_jstr(j, "error")[0],
		    "check-in with %s: %d with why (got %d %s)", bad[i].what, bad[i].status, st,
		    testsrv_jstr(j, "error"));
		json_decref(j);
	}
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM sitting_members WHERE checked_in_at "
	    "IS NOT NULL", NULL) == 0 && testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE "
	    "action LIKE 'sitting.checkin%'", NULL) == 0, "refused check-ins change nothing");

	/* ann is not checked in: the exam requires it. */
	{
		struct api_opt o = { "zh-TW", NULL, NULL, 0, NULL };

		j = testsrv_api_opt(&srv, ann, "POST", "/api/v1/exams/door/attempts",
		    "{\"lang\":\"en\"}", &o, &st);
		CHECK(st == 403 && strcmp(testsrv_jstr(j, "reason"), "checkin_required") == 0 &&
		    strstr(testsrv_jstr(j, "error"), "報到") && strstr(testsrv_jstr(j, "error"),
		    "Morning A"), "a candidate not checked in cannot start: 403 checkin_required, "
		    "why in their language (%d %s)", st, testsrv_jstr(j, "error"));
		json_decref(j);
		CHECK(page(ann, "zh-TW", "GET", "/exams/door", NULL, &r) == 200 &&
		    strstr(r.body, "請先向「Morning A」的監考人員出示證件") &&
		    !strstr(r.body, "/exams/door/start\""), "the exam's page says so in zh-TW, "
		    "with no Start button");
		resp_free(&r);
		CHECK(page(ann, "en", "POST", "/exams/door/start", "lang=en", &r) == 403 &&
		    strstr(r.body, "show your ID to the proctor"), "and the start form answers "
		    "403 with the same words (%d)", r.status);
		resp_free(&r);
	}

	j = call(pat, "POST", path, "{\"login\":\"ann\",\"id_type\":\"passport\","
	    "\"id_last4\":\"9X2a\",\"seat\":3}", &st);
	CHECK(st == 200 && json_is_true(json_object_get(j, "checked_in")),
	    "pat checks ann in with her passport's last four, at seat 3 (%d)", st);
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT seat FROM sitting_members m JOIN users u ON "
	    "u.id = m.user_id WHERE u.login = 'ann'", NULL) == 3, "ann's seat is 3");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit a JOIN users u ON u.id = "
	    "a.user_id WHERE u.login = 'pat' AND a.action = 'sitting.checkin' AND a.detail LIKE "
	    "'%ann, passport, seat 3' AND a.detail NOT LIKE '%9X2a%'", NULL) == 1,
	    "the check-in is audited as pat's, without the document's characters");

	/* The door page: the form checks bo in with identity confirmed. */
	snprintf(path, sizeof path, "/console/sittings/%lld/checkin", sid);
	CHECK(page(pat, "zh-TW", "GET", path, NULL, &r) == 200 && strstr(r.body, "護照") &&
	    strstr(r.body, "···9X2a") && strstr(r.body, "已確認身分"),
	    "the door page (zh-TW) shows ann in with her passport and offers the check-in form");
	resp_free(&r);
	CHECK(page(pat, "en", "POST", path, "login=bo&confirmed=1&id_last4=", &r) == 303,
	    "the door form checks bo in, identity confirmed (%d)", r.status);
	resp_free(&r);
	CHECK(page(pat, "en", "POST", path, "login=cy&id_type=passport&id_last4=", &r) == 400 &&
	    strstr(r.body, "1 to 4 letters or digits"), "a form without the characters is "
	    "refused, saying why (%d)", r.status);
	resp_free(&r);
	CHECK(page(pat, "en", "POST", path, "login=cy&id_type=other&id_last4=77&undo=1", &r) ==
	    303, "undo of a candidate never checked in is fine (%d)", r.status);
	resp_free(&r);
	snprintf(form, sizeof form, "/api/v1/sittings/%lld/checkin/bo", sid);
	json_decref(call(coach, "DELETE", form, NULL, &st));
	CHECK(st == 200 && testsrv_db_int(&srv, "SELECT checked_in_at IS NULL FROM "
	    "sitting_members m JOIN users u ON u.id = m.user_id WHERE u.login = 'bo'", NULL) == 1,
	    "the exam's trainer undoes bo's check-in (%d)", st);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = "
	    "'sitting.checkin_undo' AND detail LIKE '%: bo'", NULL) == 1, "the undo is audited");
}

static void
room(const char *pat, const char *ann, long long sid)
{
	char path[128], rpath[128];
	json_t *j, *att, *s;
	int st;
	struct resp r;

	snprintf(rpath, sizeof rpath, "/api/v1/sittings/%lld/room", sid);
	j = call(pat, "GET", rpath, NULL, &st);
	CHECK(st == 200 && json_array_size(json_object_get(j, "seats")) == 3,
	    "the room lists its three candidates (%d)", st);
	s = seat_of(j, "ann");
	CHECK(s && strcmp(testsrv_jstr(s, "state"), "checked_in") == 0 &&
	    json_integer_value(json_object_get(s, "seat")) == 3, "ann: checked in, seat 3");
	s = seat_of(j, "bo");
	CHECK(s && strcmp(testsrv_jstr(s, "state"), "absent") == 0 &&
	    json_integer_value(json_object_get(s, "seat")) == 7, "bo: not arrived, seat 7");
	json_decref(j);

	att = call(ann, "POST", "/api/v1/exams/door/attempts", "{\"lang\":\"en\"}", &st);
	CHECK(st == 201, "checked in, ann starts (%d)", st);
	CHECK(testsrv_db_int(&srv, "SELECT sitting_id FROM attempts WHERE public_id = ?1",
	    testsrv_jstr(att, "id")) == sid, "her attempt records the sitting");
	j = call(pat, "GET", rpath, NULL, &st);
	s = seat_of(j, "ann");
	CHECK(s && strcmp(testsrv_jstr(s, "state"), "started") == 0 &&
	    json_integer_value(json_object_get(s, "time_left_s")) > 590 &&
	    json_integer_value(json_object_get(s, "total")) == 2 &&
	    json_integer_value(json_object_get(s, "answered")) == 0,
	    "ann: started, ~10 min left, 0 of 2 answered (%s)", testsrv_jstr(s, "state"));
	json_decref(j);

	{
		json_t *it = json_array_get(json_object_get(att, "items"), 0);
		char body[256];

		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s",
		    testsrv_jstr(att, "id"), testsrv_jstr(it, "id"));
		snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":1}",
		    testsrv_choice_id(it, "right"));
		json_decref(call(ann, "PUT", path, body, &st));
		CHECK(st == 200, "ann saves an answer (%d)", st);
	}
	snprintf(path, sizeof path, "/api/v1/attempts/%s/events", testsrv_jstr(att, "id"));
	json_decref(call(ann, "POST", path, "{\"kind\":\"hidden\",\"detail\":\"tab\"}", &st));
	json_decref(call(ann, "POST", path, "{\"kind\":\"paste\",\"detail\":\"40 characters\"}",
	    &st));
	CHECK(st == 200 || st == 201 || st == 204, "her page reports a hidden tab, then a paste "
	    "(%d)", st);
	j = call(pat, "GET", rpath, NULL, &st);
	s = seat_of(j, "ann");
	CHECK(s && strcmp(testsrv_jstr(s, "state"), "saving") == 0 &&
	    json_integer_value(json_object_get(s, "answered")) == 1 &&
	    json_integer_value(json_object_get(s, "events")) == 2,
	    "ann: saving, 1 of 2 answered, 2 alerts (%s)", testsrv_jstr(s, "state"));
	CHECK(json_array_size(json_object_get(j, "events")) == 2 &&
	    strcmp(testsrv_jstr(json_array_get(json_object_get(j, "events"), 0), "kind"),
	    "paste") == 0 && strcmp(testsrv_jstr(json_array_get(json_object_get(j, "events"), 0),
	    "login"), "ann") == 0, "the room's events come newest first: the paste, then "
	    "the hidden tab");
	json_decref(j);

	/* Nothing heard for two minutes: offline, and for how long. */
	db_exec("UPDATE attempts SET started_at = started_at - 120000;"
	    "UPDATE responses SET saved_at = saved_at - 120000;"
	    "UPDATE integrity_events SET at = at - 120000;");
	j = call(pat, "GET", rpath, NULL, &st);
	s = seat_of(j, "ann");
	CHECK(s && strcmp(testsrv_jstr(s, "state"), "offline") == 0 &&
	    json_integer_value(json_object_get(s, "last_seen_s")) >= 119,
	    "ann's browser silent for 2 min: offline for 120 s (%s %lld)", testsrv_jstr(s, "state"),
	    (long long)json_integer_value(json_object_get(s, "last_seen_s")));
	json_decref(j);

	snprintf(path, sizeof path, "/console/sittings/%lld/room", sid);
	CHECK(page(pat, "zh-TW", "GET", path, NULL, &r) == 200 && strstr(r.body, "考場監看") &&
	    strstr(r.body, "離線") && strstr(r.body, "aria-sort=\"ascending\"") &&
	    strstr(r.body, "/static/room.js") && strstr(r.body, "暫停更新"),
	    "the room page (zh-TW) shows ann offline, sortable headers and its script");
	resp_free(&r);

	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	json_decref(call(ann, "POST", path, NULL, &st));
	j = call(pat, "GET", rpath, NULL, &st);
	s = seat_of(j, "ann");
	CHECK(s && strcmp(testsrv_jstr(s, "state"), "submitted") == 0 &&
	    json_integer_value(json_object_get(s, "time_left_s")) == 0, "ann submits: submitted");
	json_decref(j);
	json_decref(att);
}

/* The paused_at of attempt id (public): 0 when running on. */
static long long
paused_at(const char *id)
{
	return testsrv_db_int(&srv, "SELECT coalesce(paused_at, 0) FROM attempts WHERE "
	    "public_id = ?1", id);
}

/* A proctor acts on the attempts of its sitting (pause, resume, extend,
 * notes; the whole room) by the API and from the room page; a proctor of
 * another sitting and another trainer get 403 and change nothing. */
static void
conduct(const char *pat, const char *rex, const char *rival, long long sid)
{
	char bo[64], dee[64], id[64], did[64], path[256], rpath[128], form[512];
	long long deadline, n0;
	json_t *j, *s;
	int st;
	struct resp r;

	testsrv_signin(&srv, "bo", "bo-pass-1", bo, sizeof bo);
	testsrv_signin(&srv, "dee", "dee-pass-1", dee, sizeof dee);
	snprintf(path, sizeof path, "/api/v1/sittings/%lld/checkin", sid);
	json_decref(call(pat, "POST", path, "{\"login\":\"bo\",\"confirmed\":true}", &st));
	j = call(bo, "POST", "/api/v1/exams/door/attempts", "{\"lang\":\"en\"}", &st);
	snprintf(id, sizeof id, "%s", testsrv_jstr(j, "id"));
	CHECK(st == 201 && id[0], "bo, checked in, starts (%d)", st);
	json_decref(j);
	j = call(dee, "POST", "/api/v1/exams/other/attempts", "{\"lang\":\"en\"}", &st);
	snprintf(did, sizeof did, "%s", testsrv_jstr(j, "id"));
	CHECK(st == 201 && did[0], "dee starts the rival's exam in rex's sitting (%d)", st);
	json_decref(j);
	deadline = testsrv_db_int(&srv, "SELECT deadline FROM attempts WHERE public_id = ?1", id);
	n0 = testsrv_db_int(&srv, "SELECT count(*) FROM attempt_incidents", NULL);

	/* Not theirs: a proctor of another sitting, another trainer. */
	{
		static const char *const ops[] = { "pause", "extend", "incidents" };
		static const char *const bodies[] = { "{\"reason\":\"x\"}",
		    "{\"seconds\":60,\"reason\":\"x\"}", "{\"note\":\"x\"}" };

		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "/api/v1/attempts/%s/%s", id, ops[i]);
			json_decref(call(rex, "POST", path, bodies[i], &st));
			CHECK(st == 403, "rex (another sitting's proctor) cannot %s bo's attempt "
			    "(%d)", ops[i], st);
			json_decref(call(rival, "POST", path, bodies[i], &st));
			CHECK(st == 403, "nor can the rival trainer %s it (%d)", ops[i], st);
		}
		snprintf(path, sizeof path, "/api/v1/attempts/%s/pause", did);
		json_decref(call(pat, "POST", path, "{\"reason\":\"x\"}", &st));
		CHECK(st == 403, "pat cannot pause dee, in rex's sitting (%d)", st);
		snprintf(path, sizeof path, "/api/v1/sittings/%lld/pause", sid);
		json_decref(call(rex, "POST", path, "{\"reason\":\"x\"}", &st));
		CHECK(st == 403, "rex cannot pause pat's whole room (%d)", st);
		snprintf(path, sizeof path, "/console/sittings/%lld/room", sid);
		snprintf(form, sizeof form, "do=pause&attempt=%s&reason=x", id);
		CHECK(page(rex, "en", "POST", path, form, &r) == 403,
		    "nor from the room page (%d)", r.status);
		resp_free(&r);
	}
	CHECK(paused_at(id) == 0 && testsrv_db_int(&srv, "SELECT deadline FROM attempts WHERE "
	    "public_id = ?1", id) == deadline && testsrv_db_int(&srv, "SELECT count(*) FROM "
	    "attempt_incidents", NULL) == n0, "the refused requests changed nothing: bo runs on, "
	    "same deadline, no incident");

	/* rex may act on dee: his sitting's attempt. */
	snprintf(path, sizeof path, "/api/v1/attempts/%s/incidents", did);
	json_decref(call(rex, "POST", path, "{\"note\":\"Asked for water\"}", &st));
	CHECK(st == 200, "rex files a note on dee, in his sitting (%d)", st);

	/* pat on bo: pause, resume, extend, note, by the API. */
	snprintf(rpath, sizeof rpath, "/api/v1/sittings/%lld/room", sid);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/pause", id);
	j = call(pat, "POST", path, "{\"reason\":\"Fire alarm test\"}", &st);
	CHECK(st == 200 && json_is_true(json_object_get(j, "paused")) && paused_at(id) > 0,
	    "pat pauses bo (%d)", st);
	json_decref(j);
	j = call(pat, "GET", rpath, NULL, &st);
	s = seat_of(j, "bo");
	CHECK(s && strcmp(testsrv_jstr(s, "state"), "paused") == 0, "the room shows bo paused");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/resume", id);
	json_decref(call(pat, "POST", path, "{\"reason\":\"Alarm over\"}", &st));
	CHECK(st == 200 && paused_at(id) == 0, "pat resumes bo (%d)", st);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/extend", id);
	json_decref(call(pat, "POST", path, "{\"seconds\":120,\"reason\":\"Late paper\"}", &st));
	CHECK(st == 200 && testsrv_db_int(&srv, "SELECT deadline FROM attempts WHERE "
	    "public_id = ?1", id) >= deadline + 120000, "pat extends bo by 2 min (%d)", st);
	j = call(pat, "GET", rpath, NULL, &st);
	s = seat_of(j, "bo");
	CHECK(s && json_integer_value(json_object_get(s, "extended_s")) == 120 &&
	    json_integer_value(json_object_get(s, "time_left_s")) > 600,
	    "the room shows bo extended by 120 s, more than 10 min left");
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE user_id = (SELECT id FROM "
	    "users WHERE login = 'pat') AND action LIKE 'attempt.%'", NULL) >= 3,
	    "pat's actions are audited as pat's");

	/* The room page: a form a seat, without script, 303 back. */
	snprintf(path, sizeof path, "/console/sittings/%lld/room", sid);
	CHECK(page(pat, "en", "GET", path, NULL, &r) == 200 &&
	    strstr(r.body, "name=\"do\" value=\"pause\"") && strstr(r.body, "+2 min") &&
	    strstr(r.body, "name=\"do\" value=\"pause_all\""),
	    "the room page offers pause on bo's seat, the room-wide pause, and shows +2 min");
	resp_free(&r);
	snprintf(form, sizeof form, "do=pause&attempt=%s&reason=Unwell", id);
	CHECK(page(pat, "en", "POST", path, form, &r) == 303 && paused_at(id) > 0,
	    "pat pauses bo from the room page: 303 (%d)", r.status);
	resp_free(&r);
	snprintf(form, sizeof form, "%s?done=pause&a=%s", path, id);
	CHECK(page(pat, "zh-TW", "GET", form, NULL, &r) == 200 && strstr(r.body, "已暫停：bo") &&
	    strstr(r.body, "name=\"do\" value=\"resume\""),
	    "back in the room (zh-TW): it says bo is paused and offers resume");
	resp_free(&r);
	snprintf(form, sizeof form, "do=pause&attempt=%s&reason=again", id);
	CHECK(page(pat, "en", "POST", path, form, &r) == 409 &&
	    strstr(r.body, "already paused"), "pausing again: 409, said on the room page (%d)",
	    r.status);
	resp_free(&r);
	snprintf(form, sizeof form, "do=resume&attempt=%s&reason=+", id);
	CHECK(page(pat, "en", "POST", path, form, &r) == 400 && paused_at(id) > 0,
	    "a blank reason: 400, still paused (%d)", r.status);
	resp_free(&r);
	snprintf(form, sizeof form, "do=resume&attempt=%s&reason=Better&seat=1", id);
	CHECK(page(pat, "en", "POST", path, form, &r) == 400, "an unknown field: 400 (%d)",
	    r.status);
	resp_free(&r);
	CHECK(page(pat, "en", "POST", path, "do=resume_all&reason=All+clear", &r) == 303 &&
	    paused_at(id) > 0, "the room-wide resume leaves bo, paused alone, paused (%d)",
	    r.status);
	resp_free(&r);
	snprintf(form, sizeof form, "do=resume&attempt=%s&reason=Better", id);
	CHECK(page(pat, "en", "POST", path, form, &r) == 303 && paused_at(id) == 0,
	    "pat resumes bo from the room page (%d)", r.status);
	resp_free(&r);
	CHECK(page(pat, "en", "POST", path, "do=pause_all&reason=Power+cut", &r) == 303 &&
	    paused_at(id) > 0 && paused_at(did) == 0,
	    "the room-wide pause pauses bo, not dee of another sitting (%d)", r.status);
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/sittings/%lld/resume", sid);
	j = call(pat, "POST", path, "{\"reason\":\"Power back\"}", &st);
	CHECK(st == 200 && json_integer_value(json_object_get(j, "resumed")) == 1 &&
	    paused_at(id) == 0, "pat resumes the room by the API: one attempt (%d)", st);
	json_decref(j);
	snprintf(path, sizeof path, "/console/sittings/%lld/room", sid);
	snprintf(form, sizeof form, "do=note&attempt=%s&reason=Phone+rang", id);
	CHECK(page(pat, "en", "POST", path, form, &r) == 303 && testsrv_db_int(&srv,
	    "SELECT count(*) FROM attempt_incidents WHERE kind = 'note' AND note = 'Phone rang'",
	    NULL) == 1, "pat files a note from the room page (%d)", r.status);
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	json_decref(call(bo, "POST", path, NULL, &st));
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", did);
	json_decref(call(dee, "POST", path, NULL, &st));
}

static void
exam_field(const char *coach)
{
	json_t *j;
	char *text;
	int st;

	j = call(coach, "POST", "/api/v1/exams", "{\"id\":\"door2\",\"title\":{\"en\":\"D\","
	    "\"zh-TW\":\"D\"},\"duration_s\":600,\"pass_percent\":50,\"checkin\":\"yes\","
	    "\"bank\":\"p\",\"sections\":[{\"category\":\"p/all\",\"count\":2}]}", &st);
	text = j ? json_dumps(j, 0) : NULL;
	CHECK(st >= 400 && st < 500 && text && strstr(text, "checkin"),
	    "\"checkin\":\"yes\" is refused, naming the field (%d)", st);
	free(text);
	json_decref(j);
	j = call(coach, "GET", "/api/v1/exams/door", NULL, &st);
	CHECK(st == 200 && json_is_true(json_object_get(j, "checkin")),
	    "the exam's definition keeps \"checkin\": true");
	json_decref(j);
	{
		struct resp r;

		CHECK(page(coach, "en", "GET", "/console/exams/door/edit", NULL, &r) == 200 &&
		    strstr(r.body, "name=\"checkin\" value=\"1\" checked"),
		    "the console's exam form shows the check-in rule ticked");
		resp_free(&r);
		CHECK(page(coach, "en", "POST", "/console/exams/new", "id=door3&title_en=D3&"
		    "title_zh=D3&bank=p&minutes=10&grace=30&pass=50&attempts=0&wait_hours=0&"
		    "review=score&cert_years=0&lang_en=1&checkin=1&nsections=1&s0.category=p%2Fall&"
		    "s0.count=2", &r) == 303, "an exam saved from the console form with the box "
		    "ticked (%d)", r.status);
		resp_free(&r);
		j = call(coach, "GET", "/api/v1/exams/door3", NULL, &st);
		CHECK(st == 200 && json_is_true(json_object_get(j, "checkin")),
		    "requires check-in (%d)", st);
		json_decref(j);
	}
}

void
test_proctor(void)
{
	static const char *const learners[] = { "ann", "bo", "cy", "dee" };
	char out[4096], admin[64], coach[64], rival[64], pat[64], rex[64], ann[64], pw[64];
	long long sid = 0, other = 0;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "trainer-pass");
	testsrv_user(&srv, "rival", "Rival", "trainer", "rival-pass");
	CHECK(testsrv_cli(&srv, "proctor-pass\n", out, sizeof out, "user", "add", "--login", "pat",
	    "--name", "Pat", "--role", "proctor", NULL) == 0 && strstr(out, "proctor"),
	    "aicert user add --role proctor makes a proctor: %s", out);
	testsrv_user(&srv, "rex", "Rex", "proctor", "proctor-pass-2");
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "p",
	    testsrv_file(&srv, "p.gift", bank, 0), NULL) == 0, "the bank imports: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "door.json", exam_door, 0), NULL) == 0,
	    "an exam with \"checkin\": true is added: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "rival",
	    testsrv_file(&srv, "other.json", exam_other, 0), NULL) == 0,
	    "the rival's exam is added: %s", out);
	for (size_t i = 0; i < sizeof learners / sizeof *learners; i++) {
		snprintf(pw, sizeof pw, "%s-pass-1", learners[i]);
		testsrv_user(&srv, learners[i], learners[i], "learner", pw);
	}
	/* As if each trainer had imported its candidates (owner.h). */
	db_exec("UPDATE users SET created_by = (SELECT id FROM users WHERE login = 'coach') "
	    "WHERE login IN ('ann', 'bo', 'cy');"
	    "UPDATE users SET created_by = (SELECT id FROM users WHERE login = 'rival') "
	    "WHERE login = 'dee';");
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	testsrv_signin(&srv, "coach", "trainer-pass", coach, sizeof coach);
	testsrv_signin(&srv, "rival", "rival-pass", rival, sizeof rival);
	testsrv_signin(&srv, "pat", "proctor-pass", pat, sizeof pat);
	testsrv_signin(&srv, "rex", "proctor-pass-2", rex, sizeof rex);
	testsrv_signin(&srv, "ann", "ann-pass-1", ann, sizeof ann);
	CHECK(pat[0] && rex[0] && ann[0], "the proctors and ann sign in");
	{
		struct resp r;
		json_t *j;
		int st;

		CHECK(page(admin, "zh-TW", "GET", "/console/users?q=pat", NULL, &r) == 200 &&
		    strstr(r.body, "<option value=\"proctor\" selected>監考人員</option>"),
		    "the users page shows pat as a proctor and offers the role");
		resp_free(&r);
		j = call(admin, "PATCH", "/api/v1/users/dee", "{\"role\":\"proctor\"}", &st);
		CHECK(st == 200 && strcmp(testsrv_jstr(j, "role"), "proctor") == 0,
		    "an admin makes an account a proctor (%d)", st);
		json_decref(j);
		json_decref(call(admin, "PATCH", "/api/v1/users/dee", "{\"role\":\"learner\"}",
		    &st));
	}
	assignment(coach, rival, pat, rex, &sid, &other);
	checkin(pat, ann, coach, sid);
	room(pat, ann, sid);
	conduct(pat, rex, rival, sid);
	exam_field(coach);
	testsrv_stop(&srv, SIGTERM, NULL);
}
