/*
 * attempt_save.c - saving an answer and flagging an item: the hot path of
 * an exam day (docs/performance.md). A save is checked on the caller's
 * thread from memory (attempt_cache.c: what never changes of the attempt,
 * the parsed question), then written by the store's writer, which checks
 * state and deadline in the save's own transaction. What is stored is the
 * answer as form_normalize rebuilds it. Depends on form.c and the store.
 */
#include "attempt_int.h"

#include <string.h>

#include "form.h"

/* N of an item id "iN" (digits only, no sign or space, 1..100000), or 0. */
static long
item_number(const char *item)
{
	long n = 0;

	if (item == NULL || item[0] != 'i' || item[1] < '1' || item[1] > '9')
		return 0;
	for (const char *p = item + 1; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return 0;
		n = n * 10 + (*p - '0');
	}
	return n <= 100000 ? n : 0;
}

/* Position and question of item "iN" of attempt t, by its item
 * versions (attempt_load_brief's; looked up when t was loaded whole). */
static const struct question *
item_of(struct store *s, struct arena *a, const struct attempt *t, const char *item,
    int *pos)
{
	struct attempt brief;
	long n;

	if ((n = item_number(item)) < 1)
		return NULL;
	*pos = (int)n - 1;
	if (t->versions == NULL) {
		if (!attempt_load_brief(s, a, t->public_id, &brief))
			return NULL;
		t = &brief;
	}
	return *pos < t->nitems ? attempt_question(store_db(s), a, t->versions[*pos]) : NULL;
}

struct save {
	int64_t attempt, seq, stored;
	int pos, flag, is_flag;
	const char *json;
	enum save_result result;
	void (*then)(void *ctx, enum save_result res, int64_t stored_seq, int err);
	void *then_ctx;
};

/* 1 if the attempt still takes answers now, 2 if a proctor paused it
 * (its clock stands still: the deadline does not count), else 0. */
static int
open_now(struct db *d, int64_t attempt)
{
	static const char sql[] =
	    "SELECT CASE WHEN paused_at IS NOT NULL THEN 2 "
	    "WHEN deadline + grace_s * 1000 >= ? THEN 1 ELSE 0 END "
	    "FROM attempts WHERE id = ? AND state = 'running'";
	struct stmt *q = db_stmt_int(d, sql, attempt_now_ms());

	if (q == NULL)
		return 0;
	db_bind_int64(q, 2, attempt);
	return (int)db_one_int(q, 0);
}

static int
save_fn(struct db *d, void *ctx)
{
	static const char upsert[] =
	    "INSERT INTO responses(attempt_id, position, seq, response, saved_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(attempt_id, position) DO UPDATE "
	    "SET seq = excluded.seq, response = excluded.response, "
	    "saved_at = excluded.saved_at WHERE excluded.seq > responses.seq RETURNING seq";
	static const char current[] =
	    "SELECT seq FROM responses WHERE attempt_id = ? AND position = ?";
	static const char same[] =
	    "SELECT seq, response FROM responses WHERE attempt_id = ? AND position = ?";
	static const char flag[] =
	    "UPDATE attempt_items SET flagged = ? WHERE attempt_id = ? AND position = ?";
	struct save *sv = ctx;
	struct stmt *q;
	int rc, open = open_now(d, sv->attempt);

	if (open != 1) {
		sv->result = open == 2 ? SAVE_PAUSED : SAVE_CLOSED;
		return -1;
	}
	if (sv->is_flag) {
		if ((q = db_stmt(d, flag)) == NULL)
			return -1;
		db_bind_int(q, 1, sv->flag);
		db_bind_int64(q, 2, sv->attempt);
		db_bind_int(q, 3, sv->pos);
		rc = db_done(q);
		sv->result = rc == 0 ? SAVE_OK : SAVE_FAILED;
		return rc;
	}
	if (sv->seq <= 0) {
		/* The server numbers it: one past what is stored. */
		if ((q = db_stmt_int(d, current, sv->attempt)) == NULL)
			return -1;
		db_bind_int(q, 2, sv->pos);
		sv->seq = db_one_int(q, 0) + 1;
	}
	if ((q = db_stmt(d, upsert)) == NULL)
		return -1;
	db_bind_int64(q, 1, sv->attempt);
	db_bind_int(q, 2, sv->pos);
	db_bind_int64(q, 3, sv->seq);
	db_bind_text(q, 4, sv->json);
	db_bind_int64(q, 5, attempt_now_ms());
	/* A row back: written, with its seq (the first step makes the
	 * change). No row: a newer seq is stored; read which. */
	if ((rc = db_step(q)) == DB_ROW) {
		sv->stored = db_col_int64(q, 0);
		rc = db_step(q);
	} else
		sv->stored = -1;
	db_end(q);
	if (rc != DB_DONE)
		return -1;
	sv->result = sv->stored >= 0 ? SAVE_OK : SAVE_STALE;
	if (sv->result == SAVE_OK)
		return 0;
	if ((q = db_stmt_int(d, same, sv->attempt)) == NULL)
		return -1;
	db_bind_int(q, 2, sv->pos);
	if (db_row(q)) {
		sv->stored = db_col_int64(q, 0);
		/* The same seq with the same answer is this save again (a
		 * client's retry, or the writer's after a failover that lost
		 * the COMMIT's answer): done, not stale. */
		if (sv->stored == sv->seq && db_col_text(q, 1) != NULL &&
		    strcmp(db_col_text(q, 1), sv->json) == 0)
			sv->result = SAVE_OK;
	}
	db_end(q);
	return 0;
}

