/*
 * results.c - results tables, item statistics and regrading over an
 * exam's attempts; see results.h. Statistics come from stats.c, grading
 * from attempt_grade.c.
 */
#include "results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attempt.h"
#include "bank_json.h"
#include "cloze.h"
#include "competency_score.h"
#include "form.h"
#include "stats.h"
#include "timefmt.h"

static const char rows_sql[] =
    "SELECT a.public_id, u.login, u.name, coalesce(u.name_alt, ''), a.lang, a.state, "
    "a.started_at, a.finished_at, a.score, a.max_score, a.percent, a.passed, "
    "c.serial, "
    "coalesce(s.name, ''), "
    "(SELECT count(*) FROM integrity_events e WHERE e.attempt_id = a.id), "
    "coalesce(a.regrade_note, ''), a.cert_error, c.revoked_at, c.revoke_reason, "
    "c.expires_at, a.id "
    "FROM attempts a JOIN users u ON u.id = a.user_id "
    "LEFT JOIN sittings s ON s.id = a.sitting_id "
    "LEFT JOIN certificates c ON c.id = (SELECT max(c2.id) FROM certificates c2 "
    " WHERE c2.attempt_id = a.id AND c2.superseded_by IS NULL) WHERE a.exam_id = ? "
    "ORDER BY a.started_at DESC LIMIT ?";

/* Unix milliseconds ms as ISO 8601 UTC into out; "" for 0. */
static char *
iso(char out[TIMEFMT_UTC_LEN + 1], int64_t ms)
{
	if (ms == 0)
		out[0] = '\0';
	else
		timefmt_utc(ms / 1000, out);
	return out;
}

/* The standing of a row's certificate: "valid", "revoked", "expired",
 * or "" without one. */
static const char *
cert_standing(struct stmt *st)
{
	int64_t expires = db_col_int64(st, 19);

	if (db_col_type(st, 12) == DB_NULL)
		return "";
	if (db_col_int64(st, 17) != 0)
		return "revoked";
	return expires && expires / 86400 < time(NULL) / 86400 ? "expired" : "valid";
}

/* The competencies of exam's graded attempts: {"ATTEMPT-ID": {"CODE":
 * percent}} into *by, and the codes carried, in framework order, with
 * their titles in lang (the newest attempt's words) into *cols
 * [{"code","title"}]. */
static void
csv_competencies(struct db *d, const char *exam, const char *lang, json_t **by,
    json_t **cols)
{
	static const char sql[] =
	    "SELECT id, result FROM attempts WHERE exam_id = ? AND result IS NOT NULL "
	    "ORDER BY started_at DESC";
	struct stmt *st = db_stmt_text(d, sql, exam);
	json_t *seen = json_object();

	*by = json_object();
	*cols = json_array();
	while (db_row(st)) {
		int64_t id = db_col_int64(st, 0);
		json_t *comps = competency_result(d, id, db_col_text(st, 1),
		    0), *c, *mine = json_object();
		size_t i, at = 0;
		char key[24];

		/* A code not seen yet goes after the one before it in this
		 * attempt's (framework) order. */
		json_array_foreach(comps, i, c) {
			const char *code = json_string_value(json_object_get(c, "code"));
			json_t *pos = json_object_get(seen, code);
			const char *t = json_string_value(json_object_get(json_object_get(c, "title"),
			    lang));

			if (code == NULL)
				continue;
			json_object_set_new(mine, code, json_real(json_number_value(
			    json_object_get(c, "percent"))));
			if (pos != NULL) {
				at = (size_t)json_integer_value(pos) + 1;
				continue;
			}
			json_array_insert_new(*cols, at, json_pack("{s:s,s:s}", "code", code,
			    "title", t ? t : ""));
			for (size_t k = 0; k < json_array_size(*cols); k++)
				json_object_set_new(seen, json_string_value(json_object_get(
				    json_array_get(*cols, k), "code")), json_integer((json_int_t)k));
			at++;
		}
		json_decref(comps);
		snprintf(key, sizeof key, "%lld", (long long)id);
		json_object_set_new(*by, key, mine);
	}
	db_end(st);
	json_decref(seen);
}

