/*
 * api_exam.c - exam definitions over HTTP.
 *
 *   GET  /api/v1/exams   exams open to the caller (trainers see every exam)
 *   POST /api/v1/exams   trainer: create or update from a definition;
 *                        201 created / 200 updated with the stored definition,
 *                        422 {"error","errors":[{"line","message"}]}, also
 *                        when it would show keys a certificate exam can
 *                        draw (exam_overlap.h)
 *   GET  /api/v1/exams/{exam}   trainer who manages it: its definition
 *
 * The routes under /api/v1/exams/{exam}/ are their resource's: results
 * and regrading in api_results.c, sittings in api_sitting.c, attempts in
 * api_attempt.c.
 */
#include "handlers.h"

#include "exam.h"
#include "exam_store.h"
#include "owner.h"

int
api_exam_list(struct req *r)
{
	return reply_json(r, 200, exam_list(r->store, r->lang,
	    r->user.role >= ROLE_TRAINER, &r->user));
}

int
api_exam_save(struct req *r)
{
	struct q_bank errs;
	struct exam e;
	const char *err = NULL;
	json_t *list;
	int saved = -1;

	q_bank_init(&errs, r->arena, "exam");
	errs.lang = r->lang;
	if (r->body_len == 0)
		return reply_error(r, 400, "json_invalid");
	if (exam_parse(r->arena, r->body, r->body_len, &e, &errs) == 0 &&
	    api_exam_seb_servable(r, &e, &errs))
		saved = exam_save_as(r->store, &e, &r->user, r->lang, &errs, &err);
	if (saved > 0)
		return reply_json(r, saved == 1 ? 201 : 200, exam_to_json(&e));
	if (err != NULL)
		return reply_error(r, reply_status_of(err), err);
	list = json_array();
	for (size_t i = 0; i < errs.nerr; i++)
		json_array_append_new(list, json_pack("{siss}", "line",
		    errs.err[i].line, "message", errs.err[i].message));
	return reply_json(r, 422, json_pack("{ssso}", "error",
	    i18n_get(r->lang, "exam_rejected"), "errors", list));
}

int
api_exam_seb_servable(struct req *r, const struct exam *e, struct q_bank *errs)
{
	if (e->nseb_config_keys + e->nseb_exam_keys == 0 || r->app->base_url_given)
		return 1;
	q_bank_error(errs, 0, "%s", i18n_get(r->lang, "seb_no_base_url"));
	return 0;
}

int
api_exam_managed(struct req *r)
{
	const char *exam = req_param(r, "exam");

	if (!exam_exists(r->store, exam))
		return reply_error(r, 404, "exam_not_found");
	if (!owner_exam(r->store, exam, &r->user))
		return reply_error(r, 403, "exam_not_yours");
	return 0;
}

int
api_exam_get(struct req *r)
{
	struct exam e;
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	if (!exam_load(r->store, r->arena, req_param(r, "exam"), &e))
		return reply_error(r, 500, "internal_error");
	return reply_json(r, 200, exam_to_json(&e));
}
