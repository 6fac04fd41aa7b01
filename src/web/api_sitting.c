/*
 * api_sitting.c - sittings of an exam (a group of learners, a window, a
 * room, their seats), for the trainers who manage the exam (owner.h).
 *
 *   GET  /api/v1/exams/{exam}/sittings   [{"id","name","opens_at",
 *                                        "closes_at","members","room",
 *                                        "proctors"}]
 *   POST /api/v1/exams/{exam}/sittings   {"name","opens_at","closes_at",
 *                                        "room","members":[login or
 *                                        {"login","seat"}],"proctors":
 *                                        [login]}: 201 {"id"},
 *                                        400 {"error","field"?} for a
 *                                        member of another shape or field,
 *                                        422 {"error"}
 *
 * The work is people.h's.
 */
#include "handlers.h"

#include <string.h>

#include "people.h"
#include "proctor.h"

int
api_sitting_list(struct req *r)
{
	int st;

	json_t *list, *si;
	size_t i;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	list = people_sittings(r->store, req_param(r, "exam"));
	json_array_foreach(list, i, si)
		json_object_set_new(si, "proctors", proctor_logins(r->store,
		    json_integer_value(json_object_get(si, "id"))));
	return reply_json(r, 200, list);
}

/* 0 if every member of members is a login or {"login","seat"} with a
 * string and a whole number; else the status replied (400). */
static int
members_shape(struct req *r, const json_t *members)
{
	size_t i;
	const char *k;
	json_t *m, *v;

	json_array_foreach(members, i, m) {
		if (json_is_string(m))
			continue;
		if (!json_is_object(m) || !json_is_string(json_object_get(m, "login")))
			return reply_error(r, 400, "sitting_member_shape");
		json_object_foreach(m, k, v)
			if (strcmp(k, "login") != 0 && strcmp(k, "seat") != 0)
				return reply_error_field(r, 400, "sitting_member_field", k);
		if ((v = json_object_get(m, "seat")) != NULL && !json_is_integer(v))
			return reply_error(r, 400, "sitting_member_shape");
	}
	return 0;
}

/* 1 if proctors is an array of logins (strings). */
static int
proctors_shape(const json_t *proctors)
{
	size_t i;
	json_t *p;

	if (!json_is_array(proctors))
		return 0;
	json_array_foreach(proctors, i, p)
		if (!json_is_string(p))
			return 0;
	return 1;
}

int
api_sitting_create(struct req *r)
{
	json_t *in = req_json(r);
	const char *err = NULL;
	struct people_sitting_spec sp;
	int64_t id;
	int st;
	json_t *members;

	if ((st = api_exam_managed(r)) != 0) {
		json_decref(in);
		return st;
	}
	members = in ? json_object_get(in, "members") : NULL;
	if (members != NULL && !json_is_array(members)) {
		json_decref(in);
		return reply_error(r, 400, "sitting_member_shape");
	}
	if ((st = members_shape(r, members)) != 0) {
		json_decref(in);
		return st;
	}
	sp.name = in ? json_string_value(json_object_get(in, "name")) : NULL;
	sp.room = in ? json_string_value(json_object_get(in, "room")) : NULL;
	sp.opens_at = in ? json_integer_value(json_object_get(in, "opens_at")) : 0;
	sp.closes_at = in ? json_integer_value(json_object_get(in, "closes_at")) : 0;
	sp.members = members;
	sp.proctors = in ? json_object_get(in, "proctors") : NULL;
	if (sp.proctors != NULL && !proctors_shape(sp.proctors)) {
		json_decref(in);
		return reply_error(r, 400, "sitting_proctor_shape");
	}
	id = people_sitting_book(r->store, r->arena, &r->user, r->lang, req_param(r, "exam"),
	    &sp, &err);
	json_decref(in);
	if (id < 0)
		return reply_json(r, 422, json_pack("{s:s}", "error", err));
	return reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}
