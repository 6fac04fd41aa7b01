/*
 * test_ops.c - what an operator relies on: `aicert backup` of a database
 * that is being written, GET /healthz, --trust-proxy, and writes the
 * database refuses (disk full, read-only, I/O error) answered with 503
 * while reads go on, then recovery when the cause is gone.
 *
 * Disk full is a real full disk: a 6 MiB tmpfs, when the tests run as
 * root and may mount (else skipped). Read-only and I/O errors cannot be
 * made under a live server (Linux refuses to remount a file system
 * read-only while a file on it is open for writing), so they are injected
 * in-process by a VFS shim under a store, through to reply_error.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"
#include "i18n.h"
#include "store.h"
#include "test.h"
#include "testsrv.h"

#define ITEMS 10

/* ---- small HTTP helpers ---- */

/* A request with a Bearer token (and optional extra header lines). */
static int
ops_req(int port, const char *tok, const char *method, const char *path,
    const char *extra, const char *body, struct resp *r)
{
	char h[512];

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n%s",
	    tok, extra ? extra : "");
	return http_req(port, method, path, h, body, body ? strlen(body) : 0, r);
}

/* Starts a new attempt of exam (201); its public id into id (size 64).
 * 0 or -1. */
static int
ops_start(int port, const char *tok, const char *exam, char *id)
{
	char path[128];
	struct resp r;
	json_t *v;
	int rc = -1;

	snprintf(path, sizeof path, "/api/v1/exams/%s/attempts", exam);
	if (ops_req(port, tok, "POST", path, NULL, "{\"lang\":\"en\"}", &r) != 0)
		return -1;
	if (r.status == 201 &&
	    (v = json_loads(r.body, 0, NULL)) != NULL) {
		const char *s = json_string_value(json_object_get(v, "id"));

		if (s != NULL) {
			snprintf(id, 64, "%s", s);
			rc = 0;
		}
		json_decref(v);
	}
	resp_free(&r);
	return rc;
}

/* One save of item (1-based) with seq; returns the status (-1: no answer). */
static int
ops_save(int port, const char *tok, const char *attempt, int item, long seq,
    struct resp *keep)
{
	char path[160], body[96];
	struct resp r;
	int status;

	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i%d", attempt, item);
	snprintf(body, sizeof body, "{\"response\":{},\"seq\":%ld}", seq);
	if (ops_req(port, tok, "PUT", path, NULL, body, &r) != 0)
		return -1;
	status = r.status;
	if (keep != NULL)
		*keep = r;
	else
		resp_free(&r);
	return status;
}

/* The exam every server here uses: ten auto-graded items of the bundled bank. */
static const char ops_exam[] =
    "{\"id\":\"ops\",\"title\":{\"en\":\"Ops\",\"zh-TW\":\"維運\"},\"duration_s\":3600,"
    "\"pass_percent\":70,\"languages\":[\"en\"],\"sections\":[{\"category\":"
    "\"ai-literacy\",\"count\":10}]}";

/* Admin signs in, creates the exam (201), a learner signs in and starts. */
static int
ops_setup(struct testsrv *t, char *admin, char *learner, char *attempt)
{
	char out[2048];
	struct resp r;
	int ok;

	testsrv_cli(t, "ops-learner-pw\n", out, sizeof out, "user", "add", "--login", "l1",
	    "--name", "Learner One", "--role", "learner", NULL);
	if (testsrv_signin(t, "admin", "ops-admin-pw", admin, 64) != 200 ||
	    testsrv_signin(t, "l1", "ops-learner-pw", learner, 64) != 200)
		return -1;
	if (ops_req(t->port, admin, "POST", "/api/v1/exams", NULL, ops_exam, &r) != 0)
		return -1;
	ok = r.status == 201;
	resp_free(&r);
	return ok ? ops_start(t->port, learner, "ops", attempt) : -1;
}

/* Per item (position 0..ITEMS-1) the seq stored in the database at path
 * for the attempt; -1 where nothing is stored. 0 or -1. */
static int
ops_stored(const char *path, const char *attempt, long *seq)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	for (int i = 0; i < ITEMS; i++)
		seq[i] = -1;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "SELECT r.position, r.seq FROM responses r JOIN attempts a "
	    "ON a.id = r.attempt_id WHERE a.public_id = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(h, 5000);
		sqlite3_bind_text(st, 1, attempt, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int pos = sqlite3_column_int(st, 0);

			if (pos >= 0 && pos < ITEMS)
				seq[pos] = sqlite3_column_int64(st, 1);
		}
		rc = 0;
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

