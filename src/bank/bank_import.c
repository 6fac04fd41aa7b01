/*
 * bank_import.c - reading and checking an import; see bank_import.h.
 * Depends on the parsers, the encoding check and lint; no store, no HTTP.
 */
#include "bank_import.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bank_aiken.h"
#include "bank_gift.h"
#include "bank_json.h"
#include "bank_lint.h"
#include "bank_xml.h"
#include "encoding.h"
#include "i18n.h"
#include "utf8.h"

void
bank_import_init(struct bank_import *im, struct arena *a, const char *bank)
{
	memset(im, 0, sizeof *im);
	im->arena = a;
	im->bank = bank;
}

static const char *
ext_of(const char *name)
{
	const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');

	return dot && (!slash || dot > slash) ? dot : "";
}

/* The language tag in a name like "bank.zh-TW.gift", or NULL. */
static const char *
lang_of_name(struct arena *a, const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *ext = ext_of(base);
	const char *dot;
	char *tag;

	if (*ext == '\0')
		return NULL;
	for (dot = ext - 1; dot > base && *dot != '.'; dot--)
		;
	if (dot <= base)
		return NULL;
	tag = arena_strndup(a, dot + 1, (size_t)(ext - dot - 1));
	return i18n_match(tag);
}

const char *
bank_name_from_file(struct arena *a, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *name = arena_strdup(a, base), *dot;

	if ((dot = strrchr(name, '.')) != NULL && dot != name)
		*dot = '\0';
	if ((dot = strrchr(name, '.')) != NULL && dot != name && i18n_match(dot + 1))
		*dot = '\0';
	return name;
}

/* Aiken files are lines of "A) ..." options closed by "ANSWER: X", with no
 * GIFT braces. */
static int
looks_aiken(const char *s)
{
	int answers = 0;

	if (strchr(s, '{') != NULL)
		return 0;
	for (const char *p = s; p != NULL && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, "ANSWER:", 7) == 0)
			answers++;
	return answers > 0;
}

/* The format the content of s looks like, whatever its name says, or
 * NULL when it looks like none. */
static const char *
sniff_format(const char *s)
{
	const char *p = s, *open;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (strncmp(p, "<?xml", 5) == 0 || strncmp(p, "<quiz", 5) == 0)
		return "moodle-xml";
	if (*p == '{' && strstr(p, "\"questions\""))
		return "json";
	if (looks_aiken(s))
		return "aiken";
	if ((open = strchr(s, '{')) != NULL && strchr(open, '}') != NULL)
		return "gift";
	return NULL;
}

static const char *
pick_format(const char *name, const char *s)
{
	const char *ext = ext_of(name), *sniffed = sniff_format(s);

	if (strcasecmp(ext, ".xml") == 0)
		return "moodle-xml";
	if (strcasecmp(ext, ".json") == 0)
		return "json";
	if (strcasecmp(ext, ".aiken") == 0)
		return "aiken";
	if (strcasecmp(ext, ".gift") == 0)
		return sniffed != NULL && strcmp(sniffed, "aiken") != 0 ? sniffed : "gift";
	return sniffed != NULL ? sniffed : "gift";
}

const char *
bank_format_name(const char *name)
{
	static const char *const formats[] = { "gift", "aiken", "moodle-xml", "json" };

	if (name == NULL)
		return NULL;
	if (strcasecmp(name, "xml") == 0)
		return "moodle-xml";
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (strcasecmp(name, formats[i]) == 0)
			return formats[i];
	return NULL;
}

/* 1 if s holds a CJK ideograph (U+3400..U+9FFF or U+F900..U+FAFF). */
static int
has_cjk(const char *s)
{
	size_t n, i = 0, len;
	uint32_t cp;

	if (s == NULL)
		return 0;
	n = strlen(s);
	while ((len = utf8_next(s + i, n - i, &cp)) > 0) {
		if ((cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff))
			return 1;
		i += len;
	}
	return 0;
}

