/*
 * bench_examday.c - exam day: N signed-in learners (1,000 by default;
 * BENCH_LEARNERS=10000 for the big one) start an exam in the same second,
 * then each saves an answer every few seconds and finally submits.
 *
 * Learners come from a CSV import with access codes (no password
 * hashing), one keep-alive connection each. Prints the time until every
 * learner has their first item, saves/s, p50/p95/p99 save latency,
 * errors, and the server's peak RSS; beside it, bare libmicrohttpd
 * hello-world throughput measured in the same run.
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



struct learner {
	char token[48], attempt[32];
	struct kconn *c;
	double next_save;
	long seq;
};

static struct learner *ls;
static int submitting;		/* workers' second phase */
static int nlearners, port;
static pthread_barrier_t gate;
static double t_start, *first_item, *lat;
static size_t nlat, maxlat;
static int errors, submits;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void
record(double v, int ok)
{
	pthread_mutex_lock(&mu);
	if (!ok)
		errors++;
	else if (nlat < maxlat)
		lat[nlat++] = v;
	pthread_mutex_unlock(&mu);
}

/* Worker id's share of the learners hands in. */
static void
submit_all(int id)
{
	char h[160], path[160];

	for (int i = id; i < nlearners; i += THREADS) {
		struct learner *l = &ls[i];

		if (l->attempt[0] == '\0')
			continue;
		snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", l->token);
		snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", l->attempt);
		if (kconn_req(l->c, "POST", path, h, NULL, NULL, 0, NULL) == 200) {
			pthread_mutex_lock(&mu);
			submits++;
			pthread_mutex_unlock(&mu);
		} else {
			record(0, 0);
		}
	}
}

/* Phase one: start at once, then paced saves; phase two: submit. */
static void *
worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	char h[160], body[128], path[160], *resp = malloc(65536);
	double end;

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
			record(0, 0);
			continue;
		}
		snprintf(l->attempt, sizeof l->attempt, "%.22s", strstr(resp, "\"id\":\"") + 6);
		l->next_save = bench_now() + SAVE_EVERY * (double)(i % 97) / 97.0;
	}
	if (submitting) {
		submit_all(id);
		free(resp);
		return NULL;
	}
	end = bench_now() + SAVE_PHASE;
	while (bench_now() < end) {
		double soonest = end, wait;

		for (int i = id; i < nlearners; i += THREADS) {
			struct learner *l = &ls[i];
			double t0 = bench_now();
			int st;

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
			record(bench_now() - t0, st == 200);
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
	pthread_t th[THREADS];
	char out[4096], *csv, *resp = malloc(1 << 20);
	struct resp r;
	double rate_raw, secs, allfirst = 0;
	size_t len = 0;
	long rss, rss_flat;
	const char *env = getenv("BENCH_LEARNERS");
	char admin[64];

	signal(SIGPIPE, SIG_IGN);
	nlearners = env ? atoi(env) : 1000;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	rate_raw = raw_rate();
	ls = calloc((size_t)nlearners, sizeof *ls);
	first_item = calloc((size_t)nlearners, sizeof *first_item);
	maxlat = (size_t)nlearners * (size_t)(SAVE_PHASE / SAVE_EVERY + 2);
	lat = calloc(maxlat, sizeof *lat);
	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "bench-admin-pass", 1);
	if (testsrv_start(&srv, "--per-ip-limit", "0", "--registration", "off", NULL) != 0) {
		fputs("cannot start the server\n", stderr);
		return 1;
	}
	testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", testsrv_file(&srv, "day.json",
	    "{\"id\":\"day\",\"title\":{\"en\":\"Exam day\",\"zh-TW\":\"考試日\"},\"duration_s\":3600,"
	    "\"pass_percent\":70,\"languages\":[\"en\"],\"sections\":[{\"category\":\"ai-literacy\","
	    "\"count\":10}]}", 0), NULL);
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
	for (int i = 0; i < nlearners; i++) {
		ls[i].c = malloc(sizeof *ls[i].c);
		if (ls[i].c == NULL || kconn_open(ls[i].c, port) != 0) {
			fprintf(stderr, "cannot open connection %d\n", i);
			return 1;
		}
	}
	pthread_barrier_init(&gate, NULL, THREADS + 1);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
	t_start = bench_now();
	pthread_barrier_wait(&gate);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	secs = bench_now() - t_start;
	printf("exam day, %d learners on one 2-core machine (client on the same cores):\n", nlearners);
	rss = peak_rss_kb(srv.pid);	/* the exam day's own peak, before flat out */
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
	qsort(lat, nlat, sizeof *lat, bench_cmp_double);
	printf("  every learner on their first item after %.2f s (goal for 10,000: 20 s)\n", allfirst);
	printf("  saves: %zu in %.0f s = %.0f/s; p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; %d errors; "
	    "%d submitted\n", nlat, SAVE_PHASE, nlat / SAVE_PHASE,
	    nlat ? lat[nlat / 2] * 1000 : 0, nlat ? lat[(size_t)(nlat * 0.95)] * 1000 : 0,
	    nlat ? lat[(size_t)(nlat * 0.99)] * 1000 : 0, errors, submits);
	printf("  server peak RSS %.1f MB over the exam day (goal <= 200 MB); %.1f MB after "
	    "the flat-out phase's %d more connections\n", rss / 1024.0, rss_flat / 1024.0,
	    nlearners < FLAT_CONNS ? nlearners : FLAT_CONNS);
	printf("  bare libmicrohttpd hello world: %.0f requests/s\n", rate_raw);
	printf("  p95 save %s the 50 ms goal; %s\n",
	    nlat && lat[(size_t)(nlat * 0.95)] < 0.05 ? "meets" : "MISSES",
	    errors == 0 ? "no errors" : "ERRORS");
	(void)secs;
	testsrv_stop(&srv, SIGTERM, NULL);
	for (int i = 0; i < nlearners; i++) {
		kconn_close(ls[i].c);
		free(ls[i].c);
	}
	free(ls);
	free(csv);
	free(resp);
	return 0;
}
