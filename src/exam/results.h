/*
 * results.h - what trainers read about an exam's attempts: the results
 * table (CSV for Excel), item statistics over the graded attempts,
 * regrading after a key is fixed, one attempt's integrity log, and
 * how many attempts each exam has; and what learners read of their own.
 */
#ifndef AICERT_RESULTS_H
#define AICERT_RESULTS_H

#include <jansson.h>
#include <stdint.h>

#include "buf.h"
#include "store.h"

/* One row per attempt of exam, UTF-8 with a byte-order mark so Excel
 * reads Chinese names, cells that could start a formula defused. */
void results_csv(struct store *s, const char *exam, const char *lang, struct buf *out);

/* The attempts as JSON rows (for the console page), newest first, at
 * most limit: [{"id","login","name","lang","state","started_at",
 * "finished_at","percent","passed","serial","sitting","events",
 * "regrade_note","cert_error"}]; cert_error (null when none) says why a
 * passed attempt's certificate or PDF could not be made. A row with a
 * certificate (its current one: not superseded) also has "cert_status"
 * ("valid", "revoked", "expired"), "revoked_at" and "revoke_reason"
 * (null unless revoked). */
json_t *results_rows(struct store *s, const char *exam, int limit);

/* Item statistics of exam over its graded attempts:
 * {"n","mean","sd","alpha","sem","error_ratio","histogram":[10 counts],
 *  "items":[{"id","title","type","n","facility","discrimination",
 *  "efficiency","flags":[..],"choices":[{"text","key","picked","top",
 *  "bottom"}],"facility_zh","facility_en","section" (1-based, the section
 *  it was first drawn for),"competencies":[codes of the versions graded]}]}. */
json_t *results_item_stats(struct store *s, const char *exam);

/* Regrading: grades every finished attempt of exam again with the
 * latest version of each item it showed (a fixed key arrives as a new
 * version of the same item). Preview (apply = 0) returns
 * [{"id","login","name","before","after","passed_before","passed_after"}]
 * for the attempts whose score changes; apply = 1 also stores the new
 * grades, notes them on the attempt and returns the same list. Attempts
 * that pass now get their certificates through the finish hook; those
 * that no longer pass are flagged in regrade_note, never revoked here. */
json_t *results_regrade(struct store *s, const char *exam, int apply);

/* The questions a regrade would read anew: each question version shown
 * in a finished attempt of exam that has a newer version in its language,
 * [{"key" (the item's key in its bank),"lang","title","attempts" (how many
 * showed it),"changes":["key"|"answers"|"text"|"shape"|"other"]}] by key;
 * "shape" (another type or number of parts) is not regraded. A new
 * reference; [] when the store fails. */
json_t *results_regrade_items(struct store *s, const char *exam);

/* A learner's own attempts, newest first, at most 200: [{"id","exam_id",
 * "title" (the exam's in lang, else its id),"state","percent","score",
 * "max_score" (null while running),"passed" (finished and passed),
 * "started_at","finished_at" (ms; null while running)}]. A
 * new reference; [] when the store fails. */
json_t *results_user(struct store *s, int64_t user, const char *lang);

/* Every exam's attempts counted in one read, for the console's
 * dashboard: {"EXAM": {"attempts","finished" (not running),"passed" (of
 * the finished)}} for each exam that has attempts. A new reference; {}
 * when the store fails. */
json_t *results_counts(struct store *s);

/* The integrity log of the attempt with public id attempt, oldest first:
 * [{"at_ms","kind","detail" (null when none)}]. A new reference; []
 * when there is no such attempt. */
json_t *results_events(struct store *s, const char *attempt);

#endif
