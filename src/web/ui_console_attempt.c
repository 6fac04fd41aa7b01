/*
 * ui_console_attempt.c - GET /console/attempts/{id}: one attempt in
 * detail for who manages its exam (owner.h): the learner, times, the
 * grade item by item with the learner's answers (review.h), why a
 * certificate could not be issued, the integrity log (results_events),
 * and the time and incidents of exam day (attempt_incidents: pauses,
 * resumes, extensions, outages given back, notes).
 *
 * POST /console/attempts/{id}/time: the page's forms for them, one route
 * (do = pause, resume, extend with minutes, or note); the work and the
 * rule are api_attempt_time_as's. 303 back to the record.
 */
#include "handlers.h"
#include "scorefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "cert.h"
#include "owner.h"
#include "results.h"
#include "review.h"
#include "timefmt.h"

/* v as points read ("2.5", "1"); "" when it is not a number. */
static const char *
fmt_num(struct arena *a, const json_t *v)
{
	return json_is_number(v) ? score_points(a, json_number_value(v)) : "";
}

/* Puts the attempt's incidents, ready to show, into ctx ("incidents"),
 * and when it is paused since when ("paused_since"). */
static void
console_incidents(struct req *r, const struct attempt *t, json_t *ctx)
{
	json_t *list = attempt_incidents(r->store, t->id), *in;
	size_t i;

	json_array_foreach(list, i, in) {
		const char *at = json_string_value(json_object_get(in, "at"));
		json_int_t moved = json_integer_value(json_object_get(in, "moved_s"));
		const char *by = json_string_value(json_object_get(in, "by"));
		char when[32];
		long long secs = 0;

		/* "at" is ISO 8601 UTC; shown in the issuer's zone. */
		if (at != NULL && timefmt_utc_parse(at, &secs) == 0)
			timefmt_local(secs, TIMEFMT_SECOND, when, sizeof when);
		else
			snprintf(when, sizeof when, "%s", at ? at : "");
		json_object_set_new(in, "when", json_string(when));
		json_object_set_new(in, "kind_text", json_string(i18n_get(r->lang, arena_printf(
		    r->arena, "incident_%s", json_string_value(json_object_get(in, "kind"))))));
		json_object_set_new(in, "moved_text", json_string(moved > 0 ?
		    moved >= 3600 ? arena_printf(r->arena, "+%lld:%02lld:%02lld", (long long)moved / 3600,
		    (long long)moved / 60 % 60, (long long)moved % 60) :
		    arena_printf(r->arena, "+%lld:%02lld", (long long)moved / 60,
		    (long long)moved % 60) : ""));
		json_object_set_new(in, "by_text", json_string(i18n_msg(r->arena, r->lang,
		    "console_incident_by", "who", by ? by :
		    i18n_get(r->lang, "console_incident_server"), NULL)));
	}
	json_object_set_new(ctx, "incidents", list);
	if (t->paused_ms != 0 && strcmp(t->state, "running") == 0)
		json_object_set_new(ctx, "paused_since", json_string(ui_console_time(r->arena,
		    t->paused_ms / 1000, 0)));
}

