/*
 * api_user.c - accounts over HTTP: learners in bulk and what trainers
 * set for a learner; what administrators change on accounts.
 *
 *   POST /api/v1/users/import?encoding=&codes_days=&sitting=  (CSV body)
 *       trainer: learners from a CSV (people_import_csv()); 201
 *       {"learners":[...]}, 422 {"error","errors":[{"line","message"}]}
 *   PUT /api/v1/users/{login}/accommodations  {"time_multiplier": 1.5}
 *       trainer: extra time for a learner's future attempts (1 to 4)
 *   POST /api/v1/users/{login}/unlock
 *       trainer: clears the learner's sign-in throttle
 *   GET /api/v1/users?q=&page=                 admin: accounts, 100 a page
 *       (account_list())
 *   PATCH /api/v1/users/{login}  {"role", "disabled", "password", "email"},
 *       each optional (email null or "" removes it): admin: change an
 *       account (account_update(), account_set_email()); 200
 *       {"login", "role", "disabled", "changed"}, 409 when it would leave
 *       no enabled administrator or is the admin's own demotion
 */
#include "handlers.h"

#include <stdlib.h>

#include "encoding.h"
#include "owner.h"
#include "people.h"
#include "signin.h"

int
api_user_unlock(struct req *r)
{
	const char *err = NULL;

	if (signin_unlock(r->store, r->arena, req_param(r, "login"), &r->user, &err) != 0)
		return reply_error(r, reply_status_of(err), err);
	return reply_json(r, 200, json_pack("{s:s, s:b}", "login", req_param(r, "login"),
	    "unlocked", 1));
}

int
api_user_accommodation(struct req *r)
{
	json_t *in = req_json(r);
	const json_t *m = in ? json_object_get(in, "time_multiplier") : NULL;
	double mult = json_is_number(m) ? json_number_value(m) : 0;
	const char *err = NULL;

	json_decref(in);
	if (account_set_multiplier(r->store, req_param(r, "login"), mult, &r->user, &err) != 0)
		return reply_error(r, reply_status_of(err), err);
	return reply_json(r, 200, json_pack("{s:s, s:f}", "login", req_param(r, "login"),
	    "time_multiplier", mult));
}

int
api_user_import(struct req *r)
{
	const char *enc = req_query(r, "encoding");
	const char *days = req_query(r, "codes_days"), *sitting = req_query(r, "sitting");
	struct q_bank errs;
	char *text = NULL;
	size_t len = 0;
	json_t *rows, *list;

	q_bank_init(&errs, r->arena, "learners.csv");
	errs.lang = r->lang;
	if (r->body_len == 0)
		return reply_error(r, 400, "csv_required");
	if (sitting != NULL && !owner_sitting(r->store, strtoll(sitting, NULL, 10), NULL, &r->user))
		return reply_error(r, 403, "sitting_not_yours");
	if (enc_to_utf8(r->arena, "learners.csv", r->body, r->body_len, enc, &text, &len,
	    &errs) != 0 || (rows = people_import_csv(r->store, &r->user, r->lang, text,
	    sitting ? strtoll(sitting, NULL, 10) : 0, days ? atoi(days) : 0, &errs)) == NULL) {
		list = json_array();
		for (size_t i = 0; i < errs.nerr; i++)
			json_array_append_new(list, json_pack("{s:i, s:s}", "line", errs.err[i].line,
			    "message", errs.err[i].message));
		return reply_json(r, 422, json_pack("{s:s, s:o}", "error",
		    i18n_get(r->lang, "csv_rejected"), "errors", list));
	}
	return reply_json(r, 201, json_pack("{s:o}", "learners", rows));
}

/* ---- accounts, for administrators ---- */

int
api_user_list(struct req *r)
{
	const char *page = req_query(r, "page");

	return reply_json(r, 200, account_list(r->store, req_query(r, "q"),
	    page ? atoi(page) : 1));
}

int
api_user_patch(struct req *r)
{
	json_t *in = req_json(r), *role, *off, *pw, *email;
	struct account_change ch = { ROLE_NONE, -1, NULL, NULL };
	const char *login = req_param(r, "login"), *err = NULL;
	int changed;

	if (in == NULL)
		return reply_error(r, 400, "json_invalid");
	role = json_object_get(in, "role");
	off = json_object_get(in, "disabled");
	pw = json_object_get(in, "password");
	email = json_object_get(in, "email");
	if ((role != NULL && (ch.role = role_parse(json_string_value(role))) == ROLE_NONE) ||
	    (off != NULL && !json_is_boolean(off)) || (pw != NULL && !json_is_string(pw)) ||
	    (email != NULL && !json_is_string(email) && !json_is_null(email)) ||
	    (role == NULL && off == NULL && pw == NULL && email == NULL)) {
		json_decref(in);
		return reply_error(r, 400, "account_change_invalid");
	}
	if (off != NULL)
		ch.disabled = json_is_true(off);
	ch.password = json_string_value(pw);
	ch.keep_token = r->token;	/* one's own new password keeps this session */
	/* The address first: a refused one changes nothing else. An
	 * address set counts as a change. */
	if (email != NULL && account_set_email(r->store, login, json_string_value(email),
	    &err) != 0) {
		json_decref(in);
		return reply_error(r, reply_status_of(err), err);
	}
	changed = account_update(r->store, login, &ch, r->user.id, &err);
	if (changed == 0 && email != NULL)
		changed = 1;
	json_decref(in);
	if (changed < 0)
		return reply_error(r, reply_status_of(err), err);
	return reply_json(r, 200, json_pack("{s:s, s:s, s:b, s:b}", "login", login,
	    "role", role_name(ch.role), "disabled", ch.disabled, "changed", changed));
}