/* PRAGMA integrity_check of the database at path says "ok". */
static int
ops_integrity_ok(const char *path)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	sqlite3_close(h);
	return ok;
}

/* The address the audit trail recorded for the latest row of action. */
static void
ops_audit_addr(const char *db, const char *action, const char *detail, char *out, size_t n)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;

	snprintf(out, n, "(none)");
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "SELECT addr FROM audit WHERE action = ? AND detail = ? "
	    "ORDER BY id DESC LIMIT 1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, detail, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
			snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
}

/* ---- backup while saves are being committed ---- */

struct saver {
	int port;
	const char *tok, *attempt;
	long seq;		/* next seq */
	volatile int stop;
	int ok, failed;
};

static void *
saver_main(void *arg)
{
	struct saver *sv = arg;

	while (!sv->stop) {
		int st = ops_save(sv->port, sv->tok, sv->attempt,
		    (int)(sv->seq % ITEMS) + 1, sv->seq, NULL);

		sv->seq++;
		if (st == 200)
			sv->ok++;
		else
			sv->failed++;
	}
	return NULL;
}

static void
ops_backup(struct testsrv *t, const char *learner, const char *attempt)
{
	char dest[256], key[256], out[4096];
	long acked[ITEMS], stored[ITEMS];
	struct saver sv = { t->port, learner, attempt, 1, 0, 0, 0 };
	pthread_t th;
	struct stat st;
	int rc, missing = 0;

	/* What is committed before the backup starts: 40 acknowledged saves. */
	for (int i = 0; i < ITEMS; i++)
		acked[i] = -1;
	for (; sv.seq <= 40; sv.seq++)
		if (ops_save(t->port, learner, attempt, (int)(sv.seq % ITEMS) + 1, sv.seq,
		    NULL) == 200)
			acked[sv.seq % ITEMS] = sv.seq;
	CHECK(acked[0] == 40 && acked[1] == 31, "saves before the backup are acknowledged");

	/* Saves keep coming while the backup runs. */
	pthread_create(&th, NULL, saver_main, &sv);
	usleep(50000);
	snprintf(dest, sizeof dest, "%s/backup.db", t->dir);
	rc = testsrv_cli(t, NULL, out, sizeof out, "backup", dest, NULL);
	usleep(50000);
	sv.stop = 1;
	pthread_join(th, NULL);
	CHECK(rc == 0 && strstr(out, "integrity_check ok") != NULL,
	    "aicert backup under load succeeds and says what it wrote (rc %d): %s", rc, out);
	CHECK(sv.ok > 0 && sv.failed == 0, "saves went on during the backup (%d ok, %d failed)",
	    sv.ok, sv.failed);
	CHECK(ops_integrity_ok(dest), "the backup passes PRAGMA integrity_check");
	CHECK(ops_stored(dest, attempt, stored) == 0, "the backup opens and has responses");
	for (int i = 0; i < ITEMS; i++)
		if (stored[i] < acked[i])
			missing++;
	CHECK(missing == 0, "every save committed before the backup is in it (%d missing)",
	    missing);
	{
		char wal[300];

		snprintf(wal, sizeof wal, "%s-wal", dest);
		CHECK(stat(wal, &st) != 0, "the backup is one file (no -wal beside it)");
	}

	/* Never overwrites by accident; --force --with-key replaces and adds the key. */
	rc = testsrv_cli(t, NULL, out, sizeof out, "backup", dest, NULL);
	CHECK(rc == 1 && strstr(out, "--force") != NULL,
	    "backup refuses to overwrite an existing file (rc %d): %s", rc, out);
	rc = testsrv_cli(t, NULL, out, sizeof out, "backup", "--force", "--with-key", dest, NULL);
	snprintf(key, sizeof key, "%s/backup.key", t->dir);
	CHECK(rc == 0 && stat(key, &st) == 0 && (st.st_mode & 0777) == 0600 &&
	    strstr(out, "backup.key") != NULL,
	    "backup --force --with-key writes the key beside it, mode 0600 (rc %d): %s", rc, out);
	CHECK(ops_integrity_ok(dest), "the replaced backup passes integrity_check");
}

/* ---- GET /healthz ---- */

