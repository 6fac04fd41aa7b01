/*
 * ui_attempt.c - the pages a learner lives through on exam day, after
 * starting: the exam itself (GET /attempts/{id}, ten questions a page,
 * works without script; static/exam.js adds instant saving, the
 * countdown and the offline queue; POST .../save for a page of answers
 * without script), the confirmation before submitting (.../finish),
 * submitting (.../submit) and the result (.../result). Saving and
 * grading are attempt.h's, as for the JSON API (api_attempt.c).
 */
#include "handlers.h"
#include "scorefmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "i18n.h"
#include "form.h"

#define PAGE_ITEMS 10

static char *
mmss(struct arena *a, long s)
{
	if (s < 0)
		s = 0;
	return s >= 3600 ? arena_printf(a, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60) :
	    arena_printf(a, "%02ld:%02ld", s / 60, s % 60);
}

/* 1 if "gaps" fill a gap: a gapselect's with an option id (a string,
 * null when empty), a cloze's with a gap response (an object; stored
 * responses keep only answered gaps). */
static int
gaps_answered(const json_t *gaps)
{
	const char *k;
	json_t *x;

	json_object_foreach((json_t *)(uintptr_t)gaps, k, x)
		if (json_is_string(x) || json_object_size(x) > 0)
			return 1;
	return 0;
}

/* 1 if a stored response object says something. */
static int
answered(const json_t *resp)
{
	const json_t *v;

	if (!json_is_object(resp) || json_object_size(resp) == 0)
		return 0;
	if ((v = json_object_get(resp, "choices")) != NULL)
		return json_array_size(v) > 0;
	if ((v = json_object_get(resp, "text")) != NULL)
		return json_string_length(v) > 0;
	if ((v = json_object_get(resp, "gaps")) != NULL)
		return gaps_answered(v);
	if ((v = json_object_get(resp, "pairs")) != NULL) {
		const char *k;
		json_t *x;

		json_object_foreach((json_t *)(uintptr_t)v, k, x)
			if (json_is_string(x))
				return 1;
		return 0;
	}
	return 1;
}

static int
in_array(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

/* The template's view of gap g (the view's gap object) of cloze item id,
 * with its saved response gr: an inline control named ID.gN (a checkbox
 * ID.gN.cK per choice of a multiple-response gap), labelled "Gap N". */
static json_t *
cloze_gap(struct req *r, const char *id, const json_t *g, const json_t *gr)
{
	const char *gid = json_string_value(json_object_get(g, "id"));
	const char *kind = json_string_value(json_object_get(g, "kind"));
	const char *layout = json_string_value(json_object_get(g, "layout"));
	const char *field = arena_printf(r->arena, "%s.g%s", id, gid);
	const char *chosen = json_string_value(json_object_get(gr, "choice"));
	json_t *out = json_pack("{s:s, s:s, s:s, s:s, s:s}", "label",
	    i18n_msg(r->arena, r->lang, "attempt_gap", "n", gid, NULL), "field",
	    field, "input", arena_printf(r->arena, "%s-g%s", id, gid), "gid",
	    gid, "kind", kind);
	json_t *opts = json_array(), *c;
	size_t i;

	if (strcmp(kind, "shortanswer") == 0) {
		json_object_set_new(out, "is_text", json_true());
		json_object_set(out, "value", json_object_get(gr, "text"));
	} else if (strcmp(kind, "numerical") == 0) {
		const json_t *num = json_object_get(gr, "number");

		json_object_set_new(out, "is_num", json_true());
		if (json_is_number(num))
			json_object_set_new(out, "value", json_string(arena_printf(
			    r->arena, "%.15g", json_number_value(num))));
	} else {
		int multi = strcmp(kind, "multiresponse") == 0;

		json_array_foreach(json_object_get(g, "choices"), i, c) {
			const char *cid = json_string_value(json_object_get(c, "id"));
			int on = multi ? in_array(json_object_get(gr, "choices"), cid) :
			    chosen != NULL && strcmp(chosen, cid) == 0;

			json_array_append_new(opts, json_pack("{s:s, s:O, s:b, s:s, s:s}",
			    "id", cid, "text", json_object_get(c, "text"), "checked", on,
			    "input", arena_printf(r->arena, "%s-g%s-%s", id, gid, cid),
			    "field", multi ? arena_printf(r->arena, "%s.%s", field, cid) :
			    field));
		}
		json_object_set_new(out, multi ? "is_check" : layout != NULL &&
		    strcmp(layout, "dropdown") == 0 ? "is_select" : "is_radio",
		    json_true());
		if (layout != NULL && strcmp(layout, "horizontal") == 0)
			json_object_set_new(out, "horizontal", json_true());
	}
	json_object_set_new(out, "choices", opts);
	return out;
}

/* A cloze item's stem as pieces: each an HTML part of the stem (raw, as
 * sanitized by the view) and the gap control that follows it. */
static json_t *
cloze_pieces(struct req *r, json_t *it, const json_t *resp)
{
	const char *id = json_string_value(json_object_get(it, "id"));
	const json_t *parts = json_object_get(it, "parts");
	const json_t *gaps = json_object_get(it, "gaps");
	const json_t *given = json_object_get(resp, "gaps");
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < json_array_size(parts); i++) {
		json_t *p = json_pack("{s:O}", "html", json_array_get(parts, i));
		const json_t *g = json_array_get(gaps, i);

		if (g != NULL)
			json_object_set_new(p, "gap", cloze_gap(r, id, g,
			    json_object_get(given, json_string_value(
			    json_object_get(g, "id")))));
		json_array_append_new(out, p);
	}
	return out;
}

