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

int
cmd_programme(struct cli *c)
{
	struct store *s;
	int rc = 0;

	if (cli_pos(c, 1) == NULL || strcmp(cli_pos(c, 0), "add") != 0)
		return cli_usage(c);
	if ((s = cli_open_store(c)) == NULL)
		return 1;
	cli_load_messages(c);
	for (int i = 1; cli_pos(c, i) != NULL; i++)
		if (cmd_programme_add_file(s, cli_pos(c, i)) != 0)
			rc = 1;
	store_close(s);
	i18n_free();
	return rc;
}
