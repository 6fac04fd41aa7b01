/*
 * grade.h - scores a learner's responses the way Moodle does, and adds the
 * scores up into sections, a total and a pass/fail.
 *
 * Pure C on the question model (question.h) and the arena: no HTTP, no SQL,
 * no JSON, no clock and no randomness, so grading the same stored responses
 * again (a regrade after a key fix) gives the same result bit for bit.
 *
 * The rules are Moodle's (question/type/<type>/question.php), with what
 * is added on top for short answers: compatibility forms are folded
 * (full-width letters and digits typed with a CJK input method among
 * them) and runs of spaces collapse. Where this file departs from Moodle
 * on purpose, grade.c says so beside the code; in short:
 *   - short answer and numerical take the best matching answer, where
 *     Moodle takes the first one in the author's order (the same result
 *     whenever answers are listed best first, as Moodle's form advises);
 *   - short-answer text is normalised to NFKC where Moodle's
 *     safe_normalize stops at NFC: besides widths, ligatures ("ﬁ"),
 *     super- and subscripts ("x²" as "x2"), circled and Roman-numeral
 *     forms and the no-break and other spaces become their plain twins;
 *     case is folded as PCRE's /iu folds it, in every script (utf8_fold);
 *   - matching compares answer texts byte for byte, where PHP's
 *     array_search compares loosely ("1" == "01").
 * Unicode's tables are libunistring's (through utf8.h).
 */
#ifndef AICERT_GRADE_H
#define AICERT_GRADE_H

#include <stddef.h>

#include "arena.h"
#include "question.h"

/* A learner's response to one question, in terms of the question's own
 * answers. Nothing is owned: the pointers stay the caller's. */
struct response {
	int given;		/* 0: nothing answered (scores 0) */
	int choice;		/* multichoice single / truefalse: index into
				 * q->answers; -1 none */
	const int *choices;	/* multichoice multiple response: indexes into
				 * q->answers (unique) */
	size_t nchoices;
	const char *text;	/* shortanswer: what the learner typed, UTF-8 */
	double number;		/* numerical: the number given */
	const int *pairs;	/* matching: for each i in 0..q->npairs-1 with
				 * q->pairs[i].sub non-empty, pairs[i] is the
				 * index j into q->pairs whose .answer text was
				 * chosen, or -1; entries for distractor pairs
				 * (sub == "") are ignored */
	size_t npairs;		/* == q->npairs when given */
	const struct response *cloze_gaps;	/* cloze: cloze_gaps[k]
						 * answers q->gaps[k], in the
						 * terms of a question of the
						 * gap's kind
						 * (grade_gap_question) */
	size_t ncloze_gaps;	/* <= q->ngaps; missing gaps score 0 */
	const int *gaps;	/* gapselect: for each gap, in the order of the
				 * text, the index into q->choices chosen, or
				 * -1 */
	size_t ngaps;
	const int *order;	/* ordering: indexes into q->answers, in the
				 * learner's order; the items drawn for the
				 * attempt, each once */
	size_t norder;
	const char *unit;	/* numerical: the unit given with number,
				 * NULL or "" for none */
};

/* Moodle's fraction for response r to question q:
 * - multichoice single: the chosen answer's fraction (may be negative, as
 *   Moodle allows);
 * - multichoice multiple response: sum of chosen fractions, clamped to
 *   0..1 (an index out of range or repeated counts once or not at all);
 * - truefalse: 1 if the chosen answer is the right one, else 0;
 * - shortanswer: the best fraction among answers whose pattern matches
 *   (grade_short_match), 0 if none or if the text is blank;
 * - numerical: the best fraction among answers with |number - value| <=
 *   tolerance (plus Moodle's 1e-14 relative slack), an answer with text
 *   "*" matching any number; 0 if none, or if number is not finite. With
 *   units (qtype_numerical_question::get_matching_answer): number in a
 *   known unit is divided by its multiplier first; an answer matched so
 *   keeps its fraction, one matched by the bare number (no unit, an
 *   unknown one, or the number not converted) loses unit_penalty of it
 *   (QU_GRADE_RESPONSE) or of the full marks (QU_GRADE_QUESTION), not
 *   below 0;
 * - matching: the share of real sub-questions (non-empty sub) whose chosen
 *   answer text equals the right answer text (texts, not indexes: two subs
 *   may share an answer text);
 * - cloze: Moodle's multianswer: each gap graded by the rules of its
 *   kind (above), the question's fraction the sum of gap fraction times
 *   gap weight over the sum of the weights (0 when that is 0);
 * - gapselect: the share of gaps whose chosen choice is the one the gap
 *   names ([[n]] is right with choice n; a choice of the same text is not
 *   it, as in Moodle, which compares choice numbers);
 * - ordering: Moodle's grading type on r->order against the same items in
 *   the right order (grade_ordering);
 * - essay/description: 0 (never graded automatically).
 * r->given == 0 scores 0. Returns a value in -1..1. */
