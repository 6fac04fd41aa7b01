/*
 * cert_verify.c - checking a certificate code online: its signature
 * against the key set, then the registry (revocation) and the date. A
 * code whose signature held is remembered with its registry row and its
 * JSON answer per language, so a repeated check costs neither a signature
 * verification nor a database read; every change to certificates or keys
 * (cert_changed) makes what was remembered stale. A key that is not
 * this issuer's may be another's, listed in the trust list in use
 * (cert_trust.c). Depends on the code format (cert_code.c), libsodium
 * and the store.
 */
#include "cert.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert_int.h"

/* Bumped after every write to certificates or keys (cert_changed): what
 * a verification remembered under an older generation is read again. */
static _Atomic uint64_t cert_gen = 1;

void
cert_changed(void)
{
	atomic_fetch_add(&cert_gen, 1);
}

/* ---- the cache ----
 *
 * A verified code is answered from memory: an employer's check then costs
 * no signature verification and no database read. An entry holds for the
 * generation of certificates and keys it was read under (every change
 * this process makes bumps it), for the day it was read on (expiry), and
 * for at most VCACHE_TTL seconds (changes made by another process). */

#define VCACHE_SLOTS 1024
#define VCACHE_TTL 60

struct vcache_entry {
	pthread_mutex_t mu;
	char *code;			/* NULL: empty */
	uint64_t store;			/* db_store_id of the store it was read from */
	uint64_t gen;
	long day;
	time_t at;
	enum cert_status st;
	int found;
	struct cert_claims cl;
	struct cert rec;		/* strings in a */
	struct arena *a;
	char *answer[2];		/* the JSON answer in en, zh-TW (malloc'd) */
};

static struct vcache_entry vcache[VCACHE_SLOTS];
static pthread_once_t vcache_once = PTHREAD_ONCE_INIT;

static void
vcache_init(void)
{
	for (size_t i = 0; i < VCACHE_SLOTS; i++)
		pthread_mutex_init(&vcache[i].mu, NULL);
}

static struct vcache_entry *
vcache_slot(const char *code)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t len = strlen(code);

	pthread_once(&vcache_once, vcache_init);
	/* The last 24 characters: they are the signature's, as random as
	 * a hash (entries are told apart by the whole code). */
	for (const unsigned char *p = (const unsigned char *)code + (len > 24 ? len - 24 : 0);
	    *p; p++)
		h = (h ^ *p) * 16777619u;
	return &vcache[h % VCACHE_SLOTS];
}

static char *
dup_or_null(struct arena *a, const char *t)
{
	return t ? arena_strdup(a, t) : NULL;
}

static void
cert_copy(struct arena *a, struct cert *to, const struct cert *from)
{
	*to = *from;
	to->serial = dup_or_null(a, from->serial);
	to->exam_id = dup_or_null(a, from->exam_id);
	to->holder = dup_or_null(a, from->holder);
	to->holder_alt = dup_or_null(a, from->holder_alt);
	to->exam_en = dup_or_null(a, from->exam_en);
	to->exam_zh = dup_or_null(a, from->exam_zh);
	to->key_id = dup_or_null(a, from->key_id);
	to->code = dup_or_null(a, from->code);
	to->pdf_sha256 = dup_or_null(a, from->pdf_sha256);
	to->revoke_reason = dup_or_null(a, from->revoke_reason);
	to->superseded_by = dup_or_null(a, from->superseded_by);
	to->programme_id = dup_or_null(a, from->programme_id);
}

/* 1 if e holds code for store, read under generation gen, and is still
 * good at now (same day, younger than VCACHE_TTL). Under e->mu. */
static int
vcache_holds(const struct vcache_entry *e, uint64_t store, const char *code, uint64_t gen,
    time_t now)
{
	return e->code != NULL && e->store == store && e->gen == gen &&
	    e->day == (long)(now / 86400) && now >= e->at && now - e->at < VCACHE_TTL &&
	    strcmp(e->code, code) == 0;
}

static int
vcache_get(uint64_t store, const char *code, uint64_t gen, time_t now, struct arena *a,
    struct cert_claims *cl, struct cert *rec, int *found, enum cert_status *st)
{
	struct vcache_entry *e = vcache_slot(code);
	int hit;

	pthread_mutex_lock(&e->mu);
	if ((hit = vcache_holds(e, store, code, gen, now))) {
		*cl = e->cl;
		*found = e->found;
		*st = e->st;
		if (e->found)
			cert_copy(a, rec, &e->rec);
	}
	pthread_mutex_unlock(&e->mu);
	return hit;
}