/* The select of gap g of item it: its options, the saved one selected. */
static json_t *
page_gap(struct req *r, const char *id, const json_t *g, const json_t *gaps)
{
	const char *gid = json_string_value(json_object_get(g, "id"));
	const char *sel = json_string_value(json_object_get(gaps, gid));
	json_t *opts = json_array(), *c;
	size_t k;

	json_array_foreach(json_object_get(g, "choices"), k, c) {
		const char *cid = json_string_value(json_object_get(c, "id"));

		json_array_append_new(opts, json_pack("{s:s, s:O, s:b}", "id", cid,
		    "text", json_object_get(c, "text"),
		    "selected", sel != NULL && strcmp(sel, cid) == 0));
	}
	return json_pack("{s:s, s:o, s:s, s:s}", "n", gid, "options", opts,
	    "input", arena_printf(r->arena, "%s-g%s", id, gid),
	    "field", arena_printf(r->arena, "%s.%s", id, gid));
}

/* A gapselect's prompt cut at its gaps "[[n]]" (form_view numbers them
 * in order): [{"html", "gap"?}], each piece of sanitized text followed
 * by the select of the gap after it. */
static json_t *
page_gap_parts(struct req *r, const char *id, const json_t *it,
    const json_t *resp)
{
	const char *p = json_string_value(json_object_get(it, "prompt"));
	const json_t *gaps = json_object_get(it, "gaps");
	json_t *parts = json_array();
	size_t next = 0;

	if (p == NULL)
		p = "";
	for (;;) {
		const char *at = p;
		char mark[32];
		const json_t *g = json_array_get(gaps, next);

		snprintf(mark, sizeof mark, "[[%zu]]", next + 1);
		if (g == NULL || (at = strstr(p, mark)) == NULL) {
			json_array_append_new(parts, json_pack("{s:s}", "html", p));
			break;
		}
		json_array_append_new(parts, json_pack("{s:s%, s:o}", "html", p,
		    (size_t)(at - p), "gap", page_gap(r, id, g,
		    json_object_get(resp, "gaps"))));
		p = at + strlen(mark);
		next++;
	}
	return parts;
}

/* An ordering's items in the learner's saved order (else as first
 * shown), each with a select of its position 1..n. */
static json_t *
page_order(struct req *r, const char *id, const json_t *it, const json_t *resp)
{
	const json_t *items = json_object_get(it, "items");
	const json_t *order = json_object_get(resp, "order");
	size_t n = json_array_size(items), i, k;
	json_t *out = json_array(), *x;

	if (json_array_size(order) != n)
		order = NULL;
	for (i = 0; i < n; i++) {
		const json_t *item = json_array_get(items, i);
		json_t *pos = json_array();

		if (order != NULL)	/* the item at place i of the saved order */
			json_array_foreach(items, k, x)
				if (json_equal(json_object_get(x, "id"),
				    json_array_get(order, i)))
					item = x;
		for (k = 1; k <= n; k++)
			json_array_append_new(pos, json_pack("{s:i, s:b}", "p",
			    (int)k, "selected", k == i + 1));
		json_array_append_new(out, json_pack("{s:O, s:O, s:o, s:s, s:s}",
		    "id", json_object_get(item, "id"), "text",
		    json_object_get(item, "text"), "positions", pos, "input",
		    arena_printf(r->arena, "%s-%s", id,
		    json_string_value(json_object_get(item, "id"))), "field",
		    arena_printf(r->arena, "%s.%s", id,
		    json_string_value(json_object_get(item, "id")))));
	}
	return out;
}

/* The template's view of a gapselect or ordering item, into out. */
static void
page_gapord(struct req *r, json_t *out, const json_t *it, const json_t *resp)
{
	const char *type = json_string_value(json_object_get(it, "type"));
	const char *id = json_string_value(json_object_get(it, "id"));

	if (strcmp(type, "gapselect") == 0) {
		json_object_set_new(out, "is_gapselect", json_true());
		json_object_set_new(out, "gap_parts", page_gap_parts(r, id, it,
		    resp));
	} else {
		json_object_set_new(out, "is_ordering", json_true());
		json_object_set_new(out, "order_items", page_order(r, id, it,
		    resp));
		if (json_object_get(resp, "order") != NULL)
			json_object_set_new(out, "touched", json_true());
		if (strcmp(json_string_value(json_object_get(it, "layout")) ?
		    json_string_value(json_object_get(it, "layout")) : "",
		    "horizontal") == 0)
			json_object_set_new(out, "horizontal", json_true());
	}
}

/* A numerical item's units on the page: the names listed by the box
 * ("units_text"); typed with the number, the saved unit goes back into
 * the box beside it; chosen apart, radio buttons or a list named
 * "ID.unit" (unit_radio / unit_select, unit_options). */
