/*
 * review.c - per-item review after grading; see review.h.
 */
#include "review.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bank_json.h"
#include "buf.h"
#include "form.h"
#include "i18n.h"

static void
sep(struct buf *b)
{
	if (b->len > 0)
		buf_str(b, "; ");
}

static void given(struct buf *b, struct arena *a, const struct question *q,
    const struct response *r, const char *lang);
static void key(struct buf *b, struct arena *a, const struct question *q,
    const struct response *r, const char *lang);

/* "Gap 2: " in lang, before what fills gap n (of a
 * gapselect or, k + 1, of a cloze). */
static void
gap_label(struct buf *b, size_t n, const char *lang)
{
	sep(b);
	buf_html(b, i18n_get(lang, "gap_label"));
	buf_printf(b, " %zu: ", n);
}

/* A cloze's answer (r given) or key (r NULL): each gap as a question of
 * its kind, after its label; a gap left blank shows "—". */
static void
cloze_review(struct buf *b, struct arena *a, const struct question *q,
    const struct response *r, const char *lang)
{
	for (size_t k = 0; k < q->ngaps; k++) {
		struct buf one = BUF_INIT;
		struct question g;

		grade_gap_question(q, &q->gaps[k], &g);
		if (r != NULL && k < r->ncloze_gaps)
			given(&one, a, &g, &r->cloze_gaps[k], lang);
		else if (r == NULL)
			key(&one, a, &g, NULL, lang);
		gap_label(b, k + 1, lang);
		buf_str(b, one.data != NULL && *one.data ? one.data : "—");
		buf_free(&one);
	}
}

/* Choice c (0-based) of a gapselect as HTML, "—" for none. */
static void
gap_choice(struct buf *b, const struct question *q, int c)
{
	if (c >= 0 && (size_t)c < q->nchoices)
		buf_html(b, q->choices[c].text);	/* plain text, as shown */
	else
		buf_str(b, "—");
}

/* The learner's answer to a gapselect or ordering question, as HTML:
 * "Gap 1: x; Gap 2: —", or the items in their order "1. a; 2. b". */
static void
given_gapord(struct buf *b, struct arena *a, const struct question *q,
    const struct response *r, const char *lang)
{
	for (size_t i = 0; q->type == Q_GAPSELECT && i < r->ngaps; i++) {
		gap_label(b, i + 1, lang);
		gap_choice(b, q, r->gaps[i]);
	}
	for (size_t i = 0; q->type == Q_ORDERING && i < r->norder; i++) {
		sep(b);
		buf_printf(b, "%zu. ", i + 1);
		buf_str(b, form_html(a, q, q->answers[r->order[i]].text,
		    q->answers[r->order[i]].format));
	}
}

/* The right answer of a gapselect (each gap's choice) or an ordering
 * (the items drawn, all when r has none, in their right order). */
static void
key_gapord(struct buf *b, struct arena *a, const struct question *q,
    const struct response *r, const char *lang)
{
	int *gap;
	size_t n = 1;

	if (q->type == Q_GAPSELECT) {
		size_t ng = grade_gaps(q, a, &gap);

		for (size_t i = 0; i < ng; i++) {
			gap_label(b, i + 1, lang);
			gap_choice(b, q, gap[i] - 1);
		}
		return;
	}
	for (size_t i = 0; q->type == Q_ORDERING && i < q->nanswers; i++) {
		int drawn = r == NULL || r->norder == 0;

		for (size_t j = 0; !drawn && j < r->norder; j++)
			drawn = r->order[j] == (int)i;
		if (!drawn)
			continue;
		sep(b);
		buf_printf(b, "%zu. ", n++);
		buf_str(b, form_html(a, q, q->answers[i].text,
		    q->answers[i].format));
	}
}

/* A number (± tol when tol > 0) with its unit on the side q writes it
 * (units_left), escaped; the number alone when unit is NULL or "". */
static void
number_with_unit(struct buf *b, const struct question *q, double x,
    double tol, const char *unit)
{
	if (unit != NULL && *unit != '\0' && q->units_left) {
		buf_html(b, unit);
		buf_str(b, " ");
	}
	buf_printf(b, tol > 0 ? "%.15g ± %.15g" : "%.15g", x, tol);
	if (unit != NULL && *unit != '\0' && !q->units_left) {
		buf_str(b, " ");
		buf_html(b, unit);
	}
}

