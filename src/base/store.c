/*
 * store.c - SQLite connections, migrations and the group-commit writer;
 * see store.h (its statement helpers live in store_stmt.c). Depends on
 * sqlite3 and pthreads.
 */
#include "store.h"
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"

#define STMT_SLOTS 256		/* cached statements per connection at first;
				 * the table doubles when 3/4 full */
#define BATCH_MAX 512		/* writes per transaction at most */
#define ASYNC_GATHER_MS 200	/* an unwaited write is committed within this */
#define STORE_PG_RETRY_S 120	/* a broken connection is retried this long */


struct actor {
	int64_t user;
	char addr[64];
};

static _Thread_local struct actor thread_actor = { 0, "" };
static _Atomic uint64_t next_store_id = 1;
static _Thread_local int thread_write_err;

struct job {
	store_write_fn fn;
	void *ctx;
	struct actor actor;	/* copied from the calling thread */
	int result;
	int done;
	pthread_cond_t cv;	/* signalled when done: wakes only this caller */
	struct job *next;
	int err;		/* SQLite code when the database refused it */
	void (*release)(void *ctx);	/* async: nobody waits; frees ctx after */
	void (*then)(void *ctx, int result, int err);	/* see store_write_then */
};

struct store {
	char *path;
	pthread_mutex_t mu;		/* guards conns, queue, stop, stats */
	pthread_cond_t wake;		/* writer: work or stop */
	struct db *conns;
	struct job *head, **tail;
	int waited;			/* queued jobs somebody waits for */
	int stop;
	pthread_t writer;
	int writer_started;
	struct db *wdb;
	uint64_t writes, commits;
	uint64_t id;			/* see db_store_id */
	int who_dirty;			/* this batch changed users or sessions */
	_Atomic uint64_t who_gen;	/* see store_who_generation */
	int health;			/* last failed commit's code, 0 after a good one */
	int pg;				/* path is a PostgreSQL connection string */
	_Atomic int stopping;		/* store_stopping */
	struct db *ldb;			/* PostgreSQL: the leadership locks' */
	pthread_mutex_t lead_mu;	/* guards ldb, held */
	unsigned held;			/* store_role bits whose lock ldb holds */
	pthread_t listener;		/* PostgreSQL: hears other nodes' changes */
	int listener_started;
	void (*_Atomic cert_hook)(void);	/* store_on_cert_change */
	pthread_key_t key;		/* this thread's struct db */
};

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		abort();
	return p;
}

static char *
errf(const char *what, sqlite3 *h)
{
	char *m = NULL;

	if (asprintf(&m, "%s: %s", what, h ? sqlite3_errmsg(h) : "out of memory") < 0)
		abort();
	return m;
}

static int
exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		fprintf(stderr, "aicert: sql: %s: %s\n", msg ? msg : "?", sql);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* The page cache of each reader connection (below). */
#define READER_CACHE_KB "512"

