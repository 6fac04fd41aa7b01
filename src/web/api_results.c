/*
 * api_results.c - what trainers read and redo about an exam's attempts,
 * for the exams they manage (owner.h; admins: all).
 *
 *   GET  /api/v1/exams/{exam}/results      [{"id","login","name",...}]
 *                                          (results_rows, newest first)
 *   GET  /api/v1/exams/{exam}/results.csv  the same for Excel (audited)
 *   GET  /api/v1/exams/{exam}/item-stats   item statistics; ?competency=
 *                                          CODE (and its descendants),
 *                                          section=N, flag=NAME|any|none,
 *                                          sort=facility|discrimination|
 *                                          efficiency|n|flags|order,
 *                                          dir=asc|desc, page=N,
 *                                          per_page=N (item_filter.h);
 *                                          anything else 400
 *   POST /api/v1/exams/{exam}/regrade      {"apply": false} preview, true
 *                                          stores: {"applied","changes"}
 *
 * The work is results.h's.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "competency.h"
#include "item_filter.h"
#include "results.h"

/* A whole number lo..hi in text, else -1. */
static long
query_int(const char *text, long lo, long hi)
{
	char *end;
	long v;

	if (text == NULL || *text < '0' || *text > '9' || strlen(text) > 9)
		return -1;
	v = strtol(text, &end, 10);
	return *end != '\0' || v < lo || v > hi ? -1 : v;
}

const char *
api_item_filter(struct req *r, struct item_filter *f, int *unknown, json_t *ignored)
{
	const char *first = NULL;

	memset(f, 0, sizeof *f);
	f->per_page = ITEM_FILTER_PER_PAGE;
	*unknown = 0;
	for (const struct kv *kv = r->query; kv != NULL; kv = kv->next) {
		const char *k = kv->key, *v = kv->value ? kv->value : "";
		int bad = 0, unk = 0;
		long n = 0;

		if (strcmp(k, "lang") == 0)
			continue;
		if (strcmp(k, "competency") == 0) {
			if (*v != '\0' && !competency_code_valid(v))
				bad = 1;
			else
				f->competency = *v ? v : NULL;
		} else if (strcmp(k, "section") == 0) {
			if (*v != '\0' && (n = query_int(v, 1, 1000)) < 0)
				bad = 1;
			else
				f->section = *v ? (int)n : 0;
		} else if (strcmp(k, "flag") == 0) {
			if (*v != '\0' && !item_filter_flag_valid(v))
				bad = 1;
			else
				f->flag = *v ? v : NULL;
		} else if (strcmp(k, "sort") == 0) {
			if (*v != '\0' && item_filter_sort_of(v, &f->sort) != 0)
				bad = 1;
		} else if (strcmp(k, "dir") == 0) {
			if (strcmp(v, "asc") == 0 || strcmp(v, "desc") == 0)
				f->desc = strcmp(v, "desc") == 0;
			else
				bad = 1;
		} else if (strcmp(k, "page") == 0) {
			if ((n = query_int(v, 1, 100000)) < 0)
				bad = 1;
			else
				f->page = (int)n;
		} else if (strcmp(k, "per_page") == 0) {
			if ((n = query_int(v, 1, ITEM_FILTER_PER_PAGE_MAX)) < 0)
				bad = 1;
			else
				f->per_page = (int)n;
		} else {
			bad = unk = 1;
		}
		if (!bad)
			continue;
		if (first == NULL) {
			first = k;
			*unknown = unk;
		}
		if (ignored != NULL)
			json_array_append_new(ignored, json_string(k));
	}
	return first;
}

int
api_results(struct req *r)
{
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	return reply_json(r, 200, results_rows(r->store, req_param(r, "exam"), 5000));
}

int
api_results_csv(struct req *r)
{
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	results_csv(r->store, req_param(r, "exam"), r->lang, &r->out);
	account_audit(r->store, "results.export", req_param(r, "exam"));
	r->content_type = "text/csv; charset=utf-8";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s-results.csv\"", req_param(r, "exam")));
	return 200;
}

int
api_results_item_stats(struct req *r)
{
	int st;

	struct item_filter f;
	const char *bad;
	json_t *stats;
	int unknown;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	if ((bad = api_item_filter(r, &f, &unknown, NULL)) != NULL)
		return reply_error_field(r, 400, unknown ? "query_field_unknown" :
		    "query_value_invalid", bad);
	stats = results_item_stats(r->store, req_param(r, "exam"));
	item_filter_apply(r->store, stats, &f);
	return reply_json(r, 200, stats);
}

int
api_results_regrade(struct req *r)
{
	json_t *in = req_json(r), *changes;
	int apply = in != NULL && json_is_true(json_object_get(in, "apply")), st;

	json_decref(in);
	if ((st = api_exam_managed(r)) != 0)
		return st;
	changes = results_regrade(r->store, req_param(r, "exam"), apply);
	return reply_json(r, 200, json_pack("{s:b, s:o}", "applied", apply, "changes", changes));
}
