/*
 * api_bank.c - question banks over HTTP, for trainers.
 *
 *   POST /api/v1/banks         upload: multipart/form-data (fields "file",
 *                              repeatable, "bank", "encoding", "format") or a
 *                              raw body (?bank=NAME&filename=F&encoding=E&
 *                              format=gift|aiken|moodle-xml|json);
 *                              201 {"bank","version","count",...,"warnings"}
 *                              or 422 {"error","errors":[{"file","line","message"}]}
 *   GET  /api/v1/banks         every bank with its latest version
 *   GET  /api/v1/banks/{bank}/versions
 *                              its versions, newest first (bank_versions())
 *   GET  /api/v1/banks/{bank}/questions?q=&category=&type=&tag=&lang=
 *                              the owner's browser: {"bank","version",
 *                              "questions":[bank JSON + "key","warnings"]}
 *   POST /api/v1/banks/{bank}/items/{key}/retire  {"retired": true|false}
 *                              retires or restores a question (bank_retire.h)
 *   GET  /api/v1/banks/{bank}/competencies
 *                              the competencies its latest version can draw
 *                              by, with their questions per language and
 *                              difficulty (blueprint.h)
 *
 * Who may read and change which bank is owner.h's rule.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bank_export.h"
#include "bank_import.h"
#include "bank_lint.h"
#include "bank_retire.h"
#include "bank_store.h"
#include "blueprint.h"
#include "multipart.h"
#include "owner.h"

/* The format a form or query chose: NULL for none ("" or "auto"). */
static const char *
format_chosen(const char *format)
{
	return format == NULL || *format == '\0' || strcmp(format, "auto") == 0 ? NULL :
	    format;
}

int
api_bank_receive(struct req *r, struct bank_import *im, const char **err)
{
	const char *ct = req_header(r, "Content-Type");
	const char *bank = req_query(r, "bank"), *enc = req_query(r, "encoding");
	const char *format = req_query(r, "format");
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
			else if (strcmp(p->name, "format") == 0 && p->len > 0)
				format = arena_strndup(r->arena, p->data, p->len);
		}
		bank_import_init(im, r->arena, bank);
		im->lang = r->lang;
		im->format = format_chosen(format);
		for (const struct part *p = parts; p != NULL; p = p->next)
			if (p->filename != NULL && (p->len > 0 || *p->filename)) {
				bank_import_read(im, *p->filename ? p->filename : "upload",
				    p->data, p->len, enc);
				files++;
			}
	} else {
		const char *name = req_query(r, "filename");

		bank_import_init(im, r->arena, bank);
		im->lang = r->lang;
		im->format = format_chosen(format);
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
	if (bank_commit_as(r->store, im, &r->user, err) != 0)
		return *err == NULL ? 422 : reply_status_of(*err);
	return 201;
}

int
api_bank_upload(struct req *r)
{
	struct bank_import im;
	const char *err;
	int status = api_bank_receive(r, &im, &err);

	if (status == 422)
		return reply_json(r, 422, json_pack("{sssIso}", "error",
		    i18n_get(r->lang, "bank_rejected"), "count", (json_int_t)im.nerrors,
		    "errors", bank_import_problems(&im, 0)));
	if (status != 201)
		return reply_error(r, status, err);
	return reply_json(r, 201, json_pack("{sssisIsisisiso}", "bank", im.bank,
	    "version", im.version, "count", (json_int_t)im.count, "added", im.added,
	    "changed", im.changed, "unchanged", im.unchanged,
	    "warnings", bank_import_problems(&im, 1)));
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

int
api_bank_list(struct req *r)
{
	return reply_json(r, 200, bank_list_for(r->store, &r->user));
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
api_bank_questions(struct req *r)
{
	const char *bank = req_param(r, "bank"), *text = req_query(r, "q");
	const char *cat = req_query(r, "category"), *type = req_query(r, "type");
	const char *lang = req_query(r, "lang"), *tag = req_query(r, "tag");
	struct q_bank b, warn;
	json_t *out = json_array();
	int version;

	q_bank_init(&b, r->arena, bank);
	q_bank_init(&warn, r->arena, bank);
	warn.lang = r->lang;	/* lint speaks the reader's language */
	if ((version = api_bank_owned(r, bank)) != 0) {
		json_decref(out);
		return version;
	}
	if ((version = bank_load(r->store, bank, 0, lang, &b)) <= 0) {
		json_decref(out);
		return reply_error(r, 404, "bank_not_found");
	}
	/* bank_load gives no lines: number the questions by position so
	 * that lint's warnings name them. */
	for (size_t i = 0; i < b.n; i++)
		b.q[i].line = (int)i + 1;
	bank_lint(&b, &warn);
	for (size_t i = 0; i < b.n; i++) {
		const struct question *q = &b.q[i];
		json_t *j, *w = json_array();
		int hit = q_match(q, text, cat, type, tag);

		if (!hit || (j = q_to_json(q)) == NULL) {
			json_decref(w);
			continue;
		}
		for (size_t e = 0; e < warn.nerr; e++)
			if (warn.err[e].line == q->line)
				json_array_append_new(w, json_string(warn.err[e].message));
		json_object_set_new(j, "warnings", w);
		json_object_set_new(j, "key", json_string(bank_item_key(r->arena, q)));
		json_array_append_new(out, j);
	}
	return reply_json(r, 200, json_pack("{s:s, s:i, s:o}", "bank", bank, "version", version,
	    "questions", out));
}

int
api_bank_retire(struct req *r)
{
	json_t *in = req_json(r);
	int on = in == NULL || !json_is_false(json_object_get(in, "retired"));
	int rc;

	json_decref(in);
	if ((rc = api_bank_owned(r, req_param(r, "bank"))) != 0)
		return rc;
	rc = bank_retire(r->store, req_param(r, "bank"), req_param(r, "key"), on);
	if (rc < 0)
		return reply_error(r, 500, "internal_error");
	if (rc == 0)
		return reply_error(r, 404, "not_found");
	return reply_json(r, 200, json_pack("{s:s, s:b}", "key", req_param(r, "key"),
	    "retired", on));
}

/* Who may read a bank's versions may see what its competencies hold: an
 * exam of theirs may draw from it. Counts only, never a question. */
int
api_bank_competencies(struct req *r)
{
	static const char *const none[] = { NULL };
	const char *bank = req_param(r, "bank"), *unknown = api_cert_query_unknown(r, none);
	json_t *v;

	if (unknown != NULL)
		return reply_error_field(r, 400, "query_field_unknown", unknown);
	if (!owner_bank_exists(r->store, bank))
		return reply_error(r, 404, "bank_not_found");
	if (!owner_bank_draw(r->store, bank, &r->user))
		return reply_error(r, 403, "bank_not_yours");
	if ((v = blueprint_competencies(r->store, bank)) == NULL)
		return reply_error(r, 500, "internal_error");
	return reply_json(r, 200, v);
}
