/*
 * test_encoding.c - UTF-8 checking and --encoding conversion of uploads,
 * and the UTF-8 module under it (utf8.h).
 */
#include <iconv.h>
#include <stdlib.h>

#include "encoding.h"
#include "test.h"
#include "utf8.h"

/* Runs enc_to_utf8 on a fresh bank; returns its result. */
static int
conv(struct arena *a, struct q_bank *b, const char *data, size_t len,
    const char *enc, char **out, size_t *outlen)
{
	q_bank_init(b, a, "t.txt");
	return enc_to_utf8(a, "t.txt", data, len, enc, out, outlen, b);
}

/* 1 if b holds exactly one error, at line, whose message contains want. */
static int
one_error(const struct q_bank *b, int line, const char *want)
{
	return b->nerr == 1 && b->err[0].line == line &&
	    strstr(b->err[0].message, want) != NULL;
}

static void
test_encoding_utf8(struct arena *a)
{
	struct q_bank b;
	char *out;
	size_t n;
	static const struct {
		const char *data, *why;
		int line;
		const char *where;
	} bad[] = {
		{ "ok\nab\xC0\xAFz", "overlong", 2, "column 3" },
		{ "\xE0\x80\xAF", "overlong", 1, "column 1" },
		{ "x\xED\xA0\x80", "surrogate", 1, "column 2" },
		{ "\xF4\x90\x80\x80", "beyond U+10FFFF", 1, "column 1" },
		{ "a\n\nb\xE4\xB8", "cut short", 3, "column 2" },
		{ "\xE4\xB8z", "continuation", 1, "column 1" },
		{ "\x80", "no lead byte", 1, "column 1" },
		{ "\xF8\x88\x80\x80\x80", "never occurs", 1, "column 1" },
		{ "\xE4\xBA\xBA\xA7", "0xA7 at column 2", 1, "column 2" },
		{ "a\r\nb\rc\xFF", "0xFF", 3, "column 2" },
	};

	CHECK(conv(a, &b, "h\xC3\xA9llo \xE4\xBA\xBA", 10, NULL, &out, &n) == 0 &&
	    n == 10 && strcmp(out, "h\xC3\xA9llo \xE4\xBA\xBA") == 0,
	    "valid UTF-8 passes unchanged");
	CHECK(conv(a, &b, "\xEF\xBB\xBFQ?", 5, NULL, &out, &n) == 0 &&
	    n == 2 && strcmp(out, "Q?") == 0, "UTF-8 BOM is dropped");
	CHECK(conv(a, &b, "Q", 1, "UTF-8", &out, &n) == 0 &&
	    strcmp(out, "Q") == 0, "--encoding utf-8 just checks");
	CHECK(conv(a, &b, "", 0, NULL, &out, &n) == 0 && n == 0 &&
	    strcmp(out, "") == 0, "empty input is valid");
	CHECK(conv(a, &b, "\xF0\x9F\x98\x80", 4, NULL, &out, &n) == 0,
	    "4-byte characters (emoji) are valid");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int rc = conv(a, &b, bad[i].data, strlen(bad[i].data), NULL,
		    &out, &n);

		CHECK(rc == -1 && out == NULL && one_error(&b, bad[i].line,
		    bad[i].why) && strstr(b.err[0].message, bad[i].where),
		    "bad UTF-8 case %zu reported as %s at line %d %s: got %s",
		    i, bad[i].why, bad[i].line, bad[i].where,
		    b.nerr ? b.err[0].message : "(none)");
	}
	CHECK(conv(a, &b, "ab\0cd", 5, NULL, &out, &n) == -1 &&
	    one_error(&b, 1, "not a text file: it contains a NUL byte at "
	    "column 3"), "a NUL byte is refused with its column");
}

/* Converts utf8 to the iconv encoding enc with iconv itself. */
static size_t
to_enc(const char *utf8, const char *enc, char *out, size_t cap)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	char *in = (char *)utf8, *o = out;
	size_t inleft = strlen(utf8), oleft = cap;

	if (cd == (iconv_t)-1)
		return 0;
	iconv(cd, &in, &inleft, &o, &oleft);
	iconv_close(cd);
	return cap - oleft;
}

