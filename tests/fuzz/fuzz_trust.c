/*
 * fuzz_trust.c - libFuzzer target for the trust list reader
 * (trust_list.c).
 *
 * Build: make fuzz (target "trust"). Each input is read twice: as a
 * whole trust list file, which must be refused since nothing here signed
 * it (the fuzzer cannot forge Ed25519); and as the list inside a file
 * this target signs with a fixed registry key, so that the fuzzer reaches
 * every rule of the body. A list read that way must keep the rules: at
 * most TRUST_LIST_MAX_ISSUERS issuers, 1..TRUST_LIST_MAX_KEYS keys each,
 * names and address present, every key id once and matching its key.
 * Crashes it finds are kept in tests/fuzz/regress/trust/.
 */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "trust_list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
keep_rules(const struct trust_list *l)
{
	char id[KEY_ID_LEN + 1];

	if (l->nissuers > TRUST_LIST_MAX_ISSUERS || l->registry == NULL ||
	    l->expires_at < l->issued_at)
		abort();
	for (size_t i = 0; i < l->nissuers; i++) {
		const struct trust_issuer *is = &l->issuers[i], *found;

		if (is->nkeys == 0 || is->nkeys > TRUST_LIST_MAX_KEYS || !is->name_en[0] ||
		    !is->name_zh[0] || strncmp(is->url, "http", 4) != 0)
			abort();
		for (size_t j = 0; j < is->nkeys; j++) {
			keys_id(is->keys[j].pk, id);
			if (strcmp(id, is->keys[j].id) != 0 ||
			    trust_list_find(l, id, &found) != &is->keys[j] || found != is)
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct signing_key reg;
	static int ready;
	struct trust_list *l;
	char *text, *file, err[512];

	if (!ready) {
		unsigned char seed[32];

		if (sodium_init() < 0)
			abort();
		for (int i = 0; i < 32; i++)
			seed[i] = (unsigned char)(32 + i);
		crypto_sign_seed_keypair(reg.pk, reg.sk, seed);
		keys_id(reg.pk, reg.id);
		ready = 1;
	}
	if ((text = malloc(size + 1)) == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	/* Unsigned by us: never accepted (a seed may be a whole file that
	 * this key signed, of course: then it must keep the rules). */
	if ((l = trust_list_read(text, size, &reg.pk, 1, 0, err, sizeof err)) != NULL)
		keep_rules(l);
	trust_list_free(l);
	if ((file = trust_list_sign(text, size, &reg)) != NULL) {
		if ((l = trust_list_read(file, strlen(file), &reg.pk, 1, 0, err,
		    sizeof err)) != NULL)
			keep_rules(l);
		else if (err[0] == '\0')
			abort();	/* a refusal always says why */
		trust_list_free(l);
		free(file);
	}
	free(text);
	return 0;
}
