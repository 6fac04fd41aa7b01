/*
 * bank_aiken.h - reads Aiken-format banks (one-line multiple choice).
 */
#ifndef AICERT_BANK_AIKEN_H
#define AICERT_BANK_AIKEN_H

#include <stddef.h>

#include "question.h"

/*
 * Reads len bytes of UTF-8 Aiken text (see encoding.h) into b, the way
 * Moodle's qformat_aiken does: a question line, options "A) text" or
 * "A. text" (the space after the label is optional), then "ANSWER: X".
 * Each question becomes a single-answer multichoice in HTML format, its
 * stem and options HTML-escaped, its title the stem cut to 80 characters.
 *
 * Every problem is recorded in b with its line and parsing goes on; a
 * question with an error is left out. Returns 0 if there was no error,
 * -1 otherwise. Everything is allocated from b's arena.
 */
int bank_aiken_parse(struct q_bank *b, const char *data, size_t len);

#endif
