/*
 * test_regress.c - replays every input the fuzzers ever found (and the
 * seeds kept beside them) through each parser, built without libFuzzer.
 * A crash, a sanitizer report, a hang or an input that cannot be read
 * fails the test.
 *
 * The targets are the files tests/fuzz/fuzz_NAME.c themselves (the
 * Makefile builds build/replay_NAME from each), so a new target is
 * replayed without being listed anywhere. Run from the repository root.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

void
test_regress(void)
{
	const char *bindir = getenv("AICERT_BIN");
	char dir[512], cmd[2048];
	glob_t g;

	snprintf(dir, sizeof dir, "%s", bindir ? bindir : "./build/aicert");
	if (strrchr(dir, '/') != NULL)
		*strrchr(dir, '/') = '\0';
	if (glob("tests/fuzz/fuzz_*.c", 0, NULL, &g) != 0) {
		CHECK(0, "tests/fuzz/fuzz_*.c lists the fuzz targets (run from the repository root)");
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *file = strrchr(g.gl_pathv[i], '/') + 1;
		char target[64];
		int rc;

		snprintf(target, sizeof target, "%.*s", (int)(strlen(file) - strlen("fuzz_.c")),
		    file + strlen("fuzz_"));
		snprintf(cmd, sizeof cmd, "timeout 120 %s/replay_%s tests/fuzz/regress/%s "
		    "questions >/dev/null 2>/tmp/aicert-replay-%s.log", dir, target, target,
		    target);
		rc = system(cmd);
		CHECK(rc == 0, "the %s parser survives every saved fuzz input "
		    "(see /tmp/aicert-replay-%s.log)", target, target);
	}
	globfree(&g);
}
