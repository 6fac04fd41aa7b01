/*
 * store.h - the SQLite store: one file, WAL, numbered migrations, one
 * connection per thread for reads and a single writer with group commit.
 *
 * Reads: store_db() gives the calling thread its own connection (opened on
 * first use); db_stmt() gives a statement prepared once per connection,
 * and the statement helpers (db_done, db_row, db_one_int ...; store_stmt.c)
 * run it.
 * Writes: store_write() hands a function to the writer thread, which runs
 * every queued write in one BEGIN IMMEDIATE transaction (each inside its own
 * savepoint, so one failing write does not undo the others), commits with
 * synchronous=FULL, and only then returns to each caller. A write reported
 * as done is durable.
 */
#ifndef AICERT_STORE_H
#define AICERT_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct store;
struct db;
/* A prepared statement. Domain code reaches the database only through
 * the db_* calls below, never through the engine's own API, so the SQL
 * and its bindings are all that ties a module to the engine. */
struct stmt;

/* Opens (creating if needed) the database at path, applies migrations and
 * starts the writer thread. The database and its -wal and -shm files are
 * the owner's alone (mode 0600; an existing file open to others is
 * narrowed). On failure returns NULL and sets *err to a
 * malloc'd message (caller frees). */
struct store *store_open(const char *path, char **err);

/* 1 if path names a PostgreSQL database (a postgresql:// URL or a libpq
 * "key=value ..." string) rather than a SQLite file. */
int store_is_pg(const char *path);

/* The server is stopping: a broken PostgreSQL connection is no longer
 * waited for (writes then fail at once rather than after the failover
 * wait), so a node whose database is gone still stops. */
void store_stopping(struct store *s);

/* Stops the writer after the queued writes, closes every connection
 * (checkpointing the WAL). store_close(NULL) is a no-op. */
void store_close(struct store *s);

/* The database file's path (owned by the store). */
const char *store_path(const struct store *s);

/* The schema version the binary knows (PRAGMA user_version after open). */
int store_schema_version(void);

/* This thread's connection to s, opened on first use; owned by the store. */
struct db *store_db(struct store *s);

/* The connection's SQLite handle: for what only SQLite has (the online
 * backup, an erasure's secure-delete pass), never for statements. */
struct sqlite3 *db_handle(struct db *d);
/* A number naming d's store among all stores this process opened, never
 * reused: for caches of what a database holds. */
uint64_t db_store_id(struct db *d);

/* A number that grows after every commit that changed a users row or
 * called db_who_changed (a write that deleted sessions): whoever caches
 * who a session is reads it before looking and keeps the answer only
 * while it stays the same. */
uint64_t store_who_generation(struct store *s);
void db_who_changed(struct db *d);

/* A statement for sql, prepared once per connection and cached by the
 * address of sql (pass string literals). It comes reset with bindings
 * cleared. NULL on a prepare error, which is logged. */
struct stmt *db_stmt(struct db *d, const char *sql);
/* A statement for SQL built at run time (a table's name from the
 * schema): prepared for this call only, freed by db_finalize. NULL on a
 * prepare error, which is logged. */
struct stmt *db_prepare(struct db *d, const char *sql);
void db_finalize(struct stmt *st);

/* A write: runs on the writer thread inside a transaction; returns 0 to
 * keep its changes or -1 to roll them back (the other writes of the batch
 * are kept). */
typedef int (*store_write_fn)(struct db *d, void *ctx);

/* Runs fn(db, ctx) on the writer and waits until its transaction is
 * committed. Returns fn's result, or -1 if the commit failed. */
int store_write(struct store *s, store_write_fn fn, void *ctx);

/* Why a store_write of this thread failed since the last
 * store_clear_write_error() (the HTTP layer clears it as each request
 * starts): the SQLite primary result code (SQLITE_FULL, SQLITE_READONLY,
 * SQLITE_IOERR, SQLITE_CANTOPEN) of the last write the database refused,
 * else 0 (writes that failed for another reason, such as the write
 * function saying no, leave it alone). Thread-local. */
int store_last_write_error(void);
void store_clear_write_error(void);
/* 1 if code says the database cannot take writes for now (disk full,
 * read-only, cannot open or write its files): a condition to wait out,
 * not a bug. */
int store_error_unavailable(int code);
/* 1 if code says the disk is full. */
int store_error_full(int code);
/* The store-wide condition: the code of the last failed commit if no
 * commit has succeeded since, else 0. For the health check. */
