/*
 * tmpl.c - the template engine; see tmpl.h. Depends on jansson, buf and
 * i18n. Templates are interpreted from their text: they are small, and a
 * render walks each tag once.
 */
#include "tmpl.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

#define MAX_DEPTH 32
#define MAX_TEMPLATES 128

struct template {
	char *name;
	char *text;
};

static struct template templates[MAX_TEMPLATES];
static size_t ntemplates;

struct tag {
	const char *start, *end;	/* the whole tag, braces included */
	char kind;			/* 0 var, '{' raw, '#', '^', '/', '_', '!' */
	char name[128];
};

/* The first run of two c (three when three) in s, or NULL: strstr by
 * strchr, because the sanitizers' strstr measures the whole of s on
 * every call, which made a long template quadratic under make check and
 * the fuzzer; strchr looks only as far as it finds. */
static const char *
find_run(const char *s, char c, int three)
{
	for (; (s = strchr(s, c)) != NULL; s++)
		if (s[1] == c && (!three || s[2] == c))
			return s;
	return NULL;
}

/* Finds the next tag at or after s; 0 if none. */
static int
next_tag(const char *s, struct tag *t)
{
	const char *open = find_run(s, '{', 0), *p, *close;
	size_t n;

	if (open == NULL)
		return 0;
	t->start = open;
	p = open + 2;
	t->kind = 0;
	if (*p == '{' || *p == '#' || *p == '^' || *p == '/' || *p == '_' || *p == '!')
		t->kind = *p++;
	close = find_run(p, '}', t->kind == '{');
	if (close == NULL) {
		t->end = NULL;
		return 1;
	}
	t->end = close + (t->kind == '{' ? 3 : 2);
	while (*p == ' ')
		p++;
	n = (size_t)(close - p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (n >= sizeof t->name)
		n = sizeof t->name - 1;
	memcpy(t->name, p, n);
	t->name[n] = '\0';
	return 1;
}

static int
line_of(const char *src, const char *at)
{
	int line = 1;

	for (; src < at; src++)
		line += *src == '\n';
	return line;
}

const char *
tmpl_check(const char *src, int *line)
{
	struct tag t;
	char stack[MAX_DEPTH][128];
	const char *where[MAX_DEPTH];
	int depth = 0, ln = 1;
	const char *s = src, *seen = src;	/* newlines counted up to seen */

	while (next_tag(s, &t)) {
		/* Counted on from the last tag: from src each time was
		 * quadratic in a template of many tags. */
		ln += line_of(seen, t.start) - 1;
		seen = t.start;
		*line = ln;
		if (t.end == NULL)
			return "unclosed {{";
		if (t.kind == '#' || t.kind == '^') {
			if (depth == MAX_DEPTH)
				return "sections nested too deep";
			where[depth] = t.start;
			memcpy(stack[depth++], t.name, sizeof t.name);
		} else if (t.kind == '/') {
			if (depth == 0)
				return "{{/...}} without an open section";
			if (strcmp(stack[--depth], t.name) != 0)
				return "{{/...}} closes another section";
		}
		if (t.kind != '!' && t.name[0] == '\0')
			return "empty tag";
		s = t.end;
	}
	if (depth > 0) {
		*line = line_of(src, where[depth - 1]);
		return "section never closed";
	}
	return NULL;
}

#define PART_MAX 128	/* a segment of a dotted name, its NUL included */

/* Copies the segment of a dotted name that starts at p into part; *next
 * gets where the next one starts, or NULL after the last. 0, or -1 if it
 * does not fit. */
static int
segment(const char *p, char part[PART_MAX], const char **next)
{
	const char *dot = strchr(p, '.');
	size_t n = dot ? (size_t)(dot - p) : strlen(p);

	if (n >= PART_MAX)
		return -1;
	memcpy(part, p, n);
	part[n] = '\0';
	*next = dot ? dot + 1 : NULL;
	return 0;
}

/* Resolves a dotted name against the context stack. */
static json_t *
lookup(json_t **stack, int depth, const char *name)
{
	char part[PART_MAX];
	const char *p;
	json_t *v = NULL;

	if (strcmp(name, ".") == 0)
		return depth > 0 ? stack[depth - 1] : NULL;
	if (segment(name, part, &p) != 0)
		return NULL;
	for (int i = depth - 1; i >= 0 && v == NULL; i--)
		if (json_is_object(stack[i]))
			v = json_object_get(stack[i], part);
	while (v != NULL && p != NULL) {
		if (segment(p, part, &p) != 0)
			return NULL;
		if (json_is_array(v) && part[0] >= '0' && part[0] <= '9')
			v = json_array_get(v, (size_t)strtoul(part, NULL, 10));
		else
			v = json_object_get(v, part);
	}
	return v;
}

static int
truthy(json_t *v)
{
	if (v == NULL)
		return 0;
	switch (json_typeof(v)) {
	case JSON_NULL: case JSON_FALSE: return 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0;
	case JSON_ARRAY: return json_array_size(v) > 0;
	default: return 1;
	}
}

static void
value(struct buf *out, json_t *v, int raw)
{
	char num[64];
	const char *s = NULL;

	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_STRING: s = json_string_value(v); break;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		s = num;
		break;
	case JSON_REAL:
		snprintf(num, sizeof num, "%g", json_real_value(v));
		s = num;
		break;
	case JSON_TRUE: s = "true"; break;
	default: return;
	}
	if (raw)
		buf_str(out, s);
	else
		buf_html(out, s);
}

