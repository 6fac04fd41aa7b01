/*
 * fuzz_tmpl.c - libFuzzer target for the template engine (tmpl.c):
 * tmpl_check, which every template passes at load, and
 * tmpl_render_text over a JSON context.
 *
 * Each input is a template, then optionally a NUL and a JSON context
 * (any JSON value; none or bad JSON: an empty object). A refused
 * template must name a line inside it; an accepted one is rendered,
 * and when it holds neither '<' nor a raw {{{tag}}} the page must hold
 * no '<' either: every value and message is escaped. The catalogs are
 * not loaded, so {{_key}} renders its key.
 *
 * Sections over arrays nest: {{#a}}{{#a}}..{{/a}}{{/a}} with a = [1, 2]
 * renders 2^depth times, as the program's own templates would if they
 * were written so. When the context could make the page larger than a
 * few MiB it is rendered with an empty context instead, which still
 * walks every tag. Crashes it finds are kept in
 * tests/fuzz/regress/tmpl/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl.h"

#define PAGE_MAX (4u << 20)	/* bytes a render may be expected to reach */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The longest array and the longest string anywhere in v. */
static void
widest(json_t *v, size_t *arr, size_t *str)
{
	const char *k;
	json_t *el;
	size_t i;

	if (json_is_string(v) && json_string_length(v) > *str)
		*str = json_string_length(v);
	if (json_is_array(v)) {
		if (json_array_size(v) > *arr)
			*arr = json_array_size(v);
		json_array_foreach(v, i, el)
			widest(el, arr, str);
	}
	if (json_is_object(v))
		json_object_foreach(v, k, el)
			widest(el, arr, str);
}

/* Whether rendering src with ctx stays under PAGE_MAX by a coarse
 * bound: each "{{#" may repeat what it holds once per element of the
 * longest array, and each tag may write the longest value. */
static int
small_enough(const char *src, json_t *ctx)
{
	size_t arr = 1, str = 128, tags = 0, sections = 0;
	double bound;

	/* strchr, not strstr: under ASan strstr measures all of p. */
	for (const char *p = src; (p = strchr(p, '{')) != NULL; p++) {
		tags += p[1] == '{';
		sections += p[1] == '{' && p[2] == '#';
	}
	widest(ctx, &arr, &str);
	bound = (double)strlen(src) + (double)tags * (double)str;
	for (size_t i = 0; i < sections && arr > 1 && bound <= PAGE_MAX; i++)
		bound *= (double)arr;
	return bound <= PAGE_MAX;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = malloc(size + 1);
	size_t n = strnlen((const char *)data, size);
	json_t *ctx = NULL;
	struct buf out = BUF_INIT;
	const char *msg;
	int line = 0, lines = 1;

	if (src == NULL)
		abort();
	memcpy(src, data, n);
	src[n] = '\0';
	if (n < size)
		ctx = json_loadb((const char *)data + n + 1, size - n - 1,
		    JSON_DECODE_ANY, NULL);
	if (ctx == NULL)
		ctx = json_object();
	for (const char *p = src; *p != '\0'; p++)
		lines += *p == '\n';

	if ((msg = tmpl_check(src, &line)) != NULL) {
		if (msg[0] == '\0' || line < 1 || line > lines)
			abort();
	} else {
		if (!small_enough(src, ctx)) {
			json_decref(ctx);
			ctx = json_object();
		}
		tmpl_render_text(&out, src, ctx, "zh-TW");
		if (strchr(src, '<') == NULL && strstr(src, "{{{") == NULL &&
		    out.data != NULL && memchr(out.data, '<', out.len) != NULL)
			abort();
	}
	buf_free(&out);
	json_decref(ctx);
	free(src);
	return 0;
}
