/*
 * account_email.c - an account's email address; see account.h.
 */
#include "account.h"

#include <string.h>

#include "mail.h"

struct set_email {
	const char *login, *email;
	int found;
};

static int
set_email(struct db *d, void *ctx)
{
	static const char sql[] = "UPDATE users SET email = ? WHERE login = ?";
	struct set_email *e = ctx;
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	if (e->email != NULL)
		db_bind_text(st, 1, e->email);
	db_bind_text(st, 2, e->login);
	if (db_done(st) != 0)
		return -1;
	if ((e->found = db_changes(d) > 0) == 0)
		return 0;
	db_who_changed(d);
	return db_audit(d, e->email ? "user.email" : "user.email_removed", e->login);
}

int
account_set_email(struct store *s, const char *login, const char *email,
    const char **err)
{
	struct set_email e = { login, email && *email ? email : NULL, 0 };

	if (e.email != NULL && (*err = mail_check_address(e.email)) != NULL)
		return -1;
	if (login == NULL || store_write(s, set_email, &e) != 0) {
		*err = "internal_error";
		return -1;
	}
	if (!e.found) {
		*err = "user_not_found";
		return -1;
	}
	return 0;
}

char *
account_email(struct store *s, struct arena *a, int64_t id)
{
	static const char sql[] = "SELECT email FROM users WHERE id = ?";

	return db_one_text(a, db_stmt_int(store_db(s), sql, id));
}

struct set_notify {
	int64_t uid;
	int flags[3];
};

static int
set_notify(struct db *d, void *ctx)
{
	static const char sql[] =
	    "UPDATE users SET notify_issued = ?, notify_revoked = ?, notify_expiry = ? "
	    "WHERE id = ?";
	struct set_notify *n = ctx;
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	for (int i = 0; i < 3; i++)
		db_bind_int(st, i + 1, n->flags[i] != 0);
	db_bind_int64(st, 4, n->uid);
	return db_done(st);
}

int
account_set_notify(struct store *s, int64_t uid, const int flags[3])
{
	struct set_notify n = { uid, { flags[0], flags[1], flags[2] } };

	return store_write(s, set_notify, &n);
}

int
account_notify(struct store *s, int64_t uid, int flags[3])
{
	static const char sql[] =
	    "SELECT notify_issued, notify_revoked, notify_expiry FROM users WHERE id = ?";
	struct stmt *st = db_stmt_int(store_db(s), sql, uid);
	int found = 0;

	flags[0] = flags[1] = flags[2] = 1;
	if (db_row(st)) {
		for (int i = 0; i < 3; i++)
			flags[i] = db_col_int(st, i);
		found = 1;
	}
	db_end(st);
	return found ? 0 : -1;
}
