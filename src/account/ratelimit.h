/*
 * ratelimit.h - brute-force limits on sign-in and registration, counted on
 * failures, and plain request counters per address (verification).
 *
 * A test centre puts hundreds of honest candidates behind one address, and
 * a stranger must not be able to lock a learner out, so:
 *
 * - Wrong passwords are counted per (account, address): after
 *   RL_ACCOUNT_FREE of them in a row that pair is locked for a time that
 *   doubles with each further failure (30 s up to 15 min). The same account
 *   from an address that has not been failing is not affected, and an
 *   access code is another way in. A success clears the pair; a trainer
 *   clears every pair of an account (ratelimit_clear_account).
 * - An address is limited after RL_ADDR_MAX failures (passwords and access
 *   codes) within RL_WINDOW seconds: password spraying across accounts.
 * - Registration: refusals (taken login, weak password ...) are counted
 *   tightly per address, accounts created generously (see the numbers).
 *
 * IPv6 addresses count per /64 (one host usually holds a whole /64), IPv4
 * per address. State lives in memory (a restart forgets it) in fixed-size
 * tables keyed by a hash under a random per-process key; an entry is never
 * dropped while it still counts. When no slot is free, the event is counted
 * in one overflow entry that then stands for every key without a slot: the
 * limit degrades to a global one instead of forgetting. Thread-safe.
 */
#ifndef AICERT_RATELIMIT_H
#define AICERT_RATELIMIT_H

#include <time.h>

#define RL_ACCOUNT_FREE 10	/* wrong passwords per (account, address) */
#define RL_ADDR_MAX 300		/* sign-in failures per address per window */
#define RL_WINDOW 900		/* seconds */
/* A room registering by itself makes a few mistakes (a password too short
 * or too common, two passwords that differ); a script guessing which
 * logins exist makes many: 30 refused forms per address in 15 minutes.
 * Created accounts are counted generously: 1,000 an hour from one address
 * is more than a test centre's room of hundreds registering at once. */
#define RL_REG_FAIL_MAX 30
#define RL_REG_OK_MAX 1000
#define RL_REG_OK_WINDOW 3600
#define RL_SLOTS 65536		/* sign-in and registration entries */
#define RL_HIT_SLOTS 16384	/* ratelimit_hit entries */

/* 0 if a sign-in of login (may be "": an access code) from addr may be
 * tried now; otherwise the number of seconds to wait (for Retry-After). */
int ratelimit_check(const char *login, const char *addr, time_t now);

/* Records a failed sign-in. An empty login (an access code) counts
 * against the address only. */
void ratelimit_fail(const char *login, const char *addr, time_t now);

/* Records a successful sign-in: clears the failures of (login, addr). */
void ratelimit_success(const char *login, const char *addr);

/* Clears every throttle entry of the account login, from every address
 * (a trainer letting a learner in). Address limits are kept. */
void ratelimit_clear_account(const char *login);

/* 0 if a registration from addr may be tried now, else seconds to wait. */
int ratelimit_register_check(const char *addr, time_t now);

/* Records a registration's outcome: created 1 (an account was made) or 0
 * (the form was refused). */
void ratelimit_register_done(const char *addr, int created, time_t now);

/* Counts one request of key (e.g. an address verifying certificates; an
 * IPv6 address counts per /64): 0 while there were at most max in the
 * current window of window seconds, else the seconds until it ends. */
int ratelimit_hit(const char *key, int max, int window, time_t now);

/* Forgets everything (tests). */
void ratelimit_reset(void);

#endif
