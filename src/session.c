/*
 * session.c - sessions and CSRF tokens; see session.h. Depends on
 * libsodium and the store.
 */
#include "session.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static unsigned char csrf_key[crypto_auth_hmacsha256_KEYBYTES];

void
session_random_token(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void
token_hash(const char *token, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

struct new_session {
	unsigned char hash[32];
	int64_t uid;
	time_t now, exp;
};

static int
insert_session(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?)";
	static const char purge[] =
	    "DELETE FROM sessions WHERE expires_at < ?";
	struct new_session *ns = ctx;
	sqlite3_stmt *st = db_stmt(d, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, ns->hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ns->uid);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)ns->now);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)ns->exp);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	/* Expired sessions go as new ones come: no sweeper needed. */
	if ((st = db_stmt(d, purge)) != NULL) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)ns->now);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	return 0;
}

int
session_create(struct store *s, int64_t uid, char out[SESSION_TOKEN_LEN + 1],
    time_t *exp)
{
	struct new_session ns;

	session_random_token(out);
	token_hash(out, ns.hash);
	ns.uid = uid;
	ns.now = time(NULL);
	ns.exp = ns.now + SESSION_TTL;
	if (store_write(s, insert_session, &ns) != 0)
		return -1;
	*exp = ns.exp;
	return 0;
}

int
session_lookup(struct store *s, struct arena *a, const char *token,
    struct user *u)
{
	static const char sql[] =
	    "SELECT u.id, u.login, u.name, u.name_alt, u.role, u.time_multiplier "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0";
	unsigned char hash[32];
	sqlite3_stmt *st;
	int found = 0;

	if (token == NULL || strlen(token) != SESSION_TOKEN_LEN)
		return 0;
	if ((st = db_stmt(store_db(s), sql)) == NULL)
		return 0;
	token_hash(token, hash);
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *alt = (const char *)sqlite3_column_text(st, 3);

		found = 1;
		u->id = sqlite3_column_int64(st, 0);
		u->login = arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
		u->name = arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
		u->name_alt = alt ? arena_strdup(a, alt) : NULL;
		u->role = role_parse((const char *)sqlite3_column_text(st, 4));
		u->time_multiplier = sqlite3_column_double(st, 5);
	}
	sqlite3_reset(st);
	return found;
}

static int
delete_session(struct db *d, void *ctx)
{
	static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?";
	sqlite3_stmt *st = db_stmt(d, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, ctx, 32, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
session_delete(struct store *s, const char *token)
{
	unsigned char hash[32];

	if (token == NULL)
		return 0;
	token_hash(token, hash);
	return store_write(s, delete_session, hash);
}

int
csrf_init(struct store *s)
{
	char *hex = store_setting(s, "csrf_secret");
	size_t len = 0;
	int rc = 0;

	if (hex == NULL) {
		char fresh[2 * sizeof csrf_key + 1];

		randombytes_buf(csrf_key, sizeof csrf_key);
		sodium_bin2hex(fresh, sizeof fresh, csrf_key, sizeof csrf_key);
		return store_set_setting(s, "csrf_secret", fresh);
	}
	if (sodium_hex2bin(csrf_key, sizeof csrf_key, hex, strlen(hex), NULL,
	    &len, NULL) != 0 || len != sizeof csrf_key)
		rc = -1;
	free(hex);
	return rc;
}

void
csrf_token(const char *binding, char out[CSRF_LEN + 1])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, csrf_key, sizeof csrf_key);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"csrf:", 5);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)binding,
	    strlen(binding));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, CSRF_LEN + 1, mac, sizeof mac,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
csrf_check(const char *binding, const char *token)
{
	char want[CSRF_LEN + 1];

	if (binding == NULL || token == NULL || strlen(token) != CSRF_LEN)
		return 0;
	csrf_token(binding, want);
	return sodium_memcmp(want, token, CSRF_LEN) == 0;
}
