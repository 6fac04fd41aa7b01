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

static struct testsrv srv;

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
	int64_t killed, restarting, up;

	CHECK(save(learner, att, 1) == 200 && save(learner, satt, 1) == 200,
	    "both attempts take a save before the outage");
	killed = now_ms();
	testsrv_stop(&srv, SIGKILL, NULL);
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
	CHECK(save(learner, att, 2) == 200, "saves still work after the restart");
	/* The short one's 6 s ran out while the server was down: it still
	 * runs, and takes answers. */
	snprintf(state, sizeof state, "%s", testsrv_db_int(&srv,
	    "SELECT state = 'running' FROM attempts WHERE public_id = ?1", sid) == 1 ?
	    "running" : "closed");
	CHECK(strcmp(state, "running") == 0 && save(learner, satt, 2) == 200,
	    "an attempt whose time ran out during the outage still runs after it (%s)",
	    state);
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

void
test_lost_time(void)
{
	char out[4096], learner[64], coach[64];

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
	outage(learner, coach);
	testsrv_stop(&srv, SIGTERM, NULL);
}
