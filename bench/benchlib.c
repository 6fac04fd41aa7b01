/*
 * benchlib.c - clock, percentiles, the bare server, wrk and a throwaway
 * PostgreSQL for the benchmarks; see benchlib.h.
 */
#include "benchlib.h"

#include <microhttpd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double
bench_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double
bench_cpu_s(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	struct rusage ru;
	FILE *f;
	size_t n;

	if (pid <= 0) {
		if (getrusage(pid == 0 ? RUSAGE_SELF : RUSAGE_CHILDREN, &ru) != 0)
			return -1;
		return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	}
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Fields 14 and 15, counted after the command name's ")". */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
bench_percentile(double *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp_double);
	return v[(size_t)(p * (double)(n - 1))];
}

/* wrk prints latencies as "1.23ms", "456.00us" or "1.02s". */
static double
wrk_ms(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (strncmp(end, "us", 2) == 0)
		return v / 1000;
	if (strncmp(end, "ms", 2) == 0)
		return v;
	if (*end == 's')
		return v * 1000;
	return v;
}

static int wrk_run(const char *cmd, struct wrk_result *out);

int
bench_wrk(int port, const char *path, const char *header, int threads, int conns,
    int secs, struct wrk_result *out)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "wrk --latency -t%d -c%d -d%ds %s%s%s "
	    "'http://127.0.0.1:%d%s' 2>&1", threads, conns, secs,
	    header ? "-H '" : "", header ? header : "", header ? "'" : "", port, path);
	return wrk_run(cmd, out);
}

int
bench_wrk_script(int port, const char *script, const char *args, int threads, int conns,
    int secs, struct wrk_result *out)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "wrk --latency -t%d -c%d -d%ds -s '%s' "
	    "'http://127.0.0.1:%d/' -- %s 2>&1", threads, conns, secs, script, port, args);
	return wrk_run(cmd, out);
}

static int
wrk_run(const char *cmd, struct wrk_result *out)
{
	char line[512];
	FILE *p;
	int got = 0;

	memset(out, 0, sizeof *out);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, p) != NULL) {
		char *s = line + strspn(line, " \t");
		long a, b, c, d;

		if (strncmp(s, "50%", 3) == 0)
			out->p50_ms = wrk_ms(s + 3 + strspn(s + 3, " \t"));
		else if (strncmp(s, "99%", 3) == 0)
			out->p99_ms = wrk_ms(s + 3 + strspn(s + 3, " \t"));
		else if (sscanf(s, "%ld requests in", &a) == 1)
			out->requests = a;
		else if (sscanf(s, "Socket errors: connect %ld, read %ld, write %ld, timeout %ld",
		    &a, &b, &c, &d) == 4)
			out->errors += a + b + c + d;
		else if (sscanf(s, "Non-2xx or 3xx responses: %ld", &a) == 1)
			out->errors += a;
		else if (sscanf(s, "Requests/sec: %lf", &out->rps) == 1)
			got = 1;
	}
	return pclose(p) == 0 && got ? 0 : -1;
}

static enum MHD_Result
bare(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **state)
{
	static const char ok[] = "{\"ok\":true}";
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls; (void)url; (void)method; (void)version; (void)upload;
	if (*state == NULL) {
		*state = (void *)1;
		return MHD_YES;
	}
	if (*upload_size > 0) {	/* read the whole body first, as aicert does */
		*upload_size = 0;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(sizeof ok - 1, (void *)(uintptr_t)ok,
	    MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

struct MHD_Daemon *
bench_bare_start(int *port)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, 0, NULL, NULL,
	    bare, NULL, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)ncpu * 2,
	    MHD_OPTION_CONNECTION_LIMIT, 20000u, MHD_OPTION_END);
	const union MHD_DaemonInfo *info =
	    d ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT) : NULL;

	if (info == NULL) {
		if (d != NULL)
			MHD_stop_daemon(d);
		return NULL;
	}
	*port = info->port;
	return d;
}

/* ---- a throwaway PostgreSQL ---- */

#define PGTMP "tests/pg/pgtmp.sh"

static char pg_dir[64];
static pid_t pg_watcher;

/* The watcher: waits for SIGUSR1, sent by bench_pg_stop or by the kernel
 * when the benchmark dies (PR_SET_PDEATHSIG), then stops the server.
 * SIGUSR1 is already blocked (inherited), so none is lost before the
 * sigwait. It runs in a session of its own, and ignores the signals that
 * end a run (Ctrl-C reaches a whole process group): the stop it starts
 * must not be cut short between stopping the server and removing its
 * folder. */
static void
pg_watch(pid_t parent)
{
	sigset_t usr1;
	int sig;

	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	prctl(PR_SET_NAME, "bench-pg-watch");
	prctl(PR_SET_PDEATHSIG, SIGUSR1);
	if (getppid() == parent)	/* else it died before prctl */
		sigwait(&usr1, &sig);
	prctl(PR_SET_PDEATHSIG, 0);
	execl("/bin/sh", "sh", PGTMP, "stop", pg_dir, (char *)NULL);
	_exit(127);
}

/* Runs pgtmp.sh start in pg_dir and reads the port from the connection
 * string it prints ("host=127.0.0.1 port=N ..."); 0 if it failed. */
static int
pg_run_start(void)
{
	char cmd[160], line[256];
	const char *p;
	int port = 0;
	FILE *f;

	snprintf(cmd, sizeof cmd, "sh %s start %s", PGTMP, pg_dir);
	if ((f = popen(cmd, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if ((p = strstr(line, "port=")) != NULL)
			port = atoi(p + 5);
	if (pclose(f) != 0)
		return 0;
	return port;
}

int
bench_pg_start(char *url, size_t n)
{
	const char *bin = getenv("PGBIN") ? getenv("PGBIN") : "/usr/lib/postgresql/15/bin";
	char initdb[256];
	sigset_t usr1, old;
	pid_t parent = getpid();
	int port;

	snprintf(initdb, sizeof initdb, "%s/initdb", bin);
	if (access(initdb, X_OK) != 0)
		return 1;
	snprintf(pg_dir, sizeof pg_dir, "/tmp/aicert-bench-pg.XXXXXX");
	if (mkdtemp(pg_dir) == NULL)
		return -1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	fflush(NULL);	/* the watcher must not print our buffered output again */
	if ((pg_watcher = fork()) == 0)
		pg_watch(parent);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pg_watcher < 0) {
		pg_watcher = 0;
		rmdir(pg_dir);
		return -1;
	}
	if ((port = pg_run_start()) == 0) {
		fprintf(stderr, "postgresql: the throwaway server did not start\n");
		bench_pg_stop();
		return -1;
	}
	snprintf(url, n, "postgresql://aicert@127.0.0.1:%d", port);
	return 0;
}

void
bench_pg_stop(void)
{
	if (pg_watcher == 0)
		return;
	kill(pg_watcher, SIGUSR1);
	waitpid(pg_watcher, NULL, 0);
	pg_watcher = 0;
	/* pgtmp.sh removes only a folder it made: one it never got to
	 * mark is still ours, and empty. */
	rmdir(pg_dir);
}
