/*
 * status_list.h - the signed list of revoked certificates that offline
 * verifiers use.
 *
 * A UTF-8 text document, every line ending in "\n":
 *
 *   aicert-status-list-v1
 *   key-id: 0123456789abcdef
 *   issued: 2026-05-01T08:00:00Z
 *   revoked: SERIAL 2026-04-30T12:00:00Z REASON (rest of the line)
 *   ...
 *   signature: BASE64 (Ed25519 over every byte before this line)
 *
 * Specified in docs/certificate-format.md. Pure C and libsodium.
 */
#ifndef AICERT_STATUS_LIST_H
#define AICERT_STATUS_LIST_H

#include <stddef.h>

#define STATUS_LIST_MAGIC "aicert-status-list-v1"

struct status_entry {
	const char *serial;	/* as in the certificate code: no spaces or controls */
	long long revoked_at;	/* Unix time, seconds */
	const char *reason;	/* one line of UTF-8 without controls; may be "" or NULL */
};

/* The list of the n entries e, issued at now (Unix time), signed with sk
 * (libsodium 64-byte secret key) whose key id is key_id_hex. Returns
 * malloc'd NUL-terminated text (caller frees), or NULL if a serial,
 * reason, time or the key id cannot be written in the format. */
char *status_list_make(const struct status_entry *e, size_t n,
    const unsigned char sk[64], const char key_id_hex[17], long long now);

/* Checks the list text against pk: its format, that its key id is pk's
 * and its signature. Returns -1 if any of these is bad; else 1 if serial
 * is revoked in it (reason copied, NUL-terminated and cut to reasonlen,
 * into reason if not NULL; the time into *revoked_at if not NULL), or 0
 * if serial is not in it. */
int status_list_check(const char *text, const unsigned char pk[32],
    const char *serial, char *reason, size_t reasonlen,
    long long *revoked_at);

/* The key id the list claims (unverified) into out, and its issue time
 * into *issued if not NULL: for choosing the key to check it with. 0, or
 * -1 if the header is malformed. */
int status_list_key_id(const char *text, char out[17], long long *issued);

#endif
