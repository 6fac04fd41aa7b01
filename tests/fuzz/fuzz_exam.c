/*
 * fuzz_exam.c - libFuzzer target for exam definitions (exam.c).
 *
 * Parses each input into a fresh arena and checks what a caller relies
 * on: an error reported iff -1, every message non-empty valid UTF-8 (it
 * goes out in a JSON reply), and for a valid definition the invariants
 * exam.h promises and a canonical JSON that reads back to itself.
 * Crashes it finds are kept in tests/fuzz/regress/exam/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless the definition holds what exam.h promises. */
static void
check_exam(const struct exam *e)
{
	int total = 0;

	if (e->id == NULL || e->title_en == NULL || e->title_zh == NULL ||
	    e->duration_s < 1 || e->grace_s < 0 || e->grace_s > 600 ||
	    !(e->pass_percent > 0 && e->pass_percent <= 100) ||
	    e->attempts < 0 || e->wait_s < 0 || e->opens_at < 0 ||
	    e->closes_at < 0 || (e->opens_at && e->closes_at &&
	    e->closes_at <= e->opens_at) || e->nlanguages < 1 ||
	    e->nlanguages > 2 || e->nsections < 1 || e->cert_valid_years < 0)
		abort();
	for (size_t i = 0; i < e->nlanguages; i++)
		if (strcmp(e->languages[i], "en") != 0 &&
		    strcmp(e->languages[i], "zh-TW") != 0)
			abort();
	for (size_t i = 0; i < e->nsections; i++) {
		const struct exam_section *s = &e->sections[i];
		int mix = s->mix[1] + s->mix[2] + s->mix[3];

		if (s->category == NULL || s->count < 1 ||
		    s->count > EXAM_SECTION_MAX || (mix != 0 && mix != s->count) ||
		    !(s->min_percent >= 0 && s->min_percent <= 100))
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcmp(e->sections[j].category, s->category) == 0)
				abort();
		total += s->count;
	}
	if (total != exam_item_count(e) || total > EXAM_ITEMS_MAX)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct exam e, back;
	json_t *j, *j2;
	char *text;
	int rc;

	q_bank_init(&b, a, "fuzz.json");
	rc = exam_parse(a, (const char *)data, size, &e, &b);
	if ((rc == 0) != (b.nerr == 0))
		abort();
	for (size_t i = 0; i < b.nerr; i++) {
		json_t *m = json_string(b.err[i].message);

		if (b.err[i].line < 0 || m == NULL ||
		    b.err[i].message[0] == '\0')
			abort();
		json_decref(m);
	}
	if (rc == 0) {
		check_exam(&e);
		if ((j = exam_to_json(&e)) == NULL ||
		    (text = json_dumps(j, 0)) == NULL)
			abort();
		if (exam_parse(a, text, strlen(text), &back, &b) != 0 ||
		    (j2 = exam_to_json(&back)) == NULL || !json_equal(j, j2))
			abort();
		free(text);
		json_decref(j);
		json_decref(j2);
	}
	arena_free(a);
	return 0;
}
