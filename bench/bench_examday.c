/*
 * bench_examday.c - exam day: N signed-in learners (1,000 by default;
 * BENCH_LEARNERS=10000 for the big one) start an exam in the same second,
 * then each saves an answer every few seconds and finally submits.
 *
 * Learners come from a CSV import with access codes (no password
 * hashing), one keep-alive connection each. As at a test centre, they are
 * booked into sittings of 500 numbered seats (BENCH_SEATS to change), the
 * exam requires check-in, and each sitting's proctor checks its learners
 * in at the door before the start. The saves run twice as long as
 * SAVE_PHASE: first alone, then with every sitting's proctor refreshing
 * its room (GET /api/v1/sittings/{id}/room) every 5 s, as the room page
 * does, while one learner in 20 reports an integrity event.
 *
 * Prints the time until every learner has their first item, saves/s,
 * p50/p95/p99 save latency without and with the room views, the room
 * view's latency and size, errors, and the server's peak RSS; beside it,
 * bare libmicrohttpd hello-world throughput measured in the same run.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "benchlib.h"
#include "testsrv.h"

#define THREADS 32
#define SAVE_EVERY 3.0		/* seconds between a learner's saves */
#define SAVE_PHASE 20.0		/* seconds of saving */
#define FLAT_CONNS 1000		/* wrk's connections in the flat-out phase */
#define FLAT_SECS 10
#define ROOM_EVERY 5.0		/* seconds between a proctor's room views */
#define EVENT_ONE_IN 20		/* learners that report an event with the room on */


struct learner {
	char token[48], attempt[32];
	struct kconn *c;
	double next_save;
	long seq;
	int evented;
};

/* A sitting and its proctor. */
struct sitting {
	long long id;
	char token[48];
	int seats;
};

static struct learner *ls;
static int submitting;		/* workers' second phase */
static int nlearners, port;
static pthread_barrier_t gate;
static double t_start, *first_item, *lat[2];	/* saves without, with room views */
static size_t nlat[2], maxlat;
static int errors, submits, ev_sent, ev_errors, reconnects;
static double t_saves, t_room, t_end;	/* the save phase, its second half, its end */
static struct sitting *sits;
static int nsits, seats_per = 500;
static double room_lat[4096], room_bytes[4096];
static size_t nroom;
static int room_errors, door_errors;
static double t_door;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void
record(double v, int ok, int phase)
{
	pthread_mutex_lock(&mu);
	if (!ok)
		errors++;
	else if (nlat[phase] < maxlat)
		lat[phase][nlat[phase]++] = v;
	pthread_mutex_unlock(&mu);
}

/* Worker id's share of the learners hands in. */
static void
submit_all(int id)
{
	char h[160], path[160];

	for (int i = id; i < nlearners; i += THREADS) {
		struct learner *l = &ls[i];
		int st;

		if (l->attempt[0] == '\0')
			continue;
		snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", l->token);
		snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", l->attempt);
		st = kconn_req(l->c, "POST", path, h, NULL, NULL, 0, NULL);
		/* Idle through the flat-out phase, the connection may have
		 * outlived the server's --timeout (30 s): a browser then opens
		 * a new one, and so does the learner here. */
		if (st < 0) {
			kconn_close(l->c);
			if (kconn_open(l->c, port) == 0) {
				pthread_mutex_lock(&mu);
				reconnects++;
				pthread_mutex_unlock(&mu);
				st = kconn_req(l->c, "POST", path, h, NULL, NULL, 0, NULL);
			}
		}
		if (st == 200) {
			pthread_mutex_lock(&mu);
			submits++;
			pthread_mutex_unlock(&mu);
		} else {
			record(0, 0, 0);
		}
	}
}

/* Every worker and main meet once all have started; one of them sets the
 * save phase's clock, which the others read after the second meeting. */
static void
saves_begin(void)
{
	if (pthread_barrier_wait(&gate) == PTHREAD_BARRIER_SERIAL_THREAD) {
		t_saves = bench_now();
		t_room = t_saves + SAVE_PHASE;
		t_end = t_room + SAVE_PHASE;
	}
	pthread_barrier_wait(&gate);
}