static void
page_units(struct req *r, json_t *it, const json_t *resp, json_t *out)
{
	const char *how = json_string_value(json_object_get(it, "unit_input"));
	const char *id = json_string_value(json_object_get(it, "id"));
	const char *saved = json_string_value(json_object_get(resp, "unit"));
	const char *val = json_string_value(json_object_get(out, "value"));
	json_t *opts, *u;
	struct buf names = BUF_INIT;
	size_t i;

	if (how == NULL)
		return;
	json_array_foreach(json_object_get(it, "units"), i, u)
		buf_printf(&names, "%s%s", i ? ", " : "", json_string_value(u));
	json_object_set_new(out, "units_text", json_string(names.data ? names.data : ""));
	buf_free(&names);
	json_object_set_new(out, "unit_input", json_string(how));
	if (json_is_true(json_object_get(it, "units_left")))
		json_object_set_new(out, "units_left", json_true());
	if (strcmp(how, "text") == 0) {
		if (val != NULL && saved != NULL && *saved != '\0')
			json_object_set_new(out, "value", json_string(
			    json_is_true(json_object_get(it, "units_left")) ?
			    arena_printf(r->arena, "%s %s", saved, val) :
			    arena_printf(r->arena, "%s %s", val, saved)));
		return;
	}
	opts = json_array();
	json_array_foreach(json_object_get(it, "units"), i, u)
		json_array_append_new(opts, json_pack("{s:O, s:b, s:s}", "name", u,
		    "selected", saved != NULL && strcmp(saved, json_string_value(u)) == 0,
		    "input", arena_printf(r->arena, "%s-u%zu", id, i + 1)));
	json_object_set_new(out, "unit_options", opts);
	json_object_set_new(out, "unit_field", json_string(arena_printf(r->arena,
	    "%s.unit", id)));
	json_object_set_new(out, strcmp(how, "radio") == 0 ? "unit_radio" : "unit_select",
	    json_true());
}

/* The template's view of one item, its saved response filled in. */
static json_t *
page_item(struct req *r, json_t *it, const json_t *resp, int flagged, int n)
{
	const char *type = json_string_value(json_object_get(it, "type"));
	const char *id = json_string_value(json_object_get(it, "id"));
	int multiple = json_is_true(json_object_get(it, "multiple"));
	double mark = json_number_value(json_object_get(it, "mark"));
	json_t *out = json_pack("{s:i, s:s, s:s, s:O, s:b, s:b, s:O?}", "n", n, "id", id,
	    "type", type, "prompt", json_object_get(it, "prompt"), "flagged", flagged,
	    "answered", answered(resp), "mark", json_object_get(it, "mark"));

	/* "(2 marks)" only where an item weighs other than one. */
	if (mark != 1.0)
		json_object_set_new(out, "mark_text", json_string(arena_printf(r->arena, "%g", mark)));
	if (req_query(r, "invalid") != NULL && strcmp(req_query(r, "invalid"), id) == 0)
		json_object_set_new(out, "invalid", json_true());
	json_t *choices = json_array(), *c;
	size_t i;

	if (strcmp(type, "multichoice") == 0 || strcmp(type, "truefalse") == 0) {
		const char *chosen = json_string_value(json_object_get(resp, "choice"));
		const json_t *value = json_object_get(resp, "value");

		json_array_foreach(json_object_get(it, "choices"), i, c) {
			const char *cid = json_string_value(json_object_get(c, "id"));
			int checked = multiple ? in_array(json_object_get(resp, "choices"), cid) :
			    strcmp(type, "truefalse") == 0 ? json_is_boolean(value) &&
			    (json_is_true(value) == (strcmp(cid, "true") == 0)) :
			    chosen != NULL && strcmp(chosen, cid) == 0;

			/* A radio group shares the item's name; each checkbox
			 * is its own field "ITEM.CHOICE". */
			json_array_append_new(choices, json_pack("{s:s, s:O, s:b, s:s, s:s}", "id", cid,
			    "text", json_object_get(c, "text"), "checked", checked,
			    "input", arena_printf(r->arena, "%s-%s", id, cid),
			    "field", multiple ? arena_printf(r->arena, "%s.%s", id, cid) : id));
		}
		json_object_set_new(out, "choices", choices);
		json_object_set_new(out, multiple ? "is_multiple" : "is_single", json_true());
	} else if (strcmp(type, "shortanswer") == 0) {
		json_decref(choices);
		json_object_set_new(out, "is_short", json_true());
		json_object_set(out, "value", json_object_get(resp, "text"));
	} else if (strcmp(type, "numerical") == 0) {
		const json_t *num = json_object_get(resp, "number");
		char buf[64];

		json_decref(choices);
		json_object_set_new(out, "is_number", json_true());
		if (json_is_number(num)) {
			snprintf(buf, sizeof buf, "%.15g", json_number_value(num));
			json_object_set_new(out, "value", json_string(buf));
		}
		page_units(r, it, resp, out);
	} else if (strcmp(type, "matching") == 0) {
		json_t *subs = json_array(), *s;
		const json_t *pairs = json_object_get(resp, "pairs");

		json_decref(choices);
		json_array_foreach(json_object_get(it, "subquestions"), i, s) {
			const char *sid = json_string_value(json_object_get(s, "id"));
			const char *sel = json_string_value(json_object_get(pairs, sid));
			json_t *opts = json_array();
			size_t k;

			json_array_foreach(json_object_get(it, "choices"), k, c) {
				const char *cid = json_string_value(json_object_get(c, "id"));

				json_array_append_new(opts, json_pack("{s:s, s:O, s:b}", "id", cid,
				    "text", json_object_get(c, "text"),
				    "selected", sel != NULL && strcmp(sel, cid) == 0));
			}
			json_array_append_new(subs, json_pack("{s:s, s:O, s:o, s:s, s:s}", "id", sid,
			    "text", json_object_get(s, "text"), "options", opts,
			    "input", arena_printf(r->arena, "%s-%s", id, sid),
			    "field", arena_printf(r->arena, "%s.%s", id, sid)));
		}
		json_object_set_new(out, "is_matching", json_true());
		json_object_set_new(out, "subs", subs);
	} else if (strcmp(type, "cloze") == 0) {
		json_decref(choices);
		json_object_set_new(out, "is_cloze", json_true());
		json_object_set_new(out, "pieces", cloze_pieces(r, it, resp));
	} else if (strcmp(type, "gapselect") == 0 || strcmp(type, "ordering") == 0) {
		json_decref(choices);
		page_gapord(r, out, it, resp);
	} else {
		json_decref(choices);
	}
	return out;
}

