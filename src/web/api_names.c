/*
 * api_names.c - names and access codes over the JSON API:
 *
 *   POST /api/v1/users/{login}/name  {"name", "name_alt"?, "reason"}
 *       trainer (their learners) or admin: corrects the names printed on
 *       certificates and re-issues the person's valid ones; 200 {"login",
 *       "name", "name_alt", "changed", "reissued": [{"serial",
 *       "supersedes"}]} (names_correct())
 *   POST /api/v1/users/{login}/code  {"days"?}
 *       trainer (their learners) or admin: a new one-time access code
 *       (the older ones and any password stop working); 201 as an
 *       import's row (people_new_code())
 *   GET /api/v1/name-requests
 *       trainer or admin: the open correction requests of the learners
 *       the caller manages (names_requests())
 */
#include "handlers.h"

#include "names.h"
#include "people.h"

int
api_user_name(struct req *r)
{
	json_t *in = req_json(r), *reissued = NULL, *out;
	const json_t *name = in ? json_object_get(in, "name") : NULL;
	const json_t *alt = in ? json_object_get(in, "name_alt") : NULL;
	const json_t *reason = in ? json_object_get(in, "reason") : NULL;
	const char *err = NULL;
	int rc;

	if (in == NULL || !json_is_string(name) || (alt != NULL && !json_is_string(alt) &&
	    !json_is_null(alt)) || !json_is_string(reason)) {
		json_decref(in);
		return reply_error(r, 400, "name_fields");
	}
	rc = names_correct(r->store, &r->app->key, req_param(r, "login"),
	    json_string_value(name), json_is_string(alt) ? json_string_value(alt) :
	    json_is_null(alt) ? "" : NULL, json_string_value(reason), &r->user, &reissued, &err);
	if (rc < 0) {
		json_decref(in);
		return reply_error(r, reply_status_of(err), err);
	}
	out = json_pack("{s:s, s:O, s:b, s:o}", "login", req_param(r, "login"), "name", name,
	    "changed", rc == 1, "reissued", reissued ? reissued : json_array());
	json_decref(in);
	return reply_json(r, 200, out);
}

int
api_user_code(struct req *r)
{
	json_t *in = r->body_len > 0 ? req_json(r) : json_object(), *row;
	const json_t *days = in ? json_object_get(in, "days") : NULL;
	const char *err = NULL;

	if (in == NULL || (days != NULL && (!json_is_integer(days) ||
	    json_integer_value(days) < 1 || json_integer_value(days) > 365))) {
		json_decref(in);
		return reply_error(r, 400, "console_days_invalid");
	}
	row = people_new_code(r->store, req_param(r, "login"), &r->user,
	    days ? (int)json_integer_value(days) : 3, &err);
	json_decref(in);
	if (row == NULL)
		return reply_error(r, reply_status_of(err), err);
	return reply_json(r, 201, row);
}

int
api_name_requests(struct req *r)
{
	return reply_json(r, 200, json_pack("{s:o}", "requests",
	    names_requests(r->store, &r->user)));
}