/* One learner in 20 reports the page hidden once the room is watched:
 * the room's list of events is then not empty. */
static void
send_event(struct learner *l, char *h)
{
	char path[160];
	int st;

	snprintf(path, sizeof path, "/api/v1/attempts/%s/events", l->attempt);
	st = kconn_req(l->c, "POST", path, h, "{\"kind\":\"hidden\",\"detail\":\"bench\"}",
	    NULL, 0, NULL);
	l->evented = 1;
	pthread_mutex_lock(&mu);
	ev_sent++;
	ev_errors += st != 200;
	pthread_mutex_unlock(&mu);
}

/* Phase one: start at once, then paced saves (the room watched in their
 * second half); phase two: submit. */
static void *
worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	char h[160], body[128], path[160], *resp = malloc(65536);

	pthread_barrier_wait(&gate);
	for (int i = id; i < nlearners && !submitting; i += THREADS) {
		struct learner *l = &ls[i];
		int st;

		snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
		    l->token);
		st = kconn_req(l->c, "POST", "/api/v1/exams/day/attempts", h, "{\"lang\":\"en\"}",
		    resp, 65536, NULL);
		first_item[i] = bench_now() - t_start;
		if ((st != 201 && st != 200) || strstr(resp, "\"id\":\"") == NULL) {
			record(0, 0, 0);
			continue;
		}
		snprintf(l->attempt, sizeof l->attempt, "%.22s", strstr(resp, "\"id\":\"") + 6);
	}
	if (submitting) {
		submit_all(id);
		free(resp);
		return NULL;
	}
	/* Everyone started: the saves begin together, spread over 3 s. */
	saves_begin();
	for (int i = id; i < nlearners; i += THREADS)
		ls[i].next_save = t_saves + SAVE_EVERY * (double)(i % 97) / 97.0;
	while (bench_now() < t_end) {
		double soonest = t_end, wait;

		for (int i = id; i < nlearners; i += THREADS) {
			struct learner *l = &ls[i];
			double t0 = bench_now();
			int st, phase = t0 >= t_room;

			if (l->attempt[0] == '\0')
				continue;
			if (l->next_save > t0) {
				if (l->next_save < soonest)
					soonest = l->next_save;
				continue;
			}
			snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
			    l->token);
			snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i%ld", l->attempt,
			    l->seq % 10 + 1);
			snprintf(body, sizeof body, "{\"response\":{},\"seq\":%ld}", ++l->seq);
			st = kconn_req(l->c, "PUT", path, h, body, NULL, 0, NULL);
			record(bench_now() - t0, st == 200, phase);
			if (phase && !l->evented && i % EVENT_ONE_IN == 0)
				send_event(l, h);
			l->next_save = t0 + SAVE_EVERY;
		}
		/* Read the clock once: read twice, the wait could go negative
		 * and, as an unsigned count, last an hour. */
		wait = soonest - bench_now();
		if (wait > 0)
			usleep((useconds_t)(wait > 0.02 ? 20000 : wait * 1e6));
	}
	free(resp);
	return NULL;
}

/* A sitting's proctor: its room every ROOM_EVERY s in the save phase's
 * second half, the proctors spread over those 5 s. The last answer of
 * sitting 0 is kept in room0 for the summary. */
static char room0[262144];

