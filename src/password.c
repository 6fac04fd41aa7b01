/*
 * password.c - Argon2id password hashes; see password.h. Depends on
 * libsodium (sodium_init() must have run).
 */
#include "password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

int
password_hash(char out[128], const char *pw)
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), PASSWORD_OPSLIMIT,
	    PASSWORD_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13);
}

int
password_check(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
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

const char *
password_weakness(const char *pw)
{
	size_t n = strlen(pw);

	if (n < PASSWORD_MIN_LEN)
		return "password_too_short";
	if (n > PASSWORD_MAX_LEN)
		return "password_too_long";
	return NULL;
}
