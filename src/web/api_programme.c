/*
 * api_programme.c - certification programmes over HTTP (programme.h).
 *
 *   GET  /api/v1/programmes        every programme
 *   POST /api/v1/programmes        admin, or a trainer who manages every
 *                                  part exam: create or update from a
 *                                  definition; 201 created / 200 updated
 *                                  with the stored definition; 400 (not
 *                                  JSON, an unknown field) or 422 {"error",
 *                                  "errors":[{"field","message"}]}
 *   GET  /api/v1/programmes/{id}   one programme; a learner's own
 *                                  progress through its parts with it
 */
#include "handlers.h"

#include "programme.h"

/* 0 when r's query holds nothing but lang, else the 400 replied. */
static int
query_ok(struct req *r)
{
	static const char *const none[] = { NULL };
	const char *unknown = api_cert_query_unknown(r, none);

	return unknown ? reply_error_field(r, 400, "query_field_unknown", unknown) : 0;
}

int
api_programme_list(struct req *r)
{
	int st;

	if ((st = query_ok(r)) != 0)
		return st;
	return reply_json(r, 200, programme_list(r->store, r->lang));
}

int
api_programme_get(struct req *r)
{
	json_t *o;
	int st;

	if ((st = query_ok(r)) != 0)
		return st;
	o = programme_json(r->store, req_param(r, "programme"), r->lang,
	    r->user.role == ROLE_LEARNER ? r->user.id : 0);
	if (o == NULL)
		return reply_error(r, 404, "programme_not_found");
	return reply_json(r, 200, o);
}

int
api_programme_save(struct req *r)
{
	struct programme p;
	json_t *errs = json_array();
	const char *err = NULL;
	int saved, rc;

	if (r->body_len == 0) {
		json_decref(errs);
		return reply_error(r, 400, "json_invalid");
	}
	/* 400 for what no definition has (an unknown field), 422 for a
	 * value the rules refuse; each problem named by its field */
	if ((rc = programme_parse(r->arena, r->store, r->body, r->body_len, r->lang, &p,
	    errs)) != 0)
		return reply_json(r, rc == -2 ? 400 : 422, json_pack("{s:s,s:o}", "error",
		    i18n_get(r->lang, "programme_rejected"), "errors", errs));
	json_decref(errs);
	if ((saved = programme_save_as(r->store, &p, &r->user, &err)) < 0)
		return reply_error(r, reply_status_of(err), err);
	return reply_json(r, saved == 1 ? 201 : 200, programme_to_json(&p));
}