static void
test_encoding_big5(struct arena *a)
{
	static const char ai[] = "\xE4\xBA\xBA\xE5\xB7\xA5\xE6\x99\xBA"
	    "\xE6\x85\xA7";	/* 人工智慧 */
	char big5[64], *out;
	size_t n, len;
	struct q_bank b;
	char text[128];

	len = to_enc(ai, "BIG5", big5, sizeof big5);
	CHECK(len == 8 && memcmp(big5, "\xA4\x48\xA4\x75\xB4\xBC\xBC\x7A", 8)
	    == 0, "iconv gives A448 A475 B4BC BC7A for the Big5 sample");

	snprintf(text, sizeof text, "Q1\nWhat is %.*s?\n", (int)len, big5);
	CHECK(conv(a, &b, text, strlen(text), NULL, &out, &n) == -1 &&
	    one_error(&b, 2, "byte 0xA4 at column 9") &&
	    strstr(b.err[0].message, "--encoding big5") != NULL,
	    "Big5 without --encoding names line 2, column 9 and big5: %s",
	    b.nerr ? b.err[0].message : "(none)");
	CHECK(conv(a, &b, text, strlen(text), "big5", &out, &n) == 0 &&
	    strstr(out, ai) != NULL && strncmp(out, "Q1\nWhat is ", 11) == 0,
	    "Big5 with --encoding big5 reads as UTF-8");
	CHECK(conv(a, &b, text, strlen(text), "cp950", &out, &n) == 0 &&
	    strstr(out, ai) != NULL, "cp950 is understood");
	CHECK(conv(a, &b, text, strlen(text), "big5-hkscs", &out, &n) == 0 &&
	    strstr(out, ai) != NULL, "big5-hkscs is understood");
	CHECK(conv(a, &b, "ok\nA) \xA4\x48\xFF\xFF\n", 10, "big5", &out, &n)
	    == -1 && one_error(&b, 2, "0xFF 0xFF at column 5"),
	    "an unconvertible Big5 byte is reported with line and column: %s",
	    b.nerr ? b.err[0].message : "(none)");
	CHECK(conv(a, &b, "x\n\xA4", 3, "big5", &out, &n) == -1 &&
	    one_error(&b, 2, "cut"), "Big5 cut short at the end");
}

static void
test_encoding_others(struct arena *a)
{
	char buf[64], *out;
	size_t n, len;
	struct q_bank b;

	CHECK(conv(a, &b, "caf\xE9 au lait", 12, NULL, &out, &n) == -1 &&
	    one_error(&b, 1, "--encoding cp1252"),
	    "Latin text suggests cp1252: %s", b.nerr ? b.err[0].message : "");
	CHECK(conv(a, &b, "caf\xE9 au lait", 12, "cp1252", &out, &n) == 0 &&
	    strcmp(out, "caf\xC3\xA9 au lait") == 0, "cp1252 converts");
	CHECK(conv(a, &b, "\x80", 1, "windows-1252", &out, &n) == 0 &&
	    strcmp(out, "\xE2\x82\xAC") == 0, "windows-1252 alias: euro");

	len = to_enc("\xEF\xBB\xBFhi\n\xE4\xBA\xBA", "UTF-16LE", buf, sizeof buf);
	CHECK(len == 10, "UTF-16LE sample built");
	CHECK(conv(a, &b, buf, len, NULL, &out, &n) == -1 &&
	    one_error(&b, 1, "--encoding utf-16"),
	    "UTF-16 without --encoding is recognised: %s",
	    b.nerr ? b.err[0].message : "");
	CHECK(conv(a, &b, buf, len, "utf-16", &out, &n) == 0 &&
	    strcmp(out, "hi\n\xE4\xBA\xBA") == 0 && n == 6,
	    "UTF-16 with BOM converts and the BOM is dropped");
	len = to_enc("A\nB\xE4\xBA\xBA", "GB18030", buf, sizeof buf);
	CHECK(conv(a, &b, buf, len, "gb18030", &out, &n) == 0 &&
	    strcmp(out, "A\nB\xE4\xBA\xBA") == 0, "gb18030 converts");
	CHECK(conv(a, &b, "x", 1, "no-such-encoding", &out, &n) == -1 &&
	    one_error(&b, 0, "unknown encoding \"no-such-encoding\""),
	    "an unknown encoding name is refused");
	len = to_enc("a\nb", "UTF-16LE", buf, sizeof buf);
	buf[len] = 0;
	buf[len + 1] = 0;
	CHECK(conv(a, &b, buf, len + 2, "utf-16le", &out, &n) == -1 &&
	    one_error(&b, 2, "NUL"), "a NUL character after conversion is "
	    "refused");
}

