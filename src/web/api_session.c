/*
 * api_session.c - JSON sign-in, sign-out and "who am I" for API clients.
 *
 *   POST   /api/v1/session  {"login","password"} -> 200 {"token", "expires_at", "user"}
 *   DELETE /api/v1/session  ends the session in use
 *   GET    /api/v1/me       the signed-in account
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "signin.h"

static json_t *
user_json(const struct user *u)
{
	return json_pack("{sIssssss?ss}", "id", (json_int_t)u->id,
	    "login", u->login, "name", u->name, "name_alt", u->name_alt,
	    "role", role_name(u->role));
}

int
api_session_create(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	json_t *in;
	const char *login, *password, *code;
	char token[SESSION_TOKEN_LEN + 1];
	struct user u;
	time_t exp;
	int retry, status;
	char num[16];

	/* A cross-site form cannot send application/json without a CORS
	 * preflight, which we never grant: that is this route's CSRF guard. */
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0)
		return reply_error(r, 415, "json_required");
	if ((in = req_json(r)) == NULL)
		return reply_error(r, 400, "json_invalid");
	login = json_string_value(json_object_get(in, "login"));
	password = json_string_value(json_object_get(in, "password"));
	code = json_string_value(json_object_get(in, "code"));
	if ((login == NULL || password == NULL) && code == NULL) {
		json_decref(in);
		return reply_error(r, 400, "login_password_required");
	}
	memset(&u, 0, sizeof u);
	switch (code != NULL ? signin_code(r->store, r->arena, code, r->addr, &u, token,
	    &exp, &retry) : signin_try(r->store, r->arena, login, password, r->addr, &u,
	    token, &exp, &retry)) {
	case SIGNIN_OK:
		reply_cookie(r, "aicert_session", token, SESSION_TTL);
		status = reply_json(r, 200, json_pack("{sssIso}", "token", token,
		    "expires_at", (json_int_t)exp, "user", user_json(&u)));
		break;
	case SIGNIN_LIMITED:
		snprintf(num, sizeof num, "%d", retry);
		reply_header(r, "Retry-After", num);
		status = reply_error(r, 429, "too_many_attempts");
		break;
	case SIGNIN_BAD:
		status = reply_error(r, 401, "bad_credentials");
		break;
	default:
		status = reply_error(r, 500, "internal_error");
		break;
	}
	json_decref(in);
	return status;
}

int
api_session_delete(struct req *r)
{
	if (session_delete(r->store, r->token) != 0)
		return reply_error(r, 500, "internal_error");
	if (!r->bearer)
		reply_cookie(r, "aicert_session", "", -1);
	return reply_json(r, 200, json_pack("{sb}", "signed_out", 1));
}

int
api_session_me(struct req *r)
{
	return reply_json(r, 200, user_json(&r->user));
}
