/*
 * i18n.h - message catalogs (en, zh-TW) and the choice of language.
 *
 * Catalogs are flat JSON objects, templates/i18n/LANG.json, loaded once at
 * start and read-only afterwards. A key missing from a catalog falls back
 * to English, then to the key itself, so a gap shows rather than breaks.
 * A message carrying values marks their places "{name}" (as
 * "Login \"{login}\" also at line {line}"), so that a language may put
 * them in its own order; i18n_msg fills them.
 */
#ifndef AICERT_I18N_H
#define AICERT_I18N_H

#include <stdarg.h>

#include "arena.h"

#define I18N_DEFAULT "en"

/* Loads the catalogs from dir (templates/i18n). 0, or -1 with a message. */
int i18n_load(const char *dir);
void i18n_free(void);

/* The message for key in lang (never NULL; owned by the catalog). */
const char *i18n_get(const char *lang, const char *key);

/* text with each "{name}" of the NULL-ended name, value pairs kv
 * replaced by its value; a "{...}" kv does not name stays as written,
 * and a value is never searched again. From a. */
char *i18n_fill(struct arena *a, const char *text, const char *const *kv);

/* The message key in lang (i18n_get) with its "{name}" places filled
 * from the name, value pairs that follow, ended by NULL:
 *   i18n_msg(a, "zh-TW", "people_login_twice", "login", "ann",
 *       "line", "3", NULL)
 * Values are text (format numbers first); at most 16 pairs are read.
 * From a. */
char *i18n_msg(struct arena *a, const char *lang, const char *key, ...)
	__attribute__((sentinel));

/* The same with the pairs as a va_list. */
char *i18n_vmsg(struct arena *a, const char *lang, const char *key, va_list ap);

/* The supported language this tag names ("en", "zh-TW"), or NULL:
 * "zh-TW", "zh-Hant", "zh-hant-tw", "zh" all name zh-TW; "en-US" names en. */
const char *i18n_match(const char *tag);

/* The language a request gets: an explicit choice (cookie) when supported,
 * else the first supported one of an Accept-Language header by q-value,
 * else I18N_DEFAULT. Returns a static string. */
const char *i18n_choose(const char *cookie, const char *accept_language);

#endif
