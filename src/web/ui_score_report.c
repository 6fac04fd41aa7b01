/*
 * ui_score_report.c - GET /attempts/{id}/report.pdf: a graded attempt's
 * score report (成績單) on one A4 page in both languages: the issuer, the
 * learner's names, the exam, the date, the total and the verdict, then
 * per section and per competency a bar and its band in plain words, as
 * the exam's review policy lets the learner see them (never a question or
 * a key). For the learner, the exam's trainers and admins, as the result
 * page (403 for anyone else).
 */
#include "handlers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "attempt.h"
#include "i18n.h"
#include "issuer.h"
#include "report_pdf.h"
#include "timefmt.h"

/* "zh en" for a catalog key, both languages on one line. */
static const char *
both(struct req *r, const char *key)
{
	return arena_printf(r->arena, "%s %s", i18n_get("zh-TW", key), i18n_get("en", key));
}

/* 67%, a whole percent: no false precision. */
static const char *
whole(struct req *r, double percent)
{
	return arena_printf(r->arena, "%.0f%%", percent);
}

/* The title of o ({"en","zh-TW"}) in both languages, once when they are
 * the same or one is missing; fallback when both are. */
static const char *
titles(struct req *r, json_t *o, const char *fallback)
{
	const char *zh = json_string_value(json_object_get(o, "zh-TW"));
	const char *en = json_string_value(json_object_get(o, "en"));

	if (zh && en && strcmp(zh, en) != 0)
		return arena_printf(r->arena, "%s %s", zh, en);
	return zh ? zh : en ? en : fallback;
}

static void
section_rows(struct req *r, json_t *secs, struct score_pdf_part *pt)
{
	struct score_pdf_row *rows = arena_alloc(r->arena, (json_array_size(secs) + 1) *
	    sizeof *rows);
	size_t i;
	json_t *s;

	json_array_foreach(secs, i, s) {
		double pct = json_number_value(json_object_get(s, "percent"));

		rows[i].label = titles(r, json_object_get(s, "title"),
		    json_string_value(json_object_get(s, "category")));
		rows[i].value = json_real_value(json_object_get(s, "min_percent")) > 0 &&
		    !json_is_true(json_object_get(s, "passed")) ?
		    arena_printf(r->arena, "%s %s %.0f%%", whole(r, pct),
		    both(r, "result_below_min"), json_number_value(json_object_get(s, "min_percent"))) :
		    whole(r, pct);
		rows[i].percent = pct;
		rows[i].indent = 0;
	}
	pt->heading = both(r, "result_by_section");
	pt->rows = rows;
	pt->nrows = json_array_size(secs);
}

static void
competency_rows(struct req *r, json_t *comps, struct score_pdf_part *pt)
{
	struct score_pdf_row *rows = arena_alloc(r->arena, (json_array_size(comps) + 1) *
	    sizeof *rows);
	size_t i;
	json_t *c;

	json_array_foreach(comps, i, c) {
		const char *band = json_string_value(json_object_get(c, "band"));
		const char *parent = json_string_value(json_object_get(c, "parent"));
		double score = json_number_value(json_object_get(c, "score"));
		double max = json_number_value(json_object_get(c, "max"));
		json_int_t items = json_integer_value(json_object_get(c, "items"));
		int few = band != NULL && strcmp(band, "too_few") == 0;
		const char *key = few ? "comp_too_few" : band && strcmp(band, "meets") == 0 ?
		    "comp_meets" : "comp_not_yet";

		rows[i].label = arena_printf(r->arena, "%s %s",
		    json_string_value(json_object_get(c, "code")),
		    titles(r, json_object_get(c, "title"), ""));
		/* Too few questions: how many were answered right, not a percent. */
		rows[i].value = few ? arena_printf(r->arena, "%g / %lld %s",
		    max > 0 ? round(10 * (double)items * score / max) / 10 : 0, (long long)items,
		    both(r, key)) : arena_printf(r->arena, "%s %s", whole(r,
		    json_number_value(json_object_get(c, "percent"))), both(r, key));
		rows[i].percent = few ? -1 : json_number_value(json_object_get(c, "percent"));
		/* areas at the left, their competencies (and theirs) beneath */
		rows[i].indent = 0;
		for (const char *p = parent; p != NULL; ) {
			size_t k;
			json_t *up = NULL;

			rows[i].indent++;
			json_array_foreach(comps, k, up)
				if (strcmp(json_string_value(json_object_get(up, "code")), p) == 0)
					break;
			p = k < i ? json_string_value(json_object_get(up, "parent")) : NULL;
			if (rows[i].indent > 4)
				break;
		}
	}
	pt->heading = both(r, "comp_heading");
	pt->rows = rows;
	pt->nrows = json_array_size(comps);
}

