/*
 * ob3.c - Open Badges 3.0 credentials as RDF, their eddsa-rdfc-2022
 * proofs and the status bitstring; see ob3.h. Depends on rdfc.c (the
 * canonical form), libsodium (SHA-256, Ed25519), zlib (GZIP), jansson
 * and timefmt.c.
 *
 * The term table below is what the two contexts (VC 2.0 and OB 3.0.3)
 * make of each term where aicert writes it; the tests compare the result
 * with jsonld.js byte for byte.
 */
#include "ob3.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "rdfc.h"
#include "timefmt.h"

#define VC   "https://www.w3.org/2018/credentials#"
#define OB   "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
#define SDO  "https://schema.org/"
#define ST   "https://www.w3.org/ns/credentials/status#"
#define SEC  "https://w3id.org/security#"
#define XSD  "http://www.w3.org/2001/XMLSchema#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

enum tkind {
	T_ID,		/* the node's IRI */
	T_TYPE,		/* rdf:type, names from type_iri */
	T_STR,		/* a string literal */
	T_DT,		/* a string literal of datatype dt */
	T_BOOL,		/* true / false, of datatype dt */
	T_NODE,		/* a nested object: a node */
	T_IRI,		/* a string that is an IRI */
	T_VOCAB,	/* a term naming an IRI: iri followed by the value */
};

struct term {
	const char *path, *key;
	enum tkind kind;
	const char *iri, *dt;
};

/* Where each term may appear ("" is the document; a nested object's path
 * names the keys leading to it) and what it means there. */
static const struct term cred_terms[] = {
	{ "", "id", T_ID, NULL, NULL },
	{ "", "type", T_TYPE, NULL, NULL },
	{ "", "name", T_STR, SDO "name", NULL },
	{ "", "description", T_STR, SDO "description", NULL },
	{ "", "issuer", T_NODE, VC "issuer", NULL },
	{ "", "validFrom", T_DT, VC "validFrom", XSD "dateTime" },
	{ "", "validUntil", T_DT, VC "validUntil", XSD "dateTime" },
	{ "", "credentialSubject", T_NODE, VC "credentialSubject", NULL },
	{ "", "credentialStatus", T_NODE, VC "credentialStatus", NULL },
	{ "issuer", "id", T_ID, NULL, NULL },
	{ "issuer", "type", T_TYPE, NULL, NULL },
	{ "issuer", "name", T_STR, SDO "name", NULL },
	{ "credentialSubject", "type", T_TYPE, NULL, NULL },
	{ "credentialSubject", "identifier", T_NODE, OB "identifier", NULL },
	{ "credentialSubject", "achievement", T_NODE, OB "achievement", NULL },
	{ "credentialSubject", "result", T_NODE, OB "result", NULL },
	{ "credentialSubject.identifier", "type", T_TYPE, NULL, NULL },
	{ "credentialSubject.identifier", "hashed", T_BOOL, OB "hashed",
	    "https://www.w3.org/2001/XMLSchema#boolean" },
	{ "credentialSubject.identifier", "identityHash", T_STR, OB "identityHash", NULL },
	{ "credentialSubject.identifier", "identityType", T_STR, OB "identityType", NULL },
	{ "credentialSubject.achievement", "id", T_ID, NULL, NULL },
	{ "credentialSubject.achievement", "type", T_TYPE, NULL, NULL },
	{ "credentialSubject.achievement", "name", T_STR, SDO "name", NULL },
	{ "credentialSubject.achievement", "description", T_STR, SDO "description", NULL },
	{ "credentialSubject.achievement", "criteria", T_NODE, OB "Criteria", NULL },
	{ "credentialSubject.achievement", "achievementType", T_STR, OB "achievementType", NULL },
	{ "credentialSubject.achievement", "resultDescription", T_NODE, OB "resultDescription", NULL },
	{ "credentialSubject.achievement.criteria", "narrative", T_STR, OB "narrative", NULL },
	{ "credentialSubject.achievement", "alignment", T_NODE, OB "alignment", NULL },
	{ "credentialSubject.achievement.alignment", "type", T_TYPE, NULL, NULL },
	{ "credentialSubject.achievement.alignment", "targetName", T_STR, SDO "targetName", NULL },
	{ "credentialSubject.achievement.alignment", "targetCode", T_STR, OB "targetCode", NULL },
	{ "credentialSubject.achievement.alignment", "targetFramework", T_STR,
	    SDO "targetFramework", NULL },
	{ "credentialSubject.achievement.alignment", "targetType", T_STR, OB "targetType", NULL },
	{ "credentialSubject.achievement.alignment", "targetUrl", T_DT, SDO "targetUrl",
	    XSD "anyURI" },
	{ "credentialSubject.achievement.resultDescription", "id", T_ID, NULL, NULL },
	{ "credentialSubject.achievement.resultDescription", "type", T_TYPE, NULL, NULL },
	{ "credentialSubject.achievement.resultDescription", "name", T_STR, SDO "name", NULL },
	{ "credentialSubject.achievement.resultDescription", "resultType", T_STR, OB "resultType", NULL },
	{ "credentialSubject.achievement.resultDescription", "valueMin", T_STR, OB "valueMin", NULL },
	{ "credentialSubject.achievement.resultDescription", "valueMax", T_STR, OB "valueMax", NULL },
	{ "credentialSubject.achievement.resultDescription", "requiredValue", T_STR, OB "requiredValue", NULL },
	{ "credentialSubject.result", "type", T_TYPE, NULL, NULL },
	{ "credentialSubject.result", "resultDescription", T_DT, OB "resultDescription",
	    "https://www.w3.org/2001/XMLSchema#anyURI" },
	{ "credentialSubject.result", "value", T_STR, SDO "value", NULL },
	{ "credentialStatus", "id", T_ID, NULL, NULL },
	{ "credentialStatus", "type", T_TYPE, NULL, NULL },
	{ "credentialStatus", "statusPurpose", T_STR, ST "statusPurpose", NULL },
	{ "credentialStatus", "statusListIndex", T_STR, ST "statusListIndex", NULL },
	{ "credentialStatus", "statusListCredential", T_IRI, ST "statusListCredential", NULL },
	{ NULL, NULL, 0, NULL, NULL },
};

