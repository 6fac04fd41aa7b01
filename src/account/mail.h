/*
 * mail.h - mail to account holders: a durable outbox and the worker that
 * sends it.
 *
 * mail_queue renders a message when it is queued (subject, plain text and
 * HTML from the catalogs, in the recipient's language, every value
 * escaped in the HTML) and commits it to the mail_outbox table; nothing
 * is sent on the caller's thread. The worker (one thread, started by
 * `aicert serve --smtp URL`) sends what is due through libcurl's SMTP,
 * writes sent_at only after the server accepted the message, and retries
 * a failure after 1 minute, doubling to 1 hour, giving up two days after
 * the message was queued (failed_at, shown on /console/outbox); a body
 * sent or given up is emptied (its links and names are not kept). A restart
 * or a kill -9 loses nothing: the outbox is read again at start.
 *
 * Without --smtp nothing is sent: messages wait in the outbox, and pages
 * that would send one say so (mail_enabled).
 */
#ifndef AICERT_MAIL_H
#define AICERT_MAIL_H

#include <jansson.h>

#include "store.h"

#define MAIL_RETRY_FIRST 60		/* seconds before the first retry */
#define MAIL_RETRY_MAX 3600		/* the longest wait between tries */
#define MAIL_GIVE_UP (2 * 86400)	/* seconds after queueing */

struct mail_config {
	const char *url;	/* smtp://HOST:PORT or smtps://HOST:PORT */
	const char *user;	/* NULL: no authentication */
	const char *password;
	const char *from;	/* the envelope and From: address */
};

/* Checks an email address: 3-254 bytes of printable ASCII, one "@"
 * with something before it and a dotted domain after it, no space,
 * quote or angle bracket. NULL if fine, else a catalog key
 * ("email_invalid"). "" is not an address: callers treat it as none. */
const char *mail_check_address(const char *addr);

/* Queues a message of kind ("reset", "set_password", "cert_issued",
 * "cert_revoked", "cert_expiry") to address to in lang ("en" or "zh-TW";
 * anything else English). Its subject is the catalog's mail_KIND_subject
 * and its body mail_KIND_text, each "{name}" filled from the string (or
 * number) members of vars (may be NULL; borrowed); a member "link" is
 * also given as a link in the HTML part. Committed when it returns. 0, or
 * -1 (a write that failed, an invalid address). to NULL or "" (an account
 * without an address): nothing queued, 0. Wakes the worker. */
int mail_queue(struct store *s, const char *to, const char *lang,
    const char *kind, json_t *vars);

/* The same inside a write (store.h), committed with it: for messages
 * that go with a change, such as a notice recorded as sent. Does not
 * wake the worker (mail_kick after the commit). */
int mail_queue_db(struct db *d, const char *to, const char *lang,
    const char *kind, json_t *vars);
/* Wakes the worker (nothing when there is none): cheap, any thread. */
void mail_kick(void);
/* fn(s, ctx) runs on the worker before it sends, when woken and every
 * minute: it queues what needs telling (cert_notify.c). Set before
 * mail_worker_start. */
void mail_on_scan(void (*fn)(struct store *s, void *ctx), void *ctx);

/* Starts the worker sending s's outbox through cfg (copied); 0 or -1. */
int mail_worker_start(struct store *s, const struct mail_config *cfg);
/* Stops it after the message in flight. */
void mail_worker_stop(void);
/* 1 while a worker sends mail (serve was given --smtp). */
int mail_enabled(void);
/* Makes every message that waits for a retry due now (not those given
 * up: their bodies are gone), and wakes the worker; returns how many, or
 * -1. */
int mail_retry_now(struct store *s);

/* What the outbox holds, a new reference: {"enabled", "queued", "sent",
 * "failed", "messages": [{"id","to","kind","lang","created_at",
 * "attempts","next_at","sent_at","failed_at","last_error"}]} (the latest
 * limit messages, newest first). */
json_t *mail_outbox_summary(struct store *s, int limit);

#endif
