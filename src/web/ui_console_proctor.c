/*
 * ui_console_proctor.c - the proctor's pages in the console:
 *
 *   GET  /console/sittings                    the sittings one may proctor
 *   GET  /console/sittings/{sitting}/checkin  the door: check candidates in
 *   POST /console/sittings/{sitting}/checkin  check one in, or undo (undo=1)
 *   GET  /console/sittings/{sitting}/room     the room, live (room.js)
 *   POST /console/sittings/{sitting}/room     a proctor's action from it:
 *        do = pause, resume, extend (minutes), note on attempt (its public
 *        id), or pause_all, resume_all for the room; reason always. 303
 *        back to the room saying what was done (room.js uses the API)
 *
 * For who may proctor the sitting (owner_sitting_proctor, owner.h); the
 * data is proctor.h's.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "people.h"
#include "proctor.h"

/* The sitting's facts for a page: {"sitting_id","name","exam","room",
 * "opens_text","closes_text"}, or NULL if none. */
static json_t *
sitting_ctx(struct req *r, int64_t id)
{
	json_t *si = people_sitting_get(r->store, id), *ctx;

	if (si == NULL)
		return NULL;
	ctx = json_pack("{s:I, s:O, s:s?, s:O, s:s, s:s}", "sitting_id", (json_int_t)id,
	    "name", json_object_get(si, "name"),
	    "exam", json_string_value(json_object_get(si, strcmp(r->lang, "zh-TW") == 0 ?
	    "exam_zh" : "exam_en")), "room", json_object_get(si, "room"),
	    "opens_text", ui_console_time(r->arena, json_integer_value(json_object_get(si,
	    "opens_at")), 0),
	    "closes_text", ui_console_time(r->arena, json_integer_value(json_object_get(si,
	    "closes_at")), 0));
	json_decref(si);
	return ctx;
}

