/*
 * utf8.c - UTF-8 and Unicode over GNU libunistring; see utf8.h.
 *
 * The decoding, checking, normalisation and case data are libunistring's.
 * What is written out here: the reasons behind utf8_check's fault (the
 * library says where a text breaks, not why), the two Turkic letters
 * utf8_fold keeps as they are, and a character count without decoding.
 */
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

int
utf8_valid(const char *s, size_t n)
{
	return memchr(s, '\0', n) == NULL &&
	    u8_check((const uint8_t *)s, n) == NULL;
}

int
utf8_text_ok(const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	if (!utf8_valid(s, n))
		return 0;
	while ((len = utf8_next(s + i, n - i, &cp)) > 0) {
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return 0;
		i += len;
	}
	return 1;
}

/* 1 if byte b is a UTF-8 continuation byte (10xxxxxx). */
static int
cont(unsigned char b)
{
	return b >= 0x80 && b <= 0xbf;
}

/* Why the sequence at s[0..n) is ill-formed, s[0] being the first byte
 * that libunistring (or the NUL rule) refused. The ranges are those of
 * the Unicode standard's table of well-formed byte sequences. */
static enum utf8_fault
fault_at(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t need;

	if (c == 0)
		return UTF8_NUL;
	if (c < 0xc0)
		return UTF8_STRAY;
	if (c < 0xc2)
		return UTF8_OVERLONG;
	if (c >= 0xf5)
		return UTF8_NEVER;
	need = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < 2)
		return UTF8_CUT;
	if (s[1] < lo || s[1] > hi)
		return !cont(s[1]) ? UTF8_UNFINISHED : c == 0xed ?
		    UTF8_SURROGATE : c == 0xf4 ? UTF8_BEYOND : UTF8_OVERLONG;
	for (size_t k = 2; k <= need; k++) {
		if (k >= n)
			return UTF8_CUT;
		if (!cont(s[k]))
			return UTF8_UNFINISHED;
	}
	return UTF8_UNFINISHED;	/* not reached for a refused sequence */
}

size_t
utf8_check(const char *s, size_t n, enum utf8_fault *fault)
{
	const uint8_t *bad = u8_check((const uint8_t *)s, n);
	size_t off = bad != NULL ? (size_t)(bad - (const uint8_t *)s) : n;
	const char *nul = memchr(s, '\0', off);

	if (nul != NULL)
		off = (size_t)(nul - s);
	*fault = off == n ? UTF8_FINE :
	    fault_at((const unsigned char *)s + off, n - off);
	return off;
}

size_t
utf8_next_wide(const char *s, size_t n, uint32_t *cp)
{
	const uint8_t *u = (const uint8_t *)s;
	ucs4_t uc;
	int len;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	len = u8_mbtouc(&uc, u, n);
	/* libunistring reports an ill-formed sequence as U+FFFD; a real
	 * U+FFFD is EF BF BD. */
	if (uc == 0xfffd && !(len == 3 && u[0] == 0xef && u[1] == 0xbf &&
	    u[2] == 0xbd)) {
		*cp = UTF8_RAW(u[0]);
		return 1;
	}
	*cp = uc;
	return (size_t)len;
}

size_t
utf8_chars(const char *s, size_t n)
{
	size_t c = 0;

	/* Each character has one byte that is not a continuation byte.
	 * Counting those gives u8_mbsnlen's answer for valid text at a
	 * third of its cost on Latin text; a save counts its answer. */
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

size_t
utf8_prefix(const char *s, size_t n, size_t max)
{
	size_t i = 0, len;
	uint32_t cp;

	if (n <= max)
		return n;
	while ((len = utf8_next(s + i, n - i, &cp)) > 0 && i + len <= max)
		i += len;
	return i;
}

size_t
utf8_put(char *out, uint32_t cp)
{
	int len;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	len = u8_uctomb((uint8_t *)out, cp, 4);
	return len > 0 ? (size_t)len : 0;
}

uint32_t
utf8_fold_wide(uint32_t cp)
{
	/* Without a Turkish locale CaseFolding.txt folds neither İ nor ı
	 * (their only mappings are full or Turkic); the round trip through
	 * upper and lower case would make both an "i". */
	if (cp == 0x130 || cp == 0x131 || cp > 0x10ffff)
		return cp;
	/* For every other code point, the lower case of the upper case
	 * makes the same classes as simple folding (checked for all of
	 * Unicode 14 against CaseFolding.txt), titlecase and final forms
	 * (ǅ, ς) included; Cherokee, which folds to its capitals, is named
	 * by its small letters instead. */
	return uc_tolower(uc_toupper(cp));
}

char *
utf8_nfkc(struct arena *a, const char *s, size_t n, size_t *len)
{
	size_t cap = n + 16, got = cap, i;
	uint8_t *buf, *r;
	char *out;

	for (i = 0; i < n && (unsigned char)s[i] - 1u < 0x7fu; i++)
		;
	if (i == n) {	/* ASCII without NUL is its own NFKC */
		*len = n;
		return arena_strndup(a, s, n);
	}
	if (!utf8_valid(s + i, n - i))
		return NULL;
	buf = arena_alloc(a, cap);
	r = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, n, buf, &got);
	if (r == NULL) {	/* only when out of memory: s is valid */
		fputs("aicert: out of memory\n", stderr);
		abort();
	}
	if (r == buf && got < cap) {
		buf[got] = '\0';
		*len = got;
		return (char *)buf;
	}
	out = arena_strndup(a, (const char *)r, got);
	if (r != buf)
		free(r);
	*len = got;
	return out;
}
