/*
 * fuzz_framework.c - libFuzzer target for competency framework files
 * (competency.c).
 *
 * Parses each input into a fresh arena and checks what a caller relies
 * on: an error reported iff -1, every message non-empty valid UTF-8 (it
 * goes out in a JSON reply and on a page), and for a valid framework what
 * competency.h promises (valid unique codes, parents in the file, no
 * cycle) and a canonical JSON that reads back to itself. Crashes it finds
 * are kept in tests/fuzz/regress/framework/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "competency.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The index of code in f, or -1. */
static long
find(const struct framework *f, const char *code)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->c[i].code, code) == 0)
			return (long)i;
	return -1;
}

/* Aborts unless f holds what competency.h promises. */
static void
check_framework(const struct framework *f)
{
	if (f->id == NULL || f->version == NULL || f->title_en == NULL ||
	    f->title_zh == NULL || f->n < 1 || f->n > FRAMEWORK_COMPETENCIES_MAX ||
	    strlen(f->id) > FRAMEWORK_ID_MAX || strlen(f->version) > FRAMEWORK_VERSION_MAX)
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct competency *k = &f->c[i];
		long at;
		size_t steps = 0;

		if (!competency_code_valid(k->code) || k->title_en == NULL ||
		    k->title_zh == NULL || find(f, k->code) != (long)i)
			abort();
		for (at = (long)i; at >= 0 && f->c[at].parent != NULL; steps++) {
			at = find(f, f->c[at].parent);
			if (at < 0 || at == (long)i || steps > f->n)
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct framework f, back;
	char *text, *again;
	int rc;

	q_bank_init(&b, a, "fuzz.json");
	rc = framework_parse(a, (const char *)data, size, &f, &b);
	if ((rc == 0) != (b.nerr == 0))
		abort();
	for (size_t i = 0; i < b.nerr; i++) {
		json_t *m = json_string(b.err[i].message);

		if (b.err[i].line < 0 || m == NULL || b.err[i].message[0] == '\0')
			abort();
		json_decref(m);
	}
	if (rc == 0) {
		check_framework(&f);
		if ((text = framework_canonical(&f)) == NULL ||
		    framework_parse(a, text, strlen(text), &back, &b) != 0 ||
		    (again = framework_canonical(&back)) == NULL || strcmp(text, again) != 0)
			abort();
		free(text);
		free(again);
	}
	arena_free(a);
	return 0;
}
