/*
 * ui_exam.c - an exam's start page for learners (GET /exams/{exam}: what
 * it asks, how long, the language to take it in, a running attempt to
 * resume, attempts left, the next retake, a certificate held, and why a
 * start is impossible now) and its start button (POST /exams/{exam}/start),
 * which opens the attempt's pages (ui_attempt.c) or shows the same page
 * with the reason. The standing is attempt_standing's (attempt_rules.c),
 * the rule attempt_start enforces.
 */
#include "handlers.h"

#include <string.h>

#include "attempt.h"
#include "exam.h"
#include "exam_store.h"
#include "programme.h"
#include "timefmt.h"

static const char *
exam_title(struct req *r, const struct exam *e)
{
	return strcmp(r->lang, "zh-TW") == 0 ? e->title_zh : e->title_en;
}

/* Unix time secs in the server's zone, "2026-05-01 09:30"; an open end
 * (0) as the catalog's words for it. */
static const char *
when(struct req *r, long long secs)
{
	char out[32];

	if (secs <= 0)
		return i18n_get(r->lang, "start_open_end");
	timefmt_local(secs, TIMEFMT_MINUTE, out, sizeof out);
	return arena_strdup(r->arena, out);
}

/* The server's zone as people call it ("Taiwan time"), else its name. */
static const char *
zone(struct req *r)
{
	const char *key = arena_printf(r->arena, "zone_%s", timefmt_zone());
	const char *name = i18n_get(r->lang, key);

	return strcmp(name, key) != 0 ? name : timefmt_zone();
}

json_t *
ui_exam_standing(struct req *r, const struct exam *e, int err, const char **why)
{
	struct attempt_standing sd;
	struct cert c;
	json_t *o = json_object();

	*why = NULL;
	if (r->user.id == 0 || attempt_standing(r->store, r->arena, e, r->user.id, &sd) != 0)
		return o;
	json_object_set_new(o, "attempts_used", json_integer(sd.used));
	if (sd.left >= 0)
		json_object_set_new(o, "attempts_left", json_integer(sd.left));
	if (sd.retake_ms > 0) {
		long long at = (sd.retake_ms + 999) / 1000;

		json_object_set_new(o, "retry_at", json_integer(at));
		json_object_set_new(o, "retry_at_text", json_string(when(r, at)));
	}
	if (sd.cert_serial != NULL && cert_find(r->store, r->arena, sd.cert_serial, &c)) {
		json_t *held = json_pack("{s:s, s:s, s:s}", "serial", c.serial,
		    "pdf_url", arena_printf(r->arena, "/api/v1/certificates/%s.pdf", c.serial),
		    "verify_url", cert_verify_url(r->arena, r->app->base_url, c.code));

		cert_put_revocation(held, &c);
		ui_cert_revoked_notice(r, held);
		json_object_set_new(o, "certificate", held);
	}
	if (sd.sitting_name != NULL)
		json_object_set_new(o, "sitting", json_pack("{s:s, s:I, s:I}",
		    "name", sd.sitting_name, "opens_at", (json_int_t)sd.sitting_opens,
		    "closes_at", (json_int_t)sd.sitting_closes));
	switch (err != ATTEMPT_OK ? (enum attempt_err)err : sd.why) {
	case ATTEMPT_PASSED:
		*why = i18n_get(r->lang, "start_why_passed");
		break;
	case ATTEMPT_NO_MORE:
		*why = i18n_get(r->lang, "no_attempts_left");
		break;
	case ATTEMPT_WAIT:
		*why = i18n_msg(r->arena, r->lang, "start_why_wait", "when",
		    when(r, (sd.retake_ms + 999) / 1000), "zone", zone(r), NULL);
		break;
	case ATTEMPT_SITTING:
		*why = i18n_msg(r->arena, r->lang, "start_why_sitting", "name",
		    sd.sitting_name ? sd.sitting_name : "", "opens", when(r, sd.sitting_opens),
		    "closes", when(r, sd.sitting_closes), "zone", zone(r), NULL);
		break;
	case ATTEMPT_NOT_OPEN:
		*why = i18n_get(r->lang, "exam_not_open");
		break;
	case ATTEMPT_CHECKIN:
		*why = sd.sitting_id > 0 ? i18n_msg(r->arena, r->lang, "start_why_checkin",
		    "name", sd.sitting_name ? sd.sitting_name : "", NULL) :
		    i18n_get(r->lang, "start_why_checkin_none");
		break;
	default:
		break;
	}
	return o;
}

