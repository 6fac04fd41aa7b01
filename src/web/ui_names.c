/*
 * ui_names.c - the pages of access-code learners and of names:
 *
 *   GET/POST /welcome            after an access-code sign-in: set a
 *       password (then sign in with login and password), or skip it for
 *       now; asked again at the next code sign-in, never once the
 *       account has a password (this page is no way to change one)
 *   POST /me/name                a learner's request to correct their names
 *   POST /console/people/name    a trainer's (or admin's) correction
 *   POST /console/people/code    a new access code, printed as a slip
 *
 * The work is names.h's, people_new_code and account_update.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "mail.h"
#include "names.h"
#include "people.h"
#include "slipbox.h"

static int
welcome_page(struct req *r, int status, const char *error)
{
	const char *email = req_form(r, "email");
	json_t *ctx = json_pack("{s:s, s:s, s:s?, s:s}", "title",
	    i18n_get(r->lang, "welcome_title"), "login", r->user.login, "error",
	    error ? i18n_get(r->lang, error) : NULL, "next",
	    req_safe_next(req_query(r, "next") ? req_query(r, "next") : req_form(r, "next")));

	/* what was typed, else the address the account has (an import's) */
	if (email == NULL)
		email = account_email(r->store, r->arena, r->user.id);
	json_object_set_new(ctx, "email", json_string(email ? email : ""));

	return reply_page(r, status, "welcome", ctx);
}

int
ui_welcome(struct req *r)
{
	if (account_has_password(r->store, r->user.id))
		return reply_redirect(r, req_safe_next(req_query(r, "next")));
	return welcome_page(r, 200, NULL);
}

int
ui_welcome_post(struct req *r)
{
	const char *pw = req_form(r, "password"), *pw2 = req_form(r, "password2");
	struct account_change ch = { ROLE_NONE, -1, pw, r->token };
	const char *err = NULL;

	/* Only a password the account lacks: changing one needs the old. */
	if (account_has_password(r->store, r->user.id))
		return reply_redirect(r, req_safe_next(req_form(r, "next")));
	const char *email = req_form(r, "email");

	if (pw == NULL || pw2 == NULL || strcmp(pw, pw2) != 0)
		return welcome_page(r, 422, "password_mismatch");
	/* An address is optional here; one given must be one, checked before
	 * anything changes. */
	if (email != NULL && *email != '\0' && mail_check_address(email) != NULL)
		return welcome_page(r, 422, "email_invalid");
	if (account_update(r->store, r->user.login, &ch, r->user.id, &err) < 0)
		return welcome_page(r, strcmp(err, "internal_error") == 0 ? 500 : 422, err);
	if (email != NULL && *email != '\0' &&
	    account_set_email(r->store, r->user.login, email, &err) != 0)
		return welcome_page(r, strcmp(err, "internal_error") == 0 ? 500 : 422, err);
	/* Back where the learner was going; home, their exams first, says
	 * the password is set. */
	if (strcmp(req_safe_next(req_form(r, "next")), "/") == 0)
		return reply_redirect(r, "/?password_set=1");
	return reply_redirect(r, req_safe_next(req_form(r, "next")));
}

void
ui_account_names_ctx(struct req *r, json_t *ctx)
{
	json_t *open = names_request_open(r->store, r->user.id);

	json_object_set_new(ctx, "my_name", json_string(r->user.name ? r->user.name : ""));
	json_object_set_new(ctx, "my_name_alt", json_string(r->user.name_alt ?
	    r->user.name_alt : ""));
	/* The request form starts from the names as they are: the learner
	 * changes what is wrong, and an empty field means none. */
	json_object_set_new(ctx, "req_name", json_string(r->user.name ? r->user.name : ""));
	json_object_set_new(ctx, "req_name_alt", json_string(r->user.name_alt ?
	    r->user.name_alt : ""));
	if (open != NULL)
		json_object_set_new(ctx, "name_request", open);
	if (req_query(r, "name_requested") != NULL)
		json_object_set_new(ctx, "name_requested", json_true());
	if (req_query(r, "password_set") != NULL)
		json_object_set_new(ctx, "password_set", json_true());
}

int
ui_account_name_request(struct req *r)
{
	const char *err = NULL;

	if (names_request(r->store, r->user.id, req_form(r, "name"), req_form(r, "name_alt"),
	    req_form(r, "note"), &err) != 0) {
		json_t *ctx = json_object();
		int status = strcmp(err, "internal_error") == 0 ? 500 :
		    strcmp(err, "name_request_open") == 0 ? 409 : 422;

		json_object_set_new(ctx, "name_error", json_string(i18n_get(r->lang, err)));
		json_object_set_new(ctx, "req_name", json_string(req_form(r, "name") ?
		    req_form(r, "name") : ""));
		json_object_set_new(ctx, "req_name_alt", json_string(req_form(r, "name_alt") ?
		    req_form(r, "name_alt") : ""));
		json_object_set_new(ctx, "req_note", json_string(req_form(r, "note") ?
		    req_form(r, "note") : ""));
		return ui_account_status(r, status, ctx);
	}
	return reply_redirect(r, "/me?name_requested=1#name");
}

void
ui_console_names_ctx(struct req *r, json_t *ctx)
{
	json_object_set_new(ctx, "names_requests", names_requests(r->store, &r->user));
	if (req_query(r, "renamed") != NULL)
		json_object_set_new(ctx, "renamed", json_string(req_query(r, "renamed")));
}

int
ui_console_people_name(struct req *r)
{
	const char *login = req_form(r, "login"), *err = NULL;
	json_t *reissued = NULL;
	int rc = names_correct(r->store, &r->app->key, login, req_form(r, "name"),
	    req_form(r, "name_alt") ? req_form(r, "name_alt") : "", req_form(r, "reason"),
	    &r->user, &reissued, &err);
	struct buf loc = BUF_INIT;
	char *to;

	if (rc < 0) {
		json_t *ctx = json_object();

		json_object_set_new(ctx, "name_error", json_string(i18n_get(r->lang, err)));
		json_object_set_new(ctx, "name_login", json_string(login ? login : ""));
		return ui_console_people_status(r, reply_status_of(err), ctx);
	}
	json_decref(reissued);
	buf_str(&loc, "/console/people?renamed=");
	buf_url(&loc, login);
	buf_str(&loc, "#names");
	to = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return reply_redirect(r, to);
}

int
ui_console_people_code(struct req *r)
{
	const char *login = req_form(r, "login"), *days = req_form(r, "codes_days");
	const char *err = NULL;
	json_t *row = people_new_code(r->store, login, &r->user, days ? atoi(days) : 0, &err);
	json_t *kept;
	char id[SLIPBOX_ID_LEN + 1];
	int rc;

	if (row == NULL) {
		json_t *ctx = json_object();

		json_object_set_new(ctx, "code_error", json_string(i18n_get(r->lang, err)));
		json_object_set_new(ctx, "code_login", json_string(login ? login : ""));
		return ui_console_people_status(r, reply_status_of(err), ctx);
	}
	kept = json_pack("{s:[o], s:I, s:b}", "learners", row, "sitting", (json_int_t)0,
	    "codes", 1);
	rc = slipbox_put(r->user.id, r->token, kept, id);
	json_decref(kept);
	if (rc != 0)
		return reply_error(r, 500, "internal_error");
	return reply_redirect(r, arena_printf(r->arena, "/console/people/slips/%s", id));
}
