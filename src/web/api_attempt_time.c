/*
 * api_attempt_time.c - a proctor's hand on the clock: pausing, resuming
 * and extending attempts, incident notes, and the whole room at once.
 *
 *   POST /api/v1/attempts/{id}/pause      {"reason"}  stop the clock
 *   POST /api/v1/attempts/{id}/resume     {"reason"}  give the pause back
 *   POST /api/v1/attempts/{id}/extend     {"seconds","reason"} more time
 *   POST /api/v1/attempts/{id}/incidents  {"note"}    a note on the record
 *   POST /api/v1/sittings/{id}/pause      {"reason"}  every running attempt
 *   POST /api/v1/sittings/{id}/resume     {"reason"}  of the sitting
 *
 * Who may: owner_attempt_conduct for an attempt, owner_sitting_proctor
 * for a sitting (owner.h: its exam's managers and its proctors); anyone
 * else gets 403 and nothing changes. The work
 * and its audit rows are attempt_time.c's.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "owner.h"
#include "utf8.h"

#define REASON_MAX 300		/* characters, one line */
#define NOTE_MAX 2000		/* characters, lines allowed */
#define EXTEND_MAX_S (4 * 3600)	/* one request; more takes more requests */

/* s when it is 1..max characters with something besides spaces and no
 * control character (utf8_text_ok: C0, DEL, C1), but for line breaks and
 * tabs when lines is 1; else NULL. */
static const char *
text_ok(const char *s, size_t max, int lines)
{
	int seen = 0;

	if (s == NULL || utf8_chars(s, strlen(s)) > max)
		return NULL;
	for (const char *p = s, *line = s;; p++) {
		if (*p == '\0' || (lines && (*p == '\n' || *p == '\r' || *p == '\t'))) {
			if (!utf8_text_ok(line, (size_t)(p - line)))
				return NULL;
			if (*p == '\0')
				break;
			line = p + 1;
		} else
			seen |= *p != ' ';
	}
	return seen ? s : NULL;
}

int
api_attempt_time_as(struct req *r, const char *id, int op_, long long seconds,
    const char *why, const char **err)
{
	enum attempt_time_op op = (enum attempt_time_op)op_;
	enum attempt_time_err e;
	struct attempt t;

	if (id == NULL || !attempt_load_brief(r->store, r->arena, id, &t)) {
		*err = "attempt_not_found";
		return 404;
	}
	if (!owner_attempt_conduct(r->store, t.id, &r->user)) {
		*err = "attempt_not_yours";
		return 403;
	}
	if ((op == ATIME_NOTE ? text_ok(why, NOTE_MAX, 1) : text_ok(why, REASON_MAX, 0)) ==
	    NULL) {
		*err = op == ATIME_NOTE ? "incident_note_invalid" : "time_reason_invalid";
		return 400;
	}
	if (op == ATIME_EXTEND && (seconds < 1 || seconds > EXTEND_MAX_S)) {
		*err = "extend_seconds_invalid";
		return 400;
	}
	e = attempt_time_act(r->store, t.id, r->user.id, op, op == ATIME_EXTEND ? seconds : 0,
	    why);
	switch (e) {
	case ATIME_OK: return 200;
	case ATIME_CLOSED: *err = "attempt_closed"; return 409;
	case ATIME_PAUSED: *err = "attempt_already_paused"; return 409;
	case ATIME_NOT_PAUSED: *err = "attempt_not_paused"; return 409;
	default: *err = "internal_error"; return 500;
	}
}

/* The attempt's clock and record after a change, for the proctor. */
static int
reply_state(struct req *r, const char *public_id)
{
	struct attempt t;
	json_t *view, *out;

	if (!attempt_load(r->store, r->arena, public_id, &t))
		return reply_error(r, 500, "internal_error");
	view = attempt_view(r->store, r->arena, &t);
	out = json_pack("{s:s, s:O, s:O, s:O, s:O, s:o}", "id", t.public_id,
	    "state", json_object_get(view, "state"), "paused", json_object_get(view, "paused"),
	    "deadline", json_object_get(view, "deadline"),
	    "remaining_s", json_object_get(view, "remaining_s"),
	    "incidents", attempt_incidents(r->store, t.id));
	json_decref(view);
	return reply_json(r, 200, out);
}

static int
attempt_act(struct req *r, enum attempt_time_op op)
{
	json_t *in = req_json(r);
	const json_t *secs = json_object_get(in, "seconds");
	const char *id = req_param(r, "id"), *err = NULL;
	int status = api_attempt_time_as(r, id, op,
	    json_is_integer(secs) ? (long long)json_integer_value(secs) : 0,
	    json_string_value(json_object_get(in, op == ATIME_NOTE ? "note" : "reason")), &err);

	json_decref(in);
	return status == 200 ? reply_state(r, id) : reply_error(r, status, err);
}

int
api_attempt_pause(struct req *r)
{
	return attempt_act(r, ATIME_PAUSE);
}

int
api_attempt_resume(struct req *r)
{
	return attempt_act(r, ATIME_RESUME);
}

int
api_attempt_extend(struct req *r)
{
	return attempt_act(r, ATIME_EXTEND);
}

int
api_attempt_incident(struct req *r)
{
	return attempt_act(r, ATIME_NOTE);
}

int
api_sitting_time_as(struct req *r, long long sitting, int op, const char *why, int *n,
    const char **err)
{
	/* Another trainer's sitting, another proctor's, or none: 403
	 * either way, as for booking learners into one (api_user.c). */
	if (sitting < 1 || !owner_sitting_proctor(r->store, sitting, &r->user)) {
		*err = "sitting_not_yours";
		return 403;
	}
	if (text_ok(why, REASON_MAX, 0) == NULL) {
		*err = "time_reason_invalid";
		return 400;
	}
	if ((*n = attempt_sitting_act(r->store, sitting, r->user.id,
	    (enum attempt_time_op)op, why)) < 0) {
		*err = "internal_error";
		return 500;
	}
	return 200;
}

static int
sitting_act(struct req *r, enum attempt_time_op op)
{
	json_t *in = req_json(r);
	const char *id = req_param(r, "id"), *err = NULL;
	char *end = NULL;
	long long sitting = id != NULL ? strtoll(id, &end, 10) : 0;
	int n = 0, status;

	if (end == NULL || *end != '\0' || sitting < 1)
		status = reply_error(r, 404, "not_found");
	else if ((status = api_sitting_time_as(r, sitting, op,
	    json_string_value(json_object_get(in, "reason")), &n, &err)) != 200)
		status = reply_error(r, status, err);
	else
		status = reply_json(r, 200, json_pack("{s:I, s:i}", "sitting",
		    (json_int_t)sitting, op == ATIME_PAUSE ? "paused" : "resumed", n));
	json_decref(in);
	return status;
}

int
api_sitting_pause(struct req *r)
{
	return sitting_act(r, ATIME_PAUSE);
}

int
api_sitting_resume(struct req *r)
{
	return sitting_act(r, ATIME_RESUME);
}
