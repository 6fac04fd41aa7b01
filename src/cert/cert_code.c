/*
 * cert_code.c - the signed certificate code: payload layout, base32, the
 * Ed25519 signature over a domain prefix and the payload; see cert_code.h
 * and docs/certificate-format.md. Depends on libsodium and utf8.c.
 */
#include "cert_code.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t
cert_code_base32_encode(const unsigned char *in, size_t n, char *out,
    size_t outlen)
{
	size_t need = (n * 8 + 4) / 5, o = 0;
	unsigned acc = 0;
	int bits = 0;

	if (outlen < need + 1)
		return 0;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = b32_alphabet[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		out[o++] = b32_alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return o;
}

static int
b32_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a';
	if (ch >= '2' && ch <= '7')
		return ch - '2' + 26;
	return -1;
}

long
cert_code_base32_decode(const char *in, size_t len, unsigned char *out,
    size_t outlen)
{
	size_t n = len * 5 / 8, o = 0;
	unsigned acc = 0;
	int bits = 0;

	/* 1, 3 or 6 characters past a multiple of 8 cannot end a byte string. */
	if (len % 8 == 1 || len % 8 == 3 || len % 8 == 6 || n > outlen)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b32_value(in[i]);

		if (v < 0)
			return -1;
		acc = ((acc << 5) | (unsigned)v) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1;
	return (long)o;
}

int
cert_code_text_ok(const char *s, size_t n, int nospace)
{
	if (!utf8_text_ok(s, n))
		return 0;
	return !nospace || memchr(s, ' ', n) == NULL;
}

static int
exam_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

/* Appends a length byte and s; -1 if s (bounded by cap) is not 1..max
 * bytes (0..max if empty_ok) of acceptable text. */
static int
put_text(unsigned char *p, size_t *o, const char *s, size_t cap, size_t max,
    int empty_ok, int kind)
{
	size_t n = strnlen(s, cap);

	if (n == cap || n > max || (n == 0 && !empty_ok))
		return -1;
	if (kind == 0 ? !exam_ok(s, n) : !cert_code_text_ok(s, n, kind == 2))
		return -1;
	p[(*o)++] = (unsigned char)n;
	memcpy(p + *o, s, n);
	*o += n;
	return 0;
}

static void
put_u32(unsigned char *p, size_t *o, unsigned long v)
{
	p[(*o)++] = (unsigned char)(v >> 24);
	p[(*o)++] = (unsigned char)(v >> 16);
	p[(*o)++] = (unsigned char)(v >> 8);
	p[(*o)++] = (unsigned char)v;
}

/* The message signed: the domain prefix and the payload, into m. */
static size_t
signed_message(unsigned char *m, const unsigned char *payload, size_t n)
{
	memcpy(m, CERT_CODE_DOMAIN, CERT_CODE_DOMAIN_LEN);
	memcpy(m + CERT_CODE_DOMAIN_LEN, payload, n);
	return CERT_CODE_DOMAIN_LEN + n;
}

