/*
 * proctor.c - proctors of sittings, check-in at the door, and the room a
 * proctor watches; see proctor.h. Reads on the calling thread's
 * connection, writes through the store's writer, each audited.
 */
#include "proctor.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "people.h"

const char *const proctor_id_types[] = {
	"national_id", "passport", "residence_permit", "other", NULL
};

int
proctor_assign_db(struct db *d, int64_t sitting, const json_t *proctors,
    const struct user *by, const char **bad, const char **why)
{
	/* The account, its role, and whether by may assign it: created by
	 * by, by an admin, or by nobody (the command line). */
	static const char find[] =
	    "SELECT u.id, u.role, u.created_by IS NULL OR u.created_by = ?2 OR EXISTS ("
	    "  SELECT 1 FROM users c WHERE c.id = u.created_by AND c.role = 'admin') "
	    "FROM users u WHERE u.login = ?1";
	static const char ins[] =
	    "INSERT OR IGNORE INTO sitting_proctors(sitting_id, user_id) VALUES (?, ?)";
	size_t i;
	json_t *l;

	json_array_foreach(proctors, i, l) {
		struct stmt *st;
		int64_t uid = -1;
		int proctor = 0, mine = 0;

		*bad = json_string_value(l);
		if ((st = db_stmt_text(d, find, *bad)) == NULL)
			return -1;
		db_bind_int64(st, 2, by != NULL ? by->id : 0);
		if (db_row(st)) {
			uid = db_col_int64(st, 0);
			proctor = strcmp(db_col_text(st, 1), "proctor") == 0;
			mine = db_col_int(st, 2);
		}
		db_end(st);
		*why = uid < 0 ? "sitting_member_unknown" : !proctor ? "proctor_not_proctor" :
		    by == NULL || (by->role != ROLE_ADMIN && !mine) ? "proctor_not_yours" : NULL;
		if (*why != NULL)
			return -1;
		if ((st = db_stmt_int(d, ins, sitting)) == NULL)
			return -1;
		db_bind_int64(st, 2, uid);
		if (db_done(st) != 0)
			return -1;
	}
	*bad = NULL;
	return 0;
}

struct add {
	int64_t sitting;
	const struct user *by;
	const char *login;
	int created;
	const char *why;
};

static int
add_fn(struct db *d, void *ctx)
{
	static const char mine[] =
	    "UPDATE users SET created_by = ?2 WHERE login = ?1 AND role = 'proctor' "
	    "AND created_by IS NULL";
	struct add *ad = ctx;
	json_t *one = json_pack("[s]", ad->login);
	const char *bad = NULL;
	char detail[160];
	struct stmt *st;
	int rc;

	if (one == NULL)
		return -1;
	if (ad->created && (st = db_stmt_text(d, mine, ad->login)) != NULL) {
		db_bind_int64(st, 2, ad->by->id);
		if (db_done(st) != 0) {
			json_decref(one);
			return -1;
		}
	}
	rc = proctor_assign_db(d, ad->sitting, one, ad->by, &bad, &ad->why);
	json_decref(one);
	if (rc != 0)
		return -1;
	snprintf(detail, sizeof detail, "sitting %lld: %s%s", (long long)ad->sitting, ad->login,
	    ad->created ? " (new)" : "");
	return db_audit(d, "sitting.proctor", detail);
}

int
proctor_add(struct store *s, int64_t sitting, const struct user *by, const char *login,
    int created, const char **why)
{
	struct add ad = { sitting, by, login, created, NULL };

	*why = NULL;
	if (by == NULL || login == NULL) {
		*why = "sitting_member_unknown";
		return -1;
	}
	if (store_write(s, add_fn, &ad) != 0) {
		*why = ad.why;
		return -1;
	}
	return 0;
}

json_t *
proctor_logins(struct store *s, int64_t sitting)
{
	static const char sql[] =
	    "SELECT u.login FROM sitting_proctors p JOIN users u ON u.id = p.user_id "
	    "WHERE p.sitting_id = ? ORDER BY u.login";
	struct stmt *st = db_stmt_int(store_db(s), sql, sitting);
	json_t *out = json_array();

	while (st != NULL && db_row(st))
		json_array_append_new(out, json_string(db_col_text(st, 0)));
	db_end(st);
	return out;
}

