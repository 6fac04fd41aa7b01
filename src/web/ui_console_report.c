/*
 * ui_console_report.c - a sitting's report for the certification body:
 *
 *   GET /console/sittings/{sitting}/report      the page (prints on A4)
 *   GET /console/sittings/{sitting}/report.csv  one row a booked learner
 *   GET /console/sittings/{sitting}/report.pdf  the same as a PDF
 *
 * For the exam's trainer, admins and the sitting's proctors
 * (owner_sitting_proctor, through api_proctor_sitting). The data is
 * report.h's; times are written in the server's zone (--time-zone).
 * Results only: scores and passed, never an item or its key.
 */
#include "handlers.h"
#include "scorefmt.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "people.h"
#include "report.h"
#include "report_pdf.h"
#include "timefmt.h"

/* Unix time t in the server's zone, "2026-05-01 09:30:05" ("" for 0). */
static const char *
when(struct arena *a, long long t)
{
	char out[40];

	if (t <= 0 || timefmt_local(t, TIMEFMT_SECOND, out, sizeof out) != 0)
		return "";
	return arena_strdup(a, out);
}

/* The clock part of when(): "09:30:05". */
static const char *
clock_of(struct arena *a, long long t)
{
	const char *w = when(a, t), *sp = strchr(w, ' ');

	return sp ? sp + 1 : w;
}

/* A duration: "5:05", "1:02:03" ("" for 0). */
static const char *
dur(struct arena *a, long long s)
{
	if (s <= 0)
		return "";
	return s >= 3600 ? arena_printf(a, "%lld:%02lld:%02lld", s / 3600, s % 3600 / 60, s % 60) :
	    arena_printf(a, "%lld:%02lld", s / 60, s % 60);
}

/* "92%" or "92.5%". */
static const char *
pct(struct arena *a, double p)
{
	return arena_printf(a, "%s%%", score_percent(a, p));
}

/* The colon after a label in r's language: "：" in zh-TW, ": " in English. */
static const char *
colon(struct req *r)
{
	return strcmp(r->lang, "zh-TW") == 0 ? "：" : ": ";
}

/* The sitting id the user may report on, else 0 (answered already). */
static int64_t
report_sitting_id(struct req *r, int *status)
{
	int64_t id = api_proctor_sitting(r);

	*status = 0;
	if (id == 0)
		*status = reply_error(r, 403, "proctor_sitting_not_yours");
	return id;
}

/* Adds the words each row shows in r's language: attendance, times,
 * pauses, extensions, notes, the result. */
static void
words(struct req *r, json_t *rep)
{
	struct arena *a = r->arena;
	json_t *row, *x;
	size_t i, j;

	json_array_foreach(json_object_get(rep, "rows"), i, row) {
		const char *type = json_string_value(json_object_get(row, "id_type"));
		const char *state = json_string_value(json_object_get(row, "state"));

		if (json_is_true(json_object_get(row, "checked_in")))
			json_object_set_new(row, "id_text", json_string(*type ? arena_printf(a,
			    "%s ···%s", i18n_get(r->lang, arena_printf(a, "checkin_type_%s", type)),
			    json_string_value(json_object_get(row, "id_last4"))) :
			    i18n_get(r->lang, "checkin_confirmed_text")));
		json_object_set_new(row, "checked_in_text", json_string(when(a,
		    json_integer_value(json_object_get(row, "checked_in_at")))));
		json_object_set_new(row, "started_text", json_string(when(a,
		    json_integer_value(json_object_get(row, "started_at")))));
		json_object_set_new(row, "finished_text", json_string(clock_of(a,
		    json_integer_value(json_object_get(row, "finished_at")))));
		json_object_set_new(row, "state_text", json_string(*state ? i18n_get(r->lang,
		    arena_printf(a, "report_state_%s", state)) : ""));
		json_array_foreach(json_object_get(row, "pauses"), j, x) {
			long long back = json_integer_value(json_object_get(x, "resumed_at"));

			json_object_set_new(x, "text", json_string(arena_printf(a, "%s–%s%s%s",
			    clock_of(a, json_integer_value(json_object_get(x, "at"))),
			    back ? clock_of(a, back) : "", back ? arena_printf(a, " (%s)", dur(a,
			    json_integer_value(json_object_get(x, "duration_s")))) : "",
			    back ? "" : arena_printf(a, " %s", i18n_get(r->lang,
			    "report_still_paused")))));
		}
		json_array_foreach(json_object_get(row, "extensions"), j, x)
			json_object_set_new(x, "text", json_string(i18n_msg(a, r->lang,
			    "report_extension", "minutes", arena_printf(a, "%lld", (long long)
			    json_integer_value(json_object_get(x, "minutes"))), "at", clock_of(a,
			    json_integer_value(json_object_get(x, "at"))), NULL)));
		json_array_foreach(json_object_get(row, "notes"), j, x)
			json_object_set_new(x, "at_text", json_string(clock_of(a,
			    json_integer_value(json_object_get(x, "at")))));
		json_object_set_new(row, "pause_text", json_string(dur(a,
		    json_integer_value(json_object_get(row, "pause_s")))));
		json_object_set_new(row, "outage_text", json_string(dur(a,
		    json_integer_value(json_object_get(row, "outage_s")))));
		if (json_is_true(json_object_get(row, "graded")))
			json_object_set_new(row, "result_text", json_string(arena_printf(a,
			    "%g / %g · %s", json_real_value(json_object_get(row, "score")),
			    json_real_value(json_object_get(row, "max_score")), pct(a,
			    json_real_value(json_object_get(row, "percent"))))));
		json_object_set_new(row, "passed_text", json_string(!json_is_true(json_object_get(
		    row, "graded")) ? "" : i18n_get(r->lang, json_is_true(json_object_get(row,
		    "passed")) ? "report_passed" : "report_failed")));
	}
}

