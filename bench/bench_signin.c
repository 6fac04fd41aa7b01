/*
 * bench_signin.c - what an exam-day sign-in storm costs on this machine.
 *
 * 1. Argon2id verification (the parameters of password.h) on one core and
 *    on every core: the machine's own ceiling for sign-ins per second.
 * 2. Through a real server on loopback: 32 clients sign in at once,
 *    repeatedly, while another client keeps loading the home page; prints
 *    sign-ins/s as a ratio of the ceiling from 1, and the home page's
 *    latency during the storm (slow work must not stall other requests).
 */
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchlib.h"
#include "password.h"
#include "testsrv.h"

#define CLIENTS 100		/* 1,000 sign-ins at once: exam day's storm */
#define PER_CLIENT 10


static char hash[128];
static int verify_n;

static void *
verify_loop(void *arg)
{
	(void)arg;
	for (int i = 0; i < verify_n; i++)
		if (!password_check(hash, "exam-day-password"))
			abort();
	return NULL;
}

static double
verify_rate(int threads, int per)
{
	pthread_t th[64];
	double t0 = bench_now();

	verify_n = per;
	for (int i = 0; i < threads; i++)
		pthread_create(&th[i], NULL, verify_loop, NULL);
	for (int i = 0; i < threads; i++)
		pthread_join(th[i], NULL);
	return threads * per / (bench_now() - t0);
}

static struct testsrv srv;
static volatile int storm_on;
static double lat[CLIENTS * PER_CLIENT], home_lat[100000];
static int nlat, nhome;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *
signin_client(void *arg)
{
	const char *body = "{\"login\":\"cand\",\"password\":\"exam-day-password\"}";

	(void)arg;
	for (int i = 0; i < PER_CLIENT; i++) {
		struct resp r;
		double t0 = bench_now();

		if (http_req(srv.port, "POST", "/api/v1/session",
		    "Content-Type: application/json\r\n", body, strlen(body), &r) != 0 ||
		    r.status != 200) {
			fprintf(stderr, "sign-in failed: %d\n", r.status);
			exit(1);
		}
		resp_free(&r);
		pthread_mutex_lock(&mu);
		lat[nlat++] = bench_now() - t0;
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

static void *
home_client(void *arg)
{
	(void)arg;
	while (storm_on && nhome < 100000) {
		struct resp r;
		double t0 = bench_now();

		if (http_req(srv.port, "GET", "/", NULL, NULL, 0, &r) == 0)
			home_lat[nhome++] = bench_now() - t0;
		resp_free(&r);
		usleep(2000);
	}
	return NULL;
}



int
main(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	double one, all, t0, secs, rate;
	pthread_t th[CLIENTS], home;
	char out[512];

	if (sodium_init() < 0 || password_hash(hash, "exam-day-password") != 0)
		return 1;
	one = verify_rate(1, 40);
	/* password_check admits cores - 1 hashes at once (at least one):
	 * that is the server's ceiling by design. */
	all = verify_rate((int)cores, 40);
	printf("argon2id m=%u MiB t=%d: %.1f ms per sign-in on one core; "
	    "ceiling %.1f sign-ins/s with %ld cores (one kept free for serving)\n",
	    PASSWORD_MEMLIMIT >> 20, PASSWORD_OPSLIMIT, 1000 / one, all, cores);
	printf("1,000 sign-ins in one minute use %.0f%% of this machine's CPU "
	    "(%.1f core-seconds of %ld)\n", 100.0 * 1000 / one / (double)(cores * 60),
	    1000 / one, cores * 60);

	testsrv_init(&srv);
	if (testsrv_cli(&srv, "exam-day-password\n", out, sizeof out, "user", "add",
	    "--login", "cand", "--name", "考生", "--role", "learner", NULL) != 0 ||
	    testsrv_start(&srv, NULL) != 0) {
		fprintf(stderr, "cannot start the server: %s\n", out);
		return 1;
	}
	storm_on = 1;
	pthread_create(&home, NULL, home_client, NULL);
	t0 = bench_now();
	for (int i = 0; i < CLIENTS; i++)
		pthread_create(&th[i], NULL, signin_client, NULL);
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(th[i], NULL);
	secs = bench_now() - t0;
	storm_on = 0;
	pthread_join(home, NULL);
	rate = nlat / secs;
	printf("server: %d sign-ins by %d clients in %.2f s = %.1f/s = %.2f of the "
	    "Argon2id ceiling; latency p50 %.0f ms p99 %.0f ms\n", nlat, CLIENTS,
	    secs, rate, rate / all, 1000 * bench_percentile(lat, (size_t)nlat, .5), 1000 * bench_percentile(lat, (size_t)nlat, .99));
	printf("1,000 password sign-ins at once (%d clients from one address): all signed "
	    "in after %.1f s\n", CLIENTS, secs);
	printf("home page during the storm: %d loads, p50 %.1f ms p99 %.1f ms\n",
	    nhome, 1000 * bench_percentile(home_lat, (size_t)nhome, .5), 1000 * bench_percentile(home_lat, (size_t)nhome, .99));
	printf("1,000 candidates signing in within one minute: %s (capacity %.0f per minute)\n",
	    rate * 60 >= 1000 ? "fits" : "does NOT fit", rate * 60);
	testsrv_stop(&srv, SIGTERM, NULL);
	return 0;
}
