/*
 * ui_verify.c - the page a certificate's QR code opens: GET /v/{code}
 * (and /V/{code}, the QR's upper-case form). It shows what the JSON
 * verification shows (api_cert_check in api_cert.c, rate limit
 * included), with dates in words in the issuer's time zone and the
 * issuer's name; for a certificate of another issuer the server's trust
 * list names, that issuer's names, a link to its own page and a note
 * that its revocation is not known here. Depends on the certificate module (cert.h) and
 * timefmt.c (the issuer's zone, Minguo years).
 */
#include "handlers.h"

#include <string.h>

#include "cert.h"
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

/* A certificate of another issuer named by the trust list (its
 * "listed_issuer", api_cert_check): that issuer's names in both
 * languages replace this issuer's, with a link to the same code on its
 * own verification page, where its revocations are known. */
static void
listed_issuer(struct req *r, json_t *out)
{
	json_t *li = json_object_get(out, "listed_issuer");
	const char *en = json_string_value(json_object_get(json_object_get(li, "name"), "en"));
	const char *zh = json_string_value(json_object_get(json_object_get(li, "name"), "zh-TW"));
	const char *url = json_string_value(json_object_get(li, "url"));
	const char *code = req_param(r, "code");
	char *up, *link;

	if (en == NULL || zh == NULL || url == NULL)
		return;
	/* The code as the QR has it, on the address as the list has it
	 * (whose path may be case-sensitive); a code not spelt in base32
	 * alone (white space around it) links the issuer's address only. */
	up = arena_strdup(r->arena, code ? code : "");
	link = arena_strdup(r->arena, url);
	for (char *p = up; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '2' && *p <= '7')))
			break;
		if (p[1] == '\0')
			link = arena_printf(r->arena, "%s/v/%s", url, up);
	}
	json_object_set_new(out, "issuer", json_string(strcmp(r->lang, "zh-TW") == 0 ?
	    arena_printf(r->arena, "%s（%s）", zh, en) : arena_printf(r->arena, "%s (%s)", en, zh)));
	json_object_set_new(out, "other_issuer", json_pack("{s:s, s:s, s:s}",
	    "url", url, "link", link,
	    "trust_list", json_string_value(json_object_get(li, "trust_list"))));
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
	listed_issuer(r, out);
	/* The issuer's own address, from its configuration, never from the
	 * request's Host header, which a proxy or an attacker could set. */
	json_object_set_new(out, "host", json_string(r->app->base_url));
	return reply_page(r, 200, "verify", out);
}
