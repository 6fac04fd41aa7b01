/*
 * bank_json.c - reads questions in aicert's JSON form; see bank_json.h.
 *
 * jansson parses; this file checks each field against docs/bank-json.md
 * and copies it into the question model (question.h). The checks are the
 * loosest rules all our parsers share, so that whatever bank_gift.c or
 * bank_xml.c accepted and the store saved reads back; embedded files get
 * bank_xml.c's checks (plain name, base64, at most 1 MiB, an image by
 * content). jansson reports positions only for syntax errors, so the line
 * where each question starts is found by a small scan of the text.
 * Messages are catalog keys worded in the bank's b->lang (i18n.h).
 */
#include "bank_json.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloze.h"
#include "i18n.h"

/* One question being read: where its errors go and how they name it. */
struct jq {
	struct q_bank *b;
	int line;
	size_t index;		/* 1-based in "questions"; 0: alone */
	const char *id;		/* its "id", once read; else NULL */
	const char *part;	/* inside an answer, pair or file: the message key
				 * naming it ("json_where_answer"), else NULL */
	size_t part_n;		/* and its 1-based number */
};

/* Records the catalog message key, its places filled from the name,
 * value pairs that follow (ended by NULL), after the question's label. */
static void jq_error(struct jq *j, const char *key, ...)
	__attribute__((sentinel));

static void
jq_error(struct jq *j, const char *key, ...)
{
	struct arena *a = j->b->arena;
	const char *n = arena_printf(a, "%zu", j->index), *label, *where = "";
	va_list ap;
	char *msg;

	va_start(ap, key);
	msg = i18n_vmsg(a, j->b->lang, key, ap);
	va_end(ap);
	/* "question 3", "question \"privacy-01\"", with both where the
	 * line is not known */
	label = i18n_msg(a, j->b->lang, j->id == NULL ? (j->index > 0 ?
	    "json_label_n" : "json_label") : j->index > 0 && j->line == 0 ?
	    "json_label_n_id" : "json_label_id", "n", n, "id", j->id, NULL);
	if (j->part != NULL)	/* "answer 2: " */
		where = i18n_msg(a, j->b->lang, j->part, "n", arena_printf(a, "%zu",
		    j->part_n), NULL);
	q_bank_msg(j->b, j->line, "json_in", "label", label, "where", where, "msg",
	    msg, NULL);
}

/* key of o, NULL if absent or null (both mean "not set"). */
static json_t *
jq_get(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_null(v) ? NULL : v;
}

/* Reports every key of o not in known (NULL-terminated). */
static void
jq_known_keys(struct jq *j, json_t *o, const char *const *known)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(o, key, v) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] == NULL)
			jq_error(j, "json_unknown_field", "key", key, NULL);
	}
}

/* v (the value of key) copied into b's arena; NULL, reported, if it is
 * not a string or holds a NUL character. */
static char *
jq_string(struct jq *j, json_t *v, const char *key)
{
	const char *s = json_string_value(v);

	if (s == NULL) {
		jq_error(j, "json_string", "key", key, NULL);
		return NULL;
	}
	if (strlen(s) != json_string_length(v)) {
		jq_error(j, "json_nul", "key", key, NULL);
		return NULL;
	}
	return arena_strndup(j->b->arena, s, json_string_length(v));
}

static char *
jq_opt_string(struct jq *j, json_t *o, const char *key)
{
	json_t *v = jq_get(o, key);

	return v == NULL ? NULL : jq_string(j, v, key);
}

/* A text that must be there and, unless may_be_empty, not be "". */
static char *
jq_text(struct jq *j, json_t *o, const char *key, int may_be_empty)
{
	json_t *v = jq_get(o, key);
	char *s;

	if (v == NULL) {
		jq_error(j, "json_missing", "key", key, NULL);
		return NULL;
	}
	s = jq_string(j, v, key);
	if (s != NULL && *s == '\0' && !may_be_empty)
		jq_error(j, "json_empty", "key", key, NULL);
	return s;
}

static enum q_format
jq_format(struct jq *j, json_t *o, const char *key, enum q_format def)
{
	json_t *v = jq_get(o, key);
	const char *s = json_string_value(v);

	if (v == NULL)
		return def;
	for (int f = QF_MOODLE; f <= QF_MARKDOWN; f++)
		if (s != NULL && strcmp(s, q_format_name(f)) == 0)
			return f;
	jq_error(j, "json_format", "key", key, NULL);
	return def;
}

