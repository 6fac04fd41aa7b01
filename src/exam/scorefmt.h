/*
 * scorefmt.h - how a score reads on every page: whole numbers unless a
 * fraction exists ("10% (1 / 10)", "72.5% (29 / 40)"), never the false
 * precision of "10.0% (1.00 / 10.00)". Files for machines (CSV, JSON)
 * keep the full value; only what people read goes through here.
 */
#ifndef AICERT_SCOREFMT_H
#define AICERT_SCOREFMT_H

#include "arena.h"

/* v rounded to at most decimals places, trailing zeros and a bare
 * point dropped: 10 -> "10", 72.50 -> "72.5", 1.333 (2) -> "1.33",
 * -0.001 -> "0". */
const char *score_num(struct arena *a, double v, int decimals);

/* A percent as people read it: one decimal at most ("72.5", "10"). */
const char *score_percent(struct arena *a, double percent);

/* Points as people read them: two decimals at most ("29", "2.5"). */
const char *score_points(struct arena *a, double points);

/* "72.5% (29 / 40)". */
const char *score_text(struct arena *a, double percent, double score, double max);

#endif
