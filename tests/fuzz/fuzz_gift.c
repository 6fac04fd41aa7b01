/*
 * fuzz_gift.c - libFuzzer target for the GIFT reader (bank_gift.c).
 *
 * Parses each input into a fresh arena and bank, checks that the result
 * agrees with the bank (an error reported iff -1), touches every string it
 * produced so that the sanitizers see a bad pointer, and frees it all.
 * Crashes it finds are kept in tests/fuzz/regress/gift/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bank_gift.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
touch(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct q_bank b;
	size_t sum = 0;
	int rc;

	q_bank_init(&b, a, "fuzz.gift");
	rc = bank_gift_parse(&b, (const char *)data, size);
	if ((rc == 0) != (b.nerr == 0))
		abort();
	for (size_t i = 0; i < b.nerr; i++)
		if (b.err[i].line < 1 || touch(b.err[i].message) == 0)
			abort();
	for (size_t i = 0; i < b.n; i++) {
		const struct question *q = &b.q[i];

		if (q->line < 1 || q->text == NULL)
			abort();
		sum += touch(q->text) + touch(q->title) + touch(q->id) +
		    touch(q->category) + touch(q->general_feedback);
		for (size_t j = 0; j < q->ntags; j++)
			sum += touch(q->tags[j]);
		for (size_t j = 0; j < q->nanswers; j++) {
			const struct q_answer *x = &q->answers[j];

			if (!(x->fraction >= -1 && x->fraction <= 1) ||
			    !(x->tolerance >= 0))
				abort();
			sum += touch(x->text) + touch(x->feedback);
		}
		for (size_t j = 0; j < q->npairs; j++)
			sum += touch(q->pairs[j].sub) +
			    touch(q->pairs[j].answer);
	}
	arena_free(a);
	return sum == (size_t)-1;	/* keeps sum alive; always 0 */
}
