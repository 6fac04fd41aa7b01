/*
 * erase.c - erasing a person; see erase.h. One write on the writer thread
 * does it all (each step a bound statement; the tables other parts add
 * are walked from a list, each only if it exists), then a thread of its
 * own cleans the file. Depends on the store and libsodium (the opaque
 * login).
 */
#include "erase.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "cert.h"
#include "cert_int.h"

/* Tables of personal data that other modules add: consents, mail, name
 * corrections, password resets. Each row naming the person by user_id
 * goes; mail also by its address (erase_mail_columns). */
const char *const erase_extra_tables[] = {
	"consents", "mail_outbox", "name_requests", "password_resets", NULL
};
/* Columns of mail_outbox that hold the recipient's address. */
static const char *const erase_mail_columns[] = { "to", NULL };

struct erase {
	int64_t id;
	char login[32];
	const char *err;
	struct arena *a;
};

/* Runs sql (built from names in this file's lists only, never from a
 * request) with ?1 bound to id and ?2 to text (may be NULL). 0 or -1. */
static int
run_dynamic(struct db *d, struct buf *sql, int64_t id, const char *text)
{
	struct stmt *st = sql->data != NULL ? db_prepare(d, sql->data) : NULL;
	int rc = -1;

	if (st != NULL) {
		db_bind_int64(st, 1, id);
		if (text != NULL)
			db_bind_text(st, 2, text);
		rc = db_step(st) == DB_DONE ? 0 : -1;
	}
	db_finalize(st);
	buf_free(sql);
	return rc;
}

/* The rows of other modules' tables about the person. */
static int
erase_extra(struct db *d, int64_t id, const char *email)
{
	for (size_t i = 0; erase_extra_tables[i] != NULL; i++) {
		const char *t = erase_extra_tables[i];

		if (!db_has_column(d, t, NULL))
			continue;
		if (db_has_column(d, t, "user_id")) {
			struct buf sql = BUF_INIT;

			buf_printf(&sql, "DELETE FROM \"%s\" WHERE user_id = ?1", t);
			if (run_dynamic(d, &sql, id, NULL) != 0)
				return -1;
		}
		for (size_t j = 0; email != NULL && *email && erase_mail_columns[j]; j++) {
			struct buf sql = BUF_INIT;

			if (!db_has_column(d, t, erase_mail_columns[j]))
				continue;
			buf_printf(&sql, "DELETE FROM \"%s\" WHERE \"%s\" = ?2 COLLATE NOCASE",
			    t, erase_mail_columns[j]);
			if (run_dynamic(d, &sql, id, email) != 0)
				return -1;
		}
	}
	return 0;
}

/* Every step, in the order a reader would check them. */
static const char *const steps[] = {
	/* sessions and access codes: no way in any more */
	"DELETE FROM sessions WHERE user_id = ?1",
	"DELETE FROM access_codes WHERE user_id = ?1",
	/* the ID document seen at check-in */
	"UPDATE sitting_members SET id_type = NULL, id_last4 = NULL WHERE user_id = ?1",
	/* free-text answers (short answers, essays, cloze gaps); choices
	 * and every score stay for the item statistics */
	"DELETE FROM responses WHERE attempt_id IN (SELECT id FROM attempts WHERE user_id = ?1) "
	"AND EXISTS (SELECT 1 FROM attempt_items ai JOIN item_versions iv "
	"ON iv.id = ai.item_version_id WHERE ai.attempt_id = responses.attempt_id "
	"AND ai.position = responses.position "
	"AND iv.type IN ('shortanswer', 'essay', 'cloze'))",
	/* what the browser reported and what proctors noted about them */
	"DELETE FROM integrity_events WHERE attempt_id IN "
	"(SELECT id FROM attempts WHERE user_id = ?1)",
	"UPDATE attempt_incidents SET note = NULL WHERE attempt_id IN "
	"(SELECT id FROM attempts WHERE user_id = ?1)",
	"UPDATE attempts SET regrade_note = NULL, cert_error = NULL WHERE user_id = ?1",
	/* who checked their certificates, and from where */
	"DELETE FROM verifications WHERE serial IN "
	"(SELECT serial FROM certificates WHERE user_id = ?1)",
	/* the certificates: withdrawn, no name, no PDF */
	"UPDATE certificates SET revoked_at = coalesce(revoked_at, ?2), "
	"revoke_reason = ?3, superseded_by = NULL, holder = '', "
	"holder_alt = NULL, pdf = NULL WHERE user_id = ?1",
	/* where their own actions came from */
	"UPDATE audit SET addr = NULL WHERE user_id = ?1",
};

