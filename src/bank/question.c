/*
 * question.c - helpers for the shared question model; see question.h.
 * Messages come from the catalogs (i18n.c).
 */
#include "question.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

void
q_bank_init(struct q_bank *b, struct arena *a, const char *file)
{
	memset(b, 0, sizeof *b);
	b->arena = a;
	b->file = file;
}

struct question *
q_bank_add(struct q_bank *b)
{
	struct question *q;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;

		b->q = arena_grow(b->arena, b->q, b->n, cap, sizeof *b->q);
		b->cap = cap;
	}
	q = &b->q[b->n++];
	q_init(q);
	return q;
}

void
q_init(struct question *q)
{
	memset(q, 0, sizeof *q);
	q->shuffle = 1;
	q->single = 1;
	q->default_mark = 1.0;
	q->penalty = Q_PENALTY_DEFAULT;
	q->unit_penalty = Q_UNIT_PENALTY_DEFAULT;
}

/* Appends message at line to b's errors. */
static void
add_error(struct q_bank *b, int line, char *message)
{
	if (b->nerr == b->errcap) {
		size_t cap = b->errcap ? b->errcap * 2 : 16;

		b->err = arena_grow(b->arena, b->err, b->nerr, cap, sizeof *b->err);
		b->errcap = cap;
	}
	b->err[b->nerr].message = message;
	b->err[b->nerr].line = line;
	b->nerr++;
}

void
q_bank_error(struct q_bank *b, int line, const char *fmt, ...)
{
	va_list ap;
	char *message;

	va_start(ap, fmt);
	message = arena_vprintf(b->arena, fmt, ap);
	va_end(ap);
	add_error(b, line, message);
}

void
q_bank_msg(struct q_bank *b, int line, const char *key, ...)
{
	va_list ap;
	char *message;

	va_start(ap, key);
	message = i18n_vmsg(b->arena, b->lang, key, ap);
	va_end(ap);
	add_error(b, line, message);
}

void
q_bank_warn(struct q_bank *b, int line, const char *key, ...)
{
	va_list ap;
	char *message;

	if (b->warn == NULL)
		return;
	va_start(ap, key);
	message = i18n_vmsg(b->warn->arena, b->warn->lang, key, ap);
	va_end(ap);
	add_error(b->warn, line, message);
}

/* Appends one zeroed element to an array of *n elements whose capacity is
 * implied by *n: 4, then doubling at every power of two. */
static void *
push(struct arena *a, void *arr, size_t *n, size_t sz)
{
	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0))
		arr = arena_grow(a, arr, *n, *n == 0 ? 4 : *n * 2, sz);
	(*n)++;
	return arr;
}

struct q_answer *
q_add_answer(struct q_bank *b, struct question *q)
{
	q->answers = push(b->arena, q->answers, &q->nanswers, sizeof *q->answers);
	return &q->answers[q->nanswers - 1];
}

struct q_pair *
q_add_pair(struct q_bank *b, struct question *q)
{
	q->pairs = push(b->arena, q->pairs, &q->npairs, sizeof *q->pairs);
	return &q->pairs[q->npairs - 1];
}

void
q_add_tag(struct q_bank *b, struct question *q, char *tag)
{
	q->tags = push(b->arena, q->tags, &q->ntags, sizeof *q->tags);
	q->tags[q->ntags - 1] = tag;
}

struct q_file *
q_add_file(struct q_bank *b, struct question *q)
{
	q->files = push(b->arena, q->files, &q->nfiles, sizeof *q->files);
	return &q->files[q->nfiles - 1];
}

struct q_hint *
q_add_hint(struct q_bank *b, struct question *q)
{
	q->hints = push(b->arena, q->hints, &q->nhints, sizeof *q->hints);
	return &q->hints[q->nhints - 1];
}

struct q_gap *
q_add_gap(struct q_bank *b, struct question *q)
{
	q->gaps = push(b->arena, q->gaps, &q->ngaps, sizeof *q->gaps);
	q->gaps[q->ngaps - 1].weight = 1.0;
	return &q->gaps[q->ngaps - 1];
}

