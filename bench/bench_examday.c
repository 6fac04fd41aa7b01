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



struct learner {
	char token[48], attempt[32];
	struct kconn *c;
	double next_save;
	long seq;
};

static struct learner *ls;
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

static void *
worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	char h[160], body[128], path[160], *resp = malloc(65536);
	double end;

	pthread_barrier_wait(&gate);
	for (int i = id; i < nlearners; i += THREADS) {
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
	end = bench_now() + SAVE_PHASE;
	while (bench_now() < end) {
		double soonest = end;

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
		if (soonest > bench_now())
			usleep((useconds_t)((soonest - bench_now()) * 1e6 > 20000 ? 20000 : (soonest - bench_now()) * 1e6));
	}
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
	free(resp);
	return NULL;
}

static enum MHD_Result
hello(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **state)
{
	static const char ok[] = "hello";
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls; (void)url; (void)method; (void)version; (void)upload;
	if (*state == NULL) {
		*state = (void *)1;
		return MHD_YES;
	}
	*upload_size = 0;
	r = MHD_create_response_from_buffer(sizeof ok - 1, (void *)(uintptr_t)ok,
	    MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
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

/* Bare libmicrohttpd hello-world requests/s with the same client. */
static double
raw_rate(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, 0, NULL, NULL,
	    hello, NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)ncpu * 2, MHD_OPTION_END);
	const union MHD_DaemonInfo *info = d ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
	pthread_t th[THREADS];
	struct rawjob jobs[THREADS];
	double t0, rate;
	int ok = 0;

	if (info == NULL)
		return 0;
	t0 = bench_now();
	for (int i = 0; i < THREADS; i++) {
		jobs[i] = (struct rawjob){ info->port, 3000, 0 };
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
	long rss;
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
	rss = peak_rss_kb(srv.pid);
	for (int i = 0; i < nlearners; i++)
		if (first_item[i] > allfirst)
			allfirst = first_item[i];
	qsort(lat, nlat, sizeof *lat, bench_cmp_double);
	printf("exam day, %d learners on one 2-core machine (client on the same cores):\n", nlearners);
	printf("  every learner on their first item after %.2f s (goal for 10,000: 20 s)\n", allfirst);
	printf("  saves: %zu in %.0f s = %.0f/s; p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; %d errors; "
	    "%d submitted\n", nlat, SAVE_PHASE, nlat / SAVE_PHASE,
	    nlat ? lat[nlat / 2] * 1000 : 0, nlat ? lat[(size_t)(nlat * 0.95)] * 1000 : 0,
	    nlat ? lat[(size_t)(nlat * 0.99)] * 1000 : 0, errors, submits);
	printf("  server peak RSS %.1f MB (goal <= 200 MB)\n", rss / 1024.0);
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
