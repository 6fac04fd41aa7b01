/*
 * test_lost_time.c - no minute lost on exam day: a server killed with -9
 * while attempts run gives them the time it was down when it starts
 * again (and a clean restart gives no more than the gap since its last
 * heartbeat); a proctor's pause stops the clock (saves answer 423, the
 * sweeper waits) and the resume gives the paused time back; extensions
 * and incident notes; pausing a whole sitting. Each shows on the
 * attempt's record for its trainer, and nobody else may do any of it.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;
static char paused_id[64];	/* an attempt left paused before the outage */
static char over_id[64];	/* one running, whose time will be up before it */

static const char bank[] =
    "$CATEGORY: lt/all\n\n"
    "::A::Pick alpha ALPHAQ{=alpha ~beta ~gamma}\n\n"
    "::B::Pick beta BETAQ{~alpha =beta ~gamma}\n";

static const char exam_long[] =
    "{\"id\":\"long\",\"title\":{\"en\":\"Long\",\"zh-TW\":\"長\"},\"duration_s\":600,"
    "\"grace_s\":0,\"pass_percent\":50,\"attempts\":5,\"languages\":[\"en\"],"
    "\"sections\":[{\"category\":\"lt/all\",\"count\":2}]}";
/* Short enough that its time runs out while the server is down. */
static const char exam_short[] =
    "{\"id\":\"short\",\"title\":{\"en\":\"Short\",\"zh-TW\":\"短\"},\"duration_s\":6,"
    "\"grace_s\":0,\"pass_percent\":50,\"attempts\":5,\"languages\":[\"en\"],"
    "\"sections\":[{\"category\":\"lt/all\",\"count\":2}]}";

static int64_t
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The stored deadline (ms) of attempt id, -1 if none. */
static long long
deadline_of(const char *id)
{
	return testsrv_db_int(&srv, "SELECT deadline FROM attempts WHERE public_id = ?1", id);
}

/* Starts exam as tok; the attempt id into id. The view (caller decrefs). */
static json_t *
start(const char *tok, const char *exam, char *id, size_t n)
{
	char path[128];
	int status;
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/exams/%s/attempts", exam);
	j = testsrv_api(&srv, tok, "POST", path, "{\"lang\":\"en\"}", &status);
	snprintf(id, n, "%s", testsrv_jstr(j, "id"));
	CHECK(status == 201 && id[0] != '\0', "%s starts (status %d)", exam, status);
	return j;
}

/* Saves the first choice of the first item of view att with seq; the status. */
static int
save(const char *tok, const json_t *att, long seq)
{
	json_t *it = json_array_get(json_object_get(att, "items"), 0), *j;
	char path[256], body[256];
	int status;

	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s",
	    testsrv_jstr(att, "id"), testsrv_jstr(it, "id"));
	snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":%ld}",
	    testsrv_jstr(json_array_get(json_object_get(it, "choices"), 0), "id"), seq);
	j = testsrv_api(&srv, tok, "PUT", path, body, &status);
	json_decref(j);
	return status;
}

/* 1 if the trainer's GET of attempt id lists an incident of kind. */
static int
has_incident(const char *tok, const char *id, const char *kind, long long *moved_s)
{
	char path[128];
	int status, found = 0;
	json_t *j, *in;
	size_t i;

	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	json_array_foreach(json_object_get(j, "incidents"), i, in)
		if (strcmp(testsrv_jstr(in, "kind"), kind) == 0) {
			found = 1;
			if (moved_s != NULL)
				*moved_s = json_integer_value(json_object_get(in, "moved_s"));
		}
	json_decref(j);
	return status == 200 && found;
}

