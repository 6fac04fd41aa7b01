/*
 * names.h - a person's names as certificates print them: a learner's
 * request to correct them, and the correction by who manages the learner
 * (owner.h), which re-issues the person's valid certificates.
 *
 * A request holds the names as they should be and a note; a learner has
 * at most one open at a time. A correction sets both names, closes the
 * open request, is audited (user.name, with the old and new names and
 * the reason) and re-issues every certificate of the person that is
 * neither revoked nor expired (cert_reissue: the old ones are superseded).
 */
#ifndef AICERT_NAMES_H
#define AICERT_NAMES_H

#include <jansson.h>
#include <stdint.h>

#include "account.h"
#include "cert.h"
#include "store.h"

#define NAMES_NOTE_MAX 1000	/* bytes of a request's note */
#define NAMES_REASON_MAX 300	/* bytes of a correction's reason */

/* Records user's request for the names name and alt (NULL or "": none)
 * with note (may be NULL). 0, or -1 with *err a message key:
 * "name_invalid", "name_alt_invalid", "name_note_invalid",
 * "name_request_open" (one is open already), "name_request_same" (the
 * names are the account's already), "internal_error". Audited
 * (user.name_request). */
int names_request(struct store *s, int64_t user, const char *name, const char *alt,
    const char *note, const char **err);

/* user's open request: {"name","name_alt","note","created_at"} (a new
 * reference), or NULL. */
json_t *names_request_open(struct store *s, int64_t user);

/* The open requests of the learners by manages (every one for an
 * admin), oldest first: [{"login","name","name_alt" (the account's),
 * "requested_name","requested_name_alt","note","created_at"}]. */
json_t *names_requests(struct store *s, const struct user *by);

/* Sets the names of account login to name and alt (NULL: keep the
 * account's; "": none) with reason, for by, who must manage the learner
 * (an admin: any account), then re-issues the person's valid
 * certificates signed with k. Returns 1 corrected, 0 the names were
 * those already (nothing done), -1 with *err a message key:
 * "user_not_found", "learner_not_yours", "name_invalid",
 * "name_alt_invalid", "name_reason_required", "internal_error". On 1,
 * *reissued (may be NULL) gets [{"serial","supersedes"}] (a new
 * reference). */
int names_correct(struct store *s, const struct signing_key *k, const char *login,
    const char *name, const char *alt, const char *reason, const struct user *by,
    json_t **reissued, const char **err);

#endif
