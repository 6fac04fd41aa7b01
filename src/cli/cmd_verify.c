/*
 * cmd_verify.c - `aicert verify CODE_OR_URL [--key FILE] [--status-list FILE
 * [--max-age SECONDS]]`: checks a certificate code offline.
 *
 * The issuer's public keys come from --key (PEM "PUBLIC KEY" blocks, or
 * the JSON key set of /.well-known/aicert-keys.json), else from the
 * database if there is one. The code's key id picks the key; the
 * signature, then the status list (if given), then the expiry decide.
 * A status list carries its signed issue time: one over a day old gets a
 * warning on stderr, one older than --max-age SECONDS is not trusted
 * (INVALID). Prints the claims and a last line VALID, INVALID: why,
 * REVOKED: reason or EXPIRED; exits 0 valid, 1 invalid or unable to
 * check, 2 revoked or expired (and for a --max-age that is not whole
 * seconds). With --trust-list FILE --registry-key PUB.pem the keys are
 * those of the issuers a registry lists (trust_list.c): the list must be
 * signed by the registry key and current, and the code's key must be
 * listed for the day the certificate was issued. Depends on cert_code.c,
 * status_list.c, trust_list.c, keys.c, jansson, and cert_keys.c for the
 * database's key set.
 */
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "arena.h"
#include "cert.h"
#include "cert_code.h"
#include "cli.h"
#include "i18n.h"
#include "status_list.h"
#include "timefmt.h"
#include "trust_list.h"

#define MAX_KEYS 64

struct vkey {
	unsigned char pk[32];
	char id[KEY_ID_LEN + 1];
	char status[16];	/* "current", "retired" or "" if not said */
};

struct vkeys {
	struct vkey k[MAX_KEYS];
	size_t n;
	char issuer[600];	/* from a key set or trust list, else "" */
	const char *from;	/* where they came from, for messages */
};

static void
keys_add(struct vkeys *ks, const unsigned char pk[32], const char *status)
{
	struct vkey *k;

	if (ks->n == MAX_KEYS)
		return;
	k = &ks->k[ks->n++];
	memcpy(k->pk, pk, 32);
	keys_id(pk, k->id);
	snprintf(k->status, sizeof k->status, "%s", status ? status : "");
}

/* Every PEM public key block of text. The number found. */
static size_t
keys_from_pem(struct vkeys *ks, const char *text, const char *status)
{
	unsigned char pk[32];
	size_t before = ks->n;

	while (keys_parse_public_pem(&text, pk) == 0)
		keys_add(ks, pk, status);
	return ks->n - before;
}

/* The keys of a key set document. 0, or -1 after a message. */
static int
keys_from_json(struct vkeys *ks, json_t *doc)
{
	json_t *keys = json_object_get(doc, "keys"), *k, *iss;
	size_t i;

	if (!json_is_array(keys)) {
		fprintf(stderr, "aicert: %s: a key set needs a \"keys\" array\n", ks->from);
		return -1;
	}
	iss = json_object_get(doc, "issuer");
	if (json_is_string(iss))
		snprintf(ks->issuer, sizeof ks->issuer, "%s", json_string_value(iss));
	else if (json_is_object(iss) && json_is_string(json_object_get(iss, "en")))
		snprintf(ks->issuer, sizeof ks->issuer, "%s",
		    json_string_value(json_object_get(iss, "en")));
	json_array_foreach(keys, i, k) {
		const char *pem = json_string_value(json_object_get(k, "public_key_pem"));
		const char *id = json_string_value(json_object_get(k, "id"));
		const char *st = json_string_value(json_object_get(k, "status"));
		size_t before = ks->n;

		if (pem == NULL || keys_from_pem(ks, pem, st) != 1) {
			fprintf(stderr, "aicert: %s: keys[%zu] has no Ed25519 "
			    "\"public_key_pem\"\n", ks->from, i);
			return -1;
		}
		if (id != NULL && strcmp(id, ks->k[before].id) != 0) {
			fprintf(stderr, "aicert: %s: keys[%zu] says id %s but its key's "
			    "id is %s\n", ks->from, i, id, ks->k[before].id);
			return -1;
		}
	}
	return 0;
}

