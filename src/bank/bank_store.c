/*
 * bank_store.c - banks in SQLite; see bank_store.h. Questions are kept as
 * their bank JSON (bank_export.h's q_to_json), so the stored form is the
 * documented one and exports read back exactly.
 */
#include "bank_store.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bank_export.h"
#include "bank_json.h"
#include "competency.h"
#include "exam_overlap.h"
#include "owner.h"

struct commit {
	struct bank_import *im;
	int64_t user;
	time_t now;
};

static int
store_files(struct db *d, const struct question *q)
{
	static const char sql[] =
	    "INSERT INTO files(hash, mime, data) VALUES (?, ?, ?) "
	    "ON CONFLICT(hash) DO NOTHING";

	for (size_t i = 0; i < q->nfiles; i++) {
		const struct q_file *f = &q->files[i];
		unsigned char h[32];
		char hex[65];
		struct stmt *st = db_stmt(d, sql);

		if (st == NULL)
			return -1;
		crypto_hash_sha256(h, f->data, f->len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		db_bind_text(st, 1, hex);
		db_bind_text(st, 2, f->mime);
		db_bind_blob(st, 3, f->data, (int)f->len);
		if (db_done(st) != 0)
			return -1;
	}
	return 0;
}

/* Indexes the competency codes iv's tags name (item_competencies). */
static int
store_competencies(struct db *d, int64_t iv, const struct question *q)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO item_competencies(item_version_id, code) VALUES (?, ?)";

	for (size_t i = 0; i < q->ntags; i++) {
		const char *code = competency_of_tag(q->tags[i]);
		struct stmt *st;

		if (code == NULL)
			continue;
		if ((st = db_stmt(d, sql)) == NULL)
			return -1;
		db_bind_int64(st, 1, iv);
		db_bind_text(st, 2, code);
		if (db_done(st) != 0)
			return -1;
	}
	return 0;
}

/* Inserts one question: its item, its item version (reused when the same
 * content exists), its place in the bank version. */
static int
store_question(struct db *d, struct commit *c, int64_t bank_id, int64_t bv,
    int position, const struct question *q)
{
	static const char ins_item[] =
	    "INSERT INTO items(bank_id, key) VALUES (?, ?) "
	    "ON CONFLICT(bank_id, key) DO NOTHING";
	static const char get_item[] =
	    "SELECT id FROM items WHERE bank_id = ? AND key = ?";
	static const char get_iv[] =
	    "SELECT id FROM item_versions WHERE item_id = ? AND lang = ? AND hash = ?";
	static const char any_iv[] =
	    "SELECT count(*) FROM item_versions WHERE item_id = ? AND lang = ?";
	static const char ins_iv[] =
	    "INSERT INTO item_versions(item_id, lang, hash, type, category, "
	    "difficulty, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	static const char ins_bvi[] =
	    "INSERT INTO bank_version_items(bank_version_id, position, "
	    "item_version_id) VALUES (?, ?, ?)";
	const char *key = bank_item_key(c->im->arena, q);
	json_t *j = q_to_json(q);
	char *data;
	unsigned char hash[32];
	int64_t item, iv;
	struct stmt *st;

	if (j == NULL)
		return -1;
	data = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (data == NULL)
		return -1;
	crypto_hash_sha256(hash, (const unsigned char *)data, strlen(data));
	if ((st = db_stmt(d, ins_item)) == NULL)
		goto fail;
	db_bind_int64(st, 1, bank_id);
	db_bind_text(st, 2, key);
	if (db_done(st) != 0 || (st = db_stmt(d, get_item)) == NULL)
		goto fail;
	db_bind_int64(st, 1, bank_id);
	db_bind_text(st, 2, key);
	if ((item = db_one_int(st, -1)) < 0 || (st = db_stmt(d, get_iv)) == NULL)
		goto fail;
	db_bind_int64(st, 1, item);
	db_bind_text(st, 2, q->lang);
	db_bind_blob(st, 3, hash, 32);
	if ((iv = db_one_int(st, -1)) > 0) {
		c->im->unchanged++;
	} else {
		if ((st = db_stmt(d, any_iv)) == NULL)
			goto fail;
		db_bind_int64(st, 1, item);
		db_bind_text(st, 2, q->lang);
		if (db_one_int(st, -1) > 0)
			c->im->changed++;
		else
			c->im->added++;
		if ((st = db_stmt(d, ins_iv)) == NULL)
			goto fail;
		db_bind_int64(st, 1, item);
		db_bind_text(st, 2, q->lang);
		db_bind_blob(st, 3, hash, 32);
		db_bind_text(st, 4, q_type_name(q->type));
		db_bind_text(st, 5, q->category ? q->category : "");
		db_bind_int(st, 6, q->difficulty);
		db_bind_text(st, 7, data);
		db_bind_int64(st, 8, (int64_t)c->now);
		if (db_done(st) != 0 || store_files(d, q) != 0)
			goto fail;
		iv = db_last_id(d);
		if (store_competencies(d, iv, q) != 0)
			goto fail;
	}
	if ((st = db_stmt(d, ins_bvi)) == NULL)
		goto fail;
	db_bind_int64(st, 1, bv);
	db_bind_int(st, 2, position);
	db_bind_int64(st, 3, iv);
	if (db_done(st) != 0)
		goto fail;
	free(data);
	return 0;
fail:
	free(data);
	return -1;
}

