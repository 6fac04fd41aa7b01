/*
 * exam_seb.c - Safe Exam Browser: checking the key hashes SEB sends with
 * every request, each exam's keys cached for the save path, and the .seb
 * file that opens an exam in SEB (exam_seb.h). Depends on libsodium
 * (SHA-256, constant-time comparison) and exam_store.c (loading an exam
 * once per process).
 */
#include "exam_seb.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "buf.h"
#include "exam_store.h"

int
exam_seb_of(const struct exam *e, struct exam_seb *k)
{
	memset(k, 0, sizeof *k);
	for (size_t i = 0; i < e->nseb_config_keys && i < EXAM_SEB_KEYS; i++)
		snprintf(k->config[k->nconfig++], 65, "%s", e->seb_config_keys[i]);
	for (size_t i = 0; i < e->nseb_exam_keys && i < EXAM_SEB_KEYS; i++)
		snprintf(k->exam[k->nexam++], 65, "%s", e->seb_exam_keys[i]);
	return k->nconfig + k->nexam > 0;
}

/* ---- the cache ----------------------------------------------------- */

/* One exam's keys, in a list: a server holds tens of exams, and a save
 * reads its exam's entry without touching the database. A save through
 * this process forgets the entry at once; one through another process
 * (`aicert exam add` while the server runs) is seen within SEB_TTL_S. */
#define SEB_TTL_S 10

struct seb_entry {
	struct store *store;
	char *id;
	int required;
	time_t loaded;		/* CLOCK_MONOTONIC seconds */
	struct exam_seb k;
	struct seb_entry *next;
};

static struct seb_entry *seb_cache;
static pthread_rwlock_t seb_lock = PTHREAD_RWLOCK_INITIALIZER;

static time_t
seb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

int
exam_seb_policy(struct store *s, const char *exam_id, struct exam_seb *k)
{
	struct seb_entry *en;
	struct arena *a;
	struct exam e;
	int found = 0, required = 0;
	time_t now = seb_now();

	pthread_rwlock_rdlock(&seb_lock);
	for (en = seb_cache; en != NULL; en = en->next)
		if (en->store == s && strcmp(en->id, exam_id) == 0 &&
		    now - en->loaded < SEB_TTL_S) {
			*k = en->k;
			found = 1;
			required = en->required;
			break;
		}
	pthread_rwlock_unlock(&seb_lock);
	if (found)
		return required;
	exam_seb_forget(exam_id);	/* a stale entry, if any */
	if ((a = arena_new()) == NULL)
		return -1;
	/* Callers know the exam exists (an attempt of it, or loaded just
	 * before): a failure to read it fails closed, and is not kept. */
	if (!exam_load(s, a, exam_id, &e)) {
		arena_free(a);
		memset(k, 0, sizeof *k);
		return -1;
	}
	required = exam_seb_of(&e, k);
	arena_free(a);
	if ((en = calloc(1, sizeof *en)) == NULL || (en->id = strdup(exam_id)) == NULL) {
		free(en);
		return required;	/* not cached, still answered */
	}
	en->store = s;
	en->required = required;
	en->loaded = now;
	en->k = *k;
	pthread_rwlock_wrlock(&seb_lock);
	en->next = seb_cache;
	seb_cache = en;
	pthread_rwlock_unlock(&seb_lock);
	return required;
}

void
exam_seb_forget(const char *exam_id)
{
	struct seb_entry **p, *en;

	pthread_rwlock_wrlock(&seb_lock);
	for (p = &seb_cache; (en = *p) != NULL;) {
		if (strcmp(en->id, exam_id) == 0) {
			*p = en->next;
			free(en->id);
			free(en);
		} else {
			p = &en->next;
		}
	}
	pthread_rwlock_unlock(&seb_lock);
}

/* ---- the headers --------------------------------------------------- */

void
exam_seb_hash(const char *url, const char *key, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)url, strlen(url));
	crypto_hash_sha256_update(&st, (const unsigned char *)key, strlen(key));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

/* 1 if header (64 hex digits, either case) is the hash of url with one
 * of the n keys. */
static int
seb_match(const char *header, const char *url, const char (*keys)[65], size_t n)
{
	char got[65], want[65];
	int ok = 0;

	if (header == NULL || strlen(header) != 64 ||
	    strspn(header, "0123456789abcdefABCDEF") != 64)
		return 0;
	for (size_t i = 0; i < 64; i++)
		got[i] = (char)tolower((unsigned char)header[i]);
	got[64] = '\0';
	for (size_t i = 0; i < n; i++) {
		exam_seb_hash(url, keys[i], want);
		ok |= sodium_memcmp(got, want, 64) == 0;
	}
	return ok;
}

