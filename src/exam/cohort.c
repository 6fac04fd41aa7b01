/*
 * cohort.c - a cohort's percent per competency and column; see cohort.h.
 *
 * One SQL read per grouping does the work: each learner's last submitted
 * attempt per column (a window over attempts of the exam), its items
 * (attempt_items by primary key), the version each was graded with, its
 * codes (item_competencies by primary key) and every ancestor of each
 * code (a recursive walk of competency_current, a few hundred rows at
 * most). An item counts once per ancestor even when two of its codes
 * share it. The columns' learners come from a second, smaller read.
 */
#include "cohort.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

/* Each learner's last submitted attempt per column COL (an expression
 * over attempts a; ?2 is the issuer's offset in seconds). */
#define PICKED(COL) \
	"picked(id, user_id, col) AS (SELECT id, user_id, col FROM (" \
	" SELECT a.id, a.user_id, " COL " AS col, row_number() OVER (" \
	"  PARTITION BY a.user_id, " COL " ORDER BY a.finished_at DESC, a.id DESC) AS rn" \
	" FROM attempts a WHERE a.exam_id = ?1 AND a.state != 'running'" \
	" AND a.percent IS NOT NULL AND ?2 IS NOT NULL) WHERE rn = 1)"

#define CELLS(COL) \
	"WITH RECURSIVE cur(code, parent) AS MATERIALIZED (" \
	" SELECT code, parent FROM competency_current)," \
	"anc(code, up) AS (SELECT code, code FROM cur UNION" \
	" SELECT anc.code, cur.parent FROM anc JOIN cur ON cur.code = anc.up" \
	" WHERE cur.parent IS NOT NULL)," \
	PICKED(COL) "," \
	"obs AS (SELECT DISTINCT p.col, p.user_id, p.id, ai.position, iv.item_id, an.up," \
	" max(0.0, min(1.0, ai.fraction)) AS f," \
	" coalesce(json_extract(iv.data, '$.default_mark'), 1.0) AS w" \
	" FROM picked p JOIN attempt_items ai ON ai.attempt_id = p.id" \
	" JOIN item_versions iv ON iv.id = coalesce(ai.graded_version_id, ai.item_version_id)" \
	" JOIN item_competencies ic ON ic.item_version_id = iv.id" \
	" JOIN anc an ON an.code = ic.code WHERE ai.fraction IS NOT NULL) " \
	"SELECT col, up, sum(f * w), sum(w), count(DISTINCT user_id)," \
	" count(DISTINCT item_id) FROM obs GROUP BY col, up"

#define LEARNERS(COL) \
	"WITH " PICKED(COL) " SELECT col, count(*) FROM picked GROUP BY col"

#define COL_ALL "'all'"
#define COL_SITTING "CASE WHEN a.sitting_id IS NULL THEN 'none' ELSE 's' || a.sitting_id END"
#define COL_MONTH "'m' || strftime('%Y-%m', a.finished_at / 1000 + ?2, 'unixepoch')"

static const char cells_all[] = CELLS(COL_ALL);
static const char cells_sitting[] = CELLS(COL_SITTING);
static const char cells_month[] = CELLS(COL_MONTH);
static const char learners_all[] = LEARNERS(COL_ALL);
static const char learners_sitting[] = LEARNERS(COL_SITTING);
static const char learners_month[] = LEARNERS(COL_MONTH);

static const char competencies_sql[] =
    "SELECT c.framework_id, c.code, c.title_en, c.title_zh, c.parent "
    "FROM competency_current c ORDER BY c.framework_id, c.position, c.code";

static const char sittings_sql[] =
    "SELECT id, name FROM sittings WHERE exam_id = ?1 ORDER BY coalesce(opens_at, 0), id";

static sqlite3_stmt *
bind(struct store *s, const char *sql, const char *exam)
{
	sqlite3_stmt *st = db_stmt_text(store_db(s), sql, exam);

	if (st != NULL)
		sqlite3_bind_int64(st, 2, timefmt_offset());
	return st;
}

/* {"col": learners} of one grouping, added to into. */
static void
read_learners(struct store *s, const char *sql, const char *exam, json_t *into)
{
	sqlite3_stmt *st = bind(s, sql, exam);

	while (db_row(st))
		json_object_set_new(into, (const char *)sqlite3_column_text(st, 0),
		    json_integer(sqlite3_column_int64(st, 1)));
	db_end(st);
}