static const struct term status_terms[] = {
	{ "", "id", T_ID, NULL, NULL },
	{ "", "type", T_TYPE, NULL, NULL },
	{ "", "issuer", T_IRI, VC "issuer", NULL },
	{ "", "validFrom", T_DT, VC "validFrom", XSD "dateTime" },
	{ "", "validUntil", T_DT, VC "validUntil", XSD "dateTime" },
	{ "", "credentialSubject", T_NODE, VC "credentialSubject", NULL },
	{ "credentialSubject", "id", T_ID, NULL, NULL },
	{ "credentialSubject", "type", T_TYPE, NULL, NULL },
	{ "credentialSubject", "statusPurpose", T_STR, ST "statusPurpose", NULL },
	{ "credentialSubject", "encodedList", T_DT, ST "encodedList", SEC "multibase" },
	{ NULL, NULL, 0, NULL, NULL },
};

/* The proof options: the proof without its value (any document's). */
static const struct term proof_terms[] = {
	{ "", "type", T_TYPE, NULL, NULL },
	{ "", "cryptosuite", T_DT, SEC "cryptosuite", SEC "cryptosuiteString" },
	{ "", "created", T_DT, "http://purl.org/dc/terms/created", XSD "dateTime" },
	{ "", "verificationMethod", T_IRI, SEC "verificationMethod", NULL },
	{ "", "proofPurpose", T_VOCAB, SEC "proofPurpose", SEC },
	{ NULL, NULL, 0, NULL, NULL },
};