/* Loads the caller's own running attempt {id}; otherwise replies (the
 * result page when it is over). 0 or the status. */
static int
own_running(struct req *r, struct attempt *t)
{
	int status = api_attempt_get_checked(r, t, 1);

	if (status != 0)
		return status;
	if (strcmp(t->state, "running") != 0)
		return reply_redirect(r, arena_printf(r->arena, "/attempts/%s/result",
		    t->public_id));
	return 0;
}

int
ui_attempt_page(struct req *r)
{
	struct attempt t;
	json_t *view, *items, *responses, *flagged, *seqs, *ctx, *nav, *shown, *it, *v;
	long page = req_query(r, "page") ? strtol(req_query(r, "page"), NULL, 10) : 1;
	long pages, remaining;
	int status, unanswered = 0;
	json_int_t max_seq = 0;
	const char *k;
	size_t i, n;

	if ((status = own_running(r, &t)) != 0)
		return status;
	view = attempt_view(r->store, r->arena, &t);
	api_attempt_localise(r, view);
	items = json_object_get(view, "items");
	responses = json_object_get(view, "responses");
	flagged = json_object_get(view, "flagged");
	seqs = json_object_get(view, "seqs");
	n = json_array_size(items);
	pages = n ? (long)((n + PAGE_ITEMS - 1) / PAGE_ITEMS) : 1;
	if (page < 1 || page > pages)
		page = 1;
	nav = json_array();
	shown = json_array();
	json_array_foreach(items, i, it) {
		const char *id = json_string_value(json_object_get(it, "id"));
		const json_t *resp = json_object_get(responses, id);
		int on_page = (long)(i / PAGE_ITEMS) + 1 == page;

		unanswered += !answered(resp);
		json_array_append_new(nav, json_pack("{s:i, s:s, s:i, s:b, s:b, s:b}",
		    "n", (int)i + 1, "id", id, "page", (int)(i / PAGE_ITEMS) + 1,
		    "answered", answered(resp), "flagged", in_array(flagged, id),
		    "here", on_page && pages > 1));
		if (on_page)
			json_array_append_new(shown, page_item(r, it, resp,
			    in_array(flagged, id), (int)i + 1));
	}
	json_object_foreach(seqs, k, v)
		if (json_integer_value(v) > max_seq)
			max_seq = json_integer_value(v);
	remaining = (long)json_integer_value(json_object_get(view, "remaining_s"));
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:i, s:i, s:i, s:b, s:b, s:i, s:i,"
	    " s:o, s:o, s:I, s:i}",
	    "title", json_string_value(json_object_get(json_object_get(view, "title"), r->lang)) ?
	    json_string_value(json_object_get(json_object_get(view, "title"), r->lang)) : t.exam_id,
	    "attempt", t.public_id, "deadline", json_string_value(json_object_get(view, "deadline")),
	    "server_time", json_string_value(json_object_get(view, "server_time")),
	    "remaining_s", (int)remaining, "remaining_text", mmss(r->arena, remaining),
	    "page", (int)page, "pages", (int)pages, "prev", (int)page - 1, "next", (int)page + 1,
	    "has_prev", page > 1, "has_next", page < pages,
	    "total", (int)n, "unanswered", unanswered, "nav", nav, "items", shown,
	    "max_seq", max_seq, "grace_s", t.grace_s);
	json_object_set(ctx, "paused", json_object_get(view, "paused"));
	/* "This page" marks boxes only when there are other pages. */
	json_object_set_new(ctx, "several_pages", json_boolean(pages > 1));
	/* the questions' language, which may differ from the page's */
	json_object_set(ctx, "content_lang", json_object_get(view, "lang"));
	json_decref(view);
	return reply_page(r, 200, "attempt", ctx);
}

/* A cloze number gap's field as the number *d, read as a numerical
 * item's box is (form_number_parse: "1,5", "3x10^8"), but with no unit
 * beside it: 0 blank, 1 a number, -1 not a number. */
static int
form_number(struct req *r, const char *v, double *d)
{
	char *unit;

	if (v[strspn(v, " \t")] == '\0')
		return 0;
	return form_number_parse(v, 0, r->arena, d, &unit) == 0 &&
	    *unit == '\0' ? 1 : -1;
}

/* A cloze's response from its page fields ID.gN (and ID.gN.cK for each
 * checked choice of a multiple-response gap): a blank or untouched gap
 * is left out, unanswered. */
