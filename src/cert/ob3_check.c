/*
 * ob3_check.c - checks an aicert Open Badges 3.0 credential: the proof,
 * the status bit when a status list is at hand, the validity dates; see
 * ob3.h. The same rules serve the server (keys from its key set, status
 * from its database) and `aicert verify --credential` (keys and status
 * list from files). Depends on ob3.c and jansson.
 */
#include "ob3.h"

#include <stdlib.h>
#include <string.h>

const char *
ob3_status_name(enum ob3_status st)
{
	switch (st) {
	case OB3_VALID: return "valid";
	case OB3_REVOKED: return "revoked";
	case OB3_EXPIRED: return "expired";
	case OB3_INVALID: break;
	}
	return "invalid";
}

static enum ob3_status
bad(struct ob3_verdict *v, const char *why)
{
	v->status = OB3_INVALID;
	v->why = why;
	return OB3_INVALID;
}

/* The signed document's key, found and checked. 0, or -1 after bad(). */
static int
proof_ok(json_t *doc, enum ob3_kind kind, ob3_key_fn key_fn, void *ctx,
    struct ob3_verdict *v, char kid[17])
{
	unsigned char pk[32];
	const char *why = NULL;

	if (ob3_proof_key_id(doc, kid, &why) != 0)
		return bad(v, why), -1;
	if (!key_fn(ctx, kid, pk))
		return bad(v, "signed with a key that is not in the issuer's key set"), -1;
	if (ob3_proof_check(doc, kind, pk, &why) != 0)
		return bad(v, why), -1;
	return 0;
}

/* The claims a reader is shown, from the checked credential. */
static void
claims(json_t *cred, struct ob3_verdict *v)
{
	json_t *sub = json_object_get(cred, "credentialSubject"), *ids, *ach, *res;

	v->id = json_string_value(json_object_get(cred, "id"));
	v->name = json_string_value(json_object_get(cred, "name"));
	ids = json_object_get(sub, "identifier");
	v->holder = json_string_value(json_object_get(json_array_get(ids, 0), "identityHash"));
	v->holder_alt = json_string_value(json_object_get(json_array_get(ids, 1), "identityHash"));
	ach = json_object_get(sub, "achievement");
	v->exam_id = json_string_value(json_object_get(ach, "id"));
	res = json_array_get(json_object_get(sub, "result"), 0);
	v->score = json_string_value(json_object_get(res, "value"));
}

/* The credential's status entry: index and list URL. 0 or -1. */
static int
status_entry(json_t *cred, struct ob3_verdict *v)
{
	json_t *e = json_object_get(cred, "credentialStatus");
	const char *idx = json_string_value(json_object_get(e, "statusListIndex"));
	char *end;

	v->status_url = json_string_value(json_object_get(e, "statusListCredential"));
	if (!json_is_object(e) || idx == NULL || v->status_url == NULL ||
	    strcmp(json_string_value(json_object_get(e, "statusPurpose")) ?
	    json_string_value(json_object_get(e, "statusPurpose")) : "", "revocation") != 0 ||
	    idx[0] < '0' || idx[0] > '9' || (idx[0] == '0' && idx[1] != '\0') ||
	    strlen(idx) > 9)
		return -1;
	v->index = strtol(idx, &end, 10);
	return *end == '\0' ? 0 : -1;
}

/* The credential's bit in the list sl (checked here): 1 set, 0 clear, -1
 * after bad(). */
static int
status_bit(json_t *sl, const struct ob3_verdict *cv, ob3_key_fn key_fn, void *ctx,
    long long now, struct ob3_verdict *v)
{
	json_t *sub = json_object_get(sl, "credentialSubject");
	struct ob3_verdict lv;
	long long from, until;
	unsigned char *bits;
	size_t nbits;
	char kid[17];
	int bit;

	memset(&lv, 0, sizeof lv);
	if (proof_ok(sl, OB3_STATUS_LIST, key_fn, ctx, &lv, kid) != 0)
		return bad(v, lv.why), -1;
	if (!json_is_string(json_object_get(sl, "id")) ||
	    strcmp(json_string_value(json_object_get(sl, "id")), cv->status_url) != 0)
		return bad(v, "the status list is not the one the credential names"), -1;
	if (ob3_validity(sl, &from, &until) != 0 || from > now + 300 ||
	    (until != 0 && until < now))
		return bad(v, "the status list is out of date: fetch it again"), -1;
	if (!json_is_string(json_object_get(sub, "statusPurpose")) ||
	    strcmp(json_string_value(json_object_get(sub, "statusPurpose")), "revocation") != 0 ||
	    ob3_bits_decode(json_string_value(json_object_get(sub, "encodedList")), &bits,
	    &nbits) != 0)
		return bad(v, "the status list cannot be read"), -1;
	if ((size_t)cv->index >= nbits) {
		free(bits);
		return bad(v, "the credential's place is beyond the status list"), -1;
	}
	bit = bits[cv->index / 8] >> (7 - cv->index % 8) & 1;
	free(bits);
	return bit;
}

enum ob3_status
ob3_check(json_t *cred, ob3_key_fn key_fn, void *ctx, json_t *status_list,
    long long now, struct ob3_verdict *v)
{
	int bit;

	memset(v, 0, sizeof *v);
	v->index = -1;
	if (!json_is_object(cred))
		return bad(v, "not a JSON object");
	if (proof_ok(cred, OB3_CREDENTIAL, key_fn, ctx, v, v->key_id) != 0)
		return OB3_INVALID;
	claims(cred, v);
	if (status_entry(cred, v) != 0)
		return bad(v, "no revocation status entry aicert writes");
	if (ob3_validity(cred, &v->valid_from, &v->valid_until) != 0)
		return bad(v, "validity dates aicert does not write");
	if (status_list != NULL) {
		if ((bit = status_bit(status_list, v, key_fn, ctx, now, v)) < 0)
			return OB3_INVALID;
		v->status_checked = 1;
		if (bit)
			return v->status = OB3_REVOKED;
	}
	if (v->valid_from > now + 300)
		return bad(v, "not valid yet");
	if (v->valid_until != 0 && v->valid_until < now)
		return v->status = OB3_EXPIRED;
	return v->status = OB3_VALID;
}
