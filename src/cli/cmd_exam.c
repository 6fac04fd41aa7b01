/*
 * cmd_exam.c - `aicert exam add FILE...`: exam definitions (JSON) checked
 * against the banks and the other exams, then saved; init loads the
 * bundled ones through the same function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exam.h"
#include "exam_overlap.h"
#include "exam_store.h"
#include "i18n.h"
#include "programme.h"

int
cmd_exam_add_file(struct store *s, const char *path, int64_t owner)
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
		programme_exam_check(s, &e, &errs);
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
	return cli_add_each(c, cmd_exam_add_file, 1);
}