static void *
proctor(void *arg)
{
	int k = (int)(intptr_t)arg;
	struct kconn *c = malloc(sizeof *c);
	char h[160], path[96], *body = malloc(sizeof room0);
	double next = t_room + ROOM_EVERY * (double)k / (double)nsits;

	if (c == NULL || body == NULL) {
		pthread_mutex_lock(&mu);
		room_errors++;
		pthread_mutex_unlock(&mu);
		free(c);
		free(body);
		return NULL;
	}
	c->fd = -1;	/* opened at the first view, as the page does */
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", sits[k].token);
	snprintf(path, sizeof path, "/api/v1/sittings/%lld/room", sits[k].id);
	while (next < t_end) {
		double t0 = bench_now(), t1;
		size_t blen = 0;
		int st;

		if (next > t0) {
			usleep((useconds_t)((next - t0) * 1e6));
			t0 = bench_now();
		}
		if (c->fd < 0 && kconn_open(c, port) != 0)
			st = -1;
		else
			st = kconn_req(c, "GET", path, h, NULL, body, sizeof room0, &blen);
		t1 = bench_now();
		if (st < 0)
			kconn_close(c);	/* the next view opens a new one */
		pthread_mutex_lock(&mu);
		if (st != 200 || blen >= sizeof room0) {
			room_errors++;
		} else if (nroom < sizeof room_lat / sizeof room_lat[0]) {
			room_lat[nroom] = t1 - t0;
			room_bytes[nroom++] = (double)blen;
			if (k == 0)
				memcpy(room0, body, blen + 1);
		}
		pthread_mutex_unlock(&mu);
		next += ROOM_EVERY;
	}
	kconn_close(c);
	free(c);
	free(body);
	return NULL;
}

struct rawjob {
	int port, n, ok;
};

static void *
raw_client(void *arg)
{
	struct rawjob *j = arg;
	struct kconn *c = malloc(sizeof *c);

	if (c != NULL && kconn_open(c, j->port) == 0)
		for (int i = 0; i < j->n; i++)
			j->ok += kconn_req(c, "GET", "/", NULL, NULL, NULL, 0, NULL) == 200;
	if (c != NULL)
		kconn_close(c);
	free(c);
	return NULL;
}

/*
 * Flat out: the learners' saves as fast as the server acknowledges them
 * (each committed before its 200), from wrk's connections cycling
 * through every learner (bench/saves.lua); then the same requests to
 * bare libmicrohttpd, whose rate is the machine's limit. Prints both and
 * the ratio (the goal: durable saves >= 0.5 of raw throughput).
 */
static void
flat_out(struct testsrv *srv)
{
	char file[600], args[700];
	int conns = nlearners < FLAT_CONNS ? nlearners : FLAT_CONNS, hport;
	struct wrk_result w, raw;
	struct MHD_Daemon *d;
	double cpu0, kid0, cpu_srv, cpu_wrk, cpu_bare, cpu_wrk2;
	FILE *f;

	snprintf(file, sizeof file, "%s/learners.txt", srv->dir);
	if ((f = fopen(file, "w")) == NULL)
		return;
	for (int i = 0; i < nlearners; i++)
		if (ls[i].attempt[0] != '\0')
			fprintf(f, "%s %s %ld\n", ls[i].token, ls[i].attempt, ls[i].seq);
	fclose(f);
	snprintf(args, sizeof args, "'%s'", file);
	cpu0 = bench_cpu_s(srv->pid);
	kid0 = bench_cpu_s(-1);
	if (bench_wrk_script(port, "bench/saves.lua", args, 1, conns, FLAT_SECS, &w) != 0) {
		printf("  flat out: wrk is missing or failed (make bench installs it)\n");
		return;
	}
	cpu_srv = bench_cpu_s(srv->pid) - cpu0;
	cpu_wrk = bench_cpu_s(-1) - kid0;
	printf("  flat out, %d connections (wrk) cycling through all learners: %.0f durable "
	    "saves/s, p50 %.2f ms, p99 %.2f ms, %ld errors\n", conns, w.rps, w.p50_ms, w.p99_ms,
	    w.errors);
	cpu0 = bench_cpu_s(0);
	kid0 = bench_cpu_s(-1);
	if ((d = bench_bare_start(&hport)) == NULL ||
	    bench_wrk_script(hport, "bench/saves.lua", args, 1, conns, FLAT_SECS, &raw) != 0) {
		printf("  bare libmicrohttpd under wrk: failed\n");
		if (d != NULL)
			MHD_stop_daemon(d);
		return;
	}
	MHD_stop_daemon(d);
	cpu_bare = bench_cpu_s(0) - cpu0;
	cpu_wrk2 = bench_cpu_s(-1) - kid0;
	printf("  bare libmicrohttpd, same requests and connections: %.0f/s\n", raw.rps);
	/* Where the two cores went: the machine is shared with wrk, so every
	 * microsecond a save costs the server is one wrk cannot use. */
	if (w.requests > 0 && raw.requests > 0)
		printf("  CPU per request: aicert %.1f us a durable save, bare %.1f us; "
		    "wrk %.1f us beside aicert, %.1f us beside bare\n",
		    cpu_srv * 1e6 / (double)w.requests, cpu_bare * 1e6 / (double)raw.requests,
		    cpu_wrk * 1e6 / (double)w.requests, cpu_wrk2 * 1e6 / (double)raw.requests);
	printf("  durable saves = %.2f of bare libmicrohttpd (goal >= 0.5): %s\n",
	    w.rps / raw.rps, w.rps / raw.rps >= 0.5 ? "met" : "NOT met");
}

