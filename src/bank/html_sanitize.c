/*
 * html_sanitize.c - allow-list HTML sanitizer; see html_sanitize.h.
 *
 * A small tolerant tokenizer in the spirit of HTML5's: text, start tags
 * with attributes, end tags, comments and other markup declarations. Its
 * output is rebuilt from scratch -- only allowed tags and attributes are
 * written, every text run and attribute value is decoded and re-escaped --
 * so whatever the browser makes of odd input, it can only see what this
 * file writes. Depends on arena.h and utf8.h only.
 */
#include "html_sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

#define HS_MAXDEPTH 100		/* open elements kept; deeper tags dropped */
#define HS_MAXATTR 32		/* attributes looked at per tag */
#define HS_NAMEMAX 16		/* longest tag name worth comparing */

struct hs_buf {
	char *p;
	size_t n, cap;
};

struct hs_attr {
	char name[HS_NAMEMAX];	/* lowercased; "" if too long to matter */
	char *value;		/* decoded, malloc'd; NULL if none */
};

struct hs_tag {
	char name[HS_NAMEMAX];	/* lowercased; "" if too long to matter */
	int end;		/* </name> */
	struct hs_attr attr[HS_MAXATTR];
	int nattr;
};

/* Tags written out; the first three are void (no end tag). */
static const char *const hs_allowed[] = {
	"br", "hr", "img",
	"p", "b", "strong", "i", "em", "u", "sub", "sup", "code", "pre", "ul",
	"ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
	"span", "div", "h1", "h2", "h3", "h4", "h5", "h6", "a",
};
#define HS_NVOID 3

/* Dropped with everything up to their end tag, read as raw text. */
static const char *const hs_rawtext[] = {
	"script", "style", "iframe", "noscript", "noembed", "noframes", "xmp",
	"textarea", "title", "plaintext",
};

/* Dropped with their content, which may nest the same tag. */
static const char *const hs_dropnest[] = {
	"object", "form", "applet", "template", "select", "frameset", "button",
};

/* Starting one of these closes an open <p> (a subset of HTML5's list). */
static const char *const hs_closes_p[] = {
	"p", "div", "ul", "ol", "pre", "blockquote", "table", "hr", "h1",
	"h2", "h3", "h4", "h5", "h6",
};

