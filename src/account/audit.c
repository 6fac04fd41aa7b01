/*
 * audit.c - the audit trail's rows and CSV; see audit.h. Depends on the
 * store and timefmt.c (UTC times).
 */
#include "audit.h"


#include "timefmt.h"

/* ?1: how many; ?2: only rows older than this id (0: from the newest).
 * The names are audit_rows' members. */
static const char audit_sql[] =
    "SELECT a.id AS id, a.at AS at, coalesce(u.login, '') AS who, a.action AS action, "
    "coalesce(a.detail, '') AS detail, coalesce(a.addr, '') AS \"from\" "
    "FROM audit a LEFT JOIN users u ON u.id = a.user_id "
    "WHERE ?2 = 0 OR a.id < ?2 ORDER BY a.id DESC LIMIT ?1";

json_t *
audit_rows(struct store *s, long long before, int limit)
{
	struct stmt *st = db_stmt(store_db(s), audit_sql);

	if (st == NULL)
		return json_array();
	db_bind_int(st, 1, limit);
	db_bind_int64(st, 2, before);
	return db_json_rows(st);
}

int
audit_csv(struct store *s, struct buf *out)
{
	struct stmt *st = db_stmt(store_db(s), audit_sql);

	if (st == NULL)
		return -1;
	buf_str(out, "\xEF\xBB\xBFid,at_utc,who,action,detail,from\r\n");
	db_bind_int(st, 1, 1000000);
	db_bind_int64(st, 2, 0);
	while (db_row(st)) {
		char when[TIMEFMT_UTC_LEN + 1];

		timefmt_utc(db_col_int64(st, 1), when);
		buf_printf(out, "%lld,%s", (long long)db_col_int64(st, 0), when);
		for (int c = 2; c <= 5; c++) {
			const char *v = db_col_text(st, c);

			buf_str(out, ",\"");
			if (*v == '=' || *v == '+' || *v == '-' || *v == '@')
				buf_str(out, "'");
			for (; *v; v++) {
				buf_raw(out, v, 1);
				if (*v == '"')
					buf_raw(out, v, 1);	/* doubled inside quotes */
			}
			buf_str(out, "\"");
		}
		buf_str(out, "\r\n");
	}
	db_end(st);
	return 0;
}