/* The tag that closes the section opened just before s. */
static const char *
section_end(const char *s, struct tag *close)
{
	struct tag t;
	int depth = 0;

	while (next_tag(s, &t) && t.end != NULL) {
		if (t.kind == '#' || t.kind == '^')
			depth++;
		else if (t.kind == '/' && depth-- == 0) {
			*close = t;
			return t.start;
		}
		s = t.end;
	}
	return NULL;
}

/* Chinese punctuation around the catalog's words. A template is written
 * once for both languages, so it puts English punctuation between a
 * catalog text and what follows ("{{_time_left}} <span>", "{{_x}}: ",
 * "({{_y}})"). In zh-TW, next to a text that ends (or starts) in Chinese,
 * that punctuation is the full-width kind and no space follows it:
 * ": " and ", " become "：" and "，", "(" and ")" become "（" and "）",
 * and the space after a text ending in full-width punctuation is dropped
 * ("剩餘時間：14:58", not "剩餘時間： 14:58"). A ")" turns full-width only
 * when its "(" did (*open), so "(+5 分鐘)" keeps a matching pair. */
static int
is_cjk(uint32_t c)
{
	return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xff00 && c <= 0xffef);
}

static int
is_fullwidth_punct(uint32_t c)
{
	return c == 0x3001 || c == 0x3002 || (c >= 0x300c && c <= 0x300f) ||
	    c == 0xff01 || c == 0xff08 || c == 0xff09 || c == 0xff0c ||
	    c == 0xff1a || c == 0xff1b || c == 0xff1f;
}

/* The last code point of s (0 if empty). */
static uint32_t
last_cp(const char *s)
{
	size_t n = strlen(s), i = n > 0 ? n - 1 : 0;
	uint32_t cp = 0;

	while (i > 0 && (s[i] & 0xc0) == 0x80)	/* back to the lead byte */
		i--;
	if (n > 0)
		utf8_next(s + i, n - i, &cp);
	return cp;
}

static int
zh_lang(const char *lang)
{
	return lang != NULL && strncmp(lang, "zh", 2) == 0;
}

/* Writes the literal text [s, end) of a template. after: the last code
 * point of the catalog text just before it (0 if none); before: the
 * first of the catalog text just after it (0 if none). */
static void
literal(struct buf *out, const char *s, const char *end, uint32_t after,
    uint32_t before, int *open)
{
	if (after != 0 && s < end && is_cjk(after)) {
		if ((*s == ':' || *s == ',') && !is_fullwidth_punct(after)) {
			buf_str(out, *s == ':' ? "\xef\xbc\x9a" : "\xef\xbc\x8c");
			after = 0xff1a;
			s++;
		} else if (*s == ')' && *open) {
			*open = 0;
			buf_str(out, "\xef\xbc\x89");
			after = 0xff09;
			s++;
		}
		if (s < end && *s == ' ' && is_fullwidth_punct(after))
			s++;
	}
	if (before != 0 && is_fullwidth_punct(before) && s < end && end[-1] == ' ')
		end--;	/* no space before "（" or "：" either */
	if (before != 0 && is_cjk(before) && s < end && end[-1] == '(') {
		buf_raw(out, s, (size_t)(end - 1 - s));
		buf_str(out, "\xef\xbc\x88");
		*open = 1;
		return;
	}
	buf_raw(out, s, (size_t)(end - s));
}