static int
erase_fn(struct db *d, void *ctx)
{
	static const char who[] =
	    "SELECT login, name, coalesce(name_alt, ''), role FROM users "
	    "WHERE id = ? AND login NOT LIKE '" ERASE_LOGIN_PREFIX "%'";
	static const char scrub[] =
	    "UPDATE audit SET detail = replace(detail, ?1, ?2) WHERE instr(detail, ?1) > 0";
	static const char user[] =
	    "UPDATE users SET login = ?2, name = '', name_alt = NULL, password = '!', "
	    "disabled = 1, lang = NULL, time_multiplier = 1.0 WHERE id = ?1";
	struct erase *e = ctx;
	struct stmt *st = db_stmt_int(d, who, e->id);
	char *login, *name, *alt, *role, *email = NULL;
	unsigned char rnd[12];
	const char *olds[4];

	if (!db_row(st)) {
		db_end(st);
		e->err = "user_not_found";
		return -1;
	}
	login = db_text(e->a, st, 0);
	name = db_text(e->a, st, 1);
	alt = db_text(e->a, st, 2);
	role = db_text(e->a, st, 3);
	db_end(st);
	if (strcmp(role, "learner") != 0) {
		e->err = "erase_staff";
		return -1;
	}
	if (db_has_column(d, "users", "email")) {
		static const char sql[] = "SELECT email FROM users WHERE id = ?";
		struct buf clear = BUF_INIT;

		email = db_one_text(e->a, db_stmt_int(d, sql, e->id));
		buf_str(&clear, "UPDATE users SET email = NULL WHERE id = ?1");
		if (run_dynamic(d, &clear, e->id, NULL) != 0)
			goto fail;
	}
	randombytes_buf(rnd, sizeof rnd);
	memcpy(e->login, ERASE_LOGIN_PREFIX, sizeof ERASE_LOGIN_PREFIX - 1);
	sodium_bin2hex(e->login + sizeof ERASE_LOGIN_PREFIX - 1,
	    sizeof e->login - (sizeof ERASE_LOGIN_PREFIX - 1), rnd, sizeof rnd);
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		if ((st = db_stmt_int(d, steps[i], e->id)) == NULL)
			goto fail;
		if (strstr(steps[i], "?2") != NULL)
			db_bind_int64(st, 2, (int64_t)time(NULL));
		if (strstr(steps[i], "?3") != NULL)
			db_bind_text(st, 3, ERASE_CERT_REASON);
		if (db_done(st) != 0)
			goto fail;
	}
	if (erase_extra(d, e->id, email) != 0)
		goto fail;
	/* The trail's earlier rows about them: their login becomes the
	 * opaque one, their names and address a mark (strings of one byte
	 * would mangle other rows, and name no one). */
	olds[0] = login;
	olds[1] = name;
	olds[2] = alt;
	olds[3] = email;
	for (size_t i = 0; i < 4; i++) {
		if (olds[i] == NULL || strlen(olds[i]) < 2 || (st = db_stmt_text(d, scrub,
		    olds[i])) == NULL)
			continue;
		db_bind_text(st, 2, i == 0 ? e->login : "[erased]");
		if (db_done(st) != 0)
			goto fail;
	}
	if ((st = db_stmt_int(d, user, e->id)) == NULL)
		goto fail;
	db_bind_text(st, 2, e->login);
	if (db_done(st) != 0 || db_audit(d, "user.erase", e->login) != 0)
		goto fail;
	db_who_changed(d);
	return 0;
fail:
	e->err = "internal_error";
	return -1;
}

int
erase_find(struct store *s, const char *login, int64_t *id)
{
	static const char sql[] = "SELECT id FROM users WHERE login = ? "
	    "AND login NOT LIKE '" ERASE_LOGIN_PREFIX "%'";

	*id = db_one_int(db_stmt_text(store_db(s), sql, login), 0);
	return *id > 0;
}

int
erase_account(struct store *s, int64_t id, char newlogin[32], const char **err)
{
	struct erase e = { .id = id, .a = arena_new() };
	int rc;

	rc = store_write(s, erase_fn, &e);
	arena_free(e.a);
	if (rc != 0) {
		*err = e.err ? e.err : "internal_error";
		return -1;
	}
	cert_changed();
	memcpy(newlogin, e.login, 32);
	erase_vacuum(s);
	return 0;
}

/* ---- cleaning the file ---- */

static pthread_mutex_t vac_mu = PTHREAD_MUTEX_INITIALIZER;
static int vac_running, vac_again;
static unsigned vac_runs;

static void *
vacuum_main(void *arg)
{
	char *path = arg;

	pthread_mutex_lock(&vac_mu);
	do {
		sqlite3 *h = NULL;

		vac_again = 0;
		pthread_mutex_unlock(&vac_mu);
		if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
			char *msg = NULL;

			sqlite3_busy_timeout(h, 30000);
			if (sqlite3_exec(h, "PRAGMA secure_delete=ON;"
			    "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"
			    "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, &msg) != SQLITE_OK)
				fprintf(stderr, "aicert: cleaning the database after an erasure: %s\n",
				    msg ? msg : "failed");
			sqlite3_free(msg);
		}
		sqlite3_close(h);
		pthread_mutex_lock(&vac_mu);
		vac_runs++;
	} while (vac_again);
	vac_running = 0;
	pthread_mutex_unlock(&vac_mu);
	free(path);
	return NULL;
}

void
erase_vacuum(struct store *s)
{
	pthread_t t;
	char *path;

	pthread_mutex_lock(&vac_mu);
	if (vac_running) {
		vac_again = 1;
		pthread_mutex_unlock(&vac_mu);
		return;
	}
	if ((path = strdup(store_path(s))) != NULL &&
	    pthread_create(&t, NULL, vacuum_main, path) == 0) {
		vac_running = 1;
		pthread_detach(t);
	} else
		free(path);
	pthread_mutex_unlock(&vac_mu);
}

unsigned
erase_vacuum_runs(void)
{
	unsigned n;

	pthread_mutex_lock(&vac_mu);
	n = vac_runs;
	pthread_mutex_unlock(&vac_mu);
	return n;
}