int
ui_console_proctor_list(struct req *r)
{
	json_t *list = proctor_sittings(r->store, &r->user), *si;
	size_t i;

	json_array_foreach(list, i, si) {
		json_object_set_new(si, "exam", json_string(json_string_value(json_object_get(si,
		    strcmp(r->lang, "zh-TW") == 0 ? "exam_zh" : "exam_en"))));
		json_object_set_new(si, "opens_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(si, "opens_at")), 0)));
		json_object_set_new(si, "closes_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(si, "closes_at")), 0)));
	}
	return reply_page(r, 200, "console_proctor_list", json_pack("{s:s, s:o}", "title",
	    i18n_get(r->lang, "proctor_sittings"), "sittings", list));
}

/* The door page of sitting id, with error (a message, or NULL) about
 * login, as status. */
static int
door_page(struct req *r, int64_t id, int status, const char *login, const char *error)
{
	json_t *ctx = sitting_ctx(r, id), *members, *m, *types = json_array();
	size_t i;
	int in = 0;

	if (ctx == NULL)
		return reply_error(r, 404, "sitting_not_found");
	members = proctor_door(r->store, id);
	json_array_foreach(members, i, m) {
		const char *t = json_string_value(json_object_get(m, "id_type"));

		in += json_is_true(json_object_get(m, "checked_in"));
		json_object_set_new(m, "id_text", json_string(*t ? i18n_get(r->lang,
		    arena_printf(r->arena, "checkin_type_%s", t)) : i18n_get(r->lang,
		    "checkin_confirmed_text")));
		json_object_set_new(m, "at_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(m, "checked_in_at")), 0)));
		if (login != NULL && strcmp(login, json_string_value(json_object_get(m,
		    "login"))) == 0 && error != NULL)
			json_object_set_new(m, "error", json_string(error));
	}
	for (i = 0; proctor_id_types[i] != NULL; i++)
		json_array_append_new(types, json_pack("{s:s, s:s}", "value", proctor_id_types[i],
		    "label", i18n_get(r->lang, arena_printf(r->arena, "checkin_type_%s",
		    proctor_id_types[i]))));
	json_object_set_new(ctx, "title", json_string(arena_printf(r->arena, "%s · %s",
	    i18n_get(r->lang, "proctor_checkin"), json_string_value(json_object_get(ctx, "name")))));
	json_object_set_new(ctx, "members", members);
	json_object_set_new(ctx, "id_types", types);
	json_object_set_new(ctx, "checked_in", json_integer(in));
	json_object_set_new(ctx, "count", json_integer((json_int_t)json_array_size(members)));
	if (error != NULL && login == NULL)
		json_object_set_new(ctx, "error", json_string(error));
	if (req_query(r, "done") != NULL)
		json_object_set_new(ctx, "done", json_string(req_query(r, "done")));
	return reply_page(r, status, "console_proctor_door", ctx);
}

int
ui_console_proctor_door(struct req *r)
{
	int64_t id = api_proctor_sitting(r);

	if (id == 0)
		return reply_error(r, 403, "proctor_sitting_not_yours");
	return door_page(r, id, 200, NULL, NULL);
}

int
ui_console_proctor_checkin(struct req *r)
{
	int64_t id = api_proctor_sitting(r);
	const char *login = req_form(r, "login"), *seat = req_form(r, "seat"), *why = NULL;
	const char *last4 = req_form(r, "id_last4"), *type = req_form(r, "id_type");
	struct proctor_checkin ci = { login, NULL, NULL, 0, 0 };
	enum proctor_err err;
	char *end = NULL;

	if (id == 0)
		return reply_error(r, 403, "proctor_sitting_not_yours");
	if (req_form(r, "undo") != NULL)
		err = proctor_checkin_undo(r->store, id, login);
	else {
		ci.confirmed = req_form(r, "confirmed") != NULL;
		ci.id_type = type != NULL && *type ? type : NULL;
		ci.id_last4 = last4 != NULL && *last4 ? last4 : NULL;
		if (ci.confirmed && ci.id_last4 == NULL)
			ci.id_type = NULL;
		if (seat != NULL && *seat) {
			long v = strtol(seat, &end, 10);

			ci.seat = *end == '\0' && v > 0 && v <= PEOPLE_SEAT_MAX ? (int)v : -1;
		}
		err = proctor_checkin(r->store, id, &ci, &why);
	}
	switch (err) {
	case PROCTOR_OK:
		return reply_redirect(r, arena_printf(r->arena,
		    "/console/sittings/%lld/checkin?done=%s#m-%s", (long long)id,
		    login, login));
	case PROCTOR_INVALID:
		return door_page(r, id, 400, login, i18n_get(r->lang, why));
	case PROCTOR_NOT_MEMBER:
		return door_page(r, id, 404, NULL, i18n_get(r->lang, "checkin_not_member"));
	case PROCTOR_SEAT_TAKEN:
		return door_page(r, id, 409, login, i18n_get(r->lang, "checkin_seat_taken"));
	default:
		return reply_error(r, 500, "internal_error");
	}
}

/* What a 303 back to the room says was done (?done=, &a= the attempt, &n=
 * how many), with the name of the seat acted on: a text, or NULL. */
static const char *
room_done(struct req *r, json_t *seats)
{
	static const char *const dos[] = { "pause", "resume", "extend", "note", "pause_all",
	    "resume_all", NULL };
	const char *done = req_query(r, "done"), *a = req_query(r, "a"), *name = NULL;
	const char *n = req_query(r, "n");
	json_t *s;
	size_t i;
	int k;

	for (k = 0; done != NULL && dos[k] != NULL && strcmp(done, dos[k]) != 0; k++)
		;
	if (done == NULL || dos[k] == NULL)
		return NULL;
	json_array_foreach(seats, i, s)
		if (a != NULL && json_string_value(json_object_get(s, "attempt")) != NULL &&
		    strcmp(a, json_string_value(json_object_get(s, "attempt"))) == 0)
			name = json_string_value(json_object_get(s, "name"));
	if (k < 4 && name == NULL)
		return NULL;
	return i18n_msg(r->arena, r->lang, arena_printf(r->arena, "room_done_%s", done),
	    "name", name ? name : "", "n", n != NULL ? arena_printf(r->arena, "%d", atoi(n)) :
	    "0", NULL);
}

/* The room page of sitting id as status, with error (a message) or NULL. */
static int
room_page(struct req *r, int64_t id, int status, const char *error)
{
	json_t *ctx, *room, *seats, *s;
	size_t i;

	if ((ctx = sitting_ctx(r, id)) == NULL)
		return reply_error(r, 404, "sitting_not_found");
	/* The first view is the server's: the script only keeps it fresh. */
	room = proctor_room(r->store, id, attempt_now_ms());
	seats = json_object_get(room, "seats");
	json_array_foreach(seats, i, s) {
		const char *state = json_string_value(json_object_get(s, "state"));
		long long left = json_integer_value(json_object_get(s, "time_left_s"));
		long long ext = json_integer_value(json_object_get(s, "extended_s"));

		json_object_set_new(s, "state_text", json_string(strcmp(state, "offline") == 0 ?
		    i18n_msg(r->arena, r->lang, "room_offline_for", "seconds", arena_printf(r->arena,
		    "%lld", (long long)json_integer_value(json_object_get(s, "last_seen_s"))),
		    NULL) : i18n_get(r->lang, arena_printf(r->arena, "room_state_%s", state))));
		/* h:mm:ss or m:ss, as room.js writes it; "–" when no clock runs */
		json_object_set_new(s, "time_left_text", json_string(left <= 0 ? "–" :
		    left >= 3600 ? arena_printf(r->arena, "%lld:%02lld:%02lld", left / 3600,
		    left % 3600 / 60, left % 60) : arena_printf(r->arena, "%lld:%02lld",
		    left / 60, left % 60)));
		if (ext > 0)
			json_object_set_new(s, "extended_text", json_string(i18n_msg(r->arena,
			    r->lang, "room_extended", "minutes", arena_printf(r->arena, "%lld",
			    (ext + 59) / 60), NULL)));
		/* What a proctor may do to it: a running attempt is paused
		 * or resumed and extended; a note goes on any attempt. */
		if (json_string_value(json_object_get(s, "attempt")) != NULL) {
			json_object_set_new(s, "act", json_true());
			json_object_set_new(s, "running", json_boolean(strcmp(state, "submitted")
			    != 0));
			json_object_set_new(s, "paused", json_boolean(strcmp(state, "paused") == 0));
		}
	}
	json_array_foreach(json_object_get(room, "events"), i, s)
		json_object_set_new(s, "kind_text", json_string(i18n_get(r->lang,
		    arena_printf(r->arena, "room_event_%s", json_string_value(json_object_get(s,
		    "kind"))))));
	json_object_set_new(ctx, "title", json_string(arena_printf(r->arena, "%s · %s",
	    i18n_get(r->lang, "proctor_room"), json_string_value(json_object_get(ctx, "name")))));
	if (error != NULL)
		json_object_set_new(ctx, "error", json_string(error));
	else if (room_done(r, seats) != NULL)
		json_object_set_new(ctx, "done", json_string(room_done(r, seats)));
	json_object_set(ctx, "seats", seats);
	json_object_set(ctx, "events", json_object_get(room, "events"));
	json_decref(room);
	return reply_page(r, status, "console_proctor_room", ctx);
}

int
ui_console_proctor_room(struct req *r)
{
	int64_t id = api_proctor_sitting(r);

	if (id == 0)
		return reply_error(r, 403, "proctor_sitting_not_yours");
	return room_page(r, id, 200, NULL);
}

int
ui_console_proctor_room_act(struct req *r)
{
	static const char *const dos[] = { "pause", "resume", "extend", "note", "pause_all",
	    "resume_all", NULL };
	static const char *const fields[] = { "csrf", "do", "attempt", "reason", "minutes",
	    NULL };
	int64_t id = api_proctor_sitting(r);
	const char *what = req_form(r, "do"), *att = req_form(r, "attempt"), *err = NULL;
	const char *minutes = req_form(r, "minutes"), *why = req_form(r, "reason"), *unknown;
	long long secs = 0;
	char *end = NULL;
	int op = -1, n = 0, status;

	if (id == 0)
		return reply_error(r, 403, "proctor_sitting_not_yours");
	if ((unknown = req_form_unknown(r, fields)) != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	for (int i = 0; what != NULL && dos[i] != NULL; i++)
		if (strcmp(what, dos[i]) == 0)
			op = i;		/* 0..3: the order of enum attempt_time_op */
	if (op < 0)
		return room_page(r, id, 400, i18n_get(r->lang, "console_time_do_invalid"));
	if (op >= 4) {
		status = api_sitting_time_as(r, id, op == 4 ? ATIME_PAUSE : ATIME_RESUME, why, &n,
		    &err);
		if (status != 200)
			return room_page(r, id, status, i18n_get(r->lang, err));
		return reply_redirect(r, arena_printf(r->arena,
		    "/console/sittings/%lld/room?done=%s&n=%d", (long long)id, what, n));
	}
	if (op == ATIME_EXTEND) {
		long long m = minutes != NULL ? strtoll(minutes, &end, 10) : 0;

		/* Whole minutes; api_attempt_time_as bounds the seconds. */
		secs = end != NULL && end != minutes && *end == '\0' && m > 0 && m <= 100000 ?
		    m * 60 : 0;
	}
	status = api_attempt_time_as(r, att, op, secs, why, &err);
	if (status == 403 || status == 404)
		return reply_error(r, status, err);
	if (status != 200)
		return room_page(r, id, status, i18n_get(r->lang, err));
	/* att is an attempt's public id (found above): safe in a URL */
	return reply_redirect(r, arena_printf(r->arena, "/console/sittings/%lld/room?done=%s&a=%s",
	    (long long)id, what, att));
}