/* Kill -9 during two attempts, wait, restart: both get the time back. */
static void
outage(const char *learner, const char *coach)
{
	char id[64], sid[64], state[16];
	json_t *att = start(learner, "long", id, sizeof id);
	json_t *satt = start(learner, "short", sid, sizeof sid);
	long long before = deadline_of(id), sbefore = deadline_of(sid), after, moved = -1;
	long long pbefore = deadline_of(paused_id);
	int64_t killed, restarting, up;

	CHECK(save(learner, att, 1) == 200 && save(learner, satt, 1) == 200,
	    "both attempts take a save before the outage");
	killed = now_ms();
	testsrv_stop(&srv, SIGKILL, NULL);
	{
		/* One attempt's time was already up a minute before the last
		 * heartbeat (the sweeper had not come by): the outage owes it
		 * nothing. */
		int done = testsrv_db_run(&srv, NULL, 0, "UPDATE attempts SET deadline = (SELECT "
		    "CAST(value AS BIGINT) FROM settings WHERE key = 'heartbeat_ms') - grace_s * 1000 "
		    "- 60000 WHERE public_id = ?1 AND state = 'running'", "t", over_id) == 1;

		CHECK(done, "a running attempt's time is set to have run out before the outage");
	}
	sleep(3);
	restarting = now_ms();
	CHECK(testsrv_start(&srv, NULL) == 0, "the server starts again after kill -9");
	up = now_ms();
	after = deadline_of(id);
	/* The server was down from its last beat (at most one heartbeat
	 * and a group commit before the kill) until it started again. */
	CHECK(before > 0 && after - before >= restarting - killed &&
	    after - before <= up - killed + 5 * 1000 + 300,
	    "the deadline moved by the outage: %lld ms, down %lld..%lld ms",
	    after - before, (long long)(restarting - killed), (long long)(up - killed));
	CHECK(deadline_of(sid) - sbefore == after - before,
	    "every running attempt moved by the same outage");
	CHECK(pbefore > 0 && deadline_of(paused_id) == pbefore &&
	    !has_incident(coach, paused_id, "outage", NULL),
	    "a paused attempt gets no outage credit: its resume gives the time back");
	CHECK(save(learner, att, 2) == 200, "saves still work after the restart");
	/* The short one's 6 s ran out while the server was down: it still
	 * runs, and takes answers. */
	snprintf(state, sizeof state, "%s", testsrv_db_int(&srv,
	    "SELECT state = 'running' FROM attempts WHERE public_id = ?1", sid) == 1 ?
	    "running" : "closed");
	CHECK(strcmp(state, "running") == 0 && save(learner, satt, 2) == 200,
	    "an attempt whose time ran out during the outage still runs after it (%s)",
	    state);
	for (int i = 0; i < 30 && testsrv_db_int(&srv, "SELECT state FROM attempts WHERE "
	    "public_id = ?1 AND state = 'expired'", over_id) == -1; i++)
		usleep(100 * 1000);
	CHECK(!has_incident(coach, over_id, "outage", NULL) && testsrv_db_int(&srv,
	    "SELECT count(*) FROM attempts WHERE public_id = ?1 AND state = 'expired'",
	    over_id) == 1, "an attempt whose time was up before the outage gets nothing "
	    "back and is closed");
	CHECK(has_incident(coach, id, "outage", &moved) &&
	    moved * 1000 >= after - before && moved * 1000 < after - before + 1000,
	    "the trainer sees the outage and the %lld s it gave back", moved);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = "
	    "'attempt.outage'", NULL) == 1, "the outage is in the audit trail once");
	CHECK(!has_incident(learner, id, "outage", NULL),
	    "the learner's view carries no incident log");

	/* A clean stop beats on its way out: a quick restart gives back no
	 * more than the time the server was really away. */
	before = deadline_of(id);
	restarting = now_ms();
	testsrv_stop(&srv, SIGTERM, NULL);
	CHECK(testsrv_start(&srv, NULL) == 0, "the server starts again after SIGTERM");
	up = now_ms();
	after = deadline_of(id);
	CHECK(after >= before && after - before <= up - restarting,
	    "a clean restart moves the deadline by at most the %lld ms it was away "
	    "(moved %lld)", (long long)(up - restarting), after - before);
	CHECK(save(learner, att, 3) == 200, "saves work after a clean restart");
	json_decref(att);
	json_decref(satt);
}