static json_t *
form_cloze_answer(struct req *r, json_t *it, const char *id)
{
	json_t *gaps = json_object(), *g;
	size_t i;

	json_array_foreach(json_object_get(it, "gaps"), i, g) {
		const char *gid = json_string_value(json_object_get(g, "id"));
		const char *kind = json_string_value(json_object_get(g, "kind"));
		const char *f = arena_printf(r->arena, "%s.g%s", id, gid);
		const char *v = req_form(r, f);
		double d;

		if (strcmp(kind, "multiresponse") == 0) {
			json_t *arr = json_array(), *c;
			size_t k;

			json_array_foreach(json_object_get(g, "choices"), k, c) {
				const char *cid = json_string_value(json_object_get(c, "id"));

				if (req_form(r, arena_printf(r->arena, "%s.%s", f, cid)) != NULL)
					json_array_append_new(arr, json_string(cid));
			}
			if (json_array_size(arr) > 0)
				json_object_set_new(gaps, gid, json_pack("{s:o}", "choices", arr));
			else
				json_decref(arr);
		} else if (v == NULL || *v == '\0') {
			continue;
		} else if (strcmp(kind, "shortanswer") == 0) {
			json_object_set_new(gaps, gid, json_pack("{s:s}", "text", v));
		} else if (strcmp(kind, "numerical") == 0) {
			int got = form_number(r, v, &d);

			if (got < 0) {
				json_decref(gaps);
				return json_pack("{s:s}", "invalid", v);
			}
			if (got > 0)
				json_object_set_new(gaps, gid, json_pack("{s:f}", "number", d));
		} else {
			json_object_set_new(gaps, gid, json_pack("{s:s}", "choice", v));
		}
	}
	return json_pack("{s:o}", "gaps", gaps);
}

/* A numerical item's answer on the page: the box read as Moodle reads
 * it (form_number_parse: "1,5", "3x10^8", "980 cm/s2"), the unit typed
 * in it kept when units are typed there, any other text beside the
 * number making the answer invalid; a unit chosen apart from the field
 * "ID.unit". NULL when the box is blank. */
static json_t *
form_answer_number(struct req *r, json_t *it, const char *v)
{
	const char *how = json_string_value(json_object_get(it, "unit_input"));
	const char *id = json_string_value(json_object_get(it, "id"));
	const char *unit;
	char *typed;
	json_t *resp;
	double d;

	if (v == NULL || v[strspn(v, " \t")] == '\0')
		return NULL;
	if (form_number_parse(v, json_is_true(json_object_get(it, "units_left")),
	    r->arena, &d, &typed) < 0 ||
	    (*typed != '\0' && (how == NULL || strcmp(how, "text") != 0)))
		return json_pack("{s:s}", "invalid", v);
	resp = json_pack("{s:f}", "number", d);
	unit = typed;
	if (how != NULL && strcmp(how, "text") != 0)
		unit = req_form(r, arena_printf(r->arena, "%s.unit", id));
	if (unit != NULL && *unit != '\0')
		json_object_set_new(resp, "unit", json_string(unit));
	return resp;
}

/* A gapselect's answer from its page form: field ID.N for gap N. */
static json_t *
form_gaps(struct req *r, const char *id, const json_t *it)
{
	json_t *gaps = json_object(), *g;
	size_t i;

	json_array_foreach(json_object_get(it, "gaps"), i, g) {
		const char *gid = json_string_value(json_object_get(g, "id"));
		const char *sel = req_form(r, arena_printf(r->arena, "%s.%s", id, gid));

		json_object_set_new(gaps, gid, sel && *sel ? json_string(sel) : json_null());
	}
	return json_pack("{s:o}", "gaps", gaps);
}

/* An ordering's answer from its page form: field ID.ITEM holds the place
 * the learner gave the item; items go in the order of their places, two
 * given one place keeping the order they were shown in (the order of
 * "shown", the item ids as the page listed them). */
static json_t *
form_order(struct req *r, const char *id, const json_t *it, const json_t *shown)
{
	const json_t *items = json_object_get(it, "items");
	size_t n = json_array_size(items), i, j;
	long *place = arena_alloc(r->arena, (n + 1) * sizeof *place);
	const char **ids = arena_alloc(r->arena, (n + 1) * sizeof *ids);
	json_t *order = json_array();

	for (i = 0; i < n; i++) {
		const char *v;

		ids[i] = json_string_value(json_array_size(shown) == n ?
		    json_array_get(shown, i) : json_object_get(json_array_get(items, i), "id"));
		v = req_form(r, arena_printf(r->arena, "%s.%s", id, ids[i]));
		place[i] = v != NULL ? strtol(v, NULL, 10) : (long)i + 1;
	}
	for (i = 1; i < n; i++)	/* stable insertion sort by place */
		for (j = i; j > 0 && place[j - 1] > place[j]; j--) {
			long tp = place[j];
			const char *ti = ids[j];

			place[j] = place[j - 1], ids[j] = ids[j - 1];
			place[j - 1] = tp, ids[j - 1] = ti;
		}
	for (i = 0; i < n; i++)
		json_array_append_new(order, json_string(ids[i]));
	return json_pack("{s:o}", "order", order);
}

/* The response a page form gives for item it, or NULL if the form says
 * nothing about it (an untouched radio group). */
