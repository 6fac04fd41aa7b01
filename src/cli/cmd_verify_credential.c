/*
 * cmd_verify_credential.c - `aicert verify --credential FILE [--key FILE |
 * --keys FILE] [--status FILE]`: checks an Open Badges 3.0 credential
 * offline, with the rules the server uses (ob3_check): its
 * eddsa-rdfc-2022 proof against the issuer's keys (PEM public keys or
 * the JSON key set of /.well-known/aicert-keys.json; else the database's
 * key set), its bit in a status list credential (/api/v1/status/1, itself
 * signed by one of those keys) when --status is given, and its dates.
 * Prints the claims and a last line VALID, REVOKED, EXPIRED or INVALID:
 * why; exits as a code's check does: 0 valid, 1 invalid or unable to
 * check, 2 revoked or expired (and for a usage error). Depends on ob3.h,
 * keys.c, cert_keys.c (the database's key set) and jansson.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cert.h"
#include "cli.h"
#include "keys.h"
#include "ob3.h"
#include "timefmt.h"

#define MAX_KEYS 64

struct ckeys {
	unsigned char pk[MAX_KEYS][32];
	size_t n;
};

static void
add_pem(struct ckeys *ks, const char *text)
{
	while (ks->n < MAX_KEYS && keys_parse_public_pem(&text, ks->pk[ks->n]) == 0)
		ks->n++;
}

/* Every key of a key set document ({"keys":[{"public_key_pem"}]}). */
static void
add_keyset(struct ckeys *ks, json_t *doc)
{
	json_t *k;
	size_t i;

	json_array_foreach(json_object_get(doc, "keys"), i, k)
		if (json_is_string(json_object_get(k, "public_key_pem")))
			add_pem(ks, json_string_value(json_object_get(k, "public_key_pem")));
}

static int
find_key(void *ctx, const char *id, unsigned char pk[32])
{
	struct ckeys *ks = ctx;
	char kid[KEY_ID_LEN + 1];

	for (size_t i = 0; i < ks->n; i++) {
		keys_id(ks->pk[i], kid);
		if (strcmp(kid, id) == 0) {
			memcpy(pk, ks->pk[i], 32);
			return 1;
		}
	}
	return 0;
}

/* A JSON file, or NULL after a message. */
static json_t *
load_json(const char *path, const char *what)
{
	json_error_t err;
	json_t *doc;
	struct stat st;

	if (stat(path, &st) != 0) {
		printf("INVALID: cannot read the %s %s\n", what, path);
		return NULL;
	}
	if ((doc = json_load_file(path, JSON_REJECT_DUPLICATES, &err)) == NULL)
		printf("INVALID: the %s %s is not JSON (line %d: %s)\n", what, path, err.line,
		    err.text);
	return doc;
}

static int
load_keys(struct cli *c, struct ckeys *ks)
{
	const char *file = cli_opt(c, "--keys") ? cli_opt(c, "--keys") : cli_opt(c, "--key");
	struct store *s;
	json_t *doc;
	char *text;
	size_t len;

	if (file != NULL) {
		if ((text = cli_read_file(file, &len)) == NULL) {
			printf("INVALID: cannot read the key file %s\n", file);
			return -1;
		}
		if ((doc = json_loadb(text, len, 0, NULL)) != NULL) {
			add_keyset(ks, doc);
			json_decref(doc);
		} else
			add_pem(ks, text);
		free(text);
	} else if (cli_store_exists(c) && (s = cli_open_store(c)) != NULL) {
		if ((doc = cert_keys_json(s)) != NULL) {
			add_keyset(ks, doc);
			json_decref(doc);
		}
		store_close(s);
	}
	if (ks->n == 0) {
		printf("INVALID: no public key of the issuer to check it with (--keys FILE)\n");
		return -1;
	}
	return 0;
}

static void
print_day(const char *label, long long t)
{
	char d[TIMEFMT_UTC_LEN + 1];

	if (timefmt_utc(t, d) == 0)
		printf("%-13s%s\n", label, d);
}

int
cmd_verify_credential(struct cli *c)
{
	const char *path = cli_opt(c, "--credential"), *status = cli_opt(c, "--status");
	struct ckeys *ks;
	struct ob3_verdict v;
	json_t *cred = NULL, *list = NULL;
	int rc = 1;

	if (path == NULL || cli_pos(c, 0) != NULL || cli_opt(c, "--status-list") != NULL) {
		fputs("aicert: --credential FILE takes --key/--keys FILE and --status FILE, "
		    "and no code\n", stderr);
		cli_usage(c);
		return 2;
	}
	if ((ks = calloc(1, sizeof *ks)) == NULL)
		abort();
	if (load_keys(c, ks) != 0 || (cred = load_json(path, "credential")) == NULL ||
	    (status != NULL && (list = load_json(status, "status list")) == NULL))
		goto done;
	ob3_check(cred, find_key, ks, list, (long long)time(NULL), &v);
	if (v.status != OB3_INVALID) {
		printf("credential:  %s\n", v.id ? v.id : "");
		printf("holder:      %s\n", v.holder ? v.holder : "");
		if (v.holder_alt != NULL)
			printf("holder_alt:  %s\n", v.holder_alt);
		printf("exam:        %s\n", v.name ? v.name : "");
		printf("score:       %s%%\n", v.score ? v.score : "");
		print_day("valid from:", v.valid_from);
		if (v.valid_until)
			print_day("valid until:", v.valid_until);
		printf("key id:      %s\n", v.key_id);
		printf("status:      %s\n", v.status_checked ? "checked in the status list" :
		    "not checked (no --status FILE)");
	}
	switch (v.status) {
	case OB3_VALID:
		printf("VALID\n");
		rc = 0;
		break;
	case OB3_REVOKED:
		printf("REVOKED\n");
		rc = 2;
		break;
	case OB3_EXPIRED:
		printf("EXPIRED\n");
		rc = 2;
		break;
	case OB3_INVALID:
		printf("INVALID: %s\n", v.why);
		break;
	}
done:
	json_decref(cred);
	json_decref(list);
	free(ks);
	return rc;
}
