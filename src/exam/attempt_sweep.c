/*
 * attempt_sweep.c - the sweeper: grades every running attempt whose
 * deadline and grace have passed, as "expired", whether or not a browser
 * comes back (a paused one waits for its resume); a thread runs it every
 * second while the server serves, and beats the server's heartbeat
 * (attempt_time.c) every ATTEMPT_HEARTBEAT_S seconds. Depends on the
 * store and attempt_finish (attempt_grade.c).
 */
#include "attempt_int.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>

int
attempt_sweep(struct store *s)
{
	static const char sql[] =
	    "SELECT id FROM attempts WHERE state = 'running' AND paused_at IS NULL "
	    "AND deadline + grace_s * 1000 < ? LIMIT 500";
	struct stmt *q = db_stmt_int(store_db(s), sql, attempt_now_ms());
	int64_t ids[500];
	int n = 0;

	while (n < 500 && db_row(q))
		ids[n++] = db_col_int64(q, 0);
	db_end(q);
	for (int i = 0; i < n; i++)
		attempt_finish(s, ids[i], "expired");
	return n;
}

static pthread_t sweeper;
static void (*sweep_daily)(struct store *s);	/* retention (retention.h) */

void
attempt_sweeper_daily(void (*fn)(struct store *s))
{
	sweep_daily = fn;
}

static pthread_mutex_t sweep_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sweep_cv = PTHREAD_COND_INITIALIZER;
static int sweep_stop, sweep_running;

/* On a shared store the beat also measures the cluster's outages: the
 * leading node credits them (attempt_outage_tick). */
static void
cluster_beat(struct store *s)
{
	int moved = 0;
	int64_t gap = 0;

	if (attempt_outage_tick(s, &moved, &gap) == 0 && moved > 0)
		fprintf(stderr, "aicert: the cluster stopped for %lld s: %d running attempts "
		    "get that time back\n", (long long)(gap / 1000), moved);
}

static void *
sweeper_main(void *arg)
{
	struct store *s = arg;
	unsigned ticks = 0;
	int shared = store_is_pg(store_path(s)), led = 0;

	pthread_mutex_lock(&sweep_mu);
	while (!sweep_stop) {
		struct timespec until;

		pthread_mutex_unlock(&sweep_mu);
		/* one node of a cluster sweeps and beats; the others wait to
		 * take over (store_lead), and a new leader beats first */
		if (!store_lead(s, STORE_LEAD_SWEEPER)) {
			led = 0;
			goto wait;
		}
		if (shared && !led)
			cluster_beat(s);
		led = 1;
		attempt_sweep(s);
		if (++ticks % ATTEMPT_HEARTBEAT_S == 0) {
			if (shared)
				cluster_beat(s);
			else
				attempt_heartbeat(s, 0);
		}
		/* once as the server starts, then every day */
		if (sweep_daily != NULL && (ticks == 1 || ticks % 86400 == 0))
			sweep_daily(s);
wait:
		pthread_mutex_lock(&sweep_mu);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (!sweep_stop)
			pthread_cond_timedwait(&sweep_cv, &sweep_mu, &until);
	}
	pthread_mutex_unlock(&sweep_mu);
	return NULL;
}

int
attempt_sweeper_start(struct store *s)
{
	sweep_stop = 0;
	if (pthread_create(&sweeper, NULL, sweeper_main, s) != 0)
		return -1;
	sweep_running = 1;
	return 0;
}

void
attempt_sweeper_stop(void)
{
	if (!sweep_running)
		return;
	pthread_mutex_lock(&sweep_mu);
	sweep_stop = 1;
	pthread_cond_signal(&sweep_cv);
	pthread_mutex_unlock(&sweep_mu);
	pthread_join(sweeper, NULL);
	sweep_running = 0;
}
