/*
 * erase.h - erasing a person: the account keeps only an opaque login, its
 * attempts stay as anonymous rows for item statistics (scores and choice
 * ids), every other trace of the person goes (docs/privacy.md lists each
 * field); the person's certificates are withdrawn and no longer name them.
 * Irreversible; audited without personal data. After the write a
 * background thread checkpoints the WAL and VACUUMs the file, so that its
 * bytes hold none of what was erased.
 */
#ifndef AICERT_ERASE_H
#define AICERT_ERASE_H

#include <stdint.h>

#include "store.h"

/* The reason every certificate of an erased person carries. */
#define ERASE_CERT_REASON "withdrawn at the holder's request"
/* The prefix of an erased account's login. */
#define ERASE_LOGIN_PREFIX "erased-"

/* Erases the account id. Returns 0 and writes the opaque login it now
 * has into newlogin (32 bytes), or -1 with *err a catalog key:
 * "user_not_found" (no such account, or erased already), "erase_staff"
 * (trainers, proctors and admins are not erased: demote them first),
 * "internal_error". Starts the file's cleaning (erase_vacuum). */
int erase_account(struct store *s, int64_t id, char newlogin[32], const char **err);

/* The account with this login for erasing: 1 and *id, or 0 when there is
 * none (or it is erased). Read only. */
int erase_find(struct store *s, const char *login, int64_t *id);

/* Checkpoints the WAL (truncating it), VACUUMs the database and
 * checkpoints again, on a thread of its own; returns at once. A request
 * made while one runs makes it run once more. */
void erase_vacuum(struct store *s);

/* How many erase_vacuum runs have finished since the process started
 * (tests wait for it through the database file instead). */
unsigned erase_vacuum_runs(void);

/* The tables other parts add that hold personal data, each erased by its
 * user_id column when the table exists: a NULL-terminated list, for the
 * documentation's test. */
extern const char *const erase_extra_tables[];

#endif
