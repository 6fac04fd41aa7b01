/*
 * cert_revoke.c - revoking a certificate (it shows at once online) and the
 * signed status list of every revoked one, which offline verifiers read.
 * Depends on the status list format (status_list.c) and the store.
 */
#include "cert.h"

#include <time.h>

#include "cert_int.h"
#include "status_list.h"

struct revoke {
	const char *serial, *reason;
	int64_t user;
	int result;
};

static int
revoke_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "UPDATE certificates SET revoked_at = ?, revoke_reason = ? "
	    "WHERE serial = ? AND revoked_at IS NULL";
	static const char exists[] = "SELECT 1 FROM certificates WHERE serial = ?";
	struct revoke *rv = ctx;
	sqlite3_stmt *st = db_stmt_int(d, sql, (int64_t)time(NULL));

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 2, rv->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rv->serial, -1, SQLITE_STATIC);
	if (db_done(st) != 0)
		return -1;
	if (sqlite3_changes(db_handle(d)) == 0) {
		if ((st = db_stmt_text(d, exists, rv->serial)) == NULL)
			return -1;
		rv->result = db_exists(st) ? 2 : 0;
		return 0;
	}
	rv->result = 1;
	return db_audit(d, "certificate.revoke", rv->serial);
}

int
cert_revoke(struct store *s, const char *serial, const char *reason, int64_t user)
{
	struct revoke rv = { serial, reason, user, -1 };
	int rc = store_write(s, revoke_fn, &rv);

	cert_changed();
	if (rc != 0)
		return -1;
	return rv.result;
}

char *
cert_status_list(struct store *s, const struct signing_key *k)
{
	static const char sql[] =
	    "SELECT serial, revoked_at, revoke_reason FROM certificates "
	    "WHERE revoked_at IS NOT NULL ORDER BY revoked_at, serial";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	struct arena *a = arena_new();
	struct status_entry *e = NULL;
	size_t n = 0;
	char *text;

	while (db_row(st)) {
		e = arena_grow(a, e, n, n + 1, sizeof *e);
		e[n].serial = db_text(a, st, 0);
		e[n].revoked_at = sqlite3_column_int64(st, 1);
		e[n].reason = db_text(a, st, 2);
		n++;
	}
	db_end(st);
	text = status_list_make(e, n, k->sk, k->id, (long long)time(NULL));
	arena_free(a);
	return text;
}
