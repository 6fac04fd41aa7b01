/*
 * api_results.c - what trainers read and redo about an exam's attempts,
 * for the exams they manage (owner.h; admins: all).
 *
 *   GET  /api/v1/exams/{exam}/results      [{"id","login","name",...}]
 *                                          (results_rows, newest first)
 *   GET  /api/v1/exams/{exam}/results.csv  the same for Excel (audited)
 *   GET  /api/v1/exams/{exam}/item-stats   item statistics
 *   POST /api/v1/exams/{exam}/regrade      {"apply": false} preview, true
 *                                          stores: {"applied","changes"}
 *
 * The work is results.h's.
 */
#include "handlers.h"

#include "results.h"

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

	if ((st = api_exam_managed(r)) != 0)
		return st;
	return reply_json(r, 200, results_item_stats(r->store, req_param(r, "exam")));
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
