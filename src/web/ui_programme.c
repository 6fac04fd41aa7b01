/*
 * ui_programme.c - a certification programme for its learners
 * (GET /programmes/{id}: its parts, each passed or not yet with a link to
 * start it, and the certificate once complete), and the same progress
 * as a few lines on the start and result pages of a part exam. The
 * learner's own progress only (programme.h).
 */
#include "handlers.h"

#include <string.h>

#include "programme.h"
#include "timefmt.h"

/* The lines of programme o (programme_json with progress) in r's
 * language: each part's "Part n of N, TITLE: passed P% on DATE" or "not
 * yet", and a summary; into o as "lines" and "summary". */
static void
lines(struct req *r, json_t *o)
{
	json_t *parts = json_object_get(o, "parts"), *prog = json_object_get(o, "progress"),
	    *pp = json_object_get(prog, "parts"), *out = json_array(), *p;
	size_t i, n = json_array_size(parts);
	const char *total = arena_printf(r->arena, "%zu", n);

	json_array_foreach(parts, i, p) {
		json_t *g = json_array_get(pp, i);
		const char *num = arena_printf(r->arena, "%zu", i + 1), *text;
		const char *title = json_string_value(json_object_get(p, "title"));

		if (json_is_true(json_object_get(g, "passed"))) {
			char day[32];

			timefmt_local((long long)json_integer_value(json_object_get(g,
			    "finished_at")), TIMEFMT_DATE, day, sizeof day);
			text = i18n_msg(r->arena, r->lang, "programme_part_passed", "n", num,
			    "total", total, "exam", title, "percent", arena_printf(r->arena,
			    "%.0f", json_number_value(json_object_get(g, "percent"))),
			    "date", day, NULL);
		} else
			text = i18n_msg(r->arena, r->lang, "programme_part_not_yet", "n", num,
			    "total", total, "exam", title, NULL);
		json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "text", text,
		    "exam", json_string_value(json_object_get(p, "exam")),
		    "passed", json_is_true(json_object_get(g, "passed"))));
	}
	json_object_set_new(o, "lines", out);
	json_object_set_new(o, "summary", json_string(i18n_msg(r->arena, r->lang,
	    "programme_summary", "passed", arena_printf(r->arena, "%lld",
	    (long long)json_integer_value(json_object_get(prog, "passed"))), "total", total,
	    NULL)));
	json_object_set_new(o, "within_text", json_string(i18n_msg(r->arena, r->lang,
	    "programme_within", "days", arena_printf(r->arena, "%lld",
	    (long long)json_integer_value(json_object_get(o, "within_days"))), NULL)));
}

json_t *
ui_programme_progress(struct req *r, const char *exam, int64_t learner)
{
	json_t *list, *o;
	size_t i;

	if (r->user.id == 0 || learner != r->user.id)
		return json_array();	/* one's own progress only */
	list = programme_of_exam(r->store, exam, r->lang, learner);
	json_array_foreach(list, i, o)
		lines(r, o);
	return list;
}

int
ui_programme_page(struct req *r)
{
	json_t *o = programme_json(r->store, req_param(r, "programme"), r->lang, r->user.id);
	const char *serial;

	if (o == NULL)
		return reply_error(r, 404, "programme_not_found");
	lines(r, o);
	serial = json_string_value(json_object_get(json_object_get(o, "progress"),
	    "certificate"));
	if (serial != NULL)
		json_object_set_new(o, "certificate", json_pack("{s:s,s:s}", "serial", serial,
		    "pdf_url", arena_printf(r->arena, "/api/v1/certificates/%s.pdf", serial)));
	return reply_page(r, 200, "programme", o);
}
