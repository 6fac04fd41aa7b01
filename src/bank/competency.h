/*
 * competency.h - what a question tests, in a framework's words.
 *
 * A competency framework is data: an id, a version, titles in both
 * languages and a tree of competencies, each a code unique within the
 * framework ("AIL.2.3"), titles and an optional parent code. Every
 * version stays stored (tables frameworks, competencies), so a result
 * keeps the titles it was earned under.
 *
 * A question carries codes as tags "comp:CODE" (GIFT's [tag:comp:AIL.2.3]
 * comment, Moodle XML <tags>, bank JSON "tags"); the store indexes them
 * per item version in item_competencies when the version is stored.
 */
#ifndef AICERT_COMPETENCY_H
#define AICERT_COMPETENCY_H

#include <stddef.h>

#define COMPETENCY_CODE_MAX 64	/* bytes of a code */

/* 1 when code is a competency code: 1..COMPETENCY_CODE_MAX bytes of
 * [A-Za-z0-9._-], the first a letter or digit. */
int competency_code_valid(const char *code);

/* The code a tag names: the part after "comp:" (the prefix in any case)
 * when that is a valid code, else NULL (not a competency tag, or a bad
 * code, which bank lint reports). Points into tag. */
const char *competency_of_tag(const char *tag);

#endif
