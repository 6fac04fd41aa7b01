/*
 * ui_console_cohort.c - two console pages of one exam, for its trainers
 * and admins (api_exam_managed):
 *
 *   GET /console/exams/{exam}/cohort      the cohort by competency: a heat
 *                                         map, rows competencies, columns
 *                                         sittings or months (cohort.h)
 *   GET /console/exams/{exam}/cohort.csv  the same for Excel (audited)
 *   GET /console/exams/{exam}/items       item statistics, 50 to a page,
 *                                         filtered and sorted (item_filter.h)
 *
 * Both pages take the API's query options (api_cohort_query,
 * api_item_filter); one they do not understand is left out and named
 * on the page, so that an old bookmark still opens. Every sort and
 * filter is a plain link or GET form: no script needed.
 */
#include "handlers.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cohort.h"
#include "exam.h"
#include "exam_store.h"
#include "item_filter.h"
#include "results.h"

static const char *
jstr(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

/* "?k=v&k=v" of the pairs given (NULL value or "": left out), URL-encoded,
 * ending with a NULL key. */
static const char *
query(struct req *r, const char *path, ...)
{
	struct buf b = BUF_INIT;
	const char *k, *v, *out;
	char sep = '?';
	va_list ap;

	buf_str(&b, path);
	va_start(ap, path);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (v == NULL || *v == '\0')
			continue;
		buf_raw(&b, &sep, 1);
		buf_str(&b, k);
		buf_str(&b, "=");
		buf_url(&b, v);
		sep = '&';
	}
	va_end(ap);
	out = arena_strdup(r->arena, b.data ? b.data : path);
	buf_free(&b);
	return out;
}

/* The names of the ignored options as one text, or NULL. */
static const char *
ignored_text(struct req *r, const json_t *ignored)
{
	struct buf b = BUF_INIT;
	const char *out;
	size_t i;
	json_t *v;

	if (json_array_size(ignored) == 0)
		return NULL;
	json_array_foreach(ignored, i, v) {
		if (i > 0)
			buf_str(&b, strcmp(r->lang, "zh-TW") == 0 ? "、" : ", ");
		const char *name = json_string_value(v);
		size_t n = strlen(name);

		/* at most 64 bytes, as the API's errors show a name, cut
		 * between characters */
		if (n > 64)
			for (n = 64; n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80; n--)
				;
		buf_raw(&b, name, n);
	}
	out = i18n_msg(r->arena, r->lang, "console_ignored_options", "fields", b.data, NULL);
	buf_free(&b);
	return out;
}

static const char *
exam_title(struct req *r, struct exam *e)
{
	memset(e, 0, sizeof *e);	/* no sections when it cannot be read */
	if (!exam_load(r->store, r->arena, req_param(r, "exam"), e))
		return req_param(r, "exam");
	return strcmp(r->lang, "zh-TW") == 0 ? e->title_zh : e->title_en;
}

/* ---- the cohort ---- */

/* The heat level of a percent: 0 below 40 .. 4 at 90 and above. */
static int
level(double p)
{
	return p < 40 ? 0 : p < 60 ? 1 : p < 75 ? 2 : p < 90 ? 3 : 4;
}

static const char *
column_name(struct req *r, const json_t *col)
{
	const char *key = jstr(col, "key");

	if (strcmp(key, "all") == 0)
		return i18n_get(r->lang, "console_cohort_all");
	if (strcmp(key, "none") == 0)
		return i18n_get(r->lang, "console_no_sitting");
	return jstr(col, "name");
}

