/*
 * api_reset.c - password reset over HTTP, and its pages.
 *
 *   POST /api/v1/password-reset  {"login"} or {"email"}
 *       anyone: 202 {"status": "accepted", "message"}, the same whether
 *       an account was found or not (reset_request); 429 when the
 *       address asked too often
 *   POST /api/v1/password-reset/{token}  {"password"}
 *       anyone holding a link: 200 {"reset": true}; 410 the link is
 *       unknown, used or expired; 400 a password the rules refuse
 *   GET/POST /reset                the "Forgot password?" form
 *   GET/POST /reset/{token}        the form the mailed link opens
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail.h"
#include "reset.h"

/* The least time a reset request takes, found or not: a commit (with
 * its fsync) happens either way, and this hides what is left of the
 * difference. The route runs on the worker pool: no connection waits. */
#define RESET_FLOOR_MS 150

/* 202 or 429, the body the same for every account. */
static int
asked(struct req *r, const char *login, const char *email, int *wait)
{
	struct timespec t0, t1;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	*wait = reset_request(r->store, login, email, r->addr, r->lang, r->app->base_url);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	if (ms < RESET_FLOOR_MS) {
		struct timespec d = { 0, (RESET_FLOOR_MS - ms) * 1000000L };

		nanosleep(&d, NULL);
	}
	if (*wait > 0) {
		char num[16];

		snprintf(num, sizeof num, "%d", *wait);
		reply_header(r, "Retry-After", num);
		return 429;
	}
	return 202;
}

int
api_reset_request(struct req *r)
{
	json_t *in = req_json(r);
	const json_t *l = in ? json_object_get(in, "login") : NULL;
	const json_t *e = in ? json_object_get(in, "email") : NULL;
	int wait, st;

	if (in == NULL || (l == NULL) == (e == NULL) || !json_is_string(l ? l : e) ||
	    json_string_length(l ? l : e) == 0 || json_string_length(l ? l : e) > 254) {
		json_decref(in);
		return reply_error(r, 400, "reset_login_or_email");
	}
	st = asked(r, l ? json_string_value(l) : NULL, e ? json_string_value(e) : NULL, &wait);
	json_decref(in);
	if (st == 429)
		return reply_error(r, 429, "too_many_resets");
	return reply_json(r, 202, json_pack("{s:s, s:s}", "status", "accepted", "message",
	    i18n_get(r->lang, "reset_requested")));
}

int
api_reset_set(struct req *r)
{
	json_t *in = req_json(r);
	const json_t *pw = in ? json_object_get(in, "password") : NULL;
	const char *err = NULL;

	if (!json_is_string(pw)) {
		json_decref(in);
		return reply_error(r, 400, "password_too_short");
	}
	if (reset_complete(r->store, req_param(r, "token"), json_string_value(pw), &err) != 0) {
		json_decref(in);
		return reply_error(r, strcmp(err, "reset_link_invalid") == 0 ? 410 :
		    reply_status_of(err), err);
	}
	json_decref(in);
	return reply_json(r, 200, json_pack("{s:b}", "reset", 1));
}

/* ---- pages ---- */

static int
reset_page(struct req *r, int status, json_t *ctx)
{
	json_object_set_new(ctx, "title", json_string(i18n_get(r->lang, "reset_title")));
	if (!mail_enabled())
		json_object_set_new(ctx, "no_mail", json_true());
	return reply_page(r, status, "reset", ctx);
}

int
ui_reset_form(struct req *r)
{
	return reset_page(r, 200, json_pack("{s:b}", "ask", 1));
}

int
ui_reset_post(struct req *r)
{
	static const char *const known[] = { "csrf", "who", NULL };
	const char *who = req_form(r, "who"), *unknown = req_form_unknown(r, known);
	int wait, st;

	if (unknown != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	if (who == NULL || *who == '\0' || strlen(who) > 254)
		return reset_page(r, 400, json_pack("{s:b, s:s}", "ask", 1, "error",
		    i18n_get(r->lang, "reset_login_or_email")));
	/* A login may look like an address: it is tried as a login first. */
	st = asked(r, who, mail_check_address(who) == NULL ? who : NULL, &wait);
	if (st == 429)
		return reset_page(r, 429, json_pack("{s:b, s:s}", "ask", 1, "error",
		    i18n_get(r->lang, "too_many_resets")));
	return reset_page(r, 202, json_pack("{s:b}", "asked", 1));
}

int
ui_reset_token_form(struct req *r)
{
	char *login = NULL;

	if (reset_lookup(r->store, r->arena, req_param(r, "token"), &login) == 0)
		return reset_page(r, 410, json_pack("{s:b}", "invalid", 1));
	reply_header(r, "Referrer-Policy", "no-referrer");
	return reset_page(r, 200, json_pack("{s:b, s:s, s:s}", "set", 1, "login", login,
	    "token", req_param(r, "token")));
}

int
ui_reset_token_post(struct req *r)
{
	static const char *const known[] = { "csrf", "password", "password2", NULL };
	const char *pw = req_form(r, "password"), *pw2 = req_form(r, "password2");
	const char *unknown = req_form_unknown(r, known), *err = NULL;
	char *login = NULL;

	if (unknown != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	if (reset_lookup(r->store, r->arena, req_param(r, "token"), &login) == 0)
		return reset_page(r, 410, json_pack("{s:b}", "invalid", 1));
	if (pw == NULL || pw2 == NULL || strcmp(pw, pw2) != 0)
		err = "password_mismatch";
	else if (reset_complete(r->store, req_param(r, "token"), pw, &err) == 0)
		return reset_page(r, 200, json_pack("{s:b}", "done", 1));
	if (strcmp(err, "reset_link_invalid") == 0)
		return reset_page(r, 410, json_pack("{s:b}", "invalid", 1));
	return reset_page(r, reply_status_of(err), json_pack("{s:b, s:s, s:s, s:s}", "set", 1,
	    "login", login, "token", req_param(r, "token"), "error", i18n_get(r->lang, err)));
}
