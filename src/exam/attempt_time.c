/*
 * attempt_time.c - no minute lost: time given back to running attempts
 * and the incidents of an exam day. The server's heartbeat and, on
 * start, the outage credit (every attempt that was running when the
 * server stopped gets the time it was down, at most ATTEMPT_OUTAGE_CAP_S);
 * a proctor's pause and resume (the clock stops while paused: resuming
 * moves the deadline by the pause), extensions and notes, for one attempt
 * or every running attempt of a sitting. Each is a row of
 * attempt_incidents and, when a person did it, an audit row, written in
 * the same transaction as the deadline it moves. Who may act is decided
 * by the caller (owner_attempt_conduct, owner_sitting). Depends on the
 * store and its writer.
 */
#include "attempt_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char beat_key[] = "heartbeat_ms";

/* Sets the heartbeat to ms on d. 0 or -1. */
static int
beat_set(struct db *d, int64_t ms)
{
	static const char sql[] =
	    "INSERT INTO settings(key, value) VALUES (?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	struct stmt *q = db_stmt_text(d, sql, beat_key);
	char v[32];

	if (q == NULL)
		return -1;
	snprintf(v, sizeof v, "%lld", (long long)ms);
	db_bind_text(q, 2, v);
	return db_done(q);
}

static int
beat_fn(struct db *d, void *ctx)
{
	(void)ctx;
	return beat_set(d, attempt_now_ms());
}

static void
beat_release(void *ctx)
{
	(void)ctx;
}

void
attempt_heartbeat(struct store *s, int wait)
{
	if (wait)
		store_write(s, beat_fn, NULL);
	else	/* shares the next group commit: no fsync of its own */
		store_write_async(s, beat_fn, NULL, beat_release);
}

struct outage {
	int64_t now, gap;
	int moved;
	int64_t expect;		/* ms between beats that is no outage */
};

static int
outage_fn(struct db *d, void *ctx)
{
	static const char get[] = "SELECT value FROM settings WHERE key = ?1";
	/* Open when the last beat was: neither paused (its pause covers the
	 * outage) nor already past its deadline and grace. */
	static const char credit[] =
	    "INSERT INTO attempt_incidents(attempt_id, at, kind, moved_ms) "
	    "SELECT id, ?1, 'outage', ?2 FROM attempts WHERE state = 'running' "
	    "AND paused_at IS NULL AND deadline + grace_s * 1000 >= ?3";
	static const char move[] =
	    "UPDATE attempts SET deadline = deadline + ?2 WHERE state = 'running' "
	    "AND paused_at IS NULL AND deadline + grace_s * 1000 >= ?3";
	struct outage *o = ctx;
	char *v = NULL;
	struct stmt *q = db_stmt_text(d, get, beat_key);
	int64_t beat;

	if (q == NULL)
		return -1;
	if (db_row(q))
		v = strdup(db_col_text(q, 0));
	db_end(q);
	beat = v != NULL ? strtoll(v, NULL, 10) : 0;
	free(v);
	o->gap = beat > 0 ? o->now - beat - o->expect : 0;
	if (o->gap > (int64_t)ATTEMPT_OUTAGE_CAP_S * 1000)
		o->gap = (int64_t)ATTEMPT_OUTAGE_CAP_S * 1000;
	if (o->gap >= 1000) {
		const char *sqls[] = { credit, move };

		for (int i = 0; i < 2; i++) {
			if ((q = db_stmt_int(d, sqls[i], o->now)) == NULL)
				return -1;
			db_bind_int64(q, 2, o->gap);
			db_bind_int64(q, 3, beat);
			if (db_done(q) != 0)
				return -1;
			if (i == 0)
				o->moved = db_changes(d);
		}
		if (o->moved > 0) {
			char detail[96];

			snprintf(detail, sizeof detail, "%d running attempts +%llds",
			    o->moved, (long long)(o->gap / 1000));
			if (db_audit(d, "attempt.outage", detail) != 0)
				return -1;
		}
	} else
		o->gap = 0;
	return beat_set(d, o->now);
}