/* The keys in the file at path. 0, or -1 after a message. */
static int
keys_from_file(struct vkeys *ks, const char *path)
{
	size_t len;
	char *text = cli_read_file(path, &len);
	const char *p = text;
	int rc = 0;

	ks->from = path;
	if (text == NULL) {
		fprintf(stderr, "aicert: cannot read key file %s\n", path);
		return -1;
	}
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '{') {
		json_error_t err;
		json_t *doc = json_loadb(text, len, 0, &err);

		if (doc == NULL) {
			fprintf(stderr, "aicert: %s:%d: %s\n", path, err.line, err.text);
			rc = -1;
		} else {
			rc = keys_from_json(ks, doc);
			json_decref(doc);
		}
	} else if (keys_from_pem(ks, text, NULL) == 0) {
		fprintf(stderr, "aicert: %s holds no Ed25519 PEM public key\n", path);
		rc = -1;
	}
	free(text);
	return rc;
}

/* The database's key set (its current and former keys). 0, or -1 after
 * a message. */
static int
keys_from_db(struct vkeys *ks, const struct cli *c)
{
	struct store *s;
	json_t *doc;
	char *pem;
	int rc = -1;

	ks->from = c->db;
	if (!cli_store_exists(c)) {
		fprintf(stderr, "aicert: no database at %s: give the issuer's public "
		    "key with --key FILE\n", c->db);
		return -1;
	}
	if ((s = cli_open_store(c)) == NULL)
		return -1;
	if ((doc = cert_keys_json(s)) != NULL) {
		rc = keys_from_json(ks, doc);
		json_decref(doc);
	}
	if (ks->n == 0 && (pem = store_setting(s, "signing_public_key")) != NULL) {
		rc = keys_from_pem(ks, pem, NULL) > 0 ? 0 : -1;
		free(pem);
	}
	store_close(s);
	if (ks->n == 0) {
		fprintf(stderr, "aicert: the database %s has no signing key: give "
		    "the issuer's public key with --key FILE\n", c->db);
		rc = -1;
	}
	return rc;
}

static const struct vkey *
keys_find(const struct vkeys *ks, const char *id)
{
	for (size_t i = 0; i < ks->n; i++)
		if (strcmp(ks->k[i].id, id) == 0)
			return &ks->k[i];
	return NULL;
}

/* Day number d as YYYY-MM-DD (past year 9999, as "day N"). */
static void
day_text(long d, char out[32])
{
	char t[21];

	if (timefmt_utc((long long)d * 86400, t) != 0)
		snprintf(out, 32, "day %ld", d);
	else {
		memcpy(out, t, 10);
		out[10] = '\0';
	}
}

static void
print_claims(const struct cert_claims *cl, const struct vkey *k,
    const struct vkeys *ks)
{
	char d[32];

	printf("serial:      %s\n", cl->serial);
	printf("holder:      %s\n", cl->holder);
	if (cl->holder_alt[0] != '\0')
		printf("holder_alt:  %s\n", cl->holder_alt);
	printf("exam:        %s\n", cl->exam);
	printf("score:       %u.%02u%%\n", cl->score_bp / 100, cl->score_bp % 100);
	printf("passed:      %s\n", cl->passed ? "yes" : "no");
	day_text(cl->issued_day, d);
	printf("issued:      %s\n", d);
	if (cl->expires_day == 0)
		printf("expires:     never\n");
	else {
		day_text(cl->expires_day, d);
		printf("expires:     %s (valid through this day, UTC)\n", d);
	}
	printf("key id:      %s%s%s%s\n", k->id, k->status[0] ? " (" : "",
	    k->status, k->status[0] ? ")" : "");
	if (ks->issuer[0] != '\0')
		printf("issuer:      %s (from %s)\n", ks->issuer, ks->from);
}

/* A list older than this gets a warning: the issuer's server makes a
 * fresh one on every request, so a day-old one was kept on purpose. */
#define LIST_WARN_AGE 86400

/* "N days", "N hours" or "N minutes" for an age in seconds, into out. */
static void
age_text(long long s, char out[48])
{
	if (s >= 2 * 86400)
		snprintf(out, 48, "%lld days", s / 86400);
	else if (s >= 2 * 3600)
		snprintf(out, 48, "%lld hours", s / 3600);
	else
		snprintf(out, 48, "%lld minutes", s / 60);
}

/* Looks serial up in the status list at path, checked with one of ks.
 * A list issued more than max_age seconds ago (max_age >= 0) cannot be
 * trusted to name every revocation; one more than a day old gets a
 * warning on stderr. 1 revoked (reason filled), 0 not, -1 after printing
 * why it cannot be trusted. */
