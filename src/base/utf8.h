/*
 * utf8.h - the one door to UTF-8 and Unicode: checking, decoding, counting
 * and encoding text, what counts as printable, NFKC and case folding.
 *
 * Every other file asks here instead of looking at UTF-8 bytes itself.
 * Built on GNU libunistring (u8_check, u8_mbtouc, u8_uctomb, u8_normalize,
 * uc_toupper/uc_tolower), which follows the Unicode
 * character database; and on the arena for what it returns.
 */
#ifndef AICERT_UTF8_H
#define AICERT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates or values
 * above U+10FFFF) without NUL bytes; else 0. */
int utf8_valid(const char *s, size_t n);

/* 1 if s[0..n) is text a person's name or a certificate may carry: valid
 * UTF-8 without control characters (C0, DEL, C1 U+0080..U+009F). The one
 * rule behind account names (registration, import, the command line) and
 * the certificate format, so that a name accepted at sign-up can always be
 * printed and signed. */
int utf8_text_ok(const char *s, size_t n);

/* What is wrong at the first bad byte of a text, for utf8_check. */
enum utf8_fault {
	UTF8_FINE,		/* nothing: the text is valid */
	UTF8_NUL,		/* a NUL byte */
	UTF8_STRAY,		/* a continuation byte with no lead byte */
	UTF8_OVERLONG,		/* an overlong encoding */
	UTF8_SURROGATE,		/* an encoded UTF-16 surrogate */
	UTF8_BEYOND,		/* a character beyond U+10FFFF */
	UTF8_NEVER,		/* a byte that never occurs in UTF-8 */
	UTF8_UNFINISHED,	/* a lead byte without its continuation bytes */
	UTF8_CUT,		/* a sequence cut short by the end */
};

/* Checks s[0..n) as utf8_valid does and says where and why it fails:
 * returns the offset of the first byte that is not part of a
 * well-formed character (the lead byte of a broken sequence), with
 * *fault what is wrong there; n with *fault UTF8_FINE when all is
 * valid. */
size_t utf8_check(const char *s, size_t n, enum utf8_fault *fault);

/* Code points U+DC80..U+DCFF stand for a single byte 0x80..0xFF that does
 * not start a well-formed sequence (as Python's surrogateescape): no
 * well-formed UTF-8 decodes to them, so such a byte equals only itself. */
#define UTF8_RAW(byte) (0xdc00u + (byte))
#define UTF8_IS_RAW(cp) ((cp) >= 0xdc80u && (cp) <= 0xdcffu)

/* utf8_next beyond ASCII, out of line; call utf8_next. */
size_t utf8_next_wide(const char *s, size_t n, uint32_t *cp);

/* Decodes the character at s[0..n) into *cp and returns its length in
 * bytes (1..4); 0 with *cp 0 when n is 0. A byte that does not start a
 * well-formed sequence is returned alone, as UTF8_RAW(byte). A NUL byte
 * decodes as U+0000 (length 1). Inline for ASCII: the grader walks
 * texts with it. */
static inline size_t
utf8_next(const char *s, size_t n, uint32_t *cp)
{
	if (n > 0 && (unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	return utf8_next_wide(s, n, cp);
}

/* The number of characters (code points) in s[0..n) when it is valid
 * UTF-8. Of ill-formed text, every byte that is not a continuation byte
 * (10xxxxxx) counts as one. */
size_t utf8_chars(const char *s, size_t n);

/* The length of the longest start of s[0..n) that has at most max bytes
 * and does not end inside a well-formed character. */
size_t utf8_prefix(const char *s, size_t n, size_t max);

/* Writes cp as UTF-8 to out, which has room for 4 bytes, and returns the
 * length (1..4). A surrogate, a value above U+10FFFF (UTF8_RAW values
 * among them) or 0 is written as U+FFFD. */
size_t utf8_put(char *out, uint32_t cp);

/* utf8_fold beyond ASCII, out of line; call utf8_fold. */
uint32_t utf8_fold_wide(uint32_t cp);

/* cp with its case folded: one code point naming cp's class under
 * Unicode's simple case folding (CaseFolding.txt, statuses C and S), so
 * that two characters are equal ignoring case exactly when their folds
 * are equal, in every script. That is the equivalence PCRE's /iu uses,
 * so the one Moodle grades with: a character stays one character ("ß"
 * is not "ss", as full folding, u8_casefold, would make it), and the
 * Turkic dotted and dotless i (U+0130, U+0131) are alone in their
 * classes, as without a Turkish locale. Values that are not characters
 * (UTF8_RAW) stay as they are. Inline for ASCII. */
static inline uint32_t
utf8_fold(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	return utf8_fold_wide(cp);
}

/* s[0..n) in Unicode normalisation form NFKC: compatibility characters
 * become their plain twins (full-width and half-width forms, U+3000 and
 * the other spaces, ligatures, superscripts...) and the result is
 * composed (as NFC). The result is NUL-terminated, owned by a, its
 * length in *len (may be longer than n); NULL if s[0..n) is not valid
 * UTF-8 (utf8_valid). Pure ASCII comes back as a copy without a call to
 * the library. Out of memory inside the library stops the process, as
 * the arena does. */
char *utf8_nfkc(struct arena *a, const char *s, size_t n, size_t *len);

#endif
