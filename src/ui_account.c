/*
 * ui_account.c - the learner's own page: every attempt with its result,
 * and every certificate with its download and verification links.
 */
#include "handlers.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "cert.h"

int
ui_account(struct req *r)
{
	static const char sql[] =
	    "SELECT public_id, exam_id, state, percent, passed, started_at, exam_def "
	    "FROM attempts WHERE user_id = ? ORDER BY started_at DESC LIMIT 200";
	sqlite3_stmt *st = db_stmt(store_db(r->store), sql);
	json_t *attempts = json_array(), *certs;
	size_t i;
	json_t *c;

	if (st != NULL)
		sqlite3_bind_int64(st, 1, r->user.id);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		json_t *def = json_loads((const char *)sqlite3_column_text(st, 6), 0, NULL);
		const char *state = (const char *)sqlite3_column_text(st, 2);
		const char *title = json_string_value(json_object_get(json_object_get(def, "title"),
		    r->lang));
		int running = strcmp(state, "running") == 0;

		json_array_append_new(attempts, json_pack("{s:s, s:s, s:b, s:b, s:s, s:s}",
		    "id", (const char *)sqlite3_column_text(st, 0),
		    "title", title ? title : (const char *)sqlite3_column_text(st, 1),
		    "running", running, "passed", !running && sqlite3_column_int(st, 4),
		    "percent", running ? "" : arena_printf(r->arena, "%.1f",
		    sqlite3_column_double(st, 3)),
		    "state", i18n_get(r->lang, arena_printf(r->arena, "state_%s", state))));
		json_decref(def);
	}
	if (st != NULL)
		sqlite3_reset(st);
	certs = cert_list_user(r->store, r->user.id, r->app->base_url, r->lang);
	json_array_foreach(certs, i, c)
		json_object_set_new(c, "status_text", json_string(i18n_get(r->lang,
		    arena_printf(r->arena, "verify_%s", json_string_value(json_object_get(c,
		    "status"))))));
	return reply_page(r, 200, "account", json_pack("{s:s, s:o, s:o}", "title",
	    i18n_get(r->lang, "account_title"), "attempts", attempts, "certificates", certs));
}
