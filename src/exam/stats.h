/*
 * stats.h - item and test statistics for an exam's graded attempts, as
 * Moodle's quiz statistics report computes them: facility, discrimination
 * index, discriminative efficiency, distractor counts by top and bottom
 * group, Cronbach's alpha and the standard error of measurement.
 *
 * Pure C on the arena: no SQL, no HTTP, no JSON, no globals. The caller
 * loads one observation per (attempt, item) from the store and gets plain
 * numbers back; docs/statistics.md gives every formula, how to read it and
 * the Moodle pages and code it follows. Items are bank items, not
 * positions, so with random forms each item has its own n.
 */
#ifndef AICERT_STATS_H
#define AICERT_STATS_H

#include <stddef.h>

#include "arena.h"

/* One graded response of one attempt to one item. */
struct stats_obs {
	int attempt;		/* 0..nattempts-1 */
	int item;		/* 0..nitems-1 */
	double fraction;	/* item score as a fraction of its max, 0..1
				 * (negative counts as 0, above 1 as 1, NaN
				 * as 0) */
	int choice;		/* single choice: index of the answer picked
				 * as in the question (not as shown),
				 * 0..STATS_MAX_CHOICES-1; -1 none or not
				 * applicable (so is anything out of range) */
	int lang;		/* 0 = zh-TW, 1 = en: the attempt's language;
				 * other values count in no language */
};

struct stats_item {
	int n;			/* attempts that saw it */
	double facility;	/* mean fraction 0..1; NAN if n == 0 */
	double sd;		/* sample SD of the fraction (n - 1); NAN if
				 * n < 2 */
	double discrimination;	/* Pearson correlation of the item's fraction
				 * with the rest of the test, -1..1; NAN when
				 * undefined (fewer than 2 attempts with a
				 * rest, or either side constant) */
	double efficiency;	/* discrimination / the largest it could be
				 * for these two distributions; 0..1 when
				 * discrimination >= 0, negative when it is;
				 * NAN when undefined */
	int nchoices;		/* choices counted: the larger of the
				 * caller's count and the highest pick + 1 */
	int *picked;		/* [nchoices] picks of each choice; NULL when
				 * nchoices == 0; owned by the arena */
	int *picked_top;	/* [nchoices] picks by attempts in the top 27%
				 * by total score, and ... */
	int *picked_bottom;	/* ... in the bottom 27% */
	double facility_lang[2];	/* facility in zh-TW and in English,
					 * NAN if none */
	int n_lang[2];
	unsigned flags;		/* STATS_F_* */
};

/* More choices than this in a question is not a single-choice item: a
 * larger count or pick is ignored. */
enum { STATS_MAX_CHOICES = 256 };

/* Item flags. Limits compare with 1e-9 slack, so 0.8 - 0.6 is not "more
 * than 0.2" because of rounding. */
enum {
	STATS_F_NEGATIVE_DISC = 1 << 0,	/* discrimination < 0 */
	STATS_F_LOW_DISC = 1 << 1,	/* 0 <= discrimination < 0.2, n >= 10 */
	STATS_F_TOO_EASY = 1 << 2,	/* facility > 0.9, n >= 10 */
	STATS_F_TOO_HARD = 1 << 3,	/* facility < 0.2, n >= 10 */
	STATS_F_DEAD_DISTRACTOR = 1 << 4,	/* a wrong choice nobody picked,
						 * n >= 20, key known */
	STATS_F_LANG_GAP = 1 << 5,	/* zh-TW and English facility differ
					 * by more than 0.2, each n >= 10 */
};

struct stats_test {
	int nattempts;		/* attempts with at least one observation */
	double mean, sd;	/* total score as percent of the attempt's
				 * max, 0..100; sd over n - 1 */
	double median;		/* percent */
	double skewness;	/* Moodle's k3 / k2^1.5; NAN if n < 3 */
	double kurtosis;	/* Moodle's excess k4 / k2^2; NAN if n < 4 */
	double alpha;		/* Cronbach's alpha (KR-20 for 0/1 items) on
				 * marks; for random forms see
				 * docs/statistics.md; NAN if n < 3, the
				 * totals are constant or an attempt sees
				 * fewer than 2 marked items on average */
	double error_ratio;	/* sqrt(1 - alpha), 0..1 */
	double sem;		/* standard error of measurement,
				 * sd * sqrt(1 - alpha), in percent */
};

/* Computes every item and test figure from obs[0..nobs).
 *
 * items[0..nitems) and *test are overwritten. item_choices[i] is the number
 * of choices of single-choice item i (0 otherwise, and above
 * STATS_MAX_CHOICES counted as 0), item_key[i] the index
 * of its right choice (-1 if none: no dead-distractor flag), item_max[i]
 * its max marks, which weight the totals (a negative or non-finite max
 * counts as 0). Any of the three may be NULL: no choices, no keys, every
 * item worth 1.
 *
 * Observations whose attempt or item is out of range are ignored; a
 * second observation of the same (attempt, item) is ignored too. The
 * picked arrays and all scratch space come from a and live as long as it;
 * nothing needs freeing on its own. */
void stats_compute(struct arena *a, const struct stats_obs *obs,
    size_t nobs, int nattempts, int nitems, const int *item_choices,
    const int *item_key, const double *item_max, struct stats_item *items,
    struct stats_test *test);

#endif
