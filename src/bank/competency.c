/*
 * competency.c - competency codes and framework files; see competency.h.
 *
 * Pure C on jansson: a framework file read and checked field by field,
 * every problem reported (in the caller's language, naming its field as
 * a path into the file, as exam.c does) and the reading going on, so a
 * trainer sees them all at once. Storing and reading frameworks back is
 * competency_store.c.
 */
#include "competency.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "utf8.h"

int
competency_code_valid(const char *code)
{
	size_t n = 0;

	if (code == NULL)
		return 0;
	for (const char *p = code; *p; p++, n++) {
		char c = *p;
		int alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9');

		if (!alnum && (p == code || (c != '.' && c != '_' && c != '-')))
			return 0;
	}
	return n >= 1 && n <= COMPETENCY_CODE_MAX;
}

const char *
competency_of_tag(const char *tag)
{
	if (tag == NULL || strncasecmp(tag, "comp:", 5) != 0)
		return NULL;
	return competency_code_valid(tag + 5) ? tag + 5 : NULL;
}

/* ---- reading a framework file ---------------------------------------- */

/* One parse: where strings go and problems are reported. */
struct fw_ctx {
	struct arena *a;
	struct q_bank *errs;
};

static const char *const fw_top_keys[] = { "id", "title", "version", "competencies", NULL };
static const char *const fw_comp_keys[] = { "code", "title", "parent", NULL };
static const char *const fw_text_keys[] = { "en", "zh-TW", NULL };

/* Records the catalog message key in the errors' language, its places
 * filled from the name, value pairs that follow (ended by NULL). */
static void fw_err(struct fw_ctx *c, const char *key, ...)
	__attribute__((sentinel));

static void
fw_err(struct fw_ctx *c, const char *key, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, key);
	msg = i18n_vmsg(c->a, c->errs->lang, key, ap);
	va_end(ap);
	q_bank_error(c->errs, 0, "%s", msg);
}

/* s for a message: at most 40 bytes of printable ASCII or UTF-8 text,
 * anything else "?", longer "...". */
static const char *
fw_shown(struct fw_ctx *c, const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = arena_alloc(c->a, 48);

	for (size_t i = 0; i < n && k < 40; i++) {
		unsigned char u = (unsigned char)s[i];

		out[k++] = u < 0x20 || u == 0x7f || u == '"' || u == '\\' ? '?' : (char)u;
	}
	while (k > 0 && k < n && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;	/* never cut a character in two */
	if (k < n && n > 40) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
	return out;
}

/* Reports every key of obj not in known (NULL-ended); parent is the path
 * of obj, NULL at the top. */
static void
fw_known_keys(struct fw_ctx *c, json_t *obj, const char *parent,
    const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		size_t i;

		for (i = 0; known[i] != NULL && strcmp(key, known[i]) != 0; i++)
			;
		if (known[i] == NULL)
			fw_err(c, parent ? "exam_unknown_field_in" : "exam_unknown_field",
			    "field", parent ? parent : "", "name", fw_shown(c, key), NULL);
	}
}

/* A title at path: text of 1..FRAMEWORK_TITLE_MAX characters on one
 * line, not only spaces; an arena copy or NULL (reported). */
static char *
fw_text(struct fw_ctx *c, json_t *v, const char *path)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v), blank = 1, ctl = 0;

	if (v == NULL || json_is_null(v)) {
		fw_err(c, "exam_required", "field", path, NULL);
		return NULL;
	}
	if (s == NULL) {
		fw_err(c, "exam_text_invalid", "field", path, NULL);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char u = (unsigned char)s[i];

		if (u != ' ')
			blank = 0;
		if (u < 0x20 || u == 0x7f)
			ctl = 1;
	}
	if (blank || ctl || strlen(s) != n || utf8_chars(s, n) > FRAMEWORK_TITLE_MAX) {
		fw_err(c, "exam_text_line", "field", path, "max",
		    arena_printf(c->a, "%d", FRAMEWORK_TITLE_MAX), NULL);
		return NULL;
	}
	return arena_strndup(c->a, s, n);
}

