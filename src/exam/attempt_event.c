/*
 * attempt_event.c - integrity events of a running attempt (tab hidden,
 * window blur, paste), as the exam page reports them: at most 1000 per
 * attempt, written through the store's writer. Depends on the store.
 */
#include "attempt_int.h"

#include <string.h>

struct event {
	int64_t attempt;
	const char *kind, *detail;
};

static int
event_fn(struct db *d, void *ctx)
{
	static const char count[] =
	    "SELECT count(*) FROM integrity_events WHERE attempt_id = ?";
	static const char ins[] =
	    "INSERT INTO integrity_events(attempt_id, at, kind, detail) VALUES (?, ?, ?, ?)";
	struct event *ev = ctx;
	struct stmt *q = db_stmt_int(d, count, ev->attempt);

	if (q == NULL || db_one_int(q, 0) >= 1000 ||
	    (q = db_stmt_int(d, ins, ev->attempt)) == NULL)
		return -1;
	db_bind_int64(q, 2, attempt_now_ms());
	db_bind_text(q, 3, ev->kind);
	db_bind_text(q, 4, ev->detail);
	return db_done(q);
}

int
attempt_event(struct store *s, const struct attempt *t, const char *kind,
    const char *detail)
{
	struct event ev = { t->id, kind, detail };

	if (strcmp(t->state, "running") != 0)
		return -1;
	return store_write(s, event_fn, &ev);
}