int store_write_health(struct store *s);
/* The same in words for the health check: NULL when all is well, else
 * why (static text, SQLite's words). Read: one read of the database
 * header on this thread's connection. Write: store_write_health's
 * condition. */
const char *store_read_problem(struct store *s);
const char *store_write_problem(struct store *s);

/* Who is acting on this thread (the signed-in user, 0 for none or the
 * command line) and from where ("127.0.0.1", "cli"). Every write this
 * thread hands to the writer carries it, so an audit row written inside
 * that write names them. addr is copied. */
void store_set_actor(int64_t user, const char *addr);
/* Inside a write: the user the write acts for (0: none). */
int64_t db_actor(void);

/* Appends an audit row (now, the write's actor, action, detail) inside a
 * write. Append-only: nothing deletes audit rows; only an erasure scrubs
 * a person's data out of them (erase.h) and the retention cuts their
 * addresses (retention.h). 0 or -1. */
int db_audit(struct db *d, const char *action, const char *detail);

/* Queues fn(db, ctx) as store_write does, without blocking the caller:
 * then(ctx, result, err) runs on the writer thread once the write is
 * committed, or failed (result < 0; err the SQLite code store_last_write_
 * error would give, or 0). then must only hand the result back: every
 * write waits for it. */
void store_write_then(struct store *s, store_write_fn fn, void *ctx,
    void (*then)(void *ctx, int result, int err));
/* Sets what store_last_write_error() says on this thread: for the thread
 * that finishes a store_write_then. */
void store_set_write_error(int err);

/* Queues fn(db, ctx) for the writer without waiting: for records whose
 * loss in a crash is acceptable (a verification log row), never for
 * anything acknowledged to a user. It is committed with the next waited
 * write, or at most 200 ms after it was queued: a stream of them shares
 * one fsync. release(ctx) runs after the commit (or the failure). Writes
 * queued before store_close are still made. */
void store_write_async(struct store *s, store_write_fn fn, void *ctx,
    void (*release)(void *ctx));

/*
 * Statement helpers: the steps every query repeats, so that a query reads
 * as its SQL, its bindings and what it does with the answer.
 *
 *	struct stmt *st = db_stmt(d, sql);	(or db_stmt_text, db_stmt_int)
 *	bind what the SQL asks for (the caller's strings stay its own);
 *	then one of:
 *	  db_done(st)			a write: 0 when it ran to its end
 *	  db_exists(st)			1 if there is a row
 *	  db_one_int(st, none)		column 0 of the first row
 *	  db_one_text(a, st)		the same as text, copied into a
 *	  while (db_row(st)) { read columns } db_end(st);
 *	  db_json_rows(st)		every row as a JSON object
 *
 * Every helper takes st == NULL (a prepare that failed, already logged
 * by db_stmt) and answers as for an error: -1, 0, none, NULL. Every one
 * but db_row leaves st reset, which ends the read it began; after
 * db_row, db_end does that. None allocates but db_one_text (in a).
 */

/* db_stmt(d, sql) with ?1 bound to text (not copied: it must stay as it
 * is until the statement is reset; NULL binds NULL) or to an integer: for
 * the many queries keyed by one value. NULL on a prepare error. */
struct stmt *db_stmt_text(struct db *d, const char *sql, const char *text);
struct stmt *db_stmt_int(struct db *d, const char *sql, int64_t v);
/* Runs st to its end and resets it: 0 if it ended (DB_DONE), -1 on
 * an error or a row. For INSERT, UPDATE and DELETE. */
int db_done(struct stmt *st);
/* 1 if st gives a row, else 0 (also on an error); st reset. */
int db_exists(struct stmt *st);
/* Column 0 of st's first row as an integer; none if there is no row or
 * the value is NULL. st reset. */
int64_t db_one_int(struct stmt *st, int64_t none);
/* Column 0 of st's first row as a string copied into a; NULL if there is
 * no row or the value is NULL. st reset. */
char *db_one_text(struct arena *a, struct stmt *st);
/* Steps st: 1 when it stands on a row (read its columns), 0 when there
 * is none left or on an error. Not reset: call db_end(st) after the last
 * row read, or when stopping early. */