enum exam_seb_verdict
exam_seb_check(const struct exam_seb *k, const char *url,
    const char *config_hash, const char *request_hash)
{
	if (k->nconfig + k->nexam == 0)
		return SEB_OK;
	if ((k->nconfig > 0 && config_hash == NULL) || (k->nexam > 0 && request_hash == NULL))
		return SEB_MISSING;
	if (k->nconfig > 0 && !seb_match(config_hash, url, k->config, k->nconfig))
		return SEB_WRONG;
	if (k->nexam > 0 && !seb_match(request_hash, url, k->exam, k->nexam))
		return SEB_WRONG;
	return SEB_OK;
}

/* ---- the .seb file ------------------------------------------------- */

/* One setting of the file: 'b' boolean, 'i' integer, 's' string (the
 * value is an argument: 1 start, 2 quit), 'r' the URL filter rules (one
 * rule allowing the server's pages). */
struct seb_setting {
	const char *key;
	char type;
	int value;
};

/* Sorted as SEB-JSON sorts them: by key, case-insensitively. */
static const struct seb_setting seb_settings[] = {
	{ "allowBrowsingBackForward", 'b', 0 },
	{ "allowDictionaryLookup", 'b', 0 },
	{ "allowDownUploads", 'b', 0 },
	{ "allowPreferencesWindow", 'b', 0 },
	{ "allowPrint", 'b', 0 },
	{ "allowQuit", 'b', 1 },
	{ "allowSpellCheck", 'b', 0 },
	{ "allowSwitchToApplications", 'b', 0 },
	{ "browserViewMode", 'i', 1 },			/* full screen */
	{ "browserWindowAllowReload", 'b', 1 },	/* resuming after a drop */
	{ "browserWindowWebView", 'i', 2 },		/* the engine that sends the headers */
	{ "newBrowserWindowByLinkPolicy", 'i', 1 },	/* links open in the same window */
	{ "quitURL", 's', 2 },
	{ "quitURLConfirm", 'b', 1 },
	{ "sebConfigPurpose", 'i', 0 },		/* starting an exam */
	{ "sendBrowserExamKey", 'b', 1 },
	{ "showReloadButton", 'b', 1 },
	{ "showTime", 'b', 1 },
	{ "startURL", 's', 1 },
	{ "URLFilterEnable", 'b', 1 },
	{ "URLFilterRules", 'r', 0 },
};

char *
exam_seb_plist(struct arena *a, const char *start_url, const char *quit_url,
    const char *allow)
{
	struct buf b = BUF_INIT;
	char *out;

	buf_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
	    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
	    "<plist version=\"1.0\">\n<dict>\n");
	for (size_t i = 0; i < sizeof seb_settings / sizeof *seb_settings; i++) {
		const struct seb_setting *st = &seb_settings[i];

		buf_printf(&b, "\t<key>%s</key>\n", st->key);
		switch (st->type) {
		case 'b':
			buf_str(&b, st->value ? "\t<true/>\n" : "\t<false/>\n");
			break;
		case 'i':
			buf_printf(&b, "\t<integer>%d</integer>\n", st->value);
			break;
		case 's':
			buf_str(&b, "\t<string>");
			buf_html(&b, st->value == 1 ? start_url : quit_url);
			buf_str(&b, "</string>\n");
			break;
		default:
			buf_str(&b, "\t<array>\n\t\t<dict>\n"
			    "\t\t\t<key>action</key>\n\t\t\t<integer>1</integer>\n"
			    "\t\t\t<key>active</key>\n\t\t\t<true/>\n"
			    "\t\t\t<key>expression</key>\n\t\t\t<string>");
			buf_html(&b, allow);
			buf_str(&b, "/*</string>\n"
			    "\t\t\t<key>regex</key>\n\t\t\t<false/>\n"
			    "\t\t</dict>\n\t</array>\n");
		}
	}
	buf_str(&b, "</dict>\n</plist>\n");
	out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

void
exam_seb_config_key(const char *start_url, const char *quit_url,
    const char *allow, char hex[65])
{
	struct buf b = BUF_INIT;
	unsigned char h[crypto_hash_sha256_BYTES];

	/* SEB-JSON: no whitespace, strings as they are (no escaping). */
	buf_str(&b, "{");
	for (size_t i = 0; i < sizeof seb_settings / sizeof *seb_settings; i++) {
		const struct seb_setting *st = &seb_settings[i];

		buf_printf(&b, "%s\"%s\":", i ? "," : "", st->key);
		switch (st->type) {
		case 'b': buf_str(&b, st->value ? "true" : "false"); break;
		case 'i': buf_printf(&b, "%d", st->value); break;
		case 's':
			buf_printf(&b, "\"%s\"", st->value == 1 ? start_url : quit_url);
			break;
		default:
			buf_printf(&b, "[{\"action\":1,\"active\":true,\"expression\":"
			    "\"%s/*\",\"regex\":false}]", allow);
		}
	}
	buf_str(&b, "}");
	crypto_hash_sha256(h, (const unsigned char *)b.data, b.len);
	sodium_bin2hex(hex, 65, h, sizeof h);
	buf_free(&b);
}