json_t *
proctor_sittings(struct store *s, const struct user *u)
{
	/* ?1 the user, ?2 1 for an admin: the sittings owner.h lets them
	 * proctor (owner_sitting_proctor's rule, for a list). */
	static const char sql[] =
	    "SELECT si.id AS id, si.exam_id AS exam_id, "
	    "json_extract(e.definition, '$.title.en') AS exam_en, "
	    "json_extract(e.definition, '$.title.\"zh-TW\"') AS exam_zh, "
	    "si.name AS name, coalesce(si.room, '') AS room, "
	    "coalesce(si.opens_at, 0) AS opens_at, coalesce(si.closes_at, 0) AS closes_at, "
	    "(SELECT count(*) FROM sitting_members m WHERE m.sitting_id = si.id) AS members, "
	    "(SELECT count(*) FROM sitting_members m WHERE m.sitting_id = si.id "
	    "  AND m.checked_in_at IS NOT NULL) AS checked_in "
	    "FROM sittings si JOIN exams e ON e.id = si.exam_id "
	    "WHERE ?2 = 1 OR (?3 = 1 AND e.owner_id = ?1) OR EXISTS (SELECT 1 FROM "
	    "  sitting_proctors p WHERE p.sitting_id = si.id AND p.user_id = ?1) "
	    "ORDER BY coalesce(si.opens_at, 0) DESC, si.id DESC LIMIT 500";
	struct stmt *st;

	if (u == NULL || u->role < ROLE_PROCTOR ||
	    (st = db_stmt_int(store_db(s), sql, u->id)) == NULL)
		return json_array();
	db_bind_int(st, 2, u->role == ROLE_ADMIN);
	db_bind_int(st, 3, u->role == ROLE_TRAINER);
	return db_json_rows(st);
}

/* ---- check-in ---- */

struct checkin {
	int64_t sitting;
	const struct proctor_checkin *ci;
	int undo;
	enum proctor_err err;
};

static int
checkin_fn(struct db *d, void *ctx)
{
	static const char member[] =
	    "SELECT m.user_id, coalesce(m.seat, 0) FROM sitting_members m "
	    "JOIN users u ON u.id = m.user_id WHERE m.sitting_id = ? AND u.login = ?";
	static const char taken[] =
	    "SELECT 1 FROM sitting_members WHERE sitting_id = ? AND seat = ? AND user_id != ?";
	static const char set[] =
	    "UPDATE sitting_members SET checked_in_at = ?3, checked_in_by = ?4, id_type = ?5, "
	    "id_last4 = ?6, seat = coalesce(?7, seat) WHERE sitting_id = ?1 AND user_id = ?2";
	static const char unset[] =
	    "UPDATE sitting_members SET checked_in_at = NULL, checked_in_by = NULL, "
	    "id_type = NULL, id_last4 = NULL WHERE sitting_id = ?1 AND user_id = ?2";
	struct checkin *c = ctx;
	const struct proctor_checkin *ci = c->ci;
	struct stmt *st = db_stmt_int(d, member, c->sitting);
	int64_t uid = -1;
	int seat = 0;
	char detail[300];

	c->err = PROCTOR_FAILED;
	if (st == NULL)
		return -1;
	db_bind_text(st, 2, ci->login);
	if (db_row(st)) {
		uid = db_col_int64(st, 0);
		seat = db_col_int(st, 1);
	}
	db_end(st);
	if (uid < 0) {
		c->err = PROCTOR_NOT_MEMBER;
		return -1;
	}
	if (!c->undo && ci->seat > 0) {
		if ((st = db_stmt_int(d, taken, c->sitting)) == NULL)
			return -1;
		db_bind_int(st, 2, ci->seat);
		db_bind_int64(st, 3, uid);
		if (db_exists(st)) {
			c->err = PROCTOR_SEAT_TAKEN;
			return -1;
		}
		seat = ci->seat;
	}
	if ((st = db_stmt_int(d, c->undo ? unset : set, c->sitting)) == NULL)
		return -1;
	db_bind_int64(st, 2, uid);
	if (!c->undo) {
		db_bind_int64(st, 3, (int64_t)time(NULL));
		if (db_actor() > 0)	/* who checked them in: the report names them */
			db_bind_int64(st, 4, db_actor());
		db_bind_text(st, 5, ci->id_type);
		db_bind_text(st, 6, ci->confirmed ? NULL : ci->id_last4);
		if (ci->seat > 0)
			db_bind_int(st, 7, ci->seat);
	}
	if (db_done(st) != 0)
		return -1;
	/* The audit names the sitting, the learner, the document's type and
	 * the seat; never the document's characters. */
	if (c->undo)
		snprintf(detail, sizeof detail, "sitting %lld: %s", (long long)c->sitting,
		    ci->login);
	else
		snprintf(detail, sizeof detail, "sitting %lld: %s, %s, seat %d",
		    (long long)c->sitting, ci->login, ci->confirmed && ci->id_type == NULL ?
		    "identity confirmed" : ci->id_type, seat);
	if (db_audit(d, c->undo ? "sitting.checkin_undo" : "sitting.checkin", detail) != 0)
		return -1;
	c->err = PROCTOR_OK;
	return 0;
}

