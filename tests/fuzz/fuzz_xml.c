/*
 * fuzz_xml.c - libFuzzer target for the Moodle XML reader.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined -Isrc
 *   $(xml2-config --cflags) tests/fuzz/fuzz_xml.c src/bank/bank_xml.c
 *   src/bank/question.c src/base/arena.c $(xml2-config --libs)
 * Crashers found are kept in tests/fuzz/regress/xml/.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "bank_xml.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct q_bank b;
	int rc;

	q_bank_init(&b, a, "fuzz.xml");
	rc = bank_xml_parse(&b, (const char *)data, size);
	if ((rc == 0) != (b.nerr == 0))
		__builtin_trap();
	for (size_t i = 0; i < b.n; i++)
		for (size_t k = 0; k < b.q[i].nfiles; k++)
			if (b.q[i].files[k].len > 1024 * 1024 ||
			    b.q[i].files[k].mime == NULL)
				__builtin_trap();
	arena_free(a);
	return 0;
}