/* {"code": {"col": [score, max, learners, items]}} of one grouping,
 * added to into. */
static void
read_cells(struct store *s, const char *sql, const char *exam, json_t *into)
{
	sqlite3_stmt *st = bind(s, sql, exam);

	while (db_row(st)) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		json_t *row = json_object_get(into, code);

		if (col == NULL || code == NULL)
			continue;
		if (row == NULL) {
			row = json_object();
			json_object_set_new(into, code, row);
		}
		json_object_set_new(row, col, json_pack("[f, f, I, I]",
		    sqlite3_column_double(st, 2), sqlite3_column_double(st, 3),
		    (json_int_t)sqlite3_column_int64(st, 4), (json_int_t)sqlite3_column_int64(st, 5)));
	}
	db_end(st);
}

/* The columns: all, then the grouping's in their order, each with
 * learners. */
static json_t *
columns(struct store *s, const char *exam, enum cohort_by by, json_t *learners)
{
	json_t *cols = json_array(), *n;
	const char *key;
	void *tmp;

	json_array_append_new(cols, json_pack("{s:s, s:n, s:I}", "key", "all", "name",
	    "learners", json_integer_value(json_object_get(learners, "all"))));
	if (by == COHORT_BY_SITTING) {
		sqlite3_stmt *st = db_stmt_text(store_db(s), sittings_sql, exam);

		while (db_row(st)) {
			char k[32];

			snprintf(k, sizeof k, "s%lld", (long long)sqlite3_column_int64(st, 0));
			if ((n = json_object_get(learners, k)) != NULL)
				json_array_append_new(cols, json_pack("{s:s, s:s, s:O}", "key", k,
				    "name", (const char *)sqlite3_column_text(st, 1), "learners", n));
		}
		db_end(st);
		if ((n = json_object_get(learners, "none")) != NULL)
			json_array_append_new(cols, json_pack("{s:s, s:n, s:O}", "key", "none",
			    "name", "learners", n));
		return cols;
	}
	/* months: the object's keys sorted */
	{
		const char **keys = calloc(json_object_size(learners) + 1, sizeof *keys);
		size_t m = 0;

		json_object_foreach_safe(learners, tmp, key, n)
			if (keys != NULL && key[0] == 'm')
				keys[m++] = key;
		for (size_t i = 1; i < m; i++)
			for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
				const char *t = keys[j];

				keys[j] = keys[j - 1];
				keys[j - 1] = t;
			}
		for (size_t i = 0; i < m; i++)
			json_array_append_new(cols, json_pack("{s:s, s:s, s:O}", "key", keys[i],
			    "name", keys[i] + 1, "learners", json_object_get(learners, keys[i])));
		free(keys);
	}
	return cols;
}

/* Appends to out, depth first, code's children among comps (one
 * framework's rows in position order) and theirs. */
static void
tree(json_t *comps, const char *parent, int depth, json_t *out)
{
	size_t i;
	json_t *c;

	if (depth > 32)
		return;		/* a cycle in a broken framework */
	json_array_foreach(comps, i, c) {
		const char *p = json_string_value(json_object_get(c, "parent"));

		if ((parent == NULL) ? (p == NULL || p[0] == '\0') : (p != NULL &&
		    strcmp(p, parent) == 0)) {
			json_object_set_new(c, "depth", json_integer(depth));
			json_array_append(out, c);
			tree(comps, json_string_value(json_object_get(c, "code")), depth + 1, out);
		}
	}
}

