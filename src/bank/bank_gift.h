/*
 * bank_gift.h - reads Moodle GIFT question banks.
 */
#ifndef AICERT_BANK_GIFT_H
#define AICERT_BANK_GIFT_H

#include <stddef.h>

#include "question.h"

/*
 * Reads len bytes of GIFT text into b the way Moodle's qformat_gift reads
 * them: questions are separated by blank lines, "//" lines are comments
 * (whose [id:..] and [tag:..] become the question's id and tags), and each
 * question becomes one struct question appended to b, with the category of
 * the last "$CATEGORY:" block before it. data must be UTF-8 without a BOM
 * (encoding.h); it need not be NUL-terminated.
 *
 * Every problem is recorded in b with the 1-based line where it is, and
 * parsing goes on with the next question; a question with an error is left
 * out of b. Returns 0 if there was no error, -1 otherwise. Everything is
 * allocated from b's arena; nothing needs freeing apart from that arena.
 */
int bank_gift_parse(struct q_bank *b, const char *data, size_t len);

#endif
