/*
 * schema_pg_test.c - the PostgreSQL schema (src/base/schema_pg.c) against
 * SQLite's, on a throwaway server (tests/pg/pgtmp.sh). `make
 * pg-schema-test`; not part of make test.
 *
 * Every migration is applied in order, each in its own transaction, to an
 * empty PostgreSQL database; a fresh SQLite database is migrated by
 * store_open. Then, table by table: the same columns in the same order,
 * compatible types, the same primary key, NOT NULL and defaults, the same
 * indexes (unique, partial; NOCASE ones on lower()), the same foreign
 * keys; the same views and triggers. Last, the migrations that move data
 * (11, 12, 14, 16, 17, 18) run on seeded rows in both databases, and
 * queries compare what they left. Depends on libpq, sqlite3 and the store.
 */
#include <libpq-fe.h>
#include <sqlite3.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "schema.h"
#include "schema_pg.h"
#include "store.h"

#define PGTMP "tests/pg/pgtmp.sh"

static int passed, failed;

static void check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
check(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	fputs("FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* The PostgreSQL equivalents of SQLite's views and triggers, by name:
 * each must exist on both sides, and nothing else. */
static const struct {
	const char *type, *name, *how;
} equivalents[] = {
	{ "view", "competency_current",
	  "the same SELECT: plain SQL, compared under the C collation as SQLite compares" },
};

/* ---- the two databases, as rows of text ------------------------------ */

/* Appends each row of sql on the SQLite database as "a|b|c\n". */
static int
lite_rows(sqlite3 *h, const char *sql, struct buf *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		buf_printf(out, "ERROR %s", sqlite3_errmsg(h));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);
			buf_printf(out, "%s%s", c ? "|" : "", v ? v : "NULL");
		}
		buf_str(out, "\n");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The same on PostgreSQL, with at most one text parameter. */
static int
pg_rows(PGconn *c, const char *sql, const char *param, struct buf *out)
{
	PGresult *r = PQexecParams(c, sql, param != NULL, NULL, &param, NULL, NULL, 0);

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		buf_printf(out, "ERROR %s", PQerrorMessage(c));
		PQclear(r);
		return -1;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		for (int f = 0; f < PQnfields(r); f++)
			buf_printf(out, "%s%s", f ? "|" : "",
			    PQgetisnull(r, i, f) ? "NULL" : PQgetvalue(r, i, f));
		buf_str(out, "\n");
	}
	PQclear(r);
	return 0;
}

/* Runs sql (several statements) in one transaction; 0 or -1 with the
 * server's message in err. */
static int
pg_exec(PGconn *c, const char *sql, struct buf *err)
{
	struct buf b = BUF_INIT;
	PGresult *r;
	int rc;

	buf_printf(&b, "BEGIN;\n%sCOMMIT;", sql);
	r = PQexec(c, b.data);
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc < 0)
		buf_str(err, PQerrorMessage(c));
	PQclear(r);
	if (rc < 0)
		PQclear(PQexec(c, "ROLLBACK"));
	buf_free(&b);
	return rc;
}

/* The SQLSTATE of sql on its own, "" when it succeeds. */
static const char *
pg_state(PGconn *c, const char *sql, char *state, size_t n)
{
	PGresult *r = PQexec(c, sql);
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	snprintf(state, n, "%s", s ? s : "");
	PQclear(r);
	return state;
}

/* Applies migrations [from, to) to c; each is one check. */
static int
pg_migrate(PGconn *c, size_t from, size_t to, const char *what)
{
	for (size_t i = from; i < to; i++) {
		struct buf sql = BUF_INIT, err = BUF_INIT;
		int ok = schema_pg_migration(i, &sql, &err) == 0 &&
		    pg_exec(c, sql.data, &err) == 0;

		check(ok, "%s: migration %zu: %s", what, i + 1, err.data ? err.data : "");
		buf_free(&sql);
		buf_free(&err);
		if (!ok)
			return -1;
	}
	return 0;
}

/* ---- the schema, side by side ---------------------------------------- */

static const char *
pg_type(const char *sqlite_type)
{
	static const char *const map[][2] = {
		{ "INTEGER", "bigint" }, { "REAL", "double precision" },
		{ "BLOB", "bytea" }, { "TEXT", "text" },
	};

	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcasecmp(sqlite_type, map[i][0]) == 0)
			return map[i][1];
	return "?";
}