int db_row(struct stmt *st);
/* Resets st after db_row (NULL: nothing). */
void db_end(struct stmt *st);
/* Every row of st as a JSON object, in a new array (a new reference;
 * empty if st is NULL); st reset. The members are the columns in their
 * order, named as the SQL names them (say AS: a column's name is
 * otherwise SQLite's choice): INTEGER a JSON integer, REAL a real, NULL
 * null, anything else a string. */
json_t *db_json_rows(struct stmt *st);
/* The same of st's current row alone (after db_row), a new reference. */
json_t *db_json_row(struct stmt *st);
/* Column i of st's current row as a string copied into a, or NULL when
 * it is NULL. */
char *db_text(struct arena *a, struct stmt *st, int i);
/* The rowid of the last INSERT on d. */
int64_t db_last_id(struct db *d);
/* Rows the last INSERT, UPDATE or DELETE on d changed. */
int64_t db_changes(struct db *d);
/* 1 if the database has the table (with the column, if col is not
 * NULL), else 0. */
int db_has_column(struct db *d, const char *table, const char *col);
/* The names of the database's own tables (not the engine's), sorted: a
 * new JSON array of strings. */
json_t *db_tables(struct db *d);
/* Inside a write, after rows were written with their ids given (a copy
 * from another store): makes the ids the database numbers next follow
 * the largest in table. PostgreSQL's identity columns draw from a
 * sequence that given ids do not move; SQLite's rowid follows the
 * largest by itself, so there it does nothing. 0 or -1 (logged). */
int db_ids_follow(struct db *d, const char *table);

/*
 * Bindings and columns. Parameters count from 1, columns from 0. Texts
 * and blobs are copied at binding (NULL binds NULL); a column's text or
 * blob stays valid until the next step or reset of st.
 */
void db_bind_text(struct stmt *st, int i, const char *v);
void db_bind_textn(struct stmt *st, int i, const char *v, int n);
void db_bind_int(struct stmt *st, int i, int v);
void db_bind_int64(struct stmt *st, int i, int64_t v);
void db_bind_double(struct stmt *st, int i, double v);
void db_bind_null(struct stmt *st, int i);
void db_bind_blob(struct stmt *st, int i, const void *p, int n);

/* What db_step answers (DB_UNIQUE: a unique key refused the row) and
 * db_col_type tells. */
enum { DB_ROW = 100, DB_DONE = 101, DB_ERROR = 1, DB_UNIQUE = 2067 };
enum { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };

/* One step of st: DB_ROW, DB_DONE, DB_UNIQUE or DB_ERROR. */
int db_step(struct stmt *st);
int db_col_count(struct stmt *st);
const char *db_col_name(struct stmt *st, int i);
int db_col_type(struct stmt *st, int i);
int db_col_int(struct stmt *st, int i);
int64_t db_col_int64(struct stmt *st, int i);
double db_col_double(struct stmt *st, int i);
/* NULL for a NULL value. */
const char *db_col_text(struct stmt *st, int i);
const void *db_col_blob(struct stmt *st, int i);
int db_col_bytes(struct stmt *st, int i);

/* A setting from the settings table (malloc'd, caller frees) or NULL. */
char *store_setting(struct store *s, const char *key);
/* Sets a setting through the writer; 0 or -1. */
int store_set_setting(struct store *s, const char *key, const char *value);

/*
 * Several nodes on one PostgreSQL store.
 *
 * Leadership: background work that must run on one node at a time (the
 * sweeper, the mail outbox) asks store_lead before each round. On
 * PostgreSQL it holds a session advisory lock on a connection of its
 * own: a node that dies (or loses the database) lets go, and another
 * node's next round takes over. On SQLite, one process: always 1.
 */
enum store_role { STORE_LEAD_SWEEPER = 1, STORE_LEAD_MAIL = 2 };
int store_lead(struct store *s, enum store_role role);

/* Runs fn whenever certificates, keys, the issuer, users or settings
 * may have changed in the database from any node (PostgreSQL: a
 * trigger's NOTIFY, heard by a listener thread; also after the listener
 * reconnects, as it may have missed some). One hook; SQLite: never
 * called, the process sees its own writes. */
void store_on_cert_change(struct store *s, void (*fn)(void));

/* Milliseconds to add to this machine's clock to read the database's
 * (PostgreSQL: measured at open and every minute; SQLite: 0), so every
 * node reckons deadlines by one clock. */
int64_t store_clock_offset_ms(void);

/* Writes count since open and commits (batches), for benchmarks and logs. */
void store_stats(struct store *s, uint64_t *writes, uint64_t *commits);

#endif
