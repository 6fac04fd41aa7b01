/*
 * test_encoding.c - UTF-8 checking and --encoding conversion of uploads.
 */
#include <iconv.h>
#include <stdlib.h>

#include "encoding.h"
#include "test.h"

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

void
test_encoding(void)
{
	struct arena *a = arena_new();

	test_encoding_utf8(a);
	test_encoding_big5(a);
	test_encoding_others(a);
	arena_free(a);
}
