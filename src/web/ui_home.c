/*
 * ui_home.c - the home page (GET /) and the language switch that every
 * page links (GET /lang/{code}).
 *
 * A visitor reads what aicert is and the exams open now. A signed-in
 * learner reads their own way first: a greeting, each attempt still
 * running with its Continue button on top, then the exams open to them,
 * their latest results and their certificates; the account page keeps
 * the whole history. On a phone the first exam is on the first screen.
 */
#include "handlers.h"

#include <string.h>

#include "account.h"
#include "attempt.h"
#include "cert.h"
#include "exam_store.h"
#include "results.h"
#include "scorefmt.h"

#define HOME_RESULTS 5	/* the latest results shown; /me has them all */

/* The learner's latest finished results and their valid certificates,
 * into ctx as "results" and "certificates"; whether they ever started an
 * exam (a returning learner is welcomed back) into "returning". */
static void
learner_ctx(struct req *r, json_t *ctx)
{
	json_t *attempts = results_user(r->store, r->user.id, r->lang), *results = json_array();
	json_t *certs = cert_list_user(r->store, r->user.id, r->app->base_url, r->lang);
	json_t *valid = json_array(), *t, *c;
	size_t i;

	json_array_foreach(attempts, i, t) {
		const json_t *pct = json_object_get(t, "percent");
		const json_t *fin = json_object_get(t, "finished_at");

		if (json_is_null(pct) || json_array_size(results) >= HOME_RESULTS)
			continue;
		json_array_append_new(results, json_pack("{s:O, s:O, s:O, s:s, s:s}",
		    "id", json_object_get(t, "id"), "title", json_object_get(t, "title"),
		    "passed", json_object_get(t, "passed"),
		    "score_text", score_text(r->arena, json_real_value(pct),
		    json_real_value(json_object_get(t, "score")),
		    json_real_value(json_object_get(t, "max_score"))),
		    "date", ui_day_text(r->arena, "en", json_integer_value(json_is_integer(fin) ?
		    fin : json_object_get(t, "started_at")) / 1000)));
	}
	json_array_foreach(certs, i, c)
		if (strcmp(json_string_value(json_object_get(c, "status")), "valid") == 0)
			json_array_append(valid, c);
	json_object_set_new(ctx, "returning", json_boolean(json_array_size(attempts) > 0));
	json_object_set_new(ctx, "results", results);
	json_object_set_new(ctx, "certificates", valid);
	json_decref(attempts);
	json_decref(certs);
}

int
ui_home(struct req *r)
{
	json_t *exams = exam_list(r->store, r->lang, 0, &r->user), *running = json_array();
	json_t *ctx;
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
		    t.deadline_ms > now) {
			long left = (long)((t.deadline_ms - now + 59999) / 60000);

			json_array_append_new(running, json_pack("{s:s, s:O, s:s}", "id", t.public_id,
			    "title", json_object_get(e, "title"), "left_text", i18n_msg(r->arena,
			    r->lang, "home_resume_minutes", "n", arena_printf(r->arena, "%ld", left),
			    NULL)));
			json_object_set_new(e, "running", json_true());
		}
	}
	ctx = json_pack("{s:s, s:o, s:o, s:b}", "title", i18n_get(r->lang, "app_name"),
	    "exams", exams, "running", running,
	    "password_set", r->user.id != 0 && req_query(r, "password_set") != NULL);
	if (r->user.id != 0)
		learner_ctx(r, ctx);
	return reply_page(r, 200, "home", ctx);
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
