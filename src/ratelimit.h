/*
 * ratelimit.h - brute-force limits on sign-in, counted on failures only.
 *
 * A test centre puts hundreds of honest candidates behind one address, so
 * successful sign-ins are never counted and the per-account limit acts
 * first: after RL_ACCOUNT_FREE consecutive wrong passwords an account is
 * locked for a time that doubles with each further failure (30 s up to
 * 15 min). An address is limited only after RL_ADDR_MAX failures within
 * RL_WINDOW seconds, for password spraying across many accounts. State
 * lives in memory (a restart forgets it) in a fixed-size table.
 */
#ifndef AICERT_RATELIMIT_H
#define AICERT_RATELIMIT_H

#include <time.h>

#define RL_ACCOUNT_FREE 10
#define RL_ADDR_MAX 300
#define RL_WINDOW 900

/* 0 if a sign-in of login from addr may be tried now; otherwise the number
 * of seconds to wait (for Retry-After). Thread-safe. */
int ratelimit_check(const char *login, const char *addr, time_t now);

/* Records a failed sign-in. An empty login (an access code) counts
 * against the address only. */
void ratelimit_fail(const char *login, const char *addr, time_t now);

/* Records a successful sign-in: clears the account's failures. */
void ratelimit_success(const char *login);

/* Counts one request of key (e.g. an address verifying certificates):
 * 0 while there were at most max in the current window of window
 * seconds, else the seconds until the window ends. */
int ratelimit_hit(const char *key, int max, int window, time_t now);

/* Forgets everything (tests). */
void ratelimit_reset(void);

#endif
