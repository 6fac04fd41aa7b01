/*
 * bank_export_json.c - a question as the JSON object of
 * docs/bank-json.md (q_to_json, which the store also keeps), and a whole
 * bank as that JSON document, the inverse of bank_json.c. Reals are held
 * exactly, written in the fewest digits that read back as the same
 * double. Depends on jansson and the writers' shared helpers
 * (bank_export.c).
 */
#include "bank_export.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bank_export_int.h"
#include "cloze.h"

/* Sets key to the string s; 0, or -1 if s is not valid UTF-8. */
static int
json_set_str(json_t *o, const char *key, const char *s)
{
	json_t *v = json_string(s);

	if (v == NULL)
		return -1;
	json_object_set_new(o, key, v);
	return 0;
}

static int
json_set_opt(json_t *o, const char *key, const char *s)
{
	return s == NULL ? 0 : json_set_str(o, key, s);
}

/* Sets key to x: an integer when x is whole, else a real (which a dump
 * writes with the precision q_json_precision() finds). 0, or -1 if x is
 * not finite, since JSON has no such number. */
static int
json_set_num(json_t *o, const char *key, double x)
{
	json_t *v;

	if (!isfinite(x))
		return -1;
	if (x == floor(x) && fabs(x) < 1e15)
		v = json_integer((json_int_t)x);
	else
		v = json_real(x);
	return json_object_set_new(o, key, v);
}

/* The significant digits x needs to read back as the same double. */
static int
real_digits(double x)
{
	char buf[NUMBUF];
	int p;

	for (p = 1; p < 17; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	return p;
}

int
q_json_precision(const json_t *v)
{
	const char *key;
	json_t *e;
	size_t i;
	int p, prec = 1;

	switch (json_typeof(v)) {
	case JSON_REAL:
		return real_digits(json_real_value(v));
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, e)
			if ((p = q_json_precision(e)) > prec)
				prec = p;
		return prec;
	case JSON_ARRAY:
		json_array_foreach(v, i, e)
			if ((p = q_json_precision(e)) > prec)
				prec = p;
		return prec;
	default:
		return prec;
	}
}

static char *
base64_string(const unsigned char *d, size_t n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		abort();
	bank_export_base64(f, d, n);
	fclose(f);
	return s;
}

/* key: the name of format f, written only when it differs from the
 * question's format def. */
static void
json_format(json_t *o, const char *key, enum q_format f, enum q_format def)
{
	if (f != def)
		json_set_str(o, key, q_format_name(f));
}

/* The answers of q; *bad becomes nonzero if a text is not UTF-8 or a
 * number not finite. */
