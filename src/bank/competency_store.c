/*
 * competency_store.c - competency frameworks in SQLite; see competency.h.
 *
 * Each version of a framework is a row of frameworks (its canonical JSON
 * kept whole) and one row of competencies per code; nothing is ever
 * changed or deleted, so a result keeps the titles it was earned under.
 * The current version of a framework is its newest (the competency_current
 * view of schema.c): a version's created_at is kept above every earlier
 * one of the same framework, so two added in one second still order.
 * Reads run on the calling thread's connection, the one write through
 * the store's writer.
 */
#include "competency.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "competency_int.h"
#include "exam_overlap.h"
#include "i18n.h"

/* The newest version of framework ?1. */
static const char current_sql[] =
    "SELECT version FROM frameworks WHERE id = ?1 "
    "ORDER BY created_at DESC, version DESC LIMIT 1";

/* What save_fn found. */
enum fw_outcome { FW_ADDED = 1, FW_SAME, FW_DIFFERS, FW_CLASH, FW_OVERLAP };

struct fw_save {
	const struct framework *f;
	const char *json;		/* its canonical form */
	int64_t user;
	enum fw_outcome outcome;
	size_t clash;			/* FW_CLASH: the code's index */
	char other[FRAMEWORK_ID_MAX + 1];	/* FW_CLASH: the framework defining it */
	struct q_bank overlaps;		/* FW_OVERLAP: what it would let through */
};

static int
save_fn(struct db *d, void *ctx)
{
	static const char existing[] =
	    "SELECT definition FROM frameworks WHERE id = ?1 AND version = ?2";
	static const char elsewhere[] =
	    "SELECT framework_id FROM competencies WHERE code = ?1 AND framework_id <> ?2 "
	    "LIMIT 1";
	static const char ins_fw[] =
	    "INSERT INTO frameworks(id, version, title_en, title_zh, definition, created_at, "
	    "created_by) VALUES (?1, ?2, ?3, ?4, ?5, max(?6, coalesce((SELECT max(created_at) "
	    "+ 1 FROM frameworks WHERE id = ?1), 0)), ?7)";
	static const char ins_c[] =
	    "INSERT INTO competencies(framework_id, version, code, title_en, title_zh, parent, "
	    "position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	struct fw_save *sv = ctx;
	const struct framework *f = sv->f;
	struct stmt *st = db_stmt_text(d, existing, f->id);
	char detail[160];
	int n;

	if (st == NULL)
		return -1;
	db_bind_text(st, 2, f->version);
	if (db_row(st)) {
		const char *def = db_col_text(st, 0);

		sv->outcome = def != NULL && strcmp(def, sv->json) == 0 ? FW_SAME : FW_DIFFERS;
		db_end(st);
		return 0;
	}
	db_end(st);
	for (size_t i = 0; i < f->n; i++) {
		if ((st = db_stmt_text(d, elsewhere, f->c[i].code)) == NULL)
			return -1;
		db_bind_text(st, 2, f->id);
		if (db_row(st)) {
			snprintf(sv->other, sizeof sv->other, "%s", db_col_text(st, 0));
			db_end(st);
			sv->outcome = FW_CLASH;
			sv->clash = i;
			return 0;
		}
		db_end(st);
	}
	if ((st = db_stmt_text(d, ins_fw, f->id)) == NULL)
		return -1;
	db_bind_text(st, 2, f->version);
	db_bind_text(st, 3, f->title_en);
	db_bind_text(st, 4, f->title_zh);
	db_bind_text(st, 5, sv->json);
	db_bind_int64(st, 6, (int64_t)time(NULL));
	if (sv->user > 0)
		db_bind_int64(st, 7, sv->user);
	else
		db_bind_null(st, 7);
	if (db_done(st) != 0)
		return -1;
	for (size_t i = 0; i < f->n; i++) {
		const struct competency *k = &f->c[i];

		if ((st = db_stmt_text(d, ins_c, f->id)) == NULL)
			return -1;
		db_bind_text(st, 2, f->version);
		db_bind_text(st, 3, k->code);
		db_bind_text(st, 4, k->title_en);
		db_bind_text(st, 5, k->title_zh);
		db_bind_text(st, 6, k->parent);
		db_bind_int64(st, 7, (int64_t)i);
		if (db_done(st) != 0)
			return -1;
	}
	/* A version that moves a code beneath another widens what sections
	 * drawing by it reach: never into a certificate's keys. */
	if ((n = exam_overlap_competencies(d, sv->overlaps.lang, &sv->overlaps)) != 0) {
		sv->outcome = FW_OVERLAP;
		return -1;
	}
	sv->outcome = FW_ADDED;
	snprintf(detail, sizeof detail, "%s %s (%zu)", f->id, f->version, f->n);
	return db_audit(d, "framework.add", detail);
}

enum framework_saved
framework_save(struct store *s, const struct framework *f, int64_t user,
    struct q_bank *errs)
{
	struct fw_save sv;
	char *json = framework_canonical(f);
	int rc;

