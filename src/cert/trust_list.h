/*
 * trust_list.h - the signed trust list of a federation: the issuers a
 * registry vouches for, each with its names (en, zh-TW), its
 * verification address and its public keys, each key with the period of
 * issue dates it may sign for.
 *
 * The file is a JSON envelope
 *
 *   {"format": "aicert-trust-list-v1", "key_id": REGISTRY KEY ID,
 *    "list": BODY, "signature": BASE64}
 *
 * where BODY is a string holding the list itself as JSON text, and the
 * signature is Ed25519 with the registry's key over the bytes
 * "aicert-trust-list-v1" 0x00 followed by the UTF-8 bytes of BODY.
 * Specified in docs/certificate-format.md, section 7. Pure C, jansson
 * and libsodium (trust_list_load also reads the two files).
 */
#ifndef AICERT_TRUST_LIST_H
#define AICERT_TRUST_LIST_H

#include <stddef.h>

#include "keys.h"

#define TRUST_LIST_FORMAT	"aicert-trust-list-v1"
#define TRUST_LIST_MAX_BYTES	(1024 * 1024)	/* the whole file */
#define TRUST_LIST_MAX_ISSUERS	1000
#define TRUST_LIST_MAX_KEYS	64		/* per issuer */

struct trust_key {
	char id[KEY_ID_LEN + 1];
	unsigned char pk[32];
	long long not_before;		/* Unix seconds */
	long long not_after;		/* Unix seconds; -1: open-ended */
};

struct trust_issuer {
	char *name_en, *name_zh;	/* 1..255 bytes of UTF-8 each */
	char *url;			/* http(s)://..., no trailing slash */
	struct trust_key *keys;
	size_t nkeys;
};

struct trust_list {
	char *registry;			/* the registry's name */
	char key_id[KEY_ID_LEN + 1];	/* the registry key that signed it */
	long long issued_at, expires_at;	/* Unix seconds */
	struct trust_issuer *issuers;
	size_t nissuers;
};

/* Reads the trust list file text[0..len): checks the envelope, that it
 * is signed by one of the registry public keys regs[0..nregs), that it
 * has not expired at now (Unix seconds), and every rule of the body
 * (unknown fields, sizes, key ids that match their keys and appear only
 * once). Returns the list (caller frees with trust_list_free), or NULL
 * with one line saying why in err (no trailing newline). */
struct trust_list *trust_list_read(const char *text, size_t len,
    const unsigned char (*regs)[32], size_t nregs, long long now,
    char *err, size_t errlen);

/* trust_list_read on the file at path, checked with the registry public
 * keys (PEM "PUBLIC KEY" blocks, up to 16) of the file at registry_pem.
 * The list, or NULL with one line in err saying why (an unreadable file,
 * no registry key, or what trust_list_read refuses). */
struct trust_list *trust_list_load(const char *path, const char *registry_pem,
    long long now, char *err, size_t errlen);

void trust_list_free(struct trust_list *l);

/* The listed key with key id kid (16 lower-case hex), its issuer into
 * *iss; NULL when no issuer of l has it. */
const struct trust_key *trust_list_find(const struct trust_list *l, const char *kid,
    const struct trust_issuer **iss);

/* 1 if k may sign a certificate issued on day (days since 1970-01-01,
 * UTC): its period, taken by whole UTC days, includes that day. */
int trust_key_covers(const struct trust_key *k, long day);

/* The file of a list whose body is the JSON text body[0..len), signed
 * with the registry key reg: malloc'd NUL-terminated text (caller
 * frees), or NULL if body holds a NUL byte. */
char *trust_list_sign(const char *body, size_t len, const struct signing_key *reg);

#endif
