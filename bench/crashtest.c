/*
 * crashtest.c - `make crashtest`: kill -9 the server under a saving load,
 * again and again, and prove that nothing it acknowledged was lost.
 *
 * One database for the whole run. Each round starts ./build/aicert on it,
 * lets CLIENTS learners save short answers as fast as the server answers
 * (every save carries a seq one higher than the learner's last, and the
 * answer text names its seq), and kills the server with SIGKILL after a
 * random 150-900 ms. After KILLS rounds a last server checks, through the
 * API, that every learner's attempt has the deadline it was given plus
 * exactly the outages the server recorded giving back to it (no minute
 * lost: attempt_time.c) and,
 * for every item, an answer at least as new as the newest one that got a
 * 200; then, with the server stopped, the database file itself: the same
 * for the stored seq, the text matching its seq, PRAGMA integrity_check.
 *
 * Beside them, SUBMITTERS learners pass a certificate exam over and over
 * (start, answer right, submit), so that kills land between a grading
 * commit and the certificate's issuance, and between the issuance and the
 * PDF's rendering. After each kill the database tells how many passed
 * attempts then lacked a certificate or a PDF (the gap); at the end every
 * passed attempt of that exam must have exactly one certificate in force,
 * with its PDF: the server finishes them on start.
 *
 * Prints a summary line and "N passed, N failed"; exits 1 on a failure.
 * CRASH_SEED=N repeats a run's kill timings.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testsrv.h"

#define CLIENTS 8
#define ITEMS 5
#define KILLS 25
#define SUBMITTERS 2

static int passed, failed;

#define CHECK(cond, ...) do {						\
	if (cond) passed++;						\
	else { failed++; printf("FAIL: " __VA_ARGS__); putchar('\n'); }	\
} while (0)

/* ---- the learners ---- */

struct learner {
	char token[64], attempt[64];
	char *deadline;		/* JSON of the deadline the start returned */
	long seq;		/* the last seq sent */
	long acked[ITEMS];	/* per item, the newest seq that got a 200 */
	long nacked, errors;
	int port;
};

static volatile int running;

static void *
learner_main(void *arg)
{
	struct learner *l = arg;
	struct kconn *c = malloc(sizeof *c);
	char h[128];

	if (c == NULL)
		return NULL;
	c->fd = -1;
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
	    l->token);
	while (running) {
		char path[160], body[96];
		int item, status;

		if (c->fd < 0 && kconn_open(c, l->port) != 0) {
			usleep(5000);
			continue;
		}
		l->seq++;
		item = (int)(l->seq % ITEMS);
		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i%d", l->attempt,
		    item + 1);
		snprintf(body, sizeof body, "{\"response\":{\"text\":\"v%ld\"},\"seq\":%ld}",
		    l->seq, l->seq);
		status = kconn_req(c, "PUT", path, h, body, NULL, 0, NULL);
		if (status == 200) {
			l->acked[item] = l->seq;
			l->nacked++;
		} else {
			if (status > 0)
				l->errors++;
			kconn_close(c);
		}
	}
	kconn_close(c);
	free(c);
	return NULL;
}

/* ---- the certificate candidates ---- */

struct candidate {
	char token[64];
	long submitted;		/* submits that got a 200 saying passed */
	long errors;
	int port;
};

static struct candidate cands[SUBMITTERS];

/* The value of "key":"..." in a JSON body, into out ("" if absent). */
static void
json_field(const char *body, const char *key, char *out, size_t n)
{
	json_t *v = json_loads(body, 0, NULL);
	const char *s = json_string_value(json_object_get(v, key));

	snprintf(out, n, "%s", s ? s : "");
	json_decref(v);
}

static void *
candidate_main(void *arg)
{
	struct candidate *cd = arg;
	struct kconn *c = malloc(sizeof *c);
	char h[128], *body = malloc(65536);

	if (c == NULL || body == NULL) {
		free(c);
		free(body);
		return NULL;
	}
	c->fd = -1;
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
	    cd->token);
	while (running) {
		char id[64], path[160];
		int st;

		if (c->fd < 0 && kconn_open(c, cd->port) != 0) {
			usleep(5000);
			continue;
		}
		/* Start (or resume the running one), answer right, submit. */
		st = kconn_req(c, "POST", "/api/v1/exams/crashcert/attempts", h,
		    "{\"lang\":\"en\"}", body, 65536, NULL);
		if (st == 200 || st == 201) {
			json_field(body, "id", id, sizeof id);
			snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i1", id);
			st = kconn_req(c, "PUT", path, h, "{\"response\":{\"text\":\"yes\"}}",
			    NULL, 0, NULL);
		}
		if (st == 200) {
			snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
			st = kconn_req(c, "POST", path, h, NULL, body, 65536, NULL);
		}
		if (st == 200 && strstr(body, "\"passed\":true") != NULL)
			cd->submitted++;
		else {
			if (st > 0)
				cd->errors++;
			kconn_close(c);
		}
	}
	kconn_close(c);
	free(c);
	free(body);
	return NULL;
}

