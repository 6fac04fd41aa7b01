/*
 * export.c - one person's data as one JSON document; see export.h. Reads
 * only, on the caller's connection. Tables that other modules add later
 * are found by their columns (table_key, through the store's catalog
 * calls), so the export does not fall behind the schema.
 */
#include "export.h"

#include <string.h>
#include <time.h>

#include "attempt.h"
#include "buf.h"
#include "cert.h"
#include "consent.h"
#include "review.h"

/* 1 if a column of this name holds a secret, never exported. */
static int
secret_column(const char *name)
{
	return strcmp(name, "password") == 0 || strstr(name, "hash") != NULL ||
	    strstr(name, "token") != NULL || strstr(name, "secret") != NULL;
}

/* The current row of st as an object, without secrets or blobs. */
static json_t *
row_json(struct stmt *st)
{
	json_t *o = json_object();

	for (int i = 0; i < db_col_count(st); i++) {
		const char *name = db_col_name(st, i);
		json_t *v;

		if (secret_column(name))
			continue;
		switch (db_col_type(st, i)) {
		case DB_INTEGER:
			v = json_integer(db_col_int64(st, i));
			break;
		case DB_FLOAT:
			v = json_real(db_col_double(st, i));
			break;
		case DB_NULL:
			v = json_null();
			break;
		case DB_TEXT:
			v = json_stringn(db_col_text(st, i),
			    (size_t)db_col_bytes(st, i));
			break;
		default:
			continue;	/* a PDF, an image: not data about a person */
		}
		json_object_set_new(o, name, v ? v : json_null());
	}
	return o;
}

/* Every row of a prepared st (?1 bound by the caller) as row_json does;
 * st reset. A new array. */
static json_t *
rows_json(struct stmt *st)
{
	json_t *out = json_array();

	while (db_row(st))
		json_array_append_new(out, row_json(st));
	db_end(st);
	return out;
}

/* Each attempt: its row, the items as shown with the responses, and the
 * result under the exam's review policy. */
static json_t *
attempts_json(struct store *s, struct arena *a, int64_t user)
{
	struct stmt *st = db_stmt_int(store_db(s),
	    "SELECT public_id FROM attempts WHERE user_id = ?1 ORDER BY started_at, id", user);
	json_t *ids = json_array(), *out = json_array(), *v;
	size_t i;

	while (db_row(st))
		json_array_append_new(ids, json_string(db_col_text(st, 0)));
	db_end(st);
	json_array_foreach(ids, i, v) {
		struct attempt t;
		json_t *o, *view, *res;
		const char *review;

		if (!attempt_load(s, a, json_string_value(v), &t))
			continue;
		o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "id", t.public_id,
		    "exam", t.exam_id, "lang", t.lang, "state", t.state,
		    "started_at", (json_int_t)(t.started_ms / 1000),
		    "deadline", (json_int_t)(t.deadline_ms / 1000));
		if (o == NULL)
			continue;
		view = attempt_view(s, a, &t);
		if (view != NULL) {
			json_object_set(o, "items", json_object_get(view, "items"));
			json_object_set(o, "responses", json_object_get(view, "responses"));
			json_object_set(o, "flagged", json_object_get(view, "flagged"));
			json_decref(view);
		}
		res = t.graded ? attempt_result(s, a, &t, 0) : NULL;
		review = res ? json_string_value(json_object_get(res, "review")) : NULL;
		if (review != NULL && (strcmp(review, "by_item") == 0 ||
		    strcmp(review, "with_keys") == 0))
			json_object_set_new(res, "review_items", review_items(s, a, &t, t.lang,
			    strcmp(review, "with_keys") == 0));
		json_object_set_new(o, "result", res ? res : json_null());
		json_object_set_new(o, "integrity_events", rows_json(db_stmt_int(store_db(s),
		    "SELECT at, kind, detail FROM integrity_events WHERE attempt_id = ?1 "
		    "ORDER BY id", t.id)));
		json_object_set_new(o, "incidents", attempt_incidents(s, t.id));
		json_array_append_new(out, o);
	}
	json_decref(ids);
	return out;
}

static json_t *
certs_json(struct store *s, struct arena *a, int64_t user, const char *base_url)
{
	json_t *out = rows_json(db_stmt_int(store_db(s),
	    "SELECT serial, exam_id, holder, holder_alt, exam_en, exam_zh, "
	    "score_bp / 100.0 AS score_percent, issued_at, expires_at, code, revoked_at, "
	    "revoke_reason, superseded_by FROM certificates WHERE user_id = ?1 "
	    "ORDER BY id", user)), *c;
	size_t i;

	json_array_foreach(out, i, c) {
		json_int_t exp = json_integer_value(json_object_get(c, "expires_at"));

		json_object_set_new(c, "status", json_string(
		    !json_is_null(json_object_get(c, "revoked_at")) ? "revoked" :
		    exp > 0 && exp / 86400 < time(NULL) / 86400 ? "expired" : "valid"));
		json_object_set_new(c, "verify_url", json_string(cert_verify_url(a, base_url,
		    json_string_value(json_object_get(c, "code")))));
	}
	return out;
}