static int
commit_fn(struct db *d, void *ctx)
{
	static const char ins_bank[] =
	    "INSERT INTO banks(name, created_at, created_by) VALUES (?, ?, ?) "
	    "ON CONFLICT(name) DO NOTHING";
	static const char get_bank[] = "SELECT id FROM banks WHERE name = ?";
	static const char next_version[] =
	    "SELECT coalesce(max(version), 0) + 1 FROM bank_versions WHERE bank_id = ?";
	static const char ins_bv[] =
	    "INSERT INTO bank_versions(bank_id, version, imported_at, imported_by, "
	    "sources, count, added, changed) VALUES (?, ?, ?, ?, ?, ?, 0, 0)";
	static const char set_counts[] =
	    "UPDATE bank_versions SET added = ?, changed = ? WHERE id = ?";
	struct commit *c = ctx;
	struct bank_import *im = c->im;
	struct stmt *st;
	int64_t bv;
	int position = 0;
	char *sources;
	size_t slen = 1;

	im->added = im->changed = im->unchanged = 0;
	for (size_t i = 0; i < im->nfiles; i++)
		slen += strlen(im->files[i].name) + 2;
	sources = arena_alloc(im->arena, slen);
	for (size_t i = 0; i < im->nfiles; i++) {
		if (i > 0)
			strcat(sources, ", ");
		strcat(sources, im->files[i].name);
	}
	if ((st = db_stmt(d, ins_bank)) == NULL)
		return -1;
	db_bind_text(st, 1, im->bank);
	db_bind_int64(st, 2, (int64_t)c->now);
	if (im->owner > 0 || c->user > 0)
		db_bind_int64(st, 3, im->owner > 0 ? im->owner : c->user);
	if (db_done(st) != 0 ||
	    (im->bank_id = db_one_int(db_stmt_text(d, get_bank, im->bank), -1)) < 0)
		return -1;
	im->version = (int)db_one_int(db_stmt_int(d, next_version, im->bank_id), -1);
	if (im->version < 0 || (st = db_stmt(d, ins_bv)) == NULL)
		return -1;
	db_bind_int64(st, 1, im->bank_id);
	db_bind_int(st, 2, im->version);
	db_bind_int64(st, 3, (int64_t)c->now);
	if (c->user > 0)
		db_bind_int64(st, 4, c->user);
	db_bind_text(st, 5, sources);
	db_bind_int64(st, 6, (int64_t)im->count);
	if (db_done(st) != 0)
		return -1;
	bv = db_last_id(d);
	for (size_t i = 0; i < im->nfiles; i++)
		for (size_t j = 0; j < im->files[i].qb.n; j++)
			if (store_question(d, c, im->bank_id, bv, position++,
			    &im->files[i].qb.q[j]) != 0)
				return -1;
	if ((st = db_stmt(d, set_counts)) == NULL)
		return -1;
	db_bind_int(st, 1, im->added);
	db_bind_int(st, 2, im->changed);
	db_bind_int64(st, 3, bv);
	if (db_done(st) != 0 || exam_overlap_bank(d, im) != 0)
		return -1;
	return db_audit(d, "bank.import", arena_printf(im->arena, "%s v%d: %zu "
	    "questions from %s", im->bank, im->version, im->count, sources));
}

int
bank_commit(struct store *s, struct bank_import *im, int64_t user)
{
	struct commit c = { im, user, time(NULL) };

	if (im->nerrors > 0 || im->bank == NULL)
		return -1;
	if (store_write(s, commit_fn, &c) != 0)
		return -1;
	competency_lint(s, im, 1);	/* now that its items can be counted */
	return 0;
}