static void
ops_healthz(int port, const char *want_status)
{
	struct resp r;
	char cc[64];
	json_t *v = NULL;

	if (http_req(port, "GET", "/healthz", NULL, NULL, 0, &r) != 0) {
		CHECK(0, "GET /healthz answers");
		return;
	}
	v = json_loads(r.body, 0, NULL);
	CHECK(r.status == 200, "GET /healthz is 200 (got %d)", r.status);
	CHECK_STR(json_string_value(json_object_get(v, "status")), want_status, "healthz status");
	CHECK_STR(json_string_value(json_object_get(v, "db")), "ok", "healthz db");
	CHECK(json_string_value(json_object_get(v, "version")) != NULL, "healthz has a version");
	CHECK(resp_header(&r, "Cache-Control", cc, sizeof cc) && strcmp(cc, "no-store") == 0,
	    "healthz is never cached");
	json_decref(v);
	resp_free(&r);
}

/* ---- --trust-proxy ---- */

/* Creates exam id through the API with an X-Forwarded-For header; returns
 * the address the audit trail recorded. */
static void
ops_exam_from(struct testsrv *t, const char *admin, const char *id, const char *xff,
    char *addr, size_t n)
{
	char body[512], hdr[128];
	struct resp r;

	snprintf(body, sizeof body, "{\"id\":\"%s\",\"title\":{\"en\":\"P\",\"zh-TW\":\"P\"},"
	    "\"duration_s\":600,\"pass_percent\":50,\"sections\":[{\"category\":"
	    "\"ai-literacy\",\"count\":2}]}", id);
	snprintf(hdr, sizeof hdr, "X-Forwarded-For: %s\r\n", xff);
	if (ops_req(t->port, admin, "POST", "/api/v1/exams", hdr, body, &r) == 0)
		resp_free(&r);
	ops_audit_addr(t->db, "exam.create", id, addr, n);
}

/* `serve --time-zone` with a zone it does not know: exit 2, the zones it
 * knows named. */
static void
ops_time_zone_refused(struct testsrv *t)
{
	char out[2048];
	int rc = testsrv_cli(t, NULL, out, sizeof out, "serve", "--listen", "127.0.0.1:1",
	    "--time-zone", "Mars/Olympus", NULL);

	CHECK(rc == 2 && strstr(out, "unknown time zone Mars/Olympus") &&
	    strstr(out, "Asia/Taipei"), "serve refuses a time zone it does not know (%d): %s",
	    rc, out);
}

/* Under --time-zone Asia/Tokyo the console shows times in Tokyo time and
 * reads the form's times back in it. */
static void
ops_time_zone(struct testsrv *t, const char *admin)
{
	static const char exam[] = "{\"id\":\"tz\",\"title\":{\"en\":\"T\",\"zh-TW\":\"T\"},"
	    "\"duration_s\":600,\"pass_percent\":50,\"available_from\":"
	    "\"2026-01-01T01:00:00Z\",\"sections\":[{\"category\":\"ai-literacy\","
	    "\"count\":2}]}";
	struct resp r;

	if (ops_req(t->port, admin, "POST", "/api/v1/exams", NULL, exam, &r) == 0)
		resp_free(&r);
	CHECK(ops_req(t->port, admin, "GET", "/console/exams/tz/edit", NULL, NULL, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "value=\"2026-01-01T10:00\"") &&
	    strstr(r.body, "(UTC+9)"), "the exam form shows 01:00Z as 10:00 Tokyo time (%d)",
	    r.status);
	resp_free(&r);
}

/* ---- read-only and I/O errors under a store: a VFS shim ---- */

static sqlite3_vfs *shim_real;
static sqlite3_vfs shim_vfs;
static sqlite3_io_methods shim_io;
static volatile int shim_fail;		/* xWrite answers this when set */

struct shim_file {
	sqlite3_file base;
	sqlite3_file *real;
};

#define REAL(f) (((struct shim_file *)(void *)(f))->real)