/* Bare libmicrohttpd hello-world requests/s with the same client. */
static double
raw_rate(void)
{
	int hport;
	struct MHD_Daemon *d = bench_bare_start(&hport);
	pthread_t th[THREADS];
	struct rawjob jobs[THREADS];
	double t0, rate;
	int ok = 0;

	if (d == NULL)
		return 0;
	t0 = bench_now();
	for (int i = 0; i < THREADS; i++) {
		jobs[i] = (struct rawjob){ hport, 3000, 0 };
		pthread_create(&th[i], NULL, raw_client, &jobs[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		ok += jobs[i].ok;
	}
	rate = ok / (bench_now() - t0);
	MHD_stop_daemon(d);
	return rate;
}

/*
 * The test centre: sittings of seats_per numbered seats, open from a
 * minute ago for two hours, each with a proctor of its own (created by
 * the admin through the sitting, signed in with a password). 0 or -1.
 */
static int
book_sittings(struct testsrv *srv, const char *admin)
{
	long long now = (long long)time(NULL);

	nsits = (nlearners + seats_per - 1) / seats_per;
	sits = calloc((size_t)nsits, sizeof *sits);
	for (int k = 0; sits != NULL && k < nsits; k++) {
		json_t *in, *out;
		char name[32], path[96], body[160], login[32], pass[32];
		int st;
		char *text;

		snprintf(name, sizeof name, "Room %d", k + 1);
		in = json_pack("{s:s, s:s, s:I, s:I, s:[]}", "name", name, "room", name + 5,
		    "opens_at", (json_int_t)(now - 60), "closes_at", (json_int_t)(now + 7200),
		    "members");
		for (int i = k * seats_per; i < nlearners && i < (k + 1) * seats_per; i++) {
			snprintf(login, sizeof login, "cand%05d", i);
			json_array_append_new(json_object_get(in, "members"), json_pack("{s:s, s:i}",
			    "login", login, "seat", i - k * seats_per + 1));
			sits[k].seats++;
		}
		text = json_dumps(in, JSON_COMPACT);
		json_decref(in);
		out = testsrv_api(srv, admin, "POST", "/api/v1/exams/day/sittings", text, &st);
		free(text);
		sits[k].id = (long long)json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		if (st != 201 || sits[k].id <= 0) {
			fprintf(stderr, "sitting %d: %d\n", k + 1, st);
			return -1;
		}
		snprintf(login, sizeof login, "proctor%02d", k + 1);
		snprintf(pass, sizeof pass, "bench-proctor-pass-%d", k + 1);
		snprintf(path, sizeof path, "/api/v1/sittings/%lld/proctors", sits[k].id);
		snprintf(body, sizeof body, "{\"login\":\"%s\",\"name\":\"Proctor %d\","
		    "\"password\":\"%s\"}", login, k + 1, pass);
		json_decref(testsrv_api(srv, admin, "POST", path, body, &st));
		if (st != 200 || testsrv_signin(srv, login, pass, sits[k].token,
		    sizeof sits[k].token) != 200) {
			fprintf(stderr, "proctor %s: %d\n", login, st);
			return -1;
		}
	}
	return sits != NULL ? 0 : -1;
}

/* The door: worker id checks in its share of the learners as their
 * sitting's proctor, on a connection of its own. */
static void *
door(void *arg)
{
	int id = (int)(intptr_t)arg, bad = 0;
	struct kconn *c = malloc(sizeof *c);
	char h[160], body[160], path[96];

	if (c == NULL || kconn_open(c, port) != 0) {
		free(c);
		return (void *)(intptr_t)nlearners;
	}
	for (int i = id; i < nlearners; i += THREADS) {
		snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
		    sits[i / seats_per].token);
		snprintf(body, sizeof body, "{\"login\":\"cand%05d\",\"id_type\":\"national_id\","
		    "\"id_last4\":\"%04d\"}", i, i % 10000);
		snprintf(path, sizeof path, "/api/v1/sittings/%lld/checkin", sits[i / seats_per].id);
		bad += kconn_req(c, "POST", path, h, body, NULL, 0, NULL) != 200;
	}
	kconn_close(c);
	free(c);
	return (void *)(intptr_t)bad;
}

/*
 * The room's own cost, with nothing else running: sitting 1's proctor
 * views it QUIET_VIEWS times in a row; the latency's median and the
 * server's CPU a view (user + system over them, from /proc).
 */
#define QUIET_VIEWS 50
static double quiet_p50_ms, quiet_cpu_ms;

static void
room_quiet(pid_t pid)
{
	struct kconn *c = malloc(sizeof *c);
	char h[160], path[96];
	double v[QUIET_VIEWS], cpu0;
	int ok = 0;

	if (c == NULL || kconn_open(c, port) != 0) {
		free(c);
		return;
	}
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", sits[0].token);
	snprintf(path, sizeof path, "/api/v1/sittings/%lld/room", sits[0].id);
	cpu0 = bench_cpu_s(pid);
	for (int i = 0; i < QUIET_VIEWS; i++) {
		double t0 = bench_now();

		if (kconn_req(c, "GET", path, h, NULL, NULL, 0, NULL) == 200)
			v[ok++] = bench_now() - t0;
	}
	quiet_cpu_ms = ok ? (bench_cpu_s(pid) - cpu0) * 1000 / ok : 0;
	quiet_p50_ms = bench_percentile(v, (size_t)ok, 0.5) * 1000;
	if (ok < QUIET_VIEWS)
		room_errors += QUIET_VIEWS - ok;
	kconn_close(c);
	free(c);
}

/* The room views' latency and size, and what sitting 0's last view
 * showed: its seats by state and its events. */
static void
room_summary(void)
{
	json_t *room = json_loads(room0, 0, NULL), *seat;
	char states[256] = "";
	const char *names[] = { "absent", "checked_in", "started", "saving", "offline", "paused",
	    "submitted" };
	size_t i, len = 0;
	double bytes = 0;

	for (i = 0; i < nroom; i++)
		bytes += room_bytes[i];
	qsort(room_lat, nroom, sizeof *room_lat, bench_cmp_double);
	printf("  room views (GET /api/v1/sittings/{id}/room, every %.0f s by each of %d proctors): "
	    "%zu, p50 %.2f ms, p95 %.2f ms, max %.2f ms; %.1f KB each on average; %d errors\n",
	    ROOM_EVERY, nsits, nroom, nroom ? room_lat[nroom / 2] * 1000 : 0,
	    nroom ? room_lat[(size_t)(nroom * 0.95)] * 1000 : 0,
	    nroom ? room_lat[nroom - 1] * 1000 : 0, nroom ? bytes / (double)nroom / 1000 : 0,
	    room_errors);
	printf("  the room of %d seats alone (%d views in a row, the learners idle): p50 %.2f ms, "
	    "%.2f ms of server CPU a view\n", sits[0].seats, QUIET_VIEWS, quiet_p50_ms,
	    quiet_cpu_ms);
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		int n = 0;

		json_array_foreach(json_object_get(room, "seats"), i, seat)
			n += strcmp(json_string_value(json_object_get(seat, "state")) ?
			    json_string_value(json_object_get(seat, "state")) : "", names[k]) == 0;
		if (n > 0 && len < sizeof states)
			len += (size_t)snprintf(states + len, sizeof states - len, "%s%s %d",
			    len ? ", " : "", names[k], n);
	}
	printf("  room 1 as its proctor last saw it: %zu seats (%s), %zu events listed\n",
	    json_array_size(json_object_get(room, "seats")), states,
	    json_array_size(json_object_get(room, "events")));
	json_decref(room);
}

