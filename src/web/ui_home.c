/*
 * ui_home.c - the home page (GET /: the exams open now, a banner to
 * resume each attempt still running) and the language
 * switch that every page links (GET /lang/{code}).
 */
#include "handlers.h"

#include "account.h"
#include "attempt.h"
#include "exam_store.h"

int
ui_home(struct req *r)
{
	json_t *exams = exam_list(r->store, r->lang, 0, &r->user), *running = json_array();
	int64_t now = attempt_now_ms();
	size_t i;
	json_t *e;

	/* Minutes for people; the API keeps seconds. */
	json_array_foreach(exams, i, e) {
		struct attempt t;

		json_object_set_new(e, "minutes", json_integer(
		    json_integer_value(json_object_get(e, "duration_s")) / 60));
		if (r->user.id != 0 && attempt_running(r->store, r->arena,
		    json_string_value(json_object_get(e, "id")), r->user.id, &t) &&
		    t.deadline_ms > now)
			json_array_append_new(running, json_pack("{s:s, s:O, s:I}", "id", t.public_id,
			    "title", json_object_get(e, "title"),
			    "minutes_left", (json_int_t)((t.deadline_ms - now + 59999) / 60000)));
	}
	return reply_page(r, 200, "home", json_pack("{s:s, s:o, s:o}", "title",
	    i18n_get(r->lang, "app_name"), "exams", exams, "running", running));
}

/* GET /lang/{code}?next=/path: remembers the choice for a year (and on
 * the account when signed in). A plain link, so it works from every page
 * without a form or script; it changes nothing but the reader's own
 * preference. */
int
ui_home_lang(struct req *r)
{
	const char *lang = i18n_match(req_param(r, "code"));

	if (lang == NULL)
		return reply_error(r, 404, "not_found");
	reply_cookie(r, "lang", lang, 365L * 86400);
	/* Signed in, the account keeps it: its next sign-in, its slips. */
	if (r->user.id != 0)
		(void)account_set_lang(r->store, r->user.id, lang);
	return reply_redirect(r, req_safe_next(req_query(r, "next")));
}
