/*
 * status_list.c - writes and checks the signed status list of revoked
 * certificates; see status_list.h and docs/certificate-format.md.
 * Depends on libsodium, keys.c (the key id), cert_code.c (what a
 * serial may hold) and timefmt.c (its times).
 */
#include "status_list.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_code.h"
#include "keys.h"
#include "timefmt.h"

#define SIG_B64_LEN 88		/* 64 bytes in padded base64 */

static int
hex_id_ok(const char *s)
{
	for (int i = 0; i < KEY_ID_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

char *
status_list_make(const struct status_entry *e, size_t n,
    const unsigned char sk[64], const char key_id_hex[17], long long now)
{
	char when[21], *out;
	unsigned char sig[64];
	size_t cap, o = 0;

	if (strlen(key_id_hex) != KEY_ID_LEN || !hex_id_ok(key_id_hex) ||
	    timefmt_utc(now, when) != 0)
		return NULL;
	cap = 128 + SIG_B64_LEN;
	for (size_t i = 0; i < n; i++) {
		const char *r = e[i].reason ? e[i].reason : "";
		size_t sl = strlen(e[i].serial);

		if (sl == 0 || sl > 63 || !cert_code_text_ok(e[i].serial, sl, 1) ||
		    !cert_code_text_ok(r, strlen(r), 0) ||
		    timefmt_utc(e[i].revoked_at, when) != 0)
			return NULL;
		cap += 40 + sl + strlen(r);
	}
	if ((out = malloc(cap)) == NULL)
		abort();
	timefmt_utc(now, when);
	o += (size_t)snprintf(out + o, cap - o, "%s\nkey-id: %s\nissued: %s\n",
	    STATUS_LIST_MAGIC, key_id_hex, when);
	for (size_t i = 0; i < n; i++) {
		const char *r = e[i].reason ? e[i].reason : "";

		timefmt_utc(e[i].revoked_at, when);
		o += (size_t)snprintf(out + o, cap - o, "revoked: %s %s%s%s\n",
		    e[i].serial, when, r[0] ? " " : "", r);
	}
	crypto_sign_detached(sig, NULL, (const unsigned char *)out, o, sk);
	o += (size_t)snprintf(out + o, cap - o, "signature: ");
	sodium_bin2base64(out + o, cap - o, sig, sizeof sig,
	    sodium_base64_VARIANT_ORIGINAL);
	o += SIG_B64_LEN;
	out[o++] = '\n';
	out[o] = '\0';
	return out;
}

/* If line p starts with prefix, the rest of it; else NULL. */
static const char *
after(const char *p, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(p, prefix, n) == 0 ? p + n : NULL;
}

int
status_list_key_id(const char *text, char out[17], long long *issued)
{
	const char *p;
	long long t;

	if ((p = after(text, STATUS_LIST_MAGIC "\n")) == NULL ||
	    (p = after(p, "key-id: ")) == NULL ||
	    strnlen(p, KEY_ID_LEN + 1) < KEY_ID_LEN + 1 || !hex_id_ok(p) ||
	    p[KEY_ID_LEN] != '\n')
		return -1;
	memcpy(out, p, KEY_ID_LEN);
	out[KEY_ID_LEN] = '\0';
	p += KEY_ID_LEN + 1;
	if ((p = after(p, "issued: ")) == NULL ||
	    timefmt_utc_parse(p, &t) != 0 || p[TIMEFMT_UTC_LEN] != '\n')
		return -1;
	if (issued != NULL)
		*issued = t;
	return 0;
}

/* Checks one "revoked: " line body at p (ending at nl); 1 if it names
 * serial (filling reason and *at), 0 if another, -1 if malformed. */
static int
revoked_line(const char *p, const char *nl, const char *serial,
    char *reason, size_t reasonlen, long long *at)
{
	const char *sp = memchr(p, ' ', (size_t)(nl - p)), *r;
	size_t sl, rl;
	long long t;

	if (sp == NULL || (sl = (size_t)(sp - p)) == 0 || sl > 63 ||
	    !cert_code_text_ok(p, sl, 1) || nl - (sp + 1) < TIMEFMT_UTC_LEN ||
	    timefmt_utc_parse(sp + 1, &t) != 0)
		return -1;
	r = sp + 1 + TIMEFMT_UTC_LEN;
	if (r < nl && *r++ != ' ')
		return -1;
	rl = (size_t)(nl - r);
	if (!cert_code_text_ok(r, rl, 0))
		return -1;
	if (strlen(serial) != sl || memcmp(p, serial, sl) != 0)
		return 0;
	if (reason != NULL && reasonlen > 0) {
		if (rl >= reasonlen)
			rl = reasonlen - 1;
		memcpy(reason, r, rl);
		reason[rl] = '\0';
	}
	*at = t;
	return 1;
}

int
status_list_check(const char *text, const unsigned char pk[32],
    const char *serial, char *reason, size_t reasonlen,
    long long *revoked_at)
{
	char id[KEY_ID_LEN + 1], want[KEY_ID_LEN + 1];
	unsigned char sig[64];
	const char *p, *nl, *s;
	size_t siglen = 0;
	long long at = 0;
	int found = 0, rc;

	keys_id(pk, want);
	if (status_list_key_id(text, id, NULL) != 0 || strcmp(id, want) != 0)
		return -1;
	/* The three header lines are fixed-length once checked. */
	p = text + strlen(STATUS_LIST_MAGIC "\n") + 8 + KEY_ID_LEN + 1 + 8 +
	    TIMEFMT_UTC_LEN + 1;
	while ((s = after(p, "revoked: ")) != NULL) {
		if ((nl = strchr(s, '\n')) == NULL)
			return -1;
		rc = revoked_line(s, nl, serial, found ? NULL : reason,
		    reasonlen, &at);
		if (rc < 0)
			return -1;
		if (rc == 1 && !found) {
			found = 1;
			if (revoked_at != NULL)
				*revoked_at = at;
		}
		p = nl + 1;
	}
	if ((s = after(p, "signature: ")) == NULL ||
	    strnlen(s, SIG_B64_LEN + 1) < SIG_B64_LEN ||
	    (s[SIG_B64_LEN] != '\0' && strcmp(s + SIG_B64_LEN, "\n") != 0) ||
	    sodium_base642bin(sig, sizeof sig, s, SIG_B64_LEN, NULL, &siglen,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || siglen != sizeof sig ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)text,
	    (unsigned long long)(p - text), pk) != 0)
		return -1;
	return found;
}
