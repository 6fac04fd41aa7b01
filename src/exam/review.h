/*
 * review.h - what a learner may see of each item after grading, under the
 * exam's review policy: their answer and whether it was right ("by_item"),
 * and with the right answer and its explanation ("with_keys").
 */
#ifndef AICERT_REVIEW_H
#define AICERT_REVIEW_H

#include <jansson.h>

#include "attempt.h"

/* [{"n","prompt","answer","fraction","score","mark","right","key"?,
 *   "feedback"?}] for a graded attempt; HTML strings are sanitized and
 * escaped. lang names true/false. New reference; NULL if not graded. */
json_t *review_items(struct store *s, struct arena *a, const struct attempt *t,
    const char *lang, int with_keys);

#endif