/* The encoding an XML declaration at the start of data names
 * (<?xml version="1.0" encoding="ISO-8859-1"?>), or NULL: none, or UTF-8.
 * Moodle and libxml2 read a file in the encoding it declares. */
static const char *
xml_declared_encoding(struct arena *a, const char *data, size_t len)
{
	size_t i = 0, end, from;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (len - i < 5 || memcmp(data + i, "<?xml", 5) != 0)
		return NULL;
	for (end = i; end + 1 < len && end < 256 && !(data[end] == '?' && data[end + 1] == '>');
	    end++)
		;
	for (i += 5; i + 8 < end; i++) {
		char quote;

		if (memcmp(data + i, "encoding", 8) != 0)
			continue;
		for (i += 8; i < end && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
		    data[i] == '\n' || data[i] == '='); i++)
			;
		if (i >= end || (data[i] != '"' && data[i] != '\''))
			return NULL;
		quote = data[i];
		for (from = ++i; i < end && data[i] != quote; i++)
			if (!((data[i] >= 'A' && data[i] <= 'Z') || (data[i] >= 'a' &&
			    data[i] <= 'z') || (data[i] >= '0' && data[i] <= '9') ||
			    data[i] == '-' || data[i] == '_' || data[i] == '.' || data[i] == ':'))
				return NULL;
		if (i >= end || i == from || i - from > 40)
			return NULL;
		/* "<?xml" read as single bytes is not UTF-16 or UTF-32,
		 * whatever it says: libxml2 ignores such a claim too. */
		if (strncasecmp(data + from, "utf", 3) == 0 ||
		    strncasecmp(data + from, "ucs", 3) == 0)
			return NULL;
		return arena_strndup(a, data + from, i - from);
	}
	return NULL;
}

void
bank_import_read(struct bank_import *im, const char *name, const char *data,
    size_t len, const char *encoding)
{
	struct bank_file *f;
	char *text = NULL;
	size_t textlen = 0;

	im->files = arena_grow(im->arena, im->files, im->nfiles, im->nfiles + 1,
	    sizeof *im->files);
	f = &im->files[im->nfiles++];
	f->name = arena_strdup(im->arena, name);
	q_bank_init(&f->qb, im->arena, f->name);
	q_bank_init(&f->warn, im->arena, f->name);
	f->qb.lang = f->warn.lang = im->lang;
	f->qb.warn = &f->warn;
	f->lang = lang_of_name(im->arena, name);
	if (encoding == NULL)
		encoding = xml_declared_encoding(im->arena, data, len);
	if (enc_to_utf8(im->arena, f->name, data, len, encoding, &text, &textlen,
	    &f->qb) != 0) {
		f->format = "unknown";
		im->nerrors += f->qb.nerr;
		return;
	}
	enc_check_reading(im->arena, encoding, text, textlen, &f->warn);
	if (im->format != NULL && bank_format_name(im->format) == NULL) {
		q_bank_msg(&f->qb, 0, "import_format_unknown", "format", im->format, NULL);
		im->nerrors += f->qb.nerr;
		return;
	}
	f->format = im->format != NULL ? bank_format_name(im->format) :
	    pick_format(name, text);
	if (strcmp(f->format, "moodle-xml") == 0)
		bank_xml_parse(&f->qb, text, textlen);
	else if (strcmp(f->format, "json") == 0)
		bank_json_parse(&f->qb, text, textlen);
	else if (strcmp(f->format, "aiken") == 0)
		bank_aiken_parse(&f->qb, text, textlen);
	else
		bank_gift_parse(&f->qb, text, textlen);
	f->qb.warn = NULL;	/* im->files may move with the next file */
	if (f->qb.nerr == 0 && f->qb.n == 0)
		q_bank_msg(&f->qb, 0, "import_no_questions", "format", f->format, NULL);
	if (f->qb.nerr > 0) {
		const char *looks = sniff_format(text);

		/* Read in the wrong format, a file fails in ways that do not
		 * help: say what it looks like. */
		if (looks != NULL && strcmp(looks, f->format) != 0)
			q_bank_msg(&f->qb, 0, "import_looks_like", "format", f->format,
			    "looks", looks, NULL);
	}
	if (f->qb.nerr == 0 && f->qb.n > 0) {
		const char *looks = sniff_format(text);
		size_t i = 0;

		while (i < f->qb.n && f->qb.q[i].type == Q_DESCRIPTION)
			i++;
		if (i == f->qb.n && looks != NULL && strcmp(looks, f->format) != 0)
			q_bank_msg(&f->warn, 0, "import_looks_like_warn", "format", f->format,
			    "looks", looks, NULL);
	}
	for (size_t i = 0; i < f->qb.n; i++) {
		struct question *q = &f->qb.q[i];

		if (f->lang != NULL)
			q->lang = arena_strdup(im->arena, f->lang);
		else if (q->lang == NULL || i18n_match(q->lang) == NULL)
			q->lang = has_cjk(q->text) ? "zh-TW" : "en";
		else
			q->lang = arena_strdup(im->arena, i18n_match(q->lang));
	}
	if (f->qb.nerr == 0)
		bank_lint(&f->qb, &f->warn);
	im->nerrors += f->qb.nerr;
	im->nwarnings += f->warn.nerr;
	im->count += f->qb.n;
}

