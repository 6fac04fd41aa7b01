/*
 * bench_saves.c - exam day at the server: a synchronized start of N
 * signed-in learners, then every learner saving answers as fast as the
 * server acknowledges them (each save committed before its 200).
 *
 * The machine's own limit, measured in the same run: a bare libmicrohttpd
 * server on the same thread model answering the same requests with 200
 * and no work at all. Prints saves/s and p50/p99 latency beside it and
 * the ratio; with only 64 clients it is bound by the commit's latency
 * (the >= 0.5 goal of docs/performance.md is measured by bench_examday
 * at exam-day scale).
 *
 * Then the same load on a server whose store is a throwaway PostgreSQL
 * 15 (fsync on, on the same machine), when postgresql-15 is installed
 * (tools/deps.sh pg): its saves/s beside SQLite's and the bare server's
 * of the same run.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "benchlib.h"
#include "testsrv.h"

#define LEARNERS 64
#define SECONDS 5.0
#define MAXLAT 2000000


/* ---- the load ---- */

struct learner {
	int port;
	char token[64], attempt[64];
	double start_lat;
	int saves, errors;
	double *lat;
	int nlat;
};

static pthread_barrier_t gate;
static volatile int running;


static void *
learner_main(void *arg)
{
	struct learner *l = arg;
	struct kconn c;
	char h[256], body[4096], path[160];
	long seq = 1;
	int status;
	double t0;

	if (kconn_open(&c, l->port) != 0) {
		l->errors++;
		pthread_barrier_wait(&gate);
		return NULL;
	}
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
	    l->token);
	pthread_barrier_wait(&gate);	/* everyone starts at once */
	t0 = bench_now();
	status = kconn_req(&c, "POST", "/api/v1/exams/bench/attempts", h, "{\"lang\":\"en\"}",
	    body, sizeof body, NULL);
	l->start_lat = bench_now() - t0;
	if (status != 201 && status != 200) {
		l->errors++;
		kconn_close(&c);
		return NULL;
	}
	{
		char *id = strstr(body, "\"id\":\"");

		if (id != NULL)
			snprintf(l->attempt, sizeof l->attempt, "%.22s", id + 6);
	}
	while (running && l->nlat < MAXLAT / LEARNERS) {
		char req[128];

		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i%ld", l->attempt,
		    seq % 10 + 1);
		snprintf(req, sizeof req, "{\"response\":{},\"seq\":%ld}", seq++);
		t0 = bench_now();
		status = kconn_req(&c, "PUT", path, h, req, NULL, 0, NULL);
		if (status == 200) {
			l->lat[l->nlat++] = bench_now() - t0;
			l->saves++;
		} else {
			l->errors++;
			if (status < 0)
				break;
		}
	}
	kconn_close(&c);
	return NULL;
}

static void
run(const char *what, struct learner *ls, double *rate, double *p50, double *p99)
{
	pthread_t th[LEARNERS];
	double t0, secs, *all;
	int total = 0, errors = 0, n = 0;

	running = 1;
	pthread_barrier_init(&gate, NULL, LEARNERS + 1);
	for (int i = 0; i < LEARNERS; i++)
		pthread_create(&th[i], NULL, learner_main, &ls[i]);
	pthread_barrier_wait(&gate);
	t0 = bench_now();
	usleep((useconds_t)(SECONDS * 1e6));
	running = 0;
	for (int i = 0; i < LEARNERS; i++)
		pthread_join(th[i], NULL);
	secs = bench_now() - t0;
	pthread_barrier_destroy(&gate);
	for (int i = 0; i < LEARNERS; i++) {
		total += ls[i].saves;
		errors += ls[i].errors;
		n += ls[i].nlat;
	}
	all = malloc(((size_t)n + 1) * sizeof *all);
	n = 0;
	for (int i = 0; i < LEARNERS; i++)
		for (int k = 0; k < ls[i].nlat; k++)
			all[n++] = ls[i].lat[k];
	qsort(all, (size_t)n, sizeof *all, bench_cmp_double);
	*rate = total / secs;
	*p50 = n ? all[n / 2] * 1000 : 0;
	*p99 = n ? all[(int)(n * 0.99)] * 1000 : 0;
	printf("%-8s %d learners: %d requests in %.1f s = %.0f/s, p50 %.2f ms, p99 %.2f ms, "
	    "%d errors\n", what, LEARNERS, total, secs, *rate, *p50, *p99, errors);
	free(all);
}

/* A server on a fresh store, SQLite's or (pg not NULL) a database of its
 * own on the PostgreSQL server pg, with the exam and LEARNERS signed-in
 * learners; the load run as what, the synchronized start printed. The
 * server is stopped again. 0, or -1 if it would not start. */