void
results_csv(struct store *s, const char *exam, const char *lang, struct buf *out)
{
	json_t *by, *cols, *col;
	size_t k;
	static const char *const head_en[] = { "attempt", "login", "name", "name_alt",
	    "language", "state", "started_utc", "finished_utc", "minutes_used", "score",
	    "max_score", "percent", "passed", "certificate", "sitting", "integrity_events",
	    "regrade_note", "certificate_status" };
	struct stmt *st = db_stmt_text(store_db(s), rows_sql, exam);
	size_t nh = sizeof head_en / sizeof *head_en;

	/* Column names stay English (scripts read them) but for the
	 * competencies': "CODE title" in the reader's language. */
	buf_str(out, "\xEF\xBB\xBF");	/* UTF-8 BOM: Excel then reads Chinese */
	csv_competencies(store_db(s), exam, lang, &by, &cols);
	for (size_t i = 0; i < nh; i++)
		buf_csv(out, head_en[i], i == nh - 1 && json_array_size(cols) == 0);
	json_array_foreach(cols, k, col) {
		const char *code = json_string_value(json_object_get(col, "code"));
		const char *title = json_string_value(json_object_get(col, "title"));
		char *head = malloc(strlen(code) + strlen(title) + 2);

		if (head == NULL) {
			buf_csv(out, code, k == json_array_size(cols) - 1);
			continue;
		}
		sprintf(head, "%s%s%s", code, *title ? " " : "", title);
		buf_csv(out, head, k == json_array_size(cols) - 1);
		free(head);
	}
	if (st == NULL) {
		json_decref(by);
		json_decref(cols);
		return;
	}
	db_bind_int(st, 2, 1000000);
	while (db_row(st)) {
		char t1[32], t2[32], num[5][32];
		int64_t started = db_col_int64(st, 6), finished = db_col_int64(st, 7);
		int graded = db_col_type(st, 8) != DB_NULL;

		for (int i = 0; i < 6; i++)
			buf_csv(out, db_col_text(st, i), 0);
		buf_csv(out, iso(t1, started), 0);
		buf_csv(out, iso(t2, finished), 0);
		snprintf(num[0], 32, "%.1f", finished ? (double)(finished - started) / 60000.0 : 0);
		snprintf(num[1], 32, "%.4g", db_col_double(st, 8));
		snprintf(num[2], 32, "%.4g", db_col_double(st, 9));
		snprintf(num[3], 32, "%.2f", db_col_double(st, 10));
		snprintf(num[4], 32, "%lld", (long long)db_col_int64(st, 14));
		buf_csv(out, finished ? num[0] : "", 0);
		buf_csv(out, graded ? num[1] : "", 0);
		buf_csv(out, graded ? num[2] : "", 0);
		buf_csv(out, graded ? num[3] : "", 0);
		buf_csv(out, !graded ? "" : db_col_int(st, 11) ? "yes" : "no", 0);
		buf_csv(out, db_col_text(st, 12) ? db_col_text(st, 12) : "", 0);
		buf_csv(out, db_col_text(st, 13), 0);
		buf_csv(out, num[4], 0);
		buf_csv(out, db_col_text(st, 15), 0);
		buf_csv(out, cert_standing(st), json_array_size(cols) == 0);
		/* each competency's percent, whole; empty without its items */
		snprintf(num[0], 32, "%lld", (long long)db_col_int64(st, 20));
		json_array_foreach(cols, k, col) {
			json_t *pct = json_object_get(json_object_get(by, num[0]),
			    json_string_value(json_object_get(col, "code")));

			snprintf(num[1], 32, "%.0f", json_number_value(pct));
			buf_csv(out, pct ? num[1] : "", k == json_array_size(cols) - 1);
		}
	}
	db_end(st);
	json_decref(by);
	json_decref(cols);
}

