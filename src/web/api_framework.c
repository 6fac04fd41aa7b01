/*
 * api_framework.c - competency frameworks over HTTP, for trainers and
 * admins (owner_frameworks: shared data; learners and proctors 403).
 *
 *   GET  /api/v1/frameworks        every framework in its current version:
 *                                  [{"id","version","title","count",
 *                                  "versions","created_at"}]
 *   GET  /api/v1/frameworks/{id}   its current version, ?version=V an older
 *                                  one: competencies in tree order with
 *                                  parent, depth and the bank items per
 *                                  language carrying each code or one
 *                                  beneath it (framework_get)
 *   POST /api/v1/frameworks        a framework file (JSON, at most 1 MB):
 *                                  201 {"id","version","count","status":
 *                                  "added"}, 200 the same with "unchanged",
 *                                  400 {"error","errors":[{"line","message"}]}
 */
#include "handlers.h"

#include "competency.h"
#include "owner.h"

int
api_framework_add(struct req *r, const char *json, size_t len, struct framework *f,
    struct q_bank *errs)
{
	int64_t viewer;
	enum framework_saved saved;

	if (!owner_frameworks(&r->user, &viewer))
		return 403;
	q_bank_init(errs, r->arena, "framework");
	errs->lang = r->lang;
	if (framework_parse(r->arena, json, len, f, errs) != 0)
		return 400;
	saved = framework_save(r->store, f, r->user.id, errs);
	return saved == FRAMEWORK_ADDED ? 201 : saved == FRAMEWORK_UNCHANGED ? 200 :
	    saved == FRAMEWORK_REFUSED ? 400 : 500;
}

int
api_framework_post(struct req *r)
{
	struct q_bank errs;
	struct framework f;
	json_t *list;
	int status;

	if (r->body_len == 0)
		return reply_error(r, 400, "json_invalid");
	status = api_framework_add(r, r->body, r->body_len, &f, &errs);
	if (status == 201 || status == 200)
		return reply_json(r, status, json_pack("{sssssiss}", "id", f.id, "version",
		    f.version, "count", (int)f.n, "status", status == 201 ? "added" : "unchanged"));
	if (status != 400)
		return reply_error(r, status, status == 403 ? "forbidden" : "internal_error");
	list = json_array();
	for (size_t i = 0; i < errs.nerr; i++)
		json_array_append_new(list, json_pack("{siss}", "line", errs.err[i].line,
		    "message", errs.err[i].message));
	return reply_json(r, 400, json_pack("{ssso}", "error",
	    i18n_get(r->lang, "framework_rejected"), "errors", list));
}

int
api_framework_list(struct req *r)
{
	static const char *const none[] = { NULL };
	const char *unknown = api_cert_query_unknown(r, none);
	int64_t viewer;
	json_t *list;

	if (!owner_frameworks(&r->user, &viewer))
		return reply_error(r, 403, "forbidden");
	if (unknown != NULL)
		return reply_error_field(r, 400, "query_field_unknown", unknown);
	if ((list = framework_list(r->store)) == NULL)
		return reply_error(r, 500, "internal_error");
	return reply_json(r, 200, list);
}

int
api_framework_get(struct req *r)
{
	static const char *const known[] = { "version", NULL };
	const char *unknown = api_cert_query_unknown(r, known);
	int64_t viewer;
	json_t *fw;

	if (!owner_frameworks(&r->user, &viewer))
		return reply_error(r, 403, "forbidden");
	if (unknown != NULL)
		return reply_error_field(r, 400, "query_field_unknown", unknown);
	fw = framework_get(r->store, req_param(r, "id"), req_query(r, "version"), viewer);
	if (fw == NULL)
		return reply_error(r, 404, "framework_not_found");
	return reply_json(r, 200, fw);
}
