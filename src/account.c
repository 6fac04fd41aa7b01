/*
 * account.c - user accounts; see account.h. Depends on the store and
 * password hashing.
 */
#include "account.h"

#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "password.h"
#include "utf8.h"

static const char *const role_names[] = {
	[ROLE_NONE] = "anonymous",
	[ROLE_LEARNER] = "learner",
	[ROLE_TRAINER] = "trainer",
	[ROLE_ADMIN] = "admin",
};

const char *
role_name(enum role r)
{
	return (unsigned)r <= ROLE_ADMIN ? role_names[r] : "anonymous";
}

enum role
role_parse(const char *s)
{
	for (int r = ROLE_LEARNER; r <= ROLE_ADMIN; r++)
		if (s != NULL && strcmp(s, role_names[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *
account_check_login(const char *login)
{
	size_t n = login ? strlen(login) : 0;

	if (n == 0 || n > 64)
		return "login_invalid";
	for (const char *p = login; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '@' || c == '-'))
			return "login_invalid";
	}
	return NULL;
}

const char *
account_check_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 200 || !utf8_valid(name, n))
		return "name_invalid";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "name_invalid";
	return NULL;
}

struct new_user {
	const char *login, *name, *name_alt, *role;
	const char *hash;
	int64_t id;
	int taken;
};

static int
insert_user(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO users(login, name, name_alt, role, password, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?)";
	struct new_user *nu = ctx;
	sqlite3_stmt *st = db_stmt(d, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, nu->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, nu->name, -1, SQLITE_STATIC);
	if (nu->name_alt != NULL && *nu->name_alt != '\0')
		sqlite3_bind_text(st, 3, nu->name_alt, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, nu->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, nu->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		nu->taken = 1;
		return -1;
	}
	if (rc != SQLITE_DONE)
		return -1;
	nu->id = db_last_id(d);
	return db_audit(d, "user.create", nu->login);
}

int
account_create(struct store *s, const char *login, const char *name,
    const char *name_alt, enum role role, const char *password,
    int64_t *id, const char **err)
{
	char hash[128];
	struct new_user nu = { login, name, name_alt, role_name(role), hash, 0, 0 };

	if ((*err = account_check_login(login)) != NULL ||
	    (*err = account_check_name(name)) != NULL)
		return -1;
	if (name_alt != NULL && *name_alt != '\0' &&
	    (*err = account_check_name(name_alt)) != NULL)
		return -1;
	if (role == ROLE_NONE) {
		*err = "role_invalid";
		return -1;
	}
	if ((*err = password_weakness(password)) != NULL)
		return -1;
	if (account_find(s, NULL, login, NULL, NULL)) {
		*err = "login_taken";
		return -1;
	}
	if (password_hash(hash, password) != 0) {
		*err = "internal_error";
		return -1;
	}
	if (store_write(s, insert_user, &nu) != 0) {
		*err = nu.taken ? "login_taken" : "internal_error";
		return -1;
	}
	*id = nu.id;
	return 0;
}

static char *
col_dup(struct arena *a, sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? arena_strdup(a, t) : NULL;
}

int
account_find(struct store *s, struct arena *a, const char *login,
    struct user *u, char **hash)
{
	static const char sql[] =
	    "SELECT id, login, name, name_alt, role, time_multiplier, password "
	    "FROM users WHERE login = ? AND disabled = 0";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	int found = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		if (u != NULL) {
			u->id = sqlite3_column_int64(st, 0);
			u->login = col_dup(a, st, 1);
			u->name = col_dup(a, st, 2);
			u->name_alt = col_dup(a, st, 3);
			u->role = role_parse((const char *)sqlite3_column_text(st, 4));
			u->time_multiplier = sqlite3_column_double(st, 5);
		}
		if (hash != NULL)
			*hash = col_dup(a, st, 6);
	}
	sqlite3_reset(st);
	return found;
}

struct audit_row {
	const char *action, *detail;
};

static int
insert_audit(struct db *d, void *ctx)
{
	struct audit_row *r = ctx;

	return db_audit(d, r->action, r->detail);
}

int
account_audit(struct store *s, const char *action, const char *detail)
{
	struct audit_row r = { action, detail };

	return store_write(s, insert_audit, &r);
}