static int
status_check(const char *path, const struct vkeys *ks, const char *serial,
    char *reason, size_t reasonlen, long long max_age)
{
	char id[KEY_ID_LEN + 1], when[21], age[48];
	const struct vkey *k;
	long long issued, at = 0, old;
	size_t len;
	char *text = cli_read_file(path, &len);
	int rc = -1;

	if (text == NULL)
		printf("INVALID: cannot read the status list %s\n", path);
	else if (strlen(text) != len || status_list_key_id(text, id, &issued) != 0)
		printf("INVALID: %s is not an aicert status list\n", path);
	else if ((k = keys_find(ks, id)) == NULL)
		printf("INVALID: the status list %s is signed by key %s, which is not "
		    "one of the issuer's keys\n", path, id);
	else if ((rc = status_list_check(text, k->pk, serial, reason, reasonlen,
	    &at)) < 0)
		printf("INVALID: the status list %s is malformed or its signature "
		    "does not match key %s\n", path, id);
	else {
		timefmt_utc(issued, when);
		printf("status list: %s, issued %s, key %s\n", path, when, id);
		/* The issue time is signed: an old list cannot pass as new. */
		old = (long long)time(NULL) - issued;
		age_text(old, age);
		if (max_age >= 0 && old > max_age) {
			printf("INVALID: the status list %s was issued %s ago, more than "
			    "--max-age %lld seconds: a revocation since then would not "
			    "show; fetch a fresh one from the issuer's "
			    "/api/v1/status-list\n", path, age, max_age);
			rc = -1;
		} else {
			if (old > LIST_WARN_AGE)
				fprintf(stderr, "aicert: warning: the status list %s was "
				    "issued %s ago (%s); a certificate revoked since then "
				    "still shows as valid\n", path, age, when);
			if (rc == 1 && timefmt_utc(at, when) == 0)
				printf("revoked at:  %s\n", when);
		}
	}
	free(text);
	return rc;
}

/* The value of --max-age: whole seconds, 0 or more; -1 when not given,
 * -2 when it is not such a number. */
static long long
max_age_opt(const struct cli *c)
{
	const char *v = cli_opt(c, "--max-age");
	char *end;
	long long n;

	if (v == NULL)
		return -1;
	if (*v < '0' || *v > '9')
		return -2;
	errno = 0;
	n = strtoll(v, &end, 10);
	return *end != '\0' || errno != 0 ? -2 : n;
}

/* The trust list at path, checked with the registry keys of the PEM
 * file regpath: the list, or NULL after an INVALID line. */
static struct trust_list *
trust_load(const char *path, const char *regpath)
{
	char err[512];
	struct trust_list *l = trust_list_load(path, regpath, (long long)time(NULL), err,
	    sizeof err);

	if (l == NULL)
		printf("INVALID: the trust list %s cannot be trusted: %s\n", path, err);
	return l;
}

/* The keys of the issuer of l holding key id kid into ks. The key, or
 * NULL after an INVALID line when no listed issuer has it. */
static const struct trust_key *
keys_from_trust(struct vkeys *ks, const struct trust_list *l, const char *path,
    const char *kid, const struct trust_issuer **iss)
{
	const struct trust_key *k = trust_list_find(l, kid, iss);

	if (k == NULL) {
		printf("key id:      %s\nINVALID: signed by key %s, which no issuer in "
		    "the trust list %s (%s) has\n", kid, kid, path, l->registry);
		return NULL;
	}
	ks->n = 0;
	for (size_t i = 0; i < (*iss)->nkeys; i++)
		keys_add(ks, (*iss)->keys[i].pk, NULL);
	snprintf(ks->issuer, sizeof ks->issuer, "%s / %s", (*iss)->name_en,
	    (*iss)->name_zh);
	ks->from = path;
	return k;
}

/* Prints where the trust came from; 0 if k may sign a certificate
 * issued on cl's day, else -1 after an INVALID line. */
