/*
 * ui_console_framework.c - the console's competency frameworks: every
 * framework as a tree (code, title in the page's language, the bank
 * items per language carrying it or a code beneath it), a version of one
 * chosen by ?framework=ID&version=V, and a form that adds a framework
 * or a new version of one from a file or pasted JSON
 * (api_framework_add), its errors beside it.
 */
#include "handlers.h"

#include <string.h>

#include "competency.h"
#include "multipart.h"
#include "owner.h"

#define FRAMEWORK_FORM_MAX (1024 * 1024)	/* bytes, as the API's body */

/* Every framework for the page, in r->lang: the current version, or
 * version of framework pick. */
static json_t *
frameworks_view(struct req *r, const char *pick, const char *version, int64_t viewer)
{
	json_t *list = framework_list(r->store), *out = json_array(), *fw;
	int zh = strcmp(r->lang, "zh-TW") == 0;
	size_t i;

	json_array_foreach(list, i, fw) {
		const char *id = json_string_value(json_object_get(fw, "id"));
		json_t *one = framework_get(r->store, id, pick != NULL && strcmp(pick, id) == 0 ?
		    version : NULL, viewer), *rows = json_array(), *c, *versions;
		size_t j;

		if (one == NULL)
			one = framework_get(r->store, id, NULL, viewer);
		if (one == NULL)
			continue;
		json_array_foreach(json_object_get(one, "competencies"), j, c) {
			json_t *t = json_object_get(c, "title"), *items = json_object_get(c, "items");

			json_array_append_new(rows, json_pack("{sOsOsOsIsOsO}", "code",
			    json_object_get(c, "code"), "title", json_object_get(t, zh ? "zh-TW" : "en"),
			    "other", json_object_get(t, zh ? "en" : "zh-TW"), "depth",
			    json_integer_value(json_object_get(c, "depth")) > 3 ? (json_int_t)3 :
			    json_integer_value(json_object_get(c, "depth")),
			    "en", json_object_get(items, "en"), "zh", json_object_get(items, "zh-TW")));
		}
		versions = json_array();
		json_array_foreach(json_object_get(one, "versions"), j, c)
			json_array_append_new(versions, json_pack("{sOsbsO}", "version", c,
			    "shown", json_equal(c, json_object_get(one, "version")), "id",
			    json_object_get(one, "id")));
		json_array_append_new(out, json_pack("{sOsOsOsbsososisb}", "id", json_object_get(one, "id"),
		    "version", json_object_get(one, "version"), "title",
		    json_object_get(json_object_get(one, "title"), zh ? "zh-TW" : "en"),
		    "old", !json_is_true(json_object_get(one, "current")), "rows", rows,
		    "versions", versions, "count", (int)json_array_size(rows), "many",
		    json_array_size(versions) > 1));
		json_decref(one);
	}
	json_decref(list);
	return out;
}

/* The page with ctx's form state (reference stolen). */
static int
frameworks_page(struct req *r, int status, json_t *ctx, int64_t viewer)
{
	json_object_set_new(ctx, "title", json_string(i18n_get(r->lang, "frameworks_title")));
	json_object_set_new(ctx, "frameworks", frameworks_view(r, req_query(r, "framework"),
	    req_query(r, "version"), viewer));
	return reply_page(r, status, "console_frameworks", ctx);
}

int
ui_console_frameworks(struct req *r)
{
	static const char *const known[] = { "framework", "version", NULL };
	const char *unknown = api_cert_query_unknown(r, known);
	int64_t viewer;

	if (!owner_frameworks(&r->user, &viewer))
		return reply_error(r, 403, "forbidden");
	if (unknown != NULL)
		return reply_error_field(r, 400, "query_field_unknown", unknown);
	return frameworks_page(r, 200, json_object(), viewer);
}

int
ui_console_frameworks_post(struct req *r)
{
	static const char *const fields[] = { "csrf", "json", "file", NULL };
	const char *unknown = req_form_unknown(r, fields), *json = req_form(r, "json");
	size_t len = json != NULL ? strlen(json) : 0;
	struct q_bank errs;
	struct framework f;
	int64_t viewer;
	json_t *ctx, *list;
	int status;

	if (!owner_frameworks(&r->user, &viewer))
		return reply_error(r, 403, "forbidden");
	if (r->parts == NULL && r->parts_err != NULL)
		return reply_error(r, 400, r->parts_err);
	for (const struct part *p = r->parts; p != NULL && unknown == NULL; p = p->next) {
		size_t i;

		for (i = 0; fields[i] != NULL && strcmp(p->name, fields[i]) != 0; i++)
			;
		if (fields[i] == NULL)
			unknown = p->name;
		else if (strcmp(p->name, "file") == 0 && p->filename != NULL && p->len > 0) {
			json = p->data;	/* a file chosen wins over the text box */
			len = p->len;
		}
	}
	if (unknown != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	ctx = json_object();
	while (len > 0 && (json[len - 1] == ' ' || json[len - 1] == '\n' ||
	    json[len - 1] == '\r' || json[len - 1] == '\t'))
		len--;
	if (len == 0 || len > FRAMEWORK_FORM_MAX) {
		json_object_set_new(ctx, "message", json_string(i18n_get(r->lang,
		    len == 0 ? "frameworks_file_or_paste" : "frameworks_too_big")));
		return frameworks_page(r, 400, ctx, viewer);
	}
	status = api_framework_add(r, json, len, &f, &errs);
	if (status == 201 || status == 200) {
		json_object_set_new(ctx, "done", json_string(i18n_msg(r->arena, r->lang,
		    status == 201 ? "frameworks_added" : "frameworks_unchanged", "id", f.id,
		    "version", f.version, NULL)));
		return frameworks_page(r, 200, ctx, viewer);
	}
	if (status != 400) {
		json_decref(ctx);
		return reply_error(r, status, status == 403 ? "forbidden" : "internal_error");
	}
	list = json_array();
	for (size_t i = 0; i < errs.nerr; i++)
		json_array_append_new(list, json_pack("{siss}", "line", errs.err[i].line,
		    "message", errs.err[i].message));
	json_object_set_new(ctx, "message", json_string(i18n_get(r->lang, "framework_rejected")));
	json_object_set_new(ctx, "errors", list);
	if (json == req_form(r, "json"))
		json_object_set_new(ctx, "pasted", json_stringn(json, len));
	return frameworks_page(r, 400, ctx, viewer);
}