static const struct {
	const char *name, *iri;
} type_iris[] = {
	{ "VerifiableCredential", VC "VerifiableCredential" },
	{ "OpenBadgeCredential", OB "OpenBadgeCredential" },
	{ "Profile", OB "Profile" },
	{ "AchievementSubject", OB "AchievementSubject" },
	{ "IdentityObject", OB "IdentityObject" },
	{ "Achievement", OB "Achievement" },
	{ "ResultDescription", OB "ResultDescription" },
	{ "Result", OB "Result" },
	{ "BitstringStatusListEntry", ST "BitstringStatusListEntry" },
	{ "BitstringStatusListCredential", ST "BitstringStatusListCredential" },
	{ "BitstringStatusList", ST "BitstringStatusList" },
	{ "DataIntegrityProof", SEC "DataIntegrityProof" },
	{ "Alignment", SDO "AlignmentObject" },
};

struct walk {
	struct rdfc_graph g;
	const struct term *terms;
	const char *why;
};

static const struct term *
term_find(const struct term *t, const char *path, const char *key)
{
	for (; t->key != NULL; t++)
		if (strcmp(t->path, path) == 0 && strcmp(t->key, key) == 0)
			return t;
	return NULL;
}

static const char *
type_find(const char *name)
{
	for (size_t i = 0; i < sizeof type_iris / sizeof *type_iris; i++)
		if (strcmp(type_iris[i].name, name) == 0)
			return type_iris[i].iri;
	return NULL;
}

static int node(struct walk *w, json_t *obj, const char *path, struct rdfc_term *self);

/* One value v of term t of subject s (an array's items one by one). */
static int
value(struct walk *w, const struct term *t, const char *path, struct rdfc_term s, json_t *v)
{
	const char *str = json_string_value(v), *iri;
	struct rdfc_term o;

	if (json_is_array(v) && t->kind != T_ID) {
		size_t i;
		json_t *x;

		json_array_foreach(v, i, x) {
			if (json_is_array(x))
				return w->why = "an array inside an array", -1;
			if (value(w, t, path, s, x) != 0)
				return -1;
		}
		return 0;
	}
	switch (t->kind) {
	case T_TYPE:
		if (str == NULL || (iri = type_find(str)) == NULL)
			return w->why = "a type aicert does not write", -1;
		rdfc_add(&w->g, s, RDF_TYPE, rdfc_iri(iri));
		return 0;
	case T_STR:
	case T_DT:
		if (str == NULL)
			return w->why = "a value that should be a string is not", -1;
		rdfc_add(&w->g, s, t->iri, rdfc_literal(str, t->dt));
		return 0;
	case T_BOOL:
		if (!json_is_boolean(v))
			return w->why = "a value that should be true or false is not", -1;
		rdfc_add(&w->g, s, t->iri, rdfc_literal(json_is_true(v) ? "true" : "false", t->dt));
		return 0;
	case T_IRI:
		if (str == NULL || !rdfc_iri_ok(str))
			return w->why = "a link that is not an absolute URL", -1;
		rdfc_add(&w->g, s, t->iri, rdfc_iri(str));
		return 0;
	case T_VOCAB:
		if (str == NULL || strcmp(str, "assertionMethod") != 0)
			return w->why = "a proof purpose other than assertionMethod", -1;
		rdfc_add(&w->g, s, t->iri, rdfc_iri(arena_printf(w->g.a, "%s%s", t->dt, str)));
		return 0;
	case T_NODE: {
		char *sub = arena_printf(w->g.a, "%s%s%s", path, *path ? "." : "", t->key);

		if (!json_is_object(v))
			return w->why = "a value that should be an object is not", -1;
		if (node(w, v, sub, &o) != 0)
			return -1;
		rdfc_add(&w->g, s, t->iri, o);
		return 0;
	}
	case T_ID:
		break;
	}
	return w->why = "an unexpected value", -1;
}