static int
jq_bool(struct jq *j, json_t *o, const char *key, int def)
{
	json_t *v = jq_get(o, key);

	if (v == NULL)
		return def;
	if (!json_is_boolean(v)) {
		jq_error(j, "json_bool", "key", key, NULL);
		return def;
	}
	return json_is_true(v);
}

/* Sets *x to number key of o when it is there and within lo..hi; what
 * is the message key saying what it must be ("json_number_nonneg"). */
static void
jq_number(struct jq *j, json_t *o, const char *key, double *x, double lo,
    double hi, const char *what)
{
	json_t *v = jq_get(o, key);
	double d = json_number_value(v);

	if (v == NULL)
		return;
	if (!json_is_number(v) || !(d >= lo && d <= hi)) {
		jq_error(j, what, "key", key, NULL);
		return;
	}
	*x = d;
}

/* ---- answers, pairs, files ----------------------------------------- */

static const char *const answer_keys[] = {
	"text", "format", "value", "tolerance", "fraction", "feedback",
	"feedback_format", NULL
};

/* A numerical answer: "value" and "tolerance", or "text": "*". */
static void
jq_numerical_answer(struct jq *j, json_t *o, struct q_answer *a)
{
	json_t *text = jq_get(o, "text");

	if (text != NULL) {
		a->text = jq_string(j, text, "text");
		if (a->text != NULL && strcmp(a->text, "*") != 0)
			jq_error(j, "json_numerical_text", NULL);
		if (jq_get(o, "value") != NULL || jq_get(o, "tolerance") != NULL)
			jq_error(j, "json_star_value", NULL);
		return;
	}
	if (jq_get(o, "value") == NULL)
		jq_error(j, "json_missing", "key", "value", NULL);
	jq_number(j, o, "value", &a->value, -DBL_MAX, DBL_MAX, "json_number");
	jq_number(j, o, "tolerance", &a->tolerance, 0, DBL_MAX, "json_number_nonneg");
}

static void
jq_answer(struct jq *j, struct question *q, json_t *o)
{
	struct q_answer *a = q_add_answer(j->b, q);

	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, answer_keys);
	if (q->type == Q_NUMERICAL) {
		jq_numerical_answer(j, o, a);
	} else {
		a->text = jq_text(j, o, "text", 0);
		if (jq_get(o, "value") != NULL || jq_get(o, "tolerance") != NULL)
			jq_error(j, "json_numerical_only", NULL);
	}
	a->format = jq_format(j, o, "format", q->format);
	jq_number(j, o, "fraction", &a->fraction, -1, 1, "json_number_fraction");
	a->feedback = jq_opt_string(j, o, "feedback");
	a->feedback_format = jq_format(j, o, "feedback_format", q->format);
}

/* Reads every element of arr, the value of key, with one: its messages
 * say which (part, a catalog key: "answer 2: "). */
static void
jq_each(struct jq *j, struct question *q, json_t *arr, const char *key,
    const char *part, void (*one)(struct jq *, struct question *, json_t *))
{
	json_t *o;
	size_t i;

	if (!json_is_array(arr)) {
		jq_error(j, "json_array", "key", key, NULL);
		return;
	}
	json_array_foreach(arr, i, o) {
		j->part = part, j->part_n = i + 1;
		one(j, q, o);
	}
	j->part = NULL;
}

static const char *const pair_keys[] = { "sub", "answer", "format", NULL };

static void
jq_pair(struct jq *j, struct question *q, json_t *o)
{
	struct q_pair *p = q_add_pair(j->b, q);

	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, pair_keys);
	p->sub = jq_text(j, o, "sub", 1);	/* "" is a distractor */
	p->answer = jq_text(j, o, "answer", 0);
	p->format = jq_format(j, o, "format", q->format);
}

static const char *const file_keys[] = { "name", "mime", "data", NULL };

