/*
 * encoding.c - strict UTF-8 checking and iconv conversion of bank files;
 * see encoding.h.
 *
 * Depends on iconv (glibc), utf8.h (libunistring) and the catalogs
 * (i18n.c: messages are in the error list's language). When a file is
 * not UTF-8 the message says where the first bad byte is and which
 * --encoding would most likely read it: of Big5, CP1252 and GB18030, the
 * one whose reading looks most like real text (enc_score).
 */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "utf8.h"

/* Largest prefix tried when guessing an encoding for the error message. */
#define GUESS_MAX (1024 * 1024)

/* Encoding names users type, and what glibc iconv calls them. */
static const struct {
	const char *alias, *iconv_name;
} aliases[] = {
	{ "big5", "BIG5" },
	{ "cp950", "CP950" },
	{ "ms950", "CP950" },
	{ "windows-950", "CP950" },
	{ "big5-hkscs", "BIG5-HKSCS" },
	{ "big5hkscs", "BIG5-HKSCS" },
	{ "gb18030", "GB18030" },
	{ "gbk", "GBK" },
	{ "cp936", "GBK" },
	{ "gb2312", "EUC-CN" },
	{ "cp1252", "CP1252" },
	{ "windows-1252", "CP1252" },
	{ "latin1", "ISO-8859-1" },
	{ "latin-1", "ISO-8859-1" },
	{ "utf16", "UTF-16" },
	{ "utf-16", "UTF-16" },
	{ "utf16le", "UTF-16LE" },
	{ "utf16be", "UTF-16BE" },
	{ "shift_jis", "SHIFT_JIS" },
	{ "sjis", "SHIFT_JIS" },
	{ "cp932", "CP932" },
	{ "euc-kr", "EUC-KR" },
	{ "cp949", "CP949" },
};

/* The name iconv_open() should get for a user-given encoding name. */
static const char *
enc_iconv_name(const char *name)
{
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcasecmp(aliases[i].alias, name) == 0)
			return aliases[i].iconv_name;
	return name;
}

static int
enc_is_utf8_name(const char *name)
{
	return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0;
}

/* The catalog key of what enc_report says of each utf8_check fault. */
static const char *
enc_why(enum utf8_fault f)
{
	switch (f) {
	case UTF8_NUL: return "enc_why_nul";
	case UTF8_STRAY: return "enc_why_stray";
	case UTF8_OVERLONG: return "enc_why_overlong";
	case UTF8_SURROGATE: return "enc_why_surrogate";
	case UTF8_BEYOND: return "enc_why_beyond";
	case UTF8_NEVER: return "enc_why_never";
	case UTF8_CUT: return "enc_why_cut";
	case UTF8_UNFINISHED:
	case UTF8_FINE: break;
	}
	return "enc_why_unfinished";
}

/*
 * Checks s[0..len) as strict UTF-8. Returns 0 if valid; otherwise 1 with
 * *bad the offset of the first bad byte and *why the catalog key saying
 * what is wrong.
 */
static int
enc_check_utf8(const unsigned char *s, size_t len, size_t *bad,
    const char **why)
{
	enum utf8_fault f;

	*bad = utf8_check((const char *)s, len, &f);
	if (f == UTF8_FINE)
		return 0;
	*why = enc_why(f);
	return 1;
}

/* Line (1-based) and column (1-based, in characters) of offset off in the
 * valid UTF-8 text s; a line ends at \n, \r\n or a lone \r. */
static void
enc_position(const unsigned char *s, size_t off, int *line, int *col)
{
	size_t from = 0;
	int l = 1;

	/* A \r before \n is part of the break, so none is left in the
	 * last line: its column counts characters only. */
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off ||
		    s[i + 1] != '\n'))) {
			l++;
			from = i + 1;
		}
	*line = l;
	*col = 1 + (int)utf8_chars((const char *)s + from, off - from);
}

/*
 * Converts data from the iconv encoding name into a malloc'd buffer.
 * Returns 0 with *out (free it) and *outlen; -1 with errno set by
 * iconv_open (EINVAL: unknown name), or 1 when the input does not convert:
 * *stop is the input offset of the first byte that failed, and *out holds
 * what was converted before it (*outlen bytes).
 */
