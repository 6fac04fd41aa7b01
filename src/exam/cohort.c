/*
 * cohort.c - a cohort's percent per competency and column; see cohort.h.
 *
 * Two SQL reads do the work. One lists every tagged item version once
 * per competency at or above one of its codes (item_competencies and a
 * recursive walk up competency_current: a few thousand rows), with its
 * max marks, held in memory sorted by version. The other is one pass over
 * the items of the attempts that count: each learner's last submitted
 * attempt over all and in each column (two windows over the exam's
 * attempts), their items by attempt_items' primary key. C sums each
 * item's score into its cells as the rows come: on 10,000 attempts of 50
 * items, about 0.25 s on a busy two-core machine, where a GROUP BY in
 * SQL, which sorts a row per attempt, item and competency, took seconds.
 * An item counts once per competency even when two of its codes fall
 * under it. The columns' learners come from a third, smaller read.
 */
#include "cohort.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
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
	" AND a.percent IS NOT NULL AND ?2 IS NOT NULL) AS r WHERE rn = 1)"

/* Each tagged item version once per competency at or above one of its
 * codes (DISTINCT: a question tagged twice under one area counts once
 * for it), with its item and max marks: a few thousand rows for every
 * bank there is. */
static const char versions_sql[] =
    "WITH RECURSIVE cur(code, parent) AS MATERIALIZED ("
    " SELECT code, parent FROM competency_current),"
    "anc(code, up) AS (SELECT code, code FROM cur UNION"
    " SELECT anc.code, cur.parent FROM anc JOIN cur ON cur.code = anc.up"
    " WHERE cur.parent IS NOT NULL) "
    "SELECT DISTINCT ic.item_version_id, iv.item_id, an.up,"
    " coalesce(json_extract(iv.data, '$.default_mark'), 1.0)"
    " FROM item_competencies ic JOIN item_versions iv ON iv.id = ic.item_version_id"
    " JOIN anc an ON an.code = ic.code ORDER BY 1";

/* The items of the attempts that count: each learner's last over all
 * (in_all) and last in its column COL (in_col), one window pass over the
 * exam's attempts; their items by attempt_items' primary key, attempt by
 * attempt. */
#define ITEMS(COL) \
	"SELECT p.id, p.col, p.rn_all = 1, p.rn_col = 1," \
	" coalesce(ai.graded_version_id, ai.item_version_id), ai.fraction FROM (" \
	" SELECT id, col, rn_all, rn_col FROM (SELECT a.id, " COL " AS col," \
	"  row_number() OVER (PARTITION BY a.user_id" \
	"   ORDER BY a.finished_at DESC, a.id DESC) AS rn_all," \
	"  row_number() OVER (PARTITION BY a.user_id, " COL \
	"   ORDER BY a.finished_at DESC, a.id DESC) AS rn_col" \
	"  FROM attempts a WHERE a.exam_id = ?1 AND a.state != 'running'" \
	"  AND a.percent IS NOT NULL AND ?2 IS NOT NULL) AS r" \
	" WHERE rn_all = 1 OR rn_col = 1) p" \
	" JOIN attempt_items ai ON ai.attempt_id = p.id WHERE ai.fraction IS NOT NULL"

#define LEARNERS(COL) \
	"WITH " PICKED(COL) " SELECT col, count(*) FROM picked GROUP BY col"

#define COL_ALL "'all'"
#define COL_SITTING "CASE WHEN a.sitting_id IS NULL THEN 'none' ELSE 's' || a.sitting_id END"
#define COL_MONTH "'m' || strftime('%Y-%m', a.finished_at / 1000 + ?2, 'unixepoch')"

static const char items_sitting[] = ITEMS(COL_SITTING);
static const char items_month[] = ITEMS(COL_MONTH);
static const char learners_all[] = LEARNERS(COL_ALL);
static const char learners_sitting[] = LEARNERS(COL_SITTING);
static const char learners_month[] = LEARNERS(COL_MONTH);

static const char competencies_sql[] =
    "SELECT c.framework_id, c.code, c.title_en, c.title_zh, c.parent "
    "FROM competency_current c ORDER BY c.framework_id, c.position, c.code";

static const char sittings_sql[] =
    "SELECT id, name FROM sittings WHERE exam_id = ?1 ORDER BY coalesce(opens_at, 0), id";

static struct stmt *
bind(struct store *s, const char *sql, const char *exam)
{
	struct stmt *st = db_stmt_text(store_db(s), sql, exam);

	if (st != NULL)
		db_bind_int64(st, 2, timefmt_offset());
	return st;
}

/* {"col": learners} of one grouping, added to into. */
static void
read_learners(struct store *s, const char *sql, const char *exam, json_t *into)
{
	struct stmt *st = bind(s, sql, exam);

	while (db_row(st))
		json_object_set_new(into, db_col_text(st, 0),
		    json_integer(db_col_int64(st, 1)));
	db_end(st);
}

