/*
 * fuzz_credential.c - libFuzzer target for reading and checking an Open
 * Badges 3.0 credential (ob3.c, ob3_check.c, rdfc.c): the input is what a
 * stranger uploads to /verify/credential or POST /api/v1/credentials/verify.
 *
 * The input is read as JSON and checked as a credential with a fixed key,
 * with itself as its status list; its canonical form is made as a
 * credential and as a status list; and its text is decoded as an
 * encodedList. Invariants: a verdict of valid, revoked or expired implies
 * the proof checks with that key and the document has a canonical form;
 * an invalid one has a reason. Crashers are kept in
 * tests/fuzz/regress/credential/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ob3.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char fixed_pk[32] = {
	0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64,
	0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68,
	0xf7, 0x07, 0x51, 0x1a,
};

static int
key(void *ctx, const char *id, unsigned char pk[32])
{
	(void)ctx;
	(void)id;
	memcpy(pk, fixed_pk, 32);
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	struct arena *a = arena_new();
	struct ob3_verdict v;
	const char *why = NULL;
	unsigned char *bits = NULL;
	size_t nbits = 0;
	char *text;

	if (doc != NULL) {
		ob3_check(doc, key, NULL, doc, 0, &v);
		if (v.status == OB3_INVALID && v.why == NULL)
			__builtin_trap();
		if (v.status != OB3_INVALID && (ob3_proof_check(doc, OB3_CREDENTIAL, fixed_pk,
		    &why) != 0 || ob3_canon(a, doc, OB3_CREDENTIAL, &why) == NULL))
			__builtin_trap();
		(void)ob3_canon(a, doc, OB3_STATUS_LIST, &why);
		json_decref(doc);
	}
	if ((text = malloc(size + 1)) == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (ob3_bits_decode(text, &bits, &nbits) == 0 && nbits % 8 != 0)
		__builtin_trap();
	free(bits);
	free(text);
	arena_free(a);
	return 0;
}
