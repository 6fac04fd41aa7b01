/*
 * test.h - the tiny harness every test file uses.
 *
 * A test file defines functions `void test_NAME(void)`, each listed once
 * in tests/groups.def (which declares them here). CHECK counts a pass or
 * prints the failed expectation with its place; main prints the one
 * closing line "N passed, N failed".
 */
#ifndef AICERT_TEST_H
#define AICERT_TEST_H

#include <stdio.h>
#include <string.h>

extern int test_passed, test_failed, test_skipped;

/* Every group function of tests/groups.def. */
#define TEST_GROUP(name, fn) void fn(void);
#include "groups.def"
#undef TEST_GROUP

void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* CHECK(cond, fmt, ...) : fmt says what a user would notice if it failed. */
#define CHECK(cond, ...) do {						\
	if (cond) test_passed++;					\
	else test_fail(__FILE__, __LINE__, __VA_ARGS__);		\
} while (0)

#define CHECK_STR(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	CHECK(g_ != NULL && w_ != NULL ? strcmp(g_, w_) == 0 : g_ == w_, \
	    "%s: got \"%s\", want \"%s\"", (what), g_ ? g_ : "(null)",	\
	    w_ ? w_ : "(null)");					\
} while (0)

/* Marks a group as skipped (e.g. ../shared absent) with a reason. */
#define SKIP(...) do {							\
	test_skipped++;							\
	printf("skip: " __VA_ARGS__);					\
	putchar('\n');							\
} while (0)

/* 1 when the tests run under CI: the environment variable CI is set and
 * not empty (as every CI service sets it). */
int test_under_ci(void);

/* A fixture the tests need is missing: under CI a failure at file:line,
 * on a developer's clone a visible skip. fmt says what is missing. */
void test_missing(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define MISSING(...) test_missing(__FILE__, __LINE__, __VA_ARGS__)

/* The conformance files: $AICERT_CONFORMANCE, else ../shared/conformance
 * (from the repository root). NULL when that folder is absent, after
 * reporting it as MISSING for what (the tests that need it). */
#define test_conformance_dir(what) test_conformance_dir_at(__FILE__, __LINE__, (what))
const char *test_conformance_dir_at(const char *file, int line, const char *what);

/* Reads a whole file into a malloc'd NUL-terminated buffer; NULL on error. */
char *test_read_file(const char *path, size_t *len);
/* Writes data[0..len) to path, replacing it. 0 or -1. */
int test_write_file(const char *path, const void *data, size_t len);

/* Seconds on the monotonic clock, for timing what a test waits for. */
double test_now(void);
/* 1 if x and y are equal but for rounding (within 1e-9), else 0. */
int test_near(double x, double y);

#endif