static void
jq_file(struct jq *j, struct question *q, json_t *o)
{
	struct q_file f = { 0 };
	json_t *data;
	const char *mime;
	int rc;

	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, file_keys);
	f.name = jq_text(j, o, "name", 0);
	if (f.name == NULL || *f.name == '\0')
		return;
	if (!q_file_name_ok(f.name)) {
		jq_error(j, "json_file_name", NULL);
		return;
	}
	f.mime = jq_opt_string(j, o, "mime");
	if ((data = jq_get(o, "data")) == NULL) {
		jq_error(j, "json_missing", "key", "data", NULL);
		return;
	}
	if (!json_is_string(data)) {
		jq_error(j, "json_data_string", NULL);
		return;
	}
	rc = strlen(json_string_value(data)) != json_string_length(data) ? -1 :
	    q_file_base64(j->b->arena, json_string_value(data), &f.data, &f.len);
	if (rc == -1) {
		jq_error(j, "json_data_base64", NULL);
		return;
	}
	if (rc == -2) {
		jq_error(j, "json_data_large", NULL);
		return;
	}
	if ((mime = q_file_mime(f.data, f.len)) == NULL) {
		jq_error(j, "json_data_type", NULL);
		return;
	}
	if (f.mime != NULL && strcmp(f.mime, mime) != 0) {
		jq_error(j, "json_mime", "mime", f.mime, "actual", mime, NULL);
		return;
	}
	for (size_t i = 0; i < q->nfiles; i++)
		if (strcmp(q->files[i].name, f.name) == 0) {
			jq_error(j, "json_file_twice", "name", f.name, NULL);
			return;
		}
	f.mime = arena_strdup(j->b->arena, mime);
	*q_add_file(j->b, q) = f;
}

/* ---- one question -------------------------------------------------- */

static const char *const question_keys[] = {
	"id", "title", "category", "lang", "type", "format", "text",
	"general_feedback", "general_feedback_format", "tags", "difficulty",
	"single", "usecase", "shuffle", "default_mark", "answers", "pairs",
	"files", "penalty", "numbering", "correct_feedback",
	"correct_feedback_format", "partial_feedback",
	"partial_feedback_format", "incorrect_feedback",
	"incorrect_feedback_format", "hints", "gaps", "choices", "ordering",
	"shownumcorrect", "units", "unit_grading", "unit_penalty", "show_units",
	"units_left", NULL
};

static const char *const hint_keys[] = {
	"text", "format", "shownumcorrect", "clearwrong", NULL
};

static void
jq_hint(struct jq *j, struct question *q, json_t *o)
{
	struct q_hint *h = q_add_hint(j->b, q);

	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, hint_keys);
	h->text = jq_text(j, o, "text", 0);
	h->format = jq_format(j, o, "format", q->format);
	h->shownumcorrect = jq_bool(j, o, "shownumcorrect", 0);
	h->clearwrong = jq_bool(j, o, "clearwrong", 0);
}

static void
jq_tags(struct jq *j, struct question *q, json_t *arr)
{
	json_t *t;
	size_t i;

	if (!json_is_array(arr)) {
		jq_error(j, "json_tags", NULL);
		return;
	}
	json_array_foreach(arr, i, t) {
		char *s = jq_string(j, t, "tags");

		if (s != NULL && *s == '\0')
			jq_error(j, "json_tag_empty", NULL);
		else if (s != NULL)
			q_add_tag(j->b, q, s);
	}
}

static void
jq_difficulty(struct jq *j, struct question *q, json_t *o)
{
	static const char *const names[] = { "easy", "medium", "hard" };
	json_t *v = jq_get(o, "difficulty");
	const char *s = json_string_value(v);

	if (v == NULL)
		return;
	for (int i = 0; i < 3; i++)
		if (s != NULL && strcmp(s, names[i]) == 0) {
			q->difficulty = i + 1;
			return;
		}
	jq_error(j, "json_difficulty", NULL);
}