json_t *
results_rows(struct store *s, const char *exam, int limit)
{
	struct stmt *st = db_stmt_text(store_db(s), rows_sql, exam);
	json_t *out = json_array();

	if (st == NULL)
		return out;
	db_bind_int(st, 2, limit);
	while (db_row(st)) {
		int graded = db_col_type(st, 8) != DB_NULL;

		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I,"
		    " s:o, s:o, s:s?, s:s, s:I, s:s, s:s?}",
		    "id", db_col_text(st, 0),
		    "login", db_col_text(st, 1),
		    "name", db_col_text(st, 2),
		    "name_alt", db_col_text(st, 3),
		    "lang", db_col_text(st, 4),
		    "state", db_col_text(st, 5),
		    "started_at", (json_int_t)db_col_int64(st, 6),
		    "finished_at", (json_int_t)db_col_int64(st, 7),
		    "percent", graded ? json_real(db_col_double(st, 10)) : json_null(),
		    "passed", graded ? json_boolean(db_col_int(st, 11)) : json_null(),
		    "serial", db_col_text(st, 12),
		    "sitting", db_col_text(st, 13),
		    "events", (json_int_t)db_col_int64(st, 14),
		    "regrade_note", db_col_text(st, 15),
		    "cert_error", db_col_text(st, 16)));
		/* The certificate's standing, so that a revoked one reads so. */
		if (db_col_type(st, 12) != DB_NULL) {
			json_t *row = json_array_get(out, json_array_size(out) - 1);
			int64_t revoked = db_col_int64(st, 17);

			json_object_set_new(row, "cert_status", json_string(cert_standing(st)));
			json_object_set_new(row, "revoked_at", revoked ? json_integer(revoked) :
			    json_null());
			json_object_set_new(row, "revoke_reason", revoked &&
			    db_col_text(st, 18) != NULL ?
			    json_string(db_col_text(st, 18)) : json_null());
		}
	}
	db_end(st);
	return out;
}

/* A number for JSON: null when undefined. */
static json_t *
num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

struct item_info {
	int64_t item_id;
	char *key, *title, *type;
	struct question *q;	/* the first version seen: for choices */
	double *gap_sum;	/* cloze: per gap, the sum of its fractions */
	int gap_n;		/* and the attempts that had the item */
	int section;		/* the exam's section it was first drawn for */
	int64_t *versions;	/* the versions graded, for their codes */
	size_t nversions;
};

/* The competency codes of info's graded versions, sorted, distinct. */
static json_t *
item_codes(struct store *s, const struct item_info *info)
{
	static const char sql[] =
	    "SELECT code FROM item_competencies WHERE item_version_id = ?";
	json_t *out = json_array(), *v;
	size_t i, k;

	for (i = 0; i < info->nversions; i++) {
		struct stmt *st = db_stmt_int(store_db(s), sql, info->versions[i]);

		while (db_row(st)) {
			const char *code = db_col_text(st, 0);
			int have = 0;

			json_array_foreach(out, k, v)
				have |= strcmp(json_string_value(v), code) == 0;
			if (!have) {
				for (k = 0; k < json_array_size(out) && strcmp(json_string_value(
				    json_array_get(out, k)), code) < 0; k++)
					;
				json_array_insert_new(out, k, json_string(code));
			}
		}
		db_end(st);
	}
	return out;
}

/* Adds one attempt's gap fractions (clamped to 0..1, as facility) of the
 * cloze in info, from its drawn layout and stored response, to
 * info->gap_sum; an unanswered gap adds 0. */
static void
gap_observe(struct arena *a, struct item_info *info, const char *layout,
    const char *resp)
{
	const struct question *q = info->q;
	json_t *lay = json_loads(layout ? layout : "{}", 0, NULL);
	json_t *rj = resp ? json_loads(resp, JSON_DECODE_ANY, NULL) : NULL;
	struct response r;
	const char *err;

	if (info->gap_sum == NULL)
		info->gap_sum = arena_alloc(a, (q->ngaps + 1) *
		    sizeof *info->gap_sum);
	info->gap_n++;
	if (form_response(q, lay, rj, a, &r, &err) == 0 && r.given)
		for (size_t k = 0; k < q->ngaps && k < r.ncloze_gaps; k++) {
			struct question g;
			double f;

			grade_gap_question(q, &q->gaps[k], &g);
			f = grade_fraction(&g, &r.cloze_gaps[k]);
			info->gap_sum[k] += f < 0 ? 0 : f > 1 ? 1 : f;
		}
	json_decref(lay);
	json_decref(rj);
}

