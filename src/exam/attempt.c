/*
 * attempt.c - attempts in the store, the common part; see attempt.h. The
 * clock, reading an attempt's row (attempt_load, attempt_running) and the
 * row reader the other attempt files share (attempt_int.h). The rest of
 * the module lives by job: attempt_start.c (start and draw),
 * attempt_cache.c (parsed questions, what a save needs of an attempt),
 * attempt_view.c (the learner's view, the result), attempt_save.c (save
 * and flag: the hot path), attempt_grade.c (grading, finish, regrade),
 * attempt_event.c (integrity events), attempt_sweep.c (the sweeper).
 * Depends on the store; an expired attempt read here is graded through
 * attempt_finish.
 */
#include "attempt_int.h"

#include <string.h>
#include <time.h>

int64_t
attempt_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	/* the database's clock on a shared store: one clock for every node */
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000 + store_clock_offset_ms();
}

int
attempt_fill_row(struct arena *a, struct stmt *q, struct attempt *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_col_int64(q, 0);
	t->public_id = db_text(a, q, 1);
	t->exam_id = db_text(a, q, 2);
	t->user_id = db_col_int64(q, 3);
	t->lang = db_text(a, q, 4);
	t->state = db_text(a, q, 5);
	t->started_ms = db_col_int64(q, 6);
	t->deadline_ms = db_col_int64(q, 7);
	t->grace_s = db_col_int(q, 8);
	t->exam_def = db_text(a, q, 9);
	t->graded = db_col_type(q, 10) != DB_NULL;
	t->score = db_col_double(q, 10);
	t->max_score = db_col_double(q, 11);
	t->percent = db_col_double(q, 12);
	t->passed = db_col_int(q, 13);
	t->result = db_text(a, q, 14);
	t->paused_ms = db_col_int64(q, 15);
	return 1;
}

int
attempt_load(struct store *s, struct arena *a, const char *public_id,
    struct attempt *out)
{
	static const char sql[] =
	    "SELECT " ATTEMPT_COLS " FROM attempts WHERE public_id = ?";
	struct stmt *q;
	int found = 0;

	for (int pass = 0; pass < 2; pass++) {
		if ((q = db_stmt_text(store_db(s), sql, public_id)) == NULL)
			return 0;
		found = db_row(q) && attempt_fill_row(a, q, out);
		db_end(q);
		if (!found || strcmp(out->state, "running") != 0 || out->paused_ms != 0 ||
		    attempt_now_ms() <= out->deadline_ms + (int64_t)out->grace_s * 1000)
			break;
		/* Time is up and the sweeper has not come by yet. */
		attempt_finish(s, out->id, "expired");
	}
	return found;
}

int
attempt_running(struct store *s, struct arena *a, const char *exam_id,
    int64_t user_id, struct attempt *out)
{
	static const char sql[] =
	    "SELECT public_id FROM attempts WHERE exam_id = ? AND user_id = ? "
	    "AND state = 'running'";
	struct stmt *q = db_stmt_text(store_db(s), sql, exam_id);
	char *pid;

	if (q == NULL)
		return 0;
	db_bind_int64(q, 2, user_id);
	pid = db_one_text(a, q);
	return pid != NULL && attempt_load(s, a, pid, out) &&
	    strcmp(out->state, "running") == 0;
}
