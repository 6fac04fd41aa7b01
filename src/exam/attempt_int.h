/*
 * attempt_int.h - what the attempt files (attempt*.c) share and nobody
 * else calls: the attempts row reader and the store of parsed item
 * versions. The public interface is attempt.h; this header is private to
 * the attempt module. Depends on SQLite (row access) and question.h.
 */
#ifndef AICERT_ATTEMPT_INT_H
#define AICERT_ATTEMPT_INT_H

#include <stdint.h>

#include "arena.h"
#include "attempt.h"
#include "question.h"
#include "store.h"

/* The columns attempt_fill_row reads, in its order. */
#define ATTEMPT_COLS "id, public_id, exam_id, user_id, lang, state, started_at, " \
	"deadline, grace_s, exam_def, score, max_score, percent, passed, result, paused_at"

/* Fills t (zeroed first; strings from a) from the current row of a
 * SELECT ATTEMPT_COLS. Returns 1. */
int attempt_fill_row(struct arena *a, struct stmt *q, struct attempt *t);

/* attempt_cache.c: item version `version` whose stored JSON is data,
 * parsed once per process and shared read-only by every request (do not
 * free or change it); from a when the cache is full. data NULL only looks
 * in memory. NULL if it is not there or data does not parse. */
const struct question *attempt_question_parsed(struct db *d, struct arena *a,
    int64_t version, const char *data);

/* attempt_cache.c: item version `version`, parsed once: its stored JSON
 * is read only when it is not in memory yet. Shared as above. NULL if
 * there is no such version. */
const struct question *attempt_question(struct db *d, struct arena *a, int64_t version);

/* attempt_rules.c: attempt_standing inside a transaction, at now_ms,
 * for exam e stored as exam_id. */
int attempt_standing_db(struct db *d, struct arena *a, const struct exam *e,
    const char *exam_id, int64_t user, int64_t now_ms, struct attempt_standing *sd);

#endif
