/*
 * ui_console_bank.c - a bank's page in the console, for the trainer who
 * may change it (owner.h): GET /console/banks/{bank}, its questions as a
 * learner would see them with keys, feedback and lint warnings, a search
 * (text, category, type) BANK_PAGE to a page, its version history; and
 * POST /console/banks/{bank}/retire, retiring or restoring a question
 * (bank_retire.h). The questions come from bank_store.h.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "bank_import.h"
#include "bank_lint.h"
#include "bank_retire.h"
#include "bank_store.h"
#include "cloze.h"
#include "form.h"
#include "grade.h"

#define BANK_PAGE 50			/* questions one bank page shows */

/* The question browser's view of answer a of q. */
static json_t *
answer_view(struct req *r, const struct question *q, const struct q_answer *an)
{
	const char *text;

	if (q->type == Q_NUMERICAL)
		text = an->text && strcmp(an->text, "*") == 0 ? "*" :
		    arena_printf(r->arena, "%g ± %g%s%s", an->value, an->tolerance,
		    q->nunits > 0 ? " " : "", q->nunits > 0 ? q->units[0].name : "");
	else if (q->type == Q_TRUEFALSE)
		text = i18n_get(r->lang, an->text && strcmp(an->text, "true") == 0 ? "true" : "false");
	else
		text = NULL;
	return json_pack("{s:s, s:s, s:b, s:b, s:s?}",
	    "html", text ? "" : form_html(r->arena, q, an->text, an->format),
	    "text", text ? text : "",
	    "right", an->fraction > 0, "full", an->fraction >= 1.0 - 1e-9,
	    "feedback", an->feedback && *an->feedback ?
	    form_html(r->arena, q, an->feedback, an->feedback_format) : NULL);
}

/* A cloze's answers for the browser: each gap's, as a question of the
 * gap's kind has them, under its label ("Gap 2 · MULTICHOICE_S"). */
static void
cloze_answers(struct req *r, const struct question *q, json_t *answers)
{
	for (size_t k = 0; k < q->ngaps; k++) {
		struct question g;

		grade_gap_question(q, &q->gaps[k], &g);
		for (size_t i = 0; i < g.nanswers; i++) {
			json_t *a = answer_view(r, &g, &g.answers[i]);

			json_object_set_new(a, "fraction", json_string(arena_printf(
			    r->arena, "%g%%", g.answers[i].fraction * 100)));
			if (i == 0)
				json_object_set_new(a, "gap", json_string(arena_printf(
				    r->arena, "%s · %s · %g", i18n_msg(r->arena,
				    r->lang, "attempt_gap", "n", arena_printf(r->arena,
				    "%zu", k + 1), NULL), q_gap_code(&q->gaps[k]),
				    q->gaps[k].weight)));
			json_array_append_new(answers, a);
		}
	}
}

/* A gapselect's key as pairs ("Gap 1" -> its choice, with the other
 * choices of its group after it), an ordering's items numbered by their
 * right place. */
static void
question_view_gapord(struct req *r, const struct question *q, json_t *answers,
    json_t *pairs)
{
	int *gap;
	size_t n;

	if (q->type == Q_ORDERING)
		for (size_t i = 0; i < json_array_size(answers); i++) {
			json_t *a = json_array_get(answers, i);

			json_object_set_new(a, "fraction", json_string(arena_printf(r->arena,
			    "%zu.", i + 1)));
			json_object_set_new(a, "right", json_false());
		}
	if (q->type != Q_GAPSELECT)
		return;
	n = grade_gaps(q, r->arena, &gap);
	for (size_t i = 0; i < n; i++) {
		const struct q_gapchoice *c = gap[i] >= 1 && (size_t)gap[i] <= q->nchoices ?
		    &q->choices[gap[i] - 1] : NULL;
		struct buf o = BUF_INIT;

		for (size_t j = 0; c != NULL && j < q->nchoices; j++)
			if (q->choices[j].group == c->group && &q->choices[j] != c)
				buf_printf(&o, "%s%s", o.len ? ", " : "", q->choices[j].text);
		json_array_append_new(pairs, json_pack("{s:s, s:s, s:s?}", "sub",
		    arena_printf(r->arena, "%s %zu", i18n_get(r->lang, "gap_label"), i + 1),
		    "answer", c ? c->text : "", "others", o.len ? arena_strdup(r->arena,
		    o.data) : NULL));
		buf_free(&o);
	}
}

/* A numerical question's units as a trainer checks them: each name with
 * its multiplier, how a missing or unknown unit is graded, how it is
 * asked for. From r's arena. */
