/*
 * cert.c - certificates in SQLite; see cert.h. Depends on the code format
 * (cert_code.c), the status list, the PDF renderer and the store.
 */
#include "cert.h"


#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert_pdf.h"
#include "status_list.h"

/* Bumped after every write to certificates or keys: what a verification
 * remembered under an older generation is read again (see cert_check). */
static _Atomic uint64_t cert_gen = 1;

static void
cert_changed(void)
{
	atomic_fetch_add(&cert_gen, 1);
}

#define CERT_COLS "id, serial, attempt_id, user_id, exam_id, holder, holder_alt, " \
	"exam_en, exam_zh, score_bp, issued_at, expires_at, key_id, code, pdf_sha256, " \
	"revoked_at, revoke_reason, superseded_by"

const char *
cert_status_name(enum cert_status st)
{
	switch (st) {
	case CERT_VALID: return "valid";
	case CERT_REVOKED: return "revoked";
	case CERT_EXPIRED: return "expired";
	default: return "invalid";
	}
}

static char *
col(struct arena *a, sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? arena_strdup(a, t) : NULL;
}

static void
fill(struct arena *a, sqlite3_stmt *st, struct cert *c)
{
	c->id = sqlite3_column_int64(st, 0);
	c->serial = col(a, st, 1);
	c->attempt_id = sqlite3_column_int64(st, 2);
	c->user_id = sqlite3_column_int64(st, 3);
	c->exam_id = col(a, st, 4);
	c->holder = col(a, st, 5);
	c->holder_alt = col(a, st, 6);
	c->exam_en = col(a, st, 7);
	c->exam_zh = col(a, st, 8);
	c->score_bp = sqlite3_column_int(st, 9);
	c->issued_at = sqlite3_column_int64(st, 10);
	c->expires_at = sqlite3_column_int64(st, 11);
	c->key_id = col(a, st, 12);
	c->code = col(a, st, 13);
	c->pdf_sha256 = col(a, st, 14);
	c->revoked_at = sqlite3_column_int64(st, 15);
	c->revoke_reason = col(a, st, 16);
	c->superseded_by = col(a, st, 17);
}

static int
find_by(struct db *d, struct arena *a, const char *sql, sqlite3_int64 id,
    const char *text, struct cert *c)
{
	sqlite3_stmt *st = db_stmt(d, sql);
	int found = 0;

	if (st == NULL)
		return 0;
	if (text != NULL)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		fill(a, st, c);
		found = 1;
	}
	sqlite3_reset(st);
	return found;
}

static const char by_serial[] = "SELECT " CERT_COLS " FROM certificates WHERE serial = ?";
static const char by_attempt[] = "SELECT " CERT_COLS " FROM certificates "
    "WHERE attempt_id = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1";

int
cert_find(struct store *s, struct arena *a, const char *serial, struct cert *c)
{
	return serial != NULL && find_by(store_db(s), a, by_serial, 0, serial, c);
}

int
cert_of_attempt(struct store *s, struct arena *a, int64_t attempt_id, struct cert *c)
{
	return find_by(store_db(s), a, by_attempt, attempt_id, NULL, c);
}

char *
cert_verify_url(struct arena *a, const char *base_url, const char *code)
{
	char *u = arena_printf(a, "%s/V/%s", base_url, code);

	/* Upper case keeps the whole URL in QR alphanumeric mode; scheme and
	 * host are case-insensitive and the server takes /V/ and /v/. */
	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

void
cert_issuer(struct store *s, struct arena *a, const char **en, const char **zh)
{
	char *e = store_setting(s, "issuer_en"), *z = store_setting(s, "issuer_zh");

	*en = arena_strdup(a, e ? e : "aicert AI Skills Certification");
	*zh = arena_strdup(a, z ? z : "aicert 人工智慧技能認證");
	free(e);
	free(z);
}

/* ---- issuing ---- */

struct issue {
	const struct signing_key *k;
	int64_t attempt;
	int64_t supersede;	/* id of a certificate this one replaces, or 0 */
	int64_t user;		/* who asked (audit), 0 = the system */
	struct arena *a;
	char *serial;
	int result;
	const char *why;	/* on failure: the reason, in English */
};

/* Why a holder's name (holder_alt: the other one) cannot go into a
 * certificate code, or NULL if it can (cert_code_make's rules). */
static const char *
name_problem(const char *name, int alt)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0)
		return alt ? NULL : "the holder has no name";
	if (n > 255)
		return alt ? "the holder's other name is longer than 255 bytes" :
		    "the holder's name is longer than 255 bytes";
	if (!cert_code_text_ok(name, n, 0))
		return alt ? "the holder's other name holds a control character or is not "
		    "UTF-8, which a certificate cannot carry" :
		    "the holder's name holds a control character or is not UTF-8, which a "
		    "certificate cannot carry";
	return NULL;
}

