/*
 * bank_export.h - writes a question bank out as GIFT, Moodle XML or JSON.
 *
 * The inverse of the parsers (bank_gift.c, bank_xml.c, bank_json.c): what
 * is written here reads back, in our parsers and in Moodle, as the same
 * questions, keys included. Pure C over struct q_bank (question.h); JSON
 * goes through jansson. Nothing here allocates memory the caller must
 * free, apart from the JSON object q_to_json() returns for the store.
 *
 * What a format cannot carry is dropped, not approximated:
 * - GIFT has no place for default_mark, shuffle, usecase, lang or embedded
 *   files, nor for the general feedback of a description; a single-choice
 *   question without a 100% answer reads back as multiple response;
 *   gapselect and ordering questions, and a cloze with more than one gap,
 *   are left out with a warning (bank_export_gift_can); a cloze with one
 *   gap is written as a missing-word question. Nor
 *   has it units: a numerical question with units is written without
 *   them, with a "// units lost" comment and a warning in b->warn.
 * - Moodle XML has no lang or difficulty field: lang is written as a
 *   <lang> element Moodle ignores, difficulty as a tag (easy/medium/hard),
 *   as in GIFT.
 */
#ifndef AICERT_BANK_EXPORT_H
#define AICERT_BANK_EXPORT_H

#include <jansson.h>
#include <stdio.h>

#include "question.h"

/* Writes b to out in format: "json", "gift" or "moodle-xml" (the
 * writers below). Returns 0, or -1 if format is none of those or the
 * writer failed. */
int bank_export_write(FILE *out, const struct q_bank *b, const char *format);

/* Writes every question of b to out as GIFT (UTF-8): a "$CATEGORY:" block
 * whenever the category changes, a "// [id:..] [tag:..]" comment line,
 * ::title::, a [html]/[plain]/[markdown] prefix when the format is not
 * moodle, then the answers in Moodle's own export syntax. A question GIFT
 * cannot express (bank_export_gift_can) is left out, and each question
 * that loses its units is written without them; each is a warning naming
 * it, recorded as an error of b->warn when that is not NULL.
 * Returns 0, or -1 if writing to out failed. */
int bank_export_gift(FILE *out, const struct q_bank *b);

/* 1 if GIFT can carry q: every question but a gapselect, an ordering
 * and a cloze with more than one gap, which bank_export_gift leaves out
 * (a one-gap cloze is written as a missing-word question of the gap's
 * kind). */
int bank_export_gift_can(const struct question *q);

/* Writes b to out as a Moodle XML <quiz> with a category question before
 * each change of category and every field of the model; embedded files go
 * base64 in <file> elements. Returns 0, or -1 if writing failed. */
int bank_export_xml(FILE *out, const struct q_bank *b);

/* Writes b to out as the JSON described in docs/bank-json.md (pretty,
 * UTF-8 unescaped): {"questions": [q_to_json() of each question]}, reals
 * with the precision q_json_precision() finds for the whole document.
 * Returns 0, or -1 if a question cannot be written (see q_to_json) or
 * writing failed. */
int bank_export_json(FILE *out, const struct q_bank *b);

/* One question as the JSON object of docs/bank-json.md; bank_json.c
 * (q_from_json) reads it back. Returns a new reference the caller
 * json_decref()s, or NULL if a text is not valid UTF-8 or a number is not
 * finite. Reals are held exactly: dumped with
 * JSON_REAL_PRECISION(q_json_precision(obj)) they read back as the same
 * double in the fewest digits (jansson's default precision, 17, also reads
 * back exactly but writes 0.1 as 0.10000000000000001). */
json_t *q_to_json(const struct question *q);

/* The JSON_REAL_PRECISION (1..17) with which every real in v, at any
 * depth, dumps in a form that reads back as the same double. */
int q_json_precision(const json_t *v);

#endif
