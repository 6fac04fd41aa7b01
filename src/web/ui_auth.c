/*
 * ui_auth.c - the sign-in, registration and sign-out pages.
 *
 * Each POST handler runs in Fossil's order: the route table has checked
 * the role and the CSRF token; here the input is validated, the store
 * called, and the page rendered escaped. Sign-in and registration hash
 * passwords, so their routes run on the worker pool.
 *
 * Registration tells nobody whether a login exists: a taken login is
 * refused like any other unfit form (422, "This login cannot be used"),
 * and refusals are counted tightly per address (ratelimit.h), so that
 * probing for logins soon ends in 429.
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "account.h"
#include "consent.h"
#include "mail.h"
#include "ratelimit.h"
#include "signin.h"

static int
signin_page(struct req *r, int status, const char *error, const char *login)
{
	json_t *ctx = json_pack("{ss?ssss?ss}", "error",
	    error ? i18n_get(r->lang, error) : NULL,
	    "next", req_safe_next(req_query(r, "next") ? req_query(r, "next") :
	    req_form(r, "next")), "login", login, "title", i18n_get(r->lang, "signin"));

	return reply_page(r, status, "signin", ctx);
}

int
ui_auth_signin_form(struct req *r)
{
	if (r->user.id != 0)
		return reply_redirect(r, req_safe_next(req_query(r, "next")));
	return signin_page(r, 200, NULL, NULL);
}

int
ui_auth_signin(struct req *r)
{
	const char *login = req_form(r, "login"), *password = req_form(r, "password");
	const char *code = req_form(r, "code");
	char token[SESSION_TOKEN_LEN + 1], num[16];
	struct user u;
	time_t exp;
	int retry;

	memset(&u, 0, sizeof u);
	switch (code != NULL && *code ? signin_code(r->store, r->arena, code, r->addr, &u,
	    token, &exp, &retry) : signin_try(r->store, r->arena, login, password, r->addr, &u,
	    token, &exp, &retry)) {
	case SIGNIN_OK:
		reply_cookie(r, "aicert_session", token, SESSION_TTL);
		/* The account's language follows it to this browser. */
		if (account_lang(r->store, u.id) != NULL)
			reply_cookie(r, "lang", account_lang(r->store, u.id), 365L * 86400);
		/* A code opens only an account without a password: /welcome
		 * asks for one (skippable), so that the learner has a way back. */
		if (code != NULL && *code) {
			struct buf loc = BUF_INIT;
			char *to;

			buf_str(&loc, "/welcome?next=");
			buf_url(&loc, req_safe_next(req_form(r, "next")));
			to = arena_strdup(r->arena, loc.data);
			buf_free(&loc);
			return reply_redirect(r, to);
		}
		return reply_redirect(r, req_safe_next(req_form(r, "next")));
	case SIGNIN_LIMITED:
		snprintf(num, sizeof num, "%d", retry);
		reply_header(r, "Retry-After", num);
		return signin_page(r, 429, "too_many_attempts", login);
	case SIGNIN_BAD:
		return signin_page(r, 401, code != NULL && *code ? "bad_access_code" :
		    "bad_credentials", login);
	default:
		return signin_page(r, 500, "internal_error", login);
	}
}

int
ui_auth_signout(struct req *r)
{
	session_delete(r->store, r->token);
	reply_cookie(r, "aicert_session", "", -1);
	return reply_redirect(r, "/");
}

static int
register_page(struct req *r, int status, const char *error)
{
	json_t *ctx = json_pack("{ss?ssss?ssss?sbss?}", "error",
	    error ? i18n_get(r->lang, error) : NULL,
	    "title", i18n_get(r->lang, "register"),
	    "login", req_form(r, "login"), "name", req_form(r, "name") ?
	    req_form(r, "name") : "", "name_alt", req_form(r, "name_alt"),
	    "agree", req_form(r, "agree") != NULL,
	    "email", req_form(r, "email"));

	return reply_page(r, status, "register", ctx);
}

int
ui_auth_register_form(struct req *r)
{
	if (!r->app->registration_open)
		return reply_error(r, 404, "registration_closed");
	return register_page(r, 200, NULL);
}

/* A refused registration: counted against the address, the form again
 * with why (a taken login in the same words as any unusable one). */
static int
register_refused(struct req *r, const char *err)
{
	if (strcmp(err, "internal_error") == 0)
		return register_page(r, 500, err);
	ratelimit_register_done(r->addr, 0, time(NULL));
	if (strcmp(err, "login_taken") == 0)
		err = "login_unavailable";
	return register_page(r, 422, err);
}

int
ui_auth_register(struct req *r)
{
	const char *password = req_form(r, "password");
	const char *confirm = req_form(r, "password2");
	const char *err = NULL;
	char token[SESSION_TOKEN_LEN + 1], num[16];
	struct consent_notice notice;
	int64_t id;
	time_t exp;
	int wait;

	if (!r->app->registration_open)
		return reply_error(r, 404, "registration_closed");
	if ((wait = ratelimit_register_check(r->addr, time(NULL))) > 0) {
		snprintf(num, sizeof num, "%d", wait);
		reply_header(r, "Retry-After", num);
		return register_page(r, 429, "too_many_registrations");
	}
	if (password == NULL || confirm == NULL || strcmp(password, confirm) != 0)
		return register_refused(r, "password_mismatch");
	/* The personal-data notice: read and accepted, or no account. */
	if (req_form(r, "agree") == NULL)
		return register_page(r, 422, "consent_required");
	if (consent_current(r->store, r->arena, &notice) != 0)
		return register_page(r, 500, "internal_error");
	/* A learner who registers has an address: the way back to a
	 * forgotten password, and where certificates are announced. */
	if (req_form(r, "email") == NULL || mail_check_address(req_form(r, "email")) != NULL)
		return register_refused(r, "email_invalid");
	if (account_create(r->store, req_form(r, "login"), req_form(r, "name"),
	    req_form(r, "name_alt"), ROLE_LEARNER, password, &id, &err) != 0)
		return register_refused(r, err);
	ratelimit_register_done(r->addr, 1, time(NULL));
	(void)account_set_lang(r->store, id, r->lang);
	(void)account_set_email(r->store, req_form(r, "login"), req_form(r, "email"), &err);
	/* A version saved meanwhile is asked for by the gate on the next page. */
	(void)consent_accept(r->store, id, notice.version, &err);
	if (session_create(r->store, id, token, &exp) != 0)
		return reply_redirect(r, "/signin");
	reply_cookie(r, "aicert_session", token, SESSION_TTL);
	return reply_redirect(r, "/");
}
