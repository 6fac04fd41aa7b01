/*
 * ui_cert_share.c - what a holder's pages (their result, their account)
 * offer beside a valid certificate: "Add to LinkedIn profile" and a link
 * to share (the verification page), with a Copy button (static/share.js;
 * without script the link is text to select).
 *
 * The LinkedIn link is its documented add-to-profile URL for a
 * certification: https://www.linkedin.com/profile/add?startTask=
 * CERTIFICATION_NAME with name (the exam), organizationName (the
 * issuer), issueYear and issueMonth, expirationYear and expirationMonth
 * (when it expires), certUrl (the verification URL) and certId (the
 * serial), every value percent-encoded; dates in the issuer's zone, names
 * in the page's language. Nothing is sent to LinkedIn by the server: the
 * holder's browser opens the link.
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

/* Appends &key=value with value percent-encoded (all but RFC 3986's
 * unreserved characters). */
static void
param(struct buf *b, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";

	buf_printf(b, "&%s=", key);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_raw(b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			buf_raw(b, e, 3);
		}
	}
}

static void
param_int(struct buf *b, const char *key, long long v)
{
	char num[24];

	snprintf(num, sizeof num, "%lld", v);
	param(b, key, num);
}

void
ui_cert_share(struct req *r, json_t *card)
{
	const char *serial = json_string_value(json_object_get(card, "serial"));
	const char *org_en, *org_zh, *verify;
	int zh = strcmp(r->lang, "zh-TW") == 0;
	struct timefmt_tm tm;
	struct buf b = BUF_INIT;
	struct cert c;

	if (serial == NULL || !cert_find(r->store, r->arena, serial, &c) || c.revoked_at != 0 ||
	    c.superseded_by != NULL ||
	    (c.expires_at != 0 && c.expires_at / 86400 < (int64_t)time(NULL) / 86400))
		return;
	cert_issuer(r->store, r->arena, &org_en, &org_zh);
	verify = cert_verify_url(r->arena, r->app->base_url, c.code);
	buf_str(&b, "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME");
	param(&b, "name", zh ? c.exam_zh : c.exam_en);
	param(&b, "organizationName", zh ? org_zh : org_en);
	timefmt_split(c.issued_at, timefmt_offset(), &tm);
	param_int(&b, "issueYear", tm.year);
	param_int(&b, "issueMonth", tm.month);
	if (c.expires_at != 0) {
		timefmt_split(c.expires_at, timefmt_offset(), &tm);
		param_int(&b, "expirationYear", tm.year);
		param_int(&b, "expirationMonth", tm.month);
	}
	param(&b, "certUrl", verify);
	param(&b, "certId", c.serial);
	json_object_set_new(card, "linkedin_url", json_string(b.data));
	json_object_set_new(card, "share_url", json_string(verify));
	buf_free(&b);
}
