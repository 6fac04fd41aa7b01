/*
 * store_pg.c - the store on PostgreSQL, through libpq: connections,
 * migrations, statements and their answers behind store.h's db_* calls.
 * store.c keeps the writer and its group commit for both engines; this
 * file is what differs. Statements are written in SQLite's dialect and
 * rewritten once, when prepared (sql_pg.c); the schema is schema_pg.c's.
 * Depends on libpq, sql_pg and schema_pg.
 */
#include "store.h"
#include "store_int.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "schema.h"
#include "schema_pg.h"
#include "sql_pg.h"

/* PostgreSQL's type ids (pg_type.dat) that read as numbers. */
#define OID_BOOL	16
#define OID_BYTEA	17
#define OID_INT8	20
#define OID_INT2	21
#define OID_INT4	23
#define OID_FLOAT4	700
#define OID_FLOAT8	701
#define OID_NUMERIC	1700

#define MAX_PARAMS	64	/* the most a statement of the code binds */

int
pg_conninfo(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0 || strchr(path, '=') != NULL;
}

static void
notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;	/* "relation already exists, skipping" and the like */
}

int64_t
pg_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What a new session needs: times and text as the code expects them. */
static int
session_setup(struct db *d)
{
	return pg_exec(d, "SET TIME ZONE 'UTC'") < 0 ||
	    pg_exec(d, "SET synchronous_commit = on") < 0 ? -1 : 0;
}

/*
 * Brings a broken connection back, trying for up to seconds: PQreset
 * walks the connection string's hosts again and, with
 * target_session_attrs=read-write, stops at the one that takes writes
 * (the new primary after a failover). Statements are prepared per
 * connection, so each is prepared again on its next run. 0 or -1.
 */
int
pg_revive(struct db *d, int seconds)
{
	int64_t until = pg_now_ms() + (int64_t)seconds * 1000;
	useconds_t wait = 50000;

	for (;;) {
		PQreset(d->pg);
		if (PQstatus(d->pg) == CONNECTION_OK && session_setup(d) == 0)
			break;
		if (d->stopping != NULL && atomic_load(d->stopping))
			return -1;	/* the server is stopping: no more waiting */
		if (pg_now_ms() + (int64_t)wait / 1000 > until) {
			if (seconds >= 5)	/* not the leadership's probe each second */
				fprintf(stderr, "aicert: the database is still unreachable "
				    "after %d s: %s", seconds, PQerrorMessage(d->pg));
			return -1;
		}
		usleep(wait);
		if (wait < 1000000)
			wait *= 2;
	}
	for (size_t i = 0; i < d->nslots; i++)
		if (d->slot[i].st != NULL) {
			pg_reset(d->slot[i].st, 0);
			d->slot[i].st->prepared = 0;
		}
	return 0;
}

int
pg_conn_open(struct db *d, const char *conninfo, char **err)
{
	d->pg = PQconnectdb(conninfo);
	if (PQstatus(d->pg) != CONNECTION_OK) {
		if (asprintf(err, "cannot connect to PostgreSQL: %s",
		    PQerrorMessage(d->pg)) < 0)
			abort();
		PQfinish(d->pg);
		d->pg = NULL;
		return -1;
	}
	PQsetNoticeProcessor(d->pg, notice, NULL);
	/* Times are numbers the code computes; text compares byte by byte
	 * (the database is C locale, schema_pg.c checks). */
	if (session_setup(d) < 0) {
		if (asprintf(err, "cannot set up the PostgreSQL session: %s",
		    PQerrorMessage(d->pg)) < 0)
			abort();
		PQfinish(d->pg);
		d->pg = NULL;
		return -1;
	}
	return 0;
}

void
pg_conn_close(struct db *d)
{
	PQfinish(d->pg);
	d->pg = NULL;
}

int
pg_exec(struct db *d, const char *sql)
{
	PGresult *r = PQexec(d->pg, sql);
	ExecStatusType rs = PQresultStatus(r);
	int ok = rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "aicert: sql: %s: %.200s\n", PQresultErrorMessage(r), sql);
	PQclear(r);
	return ok ? 0 : -1;
}

/* The schema's version lives in a table of its own (PostgreSQL has no
 * user_version); migrations run under an advisory lock, so nodes that
 * start together migrate once. */
