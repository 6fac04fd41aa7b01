/*
 * replay.c - runs a libFuzzer target over saved inputs without libFuzzer,
 * so `make test` (and `make check`, under the sanitizers) replays every
 * regression input: replay PATH... where each PATH is an input file or a
 * folder of them (dot files and README skipped).
 *
 * Exits 0 once every input ran; 2 with a message when a PATH or an input
 * in a folder cannot be read, or when no input at all was found (a wrong
 * path must not pass as "nothing crashed"); an input that crashes the
 * target ends the process as the crash does. Depends only on the target's
 * LLVMFuzzerTestOneInput.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional, as for libFuzzer: a target that sets something up once. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Runs the target on the bytes of path: 0, or -1 with a message when the
 * file cannot be read. */
static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, got;
	int err;

	if (f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	err = ferror(f);
	fclose(f);
	if (err) {
		fprintf(stderr, "replay: %s: read error\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

/* Runs every regular file of folder dir; adds them to *count. 0 or -1. */
static int
run_dir(const char *dir, DIR *d, int *count)
{
	struct dirent *e;
	int rc = 0;

	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
			rc = -1;
		} else if (S_ISREG(st.st_mode)) {
			if (run_file(path) == 0)
				(*count)++;
			else
				rc = -1;
		}
	}
	return rc;
}

int
main(int argc, char **argv)
{
	int count = 0, bad = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH...  (input files or folders of them)\n",
		    argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);

		if (d != NULL) {
			bad |= run_dir(argv[i], d, &count) != 0;
			closedir(d);
		} else if (errno == ENOTDIR) {
			if (run_file(argv[i]) == 0)
				count++;
			else
				bad = 1;
		} else {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			bad = 1;
		}
	}
	printf("%d inputs replayed\n", count);
	if (count == 0 && !bad)
		fprintf(stderr, "replay: no input found in the paths given\n");
	return bad || count == 0 ? 2 : 0;
}
