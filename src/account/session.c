/*
 * session.c - sessions and CSRF tokens; see session.h. Depends on
 * libsodium and the store.
 */
#include "session.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char csrf_key[crypto_auth_hmacsha256_KEYBYTES];

void
session_random_token(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
session_token_hash(const char *token, unsigned char out[32])
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
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	db_bind_blob(st, 1, ns->hash, 32);
	db_bind_int64(st, 2, ns->uid);
	db_bind_int64(st, 3, (int64_t)ns->now);
	db_bind_int64(st, 4, (int64_t)ns->exp);
	if (db_done(st) != 0)
		return -1;
	/* Expired sessions go as new ones come: no sweeper needed. */
	(void)db_done(db_stmt_int(d, purge, (int64_t)ns->now));
	return 0;
}

int
session_create(struct store *s, int64_t uid, char out[SESSION_TOKEN_LEN + 1],
    time_t *exp)
{
	struct new_session ns;

	session_random_token(out);
	session_token_hash(out, ns.hash);
	ns.uid = uid;
	ns.now = time(NULL);
	ns.exp = ns.now + SESSION_TTL;
	if (store_write(s, insert_session, &ns) != 0)
		return -1;
	*exp = ns.exp;
	return 0;
}

/*
 * Who a session is, remembered: every request of a signed-in learner
 * asks, and the join of sessions and users was a tenth of a save's
 * work. An entry holds while the store's who-generation (bumped after
 * any commit that changed a users row or deleted sessions) is the one it
 * was read under, the session has not expired, and for at most
 * SCACHE_TTL seconds (a change by another process). Only found sessions
 * are remembered: a guessed token costs a lookup, as before. A token may
 * sit in either of two neighbouring slots, so that 10,000 learners in
 * 16,384 slots rarely push each other out; a newcomer takes the slot
 * that is free, stale or read longest ago.
 */
#define SCACHE_SLOTS 16384
#define SCACHE_TTL 30

struct scache_entry {
	pthread_mutex_t mu;
	uint64_t store, gen;		/* store 0: empty */
	unsigned char hash[32];
	time_t at, expires, used;	/* read, ends, last found */
	struct user u;			/* strings malloc'd */
};

static struct scache_entry scache[SCACHE_SLOTS];
static pthread_once_t scache_once = PTHREAD_ONCE_INIT;

static void
scache_init(void)
{
	for (size_t i = 0; i < SCACHE_SLOTS; i++)
		pthread_mutex_init(&scache[i].mu, NULL);
}

/* The first of the two slots a token may take. */
static struct scache_entry *
scache_slot(const unsigned char hash[32])
{
	uint32_t h;

	pthread_once(&scache_once, scache_init);
	memcpy(&h, hash, sizeof h);	/* a SHA-256: already uniform */
	return &scache[h % SCACHE_SLOTS & ~1u];
}

/* 1 if e holds a session that may still be used at now (its store and
 * generation aside). Under e->mu. */
static int
scache_fresh(const struct scache_entry *e, time_t now)
{
	return e->store != 0 && now < e->expires && now >= e->at && now - e->at < SCACHE_TTL;
}

/* What keeping e is worth against putting the token hash in it: -1 if
 * it holds that token already, 0 if it is empty or stale, else when it
 * was last found. */
static time_t
scache_judge(struct scache_entry *e, const unsigned char hash[32], time_t now)
{
	time_t worth;

	pthread_mutex_lock(&e->mu);
	if (e->store != 0 && memcmp(e->hash, hash, 32) == 0)
		worth = -1;
	else if (!scache_fresh(e, now))
		worth = 0;
	else
		worth = e->used;
	pthread_mutex_unlock(&e->mu);
	return worth;
}

static char *
copy_or_null(struct arena *a, const char *t)
{
	return t ? arena_strdup(a, t) : NULL;
}

static int
scache_get(uint64_t store, uint64_t gen, const unsigned char hash[32], time_t now,
    struct arena *a, struct user *u)
{
	struct scache_entry *e = scache_slot(hash);
	int hit = 0;

	for (int k = 0; k < 2 && !hit; k++, e++) {
		pthread_mutex_lock(&e->mu);
		hit = scache_fresh(e, now) && e->store == store && e->gen == gen &&
		    sodium_memcmp(e->hash, hash, 32) == 0;
		if (hit) {
			*u = e->u;
			u->login = copy_or_null(a, e->u.login);
			u->name = copy_or_null(a, e->u.name);
			u->name_alt = copy_or_null(a, e->u.name_alt);
			e->used = now;
		}
		pthread_mutex_unlock(&e->mu);
	}
	return hit;
}

static void
scache_put(uint64_t store, uint64_t gen, const unsigned char hash[32], time_t now,
    time_t expires, const struct user *u)
{
	struct scache_entry *e = scache_slot(hash), *f = e + 1;
	struct user old;
	char *login = strdup(u->login), *name = strdup(u->name);
	char *alt = u->name_alt ? strdup(u->name_alt) : NULL;

	if (login == NULL || name == NULL || (u->name_alt && alt == NULL)) {
		free(login);
		free(name);
		free(alt);
		return;		/* not remembered: no harm */
	}
	/* Which of the two: the same token, else the one free, stale or
	 * found longest ago (each looked at under its lock; if another
	 * thread changes it meanwhile, the other one is evicted: harmless). */
	if (scache_judge(f, hash, now) < scache_judge(e, hash, now))
		e = f;
	pthread_mutex_lock(&e->mu);
	old = e->u;
	e->used = now;
	e->store = store;
	e->gen = gen;
	memcpy(e->hash, hash, 32);
	e->at = now;
	e->expires = expires;
	e->u = *u;
	e->u.login = login;
	e->u.name = name;
	e->u.name_alt = alt;
	pthread_mutex_unlock(&e->mu);
	free(old.login);
	free(old.name);
	free(old.name_alt);
}

int
session_lookup(struct store *s, struct arena *a, const char *token,
    struct user *u)
{
	static const char sql[] =
	    "SELECT " ACCOUNT_USER_COLS ", s.expires_at FROM sessions s "
	    "JOIN users u ON u.id = s.user_id "
	    "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0";
	unsigned char hash[32];
	struct stmt *st;
	struct db *d;
	int found = 0;
	time_t now = time(NULL), expires = 0;
	uint64_t gen = store_who_generation(s);	/* before reading */

	if (token == NULL || strlen(token) != SESSION_TOKEN_LEN)
		return 0;
	session_token_hash(token, hash);
	d = store_db(s);
	if (scache_get(db_store_id(d), gen, hash, now, a, u))
		return 1;
	if ((st = db_stmt(d, sql)) == NULL)
		return 0;
	db_bind_blob(st, 1, hash, 32);
	db_bind_int64(st, 2, (int64_t)now);
	if ((found = db_row(st)) != 0) {
		account_user_row(a, st, u);
		expires = (time_t)db_col_int64(st, 6);
	}
	db_end(st);
	if (found)
		scache_put(db_store_id(d), gen, hash, now, expires, u);
	return found;
}

static int
delete_session(struct db *d, void *ctx)
{
	static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?";
	struct stmt *st = db_stmt(d, sql);

	if (st == NULL)
		return -1;
	db_bind_blob(st, 1, ctx, 32);
	db_who_changed(d);	/* a remembered lookup of it is void */
	return db_done(st);
}

int
session_delete(struct store *s, const char *token)
{
	unsigned char hash[32];

	if (token == NULL)
		return 0;
	session_token_hash(token, hash);
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
