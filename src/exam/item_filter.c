/*
 * item_filter.c - filters, sorting and paging of item statistics; see
 * item_filter.h. A competency filter reads the code's descendants from
 * competency_current (each framework's newest version) once.
 */
#include "item_filter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const sorts[] = { "order", "facility", "discrimination", "efficiency",
    "n", "flags" };
static const char *const flags[] = { "negative_discrimination", "low_discrimination",
    "too_easy", "too_hard", "dead_distractor", "language_gap", "any", "none" };

int
item_filter_sort_of(const char *name, enum item_sort *out)
{
	for (size_t i = 0; i < sizeof sorts / sizeof *sorts; i++)
		if (strcmp(name, sorts[i]) == 0) {
			*out = (enum item_sort)i;
			return 0;
		}
	return -1;
}

int
item_filter_flag_valid(const char *name)
{
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
		if (strcmp(name, flags[i]) == 0)
			return 1;
	return 0;
}

/* code and every code beneath it, as an object used as a set. */
static json_t *
descendants(struct store *s, const char *code)
{
	static const char sql[] =
	    "WITH RECURSIVE d(code) AS (SELECT ?1 UNION "
	    " SELECT c.code FROM competency_current c JOIN d ON c.parent = d.code) "
	    "SELECT code FROM d LIMIT 10000";
	struct stmt *st = db_stmt_text(store_db(s), sql, code);
	json_t *set = json_object();

	json_object_set_new(set, code, json_true());
	while (db_row(st))
		json_object_set_new(set, db_col_text(st, 0), json_true());
	db_end(st);
	return set;
}

static int
matches(const json_t *it, const struct item_filter *f, const json_t *codes)
{
	const json_t *fl = json_object_get(it, "flags"), *v;
	size_t i;

	if (f->section > 0 && json_integer_value(json_object_get(it, "section")) != f->section)
		return 0;
	if (f->flag != NULL) {
		if (strcmp(f->flag, "any") == 0) {
			if (json_array_size(fl) == 0)
				return 0;
		} else if (strcmp(f->flag, "none") == 0) {
			if (json_array_size(fl) != 0)
				return 0;
		} else {
			int has = 0;

			json_array_foreach(fl, i, v)
				has |= strcmp(json_string_value(v), f->flag) == 0;
			if (!has)
				return 0;
		}
	}
	if (codes != NULL) {
		int has = 0;

		json_array_foreach(json_object_get(it, "competencies"), i, v)
			has |= json_object_get(codes, json_string_value(v)) != NULL;
		if (!has)
			return 0;
	}
	return 1;
}

struct sorted {
	json_t *item;
	size_t order;
	int has;
	double key;
};

static int sort_desc;

