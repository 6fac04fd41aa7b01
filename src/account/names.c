/*
 * names.c - name-correction requests and corrections; see names.h.
 *
 * The correction is one write (names, the request closed, the audit
 * row); the certificates are re-issued after it, each in its own write as
 * cert_reissue does for a trainer's re-issue, so a certificate issued
 * meanwhile already carries the new name.
 */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "owner.h"
#include "utf8.h"

/* NULL if note (may be NULL) fits a request, else its message key. */
static const char *
note_problem(const char *note)
{
	size_t n = note ? strlen(note) : 0;

	if (n > NAMES_NOTE_MAX || (n > 0 && !utf8_valid(note, n)))
		return "name_note_invalid";
	return NULL;
}

struct request {
	int64_t user;
	const char *name, *alt, *note;
	const char *err;
};

static int
request_fn(struct db *d, void *ctx)
{
	static const char open[] =
	    "SELECT 1 FROM name_requests WHERE user_id = ? AND closed_at IS NULL";
	static const char same[] =
	    "SELECT login FROM users WHERE id = ?1 AND name = ?2 AND coalesce(name_alt, '') = ?3";
	static const char ins[] =
	    "INSERT INTO name_requests(user_id, name, name_alt, note, created_at) "
	    "VALUES (?, ?, ?, ?, ?)";
	static const char login[] = "SELECT login FROM users WHERE id = ?";
	struct request *rq = ctx;
	struct stmt *st;
	char who[80];

	rq->err = "internal_error";
	if ((st = db_stmt_int(d, open, rq->user)) == NULL)
		return -1;
	if (db_exists(st)) {
		rq->err = "name_request_open";
		return -1;
	}
	if ((st = db_stmt_int(d, same, rq->user)) == NULL)
		return -1;
	db_bind_text(st, 2, rq->name);
	db_bind_text(st, 3, rq->alt ? rq->alt : "");
	if (db_exists(st)) {
		rq->err = "name_request_same";
		return -1;
	}
	if ((st = db_stmt_int(d, ins, rq->user)) == NULL)
		return -1;
	db_bind_text(st, 2, rq->name);
	if (rq->alt != NULL && *rq->alt)
		db_bind_text(st, 3, rq->alt);
	if (rq->note != NULL && *rq->note)
		db_bind_text(st, 4, rq->note);
	db_bind_int64(st, 5, (int64_t)time(NULL));
	if (db_done(st) != 0)
		return -1;
	st = db_stmt_int(d, login, rq->user);
	who[0] = '\0';
	if (db_row(st))
		snprintf(who, sizeof who, "%s", db_col_text(st, 0));
	db_end(st);
	if (db_audit(d, "user.name_request", who) != 0)
		return -1;
	rq->err = NULL;
	return 0;
}

int
names_request(struct store *s, int64_t user, const char *name, const char *alt,
    const char *note, const char **err)
{
	struct request rq = { user, name, alt, note, NULL };

	if (name == NULL || account_check_name(name) != NULL) {
		*err = "name_invalid";
		return -1;
	}
	if (alt != NULL && *alt && account_check_name(alt) != NULL) {
		*err = "name_alt_invalid";
		return -1;
	}
	if ((*err = note_problem(note)) != NULL)
		return -1;
	if (store_write(s, request_fn, &rq) != 0) {
		*err = rq.err ? rq.err : "internal_error";
		return -1;
	}
	return 0;
}

json_t *
names_request_open(struct store *s, int64_t user)
{
	static const char sql[] =
	    "SELECT name AS name, coalesce(name_alt, '') AS name_alt, coalesce(note, '') AS note, "
	    "created_at AS created_at FROM name_requests WHERE user_id = ? AND closed_at IS NULL";

	struct stmt *st = db_stmt_int(store_db(s), sql, user);
	json_t *out = NULL;

	if (db_row(st))
		out = db_json_row(st);
	db_end(st);
	return out;
}

json_t *
names_requests(struct store *s, const struct user *by)
{
	static const char sql[] =
	    "SELECT u.id, u.login, u.name, coalesce(u.name_alt, ''), r.name, "
	    "coalesce(r.name_alt, ''), coalesce(r.note, ''), r.created_at "
	    "FROM name_requests r JOIN users u ON u.id = r.user_id "
	    "WHERE r.closed_at IS NULL ORDER BY r.created_at, r.id";
	struct stmt *st = db_stmt(store_db(s), sql);
	json_t *out = json_array();
	int64_t *ids = NULL;
	json_t **rows = NULL;
	size_t n = 0;

	/* Read first, then ask who manages each: one statement at a time. */
	while (db_row(st)) {
		int64_t *ni = realloc(ids, (n + 1) * sizeof *ids);
		json_t **nr = ni ? realloc(rows, (n + 1) * sizeof *rows) : NULL;

		if (ni != NULL)
			ids = ni;
		if (nr == NULL)
			break;
		rows = nr;
		ids[n] = db_col_int64(st, 0);
		rows[n++] = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
		    "login", db_col_text(st, 1),
		    "name", db_col_text(st, 2),
		    "name_alt", db_col_text(st, 3),
		    "requested_name", db_col_text(st, 4),
		    "requested_name_alt", db_col_text(st, 5),
		    "note", db_col_text(st, 6),
		    "created_at", (json_int_t)db_col_int64(st, 7));
	}
	db_end(st);
	for (size_t i = 0; i < n; i++) {
		if (rows[i] != NULL && owner_learner(s, ids[i], by))
			json_array_append(out, rows[i]);
		json_decref(rows[i]);
	}
	free(ids);
	free(rows);
	return out;
}