int
bank_commit_as(struct store *s, struct bank_import *im, const struct user *u,
    const char **err)
{
	*err = NULL;
	if (bank_import_check(im) != 0)
		return -1;
	/* A new bank becomes the uploader's; an existing one takes new
	 * versions from its owner or an admin only. */
	if (owner_bank_exists(s, im->bank) && !owner_bank(s, im->bank, u)) {
		*err = "bank_not_yours";
		return -1;
	}
	if (bank_commit(s, im, u->id) != 0) {
		if (im->nerrors == 0)	/* else refused at commit (exam_overlap.h) */
			*err = "internal_error";
		return -1;
	}
	return 0;
}

int
bank_load(struct store *s, const char *name, int version, const char *lang,
    struct q_bank *b)
{
	static const char get_version[] =
	    "SELECT bv.id, bv.version FROM bank_versions bv JOIN banks b ON b.id = bv.bank_id "
	    "WHERE b.name = ? AND (?2 = 0 OR bv.version = ?2) "
	    "ORDER BY bv.version DESC LIMIT 1";
	static const char get_items[] =
	    "SELECT iv.data, it.key FROM bank_version_items bvi "
	    "JOIN item_versions iv ON iv.id = bvi.item_version_id "
	    "JOIN items it ON it.id = iv.item_id "
	    "WHERE bvi.bank_version_id = ? AND (?2 IS NULL OR iv.lang = ?2) "
	    "ORDER BY bvi.position";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt_text(d, get_version, name);
	int64_t bv = -1;
	int found = 0, rc;

	if (st == NULL)
		return -1;
	db_bind_int(st, 2, version);
	if (db_row(st)) {
		bv = db_col_int64(st, 0);
		found = db_col_int(st, 1);
	}
	db_end(st);
	if (bv < 0)
		return 0;
	if ((st = db_stmt_int(d, get_items, bv)) == NULL)
		return -1;
	if (lang != NULL)
		db_bind_text(st, 2, lang);
	rc = found;
	while (db_row(st)) {
		json_t *j = json_loads(db_col_text(st, 0), 0, NULL);

		if (j == NULL || q_from_json(b, j, 0) != 0)
			rc = -1;
		else
			b->q[b->n - 1].key = arena_strdup(b->arena,
			    db_col_text(st, 1));
		json_decref(j);
	}
	db_end(st);
	return rc;
}

json_t *
bank_list(struct store *s)
{
	static const char sql[] =
	    "SELECT b.name, bv.id, bv.version, bv.count, bv.imported_at FROM banks b "
	    "JOIN bank_versions bv ON bv.bank_id = b.id AND bv.version = "
	    "(SELECT max(version) FROM bank_versions WHERE bank_id = b.id) ORDER BY b.name";
	static const char langs[] =
	    "SELECT iv.lang, count(*) FROM bank_version_items bvi JOIN item_versions iv "
	    "ON iv.id = bvi.item_version_id WHERE bvi.bank_version_id = ? GROUP BY iv.lang";
	static const char cats[] =
	    "SELECT iv.category AS path, count(*) AS count, "
	    "count(DISTINCT iv.item_id) AS questions, group_concat(DISTINCT iv.lang) AS langs "
	    "FROM bank_version_items bvi "
	    "JOIN item_versions iv ON iv.id = bvi.item_version_id "
	    "WHERE bvi.bank_version_id = ? GROUP BY iv.category ORDER BY iv.category";
	static const char questions[] =
	    "SELECT count(DISTINCT iv.item_id) FROM bank_version_items bvi "
	    "JOIN item_versions iv ON iv.id = bvi.item_version_id WHERE bvi.bank_version_id = ?";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt(d, sql), *sub;
	json_t *out = json_array();

	while (db_row(st)) {
		int64_t bv = db_col_int64(st, 1);
		json_t *b = json_pack("{sssisisI}",
		    "name", db_col_text(st, 0),
		    "version", db_col_int(st, 2),
		    "count", db_col_int(st, 3),
		    "imported_at", (json_int_t)db_col_int64(st, 4));
		json_t *l = json_object();

		sub = db_stmt_int(d, langs, bv);
		while (db_row(sub))
			json_object_set_new(l, db_col_text(sub, 0),
			    json_integer(db_col_int(sub, 1)));
		db_end(sub);
		json_object_set_new(b, "languages", l);
		json_object_set_new(b, "questions", json_integer(db_one_int(db_stmt_int(d,
		    questions, bv), 0)));
		json_object_set_new(b, "categories", db_json_rows(db_stmt_int(d, cats, bv)));
		json_array_append_new(out, b);
	}
	db_end(st);
	return out;
}

