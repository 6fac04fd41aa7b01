/*
 * owner.c - the ownership rule in SQL; see owner.h.
 */
#include "owner.h"

#include <string.h>

/* 1 if u may act on the row st (prepared, its keys bound) finds: column 0
 * its owner, -2 where it has none (ids are positive). Admins always;
 * trainers when the owner is theirs, or there is none and shared_ok. 0
 * also when there is no such row. */
static int
owns(struct stmt *st, const struct user *u, int shared_ok)
{
	int64_t o = db_one_int(st, -1);

	if (u == NULL || u->role < ROLE_TRAINER || o == -1)
		return 0;
	return u->role == ROLE_ADMIN || o == u->id || (shared_ok && o == -2);
}

/* owns() of the row sql finds by the text key ?1 (NULL: none). */
static int
owns_text(struct store *s, const char *sql, const char *key, const struct user *u,
    int shared_ok)
{
	return key != NULL && owns(db_stmt_text(store_db(s), sql, key), u, shared_ok);
}

int
owner_exam(struct store *s, const char *exam, const struct user *u)
{
	return owns_text(s, "SELECT coalesce(owner_id, -2) FROM exams WHERE id = ?1",
	    exam, u, 0);
}

int
owner_bank(struct store *s, const char *bank, const struct user *u)
{
	return owns_text(s, "SELECT coalesce(created_by, -2) FROM banks WHERE name = ?1",
	    bank, u, 0);
}

int
owner_bank_draw(struct store *s, const char *bank, const struct user *u)
{
	return owns_text(s, "SELECT coalesce(created_by, -2) FROM banks WHERE name = ?1",
	    bank, u, 1);
}

int
owner_bank_exists(struct store *s, const char *bank)
{
	return bank != NULL &&
	    db_exists(db_stmt_text(store_db(s), "SELECT 1 FROM banks WHERE name = ?1", bank));
}

int
owner_sitting(struct store *s, int64_t sitting, const char *exam, const struct user *u)
{
	/* A sitting is its exam's: the exam's owner, in one query. */
	static const char sql[] =
	    "SELECT coalesce(e.owner_id, -2) FROM sittings si JOIN exams e ON e.id = si.exam_id "
	    "WHERE si.id = ?1 AND (?2 IS NULL OR si.exam_id = ?2)";
	struct stmt *st = db_stmt_int(store_db(s), sql, sitting);

	if (st != NULL)	/* bound every time: a reset keeps the last binding */
		db_bind_text(st, 2, exam);
	return owns(st, u, 0);
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
	struct stmt *st;
	int ok = 0;

	if (u == NULL || u->role < ROLE_TRAINER ||
	    (st = db_stmt_int(d, sql, learner)) == NULL)
		return 0;
	db_bind_int64(st, 2, u->id);
	if (db_row(st)) {
		const char *role = db_col_text(st, 0);

		ok = u->role == ROLE_ADMIN || (role != NULL && strcmp(role, "learner") == 0 &&
		    db_col_int(st, 1) == 1);
	}
	db_end(st);
	return ok;
}

int
owner_attempt_conduct(struct store *s, int64_t attempt, const struct user *u)
{
	static const char sql[] =
	    "SELECT coalesce(e.owner_id, -2) FROM attempts t JOIN exams e ON e.id = t.exam_id "
	    "WHERE t.id = ?1";
	static const char sitting_sql[] =
	    "SELECT coalesce(sitting_id, 0) FROM attempts WHERE id = ?1";
	int64_t sitting;

	if (owns(db_stmt_int(store_db(s), sql, attempt), u, 0))
		return 1;
	/* Else the proctors of the sitting the attempt was started in. */
	if (u == NULL || u->role < ROLE_PROCTOR)
		return 0;
	sitting = db_one_int(db_stmt_int(store_db(s), sitting_sql, attempt), 0);
	return sitting > 0 && owner_sitting_proctor(s, sitting, u);
}

int
owner_sitting_proctor(struct store *s, int64_t sitting, const struct user *u)
{
	/* ?1 sitting, ?2 user: column 0 the exam's owner (-2 none), column 1
	 * whether the user is one of the sitting's proctors. */
	static const char sql[] =
	    "SELECT coalesce(e.owner_id, -2), EXISTS (SELECT 1 FROM sitting_proctors p "
	    "  WHERE p.sitting_id = si.id AND p.user_id = ?2) "
	    "FROM sittings si JOIN exams e ON e.id = si.exam_id WHERE si.id = ?1";
	struct stmt *st;
	int ok = 0;

	if (u == NULL || u->role < ROLE_PROCTOR ||
	    (st = db_stmt_int(store_db(s), sql, sitting)) == NULL)
		return 0;
	db_bind_int64(st, 2, u->id);
	if (db_row(st))
		ok = u->role == ROLE_ADMIN ||
		    (u->role == ROLE_TRAINER && db_col_int64(st, 0) == u->id) ||
		    db_col_int(st, 1) == 1;
	db_end(st);
	return ok;
}

int
owner_issuer(const struct user *u)
{
	return u != NULL && u->id != 0 && u->role == ROLE_ADMIN;
}

int
owner_notice(const struct user *u)
{
	return u != NULL && u->id != 0 && u->role == ROLE_ADMIN;
}

int
owner_self(const struct user *u, int64_t id)
{
	return u != NULL && u->id != 0 && u->id == id;
}

int
owner_erase(struct store *s, int64_t account, const struct user *u)
{
	/* an admin, and an account that exists (its role is erase_account's
	 * to check: staff are refused there, with a reason) */
	return u != NULL && u->id != 0 && u->role == ROLE_ADMIN && account > 0 &&
	    owner_learner(s, account, u);
}

int
owner_frameworks(const struct user *u, int64_t *viewer)
{
	*viewer = u != NULL && u->role == ROLE_TRAINER ? u->id : 0;
	return u != NULL && u->id != 0 && u->role >= ROLE_TRAINER;
}