	if (json == NULL)
		return FRAMEWORK_FAILED;
	memset(&sv, 0, sizeof sv);
	sv.f = f;
	sv.json = json;
	sv.user = user;
	q_bank_init(&sv.overlaps, errs->arena, f->id);
	sv.overlaps.lang = errs->lang;
	rc = store_write(s, save_fn, &sv);
	free(json);
	if (sv.outcome == FW_OVERLAP) {
		if (sv.overlaps.nerr == 0)	/* the database failed */
			return FRAMEWORK_FAILED;
		for (size_t i = 0; i < sv.overlaps.nerr; i++)
			q_bank_msg(errs, 0, "framework_overlap", "field", "\"competencies\"",
			    "reason", sv.overlaps.err[i].message, NULL);
		return FRAMEWORK_REFUSED;
	}
	if (rc != 0)
		return FRAMEWORK_FAILED;
	switch (sv.outcome) {
	case FW_ADDED:
		return FRAMEWORK_ADDED;
	case FW_SAME:
		return FRAMEWORK_UNCHANGED;
	case FW_DIFFERS:
		q_bank_msg(errs, 0, "framework_version_differs", "field", "\"version\"",
		    "id", f->id, "version", f->version, NULL);
		return FRAMEWORK_REFUSED;
	case FW_CLASH:
		q_bank_msg(errs, 0, "framework_code_elsewhere", "field", arena_printf(errs->arena,
		    "\"competencies\"[%zu].code", sv.clash), "code", f->c[sv.clash].code,
		    "other", sv.other, NULL);
		return FRAMEWORK_REFUSED;
	case FW_OVERLAP:	/* handled above */
		break;
	}
	return FRAMEWORK_FAILED;
}

char *
competency_title(struct store *s, struct arena *a, const char *code, const char *lang)
{
	static const char en[] = "SELECT title_en FROM competency_current WHERE code = ?1";
	static const char zh[] = "SELECT title_zh FROM competency_current WHERE code = ?1";

	if (!competency_code_valid(code))
		return NULL;
	return db_one_text(a, db_stmt_text(store_db(s), lang != NULL &&
	    strcmp(lang, "zh-TW") == 0 ? zh : en, code));
}

int
competency_known(struct store *s, const char *code)
{
	static const char sql[] = "SELECT 1 FROM competency_current WHERE code = ?1";

	return competency_code_valid(code) && db_exists(db_stmt_text(store_db(s), sql, code));
}

char **
competency_descendants(struct store *s, struct arena *a, const char *code, size_t *n)
{
	static const char sql[] =
	    "SELECT framework_id, version FROM competency_current WHERE code = ?1";
	struct db *d = store_db(s);
	struct stmt *st;
	struct comp_tree t;
	char *fw = NULL, *v = NULL, **out;
	long *queue;
	size_t head = 0;

	*n = 0;
	if (!competency_code_valid(code))
		return NULL;
	out = arena_alloc(a, sizeof *out);
	out[(*n)++] = arena_strdup(a, code);
	if ((st = db_stmt_text(d, sql, code)) != NULL && db_row(st)) {
		fw = db_text(a, st, 0);
		v = db_text(a, st, 1);
	}
	db_end(st);
	if (fw == NULL || v == NULL || comp_tree_load(d, a, fw, v, &t) != 0)
		return out;
	/* Breadth first from code: each level's children in the file's order. */
	queue = arena_alloc(a, (t.n + 1) * sizeof *queue);
	queue[0] = comp_tree_find(&t, code);
	for (size_t tail = 1; head < tail && queue[0] >= 0; head++)
		for (size_t i = 0; i < t.n; i++)
			if (t.up[i] == queue[head] && tail <= t.n) {
				queue[tail++] = (long)i;
				out = arena_grow(a, out, *n, *n + 1, sizeof *out);
				out[(*n)++] = t.code[i];
			}
	return out;
}

/* Every version of framework id, newest first, as a JSON array of
 * strings. */
static json_t *
versions_of(struct db *d, const char *id)
{
	static const char sql[] =
	    "SELECT version FROM frameworks WHERE id = ?1 ORDER BY created_at DESC, version DESC";
	struct stmt *st = db_stmt_text(d, sql, id);
	json_t *out = json_array();

	while (db_row(st))
		json_array_append_new(out, json_string(db_col_text(st, 0)));
	db_end(st);
	return out;
}

