/*
 * ui_home.c - the home page and the language switch that every page links.
 */
#include "handlers.h"

#include <string.h>

#include "assets.h"
#include "exam_store.h"

int
ui_home(struct req *r)
{
	json_t *exams = exam_list(r->store, r->lang, 0, &r->user);
	size_t i;
	json_t *e;

	/* Minutes for people; the API keeps seconds. */
	json_array_foreach(exams, i, e)
		json_object_set_new(e, "minutes", json_integer(
		    json_integer_value(json_object_get(e, "duration_s")) / 60));
	return reply_page(r, 200, "home", json_pack("{ssso}", "title",
	    i18n_get(r->lang, "app_name"), "exams", exams));
}

/* GET /lang/{code}?next=/path: remembers the choice for a year. A plain
 * link, so it works from every page without a form or script; it changes
 * nothing but the reader's own preference. */
int
ui_lang(struct req *r)
{
	const char *lang = i18n_match(req_param(r, "code"));

	if (lang == NULL)
		return reply_error(r, 404, "not_found");
	reply_cookie(r, "lang", lang, 365L * 86400);
	return reply_redirect(r, req_safe_next(req_query(r, "next")));
}

/* GET /static/{*name}: an asset from memory; 304 when the ETag matches. */
int
ui_static(struct req *r)
{
	const struct asset *as = assets_find(req_param(r, "name"));
	const char *inm = req_header(r, "If-None-Match");

	if (as == NULL)
		return reply_error(r, 404, "not_found");
	r->cacheable = 1;
	reply_header(r, "ETag", as->etag);
	reply_header(r, "Cache-Control", "public, max-age=3600");
	r->content_type = as->type;
	if (inm != NULL && strcmp(inm, as->etag) == 0)
		return 304;
	buf_raw(&r->out, as->data, as->len);
	return 200;
}

/* GET /healthz: for monitors and load balancers. Cheap, public, never
 * writes: one read of the database header on this thread's connection.
 * 200 {"status":"ok"|"degraded","db":"ok","writes":"ok"|WHY,"version"}
 * (degraded: the last commit failed, e.g. the disk is full; reads still
 * work), 503 {"status":"unavailable","error"} when the read fails. */
int
ui_healthz(struct req *r)
{
	const char *rd = store_read_problem(r->store), *wr;

	if (rd != NULL)
		return reply_json(r, 503, json_pack("{ssss}", "status", "unavailable",
		    "error", rd));
	wr = store_write_problem(r->store);
	return reply_json(r, 200, json_pack("{sssssssssi}", "status",
	    wr ? "degraded" : "ok", "db", "ok", "writes", wr ? wr : "ok",
	    "version", AICERT_VERSION, "schema", store_schema_version()));
}
