/*
 * main.c - the test runner: every test group in order, then the one
 * closing line "N passed, N failed" (exit 1 if anything failed).
 * Run from the repository root; $AICERT_BIN names the server binary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <libxml/parser.h>
#include <sodium.h>
#include <string.h>

#include "test.h"

void test_arena(void);
void test_router(void);
void test_templates(void);
void test_i18n(void);
void test_store(void);
void test_passwords(void);
void test_sessions(void);
void test_ratelimit(void);
void test_http(void);
void test_gift(void);
void test_aiken(void);
void test_xml(void);
void test_encoding(void);
void test_sanitize(void);
void test_export(void);
void test_lint(void);
void test_json(void);
void test_exam(void);
void test_bank(void);
void test_cert_pdf(void);
void test_regress(void);
void test_sec_practice(void);
void test_attack(void);
void test_grade(void);
void test_attempt(void);
void test_cert_code(void);
void test_cert(void);
void test_console(void);
void test_stats(void);
void test_console_ui(void);
void test_ops(void);
void test_users(void);
void test_sec_auth(void);
void test_sec_saves(void);

static const struct {
	const char *name;
	void (*fn)(void);
} groups[] = {
	{ "arena", test_arena },
	{ "router", test_router },
	{ "templates", test_templates },
	{ "i18n", test_i18n },
	{ "store", test_store },
	{ "passwords", test_passwords },
	{ "sessions", test_sessions },
	{ "ratelimit", test_ratelimit },
	{ "http", test_http },
	{ "gift", test_gift },
	{ "aiken", test_aiken },
	{ "xml", test_xml },
	{ "encoding", test_encoding },
	{ "sanitize", test_sanitize },
	{ "export", test_export },
	{ "lint", test_lint },
	{ "json", test_json },
	{ "exam", test_exam },
	{ "bank", test_bank },
	{ "grade", test_grade },
	{ "attempt", test_attempt },
	{ "cert_code", test_cert_code },
	{ "cert", test_cert },
	{ "console", test_console },
	{ "cert_pdf", test_cert_pdf },
	{ "stats", test_stats },
	{ "console_ui", test_console_ui },
	{ "ops", test_ops },
	{ "users", test_users },
	{ "sec_practice", test_sec_practice },
	{ "sec_auth", test_sec_auth },
	{ "sec_saves", test_sec_saves },
	{ "attack", test_attack },
	{ "regress", test_regress },
};

int
main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return 1;
	xmlInitParser();
	for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
		int before = test_failed;

		if (argc > 1 && strstr(argv[1], groups[i].name) == NULL)
			continue;
		groups[i].fn();
		printf("%-12s %s\n", groups[i].name,
		    test_failed == before ? "ok" : "FAILED");
		fflush(stdout);
	}
	if (test_skipped > 0)
		printf("%d passed, %d failed, %d skipped\n", test_passed,
		    test_failed, test_skipped);
	else
		printf("%d passed, %d failed\n", test_passed, test_failed);
	return test_failed == 0 ? 0 : 1;
}
