/*
 * rdfc.c - RDF Dataset Canonicalization (RDFC-1.0) of the quads of one
 * document; see rdfc.h. Depends on the arena, buf.c and libsodium.
 */
#include "rdfc.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
rdfc_init(struct rdfc_graph *g, struct arena *a)
{
	memset(g, 0, sizeof *g);
	g->a = a;
}

struct rdfc_term
rdfc_blank(struct rdfc_graph *g)
{
	struct rdfc_term t = { NULL, NULL, g->blanks++, 0 };

	return t;
}

struct rdfc_term
rdfc_iri(const char *iri)
{
	struct rdfc_term t = { iri, NULL, -1, 0 };

	return t;
}

struct rdfc_term
rdfc_literal(const char *value, const char *datatype)
{
	struct rdfc_term t = { value, datatype, -1, 1 };

	if (t.datatype != NULL && strcmp(t.datatype, RDFC_XSD_STRING) == 0)
		t.datatype = NULL;
	return t;
}

void
rdfc_add(struct rdfc_graph *g, struct rdfc_term s, const char *p, struct rdfc_term o)
{
	if (g->n == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 32;

		g->q = arena_grow(g->a, g->q, g->cap, nc, sizeof *g->q);
		g->cap = nc;
	}
	g->q[g->n].s = s;
	g->q[g->n].p = p;
	g->q[g->n].o = o;
	g->n++;
}

int
rdfc_iri_ok(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':')
		return 0;
	for (; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || strchr("<>\"{}|^`\\", *p))
			return 0;
	return 1;
}

/* The canonical N-Quads escapes of a string literal: ECHAR for \b \t \n
 * \f \r " and \, \uXXXX (upper-case hex) for the other controls. */
static void
lit_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '\b': buf_str(b, "\\b"); break;
		case '\t': buf_str(b, "\\t"); break;
		case '\n': buf_str(b, "\\n"); break;
		case '\f': buf_str(b, "\\f"); break;
		case '\r': buf_str(b, "\\r"); break;
		case '"': buf_str(b, "\\\""); break;
		case '\\': buf_str(b, "\\\\"); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };

				buf_str(b, u);
			} else
				buf_raw(b, s, 1);
		}
	}
}

/* One term; blank nodes by label: labels[i], or for the first-degree
 * hash "a" when it is self, "z" otherwise. */
static void
term(struct buf *b, const struct rdfc_term *t, char **labels, int self)
{
	if (t->blank >= 0) {
		buf_str(b, "_:");
		buf_str(b, labels != NULL ? labels[t->blank] : t->blank == self ? "a" : "z");
	} else if (t->lit) {
		buf_str(b, "\"");
		lit_escape(b, t->value);
		buf_str(b, "\"");
		if (t->datatype != NULL)
			buf_printf(b, "^^<%s>", t->datatype);
	} else
		buf_printf(b, "<%s>", t->value);
}

static char *
quad_line(struct arena *a, const struct rdfc_quad *q, char **labels, int self)
{
	struct buf b = BUF_INIT;
	char *s;

	term(&b, &q->s, labels, self);
	buf_printf(&b, " <%s> ", q->p);
	term(&b, &q->o, labels, self);
	buf_str(&b, " .\n");
	s = arena_strdup(a, b.data);
	buf_free(&b);
	return s;
}

