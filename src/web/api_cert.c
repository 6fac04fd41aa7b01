/*
 * api_cert.c - certificates over HTTP: download, verification (JSON),
 * revocation, re-issue, the status list and the key set.
 *
 *   GET  /api/v1/certificates                   the caller's certificates
 *   GET  /api/v1/certificates/{serial}.pdf      holder or trainer
 *   POST /api/v1/certificates/{serial}/revoke   trainer {"reason"}
 *   POST /api/v1/certificates/{serial}/reissue  trainer: new serial, old superseded
 *   GET  /api/v1/status-list                    signed list of revocations
 *   GET  /api/v1/verify/{code}                  JSON status
 *   GET  /api/v1/lookup?serial=S&name=N|check=C the same, found without the code
 *   GET  /.well-known/aicert-keys.json          the issuer's public keys
 *
 * The page a QR opens (/v/{code}) is ui_verify.c; it shows what
 * api_cert_check finds, as the JSON does.
 */
#include "handlers.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert.h"
#include "exam_store.h"
#include "owner.h"
#include "ratelimit.h"
#include "timefmt.h"

int
api_cert_list(struct req *r)
{
	return reply_json(r, 200, cert_list_user(r->store, r->user.id, r->app->base_url, r->lang));
}

/* {serial} from "{serial}.pdf". */
static char *
serial_of(struct req *r)
{
	const char *f = req_param(r, "file");
	size_t n = f ? strlen(f) : 0;

	if (n < 5 || strcmp(f + n - 4, ".pdf") != 0)
		return NULL;
	return arena_strndup(r->arena, f, n - 4);
}

/* 410 for the PDF of a revoked certificate: the date and reason (or the
 * serial that replaced it), as a page to a browser, else as JSON. */
static int
pdf_refused(struct req *r, const struct cert *c)
{
	const char *accept = req_header(r, "Accept");
	char day[16], *msg;

	timefmt_local(c->revoked_at, TIMEFMT_DATE, day, sizeof day);
	msg = c->superseded_by ? i18n_msg(r->arena, r->lang, "cert_pdf_superseded", "serial",
	    c->serial, "date", day, "new", c->superseded_by, NULL) :
	    i18n_msg(r->arena, r->lang, "cert_pdf_revoked", "serial", c->serial, "date", day,
	    "reason", c->revoke_reason ? c->revoke_reason : "", NULL);
	if (accept != NULL && strstr(accept, "text/html") != NULL) {
		r->api = 0;
		return reply_page(r, 410, "error", json_pack("{s:i, s:s, s:b}", "status", 410,
		    "message", msg, "signin", 0));
	}
	return reply_json(r, 410, json_pack("{s:s, s:s, s:I, s:s?, s:s?}", "error", msg,
	    "status", "revoked", "revoked_at", (json_int_t)c->revoked_at,
	    "revoke_reason", c->revoke_reason, "superseded_by", c->superseded_by));
}

int
api_cert_pdf(struct req *r)
{
	char *serial = serial_of(r);
	unsigned char *pdf = NULL;
	size_t len = 0;
	struct cert c;

	if (serial == NULL || !cert_find(r->store, r->arena, serial, &c))
		return reply_error(r, 404, "certificate_not_found");
	/* The holder, or who manages the exam (not any trainer). */
	if (c.user_id != r->user.id && !owner_exam(r->store, c.exam_id, &r->user))
		return reply_error(r, 403, "certificate_not_yours");
	/* A revoked certificate's PDF would still look valid on paper: its
	 * holder gets the revocation instead (those who manage the exam keep
	 * it for their records). */
	if (c.revoked_at && !owner_exam(r->store, c.exam_id, &r->user))
		return pdf_refused(r, &c);
	/* Rendered once, normally right after issuing; the first download
	 * renders it if that has not happened yet (this route is slow-flagged). */
	if (!cert_pdf_load(r->store, serial, &pdf, &len) &&
	    (cert_render(r->store, serial, r->app->base_url) != 0 ||
	    !cert_pdf_load(r->store, serial, &pdf, &len)))
		return reply_error(r, 500, "internal_error");
	buf_raw(&r->out, (const char *)pdf, len);
	free(pdf);
	r->content_type = "application/pdf";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "inline; filename=\"%s.pdf\"", serial));
	reply_header(r, "Cache-Control", "private, max-age=3600");
	r->cacheable = 1;
	return 200;
}