static const struct {
	const char *name;
	unsigned cp;
} hs_entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xA0 }, { "colon", ':' }, { "tab", 9 },
	{ "Tab", 9 }, { "NewLine", 10 }, { "sol", '/' }, { "lpar", '(' },
	{ "rpar", ')' }, { "copy", 0xA9 }, { "reg", 0xAE },
	{ "trade", 0x2122 }, { "hellip", 0x2026 }, { "mdash", 0x2014 },
	{ "ndash", 0x2013 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
	{ "ldquo", 0x201C }, { "rdquo", 0x201D }, { "laquo", 0xAB },
	{ "raquo", 0xBB }, { "middot", 0xB7 }, { "bull", 0x2022 },
	{ "deg", 0xB0 }, { "plusmn", 0xB1 }, { "times", 0xD7 },
	{ "divide", 0xF7 }, { "micro", 0xB5 }, { "para", 0xB6 },
	{ "sect", 0xA7 }, { "cent", 0xA2 }, { "pound", 0xA3 }, { "yen", 0xA5 },
	{ "euro", 0x20AC }, { "frac12", 0xBD }, { "frac14", 0xBC },
	{ "frac34", 0xBE }, { "sup1", 0xB9 }, { "sup2", 0xB2 },
	{ "sup3", 0xB3 }, { "shy", 0xAD }, { "not", 0xAC }, { "iexcl", 0xA1 },
	{ "iquest", 0xBF }, { "Agrave", 0xC0 }, { "Aacute", 0xC1 },
	{ "Auml", 0xC4 }, { "Ccedil", 0xC7 }, { "Eacute", 0xC9 },
	{ "Ouml", 0xD6 }, { "Uuml", 0xDC }, { "szlig", 0xDF },
	{ "agrave", 0xE0 }, { "aacute", 0xE1 }, { "acirc", 0xE2 },
	{ "auml", 0xE4 }, { "ccedil", 0xE7 }, { "egrave", 0xE8 },
	{ "eacute", 0xE9 }, { "ecirc", 0xEA }, { "euml", 0xEB },
	{ "iacute", 0xED }, { "ntilde", 0xF1 }, { "oacute", 0xF3 },
	{ "ouml", 0xF6 }, { "uacute", 0xFA }, { "uuml", 0xFC },
	{ "alpha", 0x3B1 }, { "beta", 0x3B2 }, { "gamma", 0x3B3 },
	{ "delta", 0x3B4 }, { "epsilon", 0x3B5 }, { "theta", 0x3B8 },
	{ "lambda", 0x3BB }, { "mu", 0x3BC }, { "pi", 0x3C0 },
	{ "rho", 0x3C1 }, { "sigma", 0x3C3 }, { "tau", 0x3C4 },
	{ "phi", 0x3C6 }, { "omega", 0x3C9 }, { "Delta", 0x394 },
	{ "Sigma", 0x3A3 }, { "Omega", 0x3A9 }, { "le", 0x2264 },
	{ "ge", 0x2265 }, { "ne", 0x2260 }, { "asymp", 0x2248 },
	{ "infin", 0x221E }, { "sum", 0x2211 }, { "prod", 0x220F },
	{ "radic", 0x221A }, { "minus", 0x2212 }, { "larr", 0x2190 },
	{ "rarr", 0x2192 }, { "uarr", 0x2191 }, { "darr", 0x2193 },
	{ "harr", 0x2194 }, { "rArr", 0x21D2 }, { "hArr", 0x21D4 },
	{ "forall", 0x2200 }, { "exist", 0x2203 }, { "isin", 0x2208 },
	{ "notin", 0x2209 }, { "cap", 0x2229 }, { "cup", 0x222A },
	{ "and", 0x2227 }, { "or", 0x2228 }, { "sdot", 0x22C5 },
	{ "zwj", 0x200D }, { "zwnj", 0x200C },
};

static void
hs_put(struct hs_buf *b, const char *s, size_t n)
{
	if (b->cap - b->n < n + 1) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap - b->n < n + 1)
			cap *= 2;
		if ((b->p = realloc(b->p, cap)) == NULL)
			abort();
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
hs_puts(struct hs_buf *b, const char *s)
{
	hs_put(b, s, strlen(s));
}

/* Writes s[0..n) with & < > " as entities. */
static void
hs_escape(struct hs_buf *b, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		hs_put(b, s + start, i - start);
		hs_puts(b, rep);
		start = i + 1;
	}
	hs_put(b, s + start, n - start);
}

static int
hs_isalpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
hs_isalnum(char c)
{
	return hs_isalpha(c) || (c >= '0' && c <= '9');
}

static int
hs_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * Decodes the character reference at s (which starts with '&') into out.
 * Returns how many bytes of s it spans, or 0 if s does not start one
 * (then '&' is just text). Numeric references may omit the ';' as in
 * HTML5; named ones must have it.
 */