/* The sitting's facts: {"sitting_id","name","exam","room","window","zone"}. */
static json_t *
facts(struct req *r, int64_t id)
{
	json_t *si = people_sitting_get(r->store, id), *ctx;
	const char *key;

	if (si == NULL)
		return NULL;
	key = arena_printf(r->arena, "zone_%s", timefmt_zone());
	ctx = json_pack("{s:I, s:O, s:s?, s:s?, s:O, s:s, s:s, s:s}", "sitting_id",
	    (json_int_t)id, "name", json_object_get(si, "name"),
	    "exam", json_string_value(json_object_get(si, strcmp(r->lang, "zh-TW") == 0 ?
	    "exam_zh" : "exam_en")), "exam_id", json_string_value(json_object_get(si, "exam_id")),
	    "room", json_object_get(si, "room"),
	    "opens_text", ui_console_time(r->arena, json_integer_value(json_object_get(si,
	    "opens_at")), 0),
	    "closes_text", ui_console_time(r->arena, json_integer_value(json_object_get(si,
	    "closes_at")), 0),
	    "zone", arena_printf(r->arena, strcmp(r->lang, "zh-TW") == 0 ? "%s（%s）" : "%s (%s)",
	    strcmp(i18n_get(r->lang, key), key) != 0 ? i18n_get(r->lang, key) : timefmt_zone(),
	    timefmt_zone()));
	json_decref(si);
	return ctx;
}

int
ui_console_report(struct req *r)
{
	int st;
	int64_t id = report_sitting_id(r, &st);
	json_t *ctx, *rep;

	if (id == 0)
		return st;
	if ((ctx = facts(r, id)) == NULL)
		return reply_error(r, 404, "sitting_not_found");
	rep = report_sitting(r->store, id);
	words(r, rep);
	json_object_set_new(ctx, "title", json_string(arena_printf(r->arena, "%s · %s",
	    i18n_get(r->lang, "report_title"), json_string_value(json_object_get(ctx, "name")))));
	json_object_set(ctx, "rows", json_object_get(rep, "rows"));
	json_object_set(ctx, "totals", json_object_get(rep, "totals"));
	json_object_set_new(ctx, "made_text", json_string(when(r->arena, (long long)time(NULL))));
	json_decref(rep);
	reply_header(r, "Cache-Control", "no-store");
	return reply_page(r, 200, "console_report", ctx);
}

/* One CSV cell: quoted, quotes doubled, and a leading = + - @ (or tab,
 * CR) prefixed with ' so a spreadsheet never reads a formula. */
