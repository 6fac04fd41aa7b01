/*
 * issuer.h - the issuing organisation: its names in both languages, logo
 * and seal images, contact, address, privacy notice and the officer who
 * signs, as an admin sets them once; and the public key encoding
 * (Multikey) its profile publishes.
 *
 * One row of the store (table issuer, images in issuer_images). Pages,
 * the verification page, the certificate and the Open Badges profile all
 * read it through issuer_load. Validation is here, so the API and the
 * console refuse the same things with the same catalog keys.
 */
#ifndef AICERT_ISSUER_H
#define AICERT_ISSUER_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"
#include "store.h"

#define ISSUER_IMAGE_MAX (512 * 1024)	/* bytes */
#define ISSUER_IMAGE_PX 2000		/* the most pixels a side */

enum issuer_change { ISSUER_KEEP, ISSUER_SET, ISSUER_REMOVE };

struct issuer_image {
	const unsigned char *data;	/* NULL: none (or not loaded) */
	size_t len;
	const char *type;		/* "image/png", "image/jpeg"; NULL: none */
	char sha256[65];		/* lower-case hex; "" when none */
	int width, height;
	enum issuer_change change;	/* issuer_save only */
};

/* Every string is set (never NULL; "" when unset) and UTF-8. */
struct issuer {
	const char *legal_en, *legal_zh;	/* required */
	const char *short_name;
	const char *website;		/* http(s) URL or "" */
	const char *email, *phone;
	const char *address;		/* one text, may hold both languages */
	const char *privacy;		/* an http(s) URL or the notice's text */
	const char *officer_en, *officer_zh;		/* signing officer */
	const char *officer_title_en, *officer_title_zh;
	struct issuer_image logo, seal;
};

/* One refused field: its name (as in the API) and a catalog key. */
struct issuer_err {
	const char *field, *key;
};
#define ISSUER_MAX_ERRS 16

/* Loads the issuer into *out (strings and image bytes from a); unset
 * fields get their defaults (the legal names "aicert AI Skills
 * Certification" / "aicert 人工智慧技能認證", others ""). 0, or -1 if
 * the store could not be read (out then holds the defaults). */
int issuer_load(struct store *s, struct arena *a, struct issuer *out);
/* The same without the image bytes (data NULL; type, sha256, width and
 * height set when there is an image): for every page's header. */
int issuer_load_text(struct store *s, struct arena *a, struct issuer *out);

/* One image ("logo" or "seal") with its bytes from a: 1 found, 0 none
 * (or another kind). */
int issuer_image(struct store *s, struct arena *a, const char *kind,
    struct issuer_image *out);

/* Checks in: every field, and the images whose change is ISSUER_SET.
 * Fills errs (at most ISSUER_MAX_ERRS) and returns how many; 0 when
 * all is well. Sets each SET image's type, size and sha256. */
int issuer_check(struct issuer *in, struct issuer_err *errs);

/* Checks in as issuer_check and, when it passes, stores it (images:
 * SET replaces, REMOVE deletes, KEEP leaves) with an audit row
 * "issuer.update" naming the changed fields. Returns the number of
 * errors (nothing stored), 0 when stored, -1 when the store failed. */
int issuer_save(struct store *s, struct issuer *in, struct issuer_err *errs);

/* Sets the two legal names alone (aicert init), leaving the rest. 0 or
 * -1. */
int issuer_set_names(struct store *s, const char *en, const char *zh);

/* Sets the text field named name (its API name: "legal_name_en",
 * "short_name", "officer_title_zh" ...) to value (not copied). 0, or -1
 * when no text field has that name. */
int issuer_set_field(struct issuer *is, const char *name, const char *value);
/* The API names of the text fields, NULL-ended. */
extern const char *const issuer_field_names[];

/* is as the API shows it to an admin: every text field by its API name,
 * and "logo" / "seal" as {"media_type","sha256","width","height",
 * "bytes","url"} or null. A new reference. */
json_t *issuer_fields_json(const struct issuer *is, const char *base_url);

/* How to reach the issuer, as links: [{"href","text"}] for its e-mail
 * (mailto:), phone (tel:), website, and, when privacy_label is not NULL,
 * its privacy notice (the address, or /issuer/privacy for a text) under
 * that label. Strings from a; a new reference. */
json_t *issuer_contact_json(const struct issuer *is, struct arena *a,
    const char *privacy_label);

/* A tel: link for phone (a valid one: issuer_check): "tel:" and its
 * leading + and digits, from a. */
char *issuer_tel(struct arena *a, const char *phone);

/* What an image's bytes are: its media type and size from its header
 * (PNG: the IHDR; JPEG: the first start-of-frame). NULL, or a catalog
 * key: "issuer_image_type" (neither PNG nor JPEG by its magic bytes),
 * "issuer_image_corrupt" (no readable size), "issuer_image_too_big"
 * (past ISSUER_IMAGE_MAX bytes), "issuer_image_too_wide" (a side past
 * ISSUER_IMAGE_PX). */
const char *issuer_image_sniff(const unsigned char *p, size_t n, const char **type,
    int *width, int *height);

/* An Ed25519 public key as a Multikey's publicKeyMultibase: 'z' and the
 * base58btc of the multicodec prefix 0xed 0x01 and the 32 bytes ("z6Mk"
 * and 44 more). out needs ISSUER_MULTIKEY_LEN bytes. */
#define ISSUER_MULTIKEY_LEN 64
void issuer_multikey(const unsigned char pk[32], char out[ISSUER_MULTIKEY_LEN]);

/* The issuer's Open Badges 3.0 Profile, also a controller document for
 * its keys: id base/api/v1/issuer, names, contact, image, and every
 * signing key of the key set as a Multikey "verificationMethod"
 * (id base/api/v1/issuer#key-KEYID), listed in "assertionMethod". A new
 * reference, NULL on failure. */
json_t *issuer_profile_json(struct store *s, const char *base_url);

/* The id of the verification method of key kid: base/api/v1/issuer#key-KID
 * (from a). */
char *issuer_key_ref(struct arena *a, const char *base_url, const char *kid);

#endif
