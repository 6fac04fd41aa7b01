/*
 * ui_verify.c - the page a certificate's QR code opens: GET /v/{code}
 * (and /V/{code}, the QR's upper-case form). It shows what the JSON
 * verification shows (api_cert_check in api_cert.c, rate limit
 * included), with dates in words in the issuer's time zone and the
 * issuer's name; for a certificate of another issuer the server's trust
 * list names, that issuer's names, a link to its own page and a note
 * that its revocation is not known here. Depends on the certificate
 * module (cert.h) and timefmt.c (the issuer's zone, Minguo years).
 * GET /verify finds the same page from what a paper copy prints
 * (cert_lookup).
 */
#include "handlers.h"
#include "scorefmt.h"

#include <string.h>

#include "cert.h"
#include "issuer.h"
#include "timefmt.h"

/* The day of secs in the issuer's zone: "2026-05-01", in zh-TW
 * "中華民國115年5月1日（2026-05-01）". From a. */
char *
ui_day_text(struct arena *a, const char *lang, long long secs)
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

/* The page of a checked certificate (out from api_cert_check_code, st its
 * status). */
static int
verify_page(struct req *r, json_t *out, enum cert_status st)
{
	const char *en, *zh;
	int revoked = st == CERT_REVOKED;

	json_object_set_new(out, "title", json_string(i18n_get(r->lang, "verify_title")));
	json_object_set_new(out, "is_valid", json_boolean(st == CERT_VALID));
	json_object_set_new(out, "is_revoked", json_boolean(revoked));
	json_object_set_new(out, "is_expired", json_boolean(st == CERT_EXPIRED));
	json_object_set_new(out, "is_invalid", json_boolean(st == CERT_INVALID));
	if (st != CERT_INVALID) {
		json_object_set_new(out, "issued_text", json_string(ui_day_text(r->arena, r->lang,
		    json_integer_value(json_object_get(out, "issued_at")))));
		/* A revoked certificate is valid until nothing: its end date
		 * would only mislead a reader who skims. */
		if (!revoked)
			json_object_set_new(out, "show_expires", json_true());
		if (json_integer_value(json_object_get(out, "expires_at")) > 0)
			json_object_set_new(out, "expires_text", json_string(ui_day_text(r->arena,
			    r->lang, json_integer_value(json_object_get(out, "expires_at")))));
		json_object_set_new(out, "score_text", json_string(score_percent(r->arena,
		    json_real_value(json_object_get(out, "score")))));
	}
	if (revoked && json_integer_value(json_object_get(out, "revoked_at")) > 0) {
		const char *by = json_string_value(json_object_get(out, "superseded_by"));
		const char *why = json_string_value(json_object_get(out, "revoke_reason"));
		struct cert now;

		json_object_set_new(out, "revoked_text", json_string(ui_day_text(r->arena, r->lang,
		    json_integer_value(json_object_get(out, "revoked_at")))));
		/* A re-issue's reason is stored in English for the records: the
		 * page says it in its own language. */
		if (by != NULL)
			json_object_set_new(out, "superseded_text", json_string(i18n_msg(r->arena,
			    r->lang, "verify_superseded", "serial", by, NULL)));
		/* the replacement's own page, for whoever holds the old paper */
		if (by != NULL && cert_find(r->store, r->arena, by, &now))
			json_object_set_new(out, "superseded_url", json_string(arena_printf(r->arena,
			    "/v/%s", now.code)));
		/* revoked for a reason first, re-issued since: both */
		if (json_is_true(json_object_get(out, "withdrawn")))
			json_object_set_new(out, "reason_text", json_string(i18n_get(r->lang,
			    "verify_withdrawn_reason")));
		else if (why != NULL && !cert_reason_is_reissue(why, by))
			json_object_set_new(out, "reason_text", json_string(why));
	}
	cert_issuer(r->store, r->arena, &en, &zh);
	json_object_set_new(out, "issuer", json_string(strcmp(r->lang, "zh-TW") == 0 ? zh : en));
	if (json_object_get(out, "listed_issuer") != NULL)
		listed_issuer(r, out);
	else
		verify_issuer(r, out);
	/* The issuer's own address, from its configuration, never from the
	 * request's Host header, which a proxy or an attacker could set. */
	json_object_set_new(out, "host", json_string(r->app->base_url));
	return reply_page(r, 200, "verify", out);
}

int
ui_verify(struct req *r)
{
	enum cert_status st = CERT_INVALID;
	int limited;
	json_t *out = api_cert_check(r, &st, &limited);

	if (limited)
		return reply_error(r, 429, "too_many_verifications");
	return verify_page(r, out, st);
}

/* GET /verify: a paper copy looked up by its serial and the holder's name
 * as printed, or its serial and printed check code; a plain GET form, so
 * it works without script and its result can be bookmarked. A match shows
 * the page its QR opens; a mismatch the form again, with one message that
 * does not say which part was wrong. */
int
ui_verify_lookup(struct req *r)
{
	static const char *const known[] = { "serial", "name", "check", NULL };
	const char *unknown = api_cert_query_unknown(r, known), *serial = req_query(r, "serial");
	const char *name = req_query(r, "name"), *check = req_query(r, "check");
	int by_check = check != NULL && *check != '\0', rc;
	json_t *ctx, *out;
	enum cert_status st;
	char *code;

	if (unknown != NULL)
		return reply_error_field(r, 400, "query_field_unknown", unknown);
	ctx = json_pack("{s:s, s:s, s:s, s:s}", "title", i18n_get(r->lang, "lookup_title"),
	    "serial", serial ? serial : "", "name", name ? name : "", "check", check ? check : "");
	if (serial == NULL && name == NULL && check == NULL)
		return reply_page(r, 200, "verify_lookup", ctx);
	if (serial == NULL || *serial == '\0' || (!by_check && (name == NULL || *name == '\0')) ||
	    strlen(serial) > 200 || (name && strlen(name) > 1000) || (check && strlen(check) > 100)) {
		json_object_set_new(ctx, "error", json_string(i18n_get(r->lang,
		    "lookup_incomplete")));
		return reply_page(r, 400, "verify_lookup", ctx);
	}
	if (api_cert_rate_limited(r)) {
		json_decref(ctx);
		return reply_error(r, 429, "too_many_verifications");
	}
	/* Both filled in: the check code decides (it is the stricter). */
	rc = cert_lookup(r->store, r->arena, serial, by_check ? NULL : name,
	    by_check ? check : NULL, &code);
	if (rc < 0) {
		json_decref(ctx);
		return reply_error(r, 500, "internal_error");
	}
	if (rc == 0) {
		cert_log_verification_via(r->store, NULL, CERT_INVALID, r->addr,
		    by_check ? CERT_VIA_CHECK : CERT_VIA_NAME);
		json_object_set_new(ctx, "error", json_string(i18n_get(r->lang, "lookup_no_match")));
		return reply_page(r, 404, "verify_lookup", ctx);
	}
	json_decref(ctx);
	/* st is set by the check: read it only after (the order in which a
	 * call's arguments are evaluated is unspecified) */
	out = api_cert_check_code(r, code, by_check ? CERT_VIA_CHECK : CERT_VIA_NAME, &st, NULL);
	return verify_page(r, out, st);
}