int
ui_console_cohort(struct req *r)
{
	const char *exam = req_param(r, "exam"), *bad, *sort, *by;
	json_t *ignored = json_array(), *c, *cols, *rows, *col, *row, *cell, *ctx;
	int st, unknown, desc;
	size_t i, k;
	struct exam e;

	if ((st = api_exam_managed(r)) != 0) {
		json_decref(ignored);
		return st;
	}
	if ((c = api_cohort_query(r, &bad, &unknown, ignored)) == NULL) {
		json_decref(ignored);
		return reply_error(r, 500, "internal_error");
	}
	sort = jstr(c, "sort");
	by = jstr(c, "by");
	desc = strcmp(jstr(c, "dir"), "desc") == 0;
	cols = json_object_get(c, "columns");
	rows = json_object_get(c, "competencies");
	json_array_foreach(cols, i, col) {
		const char *key = jstr(col, "key");
		int sorted = strcmp(sort, key) == 0;

		json_object_set_new(col, "label", json_string(column_name(r, col)));
		json_object_set_new(col, "learners_text", json_string(i18n_msg(r->arena, r->lang,
		    "console_cohort_learners", "n", arena_printf(r->arena, "%lld",
		    (long long)json_integer_value(json_object_get(col, "learners"))), NULL)));
		/* a first click sorts the weakest first; a second reverses */
		json_object_set_new(col, "href", json_string(query(r, arena_printf(r->arena,
		    "/console/exams/%s/cohort", exam), "by", strcmp(by, "month") == 0 ? "month" : NULL,
		    "sort", key, "dir", sorted && !desc ? "desc" : NULL, NULL)));
		json_object_set_new(col, "sorted_asc", json_boolean(sorted && !desc));
		json_object_set_new(col, "sorted_desc", json_boolean(sorted && desc));
	}
	json_array_foreach(rows, i, row) {
		const json_t *t = json_object_get(row, "title");
		int depth = (int)json_integer_value(json_object_get(row, "depth"));

		json_object_set_new(row, "title_text", json_string(jstr(t, strcmp(r->lang,
		    "zh-TW") == 0 ? "zh-TW" : "en")));
		json_object_set_new(row, "area", json_boolean(depth == 0));
		/* sorted by a column, the rows are no longer a tree */
		json_object_set_new(row, "indent", json_integer(strcmp(sort, "code") != 0 ? 0 :
		    depth > 3 ? 3 : depth));
		json_array_foreach(json_object_get(row, "cells"), k, cell) {
			const json_t *p = json_object_get(cell, "percent");
			int few = json_is_true(json_object_get(cell, "too_few"));

			if (!json_is_number(p)) {
				json_object_set_new(cell, "empty", json_true());
				continue;
			}
			json_object_set_new(cell, "percent_text", json_string(arena_printf(r->arena,
			    "%.0f%%", floor(json_number_value(p) + 0.5))));
			json_object_set_new(cell, "cls", json_string(few ? "few" : arena_printf(
			    r->arena, "h%d", level(json_number_value(p)))));
			json_object_set_new(cell, "learners_text", json_string(i18n_msg(r->arena,
			    r->lang, "console_cohort_learners", "n", arena_printf(r->arena, "%lld",
			    (long long)json_integer_value(json_object_get(cell, "learners"))), NULL)));
			json_object_set_new(cell, "items_text", json_string(i18n_msg(r->arena,
			    r->lang, "console_cohort_items", "n", arena_printf(r->arena, "%lld",
			    (long long)json_integer_value(json_object_get(cell, "items"))), NULL)));
		}
	}
	ctx = json_pack("{s:s, s:s, s:s, s:O, s:O, s:b, s:b, s:b, s:s, s:s, s:s, s:s, s:i}",
	    "title", i18n_get(r->lang, "console_cohort"), "exam_title", exam_title(r, &e),
	    "exam_id", exam, "columns", cols, "rows", rows,
	    "by_month", strcmp(by, "month") == 0, "code_sorted", strcmp(sort, "code") == 0,
	    "empty", json_array_size(rows) == 0,
	    "code_href", query(r, arena_printf(r->arena, "/console/exams/%s/cohort", exam),
	    "by", strcmp(by, "month") == 0 ? "month" : NULL, NULL),
	    "by_sitting_href", query(r, arena_printf(r->arena, "/console/exams/%s/cohort", exam),
	    NULL),
	    "by_month_href", query(r, arena_printf(r->arena, "/console/exams/%s/cohort", exam),
	    "by", "month", NULL),
	    "csv_href", query(r, arena_printf(r->arena, "/console/exams/%s/cohort.csv", exam),
	    "by", strcmp(by, "month") == 0 ? "month" : NULL,
	    "sort", strcmp(sort, "code") == 0 ? NULL : sort, "dir", desc ? "desc" : NULL, NULL),
	    "min_learners", COHORT_MIN_LEARNERS);
	if (ignored_text(r, ignored) != NULL)
		json_object_set_new(ctx, "ignored", json_string(ignored_text(r, ignored)));
	json_decref(ignored);
	json_decref(c);
	return reply_page(r, 200, "console_cohort", ctx);
}

