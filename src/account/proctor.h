/*
 * proctor.h - a test centre's proctors and the door: who proctors which
 * sitting, checking candidates in (the ID document seen, the seat), and
 * the room as the proctor watches it (each seat's state, time left,
 * answers, integrity events). SQL over the store; who may ask is
 * owner_sitting_proctor's to say (owner.h), before any of these.
 */
#ifndef AICERT_PROCTOR_H
#define AICERT_PROCTOR_H

#include <jansson.h>
#include <stdint.h>

#include "account.h"
#include "store.h"

/* Inside a write (people.c books a sitting): makes the logins of the
 * JSON array proctors (strings) the proctors of sitting. Each must be a
 * proctor account that by may assign: an admin any, a trainer those it
 * created or an admin did. 0, or -1 with *bad the login refused (a
 * string of proctors) and *why its message key. */
int proctor_assign_db(struct db *d, int64_t sitting, const json_t *proctors,
    const struct user *by, const char **bad, const char **why);

/* Assigns the proctor account login to sitting, as by (who manages the
 * sitting): a proctor account by may assign (proctor_assign_db's rule);
 * made by by when created is 1 (account_create made it just before), so
 * that it is by's to assign from then on. Audited as sitting.proctor. 0,
 * or -1 with *why a message key (NULL: the store failed). */
int proctor_add(struct store *s, int64_t sitting, const struct user *by, const char *login,
    int created, const char **why);

/* The logins of sitting's proctors, by login (a new array). */
json_t *proctor_logins(struct store *s, int64_t sitting);

/* The sittings u may proctor (owner.h), newest window first:
 * [{"id","exam_id","exam_en","exam_zh","name","room","opens_at",
 * "closes_at","members","checked_in"}] (a new array). */
json_t *proctor_sittings(struct store *s, const struct user *u);

/* The ID documents a check-in may name. */
extern const char *const proctor_id_types[];	/* NULL-ended */

/* A check-in: login a member of the sitting; id_type one of
 * proctor_id_types (NULL with confirmed); id_last4 1-4 letters or digits,
 * or confirmed 1 ("identity confirmed"); seat 1..PEOPLE_SEAT_MAX to
 * assign, 0 to keep the member's. */
struct proctor_checkin {
	const char *login, *id_type, *id_last4;
	int confirmed, seat;
};

enum proctor_err {
	PROCTOR_OK = 0,
	PROCTOR_INVALID,	/* the request's fields: *err names which */
	PROCTOR_NOT_MEMBER,	/* login is not booked into the sitting */
	PROCTOR_SEAT_TAKEN,	/* another member holds the seat */
	PROCTOR_FAILED,		/* the store */
};

/* Checks ci->login in to sitting (again: updates the document and seat),
 * audited as sitting.checkin. *err a message key for PROCTOR_INVALID. */
enum proctor_err proctor_checkin(struct store *s, int64_t sitting,
    const struct proctor_checkin *ci, const char **err);

/* Undoes login's check-in to sitting (nothing to undo is fine), audited
 * as sitting.checkin_undo. */
enum proctor_err proctor_checkin_undo(struct store *s, int64_t sitting, const char *login);

/* The door list with check-ins: [{"login","name","name_alt","seat",
 * "checked_in","checked_in_at","id_type","id_last4"}] by name. */
json_t *proctor_door(struct store *s, int64_t sitting);

/* The room at now_ms: {"seats":[{"login","name","name_alt","seat","state",
 * "attempt","time_left_s","answered","total","last_seen_s","events",
 * "extended_s" (the time proctors added)}],
 * "events":[{"login","name","seat","kind","at"}] newest first (the last
 * 200), "now"}.
 * state: "absent", "checked_in", "started", "saving", "offline",
 * "paused", "submitted". Two queries, however many seats. */
json_t *proctor_room(struct store *s, int64_t sitting, int64_t now_ms);

#define PROCTOR_SAVING_MS 20000		/* a save this recent: "saving" */
#define PROCTOR_OFFLINE_MS 60000	/* nothing this long while running: "offline" */

#endif
