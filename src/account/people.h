/*
 * people.h - learners in bulk for test centres: accounts from a CSV,
 * sittings (a group, a window), and one-time access codes.
 *
 * An access code is 16 characters of base32 (80 random bits) printed on a
 * slip; only its SHA-256 is stored. Its entropy makes slow hashing
 * pointless, so a room of candidates signing in with codes costs the
 * server almost nothing.
 */
#ifndef AICERT_PEOPLE_H
#define AICERT_PEOPLE_H

#include <jansson.h>
#include <stdint.h>

#include "account.h"
#include "question.h"
#include "store.h"

#define ACCESS_CODE_LEN 16
#define PEOPLE_SEAT_MAX 9999	/* seats are numbered 1 .. this */

/* One record of a learners CSV. */
#define PEOPLE_CSV_FIELDS 16
struct people_row {
	int line;			/* the line it starts on, from 1 */
	int nf;				/* fields kept */
	char *f[PEOPLE_CSV_FIELDS];
};

/* Reads csv (UTF-8 text; a leading byte order mark is dropped) as RFC
 * 4180 CSV with libcsv: a field in double quotes may hold commas, line
 * breaks and "" for a quote; lines end in CRLF, LF or CR; blank lines
 * are skipped. Every field is trimmed of spaces and tabs (inside quotes
 * too); a record keeps its first PEOPLE_CSV_FIELDS fields. Returns 0 with
 * the records in *rows (*n of them, from a); or -1 with an error in
 * errs, in errs->lang (a quoted field never closed, at the line its
 * record starts on; out of memory), *rows and *n then holding what was
 * read. */
int people_csv_read(struct arena *a, const char *csv, struct people_row **rows,
    size_t *n, struct q_bank *errs);

/* Creates learners from CSV text (already UTF-8): a header line naming
 * columns login, name and optionally name_alt, seat and lang (any order;
 * Excel's BOM is fine), one learner per line, for the trainer or admin by.
 * A seat (1 .. PEOPLE_SEAT_MAX, once a file, needs a sitting; another
 * learner's seat there refuses the line) is the learner's in sitting; a
 * lang ("en", "zh-TW") becomes the account's language (what its slips
 * print in). New
 * accounts get no password (they sign in with codes or a password set
 * later) and are by's (owner.h). A line naming an existing account is
 * refused unless it is a learner by manages: an import never touches a
 * staff account or another trainer's learner. With codes_days > 0 every
 * learner of the file without a password gets an access code valid that
 * many days, for sitting (0: none; must be by's), and their older unused
 * codes stop working; a learner with a password gets no code. All or
 * nothing: every problem is reported in errs by line, in lang. Returns
 * [{"login","name" (as the account has it),"code"?,"code_expires_at"?
 * (Unix seconds),"seat"?,"lang"? (the account's),"created"}] or NULL
 * when errs has errors. */
json_t *people_import_csv(struct store *s, const struct user *by, const char *lang,
    const char *csv, int64_t sitting, int codes_days, struct q_bank *errs);

/* Signs in with an access code: 1 and u filled (strings from a) when
 * the code is live (then it is used up), 0 otherwise. */
int people_code_signin(struct store *s, struct arena *a, const char *code,
    struct user *u);

/* A new access code for the learner login, for the trainer or admin by
 * who manages it (owner.h), valid days days: the learner's unused codes
 * stop working, and a password the account had is removed (the code is
 * the way back for a learner who lost it; its sessions end), so that the
 * learner signs in with the code and sets a password again on /welcome.
 * Audited (user.code). Returns {"login","name","name_alt"?,"lang"?,"code",
 * "code_expires_at","created":false} as an import's row, or NULL with
 * *err a message key: "user_not_found", "learner_not_yours",
 * "internal_error". */
json_t *people_new_code(struct store *s, const char *login, const struct user *by,
    int days, const char **err);

/* Creates a sitting of exam, booked by by (who must manage the exam),
 * with a window (0 = none) and members (logins of learners by manages,
 * owner.h). Returns its id, or -1 with *err a message in lang (from a or
 * the catalog). */
int64_t people_sitting_create(struct store *s, struct arena *a, const struct user *by,
    const char *lang, const char *exam, const char *name, long long opens_at,
    long long closes_at, const json_t *logins, const char **err);

/* The sittings of exam: [{"id","name","opens_at","closes_at","members",
 * "room"}] ("" no room). */
json_t *people_sittings(struct store *s, const char *exam);

/* A sitting as booked: a name, a room (NULL or "": none), a window (Unix
 * seconds, 0 an open end), members: logins, or {"login","seat"} objects
 * (the caller has refused other fields and types). */
struct people_sitting_spec {
	const char *name, *room;
	long long opens_at, closes_at;
	const json_t *members;
	const json_t *proctors;	/* logins of proctor accounts (proctor.h), or NULL */
};

/* people_sitting_create with a room and seats: a seat is a number 1 ..
 * PEOPLE_SEAT_MAX, given once a sitting. Returns its id, or -1 with *err
 * a message in lang (from a or the catalog). */
int64_t people_sitting_book(struct store *s, struct arena *a, const struct user *by,
    const char *lang, const char *exam, const struct people_sitting_spec *sp,
    const char **err);

/* Sitting id: {"id","exam_id","name","room","opens_at","closes_at",
 * "exam_en","exam_zh"} (a new reference), or NULL. The caller checks who
 * may see it (owner_sitting). */
json_t *people_sitting_get(struct store *s, int64_t sitting);

/* Its members: [{"login","name","name_alt","seat"}] (seat 0: none), by
 * seat (the unseated last) or by name. */
json_t *people_sitting_roster(struct store *s, int64_t sitting, int by_seat);

#endif
