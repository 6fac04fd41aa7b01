/*
 * cmd_programme.c - `aicert programme add FILE...`: certification
 * programme definitions (JSON, programme.h) checked against the exams,
 * then saved as the admins'; init loads the bundled ones through the
 * same function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "programme.h"

int
cmd_programme_add_file(struct store *s, const char *path)
{
	struct arena *a = arena_new();
	struct programme p;
	json_t *errs = json_array();
	size_t len = 0, i;
	char *json = cli_read_file(path, &len);
	const char *err = NULL;
	json_t *e;
	int rc = -1, saved;

	if (json == NULL) {
		fprintf(stderr, "%s: error: cannot read the file\n", path);
		goto done;
	}
	if (programme_parse(a, s, json, len, I18N_DEFAULT, &p, errs) != 0) {
		json_array_foreach(errs, i, e) {
			const char *f = json_string_value(json_object_get(e, "field"));

			fprintf(stderr, "%s: error: %s%s%s\n", path, f, *f ? ": " : "",
			    json_string_value(json_object_get(e, "message")));
		}
		fprintf(stderr, "aicert: programme not added\n");
		goto done;
	}
	if ((saved = programme_save_as(s, &p, NULL, &err)) < 0) {
		fprintf(stderr, "aicert: the database refused the programme\n");
		goto done;
	}
	printf("programme %s %s: %zu parts within %d days, certificate for %d years\n", p.id,
	    saved == 1 ? "added" : "updated", p.nparts, p.within_days, p.valid_years);
	rc = 0;
done:
	free(json);
	json_decref(errs);
	arena_free(a);
	return rc;
}

/* A programme has no --owner: from the command line the operator adds it. */
static int
add_file(struct store *s, const char *path, int64_t owner)
{
	(void)owner;
	return cmd_programme_add_file(s, path);
}

int
cmd_programme(struct cli *c)
{
	return cli_add_each(c, add_file, 0);
}
