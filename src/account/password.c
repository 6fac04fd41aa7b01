/*
 * password.c - Argon2id password hashes and the rule for new passwords;
 * see password.h. Depends on libsodium (sodium_init() must have run).
 */
#include "password.h"

#include <ctype.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* At most (cores - 1) hashes run at once, at least one: a sign-in storm
 * then leaves a core for everything else the server does (saving answers
 * of candidates already in their exam), at the price of slower sign-ins. */
static sem_t slots;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void
slots_init(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN) - 1;

	sem_init(&slots, 0, n < 1 ? 1 : (unsigned)n);
}

static void
slot_take(void)
{
	pthread_once(&slots_once, slots_init);
	while (sem_wait(&slots) != 0)
		;
}

static void
slot_give(void)
{
	sem_post(&slots);
}

int
password_hash(char out[128], const char *pw)
{
	int rc;

	slot_take();
	rc = crypto_pwhash_str_alg(out, pw, strlen(pw), PASSWORD_OPSLIMIT,
	    PASSWORD_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13);
	slot_give();
	return rc;
}

int
password_check(const char *hash, const char *pw)
{
	int ok;

	slot_take();
	ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	slot_give();
	return ok;
}

static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	if (password_hash(dummy, "aicert-dummy-password") != 0)
		dummy[0] = '\0';
}

void
password_dummy_check(const char *pw)
{
	pthread_once(&dummy_once, dummy_init);
	(void)password_check(dummy, pw);
}

/* The common passwords, lower-cased, sorted and unique: NUL-terminated
 * strings in one block. Read-only once loaded. */
static char *common_text;
static char **common;
static size_t ncommon, common_longest;

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
password_free_common(void)
{
	free(common);
	free(common_text);
	common = NULL;
	common_text = NULL;
	ncommon = common_longest = 0;
}

int
password_load_common(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL, **list = NULL;
	size_t len = 0, n = 0, lines = 0, longest = 0;
	long size;

	if (f == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (text = malloc((size_t)size + 1)) == NULL ||
	    (len = fread(text, 1, (size_t)size, f)) != (size_t)size) {
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	text[len] = '\0';
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	if ((list = malloc((lines + 1) * sizeof *list)) == NULL) {
		free(text);
		return -1;
	}
	for (char *line = text, *end; line < text + len; line = end + 1) {
		end = line + strcspn(line, "\n");
		*end = '\0';
		if (end > line && end[-1] == '\r')
			end[-1] = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		for (char *p = line; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (strlen(line) > longest)
			longest = strlen(line);
		list[n++] = line;
	}
	qsort(list, n, sizeof *list, cmp_str);
	{
		size_t u = 0;

		for (size_t i = 0; i < n; i++)
			if (u == 0 || strcmp(list[u - 1], list[i]) != 0)
				list[u++] = list[i];
		n = u;
	}
	if (n == 0) {
		free(list);
		free(text);
		return -1;
	}
	password_free_common();
	common_text = text;
	common = list;
	ncommon = n;
	common_longest = longest;
	return 0;
}

/* 1 if pw, in any case, is in the common list. */
static int
is_common(const char *pw)
{
	char low[PASSWORD_MAX_LEN + 1], *key = low;
	size_t n = strlen(pw);

	if (ncommon == 0 || n > common_longest)
		return 0;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)pw[i]);
	return bsearch(&key, common, ncommon, sizeof *common, cmp_str) != NULL;
}

const char *
password_weakness(const char *pw, const char *login, const char *name,
    const char *name_alt)
{
	size_t n = strlen(pw);

	if (n < PASSWORD_MIN_LEN)
		return "password_too_short";
	if (n > PASSWORD_MAX_LEN)
		return "password_too_long";
	if ((login != NULL && strcasecmp(pw, login) == 0) ||
	    (name != NULL && strcasecmp(pw, name) == 0) ||
	    (name_alt != NULL && strcasecmp(pw, name_alt) == 0))
		return "password_personal";
	if (is_common(pw))
		return "password_common";
	return NULL;
}
