/*
 * store_stmt.c - the statement helpers of store.h: binding a key, running
 * a write to its end, reading one value or the rows of a query, each
 * leaving the statement reset. They work on statements from db_stmt
 * (store.c) and know nothing of the connection behind them; with them
 * the bindings and columns, the only calls domain code makes on a
 * statement. Depends on sqlite3, the arena (the texts they copy) and
 * jansson (rows as JSON).
 */
#include "store.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

void
db_bind_text(struct stmt *st, int i, const char *v)
{
	if (st->lite == NULL)
		pg_bind(st, i, v, -1, 't');
	else
		sqlite3_bind_text(st->lite, i, v, -1, SQLITE_TRANSIENT);
}

void
db_bind_textn(struct stmt *st, int i, const char *v, int n)
{
	if (st->lite == NULL)
		pg_bind(st, i, v, n, 't');
	else
		sqlite3_bind_text(st->lite, i, v, n, SQLITE_TRANSIENT);
}

void
db_bind_int(struct stmt *st, int i, int v)
{
	db_bind_int64(st, i, v);
}

void
db_bind_int64(struct stmt *st, int i, int64_t v)
{
	char text[24];

	if (st->lite != NULL) {
		sqlite3_bind_int64(st->lite, i, v);
		return;
	}
	snprintf(text, sizeof text, "%lld", (long long)v);
	pg_bind(st, i, text, -1, 'i');
}

void
db_bind_double(struct stmt *st, int i, double v)
{
	char text[32];

	if (st->lite != NULL) {
		sqlite3_bind_double(st->lite, i, v);
		return;
	}
	snprintf(text, sizeof text, "%.17g", v);
	pg_bind(st, i, text, -1, 'd');
}

void
db_bind_null(struct stmt *st, int i)
{
	if (st->lite == NULL)
		pg_bind(st, i, NULL, 0, 'n');
	else
		sqlite3_bind_null(st->lite, i);
}

void
db_bind_blob(struct stmt *st, int i, const void *p, int n)
{
	if (st->lite == NULL)
		pg_bind(st, i, p ? p : "", n, 'b');
	else
		sqlite3_bind_blob(st->lite, i, p, n, SQLITE_TRANSIENT);
}

int
db_step(struct stmt *st)
{
	int rc;

	if (st->lite == NULL)
		return pg_step(st);
	rc = sqlite3_step(st->lite);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE || rc == SQLITE_CONSTRAINT_UNIQUE)
		return rc;
	return DB_ERROR;
}

int
db_col_count(struct stmt *st)
{
	if (st->lite == NULL)
		return st->res ? PQnfields(st->res) : 0;
	return sqlite3_column_count(st->lite);
}

const char *
db_col_name(struct stmt *st, int i)
{
	if (st->lite == NULL)
		return st->res ? PQfname(st->res, i) : NULL;
	return sqlite3_column_name(st->lite, i);
}

int
db_col_type(struct stmt *st, int i)
{
	if (st->lite == NULL)
		return pg_col_type(st, i);
	return sqlite3_column_type(st->lite, i);
}

int
db_col_int(struct stmt *st, int i)
{
	return (int)db_col_int64(st, i);
}

int64_t
db_col_int64(struct stmt *st, int i)
{
	const char *v;

	if (st->lite != NULL)
		return sqlite3_column_int64(st->lite, i);
	v = pg_col_text(st, i);
	if (v == NULL)
		return 0;
	/* a real reads as its whole part, as SQLite reads it */
	return strpbrk(v, ".eE") ? (int64_t)strtod(v, NULL) : strtoll(v, NULL, 10);
}

double
db_col_double(struct stmt *st, int i)
{
	const char *v;

	if (st->lite != NULL)
		return sqlite3_column_double(st->lite, i);
	v = pg_col_text(st, i);
	return v ? strtod(v, NULL) : 0;
}

const char *
db_col_text(struct stmt *st, int i)
{
	if (st->lite == NULL)
		return pg_col_text(st, i);
	return (const char *)sqlite3_column_text(st->lite, i);
}