int
pg_migrate(struct db *d, char **err)
{
	PGresult *r;
	int version = 0, rc = -1;

	if (pg_exec(d, "SELECT pg_advisory_lock(7365)") < 0 ||
	    pg_exec(d, "CREATE TABLE IF NOT EXISTS aicert_schema (version BIGINT NOT NULL)") < 0)
		goto out;
	r = PQexec(d->pg, "SELECT max(version) FROM aicert_schema");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		version = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (version > (int)schema_count) {
		if (asprintf(err, "schema version %d is newer than this aicert knows (%zu); "
		    "use a newer aicert", version, schema_count) < 0)
			abort();
		goto unlock;
	}
	for (size_t i = (size_t)version; i < schema_count; i++) {
		struct buf sql = BUF_INIT, why = BUF_INIT;
		char set[96];
		int ok;

		snprintf(set, sizeof set, "DELETE FROM aicert_schema; "
		    "INSERT INTO aicert_schema VALUES (%zu)", i + 1);
		ok = schema_pg_migration(i, &sql, &why) == 0 && pg_exec(d, "BEGIN") == 0;
		ok = ok && pg_exec(d, sql.data) == 0 && pg_exec(d, set) == 0 &&
		    pg_exec(d, "COMMIT") == 0;
		if (!ok) {
			pg_exec(d, "ROLLBACK");
			if (asprintf(err, "migration %zu failed%s%s", i + 1,
			    why.len ? ": " : "", why.len ? why.data : "") < 0)
				abort();
		}
		buf_free(&sql);
		buf_free(&why);
		if (!ok)
			goto unlock;
	}
	rc = pg_triggers(d);
unlock:
	pg_exec(d, "SELECT pg_advisory_unlock(7365)");
out:
	if (rc < 0 && *err == NULL && asprintf(err, "cannot migrate: %s",
	    PQerrorMessage(d->pg)) < 0)
		abort();
	return rc;
}

/*
 * Statements are prepared on their first run, when their bindings are
 * known. PostgreSQL first infers each parameter's type from the SQL, as
 * SQLite takes any value anywhere; where it cannot (a parameter met
 * first in "?1 IS NULL"), the statement is prepared again with the types
 * of the values bound, and again whenever those change.
 */
/*
 * What other nodes must hear: a statement trigger on each table whose
 * rows a node keeps in memory NOTIFYs channel aicert with what to forget
 * ("who": sessions and accounts; "cert": what a verification shows:
 * certificates, keys, the issuer, holders' names).
 * Made again at every start (CREATE OR REPLACE): not part of the
 * numbered schema, which both engines share.
 */
int
pg_triggers(struct db *d)
{
	static const char *const on[][2] = {
		{ "users", "who" }, { "sessions", "who" }, { "users", "cert" },
		{ "certificates", "cert" }, { "signing_keys", "cert" }, { "issuer", "cert" },
		{ "issuer_images", "cert" },
	};
	char sql[256];

	if (pg_exec(d, "CREATE OR REPLACE FUNCTION aicert_notify() RETURNS trigger "
	    "LANGUAGE plpgsql AS $f$ BEGIN PERFORM pg_notify('aicert', TG_ARGV[0]); "
	    "RETURN NULL; END $f$") < 0)
		return -1;
	for (size_t i = 0; i < sizeof on / sizeof *on; i++) {
		snprintf(sql, sizeof sql, "CREATE OR REPLACE TRIGGER aicert_%s AFTER INSERT OR "
		    "UPDATE OR DELETE ON %s FOR EACH STATEMENT EXECUTE FUNCTION "
		    "aicert_notify('%s')", on[i][1], on[i][0], on[i][1]);
		if (pg_exec(d, sql) < 0)
			return -1;
	}
	return 0;
}

/* The database's clock minus this machine's, in ms, the round trip
 * halved; 0 if it cannot be read. */
int64_t
pg_clock_offset(struct db *d)
{
	struct timespec a, b;
	PGresult *r;
	int64_t off = 0;

	clock_gettime(CLOCK_REALTIME, &a);
	r = PQexec(d->pg, "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint");
	clock_gettime(CLOCK_REALTIME, &b);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		int64_t ma = (int64_t)a.tv_sec * 1000 + a.tv_nsec / 1000000;
		int64_t mb = (int64_t)b.tv_sec * 1000 + b.tv_nsec / 1000000;

		off = atoll(PQgetvalue(r, 0, 0)) - (ma + mb) / 2;
	}
	PQclear(r);
	return off;
}

