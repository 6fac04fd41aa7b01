/*
 * cloze.h - Moodle's "Embedded answers" (Cloze) syntax: reading the gaps
 * out of a question text as Moodle's qtype_multianswer_extract_question()
 * does, and writing them back. Depends on question.h only.
 */
#ifndef AICERT_CLOZE_H
#define AICERT_CLOZE_H

#include "question.h"

/*
 * Reads every gap of q->text ({1:SHORTANSWER:=Paris#Right~%50%paris}),
 * in Moodle's order, into q->gaps, leaves {#N} in q->text where gap N
 * was, and sets q->default_mark to the sum of the gap weights (Moodle's
 * defaultmark). line is the line where q->text starts; an error (a gap
 * that does not read, a text with no gap, a gap Moodle's validation
 * refuses) goes to b at the gap's line. 0, or -1 after an error.
 */
int q_cloze_extract(struct q_bank *b, struct question *q, int line);

/* 1 if s[0..n) holds the head of a gap in Moodle's syntax with a type
 * Moodle knows ("{1:MULTICHOICE:", "{:SA:"), else 0: text written for
 * Cloze, which no other format's syntax starts that way. */
int q_cloze_looks(const char *s, size_t n);

/* The embedded-syntax source of gap g, "{2:MULTICHOICE_S:=a~b}", as
 * Moodle writes it when exporting; from a. */
char *q_cloze_gap_source(struct arena *a, const struct q_gap *g);

/* q->text with every {#N} replaced by gap N's source: the question
 * text Moodle XML holds. From a. */
char *q_cloze_source(struct arena *a, const struct question *q);

/* If s starts with a placeholder {#N} naming a gap 1..ngaps, returns N
 * and sets *len to its length; else 0. */
size_t q_cloze_placeholder(const char *s, size_t ngaps, size_t *len);

/* Moodle's code for g's kind and variant: "SHORTANSWER_C",
 * "MULTICHOICE_VS", "MULTIRESPONSE_H", ... */
const char *q_gap_code(const struct q_gap *g);

/* The kind name bank JSON and the exam API use: "shortanswer",
 * "numerical", "multichoice" or "multiresponse"; q_gap_kind_parse is
 * the inverse (-1 if unknown). */
const char *q_gap_kind_name(enum q_gap_kind k);
int q_gap_kind_parse(const char *s);

/* "dropdown", "vertical", "horizontal"; the inverse -1 if unknown. */
const char *q_gap_layout_name(enum q_gap_layout l);
int q_gap_layout_parse(const char *s);

#endif
