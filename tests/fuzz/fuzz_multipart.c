/*
 * fuzz_multipart.c - libFuzzer target for multipart/form-data uploads:
 * multipart_parse() (multipart.c), and req_form() of http.c reading the
 * plain fields of the same body, as the upload pages post them.
 *
 * Each input is a Content-Type value, a '\n', then the body. A body is
 * either refused with a reason, or every part it yields has a name, lies
 * inside the body after the part before it, and ends where a CRLF and
 * the delimiter follow; under a multipart/form-data type the first
 * plain (not file) fields must then be found by req_form by name. Crashes it finds are kept in
 * tests/fuzz/regress/multipart/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *in = (const char *)data, *nl = memchr(in, '\n', size);
	size_t ctlen = nl != NULL ? (size_t)(nl - in) : size;
	size_t len = nl != NULL ? size - ctlen - 1 : 0;
	char *ct = arena_strndup(a, in, ctlen);
	char *body = arena_strndup(a, nl != NULL ? nl + 1 : "", len);
	const char *err = "unset", *after = body;
	struct part *parts, *p;
	struct req r;
	struct kv hdr = { "Content-Type", ct, NULL };
	size_t nplain = 0;

	parts = multipart_parse(a, ct, body, len, &err);
	if (parts != NULL && err != NULL)
		abort();
	if (parts == NULL && err != NULL && err[0] == '\0')
		abort();
	for (p = parts; p != NULL; p = p->next) {
		if (p->name == NULL || p->data < after ||
		    p->len > len || p->data + p->len + 4 > body + len ||
		    memcmp(p->data + p->len, "\r\n--", 4) != 0)
			abort();
		after = p->data + p->len;
	}

	/* The same body as a request's: its plain fields by name, when the
	 * type is one req_form reads as multipart. */
	memset(&r, 0, sizeof r);
	r.arena = a;
	r.headers = &hdr;
	r.body = body;
	r.body_len = len;
	if (strncasecmp(ct, "multipart/form-data", 19) != 0)
		parts = NULL;
	for (p = parts; p != NULL && nplain < 16; p = p->next) {
		if (p->filename != NULL)
			continue;
		nplain++;
		if (req_form(&r, p->name) == NULL)
			abort();
	}
	arena_free(a);
	return 0;
}
