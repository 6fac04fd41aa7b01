/*
 * bank_lint.h - warns a trainer about items that break the item-writing
 * rules a machine can check (docs: ../shared/notes/item-writing.md).
 *
 * Lint never blocks an import: it appends warnings, worded for the trainer
 * who wrote the items, to a q_bank used only for its error list. Pure C
 * over question.h; no state between calls.
 */
#ifndef AICERT_BANK_LINT_H
#define AICERT_BANK_LINT_H

#include <stddef.h>

#include "question.h"

/* Checks one bank and appends to warnings->err (q_bank_error; line is the
 * question's line, 0 for the bank as a whole), sorted by line:
 *
 * - longest key: a single-choice question whose right answer is longer
 *   than every other option by a clear margin: at least 1.25 times the
 *   next longest and at least 10 characters more (code points of the text
 *   with HTML tags stripped, an entity counting as one, whitespace runs as
 *   one);
 * - skewed keys: over the single-choice questions with the same number of
 *   options (2 to 11), when there are at least 12 of them, key positions
 *   spread more unevenly than chance explains (chi-square against uniform,
 *   p < 0.01); one warning per option count, giving the count per letter.
 *   Shuffled questions count too: the file's order is what a paper or an
 *   export without shuffling shows;
 * - duplicate stems: the same text once tags are stripped, ASCII letters
 *   folded to lower case and whitespace collapsed; the later question is
 *   warned about, naming the line of the first;
 * - unemphasised negative: the question sentence (the one ending in the
 *   last '?', else the last sentence) of a multichoice or true/false stem
 *   holds NOT, EXCEPT, LEAST (not "at least", not "not only"), 何者錯誤,
 *   何者不正確, 不正確, 不是 or 錯誤的是 outside <strong>, <b>, <em>, <u>
 *   or markdown *..* / _.._, and, for the English words, not in capitals;
 * - one option: a multichoice question with fewer than two answers;
 * - no full marks: a single-choice, short-answer or numerical question
 *   whose best answer is worth more than 0 but less than 100%;
 * - a "comp:" tag (any case) whose code is not a valid competency code
 *   (competency.h); whether a framework has it is competency_lint's,
 *   which knows the store.
 *
 * warnings must have been set up with q_bank_init; b is not changed. */
void bank_lint(const struct q_bank *b, struct q_bank *warnings);

/* Checks banks[0..nbanks) as the language versions of one bank (each its
 * own file; its language is the lang of its questions, else its file
 * name), matched by question id. Warns, per bank in order:
 * - a question whose id is missing from another language;
 * - a question without an id (only when nbanks >= 2);
 * - an id used twice in one bank;
 * - a matched id whose type or number of options differs between two
 *   languages (once per pair).
 * Each message starts with the file name of the bank its line refers to. */
void bank_lint_translations(const struct q_bank *const *banks, size_t nbanks,
    struct q_bank *warnings);

#endif