struct q_answer *
q_gap_add_answer(struct q_bank *b, struct q_gap *g)
{
	g->answers = push(b->arena, g->answers, &g->nanswers,
	    sizeof *g->answers);
	return &g->answers[g->nanswers - 1];
}

struct q_gapchoice *
q_add_gapchoice(struct q_bank *b, struct question *q)
{
	q->choices = push(b->arena, q->choices, &q->nchoices,
	    sizeof *q->choices);
	return &q->choices[q->nchoices - 1];
}

static const struct {
	enum q_ord_grading g;
	const char *name;
} ord_gradings[] = {
	{ QO_ALL_OR_NOTHING, "ALL_OR_NOTHING" },
	{ QO_ABSOLUTE_POSITION, "ABSOLUTE_POSITION" },
	{ QO_RELATIVE_NEXT_EXCLUDE_LAST, "RELATIVE_NEXT_EXCLUDE_LAST" },
	{ QO_RELATIVE_NEXT_INCLUDE_LAST, "RELATIVE_NEXT_INCLUDE_LAST" },
	{ QO_RELATIVE_ONE_PREVIOUS_AND_NEXT, "RELATIVE_ONE_PREVIOUS_AND_NEXT" },
	{ QO_RELATIVE_ALL_PREVIOUS_AND_NEXT, "RELATIVE_ALL_PREVIOUS_AND_NEXT" },
	{ QO_LONGEST_ORDERED_SUBSET, "LONGEST_ORDERED_SUBSET" },
	{ QO_LONGEST_CONTIGUOUS_SUBSET, "LONGEST_CONTIGUOUS_SUBSET" },
	{ QO_RELATIVE_TO_CORRECT, "RELATIVE_TO_CORRECT" },
};

static const char *const ord_selects[] = { "ALL", "RANDOM", "CONTIGUOUS" };

const char *
q_ord_grading_name(enum q_ord_grading g)
{
	for (size_t i = 0; i < sizeof ord_gradings / sizeof *ord_gradings; i++)
		if (ord_gradings[i].g == g)
			return ord_gradings[i].name;
	return "RELATIVE_NEXT_EXCLUDE_LAST";
}

int
q_ord_grading_parse(const char *name)
{
	for (size_t i = 0; i < sizeof ord_gradings / sizeof *ord_gradings; i++)
		if (name != NULL && strcmp(ord_gradings[i].name, name) == 0)
			return (int)ord_gradings[i].g;
	return -2;
}

const char *
q_ord_select_name(enum q_ord_select s)
{
	return (unsigned)s < 3 ? ord_selects[s] : "ALL";
}

int
q_ord_select_parse(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (name != NULL && strcmp(ord_selects[i], name) == 0)
			return i;
	return -2;
}

void
q_ordering_defaults(struct q_ordering *o)
{
	memset(o, 0, sizeof *o);
	o->select = QO_SELECT_ALL;
	o->count = 2;
	o->grading = QO_RELATIVE_NEXT_EXCLUDE_LAST;
	o->showgrading = 1;
}

struct q_unit *
q_add_unit(struct q_bank *b, struct question *q)
{
	q->units = push(b->arena, q->units, &q->nunits, sizeof *q->units);
	return &q->units[q->nunits - 1];
}

const struct q_unit *
q_unit_find(const struct question *q, const char *name)
{
	for (size_t i = 0; name != NULL && i < q->nunits; i++)
		if (q->units[i].name != NULL && strcmp(q->units[i].name, name) == 0)
			return &q->units[i];
	return NULL;
}

int
q_unit_known(const struct question *q, const char *name)
{
	if (q->nunits == 0)
		return name == NULL || *name == '\0';
	return q_unit_find(q, name) != NULL;
}

static const char *const unit_grading_names[] = { "none", "response", "question" };
static const char *const unit_show_names[] = { "text", "radio", "select", "none" };

const char *
q_unit_grading_name(enum q_unit_grading g)
{
	return (unsigned)g < 3 ? unit_grading_names[g] : "none";
}