/* 1 if t is 1-4 ASCII letters or digits. */
static int
last4_ok(const char *t)
{
	size_t n = t ? strlen(t) : 0;

	if (n < 1 || n > 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)t[i]))
			return 0;
	return 1;
}

enum proctor_err
proctor_checkin(struct store *s, int64_t sitting, const struct proctor_checkin *ci,
    const char **err)
{
	struct checkin c = { sitting, ci, 0, PROCTOR_OK };
	int known = 0;

	*err = NULL;
	for (size_t i = 0; ci->id_type != NULL && proctor_id_types[i] != NULL; i++)
		known |= strcmp(ci->id_type, proctor_id_types[i]) == 0;
	if (ci->login == NULL || *ci->login == '\0')
		*err = "checkin_login";
	else if (ci->id_type != NULL && !known)
		*err = "checkin_id_type";
	else if (ci->confirmed && ci->id_last4 != NULL)
		*err = "checkin_both";
	else if (!ci->confirmed && (ci->id_type == NULL || !last4_ok(ci->id_last4)))
		*err = ci->id_type == NULL ? "checkin_id_type" : "checkin_last4";
	else if (ci->seat < 0 || ci->seat > PEOPLE_SEAT_MAX)
		*err = "checkin_seat";
	if (*err != NULL)
		return PROCTOR_INVALID;
	if (store_write(s, checkin_fn, &c) != 0 && c.err == PROCTOR_OK)
		c.err = PROCTOR_FAILED;
	return c.err;
}

enum proctor_err
proctor_checkin_undo(struct store *s, int64_t sitting, const char *login)
{
	struct proctor_checkin ci = { login, NULL, NULL, 0, 0 };
	struct checkin c = { sitting, &ci, 1, PROCTOR_OK };

	if (login == NULL)
		return PROCTOR_NOT_MEMBER;
	if (store_write(s, checkin_fn, &c) != 0 && c.err == PROCTOR_OK)
		c.err = PROCTOR_FAILED;
	return c.err;
}

json_t *
proctor_door(struct store *s, int64_t sitting)
{
	static const char sql[] =
	    "SELECT u.login AS login, u.name AS name, coalesce(u.name_alt, '') AS name_alt, "
	    "coalesce(m.seat, 0) AS seat, m.checked_in_at IS NOT NULL AS checked_in, "
	    "coalesce(m.checked_in_at, 0) AS checked_in_at, coalesce(m.id_type, '') AS id_type, "
	    "coalesce(m.id_last4, '') AS id_last4 "
	    "FROM sitting_members m JOIN users u ON u.id = m.user_id "
	    "WHERE m.sitting_id = ? ORDER BY u.name, u.login";
	json_t *rows = db_json_rows(db_stmt_int(store_db(s), sql, sitting));
	size_t i;
	json_t *r;

	json_array_foreach(rows, i, r)	/* SQLite's 0/1 as JSON's false/true */
		json_object_set_new(r, "checked_in", json_boolean(json_integer_value(
		    json_object_get(r, "checked_in"))));
	return rows;
}

/* ---- the room ---- */

/* What a seat shows, from its check-in, its attempt's state (NULL: none),
 * whether it is paused, the browser's last save or event (ms; 0 none) and
 * when it was last heard from (that, or the start). */
static const char *
seat_state(int checked_in, const char *astate, int paused, int64_t save_ms,
    int64_t last_ms, int64_t now_ms)
{
	if (astate == NULL)
		return checked_in ? "checked_in" : "absent";
	if (strcmp(astate, "running") != 0)
		return "submitted";
	if (paused)
		return "paused";
	if (save_ms > 0 && now_ms - save_ms <= PROCTOR_SAVING_MS)
		return "saving";
	if (now_ms - last_ms > PROCTOR_OFFLINE_MS)
		return "offline";
	return "started";
}

