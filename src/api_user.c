/*
 * api_user.c - accounts over HTTP: learners in bulk and what trainers
 * set for a learner; what administrators change on accounts.
 *
 *   POST /api/v1/users/import?encoding=&codes_days=&sitting=  (CSV body)
 *       trainer: learners from a CSV (people_import_csv()); 201
 *       {"learners":[...]}, 422 {"error","errors":[{"line","message"}]}
 *   PUT /api/v1/users/{login}/accommodations  {"time_multiplier": 1.5}
 *       trainer: extra time for a learner's future attempts (1 to 4)
 *   POST /api/v1/users/{login}/unlock
 *       trainer: clears the learner's sign-in throttle
 *   GET /api/v1/users?q=&page=                 admin: accounts, 100 a page
 *       (account_list())
 *   PATCH /api/v1/users/{login}  {"role", "disabled", "password"}, each
 *       optional: admin: change an account (account_update()); 200
 *       {"login", "role", "disabled", "changed"}, 409 when it would leave
 *       no enabled administrator or is the admin's own demotion
 */
#include "handlers.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attempt.h"
#include "encoding.h"
#include "owner.h"
#include "people.h"
#include "ratelimit.h"

struct accommodation {
	const char *login;
	double multiplier;
	const struct user *by;
	int found, allowed;
};

static int
set_multiplier(struct db *d, void *ctx)
{
	static const char find[] = "SELECT id FROM users WHERE login = ?";
	static const char sql[] = "UPDATE users SET time_multiplier = ? WHERE id = ?";
	struct accommodation *ac = ctx;
	sqlite3_stmt *st = db_stmt(d, find);
	int64_t uid = -1;
	char detail[160];
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ac->login, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		uid = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	ac->found = uid > 0;
	/* Only who manages the learner gives them more time (owner.h). */
	ac->allowed = ac->found && owner_learner_db(d, uid, ac->by);
	if (!ac->allowed)
		return 0;
	if ((st = db_stmt(d, sql)) == NULL)
		return -1;
	sqlite3_bind_double(st, 1, ac->multiplier);
	sqlite3_bind_int64(st, 2, uid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	snprintf(detail, sizeof detail, "%s x%.2f", ac->login, ac->multiplier);
	return db_audit(d, "user.accommodation", detail);
}

int
api_user_set_multiplier(struct req *r, const char *login, double multiplier,
    const char **err)
{
	struct accommodation ac = { login, multiplier, &r->user, 0, 0 };

	if (!(multiplier >= 1.0 && multiplier <= 4.0)) {
		*err = "multiplier_invalid";
		return 400;
	}
	if (login == NULL || store_write(r->store, set_multiplier, &ac) != 0) {
		*err = "internal_error";
		return 500;
	}
	if (!ac.found) {
		*err = "user_not_found";
		return 404;
	}
	if (!ac.allowed) {
		*err = "learner_not_yours";
		return 403;
	}
	return 200;
}

int
api_user_unlock_login(struct req *r, const char *login, const char **err)
{
	struct user u;

	if (login == NULL || !account_find(r->store, r->arena, login, &u, NULL)) {
		*err = "user_not_found";
		return 404;
	}
	if (!owner_learner(r->store, u.id, &r->user)) {
		*err = "learner_not_yours";
		return 403;
	}
	ratelimit_clear_account(u.login);
	if (account_audit(r->store, "user.unlock", u.login) != 0) {
		*err = "internal_error";
		return 500;
	}
	return 200;
}

int
api_user_unlock(struct req *r)
{
	const char *err = NULL;
	int status = api_user_unlock_login(r, req_param(r, "login"), &err);

	if (status != 200)
		return reply_error(r, status, err);
	return reply_json(r, 200, json_pack("{s:s, s:b}", "login", req_param(r, "login"),
	    "unlocked", 1));
}

int
api_user_accommodation(struct req *r)
{
	json_t *in = req_json(r);
	const json_t *m = in ? json_object_get(in, "time_multiplier") : NULL;
	double mult = json_is_number(m) ? json_number_value(m) : 0;
	const char *err = NULL;
	int status;

	json_decref(in);
	if ((status = api_user_set_multiplier(r, req_param(r, "login"), mult, &err)) != 200)
		return reply_error(r, status, err);
	return reply_json(r, 200, json_pack("{s:s, s:f}", "login", req_param(r, "login"),
	    "time_multiplier", mult));
}

int
api_user_import(struct req *r)
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

/* ---- accounts, for administrators ---- */

int
api_user_list(struct req *r)
{
	const char *page = req_query(r, "page");

	return reply_json(r, 200, account_list(r->store, req_query(r, "q"),
	    page ? atoi(page) : 1));
}

int
api_user_update(struct req *r, const char *login, struct account_change *ch,
    int *changed, const char **err)
{
	int rc;

	ch->keep_token = r->token;	/* one's own new password keeps this session */
	rc = account_update(r->store, login, ch, r->user.id, err);

	*changed = rc == 1;
	if (rc >= 0)
		return 200;
	if (strcmp(*err, "user_not_found") == 0)
		return 404;
	if (strcmp(*err, "account_last_admin") == 0 || strcmp(*err, "account_self") == 0)
		return 409;
	if (strcmp(*err, "internal_error") == 0)
		return 500;
	return 400;
}

int
api_user_patch(struct req *r)
{
	json_t *in = req_json(r), *role, *off, *pw;
	struct account_change ch = { ROLE_NONE, -1, NULL, NULL };
	const char *login = req_param(r, "login"), *err = NULL;
	int status, changed;

	if (in == NULL)
		return reply_error(r, 400, "json_invalid");
	role = json_object_get(in, "role");
	off = json_object_get(in, "disabled");
	pw = json_object_get(in, "password");
	if ((role != NULL && (ch.role = role_parse(json_string_value(role))) == ROLE_NONE) ||
	    (off != NULL && !json_is_boolean(off)) || (pw != NULL && !json_is_string(pw)) ||
	    (role == NULL && off == NULL && pw == NULL)) {
		json_decref(in);
		return reply_error(r, 400, "account_change_invalid");
	}
	if (off != NULL)
		ch.disabled = json_is_true(off);
	ch.password = json_string_value(pw);
	status = api_user_update(r, login, &ch, &changed, &err);
	json_decref(in);
	if (status != 200)
		return reply_error(r, status, err);
	return reply_json(r, 200, json_pack("{s:s, s:s, s:b, s:b}", "login", login,
	    "role", role_name(ch.role), "disabled", ch.disabled, "changed", changed));
}