/* The fields every type has. */
static void
jq_common(struct jq *j, struct question *q, json_t *o)
{
	json_t *v;

	jq_known_keys(j, o, question_keys);
	q->title = jq_opt_string(j, o, "title");
	q->category = jq_opt_string(j, o, "category");
	q->lang = jq_opt_string(j, o, "lang");
	q->format = jq_format(j, o, "format", QF_MOODLE);
	q->text = jq_text(j, o, "text", 1);
	q->general_feedback = jq_opt_string(j, o, "general_feedback");
	q->general_feedback_format = jq_format(j, o,
	    "general_feedback_format", q->format);
	if ((v = jq_get(o, "tags")) != NULL)
		jq_tags(j, q, v);
	jq_difficulty(j, q, o);
	q->single = jq_bool(j, o, "single", q->single);
	q->usecase = jq_bool(j, o, "usecase", q->usecase);
	q->shuffle = jq_bool(j, o, "shuffle", q->shuffle);
	jq_number(j, o, "default_mark", &q->default_mark, 0, DBL_MAX,
	    "json_number_nonneg");
	if ((v = jq_get(o, "files")) != NULL)
		jq_each(j, q, v, "files", "json_where_file", jq_file);
	q->numbering = jq_opt_string(j, o, "numbering");
	if (q->numbering != NULL && !q_numbering_ok(q->numbering))
		jq_error(j, "json_numbering", NULL);
	q->correct_feedback = jq_opt_string(j, o, "correct_feedback");
	q->correct_feedback_format = jq_format(j, o,
	    "correct_feedback_format", q->format);
	q->partial_feedback = jq_opt_string(j, o, "partial_feedback");
	q->partial_feedback_format = jq_format(j, o,
	    "partial_feedback_format", q->format);
	q->incorrect_feedback = jq_opt_string(j, o, "incorrect_feedback");
	q->incorrect_feedback_format = jq_format(j, o,
	    "incorrect_feedback_format", q->format);
	if ((v = jq_get(o, "hints")) != NULL)
		jq_each(j, q, v, "hints", "json_where_hint", jq_hint);
}

static int
has_answers(enum q_type t)
{
	return t == Q_MULTICHOICE || t == Q_TRUEFALSE || t == Q_SHORTANSWER ||
	    t == Q_NUMERICAL || t == Q_ORDERING;
}

static const char *const gapchoice_keys[] = { "text", "group", NULL };

static void
jq_gapchoice(struct jq *j, struct question *q, json_t *o)
{
	struct q_gapchoice *c = q_add_gapchoice(j->b, q);
	double g = 1;

	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, gapchoice_keys);
	c->text = jq_text(j, o, "text", 0);
	jq_number(j, o, "group", &g, 1, 999, "json_gap_group");
	c->group = (int)g;
	if (g != (double)c->group)
		jq_error(j, "json_gap_group", "key", "group", NULL);
}

static const char *const ordering_keys[] = {
	"layout", "select", "count", "grading", "showgrading", "numbering",
	NULL
};

/* "ordering": the options, each of Moodle's names; absent ones take
 * q_ordering_defaults(). */
static void
jq_ordering(struct jq *j, struct question *q, json_t *o)
{
	struct q_ordering *od = &q->ordering;
	const char *s;
	double count = 2;
	int k;

	q_ordering_defaults(od);
	if (o == NULL)
		return;
	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, ordering_keys);
	if ((s = json_string_value(jq_get(o, "layout"))) != NULL &&
	    strcmp(s, "HORIZONTAL") == 0)
		od->layout = 1;
	else if (jq_get(o, "layout") != NULL && (s == NULL ||
	    strcmp(s, "VERTICAL") != 0))
		jq_error(j, "json_ordering_option", "key", "layout", NULL);
	if (jq_get(o, "select") != NULL) {
		k = q_ord_select_parse(json_string_value(jq_get(o, "select")));
		if (k < 0)
			jq_error(j, "json_ordering_option", "key", "select", NULL);
		else
			od->select = (enum q_ord_select)k;
	}
	jq_number(j, o, "count", &count, 2, 1000, "json_ordering_count");
	od->count = (int)count;
	if (jq_get(o, "grading") != NULL) {
		k = q_ord_grading_parse(json_string_value(jq_get(o,
		    "grading")));
		if (k == -2)
			jq_error(j, "json_ordering_option", "key", "grading", NULL);
		else
			od->grading = (enum q_ord_grading)k;
	}
	od->showgrading = jq_bool(j, o, "showgrading", 1);
	od->numbering = jq_opt_string(j, o, "numbering");
	if (od->numbering != NULL && !q_numbering_ok(od->numbering))
		jq_error(j, "json_numbering", NULL);
	if (od->numbering != NULL && strcmp(od->numbering, "none") == 0)
		od->numbering = NULL;
}

/* The fields of a gapselect or ordering question, and none of them in
 * another type. */
