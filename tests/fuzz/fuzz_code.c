/*
 * fuzz_code.c - libFuzzer target for the certificate code decoder
 * (cert_code.c) and the status list reader (status_list.c).
 *
 * Build: make fuzz (target "code"). Each input is read as a code or URL:
 * a code that parses must hold claims within their limits, must fail the
 * signature check under a fixed key (the fuzzer cannot forge Ed25519),
 * and its bytes must encode back to the same code in upper case. The
 * same input is read as a status list, which must be rejected (-1) since
 * nothing here signed it. Crashes it finds are kept in
 * tests/fuzz/regress/code/.
 */
#include <ctype.h>
#include <strings.h>
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cert_code.h"
#include "status_list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Re-encodes the bytes of a well-formed code and compares the spelling
 * with the input's code part (upper-cased); aborts if they differ. */
static void
round_trip(const char *text)
{
	unsigned char bytes[CERT_CODE_MAX_PAYLOAD + CERT_CODE_SIG_LEN];
	char again[CERT_CODE_MAX_LEN + 1];
	size_t len, plen, n;
	const char *why;

	if (cert_code_bytes(text, bytes, sizeof bytes, &len, &plen, &why) != 0)
		abort();
	n = cert_code_base32_encode(bytes, len, again, sizeof again);
	if (n == 0 || strlen(again) != n)
		abort();
	for (const char *p = text; *p != '\0'; p++) {
		if (strncasecmp(p, again, n) == 0 && !isalnum((unsigned char)p[n]))
			return;
	}
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char pk[32], sk[64];
	static int ready;
	struct cert_claims c;
	const char *why = NULL;
	char *text, reason[64];
	long long at;

	if (!ready) {
		unsigned char seed[32] = { 0 };

		if (sodium_init() < 0)
			abort();
		crypto_sign_seed_keypair(pk, sk, seed);
		ready = 1;
	}
	if ((text = malloc(size + 1)) == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (cert_code_parse(text, &c, &why) == 0) {
		if (why != NULL || c.score_bp > 10000 || c.serial[0] == '\0' ||
		    c.holder[0] == '\0' || c.exam[0] == '\0' ||
		    strlen(c.serial) > 63 || strlen(c.exam) > 64)
			abort();
		if (cert_code_verify(text, pk, &c) != 0)
			abort();
		round_trip(text);
	} else if (why == NULL || cert_code_verify(text, pk, NULL) != 0) {
		abort();
	}
	if (status_list_check(text, pk, "AIC-1", reason, sizeof reason, &at) != -1)
		abort();
	free(text);
	return 0;
}