/* The guess weighs each decoding's text; a reading given by --encoding
 * that does not look like text is a warning. */
static void
test_encoding_guess(struct arena *a)
{
	static const char ai[] = "\xA4\x48\xA4\x75\xB4\xBC\xBC\x7A is AI?";
	struct q_bank b, w;
	char *out;
	size_t n;

	CHECK(conv(a, &b, "\xBFSe puede?{T}\n", 14, NULL, &out, &n) == -1 &&
	    one_error(&b, 1, "--encoding cp1252") && !strstr(b.err[0].message, "big5") &&
	    strstr(b.err[0].message, "Windows-1252") &&
	    strstr(b.err[0].message, "\"\xC2\xBFSe puede?{T}\""),
	    "a Spanish question mark is Windows-1252, not Big5: %s",
	    b.nerr ? b.err[0].message : "");
	CHECK(conv(a, &b, "ok\nCaf\xE9 \xBF" "es bueno?", 17, NULL, &out, &n) == -1 &&
	    one_error(&b, 2, "--encoding cp1252"), "accented Latin: cp1252: %s",
	    b.nerr ? b.err[0].message : "");
	CHECK(conv(a, &b, ai, strlen(ai), NULL, &out, &n) == -1 &&
	    one_error(&b, 1, "--encoding big5") && strstr(b.err[0].message, "Big5"),
	    "ideographs in a run: Big5: %s", b.nerr ? b.err[0].message : "");

	CHECK(conv(a, &b, "\xBFSe puede?{T}\n", 14, "big5", &out, &n) == 0,
	    "as big5 the Spanish line converts");
	q_bank_init(&w, a, "t.txt");
	enc_check_reading(a, "big5", out, n, &w);
	CHECK(w.nerr == 1 && w.err[0].line == 1 && strstr(w.err[0].message, "cp1252"),
	    "but an ideograph stuck to a Latin letter is a warning: %s",
	    w.nerr ? w.err[0].message : "(none)");
	CHECK(conv(a, &b, ai, strlen(ai), "big5", &out, &n) == 0, "Big5 converts");
	q_bank_init(&w, a, "t.txt");
	enc_check_reading(a, "big5", out, n, &w);
	CHECK(w.nerr == 0, "Chinese read as Big5: no warning");
	CHECK(conv(a, &b, ai, strlen(ai), "cp1252", &out, &n) == 0, "as cp1252 too");
	q_bank_init(&w, a, "t.txt");
	enc_check_reading(a, "cp1252", out, n, &w);
	CHECK(w.nerr == 1 && strstr(w.err[0].message, "big5"),
	    "Big5 read as cp1252 is a warning: %s", w.nerr ? w.err[0].message : "(none)");
	CHECK(conv(a, &b, "Caf\xE9 \xBF" "es bueno?", 14, "cp1252", &out, &n) == 0,
	    "Spanish as cp1252");
	q_bank_init(&w, a, "t.txt");
	enc_check_reading(a, "cp1252", out, n, &w);
	CHECK(w.nerr == 0, "Spanish read as cp1252: no warning");
	q_bank_init(&w, a, "t.txt");
	enc_check_reading(a, NULL, "ok\ncaf\xC3\x83\xC2\xA9 \xC3\x82\xC2\xBFs\xC3\x83\xC2\xAD?", 20, &w);
	CHECK(w.nerr == 1 && w.err[0].line == 2 && strstr(w.err[0].message, "encoded twice"),
	    "UTF-8 encoded twice is a warning: %s", w.nerr ? w.err[0].message : "(none)");
	q_bank_init(&w, a, "t.txt");
	enc_check_reading(a, NULL, "caf\xC3\xA9 \xC2\xBFs\xC3\xAD? \xC3\x80 la \xC2\xA9", 21, &w);
	CHECK(w.nerr == 0, "plain UTF-8 accents are no warning: %s",
	    w.nerr ? w.err[0].message : "");
}