static void
vcache_put(uint64_t store, const char *code, uint64_t gen, time_t now,
    const struct cert_claims *cl, const struct cert *rec, int found, enum cert_status st)
{
	struct vcache_entry *e = vcache_slot(code);
	struct arena *a = arena_new(), *old;
	char *old_code;

	pthread_mutex_lock(&e->mu);
	old = e->a;
	old_code = e->code;
	for (int i = 0; i < 2; i++) {
		free(e->answer[i]);
		e->answer[i] = NULL;
	}
	e->a = a;
	e->code = strdup(code);
	e->store = store;
	e->gen = gen;
	e->day = (long)(now / 86400);
	e->at = now;
	e->st = st;
	e->found = found;
	e->cl = *cl;
	if (found)
		cert_copy(a, &e->rec, rec);
	pthread_mutex_unlock(&e->mu);
	free(old_code);
	if (old != NULL)
		arena_free(old);
}

char *
cert_answer_get(struct store *s, const char *code, int lang, enum cert_status *st,
    char serial[64])
{
	struct vcache_entry *e = vcache_slot(code);
	char *copy = NULL;

	pthread_mutex_lock(&e->mu);
	if (vcache_holds(e, db_store_id(store_db(s)), code, atomic_load(&cert_gen), time(NULL)) &&
	    e->answer[lang != 0] != NULL) {
		copy = strdup(e->answer[lang != 0]);
		*st = e->st;
		snprintf(serial, 64, "%s", e->cl.serial);
	}
	pthread_mutex_unlock(&e->mu);
	return copy;
}

uint64_t
cert_generation(void)
{
	return atomic_load(&cert_gen);
}

void
cert_answer_put(struct store *s, const char *code, int lang, uint64_t gen,
    const char *answer)
{
	struct vcache_entry *e = vcache_slot(code);

	pthread_mutex_lock(&e->mu);
	/* Read under gen: an answer made from older data never joins an
	 * entry refreshed since. */
	if (vcache_holds(e, db_store_id(store_db(s)), code, gen, time(NULL)) &&
	    e->answer[lang != 0] == NULL)
		e->answer[lang != 0] = strdup(answer);
	pthread_mutex_unlock(&e->mu);
}

enum cert_status
cert_check(struct store *s, struct arena *a, const char *code,
    struct cert_claims *claims, struct cert *rec, int *found_rec, const char **why)
{
	unsigned char pk[32];
	char kid[KEY_ID_LEN + 1];
	time_t now = time(NULL);
	long today = (long)(now / 86400);
	uint64_t gen = atomic_load(&cert_gen);	/* before reading: see cert_changed */
	uint64_t store = db_store_id(store_db(s));
	enum cert_status st;
	int foreign = 0, covers = 1;

	*found_rec = 0;
	*why = NULL;
	memset(claims, 0, sizeof *claims);
	if (code == NULL)
		code = "";
	if (vcache_get(store, code, gen, now, a, claims, rec, found_rec, &st))
		return st;
	if (cert_code_parse(code, claims, why) != 0)
		return CERT_INVALID;
	sodium_bin2hex(kid, sizeof kid, claims->key_id, sizeof claims->key_id);
	if (!cert_key_by_id(s, kid, pk)) {
		/* Another issuer's key, if the trust list in use names it. */
		if (!(foreign = cert_trust_key(kid, claims->issued_day, pk, &covers, why))) {
			if (*why == NULL)
				*why = "verify_key_unknown";
			return CERT_INVALID;
		}
	}
	if (!cert_code_verify(code, pk, claims)) {
		*why = "verify_altered";
		return CERT_INVALID;
	}
	if (!covers) {
		*why = "verify_key_outside_period";
		return CERT_INVALID;
	}
	/* Another issuer's serial says nothing about this registry. */
	*found_rec = foreign ? 0 : cert_find(s, a, claims->serial, rec);
	if (*found_rec && rec->revoked_at != 0)
		st = CERT_REVOKED;
	else if (claims->expires_day != 0 && today > claims->expires_day)
		st = CERT_EXPIRED;
	else
		st = CERT_VALID;
	/* Only codes whose signature held: garbage cannot crowd them out. */
	vcache_put(store, code, gen, now, claims, rec, *found_rec, st);
	return st;
}
