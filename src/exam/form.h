/*
 * form.h - a question as one learner sees it, and their answers back.
 *
 * The layout of an item (its choice order, its matching rows) is drawn
 * once at the start of an attempt and stored, so every reload shows the
 * same thing. The learner's view carries opaque ids only ("c1".. for
 * choices in the order shown, "s1".. and "a1".. for matching rows and
 * answers): never a fraction, feedback, or anything that tells the key.
 * Responses come back in those ids and are turned into struct response
 * for grading. Pure C over question.h and jansson.
 */
#ifndef AICERT_FORM_H
#define AICERT_FORM_H

#include <jansson.h>

#include "assemble.h"
#include "grade.h"
#include "question.h"

/* Draws q's layout (shuffled when shuffle and the question allows):
 * {"order":[answer indexes as shown]} for multichoice and truefalse,
 * {"subs":[pair indexes], "answers":[pair indexes of distinct answer
 * texts]} for matching, {"groups":{"G":[choice indexes as offered]}}
 * for gapselect (one draw per group, as Moodle), {"items":[answer
 * indexes as first shown]} for ordering (the subset Moodle's select type
 * draws, always mixed and never in the right order, whatever shuffle
 * says), {} otherwise. rnd NULL draws nothing: the unshuffled layout.
 * New reference. */
json_t *form_layout(const struct question *q, int shuffle, assemble_rand rnd);

/* The learner's view of q under layout, with id as its item id:
 * {"id","type","multiple"?,"prompt","choices":[{"id","text"}]?,
 *  "subquestions":[{"id","text"}]?, "mark", "units":[names]?,
 *  "unit_input"?, "units_left"?}; gapselect adds
 * "gaps":[{"id":"1","choices":[{"id":"o1","text"}]}] with the prompt's
 * gaps written [[1]], [[2]]... in text order (never the choice number,
 * which would tell the key); ordering adds "items":[{"id":"i1","text"}]
 * in the order first shown, "layout" ("vertical"/"horizontal") and
 * "numbering" ("none", "123", "abc"...). A numerical question whose
 * units are shown lists their names (never their multipliers) in its
 * order, unit_input "text" (typed with the number), "radio" or "select",
 * and units_left true when the unit goes before the number. type is
 * q_type_name(); multiple is true for multiple response. Texts are
 * sanitized HTML;
 * @@PLUGINFILE@@/name becomes /media/SHA256. New reference. */
json_t *form_view(const struct question *q, const json_t *layout, const char *id,
    struct arena *a);

/* Checks a response object against q and layout (the shapes of the API:
 * {"choice":"c2"}, {"choices":["c1","c3"]}, {"value":true}, {"text":"..."},
 * {"number":1.5}, {"pairs":{"s1":"a2"}}, {"gaps":{"1":"o2","2":null}},
 * {"order":["i3","i1","i2"]}, every item once; a numerical question
 * whose units are shown also takes "unit", a string of at most
 * FORM_UNIT_MAX bytes that must name one of its units when
 * form_unit_separate: {"number":980,"unit":"cm/s2"}) and fills out
 * (arrays from a). An ordering with no answer and a drawn layout is its
 * order as first shown, given, as Moodle grades an untouched ordering.
 * A choice id named twice in "choices" counts once. An empty answer ({}
 * or null) is allowed: out->given = 0. Returns 0, or -1 with *err the
 * catalog key of the reason ("response_choice_invalid"; i18n.h words it). Fields beside the type's are not looked at here
 * (grading reads what was stored before saves refused them); a save
 * refuses them with form_normalize.
 *
 * layout NULL checks against q's unshuffled layout. A drawn layout only
 * reorders the same choices, so that accepts and refuses exactly what
 * the drawn one would (a save checks this way without reading its
 * layout); the indexes in out then follow the unshuffled order, so
 * grading always goes through the drawn layout. */
int form_response(const struct question *q, const json_t *layout,
    const json_t *resp, struct arena *a, struct response *out, const char **err);

/* The most characters a short answer may have (the page allows as many). */
#define FORM_TEXT_MAX 1000

/* The response a save stores for q, as JSON text: what resp says, and
 * nothing else. r is form_response's result for resp against the
 * unshuffled layout (layout NULL), so call this only once that accepted
 * it. resp must hold no field but its type's (see form_response); the
 * text has exactly that one, ids written plainly ("c2", never "c02"),
 * choices named twice once, at most FORM_TEXT_MAX characters of text,
 * compact as jansson writes it: {"choice":"c2"}, {"choices":["c1","c3"]},
 * {"value":true}, {"text":"..."}, {"number":1.5},
 * {"number":980,"unit":"cm/s2"} (no "unit" when it is ""),
 * {"pairs":{"s1":"a2","s2":null}}, {"gaps":{"1":"o2","2":null}} (gaps
 * in rising order), {"order":["i3","i1"]}; an empty answer is {} (and null
 * stays null). From a; or NULL with *field the first field q's type
 * does not take (borrowed from resp), or with *err the catalog key of
 * the reason. */
char *form_normalize(const struct question *q, const json_t *resp,
    const struct response *r, struct arena *a, const char **field, const char **err);

/* A gapselect's stem with its gaps numbered in the order of the text,
 * whatever choice fills them: "[[1]]", "[[2]]"... as the learner's view
 * has them, or "[LABEL 1]"... when label is not NULL (the label is not
 * escaped: a catalog word). From a. */
char *form_gap_text(struct arena *a, const struct question *q,
    const char *label);

/* The most bytes a unit in a numerical response may have. */
#define FORM_UNIT_MAX 100

/* Moodle's qtype_numerical_answer_processor::apply_units: what a learner
 * typed ("980 cm/s2", "1,5", "3x10^8 m/s") as a number and the text
 * beside it. Spaces are dropped; "x10^", "*10^", "×10^" (or "**")
 * exponents read as "e"; a comma is a thousands separator when a point is
 * there or there are two commas, else the decimal point; the number is
 * the start (the end when units_left) and the unit the rest, "" if none.
 * Returns 0, or -1 if no number is there. *unit is from a. */
int form_number_parse(const char *typed, int units_left, struct arena *a,
    double *number, char **unit);

/* 1 if a learner gives q's unit apart from the number (a radio button or
 * a list: Moodle's has_separate_unit_field), so a response's "unit" must
 * be one of its unit names. */
int form_unit_separate(const struct question *q);

/* q rendered from a stored text: HTML formats sanitized, plain text
 * escaped with line breaks kept. From a. */
char *form_html(struct arena *a, const struct question *q, const char *text,
    enum q_format f);

/* q's stem as the learner reads it outside the exam page: form_html of
 * its text, a cloze's gaps shown as "[N]". From a. */
char *form_prompt(struct arena *a, const struct question *q);

#endif