int
ui_console_attempt(struct req *r)
{
	struct attempt t;
	struct user u;
	json_t *ctx, *items, *events, *ev, *def;
	const char *title, *why;
	size_t i;

	if (!attempt_load(r->store, r->arena, req_param(r, "id"), &t))
		return reply_error(r, 404, "attempt_not_found");
	if (!owner_exam(r->store, t.exam_id, &r->user))
		return reply_error(r, 403, "exam_not_yours");
	def = json_loads(t.exam_def, 0, NULL);
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
	    "title", i18n_get(r->lang, "console_attempt"), "id", t.public_id,
	    "exam_id", t.exam_id, "lang", t.lang, "running", strcmp(t.state, "running") == 0,
	    "state", i18n_get(r->lang, arena_printf(r->arena, "state_%s", t.state)),
	    "started", ui_console_time(r->arena, t.started_ms / 1000, 0),
	    "deadline", ui_console_time(r->arena, t.deadline_ms / 1000, 0));
	title = json_string_value(json_object_get(json_object_get(def, "title"), r->lang));
	json_object_set_new(ctx, "exam_title", json_string(title ? title : t.exam_id));
	json_decref(def);
	if (account_get(r->store, r->arena, t.user_id, &u)) {
		json_object_set_new(ctx, "login", json_string(u.login));
		json_object_set_new(ctx, "name", json_string(u.name));
		json_object_set_new(ctx, "name_alt", json_string(u.name_alt ? u.name_alt : ""));
		if (u.time_multiplier > 1.0)
			json_object_set_new(ctx, "multiplier", json_string(arena_printf(r->arena,
			    "%g", u.time_multiplier)));
	}
	if (t.graded) {
		json_t *it;

		json_object_set_new(ctx, "graded", json_true());
		json_object_set_new(ctx, "passed", json_boolean(t.passed));
		json_object_set_new(ctx, "percent", json_string(score_percent(r->arena,
		    t.percent)));
		json_object_set_new(ctx, "score", json_string(arena_printf(r->arena, "%s / %s",
		    score_points(r->arena, t.score), score_points(r->arena, t.max_score))));
		items = review_items(r->store, r->arena, &t, r->lang, 1);
		json_array_foreach(items, i, it)
			json_object_set_new(it, "fraction_text", json_string(fmt_num(r->arena,
			    json_object_get(it, "fraction"))));
		json_object_set_new(ctx, "items", items ? items : json_array());
	}
	if ((why = cert_issue_error(r->store, r->arena, t.id)) != NULL)
		json_object_set_new(ctx, "cert_error", json_string(ui_console_cert_error(r, why)));
	events = results_events(r->store, t.public_id);
	json_array_foreach(events, i, ev) {
		json_int_t ms = json_integer_value(json_object_get(ev, "at_ms"));
		char when[32];

		timefmt_local(ms / 1000, TIMEFMT_SECOND, when, sizeof when);
		json_object_set_new(ev, "when", json_string(when));
		json_object_set_new(ev, "kind_text", json_string(i18n_get(r->lang, arena_printf(
		    r->arena, "event_%s", json_string_value(json_object_get(ev, "kind"))))));
	}
	json_object_set_new(ctx, "events", events);
	console_incidents(r, &t, ctx);
	return reply_page(r, 200, "console_attempt", ctx);
}

int
ui_console_attempt_time(struct req *r)
{
	static const char *const dos[] = { "pause", "resume", "extend", "note", NULL };
	static const char *const fields[] = { "csrf", "do", "reason", "minutes", "note", NULL };
	const char *id = req_param(r, "id"), *what = req_form(r, "do"), *err = NULL;
	const char *minutes = req_form(r, "minutes"), *unknown;
	long long secs = 0;
	char *end = NULL;
	int op = -1, status;

	if ((unknown = req_form_unknown(r, fields)) != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	for (int i = 0; what != NULL && dos[i] != NULL; i++)
		if (strcmp(what, dos[i]) == 0)
			op = i;		/* the order of enum attempt_time_op */
	if (op < 0)
		return reply_error(r, 400, "console_time_do_invalid");
	if (op == ATIME_EXTEND) {
		long long m = minutes != NULL ? strtoll(minutes, &end, 10) : 0;

		/* Whole minutes; api_attempt_time_as bounds the seconds. */
		secs = end != NULL && end != minutes && *end == '\0' && m > 0 && m <= 100000 ?
		    m * 60 : 0;
	}
	status = api_attempt_time_as(r, id, op, secs,
	    req_form(r, op == ATIME_NOTE ? "note" : "reason"), &err);
	if (status != 200)
		return reply_error(r, status, err);
	return reply_redirect(r, arena_printf(r->arena, "/console/attempts/%s#incidents", id));
}
