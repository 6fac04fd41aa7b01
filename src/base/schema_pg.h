/*
 * schema_pg.h - schema.c's migrations in PostgreSQL's dialect.
 *
 * Pure text, no libpq: the store's PostgreSQL driver runs migration i of
 * schema_pg_migration() where the SQLite store runs schema_migrations[i],
 * each in one transaction. The database must be UTF8 with the C locale
 * (migration 1 refuses any other): text then compares and sorts byte by
 * byte and lower() folds ASCII only, as in SQLite, so ORDER BY, the
 * competency_current view and the case-insensitive logins agree.
 */
#ifndef AICERT_SCHEMA_PG_H
#define AICERT_SCHEMA_PG_H

#include <stddef.h>

struct buf;

/*
 * Appends migration i (0-based, below schema_count) to out as PostgreSQL
 * statements, each ending with ";\n". Returns 0; or -1 with a message in
 * err when a statement holds SQLite that no rewrite carries and no
 * override of schema_pg.c replaces, or when an override matched nothing:
 * a new migration then fails its first test instead of a deployment.
 * Nothing is allocated beyond what out and err hold (caller frees both).
 */
int schema_pg_migration(size_t i, struct buf *out, struct buf *err);

#endif
