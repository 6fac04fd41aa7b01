/*
 * cmd_init.c - `aicert init` and `aicert key show|rotate`: a database made
 * ready to serve (signing key beside it, settings, the admin account, the
 * bundled frameworks, banks and exams of the share directory's questions/). serve
 * runs the same steps (init_run) on every start.
 */
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "account.h"
#include "bank_import.h"
#include "bank_store.h"
#include "cert.h"
#include "cli.h"
#include "exam_overlap.h"
#include "i18n.h"
#include "issuer.h"
#include "password.h"
#include "session.h"

int
init_load_key(const struct cli *c, struct signing_key *k)
{
	char *path = keys_path(c->db);
	int rc = keys_load(path, k);

	free(path);
	return rc;
}

/* Creates the key pair unless its file exists; records the public half. */
static int
init_key(const struct cli *c, struct store *s)
{
	char *path = keys_path(c->db);
	struct signing_key k;
	char pem[256];
	struct stat st;
	int rc;

	if (stat(path, &st) == 0)
		rc = keys_load(path, &k);
	else if ((rc = keys_create(path, &k)) == 0)
		printf("aicert: created signing key %s (key id %s); back it up "
		    "with the database\n", path, k.id);
	free(path);
	if (rc != 0)
		return -1;
	keys_public_pem(k.pk, pem, sizeof pem);
	sodium_memzero(k.sk, sizeof k.sk);
	if (store_set_setting(s, "signing_key_id", k.id) != 0 ||
	    store_set_setting(s, "signing_public_key", pem) != 0 ||
	    cert_keys_register(s, &k) != 0)
		return -1;
	return 0;
}

/* `aicert key rotate`: a new key signs from now on; the old public key
 * stays in the key set so every certificate it signed still verifies. The
 * old secret key is kept beside, renamed, for the operator to archive. */
static int
key_rotate(const struct cli *c)
{
	char *path = keys_path(c->db), *old;
	struct signing_key k;
	struct store *s;
	int rc = 1;

	if (keys_load(path, &k) != 0) {
		free(path);
		return 1;
	}
	if (asprintf(&old, "%s.%s.retired", path, k.id) < 0)
		abort();
	sodium_memzero(k.sk, sizeof k.sk);
	if ((s = cli_open_store(c)) == NULL)
		goto done;
	if (rename(path, old) != 0) {
		fprintf(stderr, "aicert: cannot move %s aside: %s\n", path, strerror(errno));
		goto done;
	}
	if (init_key(c, s) != 0) {
		rename(old, path);	/* put the old key back */
		goto done;
	}
	printf("aicert: the old key %s was retired (its secret is in %s: archive it "
	    "offline); restart the server to sign with the new key\n", k.id, old);
	rc = 0;
done:
	store_close(s);
	free(old);
	free(path);
	return rc;
}

