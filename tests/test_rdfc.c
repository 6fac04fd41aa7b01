/*
 * test_rdfc.c - src/cert/rdfc.c against the W3C RDFC-1.0 test vectors
 * (tests/rdfc/, the default-graph ones without language tags): each
 * input, read as N-Quads, canonicalizes to the expected output byte for
 * byte: the 24 that first-degree hashes settle and the 29 that need the
 * n-degree step. A crafted graph past the n-degree step's work limit (a
 * clique of ten alike blank nodes: 9! orders to try) is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "rdfc.h"
#include "test.h"


struct labels {
	char *name[256];
	int n;
};

static int
blank_id(struct rdfc_graph *g, struct labels *l, const char *name, size_t len,
    struct rdfc_term *t)
{
	for (int i = 0; i < l->n; i++)
		if (strlen(l->name[i]) == len && memcmp(l->name[i], name, len) == 0) {
			t->blank = i;
			goto done;
		}
	if (l->n == 256)
		return -1;
	l->name[l->n] = arena_strndup(g->a, name, len);
	*t = rdfc_blank(g);
	l->n++;
done:
	t->value = NULL;
	t->datatype = NULL;
	t->lit = 0;
	return 0;
}

/* Appends code point c as UTF-8. */
static char *
put_utf8(char *o, unsigned long c)
{
	if (c < 0x80)
		*o++ = (char)c;
	else if (c < 0x800) {
		*o++ = (char)(0xc0 | c >> 6);
		*o++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | c >> 12);
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else {
		*o++ = (char)(0xf0 | c >> 18);
		*o++ = (char)(0x80 | (c >> 12 & 0x3f));
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	}
	return o;
}

/* One term at *p (advanced past it and the spaces after). 0 or -1. */
static int
term(struct rdfc_graph *g, struct labels *l, const char **p, struct rdfc_term *t)
{
	const char *s = *p, *e;

	if (*s == '<') {
		if ((e = strchr(s, '>')) == NULL)
			return -1;
		*t = rdfc_iri(arena_strndup(g->a, s + 1, (size_t)(e - s - 1)));
		s = e + 1;
	} else if (s[0] == '_' && s[1] == ':') {
		e = s + 2;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (blank_id(g, l, s + 2, (size_t)(e - s - 2), t) != 0)
			return -1;
		s = e;
	} else if (*s == '"') {
		char *v = arena_alloc(g->a, strlen(s) + 1), *o = v;
		const char *dt = NULL;

		for (s++; *s && *s != '"'; s++) {
			if (*s != '\\') {
				*o++ = *s;
				continue;
			}
			switch (*++s) {
			case 't': *o++ = '\t'; break;
			case 'b': *o++ = '\b'; break;
			case 'n': *o++ = '\n'; break;
			case 'r': *o++ = '\r'; break;
			case 'f': *o++ = '\f'; break;
			case '"': *o++ = '"'; break;
			case '\'': *o++ = '\''; break;
			case '\\': *o++ = '\\'; break;
			case 'u': case 'U': {
				int n = *s == 'u' ? 4 : 8;
				char hex[9];

				memcpy(hex, s + 1, (size_t)n);
				hex[n] = '\0';
				o = put_utf8(o, strtoul(hex, NULL, 16));
				s += n;
				break;
			}
			default: return -1;
			}
		}
		if (*s++ != '"')
			return -1;
		*o = '\0';
		if (s[0] == '^' && s[1] == '^' && s[2] == '<' && (e = strchr(s, '>')) != NULL) {
			dt = arena_strndup(g->a, s + 3, (size_t)(e - s - 3));
			s = e + 1;
		} else if (*s == '@')
			return -1;
		*t = rdfc_literal(v, dt);
	} else
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	*p = s;
	return 0;
}

/* The quads of text into g. 0, or -1 for a line this reader does not take. */
static int
parse(struct rdfc_graph *g, const char *text)
{
	struct labels l = { .n = 0 };
	const char *p = text;

	while (*p) {
		struct rdfc_term s, pr, o;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		if (*p == '#') {
			p = strchr(p, '\n') ? strchr(p, '\n') : p + strlen(p);
			continue;
		}
		if (term(g, &l, &p, &s) != 0 || term(g, &l, &p, &pr) != 0 || pr.blank >= 0 ||
		    pr.lit || term(g, &l, &p, &o) != 0 || *p != '.')
			return -1;
		p++;
		rdfc_add(g, s, pr.value, o);
	}
	return 0;
}

void
test_rdfc(void)
{
	static const char *const names[] = {
	    "001", "002", "003", "004", "005", "006", "008", "009", "010", "011", "013",
	    "014", "016", "017", "018", "019", "020", "021", "022", "023", "024", "025",
	    "026", "027", "028", "029", "030", "033", "034", "035", "036", "038", "039",
	    "040", "044", "045", "046", "047", "048", "053", "054", "055", "056", "062",
	    "063", "064", "065", "066", "067", "068", "069", "076", "077" };
	int same = 0, refused = 0;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char path[128], *in, *want, *got;
		struct arena *a = arena_new();
		struct rdfc_graph g;

		snprintf(path, sizeof path, "tests/rdfc/test%s-in.nq", names[i]);
		in = test_read_file(path, NULL);
		snprintf(path, sizeof path, "tests/rdfc/test%s-rdfc10.nq", names[i]);
		want = test_read_file(path, NULL);
		rdfc_init(&g, a);
		if (in == NULL || want == NULL || parse(&g, in) != 0) {
			CHECK(0, "test%s: the vector can be read (run from the repository root)",
			    names[i]);
		} else if ((got = rdfc_canonize(&g)) == NULL) {
			refused++;
		} else {
			CHECK(strcmp(got, want) == 0, "test%s: the canonical N-Quads of RDFC-1.0:\n"
			    "--- want\n%s--- got\n%s", names[i], want, got);
			same += strcmp(got, want) == 0;
		}
		free(in);
		free(want);
		arena_free(a);
	}
	CHECK(refused == 0 && same == (int)(sizeof names / sizeof *names),
	    "every W3C vector canonicalizes as W3C expects (%d equal, %d refused)", same, refused);
	{
		struct arena *a = arena_new();
		struct rdfc_graph g;
		struct rdfc_term n[10];

		rdfc_init(&g, a);
		for (int i = 0; i < 10; i++)
			n[i] = rdfc_blank(&g);
		for (int i = 0; i < 10; i++)
			for (int k = 0; k < 10; k++)
				if (i != k)
					rdfc_add(&g, n[i], "http://example.org/knows", n[k]);
		CHECK(rdfc_canonize(&g) == NULL, "a clique of ten alike blank nodes is refused "
		    "(past the work limit), not ground through 9! orders");
		arena_free(a);
	}
}