int
ui_console_cohort_csv(struct req *r)
{
	const char *bad;
	int st, unknown;
	json_t *c;

	if ((st = api_exam_managed(r)) != 0)
		return st;
	if ((c = api_cohort_query(r, &bad, &unknown, NULL)) == NULL)
		return bad ? reply_error_field(r, 400, unknown ? "query_field_unknown" :
		    "query_value_invalid", bad) : reply_error(r, 500, "internal_error");
	cohort_csv(c, &r->out);
	json_decref(c);
	account_audit(r->store, "cohort.export", req_param(r, "exam"));
	r->content_type = "text/csv; charset=utf-8";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s-cohort.csv\"", req_param(r, "exam")));
	return 200;
}

/* ---- item statistics ---- */

static const char *
num_text(struct req *r, const json_t *v)
{
	return json_is_number(v) ? arena_printf(r->arena, "%.2f", json_number_value(v)) : "–";
}

/* The rows of the item table, as the overview showed them. */
static void
item_rows(struct req *r, json_t *items)
{
	size_t i, k;
	json_t *it, *f, *c;

	json_array_foreach(items, i, it) {
		json_t *flags = json_array();

		json_array_foreach(json_object_get(it, "flags"), k, f)
			json_array_append_new(flags, json_pack("{s:s, s:b}", "label",
			    i18n_get(r->lang, arena_printf(r->arena, "flag_%s", json_string_value(f))),
			    "bad", strcmp(json_string_value(f), "negative_discrimination") == 0 ||
			    strcmp(json_string_value(f), "language_gap") == 0));
		json_object_set_new(it, "flag_list", flags);
		json_object_set_new(it, "facility_text", json_string(num_text(r,
		    json_object_get(it, "facility"))));
		json_object_set_new(it, "discrimination_text", json_string(num_text(r,
		    json_object_get(it, "discrimination"))));
		json_object_set_new(it, "efficiency_text", json_string(num_text(r,
		    json_object_get(it, "efficiency"))));
		if (json_is_number(json_object_get(it, "facility_zh")) &&
		    json_is_number(json_object_get(it, "facility_en")))
			json_object_set_new(it, "by_lang", json_string(arena_printf(r->arena,
			    "zh-TW %.2f · en %.2f", json_number_value(json_object_get(it, "facility_zh")),
			    json_number_value(json_object_get(it, "facility_en")))));
		json_array_foreach(json_object_get(it, "choices"), k, c)
			json_object_set_new(c, "letter", json_string(arena_printf(r->arena, "%c",
			    'A' + (int)(k % 26))));
		json_array_foreach(json_object_get(it, "gaps"), k, c) {
			json_object_set_new(c, "label", json_string(i18n_msg(r->arena, r->lang,
			    "attempt_gap", "n", arena_printf(r->arena, "%d",
			    (int)json_integer_value(json_object_get(c, "gap"))), NULL)));
			json_object_set_new(c, "facility_text", json_string(num_text(r,
			    json_object_get(c, "facility"))));
		}
	}
}

/* The competencies to filter by: those of the frameworks the items'
 * codes belong to, areas first with theirs beneath, and any code no
 * framework names. [{"code","label","selected"}] */
static json_t *
competency_options(struct req *r, const json_t *items, const char *chosen)
{
	json_t *used = json_object(), *out = json_array(), *cs, *c, *v;
	size_t i, k;
	const char *code;

	json_array_foreach(items, i, c)
		json_array_foreach(json_object_get(c, "competencies"), k, v)
			json_object_set_new(used, json_string_value(v), json_true());
	cs = item_filter_competencies(r->store, used);
	json_array_foreach(cs, i, c) {
		const json_t *t = json_object_get(c, "title");
		int depth = (int)json_integer_value(json_object_get(c, "depth"));

		code = jstr(c, "code");
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "code", code,
		    "label", arena_printf(r->arena, "%s%s %s", depth == 0 ? "" : depth == 1 ?
		    "\xC2\xA0\xC2\xA0" : "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0", code,
		    jstr(t, strcmp(r->lang, "zh-TW") == 0 ? "zh-TW" : "en")),
		    "selected", chosen != NULL && strcmp(chosen, code) == 0));
		json_object_del(used, code);
	}
	json_object_foreach(used, code, v)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "code", code, "label", code,
		    "selected", chosen != NULL && strcmp(chosen, code) == 0));
	json_decref(cs);
	json_decref(used);
	return out;
}

