/*
 * exam_store.h - exam definitions in the database, checked against the
 * banks they draw from.
 */
#ifndef AICERT_EXAM_STORE_H
#define AICERT_EXAM_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "account.h"
#include "exam.h"
#include "store.h"

/* Checks that every section of e can be drawn in every language of the
 * exam from the latest bank versions: enough auto-gradable questions in
 * the category and below (and per difficulty when a mix is given). Each
 * shortfall is an error in errs naming the section and language. 0 if
 * the exam can be assembled, -1 otherwise. */
int exam_check_items(struct store *s, const struct exam *e, struct q_bank *errs);

/* Adds or replaces the exam with e's id (its canonical JSON). Returns 1 if
 * it was added, 2 if it replaced an older definition, -1 on failure. */
int exam_save(struct store *s, const struct exam *e, int64_t user);

/* Saves e (a definition exam_parse accepted) as u's, when the rules
 * allow: refused when it would replace an exam u may not manage
 * (owner.h); a trainer's exam must name a bank the trainer may draw from;
 * every section must be drawable (exam_check_items) and the keys of a
 * certificate exam stay hidden (exam_overlap.h). errs must hold no error
 * yet. Returns 1 added, 2 replaced; -1 refused, with each problem in
 * errs (messages in lang) or, when errs has none, *err a catalog key:
 * "exam_not_yours", "internal_error". */
int exam_save_as(struct store *s, const struct exam *e, const struct user *u,
    const char *lang, struct q_bank *errs, const char **err);

/* 1 if an exam with this id exists. */
int exam_exists(struct store *s, const char *id);

/* The exams open now to a learner (within their availability window), or
 * for trainers (all = 1, u set) every exam they may manage, in lang:
 * [{"id","title","titles":{"en","zh-TW"},"duration_s","items","pass_percent",
 *   "languages","available_from","available_until"}]. */
json_t *exam_list(struct store *s, const char *lang, int all, const struct user *u);

/* Loads exam id's definition into e (strings from a). 1 found, 0 not. */
int exam_load(struct store *s, struct arena *a, const char *id, struct exam *e);

#endif
