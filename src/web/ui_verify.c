/*
 * ui_verify.c - the page a certificate's QR code opens: GET /v/{code}
 * (and /V/{code}, the QR's upper-case form). It shows what the JSON
 * verification shows (api_cert_check in api_cert.c, rate limit
 * included), with dates in words in the issuer's time zone and the
 * issuer's name. Depends on the certificate module (cert.h) and
 * timefmt.c (the issuer's zone, Minguo years).
 */
#include "handlers.h"

#include <string.h>

#include "cert.h"
#include "issuer.h"
#include "timefmt.h"

/* The day of secs in the issuer's zone: "2026-05-01", in zh-TW
 * "中華民國115年5月1日（2026-05-01）". From a. */
static char *
day_text(struct arena *a, const char *lang, long long secs)
{
	char day[16], minguo[64];

	timefmt_local(secs, TIMEFMT_DATE, day, sizeof day);
	if (strcmp(lang, "zh-TW") == 0 &&
	    timefmt_local(secs, TIMEFMT_MINGUO, minguo, sizeof minguo) == 0)
		return arena_printf(a, "%s（%s）", minguo, day);
	return arena_strdup(a, day);
}

/* Who issued it, in the other language too, and how to reach them:
 * "issuer_alt", "issuer_alt_lang", "issuer_contact" [{"href","text"}]. */
static void
verify_issuer(struct req *r, json_t *out)
{
	struct issuer is;
	int zh = strcmp(r->lang, "zh-TW") == 0;

	issuer_load_text(r->store, r->arena, &is);
	json_object_set_new(out, "issuer_alt", json_string(zh ? is.legal_en : is.legal_zh));
	json_object_set_new(out, "issuer_alt_lang", json_string(zh ? "en" : "zh-TW"));
	json_object_set_new(out, "issuer_contact", issuer_contact_json(&is, r->arena, NULL));
}

int
ui_verify(struct req *r)
{
	enum cert_status st = CERT_INVALID;
	int limited;
	json_t *out = api_cert_check(r, &st, &limited);
	const char *en, *zh;

	if (limited)
		return reply_error(r, 429, "too_many_verifications");
	json_object_set_new(out, "title", json_string(i18n_get(r->lang, "verify_title")));
	json_object_set_new(out, "is_valid", json_boolean(st == CERT_VALID));
	json_object_set_new(out, "is_revoked", json_boolean(st == CERT_REVOKED));
	json_object_set_new(out, "is_expired", json_boolean(st == CERT_EXPIRED));
	json_object_set_new(out, "is_invalid", json_boolean(st == CERT_INVALID));
	if (st != CERT_INVALID) {
		json_object_set_new(out, "issued_text", json_string(day_text(r->arena, r->lang,
		    json_integer_value(json_object_get(out, "issued_at")))));
		if (json_integer_value(json_object_get(out, "expires_at")) > 0)
			json_object_set_new(out, "expires_text", json_string(day_text(r->arena,
			    r->lang, json_integer_value(json_object_get(out, "expires_at")))));
		json_object_set_new(out, "score_text", json_string(arena_printf(r->arena, "%.1f",
		    json_real_value(json_object_get(out, "score")))));
	}
	cert_issuer(r->store, r->arena, &en, &zh);
	json_object_set_new(out, "issuer", json_string(strcmp(r->lang, "zh-TW") == 0 ? zh : en));
	verify_issuer(r, out);
	/* The issuer's own address, from its configuration, never from the
	 * request's Host header, which a proxy or an attacker could set. */
	json_object_set_new(out, "host", json_string(r->app->base_url));
	return reply_page(r, 200, "verify", out);
}
