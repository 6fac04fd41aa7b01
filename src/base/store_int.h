/*
 * store_int.h - what store.c and store_stmt.c share: a statement as the
 * engine holds it.
 */
#ifndef AICERT_STORE_INT_H
#define AICERT_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

struct stmt {
	sqlite3_stmt *lite;
	struct db *d;		/* the connection it was prepared on */
};

/* store.h's codes are SQLite's own, so answers pass through unchanged. */
_Static_assert(DB_ROW == SQLITE_ROW && DB_DONE == SQLITE_DONE &&
    DB_UNIQUE == SQLITE_CONSTRAINT_UNIQUE, "step codes");
_Static_assert(DB_INTEGER == SQLITE_INTEGER && DB_FLOAT == SQLITE_FLOAT &&
    DB_TEXT == SQLITE_TEXT && DB_BLOB == SQLITE_BLOB && DB_NULL == SQLITE_NULL,
    "column types");

#endif