static void
jq_gapord(struct jq *j, struct question *q, json_t *o)
{
	json_t *choices = jq_get(o, "choices");

	if (choices != NULL && q->type != Q_GAPSELECT)
		jq_error(j, "json_not_used", "key", "choices", "type",
		    q_type_name(q->type), NULL);
	if (jq_get(o, "ordering") != NULL && q->type != Q_ORDERING)
		jq_error(j, "json_not_used", "key", "ordering", "type",
		    q_type_name(q->type), NULL);
	if (jq_get(o, "shownumcorrect") != NULL && q->type != Q_GAPSELECT &&
	    q->type != Q_ORDERING)
		jq_error(j, "json_not_used", "key", "shownumcorrect", "type",
		    q_type_name(q->type), NULL);
	q->shownumcorrect = jq_bool(j, o, "shownumcorrect", 0);
	if (q->type == Q_ORDERING)
		jq_ordering(j, q, jq_get(o, "ordering"));
	if (q->type != Q_GAPSELECT)
		return;
	if (choices == NULL)
		jq_error(j, "json_missing", "key", "choices", NULL);
	else
		jq_each(j, q, choices, "choices", "json_where_choice",
		    jq_gapchoice);
}

/* The gaps [[n]] of a gapselect stem: each names a choice, and there is
 * one at least. */
static void
jq_gap_rules(struct jq *j, const struct question *q)
{
	const char *p = q->text ? q->text : "";
	int places = 0;

	while ((p = strstr(p, "[[")) != NULL) {
		const char *e = p + 2;
		long k;

		while (*e >= '0' && *e <= '9')
			e++;
		if (e == p + 2 || e[0] != ']' || e[1] != ']') {
			p += 2;
			continue;
		}
		k = e - p - 2 > 6 ? 0 : strtol(p + 2, NULL, 10);
		if (k < 1 || (size_t)k > q->nchoices)
			jq_error(j, "json_gap_missing", "n",
			    arena_strndup(j->b->arena, p + 2,
			    (size_t)(e - p - 2)), NULL);
		places++;
		p = e + 2;
	}
	if (places == 0)
		jq_error(j, "json_gap_none", NULL);
}

/* 1 if q's answers are "true" and "false", one worth 1 and one 0. */
static int
truefalse_ok(const struct question *q)
{
	const struct q_answer *a = q->answers, *b = q->answers + 1;

	if (q->nanswers != 2 || a->text == NULL || b->text == NULL)
		return 0;
	if (!(strcmp(a->text, "true") == 0 && strcmp(b->text, "false") == 0) &&
	    !(strcmp(a->text, "false") == 0 && strcmp(b->text, "true") == 0))
		return 0;
	return (a->fraction == 1 && b->fraction == 0) ||
	    (a->fraction == 0 && b->fraction == 1);
}

/* What the type asks of the answers and pairs, once each reads well. */
static void
jq_type_rules(struct jq *j, const struct question *q)
{
	size_t right = 0, subs = 0;

	for (size_t i = 0; i < q->nanswers; i++)
		right += q->answers[i].fraction > 0;
	for (size_t i = 0; i < q->npairs; i++)
		subs += q->pairs[i].sub != NULL && *q->pairs[i].sub != '\0';
	switch (q->type) {
	case Q_MULTICHOICE:
		if (q->nanswers < 2)
			jq_error(j, "json_mc_two", NULL);
		else if (right == 0)
			jq_error(j, "json_no_right", NULL);
		break;
	case Q_TRUEFALSE:
		if (!truefalse_ok(q))
			jq_error(j, "json_tf", NULL);
		break;
	case Q_SHORTANSWER:
	case Q_NUMERICAL:
		if (q->nanswers == 0)
			jq_error(j, "json_need_answer", "type", q_type_name(q->type), NULL);
		else if (right == 0)
			jq_error(j, "json_no_right", NULL);
		break;
	case Q_MATCHING:
		if (subs < 2)
			jq_error(j, "json_matching_two", NULL);
		break;
	case Q_ESSAY:
	case Q_DESCRIPTION:
	case Q_CLOZE:
		break;
	case Q_GAPSELECT:
		jq_gap_rules(j, q);
		break;
	case Q_ORDERING:
		if (q->nanswers < 2)
			jq_error(j, "json_ordering_two", NULL);
		break;
	}
}

static const char *const unit_keys[] = { "name", "multiplier", NULL };

static void
jq_unit(struct jq *j, struct question *q, json_t *o)
{
	char *name;

	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, unit_keys);
	name = jq_text(j, o, "name", 0);
	if (name != NULL && q_unit_find(q, name) != NULL)
		jq_error(j, "json_unit_twice", "unit", name, NULL);
	q_add_unit(j->b, q)->name = name;
	q->units[q->nunits - 1].multiplier = 1;
	jq_number(j, o, "multiplier", &q->units[q->nunits - 1].multiplier,
	    DBL_MIN, DBL_MAX, "json_number_positive");
}

