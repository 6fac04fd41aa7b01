/*
 * fuzz_import.c - libFuzzer target for reading an import (bank_import.c):
 * the format choice and sniffing, an XML declaration's encoding, the
 * encoding guess and the plausibility of a reading (encoding.c), and the
 * identities given to repeated ids, titles and stems.
 *
 * The first byte chooses how the rest is read: by name and content, as
 * Big5 or CP1252, or as GIFT, Moodle XML or Aiken. Checks that errors
 * and warnings have messages and that every question got a key, touches
 * every key, and frees it all. Crashes it finds are kept in
 * tests/fuzz/regress/import/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bank_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const encodings[] = { NULL, "big5", "cp1252", NULL, NULL, NULL };
	static const char *const formats[] = { NULL, NULL, NULL, "gift", "moodle-xml",
	    "aiken" };
	struct arena *a;
	struct bank_import im;
	size_t sum = 0;
	int how;

	if (size == 0)
		return 0;
	how = data[0] % 6;
	a = arena_new();
	bank_import_init(&im, a, "fuzz");
	im.format = formats[how];
	bank_import_read(&im, "fuzz.txt", (const char *)data + 1, size - 1, encodings[how]);
	if (bank_import_check(&im) == 0) {
		const struct q_bank *b = &im.files[0].qb;

		for (size_t i = 0; i < b->n; i++) {
			if (b->q[i].key == NULL)
				abort();
			sum += strlen(bank_item_key(a, &b->q[i]));
		}
	}
	for (size_t i = 0; i < im.files[0].qb.nerr; i++)
		sum += strlen(im.files[0].qb.err[i].message);
	for (size_t i = 0; i < im.files[0].warn.nerr; i++)
		if (strlen(im.files[0].warn.err[i].message) == 0)
			abort();
	arena_free(a);
	return sum == (size_t)-1;	/* keeps sum alive; always 0 */
}