json_t *
cohort_compute(struct store *s, const char *exam, enum cohort_by by)
{
	json_t *learners = json_object(), *cells = json_object(), *cols, *rows, *fw;
	json_t *out, *c, *comps;
	sqlite3_stmt *st;
	const char *fid;
	size_t i, k;

	read_learners(s, learners_all, exam, learners);
	read_cells(s, cells_all, exam, cells);
	read_learners(s, by == COHORT_BY_MONTH ? learners_month : learners_sitting, exam,
	    learners);
	read_cells(s, by == COHORT_BY_MONTH ? cells_month : cells_sitting, exam, cells);
	cols = columns(s, exam, by, learners);
	/* every framework's competencies, kept when one of them has data */
	fw = json_object();
	st = db_stmt(store_db(s), competencies_sql);
	while (db_row(st)) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		json_t *list = json_object_get(fw, f);

		if (list == NULL) {
			list = json_array();
			json_object_set_new(fw, f, list);
		}
		json_array_append_new(list, json_pack("{s:s, s:s, s:{s:s, s:s}, s:s?}",
		    "code", (const char *)sqlite3_column_text(st, 1), "framework", f,
		    "title", "en", (const char *)sqlite3_column_text(st, 2),
		    "zh-TW", (const char *)sqlite3_column_text(st, 3),
		    "parent", (const char *)sqlite3_column_text(st, 4)));
	}
	db_end(st);
	rows = json_array();
	{
		/* frameworks in id order, as the read gave them */
		const char **ids = calloc(json_object_size(fw) + 1, sizeof *ids);
		size_t n = 0;
		void *tmp;

		json_object_foreach_safe(fw, tmp, fid, comps)
			if (ids != NULL)
				ids[n++] = fid;
		for (size_t x = 1; x < n; x++)
			for (size_t y = x; y > 0 && strcmp(ids[y - 1], ids[y]) > 0; y--) {
				const char *t = ids[y];

				ids[y] = ids[y - 1];
				ids[y - 1] = t;
			}
		for (size_t x = 0; x < n; x++) {
			int used = 0;

			comps = json_object_get(fw, ids[x]);
			json_array_foreach(comps, i, c)
				used |= json_object_get(cells, json_string_value(json_object_get(c,
				    "code"))) != NULL;
			if (used)
				tree(comps, NULL, 0, rows);
		}
		free(ids);
	}
	json_array_foreach(rows, i, c) {
		json_t *mine = json_object_get(cells, json_string_value(json_object_get(c, "code")));
		json_t *list = json_array(), *col;

		json_array_foreach(cols, k, col) {
			const char *key = json_string_value(json_object_get(col, "key"));
			json_t *v = json_object_get(mine, key);
			double score = v ? json_real_value(json_array_get(v, 0)) : 0;
			double max = v ? json_real_value(json_array_get(v, 1)) : 0;
			json_int_t nl = v ? json_integer_value(json_array_get(v, 2)) : 0;

			json_array_append_new(list, json_pack("{s:s, s:o, s:f, s:f, s:I, s:I, s:b}",
			    "column", key,
			    "percent", max > 0 ? json_real(100.0 * score / max) : json_null(),
			    "score", score, "max", max, "learners", nl,
			    "items", v ? json_integer_value(json_array_get(v, 3)) : 0,
			    "too_few", nl < COHORT_MIN_LEARNERS));
		}
		json_object_set_new(c, "cells", list);
		json_object_set_new(c, "order", json_integer((json_int_t)i));
		json_object_set_new(c, "parent", json_object_get(c, "parent") ?
		    json_incref(json_object_get(c, "parent")) : json_null());
	}
	out = json_pack("{s:s, s:s, s:s, s:i, s:o, s:o}", "exam", exam,
	    "by", by == COHORT_BY_MONTH ? "month" : "sitting", "attempts", "last",
	    "min_learners", COHORT_MIN_LEARNERS, "columns", cols, "competencies", rows);
	json_decref(fw);
	json_decref(learners);
	json_decref(cells);
	return out;
}

/* ---- sorting ---- */

struct sort_row {
	json_t *row;
	size_t order;		/* framework order */
	int has;		/* a percent in the column */
	double percent;
	const char *framework;
	size_t fw_first;	/* the order of the framework's first row */
};

static int sort_desc;