static const char *
units_text(struct req *r, const struct question *q)
{
	struct buf b = BUF_INIT;
	const char *out;

	for (size_t i = 0; i < q->nunits; i++)
		buf_printf(&b, "%s%s ×%g", i ? ", " : "", q->units[i].name,
		    q->units[i].multiplier);
	buf_printf(&b, " · %s · %s%s", i18n_msg(r->arena, r->lang,
	    arena_printf(r->arena, "console_unit_grading_%s",
	    q_unit_grading_name(q->unit_grading)), "p", arena_printf(r->arena, "%g",
	    q->unit_penalty * 100), NULL), i18n_get(r->lang, arena_printf(r->arena,
	    "console_unit_show_%s", q_unit_show_name(q->show_units))),
	    q->units_left ? i18n_get(r->lang, "console_units_left") : "");
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

static json_t *
question_view(struct req *r, const struct question *q, const struct q_bank *warn,
    const json_t *retired)
{
	const char *key = bank_item_key(r->arena, q);
	json_t *answers = json_array(), *pairs = json_array(), *warnings = json_array();

	for (size_t i = 0; i < q->nanswers; i++) {
		json_t *a = answer_view(r, q, &q->answers[i]);

		json_object_set_new(a, "fraction", json_string(arena_printf(r->arena, "%g%%",
		    q->answers[i].fraction * 100)));
		json_array_append_new(answers, a);
	}
	if (q->type == Q_CLOZE)
		cloze_answers(r, q, answers);
	for (size_t i = 0; i < q->npairs; i++)
		json_array_append_new(pairs, json_pack("{s:s, s:s}",
		    "sub", form_html(r->arena, q, q->pairs[i].sub, q->pairs[i].format),
		    "answer", q->pairs[i].answer ? q->pairs[i].answer : ""));
	question_view_gapord(r, q, answers, pairs);
	for (size_t e = 0; e < warn->nerr; e++)
		if (warn->err[e].line == q->line)
			json_array_append_new(warnings, json_string(warn->err[e].message));
	json_t *v = json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:s?}",
	    "key", key, "title", q->title, "type", i18n_get(r->lang,
	    arena_printf(r->arena, "qtype_%s", q_type_name(q->type))),
	    "category", q->category ? q->category : "", "lang", q->lang ? q->lang : "",
	    "html", q->type == Q_GAPSELECT ? form_html(r->arena, q,
	    form_gap_text(r->arena, q, i18n_get(r->lang, "gap_label")),
	    q->format) : form_prompt(r->arena, q),
	    "answers", answers, "pairs", pairs, "warnings", warnings,
	    "retired", json_is_true(json_object_get(retired, key)),
	    "general_feedback", q->general_feedback && *q->general_feedback ?
	    form_html(r->arena, q, q->general_feedback, q->general_feedback_format) : NULL);

	if (v != NULL && q->type == Q_NUMERICAL && q->nunits > 0)
		json_object_set_new(v, "units", json_string(units_text(r, q)));
	return v;
}

/* The bank page's link to page n of the same search. From r's arena. */
static char *
bank_page_link(struct req *r, const char *bank, int n)
{
	static const char *const keep[] = { "q", "category", "type" };
	struct buf b = BUF_INIT;
	char *out;

	buf_str(&b, "/console/banks/");
	buf_url(&b, bank);
	buf_printf(&b, "?page=%d", n);
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if (req_query(r, keep[i]) != NULL && *req_query(r, keep[i])) {
			buf_printf(&b, "&%s=", keep[i]);
			buf_url(&b, req_query(r, keep[i]));
		}
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

/* The bank's version history for its page: bank_versions() with the time
 * in Taipei and who imported it in words. */
static json_t *
version_rows(struct req *r, const char *bank)
{
	json_t *rows = bank_versions(r->store, bank), *v;
	size_t i;

	json_array_foreach(rows, i, v) {
		const char *by = json_string_value(json_object_get(v, "imported_by"));

		json_object_set_new(v, "when", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(v, "imported_at")), 0)));
		json_object_set_new(v, "by", json_string(by ? by :
		    i18n_get(r->lang, "console_command_line")));
	}
	return rows;
}

