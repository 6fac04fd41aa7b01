/*
 * competency_tree.c - one framework version's tree in memory and the
 * questions beneath each code; see competency_int.h.
 */
#include "competency_int.h"

#include <stdlib.h>
#include <string.h>

char *
comp_current_version(struct db *d, struct arena *a, const char *fw)
{
	static const char sql[] =
	    "SELECT version FROM frameworks WHERE id = ?1 "
	    "ORDER BY created_at DESC, version DESC LIMIT 1";

	return db_one_text(a, db_stmt_text(d, sql, fw));
}

/* Sorts the indices x[0..n) by their codes: a merge sort, as qsort takes
 * no context and trees are read on many threads at once. */
static void
sort_by_code(const struct comp_tree *t, long *x, long *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	sort_by_code(t, x, tmp, mid);
	sort_by_code(t, x + mid, tmp, n - mid);
	while (i < mid && j < n)
		tmp[k++] = strcmp(t->code[x[i]], t->code[x[j]]) <= 0 ? x[i++] : x[j++];
	while (i < mid)
		tmp[k++] = x[i++];
	while (j < n)
		tmp[k++] = x[j++];
	memcpy(x, tmp, n * sizeof *x);
}

long
comp_tree_find(const struct comp_tree *t, const char *code)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->code[t->sorted[mid]], code);

		if (c == 0)
			return t->sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int
comp_tree_load(struct db *d, struct arena *a, const char *fw, const char *version,
    struct comp_tree *t)
{
	static const char sql[] =
	    "SELECT code, parent FROM competencies WHERE framework_id = ?1 AND version = ?2 "
	    "ORDER BY position";
	struct stmt *st = db_stmt_text(d, sql, fw);
	size_t cap = 0;
	long *tmp;

	memset(t, 0, sizeof *t);
	if (st == NULL)
		return -1;
	db_bind_text(st, 2, version);
	while (db_row(st)) {
		if (t->n == cap) {
			size_t ncap = cap ? cap * 2 : 32;

			t->code = arena_grow(a, t->code, cap, ncap, sizeof *t->code);
			t->parent = arena_grow(a, t->parent, cap, ncap, sizeof *t->parent);
			cap = ncap;
		}
		t->code[t->n] = db_text(a, st, 0);
		t->parent[t->n++] = db_text(a, st, 1);
	}
	db_end(st);
	if (t->n == 0)
		return -1;
	t->up = arena_alloc(a, t->n * sizeof *t->up);
	t->sorted = arena_alloc(a, t->n * sizeof *t->sorted);
	tmp = arena_alloc(a, t->n * sizeof *tmp);
	t->items = arena_alloc(a, t->n * sizeof *t->items);
	for (size_t i = 0; i < t->n; i++) {
		t->sorted[i] = (long)i;
		t->items[i][0] = t->items[i][1] = 0;
	}
	sort_by_code(t, t->sorted, tmp, t->n);
	for (size_t i = 0; i < t->n; i++)
		t->up[i] = t->parent[i] != NULL ? comp_tree_find(t, t->parent[i]) : -1;
	return 0;
}

int
comp_tree_count(struct db *d, struct comp_tree *t, const char *fw, const char *version,
    const char *bank, int64_t viewer)
{
	/* Each tagged question of this version's codes, by language and
	 * item, so the walk up counts an item once per ancestor. */
	static const char sql[] =
	    "SELECT ic.code, iv.lang, iv.item_id FROM competencies c "
	    "JOIN item_competencies ic ON ic.code = c.code "
	    "JOIN item_versions iv ON iv.id = ic.item_version_id "
	    "JOIN bank_version_items bvi ON bvi.item_version_id = iv.id "
	    "JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
	    "JOIN banks b ON b.id = bv.bank_id "
	    "WHERE c.framework_id = ?1 AND c.version = ?2 AND iv.lang IN ('en', 'zh-TW') "
	    "AND bv.version = (SELECT max(version) FROM bank_versions WHERE bank_id = b.id) "
	    "AND (?3 IS NULL OR b.name = ?3) "
	    "AND (?4 = 0 OR b.created_by IS NULL OR b.created_by = ?4) "
	    "AND (SELECT retired_at FROM items WHERE id = iv.item_id) IS NULL "
	    "ORDER BY iv.lang, iv.item_id";
	struct stmt *st = db_stmt_text(d, sql, fw);
	long long *stamp, seq = 0, last_item = -1;
	int last_lang = -1;

	if (st == NULL)
		return -1;
	stamp = malloc(t->n * sizeof *stamp);
	if (stamp == NULL) {
		db_end(st);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		stamp[i] = -1;
	db_bind_text(st, 2, version);
	db_bind_text(st, 3, bank);
	db_bind_int64(st, 4, viewer);
	while (db_row(st)) {
		const char *code = db_col_text(st, 0);
		const char *lang = db_col_text(st, 1);
		int l = lang != NULL && strcmp(lang, "zh-TW") == 0;
		long long item = db_col_int64(st, 2);
		long at = code != NULL ? comp_tree_find(t, code) : -1;

		if (l != last_lang || item != last_item) {
			seq++;
			last_lang = l;
			last_item = item;
		}
		/* Up from the code, stopping where this item was counted. */
		while (at >= 0 && stamp[at] != seq) {
			stamp[at] = seq;
			t->items[at][l]++;
			at = t->up[at];
		}
	}
	db_end(st);
	free(stamp);
	return 0;
}
