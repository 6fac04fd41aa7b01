/*
 * report.c - a sitting's report; see report.h. Reads on the calling
 * thread's connection: the members with their latest attempt in the
 * sitting, that attempt's incidents in one pass over the sitting's
 * attempts, and its integrity events counted the same way.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

/* Column i as text, "" for NULL. */
static const char *
col(struct stmt *st, int i)
{
	const char *t = db_col_text(st, i);

	return t ? t : "";
}

/* Adds json integer v to o[key]. */
static void
add(json_t *o, const char *key, json_int_t v)
{
	json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) + v));
}

json_t *
report_sitting(struct store *s, int64_t sitting)
{
	/* One row a member. The latest attempt the member started in this
	 * sitting, by the learner's attempts ("+" keeps the planner off
	 * attempts_sitting, as proctor_room does). */
	static const char rows_sql[] =
	    "SELECT u.login, u.name, coalesce(u.name_alt, ''), coalesce(m.seat, 0), "
	    "m.checked_in_at IS NOT NULL, coalesce(m.checked_in_at, 0), coalesce(b.login, ''), "
	    "coalesce(m.id_type, ''), coalesce(m.id_last4, ''), coalesce(a.public_id, ''), "
	    "coalesce(a.state, ''), coalesce(a.started_at, 0) / 1000, "
	    "coalesce(a.finished_at, 0) / 1000, coalesce(v.n, 0), a.score IS NOT NULL, "
	    "coalesce(a.score, 0), coalesce(a.max_score, 0), coalesce(a.percent, 0), "
	    "coalesce(a.passed, 0), a.id "
	    "FROM sitting_members m JOIN users u ON u.id = m.user_id "
	    "LEFT JOIN users b ON b.id = m.checked_in_by "
	    "LEFT JOIN attempts a ON a.id = (SELECT max(x.id) FROM attempts x "
	    "  WHERE x.user_id = m.user_id AND +x.sitting_id = m.sitting_id) "
	    "LEFT JOIN (SELECT attempt_id, count(*) AS n FROM integrity_events "
	    "  WHERE attempt_id IN (SELECT id FROM attempts WHERE sitting_id = ?1) "
	    "  GROUP BY attempt_id) v ON v.attempt_id = a.id "
	    "WHERE m.sitting_id = ?1 ORDER BY m.seat IS NULL, m.seat, u.name, u.login";
	static const char inc_sql[] =
	    "SELECT i.attempt_id, i.at / 1000, i.kind, i.moved_ms, coalesce(i.note, ''), "
	    "coalesce(u.login, '') FROM attempt_incidents i "
	    "LEFT JOIN users u ON u.id = i.user_id "
	    "WHERE i.attempt_id IN (SELECT id FROM attempts WHERE sitting_id = ?1) "
	    "ORDER BY i.attempt_id, i.id";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt_int(d, rows_sql, sitting);
	json_t *rows = json_array(), *byid = json_object(), *totals, *out;
	char key[24];

	totals = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "booked", 0,
	    "checked_in", 0, "not_arrived", 0, "started", 0, "finished", 0, "passed", 0,
	    "pauses", 0, "extensions", 0, "notes", 0, "events", 0);
	while (st != NULL && db_row(st)) {
		int in = db_col_int(st, 4), graded = db_col_int(st, 14);
		const char *state = col(st, 10);
		json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:b, s:I, s:s, s:s, s:s, s:s, s:s, "
		    "s:I, s:I, s:i, s:b, s:f, s:f, s:f, s:b, s:[], s:i, s:[], s:i, s:i, s:[]}",
		    "login", col(st, 0), "name", col(st, 1), "name_alt", col(st, 2),
		    "seat", db_col_int(st, 3), "checked_in", in,
		    "checked_in_at", (json_int_t)db_col_int64(st, 5),
		    "checked_in_by", col(st, 6), "id_type", col(st, 7), "id_last4", col(st, 8),
		    "attempt", col(st, 9), "state", state,
		    "started_at", (json_int_t)db_col_int64(st, 11),
		    "finished_at", (json_int_t)db_col_int64(st, 12),
		    "events", db_col_int(st, 13), "graded", graded,
		    "score", db_col_double(st, 15), "max_score",
		    db_col_double(st, 16), "percent", db_col_double(st, 17),
		    "passed", graded && db_col_int(st, 18),
		    "pauses", "pause_s", 0, "extensions", "extend_s", 0, "outage_s", 0, "notes");

		if (o == NULL)
			continue;
		add(totals, "booked", 1);
		add(totals, in ? "checked_in" : "not_arrived", 1);
		add(totals, "started", *state != '\0');
		add(totals, "finished", *state != '\0' && strcmp(state, "running") != 0);
		add(totals, "passed", graded && db_col_int(st, 18));
		add(totals, "events", db_col_int(st, 13));
		if (db_col_type(st, 19) != DB_NULL) {
			snprintf(key, sizeof key, "%lld", (long long)db_col_int64(st, 19));
			json_object_set(byid, key, o);
		}
		json_array_append_new(rows, o);
	}
	db_end(st);

	/* The incidents of the attempts listed: a pause is closed by the
	 * resume after it, which carries the time it stood. */
	st = db_stmt_int(d, inc_sql, sitting);
	while (st != NULL && db_row(st)) {
		json_t *o, *last;
		const char *kind = col(st, 2);
		json_int_t at = db_col_int64(st, 1);
		json_int_t moved_s = (db_col_int64(st, 3) + 999) / 1000;

		snprintf(key, sizeof key, "%lld", (long long)db_col_int64(st, 0));
		if ((o = json_object_get(byid, key)) == NULL)
			continue;	/* an earlier attempt of the member's */
		if (strcmp(kind, "pause") == 0) {
			json_array_append_new(json_object_get(o, "pauses"), json_pack(
			    "{s:I, s:I, s:s, s:I}", "at", at, "resumed_at", (json_int_t)0,
			    "reason", col(st, 4), "duration_s", (json_int_t)0));
			add(totals, "pauses", 1);
		} else if (strcmp(kind, "resume") == 0) {
			json_t *p = json_object_get(o, "pauses");

			last = json_array_get(p, json_array_size(p) - 1);
			if (last != NULL && json_integer_value(json_object_get(last,
			    "resumed_at")) == 0) {
				json_object_set_new(last, "resumed_at", json_integer(at));
				json_object_set_new(last, "duration_s", json_integer(moved_s));
			}
			add(o, "pause_s", moved_s);
		} else if (strcmp(kind, "extend") == 0) {
			json_array_append_new(json_object_get(o, "extensions"), json_pack(
			    "{s:I, s:I, s:s, s:s}", "at", at, "minutes", (moved_s + 59) / 60,
			    "reason", col(st, 4), "by", col(st, 5)));
			add(o, "extend_s", moved_s);
			add(totals, "extensions", 1);
		} else if (strcmp(kind, "outage") == 0) {
			add(o, "outage_s", moved_s);
		} else {
			json_array_append_new(json_object_get(o, "notes"), json_pack(
			    "{s:I, s:s, s:s}", "at", at, "note", col(st, 4), "by", col(st, 5)));
			add(totals, "notes", 1);
		}
	}
	db_end(st);
	json_decref(byid);
	out = json_pack("{s:o, s:o}", "rows", rows, "totals", totals);
	return out;
}