/* POST path with body as tok; the status, the answer into *out if not NULL. */
static int
post(const char *tok, const char *path, const char *body, json_t **out)
{
	int status;
	json_t *j = testsrv_api(&srv, tok, "POST", path, body, &status);

	if (out != NULL)
		*out = j;
	else
		json_decref(j);
	return status;
}

static long long
incidents_of(const char *id)
{
	return testsrv_db_int(&srv, "SELECT count(*) FROM attempt_incidents WHERE attempt_id = "
	    "(SELECT id FROM attempts WHERE public_id = ?1)", id);
}

/* Learners and another trainer may not touch the clock; nothing changes. */
static void
refusals(const char *id, const char *learner, const char *other_learner,
    const char *other_trainer)
{
	static const char *const acts[] = { "pause", "resume", "extend", "incidents" };
	const char *toks[] = { learner, other_learner, other_trainer };
	long long before = deadline_of(id), n = incidents_of(id);
	char path[160];
	int bad = 0, st;

	for (size_t a = 0; a < 4; a++)
		for (size_t w = 0; w < 3; w++) {
			snprintf(path, sizeof path, "/api/v1/attempts/%s/%s", id, acts[a]);
			st = post(toks[w], path, a == 3 ? "{\"note\":\"x\"}" : a == 2 ?
			    "{\"seconds\":600,\"reason\":\"x\"}" : "{\"reason\":\"x\"}", NULL);
			if (st != 403) {
				bad++;
				printf("lost_time: %s as %zu: %d\n", acts[a], w, st);
			}
		}
	CHECK(bad == 0, "the learner, another learner and another trainer get 403 on "
	    "pause, resume, extend and notes (%d did not)", bad);
	CHECK(deadline_of(id) == before && incidents_of(id) == n &&
	    testsrv_db_int(&srv, "SELECT paused_at IS NULL FROM attempts WHERE public_id = ?1",
	    id) == 1, "a refused request changes nothing");
}

/* A proctor pauses, the learner's saves wait (423), the clock stands
 * still, the resume gives the paused time back; extensions and notes. */
