/*
 * fuzz_lookup.c - libFuzzer target for what a person types to find a
 * certificate without its QR: the check code reader
 * (cert_check_code_read) and the folding of names and serials
 * (cert_fold), both in cert_code.c / cert_lookup.c.
 *
 * Build: make fuzz (target "lookup"). Each input is read as a typed check
 * code: one that reads must be in the printed form (XXXX-XXXX, alphabet
 * characters) and read back to itself. The same input is folded: the
 * result is never longer than the input, has no space at either end nor
 * two in a row, no ASCII lower-case letter, and folding it again changes
 * nothing. Crashes it finds are kept in tests/fuzz/regress/lookup/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cert.h"
#include "cert_code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char *text, out[CERT_CHECK_LEN + 1], again[CERT_CHECK_LEN + 1], *f;
	struct arena *a;
	size_t n;

	if ((text = malloc(size + 1)) == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';	/* what a form gives: the text up to a NUL */
	if (cert_check_code_read(text, out) == 0) {
		if (strlen(out) != CERT_CHECK_LEN || out[4] != '-')
			abort();
		for (int i = 0; i < CERT_CHECK_LEN; i++)
			if (i != 4 && (out[i] == '\0' || strchr(alphabet, out[i]) == NULL))
				abort();
		if (cert_check_code_read(out, again) != 0 || strcmp(out, again) != 0)
			abort();
	}
	if ((a = arena_new()) == NULL)
		abort();
	f = cert_fold(a, text);
	n = strlen(f);
	if (n > strlen(text) || (n > 0 && (f[0] == ' ' || f[n - 1] == ' ')) ||
	    strstr(f, "  ") != NULL || strcmp(cert_fold(a, f), f) != 0)
		abort();
	for (size_t i = 0; i < n; i++)
		if (f[i] >= 'a' && f[i] <= 'z')
			abort();
	arena_free(a);
	free(text);
	return 0;
}