static json_t *
form_answer(struct req *r, json_t *it, const json_t *saved)
{
	const char *type = json_string_value(json_object_get(it, "type"));
	const char *id = json_string_value(json_object_get(it, "id"));
	const char *v = req_form(r, id);

	if (strcmp(type, "multichoice") == 0 && json_is_true(json_object_get(it, "multiple"))) {
		json_t *arr = json_array(), *c;
		size_t i;

		/* Checkboxes: each checked one is a field "ID.CHOICE". */
		json_array_foreach(json_object_get(it, "choices"), i, c) {
			const char *cid = json_string_value(json_object_get(c, "id"));

			if (req_form(r, arena_printf(r->arena, "%s.%s", id, cid)) != NULL)
				json_array_append_new(arr, json_string(cid));
		}
		return json_pack("{s:o}", "choices", arr);
	}
	if (strcmp(type, "multichoice") == 0)
		return v ? json_pack("{s:s}", "choice", v) : NULL;
	if (strcmp(type, "truefalse") == 0)
		return v ? json_pack("{s:b}", "value", strcmp(v, "true") == 0) : NULL;
	if (strcmp(type, "shortanswer") == 0)
		return v ? json_pack("{s:s}", "text", v) : NULL;
	if (strcmp(type, "numerical") == 0)
		return form_answer_number(r, it, v);
	if (strcmp(type, "cloze") == 0)
		return form_cloze_answer(r, it, id);
	if (strcmp(type, "matching") == 0) {
		json_t *pairs = json_object(), *s;
		size_t i;

		json_array_foreach(json_object_get(it, "subquestions"), i, s) {
			const char *sid = json_string_value(json_object_get(s, "id"));
			const char *sel = req_form(r, arena_printf(r->arena, "%s.%s", id, sid));

			json_object_set_new(pairs, sid, sel && *sel ? json_string(sel) : json_null());
		}
		return json_pack("{s:o}", "pairs", pairs);
	}
	if (strcmp(type, "gapselect") == 0)
		return form_gaps(r, id, it);
	if (strcmp(type, "ordering") == 0)
		return form_order(r, id, it, json_object_get(saved, "order"));
	return NULL;
}

/* 1 if rest (after "ID.") names a gap field of cloze item it: gN, or
 * gN.CHOICE for a multiple-response gap's checkbox. */
static int
cloze_field_known(json_t *it, const char *rest)
{
	json_t *g, *c;
	size_t i, k;

	json_array_foreach(json_object_get(it, "gaps"), i, g) {
		const char *gid = json_string_value(json_object_get(g, "id"));
		size_t n = strlen(gid);

		if (rest[0] != 'g' || strncmp(rest + 1, gid, n) != 0)
			continue;
		if (rest[1 + n] == '\0')
			return strcmp(json_string_value(json_object_get(g, "kind")),
			    "multiresponse") != 0;
		if (rest[1 + n] != '.')
			continue;
		json_array_foreach(json_object_get(g, "choices"), k, c)
			if (strcmp(json_string_value(json_object_get(g, "kind")),
			    "multiresponse") == 0 && strcmp(rest + 2 + n,
			    json_string_value(json_object_get(c, "id"))) == 0)
				return 1;
	}
	return 0;
}

/* 1 if name is a field the page form of the items on page may send:
 * csrf, page, go, and per item its answer (ID, or ID.CHOICE for each
 * checkbox, ID.SUB for each matching row, ID.unit for a numerical unit)
 * and its flag (flag.ID). */
static int
form_field_known(json_t *items, long page, const char *name)
{
	json_t *it, *c;
	size_t i, k;

	if (strcmp(name, "csrf") == 0 || strcmp(name, "page") == 0 || strcmp(name, "go") == 0)
		return 1;
	json_array_foreach(items, i, it) {
		const char *id = json_string_value(json_object_get(it, "id"));
		size_t n = strlen(id);
		const char *rest;

		if ((long)(i / PAGE_ITEMS) + 1 != page)
			continue;
		if (strcmp(name, id) == 0 || (strncmp(name, "flag.", 5) == 0 &&
		    strcmp(name + 5, id) == 0))
			return 1;
		if (strncmp(name, id, n) != 0 || name[n] != '.')
			continue;
		rest = name + n + 1;
		if (cloze_field_known(it, rest))
			return 1;
		json_array_foreach(json_object_get(it, "gaps"), k, c)
			if (strcmp(rest, json_string_value(json_object_get(c, "id"))) == 0)
				return 1;
		json_array_foreach(json_object_get(it, "items"), k, c)
			if (strcmp(rest, json_string_value(json_object_get(c, "id"))) == 0)
				return 1;
		if (strcmp(rest, "unit") == 0 && json_object_get(it, "unit_input") != NULL &&
		    strcmp(json_string_value(json_object_get(it, "unit_input")), "text") != 0)
			return 1;	/* a numerical item's unit chosen apart */
		json_array_foreach(json_object_get(it, json_object_get(it, "subquestions") ?
		    "subquestions" : "choices"), k, c)
			if (strcmp(rest, json_string_value(json_object_get(c, "id"))) == 0)
				return 1;
	}
	return 0;
}

/* POST /attempts/{id}/save: the form of one page, without script. Saves
 * what changed, then goes where the learner asked. A field the page does
 * not have is refused (400) before anything is saved: the form carries
 * answers, nothing to be kept on the side. */