/* A PostgreSQL default without its cast: 'code'::text -> 'code'. */
static void
strip_cast(char *s)
{
	char *p = strstr(s, "::");

	if (p != NULL)
		*p = '\0';
}

/* Columns: name, type, NOT NULL (a key column counts as NOT NULL: SQLite
 * allows NULL in some, PostgreSQL in none), default, position in the key. */
static void
compare_columns(sqlite3 *h, PGconn *c, const char *table, int view)
{
	static const char pgsql[] =
	    "SELECT col.column_name, col.data_type, "
	    "  CASE WHEN $2 = 'v' OR col.is_nullable = 'YES' THEN 0 ELSE 1 END, "
	    "  coalesce(col.column_default, 'NULL'), coalesce(("
	    "    SELECT k.ordinal_position FROM information_schema.table_constraints t "
	    "    JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name) "
	    "    WHERE t.table_name = col.table_name AND t.constraint_type = 'PRIMARY KEY' "
	    "    AND k.column_name = col.column_name), 0) "
	    "FROM information_schema.columns col WHERE col.table_schema = 'public' "
	    "AND col.table_name = $1 ORDER BY col.ordinal_position";
	const char *params[2] = { table, view ? "v" : "t" };
	struct buf lite = BUF_INIT, pg = BUF_INIT, sql = BUF_INIT;
	sqlite3_stmt *st;
	PGresult *r;

	buf_printf(&sql, "PRAGMA table_info(\"%s\")", table);
	if (sqlite3_prepare_v2(h, sql.data, -1, &st, NULL) != SQLITE_OK)
		abort();
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 4);
		int pk = sqlite3_column_int(st, 5);

		buf_printf(&lite, "%s %s %d %s %d\n", sqlite3_column_text(st, 1),
		    pg_type((const char *)sqlite3_column_text(st, 2)),
		    !view && (sqlite3_column_int(st, 3) || pk), d ? d : "NULL", pk);
	}
	sqlite3_finalize(st);
	r = PQexecParams(c, pgsql, 2, NULL, params, NULL, NULL, 0);
	for (int i = 0; i < PQntuples(r); i++) {
		char *d = PQgetvalue(r, i, 3);

		/* An identity column has no default, as a rowid alias has none. */
		strip_cast(d);
		buf_printf(&pg, "%s %s %s %s %s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
		    PQgetvalue(r, i, 2), d, PQgetvalue(r, i, 4));
	}
	PQclear(r);
	check(lite.data && pg.data && strcmp(lite.data, pg.data) == 0,
	    "%s: columns differ\n  SQLite:\n%s  PostgreSQL:\n%s", table,
	    lite.data ? lite.data : "", pg.data ? pg.data : "");
	buf_free(&lite);
	buf_free(&pg);
	buf_free(&sql);
}

/* Indexes other than the primary key's, as "unique columns partial"
 * lines, sorted: a NOCASE key column is expected as lower(column). */
static void
compare_indexes(sqlite3 *h, PGconn *c, const char *table)
{
	static const char litesql[] =
	    "SELECT l.\"unique\", (SELECT group_concat(CASE WHEN x.coll = 'NOCASE' "
	    "  THEN 'lower(' || x.name || ')' ELSE x.name END, ',') FROM "
	    "  (SELECT * FROM pragma_index_xinfo(l.name) WHERE key ORDER BY seqno) x), "
	    "  l.partial FROM pragma_index_list(?1) l WHERE l.origin <> 'pk' ORDER BY 2, 1, 3";
	static const char pgsql[] =
	    "SELECT CASE WHEN ix.indisunique THEN 1 ELSE 0 END, "
	    "  (SELECT string_agg(pg_get_indexdef(ix.indexrelid, n, true), ',' ORDER BY n) "
	    "   FROM generate_series(1, ix.indnkeyatts) n), "
	    "  CASE WHEN ix.indpred IS NULL THEN 0 ELSE 1 END "
	    "FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid "
	    "WHERE t.relname = $1 AND NOT ix.indisprimary ORDER BY 2, 1, 3";
	struct buf lite = BUF_INIT, pg = BUF_INIT;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(h, litesql, -1, &st, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&lite, "%d %s %d\n", sqlite3_column_int(st, 0),
		    sqlite3_column_text(st, 1), sqlite3_column_int(st, 2));
	sqlite3_finalize(st);
	pg_rows(c, pgsql, table, &pg);
	/* pg_rows separates with '|'; SQLite's lines with spaces. */
	for (size_t i = 0; i < pg.len; i++)
		if (pg.data[i] == '|')
			pg.data[i] = ' ';
	check(strcmp(lite.data ? lite.data : "", pg.data ? pg.data : "") == 0,
	    "%s: indexes differ\n  SQLite:\n%s  PostgreSQL:\n%s", table,
	    lite.data ? lite.data : "", pg.data ? pg.data : "");
	buf_free(&lite);
	buf_free(&pg);
}