static void
pause_resume(const char *learner, const char *coach, const char *two, const char *other)
{
	char id[64], path[160];
	json_t *att = start(learner, "long", id, sizeof id), *j = NULL;
	long long before = deadline_of(id), left, after;
	int64_t paused_at, resumed_at;
	int st;

	refusals(id, learner, two, other);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/pause", id);
	CHECK(post(coach, path, "{\"reason\":\"\"}", NULL) == 400 &&
	    post(coach, path, "{\"reason\":\"   \"}", NULL) == 400 &&
	    post(coach, path, "{\"reason\":\"two\\nlines\"}", NULL) == 400 &&
	    post(coach, path, "{\"reason\":\"c1 \\u0085 char\"}", NULL) == 400,
	    "a pause needs a reason on one line, without control characters");
	CHECK(post(coach, path, "{\"reason\":\"fire alarm\",\"minutes\":3}", NULL) == 400,
	    "a pause with a field it does not read is refused");
	paused_at = now_ms();
	st = post(coach, path, "{\"reason\":\"fire alarm\"}", &j);
	CHECK(st == 200 && json_is_true(json_object_get(j, "paused")),
	    "the exam's trainer pauses the attempt (%d)", st);
	json_decref(j);
	CHECK(post(coach, path, "{\"reason\":\"again\"}", NULL) == 409,
	    "pausing a paused attempt is a 409");
	CHECK(save(learner, att, 1) == 423, "while paused a save answers 423");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	CHECK(post(learner, path, NULL, NULL) == 423, "and so does submitting");
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = testsrv_api(&srv, learner, "GET", path, NULL, &st);
	left = json_integer_value(json_object_get(j, "remaining_s"));
	CHECK(st == 200 && json_is_true(json_object_get(j, "paused")),
	    "the learner's view says it is paused");
	json_decref(j);
	sleep(2);
	j = testsrv_api(&srv, learner, "GET", path, NULL, &st);
	CHECK(json_integer_value(json_object_get(j, "remaining_s")) == left,
	    "the clock stands still while paused (%lld then %lld)", left,
	    (long long)json_integer_value(json_object_get(j, "remaining_s")));
	json_decref(j);
	{
		struct resp r;
		char h[256];

		snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", learner);
		snprintf(path, sizeof path, "/attempts/%s", id);
		CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 && r.status == 200 &&
		    r.body && strstr(r.body, "id=\"paused-banner\" class=\"paused-banner\" "
		    "role=\"alert\">") != NULL, "the page without script says it is paused");
		resp_free(&r);
	}
	snprintf(path, sizeof path, "/api/v1/attempts/%s/resume", id);
	resumed_at = now_ms();
	st = post(coach, path, "{\"reason\":\"all clear\"}", &j);
	after = deadline_of(id);
	CHECK(st == 200 && json_is_false(json_object_get(j, "paused")) &&
	    after - before >= resumed_at - paused_at - 300 &&
	    after - before <= now_ms() - paused_at + 300,
	    "the resume moves the deadline by the pause (%lld ms, paused about %lld)",
	    after - before, (long long)(resumed_at - paused_at));
	json_decref(j);
	CHECK(post(coach, path, "{\"reason\":\"again\"}", NULL) == 409,
	    "resuming an attempt that is not paused is a 409");
	CHECK(save(learner, att, 1) == 200, "after the resume saves work again");

	snprintf(path, sizeof path, "/api/v1/attempts/%s/extend", id);
	CHECK(post(coach, path, "{\"seconds\":0,\"reason\":\"x\"}", NULL) == 400 &&
	    post(coach, path, "{\"seconds\":-60,\"reason\":\"x\"}", NULL) == 400 &&
	    post(coach, path, "{\"seconds\":14401,\"reason\":\"x\"}", NULL) == 400 &&
	    post(coach, path, "{\"seconds\":\"60\",\"reason\":\"x\"}", NULL) == 400 &&
	    post(coach, path, "{\"seconds\":60}", NULL) == 400 && deadline_of(id) == after,
	    "an extension takes 1 to 14400 whole seconds and a reason; nothing else moves");
	{
		/* 300 characters of Chinese (900 bytes) are a reason; 301 not. */
		char body[2048] = "{\"seconds\":1,\"reason\":\"";
		size_t n = strlen(body);

		for (int i = 0; i < 301; i++, n += 3)
			memcpy(body + n, "\xe8\x80\x83", 3);
		snprintf(body + n, sizeof body - n, "\"}");
		CHECK(post(coach, path, body, NULL) == 400 && deadline_of(id) == after,
		    "a reason of 301 characters is refused");
		snprintf(body + n - 3, sizeof body - n + 3, "\"}");
		CHECK(post(coach, path, body, NULL) == 200 && deadline_of(id) == after + 1000,
		    "one of 300 Chinese characters is taken");
		after += 1000;
	}
	CHECK(post(coach, path, "{\"seconds\":300,\"reason\":\"Seat 12 PC restarted\"}",
	    NULL) == 200 && deadline_of(id) == after + 300 * 1000,
	    "an extension of 300 s moves the deadline by 300 s");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/incidents", id);
	CHECK(post(coach, path, "{\"note\":\"Candidate felt unwell,\\nback after 2 minutes\"}",
	    NULL) == 200 && post(coach, path, "{\"note\":\"<script>alert(1)</script>\"}",
	    NULL) == 200, "the trainer files incident notes");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action IN "
	    "('attempt.pause', 'attempt.resume', 'attempt.extend', 'attempt.incident') "
	    "AND detail LIKE ?1 || '%'", id) == 6, "each action is in the audit trail");
	{
		long long moved = 0;

		CHECK(has_incident(coach, id, "pause", NULL) &&
		    has_incident(coach, id, "resume", NULL) &&
		    has_incident(coach, id, "extend", &moved) && moved == 300 &&
		    has_incident(coach, id, "note", NULL),
		    "the trainer's GET of the attempt lists the pause, resume, extension and note");
	}
	{
		struct resp r;
		char h[256];

		snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: zh-TW\r\n",
		    coach);
		snprintf(path, sizeof path, "/console/attempts/%s", id);
		CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 && r.status == 200 &&
		    r.body && strstr(r.body, "時間與事件紀錄") && strstr(r.body, "Seat 12 PC restarted") &&
		    strstr(r.body, "+5:00") && strstr(r.body, "fire alarm") &&
		    strstr(r.body, "Candidate felt unwell,\nback after 2 minutes"),
		    "the console's attempt page shows the record in zh-TW");
		CHECK(r.body && strstr(r.body, "<script>alert(1)") == NULL &&
		    strstr(r.body, "&lt;script&gt;alert(1)"), "a note shows as text, escaped");
		resp_free(&r);
	}
	/* Once over, the clock is nobody's to move; a note is still welcome. */
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	CHECK(post(learner, path, NULL, NULL) == 200, "the learner submits");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/pause", id);
	CHECK(post(coach, path, "{\"reason\":\"late\"}", NULL) == 409,
	    "pausing a finished attempt is a 409");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/extend", id);
	CHECK(post(coach, path, "{\"seconds\":60,\"reason\":\"late\"}", NULL) == 409,
	    "extending a finished attempt is a 409");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/incidents", id);
	CHECK(post(coach, path, "{\"note\":\"Left at 10:40\"}", NULL) == 200,
	    "a note on a finished attempt is filed");
	json_decref(att);
}

