/*
 * slipbox.h - the slips of a learners import, kept in memory for a short
 * while so that the import's POST can redirect to a page (GET) that shows
 * them: only the hashes of access codes are stored, so the codes exist
 * nowhere else. An import is shown only to the session that made it, for
 * SLIPBOX_TTL_S seconds; a restart forgets every one. Thread-safe.
 */
#ifndef AICERT_SLIPBOX_H
#define AICERT_SLIPBOX_H

#include <jansson.h>
#include <stdint.h>

#define SLIPBOX_TTL_S 900	/* 15 minutes */
#define SLIPBOX_MAX 64		/* imports kept at once; the oldest goes first */
#define SLIPBOX_ID_LEN 22	/* URL-safe characters */

/* Keeps slips (a reference is taken) for user's session token; writes
 * its id (SLIPBOX_ID_LEN + 1 bytes) into id. 0, or -1 out of memory. */
int slipbox_put(int64_t user, const char *token, json_t *slips,
    char id[SLIPBOX_ID_LEN + 1]);

/* The slips kept as id for user's session token (a new reference), or
 * NULL if none: never kept, expired, forgotten, or another session's.
 * *age_s (if not NULL) is how long ago they were kept. */
json_t *slipbox_get(const char *id, int64_t user, const char *token, long *age_s);

/* Forgets every import (tests, shutdown). */
void slipbox_clear(void);

#endif