/* A cloze item's figures per gap: [{"gap","kind","weight","n",
 * "facility"}], facility the mean fraction of the gap. */
static json_t *
gap_stats(const struct item_info *info)
{
	json_t *arr = json_array();

	for (size_t k = 0; info->q != NULL && k < info->q->ngaps; k++)
		json_array_append_new(arr, json_pack("{s:i, s:s, s:f, s:i, s:o}",
		    "gap", (int)k + 1, "kind", q_gap_kind_name(info->q->gaps[k].kind),
		    "weight", info->q->gaps[k].weight, "n", info->gap_n,
		    "facility", num(info->gap_n > 0 && info->gap_sum != NULL ?
		    info->gap_sum[k] / info->gap_n : NAN)));
	return arr;
}

json_t *
results_item_stats(struct store *s, const char *exam)
{
	static const char sql[] =
	    "SELECT a.id, a.lang, iv.item_id, it.key, iv.data, ai.fraction, ai.layout, r.response, "
	    "a.percent, ai.section, coalesce(ai.graded_version_id, ai.item_version_id) "
	    "FROM attempt_items ai JOIN attempts a ON a.id = ai.attempt_id "
	    "JOIN item_versions iv ON iv.id = ai.item_version_id "
	    "JOIN items it ON it.id = iv.item_id "
	    "LEFT JOIN responses r ON r.attempt_id = ai.attempt_id AND r.position = ai.position "
	    "WHERE a.exam_id = ? AND a.state != 'running' AND ai.fraction IS NOT NULL "
	    "ORDER BY a.id, ai.position";
	static const char *const flag_names[] = { "negative_discrimination",
	    "low_discrimination", "too_easy", "too_hard", "dead_distractor", "language_gap" };
	struct arena *a = arena_new();
	struct stmt *st = db_stmt_text(store_db(s), sql, exam);
	struct stats_obs *obs = NULL;
	struct item_info *info = NULL;
	int64_t *attempts = NULL, last = -1;
	double *percents = NULL;
	size_t nobs = 0, ninfo = 0, natt = 0;
	struct stats_item *items;
	struct stats_test test;
	int *choices, *keys, hist[10] = { 0 };
	double *max;
	json_t *out, *arr;

	while (db_row(st)) {
		int64_t aid = db_col_int64(st, 0), iid = db_col_int64(st, 2);
		size_t k;

		if (aid != last) {
			attempts = arena_grow(a, attempts, natt, natt + 1, sizeof *attempts);
			percents = arena_grow(a, percents, natt, natt + 1, sizeof *percents);
			attempts[natt] = aid;
			percents[natt] = db_col_double(st, 8);
			natt++;
			last = aid;
		}
		for (k = 0; k < ninfo && info[k].item_id != iid; k++)
			;
		if (k == ninfo) {
			info = arena_grow(a, info, ninfo, ninfo + 1, sizeof *info);
			info[k].item_id = iid;
			info[k].key = arena_strdup(a, db_col_text(st, 3));
			info[k].q = NULL;
			info[k].gap_sum = NULL;
			info[k].gap_n = 0;
			info[k].section = db_col_int(st, 9);
			info[k].versions = NULL;
			info[k].nversions = 0;
			{
				struct q_bank qb;
				json_t *j = json_loads(db_col_text(st, 4), 0, NULL);

				q_bank_init(&qb, a, "stats");
				if (j != NULL && q_from_json(&qb, j, 0) == 0 && qb.n == 1)
					info[k].q = &qb.q[0];
				json_decref(j);
			}
			info[k].title = info[k].q && info[k].q->title ? info[k].q->title : info[k].key;
			info[k].type = (char *)(uintptr_t)(info[k].q ? q_type_name(info[k].q->type) : "");
			ninfo++;
		}
		{
			int64_t v = db_col_int64(st, 10);
			size_t x;

			for (x = 0; x < info[k].nversions && info[k].versions[x] != v; x++)
				;
			if (x == info[k].nversions) {
				info[k].versions = arena_grow(a, info[k].versions, x, x + 1,
				    sizeof *info[k].versions);
				info[k].versions[info[k].nversions++] = v;
			}
		}
		obs = arena_grow(a, obs, nobs, nobs + 1, sizeof *obs);
		obs[nobs].attempt = (int)natt - 1;
		obs[nobs].item = (int)k;
		obs[nobs].fraction = db_col_double(st, 5);
		obs[nobs].lang = strcmp(db_col_text(st, 1), "zh-TW") == 0 ? 0 : 1;
		obs[nobs].choice = -1;
		if (info[k].q != NULL && info[k].q->type == Q_MULTICHOICE && info[k].q->single &&
		    db_col_type(st, 7) != DB_NULL) {
			json_t *lay = json_loads(db_col_text(st, 6), 0, NULL);
			json_t *resp = json_loads(db_col_text(st, 7),
			    JSON_DECODE_ANY, NULL);
			struct response r;
			const char *err;

			/* A layout maps shown ids to the question's answers,
			 * the same in every version of one shape. */
			if (form_response(info[k].q, lay, resp, a, &r, &err) == 0 && r.given)
				obs[nobs].choice = r.choice;
			json_decref(lay);
			json_decref(resp);
		}
		if (info[k].q != NULL && info[k].q->type == Q_CLOZE)
			gap_observe(a, &info[k], db_col_text(st, 6),
			    db_col_text(st, 7));
		nobs++;
	}
	db_end(st);
	items = arena_alloc(a, (ninfo + 1) * sizeof *items);
	choices = arena_alloc(a, (ninfo + 1) * sizeof *choices);
	keys = arena_alloc(a, (ninfo + 1) * sizeof *keys);
	max = arena_alloc(a, (ninfo + 1) * sizeof *max);
	for (size_t k = 0; k < ninfo; k++) {
		const struct question *q = info[k].q;

		keys[k] = -1;
		max[k] = q ? q->default_mark : 1;
		if (q != NULL && q->type == Q_MULTICHOICE && q->single) {
			choices[k] = (int)q->nanswers;
			for (size_t i = 0; i < q->nanswers; i++)
				if (q->answers[i].fraction >= 1.0 - 1e-9)
					keys[k] = (int)i;
		}
	}
	stats_compute(a, obs, nobs, (int)natt, (int)ninfo, choices, keys, max, items, &test);
	for (size_t i = 0; i < natt; i++)
		hist[percents[i] >= 100 ? 9 : percents[i] < 0 ? 0 : (int)(percents[i] / 10)]++;
	arr = json_array();
	for (size_t k = 0; k < ninfo; k++) {
		json_t *it = json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o}",
		    "id", info[k].key, "title", info[k].title, "type", info[k].type,
		    "n", items[k].n, "facility", num(items[k].facility),
		    "discrimination", num(items[k].discrimination),
		    "efficiency", num(items[k].efficiency),
		    "facility_zh", num(items[k].facility_lang[0]),
		    "facility_en", num(items[k].facility_lang[1]));
		json_t *flags = json_array(), *ch = json_array();

		for (int f = 0; f < 6; f++)
			if (items[k].flags & (1u << f))
				json_array_append_new(flags, json_string(flag_names[f]));
		for (int c = 0; c < items[k].nchoices && info[k].q != NULL &&
		    (size_t)c < info[k].q->nanswers; c++)
			json_array_append_new(ch, json_pack("{s:s, s:b, s:i, s:i, s:i}",
			    "text", info[k].q->answers[c].text ? info[k].q->answers[c].text : "",
			    "key", c == keys[k], "picked", items[k].picked[c],
			    "top", items[k].picked_top[c], "bottom", items[k].picked_bottom[c]));
		json_object_set_new(it, "flags", flags);
		json_object_set_new(it, "choices", ch);
		json_object_set_new(it, "section", json_integer(info[k].section + 1));
		json_object_set_new(it, "competencies", item_codes(s, &info[k]));
		if (info[k].q != NULL && info[k].q->type == Q_CLOZE)
			json_object_set_new(it, "gaps", gap_stats(&info[k]));
		json_array_append_new(arr, it);
	}
	out = json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "n", test.nattempts,
	    "mean", num(test.mean), "sd", num(test.sd), "alpha", num(test.alpha),
	    "sem", num(test.sem), "error_ratio", num(test.error_ratio),
	    "histogram", json_pack("[iiiiiiiiii]", hist[0], hist[1], hist[2], hist[3],
	    hist[4], hist[5], hist[6], hist[7], hist[8], hist[9]), "items", arr);
	arena_free(a);
	return out;
}