/* Foreign keys, as PostgreSQL spells them, sorted. */
static void
compare_foreign_keys(sqlite3 *h, PGconn *c, const char *table)
{
	static const char litesql[] =
	    "SELECT 'FOREIGN KEY (' || group_concat(\"from\", ', ') || ') REFERENCES ' || "
	    "  \"table\" || '(' || group_concat(\"to\", ', ') || ')' || "
	    "  CASE on_delete WHEN 'NO ACTION' THEN '' ELSE ' ON DELETE ' || on_delete END "
	    "FROM (SELECT * FROM pragma_foreign_key_list(?1) ORDER BY id, seq) "
	    "GROUP BY id ORDER BY 1";
	static const char pgsql[] =
	    "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
	    "WHERE conrelid = ('public.' || quote_ident($1))::regclass AND contype = 'f' ORDER BY 1";
	struct buf lite = BUF_INIT, pg = BUF_INIT;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(h, litesql, -1, &st, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&lite, "%s\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	pg_rows(c, pgsql, table, &pg);
	check(strcmp(lite.data ? lite.data : "", pg.data ? pg.data : "") == 0,
	    "%s: foreign keys differ\n  SQLite:\n%s  PostgreSQL:\n%s", table,
	    lite.data ? lite.data : "", pg.data ? pg.data : "");
	buf_free(&lite);
	buf_free(&pg);
}

static void
compare_schema(sqlite3 *h, PGconn *c)
{
	static const char litesql[] =
	    "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') "
	    "AND name NOT LIKE 'sqlite_%' ORDER BY type, name";
	static const char pgsql[] =
	    "SELECT 'table', table_name FROM information_schema.tables "
	    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
	    "UNION ALL SELECT 'view', table_name FROM information_schema.views "
	    "WHERE table_schema = 'public' "
	    "UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE NOT tgisinternal "
	    "ORDER BY 1, 2";
	struct buf lite = BUF_INIT, pg = BUF_INIT;
	sqlite3_stmt *st;
	size_t neq = sizeof equivalents / sizeof *equivalents;

	lite_rows(h, litesql, &lite);
	pg_rows(c, pgsql, NULL, &pg);
	check(strcmp(lite.data, pg.data) == 0,
	    "tables, views and triggers differ\n  SQLite:\n%s  PostgreSQL:\n%s",
	    lite.data, pg.data);
	/* Each recorded equivalent exists on both sides. */
	for (size_t i = 0; i < neq; i++) {
		char line[128];

		snprintf(line, sizeof line, "%s|%s\n", equivalents[i].type, equivalents[i].name);
		check(strstr(lite.data, line) != NULL && strstr(pg.data, line) != NULL,
		    "%s %s (%s) is missing", equivalents[i].type, equivalents[i].name,
		    equivalents[i].how);
	}
	buf_free(&lite);
	buf_free(&pg);

	if (sqlite3_prepare_v2(h, "SELECT type, name FROM sqlite_master WHERE type IN "
	    "('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &st,
	    NULL) != SQLITE_OK)
		abort();
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		int view = strcmp(type, "view") == 0;

		compare_columns(h, c, name, view);
		if (view)
			continue;
		compare_indexes(h, c, name);
		compare_foreign_keys(h, c, name);
	}
	sqlite3_finalize(st);
}

/* ---- what PostgreSQL must refuse or allow ---------------------------- */