/* Opens one connection with the settings every connection needs. */
static struct db *
conn_open(struct store *s, char **err)
{
	struct db *d = calloc(1, sizeof *d);

	if (d == NULL)
		abort();
	if (s->pg) {
		if (pg_conn_open(d, s->path, err) < 0) {
			free(d);
			return NULL;
		}
		goto linked;
	}
	if (sqlite3_open_v2(s->path, &d->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		*err = errf(s->path, d->h);
		sqlite3_close(d->h);
		free(d);
		return NULL;
	}
	sqlite3_busy_timeout(d->h, 10000);
	sqlite3_extended_result_codes(d->h, 1);
	if (exec(d->h, "PRAGMA journal_mode=WAL;") < 0 ||
	    exec(d->h, "PRAGMA synchronous=FULL;") < 0 ||
	    exec(d->h, "PRAGMA foreign_keys=ON;") < 0 ||
	    exec(d->h, "PRAGMA temp_store=MEMORY;") < 0 ||
	    /* what is deleted is overwritten, not left in free pages
	     * (an erased person's data; docs/privacy.md) */
	    exec(d->h, "PRAGMA secure_delete=ON;") < 0) {
		*err = errf("cannot set up the database", d->h);
		sqlite3_close(d->h);
		free(d);
		return NULL;
	}
linked:
	d->owner = s;
	d->stopping = &s->stopping;
	pthread_mutex_lock(&s->mu);
	d->next = s->conns;
	s->conns = d;
	pthread_mutex_unlock(&s->mu);
	return d;
}

static void
conn_close(struct db *d)
{
	for (size_t i = 0; i < d->nslots; i++)
		db_finalize(d->slot[i].st);
	free(d->slot);
	if (d->pg != NULL)
		pg_conn_close(d);
	sqlite3_close(d->h);
	free(d);
}

static size_t
slot_of(const char *sql, size_t n)
{
	return ((uintptr_t)sql >> 3) % n;
}

/* Doubles d's statement table (callers hold statements, never slots, so
 * the slots may move). 0, or -1 out of memory. */
static int
slots_grow(struct db *d)
{
	size_t n = d->nslots ? d->nslots * 2 : STMT_SLOTS;
	struct stmt_slot *t = calloc(n, sizeof *t);

	if (t == NULL)
		return -1;
	for (size_t i = 0; i < d->nslots; i++) {
		size_t j;

		if (d->slot[i].sql == NULL)
			continue;
		for (j = slot_of(d->slot[i].sql, n); t[j].sql != NULL; j = (j + 1) % n)
			;
		t[j] = d->slot[i];
	}
	free(d->slot);
	d->slot = t;
	d->nslots = n;
	return 0;
}

static int
migrate(struct db *d, char **err)
{
	sqlite3_stmt *st;
	int version = 0;

	if (d->pg != NULL)
		return pg_migrate(d, err);
	if (sqlite3_prepare_v2(d->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
		*err = errf("cannot read the schema version", d->h);
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > (int)schema_count) {
		if (asprintf(err, "%s: schema version %d is newer than this "
		    "aicert knows (%zu); use a newer aicert", d->owner->path,
		    version, schema_count) < 0)
			abort();
		return -1;
	}
	/* Off while migrating (a no-op inside a transaction): a migration
	 * that rebuilds a table to change a constraint, as SQLite's ALTER
	 * TABLE page describes, must not cascade the drop of the old one. */
	if (version < (int)schema_count && exec(d->h, "PRAGMA foreign_keys=OFF;") < 0) {
		*err = errf("cannot migrate", d->h);
		return -1;
	}
	for (size_t i = (size_t)version; i < schema_count; i++) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%zu;", i + 1);
		if (exec(d->h, "BEGIN IMMEDIATE;") < 0 ||
		    exec(d->h, schema_migrations[i]) < 0 ||
		    exec(d->h, pragma) < 0 || exec(d->h, "COMMIT;") < 0) {
			exec(d->h, "ROLLBACK;");
			if (asprintf(err, "%s: migration %zu failed", d->owner->path,
			    i + 1) < 0)
				abort();
			exec(d->h, "PRAGMA foreign_keys=ON;");
			return -1;
		}
	}
	if (exec(d->h, "PRAGMA foreign_keys=ON;") < 0) {
		*err = errf("cannot migrate", d->h);
		return -1;
	}
	return 0;
}

/* Each write runs in its own savepoint: prepared once, like every
 * statement of the writer's connection. */
static const char sp_begin[] = "SAVEPOINT w";
static const char sp_undo[] = "ROLLBACK TO w";
static const char sp_end[] = "RELEASE w";

/* The code of the connection's last error if it is one of those that
 * store_error_unavailable() names, else 0. */
static int
io_error(sqlite3 *h)
{
	int code = sqlite3_errcode(h) & 0xff;

	return store_error_unavailable(code) ? code : 0;
}

static int
begin(struct db *d)
{
	return d->pg ? pg_exec(d, "BEGIN") : exec(d->h, "BEGIN IMMEDIATE;");
}

static int
commit(struct db *d)
{
	return d->pg ? pg_exec(d, "COMMIT") : exec(d->h, "COMMIT;");
}

static void
rollback(struct db *d)
{
	if (d->pg)
		pg_exec(d, "ROLLBACK");
	else
		exec(d->h, "ROLLBACK;");
}

static int
in_transaction(struct db *d)
{
	if (d->pg)
		return PQtransactionStatus(d->pg) != PQTRANS_IDLE;
	return !sqlite3_get_autocommit(d->h);
}

/* Runs a batch of jobs in one transaction and marks them done. After an
 * I/O error (disk full, read-only file) SQLite may roll the whole
 * transaction back by itself: then no job of the batch is kept, and each
 * is told so with the error's code. */
/* Runs every job of the batch inside one transaction and commits it:
 * 1 if committed, else 0 with *batch_err set. Each job's result and err
 * are set afresh, so a batch may be run again. */
static int
apply(struct store *s, struct job *batch, int *batch_err)
{
	sqlite3 *h = s->wdb->h;
	int ok = begin(s->wdb) == 0;

	*batch_err = ok ? 0 : s->pg ? SQLITE_IOERR : io_error(h);
	for (struct job *j = batch; j != NULL; j = j->next) {
		j->err = 0;
		if (!ok) {
			j->result = -1;
			continue;
		}
		(void)db_done(db_stmt(s->wdb, sp_begin));
		thread_actor = j->actor;	/* the writer acts for this caller */
		j->result = j->fn(s->wdb, j->ctx);
		/* On PostgreSQL a statement that failed spoils the transaction
		 * until its savepoint is rolled back, whatever fn made of it. */
		if (j->result >= 0 && s->pg &&
		    PQtransactionStatus(s->wdb->pg) == PQTRANS_INERROR)
			j->result = -1;
		if (j->result < 0) {
			j->err = s->pg ? 0 : io_error(h);
			(void)db_done(db_stmt(s->wdb, sp_undo));
		}
		(void)db_done(db_stmt(s->wdb, sp_end));
		if (!in_transaction(s->wdb)) {
			/* The transaction is gone: nothing of it is kept. */
			*batch_err = j->err ? j->err : SQLITE_IOERR;
			ok = 0;
		}
	}
	if (ok && commit(s->wdb) < 0) {
		*batch_err = s->pg ? SQLITE_IOERR : io_error(h);
		if (in_transaction(s->wdb))	/* SQLite may have ended it */
			rollback(s->wdb);
		ok = 0;
	}
	return ok;
}

/*
 * Runs a batch and marks its jobs done. On PostgreSQL a batch whose
 * connection broke (the primary died; Patroni promotes the standby) is
 * run again, whole, once the connection reaches a primary that takes
 * writes: its callers wait through the failover rather than fail. Whether
 * the lost COMMIT had been made is unknown, so the writes are made to
 * be idempotent (a save carries its seq; a repeat is taken as done).
 */
static void
run_batch(struct store *s, struct job *batch)
{
	int batch_err = 0, ok;
	uint64_t n = 0;
	struct job *unowned = NULL;

	for (struct job *j = batch; j != NULL; j = j->next)
		n++;
	ok = apply(s, batch, &batch_err);
	while (!ok && s->pg && PQstatus(s->wdb->pg) == CONNECTION_BAD) {
		int64_t t0 = pg_now_ms();

		if (pg_revive(s->wdb, STORE_PG_RETRY_S) < 0)
			break;
		fprintf(stderr, "aicert: the database connection is back after %lld ms; "
		    "running the %llu writes of the interrupted batch again\n",
		    (long long)(pg_now_ms() - t0), (unsigned long long)n);
		ok = apply(s, batch, &batch_err);
	}
	if (s->pg && s->wdb->who_touched) {	/* no update hook: store_pg.c */
		s->wdb->who_touched = 0;
		s->who_dirty = 1;
	}
	/* After the commit (or its failure) and before anyone is told:
	 * what was read under the old generation is not used again. */
	if (s->who_dirty) {
		s->who_dirty = 0;
		atomic_fetch_add(&s->who_gen, 1);
	}
	if (!ok) {
		for (struct job *j = batch; j != NULL; j = j->next) {
			j->result = -1;
			if (j->err == 0)
				j->err = batch_err;
		}
	}
	pthread_mutex_lock(&s->mu);
	s->writes += n;
	s->commits++;
	s->health = ok ? 0 : batch_err;
	for (struct job *j = batch, *next; j != NULL; j = next) {
		next = j->next;		/* j may vanish once done is seen */
		if (j->release != NULL || j->then != NULL) {
			/* Nobody blocks on it: set aside, finished below. A
			 * blocked caller's job is its own memory and gone after
			 * unlock, so the batch list cannot be walked again. */
			j->next = unowned;
			unowned = j;
			continue;
		}
		j->done = 1;
		pthread_cond_signal(&j->cv);
	}
	pthread_mutex_unlock(&s->mu);
	for (struct job *j = unowned, *next; j != NULL; j = next) {
		next = j->next;
		if (j->then != NULL)
			j->then(j->ctx, j->result, j->result < 0 ? j->err : 0);
		else
			j->release(j->ctx);
		free(j);
	}
}

static void *
writer_main(void *arg)
{
	struct store *s = arg;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		struct job *batch, *j;
		int n = 1;

		while (s->head == NULL && !s->stop)
			pthread_cond_wait(&s->wake, &s->mu);
		if (s->head == NULL)
			break;
		if (s->waited == 0 && !s->stop) {
			/* Only writes nobody waits for (a log): let more gather
			 * so that a stream of them costs one fsync an interval,
			 * not one each. A waited write or a stop ends the wait. */
			struct timespec until;

			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_nsec += ASYNC_GATHER_MS * 1000000L;
			until.tv_sec += until.tv_nsec / 1000000000L;
			until.tv_nsec %= 1000000000L;
			while (s->waited == 0 && !s->stop &&
			    pthread_cond_timedwait(&s->wake, &s->mu, &until) == 0)
				;
		}
		/* Take up to BATCH_MAX queued writes: everything that arrived
		 * while the last commit was being made durable. */
		batch = s->head;
		for (j = batch; j->next != NULL && n < BATCH_MAX; j = j->next)
			n++;
		for (struct job *k = batch; k != j->next; k = k->next)
			s->waited -= k->release == NULL;	/* blocked or then */
		s->head = j->next;
		j->next = NULL;
		if (s->head == NULL)
			s->tail = &s->head;
		pthread_mutex_unlock(&s->mu);
		run_batch(s, batch);
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* The writer's connection reports every changed users row (a rowid
 * table; sessions is not, so its writers call db_who_changed). */
static void
on_update(void *arg, int op, const char *db, const char *table, sqlite3_int64 row)
{
	(void)op;
	(void)db;
	(void)row;
	if (strcmp(table, "users") == 0)
		((struct store *)arg)->who_dirty = 1;
}

/*
 * The database holds password hashes and the CSRF secret: like the
 * signing key, its files are the owner's alone (0600). A new database is
 * created so before SQLite opens it, and SQLite gives its -wal and -shm
 * the database file's mode; files an older aicert left readable by others
 * (0644) are narrowed here. A path that is not a file (":memory:", a URI)
 * is left alone; a mode that cannot be changed is said on stderr.
 */
static void
private_files(const char *path, int create)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char side[4096];
	struct stat st;
	int fd;

	if (path[0] == '\0' || path[0] == ':' || strncmp(path, "file:", 5) == 0)
		return;
	if (create && (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0)
		close(fd);	/* an empty file is an empty database */
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
		snprintf(side, sizeof side, "%s%s", path, sfx[i]);
		if (stat(side, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0)
			continue;
		if (chmod(side, st.st_mode & 0700) != 0)
			fprintf(stderr, "aicert: %s is readable by others and its mode "
			    "cannot be changed to 0600: %s\n", side, strerror(errno));
	}
}

static _Atomic int64_t clock_offset;

int64_t
store_clock_offset_ms(void)
{
	return atomic_load(&clock_offset);
}

void
store_on_cert_change(struct store *s, void (*fn)(void))
{
	atomic_store(&s->cert_hook, fn);
}

/* Something changed that this node keeps in memory: forget it. */
static void
heard(struct store *s, const char *what)
{
	void (*hook)(void) = atomic_load(&s->cert_hook);

	if (what == NULL || strcmp(what, "who") == 0)
		atomic_fetch_add(&s->who_gen, 1);
	if ((what == NULL || strcmp(what, "cert") == 0) && hook != NULL)
		hook();
}

/*
 * PostgreSQL: a thread with a connection of its own LISTENs on channel
 * aicert (pg_triggers) and forgets what other nodes changed; every
 * minute it reads the database's clock again. A broken connection is
 * revived and everything forgotten, as notices may have been missed.
 */
static void *
listener_main(void *arg)
{
	struct store *s = arg;
	char *err = NULL;
	struct db *d = conn_open(s, &err);
	time_t clock_read = 0;

	if (d == NULL) {
		fprintf(stderr, "aicert: no listener for other nodes' changes: %s\n", err);
		free(err);
		return NULL;
	}
	pg_exec(d, "LISTEN aicert");
	for (;;) {
		struct pollfd pfd = { PQsocket(d->pg), POLLIN, 0 };
		PGnotify *n;
		int stop;

		pthread_mutex_lock(&s->mu);
		stop = s->stop;
		pthread_mutex_unlock(&s->mu);
		if (stop)
			break;
		if (time(NULL) - clock_read >= 60) {
			clock_read = time(NULL);
			atomic_store(&clock_offset, pg_clock_offset(d));
		}
		if (poll(&pfd, 1, 500) < 0 && errno != EINTR)
			break;
		if (!PQconsumeInput(d->pg) || PQstatus(d->pg) == CONNECTION_BAD) {
			if (pg_revive(d, 5) == 0) {
				pg_exec(d, "LISTEN aicert");
				heard(s, NULL);
			} else
				sleep(1);
			continue;
		}
		while ((n = PQnotifies(d->pg)) != NULL) {
			heard(s, n->extra);
			PQfreemem(n);
		}
	}
	return NULL;
}

int
store_lead(struct store *s, enum store_role role)
{
	char sql[64];
	int held;

	if (!s->pg)
		return 1;
	pthread_mutex_lock(&s->lead_mu);
	if (s->ldb == NULL) {
		char *err = NULL;

		s->ldb = conn_open(s, &err);
		free(err);
	}
	if (s->ldb != NULL && PQstatus(s->ldb->pg) == CONNECTION_OK)
		(void)pg_exec(s->ldb, "SELECT 1");	/* finds a broken one */
	if (s->ldb != NULL && PQstatus(s->ldb->pg) == CONNECTION_BAD) {
		s->held = 0;	/* the locks went with the connection */
		if (pg_revive(s->ldb, 1) < 0) {
			pthread_mutex_unlock(&s->lead_mu);
			return 0;
		}
	}
	if (s->ldb != NULL && !(s->held & role)) {
		struct stmt *st;

		snprintf(sql, sizeof sql, "SELECT pg_try_advisory_lock(7366, %d)", (int)role);
		if ((st = db_prepare(s->ldb, sql)) != NULL) {
			if (db_step(st) == DB_ROW && db_col_int(st, 0) == 1)
				s->held |= role;
			db_finalize(st);
		}
	}
	held = (s->held & role) != 0;
	pthread_mutex_unlock(&s->lead_mu);
	return held;
}

struct store *
store_open(const char *path, char **err)
{
	struct store *s = calloc(1, sizeof *s);
	pthread_condattr_t ca;

	if (s == NULL)
		abort();
	*err = NULL;
	s->path = xstrdup(path);
	s->id = atomic_fetch_add(&next_store_id, 1);
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->lead_mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_key_create(&s->key, NULL);
	s->tail = &s->head;
	s->pg = pg_conninfo(path);
	if (!s->pg)
		private_files(path, 1);
	s->wdb = conn_open(s, err);
	if (s->wdb != NULL)
		s->wdb->writer = 1;
	if (s->wdb != NULL && !s->pg)
		private_files(path, 0);	/* and the -wal and -shm the open made */
	if (s->wdb == NULL || migrate(s->wdb, err) < 0) {
		store_close(s);
		return NULL;
	}
	if (!s->pg)
		sqlite3_update_hook(s->wdb->h, on_update, s);
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
		*err = xstrdup("cannot start the database writer");
		store_close(s);
		return NULL;
	}
	s->writer_started = 1;
	if (s->pg) {
		atomic_store(&clock_offset, pg_clock_offset(s->wdb));
		if (pthread_create(&s->listener, NULL, listener_main, s) == 0)
			s->listener_started = 1;
	}
	return s;
}

