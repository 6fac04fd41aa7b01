/*
 * account.h - user accounts: roles, creation, lookup by login or id, the
 * administrator's list and changes (role, disabled, password), a
 * trainer's accommodations (extra time).
 *
 * Names are full Unicode (王小明) with an optional second display name in
 * the other script (Wang Hsiao-Ming); both appear on certificates.
 */
#ifndef AICERT_ACCOUNT_H
#define AICERT_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "arena.h"
#include "store.h"

enum role {
	ROLE_NONE = 0,		/* not signed in */
	ROLE_LEARNER,
	ROLE_PROCTOR,		/* watches the sittings assigned to it (owner.h) */
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

/* "learner", "proctor", "trainer", "admin" (ROLE_NONE: "anonymous"). */
const char *role_name(enum role r);
/* The inverse; ROLE_NONE if unknown. */
enum role role_parse(const char *s);

/* Checks a login (1-64 of A-Z a-z 0-9 . _ @ -) and a display name (valid
 * UTF-8, 1-200 bytes, no control character: utf8_text_ok, the rule the
 * certificate format shares). NULL if fine, else a message
 * key of the catalogs. */
const char *account_check_login(const char *login);
const char *account_check_name(const char *name);

/* Creates an account. Validates every field, hashes the password (slow:
 * call off the connection threads) and inserts through the writer. Returns
 * 0 and sets *id, or -1 with *err set to a message key ("login_taken",
 * "login_invalid", "name_invalid", a key of password_weakness, ...). The
 * password is checked before the login is looked up. */
int account_create(struct store *s, const char *login, const char *name,
    const char *name_alt, enum role role, const char *password,
    int64_t *id, const char **err);

/* Loads the enabled account with this login (case-insensitive) into u with
 * strings from a; *hash (may be NULL) gets its password hash, also from a.
 * Returns 1 found, 0 not found. */
int account_find(struct store *s, struct arena *a, const char *login,
    struct user *u, char **hash);

/* Loads the account with this id, enabled or not, into u with strings
 * from a. Returns 1 found, 0 not found. */
int account_get(struct store *s, struct arena *a, int64_t id, struct user *u);

/* The columns of users that make a struct user, in the order
 * account_user_row reads them: a query selects them first (a join with
 * users may: no other table of the schema has these names). */
#define ACCOUNT_USER_COLS "id, login, name, name_alt, role, time_multiplier"
/* Fills u from columns 0 to 5 of st's current row (ACCOUNT_USER_COLS),
 * its strings copied into a. */
void account_user_row(struct arena *a, struct stmt *st, struct user *u);

#define ACCOUNT_PAGE 100	/* accounts account_list gives a page */

/* Page page (from 1) of the accounts in login order, ACCOUNT_PAGE to a
 * page. q (NULL or "": every account) keeps those whose login, name or
 * name_alt contains it (ASCII letters in any case; % and _ are plain
 * characters). Read only. A new reference: {"total", "page", "pages",
 * "users": [{"login", "name", "name_alt" (or null), "role", "disabled"
 * (boolean), "created_at" (Unix seconds)}]}. */
json_t *account_list(struct store *s, const char *q, int page);

/* What an administrator changes on an account; each field has a value
 * that leaves it alone. */
struct account_change {
	enum role role;		/* ROLE_NONE: keep */
	int disabled;		/* -1: keep; 0: enable; 1: disable */
	const char *password;	/* NULL: keep */
	const char *keep_token;	/* the acting session (may be NULL): kept
				 * when the account changed is the actor's */
};

/* Applies ch to the account login in one transaction through the writer,
 * with an audit row for each thing changed (user.role, user.disable,
 * user.enable, user.password); disabling and a new password end the
 * account's sessions (a new password set on one's own account keeps
 * ch->keep_token's), and a cached lookup of them is void at once. by is
 * the acting account (0: the command line), which may not
 * demote or disable itself; nobody may demote or disable the last
 * enabled administrator. A new password is checked (password_weakness,
 * against the account's login and names) and hashed here (slow: call off
 * the connection threads). Returns 1 changed, 0 nothing to change, -1 with
 * *err a message key: "user_not_found", a key of password_weakness,
 * "account_last_admin", "account_self",
 * "internal_error". On 0 or 1, ch->role and ch->disabled hold the
 * account's role and state now. */
int account_update(struct store *s, const char *login, struct account_change *ch,
    int64_t by, const char **err);

/* Gives the learner login extra time for their future attempts:
 * multiplier (1 to 4) times each exam's duration. Only who manages the
 * learner may (owner.h), checked inside the write; audited
 * (user.accommodation). 0, or -1 with *err a message key:
 * "multiplier_invalid", "user_not_found", "learner_not_yours",
 * "internal_error". */
int account_set_multiplier(struct store *s, const char *login, double multiplier,
    const struct user *by, const char **err);

/* Appends an audit row through the writer; who and from where come from
 * the calling thread's actor (store_set_actor). 0 or -1. */
int account_audit(struct store *s, const char *action, const char *detail);

/* account_lang.c: sets the language user reads ("en" or "zh-TW", as
 * i18n_match takes it). 0, or -1 for another language or a failed write. */
int account_set_lang(struct store *s, int64_t user, const char *lang);

/* The language user chose (static "en" or "zh-TW"), or NULL if none. */
const char *account_lang(struct store *s, int64_t user);

/* 1 if account user has a password, 0 if it signs in by access codes
 * only (or does not exist). */
int account_has_password(struct store *s, int64_t user);

/* account_email.c: sets the address of account login (NULL or "": none),
 * checked (mail_check_address), audited (user.email, without the
 * address). 0, or -1 with *err a message key: "email_invalid",
 * "user_not_found", "internal_error". */
int account_set_email(struct store *s, const char *login, const char *email,
    const char **err);
/* The address of account id, copied into a, or NULL if it has none. */
char *account_email(struct store *s, struct arena *a, int64_t id);
/* The mail account uid wants, each 1 or 0: [0] a certificate issued,
 * [1] revoked, [2] the reminders before expiry (cert_notify.c). Set
 * through the writer, read: 0 or -1. */
int account_set_notify(struct store *s, int64_t uid, const int flags[3]);
int account_notify(struct store *s, int64_t uid, int flags[3]);

#endif