/* "title": {"en","zh-TW"} at path, both required. */
static void
fw_title(struct fw_ctx *c, json_t *v, const char *path, char **en, char **zh)
{
	*en = *zh = NULL;
	if (v == NULL || json_is_null(v)) {
		fw_err(c, "exam_required", "field", path, NULL);
		return;
	}
	if (!json_is_object(v)) {
		fw_err(c, "exam_bilingual_object", "field", path, NULL);
		return;
	}
	fw_known_keys(c, v, path, fw_text_keys);
	*en = fw_text(c, json_object_get(v, "en"), arena_printf(c->a, "%s.en", path));
	*zh = fw_text(c, json_object_get(v, "zh-TW"), arena_printf(c->a, "%s.\"zh-TW\"", path));
}

/* A string at path of printable ASCII (only bytes of allowed, when
 * not NULL), 1..max of them; an arena copy or NULL (reported by key). */
static char *
fw_word(struct fw_ctx *c, json_t *v, const char *path, const char *allowed,
    size_t max, const char *key)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);

	if (v == NULL || json_is_null(v)) {
		fw_err(c, "exam_required", "field", path, NULL);
		return NULL;
	}
	if (s == NULL || n < 1 || n > max || strlen(s) != n ||
	    (allowed != NULL && strspn(s, allowed) != n)) {
		fw_err(c, key, "field", path, "max", arena_printf(c->a, "%zu", max), NULL);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e) {
			fw_err(c, key, "field", path, "max", arena_printf(c->a, "%zu", max), NULL);
			return NULL;
		}
	return arena_strndup(c->a, s, n);
}

/* The index of code among f's first n competencies, or -1. */
static long
fw_find(const struct framework *f, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (f->c[i].code != NULL && strcmp(f->c[i].code, code) == 0)
			return (long)i;
	return -1;
}

/* One competency at index i. */
static void
fw_competency(struct fw_ctx *c, json_t *v, size_t i, struct framework *f)
{
	char *path = arena_printf(c->a, "\"competencies\"[%zu]", i);
	struct competency *k = &f->c[i];
	json_t *code, *parent;

	memset(k, 0, sizeof *k);
	if (!json_is_object(v)) {
		fw_err(c, "framework_competency_object", "field", path, NULL);
		return;
	}
	fw_known_keys(c, v, path, fw_comp_keys);
	code = json_object_get(v, "code");
	if (code == NULL || json_is_null(code))
		fw_err(c, "exam_required", "field", arena_printf(c->a, "%s.code", path), NULL);
	else if (!competency_code_valid(json_string_value(code)) ||
	    strlen(json_string_value(code)) != json_string_length(code))
		fw_err(c, "framework_code_invalid", "field", arena_printf(c->a, "%s.code", path),
		    "max", arena_printf(c->a, "%d", COMPETENCY_CODE_MAX), NULL);
	else if (fw_find(f, i, json_string_value(code)) >= 0)
		fw_err(c, "framework_code_repeated", "field", arena_printf(c->a, "%s.code", path),
		    "code", json_string_value(code), "other", arena_printf(c->a,
		    "\"competencies\"[%ld]", fw_find(f, i, json_string_value(code))), NULL);
	else
		k->code = arena_strdup(c->a, json_string_value(code));
	fw_title(c, json_object_get(v, "title"), arena_printf(c->a, "%s.title", path),
	    &k->title_en, &k->title_zh);
	parent = json_object_get(v, "parent");
	if (parent != NULL && !json_is_null(parent)) {
		if (!competency_code_valid(json_string_value(parent)) ||
		    strlen(json_string_value(parent)) != json_string_length(parent))
			fw_err(c, "framework_code_invalid", "field", arena_printf(c->a,
			    "%s.parent", path), "max", arena_printf(c->a, "%d",
			    COMPETENCY_CODE_MAX), NULL);
		else
			k->parent = arena_strdup(c->a, json_string_value(parent));
	}
}

/* Every parent names a competency of the file, and none is its own
 * ancestor. Each parent is looked up once, so a long chain costs its
 * length, not its square times the file. */
