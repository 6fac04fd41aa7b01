/*
 * i18n.c - message catalogs and the filling of their "{name}" places;
 * see i18n.h. Depends on jansson and the arena.
 */
#include "i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const langs[] = { "en", "zh-TW" };
#define NLANGS (sizeof langs / sizeof *langs)

static json_t *catalog[NLANGS];

int
i18n_load(const char *dir)
{
	for (size_t i = 0; i < NLANGS; i++) {
		char path[4096];
		json_error_t err;

		snprintf(path, sizeof path, "%s/%s.json", dir, langs[i]);
		json_decref(catalog[i]);
		catalog[i] = json_load_file(path, 0, &err);
		if (catalog[i] == NULL || !json_is_object(catalog[i])) {
			fprintf(stderr, "aicert: %s:%d: %s\n", path, err.line,
			    catalog[i] ? "not a JSON object" : err.text);
			return -1;
		}
	}
	return 0;
}

void
i18n_free(void)
{
	for (size_t i = 0; i < NLANGS; i++) {
		json_decref(catalog[i]);
		catalog[i] = NULL;
	}
}

const char *
i18n_get(const char *lang, const char *key)
{
	for (size_t i = 0; i < NLANGS; i++) {
		if (lang != NULL && strcmp(lang, langs[i]) == 0 && catalog[i]) {
			const char *s = json_string_value(json_object_get(catalog[i], key));

			if (s != NULL)
				return s;
		}
	}
	if (catalog[0] != NULL) {
		const char *s = json_string_value(json_object_get(catalog[0], key));

		if (s != NULL)
			return s;
	}
	return key;
}

char *
i18n_fill(struct arena *a, const char *text, const char *const *kv)
{
	size_t n = 0, o = 0;
	const char *p, *open, *close;
	char *out = NULL;

	/* Twice over the text: the length, then the copy. */
	for (int pass = 0; pass < 2; pass++) {
		for (p = text; *p != '\0';) {
			const char *value = NULL;
			size_t len;

			if ((open = strchr(p, '{')) == NULL || (close = strchr(open, '}')) == NULL)
				open = close = p + strlen(p);
			len = (size_t)(open - p);
			for (const char *const *k = kv; *open && k[0] != NULL; k += 2)
				if (strlen(k[0]) == (size_t)(close - open - 1) &&
				    strncmp(open + 1, k[0], (size_t)(close - open - 1)) == 0) {
					value = k[1] ? k[1] : "";
					break;
				}
			if (*open != '\0' && value == NULL)
				len = (size_t)(close + 1 - p);	/* kept as written */
			if (pass == 1)
				memcpy(out + o, p, len);
			o += len;
			if (value != NULL) {
				if (pass == 1)
					memcpy(out + o, value, strlen(value));
				o += strlen(value);
			}
			p = *close ? close + 1 : close;
		}
		if (pass == 0) {
			n = o;
			o = 0;
			out = arena_alloc(a, n + 1);
		}
	}
	out[n] = '\0';
	return out;
}

char *
i18n_vmsg(struct arena *a, const char *lang, const char *key, va_list ap)
{
	const char *kv[33];
	size_t n = 0;
	const char *name;

	/* At most 16 pairs: a message names a few values, never many. */
	while (n < 32 && (name = va_arg(ap, const char *)) != NULL) {
		kv[n++] = name;
		kv[n++] = va_arg(ap, const char *);
	}
	kv[n] = NULL;
	return i18n_fill(a, i18n_get(lang, key), kv);
}

char *
i18n_msg(struct arena *a, const char *lang, const char *key, ...)
{
	va_list ap;
	char *out;

	va_start(ap, key);
	out = i18n_vmsg(a, lang, key, ap);
	va_end(ap);
	return out;
}

const char *
i18n_match(const char *tag)
{
	if (tag == NULL)
		return NULL;
	if (strcasecmp(tag, "en") == 0 || strncasecmp(tag, "en-", 3) == 0)
		return "en";
	if (strcasecmp(tag, "zh") == 0 || strncasecmp(tag, "zh-", 3) == 0) {
		/* Simplified-script tags are not ours to claim. */
		if (strncasecmp(tag, "zh-CN", 5) == 0 || strncasecmp(tag, "zh-Hans", 7) == 0 ||
		    strncasecmp(tag, "zh-SG", 5) == 0)
			return NULL;
		return "zh-TW";
	}
	return NULL;
}

const char *
i18n_choose(const char *cookie, const char *accept)
{
	const char *best = NULL, *m;
	double bestq = 0;

	if ((m = i18n_match(cookie)) != NULL)
		return m;
	while (accept != NULL && *accept != '\0') {
		char tag[64];
		size_t n = 0;
		double q = 1.0;
		const char *p = accept, *next = strchr(accept, ',');
		const char *stop = next ? next : accept + strlen(accept);

		while (*p == ' ')
			p++;
		while (*p && *p != ';' && *p != ',' && *p != ' ' && n < sizeof tag - 1)
			tag[n++] = *p++;
		tag[n] = '\0';
		/* Only this entry is searched for its q: strstr over the
		 * rest of the header made a long header quadratic. */
		if ((p = memmem(p, (size_t)(stop - p), "q=", 2)) != NULL)
			q = strtod(p + 2, NULL);
		if ((m = i18n_match(tag)) != NULL && q > bestq) {
			best = m;
			bestq = q;
		}
		accept = next ? next + 1 : NULL;
	}
	return best ? best : I18N_DEFAULT;
}