char *
cert_code_make(const struct cert_claims *c, const unsigned char sk[64])
{
	unsigned char buf[CERT_CODE_MAX_PAYLOAD + CERT_CODE_SIG_LEN];
	unsigned char msg[CERT_CODE_DOMAIN_LEN + CERT_CODE_MAX_PAYLOAD];
	size_t o = 0, mlen, outlen;
	char *out;

	if (c->score_bp > 10000 || c->issued_day < 0 ||
	    (unsigned long)c->issued_day > 0xffffffffUL || c->expires_day < 0 ||
	    (unsigned long)c->expires_day > 0xffffffffUL)
		return NULL;
	buf[o++] = CERT_CODE_VERSION;
	memcpy(buf + o, c->key_id, 8);
	o += 8;
	if (put_text(buf, &o, c->serial, sizeof c->serial, 63, 0, 2) != 0 ||
	    put_text(buf, &o, c->holder, sizeof c->holder, 255, 0, 1) != 0 ||
	    put_text(buf, &o, c->holder_alt, sizeof c->holder_alt, 255, 1, 1) != 0 ||
	    put_text(buf, &o, c->exam, sizeof c->exam, 64, 0, 0) != 0)
		return NULL;
	buf[o++] = (unsigned char)(c->score_bp >> 8);
	buf[o++] = (unsigned char)c->score_bp;
	buf[o++] = c->passed ? 1 : 0;
	put_u32(buf, &o, (unsigned long)c->issued_day);
	put_u32(buf, &o, (unsigned long)c->expires_day);
	mlen = signed_message(msg, buf, o);
	crypto_sign_detached(buf + o, NULL, msg, mlen, sk);
	outlen = ((o + CERT_CODE_SIG_LEN) * 8 + 4) / 5 + 1;
	if ((out = malloc(outlen)) == NULL)
		abort();
	cert_code_base32_encode(buf, o + CERT_CODE_SIG_LEN, out, outlen);
	return out;
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* The code inside s: white space trimmed, up to the last "/v/" or "/V/"
 * dropped, a query or fragment dropped. */
static void
code_span(const char *s, const char **start, size_t *len)
{
	const char *b = s, *e;

	for (const char *p = s; *p != '\0'; p++)
		if (p[0] == '/' && (p[1] == 'v' || p[1] == 'V') && p[2] == '/')
			b = p + 3;
	while (is_space(*b))
		b++;
	e = b;
	while (*e != '\0' && *e != '?' && *e != '#')
		e++;
	while (e > b && is_space(e[-1]))
		e--;
	*start = b;
	*len = (size_t)(e - b);
}

int
cert_code_bytes(const char *code_or_url, unsigned char *out, size_t outlen,
    size_t *len, size_t *payload_len, const char **why)
{
	const char *s, *w = NULL;
	size_t n, p, o;
	long got;

	code_span(code_or_url, &s, &n);
	if (n == 0)
		w = "code_none";
	else if (n > CERT_CODE_MAX_LEN)
		w = "code_too_long";
	else if ((got = cert_code_base32_decode(s, n, out, outlen)) < 0)
		w = "code_not_base32";
	else if (got < 1 + 8 + 4 + 2 + 1 + 8 + CERT_CODE_SIG_LEN)
		w = "code_too_short";
	else if (out[0] != CERT_CODE_VERSION)
		w = "code_version";
	else {
		/* Walk the four length-prefixed fields to find the payload's end. */
		p = (size_t)got - CERT_CODE_SIG_LEN;
		o = 9;
		for (int i = 0; i < 4 && o < p; i++)
			o += 1 + out[o];
		if (o + 2 + 1 + 8 != p)
			w = "code_damaged";
		else {
			*len = (size_t)got;
			*payload_len = p;
		}
	}
	if (why != NULL)
		*why = w;
	return w == NULL ? 0 : -1;
}

static unsigned long
get_u32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* Reads a length-prefixed field into dst; NULL (with *why) if bad. */
static const unsigned char *
get_text(const unsigned char *p, char *dst, size_t min, size_t max, int kind,
    const char *name, const char **why)
{
	size_t n = p[0];

	if (n < min || n > max || (kind == 0 ? !exam_ok((const char *)p + 1, n) :
	    !cert_code_text_ok((const char *)p + 1, n, kind == 2))) {
		*why = name;
		return NULL;
	}
	memcpy(dst, p + 1, n);
	dst[n] = '\0';
	return p + 1 + n;
}

/* Fills c from a payload whose field lengths cert_code_bytes checked. */
static int
claims_read(const unsigned char *b, struct cert_claims *c, const char **why)
{
	const unsigned char *p = b + 9;
	unsigned score;

	memset(c, 0, sizeof *c);
	memcpy(c->key_id, b + 1, 8);
	if ((p = get_text(p, c->serial, 1, 63, 2, "code_bad_serial", why)) == NULL ||
	    (p = get_text(p, c->holder, 1, 255, 1, "code_bad_holder", why)) == NULL ||
	    (p = get_text(p, c->holder_alt, 0, 255, 1, "code_bad_holder_alt",
	    why)) == NULL ||
	    (p = get_text(p, c->exam, 1, 64, 0, "code_bad_exam", why)) == NULL)
		return -1;
	score = (unsigned)p[0] << 8 | p[1];
	if (score > 10000) {
		*why = "code_bad_score";
		return -1;
	}
	if ((p[2] & ~1u) != 0) {
		*why = "code_bad_flags";
		return -1;
	}
	c->score_bp = score;
	c->passed = p[2] & 1;
	c->issued_day = (long)get_u32(p + 3);
	c->expires_day = (long)get_u32(p + 7);
	return 0;
}

int
cert_code_parse(const char *code_or_url, struct cert_claims *c,
    const char **why)
{
	unsigned char buf[CERT_CODE_MAX_PAYLOAD + CERT_CODE_SIG_LEN];
	const char *w = NULL;
	size_t len, plen;
	int rc;

	rc = cert_code_bytes(code_or_url, buf, sizeof buf, &len, &plen, &w);
	if (rc == 0)
		rc = claims_read(buf, c, &w);
	if (why != NULL)
		*why = w;
	return rc;
}

int
cert_code_verify(const char *code_or_url, const unsigned char pk[32],
    struct cert_claims *c)
{
	unsigned char buf[CERT_CODE_MAX_PAYLOAD + CERT_CODE_SIG_LEN];
	unsigned char msg[CERT_CODE_DOMAIN_LEN + CERT_CODE_MAX_PAYLOAD];
	struct cert_claims tmp;
	const char *why;
	size_t len, plen, mlen;

	if (c == NULL)
		c = &tmp;
	if (cert_code_bytes(code_or_url, buf, sizeof buf, &len, &plen, &why) != 0 ||
	    claims_read(buf, c, &why) != 0)
		return 0;
	mlen = signed_message(msg, buf, plen);
	return crypto_sign_verify_detached(buf + plen, msg, mlen, pk) == 0;
}

/* ---- the printed check code ---- */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int
cert_check_code(const char *code, char out[CERT_CHECK_LEN + 1])
{
	crypto_hash_sha256_state h;
	unsigned char md[crypto_hash_sha256_BYTES];
	uint64_t bits = 0;
	size_t n = code ? strlen(code) : 0;

	if (n == 0)
		return -1;
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)CERT_CHECK_DOMAIN,
	    CERT_CHECK_DOMAIN_LEN);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)code[i];

		if (ch >= 'a' && ch <= 'z')
			ch = (unsigned char)(ch - 'a' + 'A');
		crypto_hash_sha256_update(&h, &ch, 1);
	}
	crypto_hash_sha256_final(&h, md);
	for (int i = 0; i < 5; i++)
		bits = bits << 8 | md[i];
	for (int i = 0, o = 0; i < 8; i++) {
		if (i == 4)
			out[o++] = '-';
		out[o++] = crockford[(bits >> (35 - 5 * i)) & 31];
	}
	out[CERT_CHECK_LEN] = '\0';
	return 0;
}

