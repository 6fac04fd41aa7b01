/*
 * ob3.h - Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0)
 * and the Bitstring Status List credential, with embedded Data Integrity
 * proofs of the eddsa-rdfc-2022 cryptosuite: reading aicert's documents
 * as RDF, signing and checking proofs, and the status bitstring.
 *
 * aicert writes these documents itself, so it reads them with a table of
 * the exact terms it writes (their IRIs and datatypes as the two JSON-LD
 * contexts define them), by where they appear, instead of a general
 * JSON-LD processor: a document with any other term, context or shape is
 * refused, never half-read. docs/certificate-format.md lists the terms.
 * Pure C: jansson, libsodium, zlib, rdfc.c.
 */
#ifndef AICERT_OB3_H
#define AICERT_OB3_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"

#define OB3_CTX_VC "https://www.w3.org/ns/credentials/v2"
#define OB3_CTX_OB "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
/* The smallest bitstring the Bitstring Status List allows (16 KB). */
#define OB3_STATUS_BITS 131072

enum ob3_kind {
	OB3_CREDENTIAL,		/* an OpenBadgeCredential */
	OB3_STATUS_LIST,	/* a BitstringStatusListCredential */
};

/* The canonical N-Quads (RDFC-1.0) of doc without its "proof", read as
 * kind (from a). NULL with *why (English) when doc is not one of aicert's
 * documents of that kind. */
char *ob3_canon(struct arena *a, json_t *doc, enum ob3_kind kind, const char **why);

/* Adds to doc an eddsa-rdfc-2022 DataIntegrityProof made at created (Unix
 * time) with the secret key sk (libsodium's 64 bytes) named by the URL
 * vm. 0, or -1 with *why when doc cannot be read (ob3_canon). */
int ob3_sign(json_t *doc, enum ob3_kind kind, const unsigned char sk[64],
    const char *vm, long long created, const char **why);

/* The key id (16 hex digits) of doc's proof's verification method, a URL
 * ending in "#key-ID" that starts with the issuer's id followed by "#".
 * 0, or -1 with *why. */
int ob3_proof_key_id(json_t *doc, char id[17], const char **why);

/* Checks doc's proof against the public key pk: its form, then the
 * signature over the canonical document and proof options. 0 valid, or
 * -1 with *why (English). doc is not changed. */
int ob3_proof_check(json_t *doc, enum ob3_kind kind, const unsigned char pk[32],
    const char **why);

/* The encodedList of nbits bits (bits[0]'s most significant bit is bit
 * 0): "u" then the base64url (no padding) of their GZIP. malloc'd. */
char *ob3_bits_encode(const unsigned char *bits, size_t nbits);

/* Decodes an encodedList into *bits (malloc'd, caller frees) and *nbits.
 * 0, or -1 when it is not one (or unpacks to over 16 MB). */
int ob3_bits_decode(const char *enc, unsigned char **bits, size_t *nbits);

/* Multibase base58btc ("z...") of n bytes, from a. */
char *ob3_base58btc(struct arena *a, const unsigned char *b, size_t n);

/* Reads the times of doc's "validFrom" / "validUntil" (strict UTC form,
 * "YYYY-MM-DDTHH:MM:SSZ"): 0 with *from and *until (0 when absent), or -1
 * when present but not in that form or validFrom is missing. */
int ob3_validity(json_t *doc, long long *from, long long *until);

/* ---- checking a credential (ob3_check.c) ---- */

enum ob3_status {
	OB3_VALID,
	OB3_REVOKED,
	OB3_EXPIRED,
	OB3_INVALID,
};

/* Finds the public key with id (16 hex digits) into pk: 1, else 0. */
typedef int (*ob3_key_fn)(void *ctx, const char *id, unsigned char pk[32]);

/* What ob3_check found; strings point into the credential (or are
 * static), valid while it lives. */
struct ob3_verdict {
	enum ob3_status status;
	const char *why;		/* INVALID: why (English); else NULL */
	char key_id[17];
	long long valid_from, valid_until;	/* until 0: none */
	long long index;		/* statusListIndex, -1 when unread */
	const char *id, *holder, *holder_alt, *exam_id, *name, *score;
	const char *status_url;		/* statusListCredential */
	int status_checked;		/* a status list was read */
};

/* Checks an aicert OpenBadgeCredential at time now: its form and proof
 * with the key key_fn finds; with a status list credential (or NULL), that
 * list's own proof (the same keys) and id, and then the credential's bit
 * in it; then the validity dates. Fills *v; returns v->status. */
enum ob3_status ob3_check(json_t *cred, ob3_key_fn key_fn, void *ctx, json_t *status_list,
    long long now, struct ob3_verdict *v);

/* "valid", "revoked", "expired", "invalid". */
const char *ob3_status_name(enum ob3_status st);

#endif