/* A set of 64-bit keys (open addressing, 0 never stored: keys are + 1). */
struct keyset {
	uint64_t *k;
	size_t n, cap;
};

/* 1 when key was new (and is now in s), 0 when it was there, -1 out of
 * memory. */
static int
keyset_add(struct keyset *s, uint64_t key)
{
	size_t i;

	key++;
	if ((s->n + 1) * 2 > s->cap) {
		struct keyset g = { NULL, 0, s->cap ? s->cap * 2 : 1024 };

		if ((g.k = calloc(g.cap, sizeof *g.k)) == NULL)
			return -1;
		for (i = 0; i < s->cap; i++)
			if (s->k[i] != 0) {
				size_t j = (size_t)(s->k[i] * 0x9E3779B97F4A7C15ull) & (g.cap - 1);

				while (g.k[j] != 0)
					j = (j + 1) & (g.cap - 1);
				g.k[j] = s->k[i];
				g.n++;
			}
		free(s->k);
		*s = g;
	}
	for (i = (size_t)(key * 0x9E3779B97F4A7C15ull) & (s->cap - 1); s->k[i] != 0;
	    i = (i + 1) & (s->cap - 1))
		if (s->k[i] == key)
			return 0;
	s->k[i] = key;
	s->n++;
	return 1;
}

struct cell {
	double score, max;
	int64_t last;		/* the attempt counted last */
	json_int_t learners, items;
};

/* A tagged version's competency (versions_sql's rows). */
struct vc {
	int64_t version, item;
	size_t up;		/* into the codes read */
	double w;
};

/* The first of vcs[0..n) of version, or n. */
static size_t
vc_find(const struct vc *vcs, size_t n, int64_t version)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (vcs[mid].version < version)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && vcs[lo].version == version ? lo : n;
}

/* Adds one item's score to the cell c of attempt att. */
static void
add(struct cell *c, struct keyset *seen, size_t ci, int64_t att, const struct vc *v,
    double fraction)
{
	c->score += (fraction < 0 ? 0 : fraction > 1 ? 1 : fraction) * v->w;
	c->max += v->w;
	if (c->last != att) {
		c->last = att;
		c->learners++;
	}
	if (keyset_add(seen, ((uint64_t)ci << 40) ^ (uint64_t)v->item) == 1)
		c->items++;
}

/* {"code": {"col": [score, max, learners, items]}} of the column "all"
 * and the grouping's (sql: items_sitting or items_month), added to into:
 * one pass over the counted attempts' items; the sums are made here, as
 * they come (a GROUP BY would sort a row per attempt, item and
 * competency: several times slower on 10,000 attempts). */