/* ---- setup ---- */

static json_t *
api(int port, const char *method, const char *path, const char *tok, const char *body,
    const char *ctype, int *status)
{
	char h[256];
	struct resp r;
	json_t *v = NULL;

	snprintf(h, sizeof h, "%s%s%sContent-Type: %s\r\n", tok ? "Authorization: Bearer " : "",
	    tok ? tok : "", tok ? "\r\n" : "", ctype);
	*status = -1;
	if (http_req(port, method, path, h, body, body ? strlen(body) : 0, &r) != 0)
		return NULL;
	*status = r.status;
	v = json_loads(r.body, 0, NULL);
	resp_free(&r);
	return v;
}

static int
signin(int port, const char *login, const char *pw, char *tok)
{
	char body[160];
	int st;
	json_t *v;

	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, pw);
	v = api(port, "POST", "/api/v1/session", NULL, body, "application/json", &st);
	if (v == NULL || json_string_value(json_object_get(v, "token")) == NULL) {
		json_decref(v);
		return -1;
	}
	snprintf(tok, 64, "%s", json_string_value(json_object_get(v, "token")));
	json_decref(v);
	return 0;
}

static int
setup(struct testsrv *srv, struct learner *ls)
{
	static const char gift[] =
	    "$CATEGORY: crash\n\n"
	    "::C1:: Name a colour. {=red =blue}\n\n"
	    "::C2:: Name a fruit. {=apple =pear}\n\n"
	    "::C3:: Name a planet. {=mars =venus}\n\n"
	    "::C4:: Name a metal. {=iron =tin}\n\n"
	    "::C5:: Name a tree. {=oak =pine}\n";
	static const char exam[] =
	    "{\"id\":\"crash\",\"title\":{\"en\":\"Crash\",\"zh-TW\":\"當機\"},"
	    "\"duration_s\":7200,\"pass_percent\":50,\"languages\":[\"en\"],"
	    "\"sections\":[{\"category\":\"crash\",\"count\":5}]}";
	static const char cgift[] = "$CATEGORY: crashcert\n\n::K1:: Say yes. {=yes}\n";
	static const char cexam[] =
	    "{\"id\":\"crashcert\",\"title\":{\"en\":\"Crash certificate\","
	    "\"zh-TW\":\"當機證書\"},\"duration_s\":7200,\"pass_percent\":50,"
	    "\"languages\":[\"en\"],\"bank\":\"crashcert\",\"certificate\":{\"valid_years\":1},"
	    "\"sections\":[{\"category\":\"crashcert\",\"count\":1}]}";
	char admin[64], out[2048];
	int st;
	json_t *v;

	if (signin(srv->port, "admin", "crash-admin-pw", admin) != 0)
		return -1;
	json_decref(api(srv->port, "POST", "/api/v1/banks?bank=crash&filename=c.gift", admin,
	    gift, "text/plain", &st));
	if (st != 201) {
		fprintf(stderr, "crashtest: bank import: %d\n", st);
		return -1;
	}
	json_decref(api(srv->port, "POST", "/api/v1/exams", admin, exam, "application/json",
	    &st));
	if (st != 200 && st != 201) {
		fprintf(stderr, "crashtest: exam: %d\n", st);
		return -1;
	}
	json_decref(api(srv->port, "POST", "/api/v1/banks?bank=crashcert&filename=k.gift",
	    admin, cgift, "text/plain", &st));
	if (st != 201) {
		fprintf(stderr, "crashtest: certificate bank import: %d\n", st);
		return -1;
	}
	json_decref(api(srv->port, "POST", "/api/v1/exams", admin, cexam, "application/json",
	    &st));
	if (st != 200 && st != 201) {
		fprintf(stderr, "crashtest: certificate exam: %d\n", st);
		return -1;
	}
	for (int i = 0; i < SUBMITTERS; i++) {
		char login[32];

		snprintf(login, sizeof login, "crashcert%02d", i);
		testsrv_cli(srv, "crash-learner-pw\n", out, sizeof out, "user", "add",
		    "--login", login, "--name", "候選人 Candidate", "--role", "learner", NULL);
		if (signin(srv->port, login, "crash-learner-pw", cands[i].token) != 0)
			return -1;
	}
	for (int i = 0; i < CLIENTS; i++) {
		char login[32];
		const char *id;

		snprintf(login, sizeof login, "crash%02d", i);
		testsrv_cli(srv, "crash-learner-pw\n", out, sizeof out, "user", "add",
		    "--login", login, "--name", "Crash Learner", "--role", "learner", NULL);
		if (signin(srv->port, login, "crash-learner-pw", ls[i].token) != 0)
			return -1;
		v = api(srv->port, "POST", "/api/v1/exams/crash/attempts", ls[i].token,
		    "{\"lang\":\"en\"}", "application/json", &st);
		id = json_string_value(json_object_get(v, "id"));
		if (id == NULL || json_object_get(v, "deadline") == NULL) {
			fprintf(stderr, "crashtest: start: %d\n", st);
			json_decref(v);
			return -1;
		}
		snprintf(ls[i].attempt, sizeof ls[i].attempt, "%s", id);
		ls[i].deadline = json_dumps(json_object_get(v, "deadline"), JSON_ENCODE_ANY);
		for (int k = 0; k < ITEMS; k++)
			ls[i].acked[k] = -1;
		json_decref(v);
	}
	return 0;
}

