/*
 * session.h - sign-in sessions and CSRF tokens.
 *
 * A session token is 32 random bytes in URL-safe base64 (43 characters);
 * only its SHA-256 is stored, so a copy of the database signs nobody in.
 * A CSRF token is an HMAC of what the form is bound to (the session, or
 * a pre-session cookie before sign-in) under a secret kept in settings.
 */
#ifndef AICERT_SESSION_H
#define AICERT_SESSION_H

#include <stdint.h>
#include <time.h>

#include "account.h"
#include "store.h"

#define SESSION_TOKEN_LEN 43
#define SESSION_TTL (12 * 3600)
#define CSRF_LEN 43

/* A fresh random token (URL-safe base64, NUL-terminated). */
void session_random_token(char out[SESSION_TOKEN_LEN + 1]);

/* The SHA-256 of a token: what the sessions table stores. */
void session_token_hash(const char *token, unsigned char out[32]);

/* Creates a session for uid; writes its token to out and expiry to *exp.
 * Returns 0 or -1. */
int session_create(struct store *s, int64_t uid, char out[SESSION_TOKEN_LEN + 1],
    time_t *exp);

/* Fills u (strings from a) from a live session's token. Returns 1 if the
 * token names a live session of an enabled account, else 0. */
int session_lookup(struct store *s, struct arena *a, const char *token,
    struct user *u);

/* Ends the session with this token (no error if there is none). */
int session_delete(struct store *s, const char *token);

/* Loads (creating on first run) the server's CSRF secret. 0 or -1. */
int csrf_init(struct store *s);

/* The CSRF token for a binding string (session token or pre-session
 * cookie), URL-safe base64, NUL-terminated. */
void csrf_token(const char *binding, char out[CSRF_LEN + 1]);

/* 1 if token is the CSRF token of binding (constant time), else 0. */
int csrf_check(const char *binding, const char *token);

#endif