/* Audit entries by the account, or whose detail names its login (as a
 * word), one of its attempts or one of its certificates. */
static json_t *
audit_json(struct store *s, int64_t user)
{
	struct stmt *st = db_stmt_int(store_db(s),
	    "WITH me(login) AS (SELECT login FROM users WHERE id = ?1), "
	    "names(n) AS (SELECT login FROM me UNION ALL "
	    "  SELECT public_id FROM attempts WHERE user_id = ?1 UNION ALL "
	    "  SELECT serial FROM certificates WHERE user_id = ?1) "
	    "SELECT id, at, action, detail, addr, user_id = ?1 AS by_me FROM audit "
	    "WHERE user_id = ?1 OR EXISTS (SELECT 1 FROM names WHERE "
	    "  audit.detail = n OR audit.detail LIKE n || ' %' ESCAPE '\\' "
	    "  OR audit.detail LIKE '% ' || n ESCAPE '\\' "
	    "  OR audit.detail LIKE '% ' || n || ' %' ESCAPE '\\' "
	    "  OR instr(audit.detail, '\"' || n || '\"') > 0) "
	    "ORDER BY id", user);

	return rows_json(st);
}

/* Tables the export shows on its own, or that hold nothing of the
 * person's own (the audit's user_id is its actor). */
static int
table_done(const char *t)
{
	static const char *const done[] = { "users", "attempts", "certificates",
	    "consents", "audit", "attempt_items", "responses", "integrity_events",
	    "attempt_incidents", "verifications", NULL };

	for (const char *const *p = done; *p; p++)
		if (strcmp(*p, t) == 0)
			return 1;
	return strncmp(t, "sqlite_", 7) == 0;
}

/* How rows of table t are the person's: by a user_id column, else by
 * one of their attempts or certificates, else (email not NULL) by a
 * column "to" or "email" holding their address (an outbox). The WHERE
 * clause (?1 the account, ?2 its address), or NULL: none of theirs. */
static const char *
table_key(struct db *d, const char *t, const char *email)
{
	static const struct { const char *col, *where; int by_address; } keys[] = {
		{ "user_id", "user_id = ?1", 0 },
		{ "attempt_id", "attempt_id IN (SELECT id FROM attempts WHERE user_id = ?1)", 0 },
		{ "cert_id", "cert_id IN (SELECT id FROM certificates WHERE user_id = ?1)", 0 },
		{ "to", "\"to\" = ?2 COLLATE NOCASE", 1 },
		{ "email", "email = ?2 COLLATE NOCASE", 1 },
	};

	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		if (keys[i].by_address && email == NULL)
			continue;	/* no address to match */
		if (db_has_column(d, t, keys[i].col))
			return keys[i].where;
	}
	return NULL;
}

/* Every other table with rows of the person's (table_key): those rows. */
static json_t *
records_json(struct store *s, int64_t user, const char *email)
{
	struct db *d = store_db(s);
	json_t *tables = db_tables(d), *name;
	json_t *out = json_object();
	size_t k;

	json_array_foreach(tables, k, name) {
		const char *t = json_string_value(name), *where;
		struct buf sql = BUF_INIT;
		struct stmt *st;

		if (table_done(t) || strchr(t, '"') != NULL ||
		    (where = table_key(d, t, email)) == NULL)
			continue;
		buf_printf(&sql, "SELECT * FROM \"%s\" WHERE %s", t, where);
		if ((st = db_prepare(d, sql.data)) != NULL) {
			json_t *rows = json_array();

			db_bind_int64(st, 1, user);
			if (strstr(where, "?2") != NULL)
				db_bind_text(st, 2, email);
			while (db_step(st) == DB_ROW) {
				json_t *o = row_json(st);

				json_object_del(o, "user_id");
				json_array_append_new(rows, o);
			}
			if (json_array_size(rows) > 0)
				json_object_set(out, t, rows);
			json_decref(rows);
		}
		db_finalize(st);
		buf_free(&sql);
	}
	json_decref(tables);
	return out;
}

json_t *
export_person(struct store *s, struct arena *a, int64_t user, const char *base_url)
{
	struct stmt *st = db_stmt_int(store_db(s), "SELECT * FROM users WHERE id = ?1", user);
	json_t *account, *out;

	if (!db_row(st)) {
		db_end(st);
		return NULL;
	}
	account = row_json(st);
	db_end(st);
	out = json_pack("{s:s, s:I, s:o}", "format", "aicert-export-1",
	    "exported_at", (json_int_t)time(NULL), "account", account);
	if (out == NULL)
		return NULL;
	json_object_set_new(out, "consents", consent_user(s, user));
	json_object_set_new(out, "attempts", attempts_json(s, a, user));
	json_object_set_new(out, "certificates", certs_json(s, a, user, base_url));
	json_object_set_new(out, "audit", audit_json(s, user));
	json_object_set_new(out, "records", records_json(s, user,
	    json_string_value(json_object_get(account, "email"))));
	return out;
}
