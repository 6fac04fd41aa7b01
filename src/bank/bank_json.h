/*
 * bank_json.h - reads questions in aicert's own JSON form (docs/bank-json.md).
 *
 * The inverse of q_to_json() and bank_export_json() (bank_export.h): the
 * store keeps each question as one such JSON object, and a bank exported
 * as JSON imports again. Checks are the ones every question of the model
 * must pass, whichever parser read it, so anything our parsers accept
 * reads back.
 */
#ifndef AICERT_BANK_JSON_H
#define AICERT_BANK_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "question.h"

/*
 * Reads one question from the JSON object o (not consumed; the caller
 * keeps its reference) and appends it to b, every string copied into b's
 * arena and embedded files' base64 decoded. Fields absent take the model's
 * defaults ("format" moodle, "default_mark" 1, "shuffle" and "single"
 * true); "type" and "text" are required; a field the form does not have
 * is an error.
 *
 * Every problem is recorded with q_bank_error(b, line, ...), naming the
 * question (by id when it has one) and the field, e.g.
 *   question "privacy-01": answer 2: "fraction" must be a number between
 *   -1 and 1
 * and a question with an error is not appended. Returns 0, or -1 if a
 * problem was found.
 */
int q_from_json(struct q_bank *b, json_t *o, int line);

/*
 * Reads a whole {"questions": [...]} document of len bytes (UTF-8, need
 * not be NUL-terminated), as bank_export_json() writes it, appending each
 * question to b as q_from_json() does. Duplicate keys are refused; a
 * syntax error is reported at the line jansson gives, and a question's
 * problems at the line where its object starts. Goes on after a bad
 * question to report as many problems as it can. Returns 0 if there was
 * no error, -1 otherwise. Everything is allocated from b's arena.
 */
int bank_json_parse(struct q_bank *b, const char *data, size_t len);

#endif