static int
enc_iconv(const char *name, const char *data, size_t len, char **out,
    size_t *outlen, size_t *stop)
{
	iconv_t cd = iconv_open("UTF-8", name);
	char *buf, *in = (char *)data, *o;
	size_t cap = len * 2 + 16, inleft = len, oleft;
	int rc = 0;

	*out = NULL;
	if (cd == (iconv_t)-1)
		return -1;
	if ((buf = malloc(cap)) == NULL)
		abort();
	o = buf;
	oleft = cap;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(o - buf);

			cap *= 2;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
			o = buf + used;
			oleft = cap - used;
			continue;
		}
		rc = 1;		/* EILSEQ, or EINVAL: cut short at the end */
		break;
	}
	/* A stateful encoding may owe a final shift sequence. */
	if (rc == 0 && oleft < 16) {
		size_t used = (size_t)(o - buf);

		cap += 16;
		if ((buf = realloc(buf, cap)) == NULL)
			abort();
		o = buf + used;
		oleft = cap - used;
	}
	if (rc == 0)
		iconv(cd, NULL, NULL, &o, &oleft);
	iconv_close(cd);
	*out = buf;
	*outlen = (size_t)(o - buf);
	*stop = (size_t)(in - data);
	return rc;
}

/* Encodings weighed to suggest an --encoding for a file that is not
 * UTF-8. Each decodes most bytes to something, so the decodings are judged
 * (enc_score): the one whose text is most plausible wins; on a tie the
 * first listed. GB18030 accepts nearly anything: last. */
static const struct {
	const char *iconv_name, *user_name, *label;
	int cjk;
} guesses[] = {
	{ "CP950", "big5", "Big5 (CP950)", 1 },
	{ "CP1252", "cp1252", "Windows-1252 (Latin-1)", 0 },
	{ "GB18030", "gb18030", "GB18030", 1 },
};

static int
enc_is_cjk(uint32_t c)
{
	return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3100 && c <= 0x312F) ||
	    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	    (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFF00 && c <= 0xFFEF);
}

static int
enc_is_ascii_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Letters of Western European languages: Latin-1's and CP1252's. */
static int
enc_is_latin_letter(uint32_t c)
{
	return (c >= 0xC0 && c <= 0x17F && c != 0xD7 && c != 0xF7) || c == 0x178 ||
	    c == 0x192;
}

/* Signs ordinary text in a Western language uses. */
static int
enc_is_latin_sign(uint32_t c)
{
	static const uint32_t signs[] = { 0xA0, 0xA1, 0xA2, 0xA3, 0xA5, 0xA7, 0xA9,
	    0xAA, 0xAB, 0xAE, 0xB0, 0xB1, 0xB2, 0xB3, 0xB5, 0xB7, 0xBA, 0xBB, 0xBC,
	    0xBD, 0xBE, 0xBF, 0xD7, 0xF7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A,
	    0x201C, 0x201D, 0x201E, 0x2022, 0x2026, 0x2030, 0x20AC, 0x2122 };

	for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
		if (signs[i] == c)
			return 1;
	return 0;
}

/* Punctuation both kinds of text use (Big5 has it too): no evidence. */
static int
enc_is_neutral(uint32_t c)
{
	return c == 0xB7 || c == 0x2013 || c == 0x2014 || c == 0x2018 ||
	    c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2026;
}

/*
 * Judges the UTF-8 text s[0..n) as the reading of a file in a CJK encoding
 * (cjk 1: Chinese, Japanese or Korean characters in runs, or between
 * spaces and punctuation, never glued to one Latin letter) or in a Western
 * one (cjk 0: accented letters beside letters, and the usual signs).
 * Counts the non-ASCII characters that fit (*good) and that do not (*bad);
 * *first is the offset of the first that does not (n if none).
 */
static void
enc_score(const char *s, size_t n, int cjk, size_t *good, size_t *bad, size_t *first)
{
	uint32_t prev = '\n', cur = 0, next = 0;
	size_t i = 0, len, nlen = 0;

	*good = *bad = 0;
	*first = n;
	len = utf8_next(s, n, &cur);
	while (len > 0) {
		int fits;

		nlen = i + len < n ? utf8_next(s + i + len, n - i - len, &next) : 0;
		if (nlen == 0)
			next = '\n';
		if (cur >= 0x80 && !enc_is_neutral(cur)) {
			if (cjk)
				fits = enc_is_cjk(cur) && (enc_is_cjk(prev) || enc_is_cjk(next) ||
				    (!enc_is_ascii_letter(prev) && !enc_is_ascii_letter(next)));
			else if (enc_is_latin_letter(cur))
				fits = (prev < 0x80 || enc_is_latin_letter(prev) ||
				    enc_is_latin_sign(prev)) && (next < 0x80 ||
				    enc_is_latin_letter(next) || enc_is_latin_sign(next));
			else
				fits = enc_is_latin_sign(cur);
			if (fits)
				(*good)++;
			else {
				if (*bad == 0)
					*first = i;
				(*bad)++;
			}
		}
		prev = cur;
		cur = next;
		i += len;
		len = nlen;
	}
}

/* 1 if a reading with good and bad characters (enc_score) is plausible:
 * at least three quarters fit. */
static int
enc_plausible(size_t good, size_t bad)
{
	return good + bad == 0 || good >= 3 * bad;
}

