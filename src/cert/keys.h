/*
 * keys.h - the issuer's Ed25519 signing key.
 *
 * The secret key is a PKCS#8 PEM file beside the database (mode 0600),
 * never inside it; the public key is also kept in settings so that any
 * node can show it. Both PEM forms are what OpenSSL reads, so a third
 * party verifies with standard tools. The key id is the first 8 bytes of
 * the SHA-256 of the raw 32-byte public key, in lower-case hex.
 */
#ifndef AICERT_KEYS_H
#define AICERT_KEYS_H

#include <stddef.h>

#define KEY_ID_LEN 16

struct signing_key {
	unsigned char pk[32];
	unsigned char sk[64];		/* libsodium form: seed || pk */
	char id[KEY_ID_LEN + 1];
};

/* Where the secret key of the database at db_path lives (malloc'd): the
 * path with a trailing ".db" replaced by ".key", else with ".key" added;
 * for a PostgreSQL store, $AICERT_KEY or var/aicert.key. */
char *keys_path(const char *db_path);

/* Creates a new key pair file at path (0600, refusing to overwrite).
 * 0, or -1 with a message on stderr. */
int keys_create(const char *path, struct signing_key *k);

/* Loads the key pair from path. 0, or -1 with a message on stderr. */
int keys_load(const char *path, struct signing_key *k);

/* Writes the PEM SubjectPublicKeyInfo of pk into out (NUL-terminated). */
void keys_public_pem(const unsigned char pk[32], char *out, size_t outlen);

/* Reads the first Ed25519 PEM SubjectPublicKeyInfo block at or after
 * *text into pk; *text moves past it (so a file of several keys can be
 * read in a loop). 0, or -1 when there is no further well-formed block. */
int keys_parse_public_pem(const char **text, unsigned char pk[32]);

/* The key id of pk. */
void keys_id(const unsigned char pk[32], char out[KEY_ID_LEN + 1]);

#endif
