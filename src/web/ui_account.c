/*
 * ui_account.c - GET /me, the learner's own page: every attempt with its
 * result (results_user) and every certificate with its download and
 * verification links (cert_list_user); beside each valid one "Add to
 * LinkedIn profile" and its share link (ui_cert_share), and a revoked one
 * says when and why instead of offering its PDF.
 */
#include "handlers.h"
#include "scorefmt.h"

#include "cert.h"
#include "results.h"
#include "timefmt.h"

void
ui_cert_revoked_notice(struct req *r, json_t *cert)
{
	json_int_t at = json_integer_value(json_object_get(cert, "revoked_at"));
	const char *by = json_string_value(json_object_get(cert, "superseded_by"));
	const char *why = json_string_value(json_object_get(cert, "revoke_reason"));
	char day[16];

	if (!json_is_object(cert) || at <= 0)
		return;
	timefmt_local(at, TIMEFMT_DATE, day, sizeof day);
	json_object_set_new(cert, "revoked_notice", json_string(by != NULL &&
	    (why == NULL || cert_reason_is_reissue(why, by)) ?
	    i18n_msg(r->arena, r->lang, "cert_notice_superseded", "date", day, "new", by, NULL) :
	    i18n_msg(r->arena, r->lang, "cert_notice_revoked", "date", day, "reason",
	    why ? why : "", NULL)));
}

int
ui_account(struct req *r)
{
	return ui_account_status(r, 200, NULL);
}

int
ui_account_status(struct req *r, int status, json_t *extra)
{
	json_t *ctx;
	json_t *attempts = results_user(r->store, r->user.id, r->lang), *certs, *t, *c;
	size_t i;

	json_array_foreach(attempts, i, t) {
		const json_t *pct = json_object_get(t, "percent"),
		    *fin = json_object_get(t, "finished_at");
		long long at = json_integer_value(json_is_integer(fin) ? fin :
		    json_object_get(t, "started_at"));

		json_object_set_new(t, "running", json_boolean(json_is_null(pct)));
		json_object_set_new(t, "score_text", json_string(json_is_null(pct) ? "" :
		    score_text(r->arena, json_real_value(pct), json_real_value(json_object_get(t,
		    "score")), json_real_value(json_object_get(t, "max_score")))));
		/* The day it finished (started, while running), as ISO dates
		 * read in both languages: short enough for a list. */
		json_object_set_new(t, "date", json_string(ui_day_text(r->arena, "en",
		    at / 1000)));
		json_object_set_new(t, "state", json_string(i18n_get(r->lang, arena_printf(
		    r->arena, "state_%s", json_string_value(json_object_get(t, "state"))))));
	}
	certs = cert_list_user(r->store, r->user.id, r->app->base_url, r->lang);
	json_array_foreach(certs, i, c) {
		json_object_set_new(c, "status_text", json_string(i18n_get(r->lang,
		    arena_printf(r->arena, "verify_%s", json_string_value(json_object_get(c,
		    "status"))))));
		ui_cert_share(r, c);
		ui_cert_revoked_notice(r, c);
	}
	ctx = json_pack("{s:s, s:o, s:o}", "title", i18n_get(r->lang, "account_title"),
	    "attempts", attempts, "certificates", certs);
	ui_account_names_ctx(r, ctx);
	ui_account_mail(r, ctx);
	if (extra != NULL)
		json_object_update(ctx, extra);
	json_decref(extra);
	return reply_page(r, status, "account", ctx);
}
