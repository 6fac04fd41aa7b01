/*
 * reset.c - password reset by mail; see reset.h. Depends on the store,
 * the mail outbox, passwords and the rate limiter.
 */
#include "reset.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "mail.h"
#include "password.h"
#include "ratelimit.h"

/* The SHA-256 of a well-formed token (64 hex digits); -1 if it is not
 * one. */
static int
token_hash(const char *token, unsigned char out[32])
{
	if (token == NULL || strlen(token) != RESET_TOKEN_HEX ||
	    strspn(token, "0123456789abcdef") != RESET_TOKEN_HEX)
		return -1;
	crypto_hash_sha256(out, (const unsigned char *)token, RESET_TOKEN_HEX);
	return 0;
}

struct issue {
	int64_t uid, now;
	unsigned char hash[32];
	const char *to, *lang, *kind;
	json_t *vars;
};

/* The token and its mail in one write: one commit, as a request that
 * found no account makes (reset_request). */
static int
insert_token(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO password_resets(token_hash, user_id, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?)";
	static const char old[] = "DELETE FROM password_resets WHERE expires_at < ?";
	struct issue *is = ctx;
	struct stmt *st;

	if (db_done(db_stmt_int(d, old, is->now - 86400)) != 0 ||
	    (st = db_stmt(d, sql)) == NULL)
		return -1;
	db_bind_blob(st, 1, is->hash, 32);
	db_bind_int64(st, 2, is->uid);
	db_bind_int64(st, 3, is->now);
	db_bind_int64(st, 4, is->now + RESET_TTL);
	if (db_done(st) != 0)
		return -1;
	return mail_queue_db(d, is->to, is->lang, is->kind, is->vars);
}

int
reset_issue(struct store *s, int64_t uid, const char *kind, const char *lang,
    const char *base_url)
{
	static const char sql[] = "SELECT login, name, email FROM users WHERE id = ?";
	struct arena *a = arena_new();
	struct issue is = { uid, (int64_t)time(NULL), { 0 }, NULL, NULL, kind, NULL };
	unsigned char raw[32];
	char token[RESET_TOKEN_HEX + 1], *login = NULL, *name = NULL, *email = NULL;
	struct stmt *st;
	json_t *vars;
	int rc = -1;

	if (a == NULL)
		return -1;
	st = db_stmt_int(store_db(s), sql, uid);
	if (db_row(st)) {
		login = db_text(a, st, 0);
		name = db_text(a, st, 1);
		email = db_text(a, st, 2);
	}
	db_end(st);
	if (login == NULL || email == NULL || *email == '\0') {
		arena_free(a);
		return login == NULL ? -1 : 1;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, sizeof token, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	crypto_hash_sha256(is.hash, (const unsigned char *)token, RESET_TOKEN_HEX);
	if (account_lang(s, uid) != NULL)
		lang = account_lang(s, uid);
	vars = json_pack("{s:s, s:s, s:s, s:s}", "login", login, "name", name ? name : login,
	    "link", arena_printf(a, "%s/reset/%s", base_url, token), "minutes", "60");
	is.to = email;
	is.lang = lang;
	is.vars = vars;
	if (store_write(s, insert_token, &is) == 0) {
		rc = 0;
		mail_kick();
	}
	json_decref(vars);
	sodium_memzero(token, sizeof token);
	arena_free(a);
	return rc;
}

static int
nothing(struct db *d, void *ctx)
{
	(void)d;
	(void)ctx;
	return 0;
}

int
reset_request(struct store *s, const char *login, const char *email,
    const char *addr, const char *lang, const char *base_url)
{
	static const char by_login[] =
	    "SELECT id FROM users WHERE login = ? AND disabled = 0 AND email IS NOT NULL";
	static const char by_email[] =
	    "SELECT id FROM users WHERE email = ? COLLATE NOCASE AND disabled = 0 LIMIT 5";
	time_t now = time(NULL);
	int64_t ids[5];
	int n = 0, wait, sent = 0;
	struct stmt *st;
	char key[64];

	snprintf(key, sizeof key, "reset-from:%s", addr ? addr : "");
	if ((wait = ratelimit_hit(key, RESET_PER_ADDR, 3600, now)) > 0)
		return wait;
	if (login != NULL && *login) {
		st = db_stmt_text(store_db(s), by_login, login);
		while (n < 5 && db_row(st))
			ids[n++] = db_col_int64(st, 0);
		db_end(st);
	}
	/* Given both (the page's one box holding what looks like an
	 * address), the login wins; else the accounts of that address. */
	if (n == 0 && email != NULL && *email) {
		st = db_stmt_text(store_db(s), by_email, email);
		while (n < 5 && db_row(st))
			ids[n++] = db_col_int64(st, 0);
		db_end(st);
	}
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof key, "reset-account:%lld", (long long)ids[i]);
		if (ratelimit_hit(key, RESET_PER_ACCOUNT, 3600, now) > 0)
			continue;
		/* An account that signs in by access codes alone is asked to
		 * set its first password, in those words. */
		if (reset_issue(s, ids[i], account_has_password(s, ids[i]) ? "reset" :
		    "set_password", lang, base_url) == 0)
			sent++;
	}
	/* The same kind of wait whatever was found: one commit. */
	if (sent == 0)
		store_write(s, nothing, NULL);
	return 0;
}

