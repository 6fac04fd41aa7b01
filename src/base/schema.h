/*
 * schema.h - the database schema as numbered migrations.
 *
 * Migration i (0-based) brings the database from user_version i to i + 1.
 * Migrations are only ever appended: a released one never changes.
 */
#ifndef AICERT_SCHEMA_H
#define AICERT_SCHEMA_H

#include <stddef.h>

extern const char *const schema_migrations[];
extern const size_t schema_count;

#endif