static void
behaviour(PGconn *c)
{
	char s[8];

	PQclear(PQexec(c, "BEGIN"));
	check(strcmp(pg_state(c, "INSERT INTO users(login, name, role, password, "
	    "created_at) VALUES ('Alice', 'A', 'proctor', '!', 0)", s, sizeof s), "") == 0,
	    "a proctor (migration 11's role) cannot be stored: %s", s);
	check(strcmp(pg_state(c, "SAVEPOINT a; INSERT INTO users(login, name, role, password, "
	    "created_at) VALUES ('aLICE', 'A', 'learner', '!', 0)", s, sizeof s), "23505") == 0,
	    "a login differing only in case was not refused (%s)", s);
	PQclear(PQexec(c, "ROLLBACK TO a"));
	check(strcmp(pg_state(c, "INSERT INTO users(login, name, role, password, "
	    "created_at) VALUES ('root', 'R', 'root', '!', 0)", s, sizeof s), "23514") == 0,
	    "an unknown role was not refused (%s)", s);
	PQclear(PQexec(c, "ROLLBACK"));
}

/* Migration 1 refuses a database whose text PostgreSQL would compare
 * otherwise than SQLite (here: not UTF8). */
static void
locale_guard(PGconn *c, const char *conninfo)
{
	struct buf sql = BUF_INIT, err = BUF_INIT, ci = BUF_INIT;
	PGconn *other;

	PQclear(PQexec(c, "CREATE DATABASE aicert_latin1 TEMPLATE template0 "
	    "ENCODING 'LATIN1' LOCALE 'C'"));
	buf_printf(&ci, "%s dbname=aicert_latin1", conninfo);
	other = PQconnectdb(ci.data);
	schema_pg_migration(0, &sql, &err);
	check(PQstatus(other) == CONNECTION_OK && pg_exec(other, sql.data, &err) < 0 &&
	    strstr(err.data, "C locale") != NULL,
	    "migration 1 ran on a LATIN1 database: %s", err.data ? err.data : "");
	PQfinish(other);
	buf_free(&sql);
	buf_free(&err);
	buf_free(&ci);
}

/* ---- the data migrations, side by side ------------------------------- */

/* Rows present before migration 11 (BLOB: the dialect's byte type). */
static const char seed_sql[] =
    "INSERT INTO settings(key, value) VALUES ('issuer_en', 'Acme'), ('issuer_zh', 'Acme zh'), ('k', 'v');"
    "INSERT INTO users(id, login, name, role, password, created_at) VALUES "
    "  (1, 'Admin', 'A', 'admin', 'x', 1), (2, 'bob', 'B', 'learner', 'x', 2), "
    "  (3, 'alice', 'C', 'trainer', 'x', 3);"
    "UPDATE users SET created_by = 1, lang = 'zh' WHERE id = 2;"
    "INSERT INTO banks(id, name, created_at) VALUES (1, 'b', 1);"
    "INSERT INTO items(id, bank_id, key) VALUES (1, 1, 'q1'), (2, 1, 'q2');"
    "INSERT INTO item_versions(id, item_id, lang, hash, type, category, difficulty, data, created_at) VALUES "
    "  (1, 1, 'en', CAST('h1' AS BLOB), 'mc', 'c', 1, "
    "   '{\"tags\":[\"comp:AI.1\",\"COMP:ai-2\",\"comp:\",\"comp:-x\",\"comp:a b\",\"x\",\"comp:AI.1\"]}', 1),"
    "  (2, 2, 'en', CAST('h2' AS BLOB), 'mc', 'c', 1, '{\"tags\":\"comp:str\"}', 1),"
    "  (3, 2, 'zh', CAST('h3' AS BLOB), 'mc', 'c', 1, '{\"tags\":[1,null,[\"comp:no\"],\"comp:Z9_z\"]}', 1),"
    "  (4, 1, 'zh', CAST('h4' AS BLOB), 'mc', 'c', 1, '{\"tags\":{\"a\":\"comp:OBJ\"}}', 1),"
    "  (5, 1, 'fr', CAST('h5' AS BLOB), 'mc', 'c', 1, '{\"other\":1}', 1);"
    "INSERT INTO exams(id, definition, created_at, updated_at) VALUES ('e', '{}', 1, 1);"
    "INSERT INTO attempts(id, public_id, exam_id, user_id, lang, state, started_at, deadline, "
    "  grace_s, exam_def) VALUES (1, 'p1', 'e', 2, 'en', 'submitted', 1, 2, 0, '{}'), "
    "  (2, 'p2', 'e', 2, 'en', 'submitted', 1, 2, 0, '{}');"
    "INSERT INTO certificates(id, serial, attempt_id, user_id, exam_id, holder, exam_en, exam_zh, "
    "  score_bp, issued_at, key_id, code, revoked_at) VALUES "
    "  (5, 'S5', 1, 2, 'e', 'B', 'E', 'E', 9000, 1, 'k', 'c', NULL), "
    "  (9, 'S9', 2, 2, 'e', 'B', 'E', 'E', 9000, 1, 'k', 'c', 3);";

