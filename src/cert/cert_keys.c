/*
 * cert_keys.c - the issuer's key set: every signing key's public half,
 * the one in use and the retired ones that still verify, as stored and
 * as /.well-known/aicert-keys.json publishes it. Depends on keys.c (PEM)
 * and the store.
 */
#include "cert.h"

#include <time.h>

#include "cert_int.h"

struct keyrow {
	const struct signing_key *k;
};

static int
register_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO signing_keys(id, public_pem, created_at) VALUES (?, ?, ?) "
	    "ON CONFLICT(id) DO NOTHING";
	static const char retire[] =
	    "UPDATE signing_keys SET retired_at = ? WHERE id != ? AND retired_at IS NULL";
	const struct signing_key *k = ((struct keyrow *)ctx)->k;
	struct stmt *st = db_stmt_text(d, sql, k->id);
	char pem[256];

	if (st == NULL)
		return -1;
	keys_public_pem(k->pk, pem, sizeof pem);
	db_bind_text(st, 2, pem);
	db_bind_int64(st, 3, (int64_t)time(NULL));
	if (db_done(st) != 0 || (st = db_stmt_int(d, retire, (int64_t)time(NULL))) == NULL)
		return -1;
	/* Exactly one key signs: the one in use; the others only verify. */
	db_bind_text(st, 2, k->id);
	return db_done(st);
}

int
cert_keys_register(struct store *s, const struct signing_key *k)
{
	struct keyrow kr = { k };
	int rc = store_write(s, register_fn, &kr);

	cert_changed();
	return rc;
}

json_t *
cert_keys_json(struct store *s)
{
	static const char sql[] =
	    "SELECT id AS id, public_pem AS public_key_pem, "
	    "CASE WHEN retired_at IS NULL THEN 'current' ELSE 'retired' END AS status, "
	    "created_at AS created_at, retired_at AS retired_at "
	    "FROM signing_keys ORDER BY created_at";
	json_t *keys = db_json_rows(db_stmt(store_db(s), sql)), *out;
	struct arena *a = arena_new();
	const char *en, *zh;

	cert_issuer(s, a, &en, &zh);
	out = json_pack("{s:{s:s, s:s}, s:s, s:o}", "issuer", "en", en, "zh-TW", zh,
	    "algorithm", "Ed25519", "keys", keys);
	arena_free(a);
	return out;
}

int
cert_key_by_id(struct store *s, const char *id, unsigned char pk[32])
{
	static const char sql[] = "SELECT public_pem FROM signing_keys WHERE id = ?";
	struct stmt *st = db_stmt_text(store_db(s), sql, id);
	const char *pem;
	int found = 0;

	if (db_row(st) && (pem = db_col_text(st, 0)) != NULL)
		found = keys_parse_public_pem(&pem, pk) == 0;
	db_end(st);
	return found;
}