/* A paused attempt whose time would be up is not closed by the sweeper. */
static void
paused_past_deadline(const char *learner, const char *coach)
{
	char id[64], path[160];
	json_t *att = start(learner, "short", id, sizeof id);
	long long before = deadline_of(id);

	snprintf(path, sizeof path, "/api/v1/attempts/%s/pause", id);
	CHECK(post(coach, path, "{\"reason\":\"power cut in room 3\"}", NULL) == 200,
	    "the 6 s attempt is paused");
	sleep(8);
	CHECK(testsrv_db_int(&srv, "SELECT state = 'running' FROM attempts WHERE public_id = ?1",
	    id) == 1, "past its deadline, the paused attempt is still running (the sweeper "
	    "waits)");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/resume", id);
	CHECK(post(coach, path, "{\"reason\":\"power back\"}", NULL) == 200 &&
	    deadline_of(id) - before >= 8000 && save(learner, att, 1) == 200,
	    "resumed, it has its time back and takes a save");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	CHECK(post(learner, path, NULL, NULL) == 200, "and is submitted");
	json_decref(att);
}

/* The whole room: one request pauses every running attempt of a sitting
 * and the room's resume gives each its time back; a candidate paused
 * alone stays paused. */
static void
room(const char *one, const char *two, const char *three, const char *coach,
    const char *other, const char *admin)
{
	char a1[64], a2[64], a3[64], path[160], spath[160];
	json_t *v1, *v2, *v3, *j = NULL;
	long long d1, d2, d3, n1;
	int st;

	j = testsrv_api(&srv, admin, "POST", "/api/v1/exams/long/sittings",
	    "{\"name\":\"Room 3\",\"members\":[\"one\",\"two\",\"three\"]}", &st);
	snprintf(spath, sizeof spath, "/api/v1/sittings/%lld/pause",
	    (long long)json_integer_value(json_object_get(j, "id")));
	CHECK(st == 201, "a sitting of the long exam books three learners (%d)", st);
	json_decref(j);
	v1 = start(one, "long", a1, sizeof a1);
	v2 = start(two, "long", a2, sizeof a2);
	v3 = start(three, "long", a3, sizeof a3);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/pause", a3);
	CHECK(post(coach, path, "{\"reason\":\"taken ill\"}", NULL) == 200,
	    "one candidate is paused alone");
	d1 = deadline_of(a1);
	d2 = deadline_of(a2);
	d3 = deadline_of(a3);
	n1 = incidents_of(a1);
	CHECK(post(other, spath, "{\"reason\":\"x\"}", NULL) == 403 &&
	    post(one, spath, "{\"reason\":\"x\"}", NULL) == 403 && incidents_of(a1) == n1 &&
	    save(one, v1, 1) == 200, "another trainer and a learner get 403 for the room; "
	    "nothing is paused");
	CHECK(post(coach, spath, "{\"reason\":\"\"}", NULL) == 400,
	    "the room's pause needs a reason");
	st = post(coach, spath, "{\"reason\":\"fire alarm\"}", &j);
	CHECK(st == 200 && json_integer_value(json_object_get(j, "paused")) == 2,
	    "the room's pause pauses the two running attempts (%d, %lld)", st,
	    (long long)json_integer_value(json_object_get(j, "paused")));
	json_decref(j);
	CHECK(save(one, v1, 2) == 423 && save(two, v2, 1) == 423,
	    "every candidate of the room gets 423 on a save");
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'attempt.pause' "
	    "AND (detail LIKE ?1 || '%' OR detail LIKE '%: fire alarm')", a1) >= 2 &&
	    testsrv_db_int(&srv, "SELECT count(*) FROM attempt_incidents i JOIN attempts t "
	    "ON t.id = i.attempt_id WHERE i.kind = 'pause' AND i.note = 'fire alarm' "
	    "AND t.public_id IN ('x', ?1)", a1) == 1,
	    "the room's pause is audited and recorded per attempt");
	sleep(1);
	snprintf(spath + strlen(spath) - strlen("pause"), 16, "resume");
	st = post(coach, spath, "{\"reason\":\"all clear\"}", &j);
	CHECK(st == 200 && json_integer_value(json_object_get(j, "resumed")) == 2,
	    "the room's resume resumes the two it paused (%d)", st);
	json_decref(j);
	CHECK(deadline_of(a1) - d1 >= 1000 && deadline_of(a2) - d2 >= 1000 &&
	    save(one, v1, 2) == 200 && save(two, v2, 1) == 200,
	    "both got the paused time back and save again");
	CHECK(deadline_of(a3) == d3 && save(three, v3, 1) == 423,
	    "the candidate paused alone stays paused");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/resume", a3);
	CHECK(post(coach, path, "{\"reason\":\"back\"}", NULL) == 200 &&
	    save(three, v3, 1) == 200, "until the proctor resumes them");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", a1);
	CHECK(post(one, path, NULL, NULL) == 200, "the first candidate submits");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/pause", a3);
	CHECK(post(coach, path, "{\"reason\":\"left the room\"}", NULL) == 200,
	    "the third is paused again");
	snprintf(paused_id, sizeof paused_id, "%s", a3);
	snprintf(over_id, sizeof over_id, "%s", a2);
	json_decref(v1);
	json_decref(v2);
	json_decref(v3);
}

