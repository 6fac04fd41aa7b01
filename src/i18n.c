/*
 * i18n.c - message catalogs; see i18n.h. Depends on jansson.
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