/* ---- the checks ---- */

/* A count from the database (the server stopped), or -1. */
static long
db_count(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	long n = -1;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* Passed attempts of the certificate exam without a certificate, and
 * certificates without their PDF: what a kill left undone. */
static const char gap_certs_sql[] =
    "SELECT count(*) FROM attempts a WHERE a.exam_id = 'crashcert' AND a.passed = 1 "
    "AND a.state != 'running' AND NOT EXISTS "
    "(SELECT 1 FROM certificates c WHERE c.attempt_id = a.id)";
static const char gap_pdfs_sql[] =
    "SELECT count(*) FROM certificates WHERE exam_id = 'crashcert' AND pdf IS NULL";

/* Every passed attempt of the certificate exam has exactly one
 * certificate, in force, with its PDF. */
static void
check_certs(const char *db)
{
	long passed_n = db_count(db, "SELECT count(*) FROM attempts WHERE exam_id = 'crashcert' "
	    "AND passed = 1 AND state != 'running'");
	long good = db_count(db, "SELECT count(*) FROM attempts a WHERE a.exam_id = 'crashcert' "
	    "AND a.passed = 1 AND a.state != 'running' AND (SELECT count(*) FROM certificates c "
	    "WHERE c.attempt_id = a.id) = 1 AND EXISTS (SELECT 1 FROM certificates c WHERE "
	    "c.attempt_id = a.id AND c.pdf IS NOT NULL AND c.pdf_sha256 IS NOT NULL "
	    "AND c.revoked_at IS NULL AND c.superseded_by IS NULL)");
	long extra = db_count(db, "SELECT count(*) FROM certificates c JOIN attempts a "
	    "ON a.id = c.attempt_id WHERE c.exam_id = 'crashcert' AND a.passed IS NOT 1");

	CHECK(passed_n > 0, "certificate exams were passed (%ld)", passed_n);
	CHECK(good == passed_n, "every passed attempt has exactly one valid certificate with "
	    "its PDF (%ld of %ld)", good, passed_n);
	CHECK(extra == 0, "no certificate for an attempt that did not pass (%ld)", extra);
}

/* The seq n of an answer text "vN", or -1. */
static long
text_seq(const char *text)
{
	return text != NULL && text[0] == 'v' ? strtol(text + 1, NULL, 10) : -1;
}

/* Milliseconds since 1970 of a JSON ISO 8601 time "\"...T...Z\"" with
 * milliseconds (as attempt views write them); -1 if it is not one. */
static long long
json_iso_ms(const char *s)
{
	struct tm tm = { 0 };
	int ms = 0;

	if (s == NULL || sscanf(s, "\"%d-%d-%dT%d:%d:%d.%dZ\"", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) * 1000 + ms;
}

/* The time the server gave back to attempt public_id after its outages
 * (ms, summed over its 'outage' incidents); -1 if it cannot be read. */
static long long
outage_ms(const char *db, const char *public_id)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	long long n = -1;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "SELECT coalesce(sum(i.moved_ms), 0) FROM attempt_incidents i "
	    "JOIN attempts a ON a.id = i.attempt_id WHERE a.public_id = ?1 "
	    "AND i.kind = 'outage'", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, public_id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void
check_api(const struct testsrv *srv, struct learner *ls, long *lost, long long *outages)
{
	for (int i = 0; i < CLIENTS; i++) {
		char path[128], *dl;
		int st;
		long long given;
		json_t *v, *resp;

		snprintf(path, sizeof path, "/api/v1/attempts/%s", ls[i].attempt);
		v = api(srv->port, "GET", path, ls[i].token, NULL, "application/json", &st);
		dl = v ? json_dumps(json_object_get(v, "deadline"), JSON_ENCODE_ANY) : NULL;
		given = outage_ms(srv->db, ls[i].attempt);
		CHECK(st == 200 && dl != NULL && given >= 0 && json_iso_ms(ls[i].deadline) >= 0 &&
		    json_iso_ms(dl) == json_iso_ms(ls[i].deadline) + given,
		    "learner %d: the deadline through the API is the one given plus the %lld ms "
		    "of outages given back (%s, was %s)", i, given, dl ? dl : "none",
		    ls[i].deadline);
		outages += given;
		free(dl);
		resp = json_object_get(v, "responses");
		for (int k = 0; k < ITEMS; k++) {
			char item[8];
			long got;

			snprintf(item, sizeof item, "i%d", k + 1);
			got = text_seq(json_string_value(json_object_get(json_object_get(resp,
			    item), "text")));
			if (got < ls[i].acked[k]) {
				(*lost)++;
				printf("LOST (api): learner %d item %s: acknowledged v%ld, has v%ld\n",
				    i, item, ls[i].acked[k], got);
			}
		}
		json_decref(v);
	}
}

static void
check_db(const char *db, struct learner *ls, long *lost)
{
	static const char sql[] =
	    "SELECT r.position, r.seq, json_extract(r.response, '$.text'), a.deadline "
	    "FROM attempts a LEFT JOIN responses r ON r.attempt_id = a.id "
	    "WHERE a.public_id = ?";
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	const char *ic = NULL;
	int mismatch = 0;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		CHECK(0, "the database opens after the run");
		return;
	}
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ic = (const char *)sqlite3_column_text(st, 0);
	CHECK(ic != NULL && strcmp(ic, "ok") == 0, "PRAGMA integrity_check: %s",
	    ic ? ic : "(no answer)");
	sqlite3_finalize(st);
	sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	for (int i = 0; i < CLIENTS; i++) {
		long stored[ITEMS];

		for (int k = 0; k < ITEMS; k++)
			stored[k] = -1;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, ls[i].attempt, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int pos = sqlite3_column_int(st, 0);

			if (sqlite3_column_type(st, 0) == SQLITE_NULL || pos < 0 || pos >= ITEMS)
				continue;
			stored[pos] = sqlite3_column_int64(st, 1);
			if (text_seq((const char *)sqlite3_column_text(st, 2)) != stored[pos])
				mismatch++;
		}
		for (int k = 0; k < ITEMS; k++)
			if (stored[k] < ls[i].acked[k]) {
				(*lost)++;
				printf("LOST (db): learner %d position %d: acknowledged seq %ld, "
				    "stored %ld\n", i, k, ls[i].acked[k], stored[k]);
			}
	}
	CHECK(mismatch == 0, "every stored answer is the one its seq names (%d differ)",
	    mismatch);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

int
main(void)
{
	static struct learner ls[CLIENTS];
	struct testsrv srv;
	pthread_t th[CLIENTS];
	unsigned seed = getenv("CRASH_SEED") ? (unsigned)atoi(getenv("CRASH_SEED")) :
	    (unsigned)time(NULL) ^ (unsigned)getpid();
	long acked = 0, errors = 0, lost_api = 0, lost_db = 0, before;
	long gap_certs = 0, gap_pdfs = 0, submits = 0, sub_errors = 0;
	long long outages = 0;	/* ms given back to the learners, summed */
	pthread_t cth[SUBMITTERS];
	int kills = 0, starts_failed = 0;
	time_t t0 = time(NULL);

	signal(SIGPIPE, SIG_IGN);
	srand(seed);
	setenv("AICERT_ADMIN_PASSWORD", "crash-admin-pw", 1);
	testsrv_init(&srv);
	if (testsrv_start(&srv, "--registration", "off", NULL) != 0 || setup(&srv, ls) != 0) {
		fputs("crashtest: cannot set up the server\n", stderr);
		return 1;
	}
	printf("crashtest: %d learners saving, %d kill -9 rounds, seed %u, db %s\n",
	    CLIENTS, KILLS, seed, srv.db);
	fflush(stdout);
	for (int round = 0; round < KILLS; round++) {
		int status;

		if (round > 0 && testsrv_start(&srv, "--registration", "off", NULL) != 0) {
			starts_failed++;
			printf("round %d: the server did not restart\n", round);
			break;
		}
		before = 0;
		for (int i = 0; i < CLIENTS; i++) {
			ls[i].port = srv.port;
			before += ls[i].nacked;
		}
		running = 1;
		for (int i = 0; i < CLIENTS; i++)
			pthread_create(&th[i], NULL, learner_main, &ls[i]);
		for (int i = 0; i < SUBMITTERS; i++) {
			cands[i].port = srv.port;
			pthread_create(&cth[i], NULL, candidate_main, &cands[i]);
		}
		usleep((useconds_t)(150000 + rand() % 750000));
		kill(srv.pid, SIGKILL);
		waitpid(srv.pid, &status, 0);
		kills++;
		running = 0;
		for (int i = 0; i < CLIENTS; i++)
			pthread_join(th[i], NULL);
		for (int i = 0; i < SUBMITTERS; i++)
			pthread_join(cth[i], NULL);
		acked = 0;
		for (int i = 0; i < CLIENTS; i++)
			acked += ls[i].nacked;
		{
			long gc = db_count(srv.db, gap_certs_sql), gp = db_count(srv.db, gap_pdfs_sql);

			gap_certs += gc > 0 ? gc : 0;
			gap_pdfs += gp > 0 ? gp : 0;
			printf("round %2d: %5ld saves acknowledged, then kill -9; left undone: %ld "
			    "certificates, %ld PDFs\n", round + 1, acked - before, gc, gp);
		}
		fflush(stdout);
	}
	CHECK(starts_failed == 0, "the server restarts after every kill -9");
	CHECK(kills >= 20, "at least 20 kills (%d)", kills);
	for (int i = 0; i < CLIENTS; i++)
		errors += ls[i].errors;
	CHECK(errors == 0, "no save got an error status while the server was up (%ld)", errors);
	CHECK(acked > 0, "saves were acknowledged (%ld)", acked);
	for (int i = 0; i < SUBMITTERS; i++) {
		submits += cands[i].submitted;
		sub_errors += cands[i].errors;
	}
	CHECK(sub_errors == 0, "no start, answer or submit of the certificate exam got an "
	    "error status (%ld)", sub_errors);
	CHECK(submits > 0, "certificate exams were passed and acknowledged (%ld)", submits);

	/* The survivor: through the API, then the file itself. */
	if (testsrv_start(&srv, NULL) == 0) {
		check_api(&srv, ls, &lost_api, &outages);
		CHECK(lost_api == 0, "every acknowledged save is there through the API "
		    "(%ld lost)", lost_api);
		CHECK(testsrv_stop(&srv, SIGTERM, NULL) == 0, "the last server stops cleanly");
	} else {
		CHECK(0, "the server starts after the last kill");
	}
	check_db(srv.db, ls, &lost_db);
	CHECK(lost_db == 0, "every acknowledged save is in the database (%ld lost)", lost_db);
	check_certs(srv.db);
	printf("crashtest: %d kill -9 in %ld s, %ld saves acknowledged by %d learners, "
	    "%ld lost, deadlines %s (%.1f s given back for outages in all), "
	    "integrity_check %s\n", kills, (long)(time(NULL) - t0),
	    acked, CLIENTS, lost_api + lost_db, failed ? "see above" : "as given",
	    (double)outages / 1000, failed ? "see above" : "ok");
	printf("crashtest: %ld certificate exams passed by %d candidates; after the kills "
	    "%ld certificates and %ld PDFs were found undone (summed over rounds)\n", submits,
	    SUBMITTERS, gap_certs, gap_pdfs);
	printf("%d passed, %d failed\n", passed, failed);
	if (failed == 0) {
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", srv.dir);
		if (system(cmd) != 0)
			perror("rm");
	}
	for (int i = 0; i < CLIENTS; i++)
		free(ls[i].deadline);
	return failed ? 1 : 0;
}