static void
read_cells(struct store *s, const char *sql, const char *exam, json_t *into)
{
	struct stmt *st = db_stmt(store_db(s), versions_sql);
	json_t *codes = json_object(), *colnames = json_array(), *v;
	const char **code_of = NULL;
	struct vc *vcs = NULL;
	struct cell *cells = NULL;
	struct keyset seen = { NULL, 0, 0 };
	size_t nvc = 0, ncodes = 0, ncols = 1, col = 0, i, k;
	int64_t last_att = -1;
	int in_all = 0, in_col = 0;

	json_array_append_new(colnames, json_string("all"));
	while (db_row(st)) {
		const char *code = db_col_text(st, 2);
		struct vc *grown = realloc(vcs, (nvc + 1) * sizeof *vcs);

		if (grown == NULL || code == NULL)
			break;
		vcs = grown;
		if ((v = json_object_get(codes, code)) == NULL) {
			const char **g = realloc(code_of, (ncodes + 1) * sizeof *code_of);

			if (g == NULL)
				break;
			code_of = g;
			v = json_integer((json_int_t)ncodes);
			json_object_set_new(codes, code, v);
			code_of[ncodes++] = json_object_iter_key(json_object_iter_at(codes, code));
		}
		vcs[nvc].version = db_col_int64(st, 0);
		vcs[nvc].item = db_col_int64(st, 1);
		vcs[nvc].up = (size_t)json_integer_value(v);
		vcs[nvc].w = db_col_double(st, 3);
		nvc++;
	}
	db_end(st);
	if (nvc == 0 || (cells = calloc(ncodes, sizeof *cells)) == NULL)
		goto done;
	for (i = 0; i < ncodes; i++)
		cells[i].last = -1;
	st = bind(s, sql, exam);
	while (db_row(st)) {
		int64_t att = db_col_int64(st, 0);
		size_t f = vc_find(vcs, nvc, db_col_int64(st, 4));
		double fraction = db_col_double(st, 5);

		if (att != last_att) {
			const char *name = db_col_text(st, 1);

			last_att = att;
			in_all = db_col_int(st, 2);
			in_col = db_col_int(st, 3);
			for (col = 1; col < ncols && strcmp(json_string_value(json_array_get(colnames,
			    col)), name ? name : "") != 0; col++)
				;
			if (col == ncols && in_col) {
				struct cell *grown = realloc(cells, (ncols + 1) * ncodes * sizeof *cells);

				if (grown == NULL)
					break;
				cells = grown;
				memset(cells + ncols * ncodes, 0, ncodes * sizeof *cells);
				for (i = 0; i < ncodes; i++)
					cells[ncols * ncodes + i].last = -1;
				json_array_append_new(colnames, json_string(name ? name : ""));
				ncols++;
			}
		}
		for (; f < nvc && vcs[f].version == db_col_int64(st, 4); f++) {
			if (in_all)
				add(&cells[vcs[f].up], &seen, vcs[f].up, att, &vcs[f], fraction);
			if (in_col)
				add(&cells[col * ncodes + vcs[f].up], &seen, col * ncodes + vcs[f].up,
				    att, &vcs[f], fraction);
		}
	}
	db_end(st);
	for (k = 0; k < ncols; k++)
		for (i = 0; i < ncodes; i++) {
			const struct cell *c = &cells[k * ncodes + i];
			json_t *row;

			if (c->learners == 0)
				continue;
			if ((row = json_object_get(into, code_of[i])) == NULL) {
				row = json_object();
				json_object_set_new(into, code_of[i], row);
			}
			json_object_set_new(row, json_string_value(json_array_get(colnames, k)),
			    json_pack("[f, f, I, I]", c->score, c->max, c->learners, c->items));
		}
done:
	free(seen.k);
	free(cells);
	free(vcs);
	free(code_of);
	json_decref(codes);
	json_decref(colnames);
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
		struct stmt *st = db_stmt_text(store_db(s), sittings_sql, exam);

		while (db_row(st)) {
			char k[32];

			snprintf(k, sizeof k, "s%lld", (long long)db_col_int64(st, 0));
			if ((n = json_object_get(learners, k)) != NULL)
				json_array_append_new(cols, json_pack("{s:s, s:s, s:O}", "key", k,
				    "name", db_col_text(st, 1), "learners", n));
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
	struct stmt *st;
	const char *fid;
	size_t i, k;

	read_learners(s, learners_all, exam, learners);
	read_learners(s, by == COHORT_BY_MONTH ? learners_month : learners_sitting, exam,
	    learners);
	read_cells(s, by == COHORT_BY_MONTH ? items_month : items_sitting, exam, cells);
	cols = columns(s, exam, by, learners);
	/* every framework's competencies, kept when one of them has data */
	fw = json_object();
	st = db_stmt(store_db(s), competencies_sql);
	while (db_row(st)) {
		const char *f = db_col_text(st, 0);
		json_t *list = json_object_get(fw, f);

		if (list == NULL) {
			list = json_array();
			json_object_set_new(fw, f, list);
		}
		json_array_append_new(list, json_pack("{s:s, s:s, s:{s:s, s:s}, s:s?}",
		    "code", db_col_text(st, 1), "framework", f,
		    "title", "en", db_col_text(st, 2),
		    "zh-TW", db_col_text(st, 3),
		    "parent", db_col_text(st, 4)));
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
		buf_csv(out, head[i], 0);
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
			buf_csv(out, h.data ? h.data : "", i == ncols - 1 && k == 2);
			buf_free(&h);
		}
	}
	if (ncols == 0)
		buf_str(out, "\r\n");
	json_array_foreach(json_object_get(c, "competencies"), i, row) {
		const json_t *t = json_object_get(row, "title");
		const char *parent = json_string_value(json_object_get(row, "parent"));

		buf_csv(out, json_string_value(json_object_get(row, "framework")), 0);
		buf_csv(out, json_string_value(json_object_get(row, "code")), 0);
		buf_csv(out, parent ? parent : "", 0);
		buf_csv(out, json_string_value(json_object_get(t, "en")), 0);
		buf_csv(out, json_string_value(json_object_get(t, "zh-TW")), ncols == 0);
		json_array_foreach(json_object_get(row, "cells"), k, cell) {
			const json_t *p = json_object_get(cell, "percent");
			int last = k == ncols - 1;

			if (json_is_number(p))
				snprintf(num, sizeof num, "%.1f", json_number_value(p));
			buf_csv(out, json_is_number(p) ? num : "", 0);
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(
			    json_object_get(cell, "learners")));
			buf_csv(out, num, 0);
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(
			    json_object_get(cell, "items")));
			buf_csv(out, num, last);
		}
	}
}