double grade_fraction(const struct question *q, const struct response *r);

/* Fills *out as the question gap g of cloze q stands for when graded
 * (Moodle's sub-question): type from the gap's kind, its answers,
 * usecase and single; the rest as q. Nothing is copied. */
void grade_gap_question(const struct question *q, const struct q_gap *g,
    struct question *out);

/* Moodle's qtype_ordering_question::grade_response: the fraction for
 * the learner's order cur[0..n) of items against the right order
 * right[0..n) (the same item numbers, any values) under grading type g.
 * 0 when n is 0. */
double grade_ordering(enum q_ord_grading g, const int *right,
    const int *cur, size_t n);

/* The choice numbers (1-based, [[n]]) of q's gaps in the order of its
 * text, in *gaps from a; returns how many. */
size_t grade_gaps(const struct question *q, struct arena *a, int **gaps);

/* Moodle's short-answer comparison (compare_string_with_wildcard): pattern
 * may contain '*' wildcards (any run of characters, possibly empty; '\*' is
 * a literal star); the whole response must match. Case-insensitive unless
 * usecase, character by character in every script as PCRE's /iu (simple
 * case folding: "Straße" does not match "STRASSE"). Both sides are
 * normalised first with grade_normalise, so full-width letters match
 * ASCII ones. NULL counts as "". 1 if it matches, else 0. */
int grade_short_match(const char *pattern, const char *response, int usecase);

/* Normalises typed text: NFKC (full-width ASCII U+FF01..U+FF5E becomes
 * U+0021..U+007E, U+3000 and the other Unicode spaces a space, accents
 * typed apart are composed; see utf8_nfkc), then trims leading/trailing
 * whitespace (ASCII) and collapses runs of it to one space. Text that is
 * not valid UTF-8 is not normalised: its whitespace (and U+3000) is
 * trimmed and collapsed, and its other bytes pass through unchanged. NULL
 * counts as "". The result is owned by a; NFKC may make it longer than s
 * ("½" is "1⁄2"). */
char *grade_normalise(struct arena *a, const char *s);

/* One graded item, for grade_total. */
struct grade_item {
	double fraction;	/* from grade_fraction */
	double weight;		/* max marks of the item (default_mark; 0
				 * allowed, a negative weight counts as 0) */
	int section;		/* 0-based section index */
};

struct grade_section {
	double score, max, percent;	/* percent 0..100; 100 when max is 0 */
	double min_percent;		/* input: 0 = no minimum */
	int passed;			/* percent >= min_percent */
};

struct grade_result {
	double score, max, percent;	/* score = sum of fraction * weight,
					 * clamped at >= 0 overall */
	int passed;			/* percent >= pass_percent (1e-9
					 * tolerance), every section passed */
};

/* Adds up items[0..nitems) into sections[0..nsections) and out. The caller
 * sets each section's min_percent; everything else in sections and out is
 * overwritten. A section's score is clamped at >= 0 on its own (its percent
 * stays in 0..100), while the total is the clamped sum of all item scores,
 * so a negative item lowers the total even when its section shows 0. An
 * item whose section is out of range counts in the total only. Percent
 * comparisons allow 1e-9 for rounding (10 items of 0.1 make 10%). */
void grade_total(const struct grade_item *items, size_t nitems,
    struct grade_section *sections, size_t nsections, double pass_percent,
    struct grade_result *out);

#endif
