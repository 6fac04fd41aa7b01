/*
 * cert_notify.c - mail to a certificate's holder: issued (with the PDF's
 * link, once the PDF is rendered), revoked (not for a re-issue, whose
 * new certificate is announced instead), and reminders 90 and 30 days
 * before it expires. Each is sent once: cert_notices records it, in the
 * same write that queues the mail (mail_queue_db), whether or not the
 * holder wants it (users.notify_issued, notify_revoked, notify_expiry)
 * or has an address. Runs on the mail worker (mail_on_scan), never on a
 * request's thread: issuing and revoking only wake it.
 */
#include "cert.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail.h"
#include "timefmt.h"

#define NOTIFY_BATCH 50

struct notice {
	int64_t cert;
	const char *kind;	/* cert_notices.kind */
	const char *mail;	/* the mail's kind, NULL: record only */
	const char *to, *lang;
	json_t *vars;
	int recorded;
};

static int
record_notice(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO cert_notices(cert_id, kind, at) VALUES (?, ?, ?)";
	struct notice *n = ctx;
	struct stmt *st = db_stmt_int(d, sql, n->cert);

	if (st == NULL)
		return -1;
	db_bind_text(st, 2, n->kind);
	db_bind_int64(st, 3, (int64_t)time(NULL));
	if (db_done(st) != 0)
		return -1;
	if ((n->recorded = db_changes(d) > 0) == 0 || n->mail == NULL)
		return 0;
	return mail_queue_db(d, n->to, n->lang, n->mail, n->vars);
}

static char *
day(struct arena *a, long long t)
{
	struct timefmt_tm tm;

	timefmt_split(t, timefmt_offset(), &tm);
	return arena_printf(a, "%04lld-%02d-%02d", tm.year, tm.month, tm.day);
}

/* The columns every query below selects, in this order. */
#define NOTIFY_COLS \
	"c.id, c.serial, c.holder, c.exam_en, c.exam_zh, c.code, c.expires_at, " \
	"c.revoked_at, c.revoke_reason, c.superseded_by, c.pdf_sha256, u.email, u.lang, " \
	"u.notify_issued, u.notify_revoked, u.notify_expiry"

enum { C_ID, C_SERIAL, C_HOLDER, C_EXAM_EN, C_EXAM_ZH, C_CODE, C_EXPIRES, C_REVOKED,
	C_REASON, C_SUPERSEDED, C_PDF, C_EMAIL, C_LANG, C_N_ISSUED, C_N_REVOKED,
	C_N_EXPIRY };

/* One candidate row: records kind and queues mail (if wanted) of it. */
static void
notify_row(struct store *s, struct arena *a, struct stmt *st, const char *kind,
    const char *base_url, long long now)
{
	struct notice n = { db_col_int64(st, C_ID), kind, NULL,
	    db_text(a, st, C_EMAIL), db_text(a, st, C_LANG), NULL, 0 };
	const char *lang = n.lang && strcmp(n.lang, "zh-TW") == 0 ? "zh-TW" : "en";
	const char *serial = db_text(a, st, C_SERIAL);
	const char *reason = db_text(a, st, C_REASON), *by = db_text(a, st, C_SUPERSEDED);
	long long exp = db_col_int64(st, C_EXPIRES);
	const char *verify = cert_verify_url(a, base_url, db_text(a, st, C_CODE));
	int wanted = 0;

	if (strcmp(kind, "issued") == 0) {
		wanted = db_col_int(st, C_N_ISSUED) &&
		    db_col_type(st, C_REVOKED) == DB_NULL;
		n.mail = "cert_issued";
	} else if (strcmp(kind, "revoked") == 0) {
		wanted = db_col_int(st, C_N_REVOKED) &&
		    !cert_reason_is_reissue(reason, by);
		n.mail = "cert_revoked";
	} else {
		/* A certificate already within 30 days when the 90-day
		 * reminder comes due gets only the 30-day one. */
		wanted = db_col_int(st, C_N_EXPIRY) &&
		    !(strcmp(kind, "expiry90") == 0 && exp - now <= 30 * 86400);
		n.mail = "cert_expiry";
	}
	if (!wanted || n.to == NULL)
		n.mail = NULL;
	n.vars = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
	    "name", db_text(a, st, C_HOLDER), "exam", db_text(a, st,
	    strcmp(lang, "zh-TW") == 0 ? C_EXAM_ZH : C_EXAM_EN), "serial", serial,
	    "verify", verify,
	    "link", strcmp(kind, "issued") == 0 ?
	    arena_printf(a, "%s/api/v1/certificates/%s.pdf", base_url, serial) : verify,
	    "reason", reason ? reason : "",
	    "date", strcmp(kind, "revoked") == 0 ?
	    day(a, db_col_int64(st, C_REVOKED)) : exp ? day(a, exp) : "",
	    "lang", lang, "days", (json_int_t)((exp - now + 86399) / 86400));
	store_write(s, record_notice, &n);
	json_decref(n.vars);
}

