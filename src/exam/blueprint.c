/*
 * blueprint.c - drawing by competency: how many items each competency
 * of a bank holds, and its titles; see blueprint.h. The condition that
 * selects a section's items is the header's, shared with the checks at
 * saving (exam_store.c), the draw (attempt_start.c) and what an exam can
 * reveal (exam_overlap.c).
 */
#include "blueprint.h"

#include <stdlib.h>
#include <string.h>

/* Each competency's questions per language and difficulty: every
 * auto-gradable, unretired item version of the latest version of bank ?1
 * (NULL: every bank) counts for each code it is tagged with and for every
 * ancestor of those codes, once per code however many of its tags lie
 * beneath it (UNION keeps one (item, code) pair). */
static const char counts_sql[] =
    "WITH RECURSIVE pool(ivid, lang, diff) AS ("
    " SELECT DISTINCT iv.id, iv.lang, iv.difficulty FROM bank_version_items bvi"
    " JOIN bank_versions bv ON bv.id = bvi.bank_version_id"
    " JOIN banks b ON b.id = bv.bank_id"
    " JOIN item_versions iv ON iv.id = bvi.item_version_id"
    " WHERE bv.version = (SELECT max(version) FROM bank_versions WHERE bank_id = b.id)"
    " AND (?1 IS NULL OR b.name = ?1)"
    " AND iv.type NOT IN ('essay', 'description')"
    " AND (SELECT retired_at FROM items WHERE id = iv.item_id) IS NULL),"
    " up(ivid, code) AS ("
    " SELECT ic.item_version_id, ic.code FROM item_competencies ic"
    " WHERE ic.item_version_id IN (SELECT ivid FROM pool)"
    " UNION SELECT up.ivid, c.parent FROM up JOIN competency_current c ON c.code = up.code"
    " WHERE c.parent IS NOT NULL) "
    "SELECT up.code, p.lang, p.diff, count(*) FROM up JOIN pool p ON p.ivid = up.ivid "
    "GROUP BY up.code, p.lang, p.diff";

static const char list_sql[] =
    "SELECT framework_id, code, title_en, title_zh, parent FROM competency_current "
    "ORDER BY framework_id, position, code";

static const char title_sql[] =
    "SELECT title_en, title_zh FROM competency_current WHERE code = ? "
    "ORDER BY framework_id LIMIT 1";

static const char *const langs[] = { "en", "zh-TW" };
static const char *const levels[] = { "unknown", "easy", "medium", "hard" };

/* {"en":{"easy":0,...,"total":0},"zh-TW":{...}} */
static json_t *
zero_items(void)
{
	json_t *items = json_object();

	for (size_t l = 0; l < 2; l++)
		json_object_set_new(items, langs[l], json_pack("{s:i, s:i, s:i, s:i, s:i}",
		    "easy", 0, "medium", 0, "hard", 0, "unknown", 0, "total", 0));
	return items;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void
add(json_t *o, const char *key, json_int_t n)
{
	json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) + n));
}

json_t *
blueprint_competencies(struct store *s, const char *bank)
{
	struct db *d = store_db(s);
	struct stmt *st = db_stmt_text(d, counts_sql, bank);
	json_t *counts = json_object(), *used = json_object(), *out = json_array(), *v;
	const char *code;
	int rc;

	if (st == NULL)
		goto failed;
	/* code -> items */
	while ((rc = db_step(st)) == DB_ROW) {
		const char *c = db_col_text(st, 0);
		const char *lang = db_col_text(st, 1);
		int diff = db_col_int(st, 2);
		json_int_t n = db_col_int64(st, 3);
		json_t *items, *per;

		if (c == NULL || lang == NULL)
			continue;
		if ((items = json_object_get(counts, c)) == NULL) {
			items = zero_items();
			json_object_set_new(counts, c, items);
		}
		if ((per = json_object_get(items, lang)) == NULL)
			continue;	/* a language no exam is given in */
		add(per, levels[diff >= 1 && diff <= 3 ? diff : 0], n);
		add(per, "total", n);
	}
	db_end(st);
	if (rc != DB_DONE)
		goto failed;
	/* The frameworks the bank's codes belong to, whole, in their order. */
	if ((st = db_stmt(d, list_sql)) == NULL)
		goto failed;
	while (db_row(st))
		if (json_object_get(counts, db_col_text(st, 1)) != NULL)
			json_object_set_new(used, db_col_text(st, 0), json_true());
	db_end(st);
	if ((st = db_stmt(d, list_sql)) == NULL)
		goto failed;
	while (db_row(st)) {
		const char *fw = db_col_text(st, 0);
		const char *c = db_col_text(st, 1);
		json_t *items;

		if (fw == NULL || c == NULL || json_object_get(used, fw) == NULL)
			continue;
		items = json_object_get(counts, c);
		json_array_append_new(out, json_pack("{s:s, s:{s:s?, s:s?}, s:s?, s:s, s:o}",
		    "code", c, "title", "en", db_col_text(st, 2),
		    "zh-TW", db_col_text(st, 3),
		    "parent", db_col_text(st, 4), "framework", fw,
		    "items", items != NULL ? json_incref(items) : zero_items()));
		json_object_del(counts, c);
	}
	db_end(st);
	/* Codes no framework defines, sorted. */
	{
		const char **codes = NULL;
		size_t n = 0, k = 0;

		n = json_object_size(counts);
		codes = n ? malloc(n * sizeof *codes) : NULL;
		if (n && codes == NULL)
			goto failed;
		json_object_foreach(counts, code, v)
			codes[k++] = code;
		if (k > 1)
			qsort(codes, k, sizeof *codes, cmp_str);
		for (size_t i = 0; i < k; i++)
			json_array_append_new(out, json_pack("{s:s, s:{s:n, s:n}, s:n, s:n, s:O}",
			    "code", codes[i], "title", "en", "zh-TW", "parent", "framework",
			    "items", json_object_get(counts, codes[i])));
		free(codes);
	}
	json_decref(counts);
	json_decref(used);
	return out;
failed:
	json_decref(counts);
	json_decref(used);
	json_decref(out);
	return NULL;
}

int
blueprint_title(struct db *d, struct arena *a, const char *code, char **en, char **zh)
{
	struct stmt *st = db_stmt_text(d, title_sql, code);
	int found = 0;

	*en = *zh = NULL;
	if (st != NULL && db_row(st)) {
		*en = db_text(a, st, 0);
		*zh = db_text(a, st, 1);
		found = *en != NULL && *zh != NULL;
		if (!found)
			*en = *zh = NULL;
	}
	db_end(st);
	return found;
}
