/*
 * owner.c - the ownership rule in SQL; see owner.h.
 */
#include "owner.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* The single integer column of a row of sql with ?1 bound to text; -1 if no
 * row, -2 if the row's value is NULL. */
static int64_t
one_text(struct store *s, const char *sql, const char *v)
{
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	int64_t r = -1;

	if (st == NULL || v == NULL)
		return -1;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = sqlite3_column_type(st, 0) == SQLITE_NULL ? -2 : sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return r;
}

/* 1 if u may act on the row that sql (its owner column for ?1) names:
 * admins always; trainers when the owner is theirs, or there is none and
 * shared_ok. 0 also when there is no such row. */
static int
owns(struct store *s, const char *sql, const char *name, const struct user *u,
    int shared_ok)
{
	int64_t o;

	if (u == NULL || u->role < ROLE_TRAINER)
		return 0;
	if ((o = one_text(s, sql, name)) == -1)
		return 0;
	return u->role == ROLE_ADMIN || o == u->id || (shared_ok && o == -2);
}

int
owner_exam(struct store *s, const char *exam, const struct user *u)
{
	return owns(s, "SELECT owner_id FROM exams WHERE id = ?1", exam, u, 0);
}

int
owner_bank(struct store *s, const char *bank, const struct user *u)
{
	return owns(s, "SELECT created_by FROM banks WHERE name = ?1", bank, u, 0);
}

int
owner_bank_draw(struct store *s, const char *bank, const struct user *u)
{
	return owns(s, "SELECT created_by FROM banks WHERE name = ?1", bank, u, 1);
}

int
owner_bank_exists(struct store *s, const char *bank)
{
	return one_text(s, "SELECT id FROM banks WHERE name = ?1", bank) >= 0;
}

int
owner_sitting(struct store *s, int64_t sitting, const char *exam, const struct user *u)
{
	static const char sql[] = "SELECT exam_id FROM sittings WHERE id = ?";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	int ok = 0;

	if (st == NULL || u == NULL || u->role < ROLE_TRAINER)
		return 0;
	sqlite3_bind_int64(st, 1, sitting);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *e = (const char *)sqlite3_column_text(st, 0);

		ok = e != NULL && (exam == NULL || strcmp(e, exam) == 0);
		if (ok) {
			/* owner_exam uses another statement of this connection */
			char id[128];

			snprintf(id, sizeof id, "%s", e);
			sqlite3_reset(st);
			return owner_exam(s, id, u);
		}
	}
	sqlite3_reset(st);
	return ok;
}

int
owner_learner(struct store *s, int64_t learner, const struct user *u)
{
	return owner_learner_db(store_db(s), learner, u);
}

int
owner_learner_db(struct db *d, int64_t learner, const struct user *u)
{
	/* ?1 learner, ?2 trainer: the learner's account was created by the
	 * trainer, or sits in a sitting of an exam the trainer owns. */
	static const char sql[] =
	    "SELECT role, created_by = ?2 OR EXISTS (SELECT 1 FROM sitting_members m "
	    "  JOIN sittings si ON si.id = m.sitting_id JOIN exams e ON e.id = si.exam_id "
	    "  WHERE m.user_id = ?1 AND e.owner_id = ?2) "
	    "FROM users WHERE id = ?1";
	sqlite3_stmt *st = db_stmt(d, sql);
	int ok = 0;

	if (st == NULL || u == NULL || u->role < ROLE_TRAINER)
		return 0;
	sqlite3_bind_int64(st, 1, learner);
	sqlite3_bind_int64(st, 2, u->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(st, 0);

		if (u->role == ROLE_ADMIN)
			ok = 1;
		else
			ok = role != NULL && strcmp(role, "learner") == 0 &&
			    sqlite3_column_int(st, 1) == 1;
	}
	sqlite3_reset(st);
	return ok;
}
