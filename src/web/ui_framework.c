/*
 * ui_framework.c - a competency framework's public page, /frameworks/ID:
 * what the codes on a certificate, a score report or an Open Badges
 * credential's alignments mean (the credential's targetUrl is
 * /frameworks/ID#CODE, each competency's row carries its code as id).
 * Public: codes and titles only, never how many questions carry them.
 */
#include "handlers.h"

#include <string.h>

#include "competency.h"

int
ui_framework_page(struct req *r)
{
	static const char *const known[] = { "version", "lang", NULL };
	const char *unknown = api_cert_query_unknown(r, known);
	int zh = strcmp(r->lang, "zh-TW") == 0;
	json_t *fw, *rows, *c, *versions, *ctx;
	size_t i;

	if (unknown != NULL)
		return reply_error_field(r, 400, "query_field_unknown", unknown);
	/* viewer -1: the counts cover the shared banks only; not shown */
	fw = framework_get(r->store, req_param(r, "id"), req_query(r, "version"), -1);
	if (fw == NULL)
		return reply_error(r, 404, "not_found");
	rows = json_array();
	json_array_foreach(json_object_get(fw, "competencies"), i, c) {
		json_t *t = json_object_get(c, "title");
		json_int_t depth = json_integer_value(json_object_get(c, "depth"));

		json_array_append_new(rows, json_pack("{sOsOsOsI}", "code", json_object_get(c, "code"),
		    "title", json_object_get(t, zh ? "zh-TW" : "en"),
		    "other", json_object_get(t, zh ? "en" : "zh-TW"),
		    "depth", depth > 3 ? (json_int_t)3 : depth));
	}
	versions = json_array();
	json_array_foreach(json_object_get(fw, "versions"), i, c)
		json_array_append_new(versions, json_pack("{sOsbsO}", "version", c, "shown",
		    json_equal(c, json_object_get(fw, "version")), "id", json_object_get(fw, "id")));
	ctx = json_pack("{sOsOsOsOsbsosbsoss}", "id", json_object_get(fw, "id"),
	    "version", json_object_get(fw, "version"),
	    "title", json_object_get(json_object_get(fw, "title"), zh ? "zh-TW" : "en"),
	    "other", json_object_get(json_object_get(fw, "title"), zh ? "en" : "zh-TW"),
	    "old", !json_is_true(json_object_get(fw, "current")), "rows", rows,
	    "many", json_array_size(versions) > 1, "versions", versions,
	    "other_lang", zh ? "en" : "zh-TW");
	json_decref(fw);
	return reply_page(r, 200, "framework", ctx);
}
