/*
 * attempt.h - attempts: starting one from an exam's blueprint, saving
 * answers, grading, the deadline.
 *
 * The server's clock is the only clock: the deadline is stored at start
 * (duration x the learner's time multiplier, capped by the exam's
 * availability) in milliseconds, and saves after deadline + grace are
 * refused. Every save is committed before it is acknowledged, and carries
 * a sequence number so that a late retry never overwrites a newer answer.
 * An attempt is graded from its committed responses only: on submit, or
 * by the sweeper once its time is up, whether or not a browser returns.
 */
#ifndef AICERT_ATTEMPT_H
#define AICERT_ATTEMPT_H

#include <jansson.h>
#include <stdint.h>

#include "account.h"
#include "exam.h"
#include "session.h"
#include "store.h"

struct attempt {
	int64_t id;
	char *public_id;	/* 22 URL-safe characters: the id in URLs */
	char *exam_id;
	int64_t user_id;
	char *lang;
	char *state;		/* "running", "submitted", "expired" */
	int64_t started_ms, deadline_ms;
	int grace_s;
	char *exam_def;		/* the exam definition it was started under */
	int graded;
	double score, max_score, percent;
	int passed;
	char *result;		/* JSON of the graded result, or NULL */
	int nitems;		/* attempt_load_brief only: how many items, */
	int64_t *versions;	/* and the item version at each position */
	int64_t paused_ms;	/* when a proctor paused it; 0: not paused */
};

enum attempt_err {
	ATTEMPT_OK = 0,
	ATTEMPT_NOT_OPEN,	/* outside the availability window */
	ATTEMPT_NO_MORE,	/* attempts used up */
	ATTEMPT_WAIT,		/* too soon after the last one; *wait_s says how long */
	ATTEMPT_LANG,		/* language not offered */
	ATTEMPT_ITEMS,		/* the banks cannot fill the blueprint */
	ATTEMPT_FAILED,		/* the store failed */
	ATTEMPT_PASSED,		/* a certifying exam already passed (attempt_standing) */
	ATTEMPT_SITTING,	/* booked into sittings, none of them open now */
	ATTEMPT_CHECKIN,	/* the exam requires check-in; not checked in to
				 * the sitting open now (or booked in none) */
};

/* Milliseconds since the epoch, from the real-time clock. */
int64_t attempt_now_ms(void);

/* Starts an attempt of exam e (id exam_id) for u in lang, or returns the
 * one already running (whatever its language). Fills out (strings from
 * a); *wait_s is set for ATTEMPT_WAIT. *created is 1 for a new one. */
enum attempt_err attempt_start(struct store *s, struct arena *a,
    const char *exam_id, const struct user *u, const char *lang,
    struct attempt *out, int *created, long *wait_s);

/* Loads the attempt with this public id. 1 found, 0 not. Grades it first
 * when its time is up and nobody has yet (so a reader never sees a
 * finished attempt ungraded). */
int attempt_load(struct store *s, struct arena *a, const char *public_id,
    struct attempt *out);

/* What a save needs of the attempt with this public id, all of which
 * never changes: id, public_id, exam_id, user_id and the item version
 * at each position (nitems, versions); the rest is left zero (NULL
 * state). From memory after the first time; the writer checks state
 * and deadline when the save is written. 1 found, 0 not. */
int attempt_load_brief(struct store *s, struct arena *a, const char *public_id,
    struct attempt *out);

/* The running attempt of user for exam, if any. 1 found, 0 not. */
int attempt_running(struct store *s, struct arena *a, const char *exam_id,
    int64_t user_id, struct attempt *out);

/* The learner's view: {"id","exam","lang","state","deadline","server_time",
 * "remaining_s","duration_s","grace_s","items":[...],"responses":{..},
 * "seqs":{..},"flagged":[..]}; never a key. New reference. */
json_t *attempt_view(struct store *s, struct arena *a, const struct attempt *t);

enum save_result {
	SAVE_OK,		/* committed */
	SAVE_STALE,		/* a newer answer (higher seq) is already saved */
	SAVE_BAD,		/* no such item, or the response does not fit it */
	SAVE_CLOSED,		/* submitted, expired or past deadline + grace */
	SAVE_FAILED,
	SAVE_PAUSED,		/* a proctor paused it: try again after resume */
};