json_t *
proctor_room(struct store *s, int64_t sitting, int64_t now_ms)
{
	/* One row a member: the latest attempt it started in this sitting,
	 * its item count, and its saves and events counted in one pass over
	 * the sitting's attempts each (not a subquery a seat). */
	static const char seats_sql[] =
	    "SELECT u.login, u.name, coalesce(u.name_alt, ''), coalesce(m.seat, 0), "
	    "m.checked_in_at IS NOT NULL, a.public_id, a.state, a.deadline, a.started_at, "
	    /* Positions run 0..n-1 (attempt_start.c): the last one is one
	     * seek, where counting read every item's row and layout. */
	    "coalesce(r.n, 0), (SELECT max(i.position) + 1 FROM attempt_items i "
	    "  WHERE i.attempt_id = a.id), "
	    "r.last, v.last, coalesce(v.n, 0), "
	    /* Paused, and since when (ms): the clock stops there. */
	    "a.paused_at IS NOT NULL, a.paused_at, "
	    /* Time a proctor added (extensions), in whole seconds. */
	    "coalesce(x.moved, 0) / 1000 "
	    "FROM sitting_members m JOIN users u ON u.id = m.user_id "
	    /* By the learner's attempts (attempts_user), never by the
	     * sitting's: "+" keeps the planner off attempts_sitting, which
	     * made 500 seats read 500 x 500 rows. */
	    "LEFT JOIN attempts a ON a.id = (SELECT max(x.id) FROM attempts x "
	    "  WHERE x.user_id = m.user_id AND +x.sitting_id = m.sitting_id) "
	    "LEFT JOIN (SELECT attempt_id, count(*) AS n, max(saved_at) AS last FROM responses "
	    "  WHERE attempt_id IN (SELECT id FROM attempts WHERE sitting_id = ?1) "
	    "  GROUP BY attempt_id) r ON r.attempt_id = a.id "
	    "LEFT JOIN (SELECT attempt_id, count(*) AS n, max(at) AS last FROM integrity_events "
	    "  WHERE attempt_id IN (SELECT id FROM attempts WHERE sitting_id = ?1) "
	    "  GROUP BY attempt_id) v ON v.attempt_id = a.id "
	    "LEFT JOIN (SELECT attempt_id, sum(moved_ms) AS moved FROM attempt_incidents "
	    "  WHERE kind = 'extend' AND attempt_id IN (SELECT id FROM attempts WHERE "
	    "  sitting_id = ?1) GROUP BY attempt_id) x ON x.attempt_id = a.id "
	    "WHERE m.sitting_id = ?1 ORDER BY m.seat IS NULL, m.seat, u.name";
	static const char events_sql[] =
	    "SELECT u.login AS login, u.name AS name, coalesce(m.seat, 0) AS seat, "
	    "v.kind AS kind, v.at / 1000 AS at FROM attempts a "
	    "JOIN integrity_events v ON v.attempt_id = a.id "
	    "JOIN users u ON u.id = a.user_id LEFT JOIN sitting_members m "
	    "ON m.sitting_id = a.sitting_id AND m.user_id = a.user_id "
	    "WHERE a.sitting_id = ? ORDER BY v.at DESC, v.id DESC LIMIT 200";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt_int(d, seats_sql, sitting);
	json_t *seats = json_array(), *out;

	while (st != NULL && db_row(st)) {
		const char *astate = db_col_text(st, 6);
		int64_t deadline = db_col_int64(st, 7), last = db_col_int64(st, 8);
		int64_t save = db_col_int64(st, 11);
		int paused = db_col_int(st, 14);
		int64_t left, at = paused && db_col_int64(st, 15) > 0 ?
		    db_col_int64(st, 15) : now_ms;	/* a pause stops the clock */
		json_t *o;

		if (db_col_int64(st, 12) > save)
			save = db_col_int64(st, 12);
		if (save > last)
			last = save;
		left = astate != NULL && strcmp(astate, "running") == 0 && deadline > at ?
		    (deadline - at + 999) / 1000 : 0;
		o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s?, s:I, s:i, s:i, s:I, s:i, s:I}",
		    "login", db_col_text(st, 0),
		    "name", db_col_text(st, 1),
		    "name_alt", db_col_text(st, 2),
		    "seat", db_col_int(st, 3),
		    "state", seat_state(db_col_int(st, 4), astate, paused, save, last,
		    now_ms),
		    "attempt", db_col_text(st, 5),
		    "time_left_s", (json_int_t)left,
		    "answered", db_col_int(st, 9),
		    "total", db_col_int(st, 10),
		    "last_seen_s", (json_int_t)(astate != NULL && last > 0 && now_ms > last ?
		    (now_ms - last) / 1000 : 0),
		    "events", db_col_int(st, 13),
		    "extended_s", (json_int_t)db_col_int64(st, 16));
		if (o != NULL)
			json_array_append_new(seats, o);
	}
	db_end(st);
	out = json_pack("{s:o, s:o, s:I}", "seats", seats, "events",
	    db_json_rows(db_stmt_int(d, events_sql, sitting)), "now",
	    (json_int_t)(now_ms / 1000));
	return out;
}