static void
fw_tree(struct fw_ctx *c, struct framework *f)
{
	long *up = arena_alloc(c->a, f->n * sizeof *up);

	for (size_t i = 0; i < f->n; i++) {
		up[i] = f->c[i].parent != NULL && f->c[i].code != NULL ?
		    fw_find(f, f->n, f->c[i].parent) : -1;
		if (f->c[i].parent != NULL && f->c[i].code != NULL && up[i] < 0)
			fw_err(c, "framework_parent_unknown", "field", arena_printf(c->a,
			    "\"competencies\"[%zu].parent", i), "code", f->c[i].parent, NULL);
	}
	for (size_t i = 0; i < f->n; i++) {
		long at = up[i];

		/* Up the chain: back at i within n steps is a cycle. */
		for (size_t steps = 0; at >= 0 && at != (long)i && steps < f->n; steps++)
			at = up[at];
		if (at == (long)i)
			fw_err(c, "framework_parent_cycle", "field", arena_printf(c->a,
			    "\"competencies\"[%zu].parent", i), "code", f->c[i].code, NULL);
	}
}

int
framework_parse(struct arena *a, const char *json, size_t len,
    struct framework *f, struct q_bank *errs)
{
	struct fw_ctx ctx = { a, errs }, *c = &ctx;
	size_t nerr = errs->nerr, n;
	json_error_t jerr;
	json_t *root, *list;

	memset(f, 0, sizeof *f);
	root = json_loadb(json != NULL ? json : "", json != NULL ? len : 0,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		q_bank_msg(errs, jerr.line > 0 ? jerr.line : 1, "exam_json_invalid", "why",
		    fw_shown(c, jerr.text), NULL);
		return -1;
	}
	if (!json_is_object(root)) {
		fw_err(c, "framework_not_object", NULL);
		json_decref(root);
		return -1;
	}
	fw_known_keys(c, root, NULL, fw_top_keys);
	f->id = fw_word(c, json_object_get(root, "id"), "\"id\"",
	    "abcdefghijklmnopqrstuvwxyz0123456789-", FRAMEWORK_ID_MAX, "exam_id_invalid");
	f->version = fw_word(c, json_object_get(root, "version"), "\"version\"", NULL,
	    FRAMEWORK_VERSION_MAX, "framework_version_invalid");
	fw_title(c, json_object_get(root, "title"), "\"title\"", &f->title_en, &f->title_zh);
	list = json_object_get(root, "competencies");
	n = json_is_array(list) ? json_array_size(list) : 0;
	if (list == NULL || json_is_null(list))
		fw_err(c, "exam_required", "field", "\"competencies\"", NULL);
	else if (n < 1 || n > FRAMEWORK_COMPETENCIES_MAX)
		fw_err(c, "framework_competencies_list", "field", "\"competencies\"", "max",
		    arena_printf(a, "%d", FRAMEWORK_COMPETENCIES_MAX), NULL);
	else {
		f->c = arena_alloc(a, n * sizeof *f->c);
		f->n = n;
		for (size_t i = 0; i < n; i++)
			fw_competency(c, json_array_get(list, i), i, f);
		fw_tree(c, f);
	}
	json_decref(root);
	return errs->nerr == nerr ? 0 : -1;
}

char *
framework_canonical(const struct framework *f)
{
	json_t *root = json_object(), *list = json_array();
	char *out;

	json_object_set_new(root, "id", json_string(f->id));
	json_object_set_new(root, "version", json_string(f->version));
	json_object_set_new(root, "title", json_pack("{ssss}", "en", f->title_en,
	    "zh-TW", f->title_zh));
	for (size_t i = 0; i < f->n; i++) {
		json_t *k = json_pack("{sss{ssss}}", "code", f->c[i].code, "title", "en",
		    f->c[i].title_en, "zh-TW", f->c[i].title_zh);

		if (f->c[i].parent != NULL)
			json_object_set_new(k, "parent", json_string(f->c[i].parent));
		json_array_append_new(list, k);
	}
	json_object_set_new(root, "competencies", list);
	out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	return out;
}