int64_t
reset_lookup(struct store *s, struct arena *a, const char *token, char **login)
{
	static const char sql[] =
	    "SELECT u.id, u.login FROM password_resets r JOIN users u ON u.id = r.user_id "
	    "WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? "
	    "AND u.disabled = 0";
	unsigned char h[32];
	struct stmt *st;
	int64_t uid = 0;

	if (token_hash(token, h) != 0 || (st = db_stmt(store_db(s), sql)) == NULL)
		return 0;
	db_bind_blob(st, 1, h, 32);
	db_bind_int64(st, 2, (int64_t)time(NULL));
	if (db_row(st)) {
		uid = db_col_int64(st, 0);
		if (login != NULL)
			*login = db_text(a, st, 1);
	}
	db_end(st);
	return uid;
}

struct spend {
	unsigned char hash[32];
	const char *pwhash;
	int64_t now;
	int done;
};

static int
spend(struct db *d, void *ctx)
{
	static const char find[] =
	    "SELECT r.user_id, u.login FROM password_resets r JOIN users u ON u.id = r.user_id "
	    "WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? "
	    "AND u.disabled = 0";
	static const char set_pw[] = "UPDATE users SET password = ? WHERE id = ?";
	static const char used[] =
	    "UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL";
	static const char end[] = "DELETE FROM sessions WHERE user_id = ?";
	struct spend *sp = ctx;
	struct stmt *st = db_stmt(d, find);
	char login[80] = "";
	int64_t uid = 0;

	if (st == NULL)
		return -1;
	db_bind_blob(st, 1, sp->hash, 32);
	db_bind_int64(st, 2, sp->now);
	if (db_row(st)) {
		uid = db_col_int64(st, 0);
		snprintf(login, sizeof login, "%s", db_col_text(st, 1));
	}
	db_end(st);
	if (uid == 0)
		return 0;
	if ((st = db_stmt(d, set_pw)) == NULL)
		return -1;
	db_bind_text(st, 1, sp->pwhash);
	db_bind_int64(st, 2, uid);
	if (db_done(st) != 0 || (st = db_stmt(d, used)) == NULL)
		return -1;
	db_bind_int64(st, 1, sp->now);
	db_bind_int64(st, 2, uid);
	if (db_done(st) != 0 || db_done(db_stmt_int(d, end, uid)) != 0)
		return -1;
	db_who_changed(d);
	sp->done = 1;
	return db_audit(d, "user.password_reset", login);
}

int
reset_complete(struct store *s, const char *token, const char *password,
    const char **err)
{
	static const char names[] = "SELECT name, name_alt FROM users WHERE id = ?";
	struct arena *a = arena_new();
	struct spend sp;
	char hash[128], *login = NULL, *name = NULL, *alt = NULL;
	int64_t uid;
	struct stmt *st;

	memset(&sp, 0, sizeof sp);
	*err = "internal_error";
	if (a == NULL)
		return -1;
	if ((uid = reset_lookup(s, a, token, &login)) == 0) {
		*err = "reset_link_invalid";
		arena_free(a);
		return -1;
	}
	st = db_stmt_int(store_db(s), names, uid);
	if (db_row(st)) {
		name = db_text(a, st, 0);
		alt = db_text(a, st, 1);
	}
	db_end(st);
	*err = password == NULL ? "password_too_short" :
	    password_weakness(password, login, name, alt);
	arena_free(a);
	if (*err != NULL)
		return -1;
	if (password_hash(hash, password) != 0) {
		*err = "internal_error";
		return -1;
	}
	token_hash(token, sp.hash);
	sp.pwhash = hash;
	sp.now = (int64_t)time(NULL);
	if (store_write(s, spend, &sp) != 0) {
		*err = "internal_error";
		return -1;
	}
	sodium_memzero(hash, sizeof hash);
	if (!sp.done) {
		*err = "reset_link_invalid";
		return -1;
	}
	*err = NULL;
	return 0;
}