/* Rows after the last migration: two frameworks with two versions each,
 * the second with the same date, where the greater version string wins. */
static const char seed_late_sql[] =
    "INSERT INTO frameworks(id, version, title_en, title_zh, definition, created_at) VALUES "
    "  ('f', 'v1', 't', 't', '{}', 1), ('f', 'v2', 't', 't', '{}', 2), "
    "  ('g', 'a', 't', 't', '{}', 5), ('g', 'B', 't', 't', '{}', 5);"
    "INSERT INTO competencies(framework_id, version, code, title_en, title_zh, position) VALUES "
    "  ('f', 'v1', 'X', 't', 't', 0), ('f', 'v2', 'Y', 't', 't', 0), "
    "  ('g', 'a', 'ga', 't', 't', 0), ('g', 'B', 'gB', 't', 't', 0);";

/* The same question of both databases; where SQLite relies on NOCASE
 * PostgreSQL asks with lower(), as the domain queries will have to. */
static const struct {
	const char *what, *sqlite, *pg;
} same[] = {
	{ "users kept through the rebuild", "SELECT id, login, role, created_by, lang FROM users ORDER BY id", NULL },
	{ "settings without the issuer's", "SELECT key, value FROM settings ORDER BY key", NULL },
	{ "the issuer seeded from settings", "SELECT id, legal_en, legal_zh FROM issuer", NULL },
	{ "status indexes in id order", "SELECT id, status_index FROM certificates ORDER BY id", NULL },
	{ "notices counted as told", "SELECT cert_id, kind FROM cert_notices ORDER BY cert_id, kind", NULL },
	{ "notice version 1", "SELECT version, CASE WHEN text_en IS NULL THEN 1 ELSE 0 END FROM notice_versions", NULL },
	{ "competencies from tags", "SELECT item_version_id, code FROM item_competencies ORDER BY 1, 2", NULL },
	{ "the current competencies", "SELECT framework_id, version, code FROM competency_current ORDER BY 1, 2, 3", NULL },
	{ "a login found in any case", "SELECT id FROM users WHERE login = 'ADMIN'",
	  "SELECT id FROM users WHERE lower(login) = lower('ADMIN')" },
	{ "logins sorted without case", "SELECT login FROM users ORDER BY login",
	  "SELECT login FROM users ORDER BY lower(login)" },
};