/* The wrapper over libunistring: what each caller relies on. */
static void
test_encoding_module(struct arena *a)
{
	static const struct {
		const char *s;
		size_t n, off;
		enum utf8_fault f;
	} checks[] = {
		{ "ab\xC3\xA9", 4, 4, UTF8_FINE },
		{ "a\0b", 3, 1, UTF8_NUL },
		{ "ab\x80", 3, 2, UTF8_STRAY },
		{ "\xC1\xBF", 2, 0, UTF8_OVERLONG },
		{ "\xF0\x80\x80\x80", 4, 0, UTF8_OVERLONG },
		{ "x\xED\xA0\x80", 4, 1, UTF8_SURROGATE },
		{ "\xF4\x90\x80\x80", 4, 0, UTF8_BEYOND },
		{ "\xFE", 1, 0, UTF8_NEVER },
		{ "\xE4z", 2, 0, UTF8_UNFINISHED },
		{ "\xE4\xB8z", 3, 0, UTF8_UNFINISHED },
		{ "\xE4\xB8", 2, 0, UTF8_CUT },
		{ "\xC3\xA9\0", 3, 2, UTF8_NUL },
	};
	uint32_t cp;
	char out[4];
	size_t len;

	for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
		enum utf8_fault f;
		size_t off = utf8_check(checks[i].s, checks[i].n, &f);

		CHECK(off == checks[i].off && f == checks[i].f,
		    "utf8_check case %zu: offset %zu fault %d, want %zu and %d",
		    i, off, (int)f, checks[i].off, (int)checks[i].f);
		CHECK(utf8_valid(checks[i].s, checks[i].n) == (f == UTF8_FINE),
		    "utf8_valid agrees with utf8_check, case %zu", i);
	}
	CHECK(utf8_next("\xF0\x9F\x98\x80!", 5, &cp) == 4 && cp == 0x1F600,
	    "a 4-byte character decodes whole");
	CHECK(utf8_next("\xEF\xBF\xBD", 3, &cp) == 3 && cp == 0xFFFD &&
	    !UTF8_IS_RAW(cp), "a real U+FFFD is a character");
	CHECK(utf8_next("\xE4\xB8z", 3, &cp) == 1 && cp == UTF8_RAW(0xE4) &&
	    UTF8_IS_RAW(cp), "a broken sequence gives its first byte alone");
	CHECK(utf8_next("", 0, &cp) == 0 && cp == 0, "nothing left: 0");
	CHECK(utf8_chars("a\xC3\xA9\xE4\xBA\xBA\xF0\x9F\x98\x80", 10) == 4,
	    "characters, not bytes, are counted");
	CHECK(utf8_prefix("ab\xE4\xBA\xBA", 5, 4) == 2 &&
	    utf8_prefix("ab\xE4\xBA\xBA", 5, 5) == 5 &&
	    utf8_prefix("ab", 2, 0) == 0, "a prefix never cuts a character");
	len = utf8_put(out, 0x4EBA);
	CHECK(len == 3 && memcmp(out, "\xE4\xBA\xBA", 3) == 0, "U+4EBA encodes");
	len = utf8_put(out, 0xD800);
	CHECK(len == 3 && memcmp(out, "\xEF\xBF\xBD", 3) == 0,
	    "a surrogate is written as U+FFFD");
	CHECK(utf8_text_ok("Zo\xC3\xAB \xE7\x8E\x8B", 8) &&
	    !utf8_text_ok("a\tb", 3) && !utf8_text_ok("a\xC2\x85", 3) &&
	    !utf8_text_ok("a\x7F", 2), "printable text, no C0, DEL or C1");
	CHECK(utf8_fold('A') == 'a' && utf8_fold(0x212A) == 'k' &&
	    utf8_fold(0x3A3) == utf8_fold(0x3C2) &&
	    utf8_fold(0x13A0) == utf8_fold(0xAB70) &&
	    utf8_fold(0x10400) == 0x10428 && utf8_fold(0xDF) == 0xDF &&
	    utf8_fold(0x130) == 0x130 && utf8_fold(0x131) == 0x131 &&
	    utf8_fold(UTF8_RAW(0x80)) == UTF8_RAW(0x80),
	    "simple case folding in every script, Turkic i left alone");
	CHECK_STR(utf8_nfkc(a, "\xEF\xBC\xA7\xE3\x80\x80\xEF\xBD\x90", 9, &len),
	    "G p", "NFKC folds width");
	CHECK(len == 3, "and says its length");
	CHECK_STR(utf8_nfkc(a, "plain", 5, &len), "plain", "ASCII stays");
}

void
test_encoding(void)
{
	struct arena *a = arena_new();

	test_encoding_module(a);
	test_encoding_utf8(a);
	test_encoding_big5(a);
	test_encoding_others(a);
	test_encoding_guess(a);
	arena_free(a);
}