int
q_unit_grading_parse(const char *s)
{
	for (int i = 0; s != NULL && i < 3; i++)
		if (strcmp(s, unit_grading_names[i]) == 0)
			return i;
	return -1;
}

const char *
q_unit_show_name(enum q_unit_show s)
{
	return (unsigned)s < 4 ? unit_show_names[s] : "none";
}

int
q_unit_show_parse(const char *s)
{
	for (int i = 0; s != NULL && i < 4; i++)
		if (strcmp(s, unit_show_names[i]) == 0)
			return i;
	return -1;
}

double
q_penalty_default(enum q_type t)
{
	return t == Q_TRUEFALSE ? 1.0 : Q_PENALTY_DEFAULT;
}

int
q_numbering_ok(const char *s)
{
	static const char *const ok[] = {
		"abc", "ABCD", "123", "iii", "IIII", "none", NULL
	};

	for (size_t i = 0; s != NULL && ok[i] != NULL; i++)
		if (strcmp(s, ok[i]) == 0)
			return 1;
	return 0;
}

static const char *const type_names[] = {
	[Q_MULTICHOICE] = "multichoice",
	[Q_TRUEFALSE] = "truefalse",
	[Q_SHORTANSWER] = "shortanswer",
	[Q_NUMERICAL] = "numerical",
	[Q_MATCHING] = "matching",
	[Q_ESSAY] = "essay",
	[Q_DESCRIPTION] = "description",
	[Q_CLOZE] = "cloze",
	[Q_GAPSELECT] = "gapselect",
	[Q_ORDERING] = "ordering",
};

const char *
q_type_name(enum q_type t)
{
	return (unsigned)t < sizeof type_names / sizeof *type_names ?
	    type_names[t] : "unknown";
}

