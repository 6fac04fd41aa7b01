/*
 * pgload.c - the writer load of the HA selftest (tests/ha/cluster.py):
 * inserts numbered rows through libpq, one autocommit INSERT each, and
 * says on stdout which ones were acknowledged.
 *
 *   pgload CONNINFO [PAUSE_US]
 *
 * Lines, each flushed at once, times in ms of CLOCK_MONOTONIC (the clock
 * of Python's time.monotonic() on Linux, so the harness can compare):
 *   ACK n ms       INSERT of row n returned success: its COMMIT is acked
 *   FAIL n ms why  INSERT of row n failed or its outcome is unknown
 *   CONN ms port   (re)connected to a read-write server
 * A row is sent once and never retried: a FAIL row may or may not be in
 * the table, an ACK row must be there exactly once. SIGTERM stops the
 * loop after the INSERT in flight.
 */
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One line per problem: libpq's messages run over several. */
static void
oneline(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

/* The server's last words when it dies ("terminating connection due to
 * unexpected postmaster exit") reach the FAIL line through the error;
 * libpq would also print them to stderr, in the middle of the test's
 * report. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Connects until a server takes the connection (libpq walks the host
 * list and keeps the read-write one) or SIGTERM; NULL on SIGTERM. */
static PGconn *
load_connect(const char *conninfo)
{
	PGconn *c;

	while (!stop) {
		c = PQconnectdb(conninfo);
		if (PQstatus(c) == CONNECTION_OK) {
			PQsetNoticeProcessor(c, quiet, NULL);
			printf("CONN %lld %s\n", now_ms(), PQport(c));
			fflush(stdout);
			return c;
		}
		PQfinish(c);
		usleep(50 * 1000);
	}
	return NULL;
}

/* Sends row n; 0 when the server acknowledged its commit. */
static int
load_insert(PGconn *c, long long n)
{
	char num[32], why[256];
	const char *vals[1] = { num };
	PGresult *res;
	int ok;

	snprintf(num, sizeof num, "%lld", n);
	res = PQexecParams(c, "INSERT INTO ha_rows (n) VALUES ($1)", 1, NULL,
	    vals, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (ok)
		printf("ACK %lld %lld\n", n, now_ms());
	else {
		snprintf(why, sizeof why, "%s", PQerrorMessage(c));
		oneline(why);
		printf("FAIL %lld %lld %s\n", n, now_ms(), why);
	}
	fflush(stdout);
	PQclear(res);
	return ok ? 0 : -1;
}

int
main(int argc, char **argv)
{
	PGconn *c;
	long long n = 0;
	long pause_us;

	if (argc < 2) {
		fprintf(stderr, "usage: pgload CONNINFO [PAUSE_US]\n");
		return 2;
	}
	pause_us = argc > 2 ? atol(argv[2]) : 0;
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGPIPE, SIG_IGN);
	if ((c = load_connect(argv[1])) == NULL)
		return 0;
	while (!stop) {
		if (load_insert(c, ++n) != 0) {
			/* A failed autocommit INSERT leaves nothing open, but the
			 * server may be gone or read-only now: find the primary
			 * again rather than guess which. */
			PQfinish(c);
			if ((c = load_connect(argv[1])) == NULL)
				return 0;
		}
		if (pause_us > 0)
			usleep(pause_us);
	}
	PQfinish(c);
	return 0;
}