/* A unit option named by a word (q_unit_grading_parse ...); def if
 * absent. */
static int
jq_word(struct jq *j, json_t *o, const char *key, int (*parse)(const char *),
    int def)
{
	json_t *v = jq_get(o, key);
	int k;

	if (v == NULL)
		return def;
	if ((k = parse(json_string_value(v))) < 0) {
		jq_error(j, "json_unit_option", "key", key, NULL);
		return def;
	}
	return k;
}

/* A numerical question's units and their options (question.h). */
static void
jq_units(struct jq *j, struct question *q, json_t *o)
{
	static const char *const keys[] = {
		"units", "unit_grading", "unit_penalty", "show_units",
		"units_left", NULL
	};
	json_t *v;

	if (q->type != Q_NUMERICAL) {
		for (size_t i = 0; keys[i] != NULL; i++)
			if (jq_get(o, keys[i]) != NULL)
				jq_error(j, "json_not_used", "key", keys[i], "type",
				    q_type_name(q->type), NULL);
		return;
	}
	if ((v = jq_get(o, "units")) != NULL)
		jq_each(j, q, v, "units", "json_where_unit", jq_unit);
	q->unit_grading = (enum q_unit_grading)jq_word(j, o, "unit_grading",
	    q_unit_grading_parse, QU_GRADE_NONE);
	jq_number(j, o, "unit_penalty", &q->unit_penalty, 0, 1,
	    "json_number_unit");
	q->show_units = (enum q_unit_show)jq_word(j, o, "show_units",
	    q_unit_show_parse, q->nunits > 0 ? QU_SHOW_TEXT : QU_SHOW_NONE);
	q->units_left = jq_bool(j, o, "units_left", 0);
}

static const char *const gap_keys[] = {
	"kind", "usecase", "layout", "shuffle", "weight", "answers", NULL
};

/* One answer of gap g, as jq_answer() for a question of its kind. */
static void
jq_gap_answer(struct jq *j, struct q_gap *g, json_t *o)
{
	struct q_answer *a = q_gap_add_answer(j->b, g);

	a->format = a->feedback_format = QF_HTML;
	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, answer_keys);
	if (g->kind == QG_NUMERICAL) {
		jq_numerical_answer(j, o, a);
	} else {
		a->text = jq_text(j, o, "text", 0);
		if (jq_get(o, "value") != NULL || jq_get(o, "tolerance") != NULL)
			jq_error(j, "json_numerical_only", NULL);
	}
	jq_number(j, o, "fraction", &a->fraction, -1, 1, "json_number_fraction");
	a->feedback = jq_opt_string(j, o, "feedback");
}

/* One gap of a cloze question: its kind, options, weight and answers,
 * with the rules Moodle's cloze validation has. */
static void
jq_gap(struct jq *j, struct question *q, json_t *o)
{
	struct q_gap *g = q_add_gap(j->b, q);
	json_t *ans;
	size_t i, right = 0;
	int k;

	if (!json_is_object(o)) {
		jq_error(j, "json_not_object", NULL);
		return;
	}
	jq_known_keys(j, o, gap_keys);
	if ((k = q_gap_kind_parse(json_string_value(jq_get(o, "kind")))) < 0) {
		jq_error(j, "json_gap_kind", NULL);
		return;
	}
	g->kind = (enum q_gap_kind)k;
	g->layout = g->kind == QG_MULTIRESPONSE ? QG_VERTICAL : QG_DROPDOWN;
	if (jq_get(o, "layout") != NULL &&
	    (k = q_gap_layout_parse(json_string_value(jq_get(o,
	    "layout")))) >= 0)
		g->layout = (enum q_gap_layout)k;
	else if (jq_get(o, "layout") != NULL)
		jq_error(j, "json_gap_layout", NULL);
	if (g->kind == QG_MULTIRESPONSE && g->layout == QG_DROPDOWN)
		jq_error(j, "json_gap_layout", NULL);
	g->usecase = jq_bool(j, o, "usecase", 0);
	g->shuffle = jq_bool(j, o, "shuffle", 0);
	jq_number(j, o, "weight", &g->weight, 0, 1e9, "json_gap_weight");
	if (g->weight != floor(g->weight))
		jq_error(j, "json_gap_weight", "key", "weight", NULL);
	if ((ans = jq_get(o, "answers")) == NULL || !json_is_array(ans)) {
		jq_error(j, "json_array", "key", "answers", NULL);
		return;
	}
	json_array_foreach(ans, i, o)
		jq_gap_answer(j, g, o);
	for (i = 0; i < g->nanswers; i++)
		right += g->answers[i].fraction > 0;
	if ((g->kind == QG_MULTICHOICE || g->kind == QG_MULTIRESPONSE) &&
	    g->nanswers < 2)
		jq_error(j, "json_mc_two", NULL);
	else if (g->nanswers == 0)
		jq_error(j, "json_need_answer", "type", q_gap_kind_name(g->kind),
		    NULL);
	else if (right == 0)
		jq_error(j, "json_no_right", NULL);
}

