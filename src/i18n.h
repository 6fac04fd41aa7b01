/*
 * i18n.h - message catalogs (en, zh-TW) and the choice of language.
 *
 * Catalogs are flat JSON objects, templates/i18n/LANG.json, loaded once at
 * start and read-only afterwards. A key missing from a catalog falls back
 * to English, then to the key itself, so a gap shows rather than breaks.
 */
#ifndef AICERT_I18N_H
#define AICERT_I18N_H

#define I18N_DEFAULT "en"

/* Loads the catalogs from dir (templates/i18n). 0, or -1 with a message. */
int i18n_load(const char *dir);
void i18n_free(void);

/* The message for key in lang (never NULL; owned by the catalog). */
const char *i18n_get(const char *lang, const char *key);

/* The supported language this tag names ("en", "zh-TW"), or NULL:
 * "zh-TW", "zh-Hant", "zh-hant-tw", "zh" all name zh-TW; "en-US" names en. */
const char *i18n_match(const char *tag);

/* The language a request gets: an explicit choice (cookie) when supported,
 * else the first supported one of an Accept-Language header by q-value,
 * else I18N_DEFAULT. Returns a static string. */
const char *i18n_choose(const char *cookie, const char *accept_language);

#endif