static void
cell(struct buf *out, const char *v, int first)
{
	if (!first)
		buf_str(out, ",");
	buf_str(out, "\"");
	if (*v == '=' || *v == '+' || *v == '-' || *v == '@' || *v == '\t' || *v == '\r')
		buf_str(out, "'");
	for (; *v; v++) {
		buf_raw(out, v, 1);
		if (*v == '"')
			buf_raw(out, v, 1);
	}
	buf_str(out, "\"");
}

/* The texts of list's objects' field key (and, when key2, " (key2)"),
 * joined by "; ". */
static const char *
joined(struct arena *a, json_t *list, const char *key, const char *key2)
{
	const char *s = "";
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x) {
		const char *v = json_string_value(json_object_get(x, key));
		const char *w = key2 ? json_string_value(json_object_get(x, key2)) : NULL;

		s = arena_printf(a, "%s%s%s%s%s%s", s, i ? "; " : "", v ? v : "",
		    w && *w ? " (" : "", w && *w ? w : "", w && *w ? ")" : "");
	}
	return s;
}

int
ui_console_report_csv(struct req *r)
{
	static const char *const head[] = { "seat", "login", "name", "name_alt", "attendance",
	    "checked_in_at", "checked_in_by", "id_type", "id_last4", "attempt", "state",
	    "started_at", "submitted_at", "pauses", "pause_s", "pause_reasons", "extensions",
	    "extend_s", "extension_reasons", "outage_s", "notes", "integrity_events", "score",
	    "max_score", "percent", "passed", NULL };
	int st;
	int64_t id = report_sitting_id(r, &st);
	json_t *rep, *row;
	struct arena *a = r->arena;
	size_t i;

	if (id == 0)
		return st;
	if ((rep = people_sitting_get(r->store, id)) == NULL)
		return reply_error(r, 404, "sitting_not_found");
	json_decref(rep);
	rep = report_sitting(r->store, id);
	words(r, rep);
	buf_str(&r->out, "\xEF\xBB\xBF");
	for (i = 0; head[i] != NULL; i++)
		cell(&r->out, head[i], i == 0);
	buf_str(&r->out, "\r\n");
	json_array_foreach(json_object_get(rep, "rows"), i, row) {
		int in = json_is_true(json_object_get(row, "checked_in"));
		int graded = json_is_true(json_object_get(row, "graded"));
		const char *type = json_string_value(json_object_get(row, "id_type"));
		long long seat = json_integer_value(json_object_get(row, "seat"));
		const char *v[26];

		v[0] = seat ? arena_printf(a, "%lld", seat) : "";
		v[1] = json_string_value(json_object_get(row, "login"));
		v[2] = json_string_value(json_object_get(row, "name"));
		v[3] = json_string_value(json_object_get(row, "name_alt"));
		v[4] = in ? "checked_in" : "not_arrived";
		v[5] = json_string_value(json_object_get(row, "checked_in_text"));
		v[6] = json_string_value(json_object_get(row, "checked_in_by"));
		v[7] = !in ? "" : *type ? type : "confirmed";
		v[8] = json_string_value(json_object_get(row, "id_last4"));
		v[9] = json_string_value(json_object_get(row, "attempt"));
		v[10] = json_string_value(json_object_get(row, "state"));
		v[11] = json_string_value(json_object_get(row, "started_text"));
		v[12] = when(a, json_integer_value(json_object_get(row, "finished_at")));
		v[13] = arena_printf(a, "%zu", json_array_size(json_object_get(row, "pauses")));
		v[14] = arena_printf(a, "%lld", (long long)json_integer_value(json_object_get(row,
		    "pause_s")));
		v[15] = joined(a, json_object_get(row, "pauses"), "reason", NULL);
		v[16] = arena_printf(a, "%zu", json_array_size(json_object_get(row,
		    "extensions")));
		v[17] = arena_printf(a, "%lld", (long long)json_integer_value(json_object_get(row,
		    "extend_s")));
		v[18] = joined(a, json_object_get(row, "extensions"), "reason", NULL);
		v[19] = arena_printf(a, "%lld", (long long)json_integer_value(json_object_get(row,
		    "outage_s")));
		v[20] = joined(a, json_object_get(row, "notes"), "note", NULL);
		v[21] = arena_printf(a, "%lld", (long long)json_integer_value(json_object_get(row,
		    "events")));
		v[22] = graded ? arena_printf(a, "%g", json_real_value(json_object_get(row,
		    "score"))) : "";
		v[23] = graded ? arena_printf(a, "%g", json_real_value(json_object_get(row,
		    "max_score"))) : "";
		v[24] = graded ? arena_printf(a, "%.1f", json_real_value(json_object_get(row,
		    "percent"))) : "";
		v[25] = !graded ? "" : json_is_true(json_object_get(row, "passed")) ? "yes" : "no";
		for (int c = 0; c < 26; c++)
			cell(&r->out, v[c] ? v[c] : "", c == 0);
		buf_str(&r->out, "\r\n");
	}
	json_decref(rep);
	account_audit(r->store, "sitting.report", arena_printf(a, "sitting %lld: csv",
	    (long long)id));
	r->content_type = "text/csv; charset=utf-8";
	reply_header(r, "Cache-Control", "no-store");
	reply_header(r, "Content-Disposition", arena_printf(a,
	    "attachment; filename=\"sitting-%lld-report.csv\"", (long long)id));
	return 200;
}

