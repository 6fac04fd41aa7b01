/*
 * ui_erase.c - erasing an account from the pages, confirmed twice:
 *
 *   GET /me/erase            what erasing does (step 1), a button to go on
 *   GET /me/erase?step=confirm   the form: type your login and password
 *   POST /me/erase           login, password, csrf: erases (erase.h), ends
 *                            the session, says it is done
 *   POST /console/users/{login}/erase   confirm (the login typed again),
 *                            csrf: an admin erases a learner's account
 *
 * The checks are those of the JSON API (api_erase.c).
 */
#include "handlers.h"

#include <string.h>

#include "erase.h"
#include "owner.h"

static int
erase_page(struct req *r, int status, int confirm, const char *error)
{
	json_t *ctx = json_pack("{s:s, s:b, s:s, s:s?}", "title",
	    i18n_get(r->lang, "erase_title"), "confirm", confirm, "login", r->user.login,
	    "error", error ? i18n_get(r->lang, error) : NULL);

	return reply_page(r, status, "erase", ctx);
}

int
ui_erase_form(struct req *r)
{
	const char *step = req_query(r, "step");

	return erase_page(r, 200, step != NULL && strcmp(step, "confirm") == 0, NULL);
}

int
ui_erase(struct req *r)
{
	const char *typed = req_form(r, "login"), *pw = req_form(r, "password");
	const char *err = NULL;
	char login[32];

	if (typed == NULL || strcasecmp(typed, r->user.login) != 0)
		return erase_page(r, 400, 1, "erase_login_mismatch");
	if (api_erase_self_check(r, pw, &err) != 0 ||
	    erase_account(r->store, r->user.id, login, &err) != 0)
		return erase_page(r, api_erase_status(err), 1, err);
	reply_cookie(r, "aicert_session", "", -1);
	/* the page that says so is a stranger's: no account menu */
	memset(&r->user, 0, sizeof r->user);
	r->token = NULL;
	return reply_page(r, 200, "erase_done", json_pack("{s:s}", "title",
	    i18n_get(r->lang, "erase_done_title")));
}

int
ui_console_users_erase(struct req *r)
{
	const char *login = req_param(r, "login"), *typed = req_form(r, "confirm");
	const char *err = NULL;
	char newlogin[32], *to;
	int64_t id;

	if (!erase_find(r->store, login, &id))
		return reply_error(r, 404, "user_not_found");
	if (!owner_erase(r->store, id, &r->user))
		return reply_error(r, 403, "forbidden");
	if (typed == NULL || strcasecmp(typed, login) != 0)
		return reply_error(r, 400, "erase_login_mismatch");
	if (id == r->user.id)
		return reply_error(r, 409, "account_self");
	if (erase_account(r->store, id, newlogin, &err) != 0)
		return reply_error(r, api_erase_status(err), err);
	to = arena_printf(r->arena, "/console/users?erased=%s", newlogin);
	return reply_redirect(r, to);
}