/* Saves the response to item (its public id) with sequence number seq
 * (> 0; 0 lets the server take one past the stored one, for forms without
 * script). What is stored is the response as form_normalize rebuilds it,
 * never the object as sent. On SAVE_BAD either *field names a field of
 * the response that the item's type does not take (borrowed from
 * response), or *err says why as a message catalog key (i18n_get gives
 * the text in a language). *stored_seq gets the seq now stored. */
enum save_result attempt_save(struct store *s, struct arena *a,
    const struct attempt *t, const char *item, const json_t *response,
    int64_t seq, int64_t *stored_seq, const char **err, const char **field);

/* attempt_save in two steps, for a caller that must not block on the
 * commit. Prepare checks the save (reads only) and returns the write,
 * from a; or NULL with *res (SAVE_BAD with *err or *field, or
 * SAVE_FAILED). Queue
 * hands it to the writer; then(ctx, result, stored_seq, err) runs on the
 * writer thread once it is committed (err: as store_write_then). */
struct save;
struct save *attempt_save_prepare(struct store *s, struct arena *a,
    const struct attempt *t, const char *item, const json_t *response, int64_t seq,
    enum save_result *res, const char **err, const char **field);
void attempt_save_queue(struct store *s, struct save *sv,
    void (*then)(void *ctx, enum save_result res, int64_t stored_seq, int err), void *ctx);

/* Flags or unflags an item for review. Same results as attempt_save. */
enum save_result attempt_flag(struct store *s, const struct attempt *t,
    const char *item, int flagged);

/* Grades the attempt from its committed responses and closes it as
 * state ("submitted" or "expired"); a no-op on a closed attempt. Then
 * calls the finish hook, if any. 0 or -1. */
int attempt_finish(struct store *s, int64_t attempt_id, const char *state);

/* Grades a finished attempt again with the newest version of each item
 * it showed (how a fixed key reaches past attempts). apply = 0 only
 * computes; apply = 1 stores the new grade with a note on the attempt
 * (one that no longer passes is flagged, never revoked here) and, when it
 * now passes, runs the finish hook (which issues its certificate). */
struct attempt_regrade {
	double before, after;		/* percent */
	int passed_before, passed_after;
};
int attempt_regrade(struct store *s, int64_t attempt_id, int apply,
    struct attempt_regrade *out);

/* Called after every finish (also a repeated one) with the attempt id:
 * the server issues certificates here. Set once, before serving. */
typedef void (*attempt_hook)(struct store *s, int64_t attempt_id, void *ctx);
void attempt_on_finish(attempt_hook fn, void *ctx);

/* The result as its owner may see it under the exam's review policy:
 * {"state","score","max_score","percent","passed","pass_percent",
 *  "review","sections":[..]?, "items":[..]?}. New reference; NULL if the
 * attempt is not graded. */
json_t *attempt_result(struct store *s, struct arena *a, const struct attempt *t,
    int for_trainer);

/* Records an integrity event (tab hidden, window blur, paste) of a running
 * attempt; at most 1000 per attempt. 0 or -1. */
int attempt_event(struct store *s, const struct attempt *t, const char *kind,
    const char *detail);

/* Grades every running attempt whose deadline + grace has passed, as
 * "expired". Returns how many. */
int attempt_sweep(struct store *s);

/* Starts a thread that runs attempt_sweep every second until
 * attempt_sweeper_stop(). */
int attempt_sweeper_start(struct store *s);
void attempt_sweeper_stop(void);
/* Has the sweeper also run fn once as it starts and then every day (the
 * retention of logs); set before attempt_sweeper_start. */
void attempt_sweeper_daily(void (*fn)(struct store *s));

/* Where a learner stands with an exam before a start (attempt_rules.c):
 * what the start page shows and attempt_start enforces. Strings from the
 * arena given. */