int
cert_check_code_read(const char *typed, char out[CERT_CHECK_LEN + 1])
{
	const unsigned char *p = (const unsigned char *)(typed ? typed : "");
	int n = 0;

	while (*p) {
		unsigned ch = *p++;

		/* Full-width forms (U+FF01..U+FF5E) as their ASCII, the
		 * ideographic space as a space. */
		if (ch == 0xEF && (p[0] == 0xBC || p[0] == 0xBD) && p[1] >= 0x80 && p[1] <= 0xBF) {
			ch = (((unsigned)p[0] & 0x3F) << 6 | (p[1] & 0x3F)) + 0xF000 - 0xFEE0;
			p += 2;
			if (ch < 0x21 || ch > 0x7E)
				return -1;
		} else if (ch == 0xE3 && p[0] == 0x80 && p[1] == 0x80) {
			ch = ' ';
			p += 2;
		}
		if (ch == ' ' || ch == '-' || ch == '\t')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = ch - 'a' + 'A';
		if (ch == 'I' || ch == 'L')
			ch = '1';
		else if (ch == 'O')
			ch = '0';
		if (ch == 0 || strchr(crockford, (int)ch) == NULL || n == 8)
			return -1;
		out[n < 4 ? n : n + 1] = (char)ch;	/* out[4] is the hyphen */
		n++;
	}
	if (n != 8)
		return -1;
	out[4] = '-';
	out[CERT_CHECK_LEN] = '\0';
	return 0;
}