static int
trust_period(const struct trust_list *l, const struct trust_issuer *iss,
    const struct trust_key *k, const struct cert_claims *cl)
{
	char from[32], to[32], on[32], t1[21], t2[21];

	timefmt_utc(l->issued_at, t1);
	timefmt_utc(l->expires_at, t2);
	printf("issuer url:  %s\n", iss->url);
	printf("trust list:  %s, issued %s, expires %s, registry key %s\n",
	    l->registry, t1, t2, l->key_id);
	if (trust_key_covers(k, cl->issued_day))
		return 0;
	day_text((long)(k->not_before / 86400), from);
	if (k->not_after < 0)
		snprintf(to, sizeof to, "no end");
	else
		day_text((long)(k->not_after / 86400), to);
	day_text(cl->issued_day, on);
	printf("INVALID: the trust list accepts key %s of %s only for certificates "
	    "issued from %s to %s; this one says %s\n", k->id, iss->name_en, from, to, on);
	return -1;
}

int
cmd_verify(struct cli *c)
{
	const char *code = cli_pos(c, 0), *keyfile = cli_opt(c, "--key");
	const char *list = cli_opt(c, "--status-list"), *why = NULL;
	const char *tpath = cli_opt(c, "--trust-list");
	const char *regpath = cli_opt(c, "--registry-key");
	struct trust_list *tl = NULL;
	const struct trust_key *tk = NULL;
	const struct trust_issuer *tiss = NULL;
	struct vkeys *ks = NULL;
	struct cert_claims cl;
	const struct vkey *k;
	char kid[KEY_ID_LEN + 1], reason[512];
	long long max_age = max_age_opt(c);
	int rc = 1, st;

	if (cli_opt(c, "--credential") != NULL)
		return cmd_verify_credential(c);
	if (cli_opt(c, "--status") != NULL || cli_opt(c, "--keys") != NULL) {
		fputs("aicert: --status and --keys go with --credential; a code takes "
		    "--status-list and --key\n", stderr);
		return cli_usage(c);
	}
	if (code == NULL || max_age == -2) {
		if (max_age == -2)
			fputs("aicert: --max-age takes whole seconds (0 or more)\n", stderr);
		cli_usage(c);
		return code == NULL ? 1 : 2;
	}
	if ((tpath == NULL) != (regpath == NULL)) {
		fputs("aicert: --trust-list and --registry-key go together: the list "
		    "and the registry's public key that signed it\n", stderr);
		return cli_usage(c);
	}
	cli_load_messages(c);	/* the reasons are catalog keys */
	if (cert_code_parse(code, &cl, &why) != 0) {
		printf("INVALID: %s\n", i18n_get(I18N_DEFAULT, why));
		return 1;
	}
	if ((ks = calloc(1, sizeof *ks)) == NULL)
		abort();
	sodium_bin2hex(kid, sizeof kid, cl.key_id, sizeof cl.key_id);
	if (tpath != NULL) {
		/* The registry's issuers; --key may add keys checked first. */
		if ((tl = trust_load(tpath, regpath)) == NULL)
			goto done;
		if (keyfile != NULL && keys_from_file(ks, keyfile) != 0) {
			printf("INVALID: no public key of the issuer to check it with\n");
			goto done;
		}
		if (keys_find(ks, kid) == NULL &&
		    (tk = keys_from_trust(ks, tl, tpath, kid, &tiss)) == NULL)
			goto done;
	} else if ((keyfile != NULL ? keys_from_file(ks, keyfile) : keys_from_db(ks, c)) != 0) {
		printf("INVALID: no public key of the issuer to check it with\n");
		goto done;
	}
	if ((k = keys_find(ks, kid)) == NULL) {
		printf("key id:      %s\nINVALID: signed by key %s, which is not among "
		    "the issuer's keys in %s\n", kid, kid, ks->from);
		goto done;
	}
	if (!cert_code_verify(code, k->pk, &cl)) {
		printf("key id:      %s\nINVALID: the signature does not match: the "
		    "code was altered or not signed by this issuer\n", kid);
		goto done;
	}
	print_claims(&cl, k, ks);
	if (tk != NULL && trust_period(tl, tiss, tk, &cl) != 0)
		goto done;
	if (list != NULL) {
		if ((st = status_check(list, ks, cl.serial, reason, sizeof reason,
		    max_age)) < 0)
			goto done;
		if (st == 1) {
			printf("REVOKED: %s\n", reason[0] ? reason : "(no reason given)");
			rc = 2;
			goto done;
		}
	}
	if (cl.expires_day != 0 && (long)(time(NULL) / 86400) > cl.expires_day) {
		printf("EXPIRED\n");
		rc = 2;
		goto done;
	}
	printf("VALID\n");
	rc = 0;
done:
	trust_list_free(tl);
	free(ks);
	return rc;
}
