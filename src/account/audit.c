/*
 * audit.c - the audit trail's rows and CSV; see audit.h. Depends on the
 * store and timefmt.c (UTC times).
 */
#include "audit.h"

#include <sqlite3.h>

#include "timefmt.h"

/* ?1: how many; ?2: only rows older than this id (0: from the newest). */
static const char audit_sql[] =
    "SELECT a.id, a.at, coalesce(u.login, ''), a.action, coalesce(a.detail, ''), "
    "coalesce(a.addr, '') FROM audit a LEFT JOIN users u ON u.id = a.user_id "
    "WHERE ?2 = 0 OR a.id < ?2 ORDER BY a.id DESC LIMIT ?1";

json_t *
audit_rows(struct store *s, long long before, int limit)
{
	sqlite3_stmt *st = db_stmt(store_db(s), audit_sql);
	json_t *out = json_array();

	if (st == NULL)
		return out;
	sqlite3_bind_int(st, 1, limit);
	sqlite3_bind_int64(st, 2, before);
	while (db_row(st))
		json_array_append_new(out, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}",
		    "id", (json_int_t)sqlite3_column_int64(st, 0),
		    "at", (json_int_t)sqlite3_column_int64(st, 1),
		    "who", (const char *)sqlite3_column_text(st, 2),
		    "action", (const char *)sqlite3_column_text(st, 3),
		    "detail", (const char *)sqlite3_column_text(st, 4),
		    "from", (const char *)sqlite3_column_text(st, 5)));
	db_end(st);
	return out;
}

int
audit_csv(struct store *s, struct buf *out)
{
	sqlite3_stmt *st = db_stmt(store_db(s), audit_sql);

	if (st == NULL)
		return -1;
	buf_str(out, "\xEF\xBB\xBFid,at_utc,who,action,detail,from\r\n");
	sqlite3_bind_int(st, 1, 1000000);
	sqlite3_bind_int64(st, 2, 0);
	while (db_row(st)) {
		char when[TIMEFMT_UTC_LEN + 1];

		timefmt_utc(sqlite3_column_int64(st, 1), when);
		buf_printf(out, "%lld,%s", (long long)sqlite3_column_int64(st, 0), when);
		for (int c = 2; c <= 5; c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);

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
