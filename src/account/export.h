/*
 * export.h - everything aicert holds about one person, as one JSON
 * document: what a learner downloads from their account page.
 *
 * Depends on the store, the attempt and review modules (what an
 * attempt's owner may see under its exam's review policy) and the
 * certificate module.
 */
#ifndef AICERT_EXPORT_H
#define AICERT_EXPORT_H

#include <jansson.h>
#include <stdint.h>

#include "arena.h"
#include "store.h"

/* The export of account user: {"format","exported_at","account",
 * "consents","attempts","certificates","audit","records"}:
 * - account: the users row without the password hash;
 * - attempts: each with its times and score, the items as shown (their
 *   prompts, never a key) and the responses, the integrity events and
 *   proctors' incident notes, and the result as its owner may see it
 *   (keys only under a "with_keys" review policy);
 * - certificates: serial, names, status, code and verification URL
 *   (base_url) without the PDF;
 * - audit: entries the account made, or that name its login, its
 *   attempts or its certificates;
 * - records: every other table whose rows are the person's (a user_id
 *   column, one of their attempts or certificates, or their e-mail
 *   address in a column "to" or "email"): sittings, check-ins, access
 *   codes, sessions and whatever later tables add (an outbox, name
 *   requests), table name to rows, without secrets (columns named
 *   password or holding hash, token or secret) or binary values.
 * A new reference; NULL if there is no such account. Strings from a. */
json_t *export_person(struct store *s, struct arena *a, int64_t user, const char *base_url);

#endif
