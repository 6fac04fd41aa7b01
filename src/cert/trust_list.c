/*
 * trust_list.c - reads, checks and signs the trust list of a federation;
 * see trust_list.h and docs/certificate-format.md, section 7. Strict on
 * purpose: a field it does not know, a duplicate key id or a key whose
 * id does not match refuses the whole list, so that what a registry
 * signed is exactly what a verifier trusts. Depends on jansson,
 * libsodium, keys.c (PEM, key ids), cert_code.c (what a name may hold)
 * and timefmt.c (times in messages).
 */
#include "trust_list.h"

#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_code.h"
#include "timefmt.h"

#define DOMAIN_LEN (sizeof TRUST_LIST_FORMAT)	/* the text and its NUL */
#define SIG_B64_LEN 88
#define NAME_MAX_BYTES 255
#define URL_MAX_BYTES 255

static int fail(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes the message into err; returns -1. */
static int
fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* 0 if object o has only members named in allowed (NULL-terminated) and
 * every one of them, else -1 with a message naming where. */
static int
members(json_t *o, const char *const *allowed, const char *where, char *err, size_t n)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return fail(err, n, "%s must be a JSON object", where);
	json_object_foreach(o, k, v) {
		size_t i;

		for (i = 0; allowed[i] != NULL && strcmp(allowed[i], k) != 0; i++)
			;
		if (allowed[i] == NULL)
			return fail(err, n, "unknown field \"%.40s\" in %s", k, where);
	}
	for (size_t i = 0; allowed[i] != NULL; i++)
		if (json_object_get(o, allowed[i]) == NULL)
			return fail(err, n, "%s has no \"%s\"", where, allowed[i]);
	return 0;
}

/* The text of string member key of o, 1..max bytes of UTF-8 without
 * control characters, else NULL with a message. */
static const char *
text_member(json_t *o, const char *key, size_t max, const char *where, char *err,
    size_t n)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);

	if (s == NULL || len == 0 || len > max || strlen(s) != len ||
	    !cert_code_text_ok(s, len, 0)) {
		fail(err, n, "%s \"%s\" must be text of 1 to %zu bytes without control "
		    "characters", where, key, max);
		return NULL;
	}
	return s;
}

/* Integer member key of o, 0 or more, into *out; -1 with a message. */
static int
time_member(json_t *o, const char *key, const char *where, long long *out, char *err,
    size_t n)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return fail(err, n, "%s \"%s\" must be a time in Unix seconds (a whole "
		    "number, 0 or more)", where, key);
	*out = (long long)json_integer_value(v);
	return 0;
}

/* 1 if u is an http:// or https:// address aicert can print and link:
 * printable ASCII without spaces, quotes or angle brackets, no trailing
 * slash. */