int
ui_score_report_pdf(struct req *r)
{
	const char *err = NULL;
	struct attempt t;
	struct user u;
	struct issuer is;
	struct score_pdf_doc d;
	struct timefmt_tm tm;
	json_t *res, *def;
	unsigned char *pdf = NULL;
	size_t len = 0;
	int st;

	/* Its learner, or who manages its exam, as for the result page: 404
	 * for no such attempt, 403 for another's. */
	if ((st = api_attempt_get_checked(r, &t, 0)) != 0)
		return st;
	if (strcmp(t.state, "running") == 0 || !t.graded)
		return reply_error(r, 409, "attempt_running");
	/* What its learner may see, whoever downloads it. */
	if ((res = attempt_result(r->store, r->arena, &t, 0)) == NULL)
		return reply_error(r, 500, "internal_error");
	def = json_loads(t.exam_def, 0, NULL);
	memset(&u, 0, sizeof u);
	account_get(r->store, r->arena, t.user_id, &u);
	issuer_load(r->store, r->arena, &is);
	memset(&d, 0, sizeof d);
	d.title = both(r, "score_report_title");
	d.issuer = strcmp(is.legal_zh, is.legal_en) != 0 ?
	    arena_printf(r->arena, "%s %s", is.legal_zh, is.legal_en) : is.legal_en;
	d.issuer_contact = is.website && *is.website ? is.website : NULL;
	d.logo = is.logo.data;
	d.logo_len = is.logo.data ? is.logo.len : 0;
	d.logo_type = is.logo.type;
	d.lines[0] = arena_printf(r->arena, "%s: %s%s%s", both(r, "score_report_name"),
	    u.name ? u.name : "", u.name_alt ? " / " : "", u.name_alt ? u.name_alt : "");
	d.lines[1] = arena_printf(r->arena, "%s: %s", both(r, "score_report_exam"),
	    titles(r, json_object_get(def, "title"), t.exam_id));
	timefmt_split(t.started_ms / 1000, timefmt_offset(), &tm);
	d.lines[2] = arena_printf(r->arena, "%s: %04lld-%02d-%02d", both(r, "score_report_date"),
	    tm.year, tm.month, tm.day);
	d.lines[3] = arena_printf(r->arena, "%s: %.1f%% (%g / %g) · %s: %g%%",
	    both(r, "score_report_total"), t.percent, round(t.score * 100) / 100,
	    round(t.max_score * 100) / 100, both(r, "score_report_pass"),
	    json_number_value(json_object_get(def, "pass_percent")));
	d.verdict = both(r, t.passed ? "result_passed" : "result_failed");
	d.passed = t.passed;
	section_rows(r, json_object_get(res, "sections"), &d.parts[0]);
	competency_rows(r, json_object_get(res, "competencies"), &d.parts[1]);
	d.foot = arena_printf(r->arena, "%s: %s", both(r, "score_report_attempt"), t.public_id);
	st = score_pdf_render(&d, &pdf, &len, &err);
	json_decref(res);
	json_decref(def);
	if (st != 0)
		return reply_error(r, 500, err ? err : "internal_error");
	buf_raw(&r->out, (const char *)pdf, len);
	free(pdf);
	r->content_type = "application/pdf";
	reply_header(r, "Cache-Control", "no-store");
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "inline; filename=\"score-report-%s.pdf\"", t.public_id));
	return 200;
}
