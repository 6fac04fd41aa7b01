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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert_int.h"
#include "trust_list.h"

#define MAX_REGISTRY_KEYS 16

static pthread_mutex_t trust_mu = PTHREAD_MUTEX_INITIALIZER;
static struct trust_list *trust;	/* NULL: no list given */

/* The whole file at path, NUL-terminated (malloc'd), its length in *len;
 * NULL if unreadable or larger than max. */
static char *
read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (f == NULL)
		return NULL;
	if ((buf = malloc(max + 2)) == NULL)
		abort();
	*len = fread(buf, 1, max + 1, f);
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

int
cert_trust_load(const char *path, const char *registry_pem, char *err, size_t errlen)
{
	unsigned char regs[MAX_REGISTRY_KEYS][32];
	size_t n = 0, len;
	char *pem = read_file(registry_pem, 64 * 1024, &len), *text;
	const char *p = pem;
	struct trust_list *l, *old;

	while (pem != NULL && n < MAX_REGISTRY_KEYS && keys_parse_public_pem(&p, regs[n]) == 0)
		n++;
	free(pem);
	if (n == 0) {
		snprintf(err, errlen, "%s holds no Ed25519 PEM public key of the registry",
		    registry_pem);
		return -1;
	}
	if ((text = read_file(path, TRUST_LIST_MAX_BYTES, &len)) == NULL) {
		snprintf(err, errlen, "cannot read the trust list %s", path);
		return -1;
	}
	l = trust_list_read(text, len, (const unsigned char (*)[32])regs, n,
	    (long long)time(NULL), err, errlen);
	free(text);
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