json_t *
results_regrade(struct store *s, const char *exam, int apply)
{
	static const char sql[] =
	    "SELECT a.id, a.public_id, u.login, u.name FROM attempts a "
	    "JOIN users u ON u.id = a.user_id WHERE a.exam_id = ? AND a.state != 'running' "
	    "ORDER BY a.id";
	struct arena *a = arena_new();
	struct stmt *st = db_stmt_text(store_db(s), sql, exam);
	struct row { int64_t id; char *pid, *login, *name; } *rows = NULL;
	size_t n = 0;
	json_t *out = json_array();

	/* Read the list first: regrading writes, and reuses statements. */
	while (db_row(st)) {
		rows = arena_grow(a, rows, n, n + 1, sizeof *rows);
		rows[n].id = db_col_int64(st, 0);
		rows[n].pid = arena_strdup(a, db_col_text(st, 1));
		rows[n].login = arena_strdup(a, db_col_text(st, 2));
		rows[n].name = arena_strdup(a, db_col_text(st, 3));
		n++;
	}
	db_end(st);
	for (size_t i = 0; i < n; i++) {
		struct attempt_regrade rg;

		if (attempt_regrade(s, rows[i].id, apply, &rg) != 0 ||
		    fabs(rg.after - rg.before) < 1e-9)
			continue;
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:f, s:f, s:b, s:b}",
		    "id", rows[i].pid, "login", rows[i].login, "name", rows[i].name,
		    "before", rg.before, "after", rg.after,
		    "passed_before", rg.passed_before, "passed_after", rg.passed_after));
	}
	arena_free(a);
	return out;
}