int
ui_attempt_save(struct req *r)
{
	struct attempt t;
	json_t *view, *items, *it;
	long page = req_form(r, "page") ? strtol(req_form(r, "page"), NULL, 10) : 1;
	const char *go = req_form(r, "go");
	int status, closed = 0;
	const char *invalid = NULL;
	size_t i;

	if ((status = own_running(r, &t)) != 0)
		return status;
	/* Paused by a proctor: nothing is saved until the resume; the
	 * browser's back button still holds what was typed. */
	if (t.paused_ms != 0)
		return reply_error(r, 423, "attempt_paused");
	view = attempt_view(r->store, r->arena, &t);
	items = json_object_get(view, "items");
	for (const struct kv *f = r->form; f != NULL; f = f->next)
		if (!form_field_known(items, page, f->key)) {
			json_decref(view);
			return reply_error_field(r, 400, "form_field_unknown", f->key);
		}
	json_array_foreach(items, i, it) {
		const char *id = json_string_value(json_object_get(it, "id"));
		json_t *resp;
		const char *err, *field;
		int64_t stored;
		enum save_result sr = SAVE_OK;

		if ((long)(i / PAGE_ITEMS) + 1 != page)
			continue;
		resp = form_answer(r, it, json_object_get(json_object_get(view, "responses"), id));
		if (resp != NULL && json_object_get(resp, "invalid") != NULL)
			sr = SAVE_BAD;
		else if (resp != NULL &&
		    !json_equal(resp, json_object_get(json_object_get(view, "responses"), id)))
			sr = attempt_save(r->store, r->arena, &t, id, resp, 0, &stored, &err,
			    &field);
		if (sr == SAVE_CLOSED)
			closed = 1;
		else if (sr == SAVE_BAD && invalid == NULL)
			/* shown on the same page, never lost silently; a copy,
			 * since view (which holds id) is freed before */
			invalid = arena_strdup(r->arena, id);
		json_decref(resp);
		if (!closed && (req_form(r, arena_printf(r->arena, "flag.%s", id)) != NULL) !=
		    in_array(json_object_get(view, "flagged"), id))
			attempt_flag(r->store, &t, id, req_form(r, arena_printf(r->arena,
			    "flag.%s", id)) != NULL);
	}
	json_decref(view);
	if (closed)
		return reply_redirect(r, arena_printf(r->arena, "/attempts/%s/result", t.public_id));
	if (invalid != NULL)
		return reply_redirect(r, arena_printf(r->arena, "/attempts/%s?page=%ld&invalid=%s#q-%s",
		    t.public_id, page, invalid, invalid));
	if (go != NULL && strcmp(go, "finish") == 0)
		return reply_redirect(r, arena_printf(r->arena, "/attempts/%s/finish", t.public_id));
	if (go != NULL && strcmp(go, "prev") == 0)
		page--;
	else if (go != NULL && strcmp(go, "next") == 0)
		page++;
	else if (go != NULL && strncmp(go, "page:", 5) == 0)
		page = strtol(go + 5, NULL, 10);
	return reply_redirect(r, arena_printf(r->arena, "/attempts/%s?page=%ld", t.public_id,
	    page < 1 ? 1 : page));
}

int
ui_attempt_finish(struct req *r)
{
	struct attempt t;
	json_t *view, *it, *open, *marked;
	int status;
	size_t i;

	if ((status = own_running(r, &t)) != 0)
		return status;
	open = json_array();
	marked = json_array();
	view = attempt_view(r->store, r->arena, &t);
	/* Each question left open or flagged, by its number, a link to it
	 * on its page: the learner goes straight back to it. */
	json_array_foreach(json_object_get(view, "items"), i, it) {
		const char *id = json_string_value(json_object_get(it, "id"));
		json_t *q = json_pack("{s:i, s:i, s:s}", "n", (int)i + 1,
		    "page", (int)(i / PAGE_ITEMS) + 1, "id", id);

		if (!answered(json_object_get(json_object_get(view, "responses"), id)))
			json_array_append(open, q);
		if (in_array(json_object_get(view, "flagged"), id))
			json_array_append(marked, q);
		json_decref(q);
	}
	status = reply_page(r, 200, "attempt_finish", json_pack("{s:s, s:s, s:i, s:i, s:i, s:s, "
	    "s:o, s:o}",
	    "title", i18n_get(r->lang, "finish_title"), "attempt", t.public_id,
	    "unanswered", (int)json_array_size(open), "flagged", (int)json_array_size(marked),
	    "total", (int)json_array_size(json_object_get(view, "items")),
	    "remaining_text", mmss(r->arena, (long)json_integer_value(json_object_get(view,
	    "remaining_s"))), "open_items", open, "flagged_items", marked));
	json_decref(view);
	return status;
}

int
ui_attempt_submit(struct req *r)
{
	struct attempt t;
	int status = api_attempt_get_checked(r, &t, 1);

	if (status != 0)
		return status;
	if (strcmp(t.state, "running") == 0 && t.paused_ms != 0)
		return reply_error(r, 423, "attempt_paused");
	if (strcmp(t.state, "running") == 0 && attempt_finish(r->store, t.id, "submitted") != 0)
		return reply_error(r, 500, "internal_error");
	return reply_redirect(r, arena_printf(r->arena, "/attempts/%s/result", t.public_id));
}

/* The result's competencies (attempt_result) for the result page: the
 * areas, each with the competencies beneath it in framework order, in
 * whole percents and plain words; too few questions give the count
 * instead of a percent. [{"code","name","percent_text","band_text",
 * "count_text"?,"children":[the same, "deep" below the first level]}]. */
