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
#include "exam_overlap.h"
#include "exam_store.h"
#include "owner.h"

int
api_exam_list(struct req *r)
{
	return reply_json(r, 200, exam_list(r->store, r->lang,
	    r->user.role >= ROLE_TRAINER, &r->user));
}

int
api_exam_store(struct req *r, const char *json, size_t len, struct exam *e,
    struct q_bank *errs)
{
	int saved;

	if (exam_parse(r->arena, json, len, e, errs) == 0) {
		/* Another trainer's exam is theirs to change. */
		if (exam_exists(r->store, e->id) && !owner_exam(r->store, e->id, &r->user))
			return 403;
		/* A trainer's exam draws from one bank the trainer may use:
		 * their own or the admins' shared ones, never another
		 * trainer's (whose keys it would hand to its reviewers). */
		if (r->user.role < ROLE_ADMIN && e->bank == NULL)
			q_bank_error(errs, 0, "%s", i18n_get(r->lang, "exam_bank_required"));
		else if (r->user.role < ROLE_ADMIN && !owner_bank_draw(r->store, e->bank, &r->user))
			q_bank_error(errs, 0, "%s %s", i18n_get(r->lang, "exam_bank_not_yours"),
			    e->bank);
		else {
			exam_check_items(r->store, e, errs);
			exam_overlap_check(r->store, e, r->lang, errs);
		}
	}
	if (errs->nerr > 0)
		return 422;
	if ((saved = exam_save(r->store, e, r->user.id)) < 0)
		return 500;
	return saved == 1 ? 201 : 200;
}

int
api_exam_save(struct req *r)
{
	struct q_bank errs;
	struct exam e;
	json_t *list;
	int status;

	q_bank_init(&errs, r->arena, "exam");
	if (r->body_len == 0)
		return reply_error(r, 400, "json_invalid");
	switch ((status = api_exam_store(r, r->body, r->body_len, &e, &errs))) {
	case 403:
		return reply_error(r, 403, "exam_not_yours");
	case 422:
		list = json_array();
		for (size_t i = 0; i < errs.nerr; i++)
			json_array_append_new(list, json_pack("{siss}", "line",
			    errs.err[i].line, "message", errs.err[i].message));
		return reply_json(r, 422, json_pack("{ssso}", "error",
		    i18n_get(r->lang, "exam_rejected"), "errors", list));
	case 500:
		return reply_error(r, 500, "internal_error");
	default:
		return reply_json(r, status, exam_to_json(&e));
	}
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