/* A cloze question's gaps: each {#N} of its text names gap N. */
static void
jq_gaps(struct jq *j, struct question *q, json_t *o)
{
	json_t *gaps = jq_get(o, "gaps");

	if (gaps == NULL) {
		jq_error(j, "json_missing", "key", "gaps", NULL);
		return;
	}
	jq_each(j, q, gaps, "gaps", "json_where_gap", jq_gap);
	if (q->ngaps == 0)
		jq_error(j, "cloze_no_gap", NULL);
	for (size_t k = 1; k <= q->ngaps; k++) {
		char ph[32];

		snprintf(ph, sizeof ph, "{#%zu}", k);
		if (q->text == NULL || strstr(q->text, ph) == NULL)
			jq_error(j, "json_gap_place", "n",
			    arena_printf(j->b->arena, "%zu", k), NULL);
	}
}

/* The answers or pairs, which a type has one of, or neither. */
static void
jq_body(struct jq *j, struct question *q, json_t *o)
{
	json_t *answers = jq_get(o, "answers"), *pairs = jq_get(o, "pairs");
	size_t nerr = j->b->nerr;

	if (answers != NULL && !has_answers(q->type))
		jq_error(j, "json_not_used", "key", "answers", "type", q_type_name(q->type),
		    NULL);
	if (pairs != NULL && q->type != Q_MATCHING)
		jq_error(j, "json_not_used", "key", "pairs", "type", q_type_name(q->type),
		    NULL);
	if (jq_get(o, "gaps") != NULL && q->type != Q_CLOZE)
		jq_error(j, "json_not_used", "key", "gaps", "type",
		    q_type_name(q->type), NULL);
	if (q->type == Q_CLOZE)
		jq_gaps(j, q, o);
	if (has_answers(q->type)) {
		if (answers == NULL)
			jq_error(j, "json_missing", "key", "answers", NULL);
		else
			jq_each(j, q, answers, "answers", "json_where_answer", jq_answer);
	}
	if (q->type == Q_MATCHING) {
		if (pairs == NULL)
			jq_error(j, "json_missing", "key", "pairs", NULL);
		else
			jq_each(j, q, pairs, "pairs", "json_where_pair", jq_pair);
	}
	jq_gapord(j, q, o);
	if (j->b->nerr == nerr)
		jq_type_rules(j, q);
}

/* q_from_json(), with the question's 1-based index in its file for
 * messages (0 if it has none). */
static int
jq_question(struct q_bank *b, json_t *o, int line, size_t index)
{
	struct jq j = { b, line, index, NULL, NULL, 0 };
	size_t nerr = b->nerr;
	struct question *q;
	json_t *v;
	int type;

	if (!json_is_object(o)) {
		jq_error(&j, "json_not_object", NULL);
		return -1;
	}
	q = q_bank_add(b);
	q->line = line;
	q->id = jq_opt_string(&j, o, "id");
	if (q->id != NULL)
		j.id = q->id;
	jq_common(&j, q, o);
	if ((v = jq_get(o, "type")) == NULL) {
		jq_error(&j, "json_missing", "key", "type", NULL);
	} else if ((type = q_type_parse(json_is_string(v) ?
	    json_string_value(v) : "")) < 0) {
		jq_error(&j, "json_type", NULL);
	} else {
		q->type = type;
		q->penalty = q_penalty_default(q->type);
		jq_number(&j, o, "penalty", &q->penalty, 0, 1,
		    "json_number_unit");
		jq_body(&j, q, o);
		jq_units(&j, q, o);
	}
	if (b->nerr > nerr) {
		b->n--;		/* a question with an error is left out */
		return -1;
	}
	return 0;
}

int
q_from_json(struct q_bank *b, json_t *o, int line)
{
	return jq_question(b, o, line, 0);
}

