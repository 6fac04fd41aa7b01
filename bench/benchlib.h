/*
 * benchlib.h - what every benchmark measures with: a monotonic clock,
 * sorting latencies for percentiles, the bare libmicrohttpd every ratio
 * is taken against, wrk, and a throwaway PostgreSQL for the benchmarks
 * that run the same load on both stores.
 */
#ifndef AICERT_BENCHLIB_H
#define AICERT_BENCHLIB_H

#include <stddef.h>

#include <sys/types.h>

struct MHD_Daemon;

/* Seconds on the monotonic clock. */
double bench_now(void);

/* qsort comparison of doubles, ascending. */
int bench_cmp_double(const void *a, const void *b);

/* Sorts v[0..n) and returns its p-quantile (0 <= p <= 1); 0 if n == 0. */
double bench_percentile(double *v, size_t n, double p);

/* CPU seconds (user + system) process pid has used so far; pid 0 for
 * this process, -1 for its waited-for children (wrk). -1 if unknown. */
double bench_cpu_s(pid_t pid);

/* The machine's limit every ratio is taken against: a bare libmicrohttpd
 * on aicert's thread model (epoll, a pool of 2 threads a core) that reads
 * any body and answers 200 with a short fixed body, doing no work. Its
 * port in *port; NULL if it cannot start. Stop it with MHD_stop_daemon. */
struct MHD_Daemon *bench_bare_start(int *port);

/* What wrk measured: requests/s, latency percentiles in ms, and the
 * requests that failed (socket errors, timeouts, non-2xx/3xx answers). */
struct wrk_result {
	double rps, p50_ms, p99_ms;
	long requests, errors;
};

/* Runs wrk (Debian's package) against http://127.0.0.1:port/path for secs
 * seconds with conns keep-alive connections on threads threads; header
 * ("Name: value") may be NULL. 0 and *out filled, or -1 if wrk is
 * missing or printed nothing it could parse. */
int bench_wrk(int port, const char *path, const char *header, int threads, int conns,
    int secs, struct wrk_result *out);

/* As bench_wrk, with the requests made by a Lua script given args. */
int bench_wrk_script(int port, const char *script, const char *args, int threads, int conns,
    int secs, struct wrk_result *out);

/* A throwaway PostgreSQL 15 (tests/pg/pgtmp.sh, fsync on) for a
 * benchmark's PostgreSQL column. A watcher process stops it and removes
 * its folder when bench_pg_stop is called or when this process ends
 * however it ends (a return from main, a crash, a signal), so a failed
 * benchmark leaves no server behind. Call it before starting threads.
 * Writes the server's URL without a database into url
 * ("postgresql://aicert@127.0.0.1:PORT": what $AICERT_TEST_PG takes, so
 * that testsrv_init gives each server a database of its own there).
 * Returns 0; 1 if postgresql-15 is not installed (the benchmark then
 * prints BENCH_PG_SKIPPED where the column would be); -1 if the server
 * did not start. */
int bench_pg_start(char *url, size_t n);

#define BENCH_PG_SKIPPED "postgresql: skipped (postgresql-15 is missing: sh tools/deps.sh pg, as root)\n"

/* Stops the server bench_pg_start started, waiting until it is gone; a
 * no-op if none runs. */
void bench_pg_stop(void);

#endif