int
q_type_parse(const char *name)
{
	for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
		if (strcmp(type_names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
q_format_name(enum q_format f)
{
	switch (f) {
	case QF_HTML: return "html";
	case QF_PLAIN: return "plain";
	case QF_MARKDOWN: return "markdown";
	default: return "moodle";
	}
}

int
q_autogradable(const struct question *q)
{
	return q->type != Q_ESSAY && q->type != Q_DESCRIPTION;
}

/* ---- comparison ---------------------------------------------------- */

static int
q_streq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Within rel of each other, relative to the larger magnitude (absolute
 * below 1). */
static int
q_near(double a, double b, double rel)
{
	double d = a > b ? a - b : b - a;
	double m = a < 0 ? -a : a, mb = b < 0 ? -b : b;

	if (mb > m)
		m = mb;
	return d <= rel * (m > 1 ? m : 1);
}

static int
q_differ(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
q_differ(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return 0;
}

#define Q_STR(field, a, b) do {						\
	if (!q_streq((a), (b)))						\
		return q_differ(why, whylen, "%s: \"%s\" vs \"%s\"",	\
		    (field), (a) ? (a) : "", (b) ? (b) : "");		\
} while (0)

/* The index of the first tag of q at or after i that does not name q's
 * difficulty (bank formats carry the difficulty as a tag). */
static size_t
q_tag_next(const struct question *q, size_t i)
{
	static const char *const diff[] = { "", "easy", "medium", "hard" };
	const char *d = q->difficulty >= 1 && q->difficulty <= 3 ?
	    diff[q->difficulty] : NULL;

	while (i < q->ntags && d != NULL && strcmp(q->tags[i], d) == 0)
		i++;
	return i;
}

static const struct q_file *
q_file_named(const struct question *q, const char *name)
{
	for (size_t i = 0; i < q->nfiles; i++)
		if (q_streq(q->files[i].name, name))
			return &q->files[i];
	return NULL;
}

/* q_equal's rule for a text with its format: NULL and "" the same, the
 * format of an empty text not compared. */
static int
q_feedback_equal(const char *field, const char *a, enum q_format af,
    const char *b, enum q_format bf, char *why, size_t whylen)
{
	Q_STR(field, a, b);
	if (!q_streq(a, "") && af != bf)
		return q_differ(why, whylen, "%s format: %s vs %s", field,
		    q_format_name(af), q_format_name(bf));
	return 1;
}

/* q_equal's rule for the gaps of two cloze questions. */
static int
q_gaps_equal(const struct question *x, const struct question *y, char *why,
    size_t whylen)
{
	if (x->ngaps != y->ngaps)
		return q_differ(why, whylen, "gaps: %zu vs %zu", x->ngaps,
		    y->ngaps);
	for (size_t i = 0; i < x->ngaps; i++) {
		const struct q_gap *g = &x->gaps[i], *h = &y->gaps[i];
		int choice = g->kind == QG_MULTICHOICE ||
		    g->kind == QG_MULTIRESPONSE;

		if (g->kind != h->kind || (g->kind == QG_SHORTANSWER &&
		    !g->usecase != !h->usecase) || (choice &&
		    (g->layout != h->layout || !g->shuffle != !h->shuffle)))
			return q_differ(why, whylen, "gap %zu kind", i + 1);
		if (!q_near(g->weight, h->weight, 1e-9))
			return q_differ(why, whylen, "gap %zu weight: %.17g vs "
			    "%.17g", i + 1, g->weight, h->weight);
		if (g->nanswers != h->nanswers)
			return q_differ(why, whylen, "gap %zu answers: %zu vs "
			    "%zu", i + 1, g->nanswers, h->nanswers);
		for (size_t k = 0; k < g->nanswers; k++) {
			const struct q_answer *a = &g->answers[k];
			const struct q_answer *b = &h->answers[k];
			char field[64];

			snprintf(field, sizeof field, "gap %zu answer %zu",
			    i + 1, k + 1);
			Q_STR(field, a->text, b->text);
			Q_STR(field, a->feedback, b->feedback);
			if (!q_near(a->fraction, b->fraction, 1e-6) ||
			    (g->kind == QG_NUMERICAL && a->text == NULL &&
			    (!q_near(a->value, b->value, 1e-9) ||
			    !q_near(a->tolerance, b->tolerance, 1e-9))))
				return q_differ(why, whylen, "%s: numbers",
				    field);
		}
	}
	return 1;
}

/* q_equal's part for the gapselect choices and the ordering options. */
static int
q_equal_gapord(const struct question *x, const struct question *y,
    char *why, size_t whylen)
{
	const struct q_ordering *a = &x->ordering, *b = &y->ordering;

	if ((x->type == Q_GAPSELECT || x->type == Q_ORDERING) &&
	    !x->shownumcorrect != !y->shownumcorrect)
		return q_differ(why, whylen, "shownumcorrect: %d vs %d",
		    x->shownumcorrect, y->shownumcorrect);
	if (x->type == Q_GAPSELECT) {
		if (x->nchoices != y->nchoices)
			return q_differ(why, whylen, "choices: %zu vs %zu",
			    x->nchoices, y->nchoices);
		for (size_t i = 0; i < x->nchoices; i++) {
			Q_STR("choice", x->choices[i].text, y->choices[i].text);
			if (x->choices[i].group != y->choices[i].group)
				return q_differ(why, whylen,
				    "choice %zu group: %d vs %d", i + 1,
				    x->choices[i].group, y->choices[i].group);
		}
	}
	if (x->type != Q_ORDERING)
		return 1;
	if (a->layout != b->layout || a->select != b->select ||
	    a->grading != b->grading || !a->showgrading != !b->showgrading ||
	    (a->select != QO_SELECT_ALL && a->count != b->count))
		return q_differ(why, whylen, "ordering options: %d/%s/%d/%s/%d "
		    "vs %d/%s/%d/%s/%d", a->layout, q_ord_select_name(a->select),
		    a->count, q_ord_grading_name(a->grading), a->showgrading,
		    b->layout, q_ord_select_name(b->select), b->count,
		    q_ord_grading_name(b->grading), b->showgrading);
	Q_STR("ordering numbering", a->numbering, b->numbering);
	return 1;
}

/* q_equal's rule for a numerical question's units, in order, and their
 * options, which mean nothing without units. */
static int
q_units_equal(const struct question *x, const struct question *y,
    char *why, size_t whylen)
{
	if (x->nunits != y->nunits)
		return q_differ(why, whylen, "units: %zu vs %zu", x->nunits,
		    y->nunits);
	if (x->nunits == 0)
		return 1;
	for (size_t i = 0; i < x->nunits; i++) {
		Q_STR("unit", x->units[i].name, y->units[i].name);
		if (!q_near(x->units[i].multiplier, y->units[i].multiplier, 1e-9))
			return q_differ(why, whylen,
			    "unit %s multiplier: %.17g vs %.17g",
			    x->units[i].name, x->units[i].multiplier,
			    y->units[i].multiplier);
	}
	if (x->unit_grading != y->unit_grading ||
	    !q_near(x->unit_penalty, y->unit_penalty, 1e-6) ||
	    x->show_units != y->show_units || !x->units_left != !y->units_left)
		return q_differ(why, whylen, "unit options: %s %.17g %s %d vs "
		    "%s %.17g %s %d", q_unit_grading_name(x->unit_grading),
		    x->unit_penalty, q_unit_show_name(x->show_units),
		    x->units_left, q_unit_grading_name(y->unit_grading),
		    y->unit_penalty, q_unit_show_name(y->show_units),
		    y->units_left);
	return 1;
}

int
q_equal(const struct question *x, const struct question *y, char *why,
    size_t whylen)
{
	size_t i, j;

	if (x->type != y->type)
		return q_differ(why, whylen, "type: %s vs %s",
		    q_type_name(x->type), q_type_name(y->type));
	Q_STR("id", x->id, y->id);
	Q_STR("title", x->title, y->title);
	Q_STR("category", x->category, y->category);
	Q_STR("lang", x->lang, y->lang);
	Q_STR("text", x->text, y->text);
	if (x->format != y->format)
		return q_differ(why, whylen, "format: %s vs %s",
		    q_format_name(x->format), q_format_name(y->format));
	Q_STR("general feedback", x->general_feedback, y->general_feedback);
	if (!q_streq(x->general_feedback, "") &&
	    x->general_feedback_format != y->general_feedback_format)
		return q_differ(why, whylen, "general feedback format: %s vs %s",
		    q_format_name(x->general_feedback_format),
		    q_format_name(y->general_feedback_format));
	if (x->difficulty != y->difficulty)
		return q_differ(why, whylen, "difficulty: %d vs %d",
		    x->difficulty, y->difficulty);
	for (i = q_tag_next(x, 0), j = q_tag_next(y, 0);
	    i < x->ntags && j < y->ntags;
	    i = q_tag_next(x, i + 1), j = q_tag_next(y, j + 1))
		Q_STR("tag", x->tags[i], y->tags[j]);
	if (i < x->ntags || j < y->ntags)
		return q_differ(why, whylen, "tags: \"%s\" only in the %s",
		    i < x->ntags ? x->tags[i] : y->tags[j],
		    i < x->ntags ? "first" : "second");
	if (x->type == Q_MULTICHOICE && !x->single != !y->single)
		return q_differ(why, whylen, "single: %d vs %d",
		    x->single, y->single);
	if (x->type == Q_SHORTANSWER && !x->usecase != !y->usecase)
		return q_differ(why, whylen, "usecase: %d vs %d",
		    x->usecase, y->usecase);
	if ((x->type == Q_MULTICHOICE || x->type == Q_MATCHING ||
	    x->type == Q_GAPSELECT) && !x->shuffle != !y->shuffle)
		return q_differ(why, whylen, "shuffle: %d vs %d",
		    x->shuffle, y->shuffle);
	if (x->type != Q_DESCRIPTION &&
	    !q_near(x->default_mark, y->default_mark, 1e-9))
		return q_differ(why, whylen, "default mark: %.17g vs %.17g",
		    x->default_mark, y->default_mark);
	if (!q_near(x->penalty, y->penalty, 1e-6))
		return q_differ(why, whylen, "penalty: %.17g vs %.17g",
		    x->penalty, y->penalty);
	if (x->type == Q_MULTICHOICE && !q_streq(x->numbering ? x->numbering :
	    "abc", y->numbering ? y->numbering : "abc"))
		return q_differ(why, whylen, "numbering: %s vs %s",
		    x->numbering ? x->numbering : "abc",
		    y->numbering ? y->numbering : "abc");
	if (!q_feedback_equal("correct feedback", x->correct_feedback,
	    x->correct_feedback_format, y->correct_feedback,
	    y->correct_feedback_format, why, whylen) ||
	    !q_feedback_equal("partially correct feedback",
	    x->partial_feedback, x->partial_feedback_format,
	    y->partial_feedback, y->partial_feedback_format, why, whylen) ||
	    !q_feedback_equal("incorrect feedback", x->incorrect_feedback,
	    x->incorrect_feedback_format, y->incorrect_feedback,
	    y->incorrect_feedback_format, why, whylen))
		return 0;
	if (x->nhints != y->nhints)
		return q_differ(why, whylen, "hints: %zu vs %zu",
		    x->nhints, y->nhints);
	for (i = 0; i < x->nhints; i++) {
		const struct q_hint *a = &x->hints[i], *b = &y->hints[i];
		char field[32];

		snprintf(field, sizeof field, "hint %zu", i + 1);
		if (!q_feedback_equal(field, a->text, a->format, b->text,
		    b->format, why, whylen))
			return 0;
		if (!a->shownumcorrect != !b->shownumcorrect ||
		    !a->clearwrong != !b->clearwrong)
			return q_differ(why, whylen, "hint %zu options: "
			    "%d/%d vs %d/%d", i + 1, a->shownumcorrect,
			    a->clearwrong, b->shownumcorrect, b->clearwrong);
	}
	if (x->nanswers != y->nanswers)
		return q_differ(why, whylen, "answers: %zu vs %zu",
		    x->nanswers, y->nanswers);
	for (i = 0; i < x->nanswers; i++) {
		const struct q_answer *a = &x->answers[i], *b = &y->answers[i];
		char field[48];

		snprintf(field, sizeof field, "answer %zu text", i + 1);
		Q_STR(field, a->text, b->text);
		snprintf(field, sizeof field, "answer %zu feedback", i + 1);
		Q_STR(field, a->feedback, b->feedback);
		if ((!q_streq(a->text, "") && a->format != b->format) ||
		    (!q_streq(a->feedback, "") &&
		    a->feedback_format != b->feedback_format))
			return q_differ(why, whylen, "answer %zu format: "
			    "%s/%s vs %s/%s", i + 1, q_format_name(a->format),
			    q_format_name(a->feedback_format),
			    q_format_name(b->format),
			    q_format_name(b->feedback_format));
		if (!q_near(a->fraction, b->fraction, 1e-6))
			return q_differ(why, whylen,
			    "answer %zu fraction: %.17g vs %.17g", i + 1,
			    a->fraction, b->fraction);
		if (x->type == Q_NUMERICAL && !q_streq(a->text, "*") &&
		    (!q_near(a->value, b->value, 1e-9) ||
		    !q_near(a->tolerance, b->tolerance, 1e-9)))
			return q_differ(why, whylen,
			    "answer %zu: %.17g:%.17g vs %.17g:%.17g", i + 1,
			    a->value, a->tolerance, b->value, b->tolerance);
	}
	if (x->type == Q_NUMERICAL && !q_units_equal(x, y, why, whylen))
		return 0;
	if (x->npairs != y->npairs)
		return q_differ(why, whylen, "pairs: %zu vs %zu",
		    x->npairs, y->npairs);
	for (i = 0; i < x->npairs; i++) {
		Q_STR("pair subquestion", x->pairs[i].sub, y->pairs[i].sub);
		Q_STR("pair answer", x->pairs[i].answer, y->pairs[i].answer);
		if (!q_streq(x->pairs[i].sub, "") &&
		    x->pairs[i].format != y->pairs[i].format)
			return q_differ(why, whylen, "pair %zu format: %s vs %s",
			    i + 1, q_format_name(x->pairs[i].format),
			    q_format_name(y->pairs[i].format));
	}
	if (x->type == Q_CLOZE && !q_gaps_equal(x, y, why, whylen))
		return 0;
	if (!q_equal_gapord(x, y, why, whylen))
		return 0;
	if (x->nfiles != y->nfiles)
		return q_differ(why, whylen, "files: %zu vs %zu",
		    x->nfiles, y->nfiles);
	for (i = 0; i < x->nfiles; i++) {
		const struct q_file *a = &x->files[i];
		const struct q_file *b = q_file_named(y, a->name);

		if (b == NULL)
			return q_differ(why, whylen, "file \"%s\" missing",
			    a->name ? a->name : "");
		Q_STR("file type", a->mime, b->mime);
		if (a->len != b->len ||
		    (a->len > 0 && memcmp(a->data, b->data, a->len) != 0))
			return q_differ(why, whylen,
			    "file \"%s\": contents differ", a->name);
	}
	if (why != NULL && whylen > 0)
		*why = '\0';
	return 1;
}

static int
b64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

int
q_file_base64(struct arena *a, const char *s, unsigned char **out, size_t *len)
{
	size_t n = 0, pad = 0, k = 0;
	unsigned acc = 0;
	int bits = 0;
	unsigned char *d;

	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '=') {
			pad++;
		} else if (b64_digit((unsigned char)*p) >= 0) {
			if (pad > 0)
				return -1;
			n++;
		} else if (strchr(" \t\r\n", *p) == NULL) {
			return -1;
		}
	}
	if (pad > 2 || (n + pad) % 4 == 1 || (pad > 0 && (n + pad) % 4 != 0))
		return -1;
	if (n * 3 / 4 > Q_FILE_MAX)
		return -2;
	d = arena_alloc(a, n * 3 / 4 + 1);
	for (const char *p = s; *p != '\0'; p++) {
		int v = b64_digit((unsigned char)*p);

		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			d[k++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	*out = d;
	*len = k;
	return 0;
}

const char *
q_file_mime(const unsigned char *d, size_t n)
{
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
		return "image/webp";
	return NULL;
}

int
q_file_name_ok(const char *name)
{
	if (name[0] == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || strlen(name) > 255)
		return 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7F || *p == '/' || *p == '\\')
			return 0;
	return 1;
}

int
q_match(const struct question *q, const char *text, const char *cat,
    const char *type, const char *tag)
{
	if (cat != NULL && *cat && (q->category == NULL ||
	    strncmp(q->category, cat, strlen(cat)) != 0))
		return 0;
	if (type != NULL && *type && strcmp(q_type_name(q->type), type) != 0)
		return 0;
	if (text != NULL && *text && !(q->text && strcasestr(q->text, text)) &&
	    !(q->title && strcasestr(q->title, text)) && !(q->id && strcasestr(q->id, text)))
		return 0;
	if (tag != NULL && *tag) {
		int has = 0;

		for (size_t t = 0; t < q->ntags; t++)
			has |= strcmp(q->tags[t], tag) == 0;
		return has;
	}
	return 1;
}

const char *
q_text_short(struct arena *a, const char *text)
{
	size_t n = strlen(text != NULL ? text : ""), i = 0, o = 0, chars = 0, len;
	char *out = arena_alloc(a, n + 4);
	int tag = 0, space = 0;
	uint32_t cp;

	while (i < n && (len = utf8_next(text + i, n - i, &cp)) > 0) {
		if (cp == '<')
			tag = 1;
		else if (tag) {
			if (cp == '>')
				tag = 0;
		} else if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n') {
			space = o > 0;
		} else {
			if (chars == 60) {
				memcpy(out + o, "...", 3);
				o += 3;
				break;
			}
			if (space)
				out[o++] = ' ';
			space = 0;
			memcpy(out + o, text + i, len);
			o += len;
			chars++;
		}
		i += len;
	}
	out[o] = '\0';
	return out;
}
