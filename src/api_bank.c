/*
 * api_bank.c - question banks over HTTP, for trainers.
 *
 *   POST /api/v1/banks         upload: multipart/form-data (fields "file",
 *                              repeatable, "bank", "encoding") or a raw body
 *                              (?bank=NAME&filename=F&encoding=E);
 *                              201 {"bank","version","count",...,"warnings"}
 *                              or 422 {"error","errors":[{"file","line","message"}]}
 *   GET  /api/v1/banks         every bank with its latest version
 *   GET  /api/v1/banks/{bank}/versions
 *                              its versions, newest first (bank_versions())
 *   GET  /media/{hash}         an image embedded in a question
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bank_import.h"
#include "bank_store.h"
#include "multipart.h"
#include "owner.h"

static json_t *
problems(const struct bank_import *im, int warnings)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < im->nfiles; i++) {
		const struct q_bank *b = warnings ? &im->files[i].warn : &im->files[i].qb;

		for (size_t e = 0; e < b->nerr; e++)
			json_array_append_new(arr, json_pack("{sssiss}", "file",
			    im->files[i].name, "line", b->err[e].line, "message",
			    b->err[e].message));
	}
	return arr;
}

int
api_bank_import(struct req *r, struct bank_import *im, const char **err)
{
	const char *ct = req_header(r, "Content-Type");
	const char *bank = req_query(r, "bank"), *enc = req_query(r, "encoding");
	int files = 0;

	*err = NULL;
	if (ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		const struct part *parts = r->parts;

		/* No part at all is no file, said below. */
		if (parts == NULL && (*err = r->parts_err) != NULL)
			return 400;
		for (const struct part *p = parts; p != NULL; p = p->next) {
			if (strcmp(p->name, "bank") == 0 && p->len > 0)
				bank = arena_strndup(r->arena, p->data, p->len);
			else if (strcmp(p->name, "encoding") == 0 && p->len > 0)
				enc = arena_strndup(r->arena, p->data, p->len);
		}
		bank_import_init(im, r->arena, bank);
		for (const struct part *p = parts; p != NULL; p = p->next)
			if (p->filename != NULL && (p->len > 0 || *p->filename)) {
				bank_import_read(im, *p->filename ? p->filename : "upload",
				    p->data, p->len, enc);
				files++;
			}
	} else {
		const char *name = req_query(r, "filename");

		bank_import_init(im, r->arena, bank);
		if (r->body_len > 0) {
			bank_import_read(im, name ? name : "upload", r->body,
			    r->body_len, enc);
			files++;
		}
	}
	if (files == 0) {
		*err = "bank_file_required";
		return 400;
	}
	im->lang = r->lang;
	if (bank_import_check(im) != 0)
		return 422;
	/* A new bank becomes the uploader's; an existing one takes new
	 * versions from its owner or an admin only. */
	if (owner_bank_exists(r->store, im->bank) && !owner_bank(r->store, im->bank, &r->user)) {
		*err = "bank_not_yours";
		return 403;
	}
	if (bank_commit(r->store, im, r->user.id) != 0) {
		if (im->nerrors > 0)	/* refused at commit (exam_overlap.h) */
			return 422;
		*err = "internal_error";
		return 500;
	}
	return 201;
}

int
api_bank_upload(struct req *r)
{
	struct bank_import im;
	const char *err;
	int status = api_bank_import(r, &im, &err);

	if (status == 422)
		return reply_json(r, 422, json_pack("{sssIso}", "error",
		    i18n_get(r->lang, "bank_rejected"), "count", (json_int_t)im.nerrors,
		    "errors", problems(&im, 0)));
	if (status != 201)
		return reply_error(r, status, err);
	return reply_json(r, 201, json_pack("{sssisIsisisiso}", "bank", im.bank,
	    "version", im.version, "count", (json_int_t)im.count, "added", im.added,
	    "changed", im.changed, "unchanged", im.unchanged,
	    "warnings", problems(&im, 1)));
}

int
api_bank_owned(struct req *r, const char *bank)
{
	if (!owner_bank_exists(r->store, bank))
		return reply_error(r, 404, "bank_not_found");
	if (!owner_bank(r->store, bank, &r->user))
		return reply_error(r, 403, "bank_not_yours");
	return 0;
}

/* The banks r's user may draw from (their own and the shared ones; an
 * admin's: every bank), each with "mine": whether the user may change it. */
json_t *
api_bank_list_for(struct req *r)
{
	json_t *all = bank_list(r->store), *out = json_array(), *b;
	size_t i;

	json_array_foreach(all, i, b) {
		const char *name = json_string_value(json_object_get(b, "name"));

		if (!owner_bank_draw(r->store, name, &r->user))
			continue;
		json_object_set_new(b, "mine", json_boolean(owner_bank(r->store, name, &r->user)));
		json_array_append(out, b);
	}
	json_decref(all);
	return out;
}

int
api_bank_list(struct req *r)
{
	return reply_json(r, 200, api_bank_list_for(r));
}

int
api_bank_versions(struct req *r)
{
	json_t *v;

	if (!owner_bank_exists(r->store, req_param(r, "bank")))
		return reply_error(r, 404, "bank_not_found");
	if (!owner_bank_draw(r->store, req_param(r, "bank"), &r->user))
		return reply_error(r, 403, "bank_not_yours");
	v = bank_versions(r->store, req_param(r, "bank"));

	if (json_array_size(v) == 0) {
		json_decref(v);
		return reply_error(r, 404, "bank_not_found");
	}
	return reply_json(r, 200, v);
}

int
ui_media(struct req *r)
{
	const char *hash = req_param(r, "hash");
	char *mime = NULL;
	unsigned char *data = NULL;
	size_t len = 0;

	if (hash == NULL || strlen(hash) != 64 ||
	    !bank_file_get(r->store, hash, &mime, &data, &len))
		return reply_error(r, 404, "not_found");
	buf_raw(&r->out, (const char *)data, len);
	r->content_type = arena_strdup(r->arena, mime);
	r->cacheable = 1;
	reply_header(r, "Cache-Control", "private, max-age=86400, immutable");
	free(mime);
	free(data);
	return 200;
}
