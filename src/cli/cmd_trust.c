/*
 * cmd_trust.c - `aicert trust-list keygen FILE.key` makes a registry's
 * key pair; `aicert trust-list build --registry-key FILE.key [--name
 * NAME] [--expires DAYS] [--url URL] KEYSET.json...` makes and signs a
 * trust list (docs/certificate-format.md, section 7) from issuers' key
 * sets as saved from their /.well-known/aicert-keys.json, and writes it
 * on standard output. A key set gives the issuer's names and keys; its
 * verification address is the --url given before it (or the key set's
 * own "url"). Each key may sign certificates issued from its created_at
 * to its retired_at (open-ended for the current key). `aicert trust-list
 * show FILE --registry-key PUB.pem` checks a list as a verifier does and
 * prints its issuers and keys. Depends on trust_list.c, keys.c,
 * timefmt.c and jansson.
 */
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "timefmt.h"
#include "trust_list.h"

#define DEFAULT_DAYS 365
#define MAX_DAYS 3650

static int
keygen(struct cli *c)
{
	const char *path = cli_pos(c, 1);
	struct signing_key k;
	char pem[256];

	if (path == NULL || cli_pos(c, 2) != NULL)
		return cli_usage(c);
	if (keys_create(path, &k) != 0)
		return 1;
	keys_public_pem(k.pk, pem, sizeof pem);
	sodium_memzero(k.sk, sizeof k.sk);
	printf("# aicert registry public key, Ed25519, key id %s\n%s", k.id, pem);
	fprintf(stderr, "aicert: registry key written to %s (keep it secret); its "
	    "public key is above: give it to verifiers as --registry-key\n", path);
	return 0;
}

/* The --url given just before positional argument arg, or NULL; with
 * arg NULL, a --url after the last key set (a mistake). Walks the
 * command line in order: each --url applies to the one key set after it. */
static const char *
url_for(const struct cli *c, const char *arg)
{
	const char *url = NULL;

	for (int i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];

		if (a == arg)
			return url;
		if (strncmp(a, "--url=", 6) == 0)
			url = a + 6;
		else if (strcmp(a, "--url") == 0 && i + 1 < c->argc)
			url = c->argv[++i];
		else if (strncmp(a, "--", 2) == 0 && strchr(a, '=') == NULL &&
		    strcmp(a, "--help") != 0 && i + 1 < c->argc &&
		    strncmp(c->argv[i + 1], "--", 2) != 0)
			i++;	/* an option's value, not a key set */
		else if (strncmp(a, "--", 2) != 0)
			url = NULL;	/* taken by that key set */
	}
	return arg == NULL ? url : NULL;
}

/* One issuer of the list from the key set at path: {"name","url","keys"}.
 * NULL after a message on stderr. */
static json_t *
issuer_from_keyset(const char *path, const char *url)
{
	size_t len, i;
	char *text = cli_read_file(path, &len);
	json_error_t jerr;
	json_t *ks = NULL, *out = NULL, *keys, *k, *iss, *list;
	const char *en = NULL, *zh = NULL;

	if (text == NULL) {
		fprintf(stderr, "aicert: cannot read key set %s\n", path);
		return NULL;
	}
	if ((ks = json_loadb(text, len, 0, &jerr)) == NULL) {
		fprintf(stderr, "aicert: %s:%d: %s\n", path, jerr.line, jerr.text);
		goto done;
	}
	iss = json_object_get(ks, "issuer");
	if (json_is_string(iss))
		en = zh = json_string_value(iss);
	else {
		en = json_string_value(json_object_get(iss, "en"));
		zh = json_string_value(json_object_get(iss, "zh-TW"));
	}
	if (en == NULL || zh == NULL || *en == '\0' || *zh == '\0') {
		fprintf(stderr, "aicert: %s: a key set needs the issuer's names, "
		    "\"issuer\": {\"en\", \"zh-TW\"}\n", path);
		goto done;
	}
	if (url == NULL)
		url = json_string_value(json_object_get(ks, "url"));
	if (url == NULL) {
		fprintf(stderr, "aicert: %s: no verification address for %s: give "
		    "--url URL before the key set\n", path, en);
		goto done;
	}
	keys = json_object_get(ks, "keys");
	if (!json_is_array(keys) || json_array_size(keys) == 0) {
		fprintf(stderr, "aicert: %s: a key set needs a \"keys\" array\n", path);
		goto done;
	}
	list = json_array();
	json_array_foreach(keys, i, k) {
		const char *pem = json_string_value(json_object_get(k, "public_key_pem"));
		const char *id = json_string_value(json_object_get(k, "id"));
		json_t *from = json_object_get(k, "created_at");
		json_t *until = json_object_get(k, "retired_at");
		unsigned char pk[32];
		char kid[KEY_ID_LEN + 1], clean[256];
		const char *p = pem;

		if (pem == NULL || keys_parse_public_pem(&p, pk) != 0) {
			fprintf(stderr, "aicert: %s: keys[%zu] has no Ed25519 "
			    "\"public_key_pem\"\n", path, i);
			json_decref(list);
			goto done;
		}
		keys_id(pk, kid);
		if (id != NULL && strcmp(id, kid) != 0) {
			fprintf(stderr, "aicert: %s: keys[%zu] says id %s but its key's "
			    "id is %s\n", path, i, id, kid);
			json_decref(list);
			goto done;
		}
		keys_public_pem(pk, clean, sizeof clean);
		json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:o}", "id", kid,
		    "public_key_pem", clean,
		    "not_before", json_is_integer(from) ? json_integer_value(from) : 0,
		    "not_after", json_is_integer(until) ? json_integer(json_integer_value(until)) :
		    json_null()));
	}
	out = json_pack("{s:{s:s, s:s}, s:s, s:o}", "name", "en", en, "zh-TW", zh,
	    "url", url, "keys", list);
