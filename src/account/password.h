/*
 * password.h - password hashing with Argon2id (libsodium).
 *
 * Parameters: t = 2 passes, m = 19 MiB, one lane: OWASP's minimum for
 * Argon2id, chosen so that an exam-day sign-in storm (a room of candidates
 * signing in within a minute) stays cheap on two cores; docs/operations.md
 * gives the measured cost. Hashing is slow on purpose: call it off the
 * threads that serve connections.
 *
 * What a password may be is decided in one place, password_weakness, for
 * every way a password is set (registration, `aicert user add`, an
 * administrator's reset): long enough, not the login or the name, not in
 * the list of common passwords (templates/common-passwords.txt).
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

/* NULL if pw is acceptable for the account login with names name and
 * name_alt (each may be NULL), else a message key: "password_too_short",
 * "password_too_long", "password_personal" (the login or a name, in any
 * case), "password_common" (in the loaded list, in any case). */
const char *password_weakness(const char *pw, const char *login,
    const char *name, const char *name_alt);

/* Loads the list of common passwords (one a line, # comments) from path,
 * replacing any list loaded before; until one is loaded, only the other
 * rules apply. Returns 0, or -1 if the file cannot be read or holds no
 * password. Not thread-safe: call before serving. */
int password_load_common(const char *path);

/* Forgets the list (tests, shutdown). */
void password_free_common(void);

#endif