/* The quads of obj found at path; *self is its IRI or a new blank node. */
static int
node(struct walk *w, json_t *obj, const char *path, struct rdfc_term *self)
{
	json_t *id = json_object_get(obj, "id"), *v;
	const struct term *t;
	const char *key;

	if (id != NULL) {
		if (term_find(w->terms, path, "id") == NULL)
			return w->why = "an id where aicert writes none", -1;
		if (!json_is_string(id) || !rdfc_iri_ok(json_string_value(id)))
			return w->why = "an id that is not an absolute URL", -1;
		*self = rdfc_iri(arena_strdup(w->g.a, json_string_value(id)));
	} else
		*self = rdfc_blank(&w->g);
	json_object_foreach(obj, key, v) {
		if (*path == '\0' && (strcmp(key, "@context") == 0 || strcmp(key, "proof") == 0))
			continue;
		if ((t = term_find(w->terms, path, key)) == NULL)
			return w->why = "a term aicert does not write", -1;
		if (t->kind != T_ID && value(w, t, path, *self, v) != 0)
			return -1;
	}
	return 0;
}

/* Whether ctx is the @context of kind: exactly the contexts aicert uses. */
static int
context_ok(json_t *ctx, enum ob3_kind kind)
{
	size_t n = kind == OB3_CREDENTIAL ? 2 : 1;

	return json_is_array(ctx) && json_array_size(ctx) == n &&
	    json_is_string(json_array_get(ctx, 0)) &&
	    strcmp(json_string_value(json_array_get(ctx, 0)), OB3_CTX_VC) == 0 &&
	    (n == 1 || (json_is_string(json_array_get(ctx, 1)) &&
	    strcmp(json_string_value(json_array_get(ctx, 1)), OB3_CTX_OB) == 0));
}

static char *
canon_with(struct arena *a, json_t *doc, const struct term *terms, const char **why)
{
	struct walk w;
	struct rdfc_term self;
	char *out;

	memset(&w, 0, sizeof w);
	rdfc_init(&w.g, a);
	w.terms = terms;
	if (!json_is_object(doc) || node(&w, doc, "", &self) != 0) {
		*why = w.why ? w.why : "not a JSON object";
		return NULL;
	}
	if ((out = rdfc_canonize(&w.g)) == NULL)
		*why = "its parts are too alike to put in canonical order";
	return out;
}

char *
ob3_canon(struct arena *a, json_t *doc, enum ob3_kind kind, const char **why)
{
	if (!context_ok(json_object_get(doc, "@context"), kind)) {
		*why = "not the @context of an aicert credential";
		return NULL;
	}
	return canon_with(a, doc, kind == OB3_CREDENTIAL ? cred_terms : status_terms, why);
}

/* SHA-256(canonical proof options) || SHA-256(canonical document). */
static int
hash_data(struct arena *a, json_t *doc, json_t *options, enum ob3_kind kind,
    unsigned char out[64], const char **why)
{
	char *cd, *co;

	if ((cd = ob3_canon(a, doc, kind, why)) == NULL ||
	    (co = canon_with(a, options, proof_terms, why)) == NULL)
		return -1;
	crypto_hash_sha256(out, (const unsigned char *)co, strlen(co));
	crypto_hash_sha256(out + 32, (const unsigned char *)cd, strlen(cd));
	return 0;
}

static const char b58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

char *
ob3_base58btc(struct arena *a, const unsigned char *b, size_t n)
{
	size_t zeros = 0, size = n * 138 / 100 + 1, len = 0;
	unsigned char *digits = arena_alloc(a, size);
	char *out;

	memset(digits, 0, size);
	while (zeros < n && b[zeros] == 0)
		zeros++;
	for (size_t i = zeros; i < n; i++) {
		unsigned carry = b[i];
		size_t j = 0;

		for (; j < len || carry; j++) {
			carry += 256u * digits[j];
			digits[j] = (unsigned char)(carry % 58);
			carry /= 58;
		}
		len = j;
	}
	out = arena_alloc(a, 2 + zeros + len);
	out[0] = 'z';
	memset(out + 1, '1', zeros);
	for (size_t i = 0; i < len; i++)
		out[1 + zeros + i] = b58[digits[len - 1 - i]];
	out[1 + zeros + len] = '\0';
	return out;
}

