/*
 * cert_trust.c - the trust list the server verifies other issuers'
 * certificates with (`aicert serve --trust-list FILE --registry-key
 * PUB.pem`): loaded and checked at start, loaded again on SIGHUP (a list
 * that fails its checks then leaves the one in use in place), held for
 * the whole process behind a mutex. Lookups copy what they need, so a
 * reload never frees what a request is reading. Depends on trust_list.c,
 * keys.c and the key set (cert_keys.c): a key of this issuer's own key
 * set is never foreign.
 */
#include "cert.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cert_int.h"
#include "trust_list.h"

static pthread_mutex_t trust_mu = PTHREAD_MUTEX_INITIALIZER;
static struct trust_list *trust;	/* NULL: no list given */

int
cert_trust_load(const char *path, const char *registry_pem, char *err, size_t errlen)
{
	struct trust_list *l = trust_list_load(path, registry_pem, (long long)time(NULL),
	    err, errlen), *old;

	if (l == NULL)
		return -1;
	pthread_mutex_lock(&trust_mu);
	old = trust;
	trust = l;
	pthread_mutex_unlock(&trust_mu);
	trust_list_free(old);
	cert_changed();		/* remembered verifications used the old list */
	return 0;
}

int
cert_trust_summary(char *out, size_t outlen)
{
	int rc = 0;

	pthread_mutex_lock(&trust_mu);
	if (trust != NULL) {
		snprintf(out, outlen, "trust list of %s (issuers: %zu, registry key %s)",
		    trust->registry, trust->nissuers, trust->key_id);
		rc = 1;
	}
	pthread_mutex_unlock(&trust_mu);
	return rc;
}

int
cert_trust_key(const char *kid, long issued_day, unsigned char pk[32], int *covers,
    const char **why)
{
	const struct trust_key *k;
	int found = 0;

	*why = NULL;
	pthread_mutex_lock(&trust_mu);
	if (trust != NULL && (k = trust_list_find(trust, kid, NULL)) != NULL) {
		if ((long long)time(NULL) > trust->expires_at)
			*why = "verify_trust_list_expired";
		else {
			memcpy(pk, k->pk, 32);
			*covers = trust_key_covers(k, issued_day);
			found = 1;
		}
	}
	pthread_mutex_unlock(&trust_mu);
	return found;
}

int
cert_trust_issuer(struct store *s, struct arena *a, const char *kid,
    struct cert_listed *out)
{
	const struct trust_issuer *iss;
	unsigned char pk[32];
	int found = 0;

	if (cert_key_by_id(s, kid, pk))
		return 0;	/* ours */
	pthread_mutex_lock(&trust_mu);
	if (trust != NULL && trust_list_find(trust, kid, &iss) != NULL) {
		out->name_en = arena_strdup(a, iss->name_en);
		out->name_zh = arena_strdup(a, iss->name_zh);
		out->url = arena_strdup(a, iss->url);
		out->registry = arena_strdup(a, trust->registry);
		found = 1;
	}
	pthread_mutex_unlock(&trust_mu);
	return found;
}

void
cert_trust_clear(void)
{
	pthread_mutex_lock(&trust_mu);
	trust_list_free(trust);
	trust = NULL;
	pthread_mutex_unlock(&trust_mu);
}