int
api_cert_revoke_as(struct req *r, const char *serial, const char *reason,
    const char **err, int *already)
{
	struct cert c;
	int rc;

	*already = 0;
	if (reason == NULL || *reason == '\0' || strlen(reason) > 200 || strchr(reason, '\n')) {
		*err = "reason_required";
		return 400;
	}
	if (serial == NULL || !cert_find(r->store, r->arena, serial, &c)) {
		*err = "certificate_not_found";
		return 404;
	}
	/* Only a trainer who manages the exam may revoke what it awarded. */
	if (!owner_exam(r->store, c.exam_id, &r->user)) {
		*err = "exam_not_yours";
		return 403;
	}
	if ((rc = cert_revoke(r->store, serial, reason, r->user.id)) <= 0) {
		*err = rc == 0 ? "certificate_not_found" : "internal_error";
		return rc == 0 ? 404 : 500;
	}
	*already = rc == 2;
	return 200;
}

int
api_cert_revoke(struct req *r)
{
	json_t *in = req_json(r);
	const char *err = NULL;
	int already, status = api_cert_revoke_as(r, req_param(r, "serial"),
	    in ? json_string_value(json_object_get(in, "reason")) : NULL, &err, &already);

	json_decref(in);
	if (status != 200)
		return reply_error(r, status, err);
	return reply_json(r, 200, json_pack("{s:s, s:s, s:b}", "serial", req_param(r, "serial"),
	    "status", "revoked", "already", already));
}

int
api_cert_reissue(struct req *r)
{
	char *serial = NULL;
	struct cert c;
	int rc;

	/* Re-issuing revokes the old serial: the same rule as revoking (the
	 * matrix found any trainer could re-issue another trainer's). */
	if (!cert_find(r->store, r->arena, req_param(r, "serial"), &c))
		return reply_error(r, 404, "certificate_not_found");
	if (!owner_exam(r->store, c.exam_id, &r->user))
		return reply_error(r, 403, "exam_not_yours");
	rc = cert_reissue(r->store, &r->app->key, req_param(r, "serial"), r->user.id,
	    r->arena, &serial);
	if (rc == 0)
		return reply_error(r, 404, "certificate_not_found");
	if (rc < 0)
		return reply_error(r, 500, "internal_error");
	return reply_json(r, 201, json_pack("{s:s, s:s}", "serial", serial, "supersedes",
	    req_param(r, "serial")));
}

int
api_cert_status_list(struct req *r)
{
	char *text = cert_status_list(r->store, &r->app->key);

	if (text == NULL)
		return reply_error(r, 500, "internal_error");
	buf_str(&r->out, text);
	free(text);
	r->content_type = "text/plain; charset=utf-8";
	return 200;
}

int
api_cert_keys(struct req *r)
{
	return reply_json(r, 200, cert_keys_json(r->store));
}

/* 1 (with Retry-After set) if this address has used up its
 * verifications for the minute; counts this one. */
static int
rate_limited(struct req *r, int *limited)
{
	int wait;

	*limited = 0;
	if (r->app->verify_per_minute > 0 &&
	    (wait = ratelimit_hit(r->addr, (int)r->app->verify_per_minute, 60, time(NULL))) > 0) {
		char num[16];

		snprintf(num, sizeof num, "%d", wait);
		reply_header(r, "Retry-After", num);
		*limited = 1;
	}
	return *limited;
}

