/*
 * account.c - user accounts; see account.h. Depends on the store,
 * password hashing and the ownership rule (owner.h).
 */
#include "account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "erase.h"
#include "owner.h"
#include "password.h"
#include "session.h"
#include "utf8.h"

static const char *const role_names[] = {
	[ROLE_NONE] = "anonymous",
	[ROLE_LEARNER] = "learner",
	[ROLE_PROCTOR] = "proctor",
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

	/* the opaque logins of erased accounts (erase.h) are no one's */
	if (n == 0 || n > 64 || strncasecmp(login, ERASE_LOGIN_PREFIX,
	    sizeof ERASE_LOGIN_PREFIX - 1) == 0)
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

	if (n == 0 || n > 200 || !utf8_text_ok(name, n))
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
	struct stmt *st = db_stmt(d, sql);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, nu->login);
	db_bind_text(st, 2, nu->name);
	if (nu->name_alt != NULL && *nu->name_alt != '\0')
		db_bind_text(st, 3, nu->name_alt);
	db_bind_text(st, 4, nu->role);
	db_bind_text(st, 5, nu->hash);
	db_bind_int64(st, 6, (int64_t)time(NULL));
	rc = db_step(st);
	db_end(st);
	if (rc == DB_UNIQUE) {
		nu->taken = 1;
		return -1;
	}
	if (rc != DB_DONE)
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
	if ((*err = password_weakness(password, login, name, name_alt)) != NULL)
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

void
account_user_row(struct arena *a, struct stmt *st, struct user *u)
{
	u->id = db_col_int64(st, 0);
	u->login = db_text(a, st, 1);
	u->name = db_text(a, st, 2);
	u->name_alt = db_text(a, st, 3);
	u->role = role_parse(db_col_text(st, 4));
	u->time_multiplier = db_col_double(st, 5);
}

int
account_find(struct store *s, struct arena *a, const char *login,
    struct user *u, char **hash)
{
	static const char sql[] = "SELECT " ACCOUNT_USER_COLS ", password "
	    "FROM users WHERE login = ? AND disabled = 0";
	struct stmt *st = db_stmt_text(store_db(s), sql, login);
	int found = db_row(st);

	if (found && u != NULL)
		account_user_row(a, st, u);
	if (found && hash != NULL)
		*hash = db_text(a, st, 6);
	db_end(st);
	return found;
}

int
account_get(struct store *s, struct arena *a, int64_t id, struct user *u)
{
	static const char sql[] = "SELECT " ACCOUNT_USER_COLS " FROM users WHERE id = ?";
	struct stmt *st = db_stmt_int(store_db(s), sql, id);
	int found = db_row(st);

	if (found)
		account_user_row(a, st, u);
	db_end(st);
	return found;
}

/* The LIKE pattern "%q%", q's own %, _ and \ escaped by a backslash;
 * malloc'd (caller frees). */
