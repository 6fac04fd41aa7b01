/*
 * consent.h - the issuer's personal-data notice (個資告知) and who has
 * accepted which version of it.
 *
 * The notice is versioned: every save by the admin is a new version,
 * and the newest is the current one. Version 1 is the bundled default
 * (its texts NULL here: the catalogs' "notice_default" in each language).
 * An account that has not accepted the current version is asked again
 * (the consent gate, ui_consent.c). Depends on the store only.
 */
#ifndef AICERT_CONSENT_H
#define AICERT_CONSENT_H

#include <jansson.h>
#include <stdint.h>

#include "arena.h"
#include "store.h"

/* The longest text of one language, in bytes. */
#define CONSENT_TEXT_MAX 20000

struct consent_notice {
	int64_t version;	/* 0: none (a store error) */
	int64_t created_at;	/* Unix seconds */
	char *text_en, *text_zh;	/* NULL: the bundled default */
};

/* The current (newest) notice into n, strings from a. 0 or -1. */
int consent_current(struct store *s, struct arena *a, struct consent_notice *n);
/* Every version, newest first: [{"version","created_at","text_en",
 * "text_zh"}] (texts null for the bundled default). A new reference. */
json_t *consent_versions(struct store *s);
/* 1 if user has accepted the current version, else 0. */
int consent_ok(struct store *s, int64_t user);
/* Records that user accepts version, which must be the current one
 * (else *err "consent_version_stale"); accepting twice is not an error.
 * Audited ("consent.accept", the version). 0, or -1 with *err a
 * catalog key. */
int consent_accept(struct store *s, int64_t user, int64_t version, const char **err);
/* The account's acceptances, oldest first: [{"version","accepted_at"}].
 * A new reference. */
json_t *consent_user(struct store *s, int64_t user);
/* Saves a new version with both texts (each 1..CONSENT_TEXT_MAX bytes
 * of UTF-8 after trimming; else -1 with *err "consent_text_invalid")
 * and sets *version to its number. Every account is asked again.
 * Audited ("consent.publish"). 0 or -1. */
int consent_publish(struct store *s, const char *en, const char *zh, int64_t *version,
    const char **err);

#endif
