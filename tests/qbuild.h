/*
 * qbuild.h - question banks for the unit tests, built by hand, written to
 * a string by an exporter, or read from a string by a parser.
 *
 * The builders copy every string into the bank's arena, so a test passes
 * literals and frees nothing but the arena. Depends on question.h and
 * arena.h only: the exporter or parser is passed in by the test, so qbuild
 * knows no format.
 */
#ifndef AICERT_QBUILD_H
#define AICERT_QBUILD_H

#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "question.h"

/* A copy of s in b's arena (NULL stays NULL); freed with the arena. */
char *qb_str(struct q_bank *b, const char *s);

/* Appends a question of type with copies of category and text (either may
 * be NULL), the penalty q_penalty_default(type); its general feedback
 * takes the question's format. The result
 * is b's and valid until the next question is added. */
struct question *qb_add(struct q_bank *b, enum q_type type,
    const char *category, const char *text);

/* Appends an answer to q with copies of text and feedback (feedback may be
 * NULL) and the given fraction; both formats are q's. The result is b's and
 * valid until the next answer is added to q. */
struct q_answer *qb_answer(struct q_bank *b, struct question *q,
    const char *text, double fraction, const char *feedback);

/* Appends a numerical answer to q: value +- tolerance is worth fraction,
 * with a copy of feedback (may be NULL) and no text; both formats are q's.
 * Ownership as for qb_answer. */
struct q_answer *qb_number_answer(struct q_bank *b, struct question *q,
    double value, double tolerance, double fraction, const char *feedback);

/* Appends a matching pair (copies of sub and ans) in q's format. The
 * result is b's and valid until the next pair is added to q. */
struct q_pair *qb_pair(struct q_bank *b, struct question *q,
    const char *sub, const char *ans);

/* Embeds a file in q: copies of name and mime, and of data[0..len), which
 * may hold NUL bytes. The result is b's and valid until the next file is
 * added to q. */
struct q_file *qb_file(struct q_bank *b, struct question *q,
    const char *name, const char *mime, const void *data, size_t len);

/* Runs the exporter fn (bank_export_gift, _xml, _json) on b into a
 * NUL-terminated malloc'd string the caller frees; NULL if fn failed or
 * memory ran out. */
char *qb_export(int (*fn)(FILE *, const struct q_bank *),
    const struct q_bank *b);

/* Starts b afresh in arena a under the name file and reads text with the
 * parser fn (bank_aiken_parse, bank_xml_parse, ...); returns fn's result,
 * 0 or -1. What is read lives in a. */
int qb_parse(struct q_bank *b, struct arena *a, const char *file,
    int (*fn)(struct q_bank *, const char *, size_t), const char *text);

/* 1 if b recorded an error at line whose message contains want, else 0. */
int qb_has_error(const struct q_bank *b, int line, const char *want);

#endif
