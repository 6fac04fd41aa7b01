/*
 * account.h - user accounts: roles, creation, lookup by login.
 *
 * Names are full Unicode (王小明) with an optional second display name in
 * the other script (Wang Hsiao-Ming); both appear on certificates.
 */
#ifndef AICERT_ACCOUNT_H
#define AICERT_ACCOUNT_H

#include <stdint.h>

#include "arena.h"
#include "store.h"

enum role {
	ROLE_NONE = 0,		/* not signed in */
	ROLE_LEARNER,
	ROLE_TRAINER,
	ROLE_ADMIN,
};

struct user {
	int64_t id;		/* 0 when nobody is signed in */
	char *login;
	char *name;
	char *name_alt;		/* NULL if none */
	enum role role;
	double time_multiplier;
};

/* "learner", "trainer", "admin" (ROLE_NONE: "anonymous"). */
const char *role_name(enum role r);
/* The inverse; ROLE_NONE if unknown. */
enum role role_parse(const char *s);

/* Checks a login (1-64 of A-Z a-z 0-9 . _ @ -) and a display name (valid
 * UTF-8, 1-200 bytes, no control characters). NULL if fine, else a message
 * key of the catalogs. */
const char *account_check_login(const char *login);
const char *account_check_name(const char *name);

/* Creates an account. Validates every field, hashes the password (slow:
 * call off the connection threads) and inserts through the writer. Returns
 * 0 and sets *id, or -1 with *err set to a message key ("login_taken",
 * "login_invalid", "name_invalid", "password_too_short", ...). */
int account_create(struct store *s, const char *login, const char *name,
    const char *name_alt, enum role role, const char *password,
    int64_t *id, const char **err);

/* Loads the enabled account with this login (case-insensitive) into u with
 * strings from a; *hash (may be NULL) gets its password hash, also from a.
 * Returns 1 found, 0 not found. */
int account_find(struct store *s, struct arena *a, const char *login,
    struct user *u, char **hash);

/* Appends an audit row through the writer; who and from where come from
 * the calling thread's actor (store_set_actor). 0 or -1. */
int account_audit(struct store *s, const char *action, const char *detail);

#endif
