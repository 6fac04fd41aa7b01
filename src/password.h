/*
 * password.h - password hashing with Argon2id (libsodium).
 *
 * Parameters: t = 2 passes, m = 19 MiB, one lane: OWASP's minimum for
 * Argon2id, chosen so that an exam-day sign-in storm (a room of candidates
 * signing in within a minute) stays cheap on two cores; docs/operations.md
 * gives the measured cost. Hashing is slow on purpose: call it off the
 * threads that serve connections.
 */
#ifndef AICERT_PASSWORD_H
#define AICERT_PASSWORD_H

#include <stddef.h>

#define PASSWORD_OPSLIMIT 2
#define PASSWORD_MEMLIMIT (19u * 1024 * 1024)
#define PASSWORD_MIN_LEN 8
#define PASSWORD_MAX_LEN 1024

/* The hash string for pw (crypto_pwhash_str format, 128 bytes with NUL).
 * Returns 0, or -1 when out of memory. */
int password_hash(char out[128], const char *pw);

/* 1 if pw matches the stored hash, 0 if not (or the hash is malformed). */
int password_check(const char *hash, const char *pw);

/* Spends the same time as a check, for sign-ins of unknown accounts, so
 * timing does not tell which logins exist. */
void password_dummy_check(const char *pw);

/* NULL if pw is acceptable, else a message key ("password_too_short" ...). */
const char *password_weakness(const char *pw);

#endif
