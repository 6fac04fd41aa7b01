/*
 * cert_ob3.h - a certificate as an Open Badges 3.0 credential, the status
 * list credential the server publishes, and checking a credential against
 * this server's key set and database. The credential's form and proof are
 * ob3.h's; this adds the store.
 */
#ifndef AICERT_CERT_OB3_H
#define AICERT_CERT_OB3_H

#include <jansson.h>

#include "cert.h"
#include "ob3.h"

/* The signed OpenBadgeCredential of c (its status-list place read from
 * the store), signed with k, its URLs under base_url. NULL on failure
 * (printed on stderr). Caller decrefs. The same certificate, key and
 * issuer give the same bytes. */
json_t *cert_ob3_credential(struct store *s, const struct signing_key *k,
    const char *base_url, const struct cert *c);

/* The signed BitstringStatusListCredential (JSON text, malloc'd, caller
 * frees) with its ETag (quoted) in etag: made again when a revocation
 * changes the bits or the last one is over 12 hours old (it is valid for
 * 24). NULL on failure. */
char *cert_ob3_status_list(struct store *s, const struct signing_key *k,
    const char *base_url, char etag[24]);

/* Checks a credential on this server: proof against the key set, the
 * certificate's revocation in the database (its status bit), the dates.
 * Returns the verdict as GET /api/v1/verify/{code} gives it (reasons in
 * lang), and its status in *st. Caller decrefs. */
json_t *cert_ob3_check(struct store *s, json_t *cred, const char *lang,
    enum cert_status *st, char serial[64]);

#endif