const char *
bank_item_key(struct arena *a, const struct question *q)
{
	unsigned char h[32];
	char hex[65];

	if (q->key != NULL)
		return q->key;
	if (q->id != NULL && *q->id != '\0')
		return q->id;
	if (q->title != NULL && *q->title != '\0')
		return arena_printf(a, "title:%s", q->title);
	crypto_hash_sha256(h, (const unsigned char *)(q->text ? q->text : ""),
	    q->text ? strlen(q->text) : 0);
	sodium_bin2hex(hex, sizeof hex, h, 8);
	return arena_printf(a, "stem:%s", hex);
}

struct seen {
	struct question *q;
	const char *key;
	size_t file, order;
};

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* By language, category, id, then the order read. */
static int
seen_id_cmp(const void *x, const void *y)
{
	const struct seen *a = x, *b = y;
	int c = strcmp(a->q->lang, b->q->lang);

	if (c == 0)
		c = strcmp(or_empty(a->q->category), or_empty(b->q->category));
	if (c == 0)
		c = strcmp(a->q->id, b->q->id);
	return c != 0 ? c : (a->order > b->order) - (a->order < b->order);
}

/* By language and key only. */
static int
seen_key_cmp(const void *x, const void *y)
{
	const struct seen *a = x, *b = y;
	int c = strcmp(a->q->lang, b->q->lang);

	return c != 0 ? c : strcmp(a->key, b->key);
}

/* By language, key, then the order read: the first one read comes first. */
static int
seen_cmp(const void *x, const void *y)
{
	const struct seen *a = x, *b = y;
	int c = strcmp(a->q->lang, b->q->lang);

	if (c == 0)
		c = strcmp(a->key, b->key);
	return c != 0 ? c : (a->order > b->order) - (a->order < b->order);
}

/* Warns about q, the later of two alike (the first is at first). */
static void
warn_repeat(struct bank_import *im, const struct seen *first, const struct seen *q)
{
	struct q_bank *w = &im->files[q->file].warn;
	const char *file = im->files[first->file].name;
	const char *line = arena_printf(im->arena, "%d", first->q->line);

	if (q->q->id != NULL && *q->q->id != '\0')
		q_bank_msg(w, q->q->line, "import_repeat_id", "id", q->q->id, "file", file,
		    "line", line, "key", q->q->key, NULL);
	else if (q->q->title != NULL && *q->q->title != '\0')
		q_bank_msg(w, q->q->line, "import_repeat_title", "title", q->q->title,
		    "file", file, "line", line, "key", q->q->key, NULL);
	else
		q_bank_msg(w, q->q->line, "import_repeat_stem", "stem",
		    q_text_short(im->arena, q->q->text), "file", file, "line", line, NULL);
	im->nwarnings++;
}

