/*
 * ui_exam.c - an exam's start page for learners (GET /exams/{exam}: what
 * it asks, how long, the language to take it in, a running attempt to
 * resume) and its start button (POST /exams/{exam}/start), which opens
 * the attempt's pages (ui_attempt.c).
 */
#include "handlers.h"

#include <string.h>

#include "attempt.h"
#include "exam.h"
#include "exam_store.h"

static const char *
exam_title(struct req *r, const struct exam *e)
{
	return strcmp(r->lang, "zh-TW") == 0 ? e->title_zh : e->title_en;
}

int
ui_exam_start_page(struct req *r)
{
	const char *id = req_param(r, "exam");
	struct attempt running;
	struct exam e;
	json_t *ctx, *langs = json_array();

	if (!exam_load(r->store, r->arena, id, &e))
		return reply_error(r, 404, "exam_not_found");
	for (size_t i = 0; i < e.nlanguages; i++)
		json_array_append_new(langs, json_pack("{s:s, s:s, s:b}", "code", e.languages[i],
		    "name", strcmp(e.languages[i], "zh-TW") == 0 ? "繁體中文" : "English",
		    "checked", strcmp(e.languages[i], r->lang) == 0 ||
		    (i == 0 && strcmp(r->lang, "zh-TW") != 0 && strcmp(r->lang, "en") != 0)));
	ctx = json_pack("{s:s, s:s, s:s?, s:i, s:i, s:f, s:i, s:i, s:o, s:b}",
	    "exam_id", e.id, "title", exam_title(r, &e),
	    "description", strcmp(r->lang, "zh-TW") == 0 ? e.desc_zh : e.desc_en,
	    "minutes", e.duration_s / 60, "items", exam_item_count(&e),
	    "pass_percent", e.pass_percent, "attempts", e.attempts,
	    "grace_s", e.grace_s, "languages", langs,
	    "has_certificate", e.cert_valid_years > 0);
	if (r->user.id != 0 && attempt_running(r->store, r->arena, id, r->user.id, &running))
		json_object_set_new(ctx, "resume", json_string(running.public_id));
	if (r->user.time_multiplier > 1.0)
		json_object_set_new(ctx, "extra_minutes", json_integer(
		    (json_int_t)((r->user.time_multiplier - 1.0) * e.duration_s / 60)));
	return reply_page(r, 200, "exam_start", ctx);
}

int
ui_exam_start(struct req *r)
{
	const char *id = req_param(r, "exam");
	const char *lang = i18n_match(req_form(r, "lang"));
	struct attempt t;
	int created = 0;
	long wait_s = 0;
	enum attempt_err err;

	err = attempt_start(r->store, r->arena, id, &r->user, lang ? lang : r->lang,
	    &t, &created, &wait_s);
	if (err != ATTEMPT_OK)
		return api_attempt_refused(r, err, wait_s);
	return reply_redirect(r, arena_printf(r->arena, "/attempts/%s", t.public_id));
}
