/*
 * ui_console_notice.c - the administrator's page for the personal-data
 * notice (/console/notice): its text in both languages, the current
 * version and its date. Every save is a new version, and every account
 * is asked to accept it on its next page (ui_consent.c); the earlier
 * versions stay readable at /privacy. consent.c checks and stores.
 */
#include "handlers.h"

#include <string.h>

#include "consent.h"
#include "owner.h"

static int
notice_page(struct req *r, int status, const char *en, const char *zh, const char *error)
{
	const char *lang = r->lang;
	struct consent_notice n;
	json_t *ctx;

	if (consent_current(r->store, r->arena, &n) != 0)
		return reply_error(r, 500, "internal_error");
	/* The form shows each language's text as it reads now: the bundled
	 * default filled in, until the admin saves their own. */
	if (en == NULL) {
		json_t *v;

		r->lang = "en";
		v = ui_consent_notice(r);
		en = v ? arena_strdup(r->arena, json_string_value(json_object_get(v, "text"))) : "";
		json_decref(v);
		r->lang = "zh-TW";
		v = ui_consent_notice(r);
		zh = v ? arena_strdup(r->arena, json_string_value(json_object_get(v, "text"))) : "";
		json_decref(v);
		r->lang = lang;
	}
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:b, s:b}", "title",
	    i18n_get(r->lang, "notice_console_title"), "text_en", en, "text_zh", zh ? zh : "",
	    "current", i18n_msg(r->arena, r->lang, "notice_version", "version",
	    arena_printf(r->arena, "%lld", (long long)n.version), "date",
	    ui_day_text(r->arena, r->lang, n.created_at), NULL),
	    "error", error ? i18n_get(r->lang, error) : NULL,
	    "saved", req_query(r, "saved") != NULL, "bundled", n.text_en == NULL);
	return reply_page(r, status, "console_notice", ctx);
}

int
ui_console_notice(struct req *r)
{
	if (!owner_notice(&r->user))
		return reply_error(r, 403, "forbidden");
	return notice_page(r, 200, NULL, NULL, NULL);
}

int
ui_console_notice_post(struct req *r)
{
	static const char *const fields[] = { "csrf", "text_en", "text_zh", NULL };
	const char *en = req_form(r, "text_en"), *zh = req_form(r, "text_zh");
	const char *unknown, *err = NULL;
	int64_t version;

	if (!owner_notice(&r->user))
		return reply_error(r, 403, "forbidden");
	if ((unknown = req_form_unknown(r, fields)) != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	if (consent_publish(r->store, en, zh, &version, &err) != 0)
		return notice_page(r, strcmp(err, "internal_error") == 0 ? 500 : 422,
		    en ? en : "", zh ? zh : "", err);
	return reply_redirect(r, "/console/notice?saved=1");
}
