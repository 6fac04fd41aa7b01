/*
 * ui_account.c - GET /me, the learner's own page: every attempt with its
 * result (results_user) and every certificate with its download and
 * verification links (cert_list_user), and beside each valid one "Add to
 * LinkedIn profile" and its share link (ui_cert_share).
 */
#include "handlers.h"

#include "cert.h"
#include "results.h"

int
ui_account(struct req *r)
{
	json_t *attempts = results_user(r->store, r->user.id, r->lang), *certs, *t, *c;
	size_t i;

	json_array_foreach(attempts, i, t) {
		const json_t *pct = json_object_get(t, "percent");

		json_object_set_new(t, "running", json_boolean(json_is_null(pct)));
		json_object_set_new(t, "percent", json_string(json_is_null(pct) ? "" :
		    arena_printf(r->arena, "%.1f", json_real_value(pct))));
		json_object_set_new(t, "state", json_string(i18n_get(r->lang, arena_printf(
		    r->arena, "state_%s", json_string_value(json_object_get(t, "state"))))));
	}
	certs = cert_list_user(r->store, r->user.id, r->app->base_url, r->lang);
	json_array_foreach(certs, i, c) {
		json_object_set_new(c, "status_text", json_string(i18n_get(r->lang,
		    arena_printf(r->arena, "verify_%s", json_string_value(json_object_get(c,
		    "status"))))));
		ui_cert_share(r, c);
	}
	return reply_page(r, 200, "account", json_pack("{s:s, s:o, s:o}", "title",
	    i18n_get(r->lang, "account_title"), "attempts", attempts, "certificates", certs));
}