static void
data_migrations(PGconn *c, const char *dir)
{
	struct buf path = BUF_INIT, seed = BUF_INIT, err = BUF_INIT;
	sqlite3 *h;
	char *msg = NULL;
	const char *p;

	buf_printf(&path, "%s/data.db", dir);
	if (sqlite3_open(path.data, &h) != SQLITE_OK)
		abort();
	/* As store.c migrates: foreign keys off, each migration a transaction. */
	sqlite3_exec(h, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
	for (size_t i = 0; i < 10; i++)
		check(sqlite3_exec(h, schema_migrations[i], NULL, NULL, &msg) == SQLITE_OK,
		    "SQLite migration %zu: %s", i + 1, msg ? msg : "");
	if (pg_migrate(c, 0, 10, "data") < 0)
		goto done;
	check(sqlite3_exec(h, seed_sql, NULL, NULL, &msg) == SQLITE_OK, "SQLite seed: %s",
	    msg ? msg : "");
	/* The seed's BLOB is PostgreSQL's BYTEA. */
	for (p = seed_sql; *p != '\0'; p++) {
		if (strncmp(p, "AS BLOB", 7) == 0) {
			buf_str(&seed, "AS BYTEA");
			p += 6;
		} else {
			buf_raw(&seed, p, 1);
		}
	}
	check(pg_exec(c, seed.data, &err) == 0, "PostgreSQL seed: %s", err.data ? err.data : "");
	for (size_t i = 10; i < schema_count; i++)
		check(sqlite3_exec(h, schema_migrations[i], NULL, NULL, &msg) == SQLITE_OK,
		    "SQLite migration %zu: %s", i + 1, msg ? msg : "");
	if (pg_migrate(c, 10, schema_count, "data") < 0)
		goto done;
	buf_reset(&err);
	check(sqlite3_exec(h, seed_late_sql, NULL, NULL, &msg) == SQLITE_OK &&
	    pg_exec(c, seed_late_sql, &err) == 0, "late seed: %s %s", msg ? msg : "",
	    err.data ? err.data : "");
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		struct buf lite = BUF_INIT, pg = BUF_INIT;

		lite_rows(h, same[i].sqlite, &lite);
		pg_rows(c, same[i].pg ? same[i].pg : same[i].sqlite, NULL, &pg);
		check(lite.data && pg.data && strcmp(lite.data, pg.data) == 0,
		    "%s\n  SQLite:\n%s  PostgreSQL:\n%s", same[i].what,
		    lite.data ? lite.data : "", pg.data ? pg.data : "");
		buf_free(&lite);
		buf_free(&pg);
	}
done:
	sqlite3_free(msg);
	sqlite3_close(h);
	buf_free(&path);
	buf_free(&seed);
	buf_free(&err);
}

/* ---- the throwaway server -------------------------------------------- */

/* Starts pgtmp.sh in dir/pg; the connection string, or NULL. */
static char *
pg_start(const char *dir, char *conninfo, size_t n)
{
	char cmd[512];
	FILE *f;
	int ok;

	snprintf(cmd, sizeof cmd, "sh %s start %s/pg", PGTMP, dir);
	if ((f = popen(cmd, "r")) == NULL)
		return NULL;
	ok = fgets(conninfo, (int)n, f) != NULL;
	if (pclose(f) != 0 || !ok)
		return NULL;
	conninfo[strcspn(conninfo, "\n")] = '\0';
	return conninfo;
}

static void
pg_stop(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "sh %s stop %s/pg", PGTMP, dir);
	if (system(cmd) != 0)
		fprintf(stderr, "schema_pg_test: could not stop %s/pg\n", dir);
}

int
main(void)
{
	char dir[] = "/tmp/aicert-pgschema.XXXXXX", conninfo[256], path[320];
	struct store *s;
	sqlite3 *h;
	PGconn *c = NULL, *cd = NULL;
	char *err = NULL;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* The server may run as another user (pgtmp.sh, as root): it must
	 * reach dir/pg. */
	chmod(dir, 0711);
	snprintf(path, sizeof path, "%s/aicert.db", dir);
	if ((s = store_open(path, &err)) == NULL) {
		fprintf(stderr, "store_open: %s\n", err);
		return 1;
	}
	store_close(s);
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return 1;
	if (pg_start(dir, conninfo, sizeof conninfo) == NULL) {
		fprintf(stderr, "schema_pg_test: %s did not start a server\n", PGTMP);
		return 1;
	}
	c = PQconnectdb(conninfo);
	check(PQstatus(c) == CONNECTION_OK, "connect: %s", PQerrorMessage(c));
	if (PQstatus(c) == CONNECTION_OK && pg_migrate(c, 0, schema_count, "schema") == 0) {
		compare_schema(h, c);
		behaviour(c);
		locale_guard(c, conninfo);
		PQclear(PQexec(c, "CREATE DATABASE aicert_data"));
		snprintf(path, sizeof path, "%s dbname=aicert_data", conninfo);
		cd = PQconnectdb(path);
		check(PQstatus(cd) == CONNECTION_OK, "connect: %s", PQerrorMessage(cd));
		if (PQstatus(cd) == CONNECTION_OK)
			data_migrations(cd, dir);
	}
	PQfinish(cd);
	PQfinish(c);
	sqlite3_close(h);
	pg_stop(dir);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	if (system(path) != 0)
		fprintf(stderr, "schema_pg_test: could not remove %s\n", dir);
	printf("%d passed, %d failed\n", passed, failed);
	return failed > 0;
}
