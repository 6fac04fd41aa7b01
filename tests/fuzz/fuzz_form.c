/*
 * fuzz_form.c - libFuzzer target for the form body parser: req_form()
 * of http_req.c on an application/x-www-form-urlencoded body, as every page
 * form POSTs it (sign-in, registration, the console).
 *
 * Each input is the body of a request that says it is urlencoded. Every
 * field parsed must be decoded no longer than the body, and the first
 * ones found again by name; then the fields, percent-encoded again with
 * buf_url and joined by '&' in body order, must parse back to the same
 * names and values in the same order. Crashes it finds are kept in
 * tests/fuzz/regress/form/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A request with body (copied, NUL-terminated as http.c keeps it) and
 * only the Content-Type header, all from a. */
static void
form_req(struct req *r, struct kv *ct, struct arena *a, const char *body,
    size_t len)
{
	memset(r, 0, sizeof *r);
	ct->key = "Content-Type";
	ct->value = "application/x-www-form-urlencoded";
	ct->next = NULL;
	r->arena = a;
	r->headers = ct;
	r->body = arena_strndup(a, body, len);
	r->body_len = len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct req r, back;
	struct kv ct, ct2, *f, *g, **order;
	struct buf enc = BUF_INIT;
	size_t n = 0, i;

	form_req(&r, &ct, a, (const char *)data, size);
	(void)req_form(&r, "csrf");
	if ((size > 0) != (r.form != NULL))
		abort();
	/* Fields are kept last first; re-encode them in body order. */
	for (f = r.form; f != NULL; f = f->next)
		n++;
	order = arena_alloc(a, (n + 1) * sizeof *order);
	for (f = r.form, i = n; f != NULL; f = f->next)
		order[--i] = f;
	for (i = 0; i < n; i++) {
		f = order[i];
		/* Each lookup walks every field: only the first few, lest
		 * a body of 16,000 '&' take 16,000 walks (which was most of
		 * this target's time). */
		if (f->key == NULL || f->value == NULL ||
		    strlen(f->key) > size || strlen(f->value) > size ||
		    (i < 4 && req_form(&r, f->key) == NULL))
			abort();
		if (i > 0)
			buf_raw(&enc, "&", 1);
		buf_url(&enc, f->key);
		buf_raw(&enc, "=", 1);
		buf_url(&enc, f->value);
	}
	if (n > 0) {
		form_req(&back, &ct2, a, enc.data, enc.len);
		(void)req_form(&back, "csrf");
		for (f = r.form, g = back.form; f != NULL && g != NULL;
		    f = f->next, g = g->next)
			if (strcmp(f->key, g->key) != 0 ||
			    strcmp(f->value, g->value) != 0)
				abort();
		if (f != NULL || g != NULL)
			abort();
	}
	buf_free(&enc);
	arena_free(a);
	return 0;
}
