/*
 * api_credential.c - certificates as Open Badges 3.0 credentials over
 * HTTP, and the status list they point to.
 *
 *   GET  /api/v1/certificates/{serial}/credential  holder or who manages the exam
 *   GET  /api/v1/status/1                          the signed Bitstring Status List
 *   POST /api/v1/credentials/verify                a credential in, the verdict out
 *
 * The page that checks an uploaded credential is ui_verify_credential.c;
 * both use api_credential_check. Depends on cert_ob3.h (building,
 * publishing, checking), owner.h and ratelimit.h.
 */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert_ob3.h"
#include "owner.h"
#include "ratelimit.h"

int
api_cert_credential(struct req *r)
{
	const char *serial = req_param(r, "serial");
	struct cert c;
	json_t *doc;

	if (serial == NULL || !cert_find(r->store, r->arena, serial, &c))
		return reply_error(r, 404, "certificate_not_found");
	/* As the PDF: the holder, or who manages the exam. A revoked one is
	 * still given: its status entry says it is revoked. */
	if (c.user_id != r->user.id && !owner_exam(r->store, c.exam_id, &r->user))
		return reply_error(r, 403, "certificate_not_yours");
	if ((doc = cert_ob3_credential(r->store, &r->app->key, r->app->base_url, &c)) == NULL)
		return reply_error(r, 500, "internal_error");
	reply_json(r, 200, doc);
	r->content_type = "application/vc+ld+json";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s.credential.json\"", c.serial));
	return 200;
}

int
api_status_list_credential(struct req *r)
{
	char etag[24], *text = cert_ob3_status_list(r->store, &r->app->key,
	    r->app->base_url, etag);
	const char *inm = req_header(r, "If-None-Match");

	if (text == NULL)
		return reply_error(r, 500, "internal_error");
	r->cacheable = 1;
	reply_header(r, "ETag", etag);
	reply_header(r, "Cache-Control", "public, max-age=300");
	r->content_type = "application/vc+ld+json";
	if (inm != NULL && strcmp(inm, etag) == 0) {
		free(text);
		return 304;
	}
	buf_str(&r->out, text);
	free(text);
	return 200;
}

json_t *
api_credential_check(struct req *r, const char *text, size_t len, enum cert_status *st,
    int *limited)
{
	json_t *doc, *out;
	char serial[64], num[16];
	int wait;

	*st = CERT_INVALID;
	*limited = 0;
	if (r->app->verify_per_minute > 0 &&
	    (wait = ratelimit_hit(r->addr, (int)r->app->verify_per_minute, 60, time(NULL))) > 0) {
		snprintf(num, sizeof num, "%d", wait);
		reply_header(r, "Retry-After", num);
		*limited = 1;
		return NULL;
	}
	doc = text != NULL && len <= API_CREDENTIAL_MAX ?
	    json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (doc == NULL) {
		cert_log_verification(r->store, NULL, CERT_INVALID, r->addr);
		return json_pack("{s:s, s:s, s:s}", "status", "invalid", "reason",
		    i18n_get(r->lang, "cred_why_form"), "detail",
		    text == NULL || len == 0 ? "no credential" : len > API_CREDENTIAL_MAX ?
		    "larger than 64 KB" : "not JSON");
	}
	out = cert_ob3_check(r->store, doc, r->lang, st, serial);
	json_decref(doc);
	cert_log_verification(r->store, *st == CERT_INVALID || !serial[0] ? NULL : serial,
	    *st, r->addr);
	return out;
}

int
api_credential_verify(struct req *r)
{
	enum cert_status st;
	int limited;
	json_t *out = api_credential_check(r, r->body, r->body ? r->body_len : 0, &st,
	    &limited);

	if (limited)
		return reply_error(r, 429, "too_many_verifications");
	return reply_json(r, 200, out);
}
