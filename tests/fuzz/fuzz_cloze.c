/*
 * fuzz_cloze.c - libFuzzer target for the Cloze (embedded answers)
 * reader, cloze.c: the input is a question text.
 *
 * Invariants: the result says whether errors were found; a cloze read
 * has gaps, each {#N} once in its text, and written back in Moodle's
 * syntax (q_cloze_source) it reads back as the same question (a text
 * that already held "{#" is skipped: the placeholder is ambiguous there,
 * as in Moodle). Crashers are kept in tests/fuzz/regress/cloze/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cloze.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct q_bank b, c;
	struct question *q, *r;
	char *text = arena_strndup(a, (const char *)data, size);
	int rc;

	q_bank_init(&b, a, "fuzz");
	q = q_bank_add(&b);
	q->type = Q_CLOZE;
	q->text = text;
	rc = q_cloze_extract(&b, q, 1);
	if ((rc == 0) != (b.nerr == 0))
		__builtin_trap();
	if (rc == 0) {
		char ph[32];

		if (q->ngaps == 0)
			__builtin_trap();
		for (size_t k = 1; k <= q->ngaps; k++) {
			const char *at;

			snprintf(ph, sizeof ph, "{#%zu}", k);
			if ((at = strstr(q->text, ph)) == NULL)
				__builtin_trap();
			if (strstr(text, "{#") == NULL &&
			    strstr(at + 1, ph) != NULL)
				__builtin_trap();
		}
		if (strstr(text, "{#") == NULL) {
			q_bank_init(&c, a, "again");
			r = q_bank_add(&c);
			r->type = Q_CLOZE;
			r->text = q_cloze_source(a, q);
			if (q_cloze_extract(&c, r, 1) != 0 ||
			    !q_equal(q, r, NULL, 0))
				__builtin_trap();
		}
	}
	arena_free(a);
	return 0;
}
