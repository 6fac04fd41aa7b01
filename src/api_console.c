/*
 * api_console.c - what trainers and administrators automate: results,
 * item statistics, regrading, sittings, learners in bulk, bank browsing,
 * retiring questions, the audit trail. Every route checks that the
 * trainer may manage the exam it names (their own, or a shared one);
 * admins may manage all.
 */
#include "handlers.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bank_export.h"
#include "bank_lint.h"
#include "bank_retire.h"
#include "bank_store.h"
#include "encoding.h"
#include "exam_store.h"
#include "owner.h"
#include "people.h"
#include "results.h"

int
api_exam_managed(struct req *r)
{
	const char *exam = req_param(r, "exam");

	if (!exam_exists(r->store, exam))
		return reply_error(r, 404, "exam_not_found");
	if (!owner_exam(r->store, exam, &r->user))
		return reply_error(r, 403, "exam_not_yours");
	return 0;
}

int
api_exam_get(struct req *r)
{
	struct exam e;
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	if (!exam_load(r->store, r->arena, req_param(r, "exam"), &e))
		return reply_error(r, 500, "internal_error");
	return reply_json(r, 200, exam_to_json(&e));
}

int
api_results(struct req *r)
{
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	return reply_json(r, 200, results_rows(r->store, req_param(r, "exam"), 5000));
}

int
api_results_csv(struct req *r)
{
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	results_csv(r->store, req_param(r, "exam"), r->lang, &r->out);
	account_audit(r->store, "results.export", req_param(r, "exam"));
	r->content_type = "text/csv; charset=utf-8";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s-results.csv\"", req_param(r, "exam")));
	return 200;
}

int
api_item_stats(struct req *r)
{
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	return reply_json(r, 200, results_item_stats(r->store, req_param(r, "exam")));
}

int
api_regrade(struct req *r)
{
	json_t *in = req_json(r), *changes;
	int apply = in != NULL && json_is_true(json_object_get(in, "apply")), st;

	json_decref(in);
	if ((st = api_exam_managed(r)) != 0)
		return st;
	changes = results_regrade(r->store, req_param(r, "exam"), apply);
	return reply_json(r, 200, json_pack("{s:b, s:o}", "applied", apply, "changes", changes));
}

int
api_sittings(struct req *r)
{
	int st;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	return reply_json(r, 200, people_sittings(r->store, req_param(r, "exam")));
}

int
api_sitting_create(struct req *r)
{
	json_t *in = req_json(r);
	const char *err = NULL;
	int64_t id;
	int st;
	json_t *members;

	if ((st = api_exam_managed(r)) != 0) {
		json_decref(in);
		return st;
	}
	members = in ? json_object_get(in, "members") : NULL;
	id = people_sitting_create(r->store, r->arena, &r->user, r->lang, req_param(r, "exam"),
	    in ? json_string_value(json_object_get(in, "name")) : NULL,
	    in ? json_integer_value(json_object_get(in, "opens_at")) : 0,
	    in ? json_integer_value(json_object_get(in, "closes_at")) : 0,
	    json_is_array(members) ? members : NULL, &err);
	json_decref(in);
	if (id < 0)
		return reply_json(r, 422, json_pack("{s:s}", "error", err));
	return reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

int
api_users_import(struct req *r)
{
	const char *enc = req_query(r, "encoding");
	const char *days = req_query(r, "codes_days"), *sitting = req_query(r, "sitting");
	struct q_bank errs;
	char *text = NULL;
	size_t len = 0;
	json_t *rows, *list;

	q_bank_init(&errs, r->arena, "learners.csv");
	if (r->body_len == 0)
		return reply_error(r, 400, "csv_required");
	if (sitting != NULL && !owner_sitting(r->store, strtoll(sitting, NULL, 10), NULL, &r->user))
		return reply_error(r, 403, "sitting_not_yours");
	if (enc_to_utf8(r->arena, "learners.csv", r->body, r->body_len, enc, &text, &len,
	    &errs) != 0 || (rows = people_import_csv(r->store, &r->user, r->lang, text,
	    sitting ? strtoll(sitting, NULL, 10) : 0, days ? atoi(days) : 0, &errs)) == NULL) {
		list = json_array();
		for (size_t i = 0; i < errs.nerr; i++)
			json_array_append_new(list, json_pack("{s:i, s:s}", "line", errs.err[i].line,
			    "message", errs.err[i].message));
		return reply_json(r, 422, json_pack("{s:s, s:o}", "error",
		    i18n_get(r->lang, "csv_rejected"), "errors", list));
	}
	return reply_json(r, 201, json_pack("{s:o}", "learners", rows));
}

int
api_bank_match(const struct question *q, const char *text, const char *cat,
    const char *type, const char *tag)
{
	if (cat != NULL && *cat && (q->category == NULL ||
	    strncmp(q->category, cat, strlen(cat)) != 0))
		return 0;
	if (type != NULL && *type && strcmp(q_type_name(q->type), type) != 0)
		return 0;
	if (text != NULL && *text && !(q->text && strcasestr(q->text, text)) &&
	    !(q->title && strcasestr(q->title, text)) && !(q->id && strcasestr(q->id, text)))
		return 0;
	if (tag != NULL && *tag) {
		int has = 0;

		for (size_t t = 0; t < q->ntags; t++)
			has |= strcmp(q->tags[t], tag) == 0;
		return has;
	}
	return 1;
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
		int hit = api_bank_match(q, text, cat, type, tag);

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
api_item_retire(struct req *r)
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
