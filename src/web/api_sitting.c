/*
 * api_sitting.c - sittings of an exam (a group of learners, a window),
 * for the trainers who manage the exam (owner.h).
 *
 *   GET  /api/v1/exams/{exam}/sittings   [{"id","name","opens_at",
 *                                        "closes_at","members"}]
 *   POST /api/v1/exams/{exam}/sittings   {"name","opens_at","closes_at",
 *                                        "members":[logins]}: 201 {"id"},
 *                                        422 {"error"}
 *
 * The work is people.h's.
 */
#include "handlers.h"

#include "people.h"

int
api_sitting_list(struct req *r)
{
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	return reply_json(r, 200, people_sittings(r->store, req_param(r, "exam")));
}

int
api_sitting_create(struct req *r)
{
	json_t *in = req_json(r);
	const char *err = NULL;
	int64_t id;
	int st;
	json_t *members;

	if ((st = api_exam_managed(r)) != 0) {
		json_decref(in);
		return st;
	}
	members = in ? json_object_get(in, "members") : NULL;
	id = people_sitting_create(r->store, r->arena, &r->user, r->lang, req_param(r, "exam"),
	    in ? json_string_value(json_object_get(in, "name")) : NULL,
	    in ? json_integer_value(json_object_get(in, "opens_at")) : 0,
	    in ? json_integer_value(json_object_get(in, "closes_at")) : 0,
	    json_is_array(members) ? members : NULL, &err);
	json_decref(in);
	if (id < 0)
		return reply_json(r, 422, json_pack("{s:s}", "error", err));
	return reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}
