/*
 * benchlib.h - what every benchmark measures with: a monotonic clock and
 * sorting latencies for percentiles.
 */
#ifndef AICERT_BENCHLIB_H
#define AICERT_BENCHLIB_H

#include <stddef.h>

/* Seconds on the monotonic clock. */
double bench_now(void);

/* qsort comparison of doubles, ascending. */
int bench_cmp_double(const void *a, const void *b);

/* Sorts v[0..n) and returns its p-quantile (0 <= p <= 1); 0 if n == 0. */
double bench_percentile(double *v, size_t n, double p);

#endif
