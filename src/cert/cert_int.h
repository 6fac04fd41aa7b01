/*
 * cert_int.h - what the certificate files (cert*.c) share and nobody
 * else calls: the change counter the verification cache keys on,
 * recording why a certificate could not be made, and a key of the key
 * set by id. The public interface is cert.h; this header is private to
 * the certificate module. Depends on the store.
 */
#ifndef AICERT_CERT_INT_H
#define AICERT_CERT_INT_H

#include <stdint.h>

#include "keys.h"
#include "store.h"

/* Clears attempt's recorded failure once its certificate is done (on d,
 * inside the caller's write). 0 or -1. */
int cert_clear_failure(struct db *d, int64_t attempt);

/* Records that attempt's certificate (or its PDF) could not be made, and
 * why (English, kept as the attempt's cert_error): on stderr, on the
 * attempt for trainers to see, and in the audit trail once per reason as
 * "cert.issue_failed". */
void cert_record_failure(struct store *s, int64_t attempt, const char *why);

/* cert_keys.c: the public key with this id from the key set. 1 found, 0
 * not. */
int cert_key_by_id(struct store *s, const char *id, unsigned char pk[32]);

/* cert_trust.c: the key with id kid from the trust list in use. 1 with
 * pk filled and *covers 1 if the list accepts it for a certificate
 * issued on issued_day (days since 1970-01-01), 0 if there is no such
 * key in a current list (*why then a catalog key when the list has
 * expired since it was loaded, else NULL). */
int cert_trust_key(const char *kid, long issued_day, unsigned char pk[32], int *covers,
    const char **why);

/* cert.c: issues (idempotently) the certificate of programme to the
 * learner of attempt_id, the attempt that completed it, showing score_bp,
 * unless the learner holds one in force; cert_issue's answers. */
int cert_issue_programme(struct store *s, const struct signing_key *k, int64_t attempt_id,
    const char *programme, int score_bp, struct arena *a, char **serial);

/* cert_programme.c: the serial of the programme certificate (?1 the
 * programme) that learner ?2 holds in force at ?3 (Unix seconds). */
extern const char cert_programme_held[];

/* cert_programme.c: the learner of attempt, 0 if there is none. */
int64_t cert_attempt_user(struct db *d, int64_t attempt);

#endif