static size_t
hs_entity(const char *s, char *out, size_t *outlen)
{
	size_t i = 1;

	if (s[1] == '#') {
		unsigned long cp = 0;
		int hex = s[2] == 'x' || s[2] == 'X', digits = 0;

		for (i = hex ? 3 : 2;; i++) {
			int d;

			if (s[i] >= '0' && s[i] <= '9')
				d = s[i] - '0';
			else if (hex && s[i] >= 'a' && s[i] <= 'f')
				d = s[i] - 'a' + 10;
			else if (hex && s[i] >= 'A' && s[i] <= 'F')
				d = s[i] - 'A' + 10;
			else
				break;
			digits++;
			if (cp <= 0x10FFFF)
				cp = cp * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (digits == 0)
			return 0;
		if (s[i] == ';')
			i++;
		*outlen = utf8_put(out, cp > 0x10FFFF ? 0 : (uint32_t)cp);
		return i;
	}
	while (hs_isalnum(s[i]) && i < 12)
		i++;
	if (s[i] != ';' || i == 1)
		return 0;
	for (size_t k = 0; k < sizeof hs_entities / sizeof *hs_entities; k++)
		if (strlen(hs_entities[k].name) == i - 1 &&
		    strncmp(hs_entities[k].name, s + 1, i - 1) == 0) {
			*outlen = utf8_put(out, hs_entities[k].cp);
			return i + 1;
		}
	return 0;
}

/* Decodes character references in s[0..n) into b. */
static void
hs_decode(struct hs_buf *b, const char *s, size_t n)
{
	size_t start = 0, i = 0;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		char tmp[4];
		size_t tl = 0, used;

		if (amp == NULL)
			break;		/* the rest is plain text */
		i = (size_t)(amp - s);
		/* s is NUL-terminated beyond n only at the very end, so decode
		 * from a bounded copy to never read past the run. */
		{
			char ref[24];
			size_t k = n - i < sizeof ref - 1 ? n - i :
			    sizeof ref - 1;

			memcpy(ref, s + i, k);
			ref[k] = '\0';
			used = hs_entity(ref, tmp, &tl);
		}
		if (used == 0) {
			i++;
			continue;
		}
		hs_put(b, s + start, i - start);
		hs_put(b, tmp, tl);
		i += used;
		start = i;
	}
	hs_put(b, s + start, n - start);
}

/* Writes the text s[0..n) decoded and re-escaped. */
static void
hs_text(struct hs_buf *out, const char *s, size_t n)
{
	struct hs_buf t = { 0 };

	hs_decode(&t, s, n);
	hs_escape(out, t.p, t.n);
	free(t.p);
}

static int
hs_in(const char *name, const char *const *list, size_t n)
{
	/* The first letters are compared before strcmp is called: most
	 * names are in no list, and the fuzzer hooks every strcmp. */
	for (size_t i = 0; i < n; i++)
		if (name[0] == list[i][0] && strcmp(name, list[i]) == 0)
			return (int)i;
	return -1;
}
#define HS_IN(name, list) hs_in(name, list, sizeof list / sizeof *list)

