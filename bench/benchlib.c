/*
 * benchlib.c - clock and percentiles for the benchmarks; see benchlib.h.
 */
#include "benchlib.h"

#include <stdlib.h>
#include <time.h>

double
bench_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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