static int
cmp(const void *x, const void *y)
{
	const struct sorted *a = x, *b = y;

	if (a->has != b->has)
		return a->has ? -1 : 1;
	if (a->has && a->key != b->key)
		return (a->key < b->key) != sort_desc ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static double
key_of(const json_t *it, enum item_sort by, int *has)
{
	const char *name = by == ITEM_SORT_FACILITY ? "facility" :
	    by == ITEM_SORT_DISCRIMINATION ? "discrimination" :
	    by == ITEM_SORT_EFFICIENCY ? "efficiency" : NULL;
	const json_t *v;

	*has = 1;
	if (by == ITEM_SORT_N)
		return (double)json_integer_value(json_object_get(it, "n"));
	if (by == ITEM_SORT_FLAGS)
		return (double)json_array_size(json_object_get(it, "flags"));
	if (name == NULL)
		return 0;
	v = json_object_get(it, name);
	*has = json_is_number(v) && isfinite(json_number_value(v));
	return *has ? json_number_value(v) : 0;
}

void
item_filter_apply(struct store *s, json_t *stats, const struct item_filter *f)
{
	json_t *items = json_object_get(stats, "items"), *codes = NULL, *it, *page;
	size_t i, n = 0, first, last, per;
	struct sorted *sv;
	int pages;

	if (f->competency != NULL)
		codes = descendants(s, f->competency);
	sv = calloc(json_array_size(items) + 1, sizeof *sv);
	json_array_foreach(items, i, it) {
		if (sv == NULL || !matches(it, f, codes))
			continue;
		sv[n].item = it;
		sv[n].order = i;
		sv[n].key = key_of(it, f->sort, &sv[n].has);
		if (f->sort == ITEM_SORT_ORDER)
			sv[n].has = 0;
		n++;
	}
	sort_desc = f->desc;
	if (n > 1)
		qsort(sv, n, sizeof *sv, cmp);
	per = f->page > 0 ? (size_t)(f->per_page > 0 ? f->per_page : ITEM_FILTER_PER_PAGE) : n;
	pages = f->page > 0 ? (int)((n + per - 1) / (per ? per : 1)) : 1;
	if (pages < 1)
		pages = 1;
	first = f->page > 0 ? (size_t)(f->page - 1) * per : 0;
	last = first + per < n ? first + per : n;
	page = json_array();
	for (i = first; i < last; i++)
		json_array_append(page, sv[i].item);
	free(sv);
	json_object_set_new(stats, "matched", json_integer((json_int_t)n));
	json_object_set_new(stats, "page", json_integer(f->page));
	json_object_set_new(stats, "pages", json_integer(pages));
	json_object_set_new(stats, "per_page", json_integer(f->page > 0 ? (json_int_t)per : 0));
	json_object_set(stats, "items", page);
	json_decref(page);
	json_decref(codes);
}

static void
walk(json_t *comps, const char *parent, int depth, json_t *out)
{
	size_t i;
	json_t *c;

	if (depth > 32)
		return;		/* a cycle in a broken framework */
	json_array_foreach(comps, i, c) {
		const char *p = json_string_value(json_object_get(c, "parent"));

		if (parent == NULL ? p == NULL : p != NULL && strcmp(p, parent) == 0) {
			json_object_set_new(c, "depth", json_integer(depth));
			json_array_append(out, c);
			walk(comps, json_string_value(json_object_get(c, "code")), depth + 1, out);
		}
	}
}

json_t *
item_filter_competencies(struct store *s, const json_t *used)
{
	static const char sql[] =
	    "SELECT framework_id, code, title_en, title_zh, parent FROM competency_current "
	    "WHERE framework_id IN (SELECT framework_id FROM competency_current "
	    " WHERE code IN (SELECT value FROM json_each(?1))) "
	    "ORDER BY framework_id, position, code";
	json_t *codes = json_array(), *out = json_array(), *fw = NULL, *v;
	const char *code, *last = NULL;
	char *text;
	struct stmt *st;

	json_object_foreach((json_t *)used, code, v)
		json_array_append_new(codes, json_string(code));
	text = json_dumps(codes, JSON_COMPACT);
	json_decref(codes);
	st = db_stmt_text(store_db(s), sql, text ? text : "[]");
	while (db_row(st)) {
		const char *f = db_col_text(st, 0);

		if (last == NULL || strcmp(last, f) != 0) {
			if (fw != NULL)
				walk(fw, NULL, 0, out);
			json_decref(fw);
			fw = json_array();
		}
		json_array_append_new(fw, json_pack("{s:s, s:s, s:{s:s, s:s}, s:s?}", "fw", f,
		    "code", db_col_text(st, 1),
		    "title", "en", db_col_text(st, 2),
		    "zh-TW", db_col_text(st, 3),
		    "parent", db_col_text(st, 4)));
		last = json_string_value(json_object_get(json_array_get(fw,
		    json_array_size(fw) - 1), "fw"));
	}
	db_end(st);
	if (fw != NULL)
		walk(fw, NULL, 0, out);
	json_decref(fw);
	free(text);
	return out;
}
