/*
 * sql_pg.h - a statement written for SQLite, as PostgreSQL takes it.
 *
 * Domain modules write one dialect, SQLite's. The PostgreSQL driver
 * hands every statement through sql_pg() once, when it prepares it:
 * placeholders become $N, and the few SQLite words PostgreSQL lacks
 * are rewritten (INSERT OR IGNORE, LIKE's case, instr, json_extract,
 * COLLATE NOCASE on a comparison). A statement no rewrite can carry has
 * its PostgreSQL text in sql_pg.c's table of overrides, matched by its
 * whole SQLite text; the table is the one place the dialects differ
 * (with schema_pg.c for the schema).
 */
#ifndef AICERT_SQL_PG_H
#define AICERT_SQL_PG_H

#include <stddef.h>

/* The PostgreSQL text of sql (malloc'd, caller frees) and in *nparams
 * the number of its parameters; NULL when out of memory. */
char *sql_pg(const char *sql, int *nparams);

/* The overrides, for the test that each still matches a statement. */
extern const char *const sql_pg_overrides[][2];
extern const size_t sql_pg_noverrides;

#endif