int
api_cert_rate_limited(struct req *r)
{
	int limited;

	return rate_limited(r, &limited);
}

json_t *
api_cert_check(struct req *r, enum cert_status *st, int *limited)
{
	return api_cert_check_code(r, req_param(r, "code"), CERT_VIA_CODE, st, limited);
}

json_t *
api_cert_check_code(struct req *r, const char *code, int via, enum cert_status *st,
    int *limited)
{
	struct cert_claims cl;
	struct cert rec;
	int found;
	const char *why = NULL;
	json_t *out;
	char kid[KEY_ID_LEN + 1];

	*st = CERT_INVALID;
	if (limited != NULL && rate_limited(r, limited))
		return NULL;
	*st = cert_check(r->store, r->arena, code, &cl, &rec, &found, &why);
	cert_log_verification_via(r->store, *st == CERT_INVALID ? NULL : cl.serial, *st,
	    r->addr, via);
	if (*st == CERT_INVALID)
		return json_pack("{s:s, s:s}", "status", "invalid", "reason",
		    i18n_get(r->lang, why ? why : "code_not_certificate"));
	sodium_bin2hex(kid, sizeof kid, cl.key_id, sizeof cl.key_id);
	out = json_pack("{s:s, s:s, s:s?, s:s, s:f, s:b, s:I, s:I, s:s}",
	    "status", cert_status_name(*st), "holder", cl.holder,
	    "holder_alt", cl.holder_alt[0] ? cl.holder_alt : NULL, "serial", cl.serial,
	    "score", cl.score_bp / 100.0, "passed", cl.passed,
	    "issued_at", (json_int_t)cl.issued_day * 86400,
	    "expires_at", (json_int_t)cl.expires_day * 86400, "key_id", kid);
	json_object_set_new(out, "exam", json_string(found ? (strcmp(r->lang, "zh-TW") == 0 ?
	    rec.exam_zh : rec.exam_en) : cl.exam));
	json_object_set_new(out, "exam_id", json_string(cl.exam));
	if (found) {
		/* The code carries only the UTC day; the registry's exact
		 * times give the dates the PDF prints in the issuer's zone (an
		 * issue after 16:00 UTC is the next day in Taipei), so the page
		 * and the paper agree, and agree with the revocation date. */
		if (rec.issued_at / 86400 == cl.issued_day)
			json_object_set_new(out, "issued_at", json_integer(rec.issued_at));
		if (rec.expires_at != 0 && rec.expires_at / 86400 == cl.expires_day)
			json_object_set_new(out, "expires_at", json_integer(rec.expires_at));
		json_object_set_new(out, "exam_titles", json_pack("{s:s, s:s}", "en", rec.exam_en,
		    "zh-TW", rec.exam_zh));
		/* a programme's: which, and the exams it joined */
		if (rec.programme_id != NULL) {
			json_object_set_new(out, "programme", json_string(rec.programme_id));
			json_object_set_new(out, "programme_parts", json_string(
			    cert_programme_parts(r->store, r->arena, rec.programme_id, 0)));
		}
		json_object_set_new(out, "pdf_sha256", rec.pdf_sha256 ?
		    json_string(rec.pdf_sha256) : json_null());
		if (rec.revoked_at) {
			json_object_set_new(out, "revoked_at", json_integer(rec.revoked_at));
			json_object_set_new(out, "revoke_reason", json_string(rec.revoke_reason));
		}
		if (rec.superseded_by != NULL)
			json_object_set_new(out, "superseded_by", json_string(rec.superseded_by));
		/* Withdrawn when its holder's account was erased (erase.h):
		 * the record holds no name, and no verifier is told the one
		 * the code carries. */
		if (rec.revoked_at && rec.holder != NULL && rec.holder[0] == '\0') {
			json_object_del(out, "holder");
			json_object_del(out, "holder_alt");
			json_object_set_new(out, "withdrawn", json_true());
		}
	}
	json_object_set_new(out, "in_registry", json_boolean(found));
	{
		/* Another issuer's certificate, accepted through the trust list:
		 * say whose, and where its own page (and revocation) is. */
		struct cert_listed li;

		if (!found && cert_trust_issuer(r->store, r->arena, kid, &li))
			json_object_set_new(out, "listed_issuer", json_pack(
			    "{s:{s:s, s:s}, s:s, s:s, s:b}", "name", "en", li.name_en,
			    "zh-TW", li.name_zh, "url", li.url, "trust_list", li.registry,
			    "revocation_known", 0));
	}
	return out;
}