static json_t *
json_answers(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *a = &q->answers[i];
		json_t *o = json_object();

		if (q->type == Q_NUMERICAL && !bank_export_any_answer(a)) {
			*bad |= json_set_num(o, "value", a->value);
			*bad |= json_set_num(o, "tolerance", a->tolerance);
		} else {
			*bad |= json_set_str(o, "text", a->text ? a->text : "");
			json_format(o, "format", a->format, q->format);
		}
		*bad |= json_set_num(o, "fraction", a->fraction);
		*bad |= json_set_opt(o, "feedback", a->feedback);
		if (a->feedback != NULL)
			json_format(o, "feedback_format", a->feedback_format,
			    q->format);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
json_pairs(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->npairs; i++) {
		const struct q_pair *p = &q->pairs[i];
		json_t *o = json_object();

		*bad |= json_set_str(o, "sub", p->sub ? p->sub : "");
		*bad |= json_set_str(o, "answer", p->answer ? p->answer : "");
		if (!bank_export_empty(p->sub))
			json_format(o, "format", p->format, q->format);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
json_files(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->nfiles; i++) {
		const struct q_file *f = &q->files[i];
		json_t *o = json_object();
		char *data = base64_string(f->data, f->len);

		*bad |= json_set_str(o, "name", f->name ? f->name : "");
		*bad |= json_set_opt(o, "mime", f->mime);
		json_set_str(o, "data", data);
		free(data);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* key (and key_format unless it is def) when text is not empty. */
static int
json_opt_text(json_t *o, const char *key, const char *text, enum q_format f,
    enum q_format def)
{
	char fkey[64];

	if (bank_export_empty(text))
		return 0;
	snprintf(fkey, sizeof fkey, "%s_format", key);
	json_format(o, fkey, f, def);
	return json_set_str(o, key, text);
}

static json_t *
json_hints(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->nhints; i++) {
		const struct q_hint *h = &q->hints[i];
		json_t *o = json_object();

		*bad |= json_set_str(o, "text", h->text ? h->text : "");
		json_format(o, "format", h->format, q->format);
		if (h->shownumcorrect)
			json_object_set_new(o, "shownumcorrect", json_true());
		if (h->clearwrong)
			json_object_set_new(o, "clearwrong", json_true());
		json_array_append_new(arr, o);
	}
	return arr;
}

/* The gaps of a cloze q (docs/bank-json.md); answers as a question of
 * the gap's kind has them, always HTML. */
static json_t *
json_gaps(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->ngaps; i++) {
		const struct q_gap *g = &q->gaps[i];
		json_t *o = json_object(), *ans = json_array();

		json_set_str(o, "kind", q_gap_kind_name(g->kind));
		if (g->kind == QG_SHORTANSWER)
			json_object_set_new(o, "usecase",
			    json_boolean(g->usecase));
		if (g->kind == QG_MULTICHOICE || g->kind == QG_MULTIRESPONSE) {
			json_set_str(o, "layout", q_gap_layout_name(g->layout));
			json_object_set_new(o, "shuffle",
			    json_boolean(g->shuffle));
		}
		*bad |= json_set_num(o, "weight", g->weight);
		for (size_t k = 0; k < g->nanswers; k++) {
			const struct q_answer *a = &g->answers[k];
			json_t *ao = json_object();

			if (g->kind == QG_NUMERICAL &&
			    !bank_export_any_answer(a)) {
				*bad |= json_set_num(ao, "value", a->value);
				*bad |= json_set_num(ao, "tolerance",
				    a->tolerance);
			} else {
				*bad |= json_set_str(ao, "text",
				    a->text ? a->text : "");
			}
			*bad |= json_set_num(ao, "fraction", a->fraction);
			*bad |= json_set_opt(ao, "feedback", a->feedback);
			json_array_append_new(ans, ao);
		}
		json_object_set_new(o, "answers", ans);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* A gapselect question's "choices": [{"text", "group"}]. */
static json_t *
json_gapchoices(const struct question *q, int *bad)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < q->nchoices; i++) {
		json_t *o = json_object();

		*bad |= json_set_str(o, "text", q->choices[i].text ?
		    q->choices[i].text : "");
		json_object_set_new(o, "group",
		    json_integer(q->choices[i].group));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* An ordering question's options, every one written. */
static json_t *
json_ordering(const struct question *q)
{
	const struct q_ordering *od = &q->ordering;
	json_t *o = json_object();

	json_set_str(o, "layout", od->layout ? "HORIZONTAL" : "VERTICAL");
	json_set_str(o, "select", q_ord_select_name(od->select));
	json_object_set_new(o, "count", json_integer(od->count));
	json_set_str(o, "grading", q_ord_grading_name(od->grading));
	json_object_set_new(o, "showgrading", json_boolean(od->showgrading));
	json_set_str(o, "numbering", od->numbering ? od->numbering : "none");
	return o;
}

/* The fields of a gapselect or ordering question (bank-json.md). */
static void
json_gapord(json_t *o, const struct question *q, int *bad)
{
	if (q->type != Q_GAPSELECT && q->type != Q_ORDERING)
		return;
	if (q->shownumcorrect)
		json_object_set_new(o, "shownumcorrect", json_true());
	if (q->type == Q_GAPSELECT) {
		json_object_set_new(o, "shuffle", json_boolean(q->shuffle));
		json_object_set_new(o, "choices", json_gapchoices(q, bad));
	} else {
		json_object_set_new(o, "ordering", json_ordering(q));
		json_object_set_new(o, "answers", json_answers(q, bad));
	}
}

/* A numerical question's units and every unit option, when it has
 * units (the options mean nothing without). */
static int
json_units(json_t *o, const struct question *q)
{
	json_t *arr;
	int bad = 0;

	if (q->type != Q_NUMERICAL || q->nunits == 0)
		return 0;
	arr = json_array();
	for (size_t i = 0; i < q->nunits; i++) {
		json_t *u = json_object();

		bad |= json_set_str(u, "name", q->units[i].name);
		bad |= json_set_num(u, "multiplier", q->units[i].multiplier);
		json_array_append_new(arr, u);
	}
	json_object_set_new(o, "units", arr);
	json_set_str(o, "unit_grading", q_unit_grading_name(q->unit_grading));
	bad |= json_set_num(o, "unit_penalty", q->unit_penalty);
	json_set_str(o, "show_units", q_unit_show_name(q->show_units));
	json_object_set_new(o, "units_left", json_boolean(q->units_left));
	return bad;
}

json_t *
q_to_json(const struct question *q)
{
	json_t *o = json_object();
	int bad = 0;

	bad |= json_set_opt(o, "id", q->id);
	bad |= json_set_opt(o, "title", q->title);
	bad |= json_set_opt(o, "category", q->category);
	bad |= json_set_opt(o, "lang", q->lang);
	json_set_str(o, "type", q_type_name(q->type));
	json_set_str(o, "format", q_format_name(q->format));
	bad |= json_set_str(o, "text", q->text ? q->text : "");
	bad |= json_set_opt(o, "general_feedback", q->general_feedback);
	if (q->general_feedback != NULL)
		json_format(o, "general_feedback_format",
		    q->general_feedback_format, q->format);
	if (q->ntags > 0) {
		json_t *tags = json_array();

		for (size_t i = 0; i < q->ntags; i++)
			bad |= json_array_append_new(tags,
			    json_string(q->tags[i]));
		json_object_set_new(o, "tags", tags);
	}
	if (bank_export_difficulty(q->difficulty) != NULL)
		json_set_str(o, "difficulty", bank_export_difficulty(q->difficulty));
	if (q->type == Q_MULTICHOICE)
		json_object_set_new(o, "single", json_boolean(q->single));
	if (q->type == Q_SHORTANSWER)
		json_object_set_new(o, "usecase", json_boolean(q->usecase));
	if (q->type == Q_MULTICHOICE || q->type == Q_MATCHING)
		json_object_set_new(o, "shuffle", json_boolean(q->shuffle));
	bad |= json_set_num(o, "default_mark", q->default_mark);
	/* Only when not Moodle's default, so stored versions stay as they
	 * were written before these fields existed. */
	if (fabs(q->penalty - q_penalty_default(q->type)) > 1e-9)
		bad |= json_set_num(o, "penalty", q->penalty);
	if (q->type == Q_MULTICHOICE && q->numbering != NULL &&
	    strcmp(q->numbering, "abc") != 0)
		json_set_str(o, "numbering", q->numbering);
	bad |= json_opt_text(o, "correct_feedback", q->correct_feedback,
	    q->correct_feedback_format, q->format);
	bad |= json_opt_text(o, "partial_feedback", q->partial_feedback,
	    q->partial_feedback_format, q->format);
	bad |= json_opt_text(o, "incorrect_feedback", q->incorrect_feedback,
	    q->incorrect_feedback_format, q->format);
	if (q->nhints > 0)
		json_object_set_new(o, "hints", json_hints(q, &bad));
	if (q->type == Q_MULTICHOICE || q->type == Q_TRUEFALSE ||
	    q->type == Q_SHORTANSWER || q->type == Q_NUMERICAL)
		json_object_set_new(o, "answers", json_answers(q, &bad));
	if (q->type == Q_MATCHING)
		json_object_set_new(o, "pairs", json_pairs(q, &bad));
	json_gapord(o, q, &bad);
	if (q->nfiles > 0)
		json_object_set_new(o, "files", json_files(q, &bad));
	if (q->type == Q_CLOZE)
		json_object_set_new(o, "gaps", json_gaps(q, &bad));
	bad |= json_units(o, q);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
bank_export_json(FILE *out, const struct q_bank *b)
{
	json_t *root = json_object(), *arr = json_array();
	int rc = 0;

	json_object_set_new(root, "questions", arr);
	for (size_t i = 0; i < b->n && rc == 0; i++) {
		json_t *o = q_to_json(&b->q[i]);

		rc = o == NULL ? -1 : json_array_append_new(arr, o);
	}
	if (rc == 0)
		rc = json_dumpf(root, out, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(q_json_precision(root)));
	json_decref(root);
	if (rc == 0)
		putc('\n', out);
	return rc == 0 && fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
