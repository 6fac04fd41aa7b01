/*
 * ui_consent.c - the personal-data notice (個資告知): its public page
 * (/privacy, every version with its date), the page that asks a signed-in
 * person to accept the current version (/consent), and the gate that
 * sends them there from any other page until they do. Versions and
 * acceptances are consent.c's.
 *
 * The gate holds pages only: API requests answer as before (a client
 * reads and accepts the notice through /api/v1/me/consent), and so do
 * the pages one needs to read the notice, to sign in or out, and the
 * public verification pages.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "consent.h"
#include "issuer.h"
#include "timefmt.h"

/* A version's text in lang: the stored one, else the bundled default
 * with the issuer's name and contact filled in. */
static const char *
notice_text(struct req *r, const char *en, const char *zh)
{
	struct issuer is;
	int zh_tw = strcmp(r->lang, "zh-TW") == 0;

	if (zh_tw ? zh != NULL : en != NULL)
		return zh_tw ? zh : en;
	issuer_load_text(r->store, r->arena, &is);
	return i18n_msg(r->arena, r->lang, "notice_default", "issuer",
	    zh_tw ? is.legal_zh : is.legal_en, "contact", *is.email ? is.email :
	    i18n_get(r->lang, "notice_contact_footer"), NULL);
}

static json_t *
version_json(struct req *r, json_int_t version, json_int_t at, const char *en, const char *zh)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "version", version, "date",
	    ui_day_text(r->arena, r->lang, at), "heading", i18n_msg(r->arena, r->lang,
	    "notice_version", "version", arena_printf(r->arena, "%lld", (long long)version),
	    "date", ui_day_text(r->arena, r->lang, at), NULL), "text", notice_text(r, en, zh));
}

json_t *
ui_consent_notice(struct req *r)
{
	struct consent_notice n;

	if (consent_current(r->store, r->arena, &n) != 0)
		return NULL;
	return version_json(r, n.version, n.created_at, n.text_en, n.text_zh);
}

int
ui_privacy(struct req *r)
{
	json_t *all = consent_versions(r->store), *v, *shown = json_array();
	size_t i;

	json_array_foreach(all, i, v)
		json_array_append_new(shown, version_json(r,
		    json_integer_value(json_object_get(v, "version")),
		    json_integer_value(json_object_get(v, "created_at")),
		    json_string_value(json_object_get(v, "text_en")),
		    json_string_value(json_object_get(v, "text_zh"))));
	json_decref(all);
	if (json_array_size(shown) == 0) {
		json_decref(shown);
		return reply_error(r, 500, "internal_error");
	}
	v = json_incref(json_array_get(shown, 0));
	json_array_remove(shown, 0);
	return reply_page(r, 200, "privacy", json_pack("{s:s, s:o, s:o}", "title",
	    i18n_get(r->lang, "notice_title"), "current", v, "earlier", shown));
}

static int
consent_page(struct req *r, int status, const char *error)
{
	json_t *n = ui_consent_notice(r), *before;
	const char *next = req_query(r, "next") ? req_query(r, "next") : req_form(r, "next");
	int again;

	if (n == NULL)
		return reply_error(r, 500, "internal_error");
	before = consent_user(r->store, r->user.id);
	again = json_array_size(before) > 0;	/* accepted an earlier version */
	json_decref(before);
	return reply_page(r, status, "consent", json_pack("{s:s, s:o, s:s, s:s?, s:b}",
	    "title", i18n_get(r->lang, "consent_title"), "notice", n, "next",
	    req_safe_next(next), "error", error ? i18n_get(r->lang, error) : NULL,
	    "again", again));
}

int
ui_consent_form(struct req *r)
{
	if (consent_ok(r->store, r->user.id))
		return reply_redirect(r, req_safe_next(req_query(r, "next")));
	return consent_page(r, 200, NULL);
}

int
ui_consent_post(struct req *r)
{
	static const char *const fields[] = { "csrf", "version", "agree", "next", NULL };
	const char *version = req_form(r, "version"), *err = NULL, *unknown;
	char *end;
	long long v;

	if ((unknown = req_form_unknown(r, fields)) != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	if (version == NULL || (v = strtoll(version, &end, 10)) <= 0 || *end != '\0')
		return reply_error(r, 400, "consent_version_invalid");
	if (req_form(r, "agree") == NULL)
		return consent_page(r, 422, "consent_required");
	if (consent_accept(r->store, r->user.id, v, &err) != 0)
		return consent_page(r, strcmp(err, "consent_version_stale") == 0 ? 409 : 500, err);
	return reply_redirect(r, req_safe_next(req_form(r, "next")));
}

/* The pages a person who has not accepted may still open; and, so that a
 * version saved during an exam loses nobody's answers, the exam page's
 * saves, its submission and its images (the next page asks). */
static int
ungated(const struct route *rt)
{
	static int (*const open[])(struct req *) = { ui_static, ui_home_lang, ui_healthz,
	    ui_auth_signin_form, ui_auth_signin, ui_auth_signout, ui_privacy,
	    ui_consent_form, ui_consent_post, ui_issuer_logo, ui_issuer_seal,
	    ui_issuer_privacy, ui_verify, ui_verify_lookup, api_cert_keys,
	    ui_verify_credential_form, ui_verify_credential, ui_attempt_save,
	    ui_attempt_submit, ui_media };

	for (size_t i = 0; i < sizeof open / sizeof *open; i++)
		if (rt->fn == open[i])
			return 1;
	return 0;
}

int
ui_consent_gate(struct req *r)
{
	struct buf loc = BUF_INIT;
	const char *to;

	/* Learners: the people whose data the notice is about (they
	 * register or come with an access code). Staff accounts are the
	 * issuer's own and made by an admin; they may accept it on /consent
	 * but are not stopped. */
	if (r->user.id == 0 || r->user.role != ROLE_LEARNER || r->api || r->bearer ||
	    ungated(r->route) || consent_ok(r->store, r->user.id))
		return 0;
	buf_str(&loc, "/consent");
	/* Back where they were going after accepting: a page, not a form's
	 * target (its fields are not kept). */
	if (strcmp(r->method, "GET") == 0 && strcmp(r->path, "/") != 0) {
		buf_str(&loc, "?next=");
		buf_url(&loc, r->path);
	}
	to = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return reply_redirect(r, to);
}