/* The learner's cells for the PDF, in the order of report_pdf's columns. */
static void
pdf_row(struct req *r, json_t *row, const char **c)
{
	struct arena *a = r->arena;
	const char *lang = r->lang, *s;
	long long seat = json_integer_value(json_object_get(row, "seat"));
	const char *alt = json_string_value(json_object_get(row, "name_alt"));
	const char *by = json_string_value(json_object_get(row, "checked_in_by"));
	json_t *x;
	size_t j;

	c[0] = seat ? arena_printf(a, "%lld", seat) : "–";
	/* Two lines a learner where the facts allow: 500 seats on about 25 pages. */
	c[1] = arena_printf(a, "%s\n%s%s%s", json_string_value(json_object_get(row, "name")),
	    alt, *alt ? " · " : "", json_string_value(json_object_get(row, "login")));
	c[2] = json_is_true(json_object_get(row, "checked_in")) ? arena_printf(a, "%s %s%s%s\n%s",
	    i18n_get(lang, "report_checked_in"), clock_of(a, json_integer_value(
	    json_object_get(row, "checked_in_at"))), *by ? " · " : "", *by ? i18n_msg(a, lang,
	    "report_by", "login", by, NULL) : "", json_string_value(json_object_get(row,
	    "id_text"))) : i18n_get(lang, "report_not_arrived");
	c[3] = !*json_string_value(json_object_get(row, "attempt")) ? "" : arena_printf(a,
	    "%s %s\n%s %s", i18n_get(lang, "report_start"), clock_of(a,
	    json_integer_value(json_object_get(row, "started_at"))), i18n_get(lang,
	    "report_submit"), *json_string_value(json_object_get(row, "finished_text")) ?
	    json_string_value(json_object_get(row, "finished_text")) :
	    json_string_value(json_object_get(row, "state_text")));
	s = "";
	json_array_foreach(json_object_get(row, "pauses"), j, x)
		s = arena_printf(a, "%s%s%s\n%s", s, j ? "\n" : "", json_string_value(
		    json_object_get(x, "text")), json_string_value(json_object_get(x, "reason")));
	c[4] = s;
	s = "";
	json_array_foreach(json_object_get(row, "extensions"), j, x)
		s = arena_printf(a, "%s%s%s\n%s", s, *s ? "\n" : "", json_string_value(
		    json_object_get(x, "text")), json_string_value(json_object_get(x, "reason")));
	if (*json_string_value(json_object_get(row, "outage_text")))
		s = arena_printf(a, "%s%s%s %s", s, *s ? "\n" : "", i18n_get(lang,
		    "report_outage"), json_string_value(json_object_get(row, "outage_text")));
	json_array_foreach(json_object_get(row, "notes"), j, x)
		s = arena_printf(a, "%s%s%s %s%s%s", s, *s ? "\n" : "", i18n_get(lang,
		    "report_note"), json_string_value(json_object_get(x, "at_text")), colon(r),
		    json_string_value(json_object_get(x, "note")));
	c[5] = s;
	c[6] = !*json_string_value(json_object_get(row, "attempt")) ? "" : arena_printf(a, "%lld",
	    (long long)json_integer_value(json_object_get(row, "events")));
	c[7] = arena_printf(a, "%s\n%s", json_string_value(json_object_get(row, "result_text")) ?
	    json_string_value(json_object_get(row, "result_text")) : "",
	    json_string_value(json_object_get(row, "passed_text")));
}

