/*
 * slipbox.c - imports' slips in memory for a short while; see slipbox.h.
 *
 * A fixed table under one mutex: an import is a few hundred slips at
 * most, and a console makes a few imports an hour. The session token is
 * kept as its SHA-256 (libsodium) and compared in constant time.
 */
#include "slipbox.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

struct kept {
	char id[SLIPBOX_ID_LEN + 1];
	int64_t user;
	unsigned char token[32];
	time_t at;
	json_t *slips;		/* NULL: free */
};

static struct kept box[SLIPBOX_MAX];
static pthread_mutex_t box_lock = PTHREAD_MUTEX_INITIALIZER;

static void
token_hash(const char *token, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)(token ? token : ""),
	    token ? strlen(token) : 0);
}

int
slipbox_put(int64_t user, const char *token, json_t *slips, char id[SLIPBOX_ID_LEN + 1])
{
	unsigned char raw[16];
	time_t now = time(NULL);
	struct kept *k = NULL;

	if (slips == NULL || token == NULL)
		return -1;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(id, SLIPBOX_ID_LEN + 1, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	pthread_mutex_lock(&box_lock);
	/* A free or expired place, else the oldest. */
	for (size_t i = 0; i < SLIPBOX_MAX; i++) {
		struct kept *c = &box[i];

		if (c->slips != NULL && now - c->at > SLIPBOX_TTL_S) {
			json_decref(c->slips);
			c->slips = NULL;
		}
		if (k == NULL || (k->slips != NULL && (c->slips == NULL || c->at < k->at)))
			k = c;
	}
	json_decref(k->slips);
	memcpy(k->id, id, SLIPBOX_ID_LEN + 1);
	k->user = user;
	token_hash(token, k->token);
	k->at = now;
	k->slips = json_incref(slips);
	pthread_mutex_unlock(&box_lock);
	return 0;
}

json_t *
slipbox_get(const char *id, int64_t user, const char *token, long *age_s)
{
	unsigned char h[32];
	time_t now = time(NULL);
	json_t *out = NULL;

	if (id == NULL || strlen(id) != SLIPBOX_ID_LEN || token == NULL)
		return NULL;
	token_hash(token, h);
	pthread_mutex_lock(&box_lock);
	for (size_t i = 0; i < SLIPBOX_MAX && out == NULL; i++) {
		struct kept *c = &box[i];

		if (c->slips == NULL || strcmp(c->id, id) != 0)
			continue;
		if (now - c->at > SLIPBOX_TTL_S) {
			json_decref(c->slips);
			c->slips = NULL;
		} else if (c->user == user && sodium_memcmp(c->token, h, sizeof h) == 0) {
			out = json_deep_copy(c->slips);
			if (age_s != NULL)
				*age_s = (long)(now - c->at);
		}
	}
	pthread_mutex_unlock(&box_lock);
	return out;
}

void
slipbox_clear(void)
{
	pthread_mutex_lock(&box_lock);
	for (size_t i = 0; i < SLIPBOX_MAX; i++) {
		json_decref(box[i].slips);
		box[i].slips = NULL;
	}
	pthread_mutex_unlock(&box_lock);
}
