/*
 * attempt_rules.c - where a learner stands with an exam before starting
 * it: attempts used and left, the earliest retake, a pass that still
 * counts (with its certificate), and the sittings the learner is booked
 * into with their windows. attempt_start enforces it in its transaction;
 * the start page shows it, so both say the same thing. SQL over the
 * store; see attempt.h.
 */
#include "attempt_int.h"

#include <string.h>

/* The sittings of exam_id that user is booked into: the one whose window
 * holds now (first by id) goes to sd->sitting_id; otherwise the one to
 * name, the next to open, else the last to have closed. */
static int
standing_sittings(struct db *d, struct arena *a, const char *exam_id, int64_t user,
    long long now, struct attempt_standing *sd)
{
	static const char sql[] =
	    "SELECT s.id, s.name, coalesce(s.opens_at, 0), coalesce(s.closes_at, 0) "
	    "FROM sittings s JOIN sitting_members m ON m.sitting_id = s.id "
	    "WHERE s.exam_id = ? AND m.user_id = ? ORDER BY s.id";
	struct stmt *q = db_stmt_text(d, sql, exam_id);
	int have_next = 0, have_last = 0;

	if (q == NULL)
		return -1;
	db_bind_int64(q, 2, user);
	while (db_row(q)) {
		int64_t id = db_col_int64(q, 0);
		long long o = db_col_int64(q, 2), c = db_col_int64(q, 3);
		int pick = 0;

		sd->booked = 1;
		if ((o == 0 || o <= now) && (c == 0 || now < c)) {
			if (sd->sitting_id == 0) {
				sd->sitting_id = id;
				pick = 1;
			}
		} else if (sd->sitting_id == 0 && o > now) {
			pick = !have_next || o < sd->sitting_opens;
			have_next |= pick;
		} else if (sd->sitting_id == 0 && !have_next) {
			pick = !have_last || c > sd->sitting_closes;
			have_last |= pick;
		}
		if (pick) {
			sd->sitting_name = db_text(a, q, 1);
			sd->sitting_opens = o;
			sd->sitting_closes = c;
		}
	}
	db_end(q);
	return 0;
}

/* 1 if user is checked in to sitting (0: none), 0 if not, -1 if the
 * store fails. */
static int
standing_checked_in(struct db *d, int64_t sitting, int64_t user)
{
	static const char sql[] =
	    "SELECT checked_in_at IS NOT NULL FROM sitting_members "
	    "WHERE sitting_id = ? AND user_id = ?";
	struct stmt *q;
	int in = 0;

	if (sitting == 0)
		return 0;
	if ((q = db_stmt_int(d, sql, sitting)) == NULL)
		return -1;
	db_bind_int64(q, 2, user);
	if (db_row(q))
		in = db_col_int(q, 0);
	db_end(q);
	return in;
}

int
attempt_standing_db(struct db *d, struct arena *a, const struct exam *e,
    const char *exam_id, int64_t user, int64_t now_ms, struct attempt_standing *sd)
{
	static const char history[] =
	    "SELECT count(*), coalesce(max(finished_at), 0) FROM attempts "
	    "WHERE exam_id = ? AND user_id = ? AND state != 'running'";
	/* A pass counts while its certificate is neither revoked nor
	 * expired, or while it has none yet (being issued). */
	static const char passes[] =
	    "SELECT (SELECT c.serial FROM certificates c WHERE c.attempt_id = a.id "
	    "  AND c.revoked_at IS NULL AND (coalesce(c.expires_at, 0) = 0 "
	    "  OR c.expires_at / 86400 >= ?3) ORDER BY c.id DESC LIMIT 1), "
	    " EXISTS (SELECT 1 FROM certificates c WHERE c.attempt_id = a.id) "
	    "FROM attempts a WHERE a.exam_id = ?1 AND a.user_id = ?2 AND a.passed = 1 "
	    "AND a.state != 'running' ORDER BY a.id DESC";
	struct stmt *q;
	int64_t last = 0;

	memset(sd, 0, sizeof *sd);
	sd->left = -1;
	if ((q = db_stmt_text(d, history, exam_id)) == NULL)
		return -1;
	db_bind_int64(q, 2, user);
	if (db_row(q)) {
		sd->used = db_col_int(q, 0);
		last = db_col_int64(q, 1);
	}
	db_end(q);
	if (e->attempts > 0)
		sd->left = sd->used >= e->attempts ? 0 : e->attempts - sd->used;
	if (sd->used > 0 && e->wait_s > 0 && last + (int64_t)e->wait_s * 1000 > now_ms)
		sd->retake_ms = last + (int64_t)e->wait_s * 1000;
	if ((q = db_stmt_text(d, passes, exam_id)) == NULL)
		return -1;
	db_bind_int64(q, 2, user);
	db_bind_int64(q, 3, now_ms / 1000 / 86400);
	while (!sd->passed && db_row(q)) {
		if (db_col_type(q, 0) != DB_NULL) {
			sd->passed = 1;
			sd->cert_serial = db_text(a, q, 0);
		} else if (!db_col_int(q, 1))
			sd->passed = 1;
	}
	db_end(q);
	if (standing_sittings(d, a, exam_id, user, now_ms / 1000, sd) != 0)
		return -1;
	/* A programme's part certifies nothing alone: it may be taken again
	 * (a pass within the programme's window may be needed). */
	if (sd->passed && e->cert_valid_years > 0 && !db_exists(db_stmt_text(d,
	    "SELECT 1 FROM programme_parts WHERE exam_id = ? LIMIT 1", exam_id)))
		sd->why = ATTEMPT_PASSED;
	else if (sd->left == 0)
		sd->why = ATTEMPT_NO_MORE;
	else if (sd->retake_ms > 0)
		sd->why = ATTEMPT_WAIT;
	else if (sd->booked && sd->sitting_id == 0)
		sd->why = ATTEMPT_SITTING;
	if (sd->why == ATTEMPT_OK && e->checkin) {
		int in = standing_checked_in(d, sd->sitting_id, user);

		if (in < 0)
			return -1;
		if (!in)
			sd->why = ATTEMPT_CHECKIN;
	}
	return 0;
}

int
attempt_standing(struct store *s, struct arena *a, const struct exam *e, int64_t user,
    struct attempt_standing *sd)
{
	return attempt_standing_db(store_db(s), a, e, e->id, user, attempt_now_ms(), sd);
}