struct save *
attempt_save_prepare(struct store *s, struct arena *a, const struct attempt *t,
    const char *item, const json_t *response, int64_t seq, enum save_result *res,
    const char **err, const char **field)
{
	struct save *sv = arena_alloc(a, sizeof *sv);
	struct response r;
	const struct question *qq = item_of(s, a, t, item, &sv->pos);

	*err = NULL;
	*field = NULL;
	*res = SAVE_BAD;
	if (qq == NULL) {
		*err = "save_item_unknown";
		return NULL;
	}
	/* Checked against the unshuffled layout: it takes exactly what the
	 * drawn one does. What is stored is the response rebuilt from what
	 * it says (its one field, ids written plainly), never the body as
	 * sent: a learner's extra fields would otherwise fill the disk. */
	if (form_response(qq, NULL, response, a, &r, err) != 0 ||
	    (sv->json = form_normalize(qq, response, &r, a, field, err)) == NULL)
		return NULL;
	if (seq < 0) {
		*err = "seq_negative";
		return NULL;
	}
	sv->attempt = t->id;
	sv->seq = seq;
	sv->result = SAVE_FAILED;
	return sv;
}

/* The writer's word on a queued save, handed to its caller. */
static void
save_then(void *ctx, int result, int err)
{
	struct save *sv = ctx;

	if (result != 0 && sv->result == SAVE_OK)
		sv->result = SAVE_FAILED;
	sv->then(sv->then_ctx, sv->result, sv->stored, err);
}

void
attempt_save_queue(struct store *s, struct save *sv,
    void (*then)(void *ctx, enum save_result res, int64_t stored_seq, int err), void *ctx)
{
	sv->then = then;
	sv->then_ctx = ctx;
	store_write_then(s, save_fn, sv, save_then);
}

enum save_result
attempt_save(struct store *s, struct arena *a, const struct attempt *t,
    const char *item, const json_t *response, int64_t seq, int64_t *stored_seq,
    const char **err, const char **field)
{
	enum save_result res;
	struct save *sv = attempt_save_prepare(s, a, t, item, response, seq, &res, err,
	    field);

	if (sv == NULL)
		return res;
	if (store_write(s, save_fn, sv) != 0 && sv->result == SAVE_OK)
		sv->result = SAVE_FAILED;
	*stored_seq = sv->stored;
	return sv->result;
}

enum save_result
attempt_flag(struct store *s, const struct attempt *t, const char *item, int flagged)
{
	struct save sv = { t->id, 0, 0, 0, flagged != 0, 1, NULL, SAVE_FAILED, NULL, NULL };
	long n;

	if ((n = item_number(item)) < 1)
		return SAVE_BAD;
	sv.pos = (int)n - 1;
	store_write(s, save_fn, &sv);
	return sv.result;
}
