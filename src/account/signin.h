/*
 * signin.h - one sign-in attempt, shared by the page and the API: the
 * brute-force limits, the password check and the new session; and a
 * trainer clearing a learner's limits.
 */
#ifndef AICERT_SIGNIN_H
#define AICERT_SIGNIN_H

#include "account.h"
#include "session.h"
#include "store.h"

enum signin_result {
	SIGNIN_OK,
	SIGNIN_BAD,		/* unknown login or wrong password: 401 */
	SIGNIN_LIMITED,		/* too many failures: 429, wait *retry s */
	SIGNIN_ERROR,		/* the store failed: 500 */
};

/* Checks login/password from addr (slow: Argon2id). On SIGNIN_OK fills u
 * (strings from a), token and *exp. */
enum signin_result signin_try(struct store *s, struct arena *a,
    const char *login, const char *password, const char *addr,
    struct user *u, char token[SESSION_TOKEN_LEN + 1], time_t *exp,
    int *retry);

/* The same with a one-time access code instead of a password (fast: the
 * code's entropy needs no slow hash). Failures count against the address. */
enum signin_result signin_code(struct store *s, struct arena *a, const char *code,
    const char *addr, struct user *u, char token[SESSION_TOKEN_LEN + 1], time_t *exp,
    int *retry);

/* Lets a learner in again: clears the sign-in throttle of the enabled
 * account login from every address (ratelimit_clear_account), when by
 * manages it (owner.h), audited (user.unlock). 0, or -1 with *err a
 * message key: "user_not_found", "learner_not_yours", "internal_error". */
int signin_unlock(struct store *s, struct arena *a, const char *login,
    const struct user *by, const char **err);

#endif