/* The totals line in r's language. */
static const char *
totals_text(struct req *r, json_t *t)
{
	static const char *const keys[] = { "booked", "checked_in", "not_arrived", "started",
	    "finished", "passed", "pauses", "extensions", "notes", "events", NULL };
	const char *s = arena_printf(r->arena, "%s%s", i18n_get(r->lang, "report_totals"),
	    colon(r));
	int zh = strcmp(r->lang, "zh-TW") == 0;

	for (size_t i = 0; keys[i] != NULL; i++)
		s = arena_printf(r->arena, "%s%s%s %lld", s, !i ? "" : zh ? "，" : ", ", i18n_get(r->lang,
		    arena_printf(r->arena, "report_total_%s", keys[i])),
		    (long long)json_integer_value(json_object_get(t, keys[i])));
	return s;
}

int
ui_console_report_pdf(struct req *r)
{
	static const char *const heads[REPORT_PDF_COLS] = { "report_col_seat",
	    "report_col_learner", "report_col_attendance", "report_col_times",
	    "report_col_pauses", "report_col_time_given", "report_col_events",
	    "report_col_result" };
	int st;
	int64_t id = report_sitting_id(r, &st);
	json_t *ctx, *rep, *row;
	struct report_pdf_doc d;
	const char **cells, *err = NULL;
	unsigned char *pdf = NULL;
	size_t n, i, len = 0;

	if (id == 0)
		return st;
	if ((ctx = facts(r, id)) == NULL)
		return reply_error(r, 404, "sitting_not_found");
	rep = report_sitting(r->store, id);
	words(r, rep);
	n = json_array_size(json_object_get(rep, "rows"));
	cells = arena_alloc(r->arena, (n + 1) * REPORT_PDF_COLS * sizeof *cells);
	json_array_foreach(json_object_get(rep, "rows"), i, row)
		pdf_row(r, row, cells + i * REPORT_PDF_COLS);
	memset(&d, 0, sizeof d);
	d.title = i18n_get(r->lang, "report_title");
	{
		const char *c = colon(r), *room = json_string_value(json_object_get(ctx, "room"));
		int zh = strcmp(r->lang, "zh-TW") == 0;

		d.header[0] = arena_printf(r->arena, "%s%s%s%s%s%s", i18n_get(r->lang,
		    "report_exam"), c, json_string_value(json_object_get(ctx, "exam")),
		    zh ? "（" : " (", json_string_value(json_object_get(ctx, "exam_id")),
		    zh ? "）" : ")");
		d.header[1] = arena_printf(r->arena, "%s%s%s · %s%s%s", i18n_get(r->lang,
		    "slip_sitting"), c, json_string_value(json_object_get(ctx, "name")),
		    i18n_get(r->lang, "report_room"), c, room && *room ? room : "–");
		d.header[2] = arena_printf(r->arena, "%s%s%s – %s · %s%s%s", i18n_get(r->lang,
		    "report_window"), c, json_string_value(json_object_get(ctx, "opens_text")),
		    json_string_value(json_object_get(ctx, "closes_text")), i18n_get(r->lang,
		    "report_zone"), c, json_string_value(json_object_get(ctx, "zone")));
		d.header[3] = arena_printf(r->arena, "%s%s%s", i18n_get(r->lang, "report_made"),
		    c, when(r->arena, (long long)time(NULL)));
	}
	for (i = 0; i < REPORT_PDF_COLS; i++)
		d.heads[i] = i18n_get(r->lang, heads[i]);
	d.cells = cells;
	d.nrows = n;
	d.totals = totals_text(r, json_object_get(rep, "totals"));
	d.page_word = i18n_get(r->lang, "report_page");
	st = report_pdf_render(&d, &pdf, &len, &err);
	json_decref(rep);
	json_decref(ctx);
	if (st != 0)
		return reply_error(r, 500, err ? err : "internal_error");
	buf_raw(&r->out, (const char *)pdf, len);
	free(pdf);
	account_audit(r->store, "sitting.report", arena_printf(r->arena, "sitting %lld: pdf",
	    (long long)id));
	r->content_type = "application/pdf";
	reply_header(r, "Cache-Control", "no-store");
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "inline; filename=\"sitting-%lld-report.pdf\"", (long long)id));
	return 200;
}