static long
peak_rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

int
main(void)
{
	struct testsrv srv;
	struct rlimit rl;
	pthread_t th[THREADS], *pth;
	char out[4096], *csv, *resp = malloc(1 << 20);
	struct resp r;
	double rate_raw, secs, allfirst = 0;
	size_t len = 0;
	long rss, rss_flat, rss_rooms;
	const char *env = getenv("BENCH_LEARNERS");
	char admin[64];

	signal(SIGPIPE, SIG_IGN);
	nlearners = env ? atoi(env) : 1000;
	if ((env = getenv("BENCH_SEATS")) != NULL && atoi(env) > 0 && atoi(env) <= 9999)
		seats_per = atoi(env);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	rate_raw = raw_rate();
	ls = calloc((size_t)nlearners, sizeof *ls);
	first_item = calloc((size_t)nlearners, sizeof *first_item);
	maxlat = (size_t)nlearners * (size_t)(SAVE_PHASE / SAVE_EVERY + 2);
	lat[0] = calloc(maxlat, sizeof *lat[0]);
	lat[1] = calloc(maxlat, sizeof *lat[1]);
	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "bench-admin-pass", 1);
	if (testsrv_start(&srv, "--per-ip-limit", "0", "--registration", "off", NULL) != 0) {
		fputs("cannot start the server\n", stderr);
		return 1;
	}
	testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", testsrv_file(&srv, "day.json",
	    "{\"id\":\"day\",\"title\":{\"en\":\"Exam day\",\"zh-TW\":\"考試日\"},\"duration_s\":3600,"
	    "\"pass_percent\":70,\"checkin\":true,\"languages\":[\"en\"],"
	    "\"sections\":[{\"category\":\"ai-literacy\",\"count\":10}]}", 0), NULL);
	/* Learners in bulk, with codes: one CSV, no password hashing. */
	csv = malloc((size_t)nlearners * 40 + 64);
	len = (size_t)sprintf(csv, "login,name\n");
	for (int i = 0; i < nlearners; i++)
		len += (size_t)sprintf(csv + len, "cand%05d,考生%d\n", i, i);
	testsrv_signin(&srv, "admin", "bench-admin-pass", admin, sizeof admin);
	snprintf(out, sizeof out, "Authorization: Bearer %s\r\nContent-Type: text/csv\r\n", admin);
	if (http_req(srv.port, "POST", "/api/v1/users/import?codes_days=1", out, csv, len, &r) != 0 ||
	    r.status != 201) {
		fprintf(stderr, "import failed: %d\n", r.status);
		return 1;
	}
	{
		const char *p = r.body;

		for (int i = 0; i < nlearners && (p = strstr(p, "\"code\":\"")) != NULL; i++) {
			char body[96];
			struct resp s;

			p += 8;
			snprintf(body, sizeof body, "{\"code\":\"%.*s\"}", (int)strcspn(p, "\""), p);
			if (http_req(srv.port, "POST", "/api/v1/session",
			    "Content-Type: application/json\r\n", body, strlen(body), &s) == 0 &&
			    strstr(s.body, "\"token\":\"") != NULL)
				snprintf(ls[i].token, sizeof ls[i].token, "%.43s",
				    strstr(s.body, "\"token\":\"") + 9);
			resp_free(&s);
		}
	}
	resp_free(&r);
	port = srv.port;
	if (book_sittings(&srv, admin) != 0) {
		fputs("cannot book the sittings\n", stderr);
		return 1;
	}
	t_door = bench_now();
	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, door, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++) {
		void *bad;

		pthread_join(th[i], &bad);
		door_errors += (int)(intptr_t)bad;
	}
	t_door = bench_now() - t_door;
	for (int i = 0; i < nlearners; i++) {
		ls[i].c = malloc(sizeof *ls[i].c);
		if (ls[i].c == NULL || kconn_open(ls[i].c, port) != 0) {
			fprintf(stderr, "cannot open connection %d\n", i);
			return 1;
		}
	}
	pth = calloc((size_t)nsits, sizeof *pth);
	pthread_barrier_init(&gate, NULL, THREADS + 1);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
	t_start = bench_now();
	pthread_barrier_wait(&gate);
	saves_begin();
	for (int k = 0; k < nsits; k++)
		pthread_create(&pth[k], NULL, proctor, (void *)(intptr_t)k);
	/* The peak before the rooms are watched, and after. */
	if (t_room > bench_now())
		usleep((useconds_t)((t_room - bench_now()) * 1e6));
	rss_rooms = peak_rss_kb(srv.pid);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	for (int k = 0; k < nsits; k++)
		pthread_join(pth[k], NULL);
	secs = bench_now() - t_start;
	printf("exam day, %d learners on one 2-core machine (client on the same cores):\n", nlearners);
	printf("  %d sittings of up to %d seats, each with its proctor; %d checked in at the door "
	    "in %.1f s (%.0f/s), %d refused\n", nsits, seats_per, nlearners - door_errors, t_door,
	    nlearners / t_door, door_errors);
	rss = peak_rss_kb(srv.pid);	/* the exam day's own peak, before flat out */
	room_quiet(srv.pid);
	flat_out(&srv);
	submitting = 1;
	pthread_barrier_destroy(&gate);
	pthread_barrier_init(&gate, NULL, THREADS + 1);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
	pthread_barrier_wait(&gate);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	rss_flat = peak_rss_kb(srv.pid);
	for (int i = 0; i < nlearners; i++)
		if (first_item[i] > allfirst)
			allfirst = first_item[i];
	printf("  every learner on their first item after %.2f s (goal for 10,000: 20 s)\n", allfirst);
	for (int ph = 0; ph < 2; ph++) {
		size_t n = nlat[ph];

		qsort(lat[ph], n, sizeof *lat[ph], bench_cmp_double);
		printf("  saves, %s: %zu in %.0f s = %.0f/s; p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\n",
		    ph ? "proctors watching their rooms" : "no room views", n, SAVE_PHASE,
		    n / SAVE_PHASE, n ? lat[ph][n / 2] * 1000 : 0,
		    n ? lat[ph][(size_t)(n * 0.95)] * 1000 : 0,
		    n ? lat[ph][(size_t)(n * 0.99)] * 1000 : 0);
	}
	printf("  %d errors; %d submitted (%d on a new connection, the old one closed idle); "
	    "%d integrity events reported, %d refused\n", errors, submits, reconnects, ev_sent,
	    ev_errors);
	room_summary();
	printf("  server peak RSS %.1f MB over the exam day (goal <= 200 MB; %.1f MB before the "
	    "room views); %.1f MB after the flat-out phase's %d more connections\n", rss / 1024.0,
	    rss_rooms / 1024.0, rss_flat / 1024.0, nlearners < FLAT_CONNS ? nlearners : FLAT_CONNS);
	printf("  bare libmicrohttpd hello world: %.0f requests/s\n", rate_raw);
	for (int ph = 0; ph < 2; ph++)
		printf("  p95 save %s %s the 50 ms goal\n", ph ? "with the room views" :
		    "without room views", nlat[ph] && lat[ph][(size_t)(nlat[ph] * 0.95)] < 0.05 ?
		    "meets" : "MISSES");
	printf("  %s\n", errors == 0 && room_errors == 0 && door_errors == 0 && ev_errors == 0 ?
	    "no errors" : "ERRORS");
	(void)secs;
	testsrv_stop(&srv, SIGTERM, NULL);
	for (int i = 0; i < nlearners; i++) {
		kconn_close(ls[i].c);
		free(ls[i].c);
	}
	free(ls);
	free(sits);
	free(pth);
	free(csv);
	free(resp);
	return 0;
}
