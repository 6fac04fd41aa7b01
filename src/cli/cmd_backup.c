/*
 * cmd_backup.c - `aicert backup [--force] [--with-key] DEST`: a consistent
 * copy of the live database through SQLite's online backup API, safe
 * while the server runs and writes.
 *
 * The copy is one snapshot (a single backup step under one read
 * transaction: in WAL mode the server's writer is never blocked). It is
 * written to DEST.tmp-PID, switched to a self-contained rollback-journal
 * file, checked with PRAGMA integrity_check, made durable, and only then
 * renamed to DEST, so DEST is either absent or a complete, checked copy.
 * DEST is mode 0600, as the database is. With --with-key the signing key
 * is copied beside it (mode 0600).
 * Depends on sqlite3 and keys.c (where the key lives).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "keys.h"

/* fsyncs path (a file or a directory). 0 or -1. */
static int
sync_path(const char *path)
{
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Makes the rename of a file inside dir(path) durable. */
static void
sync_dir_of(const char *path)
{
	char *copy = strdup(path);

	if (copy != NULL)
		sync_path(dirname(copy));
	free(copy);
}

/* Copies the live database at src_path into the new file tmp: one
 * backup step, so the copy is one snapshot. 0, or -1 after a message. */
static int
backup_copy(const char *src_path, const char *tmp, int *pages)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	int rc = -1, step, fd;

	if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "aicert: cannot open %s: %s\n", src_path,
		    src ? sqlite3_errmsg(src) : "out of memory");
		goto done;
	}
	/* Only read: no checkpoint when this connection closes. */
	sqlite3_db_config(src, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_busy_timeout(src, 10000);
	/* The copy holds what the database does (password hashes, the CSRF
	 * secret): the owner's alone, like the database, from its first byte.
	 * SQLite gives its journal the same mode. */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		fprintf(stderr, "aicert: cannot create %s: %s\n", tmp, strerror(errno));
		goto done;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "aicert: cannot create %s: %s\n", tmp,
		    dst ? sqlite3_errmsg(dst) : "out of memory");
		goto done;
	}
	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		fprintf(stderr, "aicert: backup: %s\n", sqlite3_errmsg(dst));
		goto done;
	}
	for (int tries = 0; tries < 100; tries++) {
		step = sqlite3_backup_step(b, -1);
		if (step != SQLITE_BUSY && step != SQLITE_LOCKED)
			break;
		usleep(100000);
	}
	*pages = sqlite3_backup_pagecount(b);
	if (sqlite3_backup_finish(b) != SQLITE_OK || step != SQLITE_DONE) {
		fprintf(stderr, "aicert: backup of %s failed: %s\n", src_path,
		    sqlite3_errmsg(dst));
		goto done;
	}
	/* A single self-contained file: no -wal beside it to forget. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE;", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "aicert: %s: %s\n", tmp, sqlite3_errmsg(dst));
		goto done;
	}
	rc = 0;
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

/* PRAGMA integrity_check on the file at path: 0 when it says "ok", else
 * -1 after printing what it found (up to 10 lines). */
static int
backup_check(const char *path)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1, lines = 0;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "PRAGMA integrity_check(10)", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "aicert: cannot check %s: %s\n", path,
		    h ? sqlite3_errmsg(h) : "out of memory");
		goto done;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (lines++ == 0 && line != NULL && strcmp(line, "ok") == 0)
			rc = 0;
		else {
			rc = -1;
			fprintf(stderr, "aicert: integrity_check: %s\n", line ? line : "?");
		}
	}
done:
	sqlite3_finalize(st);
	sqlite3_close(h);
	return lines > 0 ? rc : -1;
}

/* Copies the signing key at from to to with mode 0600. 0 or -1. */
static int
copy_key(const char *from, const char *to, int force)
{
	char buf[4096];
	ssize_t n;
	int in = open(from, O_RDONLY), out, rc = 0;

	if (in < 0) {
		fprintf(stderr, "aicert: cannot read the signing key %s: %s\n", from,
		    strerror(errno));
		return -1;
	}
	if (force)
		unlink(to);
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0) {
		fprintf(stderr, "aicert: cannot create %s: %s%s\n", to, strerror(errno),
		    errno == EEXIST ? " (use --force to replace it)" : "");
		close(in);
		return -1;
	}
	while (rc == 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			rc = -1;
	if (fchmod(out, 0600) != 0 || fsync(out) != 0)
		rc = -1;
	close(in);
	if (close(out) != 0 || rc != 0) {
		fprintf(stderr, "aicert: cannot write %s\n", to);
		unlink(to);
		return -1;
	}
	return 0;
}

int
cmd_backup(struct cli *c)
{
	const char *dest = cli_pos(c, 0);
	int force = cli_flag(c, "--force"), with_key = cli_flag(c, "--with-key");
	char *tmp = NULL, *key_from = NULL, *key_to = NULL;
	struct stat st;
	int pages = 0, rc = 1;

	if (dest == NULL)
		return cli_usage(c);
	if (store_is_pg(c->db)) {
		fputs("aicert: backup copies a SQLite store; back up a PostgreSQL store "
		    "with pg_basebackup and WAL archiving (docs/scale-out.md)\n", stderr);
		return 2;
	}
	if (stat(c->db, &st) != 0) {
		fprintf(stderr, "aicert: no database at %s\n", c->db);
		return 1;
	}
	if (!force && lstat(dest, &st) == 0) {
		fprintf(stderr, "aicert: %s exists (use --force to replace it)\n", dest);
		return 1;
	}
	if (asprintf(&tmp, "%s.tmp-%ld", dest, (long)getpid()) < 0)
		return 1;
	unlink(tmp);
	if (backup_copy(c->db, tmp, &pages) != 0)
		goto done;
	if (backup_check(tmp) != 0) {
		fprintf(stderr, "aicert: the copy failed its integrity check; %s kept "
		    "for inspection, %s not written\n", tmp, dest);
		free(tmp);
		tmp = NULL;	/* keep it */
		goto done;
	}
	if (force) {
		/* A -wal left beside an old DEST would be replayed into the
		 * new copy when it is opened: remove what belonged to it. */
		static const char *const sfx[] = { "-wal", "-shm", "-journal" };
		char side[4096];

		for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++) {
			snprintf(side, sizeof side, "%s%s", dest, sfx[i]);
			unlink(side);
		}
	}
	if (sync_path(tmp) != 0 || rename(tmp, dest) != 0) {
		fprintf(stderr, "aicert: cannot write %s: %s\n", dest, strerror(errno));
		goto done;
	}
	sync_dir_of(dest);
	if (stat(dest, &st) == 0)
		printf("aicert: backed up %s to %s (%d pages, %lld bytes), "
		    "integrity_check ok\n", c->db, dest, pages, (long long)st.st_size);
	if (with_key) {
		key_from = keys_path(c->db);
		key_to = keys_path(dest);
		if (copy_key(key_from, key_to, force) != 0)
			goto done;
		sync_dir_of(key_to);
		printf("aicert: copied the signing key %s to %s (mode 0600); keep it "
		    "apart from the database backups\n", key_from, key_to);
	}
	rc = 0;
done:
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(key_from);
	free(key_to);
	return rc;
}