struct stmt *
pg_prepare(struct db *d, const char *sql, int cached)
{
	struct stmt *st = calloc(1, sizeof *st);

	if (st == NULL || (st->text = sql_pg(sql, &st->nparams)) == NULL) {
		free(st);
		return NULL;
	}
	st->d = d;
	st->row = -1;
	st->writes_users = strncmp(st->text, "INSERT INTO users", 17) == 0 ||
	    strncmp(st->text, "UPDATE users ", 13) == 0 ||
	    strncmp(st->text, "DELETE FROM users ", 18) == 0;
	snprintf(st->name, sizeof st->name, "%c%u", cached ? 's' : 'd', ++d->named);
	if (st->nparams > 0) {
		size_t n = (size_t)st->nparams;

		st->vals = calloc(n, sizeof *st->vals);
		st->lens = calloc(n, sizeof *st->lens);
		st->fmts = calloc(n, sizeof *st->fmts);
		st->kinds = calloc(n + 1, 1);
		st->declared = calloc(n + 1, 1);
		if (st->vals == NULL || st->lens == NULL || st->fmts == NULL ||
		    st->kinds == NULL || st->declared == NULL)
			abort();
		memset(st->kinds, 'n', n);
	}
	return st;
}

static Oid
type_of(char kind)
{
	switch (kind) {
	case 'i':
		return OID_INT8;
	case 'd':
		return OID_FLOAT8;
	case 'b':
		return OID_BYTEA;
	default:
		return 25;	/* text */
	}
}

static void
deallocate(struct stmt *st)
{
	char sql[40];

	snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
	pg_exec(st->d, sql);
	st->prepared = 0;
}

/* Tries one PQprepare of st with these types, under a savepoint when
 * inside a transaction (a failed prepare would spoil it). 0, or -1 with
 * the error's SQLSTATE in state and its message kept in *r. */
static int
try_prepare(struct stmt *st, const Oid *types, char state[6], PGresult **r)
{
	int in_tx = PQtransactionStatus(st->d->pg) == PQTRANS_INTRANS, ok;
	const char *code;

	if (in_tx && pg_exec(st->d, "SAVEPOINT p") < 0)
		return -1;
	*r = PQprepare(st->d->pg, st->name, st->text, st->nparams, types);
	ok = PQresultStatus(*r) == PGRES_COMMAND_OK;
	if (in_tx)
		pg_exec(st->d, ok ? "RELEASE p" : "ROLLBACK TO p");
	code = PQresultErrorField(*r, PG_DIAG_SQLSTATE);
	snprintf(state, 6, "%s", code ? code : "");
	return ok ? 0 : -1;
}

/*
 * Prepares st as its bindings now are; 0 or -1 (logged). Three tries:
 * every parameter's type left to PostgreSQL to infer (a number bound as
 * text then reads as whatever its column needs); if it cannot (42P08,
 * 42P18: "?1 IS NULL OR name = ?1") or a NULL met a column of another
 * type (42804), the types of the values bound, a NULL as text; then a
 * NULL as a bigint.
 */
static int
prepare_now(struct stmt *st)
{
	Oid types[MAX_PARAMS];
	char state[6];
	PGresult *r = NULL;

	if (st->prepared == 1 || (st->prepared == 2 && st->nparams > 0 &&
	    strcmp(st->kinds, st->declared) == 0))
		return 0;
	if (st->nparams > MAX_PARAMS) {
		fprintf(stderr, "aicert: sql: more than %d parameters: %s\n", MAX_PARAMS,
		    st->text);
		return -1;
	}
	if (st->prepared == 2)
		deallocate(st);
	for (int plan = 0; plan < 3; plan++) {
		for (int i = 0; i < st->nparams; i++) {
			char k = st->kinds[i];

			types[i] = k == 'b' ? OID_BYTEA : plan == 0 ? 0 :
			    k == 'n' && plan == 2 ? OID_INT8 : type_of(k);
		}
		PQclear(r);
		if (try_prepare(st, types, state, &r) == 0) {
			PQclear(r);
			st->prepared = plan == 0 ? 1 : 2;
			if (st->nparams > 0)
				memcpy(st->declared, st->kinds, (size_t)st->nparams);
			return 0;
		}
		if (strcmp(state, "42P08") != 0 && strcmp(state, "42P18") != 0 &&
		    strcmp(state, "42804") != 0 && strcmp(state, "42883") != 0)
			break;
	}
	fprintf(stderr, "aicert: sql prepare: %s: %s\n", PQresultErrorMessage(r), st->text);
	PQclear(r);
	return -1;
}