static int
same_text(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

/* What differs from question was to now, as words of the console's
 * catalog suffix: "key", "answers" (texts, values), "text" (stem,
 * title), "shape" (type or number of parts: graded as shown). */
static json_t *
question_changes(const struct question *was, const struct question *now)
{
	json_t *what = json_array();
	int key = 0, answers = 0;

	if (was == NULL || now == NULL || was->type != now->type ||
	    was->nanswers != now->nanswers || was->npairs != now->npairs ||
	    was->single != now->single || was->nchoices != now->nchoices) {
		json_array_append_new(what, json_string("shape"));
		return what;
	}
	for (size_t i = 0; i < was->nanswers; i++) {
		key |= fabs(was->answers[i].fraction - now->answers[i].fraction) > 1e-9 ||
		    fabs(was->answers[i].tolerance - now->answers[i].tolerance) > 1e-9 ||
		    fabs(was->answers[i].value - now->answers[i].value) > 1e-9;
		answers |= !same_text(was->answers[i].text, now->answers[i].text);
	}
	for (size_t i = 0; i < was->npairs; i++) {
		key |= !same_text(was->pairs[i].answer, now->pairs[i].answer);
		answers |= !same_text(was->pairs[i].sub, now->pairs[i].sub);
	}
	if (key)
		json_array_append_new(what, json_string("key"));
	if (answers)
		json_array_append_new(what, json_string("answers"));
	if (!same_text(was->text, now->text) || !same_text(was->title, now->title))
		json_array_append_new(what, json_string("text"));
	if (json_array_size(what) == 0)
		json_array_append_new(what, json_string("other"));
	return what;
}

json_t *
results_regrade_items(struct store *s, const char *exam)
{
	static const char sql[] =
	    "SELECT i.key, iv.lang, iv.data, nv.data, count(DISTINCT ai.attempt_id), "
	    "min(ai.position) FROM attempts a "
	    "JOIN attempt_items ai ON ai.attempt_id = a.id "
	    "JOIN item_versions iv ON iv.id = ai.item_version_id "
	    "JOIN items i ON i.id = iv.item_id "
	    "JOIN item_versions nv ON nv.id = (SELECT max(id) FROM item_versions "
	    "  WHERE item_id = iv.item_id AND lang = iv.lang) "
	    "WHERE a.exam_id = ? AND a.state != 'running' AND nv.id != iv.id "
	    "GROUP BY iv.id, i.id, nv.id ORDER BY i.key, iv.lang = 'zh-TW' DESC, iv.lang";
	struct arena *a = arena_new();
	struct stmt *st = db_stmt_text(store_db(s), sql, exam);
	json_t *out = json_array();

	while (db_row(st)) {
		const struct question *q[2] = { NULL, NULL };

		for (int k = 0; k < 2; k++) {
			struct q_bank *qb = arena_alloc(a, sizeof *qb);
			json_t *j = json_loads(db_col_text(st, 2 + k), 0, NULL);

			q_bank_init(qb, a, "regrade");
			if (j != NULL && q_from_json(qb, j, 0) == 0 && qb->n == 1)
				q[k] = &qb->q[0];
			json_decref(j);
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:i, s:o}",
		    "key", db_col_text(st, 0),
		    "lang", db_col_text(st, 1),
		    "title", q[1] && q[1]->title ? q[1]->title : q[0] && q[0]->title ? q[0]->title :
		    db_col_text(st, 0),
		    "attempts", db_col_int(st, 4), "changes", question_changes(q[0], q[1])));
	}
	db_end(st);
	arena_free(a);
	return out;
}