static int shim_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int shim_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{ return REAL(f)->pMethods->xRead(REAL(f), b, n, o); }
static int shim_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{ return shim_fail ? shim_fail : REAL(f)->pMethods->xWrite(REAL(f), b, n, o); }
static int shim_truncate(sqlite3_file *f, sqlite3_int64 s)
{ return REAL(f)->pMethods->xTruncate(REAL(f), s); }
static int shim_sync(sqlite3_file *f, int fl) { return REAL(f)->pMethods->xSync(REAL(f), fl); }
static int shim_size(sqlite3_file *f, sqlite3_int64 *s)
{ return REAL(f)->pMethods->xFileSize(REAL(f), s); }
static int shim_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int shim_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int shim_reserved(sqlite3_file *f, int *o)
{ return REAL(f)->pMethods->xCheckReservedLock(REAL(f), o); }
static int shim_fcntl(sqlite3_file *f, int op, void *a)
{ return REAL(f)->pMethods->xFileControl(REAL(f), op, a); }
static int shim_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int shim_devchar(sqlite3_file *f)
{ return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int shim_shmmap(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{ return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp); }
static int shim_shmlock(sqlite3_file *f, int o, int n, int fl)
{ return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
static void shim_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int shim_shmunmap(sqlite3_file *f, int del)
{ return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int shim_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp)
{ return REAL(f)->pMethods->xFetch(REAL(f), o, n, pp); }
static int shim_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{ return REAL(f)->pMethods->xUnfetch(REAL(f), o, p); }

static int
shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
	struct shim_file *f = (struct shim_file *)(void *)file;
	int rc;

	(void)vfs;
	f->real = (sqlite3_file *)(void *)(f + 1);
	rc = shim_real->xOpen(shim_real, name, f->real, flags, out);
	f->base.pMethods = f->real->pMethods ? &shim_io : NULL;
	return rc;
}

static void
shim_register(void)
{
	static const sqlite3_io_methods io = {
		3, shim_close, shim_read, shim_write, shim_truncate, shim_sync, shim_size,
		shim_lock, shim_unlock, shim_reserved, shim_fcntl, shim_sector, shim_devchar,
		shim_shmmap, shim_shmlock, shim_shmbarrier, shim_shmunmap, shim_fetch,
		shim_unfetch
	};

	shim_real = sqlite3_vfs_find(NULL);
	shim_io = io;
	shim_vfs = *shim_real;
	shim_vfs.zName = "ops-shim";
	shim_vfs.szOsFile = (int)sizeof(struct shim_file) + shim_real->szOsFile;
	shim_vfs.xOpen = shim_open;
	shim_vfs.pNext = NULL;
	sqlite3_vfs_register(&shim_vfs, 1);
}

/* reply_error for a 500 after the write: the status and the body. */
static int
ops_reply_after(char *body, size_t n, char *retry, size_t rn)
{
	struct app app;
	struct req r;
	int status;

	memset(&app, 0, sizeof app);
	memset(&r, 0, sizeof r);
	r.arena = arena_new();
	r.app = &app;
	r.api = 1;
	r.lang = "en";
	status = reply_error(&r, 500, "internal_error");
	snprintf(body, n, "%.*s", (int)r.out.len, r.out.data ? r.out.data : "");
	snprintf(retry, rn, "-");
	for (struct kv *h = r.out_headers; h != NULL; h = h->next)
		if (strcmp(h->key, "Retry-After") == 0)
			snprintf(retry, rn, "%s", h->value);
	buf_free(&r.out);
	arena_free(r.arena);
	return status;
}

static void
ops_injected(void)
{
	static const struct { int code; const char *name, *key; } cases[] = {
		{ SQLITE_READONLY, "read-only", "db_unwritable" },
		{ SQLITE_IOERR_WRITE, "I/O error", "db_unwritable" },
		{ SQLITE_FULL, "disk full", "disk_full" },
	};
	char dir[] = "/tmp/aicert-ops-XXXXXX", path[128], body[512], retry[16];
	struct store *s;
	char *err = NULL, *v;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof path, "%s/shim.db", dir);
	shim_register();
	s = store_open(path, &err);
	CHECK(s != NULL, "a store opens under the VFS shim: %s", err ? err : "");
	free(err);
	if (s == NULL)
		goto done;
	CHECK(store_set_setting(s, "probe", "before") == 0, "a write succeeds");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		store_clear_write_error();
		shim_fail = cases[i].code;
		CHECK(store_set_setting(s, "probe", cases[i].name) != 0,
		    "%s: the write reports failure", cases[i].name);
		shim_fail = 0;
		CHECK((store_last_write_error() & 0xff) == (cases[i].code & 0xff),
		    "%s: store_last_write_error says why (got %d)", cases[i].name,
		    store_last_write_error());
		CHECK(store_write_health(s) != 0, "%s: the store reports writes failing",
		    cases[i].name);
		CHECK(ops_reply_after(body, sizeof body, retry, sizeof retry) == 503 &&
		    strstr(body, i18n_get("en", cases[i].key)) != NULL && strcmp(retry, "60") == 0,
		    "%s: a 500 after it becomes 503 with Retry-After (%s, %s)", cases[i].name,
		    retry, body);
		v = store_setting(s, "probe");
		CHECK(v != NULL && strcmp(v, "before") == 0,
		    "%s: the failed write left the data as it was (%s)", cases[i].name,
		    v ? v : "null");
		free(v);
	}
	store_clear_write_error();
	CHECK(ops_reply_after(body, sizeof body, retry, sizeof retry) == 500,
	    "an ordinary failure stays 500");
	CHECK(store_set_setting(s, "probe", "after") == 0 && store_write_health(s) == 0,
	    "writes recover once the cause is gone");
	v = store_setting(s, "probe");
	CHECK(v != NULL && strcmp(v, "after") == 0, "the recovered write is readable");
	free(v);
	store_close(s);
	CHECK(ops_integrity_ok(path), "the database is intact after the injected errors");