done:
	json_decref(ks);
	free(text);
	return out;
}

/* --expires DAYS: 1..MAX_DAYS, DEFAULT_DAYS when not given, -1 if not such
 * a number. */
static long
days_opt(const struct cli *c)
{
	const char *v = cli_opt(c, "--expires");
	char *end;
	long n;

	if (v == NULL)
		return DEFAULT_DAYS;
	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	return *end != '\0' || errno != 0 || n < 1 || n > MAX_DAYS ? -1 : n;
}

static int
build(struct cli *c)
{
	const char *keyfile = cli_opt(c, "--registry-key");
	const char *name = cli_opt(c, "--name");
	long days = days_opt(c);
	long long now = (long long)time(NULL);
	struct signing_key reg;
	struct trust_list *check;
	json_t *issuers, *body;
	char *text = NULL, *file = NULL, err[512];
	int rc = 1;

	if (keyfile == NULL || cli_pos(c, 1) == NULL || days < 0) {
		if (days < 0)
			fprintf(stderr, "aicert: --expires takes whole days, 1 to %d\n",
			    MAX_DAYS);
		return cli_usage(c);
	}
	if (url_for(c, NULL) != NULL) {
		fputs("aicert: --url applies to the key set after it; the last --url has "
		    "none\n", stderr);
		return cli_usage(c);
	}
	if (keys_load(keyfile, &reg) != 0)
		return 1;
	issuers = json_array();
	for (int i = 1; i < c->npos; i++) {
		json_t *one = issuer_from_keyset(c->pos[i], url_for(c, c->pos[i]));

		if (one == NULL) {
			json_decref(issuers);
			goto done;
		}
		json_array_append_new(issuers, one);
	}
	body = json_pack("{s:s, s:I, s:I, s:o}", "registry", name ? name : "aicert trust list",
	    "issued_at", (json_int_t)now, "expires_at", (json_int_t)(now + days * 86400LL),
	    "issuers", issuers);
	text = json_dumps(body, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(body);
	if (text == NULL || (file = trust_list_sign(text, strlen(text), &reg)) == NULL) {
		fputs("aicert: cannot write the trust list\n", stderr);
		goto done;
	}
	/* What verifiers will refuse is refused here, with the same words. */
	if ((check = trust_list_read(file, strlen(file), &reg.pk, 1, now, err,
	    sizeof err)) == NULL) {
		fprintf(stderr, "aicert: the trust list cannot be made: %s\n", err);
		goto done;
	}
	fprintf(stderr, "aicert: trust list of %zu issuer(s), signed by registry key %s, "
	    "expires in %ld days\n", check->nissuers, reg.id, days);
	trust_list_free(check);
	printf("%s\n", file);
	rc = 0;
done:
	sodium_memzero(reg.sk, sizeof reg.sk);
	free(text);
	free(file);
	return rc;
}

/* Day of Unix time t as YYYY-MM-DD into out. */
static void
day_of(long long t, char out[21])
{
	if (timefmt_utc(t, out) == 0)
		out[10] = '\0';
}

/* `show FILE --registry-key PUB.pem`: checks the list as a verifier
 * does and prints what it vouches for. */
static int
show(struct cli *c)
{
	const char *path = cli_pos(c, 1), *reg = cli_opt(c, "--registry-key");
	struct trust_list *l;
	char err[512], t1[21], t2[21];

	if (path == NULL || reg == NULL || cli_pos(c, 2) != NULL)
		return cli_usage(c);
	if ((l = trust_list_load(path, reg, (long long)time(NULL), err, sizeof err)) == NULL) {
		printf("INVALID: the trust list %s cannot be trusted: %s\n", path, err);
		return 1;
	}
	timefmt_utc(l->issued_at, t1);
	timefmt_utc(l->expires_at, t2);
	printf("trust list:  %s, issued %s, expires %s, registry key %s\n", l->registry, t1,
	    t2, l->key_id);
	for (size_t i = 0; i < l->nissuers; i++) {
		const struct trust_issuer *is = &l->issuers[i];

		printf("issuer:      %s / %s, %s\n", is->name_en, is->name_zh, is->url);
		for (size_t j = 0; j < is->nkeys; j++) {
			day_of(is->keys[j].not_before, t1);
			if (is->keys[j].not_after < 0)
				snprintf(t2, sizeof t2, "no end");
			else
				day_of(is->keys[j].not_after, t2);
			printf("  key:       %s, certificates issued %s to %s\n", is->keys[j].id,
			    t1, t2);
		}
	}
	trust_list_free(l);
	return 0;
}

int
cmd_trust_list(struct cli *c)
{
	const char *sub = cli_pos(c, 0);

	if (sub != NULL && strcmp(sub, "keygen") == 0)
		return keygen(c);
	if (sub != NULL && strcmp(sub, "build") == 0)
		return build(c);
	if (sub != NULL && strcmp(sub, "show") == 0)
		return show(c);
	return cli_usage(c);
}