/* Index in guesses[] of the encoding most likely to read data, or -1;
 * *sample (from a, may be NULL) is the line of its first non-ASCII
 * character as that encoding reads it. */
static int
enc_guess(struct arena *a, const char *data, size_t len, const char **sample)
{
	int best = -1;
	double best_ratio = 0;

	*sample = NULL;
	if (len > GUESS_MAX)
		len = GUESS_MAX;
	for (size_t i = 0; i < sizeof guesses / sizeof *guesses; i++) {
		char *out;
		size_t outlen, stop, good, bad, first;
		int rc = enc_iconv(guesses[i].iconv_name, data, len, &out,
		    &outlen, &stop);
		double ratio;

		/* A prefix may end inside a character: that is not a misfit. */
		if (rc != 0 && !(rc == 1 && len == GUESS_MAX && stop + 4 >= len)) {
			free(out);
			continue;
		}
		enc_score(out, outlen, guesses[i].cjk, &good, &bad, &first);
		ratio = good + bad ? (double)good / (double)(good + bad) : 0.5;
		if (enc_plausible(good, bad) && ratio > best_ratio) {
			size_t from = 0, to;

			best = (int)i;
			best_ratio = ratio;
			while (from < outlen && (unsigned char)out[from] < 0x80)
				from++;
			for (to = from; to < outlen && out[to] != '\n' && out[to] != '\r'; to++)
				;
			while (from > 0 && out[from - 1] != '\n' && out[from - 1] != '\r')
				from--;
			*sample = q_text_short(a, arena_strndup(a, out + from, to - from));
		}
		free(out);
	}
	return best;
}

/* 1 if text looks like UTF-8 read as Latin-1 or CP1252 and encoded
 * again ("cafÃ©", "Â¿"): "Â" or "Ã" followed by what the second byte of
 * a UTF-8 sequence reads as there. *at: the offset of the first. */
static int
enc_twice(const char *text, size_t len, size_t *at)
{
	uint32_t c, next;
	size_t i = 0, l, nl;

	while (i < len && (l = utf8_next(text + i, len - i, &c)) > 0) {
		if ((c == 0xC2 || c == 0xC3) && i + l < len &&
		    (nl = utf8_next(text + i + l, len - i - l, &next)) > 0 &&
		    ((next >= 0x80 && next <= 0xBF && next != 0xA0) || next == 0x20AC ||
		    (next >= 0x2018 && next <= 0x203A) || next == 0x2122 || next == 0x152 ||
		    next == 0x153 || next == 0x160 || next == 0x161 || next == 0x178 ||
		    next == 0x17D || next == 0x17E || next == 0x192 || next == 0x2C6 ||
		    next == 0x2DC)) {
			*at = i;
			return 1;
		}
		i += l;
	}
	return 0;
}

void
enc_check_reading(struct arena *a, const char *from_encoding, const char *text,
    size_t len, struct q_bank *warn)
{
	static const char *const cjk_names[] = { "BIG5", "CP950", "BIG5-HKSCS",
	    "GB18030", "GBK", "EUC-CN", "SHIFT_JIS", "CP932", "EUC-KR", "CP949" };
	static const char *const latin_names[] = { "CP1252", "ISO-8859-1",
	    "ISO-8859-15", "LATIN1", "ISO8859-1", "WINDOWS-1252" };
	const char *name;
	size_t good, bad, first, from, to;
	int cjk = -1, line, col;
	const char *sample;

	if (enc_twice(text, len, &first)) {
		enc_position((const unsigned char *)text, first, &line, &col);
		for (from = first; from > 0 && text[from - 1] != '\n' &&
		    text[from - 1] != '\r'; from--)
			;
		for (to = first; to < len && text[to] != '\n' && text[to] != '\r'; to++)
			;
		q_bank_msg(warn, line, "enc_twice", "sample", q_text_short(a,
		    arena_strndup(a, text + from, to - from)), NULL);
		return;
	}
	if (from_encoding == NULL || enc_is_utf8_name(from_encoding))
		return;
	name = enc_iconv_name(from_encoding);
	for (size_t i = 0; i < sizeof cjk_names / sizeof *cjk_names; i++)
		if (strcasecmp(name, cjk_names[i]) == 0)
			cjk = 1;
	for (size_t i = 0; i < sizeof latin_names / sizeof *latin_names; i++)
		if (strcasecmp(name, latin_names[i]) == 0)
			cjk = 0;
	if (cjk < 0)
		return;
	enc_score(text, len, cjk, &good, &bad, &first);
	if (enc_plausible(good, bad))
		return;
	enc_position((const unsigned char *)text, first, &line, &col);
	for (from = first; from > 0 && text[from - 1] != '\n' && text[from - 1] != '\r';
	    from--)
		;
	for (to = first; to < len && text[to] != '\n' && text[to] != '\r'; to++)
		;
	sample = q_text_short(a, arena_strndup(a, text + from, to - from));
	q_bank_msg(warn, line, cjk ? "enc_implausible_cjk" : "enc_implausible_latin",
	    "enc", from_encoding, "bad", arena_printf(a, "%zu", bad), "all",
	    arena_printf(a, "%zu", good + bad), "sample", sample, NULL);
}