/* The learner's answer r to q, as HTML. */
static void
given(struct buf *b, struct arena *a, const struct question *q,
    const struct response *r, const char *lang)
{
	if (!r->given)
		return;
	switch (q->type) {
	case Q_MULTICHOICE:
		if (q->single && r->choice >= 0)
			buf_str(b, form_html(a, q, q->answers[r->choice].text, q->answers[r->choice].format));
		for (size_t i = 0; !q->single && i < r->nchoices; i++) {
			sep(b);
			buf_str(b, form_html(a, q, q->answers[r->choices[i]].text,
			    q->answers[r->choices[i]].format));
		}
		break;
	case Q_TRUEFALSE:
		if (r->choice >= 0)
			buf_html(b, i18n_get(lang, q->answers[r->choice].text));
		break;
	case Q_SHORTANSWER:
		buf_html(b, r->text);
		break;
	case Q_NUMERICAL:
		number_with_unit(b, q, r->number, 0, r->unit);
		break;
	case Q_MATCHING:
		for (size_t i = 0; i < q->npairs && i < r->npairs; i++) {
			if (q->pairs[i].sub == NULL || *q->pairs[i].sub == '\0')
				continue;
			sep(b);
			buf_str(b, form_html(a, q, q->pairs[i].sub, q->pairs[i].format));
			buf_str(b, " → ");
			if (r->pairs[i] >= 0)
				buf_html(b, q->pairs[r->pairs[i]].answer);
			else
				buf_str(b, "—");
		}
		break;
	case Q_CLOZE:
		cloze_review(b, a, q, r, lang);
		break;
	case Q_GAPSELECT:
	case Q_ORDERING:
		given_gapord(b, a, q, r, lang);
		break;
	default:
		break;
	}
}

/* The right answer of q, as HTML. */
static void
key(struct buf *b, struct arena *a, const struct question *q,
    const struct response *r, const char *lang)
{
	if (q->type == Q_CLOZE) {
		cloze_review(b, a, q, NULL, lang);
		return;
	}
	if (q->type == Q_GAPSELECT || q->type == Q_ORDERING) {
		key_gapord(b, a, q, r, lang);
		return;
	}
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct q_answer *ans = &q->answers[i];

		if (ans->fraction <= 0 || (q->type != Q_MULTICHOICE && ans->fraction < 1))
			continue;
		sep(b);
		if (q->type == Q_TRUEFALSE)
			buf_html(b, i18n_get(lang, ans->text));
		else if (q->type == Q_NUMERICAL)	/* in the first unit, Moodle's default */
			number_with_unit(b, q, ans->value, ans->tolerance,
			    q->nunits > 0 ? q->units[0].name : NULL);
		else if (q->type == Q_SHORTANSWER)
			buf_html(b, ans->text);
		else
			buf_str(b, form_html(a, q, ans->text, ans->format));
	}
	for (size_t i = 0; q->type == Q_MATCHING && i < q->npairs; i++) {
		if (q->pairs[i].sub == NULL || *q->pairs[i].sub == '\0')
			continue;
		sep(b);
		buf_str(b, form_html(a, q, q->pairs[i].sub, q->pairs[i].format));
		buf_str(b, " → ");
		buf_html(b, q->pairs[i].answer);
	}
}

json_t *
review_items(struct store *s, struct arena *a, const struct attempt *t,
    const char *lang, int with_keys)
{
	static const char sql[] =
	    "SELECT ai.position, ai.layout, ai.fraction, iv.data, r.response "
	    "FROM attempt_items ai JOIN item_versions iv ON iv.id = ai.item_version_id "
	    "LEFT JOIN responses r ON r.attempt_id = ai.attempt_id AND r.position = ai.position "
	    "WHERE ai.attempt_id = ? ORDER BY ai.position";
	struct stmt *st;
	json_t *out;

	if (!t->graded || (st = db_stmt_int(store_db(s), sql, t->id)) == NULL)
		return NULL;
	out = json_array();
	while (db_row(st)) {
		json_t *lay = json_loads(db_col_text(st, 1), 0, NULL);
		const char *rt = db_col_text(st, 4);
		json_t *resp = rt ? json_loads(rt, JSON_DECODE_ANY, NULL) : NULL;
		double fraction = db_col_double(st, 2);
		struct q_bank qb;
		json_t *qj = json_loads(db_col_text(st, 3), 0, NULL);
		struct buf g = BUF_INIT, k = BUF_INIT;
		struct response r = { 0 };
		const char *err;
		json_t *item;

		q_bank_init(&qb, a, "review");
		if (qj != NULL && q_from_json(&qb, qj, 0) == 0 && qb.n == 1) {
			const struct question *q = &qb.q[0];

			if (form_response(q, lay, resp, a, &r, &err) == 0)
				given(&g, a, q, &r, lang);
			item = json_pack("{s:i, s:s, s:s, s:f, s:f, s:f, s:b}",
			    "n", db_col_int(st, 0) + 1,
			    "prompt", q->type == Q_GAPSELECT ? form_html(a, q,
			    form_gap_text(a, q, i18n_get(lang, "gap_label")),
			    q->format) : form_prompt(a, q),
			    "answer", g.data ? g.data : "",
			    "fraction", fraction, "mark", q->default_mark,
			    "score", fraction * q->default_mark,
			    "right", fabs(fraction - 1.0) < 1e-9);
			if (item != NULL && with_keys) {
				key(&k, a, q, &r, lang);
				json_object_set_new(item, "key", json_string(k.data ? k.data : ""));
				json_object_set_new(item, "feedback", json_string(form_html(a, q,
				    q->general_feedback, q->general_feedback_format)));
			}
			if (item != NULL)
				json_array_append_new(out, item);
		}
		buf_free(&g);
		buf_free(&k);
		json_decref(qj);
		json_decref(lay);
		json_decref(resp);
	}
	db_end(st);
	return out;
}