static char *
like_pattern(const char *q)
{
	char *out = malloc(strlen(q) * 2 + 3), *o = out;

	if (out == NULL)
		abort();
	*o++ = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*o++ = '\\';
		*o++ = *q;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

/* ?1: like_pattern()'s, or NULL for every account. */
#define ACCOUNT_MATCH "WHERE ?1 IS NULL OR login LIKE ?1 ESCAPE '\\' OR " \
	"name LIKE ?1 ESCAPE '\\' OR name_alt LIKE ?1 ESCAPE '\\'"

json_t *
account_list(struct store *s, const char *q, int page)
{
	static const char count_sql[] = "SELECT count(*) FROM users " ACCOUNT_MATCH;
	static const char rows_sql[] =
	    "SELECT login, name, name_alt, role, disabled, created_at FROM users "
	    ACCOUNT_MATCH " ORDER BY login LIMIT ?2 OFFSET ?3";
	struct db *d = store_db(s);
	char *pat = q != NULL && *q != '\0' ? like_pattern(q) : NULL;
	json_t *users = json_array();
	struct stmt *st;
	int total = 0, pages;

	if (page < 1)
		page = 1;
	total = (int)db_one_int(db_stmt_text(d, count_sql, pat), 0);
	if ((st = db_stmt_text(d, rows_sql, pat)) != NULL) {
		db_bind_int(st, 2, ACCOUNT_PAGE);
		db_bind_int64(st, 3, (int64_t)(page - 1) * ACCOUNT_PAGE);
		while (db_row(st))
			json_array_append_new(users, json_pack("{s:s, s:s, s:s?, s:s, s:b, s:I}",
			    "login", db_col_text(st, 0),
			    "name", db_col_text(st, 1),
			    "name_alt", db_col_text(st, 2),
			    "role", db_col_text(st, 3),
			    "disabled", db_col_int(st, 4) != 0,
			    "created_at", (json_int_t)db_col_int64(st, 5)));
		db_end(st);
	}
	free(pat);
	pages = total > 0 ? (total + ACCOUNT_PAGE - 1) / ACCOUNT_PAGE : 1;
	return json_pack("{s:i, s:i, s:i, s:o}", "total", total, "page", page,
	    "pages", pages, "users", users);
}

struct change {
	const char *login;
	struct account_change *ch;
	const char *hash;	/* the new password's, or NULL */
	int64_t by;
	const char *err;
	int changed;
	int keep;		/* keep_hash is a session to keep */
	unsigned char keep_hash[32];
};

/* Ends the sessions of account id but for keep (NULL: all of them); a
 * remembered lookup of any of them is void after the commit. 0 or -1. */
static int
end_sessions(struct db *d, int64_t id, const unsigned char *keep)
{
	static const char all[] = "DELETE FROM sessions WHERE user_id = ?";
	static const char others[] =
	    "DELETE FROM sessions WHERE user_id = ? AND token_hash != ?";
	struct stmt *st = db_stmt_int(d, keep ? others : all, id);

	if (st == NULL)
		return -1;
	if (keep != NULL)
		db_bind_blob(st, 2, keep, 32);
	db_who_changed(d);
	return db_done(st);
}

/* One statement with an id bound last; 0 or -1. */
static int
exec_for(struct db *d, const char *sql, const char *text, int64_t id)
{
	struct stmt *st;

	if (text == NULL)
		return db_done(db_stmt_int(d, sql, id));
	if ((st = db_stmt_text(d, sql, text)) != NULL)
		db_bind_int64(st, 2, id);
	return db_done(st);
}

static int
change_user(struct db *d, void *ctx)
{
	static const char get[] =
	    "SELECT id, role, disabled, login FROM users WHERE login = ?";
	static const char admins[] =
	    "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?";
	static const char set_role[] = "UPDATE users SET role = ? WHERE id = ?";
	static const char set_on[] = "UPDATE users SET disabled = 0 WHERE id = ?";
	static const char set_off[] = "UPDATE users SET disabled = 1 WHERE id = ?";
	static const char set_pw[] = "UPDATE users SET password = ? WHERE id = ?";
	struct change *c = ctx;
	struct stmt *st = db_stmt_text(d, get, c->login);
	enum role was = ROLE_NONE, role;
	int64_t id = 0;
	int was_off = 0, off;
	char login[72] = "", detail[200];	/* as stored: any case matches */

	c->err = "internal_error";
	if (st == NULL)
		return -1;
	if (db_row(st)) {
		id = db_col_int64(st, 0);
		was = role_parse(db_col_text(st, 1));
		was_off = db_col_int(st, 2) != 0;
		snprintf(login, sizeof login, "%s", db_col_text(st, 3));
	}
	db_end(st);
	if (id == 0) {
		c->err = "user_not_found";
		return -1;
	}
	role = c->ch->role != ROLE_NONE ? c->ch->role : was;
	off = c->ch->disabled >= 0 ? c->ch->disabled != 0 : was_off;
	/* Who would stop being an enabled administrator. */
	if (was == ROLE_ADMIN && !was_off && (role != ROLE_ADMIN || off)) {
		if ((st = db_stmt_int(d, admins, id)) == NULL)
			return -1;
		if (db_one_int(st, 0) == 0) {
			c->err = "account_last_admin";
			return -1;
		}
	}
	if (id == c->by && (role != was || (off && !was_off))) {
		c->err = "account_self";
		return -1;
	}
	if (role != was) {
		snprintf(detail, sizeof detail, "%s: %s -> %s", login, role_name(was),
		    role_name(role));
		if (exec_for(d, set_role, role_name(role), id) != 0 ||
		    db_audit(d, "user.role", detail) != 0)
			return -1;
	}
	if (off != was_off) {
		if (exec_for(d, off ? set_off : set_on, NULL, id) != 0 ||
		    (off && end_sessions(d, id, NULL) != 0) ||
		    db_audit(d, off ? "user.disable" : "user.enable", login) != 0)
			return -1;
	}
	/* A new password ends every session of the account, as disabling
	 * does: whoever learnt the old one is out at once. Set on one's own
	 * account, it keeps the session that set it. */
	if (c->hash != NULL && (exec_for(d, set_pw, c->hash, id) != 0 ||
	    end_sessions(d, id, c->keep && id == c->by ? c->keep_hash : NULL) != 0 ||
	    db_audit(d, "user.password", login) != 0))
		return -1;
	c->changed = role != was || off != was_off || c->hash != NULL;
	c->ch->role = role;
	c->ch->disabled = off;
	c->err = NULL;
	return 0;
}

/* The names of account login (enabled or not) into name and alt ("" if
 * none), for the password rule. */
static void
account_names(struct store *s, const char *login, char name[256], char alt[256])
{
	static const char sql[] = "SELECT name, name_alt FROM users WHERE login = ?";
	struct stmt *st = db_stmt_text(store_db(s), sql, login);

	name[0] = alt[0] = '\0';
	if (db_row(st)) {
		const char *n = db_col_text(st, 0);
		const char *a = db_col_text(st, 1);

		snprintf(name, 256, "%s", n ? n : "");
		snprintf(alt, 256, "%s", a ? a : "");
	}
	db_end(st);
}

int
account_update(struct store *s, const char *login, struct account_change *ch,
    int64_t by, const char **err)
{
	char hash[128];
	struct change c = { login, ch, NULL, by, NULL, 0, 0, { 0 } };

	*err = NULL;
	if (ch->keep_token != NULL) {
		session_token_hash(ch->keep_token, c.keep_hash);
		c.keep = 1;
	}
	if (ch->password != NULL) {
		char name[256], alt[256];

		account_names(s, login, name, alt);
		if ((*err = password_weakness(ch->password, login, name, alt)) != NULL)
			return -1;
		if (password_hash(hash, ch->password) != 0) {
			*err = "internal_error";
			return -1;
		}
		c.hash = hash;
	}
	if (store_write(s, change_user, &c) != 0) {
		*err = c.err ? c.err : "internal_error";
		return -1;
	}
	return c.changed;
}

struct accommodation {
	const char *login;
	double multiplier;
	const struct user *by;
	int found, allowed;
};

static int
set_multiplier(struct db *d, void *ctx)
{
	static const char find[] = "SELECT id FROM users WHERE login = ?";
	static const char sql[] = "UPDATE users SET time_multiplier = ? WHERE id = ?";
	struct accommodation *ac = ctx;
	struct stmt *st = db_stmt_text(d, find, ac->login);
	int64_t uid;
	char detail[160];

	if (st == NULL)
		return -1;
	uid = db_one_int(st, -1);
	ac->found = uid > 0;
	/* Only who manages the learner gives them more time (owner.h). */
	ac->allowed = ac->found && owner_learner_db(d, uid, ac->by);
	if (!ac->allowed)
		return 0;
	if ((st = db_stmt(d, sql)) == NULL)
		return -1;
	db_bind_double(st, 1, ac->multiplier);
	db_bind_int64(st, 2, uid);
	if (db_done(st) != 0)
		return -1;
	snprintf(detail, sizeof detail, "%s x%.2f", ac->login, ac->multiplier);
	return db_audit(d, "user.accommodation", detail);
}

int
account_set_multiplier(struct store *s, const char *login, double multiplier,
    const struct user *by, const char **err)
{
	struct accommodation ac = { login, multiplier, by, 0, 0 };

	if (!(multiplier >= 1.0 && multiplier <= 4.0)) {
		*err = "multiplier_invalid";
		return -1;
	}
	if (login == NULL || store_write(s, set_multiplier, &ac) != 0) {
		*err = "internal_error";
		return -1;
	}
	if (!ac.found) {
		*err = "user_not_found";
		return -1;
	}
	if (!ac.allowed) {
		*err = "learner_not_yours";
		return -1;
	}
	return 0;
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

int
account_has_password(struct store *s, int64_t user)
{
	static const char sql[] = "SELECT password <> '!' FROM users WHERE id = ?";

	return db_one_int(db_stmt_int(store_db(s), sql, user), 0) == 1;
}