/* Gives every question its identity. Moodle wants an id unique only in
 * its category and drops a repeated one; titles and stems may repeat. So:
 * a repeated id in one category is dropped with a warning; then questions
 * alike (same id in other categories, same title, same stem) in one
 * language take the key of the first with "#2", "#3"... in the order
 * read, which an unchanged file keeps from one import to the next. */
static void
assign_keys(struct bank_import *im)
{
	struct seen *all = arena_alloc(im->arena, (im->count + 1) * sizeof *all);
	size_t n = 0, run, skipped = 0;

	for (size_t fi = 0; fi < im->nfiles; fi++)
		for (size_t i = 0; i < im->files[fi].qb.n; i++) {
			struct question *q = &im->files[fi].qb.q[i];

			q->key = NULL;
			if (q->id != NULL && *q->id == '\0')
				q->id = NULL;
			if (q->id == NULL)
				continue;
			all[n] = (struct seen){ q, NULL, fi, n };
			n++;
		}
	qsort(all, n, sizeof *all, seen_id_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		const struct seen *a = &all[first], *b = &all[i];

		if (strcmp(a->q->lang, b->q->lang) != 0 ||
		    strcmp(or_empty(a->q->category), or_empty(b->q->category)) != 0 ||
		    strcmp(a->q->id, b->q->id) != 0) {
			first = i;
			continue;
		}
		q_bank_msg(&im->files[b->file].warn, b->q->line, "import_id_dropped", "id",
		    b->q->id, "file", im->files[a->file].name, "line",
		    arena_printf(im->arena, "%d", a->q->line), NULL);
		im->nwarnings++;
		b->q->id = NULL;
	}
	n = 0;
	for (size_t fi = 0; fi < im->nfiles; fi++)
		for (size_t i = 0; i < im->files[fi].qb.n; i++) {
			all[n] = (struct seen){ &im->files[fi].qb.q[i], NULL, fi, n };
			all[n].key = bank_item_key(im->arena, all[n].q);
			n++;
		}
	qsort(all, n, sizeof *all, seen_cmp);
	for (size_t i = 0, first = 0; i < n; i++) {
		if (i == 0 || strcmp(all[first].q->lang, all[i].q->lang) != 0 ||
		    strcmp(all[first].key, all[i].key) != 0) {
			first = i;
			skipped = 0;
			all[i].q->key = (char *)all[i].key;
			continue;
		}
		/* Numbered after those before it, skipping a number some
		 * other question's own key already has ("Q#2" as a title). */
		run = i - first + 1 + skipped;
		for (;;) {
			struct seen probe = all[i];

			probe.key = arena_printf(im->arena, "%s#%zu", all[i].key, run);
			if (bsearch(&probe, all, n, sizeof *all, seen_key_cmp) == NULL) {
				all[i].q->key = (char *)probe.key;
				break;
			}
			run++;
			skipped++;
		}
		warn_repeat(im, &all[first], &all[i]);
	}
}

int
bank_import_check(struct bank_import *im)
{
	const struct q_bank **banks;

	if (im->bank == NULL && im->nfiles > 0)
		im->bank = bank_name_from_file(im->arena, im->files[0].name);
	if (im->nerrors > 0)
		return -1;
	assign_keys(im);
	if (im->nfiles > 1) {
		banks = arena_alloc(im->arena, im->nfiles * sizeof *banks);
		for (size_t i = 0; i < im->nfiles; i++)
			banks[i] = &im->files[i].qb;
		bank_lint_translations(banks, im->nfiles, &im->files[0].warn);
		im->nwarnings = 0;
		for (size_t i = 0; i < im->nfiles; i++)
			im->nwarnings += im->files[i].warn.nerr;
	}
	return 0;
}

json_t *
bank_import_problems(const struct bank_import *im, int warnings)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < im->nfiles; i++) {
		const struct q_bank *b = warnings ? &im->files[i].warn : &im->files[i].qb;

		for (size_t e = 0; e < b->nerr; e++)
			json_array_append_new(arr, json_pack("{s:s, s:i, s:s}", "file",
			    im->files[i].name, "line", b->err[e].line, "message",
			    b->err[e].message));
	}
	return arr;
}