static json_t *
result_competencies(struct req *r, json_t *comps)
{
	json_t *areas = json_array(), *area = NULL, *c;
	size_t i;

	json_array_foreach(comps, i, c) {
		const char *band = json_string_value(json_object_get(c, "band"));
		const char *title = json_string_value(json_object_get(json_object_get(c, "title"),
		    r->lang));
		const char *parent = json_string_value(json_object_get(c, "parent"));
		double score = json_number_value(json_object_get(c, "score"));
		double max = json_number_value(json_object_get(c, "max"));
		json_int_t items = json_integer_value(json_object_get(c, "items"));
		json_t *row;

		if (band == NULL)
			continue;
		row = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}",
		    "code", json_string_value(json_object_get(c, "code")),
		    "name", title ? title : "",
		    "band", band,
		    "percent_text", arena_printf(r->arena, "%.0f",
		    json_number_value(json_object_get(c, "percent"))),
		    "band_text", i18n_get(r->lang, strcmp(band, "meets") == 0 ? "comp_meets" :
		    strcmp(band, "not_yet") == 0 ? "comp_not_yet" : "comp_too_few"),
		    "too_few", strcmp(band, "too_few") == 0);
		if (strcmp(band, "too_few") == 0)
			/* as questions answered right: marks are not questions */
			json_object_set_new(row, "count_text", json_string(i18n_msg(r->arena,
			    r->lang, "comp_of_questions", "score", arena_printf(r->arena, "%g",
			    max > 0 ? round(10 * items * score / max) / 10 : 0),
			    "items", arena_printf(r->arena, "%lld", (long long)items), NULL)));
		if (parent == NULL || area == NULL) {
			json_object_set_new(row, "children", json_array());
			json_array_append_new(areas, row);
			area = row;
		} else {
			json_object_set_new(row, "deep", json_boolean(strcmp(parent,
			    json_string_value(json_object_get(area, "code"))) != 0));
			json_array_append_new(json_object_get(area, "children"), row);
		}
	}
	return areas;
}

int
ui_attempt_result(struct req *r)
{
	struct attempt t;
	json_t *res, *ctx, *def, *sections, *s;
	int status = api_attempt_get_checked(r, &t, 0);
	size_t i;

	if (status != 0)
		return status;
	if (strcmp(t.state, "running") == 0)
		return reply_redirect(r, arena_printf(r->arena, "/attempts/%s", t.public_id));
	if ((res = attempt_result(r->store, r->arena, &t, 0)) == NULL)
		return reply_error(r, 500, "internal_error");
	def = json_loads(t.exam_def, 0, NULL);
	sections = json_object_get(res, "sections");
	json_array_foreach(sections, i, s) {
		const char *title = json_string_value(json_object_get(json_object_get(s, "title"),
		    r->lang));

		const char *from = json_string_value(json_object_get(s, "category"));

		if (from == NULL)	/* a competency section */
			from = json_string_value(json_object_get(s, "competency"));
		json_object_set_new(s, "name", json_string(title ? title : from ? from : ""));
		json_object_set_new(s, "percent_text", json_string(score_percent(r->arena,
		    json_real_value(json_object_get(s, "percent")))));
		json_object_set_new(s, "has_min", json_boolean(json_real_value(
		    json_object_get(s, "min_percent")) > 0));
	}
	api_attempt_review(r, &t, res);
	ctx = json_pack("{s:s?, s:s, s:b, s:b, s:s, s:s, s:s, s:O?, s:O, s:O?, s:o, s:s}",
	    "title", json_string_value(json_object_get(json_object_get(def, "title"), r->lang)),
	    "exam_id", t.exam_id, "passed", t.passed, "expired", strcmp(t.state, "expired") == 0,
	    "percent", score_percent(r->arena, t.percent),
	    "score", score_points(r->arena, t.score),
	    "max_score", score_points(r->arena, t.max_score),
	    "pass_percent", json_object_get(def, "pass_percent"),
	    "sections", sections ? sections : json_null(),
	    "review", json_object_get(res, "items"),
	    "areas", result_competencies(r, json_object_get(res, "competencies")),
	    "report_url", arena_printf(r->arena, "/attempts/%s/report.pdf", t.public_id));
	json_object_set_new(ctx, "comp_note", json_string(i18n_msg(r->arena, r->lang,
	    "comp_note", "pass", arena_printf(r->arena, "%g",
	    json_number_value(json_object_get(def, "pass_percent"))), NULL)));
	json_object_set_new(ctx, "certificate", api_attempt_cert(r, &t));
	ui_cert_share(r, json_object_get(ctx, "certificate"));
	ui_cert_revoked_notice(r, json_object_get(ctx, "certificate"));
	json_object_set_new(ctx, "programmes", ui_programme_progress(r, t.exam_id, t.user_id));
	if (ui_seb_quit_url(r, t.exam_id) != NULL)
		json_object_set_new(ctx, "seb_quit", json_string(ui_seb_quit_url(r, t.exam_id)));
	/* the questions' language, which may differ from the page's */
	json_object_set_new(ctx, "content_lang", json_string(t.lang ? t.lang : r->lang));
	json_decref(res);
	json_decref(def);
	return reply_page(r, 200, "attempt_result", ctx);
}
