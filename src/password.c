/*
 * password.c - Argon2id password hashes; see password.h. Depends on
 * libsodium (sodium_init() must have run).
 */
#include "password.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
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