json_t *
framework_list(struct store *s)
{
	static const char sql[] =
	    "SELECT f.id, f.version, f.title_en, f.title_zh, f.created_at, "
	    "(SELECT count(*) FROM competencies c WHERE c.framework_id = f.id "
	    "AND c.version = f.version) FROM frameworks f WHERE NOT EXISTS "
	    "(SELECT 1 FROM frameworks g WHERE g.id = f.id AND (g.created_at > f.created_at "
	    "OR (g.created_at = f.created_at AND g.version > f.version))) ORDER BY f.id";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt(d, sql);
	json_t *out = json_array();

	if (st == NULL) {
		json_decref(out);
		return NULL;
	}
	while (db_row(st))
		json_array_append_new(out, json_pack("{sss:ss{s:s,s:s}sIsI}",
		    "id", db_col_text(st, 0), "version", db_col_text(st, 1),
		    "title", "en", db_col_text(st, 2), "zh-TW", db_col_text(st, 3),
		    "count", (json_int_t)db_col_int64(st, 5),
		    "created_at", (json_int_t)db_col_int64(st, 4)));
	db_end(st);
	/* Versions after the rows: a second statement of this connection. */
	for (size_t i = 0; i < json_array_size(out); i++) {
		json_t *fw = json_array_get(out, i);

		json_object_set_new(fw, "versions", versions_of(d,
		    json_string_value(json_object_get(fw, "id"))));
	}
	return out;
}

/* One competency of a version being read back. */
struct fw_node {
	json_t *obj;
	const char *code, *parent;
	int placed;
};

/* Appends the nodes whose parent is parent (NULL: the roots) to out in
 * their order, each followed by its own subtree, at depth. */
static void
tree_order(struct fw_node *nodes, size_t n, const char *parent, int depth, json_t *out)
{
	for (size_t i = 0; i < n; i++) {
		struct fw_node *x = &nodes[i];

		if (x->placed || (parent == NULL ? x->parent != NULL :
		    x->parent == NULL || strcmp(x->parent, parent) != 0))
			continue;
		x->placed = 1;
		json_object_set_new(x->obj, "depth", json_integer(depth));
		json_array_append(out, x->obj);
		tree_order(nodes, n, x->code, depth + 1, out);
	}
}

/* Sets "items" {"en","zh-TW"} on every competency of version v of id in
 * byc (code -> object). */
static void
item_counts(struct db *d, const char *id, const char *v, int64_t viewer, json_t *byc)
{
	struct arena *a = arena_new();
	struct comp_tree t;

	if (comp_tree_load(d, a, id, v, &t) == 0 && comp_tree_count(d, &t, id, v, NULL,
	    viewer) == 0)
		for (size_t i = 0; i < t.n; i++) {
			json_t *items = json_object_get(json_object_get(byc, t.code[i]), "items");

			json_object_set_new(items, "en", json_integer(t.items[i][0]));
			json_object_set_new(items, "zh-TW", json_integer(t.items[i][1]));
		}
	arena_free(a);
}

json_t *
framework_get(struct store *s, const char *id, const char *version, int64_t viewer)
{
	static const char head_sql[] =
	    "SELECT title_en, title_zh, created_at FROM frameworks WHERE id = ?1 AND version = ?2";
	static const char comp_sql[] =
	    "SELECT code, title_en, title_zh, parent FROM competencies "
	    "WHERE framework_id = ?1 AND version = ?2 ORDER BY position";
	struct db *d = store_db(s);
	struct arena *a = arena_new();
	char *current = db_one_text(a, db_stmt_text(d, current_sql, id));
	const char *v = version != NULL ? version : current;
	struct stmt *st;
	struct fw_node *nodes = NULL;
	size_t n = 0;
	json_t *out = NULL, *list, *byc;

	if (current == NULL || (st = db_stmt_text(d, head_sql, id)) == NULL)
		goto done;
	db_bind_text(st, 2, v);
	if (!db_row(st)) {
		db_end(st);
		goto done;
	}
	out = json_pack("{sssssbs{s:s,s:s}sI}", "id", id, "version", v, "current",
	    strcmp(v, current) == 0, "title", "en", db_col_text(st, 0),
	    "zh-TW", db_col_text(st, 1), "created_at",
	    (json_int_t)db_col_int64(st, 2));
	db_end(st);
	json_object_set_new(out, "versions", versions_of(d, id));
	byc = json_object();
	if ((st = db_stmt_text(d, comp_sql, id)) != NULL) {
		db_bind_text(st, 2, v);
		while (db_row(st)) {
			struct fw_node *x;

			nodes = arena_grow(a, nodes, n, n + 1, sizeof *nodes);
			x = &nodes[n++];
			x->code = db_text(a, st, 0);
			x->parent = db_text(a, st, 3);
			x->placed = 0;
			x->obj = json_pack("{sss{s:s,s:s}s:s?s{sisi}}", "code", x->code, "title",
			    "en", db_col_text(st, 1), "zh-TW", db_col_text(st, 2),
			    "parent", x->parent, "items", "en", 0, "zh-TW", 0);
			json_object_set(byc, x->code, x->obj);
		}
		db_end(st);
	}
	item_counts(d, id, v, viewer, byc);
	list = json_array();
	tree_order(nodes, n, NULL, 0, list);
	for (size_t i = 0; i < n; i++)	/* none is left out, whatever the data */
		if (!nodes[i].placed) {
			json_object_set_new(nodes[i].obj, "depth", json_integer(0));
			json_array_append(list, nodes[i].obj);
		}
	json_object_set_new(out, "competencies", list);
	json_decref(byc);
	for (size_t i = 0; i < n; i++)
		json_decref(nodes[i].obj);
done:
	arena_free(a);
	return out;
}