int
api_cert_verify(struct req *r)
{
	enum cert_status st;
	int limited, lang = strcmp(r->lang, "zh-TW") == 0;
	const char *code = req_param(r, "code");
	char serial[64], *answer;
	uint64_t gen = cert_generation();
	json_t *out;

	/* The hottest public route: a code checked before is answered with
	 * the same bytes until a certificate changes (see cert_check). */
	if (rate_limited(r, &limited))
		return reply_error(r, 429, "too_many_verifications");
	if (code != NULL && (answer = cert_answer_get(r->store, code, lang, &st, serial)) != NULL) {
		cert_log_verification(r->store, st == CERT_INVALID ? NULL : serial, st, r->addr);
		buf_reset(&r->out);
		buf_str(&r->out, answer);
		free(answer);
		r->content_type = "application/json; charset=utf-8";
		return r->status = 200;
	}
	out = api_cert_check(r, &st, NULL);
	reply_json(r, 200, out);
	if (code != NULL && st != CERT_INVALID && r->out.data != NULL)
		cert_answer_put(r->store, code, lang, gen, r->out.data);
	return 200;
}

const char *
api_cert_query_unknown(struct req *r, const char *const *names)
{
	for (const struct kv *kv = r->query; kv != NULL; kv = kv->next) {
		size_t i;

		for (i = 0; names[i] != NULL && strcmp(names[i], kv->key) != 0; i++)
			;
		if (names[i] == NULL && strcmp(kv->key, "lang") != 0)
			return kv->key;
	}
	return NULL;
}

/* GET /api/v1/lookup?serial=S&name=N (or &check=C): what a paper copy
 * gives, answered as /api/v1/verify/{code} answers for its code. Any
 * mismatch is one 404 that does not say which part was wrong; each try
 * counts against the address's verifications and is logged. */
int
api_cert_lookup(struct req *r)
{
	static const char *const known[] = { "serial", "name", "check", NULL };
	const char *unknown = api_cert_query_unknown(r, known), *serial = req_query(r, "serial");
	const char *name = req_query(r, "name"), *check = req_query(r, "check");
	int by_check = check != NULL && *check != '\0', by_name = name != NULL && *name != '\0';
	int via = by_check ? CERT_VIA_CHECK : CERT_VIA_NAME, rc;
	enum cert_status st;
	char *code;

	if (unknown != NULL)
		return reply_error_field(r, 400, "query_field_unknown", unknown);
	if (serial == NULL || *serial == '\0' || by_check == by_name ||
	    strlen(serial) > 200 || (name && strlen(name) > 1000) || (check && strlen(check) > 100))
		return reply_error(r, 400, "lookup_incomplete");
	if (api_cert_rate_limited(r))
		return reply_error(r, 429, "too_many_verifications");
	if ((rc = cert_lookup(r->store, r->arena, serial, name, check, &code)) < 0)
		return reply_error(r, 500, "internal_error");
	if (rc == 0) {
		cert_log_verification_via(r->store, NULL, CERT_INVALID, r->addr, via);
		return reply_error(r, 404, "lookup_no_match");
	}
	return reply_json(r, 200, api_cert_check_code(r, code, via, &st, NULL));
}
