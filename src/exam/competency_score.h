/*
 * competency_score.h - an attempt's result per competency: for every
 * code its items carry, rolled up to every ancestor, the score (sum of
 * fraction x mark), the max (sum of marks) and how many items; an item
 * in several competencies counts in each, once per competency.
 */
#ifndef AICERT_COMPETENCY_SCORE_H
#define AICERT_COMPETENCY_SCORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Fewer items than this: the band is "too_few", whatever the percent. */
#define COMPETENCY_MIN_ITEMS 3

/* The scores of n graded items (item version[i] graded with fraction[i]
 * of mark[i]) per competency, in framework order (each framework's
 * competencies depth first, siblings by position):
 * [{"code","framework","version","title":{"en","zh-TW"},"parent" (null
 * for an area),"score","max","items"}], with the titles the codes have in
 * their framework's newest version now, to be stored with the result.
 * Codes no framework defines are left out. A new reference ([] when no
 * item carries a known code); NULL on a store error. */
json_t *competency_score(struct db *d, const int64_t *version, const double *fraction,
    const double *mark, size_t n);

/* The competencies of graded attempt for its result: the snapshot
 * stored in its result JSON (result_text), or, for an attempt graded
 * before results kept one, computed now from the result's items and the
 * item versions graded. Each entry also gets "percent" (rounded to one
 * decimal) and "band": "too_few" under COMPETENCY_MIN_ITEMS items, else
 * "meets" at pass_percent or above, else "not_yet". A new reference;
 * [] when none or on an error. */
json_t *competency_result(struct db *d, int64_t attempt, const char *result_text,
    double pass_percent);

#endif
