/*
 * store_int.h - what store.c and store_stmt.c share: a statement as the
 * engine holds it.
 */
#ifndef AICERT_STORE_INT_H
#define AICERT_STORE_INT_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store.h"

struct stmt_slot {
	const char *sql;
	struct stmt *st;
};

/* One connection: SQLite's handle, or PostgreSQL's (pg) when the store
 * is a PostgreSQL database. */
struct db {
	sqlite3 *h;
	PGconn *pg;
	struct store *owner;
	struct db *next;	/* all connections of a store */
	struct stmt_slot *slot;	/* open addressing by the SQL's address */
	size_t nslots, used;
	unsigned named;		/* PostgreSQL statements named so far */
	int64_t changes;	/* rows the last statement changed (PostgreSQL) */
	int writer;		/* the writer's connection */
	_Atomic int *stopping;	/* the store's: set, a broken one is given up */
	int who_touched;	/* PostgreSQL: a write to users since cleared */
};

struct stmt {
	sqlite3_stmt *lite;	/* NULL on PostgreSQL */
	struct db *d;		/* the connection it was prepared on */
	/* PostgreSQL: the prepared statement's name, its parameters as
	 * text (blobs binary), and the answer being read. */
	char name[16];
	char *text;		/* the statement in PostgreSQL's dialect */
	int prepared;		/* 0 not yet, 1 types inferred, 2 declared */
	char *kinds;		/* per parameter: t text, i int, d double,
				 * b blob, n NULL; and as prepared (declared) */
	char *declared;
	int nparams;
	char **vals;
	int *lens, *fmts;
	PGresult *res;
	int row, nrows;
	int writes_users;	/* an INSERT, UPDATE or DELETE of users */
	unsigned char *blob;	/* the current column's bytes, unescaped */
	size_t bloblen;
};

/* The PostgreSQL driver (store_pg.c). */
int pg_conninfo(const char *path);
int pg_conn_open(struct db *d, const char *conninfo, char **err);
void pg_conn_close(struct db *d);
int pg_exec(struct db *d, const char *sql);
int pg_migrate(struct db *d, char **err);
struct stmt *pg_prepare(struct db *d, const char *sql, int cached);
void pg_finalize(struct stmt *st);
void pg_reset(struct stmt *st, int clear);
void pg_bind(struct stmt *st, int i, const void *v, int n, char kind);
int pg_step(struct stmt *st);
int pg_col_type(struct stmt *st, int i);
const char *pg_col_text(struct stmt *st, int i);
const void *pg_col_blob(struct stmt *st, int i, int *n);
int pg_revive(struct db *d, int seconds);
int pg_triggers(struct db *d);
int64_t pg_clock_offset(struct db *d);
int64_t pg_now_ms(void);
int pg_has_column(struct db *d, const char *table, const char *col);
json_t *pg_tables(struct db *d);

/* store.h's codes are SQLite's own, so answers pass through unchanged. */
_Static_assert(DB_ROW == SQLITE_ROW && DB_DONE == SQLITE_DONE &&
    DB_UNIQUE == SQLITE_CONSTRAINT_UNIQUE, "step codes");
_Static_assert(DB_INTEGER == SQLITE_INTEGER && DB_FLOAT == SQLITE_FLOAT &&
    DB_TEXT == SQLITE_TEXT && DB_BLOB == SQLITE_BLOB && DB_NULL == SQLITE_NULL,
    "column types");

#endif