/* Next code point of UTF-8 *p (advanced). */
static unsigned
next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = *s;

	if (c < 0x80) {
		*p = s + 1;
		return c;
	}
	if (c < 0xe0 && s[1]) {
		*p = s + 2;
		return (c & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (c < 0xf0 && s[1] && s[2]) {
		*p = s + 3;
		return (c & 0x0f) << 12 | (s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	if (s[1] && s[2] && s[3]) {
		*p = s + 4;
		return (c & 0x07) << 18 | (s[1] & 0x3f) << 12 | (s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	}
	*p = s + 1;
	return c;
}

/* A code point's first UTF-16 unit: JavaScript sorts strings by these. */
static unsigned
utf16_first(unsigned cp)
{
	return cp >= 0x10000 ? 0xd800 + ((cp - 0x10000) >> 10) : cp;
}

/* Compares UTF-8 strings in UTF-16 code unit order, as jsonld.js does. */
static int
cmp_utf16(const void *x, const void *y)
{
	const unsigned char *a = *(const unsigned char *const *)x;
	const unsigned char *b = *(const unsigned char *const *)y;

	while (*a && *b) {
		unsigned ca = next_cp(&a), cb = next_cp(&b);

		if (ca == cb)
			continue;
		if ((ca >= 0x10000) == (cb >= 0x10000))
			return ca < cb ? -1 : 1;
		if (utf16_first(ca) != utf16_first(cb))
			return utf16_first(ca) < utf16_first(cb) ? -1 : 1;
		return ca >= 0x10000 ? -1 : 1;	/* a surrogate vs U+D800..: rare */
	}
	return *a ? 1 : *b ? -1 : 0;
}

struct hashed {
	char hex[65];
	int blank;
};

static int
cmp_hashed(const void *x, const void *y)
{
	return strcmp(((const struct hashed *)x)->hex, ((const struct hashed *)y)->hex);
}

/* Sorts lines[0..n) and joins them, dropping repeats, into a's memory. */
static char *
join_sorted(struct arena *a, char **lines, size_t n)
{
	struct buf b = BUF_INIT;
	char *s;

	qsort(lines, n, sizeof *lines, cmp_utf16);
	buf_str(&b, "");
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
			buf_str(&b, lines[i]);
	s = arena_strdup(a, b.data);
	buf_free(&b);
	return s;
}

static void
first_degree(const struct rdfc_graph *g, int self, char out[65])
{
	char **lines = arena_alloc(g->a, (g->n + 1) * sizeof *lines), *all;
	unsigned char h[crypto_hash_sha256_BYTES];
	size_t n = 0;

	for (size_t i = 0; i < g->n; i++)
		if (g->q[i].s.blank == self || g->q[i].o.blank == self)
			lines[n++] = quad_line(g->a, &g->q[i], NULL, self);
	/* Sorted, not merged: two quads that read alike here (the same
	 * predicate to two other blank nodes) both count. */
	qsort(lines, n, sizeof *lines, cmp_utf16);
	{
		struct buf b = BUF_INIT;

		buf_str(&b, "");
		for (size_t i = 0; i < n; i++)
			buf_str(&b, lines[i]);
		all = arena_strdup(g->a, b.data);
		buf_free(&b);
	}
	crypto_hash_sha256(h, (const unsigned char *)all, strlen(all));
	sodium_bin2hex(out, 65, h, sizeof h);
}

static int
same_term(const struct rdfc_term *a, const struct rdfc_term *b)
{
	if (a->blank >= 0 || b->blank >= 0)
		return a->blank == b->blank;
	return a->lit == b->lit && strcmp(a->value, b->value) == 0 &&
	    (a->datatype == NULL ? b->datatype == NULL :
	    b->datatype != NULL && strcmp(a->datatype, b->datatype) == 0);
}

/* The dataset is a set: drops each quad that repeats an earlier one (the
 * same terms, the same blank nodes), in place. */
static void
dedupe(struct rdfc_graph *g)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n; i++) {
		size_t j = 0;

		while (j < n && !(strcmp(g->q[j].p, g->q[i].p) == 0 &&
		    same_term(&g->q[j].s, &g->q[i].s) && same_term(&g->q[j].o, &g->q[i].o)))
			j++;
		if (j == n)
			g->q[n++] = g->q[i];
	}
	g->n = n;
}

char *
rdfc_canonize(struct rdfc_graph *g)
{
	struct hashed *hs = arena_alloc(g->a, ((size_t)g->blanks + 1) * sizeof *hs);
	char **labels = arena_alloc(g->a, ((size_t)g->blanks + 1) * sizeof *labels);
	char **lines = arena_alloc(g->a, (g->n + 1) * sizeof *lines);

	dedupe(g);
	for (int i = 0; i < g->blanks; i++) {
		first_degree(g, i, hs[i].hex);
		hs[i].blank = i;
	}
	qsort(hs, (size_t)g->blanks, sizeof *hs, cmp_hashed);
	for (int i = 0; i < g->blanks; i++) {
		if (i > 0 && strcmp(hs[i].hex, hs[i - 1].hex) == 0)
			return NULL;	/* would need the n-degree step */
		labels[hs[i].blank] = arena_printf(g->a, "c14n%d", i);
	}
	for (size_t i = 0; i < g->n; i++)
		lines[i] = quad_line(g->a, &g->q[i], labels, -1);
	return join_sorted(g->a, lines, g->n);
}
