/*
 * bank_retire.c - retiring and restoring questions; see bank_retire.h.
 * Shared by the JSON API (api_bank.c) and the console (ui_console_bank.c).
 */
#include "bank_retire.h"

#include <time.h>

struct retire {
	const char *bank, *key;
	int on, found;
};

static int
retire_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "UPDATE items SET retired_at = CASE WHEN ?3 THEN coalesce(retired_at, ?4) END "
	    "WHERE key = ?2 AND bank_id = (SELECT id FROM banks WHERE name = ?1)";
	struct retire *rt = ctx;
	struct stmt *st = db_stmt_text(d, sql, rt->bank);

	if (st == NULL)
		return -1;
	db_bind_text(st, 2, rt->key);
	db_bind_int(st, 3, rt->on);
	db_bind_int64(st, 4, (int64_t)time(NULL));
	if (db_done(st) != 0)
		return -1;
	rt->found = db_changes(d) > 0;
	if (!rt->found)
		return 0;
	return db_audit(d, rt->on ? "item.retire" : "item.restore", rt->key);
}

int
bank_retire(struct store *s, const char *bank, const char *key, int on)
{
	struct retire rt = { bank, key, on, 0 };

	if (bank == NULL || key == NULL)
		return 0;
	if (store_write(s, retire_fn, &rt) != 0)
		return -1;
	return rt.found;
}

json_t *
bank_retired(struct store *s, const char *bank)
{
	static const char sql[] =
	    "SELECT key FROM items WHERE retired_at IS NOT NULL "
	    "AND bank_id = (SELECT id FROM banks WHERE name = ?)";
	struct stmt *st = db_stmt_text(store_db(s), sql, bank);
	json_t *out = json_object();

	while (db_row(st))
		json_object_set_new(out, db_col_text(st, 0), json_true());
	db_end(st);
	return out;
}
