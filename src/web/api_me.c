/*
 * api_me.c - the caller's own personal data: the notice they accepted
 * (GET and POST /api/v1/me/consent) and everything held about them as
 * one JSON file (GET /api/v1/me/export, also the account page's
 * button). Only ever the caller's own (owner_self); consent.c and
 * export.c own the reads and writes.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "consent.h"
#include "export.h"
#include "owner.h"
#include "timefmt.h"

int
api_me_consent_get(struct req *r)
{
	json_t *n, *out;

	if (!owner_self(&r->user, r->user.id))
		return reply_error(r, 403, "forbidden");
	if ((n = ui_consent_notice(r)) == NULL)
		return reply_error(r, 500, "internal_error");
	out = json_pack("{s:O, s:b, s:O, s:s, s:O, s:o}", "version",
	    json_object_get(n, "version"), "accepted", consent_ok(r->store, r->user.id),
	    "date", json_object_get(n, "date"), "url", "/privacy", "text",
	    json_object_get(n, "text"), "acceptances", consent_user(r->store, r->user.id));
	json_decref(n);
	return reply_json(r, 200, out);
}

int
api_me_consent_post(struct req *r)
{
	json_t *in = req_json(r), *v = in ? json_object_get(in, "version") : NULL;
	json_int_t version = json_is_integer(v) ? json_integer_value(v) : 0;
	const char *err = NULL;

	json_decref(in);
	if (!owner_self(&r->user, r->user.id))
		return reply_error(r, 403, "forbidden");
	if (version <= 0)
		return reply_error(r, 400, "consent_version_invalid");
	if (consent_accept(r->store, r->user.id, version, &err) != 0)
		return reply_error(r, strcmp(err, "consent_version_stale") == 0 ? 409 : 500, err);
	return reply_json(r, 200, json_pack("{s:I, s:b}", "version", version, "accepted", 1));
}

int
api_me_export(struct req *r)
{
	json_t *doc;
	char *text, day[16];

	if (!owner_self(&r->user, r->user.id))
		return reply_error(r, 403, "forbidden");
	if ((doc = export_person(r->store, r->arena, r->user.id, r->app->base_url)) == NULL)
		return reply_error(r, 500, "internal_error");
	text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(doc);
	if (text == NULL)
		return reply_error(r, 500, "internal_error");
	account_audit(r->store, "account.export", r->user.login);
	buf_reset(&r->out);
	buf_str(&r->out, text);
	buf_str(&r->out, "\n");
	free(text);
	timefmt_local((long long)time(NULL), TIMEFMT_DATE, day, sizeof day);
	r->content_type = "application/json; charset=utf-8";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"aicert-export-%s-%s.json\"", r->user.login, day));
	reply_header(r, "Cache-Control", "no-store");
	return 200;
}
