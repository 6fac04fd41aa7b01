/*
 * ui_console_people.c - learners in bulk for a test centre, in the
 * console: GET /console/people (the forms), POST /console/people (a CSV
 * of learners, typed or uploaded, in UTF-8, Big5 or CP950, with access
 * codes for a sitting: 303 to its slips, or every error by line),
 * GET /console/people/slips/{import} (the slips, each in its learner's
 * language, for SLIPBOX_TTL_S to the session that imported: reloading or
 * printing changes nothing),
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
#include "slipbox.h"
#include "timefmt.h"

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

	json_t *ctx = json_pack("{s:s, s:o, s:o, s:s, s:s?, s:s?, s:s?}",
	    "title", i18n_get(r->lang, "console_people"),
	    "encodings", ui_console_encodings(r, req_form(r, "encoding")),
	    "sittings", all_sittings(r, sitting ? atoll(sitting) : 0),
	    "codes_days", days ? days : "3", "csv", req_form(r, "csv"),
	    "saved", req_query(r, "saved"), "unlocked", req_query(r, "unlocked"));

	ui_console_names_ctx(r, ctx);
	return ctx;
}

int
ui_console_people(struct req *r)
{
	return ui_console_people_status(r, 200, NULL);
}

int
ui_console_people_status(struct req *r, int status, json_t *extra)
{
	json_t *ctx = people_ctx(r);

	if (extra != NULL)
		json_object_update(ctx, extra);
	json_decref(extra);
	return reply_page(r, status, "console_people", ctx);
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
		/* Post/redirect/get: a reload shows these slips again and never
		 * imports twice; the codes live only in the slip box. */
		json_t *kept = json_pack("{s:o, s:I, s:b}", "learners", rows, "sitting",
		    (json_int_t)sid, "codes", ndays > 0);
		char id[SLIPBOX_ID_LEN + 1];
		int rc = slipbox_put(r->user.id, r->token, kept, id);

		json_decref(kept);
		if (rc != 0)
			return reply_error(r, 500, "internal_error");
		return reply_redirect(r, arena_printf(r->arena, "/console/people/slips/%s", id));
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

/* One slip of learner row (from the import), in lang, for sitting (NULL
 * none): every label and the exam's title in that language. */
static void
slip_dress(json_t *row, const char *lang, const json_t *sitting)
{
	static const char *const labels[] = {
		"login", "access_code", "app_name", "console_slip_use", "console_slip_nocode",
		"slip_exam", "slip_sitting", "slip_room", "slip_seat", "slip_opens",
		"slip_expires", NULL
	};
	json_t *t = json_object();
	char when[32];
	long long exp = json_integer_value(json_object_get(row, "code_expires_at"));

	for (size_t i = 0; labels[i] != NULL; i++)
		json_object_set_new(t, labels[i], json_string(i18n_get(lang, labels[i])));
	json_object_set_new(row, "t", t);
	json_object_set_new(row, "slip_lang", json_string(lang));
	json_object_set_new(row, "has_code", json_boolean(json_object_get(row, "code") != NULL));
	if (exp > 0 && timefmt_local(exp, TIMEFMT_MINUTE, when, sizeof when) == 0)
		json_object_set_new(row, "expires_text", json_string(when));
	if (sitting == NULL)
		return;
	json_object_set_new(row, "exam", json_string(json_string_value(json_object_get(sitting,
	    strcmp(lang, "zh-TW") == 0 ? "exam_zh" : "exam_en"))));
	json_object_set_new(row, "sitting", json_incref(json_object_get(sitting, "name")));
	if (*json_string_value(json_object_get(sitting, "room")))
		json_object_set_new(row, "room", json_incref(json_object_get(sitting, "room")));
	if (timefmt_local(json_integer_value(json_object_get(sitting, "opens_at")),
	    TIMEFMT_MINUTE, when, sizeof when) == 0 &&
	    json_integer_value(json_object_get(sitting, "opens_at")) > 0)
		json_object_set_new(row, "opens_text", json_string(when));
}

int
ui_console_people_slips(struct req *r)
{
	long age = 0;
	json_t *kept = slipbox_get(req_param(r, "import"), r->user.id, r->token, &age);
	json_t *rows, *row, *sitting = NULL, *ctx;
	size_t i;

	if (kept == NULL)
		return reply_page(r, 200, "console_slips", json_pack("{s:s, s:b, s:i}",
		    "title", i18n_get(r->lang, "console_slips"), "gone", 1,
		    "minutes", SLIPBOX_TTL_S / 60));
	if (json_integer_value(json_object_get(kept, "sitting")) > 0)
		sitting = people_sitting_get(r->store, json_integer_value(json_object_get(kept,
		    "sitting")));
	rows = json_object_get(kept, "learners");
	json_array_foreach(rows, i, row) {
		const char *l = json_string_value(json_object_get(row, "lang"));

		slip_dress(row, l != NULL ? l : r->lang, sitting);
	}
	ctx = json_pack("{s:s, s:O, s:i, s:O, s:s, s:i}",
	    "title", i18n_get(r->lang, "console_slips"), "learners", rows,
	    "count", (int)json_array_size(rows), "codes", json_object_get(kept, "codes"),
	    "site", r->app->base_url ? r->app->base_url : "",
	    "minutes_left", (int)((SLIPBOX_TTL_S - age + 59) / 60));
	json_decref(sitting);
	json_decref(kept);
	return reply_page(r, 200, "console_slips", ctx);
}
