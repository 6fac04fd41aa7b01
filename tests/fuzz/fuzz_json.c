/*
 * fuzz_json.c - libFuzzer target for the JSON bank reader (bank_json.c).
 *
 * Build: clang -fsanitize=fuzzer,address,undefined -Isrc
 *   tests/fuzz/fuzz_json.c src/bank/bank_json.c src/bank/bank_export*.c
 *   src/bank/question.c src/base/arena.c -ljansson -lm
 * Parses each input into a fresh bank and checks that the result agrees
 * with the bank (an error reported iff -1, each with a message), and that
 * every question accepted goes out through q_to_json, as the store keeps
 * it, and comes back through q_from_json the same, numbers exact.
 * Crashes it finds are kept in tests/fuzz/regress/json/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bank_export.h"
#include "bank_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* q_to_json -> dumped text -> q_from_json gives q back, or aborts. */
static void
round_trip(struct q_bank *r, const struct question *q)
{
	json_t *o = q_to_json(q), *back;
	const struct question *y;
	char *text;

	if (o == NULL)
		abort();
	text = json_dumps(o, JSON_COMPACT |
	    JSON_REAL_PRECISION(q_json_precision(o)));
	back = text != NULL ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) :
	    NULL;
	if (back == NULL || q_from_json(r, back, 0) != 0 ||
	    !q_equal(q, y = &r->q[r->n - 1], NULL, 0))
		abort();
	if (q->default_mark != y->default_mark)
		abort();
	for (size_t i = 0; i < q->nanswers; i++)
		if (q->answers[i].fraction != y->answers[i].fraction ||
		    q->answers[i].value != y->answers[i].value ||
		    q->answers[i].tolerance != y->answers[i].tolerance)
			abort();
	free(text);
	json_decref(back);
	json_decref(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct q_bank b, r;
	int rc;

	q_bank_init(&b, a, "fuzz.json");
	q_bank_init(&r, a, "round trip");
	rc = bank_json_parse(&b, (const char *)data, size);
	if ((rc == 0) != (b.nerr == 0))
		abort();
	for (size_t i = 0; i < b.nerr; i++)
		if (b.err[i].line < 0 || b.err[i].message == NULL ||
		    b.err[i].message[0] == '\0')
			abort();
	for (size_t i = 0; i < b.n; i++) {
		const struct question *q = &b.q[i];

		if (q->line < 1 || q->text == NULL)
			abort();
		for (size_t j = 0; j < q->nanswers; j++)
			if (!(q->answers[j].fraction >= -1 &&
			    q->answers[j].fraction <= 1) ||
			    !(q->answers[j].tolerance >= 0))
				abort();
		round_trip(&r, q);
	}
	if (r.nerr != 0)
		abort();
	arena_free(a);
	return 0;
}
