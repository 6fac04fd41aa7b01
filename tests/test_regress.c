/*
 * test_regress.c - replays every input the fuzzers ever found (and the
 * seeds kept beside them) through each parser, built without libFuzzer.
 * A crash, a sanitizer report or a hang fails the test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

void test_regress(void);

void
test_regress(void)
{
	static const char *const targets[] = {
		"gift", "aiken", "xml", "sanitize", "json", "exam", "code",
		"form", "multipart", "cookie", "tmpl", "response"
	};
	const char *bindir = getenv("AICERT_BIN");
	char dir[512], cmd[2048];

	snprintf(dir, sizeof dir, "%s", bindir ? bindir : "./build/aicert");
	if (strrchr(dir, '/') != NULL)
		*strrchr(dir, '/') = '\0';
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
		int rc;

		snprintf(cmd, sizeof cmd, "timeout 120 %s/replay_%s tests/fuzz/regress/%s "
		    "questions >/dev/null 2>/tmp/aicert-replay-%s.log", dir, targets[i],
		    targets[i], targets[i]);
		rc = system(cmd);
		CHECK(rc == 0, "the %s parser survives every saved fuzz input "
		    "(see /tmp/aicert-replay-%s.log)", targets[i], targets[i]);
	}
}