/* ---- whole documents ----------------------------------------------- */

/* A scan of text jansson has accepted, for the line where each question
 * starts: enough of JSON to skip values, nothing to check them. */
struct scan {
	const char *p, *end;
	const char *at;		/* line counted up to here */
	int line;
};

static void
scan_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\r' || *s->p == '\n'))
		s->p++;
}

/* Moves past the string at s->p; 0, or -1 if it does not end. */
static int
scan_string(struct scan *s)
{
	for (s->p++; s->p < s->end && *s->p != '"'; s->p++)
		if (*s->p == '\\' && s->p + 1 < s->end)
			s->p++;
	if (s->p >= s->end)
		return -1;
	s->p++;
	return 0;
}

static void
scan_value(struct scan *s)
{
	int depth = 0;

	do {
		if (s->p >= s->end)
			return;
		if (*s->p == '"') {
			if (scan_string(s) < 0)
				return;
			continue;
		}
		if (*s->p == '{' || *s->p == '[')
			depth++;
		else if (*s->p == '}' || *s->p == ']')
			depth--;
		else if (depth == 0 && strchr(",: \t\r\n", *s->p) != NULL)
			return;		/* end of a number or literal */
		s->p++;
	} while (depth > 0 || (s->p < s->end &&
	    strchr("{[}],: \t\r\n\"", *s->p) == NULL));
}

static int
scan_line(struct scan *s)
{
	for (; s->at < s->p && s->at < s->end; s->at++)
		if (*s->at == '\n')
			s->line++;
	return s->line;
}

/* 1 if the key string at s (a JSON string) is "questions". */
static int
scan_key_is_questions(struct scan *s)
{
	const char *start = s->p;
	json_t *k;
	int yes;

	if (scan_string(s) < 0)
		return 0;
	k = json_loadb(start, (size_t)(s->p - start), JSON_DECODE_ANY, NULL);
	yes = json_is_string(k) && strcmp(json_string_value(k),
	    "questions") == 0;
	json_decref(k);
	return yes;
}

/* Fills lines[i] with the line where question i of the top-level
 * "questions" array starts; those it cannot find stay 0. */
static void
question_lines(const char *data, size_t len, int *lines, size_t n)
{
	struct scan s = { data, data + len, data, 1 };
	int found;

	scan_ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return;
	s.p++;
	for (;;) {
		scan_ws(&s);
		if (s.p >= s.end || *s.p != '"')
			return;
		found = scan_key_is_questions(&s);
		scan_ws(&s);
		if (s.p >= s.end || *s.p != ':')
			return;
		s.p++;
		scan_ws(&s);
		if (found && s.p < s.end && *s.p == '[')
			break;
		scan_value(&s);
		scan_ws(&s);
		if (s.p >= s.end || *s.p != ',')
			return;
		s.p++;
	}
	s.p++;
	for (size_t i = 0; i < n; i++) {
		scan_ws(&s);
		if (s.p >= s.end || *s.p == ']')
			return;
		lines[i] = scan_line(&s);
		scan_value(&s);
		scan_ws(&s);
		if (s.p >= s.end || *s.p != ',')
			return;
		s.p++;
	}
}

int
bank_json_parse(struct q_bank *b, const char *data, size_t len)
{
	json_error_t e;
	json_t *root, *qs, *v;
	const char *key;
	size_t nerr = b->nerr, i, n;
	int *lines;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
	if (root == NULL) {
		q_bank_msg(b, e.line > 0 ? e.line : 0, "json_malformed", "why", e.text, NULL);
		return -1;
	}
	if (!json_is_object(root)) {
		q_bank_msg(b, 0, "json_bank_array", NULL);
		goto done;
	}
	json_object_foreach(root, key, v)
		if (strcmp(key, "questions") != 0)
			q_bank_msg(b, 0, "json_bank_unknown", "key", key, NULL);
	qs = json_object_get(root, "questions");
	if (!json_is_array(qs)) {
		q_bank_msg(b, 0, qs == NULL ? "json_questions_missing" : "json_questions_array",
		    NULL);
		goto done;
	}
	n = json_array_size(qs);
	lines = arena_alloc(b->arena, (n ? n : 1) * sizeof *lines);
	question_lines(data, len, lines, n);
	json_array_foreach(qs, i, v)
		jq_question(b, v, lines[i], i + 1);
done:
	json_decref(root);
	return b->nerr > nerr ? -1 : 0;
}