/* Clears the attempt's recorded failure once its certificate is done. */
static int
clear_failure(struct db *d, int64_t attempt)
{
	static const char sql[] =
	    "UPDATE attempts SET cert_error = NULL WHERE id = ? AND cert_error IS NOT NULL";
	sqlite3_stmt *st = db_stmt(d, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, attempt);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

struct failure {
	int64_t attempt;
	const char *why;
	char public_id[64];	/* read back, for the log */
};

static int
failure_fn(struct db *d, void *ctx)
{
	static const char pid[] = "SELECT public_id FROM attempts WHERE id = ?";
	static const char set[] =
	    "UPDATE attempts SET cert_error = ?2 WHERE id = ?1 AND cert_error IS NOT ?2";
	struct failure *f = ctx;
	sqlite3_stmt *st = db_stmt(d, pid);
	char detail[640];
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, f->attempt);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(f->public_id, sizeof f->public_id, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if ((st = db_stmt(d, set)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, f->attempt);
	sqlite3_bind_text(st, 2, f->why, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	/* One audit row per reason, not one per retry at each start. */
	if (sqlite3_changes(db_handle(d)) == 0)
		return 0;
	snprintf(detail, sizeof detail, "attempt %s: %s", f->public_id, f->why);
	return db_audit(d, "cert.issue_failed", detail);
}

/* Records that attempt's certificate (or its PDF) could not be made: on
 * stderr, on the attempt for trainers to see, and in the audit trail. */
static void
record_failure(struct store *s, int64_t attempt, const char *why)
{
	struct failure f = { attempt, why, "" };

	store_write(s, failure_fn, &f);
	fprintf(stderr, "aicert: certificate of attempt %s not issued: %s\n",
	    f.public_id[0] ? f.public_id : "?", why);
}

/* Same month and day, years later (UTC). */
static int64_t
add_years(int64_t t, int years)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	tm.tm_year += years;
	return (int64_t)timegm(&tm);
}

static int
issue_fn(struct db *d, void *ctx)
{
	static const char att[] =
	    "SELECT a.state, a.passed, a.percent, a.exam_def, a.exam_id, a.user_id, "
	    "u.name, u.name_alt FROM attempts a JOIN users u ON u.id = a.user_id WHERE a.id = ?";
	static const char next[] = "SELECT coalesce(max(id), 0) + 1 FROM certificates";
	static const char ins[] =
	    "INSERT INTO certificates(id, serial, attempt_id, user_id, exam_id, holder, "
	    "holder_alt, exam_en, exam_zh, score_bp, issued_at, expires_at, key_id, code) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char supersede[] =
	    "UPDATE certificates SET superseded_by = ?, revoked_at = coalesce(revoked_at, ?), "
	    "revoke_reason = coalesce(revoke_reason, 'superseded by ' || ?) WHERE id = ?";
	struct issue *is = ctx;
	struct cert existing;
	struct cert_claims cl;
	sqlite3_stmt *st;
	json_t *def = NULL;
	int64_t now = (int64_t)time(NULL), id, expires = 0;
	int years, rc;
	char *code = NULL;
	struct tm tm;
	time_t tt = (time_t)now;

	is->result = 0;
	if (is->supersede == 0 && find_by(d, is->a, by_attempt, is->attempt, NULL, &existing)) {
		is->serial = existing.serial;
		is->result = 1;
		return 0;
	}
	if ((st = db_stmt(d, att)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, is->attempt);
	if (sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0),
	    "running") == 0 || sqlite3_column_int(st, 1) != 1) {
		sqlite3_reset(st);
		return 0;	/* not graded, or not passed: nothing due */
	}
	def = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
	years = (int)json_integer_value(json_object_get(json_object_get(def, "certificate"),
	    "valid_years"));
	/* A name the code cannot carry is refused here, with a reason,
	 * rather than cut short or failing without one. */
	if (years > 0 && ((is->why = name_problem((const char *)sqlite3_column_text(st, 6),
	    0)) != NULL || (is->why = name_problem((const char *)sqlite3_column_text(st, 7),
	    1)) != NULL)) {
		sqlite3_reset(st);
		goto fail;
	}
	memset(&cl, 0, sizeof cl);
	snprintf(cl.holder, sizeof cl.holder, "%s", (const char *)sqlite3_column_text(st, 6));
	if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		snprintf(cl.holder_alt, sizeof cl.holder_alt, "%s",
		    (const char *)sqlite3_column_text(st, 7));
	snprintf(cl.exam, sizeof cl.exam, "%s", (const char *)sqlite3_column_text(st, 4));
	cl.score_bp = (unsigned)lround(sqlite3_column_double(st, 2) * 100.0);
	cl.passed = 1;
	{
		int64_t uid = sqlite3_column_int64(st, 5);

		sqlite3_reset(st);
		if (years <= 0) {
			json_decref(def);
			return 0;	/* this exam awards no certificate */
		}
		is->why = "the database refused the certificate";
		if ((st = db_stmt(d, next)) == NULL || sqlite3_step(st) != SQLITE_ROW)
			goto fail;
		id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		gmtime_r(&tt, &tm);
		snprintf(cl.serial, sizeof cl.serial, "AIC-%04d-%06lld", tm.tm_year + 1900,
		    (long long)id);
		expires = add_years(now, years);
		cl.issued_day = (long)(now / 86400);
		cl.expires_day = (long)(expires / 86400);
		sodium_hex2bin(cl.key_id, sizeof cl.key_id, is->k->id, KEY_ID_LEN, NULL, NULL, NULL);
		if ((code = cert_code_make(&cl, is->k->sk)) == NULL) {
			is->why = "the certificate code could not be made from its claims";
			goto fail;
		}
		if ((st = db_stmt(d, ins)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, cl.serial, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, is->attempt);
		sqlite3_bind_int64(st, 4, uid);
		sqlite3_bind_text(st, 5, cl.exam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, cl.holder, -1, SQLITE_TRANSIENT);
		if (cl.holder_alt[0] != '\0')
			sqlite3_bind_text(st, 7, cl.holder_alt, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, json_string_value(json_object_get(json_object_get(def,
		    "title"), "en")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, json_string_value(json_object_get(json_object_get(def,
		    "title"), "zh-TW")), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 10, (int)cl.score_bp);
		sqlite3_bind_int64(st, 11, now);
		sqlite3_bind_int64(st, 12, expires);
		sqlite3_bind_text(st, 13, is->k->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 14, code, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	if (is->supersede != 0) {
		if ((st = db_stmt(d, supersede)) == NULL)
			goto fail;
		sqlite3_bind_text(st, 1, cl.serial, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_text(st, 3, cl.serial, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, is->supersede);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	if (db_audit(d, is->supersede ? "certificate.reissue" : "certificate.issue",
	    cl.serial) != 0 || clear_failure(d, is->attempt) != 0)
		goto fail;
	is->serial = arena_strdup(is->a, cl.serial);
	is->result = 1;
	free(code);
	json_decref(def);
	return 0;
fail:
	free(code);
	json_decref(def);
	is->result = -1;
	return -1;
}

int
cert_issue(struct store *s, const struct signing_key *k, int64_t attempt_id,
    struct arena *a, char **serial)
{
	struct issue is = { k, attempt_id, 0, 0, a, NULL, 0, NULL };

	int rc = store_write(s, issue_fn, &is);

	cert_changed();
	if (rc != 0) {
		record_failure(s, attempt_id, is.why ? is.why :
		    "the database could not be written");
		return -1;
	}
	*serial = is.serial;
	return is.result;
}

int
cert_reissue(struct store *s, const struct signing_key *k, const char *serial,
    int64_t user, struct arena *a, char **new_serial)
{
	struct cert c;
	struct issue is;
	int rc;

	if (!cert_find(s, a, serial, &c))
		return 0;
	is = (struct issue){ k, c.attempt_id, c.id, user, a, NULL, 0, NULL };
	rc = store_write(s, issue_fn, &is);
	cert_changed();
	if (rc != 0 || is.result != 1)
		return -1;
	*new_serial = is.serial;
	return 1;
}

/* ---- the PDF ---- */

struct pdf_store {
	int64_t attempt;
	const char *serial;
	const unsigned char *pdf;
	size_t len;
	char hash[65];
};

static int
store_pdf(struct db *d, void *ctx)
{
	static const char sql[] =
	    "UPDATE certificates SET pdf = ?, pdf_sha256 = ? WHERE serial = ? AND pdf IS NULL";
	struct pdf_store *ps = ctx;
	sqlite3_stmt *st = db_stmt(d, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, ps->pdf, (int)ps->len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ps->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ps->serial, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	return clear_failure(d, ps->attempt);	/* issued and rendered: done */
}

int
cert_render(struct store *s, const char *serial, const char *base_url)
{
	struct arena *a = arena_new();
	struct cert c;
	struct cert_doc doc;
	struct pdf_store ps;
	unsigned char *pdf = NULL, h[32];
	size_t len = 0;
	const char *err = NULL;
	int rc = -1;

	if (!cert_find(s, a, serial, &c))
		goto done;
	if (c.pdf_sha256 != NULL) {
		rc = 0;		/* rendered once, never again: its hash is published */
		goto done;
	}
	memset(&doc, 0, sizeof doc);
	doc.holder = c.holder;
	doc.holder_alt = c.holder_alt;
	doc.exam_en = c.exam_en;
	doc.exam_zh = c.exam_zh;
	cert_issuer(s, a, &doc.issuer_en, &doc.issuer_zh);
	doc.serial = c.serial;
	doc.percent = c.score_bp / 100.0;
	doc.issued_at = c.issued_at;
	doc.expires_at = c.expires_at;
	doc.verify_url = cert_verify_url(a, base_url, c.code);
	doc.key_id = c.key_id;
	doc.tz = "Asia/Taipei";
	if (cert_pdf_render(&doc, &pdf, &len, &err) != 0) {
		record_failure(s, c.attempt_id, arena_printf(a, "%s: the PDF could not be "
		    "rendered: %s", serial, err ? err : "render failed"));
		goto done;
	}
	crypto_hash_sha256(h, pdf, len);
	sodium_bin2hex(ps.hash, sizeof ps.hash, h, sizeof h);
	ps.attempt = c.attempt_id;
	ps.serial = serial;
	ps.pdf = pdf;
	ps.len = len;
	rc = store_write(s, store_pdf, &ps);
	cert_changed();		/* a verification shows the PDF's hash */
done:
	free(pdf);
	arena_free(a);
	return rc;
}

int
cert_pdf_load(struct store *s, const char *serial, unsigned char **pdf, size_t *len)
{
	static const char sql[] = "SELECT pdf FROM certificates WHERE serial = ? AND pdf IS NOT NULL";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	int found = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		if ((*pdf = malloc(*len + 1)) == NULL)
			abort();
		memcpy(*pdf, sqlite3_column_blob(st, 0), *len);
		found = 1;
	}
	sqlite3_reset(st);
	return found;
}

char *
cert_issue_error(struct store *s, struct arena *a, int64_t attempt_id)
{
	static const char sql[] = "SELECT cert_error FROM attempts WHERE id = ?";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	char *why = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, attempt_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		why = col(a, st, 0);
	sqlite3_reset(st);
	return why;
}

/* ---- what a crash left undone ---- */

/* The rows of sql, each an id and a text (or NULL), into malloc'd
 * arrays (the texts malloc'd too; the caller frees all). How many, or -1. */
static long
collect(struct db *d, const char *sql, int64_t **ids, char ***serials)
{
	sqlite3_stmt *st = db_stmt(d, sql);
	size_t n = 0, cap = 0;

	*ids = NULL;
	*serials = NULL;
	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((*ids = realloc(*ids, cap * sizeof **ids)) == NULL ||
			    (*serials = realloc(*serials, cap * sizeof **serials)) == NULL)
				abort();
		}
		(*ids)[n] = sqlite3_column_int64(st, 0);
		(*serials)[n] = sqlite3_column_type(st, 1) == SQLITE_TEXT ?
		    strdup((const char *)sqlite3_column_text(st, 1)) : NULL;
		n++;
	}
	sqlite3_reset(st);
	return (long)n;
}

int
cert_catch_up(struct store *s, const struct signing_key *k, const char *base_url,
    struct cert_backlog *out)
{
	/* cert_issue's rule, for every attempt at once: graded, passed, an
	 * exam that awards certificates, and no certificate ever issued for
	 * it (a revoked one stays; a re-issued one has its successor). */
	static const char due[] =
	    "SELECT a.id, NULL FROM attempts a WHERE a.state != 'running' AND a.passed = 1 "
	    "AND json_type(a.exam_def, '$.certificate.valid_years') = 'integer' "
	    "AND json_extract(a.exam_def, '$.certificate.valid_years') > 0 "
	    "AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.attempt_id = a.id) "
	    "ORDER BY a.id";
	/* Certificates in force whose PDF was never stored. */
	static const char unrendered[] =
	    "SELECT id, serial FROM certificates WHERE pdf IS NULL "
	    "AND superseded_by IS NULL AND revoked_at IS NULL ORDER BY id";
	struct db *d = store_db(s);
	int64_t *ids;
	char **serials;
	long n;

	memset(out, 0, sizeof *out);
	if ((n = collect(d, due, &ids, &serials)) < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		struct arena *a = arena_new();
		char *serial = NULL;
		int rc = cert_issue(s, k, ids[i], a, &serial);

		out->issued += rc == 1;
		out->failed += rc < 0;
		arena_free(a);
	}
	free(ids);
	free(serials);
	if ((n = collect(d, unrendered, &ids, &serials)) < 0)
		return -1;
	for (long i = 0; i < n; i++) {
		if (serials[i] != NULL && cert_render(s, serials[i], base_url) == 0)
			out->rendered++;
		else
			out->failed++;
		free(serials[i]);
	}
	free(ids);
	free(serials);
	return 0;
}

/* ---- revocation ---- */

struct revoke {
	const char *serial, *reason;
	int64_t user;
	int result;
};

static int
revoke_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "UPDATE certificates SET revoked_at = ?, revoke_reason = ? "
	    "WHERE serial = ? AND revoked_at IS NULL";
	static const char exists[] = "SELECT 1 FROM certificates WHERE serial = ?";
	struct revoke *rv = ctx;
	sqlite3_stmt *st = db_stmt(d, sql);
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, rv->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rv->serial, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(db_handle(d)) == 0) {
		if ((st = db_stmt(d, exists)) == NULL)
			return -1;
		sqlite3_bind_text(st, 1, rv->serial, -1, SQLITE_STATIC);
		rv->result = sqlite3_step(st) == SQLITE_ROW ? 2 : 0;
		sqlite3_reset(st);
		return 0;
	}
	rv->result = 1;
	return db_audit(d, "certificate.revoke", rv->serial);
}

int
cert_revoke(struct store *s, const char *serial, const char *reason, int64_t user)
{
	struct revoke rv = { serial, reason, user, -1 };
	int rc = store_write(s, revoke_fn, &rv);

	cert_changed();
	if (rc != 0)
		return -1;
	return rv.result;
}

char *
cert_status_list(struct store *s, const struct signing_key *k)
{
	static const char sql[] =
	    "SELECT serial, revoked_at, revoke_reason FROM certificates "
	    "WHERE revoked_at IS NOT NULL ORDER BY revoked_at, serial";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	struct arena *a = arena_new();
	struct status_entry *e = NULL;
	size_t n = 0;
	char *text;

	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		e = arena_grow(a, e, n, n + 1, sizeof *e);
		e[n].serial = col(a, st, 0);
		e[n].revoked_at = sqlite3_column_int64(st, 1);
		e[n].reason = col(a, st, 2);
		n++;
	}
	if (st != NULL)
		sqlite3_reset(st);
	text = status_list_make(e, n, k->sk, k->id, (long long)time(NULL));
	arena_free(a);
	return text;
}

/* ---- keys ---- */

struct keyrow {
	const struct signing_key *k;
};

static int
register_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO signing_keys(id, public_pem, created_at) VALUES (?, ?, ?) "
	    "ON CONFLICT(id) DO NOTHING";
	static const char retire[] =
	    "UPDATE signing_keys SET retired_at = ? WHERE id != ? AND retired_at IS NULL";
	const struct signing_key *k = ((struct keyrow *)ctx)->k;
	sqlite3_stmt *st = db_stmt(d, sql);
	char pem[256];
	int rc;

	if (st == NULL)
		return -1;
	keys_public_pem(k->pk, pem, sizeof pem);
	sqlite3_bind_text(st, 1, k->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pem, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || (st = db_stmt(d, retire)) == NULL)
		return -1;
	/* Exactly one key signs: the one in use; the others only verify. */
	sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
	sqlite3_bind_text(st, 2, k->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
cert_keys_register(struct store *s, const struct signing_key *k)
{
	struct keyrow kr = { k };
	int rc = store_write(s, register_fn, &kr);

	cert_changed();
	return rc;
}

json_t *
cert_keys_json(struct store *s)
{
	static const char sql[] =
	    "SELECT id, public_pem, created_at, retired_at FROM signing_keys ORDER BY created_at";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	struct arena *a = arena_new();
	const char *en, *zh;
	json_t *keys = json_array(), *out;

	while (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(keys, json_pack("{s:s, s:s, s:s, s:I, s:o}",
		    "id", (const char *)sqlite3_column_text(st, 0),
		    "public_key_pem", (const char *)sqlite3_column_text(st, 1),
		    "status", sqlite3_column_type(st, 3) == SQLITE_NULL ? "current" : "retired",
		    "created_at", (json_int_t)sqlite3_column_int64(st, 2),
		    "retired_at", sqlite3_column_type(st, 3) == SQLITE_NULL ? json_null() :
		    json_integer(sqlite3_column_int64(st, 3))));
	if (st != NULL)
		sqlite3_reset(st);
	cert_issuer(s, a, &en, &zh);
	out = json_pack("{s:{s:s, s:s}, s:s, s:o}", "issuer", "en", en, "zh-TW", zh,
	    "algorithm", "Ed25519", "keys", keys);
	arena_free(a);
	return out;
}

/* The public key with this id from the key set. 1 found, 0 not. */
static int
key_by_id(struct store *s, const char *id, unsigned char pk[32])
{
	static const char sql[] = "SELECT public_pem FROM signing_keys WHERE id = ?";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	int found = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *pem = (const char *)sqlite3_column_text(st, 0);

		found = keys_parse_public_pem(&pem, pk) == 0;
	}
	sqlite3_reset(st);
	return found;
}

/* ---- verification ----
 *
 * A verified code is answered from memory: an employer's check then costs
 * no signature verification and no database read. An entry holds for the
 * generation of certificates and keys it was read under (every change
 * this process makes bumps it), for the day it was read on (expiry), and
 * for at most VCACHE_TTL seconds (changes made by another process). */

#define VCACHE_SLOTS 1024
#define VCACHE_TTL 60

struct vcache_entry {
	pthread_mutex_t mu;
	char *code;			/* NULL: empty */
	uint64_t store;			/* db_store_id of the store it was read from */
	uint64_t gen;
	long day;
	time_t at;
	enum cert_status st;
	int found;
	struct cert_claims cl;
	struct cert rec;		/* strings in a */
	struct arena *a;
	char *answer[2];		/* the JSON answer in en, zh-TW (malloc'd) */
};

static struct vcache_entry vcache[VCACHE_SLOTS];
static pthread_once_t vcache_once = PTHREAD_ONCE_INIT;

static void
vcache_init(void)
{
	for (size_t i = 0; i < VCACHE_SLOTS; i++)
		pthread_mutex_init(&vcache[i].mu, NULL);
}

static struct vcache_entry *
vcache_slot(const char *code)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t len = strlen(code);

	pthread_once(&vcache_once, vcache_init);
	/* The last 24 characters: they are the signature's, as random as
	 * a hash (entries are told apart by the whole code). */
	for (const unsigned char *p = (const unsigned char *)code + (len > 24 ? len - 24 : 0);
	    *p; p++)
		h = (h ^ *p) * 16777619u;
	return &vcache[h % VCACHE_SLOTS];
}

static char *
dup_or_null(struct arena *a, const char *t)
{
	return t ? arena_strdup(a, t) : NULL;
}

static void
cert_copy(struct arena *a, struct cert *to, const struct cert *from)
{
	*to = *from;
	to->serial = dup_or_null(a, from->serial);
	to->exam_id = dup_or_null(a, from->exam_id);
	to->holder = dup_or_null(a, from->holder);
	to->holder_alt = dup_or_null(a, from->holder_alt);
	to->exam_en = dup_or_null(a, from->exam_en);
	to->exam_zh = dup_or_null(a, from->exam_zh);
	to->key_id = dup_or_null(a, from->key_id);
	to->code = dup_or_null(a, from->code);
	to->pdf_sha256 = dup_or_null(a, from->pdf_sha256);
	to->revoke_reason = dup_or_null(a, from->revoke_reason);
	to->superseded_by = dup_or_null(a, from->superseded_by);
}

/* 1 if e holds code for store, read under generation gen, and is still
 * good at now (same day, younger than VCACHE_TTL). Under e->mu. */
static int
vcache_holds(const struct vcache_entry *e, uint64_t store, const char *code, uint64_t gen,
    time_t now)
{
	return e->code != NULL && e->store == store && e->gen == gen &&
	    e->day == (long)(now / 86400) && now >= e->at && now - e->at < VCACHE_TTL &&
	    strcmp(e->code, code) == 0;
}

static int
vcache_get(uint64_t store, const char *code, uint64_t gen, time_t now, struct arena *a,
    struct cert_claims *cl, struct cert *rec, int *found, enum cert_status *st)
{
	struct vcache_entry *e = vcache_slot(code);
	int hit;

	pthread_mutex_lock(&e->mu);
	if ((hit = vcache_holds(e, store, code, gen, now))) {
		*cl = e->cl;
		*found = e->found;
		*st = e->st;
		if (e->found)
			cert_copy(a, rec, &e->rec);
	}
	pthread_mutex_unlock(&e->mu);
	return hit;
}

static void
vcache_put(uint64_t store, const char *code, uint64_t gen, time_t now,
    const struct cert_claims *cl, const struct cert *rec, int found, enum cert_status st)
{
	struct vcache_entry *e = vcache_slot(code);
	struct arena *a = arena_new(), *old;
	char *old_code;

	pthread_mutex_lock(&e->mu);
	old = e->a;
	old_code = e->code;
	for (int i = 0; i < 2; i++) {
		free(e->answer[i]);
		e->answer[i] = NULL;
	}
	e->a = a;
	e->code = strdup(code);
	e->store = store;
	e->gen = gen;
	e->day = (long)(now / 86400);
	e->at = now;
	e->st = st;
	e->found = found;
	e->cl = *cl;
	if (found)
		cert_copy(a, &e->rec, rec);
	pthread_mutex_unlock(&e->mu);
	free(old_code);
	if (old != NULL)
		arena_free(old);
}

char *
cert_answer_get(struct store *s, const char *code, int lang, enum cert_status *st,
    char serial[64])
{
	struct vcache_entry *e = vcache_slot(code);
	char *copy = NULL;

	pthread_mutex_lock(&e->mu);
	if (vcache_holds(e, db_store_id(store_db(s)), code, atomic_load(&cert_gen), time(NULL)) &&
	    e->answer[lang != 0] != NULL) {
		copy = strdup(e->answer[lang != 0]);
		*st = e->st;
		snprintf(serial, 64, "%s", e->cl.serial);
	}
	pthread_mutex_unlock(&e->mu);
	return copy;
}

uint64_t
cert_generation(void)
{
	return atomic_load(&cert_gen);
}

void
cert_answer_put(struct store *s, const char *code, int lang, uint64_t gen,
    const char *answer)
{
	struct vcache_entry *e = vcache_slot(code);

	pthread_mutex_lock(&e->mu);
	/* Read under gen: an answer made from older data never joins an
	 * entry refreshed since. */
	if (vcache_holds(e, db_store_id(store_db(s)), code, gen, time(NULL)) &&
	    e->answer[lang != 0] == NULL)
		e->answer[lang != 0] = strdup(answer);
	pthread_mutex_unlock(&e->mu);
}

enum cert_status
cert_check(struct store *s, struct arena *a, const char *code,
    struct cert_claims *claims, struct cert *rec, int *found_rec, const char **why)
{
	unsigned char pk[32];
	char kid[KEY_ID_LEN + 1];
	time_t now = time(NULL);
	long today = (long)(now / 86400);
	uint64_t gen = atomic_load(&cert_gen);	/* before reading: see cert_changed */
	uint64_t store = db_store_id(store_db(s));
	enum cert_status st;

	*found_rec = 0;
	*why = NULL;
	memset(claims, 0, sizeof *claims);
	if (code == NULL)
		code = "";
	if (vcache_get(store, code, gen, now, a, claims, rec, found_rec, &st))
		return st;
	if (cert_code_parse(code, claims, why) != 0)
		return CERT_INVALID;
	sodium_bin2hex(kid, sizeof kid, claims->key_id, sizeof claims->key_id);
	if (!key_by_id(s, kid, pk)) {
		*why = "signed with a key this issuer does not have";
		return CERT_INVALID;
	}
	if (!cert_code_verify(code, pk, claims)) {
		*why = "the signature does not match: the code was altered";
		return CERT_INVALID;
	}
	*found_rec = cert_find(s, a, claims->serial, rec);
	if (*found_rec && rec->revoked_at != 0)
		st = CERT_REVOKED;
	else if (claims->expires_day != 0 && today > claims->expires_day)
		st = CERT_EXPIRED;
	else
		st = CERT_VALID;
	/* Only codes whose signature held: garbage cannot crowd them out. */
	vcache_put(store, code, gen, now, claims, rec, *found_rec, st);
	return st;
}

/* The verification log. Rows wait in the batch that is queued for the
 * writer and not yet taken; the writer takes it whole. */

#define VLOG_MAX 100000		/* rows a batch holds if the writer is stuck */

struct vlog_row {
	int64_t at;
	char serial[64];
	const char *status;	/* static */
	char addr[64];
	long n;
};

struct vlog_batch {
	struct store *s;
	struct vlog_row *rows;
	size_t n, cap;
};

static pthread_mutex_t vlog_mu = PTHREAD_MUTEX_INITIALIZER;
static struct vlog_batch *vlog_open;	/* queued, not yet taken */

static void
vlog_free(void *p)
{
	struct vlog_batch *b = p;

	free(b->rows);
	free(b);
}

static int
log_fn(struct db *d, void *ctx)
{
	static const char sql[] =
	    "INSERT INTO verifications(at, serial, status, addr, n) VALUES (?, ?, ?, ?, ?)";
	struct vlog_batch *b = ctx;
	sqlite3_stmt *st = db_stmt(d, sql);

	pthread_mutex_lock(&vlog_mu);
	if (vlog_open == b)
		vlog_open = NULL;	/* from now on, rows go to a new batch */
	pthread_mutex_unlock(&vlog_mu);
	if (st == NULL)
		return -1;
	for (size_t i = 0; i < b->n; i++) {
		const struct vlog_row *v = &b->rows[i];

		sqlite3_bind_int64(st, 1, v->at);
		if (v->serial[0])
			sqlite3_bind_text(st, 2, v->serial, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_text(st, 3, v->status, -1, SQLITE_STATIC);
		if (v->addr[0])
			sqlite3_bind_text(st, 4, v->addr, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_int64(st, 5, v->n);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	return 0;
}

void
cert_log_verification(struct store *s, const char *serial, enum cert_status st,
    const char *addr)
{
	struct vlog_batch *b, *queue = NULL;
	struct vlog_row *v = NULL;
	const char *status = cert_status_name(st);
	int64_t now = (int64_t)time(NULL);

	if (serial == NULL)
		serial = "";
	if (addr == NULL)
		addr = "";
	pthread_mutex_lock(&vlog_mu);
	if ((b = vlog_open) == NULL || b->s != s) {
		if ((b = calloc(1, sizeof *b)) == NULL)
			goto out;	/* the log is best effort, never a wait */
		b->s = s;
		vlog_open = queue = b;
	}
	/* The same check repeated within the minute counts in its row. */
	for (size_t i = b->n; i > 0 && i + 8 > b->n; i--) {
		struct vlog_row *r = &b->rows[i - 1];

		if (r->at / 60 == now / 60 && r->status == status &&
		    strcmp(r->serial, serial) == 0 && strcmp(r->addr, addr) == 0) {
			r->n++;
			goto out;
		}
	}
	if (b->n == b->cap && b->n < VLOG_MAX) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct vlog_row *rows = realloc(b->rows, cap * sizeof *rows);

		if (rows != NULL) {
			b->rows = rows;
			b->cap = cap;
		}
	}
	if (b->n < b->cap) {
		v = &b->rows[b->n++];
		v->at = now;
		snprintf(v->serial, sizeof v->serial, "%s", serial);
		v->status = status;
		snprintf(v->addr, sizeof v->addr, "%s", addr);
		v->n = 1;
	}
out:
	pthread_mutex_unlock(&vlog_mu);
	if (queue != NULL)
		store_write_async(s, log_fn, queue, vlog_free);
}

json_t *
cert_list_user(struct store *s, int64_t user_id, const char *base_url, const char *lang)
{
	static const char sql[] =
	    "SELECT " CERT_COLS " FROM certificates WHERE user_id = ? ORDER BY id DESC";
	sqlite3_stmt *st = db_stmt(store_db(s), sql);
	struct arena *a = arena_new();
	json_t *out = json_array();
	long today = (long)(time(NULL) / 86400);

	if (st != NULL)
		sqlite3_bind_int64(st, 1, user_id);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		struct cert c;
		enum cert_status cs;

		fill(a, st, &c);
		cs = c.revoked_at ? CERT_REVOKED : c.expires_at && c.expires_at / 86400 < today ?
		    CERT_EXPIRED : CERT_VALID;
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}",
		    "serial", c.serial, "exam_id", c.exam_id,
		    "exam", lang && strcmp(lang, "zh-TW") == 0 ? c.exam_zh : c.exam_en,
		    "issued_at", (json_int_t)c.issued_at, "expires_at", (json_int_t)c.expires_at,
		    "status", cert_status_name(cs),
		    "verify_url", cert_verify_url(a, base_url, c.code),
		    "pdf_url", arena_printf(a, "/api/v1/certificates/%s.pdf", c.serial)));
	}
	if (st != NULL)
		sqlite3_reset(st);
	arena_free(a);
	return out;
}
