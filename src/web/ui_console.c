/*
 * ui_console.c - the trainer's console in the browser: its dashboard
 * (GET /console: the exams a trainer manages with attempts and pass
 * rates, the banks they may draw from), and what its pages share (times
 * in the issuer's zone, the encodings a CSV or bank may come
 * in, a certificate's issuance failure in words). Each other page has
 * its file: ui_console_bank.c, ui_console_upload.c, ui_console_exam.c,
 * ui_console_attempt.c, ui_console_people.c, ui_console_users.c,
 * ui_console_audit.c. Every page works without script; the work itself
 * is done by the domain modules the JSON API calls too.
 */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank_store.h"
#include "exam_store.h"
#include "results.h"
#include "timefmt.h"

char *
ui_console_time(struct arena *a, long long secs, int input)
{
	char out[32];

	if (secs <= 0)
		return arena_strdup(a, "");
	timefmt_local(secs, input ? TIMEFMT_INPUT : TIMEFMT_MINUTE, out, sizeof out);
	return arena_strdup(a, out);
}

char *
ui_console_zone_hint(struct req *r)
{
	const char *key = arena_printf(r->arena, "zone_%s", timefmt_zone());
	const char *zone = i18n_get(r->lang, key);
	char offset[10];

	timefmt_offset_text(offset);
	return i18n_msg(r->arena, r->lang, "console_tz_hint", "zone", strcmp(zone, key) != 0 ?
	    zone : timefmt_zone(), "offset", offset, NULL);
}

char *
ui_console_cert_error(struct req *r, const char *why)
{
	/* A reason recorded as a catalog key is worded in r's language. */
	return i18n_msg(r->arena, r->lang, "cert_not_issued", "why", i18n_get(r->lang, why),
	    NULL);
}

long long
ui_console_parse_time(const char *s)
{
	return timefmt_local_parse(s);
}

json_t *
ui_console_encodings(struct req *r, const char *chosen)
{
	static const char *const names[][2] = { { "utf-8", "enc_utf8" },
	    { "big5", "enc_big5" }, { "cp950", "enc_cp950" }, { "cp1252", "enc_cp1252" } };
	json_t *out = json_array();

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", names[i][0],
		    "label", i18n_get(r->lang, names[i][1]),
		    "selected", chosen != NULL && strcmp(chosen, names[i][0]) == 0));
	return out;
}

/* Attempts and the pass rate of each exam, and its minutes. */
static void
exam_counts(struct req *r, json_t *exams)
{
	json_t *counts = results_counts(r->store), *e;
	size_t i;

	json_array_foreach(exams, i, e) {
		json_t *c = json_object_get(counts, json_string_value(json_object_get(e, "id")));
		json_int_t done = json_integer_value(json_object_get(c, "finished"));
		json_int_t passed = json_integer_value(json_object_get(c, "passed"));

		json_object_set_new(e, "attempts", json_integer(json_integer_value(
		    json_object_get(c, "attempts"))));
		json_object_set_new(e, "pass_rate", json_string(done ? arena_printf(r->arena,
		    "%.0f%%", 100.0 * (double)passed / (double)done) : "–"));
		json_object_set_new(e, "minutes", json_integer(json_integer_value(
		    json_object_get(e, "duration_s")) / 60));
	}
	json_decref(counts);
}

int
ui_console(struct req *r)
{
	json_t *exams = exam_list(r->store, r->lang, 1, &r->user);
	json_t *banks = bank_list_for(r->store, &r->user), *b;
	size_t i;

	exam_counts(r, exams);
	json_array_foreach(banks, i, b) {
		json_t *langs = json_object_get(b, "languages"), *l;
		struct buf lb = BUF_INIT;
		const char *code;

		/* {"zh-TW": 300, "en": 300} as "zh-TW 300 · en 300" */
		json_object_foreach(langs, code, l)
			buf_printf(&lb, "%s%s %" JSON_INTEGER_FORMAT, lb.len ? " · " : "", code,
			    json_integer_value(l));
		json_object_set_new(b, "languages_text", json_string(lb.data ? lb.data : ""));
		buf_free(&lb);
		json_object_set_new(b, "imported_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(b, "imported_at")), 0)));
		json_object_set_new(b, "ncategories", json_integer((json_int_t)json_array_size(
		    json_object_get(b, "categories"))));
	}
	return reply_page(r, 200, "console_home", json_pack("{s:s, s:o, s:o, s:b}",
	    "title", i18n_get(r->lang, "console_title"), "exams", exams, "banks", banks,
	    "admin", r->user.role >= ROLE_ADMIN));
}