struct attempt_standing {
	int used;		/* attempts finished */
	int left;		/* attempts left; -1 unlimited */
	int64_t retake_ms;	/* the earliest next start when waiting, else 0 */
	int passed;		/* a pass that counts: its certificate neither
				 * revoked nor expired (or not issued yet) */
	char *cert_serial;	/* that pass's live certificate, or NULL */
	int booked;		/* booked into a sitting of the exam */
	int64_t sitting_id;	/* the booked sitting open now, or 0 */
	char *sitting_name;	/* booked but none open: the sitting to name, */
	long long sitting_opens, sitting_closes;	/* and its window (Unix s;
				 * 0 an open end): the next to open, else
				 * the last to have closed */
	enum attempt_err why;	/* ATTEMPT_OK, or why a start is refused now:
				 * PASSED (certifying exams only), NO_MORE,
				 * WAIT, SITTING, CHECKIN in that order */
};

/* Fills *sd for learner user and exam e now (e's availability window
 * is not part of it). 0, or -1 if the store fails. */
int attempt_standing(struct store *s, struct arena *a, const struct exam *e, int64_t user,
    struct attempt_standing *sd);

/*
 * No minute lost (attempt_time.c). The server beats every
 * ATTEMPT_HEARTBEAT_S seconds while it serves; on start, every attempt
 * that was running at the last beat (and not paused) gets the time since
 * that beat, at most ATTEMPT_OUTAGE_CAP_S: a server down longer than that
 * is an exam day to reschedule, not minutes to give back. A proctor may
 * pause (the clock stops, saves answer SAVE_PAUSED, the sweeper waits),
 * resume (the deadline moves by the pause), extend, or file a note. Each
 * is a row of attempt_incidents and an audit row.
 */
#define ATTEMPT_HEARTBEAT_S 5
#define ATTEMPT_OUTAGE_CAP_S (4 * 3600)

/* The beat on a store several nodes share (PostgreSQL), run by the one
 * node leading the sweeper: the time since the last beat, less the beat's
 * interval and 2 s, goes back to every running attempt as an outage (a
 * failover of the database, or the leading node's death, stopped the
 * cluster), then the beat is set. Waits for its write, which waits
 * through a failover. 0 or -1. */
int attempt_outage_tick(struct store *s, int *moved, int64_t *gap_ms);

/* Records that the server is up now: wait 0 queues it to share the next
 * commit (the sweeper's beat), 1 waits for it (a clean stop). */
void attempt_heartbeat(struct store *s, int wait);

/* On start, before the sweeper: gives running attempts the time since the
 * last beat (when it is a second or more), records it, and beats. Sets
 * *moved (attempts moved) and *gap_ms (how far). 0 or -1. */
int attempt_outage_recover(struct store *s, int *moved, int64_t *gap_ms);

enum attempt_time_op { ATIME_PAUSE, ATIME_RESUME, ATIME_EXTEND, ATIME_NOTE };
enum attempt_time_err {
	ATIME_OK,
	ATIME_CLOSED,		/* submitted, expired or past its time */
	ATIME_PAUSED,		/* pause: it is paused already */
	ATIME_NOT_PAUSED,	/* resume: it is not paused */
	ATIME_FAILED,
};

/* "pause", "resume", "extend", "note": the kind an incident row stores. */
const char *attempt_time_kind(enum attempt_time_op op);

/* op on attempt attempt_id by user (its id) for reason (the note, for
 * ATIME_NOTE; stored and audited as given, so checked by the caller);
 * seconds only for ATIME_EXTEND. A note may be filed on any attempt, the
 * rest only on a running one. */
enum attempt_time_err attempt_time_act(struct store *s, int64_t attempt_id,
    int64_t user, enum attempt_time_op op, int64_t seconds, const char *reason);

/* ATIME_PAUSE on every running attempt of sitting that is not paused,
 * or ATIME_RESUME on every one that a pause of this sitting paused (one
 * paused alone stays paused), in one transaction, audited once per
 * attempt. How many it changed, or -1. */
int attempt_sitting_act(struct store *s, int64_t sitting, int64_t user,
    enum attempt_time_op op, const char *reason);

/* The attempt's incidents, oldest first: [{"at" (ISO 8601 UTC),"kind",
 * "moved_s","note","by" (login; null: the server)}]. New reference. */
json_t *attempt_incidents(struct store *s, int64_t attempt_id);

#endif