const void *
db_col_blob(struct stmt *st, int i)
{
	int n;

	if (st->lite == NULL)
		return pg_col_blob(st, i, &n);
	return sqlite3_column_blob(st->lite, i);
}

int
db_col_bytes(struct stmt *st, int i)
{
	int n;

	if (st->lite == NULL) {
		if (db_col_type(st, i) == DB_BLOB)
			pg_col_blob(st, i, &n);
		else
			n = (int)strlen(pg_col_text(st, i) ? pg_col_text(st, i) : "");
		return n;
	}
	return sqlite3_column_bytes(st->lite, i);
}

struct stmt *
db_stmt_text(struct db *d, const char *sql, const char *text)
{
	struct stmt *st = db_stmt(d, sql);

	if (st != NULL)
		db_bind_text(st, 1, text);
	return st;
}

struct stmt *
db_stmt_int(struct db *d, const char *sql, int64_t v)
{
	struct stmt *st = db_stmt(d, sql);

	if (st != NULL)
		db_bind_int64(st, 1, v);
	return st;
}

int
db_done(struct stmt *st)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(st);
	db_end(st);
	return rc == DB_DONE ? 0 : -1;
}

int
db_exists(struct stmt *st)
{
	int found = db_row(st);

	db_end(st);
	return found;
}

int64_t
db_one_int(struct stmt *st, int64_t none)
{
	int64_t v = none;

	if (db_row(st) && db_col_type(st, 0) != DB_NULL)
		v = db_col_int64(st, 0);
	db_end(st);
	return v;
}

char *
db_one_text(struct arena *a, struct stmt *st)
{
	char *v = db_row(st) ? db_text(a, st, 0) : NULL;

	db_end(st);
	return v;
}

int
db_row(struct stmt *st)
{
	return st != NULL && db_step(st) == DB_ROW;
}

void
db_end(struct stmt *st)
{
	if (st == NULL)
		return;
	if (st->lite == NULL)
		pg_reset(st, 0);
	else
		sqlite3_reset(st->lite);
}

json_t *
db_json_row(struct stmt *st)
{
	json_t *o = json_object();
	int n = db_col_count(st);

	for (int i = 0; i < n; i++) {
		json_t *v;

		switch (db_col_type(st, i)) {
		case DB_INTEGER:
			v = json_integer(db_col_int64(st, i));
			break;
		case DB_FLOAT:
			v = json_real(db_col_double(st, i));
			break;
		case DB_NULL:
			v = json_null();
			break;
		default:
			v = json_string(db_col_text(st, i));
			break;
		}
		json_object_set_new(o, db_col_name(st, i), v);
	}
	return o;
}

json_t *
db_json_rows(struct stmt *st)
{
	json_t *out = json_array();

	while (db_row(st))
		json_array_append_new(out, db_json_row(st));
	db_end(st);
	return out;
}

char *
db_text(struct arena *a, struct stmt *st, int i)
{
	const char *t = db_col_text(st, i);

	return t ? arena_strdup(a, t) : NULL;
}

int
db_has_column(struct db *d, const char *table, const char *col)
{
	static const char sql_t[] =
	    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?";
	static const char sql_c[] = "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2";
	struct stmt *st;

	if (d->pg != NULL)
		return pg_has_column(d, table, col);
	st = db_stmt_text(d, col ? sql_c : sql_t, table);
	if (st != NULL && col != NULL)
		db_bind_text(st, 2, col);
	return db_exists(st);
}

json_t *
db_tables(struct db *d)
{
	static const char sql[] = "SELECT name FROM sqlite_schema WHERE type = 'table' "
	    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
	struct stmt *st;
	json_t *out;

	if (d->pg != NULL)
		return pg_tables(d);
	st = db_stmt(d, sql);
	out = json_array();
	while (db_row(st))
		json_array_append_new(out, json_string(db_col_text(st, 0)));
	db_end(st);
	return out;
}