/* Runs sql (?1 the first argument, ?2 the second) and notifies each row;
 * returns how many rows it read. *last (may be NULL) gets the greatest
 * id handled and *waiting the least id left for its PDF (else 0). */
static int
notify_query(struct store *s, const char *sql, int64_t a1, int64_t a2, const char *kind,
    const char *base_url, int64_t *last, int64_t *waiting)
{
	static const char one[] =
	    "SELECT " NOTIFY_COLS " FROM certificates c JOIN users u "
	    "ON u.id = c.user_id WHERE c.id = ?";
	struct arena *a = arena_new();
	struct stmt *st = db_stmt(store_db(s), sql);
	long long now = (long long)time(NULL);
	int64_t ids[NOTIFY_BATCH];
	int k = 0;

	if (a == NULL || st == NULL) {
		arena_free(a);
		return 0;
	}
	db_bind_int64(st, 1, a1);
	db_bind_int64(st, 2, a2);
	while (k < NOTIFY_BATCH && db_row(st))
		ids[k++] = db_col_int64(st, 0);
	db_end(st);
	for (int i = 0; i < k; i++) {
		struct stmt *r = db_stmt_int(store_db(s), one, ids[i]);

		if (last != NULL)
			*last = ids[i];
		if (!db_row(r)) {
			db_end(r);
			continue;
		}
		/* An issued certificate is announced with its PDF. */
		if (waiting != NULL && db_col_type(r, C_PDF) == DB_NULL &&
		    db_col_type(r, C_REVOKED) == DB_NULL) {
			if (*waiting == 0)
				*waiting = ids[i];
			db_end(r);
			continue;
		}
		notify_row(s, a, r, kind, base_url, now);
		db_end(r);
	}
	arena_free(a);
	return k;
}

void
cert_notify_scan(struct store *s, void *policy)
{
	static const char issued[] =
	    "SELECT c.id FROM certificates c WHERE c.id > ?1 AND ?2 = ?2 AND NOT EXISTS "
	    "(SELECT 1 FROM cert_notices n WHERE n.cert_id = c.id AND n.kind = 'issued') "
	    "ORDER BY c.id LIMIT 50";
	static const char revoked[] =
	    "SELECT c.id FROM certificates c WHERE c.revoked_at IS NOT NULL AND ?1 = ?1 "
	    "AND ?2 = ?2 AND NOT EXISTS (SELECT 1 FROM cert_notices n "
	    "WHERE n.cert_id = c.id AND n.kind = 'revoked') LIMIT 50";
	/* A reminder only for a certificate that was valid for longer
	 * than it gives notice of: one of 60 days is not "expiring" at once. */
	static const char expiring90[] =
	    "SELECT c.id FROM certificates c WHERE c.expires_at > ?1 AND c.expires_at <= ?2 "
	    "AND c.issued_at <= c.expires_at - 90 * 86400 AND c.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM cert_notices n "
	    "WHERE n.cert_id = c.id AND n.kind = 'expiry90') LIMIT 50";
	static const char expiring30[] =
	    "SELECT c.id FROM certificates c WHERE c.expires_at > ?1 AND c.expires_at <= ?2 "
	    "AND c.issued_at <= c.expires_at - 30 * 86400 AND c.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM cert_notices n "
	    "WHERE n.cert_id = c.id AND n.kind = 'expiry30') LIMIT 50";
	/* Every certificate up to low has been announced (or is not to
	 * be); a restart looks at every one once. Only the mail worker's
	 * thread runs this. */
	static int64_t low;
	const struct cert_policy *p = policy;
	int64_t now = (int64_t)time(NULL), last = low, waiting = 0, from = low;

	for (int round = 0; round < 20 && notify_query(s, issued, from, 0, "issued",
	    p->base_url, &last, &waiting) == NOTIFY_BATCH; round++)
		from = last;
	low = waiting ? waiting - 1 : last;
	for (int round = 0; round < 20 && notify_query(s, revoked, 0, 0, "revoked",
	    p->base_url, NULL, NULL) == NOTIFY_BATCH; round++)
		;
	for (int round = 0; round < 20 && notify_query(s, expiring90, now, now + 90 * 86400,
	    "expiry90", p->base_url, NULL, NULL) == NOTIFY_BATCH; round++)
		;
	for (int round = 0; round < 20 && notify_query(s, expiring30, now, now + 30 * 86400,
	    "expiry30", p->base_url, NULL, NULL) == NOTIFY_BATCH; round++)
		;
}