int
ui_console_items(struct req *r)
{
	static const char *const flag_names[] = { "any", "none", "negative_discrimination",
	    "low_discrimination", "too_easy", "too_hard", "dead_distractor", "language_gap" };
	static const char *const sort_cols[] = { "n", "facility", "discrimination",
	    "efficiency", "flags" };
	static const char *const sort_labels[] = { "console_col_n", "console_facility",
	    "console_discrimination", "console_efficiency", "console_flags" };
	const char *exam = req_param(r, "exam"), *base, *sort_name, *sec_text;
	json_t *ignored = json_array(), *stats, *all, *ctx, *secs, *flags, *heads, *pages;
	struct item_filter f;
	int st, unknown, total, pagecount, page;
	struct exam e;
	const char *title;
	char secbuf[16];

	if ((st = api_exam_managed(r)) != 0) {
		json_decref(ignored);
		return st;
	}
	api_item_filter(r, &f, &unknown, ignored);
	if (f.page == 0)
		f.page = 1;
	f.per_page = ITEM_FILTER_PER_PAGE;
	title = exam_title(r, &e);
	stats = results_item_stats(r->store, exam);
	total = (int)json_array_size(json_object_get(stats, "items"));
	all = json_incref(json_object_get(stats, "items"));
	item_filter_apply(r->store, stats, &f);
	pagecount = (int)json_integer_value(json_object_get(stats, "pages"));
	if (f.page > pagecount) {
		/* a page the filters left behind: their last */
		f.page = pagecount;
		json_object_set(stats, "items", all);
		item_filter_apply(r->store, stats, &f);
	}
	page = f.page;
	item_rows(r, json_object_get(stats, "items"));
	base = arena_printf(r->arena, "/console/exams/%s/items", exam);
	snprintf(secbuf, sizeof secbuf, "%d", f.section);
	sec_text = f.section > 0 ? arena_strdup(r->arena, secbuf) : NULL;
	sort_name = f.sort == ITEM_SORT_ORDER ? NULL : f.sort == ITEM_SORT_FACILITY ? "facility" :
	    f.sort == ITEM_SORT_DISCRIMINATION ? "discrimination" :
	    f.sort == ITEM_SORT_EFFICIENCY ? "efficiency" : f.sort == ITEM_SORT_N ? "n" : "flags";
	/* sections of the exam: their titles, else what they draw (a
	 * category or a competency, as the definition names it) */
	secs = json_array();
	{
		json_t *def = e.nsections > 0 ? exam_to_json(&e) : NULL, *sec;
		size_t i;

		json_array_foreach(json_object_get(def, "sections"), i, sec) {
			const char *t = json_string_value(json_object_get(json_object_get(sec,
			    "title"), strcmp(r->lang, "zh-TW") == 0 ? "zh-TW" : "en"));

			if (t == NULL)
				t = json_string_value(json_object_get(sec, "category"));
			if (t == NULL)
				t = json_string_value(json_object_get(sec, "competency"));
			json_array_append_new(secs, json_pack("{s:i, s:s, s:b}", "n", (int)i + 1,
			    "label", arena_printf(r->arena, "%d. %s", (int)i + 1, t ? t : ""),
			    "selected", f.section == (int)i + 1));
		}
		json_decref(def);
	}
	{
		size_t i;
		json_t *it;

		/* each row names its section as the filter does */
		json_array_foreach(json_object_get(stats, "items"), i, it) {
			json_int_t n = json_integer_value(json_object_get(it, "section"));
			const char *label = json_string_value(json_object_get(json_array_get(secs,
			    (size_t)(n - 1)), "label"));

			json_object_set_new(it, "section_text", json_string(label ? label :
			    arena_printf(r->arena, "%lld", (long long)n)));
		}
	}
	flags = json_array();
	for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++)
		json_array_append_new(flags, json_pack("{s:s, s:s, s:b}", "name", flag_names[i],
		    "label", i18n_get(r->lang, arena_printf(r->arena, "flag_%s", flag_names[i])),
		    "selected", f.flag != NULL && strcmp(f.flag, flag_names[i]) == 0));
	/* sortable headers: a first click sorts low to high, a second high
	 * to low; filters kept, back to page 1 */
	heads = json_object();
	for (size_t i = 0; i < sizeof sort_cols / sizeof *sort_cols; i++) {
		int sorted = sort_name != NULL && strcmp(sort_name, sort_cols[i]) == 0;

		json_object_set_new(heads, sort_cols[i], json_pack("{s:s, s:s, s:b, s:b}",
		    "label", i18n_get(r->lang, sort_labels[i]),
		    "href", query(r, base, "competency", f.competency, "section", sec_text,
		    "flag", f.flag, "sort", sort_cols[i], "dir", sorted && !f.desc ? "desc" : NULL,
		    NULL), "asc", sorted && !f.desc, "desc", sorted && f.desc));
	}
	pages = json_array();
	for (int p = 1; p <= pagecount && pagecount > 1; p++)
		json_array_append_new(pages, json_pack("{s:i, s:s, s:b}", "n", p, "href",
		    query(r, base, "competency", f.competency, "section", sec_text, "flag", f.flag,
		    "sort", sort_name, "dir", f.desc ? "desc" : NULL, "page",
		    p > 1 ? arena_printf(r->arena, "%d", p) : NULL, NULL), "current", p == page));
	ctx = json_pack("{s:s, s:s, s:s, s:O, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s,"
	    " s:b, s:b}",
	    "title", i18n_get(r->lang, "console_item_stats"), "exam_title", title,
	    "exam_id", exam, "items", json_object_get(stats, "items"),
	    "competencies", competency_options(r, all, f.competency), "sections", secs,
	    "flags", flags, "heads", heads, "pages", pages,
	    "shown", i18n_msg(r->arena, r->lang, "console_items_shown", "matched",
	    arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(stats,
	    "matched"))), "total", arena_printf(r->arena, "%d", total),
	    "page", arena_printf(r->arena, "%d", page),
	    "pages", arena_printf(r->arena, "%d", pagecount), NULL),
	    "mean", json_is_number(json_object_get(stats, "mean")) ? arena_printf(r->arena,
	    "%.1f%%", json_number_value(json_object_get(stats, "mean"))) : "–",
	    "alpha", num_text(r, json_object_get(stats, "alpha")),
	    "order_href", query(r, base, "competency", f.competency, "section", sec_text,
	    "flag", f.flag, NULL),
	    "filtered", f.competency != NULL || f.section > 0 || f.flag != NULL,
	    "order_sorted", sort_name == NULL);
	json_object_set_new(ctx, "n", json_integer(json_integer_value(json_object_get(stats,
	    "n"))));
	if (page > 1)
		json_object_set_new(ctx, "prev", json_string(query(r, base, "competency",
		    f.competency, "section", sec_text, "flag", f.flag, "sort", sort_name, "dir",
		    f.desc ? "desc" : NULL, "page", page > 2 ? arena_printf(r->arena, "%d",
		    page - 1) : NULL, NULL)));
	if (page < pagecount)
		json_object_set_new(ctx, "next", json_string(query(r, base, "competency",
		    f.competency, "section", sec_text, "flag", f.flag, "sort", sort_name, "dir",
		    f.desc ? "desc" : NULL, "page", arena_printf(r->arena, "%d", page + 1), NULL)));
	if (f.desc)
		json_object_set_new(ctx, "dir_desc", json_true());
	if (sort_name != NULL)
		json_object_set_new(ctx, "sort", json_string(sort_name));
	if (ignored_text(r, ignored) != NULL)
		json_object_set_new(ctx, "ignored", json_string(ignored_text(r, ignored)));
	json_decref(ignored);
	json_decref(all);
	json_decref(stats);
	return reply_page(r, 200, "console_items", ctx);
}