static int
url_ok(const char *u)
{
	size_t len = strlen(u), skip;

	if (strncmp(u, "https://", 8) == 0)
		skip = 8;
	else if (strncmp(u, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	if (len <= skip || len > URL_MAX_BYTES || u[len - 1] == '/')
		return 0;
	for (const char *p = u; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"'<>\\`", *p) != NULL)
			return 0;
	return 1;
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		abort();
	return d;
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (p == NULL)
		abort();
	return p;
}

/* Reads keys[i] of issuer into k. 0, or -1 with a message. */
static int
key_read(json_t *jk, const char *where, struct trust_key *k, char *err, size_t n)
{
	static const char *const allowed[] = {
		"id", "public_key_pem", "not_before", "not_after", NULL
	};
	const char *id, *pem;
	json_t *na;

	if (members(jk, allowed, where, err, n) != 0)
		return -1;
	id = json_string_value(json_object_get(jk, "id"));
	pem = json_string_value(json_object_get(jk, "public_key_pem"));
	if (pem == NULL || keys_parse_public_pem(&pem, k->pk) != 0 ||
	    strstr(pem, "-----BEGIN") != NULL)
		return fail(err, n, "%s \"public_key_pem\" must be one Ed25519 PEM "
		    "public key", where);
	keys_id(k->pk, k->id);
	if (id == NULL || strcmp(id, k->id) != 0)
		return fail(err, n, "%s says id %.20s but its key's id is %s", where,
		    id ? id : "(not a string)", k->id);
	if (time_member(jk, "not_before", where, &k->not_before, err, n) != 0)
		return -1;
	na = json_object_get(jk, "not_after");
	if (json_is_null(na))
		k->not_after = -1;
	else if (time_member(jk, "not_after", where, &k->not_after, err, n) != 0)
		return fail(err, n, "%s \"not_after\" must be a time in Unix seconds or "
		    "null", where);
	else if (k->not_after < k->not_before)
		return fail(err, n, "%s ends (not_after) before it begins (not_before)", where);
	return 0;
}

/* Reads issuers[i] into is, checking its key ids against those of l
 * read so far (and its own). 0, or -1 with a message. */
static int
issuer_read(json_t *ji, size_t i, struct trust_list *l, struct trust_issuer *is,
    char *err, size_t n)
{
	static const char *const allowed[] = { "name", "url", "keys", NULL };
	static const char *const names[] = { "en", "zh-TW", NULL };
	char where[64], kwhere[96];
	json_t *name, *keys;
	const char *en, *zh, *url;

	snprintf(where, sizeof where, "issuers[%zu]", i);
	if (members(ji, allowed, where, err, n) != 0)
		return -1;
	name = json_object_get(ji, "name");
	snprintf(kwhere, sizeof kwhere, "%s.name", where);
	if (members(name, names, kwhere, err, n) != 0 ||
	    (en = text_member(name, "en", NAME_MAX_BYTES, kwhere, err, n)) == NULL ||
	    (zh = text_member(name, "zh-TW", NAME_MAX_BYTES, kwhere, err, n)) == NULL)
		return -1;
	if ((url = json_string_value(json_object_get(ji, "url"))) == NULL || !url_ok(url))
		return fail(err, n, "%s \"url\" must be an http:// or https:// address of "
		    "at most %d characters, without spaces or a trailing slash", where,
		    URL_MAX_BYTES);
	keys = json_object_get(ji, "keys");
	if (!json_is_array(keys) || json_array_size(keys) == 0 ||
	    json_array_size(keys) > TRUST_LIST_MAX_KEYS)
		return fail(err, n, "%s \"keys\" must be an array of 1 to %d keys", where,
		    TRUST_LIST_MAX_KEYS);
	is->name_en = xstrdup(en);
	is->name_zh = xstrdup(zh);
	is->url = xstrdup(url);
	is->keys = xcalloc(json_array_size(keys), sizeof *is->keys);
	for (size_t j = 0; j < json_array_size(keys); j++) {
		const struct trust_issuer *other;

		snprintf(kwhere, sizeof kwhere, "%s.keys[%zu]", where, j);
		if (key_read(json_array_get(keys, j), kwhere, &is->keys[j], err, n) != 0)
			return -1;
		if (trust_list_find(l, is->keys[j].id, &other) != NULL)
			return fail(err, n, "key id %s appears twice (again in %s)",
			    is->keys[j].id, kwhere);
		for (size_t m = 0; m < is->nkeys; m++)
			if (strcmp(is->keys[m].id, is->keys[j].id) == 0)
				return fail(err, n, "key id %s appears twice (again in %s)",
				    is->keys[j].id, kwhere);
		is->nkeys++;
	}
	return 0;
}

/* Reads the body (JSON text) into l. 0, or -1 with a message. */
static int
body_read(const char *body, size_t len, struct trust_list *l, char *err, size_t n)
{
	static const char *const allowed[] = {
		"registry", "issued_at", "expires_at", "issuers", NULL
	};
	json_error_t jerr;
	json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr), *issuers;
	const char *reg;
	int rc = -1;

	if (doc == NULL)
		return fail(err, n, "the list inside is not JSON (line %d: %s)", jerr.line,
		    jerr.text);
	if (members(doc, allowed, "the list", err, n) != 0 ||
	    (reg = text_member(doc, "registry", NAME_MAX_BYTES, "the list", err, n)) == NULL ||
	    time_member(doc, "issued_at", "the list", &l->issued_at, err, n) != 0 ||
	    time_member(doc, "expires_at", "the list", &l->expires_at, err, n) != 0)
		goto done;
	if (l->expires_at < l->issued_at) {
		fail(err, n, "the list expires (expires_at) before it was issued (issued_at)");
		goto done;
	}
	issuers = json_object_get(doc, "issuers");
	if (!json_is_array(issuers) || json_array_size(issuers) > TRUST_LIST_MAX_ISSUERS) {
		fail(err, n, "\"issuers\" must be an array of at most %d issuers",
		    TRUST_LIST_MAX_ISSUERS);
		goto done;
	}
	l->registry = xstrdup(reg);
	l->issuers = xcalloc(json_array_size(issuers), sizeof *l->issuers);
	for (size_t i = 0; i < json_array_size(issuers); i++) {
		/* Counted first: trust_list_free frees what was read. */
		l->nissuers++;
		if (issuer_read(json_array_get(issuers, i), i, l, &l->issuers[i], err, n) != 0)
			goto done;
	}
	rc = 0;
done:
	json_decref(doc);
	return rc;
}