int
attempt_outage_recover(struct store *s, int *moved, int64_t *gap_ms)
{
	struct outage o = { attempt_now_ms(), 0, 0, 0 };
	int rc = store_write(s, outage_fn, &o);

	*moved = rc == 0 ? o.moved : 0;
	*gap_ms = rc == 0 ? o.gap : 0;
	return rc;
}

int
attempt_outage_tick(struct store *s, int *moved, int64_t *gap_ms)
{
	struct outage o = { attempt_now_ms(), 0, 0, 2000 + ATTEMPT_HEARTBEAT_S * 1000 };
	int rc = store_write(s, outage_fn, &o);

	*moved = rc == 0 ? o.moved : 0;
	*gap_ms = rc == 0 ? o.gap : 0;
	return rc;
}

const char *
attempt_time_kind(enum attempt_time_op op)
{
	static const char *const kinds[] = { "pause", "resume", "extend", "note" };

	return kinds[op];
}

struct act {
	int64_t attempt, sitting, user, ms;
	enum attempt_time_op op;
	const char *reason;
	enum attempt_time_err err;
	int n;			/* sitting: how many attempts it changed */
};

/* op on attempt id (row read on d), inside the caller's write. */
static enum attempt_time_err
act_one(struct db *d, struct act *a, int64_t id)
{
	static const char head[] =
	    "SELECT state = 'running', paused_at, deadline + grace_s * 1000 < ?2, public_id "
	    "FROM attempts WHERE id = ?1";
	static const char pause[] =
	    "UPDATE attempts SET paused_at = ?2, paused_sitting = ?3 WHERE id = ?1";
	static const char resume[] = "UPDATE attempts SET paused_at = NULL, "
	    "paused_sitting = NULL, deadline = deadline + ?2 WHERE id = ?1";
	static const char extend[] =
	    "UPDATE attempts SET deadline = deadline + ?2 WHERE id = ?1";
	static const char ins[] =
	    "INSERT INTO attempt_incidents(attempt_id, at, user_id, kind, moved_ms, note) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	static const char *const actions[] = { "attempt.pause", "attempt.resume",
	    "attempt.extend", "attempt.incident" };
	int64_t now = attempt_now_ms(), moved = 0, arg = 0, paused = 0;
	struct stmt *q = db_stmt_int(d, head, id);
	int running = 0, past = 0, found = 0, n;
	const char *sql = NULL;
	char pid[32] = "", *detail;

	if (q == NULL)
		return ATIME_FAILED;
	db_bind_int64(q, 2, now);
	if (db_row(q)) {
		found = 1;
		running = db_col_int(q, 0);
		paused = db_col_int64(q, 1);
		past = db_col_int(q, 2);
		snprintf(pid, sizeof pid, "%s", db_col_text(q, 3));
	}
	db_end(q);
	if (!found)
		return ATIME_FAILED;
	/* A paused attempt's clock stands still: it is never past its time. */
	if (a->op != ATIME_NOTE && (!running || (paused == 0 && past)))
		return ATIME_CLOSED;
	switch (a->op) {
	case ATIME_PAUSE:
		if (paused != 0)
			return ATIME_PAUSED;
		sql = pause;
		arg = now;
		break;
	case ATIME_RESUME:
		if (paused == 0)
			return ATIME_NOT_PAUSED;
		sql = resume;
		arg = moved = now > paused ? now - paused : 0;
		break;
	case ATIME_EXTEND:
		sql = extend;
		arg = moved = a->ms;
		break;
	case ATIME_NOTE:
		break;
	}
	if (sql != NULL) {
		if ((q = db_stmt_int(d, sql, id)) == NULL)
			return ATIME_FAILED;
		db_bind_int64(q, 2, arg);
		if (sql == pause && a->sitting > 0)
			db_bind_int64(q, 3, a->sitting);
		if (db_done(q) != 0)
			return ATIME_FAILED;
	}
	if ((q = db_stmt_int(d, ins, id)) == NULL)
		return ATIME_FAILED;
	db_bind_int64(q, 2, now);
	if (a->user > 0)
		db_bind_int64(q, 3, a->user);
	db_bind_text(q, 4, attempt_time_kind(a->op));
	db_bind_int64(q, 5, moved);
	db_bind_text(q, 6, a->reason);
	if (db_done(q) != 0)
		return ATIME_FAILED;
	/* The audit names the attempt, the time moved and why. */
	if (moved > 0)
		n = asprintf(&detail, "%s +%llds: %s", pid,
		    (long long)((moved + 999) / 1000), a->reason);
	else
		n = asprintf(&detail, "%s: %s", pid, a->reason);
	found = n >= 0 && db_audit(d, actions[a->op], detail) == 0;
	if (n >= 0)
		free(detail);
	return found ? ATIME_OK : ATIME_FAILED;
}

