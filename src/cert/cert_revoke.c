/*
 * cert_revoke.c - revoking a certificate (it shows at once online) and the
 * signed status list of every revoked one, which offline verifiers read,
 * and the console's list of revoked and re-issued certificates.
 * Depends on the status list format (status_list.c) and the store.
 */
#include "cert.h"

#include <string.h>
#include <time.h>

#include "buf.h"
#include "cert_int.h"
#include "mail.h"
#include "status_list.h"
#include "timefmt.h"

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
	struct stmt *st = db_stmt_int(d, sql, (int64_t)time(NULL));

	if (st == NULL)
		return -1;
	db_bind_text(st, 2, rv->reason);
	db_bind_text(st, 3, rv->serial);
	if (db_done(st) != 0)
		return -1;
	if (db_changes(d) == 0) {
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
	if (rv.result == 1)
		mail_kick();	/* the holder is told (cert_notify.c) */
	return rv.result;
}

char *
cert_status_list(struct store *s, const struct signing_key *k)
{
	static const char sql[] =
	    "SELECT serial, revoked_at, revoke_reason FROM certificates "
	    "WHERE revoked_at IS NOT NULL ORDER BY revoked_at, serial";
	struct stmt *st = db_stmt(store_db(s), sql);
	struct arena *a = arena_new();
	struct status_entry *e = NULL;
	size_t n = 0;
	char *text;

	while (db_row(st)) {
		e = arena_grow(a, e, n, n + 1, sizeof *e);
		e[n].serial = db_text(a, st, 0);
		e[n].revoked_at = db_col_int64(st, 1);
		e[n].reason = db_text(a, st, 2);
		n++;
	}
	db_end(st);
	text = status_list_make(e, n, k->sk, k->id, (long long)time(NULL));
	arena_free(a);
	return text;
}

/* ---- the list of revoked and re-issued certificates ---- */

static const char revoked_sql[] =
    "SELECT c.serial, c.exam_id, c.exam_en, c.exam_zh, c.holder, c.holder_alt, "
    "c.issued_at, c.revoked_at, c.revoke_reason, c.superseded_by "
    "FROM certificates c JOIN exams e ON e.id = c.exam_id "
    "WHERE c.revoked_at IS NOT NULL AND (?1 = 0 OR e.owner_id = ?1) "
    "AND (?2 IS NULL OR c.exam_id = ?2) ORDER BY c.revoked_at DESC, c.id DESC";

static struct stmt *
revoked_rows(struct store *s, int64_t owner_id, const char *exam)
{
	struct stmt *st = db_stmt_int(store_db(s), revoked_sql, owner_id);

	if (st != NULL && exam != NULL)
		db_bind_text(st, 2, exam);
	return st;
}

json_t *
cert_list_revoked(struct store *s, int64_t owner_id, const char *exam, const char *lang)
{
	struct stmt *st = revoked_rows(s, owner_id, exam);
	json_t *out = json_array();
	int zh = lang != NULL && strcmp(lang, "zh-TW") == 0;

	while (st != NULL && db_row(st)) {
#define COL(i) (db_col_text(st, (i)))
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s?, s:I, s:I, s:s,"
		    " s:s?}", "serial", COL(0), "exam_id", COL(1), "exam", COL(zh ? 3 : 2),
		    "holder", COL(4), "holder_alt", COL(5),
		    "issued_at", (json_int_t)db_col_int64(st, 6),
		    "revoked_at", (json_int_t)db_col_int64(st, 7),
		    "revoke_reason", COL(8) ? COL(8) : "", "superseded_by", COL(9)));
	}
	db_end(st);
	return out;
}

void
cert_revoked_csv(struct store *s, int64_t owner_id, const char *exam, struct buf *out)
{
	static const char *const head[] = { "serial", "exam", "holder", "holder_alt",
	    "issued_utc", "revoked_utc", "reason", "superseded_by" };
	struct stmt *st = revoked_rows(s, owner_id, exam);
	size_t nh = sizeof head / sizeof *head;

	buf_str(out, "\xEF\xBB\xBF");	/* UTF-8 BOM: Excel then reads Chinese */
	for (size_t i = 0; i < nh; i++)
		buf_csv(out, head[i], i == nh - 1);
	while (st != NULL && db_row(st)) {
		char t1[TIMEFMT_UTC_LEN + 1], t2[TIMEFMT_UTC_LEN + 1];

		buf_csv(out, COL(0), 0);
		buf_csv(out, COL(1), 0);
		buf_csv(out, COL(4), 0);
		buf_csv(out, COL(5), 0);
		timefmt_utc(db_col_int64(st, 6), t1);
		timefmt_utc(db_col_int64(st, 7), t2);
		buf_csv(out, t1, 0);
		buf_csv(out, t2, 0);
		buf_csv(out, COL(8), 0);
		buf_csv(out, COL(9), 1);
#undef COL
	}
	db_end(st);
}
