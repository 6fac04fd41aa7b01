/*
 * cmd_framework.c - `aicert framework add FILE...`: competency framework
 * files (JSON, competency.h) checked and stored as new versions; init
 * loads the bundled ones (questions/frameworks/) through the same
 * function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "competency.h"
#include "i18n.h"

int
cmd_framework_add_file(struct store *s, const char *path, int64_t owner)
{
	struct arena *a = arena_new();
	struct q_bank errs;
	struct framework f;
	size_t len = 0;
	char *json = cli_read_file(path, &len);
	enum framework_saved saved = FRAMEWORK_REFUSED;
	int rc = -1;

	q_bank_init(&errs, a, path);
	if (json == NULL) {
		fprintf(stderr, "%s:0: error: cannot read the file\n", path);
		goto done;
	}
	if (framework_parse(a, json, len, &f, &errs) == 0)
		saved = framework_save(s, &f, owner, &errs);
	if (saved == FRAMEWORK_FAILED) {
		fprintf(stderr, "aicert: the database refused the framework\n");
		goto done;
	}
	if (errs.nerr > 0) {
		for (size_t i = 0; i < errs.nerr; i++)
			fprintf(stderr, "%s:%d: error: %s\n", path, errs.err[i].line,
			    errs.err[i].message);
		fprintf(stderr, "aicert: framework not added\n");
		goto done;
	}
	printf("framework %s %s %s: %zu competencies\n", f.id, f.version,
	    saved == FRAMEWORK_ADDED ? "added" : "unchanged", f.n);
	rc = 0;
done:
	free(json);
	arena_free(a);
	return rc;
}

int
cmd_framework(struct cli *c)
{
	return cli_add_each(c, cmd_framework_add_file, 1);
}
