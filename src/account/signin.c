/*
 * signin.c - one sign-in attempt; see signin.h.
 */
#include "signin.h"

#include <string.h>

#include "owner.h"
#include "password.h"
#include "people.h"
#include "ratelimit.h"

enum signin_result
signin_try(struct store *s, struct arena *a, const char *login,
    const char *password, const char *addr, struct user *u,
    char token[SESSION_TOKEN_LEN + 1], time_t *exp, int *retry)
{
	time_t now = time(NULL);
	char *hash = NULL;
	int ok;

	*retry = 0;
	if (login == NULL || password == NULL || *login == '\0' ||
	    strlen(login) > 64 || strlen(password) > PASSWORD_MAX_LEN)
		return SIGNIN_BAD;
	if ((*retry = ratelimit_check(login, addr, now)) > 0)
		return SIGNIN_LIMITED;
	if (account_find(s, a, login, u, &hash)) {
		ok = password_check(hash, password);
	} else {
		password_dummy_check(password);
		ok = 0;
	}
	if (!ok) {
		ratelimit_fail(login, addr, now);
		return SIGNIN_BAD;
	}
	ratelimit_success(login, addr);
	if (session_create(s, u->id, token, exp) != 0)
		return SIGNIN_ERROR;
	return SIGNIN_OK;
}

enum signin_result
signin_code(struct store *s, struct arena *a, const char *code, const char *addr,
    struct user *u, char token[SESSION_TOKEN_LEN + 1], time_t *exp, int *retry)
{
	time_t now = time(NULL);

	/* Codes name no account: only the address's failures count. */
	if ((*retry = ratelimit_check("", addr, now)) > 0)
		return SIGNIN_LIMITED;
	if (!people_code_signin(s, a, code, u)) {
		ratelimit_fail("", addr, now);
		return SIGNIN_BAD;
	}
	if (session_create(s, u->id, token, exp) != 0)
		return SIGNIN_ERROR;
	return SIGNIN_OK;
}

int
signin_unlock(struct store *s, struct arena *a, const char *login, const struct user *by,
    const char **err)
{
	struct user u;

	if (login == NULL || !account_find(s, a, login, &u, NULL)) {
		*err = "user_not_found";
		return -1;
	}
	if (!owner_learner(s, u.id, by)) {
		*err = "learner_not_yours";
		return -1;
	}
	ratelimit_clear_account(u.login);
	if (account_audit(s, "user.unlock", u.login) != 0) {
		*err = "internal_error";
		return -1;
	}
	return 0;
}
