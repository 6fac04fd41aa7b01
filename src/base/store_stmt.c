/*
 * store_stmt.c - the statement helpers of store.h: binding a key, running
 * a write to its end, reading one value or the rows of a query, each
 * leaving the statement reset. They work on statements from db_stmt
 * (store.c) and know nothing of the connection behind them. Depends on
 * sqlite3, the arena (the texts they copy) and jansson (rows as JSON).
 */
#include "store.h"

#include "arena.h"

sqlite3_stmt *
db_stmt_text(struct db *d, const char *sql, const char *text)
{
	sqlite3_stmt *st = db_stmt(d, sql);

	if (st != NULL)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	return st;
}

sqlite3_stmt *
db_stmt_int(struct db *d, const char *sql, int64_t v)
{
	sqlite3_stmt *st = db_stmt(d, sql);

	if (st != NULL)
		sqlite3_bind_int64(st, 1, v);
	return st;
}

int
db_done(sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
db_exists(sqlite3_stmt *st)
{
	int found = db_row(st);

	db_end(st);
	return found;
}

int64_t
db_one_int(sqlite3_stmt *st, int64_t none)
{
	int64_t v = none;

	if (db_row(st) && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	db_end(st);
	return v;
}

char *
db_one_text(struct arena *a, sqlite3_stmt *st)
{
	char *v = db_row(st) ? db_text(a, st, 0) : NULL;

	db_end(st);
	return v;
}

int
db_row(sqlite3_stmt *st)
{
	return st != NULL && sqlite3_step(st) == SQLITE_ROW;
}

void
db_end(sqlite3_stmt *st)
{
	if (st != NULL)
		sqlite3_reset(st);
}

json_t *
db_json_row(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(st);

	for (int i = 0; i < n; i++) {
		json_t *v;

		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(st, i));
			break;
		case SQLITE_NULL:
			v = json_null();
			break;
		default:
			v = json_string((const char *)sqlite3_column_text(st, i));
			break;
		}
		json_object_set_new(o, sqlite3_column_name(st, i), v);
	}
	return o;
}

json_t *
db_json_rows(sqlite3_stmt *st)
{
	json_t *out = json_array();

	while (db_row(st))
		json_array_append_new(out, db_json_row(st));
	db_end(st);
	return out;
}

char *
db_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? arena_strdup(a, t) : NULL;
}