/* The start page of e, with why a start is refused (err, or what the
 * learner's standing says when err is ATTEMPT_OK), as status. */
static int
start_page(struct req *r, const struct exam *e, int status, int err)
{
	struct attempt running;
	const char *why = NULL;
	json_t *ctx, *langs = json_array(), *standing;

	for (size_t i = 0; i < e->nlanguages; i++)
		json_array_append_new(langs, json_pack("{s:s, s:s, s:b}", "code", e->languages[i],
		    "name", strcmp(e->languages[i], "zh-TW") == 0 ? "繁體中文" : "English",
		    "checked", strcmp(e->languages[i], r->lang) == 0 ||
		    (i == 0 && strcmp(r->lang, "zh-TW") != 0 && strcmp(r->lang, "en") != 0)));
	ctx = json_pack("{s:s, s:s, s:s?, s:i, s:i, s:f, s:i, s:i, s:o, s:b}",
	    "exam_id", e->id, "title", exam_title(r, e),
	    "description", strcmp(r->lang, "zh-TW") == 0 ? e->desc_zh : e->desc_en,
	    "minutes", e->duration_s / 60, "items", exam_item_count(e),
	    "pass_percent", e->pass_percent, "attempts", e->attempts,
	    "grace_s", e->grace_s, "languages", langs,
	    "has_certificate", e->cert_valid_years > 0 && !programme_has_exam(r->store, e->id));
	json_object_set_new(ctx, "programmes", ui_programme_progress(r, e->id, r->user.id));
	if (r->user.id != 0 && attempt_running(r->store, r->arena, e->id, r->user.id, &running))
		json_object_set_new(ctx, "resume", json_string(running.public_id));
	else if (r->user.id != 0) {
		standing = ui_exam_standing(r, e, err, &why);
		if (json_object_get(standing, "attempts_left") != NULL)	/* 0 shown too */
			json_object_set_new(standing, "left_text", json_string(arena_printf(r->arena,
			    "%lld", (long long)json_integer_value(json_object_get(standing,
			    "attempts_left")))));
		/* Only a list with something in it is shown. */
		json_object_set_new(standing, "shown", json_boolean(
		    json_object_get(standing, "left_text") != NULL ||
		    json_integer_value(json_object_get(standing, "attempts_used")) > 0 ||
		    json_object_get(standing, "retry_at") != NULL ||
		    json_object_get(standing, "certificate") != NULL));
		json_object_set_new(ctx, "standing", standing);
		if (why != NULL)
			json_object_set_new(ctx, "why", json_string(why));
	}
	if (r->user.time_multiplier > 1.0)
		json_object_set_new(ctx, "extra_minutes", json_integer(
		    (json_int_t)((r->user.time_multiplier - 1.0) * e->duration_s / 60)));
	return reply_page(r, status, "exam_start", ctx);
}

int
ui_exam_start_page(struct req *r)
{
	struct exam e;
	int status;

	if (!exam_load(r->store, r->arena, req_param(r, "exam"), &e))
		return reply_error(r, 404, "exam_not_found");
	if ((status = ui_seb_gate(r, e.id)) != 0)
		return status;
	return start_page(r, &e, 200, ATTEMPT_OK);
}

int
ui_exam_start(struct req *r)
{
	const char *id = req_param(r, "exam");
	const char *lang = i18n_match(req_form(r, "lang"));
	struct attempt t;
	struct exam e;
	int created = 0;
	long wait_s = 0;
	int status;
	enum attempt_err err;

	if (!exam_load(r->store, r->arena, id, &e))
		return reply_error(r, 404, "exam_not_found");
	if ((status = ui_seb_gate(r, id)) != 0)
		return status;
	err = attempt_start(r->store, r->arena, id, &r->user, lang ? lang : r->lang,
	    &t, &created, &wait_s);
	if (err == ATTEMPT_OK)
		return reply_redirect(r, arena_printf(r->arena, "/attempts/%s", t.public_id));
	/* A rule of the exam or the learner's standing: the page says which. */
	if (err == ATTEMPT_NOT_OPEN || err == ATTEMPT_NO_MORE || err == ATTEMPT_WAIT ||
	    err == ATTEMPT_PASSED || err == ATTEMPT_SITTING || err == ATTEMPT_CHECKIN)
		return start_page(r, &e, err == ATTEMPT_NOT_OPEN || err == ATTEMPT_SITTING ||
		    err == ATTEMPT_CHECKIN ? 403 : 409, err);
	return api_attempt_refused(r, err, wait_s);
}
