/*
 * cohort.h - how a cohort did on each competency of an exam: the heat map
 * of the console's cohort page, its CSV and GET /api/v1/exams/{exam}/cohort.
 *
 * Rows are the competencies of the frameworks the exam's items are tagged
 * with (their newest versions, areas with their competencies beneath, in
 * the framework's order); columns are all learners, then the exam's
 * sittings (and "no sitting") or the months the attempts were finished
 * in. A cell is the cohort's percent on the competency: the sum of scores
 * over the sum of max marks of the items carrying its code or a
 * descendant's, over each learner's last submitted attempt in the column
 * (a fraction counts clamped to 0..1, as in the item statistics), with
 * the learners and the distinct items behind it.
 */
#ifndef AICERT_COHORT_H
#define AICERT_COHORT_H

#include <jansson.h>

#include "buf.h"
#include "store.h"

/* Below this many learners a cell is marked too few to read. */
#define COHORT_MIN_LEARNERS 5

enum cohort_by {
	COHORT_BY_SITTING,
	COHORT_BY_MONTH,
};

/* The cohort of exam (a new reference; NULL when the store fails):
 * {"exam","by":"sitting"|"month","attempts":"last","min_learners",
 *  "columns":[{"key","name","learners"}],
 *  "competencies":[{"code","framework","title":{"en","zh-TW"},"parent",
 *   "depth","order" (its place in framework order),"cells":[{"column",
 *   "percent" (null without items),"score",
 *   "max","learners","items","too_few"}]}]}
 * cells in the order of columns. Column keys: "all", "s<sitting id>"
 * and "none" (attempts outside any sitting), or "m<YYYY-MM>" (the month
 * in the issuer's zone). Rows in framework order. */
json_t *cohort_compute(struct store *s, const char *exam, enum cohort_by by);

/* Sorts the competencies of c by their percent in column key (ascending,
 * or descending when desc; cells without items last, ties in framework
 * order), or back into framework order when key is "code". Each
 * framework's rows stay together. 0, or -1 when there is no such column
 * (c unchanged). */
int cohort_sort(json_t *c, const char *key, int desc);

/* c as CSV for Excel into out: a UTF-8 byte-order mark, a header row, one
 * row per competency with percent, learners and items per column; cells
 * that could start a formula defused. */
void cohort_csv(const json_t *c, struct buf *out);

#endif