json_t *
results_events(struct store *s, const char *attempt)
{
	static const char sql[] =
	    "SELECT e.at AS at_ms, e.kind AS kind, e.detail AS detail FROM integrity_events e "
	    "JOIN attempts a ON a.id = e.attempt_id WHERE a.public_id = ? ORDER BY e.id";

	return db_json_rows(db_stmt_text(store_db(s), sql, attempt));
}

json_t *
results_counts(struct store *s)
{
	static const char sql[] =
	    "SELECT exam_id, count(*), sum(state != 'running'), "
	    "sum(state != 'running' AND passed) FROM attempts GROUP BY exam_id";
	struct stmt *st = db_stmt(store_db(s), sql);
	json_t *out = json_object();

	while (db_row(st))
		json_object_set_new(out, db_col_text(st, 0),
		    json_pack("{s:i, s:i, s:i}", "attempts", db_col_int(st, 1),
		    "finished", db_col_int(st, 2), "passed", db_col_int(st, 3)));
	db_end(st);
	return out;
}

json_t *
results_user(struct store *s, int64_t user, const char *lang)
{
	static const char sql[] =
	    "SELECT public_id, exam_id, state, percent, passed, started_at, exam_def, "
	    "score, max_score, finished_at "
	    "FROM attempts WHERE user_id = ? ORDER BY started_at DESC LIMIT 200";
	struct stmt *st = db_stmt_int(store_db(s), sql, user);
	json_t *out = json_array();

	while (db_row(st)) {
		json_t *def = json_loads(db_col_text(st, 6), 0, NULL);
		const char *state = db_col_text(st, 2);
		const char *exam = db_col_text(st, 1);
		const char *title = json_string_value(json_object_get(json_object_get(def, "title"),
		    lang));
		int running = strcmp(state, "running") == 0;

		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:I, s:o, s:o, "
		    "s:o}",
		    "id", db_col_text(st, 0), "exam_id", exam,
		    "title", title ? title : exam, "state", state,
		    "percent", running ? json_null() : json_real(db_col_double(st, 3)),
		    "passed", !running && db_col_int(st, 4),
		    "started_at", (json_int_t)db_col_int64(st, 5),
		    "score", running ? json_null() : json_real(db_col_double(st, 7)),
		    "max_score", running ? json_null() : json_real(db_col_double(st, 8)),
		    "finished_at", db_col_type(st, 9) == DB_NULL ? json_null() :
		    json_integer(db_col_int64(st, 9))));
		json_decref(def);
	}
	db_end(st);
	return out;
}
