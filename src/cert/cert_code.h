/*
 * cert_code.h - the signed code a certificate's QR carries.
 *
 * A code is the upper-case RFC 4648 base32 (no padding) of a compact
 * binary payload (the claims: serial, holder, exam, score, result, dates,
 * key id) followed by its Ed25519 signature. The verify URL is
 * BASE/v/CODE. Every byte is specified in docs/certificate-format.md so
 * that a third party verifies with standard tools. Pure C and libsodium.
 */
#ifndef AICERT_CERT_CODE_H
#define AICERT_CERT_CODE_H

#include <stddef.h>

/* What is signed: these 22 bytes (the text and its NUL), then the payload. */
#define CERT_CODE_DOMAIN	"aicert-certificate-v1"
#define CERT_CODE_DOMAIN_LEN	22
#define CERT_CODE_VERSION	1
#define CERT_CODE_SIG_LEN	64
/* The longest payload (every text field at its limit) and code. */
#define CERT_CODE_MAX_PAYLOAD	(1 + 8 + 1 + 63 + 1 + 255 + 1 + 255 + 1 + 64 + 2 + 1 + 4 + 4)
#define CERT_CODE_MAX_LEN	(((CERT_CODE_MAX_PAYLOAD + CERT_CODE_SIG_LEN) * 8 + 4) / 5)

struct cert_claims {
	char serial[64];	/* 1..63 bytes UTF-8, no spaces or controls */
	char holder[256];	/* 1..255 bytes UTF-8, no controls */
	char holder_alt[256];	/* 0..255 bytes ("" if none), as holder */
	char exam[65];		/* exam id, 1..64 printable ASCII, no spaces */
	unsigned score_bp;	/* percent x 100, 0..10000 */
	int passed;
	long issued_day;	/* days since 1970-01-01 UTC, 0..2^32-1 */
	long expires_day;	/* the last valid day; 0 = never */
	unsigned char key_id[8];	/* first 8 bytes of SHA-256 of the public key */
};

/* The code for c signed with sk (libsodium 64-byte secret key); the key
 * id is taken from c. Returns a malloc'd NUL-terminated upper-case
 * base32 string (caller frees), or NULL if a field is empty where it may
 * not be, too long, not valid UTF-8, holds a control character, or a
 * number is out of range. */
char *cert_code_make(const struct cert_claims *c, const unsigned char sk[64]);

/* Parses a code, or a URL holding one, into c without checking the
 * signature. Either case is accepted; surrounding white space is
 * ignored; in a URL everything up to and including the last "/v/" or
 * "/V/" is dropped, and so is a query or fragment. Returns 0 if the code
 * is well-formed, else -1 with *why (may be NULL) set to the catalog key
 * of the reason ("code_too_short"; i18n_get words it). */
int cert_code_parse(const char *code_or_url, struct cert_claims *c,
    const char **why);

/* Parses as cert_code_parse and checks the signature with pk. Returns 1
 * if valid, 0 if not (tampered, signed with another key, malformed). c
 * (may be NULL) is filled whenever the code is well-formed, valid or not:
 * its claims are trustworthy only when 1 is returned. */
int cert_code_verify(const char *code_or_url, const unsigned char pk[32],
    struct cert_claims *c);

/* The bytes a code carries (payload then signature) into out, their
 * number in *len, and the payload length in *payload_len. 0, or -1 (with
 * *why) as cert_code_parse. */
int cert_code_bytes(const char *code_or_url, unsigned char *out, size_t outlen,
    size_t *len, size_t *payload_len, const char **why);

/* 1 if s[0..n) may be a text field of a code: UTF-8 without C0, DEL or
 * C1 controls, and without spaces if nospace (as a serial). */
int cert_code_text_ok(const char *s, size_t n, int nospace);

/* RFC 4648 base32, upper case, no padding: encodes n bytes into out
 * (needs (n * 8 + 4) / 5 + 1 bytes, NUL-terminated). Returns the length
 * written, or 0 if out is too small (and n > 0). */
size_t cert_code_base32_encode(const unsigned char *in, size_t n, char *out,
    size_t outlen);

/* Decodes len characters of unpadded base32 (either case) into out.
 * Returns the number of bytes, or -1 if a character is outside the
 * alphabet, the length is impossible, the unused low bits of the last
 * character are not zero (so each code has one spelling per case), or
 * out is too small. */
long cert_code_base32_decode(const char *in, size_t len, unsigned char *out,
    size_t outlen);

/* The printed check code: what a person types beside the serial when there
 * is no QR to scan (docs/certificate-format.md). The first 40 bits of
 * SHA-256 over these 16 bytes (the text and its NUL) and the code in upper
 * case, as 8 Crockford base32 characters, written XXXX-XXXX. */
#define CERT_CHECK_DOMAIN	"aicert-check-v1"
#define CERT_CHECK_DOMAIN_LEN	16
#define CERT_CHECK_LEN		9	/* "XXXX-XXXX" */

/* The check code of code (the code string as in the QR; either case) into
 * out, NUL-terminated. 0, or -1 if code is empty. */
int cert_check_code(const char *code, char out[CERT_CHECK_LEN + 1]);

/* What a person typed as a check code, read back into its printed form in
 * out: case folded, I and L read as 1, O as 0, spaces and hyphens (ASCII
 * or full-width, as the full-width letters and digits) ignored. 0, or -1
 * if what remains is not 8 characters of the alphabet. */
int cert_check_code_read(const char *typed, char out[CERT_CHECK_LEN + 1]);

#endif
