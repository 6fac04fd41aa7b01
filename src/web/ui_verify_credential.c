/*
 * ui_verify_credential.c - the page that checks an Open Badges 3.0
 * credential a holder gave you: GET /verify/credential (the form: a file
 * or pasted JSON) and POST /verify/credential (the verdict above the
 * form). Public, without a CSRF token (it changes nothing but the
 * verification log), at most 64 KB, rate-limited as /v/ is. It shows
 * what POST /api/v1/credentials/verify answers (api_credential_check).
 */
#include "handlers.h"

#include <string.h>

#include "multipart.h"

static int
page(struct req *r, json_t *ctx)
{
	json_object_set_new(ctx, "title", json_string(i18n_get(r->lang, "cred_title")));
	json_object_set_new(ctx, "host", json_string(r->app->base_url));
	return reply_page(r, 200, "verify_credential", ctx);
}

int
ui_verify_credential_form(struct req *r)
{
	return page(r, json_object());
}

int
ui_verify_credential(struct req *r)
{
	const char *text = NULL, *en, *zh;
	size_t len = 0;
	enum cert_status st;
	int limited;
	json_t *out;

	/* A chosen file wins over the text box; a form without script sends
	 * either as multipart, a script may send urlencoded. */
	for (const struct part *p = r->parts; p != NULL; p = p->next)
		if (strcmp(p->name, "file") == 0 && p->filename != NULL && p->len > 0) {
			text = p->data;
			len = p->len;
			break;
		} else if (strcmp(p->name, "credential") == 0 && text == NULL && p->len > 0) {
			text = p->data;
			len = p->len;
		}
	if (text == NULL && r->parts == NULL && (text = req_form(r, "credential")) != NULL)
		len = strlen(text);
	out = api_credential_check(r, text, len, &st, &limited);
	if (limited)
		return reply_error(r, 429, "too_many_verifications");
	json_object_set_new(out, "checked", json_true());
	json_object_set_new(out, "is_valid", json_boolean(st == CERT_VALID));
	json_object_set_new(out, "is_revoked", json_boolean(st == CERT_REVOKED));
	json_object_set_new(out, "is_expired", json_boolean(st == CERT_EXPIRED));
	json_object_set_new(out, "is_invalid", json_boolean(st == CERT_INVALID));
	if (st != CERT_INVALID) {
		json_object_set_new(out, "score_text", json_string(arena_printf(r->arena, "%g",
		    json_number_value(json_object_get(out, "score")))));
		json_object_set_new(out, "issued_text", json_string(ui_day_text(r->arena, r->lang,
		    json_integer_value(json_object_get(out, "issued_at")))));
		if (json_integer_value(json_object_get(out, "expires_at")) > 0)
			json_object_set_new(out, "expires_text", json_string(ui_day_text(r->arena,
			    r->lang, json_integer_value(json_object_get(out, "expires_at")))));
	}
	cert_issuer(r->store, r->arena, &en, &zh);
	json_object_set_new(out, "issuer", json_string(strcmp(r->lang, "zh-TW") == 0 ? zh : en));
	return page(r, out);
}
