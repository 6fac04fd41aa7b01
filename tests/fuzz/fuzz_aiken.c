/*
 * fuzz_aiken.c - libFuzzer target for the Aiken reader.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined -Isrc
 *   tests/fuzz/fuzz_aiken.c src/bank/bank_aiken.c src/bank/question.c src/base/arena.c
 * Crashers found are kept in tests/fuzz/regress/aiken/.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bank_aiken.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct q_bank b;
	int rc;

	q_bank_init(&b, a, "fuzz.txt");
	rc = bank_aiken_parse(&b, (const char *)data, size);
	/* Invariants: the result says whether errors were found, and every
	 * question read is a usable single-answer multichoice. */
	if ((rc == 0) != (b.nerr == 0))
		__builtin_trap();
	for (size_t i = 0; i < b.n; i++) {
		size_t right = 0;

		if (b.q[i].nanswers < 2 || b.q[i].text == NULL)
			__builtin_trap();
		for (size_t k = 0; k < b.q[i].nanswers; k++)
			right += b.q[i].answers[k].fraction == 1.0;
		if (right != 1)
			__builtin_trap();
	}
	arena_free(a);
	return 0;
}
