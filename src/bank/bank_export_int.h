/*
 * bank_export_int.h - what the three bank writers (bank_export_gift.c,
 * bank_export_xml.c, bank_export_json.c) share and nobody else calls:
 * numbers in the shortest form that reads back, the walk over a bank by
 * category, base64. The public interface is bank_export.h; this header
 * is private to the writers. Pure C over question.h.
 */
#ifndef AICERT_BANK_EXPORT_INT_H
#define AICERT_BANK_EXPORT_INT_H

#include <stdio.h>

#include "question.h"

#define NUMBUF 64	/* bytes a number's text takes (bank_export_number) */

/* "easy", "medium", "hard" for difficulty 1..3, else NULL. */
const char *bank_export_difficulty(int d);

/* 1 if s is NULL or "". */
int bank_export_empty(const char *s);

/* x written into buf (NUMBUF bytes) in the shortest form that reads back
 * as x: plain decimals unless x is huge or tiny. Returns buf. */
const char *bank_export_number(char *buf, double x);

/* A fraction as Moodle's percent (0.5 -> "50") into buf (NUMBUF bytes),
 * reading back to within two units in the last place once divided by
 * 100. Returns buf. */
const char *bank_export_percent(char *buf, double fraction);

/* 1 if fraction is 100%. */
int bank_export_is_full(double fraction);

/* 1 if a is the any-other-answer ("*") of a numerical question. */
int bank_export_any_answer(const struct q_answer *a);

/* Calls q_fn for every question and cat_fn before each change of category.
 * Category paths are written relative ("a/b"): Moodle files them under the
 * top category of the context being imported into, as our parsers file
 * them under the bank. Questions without a category come first: once a
 * file has switched category, neither GIFT nor Moodle XML can switch back
 * to the root. */
typedef void (*bank_export_category_fn)(FILE *, const char *);
typedef void (*bank_export_question_fn)(FILE *, const struct question *);
void bank_export_each(FILE *out, const struct q_bank *b,
    bank_export_category_fn cat_fn, bank_export_question_fn q_fn);

/* Writes n bytes of d to out in base64 (RFC 4648, with padding). */
void bank_export_base64(FILE *out, const unsigned char *d, size_t n);

#endif
