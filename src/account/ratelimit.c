/*
 * ratelimit.c - failure counters for sign-in and registration, request
 * counters per address; see ratelimit.h. Depends on libsodium.
 *
 * Two open-addressed tables: sign-in and registration in one, the
 * counters of ratelimit_hit in the other, so that a flood of cheap
 * requests cannot take the room of the sign-in limits. A slot holds the
 * SipHash-2-4 (crypto_shorthash) of its key text under a key drawn at
 * random once per process, so nobody can choose names whose slots collide,
 * and the time until which it still counts: only after that may another
 * key take the slot. A key looks at RL_PROBE slots from its hash; when
 * none is its own, free or done, the event is counted in the table's
 * overflow entry, which every key without a slot then answers to.
 */
#include "ratelimit.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#define RL_PROBE 64
#define RL_TEXT 200		/* longest key text hashed */
#define RL_LOCK_MAX 900		/* longest lock of a pair, seconds */

struct entry {
	uint64_t key;		/* keyed hash of the key text; 0: free */
	uint64_t acct;		/* of an (account, address) pair: the account's */
	time_t first;		/* start of a window counter's window */
	time_t until;		/* locked until */
	time_t keep;		/* still counts until: not reused before */
	int n;			/* failures (in a row, or in the window), requests */
};

struct table {
	pthread_mutex_t mu;
	struct entry *slot;
	size_t nslots;
	struct entry overflow;	/* stands for every key without a slot */
};

/* In BSS: pages become resident only as slots are first used. */
static struct entry signin_slots[RL_SLOTS], hit_slots[RL_HIT_SLOTS];
static struct table signin = { PTHREAD_MUTEX_INITIALIZER, signin_slots, RL_SLOTS, { 0 } };
static struct table hits = { PTHREAD_MUTEX_INITIALIZER, hit_slots, RL_HIT_SLOTS, { 0 } };

static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;

static void
hash_key_init(void)
{
	randombytes_buf(hash_key, sizeof hash_key);
}

/* The text an address counts under, in out (or addr itself): IPv4 in
 * dotted decimal, an IPv4-mapped IPv6 address as IPv4, other IPv6 as its
 * /64 ("2001:db8:1:2::/64"), anything else as given. */
static const char *
addr_norm(const char *addr, char out[INET6_ADDRSTRLEN + 4])
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, addr, &a4) == 1)
		return inet_ntop(AF_INET, &a4, out, INET6_ADDRSTRLEN) ? out : addr;
	if (inet_pton(AF_INET6, addr, &a6) != 1)
		return addr;
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		memcpy(&a4, &a6.s6_addr[12], 4);
		return inet_ntop(AF_INET, &a4, out, INET6_ADDRSTRLEN) ? out : addr;
	}
	memset(&a6.s6_addr[8], 0, 8);
	if (inet_ntop(AF_INET6, &a6, out, INET6_ADDRSTRLEN) == NULL)
		return addr;
	strcat(out, "/64");
	return out;
}

/* The keyed hash of kind, name (any case) and addr (NULL: none, else
 * counted as addr_norm says); never 0. */
static uint64_t
key_of(char kind, const char *name, const char *addr)
{
	char text[RL_TEXT], norm[INET6_ADDRSTRLEN + 4];
	unsigned char h[crypto_shorthash_BYTES];
	size_t i = 0;
	uint64_t v;

	pthread_once(&hash_once, hash_key_init);
	text[i++] = kind;
	for (; *name && i < RL_TEXT / 2; name++)
		text[i++] = (char)tolower((unsigned char)*name);
	if (addr != NULL) {
		text[i++] = '\n';	/* no login or address holds one */
		for (addr = addr_norm(addr, norm); *addr && i < RL_TEXT; addr++)
			text[i++] = (char)tolower((unsigned char)*addr);
	}
	crypto_shorthash(h, (const unsigned char *)text, i, hash_key);
	memcpy(&v, h, sizeof v);
	return v != 0 ? v : 1;
}

/* The entry of key in t: its slot (zeroed but for the key if it no
 * longer counted), else with create a slot taken for it (a free one or
 * one that no longer counts) or, when none is left in its probe run,
 * the overflow entry; without create, NULL. Never takes a slot that
 * still counts. Caller holds t->mu. */
static struct entry *
find(struct table *t, uint64_t key, int create, time_t now)
{
	size_t at = (size_t)(key % t->nslots);
	struct entry *spare = NULL;

	for (unsigned p = 0; p < RL_PROBE; p++) {
		struct entry *e = &t->slot[(at + p) % t->nslots];

		if (e->key == key) {
			if (now >= e->keep) {
				memset(e, 0, sizeof *e);
				e->key = key;
			}
			return e;
		}
		if (spare == NULL && (e->key == 0 || now >= e->keep))
			spare = e;
	}
	if (!create)
		return NULL;
	if (spare == NULL)
		return &t->overflow;
	memset(spare, 0, sizeof *spare);
	spare->key = key;
	return spare;
}

/* Seconds key of t is locked for at now; a key without a slot answers to
 * the overflow entry. Caller holds t->mu. */
static int
wait_for(struct table *t, uint64_t key, time_t now)
{
	const struct entry *e = find(t, key, 0, now);

	if (e == NULL)
		e = &t->overflow;
	return e->until > now ? (int)(e->until - now) : 0;
}

