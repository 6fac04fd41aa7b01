/*
 * api_proctor.c - a sitting as its proctor works it: the door (check-in)
 * and the room, for who may proctor the sitting (owner_sitting_proctor,
 * owner.h: an admin, the exam's owner, an assigned proctor).
 *
 *   GET    /api/v1/sittings/{sitting}/room    the room: proctor_room()
 *   POST   /api/v1/sittings/{sitting}/checkin {"login","id_type",
 *          "id_last4"|"confirmed":true,"seat"?}: 200 {"login",
 *          "checked_in":true}; 400 {"error"} a bad field, 404 not a
 *          member, 409 the seat is another member's
 *   DELETE /api/v1/sittings/{sitting}/checkin/{login}: 200 undone
 *   POST   /api/v1/sittings/{sitting}/proctors {"login","name"?,
 *          "password"?}: for who manages the sitting (owner_sitting), not
 *          its proctors: assigns a proctor account, creating it (role
 *          proctor, made by the caller) when the login is new. 200
 *          {"login","created"}; 400/409/422 {"error"}
 *
 * The work is proctor.h's. Anyone else gets 403, as if for any sitting
 * (one answer for unknown and not yours).
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "account.h"
#include "owner.h"
#include "proctor.h"

int64_t
api_proctor_sitting(struct req *r)
{
	const char *s = req_param(r, "sitting");
	char *end = NULL;
	long long id = s ? strtoll(s, &end, 10) : 0;

	if (end == s || end == NULL || *end != '\0' || id <= 0 ||
	    !owner_sitting_proctor(r->store, id, &r->user))
		return 0;
	return id;
}

int
api_proctor_room(struct req *r)
{
	int64_t id = api_proctor_sitting(r);

	if (id == 0)
		return reply_error(r, 403, "proctor_sitting_not_yours");
	reply_header(r, "Cache-Control", "no-store");
	return reply_json(r, 200, proctor_room(r->store, id, attempt_now_ms()));
}

/* The reply to a refused check-in (err not PROCTOR_OK). */
static int
api_proctor_refused(struct req *r, enum proctor_err err, const char *why)
{
	switch (err) {
	case PROCTOR_INVALID: return reply_error(r, 400, why);
	case PROCTOR_NOT_MEMBER: return reply_error(r, 404, "checkin_not_member");
	case PROCTOR_SEAT_TAKEN: return reply_error(r, 409, "checkin_seat_taken");
	default: return reply_error(r, 500, "internal_error");
	}
}

int
api_proctor_checkin(struct req *r)
{
	int64_t id = api_proctor_sitting(r);
	json_t *in, *v;
	struct proctor_checkin ci = { NULL, NULL, NULL, 0, 0 };
	const char *why = NULL;
	enum proctor_err err;
	int status;

	if (id == 0)
		return reply_error(r, 403, "proctor_sitting_not_yours");
	in = req_json(r);
	if (!json_is_object(in)) {
		json_decref(in);
		return reply_error(r, 400, "checkin_login");
	}
	ci.login = json_string_value(json_object_get(in, "login"));
	ci.id_type = json_string_value(json_object_get(in, "id_type"));
	ci.id_last4 = json_string_value(json_object_get(in, "id_last4"));
	v = json_object_get(in, "confirmed");
	if ((v != NULL && !json_is_boolean(v)) ||
	    (json_object_get(in, "id_type") != NULL && ci.id_type == NULL) ||
	    (json_object_get(in, "id_last4") != NULL && ci.id_last4 == NULL))
		why = v != NULL && !json_is_boolean(v) ? "checkin_confirmed" :
		    ci.id_type == NULL && json_object_get(in, "id_type") ? "checkin_id_type" :
		    "checkin_last4";
	ci.confirmed = json_is_true(v);
	if ((v = json_object_get(in, "seat")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 99999)
			why = "checkin_seat";
		else
			ci.seat = (int)json_integer_value(v);
	}
	if (why != NULL) {
		json_decref(in);
		return reply_error(r, 400, why);
	}
	err = proctor_checkin(r->store, id, &ci, &why);
	if (err != PROCTOR_OK) {
		status = api_proctor_refused(r, err, why);
		json_decref(in);
		return status;
	}
	status = reply_json(r, 200, json_pack("{s:s, s:b}", "login", ci.login, "checked_in", 1));
	json_decref(in);
	return status;
}

int
api_proctor_checkin_undo(struct req *r)
{
	int64_t id = api_proctor_sitting(r);
	enum proctor_err err;

	if (id == 0)
		return reply_error(r, 403, "proctor_sitting_not_yours");
	if ((err = proctor_checkin_undo(r->store, id, req_param(r, "login"))) != PROCTOR_OK)
		return api_proctor_refused(r, err, NULL);
	return reply_json(r, 200, json_pack("{s:s, s:b}", "login", req_param(r, "login"),
	    "checked_in", 0));
}

int
api_proctor_add(struct req *r)
{
	const char *sid = req_param(r, "sitting"), *login, *name, *pw, *why = NULL;
	char *end = NULL;
	long long id = sid ? strtoll(sid, &end, 10) : 0;
	json_t *in;
	int64_t uid = 0;
	int created = 0, status;

	if (end == sid || end == NULL || *end != '\0' || id <= 0 ||
	    !owner_sitting(r->store, id, NULL, &r->user))
		return reply_error(r, 403, "sitting_not_yours");
	in = req_json(r);
	login = json_string_value(json_object_get(in, "login"));
	name = json_string_value(json_object_get(in, "name"));
	pw = json_string_value(json_object_get(in, "password"));
	if (login == NULL) {
		json_decref(in);
		return reply_error(r, 400, "checkin_login");
	}
	/* A new login: a proctor account of the caller's, with its password. */
	if (!account_find(r->store, NULL, login, NULL, NULL)) {
		if (name == NULL || pw == NULL) {
			json_decref(in);
			return reply_error(r, 400, "proctor_new_fields");
		}
		if (account_create(r->store, login, name, NULL, ROLE_PROCTOR, pw, &uid,
		    &why) != 0) {
			json_decref(in);
			return reply_error(r, reply_status_of(why) == 500 ? 500 :
			    strcmp(why, "login_taken") == 0 ? 409 : 422, why);
		}
		created = 1;
	}
	if (proctor_add(r->store, id, &r->user, login, created, &why) != 0) {
		status = why == NULL ? reply_error(r, 500, "internal_error") :
		    reply_json(r, 422, json_pack("{s:s}", "error", i18n_msg(r->arena, r->lang,
		    "people_login_refused", "login", login, "why", i18n_get(r->lang, why), NULL)));
		json_decref(in);	/* after: login is in[] */
		return status;
	}
	status = reply_json(r, 200, json_pack("{s:s, s:b}", "login", login, "created", created));
	json_decref(in);
	return status;
}
