/*
 * cmd_exam.c - `aicert exam add FILE`, and loading the bundled banks and
 * exams of questions/ into a new database (called by init).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank_import.h"
#include "bank_store.h"
#include "cli.h"
#include "exam.h"
#include "exam_overlap.h"
#include "exam_store.h"
#include "i18n.h"

/* Parses, checks against the banks and the other exams (exam_overlap.h)
 * and saves one definition file; prints FILE:LINE: error: lines. 0 or -1. */
static int
add_exam(struct store *s, const char *path, int64_t owner)
{
	struct arena *a = arena_new();
	struct q_bank errs;
	struct exam e;
	size_t len = 0;
	char *json = cli_read_file(path, &len);
	int rc = -1, saved;

	q_bank_init(&errs, a, path);
	if (json == NULL) {
		fprintf(stderr, "%s:0: error: cannot read the file\n", path);
		goto done;
	}
	if (exam_parse(a, json, len, &e, &errs) == 0) {
		exam_check_items(s, &e, &errs);
		exam_overlap_check(s, &e, NULL, &errs);
	}
	if (errs.nerr > 0) {
		for (size_t i = 0; i < errs.nerr; i++)
			fprintf(stderr, "%s:%d: error: %s\n", path, errs.err[i].line,
			    errs.err[i].message);
		fprintf(stderr, "aicert: exam not added\n");
		goto done;
	}
	if ((saved = exam_save(s, &e, owner)) < 0) {
		fprintf(stderr, "aicert: the database refused the exam\n");
		goto done;
	}
	printf("exam %s %s: %d questions, %d min, pass %g%%\n", e.id,
	    saved == 1 ? "added" : "updated", exam_item_count(&e),
	    e.duration_s / 60, e.pass_percent);
	rc = 0;
done:
	free(json);
	arena_free(a);
	return rc;
}

int
cmd_exam(struct cli *c)
{
	struct store *s;
	int64_t owner = 0;
	int rc = 0;

	if (c->argc < 2 || strcmp(c->argv[0], "add") != 0) {
		fputs("usage: aicert exam add [--owner LOGIN] FILE...\n", stderr);
		return 2;
	}
	if ((s = cli_open_store(c)) == NULL)
		return 1;
	if (cli_owner(c, s, &owner) != 0) {
		store_close(s);
		return 1;
	}
	cli_load_messages(c);
	for (int i = 1; i < c->argc; i++)
		if (strncmp(c->argv[i], "--", 2) == 0)
			i++;
		else if (add_exam(s, c->argv[i], owner) != 0)
			rc = 1;
	store_close(s);
	i18n_free();
	return rc;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The sorted names in dir ending in suffix (from a). */
static char **
list_dir(struct arena *a, const char *dir, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	char **names = NULL;
	size_t sl = strlen(suffix);

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((ent = readdir(d)) != NULL) {
		size_t l = strlen(ent->d_name);

		if (l <= sl || ent->d_name[0] == '.' || strcmp(ent->d_name + l - sl, suffix) != 0)
			continue;
		names = arena_grow(a, names, *n, *n + 1, sizeof *names);
		names[(*n)++] = arena_printf(a, "%s/%s", dir, ent->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, by_name);
	return names;
}

int
init_bundled(const struct cli *c, struct store *s)
{
	struct arena *a = arena_new();
	char *dir = arena_printf(a, "%s/questions", c->share);
	size_t n = 0, done = 0;
	char **files = list_dir(a, dir, ".gift", &n);
	int rc = 0;

	/* Files of one bank in several languages (x.en.gift, x.zh-TW.gift)
	 * import together, as one version. */
	while (done < n) {
		struct bank_import im;
		const char *bank = bank_name_from_file(a, files[done]);

		bank_import_init(&im, a, bank);
		for (; done < n && strcmp(bank_name_from_file(a, files[done]), bank) == 0; done++) {
			size_t len = 0;
			char *data = cli_read_file(files[done], &len);

			if (data == NULL)
				continue;
			bank_import_read(&im, files[done], data, len, NULL);
			free(data);
		}
		if (bank_import_check(&im) != 0 || bank_commit(s, &im, 0) != 0) {
			cli_print_problems(&im, 0);
			fprintf(stderr, "aicert: bundled bank %s not loaded\n", bank);
			rc = -1;
			continue;
		}
		printf("aicert: loaded bundled bank %s: %zu questions\n", im.bank, im.count);
	}
	files = list_dir(a, arena_printf(a, "%s/exams", dir), ".json", &n);
	for (size_t i = 0; i < n; i++)
		if (add_exam(s, files[i], 0) != 0)
			rc = -1;
	arena_free(a);
	return rc;
}