/* One more event in e's window of window seconds; e is locked to the
 * window's end once it holds max. */
static void
window_add(struct entry *e, int max, int window, time_t now)
{
	if (now < e->first || now - e->first >= window) {
		e->first = now;
		e->n = 0;
		e->until = 0;
	}
	e->n++;
	if (e->n >= max)
		e->until = e->first + window;
	e->keep = e->first + window;
}

/* One more wrong password of a pair: locked once RL_ACCOUNT_FREE come in a
 * row, for 30 s doubling up to RL_LOCK_MAX, and remembered for RL_WINDOW
 * after its last failure or the end of its lock. */
static void
pair_fail(struct entry *e, time_t now)
{
	e->n++;
	if (e->n >= RL_ACCOUNT_FREE) {
		int over = e->n - RL_ACCOUNT_FREE;
		long lock = over >= 5 ? RL_LOCK_MAX : 30L << over;

		e->until = now + (lock > RL_LOCK_MAX ? RL_LOCK_MAX : lock);
	}
	e->keep = (e->until > now ? e->until : now) + RL_WINDOW;
}

int
ratelimit_check(const char *login, const char *addr, time_t now)
{
	int wait = 0, w;

	pthread_mutex_lock(&signin.mu);
	if (*login != '\0')
		wait = wait_for(&signin, key_of('p', login, addr), now);
	if ((w = wait_for(&signin, key_of('i', "", addr), now)) > wait)
		wait = w;
	pthread_mutex_unlock(&signin.mu);
	return wait;
}

void
ratelimit_fail(const char *login, const char *addr, time_t now)
{
	struct entry *e;
	int overflowed = 0;

	pthread_mutex_lock(&signin.mu);
	/* An empty login (access codes) names no account: counting it as one
	 * locked every code sign-in everywhere after 10 typos in any room. */
	if (*login != '\0') {
		uint64_t acct = key_of('a', login, NULL);

		e = find(&signin, key_of('p', login, addr), 1, now);
		if (e == &signin.overflow) {
			window_add(e, RL_ADDR_MAX, RL_WINDOW, now);
			overflowed = 1;
		} else {
			e->acct = acct;
			pair_fail(e, now);
		}
	}
	e = find(&signin, key_of('i', "", addr), 1, now);
	if (e != &signin.overflow || !overflowed)
		window_add(e, RL_ADDR_MAX, RL_WINDOW, now);
	pthread_mutex_unlock(&signin.mu);
}

void
ratelimit_success(const char *login, const char *addr)
{
	struct entry *e;

	pthread_mutex_lock(&signin.mu);
	if ((e = find(&signin, key_of('p', login, addr), 0, 0)) != NULL)
		memset(e, 0, sizeof *e);
	pthread_mutex_unlock(&signin.mu);
}

void
ratelimit_clear_account(const char *login)
{
	uint64_t acct = key_of('a', login, NULL);

	pthread_mutex_lock(&signin.mu);
	for (size_t i = 0; i < signin.nslots; i++)
		if (signin.slot[i].key != 0 && signin.slot[i].acct == acct)
			memset(&signin.slot[i], 0, sizeof signin.slot[i]);
	pthread_mutex_unlock(&signin.mu);
}

int
ratelimit_register_check(const char *addr, time_t now)
{
	int wait, w;

	pthread_mutex_lock(&signin.mu);
	wait = wait_for(&signin, key_of('r', "", addr), now);
	if ((w = wait_for(&signin, key_of('R', "", addr), now)) > wait)
		wait = w;
	pthread_mutex_unlock(&signin.mu);
	return wait;
}

void
ratelimit_register_done(const char *addr, int created, time_t now)
{
	struct entry *e;

	pthread_mutex_lock(&signin.mu);
	e = find(&signin, key_of(created ? 'R' : 'r', "", addr), 1, now);
	if (e == &signin.overflow)
		window_add(e, RL_ADDR_MAX, RL_WINDOW, now);
	else if (created)
		window_add(e, RL_REG_OK_MAX, RL_REG_OK_WINDOW, now);
	else
		window_add(e, RL_REG_FAIL_MAX, RL_WINDOW, now);
	pthread_mutex_unlock(&signin.mu);
}

int
ratelimit_hit(const char *key, int max, int window, time_t now)
{
	struct entry *e;
	int wait = 0;

	pthread_mutex_lock(&hits.mu);
	e = find(&hits, key_of('h', "", key), 1, now);
	if (now < e->first || now - e->first >= window) {
		e->first = now;
		e->n = 0;
	}
	e->keep = e->first + window;
	if (++e->n > max) {
		wait = (int)(e->first + window - now);
		if (wait < 1)
			wait = 1;
	}
	pthread_mutex_unlock(&hits.mu);
	return wait;
}

void
ratelimit_reset(void)
{
	pthread_mutex_lock(&signin.mu);
	memset(signin_slots, 0, sizeof signin_slots);
	memset(&signin.overflow, 0, sizeof signin.overflow);
	pthread_mutex_unlock(&signin.mu);
	pthread_mutex_lock(&hits.mu);
	memset(hit_slots, 0, sizeof hit_slots);
	memset(&hits.overflow, 0, sizeof hits.overflow);
	pthread_mutex_unlock(&hits.mu);
}
