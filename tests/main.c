/*
 * main.c - the test runner: every group of tests/groups.def in its order
 * (or those whose name is a substring of the one argument; exit 2 if that
 * names none), then the one closing line "N passed, N failed" (exit 1 if
 * anything failed).
 * Run from the repository root; $AICERT_BIN names the server binary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <libxml/parser.h>
#include <sodium.h>
#include <string.h>

#include "i18n.h"
#include "test.h"

static const struct {
	const char *name;
	void (*fn)(void);
} groups[] = {
#define TEST_GROUP(name, fn) { #name, fn },
#include "groups.def"
#undef TEST_GROUP
};

int
main(int argc, char **argv)
{
	size_t ran = 0;

	if (sodium_init() < 0)
		return 1;
	xmlInitParser();
	/* Domain messages are catalog texts: every group reads them in English
	 * (or the language it asks for), also when run alone. */
	if (i18n_load("templates/i18n") != 0)
		return 1;
	for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
		int before = test_failed;

		if (argc > 1 && strstr(argv[1], groups[i].name) == NULL)
			continue;
		ran++;
		groups[i].fn();
		printf("%-12s %s\n", groups[i].name,
		    test_failed == before ? "ok" : "FAILED");
		fflush(stdout);
	}
	if (ran == 0) {
		fprintf(stderr, "test-runner: no group's name is in \"%s\" (tests/groups.def)\n",
		    argv[1]);
		return 2;
	}
	if (test_skipped > 0)
		printf("%d passed, %d failed, %d skipped\n", test_passed,
		    test_failed, test_skipped);
	else
		printf("%d passed, %d failed\n", test_passed, test_failed);
	return test_failed == 0 ? 0 : 1;
}