static void
render(struct buf *out, const char *s, const char *end, json_t **stack,
    int depth, const char *lang)
{
	struct tag t, close;
	uint32_t after = 0;	/* zh-TW: the catalog text just written ends in */
	int open = 0;		/* a "(" was written as "（" */

	while (s < end) {
		const char *body_end;
		json_t *v;
		uint32_t before = 0;

		if (!next_tag(s, &t) || t.start >= end || t.end == NULL) {
			literal(out, s, end, after, 0, &open);
			return;
		}
		if (t.kind == '_' && zh_lang(lang)) {
			const char *text = i18n_get(lang, t.name);

			utf8_next(text, strlen(text), &before);
		}
		literal(out, s, t.start, after, before, &open);
		after = 0;
		s = t.end;
		switch (t.kind) {
		case 0:
		case '{':
			value(out, lookup(stack, depth, t.name), t.kind == '{');
			break;
		case '_':
			buf_html(out, i18n_get(lang, t.name));
			if (zh_lang(lang))
				after = last_cp(i18n_get(lang, t.name));
			break;
		case '#':
		case '^':
			if ((body_end = section_end(s, &close)) == NULL)
				return;
			v = lookup(stack, depth, t.name);
			if (t.kind == '^') {
				if (!truthy(v))
					render(out, s, body_end, stack, depth, lang);
			} else if (depth < MAX_DEPTH - 1 && json_is_array(v)) {
				size_t i;
				json_t *el;

				json_array_foreach(v, i, el) {
					stack[depth] = el;
					render(out, s, body_end, stack, depth + 1, lang);
				}
			} else if (depth < MAX_DEPTH - 1 && truthy(v)) {
				stack[depth] = v;
				render(out, s, body_end, stack,
				    depth + json_is_object(v), lang);
			}
			s = close.end;
			break;
		default:	/* comment; a stray close was refused by tmpl_check */
			break;
		}
	}
}

void
tmpl_render_text(struct buf *out, const char *src, json_t *ctx, const char *lang)
{
	json_t *stack[MAX_DEPTH];

	stack[0] = ctx;
	render(out, src, src + strlen(src), stack, 1, lang);
}

int
tmpl_render(struct buf *out, const char *name, json_t *ctx, const char *lang)
{
	for (size_t i = 0; i < ntemplates; i++) {
		if (strcmp(templates[i].name, name) == 0) {
			tmpl_render_text(out, templates[i].text, ctx, lang);
			return 0;
		}
	}
	return -1;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_raw(&b, chunk, n);
	fclose(f);
	return buf_steal(&b, NULL);
}

int
tmpl_load(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (d == NULL) {
		fprintf(stderr, "aicert: cannot open templates in %s\n", dir);
		return -1;
	}
	tmpl_free();
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char path[4096];
		const char *msg;
		int line = 0;
		char *text;

		if (n < 6 || strcmp(e->d_name + n - 5, ".html") != 0)
			continue;
		if (ntemplates == MAX_TEMPLATES) {
			fprintf(stderr, "aicert: too many templates in %s\n", dir);
			rc = -1;
			break;
		}
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if ((text = slurp(path)) == NULL) {
			fprintf(stderr, "aicert: cannot read %s\n", path);
			rc = -1;
			continue;
		}
		if ((msg = tmpl_check(text, &line)) != NULL) {
			fprintf(stderr, "%s:%d: error: %s\n", path, line, msg);
			free(text);
			rc = -1;
			continue;
		}
		templates[ntemplates].name = strndup(e->d_name, n - 5);
		templates[ntemplates++].text = text;
	}
	closedir(d);
	return rc;
}

void
tmpl_free(void)
{
	for (size_t i = 0; i < ntemplates; i++) {
		free(templates[i].name);
		free(templates[i].text);
	}
	ntemplates = 0;
}