void
pg_reset(struct stmt *st, int clear)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
	free(st->blob);
	st->blob = NULL;
	if (clear)
		for (int i = 0; i < st->nparams; i++) {
			free(st->vals[i]);
			st->vals[i] = NULL;
			st->kinds[i] = 'n';
		}
}

void
pg_finalize(struct stmt *st)
{
	pg_reset(st, 1);
	if (st->name[0] == 'd' && st->prepared && st->d->pg != NULL)
		deallocate(st);
	free(st->text);
	free(st->kinds);
	free(st->declared);
	free(st->vals);
	free(st->lens);
	free(st->fmts);
	free(st);
}

void
pg_bind(struct stmt *st, int i, const void *v, int n, char kind)
{
	char *copy = NULL;

	if (i < 1 || i > st->nparams)
		return;
	if (v != NULL) {
		size_t len = n < 0 ? strlen(v) : (size_t)n;

		if ((copy = malloc(len + 1)) == NULL)
			abort();
		memcpy(copy, v, len);
		copy[len] = '\0';
		n = (int)len;
	}
	free(st->vals[i - 1]);
	st->vals[i - 1] = copy;
	st->lens[i - 1] = n;
	st->fmts[i - 1] = kind == 'b';
	st->kinds[i - 1] = v != NULL ? kind : 'n';
}

static int
lost(const struct stmt *st)
{
	return PQstatus(st->d->pg) == CONNECTION_BAD;
}

static int
is_writer(const struct db *d)
{
	return d->writer;
}

int
pg_step(struct stmt *st)
{
	if (st->res == NULL) {
		ExecStatusType rs;
		const char *state;

		if (prepare_now(st) < 0 && !lost(st))
			return DB_ERROR;
		if (st->prepared)
			st->res = PQexecPrepared(st->d->pg, st->name, st->nparams,
			    (const char *const *)st->vals, st->lens, st->fmts, 0);
		/* A reader outside a transaction whose connection broke (a
		 * failover) reconnects and asks again, once. The writer's
		 * transaction is gone with its connection: store.c runs the
		 * whole batch again. */
		if (lost(st) && !is_writer(st->d) && pg_revive(st->d, 60) == 0) {
			PQclear(st->res);
			st->res = NULL;
			if (prepare_now(st) < 0)
				return DB_ERROR;
			st->res = PQexecPrepared(st->d->pg, st->name, st->nparams,
			    (const char *const *)st->vals, st->lens, st->fmts, 0);
		}
		rs = PQresultStatus(st->res);
		if (rs == PGRES_COMMAND_OK) {
			st->d->changes = atoll(PQcmdTuples(st->res));
			if (st->writes_users && st->d->changes > 0)
				st->d->who_touched = 1;
			st->nrows = 0;
		} else if (rs == PGRES_TUPLES_OK) {
			st->nrows = PQntuples(st->res);
			if (*PQcmdTuples(st->res) != '\0' &&
			    strncmp(PQcmdStatus(st->res), "SELECT", 6) != 0) {
				/* INSERT ... RETURNING and the like */
				st->d->changes = atoll(PQcmdTuples(st->res));
				if (st->writes_users && st->d->changes > 0)
					st->d->who_touched = 1;
			}
		} else {
			state = PQresultErrorField(st->res, PG_DIAG_SQLSTATE);
			if (state != NULL && strcmp(state, "23505") == 0)
				return DB_UNIQUE;
			fprintf(stderr, "aicert: sql: %s", PQresultErrorMessage(st->res));
			return DB_ERROR;
		}
		st->row = -1;
	}
	free(st->blob);
	st->blob = NULL;
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows;
	return DB_DONE;
}

