/*
 * harness.c - pass/fail counting, missing fixtures (a failure under CI, a
 * skip elsewhere) and file helpers for the tests; see test.h.
 */
#include "test.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

int test_passed, test_failed, test_skipped;

void
test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	test_failed++;
	printf("FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int
test_under_ci(void)
{
	const char *ci = getenv("CI");

	return ci != NULL && ci[0] != '\0';
}

void
test_missing(const char *file, int line, const char *fmt, ...)
{
	char what[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (test_under_ci())
		test_fail(file, line, "%s (required under CI: CI is set)", what);
	else
		SKIP("%s", what);
}

const char *
test_conformance_dir_at(const char *file, int line, const char *what)
{
	const char *dir = getenv("AICERT_CONFORMANCE");
	struct stat st;

	if (dir == NULL)
		dir = "../shared/conformance";
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return dir;
	test_missing(file, line, "%s: the conformance files are not found at %s "
	    "(check out ../shared, or set AICERT_CONFORMANCE)", what, dir);
	return NULL;
}

char *
test_read_file(const char *path, size_t *len)
{
	size_t n = 0;
	char *buf = cli_read_file(path, &n);	/* the product's own reader */

	if (buf != NULL && len != NULL)
		*len = n;
	return buf;
}

int
test_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f != NULL && fwrite(data, 1, len, f) == len;

	if (f != NULL && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

double
test_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
test_near(double x, double y)
{
	return fabs(x - y) < 1e-9;
}