static int
init_admin(struct store *s)
{
	const char *pw = getenv("AICERT_ADMIN_PASSWORD");
	char generated[32];
	const char *err = NULL;
	int64_t id;

	if (account_find(s, NULL, "admin", NULL, NULL))
		return 0;
	if (pw == NULL || *pw == '\0') {
		static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

		for (size_t i = 0; i < 20; i++)
			generated[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
		generated[20] = '\0';
		pw = generated;
	}
	if (account_create(s, "admin", "Administrator", "系統管理員", ROLE_ADMIN,
	    pw, &id, &err) != 0) {
		fprintf(stderr, "aicert: cannot create the admin account: %s\n", err);
		return -1;
	}
	if (pw == generated)
		printf("aicert: admin account 'admin' created; its password, shown "
		    "only now: %s\n", generated);
	else
		printf("aicert: admin account 'admin' created with "
		    "$AICERT_ADMIN_PASSWORD\n");
	return 0;
}

/* The issuer's name printed on certificates: --issuer-en / --issuer-zh,
 * else $AICERT_ISSUER_EN / $AICERT_ISSUER_ZH; kept until changed. */
static int
init_issuer(const struct cli *c, struct store *s)
{
	const char *en = cli_opt(c, "--issuer-en"), *zh = cli_opt(c, "--issuer-zh");

	if (en == NULL)
		en = getenv("AICERT_ISSUER_EN");
	if (zh == NULL)
		zh = getenv("AICERT_ISSUER_ZH");
	return issuer_set_names(s, en, zh);
}

/* A database from before the overlap rule may hold an exam that shows
 * the keys of a certificate exam's questions: say so at every start. */
static void
warn_overlaps(struct store *s)
{
	struct arena *a = arena_new();
	struct q_bank errs;

	q_bank_init(&errs, a, "exams");
	if (exam_overlap_stored(s, NULL, &errs) != 0)
		for (size_t i = 0; i < errs.nerr; i++)
			fprintf(stderr, "aicert: warning: exam %s\n", errs.err[i].message);
	arena_free(a);
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The sorted names in dir ending in suffix (from a). */
static char **
list_dir(struct arena *a, const char *dir, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	char **names = NULL;
	size_t sl = strlen(suffix);

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((ent = readdir(d)) != NULL) {
		size_t l = strlen(ent->d_name);

		if (l <= sl || ent->d_name[0] == '.' || strcmp(ent->d_name + l - sl, suffix) != 0)
			continue;
		names = arena_grow(a, names, *n, *n + 1, sizeof *names);
		names[(*n)++] = arena_printf(a, "%s/%s", dir, ent->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, by_name);
	return names;
}

int
init_bundled(const struct cli *c, struct store *s)
{
	struct arena *a = arena_new();
	char *dir = arena_printf(a, "%s/questions", c->share);
	size_t n = 0, done = 0;
	char **files;
	int rc = 0;

	/* The frameworks first: the banks' lint then knows their codes. */
	files = list_dir(a, arena_printf(a, "%s/frameworks", dir), ".json", &n);
	for (size_t i = 0; i < n; i++)
		if (cmd_framework_add_file(s, files[i], 0) != 0)
			rc = -1;
	files = list_dir(a, dir, ".gift", &n);

	/* Files of one bank in several languages (x.en.gift, x.zh-TW.gift)
	 * import together, as one version. */
	while (done < n) {
		struct bank_import im;
		const char *bank = bank_name_from_file(a, files[done]);

		bank_import_init(&im, a, bank);
		for (; done < n && strcmp(bank_name_from_file(a, files[done]), bank) == 0; done++) {
			size_t len = 0;
			char *data = cli_read_file(files[done], &len);

			if (data == NULL)
				continue;
			bank_import_read(&im, files[done], data, len, NULL);
			free(data);
		}
		if (bank_import_check(&im) != 0 || bank_commit(s, &im, 0) != 0) {
			cli_print_problems(&im, 0);
			fprintf(stderr, "aicert: bundled bank %s not loaded\n", bank);
			rc = -1;
			continue;
		}
		printf("aicert: loaded bundled bank %s: %zu questions\n", im.bank, im.count);
	}
	files = list_dir(a, arena_printf(a, "%s/exams", dir), ".json", &n);
	for (size_t i = 0; i < n; i++)
		if (cmd_exam_add_file(s, files[i], 0) != 0)
			rc = -1;
	/* programmes after the exams they join */
	files = list_dir(a, arena_printf(a, "%s/programmes", dir), ".json", &n);
	for (size_t i = 0; i < n; i++)
		if (cmd_programme_add_file(s, files[i]) != 0)
			rc = -1;
	arena_free(a);
	return rc;
}

int
init_run(const struct cli *c, struct store *s)
{
	char *done = store_setting(s, "initialized_at");
	char now[32];

	if (init_key(c, s) != 0 || csrf_init(s) != 0 || init_admin(s) != 0 ||
	    init_issuer(c, s) != 0) {
		free(done);
		return -1;
	}
	if (done == NULL) {
		/* The bundled banks and exams, once: a trainer's later changes
		 * are theirs to keep. */
		if (init_bundled(c, s) != 0)
			fprintf(stderr, "aicert: some bundled content was not loaded\n");
		snprintf(now, sizeof now, "%lld", (long long)time(NULL));
		if (store_set_setting(s, "initialized_at", now) != 0)
			return -1;
		printf("aicert: database %s ready\n", c->db);
	}
	free(done);
	warn_overlaps(s);
	return 0;
}

int
cmd_init(struct cli *c)
{
	struct store *s;
	int rc;

	if (cli_need_share(c) != 0 || cli_load_passwords(c) != 0 ||
	    (s = cli_open_store(c)) == NULL)
		return 1;
	cli_load_messages(c);
	rc = init_run(c, s);
	store_close(s);
	i18n_free();
	password_free_common();
	return rc == 0 ? 0 : 1;
}

int
cmd_key(struct cli *c)
{
	const char *sub = cli_pos(c, 0);
	struct signing_key k;
	char pem[256];

	if (sub != NULL && strcmp(sub, "rotate") == 0)
		return key_rotate(c);
	if (sub == NULL || strcmp(sub, "show") != 0)
		return cli_usage(c);
	if (init_load_key(c, &k) != 0)
		return 1;
	keys_public_pem(k.pk, pem, sizeof pem);
	sodium_memzero(k.sk, sizeof k.sk);
	printf("# aicert issuer public key, Ed25519, key id %s\n%s", k.id, pem);
	return 0;
}