int
ui_console_bank(struct req *r)
{
	static const char *const types[] = { "multichoice", "truefalse", "shortanswer",
	    "numerical", "matching", "essay", "description", "cloze", "gapselect",
	    "ordering" };
	const char *bank = req_param(r, "bank"), *text = req_query(r, "q");
	const char *cat = req_query(r, "category"), *type = req_query(r, "type");
	struct q_bank b, warn;
	json_t *questions = json_array(), *cats = json_array(), *typelist = json_array();
	json_t *retired, *ctx;
	const char *pg = req_query(r, "page");
	int version, matched = 0, page = pg ? atoi(pg) : 1, pages;
	const char *summary;

	q_bank_init(&b, r->arena, bank);
	q_bank_init(&warn, r->arena, bank);
	warn.lang = r->lang;	/* lint speaks the reader's language */
	if ((version = api_bank_owned(r, bank)) != 0) {
		json_decref(questions);
		json_decref(cats);
		json_decref(typelist);
		return version;
	}
	if ((version = bank_load(r->store, bank, 0, NULL, &b)) <= 0) {
		json_decref(questions);
		json_decref(cats);
		json_decref(typelist);
		return reply_error(r, 404, "bank_not_found");
	}
	for (size_t i = 0; i < b.n; i++)
		b.q[i].line = (int)i + 1;	/* lint names questions by position */
	bank_lint(&b, &warn);
	retired = bank_retired(r->store, bank);
	for (size_t i = 0; i < b.n; i++) {
		const char *c = b.q[i].category ? b.q[i].category : "";
		size_t k;
		json_t *v;
		int seen = 0;

		json_array_foreach(cats, k, v)
			seen |= strcmp(json_string_value(json_object_get(v, "path")), c) == 0;
		if (!seen && *c)
			json_array_append_new(cats, json_pack("{s:s, s:b}", "path", c,
			    "selected", cat != NULL && strcmp(cat, c) == 0));
		if (!q_match(&b.q[i], text, cat, type, NULL))
			continue;
		if (page < 1)
			page = 1;
		if (matched++ / BANK_PAGE == page - 1)
			json_array_append_new(questions, question_view(r, &b.q[i], &warn, retired));
	}
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		json_array_append_new(typelist, json_pack("{s:s, s:s, s:b}", "value", types[i],
		    "label", i18n_get(r->lang, arena_printf(r->arena, "qtype_%s", types[i])),
		    "selected", type != NULL && strcmp(type, types[i]) == 0));
	pages = matched ? (matched + BANK_PAGE - 1) / BANK_PAGE : 1;
	/* Each question is listed once per language: the count of questions
	 * is of their identities, the languages beside it. */
	{
		json_t *keys = json_object(), *langs = json_object();
		struct buf lb = BUF_INIT;
		const char *l;
		json_t *v;

		for (size_t i = 0; i < b.n; i++) {
			json_object_set_new(keys, bank_item_key(r->arena, &b.q[i]), json_true());
			if (b.q[i].lang != NULL)
				json_object_set_new(langs, b.q[i].lang, json_true());
		}
		json_object_foreach(langs, l, v)
			buf_printf(&lb, "%s%s", lb.len ? ", " : "", l);
		summary = i18n_msg(r->arena, r->lang, "console_bank_summary", "count",
		    arena_printf(r->arena, "%zu", json_object_size(keys)), "languages",
		    lb.len ? lb.data : "-", NULL);
		json_decref(keys);
		json_decref(langs);
		buf_free(&lb);
	}
	ctx = json_pack("{s:s, s:s, s:i, s:i, s:i, s:s, s:o, s:o, s:o, s:i, s:i, s:s?}",
	    "title", arena_printf(r->arena, "%s · %s", i18n_get(r->lang, "console_bank"), bank),
	    "bank", bank, "version", version, "total", (int)b.n, "matched", matched,
	    "q", text ? text : "", "questions", questions, "categories", cats,
	    "types", typelist, "page", page, "pages", pages, "done", req_query(r, "done"));
	json_object_set_new(ctx, "paged", json_boolean(pages > 1));
	json_object_set_new(ctx, "summary", json_string(summary));
	if (page > 1)
		json_object_set_new(ctx, "prev", json_string(bank_page_link(r, bank, page - 1)));
	if (page < pages)
		json_object_set_new(ctx, "next", json_string(bank_page_link(r, bank, page + 1)));
	json_object_set_new(ctx, "f_category", json_string(cat ? cat : ""));
	json_object_set_new(ctx, "f_type", json_string(type ? type : ""));
	json_object_set_new(ctx, "versions", version_rows(r, bank));
	json_decref(retired);
	return reply_page(r, 200, "console_bank", ctx);
}

int
ui_console_bank_retire(struct req *r)
{
	const char *bank = req_param(r, "bank"), *key = req_form(r, "key");
	const char *on = req_form(r, "retire");
	static const char *const keep[] = { "q", "category", "type" };
	struct buf loc = BUF_INIT;
	char *to;
	int rc;

	if ((rc = api_bank_owned(r, bank)) != 0)
		return rc;
	rc = bank_retire(r->store, bank, key, on != NULL && strcmp(on, "1") == 0);
	if (rc < 0)
		return reply_error(r, 500, "internal_error");
	if (rc == 0)
		return reply_error(r, 404, "not_found");
	/* Back to the same search, at the question. */
	buf_str(&loc, "/console/banks/");
	buf_url(&loc, bank);
	buf_str(&loc, "?done=1");
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if (req_form(r, keep[i]) != NULL && *req_form(r, keep[i])) {
			buf_printf(&loc, "&%s=", keep[i]);
			buf_url(&loc, req_form(r, keep[i]));
		}
	buf_str(&loc, "#q-");
	buf_url(&loc, key);
	to = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return reply_redirect(r, to);
}