struct correct {
	const char *login, *name, *alt, *reason;
	const struct user *by;
	struct arena *a;
	int64_t uid;
	int changed;
	const char *err;
};

static int
correct_fn(struct db *d, void *ctx)
{
	static const char find[] = "SELECT id, login, name, name_alt FROM users WHERE login = ?";
	static const char set[] = "UPDATE users SET name = ?2, name_alt = ?3 WHERE id = ?1";
	static const char close_rq[] =
	    "UPDATE name_requests SET closed_at = ?2, closed_by = ?3 "
	    "WHERE user_id = ?1 AND closed_at IS NULL";
	struct correct *c = ctx;
	struct stmt *st = db_stmt_text(d, find, c->login);
	char *login = NULL, *old = NULL, *old_alt = NULL, *detail;
	const char *alt;
	json_t *j;

	c->err = "internal_error";
	if (st == NULL)
		return -1;
	if (db_row(st)) {
		c->uid = db_col_int64(st, 0);
		login = db_text(c->a, st, 1);
		old = db_text(c->a, st, 2);
		old_alt = db_text(c->a, st, 3);
	}
	db_end(st);
	if (c->uid == 0) {
		c->err = "user_not_found";
		return -1;
	}
	if (!owner_learner_db(d, c->uid, c->by)) {
		c->err = "learner_not_yours";
		return -1;
	}
	alt = c->alt != NULL ? c->alt : old_alt;
	if (alt != NULL && *alt == '\0')
		alt = NULL;
	c->changed = strcmp(old, c->name) != 0 || (alt == NULL) != (old_alt == NULL ||
	    *old_alt == '\0') || (alt != NULL && old_alt != NULL && strcmp(alt, old_alt) != 0);
	if (!c->changed) {
		c->err = NULL;
		return 0;
	}
	if ((st = db_stmt_int(d, set, c->uid)) == NULL)
		return -1;
	db_bind_text(st, 2, c->name);
	if (alt != NULL)
		db_bind_text(st, 3, alt);
	if (db_done(st) != 0)
		return -1;
	if ((st = db_stmt_int(d, close_rq, c->uid)) == NULL)
		return -1;
	db_bind_int64(st, 2, (int64_t)time(NULL));
	if (c->by != NULL && c->by->id > 0)
		db_bind_int64(st, 3, c->by->id);
	if (db_done(st) != 0)
		return -1;
	/* The audit keeps both names, old and new, and why. */
	j = json_pack("{s:s, s:[s,s?], s:[s,s?], s:s}", "login", login, "old", old, old_alt,
	    "new", c->name, alt, "reason", c->reason);
	detail = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (detail == NULL || db_audit(d, "user.name", detail) != 0) {
		free(detail);
		return -1;
	}
	free(detail);
	c->err = NULL;
	return 0;
}

int
names_correct(struct store *s, const struct signing_key *k, const char *login,
    const char *name, const char *alt, const char *reason, const struct user *by,
    json_t **reissued, const char **err)
{
	/* Valid as cert_list_user says: not revoked, and not past the day
	 * it expires. */
	static const char valid[] =
	    "SELECT serial AS serial FROM certificates WHERE user_id = ?1 AND revoked_at IS NULL "
	    "AND (coalesce(expires_at, 0) = 0 OR expires_at / 86400 >= ?2 / 86400) ORDER BY id";
	struct correct c;
	struct stmt *st;
	json_t *serials, *out, *v;
	size_t i;
	int rc = 1;

	if (reissued != NULL)
		*reissued = NULL;
	if (name == NULL || account_check_name(name) != NULL) {
		*err = "name_invalid";
		return -1;
	}
	if (alt != NULL && *alt && account_check_name(alt) != NULL) {
		*err = "name_alt_invalid";
		return -1;
	}
	if (reason == NULL || *reason == '\0' || strlen(reason) > NAMES_REASON_MAX ||
	    !utf8_text_ok(reason, strlen(reason))) {
		*err = "name_reason_required";
		return -1;
	}
	memset(&c, 0, sizeof c);
	c.login = login;
	c.name = name;
	c.alt = alt;
	c.reason = reason;
	c.by = by;
	c.a = arena_new();
	if (login == NULL || store_write(s, correct_fn, &c) != 0) {
		*err = login == NULL ? "user_not_found" : c.err ? c.err : "internal_error";
		arena_free(c.a);
		return -1;
	}
	if (!c.changed) {
		arena_free(c.a);
		return 0;
	}
	st = db_stmt_int(store_db(s), valid, c.uid);
	if (st != NULL)
		db_bind_int64(st, 2, (int64_t)time(NULL));
	serials = db_json_rows(st);
	out = json_array();
	json_array_foreach(serials, i, v) {
		const char *old = json_string_value(json_object_get(v, "serial"));
		char *ns = NULL;

		if (old != NULL && cert_reissue(s, k, old, by ? by->id : 0, c.a, &ns) == 1)
			json_array_append_new(out, json_pack("{s:s, s:s}", "serial", ns,
			    "supersedes", old));
		else
			rc = -1;
	}
	json_decref(serials);
	arena_free(c.a);
	if (rc < 0) {
		json_decref(out);
		*err = "internal_error";
		return -1;
	}
	if (reissued != NULL)
		*reissued = out;
	else
		json_decref(out);
	return 1;
}