/* Copies the lowercased name s[0..n) into dst, or "" if it is too long. */
static void
hs_name(char *dst, const char *s, size_t n)
{
	if (n >= HS_NAMEMAX)
		n = 0;
	for (size_t i = 0; i < n; i++)
		dst[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	dst[n] = '\0';
}

static void
hs_tag_free(struct hs_tag *t)
{
	for (int i = 0; i < t->nattr; i++)
		free(t->attr[i].value);
	t->nattr = 0;
}

/*
 * Reads the tag at p (p[0] == '<', then a letter, or '/' and a letter).
 * Returns the position after its '>', or NULL if the input ends inside the
 * tag (HTML5 then drops it).
 */
static const char *
hs_read_tag(const char *p, struct hs_tag *t)
{
	const char *s;

	memset(t, 0, sizeof *t);
	p++;
	if (*p == '/') {
		t->end = 1;
		p++;
	}
	for (s = p; *p != '\0' && !hs_isspace(*p) && *p != '/' && *p != '>';)
		p++;
	hs_name(t->name, s, (size_t)(p - s));
	for (;;) {
		const char *ns, *vs;
		size_t nl, vl = 0;
		int hasval = 0;

		while (hs_isspace(*p) || *p == '/')
			p++;
		if (*p == '\0')
			return NULL;
		if (*p == '>')
			return p + 1;
		ns = p++;	/* a leading '=' belongs to the name */
		while (*p != '\0' && !hs_isspace(*p) && *p != '/' &&
		    *p != '>' && *p != '=')
			p++;
		nl = (size_t)(p - ns);
		while (hs_isspace(*p))
			p++;
		if (*p == '=') {
			p++;
			while (hs_isspace(*p))
				p++;
			hasval = 1;
			if (*p == '"' || *p == '\'') {
				char q = *p++;

				for (vs = p; *p != '\0' && *p != q;)
					p++;
				if (*p == '\0')
					return NULL;
				vl = (size_t)(p - vs);
				p++;
			} else {
				for (vs = p; *p != '\0' && !hs_isspace(*p) &&
				    *p != '>';)
					p++;
				vl = (size_t)(p - vs);
			}
		} else {
			vs = p;
		}
		if (t->end || t->nattr == HS_MAXATTR)
			continue;
		{
			struct hs_attr *at = &t->attr[t->nattr];
			struct hs_buf v = { 0 };

			hs_name(at->name, ns, nl);
			if (at->name[0] == '\0')
				continue;
			/* The first of duplicate attributes wins. */
			for (int i = 0; i < t->nattr; i++)
				if (strcmp(t->attr[i].name, at->name) == 0)
					goto next;
			if (hasval)
				hs_decode(&v, vs, vl);
			else
				hs_put(&v, "", 0);
			at->value = v.p;
			t->nattr++;
		next:
			;
		}
	}
}

/* The value of attribute name in t, or NULL. */
static const char *
hs_attr(const struct hs_tag *t, const char *name)
{
	for (int i = 0; i < t->nattr; i++)
		if (strcmp(t->attr[i].name, name) == 0)
			return t->attr[i].value;
	return NULL;
}

/* v without leading and trailing spaces and C0 controls (as URL parsers
 * strip them) into *start, *len; 0 if a control character is left inside. */
static int
hs_url_trim(const char *v, const char **start, size_t *len)
{
	size_t n = strlen(v);

	while (n > 0 && (unsigned char)*v <= 0x20) {
		v++;
		n--;
	}
	while (n > 0 && (unsigned char)v[n - 1] <= 0x20)
		n--;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7F)
			return 0;
	*start = v;
	*len = n;
	return 1;
}

static int
hs_prefix(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && strncasecmp(s, pre, k) == 0;
}

static int
hs_href_ok(const char *v)
{
	const char *s;
	size_t n;

	if (!hs_url_trim(v, &s, &n))
		return 0;
	return hs_prefix(s, n, "http://") || hs_prefix(s, n, "https://") ||
	    hs_prefix(s, n, "mailto:");
}