static int
store_run(const char *what, const char *pg, struct learner *ls, double *rate)
{
	struct testsrv srv;
	char out[4096], path[256];
	double p50, p99, starts[LEARNERS];
	FILE *f;

	if (pg != NULL)
		setenv("AICERT_TEST_PG", pg, 1);
	else
		unsetenv("AICERT_TEST_PG");
	testsrv_init(&srv);
	unsetenv("AICERT_TEST_PG");
	snprintf(path, sizeof path, "%s/bench.json", srv.dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs("{\"id\":\"bench\",\"title\":{\"en\":\"Bench\",\"zh-TW\":\"測試\"},\"duration_s\":3600,"
	    "\"pass_percent\":70,\"languages\":[\"en\"],\"sections\":[{\"category\":"
	    "\"ai-literacy\",\"count\":10}]}", f);
	fclose(f);
	setenv("AICERT_ADMIN_PASSWORD", "bench-admin-pass", 1);
	if (testsrv_start(&srv, "--registration", "off", NULL) != 0) {
		fprintf(stderr, "%s: the server did not start\n", what);
		return -1;
	}
	testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", path, NULL);
	for (int i = 0; i < LEARNERS; i++) {
		char login[32], body[128];
		struct resp r;

		snprintf(login, sizeof login, "cand%03d", i);
		testsrv_cli(&srv, "bench-password\n", out, sizeof out, "user", "add", "--login",
		    login, "--name", "考生", "--role", "learner", NULL);
		snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"bench-password\"}", login);
		if (http_req(srv.port, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
		    body, strlen(body), &r) == 0) {
			char *t = strstr(r.body, "\"token\":\"");

			if (t != NULL)
				snprintf(ls[i].token, sizeof ls[i].token, "%.43s", t + 9);
		}
		resp_free(&r);
		ls[i].port = srv.port;
		ls[i].saves = ls[i].errors = ls[i].nlat = 0;
	}
	run(what, ls, rate, &p50, &p99);
	for (int i = 0; i < LEARNERS; i++)
		starts[i] = ls[i].start_lat * 1000;
	qsort(starts, LEARNERS, sizeof *starts, bench_cmp_double);
	printf("synchronized start of %d learners (10-item form each)%s: p50 %.1f ms, "
	    "max %.1f ms\n", LEARNERS, pg ? " on PostgreSQL" : "", starts[LEARNERS / 2],
	    starts[LEARNERS - 1]);
	testsrv_stop(&srv, SIGTERM, NULL);
	return 0;
}

int
main(void)
{
	static struct learner ls[LEARNERS];
	struct MHD_Daemon *d;
	int bport, pg;
	char pgurl[128];
	double raw_rate, raw50, raw99, rate, pg_rate;

	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < LEARNERS; i++)
		ls[i].lat = malloc(MAXLAT / LEARNERS * sizeof *ls[i].lat);
	/* Started first, before any thread; stopped at the end, or by its
	 * watcher if this process fails on the way. */
	if ((pg = bench_pg_start(pgurl, sizeof pgurl)) < 0)
		return 1;

	/* 1. the machine's limit: bare libmicrohttpd, same thread model */
	if ((d = bench_bare_start(&bport)) == NULL) {
		fputs("cannot start raw libmicrohttpd\n", stderr);
		return 1;
	}
	for (int i = 0; i < LEARNERS; i++) {
		ls[i].port = bport;
		snprintf(ls[i].token, sizeof ls[i].token, "x");
	}
	/* The raw server answers the start too, with no id: give one. */
	run("raw mhd", ls, &raw_rate, &raw50, &raw99);
	MHD_stop_daemon(d);

	/* 2. aicert: learners, an exam, a synchronized start, saves */
	if (store_run("aicert", NULL, ls, &rate) != 0)
		return 1;
	/* 64 clients that each wait for their save's fsync are bound by
	 * commit latency, not by the server: the >= 0.5 goal is an
	 * exam-day figure, measured by bench_examday's flat-out phase. */
	printf("saves/s = %.2f of raw libmicrohttpd with %d clients each waiting for its "
	    "commit (the >= 0.5 goal: bench_examday, 1,000 connections)\n", rate / raw_rate,
	    LEARNERS);

	/* 3. the same on PostgreSQL */
	if (pg == 0) {
		if (store_run("postgres", pgurl, ls, &pg_rate) != 0)
			return 1;
		printf("postgresql: saves/s = %.2f of raw libmicrohttpd, %.2f of SQLite's, with %d "
		    "clients each waiting for its commit\n", pg_rate / raw_rate, pg_rate / rate,
		    LEARNERS);
		bench_pg_stop();
	} else {
		fputs(BENCH_PG_SKIPPED, stdout);
	}
	return 0;
}
