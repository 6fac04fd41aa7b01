/*
 * fuzz_sanitize.c - libFuzzer target for the HTML sanitizer.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined -Isrc
 *   tests/fuzz/fuzz_sanitize.c src/bank/html_sanitize.c src/base/arena.c
 * Besides memory errors it checks that the output is a fixed point (a
 * second pass changes nothing) and never holds a forbidden construct.
 * Crashers found are kept in tests/fuzz/regress/sanitize/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *in = malloc(size + 1), *out, *again;
	size_t quotes = 0;
	int intag = 0;

	memcpy(in, data, size);
	in[size] = '\0';
	out = html_sanitize(a, in);
	again = html_sanitize(a, out);
	if (strcmp(out, again) != 0)
		__builtin_trap();
	/* One pass, remembering whether the last '<' or '>' seen was a '<'
	 * (inside a tag) and how many '"' followed it: walking back from
	 * every " on" instead made long tags quadratic. */
	for (char *p = out; *p != '\0'; p++) {
		/* Every '<' starts an allowed tag the sanitizer wrote. */
		if (*p == '<' && (strncasecmp(p, "<script", 7) == 0 ||
		    strncasecmp(p, "<style", 6) == 0 ||
		    strncasecmp(p, "<iframe", 7) == 0 ||
		    strncmp(p, "<!", 2) == 0))
			__builtin_trap();
		/* " on..." inside a tag would be an event handler, unless it
		 * is inside a quoted value. */
		if (*p == ' ' && p > out && intag && quotes % 2 == 0 &&
		    strncasecmp(p, " on", 3) == 0)
			__builtin_trap();
		if (*p == '<' || *p == '>') {
			intag = *p == '<';
			quotes = 0;
		} else if (*p == '"') {
			quotes++;
		}
	}
	free(in);
	arena_free(a);
	return 0;
}