static int
hs_src_ok(const char *v)
{
	static const char *const data[] = {
		"data:image/png;base64,", "data:image/jpeg;base64,",
		"data:image/gif;base64,", "data:image/webp;base64,",
	};
	const char *s;
	size_t n;

	if (!hs_url_trim(v, &s, &n) || n == 0)
		return 0;
	for (size_t i = 0; i < sizeof data / sizeof *data; i++) {
		if (!hs_prefix(s, n, data[i]))
			continue;
		for (size_t k = strlen(data[i]); k < n; k++)
			if (!hs_isalnum(s[k]) && s[k] != '+' && s[k] != '/' &&
			    s[k] != '=' && s[k] != ' ')
				return 0;
		return 1;
	}
	/* Relative: no scheme, no host ("//x" or "\x" would name one). */
	if (memchr(s, '\\', n) != NULL || (n >= 2 && s[0] == '/' &&
	    s[1] == '/'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			break;
		if (s[i] == ':')
			return 0;
	}
	return 1;
}

/* 1 if v is a small positive whole number, optionally a percentage. */
static int
hs_size_ok(const char *v, int percent)
{
	size_t i = 0;

	while (v[i] >= '0' && v[i] <= '9')
		i++;
	if (i == 0 || i > 5 || (i == 1 && v[0] == '0'))
		return 0;
	if (percent && v[i] == '%')
		i++;
	return v[i] == '\0';
}

static void
hs_put_attr(struct hs_buf *b, const char *name, const char *value)
{
	hs_puts(b, " ");
	hs_puts(b, name);
	hs_puts(b, "=\"");
	hs_escape(b, value, strlen(value));
	hs_puts(b, "\"");
}

/* Writes the start tag t (an allowed element) with its allowed attributes;
 * returns 0 if the tag is dropped instead (an <img> with no usable src). */
static int
hs_start_tag(struct hs_buf *b, const struct hs_tag *t)
{
	const char *v;

	if (strcmp(t->name, "img") == 0) {
		if ((v = hs_attr(t, "src")) == NULL || !hs_src_ok(v))
			return 0;
		hs_puts(b, "<img");
		hs_put_attr(b, "src", v);
		if ((v = hs_attr(t, "alt")) != NULL)
			hs_put_attr(b, "alt", v);
		if ((v = hs_attr(t, "width")) != NULL && hs_size_ok(v, 1))
			hs_put_attr(b, "width", v);
		if ((v = hs_attr(t, "height")) != NULL && hs_size_ok(v, 1))
			hs_put_attr(b, "height", v);
		hs_puts(b, ">");
		return 1;
	}
	hs_puts(b, "<");
	hs_puts(b, t->name);
	if (strcmp(t->name, "a") == 0) {
		if ((v = hs_attr(t, "href")) != NULL && hs_href_ok(v))
			hs_put_attr(b, "href", v);
		hs_puts(b, " rel=\"noopener noreferrer\"");
	} else if (strcmp(t->name, "td") == 0 || strcmp(t->name, "th") == 0) {
		if ((v = hs_attr(t, "colspan")) != NULL && hs_size_ok(v, 0) &&
		    strlen(v) <= 3)
			hs_put_attr(b, "colspan", v);
		if ((v = hs_attr(t, "rowspan")) != NULL && hs_size_ok(v, 0) &&
		    strlen(v) <= 3)
			hs_put_attr(b, "rowspan", v);
	}
	hs_puts(b, ">");
	return 1;
}

/* The open allowed elements, innermost last. */
struct hs_stack {
	const char *el[HS_MAXDEPTH];
	int n;
};

static void
hs_close_top(struct hs_buf *b, struct hs_stack *st)
{
	st->n--;
	hs_puts(b, "</");
	hs_puts(b, st->el[st->n]);
	hs_puts(b, ">");
}

static int
hs_top_is(const struct hs_stack *st, const char *name)
{
	return st->n > 0 && strcmp(st->el[st->n - 1], name) == 0;
}

/* Closes what the start of tag implies is finished (a subset of HTML5's
 * rules: a block closes <p>, <li> closes <li>, cells and rows close
 * cells). */
static void
hs_implied_ends(struct hs_buf *b, struct hs_stack *st, const char *name)
{
	if (HS_IN(name, hs_closes_p) >= 0 && hs_top_is(st, "p"))
		hs_close_top(b, st);
	if (strcmp(name, "li") == 0 && hs_top_is(st, "li"))
		hs_close_top(b, st);
	if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0 ||
	    strcmp(name, "tr") == 0) {
		if (hs_top_is(st, "td") || hs_top_is(st, "th"))
			hs_close_top(b, st);
		if (strcmp(name, "tr") == 0 && hs_top_is(st, "tr"))
			hs_close_top(b, st);
	}
}

/* Handles an allowed start or end tag. */
static void
hs_element(struct hs_buf *b, struct hs_stack *st, const struct hs_tag *t,
    int idx)
{
	const char *name = hs_allowed[idx];

	if (t->end) {
		for (int i = st->n - 1; i >= 0; i--)
			if (strcmp(st->el[i], name) == 0) {
				while (st->n > i)
					hs_close_top(b, st);
				break;
			}
		return;
	}
	if (idx >= HS_NVOID && st->n == HS_MAXDEPTH)
		return;
	hs_implied_ends(b, st, name);
	if (hs_start_tag(b, t) && idx >= HS_NVOID)
		st->el[st->n++] = name;
}