/* Decodes "z..." into exactly n bytes. 0 or -1. */
static int
base58btc_decode(const char *s, unsigned char *out, size_t n)
{
	unsigned char buf[128];
	size_t len = 0, zeros = 0;

	if (s == NULL || *s++ != 'z' || strlen(s) > 120)
		return -1;
	memset(buf, 0, sizeof buf);
	while (s[zeros] == '1')
		zeros++;
	for (const char *p = s + zeros; *p; p++) {
		const char *d = strchr(b58, *p);
		unsigned carry;
		size_t j = 0;

		if (d == NULL || *p == '\0')
			return -1;
		carry = (unsigned)(d - b58);
		for (; j < len || carry; j++) {
			if (j == sizeof buf)
				return -1;
			carry += 58u * buf[j];
			buf[j] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
		len = j;
	}
	if (zeros + len != n)
		return -1;
	memset(out, 0, zeros);
	for (size_t i = 0; i < len; i++)
		out[zeros + i] = buf[len - 1 - i];
	return 0;
}

/* The proof options of a proof: its terms but the value, with ctx. */
static json_t *
proof_options(json_t *proof, json_t *ctx)
{
	json_t *o = json_deep_copy(proof);

	json_object_del(o, "proofValue");
	json_object_set(o, "@context", ctx);
	return o;
}

int
ob3_sign(json_t *doc, enum ob3_kind kind, const unsigned char sk[64],
    const char *vm, long long created, const char **why)
{
	struct arena *a = arena_new();
	char when[TIMEFMT_UTC_LEN + 1];
	unsigned char data[64], sig[64];
	json_t *proof, *opts;
	int rc = -1;

	json_object_del(doc, "proof");
	if (timefmt_utc(created, when) != 0) {
		*why = "a time out of range";
		goto done;
	}
	proof = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
	    "cryptosuite", "eddsa-rdfc-2022", "created", when, "verificationMethod", vm,
	    "proofPurpose", "assertionMethod");
	opts = proof_options(proof, json_object_get(doc, "@context"));
	if (hash_data(a, doc, opts, kind, data, why) == 0) {
		crypto_sign_detached(sig, NULL, data, sizeof data, sk);
		json_object_set_new(proof, "proofValue", json_string(ob3_base58btc(a, sig,
		    sizeof sig)));
		/* An array: OB 3.0's schema wants a proof set. */
		json_object_set_new(doc, "proof", json_pack("[O]", proof));
		rc = 0;
	}
	json_decref(opts);
	json_decref(proof);
done:
	arena_free(a);
	return rc;
}

/* doc's proof when it has the form aicert signs: exactly these members. */
static json_t *
proof_of(json_t *doc, const char **why)
{
	static const char *const keys[] = { "type", "cryptosuite", "created",
	    "verificationMethod", "proofPurpose", "proofValue" };
	json_t *p = json_object_get(doc, "proof");
	long long t;

	if (json_is_array(p) && json_array_size(p) == 1)
		p = json_array_get(p, 0);

	if (!json_is_object(p) || json_object_size(p) != 6) {
		*why = "no proof of the form aicert signs";
		return NULL;
	}
	for (size_t i = 0; i < 6; i++)
		if (!json_is_string(json_object_get(p, keys[i]))) {
			*why = "no proof of the form aicert signs";
			return NULL;
		}
	if (strcmp(json_string_value(json_object_get(p, "type")), "DataIntegrityProof") != 0 ||
	    strcmp(json_string_value(json_object_get(p, "cryptosuite")), "eddsa-rdfc-2022") != 0) {
		*why = "not an eddsa-rdfc-2022 proof";
		return NULL;
	}
	if (strlen(json_string_value(json_object_get(p, "created"))) != TIMEFMT_UTC_LEN ||
	    timefmt_utc_parse(json_string_value(json_object_get(p, "created")), &t) != 0) {
		*why = "a proof creation time aicert does not write";
		return NULL;
	}
	return p;
}

