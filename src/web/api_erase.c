/*
 * api_erase.c - erasing an account over HTTP (erase.h):
 *
 *   POST /api/v1/me/erase  {"password"}
 *       the signed-in learner erases their own account: 200
 *       {"erased": true}; 403 when the password is wrong, 409 for a staff
 *       account (erase_staff)
 *   POST /api/v1/users/{login}/erase
 *       admin: erases a learner's account: 200 {"erased": true, "login"
 *       (the opaque login it has now)}; 404 for an unknown or erased
 *       login, 409 for a staff account
 *
 * Both end every session of the account and revoke its certificates.
 */
#include "handlers.h"

#include <string.h>

#include "erase.h"
#include "owner.h"
#include "password.h"

int
api_erase_status(const char *err)
{
	if (err != NULL && strcmp(err, "erase_staff") == 0)
		return 409;
	if (err != NULL && strcmp(err, "erase_password_wrong") == 0)
		return 403;
	return reply_status_of(err);
}

int
api_erase_self_check(struct req *r, const char *password, const char **err)
{
	char *hash = NULL;
	struct user u;

	if (r->user.role != ROLE_LEARNER) {
		*err = "erase_staff";
		return -1;
	}
	if (password == NULL || !account_find(r->store, r->arena, r->user.login, &u, &hash) ||
	    u.id != r->user.id || !password_check(hash, password)) {
		*err = "erase_password_wrong";
		return -1;
	}
	return 0;
}

int
api_me_erase(struct req *r)
{
	json_t *in = req_json(r);
	const json_t *pw = in ? json_object_get(in, "password") : NULL;
	const char *err = NULL;
	char login[32];
	int rc;

	if (in == NULL || !json_is_string(pw)) {
		json_decref(in);
		return reply_error(r, 400, "json_invalid");
	}
	rc = api_erase_self_check(r, json_string_value(pw), &err);
	json_decref(in);
	if (rc != 0 || erase_account(r->store, r->user.id, login, &err) != 0)
		return reply_error(r, api_erase_status(err), err);
	reply_cookie(r, "aicert_session", "", -1);
	return reply_json(r, 200, json_pack("{s:b}", "erased", 1));
}

int
api_user_erase(struct req *r)
{
	const char *err = NULL;
	char login[32];
	int64_t id;

	if (!erase_find(r->store, req_param(r, "login"), &id))
		return reply_error(r, 404, "user_not_found");
	if (!owner_erase(r->store, id, &r->user))
		return reply_error(r, 403, "forbidden");
	if (id == r->user.id)
		return reply_error(r, 409, "account_self");
	if (erase_account(r->store, id, login, &err) != 0)
		return reply_error(r, api_erase_status(err), err);
	return reply_json(r, 200, json_pack("{s:b, s:s}", "erased", 1, "login", login));
}