/* Skips the raw text of element name from p up to and including its end
 * tag; returns where to go on: the end of the input if it never ends. */
static const char *
hs_skip_rawtext(const char *p, const char *name)
{
	size_t n = strlen(name);

	for (const char *q = p; (q = strchr(q, '<')) != NULL; q++) {
		if (q[1] == '/' && strncasecmp(q + 2, name, n) == 0 &&
		    (hs_isspace(q[2 + n]) || q[2 + n] == '/' ||
		    q[2 + n] == '>' || q[2 + n] == '\0')) {
			const char *gt = strchr(q, '>');

			return gt != NULL ? gt + 1 : q + strlen(q);
		}
	}
	return p + strlen(p);
}

/* Where the comment or markup declaration at p ("<!" or "<?" or "</"
 * followed by a non-letter) ends. */
static const char *
hs_skip_comment(const char *p)
{
	const char *e;

	if (strncmp(p, "<!--", 4) == 0) {
		if (p[4] == '>')
			return p + 5;
		if (p[4] == '-' && p[5] == '>')
			return p + 6;
		/* strstr(p + 4, "-->") by strchr: the sanitizers' strstr
		 * measures all the rest of the input at every comment. */
		for (e = p + 4; (e = strchr(e, '-')) != NULL &&
		    !(e[1] == '-' && e[2] == '>'); e++)
			;
		return e != NULL ? e + 3 : p + strlen(p);
	}
	e = strchr(p + 2, '>');
	return e != NULL ? e + 1 : p + strlen(p);
}

char *
html_sanitize(struct arena *a, const char *html)
{
	struct hs_buf b = { 0 };
	struct hs_stack st;
	const char *p = html != NULL ? html : "";
	const char *skip = NULL;	/* element whose content is dropped */
	int skipdepth = 0;
	char *res;

	st.n = 0;
	hs_put(&b, "", 0);
	while (*p != '\0') {
		struct hs_tag t;
		const char *next;
		int idx;

		if (*p != '<') {
			const char *e = strchr(p, '<');
			size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

			if (skip == NULL)
				hs_text(&b, p, n);
			p += n;
			continue;
		}
		if (!hs_isalpha(p[1]) && !(p[1] == '/' && hs_isalpha(p[2]))) {
			if (p[1] == '!' || p[1] == '?' || p[1] == '/') {
				p = hs_skip_comment(p);
			} else {
				if (skip == NULL)
					hs_puts(&b, "&lt;");
				p++;
			}
			continue;
		}
		if ((next = hs_read_tag(p, &t)) == NULL) {
			hs_tag_free(&t);
			break;		/* input ends inside a tag */
		}
		p = next;
		if (skip != NULL) {
			if (strcmp(t.name, skip) == 0)
				skipdepth += t.end ? -1 : 1;
			if (skipdepth == 0)
				skip = NULL;
		} else if (!t.end && HS_IN(t.name, hs_rawtext) >= 0) {
			p = hs_skip_rawtext(p, t.name);
		} else if (!t.end && (idx = HS_IN(t.name, hs_dropnest)) >= 0) {
			skip = hs_dropnest[idx];
			skipdepth = 1;
		} else if ((idx = HS_IN(t.name, hs_allowed)) >= 0) {
			hs_element(&b, &st, &t, idx);
		}
		hs_tag_free(&t);
	}
	while (st.n > 0)
		hs_close_top(&b, &st);
	res = arena_strndup(a, b.p, b.n);
	free(b.p);
	return res;
}

char *
html_decode(struct arena *a, const char *s, size_t n)
{
	struct hs_buf b = { 0 };
	char *res;

	hs_put(&b, "", 0);
	hs_decode(&b, s, n);
	res = arena_strndup(a, b.p, b.n);
	free(b.p);
	return res;
}