static int
act_fn(struct db *d, void *ctx)
{
	struct act *a = ctx;

	a->err = act_one(d, a, a->attempt);
	return a->err == ATIME_OK ? 0 : -1;
}

enum attempt_time_err
attempt_time_act(struct store *s, int64_t attempt_id, int64_t user,
    enum attempt_time_op op, int64_t seconds, const char *reason)
{
	struct act a = { attempt_id, 0, user, seconds * 1000, op, reason, ATIME_FAILED, 0 };

	if (store_write(s, act_fn, &a) != 0 && a.err == ATIME_OK)
		a.err = ATIME_FAILED;
	return a.err;
}

static int
sitting_fn(struct db *d, void *ctx)
{
	/* The sitting's attempts: those that name it, and (attempts
	 * started before they recorded their sitting) the running attempts
	 * of its exam by the learners booked into it. A pause takes those
	 * running on; a resume those its room's pause paused, never one a
	 * proctor paused alone. */
	static const char sql[] =
	    "SELECT t.id FROM attempts t JOIN sittings si ON si.id = ?1 "
	    "WHERE t.state = 'running' AND CASE WHEN ?2 THEN t.paused_at IS NULL "
	    "ELSE t.paused_at IS NOT NULL AND t.paused_sitting = si.id END "
	    "AND (t.sitting_id = si.id OR (t.sitting_id IS NULL AND t.exam_id = si.exam_id "
	    "AND t.user_id IN (SELECT user_id FROM sitting_members WHERE sitting_id = si.id))) "
	    "ORDER BY t.id";
	struct act *a = ctx;
	struct stmt *q = db_stmt_int(d, sql, a->sitting);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (q == NULL)
		return -1;
	db_bind_int(q, 2, a->op == ATIME_PAUSE);
	while (db_row(q)) {
		if (n == cap) {
			int64_t *m = realloc(ids, (cap = cap ? cap * 2 : 64) * sizeof *ids);

			if (m == NULL) {
				rc = -1;
				break;
			}
			ids = m;
		}
		ids[n++] = db_col_int64(q, 0);
	}
	db_end(q);
	/* One that closed meanwhile (its time was up) is left to the
	 * sweeper; any other failure undoes the whole room. */
	for (size_t i = 0; rc == 0 && i < n; i++) {
		enum attempt_time_err e = act_one(d, a, ids[i]);

		if (e == ATIME_OK)
			a->n++;
		else if (e == ATIME_FAILED)
			rc = -1;
	}
	free(ids);
	a->err = rc == 0 ? ATIME_OK : ATIME_FAILED;
	return rc;
}

int
attempt_sitting_act(struct store *s, int64_t sitting, int64_t user,
    enum attempt_time_op op, const char *reason)
{
	struct act a = { 0, sitting, user, 0, op, reason, ATIME_FAILED, 0 };

	if (op != ATIME_PAUSE && op != ATIME_RESUME)
		return -1;
	if (store_write(s, sitting_fn, &a) != 0 || a.err != ATIME_OK)
		return -1;
	return a.n;
}

json_t *
attempt_incidents(struct store *s, int64_t attempt_id)
{
	static const char sql[] =
	    "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', i.at / 1000, 'unixepoch') AS at, "
	    "i.kind AS kind, (i.moved_ms + 999) / 1000 AS moved_s, i.note AS note, "
	    "u.login AS \"by\" FROM attempt_incidents i LEFT JOIN users u ON u.id = i.user_id "
	    "WHERE i.attempt_id = ?1 ORDER BY i.id";

	return db_json_rows(db_stmt_int(store_db(s), sql, attempt_id));
}