/* The console's forms do the same for a trainer in a browser. */
static void
console_forms(const char *learner)
{
	struct websess ws;
	struct resp r;
	char id[64], path[160], loc[256];
	json_t *att = start(learner, "long", id, sizeof id);
	long long before = deadline_of(id);

	if (web_signin(&srv, "coach", "trainer-pass", NULL, &ws) != 0) {
		CHECK(0, "the trainer signs in on the page");
		json_decref(att);
		return;
	}
	snprintf(path, sizeof path, "/console/attempts/%s", id);
	web_page_has(&srv, &ws, path, "zh-TW", "暫停、延長與紀錄", "name=\"do\" value=\"pause\"");
	snprintf(path, sizeof path, "/console/attempts/%s/time", id);
	CHECK(web_post(&srv, &ws, path, "do=pause&reason=fire+alarm", 0, &r) == 0 &&
	    r.status == 403 && testsrv_db_int(&srv, "SELECT paused_at IS NULL FROM attempts "
	    "WHERE public_id = ?1", id) == 1, "a form without its CSRF token pauses nothing "
	    "(%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &ws, path, "do=pause&reason=fire+alarm&seat=3", 1, &r) == 0 &&
	    r.status == 400 && r.body && strstr(r.body, "seat"),
	    "a form field the page does not have is refused, named (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &ws, path, "do=pause&reason=fire+alarm", 1, &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", loc, sizeof loc) &&
	    strstr(loc, "#incidents") && save(learner, att, 1) == 423,
	    "the page's pause form pauses the attempt and goes back to its record");
	resp_free(&r);
	snprintf(path, sizeof path, "/console/attempts/%s", id);
	web_page_has(&srv, &ws, path, "en", "name=\"do\" value=\"resume\"", "fire alarm");
	snprintf(path, sizeof path, "/console/attempts/%s/time", id);
	CHECK(web_post(&srv, &ws, path, "do=resume&reason=clear", 1, &r) == 0 &&
	    r.status == 303 && save(learner, att, 1) == 200, "the resume form resumes it");
	resp_free(&r);
	before = deadline_of(id);
	CHECK(web_post(&srv, &ws, path, "do=extend&minutes=0&reason=x", 1, &r) == 0 &&
	    r.status == 400 && deadline_of(id) == before, "zero minutes extend nothing");
	resp_free(&r);
	CHECK(web_post(&srv, &ws, path, "do=extend&minutes=10&reason=slow+PC", 1, &r) == 0 &&
	    r.status == 303 && deadline_of(id) == before + 600 * 1000,
	    "the extend form gives 10 minutes");
	resp_free(&r);
	CHECK(web_post(&srv, &ws, path, "do=note&note=Seat+changed+to+14", 1, &r) == 0 &&
	    r.status == 303 && testsrv_db_int(&srv, "SELECT count(*) FROM attempt_incidents "
	    "WHERE kind = 'note' AND note = 'Seat changed to 14'", NULL) == 1,
	    "the note form files a note");
	resp_free(&r);
	snprintf(path, sizeof path, "/console/attempts/%s", id);
	web_page_has(&srv, &ws, path, "en", "Seat changed to 14", "+10:00");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	CHECK(post(learner, path, NULL, NULL) == 200, "the learner submits");
	json_decref(att);
}

