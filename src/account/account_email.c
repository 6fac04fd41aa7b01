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
	sqlite3_stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	if (e->email != NULL)
		sqlite3_bind_text(st, 1, e->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->login, -1, SQLITE_STATIC);
	if (db_done(st) != 0)
		return -1;
	if ((e->found = sqlite3_changes(db_handle(d)) > 0) == 0)
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
