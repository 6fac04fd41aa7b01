/*
 * api_cohort.c - how the cohort of an exam did per competency, for the
 * trainers who manage the exam and admins (owner.h).
 *
 *   GET /api/v1/exams/{exam}/cohort[?by=sitting|month&sort=code|COLUMN
 *       &dir=asc|desc]   cohort.h's JSON; any other option, or a value
 *                        not taken, 400
 *
 * The console's page and CSV (ui_console_cohort.c) read the same
 * options through api_cohort_query.
 */
#include "handlers.h"

#include <string.h>

#include "cohort.h"

static void
note(const char *k, const char **bad, int *unknown, int unk, json_t *ignored)
{
	if (*bad == NULL) {
		*bad = k;
		*unknown = unk;
	}
	if (ignored != NULL)
		json_array_append_new(ignored, json_string(k));
}

json_t *
api_cohort_query(struct req *r, const char **bad, int *unknown, json_t *ignored)
{
	enum cohort_by by = COHORT_BY_SITTING;
	const char *sort = "code", *sort_key = NULL;
	int desc = 0;
	json_t *c;

	*bad = NULL;
	*unknown = 0;
	for (const struct kv *kv = r->query; kv != NULL; kv = kv->next) {
		const char *k = kv->key, *v = kv->value ? kv->value : "";

		if (strcmp(k, "lang") == 0)
			continue;
		if (strcmp(k, "by") == 0) {
			if (strcmp(v, "sitting") == 0 || strcmp(v, "month") == 0)
				by = strcmp(v, "month") == 0 ? COHORT_BY_MONTH : COHORT_BY_SITTING;
			else
				note(k, bad, unknown, 0, ignored);
		} else if (strcmp(k, "sort") == 0) {
			if (*v != '\0' && strlen(v) <= 64) {
				sort = v;
				sort_key = k;
			} else {
				note(k, bad, unknown, 0, ignored);
			}
		} else if (strcmp(k, "dir") == 0) {
			if (strcmp(v, "asc") == 0 || strcmp(v, "desc") == 0)
				desc = strcmp(v, "desc") == 0;
			else
				note(k, bad, unknown, 0, ignored);
		} else {
			note(k, bad, unknown, 1, ignored);
		}
	}
	if (*bad != NULL && ignored == NULL)
		return NULL;
	c = cohort_compute(r->store, req_param(r, "exam"), by);
	if (c == NULL)
		return NULL;
	if (cohort_sort(c, sort, desc) != 0) {
		/* a column this grouping has not: framework order */
		note(sort_key, bad, unknown, 0, ignored);
		if (ignored == NULL) {
			json_decref(c);
			return NULL;
		}
		sort = "code";
	}
	json_object_set_new(c, "sort", json_string(sort));
	json_object_set_new(c, "dir", json_string(desc ? "desc" : "asc"));
	return c;
}

int
api_cohort(struct req *r)
{
	const char *bad;
	int st, unknown;
	json_t *c;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	if ((c = api_cohort_query(r, &bad, &unknown, NULL)) == NULL)
		return bad ? reply_error_field(r, 400, unknown ? "query_field_unknown" :
		    "query_value_invalid", bad) : reply_error(r, 500, "internal_error");
	return reply_json(r, 200, c);
}