void
test_lost_time(void)
{
	char out[4096], learner[64], coach[64], two[64], other[64], three[64], admin[64];

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "trainer-pass\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, "trainer-two\n", out, sizeof out, "user", "add", "--login", "other",
	    "--name", "Other Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, "learner-one\n", out, sizeof out, "user", "add", "--login", "one",
	    "--name", "Learner One", "--role", "learner", NULL);
	testsrv_cli(&srv, "learner-two\n", out, sizeof out, "user", "add", "--login", "two",
	    "--name", "Learner Two", "--role", "learner", NULL);
	testsrv_cli(&srv, "learner-three\n", out, sizeof out, "user", "add", "--login", "three",
	    "--name", "Learner Three", "--role", "learner", NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "lt",
	    testsrv_file(&srv, "lt.gift", bank, 0), NULL) == 0, "the bank imports: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "long.json", exam_long, 0),
	    testsrv_file(&srv, "short.json", exam_short, 0), NULL) == 0,
	    "the exams are added: %s", out);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "one", "learner-one", learner, sizeof learner);
	testsrv_signin(&srv, "coach", "trainer-pass", coach, sizeof coach);
	testsrv_signin(&srv, "two", "learner-two", two, sizeof two);
	testsrv_signin(&srv, "other", "trainer-two", other, sizeof other);
	pause_resume(learner, coach, two, other);
	paused_past_deadline(learner, coach);
	testsrv_signin(&srv, "three", "learner-three", three, sizeof three);
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	room(learner, two, three, coach, other, admin);
	console_forms(learner);
	outage(learner, coach);
	testsrv_stop(&srv, SIGTERM, NULL);
}
