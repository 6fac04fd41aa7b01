/*
 * consent.c - the personal-data notice's versions and the accounts'
 * acceptances: tables notice_versions and consents (schema.c); see
 * consent.h. Reads on the caller's connection, writes through the
 * writer, each audited.
 */
#include "consent.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "utf8.h"

static const char current_sql[] =
    "SELECT version, created_at, text_en, text_zh FROM notice_versions "
    "ORDER BY version DESC LIMIT 1";

int
consent_current(struct store *s, struct arena *a, struct consent_notice *n)
{
	struct stmt *st = db_stmt(store_db(s), current_sql);

	memset(n, 0, sizeof *n);
	if (!db_row(st)) {
		db_end(st);
		return -1;
	}
	n->version = db_col_int64(st, 0);
	n->created_at = db_col_int64(st, 1);
	n->text_en = db_text(a, st, 2);
	n->text_zh = db_text(a, st, 3);
	db_end(st);
	return 0;
}

json_t *
consent_versions(struct store *s)
{
	return db_json_rows(db_stmt(store_db(s),
	    "SELECT version, created_at, text_en, text_zh FROM notice_versions "
	    "ORDER BY version DESC"));
}

int
consent_ok(struct store *s, int64_t user)
{
	return db_exists(db_stmt_int(store_db(s),
	    "SELECT 1 FROM consents WHERE user_id = ?1 AND version = "
	    "(SELECT max(version) FROM notice_versions)", user));
}

json_t *
consent_user(struct store *s, int64_t user)
{
	return db_json_rows(db_stmt_int(store_db(s),
	    "SELECT version, accepted_at FROM consents WHERE user_id = ?1 "
	    "ORDER BY version", user));
}

struct accept {
	int64_t user, version;
	const char *err;
};

static int
accept_fn(struct db *d, void *ctx)
{
	struct accept *ac = ctx;
	struct stmt *st;
	char detail[32];

	/* The check is made here, on the writer, so that a version saved
	 * meanwhile is not accepted unseen. */
	if (db_one_int(db_stmt(d, "SELECT max(version) FROM notice_versions"), 0) !=
	    ac->version) {
		ac->err = "consent_version_stale";
		return -1;
	}
	st = db_stmt(d, "INSERT OR IGNORE INTO consents(user_id, version, accepted_at) "
	    "VALUES (?1, ?2, ?3)");
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, ac->user);
	db_bind_int64(st, 2, ac->version);
	db_bind_int64(st, 3, (int64_t)time(NULL));
	if (db_done(st) != 0)
		return -1;
	if (db_changes(d) == 0)
		return 0;	/* accepted before: nothing new to record */
	snprintf(detail, sizeof detail, "version %lld", (long long)ac->version);
	return db_audit(d, "consent.accept", detail);
}

int
consent_accept(struct store *s, int64_t user, int64_t version, const char **err)
{
	struct accept ac = { user, version, NULL };

	if (store_write(s, accept_fn, &ac) == 0)
		return 0;
	*err = ac.err ? ac.err : "internal_error";
	return -1;
}

/* A notice's text: UTF-8, no control characters but line breaks and
 * tabs, something besides blanks, at most CONSENT_TEXT_MAX bytes. */
static int
text_ok(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	int seen = 0;

	if (n == 0 || n > CONSENT_TEXT_MAX || !utf8_valid(t, n))
		return 0;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
			return 0;
		if (*p > ' ')
			seen = 1;
	}
	return seen;
}

struct publish {
	const char *en, *zh;
	int64_t version;
};

static int
publish_fn(struct db *d, void *ctx)
{
	struct publish *pb = ctx;
	struct stmt *st = db_stmt(d, "INSERT INTO notice_versions(version, text_en, "
	    "text_zh, created_at) VALUES ((SELECT max(version) + 1 FROM notice_versions), "
	    "?1, ?2, ?3)");
	char detail[32];

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, pb->en);
	db_bind_text(st, 2, pb->zh);
	db_bind_int64(st, 3, (int64_t)time(NULL));
	if (db_done(st) != 0)
		return -1;
	pb->version = db_last_id(d);
	snprintf(detail, sizeof detail, "version %lld", (long long)pb->version);
	return db_audit(d, "consent.publish", detail);
}

int
consent_publish(struct store *s, const char *en, const char *zh, int64_t *version,
    const char **err)
{
	struct publish pb = { en, zh, 0 };

	if (!text_ok(en) || !text_ok(zh)) {
		*err = "consent_text_invalid";
		return -1;
	}
	if (store_write(s, publish_fn, &pb) != 0) {
		*err = "internal_error";
		return -1;
	}
	*version = pb.version;
	return 0;
}