/* 1 if the signature sig over the domain and body holds with pk. */
static int
sig_ok(const unsigned char sig[64], const char *body, size_t len, const unsigned char pk[32])
{
	unsigned char *msg = malloc(DOMAIN_LEN + len);
	int ok;

	if (msg == NULL)
		abort();
	memcpy(msg, TRUST_LIST_FORMAT, DOMAIN_LEN);	/* with its NUL */
	memcpy(msg + DOMAIN_LEN, body, len);
	ok = crypto_sign_verify_detached(sig, msg, DOMAIN_LEN + len, pk) == 0;
	free(msg);
	return ok;
}

struct trust_list *
trust_list_read(const char *text, size_t len, const unsigned char (*regs)[32],
    size_t nregs, long long now, char *err, size_t errlen)
{
	static const char *const allowed[] = {
		"format", "key_id", "list", "signature", NULL
	};
	struct trust_list *l = NULL;
	json_error_t jerr;
	json_t *env = NULL;
	const char *fmt, *kid, *body, *sig64;
	const unsigned char *pk = NULL;
	unsigned char sig[64];
	size_t siglen = 0, bodylen;
	char id[KEY_ID_LEN + 1], when[21];

	if (len > TRUST_LIST_MAX_BYTES) {
		fail(err, errlen, "it is %zu bytes, more than the %d a trust list may have",
		    len, TRUST_LIST_MAX_BYTES);
		return NULL;
	}
	if ((env = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		fail(err, errlen, "it is not a JSON document (line %d: %s)", jerr.line,
		    jerr.text);
		return NULL;
	}
	if (members(env, allowed, "the trust list", err, errlen) != 0)
		goto bad;
	fmt = json_string_value(json_object_get(env, "format"));
	kid = json_string_value(json_object_get(env, "key_id"));
	body = json_string_value(json_object_get(env, "list"));
	bodylen = json_string_length(json_object_get(env, "list"));
	sig64 = json_string_value(json_object_get(env, "signature"));
	if (fmt == NULL || strcmp(fmt, TRUST_LIST_FORMAT) != 0) {
		fail(err, errlen, "its \"format\" is not \"%s\"", TRUST_LIST_FORMAT);
		goto bad;
	}
	if (kid == NULL || body == NULL || sig64 == NULL || strlen(body) != bodylen) {
		fail(err, errlen, "\"key_id\", \"list\" and \"signature\" must be strings "
		    "(\"list\" without NUL characters)");
		goto bad;
	}
	for (size_t i = 0; i < nregs && pk == NULL; i++) {
		keys_id(regs[i], id);
		if (strcmp(id, kid) == 0)
			pk = regs[i];
	}
	if (pk == NULL) {
		if (nregs > 0)
			keys_id(regs[0], id);
		fail(err, errlen, "it is signed by registry key %.20s, not by the registry "
		    "key given (%s)", kid, nregs > 0 ? id : "none");
		goto bad;
	}
	if (strlen(sig64) != SIG_B64_LEN ||
	    sodium_base642bin(sig, sizeof sig, sig64, SIG_B64_LEN, NULL, &siglen, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || siglen != 64 ||
	    !sig_ok(sig, body, bodylen, pk)) {
		fail(err, errlen, "its signature does not match registry key %s: the list "
		    "was altered or not signed by this registry", kid);
		goto bad;
	}
	l = xcalloc(1, sizeof *l);
	snprintf(l->key_id, sizeof l->key_id, "%s", kid);
	if (body_read(body, bodylen, l, err, errlen) != 0)
		goto bad;
	if (now > l->expires_at) {
		timefmt_utc(l->expires_at, when);
		fail(err, errlen, "it expired at %s: get a current list from the registry",
		    when);
		goto bad;
	}
	json_decref(env);
	return l;
bad:
	json_decref(env);
	trust_list_free(l);
	return NULL;
}

/* The whole file at path, NUL-terminated (malloc'd), its length in *len;
 * NULL if unreadable. At most max + 1 bytes are read: more than max is
 * for the caller to refuse. */
static char *
read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (f == NULL)
		return NULL;
	if ((buf = malloc(max + 2)) == NULL)
		abort();
	*len = fread(buf, 1, max + 1, f);
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

#define MAX_REGISTRY_KEYS 16

struct trust_list *
trust_list_load(const char *path, const char *registry_pem, long long now, char *err,
    size_t errlen)
{
	unsigned char regs[MAX_REGISTRY_KEYS][32];
	size_t n = 0, len;
	char *pem = read_file(registry_pem, 64 * 1024, &len), *text;
	const char *p = pem;
	struct trust_list *l;

	while (pem != NULL && n < MAX_REGISTRY_KEYS && keys_parse_public_pem(&p, regs[n]) == 0)
		n++;
	free(pem);
	if (n == 0) {
		fail(err, errlen, "%s holds no Ed25519 PEM public key of the registry",
		    registry_pem);
		return NULL;
	}
	if ((text = read_file(path, TRUST_LIST_MAX_BYTES, &len)) == NULL) {
		fail(err, errlen, "cannot read %s", path);
		return NULL;
	}
	l = trust_list_read(text, len, (const unsigned char (*)[32])regs, n, now, err,
	    errlen);
	free(text);
	return l;
}

void
trust_list_free(struct trust_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nissuers; i++) {
		free(l->issuers[i].name_en);
		free(l->issuers[i].name_zh);
		free(l->issuers[i].url);
		free(l->issuers[i].keys);
	}
	free(l->issuers);
	free(l->registry);
	free(l);
}

const struct trust_key *
trust_list_find(const struct trust_list *l, const char *kid,
    const struct trust_issuer **iss)
{
	for (size_t i = 0; l != NULL && i < l->nissuers; i++)
		for (size_t j = 0; j < l->issuers[i].nkeys; j++)
			if (strcmp(l->issuers[i].keys[j].id, kid) == 0) {
				if (iss != NULL)
					*iss = &l->issuers[i];
				return &l->issuers[i].keys[j];
			}
	return NULL;
}

int
trust_key_covers(const struct trust_key *k, long day)
{
	return day >= k->not_before / 86400 &&
	    (k->not_after < 0 || day <= k->not_after / 86400);
}

char *
trust_list_sign(const char *body, size_t len, const struct signing_key *reg)
{
	unsigned char *msg, sig[64];
	char sig64[SIG_B64_LEN + 1], *out;
	json_t *env;

	if (strlen(body) != len)
		return NULL;
	if ((msg = malloc(DOMAIN_LEN + len)) == NULL)
		abort();
	memcpy(msg, TRUST_LIST_FORMAT, DOMAIN_LEN);
	memcpy(msg + DOMAIN_LEN, body, len);
	crypto_sign_detached(sig, NULL, msg, DOMAIN_LEN + len, reg->sk);
	free(msg);
	sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
	env = json_pack("{s:s, s:s, s:s%, s:s}", "format", TRUST_LIST_FORMAT,
	    "key_id", reg->id, "list", body, len, "signature", sig64);
	out = json_dumps(env, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(env);
	return out;
}
