/*
 * ui_console_people.c - learners in bulk for a test centre, in the
 * console: GET /console/people (the forms), POST /console/people (a CSV
 * of learners, typed or uploaded, in UTF-8, Big5 or CP950, with access
 * codes for a sitting: printable slips, or every error by line),
 * POST /console/people/accommodation (extra time for a learner) and
 * POST /console/people/unlock (clearing a learner's sign-in throttle).
 * The work is people.h's, account_set_multiplier and signin_unlock, as
 * for the JSON API; who may act on which learner is owner.h's rule.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "encoding.h"
#include "exam_store.h"
#include "multipart.h"
#include "owner.h"
#include "people.h"
#include "signin.h"

/* Every sitting of the exams the caller manages, for the import form. */
static json_t *
all_sittings(struct req *r, long long chosen)
{
	json_t *exams = exam_list(r->store, r->lang, 1, &r->user), *out = json_array(), *e;
	size_t i;

	json_array_foreach(exams, i, e) {
		json_t *list = people_sittings(r->store, json_string_value(json_object_get(e, "id")));
		json_t *s;
		size_t k;

		json_array_foreach(list, k, s)
			json_array_append_new(out, json_pack("{s:O, s:s, s:O, s:b}",
			    "id", json_object_get(s, "id"),
			    "exam", json_string_value(json_object_get(e, "title")),
			    "name", json_object_get(s, "name"),
			    "selected", json_integer_value(json_object_get(s, "id")) == chosen));
		json_decref(list);
	}
	json_decref(exams);
	return out;
}

static json_t *
people_ctx(struct req *r)
{
	const char *days = req_form(r, "codes_days");
	const char *sitting = req_form(r, "sitting");

	return json_pack("{s:s, s:o, s:o, s:s, s:s?, s:s?, s:s?}",
	    "title", i18n_get(r->lang, "console_people"),
	    "encodings", ui_console_encodings(r, req_form(r, "encoding")),
	    "sittings", all_sittings(r, sitting ? atoll(sitting) : 0),
	    "codes_days", days ? days : "3", "csv", req_form(r, "csv"),
	    "saved", req_query(r, "saved"), "unlocked", req_query(r, "unlocked"));
}

int
ui_console_people(struct req *r)
{
	return reply_page(r, 200, "console_people", people_ctx(r));
}

int
ui_console_people_import(struct req *r)
{
	const char *ct = req_header(r, "Content-Type"), *csv = req_form(r, "csv");
	const char *enc = req_form(r, "encoding"), *sitting = req_form(r, "sitting");
	const char *days = req_form(r, "codes_days");
	const char *data = csv;
	size_t len = csv ? strlen(csv) : 0, tlen = 0;
	long long sid = sitting ? atoll(sitting) : 0;
	int ndays = days ? atoi(days) : 0;
	struct q_bank errs;
	char *text = NULL;
	json_t *rows, *ctx, *list;

	/* A chosen file beats the text box. */
	if (ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0)
		for (const struct part *p = r->parts; p != NULL; p = p->next)
			if (p->filename != NULL && strcmp(p->name, "file") == 0 && p->len > 0) {
				data = p->data;
				len = p->len;
			}
	q_bank_init(&errs, r->arena, "learners.csv");
	errs.lang = r->lang;
	if (data == NULL || len == 0)
		q_bank_error(&errs, 0, "%s", i18n_get(r->lang, "csv_required"));
	else if (sid > 0 && !owner_sitting(r->store, sid, NULL, &r->user))
		return reply_error(r, 403, "sitting_not_yours");
	else if (ndays < 0 || ndays > 365)
		q_bank_error(&errs, 0, "%s", i18n_get(r->lang, "console_days_invalid"));
	else if (enc_to_utf8(r->arena, "learners.csv", data, len,
	    enc && strcmp(enc, "utf-8") != 0 ? enc : NULL, &text, &tlen, &errs) == 0 &&
	    (rows = people_import_csv(r->store, &r->user, r->lang, text, sid, ndays, &errs)) != NULL) {
		size_t i;
		json_t *row;

		json_array_foreach(rows, i, row)
			json_object_set_new(row, "has_code", json_boolean(json_object_get(row,
			    "code") != NULL));
		return reply_page(r, 200, "console_slips", json_pack("{s:s, s:o, s:i, s:b, s:s}",
		    "title", i18n_get(r->lang, "console_slips"), "learners", rows,
		    "count", (int)json_array_size(rows), "codes", ndays > 0,
		    "site", r->app->base_url ? r->app->base_url : ""));
	}
	ctx = people_ctx(r);
	list = json_array();
	for (size_t i = 0; i < errs.nerr; i++)
		json_array_append_new(list, json_pack("{s:i, s:s}", "line", errs.err[i].line,
		    "message", errs.err[i].message));
	json_object_set_new(ctx, "errors", list);
	return reply_page(r, 422, "console_people", ctx);
}

int
ui_console_people_accommodation(struct req *r)
{
	const char *login = req_form(r, "login"), *m = req_form(r, "multiplier");
	const char *err = NULL;
	char *end = NULL;
	double mult = m ? strtod(m, &end) : 0;
	struct buf loc = BUF_INIT;
	char *to;

	if (end == m || (end && *end != '\0'))
		mult = 0;
	if (account_set_multiplier(r->store, login, mult, &r->user, &err) != 0) {
		json_t *ctx = people_ctx(r);

		/* The form refused keeps what was typed into it, not the other's. */
		json_object_set_new(ctx, "acc_error", json_string(i18n_get(r->lang, err)));
		json_object_set_new(ctx, "acc_login", json_string(login ? login : ""));
		json_object_set_new(ctx, "acc_multiplier", json_string(m ? m : ""));
		return reply_page(r, reply_status_of(err), "console_people", ctx);
	}
	buf_str(&loc, "/console/people?saved=");
	buf_url(&loc, arena_printf(r->arena, "%s × %g", login, mult));
	buf_str(&loc, "#accommodations");
	to = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return reply_redirect(r, to);
}

int
ui_console_people_unlock(struct req *r)
{
	const char *login = req_form(r, "login"), *err = NULL;
	struct buf loc = BUF_INIT;
	char *to;

	if (signin_unlock(r->store, r->arena, login, &r->user, &err) != 0) {
		json_t *ctx = people_ctx(r);

		json_object_set_new(ctx, "unlock_error", json_string(i18n_get(r->lang, err)));
		json_object_set_new(ctx, "unlock_login", json_string(login ? login : ""));
		return reply_page(r, reply_status_of(err), "console_people", ctx);
	}
	buf_str(&loc, "/console/people?unlocked=");
	buf_url(&loc, login);
	buf_str(&loc, "#unlock");
	to = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return reply_redirect(r, to);
}
