/*
 * ratelimit.c - failure counters for sign-in; see ratelimit.h.
 *
 * One open-addressed table of keys "a:<login>" and "i:<addr>". When a probe
 * run is full, the entry seen longest ago is replaced, so memory stays
 * bounded under a flood of made-up logins.
 */
#include "ratelimit.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define RL_SLOTS 16384
#define RL_PROBE 16
#define RL_KEY 96

struct entry {
	char key[RL_KEY];
	int fails;		/* consecutive (account) or in window (address) */
	time_t first;		/* start of the address window */
	time_t last;		/* last failure */
	time_t until;		/* locked until */
};

static struct entry table[RL_SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
make_key(char out[RL_KEY], char kind, const char *s)
{
	size_t i = 0;

	out[i++] = kind;
	out[i++] = ':';
	for (; *s && i < RL_KEY - 1; s++)
		out[i++] = (char)tolower((unsigned char)*s);
	out[i] = '\0';
}

/* The entry for key, created if create; NULL if absent. Caller holds mu. */
static struct entry *
find(const char *key, int create)
{
	unsigned h = hash(key);
	struct entry *oldest = NULL;

	for (unsigned p = 0; p < RL_PROBE; p++) {
		struct entry *e = &table[(h + p) % RL_SLOTS];

		if (strcmp(e->key, key) == 0)
			return e;
		if (oldest == NULL || e->key[0] == '\0' ||
		    (oldest->key[0] != '\0' && e->last < oldest->last))
			oldest = e;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->key, sizeof oldest->key, "%s", key);
	return oldest;
}

int
ratelimit_check(const char *login, const char *addr, time_t now)
{
	char k[RL_KEY];
	struct entry *e;
	int wait = 0;

	pthread_mutex_lock(&mu);
	make_key(k, 'a', login);
	if (*login != '\0' && (e = find(k, 0)) != NULL && e->until > now)
		wait = (int)(e->until - now);
	make_key(k, 'i', addr);
	if ((e = find(k, 0)) != NULL && e->until > now && e->until - now > wait)
		wait = (int)(e->until - now);
	pthread_mutex_unlock(&mu);
	return wait;
}

void
ratelimit_fail(const char *login, const char *addr, time_t now)
{
	char k[RL_KEY];
	struct entry *e;

	pthread_mutex_lock(&mu);
	/* An empty login (access codes) names no account: counting it as one
	 * locked every code sign-in everywhere after 10 typos in any room. */
	make_key(k, 'a', login);
	if (*login != '\0') {
		e = find(k, 1);
		e->fails++;
		e->last = now;
		if (e->fails >= RL_ACCOUNT_FREE) {
			int over = e->fails - RL_ACCOUNT_FREE;
			long lock = over >= 5 ? 900 : 30L << over;

			e->until = now + (lock > 900 ? 900 : lock);
		}
	}
	make_key(k, 'i', addr);
	e = find(k, 1);
	if (now - e->first > RL_WINDOW) {
		e->first = now;
		e->fails = 0;
	}
	e->fails++;
	e->last = now;
	if (e->fails >= RL_ADDR_MAX)
		e->until = e->first + RL_WINDOW;
	pthread_mutex_unlock(&mu);
}

void
ratelimit_success(const char *login)
{
	char k[RL_KEY];
	struct entry *e;

	pthread_mutex_lock(&mu);
	make_key(k, 'a', login);
	if ((e = find(k, 0)) != NULL)
		memset(e, 0, sizeof *e);
	pthread_mutex_unlock(&mu);
}

int
ratelimit_hit(const char *key, int max, int window, time_t now)
{
	char k[RL_KEY];
	struct entry *e;
	int wait = 0;

	pthread_mutex_lock(&mu);
	make_key(k, 'h', key);
	e = find(k, 1);
	if (now - e->first >= window) {
		e->first = now;
		e->fails = 0;
	}
	e->last = now;
	if (++e->fails > max) {
		wait = (int)(e->first + window - now);
		if (wait < 1)
			wait = 1;
	}
	pthread_mutex_unlock(&mu);
	return wait;
}

void
ratelimit_reset(void)
{
	pthread_mutex_lock(&mu);
	memset(table, 0, sizeof table);
	pthread_mutex_unlock(&mu);
}