done:
	sqlite3_vfs_unregister(&shim_vfs);
	snprintf(body, sizeof body, "rm -rf %s", dir);
	if (system(body) != 0)
		perror("rm");
}

/* ---- a real full disk (root: a small tmpfs) ---- */

/* Fills the file system holding dir; returns the filler's path. */
static void
ops_fill(const char *dir, char *filler, size_t n)
{
	static char block[65536];
	int fd;

	snprintf(filler, n, "%s/filler", dir);
	fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	memset(block, 'x', sizeof block);
	while (write(fd, block, sizeof block) > 0)
		;
	while (write(fd, block, 512) > 0)	/* the last scraps */
		;
	close(fd);
}

static void
ops_disk_full(void)
{
	struct testsrv t;
	char mnt[96], filler[192], admin[64], learner[64], attempt[64], retry[16], cmd[256];
	long acked[ITEMS], stored[ITEMS], seq = 1;
	int n503 = 0, n500 = 0, nother = 0, missing = 0, st;
	struct resp r;

	if (geteuid() != 0) {
		SKIP("disk-full test needs root to mount a small tmpfs");
		return;
	}
	testsrv_init(&t);
	snprintf(mnt, sizeof mnt, "%s/mnt", t.dir);
	mkdir(mnt, 0700);
	if (mount("tmpfs", mnt, "tmpfs", 0, "size=6m") != 0) {
		SKIP("disk-full test: cannot mount a tmpfs (%s)", strerror(errno));
		rmdir(mnt);
		return;
	}
	snprintf(t.db, sizeof t.db, "%s/aicert.db", mnt);
	if (testsrv_start(&t, NULL) != 0 || ops_setup(&t, admin, learner, attempt) != 0) {
		CHECK(0, "a server on the tmpfs starts and an attempt begins");
		goto done;
	}
	for (int i = 0; i < ITEMS; i++)
		acked[i] = -1;
	for (; seq <= 10; seq++)
		if (ops_save(t.port, learner, attempt, (int)(seq % ITEMS) + 1, seq, NULL) == 200)
			acked[seq % ITEMS] = seq;
	ops_fill(mnt, filler, sizeof filler);

	/* Saves now: each either committed (200) or refused with 503. */
	for (int i = 0; i < 40 && n503 < 3; i++, seq++) {
		st = ops_save(t.port, learner, attempt, (int)(seq % ITEMS) + 1, seq, &r);
		if (st == 200)
			acked[seq % ITEMS] = seq;
		else if (st == 503) {
			if (n503++ == 0) {
				CHECK(strstr(r.body, "disk is full") != NULL &&
				    resp_header(&r, "Retry-After", retry, sizeof retry) != NULL,
				    "a save on a full disk says so, with Retry-After: %s", r.body);
			}
		} else if (st == 500)
			n500++;
		else
			nother++;
		if (st >= 0)
			resp_free(&r);
	}
	CHECK(n503 > 0 && n500 == 0 && nother == 0,
	    "saves on a full disk get 503, never 500 (%d × 503, %d × 500, %d other)",
	    n503, n500, nother);
	/* An import while full: refused the same way, nothing half-written. */
	{
		static const char gift[] = "$CATEGORY: full\n\n::F1:: Is the disk full? {T}\n";
		char h[256];

		snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: text/plain\r\n",
		    admin);
		if (http_req(t.port, "POST", "/api/v1/banks?bank=fullbank&filename=f.gift", h,
		    gift, sizeof gift - 1, &r) == 0) {
			CHECK(r.status == 503, "a bank import on a full disk gets 503 (got %d: %s)",
			    r.status, r.body);
			resp_free(&r);
		}
	}
	/* Reads go on. */
	{
		char path[128];

		snprintf(path, sizeof path, "/api/v1/attempts/%s", attempt);
		CHECK(ops_req(t.port, learner, "GET", path, NULL, NULL, &r) == 0 &&
		    r.status == 200, "the attempt still reads while the disk is full (%d)",
		    r.status);
		resp_free(&r);
	}
	ops_healthz(t.port, "degraded");

	/* Space returns: writes succeed again. */
	unlink(filler);
	st = 0;
	for (int i = 0; i < 5 && st != 200; i++, seq++) {
		st = ops_save(t.port, learner, attempt, (int)(seq % ITEMS) + 1, seq, NULL);
		if (st == 200)
			acked[seq % ITEMS] = seq;
	}
	CHECK(st == 200, "saves succeed again once space returns (got %d)", st);
	ops_healthz(t.port, "ok");
	CHECK(testsrv_stop(&t, SIGTERM, NULL) == 0, "the server stops cleanly");
	t.pid = 0;
	CHECK(ops_integrity_ok(t.db), "the database is intact after the full disk");
	ops_stored(t.db, attempt, stored);
	for (int i = 0; i < ITEMS; i++)
		if (stored[i] < acked[i])
			missing++;
	CHECK(missing == 0, "every acknowledged save survived the full disk (%d missing)",
	    missing);
	{
		sqlite3 *h = NULL;
		sqlite3_stmt *q = NULL;
		int banks = -1;

		if (sqlite3_open_v2(t.db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		    sqlite3_prepare_v2(h, "SELECT count(*) FROM banks WHERE name = 'fullbank'",
		    -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
			banks = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		sqlite3_close(h);
		CHECK(banks == 0, "the refused import left nothing behind (%d)", banks);
	}
done:
	if (t.pid > 0)
		testsrv_stop(&t, SIGTERM, NULL);
	umount2(mnt, MNT_DETACH);
	snprintf(cmd, sizeof cmd, "rm -rf %s", t.dir);
	if (system(cmd) != 0)
		perror("rm");
}

void
test_ops(void)
{
	struct testsrv t;
	char admin[64], learner[64], attempt[64], addr[64], cmd[256];

	ops_injected();

	setenv("AICERT_ADMIN_PASSWORD", "ops-admin-pw", 1);
	testsrv_init(&t);
	if (testsrv_start(&t, NULL) != 0 || ops_setup(&t, admin, learner, attempt) != 0) {
		CHECK(0, "a server starts, an exam is created and an attempt begins");
		if (t.pid > 0)
			testsrv_stop(&t, SIGTERM, NULL);
		return;
	}
	ops_healthz(t.port, "ok");
	ops_backup(&t, learner, attempt);

	/* Without --trust-proxy a forwarded address is ignored. */
	ops_exam_from(&t, admin, "px1", "203.0.113.9, 198.51.100.7", addr, sizeof addr);
	CHECK_STR(addr, "127.0.0.1", "X-Forwarded-For ignored without --trust-proxy");
	testsrv_stop(&t, SIGTERM, NULL);
	ops_time_zone_refused(&t);
	if (testsrv_start(&t, "--trust-proxy", "--time-zone", "Asia/Tokyo", NULL) != 0 ||
	    testsrv_signin(&t, "admin", "ops-admin-pw", admin, 64) != 200) {
		CHECK(0, "the server restarts with --trust-proxy --time-zone Asia/Tokyo");
	} else {
		ops_exam_from(&t, admin, "px2", "203.0.113.9, 198.51.100.7", addr, sizeof addr);
		CHECK_STR(addr, "198.51.100.7",
		    "--trust-proxy takes the last X-Forwarded-For entry");
		ops_exam_from(&t, admin, "px3", "203.0.113.9, not-an-address", addr, sizeof addr);
		CHECK_STR(addr, "127.0.0.1", "--trust-proxy ignores an entry that is no address");
		ops_time_zone(&t, admin);
		testsrv_stop(&t, SIGTERM, NULL);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", t.dir);
	if (system(cmd) != 0)
		perror("rm");

	ops_disk_full();
	unsetenv("AICERT_ADMIN_PASSWORD");
}