void
store_close(struct store *s)
{
	struct db *d, *next;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = 1;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->mu);
	if (s->writer_started)
		pthread_join(s->writer, NULL);
	if (s->listener_started)
		pthread_join(s->listener, NULL);
	/* Close readers first, the writer's connection last: the last close
	 * checkpoints the WAL into the database file. */
	for (d = s->conns; d != NULL; d = next) {
		next = d->next;
		if (d != s->wdb)
			conn_close(d);
	}
	if (s->wdb != NULL)
		conn_close(s->wdb);
	pthread_key_delete(s->key);
	pthread_mutex_destroy(&s->mu);
	pthread_mutex_destroy(&s->lead_mu);
	pthread_cond_destroy(&s->wake);
	free(s->path);
	free(s);
}

void
store_stopping(struct store *s)
{
	atomic_store(&s->stopping, 1);
}

int
store_is_pg(const char *path)
{
	return pg_conninfo(path);
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

int
store_schema_version(void)
{
	return (int)schema_count;
}

uint64_t
db_store_id(struct db *d)
{
	return d->owner->id;
}

void
db_who_changed(struct db *d)
{
	d->owner->who_dirty = 1;
}

uint64_t
store_who_generation(struct store *s)
{
	return atomic_load(&s->who_gen);
}

struct db *
store_db(struct store *s)
{
	struct db *d = pthread_getspecific(s->key);
	char *err = NULL;

	if (d != NULL)
		return d;
	d = conn_open(s, &err);
	if (d == NULL) {
		fprintf(stderr, "aicert: %s\n", err);
		free(err);
		abort();
	}
	/* A reader's page cache: every request thread and worker has one
	 * (twenty or more), and what they read is hot in the kernel's page
	 * cache anyway, so each keeps READER_CACHE_KB rather than SQLite's
	 * 2 MB; the writer keeps the default. */
	if (!s->pg)
		exec(d->h, "PRAGMA cache_size=-" READER_CACHE_KB ";");
	pthread_setspecific(s->key, d);
	return d;
}

sqlite3 *
db_handle(struct db *d)
{
	return d->h;
}

static struct stmt *
prepare(struct db *d, const char *sql, unsigned flags)
{
	struct stmt *st;

	if (d->pg)
		return pg_prepare(d, sql, flags != 0);
	if ((st = calloc(1, sizeof *st)) == NULL)
		return NULL;
	if (sqlite3_prepare_v3(d->h, sql, -1, flags, &st->lite, NULL) != SQLITE_OK) {
		fprintf(stderr, "aicert: sql prepare: %s: %s\n", sqlite3_errmsg(d->h), sql);
		sqlite3_finalize(st->lite);
		free(st);
		return NULL;
	}
	st->d = d;
	return st;
}

struct stmt *
db_prepare(struct db *d, const char *sql)
{
	return prepare(d, sql, 0);
}

void
db_finalize(struct stmt *st)
{
	if (st == NULL)
		return;
	if (st->lite == NULL) {
		pg_finalize(st);
		return;
	}
	sqlite3_finalize(st->lite);
	free(st);
}

int64_t
db_changes(struct db *d)
{
	return d->pg ? d->changes : sqlite3_changes64(d->h);
}

struct stmt *
db_stmt(struct db *d, const char *sql)
{
	size_t i;

	/* Every statement the code holds as a static string is kept, so the
	 * table grows with the code rather than refusing a new one. */
	if ((d->used + 1) * 4 > d->nslots * 3 && slots_grow(d) != 0) {
		fprintf(stderr, "aicert: out of memory for a statement\n");
		return NULL;
	}
	for (i = slot_of(sql, d->nslots);; i = (i + 1) % d->nslots) {
		struct stmt_slot *sl = &d->slot[i];

		if (sl->sql == sql) {
			if (sl->st->lite == NULL) {
				pg_reset(sl->st, 1);
				return sl->st;
			}
			sqlite3_reset(sl->st->lite);
			sqlite3_clear_bindings(sl->st->lite);
			return sl->st;
		}
		if (sl->sql == NULL) {
			if ((sl->st = prepare(d, sql, SQLITE_PREPARE_PERSISTENT)) == NULL)
				return NULL;
			sl->sql = sql;
			d->used++;
			return sl->st;
		}
	}
}

int
store_write(struct store *s, store_write_fn fn, void *ctx)
{
	struct job j = { fn, ctx, thread_actor, -1, 0, PTHREAD_COND_INITIALIZER, NULL, 0, NULL, NULL };

	pthread_mutex_lock(&s->mu);
	*s->tail = &j;
	s->tail = &j.next;
	s->waited++;
	pthread_cond_signal(&s->wake);
	while (!j.done)
		pthread_cond_wait(&j.cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
	pthread_cond_destroy(&j.cv);
	if (j.result < 0 && j.err != 0)
		thread_write_err = j.err;
	return j.result;
}

void
store_write_then(struct store *s, store_write_fn fn, void *ctx,
    void (*then)(void *ctx, int result, int err))
{
	struct job *j = calloc(1, sizeof *j);

	if (j == NULL) {
		then(ctx, -1, 0);
		return;
	}
	j->fn = fn;
	j->ctx = ctx;
	j->actor = thread_actor;
	j->result = -1;
	j->then = then;
	pthread_mutex_lock(&s->mu);
	*s->tail = j;
	s->tail = &j->next;
	s->waited++;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->mu);
}

void
store_set_write_error(int err)
{
	thread_write_err = err;
}

int
store_last_write_error(void)
{
	return thread_write_err;
}

void
store_clear_write_error(void)
{
	thread_write_err = 0;
}

int
store_error_unavailable(int code)
{
	switch (code & 0xff) {
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		return 1;
	default:
		return 0;
	}
}

int
store_error_full(int code)
{
	return (code & 0xff) == SQLITE_FULL;
}

int
store_write_health(struct store *s)
{
	int code;

	pthread_mutex_lock(&s->mu);
	code = s->health;
	pthread_mutex_unlock(&s->mu);
	return code;
}

const char *
store_read_problem(struct store *s)
{
	struct stmt *st = db_stmt(store_db(s), s->pg ? "SELECT 1" : "PRAGMA user_version");
	int rc;

	if (st == NULL)
		return "cannot read the database";
	if (s->pg) {
		rc = db_step(st);
		db_end(st);
		return rc == DB_ROW ? NULL : "cannot read the database";
	}
	rc = sqlite3_step(st->lite);
	sqlite3_reset(st->lite);
	return rc == SQLITE_ROW ? NULL : sqlite3_errstr(rc);
}

const char *
store_write_problem(struct store *s)
{
	int code = store_write_health(s);

	return code ? sqlite3_errstr(code) : NULL;
}

void
store_set_actor(int64_t user, const char *addr)
{
	thread_actor.user = user;
	snprintf(thread_actor.addr, sizeof thread_actor.addr, "%s", addr ? addr : "");
}

int64_t
db_actor(void)
{
	return thread_actor.user;
}

int
db_audit(struct db *d, const char *action, const char *detail)
{
	static const char sql[] =
	    "INSERT INTO audit(at, user_id, action, detail, addr) VALUES (?, ?, ?, ?, ?)";
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, (int64_t)time(NULL));
	if (thread_actor.user > 0)
		db_bind_int64(st, 2, thread_actor.user);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, detail);
	if (thread_actor.addr[0] != '\0')
		db_bind_text(st, 5, thread_actor.addr);
	return db_done(st);
}