static int
on_row(struct stmt *st, int i)
{
	return st->res != NULL && st->row >= 0 && st->row < st->nrows &&
	    i >= 0 && i < PQnfields(st->res);
}

int
pg_col_type(struct stmt *st, int i)
{
	const char *v;

	if (!on_row(st, i) || PQgetisnull(st->res, st->row, i))
		return DB_NULL;
	switch (PQftype(st->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return DB_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return DB_FLOAT;
	case OID_NUMERIC:
		/* sum() of integers is numeric: a whole one reads as SQLite's
		 * integer would */
		v = PQgetvalue(st->res, st->row, i);
		return strpbrk(v, ".eE") ? DB_FLOAT : DB_INTEGER;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

const char *
pg_col_text(struct stmt *st, int i)
{
	const char *v;

	if (!on_row(st, i) || PQgetisnull(st->res, st->row, i))
		return NULL;
	v = PQgetvalue(st->res, st->row, i);
	if (PQftype(st->res, i) == OID_BOOL)
		return *v == 't' ? "1" : "0";
	return v;
}

const void *
pg_col_blob(struct stmt *st, int i, int *n)
{
	*n = 0;
	if (!on_row(st, i) || PQgetisnull(st->res, st->row, i))
		return NULL;
	if (PQftype(st->res, i) != OID_BYTEA) {
		*n = PQgetlength(st->res, st->row, i);
		return PQgetvalue(st->res, st->row, i);
	}
	free(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, st->row, i),
	    &st->bloblen);
	*n = (int)st->bloblen;
	return st->blob;
}

int
pg_has_column(struct db *d, const char *table, const char *col)
{
	static const char sql_t[] = "SELECT 1 FROM information_schema.tables "
	    "WHERE table_schema = current_schema() AND table_name = ?";
	static const char sql_c[] = "SELECT 1 FROM information_schema.columns "
	    "WHERE table_schema = current_schema() AND table_name = ?1 AND column_name = ?2";
	struct stmt *st = db_stmt_text(d, col ? sql_c : sql_t, table);

	if (st != NULL && col != NULL)
		db_bind_text(st, 2, col);
	return db_exists(st);
}

json_t *
pg_tables(struct db *d)
{
	static const char sql[] = "SELECT table_name FROM information_schema.tables "
	    "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
	    "AND table_name != 'aicert_schema' ORDER BY table_name";
	struct stmt *st = db_stmt(d, sql);
	json_t *out = json_array();

	while (db_row(st))
		json_array_append_new(out, json_string(db_col_text(st, 0)));
	db_end(st);
	return out;
}

/* The only statement of the code in PostgreSQL's own dialect (SQLite has
 * no sequences to move), so it skips sql_pg's rewrite. */
int
db_ids_follow(struct db *d, const char *table)
{
	static const char sql[] = "SELECT column_name FROM information_schema.columns "
	    "WHERE table_schema = current_schema() AND table_name = ? "
	    "AND is_identity = 'YES'";
	struct stmt *st;
	int rc = 0;

	if (d->pg == NULL)
		return 0;
	st = db_stmt_text(d, sql, table);
	if (st == NULL)
		return -1;
	while (rc == 0 && db_row(st)) {
		const char *col = db_col_text(st, 0);
		char *t = PQescapeIdentifier(d->pg, table, strlen(table));
		char *c = PQescapeIdentifier(d->pg, col, strlen(col));
		char *tl = PQescapeLiteral(d->pg, table, strlen(table));
		char *cl = PQescapeLiteral(d->pg, col, strlen(col));
		char *set = NULL;

		/* setval is strict: an empty table (max NULL) leaves it be */
		if (t == NULL || c == NULL || tl == NULL || cl == NULL ||
		    asprintf(&set, "SELECT setval(pg_get_serial_sequence(%s, %s), max(%s)) "
		    "FROM %s HAVING max(%s) > 0", tl, cl, c, t, c) < 0)
			rc = -1;
		else
			rc = pg_exec(d, set);
		free(set);
		PQfreemem(t);
		PQfreemem(c);
		PQfreemem(tl);
		PQfreemem(cl);
	}
	db_end(st);
	return rc;
}
