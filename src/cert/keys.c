/*
 * keys.c - the Ed25519 signing key in PEM files; see keys.h. Depends on
 * libsodium.
 */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

/* DER prefixes of RFC 8410 structures, followed by the 32 key bytes. */
static const unsigned char spki_prefix[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
};
static const unsigned char pkcs8_prefix[16] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
	0x04, 0x22, 0x04, 0x20
};

char *
keys_path(const char *db_path)
{
	size_t n;
	char *p;

	/* A PostgreSQL store has no file to sit beside: $AICERT_KEY, else
	 * var/aicert.key (every node of a cluster is given the same key). */
	if (store_is_pg(db_path)) {
		const char *k = getenv("AICERT_KEY");

		if ((p = strdup(k && *k ? k : "var/aicert.key")) == NULL)
			abort();
		return p;
	}
	n = strlen(db_path);
	if ((p = malloc(n + 5)) == NULL)
		abort();
	memcpy(p, db_path, n + 1);
	if (n > 3 && strcmp(p + n - 3, ".db") == 0)
		p[n - 3] = '\0';
	strcat(p, ".key");
	return p;
}

static void
pem(const char *label, const unsigned char *prefix, size_t plen,
    const unsigned char key[32], char *out, size_t outlen)
{
	unsigned char der[48];
	char b64[80];

	memcpy(der, prefix, plen);
	memcpy(der + plen, key, 32);
	sodium_bin2base64(b64, sizeof b64, der, plen + 32,
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, outlen, "-----BEGIN %s-----\n%s\n-----END %s-----\n",
	    label, b64, label);
}

void
keys_public_pem(const unsigned char pk[32], char *out, size_t outlen)
{
	pem("PUBLIC KEY", spki_prefix, sizeof spki_prefix, pk, out, outlen);
}

void
keys_id(const unsigned char pk[32], char out[KEY_ID_LEN + 1])
{
	unsigned char h[32];

	crypto_hash_sha256(h, pk, 32);
	sodium_bin2hex(out, KEY_ID_LEN + 1, h, KEY_ID_LEN / 2);
}

int
keys_create(const char *path, struct signing_key *k)
{
	char text[256];
	unsigned char seed[32];
	int fd;
	size_t len;

	randombytes_buf(seed, sizeof seed);
	crypto_sign_seed_keypair(k->pk, k->sk, seed);
	keys_id(k->pk, k->id);
	pem("PRIVATE KEY", pkcs8_prefix, sizeof pkcs8_prefix, seed, text, sizeof text);
	sodium_memzero(seed, sizeof seed);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "aicert: cannot create signing key %s: %s\n",
		    path, strerror(errno));
		return -1;
	}
	len = strlen(text);
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		fprintf(stderr, "aicert: cannot write %s: %s\n", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	sodium_memzero(text, sizeof text);
	return 0;
}

int
keys_load(const char *path, struct signing_key *k)
{
	char text[512], b64[128];
	unsigned char der[64];
	const char *begin, *end;
	size_t n, derlen = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "aicert: cannot read signing key %s: %s\n",
		    path, strerror(errno));
		return -1;
	}
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	begin = strstr(text, "-----BEGIN PRIVATE KEY-----");
	end = strstr(text, "-----END PRIVATE KEY-----");
	if (begin == NULL || end == NULL || end < begin)
		goto bad;
	begin += strlen("-----BEGIN PRIVATE KEY-----");
	n = (size_t)(end - begin);
	if (n >= sizeof b64)
		goto bad;
	memcpy(b64, begin, n);
	b64[n] = '\0';
	if (sodium_base642bin(der, sizeof der, b64, n, " \r\n\t", &derlen, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || derlen != 48 ||
	    memcmp(der, pkcs8_prefix, sizeof pkcs8_prefix) != 0)
		goto bad;
	crypto_sign_seed_keypair(k->pk, k->sk, der + 16);
	keys_id(k->pk, k->id);
	sodium_memzero(der, sizeof der);
	sodium_memzero(text, sizeof text);
	return 0;
bad:
	fprintf(stderr, "aicert: %s is not an Ed25519 PKCS#8 PEM private key\n", path);
	return -1;
}

int
keys_parse_public_pem(const char **text, unsigned char pk[32])
{
	static const char begin[] = "-----BEGIN PUBLIC KEY-----";
	static const char end[] = "-----END PUBLIC KEY-----";
	const char *b = strstr(*text, begin), *e;
	unsigned char der[64];
	size_t derlen = 0;

	if (b == NULL || (e = strstr(b, end)) == NULL)
		return -1;
	*text = e + sizeof end - 1;
	b += sizeof begin - 1;
	if (sodium_base642bin(der, sizeof der, b, (size_t)(e - b), " \r\n\t", &derlen,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || derlen != 44 ||
	    memcmp(der, spki_prefix, sizeof spki_prefix) != 0)
		return -1;
	memcpy(pk, der + sizeof spki_prefix, 32);
	return 0;
}