/* 1 if data looks like UTF-16: a UTF-16 byte order mark, or NULs in at
 * least three quarters of the even or of the odd bytes of its start. */
static int
enc_looks_utf16(const unsigned char *s, size_t len)
{
	size_t n = len < 64 ? len : 64, even = 0, odd = 0;

	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	    (s[0] == 0xFE && s[1] == 0xFF)))
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == 0 && i % 2)
			odd++;
		else if (s[i] == 0)
			even++;
	}
	return n >= 4 && (even * 4 >= (n + 1) / 2 * 3 ||
	    odd * 4 >= n / 2 * 3);
}

/* Records why s is not UTF-8, bad being the first bad byte. */
static void
enc_report(struct q_bank *errs, const unsigned char *s, size_t len,
    size_t bad, const char *why)
{
	struct arena *a = errs->arena;
	int line, col, g;
	const char *what = i18n_get(errs->lang, why), *at, *byte, *sample;

	enc_position(s, bad, &line, &col);
	at = arena_printf(a, "%d", col);
	byte = arena_printf(a, "%02X", s[bad]);
	if (enc_looks_utf16(s, len)) {
		q_bank_msg(errs, line, "enc_utf16", "why", what, "col", at, NULL);
		return;
	}
	if (s[bad] == 0) {
		q_bank_msg(errs, line, "enc_nul", "col", at, NULL);
		return;
	}
	if ((g = enc_guess(a, (const char *)s, len, &sample)) >= 0)
		q_bank_msg(errs, line, "enc_guess", "byte", byte, "col", at, "why", what,
		    "label", guesses[g].label, "name", guesses[g].user_name, "sample",
		    sample, NULL);
	else
		q_bank_msg(errs, line, "enc_invalid", "byte", byte, "col", at, "why", what,
		    NULL);
}

int
enc_to_utf8(struct arena *a, const char *file, const char *data,
    size_t len, const char *from_encoding, char **out, size_t *outlen,
    struct q_bank *errs)
{
	const unsigned char *s = (const unsigned char *)data;
	const char *why, *name = file != NULL ? file : i18n_get(errs->lang, "enc_the_file");
	char *conv = NULL;
	size_t bad, convlen, stop;
	int rc = -1, line, col;

	*out = NULL;
	*outlen = 0;
	if (from_encoding == NULL || enc_is_utf8_name(from_encoding)) {
		if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
			s += 3;
			len -= 3;
		}
		if (enc_check_utf8(s, len, &bad, &why)) {
			enc_report(errs, s, len, bad, why);
			return -1;
		}
		*out = arena_strndup(a, (const char *)s, len);
		*outlen = len;
		return 0;
	}

	switch (enc_iconv(enc_iconv_name(from_encoding), data, len, &conv,
	    &convlen, &stop)) {
	case -1:
		q_bank_msg(errs, 0, "enc_unknown", "name", from_encoding, NULL);
		goto done;
	case 1:
		/* Every character before the failure converted cleanly, so
		 * the position is counted in the converted text. */
		enc_position((unsigned char *)conv, convlen, &line, &col);
		if (stop + 1 < len)
			q_bank_msg(errs, line, "enc_bytes", "file", name, "enc", from_encoding,
			    "b1", arena_printf(a, "%02X", s[stop]), "b2", arena_printf(a, "%02X",
			    s[stop + 1]), "col", arena_printf(a, "%d", col), NULL);
		else
			q_bank_msg(errs, line, "enc_byte", "file", name, "enc", from_encoding,
			    "b1", arena_printf(a, "%02X", stop < len ? s[stop] : 0), "col",
			    arena_printf(a, "%d", col), NULL);
		goto done;
	}

	s = (const unsigned char *)conv;
	if (convlen >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		s += 3;
		convlen -= 3;
	}
	if (enc_check_utf8(s, convlen, &bad, &why)) {
		enc_position(s, bad, &line, &col);
		if (s[bad] == 0)
			q_bank_msg(errs, line, "enc_nul_read", "enc", from_encoding, "col",
			    arena_printf(a, "%d", col), NULL);
		else
			q_bank_msg(errs, line, "enc_not_unicode", "file", name, "enc",
			    from_encoding, "why", i18n_get(errs->lang, why), "col",
			    arena_printf(a, "%d", col), NULL);
		goto done;
	}
	*out = arena_strndup(a, (const char *)s, convlen);
	*outlen = convlen;
	rc = 0;
done:
	free(conv);
	return rc;
}