static int
cmp_rows(const void *x, const void *y)
{
	const struct sort_row *a = x, *b = y;

	if (a->fw_first != b->fw_first)
		return a->fw_first < b->fw_first ? -1 : 1;
	if (a->has != b->has)
		return a->has ? -1 : 1;
	if (a->has && fabs(a->percent - b->percent) > 1e-9)
		return (a->percent < b->percent) != sort_desc ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

int
cohort_sort(json_t *c, const char *key, int desc)
{
	json_t *rows = json_object_get(c, "competencies"), *col, *row;
	size_t ci = 0, n = json_array_size(rows), i;
	int by_code = strcmp(key, "code") == 0, found = by_code;
	struct sort_row *sr;

	json_array_foreach(json_object_get(c, "columns"), i, col)
		if (!found && strcmp(json_string_value(json_object_get(col, "key")), key) == 0) {
			ci = i;
			found = 1;
		}
	if (!found)
		return -1;
	if ((sr = calloc(n + 1, sizeof *sr)) == NULL)
		return 0;
	json_array_foreach(rows, i, row) {
		json_t *p = json_object_get(json_array_get(json_object_get(row, "cells"), ci),
		    "percent");
		const char *f = json_string_value(json_object_get(row, "framework"));

		sr[i].row = json_incref(row);
		sr[i].order = (size_t)json_integer_value(json_object_get(row, "order"));
		sr[i].has = !by_code && json_is_number(p);
		sr[i].percent = json_number_value(p);
		sr[i].framework = f;
	}
	for (i = 0; i < n; i++) {
		sr[i].fw_first = sr[i].order;
		for (size_t k = 0; k < n; k++)
			if (strcmp(sr[k].framework, sr[i].framework) == 0 && sr[k].order < sr[i].fw_first)
				sr[i].fw_first = sr[k].order;
	}
	sort_desc = by_code ? 0 : desc;
	qsort(sr, n, sizeof *sr, cmp_rows);
	for (i = 0; i < n; i++) {
		json_array_set(rows, i, sr[i].row);
		json_decref(sr[i].row);
	}
	free(sr);
	return 0;
}

/* ---- CSV ---- */

/* One CSV cell: quoted when needed; a leading = + - @ (a formula to a
 * spreadsheet) is defused with an apostrophe. */
static void
csv_cell(struct buf *b, const char *s, int last)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_str(b, "\"");
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		buf_str(b, "'");
	for (; *s; s++) {
		if (*s == '"')
			buf_str(b, "\"\"");
		else
			buf_raw(b, s, 1);
	}
	if (quote)
		buf_str(b, "\"");
	buf_str(b, last ? "\r\n" : ",");
}

void
cohort_csv(const json_t *c, struct buf *out)
{
	static const char *const head[] = { "framework", "code", "parent", "title_en",
	    "title_zh" };
	const json_t *cols = json_object_get(c, "columns"), *col, *row, *cell;
	size_t i, k, ncols = json_array_size(cols);
	char num[64];

	buf_str(out, "\xEF\xBB\xBF");	/* UTF-8 BOM: Excel then reads Chinese */
	for (i = 0; i < sizeof head / sizeof *head; i++)
		csv_cell(out, head[i], 0);
	/* column names stay English: scripts read them */
	json_array_foreach(cols, i, col) {
		const char *key = json_string_value(json_object_get(col, "key"));
		const char *name = strcmp(key, "all") == 0 ? "all learners" :
		    strcmp(key, "none") == 0 ? "no sitting" :
		    json_string_value(json_object_get(col, "name"));
		static const char *const what[] = { "percent", "learners", "items" };

		for (k = 0; k < 3; k++) {
			struct buf h = BUF_INIT;

			buf_str(&h, name ? name : key);
			buf_str(&h, " ");
			buf_str(&h, what[k]);
			csv_cell(out, h.data ? h.data : "", i == ncols - 1 && k == 2);
			buf_free(&h);
		}
	}
	if (ncols == 0)
		buf_str(out, "\r\n");
	json_array_foreach(json_object_get(c, "competencies"), i, row) {
		const json_t *t = json_object_get(row, "title");
		const char *parent = json_string_value(json_object_get(row, "parent"));

		csv_cell(out, json_string_value(json_object_get(row, "framework")), 0);
		csv_cell(out, json_string_value(json_object_get(row, "code")), 0);
		csv_cell(out, parent ? parent : "", 0);
		csv_cell(out, json_string_value(json_object_get(t, "en")), 0);
		csv_cell(out, json_string_value(json_object_get(t, "zh-TW")), ncols == 0);
		json_array_foreach(json_object_get(row, "cells"), k, cell) {
			const json_t *p = json_object_get(cell, "percent");
			int last = k == ncols - 1;

			if (json_is_number(p))
				snprintf(num, sizeof num, "%.1f", json_number_value(p));
			csv_cell(out, json_is_number(p) ? num : "", 0);
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(
			    json_object_get(cell, "learners")));
			csv_cell(out, num, 0);
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(
			    json_object_get(cell, "items")));
			csv_cell(out, num, last);
		}
	}
}