void
store_write_async(struct store *s, store_write_fn fn, void *ctx, void (*release)(void *))
{
	struct job *j = calloc(1, sizeof *j);

	if (j == NULL) {
		release(ctx);	/* best effort by contract: dropped, never blocks */
		return;
	}
	j->fn = fn;
	j->ctx = ctx;
	j->actor = thread_actor;
	j->release = release;
	pthread_mutex_lock(&s->mu);
	if (s->head == NULL)	/* else the writer is busy or gathering */
		pthread_cond_signal(&s->wake);
	*s->tail = j;
	s->tail = &j->next;
	pthread_mutex_unlock(&s->mu);
}

int64_t
db_last_id(struct db *d)
{
	if (d->pg)	/* the identity column's sequence, as SQLite's rowid */
		return db_one_int(db_stmt(d, "SELECT lastval()"), 0);
	return sqlite3_last_insert_rowid(d->h);
}

char *
store_setting(struct store *s, const char *key)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	struct stmt *st = db_stmt_text(store_db(s), sql, key);
	char *v = db_row(st) ? xstrdup(db_col_text(st, 0)) : NULL;

	db_end(st);
	return v;
}

struct kv {
	const char *key, *value;
};

static int
set_setting(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO settings(key, value) VALUES (?, ?) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	struct kv *kv = ctx;
	struct stmt *st = db_stmt_text(d, sql, kv->key);

	if (st == NULL)
		return -1;
	db_bind_text(st, 2, kv->value);
	return db_done(st);
}

int
store_set_setting(struct store *s, const char *key, const char *value)
{
	struct kv kv = { key, value };

	return store_write(s, set_setting, &kv);
}

void
store_stats(struct store *s, uint64_t *writes, uint64_t *commits)
{
	pthread_mutex_lock(&s->mu);
	*writes = s->writes;
	*commits = s->commits;
	pthread_mutex_unlock(&s->mu);
}