json_t *
bank_list_for(struct store *s, const struct user *u)
{
	json_t *all = bank_list(s), *out = json_array(), *b;
	size_t i;

	json_array_foreach(all, i, b) {
		const char *name = json_string_value(json_object_get(b, "name"));

		if (!owner_bank_draw(s, name, u))
			continue;
		json_object_set_new(b, "mine", json_boolean(owner_bank(s, name, u)));
		json_array_append(out, b);
	}
	json_decref(all);
	return out;
}

json_t *
bank_versions(struct store *s, const char *name)
{
	static const char sql[] =
	    "SELECT bv.version AS version, bv.imported_at AS imported_at, "
	    "u.login AS imported_by, bv.sources AS sources, bv.count AS count, "
	    "bv.added AS added, bv.changed AS changed "
	    "FROM bank_versions bv JOIN banks b ON b.id = bv.bank_id "
	    "LEFT JOIN users u ON u.id = bv.imported_by WHERE b.name = ? "
	    "ORDER BY bv.version DESC";

	return db_json_rows(db_stmt_text(store_db(s), sql, name));
}

int
bank_file_get(struct store *s, const char *hash, char **mime,
    unsigned char **data, size_t *len)
{
	static const char sql[] = "SELECT mime, data FROM files WHERE hash = ?";
	struct stmt *st = db_stmt_text(store_db(s), sql, hash);
	int found = db_row(st);

	if (found) {
		int n = db_col_bytes(st, 1);

		*mime = strdup(db_col_text(st, 0));
		*data = malloc((size_t)n + 1);
		if (*mime == NULL || *data == NULL)
			abort();
		memcpy(*data, db_col_blob(st, 1), (size_t)n);
		*len = (size_t)n;
	}
	db_end(st);
	return found;
}

json_t *
bank_version_summary(struct store *s, int64_t bank_id, int version)
{
	static const char sql[] =
	    "WITH cur AS (SELECT iv.id, iv.item_id, iv.lang FROM bank_version_items bvi "
	    "  JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
	    "  JOIN item_versions iv ON iv.id = bvi.item_version_id "
	    "  WHERE bv.bank_id = ?1 AND bv.version = ?2), "
	    "prev AS (SELECT iv.id, iv.item_id FROM bank_version_items bvi "
	    "  JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
	    "  JOIN item_versions iv ON iv.id = bvi.item_version_id "
	    "  WHERE bv.bank_id = ?1 AND bv.version = ?2 - 1) "
	    "SELECT (SELECT count(DISTINCT item_id) FROM cur), "
	    "  (SELECT count(DISTINCT item_id) FROM cur WHERE item_id NOT IN "
	    "    (SELECT item_id FROM prev)), "
	    "  (SELECT count(DISTINCT item_id) FROM cur WHERE item_id IN (SELECT item_id FROM prev) "
	    "    AND (id NOT IN (SELECT id FROM prev) OR item_id IN (SELECT p.item_id FROM prev p "
	    "    WHERE p.id NOT IN (SELECT id FROM cur))))";
	static const char langs[] =
	    "SELECT iv.lang FROM bank_version_items bvi "
	    "JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
	    "JOIN item_versions iv ON iv.id = bvi.item_version_id "
	    "WHERE bv.bank_id = ?1 AND bv.version = ?2 GROUP BY iv.lang "
	    "ORDER BY iv.lang = 'zh-TW' DESC, iv.lang";
	struct db *d = store_db(s);
	struct stmt *st = db_stmt(d, sql);
	json_t *out = NULL, *l = json_array();
	int n = 0, added = 0, changed = 0;

	if (st == NULL)
		return NULL;
	db_bind_int64(st, 1, bank_id);
	db_bind_int(st, 2, version);
	if (db_row(st)) {
		n = db_col_int(st, 0);
		added = db_col_int(st, 1);
		changed = db_col_int(st, 2);
		out = json_object();
	}
	db_end(st);
	if (out == NULL || (st = db_stmt(d, langs)) == NULL) {
		json_decref(out);
		json_decref(l);
		return NULL;
	}
	db_bind_int64(st, 1, bank_id);
	db_bind_int(st, 2, version);
	while (db_row(st))
		json_array_append_new(l, json_string(db_col_text(st, 0)));
	db_end(st);
	json_object_set_new(out, "questions", json_integer(n));
	json_object_set_new(out, "added", json_integer(added));
	json_object_set_new(out, "changed", json_integer(changed));
	json_object_set_new(out, "unchanged", json_integer(n - added - changed));
	json_object_set_new(out, "languages", l);
	return out;
}