int
ob3_proof_key_id(json_t *doc, char id[17], const char **why)
{
	json_t *p = proof_of(doc, why), *iss = json_object_get(doc, "issuer");
	const char *vm, *issuer = json_is_object(iss) ? json_string_value(json_object_get(iss,
	    "id")) : json_string_value(iss), *h;
	size_t il;

	if (p == NULL)
		return -1;
	vm = json_string_value(json_object_get(p, "verificationMethod"));
	if (issuer == NULL || (il = strlen(issuer)) == 0 || strncmp(vm, issuer, il) != 0 ||
	    strncmp(vm + il, "#key-", 5) != 0 || strlen(h = vm + il + 5) != 16 ||
	    strspn(h, "0123456789abcdef") != 16) {
		*why = "the proof's key is not one of the issuer's";
		return -1;
	}
	memcpy(id, h, 17);
	return 0;
}

int
ob3_proof_check(json_t *doc, enum ob3_kind kind, const unsigned char pk[32],
    const char **why)
{
	struct arena *a = arena_new();
	json_t *p = proof_of(doc, why), *opts = NULL, *copy = NULL;
	unsigned char data[64], sig[64];
	int rc = -1;

	if (p == NULL)
		goto done;
	if (base58btc_decode(json_string_value(json_object_get(p, "proofValue")), sig,
	    sizeof sig) != 0) {
		*why = "a proof value that is not a signature";
		goto done;
	}
	opts = proof_options(p, json_object_get(doc, "@context"));
	copy = json_copy(doc);
	json_object_del(copy, "proof");
	if (hash_data(a, copy, opts, kind, data, why) != 0)
		goto done;
	if (crypto_sign_verify_detached(sig, data, sizeof data, pk) != 0) {
		*why = "the signature does not match: changed since it was signed, or another key";
		goto done;
	}
	rc = 0;
done:
	json_decref(opts);
	json_decref(copy);
	arena_free(a);
	return rc;
}

char *
ob3_bits_encode(const unsigned char *bits, size_t nbits)
{
	size_t n = (nbits + 7) / 8, cap = compressBound((uLong)n) + 64, b64;
	unsigned char *gz = malloc(cap);
	z_stream z;
	char *out;

	if (gz == NULL)
		abort();
	memset(&z, 0, sizeof z);
	/* windowBits 15 + 16: a GZIP wrapper (time 0: the same bits, the same bytes). */
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (unsigned char *)bits;
	z.avail_in = (uInt)n;
	z.next_out = gz;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	b64 = sodium_base64_ENCODED_LEN(z.total_out, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if ((out = malloc(b64 + 1)) == NULL)
		abort();
	out[0] = 'u';
	sodium_bin2base64(out + 1, b64, gz, z.total_out, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	deflateEnd(&z);
	free(gz);
	return out;
}

int
ob3_bits_decode(const char *enc, unsigned char **bits, size_t *nbits)
{
	size_t len, glen = 0, cap = 16u << 20;
	unsigned char *gz, *out;
	z_stream z;
	int rc;

	*bits = NULL;
	if (enc == NULL || enc[0] != 'u' || (len = strlen(enc + 1)) > (4u << 20))
		return -1;
	if ((gz = malloc(len + 1)) == NULL)
		abort();
	if (sodium_base642bin(gz, len, enc + 1, len, NULL, &glen, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || (out = malloc(cap)) == NULL) {
		free(gz);
		return -1;
	}
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		abort();
	z.next_in = gz;
	z.avail_in = (uInt)glen;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	rc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	free(gz);
	if (rc != Z_STREAM_END) {
		free(out);
		return -1;
	}
	*bits = out;
	*nbits = z.total_out * 8;
	return 0;
}

int
ob3_validity(json_t *doc, long long *from, long long *until)
{
	const char *f = json_string_value(json_object_get(doc, "validFrom"));
	json_t *u = json_object_get(doc, "validUntil");

	*from = *until = 0;
	if (f == NULL || strlen(f) != TIMEFMT_UTC_LEN || timefmt_utc_parse(f, from) != 0)
		return -1;
	if (u != NULL && (!json_is_string(u) || strlen(json_string_value(u)) != TIMEFMT_UTC_LEN ||
	    timefmt_utc_parse(json_string_value(u), until) != 0))
		return -1;
	return 0;
}
