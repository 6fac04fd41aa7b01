/*
 * fuzz_programme.c - libFuzzer target for certification programme
 * definitions (programme.c), against a database holding two exams.
 *
 * Parses each input and checks what a caller relies on: an error
 * reported iff the parse fails, each with a field and a non-empty UTF-8
 * message (they go out in a JSON reply); for a sound definition the
 * limits programme.h promises, and a canonical JSON that parses back to
 * the same JSON. Crashes it finds are kept in
 * tests/fuzz/regress/programme/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "programme.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *store;
static char dir[] = "/tmp/aicert-fuzz-programme-XXXXXX";

/* At exit: the database and its folder go. */
static void
cleanup(void)
{
	static const char *const files[] = { "p.db", "p.db-wal", "p.db-shm" };
	char path[96];

	store_close(store);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		remove(path);
	}
	remove(dir);
}

static int
two_exams(struct db *d, void *ctx)
{
	(void)ctx;
	return sqlite3_exec(db_handle(d), "INSERT OR IGNORE INTO exams(id, definition, "
	    "created_at, updated_at) VALUES "
	    "('pa', '{\"certificate\":{\"valid_years\":1}}', 0, 0), "
	    "('pb', '{\"certificate\":{\"valid_years\":1}}', 0, 0), ('pc', '{}', 0, 0)", NULL, NULL,
	    NULL) == SQLITE_OK ? 0 : -1;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[96], *err = NULL;

	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(cleanup);
	snprintf(path, sizeof path, "%s/p.db", dir);
	if ((store = store_open(path, &err)) == NULL || store_write(store, two_exams, NULL) != 0)
		abort();
	return 0;
}

static void
check(const struct programme *p)
{
	if (p->id == NULL || p->title_en == NULL || p->title_zh == NULL ||
	    p->nparts < PROGRAMME_PARTS_MIN || p->nparts > PROGRAMME_PARTS_MAX ||
	    p->within_days < 1 || p->within_days > 3650 || p->valid_years < 1 ||
	    p->valid_years > 50)
		abort();
	for (size_t i = 0; i < p->nparts; i++)
		if (p->parts[i].exam == NULL || p->parts[i].pass_percent < 0 ||
		    p->parts[i].pass_percent > 100)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a;
	struct programme p, q;
	json_t *errs, *e, *j;
	size_t i;
	char *one, *two;
	int rc;

	if (store == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	a = arena_new();
	errs = json_array();
	rc = programme_parse(a, store, (const char *)data, size, "en", &p, errs);
	if ((rc == 0) != (json_array_size(errs) == 0))
		abort();
	json_array_foreach(errs, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		const char *m = json_string_value(json_object_get(e, "message"));

		if (f == NULL || m == NULL || *m == '\0' || !utf8_valid(m, strlen(m)))
			abort();
	}
	if (rc == 0) {
		check(&p);
		j = programme_to_json(&p);
		one = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(j);
		json_array_clear(errs);
		if (one == NULL || programme_parse(a, store, one, strlen(one), "en", &q, errs) != 0)
			abort();
		j = programme_to_json(&q);
		two = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(j);
		if (two == NULL || strcmp(one, two) != 0)
			abort();
		free(one);
		free(two);
	}
	json_decref(errs);
	arena_free(a);
	return 0;
}
