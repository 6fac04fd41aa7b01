/*
 * competency_score.c - an attempt's result per competency (see
 * competency_score.h). Reads item_competencies (the codes each item
 * version carries) and competency_current (what a code means today);
 * grading (attempt_grade.c) stores the outcome with the result, so a
 * later framework version leaves it as it was. Read only.
 */
#include "competency_score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


/* One competency's running sums. */
struct tally {
	char *code;
	double score, max;
	int items;
};

struct tallies {
	struct tally *t;
	size_t n, cap;
};

static struct tally *
tally_of(struct tallies *ts, const char *code)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].code, code) == 0)
			return &ts->t[i];
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? 2 * ts->cap : 16;
		struct tally *t = realloc(ts->t, cap * sizeof *t);

		if (t == NULL)
			return NULL;
		ts->t = t;
		ts->cap = cap;
	}
	ts->t[ts->n] = (struct tally){ strdup(code), 0, 0, 0 };
	if (ts->t[ts->n].code == NULL)
		return NULL;
	return &ts->t[ts->n++];
}

static void
tallies_free(struct tallies *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		free(ts->t[i].code);
	free(ts->t);
}

json_t *
competency_score(struct db *d, const int64_t *version, const double *fraction,
    const double *mark, size_t n)
{
	/* The codes an item version carries and all their ancestors, once
	 * each (UNION drops repeats: two children of one area count the item
	 * once in the area). */
	static const char up[] =
	    "WITH RECURSIVE up(fw, code, parent) AS ("
	    " SELECT c.framework_id, c.code, c.parent FROM item_competencies ic"
	    " JOIN competency_current c ON c.code = ic.code WHERE ic.item_version_id = ?"
	    " UNION SELECT c.framework_id, c.code, c.parent FROM competency_current c"
	    " JOIN up ON c.framework_id = up.fw AND c.code = up.parent)"
	    " SELECT code FROM up";
	/* Every competency of today's frameworks, depth first. */
	static const char order[] =
	    "WITH RECURSIVE t(fw, ver, code, en, zh, parent, path) AS ("
	    " SELECT framework_id, version, code, title_en, title_zh, parent,"
	    " printf('%010d', position) FROM competency_current WHERE parent IS NULL"
	    " UNION ALL SELECT c.framework_id, c.version, c.code, c.title_en, c.title_zh,"
	    " c.parent, t.path || '/' || printf('%010d', c.position)"
	    " FROM competency_current c JOIN t ON c.framework_id = t.fw AND c.parent = t.code)"
	    " SELECT fw, ver, code, en, zh, parent FROM t ORDER BY fw, path";
	struct tallies ts = { 0 };
	json_t *out = NULL;
	struct stmt *q;
	int ok = 1;

	for (size_t i = 0; i < n && ok; i++) {
		double w = mark[i] > 0 ? mark[i] : 0;
		double f = isnan(fraction[i]) ? 0 : fraction[i] < -1 ? -1 :
		    fraction[i] > 1 ? 1 : fraction[i];

		if ((q = db_stmt_int(d, up, version[i])) == NULL) {
			ok = 0;
			break;
		}
		while (db_row(q)) {
			struct tally *t = tally_of(&ts, db_col_text(q, 0));

			if (t == NULL) {
				ok = 0;
				break;
			}
			t->score += f * w;
			t->max += w;
			t->items++;
		}
		db_end(q);
	}
	if (!ok)
		goto done;
	out = json_array();
	if (ts.n == 0)
		goto done;
	if ((q = db_stmt(d, order)) == NULL) {
		json_decref(out);
		out = NULL;
		goto done;
	}
	while (db_row(q)) {
		const char *code = db_col_text(q, 2);
		struct tally *t = NULL;

		for (size_t i = 0; i < ts.n && t == NULL; i++)
			if (strcmp(ts.t[i].code, code) == 0)
				t = &ts.t[i];
		if (t == NULL)
			continue;
		json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:{s:s,s:s},s:s?,s:f,s:f,s:i}",
		    "code", code, "framework", db_col_text(q, 0),
		    "version", db_col_text(q, 1),
		    "title", "en", db_col_text(q, 3),
		    "zh-TW", db_col_text(q, 4),
		    "parent", db_col_text(q, 5),
		    "score", t->score < 0 ? 0 : t->score, "max", t->max, "items", t->items));
	}
	db_end(q);
done:
	tallies_free(&ts);
	return out;
}

/* Computes the competencies of an attempt graded before results kept
 * them, from the result's items and the versions graded. */
static json_t *
score_now(struct db *d, int64_t attempt, json_t *result)
{
	static const char versions[] =
	    "SELECT position, COALESCE(graded_version_id, item_version_id) "
	    "FROM attempt_items WHERE attempt_id = ?";
	json_t *items = json_object_get(result, "items"), *it, *out;
	size_t n = json_array_size(items), i;
	int64_t *v = calloc(n + 1, sizeof *v);
	double *f = calloc(n + 1, sizeof *f), *m = calloc(n + 1, sizeof *m);
	struct stmt *q;

	if (v == NULL || f == NULL || m == NULL || (q = db_stmt_int(d, versions, attempt)) == NULL) {
		out = NULL;
		goto done;
	}
	/* Result items are "i1".. in position order: item k is position k-1. */
	json_array_foreach(items, i, it) {
		f[i] = json_number_value(json_object_get(it, "fraction"));
		m[i] = json_number_value(json_object_get(it, "mark"));
	}
	while (db_row(q)) {
		int pos = db_col_int(q, 0);

		if (pos >= 0 && (size_t)pos < n)
			v[pos] = db_col_int64(q, 1);
	}
	db_end(q);
	out = competency_score(d, v, f, m, n);
done:
	free(v);
	free(f);
	free(m);
	return out;
}

json_t *
competency_result(struct db *d, int64_t attempt, const char *result_text,
    double pass_percent)
{
	json_t *result = result_text ? json_loads(result_text, 0, NULL) : NULL;
	json_t *stored = json_object_get(result, "competencies"), *out, *c;
	size_t i;

	if (json_is_array(stored))
		out = json_deep_copy(stored);
	else if (result != NULL)
		out = score_now(d, attempt, result);
	else
		out = NULL;
	json_decref(result);
	if (out == NULL)
		return json_array();
	json_array_foreach(out, i, c) {
		double score = json_number_value(json_object_get(c, "score"));
		double max = json_number_value(json_object_get(c, "max"));
		double pct = max > 0 ? 100 * score / max : 0;
		json_int_t items = json_integer_value(json_object_get(c, "items"));

		pct = pct < 0 ? 0 : pct > 100 ? 100 : pct;
		json_object_set_new(c, "percent", json_real(round(pct * 10) / 10));
		json_object_set_new(c, "band", json_string(items < COMPETENCY_MIN_ITEMS ?
		    "too_few" : pct + 1e-9 >= pass_percent ? "meets" : "not_yet"));
	}
	return out;
}
